// A small concurrency limiter: `pool(n)` returns `run(task)`, which starts `task` as soon as
// fewer than `n` tasks are running and resolves or rejects with it. Tasks start in call order.
export type Run = <T>(task: () => Promise<T>) => Promise<T>;

export function pool(limit: number): Run {
  const size = Math.max(1, Math.floor(limit));
  let active = 0;
  const waiting: Array<() => void> = [];
  const release = (): void => {
    active--;
    waiting.shift()?.();
  };
  return <T>(task: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const start = (): void => {
        active++;
        let result: Promise<T>;
        try {
          result = task();
        } catch (error) {
          result = Promise.reject(error);
        }
        result.then(resolve, reject).finally(release);
      };
      if (active < size) start();
      else waiting.push(start);
    });
}

/** The one pool every deploy rehearsal of a test run shares (test/rehearsal.test.ts,
 * test/lifecycle.test.ts, test/projects.test.ts): uvu loads every file into one process, and each
 * rehearsal is mostly Terraform and the emulator waiting on a two-core machine, so three at a time in all. */
export const rehearsals: Run = pool(3);

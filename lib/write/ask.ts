// The bin's prompt runner: asks the generator's questions with @inquirer/prompts.
// Loaded only for interactive runs.
import { confirm, input, select } from '@inquirer/prompts';
import type { PromptAnswers, Question } from '../../generators/dotnet-aot-lambda.js';

// Ctrl-C at a prompt rejects with the prompt library's ExitPromptError; lib/cli/cli.ts turns it
// into the same clean interruption as a signal while writing (matched by name: this module is
// bundled apart from the CLI).
export async function ask(list: Question[], warn: (line: string) => void = () => {}): Promise<PromptAnswers> {
  const so: PromptAnswers = {};
  for (let index = 0; index < list.length; index++) {
    const q = list[index]!;
    if (!q.when(so)) continue;
    const fallback = q.default(so);
    const message = typeof q.message === 'function' ? q.message(so) : q.message;
    let value: unknown;
    if (q.kind === 'confirm') {
      value = await confirm({ message, default: fallback === true });
      // A yes/no has no line to correct: a refused answer says why and asks again, from the
      // earlier question it depends on when that one was asked (the bucket for its notifications).
      const problem = q.validate?.(String(value), so);
      if (typeof problem === 'string') {
        warn(`  ${problem}`);
        const back = q.back === undefined ? -1 : list.findIndex((other) => other.name === q.back);
        if (back >= 0 && back < index && q.back! in so) {
          for (const later of list.slice(back)) delete (so as Record<string, unknown>)[later.name];
          index = back - 1;
        } else index -= 1;
        continue;
      }
    } else if (q.kind === 'select') {
      const choices = q.choices!(so).map((c) => ({ value: c, name: c, description: q.explain?.(c) }));
      value = await select({ message, choices, default: typeof fallback === 'string' ? fallback : undefined, loop: false });
    } else {
      const raw = await input({
        message,
        default: fallback === undefined ? undefined : String(fallback),
        validate: q.validate ? (text: string) => q.validate!(text, so) : undefined,
      });
      value = q.parse ? q.parse(raw) : raw;
    }
    (so as Record<string, unknown>)[q.name] = value;
    const warning = q.warn?.(value);
    if (warning) warn(`warning: ${warning}`);
  }
  return so;
}

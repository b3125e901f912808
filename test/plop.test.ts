// The generator registered with plop's engine (node-plop), as `npm run plop` uses it:
// its questions come from the option table, and its action writes the same repo.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import nodePlop from 'node-plop';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { options } from '../generators/answers/index.js';
import { generatorName } from '../generators/dotnet-aot-lambda.js';
import { listTree, tempDir } from './support/bin.js';

const plopfile = fileURLToPath(new URL('../plopfile.ts', import.meta.url));

test('plopfile registers the generator with a prompt for every answer', async () => {
  const plop = await nodePlop(plopfile);
  assert.equal(plop.getGeneratorList().map((g) => g.name), [generatorName]);
  const prompts = plop.getGenerator(generatorName).prompts as Array<{ name: string }>;
  const names = prompts.map((p) => p.name);
  // preset is a flag only; repoPath is detected from where the project is created; hidden
  // answers are derived (solution) or set by the record migration (rootAddresses).
  for (const o of options.filter((o) => o.key !== 'preset' && o.key !== 'repoPath' && !o.hidden)) assert.ok(names.includes(o.key), `no prompt for ${o.key}`);
  assert.ok(names.includes('dir'));
});

test("node-plop's runActions writes the repo through the generator's action", async () => {
  const plop = await nodePlop(plopfile);
  const dir = join(tempDir(), 'plop-func');
  const result = await plop.getGenerator(generatorName).runActions({
    dir, name: 'PlopFunc', functionName: 'plop-func', framework: 'net10.0', runtime: 'dotnet10',
    arch: 'arm64', package: 'zip', trigger: 'function-url', customize: false,
  });
  assert.equal(result.failures, []);
  const files = listTree(dir);
  assert.ok(files.includes('src/PlopFunc/Function.cs'), files.join(', '));
  assert.ok(files.some((path) => /^infra\/.*function[-_]url/.test(path)), 'no Terraform for the function URL');
  assert.ok(files.includes('.dotnet-aot-lambda.json'));
});

test.run();

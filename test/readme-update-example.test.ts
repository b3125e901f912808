// The worked `update` example in this repo's README.md ("Upgrading a generated repo") is a
// real run: this test replays its steps with the built bin (dist/cli.cjs standing in for
// `npx create-dotnet-aot-lambda@latest`) and compares what each command prints with the
// README's blocks, with this package's version normalised, so the example cannot go stale.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { git, runBin, tempDir } from './support/bin.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const section = readme.slice(readme.indexOf('A worked example, a real run of this release'), readme.indexOf('When the change reaches `infra/bootstrap/`'));
const blocks = [...section.matchAll(/^```\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);

/** A release's version, wherever output or README names it, reads the same. */
const normalise = (text: string) => text.replaceAll(pkg.version, 'X.Y.Z').replace(/v\d+\.\d+\.\d+/g, 'vX.Y.Z').replace(/\((\d+\.\d+\.\d+)\)/g, '(X.Y.Z)');

/** The README block's commands, each with the output printed under it. */
function transcript(block: string): Array<{ command: string; output: string }> {
  const out: Array<{ command: string; output: string }> = [];
  for (const line of block.replace(/\n$/, '').split('\n')) {
    if (line.startsWith('$ ')) out.push({ command: line.slice(2), output: '' });
    else out.at(-1)!.output += `${line}\n`;
  }
  return out;
}

/** Runs one README command in `dir`; `last` is the previous command's exit code. */
async function replay(dir: string, command: string, last: number): Promise<{ output: string; exitCode: number }> {
  const npx = /^npx create-dotnet-aot-lambda@latest (.*)$/.exec(command);
  if (npx) {
    const r = await runBin(npx[1]!.split(' '), { cwd: dir });
    return { output: r.stdout + (r.stderr ? `${r.stderr}\n` : ''), exitCode: r.exitCode };
  }
  if (command === 'echo $?') return { output: `${last}\n`, exitCode: 0 };
  const sed = /^sed -n (\d+),(\d+)p (\S+)$/.exec(command);
  if (sed) {
    const r = spawnSync('sed', ['-n', `${sed[1]},${sed[2]}p`, sed[3]!], { cwd: dir, encoding: 'utf8' });
    return { output: r.stdout, exitCode: r.status ?? 1 };
  }
  throw new Error(`the README example runs a command this test cannot replay: ${command}`);
}

/** Compare a command's output with the README's: "…" as the README's first line stands for lines it leaves out. */
function assertOutput(command: string, readmeOutput: string, actual: string) {
  const expected = normalise(readmeOutput);
  const got = normalise(actual.endsWith('\n') ? actual : `${actual}\n`);
  if (expected.startsWith('…\n')) assert.ok(got.endsWith(expected.slice(2)), `${command}: the README's block does not end what it prints:\n--- README\n${expected}--- printed\n${got}`);
  else assert.fixture(got, expected, `${command}: the README's block is not what it prints`);
}

/** The repo the example starts from: the defaults, with the user's edits committed. */
async function myFunc(): Promise<string> {
  const dir = join(tempDir('cdal-readme-update-'), 'my-func');
  const made = await runBin([dir, '--yes']);
  assert.is(made.exitCode, 0, made.stderr);
  appendFileSync(join(dir, 'src/MyFunc/Function.cs'), '// Ada wrote this line.\n');
  appendFileSync(join(dir, 'infra/variables.tf'), '# Reviewed by the platform team.\n');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'Our edits');
  return dir;
}

test('the README has the two example blocks this test replays', () => {
  assert.is(blocks.length, 2, `found ${blocks.length} blocks in the worked example`);
  assert.ok(blocks.every((b) => b.startsWith('$ npx create-dotnet-aot-lambda@latest update --set memory=')));
});

test("README update example 1: update --set memory=512 prints what the README shows, and the user's edits stay", async () => {
  const dir = await myFunc();
  let last = 0;
  for (const step of transcript(blocks[0]!)) {
    const r = await replay(dir, step.command, last);
    assertOutput(step.command, step.output, r.output);
    last = r.exitCode;
  }
  assert.match(readFileSync(join(dir, 'src/MyFunc/Function.cs'), 'utf8'), /\/\/ Ada wrote this line\.\n$/);
  assert.match(readFileSync(join(dir, 'infra/variables.tf'), 'utf8'), /# Reviewed by the platform team\.\n$/);
});

test('README update example 2: a hand-edited memory_size conflicts as the README shows', async () => {
  const dir = await myFunc();
  const file = join(dir, 'infra/function_my_func.tf');
  const text = readFileSync(file, 'utf8');
  assert.match(text, /^ {2}memory_size {8}= 256$/m, 'the default memory is not where the example edits it');
  writeFileSync(file, text.replace(/^ {2}memory_size {8}= 256$/m, '  memory_size        = 777'));
  git(dir, 'commit', '-q', '-am', 'More memory by hand');
  let last = 0;
  for (const step of transcript(blocks[1]!)) {
    const r = await replay(dir, step.command, last);
    assertOutput(step.command, step.output, r.output);
    last = r.exitCode;
  }
});

test.run();

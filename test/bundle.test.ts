// What the published package is and what a run loads: zero runtime dependencies,
// a small tarball, and start-up work only where it is needed (the prompt UI for
// interactive runs, node:crypto and the templates for generation).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execa } from 'execa';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { binPath, tempDir } from './support/bin.js';
import { nonInteractiveLoadProblems, sizeClaimProblems } from './validators/bundle.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };

/** Run the bin with a preload that reports, at exit, which modules and files it loaded. */
async function loaded(args: string[], script?: string): Promise<{ exitCode: number; builtins: string[]; modules: string[]; files: string[] }> {
  const dir = tempDir();
  const report = join(dir, 'loaded.json');
  const preload = join(dir, 'preload.cjs');
  writeFileSync(
    preload,
    [
      "const fs = require('fs');",
      'const read = [];',
      'const readFileSync = fs.readFileSync;',
      'fs.readFileSync = function (path, ...rest) { read.push(String(path)); return readFileSync.call(this, path, ...rest); };',
      "process.on('exit', () => fs.writeFileSync(process.env.LOADED_REPORT, JSON.stringify({",
      '  modules: process.moduleLoadList,',
      '  files: [...Object.keys(require.cache), ...read],',
      '})));',
    ].join('\n'),
  );
  const entry = script === undefined ? [binPath, ...args] : ['-e', script];
  const run = await execa('node', ['--require', preload, ...entry], { cwd: dir, reject: false, stdin: 'ignore', env: { LOADED_REPORT: report } });
  const { modules, files } = JSON.parse(readFileSync(report, 'utf8')) as { modules: string[]; files: string[] };
  const builtins = modules.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13));
  return { exitCode: run.exitCode ?? -1, builtins, modules, files };
}

test('package.json declares no runtime dependencies', () => {
  assert.equal(Object.keys(pkg.dependencies ?? {}), []);
});

test("npm pack: the bundle, its templates and the docs, at the sizes the README states", async () => {
  const { stdout } = await execa('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root });
  const [info] = JSON.parse(stdout) as Array<{ size: number; files: Array<{ path: string; size: number }> }>;
  const paths = info!.files.map((f) => f.path).sort();
  for (const file of ['dist/ask.cjs', 'dist/cli.cjs', 'dist/update.cjs', 'dist/templates.json', 'package.json']) assert.ok(paths.includes(file), `${file} is not packed: ${paths.join(', ')}`);
  assert.ok(!paths.some((p) => p.startsWith('lib/') || p.startsWith('templates/') || p.startsWith('node_modules/')), paths.join(', '));
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const sizes = { tarball: info!.size, files: Object.fromEntries(info!.files.map((f) => [f.path, f.size])) };
  assert.equal(sizeClaimProblems(readme, sizes), []);
  // The check can fail: a tarball 10% over the stated figure.
  assert.ok(sizeClaimProblems(readme, { ...sizes, tarball: Math.round(sizes.tarball * 1.1) }).some((p) => /the tarball is \d+ kB, but/.test(p)));
});

test('a --yes run loads no prompt UI, no Handlebars, and no fs/promises, stream or readline module beyond what printing loads', async () => {
  const run = await loaded(['my-func', '--yes', '--no-git']);
  assert.is(run.exitCode, 0);
  // The same process printing one line: Node's own modules for a piped stdout.
  const baseline = await loaded([], "process.stdout.write('x\\n')");
  assert.equal(nonInteractiveLoadProblems(run, baseline.modules), []);
  assert.ok(run.files.some((f) => f.endsWith('templates.json')), 'the templates were not read from dist/templates.json');
  assert.ok(run.builtins.includes('crypto'), 'the record hashes need node:crypto; this test lost track of what loads');
});

test('--version and --help load neither the templates nor node:crypto', async () => {
  for (const flag of ['--version', '--help']) {
    const run = await loaded([flag]);
    assert.is(run.exitCode, 0);
    assert.ok(!run.builtins.includes('crypto'), `${flag} loaded node:crypto`);
    assert.ok(!run.files.some((f) => f.endsWith('templates.json') || f.endsWith('ask.cjs')), `${flag} loaded ${run.files.join(', ')}`);
  }
});

test('the bundle contains no Handlebars runtime', () => {
  const bundle = readFileSync(binPath, 'utf8');
  assert.not.match(bundle, /Handlebars|handlebars\.runtime|compilerInfo/);
});

test.run();

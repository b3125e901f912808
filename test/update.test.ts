// `update`: answer changes, conflicts, version upgrades from an older release,
// dry-run, the dirty-tree guard, the two-way fallback and bad input. Everything
// runs the built bin offline; older releases are built here from a modified
// copy of templates/ with scripts/build.js's bundle().
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { labelsFor, merge2, merge3, planUpdate, renamedPaths } from '../lib/update/merge.js';
import { git, readTree, runBin, tempDir } from './support/bin.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { name: string; version: string; bin: Record<string, string> };
const recordFile = '.dotnet-aot-lambda.json';
const labels = labelsFor(pkg.version);
const markerStart = '<<<<<<< yours';
const markerEnd = `>>>>>>> template v${pkg.version}`;

// ---------------------------------------------------------------------------
// Helpers

const commitAll = (dir: string, message = 'user edit') => git(dir, 'commit', '-q', '-am', message);
const porcelain = (dir: string) => git(dir, 'status', '--porcelain');
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Generate a project with the built bin; it is git-committed. */
async function generate(name = 'my-func'): Promise<string> {
  const dir = join(tempDir('cdal-upd-'), name);
  const result = await runBin([dir, '--yes']);
  assert.is(result.exitCode, 0, result.stderr);
  assert.ok(existsSync(join(dir, recordFile)), 'no record written');
  return dir;
}

/** Run an older release's bin the way runBin runs ours. */
function runCli(cli: string, args: string[]) {
  const run = spawnSync(process.execPath, [cli, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 'test@example.invalid', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 'test@example.invalid' },
  });
  return { exitCode: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
}

const update = (dir: string, ...args: string[]) => runBin(['update', dir, ...args]);
const output = (r: { stdout: string; stderr: string }) => `${r.stdout}\n${r.stderr}`;
type Answers = Record<string, unknown> & { functions: Array<Record<string, unknown>> };
const record = (dir: string) => JSON.parse(readFileSync(join(dir, recordFile), 'utf8')) as { version: string; answers: Answers; files: Record<string, string> };
/** The answers of the repo's first (here: only) function. */
const firstFunction = (dir: string) => record(dir).answers.functions[0]!;

function withMarkers(tree: Map<string, string>): string[] {
  return [...tree].filter(([, content]) => content.includes('<<<<<<<') || content.includes('>>>>>>>')).map(([path]) => path);
}

/** The Terraform line that configures the memory: an infra/ .tf line (not a test's, not the
 * bootstrap's) holding `value` within a few lines of a mention of memory. Found by content,
 * not by file name. */
function memoryLine(dir: string, value: number): { path: string; index: number; line: string } {
  const tree = readTree(dir);
  for (const [path, content] of tree) {
    if (!/^infra\/.*\.tf$/.test(path) || /^infra\/(bootstrap|tests)\//.test(path)) continue;
    const lines = content.split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (!new RegExp(`\\b${value}\\b`).test(lines[i]!)) continue;
      if (lines.slice(Math.max(0, i - 5), i + 1).some((l) => /memory/i.test(l))) return { path, index: i, line: lines[i]! };
    }
  }
  throw new Error(`no infra/*.tf line configures memory ${value}`);
}

function functionCs(dir: string): string {
  const name = firstFunction(dir).name as string;
  return join(dir, 'src', name, 'Function.cs');
}

// ---------------------------------------------------------------------------
// An older release, built from a modified copy of templates/

const oldVersion = '0.0.1';
const oldReadmeLine = 'This line exists only in the old template.';
const oldOnlyContent = 'A file only the old template emits.\n';
let oldRelease: Promise<{ dir: string; cli: string; work: string }> | undefined;

/** The template key that emits the top-level README.md (`<part>/README.md.hbs`). */
function readmeTemplate(templatesDir: string): string {
  for (const part of readdirSync(templatesDir)) {
    if (existsSync(join(templatesDir, part, 'README.md.hbs'))) return join(templatesDir, part, 'README.md.hbs');
  }
  throw new Error('no template emits README.md');
}

function buildOldRelease() {
  oldRelease ??= (async () => {
    const work = tempDir('cdal-old-');
    const dir = join(work, 'package');
    const templatesDir = join(dir, 'templates');
    cpSync(join(repoRoot, 'templates'), templatesDir, { recursive: true });
    // The old README had one more line at the top; the old release also emitted OLD.md.
    const readme = readmeTemplate(templatesDir);
    writeFileSync(readme, `${oldReadmeLine}\n\n${readFileSync(readme, 'utf8')}`);
    writeFileSync(join(templatesDir, 'base', 'OLD.md.hbs'), oldOnlyContent);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ ...pkg, version: oldVersion }, null, 2));
    const buildScript = join(repoRoot, 'scripts', 'build.js');
    const { bundle } = (await import(buildScript)) as {
      bundle: (o: { templatesDir: string; outDir: string; packageJson: string }) => Promise<string[]>;
    };
    await bundle({ templatesDir, outDir: join(dir, 'dist'), packageJson: join(dir, 'package.json') });
    return { dir, cli: join(dir, pkg.bin[pkg.name]!), work };
  })();
  return oldRelease;
}

async function generateOld(name = 'my-func'): Promise<string> {
  const { cli } = await buildOldRelease();
  const dir = join(tempDir('cdal-upd-'), name);
  const result = runCli(cli, [dir, '--yes']);
  assert.is(result.exitCode, 0, result.stderr);
  assert.is(record(dir).version, oldVersion);
  assert.ok(readFileSync(join(dir, 'README.md'), 'utf8').includes(oldReadmeLine), 'the old release did not render the old README');
  assert.is(readFileSync(join(dir, 'OLD.md'), 'utf8'), oldOnlyContent);
  return dir;
}

// ---------------------------------------------------------------------------
// lib/update/merge.ts, directly

test('merge3: one-sided changes are combined, overlapping ones become labelled conflicts', () => {
  const base = 'a\nb\nc\nd\ne\n';
  const clean = merge3('a\nB\nc\nd\ne\n', base, 'a\nb\nc\nd\nE\n', labels);
  assert.is(clean.conflicts, 0);
  assert.is(clean.text, 'a\nB\nc\nd\nE\n');
  const clash = merge3('a\nX\nc\nd\ne\n', base, 'a\nY\nc\nd\ne\n', labels);
  assert.is(clash.conflicts, 1);
  assert.is(clash.text, `a\n${markerStart}\nX\n=======\nY\n${markerEnd}\nc\nd\ne\n`);
  // A last line without a newline still gets its markers on lines of their own.
  assert.is(merge3('x', 'o', 'y', labels).text, `${markerStart}\nx\n=======\ny\n${markerEnd}\n`);
});

test('merge2 marks every difference and keeps everything else', () => {
  const { text, conflicts } = merge2('same\nmine\nsame2\n', 'same\ntheirs\nsame2\nnew\n', labels);
  assert.is(conflicts, 2);
  assert.is(text, `same\n${markerStart}\nmine\n=======\ntheirs\n${markerEnd}\nsame2\n${markerStart}\n=======\nnew\n${markerEnd}\n`);
});

test('planUpdate: the file-level rules', () => {
  const m = (o: Record<string, string>) => new Map(Object.entries(o));
  const actions = planUpdate({
    base: m({ untouched: 'b', edited: 'b\n', removedClean: 'r', removedEdited: 'r', userDeleted: 'u', userDeletedSame: 's' }),
    theirs: m({ untouched: 't', edited: 'b\nt\n', added: 'n', userDeleted: 'u2', userDeletedSame: 's', collide: 'tt\n' }),
    mine: m({ untouched: 'b', edited: 'm\nb\n', removedClean: 'r', removedEdited: 'r!', collide: 'mm\n' }),
    recordedHashes: {},
    labels,
  });
  const kinds = Object.fromEntries(actions.map((a) => [a.path, a.kind]));
  assert.equal(kinds, {
    untouched: 'updated', edited: 'merged', added: 'added', removedClean: 'deleted', removedEdited: 'kept',
    userDeleted: 'deleted-by-you-but-changed', collide: 'conflict',
  });
  const edited = actions.find((a) => a.path === 'edited');
  assert.is(edited && 'content' in edited ? edited.content : undefined, 'm\nb\nt\n');
});

// ---------------------------------------------------------------------------
// 1. Answer change on an edited project

test('update --set memory=512 keeps edits, changes the Terraform memory and the record', async () => {
  const dir = await generate();
  const before = memoryLine(dir, 256);
  const fn = functionCs(dir);
  const generatedFn = readFileSync(fn, 'utf8');
  appendFileSync(fn, '// my own comment in Function.cs\n');
  appendFileSync(join(dir, 'README.md'), '\nMy own README note.\n');
  // An edit in the very file the answer change touches, away from the memory line.
  const tfNote = '# my own note at the end of this file\n';
  appendFileSync(join(dir, before.path), tfNote);
  commitAll(dir);

  const result = await update(dir, '--set', 'memory=512', '--yes');
  assert.is(result.exitCode, 0, output(result));

  const after = readFileSync(join(dir, before.path), 'utf8').split('\n')[before.index]!;
  assert.match(after, /\b512\b/, `memory line is now: ${after}`);
  assert.not.match(after, /\b256\b/);
  const tf = readFileSync(join(dir, before.path), 'utf8');
  assert.ok(tf.endsWith(tfNote), `${before.path}: edit lost`);
  assert.match(result.stdout, new RegExp(`merged[^\\n]*:\\n(  .*\\n)*  ${before.path.replace(/\./g, '\\.')}`));
  assert.ok(readFileSync(fn, 'utf8').endsWith('// my own comment in Function.cs\n'), 'Function.cs edit lost');
  assert.ok(readFileSync(join(dir, 'README.md'), 'utf8').includes('My own README note.'), 'README edit lost');
  const rec = record(dir);
  assert.is(rec.answers.functions[0]!.memory, 512);
  assert.is(rec.version, pkg.version);
  // The record hashes the template's output, not the user's merged file.
  assert.is(rec.files[`src/${rec.answers.functions[0]!.name}/Function.cs`], sha256(generatedFn));
  assert.is(rec.files[before.path], sha256(tf.slice(0, -tfNote.length)));
  assert.equal(withMarkers(readTree(dir)), []);
  assert.match(result.stdout, /memory 256 → 512/);
});

test('a change that reaches infra/bootstrap/ says to re-apply it with setup.sh; one that does not, says nothing', async () => {
  const dir = await generate();
  const memory = await update(dir, '--set', 'memory=512');
  assert.is(memory.exitCode, 0, output(memory));
  assert.not.match(memory.stdout, /setup\.sh/, 'memory lives in infra/ only: nothing to re-apply by hand');
  commitAll(dir, 'memory');
  // The bootstrap's permissions are scoped by the prefix: a new prefix (and a function name
  // inside it) reaches them.
  const rename = ['--set', 'prefix=orders', '--set', 'function-name=orders'];
  const dry = await update(dir, ...rename, '--dry-run');
  assert.match(dry.stdout, /infra\/bootstrap\/ changed, and the pipeline never applies it[\s\S]*sh infra\/bootstrap\/setup\.sh OWNER\/REPO/);
  const renamed = await update(dir, ...rename);
  assert.is(renamed.exitCode, 0, output(renamed));
  assert.match(renamed.stdout, /^ {2}infra\/bootstrap\/\S+$/m, 'a bootstrap file is among the changes');
  assert.match(renamed.stdout, /infra\/bootstrap\/ changed, and the pipeline never applies it[\s\S]*sh infra\/bootstrap\/setup\.sh OWNER\/REPO/);
});

test('renamedPaths: folders and files named after the answer, and a file that only shares its prefix', () => {
  const before = ['Old.sln', 'src/Old/Old.csproj', 'src/Old/Function.cs', 'README.md', 'test/Old.Tests/Old.Tests.csproj'];
  const after = new Set(['New.sln', 'src/New/New.csproj', 'src/New/Function.cs', 'README.md', 'test/New.Tests/New.Tests.csproj']);
  assert.equal(
    [...renamedPaths([['Old', 'New']], before, after)].sort(),
    [['New.sln', 'Old.sln'], ['src/New/Function.cs', 'src/Old/Function.cs'], ['src/New/New.csproj', 'src/Old/Old.csproj'], ['test/New.Tests/New.Tests.csproj', 'test/Old.Tests/Old.Tests.csproj']],
  );
  // name=Function: Function.cs starts with the old name but is not named after it.
  const mapped = renamedPaths([['Function', 'Orders']], ['src/Function/Function.cs'], new Set(['src/Orders/Function.cs']));
  assert.equal([...mapped], [['src/Orders/Function.cs', 'src/Function/Function.cs']]);
  assert.equal([...renamedPaths([], before, after)], [], 'no changed answer, no renames');
});

test('update --set name=New carries the user\'s code to the new paths and removes the old folder', async () => {
  const dir = await generate('old-func');
  const oldFn = join(dir, 'src/OldFunc/Function.cs');
  const mine = '// my own handler logic\n';
  appendFileSync(oldFn, mine);
  commitAll(dir);
  // Build output the old project left behind is not the user's work.
  mkdirSync(join(dir, 'src/OldFunc/obj'), { recursive: true });
  writeFileSync(join(dir, 'src/OldFunc/obj/project.assets.json'), '{}');

  const result = await update(dir, '--set', 'name=NewFunc', '--yes');
  assert.is(result.exitCode, 0, output(result));
  const newFn = readFileSync(join(dir, 'src/NewFunc/Function.cs'), 'utf8');
  assert.ok(newFn.endsWith(mine), `the edit did not follow the rename:\n${newFn}`);
  assert.match(newFn, /namespace NewFunc/, 'the template change (the namespace) arrived too');
  assert.ok(existsSync(join(dir, 'src/NewFunc/NewFunc.csproj')), 'the new project file is missing');
  assert.ok(existsSync(join(dir, 'NewFunc.sln')));
  assert.not.ok(existsSync(join(dir, 'src/OldFunc')), 'the old folder stayed');
  assert.not.ok(existsSync(join(dir, 'OldFunc.sln')));
  assert.not.ok(existsSync(join(dir, 'test/OldFunc.Tests')));
  assert.match(result.stdout, /src\/OldFunc\/Function\.cs → src\/NewFunc\/Function\.cs/);
  assert.equal(withMarkers(readTree(dir)), []);
});

test('a rename keeps the old folder while it still holds the user\'s own files, and says so', async () => {
  const dir = await generate('old-func');
  writeFileSync(join(dir, 'src/OldFunc/Helpers.cs'), 'namespace OldFunc;\n');
  git(dir, 'add', '-A');
  commitAll(dir);
  const result = await update(dir, '--set', 'name=NewFunc', '--yes');
  assert.is(result.exitCode, 0, output(result));
  assert.ok(existsSync(join(dir, 'src/OldFunc/Helpers.cs')), 'a file of the user\'s was deleted');
  assert.not.ok(existsSync(join(dir, 'src/OldFunc/Function.cs')));
  assert.match(result.stdout, /kept src\/OldFunc\/: it still holds files of yours \(Helpers\.cs\)/);
});

test('answers edited by hand in the record take effect: untouched files follow the record hashes', async () => {
  const dir = await generate();
  const { path, index } = memoryLine(dir, 256);
  const rec = record(dir);
  rec.answers.functions[0]!.memory = 512;
  writeFileSync(join(dir, recordFile), `${JSON.stringify(rec, null, 2)}\n`);
  commitAll(dir);
  const result = await update(dir, '--yes');
  assert.is(result.exitCode, 0, output(result));
  assert.match(readFileSync(join(dir, path), 'utf8').split('\n')[index]!, /\b512\b/);
  assert.equal(withMarkers(readTree(dir)), []);
});

test('CRLF checkouts are not edits: merged with LF, written back with CRLF', async () => {
  const dir = await generate();
  const { path, index } = memoryLine(dir, 256);
  for (const file of [join(dir, path), functionCs(dir)]) {
    writeFileSync(file, readFileSync(file, 'utf8').replace(/\n/g, '\r\n'));
  }
  appendFileSync(functionCs(dir), '// mine\r\n');
  commitAll(dir);
  const result = await update(dir, '--set', 'memory=512', '--yes');
  assert.is(result.exitCode, 0, output(result));
  const tf = readFileSync(join(dir, path), 'utf8');
  assert.match(tf.split('\r\n')[index]!, /\b512\b/);
  assert.not.match(tf, /[^\r]\n/, 'LF line endings crept in');
  assert.ok(readFileSync(functionCs(dir), 'utf8').endsWith('// mine\r\n'));
  assert.equal(withMarkers(readTree(dir)), []);
});

// ---------------------------------------------------------------------------
// 2. A true conflict

/** A repo whose memory line the user changed to 777, committed. */
async function handEditedMemory(): Promise<{ dir: string; path: string; full: string }> {
  const dir = await generate();
  const { path, index } = memoryLine(dir, 256);
  const full = join(dir, path);
  const lines = readFileSync(full, 'utf8').split('\n');
  lines[index] = lines[index]!.replace(/\b256\b/, '777');
  writeFileSync(full, lines.join('\n'));
  commitAll(dir);
  return { dir, path, full };
}

test('a hand-edited memory line conflicts with --set memory=2048: markers, listed, exit 1', async () => {
  const { dir, path, full } = await handEditedMemory();

  const result = await update(dir, '--set', 'memory=2048', '--yes');
  assert.is(result.exitCode, 1, output(result));
  const text = readFileSync(full, 'utf8');
  const block = new RegExp(`${markerStart}\\n([^]*?)=======\\n([^]*?)${markerEnd.replace(/\./g, '\\.')}\\n`).exec(text);
  assert.ok(block, `no labelled conflict block in ${path}:\n${text}`);
  assert.match(block![1]!, /\b777\b/);
  assert.match(block![2]!, /\b2048\b/);
  assert.match(result.stdout, /[Cc]onflict/);
  assert.ok(result.stdout.split('Conflicts:')[1]?.includes(path), `${path} not listed after "Conflicts:"\n${result.stdout}`);
  // Record written on conflict: the next update's base is the new template.
  assert.is(firstFunction(dir).memory, 2048);
});

test('conflict blocks left in a file are named by the next update, which exits 1 (not "up to date")', async () => {
  const { dir, path } = await handEditedMemory();
  assert.is((await update(dir, '--set', 'memory=2048', '--yes')).exitCode, 1);
  // Not resolved, not committed: the same update again, as --allow-dirty allows.
  const again = await update(dir, '--allow-dirty', '--yes');
  assert.is(again.exitCode, 1, output(again));
  assert.not.match(again.stdout, /already up to date/);
  assert.match(again.stdout, /Still unresolved: these files hold conflict blocks/);
  assert.ok(again.stdout.split('Still unresolved')[1]!.includes(path), `${path} is not named:\n${again.stdout}`);
});

// ---------------------------------------------------------------------------
// 3. Version upgrade from an older release (--base-from)

test('--base-from <old package dir>: template change arrives, edits survive, untouched old-only file deleted', async () => {
  const { dir: oldPkg } = await buildOldRelease();
  const dir = await generateOld();
  appendFileSync(join(dir, 'README.md'), '\nMy own README note.\n');
  appendFileSync(functionCs(dir), '// my own comment\n');
  commitAll(dir);

  const result = await update(dir, '--base-from', oldPkg, '--yes');
  assert.is(result.exitCode, 0, output(result));
  assert.match(result.stdout, /three-way/);
  const readme = readFileSync(join(dir, 'README.md'), 'utf8');
  assert.not.ok(readme.includes(oldReadmeLine), 'the template change did not arrive');
  assert.ok(readme.includes('My own README note.'), 'README edit lost');
  assert.ok(readFileSync(functionCs(dir), 'utf8').endsWith('// my own comment\n'), 'Function.cs edit lost');
  assert.not.ok(existsSync(join(dir, 'OLD.md')), 'untouched OLD.md should be deleted');
  assert.match(result.stdout, /deleted[^\n]*:\n(  .*\n)*  OLD\.md/);
  assert.equal(withMarkers(readTree(dir)), []);
  const rec = record(dir);
  assert.is(rec.version, pkg.version);
  assert.not.ok('OLD.md' in rec.files);
});

test('--base-from: an edited old-only file is kept and listed', async () => {
  const { dir: oldPkg } = await buildOldRelease();
  const dir = await generateOld();
  appendFileSync(join(dir, 'OLD.md'), 'but I use it.\n');
  commitAll(dir);

  const result = await update(dir, '--base-from', oldPkg, '--yes');
  assert.is(result.exitCode, 0, output(result));
  assert.is(readFileSync(join(dir, 'OLD.md'), 'utf8'), `${oldOnlyContent}but I use it.\n`);
  assert.match(result.stdout, /kept[^\n]*:\n(  .*\n)*  OLD\.md/);
  assert.not.ok(readFileSync(join(dir, 'README.md'), 'utf8').includes(oldReadmeLine));
});

test('--base-from <tarball>: the packed old release works the same', async () => {
  const { work } = await buildOldRelease();
  const tgz = join(tempDir('cdal-tgz-'), 'old.tgz');
  const tar = spawnSync('tar', ['-czf', tgz, '-C', work, 'package'], { encoding: 'utf8' });
  assert.is(tar.status, 0, tar.stderr);
  const dir = await generateOld();
  appendFileSync(join(dir, 'README.md'), '\nMy own README note.\n');
  rmDeletedByUser(dir);
  commitAll(dir);

  const result = await update(dir, '--base-from', tgz, '--yes');
  assert.is(result.exitCode, 0, output(result));
  assert.match(result.stdout, /three-way/);
  const readme = readFileSync(join(dir, 'README.md'), 'utf8');
  assert.not.ok(readme.includes(oldReadmeLine));
  assert.ok(readme.includes('My own README note.'));
  assert.not.ok(existsSync(join(dir, 'OLD.md')));
});

/** The user deletes the (untouched) OLD.md themselves: it must simply stay deleted. */
function rmDeletedByUser(dir: string) {
  git(dir, 'rm', '-q', 'OLD.md');
}

// ---------------------------------------------------------------------------
// 4. Dry run and the dirty-tree guard

test('--dry-run prints a unified diff and writes nothing', async () => {
  const dir = await generate();
  const { path } = memoryLine(dir, 256);
  const before = readTree(dir);
  const result = await update(dir, '--set', 'memory=1024', '--dry-run', '--yes');
  assert.is(result.exitCode, 0, output(result));
  assert.ok(result.stdout.includes(`--- a/${path}`) && result.stdout.includes(`+++ b/${path}`), result.stdout);
  assert.match(result.stdout, /^\+.*\b1024\b/m);
  assert.match(result.stdout, /^-.*\b256\b/m);
  assert.is(porcelain(dir), '');
  assert.equal(readTree(dir), before);
});

test('an uncommitted change refuses with exit 2 unless --allow-dirty', async () => {
  const dir = await generate();
  appendFileSync(join(dir, 'README.md'), '\nnot committed\n');
  const before = readTree(dir);
  const refused = await update(dir, '--set', 'memory=512', '--yes');
  assert.is(refused.exitCode, 2, output(refused));
  assert.match(refused.stderr, /--allow-dirty/);
  assert.equal(readTree(dir), before);

  const allowed = await update(dir, '--set', 'memory=512', '--yes', '--allow-dirty');
  assert.is(allowed.exitCode, 0, output(allowed));
  assert.is(firstFunction(dir).memory, 512);
  assert.ok(readFileSync(join(dir, 'README.md'), 'utf8').includes('not committed'));
});

test('outside git: proceeds and says so', async () => {
  const parent = tempDir('cdal-upd-');
  const dir = join(parent, 'my-func');
  const made = await runBin([dir, '--yes', '--no-git']);
  assert.is(made.exitCode, 0, made.stderr);
  const result = await update(dir, '--set', 'memory=512', '--yes');
  assert.is(result.exitCode, 0, output(result));
  assert.match(result.stderr, /not a git repository/);
  assert.is(firstFunction(dir).memory, 512);
});

test('no changes: exit 0, nothing written', async () => {
  const dir = await generate();
  const result = await update(dir, '--yes');
  assert.is(result.exitCode, 0, output(result));
  assert.match(result.stdout, /up to date/);
  assert.is(porcelain(dir), '');
});

// ---------------------------------------------------------------------------
// 5. Two-way fallback

test('two-way fallback (--base-from not a package): edited files get markers, untouched ones update', async () => {
  const dir = await generateOld();
  const fn = functionCs(dir);
  appendFileSync(fn, '// my own comment\n');
  commitAll(dir);
  const notAPackage = tempDir('cdal-notpkg-');

  const result = await update(dir, '--base-from', notAPackage, '--yes');
  assert.is(result.exitCode, 1, output(result));
  assert.match(result.stdout, /two-way/);
  const text = readFileSync(fn, 'utf8');
  assert.ok(text.includes(markerStart) && text.includes(markerEnd), `no markers in Function.cs:\n${text}`);
  assert.ok(text.includes('// my own comment'), 'edit lost');
  // README was untouched: it takes the new template outright.
  const readme = readFileSync(join(dir, 'README.md'), 'utf8');
  assert.not.ok(readme.includes(oldReadmeLine));
  assert.not.ok(readme.includes(markerStart));
  assert.not.ok(existsSync(join(dir, 'OLD.md')), 'untouched OLD.md (matches its recorded hash) should be deleted');
  assert.is(record(dir).version, pkg.version);
});

test('--base-from a path that does not exist: exit 2, nothing written, no two-way fallback', async () => {
  const dir = await generateOld();
  appendFileSync(functionCs(dir), '// my own comment\n');
  commitAll(dir);
  const before = readTree(dir);
  const missing = join(tempDir('cdal-missing-'), 'create-dotnet-aot-lambda-0.0.1.tgz');
  const result = await update(dir, '--base-from', missing, '--yes');
  assert.is(result.exitCode, 2, output(result));
  assert.match(result.stderr, /error: --base-from .*create-dotnet-aot-lambda-0\.0\.1\.tgz: no such file or directory; give a tarball from npm pack/);
  assert.not.match(result.stdout, /two-way/);
  assert.equal(readTree(dir), before);
});

test('two-way fallback when npm cannot fetch the recorded version (offline)', async () => {
  const dir = await generate();
  const rec = JSON.parse(readFileSync(join(dir, recordFile), 'utf8')) as { version: string };
  rec.version = '0.0.0';
  writeFileSync(join(dir, recordFile), JSON.stringify(rec, null, 2));
  const { path, index } = memoryLine(dir, 256);
  appendFileSync(functionCs(dir), '// my own comment\n');
  commitAll(dir);

  const result = await runBin(['update', dir, '--set', 'memory=512', '--yes'], {
    env: { npm_config_offline: 'true', npm_config_cache: tempDir('cdal-npmcache-') },
  });
  assert.is(result.exitCode, 1, output(result));
  assert.match(result.stdout, /npm exec create-dotnet-aot-lambda@0\.0\.0/);
  assert.match(result.stdout, /two-way/);
  assert.match(readFileSync(join(dir, path), 'utf8').split('\n')[index]!, /\b512\b/);
  assert.ok(readFileSync(functionCs(dir), 'utf8').includes(markerStart));
});

// ---------------------------------------------------------------------------
// 6. Bad input

test('bad input: exit 2, nothing changed', async () => {
  const dir = await generate();
  const before = readTree(dir);
  const cases: Array<[string[], RegExp]> = [
    [['--set', 'memory=5'], /--memory: 5 is out of range/],
    [['--set', 'bogus=1'], /unknown answer "bogus"/],
    [['--set', 'framework=net7.0'], /--runtime: dotnet10 does not fit net7.0/],
    [['--set', 'memory'], /expected key=value/],
  ];
  for (const [args, message] of cases) {
    const result = await update(dir, ...args, '--yes');
    assert.is(result.exitCode, 2, `${args.join(' ')}: ${output(result)}`);
    assert.match(result.stderr, message);
    assert.equal(readTree(dir), before, `${args.join(' ')} changed something`);
  }
  assert.is(porcelain(dir), '');
});

test('no record file: exit 2 with a clear message', async () => {
  const dir = tempDir('cdal-norecord-');
  writeFileSync(join(dir, 'README.md'), 'not generated\n');
  const result = await update(dir, '--yes');
  assert.is(result.exitCode, 2, output(result));
  assert.match(result.stderr, /\.dotnet-aot-lambda\.json not found/);
  assert.equal([...readTree(dir).keys()], ['README.md']);
});

test('a record from a newer version is refused', async () => {
  const dir = await generate();
  const rec = record(dir);
  writeFileSync(join(dir, recordFile), JSON.stringify({ ...rec, version: '99.0.0' }, null, 2));
  commitAll(dir);
  const result = await update(dir, '--yes');
  assert.is(result.exitCode, 2, output(result));
  assert.match(result.stderr, /newer than this/);
});

test('__render prints this version\'s render as JSON, without the record', async () => {
  const { execa } = await import('execa');
  const { binPath } = await import('./support/bin.js');
  const run = await execa('node', [binPath, '__render'], { input: JSON.stringify({ answers: { memory: 1024 } }), reject: false });
  assert.is(run.exitCode, 0, run.stderr);
  const parsed = JSON.parse(run.stdout) as { version: string; files: Record<string, string> };
  assert.is(parsed.version, pkg.version);
  assert.ok('README.md' in parsed.files);
  assert.not.ok(recordFile in parsed.files);
  assert.ok(Object.values(parsed.files).some((c) => /\b1024\b/.test(c)));
});

test.run();

// Every command of this CLI that the emitted files and the printed output show, copied as a
// user would copy it and run against the built bin with the version normalised (issue 26,
// item 4): each subcommand, flag and `--set` key must parse against the real flag table and
// validate. A command runs with --dry-run in a committed repo: nothing is written.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readTree, runBin, tempDir } from './support/bin.js';

const env = { GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 'test@example.invalid', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 'test@example.invalid' };
const git = (dir: string, ...args: string[]) => spawnSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, ...env } });
const commitAll = (dir: string) => {
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'step');
};
const recordOf = (dir: string) =>
  JSON.parse(readFileSync(join(dir, '.dotnet-aot-lambda.json'), 'utf8')) as { version: string; answers: Record<string, unknown> & { functions: Array<Record<string, unknown>> } };

/** Where a command of ours is shown: after a package runner, up to a backtick, a double quote
 * (the end of a shell string that prints it, as setup.sh's `echo "  npx …" >&2`), a shell comment
 * or the line's end. */
const shown = /(?:npx|pnpm dlx|yarn dlx|bunx|npm exec)(?: --package)? create-dotnet-aot-lambda(?:@[\w.-]+)?((?: +(?!#)[^\s`"]+)*)/g;
/** A `--set` shown on its own (`--set <Name>.app-log-level=DEBUG`), run as `update --set …`. */
const setFragment = /`(--set [^`]+)`/g;

/** Split a command line as a POSIX shell would for these simple forms: spaces, '…' and "…". */
function words(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) out.push(m[1] ?? m[2] ?? m[3]!);
  return out;
}

interface Found {
  where: string;
  text: string;
  args: string[];
}

function commandsIn(where: string, text: string): Found[] {
  const found: Found[] = [];
  for (const m of text.matchAll(shown)) {
    let args = words(m[1]!.trim());
    if (args[0] === '--') args = args.slice(1); // npm exec pkg -- update
    // A ")" or "," or "." the prose put after an inline command is not part of it.
    args = args.map((a, i) => (i === args.length - 1 ? a.replace(/[),.;]+$/, '') : a)).filter((a) => a !== '');
    found.push({ where, text: m[0], args });
  }
  for (const m of text.matchAll(setFragment)) {
    // `--set key=value` and `--set <Name>.key=value` describe the syntax; they are not commands.
    if (!/^--set (<Name>\.)?key=value$/.test(m[1]!)) found.push({ where, text: m[1]!, args: ['update', ...words(m[1]!)] });
  }
  return found;
}

/** Placeholders a reader fills in: `<Name>` (a new function for add, an existing one in a `--set`), `…` (a value). */
function filled(args: string[], functions: Array<Record<string, unknown>>, repo: Record<string, unknown>, flagValue: (flag: string, fn: Record<string, unknown> | undefined) => string): string[] {
  const out = args.map((a, i) => (a === '<Name>' && (args[i - 1] === 'add' || args[i - 1] === 'remove') ? 'Extra' : a));
  return out.map((a, i) => {
    if (out[i - 1] !== '--set') return a;
    const [key, value] = [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)];
    const dot = key.lastIndexOf('.');
    const name = dot < 0 ? undefined : key.slice(0, dot).replace('<Name>', String(functions[0]!.name));
    const flag = key.slice(dot + 1);
    const fn = name === undefined ? undefined : functions.find((f) => f.name === name);
    return `${name === undefined ? '' : `${name}.`}${flag}=${value === '…' ? flagValue(flag, fn ?? repo) : value}`;
  });
}

test('every command the emitted files and the printed output show runs against the built bin', async () => {
  // A repo of every trigger (the comments of each trigger's Terraform), and one past its
  // framework's end of support with local state (the README's other commands).
  const parent = tempDir('cdal-copy-');
  const all = join(parent, 'orders-api');
  const printed: Array<[string, string]> = [];
  const made = await runBin([all, '--yes']);
  assert.is(made.exitCode, 0, made.stderr);
  printed.push(['create output', made.stdout]);
  for (const add of [
    ['Worker', '--trigger', 'sqs'],
    ['Nightly', '--trigger', 'schedule'],
    ['Uploads', '--trigger', 's3', '--source-bucket', 'acme-uploads', '--manage-bucket-notifications'],
    ['Hook', '--trigger', 'function-url'],
  ]) {
    const run = await runBin(['add', ...add, '--yes'], { cwd: all });
    assert.is(run.exitCode, 0, run.stderr);
    printed.push([`add ${add[0]} output`, run.stdout]);
    commitAll(all);
  }
  const old = join(parent, 'legacy');
  const legacy = await runBin([old, '--yes', '--framework', 'net8.0', '--state', 'local', '--tests']);
  assert.is(legacy.exitCode, 0, legacy.stderr);
  printed.push(['create output (net8.0, local state)', legacy.stdout + legacy.stderr]);
  const single = join(parent, 'single');
  const one = await runBin([single, '--yes', '--trigger', 'sqs']);
  assert.is(one.exitCode, 0, one.stderr);

  // update's own output, a newer record included (it names the command to run instead).
  const upd = await runBin(['update', all, '--set', 'Worker.memory=512', '--yes', '--dry-run']);
  printed.push(['update output', upd.stdout + upd.stderr]);
  const newer = join(parent, 'newer');
  assert.is((await runBin([newer, '--yes', '--no-git'])).exitCode, 0);
  const record = recordOf(newer);
  writeFileSync(join(newer, '.dotnet-aot-lambda.json'), JSON.stringify({ ...record, version: '99.0.0' }));
  const refused = await runBin(['update', newer, '--yes']);
  assert.is(refused.exitCode, 2);
  printed.push(['update of a newer record', refused.stderr]);

  const repos: Record<string, string> = { 'orders-api': all, legacy: old, single };
  const sources: Array<[string, string]> = [
    ...Object.entries(repos).flatMap(([label, dir]) => [...readTree(dir)].map(([path, text]): [string, string] => [`${label}/${path}`, text])),
    ...printed,
  ];
  const found = sources.flatMap(([where, text]) => commandsIn(where, text));
  // The check must see what it claims to: each kind of command appears.
  for (const kind of ['update', 'add', 'remove']) assert.ok(found.some((f) => f.args[0] === kind), `no ${kind} command found`);
  for (const comment of ['_queue.tf', '_schedule.tf', 'function_worker.tf', 'alarms_worker.tf']) {
    assert.ok(found.some((f) => f.where.endsWith(comment)), `no command found in the ${comment} comment`);
  }
  assert.ok(found.some((f) => f.where === 'create output'), 'no command found in the printed next steps');

  const failures: string[] = [];
  const seen = new Set<string>();
  for (const f of found) {
    // A command runs in the repo whose file or output shows it, unless it is an example of
    // another state: `add Worker` where Worker exists runs where it does not (single), and
    // `remove Worker` or `--set Worker.…` where Worker is missing runs where it exists (orders-api).
    const source = repos[f.where.split('/')[0]!] ?? (f.where.includes('net8.0') ? old : all);
    const names = (dir: string) => recordOf(dir).answers.functions.map((fn) => String(fn.name));
    const adds = f.args[0] === 'add' ? f.args[1] : undefined;
    const needs = [...(f.args[0] === 'remove' ? [f.args[1]!] : []), ...f.args.filter((a) => /^[A-Z]\w*\./.test(a)).map((a) => a.slice(0, a.indexOf('.')))];
    const dir = adds !== undefined && names(source).includes(adds) ? single : needs.some((n) => !names(source).includes(n)) ? all : source;
    const rec = recordOf(dir);
    const { functions, ...repo } = rec.answers;
    const args = filled(f.args, functions, repo, (flag, owner) => {
      // The value it already has (valid by construction), in the flag's spelling.
      const key = flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
      const value = owner?.[key] ?? repo[key];
      return value === undefined || value === '' ? 'x' : String(value);
    });
    const key = `${dir}\0${args.join('\0')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const run = await runBin([...args, '--dry-run', '--yes', ...(args[0] === 'update' ? [] : [])], { cwd: dir });
    if (run.exitCode !== 0) failures.push(`${f.where}: \`${f.text}\` → ${args.join(' ')} exited ${run.exitCode}: ${run.stderr.trim()}`);
  }
  assert.equal(failures, []);
  assert.ok(seen.size >= 10, `only ${seen.size} distinct commands were run`);
});

test.run();

// Behaviour of the built bin: flags, exit codes, what is (not) written.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { explainChoice, options } from '../generators/answers/index.js';
import { pickFunctionQuestion } from '../generators/dotnet-aot-lambda.js';
import { binPath, listTree, runBin, tempDir } from './support/bin.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

test('--help lists every answer flag and the run-control flags', async () => {
  const { exitCode, stdout } = await runBin(['--help']);
  assert.is(exitCode, 0);
  for (const o of options) assert.ok(stdout.includes(o.kind === 'boolean' ? `--no-${o.flag}` : `--${o.flag} `), `--${o.flag} missing from help`);
  for (const flag of ['--yes', '--force', '--dry-run', '--no-git', '--version', 'update']) assert.ok(stdout.includes(flag), flag);
});

test('every help text starts each flag\'s description in one column, long flags included (issue 26, item 8)', async () => {
  for (const command of [[], ['update'], ['add'], ['remove']]) {
    const { stdout } = await runBin([...command, '--help']);
    const lines = stdout.split('\n');
    let rows = 0;
    lines.forEach((line, i) => {
      if (!/^ {2}-/.test(line)) return;
      rows++;
      // The description starts at column 29, on the flag's line or, for a long flag, the next.
      const sameLine = line.length > 29 && line[28] === ' ' && line[29] !== ' ';
      const nextLine = /^ {29}\S/.test(lines[i + 1] ?? '') && !/\S {2,}\S/.test(line.trim());
      const ok = sameLine || nextLine;
      assert.ok(ok, `${command.join(' ') || 'create'} --help: misaligned:\n${line}\n${lines[i + 1] ?? ''}`);
    });
    assert.ok(rows >= 5, `${command.join(' ') || 'create'} --help: only ${rows} flag rows`);
  }
  const { stdout } = await runBin(['--help']);
  assert.match(stdout, /^ {2}--schedule-timezone <value>\n {29}schedule: IANA time zone/m);
  assert.match(stdout, /^ {2}--manage-bucket-notifications, --no-manage-bucket-notifications\n {29}s3: /m);
});

test('every choice a prompt offers says what it means, as the README promises (issue 26, item 8)', () => {
  const missing = options
    .filter((o) => o.kind === 'choice' && !o.hidden)
    .flatMap((o) => (o.kind === 'choice' ? o.choices.filter((c) => !explainChoice(o, c)).map((c) => `--${o.flag} ${c}`) : []));
  assert.equal(missing, []);
  // Support labels follow the date given, like the warning.
  const framework = options.find((o) => o.key === 'framework')!;
  assert.is(explainChoice(framework, 'net8.0', '2026-11-10'), '.NET 8 LTS, supported until 2026-11-10');
  assert.is(explainChoice(framework, 'net8.0', '2026-11-11'), '.NET 8 LTS, out of support since 2026-11-10: no security fixes');
  assert.ok(pickFunctionQuestion(['Worker'], () => 'w').explain!('(none)'), 'the function picker explains "(none)"');
});

test('--version and -v print the package version', async () => {
  for (const flag of ['--version', '-v']) {
    const { exitCode, stdout } = await runBin([flag]);
    assert.is(exitCode, 0);
    assert.is(stdout.trim(), pkg.version);
  }
});

// Each bad input: exit 2, a message naming what is allowed, and nothing written.
const badInputs: Array<[string[], RegExp]> = [
  [['--framework', 'net6.0'], /--framework: "net6.0" is not allowed; use net10.0 \| net8.0 \| net7.0/],
  [['--runtime', 'java21'], /--runtime: "java21" is not allowed; use dotnet10/],
  [['--framework', 'net7.0', '--runtime', 'dotnet10'], /does not fit net7.0.*no managed Lambda runtime/],
  [['--framework', 'net10.0', '--runtime', 'provided.al2'], /provided.al2 does not fit net10.0; use dotnet10 or provided.al2023/],
  [['--arch', 'arm'], /--arch: "arm" is not allowed; use arm64 \| x86_64/],
  [['--package', 'jar'], /--package: "jar" is not allowed; use zip \| image/],
  [['--trigger', 'sns'], /--trigger: "sns" is not allowed; use http-api \| function-url \| none \| sqs \| s3 \| schedule/],
  [['--trigger', 'schedule', '--schedule', 'every hour'], /--schedule: "every hour" is not a schedule expression; use rate\(VALUE UNIT\)/],
  [['--batch-size', '5'], /--batch-size: applies only to --trigger sqs; leave it out for --trigger http-api/],
  [['--manage-bucket-notifications', '--no-manage-bucket-notifications'], /--manage-bucket-notifications and --no-manage-bucket-notifications contradict each other/],
  [['--trigger', 's3', '--source-bucket', 'their-bucket'], /--manage-bucket-notifications: S3 keeps one notification configuration per bucket.*[Pp]ass --manage-bucket-notifications/],
  [['--memory', '127'], /--memory: 127 is out of range; use a whole number of MB from 128 to 10240/],
  [['--memory', '10241'], /from 128 to 10240/],
  [['--memory', 'lots'], /--memory: expected a whole number, got "lots"/],
  [['--memory', '1.5'], /--memory: expected a whole number/],
  [['--timeout', '0'], /--timeout: 0 is out of range; use a whole number of seconds from 1 to 900/],
  [['--timeout', '901'], /from 1 to 900/],
  [['--region', 'mars-north-1'], /--region: "mars-north-1" is not allowed; use an AWS commercial region/],
  [['--log-retention', '2'], /--log-retention: 2 is not a CloudWatch retention period; use one of 1, 3, 5/],
  [['--runner', 'gitlab'], /--runner: "gitlab" is not allowed; use github \| self-hosted/],
  [['--state', 'consul'], /--state: "consul" is not allowed; use s3 \| local/],
  [['--preset', 'fancy'], /--preset: "fancy" is not allowed; use default \| seed/],
  [['--name', '../Evil'], /--name: "..\/Evil" is not a valid .NET name/],
  [['--name', 'My.class'], /not a valid .NET name.*no C# keywords/],
  [['--name', '1Func'], /not a valid .NET name/],
  [['--name', ''], /--name: .NET name is empty; use dotted C# identifiers/],
  [['--function-name', 'has space'], /--function-name: "has space" is not allowed; use 1 to 54 characters/],
  [['--function-name', 'x'.repeat(55)], /1 to 54 characters.*IAM allows 64/],
  [['--artifact-bucket', 'Bad_Bucket'], /--artifact-bucket: "Bad_Bucket" is not a valid S3 bucket name/],
  [['--artifact-bucket', '192.168.1.1'], /IP address/],
  [['--existing-role', 'role with space'], /--existing-role: "role with space" is not a valid IAM role name/],
  [['--preset', 'seed'], /--preset seed references an existing bucket and role: pass --artifact-bucket/],
  [['--package', 'image', '--artifact-bucket', 'my-artifacts'], /--artifact-bucket: applies only to --package zip/],
  [['--preset', 'seed', '--package', 'image'], /--preset seed references an existing bucket and role: pass --existing-role/],
  [['--arhc', 'x86_64'], /unknown option --arhc; did you mean --arch\?/],
  [['--memroy', '512'], /did you mean --memory\?/],
  [['--memory'], /--memory/],
  [['a', 'b'], /at most one target directory/],
];

for (const [args, message] of badInputs) {
  test(`bad input ${args.join(' ').slice(0, 50)} → exit 2, nothing written`, async () => {
    const parent = tempDir();
    const target = join(parent, 'out');
    const positional = args[0] === 'a' ? [] : [target];
    const { exitCode, stderr } = await runBin([...positional, '--yes', ...args], { cwd: parent });
    assert.is(exitCode, 2, stderr);
    assert.match(stderr, message);
    assert.equal(readdirSync(parent), [], 'something was written');
  });
}

test('a target that is a file is rejected with exit 2', async () => {
  const parent = tempDir();
  writeFileSync(join(parent, 'taken'), 'mine');
  const { exitCode, stderr } = await runBin([join(parent, 'taken'), '--yes']);
  assert.is(exitCode, 2);
  assert.match(stderr, /is a file/);
  assert.is(readFileSync(join(parent, 'taken'), 'utf8'), 'mine');
});

test('without a TTY and without --yes: exit 2 naming the flags, no hang', async () => {
  const parent = tempDir();
  const { exitCode, stderr } = await runBin([join(parent, 'x'), '--memory', '512'], { timeout: 10_000 });
  assert.is(exitCode, 2);
  assert.match(stderr, /--yes/);
  assert.match(stderr, /--function-name/);
  assert.not.match(stderr, /--memory /, 'a given flag is not listed as missing');
  assert.equal(readdirSync(parent), []);
});

test('--dry-run lists the files and writes nothing', async () => {
  const parent = tempDir();
  const { exitCode, stdout } = await runBin([join(parent, 'my-func'), '--yes', '--dry-run']);
  assert.is(exitCode, 0);
  assert.match(stdout, /Would write \d+ files/);
  assert.match(stdout, /create {2}src\/MyFunc\/Function\.cs/);
  assert.match(stdout, /create {2}infra\/[\w-]+\.tf/);
  assert.equal(readdirSync(parent), []);
});

test('--yes into an empty directory writes the repo and commits it', async () => {
  const parent = tempDir();
  const target = join(parent, 'my-func');
  mkdirSync(target);
  const { exitCode, stdout, stderr } = await runBin([target, '--yes']);
  assert.is(exitCode, 0, stderr);
  const files = listTree(target);
  for (const path of [
    'src/MyFunc/Function.cs',
    'src/MyFunc/MyFunc.csproj',
    'src/MyFunc/aws-lambda-tools-defaults.json',
    'test/MyFunc.Tests/MyFunc.Tests.csproj',
    'MyFunc.sln',
    'global.json',
    '.gitignore',
    '.editorconfig',
    'README.md',
    '.github/workflows/deploy.yml',
    'infra/versions.tf',
    'infra/variables.tf',
    'infra/backend.tf',
    'infra/providers.tf',
    '.dotnet-aot-lambda.json',
  ]) {
    assert.ok(files.includes(path), `${path} missing; got ${files.join(', ')}`);
  }
  assert.ok(existsSync(join(target, '.git')), 'git was not initialised');
  const log = spawnSync('git', ['log', '--oneline'], { cwd: target, encoding: 'utf8' });
  assert.match(log.stdout, /Scaffold with create-dotnet-aot-lambda/);
  const status = spawnSync('git', ['status', '--porcelain'], { cwd: target, encoding: 'utf8' });
  assert.is(status.stdout, '', 'everything emitted is committed (and nothing is ignored by mistake)');
  assert.match(stdout, /Next steps:/);
  assert.match(stdout, /cd /);
  assert.match(stdout, /infra\/bootstrap/);
});

test('--no-git leaves no repository', async () => {
  const target = join(tempDir(), 'my-func');
  const { exitCode } = await runBin([target, '--yes', '--no-git']);
  assert.is(exitCode, 0);
  assert.not.ok(existsSync(join(target, '.git')));
});

test('a non-empty target is refused and listed; --force keeps files it does not emit', async () => {
  const target = join(tempDir(), 'my-func');
  mkdirSync(target);
  writeFileSync(join(target, 'notes.txt'), 'keep me');
  writeFileSync(join(target, 'README.md'), 'old readme');
  const refused = await runBin([target, '--yes', '--no-git']);
  assert.is(refused.exitCode, 2);
  assert.match(refused.stderr, /not empty \((README\.md, notes\.txt|notes\.txt, README\.md)\)/);
  assert.match(refused.stderr, /--force/);
  assert.is(readFileSync(join(target, 'README.md'), 'utf8'), 'old readme');

  const forced = await runBin([target, '--yes', '--no-git', '--force']);
  assert.is(forced.exitCode, 0, forced.stderr);
  assert.is(readFileSync(join(target, 'notes.txt'), 'utf8'), 'keep me');
  assert.not.equal(readFileSync(join(target, 'README.md'), 'utf8'), 'old readme');
  assert.match(forced.stderr, /--force replaced 1 existing files: README\.md/);
});

test('a directory holding only .git counts as empty', async () => {
  const target = join(tempDir(), 'my-func');
  mkdirSync(target);
  spawnSync('git', ['init', '-q'], { cwd: target });
  const { exitCode, stderr } = await runBin([target, '--yes', '--no-git']);
  assert.is(exitCode, 0, stderr);
  assert.ok(existsSync(join(target, 'src/MyFunc/Function.cs')));
});

test('past end of support: generates, with a warning that gives the date', async () => {
  const target = join(tempDir(), 'old');
  const { exitCode, stderr } = await runBin([target, '--yes', '--no-git', '--framework', 'net8.0']);
  assert.is(exitCode, 0);
  assert.match(stderr, /warning: net8\.0 reached end of support on 2026-11-10/);
  assert.match(stderr, /warning: dotnet8 reached end of support on 2026-11-10/);
  const seed = await runBin([join(tempDir(), 'seed'), '--yes', '--no-git', '--preset', 'seed', '--artifact-bucket', 'my-artifacts', '--existing-role', 'r']);
  assert.is(seed.exitCode, 0, seed.stderr);
  assert.match(seed.stderr, /net7\.0 reached end of support on 2024-05-14/);
  assert.match(seed.stderr, /provided\.al2 reached end of support on 2026-07-31/);
});

test('explicit flags override the seed preset', async () => {
  const target = join(tempDir(), 'seed');
  const { exitCode, stderr } = await runBin([
    target, '--yes', '--no-git', '--preset', 'seed', '--artifact-bucket', 'my-artifacts', '--existing-role', 'r', '--memory', '1024', '--framework', 'net10.0',
  ]);
  assert.is(exitCode, 0, stderr);
  const record = JSON.parse(readFileSync(join(target, '.dotnet-aot-lambda.json'), 'utf8'));
  assert.is(record.answers.functions[0].memory, 1024);
  assert.is(record.answers.framework, 'net10.0');
  assert.is(record.answers.runtime, 'dotnet10', "the preset's provided.al2 does not fit net10.0, so the framework's default applies");
  assert.is(record.answers.runner, 'self-hosted', 'preset values not overridden stay');
  assert.is(record.answers.functions[0].logRetention, 1);
});

// Atomic output: an injected fault or a signal mid-write leaves nothing behind.
test('a fault mid-write rolls everything back (exit 1)', async () => {
  const parent = tempDir();
  const { exitCode, stderr } = await runBin([join(parent, 'my-func'), '--yes', '--no-git'], {
    env: { CREATE_DOTNET_AOT_LAMBDA_TEST_FAIL_AFTER: '5' },
  });
  assert.is(exitCode, 1);
  assert.match(stderr, /injected fault after 5 files/);
  assert.equal(readdirSync(parent), [], 'no target and no staging directory remain');
});

test('a fault while moving into an existing directory restores it (--force)', async () => {
  const target = join(tempDir(), 'my-func');
  mkdirSync(target);
  writeFileSync(join(target, 'README.md'), 'old readme');
  const { exitCode } = await runBin([target, '--yes', '--no-git', '--force'], {
    env: { CREATE_DOTNET_AOT_LAMBDA_TEST_FAIL_AFTER: '1000' },
  });
  assert.is(exitCode, 0, 'fault counter above the file count does not fire');
  const again = join(tempDir(), 'my-func');
  mkdirSync(again);
  writeFileSync(join(again, 'README.md'), 'old readme');
  const interrupted = spawn('node', [binPath, again, '--yes', '--no-git', '--force'], {
    env: { ...process.env, CREATE_DOTNET_AOT_LAMBDA_TEST_DELAY_MS: '40' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  interrupted.stderr.on('data', (chunk) => (stderr += chunk));
  // Signal once the moves into the folder have begun (a file of ours is in it), not after a
  // fixed time: on a loaded machine node may not have installed its handler by then.
  const started = Date.now();
  while (!readdirSync(again).some((entry) => entry !== 'README.md')) {
    assert.ok(Date.now() - started < 30_000, `no file moved in after 30 s: ${stderr}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  interrupted.kill('SIGINT');
  const code = await new Promise<number | null>((r) => interrupted.on('close', r));
  assert.is(code, 130, stderr);
  assert.equal(listTree(again), ['README.md'], 'only the user file remains');
  assert.is(readFileSync(join(again, 'README.md'), 'utf8'), 'old readme');
});

test('SIGTERM mid-write leaves nothing partial (exit 143)', async () => {
  const parent = tempDir();
  const child = spawn('node', [binPath, join(parent, 'my-func'), '--yes', '--no-git'], {
    env: { ...process.env, CREATE_DOTNET_AOT_LAMBDA_TEST_DELAY_MS: '40' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  // Signal once staging has begun, not after a fixed time: on a loaded machine node may not
  // have reached its handler within 500 ms, and the signal then kills it before any write.
  const started = Date.now();
  while (!readdirSync(parent).some((entry) => entry.startsWith('.my-func.staging-'))) {
    assert.ok(Date.now() - started < 30_000, `no staging folder after 30 s: ${stderr}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  child.kill('SIGTERM');
  const code = await new Promise<number | null>((r) => child.on('close', r));
  assert.is(code, 143, stderr);
  assert.match(stderr, /interrupted by SIGTERM; nothing was written/);
  assert.equal(readdirSync(parent), []);
});

// Every documented route works as written (issue 13).
const everyAnswer = [
  '--name', 'Orders', '--function-name', 'orders', '--prefix', 'orders', '--route', '$default', '--framework', 'net10.0', '--runtime', 'dotnet10', '--arch', 'arm64',
  '--package', 'zip', '--trigger', 'http-api', '--memory', '256', '--timeout', '30', '--region', 'eu-west-1',
  '--log-retention', '14', '--runner', 'github', '--artifact-bucket', '', '--existing-role', '', '--state', 's3', '--tests', '--preset', 'default',
  '--log-format', 'json', '--app-log-level', 'INFO', '--system-log-level', 'WARN', '--alarms', '--alarm-email', '', '--no-tracing', '--deploy-gate', 'environment',
  '--throttle-rate', '50', '--throttle-burst', '100', '--reserved-concurrency', '',
];

test('no terminal, every answer given as a flag: nothing to ask, so it runs', async () => {
  const target = join(tempDir(), 'orders');
  const { exitCode, stderr } = await runBin([target, ...everyAnswer, '--no-git']);
  assert.is(exitCode, 0, stderr);
  assert.ok(existsSync(join(target, 'src/Orders/Function.cs')));
});

test('no terminal, one answer missing: exit 2 naming exactly what to add', async () => {
  const parent = tempDir();
  const args = [...everyAnswer];
  args.splice(args.indexOf('--region'), 2);
  const { exitCode, stderr } = await runBin([join(parent, 'orders'), ...args, '--no-git']);
  assert.is(exitCode, 2);
  assert.match(stderr, /missing: --region\s*$/);
  assert.equal(readdirSync(parent), []);
});

test('no terminal: every flag the error asks for is in --help, and it says how to answer "none"', async () => {
  const parent = tempDir();
  const { exitCode, stderr } = await runBin([join(parent, 'orders'), '--name', 'Orders', '--no-git']);
  assert.is(exitCode, 2);
  const asked: string[] = /missing: (.*)$/m.exec(stderr)?.[1]?.match(/--[\w-]+/g) ?? [];
  assert.ok(asked.includes('--tests') && asked.includes('--artifact-bucket'), stderr);
  const help = (await runBin(['--help'])).stdout;
  for (const flag of asked) assert.match(help, new RegExp(`^  (?:\\S+, )?${flag}\\b`, 'm'), `${flag} is asked for but not in --help`);
  assert.match(help, /--artifact-bucket <value> .*"": direct upload/, 'no way to say "no bucket" with the flag');
  assert.match(help, /--existing-role <value> .*"": create one/);
});

test('update --help explains update\'s own options', async () => {
  const { exitCode, stdout } = await runBin(['update', '--help']);
  assert.is(exitCode, 0);
  for (const flag of ['--set <key=value>', '--allow-dirty', '--base-from <tarball|dir>', '--dry-run']) assert.ok(stdout.includes(flag), `${flag} missing:\n${stdout}`);
  assert.not.match(stdout, /--function-name/, 'the create help was printed');
});

test('a typo of update is a hint, not a new directory', async () => {
  const parent = tempDir();
  const { exitCode, stderr } = await runBin(['updat', '--yes'], { cwd: parent });
  assert.is(exitCode, 2);
  assert.match(stderr, /"updat" is not a command; did you mean update\? .*\.\/updat/);
  assert.equal(readdirSync(parent), []);
});

test('a directory name with spaces: valid derived defaults, and a derived invalid value says where it came from', async () => {
  const parent = tempDir();
  const ok = await runBin(['orders api', '--yes', '--no-git'], { cwd: parent });
  assert.is(ok.exitCode, 0, ok.stderr);
  const record = JSON.parse(readFileSync(join(parent, 'orders api/.dotnet-aot-lambda.json'), 'utf8'));
  assert.is(record.answers.functions[0].functionName, 'orders-api');
  assert.is(record.answers.functions[0].name, 'OrdersApi');
  assert.is(record.answers.prefix, 'orders-api', 'the first function names the prefix');
  assert.match(ok.stdout, /cd 'orders api'/, 'the cd is quoted for the shell');

  const bad = await runBin(['1st orders', '--yes', '--no-git'], { cwd: parent });
  assert.is(bad.exitCode, 2);
  assert.match(bad.stderr, /--name \(not given; derived from the directory name "1st orders"\): "1stOrders" is not a valid \.NET name.*; pass --name/);
  assert.not.match(bad.stderr, /--function-name/, 'the function name derived from it is valid');
});

test('next steps for local state: deploy from the machine, no variables, no push-to-deploy', async () => {
  const { exitCode, stdout, stderr } = await runBin([join(tempDir(), 'orders'), '--yes', '--no-git', '--state', 'local']);
  assert.is(exitCode, 0, stderr);
  assert.match(stdout, /Deploy from your machine/);
  assert.not.match(stdout, /AWS_DEPLOY_ROLE_ARN|variables|git push/);
  // infra/ has no region default: the apply must come after the region is exported, or it stops to ask.
  const exported = stdout.indexOf('export TF_VAR_region=');
  assert.ok(exported >= 0 && exported < stdout.indexOf('terraform -chdir=infra apply'), `no region exported before the apply:\n${stdout}`);
});

test('next steps run update the way the user ran us: npx, pnpm dlx, yarn dlx, bunx', async () => {
  const agents: Array<[string, string]> = [
    ['npm/10.8.2 node/v20.19.0 linux x64 workspaces/false', 'npx create-dotnet-aot-lambda@latest update'],
    ['pnpm/9.12.0 npm/? node/v20.19.0 linux x64', 'pnpm dlx create-dotnet-aot-lambda@latest update'],
    ['yarn/4.5.0 npm/? node/v20.19.0 linux x64', 'yarn dlx create-dotnet-aot-lambda@latest update'],
    ['yarn/1.22.22 npm/? node/v20.19.0 linux x64', 'npx create-dotnet-aot-lambda@latest update'],
    ['bun/1.1.30 npm/? node/v22.6.0 linux x64', 'bunx create-dotnet-aot-lambda@latest update'],
  ];
  for (const [agent, command] of agents) {
    const { exitCode, stdout } = await runBin([join(tempDir(), 'f'), '--yes', '--no-git'], { env: { npm_config_user_agent: agent } });
    assert.is(exitCode, 0);
    assert.ok(stdout.includes(command), `${agent}: expected "${command}" in\n${stdout}`);
  }
});

test('--help names the article behind --preset seed', async () => {
  const { stdout } = await runBin(['--help']);
  assert.match(stdout, /--preset .*Victor Domingues.*Rodando uma Lambda em \.NET 7 AOT/);
});

test('package.json builds dist/ before packing (a fresh clone has none)', () => {
  const scripts = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> }).scripts;
  assert.ok(scripts.prepack, 'no prepack script');
  const clone = tempDir();
  // A fresh clone: the tracked files only, so no dist/; npm pack must build it.
  const files = spawnSync('git', ['ls-files', '-z'], { cwd: new URL('..', import.meta.url), encoding: 'utf8' }).stdout.split('\0').filter(Boolean);
  for (const file of files) {
    if (!existsSync(new URL(`../${file}`, import.meta.url))) continue;
    mkdirSync(join(clone, file, '..'), { recursive: true });
    writeFileSync(join(clone, file), readFileSync(new URL(`../${file}`, import.meta.url)));
  }
  spawnSync('ln', ['-s', fileURLToPath(new URL('../node_modules', import.meta.url)), join(clone, 'node_modules')]);
  const pack = spawnSync('npm', ['pack', '--dry-run', '--json'], { cwd: clone, encoding: 'utf8' });
  assert.is(pack.status, 0, pack.stderr);
  const [info] = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('['))) as Array<{ files: Array<{ path: string }> }>;
  const packed = info!.files.map((f) => f.path);
  for (const file of ['dist/cli.cjs', 'dist/ask.cjs', 'dist/update.cjs', 'dist/templates.json']) assert.ok(packed.includes(file), `${file} not packed: ${packed.join(', ')}`);
});

test.run();

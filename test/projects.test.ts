// Two projects in one repository (issue 23, item 3): each reads and sets repository variables of
// its own, a prefix another project's permissions cover is refused, an update that changes a
// project's variable or environment names says what to re-run, and (the rehearsal below) the two
// deploy side by side on one emulator, each role denied the other project's state and functions.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { overlapProblem, pipelineVariables, prefixesOverlap, sharedVariables, type Answers } from '../generators/answers/index.js';
import { namesNotice } from '../lib/update/variables.js';
import { otherProjects } from '../lib/write/projects.js';
import { git, runBin, tempDir } from './support/bin.js';
import { missing, optedOut, unlessOptedOut } from './support/optout.js';
import { rehearsals } from './support/pool.js';
import { pythonTools } from './support/python.js';
import { answersFor, renderAnswers } from './support/render.js';
import { checkWorkflow } from './validators/workflow.js';
import { rehearseProjects, type ProjectsResult } from './rehearsal/projects.js';
import { terraformAvailable } from './validators/terraform.js';

// ---------------------------------------------------------------------------
// The answer model

test('a root project keeps the names every release used; a subfolder project gets names ending in its prefix', () => {
  assert.equal(pipelineVariables({ repoPath: '', prefix: 'orders' }), sharedVariables);
  assert.equal(pipelineVariables({ repoPath: 'services/orders-api', prefix: 'orders-api' }), {
    region: 'AWS_REGION_ORDERS_API',
    deployRole: 'AWS_DEPLOY_ROLE_ARN_ORDERS_API',
    planRole: 'AWS_PLAN_ROLE_ARN_ORDERS_API',
    stateBucket: 'TF_STATE_BUCKET_ORDERS_API',
  });
  // GitHub: letters, digits and _, not starting with a digit, compared without case.
  for (const name of Object.values(pipelineVariables({ repoPath: 'x', prefix: '9lives_Cat-2' }))) assert.match(name, /^[A-Z_][A-Z0-9_]*$/);
});

test('prefixes collide when equal but for case or -/_, or when one is the other and "-"; otherwise not', () => {
  for (const [a, b] of [['orders', 'orders-api'], ['orders-api', 'orders'], ['orders', 'Orders'], ['orders_api', 'orders-api'], ['Orders', 'orders-api-v2']]) {
    assert.ok(prefixesOverlap(a!, b!), `${a} / ${b}`);
  }
  for (const [a, b] of [['orders', 'ordersapi'], ['orders', 'billing'], ['orders', 'orders_x'], ['api-orders', 'orders']]) {
    assert.not.ok(prefixesOverlap(a!, b!), `${a} / ${b}`);
  }
  // Distinct prefixes that do not collide never share a variable name.
  const names = (p: string) => Object.values(pipelineVariables({ repoPath: p, prefix: p }));
  assert.equal(names('orders').filter((n) => names('orders_x').includes(n) || names('ordersapi').includes(n)), []);
  const said = overlapProblem('orders-api', [{ prefix: 'billing', path: 'services/billing' }, { prefix: 'orders', path: 'services/orders' }]);
  assert.match(said ?? '', /"orders-api" collides with .*"orders" \(services\/orders\)/);
  assert.not.match(said ?? '', /billing/);
  assert.match(said ?? '', /Choose a prefix/);
  assert.is(overlapProblem('ordersapi', [{ prefix: 'orders', path: 'services/orders' }]), undefined);
});

// ---------------------------------------------------------------------------
// The CLI, in a real repository

function repository(): string {
  const root = tempDir('cdal-projects-');
  git(root, 'init', '-q', '-b', 'main');
  return root;
}

test('a second project whose prefix collides is refused: exit 2, what is allowed, nothing written, --force or not', async () => {
  const root = repository();
  assert.is((await runBin(['services/orders', '--yes'], { cwd: root })).exitCode, 0);
  for (const extra of [[], ['--force'], ['--dry-run']]) {
    const r = await runBin(['services/orders-api', '--yes', ...extra], { cwd: root });
    assert.is(r.exitCode, 2, `${extra.join(' ')}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, /--prefix: "orders-api" collides with the prefix of another project in this repository, "orders" \(services\/orders\).*Choose a prefix/);
  }
  assert.not.ok(existsSync(join(root, 'services/orders-api')), 'the project was written');
  assert.not.ok(existsSync(join(root, '.github/workflows/orders-api.yml')), 'its workflow was written');
  // The same prefix in another folder (what used to overwrite the first project's workflow).
  assert.is((await runBin(['other/orders', '--yes', '--force'], { cwd: root })).exitCode, 2);
  // Not colliding: fine, and found as a project by the next one.
  assert.is((await runBin(['services/ordersapi', '--yes'], { cwd: root })).exitCode, 0);
  assert.equal(otherProjects(root, join(root, 'x')).sort((a, b) => a.path.localeCompare(b.path)), [
    { path: 'services/orders', prefix: 'orders' },
    { path: 'services/ordersapi', prefix: 'ordersapi' },
  ]);
  // update to a colliding prefix is refused the same way, and writes nothing.
  git(root, 'add', '-A');
  git(root, 'commit', '-qm', 'two projects');
  const update = await runBin(['update', 'services/ordersapi', '--set', 'prefix=orders-x', '--set', 'function-name=orders-x', '--yes'], { cwd: root });
  assert.is(update.exitCode, 2, update.stdout);
  assert.match(update.stderr, /"orders-x" collides with .*"orders" \(services\/orders\)/);
  assert.is(git(root, 'status', '--porcelain'), '', 'update wrote something');
});

const setsVariables = (setup: string): string[] => [...setup.matchAll(/^gh variable set (\S+) /gm)].map((m) => m[1]!);
const readsVariables = (workflow: string): string[] => [...new Set([...workflow.matchAll(/\bvars\.([A-Za-z0-9_]+)/g)].map((m) => m[1]!))].sort();

/**
 * Isolation of the projects' GitHub variables: each project's setup.sh sets every variable its
 * workflow reads, and no variable another project's workflow reads. Problems name the step (the
 * setup.sh of which project) and the variable.
 */
export function variableProblems(projects: Array<{ path: string; setup: string; workflow: string }>): string[] {
  const problems: string[] = [];
  for (const p of projects) {
    const sets = setsVariables(p.setup);
    for (const name of readsVariables(p.workflow)) if (!sets.includes(name)) problems.push(`setup.sh of ${p.path}: the workflow reads vars.${name}, which it never sets`);
    for (const other of projects.filter((o) => o !== p)) {
      for (const name of sets.filter((n) => readsVariables(other.workflow).some((r) => r.toUpperCase() === n.toUpperCase()))) {
        problems.push(`setup.sh of ${p.path}: sets ${name}, which the workflow of ${other.path} reads`);
      }
    }
  }
  return problems;
}

async function twoProjects(): Promise<{ root: string; projects: Array<{ path: string; prefix: string; setup: string; workflow: string }> }> {
  const root = repository();
  const projects = [];
  for (const [path, prefix] of [['services/orders', 'orders'], ['services/billing', 'billing']] as const) {
    const r = await runBin([path, '--yes'], { cwd: root });
    assert.is(r.exitCode, 0, r.stderr);
    projects.push({ path, prefix, setup: readFileSync(join(root, path, 'infra/bootstrap/setup.sh'), 'utf8'), workflow: readFileSync(join(root, `.github/workflows/${prefix}.yml`), 'utf8') });
  }
  return { root, projects };
}

test("two projects' setup.sh set disjoint variables, each all its workflow reads; seeded: B's setup.sh with A's names fails naming the step", async () => {
  const { projects } = await twoProjects();
  assert.equal(variableProblems(projects), []);
  assert.equal(setsVariables(projects[0]!.setup), ['AWS_REGION_ORDERS', 'AWS_DEPLOY_ROLE_ARN_ORDERS', 'AWS_PLAN_ROLE_ARN_ORDERS', 'TF_STATE_BUCKET_ORDERS']);
  const wf = parse(projects[1]!.workflow);
  assert.is(wf.jobs.terraform.env.TF_STATE_BUCKET, '${{ vars.TF_STATE_BUCKET_BILLING }}');
  // Seeded fault: the second project rendered with the first one's variable names.
  const seeded = [projects[0]!, { ...projects[1]!, setup: projects[1]!.setup.replaceAll('_BILLING ', '_ORDERS ') }];
  const found = variableProblems(seeded);
  assert.ok(found.includes('setup.sh of services/billing: sets AWS_DEPLOY_ROLE_ARN_ORDERS, which the workflow of services/orders reads'), found.join('\n'));
  // And the 0.4.0 shape, both with the shared names: each overwrites the other's.
  const shared = projects.map((p) => ({ ...p, setup: p.setup.replace(/^(gh variable set [A-Z_]+?)_(ORDERS|BILLING) /gm, '$1 '), workflow: p.workflow.replace(/(vars\.[A-Z_]+?)_(ORDERS|BILLING)\b/g, '$1') }));
  assert.ok(variableProblems(shared).some((p) => p.startsWith('setup.sh of services/orders: sets AWS_REGION, which the workflow of services/billing reads')), variableProblems(shared).join('\n'));
});

test("setup.sh, run against stand-ins for gh, aws and terraform, sets only its own project's variables", async () => {
  assert.ok(spawnSync('jq', ['--version']).status === 0, 'jq is required by the gh stand-in');
  const { root, projects } = await twoProjects();
  const work = tempDir('cdal-projects-fake-');
  const bin = join(work, 'bin');
  mkdirSync(bin);
  const stand = {
    // gh: `api PATH [--jq EXPR]` answers from canned JSON (404 for anything else, so an environment is created); logs every call.
    gh: '#!/bin/sh\necho "gh $*" >> "$FAKE_LOG"\n[ "$1" = api ] || exit 0\nshift\npath=; jq=; method=GET\nwhile [ $# -gt 0 ]; do case $1 in --jq) jq=$2; shift ;; --method) method=$2; shift ;; --input) cat >/dev/null; shift ;; -f|-F) shift ;; --silent) ;; *) path=$1 ;; esac; shift; done\n[ "$method" = GET ] || exit 0\nfile="$FAKE_API/$(echo "$path" | tr / _).json"\n[ -f "$file" ] || { echo "gh: Not Found (HTTP 404)" >&2; exit 1; }\nif [ -n "$jq" ]; then jq -r "$jq" "$file"; else cat "$file"; fi\n',
    aws: '#!/bin/sh\necho "aws $*" >> "$FAKE_LOG"\necho\n',
    terraform: '#!/bin/sh\necho "terraform $*" >> "$FAKE_LOG"\ncase "$*" in *"output -raw "*) eval "last=\\${$#}"; echo "fake-$last" ;; *"state list "*) exit 1 ;; esac\n',
  };
  for (const [name, body] of Object.entries(stand)) {
    writeFileSync(join(bin, name), body);
    chmodSync(join(bin, name), 0o755);
  }
  const api = join(work, 'api');
  mkdirSync(api);
  writeFileSync(join(api, 'repos_octo_mono.json'), JSON.stringify({ id: 202, name: 'mono', full_name: 'octo/mono', visibility: 'public', owner: { login: 'octo', id: 101, type: 'User' } }));
  writeFileSync(join(api, 'repos_octo_mono_actions_oidc_customization_sub.json'), JSON.stringify({ use_default: true }));
  const runs = projects.map((p) => {
    const log = join(work, `${p.prefix}.log`);
    writeFileSync(log, '');
    const r = spawnSync('sh', ['infra/bootstrap/setup.sh', 'octo/mono'], { cwd: join(root, p.path), encoding: 'utf8', env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, FAKE_LOG: log, FAKE_API: api } });
    assert.is(r.status, 0, `${p.path}: ${r.stdout}${r.stderr}`);
    const calls = readFileSync(log, 'utf8').split('\n');
    // What the script really ran stands in for its text in the isolation check.
    return { ...p, setup: calls.filter((c) => c.startsWith('gh variable set ')).map((c) => `${c}\n`).join(''), environments: calls.filter((c) => /--method PUT repos\/octo\/mono\/environments\//.test(c)) };
  });
  assert.equal(variableProblems(runs), []);
  assert.equal(runs.map((r) => setsVariables(r.setup).length), [4, 4]);
  assert.match(runs[0]!.environments.join('\n'), /environments\/production-orders\b/);
  assert.match(runs[1]!.environments.join('\n'), /environments\/production-billing\b/);
});

test("the workflow validator holds a subfolder project to its own variables: the shared names fail, naming the project's", () => {
  const given = { repoPath: 'services/orders' };
  const path = '../../.github/workflows/orders.yml';
  const text = renderAnswers(given, 'orders').get(path)!;
  // Only the variables' findings: the validator also expects the terraform job in infra/, not
  // in a subfolder's (a limit of the validator older than this check).
  const about = (problems: string[]) => problems.filter((p) => /vars\.|role-to-assume|state bucket|aws-region/.test(p));
  assert.equal(about(checkWorkflow(path, text, answersFor(given, 'orders'))), []);
  const shared = text.replace(/(vars\.[A-Z_]+?)_ORDERS\b/g, '$1');
  const found = checkWorkflow(path, shared, answersFor(given, 'orders'));
  assert.ok(found.some((p) => /on push to main role-to-assume evaluates to .*expected vars\.AWS_DEPLOY_ROLE_ARN_ORDERS/.test(p)), found.join('\n'));
  assert.ok(found.some((p) => /aws-region is .*vars\.AWS_REGION .*expected \$\{\{ vars\.AWS_REGION_ORDERS \}\}/.test(p)), found.join('\n'));
  assert.ok(found.some((p) => /the state bucket must come from vars\.TF_STATE_BUCKET_ORDERS/.test(p)), found.join('\n'));
});

// ---------------------------------------------------------------------------
// update: a changed name says what to re-run

const project = (given: Parameters<typeof answersFor>[0]): Answers => answersFor(given, 'orders');

test('update of a 0.4.x subfolder project moves it to its own variables and says to run setup.sh; a root project is told nothing', () => {
  const sub = project({ repoPath: 'services/orders' });
  const said = namesNotice({ answers: sub, version: '0.4.0' }, { answers: sub, version: '0.5.0' }).join('\n');
  assert.match(said, /now reads the repository variables AWS_REGION_ORDERS, AWS_DEPLOY_ROLE_ARN_ORDERS, AWS_PLAN_ROLE_ARN_ORDERS, TF_STATE_BUCKET_ORDERS \(it read AWS_REGION, AWS_DEPLOY_ROLE_ARN, AWS_PLAN_ROLE_ARN, TF_STATE_BUCKET\)/);
  assert.match(said, /Before you push, run from the project's folder, services\/orders, sh infra\/bootstrap\/setup\.sh OWNER\/REPO: it sets the variables/);
  assert.match(said, /other projects may still read these shared names/);
  assert.not.match(said, /environment/, 'the environment did not change');
  const root = project({});
  assert.equal(namesNotice({ answers: root, version: '0.4.0' }, { answers: root, version: '0.5.0' }), []);
  assert.equal(namesNotice({ answers: sub, version: '0.5.0' }, { answers: sub, version: '0.5.0' }), []);
  // A new prefix renames the variables and the environment.
  const renamed = project({ repoPath: 'services/orders', prefix: 'shop', functionName: 'shop' });
  const rename = namesNotice({ answers: sub, version: '0.5.0' }, { answers: renamed, version: '0.5.0' }).join('\n');
  assert.match(rename, /AWS_REGION_SHOP.*\(it read AWS_REGION_ORDERS/);
  assert.match(rename, /deploys through the GitHub environment production-shop \(it used production-orders\)/);
  assert.match(rename, /it sets the variables and creates the environment, restricted to main/);
  assert.match(rename, /gh api --method DELETE repos\/OWNER\/REPO\/environments\/production-orders/);
  // Local state: CI reads no variables and deploys through no environment.
  const local = project({ repoPath: 'services/orders', state: 'local' });
  assert.equal(namesNotice({ answers: local, version: '0.4.0' }, { answers: local, version: '0.5.0' }), []);
});

test('update of a subfolder project recorded by 0.4.0 prints the re-run through the CLI', async () => {
  const { root } = await twoProjects();
  const record = join(root, 'services/orders/.dotnet-aot-lambda.json');
  writeFileSync(record, readFileSync(record, 'utf8').replace(/"version": "[^"]+"/, '"version": "0.4.0"'));
  git(root, 'add', '-A');
  git(root, 'commit', '-qm', 'two projects');
  // npm offline: the 0.4.0 base cannot be had, so update falls back to its two-way mode, which
  // is enough for the notice (it depends on the recorded version and answers only).
  const r = await runBin(['update', 'services/orders', '--yes', '--dry-run'], { cwd: root, env: { npm_config_offline: 'true' } });
  assert.is(r.exitCode, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /The pipeline now reads the repository variables AWS_REGION_ORDERS, .* \(it read AWS_REGION, AWS_DEPLOY_ROLE_ARN, AWS_PLAN_ROLE_ARN, TF_STATE_BUCKET\)\.\nBefore you push, run from the project's folder, services\/orders, sh infra\/bootstrap\/setup\.sh OWNER\/REPO/);
  // The other project, recorded by this release, is told nothing.
  const other = await runBin(['update', 'services/billing', '--yes', '--dry-run'], { cwd: root });
  assert.not.match(other.stdout, /now reads the repository variables/);
});

// ---------------------------------------------------------------------------
// The rehearsal: both projects on one moto, through the environment gate. Started when this file
// loads, in the rehearsals' shared pool, so it runs beside the rest of the suite.

/** `create services/orders` and `create services/billing` in one repository, as a user would. */
export async function twoProjectRepository(): Promise<string> {
  const root = repository();
  for (const path of ['services/orders', 'services/billing']) {
    const r = await runBin([path, '--yes'], { cwd: root });
    if (r.exitCode !== 0) throw new Error(`create ${path} failed: ${r.stderr}`);
  }
  return root;
}

const rehearsal: Promise<ProjectsResult> | undefined = optedOut('SKIP_REHEARSAL')
  ? undefined
  : rehearsals(async () => {
      if (!(await terraformAvailable())) throw new Error(missing('terraform', 'terraform is not on PATH', 'SKIP_REHEARSAL'));
      await pythonTools().catch((error: Error) => {
        throw new Error(missing('The moto emulator', error.message, 'SKIP_REHEARSAL'));
      });
      return rehearseProjects(await twoProjectRepository(), ['services/orders', 'services/billing']);
    });
rehearsal?.catch(() => undefined);

unlessOptedOut(test, 'SKIP_REHEARSAL')('two projects on one emulator: each deploys with its own roles, each denied the other\'s state and functions; destroy clean', async () => {
  const r = await rehearsal!;
  console.log(`  ${r.summary} (${r.seconds} s; ${r.crossChecked} requests re-evaluated across)\n    ${r.notes.join('\n    ')}`);
  assert.ok(r.ok, [r.summary, ...r.denied.map((d) => `DENIED ${d}`), ...r.failures.map((f) => `FAILED ${f}`)].join('\n  '));
  assert.is(r.summary, 'projects: 2 isolated, 0 denied, destroy clean');
  // Seeded fault: services/billing's setup.sh with the names of services/orders. The step is named,
  // and what it does to the first project's pipeline (its calls, as the other project's role).
  const overwritten = r.seeded.find((f) => f.startsWith('setup.sh of services/billing: sets vars.AWS_DEPLOY_ROLE_ARN_ORDERS, which the workflow of services/orders reads'));
  assert.ok(overwritten, r.seeded.join('\n'));
  assert.match(overwritten!, /its pipeline would run as billing-deploy, which is denied [1-9]\d* of the requests its own Terraform made/);
  assert.ok(r.seeded.includes('services/billing: its workflow reads vars.AWS_REGION_BILLING, which no setup.sh sets'), r.seeded.join('\n'));
});

test.run();

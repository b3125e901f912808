// The documented one-time setup, `sh infra/bootstrap/setup.sh OWNER/REPO` (issue 12 items 3
// and 5, issue 13 items 2 and 8). GitHub and AWS cannot be reached here, so the script runs
// against stand-ins for gh, aws and terraform on PATH that answer with canned API responses
// (shaped like GitHub's REST answers; `--jq` goes through the real jq) and log every call.
// shellcheck (from the suite's Python venv) checks the script itself.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pythonTools } from './support/python.js';
import { runBin, tempDir } from './support/bin.js';

const fakeGh = String.raw`#!/bin/sh
# gh stand-in: api PATH [--method M] [--jq EXPR] [--input -] [--silent] [-f k=v]…; variable set …
echo "gh $*" >> "$FAKE_LOG"
if [ "$1" = variable ]; then exit 0; fi
shift
method=GET; jq=; path=
while [ $# -gt 0 ]; do
  case $1 in
    --method) method=$2; shift ;;
    --jq) jq=$2; shift ;;
    -f|-F) shift ;;
    --input) echo "gh-body $(cat)" >> "$FAKE_LOG"; shift ;;
    --silent) ;;
    *) path=$1 ;;
  esac
  shift
done
# FAKE_REFUSE_PUT: GitHub's answer to creating an environment a plan does not have.
if [ "$method" = PUT ] && [ -n "$FAKE_REFUSE_PUT" ]; then echo "gh: Fail to create protected rule, please ensure billing plan include protected branch gate. (HTTP 422)" >&2; exit 1; fi
if [ "$method" != GET ]; then exit 0; fi
file="$FAKE_API/$(echo "$path" | tr / _).json"
if [ ! -f "$file" ]; then echo "gh: Not Found (HTTP 404)" >&2; exit 1; fi
if [ -n "$jq" ]; then jq -r "$jq" "$file"; else cat "$file"; fi
`;

const fakeAws = String.raw`#!/bin/sh
echo "aws $*" >> "$FAKE_LOG"
printf '%s\n' "$FAKE_OIDC_ARN"
`;

const fakeTerraform = String.raw`#!/bin/sh
echo "terraform $*" >> "$FAKE_LOG"
case "$*" in
  *"output -raw "*) eval "last=\${$#}"; [ "$last" != "$FAKE_MISSING_OUTPUT" ] || { echo "Error: Output \"$last\" not found" >&2; exit 1; }; echo "fake-$last" ;;
  # FAKE_STATE: the addresses in the bootstrap's state, as terraform state list prints them.
  *"state list "*) eval "last=\${$#}"; printf '%s\n' $FAKE_STATE | grep -F "$last" || { echo "No state file was found!" >&2; exit 1; } ;;
esac
`;

interface Scenario {
  repo: Record<string, unknown>;
  /** null: the default subject; otherwise the customized claim keys. */
  claimKeys?: string[] | null;
  environmentExists?: boolean;
  oidcArn?: string;
  /** Addresses already in the bootstrap's state (a second run). */
  inState?: string[];
  state?: 's3' | 'local';
  deployGate?: 'environment' | 'branch';
  /** The owner's plan as `gh api user` (a personal account) or `gh api orgs/OWNER` shows it; absent: not shown. */
  plan?: string;
  env?: Record<string, string>;
}

const repoJson = (owner = 'octo', name = 'orders', visibility = 'public', type = 'User') => ({
  id: 202, name, full_name: `${owner}/${name}`, visibility, private: visibility !== 'public', owner: { login: owner, id: 101, type }, created_at: '2021-03-04T10:00:00Z',
});

async function runSetup(s: Scenario) {
  assert.ok(spawnSync('jq', ['--version']).status === 0, 'jq is required: the gh stand-in applies --jq with it');
  const project = join(tempDir('cdal-setup-'), 'orders');
  const made = await runBin([project, '--yes', '--no-git', '--state', s.state ?? 's3', ...(s.deployGate ? ['--deploy-gate', s.deployGate] : [])]);
  assert.is(made.exitCode, 0, made.stderr);

  const work = tempDir('cdal-fake-');
  const bin = join(work, 'bin');
  const api = join(work, 'api');
  mkdirSync(bin);
  mkdirSync(api);
  for (const [name, body] of [['gh', fakeGh], ['aws', fakeAws], ['terraform', fakeTerraform]] as const) {
    writeFileSync(join(bin, name), body);
    chmodSync(join(bin, name), 0o755);
  }
  writeFileSync(join(api, 'repos_octo_orders.json'), JSON.stringify(s.repo));
  const customization = s.claimKeys ? { use_default: false, include_claim_keys: s.claimKeys } : { use_default: true };
  writeFileSync(join(api, 'repos_octo_orders_actions_oidc_customization_sub.json'), JSON.stringify(customization));
  // GitHub shows a plan only to the account itself (GET /user) or to an organization's owners (GET /orgs/ORG).
  const owner = s.repo.owner as { login: string; type: string };
  if (owner.type === 'Organization') writeFileSync(join(api, `orgs_${owner.login}.json`), JSON.stringify({ login: owner.login, ...(s.plan ? { plan: { name: s.plan } } : {}) }));
  else if (s.plan) writeFileSync(join(api, 'user.json'), JSON.stringify({ login: owner.login, plan: { name: s.plan } }));
  if (s.environmentExists) writeFileSync(join(api, 'repos_octo_orders_environments_production.json'), JSON.stringify({ name: 'production', protection_rules: [{ type: 'required_reviewers' }] }));

  const log = join(work, 'calls.log');
  writeFileSync(log, '');
  // With local state the script takes no repository: nothing it makes trusts GitHub (issue 24).
  const run = spawnSync('sh', ['infra/bootstrap/setup.sh', ...(s.state === 'local' ? [] : ['octo/orders'])], {
    cwd: project,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, FAKE_LOG: log, FAKE_API: api, FAKE_OIDC_ARN: s.oidcArn ?? '', FAKE_STATE: (s.inState ?? []).join(' '), ...s.env },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, calls: readFileSync(log, 'utf8').trim().split('\n'), project };
}

const applyCall = (calls: string[]) => calls.find((c) => c.startsWith('terraform ') && c.includes(' apply '));

test("the repository's names and IDs from GitHub, a new OIDC provider, variables, an environment restricted to main", async () => {
  const r = await runSetup({ repo: repoJson() });
  assert.is(r.status, 0, `${r.stdout}\n${r.stderr}`);
  const apply = applyCall(r.calls);
  assert.ok(apply, `terraform apply was not run:\n${r.calls.join('\n')}`);
  assert.match(apply!, /-var github_repository=octo\/orders /);
  // Both subject forms are trusted (oidc.tf), so which one GitHub sends needs no guess.
  assert.match(apply!, /-var github_subject_prefix=repo:octo@101\/orders@202 /);
  assert.match(apply!, /-var existing_oidc_provider_arn=$/);
  for (const name of ['AWS_DEPLOY_ROLE_ARN', 'AWS_PLAN_ROLE_ARN', 'TF_STATE_BUCKET']) {
    assert.ok(r.calls.some((c) => c.startsWith(`gh variable set ${name} --repo octo/orders --body fake-`)), `${name} not set with --repo`);
  }
  const put = r.calls.findIndex((c) => c.startsWith('gh api --method PUT repos/octo/orders/environments/production'));
  assert.ok(put >= 0, 'the environment was not created');
  const body = JSON.parse(r.calls[put + 1]!.replace(/^gh-body /, ''));
  assert.equal(body.deployment_branch_policy, { protected_branches: false, custom_branch_policies: true });
  assert.ok(
    r.calls.some((c) => /^gh api --method POST repos\/octo\/orders\/environments\/production\/deployment-branch-policies -f name=main -f type=branch/.test(c)),
    'no branch policy for main',
  );
  // The order: the environment first (it is what can fail for a reason checked in advance),
  // then AWS, whose outputs feed the variables.
  assert.ok(put < r.calls.indexOf(apply!), 'the environment was created after AWS was applied');
  assert.ok(r.calls.indexOf(apply!) < r.calls.findIndex((c) => c.startsWith('gh variable set')));
});

test('the names as GitHub spells them, not as typed: the roles compare subjects exactly', async () => {
  const r = await runSetup({ repo: repoJson('Octo', 'Orders') });
  assert.is(r.status, 0, r.stderr);
  assert.match(applyCall(r.calls)!, /-var github_repository=Octo\/Orders -var github_subject_prefix=repo:Octo@101\/Orders@202 /);
});

test('a customized subject template stops before AWS, naming the claim keys', async () => {
  const r = await runSetup({ repo: repoJson(), claimKeys: ['repo', 'context', 'job_workflow_ref'] });
  assert.is(r.status, 1);
  assert.match(r.stderr, /customized OIDC subject template \(claim keys: repo, context, job_workflow_ref\)/);
  assert.match(r.stderr, /use_default=true/);
  assert.not.ok(r.calls.some((c) => c.startsWith('terraform')), 'terraform ran anyway');
});

test('a second bootstrap in the account reuses the existing GitHub OIDC provider', async () => {
  const arn = 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com';
  const r = await runSetup({ repo: repoJson(), oidcArn: arn });
  assert.is(r.status, 0, r.stderr);
  assert.ok(r.calls.some((c) => c.startsWith('aws iam list-open-id-connect-providers')));
  assert.ok(applyCall(r.calls)!.endsWith(`-var existing_oidc_provider_arn=${arn}`));
});

test('run again (after a rename, say): the provider this stack created is kept, not passed back as existing and deleted', async () => {
  const arn = 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com';
  const r = await runSetup({ repo: repoJson(), oidcArn: arn, inState: ['aws_iam_openid_connect_provider.github[0]', 'aws_iam_role.deploy'] });
  assert.is(r.status, 0, r.stderr);
  assert.ok(applyCall(r.calls)!.endsWith('-var existing_oidc_provider_arn='), applyCall(r.calls));
  assert.not.match(r.stdout, /through the existing provider/);
});

test('an output that cannot be read stops the script before any variable is set, never setting one empty', async () => {
  const r = await runSetup({ repo: repoJson(), env: { FAKE_MISSING_OUTPUT: 'state_bucket' } });
  assert.is.not(r.status, 0, 'the script reported success');
  assert.match(r.stderr, /Output "state_bucket" not found/);
  assert.not.ok(r.calls.some((c) => /^gh variable set \S+ --repo \S+ --body $/.test(c)), `a variable set empty:\n${r.calls.join('\n')}`);
});

test('an existing environment keeps its protection rules: no PUT, no new policy, and the user is told', async () => {
  const r = await runSetup({ repo: repoJson(), environmentExists: true });
  assert.is(r.status, 0, r.stderr);
  assert.not.ok(r.calls.some((c) => c.includes('--method PUT') || c.includes('--method POST')), r.calls.join('\n'));
  assert.match(r.stdout, /environment production exists; its protection rules are left as they are/);
});

/** What a stop for an unfit gate must leave: nothing applied in AWS, nothing set or created on GitHub, and the way out. */
function assertStoppedUnfit(r: Awaited<ReturnType<typeof runSetup>>) {
  assert.is(r.status, 1, `${r.stdout}\n${r.stderr}`);
  assert.not.ok(applyCall(r.calls), `terraform apply ran anyway:\n${r.calls.join('\n')}`);
  assert.not.ok(r.calls.some((c) => c.startsWith('gh variable set') || c.includes('--method POST')), `went on:\n${r.calls.join('\n')}`);
  assert.match(r.stderr, /Nothing was applied/);
  assert.match(r.stderr, /npx create-dotnet-aot-lambda@latest update --set deploy-gate=branch\n/);
  assert.match(r.stderr, /commit the result, then run sh infra\/bootstrap\/setup\.sh octo\/orders again, before the first push/);
}

test('a private repository on GitHub Free (its plan read with gh api user) stops before anything is applied, naming the branch gate', async () => {
  const r = await runSetup({ repo: repoJson('octo', 'orders', 'private'), plan: 'free' });
  assertStoppedUnfit(r);
  assert.match(r.stderr, /octo\/orders is a private repository on GitHub Free/);
  assert.ok(r.calls.includes('gh api user --jq select(.login == "octo") | .plan.name // ""'), r.calls.join('\n'));
  assert.not.ok(r.calls.some((c) => c.includes('--method PUT')), 'an environment was created anyway');
});

test("an organization's private repository whose plan GitHub does not show: GitHub's refusal to create the environment stops it the same way", async () => {
  const r = await runSetup({ repo: repoJson('octo', 'orders', 'private', 'Organization'), env: { FAKE_REFUSE_PUT: '1' } });
  assertStoppedUnfit(r);
  assert.ok(r.calls.some((c) => c.startsWith('gh api orgs/octo ')), `the organization's plan was not asked for:\n${r.calls.join('\n')}`);
  assert.match(r.stderr, /GitHub refused to create the environment production in octo\/orders \(a private repository\)/);
});

test('a private repository on GitHub Pro, and a public one on Free, get the environment, then AWS', async () => {
  for (const [visibility, plan] of [['private', 'pro'], ['public', 'free']] as const) {
    const r = await runSetup({ repo: repoJson('octo', 'orders', visibility), plan });
    assert.is(r.status, 0, `${visibility} on ${plan}: ${r.stderr}`);
    const put = r.calls.findIndex((c) => c.startsWith('gh api --method PUT repos/octo/orders/environments/production'));
    assert.ok(put >= 0 && put < r.calls.indexOf(applyCall(r.calls)!), `${visibility} on ${plan}: the environment is not created before the apply:\n${r.calls.join('\n')}`);
  }
});

test('the branch gate: a private repository on GitHub Free is set up, with no environment and no plan lookup', async () => {
  const r = await runSetup({ repo: repoJson('octo', 'orders', 'private'), plan: 'free', deployGate: 'branch', env: { FAKE_REFUSE_PUT: '1' } });
  assert.is(r.status, 0, `${r.stdout}\n${r.stderr}`);
  assert.ok(applyCall(r.calls));
  assert.ok(r.calls.some((c) => c.startsWith('gh variable set AWS_DEPLOY_ROLE_ARN')));
  assert.not.ok(r.calls.some((c) => c.includes('environments') || c.startsWith('gh api user') || c.startsWith('gh api orgs/')), r.calls.join('\n'));
});

test('local state: the bootstrap only, asking GitHub nothing: no OIDC subject, variables or environment for a CI that never deploys', async () => {
  const r = await runSetup({ repo: repoJson(), state: 'local' });
  assert.is(r.status, 0, r.stderr);
  assert.is(applyCall(r.calls), 'terraform -chdir=infra/bootstrap apply -input=false', r.calls.join('\n'));
  assert.not.ok(r.calls.some((c) => c.startsWith('gh ') || c.startsWith('aws ')), r.calls.join('\n'));
  assert.match(r.stdout, /terraform -chdir=infra\/bootstrap output -raw deploy_policy/);
});

test('README teardown: keeps the OIDC provider another project reuses, by the address the stack really has', async () => {
  const project = join(tempDir('cdal-setup-'), 'orders');
  assert.is((await runBin([project, '--yes', '--no-git'])).exitCode, 0);
  const readme = readFileSync(join(project, 'README.md'), 'utf8');
  const teardown = readme.slice(readme.indexOf('## Teardown'), readme.indexOf('\n## ', readme.indexOf('## Teardown') + 1));
  const address = /terraform -chdir=infra\/bootstrap state rm '(aws_iam_openid_connect_provider\.(\w+)\[0\])'/.exec(teardown);
  assert.ok(address, 'destroying the bootstrap deletes a provider other projects reuse, and the README does not say how to keep it');
  const oidc = readFileSync(join(project, 'infra/bootstrap/oidc.tf'), 'utf8');
  assert.match(oidc, new RegExp(`resource "aws_iam_openid_connect_provider" "${address![2]}" \\{\\s*count =`), 'the README names an address the stack does not have');
});

test('the region is changed in variables.tf, never as a -var a later run of the script would drop', async () => {
  const project = join(tempDir('cdal-setup-'), 'orders');
  assert.is((await runBin([project, '--yes', '--no-git', '--region', 'eu-west-1'])).exitCode, 0);
  const readme = readFileSync(join(project, 'README.md'), 'utf8');
  const script = readFileSync(join(project, 'infra/bootstrap/setup.sh'), 'utf8');
  assert.not.match(readme, /setup\.sh OWNER\/REPO -var region=/, 'README: a region option that a re-run (after a rename) silently drops');
  assert.not.match(script, /^#.*-var region=/m, 'setup.sh usage suggests a region option');
  assert.match(readFileSync(join(project, 'infra/bootstrap/variables.tf'), 'utf8'), /default += "eu-west-1"/, 'the answer is the one source');
  assert.match(readme, /update --set region=/);
});

test('shellcheck passes the script of every variant', async () => {
  const { bin } = await pythonTools();
  for (const args of [['--state', 's3'], ['--state', 'local'], ['--deploy-gate', 'branch']]) {
    const state = args.join(' ');
    const project = join(tempDir('cdal-setup-'), 'orders');
    assert.is((await runBin([project, '--yes', '--no-git', ...args])).exitCode, 0);
    const check = spawnSync(bin('shellcheck'), ['--shell=sh', join(project, 'infra/bootstrap/setup.sh')], { encoding: 'utf8' });
    assert.is(check.status, 0, `${state}: ${check.stdout}${check.stderr}`);
  }
});

test('README: the one-time setup in the order a person must do it, each gh call naming the repository', async () => {
  const project = join(tempDir('cdal-setup-'), 'orders');
  assert.is((await runBin([project, '--yes', '--no-git'])).exitCode, 0);
  const readme = readFileSync(join(project, 'README.md'), 'utf8');
  const setup = readme.slice(readme.indexOf('## One-time setup'), readme.indexOf('## Deploy'));
  const order = ['gh repo create OWNER/REPO', 'sh infra/bootstrap/setup.sh OWNER/REPO', 'git push -u origin main'].map((step) => setup.indexOf(step));
  assert.ok(order.every((i) => i >= 0), `a step is missing: ${order.join(', ')}`);
  assert.equal([...order].sort((a, b) => a - b), order, 'steps out of order');
  assert.not.match(setup, /gh variable set (?![^\n]*--repo)/, 'a gh variable set without --repo');
  assert.not.match(setup, /gh api --method PUT[^\n]*environments/, 'an environment PUT that would overwrite protection rules');
  // The script calls gh before anything else, so the prerequisites may not call it optional.
  const prerequisites = readme.slice(readme.indexOf('## Prerequisites'), readme.indexOf('\n## ', readme.indexOf('## Prerequisites') + 1));
  assert.match(prerequisites, /^- The GitHub CLI \(`gh`\), logged in/m);
  assert.not.match(prerequisites, /optional[^\n]*`gh`/i, 'gh called optional though setup.sh needs it');
});

test.run();

// What the emitted repo says about its deploy gate and its manual runs must be what the
// workflow and the trust policies do (issue 24, items 1 and 4). The workflow's `if:` and
// `environment:` expressions are evaluated for each event (test/validators/workflow.ts); the
// OIDC subject a job then carries is compared with the subjects the rendered oidc.tf trusts.
// (test/security.test.ts evaluates the planned trust policies themselves for every event.)
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import type { Given } from '../generators/answers/index.js';
import { questions } from '../generators/dotnet-aot-lambda.js';
import type { Files } from '../lib/render/render.js';
import { renderAnswers } from './support/render.js';
import { evaluateField, evaluateIf, scenarios, type Scenario } from './validators/workflow.js';

const workflowOf = (files: Files, path = '.github/workflows/deploy.yml'): any => parse(files.get(path)!);

/** The subject suffixes (after repo:…:) a role's trust document in oidc.tf accepts. */
function trusted(files: Files, document: 'deploy_trust' | 'plan_trust'): string[] {
  const oidc = files.get('infra/bootstrap/oidc.tf')!;
  const body = oidc.slice(oidc.indexOf(`data "aws_iam_policy_document" "${document}"`));
  const block = body.slice(0, body.indexOf('\n}\n'));
  return [...block.matchAll(/"\$\{prefix\}:([^"]+)"/g)].map((m) => m[1]!);
}

interface Outcome {
  /** The Terraform job runs (its `if:`), and in which environment ('' for none). */
  runs: boolean;
  environment: string;
  /** The subject suffix its token carries, and the roles that trust it. */
  subject: string;
  roles: string[];
  plans: boolean;
  applies: boolean;
}

/** What the Terraform job does for one event, read from the workflow and checked against oidc.tf. */
function terraformJob(files: Files, s: Scenario): Outcome {
  const job = workflowOf(files).jobs.terraform;
  const runs = job.if === undefined || evaluateIf(job.if, s) === true;
  const environment = job.environment === undefined ? '' : String(evaluateField(job.environment, s));
  // GitHub's default subject: the environment's when the job names one, else the event's.
  const subject = environment !== '' ? `environment:${environment}` : s.event === 'pull_request' ? 'pull_request' : `ref:${s.ref}`;
  const roles = (['deploy', 'plan'] as const).filter((r) => trusted(files, `${r}_trust`).includes(subject));
  const step = (re: RegExp) => job.steps.some((st: any) => re.test(st.run ?? '') && (st.if === undefined || evaluateIf(st.if, s) === true));
  return { runs, environment, subject, roles, plans: runs && step(/terraform plan -input=false -out=tfplan/), applies: runs && step(/terraform apply/) };
}

const variants: Record<string, Given> = {
  'environment gate, zip': {},
  'environment gate, image': { package: 'image' },
  'branch gate, zip': { deployGate: 'branch' },
  'branch gate, image': { deployGate: 'branch', package: 'image' },
};

for (const [name, given] of Object.entries(variants)) {
  const files = renderAnswers(given);
  const branchGate = given.deployGate === 'branch';
  const image = given.package === 'image';
  const readme = files.get('README.md')!;

  test(`${name}: each event's Terraform job carries a subject exactly one role trusts, and only a push to main applies`, () => {
    const pr = terraformJob(files, scenarios.pr);
    assert.equal([pr.runs, pr.subject, pr.roles, pr.applies], [true, 'pull_request', ['plan'], false]);
    const push = terraformJob(files, scenarios.pushMain);
    assert.equal([push.runs, push.roles, push.plans, push.applies], [true, ['deploy'], true, true]);
    assert.is(push.subject, branchGate ? 'ref:refs/heads/main' : 'environment:production');
    // The build job pushes images on main with the deploy role: the same subject.
    if (image) {
      const build = workflowOf(files).jobs.build;
      const env = build.environment === undefined ? '' : String(evaluateField(build.environment, scenarios.pushMain));
      assert.is(env === '' ? 'ref:refs/heads/main' : `environment:${env}`, push.subject, 'the build job pushes images with another subject than the deploy role trusts');
    }
    for (const s of [scenarios.dispatchMain, scenarios.dispatchBranch]) assert.not.ok(terraformJob(files, s).applies, `${s.name} applies`);
  });

  test(`${name}: the README says what a manual run does on main and on another branch`, () => {
    const onMain = /^- \*\*on `main`:\*\* (.*)$/m.exec(readme)?.[1] ?? '';
    const onBranch = /^- \*\*on another branch:\*\* (.*)$/m.exec(readme)?.[1] ?? '';
    assert.ok(onMain && onBranch, 'no per-branch description of manual runs');
    assert.match(readme, /Manual runs \(`workflow_dispatch`\) never apply/);
    assert.not.match(readme, /plan against production/);

    const main = terraformJob(files, scenarios.dispatchMain);
    assert.equal(main.roles, ['deploy'], `a manual run on main carries ${main.subject}`);
    assert.match(onMain, main.plans ? /plans against the deployed functions/ : /plans nothing/);
    assert.not.match(onMain, main.plans ? /plans nothing/ : /plans against/);
    assert.match(onMain, main.environment ? /runs in the `production` environment with the deploy role/ : /assumes the deploy role/);

    const branch = terraformJob(files, scenarios.dispatchBranch);
    if (!branch.runs) {
      assert.match(onBranch, /the Terraform job is skipped/);
    } else {
      // GitHub rejects a job whose environment does not admit its branch (setup.sh admits only main).
      assert.is(branch.environment, 'production', 'a manual run of another branch runs Terraform outside the environment');
      assert.match(onBranch, /GitHub rejects the Terraform job, because the `production` environment admits only `main`/);
    }
    // Outside the environment its token names the branch, which no role trusts.
    const roles = [...trusted(files, 'deploy_trust'), ...trusted(files, 'plan_trust')];
    assert.not.ok(roles.includes(`ref:${scenarios.dispatchBranch.ref}`), `a role trusts ${scenarios.dispatchBranch.ref}`);
  });

  test(`${name}: the workflow's comments say what happens to manual runs`, () => {
    const text = files.get('.github/workflows/deploy.yml')!;
    assert.not.match(text, /manual runs of any branch/);
    assert.match(text, /pushes and manual runs of main/);
    assert.match(text, branchGate ? /A manual run of another branch skips this job: no role trusts its token/ : /GitHub rejects this job in a manual run of another branch/);
  });
}

test('branch gate: the README says what the gate means and how to protect main and switch; the environment gate how to switch to it', () => {
  const branch = renderAnswers({ deployGate: 'branch' }).get('README.md')!;
  assert.match(branch, /\*\*whoever can push to `main` can deploy\*\*/);
  assert.match(branch, /a branch protection rule or a ruleset/);
  assert.match(branch, /update --set deploy-gate=environment/);
  assert.not.match(branch, /environment with a deployment branch policy/, 'the branch gate README still describes creating an environment');
  assert.not.match(branch, /In a repository with several projects/);
  const environment = renderAnswers({}).get('README.md')!;
  assert.match(environment, /update --set deploy-gate=branch/);
  assert.match(environment, /A private repository on GitHub Free has no environments/);
});

test('branch gate in a repository with several projects: the README and oidc.tf say any project could assume the deploy role', () => {
  const files = renderAnswers({ deployGate: 'branch', repoPath: 'services/orders' });
  assert.match(files.get('README.md')!, /\*\*In a repository with several projects\*\*, every project's run on `main` sends the same OIDC subject/);
  assert.match(files.get('infra/bootstrap/oidc.tf')!, /Every project of this repository sends this same subject from main/);
  const wf = workflowOf(files, '../../.github/workflows/my-func.yml');
  assert.is(wf.jobs.terraform.environment, undefined);
  assert.equal(trusted(files, 'deploy_trust'), ['ref:refs/heads/main']);
});

test('function URL: the module comment and the README name both actions a caller needs since October 2025', () => {
  const files = renderAnswers({ trigger: 'function-url' });
  const module = files.get('infra/modules/function-url/main.tf')!;
  assert.match(module, /allows both lambda:InvokeFunctionUrl and\n# lambda:InvokeFunction on the function/);
  const invoke = files.get('README.md')!.split(/^## /m).find((s) => s.startsWith('Invoke\n'))!;
  assert.match(invoke, /allows both `lambda:InvokeFunctionUrl` and `lambda:InvokeFunction` on the function's alias, `arn:aws:lambda:REGION:ACCOUNT:function:my-func:production`/);
});

test('create asks for the deploy gate with a description of each choice, only when CI deploys (S3 state)', () => {
  const q = questions({}, 'my-func').find((x) => x.name === 'deployGate');
  assert.ok(q, 'create does not ask for the deploy gate');
  assert.equal(q.choices!({}), ['environment', 'branch']);
  assert.is(q.default({}), 'environment');
  assert.match(q.explain!('environment')!, /GitHub environment that admits only main.*public repository, or GitHub Pro, Team or Enterprise/);
  assert.match(q.explain!('branch')!, /private repositories on GitHub Free.*whoever can push to main can deploy/);
  assert.ok(q.when({ customize: true, state: 's3' }), 'not asked when customizing with S3 state');
  assert.not.ok(q.when({ customize: true, state: 'local' }), 'asked although local state never deploys');
});

test.run();

// With local state CI never deploys, so the bootstrap keeps no role for it (issue 24): a role no
// workflow assumes, trusting an environment nobody creates, is an open door, since GitHub creates
// any environment a workflow names. Checked on the planned bootstrap through the IAM harness
// (test/rehearsal/trust.ts, which the rehearsal's local-state scenario runs on the applied one).
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { bootstrapIam } from './support/iam.js';
import { unlessOptedOut } from './support/optout.js';
import { renderAnswers } from './support/render.js';
import { githubTrustProblems } from './rehearsal/trust.js';

const test = suite('local state trusts nothing of GitHub');
const check = unlessOptedOut(test, 'SKIP_TERRAFORM');

check('the local-state bootstrap creates no GitHub OIDC provider and no role any workflow token may assume', async () => {
  for (const given of [{ state: 'local' as const }, { state: 'local' as const, package: 'image' as const, trigger: 's3' as const }]) {
    const model = await bootstrapIam(given);
    assert.equal(githubTrustProblems(model, 'production'), [], JSON.stringify(given));
    assert.ok(model.resources.some((r) => r.address === 'aws_iam_policy.execution_boundary'), 'the boundary the function stack needs is still made');
  }
});

check('seeded fault: a bootstrap with the roles (the S3-state one) fails by name', async () => {
  const problems = githubTrustProblems(await bootstrapIam({}), 'production');
  assert.ok(problems.some((p) => p.startsWith('local state: the bootstrap creates the GitHub OIDC provider (aws_iam_openid_connect_provider.github[0])')), problems.join('\n'));
  assert.ok(problems.some((p) => /^local state: aws_iam_role\.deploy \(my-func-deploy\) trusts GitHub's OIDC provider; a .*job in the production environment/.test(p)), problems.join('\n'));
  assert.ok(problems.some((p) => /^local state: aws_iam_role\.plan \(my-func-plan\) trusts GitHub's OIDC provider; a pull request/.test(p)), problems.join('\n'));
});

test('the local-state files: no oidc.tf, no GitHub variables, the deploy policy as an output, setup.sh asks GitHub nothing', () => {
  const files = renderAnswers({ state: 'local' });
  assert.not.ok(files.has('infra/bootstrap/oidc.tf'));
  assert.not.match(files.get('infra/bootstrap/variables.tf')!, /github_repository|github_subject_prefix|existing_oidc_provider_arn/);
  assert.match(files.get('infra/bootstrap/outputs.tf')!, /output "deploy_policy" \{[^}]*value\s+= data\.aws_iam_policy_document\.deploy\.json/);
  assert.not.match(files.get('infra/bootstrap/outputs.tf')!, /role_arn/);
  const setup = files.get('infra/bootstrap/setup.sh')!;
  assert.not.match(setup, /\bgh\b|gh api|REPO|oidc|OIDC_PROVIDER|ROLE_ARN|gh variable/);
  assert.not.match(files.get('README.md')!, /AWS_DEPLOY_ROLE_ARN|AWS_PLAN_ROLE_ARN|setup\.sh OWNER\/REPO|github_repository/);
  // S3 state keeps them.
  const s3 = renderAnswers({});
  assert.ok(s3.has('infra/bootstrap/oidc.tf'));
  assert.match(s3.get('infra/bootstrap/setup.sh')!, /gh variable set AWS_DEPLOY_ROLE_ARN/);
});

test.run();

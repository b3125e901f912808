// The IAM harness can fail: an allowing policy is Allowed, a non-allowing one is denied, a
// token from another repository is refused, and the reading of plans and states finds every
// policy attached to a role (or refuses to guess). No Terraform needed.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  ACCOUNT,
  assume,
  decide,
  decideFor,
  githubClaims,
  iamFromShowJson,
  ourRepo,
  role,
  subjectPrefix,
  type GithubRepo,
  type Role,
} from './support/iam.js';

const bucket = 'arn:aws:s3:::some-bucket';
const roleWith = (statements: unknown[], extra: Partial<Role> = {}): Role => ({
  address: 'aws_iam_role.test',
  name: 'test',
  arn: `arn:aws:iam::${ACCOUNT}:role/test`,
  trust: { Version: '2012-10-17', Statement: [] },
  inline: [{ name: 'test', document: { Version: '2012-10-17', Statement: statements } }],
  managed: [],
  unresolvedManaged: [],
  ...extra,
});

test('a policy that allows the call is Allowed; one that does not is denied', async () => {
  const allows = roleWith([{ Effect: 'Allow', Action: 's3:GetObject', Resource: `${bucket}/*` }]);
  const other = roleWith([{ Effect: 'Allow', Action: 's3:PutObject', Resource: `${bucket}/*` }]);
  assert.is(await decide(allows, { action: 's3:GetObject', resource: `${bucket}/key` }), 'Allowed');
  assert.is(await decide(other, { action: 's3:GetObject', resource: `${bucket}/key` }), 'ImplicitlyDenied');
  assert.is(await decide(allows, { action: 's3:GetObject', resource: 'arn:aws:s3:::another-bucket/key' }), 'ImplicitlyDenied');
});

test('conditions, boundaries and resource policies count', async () => {
  const listed = roleWith([{ Effect: 'Allow', Action: 's3:ListBucket', Resource: bucket, Condition: { StringEquals: { 's3:prefix': 'state' } } }]);
  assert.is(await decide(listed, { action: 's3:ListBucket', resource: bucket, context: { 's3:prefix': 'state' } }), 'Allowed');
  assert.is(await decide(listed, { action: 's3:ListBucket', resource: bucket }), 'ImplicitlyDenied', 'no prefix, no match');

  const admin = roleWith([{ Effect: 'Allow', Action: '*', Resource: '*' }]);
  const bounded = { ...admin, boundary: { name: 'boundary', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: '*' }] } } };
  assert.is(await decide(admin, { action: 'iam:CreateUser', resource: `arn:aws:iam::${ACCOUNT}:user/x` }), 'Allowed');
  assert.is(await decide(bounded, { action: 'iam:CreateUser', resource: `arn:aws:iam::${ACCOUNT}:user/x` }), 'ImplicitlyDenied');

  const denyPlain = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: `${bucket}/*`, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] };
  const request = { action: 's3:GetObject', resource: `${bucket}/key`, resourcePolicy: denyPlain };
  assert.is(await decide(admin, { ...request, context: { 'aws:SecureTransport': 'false' } }), 'ExplicitlyDenied');
  assert.is(await decide(admin, { ...request, context: { 'aws:SecureTransport': 'true' } }), 'Allowed');
});

const rejection = async (run: () => Promise<unknown>): Promise<string> => {
  try {
    await run();
  } catch (error) {
    return String(error);
  }
  return 'resolved';
};

test('malformed requests are errors, not denials', async () => {
  const r = roleWith([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }]);
  assert.match(await rejection(() => decide(r, { action: 's3:GetObjekt', resource: `${bucket}/key` })), /cannot evaluate/);
  assert.match(await rejection(() => decide(r, { action: 's3:GetObject', resource: `${bucket}/key`, context: { 'lambda:Principal': 'x' } })), /ignores context keys lambda:Principal/);
  assert.match(await rejection(async () => decide({ ...r, unresolvedManaged: ['arn:aws:iam::aws:policy/AdministratorAccess'] }, { action: 's3:GetObject', resource: `${bucket}/key` })), /not in the plan/);
});

test('a service principal is judged by the resource policy alone', async () => {
  const repository = `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/r`;
  const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'ecr:BatchGetImage', Resource: repository, Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } }] };
  const request = { action: 'ecr:BatchGetImage', resource: repository, resourcePolicy: policy };
  assert.is(await decideFor({ principal: 'lambda.amazonaws.com', identityPolicies: [] }, { ...request, context: { 'aws:SourceAccount': ACCOUNT } }), 'Allowed');
  assert.is(await decideFor({ principal: 'lambda.amazonaws.com', identityPolicies: [] }, { ...request, context: { 'aws:SourceAccount': '444455556666' } }), 'ImplicitlyDenied');
});

test("a trust policy for one repository refuses another repository's token, in both subject formats", () => {
  const stranger: GithubRepo = { owner: 'evil-org', ownerId: 666, repo: 'my-func', repoId: 999 };
  // Same names, other IDs: a recycled owner or repository name.
  const recycled: GithubRepo = { ...ourRepo, ownerId: ourRepo.ownerId + 1, repoId: ourRepo.repoId + 1 };
  for (const format of ['classic', 'immutable'] as const) {
    const trusting = roleWith([], {
      trust: {
        Version: '2012-10-17',
        Statement: [{
          Effect: 'Allow',
          Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com` },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com', 'token.actions.githubusercontent.com:sub': `${subjectPrefix(ourRepo, format)}:pull_request` } },
        }],
      },
    });
    assert.is(assume(trusting, githubClaims(ourRepo, { kind: 'pull_request' }, format)), 'Allowed', format);
    assert.is(assume(trusting, githubClaims(stranger, { kind: 'pull_request' }, format)), 'ImplicitlyDenied', `${format}: another repository`);
    assert.is(assume(trusting, githubClaims(ourRepo, { kind: 'branch', branch: 'main' }, format)), 'ImplicitlyDenied', `${format}: another event`);
    assert.is(assume(trusting, { ...githubClaims(ourRepo, { kind: 'pull_request' }, format), 'token.actions.githubusercontent.com:aud': 'other' }), 'ImplicitlyDenied', `${format}: audience`);
    assert.is(assume(trusting, githubClaims(ourRepo, { kind: 'pull_request' }, format), `arn:aws:iam::444455556666:oidc-provider/token.actions.githubusercontent.com`), 'ImplicitlyDenied', `${format}: another provider`);
    if (format === 'immutable') assert.is(assume(trusting, githubClaims(recycled, { kind: 'pull_request' }, format)), 'ImplicitlyDenied', 'recycled names');
  }
});

test('subjects follow GitHub\'s default template', () => {
  assert.is(githubClaims(ourRepo, { kind: 'environment', name: 'production' }, 'classic')['token.actions.githubusercontent.com:sub'], 'repo:octo-org/my-func:environment:production');
  assert.is(githubClaims(ourRepo, { kind: 'branch', branch: 'main' }, 'immutable')['token.actions.githubusercontent.com:sub'], 'repo:octo-org@1234567/my-func@987654321:ref:refs/heads/main');
  assert.is(githubClaims(ourRepo, { kind: 'pull_request' }, 'classic')['token.actions.githubusercontent.com:sub'], 'repo:octo-org/my-func:pull_request');
});

// An applied state, as `terraform show -json` prints it: every way of giving a role a policy.
const doc = (action: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });
const state = {
  values: {
    root_module: {
      resources: [
        { address: 'data.aws_caller_identity.current', mode: 'data', type: 'aws_caller_identity', name: 'current', values: { account_id: ACCOUNT } },
        { address: 'aws_iam_role.deploy', mode: 'managed', type: 'aws_iam_role', name: 'deploy', values: { name: 'f-deploy', arn: `arn:aws:iam::${ACCOUNT}:role/f-deploy`, assume_role_policy: doc('sts:AssumeRole'), inline_policy: [{ name: 'inline', policy: doc('lambda:GetFunction') }], managed_policy_arns: [] } },
        { address: 'aws_iam_role_policy.deploy', mode: 'managed', type: 'aws_iam_role_policy', name: 'deploy', values: { name: 'deploy-f', role: 'f-deploy', policy: doc('lambda:UpdateFunctionCode') } },
        { address: 'aws_iam_role_policy.sneaky', mode: 'managed', type: 'aws_iam_role_policy', name: 'sneaky', values: { name: 'anything', role: 'f-deploy', policy: doc('*') } },
        { address: 'aws_iam_policy.extra', mode: 'managed', type: 'aws_iam_policy', name: 'extra', values: { name: 'extra', arn: `arn:aws:iam::${ACCOUNT}:policy/extra`, policy: doc('iam:PassRole') } },
        { address: 'aws_iam_role_policy_attachment.extra', mode: 'managed', type: 'aws_iam_role_policy_attachment', name: 'extra', values: { role: 'f-deploy', policy_arn: `arn:aws:iam::${ACCOUNT}:policy/extra` } },
        { address: 'aws_iam_role_policy_attachment.admin', mode: 'managed', type: 'aws_iam_role_policy_attachment', name: 'admin', values: { role: 'f-deploy', policy_arn: 'arn:aws:iam::aws:policy/AdministratorAccess' } },
      ],
    },
  },
};

test('reading a state finds every inline policy, attachment and unresolvable managed policy', () => {
  const model = iamFromShowJson(state);
  const deploy = role(model, 'deploy');
  assert.equal(deploy.inline.map((p) => p.name).sort(), ['aws_iam_role.deploy.inline_policy[inline]', 'aws_iam_role_policy.deploy', 'aws_iam_role_policy.sneaky']);
  assert.equal(deploy.managed.map((p) => p.name), ['aws_iam_policy.extra']);
  assert.equal(deploy.unresolvedManaged, ['arn:aws:iam::aws:policy/AdministratorAccess']);
  assert.throws(() => role(model, 'plan'), /no aws_iam_role.plan/);
});

test('reading a plan refuses a policy that is unknown until apply', () => {
  const plan = {
    planned_values: { root_module: { resources: [{ address: 'aws_iam_role.r', mode: 'managed', type: 'aws_iam_role', name: 'r', values: { name: 'r' } }] } },
    resource_changes: [{ address: 'aws_iam_role.r', change: { after_unknown: { assume_role_policy: true, arn: true } } }],
  };
  assert.throws(() => iamFromShowJson(plan), /aws_iam_role\.r\.assume_role_policy is unknown at plan time/);
});

test.run();

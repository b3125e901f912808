// Security properties of the emitted Terraform, read from the HCL itself (hcl2json): what the
// IAM policies allow, who may assume the GitHub roles, what the function's own role may do,
// and how the state bucket is protected. Needs no Terraform and no AWS.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Answers } from '../generators/answers.js';
import { renderAnswers } from './support/render.js';
import { block, blocks, iamPolicyProblems, locals, parseTerraformFiles, policyStatements, type PolicyStatement, type TfFile } from './validators/hcl.js';

const parsed = new Map<string, Promise<TfFile[]>>();
function terraformOf(given: Partial<Answers> = {}): Promise<TfFile[]> {
  const key = JSON.stringify(given);
  if (!parsed.has(key)) parsed.set(key, parseTerraformFiles(renderAnswers(given)));
  return parsed.get(key)!;
}

const statementsOf = (tf: TfFile[], document: string): PolicyStatement[] => policyStatements(tf).filter((s) => s.document === document);
const conditionValues = (st: PolicyStatement, variable: string, test = 'StringEquals'): string[] | undefined =>
  st.conditions.find((c) => c.variable === variable && c.test === test)?.values;

const variants: Array<Partial<Answers>> = [
  {},
  { trigger: 'function-url' },
  { trigger: 'none', state: 'local' },
  { artifactBucket: 'my-artifacts', existingRole: 'my-lambda-role' },
  { package: 'image' },
  { preset: 'seed', artifactBucket: 'my-artifacts', existingRole: 'my-lambda-role' },
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

test('no action "*" or "iam:*" and no AdministratorAccess', async () => {
  const tf = await terraformOf();
  const allowed = policyStatements(tf).filter((s) => s.effect === 'Allow').flatMap((s) => s.actions);
  assert.ok(allowed.length > 20, 'statements were found');
  assert.not.ok(allowed.includes('*'));
  assert.not.ok(allowed.includes('iam:*'));
  for (const f of tf) assert.not.match(f.text, /AdministratorAccess|PowerUserAccess|IAMFullAccess/, f.path);
  assert.is(blocks(tf, 'resource', 'aws_iam_role_policy_attachment').length, 0, 'no managed policies attached');
});

test('iam:PassRole: the execution role only, and only to Lambda', async () => {
  const tf = await terraformOf();
  const passRole = policyStatements(tf).filter((s) => s.actions.includes('iam:PassRole'));
  assert.is(passRole.length, 1, 'one PassRole statement');
  const [st] = passRole as [PolicyStatement];
  assert.equal(st.resources, ['${local.execution_role_arn}']);
  assert.match(String(locals(tf).execution_role_arn), /:role\/\$\{var\.function_name\}-execution"?$/);
  assert.equal(conditionValues(st, 'iam:PassedToService'), ['lambda.amazonaws.com']);

  const existing = await terraformOf({ existingRole: 'my-lambda-role' });
  const [other] = policyStatements(existing).filter((s) => s.actions.includes('iam:PassRole')) as [PolicyStatement];
  assert.equal(other.resources, ['${local.execution_role_arn}']);
  assert.match(String(locals(existing).execution_role_arn), /:role\/\$\{var\.execution_role_name\}$/);
  assert.equal(conditionValues(other, 'iam:PassedToService'), ['lambda.amazonaws.com']);
});

test('the deploy role can change the execution role only inside its permissions boundary', async () => {
  const tf = await terraformOf();
  const deploy = statementsOf(tf, 'deploy');
  const widening = ['iam:CreateRole', 'iam:PutRolePolicy', 'iam:AttachRolePolicy', 'iam:PutRolePermissionsBoundary', 'iam:DeleteRolePermissionsBoundary'];
  for (const st of deploy.filter((s) => s.actions.some((a) => widening.includes(a)))) {
    assert.equal(conditionValues(st, 'iam:PermissionsBoundary'), ['${local.execution_boundary_arn}'], `${st.sid} must require the boundary`);
  }
  assert.not.ok(deploy.some((s) => s.actions.some((a) => /^iam:(AttachRolePolicy|PutRolePermissionsBoundary|DeleteRolePermissionsBoundary)$/.test(a))));
  // The function stack attaches the boundary the bootstrap stack creates, by the same name.
  const role = block(tf, 'resource', 'aws_iam_role', 'execution')!;
  assert.is(role.body.permissions_boundary, '${local.execution_boundary_arn}');
  const infraLocal = tf.filter((f) => f.path === 'infra/iam.tf').flatMap((f) => f.json.locals ?? [])[0] as Record<string, string>;
  const bootLocal = tf.filter((f) => f.path === 'infra/bootstrap/main.tf').flatMap((f) => f.json.locals ?? [])[0] as Record<string, string>;
  assert.match(infraLocal.execution_boundary_arn!, /:policy\/\$\{var\.function_name\}-execution-boundary$/);
  assert.is(bootLocal.execution_boundary_arn!.replace(/local\.(partition|account_id)/g, 'X'), infraLocal.execution_boundary_arn!.replace(/data\.aws_(partition|caller_identity)\.current\.(partition|account_id)/g, 'X'));
  const boundary = statementsOf(tf, 'execution_boundary');
  assert.equal(boundary.flatMap((s) => s.actions).sort(), ['logs:CreateLogStream', 'logs:PutLogEvents']);
});

test('trust: audience sts.amazonaws.com; deploy = environment production; plan = pull requests and main', async () => {
  const tf = await terraformOf();
  const [deploy] = statementsOf(tf, 'deploy_trust') as [PolicyStatement];
  const [plan] = statementsOf(tf, 'plan_trust') as [PolicyStatement];
  for (const st of [deploy, plan]) {
    assert.equal(st.actions, ['sts:AssumeRoleWithWebIdentity']);
    assert.equal(st.principals, [{ type: 'Federated', identifiers: ['${local.oidc_provider_arn}'] }]);
    assert.equal(conditionValues(st, 'token.actions.githubusercontent.com:aud'), ['sts.amazonaws.com']);
    assert.not.ok(st.conditions.some((c) => c.test.startsWith('StringLike')), 'no wildcard subject matching');
  }
  assert.equal(conditionValues(deploy, 'token.actions.githubusercontent.com:sub'), ['${local.github_subject_prefix}:environment:production']);
  assert.equal(conditionValues(plan, 'token.actions.githubusercontent.com:sub')?.sort(), [
    '${local.github_subject_prefix}:pull_request',
    '${local.github_subject_prefix}:ref:refs/heads/main',
  ]);
  assert.is(locals(tf).github_subject_prefix, '${coalesce(var.github_subject_prefix, "repo:${var.github_repository}")}');
  // Roles get their trust from those documents, and the plan role only the read document.
  assert.is(block(tf, 'resource', 'aws_iam_role', 'deploy')!.body.assume_role_policy, '${data.aws_iam_policy_document.deploy_trust.json}');
  assert.is(block(tf, 'resource', 'aws_iam_role', 'plan')!.body.assume_role_policy, '${data.aws_iam_policy_document.plan_trust.json}');
  assert.is(block(tf, 'resource', 'aws_iam_role_policy', 'plan')!.body.policy, '${data.aws_iam_policy_document.read.json}');
  const oidc = block(tf, 'resource', 'aws_iam_openid_connect_provider', 'github')!;
  assert.equal(oidc.body.client_id_list, ['sts.amazonaws.com']);
  assert.is(oidc.body.url, 'https://token.actions.githubusercontent.com');
});

test('the plan role is read-only', async () => {
  const tf = await terraformOf({ artifactBucket: 'my-artifacts', package: 'zip' });
  const read = statementsOf(tf, 'read');
  assert.ok(read.length >= 5);
  const readOnly = /^(\w+:(Get|List|Describe)\w*\*?|apigateway:GET)$/;
  for (const st of read) for (const a of st.actions) assert.match(a, readOnly, `${st.sid}: ${a} is not read-only`);
});

test('the execution role may only write its own log group', async () => {
  const tf = await terraformOf();
  const role = block(tf, 'resource', 'aws_iam_role', 'execution')!;
  assert.is(role.body.name, '${var.function_name}-execution');
  const [trust] = statementsOf(tf, 'lambda_trust') as [PolicyStatement];
  assert.equal(trust.principals, [{ type: 'Service', identifiers: ['lambda.amazonaws.com'] }]);
  const attached = blocks(tf, 'resource', 'aws_iam_role_policy').filter((p) => p.body.role === '${aws_iam_role.execution.id}');
  assert.is(attached.length, 1, 'one inline policy on the execution role');
  assert.is(attached[0]!.body.policy, '${data.aws_iam_policy_document.execution_logs.json}');
  const statements = statementsOf(tf, 'execution_logs');
  assert.equal(statements.flatMap((s) => s.actions).sort(), ['logs:CreateLogStream', 'logs:PutLogEvents']);
  assert.equal(statements.flatMap((s) => s.resources), ['${aws_cloudwatch_log_group.function.arn}:*']);
  const group = block(tf, 'resource', 'aws_cloudwatch_log_group', 'function')!;
  assert.is(group.body.name, '/aws/lambda/${var.function_name}');
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
  assert.equal(deny.resources.sort(), ['${aws_s3_bucket.state.arn}', '${aws_s3_bucket.state.arn}/*']);
  assert.equal(deny.actions, ['s3:*']);
  // The bucket name is derived (account ID), never an invented literal.
  assert.match(String(locals(tf).state_bucket_name), /data|local\.account_id/);
});

test('state access is limited to this function\'s key and its lock file', async () => {
  const tf = await terraformOf();
  const all = [...statementsOf(tf, 'read'), ...statementsOf(tf, 'deploy')];
  const onState = all.filter((s) => s.resources.some((r) => r.includes('local.state_bucket_arn')));
  assert.ok(onState.length >= 3);
  for (const st of onState) {
    for (const r of st.resources) assert.ok(r === '${local.state_bucket_arn}' || r.startsWith('${local.state_bucket_arn}/${local.state_key}'), `${st.sid}: ${r}`);
    if (st.actions.includes('s3:ListBucket')) assert.equal(conditionValues(st, 's3:prefix'), ['${local.state_key}']);
  }
  assert.is(locals(tf).state_key, '${var.function_name}/terraform.tfstate');
  const writes = all.filter((s) => s.actions.some((a) => /^s3:(Put|Delete)Object$/.test(a)));
  assert.ok(writes.length >= 2 && writes.every((s) => s.document === 'deploy'), 'only the deploy role writes state');
});

test('triggers cannot open the function to the world', async () => {
  const http = await terraformOf();
  const permission = block(http, 'resource', 'aws_lambda_permission', 'http_api')!;
  assert.is(permission.body.principal, 'apigateway.amazonaws.com');
  assert.is(permission.body.qualifier, '${aws_lambda_alias.live.name}');
  assert.is(permission.body.source_arn, '${aws_apigatewayv2_api.http.execution_arn}/*/*');
  const add = statementsOf(http, 'deploy').find((s) => s.actions.includes('lambda:AddPermission'))!;
  assert.equal(conditionValues(add, 'lambda:Principal'), ['apigateway.amazonaws.com']);

  const url = await terraformOf({ trigger: 'function-url' });
  const fnUrl = block(url, 'resource', 'aws_lambda_function_url', 'function')!;
  assert.is(fnUrl.body.authorization_type, 'AWS_IAM');
  assert.is(blocks(url, 'resource', 'aws_lambda_permission').length, 0, 'no public resource policy');
  const create = statementsOf(url, 'deploy').find((s) => s.actions.includes('lambda:CreateFunctionUrlConfig'))!;
  assert.equal(conditionValues(create, 'lambda:FunctionUrlAuthType'), ['AWS_IAM']);
});

test.run();

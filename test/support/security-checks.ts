// The security properties of a rendered repo's IAM, as named checks over the IAM harness's
// evaluation (never over the policy text). test/security.test.ts runs every check on every
// variant that changes IAM; test/security-mutations.test.ts breaks a rendered repo on purpose
// and expects the named check to fail. A check returns its problems: one line per request
// whose decision was not the expected one.
import type { Answers, Given } from '../../generators/answers/index.js';
import { deployEnvironment } from '../../generators/context.js';
import { answersFor } from './render.js';
import { githubTrustProblems } from '../rehearsal/trust.js';
import {
  ACCOUNT,
  OTHER_ACCOUNT,
  assume,
  decide,
  decideFor,
  githubClaims,
  ourRepo,
  resourcePolicy,
  role,
  withBoundary,
  type EvaluationResult,
  type GithubEvent,
  type IamModel,
  type PolicyDocument,
  type Request,
  type Role,
  subjectFormats,
  trustCases,
  type TrustCase,
  type SubjectFormat,
} from './iam.js';

export interface Subject {
  given: Given;
  /** The bootstrap's IAM with the classic subject prefix (the default). */
  bootstrap: IamModel;
  /** The bootstrap's IAM per subject format, for the trust checks. */
  byFormat: Partial<Record<SubjectFormat, IamModel>>;
  /** infra/'s IAM, when the function stack creates its execution role. */
  functionStack?: IamModel;
}

export interface Check {
  name: string;
  /** Whether the check means anything for this answer set. */
  applies: (a: Answers) => boolean;
  run: (subject: Subject) => Promise<string[]>;
}

/** Names and ARNs of what an answer set's function stack creates. Repo-wide names derive from
 * the prefix; `functions` has each function's own; the defaults of `functionArn` and `logGroup`
 * and the top-level `fn`, `aliasArn`, `executionRole` are the first function's. */
export function arnsFor(given: Given, account = ACCOUNT) {
  const a = answersFor(given);
  const prefix = a.prefix;
  const fn = a.functions[0]!.functionName;
  const region = a.region;
  const functionArn = (name = fn, r = region, acct = account) => `arn:aws:lambda:${r}:${acct}:function:${name}`;
  const logGroup = (name = fn, r = region, acct = account) => `arn:aws:logs:${r}:${acct}:log-group:/aws/lambda/${name}`;
  const executionRoleOf = (name: string) => `arn:aws:iam::${account}:role/${a.existingRole !== '' ? a.existingRole : `${name}-execution`}`;
  const functions = a.functions.map((f) => ({
    answers: f,
    name: f.functionName,
    functionArn: functionArn(f.functionName),
    aliasArn: `${functionArn(f.functionName)}:production`,
    logGroup: logGroup(f.functionName),
    executionRole: executionRoleOf(f.functionName),
    artifactObject: `arn:aws:s3:::${a.artifactBucket}/${f.functionName}/bootstrap.zip`,
  }));
  return {
    answers: a,
    prefix,
    fn,
    region,
    functionArn,
    logGroup,
    functions,
    aliasArn: functions[0]!.aliasArn,
    executionRole: functions[0]!.executionRole,
    /** A function `add` could create later: inside the prefix, unknown to the bootstrap. */
    laterFunction: `${prefix}-added-later`,
    boundary: `arn:aws:iam::${account}:policy/${prefix}-execution-boundary`,
    repository: `arn:aws:ecr:${region}:${account}:repository/${prefix.toLowerCase()}`,
    apis: `arn:aws:apigateway:${region}::/apis`,
    stateKey: `${prefix}/terraform.tfstate`,
  };
}

function stateBucket(model: IamModel): string {
  const bucket = model.resources.find((r) => r.type === 'aws_s3_bucket' && r.name === 'state')?.values.bucket;
  if (typeof bucket !== 'string') throw new Error('the bootstrap plans no state bucket');
  return bucket;
}

type Expectation = [Role, Request, EvaluationResult | 'denied', string];

/** Evaluate each expectation; a problem names the role, the request and both decisions. */
async function expectAll(expectations: Expectation[]): Promise<string[]> {
  const problems: string[] = [];
  for (const [who, request, expected, why] of expectations) {
    const got = await decide(who, request);
    const ok = expected === 'denied' ? got !== 'Allowed' : got === expected;
    if (!ok) {
      const context = request.context ? ` ${JSON.stringify(request.context)}` : '';
      problems.push(`${who.name}: ${request.action} on ${request.resource}${context}: ${got}, expected ${expected} (${why})`);
    }
  }
  return problems;
}

const tls = { 'aws:SecureTransport': 'true' };
// iam-data lists API Gateway v1 resource types for the apigateway verbs, not HTTP APIs (/apis).
const unlisted = 'HTTP API (/apis) resource types are missing from iam-data';

/** What the deploy role must be able to do for this answer set (first deploy and every later one). */
function deployNeeds(subject: Subject): Array<[Request, string]> {
  const n = arnsFor(subject.given);
  const a = n.answers;
  const needs: Array<[Request, string]> = [];
  // Every function of the repo, and one `add` creates later without re-applying the bootstrap.
  const later = { name: n.laterFunction, functionArn: n.functionArn(n.laterFunction), aliasArn: `${n.functionArn(n.laterFunction)}:production`, logGroup: n.logGroup(n.laterFunction) };
  for (const f of [...n.functions, { ...later, answers: n.functions[0]!.answers, executionRole: a.existingRole !== '' ? n.executionRole : `arn:aws:iam::${ACCOUNT}:role/${n.laterFunction}-execution`, artifactObject: `arn:aws:s3:::${a.artifactBucket}/${n.laterFunction}/bootstrap.zip` }]) {
    const of = ` (${f.name})`;
    needs.push(
      [{ action: 'lambda:CreateFunction', resource: f.functionArn }, `create the function${of}`],
      [{ action: 'lambda:UpdateFunctionCode', resource: f.functionArn }, `deploy new code${of}`],
      [{ action: 'lambda:UpdateFunctionConfiguration', resource: f.functionArn }, `change memory or timeout${of}`],
      [{ action: 'lambda:PublishVersion', resource: f.functionArn }, `publish a version${of}`],
      [{ action: 'lambda:GetFunction', resource: f.functionArn }, `refresh the function${of}`],
      [{ action: 'lambda:CreateAlias', resource: f.aliasArn }, `create the alias${of}`],
      [{ action: 'lambda:UpdateAlias', resource: f.aliasArn }, `move the alias${of}`],
      [{ action: 'logs:CreateLogGroup', resource: f.logGroup }, `create the log group${of}`],
      [{ action: 'logs:PutRetentionPolicy', resource: f.logGroup }, `set retention${of}`],
      [{ action: 'iam:PassRole', resource: f.executionRole, context: { 'iam:PassedToService': 'lambda.amazonaws.com' } }, `hand the execution role to Lambda${of}`],
    );
    if (a.existingRole === '') {
      needs.push(
        [{ action: 'iam:CreateRole', resource: f.executionRole, context: { 'iam:PermissionsBoundary': n.boundary } }, `create the execution role with its boundary${of}`],
        [{ action: 'iam:PutRolePolicy', resource: f.executionRole, context: { 'iam:PermissionsBoundary': n.boundary } }, `write the execution role's policy${of}`],
        [{ action: 'iam:GetRole', resource: f.executionRole }, `refresh the execution role${of}`],
      );
    }
    if (f.answers.trigger === 'http-api') {
      needs.push([{ action: 'lambda:AddPermission', resource: f.aliasArn, context: { 'lambda:Principal': 'apigateway.amazonaws.com' } }, `let API Gateway invoke the alias${of}`]);
    }
    if (f.answers.trigger === 'function-url') {
      needs.push([{ action: 'lambda:CreateFunctionUrlConfig', resource: f.aliasArn, context: { 'lambda:FunctionUrlAuthType': 'AWS_IAM' } }, `create the IAM-auth function URL${of}`]);
    }
    if (a.artifactBucket !== '' && a.package === 'zip') {
      needs.push([{ action: 's3:PutObject', resource: f.artifactObject, context: tls }, `upload the package${of}`]);
    }
  }
  if (a.functions.some((f) => f.trigger === 'http-api')) {
    needs.push(
      [{ action: 'apigateway:POST', resource: n.apis, unlisted }, 'create the HTTP API'],
      [{ action: 'apigateway:PATCH', resource: `${n.apis}/abc123`, unlisted }, 'update the HTTP API'],
      [{ action: 'apigateway:POST', resource: `${n.apis}/abc123/routes`, unlisted }, 'add a route'],
    );
  }
  if (a.package === 'image') {
    needs.push(
      [{ action: 'ecr:GetAuthorizationToken', resource: '*' }, 'log in to ECR'],
      [{ action: 'ecr:PutImage', resource: n.repository }, 'push the image'],
      [{ action: 'ecr:InitiateLayerUpload', resource: n.repository }, 'push layers'],
    );
  }
  if (a.state === 's3') {
    const bucket = stateBucket(subject.bootstrap);
    const policy = resourcePolicy(subject.bootstrap, 'aws_s3_bucket_policy').document;
    const object = `arn:aws:s3:::${bucket}/${n.stateKey}`;
    needs.push(
      [{ action: 's3:ListBucket', resource: `arn:aws:s3:::${bucket}`, context: tls, resourcePolicy: policy }, 'HeadObject on the state key (no s3:prefix)'],
      [{ action: 's3:GetObject', resource: object, context: tls, resourcePolicy: policy }, 'read state'],
      [{ action: 's3:PutObject', resource: object, context: tls, resourcePolicy: policy }, 'write state'],
      [{ action: 's3:PutObject', resource: `${object}.tflock`, context: tls, resourcePolicy: policy }, 'take the lock'],
      [{ action: 's3:GetObject', resource: `${object}.tflock`, context: tls, resourcePolicy: policy }, 'read the lock'],
      [{ action: 's3:DeleteObject', resource: `${object}.tflock`, context: tls, resourcePolicy: policy }, 'release the lock'],
    );
  }
  return needs;
}

/** What the plan role must be able to do: read what the plan refreshes, and state. */
function planNeeds(subject: Subject): Array<[Request, string]> {
  const n = arnsFor(subject.given);
  const a = n.answers;
  const needs: Array<[Request, string]> = [
    // AWS authorizes this list call against log-group::log-stream: (its AccessDenied messages
    // name that resource: terraform-provider-aws#8804); iam-data calls it wildcard-only.
    [{ action: 'logs:DescribeLogGroups', resource: `arn:aws:logs:${n.region}:${ACCOUNT}:log-group::log-stream:`, unlisted: 'AWS authorizes it against log-group::log-stream:' }, 'refresh the log groups'],
  ];
  for (const f of n.functions) {
    needs.push(
      [{ action: 'lambda:GetFunction', resource: f.functionArn }, `refresh the function (${f.name})`],
      [{ action: 'lambda:GetAlias', resource: f.aliasArn }, `refresh the alias (${f.name})`],
      [{ action: 'iam:GetRole', resource: f.executionRole }, `refresh the execution role (${f.name})`],
    );
  }
  if (a.functions.some((f) => f.trigger === 'http-api')) needs.push([{ action: 'apigateway:GET', resource: `${n.apis}/abc123`, unlisted }, 'refresh the HTTP API']);
  if (a.package === 'image') needs.push([{ action: 'ecr:DescribeRepositories', resource: n.repository }, 'read the repository']);
  if (a.state === 's3') {
    const bucket = stateBucket(subject.bootstrap);
    const policy = resourcePolicy(subject.bootstrap, 'aws_s3_bucket_policy').document;
    needs.push(
      [{ action: 's3:ListBucket', resource: `arn:aws:s3:::${bucket}`, context: tls, resourcePolicy: policy }, 'HeadObject on the state key (no s3:prefix): the first plan'],
      [{ action: 's3:GetObject', resource: `arn:aws:s3:::${bucket}/${n.stateKey}`, context: tls, resourcePolicy: policy }, 'read state'],
    );
  }
  return needs;
}

/** Who deploys: the deploy role; with local state (issue 24: no role trusts GitHub) a person
 * holding the bootstrap's output deploy_policy, which its terraform test holds equal to the
 * deploy document, read here from the plan. */
export function deployer(subject: Subject): Role {
  if (answersFor(subject.given).state === 's3') return role(subject.bootstrap, 'deploy');
  const json = subject.bootstrap.resources.find((r) => r.address === 'data.aws_iam_policy_document.deploy')?.values.json;
  if (typeof json !== 'string') throw new Error('local state: the plan has no data.aws_iam_policy_document.deploy to deploy with');
  return {
    address: 'output.deploy_policy',
    name: 'deployer',
    arn: `arn:aws:iam::${subject.bootstrap.account}:user/deployer`,
    trust: { Version: '2012-10-17', Statement: [] },
    inline: [{ name: 'output.deploy_policy', document: JSON.parse(json) as PolicyDocument }],
    managed: [],
    unresolvedManaged: [],
  };
}

/** Every role the bootstrap and the function stack create, with its boundary resolved. */
function allRoles(subject: Subject): Role[] {
  const roles = [...subject.bootstrap.roles];
  for (const r of subject.functionStack?.roles ?? []) roles.push(r.boundaryArn ? withBoundary(r, subject.bootstrap) : r);
  return roles;
}

/** The workflow's events (the harness's trustCases for the answers' deploy environment and
 * gate) and a few tokens no workflow of ours sends, with who may assume what for them. */
export const eventsFor = (a: Answers): readonly TrustCase[] => {
  const env = deployEnvironment(a);
  const deploysFrom: GithubEvent = a.deployGate === 'branch' ? { kind: 'branch', branch: 'main' } : { kind: 'environment', name: env };
  return [
    ...trustCases(env, a.deployGate),
    { name: 'another environment', repo: ourRepo, event: { kind: 'environment', name: 'staging' }, may: 'none' },
    { name: 'tag push', repo: ourRepo, event: { kind: 'tag', tag: 'v1' }, may: 'none' },
    { name: 'another repository of our owner, the deploy subject', repo: { owner: 'octo-org', ownerId: ourRepo.ownerId, repo: 'other', repoId: 111 }, event: deploysFrom, may: 'none' },
    { name: 'a recycled name (same names, other IDs), the deploy subject', repo: { ...ourRepo, ownerId: 7654321, repoId: 123456789 }, event: deploysFrom, may: 'none' },
  ];
};

export const checks: readonly Check[] = [
  {
    name: 'trust: each workflow event may assume only its role, in both subject formats',
    // With local state there is no role to trust: the next check.
    applies: (a) => a.state === 's3',
    run: async (subject) => {
      const problems: string[] = [];
      for (const [planned, model] of Object.entries(subject.byFormat) as Array<[SubjectFormat, IamModel]>) {
        // Planned with the IDs (what setup.sh passes), the roles must take both forms GitHub may
        // send; planned without them, the name-only form, and never an ID form.
        for (const format of planned === 'immutable' ? subjectFormats : (['classic'] as const))
        for (const e of eventsFor(answersFor(subject.given))) {
          // A recycled name belongs to a repository created, renamed or transferred after GitHub's
          // switch, so it only ever sends the ID form: its name-only subject would be ours.
          if (format === 'classic' && e.name.startsWith('a recycled name')) continue;
          const claims = githubClaims(e.repo, e.event, format);
          for (const name of ['plan', 'deploy'] as const) {
            const got = assume(role(model, name), claims);
            const expected = e.may === name ? 'Allowed' : 'denied';
            if ((got === 'Allowed') !== (expected === 'Allowed')) {
              problems.push(`planned with the ${planned} prefix, ${format} subject, ${e.name} (${claims['token.actions.githubusercontent.com:sub']}): ${name} role ${got}, expected ${expected}`);
            }
          }
        }
      }
      if (Object.keys(subject.byFormat).length === 0) problems.push('no subject format was planned');
      return problems;
    },
  },
  {
    name: 'local state: no GitHub OIDC provider, and no role any workflow token may assume',
    applies: (a) => a.state === 'local',
    run: async (subject) => githubTrustProblems(subject.bootstrap, deployEnvironment(answersFor(subject.given))),
  },
  {
    name: 'the deploy role can do what the first and every later deploy needs',
    applies: () => true,
    run: async (subject) => {
      const deploy = deployer(subject);
      return expectAll(deployNeeds(subject).map(([request, why]) => [deploy, request, 'Allowed', why]));
    },
  },
  {
    name: 'the plan role can read what a plan needs, state included, and can write nothing the deploy role writes',
    applies: (a) => a.state === 's3',
    run: async (subject) => {
      const plan = role(subject.bootstrap, 'plan');
      const reads = planNeeds(subject);
      const readActions = new Set(reads.map(([r]) => `${r.action} ${r.resource}`));
      const writes = deployNeeds(subject).filter(([r]) => !readActions.has(`${r.action} ${r.resource}`) && !/^(\w+:(Get|List|Describe)\w*|apigateway:GET)$/.test(r.action));
      return expectAll([
        ...reads.map(([request, why]): Expectation => [plan, request, 'Allowed', why]),
        ...writes.map(([request, why]): Expectation => [plan, request, 'denied', `read-only: must not ${why}`]),
      ]);
    },
  },
  {
    name: 'the deploy role cannot act on another function, region or account',
    applies: () => true,
    run: async (subject) => {
      const deploy = deployer(subject);
      const n = arnsFor(subject.given);
      const other = n.region === 'eu-west-1' ? 'eu-west-2' : 'eu-west-1';
      const targets: Array<[string, string]> = [
        [n.functionArn('other-func'), 'a function outside the prefix'],
        [n.functionArn(`${n.prefix}2`), 'a function whose name starts with the prefix but not with "<prefix>-"'],
        [n.functionArn(`x-${n.prefix}`), 'a function whose name contains the prefix'],
        [n.functionArn(n.fn, other), 'another region'],
        [n.functionArn(n.fn, n.region, OTHER_ACCOUNT), 'another account'],
      ];
      const out: Expectation[] = [];
      for (const [arn, why] of targets) {
        // Across accounts AWS also asks the resource's own policy; assume the other account lets
        // ours in, so only our role's policies can refuse.
        const open = arn.includes(`:${OTHER_ACCOUNT}:`)
          ? { resourcePolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'lambda:*', Resource: '*' }] } }
          : {};
        for (const action of ['lambda:UpdateFunctionCode', 'lambda:DeleteFunction', 'lambda:CreateFunction', 'lambda:GetFunction']) out.push([deploy, { action, resource: arn, ...open }, 'denied', why]);
        out.push([deploy, { action: 'lambda:AddPermission', resource: arn, context: { 'lambda:Principal': 'apigateway.amazonaws.com' }, ...open }, 'denied', why]);
      }
      out.push([deploy, { action: 'logs:DeleteLogGroup', resource: n.logGroup('other-func') }, 'denied', 'a log group outside the prefix']);
      out.push([deploy, { action: 'logs:DeleteLogGroup', resource: n.logGroup(`${n.prefix}2`) }, 'denied', 'a log group whose name starts with the prefix but not with "<prefix>-"']);
      out.push([deploy, { action: 'logs:DeleteLogGroup', resource: n.logGroup(n.fn, other) }, 'denied', 'another region']);
      if (n.answers.package === 'image') {
        out.push([deploy, { action: 'ecr:PutImage', resource: n.repository.replace(/repository\/.*/, 'repository/other') }, 'denied', 'another repository']);
      }
      return expectAll(out);
    },
  },
  {
    name: 'the deploy role cannot remove or replace the boundary, attach policies or widen itself',
    applies: () => true,
    run: async (subject) => {
      const deploy = deployer(subject);
      const n = arnsFor(subject.given);
      const admin = 'arn:aws:iam::aws:policy/AdministratorAccess';
      const other = `arn:aws:iam::${ACCOUNT}:policy/other-boundary`;
      const own = `arn:aws:iam::${ACCOUNT}:role/${deploy.name}`;
      return expectAll([
        [deploy, { action: 'iam:DeleteRolePermissionsBoundary', resource: n.executionRole }, 'denied', 'boundary removed'],
        [deploy, { action: 'iam:PutRolePermissionsBoundary', resource: n.executionRole, context: { 'iam:PermissionsBoundary': other } }, 'denied', 'boundary replaced'],
        [deploy, { action: 'iam:CreateRole', resource: n.executionRole }, 'denied', 'role created without the boundary'],
        [deploy, { action: 'iam:CreateRole', resource: n.executionRole, context: { 'iam:PermissionsBoundary': other } }, 'denied', 'role created with another boundary'],
        [deploy, { action: 'iam:PutRolePolicy', resource: n.executionRole }, 'denied', 'policy written on a role without the boundary'],
        [deploy, { action: 'iam:AttachRolePolicy', resource: n.executionRole, context: { 'iam:PolicyARN': admin, 'iam:PermissionsBoundary': n.boundary } }, 'denied', 'managed policy attached'],
        [deploy, { action: 'iam:CreatePolicyVersion', resource: n.boundary }, 'denied', 'the boundary itself rewritten'],
        [deploy, { action: 'iam:DeletePolicy', resource: n.boundary }, 'denied', 'the boundary deleted'],
        [deploy, { action: 'iam:PutRolePolicy', resource: own }, 'denied', 'its own policy widened'],
        [deploy, { action: 'iam:AttachRolePolicy', resource: own, context: { 'iam:PolicyARN': admin } }, 'denied', 'a policy attached to itself'],
        [deploy, { action: 'iam:UpdateAssumeRolePolicy', resource: own }, 'denied', 'its own trust changed'],
        [deploy, { action: 'iam:CreateRole', resource: `arn:aws:iam::${ACCOUNT}:role/anything`, context: { 'iam:PermissionsBoundary': n.boundary } }, 'denied', 'another role created'],
        [deploy, { action: 'iam:CreateRole', resource: `arn:aws:iam::${ACCOUNT}:role/${n.prefix}-admin`, context: { 'iam:PermissionsBoundary': n.boundary } }, 'denied', 'a role inside the prefix that is no execution role'],
        [deploy, { action: 'iam:PutRolePolicy', resource: `arn:aws:iam::${ACCOUNT}:role/${n.prefix}-plan`, context: { 'iam:PermissionsBoundary': n.boundary } }, 'denied', "the plan role's policy widened"],
      ]);
    },
  },
  {
    name: 'the deploy role cannot open the function to other callers',
    applies: () => true,
    run: async (subject) => {
      const deploy = deployer(subject);
      const n = arnsFor(subject.given);
      const out: Expectation[] = [];
      for (const principal of ['*', OTHER_ACCOUNT, 'events.amazonaws.com']) {
        out.push([deploy, { action: 'lambda:AddPermission', resource: n.aliasArn, context: { 'lambda:Principal': principal } }, 'denied', `invoke permission for ${principal}`]);
      }
      for (const action of ['lambda:CreateFunctionUrlConfig', 'lambda:UpdateFunctionUrlConfig']) {
        out.push([deploy, { action, resource: n.aliasArn, context: { 'lambda:FunctionUrlAuthType': 'NONE' } }, 'denied', 'a public function URL']);
      }
      return expectAll(out);
    },
  },
  {
    name: "roles are passed only to the service that uses them, and only the repo's execution roles",
    applies: () => true,
    run: async (subject) => {
      const out: Expectation[] = [];
      const n = arnsFor(subject.given);
      const others = [
        `arn:aws:iam::${ACCOUNT}:role/admin`,
        `arn:aws:iam::${ACCOUNT}:role/${n.prefix}-deploy`,
        `arn:aws:iam::${ACCOUNT}:role/${n.prefix}-plan`,
        `arn:aws:iam::${ACCOUNT}:role/${n.prefix}-admin`,
        `arn:aws:iam::${ACCOUNT}:role/other-func-execution`,
        n.executionRole.replace(`:${ACCOUNT}:`, `:${OTHER_ACCOUNT}:`),
      ];
      for (const who of allRoles(subject)) {
        for (const arn of others) out.push([who, { action: 'iam:PassRole', resource: arn, context: { 'iam:PassedToService': 'lambda.amazonaws.com' } }, 'denied', 'not the execution role']);
        for (const service of ['ec2.amazonaws.com', 'ecs-tasks.amazonaws.com', 'scheduler.amazonaws.com']) {
          out.push([who, { action: 'iam:PassRole', resource: n.executionRole, context: { 'iam:PassedToService': service } }, 'denied', 'the execution role to a service that does not run the function']);
        }
      }
      return expectAll(out);
    },
  },
  {
    name: 'no role holds every action on every resource',
    applies: () => true,
    run: async (subject) => {
      const canaries: Request[] = [
        { action: 'iam:CreateUser', resource: `arn:aws:iam::${ACCOUNT}:user/intruder` },
        { action: 'iam:CreateAccessKey', resource: `arn:aws:iam::${ACCOUNT}:user/admin` },
        { action: 'sts:AssumeRole', resource: `arn:aws:iam::${ACCOUNT}:role/OrganizationAccountAccessRole` },
        { action: 'ec2:RunInstances', resource: `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/*` },
        { action: 's3:GetObject', resource: 'arn:aws:s3:::someone-elses-bucket/secret' },
        { action: 'dynamodb:Scan', resource: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/customers` },
        { action: 'secretsmanager:GetSecretValue', resource: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:db-AbCdEf` },
        { action: 'kms:Decrypt', resource: `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab` },
      ];
      return expectAll(allRoles(subject).flatMap((who) => canaries.map((request): Expectation => [who, request, 'denied', 'nobody needs it'])));
    },
  },
  {
    name: 'the execution roles stay inside the boundary, whatever their own policies say, and each writes only its own logs',
    applies: (a) => a.existingRole === '',
    run: async (subject) => {
      if (!subject.functionStack) return ['the function stack was not planned'];
      const n = arnsFor(subject.given);
      const problems: string[] = [];
      const expectations: Expectation[] = [];
      for (const [i, f] of n.functions.entries()) {
        const found = subject.functionStack.roles.find((r) => r.name === `${f.name}-execution`);
        if (!found) {
          problems.push(`no execution role ${f.name}-execution in the function stack's plan`);
          continue;
        }
        const execution = withBoundary(found, subject.bootstrap);
        if (execution.boundaryArn !== n.boundary) {
          problems.push(`${found.address}: boundary ${execution.boundaryArn}, expected ${n.boundary}`);
          continue;
        }
        const everything = { ...execution, inline: [...execution.inline, { name: 'everything', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }] };
        const stream = `${f.logGroup}:log-stream:2026/11/29/abc`;
        const neighbour = n.functions[(i + 1) % n.functions.length]!;
        expectations.push(
          [execution, { action: 'logs:PutLogEvents', resource: stream }, 'Allowed', 'the function logs'],
          [execution, { action: 'logs:CreateLogStream', resource: stream }, 'Allowed', 'the function logs'],
          [everything, { action: 'logs:PutLogEvents', resource: stream }, 'Allowed', 'still logs with a wider policy'],
          [everything, { action: 'logs:PutLogEvents', resource: `${n.logGroup('other-func')}:log-stream:x` }, 'denied', 'a log group outside the prefix, even with *:*'],
          [everything, { action: 's3:GetObject', resource: 'arn:aws:s3:::any-bucket/key' }, 'denied', 'S3, even with *:*'],
          [everything, { action: 'iam:CreateUser', resource: `arn:aws:iam::${ACCOUNT}:user/intruder` }, 'denied', 'IAM, even with *:*'],
          [everything, { action: 'lambda:UpdateFunctionCode', resource: f.functionArn }, 'denied', 'its own code, even with *:*'],
        );
        if (neighbour !== f) {
          expectations.push([execution, { action: 'logs:PutLogEvents', resource: `${neighbour.logGroup}:log-stream:x` }, 'denied', `another function's log group (${neighbour.name})`]);
        }
      }
      return [...problems, ...(await expectAll(expectations))];
    },
  },
  {
    name: "the ECR repository lets only this account's functions of the repo pull",
    applies: (a) => a.package === 'image',
    run: async (subject) => {
      const n = arnsFor(subject.given);
      const policy = resourcePolicy(subject.bootstrap, 'aws_ecr_repository_policy').document;
      const pull = (sourceArn: string, sourceAccount: string) => decideFor(
        { principal: 'lambda.amazonaws.com', identityPolicies: [] },
        { action: 'ecr:BatchGetImage', resource: n.repository, resourcePolicy: policy, context: { 'aws:SourceArn': sourceArn, 'aws:SourceAccount': sourceAccount } },
      );
      const problems: string[] = [];
      const cases: Array<[string, string, boolean, string]> = [
        [n.functionArn(), ACCOUNT, true, 'this function'],
        [`${n.functionArn()}:production`, ACCOUNT, true, "this function's alias"],
        [n.functionArn('other-function'), ACCOUNT, false, 'another function in this account'],
        [n.functionArn(n.laterFunction), ACCOUNT, true, 'a function added later, inside the prefix'],
        [n.functionArn(`${n.prefix}2`), ACCOUNT, false, 'a function whose name starts with the prefix but not with "<prefix>-"'],
        [n.functionArn('other-func'), ACCOUNT, false, 'a function outside the prefix'],
        [n.functionArn(n.fn, n.region, OTHER_ACCOUNT), OTHER_ACCOUNT, false, 'a function of the same name in another account'],
      ];
      for (const [arn, account, allowed, why] of cases) {
        const got = await pull(arn, account);
        if ((got === 'Allowed') !== allowed) problems.push(`lambda.amazonaws.com pulling for ${arn} (${why}): ${got}, expected ${allowed ? 'Allowed' : 'denied'}`);
      }
      return problems;
    },
  },
];

export function check(name: string): Check {
  const found = checks.find((c) => c.name.startsWith(name));
  if (!found) throw new Error(`no check named ${name}`);
  return found;
}

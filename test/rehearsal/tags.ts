// Tag on create, fail closed. The provider's default_tags put the repo's tags on every create
// call of a taggable resource, and AWS then also authorizes the service's tag action on the new
// resource (the Service Authorization Reference does not list this dependency: each service
// guide says it on its tagging page). So every recorded call that carries tags needs an entry
// here, one table per service, each naming its source; a call that carries tags and has no entry
// fails the rehearsal, naming the call, instead of passing unchecked.
//
// Tags are read in every shape the services use (requestTags): a JSON `Tags`/`tags` map or list
// ({Key,Value}, {TagKey,TagValue}), query-protocol `Tags.member.N.Key` and `Tag.N.Key`, SQS's
// `Tags.entry.N.key`, S3's `x-amz-tagging` header and an XML <Tagging>/<Tags> body.
//
// Shapes seen in the calls the AWS provider 5.100 sent to the emulator (REHEARSAL_CALLS, see
// test/rehearsal/fixtures/): Lambda CreateFunction and CreateEventSourceMapping
// `"Tags":{…}`; IAM CreateRole, SNS CreateTopic and CloudWatch PutMetricAlarm `Tags.member.N`;
// SQS CreateQueue and Logs CreateLogGroup `"tags":{…}`; KMS CreateKey `"Tags":[{TagKey,TagValue}]`;
// API Gateway v2 CreateApi and CreateStage `"tags":{…}`; S3 PutObject of a package (aws_s3_object)
// the `x-amz-tagging` header (fixtures/tagged-object-upload.json). That provider creates S3 buckets
// untagged and then calls PutBucketTagging, and EventBridge Scheduler schedules have no tags.
import type { AwsCall } from './calls.js';

/** One extra IAM request a tagged call needs: the tag action on the resource it creates. */
export interface TagNeed {
  action: string;
  resource: string;
  /** Other actions, any one of which AWS accepts instead (CloudWatch Logs takes either). */
  anyOf?: string[];
  /** The tag condition keys this action takes: `aws` (aws:RequestTag/…, aws:TagKeys) or `s3-object` (s3:RequestObjectTag/…, s3:RequestObjectTagKeys). */
  keys: 'aws' | 's3-object' | 'none';
  /** Why the evaluator cannot validate the action/resource pair (API Gateway paths). */
  unchecked?: string;
}

export interface TagScope {
  partition: string;
  region: string;
  account: string;
}

type Need = (call: AwsCall, s: TagScope, body: Record<string, any>) => TagNeed;

export interface ServiceTable {
  /** The service guide page that says which tag action a tagged create needs. */
  source: string;
  operations: Record<string, Need>;
}

const created = (call: AwsCall): Record<string, any> => {
  try {
    return JSON.parse(call.response || '{}');
  } catch {
    return {};
  }
};

function form(call: AwsCall): URLSearchParams {
  return new URLSearchParams(call.body.trim());
}

/** The table: `rpc.service` as the SDK logs it → operation → what its tags need. */
export const TAG_ON_CREATE: Readonly<Record<string, ServiceTable>> = {
  Lambda: {
    source: 'Lambda developer guide: "Using tags on Lambda functions" and "Using tags on event source mappings" (lambda:TagResource for a tag on create)',
    operations: {
      CreateFunction: (_c, s, b) => ({ action: 'lambda:TagResource', resource: `arn:${s.partition}:lambda:${s.region}:${s.account}:function:${String(b.FunctionName).split(':').pop()}`, keys: 'aws' }),
      // The mapping's ARN holds the UUID Lambda assigns: read from the response, as IAM sees it.
      CreateEventSourceMapping: (c, s) => {
        const r = created(c);
        const arn = (r.EventSourceMappingArn as string | undefined) ?? `arn:${s.partition}:lambda:${s.region}:${s.account}:event-source-mapping:${(r.UUID as string | undefined) ?? '*'}`;
        return { action: 'lambda:TagResource', resource: arn, keys: 'aws' };
      },
    },
  },
  IAM: {
    source: 'IAM user guide: "Tagging IAM roles", "Tagging customer managed policies", "Tagging OpenID Connect (OIDC) identity providers" (iam:Tag<Resource> to tag while creating)',
    operations: {
      CreateRole: (c, s) => ({ action: 'iam:TagRole', resource: `arn:${s.partition}:iam::${s.account}:role/${form(c).get('RoleName')}`, keys: 'aws' }),
      CreatePolicy: (c, s) => ({ action: 'iam:TagPolicy', resource: `arn:${s.partition}:iam::${s.account}:policy/${form(c).get('PolicyName')}`, keys: 'aws' }),
      CreateOpenIDConnectProvider: (c, s) => ({ action: 'iam:TagOpenIDConnectProvider', resource: `arn:${s.partition}:iam::${s.account}:oidc-provider/${(form(c).get('Url') ?? '').replace(/^https:\/\//, '')}`, keys: 'aws' }),
    },
  },
  SQS: {
    source: 'Amazon SQS API reference, CreateQueue (tags): "To be able to tag a queue on creation, you must have the sqs:CreateQueue and sqs:TagQueue permissions"',
    operations: {
      CreateQueue: (_c, s, b) => ({ action: 'sqs:TagQueue', resource: `arn:${s.partition}:sqs:${s.region}:${s.account}:${b.QueueName ?? ''}`, keys: 'aws' }),
    },
  },
  SNS: {
    source: 'Amazon SNS developer guide, topic tags, and CreateTopic (Tags): "To be able to tag a topic on creation, you must have the sns:CreateTopic and sns:TagResource permissions"',
    operations: {
      CreateTopic: (c, s) => ({ action: 'sns:TagResource', resource: `arn:${s.partition}:sns:${s.region}:${s.account}:${form(c).get('Name')}`, keys: 'aws' }),
    },
  },
  CloudWatch: {
    source: 'CloudWatch API reference, PutMetricAlarm (Tags): associating tags when creating the alarm needs cloudwatch:TagResource',
    operations: {
      PutMetricAlarm: (c, s) => ({ action: 'cloudwatch:TagResource', resource: `arn:${s.partition}:cloudwatch:${s.region}:${s.account}:alarm:${form(c).get('AlarmName') ?? JSON.parse(c.body || '{}').AlarmName}`, keys: 'aws' }),
      PutCompositeAlarm: (c, s) => ({ action: 'cloudwatch:TagResource', resource: `arn:${s.partition}:cloudwatch:${s.region}:${s.account}:alarm:${form(c).get('AlarmName') ?? JSON.parse(c.body || '{}').AlarmName}`, keys: 'aws' }),
    },
  },
  'CloudWatch Logs': {
    source: 'CloudWatch Logs API reference, CreateLogGroup (tags): "To assign tags when you create a log group, you must have either the logs:TagResource or logs:TagLogGroup permission"',
    operations: {
      CreateLogGroup: (_c, s, b) => ({ action: 'logs:TagResource', anyOf: ['logs:TagLogGroup'], resource: `arn:${s.partition}:logs:${s.region}:${s.account}:log-group:${b.logGroupName}`, keys: 'aws' }),
    },
  },
  KMS: {
    // The key does not exist yet: KMS evaluates the IAM policy for CreateKey's tags on "*".
    source: 'AWS KMS developer guide, "Controlling access to tags": tagging a key when creating it needs kms:TagResource in an IAM policy',
    operations: {
      CreateKey: () => ({ action: 'kms:TagResource', resource: '*', keys: 'aws' }),
    },
  },
  ECR: {
    source: 'Amazon ECR user guide, "Tagging a private repository": creating a repository with tags needs ecr:TagResource',
    operations: {
      CreateRepository: (_c, s, b) => ({ action: 'ecr:TagResource', resource: `arn:${s.partition}:ecr:${s.region}:${s.account}:repository/${b.repositoryName}`, keys: 'aws' }),
    },
  },
  S3: {
    source: 'Amazon S3 API reference, PutObject (permissions: "To successfully set the tag-set with your PutObject request, you must have the s3:PutObjectTagging"); S3 user guide, tagging general purpose buckets (s3:TagResource for CreateBucket with tags)',
    operations: {
      PutObject: (c, s) => {
        const [, bucket = '', ...key] = decodeURIComponent(c.url.pathname).split('/');
        return { action: 's3:PutObjectTagging', resource: `arn:${s.partition}:s3:::${bucket}/${key.join('/')}`, keys: 's3-object' };
      },
      CreateBucket: (c, s) => ({ action: 's3:TagResource', resource: `arn:${s.partition}:s3:::${decodeURIComponent(c.url.pathname).split('/')[1]}`, keys: 'aws' }),
    },
  },
  Scheduler: {
    // Schedules take no tags (CreateSchedule has no Tags member); schedule groups do.
    source: 'EventBridge Scheduler user guide, "Tagging resources": only schedule groups are taggable (scheduler:TagResource)',
    operations: {
      CreateScheduleGroup: (c, s) => ({ action: 'scheduler:TagResource', resource: `arn:${s.partition}:scheduler:${s.region}:${s.account}:schedule-group/${decodeURIComponent(c.url.pathname).split('/').pop()}`, keys: 'aws' }),
    },
  },
  ApiGatewayV2: {
    // The guide evaluates request tags on the create call and names no separate permission for
    // tags on create. API Gateway authorizes TagResource as POST on /tags/<resource ARN>, so
    // that is required here too: a stricter model can add a deny, never hide one.
    source: 'API Gateway developer guide, "Tagging your API Gateway resources" and "Using tags to control access" (Api and Stage are taggable)',
    operations: {
      CreateApi: (c, s) => apiTags(s, `/apis/${created(c).apiId ?? created(c).ApiId ?? '*'}`),
      CreateStage: (c, s, b) => apiTags(s, `${decodeURIComponent(c.url.pathname).replace(/^\/v2/, '')}/${b.stageName ?? b.StageName ?? '*'}`),
      CreateVpcLink: (c, s) => apiTags(s, `/vpclinks/${created(c).vpcLinkId ?? '*'}`),
      CreateDomainName: (_c, s, b) => apiTags(s, `/domainnames/${b.domainName ?? '*'}`),
    },
  },
};

function apiTags(s: TagScope, path: string): TagNeed {
  return {
    action: 'apigateway:POST',
    resource: `arn:${s.partition}:apigateway:${s.region}::/tags/arn:${s.partition}:apigateway:${s.region}::${path}`,
    keys: 'none',
    unchecked: 'iam-data lists only REST API resource types for the apigateway verbs',
  };
}

/** Operations that are tagging calls themselves: their own action is the tag action. */
export const isTaggingOperation = (operation: string): boolean => /^(Tag|Untag)[A-Z]|Tagging$/.test(operation);

export class UnreadableBody extends Error {}

/** A JSON body as an object; a body that should be JSON but does not parse throws (it could hide tags). */
function jsonBody(call: AwsCall): Record<string, any> | undefined {
  const body = call.body.trim();
  if (!body.startsWith('{')) return undefined;
  try {
    return JSON.parse(body);
  } catch {
    throw new UnreadableBody(`the logged body is not readable JSON${call.truncated ? ' (the SDK truncated it in the log)' : ''}, so whether it carries tags is unknown`);
  }
}

function fromList(list: unknown[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of list) {
    if (!t || typeof t !== 'object') continue;
    const o = t as Record<string, unknown>;
    const key = o.Key ?? o.TagKey ?? o.key;
    const value = o.Value ?? o.TagValue ?? o.value;
    if (typeof key === 'string') out[key] = String(value ?? '');
  }
  return out;
}

/**
 * The tags a call carries, in any of the shapes above; undefined when it carries none. Throws
 * UnreadableBody when the body cannot be read, so a tag cannot hide in it.
 */
export function requestTags(call: AwsCall): Record<string, string> | undefined {
  const tags: Record<string, string> = {};
  const header = call.headers?.x_amz_tagging;
  if (header) Object.assign(tags, Object.fromEntries(new URLSearchParams(header)));
  const body = call.body.trim();
  const json = jsonBody(call);
  if (json) {
    for (const name of ['Tags', 'tags']) {
      const t = json[name];
      if (Array.isArray(t)) Object.assign(tags, fromList(t));
      else if (t && typeof t === 'object') Object.assign(tags, Object.fromEntries(Object.entries(t).map(([k, v]) => [k, String(v)])));
    }
  } else if (body.startsWith('<')) {
    // S3's XML: <Tagging><TagSet><Tag><Key>…</Key><Value>…</Value></Tag>…, or <Tags><Tag>… in CreateBucketConfiguration.
    if (/<(Tagging|Tags|TagSet)\b/.test(body)) {
      for (const m of body.matchAll(/<Tag>\s*<Key>([^<]*)<\/Key>\s*<Value>([^<]*)<\/Value>\s*<\/Tag>/g)) tags[m[1]!] = m[2]!;
      if (Object.keys(tags).length === 0) tags['(unparsed XML tags)'] = '';
    }
  } else if (body && !body.startsWith('[')) {
    // Query protocol: Tags.member.N.Key / Tag.N.Key / Tags.N.Key, and SQS's Tags.entry.N.key.
    const p = new URLSearchParams(body);
    for (const [k, v] of p) {
      const m = /^(Tags?(?:\.member|\.entry)?\.\d+)\.(Key|key)$/.exec(k);
      if (m) tags[v] = p.get(`${m[1]}.${m[2] === 'Key' ? 'Value' : 'value'}`) ?? '';
    }
  }
  return Object.keys(tags).length > 0 ? tags : undefined;
}

/** The condition keys a tag request carries. */
export function tagContext(tags: Record<string, string>, keys: TagNeed['keys']): Record<string, string | string[]> {
  if (keys === 'none') return {};
  if (keys === 's3-object') return { ...Object.fromEntries(Object.entries(tags).map(([k, v]) => [`s3:RequestObjectTag/${k}`, v])), 's3:RequestObjectTagKeys': Object.keys(tags) };
  return { ...Object.fromEntries(Object.entries(tags).map(([k, v]) => [`aws:RequestTag/${k}`, v])), 'aws:TagKeys': Object.keys(tags) };
}

// Administrator calls straight to the emulator: the things a person sets up by hand before the
// first deploy (an existing role or bucket the answers name, an image in ECR), and the
// look-around after destroy. moto routes a request by the service in the Authorization
// header's credential scope and does not check signatures, so a fixed header is enough.
import { createHash } from 'node:crypto';

export interface Admin {
  call: (service: string, init: { method?: string; path?: string; query?: Record<string, string>; headers?: Record<string, string>; body?: string }) => Promise<{ status: number; text: string }>;
}

export function admin(endpoint: string, region: string): Admin {
  return {
    async call(service, { method = 'POST', path = '/', query, headers = {}, body }) {
      const url = new URL(path, endpoint);
      for (const [k, v] of Object.entries(query ?? {})) url.searchParams.set(k, v);
      const response = await fetch(url, {
        method,
        headers: {
          authorization: `AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/${region}/${service}/aws4_request, SignedHeaders=host, Signature=0`,
          ...headers,
        },
        ...(body !== undefined ? { body } : {}),
      });
      return { status: response.status, text: await response.text() };
    },
  };
}

const form = (params: Record<string, string>): string => new URLSearchParams(params).toString();
const formHeaders = { 'content-type': 'application/x-www-form-urlencoded' };

export async function createRole(a: Admin, name: string): Promise<void> {
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
  const r = await a.call('iam', { headers: formHeaders, body: form({ Action: 'CreateRole', Version: '2010-05-08', RoleName: name, AssumeRolePolicyDocument: trust }) });
  if (r.status !== 200) throw new Error(`could not create role ${name} on the emulator: ${r.status} ${r.text.slice(0, 300)}`);
}

export async function createBucket(a: Admin, name: string): Promise<void> {
  const r = await a.call('s3', { method: 'PUT', path: `/${name}` });
  if (r.status !== 200) throw new Error(`could not create bucket ${name} on the emulator: ${r.status} ${r.text.slice(0, 300)}`);
}

/** Deletes a bucket's policy (see rehearse.ts on why), as an administrator could. */
export async function deleteBucketPolicy(a: Admin, name: string): Promise<void> {
  const r = await a.call('s3', { method: 'DELETE', path: `/${name}`, query: { policy: '' } });
  if (r.status !== 204 && r.status !== 200) throw new Error(`could not delete the policy of bucket ${name}: ${r.status} ${r.text.slice(0, 300)}`);
}

const sha = (text: string): string => `sha256:${createHash('sha256').update(text).digest('hex')}`;

/**
 * Pushes an image manifest (the emulator needs no layer data) under `tag` and returns its
 * digest. The manifest follows `content` (the tag when absent): the same content pushed again
 * under a new tag is the same image with one more tag, as a reproducible build pushed by a later
 * commit is; ECR refuses the same tag twice (ImageAlreadyExistsException).
 */
export async function pushImage(a: Admin, repository: string, tag: string, content: string = tag): Promise<string> {
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    config: { mediaType: 'application/vnd.docker.container.image.v1+json', size: 2, digest: sha(`config ${content}`) },
    // moto derives the image digest from the layer digests alone, so each build gets its own layer.
    layers: [{ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', size: 2, digest: sha(`layer ${content}`) }],
  });
  const r = await a.call('ecr', {
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonEC2ContainerRegistry_V20150921.PutImage' },
    body: JSON.stringify({ repositoryName: repository, imageManifest: manifest, imageTag: tag }),
  });
  if (r.status !== 200) throw new Error(`could not push an image to ${repository} on the emulator: ${r.status} ${r.text.slice(0, 300)}`);
  const digest = JSON.parse(r.text)?.image?.imageId?.imageDigest as string | undefined;
  if (!digest) throw new Error(`the emulator returned no image digest: ${r.text.slice(0, 300)}`);
  return digest;
}

/** What the bootstrap and the person setting up made, which the function stack's destroy must leave. */
export interface Kept {
  roles: Set<string>;
  buckets: Set<string>;
}

const names = (xml: string, tag: string): string[] => [...xml.matchAll(new RegExp(`<${tag}>([^<]+)</${tag}>`, 'g'))].map((m) => m[1]!);

/**
 * What is left in the emulator after the function stack's destroy, one line per thing: every
 * function, event source mapping, HTTP API, Lambda log group, queue, schedule, role and bucket
 * that the bootstrap or the person setting up did not make (`kept`), and any package left in the
 * artifact bucket. Each rehearsal has its own emulator, so anything there came from the repo.
 */
export async function leftovers(a: Admin, o: { kept: Kept; artifactBucket?: string; prefix: string }): Promise<string[]> {
  const left: string[] = [];
  const jsonOf = (text: string): any => {
    try {
      return JSON.parse(text || '{}');
    } catch {
      return {};
    }
  };
  const fns = await a.call('lambda', { method: 'GET', path: '/2015-03-31/functions/' });
  for (const f of (jsonOf(fns.text).Functions ?? []) as Array<{ FunctionName: string }>) left.push(`Lambda function ${f.FunctionName}`);
  const esms = await a.call('lambda', { method: 'GET', path: '/2015-03-31/event-source-mappings/' });
  for (const m of (jsonOf(esms.text).EventSourceMappings ?? []) as Array<{ UUID: string; EventSourceArn?: string }>) left.push(`event source mapping ${m.UUID} (${m.EventSourceArn ?? '?'})`);
  const apis = await a.call('apigateway', { method: 'GET', path: '/v2/apis' });
  for (const api of (jsonOf(apis.text).items ?? []) as Array<{ name: string; apiId: string }>) left.push(`HTTP API ${api.name} (${api.apiId})`);
  const groups = await a.call('logs', {
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Logs_20140328.DescribeLogGroups' },
    body: JSON.stringify({ logGroupNamePrefix: '/aws/lambda/' }),
  });
  for (const g of (jsonOf(groups.text).logGroups ?? []) as Array<{ logGroupName: string }>) left.push(`log group ${g.logGroupName}`);
  const queues = await a.call('sqs', { headers: formHeaders, body: form({ Action: 'ListQueues', Version: '2012-11-05' }) });
  for (const q of names(queues.text, 'QueueUrl')) left.push(`SQS queue ${q}`);
  const schedules = await a.call('scheduler', { method: 'GET', path: '/schedules' });
  for (const s of (jsonOf(schedules.text).Schedules ?? []) as Array<{ Name: string; GroupName?: string }>) left.push(`schedule ${s.GroupName ?? 'default'}/${s.Name}`);
  const roles = await a.call('iam', { headers: formHeaders, body: form({ Action: 'ListRoles', Version: '2010-05-08' }) });
  for (const r of names(roles.text, 'RoleName')) if (!o.kept.roles.has(r)) left.push(`IAM role ${r}`);
  const buckets = await a.call('s3', { method: 'GET', path: '/' });
  for (const b of names(buckets.text, 'Name')) if (!o.kept.buckets.has(b)) left.push(`S3 bucket ${b}`);
  if (o.artifactBucket) {
    const list = await a.call('s3', { method: 'GET', path: `/${o.artifactBucket}`, query: { 'list-type': '2', prefix: `${o.prefix}` } });
    for (const m of names(list.text, 'Key')) left.push(`S3 object s3://${o.artifactBucket}/${m}`);
  }
  return left;
}

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

/** Pushes an image manifest (the emulator needs no layer data) and returns its digest. */
export async function pushImage(a: Admin, repository: string, tag: string): Promise<string> {
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    config: { mediaType: 'application/vnd.docker.container.image.v1+json', size: 2, digest: sha(`config ${tag}`) },
    // moto derives the image digest from the layer digests alone, so each build gets its own layer.
    layers: [{ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', size: 2, digest: sha(`layer ${tag}`) }],
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

/** What is left of the function in the emulator after destroy, one line per thing. */
export async function leftovers(a: Admin, o: { functionName: string; region: string; createdRole: boolean; artifactBucket?: string; apiName?: string }): Promise<string[]> {
  const left: string[] = [];
  const fn = await a.call('lambda', { method: 'GET', path: `/2015-03-31/functions/${o.functionName}` });
  if (fn.status === 200) left.push(`Lambda function ${o.functionName}`);
  const apis = await a.call('apigateway', { method: 'GET', path: '/v2/apis' });
  for (const api of (JSON.parse(apis.text || '{}').items ?? []) as Array<{ name: string; apiId: string }>) {
    if (api.name === (o.apiName ?? o.functionName)) left.push(`HTTP API ${api.name} (${api.apiId})`);
  }
  const groups = await a.call('logs', {
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Logs_20140328.DescribeLogGroups' },
    body: JSON.stringify({ logGroupNamePrefix: `/aws/lambda/${o.functionName}` }),
  });
  for (const g of (JSON.parse(groups.text || '{}').logGroups ?? []) as Array<{ logGroupName: string }>) {
    if (g.logGroupName === `/aws/lambda/${o.functionName}`) left.push(`log group ${g.logGroupName}`);
  }
  if (o.createdRole) {
    const role = await a.call('iam', { headers: formHeaders, body: form({ Action: 'GetRole', Version: '2010-05-08', RoleName: `${o.functionName}-execution` }) });
    if (role.status === 200) left.push(`IAM role ${o.functionName}-execution`);
  }
  if (o.artifactBucket) {
    const list = await a.call('s3', { method: 'GET', path: `/${o.artifactBucket}`, query: { 'list-type': '2', prefix: `${o.functionName}/` } });
    for (const m of list.text.matchAll(/<Key>([^<]+)<\/Key>/g)) left.push(`S3 object s3://${o.artifactBucket}/${m[1]}`);
  }
  return left;
}

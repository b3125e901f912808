// The emulator's model of IAM's DeleteConflict (test/rehearsal/gaps/iam_delete_conflict.py):
// IAM refuses DeletePolicy while the policy is attached to a role or is a role's permissions
// boundary, which is how a bootstrap re-applied before the push fails (issue 23); moto 5.2.5
// deletes it anyway. Real moto, through the launcher every rehearsal uses, over the IAM query API.
// Seeded fault: the model left out (REHEARSAL_GAPS_OFF), the deletes succeed and the check fails.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { admin, type Admin } from './rehearsal/admin.js';
import { startMoto } from './rehearsal/moto.js';
import { unlessOptedOut } from './support/optout.js';

const check = unlessOptedOut(test, 'SKIP_REHEARSAL');

async function iam(a: Admin, params: Record<string, string>): Promise<{ status: number; text: string }> {
  const body = new URLSearchParams({ Version: '2010-05-08', ...params }).toString();
  return a.call('iam', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
}

const document = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: '*' }] });
const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'scheduler.amazonaws.com' }, Action: 'sts:AssumeRole' }] });

/** Each delete IAM refuses, then allows once its entity is detached; a problem per rule the emulator breaks. */
async function deleteRules(a: Admin): Promise<string[]> {
  const problems: string[] = [];
  const expect = async (what: string, params: Record<string, string>, status: number, code?: string) => {
    const r = await iam(a, params);
    if (r.status !== status || (code && !r.text.includes(`<Code>${code}</Code>`))) problems.push(`${what}: expected ${status}${code ? ` ${code}` : ''}, got ${r.status} ${r.text.slice(0, 200)}`);
    return r;
  };
  const arn = async (name: string) => /<Arn>([^<]+)<\/Arn>/.exec((await expect(`CreatePolicy ${name}`, { Action: 'CreatePolicy', PolicyName: name, PolicyDocument: document }, 200)).text)?.[1] ?? '';
  const boundary = await arn('orders-scheduler-boundary');
  const attached = await arn('orders-attached');
  await expect('CreateRole with the boundary', { Action: 'CreateRole', RoleName: 'orders-nightly-scheduler', AssumeRolePolicyDocument: trust, PermissionsBoundary: boundary }, 200);
  await expect('AttachRolePolicy', { Action: 'AttachRolePolicy', RoleName: 'orders-nightly-scheduler', PolicyArn: attached }, 200);

  await expect('DeletePolicy of a boundary in use', { Action: 'DeletePolicy', PolicyArn: boundary }, 409, 'DeleteConflict');
  await expect('DeletePolicy of an attached policy', { Action: 'DeletePolicy', PolicyArn: attached }, 409, 'DeleteConflict');
  await expect('DeleteRole with a policy attached', { Action: 'DeleteRole', RoleName: 'orders-nightly-scheduler' }, 409, 'DeleteConflict');

  await expect('DetachRolePolicy', { Action: 'DetachRolePolicy', RoleName: 'orders-nightly-scheduler', PolicyArn: attached }, 200);
  await expect('DeletePolicy once detached', { Action: 'DeletePolicy', PolicyArn: attached }, 200);
  // The order a deploy then the re-apply make: the role (and its boundary) go first, then the policy.
  await expect('DeleteRole (its boundary needs no detaching)', { Action: 'DeleteRole', RoleName: 'orders-nightly-scheduler' }, 200);
  await expect('DeletePolicy of a boundary no role uses', { Action: 'DeletePolicy', PolicyArn: boundary }, 200);
  return problems;
}

async function withMoto(off: boolean): Promise<string[]> {
  const saved = process.env.REHEARSAL_GAPS_OFF;
  if (off) process.env.REHEARSAL_GAPS_OFF = 'iam_delete_conflict';
  else delete process.env.REHEARSAL_GAPS_OFF;
  try {
    const moto = await startMoto();
    try {
      return await deleteRules(admin(moto.endpoint, 'us-east-1'));
    } finally {
      await moto.stop();
    }
  } finally {
    if (saved === undefined) delete process.env.REHEARSAL_GAPS_OFF;
    else process.env.REHEARSAL_GAPS_OFF = saved;
  }
}

check('IAM refuses to delete a policy attached to a role or used as its boundary, and allows it once detached', async () => {
  assert.equal(await withMoto(false), []);
});

check('seeded fault: without the model, moto deletes the boundary in use and the attached policy, and the check says so by name', async () => {
  const problems = await withMoto(true);
  assert.ok(problems.some((p) => p.startsWith('DeletePolicy of a boundary in use: expected 409 DeleteConflict, got 200')), problems.join('\n'));
  assert.ok(problems.some((p) => p.startsWith('DeletePolicy of an attached policy: expected 409 DeleteConflict, got 200')), problems.join('\n'));
});

test.run();

// The on-failure destinations of a deployed repo (issue 24), checked after the first deploy:
// the emulator holds each S3 or schedule function's event invoke config with its queue as the
// on-failure destination, the queue exists encrypted with 14 days' retention, and the function's
// execution role, as the state holds its policies under the bootstrap's boundary, may
// sqs:SendMessage to that queue and to no other queue the deploy made. The calls Terraform makes
// are evaluated by the session like any other; this is what Lambda does later, as the function.
//
// moto 5.2.5 ignores the Qualifier of the event invoke config calls (it keeps one list per
// function), so the qualifier is read from the state Terraform wrote, which holds what it sent.
import { decideFor, type NamedPolicy } from '../support/iam.js';
import { aliasName } from '../../generators/context.js';
import type { Session } from './session.js';

export interface OnFailureCheck {
  /** What is wrong, each naming the function and the queue. */
  problems: string[];
  /** One line per function whose destination was seen wired and whose role was evaluated. */
  wired: string[];
}

/** Whether `roleArn`, with `policies` under `boundary`, may send to each queue: the problems. */
export async function sendProblems(role: { name: string; arn: string; policies: NamedPolicy[]; boundary?: NamedPolicy }, own: string, others: string[]): Promise<string[]> {
  const problems: string[] = [];
  const caller = { principal: role.arn, identityPolicies: role.policies, ...(role.boundary ? { boundary: role.boundary } : {}) };
  const ask = (queue: string) => decideFor(caller, { action: 'sqs:SendMessage', resource: queue, context: { 'aws:SecureTransport': 'true' } });
  const mine = await ask(own);
  if (mine !== 'Allowed') problems.push(`${role.name} may not sqs:SendMessage to its on-failure queue ${own} (${mine})`);
  for (const queue of others) if ((await ask(queue)) === 'Allowed') problems.push(`${role.name} may sqs:SendMessage to ${queue}, which is not its on-failure queue`);
  return problems;
}

export async function checkOnFailure(s: Session): Promise<OnFailureCheck> {
  const problems: string[] = [];
  const wired: string[] = [];
  const { partition, region, account } = s.scope;
  const state = (await s.state()).filter((r) => r.mode === 'managed').flatMap((r) => r.instances.map((i) => ({ type: r.type, attributes: i.attributes })));
  const queueArns = state.filter((r) => r.type === 'aws_sqs_queue').map((r) => String(r.attributes.arn));
  const boundary = [...s.model.policies.values()].find((p) => p.name.endsWith('aws_iam_policy.execution_boundary'));
  for (const fn of s.answers.functions.filter((f) => f.trigger === 's3' || f.trigger === 'schedule')) {
    const queueName = `${fn.functionName}-on-failure`;
    const queueArn = `arn:${partition}:sqs:${region}:${account}:${queueName}`;
    const before = problems.length;

    // The emulator's record of the destination.
    const got = await s.a.call('lambda', { method: 'GET', path: `/2019-09-25/functions/${fn.functionName}/event-invoke-config`, query: { Qualifier: aliasName } });
    const destination = got.status === 200 ? JSON.parse(got.text)?.DestinationConfig?.OnFailure?.Destination : undefined;
    if (destination !== queueArn) problems.push(`${fn.name}: the emulator's event invoke config sends failures to ${destination ?? `nothing (${got.status})`}, not ${queueArn}`);
    // What Terraform sent: the qualifier the trigger invokes.
    const config = state.find((r) => r.type === 'aws_lambda_function_event_invoke_config' && r.attributes.function_name === fn.functionName);
    if (!config) problems.push(`${fn.name}: no aws_lambda_function_event_invoke_config in the state`);
    else if (config.attributes.qualifier !== aliasName) problems.push(`${fn.name}: the event invoke config is on qualifier ${JSON.stringify(config.attributes.qualifier)}, not the ${aliasName} alias the trigger invokes`);

    // The queue: 14 days (read back from the emulator) and encrypted (from the state: moto
    // creates every queue with SqsManagedSseEnabled true, whatever it is asked).
    const queue = state.find((r) => r.type === 'aws_sqs_queue' && r.attributes.name === queueName);
    if (!queue) problems.push(`${fn.name}: its on-failure queue ${queueName} is not in the state`);
    else if (queue.attributes.sqs_managed_sse_enabled !== true) problems.push(`${fn.name}: ${queueName} is not encrypted (sqs_managed_sse_enabled ${queue.attributes.sqs_managed_sse_enabled})`);
    const attributes = await s.a.call('sqs', {
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.GetQueueAttributes' },
      body: JSON.stringify({ QueueUrl: `${s.moto.endpoint}/${account}/${queueName}`, AttributeNames: ['All'] }),
    });
    const retention = attributes.status === 200 ? JSON.parse(attributes.text)?.Attributes?.MessageRetentionPeriod : undefined;
    if (retention !== '1209600') problems.push(`${fn.name}: the emulator's ${queueName} keeps messages ${retention ?? `? (${attributes.status} ${attributes.text.slice(0, 200)})`} s, not 14 days (1209600)`);

    // The execution role, as Lambda will use it to send the record.
    if (!s.answers.existingRole) {
      const roleName = `${fn.functionName}-execution`;
      const policies = state
        .filter((r) => r.type === 'aws_iam_role_policy' && r.attributes.role === roleName)
        .map((r) => ({ name: String(r.attributes.name), document: JSON.parse(String(r.attributes.policy)) }));
      if (!boundary) problems.push('the bootstrap state holds no execution boundary');
      problems.push(...(await sendProblems({ name: roleName, arn: `arn:${partition}:iam::${account}:role/${roleName}`, policies, ...(boundary ? { boundary } : {}) }, queueArn, queueArns.filter((q) => q !== queueArn))));
      if (problems.length === before) wired.push(`on-failure: ${fn.name} sends failed events to ${queueName} (${aliasName}, read back from the emulator); ${roleName} may sqs:SendMessage there and to none of the other ${queueArns.length - 1} queues`);
    } else if (problems.length === before) {
      wired.push(`on-failure: ${fn.name} sends failed events to ${queueName} (${aliasName}, read back from the emulator); its existing role is granted by hand`);
    }
  }
  return { problems, wired };
}

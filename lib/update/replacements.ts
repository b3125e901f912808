// What an answer change destroys: `update` names every deployed resource the next apply replaces
// or deletes before it writes anything (`--dry-run` too), so nobody learns it from a plan.
//
// One row per answer. A row fires from the change of its answer alone and says what goes, in the
// resources' own names. Replacements follow the AWS provider's ForceNew attributes (read in
// hashicorp/terraform-provider-aws: aws_lambda_function `function_name` and `package_type`,
// aws_sqs_queue `name`, aws_scheduler_schedule `name` and `group_name`; aws_iam_role `name`,
// aws_cloudwatch_log_group `name`, aws_cloudwatch_metric_alarm `alarm_name` and aws_s3_bucket
// `bucket` replace too: test/moves.test.ts checks every replacement of a real plan for a new
// function-name against what this table says). Deletions are the
// resources a change takes out of the configuration.
import { newBucketStem, type Answers, type FunctionAnswers } from '../../generators/answers/index.js';
import { opsValues } from '../../generators/context.js';
import { invokedAsynchronously } from '../../generators/on-failure.js';

export interface Change {
  before: Answers;
  after: Answers;
  /** `remove`: the function taken out of the list. */
  removed?: string;
}

/** The functions kept by the change, as [before, after] (`remove` takes one out; `add` appends). */
export function keptPairs(c: Change): Array<[FunctionAnswers, FunctionAnswers]> {
  return c.before.functions.filter((fn) => fn.name !== c.removed).map((was, i) => [was, c.after.functions[i]!]);
}

const bucketOf = (fn: FunctionAnswers) => `${newBucketStem(fn.functionName)}-<account id>`;
const routeOf = (fn: FunctionAnswers) => fn.route ?? '$default';

/** What a function's trigger has deployed, and goes with it: its queue and the messages in it,
 * its own bucket and objects, its schedule, its route, its URL. */
function triggerLosses(a: Answers, fn: FunctionAnswers): string[] {
  switch (fn.trigger) {
    case 'sqs':
      return [`deletes queue ${fn.functionName} and the messages in it, and its dead-letter queue ${fn.functionName}-dlq${opsValues(a, fn).alarmsOn ? ' (and their alarms)' : ''}`];
    case 's3':
      return fn.sourceBucket
        ? [`removes ${fn.functionName}'s notification from bucket ${fn.sourceBucket}`]
        : [`deletes bucket ${bucketOf(fn)} (the apply fails while it holds objects: empty it first)`];
    case 'schedule':
      return [`deletes schedule ${fn.functionName} and its role ${fn.functionName}-scheduler`];
    case 'http-api':
      return [`deletes the HTTP API route ${routeOf(fn)} of ${fn.functionName}`];
    case 'function-url':
      return [`deletes the function URL of ${fn.functionName} (its address stops working)`];
    default:
      return [];
  }
}

/** An S3 or schedule function's on-failure queue and the records of failed events in it. */
function onFailureLosses(a: Answers, fn: FunctionAnswers): string[] {
  if (!invokedAsynchronously(fn)) return [];
  return [`deletes on-failure queue ${fn.functionName}-on-failure and the failed events' records in it${opsValues(a, fn).alarmsOn ? ' (and its alarm)' : ''}`];
}

/** A function's own resources: the function, its execution role (unless it runs as an existing
 * one), its log group and the logs in it. */
function functionLosses(a: Answers, fn: FunctionAnswers): string {
  const role = a.existingRole === '' ? `, its execution role ${fn.functionName}-execution` : '';
  const alarms = opsValues(a, fn).alarmsOn ? `, its alarms ${fn.functionName}-*` : '';
  return `deletes Lambda function ${fn.functionName}${role}${alarms}, and log group /aws/lambda/${fn.functionName} with its logs`;
}

export interface Row {
  /** The answer (its flag) whose change fires the row. */
  answer: string;
  /** Why the provider replaces or deletes: the ForceNew attribute, or the resources removed. */
  because: string;
  says: (c: Change) => string[];
}

export const replacements: readonly Row[] = [
  {
    answer: 'function-name',
    because: 'aws_lambda_function.function_name, aws_iam_role.name, aws_cloudwatch_log_group.name, aws_cloudwatch_metric_alarm.alarm_name, aws_sqs_queue.name, aws_s3_bucket.bucket, aws_scheduler_schedule.name are ForceNew',
    says: (c) =>
      keptPairs(c).flatMap(([was, now]) => {
        if (was.functionName === now.functionName) return [];
        const out = [
          `replaces Lambda function ${was.functionName} with ${now.functionName}` +
            (c.after.existingRole === '' ? `, its execution role ${was.functionName}-execution with ${now.functionName}-execution` : '') +
            `, and log group /aws/lambda/${was.functionName} (its logs stay behind) with /aws/lambda/${now.functionName}`,
        ];
        if (opsValues(c.after, now).alarmsOn && opsValues(c.before, was).alarmsOn) out.push(`replaces alarms ${was.functionName}-* with ${now.functionName}-* (their history stays behind)`);
        if (was.trigger !== now.trigger) return out;
        if (now.trigger === 'sqs') out.push(`deletes queue ${was.functionName} and the messages in it (and ${was.functionName}-dlq); creates ${now.functionName}`);
        if (now.trigger === 's3' && !now.sourceBucket && !was.sourceBucket) out.push(`replaces bucket ${bucketOf(was)} with ${bucketOf(now)} (the apply fails while the old one holds objects: empty it first)`);
        if (now.trigger === 'schedule') out.push(`replaces schedule ${was.functionName} with ${now.functionName}, and its role ${was.functionName}-scheduler`);
        if (invokedAsynchronously(now)) out.push(`replaces on-failure queue ${was.functionName}-on-failure with ${now.functionName}-on-failure (the records in the old one are lost)`);
        return out;
      }),
  },
  {
    answer: 'trigger',
    because: "the old trigger's resources leave the configuration",
    says: (c) =>
      keptPairs(c).flatMap(([was, now]) =>
        was.trigger === now.trigger ? [] : [...triggerLosses(c.before, was), ...(invokedAsynchronously(now) ? [] : onFailureLosses(c.before, was))],
      ),
  },
  {
    answer: 'source-bucket',
    because: 'the bucket the repo created, or the notification on an existing bucket, leaves the configuration',
    says: (c) =>
      keptPairs(c).flatMap(([was, now]) => {
        if (was.trigger !== 's3' || now.trigger !== 's3' || (was.sourceBucket ?? '') === (now.sourceBucket ?? '')) return [];
        return triggerLosses(c.before, was);
      }),
  },
  {
    answer: 'package',
    because: 'aws_lambda_function.package_type is ForceNew',
    says: (c) =>
      c.before.package === c.after.package
        ? []
        : [`replaces every Lambda function (${c.before.package} → ${c.after.package} packages): ${keptPairs(c).map(([was]) => was.functionName).join(', ')}`],
  },
  {
    answer: 'region',
    because: "every resource is created in the provider's new region",
    says: (c) =>
      c.before.region === c.after.region
        ? []
        : [`replaces every deployed resource: the next apply creates them in ${c.after.region}; what is in ${c.before.region} (queues and their messages, buckets, logs) is not carried over`],
  },
  {
    answer: 'prefix',
    because: "aws_iam_role.name and aws_iam_policy.name are ForceNew, and the state key is named after the prefix",
    says: (c) => {
      if (c.before.prefix === c.after.prefix) return [];
      const [was, now] = [c.before.prefix, c.after.prefix];
      // With local state the bootstrap has no roles (0.5.0 on): only the boundary is named after the prefix.
      const out = [
        c.after.state === 's3'
          ? `replaces the bootstrap's roles ${was}-deploy and ${was}-plan and the execution boundary ${was}-execution-boundary with ${now}-deploy, ${now}-plan and ${now}-execution-boundary (re-apply infra/bootstrap/ and re-run setup.sh)`
          : `replaces the bootstrap's execution boundary ${was}-execution-boundary with ${now}-execution-boundary (re-apply infra/bootstrap/ and re-run setup.sh)`,
      ];
      if (c.after.state === 's3') out.push(`moves the state key from ${c.before.prefix}/terraform.tfstate to ${c.after.prefix}/terraform.tfstate: the next plan starts from an empty state and creates every resource again (copy the state first)`);
      return out;
    },
  },
  {
    answer: 'state',
    because: 'the state moves to another backend',
    says: (c) =>
      c.before.state === c.after.state
        ? []
        : [
            `moves the state from ${c.before.state} to ${c.after.state}: migrate it (terraform init -migrate-state) before the next apply, or the plan starts empty and creates every resource again`,
            // With local state CI never deploys, so the bootstrap keeps no role for it (0.5.0 on).
            ...(c.after.state === 'local'
              ? [`deletes the bootstrap's roles ${c.before.prefix}-deploy and ${c.before.prefix}-plan and their GitHub OIDC trust (and the account's GitHub OIDC provider, if the bootstrap created it) at its re-apply`]
              : []),
          ],
  },
  {
    answer: 'existing-role',
    because: "the functions' own execution roles leave the configuration",
    says: (c) =>
      c.before.existingRole === '' && c.after.existingRole !== ''
        ? keptPairs(c).map(([was]) => `deletes execution role ${was.functionName}-execution (${was.functionName} runs as ${c.after.existingRole})`)
        : [],
  },
  {
    answer: 'remove',
    because: "the function's resources leave the configuration",
    says: (c) => {
      const fn = c.before.functions.find((f) => f.name === c.removed);
      return fn ? [functionLosses(c.before, fn), ...triggerLosses(c.before, fn), ...onFailureLosses(c.before, fn)] : [];
    },
  },
];

/** Every replacement and deletion the change makes, in table order. */
export function announcements(c: Change): string[] {
  return replacements.flatMap((row) => row.says(c));
}

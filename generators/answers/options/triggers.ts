// The option rows a trigger owns: the HTTP API route, the SQS queue's, the S3 source's and the
// schedule's answers. Each exists only for its `triggers`, and owns its default and validation.
import type { FunctionAnswers } from '../types.js';
import { bucketProblem, kebabCase, newBucketStem } from '../names.js';
import type { OptionSpec } from '../options.js';
import { outOfRange } from '../values.js';
import { closest, editDistance } from '../suggest.js';

/** API Gateway HTTP API route keys: `$default`, or a method and a path whose greedy
 * `{name+}` variable, if any, is the last segment. */
const routePattern = /^(ANY|GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) \/([A-Za-z0-9._~-]+|\{[A-Za-z0-9_]+\})*(\/([A-Za-z0-9._~-]+|\{[A-Za-z0-9_]+\}))*(\/\{[A-Za-z0-9_]+\+\})?$/;
/** EventBridge Scheduler: rate(1 minute), rate(5 minutes|hours|days), cron with six fields. */
const ratePattern = /^rate\((1 (minute|hour|day)|([2-9]|[1-9]\d+) (minutes|hours|days))\)$/;
/** cron(MIN HOUR DAY-OF-MONTH MONTH DAY-OF-WEEK YEAR): each field from its own characters
 * (numbers, names, , - * / and the day fields' ? L W #), and exactly one day field `?`. */
const cronPattern = /^cron\(([0-9,*/-]+) ([0-9,*/-]+) ([0-9,*/?LW-]+) ([0-9A-Za-z,*/-]+) ([0-9A-Za-z,*/?L#-]+) ([0-9,*/-]+)\)$/;
function cronProblem(expression: string): string | undefined {
  const m = cronPattern.exec(expression);
  if (!m) return 'is not a schedule expression';
  if ((m[3] === '?') === (m[5] === '?')) return 'needs ? in exactly one of DAY-OF-MONTH and DAY-OF-WEEK';
  return undefined;
}
/** What a key filter may not hold: S3 filters match literally (no wildcards), and the value is
 * written into Terraform strings (no quote, backslash or interpolation). */
const keyFilterProblem = (value: string): boolean =>
  value.length > 1024 || /[\u0000-\u001f*?"\\]|\$\{|%\{/.test(value);
/** Two filters on one bucket overlap (S3 refuses the configuration) when one prefix starts the
 * other and one suffix ends the other. */
export const filtersOverlap = (a: FunctionAnswers, b: FunctionAnswers): boolean => {
  const [pa, pb, sa, sb] = [a.keyPrefix ?? '', b.keyPrefix ?? '', a.keySuffix ?? '', b.keySuffix ?? ''];
  return (pa.startsWith(pb) || pb.startsWith(pa)) && (sa.endsWith(sb) || sb.endsWith(sa));
};
/** Aliases of UTC that Node's ICU resolves to "UTC" and does not list: their exact spelling. */
const utcAliases = ['UTC', 'Etc/UTC', 'Etc/UCT', 'Etc/Universal', 'Etc/Zulu', 'Etc/GMT', 'Etc/Greenwich', 'GMT', 'UCT', 'Universal', 'Zulu', 'Greenwich'];

/** Why `zone` is not a time zone EventBridge Scheduler takes, spelt as the IANA database spells
 * it; undefined when it is. ICU (through Intl) knows every zone and alias but compares without
 * case and resolves aliases (Asia/Kolkata to Asia/Calcutta on Node 20), and its list omits
 * aliases, so the exact spelling is checked against the list and the resolved name, and an
 * alias neither holds must at least be capitalised like the database's names. */
export function timeZoneProblem(zone: string): string | undefined {
  const examples = 'use one such as UTC, Europe/Berlin or America/New_York (IANA names, case as written there)';
  let resolved: string | undefined;
  try {
    if (/^[A-Za-z][A-Za-z0-9_+/-]*$/.test(zone)) resolved = new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    // unknown to ICU: resolved stays undefined
  }
  if (resolved === zone) return undefined;
  const known = [...utcAliases, ...Intl.supportedValuesOf('timeZone'), ...(resolved ? [resolved] : [])];
  const lower = zone.toLowerCase();
  if (resolved !== undefined) {
    const spelt = known.find((name) => name.toLowerCase() === lower);
    if (spelt === zone) return undefined;
    // An alias ICU knows but does not list (Asia/Kolkata, Europe/Kyiv): every part capitalised.
    const capitalised = zone.replace(/(^|[/_-])([a-z])/g, (_, sep: string, letter: string) => sep + letter.toUpperCase());
    if (spelt === undefined && capitalised === zone) return undefined;
    return `"${zone}" is not spelt as the IANA time zone database spells it, and names are case-sensitive; use ${spelt ?? capitalised}`;
  }
  // Unknown: the closest name, the way flags are suggested (a typo, not any zone at all), or
  // the zone whose city it is (Berlin → Europe/Berlin).
  const best = closest(lower, known, (name) => (name.split('/').pop()!.toLowerCase() === lower ? 0 : editDistance(lower, name.toLowerCase())));
  return `"${zone}" is not an IANA time zone; ${best !== undefined ? `did you mean ${best}? ` : ''}${examples}`;
}

function keyFilterCheck(flag: string, value: string | undefined, problems: string[]): void {
  if (value !== undefined && keyFilterProblem(value)) {
    problems.push(
      `${flag}: "${value}" is not allowed; use up to 1024 characters without control characters, * or ? ` +
        '(S3 filters match literally), " or \\, ${ or %{, e.g. uploads/ or .csv',
    );
  }
}

export const triggerRows: OptionSpec[] = [
  { key: 'route', scope: 'function', triggers: ['http-api'], flag: 'route', kind: 'string', describe: 'HTTP API route key: $default or "METHOD /path", e.g. "ANY /orders/{proxy+}" (default: $default for the first http-api function, else ANY /<kebab-name>/{proxy+})', message: 'HTTP API route',
    default: ({ fn, before }) => (before.some((f) => f.route === '$default') ? `ANY /${kebabCase(fn.name ?? '')}/{proxy+}` : '$default'),
    validate: ({ fn, f, problems }) => {
      if (fn.route !== undefined && fn.route !== '$default' && !routePattern.test(fn.route)) {
        problems.push(
          `${f('route')}: "${fn.route}" is not an HTTP API route key; use $default or METHOD /path with METHOD one of ` +
            'ANY GET POST PUT PATCH DELETE HEAD OPTIONS, e.g. "ANY /orders/{proxy+}" or "GET /orders/{id}"',
        );
      }
    },
  },
  // Throttling of the function's route on the HTTP API's stage (route_settings). Without it only
  // the account's API Gateway quota (10,000 requests per second, bursts of 5,000, per Region,
  // shared by every API of the account) stops a flood, which then reaches the function and
  // uses up the account's Lambda concurrency (1,000 by default, less in new accounts) and the
  // bill. 50 requests per second with bursts of 100 is far above a new service's traffic and
  // bounds a flood at about 4.3 million requests a day; a higher value than the account's
  // quota would never apply, so those quotas are the limits.
  { key: 'throttleBurst', scope: 'function', triggers: ['http-api'], flag: 'throttle-burst', kind: 'number', describe: "http-api: requests the route takes at once above the rate (API Gateway's burst), 1-5000", message: 'Throttling burst (requests)',
    default: 100,
    validate: ({ fn, f, problems }) => {
      if (outOfRange(fn.throttleBurst ?? 0, 1, 5000)) {
        problems.push(`${f('throttle-burst')}: ${fn.throttleBurst ?? 0} is out of range; use 1 to 5000 requests (5000 is API Gateway's account-wide burst quota; 0 would refuse every request)`);
      }
    },
  },
  { key: 'throttleRate', scope: 'function', triggers: ['http-api'], flag: 'throttle-rate', kind: 'number', describe: "http-api: the route's steady rate limit in requests per second, 1-10000", message: 'Throttling rate (requests per second)',
    default: 50,
    validate: ({ fn, f, problems }) => {
      if (outOfRange(fn.throttleRate ?? 0, 1, 10000)) {
        problems.push(`${f('throttle-rate')}: ${fn.throttleRate ?? 0} is out of range; use 1 to 10000 requests per second (10000 is API Gateway's account-wide quota; 0 would refuse every request)`);
      }
    },
  },
  { key: 'batchSize', scope: 'function', triggers: ['sqs'], flag: 'batch-size', kind: 'number', describe: 'sqs: messages per invocation, 1-10000 (above 10 needs --batching-window 1 or more)', message: 'Batch size',
    // Lambda's default batch.
    default: 10,
    validate: ({ fn, f, problems }) => {
      if (outOfRange(fn.batchSize ?? 0, 1, 10000)) problems.push(`${f('batch-size')}: ${fn.batchSize ?? 0} is out of range; use 1 to 10000 messages`);
    },
  },
  { key: 'batchingWindow', scope: 'function', triggers: ['sqs'], flag: 'batching-window', kind: 'number', describe: 'sqs: seconds to gather a batch, 0-300', message: 'Batching window (seconds)',
    default: 0,
    validate: ({ fn, f, pass, problems }) => {
      const { batchSize = 0, batchingWindow = 0 } = fn;
      if (outOfRange(batchingWindow, 0, 300)) {
        problems.push(`${f('batching-window')}: ${batchingWindow} is out of range; use 0 to 300 seconds`);
      } else if (!outOfRange(batchSize, 1, 10000) && batchSize > 10 && batchingWindow < 1) {
        // Said of the window, which prompts ask after the batch size (answerPairs, options.ts).
        problems.push(
          `${f('batching-window')}: ${batchingWindow} is too short for a batch size of ${batchSize}: Lambda requires a window of at least 1 second above 10 messages; ` +
            `pass ${pass('batching-window', '1')} or more, or use a batch size of 10 or fewer`,
        );
      }
    },
  },
  { key: 'maxReceiveCount', scope: 'function', triggers: ['sqs'], flag: 'max-receive-count', kind: 'number', describe: 'sqs: receives before a message moves to the dead-letter queue, 1-1000', message: 'Max receive count',
    // AWS's usual redrive count.
    default: 5,
    validate: ({ fn, f, problems }) => {
      if (outOfRange(fn.maxReceiveCount ?? 0, 1, 1000)) problems.push(`${f('max-receive-count')}: ${fn.maxReceiveCount ?? 0} is out of range; use 1 to 1000 receives`);
    },
  },
  { key: 'visibilityTimeout', scope: 'function', triggers: ['sqs'], flag: 'visibility-timeout', kind: 'number', describe: "sqs: the queue's visibility timeout in seconds, at least 6 x --timeout, at most 43200 (default: 6 x --timeout)", message: 'Visibility timeout (seconds)',
    blank: '6 x the timeout',
    default: () => undefined, // derived in context.ts: 6 x timeout
    validate: ({ fn, f, problems }) => {
      const { visibilityTimeout } = fn;
      if (visibilityTimeout !== undefined && (visibilityTimeout < 6 * fn.timeout || visibilityTimeout > 43200)) {
        problems.push(
          `${f('visibility-timeout')}: ${visibilityTimeout} is not allowed; use ${6 * fn.timeout} to 43200 seconds ` +
            `(at least 6 x the ${fn.timeout} s timeout, as AWS advises for queues that trigger Lambda), or leave it out to derive it`,
        );
      }
    },
  },
  { key: 'sourceBucket', scope: 'function', triggers: ['s3'], flag: 'source-bucket', kind: 'string', describe: 's3: an existing bucket to subscribe to (default, or "": a new bucket)', message: 'Existing source bucket (blank: a new bucket)',
    default: '',
    validate: ({ fn, f, problems }) => {
      if (fn.sourceBucket) {
        const issue = bucketProblem(fn.sourceBucket);
        if (issue) problems.push(`${f('source-bucket')}: "${fn.sourceBucket}" is not a valid S3 bucket name: it ${issue}`);
      }
      if (!fn.sourceBucket) {
        // The new bucket is named <stem>-<account id>; the stem comes from the function name.
        const issue = bucketProblem(`${newBucketStem(fn.functionName)}-123456789012`);
        if (issue) {
          problems.push(
            `${f('function-name')}: "${fn.functionName}" cannot name the new S3 bucket (${newBucketStem(fn.functionName)}-<account id>): it ${issue}; ` +
              'rename the function or pass --source-bucket',
          );
        }
      }
    },
  },
  { key: 'keyPrefix', scope: 'function', triggers: ['s3'], flag: 'key-prefix', kind: 'string', describe: 's3: only keys starting with this, e.g. uploads/', message: 'Key prefix (blank: every key)',
    default: '',
    validate: ({ fn, f, problems }) => keyFilterCheck(f('key-prefix'), fn.keyPrefix, problems),
  },
  { key: 'keySuffix', scope: 'function', triggers: ['s3'], flag: 'key-suffix', kind: 'string', describe: 's3: only keys ending with this, e.g. .csv', message: 'Key suffix (blank: every key)',
    default: '',
    validate: ({ fn, f, problems }) => keyFilterCheck(f('key-suffix'), fn.keySuffix, problems),
  },
  { key: 'manageBucketNotifications', scope: 'function', triggers: ['s3'], flag: 'manage-bucket-notifications', kind: 'boolean', describe: "s3: let Terraform own an existing bucket's notification configuration (replaces its other notifications)", message: "Let Terraform own the existing bucket's notifications?",
    // Only an existing bucket has notifications made elsewhere that this repo could replace.
    when: (a) => (a.sourceBucket ?? '') !== '',
    appliesTo: 'an existing bucket (--source-bucket)',
    default: false,
    validate: ({ fn, f, pass, problems }) => {
      // Said of the yes/no, which prompts ask after the bucket (answerPairs, options.ts).
      if (fn.sourceBucket && !bucketProblem(fn.sourceBucket) && !fn.manageBucketNotifications) {
        problems.push(
          `${f('manage-bucket-notifications')}: S3 keeps one notification configuration per bucket, and the first apply would replace ` +
            `${fn.sourceBucket}'s with this repo's, deleting every notification set up elsewhere (another stack, the console). ` +
            `Pass ${pass('manage-bucket-notifications', 'true')} if this repo may own all of ${fn.sourceBucket}'s notifications, ` +
            `or leave ${pass('source-bucket', '')} out for a new bucket of its own`,
        );
      }
    },
  },
  { key: 'schedule', scope: 'function', triggers: ['schedule'], flag: 'schedule', kind: 'string', describe: 'schedule: "rate(5 minutes)" or "cron(0 8 * * ? *)"', message: 'Schedule expression',
    default: 'rate(1 hour)',
    validate: ({ fn, f, problems }) => {
      const expression = fn.schedule ?? '';
      const issue = ratePattern.test(expression) ? undefined : expression.startsWith('cron(') ? cronProblem(expression) : 'is not a schedule expression';
      if (issue) {
        problems.push(
          `${f('schedule')}: "${expression}" ${issue}; use rate(VALUE UNIT) such as "rate(5 minutes)" or ` +
            '"rate(1 hour)" (unit minute, hour or day; plural above 1), or cron(MIN HOUR DAY-OF-MONTH MONTH DAY-OF-WEEK YEAR) ' +
            'with ? in one day field, such as "cron(0 8 * * ? *)" (08:00 every day) or "cron(0 18 ? * MON-FRI *)"',
        );
      }
    },
  },
  { key: 'scheduleTimezone', scope: 'function', triggers: ['schedule'], flag: 'schedule-timezone', kind: 'string', describe: 'schedule: IANA time zone of cron expressions, e.g. Europe/Berlin', message: 'Schedule time zone',
    default: 'UTC',
    validate: ({ fn, f, problems }) => {
      const issue = timeZoneProblem(fn.scheduleTimezone ?? '');
      if (issue) problems.push(`${f('schedule-timezone')}: ${issue}`);
    },
  },
];

// The option rows of every function's own answers: its names, its trigger, memory, timeout and
// log retention. Each row owns its default and its validation (the table: ../options.ts).
import { functionNameFrom, functionNamePattern, kebabCase, nameProblem, pascalCase } from '../names.js';
import { optionByKey, type OptionSpec } from '../options.js';
import { parseValue } from '../parse.js';
import { logRetentions, outOfRange, triggers } from '../values.js';

/** The Lambda API's ReservedConcurrentExecutions is a 32-bit integer; the account's quota is
 * the real bound, which only AWS knows. */
const maxReservedConcurrency = 2147483647;

export const functionRows: OptionSpec[] = [
  { key: 'name', scope: 'function', flag: 'name', kind: 'string', describe: '.NET project name and root namespace of the function (default: PascalCase of dir)', message: '.NET project name / root namespace',
    default: ({ dirName, index }) => (index === 0 ? pascalCase(dirName) : undefined),
    validate: ({ fn, f, problems }) => {
      const nameIssue = nameProblem(fn.name);
      if (nameIssue) problems.push(`${f('name')}: ${nameIssue.startsWith('"') ? nameIssue : `.NET name ${nameIssue}`}`);
      // `_` and `_0` are C# identifiers, but the Terraform module, file and image names come from
      // the name's letters and digits (order-worker, order_worker), and Terraform names must start
      // with a letter: `module._0` does not parse, and `_` would leave nothing.
      else if (!/^[a-z]/.test(kebabCase(fn.name))) {
        problems.push(
          `${f('name')}: "${fn.name}" gives no name for its Terraform module, files and images ("${kebabCase(fn.name)}"), which must start with a letter; ` +
            'use a name whose first letter or digit is a letter, e.g. Worker',
        );
      }
    },
  },
  { key: 'functionName', scope: 'function', flag: 'function-name', kind: 'string', describe: 'Lambda function name (default: the prefix, then <prefix>-<kebab-case name> for added functions)', message: 'Lambda function name',
    default: ({ dirName, soFar, fn, index }) => {
      const prefix = soFar.prefix ?? fn.functionName ?? functionNameFrom(dirName);
      return index === 0 ? prefix : `${prefix}-${kebabCase(fn.name ?? '')}`;
    },
    validate: ({ a, fn, f, problems }) => {
      if (!functionNamePattern.test(fn.functionName)) {
        problems.push(
          `${f('function-name')}: "${fn.functionName}" is not allowed; use 1 to 54 characters from A-Z, a-z, 0-9, - and _ ` +
            '(Lambda allows 64, but the execution role name appends "-execution" and IAM allows 64)',
        );
      } else if (a.prefix !== '' && fn.functionName !== a.prefix && !fn.functionName.startsWith(`${a.prefix}-`)) {
        problems.push(
          `${f('function-name')}: "${fn.functionName}" must be the prefix "${a.prefix}" or start with "${a.prefix}-": ` +
            "the pipeline's permissions cover exactly those names",
        );
      }
    },
  },
  {
    key: 'trigger', scope: 'function', flag: 'trigger', kind: 'choice', choices: triggers, describe: 'what invokes the function', message: 'Trigger',
    explain: {
      'http-api': 'public HTTPS endpoint through API Gateway HTTP API (billed per million requests)',
      'function-url': 'Lambda function URL, IAM-signed (SigV4) requests only: no API Gateway cost, not for browsers',
      none: 'no HTTP endpoint: invoke it with the Lambda API or wire an event source yourself',
      sqs: 'an SQS queue with a dead-letter queue; batches report their failed messages',
      s3: 'objects created in an S3 bucket (a new one, or an existing one)',
      schedule: 'an EventBridge Scheduler schedule, rate(…) or cron(…)',
    },
    default: 'http-api',
    validate: ({ fn, f, problems }) => {
      if (!triggers.includes(fn.trigger)) problems.push(parseValue(optionByKey.get('trigger')!, fn.trigger).problem!.replace('--trigger', f('trigger')));
    },
  },
  { key: 'memory', scope: 'function', flag: 'memory', kind: 'number', describe: 'memory in MB, 128-10240', message: 'Memory (MB)',
    default: 256,
    validate: ({ fn, f, problems }) => {
      if (outOfRange(fn.memory, 128, 10240)) {
        problems.push(`${f('memory')}: ${fn.memory} is out of range; use a whole number of MB from 128 to 10240`);
      }
    },
  },
  { key: 'timeout', scope: 'function', flag: 'timeout', kind: 'number', describe: 'timeout in seconds, 1-900', message: 'Timeout (seconds)',
    default: 30,
    validate: ({ fn, f, problems }) => {
      if (outOfRange(fn.timeout, 1, 900)) {
        problems.push(`${f('timeout')}: ${fn.timeout} is out of range; use a whole number of seconds from 1 to 900`);
      }
    },
  },
  // Off by default: a reservation is both a floor and a cap, taken out of the account's
  // unreserved concurrency, which new accounts keep small, and Lambda refuses one that leaves
  // fewer than 100 unreserved. 0 is refused: it throttles every invocation, so the function
  // would never run (HTTP callers get 429, queue messages end in the dead-letter queue).
  { key: 'reservedConcurrency', scope: 'function', flag: 'reserved-concurrency', kind: 'number', describe: "concurrent executions reserved for (and capping) the function, 1 or more, taken from the account's unreserved pool, which must keep 100 (default, or \"\": none)", message: 'Reserved concurrency',
    blank: "none: the account's shared pool",
    default: () => undefined,
    validate: ({ fn, f, problems }) => {
      const { reservedConcurrency } = fn;
      if (reservedConcurrency !== undefined && outOfRange(reservedConcurrency, 1, maxReservedConcurrency)) {
        problems.push(
          `${f('reserved-concurrency')}: ${reservedConcurrency} is not allowed; use a whole number of concurrent executions from 1, ` +
            "at most the account's concurrency quota less the 100 Lambda keeps unreserved (1,000 - 100 = 900 at the default quota; AWS checks this at deploy), " +
            'or leave it out for none (0 would throttle every invocation, so the function would never run)',
        );
      }
    },
  },
  { key: 'logRetention', scope: 'function', flag: 'log-retention', kind: 'number', describe: 'CloudWatch log retention in days', message: 'Log retention (days)',
    default: 14,
    validate: ({ fn, f, problems }) => {
      if (!(logRetentions as readonly number[]).includes(fn.logRetention)) {
        problems.push(`${f('log-retention')}: ${fn.logRetention} is not a CloudWatch retention period; use one of ${logRetentions.join(', ')}`);
      }
    },
  },
];

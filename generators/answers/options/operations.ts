// The option rows of operations (issue 17): logs, alarms and tracing, repo-wide answers a
// function may override (`override`). Each row owns its default, `when` and validation.
import { baseDefault } from '../defaults.js';
import type { OptionSpec } from '../options.js';
import { appLogLevels, logFormats, systemLogLevels } from '../values.js';

/** One address as SNS's email protocol takes it: local part, @, a dotted domain; no spaces,
 * no display name, no list. */
const emailPattern = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

export const operationsRows: OptionSpec[] = [
  {
    key: 'logFormat', scope: 'repo', override: true, flag: 'log-format', kind: 'choice', choices: logFormats, describe: "Lambda's log format (default: json; text keeps plain lines and has no levels)", message: 'Log format',
    explain: {
      json: 'one JSON object per line, filtered by the log levels below; query fields with Logs Insights',
      text: 'plain text lines as before: no level filtering, no structured fields',
    },
    default: 'json',
  },
  { key: 'appLogLevel', scope: 'repo', override: true, flag: 'app-log-level', kind: 'choice', choices: appLogLevels, describe: 'json logs: least severe application level Lambda keeps (default: INFO)', message: 'Application log level',
    // Lambda keeps this level and the more severe ones; CloudWatch Logs bills per GB ingested.
    explain: {
      TRACE: 'every line, down to the finest detail of the code path: the most log data ingested and billed',
      DEBUG: 'debugging detail and everything more severe: verbose, so more log data billed',
      INFO: 'messages of normal operation, warnings and errors: the usual level',
      WARN: 'possible problems and errors only',
      ERROR: 'problems that stop the code working as intended, and fatal errors',
      FATAL: 'only errors that stop the function: the least log data, and the least to go on',
    },
    when: (a) => (a.logFormat ?? baseDefault('logFormat')) === 'json',
    default: 'INFO',
  },
  { key: 'systemLogLevel', scope: 'repo', override: true, flag: 'system-log-level', kind: 'choice', choices: systemLogLevels, describe: "json logs: least severe level of Lambda's own system logs kept (default: WARN)", message: 'System log level',
    explain: {
      DEBUG: 'every event Lambda logs about the function, for debugging the platform: the most system log data',
      INFO: "Lambda's start and report lines for every invocation (duration, billed time, memory used), and warnings",
      WARN: "Lambda's warnings only: no start or report line per invocation, the least system log data",
    },
    when: (a) => (a.logFormat ?? baseDefault('logFormat')) === 'json',
    default: 'WARN',
  },
  { key: 'alarms', scope: 'repo', override: true, flag: 'alarms', kind: 'boolean', describe: 'CloudWatch alarms on errors, throttles and p99 duration (and an sqs queue\'s age and dead letters), or not (default: on)', message: 'Add CloudWatch alarms?',
    default: true,
  },
  { key: 'alarmEmail', scope: 'repo', flag: 'alarm-email', kind: 'string', describe: 'e-mail the alarms through a new KMS-encrypted SNS topic (default, or "": no topic; wire your own with the alarm_topic_arn variable)', message: 'Alarm e-mail address (blank: none)',
    when: (a) => (a.alarms ?? baseDefault('alarms')) as boolean,
    default: '',
    validate: ({ a, problems }) => {
      if (a.alarmEmail !== '') {
        if (!emailPattern.test(a.alarmEmail)) {
          problems.push(`--alarm-email: "${a.alarmEmail}" is not an e-mail address; use one address such as oncall@example.com`);
        } else if (!a.functions.some((fn) => fn.alarms ?? a.alarms)) {
          problems.push('--alarm-email: no function has alarms to send; leave it out, or turn alarms on (--alarms)');
        }
      }
    },
  },
  { key: 'tracing', scope: 'repo', override: true, flag: 'tracing', kind: 'boolean', describe: 'AWS X-Ray active tracing, or not (default: off)', message: 'Turn on X-Ray tracing?',
    default: false,
  },
];

// Allowed values: every choice an answer has, and the facts behind them (which runtimes a
// framework may run on, CloudWatch's retention periods, the regions, end-of-support dates).
import type { Framework } from '../versions.js';
import type { AppLogLevel, Arch, BootstrapFeature, DeployGate, LogFormat, PackageType, Preset, Runner, Runtime, StateBackend, SystemLogLevel, Trigger } from './types.js';

export const frameworks: readonly Framework[] = ['net10.0', 'net8.0', 'net7.0'];
export const runtimes: readonly Runtime[] = ['dotnet10', 'dotnet8', 'provided.al2023', 'provided.al2'];
export const arches: readonly Arch[] = ['arm64', 'x86_64'];
export const packageTypes: readonly PackageType[] = ['zip', 'image'];
export const triggers: readonly Trigger[] = ['http-api', 'function-url', 'none', 'sqs', 's3', 'schedule'];
export const runners: readonly Runner[] = ['github', 'self-hosted'];
export const stateBackends: readonly StateBackend[] = ['s3', 'local'];
export const deployGates: readonly DeployGate[] = ['environment', 'branch'];
export const presets: readonly Preset[] = ['default', 'seed'];
/** Lambda's LoggingConfig values (API reference, LoggingConfig): levels filter only JSON logs. */
export const logFormats: readonly LogFormat[] = ['json', 'text'];
export const appLogLevels: readonly AppLogLevel[] = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];
export const systemLogLevels: readonly SystemLogLevel[] = ['DEBUG', 'INFO', 'WARN'];
/** The names a record's `retiring` list may hold, in the order it keeps them. */
export const bootstrapFeatures: readonly BootstrapFeature[] = ['http-api', 'function-url', 'sqs', 's3', 'schedule', 'on-failure', 'alarms', 'alarm-topic', 'tracing'];

/** Runtimes each framework may run on. Native AOT binaries need no managed .NET, but the
 * managed runtime must match the framework, net7.0 never had one, and provided.al2 is
 * kept only for the article's .NET 7 path. */
export const runtimesFor: Record<Framework, readonly Runtime[]> = {
  'net10.0': ['dotnet10', 'provided.al2023'],
  'net8.0': ['dotnet8', 'provided.al2023'],
  'net7.0': ['provided.al2', 'provided.al2023'],
};

/** CloudWatch Logs accepts exactly these retention periods (days). */
export const logRetentions = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** AWS commercial-partition regions, opt-in ones included. */
export const regions = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
  'ca-central-1', 'ca-west-1', 'mx-central-1', 'sa-east-1',
  'eu-central-1', 'eu-central-2', 'eu-west-1', 'eu-west-2', 'eu-west-3',
  'eu-south-1', 'eu-south-2', 'eu-north-1',
  'il-central-1', 'me-south-1', 'me-central-1', 'af-south-1',
  'ap-east-1', 'ap-east-2', 'ap-south-1', 'ap-south-2',
  'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3',
  'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4',
  'ap-southeast-5', 'ap-southeast-6', 'ap-southeast-7',
] as const;

/** Each region's name; opt-in regions (launched after March 2019, except Osaka) must be
 * enabled for the account before anything deploys there. */
const regionNames: Record<(typeof regions)[number], string> = {
  'us-east-1': 'US East (N. Virginia)', 'us-east-2': 'US East (Ohio)', 'us-west-1': 'US West (N. California)', 'us-west-2': 'US West (Oregon)',
  'ca-central-1': 'Canada (Central)', 'ca-west-1': 'Canada West (Calgary)*', 'mx-central-1': 'Mexico (Central)*', 'sa-east-1': 'South America (São Paulo)',
  'eu-central-1': 'Europe (Frankfurt)', 'eu-central-2': 'Europe (Zurich)*', 'eu-west-1': 'Europe (Ireland)', 'eu-west-2': 'Europe (London)', 'eu-west-3': 'Europe (Paris)',
  'eu-south-1': 'Europe (Milan)*', 'eu-south-2': 'Europe (Spain)*', 'eu-north-1': 'Europe (Stockholm)',
  'il-central-1': 'Israel (Tel Aviv)*', 'me-south-1': 'Middle East (Bahrain)*', 'me-central-1': 'Middle East (UAE)*', 'af-south-1': 'Africa (Cape Town)*',
  'ap-east-1': 'Asia Pacific (Hong Kong)*', 'ap-east-2': 'Asia Pacific (Taipei)*', 'ap-south-1': 'Asia Pacific (Mumbai)', 'ap-south-2': 'Asia Pacific (Hyderabad)*',
  'ap-northeast-1': 'Asia Pacific (Tokyo)', 'ap-northeast-2': 'Asia Pacific (Seoul)', 'ap-northeast-3': 'Asia Pacific (Osaka)',
  'ap-southeast-1': 'Asia Pacific (Singapore)', 'ap-southeast-2': 'Asia Pacific (Sydney)', 'ap-southeast-3': 'Asia Pacific (Jakarta)*', 'ap-southeast-4': 'Asia Pacific (Melbourne)*',
  'ap-southeast-5': 'Asia Pacific (Malaysia)*', 'ap-southeast-6': 'Asia Pacific (New Zealand)*', 'ap-southeast-7': 'Asia Pacific (Thailand)*',
};
/** The region prompt's line under each choice: its name, and whether it is opt-in. */
export const regionExplain: Record<string, string> = Object.fromEntries(
  Object.entries(regionNames).map(([region, name]) => [
    region,
    name.endsWith('*') ? `${name.slice(0, -1)}: an opt-in region: enable it for the account before anything can deploy there` : `${name}: enabled by default in every account`,
  ]),
);

/** End-of-support dates (facts.md). Past these we still generate, with a warning. */
export const endOfSupport: Partial<Record<Framework | Runtime, string>> = {
  'net7.0': '2024-05-14',
  'net8.0': '2026-11-10',
  dotnet8: '2026-11-10',
  'provided.al2': '2026-07-31',
  'net10.0': '2028-11-14',
  dotnet10: '2028-11-14',
  'provided.al2023': '2029-06-30',
};

export const csharpKeywords = new Set(
  ('abstract as base bool break byte case catch char checked class const continue decimal default delegate do double ' +
    'else enum event explicit extern false finally fixed float for foreach goto if implicit in int interface internal is ' +
    'lock long namespace new null object operator out override params private protected public readonly ref return sbyte ' +
    'sealed short sizeof stackalloc static string struct switch this throw true try typeof uint ulong unchecked unsafe ' +
    'ushort using virtual void volatile while').split(' '),
);

/** Whether `value` is not a whole number from `min` to `max`: the range rule of every numeric answer. */
export function outOfRange(value: number, min: number, max: number): boolean {
  return !Number.isInteger(value) || value < min || value > max;
}

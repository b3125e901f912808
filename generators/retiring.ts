// Retiring bootstrap permissions (issue 23). The pipeline never applies infra/bootstrap/, so a
// person re-applies it. Permissions a change adds must be there before the push that uses them;
// permissions a change makes unneeded must stay until the push that deletes their resources has
// deployed: that apply still calls scheduler:DeleteSchedule, sqs:DeleteQueue, iam:DeleteRole on
// a role whose boundary the bootstrap owns, and so on. So the bootstrap keeps rendering them,
// and the record lists them as `retiring`, until `update --drop-retired`.
import type { Answers, BootstrapFeature, Retiring } from './answers/index.js';

/** The context values the bootstrap's templates test, and the documents permissions.tf composes from them. */
export interface BootstrapFlags {
  anyHttpApi: boolean;
  anyFunctionUrl: boolean;
  anySqs: boolean;
  anyS3: boolean;
  anySchedule: boolean;
  /** An S3 or schedule function's on-failure queue (generators/on-failure.ts). */
  anyOnFailure: boolean;
  anyAlarms: boolean;
  alarmTopic: boolean;
  anyTracing: boolean;
  /** Existing buckets whose notifications the pipeline may change, named one by one. */
  s3ExistingBuckets: string[];
}

/** Each feature: whether an answer set's bootstrap grants it (from the template flags), the flags
 * that keep it rendered, and the part whose infra/bootstrap/ files hold its documents (none: its
 * statements are in permissions.tf, which every repo has). A new kind of bootstrap permission is
 * one more row. */
const features: Record<BootstrapFeature, { has: (f: BootstrapFlags) => boolean; keep: Partial<BootstrapFlags>; part?: string }> = {
  'http-api': { has: (f) => f.anyHttpApi, keep: { anyHttpApi: true } },
  'function-url': { has: (f) => f.anyFunctionUrl, keep: { anyFunctionUrl: true } },
  sqs: { has: (f) => f.anySqs, keep: { anySqs: true }, part: 'sqs' },
  s3: { has: (f) => f.anyS3, keep: { anyS3: true }, part: 's3' },
  schedule: { has: (f) => f.anySchedule, keep: { anySchedule: true }, part: 'schedule' },
  'on-failure': { has: (f) => f.anyOnFailure, keep: { anyOnFailure: true }, part: 'on-failure' },
  alarms: { has: (f) => f.anyAlarms, keep: { anyAlarms: true }, part: 'ops' },
  // ops.tf grants the topic's permissions only beside the alarms'.
  'alarm-topic': { has: (f) => f.anyAlarms && f.alarmTopic, keep: { anyAlarms: true, alarmTopic: true }, part: 'ops' },
  tracing: { has: (f) => f.anyTracing, keep: { anyTracing: true }, part: 'ops' },
};
const order = Object.keys(features) as BootstrapFeature[];

/** The documents permissions.tf composes into the roles and the execution boundary. */
export function composedDocs(f: Pick<BootstrapFlags, 'anySqs' | 'anyS3' | 'anySchedule' | 'anyOnFailure' | 'anyAlarms' | 'anyTracing'>) {
  return {
    /** The bootstrap composes more policy documents into the roles' (triggers, alarms) and the boundary's
     * (queues and buckets, an s3 or schedule function's on-failure queue, tracing: a schedule's own
     * role invokes the function). */
    extraReadDocs: f.anySqs || f.anyS3 || f.anySchedule || f.anyOnFailure || f.anyAlarms,
    extraBoundaryDocs: f.anySqs || f.anyS3 || f.anyOnFailure || f.anyTracing,
  };
}

/** An existing bucket's entry (`bucket:<name>`): its notification permission is named in triggers_s3.tf. */
const bucketOf = (entry: Retiring): string | undefined => (entry.startsWith('bucket:') ? entry.slice('bucket:'.length) : undefined);

/** What a bootstrap rendered with these flags grants, in the record's order: features, then existing buckets. */
export function featuresOf(f: BootstrapFlags): Retiring[] {
  return [...order.filter((name) => features[name].has(f)), ...[...f.s3ExistingBuckets].sort().map((b): Retiring => `bucket:${b}`)];
}

/** The retiring list after a change: what the bootstrap granted before (or still kept) and no
 * longer needs. Granting it again (an `add` of that kind) takes it off the list. */
export function retiringAfter(before: BootstrapFlags, after: BootstrapFlags, recorded: readonly Retiring[]): Retiring[] {
  const now = new Set(featuresOf(after));
  const was = new Set([...recorded, ...featuresOf(before)]);
  const ranked = (entry: Retiring) => (bucketOf(entry) === undefined ? order.indexOf(entry as BootstrapFeature) : order.length);
  return [...was].filter((entry) => !now.has(entry)).sort((x, y) => ranked(x) - ranked(y) || (x < y ? -1 : x > y ? 1 : 0));
}

/** The part whose infra/bootstrap/ files hold an entry's documents (a bucket's: the s3 part's). */
const partOf = (entry: Retiring): string | undefined => (bucketOf(entry) !== undefined ? 's3' : features[entry as BootstrapFeature].part);

/** The parts whose infra/bootstrap/ files the retiring features keep, beyond `repoParts` (partsFor). */
export function retainedParts(a: Answers, repoParts: readonly string[]): string[] {
  const parts = (a.retiring ?? []).flatMap((entry) => partOf(entry) ?? []);
  return [...new Set(parts)].filter((part) => !repoParts.includes(part));
}

/** The context the bootstrap's templates see: the repo's, with the retiring features still on. */
export function bootstrapContext<C extends BootstrapFlags>(context: C, a: Answers): C {
  if ((a.retiring ?? []).length === 0) return context;
  const flags: C = { ...context };
  const buckets = new Set(context.s3ExistingBuckets);
  for (const entry of a.retiring ?? []) {
    const bucket = bucketOf(entry);
    if (bucket === undefined) Object.assign(flags, features[entry as BootstrapFeature].keep);
    else {
      flags.anyS3 = true;
      buckets.add(bucket);
    }
  }
  // In the order the functions named them, then the retiring ones (the list the bootstrap printed before).
  return { ...flags, s3ExistingBuckets: [...context.s3ExistingBuckets, ...[...buckets].filter((b) => !context.s3ExistingBuckets.includes(b))], ...composedDocs(flags) };
}

// The snapshot answer sets (create's flags after `<dir> --yes`): test/snapshot.test.ts renders
// each to test/snapshots/<set>.snap, and test/support/same-output.ts renders them with an
// earlier commit's bundle too.
export const snapshotSets: Record<string, string[]> = {
  yes: [],
  seed: ['--preset', 'seed', '--artifact-bucket', 'my-artifacts', '--existing-role', 'my-lambda-role'],
  'x86-function-url-local': ['--arch', 'x86_64', '--trigger', 'function-url', '--state', 'local'],
  'net8-al2023-no-tests': ['--framework', 'net8.0', '--runtime', 'provided.al2023', '--no-tests'],
  // The container-image variant, for both architectures and both HTTP triggers.
  'image-arm64-http-api': ['--package', 'image'],
  'image-x86-function-url': ['--package', 'image', '--arch', 'x86_64', '--trigger', 'function-url'],
  // No HTTP trigger: the only set without API Gateway or a function URL (one per trigger value).
  'trigger-none': ['--trigger', 'none'],
  // Operations (issue 17): tracing, and alarms that e-mail through an encrypted topic.
  'tracing-alarm-email': ['--tracing', '--alarm-email', 'oncall@example.com'],
  // The event triggers: a queue worker, an object processor on a new bucket, a scheduled job.
  'trigger-sqs': ['--trigger', 'sqs'],
  'trigger-s3': ['--trigger', 's3', '--key-prefix', 'uploads/', '--key-suffix', '.csv'],
  'trigger-schedule': ['--trigger', 'schedule', '--schedule', 'cron(0 8 ? * MON-FRI *)', '--schedule-timezone', 'Europe/Berlin'],
};

// Every pinned version the emitted repo uses. Templates read these through the
// answer model; nothing else in the codebase spells a version number.
// Sources: ../shared/reference/facts.md (aws-lambda-dotnet changelog, July 2026;
// Amazon.Lambda.Templates 8.1.2; GitHub action majors as of mid-2026).

export type Framework = 'net10.0' | 'net8.0' | 'net7.0';

export interface NuGetSet {
  runtimeSupport: string;
  core: string;
  serializer: string;
  apiGatewayEvents: string;
  /** Event types of the sqs and s3 triggers (the schedule handler takes its own record). */
  sqsEvents: string;
  s3Events: string;
  testUtilities: string;
  /** The test framework package and its version (xunit.v3 needs net8.0+). */
  testFramework: { id: string; version: string };
  testRunner: string;
  testSdk: string;
}

// net8.0 and net10.0 share the current Amazon.Lambda line. Serialization 3.0.1,
// not 3.0.0: 3.0.0 emits IL3050/IL3053 under AOT (aws-lambda-dotnet#2531).
const currentLambda = {
  runtimeSupport: '2.1.2',
  core: '3.2.0',
  serializer: '3.0.1',
  apiGatewayEvents: '3.0.0',
  // aws-lambda-dotnet Libraries/src/*/…csproj at the July 2026 head (facts.md).
  sqsEvents: '3.0.0',
  s3Events: '4.0.0',
  testUtilities: '4.2.0',
  // The set AWS's own lambda.NativeAOT template (8.1.2) ships and tests.
  testFramework: { id: 'xunit.v3', version: '3.2.2' },
  testRunner: '3.1.5',
  testSdk: '18.0.1',
} as const satisfies NuGetSet;

export const nuget: Record<Framework, NuGetSet> = {
  'net10.0': currentLambda,
  'net8.0': currentLambda,
  // The last Amazon.Lambda line with net6.0/netstandard assets, which net7.0 can
  // consume; xunit.v3 and the 18.x test SDK need net8.0, so net7.0 stays on xunit 2.
  'net7.0': {
    runtimeSupport: '1.14.4',
    core: '2.8.2',
    serializer: '2.4.6',
    apiGatewayEvents: '2.7.4',
    // The last versions with netstandard2.0 assets (nuget.org: SQSEvents 2.2.0 targets
    // netstandard2.0, netcoreapp3.1 and net8.0; S3Events 3.1.0 targets netstandard2.0).
    sqsEvents: '2.2.0',
    s3Events: '3.1.0',
    testUtilities: '3.0.2',
    testFramework: { id: 'xunit', version: '2.9.3' },
    testRunner: '2.8.2',
    testSdk: '17.8.0',
  },
};

/** global.json pins the feature band; rollForward latestFeature takes newer bands. */
export const sdk: Record<Framework, { globalJson: string; channel: string; samBuildImage: string }> = {
  'net10.0': { globalJson: '10.0.100', channel: '10.0.x', samBuildImage: 'public.ecr.aws/sam/build-dotnet10' },
  'net8.0': { globalJson: '8.0.100', channel: '8.0.x', samBuildImage: 'public.ecr.aws/sam/build-dotnet8' },
  'net7.0': { globalJson: '7.0.100', channel: '7.0.x', samBuildImage: 'public.ecr.aws/sam/build-dotnet7' },
};

/** Amazon.Lambda.Tools per framework line, pinned in the emitted `.config/dotnet-tools.json`
 * and run through `dotnet tool restore`. `runnerChannel` is an extra SDK channel the build job
 * installs when the project's SDK cannot run the tool: a local tool runs on the runtime of the
 * tool asset the selected SDK picks, and SDKs before 9.0 cannot roll a tool forward
 * (`dotnet tool run --allow-roll-forward` is 9.0+).
 * - 7.0.0 (June 2026) ships tools/net8.0 and tools/net10.0 (aws-extensions-for-dotnet-cli#442,
 *   which dropped net6.0; aws-sam-build-images#202 and aws-lambda-builders#897 confirm 7.0.0 no
 *   longer installs for .NET 6/7), so the 8.0 and 10.0 SDKs each run it on their own runtime.
 * - 6.0.6, the newest 6.x on nuget.org, ships tools/net6.0 and tools/net8.0: the 7.0 SDK that
 *   global.json selects for net7.0 picks the net6.0 asset, which needs the .NET 6 runtime, so
 *   the job also installs the 6.0 SDK (global.json still selects 7.0 for the build).
 * The workflow names the Amazon Linux build image itself (--container-image-for-build), so the
 * tool's own framework → image table does not need to know the framework. */
export const lambdaTools: Record<Framework, { version: string; runnerChannel?: string }> = {
  'net10.0': { version: '7.0.0' },
  'net8.0': { version: '7.0.0' },
  'net7.0': { version: '6.0.6', runnerChannel: '6.0.x' },
};

/** One row per action: the release the workflow runs and the commit that release's tag points
 * at, read from each action's own repository on 2026-12-06 (facts.md, "Action release
 * commits"). The workflow pins the commit (a tag can be moved; a commit cannot) and names the
 * release in a comment, which is what Dependabot's github-actions updates rewrite together.
 * docker/* moved to Node 24 majors in March 2026; amazon-ecr-login is still v2 (no v3 tag).
 * (No setup-qemu-action: images build natively, the .NET SDK is unsupported under QEMU.) */
export const actionPins = {
  checkout: { action: 'actions/checkout', release: 'v7.0.1', commit: '3d3c42e5aac5ba805825da76410c181273ba90b1' },
  setupDotnet: { action: 'actions/setup-dotnet', release: 'v6.0.0', commit: 'a98b56852c35b8e3190ac28c8c2271da59106c68' },
  uploadArtifact: { action: 'actions/upload-artifact', release: 'v7.0.0', commit: 'bbbca2ddaa5d8feaa63e36b76fdaad77386f024f' },
  downloadArtifact: { action: 'actions/download-artifact', release: 'v8.0.1', commit: '3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c' },
  cache: { action: 'actions/cache', release: 'v5.0.5', commit: '27d5ce7f107fe9357f9df03efb73ab90386fccae' },
  configureAwsCredentials: { action: 'aws-actions/configure-aws-credentials', release: 'v6.2.3', commit: 'e6de054238d6b7531b4efff3b6587d9aade6a06c' },
  amazonEcrLogin: { action: 'aws-actions/amazon-ecr-login', release: 'v2.1.7', commit: '03f1aad4c6c7ffd436567f42f9384779290529bd' },
  setupTerraform: { action: 'hashicorp/setup-terraform', release: 'v4.0.1', commit: 'dfe3c3f87815947d99a8997f908cb6525fc44e9e' },
  setupBuildx: { action: 'docker/setup-buildx-action', release: 'v4.3.0', commit: '37fe631027851001ddb9b187196cc803df7f5f0e' },
  buildPush: { action: 'docker/build-push-action', release: 'v7.3.0', commit: '53b7df96c91f9c12dcc8a07bcb9ccacbed38856a' },
} as const satisfies Record<string, { action: string; release: string; commit: string }>;

export type ActionKey = keyof typeof actionPins;

const mapPins = <T>(f: (pin: (typeof actionPins)[ActionKey]) => T) =>
  Object.fromEntries(Object.entries(actionPins).map(([key, pin]) => [key, f(pin)])) as Record<ActionKey, T>;

/** What a step's `uses:` holds once parsed: `owner/repo@<commit>`. */
export const actions = mapPins((pin) => `${pin.action}@${pin.commit}`);

/** The text templates print after `uses: `: the pinned commit and its release as a comment. */
export const actionLines = mapPins((pin) => `${pin.action}@${pin.commit} # ${pin.release}`);

export const terraform = {
  /** S3 native locking (use_lockfile) is GA in 1.11; mock_provider overrides need 1.11 too. */
  requiredVersion: '>= 1.11',
  /** Accept the 5.x and 6.x lines of the AWS provider. */
  awsProvider: '>= 5.0, < 7.0',
  /** aws_lambda_function validates `runtime` against the SDK's enum: `dotnet10` is accepted
   * from provider 6.27.0 on and never in 5.x (terraform-provider-aws#45864, #45888). */
  awsProviderDotnet10: '>= 6.27, < 7.0',
  /** What the workflow installs. */
  cliVersion: '1.11.4',
} as const;

/** Lambda base image for the container variant; the tag picks the architecture. */
export const lambdaBaseImage = 'public.ecr.aws/lambda/provided';

/** The date this table and the end-of-support dates in answers/values.ts were last checked.
 * Anything whose support ended before it is flagged in the emitted README; comparing with
 * this constant (not the clock) keeps rendering deterministic. */
export const supportCutoff = '2026-11-23';

// Derived half of the answer model: every value a template prints that is not a
// raw answer is decided here, so templates only format (`if`, `each`).
import type { Answers, FunctionAnswers } from './answers/index.js';
import { endOfSupport, kebabCase, logRetentions, newBucketStem, pipelineVariables, snakeCase } from './answers/index.js';
import * as versions from './versions.js';
import { dependabotLocation, deployEnvironment, workflowLocation } from './layout.js';
import { limitsValues } from './limits.js';
import { nameGuid, solutionIds } from './solution.js';
import { composedDocs, retainedParts } from './retiring.js';
import { actionsUsed, dependabotEntries, images } from './supply-chain.js';
import { onFailureParts, onFailureRepoValues, onFailureValues } from './on-failure.js';

export { deployEnvironment, workflowLocation };

/** The alias every deploy moves; never $LATEST. */
export const aliasName = 'production';
/** Template parts: `templates/<part>/…` mirrors the emitted tree, and this is the one list of
 * which files an answer set gets (a template never decides that itself: one that renders
 * nothing is an error, lib/render/render.ts). Repo parts render once with the repo's context:
 * a part named after a trigger (`s3`) holds what the repo needs once when any function has that
 * trigger. A function's parts render once for it, with its values on top: the handler
 * (Function.cs and its unit test) is a part per kind of trigger, and `trigger-<trigger>` wires
 * that function to its trigger's module. */
export function partsFor(a: Answers): { repo: string[]; bootstrapOnly: string[]; function: (fn: FunctionAnswers) => string[] } {
  const triggerParts = (['http-api', 'function-url', 'sqs', 's3', 'schedule'] as const).filter((trigger) => hasTrigger(a, trigger));
  const repo = [
      'base', 'infra', 'bootstrap', 'github', a.package === 'image' ? 'image' : 'zip',
      ...(a.repoPath === '' || a.ownsRootDependabot ? ['dependabot'] : []), // else the repository's own, or another project's
      // CI assumes roles only with S3 state; a role no workflow assumes would be an open door.
      ...(a.state === 's3' ? ['state-s3', 'ci-roles'] : []),
      // The execution role's X-Ray policy (infra/modules/function/ops.tf): only for a role the stack owns.
      ...(a.existingRole === '' ? ['execution-role-ops'] : []),
      ...(a.artifactBucket !== '' ? ['artifact-bucket'] : []),
      ...triggerParts,
      ...onFailureParts.repo(a), // infra/modules/on-failure and the bootstrap's on_failure.tf
      ...(anyAlarms(a) ? ['alarms'] : []),
      // What the pipeline needs for alarms and tracing (infra/bootstrap/ops.tf): neither, no file.
      ...(anyAlarms(a) || a.functions.some((fn) => opsValues(a, fn).tracingOn) ? ['ops'] : []),
      // The 0.2.0 addresses' moves, while a function owns them, and the recorded renames' moves.
      ...(a.functions.some((fn) => ownsRootAddresses(a, fn)) || (a.moves ?? []).length > 0 ? ['moved'] : []),
  ];
  return {
    repo,
    bootstrapOnly: retainedParts(a, repo), // only their infra/bootstrap/ files: retiring permissions (generators/retiring.ts)
    function: (fn) => {
      const handler = `handler-${handlerKind(fn.trigger)}`;
      // sqs, s3 and schedule wire their trigger module to the function's (infra/<tfKey>_<trigger>.tf).
      const wiring = handlerKind(fn.trigger) === 'api' ? [] : [`trigger-${fn.trigger}`];
      return [
        'function', handler, ...wiring, ...onFailureParts.function(fn),
        ...(a.package === 'zip' ? ['function-zip'] : []),
        ...(opsValues(a, fn).alarmsOn ? ['function-alarms'] : []),
        ...(a.tests ? ['function-tests', `${handler}-tests`] : []),
      ];
    },
  };
}

/** Whether any function of the repo has `trigger`. */
export function hasTrigger(a: Answers, trigger: FunctionAnswers['trigger']): boolean {
  return a.functions.some((fn) => fn.trigger === trigger);
}

/** Whether `fn` owns the root-level Terraform addresses of 0.2.0 (infra/moved.tf moves them). */
function ownsRootAddresses(a: Answers, fn: FunctionAnswers): boolean {
  return a.rootAddresses !== '' && a.rootAddresses === fn.name;
}

/** Whether any function has alarms (its own answer, or the repo's). */
export function anyAlarms(a: Answers): boolean {
  return a.functions.some((fn) => opsValues(a, fn).alarmsOn);
}

/** The handler a trigger needs: the HTTP triggers and `none` share the request/response one. */
export function handlerKind(trigger: FunctionAnswers['trigger']): string {
  return trigger === 'http-api' || trigger === 'function-url' || trigger === 'none' ? 'api' : trigger;
}

const dotnetLabels: Record<Answers['framework'], string> = { 'net10.0': '.NET 10', 'net8.0': '.NET 8', 'net7.0': '.NET 7' };
const runtimeLabels: Record<Answers['runtime'], string> = {
  dotnet10: 'the managed .NET 10 runtime (`dotnet10`)',
  dotnet8: 'the managed .NET 8 runtime (`dotnet8`)',
  'provided.al2023': 'the OS-only runtime `provided.al2023` (Amazon Linux 2023)',
  'provided.al2': 'the OS-only runtime `provided.al2` (Amazon Linux 2)',
};
const isPast = (date: string | undefined): boolean => date !== undefined && date < versions.supportCutoff;

/** A function's operations answers: its own where it overrides the repo's (issue 17). */
export function opsValues(a: Answers, fn: FunctionAnswers) {
  const logFormat = fn.logFormat ?? a.logFormat;
  return {
    /** Lambda's LoggingConfig spelling: JSON or Text. */
    lambdaLogFormat: logFormat === 'json' ? 'JSON' : 'Text',
    /** Log levels exist only for JSON logs: Lambda rejects them with Text. */
    jsonLogs: logFormat === 'json',
    appLogLevel: fn.appLogLevel ?? a.appLogLevel,
    systemLogLevel: fn.systemLogLevel ?? a.systemLogLevel,
    alarmsOn: fn.alarms ?? a.alarms,
    tracingOn: fn.tracing ?? a.tracing,
  };
}

/** What the README's local test of an image sends: an event of the kind the function's
 * trigger delivers, carrying what its handler reads (a query string for an API, a message body
 * with an id, an object key, a job name). Fixed text, so nothing typed reaches the shell. */
function localEvent(fn: FunctionAnswers): string {
  switch (fn.trigger) {
    case 'http-api':
    case 'function-url':
      return JSON.stringify({ version: '2.0', rawPath: '/', queryStringParameters: { name: 'Ada' }, requestContext: { http: { method: 'GET', path: '/' } } });
    case 'sqs':
      return JSON.stringify({ Records: [{ messageId: 'local-1', body: JSON.stringify({ id: 'order-42' }), eventSource: 'aws:sqs' }] });
    case 's3':
      return JSON.stringify({
        Records: [{ eventSource: 'aws:s3', eventName: 'ObjectCreated:Put', s3: { bucket: { name: 'example-bucket' }, object: { key: 'uploads/report.csv', size: 1024 } } }],
      });
    case 'schedule':
      return JSON.stringify({ job: kebabCase(fn.name), scheduledTime: '2026-11-30T08:00:00Z' });
    case 'none':
      return JSON.stringify({ name: 'Ada' });
  }
}

/** One function's values. Its templates (and `#each functions` blocks, which cannot reach the
 * repo's values) see them on top of the repo's. */
export function functionValues(a: Answers, fn: FunctionAnswers, index: number) {
  const apiGateway = fn.trigger === 'http-api' || fn.trigger === 'function-url';
  return {
    ...fn,
    index,
    first: index === 0,
    /** order-worker: file names, artifact names, ECR tag prefixes. */
    kebabName: kebabCase(fn.name),
    /** The repo's alias name, for `#each functions` blocks (infra/outputs.tf), which see only these values. */
    aliasName,
    /** http-api: a path its route answers, for the README's curl ('$default' answers any). */
    routeExamplePath:
      fn.trigger === 'http-api' && fn.route && fn.route !== '$default'
        ? fn.route.replace(/^\S+\s+/, '').replace(/\{proxy\+\}/g, 'hello').replace(/\{([^}]+)\}/g, '$1')
        : '/',
    /** Where CI and `dotnet lambda package` write this function's zip, repo-relative; the
     * workflow artifact `bootstrap-<kebabName>` carries it from its build leg to Terraform. */
    packageFile: `artifacts/${kebabCase(fn.name)}/bootstrap.zip`,
    /** The same, relative to infra/, where terraform runs. */
    packageFileFromInfra: `../artifacts/${kebabCase(fn.name)}/bootstrap.zip`,
    artifactName: `bootstrap-${kebabCase(fn.name)}`,
    /** order-worker_: what begins every tag of this function's images in the repo's one ECR
     * repository (<prefix><commit>, <prefix>dev). Kebab-case names hold no "_", so no function's
     * prefix ("api_") matches another's images ("api-admin_…"): each image is selected and
     * counted by its own function's lifecycle rule only. The workflow's build legs join the
     * same two parts (its validator checks them). */
    imageTagPrefix: `${kebabCase(fn.name)}_`,
    /** order_worker: the function's Terraform module name. */
    tfKey: snakeCase(fn.name),
    namespace: fn.name,
    projectDir: `src/${fn.name}`,
    testProjectName: `${fn.name}.Tests`,
    testProjectDir: `test/${fn.name}.Tests`,
    projectFile: `src/${fn.name}/${fn.name}.csproj`,
    testProjectFile: `test/${fn.name}.Tests/${fn.name}.Tests.csproj`,
    /** Classic .sln: deterministic GUIDs and backslash paths. */
    sln: solutionIds(a.solution, fn.name),
    /** The article's TrimmerRootAssembly list is kept only for the seed preset. */
    trimmerRoots:
      a.preset === 'seed'
        ? ['Amazon.Lambda.APIGatewayEvents', 'Amazon.Lambda.RuntimeSupport', 'Amazon.Lambda.Core', 'bootstrap', 'Amazon.Lambda.Serialization.SystemTextJson'].filter(
            (asm) => apiGateway || asm !== 'Amazon.Lambda.APIGatewayEvents',
          )
        : [],
    apiGateway,
    localEvent: localEvent(fn),
    httpApi: fn.trigger === 'http-api',
    functionUrl: fn.trigger === 'function-url',
    noTrigger: fn.trigger === 'none',
    sqs: fn.trigger === 'sqs',
    s3: fn.trigger === 's3',
    /** Named apart from the `schedule` answer (the expression), which it would otherwise hide. */
    scheduled: fn.trigger === 'schedule',
    /** sqs: 6 x timeout unless given (AWS's advice for queues that trigger Lambda). */
    visibilityTimeoutSeconds: fn.trigger === 'sqs' ? fn.visibilityTimeout ?? 6 * fn.timeout : 0,
    ...opsValues(a, fn), ...onFailureValues(fn),
    /** s3: a new bucket is named `<newBucketStem>-<account id>` (bucket names are global);
     * '' when the function subscribes to an existing bucket. */
    newBucketStem: fn.trigger === 's3' && !fn.sourceBucket ? newBucketStem(fn.functionName) : '',
    existingBucket: fn.trigger === 's3' && !!fn.sourceBucket,
    requestType: apiGateway ? 'APIGatewayHttpApiV2ProxyRequest' : 'Request',
    responseType: apiGateway ? 'APIGatewayHttpApiV2ProxyResponse' : 'Response',
    /** Its resources had root-level Terraform addresses (releases up to 0.2.0): infra/moved.tf
     * moves them into its modules. */
    ownsRootAddresses: ownsRootAddresses(a, fn),
  };
}

/** The repo's values: every template sees them. */
function repoValues(a: Answers, generatorVersion: string) {
  const managed = a.runtime === 'dotnet10' || a.runtime === 'dotnet8';
  const arm = a.arch === 'arm64';
  const packages = versions.nuget[a.framework];
  const { functions: _functions, ...repo } = a;
  return {
    ...repo,
    generatorVersion,
    /** Folder GUIDs of the solution (the same in every function's `sln`). */
    slnFolders: { src: nameGuid(`folder/${a.solution}/src`), test: nameGuid(`folder/${a.solution}/test`) },

    // .NET
    sdk: versions.sdk[a.framework],
    /** Amazon.Lambda.Tools as pinned in .config/dotnet-tools.json (zip only: images build with docker). */
    lambdaTools: versions.lambdaTools[a.framework],
    /** SDK channels the build job installs: the one that runs the tool, when the project's cannot,
     * then the project's own (global.json still selects it). */
    dotnetVersions: [versions.lambdaTools[a.framework].runnerChannel, versions.sdk[a.framework].channel].filter(
      (v): v is string => v !== undefined,
    ),
    packages,
    /** xunit.v3 (net8.0+) vs xunit 2 (net7.0): the test API differs slightly. */
    xunitV3: packages.testFramework.id === 'xunit.v3',
    rid: arm ? 'linux-arm64' : 'linux-x64',
    /** The Dockerfile's build stage and base image (supply-chain.ts says which). */
    buildImage: images(a).buildImage,
    /** build-dotnet7 (Amazon Linux 2) installs clang but asks yum for the Debian name zlib1g-dev,
     * not zlib-devel, which Native AOT links against; the AL2023 images for dotnet8/dotnet10
     * install both by name (aws/aws-sam-build-images build-image-src/Dockerfile-dotnet*). */
    buildImageNeedsZlib: a.framework === 'net7.0',

    // Lambda
    managedRuntime: managed,
    /** Both runtime families run the `bootstrap` executable: the managed ones because the
     * handler names an existing file without `.dll`, the OS-only ones by definition. */
    handler: 'bootstrap',
    zip: a.package === 'zip',
    image: a.package === 'image',
    serializerContext: 'LambdaFunctionJsonSerializerContext',
    aliasName,
    deployEnvironment: deployEnvironment(a),
    /** The deploy role trusts pushes to main (`--deploy-gate branch`), and no job names an
     * environment; with `environment`, only jobs in deployEnvironment may assume it. */
    branchGate: a.deployGate === 'branch',
    /** The end of the OIDC subject the deploy role trusts, after repo:…: */
    deploySubject: a.deployGate === 'branch' ? 'ref:refs/heads/main' : `environment:${deployEnvironment(a)}`,
    /** The repository variables its workflow reads and setup.sh sets (answers/projects.ts). */
    variables: pipelineVariables(a),
    useExistingRole: a.existingRole !== '',
    s3State: a.state === 's3',

    // Containers
    dockerPlatform: arm ? 'linux/arm64' : 'linux/amd64',
    baseImage: images(a).baseImage,

    // CI
    /** The project is a folder of a larger repository: the workflow sits at the root. */
    monorepo: a.repoPath !== '',
    /** The emitted workflow's path (relative to the project) and its path in the repository. */
    workflowFile: workflowLocation(a).fromProject,
    /** Dependabot's configuration (at the repository root) and its entries. */
    dependabotFile: dependabotLocation(a),
    dependabot: dependabotEntries(a),
    /** The root's file is not this project's: its README lists the entries to add there. */
    dependabotShared: a.repoPath !== '' && !a.ownsRootDependabot,
    workflowRepoPath: workflowLocation(a).fromRoot,
    /** Unique per repository: `github.workflow` names the concurrency groups. */
    workflowName: a.repoPath === '' ? 'deploy' : `deploy-${a.prefix}`,
    /** Prefix of repository-relative paths in the workflow: '' or `services/orders/`. */
    projectPrefix: a.repoPath === '' ? '' : `${a.repoPath}/`,
    /** The build job's working directory: the repository root or the project folder. */
    projectRoot: a.repoPath === '' ? '.' : a.repoPath,
    /** GitHub-hosted runners whose architecture matches the function, so the Amazon Linux
     * build container runs natively; self-hosted runners are selected by the same arch label. */
    runsOn: a.runner === 'self-hosted' ? `[self-hosted, linux, ${arm ? 'ARM64' : 'X64'}]` : arm ? 'ubuntu-24.04-arm' : 'ubuntu-24.04',
    /** What follows `uses: ` (`owner/repo@<commit> # <release>`); the README's rows of those used. */
    actions: versions.actionLines,
    actionPins: actionsUsed(a),
    terraform: versions.terraform,
    selfHosted: a.runner === 'self-hosted',
    /** The Terraform job needs no particular architecture. */
    terraformRunsOn: 'ubuntu-24.04',
    /** The folder that holds every function's package (`artifacts/<kebabName>/bootstrap.zip`):
     * each build leg uploads it, and the Terraform job downloads all legs' artifacts into it. */
    artifactsDir: 'artifacts',
    /** Rewrites each zip package (after `dotnet lambda package`) so that its bytes depend only on
     * the files it holds; the build job and the README's local packaging both run it. */
    normalizeScript: 'scripts/normalize-package.sh',
    /** SOURCE_DATE_EPOCH of image builds: fixed, never the commit's time, so that an unchanged
     * function's image keeps its digest from one commit to the next. */
    sourceDateEpoch: 0,
    /** The function stack's key in the state bucket (`-backend-config=key=…`). */
    stateKey: `${a.prefix}/terraform.tfstate`,
    /** CI plans and applies only with S3 state: local state would die with the runner and
     * the next apply would try to recreate everything. With local state CI only checks. */
    ciDeploys: a.state === 's3',
    /** The image build job pushes to ECR on main, so it needs OIDC and the production environment. */
    ciPushesImage: a.package === 'image' && a.state === 's3',
    /** ECR repository names must be lowercase; Terraform uses lower(var.function_name). */
    ecrRepository: a.prefix.toLowerCase(),

    // Terraform
    /** CloudWatch's retention periods, for the variable's validation block. */
    logRetentionList: logRetentions.join(', '),
    /** AWS_IAM, not NONE: provider 5.x cannot scope the public lambda:InvokeFunction grant a
     * NONE URL needs since October 2025 to URL calls (see templates/infra/…/function_url.tf). */
    functionUrlAuthType: 'AWS_IAM',
    /** The zip goes through the existing bucket (the answer model allows one only for zip). */
    uploadThroughBucket: a.artifactBucket !== '',
    /** Function name as it appears in the default state bucket name (bootstrap stack):
     * lowercase, `_` → `-`, at most 42 characters so `<account>-<stem>-tfstate` fits in 63. */
    stateBucketStem: a.prefix.toLowerCase().replace(/_/g, '-').slice(0, 42),
    /** The function stack's AWS provider constraint: a zip function on dotnet10 needs 6.27+. */
    awsProviderConstraint:
      a.package === 'zip' && a.runtime === 'dotnet10' ? versions.terraform.awsProviderDotnet10 : versions.terraform.awsProvider,

    // README
    dotnetLabel: dotnetLabels[a.framework],
    /** What the function runs on: the runtime answer for a zip; for an image, the Dockerfile's
     * base (an image function has no runtime setting, so the answer does not apply). */
    runtimeLabel:
      a.package === 'zip'
        ? runtimeLabels[a.runtime]
        : `the OS-only Lambda base image \`${versions.lambdaBaseImage}:al2023-${a.arch}\` (Amazon Linux 2023)`,
    archLabel: arm ? 'arm64 (AWS Graviton)' : 'x86_64',
    arm64: arm,
    supportCutoff: versions.supportCutoff,
    /** Past end of support on the date the versions table was checked (not today's date:
     * rendering stays deterministic). */
    eolFramework: isPast(endOfSupport[a.framework]),
    /** An image runs on its base image, not on the runtime answer, so only zips can be on an ended runtime. */
    eolRuntime: a.package === 'zip' && isPast(endOfSupport[a.runtime]),

    endOfSupport: {
      framework: endOfSupport[a.framework] ?? '',
      runtime: endOfSupport[a.runtime] ?? '',
    },
  };
}

/** Everything a template sees: the repo's values, `functions` (each with the repo's values
 * too), and repo-wide facts about the functions. A function part sees its own function's
 * values on top (lib/render/render.ts). */
export function templateContext(a: Answers, generatorVersion: string) {
  const repo = repoValues(a, generatorVersion);
  const functions = a.functions.map((fn, index) => ({ ...repo, ...functionValues(a, fn, index) }));
  const has = (trigger: FunctionAnswers['trigger']) => hasTrigger(a, trigger);
  // What the bootstrap's templates test; generators/retiring.ts keeps retiring ones on and
  // composes the policy documents from the same flags.
  const flags = {
    anyHttpApi: has('http-api'),
    anyFunctionUrl: has('function-url'),
    anySqs: has('sqs'),
    anyS3: has('s3'),
    anySchedule: has('schedule'),
    ...onFailureRepoValues(a),
    // Operations (issue 17)
    anyAlarms: anyAlarms(a),
    anyTracing: a.functions.some((fn) => opsValues(a, fn).tracingOn),
    /** --alarm-email: the stack creates the KMS-encrypted SNS topic that mails it. */
    alarmTopic: a.alarmEmail !== '',
  };
  return {
    ...repo,
    functions,
    multiFunction: a.functions.length > 1,
    /** Recorded moves of renamed functions' addresses (infra/moved.tf). */
    moves: a.moves ?? [],
    ...flags,
    ...limitsValues(a),
    anyJsonLogs: a.functions.some((fn) => opsValues(a, fn).jsonLogs),
    /** A queue-triggered function with JSON logs / with plain-text logs: the README's failure-record note. */
    sqsJsonLogs: a.functions.some((fn) => fn.trigger === 'sqs' && opsValues(a, fn).jsonLogs),
    sqsTextLogs: a.functions.some((fn) => fn.trigger === 'sqs' && !opsValues(a, fn).jsonLogs),
    /** A queue, bucket or schedule: the function stack's tests mock what its trigger modules read. */
    anyEventSource: flags.anySqs || flags.anyS3 || flags.anySchedule,
    ...composedDocs(flags),
    s3Notifications: s3Notifications(a),
    /** Existing buckets the s3 functions subscribe to, once each (the bootstrap names them). */
    s3ExistingBuckets: [...new Set(a.functions.flatMap((fn) => (fn.trigger === 's3' && fn.sourceBucket ? [fn.sourceBucket] : [])))],
  };
}

/** S3 keeps one notification configuration per bucket: one `aws_s3_bucket_notification` per
 * bucket, listing every function subscribed to it. A new bucket belongs to one function; an
 * existing one may be shared. `bucketModule` is the trigger module that reads the bucket. */
function s3Notifications(a: Answers) {
  const groups = new Map<string, { resource: string; bucketModule: string; functions: Array<{ tfKey: string; functionName: string; keyPrefix: string; keySuffix: string }> }>();
  for (const fn of a.functions) {
    if (fn.trigger !== 's3') continue;
    const tfKey = snakeCase(fn.name);
    const key = fn.sourceBucket ? `existing:${fn.sourceBucket}` : `new:${tfKey}`;
    const group = groups.get(key) ?? {
      resource: fn.sourceBucket ? `existing_${fn.sourceBucket.replace(/[^a-z0-9]+/g, '_')}` : tfKey,
      bucketModule: `${tfKey}_bucket`,
      functions: [],
    };
    group.functions.push({ tfKey, functionName: fn.functionName, keyPrefix: fn.keyPrefix ?? '', keySuffix: fn.keySuffix ?? '' });
    groups.set(key, group);
  }
  return [...groups.values()];
}

export type TemplateContext = ReturnType<typeof templateContext>;
export type FunctionContext = TemplateContext['functions'][number];

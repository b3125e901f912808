// What each release changes in a deployed repo that the diff alone does not tell its reader
// (a replaced resource, a one-time redeploy, a bug the next apply fixes). `update` prints the
// notes of every release after the recorded one, up to and including this one, oldest first.

export interface Release {
  version: string;
  /** One sentence each, as `update` prints it. */
  notes: readonly string[];
}

/** Oldest first. A release with nothing to say about deployed repos needs no entry. */
export const releases: readonly Release[] = [
  {
    version: '0.4.0',
    notes: [
      "Scheduled functions: earlier releases sent EventBridge Scheduler the input's time keyword escaped (\\u003caws.scheduler.scheduled-time\\u003e), which Scheduler does not replace, so no scheduled run ever received its time and every run failed; the next apply updates each schedule's input in place (nothing is replaced).",
      'Functions without a trigger now write their result in camelCase, as their README and tests always said ({"message": …}, not {"Message": …}): a caller that reads "Message" must read "message".',
      'Repos with an SQS function: the bootstrap now lets the deploy role tag the event source mappings it creates (lambda:TagResource on event-source-mapping, limited to this project\'s tags), without which the first real deploy of a queue worker failed; re-apply infra/bootstrap before you push, as update prints.',
      'Renames destroy nothing: `--set <Name>.name=…` now writes moved blocks (infra/moved.tf, recorded in .dotnet-aot-lambda.json) so the next apply moves the function\'s modules instead of replacing them, and any answer change that replaces or deletes deployed resources (a new function-name, trigger, package, region, prefix, state, existing-role, source bucket, or remove) is named before anything is written. A repo renamed with an earlier release has no moved blocks: check its next plan for replacements before you apply.',
      'Packages are now reproducible (scripts/normalize-package.sh for zips; a fixed SOURCE_DATE_EPOCH and rewrite-timestamp for images), so a function whose code did not change is no longer redeployed; the first deploy after this upgrade still publishes every function once more, because its packages and images differ in bytes from the ones deployed before.',
      "The workflow's actions are pinned to commit SHAs with their release as a comment, and checkouts no longer keep the token; where you (or Dependabot) and this release both moved the same pin, update keeps the newer one and lists it instead of writing a conflict.",
      "The workflow's concurrency now uses literal cancel-in-progress values (checkov could not parse it before): runs on main still run one at a time and are never cancelled; a newer pull-request run now cancels the older run's build and test jobs, but an older pull request's plan that has started runs to its end.",
      'A repo at the root of its repository now gets .github/dependabot.yml (weekly grouped updates of the actions, NuGet packages, the .NET SDK, the Terraform providers and, for images, the Dockerfile); add and remove keep its directories in step. A project in a subfolder of a larger repository writes none: its README lists the entries to add to the repository\'s own file.',
      "New answer deploy-gate: upgraded repos keep 'environment' (the deploy role trusts only jobs in the production environment, as before). A private repository on GitHub Free has no environments and cannot deploy that way: switch with `update --set deploy-gate=branch` (the deploy role then trusts runs for main, and whoever can push to main can deploy), commit, and run infra/bootstrap/setup.sh again before pushing. setup.sh now checks that the repository can have the environment, and creates it, before it applies anything.",
      'The Terraform follows the terraform-aws-modules layout: every module under infra/modules/ has main.tf, variables.tf, outputs.tf and versions.tf, and the root outputs moved to infra/outputs.tf (update moves them; no address changes, so the next plan moves nothing and replaces nothing). Checks of checkov the repo does not follow are skipped inside their resources with the reason beside them.',
    ],
  },
  {
    version: '0.5.0',
    notes: [
      "The workflow is two jobs, build and terraform: each build leg now runs its own function's tests before it packages, and the separate Test job is gone, so a failing test stops its leg and nothing from that commit is deployed; nothing deployed changes. If branch protection or a ruleset requires the check named Test, require the build legs' checks instead, or pull requests will wait for a check that no longer runs. With images, the Dockerfile's test target now runs one function's tests, the one --build-arg FUNCTION names.",
      "remove, a trigger changed away, and alarms, alarm-email or tracing turned off no longer take their permissions out of infra/bootstrap/ in the same write: the push that deletes the schedule, queue or alarms needs them (and IAM refuses to delete the schedules' boundary while a schedule's role has it). They stay, listed as retiring in .dotnet-aot-lambda.json; push first, and once that push has deployed run `update --drop-retired`, commit, and re-apply infra/bootstrap/ as it prints.",
      "HTTP API routes are now throttled: each http-api function's route gets 50 requests per second with bursts of 100 unless you set throttle-rate and throttle-burst (`update --set <Name>.throttle-rate=…`); the next apply changes the stage in place (nothing is replaced). Traffic above the limits now gets 429 Too Many Requests from API Gateway: raise them before you apply if your API serves more.",
      "New optional answer reserved-concurrency (default: none): `--set <Name>.reserved-concurrency=N` reserves and caps N concurrent executions for a function, out of the account's unreserved pool (Lambda keeps 100 unreserved). The first time a function of the repo sets it, the bootstrap lets the deploy role put reservations: re-apply infra/bootstrap before you push, as update prints. Every bootstrap now lets the deploy role delete its functions' reservations (which only returns concurrency to the account's pool), so setting the answer back to none (`--set <Name>.reserved-concurrency=`) deploys whichever you apply first.",
      "S3 and schedule functions keep the events they fail: Lambda used to drop an asynchronous event after two failed retries. Re-apply infra/bootstrap first (it now lets the deploy role manage <prefix>-…-on-failure queues and event invoke configs, and lets execution roles send to those queues); then the next apply creates, for each S3 or schedule function, an encrypted SQS queue <function name>-on-failure (14 days' retention), an inline policy send-to-on-failure-queue on its execution role, an event invoke config on its production alias with that queue as the on-failure destination, and, with alarms on, the alarm <function name>-on-failure. Nothing is replaced. A function that runs as an existing role needs sqs:SendMessage on its queue granted there before that apply: Lambda checks it when the destination is set. The function's README section says how to read and redrive what lands there.",
      "A new project in a subfolder of a repository that has no .github/dependabot.yml now creates the root's file with its entries, and its record owns it (ownsRootDependabot), so its add, remove and update merge their changes into it. A project that does not own it (every project created before 0.5.0 included) never edits it: add, remove and update now print the directories to add to it or remove from it when they change.",
      "Repos with local state (--state local): the bootstrap no longer creates the plan and deploy roles, their GitHub OIDC trust or the GitHub OIDC provider, which no workflow of that variant assumed (a role trusting an environment nobody creates is an open door: GitHub creates any environment a workflow names). The next bootstrap re-apply (sh infra/bootstrap/setup.sh, which now takes no OWNER/REPO) deletes them, the provider too if this stack created it: if another project's roles use that provider, run terraform -chdir=infra/bootstrap state rm 'aws_iam_openid_connect_provider.github[0]' first. The bootstrap now outputs deploy_policy, what deploying from your machine needs, to attach to the IAM user or role you deploy with.",
      "A project in a subfolder of a larger repository now reads repository variables of its own, named after its prefix (AWS_REGION_<PREFIX>, AWS_DEPLOY_ROLE_ARN_<PREFIX>, AWS_PLAN_ROLE_ARN_<PREFIX>, TF_STATE_BUCKET_<PREFIX>), so a second project's setup.sh no longer points this project's pipeline at its roles and state: run infra/bootstrap/setup.sh again before you push, which sets them (update says so, with the names); the shared AWS_REGION, AWS_DEPLOY_ROLE_ARN, AWS_PLAN_ROLE_ARN and TF_STATE_BUCKET stay until you delete them, once no project's workflow reads them. A project at the repository's root keeps those names. A project whose prefix collides with another project's in the same repository (orders and orders-api) is now refused.",
    ],
  },
];

/** Numeric semver comparison; a pre-release sorts before its release. */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const [core = '', pre] = v.split('+')[0]!.split(/-(.*)/s);
    return { nums: core.split('.').map((n) => Number(n) || 0), pre };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) {
    const d = (x.nums[i] ?? 0) - (y.nums[i] ?? 0);
    if (d !== 0) return d;
  }
  if (x.pre === y.pre) return 0;
  if (x.pre === undefined) return 1;
  if (y.pre === undefined) return -1;
  return x.pre < y.pre ? -1 : 1;
}

/** The notes of the releases in (from, to], oldest first, each tagged with its version. */
export function notesBetween(from: string, to: string, list: readonly Release[] = releases): string[] {
  return list
    .filter((r) => compareVersions(r.version, from) > 0 && compareVersions(r.version, to) <= 0)
    .flatMap((r) => r.notes.map((note) => `v${r.version}: ${note}`));
}

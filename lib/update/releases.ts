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

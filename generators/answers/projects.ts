// Several projects in one git repository (issue 23): what keeps them apart. GitHub gives a
// repository one namespace of configuration variables, and AWS matches the pipeline's
// permissions by name prefix, so each project needs variable names of its own and a prefix no
// other project's permissions cover.
//
// Why repository variables with the project in the name, not environment variables: an
// environment's variables reach only jobs that name it. The pull-request plan runs in no
// environment, and with the branch gate no job does (a private repository on GitHub Free has no
// environments at all), so only names of their own work on every plan and gate.

/** Where a project sits and its prefix: all the names here depend on. */
export interface Placement {
  repoPath: string;
  prefix: string;
}

/** The repository variables a project's workflow reads, and its setup.sh sets. */
export interface PipelineVariables {
  region: string;
  deployRole: string;
  planRole: string;
  stateBucket: string;
}

/** A project at the repository's root: the names every release has used, unchanged, so that a
 * root project's setup and workflow stay as they were. Releases up to 0.4.x gave them to
 * subfolder projects too. */
export const sharedVariables: Readonly<PipelineVariables> = {
  region: 'AWS_REGION',
  deployRole: 'AWS_DEPLOY_ROLE_ARN',
  planRole: 'AWS_PLAN_ROLE_ARN',
  stateBucket: 'TF_STATE_BUCKET',
};

/** The project's own variable names: a subfolder project's end in its prefix, upper case, with
 * `-` as `_` (`orders-api` → `AWS_REGION_ORDERS_API`). GitHub compares variable names without
 * case and allows only letters, digits and `_`; a name may not start with a digit, so the
 * prefix (which may) goes last. Two projects get the same names only when their prefixes are
 * the same but for case and `-`/`_`, which prefixOverlap refuses. */
export function pipelineVariables(p: Placement): PipelineVariables {
  if (p.repoPath === '') return { ...sharedVariables };
  const suffix = `_${p.prefix.toUpperCase().replace(/-/g, '_')}`;
  return {
    region: `${sharedVariables.region}${suffix}`,
    deployRole: `${sharedVariables.deployRole}${suffix}`,
    planRole: `${sharedVariables.planRole}${suffix}`,
    stateBucket: `${sharedVariables.stateBucket}${suffix}`,
  };
}

/** A prefix as the names derived from it compare: the state bucket lowercases it and turns `_`
 * into `-`, the ECR repository lowercases it, and GitHub variable names ignore case. */
const folded = (prefix: string): string => prefix.toLowerCase().replace(/_/g, '-');

/**
 * Whether two projects' prefixes collide: the same prefix (but for case and `-`/`_`: the same
 * state bucket, ECR repository and variables), or one is the other followed by `-`, so that its
 * permissions (`<prefix>-*` functions, log groups, `<prefix>-*-execution` roles) cover the
 * other's resources (`orders` and `orders-api`). `orders` and `ordersapi` do not collide.
 */
export function prefixesOverlap(a: string, b: string): boolean {
  // IAM matches names with case, but GitHub's variables and ECR's lowercase names do not:
  // compared without case, to be safe.
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  return folded(a) === folded(b) || x.startsWith(`${y}-`) || y.startsWith(`${x}-`);
}

/** The refusal of `prefix` beside the other projects of its repository (their records'
 * prefixes and folders), naming each it collides with and what is allowed; undefined when
 * none. */
export function overlapProblem(prefix: string, others: ReadonlyArray<{ prefix: string; path: string }>): string | undefined {
  const hits = others.filter((o) => prefixesOverlap(prefix, o.prefix));
  if (hits.length === 0) return undefined;
  const named = hits.map((o) => `"${o.prefix}" (${o.path || 'the repository root'})`).join(', ');
  return (
    `--prefix: "${prefix}" collides with the prefix of another project in this repository, ${named}: ` +
    "each project's deploy permissions cover its prefix and every name that starts with it and \"-\", so one would reach the other's functions and roles. " +
    `Choose a prefix that is not one of theirs (ignoring case, and "-" against "_"), does not start with one of theirs followed by "-", and is not the start of one of theirs followed by "-", case aside ` +
    `(next to "${hits[0]!.prefix}", not "${hits[0]!.prefix}-api"; "${hits[0]!.prefix}api" or another name is fine)`
  );
}

/** Said where the branch gate is chosen for a project in a subfolder (create, or an update that
 * makes it so): trust cannot be isolated per project there. */
export function gateWarnings(a: Placement & { deployGate: string; state: string }): string[] {
  if (a.repoPath === '' || a.deployGate !== 'branch' || a.state !== 's3') return [];
  return [
    "--deploy-gate branch in a repository that may hold several projects: every project's run on main sends the same OIDC subject, " +
      "so each project's workflow could assume the other projects' deploy roles. Where the repository can have environments (public, or GitHub Pro, Team or Enterprise), " +
      'the environment gate keeps each project to its own (README.md, Deploy gate)',
  ];
}

// Where a project sits in its git repository decides two names that several modules need
// (the create flow before rendering, the templates through context.ts): where its workflow
// goes and which GitHub environment guards its deploys. No imports: the CLI loads this
// before anything heavy.

interface Placement {
  repoPath: string;
  /** The repo's function-name prefix. */
  prefix: string;
}

/** The GitHub environment that guards apply. A project inside a larger repository gets its
 * own (`production-<prefix>`), so no other project's workflow can assume its deploy role. */
export function deployEnvironment(a: Placement): string {
  return a.repoPath === '' ? 'production' : `production-${a.prefix}`;
}

/** Where the workflow goes, relative to the project and to the repository root: GitHub reads
 * workflows only from the root's .github/workflows, so a project in a subfolder writes it up
 * there, named after the repo's function-name prefix so that several projects can share the repository. */
export function workflowLocation(a: Placement): { fromProject: string; fromRoot: string } {
  if (a.repoPath === '') return { fromProject: '.github/workflows/deploy.yml', fromRoot: '.github/workflows/deploy.yml' };
  const fromRoot = `.github/workflows/${a.prefix}.yml`;
  return { fromProject: `${'../'.repeat(a.repoPath.split('/').length)}${fromRoot}`, fromRoot };
}

/** Where the repository's Dependabot configuration goes, relative to the project: Dependabot
 * reads only the root's .github/dependabot.yml, so a project in a subfolder that owns it
 * (`ownsRootDependabot`) writes it up there, like its workflow. */
export function dependabotLocation(a: Pick<Placement, 'repoPath'>): string {
  return `${a.repoPath === '' ? '' : '../'.repeat(a.repoPath.split('/').length)}.github/dependabot.yml`;
}

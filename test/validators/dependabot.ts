// The emitted `.github/dependabot.yml` against the repo it ships in: the schema keys Dependabot
// reads (version 2; per update `package-ecosystem`, `directories`, a weekly `schedule`, a
// `groups` entry with patterns), every ecosystem the repo has and no other, and every listed
// directory present in the rendered repo holding that ecosystem's manifests. A folder that does
// not exist makes Dependabot fail its whole update run for the entry. Given a repository's
// tree from its root, it checks the root's file a project in a subfolder owns the same way.
import { parse } from 'yaml';
import type { Files } from '../../lib/render/render.js';

const path = '.github/dependabot.yml';
type Ecosystem = 'github-actions' | 'nuget' | 'dotnet-sdk' | 'terraform' | 'docker';

/** What each ecosystem reads in a directory (relative to it): some file must match. */
const manifests: Record<Ecosystem, RegExp> = {
  'github-actions': /^\.github\/workflows\/[^/]+\.ya?ml$/,
  nuget: /^[^/]+\.csproj$/,
  'dotnet-sdk': /^global\.json$/,
  terraform: /^[^/]+\.tf$/,
  docker: /^Dockerfile$/,
};

export function dependabotProblems(files: Files): string[] {
  const text = files.get(path);
  if (text === undefined) return [`${path} is not emitted`];
  const problems: string[] = [];
  const doc = parse(text) as { version?: unknown; updates?: Array<Record<string, any>> };
  if (doc.version !== 2) problems.push(`${path}: version must be 2`);
  const seen = new Set<string>();
  for (const [i, u] of (doc.updates ?? []).entries()) {
    const eco = u['package-ecosystem'] as Ecosystem;
    const at = `${path}: updates[${i}] (${eco})`;
    if (!(eco in manifests)) {
      problems.push(`${at}: unknown package-ecosystem`);
      continue;
    }
    seen.add(eco);
    if (u.schedule?.interval !== 'weekly') problems.push(`${at}: schedule.interval must be weekly`);
    // zizmor's dependabot-cooldown: a release is proposed only after it has been out a week.
    if (!(Number(u.cooldown?.['default-days']) >= 7)) problems.push(`${at}: cooldown.default-days must be at least 7`);
    const groups = Object.values<any>(u.groups ?? {});
    if (groups.length === 0 || !groups.every((g) => Array.isArray(g.patterns) && g.patterns.includes('*'))) problems.push(`${at}: needs a group with patterns ["*"] (one pull request per ecosystem)`);
    const dirs: unknown = u.directories;
    if (!Array.isArray(dirs) || dirs.length === 0) {
      problems.push(`${at}: needs a non-empty directories list`);
      continue;
    }
    for (const dir of dirs as string[]) {
      const prefix = dir === '/' ? '' : `${dir.replace(/^\//, '')}/`;
      const inDir = [...files.keys()].filter((p) => p.startsWith(prefix)).map((p) => p.slice(prefix.length));
      if (inDir.length === 0) problems.push(`${at}: directory ${dir} does not exist in the repo`);
      else if (!inDir.some((p) => manifests[eco].test(p))) problems.push(`${at}: directory ${dir} holds no ${eco} manifest`);
    }
  }
  // Every ecosystem the repo has is covered. A project in a subfolder that owns the root's file
  // has its global.json and Dockerfile one folder down or more: found in any folder.
  const has: Record<Ecosystem, boolean> = {
    'github-actions': [...files.keys()].some((p) => manifests['github-actions'].test(p)),
    nuget: [...files.keys()].some((p) => p.endsWith('.csproj')),
    'dotnet-sdk': [...files.keys()].some((p) => /(^|\/)global\.json$/.test(p)),
    terraform: [...files.keys()].some((p) => p.endsWith('.tf')),
    docker: [...files.keys()].some((p) => /(^|\/)Dockerfile$/.test(p)),
  };
  for (const [eco, present] of Object.entries(has)) {
    if (present && !seen.has(eco)) problems.push(`${path}: the repo has ${eco} manifests but no ${eco} entry`);
    if (!present && seen.has(eco)) problems.push(`${path}: a ${eco} entry, but the repo has no ${eco} manifest`);
  }
  // Every project is listed: a csproj outside the nuget directories is never updated.
  // (Several nuget entries, one per project of a repository's root file, count together.)
  const nugetDirs = new Set((doc.updates ?? []).filter((u) => u['package-ecosystem'] === 'nuget').flatMap((u) => (u.directories ?? []) as string[]));
  for (const csproj of [...files.keys()].filter((p) => p.endsWith('.csproj'))) {
    const dir = `/${csproj.split('/').slice(0, -1).join('/')}`;
    if (!nugetDirs.has(dir)) problems.push(`${path}: ${csproj} is in no nuget directory (${dir})`);
  }
  return problems;
}

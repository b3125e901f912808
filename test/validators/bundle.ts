// Claims the project README makes about the published package, as checks that take measured
// figures, so a test can feed them a made-up measurement and see them fail.
//  - What a non-interactive run loads: no prompt UI, no merge commands, no Handlebars, and no module the README
//    says the synchronous design avoids (fs/promises, streams, readline) beyond what Node
//    itself loads to create stdout, the baseline.
//  - Sizes: each "N kB" the README states for the tarball and the dist files.

export interface Loaded {
  /** `process.moduleLoadList` entries, e.g. `NativeModule fs/promises`. */
  modules: string[];
  /** Files read or required. */
  files: string[];
}

// What the README's synchronous design keeps off the non-interactive path.
const avoided = /^NativeModule (fs\/promises|internal\/fs\/promises|stream(\/.*)?|internal\/streams\/.*|internal\/webstreams\/.*|readline(\/.*)?|internal\/readline\/.*|internal\/fs\/streams)$/;
// node:crypto (needed for the record's hashes) defines its LazyTransform class itself.
const cryptoOwn = new Set(['NativeModule internal/streams/lazy_transform']);

/** Problems with a non-interactive run that loaded `run`, when printing alone loads `baseline`. */
export function nonInteractiveLoadProblems(run: Loaded, baseline: readonly string[]): string[] {
  const problems: string[] = [];
  const base = new Set(baseline);
  const added = run.modules.filter((m) => !base.has(m));
  const crypto = run.modules.includes('NativeModule crypto');
  for (const m of added) {
    if (avoided.test(m) && !(crypto && cryptoOwn.has(m))) problems.push(`loads ${m.replace(/^NativeModule /, 'node:')}, which the synchronous non-interactive path must not`);
  }
  for (const f of run.files) {
    if (f.endsWith('ask.cjs')) problems.push(`loads the prompt UI (${f})`);
    if (f.endsWith('update.cjs')) problems.push(`loads the merge commands (${f})`);
    if (/handlebars/i.test(f)) problems.push(`loads Handlebars (${f})`);
  }
  return problems;
}

export interface Sizes {
  /** `npm pack` tarball size in bytes. */
  tarball: number;
  /** Packed file path → bytes. */
  files: Record<string, number>;
}

/**
 * The README writes kB as 1024 bytes, rounded. A stated figure holds when the measurement is
 * within 5% of it: rounding and routine template edits move the sizes by a few hundred bytes,
 * while anything larger (a bundled dependency, a new file) is a change the README must report.
 */
export const sizeMargin = 0.05;

export function sizeClaimProblems(readme: string, sizes: Sizes): string[] {
  const problems: string[] = [];
  const claims: Array<{ what: string; kb: number; bytes: number | undefined }> = [];
  const tarball = /tarball is (\d+) kB/.exec(readme);
  if (!tarball) problems.push('README: no "tarball is N kB" figure found');
  else claims.push({ what: 'the tarball', kb: Number(tarball[1]), bytes: sizes.tarball });
  // `dist/cli.cjs` (50 kB), `dist/templates.json` (108 kB, …), (`dist/ask.cjs`, 31 kB, …)
  for (const m of readme.matchAll(/`(dist\/[\w.-]+)`,? \(?(\d+) kB/g)) claims.push({ what: m[1]!, kb: Number(m[2]), bytes: sizes.files[m[1]!] });
  for (const { what, kb, bytes } of claims) {
    if (bytes === undefined) {
      problems.push(`README says ${what} is ${kb} kB, but it is not in the package`);
      continue;
    }
    const actual = bytes / 1024;
    if (Math.abs(actual - kb) > kb * sizeMargin) problems.push(`README says ${what} is ${kb} kB, but it is ${actual.toFixed(1)} kB (${bytes} bytes; margin ${sizeMargin * 100}%)`);
  }
  return problems;
}

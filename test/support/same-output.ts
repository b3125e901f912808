// "The rendered output is byte for byte what it was": renders every answer set of the matrix
// (test/matrix.ts) and of the snapshots (test/snapshot.test.ts) with the bundle of an earlier
// commit (built from git history and cached, test/support/releases.ts) and with this tree's
// bundle (dist/cli.cjs), both through the stable `__render` entry, and names the first path
// that differs. A restructure that must not change output (issue 27 was) is checked against
// the commit it started from, by hand, before it merges.
//
// Each set is sent twice over: as given (so defaults are decided by each bundle's own answer
// model; `__render` then takes the directory name `my-func`), and, for a set with another
// directory name, resolved by this tree's model with that name (the old bundle re-resolves a
// complete answer set, which takes no defaults).
//
// Run by hand against any commit: `npm run build && node --import tsx test/support/same-output.ts <commit>`.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { resolveAnswers, type Given } from '../../generators/answers/index.js';
import { parseCommandLine } from '../../lib/cli/args.js';
import { matrix } from '../matrix.js';
import { snapshotSets } from '../snapshot-sets.js';
import { binPath } from './bin.js';
import { oldRelease } from './releases.js';

/** The commit issue 27's restructure started from, and the package version it shared: the
 * default base of a run by hand. The restructure's proof (same output as this commit) was made
 * when it merged; issue 26 then changed the templates on purpose within the same version (the
 * snapshots review how), so no test runs this comparison any more. */
export const sameOutputBase = { commit: '769cb17', version: '0.4.0' } as const;


export interface RenderInput {
  /** Names the set, and how it was sent, in every message. */
  label: string;
  /** What `__render` reads as `answers`. */
  answers: unknown;
}

/** Every answer set to compare, as `__render` inputs. */
export function renderInputs(): RenderInput[] {
  const out: RenderInput[] = [];
  const add = (name: string, given: Given, dirName: string) => {
    out.push({ label: `${name} (as given)`, answers: given });
    if (dirName !== 'my-func') out.push({ label: `${name} (resolved in ${dirName}/)`, answers: resolveAnswers({ dirName, given }) });
  };
  for (const entry of matrix) add(`matrix "${entry.name}"`, entry.given, entry.dirName ?? 'my-func');
  for (const [name, flags] of Object.entries(snapshotSets)) add(`snapshot "${name}"`, parseCommandLine(['my-func', '--yes', ...flags]).given, 'my-func');
  return out;
}

/** One `__render` of `bin`: the files, or a failure naming the bin and the set. */
export function renderWith(bin: string, input: RenderInput): Promise<Map<string, string>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, '__render'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${bin} __render failed for ${input.label} (exit ${code}): ${Buffer.concat(err).toString().trim()}`));
      const parsed = JSON.parse(Buffer.concat(out).toString('utf8')) as { files: Record<string, string> };
      resolve(new Map(Object.entries(parsed.files)));
    });
    child.stdin.end(JSON.stringify({ answers: input.answers }));
  });
}

export interface Comparison {
  sets: number;
  /** Files compared, summed over the sets. */
  files: number;
  /** The first difference, in set order then path order; absent when every byte is the same. */
  difference?: string;
}

/** Render every input with both bins and compare file lists and contents, two sets at a time
 * (the machine has two cores). */
export async function compareRenders(baseBin: string, currentBin: string, inputs: RenderInput[] = renderInputs()): Promise<Comparison> {
  const results: Array<{ files: number; difference?: string }> = new Array(inputs.length);
  let next = 0;
  const worker = async () => {
    while (next < inputs.length) {
      const i = next++;
      const input = inputs[i]!;
      const [before, after] = await Promise.all([renderWith(baseBin, input), renderWith(currentBin, input)]);
      const paths = [...new Set([...before.keys(), ...after.keys()])].sort();
      const differing = paths.find((p) => before.get(p) !== after.get(p));
      let difference: string | undefined;
      if (differing !== undefined) {
        const [was, now] = [before.get(differing), after.get(differing)];
        if (was === undefined) difference = `${input.label}: ${differing} is new (the base does not render it)`;
        else if (now === undefined) difference = `${input.label}: ${differing} is missing (the base renders it)`;
        else {
          const at = [...was].findIndex((ch, k) => ch !== now[k]);
          const offset = at === -1 ? Math.min(was.length, now.length) : at;
          difference = `${input.label}: ${differing} differs at character ${offset}: base ${JSON.stringify(was.slice(offset, offset + 40))}, now ${JSON.stringify(now.slice(offset, offset + 40))}`;
        }
      }
      results[i] = { files: paths.length, difference };
    }
  };
  await Promise.all([worker(), worker()]);
  return {
    sets: inputs.length,
    files: results.reduce((sum, r) => sum + r.files, 0),
    difference: results.find((r) => r.difference !== undefined)?.difference,
  };
}

/** Compare `commit`'s bundle with this tree's built one. */
export async function compareWithCommit(commit: string = sameOutputBase.commit): Promise<Comparison> {
  const release = await oldRelease(commit);
  return compareRenders(release.bin, binPath);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const commit = process.argv[2] ?? sameOutputBase.commit;
  const result = await compareWithCommit(commit);
  console.log(`${result.sets} answer sets, ${result.files} files compared with ${commit}: ${result.difference ?? 'identical'}`);
  process.exitCode = result.difference ? 1 : 0;
}

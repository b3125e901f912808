// The pure half of `update`: decide, file by file, what the project should
// hold after an update, Copier-style. Three inputs per path:
//   base   = the recorded version's render of the recorded answers
//   theirs = this version's render of the new answers
//   mine   = the file on disk
// No I/O here: lib/update/update.ts reads the inputs and writes the plan.
import { diff3Merge } from 'node-diff3';
import { diffLines } from 'diff';
import { hash } from '../render/record.js';
import { resolvePinRegion, type PinChoice } from './pins.js';

export type { PinChoice } from './pins.js';

export interface Labels {
  /** `<<<<<<< yours` */
  mine: string;
  /** `>>>>>>> template vX.Y.Z` */
  theirs: string;
}

export function labelsFor(version: string): Labels {
  return { mine: 'yours', theirs: `template v${version}` };
}

export interface MergeOutcome {
  text: string;
  /** Number of conflict blocks written with markers. */
  conflicts: number;
  /** Lines where both sides moved only a pinned version or SHA: the newer was kept. */
  pins: PinChoice[];
}

/** Lines with their terminators, so joining them gives the text back byte for byte. */
export function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

const terminated = (lines: readonly string[]): string => {
  const text = lines.join('');
  return text === '' || text.endsWith('\n') ? text : `${text}\n`;
};

function conflictBlock(mine: readonly string[], theirs: readonly string[], labels: Labels): string {
  return `<<<<<<< ${labels.mine}\n${terminated(mine)}=======\n${terminated(theirs)}>>>>>>> ${labels.theirs}\n`;
}

/**
 * Three-way merge by lines (node-diff3): changes made on one side only are taken,
 * identical changes on both sides are taken once, overlapping different changes
 * become a git-style conflict block, except where both sides moved only pinned versions
 * or SHAs (a Dependabot bump and a template bump): there the newer pin is kept
 * (`newerPins: false` turns that rule off).
 */
export function merge3(mine: string, base: string, theirs: string, labels: Labels, { newerPins = true } = {}): MergeOutcome {
  const regions = diff3Merge(splitLines(mine), splitLines(base), splitLines(theirs), { excludeFalseConflicts: true });
  let text = '';
  let conflicts = 0;
  let line = 1;
  const pins: PinChoice[] = [];
  for (const region of regions) {
    if (region.ok) {
      text += region.ok.join('');
      line += region.ok.length;
    } else if (region.conflict) {
      const { a, o, b } = region.conflict;
      const resolved = newerPins ? resolvePinRegion(a, o, b, line) : undefined;
      if (resolved) {
        text += resolved.lines.join('');
        line += resolved.lines.length;
        pins.push(...resolved.choices);
        continue;
      }
      conflicts++;
      const block = conflictBlock(a, b, labels);
      text += block;
      line += splitLines(block).length;
    }
  }
  return { text, conflicts, pins };
}

/**
 * Two-way "merge" when there is no base: every place where the two texts differ
 * becomes a conflict block, so nothing of either side is lost or silently chosen.
 */
export function merge2(mine: string, theirs: string, labels: Labels): MergeOutcome {
  let text = '';
  let conflicts = 0;
  let removed: string[] = [];
  let added: string[] = [];
  const flush = () => {
    if (removed.length === 0 && added.length === 0) return;
    conflicts++;
    text += conflictBlock(removed, added, labels);
    removed = [];
    added = [];
  };
  for (const part of diffLines(mine, theirs)) {
    if (part.removed) removed.push(part.value);
    else if (part.added) added.push(part.value);
    else {
      flush();
      text += part.value;
    }
  }
  flush();
  return { text, conflicts, pins: [] };
}

// ---------------------------------------------------------------------------
// Planning

export type Action =
  /** The file as it should be written (content differs from what is on disk, or it is absent). */
  | { kind: 'updated' | 'merged' | 'added' | 'conflict'; path: string; content: string; conflicts?: number; pins?: PinChoice[] }
  /** Removed from the template and untouched: delete it. */
  | { kind: 'deleted'; path: string }
  /** Removed from the template but changed by the user: left alone, reported. */
  | { kind: 'kept'; path: string }
  /** Deleted by the user, changed by the template: left deleted, reported. */
  | { kind: 'deleted-by-you-but-changed'; path: string }
  /** Renamed by a changed answer: its content (edits included) was carried to `to`; delete it. */
  | { kind: 'moved'; path: string; to: string };

export type Contents = ReadonlyMap<string, string>;

export interface PlanInput {
  /** null: the base could not be had; use recorded hashes (two-way fallback). */
  base: Contents | null;
  theirs: Contents;
  /** Files on disk for every path of interest; absent = not on disk. */
  mine: Contents;
  /** sha256 per path from the record: what was generated. */
  recordedHashes: Readonly<Record<string, string>>;
  labels: Labels;
  /** New path → old path, for files a changed answer renamed (`--set name=…`). */
  renames?: ReadonlyMap<string, string>;
}

/** Old path → new path under a rename of answers (old value → new value): a path segment equal
 * to an old value, or starting with it and a dot (`Old.csproj`, `Old.Tests`), takes the new one.
 * Only pairs where the old path left the template and the new one arrived count. */
export function renamedPaths(substitutions: Array<[string, string]>, before: Iterable<string>, after: ReadonlySet<string> | ReadonlyMap<string, string>): Map<string, string> {
  const beforeSet = new Set(before);
  const renames = new Map<string, string>();
  if (substitutions.length === 0) return renames;
  const rename = (segment: string) => {
    for (const [from, to] of substitutions) {
      if (segment === from) return to;
      if (segment.startsWith(`${from}.`)) return to + segment.slice(from.length);
    }
    return segment;
  };
  for (const old of beforeSet) {
    if (after.has(old)) continue;
    const segments = old.split('/');
    // Every segment renamed (src/Old/Old.csproj), or only the folders: a file that merely
    // starts with the old name (src/Function/Function.cs, with name=Function) keeps its own.
    const candidates = [segments.map(rename).join('/'), [...segments.slice(0, -1).map(rename), segments.at(-1)!].join('/')];
    const candidate = candidates.find((c) => c !== old && after.has(c) && !beforeSet.has(c));
    if (candidate !== undefined) renames.set(candidate, old);
  }
  return renames;
}

/** Every path the update has to consider, sorted. */
export function pathsOf(input: Omit<PlanInput, 'mine' | 'labels'>): string[] {
  const all = new Set<string>([...input.theirs.keys(), ...(input.base ? input.base.keys() : Object.keys(input.recordedHashes))]);
  return [...all].sort();
}

/** Actions for the paths that need anything done or reported; unchanged paths are omitted. */
export function planUpdate(input: PlanInput): Action[] {
  const actions: Action[] = [];
  const renames = input.renames ?? new Map<string, string>();
  const movedAway = new Map([...renames].map(([to, from]) => [from, to]));
  for (const path of pathsOf(input)) {
    const to = movedAway.get(path);
    if (to !== undefined) {
      // What is on disk at the old path was merged into the new one (below).
      if (input.mine.has(path) && !input.mine.has(to)) actions.push({ kind: 'moved', path, to });
      continue;
    }
    const from = renames.get(path);
    const view = from === undefined ? input : renamedView(path, from, input);
    const action = input.base ? threeWay(path, view) : twoWay(path, view);
    if (action) actions.push(action);
    else if (from !== undefined && !input.mine.has(path) && view.mine.has(path)) {
      // Nothing to merge, but the file still has to arrive at its new path: as the user has it.
      const content = view.mine.get(path)!;
      actions.push({ kind: content === input.theirs.get(path) ? 'updated' : 'merged', path, content });
    }
  }
  return actions;
}

/** The inputs for a renamed file, keyed by its new path: the base and record of the old path,
 * and the user's file at the old path unless one already sits at the new path. */
function renamedView(path: string, from: string, input: PlanInput): PlanInput {
  const one = (value: string | undefined): Map<string, string> => new Map(value === undefined ? [] : [[path, value]]);
  const recorded = input.recordedHashes[from];
  return {
    ...input,
    base: input.base ? one(input.base.get(from)) : null,
    mine: one(input.mine.get(path) ?? input.mine.get(from)),
    recordedHashes: recorded === undefined ? {} : { [path]: recorded },
  };
}

/** A file the template emits that the project has differently and no base explains. */
function collide(path: string, mine: string, theirs: string, labels: Labels): Action {
  const { text, conflicts } = merge2(mine, theirs, labels);
  return { kind: 'conflict', path, content: text, conflicts };
}

function threeWay(path: string, { base: baseFiles, theirs: theirFiles, mine: myFiles, recordedHashes, labels }: PlanInput): Action | undefined {
  const base = baseFiles!.get(path);
  const theirs = theirFiles.get(path);
  const mine = myFiles.get(path);
  const recorded = recordedHashes[path];
  // The base should be exactly what was generated. Where the record's hash says otherwise
  // (the answers in the record were edited by hand), the hash decides what is untouched
  // and nothing is merged against that base.
  const trusted = base === undefined || recorded === undefined || hash(base) === recorded;
  const untouched = mine !== undefined && (trusted ? mine === base : hash(mine) === recorded);

  if (theirs === undefined) {
    // The template no longer emits it.
    if (base === undefined || mine === undefined) return undefined;
    return untouched ? { kind: 'deleted', path } : { kind: 'kept', path };
  }
  if (base === undefined) {
    // New in the template (or newly emitted for the new answers).
    if (mine === undefined) return { kind: 'added', path, content: theirs };
    return mine === theirs ? undefined : collide(path, mine, theirs, labels);
  }
  if (mine === undefined) {
    const changed = trusted ? base !== theirs : hash(theirs) !== recorded;
    return changed ? { kind: 'deleted-by-you-but-changed', path } : undefined;
  }
  if (mine === theirs) return undefined;
  if (untouched) return { kind: 'updated', path, content: theirs };
  if (!trusted) return collide(path, mine, theirs, labels);
  if (base === theirs) return undefined; // only you changed it
  const { text, conflicts, pins } = merge3(mine, base, theirs, labels);
  const decided = pins.length > 0 ? { pins } : {};
  if (conflicts > 0) return { kind: 'conflict', path, content: text, conflicts, ...decided };
  // A pin kept on your side is still listed, so the report says why the template's was not taken.
  return text === mine && pins.length === 0 ? undefined : { kind: 'merged', path, content: text, ...decided };
}

function twoWay(path: string, { theirs: theirFiles, mine: myFiles, recordedHashes, labels }: PlanInput): Action | undefined {
  const recorded = recordedHashes[path];
  const theirs = theirFiles.get(path);
  const mine = myFiles.get(path);
  const untouched = mine !== undefined && recorded !== undefined && hash(mine) === recorded;

  if (theirs === undefined) {
    if (mine === undefined || recorded === undefined) return undefined;
    return untouched ? { kind: 'deleted', path } : { kind: 'kept', path };
  }
  if (mine === undefined) {
    if (recorded === undefined) return { kind: 'added', path, content: theirs };
    return hash(theirs) === recorded ? undefined : { kind: 'deleted-by-you-but-changed', path };
  }
  if (mine === theirs) return undefined;
  if (untouched) return { kind: 'updated', path, content: theirs };
  return collide(path, mine, theirs, labels);
}

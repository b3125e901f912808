// Pin bumps on both sides of a three-way merge. Dependabot moves a pinned version or action
// SHA in the user's copy; a new template release moves the same line. Both are the same kind
// of change, so `update` keeps the newer pin instead of asking the user to choose between two
// version numbers. Only lines whose every difference from the base is a version number or a
// 40-hex commit are decided here; anything else stays a conflict.

/** A commit as an action pin names it. */
const sha = /\b[0-9a-f]{40}\b/g;
/** A dotted version (`3.2.0`, `v7.0.1`, `5.0`), optionally with a pre-release suffix. A number
 * without a dot (a timeout, a memory size) is not a version: changing one is a real edit. */
const version = /\bv?(\d+(?:\.\d+)+)(-[0-9A-Za-z.]+)?\b/g;

/** The line with its pins blanked out: two lines with the same skeleton differ only in pins. */
const skeleton = (line: string): string => line.replace(sha, '<sha>').replace(version, '<version>');

const versionsOf = (line: string): number[][] => [...line.replace(sha, '').matchAll(version)].map((m) => m[1]!.split('.').map(Number));

function compareVersion(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** A positive number when `a`'s pins are newer, negative when `b`'s are, 0 when they cannot be
 * told apart (a SHA changed but no version beside it did, or the versions disagree in count).
 * For an action pinned by SHA the version compared is its `# vX.Y.Z` comment. */
function newer(a: string, b: string): number {
  const [va, vb] = [versionsOf(a), versionsOf(b)];
  if (va.length === 0 || va.length !== vb.length) return 0;
  for (let i = 0; i < va.length; i++) {
    const d = compareVersion(va[i]!, vb[i]!);
    if (d !== 0) return d;
  }
  return 0;
}

/** One line decided by the rule, for update's report. */
export interface PinChoice {
  /** 1-based line number in the merged text. */
  line: number;
  kept: 'yours' | 'template';
  /** The line kept, and the one it was kept over (both without their line terminator). */
  text: string;
  over: string;
}

/**
 * Resolve a conflict region (lines of mine, base and theirs, each with its terminator) when
 * both sides changed only pins: every line either unchanged on a side or changed in its pins
 * alone, and where both changed a line, one is newer. Returns the merged lines and the choices,
 * or undefined to leave the region a conflict.
 */
export function resolvePinRegion(
  mine: readonly string[],
  base: readonly string[],
  theirs: readonly string[],
  firstLine: number,
): { lines: string[]; choices: PinChoice[] } | undefined {
  if (mine.length !== base.length || theirs.length !== base.length || base.length === 0) return undefined;
  const lines: string[] = [];
  const choices: PinChoice[] = [];
  for (let i = 0; i < base.length; i++) {
    const [a, o, b] = [mine[i]!, base[i]!, theirs[i]!];
    const pinOnly = (x: string) => x === o || skeleton(x) === skeleton(o);
    if (!pinOnly(a) || !pinOnly(b)) return undefined;
    if (a === b || b === o) lines.push(a);
    else if (a === o) lines.push(b);
    else {
      const d = newer(a, b);
      if (d === 0) return undefined;
      const [kept, over] = d > 0 ? [a, b] : [b, a];
      lines.push(kept);
      choices.push({ line: firstLine + i, kept: d > 0 ? 'yours' : 'template', text: kept.trimEnd(), over: over.trimEnd() });
    }
  }
  return { lines, choices };
}

// "Did you mean …?": the one closeness rule for a mistyped flag, command or answer value, so a
// typo is suggested alike everywhere (lib/cli/args.ts for flags, the time zone row for zones).

/** Levenshtein distance: edits that turn `a` into `b`. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

/** The candidate closest to `typed` (lowest `score`, edit distance unless told), if it is close
 * enough to be a typo of it: at most 2 edits, or a third of its length. */
export function closest(typed: string, candidates: readonly string[], score = (candidate: string) => editDistance(typed, candidate)): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  for (const candidate of candidates) {
    const s = score(candidate);
    if (s < bestScore) [best, bestScore] = [candidate, s];
  }
  return best !== undefined && bestScore <= Math.max(2, Math.floor(typed.length / 3)) ? best : undefined;
}

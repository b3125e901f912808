// Action pins in an emitted workflow: every `uses:` names a full commit SHA and, in a comment,
// the release generators/versions.ts gives for that commit; every checkout drops its token.
// Offline, zizmor cannot tell whether a SHA exists or what release it is: this is that check,
// against the one table (versions.actionPins) the template prints from.
import { parse } from 'yaml';
import { actionPins } from '../../generators/versions.js';

const byCommit = new Map<string, { action: string; release: string }>(Object.values(actionPins).map((p) => [p.commit, p]));

/** `uses: owner/repo@ref # comment`, as a line of block-style YAML. */
const usesLine = /^\s*(?:-\s+)?uses:\s*(\S+)(?:\s+#\s*(.*?))?\s*$/;

export function pinProblems(path: string, text: string): string[] {
  const problems: string[] = [];
  const lines = text.split('\n');
  let seen = 0;
  lines.forEach((line, i) => {
    const m = usesLine.exec(line);
    if (!m) return;
    seen++;
    const at = `${path}:${i + 1}`;
    const [, ref, comment] = m as unknown as [string, string, string | undefined];
    const [action, version] = ref.split('@') as [string, string | undefined];
    if (version === undefined || !/^[0-9a-f]{40}$/.test(version)) {
      problems.push(`${at}: ${ref} is not pinned to a full commit SHA`);
      return;
    }
    const pin = byCommit.get(version);
    if (!pin || pin.action !== action) {
      problems.push(`${at}: ${ref} is not a commit of ${action} listed in generators/versions.ts`);
      return;
    }
    if (comment === undefined) problems.push(`${at}: ${ref} has no release comment (expected # ${pin.release})`);
    else if (comment !== pin.release) problems.push(`${at}: ${action}'s comment names ${comment}, but versions.ts gives ${pin.release} for commit ${version}`);
  });

  // Every step the YAML holds was seen above (no flow-style `uses` slips past), and every
  // checkout leaves no credentials behind: nothing in the workflow pushes.
  const wf = parse(text) as { jobs?: Record<string, { steps?: Array<{ uses?: string; with?: Record<string, unknown> }> }> };
  let parsed = 0;
  for (const [jobId, job] of Object.entries(wf.jobs ?? {})) {
    (job.steps ?? []).forEach((step, n) => {
      if (step.uses === undefined) return;
      parsed++;
      if (step.uses.startsWith('actions/checkout@') && step.with?.['persist-credentials'] !== false) {
        problems.push(`${path}: jobs.${jobId}.steps[${n}]: checkout without persist-credentials: false keeps the token in .git/config`);
      }
    });
  }
  if (parsed !== seen) problems.push(`${path}: ${parsed} steps use an action, but ${seen} uses: lines were read`);
  return problems;
}

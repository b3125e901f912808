// Which deletes and replaces of a saved plan the output of the command before it announced.
// `update`, `add` and `remove` name what the next apply (lib/update/replacements.ts) and the
// bootstrap re-apply (lib/update/bootstrap-replacements.ts) replace or delete, under a heading
// each, before they write. A delete or replace in a plan is a failure unless one of those lines
// names that resource: fail closed, so a resource type without a matcher here is unannounced.
import type { PlannedChange } from './session.js';

const headings = /^The (next apply|re-apply of infra\/bootstrap\/) replaces or deletes deployed resources:$/;

/** The announced lines (two-space indented, under either heading). */
export function announcedLines(output: string): string[] {
  const lines: string[] = [];
  let inside = false;
  for (const line of output.split('\n')) {
    if (headings.test(line)) inside = true;
    else if (inside && line.startsWith('  ')) lines.push(line.trim());
    else inside = false;
  }
  return lines;
}

/** The output with its announcements cut: the seeded fault. */
export function withoutAnnouncements(output: string): string {
  const announced = new Set(announcedLines(output));
  return output
    .split('\n')
    .filter((l) => !headings.test(l) && !announced.has(l.trim()))
    .join('\n');
}

/** By resource type: the words an announcement of that resource says, from its values before the change. */
const matchers: Record<string, (before: Record<string, unknown>) => RegExp> = {
  aws_ecr_lifecycle_policy: (b) => new RegExp(`\\b(replaces|deletes) the lifecycle policy of ECR repository ${String(b.repository).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`),
};

/** One failure, naming the step's plan and the resource, per delete or replace no line announced. */
export function unannounced(step: string, changes: PlannedChange[], output: string): string[] {
  const lines = announcedLines(output);
  return changes
    .filter((c) => c.actions.includes('delete'))
    .filter((c) => {
      const type = c.address.split('.').at(-2) ?? '';
      const match = matchers[type];
      return !match || !lines.some((l) => match(c.before ?? {}).test(l));
    })
    .map((c) => `${step}: the plan would ${c.actions.includes('create') ? 'replace' : 'destroy'} ${c.address}, and the output before it did not announce that`);
}

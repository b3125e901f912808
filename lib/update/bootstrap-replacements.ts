// What the re-apply of infra/bootstrap/ replaces or deletes. The pipeline never applies that
// stack, so lib/update/replacements.ts (the next apply's losses, by answer) does not see it; a
// person re-applies it after `update`, `add` or `remove`. Its resources whose every change the
// AWS provider makes a replacement are compared here, file against file: the text their values
// come from as it is on disk (what was applied) and as the update writes it.
//
// From hashicorp/terraform-provider-aws (internal/service/ecr/lifecycle_policy.go):
// aws_ecr_lifecycle_policy has no update at all; `policy` and `repository` are ForceNew. So a
// new rule (a function added, removed or renamed: one rule per function's tag prefix), a new
// var.ecr_keep_images default, or a release that words the rules differently (0.2.0's one
// rule for every image, against today's rule per function) deletes the policy, then puts the
// new one. ECR keeps every image meanwhile, and nothing expires while the repository has no policy.
import type { Answers } from '../../generators/answers/index.js';
import type { Action } from './merge.js';

export interface BootstrapRow {
  /** The resource's address in infra/bootstrap/. */
  address: string;
  /** Why the provider replaces it. */
  because: string;
  /** The file that declares it. */
  file: string;
  /** What the line says, given the answers after the change. */
  replaced: (a: Answers) => string;
  deleted: (a: Answers) => string;
}

export const bootstrapReplacements: readonly BootstrapRow[] = [
  {
    address: 'aws_ecr_lifecycle_policy.function',
    because: 'aws_ecr_lifecycle_policy.policy and .repository are ForceNew (the resource has no update)',
    file: 'infra/bootstrap/ecr.tf',
    replaced: (a) => `replaces the lifecycle policy of ECR repository ${a.prefix.toLowerCase()} (deleted, then put with the new rules; no image is deleted, and none expires in between)`,
    deleted: (a) => `deletes the lifecycle policy of ECR repository ${a.prefix.toLowerCase()}`,
  },
];

const variablesFile = 'infra/bootstrap/variables.tf';

/** The block that starts at `header` (a line of its own, ending in `{`), up to its closing brace. */
function block(text: string, header: RegExp): string | undefined {
  const start = text.search(header);
  if (start < 0) return undefined;
  let depth = 0;
  for (let i = text.indexOf('{', start); i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return text.slice(start, i + 1);
  }
  return undefined;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Comments and layout are not values. */
const normalized = (text: string): string => text.replace(/^\s*#.*$/gm, '').replace(/\s+/g, ' ').trim();

/**
 * The text a resource's values come from: its block, the file's `locals` blocks, and the
 * declarations (defaults) of the variables these name. Undefined when the file lacks the block.
 */
export function valuesText(address: string, file: string | undefined, variables: string | undefined): string | undefined {
  const [type, name] = address.split('.') as [string, string];
  const own = file && block(file, new RegExp(`^resource\\s+"${escape(type)}"\\s+"${escape(name)}"\\s*\\{`, 'm'));
  if (!own) return undefined;
  const locals = [...file.matchAll(/^locals\s*\{/gm)].map((m) => block(file.slice(m.index), /^locals\s*\{/m) ?? '');
  const named = [...new Set([...`${own}\n${locals.join('\n')}`.matchAll(/\bvar\.(\w+)/g)].map((m) => m[1]!))].sort();
  const declared = named.map((v) => (variables && block(variables, new RegExp(`^variable\\s+"${escape(v)}"\\s*\\{`, 'm'))) ?? `variable ${v} undeclared`);
  return normalized([own, ...locals, ...declared].join('\n'));
}

/** The file as the update leaves it: written, deleted, or as it is. */
function written(path: string, actions: readonly Action[], onDisk: ReadonlyMap<string, string>): string | undefined {
  const a = actions.find((x) => x.path === path);
  if (!a || a.kind === 'kept' || a.kind === 'deleted-by-you-but-changed') return onDisk.get(path);
  return a.kind === 'deleted' || a.kind === 'moved' ? undefined : a.content;
}

/** The lines for every bootstrap resource the update's writes make the re-apply replace or delete. */
export function bootstrapAnnouncements(actions: readonly Action[], onDisk: ReadonlyMap<string, string>, after: Answers): string[] {
  return bootstrapReplacements.flatMap((row) => {
    const was = valuesText(row.address, onDisk.get(row.file), onDisk.get(variablesFile));
    const now = valuesText(row.address, written(row.file, actions, onDisk), written(variablesFile, actions, onDisk));
    if (was === undefined || was === now) return [];
    return [now === undefined ? row.deleted(after) : row.replaced(after)];
  });
}

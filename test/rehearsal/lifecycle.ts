// The lifecycle rehearsal (issue 23): one generated repo grown commit by commit as a team would,
// every commit deployed on one moto server, each step applied the way `add`/`update`/`remove`
// printed it (followed literally: the output is parsed, nothing about a step's order is assumed):
//
//   1. create (http-api) → deploy
//   2. add Worker --trigger sqs → deploy
//   3. add Nightly --trigger schedule, add Intake --trigger s3 → deploy
//   4. update --set Worker.memory=512 --set Nightly.schedule="rate(2 hours)" → deploy
//   5. update --set Worker.name=Jobs → deploy
//   6. remove Nightly → deploy, then what the output prints for the bootstrap
//   7. destroy
//
// A paragraph with "Before you push, re-apply it" re-applies infra/bootstrap before the step's
// deploy (its plan may delete nothing); one with "After that push has deployed, run" deploys
// first, then runs the printed `update --drop-retired` through the bin, commits, and re-applies
// the bootstrap if that run says to (its plan may delete only what the drop took out of the
// bootstrap's files). Every call is evaluated against the role that makes it, and every delete
// or replace in a step's saved plan must be one the step's output announced ("The next apply
// replaces or deletes deployed resources:", lib/update/replacements.ts), and every announced
// name must be deleted by that plan. Seeded faults re-use what was recorded instead of deploying
// again: step 5 planned without infra/moved.tf, step 2's calls under a deploy role without
// lambda:TagResource on event source mappings, and step 6's deploy under the bootstrap whose
// retiring permissions were dropped (only once the output has the retiring paragraph).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import type { Role } from '../support/iam.js';
import type { AwsCall } from './calls.js';
import { bootstrapAndTrust, firstDeploy, github } from './rehearse.js';
import { commitAll, createRepo, lastLines } from './repos.js';
import { destroyEnding, Session, type PlannedChange, type RehearsalResult } from './session.js';

export interface LifecycleOptions {
  /** The built bin (dist/cli.cjs): create, add, update, remove. */
  bin: string;
  /** Where the generated repo goes (a real git repository); its parent must exist. */
  dir: string;
  log?: (line: string) => void;
}

export interface LifecycleResult extends RehearsalResult {
  steps: number;
  /** Deletes and replaces no output announced (each names its step), the seeded ones excluded. */
  unannounced: string[];
  /** What each seeded fault produced (each line names its step), or why it was skipped. */
  seeded: { rename: string[]; tagMappings: string[]; retiring: string[] | string };
  /** What each step's output told the rehearsal to do with the bootstrap, in the order done. */
  orders: Record<string, string[]>;
}

/** One step's commands, as a user types them after `npx create-dotnet-aot-lambda@latest`. */
interface Step {
  label: string;
  commands: string[][];
}

const steps: Step[] = [
  { label: 'step 2 (add Worker --trigger sqs)', commands: [['add', 'Worker', '--trigger', 'sqs']] },
  { label: 'step 3 (add Nightly --trigger schedule, add Intake --trigger s3)', commands: [['add', 'Nightly', '--trigger', 'schedule'], ['add', 'Intake', '--trigger', 's3']] },
  { label: 'step 4 (update Worker.memory, Nightly.schedule)', commands: [['update', '--set', 'Worker.memory=512', '--set', 'Nightly.schedule=rate(2 hours)']] },
  { label: 'step 5 (rename Worker → Jobs)', commands: [['update', '--set', 'Worker.name=Jobs']] },
  { label: 'step 6 (remove Nightly)', commands: [['remove', 'Nightly']] },
];

export const BEFORE_PUSH = 'Before you push, re-apply it';
export const AFTER_PUSH = 'After that push has deployed, run';

/** The announced lines: every indented line under each "The next apply replaces or deletes…" heading. */
export function announcedLines(output: string): string[] {
  const lines = output.split('\n');
  const out: string[] = [];
  lines.forEach((line, i) => {
    if (!/^The next apply replaces or deletes deployed resources:/.test(line)) return;
    for (let j = i + 1; j < lines.length && /^ {2}\S/.test(lines[j]!); j++) out.push(lines[j]!.trim());
  });
  return out;
}

/** The resource names an announcement gives (`orders-nightly`, `/aws/lambda/orders-nightly`,
 * `orders-nightly-*` for a family), read as words starting with the prefix. */
export function announcedNames(lines: string[], prefix: string): string[] {
  const names = new Set<string>();
  for (const line of lines) {
    for (const raw of line.replaceAll('<account id>', '*').split(/\s+/)) {
      const word = raw.replace(/[,;:()]+$/, '').replace(/^\(/, '');
      const bare = word.replace(/^\/aws\/lambda\//, '');
      if (bare === prefix || bare.startsWith(`${prefix}-`)) names.add(word);
    }
  }
  return [...names];
}

/** Whether `value` (a resource's name or ARN) is `name`, or holds it as a whole segment of an
 * ARN or path; `x-*` stands for x- and anything after it. */
function names(value: string, name: string): boolean {
  if (name.endsWith('*')) {
    const stem = name.slice(0, -1);
    return value.startsWith(stem) || value.includes(`:${stem}`) || value.includes(`/${stem}`);
  }
  return value === name || new RegExp(`(^|[:/])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[:/])`).test(value);
}

const identities = (c: PlannedChange): string[] =>
  Object.values(c.before ?? {}).filter((v): v is string => typeof v === 'string' && v.length > 0);

/**
 * Failures of one step's saved plan against what the step announced: a delete or replace whose
 * resource carries no announced name, and an announced name that the plan deletes nothing of.
 */
export function checkAnnounced(step: string, changes: PlannedChange[], announced: string[]): { unannounced: string[]; missing: string[] } {
  const deletes = changes.filter((c) => c.actions.includes('delete'));
  const unannounced = deletes
    .filter((c) => !identities(c).some((v) => announced.some((n) => names(v, n))))
    .map((c) => `${step}: unannounced ${c.actions.includes('create') ? 'replace' : 'delete'} of ${c.address}${c.previousAddress && c.previousAddress !== c.address ? ` (was ${c.previousAddress})` : ''}`);
  const missing = announced
    .filter((n) => !deletes.some((c) => identities(c).some((v) => names(v, n))))
    .map((n) => `${step}: announced ${n}, but the plan deletes and replaces nothing of that name`);
  return { unannounced, missing };
}

/** `resource "T" "N"` addresses declared in a module's .tf files. */
function declared(dir: string): Set<string> {
  const out = new Set<string>();
  if (!existsSync(dir)) return out;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.tf'))) {
    for (const m of readFileSync(join(dir, file), 'utf8').matchAll(/^resource\s+"([^"]+)"\s+"([^"]+)"/gm)) out.add(`${m[1]}.${m[2]}`);
  }
  return out;
}

/** The role with every statement whose Sid is `sid` taken out of its policies (a seeded fault). */
function withoutStatement(r: Role, sid: string): { role: Role; cut: number } {
  let cut = 0;
  const strip = <T extends { document: { Statement: unknown } }>(p: T): T => {
    const statements = ([] as Array<{ Sid?: string }>).concat(p.document.Statement as Array<{ Sid?: string }>);
    const kept = statements.filter((s) => s.Sid !== sid);
    cut += statements.length - kept.length;
    return { ...p, document: { ...p.document, Statement: kept } };
  };
  return { role: { ...r, inline: r.inline.map(strip), managed: r.managed.map(strip) }, cut };
}

async function bin(o: LifecycleOptions, args: string[]): Promise<string> {
  const r = await execa('node', [o.bin, ...args, '--yes'], { cwd: o.dir, reject: false, all: true, stdin: 'ignore' });
  if (r.exitCode !== 0) throw new Error(`${args.join(' ')} failed (exit ${r.exitCode}): ${lastLines(r.all)}`);
  return r.all ?? '';
}

export async function rehearseLifecycle(o: LifecycleOptions): Promise<LifecycleResult> {
  await createRepo(o.bin, o.dir, []);
  const s = await Session.open(o.dir, o.log ? { log: o.log } : {});
  const unannounced: string[] = [];
  const orders: Record<string, string[]> = {};
  const seeded: LifecycleResult['seeded'] = { rename: [], tagMappings: [], retiring: 'not reached' };
  let done = 0;
  let end: { destroyed: boolean; left: string[] } | undefined;
  try {
    // 1. create → bootstrap and first deploy, as the README's first steps say.
    await bootstrapAndTrust(s, { bothSubjectFormats: false });
    await firstDeploy(s);
    orders['step 1 (create)'] = ['bootstrap applied', 'deployed'];
    done = 1;

    for (const step of steps) {
      let output = '';
      for (const args of step.commands) {
        output += `${await bin(o, args)}\n`;
        await commitAll(o.dir, args.join(' '));
      }
      const order: string[] = (orders[step.label] = []);
      const announced = announcedLines(output);
      const before = output.includes(BEFORE_PUSH);
      const after = output.includes(AFTER_PUSH);
      s.log(`${step.label}: ${announced.length} announced, bootstrap ${before ? 'before' : ''}${before && after ? ' and ' : ''}${after ? 'after' : ''}${before || after ? ' the push' : 'untouched'}`);
      await s.sync(o.dir);

      if (before) {
        // Additions only: nothing of the bootstrap may go before the deploy that stops using it.
        const bootstrap = await s.reapplyBootstrap(step.label, github, { mayDelete: true });
        const deletes = bootstrap.filter((c) => c.actions.includes('delete')).map((c) => `${step.label}: unannounced ${c.actions.includes('create') ? 'replace' : 'delete'} of infra/bootstrap's ${c.address}, re-applied before the push as printed`);
        unannounced.push(...deletes);
        s.failures.push(...deletes);
        order.push('bootstrap re-applied before the push');
      }
      const { deploy } = s.roles();
      await s.build('build-1');
      s.must(await s.infra(deploy, `${step.label} init`, s.initArgs()), `${step.label} init (deploy role)`);

      // Seeded: the rename's commit without its moved blocks, planned against step 4's state.
      if (step.label.startsWith('step 5')) {
        const moved = join(s.scratch, 'infra', 'moved.tf');
        if (!existsSync(moved)) s.failures.push(`${step.label}: the rename wrote no infra/moved.tf`);
        else {
          const text = readFileSync(moved, 'utf8');
          await rm(moved);
          s.must(await s.tf.run('infra', ['plan', '-input=false', '-lock=false', '-out=tfplan'], s.tfVars), 'seeded rename plan');
          const changes = await s.showPlan('infra', `seeded: ${step.label} without infra/moved.tf`, { mayDelete: true }, s.tfVars);
          seeded.rename = checkAnnounced(step.label, changes, announcedNames(announced, s.answers.prefix)).unannounced;
          await writeFile(moved, text);
        }
      }

      const changes = await s.plan(deploy, step.label, { mayDelete: true });
      const check = checkAnnounced(step.label, changes, announcedNames(announced, s.answers.prefix));
      unannounced.push(...check.unannounced);
      s.failures.push(...check.unannounced, ...check.missing);
      if (step.label.startsWith('step 5') && !changes.some((c) => c.previousAddress && c.previousAddress !== c.address)) s.failures.push(`${step.label}: the plan moves nothing`);
      const apply = s.must(await s.infra(deploy, `${step.label} apply`, ['apply', '-input=false', 'tfplan']), `${step.label} apply (deploy role)`);
      s.resources += Number(/Resources: (\d+) added/.exec(apply.output)?.[1] ?? 0);
      order.push('deployed');
      s.log(`${step.label}: deployed, ${apply.calls.length} calls`);

      // Seeded: step 2's recorded calls under a deploy role without the mapping tag grant.
      if (step.label.startsWith('step 2')) seeded.tagMappings = await withoutMappingTags(s, step.label, deploy, apply.calls);

      if (after) {
        // The printed command, run through this build's bin in the repo (a project at its root:
        // the command names no path).
        if (!/update --drop-retired/.test(output.slice(output.indexOf(AFTER_PUSH)))) {
          s.failures.push(`${step.label}: "${AFTER_PUSH}" is printed without the update --drop-retired command`);
        } else {
          const bootstrapDir = join(s.scratch, 'infra', 'bootstrap');
          const had = declared(bootstrapDir);
          const dropped = await bin(o, ['update', '--drop-retired']);
          await commitAll(o.dir, 'update --drop-retired');
          await s.sync(o.dir);
          order.push('update --drop-retired committed');
          const retired = [...had].filter((a) => !declared(bootstrapDir).has(a));
          if (/re-apply/.test(dropped)) {
            const bootstrap = await s.reapplyBootstrap(`${step.label} drop-retired`, github, { mayDelete: true });
            order.push('bootstrap re-applied after the push');
            for (const c of bootstrap.filter((x) => x.actions.includes('delete') && !retired.includes(x.address))) {
              s.failures.push(`${step.label}: the bootstrap re-apply after update --drop-retired would ${c.actions.includes('create') ? 'replace' : 'delete'} ${c.address}, which is not a retired permission`);
            }
            // Seeded: the retiring permissions dropped before the push, i.e. this step's deploy
            // made under the bootstrap as it is now.
            seeded.retiring = await s.evaluateApart(s.roles().deploy, `seeded: ${step.label} with the retiring permissions dropped before the push`, apply.calls);
          } else {
            seeded.retiring = `update --drop-retired said nothing about a re-apply: ${lastLines(dropped, 2)}`;
          }
        }
      } else if (step.label.startsWith('step 6')) {
        seeded.retiring = `skipped: the output of remove has no "${AFTER_PUSH}" paragraph (this build re-applies the bootstrap ${before ? 'before' : 'never around'} the push)`;
      }
      done++;
    }

    // 7. Destroy, as the deploy role of the last bootstrap.
    end = await s.destroy(s.roles().deploy);
    done++;
  } catch (error) {
    s.failures.push(`step ${done + 1}: ${(error as Error).message}`);
  } finally {
    await s.close();
  }
  const r = s.result(destroyEnding(end), end?.left);
  const summary = `lifecycle: ${done} steps, ${r.allowed} calls allowed, ${r.denied.length} denied, ${unannounced.length} unannounced deletes, ${destroyEnding(end)}`;
  return { ...r, summary, steps: done, unannounced, seeded, orders };
}

/** Step 2's calls re-evaluated as the deploy role with its TagQueueMappings statement cut. */
async function withoutMappingTags(s: Session, step: string, deploy: Role, calls: AwsCall[]): Promise<string[]> {
  const { role, cut } = withoutStatement(deploy, 'TagQueueMappings');
  if (cut === 0) return [`${step}: the deploy role has no TagQueueMappings statement to cut (update this seeded fault)`];
  return s.evaluateApart(role, `seeded: ${step} without lambda:TagResource on event source mappings`, calls);
}

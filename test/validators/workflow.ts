// YAML-level checks of the emitted deploy workflow against the answers and the shared
// contract (two jobs, OIDC only where used, apply only on push to main, …).
//
// The conditions that matter (`if:`, `environment:`, `role-to-assume:`, concurrency) are
// not compared as text: a small evaluator for GitHub expressions runs them under a few
// events (pull request, push to main, manual dispatch, …), so `a && '' || 'b'` mistakes
// are caught by what they evaluate to. Each event is also evaluated in each outcome of the
// steps before (success, failure, cancelled), so `if: always()` or `if: failure()` can't take a
// step out of the checks; a condition the evaluator can't know counts as reachable.
//
// Triggers come from an allowed list (push, pull_request, workflow_dispatch): the deploy role
// must never run for `pull_request_target`, `workflow_run` or any other event.
//
// `shellProblems` runs shellcheck (from the suite's Python venv) over every `run:` script.
import { execa } from 'execa';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, posix, resolve } from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { Answers } from '../../generators/answers/index.js';
import { templateContext } from '../../generators/context.js';
import * as versions from '../../generators/versions.js';
import type { Files } from '../../lib/render/render.js';
import { pythonTools } from '../support/python.js';

// ---------------------------------------------------------------------------
// GitHub expressions: a subset evaluator (literals, contexts, ! == != < <= > >= && ||,
// format/startsWith/endsWith/contains). Anything it cannot know is UNKNOWN.

export const UNKNOWN = Symbol('unknown');
export type Value = string | number | boolean | null | typeof UNKNOWN;

export interface Scenario {
  name: string;
  event: string;
  ref: string;
  vars?: Record<string, string>;
  /** How the steps (or needed jobs) before ended: what success(), failure(), cancelled() see. */
  status?: Status;
  /** The matrix leg the job runs as (`matrix.<key>`). */
  matrix?: Record<string, unknown>;
  /** Other known contexts by lower-case path, e.g. `runner.temp` or `steps.image.outputs.digest`. */
  known?: Record<string, Value>;
}

export type Status = 'success' | 'failure' | 'cancelled';
export const statuses: readonly Status[] = ['success', 'failure', 'cancelled'];
/** The only events the workflow may run on. */
export const allowedTriggers = ['push', 'pull_request', 'workflow_dispatch'] as const;

const defaultVars = { AWS_PLAN_ROLE_ARN: 'PLAN_ROLE', AWS_DEPLOY_ROLE_ARN: 'DEPLOY_ROLE', TF_STATE_BUCKET: 'STATE_BUCKET' };

export const scenarios = {
  pr: { name: 'pull_request', event: 'pull_request', ref: 'refs/pull/1/merge' },
  pushMain: { name: 'push to main', event: 'push', ref: 'refs/heads/main' },
  pushBranch: { name: 'push to a branch', event: 'push', ref: 'refs/heads/feature' },
  dispatchMain: { name: 'workflow_dispatch on main', event: 'workflow_dispatch', ref: 'refs/heads/main' },
  dispatchBranch: { name: 'workflow_dispatch on a branch', event: 'workflow_dispatch', ref: 'refs/heads/feature' },
} satisfies Record<string, Scenario>;
const notPushMain = [scenarios.pr, scenarios.pushBranch, scenarios.dispatchMain, scenarios.dispatchBranch];
const nonPr = [scenarios.pushMain, scenarios.pushBranch, scenarios.dispatchMain, scenarios.dispatchBranch];

type Token = { kind: 'str' | 'num' | 'id' | 'op'; text: string };

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'") {
      let j = i + 1;
      let text = '';
      for (;;) {
        if (j >= src.length) throw new Error(`unterminated string in ${src}`);
        if (src[j] === "'") {
          if (src[j + 1] === "'") {
            text += "'";
            j += 2;
            continue;
          }
          break;
        }
        text += src[j++];
      }
      tokens.push({ kind: 'str', text });
      i = j + 1;
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9.]+/.exec(src.slice(i))![0];
      tokens.push({ kind: 'num', text: m });
      i += m.length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(src.slice(i))![0];
      tokens.push({ kind: 'id', text: m });
      i += m.length;
    } else {
      const two = src.slice(i, i + 2);
      if (['==', '!=', '&&', '||', '<=', '>='].includes(two)) {
        tokens.push({ kind: 'op', text: two });
        i += 2;
      } else if ('!<>().[],*'.includes(c)) {
        tokens.push({ kind: 'op', text: c });
        i++;
      } else {
        throw new Error(`unexpected "${c}" in ${src}`);
      }
    }
  }
  return tokens;
}

const truthy = (v: Exclude<Value, typeof UNKNOWN>): boolean => !(v === false || v === 0 || v === '' || v === null || Number.isNaN(v));
const toStr = (v: Exclude<Value, typeof UNKNOWN>): string => (v === null ? '' : String(v));
const toNum = (v: Exclude<Value, typeof UNKNOWN>): number =>
  v === null ? 0 : typeof v === 'boolean' ? Number(v) : typeof v === 'number' ? v : v.trim() === '' ? 0 : Number(v);

function looseEquals(a: Exclude<Value, typeof UNKNOWN>, b: Exclude<Value, typeof UNKNOWN>): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  if (typeof a === typeof b) return a === b;
  return toNum(a) === toNum(b);
}

/** Evaluate one expression (the text inside `${{ }}`, or a bare `if:`). */
export function evaluate(expression: string, scenario: Scenario): Value {
  const tokens = tokenize(expression);
  let pos = 0;
  const peek = () => tokens[pos];
  const take = (text?: string): Token => {
    const t = tokens[pos++];
    if (!t || (text !== undefined && t.text !== text)) throw new Error(`expected ${text ?? 'a token'} in ${expression}`);
    return t;
  };
  const contexts: Record<string, Value> = {
    'github.event_name': scenario.event,
    'github.ref': scenario.ref,
    'github.workflow': 'deploy',
  };
  for (const [k, v] of Object.entries({ ...defaultVars, ...scenario.vars })) contexts[`vars.${k.toLowerCase()}`] = v;
  for (const [k, v] of Object.entries(scenario.matrix ?? {})) contexts[`matrix.${k.toLowerCase()}`] = v as Value;
  Object.assign(contexts, scenario.known);

  const binary = (ops: string[], next: () => Value, apply: (op: string, a: Value, b: Value) => Value) => (): Value => {
    let left = next();
    while (peek()?.kind === 'op' && ops.includes(peek()!.text)) {
      const op = take().text;
      left = apply(op, left, next());
    }
    return left;
  };
  const or = (): Value =>
    binary(['||'], and, (_op, a, b) => (a === UNKNOWN ? UNKNOWN : truthy(a) ? a : b))();
  // An unknown left side with a falsy right side is falsy whichever it is.
  const and = (): Value =>
    binary(['&&'], equality, (_op, a, b) => (a === UNKNOWN ? (b !== UNKNOWN && !truthy(b) ? b : UNKNOWN) : !truthy(a) ? a : b))();
  const equality = binary(['==', '!='], comparison, (op, a, b) => {
    if (a === UNKNOWN || b === UNKNOWN) return UNKNOWN;
    return op === '==' ? looseEquals(a, b) : !looseEquals(a, b);
  });
  function comparison(): Value {
    return binary(['<', '<=', '>', '>='], unary, (op, a, b) => {
      if (a === UNKNOWN || b === UNKNOWN) return UNKNOWN;
      const [x, y] = [toNum(a), toNum(b)];
      return op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : x >= y;
    })();
  }
  function unary(): Value {
    if (peek()?.text === '!') {
      take();
      const v = unary();
      return v === UNKNOWN ? UNKNOWN : !truthy(v);
    }
    return primary();
  }
  function call(name: string, args: Value[]): Value {
    if (args.some((a) => a === UNKNOWN)) return UNKNOWN;
    const known = args as Array<Exclude<Value, typeof UNKNOWN>>;
    switch (name.toLowerCase()) {
      case 'format':
        return toStr(known[0] ?? '').replace(/\{(\d+)\}/g, (_m, n: string) => toStr(known[Number(n) + 1] ?? ''));
      case 'startswith':
        return toStr(known[0] ?? '').toLowerCase().startsWith(toStr(known[1] ?? '').toLowerCase());
      case 'endswith':
        return toStr(known[0] ?? '').toLowerCase().endsWith(toStr(known[1] ?? '').toLowerCase());
      case 'contains':
        return toStr(known[0] ?? '').toLowerCase().includes(toStr(known[1] ?? '').toLowerCase());
      case 'success':
        return (scenario.status ?? 'success') === 'success';
      case 'failure':
        return scenario.status === 'failure';
      case 'cancelled':
        return scenario.status === 'cancelled';
      case 'always':
        return true;
      default:
        return UNKNOWN;
    }
  }
  function primary(): Value {
    const t = take();
    if (t.kind === 'str') return t.text;
    if (t.kind === 'num') return Number(t.text);
    if (t.kind === 'op' && t.text === '(') {
      const v = or();
      take(')');
      return v;
    }
    if (t.kind !== 'id') throw new Error(`unexpected "${t.text}" in ${expression}`);
    if (t.text === 'true') return true;
    if (t.text === 'false') return false;
    if (t.text === 'null') return null;
    if (peek()?.text === '(') {
      take('(');
      const args: Value[] = [];
      while (peek()?.text !== ')') {
        args.push(or());
        if (peek()?.text === ',') take(',');
      }
      take(')');
      return call(t.text, args);
    }
    const path = [t.text];
    for (;;) {
      if (peek()?.text === '.') {
        take('.');
        path.push(take().text);
      } else if (peek()?.text === '[') {
        take('[');
        const key = or();
        take(']');
        path.push(key === UNKNOWN ? '?' : toStr(key));
      } else break;
    }
    const key = path.join('.').toLowerCase();
    return key in contexts ? contexts[key]! : UNKNOWN;
  }

  const value = or();
  if (pos !== tokens.length) throw new Error(`trailing "${tokens[pos]!.text}" in ${expression}`);
  return value;
}

const orUnknown = (f: () => Value): Value => {
  try {
    return f();
  } catch {
    return UNKNOWN; // a syntax error: reported once, by line, in checkWorkflow
  }
};

/** A YAML scalar as GitHub sees it: `${{ }}` interpolated; a lone expression keeps its type. */
export function evaluateField(raw: unknown, scenario: Scenario): Value {
  return orUnknown(() => interpolate(raw, scenario));
}

function interpolate(raw: unknown, scenario: Scenario): Value {
  if (raw === undefined || raw === null) return null;
  if (typeof raw !== 'string') return raw as Value;
  const lone = /^\s*\$\{\{([\s\S]*?)\}\}\s*$/.exec(raw);
  if (lone && !lone[1]!.includes('}}')) return evaluate(lone[1]!, scenario);
  let unknown = false;
  const text = raw.replace(/\$\{\{([\s\S]*?)\}\}/g, (_m, expr: string) => {
    const v = evaluate(expr, scenario);
    if (v === UNKNOWN) {
      unknown = true;
      return '';
    }
    return toStr(v);
  });
  return unknown ? UNKNOWN : text;
}

/**
 * `if:` is an expression even without `${{ }}`; absent means run. As on GitHub, a condition
 * without a status function runs only when everything before succeeded (`success() && …`).
 */
export function evaluateIf(raw: unknown, scenario: Scenario): Value {
  const succeeded = (scenario.status ?? 'success') === 'success';
  if (raw === undefined || raw === null) return succeeded;
  const text = String(raw);
  if (!/\b(success|failure|cancelled|always)\s*\(/i.test(text) && !succeeded) return false;
  if (typeof raw === 'boolean') return raw;
  return text.includes('${{') ? evaluateField(text, scenario) : orUnknown(() => evaluate(text, scenario));
}

/** Whether a condition can hold in some outcome of the steps before: true, false or UNKNOWN. */
export function reachable(runs: (s: Scenario) => Value, scenario: Scenario): Value {
  const values = statuses.map((status) => runs({ ...scenario, status }));
  if (values.some((v) => v !== UNKNOWN && v !== false)) return true;
  return values.includes(UNKNOWN) ? UNKNOWN : false;
}

// ---------------------------------------------------------------------------
// Workflow model

interface Step {
  name?: string;
  'continue-on-error'?: unknown;
  id?: string;
  uses?: string;
  run?: string;
  if?: unknown;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
  'working-directory'?: string;
}
interface Job {
  name?: string;
  'continue-on-error'?: unknown;
  'runs-on'?: unknown;
  needs?: string | string[];
  if?: unknown;
  environment?: unknown;
  permissions?: unknown;
  concurrency?: unknown;
  outputs?: Record<string, unknown>;
  env?: Record<string, unknown>;
  steps?: Step[];
  uses?: string;
  defaults?: { run?: { 'working-directory'?: string } };
  strategy?: { matrix?: Record<string, unknown>; 'fail-fast'?: unknown };
}

const allowedOwners = ['actions', 'aws-actions', 'hashicorp', 'docker'];
const pinnedActions = new Set<string>(Object.values(versions.actions));
const workflowPath = /^\.github\/workflows\/[^/]+\.ya?ml$/;
const recordFile = '.dotnet-aot-lambda.json';
/** Amazon.Lambda.Tools' package command, run through the repo's tool manifest. */
export const packageCommand = /\bdotnet\s+tool\s+run\s+dotnet-lambda\s+package\b/;

function answersFromRecord(files: Files): Answers | undefined {
  const text = files.get(recordFile);
  if (!text) return undefined;
  try {
    return (JSON.parse(text) as { answers?: Answers }).answers;
  } catch {
    return undefined;
  }
}

const show = (v: Value): string => (v === UNKNOWN ? '<unknown>' : JSON.stringify(v));
const environmentName = (env: unknown, s: Scenario): Value => {
  if (env !== null && typeof env === 'object') return evaluateField((env as { name?: unknown }).name, s);
  return evaluateField(env, s);
};

/**
 * Problems with the workflows in `files`, as `path:line: message`. `answers` defaults to the
 * ones recorded in `.dotnet-aot-lambda.json` when the map has it.
 */
export async function workflowProblems(files: Files, answers: Answers | undefined = answersFromRecord(files)): Promise<string[]> {
  const problems: string[] = [];
  const workflows = [...files].filter(([path]) => workflowPath.test(path));
  if (workflows.length === 0) return ['.github/workflows: no workflow emitted'];
  if (!answers) return ['workflow: no answers given and no .dotnet-aot-lambda.json to read them from'];
  for (const [path, text] of workflows) problems.push(...checkWorkflow(path, text, answers), ...(await shellProblems(path, text)));
  return problems;
}

export function checkWorkflow(path: string, text: string, answers: Answers): string[] {
  const ctx = templateContext(answers, 'validator');
  // What the project's variables hold; any other variable (another project's) reads as unset.
  const projectVars = { AWS_PLAN_ROLE_ARN: '', AWS_DEPLOY_ROLE_ARN: '', TF_STATE_BUCKET: '', [ctx.variables.planRole]: 'PLAN_ROLE', [ctx.variables.deployRole]: 'DEPLOY_ROLE', [ctx.variables.stateBucket]: 'STATE_BUCKET' };
  const regionVariable = `\${{ vars.${ctx.variables.region} }}`;
  const problems: string[] = [];
  const lineCounter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter, prettyErrors: false });
  for (const e of doc.errors) problems.push(`${path}:${lineCounter.linePos(e.pos[0]).line}: YAML: ${e.message.split('\n')[0]}`);
  if (doc.errors.length > 0) return problems;

  /** Line of the node at `keys`, or of the nearest ancestor that exists. */
  const lineOf = (keys: Array<string | number>): number => {
    for (let n = keys.length; n >= 0; n--) {
      const node = doc.getIn(keys.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      if (node && typeof node === 'object' && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return 1;
  };
  const report = (keys: Array<string | number>, message: string) => problems.push(`${path}:${lineOf(keys)}: ${message}`);

  // Expressions must arrive as GitHub expressions: no Handlebars residue, no HTML entities.
  text.split('\n').forEach((line, i) => {
    if (line.includes('\\{{')) problems.push(`${path}:${i + 1}: escaped Handlebars "\\{{" left in the output`);
    if (/&(amp|lt|gt|quot|#x27|#x3D|#\d+);/.test(line)) problems.push(`${path}:${i + 1}: HTML entity in the output`);
    if (/(^|[^$])\{\{/.test(line)) problems.push(`${path}:${i + 1}: "{{" that is not part of a "\${{ }}" expression`);
    for (const m of line.matchAll(/\$\{\{([\s\S]*?)\}\}/g)) {
      try {
        evaluate(m[1]!, scenarios.pushMain);
      } catch (error) {
        problems.push(`${path}:${i + 1}: expression does not parse: ${(error as Error).message}`);
      }
    }
  });

  const wf = doc.toJS() as { on?: unknown; permissions?: unknown; concurrency?: unknown; jobs?: Record<string, Job> };
  const jobs = wf.jobs ?? {};

  // Triggers: only the allowed events (`on:` may be a name, a list or a map).
  const on = (typeof wf.on === 'string' ? { [wf.on]: null } : Array.isArray(wf.on) ? Object.fromEntries(wf.on.map((e) => [String(e), null])) : wf.on) as
    | Record<string, { branches?: string[] } | null>
    | undefined;
  for (const event of Object.keys(on ?? {})) {
    if (!(allowedTriggers as readonly string[]).includes(event)) {
      report(['on', event], `trigger ${event} is not allowed (allowed: ${allowedTriggers.join(', ')}): only those events are checked for which code may assume which role`);
    }
  }
  for (const event of ['push', 'pull_request']) {
    const branches = on?.[event]?.branches;
    if (!branches || branches.length !== 1 || branches[0] !== 'main') report(['on', event], `on.${event} must be limited to branches [main]`);
  }
  if (!on || !('workflow_dispatch' in on)) report(['on'], 'workflow_dispatch trigger missing');

  // Top-level permissions: exactly contents: read.
  const perms = wf.permissions as Record<string, string> | undefined;
  if (!perms || typeof perms !== 'object' || Object.keys(perms).length !== 1 || perms.contents !== 'read') {
    report(['permissions'], `top-level permissions must be exactly {contents: read}, got ${JSON.stringify(wf.permissions ?? null)}`);
  }

  // Jobs: exactly two (issue 24), build (a leg per function, each testing its function before
  // it packages) → terraform, for any number of functions.
  const jobIds = Object.keys(jobs);
  const expectedJobs = ['build', 'terraform'];
  if (jobIds.join(',') !== expectedJobs.join(',')) report(['jobs'], `expected exactly two jobs, build then terraform, got ${jobIds.join(', ') || 'none'}`);
  const build = jobs.build;
  const terraform = jobs.terraform;
  if (build?.needs) report(['jobs', 'build', 'needs'], 'build must not depend on another job');
  const tfNeeds = terraform?.needs === undefined ? [] : ([] as string[]).concat(terraform.needs);
  if (terraform && tfNeeds.join(',') !== 'build') report(['jobs', 'terraform'], `terraform must declare needs: build (and only build), got ${JSON.stringify(terraform.needs ?? null)}`);
  // A failed leg (a failing test) must stop the deploy: terraform runs only when every leg
  // succeeded, and nothing marks a failed leg as passed.
  const continues = (v: unknown): boolean => v !== undefined && v !== false && v !== 'false';
  if (build && continues(build['continue-on-error'])) report(['jobs', 'build', 'continue-on-error'], 'build has continue-on-error: a leg whose tests fail would still let terraform deploy');
  if (terraform) {
    const afterFailure = Object.values(scenarios).find((s) => evaluateIf(terraform.if, { ...s, status: 'failure' }) !== false);
    if (afterFailure) report(['jobs', 'terraform', 'if'], `terraform may run on ${afterFailure.name} after a build leg failed (if: ${JSON.stringify(terraform.if)}): a failing test must stop the deploy`);
  }
  // Test and build commands, as the legs run them (the zip and image variants).
  const dotnetTestRe = /\bdotnet\s+test\b/;
  const isTestStep = (st: Step): boolean => dotnetTestRe.test(st.run ?? '') || (st.uses?.startsWith('docker/build-push-action@') === true && st.with?.target === 'test');
  for (const [jobId, job] of Object.entries(jobs)) {
    if (jobId === 'build') continue;
    const i = (job.steps ?? []).findIndex(isTestStep);
    if (i >= 0) report(['jobs', jobId, 'steps', i], `job ${jobId} runs the tests apart from the build legs: each leg must test its own function before it packages, so that no leg packages (and nothing deploys) what failed its tests`);
  }

  // Workflow-level concurrency must never cancel a run that may apply.
  const wfConcurrency = wf.concurrency as { 'cancel-in-progress'?: unknown } | string | undefined;
  if (wfConcurrency && typeof wfConcurrency === 'object') {
    for (const s of nonPr) {
      const v = evaluateField(wfConcurrency['cancel-in-progress'], s);
      if (v !== false && v !== null && v !== 'false') {
        report(['concurrency', 'cancel-in-progress'], `workflow concurrency cancels in-progress runs on ${s.name} (evaluates to ${show(v)})`);
      }
    }
  }

  // cancel-in-progress: true is only safe where two runs of one ref never share the group: a
  // group keyed by the run's own ID outside pull requests (the literal true is what checkov's
  // schema accepts). Evaluated for two runs (and every leg of a matrix job) on each event.
  const cancelling: Array<[Array<string | number>, string, unknown, Array<Record<string, unknown> | undefined>]> = [[['concurrency'], 'workflow', wf.concurrency, [undefined]]];
  for (const [jobId, job] of Object.entries(wf.jobs ?? {})) {
    const include = job.strategy?.matrix?.include;
    cancelling.push([['jobs', jobId, 'concurrency'], `job ${jobId}`, job.concurrency, Array.isArray(include) ? (include as Array<Record<string, unknown>>) : [undefined]]);
  }
  for (const [path, where, cc, legs] of cancelling) {
    if (!cc || typeof cc !== 'object') continue;
    const { group, 'cancel-in-progress': cancel } = cc as { group?: unknown; 'cancel-in-progress'?: unknown };
    for (const s of nonPr) {
      for (const leg of legs) {
        const run = (id: string): Scenario => ({ ...s, matrix: leg, known: { 'github.run_id': id } });
        const c = evaluateField(cancel, run('101'));
        if (c === false || c === null || c === 'false') continue;
        const a: Value = evaluateField(group, run('101'));
        const b: Value = evaluateField(group, run('102'));
        if (a === UNKNOWN || b === UNKNOWN || a === b) report(path, `${where} concurrency cancels in-progress runs on ${s.name}: two runs share the group ${show(a)}`);
      }
    }
  }

  const applySteps: Array<{ job: string; index: number }> = [];
  for (const [jobId, job] of Object.entries(jobs)) {
    if (job.uses) report(['jobs', jobId, 'uses'], `job ${jobId} calls a reusable workflow; only actions from ${allowedOwners.join(', ')} are allowed`);
    const steps = job.steps ?? [];
    const asBool = (v: Value): Value => (v === UNKNOWN ? UNKNOWN : truthy(v));
    // The job's `if:` sees how the jobs it needs ended; the step's, the steps before it.
    const jobRuns = (s: Scenario): Value => asBool(evaluateIf(job.if, s));
    const stepRuns = (step: Step, s: Scenario): Value => {
      const j = statuses.map((status) => jobRuns({ ...s, status }));
      if (j.every((v) => v === false)) return false;
      const v = asBool(evaluateIf(step.if, s));
      if (v === false) return false;
      return j.includes(true) && v === true ? true : UNKNOWN;
    };
    /** May the step run on `s`, in some outcome of what ran before? */
    const mayRun = (step: Step, s: Scenario): Value => reachable((x) => stepRuns(step, x), s);

    // Actions: allowed owners, exactly the versions table.
    steps.forEach((step, i) => {
      if (step.uses === undefined) return;
      const owner = step.uses.split('/')[0]!;
      if (!allowedOwners.includes(owner)) report(['jobs', jobId, 'steps', i, 'uses'], `${step.uses}: owner ${owner} is not one of ${allowedOwners.join(', ')}`);
      else if (!pinnedActions.has(step.uses)) report(['jobs', jobId, 'steps', i, 'uses'], `${step.uses} is not the version in generators/versions.ts`);
    });

    // OIDC: id-token: write exactly on the jobs that assume a role.
    const credSteps = steps.map((s, i) => [s, i] as const).filter(([s]) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'));
    const jobPerms = job.permissions as Record<string, string> | undefined;
    const idToken = jobPerms !== undefined && typeof jobPerms === 'object' && jobPerms['id-token'] === 'write';
    if (credSteps.length > 0 && !idToken) report(['jobs', jobId], `job ${jobId} assumes an AWS role but lacks permissions: id-token: write`);
    if (credSteps.length === 0 && idToken) report(['jobs', jobId, 'permissions'], `job ${jobId} has id-token: write but never assumes an AWS role`);
    if (jobPerms !== undefined) {
      for (const [scope, level] of Object.entries(jobPerms ?? {})) {
        if (!(scope === 'contents' && level === 'read') && !(scope === 'id-token' && level === 'write')) {
          report(['jobs', jobId, 'permissions', scope], `job ${jobId}: permission ${scope}: ${level} is not needed`);
        }
      }
    }
    for (const [step, i] of credSteps) {
      // The region is the project's repository variable (set from the bootstrap stack's output).
      const region = step.with?.['aws-region'];
      if (region !== regionVariable) report(['jobs', jobId, 'steps', i, 'with', 'aws-region'], `aws-region is ${JSON.stringify(region)}, expected ${regionVariable}`);
      for (const scenario of Object.values(scenarios)) {
        // The project's own variable names hold the roles (a subfolder project's end in its prefix).
        const s = { ...scenario, vars: projectVars };
        // Every event on which the step may run, whatever its condition (always(), failure(),
        // or one the evaluator can't know): a wrong role must not hide behind the `if:`.
        if (mayRun(step, s) === false) continue;
        const role = evaluateField(step.with?.['role-to-assume'], s);
        const expected = s.event === 'pull_request' ? 'PLAN_ROLE' : 'DEPLOY_ROLE';
        if (role !== expected) {
          report(['jobs', jobId, 'steps', i, 'with', 'role-to-assume'], `on ${s.name} role-to-assume evaluates to ${show(role)}, expected vars.${s.event === 'pull_request' ? ctx.variables.planRole : ctx.variables.deployRole}`);
        }
        // The `a && b || c` pitfall: an unset plan-role variable must not select the deploy role.
        if (s.event === 'pull_request') {
          const unset = evaluateField(step.with?.['role-to-assume'], { ...s, vars: { ...projectVars, [ctx.variables.planRole]: '' } });
          if (unset === 'DEPLOY_ROLE') report(['jobs', jobId, 'steps', i, 'with', 'role-to-assume'], `with ${ctx.variables.planRole} unset a pull request would assume the deploy role`);
        }
        // The deploy role trusts one subject: jobs in the production environment (the environment
        // gate), or runs for main that name no environment (the branch gate).
        const env = environmentName(job.environment, s);
        if (expected === 'DEPLOY_ROLE' && ctx.branchGate) {
          if (s.ref !== 'refs/heads/main' || (env !== null && env !== '')) {
            report(['jobs', jobId], `on ${s.name} job ${jobId} assumes the deploy role, which trusts only runs for main outside any environment (ref ${s.ref}, environment: ${show(env)})`);
          }
        } else if (expected === 'DEPLOY_ROLE' && env !== ctx.deployEnvironment) {
          report(['jobs', jobId, 'environment'], `on ${s.name} job ${jobId} assumes the deploy role outside the ${ctx.deployEnvironment} environment (environment: ${show(env)})`);
        }
      }
    }
    // Pull requests never run in an environment (the plan role trusts the pull_request subject).
    const prEnv = environmentName(job.environment, scenarios.pr);
    if (prEnv !== null && prEnv !== '') report(['jobs', jobId, 'environment'], `on pull_request job ${jobId} runs in environment ${show(prEnv)}`);

    // What writes: terraform apply/destroy, image pushes.
    steps.forEach((step, i) => {
      const run = step.run ?? '';
      if (/\bterraform\s+destroy\b/.test(run)) report(['jobs', jobId, 'steps', i, 'run'], 'the workflow must not run terraform destroy');
      const applies = /\bterraform\s+apply\b/.test(run);
      const pushes =
        step.uses?.startsWith('docker/build-push-action@') === true &&
        step.with?.target === undefined &&
        ((s: Scenario) => {
          const push = evaluateField(step.with?.push, s);
          const outputs = evaluateField(step.with?.outputs, s);
          if (push === UNKNOWN || outputs === UNKNOWN) return UNKNOWN;
          return (push !== null && truthy(push)) || /push=true|type=registry/.test(toStr(outputs ?? ''));
        });
      if (applies) applySteps.push({ job: jobId, index: i });
      const writes = (s: Scenario): Value => {
        const runs = s.status === undefined ? mayRun(step, s) : stepRuns(step, s);
        if (runs !== true) return runs;
        if (applies) return true;
        return pushes ? pushes(s) : false;
      };
      if (!applies && !pushes) return;
      const what = applies ? 'terraform apply' : 'image push';
      if (writes({ ...scenarios.pushMain, status: 'success' }) !== true && (applies ? ctx.ciDeploys : ctx.ciPushesImage)) report(['jobs', jobId, 'steps', i], `${what} does not run on push to main`);
      for (const s of notPushMain) {
        const v = writes(s);
        if (v !== false) report(['jobs', jobId, 'steps', i], `${what} ${v === UNKNOWN ? 'may run' : 'runs'} on ${s.name}; only a push to main may deploy`);
      }
      // A job that applies must not be cancellable, whatever run or ref started it.
      if (!applies) return;
      const cc = job.concurrency as { group?: unknown; 'cancel-in-progress'?: unknown } | string | undefined;
      if (!cc || typeof cc !== 'object') {
        report(['jobs', jobId], `job ${jobId} runs ${what} but has no job-level concurrency group with cancel-in-progress: false`);
      } else {
        const cancel = evaluateField(cc['cancel-in-progress'], scenarios.pushMain);
        if (cancel !== false && cancel !== null && cancel !== 'false') report(['jobs', jobId, 'concurrency'], `job ${jobId} runs ${what} but its concurrency may cancel it (${show(cancel)})`);
      }
    });

    // Terraform: no state lock on pull requests (the plan role cannot write the lock file).
    steps.forEach((step, i) => {
      if (!/\bterraform\s+plan\b/.test(step.run ?? '')) return;
      if (mayRun(step, scenarios.pr) !== false && !/-lock=false\b/.test(step.run ?? '')) {
        report(['jobs', jobId, 'steps', i, 'run'], 'terraform plan on pull requests needs -lock=false (the plan role only reads state)');
      }
    });
  }

  // Deploying at all: only with S3 state; with local state CI only checks.
  const allSteps = Object.entries(jobs).flatMap(([jobId, job]) => (job.steps ?? []).map((step, i) => ({ jobId, step, i })));
  const terraformRuns = (re: RegExp) => allSteps.filter(({ step }) => re.test(step.run ?? ''));
  if (ctx.ciDeploys) {
    if (applySteps.length === 0) report(['jobs', 'terraform'], 'no terraform apply step, though state is in S3');
    if (!terraformRuns(/\bterraform\s+plan\b/).some(({ step }) => evaluateIf(step.if, scenarios.pr) === true)) {
      report(['jobs', 'terraform'], 'no terraform plan runs on pull requests');
    }
  } else {
    for (const { jobId, i } of [...terraformRuns(/\bterraform\s+(plan|apply)\b/)]) {
      report(['jobs', jobId, 'steps', i], 'with local state CI must not plan or apply (the state would die with the runner)');
    }
  }
  for (const check of ['fmt -check', 'validate', 'test']) {
    if (!terraformRuns(new RegExp(`\\bterraform\\s+${check.replace(' ', '\\s+')}\\b`)).length) report(['jobs', 'terraform'], `no terraform ${check} step`);
  }
  if (terraform) {
    const wd = (terraform as { defaults?: { run?: { 'working-directory'?: string } } }).defaults?.run?.['working-directory'];
    if (wd !== 'infra') report(['jobs', 'terraform'], `terraform job must run in infra/, got ${JSON.stringify(wd ?? null)}`);
    const tfRunner = terraform['runs-on'];
    if (tfRunner !== ctx.terraformRunsOn) report(['jobs', 'terraform', 'runs-on'], `terraform runs-on ${JSON.stringify(tfRunner)}, expected ${ctx.terraformRunsOn}`);
    const init = terraformRuns(/\bterraform\s+init\b/)[0];
    if (!init) report(['jobs', 'terraform'], 'no terraform init step');
    else {
      const run = init.step.run ?? '';
      const backendFlags = run.match(/-backend-config=/g)?.length ?? 0;
      if (ctx.s3State) {
        for (const expected of [`key=${ctx.stateKey}`, 'region=$AWS_REGION']) {
          if (!run.includes(expected)) report(['jobs', 'terraform', 'steps', init.i, 'run'], `terraform init lacks -backend-config="${expected}"`);
        }
        const bucket = /-backend-config="?bucket=([^"\s]+)/.exec(run)?.[1] ?? '';
        const own = `vars.${ctx.variables.stateBucket}`;
        const named = (text: string): boolean => new RegExp(`${own.replace('.', '\\.')}\\b`).test(text);
        const fromVar = named(bucket) || (bucket.startsWith('$') && named(String(terraform.env?.[bucket.replace(/^\$\{?|\}$/g, '')] ?? '')));
        if (!fromVar) report(['jobs', 'terraform', 'steps', init.i, 'run'], `the state bucket must come from ${own}`);
      } else if (backendFlags > 0) {
        report(['jobs', 'terraform', 'steps', init.i, 'run'], 'local state takes no -backend-config');
      }
    }
    const setupTf = (terraform.steps ?? []).findIndex((s) => s.uses?.startsWith('hashicorp/setup-terraform@'));
    if (setupTf < 0) report(['jobs', 'terraform'], 'no hashicorp/setup-terraform step');
    else {
      const w = terraform.steps![setupTf]!.with ?? {};
      if (String(w.terraform_version) !== ctx.terraform.cliVersion) report(['jobs', 'terraform', 'steps', setupTf, 'with'], `terraform_version ${JSON.stringify(w.terraform_version)}, expected ${ctx.terraform.cliVersion}`);
      if (w.terraform_wrapper !== false) report(['jobs', 'terraform', 'steps', setupTf, 'with'], 'terraform_wrapper must be false');
    }
  }

  // Build runner: same architecture as the function (its legs also run the tests).
  for (const jobId of ['build'] as const) {
    const job = jobs[jobId];
    if (!job) continue;
    const runsOn = job['runs-on'];
    const labels = ([] as unknown[]).concat(runsOn ?? []).map((l) => String(l).toLowerCase());
    const want = answers.arch;
    if (answers.runner === 'self-hosted') {
      const archLabel = labels.find((l) => ['arm64', 'x64'].includes(l));
      if (!labels.includes('self-hosted')) report(['jobs', jobId, 'runs-on'], `runner is self-hosted but runs-on is ${JSON.stringify(runsOn)}`);
      else if (archLabel && (archLabel === 'arm64') !== (want === 'arm64')) report(['jobs', jobId, 'runs-on'], `runner label ${archLabel} does not match the function architecture ${want}`);
      else if (!archLabel) report(['jobs', jobId, 'runs-on'], `self-hosted runner not selected by architecture (${want === 'arm64' ? 'ARM64' : 'X64'})`);
    } else {
      const label = labels.length === 1 ? labels[0]! : '';
      const hostedArch = /^ubuntu-[\d.]+-arm$/.test(label) ? 'arm64' : /^ubuntu-([\d.]+|latest)$/.test(label) ? 'x86_64' : undefined;
      if (hostedArch === undefined) report(['jobs', jobId, 'runs-on'], `${jobId} runs-on ${JSON.stringify(runsOn)} is not a GitHub-hosted Ubuntu runner`);
      else if (hostedArch !== want) report(['jobs', jobId, 'runs-on'], `${jobId} runs on ${label} (${hostedArch}) but the function is ${want}`);
    }
  }

  const buildSteps = build?.steps ?? [];

  if (build) {
    // The matrix: exactly one leg per function, and nothing that multiplies the legs.
    const matrix = build.strategy?.matrix;
    const include = Array.isArray(matrix?.include) ? (matrix!.include as Array<Record<string, unknown>>) : [];
    if (!matrix || Object.keys(matrix).join(',') !== 'include') report(['jobs', 'build', 'strategy'], 'build needs strategy.matrix with only an include list (one leg per function; another dimension multiplies the legs)');
    const legs: Array<{ fn: (typeof ctx.functions)[number]; leg: Record<string, unknown>; at: number }> = [];
    for (const fn of ctx.functions) {
      const at = include.findIndex((leg) => leg.function === fn.name);
      if (at < 0) {
        report(['jobs', 'build', 'strategy', 'matrix', 'include'], `no build leg for function ${fn.name} (expected an include entry with function: ${fn.name})`);
        continue;
      }
      const leg = include[at]!;
      const want: Record<string, string> = {
        function: fn.name,
        artifact: fn.kebabName,
        ...(ctx.zip ? { project: fn.projectDir, ...(answers.tests ? { tests: fn.testProjectFile } : {}) } : {}),
      };
      if (JSON.stringify(leg) !== JSON.stringify(want)) report(['jobs', 'build', 'strategy', 'matrix', 'include', at], `build leg ${at + 1} is ${JSON.stringify(leg)}, expected ${JSON.stringify(want)}`);
      legs.push({ fn, leg, at });
    }
    include.forEach((leg, at) => {
      if (!ctx.functions.some((fn) => fn.name === leg.function)) report(['jobs', 'build', 'strategy', 'matrix', 'include', at], `build leg ${at + 1} builds ${JSON.stringify(leg.function ?? null)}, which is not a function of this repo`);
    });
    const onLeg = (leg: Record<string, unknown>, v: unknown, known: Record<string, Value> = {}): Value => evaluateField(v, { ...scenarios.pushMain, matrix: leg, known });
    const inProject = (p: string): string => (ctx.projectPrefix && p.startsWith(ctx.projectPrefix) ? p.slice(ctx.projectPrefix.length) : p);
    const tfSteps = terraform?.steps ?? [];

    // Tests (issue 24): every leg runs its own function's tests, on every event, before it
    // packages (zip) or builds its image. A failing test ends the leg: nothing after it runs,
    // and terraform, which needs every leg, does not either.
    const testAt = buildSteps.findIndex(isTestStep);
    const packsAt = ctx.zip
      ? buildSteps.findIndex((st) => packageCommand.test(st.run ?? ''))
      : buildSteps.findIndex((st) => st.uses?.startsWith('docker/build-push-action@') === true && st.with?.target === undefined);
    const packs = ctx.zip ? 'dotnet lambda package' : 'the image build';
    if (!answers.tests) {
      if (testAt >= 0) report(['jobs', 'build', 'steps', testAt], 'the build legs run tests, but the repo has no test projects (tests: false)');
    } else if (testAt < 0) {
      report(['jobs', 'build'], `the build legs never run the tests: each leg must run its function's tests before ${packs}`);
    } else {
      const t = buildSteps[testAt]!;
      const label = `"${t.name ?? 'dotnet test'}" (step ${testAt + 1})`;
      if (packsAt >= 0 && packsAt < testAt) {
        report(['jobs', 'build', 'steps', testAt], `the build legs package before testing: ${label} runs after ${packs} (step ${packsAt + 1}); each leg must test its function before it packages`);
      }
      if (continues(t['continue-on-error'])) report(['jobs', 'build', 'steps', testAt, 'continue-on-error'], `${label} has continue-on-error: a failing test would not stop the leg`);
      const skipped = Object.values(scenarios).find((s) => evaluateIf(t.if, { ...s, status: 'success' }) !== true);
      if (skipped) report(['jobs', 'build', 'steps', testAt, 'if'], `${label} may not run on ${skipped.name} (if: ${JSON.stringify(t.if)}): every leg tests, on every event`);
      buildSteps.forEach((st, i) => {
        if (i <= testAt) return;
        const after = Object.values(scenarios).find((s) => evaluateIf(st.if, { ...s, status: 'failure' }) !== false);
        if (after) report(['jobs', 'build', 'steps', i, 'if'], `step "${st.name ?? i + 1}" may run on ${after.name} after the tests failed (if: ${JSON.stringify(st.if)})`);
      });
      if (!ctx.zip && t.with?.platforms !== ctx.dockerPlatform) report(['jobs', 'build', 'steps', testAt, 'with'], `test stage platform ${JSON.stringify(t.with?.platforms)}, expected ${ctx.dockerPlatform}`);
      const wd = String(t['working-directory'] ?? build.defaults?.run?.['working-directory'] ?? '.');
      for (const { fn, leg } of legs) {
        if (ctx.zip) {
          const env = Object.fromEntries(Object.entries(t.env ?? {}).map(([k, v]) => [k, String(onLeg(leg, v))]));
          const run = String(onLeg(leg, t.run)).replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (m, k: string) => env[k] ?? m);
          const named = /\bdotnet\s+test\s+"?([^"\s]+)"?/.exec(run)?.[1];
          const tested = named === undefined ? undefined : inProject(posix.normalize(posix.join(wd, named)));
          if (tested !== fn.testProjectFile) {
            report(['jobs', 'build', 'steps', testAt, 'run'], `leg ${fn.name}: dotnet test runs ${JSON.stringify(tested ?? null)}, expected its own function's test project ${fn.testProjectFile}`);
          }
        } else {
          const args = String(onLeg(leg, t.with?.['build-args'] ?? '')).split('\n').map((x) => x.trim());
          if (!args.includes(`FUNCTION=${fn.name}`)) {
            report(['jobs', 'build', 'steps', testAt, 'with'], `leg ${fn.name}: the test stage gets build-args ${JSON.stringify(args.filter(Boolean))}, expected FUNCTION=${fn.name} (its own function's tests)`);
          }
        }
      }
    }

    /** Where the terraform job's download-artifact steps put `file` of artifact `name` (repo-relative), if one takes it. */
    const landing = (name: string, file: string): string | undefined => {
      for (const step of tfSteps) {
        if (!step.uses?.startsWith('actions/download-artifact@')) continue;
        const w = step.with ?? {};
        const pattern = w.pattern === undefined ? undefined : new RegExp(`^${String(w.pattern).split('*').map((x) => x.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
        const byName = w.name !== undefined && w.name === name;
        if (!byName && !(pattern?.test(name) && w.name === undefined)) continue;
        const dir = inProject(String(evaluateField(w.path ?? '.', scenarios.pushMain)));
        // A single artifact by name, or several merged, land in path; otherwise each in path/<name>/.
        const merged = byName || w['merge-multiple'] === true || w['merge-multiple'] === 'true';
        return posix.normalize(merged ? posix.join(dir, file) : posix.join(dir, name, file));
      }
      return undefined;
    };

    if (ctx.zip) {
      const dotnet = buildSteps.findIndex((st) => st.uses?.startsWith('actions/setup-dotnet@'));
      if (dotnet < 0) report(['jobs', 'build'], 'no actions/setup-dotnet step');
      else {
        const installed = String(buildSteps[dotnet]!.with?.['dotnet-version']).split('\n').map((v) => v.trim()).filter(Boolean);
        if (installed.join(',') !== ctx.dotnetVersions.join(',')) report(['jobs', 'build', 'steps', dotnet, 'with'], `dotnet-version ${JSON.stringify(installed)}, expected ${JSON.stringify(ctx.dotnetVersions)}`);
      }
      // Each leg: packaged to its function's packageFile, uploaded under a name of its own,
      // downloaded by the terraform job to exactly that path.
      const pkg = buildSteps.findIndex((st) => packageCommand.test(st.run ?? ''));
      const upI = buildSteps.findIndex((st) => st.uses?.startsWith('actions/upload-artifact@'));
      if (pkg < 0) report(['jobs', 'build'], 'no dotnet lambda package step');
      if (upI < 0) report(['jobs', 'build'], 'no upload-artifact step');
      if (!tfSteps.some((st) => st.uses?.startsWith('actions/download-artifact@'))) report(['jobs', 'terraform'], 'no download-artifact step');
      const names = new Map<string, string>();
      for (const { fn, leg } of legs) {
        if (pkg < 0 || upI < 0) break;
        const step = buildSteps[pkg]!;
        const run = String(onLeg(leg, step.run));
        const out = /--output-package\s+"?([^"\s]+)"?/.exec(run)?.[1] ?? '';
        const written = inProject(out.replace(/^\$\{?GITHUB_WORKSPACE\}?\//, ''));
        if (written !== fn.packageFile) report(['jobs', 'build', 'steps', pkg, 'run'], `leg ${fn.name}: dotnet lambda package writes ${JSON.stringify(out)}, expected $GITHUB_WORKSPACE/${ctx.projectPrefix}${fn.packageFile}`);
        const wd = inProject(String(onLeg(leg, step['working-directory'] ?? '.')));
        if (wd !== fn.projectDir) report(['jobs', 'build', 'steps', pkg], `leg ${fn.name}: dotnet lambda package runs in ${JSON.stringify(wd)}, expected ${fn.projectDir}`);
        if (!new RegExp(`--function-architecture\\s+${answers.arch}\\b`).test(run)) report(['jobs', 'build', 'steps', pkg, 'run'], `dotnet lambda package must pass --function-architecture ${answers.arch}`);
        const up = buildSteps[upI]!;
        if (up.with?.['if-no-files-found'] !== 'error') report(['jobs', 'build', 'steps', upI, 'with'], 'upload-artifact needs if-no-files-found: error');
        const name = String(onLeg(leg, up.with?.name));
        if (names.has(name)) report(['jobs', 'build', 'steps', upI, 'with', 'name'], `legs ${names.get(name)} and ${fn.name} upload the same artifact ${JSON.stringify(name)} (each leg needs its own)`);
        names.set(name, fn.name);
        // A folder uploads what is under it; a file uploads itself at the artifact's root.
        const upPath = inProject(String(onLeg(leg, up.with?.path)).replace(/\/$/, ''));
        const inArtifact = upPath === written ? posix.basename(written) : written.startsWith(`${upPath}/`) ? written.slice(upPath.length + 1) : undefined;
        if (inArtifact === undefined) {
          report(['jobs', 'build', 'steps', upI, 'with', 'path'], `leg ${fn.name}: uploads ${JSON.stringify(upPath)}, which does not hold the package ${written}`);
          continue;
        }
        const landed = landing(name, inArtifact);
        if (landed === undefined) report(['jobs', 'terraform'], `no download-artifact step takes artifact ${JSON.stringify(name)} of leg ${fn.name}`);
        else if (inProject(landed) !== fn.packageFile) {
          report(['jobs', 'terraform'], `the package of ${fn.name} lands in ${landed}, but its module reads ${fn.packageFile} (artifact ${name} holds ${inArtifact})`);
        }
      }
      // Issue 31: each leg rewrites the package the tool wrote, before uploading it, with the
      // repo's normalization script; otherwise every build is a new package, and every push
      // redeploys every function. Run in every event: a pull request's plan compares the same bytes.
      const script = posix.basename(ctx.normalizeScript);
      const norm = buildSteps.findIndex((st) => new RegExp(`\\bsh\\s+\\S*${escapeRe(script)}\\b`).test(st.run ?? ''));
      if (norm < 0) report(['jobs', 'build'], `no step runs ${ctx.normalizeScript} on the package: the tool's zip records build times, so every build would redeploy every function`);
      else {
        const step = buildSteps[norm]!;
        if (pkg >= 0 && norm < pkg) report(['jobs', 'build', 'steps', norm], `${ctx.normalizeScript} runs before dotnet lambda package writes the package`);
        if (upI >= 0 && norm > upI) report(['jobs', 'build', 'steps', norm], `${ctx.normalizeScript} runs after the package is uploaded`);
        if (step.if !== undefined) report(['jobs', 'build', 'steps', norm, 'if'], `${ctx.normalizeScript} must run whenever the package step does (it has if: ${JSON.stringify(step.if)})`);
        const wd = String(step['working-directory'] ?? build.defaults?.run?.['working-directory'] ?? '.');
        for (const { fn, leg } of legs) {
          const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, String(onLeg(leg, v))]));
          const run = String(onLeg(leg, step.run)).replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (m, k: string) => env[k] ?? m);
          const args = new RegExp(`\\bsh\\s+(\\S*${escapeRe(script)})\\s+"?([^"\\s]+)"?\\s*$`).exec(run.trim());
          const at = (p: string) => inProject(posix.normalize(posix.join(wd, p)));
          if (!args) report(['jobs', 'build', 'steps', norm, 'run'], `leg ${fn.name}: ${JSON.stringify(run)} does not name one package for ${ctx.normalizeScript}`);
          else {
            if (at(args[1]!) !== ctx.normalizeScript) report(['jobs', 'build', 'steps', norm, 'run'], `leg ${fn.name}: runs ${at(args[1]!)}, expected the repo's ${ctx.normalizeScript}`);
            if (at(args[2]!) !== fn.packageFile) report(['jobs', 'build', 'steps', norm, 'run'], `leg ${fn.name}: normalizes ${at(args[2]!)}, but the package is ${fn.packageFile}`);
          }
        }
      }
    } else {
      // Image: built for the function's platform, without attestations, tagged per function.
      const images = buildSteps.map((st, i) => [st, i] as const).filter(([st]) => st.uses?.startsWith('docker/build-push-action@') && st.with?.target === undefined);
      if (images.length !== 1) report(['jobs', 'build'], `expected one image build step, found ${images.length}`);
      for (const [st, i] of images) {
        if (st.with?.platforms !== ctx.dockerPlatform) report(['jobs', 'build', 'steps', i, 'with'], `image platform ${JSON.stringify(st.with?.platforms)}, expected ${ctx.dockerPlatform}`);
        if (st.with?.provenance !== false) report(['jobs', 'build', 'steps', i, 'with'], 'provenance: false is required (Lambda rejects image indexes)');
        // Issue 31: a fixed SOURCE_DATE_EPOCH (never an expression, such as the commit's time) and
        // rewrite-timestamp, so the digest depends only on the content.
        const epoch = st.env?.SOURCE_DATE_EPOCH;
        if (epoch === undefined || !/^\d+$/.test(String(epoch))) report(['jobs', 'build', 'steps', i], `SOURCE_DATE_EPOCH is ${JSON.stringify(epoch ?? null)}, expected a fixed number: otherwise the image's timestamps, and so its digest, change on every build`);
        for (const s of [scenarios.pushMain, scenarios.pr]) {
          const outputs = String(evaluateField(st.with?.outputs, s)).split(',').map((x) => x.trim());
          if (!outputs.includes('rewrite-timestamp=true')) report(['jobs', 'build', 'steps', i, 'with', 'outputs'], `on ${s.name} the image output is ${JSON.stringify(outputs.join(','))}, without rewrite-timestamp=true: the files of the new layer keep their build times`);
        }
        for (const { fn, leg } of legs) {
          const args = String(onLeg(leg, st.with?.['build-args'] ?? '')).split('\n').map((x) => x.trim());
          if (!args.includes(`FUNCTION=${fn.name}`)) report(['jobs', 'build', 'steps', i, 'with'], `leg ${fn.name}: the image build passes build-args ${JSON.stringify(args.filter(Boolean))}, expected FUNCTION=${fn.name}`);
          const tag = String(onLeg(leg, st.with?.tags, { 'steps.ecr.outputs.registry': 'REGISTRY', 'github.sha': 'SHA' }));
          if (!new RegExp(`(^|/)${escapeRe(ctx.ecrRepository)}:${escapeRe(fn.kebabName)}_SHA$`).test(tag)) {
            report(['jobs', 'build', 'steps', i, 'with', 'tags'], `leg ${fn.name}: image tag ${JSON.stringify(tag)}, expected ${ctx.ecrRepository}:${fn.kebabName}_<commit SHA>`);
          }
        }
      }
      const tfEnv = terraform?.env ?? {};
      if ('TF_VAR_image_digest' in tfEnv) report(['jobs', 'terraform', 'env'], 'TF_VAR_image_digest: a matrix job output keeps one leg\'s value; every digest reaches Terraform in TF_VAR_image_digests');
      if (ctx.ciPushesImage && images.length === 1 && terraform) {
        const found = digestsReachingTerraform(build, terraform, legs.map(({ leg }) => leg), images[0]![0].id ?? '');
        const expected = Object.fromEntries(legs.map(({ fn }, n) => [fn.kebabName, fakeDigest(n)]));
        if (typeof found === 'string') report(['jobs', 'terraform'], `image digests: ${found}`);
        else if (JSON.stringify(Object.entries(found).sort()) !== JSON.stringify(Object.entries(expected).sort())) {
          report(['jobs', 'terraform'], `TF_VAR_image_digests is ${JSON.stringify(found)} when the legs build ${JSON.stringify(expected)} (expected every function's digest under its kebab name)`);
        }
      }
    }
  }
  return problems;
}

const escapeRe = (x: string): string => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const fakeDigest = (n: number): string => `sha256:${String(n).repeat(64).slice(0, 64)}`;

/**
 * Runs the digest hand-over for real: each leg's `run:` steps (with its matrix values and a
 * digest of its own as the image step's output) in a scratch RUNNER_TEMP, its upload-artifact
 * steps collected as artifacts, the terraform job's download-artifact steps applied with their
 * name/pattern/merge-multiple semantics, then the terraform job's steps that write $GITHUB_ENV.
 * Returns the TF_VAR_image_digests map they produce, or what went wrong.
 */
function digestsReachingTerraform(build: Job, terraform: Job, legs: Array<Record<string, unknown>>, imageStep: string): Record<string, string> | string {
  const root = mkdtempSync(join(tmpdir(), 'digests-'));
  const bash = (script: string, cwd: string, env: Record<string, string>): void => {
    mkdirSync(cwd, { recursive: true });
    execFileSync('bash', ['-e', '-c', script], { cwd, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }, stdio: 'pipe' });
  };
  const filesUnder = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)).map((f) => posix.join(e.name, f)) : [e.name]));
  try {
    const artifacts = new Map<string, Array<{ rel: string; abs: string }>>();
    for (const [n, leg] of legs.entries()) {
      const temp = join(root, `leg-${n}`, 'temp');
      const workspace = join(root, `leg-${n}`, 'workspace');
      mkdirSync(temp, { recursive: true });
      const scenario: Scenario = { ...scenarios.pushMain, matrix: leg, known: { 'runner.temp': temp, [`steps.${imageStep}.outputs.digest`]: fakeDigest(n), 'github.sha': 'SHA' } };
      for (const step of build.steps ?? []) {
        const field = (v: unknown): string => {
          const value = evaluateField(v, scenario);
          if (value === UNKNOWN) throw new Error(`cannot evaluate ${JSON.stringify(v)} in leg ${JSON.stringify(leg)}`);
          return toStr(value);
        };
        if (typeof step.run === 'string') {
          const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, field(v)]));
          try {
            bash(field(step.run), workspace, { ...env, RUNNER_TEMP: temp });
          } catch (error) {
            return `step "${step.name ?? step.run}" of leg ${JSON.stringify(leg)} fails: ${String((error as { stderr?: Buffer }).stderr ?? error).trim()}`;
          }
        }
        if (step.uses?.startsWith('actions/upload-artifact@')) {
          const name = field(step.with?.name);
          const at = resolve(workspace, field(step.with?.path));
          let files: Array<{ rel: string; abs: string }>;
          try {
            files = filesUnder(at).map((rel) => ({ rel, abs: join(at, rel) }));
          } catch {
            files = [{ rel: posix.basename(at), abs: at }];
          }
          try {
            for (const f of files) readFileSync(f.abs);
          } catch {
            return `leg ${JSON.stringify(leg)} uploads ${JSON.stringify(field(step.with?.path))}, which its steps did not write`;
          }
          if (artifacts.has(name)) return `two legs upload the artifact ${JSON.stringify(name)}`;
          artifacts.set(name, files);
        }
      }
    }
    const temp = join(root, 'terraform', 'temp');
    const workspace = join(root, 'terraform', 'workspace');
    mkdirSync(temp, { recursive: true });
    const envFile = join(root, 'terraform', 'github_env');
    writeFileSync(envFile, '');
    const scenario: Scenario = { ...scenarios.pushMain, known: { 'runner.temp': temp } };
    const jobDir = (terraform as { defaults?: { run?: { 'working-directory'?: string } } }).defaults?.run?.['working-directory'] ?? '.';
    for (const step of terraform.steps ?? []) {
      if (step.uses?.startsWith('actions/download-artifact@')) {
        const w = step.with ?? {};
        const dir = resolve(workspace, toStr(evaluateField(w.path ?? '.', scenario) as string));
        const glob = w.pattern === undefined ? undefined : new RegExp(`^${String(w.pattern).split('*').map(escapeRe).join('.*')}$`);
        for (const [name, files] of artifacts) {
          const byName = w.name === name;
          if (!byName && !(w.name === undefined && glob?.test(name))) continue;
          const merged = byName || w['merge-multiple'] === true;
          for (const f of files) {
            const to = merged ? join(dir, f.rel) : join(dir, name, f.rel);
            mkdirSync(posix.dirname(to), { recursive: true });
            copyFileSync(f.abs, to);
          }
        }
      } else if (typeof step.run === 'string' && /GITHUB_ENV/.test(step.run) && !/\bterraform\b/.test(step.run)) {
        try {
          bash(toStr(evaluateField(step.run, scenario) as string), resolve(workspace, String(step['working-directory'] ?? jobDir)), { RUNNER_TEMP: temp, GITHUB_ENV: envFile });
        } catch (error) {
          return `step "${step.name ?? step.run}" of the terraform job fails: ${String((error as { stderr?: Buffer }).stderr ?? error).trim()}`;
        }
      }
    }
    const line = readFileSync(envFile, 'utf8').split('\n').find((l) => l.startsWith('TF_VAR_image_digests='));
    if (line === undefined) return 'no step of the terraform job sets TF_VAR_image_digests';
    try {
      const map: unknown = JSON.parse(line.slice('TF_VAR_image_digests='.length));
      if (map === null || typeof map !== 'object' || Array.isArray(map)) return `TF_VAR_image_digests is not a JSON object: ${line}`;
      return map as Record<string, string>;
    } catch {
      return `TF_VAR_image_digests is not JSON: ${line}`;
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------
// shellcheck over every `run:` script

/**
 * Lowest shellcheck severity that fails: error (syntax, certain breakage), warning (likely bugs)
 * and info (notably SC2086, an unquoted expansion that splits or globs a value with spaces) all
 * describe what a script does wrong. Style findings (e.g. SC2129, group redirects) are
 * preferences about scripts that work, so they are not defects of the emitted workflow.
 */
export const shellcheckSeverity = 'info';

const placeholder = (expression: string): string => '_'.repeat(expression.length);

interface Script {
  job: string;
  index: number;
  shell: 'bash' | 'sh';
  /** Lines prepended to reproduce the runner's options (`set -e`…), left out of line numbers. */
  prelude: string[];
  body: string;
  line: number;
}

/** The runner's command line for a step's shell, as the script sees it, or undefined when not sh/bash. */
function shellOf(shell: unknown): { shell: 'bash' | 'sh'; prelude: string[] } | undefined {
  // Unspecified on Linux: `bash -e {0}`; `bash`: `bash --noprofile --norc -eo pipefail {0}`; `sh`: `sh -e {0}`.
  if (shell === undefined) return { shell: 'bash', prelude: ['set -e'] };
  if (shell === 'bash') return { shell: 'bash', prelude: ['set -eo pipefail'] };
  if (shell === 'sh') return { shell: 'sh', prelude: ['set -e'] };
  const custom = /^(bash|sh)\b([^{]*)\{0\}\s*$/.exec(String(shell));
  if (custom) {
    const flags = custom[2]!.match(/(?:^|\s)-[a-z]*[eo][a-z]*(?:\s+pipefail)?/g)?.join(' ').trim();
    return { shell: custom[1] as 'bash' | 'sh', prelude: flags ? [`set ${flags}`] : [] };
  }
  return undefined;
}

const shellcheckCache = new Map<string, Promise<string[]>>();

/**
 * shellcheck findings for every `run:` script of the workflow at `path`, as `path:line: …`.
 * `${{ }}` expressions are replaced by a same-length placeholder first (GitHub substitutes
 * them before the shell runs). A missing venv is a problem, never a silent pass.
 */
export async function shellProblems(path: string, text: string): Promise<string[]> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) return []; // checkWorkflow reports YAML errors
  const wf = doc.toJS() as { defaults?: { run?: { shell?: unknown } }; jobs?: Record<string, Job & { defaults?: { run?: { shell?: unknown } } }> };
  const scripts: Script[] = [];
  const problems: string[] = [];
  for (const [jobId, job] of Object.entries(wf.jobs ?? {})) {
    (job.steps ?? []).forEach((step, i) => {
      if (typeof step.run !== 'string') return;
      const node = doc.getIn(['jobs', jobId, 'steps', i, 'run'], true) as { range?: [number, number, number]; type?: string } | undefined;
      const at = node?.range ? lineCounter.linePos(node.range[0]).line : 1;
      // A block scalar's text starts on the line after its indicator.
      const line = node?.type === 'BLOCK_LITERAL' || node?.type === 'BLOCK_FOLDED' ? at + 1 : at;
      const requested = (step as { shell?: unknown }).shell ?? job.defaults?.run?.shell ?? wf.defaults?.run?.shell;
      const shell = shellOf(requested);
      if (!shell) {
        problems.push(`${path}:${at}: run: script with shell ${JSON.stringify(requested)} cannot be checked (only bash and sh scripts are emitted and checked)`);
        return;
      }
      scripts.push({ job: jobId, index: i, ...shell, body: step.run.replace(/\$\{\{[\s\S]*?\}\}/g, placeholder), line });
    });
  }
  if (scripts.length === 0) return problems;
  const key = JSON.stringify(scripts.map((s) => [s.shell, s.prelude, s.body]));
  let findings = shellcheckCache.get(key);
  if (!findings) {
    findings = runShellcheck(scripts);
    shellcheckCache.set(key, findings);
  }
  const found = await findings;
  return [...problems, ...found.map((f) => f.replace(/^@(\d+):(\d+):/, (_m, n: string, l: string) => `${path}:${scripts[Number(n)]!.line + Number(l) - 1}:`))];
}

async function runShellcheck(scripts: Script[]): Promise<string[]> {
  let shellcheck: string;
  try {
    shellcheck = (await pythonTools()).bin('shellcheck');
  } catch (error) {
    return [`@0:1: shellcheck cannot run, so the run: scripts are unchecked: ${(error as Error).message}`];
  }
  const dir = await mkdtemp(join(tmpdir(), 'shellcheck-'));
  try {
    const files = await Promise.all(
      scripts.map(async (s, n) => {
        const file = join(dir, `${n}.sh`);
        await writeFile(file, [...s.prelude, s.body].join('\n'));
        return file;
      }),
    );
    const out: string[] = [];
    for (const shell of ['bash', 'sh'] as const) {
      const mine = files.filter((_f, n) => scripts[n]!.shell === shell);
      if (mine.length === 0) continue;
      const result = await execa(shellcheck, ['--format=json1', `--shell=${shell}`, `--severity=${shellcheckSeverity}`, ...mine], { reject: false });
      let report: { comments: Array<{ file: string; line: number; level: string; code: number; message: string }> };
      try {
        report = JSON.parse(result.stdout);
      } catch {
        return [`@0:1: shellcheck failed (exit ${result.exitCode}): ${result.stderr.trim().split('\n').slice(-3).join(' / ')}`];
      }
      for (const c of report.comments) {
        const n = files.indexOf(c.file);
        const s = scripts[n]!;
        const line = c.line - s.prelude.length;
        out.push(`@${n}:${Math.max(line, 1)}: shellcheck SC${c.code} (${c.level}) in job ${s.job} step ${s.index + 1}: ${c.message}`);
      }
    }
    return out;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// Two projects of one repository on one emulator (issue 23, item 3): each bootstrapped (the
// second reusing the account's GitHub OIDC provider, as setup.sh does), each deployed with its
// own roles through its own environment, then every call one project's Terraform made is
// evaluated again as the other project's roles: whatever touched the first project's state or
// functions must be denied to the second's. Both destroy, and nothing of either may be left.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deployEnvironment } from '../../generators/context.js';
import { assume, githubClaims, ourRepo } from '../support/iam.js';
import { leftovers } from './admin.js';
import { bootstrapAndTrust, firstDeploy, github } from './rehearse.js';
import { NoRule, iamRequests } from './requests.js';
import { decideRequest, destroyEnding, Session } from './session.js';
import { environmentPolicyProblems, trustProblems } from './trust.js';

export interface ProjectsResult {
  ok: boolean;
  /** The seeded fault: the second project's setup.sh given the first one's variable names.
   * What the variables check says then (it must name the step). */
  seeded: string[];
  /** Projects whose roles were denied everything of the other project's that was checked. */
  isolated: number;
  /** Requests of one project re-evaluated as the other's roles (state, functions). */
  crossChecked: number;
  denied: string[];
  failures: string[];
  notes: string[];
  seconds: number;
  summary: string;
}

/** Whether an IAM request's resource belongs to `s`'s project: its state bucket (and key) or its functions. */
function ownedBy(s: Session, resource: string): 'state' | 'function' | undefined {
  if (s.stateBucket && resource.startsWith(`arn:${s.scope.partition}:s3:::${s.stateBucket}`)) return 'state';
  if (new RegExp(`:function:${s.answers.prefix}(-[^:]*)?(:|$)`).test(resource)) return 'function';
  return undefined;
}

/** Every recorded call of `from` that reaches its state or functions, as `to`'s plan and deploy
 * roles: each must be denied. Also as `from`'s own deploy role, where some must be allowed (a
 * check of requests nobody may make would prove nothing). */
async function crossProblems(from: Session, to: Session): Promise<{ problems: string[]; checked: number; ownAllowed: Record<string, number> }> {
  const problems: string[] = [];
  const ownAllowed: Record<string, number> = { state: 0, function: 0 };
  let checked = 0;
  const seen = new Set<string>();
  const theirs = to.roles();
  const own = from.roles();
  for (const call of from.recorded) {
    let requests;
    try {
      requests = iamRequests(call, from.scope);
    } catch (error) {
      if (error instanceof NoRule) continue; // already a failure of `from`'s own evaluation
      throw error;
    }
    for (const request of requests) {
      const kind = ownedBy(from, request.resource);
      const key = `${request.action} ${request.resource}`;
      if (!kind || seen.has(key)) continue;
      seen.add(key);
      checked++;
      for (const [which, role] of Object.entries(theirs)) {
        if ((await decideRequest(role, request, from.scope.account)) === 'Allowed') {
          problems.push(`isolation: ${to.answers.prefix}'s ${which} role may ${request.action} on ${request.resource} (${from.answers.prefix}'s ${kind}), for ${request.call}`);
        }
      }
      if ((await decideRequest(own.deploy, request, from.scope.account)) === 'Allowed') ownAllowed[kind]!++;
    }
  }
  for (const kind of ['state', 'function']) {
    if (ownAllowed[kind] === 0) problems.push(`isolation: no recorded request of ${from.answers.prefix} on its ${kind} is allowed to its own deploy role, so the check denies nothing real`);
  }
  return { problems, checked, ownAllowed };
}

/** A project as its pipeline finds it on GitHub: what its setup.sh sets and its workflow reads. */
export interface Pipeline {
  path: string;
  session: Session;
  setup: string;
  workflow: string;
}

/**
 * Runs the projects' setup.sh in order as far as GitHub's variables go (each `gh variable set
 * NAME … --body "$OUTPUT"` stores that project's bootstrap output under NAME, the last write
 * winning, names compared without case as GitHub does), then resolves every `vars.NAME` each
 * workflow reads. A value another project's script wrote is a problem naming that script; a
 * role of the other project is then tried on the project's recorded calls, to say what its
 * deploy would meet.
 */
export async function pipelineProblems(pipelines: Pipeline[]): Promise<string[]> {
  const values = new Map<string, { by: Pipeline; value: string }>();
  for (const p of pipelines) {
    const roles = p.session.roles();
    const outputs: Record<string, string> = { REGION: p.session.answers.region, DEPLOY_ROLE_ARN: roles.deploy.arn, PLAN_ROLE_ARN: roles.plan.arn, STATE_BUCKET: p.session.stateBucket ?? '' };
    for (const m of p.setup.matchAll(/^gh variable set (\S+) .*--body "\$([A-Z_]+)"/gm)) values.set(m[1]!.toUpperCase(), { by: p, value: outputs[m[2]!] ?? `(unknown output ${m[2]})` });
  }
  const problems: string[] = [];
  for (const p of pipelines) {
    const reads = [...new Set([...p.workflow.matchAll(/\bvars\.([A-Za-z0-9_]+)/g)].map((m) => m[1]!))];
    if (reads.length === 0) problems.push(`${p.path}: its workflow reads no repository variables`);
    for (const name of reads) {
      const set = values.get(name.toUpperCase());
      if (!set) {
        problems.push(`${p.path}: its workflow reads vars.${name}, which no setup.sh sets`);
        continue;
      }
      if (set.by === p) continue;
      const foreign = Object.values(set.by.session.roles()).find((r) => r.arn === set.value);
      let consequence = '';
      if (foreign) {
        let denied = 0;
        for (const call of p.session.recorded) {
          const requests = (() => {
            try {
              return iamRequests(call, p.session.scope);
            } catch {
              return [];
            }
          })();
          for (const request of requests) if ((await decideRequest(foreign, request, p.session.scope.account)) !== 'Allowed') denied++;
        }
        consequence = `: its pipeline would run as ${foreign.name}, which is denied ${denied} of the requests its own Terraform made`;
      }
      problems.push(`setup.sh of ${set.by.path}: sets vars.${name}, which the workflow of ${p.path} reads, to ${set.value}${consequence}`);
    }
  }
  return problems;
}

export async function rehearseProjects(root: string, paths: [string, string], options: { log?: (line: string) => void } = {}): Promise<ProjectsResult> {
  const started = performance.now();
  const log = (name: string) => (line: string) => options.log?.(`${name}: ${line}`);
  const a = await Session.open(join(root, paths[0]), { log: log(paths[0]) });
  const failures: string[] = [];
  const notes: string[] = [];
  let b: Session | undefined;
  let isolated = 0;
  let crossChecked = 0;
  let end: { destroyed: boolean; left: string[] } | undefined;
  let seeded: string[] = [];
  const pathOf = (s: Session): string => paths[s === a ? 0 : 1];
  try {
    b = await Session.open(join(root, paths[1]), { log: log(paths[1]), moto: a.moto });
    const both = [a, b] as const;
    // 1. Bootstraps: the first creates the OIDC provider, the second reuses it (setup.sh looks it up).
    await bootstrapAndTrust(a, { bothSubjectFormats: false });
    await b.applyBootstrap(github, [`-var=existing_oidc_provider_arn=${a.oidcProvider}`]);
    b.oidcProvider = a.oidcProvider;
    const env = (s: Session) => deployEnvironment({ repoPath: s.answers.repoPath, prefix: s.answers.prefix });
    b.failures.push(...trustProblems(b.roles(), 'classic', b.oidcProvider, env(b), b.answers.deployGate));
    // Each deploy role trusts its own project's environment only.
    for (const [x, y] of [[a, b], [b, a]] as const) {
      const claims = githubClaims(ourRepo, { kind: 'environment', name: env(y) }, 'classic');
      if (assume(x.roles().deploy, claims, a.oidcProvider) === 'Allowed') failures.push(`trust: a job in ${env(y)} (${y.answers.prefix}) may assume ${x.answers.prefix}'s deploy role`);
    }
    // 2. Both first deploys at once, each with its own roles, on the one emulator.
    await Promise.all(both.map((s) => firstDeploy(s)));
    // 3. Each project's calls as the other project's roles.
    for (const [x, y] of [[a, b], [b, a]] as const) {
      const cross = await crossProblems(x, y);
      crossChecked += cross.checked;
      failures.push(...cross.problems);
      notes.push(`${x.answers.prefix}: ${cross.checked} requests on its state and functions re-evaluated as ${y.answers.prefix}'s roles (its own deploy role allowed ${cross.ownAllowed.state} on state, ${cross.ownAllowed.function} on functions)`);
      if (cross.problems.length === 0) isolated++;
    }
    // 4. GitHub's variables as both setup.sh leave them: each workflow must find its own
    // project's roles, bucket and region. Seeded: the second script with the first's names.
    const pipelines = both.map((s) => ({
      path: pathOf(s),
      session: s,
      setup: readFileSync(join(s.scratch, 'infra/bootstrap/setup.sh'), 'utf8'),
      workflow: readFileSync(join(root, '.github/workflows', `${s.answers.prefix}.yml`), 'utf8'),
    }));
    failures.push(...(await pipelineProblems(pipelines)));
    const [first, second] = pipelines as [Pipeline, Pipeline];
    const theirNames = (text: string) => text.replace(new RegExp(`_${second.session.answers.prefix.toUpperCase()} `, 'g'), `_${first.session.answers.prefix.toUpperCase()} `);
    seeded = await pipelineProblems([first, { ...second, setup: theirNames(second.setup) }]);
    // The environment each deploys from admits only main (setup.sh creates it so).
    for (const p of pipelines) failures.push(...environmentPolicyProblems(p.setup, env(p.session)).map((e) => `${p.path}: ${e}`));
    // 5. Both destroy; then nothing either made may be left, beside both bootstraps.
    const destroys = await Promise.all(both.map((s) => s.infra(s.roles().deploy, 'destroy', ['destroy', '-auto-approve', '-input=false'])));
    destroys.forEach((d, i) => {
      if (d.exitCode !== 0) failures.push(`destroy of ${both[i]!.answers.prefix} failed`);
    });
    if (destroys.every((d) => d.exitCode === 0)) {
      const kept = { roles: new Set([...a.kept.roles, ...b.kept.roles]), buckets: new Set([...a.kept.buckets, ...b.kept.buckets]) };
      const left = await leftovers(a.a, { kept, prefix: a.answers.prefix });
      failures.push(...left.map((l) => `left after destroy: ${l}`));
      end = { destroyed: true, left };
    }
  } catch (error) {
    failures.push((error as Error).message);
  } finally {
    if (b) await b.close();
    await a.close();
  }
  const sessions = b ? [a, b] : [a];
  const denied = sessions.flatMap((s) => s.denied.map((d) => `${s.answers.prefix}: ${d}`));
  failures.push(...sessions.flatMap((s) => s.failures.map((f) => `${s.answers.prefix}: ${f}`)));
  notes.push(...sessions.flatMap((s) => s.notes.map((n) => `${s.answers.prefix}: ${n}`)));
  const summary = `projects: ${isolated} isolated, ${denied.length} denied, ${destroyEnding(end)}`;
  return { ok: failures.length === 0 && denied.length === 0 && isolated === 2, seeded, isolated, crossChecked, denied, failures, notes, seconds: Math.round((performance.now() - started) / 100) / 10, summary };
}

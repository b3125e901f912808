// The one IAM harness of the test suite: it reads the IAM a rendered repo would create, and
// asks a real policy evaluator (@cloud-copilot/iam-simulate) what it allows.
//
//   1. Policies without AWS: `planIam(repoDir, module)` plans a scratch copy of infra/bootstrap or
//      infra/ offline (fake keys, the provider's skip flags, `data "aws_caller_identity"` answered
//      by a loopback STS stand-in) and reads `terraform show -json`. `bootstrapIam(given)` and
//      `functionIam(given)` render an answer set first and cache the result per answer set.
//      `iamFromShowJson(json)` does the reading, for a saved plan or an applied state alike (the
//      deploy rehearsal calls it on the state it applied on the emulator).
//      `planOutcomes(given, module, varSets)` tells which variable values a stack refuses;
//      `copyOfRepo(given)` + `planCopy(dir, module)` plan a rendered repo a test has edited.
//   2. Evaluation: `decide(role, request)` for what a role may do (every inline and attached
//      policy, its permissions boundary, an optional resource policy, condition keys);
//      `withBoundary(role, otherModel)` takes a boundary created by the other stack;
//      `decideFor(caller, request)` for any principal (a service, say); `assume(role, claims)`
//      for the role's trust of a GitHub OIDC token, whose claims `githubClaims(repo, event,
//      format)` builds for an event in either subject format.
//
// A policy Terraform cannot know at plan time (its JSON references a resource attribute) is an
// error here, not a silent gap: the templates build such ARNs from names instead.
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { runSimulation, runUnsafeSimulation, type EvaluationResult } from '@cloud-copilot/iam-simulate';
import { execa } from 'execa';
import { kebabCase, type Given } from '../../generators/answers/index.js';
import { noMatchingProvider, serialized, substituteForMirror, terraformAvailable, terraformEnv } from '../validators/terraform.js';
import { tempDir, writeTree } from './bin.js';
import { missing } from './optout.js';
import { pool } from './pool.js';
import { answersFor, renderAnswers } from './render.js';

export type { EvaluationResult };

/** The account the STS stand-in reports: every plan runs "in" it. */
export const ACCOUNT = '111122223333';
/** Some other account, for requests that must not reach across. */
export const OTHER_ACCOUNT = '444455556666';
/** The GitHub OIDC provider's ARN in ACCOUNT (what the bootstrap creates or is given). */
export const GITHUB_OIDC_PROVIDER = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;

// ---------------------------------------------------------------------------
// The model: what a Terraform plan or state says about IAM

export interface PolicyDocument {
  Version?: string;
  Statement: unknown;
  [key: string]: unknown;
}

export interface NamedPolicy {
  /** Where it came from: a Terraform address, or an ARN for an attached managed policy. */
  name: string;
  document: PolicyDocument;
}

export interface Role {
  /** Terraform address, e.g. `aws_iam_role.deploy`. */
  address: string;
  name: string;
  arn: string;
  trust: PolicyDocument;
  /** Every inline policy: `inline_policy` blocks and every `aws_iam_role_policy` on the role, whatever its name. */
  inline: NamedPolicy[];
  /** Every attached managed policy (aws_iam_role_policy_attachment, managed_policy_arns, aws_iam_policy_attachment). */
  managed: NamedPolicy[];
  /** ARNs of attached managed policies whose document is not in this plan (AWS managed policies, say). */
  unresolvedManaged: string[];
  /** The permissions boundary's ARN, if any. */
  boundaryArn?: string;
  /** Its document, when the policy is created in the same stack. */
  boundary?: NamedPolicy;
}

export interface ResourcePolicy {
  address: string;
  /** `aws_ecr_repository_policy`, `aws_s3_bucket_policy`, ... */
  type: string;
  /** The repository or bucket name it is attached to. */
  target: string;
  document: PolicyDocument;
}

export interface IamModel {
  account: string;
  partition: string;
  roles: Role[];
  /** Customer managed policies (aws_iam_policy) by ARN. */
  policies: Map<string, NamedPolicy>;
  resourcePolicies: ResourcePolicy[];
  /** Every planned or applied resource, for checks this model does not cover. */
  resources: TfResource[];
}

export interface TfResource {
  address: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  values: Record<string, any>;
}

/** The role created by resource `aws_iam_role.<name>` (throws when there is none). */
export function role(model: IamModel, name: string): Role {
  const found = model.roles.find((r) => r.address === `aws_iam_role.${name}` || r.address.endsWith(`.aws_iam_role.${name}`));
  if (!found) throw new Error(`no aws_iam_role.${name} in the plan; roles: ${model.roles.map((r) => r.address).join(', ') || 'none'}`);
  return found;
}

/** The resource policy of that type (throws when there is none, or more than one). */
export function resourcePolicy(model: IamModel, type: string): ResourcePolicy {
  const found = model.resourcePolicies.filter((p) => p.type === type);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0]!;
}

interface ShowModule {
  resources?: Array<{ address: string; mode: 'managed' | 'data'; type: string; name: string; values?: Record<string, any> }>;
  child_modules?: ShowModule[];
}
interface ConfigResource {
  address: string;
  expressions?: Record<string, { references?: string[]; constant_value?: unknown }>;
}
interface ConfigModule {
  resources?: ConfigResource[];
  module_calls?: Record<string, { module?: ConfigModule }>;
}

/** Every resource of the configuration, local modules' too, by its full address; references
 * written inside a module are made full addresses as well (`module.api.aws_iam_role.execution`). */
function configResources(module: ConfigModule | undefined, path = ''): Array<[string, ConfigResource]> {
  const own = (module?.resources ?? []).map((r): [string, ConfigResource] => {
    const expressions = Object.fromEntries(
      Object.entries(r.expressions ?? {}).map(([k, e]) => [k, { ...e, references: (e.references ?? []).map((ref) => `${path}${ref}`) }]),
    );
    return [`${path}${r.address}`, { ...r, address: `${path}${r.address}`, expressions }];
  });
  const children = Object.entries(module?.module_calls ?? {}).flatMap(([name, call]) => configResources(call.module, `${path}module.${name}.`));
  return [...own, ...children];
}

function flatten(module: ShowModule | undefined): TfResource[] {
  if (!module) return [];
  const own = (module.resources ?? []).map((r) => ({ address: r.address, mode: r.mode, type: r.type, name: r.name, values: r.values ?? {} }));
  return [...own, ...(module.child_modules ?? []).flatMap(flatten)];
}

const unindexed = (address: string): string => address.replace(/\[[^\]]*\]/g, '');

/**
 * The IAM in `terraform show -json` output: a saved plan (`planned_values`, unknown values left
 * out) or a state (`values`). Throws, naming the resource, when a policy or a role link cannot be
 * known: a test must never pass because a policy was missing from what it evaluated.
 */
export function iamFromShowJson(json: any): IamModel {
  const isPlan = json.planned_values !== undefined;
  const resources = isPlan
    ? [...flatten(json.prior_state?.values?.root_module).filter((r) => r.mode === 'data'), ...flatten(json.planned_values.root_module)]
    : flatten(json.values?.root_module);
  // Plans: what each attribute's expression references, for links whose value is unknown.
  const config = new Map<string, ConfigResource>();
  for (const [address, r] of configResources(json.configuration?.root_module)) config.set(address, r);
  const unknown = new Map<string, Record<string, unknown>>();
  for (const change of json.resource_changes ?? []) unknown.set(change.address, change.change?.after_unknown ?? {});

  const caller = resources.find((r) => r.type === 'aws_caller_identity');
  const partitionData = resources.find((r) => r.type === 'aws_partition');
  const account = String(caller?.values.account_id ?? ACCOUNT);
  const partition = String(partitionData?.values.partition ?? 'aws');
  const managed = resources.filter((r) => r.mode === 'managed');
  const of = (type: string) => managed.filter((r) => r.type === type);

  const need = (r: TfResource, attribute: string): any => {
    const value = r.values[attribute];
    if (value === undefined || value === null || unknown.get(r.address)?.[attribute] === true) {
      throw new Error(
        `${r.address}.${attribute} is unknown at plan time (it references an attribute of a resource not yet created); ` +
          'build the value from names so the policy can be evaluated before apply',
      );
    }
    return value;
  };
  const document = (r: TfResource, attribute: string): PolicyDocument => JSON.parse(String(need(r, attribute))) as PolicyDocument;
  /** The resource (of one of `types`) an attribute points at: by its known value, else by its references. */
  const linked = (r: TfResource, attribute: string, candidates: TfResource[], keys: string[]): TfResource | undefined => {
    const value = r.values[attribute];
    if (typeof value === 'string' && unknown.get(r.address)?.[attribute] !== true) {
      return candidates.find((c) => keys.some((k) => c.values[k] === value));
    }
    const references = config.get(unindexed(r.address))?.expressions?.[attribute]?.references ?? [];
    return candidates.find((c) => references.includes(unindexed(c.address)));
  };

  const policies = new Map<string, NamedPolicy>();
  const policyArn = (p: TfResource): string =>
    typeof p.values.arn === 'string' ? p.values.arn : `arn:${partition}:iam::${account}:policy${p.values.path ?? '/'}${need(p, 'name')}`;
  for (const p of of('aws_iam_policy')) policies.set(policyArn(p), { name: p.address, document: document(p, 'policy') });

  const roleResources = of('aws_iam_role');
  const roles: Role[] = roleResources.map((r) => {
    const name = String(need(r, 'name'));
    const arn = typeof r.values.arn === 'string' ? r.values.arn : `arn:${partition}:iam::${account}:role${r.values.path ?? '/'}${name}`;
    const boundaryArn = typeof r.values.permissions_boundary === 'string' && r.values.permissions_boundary !== '' ? r.values.permissions_boundary : undefined;
    if (boundaryArn === undefined && unknown.get(r.address)?.permissions_boundary === true) need(r, 'permissions_boundary');
    const inline: NamedPolicy[] = (r.values.inline_policy ?? [])
      .filter((p: any) => p.policy)
      .map((p: any) => ({ name: `${r.address}.inline_policy[${p.name}]`, document: JSON.parse(p.policy) }));
    return {
      address: r.address,
      name,
      arn,
      trust: document(r, 'assume_role_policy'),
      inline,
      managed: [],
      unresolvedManaged: [],
      ...(boundaryArn ? { boundaryArn } : {}),
    };
  });
  const roleOf = (r: TfResource, attribute: string): Role => {
    const target = linked(r, attribute, roleResources, ['name', 'id']);
    if (!target) throw new Error(`${r.address}: cannot tell which role its ${attribute} names`);
    return roles[roleResources.indexOf(target)]!;
  };
  const attach = (target: Role, arn: string): void => {
    const policy = policies.get(arn);
    if (policy) target.managed.push(policy);
    else target.unresolvedManaged.push(arn);
  };

  for (const p of of('aws_iam_role_policy')) roleOf(p, 'role').inline.push({ name: p.address, document: document(p, 'policy') });
  for (const a of of('aws_iam_role_policy_attachment')) {
    const arn = typeof a.values.policy_arn === 'string' ? a.values.policy_arn : policyArnByReference(a);
    attach(roleOf(a, 'role'), arn);
  }
  for (const a of of('aws_iam_policy_attachment')) {
    for (const roleName of (a.values.roles ?? []) as string[]) {
      const target = roles.find((r) => r.name === roleName);
      if (target) attach(target, typeof a.values.policy_arn === 'string' ? a.values.policy_arn : policyArnByReference(a));
    }
  }
  for (const [i, r] of roleResources.entries()) {
    for (const arn of (r.values.managed_policy_arns ?? []) as string[]) attach(roles[i]!, arn);
  }
  function policyArnByReference(a: TfResource): string {
    const target = linked(a, 'policy_arn', of('aws_iam_policy'), ['arn']);
    if (!target) throw new Error(`${a.address}: cannot tell which policy it attaches`);
    return policyArn(target);
  }
  for (const target of roles) {
    if (target.boundaryArn) {
      const policy = policies.get(target.boundaryArn);
      if (policy) target.boundary = policy;
    }
  }

  const resourcePolicies: ResourcePolicy[] = [];
  const targets: Record<string, [string, string, string[]]> = {
    aws_ecr_repository_policy: ['repository', 'aws_ecr_repository', ['name']],
    aws_s3_bucket_policy: ['bucket', 'aws_s3_bucket', ['bucket', 'id']],
  };
  for (const [type, [attribute, targetType, keys]] of Object.entries(targets)) {
    for (const p of of(type)) {
      const value = p.values[attribute];
      const known = typeof value === 'string' && unknown.get(p.address)?.[attribute] !== true;
      const target = known ? value : (linked(p, attribute, of(targetType), keys)?.values[keys[0]!] as string | undefined);
      if (!target) throw new Error(`${p.address}: cannot tell which ${targetType} its ${attribute} names`);
      resourcePolicies.push({ address: p.address, type, target, document: document(p, 'policy') });
    }
  }

  return { account, partition, roles, policies, resourcePolicies, resources };
}

// ---------------------------------------------------------------------------
// Offline plans

let sts: Promise<Server> | undefined;

/** A loopback STS that answers every call as GetCallerIdentity for ACCOUNT. */
function stsStandIn(): Promise<Server> {
  sts ??= new Promise((resolve, reject) => {
    const server = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        response.writeHead(200, { 'Content-Type': 'text/xml' });
        response.end(
          '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>' +
            `<Arn>arn:aws:iam::${ACCOUNT}:user/iam-harness</Arn><UserId>AIDAIAMHARNESS</UserId><Account>${ACCOUNT}</Account>` +
            '</GetCallerIdentityResult><ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ResponseMetadata></GetCallerIdentityResponse>',
        );
      });
    });
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.unref();
      resolve(server);
    });
  });
  return sts;
}

const overrides = (port: number, localBackend: boolean): string => `# Written by the test harness into a scratch copy: fake credentials, no AWS.
provider "aws" {
  access_key                  = "harness"
  secret_key                  = "harness"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true

  endpoints {
    sts = "http://127.0.0.1:${port}"
  }
}
${localBackend ? '\nterraform {\n  backend "local" {}\n}\n' : ''}`;

/** Variables every plan gets unless the caller overrides them; undeclared ones only warn. */
export const defaultVars: Readonly<Record<string, unknown>> = {
  github_repository: 'octo-org/my-func',
};

export interface PlanOptions {
  /** Input variables (written to a .auto.tfvars.json); merged over `defaultVars`. */
  vars?: Record<string, unknown>;
  /**
   * Plan only the IAM resources and what they depend on (`-target` for each `aws_iam_*`
   * resource): infra/ reads data sources (ECR, S3, an existing role) that need AWS, while its
   * IAM needs only the caller identity.
   */
  iamOnly?: boolean;
}

export interface PlanResult {
  /** `terraform show -json` of the saved plan. */
  json: any;
  model: IamModel;
  /** The substitution made for an offline provider mirror, if any. */
  notes: string[];
}

/** Why a plan could not be made, with Terraform's own words. */
export class PlanError extends Error {}

/** The IAM resources of a stack: its own, and those of each local module it instantiates
 * (`module "api" { source = "./modules/function" }` → `module.api.aws_iam_role.execution`). */
async function iamAddresses(dir: string, path = ''): Promise<string[]> {
  const out: string[] = [];
  for (const file of (await readdir(dir)).filter((f) => f.endsWith('.tf'))) {
    const text = await readFile(join(dir, file), 'utf8');
    for (const m of text.matchAll(/^resource\s+"(aws_iam_[a-z_]+)"\s+"([^"]+)"/gm)) out.push(`${path}${m[1]}.${m[2]}`);
    for (const m of text.matchAll(/^module\s+"([^"]+)"\s*\{\s*source\s*=\s*"(\.\/[^"]+)"/gm)) {
      out.push(...(await iamAddresses(join(dir, m[2]!), `${path}module.${m[1]}.`)));
    }
  }
  return out;
}

// test/matrix.test.ts puts a `terraform` shim first on PATH while it runs, which attaches every
// call to one shared provider process; a plan configures the provider, which that shared
// process refuses a second time. The harness therefore runs the real binary, in its own env.
function realTerraform(): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, 'terraform');
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).size < 4096 && readFileSync(candidate, 'utf8').includes('TF_REATTACH_PROVIDERS')) continue;
      return candidate;
    } catch {
      continue;
    }
  }
  return 'terraform';
}
const terraformBin = realTerraform();
const harnessEnv = (): NodeJS.ProcessEnv => {
  const env = terraformEnv();
  delete env.TF_REATTACH_PROVIDERS;
  return env;
};
const tf = (dir: string, args: string[]) => execa(terraformBin, args, { cwd: dir, env: harnessEnv(), reject: false, all: true });
/** Terraform's output from its first error on (warnings before it are noise here). */
const tail = (text: string | undefined): string => {
  const plain = (text ?? '').replace(/\x1b\[[0-9;]*m/g, '').trim();
  const error = plain.search(/Error: /);
  return (error >= 0 ? plain.slice(error) : plain).split('\n').slice(0, 25).join('\n');
};

/**
 * Plan `module` (`infra/bootstrap` or `infra`) of the repo at `repoDir` offline, in a scratch
 * copy, and read its IAM. The repo is never written to.
 */
export async function planIam(repoDir: string, module: string, options: PlanOptions = {}): Promise<PlanResult> {
  if (!(await terraformAvailable())) throw new Error(missing('terraform', 'it is not on PATH', 'SKIP_TERRAFORM'));
  const port = (((await stsStandIn()).address()) as AddressInfo).port;
  const scratch = await mkdtemp(join(tmpdir(), 'iam-plan-'));
  try {
    const dir = join(scratch, 'stack');
    await cp(join(repoDir, module), dir, {
      recursive: true,
      filter: (src) => !/[\\/]\.terraform([\\/]|$)|\.tfstate|[\\/]tests([\\/]|$)/.test(src),
    });
    const hasBackend = (await readdir(dir)).some((f) => f === 'backend.tf');
    await writeFile(join(dir, 'zz_iam_harness_override.tf'), overrides(port, hasBackend));
    await writeFile(join(dir, 'iam-harness.auto.tfvars.json'), JSON.stringify({ ...defaultVars, ...options.vars }, null, 2));

    const notes: string[] = [];
    const pluginDir = process.env.TF_PLUGIN_DIR;
    const initArgs = ['init', '-input=false', '-no-color', ...(pluginDir ? [`-plugin-dir=${pluginDir}`] : [])];
    let init = pluginDir ? await tf(dir, initArgs) : await serialized(() => tf(dir, initArgs));
    if (init.exitCode !== 0 && pluginDir && noMatchingProvider.test(init.all ?? '')) {
      const note = await substituteForMirror(dir);
      if (note) {
        notes.push(`${module}: ${note}`);
        await rm(join(dir, '.terraform'), { recursive: true, force: true });
        init = await tf(dir, initArgs);
      }
    }
    if (init.exitCode !== 0) throw new PlanError(`${module}: terraform init failed:\n${tail(init.all)}`);

    const targets = options.iamOnly ? (await iamAddresses(dir)).map((a) => `-target=${a}`) : [];
    const plan = await tf(dir, ['plan', '-input=false', '-no-color', '-lock=false', '-refresh=false', '-out=plan.bin', ...targets]);
    if (plan.exitCode !== 0) throw new PlanError(`${module}: terraform plan failed:\n${tail(plan.all)}`);
    const show = await execa(terraformBin, ['show', '-json', 'plan.bin'], { cwd: dir, env: harnessEnv(), reject: false, maxBuffer: 256 * 1024 * 1024 });
    if (show.exitCode !== 0) throw new PlanError(`${module}: terraform show failed:\n${tail(show.stderr)}`);
    const json = JSON.parse(show.stdout);
    return { json, model: iamFromShowJson(json), notes };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

// Two plans at a time: each is a terraform process plus a provider plugin.
const limit = pool(2);
const rendered = new Map<string, Promise<string>>();
const plans = new Map<string, Promise<PlanResult>>();

/** A rendered repo on disk for an answer set (cached per process; never written to after). */
export function renderedRepo(given: Given = {}): Promise<string> {
  const key = JSON.stringify(given);
  if (!rendered.has(key)) {
    rendered.set(
      key,
      Promise.resolve(tempDir('iam-repo-')).then((dir) => {
        writeTree(dir, renderAnswers(given));
        return dir;
      }),
    );
  }
  return rendered.get(key)!;
}

function cachedPlan(given: Given, module: string, options: PlanOptions): Promise<PlanResult> {
  const key = JSON.stringify([given, module, options]);
  if (!plans.has(key)) plans.set(key, renderedRepo(given).then((dir) => limit(() => planIam(dir, module, options))));
  return plans.get(key)!;
}

/** The bootstrap stack's IAM for an answer set (one plan per answer set and variables, shared by every caller). */
export async function bootstrapIam(given: Given = {}, vars: Record<string, unknown> = {}): Promise<IamModel> {
  return (await cachedPlan(given, 'infra/bootstrap', { vars })).model;
}

/** The function stack's (infra/) IAM for an answer set: its execution role, when it creates one. */
export async function functionIam(given: Given = {}, vars: Record<string, unknown> = {}): Promise<IamModel> {
  // infra/ has no region default: the workflow passes the AWS_REGION repository variable.
  const a = answersFor(given);
  // Image repos: a digest per function (the workflow's TF_VAR_image_digests); zip repos ignore it.
  const imageDigests = a.package === 'image' ? { image_digests: Object.fromEntries(a.functions.map((fn) => [kebabCase(fn.name), `sha256:${'0'.repeat(64)}`])) } : {};
  return (await cachedPlan(given, 'infra', { vars: { region: a.region, ...imageDigests, ...vars }, iamOnly: true })).model;
}

// ---------------------------------------------------------------------------
// Evaluation

export interface Request {
  action: string;
  resource: string;
  /** Condition keys of the request, e.g. `{ 's3:prefix': 'x', 'aws:SecureTransport': 'true' }`. */
  context?: Record<string, string | string[]>;
  /** The resource's own policy (bucket policy, repository policy), if it has one. */
  resourcePolicy?: PolicyDocument;
  /** Account that owns the resource; taken from its ARN, else ACCOUNT. */
  resourceAccount?: string;
  /**
   * Why this request cannot go through the evaluator's validation (its action/resource table
   * lacks the resource type, as for API Gateway HTTP APIs under /apis). It is then evaluated
   * without that validation, against the same policies.
   */
  unlisted?: string;
}

export interface Caller {
  /** Principal ARN, or a service principal such as `lambda.amazonaws.com`. */
  principal: string;
  identityPolicies: NamedPolicy[];
  boundary?: NamedPolicy;
}

const accountOf = (arn: string): string | undefined => /^arn:[^:]+:[^:]*:[^:]*:(\d{12}):/.exec(arn)?.[1];

/** The evaluator's decision for `caller` making `request`. Throws on a malformed request or policy. */
export async function decideFor(caller: Caller, request: Request): Promise<EvaluationResult> {
  const simulation = {
    request: {
      principal: caller.principal,
      action: request.action,
      resource: { resource: request.resource, accountId: request.resourceAccount ?? accountOf(request.resource) ?? ACCOUNT },
      contextVariables: request.context ?? {},
    },
    identityPolicies: caller.identityPolicies.map((p) => ({ name: p.name, policy: p.document })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...(request.resourcePolicy ? { resourcePolicy: request.resourcePolicy } : {}),
    ...(caller.boundary ? { permissionBoundaryPolicies: [{ name: caller.boundary.name, policy: caller.boundary.document }] } : {}),
  };
  if (request.unlisted) return runUnsafeSimulation(simulation, {});
  const result = await runSimulation(
    simulation,
    {},
  );
  if (result.resultType === 'error') {
    throw new Error(`cannot evaluate ${request.action} on ${request.resource}: ${JSON.stringify(result.errors)}`);
  }
  // A key the evaluator drops would make a condition look unmet (or met): that is a broken test.
  const ignored = result.resultType === 'single' ? (result.result.ignoredContextKeys ?? []) : result.results.flatMap((r) => r.ignoredContextKeys ?? []);
  if (ignored.length > 0) throw new Error(`${request.action}: the evaluator ignores context keys ${[...new Set(ignored)].join(', ')}`);
  return result.overallResult;
}

/** What `role` may do: all its inline and attached policies, under its boundary. */
export async function decide(target: Role, request: Request): Promise<EvaluationResult> {
  if (target.unresolvedManaged.length > 0) {
    throw new Error(`${target.address}: attached managed policies ${target.unresolvedManaged.join(', ')} are not in the plan, so nothing about this role can be proven`);
  }
  if (target.boundaryArn && !target.boundary) {
    throw new Error(`${target.address}: boundary ${target.boundaryArn} is not in this plan; pass the role with its boundary document (withBoundary)`);
  }
  return decideFor({ principal: target.arn, identityPolicies: [...target.inline, ...target.managed], ...(target.boundary ? { boundary: target.boundary } : {}) }, request);
}

/** `role` with its boundary's document taken from another stack's plan (the bootstrap creates the execution role's boundary). */
export function withBoundary(target: Role, from: IamModel): Role {
  if (!target.boundaryArn) throw new Error(`${target.address} has no permissions boundary`);
  const boundary = from.policies.get(target.boundaryArn);
  if (!boundary) throw new Error(`${target.address}: boundary ${target.boundaryArn} is not created by the other stack either (it has ${[...from.policies.keys()].join(', ') || 'none'})`);
  return { ...target, boundary };
}

/** Whether a GitHub Actions job with these token claims may assume `role` (its trust policy). */
export function assume(target: Role, claims: Record<string, string>, provider = GITHUB_OIDC_PROVIDER): EvaluationResult {
  // The validated runSimulation drops the token.actions.githubusercontent.com keys for this
  // action, which would turn every trust check into a deny; the unsafe entry point keeps them.
  return runUnsafeSimulation(
    {
      request: {
        principal: provider,
        action: 'sts:AssumeRoleWithWebIdentity',
        resource: { resource: target.arn, accountId: accountOf(target.arn) ?? ACCOUNT },
        contextVariables: claims,
      },
      identityPolicies: [],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: { __validated: true, policyDocument: target.trust, metadata: { name: `${target.address} trust` } },
    },
    {},
  );
}

// ---------------------------------------------------------------------------
// GitHub OIDC tokens

export interface GithubRepo {
  owner: string;
  ownerId: number;
  repo: string;
  repoId: number;
}

/** The repository the default plans trust (`defaultVars.github_repository`). */
export const ourRepo: GithubRepo = { owner: 'octo-org', ownerId: 1234567, repo: 'my-func', repoId: 987654321 };

/** What a workflow job runs for. */
export type GithubEvent =
  | { kind: 'pull_request' }
  | { kind: 'environment'; name: string }
  | { kind: 'branch'; branch: string }
  | { kind: 'tag'; tag: string }
  /** A manual run: GitHub's default subject is the environment's when the job names one, else
   * the branch's ref, the same as a push's. */
  | { kind: 'workflow_dispatch'; branch: string; environment?: string };

/** `classic`: repo:OWNER/REPO; `immutable`: repo:OWNER@OWNER_ID/REPO@REPO_ID (repositories created or renamed after 2026-07-15). */
export type SubjectFormat = 'classic' | 'immutable';
export const subjectFormats: readonly SubjectFormat[] = ['classic', 'immutable'];

/** The subject prefix GitHub uses for `repo` in `format` (what the bootstrap's github_subject_prefix takes). */
export function subjectPrefix(repo: GithubRepo, format: SubjectFormat): string {
  return format === 'classic' ? `repo:${repo.owner}/${repo.repo}` : `repo:${repo.owner}@${repo.ownerId}/${repo.repo}@${repo.repoId}`;
}

/** The default `sub` claim for `event` (GitHub's default subject template), and the audience configure-aws-credentials asks for. */
export function githubClaims(repo: GithubRepo, event: GithubEvent, format: SubjectFormat): Record<string, string> {
  const suffix =
    event.kind === 'pull_request' ? 'pull_request'
    : event.kind === 'environment' ? `environment:${event.name}`
    : event.kind === 'branch' ? `ref:refs/heads/${event.branch}`
    : event.kind === 'workflow_dispatch' ? (event.environment !== undefined ? `environment:${event.environment}` : `ref:refs/heads/${event.branch}`)
    : `ref:refs/tags/${event.tag}`;
  return {
    'token.actions.githubusercontent.com:sub': `${subjectPrefix(repo, format)}:${suffix}`,
    'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
  };
}

/** How the deploy role is gated (the answer `deployGate`). */
export type DeployGate = 'environment' | 'branch';

export interface TrustCase {
  name: string;
  repo: GithubRepo;
  event: GithubEvent;
  /** The only role this token may assume, if any. */
  may: 'plan' | 'deploy' | 'none';
}

/** Another owner's repository of the same name. */
export const otherRepo: GithubRepo = { owner: 'someone-else', ownerId: 7654321, repo: ourRepo.repo, repoId: 123123123 };

/**
 * Every workflow event, as the token its Terraform job carries under `gate`, and the one role
 * that token may assume. `env` is the project's deploy environment. Under the environment gate
 * the workflow runs every job for main in `env`; under the branch gate no job names one, so a
 * push and a manual run on main carry the same subject (the workflow lets the manual run only
 * plan). A manual run of another branch gets no role under either gate: the environment refuses
 * the job, and outside it the token names that branch.
 */
export function trustCases(env: string, gate: DeployGate): TrustCase[] {
  const branchGate = gate === 'branch';
  const main = branchGate ? 'deploy' : 'none';
  return [
    { name: 'pull request', repo: ourRepo, event: { kind: 'pull_request' }, may: 'plan' },
    { name: branchGate ? 'push to main' : 'push to main outside the environment', repo: ourRepo, event: { kind: 'branch', branch: 'main' }, may: main },
    { name: 'push to another branch', repo: ourRepo, event: { kind: 'branch', branch: 'feature' }, may: 'none' },
    { name: `job in the ${env} environment`, repo: ourRepo, event: { kind: 'environment', name: env }, may: branchGate ? 'none' : 'deploy' },
    {
      name: 'manual run on main',
      repo: ourRepo,
      event: { kind: 'workflow_dispatch', branch: 'main', ...(branchGate ? {} : { environment: env }) },
      may: 'deploy',
    },
    { name: 'manual run on another branch', repo: ourRepo, event: { kind: 'workflow_dispatch', branch: 'feature' }, may: 'none' },
    { name: 'another repository, push to main', repo: otherRepo, event: { kind: 'branch', branch: 'main' }, may: 'none' },
    { name: `another repository, ${env} environment`, repo: otherRepo, event: { kind: 'environment', name: env }, may: 'none' },
    { name: 'another repository, pull request', repo: otherRepo, event: { kind: 'pull_request' }, may: 'none' },
  ];
}

/** For tests that edit a rendered repo: a fresh copy of it to change. */
export async function copyOfRepo(given: Given = {}): Promise<string> {
  const dir = tempDir('iam-mutant-');
  await cp(await renderedRepo(given), dir, { recursive: true });
  return dir;
}

/** Plan an edited copy (not cached), sharing the harness's concurrency limit. */
export function planCopy(dir: string, module: string, options: PlanOptions = {}): Promise<PlanResult> {
  return limit(() => planIam(dir, module, options));
}

/**
 * Terraform's answer to each set of variables for one stack, from a single init: undefined when
 * the plan succeeds, else its error text. For checking what a variable's validation rejects.
 */
export async function planOutcomes(given: Given, module: string, varSets: Array<Record<string, unknown>>): Promise<Array<string | undefined>> {
  if (!(await terraformAvailable())) throw new Error(missing('terraform', 'it is not on PATH', 'SKIP_TERRAFORM'));
  const repo = await renderedRepo(given);
  return limit(async () => {
    const port = (((await stsStandIn()).address()) as AddressInfo).port;
    const scratch = await mkdtemp(join(tmpdir(), 'iam-vars-'));
    try {
      await cp(join(repo, module), scratch, { recursive: true, filter: (src) => !/[\\/]\.terraform([\\/]|$)|\.tfstate|[\\/]tests([\\/]|$)/.test(src) });
      await writeFile(join(scratch, 'zz_iam_harness_override.tf'), overrides(port, existsSync(join(scratch, 'backend.tf'))));
      const pluginDir = process.env.TF_PLUGIN_DIR;
      const init = await tf(scratch, ['init', '-input=false', '-no-color', ...(pluginDir ? [`-plugin-dir=${pluginDir}`] : [])]);
      if (init.exitCode !== 0) throw new PlanError(`${module}: terraform init failed:\n${tail(init.all)}`);
      const out: Array<string | undefined> = [];
      for (const vars of varSets) {
        await writeFile(join(scratch, 'iam-harness.auto.tfvars.json'), JSON.stringify({ ...defaultVars, ...vars }));
        const plan = await tf(scratch, ['plan', '-input=false', '-no-color', '-lock=false', '-refresh=false']);
        out.push(plan.exitCode === 0 ? undefined : tail(plan.all));
      }
      return out;
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  });
}

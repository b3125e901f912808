// No resource races the policy it needs. AWS checks a role's permissions when some resources
// are created, and a policy Terraform creates in parallel may not be there yet:
//   - Lambda checks the execution role at CreateFunction / UpdateFunctionConfiguration (with
//     active tracing, that the role may send traces), so each function waits for every policy
//     of its own role in its module (logs, X-Ray);
//   - an event source mapping, a bucket notification, a schedule or an on-failure destination
//     starts invoking the function, which then needs the policy that lets it use its queue,
//     bucket or destination, so each waits for every policy of the roles it reaches.
// No emulator shows the race (moto checks no role), so this reads the rendered configuration:
// every .tf of infra/ and its modules parsed with @cdktf/hcl2json into Terraform's reference
// graph (references and depends_on, through module inputs and outputs), for every trigger and
// ops combination. The function must not wait for its triggers' policies: the queue's and the
// bucket's names come from the function, so that would be a cycle, and the graph must have none.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Given } from '../generators/answers/index.js';
import { renderAnswers } from './support/render.js';
import { parseTerraformFiles, type TfFile } from './validators/hcl.js';

type Files = Map<string, string>;

/** One module's declarations: `aws_x.name` and `data.aws_x.name` bodies, outputs, locals, calls. */
interface ModuleConfig {
  blocks: Map<string, any>;
  outputs: Map<string, any>;
  locals: Map<string, any>;
  calls: Map<string, any>;
}

function moduleConfig(files: TfFile[]): ModuleConfig {
  const m: ModuleConfig = { blocks: new Map(), outputs: new Map(), locals: new Map(), calls: new Map() };
  for (const { json } of files) {
    for (const [type, byName] of Object.entries<any>(json.resource ?? {})) for (const [name, body] of Object.entries<any>(byName)) m.blocks.set(`${type}.${name}`, body[0]);
    for (const [type, byName] of Object.entries<any>(json.data ?? {})) for (const [name, body] of Object.entries<any>(byName)) m.blocks.set(`data.${type}.${name}`, body[0]);
    for (const [name, body] of Object.entries<any>(json.output ?? {})) m.outputs.set(name, body[0]);
    for (const block of json.locals ?? []) for (const [name, value] of Object.entries<any>(block)) m.locals.set(name, value);
    for (const [name, body] of Object.entries<any>(json.module ?? {})) m.calls.set(name, body[0]);
  }
  return m;
}

/** The expressions inside `${…}` of every string in a value (hcl2json keeps expressions as text). */
function expressions(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') {
    for (let i = value.indexOf('${'); i >= 0; i = value.indexOf('${', i + 2)) {
      let depth = 0;
      let j = i + 1;
      for (; j < value.length; j++) {
        if (value[j] === '{') depth++;
        else if (value[j] === '}' && --depth === 0) break;
      }
      out.push(value.slice(i + 2, j));
    }
  } else if (Array.isArray(value)) {
    for (const v of value) expressions(v, out);
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) expressions(v, out);
  }
  return out;
}

/** Terraform addresses a value refers to, within a module instance (`''` is the root). */
function references(value: unknown): string[] {
  const refs = new Set<string>();
  for (const e of expressions(value)) {
    for (const m of e.matchAll(/\bmodule\.([\w-]+)(?:\.([\w-]+))?/g)) refs.add(m[2] ? `module.${m[1]}.output.${m[2]}` : `module.${m[1]}`);
    for (const m of e.matchAll(/\bdata\.(\w+)\.([\w-]+)/g)) refs.add(`data.${m[1]}.${m[2]}`);
    for (const m of e.matchAll(/\b(var|local)\.(\w+)/g)) refs.add(`${m[1]}.${m[2]}`);
    for (const m of e.matchAll(/(?<![\w.])(aws_\w+)\.([\w-]+)/g)) refs.add(`${m[1]}.${m[2]}`);
  }
  return [...refs];
}

const at = (instance: string, local: string): string => (instance ? `${instance}.${local}` : local);

/** Whether a node is a managed resource of `type` (not a data source of it). */
const managed = (type: string) => (node: string): boolean => new RegExp(`(^|\\.)${type}\\.[\\w-]+$`).test(node) && !new RegExp(`(^|\\.)data\\.${type}\\.`).test(node);

/** The module instance a resource address is in (`module.worker`, or '' for the root). */
const instanceOf = (node: string): string => {
  const i = node.search(/(^|\.)(data\.)?aws_\w+\.[\w-]+$/);
  return i <= 0 ? '' : node.slice(0, i);
};

/** The dependency graph of infra/ (root and every module call), node → what it waits for. */
class Graph {
  readonly edges = new Map<string, Set<string>>();
  /** Resource nodes by instance, and each node's body (for reading one argument). */
  readonly bodies = new Map<string, any>();

  constructor(files: TfFile[]) {
    const byDir = new Map<string, TfFile[]>();
    for (const f of files) {
      if (/^infra\/(bootstrap|tests)\//.test(f.path) || /\/tests\//.test(f.path)) continue;
      const dir = f.path.slice(0, f.path.lastIndexOf('/'));
      byDir.set(dir, [...(byDir.get(dir) ?? []), f]);
    }
    const configs = new Map([...byDir].map(([dir, fs]) => [dir, moduleConfig(fs)]));
    const root = configs.get('infra');
    if (!root) throw new Error('no infra/*.tf in the render');
    this.add('', root, configs, 'infra');
    // Linked once every node is known, so a depends_on naming a whole module finds all of it.
    for (const [from, instance, value] of this.pending) this.link(from, instance, value);
  }

  private readonly pending: Array<[string, string, unknown]> = [];

  private link(from: string, instance: string, value: unknown): void {
    const set = this.edges.get(from) ?? new Set<string>();
    this.edges.set(from, set);
    for (const ref of references(value)) {
      if (/^module\.[\w-]+$/.test(ref)) {
        // depends_on a whole module: everything in it.
        const prefix = `${at(instance, ref)}.`;
        for (const node of this.bodies.keys()) if (node.startsWith(prefix)) set.add(node);
        continue;
      }
      set.add(at(instance, ref));
    }
  }

  private add(instance: string, config: ModuleConfig, configs: Map<string, ModuleConfig>, dir: string): void {
    for (const [name, call] of config.calls) {
      const source = String(call.source ?? '');
      const childDir = source.startsWith('./') ? `${dir}/${source.slice(2)}` : undefined;
      const child = childDir ? configs.get(childDir) : undefined;
      if (!child) throw new Error(`module "${name}" in ${dir}: source ${source} not found in the render`);
      const childInstance = at(instance, `module.${name}`);
      this.add(childInstance, child, configs, childDir!);
      // Each input variable waits for its own argument's expression (and the call's depends_on).
      for (const [arg, value] of Object.entries<any>(call)) {
        if (arg === 'source' || arg === 'depends_on') continue;
        this.bodies.set(at(childInstance, `var.${arg}`), value);
        this.pending.push([at(childInstance, `var.${arg}`), instance, [value, call.depends_on ?? []]]);
      }
    }
    for (const [address, body] of config.blocks) this.bodies.set(at(instance, address), body);
    for (const [address, body] of config.blocks) this.pending.push([at(instance, address), instance, body]);
    for (const [name, body] of config.outputs) {
      this.bodies.set(at(instance, `output.${name}`), body);
      this.pending.push([at(instance, `output.${name}`), instance, [body.value, body.depends_on ?? []]]);
    }
    for (const [name, value] of config.locals) {
      this.bodies.set(at(instance, `local.${name}`), value);
      this.pending.push([at(instance, `local.${name}`), instance, value]);
    }
  }

  /** Every node `from` waits for, directly or not; nodes that `stop` accepts are reached but not followed. */
  reach(from: string | string[], stop: (node: string) => boolean = () => false): Set<string> {
    const seen = new Set<string>();
    const stack = Array.isArray(from) ? [...from] : [...(this.edges.get(from) ?? [])];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (seen.has(node)) continue;
      seen.add(node);
      if (!stop(node)) stack.push(...(this.edges.get(node) ?? []));
    }
    return seen;
  }

  /** The nodes an argument of a block refers to, resolved to the block's instance. */
  argument(node: string, name: string): string[] {
    return references(this.bodies.get(node)?.[name]).map((r) => at(instanceOf(node), r));
  }

  /** Managed resources of a type, in every instance. */
  resources(type: string): string[] {
    return [...this.bodies.keys()].filter(managed(type));
  }

  /** A cycle, as the addresses on it, or undefined. */
  cycle(): string[] | undefined {
    const state = new Map<string, 1 | 2>();
    const path: string[] = [];
    const visit = (node: string): string[] | undefined => {
      if (state.get(node) === 2) return undefined;
      if (state.get(node) === 1) return [...path.slice(path.indexOf(node)), node];
      state.set(node, 1);
      path.push(node);
      for (const next of this.edges.get(node) ?? []) {
        const found = visit(next);
        if (found) return found;
      }
      path.pop();
      state.set(node, 2);
      return undefined;
    };
    for (const node of this.edges.keys()) {
      const found = visit(node);
      if (found) return found;
    }
    return undefined;
  }
}

/** Resources that start invoking a function, and so need the policies of the roles it runs with. */
const triggerTypes = ['aws_lambda_event_source_mapping', 'aws_s3_bucket_notification', 'aws_lambda_function_event_invoke_config', 'aws_scheduler_schedule'];

interface Checked {
  /** `a → b` for every required edge found. */
  edges: string[];
  /** What is missing, each naming both ends. */
  problems: string[];
}

/** The policy-order rules over a rendered repo. */
async function check(files: Files): Promise<Checked> {
  const graph = new Graph(await parseTerraformFiles(files));
  const edges: string[] = [];
  const problems: string[] = [];
  const cycle = graph.cycle();
  if (cycle) problems.push(`cycle: ${cycle.join(' → ')}`);
  const policies = graph.resources('aws_iam_role_policy');
  // A policy belongs to the role its `role` argument names: the first roles it reaches, not what
  // those roles wait for in turn (a schedule's role is described after its function, so it waits
  // for the function and its execution role, which does not make its policy the function's).
  const policyRoles = new Map(policies.map((p) => [p, [...graph.reach(graph.argument(p, 'role'), managed('aws_iam_role'))].filter(managed('aws_iam_role'))]));

  for (const fn of graph.resources('aws_lambda_function')) {
    const waits = graph.reach(fn);
    for (const policy of policies.filter((p) => instanceOf(p) === instanceOf(fn))) {
      if (waits.has(policy)) edges.push(`${fn} → ${policy}`);
      else problems.push(`${fn} does not depend on ${policy}: Lambda checks its role's permissions when it creates or reconfigures the function`);
    }
  }
  for (const type of triggerTypes) {
    for (const trigger of graph.resources(type)) {
      const waits = graph.reach(trigger);
      const roles = new Set([...waits].filter(managed('aws_iam_role')));
      if (![...waits].some(managed('aws_lambda_function'))) problems.push(`${trigger} reaches no aws_lambda_function: the check cannot see what it invokes`);
      for (const policy of policies.filter((p) => policyRoles.get(p)!.some((r) => roles.has(r)))) {
        if (waits.has(policy)) edges.push(`${trigger} → ${policy}`);
        else problems.push(`${trigger} does not depend on ${policy}: it can invoke the function before the function may use its source or destination`);
      }
    }
  }
  return { edges, problems };
}

const functions: Given['functions'] = [
  { name: 'OrdersApi' },
  { name: 'Worker', trigger: 'sqs' },
  { name: 'Receipts', trigger: 's3', keyPrefix: 'in/', keySuffix: '.pdf' },
  { name: 'Imports', trigger: 's3', sourceBucket: 'acme-imports', manageBucketNotifications: true },
  { name: 'Nightly', trigger: 'schedule' },
  { name: 'Hook', trigger: 'function-url' },
  { name: 'Tool', trigger: 'none' },
];
/** Every trigger in each, with the ops and package choices that change what infra/ declares. */
const combinations: Array<{ name: string; given: Given }> = [
  { name: 'every trigger, tracing, alarm e-mail', given: { prefix: 'orders-api', functions, tracing: true, alarmEmail: 'oncall@example.com' } },
  { name: 'every trigger, no tracing, no alarms', given: { prefix: 'orders-api', functions, tracing: false, alarms: false } },
  { name: 'every trigger, tracing, existing role', given: { prefix: 'orders-api', functions, tracing: true, existingRole: 'my-role' } },
  { name: 'every trigger, container image, tracing', given: { prefix: 'orders-api', functions, tracing: true, package: 'image' } },
  { name: 'one http-api function (create defaults)', given: {} },
];

const Order = suite('no resource races the policy it needs');

for (const { name, given } of combinations) {
  Order(name, async () => {
    const { edges, problems } = await check(renderAnswers(given));
    assert.equal(problems, []);
    if (given.existingRole) {
      // The functions run as a role this stack does not manage: only the schedule's own role has policies to wait for.
      assert.equal(edges, ['module.nightly_schedule.aws_scheduler_schedule.schedule → module.nightly_schedule.aws_iam_role_policy.invoke']);
      return;
    }
    const expected = given.functions
      ? [
          'module.worker.aws_lambda_function.function → module.worker.aws_iam_role_policy.execution_logs',
          'module.worker.aws_lambda_function.function → module.worker.aws_iam_role_policy.execution_xray',
          'module.worker_queue.aws_lambda_event_source_mapping.queue → module.worker_queue.aws_iam_role_policy.consume',
          'module.worker_queue.aws_lambda_event_source_mapping.queue → module.worker.aws_iam_role_policy.execution_xray',
          'module.nightly_schedule.aws_scheduler_schedule.schedule → module.nightly_schedule.aws_iam_role_policy.invoke',
          // Lambda checks, when the on-failure destination is put, that the role may send to it.
          'module.receipts_on_failure.aws_lambda_function_event_invoke_config.alias → module.receipts_on_failure.aws_iam_role_policy.send',
          'module.imports_on_failure.aws_lambda_function_event_invoke_config.alias → module.imports_on_failure.aws_iam_role_policy.send',
          'module.nightly_on_failure.aws_lambda_function_event_invoke_config.alias → module.nightly_on_failure.aws_iam_role_policy.send',
          // …and, through the bucket module's alias_arn, for every other policy of the S3 function's role.
          'module.receipts_on_failure.aws_lambda_function_event_invoke_config.alias → module.receipts_bucket.aws_iam_role_policy.read_objects',
          // The triggers start once failed events can reach the on-failure queue.
          'module.nightly_schedule.aws_scheduler_schedule.schedule → module.nightly_on_failure.aws_iam_role_policy.send',
        ]
      : ['module.my_func.aws_lambda_function.function → module.my_func.aws_iam_role_policy.execution_xray'];
    for (const edge of expected) assert.ok(edges.includes(edge), `${edge} is checked (found: ${edges.filter((e) => e.startsWith(edge.split(' → ')[0]!)).join('; ')})`);
    if (given.functions) {
      // Each bucket's notification waits for the read policy of the function it invokes.
      assert.ok(edges.some((e) => /^aws_s3_bucket_notification\.\w+ → module\.receipts_bucket\.aws_iam_role_policy\.read_objects$/.test(e)), edges.join('\n'));
      assert.ok(edges.some((e) => /^aws_s3_bucket_notification\.\w+ → module\.imports_bucket\.aws_iam_role_policy\.read_objects$/.test(e)), edges.join('\n'));
      assert.ok(edges.some((e) => /^aws_s3_bucket_notification\.\w+ → module\.receipts_on_failure\.aws_iam_role_policy\.send$/.test(e)), edges.join('\n'));
    }
  });
}

Order('seeded fault: the X-Ray policy taken out of the function\'s depends_on fails, naming both', async () => {
  const files = renderAnswers(combinations[0]!.given);
  const path = 'infra/modules/function/main.tf';
  const text = files.get(path)!;
  const cut = text.replace('depends_on = [aws_iam_role_policy.execution_logs, aws_iam_role_policy.execution_xray]', 'depends_on = [aws_iam_role_policy.execution_logs]');
  assert.is.not(cut, text, 'the function module\'s depends_on is where this test expects it');
  const { problems } = await check(new Map([...files, [path, cut]]));
  assert.ok(problems.includes('module.worker.aws_lambda_function.function does not depend on module.worker.aws_iam_role_policy.execution_xray: Lambda checks its role\'s permissions when it creates or reconfigures the function'), problems.join('\n'));
  // The mapping waited for X-Ray only through the function, so it now races it too.
  assert.ok(problems.some((p) => p.startsWith('module.worker_queue.aws_lambda_event_source_mapping.queue does not depend on module.worker.aws_iam_role_policy.execution_xray')), problems.join('\n'));
  assert.is(problems.filter((p) => / does not depend on module\.\w+\.aws_iam_role_policy\.execution_xray: Lambda/.test(p)).length, 7);
});

Order('seeded fault: a notification that does not wait for the read policy fails, naming both', async () => {
  const files = renderAnswers(combinations[0]!.given);
  const path = 'infra/modules/s3/outputs.tf';
  const text = files.get(path)!;
  const cut = text.replace('depends_on  = [aws_lambda_permission.s3, aws_iam_role_policy.read_objects]', 'depends_on  = [aws_lambda_permission.s3]');
  assert.is.not(cut, text, 'the s3 module\'s alias_arn output is where this test expects it');
  const { problems } = await check(new Map([...files, [path, cut]]));
  assert.equal(problems.map((p) => p.replace(/^aws_s3_bucket_notification\.\w+/, 'aws_s3_bucket_notification.*').split(':')[0]).sort(), [
    'aws_s3_bucket_notification.* does not depend on module.imports_bucket.aws_iam_role_policy.read_objects',
    'aws_s3_bucket_notification.* does not depend on module.receipts_bucket.aws_iam_role_policy.read_objects',
    // The on-failure destinations waited for it through the same output.
    'module.imports_on_failure.aws_lambda_function_event_invoke_config.alias does not depend on module.imports_bucket.aws_iam_role_policy.read_objects',
    'module.receipts_on_failure.aws_lambda_function_event_invoke_config.alias does not depend on module.receipts_bucket.aws_iam_role_policy.read_objects',
  ]);
});

Order('seeded fault: an on-failure destination that does not wait for the send policy fails, and so do the triggers that waited through it, naming both', async () => {
  const files = renderAnswers(combinations[0]!.given);
  const path = 'infra/modules/on-failure/main.tf';
  const text = files.get(path)!;
  const cut = text.replace(/\n\s*depends_on = \[aws_iam_role_policy\.send\]\n/, '\n');
  assert.is.not(cut, text, 'the on-failure module\'s depends_on is where this test expects it');
  const { problems } = await check(new Map([...files, [path, cut]]));
  assert.equal(problems.map((p) => p.split(':')[0]).sort(), [
    // The triggers waited for it only through the destination's config.
    'aws_s3_bucket_notification.existing_acme_imports does not depend on module.imports_on_failure.aws_iam_role_policy.send',
    'aws_s3_bucket_notification.receipts does not depend on module.receipts_on_failure.aws_iam_role_policy.send',
    'module.imports_on_failure.aws_lambda_function_event_invoke_config.alias does not depend on module.imports_on_failure.aws_iam_role_policy.send',
    'module.nightly_on_failure.aws_lambda_function_event_invoke_config.alias does not depend on module.nightly_on_failure.aws_iam_role_policy.send',
    'module.nightly_schedule.aws_scheduler_schedule.schedule does not depend on module.nightly_on_failure.aws_iam_role_policy.send',
    'module.receipts_on_failure.aws_lambda_function_event_invoke_config.alias does not depend on module.receipts_on_failure.aws_iam_role_policy.send',
  ]);
});

Order('seeded fault: a function that waits for its queue\'s policy is a cycle, and fails as one', async () => {
  const files = renderAnswers(combinations[0]!.given);
  const path = 'infra/function_worker.tf';
  const text = files.get(path)!;
  // The function module would wait for the sqs module (whose queue is named after the function).
  const cut = text.replace(/\n}\n/, '\n  depends_on = [module.worker_queue]\n}\n');
  assert.is.not(cut, text);
  const { problems } = await check(new Map([...files, [path, cut]]));
  assert.ok(problems.some((p) => p.startsWith('cycle: ') && p.includes('module.worker')), problems.join('\n'));
});

Order.run();

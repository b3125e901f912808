// Cross-file agreement in a rendered repo: the same fact (function name, region, architecture,
// runtime, memory, timeout, package, bucket, role, state key) is written in several files —
// aws-lambda-tools-defaults.json, the Terraform of infra/ and infra/bootstrap/, the deploy
// workflow and the Dockerfile — and every copy must say what the answers say. Each tool checks
// its own file; only this validator notices that two valid files disagree.
//
// Terraform is read with @cdktf/hcl2json (HCL → JSON, expressions kept as "${…}" strings) and
// values are followed the way the templates write them: a resource argument may be a literal,
// `var.x` (→ the variable's default), `local.x` (→ the local), or a string interpolating those.
// Problems read `path:line: what disagrees (expected X, found Y)`.
import { parse as parseHcl } from '@cdktf/hcl2json';
import { posix } from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { kebabCase, pipelineVariables, snakeCase, type Answers } from '../../generators/answers/index.js';
import { evaluateField, packageCommand, scenarios, UNKNOWN } from './workflow.js';

/** Where the workflow reads the region: the project's repository variable, set from the bootstrap output. */
const regionVariable = (answers: Answers): string => `\${{ vars.${pipelineVariables(answers).region} }}`;

type Files = ReadonlyMap<string, string>;
type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** hcl2json costs ~25 ms a file; matrix variants share most files byte for byte. */
const hclCache = new Map<string, Promise<Json>>();
function parseTf(path: string, text: string): Promise<Json> {
  const key = `${posix.basename(path)}\0${text}`;
  let parsed = hclCache.get(key);
  if (!parsed) {
    parsed = parseHcl(path, text);
    hclCache.set(key, parsed);
  }
  return parsed;
}

const show = (v: unknown): string => (v === undefined ? '(absent)' : typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v));
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

// ---------------------------------------------------------------------------
// Terraform stacks

interface Located {
  value: unknown;
  path: string;
  line: number;
}

interface Stack {
  dir: string;
  /** .tf path → text and parsed JSON. */
  files: Map<string, { text: string; json: Json }>;
  variables: Map<string, Located & { block: Json }>;
  outputs: Set<string>;
  locals: Map<string, Located>;
  /** `type.name` → the block body. */
  resources: Map<string, Located & { block: Json }>;
  /** `module "name"` blocks of this directory. */
  modules: Map<string, Located & { block: Json }>;
  data: Map<string, Located & { block: Json }>;
  providers: Map<string, Located & { block: Json }>;
  backends: Array<{ type: string; path: string; line: number }>;
}

function lineOfRegex(text: string, re: RegExp, from = 0): number {
  const lines = text.split('\n');
  for (let i = from; i < lines.length; i++) if (re.test(lines[i]!)) return i + 1;
  return 0;
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Line of `attr =` inside the block whose header matches `header` (1 when not found). */
function tfLine(text: string, header: RegExp, attr?: string): number {
  const start = lineOfRegex(text, header);
  if (start === 0) return 1;
  if (!attr) return start;
  const at = lineOfRegex(text, new RegExp(`^\\s*${escapeRe(attr)}\\s*=`), start);
  return at === 0 ? start : at;
}

async function readStack(files: Files, dir: string, problems: string[]): Promise<Stack> {
  const stack: Stack = {
    dir,
    files: new Map(),
    variables: new Map(),
    outputs: new Set(),
    locals: new Map(),
    resources: new Map(),
    modules: new Map(),
    data: new Map(),
    providers: new Map(),
    backends: [],
  };
  for (const [path, text] of files) {
    if (posix.dirname(path) !== dir || !path.endsWith('.tf')) continue;
    let json: Json;
    try {
      json = await parseTf(path, text);
    } catch (error) {
      // hcl2json: "parse config: [path:line,col-…: summary; detail]"
      const message = String((error as Error).message ?? error);
      const at = /\[([^:\]]+):(\d+),(\d+)[^:]*:\s*([^\]]*)\]/.exec(message);
      problems.push(at ? `${path}:${at[2]}:${at[3]}: HCL does not parse: ${at[4]} (hcl2json)` : `${path}: HCL does not parse: ${message} (hcl2json)`);
      continue;
    }
    stack.files.set(path, { text, json });
    for (const [name, blocks] of Object.entries<Json[]>(json.variable ?? {})) {
      const block = blocks[0] ?? {};
      stack.variables.set(name, { value: block.default, block, path, line: tfLine(text, new RegExp(`^variable\\s+"${escapeRe(name)}"`), 'default') });
    }
    for (const name of Object.keys(json.output ?? {})) stack.outputs.add(name);
    for (const group of (json.locals ?? []) as Json[]) {
      for (const [name, value] of Object.entries(group)) {
        stack.locals.set(name, { value, path, line: lineOfRegex(text, new RegExp(`^\\s*${escapeRe(name)}\\s*=`)) || 1 });
      }
    }
    for (const [kind, target] of [['resource', stack.resources], ['data', stack.data]] as const) {
      for (const [type, byName] of Object.entries<Json>(json[kind] ?? {})) {
        for (const [name, blocks] of Object.entries<Json[]>(byName)) {
          const line = tfLine(text, new RegExp(`^${kind}\\s+"${escapeRe(type)}"\\s+"${escapeRe(name)}"`));
          target.set(`${type}.${name}`, { value: undefined, block: blocks[0] ?? {}, path, line });
        }
      }
    }
    for (const [name, blocks] of Object.entries<Json[]>(json.module ?? {})) {
      stack.modules.set(name, { value: undefined, block: blocks[0] ?? {}, path, line: tfLine(text, new RegExp(`^module\\s+"${escapeRe(name)}"`)) });
    }
    for (const [name, blocks] of Object.entries<Json[]>(json.provider ?? {})) {
      stack.providers.set(name, { value: undefined, block: blocks[0] ?? {}, path, line: tfLine(text, new RegExp(`^provider\\s+"${escapeRe(name)}"`)) });
    }
    for (const t of (json.terraform ?? []) as Json[]) {
      for (const type of Object.keys(t.backend ?? {})) stack.backends.push({ type, path, line: tfLine(text, /^\s*backend\s+"/) });
    }
  }
  return stack;
}

const UNRESOLVED = Symbol('unresolved');
type Resolved = unknown | typeof UNRESOLVED;

/**
 * The value an argument has with every variable at its default: literals as they are,
 * `${var.x}` / `${local.x}` followed, `${lower(var.x)}` lowered, and strings interpolating
 * only those. Anything else (data sources, functions, resource attributes) is UNRESOLVED.
 */
function resolve(stack: Stack, value: unknown, depth = 0): Resolved {
  if (depth > 10) return UNRESOLVED;
  if (Array.isArray(value)) {
    const out = value.map((v) => resolve(stack, v, depth + 1));
    return out.includes(UNRESOLVED) ? UNRESOLVED : out;
  }
  if (typeof value !== 'string') return value;
  const ref = (expr: string): Resolved => {
    const e = expr.trim();
    let m = /^var\.([\w-]+)$/.exec(e);
    if (m) {
      const v = stack.variables.get(m[1]!);
      return v && v.value !== undefined ? resolve(stack, v.value, depth + 1) : UNRESOLVED;
    }
    m = /^local\.([\w-]+)$/.exec(e);
    if (m) {
      const v = stack.locals.get(m[1]!);
      return v ? resolve(stack, v.value, depth + 1) : UNRESOLVED;
    }
    m = /^lower\((.*)\)$/.exec(e);
    if (m) {
      const inner = ref(m[1]!);
      return typeof inner === 'string' ? inner.toLowerCase() : UNRESOLVED;
    }
    if (/^"[^"$]*"$/.test(e)) return e.slice(1, -1);
    return UNRESOLVED;
  };
  const whole = /^\$\{([^{}]*)\}$/.exec(value);
  if (whole) return ref(whole[1]!);
  let unresolved = false;
  const text = value.replace(/\$\{([^{}]*)\}/g, (_, expr: string) => {
    const v = ref(expr);
    if (v === UNRESOLVED || typeof v === 'object') {
      unresolved = true;
      return '';
    }
    return String(v);
  });
  return unresolved || text.includes('${') ? UNRESOLVED : text;
}

// ---------------------------------------------------------------------------
// The checks

/** Which way an image tag, runner label or platform names an architecture, if it does. */
function archOf(text: string): 'arm64' | 'x86_64' | undefined {
  const t = text.toLowerCase();
  if (/(^|[^a-z0-9])(arm64|aarch64)([^a-z0-9]|$)/.test(t) || /-arm$/.test(t)) return 'arm64';
  if (/(^|[^a-z0-9])(x86_64|x86-64|amd64|x64)([^a-z0-9]|$)/.test(t)) return 'x86_64';
  return undefined;
}

export async function crossFileProblems(files: Files, answers: Answers): Promise<string[]> {
  const problems: string[] = [];
  const zip = answers.package === 'zip';
  const image = answers.package === 'image';
  const expectEq = (where: string, what: string, expected: unknown, found: unknown): void => {
    if (!same(expected, found)) problems.push(`${where}: ${what} (expected ${show(expected)}, found ${show(found)})`);
  };

  // --- aws-lambda-tools-defaults.json --------------------------------------------------
  // One per function, next to its project: its name, memory and timeout; the rest repo-wide.
  const toolsTexts = new Map<string, string>();
  for (const fn of answers.functions) {
  const toolsPath = `src/${fn.name}/aws-lambda-tools-defaults.json`;
  const toolsText = files.get(toolsPath);
  if (toolsText !== undefined) toolsTexts.set(fn.name, toolsText);
  if (toolsText === undefined) {
    if (zip) problems.push(`${toolsPath}: not emitted (expected the Amazon.Lambda.Tools defaults next to the project)`);
  } else if (!zip) {
    problems.push(`${toolsPath}:1: emitted for an image function, which nothing packages with Amazon.Lambda.Tools (expected no file)`);
  } else {
    let tools: Json;
    try {
      tools = JSON.parse(toolsText);
    } catch {
      tools = undefined; // json.ts reports the syntax error with its position
    }
    if (tools) {
      const at = (key: string): string => `${toolsPath}:${lineOfRegex(toolsText, new RegExp(`"${escapeRe(key)}"\\s*:`)) || 1}`;
      const key = (k: string, what: string, expected: unknown) => expectEq(at(k), `"${k}" ${what}`, expected, tools[k]);
      key('function-name', 'is not the function name', fn.functionName);
      // Packaging needs no region; the bootstrap stack holds the only copy.
      key('region', 'must be absent (the region is written only in infra/bootstrap)', undefined);
      key('function-architecture', 'is not the architecture', answers.arch);
      key('framework', 'is not the target framework', answers.framework);
      key('function-memory-size', 'is not the memory size', fn.memory);
      key('function-timeout', 'is not the timeout', fn.timeout);
      key('function-runtime', zip ? 'is not the runtime' : 'must be absent for an image function', zip ? answers.runtime : undefined);
      if (image) key('package-type', 'is not the package type', 'image');
      else if (tools['package-type'] !== undefined) key('package-type', 'is not the package type', 'zip');
      // An image function uploads nothing through the bucket; naming it there is harmless.
      if (zip || tools['s3-bucket'] !== undefined) key('s3-bucket', answers.artifactBucket ? 'is not the artifact bucket' : 'names a bucket though none was chosen', answers.artifactBucket || undefined);
      key('function-role', answers.existingRole ? 'is not the existing role' : 'names a role though Terraform creates one', answers.existingRole || undefined);
      if (!zip && tools['function-handler'] !== undefined) key('function-handler', 'must be absent for an image function', undefined);
    }
  }
  }

  // --- Terraform ----------------------------------------------------------------------
  const infra = await readStack(files, 'infra', problems);
  const boot = await readStack(files, 'infra/bootstrap', problems);
  if (infra.files.size === 0) problems.push('infra: no .tf files emitted');
  // Since 0.3.0 each function is a module (infra/function_<name>.tf) of infra/modules/function;
  // repos rendered before have one function's resources at the root of infra/.
  const moduleLayout = answers.functions.some((fn) => infra.modules.has(snakeCase(fn.name)));
  const fnStack = moduleLayout ? await readStack(files, 'infra/modules/function', problems) : infra;
  if (boot.files.size === 0) problems.push('infra/bootstrap: no .tf files emitted');

  const variable = (stack: Stack, name: string, what: string, expected: unknown): void => {
    const v = stack.variables.get(name);
    if (!v) {
      if (expected !== undefined) problems.push(`${stack.dir}: variable "${name}" is missing (expected default ${show(expected)})`);
      return;
    }
    expectEq(`${v.path}:${v.line}`, `variable "${name}" default is not ${what}`, expected, v.value);
  };
  const argument = (stack: Stack, located: (Located & { block: Json }) | undefined, label: string, attr: string, what: string, expected: unknown): void => {
    if (!located) return;
    const raw = located.block[attr];
    const value = resolve(stack, raw);
    const text = stack.files.get(located.path)?.text ?? '';
    const line = raw === undefined ? located.line : lineOfRegex(text, new RegExp(`^\\s*${escapeRe(attr)}\\s*=`), located.line - 1) || located.line;
    // A value that comes from a variable's default is wrong where that default is written.
    const viaVar = typeof raw === 'string' ? /^\$\{var\.([\w-]+)\}$/.exec(raw)?.[1] : undefined;
    const variable = viaVar ? stack.variables.get(viaVar) : undefined;
    const where = variable ? `${variable.path}:${variable.line}` : `${located.path}:${line}`;
    const name = `${label}.${attr}${variable ? ` (var.${viaVar} default)` : ''}`;
    if (value === UNRESOLVED) {
      problems.push(`${where}: ${name} ${what} cannot be followed to a value (expected ${show(expected)}, found expression ${show(raw)})`);
      return;
    }
    expectEq(where, `${name} ${what}`, expected, value);
  };

  for (const stack of [infra, boot]) {
    if (stack.files.size === 0) continue;
    // The region's one literal is the bootstrap default; the function stack gets it as TF_VAR_region.
    variable(stack, 'region', stack === boot ? 'the region' : 'absent (TF_VAR_region sets it)', stack === boot ? answers.region : undefined);
    if (stack.variables.has('prefix') || moduleLayout) variable(stack, 'prefix', 'the function-name prefix', answers.prefix);
    else variable(stack, 'function_name', 'the function name', answers.functions[0]!.functionName);
    // The package goes through the bucket only for zip functions; images come from ECR.
    variable(stack, 'artifact_bucket', 'the artifact bucket', (zip && answers.artifactBucket) || undefined);
    variable(stack, 'execution_role_name', 'the existing role', answers.existingRole || undefined);
    const provider = stack.providers.get('aws');
    if (!provider) problems.push(`${stack.dir}: no provider "aws" block`);
    else if (stack === boot) argument(stack, provider, 'provider.aws', 'region', 'is not the region', answers.region);
    else expectEq(`${provider.path}:${provider.line}`, 'provider.aws region does not come from var.region', '${var.region}', provider.block.region);
  }

  // The function resource: its settings are literals or variable defaults at the root; in the
  // module they are the module's arguments (checked per function below), the rest literals.
  const fnEntry = [...fnStack.resources].find(([k]) => k.startsWith('aws_lambda_function.'));
  if (infra.files.size > 0 && !fnEntry) problems.push(`${fnStack.dir}: no aws_lambda_function resource`);
  if (fnEntry && !moduleLayout) {
    const [label, fn] = fnEntry;
    argument(infra, fn, label, 'function_name', 'is not the function name', answers.functions[0]!.functionName);
    argument(infra, fn, label, 'memory_size', 'is not the memory size', answers.functions[0]!.memory);
    argument(infra, fn, label, 'timeout', 'is not the timeout', answers.functions[0]!.timeout);
  }
  if (fnEntry) {
    const [label, fn] = fnEntry;
    const infra = fnStack;
    argument(infra, fn, label, 'architectures', 'is not the architecture', [answers.arch]);
    argument(infra, fn, label, 'runtime', zip ? 'is not the runtime' : 'must be absent for an image function', zip ? answers.runtime : undefined);
    if (image) argument(infra, fn, label, 'package_type', 'is not the package type', 'Image');
    else if (fn.block.package_type !== undefined) argument(infra, fn, label, 'package_type', 'is not the package type', 'Zip');
    if (!zip && fn.block.handler !== undefined) argument(infra, fn, label, 'handler', 'must be absent for an image function', undefined);
    // Handler: Terraform and the tools defaults name the same executable.
    const toolsText = toolsTexts.get(answers.functions[0]!.name);
    if (zip && toolsText) {
      try {
        argument(infra, fn, label, 'handler', 'is not the handler in aws-lambda-tools-defaults.json', JSON.parse(toolsText)['function-handler']);
      } catch {
        /* reported by json.ts */
      }
    }
  }
  const logGroup = [...infra.resources].find(([k]) => k.startsWith('aws_cloudwatch_log_group.'));
  if (logGroup && !moduleLayout) {
    argument(infra, logGroup[1], logGroup[0], 'retention_in_days', 'is not the log retention', answers.functions[0]!.logRetention);
    argument(infra, logGroup[1], logGroup[0], 'name', 'is not the function\'s log group', `/aws/lambda/${answers.functions[0]!.functionName}`);
  }
  const role = infra.data.get('aws_iam_role.execution');
  if (answers.existingRole) {
    if (!role) problems.push(`infra: no data "aws_iam_role" "execution" for the existing role ${answers.existingRole}`);
    else argument(infra, role, 'data.aws_iam_role.execution', 'name', 'is not the existing role', answers.existingRole);
  }
  const bucket = infra.data.get('aws_s3_bucket.artifacts');
  if (image) {
    // An image comes from ECR: nothing in infra/ may upload or read the zip.
    for (const [key, r] of [...infra.resources, ...infra.data]) {
      if (key.startsWith('aws_s3_object.') || key === 'aws_s3_bucket.artifacts') problems.push(`${r.path}:${r.line}: ${key} in an image stack (expected no package upload, found one)`);
    }
  }
  if (answers.artifactBucket && zip) {
    if (!bucket) problems.push(`infra: no data "aws_s3_bucket" "artifacts" for the artifact bucket ${answers.artifactBucket}`);
    else argument(infra, bucket, 'data.aws_s3_bucket.artifacts', 'bucket', 'is not the artifact bucket', answers.artifactBucket);
  }

  // Backend: S3 state ↔ backend "s3"; local ↔ no remote backend.
  const backend = infra.backends[0];
  const wantBackend = answers.state === 's3' ? 's3' : 'local';
  if (infra.files.size > 0) {
    if (!backend) problems.push(`infra: no backend block (expected backend "${wantBackend}")`);
    else expectEq(`${backend.path}:${backend.line}`, 'backend type is not the state backend', wantBackend, backend.type);
  }
  if (boot.backends.length > 0) {
    const b = boot.backends[0]!;
    problems.push(`${b.path}:${b.line}: the bootstrap stack must keep local state (expected no backend, found backend "${b.type}")`);
  }

  // ECR: the repository the bootstrap stack creates is the one infra/ reads and CI pushes to.
  const ecrName = answers.prefix.toLowerCase();
  if (image) {
    const created = boot.resources.get('aws_ecr_repository.function');
    if (!created) problems.push('infra/bootstrap: no aws_ecr_repository resource for the image');
    else argument(boot, created, 'aws_ecr_repository.function', 'name', 'is not the lowercased prefix', ecrName);
    const read = infra.data.get('aws_ecr_repository.function');
    if (!read) problems.push('infra: no data "aws_ecr_repository" for the image');
    else argument(infra, read, 'data.aws_ecr_repository.function', 'name', 'is not the repository the bootstrap stack creates', ecrName);
  }

  // The package Terraform reads, relative to infra/ (where terraform runs).
  let terraformPackage: string | undefined;
  if (zip && !moduleLayout) {
    const pkgVar = infra.variables.get('package_file');
    if (!pkgVar) problems.push('infra: no variable "package_file" for the zip package');
    else if (typeof pkgVar.value !== 'string') problems.push(`${pkgVar.path}:${pkgVar.line}: variable "package_file" has no string default (found ${show(pkgVar.value)})`);
    else terraformPackage = posix.normalize(posix.join('infra', pkgVar.value));
    // Whatever uploads the code reads that same file.
    if (fnEntry && pkgVar) {
      const [label, fn] = fnEntry;
      if (answers.artifactBucket) {
        const object = infra.resources.get('aws_s3_object.package');
        if (!object) problems.push('infra: no aws_s3_object "package" though the package goes through a bucket');
        else argument(infra, object, 'aws_s3_object.package', 'source', 'is not var.package_file', pkgVar.value);
        if (fn.block.filename !== undefined) argument(infra, fn, label, 'filename', 'must be absent when the package goes through S3', undefined);
      } else {
        argument(infra, fn, label, 'filename', 'is not var.package_file', pkgVar.value);
      }
    }
    // The stand-in package terraform test plans with must exist.
    for (const [path, text] of files) {
      if (!path.startsWith('infra/tests/') || !path.endsWith('.tftest.hcl')) continue;
      let json: Json;
      try {
        json = await parseTf(path, text);
      } catch {
        continue; // terraform test reports it
      }
      for (const group of (json.variables ?? []) as Json[]) {
        const p = group.package_file;
        if (typeof p === 'string' && !files.has(posix.normalize(posix.join('infra', p)))) {
          problems.push(`${path}:${lineOfRegex(text, /^\s*package_file\s*=/) || 1}: package_file points at a file that is not emitted (expected infra/${p} to exist, found nothing)`);
        }
      }
    }
  }

  // One module per function (infra/function_<name>.tf): its settings are the answers. Repos
  // rendered before that layout have a single function at the root, checked above.
  const functionModules = answers.functions.map((fn) => ({ fn, module: infra.modules.get(snakeCase(fn.name)) }));
  if (moduleLayout) {
    for (const { fn, module } of functionModules) {
      if (!module) {
        problems.push(`infra: no module "${snakeCase(fn.name)}" for function ${fn.name} (expected one in infra/function_${snakeCase(fn.name)}.tf)`);
        continue;
      }
      const label = `module.${snakeCase(fn.name)}`;
      argument(infra, module, label, 'function_name', 'is not the function name', fn.functionName);
      argument(infra, module, label, 'memory_size', 'is not the memory size', fn.memory);
      argument(infra, module, label, 'timeout', 'is not the timeout', fn.timeout);
      argument(infra, module, label, 'log_retention_days', 'is not the log retention', fn.logRetention);
      if (image && !String(module.block.image_uri ?? '').includes(`var.image_digests["${kebabCase(fn.name)}"]`)) {
        problems.push(`${module.path}:${module.line}: ${label}.image_uri does not read this function's digest (expected var.image_digests["${kebabCase(fn.name)}"], found ${show(module.block.image_uri)})`);
      }
    }
    if (image) {
      const digests = infra.variables.get('image_digests');
      if (!digests) problems.push('infra: no variable "image_digests" (the workflow passes every function\'s digest as TF_VAR_image_digests)');
    }
  }
  /** The package Terraform deploys for `fn`, repo-relative, and where that is written. */
  const terraformPackageOf = (fn: Answers['functions'][number]): { path: string; where: string } | undefined => {
    const module = infra.modules.get(snakeCase(fn.name));
    if (module) {
      const value = resolve(infra, module.block.package_file);
      const line = lineOfRegex(infra.files.get(module.path)?.text ?? '', /^\s*package_file\s*=/, module.line - 1) || module.line;
      if (typeof value !== 'string') {
        problems.push(`${module.path}:${line}: module.${snakeCase(fn.name)}.package_file cannot be followed to a path (found ${show(module.block.package_file)})`);
        return undefined;
      }
      return { path: posix.normalize(posix.join('infra', value)), where: `${module.path}:${line}` };
    }
    if (moduleLayout || answers.functions.length !== 1 || terraformPackage === undefined) return undefined;
    const v = infra.variables.get('package_file')!;
    return { path: terraformPackage, where: `${v.path}:${v.line}` };
  };

  // --- The workflow ---------------------------------------------------------------------
  const wfPath = '.github/workflows/deploy.yml';
  const wfText = files.get(wfPath);
  if (wfText === undefined) problems.push(`${wfPath}: not emitted`);
  else {
    const lineCounter = new LineCounter();
    const doc: Document = parseDocument(wfText, { lineCounter, prettyErrors: false });
    if (doc.errors.length === 0) {
      const wf = doc.toJS() as Json;
      const lineOf = (keys: Array<string | number>): number => {
        for (let n = keys.length; n >= 0; n--) {
          const node = doc.getIn(keys.slice(0, n), true) as { range?: [number, number, number] } | undefined;
          if (node && typeof node === 'object' && node.range) return lineCounter.linePos(node.range[0]).line;
        }
        return 1;
      };
      const at = (keys: Array<string | number>): string => `${wfPath}:${lineOf(keys)}`;
      const jobs: Record<string, Json> = wf?.jobs ?? {};
      const steps = (jobId: string): Array<[Json, number]> => ((jobs[jobId]?.steps ?? []) as Json[]).map((s, i) => [s, i]);
      const allSteps = Object.keys(jobs).flatMap((jobId) => steps(jobId).map(([s, i]) => ({ jobId, s, i })));

      // Region: every credentials step, and the state backend's region.
      for (const { jobId, s, i } of allSteps) {
        if (String(s.uses ?? '').startsWith('aws-actions/configure-aws-credentials@')) {
          expectEq(at(['jobs', jobId, 'steps', i, 'with', 'aws-region']), `configure-aws-credentials aws-region is not the repository variable ${pipelineVariables(answers).region}`, regionVariable(answers), s.with?.['aws-region']);
        }
        const run = String(s.run ?? '');
        if (/\bterraform\s+init\b/.test(run)) {
          const region = /-backend-config="?region=([^"\s]+)/.exec(run)?.[1];
          const key = /-backend-config="?key=([^"\s]+)/.exec(run)?.[1];
          if (answers.state === 's3') {
            expectEq(at(['jobs', jobId, 'steps', i, 'run']), 'terraform init backend region is not $AWS_REGION', '$AWS_REGION', region);
            for (const name of ['AWS_REGION', 'TF_VAR_region']) {
              expectEq(at(['jobs', jobId, 'env', name]), `${jobId} env ${name} is not the repository variable ${pipelineVariables(answers).region}`, regionVariable(answers), jobs[jobId]?.env?.[name]);
            }
            expectEq(at(['jobs', jobId, 'steps', i, 'run']), 'terraform init state key is not <prefix>/terraform.tfstate', `${answers.prefix}/terraform.tfstate`, key);
            const bootKey = boot.locals.get('state_key');
            if (!bootKey) problems.push('infra/bootstrap: no local "state_key" (the key the deploy role may write)');
            else {
              const v = resolve(boot, bootKey.value);
              expectEq(`${bootKey.path}:${bootKey.line}`, 'local.state_key is not the key the workflow passes to terraform init', key, v === UNRESOLVED ? bootKey.value : v);
            }
          } else if (region !== undefined || key !== undefined) {
            problems.push(`${at(['jobs', jobId, 'steps', i, 'run'])}: terraform init passes backend settings though state is local (expected none, found ${show(region ?? key)})`);
          }
        }
        // A test or build command must name files that exist.
        const sln = /\bdotnet\s+test\s+(\S+\.sln)\b/.exec(run)?.[1];
        if (sln && !files.has(sln)) problems.push(`${at(['jobs', jobId, 'steps', i, 'run'])}: dotnet test names a solution that is not emitted (expected one of ${show([...files.keys()].filter((p) => p.endsWith('.sln')))}, found ${show(sln)})`);
        const wd = s['working-directory'];
        // A matrix value is followed per leg below.
        if (typeof wd === 'string' && !wd.includes('matrix.') && ![...files.keys()].some((p) => p.startsWith(`${wd}/`))) {
          problems.push(`${at(['jobs', jobId, 'steps', i, 'working-directory'])}: working-directory is not an emitted directory (expected a directory of the repo, found ${show(wd)})`);
        }
      }

      // The build runner's architecture.
      const build = jobs.build;
      if (!build) problems.push(`${wfPath}: no build job`);
      else {
        const runsOn = build['runs-on'];
        const labels = ([] as unknown[]).concat(runsOn ?? []).map(String);
        const where = at(['jobs', 'build', 'runs-on']);
        if (labels.some((l) => l.toLowerCase() === 'self-hosted')) {
          const named = labels.map(archOf).filter((a) => a !== undefined);
          if (named.length === 0) problems.push(`${where}: self-hosted build runner labels do not name the architecture (expected a label for ${answers.arch}, found ${show(labels)})`);
          else if (named.some((a) => a !== answers.arch)) problems.push(`${where}: self-hosted build runner labels name another architecture (expected ${answers.arch}, found ${show(labels)})`);
        } else {
          const label = labels.length === 1 ? labels[0]! : '';
          const hosted = /^ubuntu-[\d.]+-arm$/.test(label) ? 'arm64' : /^ubuntu-([\d.]+|latest)$/.test(label) ? 'x86_64' : undefined;
          const expected = answers.arch === 'arm64' ? 'ubuntu-24.04-arm' : 'ubuntu-24.04';
          if (hosted !== answers.arch) problems.push(`${where}: build runner architecture is not the function architecture ${answers.arch} (expected ${expected}, found ${show(runsOn)})`);
        }
      }

      if (zip) {
        // Per build leg: dotnet lambda package → upload → download → the path Terraform reads
        // for that function.
        const include = (jobs.build?.strategy?.matrix?.include ?? []) as Array<Record<string, unknown>>;
        const onLeg = (leg: Record<string, unknown>, v: unknown): string => {
          const value = evaluateField(v, { ...scenarios.pushMain, matrix: leg });
          return value === UNKNOWN ? '' : String(value ?? '');
        };
        const ups = steps('build').filter(([s]) => String(s.uses ?? '').startsWith('actions/upload-artifact@'));
        const downs = Object.keys(jobs)
          .filter((j) => j !== 'build')
          .flatMap((jobId) => steps(jobId).filter(([s]) => String(s.uses ?? '').startsWith('actions/download-artifact@')).map(([s, i]) => ({ jobId, s, i })));
        for (const fn of answers.functions) {
          const leg = include.find((l) => l.function === fn.name);
          if (!leg) {
            problems.push(`${at(['jobs', 'build', 'strategy'])}: function ${fn.name} has no build leg (expected a matrix include entry with function: ${fn.name}, found ${show(include.map((l) => l.function))})`);
            continue;
          }
          let packaged: string | undefined;
          for (const [s, i] of steps('build')) {
            const run = onLeg(leg, s.run);
            if (!packageCommand.test(run)) continue;
            const where = at(['jobs', 'build', 'steps', i, 'run']);
            expectEq(where, 'dotnet lambda package --function-architecture is not the architecture', answers.arch, /--function-architecture\s+(\S+)/.exec(run)?.[1]);
            expectEq(where, 'dotnet lambda package --framework is not the target framework', answers.framework, /--framework\s+(\S+)/.exec(run)?.[1]);
            const out = /--output-package\s+"?([^"\s]+)"?/.exec(run)?.[1];
            packaged = out?.replace(/^\$\{?GITHUB_WORKSPACE\}?\//, '');
            if (s['working-directory'] !== undefined) {
              expectEq(at(['jobs', 'build', 'steps', i, 'working-directory']), `leg ${fn.name}: dotnet lambda package does not run in the project with its tools defaults`, `src/${fn.name}`, onLeg(leg, s['working-directory']));
            }
          }
          if (packaged === undefined) {
            problems.push(`${at(['jobs', 'build', 'steps'])}: no dotnet lambda package --output-package step (expected the zip Terraform reads, found none)`);
            continue;
          }
          const up = ups[0];
          if (!up) {
            problems.push(`${at(['jobs', 'build', 'steps'])}: the package is never uploaded (expected upload-artifact of ${show(packaged)}, found none)`);
            continue;
          }
          const [u, ui] = up;
          const name = onLeg(leg, u.with?.name);
          // A folder uploads what is under it; a file uploads itself at the artifact's root.
          const upPath = onLeg(leg, u.with?.path).replace(/\/$/, '');
          const inArtifact = upPath === packaged ? posix.basename(packaged) : packaged.startsWith(`${upPath}/`) ? packaged.slice(upPath.length + 1) : undefined;
          if (inArtifact === undefined) {
            problems.push(`${at(['jobs', 'build', 'steps', ui, 'with', 'path'])}: leg ${fn.name} uploads ${show(upPath)}, which does not hold the package it writes (expected ${show(packaged)} under it)`);
            continue;
          }
          const glob = (p: unknown) => new RegExp(`^${String(p).split('*').map((x) => x.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
          const down = downs.find((d) => d.s.with?.name === name || (d.s.with?.name === undefined && d.s.with?.pattern !== undefined && glob(d.s.with.pattern).test(name)));
          if (!down) {
            problems.push(`${at(['jobs', 'build', 'steps', ui, 'with', 'name'])}: no job downloads the artifact of leg ${fn.name} (expected a download-artifact name or pattern matching ${show(name)}, found ${show(downs.map((d) => d.s.with?.name ?? d.s.with?.pattern))})`);
            continue;
          }
          const merged = down.s.with?.name === name || down.s.with?.['merge-multiple'] === true;
          const dir = String(down.s.with?.path ?? '.');
          const landed = posix.normalize(merged ? posix.join(dir, inArtifact) : posix.join(dir, name, inArtifact));
          expectEq(at(['jobs', down.jobId, 'steps', down.i, 'with', 'path']), `the downloaded package is not where the build uploaded it from (leg ${fn.name})`, packaged, landed);
          const read = terraformPackageOf(fn);
          if (read !== undefined) expectEq(read.where, `the package Terraform reads for ${fn.name} (relative to infra/) is not the one the workflow downloads`, landed, read.path);
          const job = jobs[down.jobId];
          if (job && !([] as string[]).concat(job.needs ?? []).includes('build')) {
            problems.push(`${at(['jobs', down.jobId, 'needs'])}: job ${down.jobId} downloads the build's artifact without needs: build (expected "build", found ${show(job.needs)})`);
          }
        }
      } else {
        // Image: every image build is for the function's platform; the pushed repository is ECR's.
        const platform = answers.arch === 'arm64' ? 'linux/arm64' : 'linux/amd64';
        const builds = steps('build').filter(([s]) => String(s.uses ?? '').startsWith('docker/build-push-action@'));
        if (builds.length === 0) problems.push(`${at(['jobs', 'build', 'steps'])}: no docker/build-push-action step for the image (expected one for ${platform}, found none)`);
        for (const [s, i] of builds) {
          expectEq(at(['jobs', 'build', 'steps', i, 'with', 'platforms']), 'image build platform is not the function architecture', platform, s.with?.platforms);
          const tags = s.with?.tags;
          if (tags !== undefined) {
            const repo = /(?:^|\/)([^/:\s]+):/.exec(String(tags).replace(/\$\{\{[^}]*\}\}/g, 'X'))?.[1];
            expectEq(at(['jobs', 'build', 'steps', i, 'with', 'tags']), 'image tag repository is not the ECR repository', ecrName, repo);
          }
        }
      }
    }
  }

  // --- Names one file uses and another defines ---------------------------------------------
  problems.push(...nameProblems(files, new Map([['infra', infra], ['infra/bootstrap', boot]])));

  // --- Dockerfile ---------------------------------------------------------------------------
  const dockerText = files.get('Dockerfile');
  if (image && dockerText === undefined) problems.push('Dockerfile: not emitted for an image function');
  if (!image && dockerText !== undefined) problems.push('Dockerfile: emitted for a zip function (expected none)');
  if (dockerText !== undefined) {
    const lines = dockerText.split('\n');
    const froms: Array<{ image: string; stage?: string; line: number }> = [];
    const stages = new Set<string>();
    lines.forEach((line, i) => {
      const m = /^\s*FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
      if (m) {
        froms.push({ image: m[1]!, stage: m[2], line: i + 1 });
        if (m[2]) stages.add(m[2].toLowerCase());
      }
      const plat = /--platform=(\S+)/.exec(line);
      if (plat && /^\s*FROM/i.test(line)) expectEq(`Dockerfile:${i + 1}`, 'FROM --platform is not the function architecture', answers.arch, archOf(plat[1]!));
      const rid = /--runtime\s+(linux-\S+)/.exec(line)?.[1];
      if (rid) expectEq(`Dockerfile:${i + 1}`, 'runtime identifier is not the function architecture', answers.arch === 'arm64' ? 'linux-arm64' : 'linux-x64', rid);
      // COPY sources from the build context must be emitted.
      const copy = /^\s*COPY\s+(?!.*--from)(.*)$/i.exec(line);
      if (copy) {
        const parts = copy[1]!.split(/\s+/).filter((p) => p && !p.startsWith('--'));
        for (const src of parts.slice(0, -1)) {
          const rel = src.replace(/^\.\//, '').replace(/\/$/, '');
          const exists = rel === '.' || files.has(rel) || [...files.keys()].some((p) => p.startsWith(`${rel}/`));
          if (!exists) problems.push(`Dockerfile:${i + 1}: COPY source is not in the build context (expected an emitted file, found ${show(src)})`);
        }
      }
    });
    // Every function's project is restored for the runtime identifier publish uses, and the
    // publish stage builds the project the build argument FUNCTION names (as CI passes it).
    const rid = answers.arch === 'arm64' ? 'linux-arm64' : 'linux-x64';
    for (const fn of answers.functions) {
      const project = `src/${fn.name}/${fn.name}.csproj`;
      const restored = lines.findIndex((l) => new RegExp(`^RUN\\s+dotnet\\s+restore\\s+${escapeRe(project)}\\s+--runtime\\s+${rid}\\s*$`).test(l));
      if (restored < 0) problems.push(`Dockerfile:1: ${fn.name}'s project is never restored for ${rid} (expected "RUN dotnet restore ${project} --runtime ${rid}", found none)`);
    }
    // ARG FUNCTION is per stage: the one that counts is declared in the stage that runs the command.
    const inStage = (command: RegExp): { run: number; arg: number } => {
      const run = lines.findIndex((l) => command.test(l));
      let from = run;
      while (from >= 0 && !/^\s*FROM\b/i.test(lines[from]!)) from--;
      const arg = run < 0 ? -1 : lines.findIndex((l, i) => i > from && i < run && /^ARG\s+FUNCTION\b/.test(l));
      return { run, arg };
    };
    const checkArg = (arg: number): void => {
      const fallback = /^ARG\s+FUNCTION=(\S+)/.exec(lines[arg]!)?.[1];
      expectEq(`Dockerfile:${arg + 1}`, 'ARG FUNCTION default is not the first function', answers.functions[0]!.name, fallback);
    };
    const publish = inStage(/^RUN\s+dotnet\s+publish\b/);
    if (publish.arg < 0 || !lines[publish.run]!.includes('"src/${FUNCTION}/${FUNCTION}.csproj"')) {
      problems.push(`Dockerfile:${publish.run + 1 || 1}: the publish stage does not build the project named by ARG FUNCTION (expected ARG FUNCTION, then dotnet publish "src/\${FUNCTION}/\${FUNCTION}.csproj")`);
    } else checkArg(publish.arg);
    // Issue 24: each build leg runs the test stage with its FUNCTION: that stage must test that
    // function's test project alone (not the solution, not a fixed project).
    if (answers.tests) {
      const tests = inStage(/^RUN\s+dotnet\s+test\b/);
      if (tests.arg < 0 || !lines[tests.run]!.includes('"test/${FUNCTION}.Tests/${FUNCTION}.Tests.csproj"')) {
        problems.push(`Dockerfile:${tests.run + 1 || 1}: the test stage does not test the function named by ARG FUNCTION (expected ARG FUNCTION, then dotnet test "test/\${FUNCTION}.Tests/\${FUNCTION}.Tests.csproj", found ${show(tests.run < 0 ? null : lines[tests.run])})`);
      } else checkArg(tests.arg);
    }
    const external = froms.filter((f) => !stages.has(f.image.toLowerCase()));
    const final = froms[froms.length - 1];
    if (!final) problems.push('Dockerfile:1: no FROM instruction (expected a final stage on the Lambda base image)');
    else if (stages.has(final.image.toLowerCase())) {
      problems.push(`Dockerfile:${final.line}: the final stage is built FROM another stage (expected the Lambda base image for ${answers.arch}, found ${show(final.image)})`);
    } else {
      expectEq(`Dockerfile:${final.line}`, 'final FROM image tag is not the function architecture', answers.arch, archOf(final.image.split(':').slice(1).join(':')));
    }
    for (const f of external) {
      if (f === final) continue;
      const tagArch = archOf(f.image.split(':').slice(1).join(':'));
      if (tagArch !== undefined) expectEq(`Dockerfile:${f.line}`, `FROM ${f.image} image tag is not the function architecture`, answers.arch, tagArch);
    }
  }

  return problems;
}

// ---------------------------------------------------------------------------
// Names: what the README and the workflow read must be what the stacks and the README define.
//  - `terraform output -raw X` (README, workflow run: scripts) names an output of the stack it
//    runs in: `-chdir=DIR`, else the step's working directory, else (README) the directory the
//    last `cd` before it entered;
//  - `-var X=…` (README) and `TF_VAR_X` (workflow env) name a variable of that stack;
//  - every `vars.X` the workflow reads is set by a `gh variable set X` in the README or the
//    setup script it runs, and every variable they set is read by the workflow.

const showList = (names: Iterable<string>): string => [...names].sort().join(', ') || 'none';

function nameProblems(files: Files, stacks: Map<string, Stack>): string[] {
  const problems: string[] = [];
  const dirs = new Set([...files.keys()].flatMap((p) => p.split('/').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('/'))));
  const inStack = (where: string, dir: string, kind: 'output' | 'variable', name: string, how: string): void => {
    const stack = stacks.get(dir);
    if (!stack || stack.files.size === 0) {
      problems.push(`${where}: ${how} runs in ${JSON.stringify(dir || '.')}, which is not a Terraform stack (expected infra or infra/bootstrap)`);
      return;
    }
    const defined = kind === 'output' ? stack.outputs : new Set(stack.variables.keys());
    if (!defined.has(name)) problems.push(`${where}: ${how}: ${dir} has no ${kind} "${name}" (expected one of: ${showList(defined)})`);
  };

  // The documented set-up, each file read in order as one shell session: the README, and the
  // one-time setup script it runs (whose `-chdir="$HERE"` is its own folder, infra/bootstrap).
  const readme = files.get('README.md');
  const setup = 'infra/bootstrap/setup.sh';
  const setByDocs = new Map<string, string>();
  const readShell = (path: string, text: string, cwd: string, here: string | undefined): void => {
    text.split('\n').forEach((line, i) => {
      const where = `${path}:${i + 1}`;
      for (const m of line.matchAll(/(?:^|[\s;&(`])cd\s+([^\s;&)`]+)/g)) {
        const target = m[1]!;
        const fromHere = posix.normalize(posix.join(cwd, target));
        const fromRoot = posix.normalize(target);
        cwd = dirs.has(fromHere) ? fromHere : dirs.has(fromRoot) ? fromRoot : fromHere;
        if (cwd === '.') cwd = '';
      }
      const chdir = /terraform\s+-chdir=(\S+)/.exec(line)?.[1];
      const dir = chdir === '"$HERE"' && here !== undefined ? here : (chdir ?? cwd);
      for (const m of line.matchAll(/terraform\s+(?:-chdir=\S+\s+)?output\s+(?:-\w+\s+)*-raw\s+([A-Za-z_][\w-]*)/g)) inStack(where, dir, 'output', m[1]!, `terraform output -raw ${m[1]}`);
      if (/\bterraform\b/.test(line)) {
        for (const m of line.matchAll(/-var\s+['"]?([A-Za-z_][\w-]*)=/g)) inStack(where, dir, 'variable', m[1]!, `-var ${m[1]}=…`);
      }
      for (const m of line.matchAll(/gh\s+variable\s+set\s+([A-Za-z_]\w*)/g)) setByDocs.set(m[1]!, where);
    });
  };
  if (readme !== undefined) readShell('README.md', readme, '', undefined);
  const setupText = files.get(setup);
  if (setupText !== undefined) {
    // A command continued with `\` is read as one line (at its first line), so each -var is
    // seen with its `terraform`; the continuation lines become empty and keep the numbering.
    const joined = setupText.split('\n').reduce<string[]>((lines, line, i, all) => {
      const last = lines.length - 1;
      if (i > 0 && all[i - 1]!.endsWith('\\')) {
        let start = last;
        while (lines[start] === '') start--;
        lines[start] = `${lines[start]!.slice(0, -1)} ${line.trim()}`;
        lines.push('');
      } else lines.push(line);
      return lines;
    }, []);
    readShell(setup, joined.join('\n'), 'infra/bootstrap', 'infra/bootstrap');
  }
  const docs = setupText === undefined ? 'README.md' : `README.md and ${setup}`;

  // The workflows.
  for (const [path, text] of files) {
    if (!/^\.github\/workflows\/[^/]+\.ya?ml$/.test(path)) continue;
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, { lineCounter, prettyErrors: false });
    if (doc.errors.length > 0) continue; // reported by the workflow validator
    const lineOf = (keys: Array<string | number>): number => {
      const node = doc.getIn(keys, true) as { range?: [number, number, number] } | undefined;
      return node?.range ? lineCounter.linePos(node.range[0]).line : 1;
    };
    const wf = doc.toJS() as Json;
    const readVars = new Map<string, number>();
    text.split('\n').forEach((line, i) => {
      for (const expr of line.matchAll(/\$\{\{([^}]*)\}\}/g)) for (const m of expr[1]!.matchAll(/\bvars\.([A-Za-z_]\w*)/g)) if (!readVars.has(m[1]!)) readVars.set(m[1]!, i + 1);
    });
    if (readme !== undefined) {
      for (const [name, line] of readVars) {
        if (!setByDocs.has(name)) problems.push(`${path}:${line}: the workflow reads vars.${name}, but ${docs} never set it (expected a "gh variable set ${name}" command, found ${showList(setByDocs.keys())})`);
      }
      for (const [name, where] of setByDocs) {
        if (!readVars.has(name)) problems.push(`${where}: gh variable set ${name}, but no workflow reads vars.${name} (it reads ${showList(readVars.keys())})`);
      }
    }
    const envLevels = (jobId: string, job: Json): Array<[Array<string | number>, Json]> => [
      [['env'], wf.env],
      [['jobs', jobId, 'env'], job.env],
      ...((job.steps ?? []) as Json[]).map((step, i) => [['jobs', jobId, 'steps', i, 'env'], step.env] as [Array<string | number>, Json]),
    ];
    for (const [jobId, job] of Object.entries<Json>(wf.jobs ?? {})) {
      const jobDir = String(job.defaults?.run?.['working-directory'] ?? '');
      // TF_VAR_x reaches every terraform command of the job, which runs in its default directory.
      if (Object.values<Json>(job.steps ?? []).some((step) => /\bterraform\b/.test(String(step.run ?? '')))) {
        for (const [keys, env] of envLevels(jobId, job)) {
          for (const name of Object.keys(env ?? {})) {
            const variable = /^TF_VAR_(.+)$/.exec(name)?.[1];
            if (variable) inStack(`${path}:${lineOf([...keys, name])}`, jobDir, 'variable', variable, `${name}`);
          }
        }
      }
      ((job.steps ?? []) as Json[]).forEach((step, i) => {
        const run = String(step.run ?? '');
        const dir = /terraform\s+-chdir=(\S+)/.exec(run)?.[1] ?? String(step['working-directory'] ?? jobDir);
        // A TF_VAR_ a step writes to $GITHUB_ENV reaches the job's later terraform commands.
        for (const m of run.matchAll(/\bTF_VAR_([A-Za-z_]\w*)=[^\n]*>>\s*"?\$\{?GITHUB_ENV\b/g)) {
          inStack(`${path}:${lineOf(['jobs', jobId, 'steps', i, 'run'])}`, jobDir, 'variable', m[1]!, `TF_VAR_${m[1]} (set through $GITHUB_ENV)`);
        }
        for (const m of run.matchAll(/terraform\s+(?:-chdir=\S+\s+)?output\s+(?:-\w+\s+)*-raw\s+([A-Za-z_][\w-]*)/g)) {
          inStack(`${path}:${lineOf(['jobs', jobId, 'steps', i, 'run'])}`, dir, 'output', m[1]!, `terraform output -raw ${m[1]}`);
        }
      });
    }
  }
  return problems;
}

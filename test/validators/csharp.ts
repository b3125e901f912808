// C# syntax check without a .NET SDK: every `.cs` file is parsed with tree-sitter's C#
// grammar (WASM), and every ERROR or MISSING node is reported as `path:line:col`.
// Syntax only: types, overloads and nullability are the compiler's job, not this one's.
import { createRequire } from 'node:module';
import { Language, Parser, type Node } from 'web-tree-sitter';

type Files = ReadonlyMap<string, string>;

const require = createRequire(import.meta.url);
const grammarPath = require.resolve('tree-sitter-c-sharp/tree-sitter-c_sharp.wasm');

// Loaded once per process: the WASM runtime and the grammar are the slow part.
let parserPromise: Promise<Parser> | undefined;
function parser(): Promise<Parser> {
  parserPromise ??= (async () => {
    await Parser.init();
    const language = await Language.load(grammarPath);
    return new Parser().setLanguage(language);
  })();
  return parserPromise;
}

function problemsIn(node: Node, path: string, out: string[]): void {
  if (node.isMissing || node.isError) {
    const { row, column } = node.startPosition;
    const what = node.isMissing
      ? `missing ${node.type}`
      : `syntax error near ${JSON.stringify(node.text.split('\n')[0]!.slice(0, 40))}`;
    out.push(`${path}:${row + 1}:${column + 1}: ${what} (tree-sitter-c-sharp)`);
    if (node.isError) return; // its children are the same error seen piecewise
  }
  if (!node.hasError && !node.isMissing) return;
  for (const child of node.children) if (child) problemsIn(child, path, out);
}

/** Parse one C# source text; returns problems as `path:line:col: message`. */
export async function csharpSyntaxProblems(path: string, source: string): Promise<string[]> {
  const tree = (await parser()).parse(source);
  if (!tree) return [`${path}:1:1: tree-sitter returned no tree`];
  try {
    const out: string[] = [];
    problemsIn(tree.rootNode, path, out);
    return out;
  } finally {
    tree.delete();
  }
}

/** Every `.cs` file in `files`. */
export async function validateCsharp(files: Files): Promise<string[]> {
  const problems: string[] = [];
  for (const [path, content] of files) {
    if (path.endsWith('.cs')) problems.push(...(await csharpSyntaxProblems(path, content)));
  }
  return problems;
}

// ---------------------------------------------------------------------------
// The wire format: what Lambda's serializer reads and writes, checked in the source because
// nothing here can run `dotnet`. SourceGeneratorLambdaJsonSerializer builds its own options
// (reading ignores case; writing uses AwsNamingPolicy, which without a fallback writes names as
// declared), so camelCase on the wire needs the naming policy set in its constructor's
// customizer. Main and the tests must use one construction, or the tests check a copy.

type Answers = { functions: ReadonlyArray<{ name: string; trigger: string }> };

const squash = (text: string): string => text.replace(/\s+/g, '');
const lineOf = (node: Node): number => node.startPosition.row + 1;

function descendants(node: Node, type: string | ((n: Node) => boolean)): Node[] {
  const test = typeof type === 'string' ? (n: Node) => n.type === type : type;
  const out: Node[] = [];
  const walk = (n: Node): void => {
    if (test(n)) out.push(n);
    for (const child of n.children) if (child) walk(child);
  };
  walk(node);
  return out;
}

const nameOf = (node: Node): string | undefined => node.childForFieldName('name')?.text;
/** The type, written plainly or namespace-qualified. */
const generatedSerializer = /(^|\.)SourceGeneratorLambdaJsonSerializer\b/;
const isCreation = (n: Node): boolean => n.type === 'object_creation_expression' || n.type === 'implicit_object_creation_expression';
/** `new SourceGeneratorLambdaJsonSerializer<…>(…)`, or `new(…)` where the target type is one. */
function serializerCreations(root: Node): Node[] {
  return descendants(root, (n) => n.type === 'object_creation_expression' && generatedSerializer.test(squash(n.childForFieldName('type')?.text ?? '')));
}

async function parsed<T>(source: string, use: (root: Node) => T): Promise<T> {
  const tree = (await parser()).parse(source);
  if (!tree) throw new Error('tree-sitter returned no tree');
  try {
    return use(tree.rootNode);
  } finally {
    tree.delete();
  }
}

/** The naming setting Function.Serializer() must make, as source text without spaces. */
export const camelCasePolicy = 'PropertyNamingPolicy=newAwsNamingPolicy(JsonNamingPolicy.CamelCase)';

/**
 * For every function: `Function.Serializer()` builds the one Lambda serializer and sets the
 * camelCase naming policy; `Main` hands exactly that to LambdaBootstrapBuilder; the test's round
 * trip goes through `Function.Serializer()` and builds no serializer of its own.
 */
export async function serializerProblems(files: Files, answers: Answers): Promise<string[]> {
  const problems: string[] = [];
  for (const fn of answers.functions) {
    const path = `src/${fn.name}/Function.cs`;
    const source = files.get(path);
    if (source === undefined) continue; // the project checks report a missing file
    await parsed(source, (root) => {
      const methods = descendants(root, 'method_declaration');
      const serializer = methods.find((m) => nameOf(m) === 'Serializer');
      if (!serializer) {
        problems.push(`${path}:1: no Function.Serializer() method: Main and the tests must build the Lambda serializer in one place`);
      } else {
        const returns = serializer.childForFieldName('returns')?.text ?? '';
        if (!generatedSerializer.test(squash(returns))) problems.push(`${path}:${lineOf(serializer)}: Function.Serializer() returns ${returns}, not the source-generated SourceGeneratorLambdaJsonSerializer<…>`);
        const creations = descendants(serializer, isCreation);
        const built = creations.filter((c) => c.type === 'implicit_object_creation_expression' || generatedSerializer.test(squash(c.childForFieldName('type')?.text ?? '')));
        if (built.length !== 1) problems.push(`${path}:${lineOf(serializer)}: Function.Serializer() builds ${built.length} serializers, expected exactly one`);
        const naming = descendants(serializer, 'assignment_expression').some((a) => squash(a.text).endsWith(camelCasePolicy) && /\.PropertyNamingPolicy$/.test(squash(a.childForFieldName('left')?.text ?? '')));
        if (!naming) {
          problems.push(
            `${path}:${lineOf(serializer)}: Function.Serializer() does not set ${camelCasePolicy.replace('=new', ' = new ')} in its options customizer: the Lambda serializer would write property names as declared ("Message", not "message")`,
          );
        }
      }
      const outside = serializerCreations(root).filter((c) => !serializer || c.startIndex < serializer.startIndex || c.endIndex > serializer.endIndex);
      for (const c of outside) problems.push(`${path}:${lineOf(c)}: builds a Lambda serializer outside Function.Serializer() (${c.text.split('\n')[0]}): use Serializer()`);
      const main = methods.find((m) => nameOf(m) === 'Main');
      const create = main && descendants(main, 'invocation_expression').find((i) => /(^|\.)LambdaBootstrapBuilder\.Create$/.test(squash(i.childForFieldName('function')?.text ?? '')));
      const args = create?.childForFieldName('arguments')?.namedChildren.filter((a): a is Node => a?.type === 'argument') ?? [];
      const passed = args[1] ? squash(args[1].text) : undefined;
      if (passed !== 'Serializer()' && passed !== 'Function.Serializer()') {
        problems.push(`${path}:${create ? lineOf(create) : main ? lineOf(main) : 1}: Main does not pass Serializer() to LambdaBootstrapBuilder.Create (found ${args[1]?.text ?? 'no call'}): Lambda would run a serializer the tests do not check`);
      }
    });

    const testPath = `test/${fn.name}.Tests/FunctionTest.cs`;
    const tests = files.get(testPath);
    if (tests === undefined) continue;
    await parsed(tests, (root) => {
      for (const c of serializerCreations(root)) problems.push(`${testPath}:${lineOf(c)}: the test builds its own serializer (${c.text.split('\n')[0]}): it must round-trip through Function.Serializer(), the one Main runs`);
      const shared = descendants(root, 'variable_declarator').filter((d) => descendants(d, 'invocation_expression').some((i) => squash(i.text) === 'Function.Serializer()'));
      const names = new Set(shared.map((d) => nameOf(d)));
      const roundTrips = descendants(root, 'invocation_expression').filter((i) => {
        const callee = squash(i.childForFieldName('function')?.text ?? '');
        const m = /^(\w+)\.Deserialize<[^>]+>$/.exec(callee);
        return m !== null && names.has(m[1]);
      });
      if (roundTrips.length === 0) problems.push(`${testPath}:1: no test deserializes through Function.Serializer(): the round trip must use the serializer Main runs`);
    });
  }
  return problems;
}

/** The keys of the schedule module's target input: a JSON heredoc (`${…}` stand for strings) or `jsonencode({ key = … })`. */
export function scheduleInputKeys(moduleText: string): { keys: string[]; line: number } | undefined {
  const at = /^([ \t]*)input\s*=\s*(.*)$/m.exec(moduleText);
  if (!at) return undefined;
  const line = moduleText.slice(0, at.index).split('\n').length;
  const rest = moduleText.slice(at.index + at[0].length - at[2]!.length);
  const heredoc = /^[^\n]*<<-?(\w+)\n([\s\S]*?)\n[ \t]*\1[ \t]*\n/.exec(rest);
  if (heredoc) {
    try {
      return { keys: Object.keys(JSON.parse(heredoc[2]!.replace(/\$\{[^}]*\}/g, '"x"')) as object), line };
    } catch {
      return { keys: [], line };
    }
  }
  const object = /^[^\n]*jsonencode\(\{([\s\S]*?)\}\)/.exec(rest);
  if (object) return { keys: [...object[1]!.matchAll(/^\s*"?([A-Za-z_][\w-]*)"?\s*=/gm)].map((m) => m[1]!), line };
  return { keys: [], line };
}

const camel = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);

/**
 * Every schedule function's ScheduledRun record against the keys infra/modules/schedule sends:
 * the serializer reads ignoring case and writes camelCase, so each property's camelCase name
 * must be a key of the input and each key a property.
 */
export async function scheduleInputProblems(files: Files, answers: Answers): Promise<string[]> {
  const problems: string[] = [];
  const modulePath = 'infra/modules/schedule/main.tf';
  for (const fn of answers.functions.filter((f) => f.trigger === 'schedule')) {
    const moduleText = files.get(modulePath);
    const path = `src/${fn.name}/Function.cs`;
    const source = files.get(path);
    if (moduleText === undefined || source === undefined) {
      problems.push(`${moduleText === undefined ? modulePath : path}:1: not emitted, though ${fn.name} runs on a schedule`);
      continue;
    }
    const input = scheduleInputKeys(moduleText);
    if (!input || input.keys.length === 0) {
      problems.push(`${modulePath}:${input?.line ?? 1}: the schedule's target input names no keys (expected a JSON object for ${fn.name}'s ScheduledRun)`);
      continue;
    }
    const record = await parsed(source, (root) => {
      const node = descendants(root, 'record_declaration').find((r) => nameOf(r) === 'ScheduledRun');
      const list = node?.children.find((c) => c?.type === 'parameter_list');
      return node ? { line: lineOf(node), properties: (list ? descendants(list, 'parameter') : []).map((p) => nameOf(p)!) } : undefined;
    });
    if (!record) {
      problems.push(`${path}:1: no ScheduledRun record, which the schedule's input binds to`);
      continue;
    }
    const keys = new Set(input.keys);
    for (const property of record.properties) {
      if (!keys.has(camel(property))) problems.push(`${path}:${record.line}: ScheduledRun.${property} has no key "${camel(property)}" in the schedule's input (${modulePath}:${input.line} sends ${input.keys.join(', ')})`);
    }
    const wanted = new Set(record.properties.map(camel));
    for (const key of input.keys) {
      if (!wanted.has(key)) problems.push(`${modulePath}:${input.line}: the schedule's input key "${key}" binds no property of ${fn.name}'s ScheduledRun (${path}:${record.line} has ${record.properties.join(', ')})`);
    }
  }
  return problems;
}

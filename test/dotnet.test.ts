// The .NET side of the emitted repo: C# syntax, project files, JSON, the solution, the
// Dockerfile, over answer sets that exercise every branch of those templates.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Answers, Given } from '../generators/answers/index.js';
import * as versions from '../generators/versions.js';
import type { Files } from '../lib/render/render.js';
import { answersFor, renderAnswers } from './support/render.js';
import { csharpSyntaxProblems, scheduleInputProblems, serializerProblems, validateCsharp } from './validators/csharp.js';
import { validateDockerfiles } from './validators/dockerfile.js';
import { validateJson } from './validators/json.js';
import { msbuildProjectProblems, validateMsbuild } from './validators/msbuild.js';

const dirName = 'orders-api';
const cases: Record<string, Given> = {
  default: {},
  seed: { preset: 'seed', artifactBucket: 'my-artifacts', existingRole: 'my-lambda-role' },
  'trigger none': { trigger: 'none', arch: 'x86_64' },
  'function url': { trigger: 'function-url' },
  'net8.0 on provided.al2023, no tests': { framework: 'net8.0', runtime: 'provided.al2023', tests: false },
  'net7.0': { framework: 'net7.0' },
  'image arm64': { package: 'image' },
  'image x86_64, net7.0, no tests': { package: 'image', arch: 'x86_64', framework: 'net7.0', tests: false, trigger: 'none' },
  sqs: { trigger: 'sqs' },
  's3, net7.0': { trigger: 's3', framework: 'net7.0', keyPrefix: 'uploads/' },
  'schedule, net8.0': { trigger: 'schedule', framework: 'net8.0', schedule: 'cron(0 8 * * ? *)' },
  'sqs, net7.0, image': { trigger: 'sqs', framework: 'net7.0', package: 'image' },
};

/** What each trigger's handler takes and returns (undefined: nothing, an Action), and the
 * event package it needs. */
const boundary: Record<string, { request: string; response?: string; eventPackage?: string }> = {
  'http-api': { request: 'APIGatewayHttpApiV2ProxyRequest', response: 'APIGatewayHttpApiV2ProxyResponse', eventPackage: 'Amazon.Lambda.APIGatewayEvents' },
  'function-url': { request: 'APIGatewayHttpApiV2ProxyRequest', response: 'APIGatewayHttpApiV2ProxyResponse', eventPackage: 'Amazon.Lambda.APIGatewayEvents' },
  none: { request: 'Request', response: 'Response' },
  sqs: { request: 'SQSEvent', response: 'SQSBatchResponse', eventPackage: 'Amazon.Lambda.SQSEvents' },
  s3: { request: 'S3Event', eventPackage: 'Amazon.Lambda.S3Events' },
  schedule: { request: 'ScheduledRun' },
};
/** What each handler's unit tests must cover. */
const handlerTestSays: Record<string, RegExp> = {
  'http-api': /Assert\.Equal\("Hello, Ada!"/,
  'function-url': /Assert\.Equal\("Hello, Ada!"/,
  none: /Assert\.Equal\("Hello, Ada!"/,
  // A batch with a poisoned message reports that message alone.
  sqs: /ReportsOnlyThePoisonedMessage[\s\S]*"not json"[\s\S]*Assert\.Equal\(new\[\] \{ "m-2", "m-3" \}/,
  // A key with spaces (sent as +), a literal + and non-ASCII characters is decoded.
  s3: /\[InlineData\("uploads\/Q1\+report\+%C3%BCbersicht\+%E2%9C%93\.csv", "uploads\/Q1 report übersicht ✓\.csv"\)\][\s\S]*\[InlineData\("uploads\/a%2Bb\.csv", "uploads\/a\+b\.csv"\)\]/,
  schedule: /RefusesAnInputWithoutAJob[\s\S]*Assert\.Throws<ArgumentException>/,
};
const eventPackages = ['Amazon.Lambda.APIGatewayEvents', 'Amazon.Lambda.SQSEvents', 'Amazon.Lambda.S3Events'];

const rendered = new Map<string, { answers: Answers; files: Files }>();
for (const [label, given] of Object.entries(cases)) {
  rendered.set(label, { answers: answersFor(given, dirName), files: renderAnswers(given, dirName) });
}

function file(files: Files, path: string): string {
  const text = files.get(path);
  assert.ok(text !== undefined, `${path} is emitted`);
  return text!;
}

/** The handler's boundary types, read from its signature (no response type: it returns void). */
function handlerTypes(functionCs: string): { request: string; response?: string } {
  const m = /public static (\w+) FunctionHandler\((\w+) \w+, ILambdaContext context\)/.exec(functionCs);
  assert.ok(m, 'Function.cs declares FunctionHandler(event, ILambdaContext)');
  return { response: m![1] === 'void' ? undefined : m![1]!, request: m![2]! };
}

for (const [label, { answers: a, files }] of rendered) {
  const name = a.functions[0]!.name;
  const functionCs = () => file(files, `src/${name}/Function.cs`);
  const csproj = () => file(files, `src/${name}/${name}.csproj`);
  const cs = functionCs;

  test(`${label}: every validator passes`, async () => {
    const problems = [
      ...(await validateCsharp(files)),
      ...(await validateMsbuild(files, a)),
      ...(await validateJson(files)),
      ...(await validateDockerfiles(files)),
    ];
    assert.equal(problems, []);
  });

  test(`${label}: the runtime starts with the source-generated serializer only`, () => {
    const cs = functionCs();
    assert.match(cs, new RegExp(`^namespace ${name};$`, 'm'));
    for (const [path, text] of files) {
      if (!path.endsWith('.cs')) continue;
      assert.not.match(text, /\b(DefaultLambdaJsonSerializer|CamelCaseLambdaJsonSerializer)\b|\bLambdaSerializer\s*\(\s*typeof/, `${path} uses a reflection serializer`);
    }
    assert.match(cs, /LambdaBootstrapBuilder\.Create\(handler, Serializer\(\)\)\s*\.Build\(\)\s*\.RunAsync\(\)/, 'Main runs LambdaBootstrapBuilder.Create(handler, Serializer())');
    const context = /public static SourceGeneratorLambdaJsonSerializer<(\w+)> Serializer\(\)/.exec(cs);
    assert.ok(context, 'Function.Serializer() builds the source-generated serializer');
    assert.match(cs, new RegExp(`public partial class ${context![1]} : JsonSerializerContext`));
    // CS1998: every async method awaits something before the next async method starts.
    const code = cs.replace(/\/\/.*$/gm, '');
    const asyncAt = [...code.matchAll(/\basync\b/g)].map((m) => m.index!);
    assert.ok(asyncAt.length > 0, 'Main is async');
    asyncAt.forEach((at, i) => assert.match(code.slice(at, asyncAt[i + 1]), /\bawait\b/, 'async without await'));
  });

  test(`${label}: the handler's types fit the trigger and are all registered`, () => {
    const cs = functionCs();
    const { request, response } = handlerTypes(cs);
    const trigger = a.functions[0]!.trigger;
    assert.equal({ request, response }, { request: boundary[trigger]!.request, response: boundary[trigger]!.response });
    if (trigger !== 'http-api' && trigger !== 'function-url') assert.not.match(cs, /APIGateway/);
    // The handler's own records are declared next to it; event types come from their package.
    if (!boundary[trigger]!.eventPackage) for (const type of [request, response]) if (type) assert.match(cs, new RegExp(`record ${type}\\(`));
    for (const type of [request, response]) if (type) assert.ok(cs.includes(`[JsonSerializable(typeof(${type}))]`), `${type} is registered`);
    const delegate = response ? `Func<${request}, ILambdaContext, ${response}>` : `Action<${request}, ILambdaContext>`;
    assert.ok(cs.includes(`${delegate} handler = FunctionHandler;`), `Main binds ${delegate}`);
    // Any type serialized through the context's Default instance must be registered too.
    for (const m of cs.matchAll(/\.Default\.(\w+)/g)) assert.ok(cs.includes(`[JsonSerializable(typeof(${m[1]}))]`), `${m[1]} is registered`);
  });

  test(`${label}: one Lambda serializer, camelCase, built by Function.Serializer() for Main and the test`, async () => {
    assert.equal(await serializerProblems(files, a), []);
    assert.equal(await scheduleInputProblems(files, a), []);
  });

  test(`${label}: the project file`, () => {
    const text = csproj();
    const hasApiEvents = text.includes('Include="Amazon.Lambda.APIGatewayEvents"');
    const wanted = boundary[a.functions[0]!.trigger]!.eventPackage;
    for (const id of eventPackages) assert.is(text.includes(`Include="${id}"`), id === wanted, `${id} exactly when the trigger's handler uses it`);
    if (wanted) assert.match(cs(), new RegExp(`^using ${wanted};$`, 'm'), `Function.cs uses ${wanted}`);
    const roots = [...text.matchAll(/<TrimmerRootAssembly Include="([^"]+)"/g)].map((m) => m[1]);
    if (a.preset === 'seed') {
      assert.ok(roots.includes('bootstrap') && roots.includes('Amazon.Lambda.RuntimeSupport'), 'seed keeps the article roots');
      assert.is(roots.includes('Amazon.Lambda.APIGatewayEvents'), hasApiEvents, 'no root for a package that is not referenced');
    } else {
      assert.equal(roots, []);
    }
    for (const property of ['StripSymbols', 'InvariantGlobalization']) assert.match(text, new RegExp(`<${property}>true</${property}>`));
    assert.match(text, /<TrimMode>partial<\/TrimMode>/);
  });

  test(`${label}: aws-lambda-tools-defaults.json agrees with the answers (zip only: nothing reads it for an image)`, () => {
    const path = `src/${name}/aws-lambda-tools-defaults.json`;
    if (a.package === 'image') {
      assert.not.ok(files.has(path), 'no tools defaults for an image');
      return;
    }
    const d = JSON.parse(file(files, path)) as Record<string, unknown>;
    assert.is(d.region, undefined, 'the region lives in the bootstrap stack alone; packaging needs none');
    assert.is(d.framework, a.framework);
    assert.is(d['function-name'], a.functions[0]!.functionName);
    assert.is(d['function-architecture'], a.arch);
    assert.is(d['function-memory-size'], a.functions[0]!.memory);
    assert.is(d['function-timeout'], a.functions[0]!.timeout);
    assert.is(d['function-runtime'], a.runtime);
    assert.is(d['function-handler'], 'bootstrap');
    assert.is(d['s3-bucket'], a.artifactBucket === '' ? undefined : a.artifactBucket);
    assert.is(d['function-role'], a.existingRole === '' ? undefined : a.existingRole);
  });

  test(`${label}: solution, global.json and test project`, () => {
    const sln = file(files, `${name}.sln`);
    assert.ok(sln.startsWith('Microsoft Visual Studio Solution File, Format Version 12.00\n'));
    const projects = [...sln.matchAll(/^Project\("\{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC\}"\) = "([^"]+)", "([^"]+)", "(\{[0-9A-F-]{36}\})"$/gm)];
    const paths = projects.map((m) => m[2]!.replaceAll('\\', '/'));
    for (const path of paths) assert.ok(files.has(path), `the solution's ${path} is emitted`);
    const testProject = `test/${name}.Tests/${name}.Tests.csproj`;
    assert.equal(paths, [`src/${name}/${name}.csproj`, ...(a.tests ? [testProject] : [])]);
    assert.is(files.has(testProject), a.tests);
    assert.is(files.has(`test/${name}.Tests/FunctionTest.cs`), a.tests);
    // Every project is configured and nested; every GUID is distinct.
    for (const project of projects) {
      const guid = project[3]!;
      assert.match(sln, `${guid}.Release|Any CPU.Build.0 = Release|Any CPU`);
      assert.match(sln, new RegExp(`^\\t\\t${guid.replace(/[{}]/g, '\\$&')} = \\{`, 'm'));
    }
    const guids = [...sln.matchAll(/^Project\("[^"]+"\) = "[^"]+", "[^"]+", "(\{[0-9A-F-]{36}\})"$/gm)].map((m) => m[1]);
    assert.is(guids.length, a.tests ? 4 : 2);
    assert.is(new Set(guids).size, guids.length);

    const globalJson = JSON.parse(file(files, 'global.json')) as { sdk: { version: string; rollForward: string } };
    assert.equal(globalJson.sdk, { version: versions.sdk[a.framework].globalJson, rollForward: 'latestFeature' });

    if (a.tests) {
      const testCsproj = file(files, testProject);
      const set = versions.nuget[a.framework];
      assert.ok(testCsproj.includes(`<PackageReference Include="${set.testFramework.id}" Version="${set.testFramework.version}" />`));
      assert.is(testCsproj.includes('<OutputType>Exe</OutputType>'), set.testFramework.id === 'xunit.v3', 'xunit.v3 projects are executables');
      assert.ok(testCsproj.includes(`<ProjectReference Include="../../src/${name}/${name}.csproj" />`));
      assert.match(testCsproj, /<IsPackable>false<\/IsPackable>/);
      const tests = file(files, `test/${name}.Tests/FunctionTest.cs`);
      assert.match(tests, /new TestLambdaContext\(\)/);
      assert.match(tests, /Function\.FunctionHandler\(/);
      // Every handler test goes through the serializer Main uses, with an event as AWS sends it.
      assert.match(tests, /var serializer = Function\.Serializer\(\);/);
      assert.match(tests, new RegExp(`serializer\\.Deserialize<${handlerTypes(functionCs()).request}>\\(input\\)`));
      assert.match(tests, handlerTestSays[a.functions[0]!.trigger]!);
    }
  });

  test(`${label}: container image files exist exactly for the image variant`, () => {
    assert.is(files.has('Dockerfile'), a.package === 'image');
    assert.is(files.has('.dockerignore'), a.package === 'image');
    if (a.package !== 'image') return;
    const dockerfile = file(files, 'Dockerfile');
    const froms = [...dockerfile.matchAll(/^FROM (\S+)(?: AS (\w+))?$/gm)].map((m) => ({ image: m[1]!, stage: m[2] }));
    assert.equal(froms[0], { image: `${versions.sdk[a.framework].samBuildImage}:latest-${a.arch}`, stage: 'build' });
    assert.equal(froms.at(-1), { image: `${versions.lambdaBaseImage}:al2023-${a.arch}`, stage: undefined });
    assert.is(froms.some((f) => f.stage === 'test'), a.tests, 'a test stage exactly when there are tests');
    assert.match(dockerfile, new RegExp(`--runtime linux-${a.arch === 'arm64' ? 'arm64' : 'x64'} --no-restore`));
    assert.match(dockerfile, /^COPY --from=publish --chmod=755 \/out\/bootstrap \$\{LAMBDA_RUNTIME_DIR\}\/$/m);
    assert.match(dockerfile, /^CMD \["bootstrap"\]$/m);
    assert.not.match(dockerfile, /^ENTRYPOINT/m, 'the base image entrypoint runs the bootstrap');
    // Every path the Dockerfile copies from the context is emitted and not ignored.
    const ignored = file(files, '.dockerignore').split('\n').filter((l) => l && !l.startsWith('#'));
    for (const m of dockerfile.matchAll(/^COPY (?!--from)(\S+) /gm)) {
      const source = m[1]!.replace(/\/$/, '');
      assert.ok([...files.keys()].some((p) => p === source || p.startsWith(`${source}/`)), `${source} exists`);
      assert.not.ok(ignored.includes(source.split('/')[0]!), `${source} is not ignored`);
    }
    for (const dir of ['**/bin', '**/obj', 'infra', '.git', 'artifacts']) assert.ok(ignored.includes(dir), `${dir} is ignored`);
  });

  test(`${label}: the files look hand-written (no template debris)`, () => {
    for (const [path, text] of files) {
      if (!/\.(cs|csproj|sln|json)$|(^|\/)(Dockerfile|\.dockerignore|\.gitignore|\.editorconfig)$/.test(path)) continue;
      assert.not.match(text, /\n\n\n/, `${path} has a double blank line`);
      assert.not.match(text, /[ \t]+$/m, `${path} has trailing whitespace`);
      assert.not.match(text, /\{\{[#/^~!]?\s*[\w.]+/, `${path} has a Handlebars leftover`);
      assert.ok(text.endsWith('\n') && !text.endsWith('\n\n'), `${path} ends with exactly one newline`);
    }
  });
}

test('solution GUIDs are stable across renders and differ between names', () => {
  // The solution's own GUIDs: the third quoted value on each Project line.
  const guids = (files: Files, name: string) =>
    [...file(files, `${name}.sln`).matchAll(/^Project\("[^"]+"\) = "[^"]+", "[^"]+", "(\{[0-9A-F-]{36}\})"$/gm)].map((m) => m[1]);
  assert.equal(guids(renderAnswers({}, dirName), 'OrdersApi'), guids(rendered.get('default')!.files, 'OrdersApi'));
  const other = guids(renderAnswers({}, 'billing'), 'Billing');
  const mine = new Set(guids(rendered.get('default')!.files, 'OrdersApi'));
  assert.ok(other.every((g) => !mine.has(g)));
});

test('.gitignore keeps Terraform state and build output out, and the lock file in', () => {
  const lines = file(rendered.get('default')!.files, '.gitignore').split('\n');
  for (const entry of ['bin/', 'obj/', '/artifacts/', '.terraform/', '*.tfstate', '*.tfstate.*', 'tfplan']) {
    assert.ok(lines.includes(entry), `${entry} is ignored`);
  }
  assert.not.ok(lines.some((l) => !l.startsWith('#') && /lock|\.hcl/.test(l)), '.terraform.lock.hcl is committed');
});

test('every function of a repo with every trigger has its one camelCase serializer, and the schedule input binds ScheduledRun', async () => {
  const given: Given = {
    functions: [{ name: 'OrdersApi' }, { name: 'Worker', trigger: 'sqs' }, { name: 'Intake', trigger: 's3' }, { name: 'Nightly', trigger: 'schedule' }, { name: 'Direct', trigger: 'none' }, { name: 'Link', trigger: 'function-url' }],
  };
  const files = renderAnswers(given, dirName);
  const a = answersFor(given, dirName);
  assert.equal(await serializerProblems(files, a), []);
  assert.equal(await scheduleInputProblems(files, a), []);
});

/** A rendered variant with one file edited (the edit must change it). */
function edited(label: string, path: string, from: string | RegExp, to: string): { files: Files; answers: Answers } {
  const { answers, files } = rendered.get(label)!;
  const text = file(files, path.replace('NAME', answers.functions[0]!.name));
  const changed = text.replace(from, to);
  assert.ok(changed !== text, `${path} no longer contains ${String(from)}: update this test`);
  return { answers, files: new Map(files).set(path.replace('NAME', answers.functions[0]!.name), changed) };
}

// Seeded faults: each must fail the wire-format checks by name.
const wireFaults: Array<{ name: string; label: string; path: string; from: string | RegExp; to: string; says: RegExp[]; check: typeof serializerProblems }> = [
  {
    name: "the no-trigger function's serializer loses its naming setting",
    label: 'trigger none',
    path: 'src/NAME/Function.cs',
    from: /new\(\(JsonSerializerOptions options\) =>\s*options\.PropertyNamingPolicy = new AwsNamingPolicy\(JsonNamingPolicy\.CamelCase\)\)/,
    to: 'new()',
    says: [/^src\/OrdersApi\/Function\.cs:\d+: Function\.Serializer\(\) does not set PropertyNamingPolicy = new AwsNamingPolicy\(JsonNamingPolicy\.CamelCase\)/],
    check: serializerProblems,
  },
  {
    name: 'the naming policy without its camelCase fallback',
    label: 'net7.0',
    path: 'src/NAME/Function.cs',
    from: 'new AwsNamingPolicy(JsonNamingPolicy.CamelCase)',
    to: 'new AwsNamingPolicy()',
    says: [/Function\.Serializer\(\) does not set PropertyNamingPolicy = new AwsNamingPolicy\(JsonNamingPolicy\.CamelCase\)/],
    check: serializerProblems,
  },
  {
    name: 'the no-trigger test builds its own serializer',
    label: 'trigger none',
    path: 'test/NAME.Tests/FunctionTest.cs',
    from: 'var serializer = Function.Serializer();',
    to: 'var serializer = new Amazon.Lambda.Serialization.SystemTextJson.SourceGeneratorLambdaJsonSerializer<LambdaFunctionJsonSerializerContext>();',
    says: [/^test\/OrdersApi\.Tests\/FunctionTest\.cs:\d+: the test builds its own serializer/, /no test deserializes through Function\.Serializer\(\)/],
    check: serializerProblems,
  },
  {
    name: 'Main builds its own serializer',
    label: 'trigger none',
    path: 'src/NAME/Function.cs',
    from: 'LambdaBootstrapBuilder.Create(handler, Serializer())',
    to: 'LambdaBootstrapBuilder.Create(handler, new SourceGeneratorLambdaJsonSerializer<LambdaFunctionJsonSerializerContext>())',
    says: [/^src\/OrdersApi\/Function\.cs:\d+: builds a Lambda serializer outside Function\.Serializer\(\)/, /Main does not pass Serializer\(\) to LambdaBootstrapBuilder\.Create/],
    check: serializerProblems,
  },
  {
    name: 'a ScheduledRun property renamed in C# only',
    label: 'schedule, net8.0',
    path: 'src/NAME/Function.cs',
    from: 'DateTimeOffset ScheduledTime)',
    to: 'DateTimeOffset DueAt)',
    says: [/^src\/OrdersApi\/Function\.cs:\d+: ScheduledRun\.DueAt has no key "dueAt" in the schedule's input/, /^infra\/modules\/schedule\/main\.tf:\d+: the schedule's input key "scheduledTime" binds no property/],
    check: scheduleInputProblems,
  },
  {
    name: 'an input key renamed in Terraform only',
    label: 'schedule, net8.0',
    path: 'infra/modules/schedule/main.tf',
    from: '"scheduledTime": "<aws.scheduler.scheduled-time>"',
    to: '"time": "<aws.scheduler.scheduled-time>"',
    says: [/ScheduledRun\.ScheduledTime has no key "scheduledTime"/, /the schedule's input key "time" binds no property/],
    check: scheduleInputProblems,
  },
];
for (const fault of wireFaults) {
  test(`the wire-format checks catch a seeded fault: ${fault.name}`, async () => {
    const { files, answers } = edited(fault.label, fault.path, fault.from, fault.to);
    const problems = await fault.check(files, answers);
    for (const says of fault.says) assert.ok(problems.some((p) => says.test(p)), `${says}\n${problems.join('\n')}`);
  });
}

// The validators must be able to fail: feed each one a known defect.
test('csharp validator reports syntax errors with path:line:col', async () => {
  const problems = await csharpSyntaxProblems('src/X/Broken.cs', 'namespace X;\n\npublic static class F\n{\n    static int M() { return 1 }\n}\n');
  assert.ok(problems.length > 0);
  assert.match(problems[0]!, /^src\/X\/Broken\.cs:5:\d+: /);
  assert.equal(await csharpSyntaxProblems('ok.cs', 'namespace X;\npublic record R(string? Name);\n'), []);
});

test('msbuild validator catches the article defect, bad XML, wrong versions and a missing PublishAot', () => {
  const a = answersFor({}, dirName);
  const good = file(rendered.get('default')!.files, `src/${a.functions[0]!.name}/${a.functions[0]!.name}.csproj`);
  assert.equal(msbuildProjectProblems('src/X/X.csproj', good, a), []);

  const article = good.replace('<PublishAot>true</PublishAot>', '').replace('<ItemGroup>', '<ItemGroup>\n    <PublishAot>true</PublishAot>');
  const articleProblems = msbuildProjectProblems('src/X/X.csproj', article, a);
  assert.ok(articleProblems.some((p) => /:\d+: <PublishAot> in an <ItemGroup>/.test(p)), articleProblems.join('\n'));
  assert.ok(articleProblems.some((p) => /<PublishAot> is not set/.test(p)));

  const badXml = msbuildProjectProblems('src/X/X.csproj', good.replace('</PropertyGroup>', ''), a);
  assert.is(badXml.length, 1);
  assert.match(badXml[0]!, /^src\/X\/X\.csproj:\d+:\d+: .*\(fast-xml-parser\)$/);

  const stale = msbuildProjectProblems('src/X/X.csproj', good.replace(/(RuntimeSupport" Version=")[^"]+/, '$11.0.0'), a);
  assert.ok(stale.some((p) => p.includes('Amazon.Lambda.RuntimeSupport is 1.0.0')));

  const wrongFramework = msbuildProjectProblems('src/X/X.csproj', good, { framework: 'net8.0' });
  assert.ok(wrongFramework.some((p) => p.includes('<TargetFramework> is "net10.0", expected "net8.0"')));
});

test('json and dockerfile validators report defects', async () => {
  const json = await validateJson(new Map([['a.json', '{\n  "x": 1,\n}\n'], ['b.txt', '{']]));
  assert.is(json.length, 1);
  assert.match(json[0]!, /^a\.json:\d+:\d+: /);

  const dockerfile = await validateDockerfiles(new Map([['Dockerfile', 'FROM alpine AS build\nCOPY --bogus=1 a b\nFROM\n']]));
  assert.ok(dockerfile.length >= 2, dockerfile.join('\n'));
  assert.ok(dockerfile.every((p) => /^Dockerfile:\d+:\d+: (error|warning): .*\(dockerfile-utils\)$/.test(p)));
});

test.run();

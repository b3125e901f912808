// MSBuild project checks without an SDK. Every `.csproj` must be well-formed XML
// (fast-xml-parser's validator), keep properties in PropertyGroups (the source article put
// PublishAot and friends in an ItemGroup, where MSBuild reads them as items and ignores them),
// target the chosen framework, and pin every PackageReference to generators/versions.ts.
// The function project (under src/) must also publish Native AOT as `bootstrap`.
import { XMLValidator } from 'fast-xml-parser';
import type { Answers } from '../../generators/answers/index.js';
import { nuget, type NuGetSet } from '../../generators/versions.js';

type Files = ReadonlyMap<string, string>;

/** An element with what these checks need: attributes, direct text and its line. */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  text: string;
  line: number;
  children: XmlElement[];
}

/** Elements MSBuild allows directly under <Project>. */
const projectChildren = new Set([
  'PropertyGroup', 'ItemGroup', 'Import', 'ImportGroup', 'Target', 'Choose', 'ItemDefinitionGroup',
  'ProjectExtensions', 'UsingTask', 'Sdk',
]);

/**
 * A small, line-aware reader for XML that the validator has already accepted: enough for
 * project files (elements, attributes, text; comments, CDATA and processing instructions skipped).
 */
export function readXml(text: string): XmlElement | undefined {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const lineAt = (index: number): number => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const tag = /<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/y;
  const attribute = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('<', i);
    if (open < 0) break;
    if (stack.length > 0) stack[stack.length - 1]!.text += text.slice(i, open);
    const skipTo = (end: string): number => {
      const at = text.indexOf(end, open);
      return at < 0 ? text.length : at + end.length;
    };
    if (text.startsWith('<!--', open)) i = skipTo('-->');
    else if (text.startsWith('<?', open) || text.startsWith('<!DOCTYPE', open)) i = skipTo('>');
    else if (text.startsWith('<![CDATA[', open)) {
      i = skipTo(']]>');
      if (stack.length > 0) stack[stack.length - 1]!.text += text.slice(open + 9, i - 3);
    } else {
      tag.lastIndex = open;
      const m = tag.exec(text);
      if (!m) return root; // not reached for validated XML
      const [, closing, name, attrs, selfClosing] = m;
      i = tag.lastIndex;
      if (closing) {
        stack.pop();
        continue;
      }
      const element: XmlElement = { name: name!, attributes: {}, text: '', line: lineAt(open), children: [] };
      for (const a of attrs!.matchAll(attribute)) element.attributes[a[1]!] = a[2] ?? a[3] ?? '';
      if (stack.length > 0) stack[stack.length - 1]!.children.push(element);
      else root ??= element;
      if (!selfClosing) stack.push(element);
    }
  }
  return root;
}

/** PackageReference id → the versions-table field that pins it. */
function expectedVersions(set: NuGetSet): Map<string, string> {
  return new Map([
    ['Amazon.Lambda.RuntimeSupport', set.runtimeSupport],
    ['Amazon.Lambda.Core', set.core],
    ['Amazon.Lambda.Serialization.SystemTextJson', set.serializer],
    ['Amazon.Lambda.APIGatewayEvents', set.apiGatewayEvents],
    ['Amazon.Lambda.SQSEvents', set.sqsEvents],
    ['Amazon.Lambda.S3Events', set.s3Events],
    ['Amazon.Lambda.TestUtilities', set.testUtilities],
    [set.testFramework.id, set.testFramework.version],
    ['xunit.runner.visualstudio', set.testRunner],
    ['Microsoft.NET.Test.Sdk', set.testSdk],
  ]);
}

/** Checks one project file; `answers` gives the framework and hence the versions table. */
export function msbuildProjectProblems(path: string, text: string, answers: Pick<Answers, 'framework'>): string[] {
  const valid = XMLValidator.validate(text);
  if (valid !== true) return [`${path}:${valid.err.line}:${valid.err.col}: ${valid.err.msg} (fast-xml-parser)`];
  const root = readXml(text);
  if (!root) return [`${path}:1: no root element`];
  if (root.name !== 'Project') return [`${path}:${root.line}: root element is <${root.name}>, expected <Project>`];

  const problems: string[] = [];
  const at = (e: XmlElement): string => `${path}:${e.line}`;
  const properties = new Map<string, XmlElement>();
  for (const child of root.children) {
    if (!projectChildren.has(child.name)) {
      problems.push(`${at(child)}: <${child.name}> directly under <Project> is not valid MSBuild; properties belong in a <PropertyGroup>`);
    } else if (child.name === 'PropertyGroup') {
      // Conditional groups only apply sometimes; the unconditional value is what every build sees.
      if (child.attributes.Condition === undefined) for (const p of child.children) properties.set(p.name, p);
    } else if (child.name === 'ItemGroup') {
      for (const item of child.children) {
        if (!('Include' in item.attributes || 'Update' in item.attributes || 'Remove' in item.attributes)) {
          problems.push(
            `${at(item)}: <${item.name}> in an <ItemGroup> has no Include/Update/Remove: MSBuild reads it as an item, not a setting; move it to a <PropertyGroup>`,
          );
        }
      }
    }
  }

  const expectProperty = (name: string, expected: string): void => {
    const p = properties.get(name);
    if (!p) problems.push(`${path}:${root.line}: <${name}> is not set in an unconditional <PropertyGroup> (expected ${expected})`);
    else if (p.text.trim() !== expected) problems.push(`${at(p)}: <${name}> is "${p.text.trim()}", expected "${expected}"`);
  };
  expectProperty('TargetFramework', answers.framework);
  if (path.startsWith('src/')) {
    expectProperty('OutputType', 'Exe');
    expectProperty('AssemblyName', 'bootstrap');
    expectProperty('PublishAot', 'true');
  }

  const expected = expectedVersions(nuget[answers.framework]);
  for (const group of root.children.filter((c) => c.name === 'ItemGroup')) {
    for (const ref of group.children.filter((c) => c.name === 'PackageReference')) {
      const id = ref.attributes.Include ?? ref.attributes.Update ?? '';
      const version = ref.attributes.Version;
      const want = expected.get(id);
      if (want === undefined) problems.push(`${at(ref)}: PackageReference ${id} is not in generators/versions.ts`);
      else if (version === undefined) problems.push(`${at(ref)}: PackageReference ${id} has no Version (expected ${want})`);
      else if (version !== want) problems.push(`${at(ref)}: PackageReference ${id} is ${version}, the versions table says ${want} for ${answers.framework}`);
    }
  }
  return problems;
}

/** Every `.csproj` in `files`. */
export async function validateMsbuild(files: Files, answers: Pick<Answers, 'framework'>): Promise<string[]> {
  const problems: string[] = [];
  for (const [path, content] of files) {
    if (path.endsWith('.csproj')) problems.push(...msbuildProjectProblems(path, content, answers));
  }
  return problems;
}

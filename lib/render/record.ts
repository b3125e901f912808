// `.dotnet-aot-lambda.json`: what `update` needs to re-render the base. Users
// may edit only its `answers`.
import { createHash } from 'node:crypto';
import type { Answers } from '../../generators/answers/index.js';
import type { Files } from './render.js';
import { recordFile } from './record-file.js';

export { recordFile };

export interface GenerationRecord {
  generator: 'create-dotnet-aot-lambda';
  version: string;
  answers: Answers;
  /** sha256 of each emitted file as generated, so `update` can tell untouched files. */
  files: Record<string, string>;
}

export function hash(content: string): string {
  return createHash('sha256').update(content).digest('hex');
}

export function makeRecord(files: Files, answers: Answers, version: string): GenerationRecord {
  const hashes: Record<string, string> = {};
  for (const [path, content] of files) if (path !== recordFile) hashes[path] = hash(content);
  return { generator: 'create-dotnet-aot-lambda', version, answers, files: hashes };
}

export function serializeRecord(record: GenerationRecord): string {
  return `${JSON.stringify(record, null, 2)}\n`;
}

/** The rendered files plus the record that describes them. */
export function withRecord(files: Files, answers: Answers, version: string): Files {
  const out: Files = new Map(files);
  out.set(recordFile, serializeRecord(makeRecord(files, answers, version)));
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

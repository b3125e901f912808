// Dockerfile check with dockerfile-utils (the validator behind the VS Code Docker extension).
// Errors and warnings are both reported: a warning there (deprecated MAINTAINER, JSON-form
// mistakes, empty continuation lines...) is something a reviewer would also flag.
import { validate } from 'dockerfile-utils';

// LSP DiagnosticSeverity values (vscode-languageserver-types, which dockerfile-utils returns).
const severityName: Record<number, string> = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' };

type Files = ReadonlyMap<string, string>;

const isDockerfile = (path: string): boolean => /(^|\/)Dockerfile(\.[^/]*)?$/.test(path);

export async function validateDockerfiles(files: Files): Promise<string[]> {
  const problems: string[] = [];
  for (const [path, content] of files) {
    if (!isDockerfile(path)) continue;
    for (const d of validate(content)) {
      const level = severityName[d.severity ?? 1] ?? 'error';
      problems.push(`${path}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${level}: ${d.message} (dockerfile-utils)`);
    }
  }
  return problems;
}

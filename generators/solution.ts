// The classic .sln's identifiers, derived from names so that every render of the same repo
// writes the same GUIDs (split from context.ts, which keeps every other derived value).
import { createHash } from 'node:crypto';

/** RFC 4122 name-based UUID (version 5: SHA-1 over the URL namespace and `name`), written the
 * way .sln files write GUIDs: braced, upper case. Same names, same GUIDs, on every render. */
export function nameGuid(name: string): string {
  const urlNamespace = Buffer.from('6ba7b8119dad11d180b400c04fd430c8', 'hex');
  const hash = createHash('sha1').update(urlNamespace).update(`https://www.npmjs.com/package/create-dotnet-aot-lambda#${name}`).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex').toUpperCase();
  return `{${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}}`;
}

/** What the classic .sln needs: project and solution-folder GUIDs, and Windows-style paths
 * (a template cannot write `\\{{name}}`: Handlebars reads a backslash before `{{` as an escape).
 * The folders are the solution's; a repo migrated from one function keeps its GUIDs, because
 * its solution has that function's name. */
export function solutionIds(solution: string, name: string) {
  return {
    functionProject: nameGuid(`project/src/${name}/${name}.csproj`),
    testProject: nameGuid(`project/test/${name}.Tests/${name}.Tests.csproj`),
    srcFolder: nameGuid(`folder/${solution}/src`),
    testFolder: nameGuid(`folder/${solution}/test`),
    functionProjectPath: `src\\${name}\\${name}.csproj`,
    testProjectPath: `test\\${name}.Tests\\${name}.Tests.csproj`,
  };
}

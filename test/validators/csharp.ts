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

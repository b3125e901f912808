// Every `.json` file must parse; a problem names the file and, where V8 says, the line and column.
type Files = ReadonlyMap<string, string>;

function position(text: string, message: string): string {
  // V8: "... in JSON at position 42 (line 3 column 5)" (Node 20+) or just "at position 42".
  const lineCol = /line (\d+) column (\d+)/.exec(message);
  if (lineCol) return `${lineCol[1]}:${lineCol[2]}`;
  const pos = /position (\d+)/.exec(message);
  if (!pos) return '1:1';
  const before = text.slice(0, Number(pos[1]));
  const line = before.split('\n').length;
  return `${line}:${before.length - before.lastIndexOf('\n')}`;
}

export async function validateJson(files: Files): Promise<string[]> {
  const problems: string[] = [];
  for (const [path, content] of files) {
    if (!path.endsWith('.json')) continue;
    try {
      JSON.parse(content);
    } catch (error) {
      const message = (error as Error).message;
      problems.push(`${path}:${position(content, message)}: ${message}`);
    }
  }
  return problems;
}

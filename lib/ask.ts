// The bin's prompt runner: asks the generator's questions with @inquirer/prompts.
// Loaded only for interactive runs.
import { confirm, input, select } from '@inquirer/prompts';
import type { PromptAnswers, Question } from '../generators/dotnet-aot-lambda.js';

export async function ask(list: Question[]): Promise<PromptAnswers> {
  const so: PromptAnswers = {};
  for (const q of list) {
    if (!q.when(so)) continue;
    const fallback = q.default(so);
    let value: unknown;
    if (q.kind === 'confirm') {
      value = await confirm({ message: q.message, default: fallback === true });
    } else if (q.kind === 'select') {
      const choices = q.choices!(so).map((c) => ({ value: c, name: c }));
      value = await select({ message: q.message, choices, default: typeof fallback === 'string' ? fallback : undefined, loop: false });
    } else {
      const raw = await input({
        message: q.message,
        default: fallback === undefined ? undefined : String(fallback),
        validate: q.validate ? (text: string) => q.validate!(text, so) : undefined,
      });
      value = q.parse ? q.parse(raw) : raw;
    }
    (so as Record<string, unknown>)[q.name] = value;
  }
  return so;
}

// Parsing raw text (flags, `--set`, prompts) into typed values.
import type { OptionSpec } from './options.js';

/** What a choice option accepts, in words for messages and help. */
export function allowedChoices(spec: OptionSpec & { kind: 'choice' }): string {
  return spec.summary ?? spec.choices.join(' | ');
}

/** Turn one raw value into its typed form, or return a problem message. */
export function parseValue(spec: OptionSpec, raw: unknown): { value?: string | number | boolean; problem?: string } {
  const flag = `--${spec.flag}`;
  if (spec.kind === 'boolean') {
    if (typeof raw === 'boolean') return { value: raw };
    const text = String(raw).toLowerCase();
    if (['true', 'yes', '1'].includes(text)) return { value: true };
    if (['false', 'no', '0'].includes(text)) return { value: false };
    return { problem: `${flag}: expected true or false, got "${String(raw)}"` };
  }
  const text = typeof raw === 'string' ? raw.trim() : String(raw);
  if (spec.kind === 'number') {
    // An answer absent unless given (`blank`): "" keeps or makes it absent, as a blank prompt does.
    if (spec.blank !== undefined && text === '') return { value: undefined };
    if (!/^\d+$/.test(text)) return { problem: `${flag}: expected a whole number, got "${text}"` };
    return { value: Number(text) };
  }
  if (spec.kind === 'choice' && !spec.choices.includes(text)) {
    return { problem: `${flag}: "${text}" is not allowed; use ${allowedChoices(spec)}` };
  }
  return { value: text };
}

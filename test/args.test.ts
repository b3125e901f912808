// The command-line parser against node:util's parseArgs, which it replaces on the start-up
// path: for random command lines over each command's real flag table, both accept the same
// ones with the same values, and refuse the same ones. The one intended difference, a
// negative number as a flag's value, is tested on its own.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { parseArgs } from 'node:util';
import { InputError } from '../generators/answers/index.js';
import { flagTables, parseFlags } from '../lib/cli/args.js';

type Table = (typeof flagTables)[keyof typeof flagTables];
type Parse = (argv: string[], table: Table) => { values: Record<string, unknown>; positionals: string[] };

const ours: Parse = (argv, table) => parseFlags(argv, table) as { values: Record<string, unknown>; positionals: string[] };
const reference: Parse = (argv, table) => {
  const { values, positionals } = parseArgs({ args: argv, options: table as never, allowPositionals: true, strict: true });
  return { values: { ...(values as Record<string, unknown>) }, positionals };
};

/** Why `parse` and parseArgs disagree on `argv`, or undefined when they agree. */
function disagreement(parse: Parse, argv: string[], table: Table): string | undefined {
  let expected: ReturnType<Parse> | undefined;
  try {
    expected = reference(argv, table);
  } catch {
    expected = undefined;
  }
  let actual: ReturnType<Parse> | undefined;
  try {
    actual = parse(argv, table);
  } catch (error) {
    if (!(error instanceof InputError)) return `threw ${(error as Error).message}, not an InputError`;
    actual = undefined;
  }
  if (expected === undefined && actual === undefined) return undefined;
  if (expected === undefined) return `parseArgs refuses it, the parser gives ${JSON.stringify(actual)}`;
  if (actual === undefined) return `the parser refuses it, parseArgs gives ${JSON.stringify(expected)}`;
  const same = JSON.stringify(Object.entries(expected.values).sort()) === JSON.stringify(Object.entries(actual.values).sort()) &&
    JSON.stringify(expected.positionals) === JSON.stringify(actual.positionals);
  return same ? undefined : `parseArgs gives ${JSON.stringify(expected)}, the parser ${JSON.stringify(actual)}`;
}

/** Command lines of the words a user types at this table: its flags (long, `=value`, short,
 * grouped), `--no-` forms, unknown and misspelt flags, values, `-`, `--`. No negative numbers:
 * parseArgs refuses them as values on purpose, and the parser takes them (tested below). */
function commandLines(table: Table): fc.Arbitrary<string[]> {
  const names = Object.keys(table);
  const shorts = Object.values(table).flatMap((flag) => ('short' in flag && flag.short ? [flag.short] : []));
  const value = fc.constantFrom('x', 'my-func', '512', 'eu-west-1', '', 'a=b', 'Worker.memory=256', 'ANY /orders/{proxy+}');
  const word = fc.oneof(
    fc.constantFrom(...names).map((name) => `--${name}`),
    fc.tuple(fc.constantFrom(...names), value).map(([name, v]) => `--${name}=${v}`),
    fc.constantFrom(...shorts, 'x', 'q').map((letter) => `-${letter}`),
    fc.subarray([...shorts, 'z'], { minLength: 2 }).map((letters) => `-${letters.join('')}`),
    fc.constantFrom('--arhc', '--memroy', '--unknown', '--no-such'),
    value,
    fc.constantFrom('-', '--', '--yes', 'Worker'),
  );
  return fc.array(word, { maxLength: 8 });
}

for (const [command, table] of Object.entries(flagTables)) {
  test(`${command}: the parser accepts and refuses what parseArgs does, with the same values`, () => {
    fc.assert(
      fc.property(commandLines(table), (argv) => {
        const why = disagreement(ours, argv, table);
        if (why) throw new Error(`${JSON.stringify(argv)}: ${why}`);
      }),
      { numRuns: 400 },
    );
  });
}

test('the comparison can fail: a parser that treats `--` as a positional is caught', () => {
  const faulty: Parse = (argv, table) => {
    const at = argv.indexOf('--');
    const parsed = ours(at < 0 ? argv : argv.filter((_, i) => i !== at), table);
    return at < 0 ? parsed : { ...parsed, positionals: [...parsed.positionals, '--'] };
  };
  assert.throws(
    () => fc.assert(fc.property(commandLines(flagTables.create), (argv) => disagreement(faulty, argv, flagTables.create) === undefined), { numRuns: 400 }),
    /Property failed/,
  );
});

test('a negative number is a value (parseArgs would call it ambiguous), another flag is not', () => {
  assert.equal((parseFlags(['--memory', '-5', 'dir'], flagTables.create).values as Record<string, unknown>).memory, '-5');
  assert.equal(parseFlags(['--memory', '-5', 'dir'], flagTables.create).positionals, ['dir']);
  assert.throws(() => parseFlags(['--memory', '--yes'], flagTables.create), (e: unknown) => e instanceof InputError && /--memory needs a value; expected/.test(e.message));
  assert.throws(() => parseFlags(['--memory'], flagTables.create), /--memory needs a value/);
});

test('refusals say what is allowed: a typo gets the flag it meant, a switch refuses a value', () => {
  assert.throws(() => parseFlags(['--arhc', 'x'], flagTables.create), /unknown option --arhc; did you mean --arch\?/);
  assert.throws(() => parseFlags(['-yq'], flagTables.create), /unknown option -q \(see --help\)/);
  assert.throws(() => parseFlags(['--dry-run=yes'], flagTables.update), /--dry-run is a switch and takes no value/);
  assert.throws(() => parseFlags(['--trigger'], flagTables.add), /--trigger needs a value; use http-api \| function-url/);
});

test.run();

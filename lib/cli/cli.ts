// The thin CLI: parse, dispatch, map outcomes to exit codes (0 ok, 1 failure,
// 2 bad input, 130/143 interrupted).
import { allowedChoices, functionOptions, options, type OptionSpec } from '../../generators/answers/index.js';
import { parseCommandLine } from './args.js';
import { create, type Io } from '../write/create.js';
import { failureCode } from './outcome.js';
import { packageName, version } from '../render/meta.js';

/** One answer's line of help: its flag, what it means, and its choices. */
function helpRow(o: OptionSpec): string {
  const flag = o.kind === 'boolean' ? `--${o.flag}, --no-${o.flag}` : `--${o.flag} <${o.kind === 'number' ? 'n' : 'value'}>`;
  const choices = o.kind === 'choice' ? ` [${allowedChoices(o)}]` : '';
  // The flag in a 26-column field, its text from column 29; a longer flag puts its text on the
  // next line, so every description starts in the same column.
  const text = `${o.describe}${choices}`;
  return flag.length <= 26 ? `  ${flag.padEnd(26)} ${text}` : `  ${flag}\n${' '.repeat(29)}${text}`;
}

const mergeExitCodes = 'Exit codes: 0 ok, 1 failure or conflicts left to resolve, 2 bad input, 130 interrupted.';

/** A help page: the command and version, its lines, and the exit codes last. */
function helpPage(command: string, lines: string[], exitCodes = mergeExitCodes): string {
  return [`${packageName}${command === '' ? '' : ` ${command}`} ${version}`, '', ...lines, '', exitCodes].join('\n');
}

export function helpText(): string {
  const rows = options.map(helpRow);
  return helpPage('', [
    'Usage:',
    `  npm create dotnet-aot-lambda@latest [dir] -- [options]`,
    `  ${packageName} [dir] [options]`,
    `  ${packageName} update [dir] [--set key=value …] [--set <Name>.key=value …] [--drop-retired] [--dry-run] [--allow-dirty] [--base-from <tarball|dir>] [--yes]`,
    `  ${packageName} add <Name> [function options] [--dry-run] [--allow-dirty] [--base-from <tarball|dir>] [--yes]`,
    `  ${packageName} remove <Name> [--dry-run] [--allow-dirty] [--base-from <tarball|dir>] [--yes]`,
    '',
    'Answers (each prompt has the flag of the same name):',
    ...rows,
    '',
    'Run control:',
    '  -y, --yes                  defaults for everything not given; never prompt',
    '  --force                    allow a non-empty target directory (replaces only files the generator emits)',
    '  --dry-run                  list what would be written; write nothing',
    '  --no-git                   skip `git init` and the first commit (never made inside an existing repository)',
    '  -h, --help                 this help',
    '  -v, --version              the version',
  ], 'Exit codes: 0 ok, 1 failure (or update conflicts), 2 bad input, 130 interrupted.');
}

export function updateHelpText(): string {
  return helpPage('update', [
    'Re-render a generated repo with this version and carry your own edits across (a three-way',
    'merge against what the recorded version generated from the recorded answers).',
    '',
    'Usage:',
    `  ${packageName} update [dir] [options]`,
    '',
    'Options:',
    '  --set <key=value>          change a recorded answer; repeat for several (keys: the answer flags',
    `                             of \`${packageName} --help\`, e.g. --set region=eu-west-1)`,
    "  --set <Name>.<key=value>   change one function's answer, e.g. --set Worker.memory=512 or",
    '                             --set Worker.name=Jobs (a plain --set memory=512 works while the',
    '                             repo has one function)',
    '  --drop-retired             drop the bootstrap permissions the record lists as retiring (run it',
    '                             once the deploy that removed their resources has succeeded)',
    '  --dry-run                  print the changes as a unified diff; write nothing',
    '  --allow-dirty              run even though the git work tree has uncommitted changes',
    "  --base-from <tarball|dir>  render the recorded version's base from this package (an `npm pack`",
    '                             tarball or an unpacked package) instead of fetching it with npm',
    '  -y, --yes                  do not offer to change answers on a terminal',
    '  -h, --help                 this help',
  ]);
}

/** The merge options `add` and `remove` share with `update`. */
const mergeOptions = [
  '  --dry-run                  print the changes as a unified diff; write nothing',
  '  --allow-dirty              run even though the git work tree has uncommitted changes',
  "  --base-from <tarball|dir>  render the recorded version's base from this package instead of npm",
  '  -y, --yes                  do not ask; take the defaults for everything not given',
  '  -h, --help                 this help',
];

export function addHelpText(): string {
  const rows = functionOptions.filter((o) => o.key !== 'name').map(helpRow);
  return helpPage('add', [
    'Add a function to a generated repo: its project, tests, Terraform module and build. It is',
    '`update` with one more function: the same three-way merge keeps your edits to shared files.',
    'Run it anywhere inside the repo (the nearest .dotnet-aot-lambda.json above marks the root).',
    '',
    'Usage:',
    `  ${packageName} add <Name> [options]     <Name>: a C# identifier, e.g. Worker`,
    '',
    "The function's answers (asked on a terminal when not given; only its trigger's own):",
    ...rows,
    '',
    'Options:',
    ...mergeOptions,
  ]);
}

export function removeHelpText(): string {
  return helpPage('remove', [
    "Remove a function from a generated repo: `update` with one function fewer. Its files go",
    'where you never changed them; changed ones are kept and listed. The last function stays.',
    '',
    'Usage:',
    `  ${packageName} remove <Name> [options]`,
    '',
    'Options:',
    ...mergeOptions,
  ]);
}

export async function main(argv: string[], io: Io): Promise<number> {
  try {
    // Hidden, stable across releases: `update` renders an older version's base through it.
    if (argv[0] === '__render') return await (await import('./merge-commands.js')).runRender(io);
    const args = parseCommandLine(argv);
    if (args.help) {
      io.out({ create: helpText, update: updateHelpText, add: addHelpText, remove: removeHelpText }[args.command]());
      return 0;
    }
    if (args.version) {
      io.out(version);
      return 0;
    }
    if (args.command !== 'create') return await (await import('./merge-commands.js')).runUpdate(args, io);
    return await create(args, io);
  } catch (error) {
    return failureCode(error, io);
  }
}

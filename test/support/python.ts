// The test suite's own Python tools (moto, shellcheck) in a virtualenv it creates itself, so
// `npm ci && npm test` stays the whole set-up on a fresh machine.
//
// The venv lives in the user's cache (XDG_CACHE_HOME or ~/.cache), keyed by a hash of
// requirements.txt: a clean clone reuses it, and a change of pins builds a new one. It is built
// in a scratch directory and renamed into place, so a crashed or concurrent install never
// leaves a half-built venv that later runs would trust. Tools are run as `python -m …` or by
// their binaries, never through console-script shebangs, which would name the scratch path.
//
// When Python or PyPI can't be had, `pythonTools()` rejects with the reason; callers turn that
// into a failure unless the user opted out (SKIP_REHEARSAL=1, for instance).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { publishBuilt } from './cache.js';

/** Each set of tools is a venv of its own: the scanners (checkov) pin an older boto3 than moto
 * needs, so sharing one venv would downgrade the emulator's. */
export type ToolSet = 'suite' | 'scanners';
const requirementsFiles: Record<ToolSet, string> = { suite: 'requirements.txt', scanners: 'scanners-requirements.txt' };
const requirementsOf = (set: ToolSet) => join(dirname(fileURLToPath(import.meta.url)), requirementsFiles[set]);

export interface PythonTools {
  /** The venv's interpreter. */
  python: string;
  /** A binary installed into the venv's bin/ (e.g. `shellcheck`). */
  bin: (name: string) => string;
  /** The venv directory. */
  dir: string;
}

function cacheRoot(): string {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'create-dotnet-aot-lambda');
}

function venvDir(requirements: string): string {
  const hash = createHash('sha256').update(readFileSync(requirements)).digest('hex').slice(0, 12);
  return join(cacheRoot(), `venv-${hash}`);
}

const tools = (dir: string): PythonTools => ({ dir, python: join(dir, 'bin', 'python'), bin: (name) => join(dir, 'bin', name) });

async function install(set: ToolSet): Promise<PythonTools> {
  const requirements = requirementsOf(set);
  const dir = venvDir(requirements);
  // The marker is written last: a venv without it never finished installing.
  if (existsSync(join(dir, '.complete'))) return tools(dir);
  const python = process.env.PYTHON || 'python3';
  const version = await execa(python, ['--version'], { reject: false }).catch(() => undefined);
  if (!version || version.exitCode !== 0) throw new Error(`no Python interpreter: '${python} --version' failed (set PYTHON to one)`);

  mkdirSync(cacheRoot(), { recursive: true });
  const scratch = `${dir}.tmp-${process.pid}-${Date.now()}`;
  try {
    const created = await execa(python, ['-m', 'venv', scratch], { reject: false, all: true });
    if (created.exitCode !== 0) throw new Error(`'${python} -m venv' failed: ${created.all?.trim().split('\n').slice(-3).join(' / ')}`);
    const pip = await execa(join(scratch, 'bin', 'python'), ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', requirements], {
      reject: false,
      all: true,
      timeout: 600_000,
    });
    if (pip.exitCode !== 0) throw new Error(`pip could not install ${requirements}: ${pip.all?.trim().split('\n').slice(-5).join(' / ')}`);
    // Published with one rename; another process that finished first wins.
    publishBuilt(scratch, dir);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return tools(dir);
}

const memo = new Map<ToolSet, Promise<PythonTools>>();

/** The cached venv of a tool set, installed on first use. Rejects with a reason a person can act on. */
export function pythonTools(set: ToolSet = 'suite'): Promise<PythonTools> {
  let tools = memo.get(set);
  if (!tools) memo.set(set, (tools = install(set)));
  return tools;
}

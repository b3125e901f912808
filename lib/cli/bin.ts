import { fstatSync, statSync, writeSync } from 'node:fs';
import { main } from './cli.js';

// Lines go straight to file descriptors 1 and 2 with write(2) until something may also write
// through process.stdout (the prompt UI). Creating process.stdout or process.stderr builds a
// stream (Node's stream modules, and net and tty on a terminal or pipe): a few milliseconds
// that a `--yes` run, which prints a dozen lines, should not pay. Once streams are in use,
// every line goes through them, so ours and the prompts' stay in order.
let streams = false;

function writer(fd: 1 | 2, stream: () => NodeJS.WriteStream): (line: string) => void {
  let attached = false;
  const viaStream = (text: string) => {
    const target = stream();
    if (!attached) {
      // A closed pipe (`… | head`) is not an error worth a stack trace.
      target.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
        throw error;
      });
      attached = true;
    }
    target.write(text);
  };
  return (line) => {
    if (streams) return viaStream(`${line}\n`);
    let bytes = Buffer.from(`${line}\n`);
    try {
      while (bytes.length > 0) bytes = bytes.subarray(writeSync(fd, bytes));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') process.exit(process.exitCode ?? 0);
      // A descriptor the parent left non-blocking: the stream waits for it; the rest follows it.
      if (code !== 'EAGAIN') throw error;
      streams = true;
      viaStream(bytes.toString());
    }
  };
}

// No top-level await: the bundle is CommonJS, which Node loads faster than ESM.
void main(process.argv.slice(2), {
  out: writer(1, () => process.stdout),
  err: writer(2, () => process.stderr),
  // Asked only by runs that could prompt (never with --yes). stdout first: touching
  // process.stdin builds a stream for it, and without a terminal on stdout it is never needed.
  get interactive() {
    streams = true;
    return Boolean(process.stdout.isTTY && process.stdin.isTTY);
  },
  // Asked once, for the next steps: only a terminal gets a stream (and a width) for it. Not
  // tty.isatty: loading node:tty loads net and the streams, about 7 ms of every run; a pipe,
  // a file or /dev/null is told apart from a terminal by fstat instead.
  get columns() {
    try {
      const out = fstatSync(1);
      if (!out.isCharacterDevice() || out.rdev === statSync('/dev/null').rdev) return undefined;
    } catch {
      return undefined;
    }
    streams = true;
    return (process.stdout.isTTY && process.stdout.columns) || undefined;
  },
}).then((code) => {
  process.exitCode = code;
});

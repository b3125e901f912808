import { main } from './cli.js';

// A closed pipe (`… | head`) is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

// No top-level await: the bundle is CommonJS, which Node loads faster than ESM.
void main(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  // stdout first: touching process.stdin builds a stream for it (milliseconds of start-up
  // when it is a file or /dev/null), and without a terminal on stdout it is never needed.
  interactive: Boolean(process.stdout.isTTY && process.stdin.isTTY),
}).then((code) => {
  process.exitCode = code;
});

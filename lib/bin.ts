import { main } from './cli.js';

// A closed pipe (`… | head`) is not an error worth a stack trace. The handler is attached
// on a stream's first use: creating process.stderr when it is a pipe loads Node's net
// module, milliseconds that a run which never writes there should not pay.
function writer(stream: () => NodeJS.WriteStream): (line: string) => void {
  let attached = false;
  return (line) => {
    const target = stream();
    if (!attached) {
      target.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
        throw error;
      });
      attached = true;
    }
    target.write(`${line}\n`);
  };
}

// No top-level await: the bundle is CommonJS, which Node loads faster than ESM.
void main(process.argv.slice(2), {
  out: writer(() => process.stdout),
  err: writer(() => process.stderr),
  // stdout first: touching process.stdin builds a stream for it (milliseconds of start-up
  // when it is a file or /dev/null), and without a terminal on stdout it is never needed.
  interactive: Boolean(process.stdout.isTTY && process.stdin.isTTY),
}).then((code) => {
  process.exitCode = code;
});

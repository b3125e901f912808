// The AWS API emulator of the deploy rehearsal: moto in server mode (gaps/launch.py: moto.server
// with the suite's models of moto's gaps installed) from the suite's cached venv, on 127.0.0.1
// and a free port, one server per rehearsal so
// rehearsals can run side by side without seeing each other's resources.
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { execa, type ResultPromise } from 'execa';
import { pythonTools } from '../support/python.js';

export interface Moto {
  endpoint: string;
  /** Stops the server; safe to call twice. */
  stop: () => Promise<void>;
  /** What the server printed, for failure messages. */
  output: () => string;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** moto's server with the suite's models of its gaps installed first (gaps/launch.py). */
const launcher = fileURLToPath(new URL('./gaps/launch.py', import.meta.url));

/** Starts moto and resolves once it answers. Rejects with the reason when it cannot start. */
export async function startMoto(): Promise<Moto> {
  const { python } = await pythonTools();
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  let log = '';
  const child: ResultPromise = execa(python, [launcher, '-H', '127.0.0.1', '-p', String(port)], { reject: false, all: true, buffer: false });
  child.all?.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
  });
  let exited = false;
  const done = child.then(() => {
    exited = true;
  });
  const stop = async (): Promise<void> => {
    if (exited) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await done;
    clearTimeout(timer);
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`moto server exited at start: ${log.trim().split('\n').slice(-5).join(' / ')}`);
    try {
      const response = await fetch(`${endpoint}/moto-api/data.json`);
      if (response.ok) return { endpoint, stop, output: () => log };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error(`moto server did not answer on ${endpoint} within 60 s: ${log.trim().split('\n').slice(-5).join(' / ')}`);
}

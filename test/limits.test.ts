// The limits of issue 24 through the built bin: each http-api route's throttling and a
// function's optional reserved concurrency are recorded, rendered, and changed or removed with
// `update`; the bootstrap lets the deploy role reserve only while a function sets one, and
// always lets it delete a reservation (a removal then deploys whichever is applied first).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { git, runBin, tempDir } from './support/bin.js';

const read = (dir: string, path: string) => readFileSync(join(dir, path), 'utf8');
const record = (dir: string) => JSON.parse(read(dir, '.dotnet-aot-lambda.json')) as { answers: { functions: Array<Record<string, unknown>> } };

test('"" means no reservation: nothing reserved, no module argument, no reserve permission', async () => {
  const dir = join(tempDir('cdal-limits-'), 'orders');
  const r = await runBin([dir, '--yes', '--no-git', '--reserved-concurrency', '']);
  assert.is(r.exitCode, 0, r.stderr);
  assert.not.ok('reservedConcurrency' in record(dir).answers.functions[0]!);
  assert.not.match(read(dir, 'infra/modules/function/main.tf'), /reserved_concurrent_executions/);
  const permissions = read(dir, 'infra/bootstrap/permissions.tf');
  assert.not.match(permissions, /PutFunctionConcurrency/);
  assert.match(permissions, /"lambda:DeleteFunctionConcurrency"/);
});

test('update sets the route throttling and a reservation, then removes the reservation', async () => {
  const dir = join(tempDir('cdal-limits-'), 'orders');
  assert.is((await runBin([dir, '--yes'])).exitCode, 0);
  assert.match(read(dir, 'infra/http_api.tf'), /route_key += module\.orders_http_api\.route_key\n +throttling_burst_limit = 100\n +throttling_rate_limit += 50\n/);

  const set = await runBin(['update', dir, '--set', 'Orders.throttle-rate=75', '--set', 'Orders.reserved-concurrency=7', '--yes']);
  assert.is(set.exitCode, 0, set.stderr);
  git(dir, 'commit', '-q', '-am', 'limits');
  assert.match(read(dir, 'infra/http_api.tf'), /throttling_rate_limit += 75\n/);
  assert.match(read(dir, 'infra/function_orders.tf'), /\n  reserved_concurrency = 7\n/);
  assert.match(read(dir, 'infra/modules/function/main.tf'), /\n  reserved_concurrent_executions = var\.reserved_concurrency\n/);
  assert.match(read(dir, 'infra/bootstrap/permissions.tf'), /sid += "ReserveConcurrency"\n +actions += \["lambda:PutFunctionConcurrency"\]/);
  assert.is(record(dir).answers.functions[0]!.reservedConcurrency, 7);

  const unset = await runBin(['update', dir, '--set', 'reserved-concurrency=', '--yes']);
  assert.is(unset.exitCode, 0, unset.stderr);
  assert.not.ok('reservedConcurrency' in record(dir).answers.functions[0]!, 'the reservation is still recorded');
  assert.not.match(read(dir, 'infra/function_orders.tf'), /reserved_concurrency/);
  const permissions = read(dir, 'infra/bootstrap/permissions.tf');
  assert.not.match(permissions, /PutFunctionConcurrency/);
  assert.match(permissions, /"lambda:DeleteFunctionConcurrency"/, 'the removal must still be allowed to deploy');
  assert.is(record(dir).answers.functions[0]!.throttleRate, 75, 'the other answer changed with it');
});

test('a refused limit writes nothing and says what is allowed', async () => {
  const parent = tempDir('cdal-limits-');
  const r = await runBin([join(parent, 'orders'), '--yes', '--no-git', '--reserved-concurrency', '0', '--throttle-burst', '0']);
  assert.is(r.exitCode, 2);
  assert.match(r.stderr, /--reserved-concurrency: 0 is not allowed; use a whole number of concurrent executions from 1/);
  assert.match(r.stderr, /--throttle-burst: 0 is out of range; use 1 to 5000 requests/);
});

test.run();

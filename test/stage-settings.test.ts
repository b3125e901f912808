// The suite's model of API Gateway v2 UpdateStage and DeleteRouteSettings
// (test/rehearsal/gaps/apigatewayv2_stage_settings.py), which moto 5.2.5 lacks: the calls the AWS
// provider makes to change a deployed stage's throttling, in its order (DeleteRouteSettings of
// each changed route, then one UpdateStage with all of them), must be stored and come back on
// GetStage. The seeded fault runs the same calls against moto without the model (moto.server
// started directly, not through gaps/launch.py): the round trip must then fail by name.
//
// Needs the suite's Python venv (moto); SKIP_REHEARSAL=1 skips it, counted as skipped.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { execa } from 'execa';
import { admin, type Admin } from './rehearsal/admin.js';
import { startMoto, type Moto } from './rehearsal/moto.js';
import { stageRouteSettings, throttleProblems } from './rehearsal/stage.js';
import { unlessOptedOut } from './support/optout.js';
import { pythonTools } from './support/python.js';
import type { FunctionAnswers } from '../generators/answers/index.js';

const Stage = suite('API Gateway v2 stage settings on the emulator');
const test = unlessOptedOut(Stage, 'SKIP_REHEARSAL');

const route = 'ANY /orders/{proxy+}';
const fn = (throttleBurst: number, throttleRate: number): FunctionAnswers => ({ name: 'Orders', functionName: 'orders', trigger: 'http-api', memory: 256, timeout: 30, logRetention: 14, route, throttleBurst, throttleRate });
const json = { 'content-type': 'application/json' };

/** The provider's calls for a stage whose route throttling is set, then changed, then removed;
 * the problems with what GetStage returns after each, named by step. */
async function roundTrip(a: Admin): Promise<string[]> {
  const problems: string[] = [];
  const api = await a.call('apigateway', { method: 'POST', path: '/v2/apis', headers: json, body: JSON.stringify({ name: 'orders', protocolType: 'HTTP' }) });
  const apiId = (JSON.parse(api.text) as { apiId: string }).apiId;
  await a.call('apigateway', { method: 'POST', path: `/v2/apis/${apiId}/routes`, headers: json, body: JSON.stringify({ routeKey: route }) });
  await a.call('apigateway', { method: 'POST', path: `/v2/apis/${apiId}/stages`, headers: json, body: JSON.stringify({ stageName: '$default', autoDeploy: true }) });
  const stagePath = `/v2/apis/${apiId}/stages/%24default`;
  const routePath = `${stagePath}/routesettings/${encodeURIComponent(route)}`;
  for (const [step, burst, rate] of [['throttling added (UpdateStage)', 100, 50], ['throttling changed (UpdateStage)', 200, 60]] as const) {
    // The provider deletes a changed route's settings first; an unknown one is a 404 it ignores.
    const deleted = await a.call('apigateway', { method: 'DELETE', path: routePath });
    if (![200, 204, 404].includes(deleted.status)) problems.push(`${step}: DeleteRouteSettings answered ${deleted.status} ${deleted.text.slice(0, 120)}`);
    const body = JSON.stringify({ routeSettings: { [route]: { throttlingBurstLimit: burst, throttlingRateLimit: rate } } });
    const updated = await a.call('apigateway', { method: 'PATCH', path: stagePath, headers: json, body });
    if (updated.status !== 200) problems.push(`${step}: UpdateStage answered ${updated.status} ${updated.text.slice(0, 120)}`);
    problems.push(...throttleProblems(step, await stageRouteSettings(a), 'orders', [fn(burst, rate)]));
  }
  const removed = await a.call('apigateway', { method: 'DELETE', path: routePath });
  const left = (await stageRouteSettings(a)).get('orders')?.[route];
  if (![200, 204].includes(removed.status) || left !== undefined) {
    problems.push(`throttling removed (DeleteRouteSettings): answered ${removed.status}, and GetStage still has ${JSON.stringify(left ?? null)}`);
  }
  return problems;
}

/** moto's own server, without the suite's models: what the seeded fault runs against. */
async function startPlainMoto(): Promise<Moto> {
  const { python } = await pythonTools();
  const port = 20000 + Math.floor(Math.random() * 20000);
  const endpoint = `http://127.0.0.1:${port}`;
  const child = execa(python, ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], { reject: false, all: true });
  const stop = async () => {
    child.kill('SIGTERM');
    await child;
  };
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${endpoint}/moto-api/data.json`)).ok) return { endpoint, stop, output: () => '' };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error(`plain moto did not answer on ${endpoint}`);
}

test('with the model, the settings UpdateStage stores come back on GetStage, and DeleteRouteSettings removes them', async () => {
  const moto = await startMoto();
  try {
    assert.equal(await roundTrip(admin(moto.endpoint, 'us-east-1')), []);
  } finally {
    await moto.stop();
  }
});

test('seeded fault: without the model (plain moto 5.2.5) the round trip fails, naming UpdateStage', async () => {
  const moto = await startPlainMoto();
  try {
    const problems = await roundTrip(admin(moto.endpoint, 'us-east-1'));
    assert.ok(problems.some((p) => /throttling added \(UpdateStage\): UpdateStage answered [45]\d\d/.test(p)), problems.join('\n'));
    assert.ok(problems.some((p) => /throttling added \(UpdateStage\): the stage's route .* has throttling null/.test(p)), problems.join('\n'));
  } finally {
    await moto.stop();
  }
});

Stage.run();

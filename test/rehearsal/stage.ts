// The HTTP API stage as the emulator holds it, read back after an apply: each http-api
// function's route must carry its throttling answers (issue 24). GetStage returns what
// CreateStage stored, and what UpdateStage stored through the suite's model of it
// (gaps/apigatewayv2_stage_settings.py).
import type { FunctionAnswers } from '../../generators/answers/index.js';
import type { Admin } from './admin.js';

export interface RouteThrottle {
  throttlingBurstLimit?: number;
  throttlingRateLimit?: number;
}

/** Every API's `$default` stage route settings, by API name. */
export async function stageRouteSettings(a: Admin): Promise<Map<string, Record<string, RouteThrottle>>> {
  const out = new Map<string, Record<string, RouteThrottle>>();
  const apis = await a.call('apigateway', { method: 'GET', path: '/v2/apis' });
  for (const api of (JSON.parse(apis.text).items ?? []) as Array<{ name: string; apiId: string }>) {
    const stage = await a.call('apigateway', { method: 'GET', path: `/v2/apis/${api.apiId}/stages/%24default` });
    if (stage.status !== 200) throw new Error(`GetStage of API ${api.name}: ${stage.status} ${stage.text.slice(0, 200)}`);
    out.set(api.name, (JSON.parse(stage.text).routeSettings ?? {}) as Record<string, RouteThrottle>);
  }
  return out;
}

/** What differs between the stage of API `apiName` and the functions' throttling answers. */
export function throttleProblems(step: string, stages: Map<string, Record<string, RouteThrottle>>, apiName: string, functions: readonly FunctionAnswers[]): string[] {
  const routes = stages.get(apiName);
  if (routes === undefined) return [`${step}: no HTTP API named ${apiName} to read the stage of`];
  const problems: string[] = [];
  for (const fn of functions.filter((f) => f.trigger === 'http-api')) {
    const got = routes[fn.route!];
    if (got?.throttlingBurstLimit !== fn.throttleBurst || got?.throttlingRateLimit !== fn.throttleRate) {
      problems.push(
        `${step}: the stage's route ${fn.route} has throttling ${JSON.stringify(got ?? null)}, expected burst ${fn.throttleBurst} and rate ${fn.throttleRate} (${fn.name}'s answers)`,
      );
    }
  }
  return problems;
}

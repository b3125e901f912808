// What a schedule hands its function, read from the CreateSchedule and UpdateSchedule requests
// the provider sent. Scheduler replaces the context-attribute keyword
// `<aws.scheduler.scheduled-time>` in a target's input text with the time the run was due, and
// only the literal keyword: Terraform's jsonencode() writes `<` and `>` as `\u003c` and `\u003e`
// (releases before 0.4.0 did), and then the function gets that text instead of a time and fails
// to bind it. The request body is JSON, so it is decoded first; what must hold is the text
// Scheduler stores, Target.Input.
import type { AwsCall } from './calls.js';
import { describeCall } from './calls.js';

export const scheduledTimeKeyword = '<aws.scheduler.scheduled-time>';

/** Why a CreateSchedule/UpdateSchedule call's input would give the function no time; undefined when it is fine or the call is not one of those. */
export function scheduleInputProblem(call: AwsCall): string | undefined {
  if (call.service !== 'Scheduler' || (call.operation !== 'CreateSchedule' && call.operation !== 'UpdateSchedule')) return undefined;
  const what = `${describeCall(call)}: the schedule's Target.Input`;
  let body: { Target?: { Input?: unknown } };
  try {
    body = JSON.parse(call.body) as typeof body;
  } catch {
    return `${what} could not be read: the request body is not JSON`;
  }
  const input = body.Target?.Input;
  if (typeof input !== 'string') return `${what} is missing: the function would get no job and no time`;
  if (/\\u003c|\\u003e/i.test(input)) {
    return `${what} carries the keyword escaped (${JSON.stringify(input)}): Scheduler replaces only the literal ${scheduledTimeKeyword}, so the function would get no time`;
  }
  if (!input.includes(`"${scheduledTimeKeyword}"`)) return `${what} lacks the literal ${scheduledTimeKeyword} as a JSON string (${JSON.stringify(input)}): the function would get no time`;
  try {
    JSON.parse(input);
  } catch {
    return `${what} is not JSON (${JSON.stringify(input)}): the function's serializer could not read it`;
  }
  return undefined;
}

// On-failure destinations (issue 24): S3 notifications and EventBridge Scheduler invoke a
// function asynchronously, and Lambda drops an event after two failed retries unless the
// function has an on-failure destination. Those functions get a queue of their own for it.
// SQS-triggered functions keep failures through their queue's redrive policy; functions with
// no trigger or an HTTP one are invoked synchronously and return the error to the caller.
import type { Answers, FunctionAnswers } from './answers/index.js';

/** Whether Lambda invokes `fn` asynchronously, so that it needs an on-failure destination. */
export function invokedAsynchronously(fn: FunctionAnswers): boolean {
  return fn.trigger === 's3' || fn.trigger === 'schedule';
}

/** The parts it adds: `on-failure` once per repo (the module, the bootstrap's permissions),
 * `function-on-failure` per function (its queue's wiring, infra/<tfKey>_on_failure.tf). */
export const onFailureParts = {
  repo: (a: Answers): string[] => (a.functions.some(invokedAsynchronously) ? ['on-failure'] : []),
  function: (fn: FunctionAnswers): string[] => (invokedAsynchronously(fn) ? ['function-on-failure'] : []),
};

/** A function's values: whether it has an on-failure queue, and the queue's name. */
export function onFailureValues(fn: FunctionAnswers) {
  return {
    onFailure: invokedAsynchronously(fn),
    /** Named after the function, like its other queues: the bootstrap scopes `<prefix>-…-on-failure`. */
    onFailureQueue: invokedAsynchronously(fn) ? `${fn.functionName}-on-failure` : '',
  };
}

/** The repo's values: whether any function has an on-failure queue. */
export function onFailureRepoValues(a: Answers) {
  return { anyOnFailure: a.functions.some(invokedAsynchronously) };
}

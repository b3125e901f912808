// Limits on what the repo's functions may use (issue 24): each http-api route's throttling is
// its function's answers (printed as they are); reserved concurrency is optional per function.
import type { Answers } from './answers/index.js';

export function limitsValues(a: Answers) {
  return {
    /** Some function reserves concurrency: only then does the function module take the
     * reserved_concurrency argument and the deploy role set and remove reservations. */
    anyReservedConcurrency: a.functions.some((fn) => fn.reservedConcurrency !== undefined),
  };
}

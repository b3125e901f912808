// One policy for checks that need a tool from outside Node (terraform, the Python venv, the
// emulator): they run, and fail saying why when the tool is missing, unless the user opted out
// explicitly with the named variable (SKIP_TERRAFORM=1, SKIP_REHEARSAL=1). An opted-out check is
// registered with uvu's `skip`, so the summary counts it instead of passing it silently.
import type { Test } from 'uvu';

export type OptOut = 'SKIP_TERRAFORM' | 'SKIP_REHEARSAL';

export const optedOut = (variable: OptOut): boolean => process.env[variable] === '1';

/** `suite` itself, or its `skip` when `variable=1`: use it to register checks that need the tool. */
export function unlessOptedOut<T>(suite: Test<T>, variable: OptOut): Test<T> | Test<T>['skip'] {
  return optedOut(variable) ? suite.skip : suite;
}

/** The message a check throws when its tool is missing and nobody opted out. */
export const missing = (what: string, why: string, variable: OptOut): string =>
  `${what} is required but cannot run: ${why}. Install it, or set ${variable}=1 to skip these checks (they are then counted as skipped).`;

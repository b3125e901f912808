// What an update changes in the names a project's pipeline finds on GitHub: its repository
// variables (generators/answers/projects.ts) and its deploy environment. Neither is in the
// repo's files, so the diff cannot show that they must be set again: say so, with what to run.
import { pipelineVariables, sharedVariables, type Answers, type PipelineVariables } from '../../generators/answers/index.js';
import { deployEnvironment } from '../../generators/layout.js';
import type { Io } from '../write/create.js';
import { compareVersions } from './releases.js';

/** The first release whose subfolder projects read variables named for them. */
export const ownVariablesSince = '0.5.0';

interface Names {
  variables: PipelineVariables | undefined;
  environment: string | undefined;
}

/** The names `answers` rendered by `version` use: variables only where CI deploys (S3 state),
 * an environment only with the environment gate. */
export function pipelineNames(answers: Answers, version: string): Names {
  const ci = answers.state === 's3';
  const own = compareVersions(version, ownVariablesSince) >= 0;
  return {
    variables: ci ? (own ? pipelineVariables(answers) : { ...sharedVariables }) : undefined,
    environment: ci && answers.deployGate === 'environment' ? deployEnvironment(answers) : undefined,
  };
}

const list = (v: PipelineVariables, s3: boolean): string[] => [v.region, v.deployRole, v.planRole, ...(s3 ? [v.stateBucket] : [])];

/** The lines to print when the names change from `before` (the recorded answers and version) to
 * `after` (this version's); none when they stay. */
export function namesNotice(before: { answers: Answers; version: string }, after: { answers: Answers; version: string }): string[] {
  const [was, now] = [pipelineNames(before.answers, before.version), pipelineNames(after.answers, after.version)];
  const newVars = now.variables ? list(now.variables, true) : [];
  const oldVars = was.variables ? list(was.variables, true) : [];
  const varsChanged = newVars.length > 0 && newVars.join() !== oldVars.join();
  const envChanged = now.environment !== undefined && now.environment !== was.environment;
  if (!varsChanged && !envChanged) return [];
  const lines = [''];
  if (varsChanged) lines.push(`The pipeline now reads the repository variables ${newVars.join(', ')}${oldVars.length > 0 ? ` (it read ${oldVars.join(', ')})` : ''}.`);
  if (envChanged) lines.push(`It now deploys through the GitHub environment ${now.environment}${was.environment ? ` (it used ${was.environment})` : ''}.`);
  const where = after.answers.repoPath === '' ? '' : ` from the project's folder, ${after.answers.repoPath},`;
  const does = [varsChanged ? 'sets the variables' : '', envChanged ? 'creates the environment, restricted to main' : ''].filter(Boolean).join(' and ');
  lines.push(`Before you push, run${where} sh infra/bootstrap/setup.sh OWNER/REPO: it ${does}. Until then the workflow finds ${varsChanged ? 'them unset' : 'no such environment'} and cannot plan or deploy.`);
  const stale = [...(varsChanged ? oldVars.filter((v) => !newVars.includes(v)) : []), ...(envChanged && was.environment ? [`the environment ${was.environment}`] : [])];
  if (stale.length > 0) {
    lines.push(
      `The old ${stale.join(', ')} stay on GitHub as they are${oldVars.includes(sharedVariables.region) && after.answers.repoPath !== '' ? ' (the repository\'s other projects may still read these shared names)' : ''}. ` +
        `Once no workflow reads them, delete them: gh variable delete NAME --repo OWNER/REPO${envChanged && was.environment ? `, and gh api --method DELETE repos/OWNER/REPO/environments/${was.environment}` : ''}.`,
    );
  }
  return lines;
}

export function namesChangeNotice(before: { answers: Answers; version: string }, after: { answers: Answers; version: string }, io: Io): void {
  for (const line of namesNotice(before, after)) io.out(line);
}

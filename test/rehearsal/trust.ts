// Who may assume the pipeline's roles: each workflow event's GitHub OIDC token, evaluated
// against the trust policies the bootstrap applied (through the shared IAM harness), and the
// one rule IAM cannot see, which branches may enter the `production` environment, read from
// the setup the generated README documents.
import { assume, githubClaims, subjectFormats, trustCases, type DeployGate, type IamModel, type Role, type SubjectFormat } from '../support/iam.js';

/** Problems with the roles' trust for tokens in `format` under `gate` (test/support/iam.ts's
 * trustCases); empty when each case may assume exactly its role. */
export function trustProblems(roles: { plan: Role; deploy: Role }, format: SubjectFormat, oidcProvider: string, env: string, gate: DeployGate): string[] {
  const problems: string[] = [];
  for (const c of trustCases(env, gate)) {
    const claims = githubClaims(c.repo, c.event, format);
    for (const which of ['plan', 'deploy'] as const) {
      const allowed = assume(roles[which], claims, oidcProvider) === 'Allowed';
      const expected = c.may === which;
      if (allowed !== expected) {
        problems.push(`trust (${gate} gate, ${format} subject): a ${c.name} (sub ${claims['token.actions.githubusercontent.com:sub']}) ${allowed ? 'may' : 'may not'} assume the ${which} role; expected ${expected ? 'may' : 'may not'}`);
      }
    }
  }
  return problems;
}

/**
 * The deploy role trusts any job in the `production` environment, so which branches may run
 * there is GitHub's environment setting. The documented one-time setup (README.md and
 * infra/bootstrap/setup.sh when there is one) must restrict it to main:
 * a `gh api` call that sets the environment's deployment_branch_policy (custom policies or
 * protected branches only) and, for custom policies, one that adds `main`.
 */
export function environmentPolicyProblems(setup: string, env: string): string[] {
  const commands = setup.split(/\n(?=\S)|```/).filter((block) => /\bgh api\b/.test(block));
  const environment = commands.filter((c) => new RegExp(`environments/${env}\\b(?!/)`).test(c));
  if (environment.length === 0) return [`documented setup: no \`gh api\` command creates the ${env} environment`];
  const setsPolicy = environment.some((c) => /deployment_branch_policy/.test(c) && /(custom_branch_policies|protected_branches)[^\n]*true/.test(c));
  if (!setsPolicy) return [`documented setup: the \`gh api\` command that creates the ${env} environment sets no deployment_branch_policy, so every branch may deploy`];
  const custom = environment.some((c) => /custom_branch_policies[^\n]*true/.test(c));
  if (custom && !commands.some((c) => c.includes(`environments/${env}/deployment-branch-policies`) && /\bmain\b/.test(c))) {
    return [`documented setup: the ${env} environment uses custom branch policies, but no \`gh api\` command adds main to them`];
  }
  return [];
}

/**
 * With local state no workflow assumes a role (CI never deploys), so nothing the bootstrap made
 * may trust GitHub (issue 24): no GitHub OIDC provider, and no role that any workflow event's
 * token could assume, under either gate and in both subject forms, through the account's
 * provider, nor any role whose trust names that provider at all. Empty when so.
 */
export function githubTrustProblems(model: IamModel, env: string): string[] {
  const problems: string[] = [];
  for (const r of model.resources.filter((x) => x.mode === 'managed' && x.type === 'aws_iam_openid_connect_provider')) {
    problems.push(`local state: the bootstrap creates the GitHub OIDC provider (${r.address}), which no workflow uses`);
  }
  const provider = `arn:${model.partition}:iam::${model.account}:oidc-provider/token.actions.githubusercontent.com`;
  for (const r of model.roles) {
    const named = JSON.stringify(r.trust).includes('token.actions.githubusercontent.com');
    const events = (['environment', 'branch'] as const).flatMap((gate) => trustCases(env, gate)).flatMap((c) =>
      subjectFormats.filter((format) => assume(r, githubClaims(c.repo, c.event, format), provider) === 'Allowed').map((format) => `${c.name} (${format} subject)`),
    );
    if (named || events.length > 0) {
      problems.push(`local state: ${r.address} (${r.name}) trusts GitHub's OIDC provider${events.length > 0 ? `; a ${[...new Set(events)].join(', ')} may assume it` : ''}, though no workflow assumes a role`);
    }
  }
  return problems;
}

// Each security break that once passed the whole suite (issue 18, "Security that passed") is
// applied here to a freshly rendered repo, by editing the rendered text as a careless change
// would, and must make the named evaluation check fail. So the checks keep proving they can
// fail without re-running the suite on broken templates.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError, resolveAnswers, type Given } from '../generators/answers/index.js';
import { copyOfRepo, planCopy, PlanError, type IamModel } from './support/iam.js';
import { optedOut, unlessOptedOut } from './support/optout.js';
import { check } from './support/security-checks.js';

/** Replace `find` (which must occur) in a rendered file; returns the new text. */
async function edit(dir: string, path: string, find: string | RegExp, replace: string): Promise<void> {
  const file = join(dir, path);
  const text = await readFile(file, 'utf8');
  const changed = text.replace(find, replace);
  if (changed === text) throw new Error(`mutation did not apply: ${String(find)} not found in ${path}`);
  await writeFile(file, changed);
}

interface Mutation {
  name: string;
  given: Given;
  apply: (dir: string) => Promise<void>;
  /** The check (by the start of its name) that must now fail. */
  caughtBy: string;
  /** Text the failure must contain, so the right thing is reported. */
  says: RegExp;
}

const mutations: Mutation[] = [
  {
    name: 'trust for any repository: a second deploy-trust statement with StringLike sub = "repo:*"',
    given: {},
    apply: (dir) =>
      edit(dir, 'infra/bootstrap/oidc.tf', 'data "aws_iam_policy_document" "deploy_trust" {\n', `data "aws_iam_policy_document" "deploy_trust" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = [local.oidc_provider_arn]
    }

    condition {
      test     = "StringLike"
      variable = "token.actions.githubusercontent.com:sub"
      values   = ["repo:*"]
    }
  }

`),
    caughtBy: 'trust:',
    says: /another repository.*deploy role Allowed, expected denied/,
  },
  {
    name: 'branch gate trusting another branch too: the deploy role takes ref:refs/heads/feature',
    given: { deployGate: 'branch' },
    apply: (dir) =>
      edit(
        dir,
        'infra/bootstrap/oidc.tf',
        '[for prefix in local.github_subject_prefixes : "${prefix}:ref:refs/heads/main"]',
        'flatten([for prefix in local.github_subject_prefixes : ["${prefix}:ref:refs/heads/main", "${prefix}:ref:refs/heads/feature"]])',
      ),
    caughtBy: 'trust:',
    says: /push to another branch \(repo:octo-org\/my-func:ref:refs\/heads\/feature\): deploy role Allowed, expected denied/,
  },
  {
    name: 'boundary escape: iam:Delete* and iam:Attach* in the execution-role statement',
    given: {},
    apply: (dir) => edit(dir, 'infra/bootstrap/permissions.tf', /(sid = "ManageExecutionRole"\n\s+actions = \[\n)/, '$1      "iam:Attach*",\n      "iam:Delete*",\n'),
    caughtBy: 'the deploy role cannot remove or replace the boundary',
    says: /iam:DeleteRolePermissionsBoundary .*Allowed, expected denied/,
  },
  {
    name: 'every function in every account: function resources widened to arn:…:lambda:*:*:function:*',
    given: {},
    apply: (dir) =>
      edit(dir, 'infra/bootstrap/permissions.tf', /(sid = "ManageFunction"[\s\S]*?resources = )local\.function_arns/, '$1["arn:${local.partition}:lambda:*:*:function:*"]'),
    caughtBy: 'the deploy role cannot act on another function',
    says: /lambda:UpdateFunctionCode on arn:aws:lambda:us-east-1:444455556666:function:my-func: Allowed/,
  },
  {
    name: 'prefix scope without its dash: function:${var.prefix}-* widened to function:${var.prefix}*',
    given: {},
    apply: (dir) => edit(dir, 'infra/bootstrap/main.tf', ':function:${var.prefix}-*",', ':function:${var.prefix}*",'),
    caughtBy: 'the deploy role cannot act on another function',
    says: /lambda:UpdateFunctionCode on arn:aws:lambda:us-east-1:111122223333:function:my-func2: Allowed, expected denied/,
  },
  {
    name: 'execution roles beyond the prefix: PassRole and CreateRole on role/${var.prefix}-* instead of role/${var.prefix}-*-execution',
    given: {},
    apply: (dir) => edit(dir, 'infra/bootstrap/main.tf', ':role/${var.prefix}-*-execution",', ':role/${var.prefix}-*",'),
    caughtBy: 'roles are passed only to the service that uses them',
    says: /iam:PassRole on arn:aws:iam::111122223333:role\/my-func-deploy .*Allowed, expected denied/,
  },
  {
    name: 'admin through an inline policy: an extra aws_iam_role_policy on the deploy role with Action "*", Resource "*"',
    given: {},
    apply: async (dir) => {
      const file = join(dir, 'infra/bootstrap/oidc.tf');
      await writeFile(file, `${await readFile(file, 'utf8')}
resource "aws_iam_role_policy" "helpful" {
  name   = "temporary"
  role   = aws_iam_role.deploy.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })
}
`);
    },
    caughtBy: 'no role holds every action',
    says: /my-func-deploy: iam:CreateUser .*Allowed, expected denied/,
  },
  {
    name: 'PassRole on every role: an existing role named "*" with the bootstrap\'s name rule removed',
    given: { preset: 'seed', artifactBucket: 'my-artifacts', existingRole: 'my-lambda-role' },
    apply: async (dir) => {
      await edit(dir, 'infra/bootstrap/variables.tf', 'default     = "my-lambda-role"', 'default     = "*"');
      await edit(dir, 'infra/bootstrap/variables.tf', /condition\s+= can\(regex\("\^\[A-Za-z0-9\+=,\.@_-\]\{1,64\}\$", var\.execution_role_name\)\)/, 'condition     = var.execution_role_name != ""');
    },
    caughtBy: 'roles are passed only to the service that uses them',
    says: /iam:PassRole on arn:aws:iam::111122223333:role\/admin .*Allowed, expected denied/,
  },
];

const mutated = suite('security mutations');
const register = unlessOptedOut(mutated, 'SKIP_TERRAFORM');

// Every mutant is planned up front (two at a time, with the other security plans), unless
// Terraform checks are opted out: each test then only evaluates.
const memo = new Map<Mutation, Promise<IamModel>>();
const plannedMutant = (m: Mutation): Promise<IamModel> => {
  if (!memo.has(m)) {
    memo.set(m, (async () => {
      const dir = await copyOfRepo(m.given);
      await m.apply(dir);
      return (await planCopy(dir, 'infra/bootstrap')).model;
    })());
  }
  return memo.get(m)!;
};
if (!optedOut('SKIP_TERRAFORM')) for (const m of mutations) plannedMutant(m).catch(() => undefined);

for (const m of mutations) {
  register(`${m.name} → fails "${m.caughtBy}"`, async () => {
    const model = await plannedMutant(m);
    const problems = await check(m.caughtBy).run({ given: m.given, bootstrap: model, byFormat: { classic: model } });
    assert.ok(problems.length > 0, `the mutation passed "${m.caughtBy}"`);
    assert.match(problems.join('\n'), m.says);
  });
}

register('an existing role named "*" is refused by the bootstrap\'s own variable rule', async () => {
  const given = { preset: 'seed', artifactBucket: 'my-artifacts', existingRole: 'my-lambda-role' } as const;
  const dir = await copyOfRepo(given);
  await edit(dir, 'infra/bootstrap/variables.tf', 'default     = "my-lambda-role"', 'default     = "*"');
  let message = '';
  try {
    await planCopy(dir, 'infra/bootstrap');
  } catch (error) {
    if (!(error instanceof PlanError)) throw error;
    message = error.message.replace(/\s+/g, ' ');
  }
  assert.match(message, /The execution role name must be 1 to 64 characters from A-Z, a-z, 0-9 and \+ = , \. @ _ - \(no wildcards\)/);
});

mutated('the answer model refuses a wildcard existing role, saying what is allowed', () => {
  for (const role of ['*', 'my-*', 'role?', 'lambda-*-role']) {
    let problem = '';
    try {
      resolveAnswers({ dirName: 'my-func', given: { existingRole: role } });
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      problem = error.message;
    }
    assert.match(problem, new RegExp(`--existing-role: "${role.replace(/[*?]/g, '\\$&')}" is not a valid IAM role name; use 1 to 64 characters from A-Z, a-z, 0-9 and \\+ = , \\. @ _ -`), role);
  }
});

mutated.run();

// The option rows of repo-wide answers: names, toolchain, region, pipeline, state, presets and
// where the project sits. Each row owns its default and its validation (the table: ../options.ts).
import type { Framework } from '../../versions.js';
import { applies, baseDefault, defaultRuntime, presetDefaults, seedRequires } from '../defaults.js';
import { bucketProblem, functionNameFrom, functionNamePattern, nameProblem, pascalCase, roleNamePattern } from '../names.js';
import { optionByKey, type OptionSpec } from '../options.js';
import type { Runtime } from '../types.js';
import { arches, deployGates, frameworks, packageTypes, presets, regionExplain, regions, runners, runtimes, runtimesFor, stateBackends } from '../values.js';

export const repoRows: OptionSpec[] = [
  { key: 'prefix', scope: 'repo', flag: 'prefix', kind: 'string', describe: "the repo's Lambda name prefix: every function is named it or <prefix>-… (default: the first --function-name, else the dir name)", message: 'Function-name prefix',
    default: ({ dirName, fn }) => fn.functionName ?? functionNameFrom(dirName),
    validate: ({ a, problems }) => {
      if (!functionNamePattern.test(a.prefix)) {
        problems.push(`--prefix: "${a.prefix}" is not allowed; use 1 to 54 characters from A-Z, a-z, 0-9, - and _`);
      }
    },
  },
  { key: 'solution', scope: 'repo', hidden: true, flag: 'solution', kind: 'string', describe: '.NET solution name (default: the first function\'s --name)', message: '.NET solution name',
    default: ({ dirName, fn }) => fn.name ?? pascalCase(dirName),
    validate: ({ a, problems }) => {
      const solutionIssue = nameProblem(a.solution);
      if (solutionIssue) problems.push(`--solution: ${solutionIssue.startsWith('"') ? solutionIssue : `.NET name ${solutionIssue}`}`);
    },
  },
  {
    key: 'framework', scope: 'repo', flag: 'framework', kind: 'choice', choices: frameworks, describe: 'target framework', message: 'Target framework',
    explain: {
      // {support}: said by today's date (explainChoice), as the end-of-support warning is.
      'net10.0': '.NET 10 LTS, {support}',
      'net8.0': '.NET 8 LTS, {support}',
      'net7.0': '.NET 7, {support} (the seed article used it)',
    },
    default: 'net10.0',
  },
  {
    key: 'runtime', scope: 'repo', flag: 'runtime', kind: 'choice', choices: runtimes, describe: "Lambda runtime (default: the framework's managed runtime; provided.al2 for net7.0)", message: 'Lambda runtime',
    explain: {
      dotnet10: 'AWS-managed .NET 10 runtime: runs the native executable, with ICU and time-zone data; AWS patches the OS',
      dotnet8: 'AWS-managed .NET 8 runtime ({support}): runs the native executable; AWS patches the OS',
      'provided.al2023': 'OS-only Amazon Linux 2023: smallest image, but no ICU or time-zone data; same price',
      'provided.al2': 'OS-only Amazon Linux 2 ({support}): past it Lambda stops patching, then blocks updates',
    },
    default: ({ soFar, fromPreset }) => {
      const framework = soFar.framework ?? (presetDefaults[soFar.preset ?? 'default'].framework as Framework | undefined) ?? (baseDefault('framework') as Framework);
      // The preset's runtime only applies when it fits the framework actually chosen.
      if (fromPreset && runtimesFor[framework].includes(fromPreset as Runtime)) return fromPreset;
      return defaultRuntime(framework);
    },
    validate: ({ a, problems }) => {
      if (frameworks.includes(a.framework) && runtimes.includes(a.runtime) && !runtimesFor[a.framework].includes(a.runtime)) {
        problems.push(
          `--runtime: ${a.runtime} does not fit ${a.framework}; use ${runtimesFor[a.framework].join(' or ')}` +
            (a.framework === 'net7.0' ? ' (net7.0 has no managed Lambda runtime)' : ''),
        );
      }
    },
  },
  {
    key: 'arch', scope: 'repo', flag: 'arch', kind: 'choice', choices: arches, describe: 'instruction set (arm64 = Graviton)', message: 'Architecture',
    explain: {
      arm64: 'AWS Graviton: about 20% cheaper per GB-second; builds need an arm64 runner',
      x86_64: 'Intel/AMD: the usual choice when a dependency ships x64-only native code',
    },
    default: 'arm64',
  },
  {
    key: 'package', scope: 'repo', flag: 'package', kind: 'choice', choices: packageTypes, describe: 'deployment package type', message: 'Package type',
    explain: {
      zip: 'a zip with one file, bootstrap: fastest cold start, nothing extra to pay for',
      image: 'a container image in ECR (up to 10 GB): for large dependencies; ECR storage is billed',
    },
    default: 'zip',
  },
  { key: 'region', scope: 'repo', flag: 'region', kind: 'choice', choices: regions, summary: 'an AWS commercial region such as us-east-1, eu-west-1 or ap-southeast-2', describe: 'AWS region', message: 'AWS region',
    explain: regionExplain,
    default: 'us-east-1',
  },
  {
    key: 'runner', scope: 'repo', flag: 'runner', kind: 'choice', choices: runners, describe: 'GitHub Actions build runner', message: 'Build runner',
    explain: {
      github: "GitHub-hosted runner of the function's architecture (billed per minute for private repositories)",
      'self-hosted': 'your own Linux machine with Docker, of the same architecture: you run, patch and pay for it',
    },
    default: 'github',
  },
  { key: 'artifactBucket', scope: 'repo', flag: 'artifact-bucket', kind: 'string', describe: 'upload the packages through this existing S3 bucket (default, or "": direct upload)', message: 'Existing S3 bucket for the package (blank: direct upload)',
    // The artifact bucket only carries a zip (an image goes to ECR): neither asked nor accepted for images.
    when: (a) => a.package !== 'image',
    default: '',
    validate: ({ a, problems }) => {
      if (a.artifactBucket !== '' && !applies('artifactBucket', a)) {
        problems.push('--artifact-bucket: applies only to --package zip (an image is pushed to ECR, never through a bucket); leave it out for --package image');
      } else if (a.artifactBucket !== '') {
        const issue = bucketProblem(a.artifactBucket);
        if (issue) problems.push(`--artifact-bucket: "${a.artifactBucket}" is not a valid S3 bucket name: it ${issue}`);
      }
    },
  },
  { key: 'existingRole', scope: 'repo', flag: 'existing-role', kind: 'string', describe: 'every function runs as this existing execution role (default, or "": create one per function)', message: 'Existing execution role name (blank: create one)',
    default: '',
    validate: ({ a, problems }) => {
      if (a.existingRole !== '' && !roleNamePattern.test(a.existingRole)) {
        problems.push(`--existing-role: "${a.existingRole}" is not a valid IAM role name; use 1 to 64 characters from A-Z, a-z, 0-9 and + = , . @ _ -`);
      }
    },
  },
  {
    key: 'state', scope: 'repo', flag: 'state', kind: 'choice', choices: stateBackends, describe: 'Terraform state backend', message: 'Terraform state backend',
    explain: {
      s3: 'a versioned S3 bucket (cents a month) that CI reads and writes: every push to main deploys',
      local: 'a file on your machine: CI only builds and checks, and you deploy from your machine',
    },
    default: 's3',
  },
  {
    key: 'deployGate', scope: 'repo', flag: 'deploy-gate', kind: 'choice', choices: deployGates, describe: 'what lets CI deploy: the GitHub environment (restricted to main), or any push to main (default: environment)', message: 'Deploy gate',
    explain: {
      environment: 'a GitHub environment that admits only main guards the deploy role: needs a public repository, or GitHub Pro, Team or Enterprise',
      branch: 'the deploy role trusts pushes to main: works on every plan (private repositories on GitHub Free); whoever can push to main can deploy',
    },
    // Only CI deploys through a gate, and with local state it never deploys.
    when: (a) => (a.state ?? baseDefault('state')) === 's3',
    appliesTo: '--state s3',
    default: 'environment',
    validate: ({ a, problems }) => {
      if (a.deployGate !== 'environment' && !applies('deployGate', a)) {
        problems.push('--deploy-gate: applies only to --state s3 (with local state CI never deploys); leave it out for --state local');
      }
    },
  },
  { key: 'tests', scope: 'repo', flag: 'tests', kind: 'boolean', describe: 'add unit-test projects, or not (default: add them)', message: 'Add a unit-test project?',
    default: true,
  },
  {
    key: 'preset', scope: 'repo', flag: 'preset', kind: 'choice', choices: presets, message: 'Preset',
    explain: {
      default: 'the defaults this help lists: net10.0 on dotnet10, 256 MB, GitHub-hosted runners, 14 days of logs',
      seed: "the article's choices: net7.0 on provided.al2 (both out of support), 128 MB, a self-hosted runner, an existing bucket and role, 1 day of logs",
    },
    describe:
      'default, or seed: the choices of Victor Domingues\'s article "Rodando uma Lambda em .NET 7 AOT com Github Actions e Terraform na arquitetura ARM64" (2023)',
    default: 'default',
    validate: ({ a, problems }) => {
      if (a.preset === 'seed') {
        for (const key of seedRequires(a)) {
          if (a[key] === '') problems.push(`--preset seed references an existing bucket and role: pass --${optionByKey.get(key)!.flag}`);
        }
      }
    },
  },
  {
    key: 'repoPath', scope: 'repo', flag: 'repo-path', kind: 'string', message: 'Path of the project inside its git repository',
    describe: 'where the project sits in its git repository, e.g. services/orders (default: detected; blank: the repository root)',
    default: '',
    validate: ({ a, problems }) => {
      if (a.repoPath !== '' && !a.repoPath.split('/').every((segment) => /^[\w.+-]([\w .@+-]*[\w.@+-])?$/.test(segment) && !/^\.\.?$/.test(segment))) {
        problems.push(
          `--repo-path: "${a.repoPath}" is not allowed; use a relative path inside the repository, folders separated by / ` +
            '(letters, digits, . _ + - and, inside a name, space and @; no . or .. folders), e.g. services/orders, or blank for the repository root',
        );
      }
    },
  },
  { key: 'rootAddresses', scope: 'repo', hidden: true, flag: 'root-addresses', kind: 'string', describe: 'the function that owns the Terraform addresses of releases up to 0.2.0 (set by the record migration)', message: 'Function owning the 0.2.0 addresses',
    default: '',
    validate: ({ a, problems }) => {
      if (a.rootAddresses !== '' && !a.functions.some((fn) => fn.name === a.rootAddresses)) {
        problems.push(`--root-addresses: "${a.rootAddresses}" names no function of this repo; use one of ${a.functions.map((fn) => fn.name).join(', ')}, or leave it out`);
      }
    },
  },
];

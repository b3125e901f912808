// Terraform for the rehearsal: a scratch copy of the generated repo whose providers point at
// the emulator through `*_override.tf` files (Terraform merges them into the provider block;
// the repo itself is never written), and runs that record every AWS call in a debug log.
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { execa } from 'execa';
import { noMatchingProvider, substituteForMirror, terraformEnv } from '../validators/terraform.js';
import { parseCalls, type AwsCall } from './calls.js';

/** The services the emitted Terraform talks to; each endpoint is the emulator. */
const services = ['apigateway', 'apigatewayv2', 'cloudwatch', 'ecr', 'iam', 'kms', 'lambda', 'logs', 's3', 'scheduler', 'sns', 'sqs', 'sts'];

// Fixed fake keys: the emulator accepts any, and who acts is decided by which role's
// policies each recorded call is evaluated against.
const fakeKeys = { access_key: 'AKIAIOSFODNN7EXAMPLE', secret_key: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

export function providerOverride(endpoint: string): string {
  return `# Written by the deploy rehearsal into its scratch copy: every AWS call goes to the emulator.
provider "aws" {
  access_key                  = "${fakeKeys.access_key}"
  secret_key                  = "${fakeKeys.secret_key}"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  s3_use_path_style           = true

  endpoints {
${services.map((s) => `    ${s} = "${endpoint}"`).join('\n')}
  }
}
`;
}

/** `-backend-config` arguments for the S3 backend on the emulator (bucket, key and region as the workflow passes them). */
export function backendConfig(endpoint: string, o: { bucket: string; key: string; region: string }): string[] {
  return [
    `bucket=${o.bucket}`,
    `key=${o.key}`,
    `region=${o.region}`,
    `endpoints={s3="${endpoint}",sts="${endpoint}",iam="${endpoint}"}`,
    'use_path_style=true',
    'skip_credentials_validation=true',
    'skip_requesting_account_id=true',
    'skip_metadata_api_check=true',
    `access_key=${fakeKeys.access_key}`,
    `secret_key=${fakeKeys.secret_key}`,
  ].map((c) => `-backend-config=${c}`);
}

/** Copies the repo (without Terraform's local files) and writes the override into both stacks. */
/** Terraform's local files and build output: never copied from or into a repo. */
export const localFiles = (src: string): boolean => /[\\/]\.terraform([\\/]|$)|\.tfstate(\.backup)?$|[\\/]artifacts([\\/]|$)/.test(src);

export async function scratchCopy(repoDir: string, scratch: string, endpoint: string): Promise<void> {
  await cp(repoDir, scratch, { recursive: true, filter: (src) => !localFiles(src) });
  for (const module of ['infra', 'infra/bootstrap']) {
    if (existsSync(join(scratch, module))) await writeFile(join(scratch, module, 'rehearsal_override.tf'), providerOverride(endpoint));
  }
}

export interface Run {
  exitCode: number;
  output: string;
  calls: AwsCall[];
}

export interface Terraform {
  /** Runs terraform in `module` (relative to the scratch repo), recording the AWS calls it makes. */
  run: (module: string, args: string[], env?: Record<string, string>) => Promise<Run>;
  /** Substitutions made so the offline provider mirror can run the repo, for the output. */
  notes: string[];
}

export function terraform(scratch: string, logDir: string): Terraform {
  let count = 0;
  const notes: string[] = [];
  const run = async (module: string, args: string[], env: Record<string, string> = {}): Promise<Run> => {
    const log = join(logDir, `tf-${++count}-${args[0]}.log`);
    const cwd = join(scratch, module);
    const pluginDir = process.env.TF_PLUGIN_DIR;
    const full = args[0] === 'init' && pluginDir ? [...args, `-plugin-dir=${pluginDir}`] : args;
    const exec = () =>
      execa('terraform', [...full, '-no-color'], {
        cwd,
        reject: false,
        all: true,
        env: { ...terraformEnv(), ...env, TF_LOG: 'debug', TF_LOG_PATH: log },
      });
    let result = await exec();
    if (args[0] === 'init' && result.exitCode !== 0 && pluginDir && noMatchingProvider.test(result.all ?? '')) {
      const note = await substituteForMirror(cwd);
      if (note) {
        notes.push(`${module}: ${note}`);
        await rm(join(cwd, '.terraform'), { recursive: true, force: true });
        result = await exec();
      }
    }
    const text = existsSync(log) ? await readFile(log, 'utf8') : '';
    await rm(log, { force: true });
    const calls = parseCalls(text);
    // REHEARSAL_CALLS=<dir> keeps what each run sent, so rules can be checked against real calls
    // (test/rehearsal-rules.test.ts's fixtures come from here) without another deploy.
    const keep = process.env.REHEARSAL_CALLS;
    if (keep) {
      await mkdir(keep, { recursive: true });
      await writeFile(join(keep, `${basename(logDir)}-${count}-${module.replace(/\W+/g, '_')}-${args[0]}.json`), JSON.stringify(calls.map((c) => ({ ...c, url: c.url.href })), null, 1));
    }
    return { exitCode: result.exitCode ?? 1, output: result.all ?? '', calls };
  };
  return { run, notes };
}

/** Terraform's error lines, short enough for a message. */
export function errorsOf(output: string): string {
  const lines = output.replace(/[│╷╵]/g, ' ').split('\n').map((l) => l.trim()).filter(Boolean);
  const at = lines.findIndex((l) => l.startsWith('Error:'));
  return (at >= 0 ? lines.slice(at, at + 6) : lines.slice(-6)).join(' / ');
}

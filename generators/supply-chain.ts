// What the emitted repo pins and who moves the pins: the actions its workflow uses (the
// README's table), and the Dependabot entries that keep those and every other pin current.
import type { Answers } from './answers/index.js';
import { actionPins, lambdaBaseImage, sdk, type ActionKey } from './versions.js';

/** The actions the workflow of these answers uses, in the versions table's order. Mirrors the
 * template's branches (zip or image; CI deploying or only checking); test/workflow-scanners
 * compares it with the `uses:` of every variant's rendered workflow. */
export function actionsUsed(a: Pick<Answers, 'package' | 'state'>): Array<(typeof actionPins)[ActionKey]> {
  const ciDeploys = a.state === 's3';
  const used = new Set<ActionKey>(['checkout', 'setupTerraform']);
  const add = (...keys: ActionKey[]) => keys.forEach((k) => used.add(k));
  if (a.package === 'zip') add('setupDotnet', 'cache', 'uploadArtifact', 'downloadArtifact');
  else {
    add('setupBuildx', 'buildPush');
    if (ciDeploys) add('amazonEcrLogin', 'uploadArtifact', 'downloadArtifact');
  }
  if (ciDeploys) add('configureAwsCredentials');
  return (Object.keys(actionPins) as ActionKey[]).filter((k) => used.has(k)).map((k) => actionPins[k]);
}

/** The Dockerfile's two images, by floating tag: AWS's Amazon Linux SAM build image for the
 * framework and the OS-only Lambda base image, both in the function's architecture (Native AOT
 * links against the build machine's glibc). */
export function images(a: Pick<Answers, 'framework' | 'arch'>): { buildImage: string; baseImage: string } {
  return { buildImage: `${sdk[a.framework].samBuildImage}:latest-${a.arch}`, baseImage: `${lambdaBaseImage}:al2023-${a.arch}` };
}

/** One entry of `.github/dependabot.yml`: an ecosystem and the folders (from the repository
 * root, with a leading `/`) that hold its manifests. */
export interface DependabotEntry {
  ecosystem: 'github-actions' | 'nuget' | 'dotnet-sdk' | 'terraform' | 'docker';
  directories: string[];
  /** Why the entry is there, printed above it. */
  comment: string;
}

/** Every ecosystem the repo of these answers has, with the folders Dependabot must read.
 * The function and test projects come from the answers, so add/remove re-render the list. */
export function dependabotEntries(a: Answers): DependabotEntry[] {
  const { buildImage, baseImage } = images(a);
  const at = (path: string) => `/${[a.repoPath, path].filter((p) => p !== '').join('/')}`;
  const projects = a.functions.flatMap((fn) => [`src/${fn.name}`, ...(a.tests ? [`test/${fn.name}.Tests`] : [])]);
  return [
    {
      ecosystem: 'github-actions',
      // Dependabot reads workflows from the repository root's .github/workflows only.
      directories: ['/'],
      comment: 'The workflow\'s actions, pinned by commit SHA with the release as a comment: Dependabot moves both.',
    },
    { ecosystem: 'nuget', directories: projects.map(at), comment: 'The NuGet packages of every function project and its tests.' },
    { ecosystem: 'dotnet-sdk', directories: [at('')], comment: 'The .NET SDK that global.json selects.' },
    { ecosystem: 'terraform', directories: [at('infra'), at('infra/bootstrap')], comment: 'The AWS provider constraints of the function stack and of the bootstrap.' },
    ...(a.package === 'image'
      ? [{
          ecosystem: 'docker' as const,
          directories: [at('')],
          comment: `The Dockerfile's images. Their floating tags (${buildImage}, ${baseImage}) carry no version, so Dependabot cannot move them: it updates an image pinned by digest (FROM ${baseImage}@sha256:<digest>), proposing the tag's new digest (README.md, Pinning actions).`,
        }]
      : []),
  ];
}

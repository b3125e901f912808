// What the emitted repo pins and who moves the pins: the actions its workflow uses (the
// README's table), and the Dependabot entries that keep those and every other pin current.
import type { Answers } from './answers/index.js';
import { actionPins, type ActionKey } from './versions.js';

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

// The repository root's .github/dependabot.yml, seen from a project in a subfolder. The file is
// the whole repository's, shared by its projects: a project creates it only when there is none
// (and its record then owns it: `ownsRootDependabot`), and never edits one it does not own,
// whether the user wrote it or another project of ours created it. It prints its entries instead.
import { lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Answers } from '../../generators/answers/index.js';
import { dependabotEntries, type DependabotEntry } from '../../generators/supply-chain.js';
import { recordFile } from '../render/record-file.js';

const rootFile = '.github/dependabot.yml';

/** The answers with the claim decided: a subfolder project whose repository has no root
 * dependabot.yml creates it and owns it; otherwise the answers as they are. */
export function claimRootDependabot(answers: Answers, root: string): Answers {
  if (answers.repoPath === '' || answers.ownsRootDependabot) return answers;
  return lstatSync(join(root, rootFile), { throwIfNoEntry: false }) ? answers : { ...answers, ownsRootDependabot: true };
}

/** The project of ours that owns the root file: the folder its header names (the dependabot
 * template's first lines), if that folder's record claims the file. A header alone is text
 * anyone can write; the record is what `update` acts on. */
export function rootDependabotOwner(root: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(join(root, rootFile), 'utf8');
  } catch {
    return undefined;
  }
  const folder = /^# Created by create-dotnet-aot-lambda for the project in (.+?): its \.dotnet-aot-lambda\.json$/m.exec(text)?.[1];
  if (folder === undefined) return undefined;
  try {
    const record = JSON.parse(readFileSync(join(root, folder, recordFile), 'utf8')) as { answers?: Partial<Answers> };
    return record.answers?.ownsRootDependabot === true && record.answers.repoPath === folder ? folder : undefined;
  } catch {
    return undefined;
  }
}

/** Entries as they go under the file's `updates:` (the README's block, without its comments). */
export function entriesYaml(entries: DependabotEntry[]): string[] {
  return entries.flatMap((e) => [
    `  - package-ecosystem: ${e.ecosystem}`,
    '    directories:',
    ...e.directories.map((d) => `      - "${d}"`),
    '    schedule:',
    '      interval: weekly',
    '    groups:',
    `      ${e.ecosystem}:`,
    '        patterns:',
    '          - "*"',
    '    cooldown:',
    '      default-days: 7',
  ]);
}

/** What create did with the root file, said in every case: created (and owned), or printed,
 * because the file is the user's or another project's. */
export function dependabotNotice(answers: Answers, root: string, shown: string, dryRun: boolean): string[] {
  if (answers.repoPath === '') return [];
  if (answers.ownsRootDependabot) {
    return [
      `Dependabot: ${dryRun ? 'would create' : 'created'} the repository's ${rootFile} with this project's entries; ${shown}/${recordFile} owns it, so this project's add, remove and update keep it in step.`,
    ];
  }
  const owner = rootDependabotOwner(root);
  const whose = owner === undefined ? 'is not one this tool created (no project\'s record owns it)' : `belongs to the project in ${owner} (its record owns it)`;
  return [
    `Dependabot: the repository's ${rootFile} ${whose}, so it was left as it is. Add this project's entries to it,`,
    // Entries of their own, at the end: the owning project's update then merges them as an edit
    // of its user's, away from the lines its add and remove change.
    'at the end of its updates, as entries of their own (an ecosystem may have several, each with its own directories; a github-actions entry for "/" already covers every workflow):',
    ...entriesYaml(dependabotEntries(answers)),
  ];
}

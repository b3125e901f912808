// Record migrations: how the answers a release recorded become this release's shape. `update`
// (and `add`, `remove`) run every migration whose `to` is newer than the recorded version, in
// list order, before they apply any change; the base is still rendered from the answers as
// recorded, because the recorded version knows their meaning. A release that changes the
// record's shape adds an entry here, oldest first.
import { givenFunctions, type Given } from '../../generators/answers/index.js';
import { compareVersions } from './releases.js';

export interface Migration {
  /** The last release that recorded the old shape. */
  from: string;
  /** The first release that records the new one. */
  to: string;
  /** What it does, in a sentence. */
  does: string;
  migrate: (answers: Given) => Given;
}

export const migrations: readonly Migration[] = [
  {
    from: '0.2.0',
    to: '0.3.0',
    does:
      'one function recorded flat becomes the function list, and that function owns the root-level Terraform ' +
      'addresses of 0.2.0 (rootAddresses: infra/moved.tf moves them into its module)',
    // A record already in the list form (edited by hand) is left as it is.
    migrate: (answers) =>
      answers.functions !== undefined
        ? answers
        : { ...answers, rootAddresses: answers.rootAddresses ?? givenFunctions(answers)[0]?.name ?? '', functions: givenFunctions(answers) },
  },
];

/** The recorded answers of `version` in this release's shape: every later migration, in order. */
export function migrateAnswers(version: string, answers: Given, list: readonly Migration[] = migrations): Given {
  let out = answers;
  for (const migration of list) if (compareVersions(version, migration.to) < 0) out = migration.migrate(out);
  return out;
}

// Issue 27 restructured the code without changing what it renders: every matrix and snapshot
// answer set renders byte for byte as the commit it started from did (test/support/same-output.ts
// holds that commit, in one place). Once package.json's version moves past the one both share,
// output may change on purpose (the snapshots review that), so the comparison retires and says
// why; compare any two commits by hand with `node --import tsx test/support/same-output.ts <commit>`.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { version } from '../lib/render/meta.js';
import { matrix } from './matrix.js';
import { snapshotSets } from './snapshot-sets.js';
import { compareWithCommit, sameOutputBase } from './support/same-output.js';

const { commit, version: baseVersion } = sameOutputBase;

if (version === baseVersion) {
  test(`every matrix and snapshot answer set renders byte for byte as ${commit} did`, async () => {
    const result = await compareWithCommit(commit);
    console.log(`  same output as ${commit}: ${result.sets} answer sets, ${result.files} files compared`);
    const expected = matrix.length + Object.keys(snapshotSets).length;
    assert.ok(result.sets >= expected && result.files >= 20 * result.sets, `too little compared (${result.sets} sets, ${result.files} files; expected at least ${expected} sets of 20 files or more)`);
    if (result.difference) assert.unreachable(`output differs from ${commit}'s: ${result.difference}`);
  });
} else {
  // uvu prints no names of skipped tests: say why here, once.
  const reason = `same output as ${commit}: retired, this tree is ${version} and ${commit} is ${baseVersion}, so output may differ on purpose (the snapshots show how)`;
  console.log(`  ${reason}`);
  test.skip(reason, () => {});
}

test.run();

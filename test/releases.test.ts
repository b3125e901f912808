// Upgrade notes: `update` prints each release's notes once, for exactly the releases it crosses.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compareVersions, notesBetween, releases, type Release } from '../lib/update/releases.js';
import { version } from '../lib/render/meta.js';

const sample: Release[] = [
  { version: '0.2.0', notes: ['two'] },
  { version: '0.3.3', notes: ['three-three', 'three-three b'] },
  { version: '0.4.0', notes: ['four'] },
];

test('notes of the releases after the recorded one, up to this one, oldest first', () => {
  assert.equal(notesBetween('0.2.0', '0.4.0', sample), ['v0.3.3: three-three', 'v0.3.3: three-three b', 'v0.4.0: four']);
  assert.equal(notesBetween('0.1.0', '0.3.3', sample), ['v0.2.0: two', 'v0.3.3: three-three', 'v0.3.3: three-three b']);
  assert.equal(notesBetween('0.4.0', '0.4.0', sample), [], 'a same-version update prints none');
  assert.equal(notesBetween('0.3.10', '0.4.0', sample), ['v0.4.0: four'], 'versions compare as numbers, not text');
});

test('the release list is ordered, has no duplicates and nothing newer than this package', () => {
  for (let i = 1; i < releases.length; i++) assert.ok(compareVersions(releases[i - 1]!.version, releases[i]!.version) < 0, `releases out of order at ${releases[i]!.version}`);
  for (const r of releases) {
    assert.ok(compareVersions(r.version, version) <= 0, `release notes for ${r.version}, newer than package.json's ${version}`);
    assert.ok(r.notes.length > 0 && r.notes.every((n) => n.trim() !== ''), `empty notes for ${r.version}`);
  }
});

test('compareVersions: numeric, pre-release before its release', () => {
  assert.ok(compareVersions('0.10.0', '0.9.9') > 0);
  assert.ok(compareVersions('1.0.0-rc.1', '1.0.0') < 0);
  assert.is(compareVersions('0.3.2', '0.3.2'), 0);
});

test.run();

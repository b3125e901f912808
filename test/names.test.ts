// Names derived from a function's name must not collide with another function's: its Terraform
// modules, outputs and files are all `<snake_case name>` plus a suffix.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fillAnswers, validate, type Given } from '../generators/answers/index.js';

const problems = (given: Given) => validate(fillAnswers({ dirName: 'orders', given }));

test('a function named like another function\'s module is refused', () => {
  const found = problems({ functions: [{ name: 'Api' }, { name: 'ApiHttpApi', trigger: 'none' }] });
  assert.equal(found.length, 1, found.join('\n'));
  assert.match(found[0]!, /ApiHttpApi\.name: .*collide with the Terraform names derived from Api \(api_http_api\)/);
});

test('a function named like a root output is refused', () => {
  const found = problems({ functions: [{ name: 'Api' }, { name: 'InvokeUrl', trigger: 'none' }] });
  assert.match(found.join('\n'), /InvokeUrl\.name: .*Terraform output the repo already has \(invoke_url\)/);
});

test('distinct names pass', () => {
  assert.equal(problems({ functions: [{ name: 'Api' }, { name: 'Worker', trigger: 'none' }, { name: 'ApiAdmin', trigger: 'none' }] }), []);
});

test.run();

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

test('names differing only in case are refused once, as are names with one snake_case module (issue 26, item 1)', () => {
  const cased = problems({ functions: [{ name: 'TeamApi' }, { name: 'teamapi', trigger: 'none' }] });
  assert.equal(cased.length, 1, cased.join('\n'));
  assert.match(cased[0]!, /functions TeamApi and teamapi have the same \.NET name, compared without case/);
  const both = problems({ functions: [{ name: 'Jobs' }, { name: 'jobs', trigger: 'none' }] });
  assert.equal(both.length, 1, `one problem for one pair, not one per rule:\n${both.join('\n')}`);
  const snake = problems({ functions: [{ name: 'TeamApi' }, { name: 'Team_Api', trigger: 'none' }] });
  assert.equal(snake.length, 1, snake.join('\n'));
  assert.match(snake[0]!, /functions TeamApi and Team_Api have the same Terraform module name/);
});

test('distinct names pass', () => {
  assert.equal(problems({ functions: [{ name: 'Api' }, { name: 'Worker', trigger: 'none' }, { name: 'ApiAdmin', trigger: 'none' }] }), []);
});

test.run();

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { answersFor } from './support/render.js';
test('defaults derive from the directory name', () => {
  const a = answersFor({}, 'my-func');
  assert.is(a.name, 'MyFunc');
  assert.is(a.functionName, 'my-func');
  assert.is(a.runtime, 'dotnet10');
});
test.run();

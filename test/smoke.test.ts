import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { answersFor } from './support/render.js';
test('defaults derive from the directory name', () => {
  const a = answersFor({}, 'my-func');
  assert.is(a.functions[0]!.name, 'MyFunc');
  assert.is(a.functions[0]!.functionName, 'my-func');
  assert.is(a.runtime, 'dotnet10');
});
test.run();

// How diff runs its two sides (src/run/run.ts, executionEnv): the cuda-cpu reference in the checked
// mode (fibers), the translated msl-cpu side as `run` runs it (work-item loops), so that a wrong
// work-item loop shows as a diverging copy.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { executionEnv } from '../../src/run/run';

test('traced runs: fibers for the cuda-cpu reference only; the user\'s choice wins', () => {
  const ref = executionEnv('cuda-cpu', '/m.so', { trace: '/t/ref' }, {});
  assert.equal(ref['CU2METAL_WORK_ITEM_LOOPS'], '0');
  assert.equal(ref['CU2METAL_TRACE'], '/t/ref');
  const translated = executionEnv('msl-cpu', '/m.so', { trace: '/t/msl' }, {});
  assert.equal(translated['CU2METAL_WORK_ITEM_LOOPS'], undefined, 'msl-cpu runs its work-item loops, as run does');
  assert.equal(translated['CU2METAL_TRACE'], '/t/msl');
  const chosen = executionEnv('cuda-cpu', '/m.so', { trace: '/t/ref' }, { CU2METAL_WORK_ITEM_LOOPS: 'strict' });
  assert.equal(chosen['CU2METAL_WORK_ITEM_LOOPS'], 'strict');
  assert.equal(chosen['CU2METAL_TRACE'], '/t/ref', 'a chosen mode keeps the trace');
});

test('untraced runs: no work-item-loop setting, and no trace inherited from the environment', () => {
  const r = executionEnv('cuda-cpu', '/m.so', {}, { CU2METAL_TRACE: '/stale' });
  assert.equal(r['CU2METAL_WORK_ITEM_LOOPS'], undefined);
  assert.equal(r['CU2METAL_TRACE'], undefined);
  assert.equal(r['CU2METAL_BACKEND'], 'cuda-cpu');
  assert.equal(executionEnv('msl-cpu', null, {}, {})['CU2METAL_MODULE'], undefined);
});

// Device helpers with barriers and warp operations inlined into work-item loops
// (src/build/inlineHelpers.ts): the fixture (warpReduceSum / blockReduceSum, a reduction under a
// lane-dependent `if`, helpers with barriers in a uniform loop) checks its sums on the host and
// prints the same output with work-item loops (CU2METAL_WORK_ITEM_LOOPS=strict: generated code
// that does not compile is an error) as on fibers (=0), on both CPU backends.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { cu2metal, show } from '../helpers/cli';

const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'cu2m-inline-'));
after(() => fs.rmSync(cache, { recursive: true, force: true }));
const prog = path.join('test', 'fixtures', 'wil', 'helpers.cu');
const WANT = 'warpTop 94997\nguardLane 345698\nblockTop 256 -3\nblockTop 96 -3\nbarrierHelpers 19945\nPASSED\n';

describe('inlined helpers in work-item loops', () => {
  for (const backend of ['cuda-cpu', 'msl-cpu']) {
    test(`${backend}: the fixture passes its checks with work-item loops and prints what fibers print`, async () => {
      const fast = await cu2metal(['run', prog, '--backend', backend], { env: { CU2METAL_WORK_ITEM_LOOPS: 'strict', CU2METAL_CACHE: cache } });
      assert.equal(fast.code, 0, show(fast));
      assert.equal(fast.stdout, WANT);
      const fibers = await cu2metal(['run', prog, '--backend', backend], { env: { CU2METAL_WORK_ITEM_LOOPS: '0', CU2METAL_CACHE: cache } });
      assert.equal(fibers.code, 0, show(fibers));
      assert.equal(fibers.stdout, fast.stdout);
    });
  }
});

// Warp collectives under warp-uniform conditions (`if (threadIdx.x < 32)`, a tile of 8 under
// `if (threadIdx.x < ROWS)`, a vote under `if (threadIdx.x >= 64)`, the first warp by rank on 48x2 blocks; src/build/workItemLoops.ts
// WarpGuard): the fixture checks every result on the host; the output must be the same with
// work-item loops (CU2METAL_WORK_ITEM_LOOPS=strict: generated code that does not compile is an
// error) as on fibers (=0), on both CPU backends. A block shape whose warp the condition splits stops
// the launch with the reason. test/build/warpUniform.test.ts checks that the kernels are transformed.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { cu2metal, show } from '../helpers/cli';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cu2m-warpuniform-'));
after(() => fs.rmSync(root, { recursive: true, force: true }));
const prog = path.join('test', 'fixtures', 'wil', 'warp_uniform.cu');

describe('warp collectives under warp-uniform conditions in work-item loops', () => {
  for (const backend of ['cuda-cpu', 'msl-cpu']) {
    test(`${backend}: the fixture passes its checks with work-item loops and prints what fibers print; a split warp stops the launch`, async () => {
      // Separate caches: a module rebuilt on fibers must not answer the strict run.
      const env = { CU2METAL_WORK_ITEM_LOOPS: 'strict', CU2METAL_CACHE: path.join(root, `${backend}-wil`) };
      const fast = await cu2metal(['run', prog, '--backend', backend], { env });
      assert.equal(fast.code, 0, show(fast));
      assert.equal(fast.stdout, 'PASSED\n');
      const fibers = await cu2metal(['run', prog, '--backend', backend], { env: { CU2METAL_WORK_ITEM_LOOPS: '0', CU2METAL_CACHE: path.join(root, `${backend}-fibers`) } });
      assert.equal(fibers.code, 0, show(fibers));
      assert.equal(fibers.stdout, fast.stdout);
      const split = await cu2metal(['run', prog, '--backend', backend, '--', 'shape'], { env });
      assert.notEqual(split.code, 0, show(split));
      assert.match(split.stderr, /device trap in kernel blockSum \(block \(\d+,0,0\), thread \(\d+,\d+,0\)\): the condition at line 40 splits a group of 32 threads for this block shape/, show(split));
    });
  }
});

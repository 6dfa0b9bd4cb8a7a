// Warp semantics that programs written for NVIDIA GPUs rely on (test/fixtures/warpsync/):
// __ballot_sync with masks naming exactly the lanes that call it, on both CPU backends, on fibers and in
// work-item loops (warp cuts).
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cu2metal, show } from '../helpers/cli';

const fixture = (name: string): string => path.join('test', 'fixtures', 'warpsync', name);

describe('__ballot_sync masks its result', () => {
  for (const backend of ['cuda-cpu', 'msl-cpu']) {
    for (const loops of ['strict', '0']) {
      test(`${backend}, CU2METAL_WORK_ITEM_LOOPS=${loops}: prefix counts of a full-warp ballot, the even lanes, lanes 0-15 of full and 16-lane warps`, async () => {
        const r = await cu2metal(['run', fixture('ballot_mask.cu'), '--backend', backend], { env: { CU2METAL_WORK_ITEM_LOOPS: loops } });
        assert.equal(r.code, 0, show(r));
        assert.equal(r.stdout, 'ballot masks 31693 PASSED\n');
      });
    }
  }
});

describe('warp-synchronous volatile shared memory runs in step (src/translate/lockstep.ts)', () => {
  for (const backend of ['cuda-cpu', 'msl-cpu']) {
    for (const loops of ['strict', '0']) {
      test(`${backend}, CU2METAL_WORK_ITEM_LOOPS=${loops}: a volatile scan helper, the last-warp reduction, a volatile __shared__ array`, async () => {
        const r = await cu2metal(['run', fixture('volatile_lockstep.cu'), '--backend', backend], { env: { CU2METAL_WORK_ITEM_LOOPS: loops } });
        assert.equal(r.code, 0, show(r));
        assert.equal(r.stdout, 'lockstep 6048 PASSED\n');
      });
    }
  }
});

describe('volatile code the lanes\' serial order already runs in step keeps its work-item loops (src/translate/lockstep.ts)', () => {
  for (const backend of ['cuda-cpu', 'msl-cpu']) {
    for (const loops of ['strict', '0']) {
      test(`${backend}, CU2METAL_WORK_ITEM_LOOPS=${loops}: a tile-synchronised volatile warp reduction reading higher lanes, then rank 0`, async () => {
        const r = await cu2metal(['run', fixture('volatile_serial.cu'), '--backend', backend], { env: { CU2METAL_WORK_ITEM_LOOPS: loops } });
        assert.equal(r.code, 0, show(r));
        assert.equal(r.stdout, 'serial 91499 PASSED\n');
      });
    }
  }
});

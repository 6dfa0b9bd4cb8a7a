// Cooperative-groups tiles' shuffles, votes and cg::reduce as warp cuts of the work-item loops
// (src/build/warpCuts.ts, src/build/mslWarpCuts.ts): the fixture checks every full-tile result on the
// host and prints a checksum of blocks with partial tiles; the output must be the same with work-item
// loops (CU2METAL_WORK_ITEM_LOOPS=strict: generated code that does not compile is an error) as on
// fibers (=0), on both CPU backends. test/build/cgCuts.test.ts checks that the kernels are transformed.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { cu2metal, show } from '../helpers/cli';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cu2m-tilewil-'));
after(() => fs.rmSync(root, { recursive: true, force: true }));
const prog = path.join('test', 'fixtures', 'wil', 'tiles.cu');
const WANT = 'partial tiles: checksum 2307070073\nPASSED\n';

describe('cooperative-groups tile collectives in work-item loops', () => {
  for (const backend of ['cuda-cpu', 'msl-cpu']) {
    test(`${backend}: the fixture passes its checks with work-item loops and prints what fibers print`, async () => {
      // Separate caches: a module rebuilt on fibers must not answer the strict run.
      const fast = await cu2metal(['run', prog, '--backend', backend], { env: { CU2METAL_WORK_ITEM_LOOPS: 'strict', CU2METAL_CACHE: path.join(root, `${backend}-wil`) } });
      assert.equal(fast.code, 0, show(fast));
      assert.equal(fast.stdout, WANT);
      const fibers = await cu2metal(['run', prog, '--backend', backend], { env: { CU2METAL_WORK_ITEM_LOOPS: '0', CU2METAL_CACHE: path.join(root, `${backend}-fibers`) } });
      assert.equal(fibers.code, 0, show(fibers));
      assert.equal(fibers.stdout, fast.stdout);
    });
  }
});

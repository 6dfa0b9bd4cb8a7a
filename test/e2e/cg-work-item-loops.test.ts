// Cooperative-groups handles passed to device functions, helpers called inside expressions and tile
// syncs in work-item loops (src/build/cgCuts.ts, src/build/inlineHelpers.ts): the fixture checks its
// sums and scan on the host and prints the same output with work-item loops
// (CU2METAL_WORK_ITEM_LOOPS=strict: generated code that does not compile is an error) as on fibers
// (=0), on both CPU backends. test/build/cgCuts.test.ts checks that every kernel is transformed.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { cu2metal, show } from '../helpers/cli';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cu2m-cgwil-'));
after(() => fs.rmSync(root, { recursive: true, force: true }));
const prog = path.join('test', 'fixtures', 'wil', 'cghelpers.cu');
const WANT = 'block 0: sum -79 tile 988\nblock 1: sum 28 tile 1052\nblock 2: sum 34 tile 997\nblock 3: sum -61 tile 1044\nscan 3605532695\nPASSED\n';

describe('cooperative-groups handles in work-item loops', () => {
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

// Work-item loops on cuda-cpu (src/build/workItemLoops.ts): the transformed kernels of the fixture
// (tree reduction, tiled matmul on 2D blocks, a scan in a while loop, dynamic shared memory with
// returns and printf, 3D thread order, an assert, a kernel template) and the ones that keep fibers give the same
// output, printf order and diagnostics as fibers (CU2METAL_WORK_ITEM_LOOPS=0); the host checks
// every value. test/build/workItemLoops.test.ts proves which kernels are transformed.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cu2metal, show } from '../helpers/cli';

const prog = path.join('test', 'fixtures', 'wil', 'wil.cu');
const FIBERS = { CU2METAL_WORK_ITEM_LOOPS: '0' };

describe('work-item loops (cuda-cpu)', () => {
  test('results and printf order are those of fibers', async () => {
    const fast = await cu2metal(['run', prog, '--backend', 'cuda-cpu']);
    assert.equal(fast.code, 0, show(fast));
    assert.match(fast.stdout, /^treeReduce total 49141\.0\ntiledMatmul sum 1\.0\nscan last sum 32761\n/);
    const order = [0, 1].flatMap((b) => [...['before', 'after'].flatMap((w) => [0, 1, 2, 3].map((t) => `${w} block ${b} thread ${t}`))]).join('\n');
    assert.ok(fast.stdout.includes(`${order}\nreverse 6 7 8 4 18 19 20 8\norder3d 1 4 16\nfallbacks 1 1\nblockSum 2016 14304 24.0\nPASSED\n`), show(fast));
    const fibers = await cu2metal(['run', prog, '--backend', 'cuda-cpu'], { env: FIBERS });
    assert.equal(fibers.code, 0, show(fibers));
    assert.equal(fast.stdout, fibers.stdout);
  });
  test('an assert between barriers names the kernel, its block and thread, and its expression as written', async () => {
    for (const env of [{}, FIBERS]) {
      const r = await cu2metal(['run', prog, '--backend', 'cuda-cpu', '--', 'assert'], { env });
      assert.match(r.stderr, /wil\.cu:131: checked: block: \[1,0,0\], thread: \[7,0,0\] Assertion `!\(bad && blockIdx\.x == 1 && threadIdx\.x == 7\)` failed\./, show(r));
      assert.match(r.stdout, /after assert: cudaErrorAssert/, show(r));
    }
  });
  test('a pointer to const that lives across a barrier: the generated code compiles (strict) and gives what fibers give', async () => {
    const prog2 = path.join('test', 'fixtures', 'wil', 'constptr.cu');
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'cu2m-wilconst-'));
    try {
      const fast = await cu2metal(['run', prog2, '--backend', 'cuda-cpu'], { env: { CU2METAL_WORK_ITEM_LOOPS: 'strict', CU2METAL_CACHE: cache } });
      assert.equal(fast.code, 0, show(fast));
      assert.equal(fast.stdout, 'sum 9156.0\nPASSED\n');
      const fibers = await cu2metal(['run', prog2, '--backend', 'cuda-cpu'], { env: FIBERS });
      assert.equal(fibers.stdout, fast.stdout);
    } finally {
      fs.rmSync(cache, { recursive: true, force: true });
    }
  });
  test('cooperative groups: a whole-block handle synchronised with cg::sync(b) and b.sync()', async () => {
    const prog2 = path.join('test', 'fixtures', 'wil', 'cg.cu');
    const fast = await cu2metal(['run', prog2, '--backend', 'cuda-cpu']);
    assert.equal(fast.code, 0, show(fast));
    assert.equal(fast.stdout, 'PASSED 2016 6112 10208 14304\n');
    const fibers = await cu2metal(['run', prog2, '--backend', 'cuda-cpu'], { env: FIBERS });
    assert.equal(fibers.stdout, fast.stdout);
  });
  test('a kernel whose work-item loops do not compile (a type without a default constructor) runs on fibers', async () => {
    const r = await cu2metal(['run', path.join('test', 'fixtures', 'wil', 'nodefault.cu'), '--backend', 'cuda-cpu']);
    assert.equal(r.code, 0, show(r));
    assert.equal(r.stdout, 'PASSED 31 62\n');
  });
  test('divergent barriers are still reported (such kernels keep fibers)', async () => {
    const r = await cu2metal(['run', path.join('test', 'fixtures', 'barriers', 'divergent.cu'), '--backend', 'cuda-cpu', '--', 'sites']);
    assert.equal(r.code, 1, show(r));
    assert.match(r.stderr, /divergent barrier in kernel twoSites, block \(\d,0,0\)/);
  });
});

// Work-item loops on msl-cpu (src/build/mslWorkItemLoops.ts): the transformed kernels of the
// fixture (tree reduction, tiled matmul on 2D blocks, a scan in a while loop with a per-thread
// local, dynamic threadgroup memory with early returns and printf, 3D thread order, an assert)
// a kernel template's two instances, a cooperative-groups block handle) and the ones that keep
// fibers (a barrier in a function, thread-dependent loop control, a local that cannot live in a
// per-thread array) give the same
// output, printf order and diagnostics as fibers (CU2METAL_WORK_ITEM_LOOPS=0); the hosts check
// every value. test/build/mslWorkItemLoops.test.ts proves which kernels are transformed and that
// the modules compiled are the transformed ones.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { cu2metal, show } from '../helpers/cli';

const prog = path.join('test', 'fixtures', 'wil', 'wil.cu');
const FIBERS = { CU2METAL_WORK_ITEM_LOOPS: '0' };
const MSL = ['--backend', 'msl-cpu'];
// The generated code must compile (no silent rebuild on fibers), in a cache of its own.
const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'cu2m-mslwil-'));
after(() => fs.rmSync(cache, { recursive: true, force: true }));
const STRICT = { CU2METAL_WORK_ITEM_LOOPS: 'strict', CU2METAL_CACHE: cache };

describe('thread indices through macros (#define tid threadIdx.x): per-thread locals, not block-uniform', { concurrency: false }, () => {
  const macros = path.join('test', 'fixtures', 'wil', 'macro_index.cu');
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`${backend}: work-item loops give the fibers' answers`, async () => {
      const fast = await cu2metal(['run', macros, '--backend', backend], { env: STRICT });
      assert.equal(fast.code, 0, show(fast));
      assert.match(fast.stdout, /^PASSED$/m, show(fast));
      assert.equal(fast.stderr, '', show(fast));
      const fibers = await cu2metal(['run', macros, '--backend', backend], { env: FIBERS });
      assert.equal(fibers.stdout, fast.stdout);
    });
  }
});

describe('work-item loops (msl-cpu)', { concurrency: false }, () => {
  test('results and printf order are those of fibers', async () => {
    const fast = await cu2metal(['run', prog, ...MSL], { env: STRICT });
    assert.equal(fast.code, 0, show(fast));
    assert.match(fast.stdout, /^treeReduce total 49141\.0\ntiledMatmul sum 1\.0\nscan last sum 32761\n/);
    const order = [0, 1].flatMap((b) => [...['before', 'after'].flatMap((w) => [0, 1, 2, 3].map((t) => `${w} block ${b} thread ${t}`))]).join('\n');
    assert.ok(fast.stdout.includes(`${order}\nreverse 6 7 8 4 18 19 20 8\norder3d 1 4 16\nfallbacks 1 1\nblockSum 2016 14304 24.0\nPASSED\n`), show(fast));
    const fibers = await cu2metal(['run', prog, ...MSL], { env: FIBERS });
    assert.equal(fibers.code, 0, show(fibers));
    assert.equal(fast.stdout, fibers.stdout);
  });
  test('an assert between barriers names the kernel, its block and thread, and its expression as written', async () => {
    for (const env of [{}, FIBERS]) {
      const r = await cu2metal(['run', prog, ...MSL, '--', 'assert'], { env });
      assert.match(r.stderr, /wil\.cu:131: checked: block: \[1,0,0\], thread: \[7,0,0\] Assertion `!\(bad && blockIdx\.x == 1 && threadIdx\.x == 7\)` failed\./, show(r));
      assert.match(r.stdout, /after assert: cudaErrorAssert/, show(r));
    }
  });
  test('a cooperative-groups block handle (work-item loops, strict) and a local without a default constructor (fibers)', async () => {
    const cg = await cu2metal(['run', path.join('test', 'fixtures', 'wil', 'cg.cu'), ...MSL], { env: STRICT });
    assert.equal(cg.code, 0, show(cg));
    assert.equal(cg.stdout, 'PASSED 2016 6112 10208 14304\n');
    const cgFibers = await cu2metal(['run', path.join('test', 'fixtures', 'wil', 'cg.cu'), ...MSL], { env: FIBERS });
    assert.equal(cgFibers.stdout, cg.stdout);
    const r = await cu2metal(['run', path.join('test', 'fixtures', 'wil', 'nodefault.cu'), ...MSL]);
    assert.equal(r.code, 0, show(r));
    assert.equal(r.stdout, 'PASSED 31 62\n');
  });
  test('divergent barriers are still reported (such kernels keep fibers)', async () => {
    const r = await cu2metal(['run', path.join('test', 'fixtures', 'barriers', 'divergent.cu'), ...MSL, '--', 'sites']);
    assert.equal(r.code, 1, show(r));
    assert.match(r.stderr, /divergent barrier in kernel twoSites, block \(\d,0,0\)/);
  });
  for (const sample of ['reduction', 'matrixMul']) {
    test(`samples/${sample}: the same output with and without work-item loops`, async () => {
      const file = path.join('samples', sample, `${sample}.cu`);
      const fast = await cu2metal(['run', file, ...MSL, '--timeout', '120']);
      assert.equal(fast.code, 0, show(fast));
      assert.match(fast.stdout, /^PASSED$/m, show(fast));
      const fibers = await cu2metal(['run', file, ...MSL, '--timeout', '120'], { env: FIBERS });
      assert.equal(fibers.code, 0, show(fibers));
      assert.equal(fast.stdout.replace(/[\d.]+ ?ms\b/g, 'T'), fibers.stdout.replace(/[\d.]+ ?ms\b/g, 'T'));
    });
  }
});

// Warp cuts in the cuda-cpu work-item loops (src/build/warpCuts.ts): the fixture's shuffles (widths
// below 32, out-of-range and thread-dependent source lanes, a partial last warp), votes,
// reductions, a shuffle loop with __syncwarp, and kernels that keep fibers give the values the host
// recomputes with CUDA's rules and the same output as fibers (CU2METAL_WORK_ITEM_LOOPS=0); the
// benchmark's warp-shuffle reduction gives the fibers' checksum.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { cu2metal, show } from '../helpers/cli';

const FIBERS = { CU2METAL_WORK_ITEM_LOOPS: '0' };
// The generated code must compile: no silent rebuild on fibers (src/build/program.ts), in a cache
// of its own (a cached program is not built again).
const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'cu2m-warpcuts-'));
after(() => fs.rmSync(cache, { recursive: true, force: true }));
const STRICT = { CU2METAL_WORK_ITEM_LOOPS: 'strict', CU2METAL_CACHE: cache };

describe('warp cuts (cuda-cpu work-item loops)', () => {
  test('shuffles, votes and reductions: the host checks every value, fibers give the same output', async () => {
    const prog = path.join('test', 'fixtures', 'wil', 'warps.cu');
    const fast = await cu2metal(['run', prog, '--backend', 'cuda-cpu'], { env: STRICT });
    assert.equal(fast.code, 0, show(fast));
    assert.equal(fast.stdout, 'shuffles 133 126 157 votes 178279434 835 fallback 14238\nPASSED\n');
    const fibers = await cu2metal(['run', prog, '--backend', 'cuda-cpu'], { env: FIBERS });
    assert.equal(fibers.code, 0, show(fibers));
    assert.equal(fibers.stdout, fast.stdout);
  });
  test('msl-cpu gives the values CUDA\'s rules give too (a source lane of 32 or more counts modulo 32)', async () => {
    const r = await cu2metal(['run', path.join('test', 'fixtures', 'wil', 'warps.cu'), '--backend', 'msl-cpu']);
    assert.equal(r.code, 0, show(r));
    assert.equal(r.stdout, 'shuffles 133 126 157 votes 178279434 835 fallback 14238\nPASSED\n');
  });
  test('strict mode reports generated code that does not compile instead of falling back to fibers', async () => {
    const r = await cu2metal(['run', path.join('test', 'fixtures', 'wil', 'nodefault.cu'), '--backend', 'cuda-cpu'], { env: STRICT });
    assert.notEqual(r.code, 0, show(r));
  });
  test('the benchmark warp-shuffle reduction gives the checksum fibers give', async () => {
    const prog = path.join('bench', 'kernels', 'shfl.cu');
    const fast = await cu2metal(['run', prog, '--backend', 'cuda-cpu'], { env: STRICT });
    assert.equal(fast.code, 0, show(fast));
    assert.match(fast.stdout, /^bench-checksum 20971506\.0\n/);
  });
});

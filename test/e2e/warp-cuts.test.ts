// Warp cuts in the work-item loops (cuda-cpu: src/build/warpCuts.ts, msl-cpu: src/build/mslWarpCuts.ts): the fixture's shuffles (widths
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
  test('msl-cpu (SIMD-group cuts, src/build/mslWarpCuts.ts) gives the values CUDA\'s rules give too, and the output of fibers', async () => {
    const prog = path.join('test', 'fixtures', 'wil', 'warps.cu');
    const fast = await cu2metal(['run', prog, '--backend', 'msl-cpu'], { env: STRICT });
    assert.equal(fast.code, 0, show(fast));
    assert.equal(fast.stdout, 'shuffles 133 126 157 votes 178279434 835 fallback 14238\nPASSED\n');
    // The module that ran has the cuts: shuffles, votes and warpSums run as work-item loops.
    const cpp = fs.readdirSync(path.join(cache, 'modules'), { recursive: true }).map(String).filter((f) => f.endsWith('.cpp')).map((f) => fs.readFileSync(path.join(cache, 'modules', f), 'utf8')).find((t) => t.includes('cu2m_wil_votes') && t.includes('::cu2m_wil::simd_put')); // (the cuda-cpu module of the first test has cu2m_wil_votes too)
    assert.ok(cpp, 'no msl-cpu module with work-item loops in the cache');
    for (const k of ['shuffles', 'votes', 'warpSums']) assert.match(cpp, new RegExp(`cu2m_flags_${k} = CU2M_KERNEL_USES_BARRIERS \\| CU2M_KERNEL_WORK_ITEM_LOOPS;`));
    assert.match(cpp, /::cu2m_wil::simd_ballot_step\(/);
    const fibers = await cu2metal(['run', prog, '--backend', 'msl-cpu'], { env: FIBERS });
    assert.equal(fibers.code, 0, show(fibers));
    assert.equal(fibers.stdout, fast.stdout);
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
    const msl = await cu2metal(['run', prog, '--backend', 'msl-cpu'], { env: STRICT });
    assert.equal(msl.code, 0, show(msl));
    assert.match(msl.stdout, /^bench-checksum 20971506\.0\n/);
  });
});

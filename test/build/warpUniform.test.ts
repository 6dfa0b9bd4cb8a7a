// Warp collectives under warp-uniform conditions in work-item loops (issue 8; src/build/workItemLoops.ts
// WarpGuard): `if (threadIdx.x < E)` / `>= E` with E a constant multiple of the collectives' group size
// (32 for warp collectives, N for a tile<N>'s) runs on thread loops that skip the threads whose
// condition is false, on both backends; a condition that splits a warp keeps fibers.
// test/e2e/warp-uniform.test.ts runs the fixture against fibers.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { lowerMslForClang } from '../../src/build/mslLower';
import { mslWorkItemLoops } from '../../src/build/mslWorkItemLoops';
import { workItemLoops } from '../../src/build/workItemLoops';
import { translateSource } from '../../src/translate/index';

type Result = ReturnType<typeof workItemLoops>;
const translated = (name: string, text: string): ReturnType<typeof translateSource> => {
  const t = translateSource(name, text);
  assert.ok(t.ok, t.diagnostics.map((d) => d.message).join('\n'));
  return t;
};
const cuda = (name: string, text: string): Result => {
  const t = translated(name, text);
  return workItemLoops(t.cudaCpu, t.manifest);
};
const msl = (name: string, text: string): Result => {
  const t = translated(name, text);
  const l = lowerMslForClang(t.msl, 'k.metal');
  assert.deepEqual(l.errors, []);
  return mslWorkItemLoops(l.code, t.manifest);
};
const fn = (w: Result, k: string): string => w.code.slice(w.code.indexOf(`namespace cu2m_wil_${k} {`), w.code.indexOf(`}  // namespace cu2m_wil_${k}`));
const verdict = (run: (n: string, t: string) => Result, body: string): string | null => {
  const src = `#include <cooperative_groups.h>\n#include <cuda_runtime.h>\nnamespace cg = cooperative_groups;\n#define W 32\n${body}\n`;
  const v = run('k.cu', src).verdicts;
  assert.equal(v.length, 1);
  return v[0]!.reason;
};

const fixture = path.join('test', 'fixtures', 'wil', 'warp_uniform.cu');
const source = fs.readFileSync(fixture, 'utf8');

describe('warp collectives under warp-uniform conditions', () => {
  for (const [backend, run] of [['cuda-cpu', cuda], ['msl-cpu', msl]] as const) {
    test(`${backend}: the fixture's warp-uniform kernels are transformed, the half-warp one keeps fibers`, () => {
      const w = run(fixture, source);
      assert.deepEqual(w.verdicts.map((v) => [v.kernel, v.reason]), [
        ['blockSum', null],
        ['rowMax', null],
        ['lateVote', null],
        ['halfWarp', "the warp operation at line 87 is not in a statement of the kernel's top level or of a block-uniform loop"],
        ['rankSum', null],
      ]);
    });
    test(`${backend}: the condition is evaluated once into a per-thread array, the body's thread loops skip the others, the block shape is checked`, () => {
      const w = run(fixture, source);
      const g = fn(w, 'blockSum');
      const flag = /auto\* const (cu2m_pg_\d+) = ::cu2m_wil::slots<bool, \d+u>\(cu2m_n\);/.exec(g)?.[1];
      assert.ok(flag, g);
      assert.match(g, new RegExp(`${flag}\\[cu2m_tid\\] = \\(\\w*threadIdx\\.x < 32\\); \\}`));
      // Every thread loop after it (the put loop of each shuffle and the statements) skips the others.
      const after = g.slice(g.indexOf(`${flag}[cu2m_tid] = (`));
      const loops = after.split('for (uint32_t cu2m_x = 0; cu2m_x < cu2m_bx; ++cu2m_x, ++cu2m_tid) {').length - 1;
      assert.ok(loops >= 3, after);
      assert.equal(after.split(`if (!${flag}[cu2m_tid]) continue;`).length - 1, loops, after);
      assert.match(g, /if \(!\(cu2m_by == 1u && cu2m_bz == 1u\) && cu2m_bx % 32u != 0u && cu2m_bx > 32u\) (?:cu2m_ctx->trap\(cu2m_ctx, |cu2m_msl_trap\(cu2m_ctx, )"the condition at line 40 splits a group of 32 threads/);
      // By rank (the linear thread id): no shape check.
      const rank = fn(w, 'rankSum');
      assert.match(rank, /cu2m_pg_\d+\[cu2m_tid\] = \(\w+\.thread_rank\(\) < 32\); \}/, rank);
      assert.doesNotMatch(rank, /splits a group/);
      // The tile of ROWS (8): its group is 8.
      assert.match(fn(w, 'rowMax'), /cu2m_bx % 8u != 0u && cu2m_bx > 8u\)/);
    });
    test(`${backend}: which conditions are warp-uniform`, () => {
      const shfl = 'v += __shfl_down_sync(0xffffffff, v, 1);';
      const k = (cond: string, body = shfl): string =>
        `__global__ void k(int* p) { __shared__ int s[256]; s[threadIdx.x] = p[threadIdx.x]; __syncthreads(); int v = s[threadIdx.x]; if (${cond}) { ${body} p[threadIdx.x] = v; } }`;
      for (const ok of ['threadIdx.x < 32', 'threadIdx.x < 64u', '32 > threadIdx.x', 'threadIdx.x >= W', '(threadIdx.x < 2 * W)', 'W <= threadIdx.x', 'threadIdx.x < 0x40']) assert.equal(verdict(run, k(ok)), null, ok);
      const warp = "the warp operation at line 5 is not in a statement of the kernel's top level or of a block-uniform loop";
      // Not a multiple of 32, another index, a variable bound, two conditions, a barrier or a return inside.
      for (const no of ['threadIdx.x < 16', 'threadIdx.y < 32', 'threadIdx.x < p[0]', 'threadIdx.x < 32 && p[0]', 'threadIdx.x <= 32', 'threadIdx.x == 0']) assert.equal(verdict(run, k(no)), warp, no);
      assert.match(verdict(run, k('threadIdx.x < 32', `${shfl} if (v) return;`)) ?? '', /return|not in a statement/);
      // A local that is threadIdx.x (declared once, never modified), and one that is not.
      const local = (decl: string, cond: string): string => `__global__ void k(int* p) { ${decl} __shared__ int s[256]; s[threadIdx.x] = p[threadIdx.x]; __syncthreads(); int v = s[threadIdx.x]; if (${cond}) { ${shfl} p[threadIdx.x] = v; } }`;
      assert.equal(verdict(run, local('const int tx = threadIdx.x;', 'tx < 64')), null);
      assert.equal(verdict(run, local('int tx = threadIdx.x; tx += p[0];', 'tx < 64')), warp);
      assert.equal(verdict(run, local('int tx = threadIdx.x % 32;', 'tx < 32')), warp);
      // A tile of 16 under a multiple of 16; a warp collective in the same body needs 32.
      const tile = (cond: string, body: string): string =>
        `__global__ void k(float* p) { cg::thread_block b = cg::this_thread_block(); float v = p[threadIdx.x]; b.sync(); if (${cond}) { cg::thread_block_tile<16> t = cg::tiled_partition<16>(b); ${body} p[threadIdx.x] = v; } }`;
      assert.equal(verdict(run, tile('threadIdx.x < 48', 'v += t.shfl_down(v, 1);')), null);
      assert.notEqual(verdict(run, tile('threadIdx.x < 48', 'v += t.shfl_down(v, 1); v += __shfl_xor_sync(0xffffffff, v, 1);')), null);
      // Thread 0 may skip a `>=` branch: a tile declared in it keeps fibers (msl-cpu reads thread 0's handle once per block).
      assert.notEqual(verdict(run, tile('threadIdx.x >= 16', 'v += t.shfl_down(v, 1);')), null);
    });
  }
});

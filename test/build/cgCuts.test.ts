// Cooperative-groups handles in work-item loops (src/build/cgCuts.ts) and helpers called inside
// expressions (src/build/inlineHelpers.ts hoistCall): the fixture's kernels (the programming guide's
// reduce_sum(thread_group, ...), a scan codelet taking the block by value called inside expressions,
// a tile-synchronised warp reduction) are transformed on both backends; the generated code binds the
// handles, hoists the calls and cuts at tile syncs; what keeps fibers says why.
// test/e2e/cg-work-item-loops.test.ts runs the fixture against fibers.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { lowerMslForClang } from '../../src/build/mslLower';
import { mslWorkItemLoops } from '../../src/build/mslWorkItemLoops';
import { workItemLoops } from '../../src/build/workItemLoops';
import { translateSource } from '../../src/translate/index';

const translated = (name: string, text: string): ReturnType<typeof translateSource> => {
  const t = translateSource(name, text);
  assert.ok(t.ok, t.diagnostics.map((d) => d.message).join('\n'));
  return t;
};
const cuda = (name: string, text: string): ReturnType<typeof workItemLoops> => {
  const t = translated(name, text);
  return workItemLoops(t.cudaCpu, t.manifest);
};
const msl = (name: string, text: string): ReturnType<typeof mslWorkItemLoops> => {
  const t = translated(name, text);
  const l = lowerMslForClang(t.msl, 'k.metal');
  assert.deepEqual(l.errors, []);
  return mslWorkItemLoops(l.code, t.manifest);
};
const fn = (w: ReturnType<typeof workItemLoops>, k: string): string => w.code.slice(w.code.indexOf(`namespace cu2m_wil_${k} {`), w.code.indexOf(`}  // namespace cu2m_wil_${k}`));

const fixture = path.join('test', 'fixtures', 'wil', 'cghelpers.cu');
const source = fs.readFileSync(fixture, 'utf8');
const HEAD = '#include <cooperative_groups.h>\n#include <cuda_runtime.h>\nnamespace cg = cooperative_groups;\n';

describe('cooperative-groups handles in work-item loops', () => {
  for (const [backend, run] of [['cuda-cpu', cuda], ['msl-cpu', msl]] as const) {
    test(`${backend}: every kernel of the fixture is transformed`, () => {
      const w = run(fixture, source);
      assert.deepEqual(w.verdicts.map((v) => [v.kernel, v.reason]), [
        ['guideSum', null],
        ['scanKernel', null],
        ['tileSum', null],
      ]);
    });
  }
  test('cuda-cpu: a handle passed by value is the kernel\'s handle; its size() is block-uniform (the loop runs once per block)', () => {
    const g = fn(cuda(fixture, source), 'guideSum');
    assert.doesNotMatch(g, /cu2m_i1_g\b/);
    assert.match(g, /\nfor \(int cu2m_i1_i = block\.size\(\) \/ 2; cu2m_i1_i > 0; cu2m_i1_i \/= 2\) \{/);
    assert.doesNotMatch(g, /block\.sync\(\)/);
  });
  test('msl-cpu: the per-thread block handle in a loop header once per threadgroup is thread 0\'s', () => {
    const g = fn(msl(fixture, source), 'guideSum');
    assert.match(g, /\nfor \(int cu2m_i1_i = cu2m_pt_block\[0\]\.size\(\) \/ 2; /);
  });
  test('a helper call inside an expression is taken into a local of its own first (nested: both hoisted)', () => {
    const g = fn(cuda(fixture, source), 'scanKernel');
    assert.match(g, /unsigned cu2m_r2 = static_cast<unsigned>\(s\[cu2m_i2_pos\]\);/);
    assert.match(g, /unsigned cu2m_r1 = static_cast<unsigned>\(cu2m_r2 - cu2m_i1_x\);/);
    assert.match(g, /data\[i\] = 3 \* cu2m_r1 \+ 1;/);
    assert.doesNotMatch(g, /scanInclusive|scanExclusive/);
  });
  test('a tile\'s sync is a cut; two loops over `int i` in a helper get names of their own', () => {
    const g = fn(cuda(fixture, source), 'tileSum');
    assert.doesNotMatch(g, /tile32\.sync|sync\(cu2m_i1_tile32\)/);
    assert.match(g, /for \(int cu2m_i1_i_1 = 16; cu2m_i1_i_1 > 0; cu2m_i1_i_1 >>= 1\) \{/);
    assert.match(g, /for \(int cu2m_i1_i_2 = 0; cu2m_i1_i_2 < \(128\); cu2m_i1_i_2 \+= 32\)/);
  });
  const verdict = (helpers: string, body: string): string | null => {
    const w = cuda('k.cu', `${HEAD}${helpers}\n__global__ void k(int *out) {\n  cg::thread_block b = cg::this_thread_block();\n  __shared__ int s[64];\n${body}\n}\n`);
    return w.verdicts[0]!.reason;
  };
  test('a thread_group parameter used for more than sync, ranks and sizes keeps fibers', () => {
    assert.equal(verdict('__device__ int f(cg::thread_group g, int *s) { s[g.thread_rank()] = 1; g.sync(); return g.is_valid() ? s[0] : 0; }', '  int v = f(b, s);\n  out[threadIdx.x] = v;'), "it uses the block handle 'b' other than for sync() and its sizes and ranks");
  });
  test('a tile of a tile-typed parameter is bound; a tile\'s shuffle at a level is a warp cut; other uses keep fibers with the reason', () => {
    assert.equal(verdict('__device__ void f(cg::thread_block_tile<32> t, int *s) { s[threadIdx.x] = 1; t.sync(); s[threadIdx.x] += s[threadIdx.x ^ 1]; }', '  cg::thread_block_tile<32> t = cg::tiled_partition<32>(b);\n  f(t, s);\n  out[threadIdx.x] = s[threadIdx.x];'), null);
    assert.equal(verdict('', '  cg::thread_block_tile<32> t = cg::tiled_partition<32>(b);\n  int v = t.shfl_down(1, 1);\n  s[threadIdx.x] = v;\n  b.sync();\n  out[threadIdx.x] = s[0];'), null);
    assert.equal(verdict('', '  cg::thread_block_tile<32> t = cg::tiled_partition<32>(b);\n  int v = 0;\n  if (threadIdx.x < 8) v = t.shfl_down(1, 1);\n  s[threadIdx.x] = v;\n  b.sync();\n  out[threadIdx.x] = s[0];'), "the warp operation at line 10 is not in a statement of the kernel's top level or of a block-uniform loop");
    assert.equal(verdict('', '  cg::thread_block_tile<32> t = cg::tiled_partition<32>(b);\n  int v = t.shfl_down(t.shfl(1, 0), 1);\n  s[threadIdx.x] = v;\n  b.sync();\n  out[threadIdx.x] = s[0];'), 'the warp operation at line 9 has a warp operation in its arguments');
    assert.equal(verdict('', '  cg::thread_block_tile<32> t = cg::tiled_partition<32>(b);\n  int v = t.is_valid();\n  s[threadIdx.x] = v;\n  b.sync();\n  out[threadIdx.x] = s[0];'), "it uses the tile 't' other than for sync() and its sizes and ranks");
  });
  test('an assigned handle is not bound', () => {
    assert.equal(verdict('__device__ void f(cg::thread_block g, int *s) { s[threadIdx.x] = 1; g.sync(); }', '  cg::thread_block c = cg::this_thread_block();\n  c = b;\n  f(c, s);\n  out[threadIdx.x] = s[0];'), "it uses the block handle 'c' other than for sync() and its sizes and ranks");
  });
  test('a function template helper is inlined with its explicit arguments; one left to deduction keeps fibers', () => {
    const t = cuda('k.cu', `${HEAD}template <int B, class T> __device__ void stage(T *s, T v, cg::thread_block g) { s[threadIdx.x % B] = v; g.sync(); }\n__global__ void k(int *out) {\n  cg::thread_block b = cg::this_thread_block();\n  __shared__ int s[64];\n  stage<64, int>(s, 1, b);\n  out[threadIdx.x] = s[0];\n}\n`);
    assert.deepEqual(t.verdicts.map((v) => v.reason), [null]);
    assert.match(fn(t, 'k'), /s\[cu2m_threadIdx\.x % \(64\)\] = cu2m_i1_v;/);
    assert.equal(verdict('template <class T> __device__ T f(T v, int *s) { s[threadIdx.x] = v; __syncthreads(); return s[0]; }', '  int v = f(1, s);\n  out[threadIdx.x] = v;'), "the call of 'f' at line 8 leaves the template arguments to deduction");
  });
  const tiles = path.join('test', 'fixtures', 'wil', 'tiles.cu');
  for (const [backend, run] of [['cuda-cpu', cuda], ['msl-cpu', msl]] as const) {
    test(`${backend}: tile shuffles, votes and cg::reduce (in a helper, in a block-uniform loop) are warp cuts`, () => {
      const w = run(tiles, fs.readFileSync(tiles, 'utf8'));
      assert.deepEqual(w.verdicts.map((v) => [v.kernel, v.reason]), [
        ['tileReduce', null],
        ['tileOps_16', null],
        ['tileOps_8', null],
      ]);
      const g = fn(w as ReturnType<typeof workItemLoops>, 'tileReduce');
      assert.match(g, backend === 'cuda-cpu' ? /::cu2m_wil::tile_reduce_put<decltype\(cg::reduce\(t32, v \+ r, cg::plus<int>\(\)\)\)>\(cu2m_pw_\d+\[cu2m_tid\], v \+ r, cg::plus<int>\(\), t32\);/ : /::cu2m_wil::simd_put_tile_reduce<decltype\(cg::reduce\(t32, v \+ r, cg::plus<int>\(\)\)\)>/);
      assert.doesNotMatch(g, /tileMax/);
      const o = fn(w as ReturnType<typeof workItemLoops>, 'tileOps');
      assert.match(o, /::cu2m_wil::tile_ballot\(tile, cu2m_pw_\d+\[cu2m_tid\]\)/);
      assert.match(o, /::cu2m_wil::tile_all\(tile, cu2m_pw_\d+\[cu2m_tid\]\)/);
      assert.match(o, backend === 'cuda-cpu' ? /::cu2m_wil::shfl_up_put<decltype\(tile\.shfl_up\(v, 2\)\)>\(cu2m_pw_\d+, cu2m_tid, cu2m_n, v, 2, int32_t\(tile\.size\(\)\)\);/ : /::cu2m_wil::simd_put_rec\(cu2m_pw_\d+, cu2m_tid, cu2m_n, tile\.shfl_up\(::cu2m_wil::Rec<decltype\(tile\.shfl_up\(v, 2\)\)>\(v, int32_t\(cu2m_tid & 31u\)\), 2\)\);/);
      // A tile's shuffle has no step: the statement reads the source lane's stored value.
      assert.match(o, backend === 'cuda-cpu' ? /::cu2m_wil::shuffle_get<decltype\(tile\.shfl_up\(v, 2\)\)>\(cu2m_pw_\d+, cu2m_tid, cu2m_n\)/ : /::cu2m_wil::simd_shuffle_get<decltype\(tile\.shfl_up\(v, 2\)\)>\(cu2m_pw_\d+, cu2m_tid, cu2m_n\)/);
    });
  }
  test('a tile-synchronised volatile reduction the serial order runs in step is not wrapped in lockstep: transformed on both backends', () => {
    const f = path.join('test', 'fixtures', 'warpsync', 'volatile_serial.cu');
    const text = fs.readFileSync(f, 'utf8');
    assert.deepEqual(cuda(f, text).verdicts.map((v) => [v.kernel, v.reason]), [['sums', null]]);
    assert.deepEqual(msl(f, text).verdicts.map((v) => [v.kernel, v.reason]), [['sums', null]]);
    assert.doesNotMatch(cuda(f, text).code, /__CU2M_lockstep/);
  });
  test('a word in a comment is no use of a helper of that name', () => {
    assert.equal(verdict('__device__ void all_sync(int *s) { s[0] = 0; __syncthreads(); }', '  // all_sync is not called here\n  s[threadIdx.x] = 1;\n  b.sync();\n  out[threadIdx.x] = s[0];'), null);
  });
});

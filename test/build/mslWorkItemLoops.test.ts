// The work-item-loop transform of the msl-cpu backend (src/build/mslWorkItemLoops.ts): which MSL
// kernels qualify (and why the others keep fibers), the code it produces from the lowered MSL, the
// glue that calls it, and that the module compiled is the transformed one (not the fibers fallback).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { buildModule } from '../../src/build/build';
import { lowerMslForClang } from '../../src/build/mslLower';
import { maskMsl, mslCpuModuleCode, mslWorkItemLoops } from '../../src/build/mslWorkItemLoops';
import { translateSource } from '../../src/translate/index';

const fixture = path.join('test', 'fixtures', 'wil', 'wil.cu');
const lowered = (name: string, text: string): { code: string; t: ReturnType<typeof translateSource> } => {
  const t = translateSource(name, text);
  assert.ok(t.ok, t.diagnostics.map((d) => d.message).join('\n'));
  const l = lowerMslForClang(t.msl, 'k.metal');
  assert.deepEqual(l.errors, []);
  return { code: l.code, t };
};
const transform = (name: string, text: string): ReturnType<typeof mslWorkItemLoops> => {
  const { code, t } = lowered(name, text);
  return mslWorkItemLoops(code, t.manifest);
};
const verdict = (src: string): string | null => {
  const w = transform('k.cu', `#include <cuda_runtime.h>\n#define N 64\n${src}\n`);
  assert.equal(w.verdicts.length, 1, JSON.stringify(w.verdicts));
  return w.verdicts[0]!.reason;
};

describe('msl-cpu work-item loops: which kernels qualify', () => {
  test('the fixture: kernels in the subset are transformed, the others say why they keep fibers', () => {
    const w = transform(fixture, fs.readFileSync(fixture, 'utf8'));
    assert.deepEqual(
      w.verdicts.map((v) => [v.kernel, v.reason]),
      [
        ['treeReduce', null],
        ['tiledMatmul', null],
        ['scan', null],
        ['reverse', null],
        ['order3d', null],
        ['viaFunction', null], // blockSync() inlined (src/build/inlineHelpers.ts)
        ['dependentLoop', 'a loop or branch with barriers that threads leave at different times (made block-uniform with a block vote: docs/DESIGN.md, barrier loops) is not split into work-item loops'],
        ['checked', null],
        ['blockSum_64_int', null],
        ['blockSum_32_float', null],
      ],
    );
    assert.deepEqual([...w.calls].sort(), [
      ['blockSum_32_float', 'cu2m_wil_blockSum::blockSum<32, float>'],
      ['blockSum_64_int', 'cu2m_wil_blockSum::blockSum<64, int>'],
      ['checked', 'cu2m_wil_checked::checked'],
      ['order3d', 'cu2m_wil_order3d::order3d'],
      ['reverse', 'cu2m_wil_reverse::reverse'],
      ['scan', 'cu2m_wil_scan::scan'],
      ['tiledMatmul', 'cu2m_wil_tiledMatmul::tiledMatmul'],
      ['treeReduce', 'cu2m_wil_treeReduce::treeReduce'],
      ['viaFunction', 'cu2m_wil_viaFunction::viaFunction'],
    ]);
  });
  const body = (b: string): string => `__global__ void k(int *out, int n) {\n  __shared__ int s[N];\n${b}\n}`;
  const cases: [string, string, string | null][] = [
    ['top-level barriers', 's[threadIdx.x] = 1;\n__syncthreads();\nout[threadIdx.x] = s[0];', null],
    ['a uniform for loop', 'int t = threadIdx.x;\nfor (int i = n; i > 0; i /= 2) { s[t] = i; __syncthreads(); }\nout[t] = s[t];', null],
    ['a uniform early return', 'if (blockIdx.x > n) return;\ns[threadIdx.x] = 1;\n__syncthreads();', null],
    ['a barrier in an if', 'if (threadIdx.x < 32) __syncthreads();', 'a barrier at line 5 is not at the top level of the kernel or of a block-uniform loop'],
    ['a thread-dependent loop bound', 'int m = threadIdx.x;\nfor (int i = 0; i < m; ++i) { __syncthreads(); }', 'a loop or branch with barriers that threads leave at different times (made block-uniform with a block vote: docs/DESIGN.md, barrier loops) is not split into work-item loops'],
    ['a loop bound read from memory', 'for (int i = 0; i < out[0]; ++i) { __syncthreads(); }', 'a loop or branch with barriers that threads leave at different times (made block-uniform with a block vote: docs/DESIGN.md, barrier loops) is not split into work-item loops'],
    ['an early thread-dependent return (the translator keeps the thread alive with cu2m_done: src/translate/earlyReturns.ts)', 'if (threadIdx.x >= n) return;\n__syncthreads();', null],
    ['a parameter modified by a block-uniform statement (once per block)', 'out += blockIdx.x;\n__syncthreads();', null],
    ['a parameter modified per thread (a per-thread copy)', 'out += blockIdx.x * N + threadIdx.x;\ns[threadIdx.x] = n;\n__syncthreads();\n*out = s[0];', null],
    ['a parameter modified in a thread-dependent if', 'if (threadIdx.x & 1) n += 2;\n__syncthreads();\nout[threadIdx.x] = n;', null],
    ['an if/else with barriers in both branches and a block-uniform condition', 'int t = threadIdx.x;\nif (n > 64) { s[t] = 1; __syncthreads(); out[t] = s[0]; } else if (n > 2) { __syncthreads(); } else __syncthreads();\nout[t] += t;', null],
    ['a barrier in an if on a __shared__ flag read right after a barrier', '__shared__ bool last;\nif (threadIdx.x == 0) last = out[0] > 2;\n__syncthreads();\nif (last) { s[threadIdx.x] = 1; __syncthreads(); }', null],
    ['a barrier in an if on a __shared__ flag read after other statements', '__shared__ bool last;\nif (threadIdx.x == 0) last = out[0] > 2;\n__syncthreads();\nlast = threadIdx.x > 2;\nif (last) { __syncthreads(); }', 'a barrier at line 9 is not at the top level of the kernel or of a block-uniform loop'],
    ['a return in an if with barriers (rewritten the same way)', 'if (n > 2) { if (threadIdx.x > 3) return; __syncthreads(); }', null],
    ['a barrier in an if whose condition is read from memory (every thread reaches it: src/translate/barrierLoops.ts)', 'if (out[0] > 2) { __syncthreads(); }', null],
    ['a warp shuffle (a simdgroup function in the MSL: a warp cut)', 'int v = __shfl_down_sync(0xffffffff, 1, 1);\n__syncthreads();\nout[0] = v;', null],
    ['a shuffle with a width (a prelude helper: a warp cut)', 'int v = __shfl_xor_sync(0xffffffff, (int)threadIdx.x, 1, 8);\nout[threadIdx.x] = v;', null],
    ['__syncwarp (simdgroup_barrier) and a reduction', 's[threadIdx.x] = __reduce_add_sync(0xffffffff, threadIdx.x);\n__syncwarp();\nout[threadIdx.x] = s[threadIdx.x ^ 1];', null],
    ['a shuffle in a thread-dependent if', 'int v = 1;\nif (threadIdx.x < 3) v = __shfl_xor_sync(0xffffffff, v, 1);\nout[0] = v;', "the warp operation at line 6 is not in a statement of the kernel's top level or of a block-uniform loop"],
    ['a shuffle under ?:', 'int v = n > 2 ? __shfl_xor_sync(0xffffffff, n, 1) : 0;\nout[0] = v;', 'the warp operation at line 5 is evaluated conditionally (?:, &&, ||)'],
    ['__match_any_sync (a prelude loop of shuffles)', 'out[threadIdx.x] = __match_any_sync(0xffffffff, n);\n__syncthreads();', "it uses 'cu2m_match_any', which uses barriers or warp operations"],
    ['__activemask (simd_active_threads_mask)', 'out[threadIdx.x] = __activemask();\n__syncthreads();', "it uses 'simd_active_threads_mask'"],
    ['#pragma unroll before a loop (only a hint: dropped where it stands between statements)', 'int t = threadIdx.x;\n#pragma unroll\nfor (int i = 0; i < 4; ++i) s[t] += i;\n__syncthreads();\nout[t] = s[t];', null],
    ['a warp vote', 'unsigned b = __ballot_sync(0xffffffff, threadIdx.x & 1);\n__syncthreads();\nout[0] = b;', null],
  ];
  for (const [what, src, want] of cases) test(`${what}: ${want ?? 'transformed'}`, () => assert.equal(verdict(body(src)), want));
  test('the parsed copy keeps every offset and line; address spaces, attributes and #line are blanked', () => {
    const { code } = lowered(fixture, fs.readFileSync(fixture, 'utf8'));
    const m = maskMsl(code);
    assert.equal(m.length, code.length);
    assert.equal(m.split('\n').length, code.split('\n').length);
    assert.doesNotMatch(m, /\[\[|^[ \t]*#[ \t]*line\b/m);
    const at = code.indexOf('kernel void treeReduce(');
    assert.equal(m.slice(at, code.indexOf('\n', at)), `${' '.repeat(6)} void treeReduce(${' '.repeat(6)} const float* in ${' '.repeat(13)}, ${' '.repeat(6)} float* out ${' '.repeat(13)}, uint3 threadIdx ${' '.repeat(34)}, uint3 blockIdx ${' '.repeat(32)})`);
    assert.match(m, /__shared__ {2}int \(&s\)\[THREADS\] = \*\( {11} int \(\*\)\[THREADS\]\)::cu2m_msl::threadgroup_static\(/);
  });
});

describe('msl-cpu work-item loops: the generated code', () => {
  const src = '#include <cuda_runtime.h>\n__global__ void sum(const float *in, float *out) {\n  __shared__ float s[64];\n  float v = in[blockIdx.x * 64 + threadIdx.x];\n  s[threadIdx.x] = v;\n  __syncthreads();\n  if (threadIdx.x == 0) { float t = 0; for (int i = 0; i < 64; ++i) t += s[i]; out[blockIdx.x] = t + v; }\n}\n';
  test('a small kernel: threadgroup storage once per block, two thread loops, a per-thread array, the thread position per loop, #line', () => {
    const w = transform('sum.cu', src);
    assert.deepEqual(w.verdicts, [{ kernel: 'sum', reason: null }]);
    const fn = w.code.slice(w.code.indexOf('namespace cu2m_wil_sum {'), w.code.indexOf('}  // namespace cu2m_wil_sum'));
    assert.match(fn, /^namespace cu2m_wil_sum \{\nstatic void sum\(cu2m_thread_ctx\* const cu2m_ctx, device const float\* in \[\[buffer\(0\)\]\], device float\* out \[\[buffer\(1\)\]\], uint3 threadIdx \[\[thread_position_in_threadgroup\]\], uint3 blockIdx \[\[threadgroup_position_in_grid\]\]\) \{\n/);
    // The threadgroup array is looked up once, before the first thread loop.
    const tg = fn.indexOf('threadgroup float (&s)[64] = *(threadgroup float (*)[64])::cu2m_msl::threadgroup_static(');
    assert.ok(tg > 0 && tg < fn.indexOf('for (uint32_t cu2m_x = 0;'), fn);
    assert.equal(fn.match(/for \(uint32_t cu2m_x = 0;/g)?.length, 2);
    assert.equal(fn.match(/const uint3 threadIdx = ::cu2m_msl::u3\(cu2m_dim3\{cu2m_x, cu2m_y, cu2m_z\}\);/g)?.length, 2);
    // v lives across the barrier: a per-thread array from the support library, bound in both loops.
    assert.match(fn, /auto\* const cu2m_pt_v = ::cu2m_wil::slots<float, 0u>\(cu2m_n\);/);
    assert.equal(fn.match(/auto& v = cu2m_pt_v\[cu2m_tid\];/g)?.length, 2);
    assert.doesNotMatch(fn, /threadgroup_barrier/);
    assert.match(fn, /\n#line 7 "sum\.cu"\n\s*if \(threadIdx\.x == 0\)/);
    assert.match(w.code, /CU2M_MSL_SUPPORT void\* cu2m_msl_wil_slots\(uint32_t key, size_t bytes, size_t align\);/);
  });
  test('a warp shuffle loop: the values and source lanes per thread, the shuffle per SIMD group, the statement per thread', () => {
    const w = transform('w.cu', '#include <cuda_runtime.h>\n__global__ void ws(const float *in, float *out) {\n  float v = in[threadIdx.x];\n  for (int o = 16; o > 0; o >>= 1) v += __shfl_down_sync(0xffffffffu, v, o);\n  out[threadIdx.x] = __shfl_sync(0xffffffffu, v, 3, 8);\n}\n');
    assert.deepEqual(w.verdicts, [{ kernel: 'ws', reason: null }]);
    const fn = w.code.slice(w.code.indexOf('namespace cu2m_wil_ws {'), w.code.indexOf('}  // namespace cu2m_wil_ws'));
    // The lane arrays are fetched once at the top; the loop runs once per threadgroup around two
    // thread loops: put, then the statement, which reads the source lane's value (no step).
    assert.match(fn, /\(void\)cu2m_n;\n {2}auto\* const cu2m_pw_1 = ::cu2m_wil::slots<::cu2m_wil::SimdLane, 1u>\(cu2m_n\);\n {2}auto\* const cu2m_pw_2 = ::cu2m_wil::slots<::cu2m_wil::SimdLane, 2u>\(cu2m_n\);\n/);
    assert.match(fn, /\n#line 4 "w\.cu"\nfor \(int o = 16; o > 0; o >>= 1\) \{\n {2}for \(uint32_t cu2m_z = 0/);
    assert.match(fn, /::cu2m_wil::simd_put_shfl<decltype\(simd_shuffle_down\(v, ushort\(o & 31\)\)\)>\(cu2m_pw_1, cu2m_tid, cu2m_n, v, ::metal::__simd::src_down\(int\(cu2m_tid & 31u\), ushort\(o & 31\)\)\);/);
    assert.doesNotMatch(fn, /simd_shuffle_step/);
    assert.match(fn, /v \+= ::cu2m_wil::simd_shuffle_get<decltype\(simd_shuffle_down\(v, ushort\(o & 31\)\)\)>\(cu2m_pw_1, cu2m_tid, cu2m_n\);/);
    // The width helper runs on a recording value: its own lane arithmetic gives the source lane.
    assert.match(fn, /::cu2m_wil::simd_put_rec\(cu2m_pw_2, cu2m_tid, cu2m_n, cu2m_shfl_width\(::cu2m_wil::Rec<decltype\(cu2m_shfl_width\(v, 3, 8, cu2m_lane_id\(threadIdx, blockDim\)\)\)>\(v\), 3, 8, cu2m_lane_id\(threadIdx, blockDim\)\)\);/);
    assert.match(fn, /out\[threadIdx\.x\] = ::cu2m_wil::simd_shuffle_get<[^\n]*>\(cu2m_pw_2, cu2m_tid, cu2m_n\);/);
    // The shuffle loop's statements call nothing that can read the context: its per-thread stores
    // are gone, and the context holds the last thread after the loop; the width helper's loops
    // call a function (cu2m_lane_id): they keep them.
    const round = fn.slice(fn.indexOf('for (int o = 16;'));
    assert.doesNotMatch(round.slice(0, round.indexOf('cu2m_next_1')), /cu2m_ctx->linear_tid = cu2m_tid;/);
    assert.match(round, /cu2m_next_1: ;\n {2}\}\n {2}cu2m_ctx->thread_idx = cu2m_dim3\{cu2m_bx - 1, cu2m_by - 1, cu2m_bz - 1\}; cu2m_ctx->linear_tid = cu2m_n - 1;/);
    const put = fn.indexOf('::cu2m_wil::simd_put_rec(cu2m_pw_2');
    assert.match(fn.slice(fn.lastIndexOf('for (uint32_t cu2m_z', put), put), /cu2m_ctx->linear_tid = cu2m_tid;/);
    assert.equal(fn.match(/for \(uint32_t cu2m_x = 0;/g)?.length, 5);
    // No SIMD-group function is called (the emulation's would wait for the other lanes): only named in decltype.
    assert.doesNotMatch(fn, /(?<!decltype\(|cu2m_wil::)\bsimd_shuffle(?!_get)/);
  });
  test('a kernel template: one generated template after the template, its instances called by their template arguments', () => {
    const w = transform(fixture, fs.readFileSync(fixture, 'utf8'));
    const at = w.code.indexOf('namespace cu2m_wil_blockSum {');
    assert.ok(at > 0);
    assert.equal(w.code.indexOf('namespace cu2m_wil_blockSum {', at + 1), -1, 'one generated template for both instances');
    assert.match(w.code.slice(at), /^namespace cu2m_wil_blockSum \{\ntemplate <int B, class T>\nstatic void blockSum\(cu2m_thread_ctx\* const cu2m_ctx, device const cu2m_mem<T>\* in \[\[buffer\(0\)\]\]/);
    // After the kernel template, before its explicit instantiations.
    assert.ok(w.code.lastIndexOf('kernel void blockSum(', at) > 0 && w.code.indexOf('template  decltype(blockSum<64, int>) blockSum<64, int>;') > at);
  });
  test('a cooperative-groups block handle holds the thread position: a per-thread local; its sync() and cg::sync() are barriers', () => {
    const file = path.join('test', 'fixtures', 'wil', 'cg.cu');
    const w = transform(file, fs.readFileSync(file, 'utf8'));
    assert.deepEqual(w.verdicts, [{ kernel: 'cgSum', reason: null }]);
    const fn = w.code.slice(w.code.indexOf('namespace cu2m_wil_cgSum {'));
    assert.match(fn, /auto\* const cu2m_pt_cta = ::cu2m_wil::slots<cg::thread_block, 0u>\(cu2m_n\);/);
    assert.match(fn, /auto& cta = cu2m_pt_cta\[cu2m_tid\]; cta = cg::this_thread_block\(threadIdx, blockIdx, blockDim\);/);
    assert.match(fn, /auto& t = cu2m_pt_t\[cu2m_tid\]; t = cta\.thread_rank\(\);/);
    assert.doesNotMatch(fn.slice(0, fn.indexOf('}  // namespace cu2m_wil_cgSum')), /\bsync\(/);
    // Other uses of the handle keep fibers.
    assert.equal(verdict('__global__ void k(int *out) {\n  cooperative_groups::thread_block b = cooperative_groups::this_thread_block();\n  f(b);\n  b.sync();\n}\n__device__ void f(cooperative_groups::thread_block b) {}'.replace('__global__ void k', '__device__ void f(cooperative_groups::thread_block b);\n__global__ void k')), "it uses the block handle 'b' other than for sync() and its sizes and ranks");
  });
  test('per-thread pointers keep their address space and the constness of what they point to', () => {
    const w = transform('p.cu', '#include <cuda_runtime.h>\n__global__ void k(const float *in, float *out) {\n  __shared__ float s[64];\n  const float *p = in + threadIdx.x;\n  float *q = s + threadIdx.x;\n  *q = *p;\n  __syncthreads();\n  out[threadIdx.x] = *q + *p;\n}\n');
    assert.deepEqual(w.verdicts, [{ kernel: 'k', reason: null }]);
    assert.match(w.code, /::cu2m_wil::slots<const device float \*, 0u>/);
    assert.match(w.code, /::cu2m_wil::slots<threadgroup float \*, 1u>/);
  });
  test('the glue flags the kernel and its block entry calls the generated function once with the context', () => {
    const { code, t } = lowered('sum.cu', src);
    const m = mslCpuModuleCode(code, t.manifest);
    assert.match(m, /cu2m_flags_sum = CU2M_KERNEL_USES_BARRIERS \| CU2M_KERNEL_WORK_ITEM_LOOPS;/);
    assert.match(m, /void cu2m_block_sum\(void\* const\* args, cu2m_thread_ctx\* ctx\) \{\n {2}ctx->thread_idx = cu2m_dim3\{0, 0, 0\};\n {2}ctx->linear_tid = 0;\n {2}cu2m_msl::enter\(ctx\);\n {2}cu2m_wil_sum::sum\(ctx, /);
    const plain = mslCpuModuleCode(code, t.manifest, false);
    assert.doesNotMatch(plain, /cu2m_wil|WORK_ITEM_LOOPS|cu2m_block_sum/);
  });
  test('the fixture module compiles with its work-item loops (no fallback to the fibers-only source)', async () => {
    const t = translateSource(fixture, fs.readFileSync(fixture, 'utf8'));
    const so = await buildModule('msl-cpu', t, { includeDirs: [], defines: [] }, path.dirname(fixture), 'wil');
    const cpp = fs.readFileSync(so.replace(/\.so$/, '.cpp'), 'utf8');
    for (const k of ['treeReduce', 'tiledMatmul', 'scan', 'reverse', 'order3d', 'checked', 'blockSum_64_int', 'blockSum_32_float']) {
      assert.match(cpp, new RegExp(`namespace cu2m_wil_${k.replace(/_\d.*/, '')} \\{`));
      assert.match(cpp, new RegExp(`cu2m_flags_${k} = CU2M_KERNEL_USES_BARRIERS[^;]* \\| CU2M_KERNEL_WORK_ITEM_LOOPS;`));
    }
  });
  test('samples/reduction and samples/matrixMul: their barrier kernels compile with work-item loops', async () => {
    for (const [sample, kernel] of [['reduction', 'reduceSum'], ['matrixMul', 'matrixMul']] as const) {
      const file = path.join('samples', sample, `${sample}.cu`);
      const t = translateSource(file, fs.readFileSync(file, 'utf8'));
      const so = await buildModule('msl-cpu', t, { includeDirs: [], defines: [] }, path.dirname(file), sample);
      assert.match(fs.readFileSync(so.replace(/\.so$/, '.cpp'), 'utf8'), new RegExp(`cu2m_flags_${kernel} = CU2M_KERNEL_USES_BARRIERS[^;]* \\| CU2M_KERNEL_WORK_ITEM_LOOPS;`));
    }
  });
  test('the nodefault fixture: a per-thread local without a default constructor makes the module fall back to fibers', async () => {
    const file = path.join('test', 'fixtures', 'wil', 'nodefault.cu');
    const t = translateSource(file, fs.readFileSync(file, 'utf8'));
    const so = await buildModule('msl-cpu', t, { includeDirs: [], defines: [] }, path.dirname(file), 'nodefault');
    assert.doesNotMatch(fs.readFileSync(so.replace(/\.so$/, '.cpp'), 'utf8'), /cu2m_wil_pairs|WORK_ITEM_LOOPS/);
  });
  test('a local with a default constructor that lives across a barrier: the module is built again without work-item loops', async () => {
    const bad = '#include <cuda_runtime.h>\nstruct Box { int v; __device__ Box(const Box& o) : v(o.v + 1) {} __device__ Box() : v(0) {} };\n__global__ void k(int *out) {\n  __shared__ int s[32];\n  Box b;\n  b.v += threadIdx.x;\n  s[threadIdx.x] = b.v;\n  __syncthreads();\n  out[threadIdx.x] = s[0] + b.v;\n}\n';
    const t = translateSource('box.cu', bad);
    assert.ok(t.ok, t.diagnostics.map((d) => d.message).join('\n'));
    const w = mslWorkItemLoops(lowerMslForClang(t.msl, 'box.metal').code, t.manifest);
    assert.deepEqual(w.verdicts, [{ kernel: 'k', reason: null }]);
    assert.match(w.code, /::cu2m_wil::slots<Box, 0u>/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mslwil-'));
    const so = await buildModule('msl-cpu', t, { includeDirs: [], defines: [] }, dir, 'box');
    const cpp = fs.readFileSync(so.replace(/\.so$/, '.cpp'), 'utf8');
    assert.doesNotMatch(cpp, /cu2m_wil_k|WORK_ITEM_LOOPS/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

// The work-item-loop transform of the cuda-cpu backend (src/build/workItemLoops.ts): which kernels
// qualify (and why the others keep fibers), and the source it produces.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cudaGlue } from '../../src/build/glue';
import { cudaCpuModuleCode, workItemLoops } from '../../src/build/workItemLoops';
import { translateSource } from '../../src/translate/index';

const fixture = path.join('test', 'fixtures', 'wil', 'wil.cu');
const transform = (name: string, text: string): ReturnType<typeof workItemLoops> => {
  const t = translateSource(name, text);
  assert.ok(t.ok, t.diagnostics.map((d) => d.message).join('\n'));
  return workItemLoops(t.cudaCpu, t.manifest);
};
const verdict = (src: string): string | null => {
  const w = transform('k.cu', `#include <cuda_runtime.h>\n#define N 64\n${src}\n`);
  assert.equal(w.verdicts.length, 1, JSON.stringify(w.verdicts));
  return w.verdicts[0]!.reason;
};

describe('work-item loops: which kernels qualify', () => {
  test('the fixture: every kernel in the subset is transformed, the others say why they keep fibers', () => {
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
        ['dependentLoop', 'the loop at line 116 has barriers and thread-dependent control'],
        ['checked', null],
        ['blockSum_64_int', null],
        ['blockSum_32_float', null],
      ],
    );
    assert.deepEqual([...w.kernels].sort(), ['blockSum_32_float', 'blockSum_64_int', 'checked', 'order3d', 'reverse', 'scan', 'tiledMatmul', 'treeReduce', 'viaFunction']);
  });
  const body = (b: string): string => `__global__ void k(int *out, int n) {\n  __shared__ int s[N];\n${b}\n}`;
  const cases: [string, string, string | null][] = [
    ['top-level barriers', 's[threadIdx.x] = 1;\n__syncthreads();\nout[threadIdx.x] = s[0];', null],
    ['a uniform for loop', 'int t = threadIdx.x;\nfor (int i = n; i > 0; i /= 2) { s[t] = i; __syncthreads(); }\nout[t] = s[t];', null],
    ['a uniform while loop with a uniform update', 'int k = 0;\nwhile (k < n) { s[threadIdx.x] = k; __syncthreads(); k += 2; }', null],
    ['a uniform early return', 'if (blockIdx.x > n) return;\ns[threadIdx.x] = 1;\n__syncthreads();', null],
    ['a return after the last barrier', 's[threadIdx.x] = 1;\n__syncthreads();\nif (threadIdx.x > 3) return;\nout[threadIdx.x] = s[0];', null],
    ['a barrier in an if', 'if (threadIdx.x < 32) __syncthreads();', 'a barrier at line 5 is not at the top level of the kernel or of a block-uniform loop'],
    ['a barrier in a uniform if (run once per block)', 'if (n > 2) { __syncthreads(); }', null],
    ['a thread-dependent loop', 'for (int i = threadIdx.x; i < n; i += 32) __syncthreads();', "the loop at line 5 has barriers and a thread-dependent variable 'i'"],
    ['a loop with barriers whose body is another loop', 'for (int i = 0; i < n; ++i) for (;;) __syncthreads();', 'a loop with barriers has no braces'],
    ['a thread-dependent loop bound', 'int m = threadIdx.x;\nfor (int i = 0; i < m; ++i) { __syncthreads(); }', 'the loop at line 6 has barriers and thread-dependent control'],
    ['a loop bound read from memory', 'for (int i = 0; i < out[0]; ++i) { __syncthreads(); }', 'the loop at line 5 has barriers and thread-dependent control'],
    ['a loop variable changed in a stretch', 'for (int i = 0; i < n; ++i) { if (threadIdx.x == 0) i++; __syncthreads(); }', 'the loop at line 5 has barriers and a thread-dependent variable \'i\''],
    ['an early thread-dependent return', 'if (threadIdx.x >= n) return;\n__syncthreads();', "'return' at line 5 comes before a barrier"],
    ['a break out of a barrier loop', 'for (int i = 0; i < n; ++i) { if (s[0]) break; __syncthreads(); }', "'break' at line 5 would leave a loop with barriers"],
    ['a parameter modified by a block-uniform statement (once per block)', 'out += blockIdx.x;\n__syncthreads();', null],
    ['a parameter modified per thread (a per-thread copy)', 'out += blockIdx.x * N + threadIdx.x;\ns[threadIdx.x] = n;\n__syncthreads();\n*out = s[0];', null],
    ['a parameter modified in a thread-dependent if', 'if (threadIdx.x & 1) n += 2;\n__syncthreads();\nout[threadIdx.x] = n;', null],
    ['an if/else with barriers in both branches and a block-uniform condition', 'int t = threadIdx.x;\nif (n > 64) { s[t] = 1; __syncthreads(); out[t] = s[0]; } else if (n > 2) { __syncthreads(); } else __syncthreads();\nout[t] += t;', null],
    ['a barrier in an if on a __shared__ flag read right after a barrier', '__shared__ bool last;\nif (threadIdx.x == 0) last = out[0] > 2;\n__syncthreads();\nif (last) { s[threadIdx.x] = 1; __syncthreads(); }', null],
    ['a barrier in an if on a __shared__ flag read after other statements', '__shared__ bool last;\nif (threadIdx.x == 0) last = out[0] > 2;\n__syncthreads();\nlast = threadIdx.x > 2;\nif (last) { __syncthreads(); }', 'a barrier at line 9 is not at the top level of the kernel or of a block-uniform loop'],
    ['a return in an if with barriers', 'if (n > 2) { if (threadIdx.x > 3) return; __syncthreads(); }', "'return' at line 5 is inside an if with barriers"],
    ['a barrier in an if whose condition is read from memory', 'if (out[0] > 2) { __syncthreads(); }', 'a barrier at line 5 is not at the top level of the kernel or of a block-uniform loop'],
    ['a warp shuffle (a warp cut, test/build/warpCuts.test.ts)', 'int v = __shfl_down_sync(0xffffffff, 1, 1);\n__syncthreads();\nout[0] = v;', null],
    ['__syncwarp (a cut)', 's[threadIdx.x] = 1;\n__syncwarp();\n__syncthreads();', null],
    ['a barrier in a do loop', 'do { __syncthreads(); } while (0);', 'a barrier at line 5 is not at the top level of the kernel or of a block-uniform loop'],
  ];
  for (const [what, src, want] of cases) test(`${what}: ${want ?? 'transformed'}`, () => assert.equal(verdict(body(src)), want));
  test('a modified parameter: each thread modifies its own copy; an array parameter keeps fibers', () => {
    const w = transform('p.cu', '#include <cuda_runtime.h>\n__global__ void k(int *out, int n) { __shared__ int s[64]; out += blockIdx.x * 64 + threadIdx.x; s[threadIdx.x] = n; __syncthreads(); *out = s[63 - threadIdx.x]; }\n');
    assert.equal(w.verdicts[0]!.reason, null);
    const fn = w.code.slice(w.code.indexOf('namespace cu2m_wil_k {'));
    assert.match(fn, /auto\* const cu2m_pt_out = ::cu2m_wil::slots<int \*, \d+u>\(cu2m_n\);\n\s*for \(uint32_t cu2m_tid = 0; cu2m_tid < cu2m_n; \+\+cu2m_tid\) cu2m_pt_out\[cu2m_tid\] = out;/);
    assert.equal(fn.match(/auto& out = cu2m_pt_out\[cu2m_tid\];/g)?.length, 2);
    assert.doesNotMatch(fn, /cu2m_pt_n\b/); // n is never modified: one variable
    assert.equal(verdict('__global__ void k(int a[], int n) {\n  __shared__ int s[N];\na += threadIdx.x;\n__syncthreads();\n}'), "it modifies its parameter 'a'");
  });
  test('an if with barriers and a block-uniform condition: the if once per block, thread loops in its branches', () => {
    const w = transform('i.cu', '#include <cuda_runtime.h>\ntemplate <int B> __global__ void k(int *out) { __shared__ int s[B]; int t = threadIdx.x; s[t] = t; __syncthreads();\nif (B >= 64) { if (t < 32) s[t] += s[t + 32]; __syncthreads(); } else { s[t] *= 2; __syncthreads(); }\nout[t] = s[0]; }\nint main() { k<64><<<1, 64>>>(nullptr); }\n');
    assert.equal(w.verdicts[0]!.reason, null);
    const fn = w.code.slice(w.code.indexOf('namespace cu2m_wil_k {'));
    assert.match(fn, /\nif \(B >= 64\) \{\n/);
    assert.match(fn, /\n {2}\} else \{\n/);
    assert.equal(fn.match(/for \(uint32_t cu2m_x = 0;/g)?.length, 4);
  });
  test('a barrier written through a macro is a barrier (the reference source has it expanded)', () => {
    const w = transform('m.cu', '#include <cuda_runtime.h>\n#define SYNC __syncthreads()\n__global__ void k(int *o) { __shared__ int s[4]; s[threadIdx.x] = 1; SYNC; o[threadIdx.x] = s[0]; }\n');
    assert.equal(w.verdicts[0]!.reason, null);
    const fn = w.code.slice(w.code.indexOf('namespace cu2m_wil_k {'));
    assert.equal(fn.match(/for \(uint32_t cu2m_x = 0;/g)?.length, 2);
  });
  test('cooperative groups: the block handle is hoisted and its syncs are barriers; other uses of it keep fibers', () => {
    const cg = path.join('test', 'fixtures', 'wil', 'cg.cu');
    const w = transform(cg, fs.readFileSync(cg, 'utf8'));
    assert.deepEqual(w.verdicts, [{ kernel: 'cgSum', reason: null }]);
    const fn = w.code.slice(w.code.indexOf('namespace cu2m_wil_cgSum {'));
    assert.match(fn, /\ncg::thread_block cta = cg::this_thread_block\(\);\n/);
    assert.doesNotMatch(fn.slice(0, fn.indexOf('}  // namespace')), /sync\(/);
    assert.equal(fn.match(/for \(uint32_t cu2m_x = 0;/g)?.length, 3);
    const tile = transform('t.cu', '#include <cooperative_groups.h>\n#include <cuda_runtime.h>\nnamespace cg = cooperative_groups;\n__global__ void k(int *o) { cg::thread_block b = cg::this_thread_block(); auto t = cg::tiled_partition<4>(b); b.sync(); o[0] = t.thread_rank(); }\n');
    // A tile of the handle (src/build/cgCuts.ts): its rank needs nothing of the other threads.
    assert.equal(tile.verdicts[0]!.reason, null);
    const other = transform('t.cu', '#include <cooperative_groups.h>\n#include <cuda_runtime.h>\nnamespace cg = cooperative_groups;\n__global__ void k(int *o) { cg::thread_block b = cg::this_thread_block(); cg::thread_block c = b; b.sync(); o[0] = c.thread_rank(); }\n');
    assert.equal(other.verdicts[0]!.reason, "it uses the block handle 'b' other than for sync() and its sizes and ranks");
  });
  test('a kernel template: one generated template, each instance called by its arguments', () => {
    const w = transform('t.cu', '#include <cuda_runtime.h>\ntemplate <int B, class T> __global__ void k(T *o) { __shared__ T s[B]; s[threadIdx.x] = 1; __syncthreads(); o[threadIdx.x] = s[0]; }\nint main() { int *d = 0; k<4, int><<<1, 4>>>(d); k<8, float><<<1, 8>>>((float *)d); }\n');
    assert.deepEqual(w.verdicts, [{ kernel: 'k_4_int', reason: null }, { kernel: 'k_8_float', reason: null }]);
    assert.deepEqual([...w.calls], [['k_4_int', 'cu2m_wil_k::k<4, int>'], ['k_8_float', 'cu2m_wil_k::k<8, float>']]);
    assert.equal(w.code.match(/namespace cu2m_wil_k \{\ntemplate <int B, class T>\nstatic void k\(T \*o\) \{/g)?.length, 1);
  });
});

describe('work-item loops: the produced source', () => {
  const src = [
    '#include <cuda_runtime.h>',
    '__global__ void sum(const float *in, float *out)',
    '{',
    '    __shared__ float s[64];',
    '    int bx = blockIdx.x;',
    '    unsigned t = threadIdx.x, u = t + 1;',
    '    s[t] = in[bx * 64 + t];',
    '    __syncthreads();',
    '    for (unsigned stride = 32; stride > 0; stride >>= 1) {',
    '        if (t < stride) s[t] += s[t + stride];',
    '        __syncthreads();',
    '    }',
    '    if (t == 0) out[bx] = s[0] + u;',
    '}',
    'int tail;',
    '',
  ].join('\n');
  const w = transform('sum.cu', src);
  const code = w.code;
  const fn = code.slice(code.indexOf('namespace cu2m_wil_sum {'), code.indexOf('}  // namespace cu2m_wil_sum'));
  test('the kernel is transformed and the original is kept', () => {
    assert.deepEqual(w.verdicts, [{ kernel: 'sum', reason: null }]);
    assert.match(code, /__global__ void sum\(const float \*in, float \*out\)\n\{/);
    assert.match(fn, /^namespace cu2m_wil_sum \{\nstatic void sum\(const float \*in, float \*out\) \{/);
  });
  test('shared memory and uniform locals run once per block, at the function level, with their lines', () => {
    assert.match(fn, /\n#line 4 "sum\.cu"\n__shared__ float s\[64\];\n/);
    assert.match(fn, /\n#line 4 "sum\.cu"\nCU2M_SHARED_DECLARED\(s\);/);
    assert.match(fn, /\n#line 5 "sum\.cu"\nint bx = cu2m_blockIdx\.x;\n/);
  });
  test('locals that live across a barrier become per-thread arrays bound by reference in each thread loop', () => {
    assert.match(fn, /auto\* const cu2m_pt_t = ::cu2m_wil::slots<unsigned, \d+u>\(cu2m_n\);/);
    assert.match(fn, /auto\* const cu2m_pt_u = ::cu2m_wil::slots<unsigned, \d+u>\(cu2m_n\);/);
    assert.match(fn, /\n#line 6 "sum\.cu"\nauto& t = cu2m_pt_t\[cu2m_tid\]; t = cu2m_threadIdx\.x; auto& u = cu2m_pt_u\[cu2m_tid\]; u = t \+ 1;/);
    // three thread loops (before the loop, in it, after it), each later one binding t and u
    assert.equal(fn.match(/for \(uint32_t cu2m_x = 0; cu2m_x < cu2m_bx; \+\+cu2m_x, \+\+cu2m_tid\) \{/g)?.length, 3);
    assert.equal(fn.match(/auto& t = cu2m_pt_t\[cu2m_tid\];\n/g)?.length, 2);
    // Nothing in these loops can read the context's thread position: no per-thread stores, the
    // last thread's position after each loop.
    assert.doesNotMatch(fn, /cu2m_ctx->linear_tid = cu2m_tid;/);
    assert.equal(fn.match(/\n {2}\}\n {2}cu2m_ctx->thread_idx = cu2m_dim3\{cu2m_bx - 1, cu2m_by - 1, cu2m_bz - 1\}; cu2m_ctx->linear_tid = cu2m_n - 1;/g)?.length, 3);
  });
  test('a thread loop keeps the per-thread context stores where its statements may read the thread position', () => {
    const stores = /cu2m_ctx->thread_idx = cu2m_dim3\{cu2m_x, cu2m_y, cu2m_z\};\n {2}cu2m_ctx->linear_tid = cu2m_tid;/;
    const kernel = (pre: string, stmt: string): string => {
      const k = transform('q.cu', `#include <cuda_runtime.h>\n#include <cstdio>\n${pre}\n__global__ void k(float *out)\n{\n    __shared__ float s[64];\n    s[threadIdx.x] = 1.0f;\n    __syncthreads();\n    ${stmt}\n}\n`);
      assert.deepEqual(k.verdicts, [{ kernel: 'k', reason: null }]);
      const f = k.code.slice(k.code.indexOf('namespace cu2m_wil_k {'), k.code.indexOf('}  // namespace cu2m_wil_k'));
      return f.slice(f.lastIndexOf('for (uint32_t cu2m_z')); // the loop after the barrier
    };
    // Arithmetic, indexing and conversions: no stores.
    assert.doesNotMatch(kernel('', 'out[threadIdx.x] = float(int(s[63 - threadIdx.x]) + 1);'), stores);
    // A helper reads threadIdx from the context (cuda-cpu), printf and assert report the thread.
    assert.match(kernel('__device__ float lane() { return threadIdx.x % 32; }', 'out[threadIdx.x] = s[0] + lane();'), stores);
    assert.match(kernel('', 'printf("%f\\n", s[threadIdx.x]);'), stores);
    // A macro may read the thread position (`#define tid threadIdx.x`) or call.
    assert.match(kernel('#define TID threadIdx.x', 'out[TID] = s[0];'), stores);
    // A class type's constructor, an overloaded operator in the file.
    assert.match(kernel('struct P { float x; __device__ P(float v) : x(v) {} };', 'P p(s[0]); out[threadIdx.x] = p.x;'), stores);
    assert.match(kernel('struct Q { float x; };\n__device__ Q operator+(Q a, Q b) { return Q{a.x + b.x}; }', 'out[threadIdx.x] = s[0];'), stores);
    // A tile's vote: its result takes the tile's bits through the tile's rank, which reads threadIdx.
    const tile = '#include <cooperative_groups.h>\nnamespace cg = cooperative_groups;';
    assert.match(kernel(tile, 'cg::thread_block b = cg::this_thread_block();\n    cg::thread_block_tile<8> t = cg::tiled_partition<8>(b);\n    out[threadIdx.x] = t.ballot(s[threadIdx.x] > 0);'), stores);
    // A tile's shuffle reads only the stored lanes.
    assert.doesNotMatch(kernel(tile, 'cg::thread_block b = cg::this_thread_block();\n    cg::thread_block_tile<8> t = cg::tiled_partition<8>(b);\n    out[threadIdx.x] = t.shfl_down(s[threadIdx.x], 1);'), stores);
  });
  test('a pointer to const that lives across a barrier keeps its pointee const; a const local drops its own', () => {
    const k = transform('c.cu', [
      '#include <cuda_runtime.h>',
      '__global__ void k(const float *in, float *out)',
      '{',
      '    __shared__ float s[64];',
      '    const float *p = in + blockIdx.x * 64 + threadIdx.x;',
      '    const int t = threadIdx.x;',
      '    s[t] = *p;',
      '    __syncthreads();',
      '    out[blockIdx.x * 64 + t] = s[63 - t] + *p;',
      '}',
      '',
    ].join('\n'));
    assert.deepEqual(k.verdicts, [{ kernel: 'k', reason: null }]);
    assert.match(k.code, /auto\* const cu2m_pt_p = ::cu2m_wil::slots<const float \*, \d+u>\(cu2m_n\);/);
    assert.match(k.code, /auto\* const cu2m_pt_t = ::cu2m_wil::slots<int, \d+u>\(cu2m_n\);/);
  });
  test('the uniform loop runs once per block around its thread loop', () => {
    assert.match(fn, /\n#line 9 "sum\.cu"\nfor \(unsigned stride = 32; stride > 0; stride >>= 1\) {\n {2}for \(uint32_t cu2m_z = 0, cu2m_tid = 0;/);
    assert.match(fn, /\n#line 10 "sum\.cu"\nif \(t < stride\) s\[t\] \+= s\[t \+ stride\];/);
    assert.doesNotMatch(fn, /__syncthreads/);
  });
  test('the lines after the kernel keep their numbers', () => {
    const after = code.slice(code.indexOf('}  // namespace cu2m_wil_sum'));
    assert.match(after, /^} {2}\/\/ namespace cu2m_wil_sum\n#line 15 "sum\.cu"\nint tail;/);
  });
  test('the glue: the work-item-loop flag and a block entry that calls the generated function once', () => {
    const t = translateSource('sum.cu', src);
    const glue = cudaGlue(t.manifest, true, w.calls);
    assert.match(glue, /cu2m_flags_sum = CU2M_KERNEL_USES_BARRIERS \| CU2M_KERNEL_WORK_ITEM_LOOPS;/);
    assert.match(glue, /void cu2m_block_sum\(void\* const\* args, cu2m_thread_ctx\* ctx\) \{\n {2}ctx->thread_idx = cu2m_dim3\{0, 0, 0\};\n {2}ctx->linear_tid = 0;\n {2}cu2m_cuda::enter\(ctx\);\n {2}cu2m_glue::call\(cu2m_wil_sum::sum, args\);\n\}/);
    assert.match(cudaGlue(t.manifest), /cu2m_flags_sum = CU2M_KERNEL_USES_BARRIERS;/);
    assert.doesNotMatch(cudaGlue(t.manifest), /cu2m_block_sum/);
    assert.equal(cudaCpuModuleCode(t.cudaCpu, t.manifest), code + glue);
  });
  test('a file without barrier kernels is left as it is', () => {
    const t = translateSource('v.cu', '#include <cuda_runtime.h>\n__global__ void v(int *o) { o[threadIdx.x] = 1; }\n');
    assert.equal(workItemLoops(t.cudaCpu, t.manifest).code, t.cudaCpu);
  });
});

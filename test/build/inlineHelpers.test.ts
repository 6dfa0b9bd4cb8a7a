// Device helpers with barriers or warp operations inlined before the work-item-loop analysis
// (src/build/inlineHelpers.ts): the code generated for the warpReduceSum / blockReduceSum idiom
// (renamed locals, the return turned into the call's assignment, lines kept, a call under `if`
// masked per lane), the helpers that must not be inlined (recursion, a return inside a branch, the
// address of a local returned, ...) with their reasons, and msl-cpu. test/e2e/inline-helpers.test.ts
// runs the fixture against fibers.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { lowerMslForClang } from '../../src/build/mslLower';
import { mslWorkItemLoops } from '../../src/build/mslWorkItemLoops';
import { workItemLoops } from '../../src/build/workItemLoops';
import { translateSource, type Manifest } from '../../src/translate/index';

const translated = (name: string, text: string): ReturnType<typeof translateSource> => {
  const t = translateSource(name, text);
  assert.ok(t.ok, t.diagnostics.map((d) => d.message).join('\n'));
  return t;
};
const cuda = (text: string): ReturnType<typeof workItemLoops> => {
  const t = translated('k.cu', text);
  return workItemLoops(t.cudaCpu, t.manifest);
};
const msl = (text: string): ReturnType<typeof mslWorkItemLoops> => {
  const t = translated('k.cu', text);
  const l = lowerMslForClang(t.msl, 'k.metal');
  assert.deepEqual(l.errors, []);
  return mslWorkItemLoops(l.code, t.manifest);
};
const generated = (w: ReturnType<typeof workItemLoops>, k = 'k'): string => {
  assert.deepEqual(w.verdicts.map((v) => v.reason), w.verdicts.map(() => null));
  return w.code.slice(w.code.indexOf(`namespace cu2m_wil_${k} {`), w.code.indexOf(`}  // namespace cu2m_wil_${k}`));
};
/** The statements of the generated function without the thread loops' bookkeeping. */
const statements = (fn: string): string =>
  fn
    .split('\n')
    .filter((l) => l.trim() && !/^\s*(for \(uint32_t cu2m_|cu2m_ctx->|const uint3 cu2m_threadIdx|auto& \w+ = cu2m_pt_\w+\[cu2m_tid\];$|\{$|\}$|cu2m_next_|auto\* const cu2m_p)/.test(l))
    .join('\n');

const WARP = `#include <cuda_runtime.h>
#define FULL 0xffffffffu
__device__ float warpReduceSum(float val) {
  for (int offset = 16; offset > 0; offset /= 2)
    val += __shfl_down_sync(FULL, val, offset);
  return val;
}
`;
const BLOCK = `${WARP}__device__ float blockReduceSum(float val) {
  static __shared__ float shared[32];
  int lane = threadIdx.x % 32;
  int wid = threadIdx.x / 32;
  val = warpReduceSum(val);
  if (lane == 0) shared[wid] = val;
  __syncthreads();
  val = (threadIdx.x < blockDim.x / 32) ? shared[lane] : 0.0f;
  if (wid == 0) val = warpReduceSum(val);
  return val;
}
`;

describe('inlined helpers: the generated code (cuda-cpu)', () => {
  test('warpReduceSum: parameter and locals renamed, the loop cut per shuffle, the return assigned to the call\'s variable', () => {
    const s = statements(generated(cuda(`${WARP}__global__ void k(float *out) {\n  float v = out[threadIdx.x];\n  float s = warpReduceSum(v);\n  out[threadIdx.x] = s;\n}\n`)));
    assert.match(s, /#line 10 "k\.cu"\nauto& cu2m_i1_val = cu2m_pt_cu2m_i1_val\[cu2m_tid\]; cu2m_i1_val = v;/);
    assert.match(s, /#line 4 "k\.cu"\nfor \(int cu2m_i1_offset = 16; cu2m_i1_offset > 0; cu2m_i1_offset \/= 2\) \{/);
    assert.match(s, /#line 5 "k\.cu"\n\(void\)\(FULL\); ::cu2m_wil::shfl_down_put<decltype\(__shfl_down_sync\(FULL, cu2m_i1_val, cu2m_i1_offset\)\)>/);
    assert.match(s, /::cu2m_wil::shuffle_get<decltype\(__shfl_down_sync\(FULL, cu2m_i1_val, cu2m_i1_offset\)\)>\(cu2m_pw_\d+, cu2m_tid, cu2m_n\)/);
    assert.match(s, /#line 6 "k\.cu"\nfloat s = static_cast<float>\(cu2m_i1_val\);/);
    assert.match(s, /#line 11 "k\.cu"\nout\[cu2m_threadIdx\.x\] = s;/);
    assert.doesNotMatch(s, /warpReduceSum|\breturn\b/);
  });
  test('blockReduceSum: nested helpers inlined, shared memory once per block, the guarded reduction masked per lane', () => {
    const fn = generated(cuda(`${BLOCK}__global__ void k(const float *in, float *out) {\n  float sum = in[blockIdx.x * blockDim.x + threadIdx.x];\n  sum = blockReduceSum(sum);\n  if (threadIdx.x == 0) out[blockIdx.x] = sum;\n}\n`));
    const s = statements(fn);
    assert.match(s, /#line 9 "k\.cu"\nstatic __shared__ float cu2m_i1_shared\[32\];\n#line 9 "k\.cu"\nCU2M_SHARED_DECLARED\(cu2m_i1_shared\);/);
    // The first warp reduction for every thread, the second only for warp 0's lanes.
    assert.match(s, /#line 16 "k\.cu"\nauto& cu2m_i3_on = cu2m_pt_cu2m_i3_on\[cu2m_tid\]; cu2m_i3_on = \(cu2m_i1_wid == 0\);/);
    assert.match(s, /if \(cu2m_i3_on\) \{ \(void\)\(CU2M_LANE_IF\(cu2m_i3_on, FULL\)\); ::cu2m_wil::shfl_down_put<decltype\(__shfl_down_sync\(CU2M_LANE_IF\(cu2m_i3_on, FULL\), cu2m_i3_val, cu2m_i3_offset\)\)>\(cu2m_pw_\d+, cu2m_tid, cu2m_n, cu2m_i3_val, cu2m_i3_offset, 32\); \} else ::cu2m_wil::shuffle_off<decltype\(__shfl_down_sync\(CU2M_LANE_IF\(cu2m_i3_on, FULL\), cu2m_i3_val, cu2m_i3_offset\)\)>\(cu2m_pw_\d+, cu2m_tid, cu2m_n\);/);
    assert.match(s, /#line 6 "k\.cu"\nif \(cu2m_i3_on\) cu2m_i1_val = static_cast<float>\(cu2m_i3_val\);\n#line 17 "k\.cu"\nsum = static_cast<float>\(cu2m_i1_val\);/);
    assert.doesNotMatch(fn, /CU2M_LANE_IF\(cu2m_i2_on/);
    assert.equal(fn.match(/::cu2m_wil::shuffle_get</g)?.length, 2);
    assert.doesNotMatch(fn, /__syncthreads\(\)/);
  });
  test('a call in a loop body without braces, a compound assignment and a void helper', () => {
    const fn = statements(
      generated(
        cuda(
          '#include <cuda_runtime.h>\n__device__ int tileSum(int v, int *s) { s[threadIdx.x] = v; __syncthreads(); int r = s[0]; __syncthreads(); return r; }\n__device__ void stage(int *s, int v) { s[threadIdx.x] = v; __syncthreads(); }\n__global__ void k(int *out) {\n  __shared__ int s[64];\n  int acc = 0;\n  for (int r = 0; r < 3; ++r) acc += tileSum(r, s);\n  stage(s, acc);\n  out[threadIdx.x] = s[0];\n}\n',
        ),
      ),
    );
    assert.match(fn, /#line 7 "k\.cu"\nfor \(int r = 0; r < 3; \+\+r\) \{/);
    assert.match(fn, /acc \+= static_cast<int>\(cu2m_i1_r\);/);
    // A pointer parameter bound to the kernel's shared array and never assigned is that name; the
    // loop variable passed by value is block-uniform (a copy once per block).
    assert.match(fn, /#line 7 "k\.cu"\nint cu2m_i1_v = r;\n/);
    assert.match(fn, /#line 2 "k\.cu"\ns\[cu2m_threadIdx\.x\] = cu2m_i1_v;/);
    assert.match(fn, /#line 8 "k\.cu"\nauto& cu2m_i2_v = cu2m_pt_cu2m_i2_v\[cu2m_tid\]; cu2m_i2_v = acc;\n#line 3 "k\.cu"\ns\[cu2m_threadIdx\.x\] = cu2m_i2_v;/);
    assert.doesNotMatch(fn, /cu2m_i\d_s\b/);
    assert.doesNotMatch(fn, /tileSum|stage\(/);
  });
  test('a kernel without calls of such helpers is left as it was (and one calling a plain helper)', () => {
    const plain = generated(cuda('#include <cuda_runtime.h>\n__device__ int twice(int v) { return 2 * v; }\n__global__ void k(int *out) {\n  __shared__ int s[64];\n  s[threadIdx.x] = twice(out[threadIdx.x]);\n  __syncthreads();\n  out[threadIdx.x] = s[0];\n}\n'));
    assert.match(plain, /s\[cu2m_threadIdx\.x\] = twice\(out\[cu2m_threadIdx\.x\]\);/);
    assert.doesNotMatch(plain, /cu2m_i\d/);
  });
});

describe('inlined helpers: what keeps fibers (cuda-cpu)', () => {
  const verdict = (helpers: string, kernelBody: string): string | null => {
    const w = cuda(`#include <cuda_runtime.h>\n#define FULL 0xffffffffu\n${helpers}\n__global__ void k(int *out, int n) {\n${kernelBody}\n}\n`);
    assert.equal(w.verdicts.length, 1);
    return w.verdicts[0]!.reason;
  };
  // What the translator rejects itself (recursion, returned pointers), on the cuda-cpu text directly.
  const raw = (helpers: string, kernelBody: string): string | null => {
    const manifest = { kernels: [{ name: 'k', usesBarriers: true }] } as unknown as Manifest;
    const w = workItemLoops(`#define FULL 0xffffffffu\n${helpers}\n__global__ void k(int *out, int n) {\n${kernelBody}\n}\n`, manifest);
    return w.verdicts[0]!.reason;
  };
  const rawCases: [string, string, string, string][] = [
    ['recursion', '__device__ int rec(int v, int d) { int r = __shfl_xor_sync(FULL, v, 1); return d == 0 ? r : rec(r, d - 1); }', 'out[threadIdx.x] = rec(out[threadIdx.x], n);', "'rec' is recursive"],
    ['mutual recursion', '__device__ int odd(int v);\n__device__ int even(int v) { __syncthreads(); int r = odd(v); return r; }\n__device__ int odd(int v) { __syncthreads(); int r = even(v); return r; }', 'int x = even(1);\nout[0] = x;', 'it calls helpers with barriers or warp operations more than 64 times (recursion?)'],
    ['the address of a local returned', '__device__ int* addr(int v) { int x = __shfl_xor_sync(FULL, v, 1); return &x; }', 'int *p = addr(n);\nout[0] = *p;', "'addr' returns the address of its local"],
    ['a local array returned', '__device__ int* arr(int v) { int x[2] = {__shfl_xor_sync(FULL, v, 1), 0}; return x; }', 'int *p = arr(n);\nout[0] = *p;', "'arr' returns the address of its local"],
  ];
  for (const [what, helpers, body, want] of rawCases) test(`${what}: ${want}`, () => assert.equal(raw(helpers, body), want));
  const cases: [string, string, string, string][] = [
    ['a return inside a divergent branch', '__device__ int early(int v) { if (v < 0) return 0; __syncthreads(); return v; }', 'out[threadIdx.x] = early(out[threadIdx.x]);', "'early' returns other than at its end"],
    ['a call evaluated conditionally', '__device__ int w(int v) { return __shfl_xor_sync(FULL, v, 1); }', 'out[threadIdx.x] = n > 0 ? w(n) : 0;', "the call of 'w' at line 5 is evaluated conditionally (?:, &&, ||)"],
    ['a call inside an expression that also reads memory', '__device__ int w(int v) { return __shfl_xor_sync(FULL, v, 1); }', 'out[threadIdx.x] = out[0] + w(n);', "the call of 'w' at line 5 is in a statement that also reads memory"],
    ['a call inside an expression that also calls', '__device__ int w(int v) { return __shfl_xor_sync(FULL, v, 1); }\n__device__ int g(int v) { return v; }', 'out[threadIdx.x] = g(1) + w(n);', "the call of 'w' at line 6 is in a statement that also calls 'g'"],
    ['a reference parameter bound to an expression', '__device__ void bump(int &v) { __syncthreads(); v += 1; }', 'bump(out[threadIdx.x]);', "the call of 'bump' at line 5 binds the reference parameter 'v' to an expression"],
    ['a name of the helper the kernel declares too', '__device__ int g_scale;\n__device__ int sc(int v) { int r = __shfl_xor_sync(FULL, v, 1) * g_scale; return r; }', 'int g_scale = 2;\nint x = sc(n);\nout[threadIdx.x] = x + g_scale;', "'sc' uses 'g_scale', a name the kernel declares too"],
    ['a helper with shared memory called twice', '__device__ int two(int v) { __shared__ int s[32]; s[threadIdx.x % 32] = v; __syncthreads(); int r = s[0]; return r; }', 'int a = two(1);\nint b = two(2);\nout[threadIdx.x] = a + b;', "'two' declares shared memory and is called more than once"],
    ['a guarded helper that reads memory', '__device__ int rd(const int *p) { int r = __shfl_xor_sync(FULL, p[threadIdx.x], 1); return r; }', 'int v = 0;\nif (threadIdx.x < 16) v = rd(out);\nout[threadIdx.x] = v;', "the call of 'rd' at line 6 is under an 'if' and 'rd' cannot run for the other threads: it reads or writes memory"],
    ['a guarded helper followed by a warp operation before a barrier', '__device__ int w(int v) { int r = __shfl_xor_sync(FULL, v, 1); return r; }', 'int v = 1;\nif (threadIdx.x < 16) v = w(v);\nv = __shfl_sync(FULL, v, 0);\nout[threadIdx.x] = v;', "the call of 'w' at line 6 is under an 'if' and a warp operation follows before a barrier"],
    ['a guarded helper with barriers (they cannot be masked)', '__device__ int b(int v) { __syncthreads(); return v; }', 'int v = 1;\nif (threadIdx.x < 16) v = b(v);\nout[threadIdx.x] = v;', 'a barrier at line 6 is not at the top level of the kernel or of a block-uniform loop'],
  ];
  for (const [what, helpers, body, want] of cases) test(`${what}: ${want}`, () => assert.equal(verdict(helpers, body), want));
});

describe('inlined helpers: msl-cpu and the fixture', () => {
  const fixture = path.join('test', 'fixtures', 'wil', 'helpers.cu');
  test('cuda-cpu: every kernel of the fixture is transformed', () => {
    const w = cuda(fs.readFileSync(fixture, 'utf8'));
    assert.deepEqual(w.verdicts.map((v) => [v.kernel, v.reason]), [
      ['warpTop', null],
      ['blockTop', null],
      ['guardLane', null],
      ['barrierHelpers', null],
    ]);
  });
  test('msl-cpu: the helpers with barriers are inlined (threadgroup parameters bound to the kernel\'s arrays); warp operations are cut (mslWarpCuts.ts) where not guarded', () => {
    const w = msl(fs.readFileSync(fixture, 'utf8'));
    assert.deepEqual(w.verdicts.map((v) => [v.kernel, v.reason]), [
      ['warpTop', null],
      // Its `if (wid == 0) val = warpReduceSum(val);` is a guarded call: cuda-cpu only (CU2M_LANE_IF).
      ['blockTop', "the warp operation at line 28 is not in a statement of the kernel's top level or of a block-uniform loop"],
      ['guardLane', "the warp operation at line 52 is not in a statement of the kernel's top level or of a block-uniform loop"],
      ['barrierHelpers', null],
    ]);
    const fn = w.code.slice(w.code.indexOf('namespace cu2m_wil_barrierHelpers {'));
    const body = fn.slice(0, fn.indexOf('}  // namespace'));
    assert.match(body, /cu2m_i1_v = x \* r;|cu2m_i1_v = \(x \* r\);/);
    assert.doesNotMatch(body, /tileSum\(|stage\(|threadgroup_barrier\(/);
  });
});

// Warp cuts in the cuda-cpu work-item loops (src/build/warpCuts.ts): which kernels with warp
// collectives qualify (the others keep fibers and say why), and the code a cut produces: the
// arguments per thread into a WarpLane array, the collective per warp, the statement per thread.
// test/e2e/warp-cuts.test.ts runs them against fibers.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { workItemLoops } from '../../src/build/workItemLoops';
import { translateSource } from '../../src/translate/index';

const transform = (name: string, text: string): ReturnType<typeof workItemLoops> => {
  const t = translateSource(name, text);
  assert.ok(t.ok, t.diagnostics.map((d) => d.message).join('\n'));
  return workItemLoops(t.cudaCpu, t.manifest);
};
const body = (b: string): string => `#include <cuda_runtime.h>\n__global__ void k(int *out, int n) {\n${b}\n}\n`;
const verdict = (b: string): string | null => {
  const w = transform('k.cu', body(b));
  assert.equal(w.verdicts.length, 1, JSON.stringify(w.verdicts));
  return w.verdicts[0]!.reason;
};
const generated = (b: string): string => {
  const w = transform('k.cu', body(b));
  assert.equal(w.verdicts[0]!.reason, null);
  return w.code.slice(w.code.indexOf('namespace cu2m_wil_k {'), w.code.indexOf('}  // namespace cu2m_wil_k'));
};

describe('warp cuts: which kernels qualify', () => {
  const cases: [string, string, string | null][] = [
    ['a shuffle at the top level', 'int v = out[threadIdx.x];\nout[threadIdx.x] = __shfl_down_sync(0xffffffff, v, 1);', null],
    ['a shuffle declaration used later', 'int v = __shfl_xor_sync(0xffffffff, (int)threadIdx.x, 3, 8);\n__syncthreads();\nout[threadIdx.x] = v;', null],
    ['a shuffle loop without braces', 'int v = 1;\nfor (int o = 16; o > 0; o >>= 1) v += __shfl_down_sync(0xffffffff, v, o);\nout[threadIdx.x] = v;', null],
    ['votes and reductions', 'unsigned b = __ballot_sync(~0u, threadIdx.x & 1);\nint a = __any_sync(~0u, b) + __all_sync(~0u, b) + __reduce_add_sync(~0u, n);\nout[0] = a;', null],
    ['__syncwarp as a statement', 'out[threadIdx.x] = 1;\n__syncwarp();\nout[threadIdx.x] += out[threadIdx.x ^ 1];', null],
    ['a shuffle in a thread-dependent if', 'int v = 1;\nif (threadIdx.x < 16) v = __shfl_sync(0xffffffff, v, 0);', "the warp operation at line 4 is not in a statement of the kernel's top level or of a block-uniform loop"],
    ['a shuffle in a thread-dependent loop', 'int v = 1;\nfor (int i = threadIdx.x; i < n; ++i) v += __shfl_sync(0xffffffff, v, 0);', "the loop at line 4 has barriers and a thread-dependent variable 'i'"],
    ['a conditionally evaluated shuffle', 'int v = n > 2 ? __shfl_sync(0xffffffff, 1, 0) : 0;\nout[0] = v;', 'the warp operation at line 3 is evaluated conditionally (?:, &&, ||)'],
    ['a short-circuited vote', 'int v = n && __any_sync(0xffffffff, 1);\nout[0] = v;', 'the warp operation at line 3 is evaluated conditionally (?:, &&, ||)'],
    ['a comma expression', 'int i = 0;\nout[0] = i++, out[1] = __shfl_sync(0xffffffff, i, 0);', 'the warp operation at line 4 is in a comma expression'],
    ['a declaration of several variables', 'int a = n, b = __shfl_sync(0xffffffff, a, 0);\nout[0] = b;', 'the warp operation at line 3 is in a declaration of several variables'],
    ['nested collectives', 'out[0] = __shfl_sync(0xffffffff, __shfl_sync(0xffffffff, 1, 0), 0);', 'the warp operation at line 3 has a warp operation in its arguments'],
    ['a shuffle in a return', 'if (n) return;\nout[0] = 1;\nreturn (void)__shfl_sync(0xffffffff, 1, 0);', "the warp operation at line 5 is not in a statement of the kernel's top level or of a block-uniform loop"],
    ['__activemask', 'out[0] = __activemask();', "it uses '__activemask'"],
    ['__match_any_sync', 'out[0] = __match_any_sync(0xffffffff, n);', "it uses '__match_any_sync'"],
    ['__syncwarp with a computed mask', 'out[0] = 1;\n__syncwarp(__activemask());', "it uses '__activemask'"],
  ];
  for (const [what, src, want] of cases) test(`${what}: ${want ?? 'transformed'}`, () => assert.equal(verdict(src), want));
  test('a device function with shuffles is inlined (src/build/inlineHelpers.ts)', () => {
    const w = transform('d.cu', '#include <cuda_runtime.h>\n__device__ int f(int v) { return __shfl_xor_sync(~0u, v, 1); }\n__global__ void k(int *o) { o[threadIdx.x] = f(o[threadIdx.x]); }\n');
    assert.equal(w.verdicts[0]!.reason, null);
  });
  test('the fixture: the shuffle, vote and loop kernels are transformed, the fallbacks say why', () => {
    const fixture = path.join('test', 'fixtures', 'wil', 'warps.cu');
    assert.deepEqual(
      transform(fixture, fs.readFileSync(fixture, 'utf8')).verdicts.map((v) => [v.kernel, v.reason]),
      [
        ['shuffles', null],
        ['votes', null],
        ['warpSums', null],
        ['fallbackIf', "the warp operation at line 61 is not in a statement of the kernel's top level or of a block-uniform loop"],
        ['fallbackCall', null], // viaDevice() inlined (src/build/inlineHelpers.ts)
      ],
    );
  });
});

describe('warp cuts: the produced source', () => {
  const fn = generated('float v = out[threadIdx.x];\nfor (int offset = 16; offset > 0; offset >>= 1) v += __shfl_down_sync(0xffffffffu, v, offset, 16);\nout[threadIdx.x] = __ballot_sync(~0u, v > 2);');
  test('the arguments are stored per thread, with the default width', () => {
    assert.match(fn, /auto\* const cu2m_pw_(\d+) = ::cu2m_wil::slots<::cu2m_wil::WarpLane, \1u>\(cu2m_n\);/);
    assert.match(fn, /\n#line 4 "k\.cu"\n\(void\)\(0xffffffffu\); ::cu2m_wil::shfl_down_put<decltype\(__shfl_down_sync\(0xffffffffu, v, offset, 16\)\)>\(cu2m_pw_\d+, cu2m_tid, cu2m_n, v, offset, 16\);\n/);
    assert.match(fn, /::cu2m_wil::warp_put<int>\(cu2m_pw_\d+\[cu2m_tid\], v > 2, int32_t\(uint32_t\(~0u\)\)\);/); // the mask selects the ballot's bits
    assert.match(generated('out[0] = __shfl_sync(~0u, n, 1);'), /::cu2m_wil::shfl_put<decltype\(__shfl_sync\(~0u, n, 1\)\)>\(cu2m_pw_\d+, cu2m_tid, cu2m_n, n, 1, 32\);/);
  });
  test('the collective runs once per block between the thread loops, inside the uniform loop', () => {
    // The lane arrays are fetched once at the top, not once per round.
    assert.match(fn, /\(void\)cu2m_gridDim;\n {2}auto\* const cu2m_pw_\d+ = ::cu2m_wil::slots<::cu2m_wil::WarpLane, \d+u>\(cu2m_n\);/);
    assert.match(fn, /\n#line 4 "k\.cu"\nfor \(int offset = 16; offset > 0; offset >>= 1\) \{\n {2}for \(uint32_t cu2m_z = 0/);
    // A shuffle has no step: the statement's loop follows the put loop directly.
    assert.doesNotMatch(fn, /::cu2m_wil::shfl_down\(/);
    assert.match(fn, /\n {2}\}\n( {2}cu2m_ctx->[^\n]*\n)? {2}for \(uint32_t cu2m_z = 0, cu2m_tid = 0;[^]*?\nv \+= ::cu2m_wil::shuffle_get/);
    assert.match(fn, /::cu2m_wil::ballot\(cu2m_pw_\d+, cu2m_n\);/);
    assert.equal(fn.match(/for \(uint32_t cu2m_x = 0;/g)?.length, 5);
  });
  test('the statement reads its result per thread, typed as the call', () => {
    assert.match(fn, /\nv \+= ::cu2m_wil::shuffle_get<decltype\(__shfl_down_sync\(0xffffffffu, v, offset, 16\)\)>\(cu2m_pw_\d+, cu2m_tid, cu2m_n\);\n/);
    assert.match(fn, /\ncu2m_threadIdx\.x\] = ::cu2m_wil::warp_get<decltype\(__ballot_sync\(~0u, v > 2\)\)>\(cu2m_pw_\d+\[cu2m_tid\]\);|out\[cu2m_threadIdx\.x\] = ::cu2m_wil::warp_get<decltype\(__ballot_sync\(~0u, v > 2\)\)>/);
    assert.match(fn, /auto\* const cu2m_pt_v = ::cu2m_wil::slots<float, \d+u>\(cu2m_n\);/);
  });
  test('a reduction stores whether its type is signed', () => {
    assert.match(generated('out[0] = __reduce_min_sync(~0u, n);'), /::cu2m_wil::warp_put<decltype\(__reduce_min_sync\(~0u, n\)\)>\(cu2m_pw_\d+\[cu2m_tid\], n, std::is_signed<decltype\(__reduce_min_sync\(~0u, n\)\)>::value\);/);
  });
  test('__syncwarp() is a cut between two thread loops and is not called', () => {
    const s = generated('out[threadIdx.x] = 1;\n__syncwarp();\nout[threadIdx.x] += 1;');
    assert.equal(s.match(/for \(uint32_t cu2m_x = 0;/g)?.length, 2);
    assert.doesNotMatch(s, /__syncwarp/);
  });
});

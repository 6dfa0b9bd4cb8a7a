// Translation of idioms found running HeCBench programs (docs/hecbench-runs.md): what must be
// translated (a -D type macro, a file-scope typedef of double, a kernel named `kernel`) and what
// must be refused at translate time rather than give MSL or a host program that does not build.
// test/e2e/hec-runs.test.ts runs the translated ones.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { translateSource } from '../../src/translate/index';

const errors = (t: { diagnostics: readonly { severity: string; message: string }[] }): string[] => t.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);

describe('HeCBench idioms', () => {
  test('a -D type macro naming double is expanded where used, and its #define stays out of the MSL', () => {
    const t = translateSource('d.cu', '__global__ void k(dfloat* a) { a[threadIdx.x] *= 2; }\n', { defines: ['dfloat=double', 'N=4'] });
    assert.deepEqual(errors(t), []);
    assert.match(t.msl, /^\/\/ -Ddfloat=double: expanded where used$/m);
    assert.match(t.msl, /^#define N 4$/m);
    assert.doesNotMatch(t.msl, /#define dfloat/);
    assert.match(t.msl, /device f64\* a/);
  });
  test('typedef double and using = double at file scope name the software double', () => {
    const t = translateSource('t.cu', 'typedef double Real;\nusing acc_t = double;\n__device__ Real f(Real x, acc_t y) { return sqrt(x) + y; }\n__global__ void k(Real* a) { a[0] = f(a[1], 2.0); }\n');
    assert.deepEqual(errors(t), []);
    assert.match(t.msl, /^typedef f64 Real;$/m);
    assert.match(t.msl, /^using acc_t = f64;$/m);
  });
  test('a kernel named `kernel` is `kernel_` in the MSL, the manifest and the launch', () => {
    const t = translateSource('k.cu', '__global__ void kernel(float* a) { a[threadIdx.x] = 1; }\nint main() { float* a; kernel<<<1, 32>>>(a); return 0; }\n');
    assert.deepEqual(errors(t), []);
    assert.match(t.msl, /kernel void\s+kernel_\s*\(/);
    assert.deepEqual(t.manifest.kernels.map((k) => k.name), ['kernel_']);
  });
  test('a __constant__ variable template read as one instance per kernel translates, two instances in one kernel are refused; built-ins in a constructor, through a macro or a helper, translate (src/translate/constructors.ts)', () => {
    const vt = translateSource('v.cu', 'template <typename T> __constant__ T mask[10];\ntemplate <typename T> __global__ void k(T* a) { a[0] = mask<T>[0]; }\n');
    assert.deepEqual(errors(vt), []);
    const two = translateSource('w.cu', 'template <typename T> __constant__ T mask[10];\n__global__ void k(float* a, int* b) { a[0] = mask<float>[0]; b[0] = mask<int>[1]; }\n');
    assert.ok(errors(two).some((m) => /the variable template 'mask' is read as mask<float> and mask<int>/.test(m)), JSON.stringify(two.diagnostics));
    const ctor = translateSource('c.cu', '#define PX (blockIdx.x * 16 + threadIdx.x)\nstruct Local { float sx; __device__ Local(float w) { sx = PX * w; } };\n__global__ void k(float* a) { Local l(a[0]); a[1] = l.sx; }\n');
    assert.deepEqual(errors(ctor), []);
    assert.match(ctor.msl, /Local l\(\w+/);
    // ...or a helper reading them, called from a constructor's initializers (blockAccess's BlockLoad).
    const init = translateSource('i.cu', '__device__ int rowMajorTid(int w) { return threadIdx.y * w + threadIdx.x; }\ntemplate <int W> struct Load { int tid; __device__ Load() : tid(rowMajorTid(W)) {} };\n__global__ void k(int* a) { Load<32> l; a[l.tid] = 1; }\n');
    assert.deepEqual(errors(init), []);
  });
});

// C++ idioms of library-style kernels (HeCBench rowwiseMoments, remap, reshapeKVCache): Thrust's
// pair/make_pair/tie and device_ptr in device code (stdNames.ts, typed.ts: pointerTypedef), a
// warpSize default argument, 64-bit shuffles of a template type, a conditional between struct
// lvalues of two address spaces, functor data members called like functions and std::decay_t;
// thrust::complex in kernels (test/fixtures/thrust_complex).
// Both CPU backends agree; what stays out is refused with its line.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cu2metal, show } from '../helpers/cli';

const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-idioms-'));
const thrustProg = path.join('test', 'fixtures', 'thrust_device', 'thrust_device.cu');
const functorProg = path.join('test', 'fixtures', 'functor_idioms', 'functor_idioms.cu');
const varProg = path.join('test', 'fixtures', 'var_templates', 'var_templates.cu');

describe('thrust::pair, make_pair, tie and device_ptr in device code', { concurrency: false }, () => {
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`ranges through a pair-returning functor and tie, a gather through device_ptr parameters: PASSED on ${backend}`, async () => {
      const r = await cu2metal(['run', thrustProg, '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^ranges: lo\[3\] = -44\.0, hi\[3\] = 168\.0, where\[3\] = 4, 0 wrong$/m, show(r));
      assert.match(r.stdout, /^gather: out\[9\] = -41\.5, 0 wrong$/m, show(r));
      assert.match(r.stdout, /^PASSED$/m, show(r));
    });
  }
  test('diff: every copy matches the reference', async () => {
    const r = await cu2metal(['diff', thrustProg]);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /OK: \d+ of \d+ copies match/, show(r));
  });
  test('the MSL uses cu2m_pair, cu2m_make_pair, cu2m_tie and binds device_ptr parameters as buffers', async () => {
    const dir = tmp();
    const r = await cu2metal(['translate', thrustProg, '-o', dir]);
    assert.equal(r.code, 0, show(r));
    const msl = fs.readFileSync(path.join(dir, 'thrust_device.metal'), 'utf8');
    assert.match(msl, /cu2m_pair\(T1 a, T2 b\) : first\(a\), second\(b\) \{\}/);
    assert.match(msl, /MinMax<T, cu2m_pair<T, T>> op;/);
    assert.match(msl, /cu2m_tie\(m1, m2\) = op\.project\(a, b\);/);
    assert.match(msl, /return cu2m_make_pair\(v \* 2, i \+ 1\);/);
    assert.match(msl, /kernel void gather\(device const int\* order \[\[buffer\(0\)\]\], device float\* out \[\[buffer\(1\)\]\]/);
    assert.doesNotMatch(msl, /thrust::/);
  });
  test('a device_ptr outside a kernel parameter and other Thrust in device code are refused with their line', async () => {
    const dir = tmp();
    const file = path.join(dir, 't.cu');
    fs.writeFileSync(file, '#include <thrust/device_ptr.h>\n__device__ float first(thrust::device_ptr<float> p) { return p[0]; }\n__global__ void k(thrust::device_ptr<float> p) {\n  p[1] = first(p);\n}\n');
    const r = await cu2metal(['check', '--no-build', file]);
    assert.equal(r.code, 3, show(r));
    assert.match(r.stderr, /t\.cu:2:24: error: 'thrust::device_ptr<float>' in device code is translated as a kernel parameter only/, show(r));
    const file2 = path.join(dir, 'c.cu');
    // A tuple local is translated (test/e2e/thrust-tuple.test.ts); a tuple kernel parameter is not:
    // the host's std::tuple stores its elements in reverse order.
    fs.writeFileSync(file2, '#include <thrust/tuple.h>\n__global__ void k(float *p, thrust::tuple<float, int> c) {\n  p[1] = thrust::get<0>(c);\n}\n');
    const r2 = await cu2metal(['check', '--no-build', file2]);
    assert.equal(r2.code, 3, show(r2));
    assert.match(r2.stderr, /c\.cu:2:29: error: kernel parameter 'c' is a tuple \('thrust::tuple<float, int>'\); the host's std::tuple stores its elements in another order/, show(r2));
  });
});

describe('thrust::complex in kernels (cu2m_complex): a DFT and its inverse', { concurrency: false }, () => {
  const prog = path.join('test', 'fixtures', 'thrust_complex', 'complex_dft.cu');
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`buffers, locals, a typedef, constructions, + - * / with complex and float, +=, conj, norm, real/imag: PASSED on ${backend}`, async () => {
      const r = await cu2metal(['run', prog, '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.equal(r.stdout, 'sizeof(cfloat) = 8, X[1] = (6.20, 0.35), back[5] = 1.20\nPASSED\n', show(r));
    });
  }
});

describe('a kernel template instantiated with a Thrust functional object (tsne: Broadcast<thrust::divides<float>, float>)', () => {
  test('msl-cpu: the MSL does not build, and the note names the instance and why', async () => {
    const dir = tmp();
    const file = path.join(dir, 'tf.cu');
    fs.writeFileSync(file, '#include <thrust/functional.h>\ntemplate <typename Op, typename T>\n__global__ void apply(T* p, T v, Op op) { p[threadIdx.x] = op(p[threadIdx.x], v); }\nint main() {\n  float* d;\n  cudaMalloc(&d, 4 * sizeof(float));\n  apply<<<1, 4>>>(d, 0.5f, thrust::plus<float>());\n  return cudaDeviceSynchronize() == cudaSuccess ? 0 : 1;\n}\n');
    const r = await cu2metal(['run', file, '--backend', 'msl-cpu']);
    assert.equal(r.code, 4, show(r));
    assert.match(r.stderr, /note: the host program instantiates 'apply<thrust::plus<float>, float>' with Thrust's types, which are host code in cu2metal/, show(r));
  });
});

describe('warpSize defaults, template shuffles, mixed-space conditionals, functor members, decay_t', { concurrency: false }, () => {
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`row statistics with an int64_t count shuffled through a template, a functor member: PASSED on ${backend}`, async () => {
      const r = await cu2metal(['run', functorProg, '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^row 2: sum 2121\.0 of 471 positives; out\[5\] = 1\.25; 0 wrong$/m, show(r));
      assert.match(r.stdout, /^PASSED$/m, show(r));
    });
  }
  test('diff: every copy matches the reference', async () => {
    const r = await cu2metal(['diff', functorProg]);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /OK: \d+ of \d+ copies match/, show(r));
  });
  test('the MSL writes warpSize as 32 in the default, has the 64-bit shuffles, reads both arms as values', async () => {
    const dir = tmp();
    const r = await cu2metal(['translate', functorProg, '-o', dir]);
    assert.equal(r.code, 0, show(r));
    const msl = fs.readFileSync(path.join(dir, 'functor_idioms.metal'), 'utf8');
    assert.match(msl, /T shfl_down_any\(uint3 threadIdx, uint3 blockDim, T value, unsigned int delta, int width = 32, unsigned int mask = 0xffffffff\)/);
    assert.match(msl, /inline long simd_shuffle_down\(long v, ushort d\)/);
    assert.match(msl, /val = \(threadIdx\.x < blockDim\.x \/ 32\) \? cu2m_value\(shared\[lane\]\) : cu2m_value\(identity\);/);
    assert.match(msl, /scalar_op\(r, in\[i\]\);/);
    assert.match(msl, /using Op = ElementwiseOp<typename metal::remove_cv<typename metal::remove_reference<ScaOp>::type>::type>;/);
  });
  test('an operator() calling a template helper that reads built-ins passes them on (PASSED on msl-cpu)', async () => {
    const dir = tmp();
    const file = path.join(dir, 'o.cu');
    fs.writeFileSync(
      file,
      [
        '#include <cstdio>',
        'template <typename T>',
        '__device__ T lane_scaled(T x) { return x * (threadIdx.x % 32); }',
        'struct Op {',
        '  __device__ float operator()(float x) const { return lane_scaled<float>(x); }',
        '};',
        '__global__ void k(float *p) { Op op; p[threadIdx.x] = op(p[threadIdx.x] + 1.0f); }',
        'int main() {',
        '  float h[64]; for (int i = 0; i < 64; ++i) h[i] = (float)i;',
        '  float* d; cudaMalloc(&d, sizeof(h)); cudaMemcpy(d, h, sizeof(h), cudaMemcpyHostToDevice);',
        '  k<<<1, 64>>>(d); cudaMemcpy(h, d, sizeof(h), cudaMemcpyDeviceToHost);',
        '  int bad = 0; for (int i = 0; i < 64; ++i) if (h[i] != (float)(i + 1) * (float)(i % 32)) ++bad;',
        '  printf("%g %g %g %s\\n", h[1], h[33], h[63], bad ? "FAILED" : "PASSED");',
        '  return bad != 0;',
        '}',
        '',
      ].join('\n'),
    );
    const r = await cu2metal(['run', file, '--backend', 'msl-cpu']);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /^2 34 1984 PASSED$/m, show(r));
  });
  test('fdividef is the quotient', async () => {
    const dir = tmp();
    const file = path.join(dir, 'f.cu');
    fs.writeFileSync(file, '__global__ void k(float *p) { p[0] = fdividef(p[1], p[2]); }\n');
    const r = await cu2metal(['translate', file, '--stdout']);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /p\[0\] = \(float\(p\[1\]\) \/ float\(p\[2\]\)\);/, show(r));
  });
});

describe('variable templates in __constant__ and __device__ memory', { concurrency: false }, () => {
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`taps<T> set with cudaMemcpyToSymbol, hits<T> counted with atomicAdd, per instance: PASSED on ${backend}`, async () => {
      const r = await cu2metal(['run', varProg, '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^float: out\[10\] = 8, 130 positive, 0 wrong$/m, show(r));
      assert.match(r.stdout, /^int: out\[10\] = 5, 174 positive, 0 wrong$/m, show(r));
      assert.match(r.stdout, /^float again: out\[10\] = 4, 172 positive, 0 wrong$/m, show(r));
      assert.match(r.stdout, /^PASSED$/m, show(r));
    });
  }
  test('diff: every copy matches the reference', async () => {
    const r = await cu2metal(['diff', varProg]);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /OK: 6 of 6 copies match/, show(r));
  });
  test('the kernel binds the instance it reads; the host registers each instance', async () => {
    const dir = tmp();
    const r = await cu2metal(['translate', varProg, '-o', dir]);
    assert.equal(r.code, 0, show(r));
    const msl = fs.readFileSync(path.join(dir, 'var_templates.metal'), 'utf8');
    assert.match(msl, /constant T\* taps \[\[buffer\(4\)\]\], device int\* hits \[\[buffer\(5\)\]\]/);
    assert.match(msl, /s \+= in\[k\] \* taps\[j\];/);
    assert.match(msl, /atomicAdd\(&hits\[0\], 1\);/);
    const host = fs.readFileSync(path.join(dir, 'var_templates.host.cpp'), 'utf8');
    assert.match(host, /template <typename T> static const char\* const cu2m_symreg_taps = cu2mRegisterSymbolInstance\(\(const void\*\)&taps<T>, sizeof\(taps<T>\), "taps"\);/);
    assert.match(host, /\{cu2m_symreg_taps<T>, CU2M_ARG_SYMBOL,/);
  });
  test('a variable template read only in a helper, or as two instances, is refused at the kernel', async () => {
    const dir = tmp();
    const file = path.join(dir, 'v.cu');
    fs.writeFileSync(file, 'template <typename T> __constant__ T c[4];\ntemplate <typename T> __device__ T at(int i) { return c<T>[i]; }\ntemplate <typename T> __global__ void k(T *p) { p[0] = at<T>(1); }\n__global__ void two(float *p) { p[0] = c<float>[0] + (float)c<int>[0]; }\nint main() { float *d = nullptr; k<float><<<1, 1>>>(d); two<<<1, 1>>>(d); return 0; }\n');
    const r = await cu2metal(['check', '--no-build', file]);
    assert.equal(r.code, 3, show(r));
    assert.match(r.stderr, /v\.cu:3:\d+: error: the variable template 'c' is read only in the functions this one calls: a kernel binds one instance, read in the kernel itself/, show(r));
    assert.match(r.stderr, /v\.cu:4:\d+: error: the variable template 'c' is read as c<float> and c<int>/, show(r));
  });
});

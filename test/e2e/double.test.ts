// double in device code: IEEE binary64 in software by default (src/translate/double.ts and
// f64Prelude.ts), bit for bit equal to the host CPU's native double; --double=float the fast opt-in.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cu2metal, show } from '../helpers/cli';

const fixture = (name: string): string => path.join('test', 'fixtures', 'double', name);
const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-test-'));

describe('software double', () => {
  test('every exact operation on 200,000 random and special operand triples equals the host bit for bit (msl-cpu)', async () => {
    const r = await cu2metal(['run', fixture('ops.cu'), '--backend', 'msl-cpu']);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /^200000 operand triples, 25 operations each: 0 differ$/m);
    assert.match(r.stdout, /^PASSED$/m);
  });
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`background model Bn = 0.92*Bn + 0.08*Img on uchar pixels, a double reduction, double struct fields: exact on ${backend}`, async () => {
      const r = await cu2metal(['run', fixture('double.cu'), '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^background\[100\] = 117\.82871491854316, sum = 174080\.00000000003$/m);
      assert.match(r.stdout, /^PASSED$/m);
    });
  }
  test('diff: every copy of the msl-cpu run equals the reference', async () => {
    const r = await cu2metal(['diff', fixture('double.cu')]);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /OK: 6 of 6 copies match/);
  });
  test('the MSL keeps double buffers, fields and parameters 8 bytes wide and writes literals as exact bits', async () => {
    const dir = tmp();
    const r = await cu2metal(['translate', fixture('double.cu'), '-o', dir]);
    assert.equal(r.code, 0, show(r));
    const msl = fs.readFileSync(path.join(dir, 'double.metal'), 'utf8');
    assert.match(msl, /^struct f64 \{$/m);
    assert.match(msl, /Bn\[i\] = f64::from_bits\(0x3FED70A3D70A3D71ul\) \/\* 0\.92 \*\/ \* Bn\[i\] \+ f64::from_bits\(0x3FB47AE147AE147Bul\) \/\* 0\.08 \*\/ \* Img\[i\];/);
    assert.match(msl, /kernel void background\(device f64\* Bn \[\[buffer\(0\)\]\]/);
    assert.match(msl, /constant f64& dt \[\[buffer\(1\)\]\]/);
    assert.match(msl, /constant f64& c_scale \[\[buffer\(3\)\]\]/);
    assert.match(msl, /struct Body \{\n(#line \d+.*\n)?\s*f64 mass;/);
    assert.match(msl, /threadgroup f64 s\[128\];/);
  });
  test('a program without double gets no prelude and float literals, as before', async () => {
    const dir = tmp();
    const cu = path.join(dir, 'nodouble.cu');
    fs.writeFileSync(cu, '__global__ void k(float* p) { p[threadIdx.x] *= 0.5; }\n');
    const r = await cu2metal(['translate', cu, '-o', dir]);
    assert.equal(r.code, 0, show(r));
    const msl = fs.readFileSync(path.join(dir, 'nodouble.metal'), 'utf8');
    assert.doesNotMatch(msl, /f64/);
    assert.match(msl, /p\[threadIdx\.x\] \*= 0\.5f;/);
  });
  test('macros, conditionals, ++, compound assignment (of double and of float/int by a double), sizeof and casts of double run as on the CPU', async () => {
    const dir = tmp();
    const cu = path.join(dir, 'forms.cu');
    fs.writeFileSync(
      cu,
      [
        '#include <cstdio>',
        '#define ALPHA 0.92',
        '#define SCALE(x) ((x) * 0.1)',
        '__global__ void k(double* p, float* q) {',
        '  int i = threadIdx.x;',
        '  p[i] = ALPHA * p[i] + SCALE(p[i]);',
        '  q[i] = q[i] * 0.1;',
        '  q[i] += p[i] / 3;',
        '  int m = i; m *= p[i];',
        '  double t = 1.0 / 3;',
        '  t *= 3.0f;',
        '  if (t) t++;',
        '  t = t > 0.5 ? t : -t;',
        '  p[i + 32] = t + sizeof(double) + (unsigned)p[i] + sqrt(i) + fabs(-p[i]) + m;',
        '}',
        'int main() {',
        '  double* p; float* q; cudaMallocManaged(&p, 64 * 8); cudaMallocManaged(&q, 32 * 4);',
        '  for (int i = 0; i < 32; i++) { p[i] = i * 1.1; q[i] = i * 0.3f; }',
        '  k<<<1, 32>>>(p, q); cudaDeviceSynchronize();',
        '  for (int i = 0; i < 64; i++) printf("%a\\n", p[i]);',
        '  for (int i = 0; i < 32; i++) printf("%a\\n", q[i]);',
        '}',
        '',
      ].join('\n'),
    );
    const soft = await cu2metal(['run', cu]);
    const ref = await cu2metal(['run', cu, '--backend', 'cuda-cpu']);
    assert.equal(soft.code, 0, show(soft));
    assert.equal(ref.code, 0, show(ref));
    assert.equal(soft.stdout.split('\n').length, 97);
    assert.equal(soft.stdout, ref.stdout);
  });
  test('a kernel template instantiated with double by a host template runs in software double', async () => {
    const dir = tmp();
    const cu = path.join(dir, 'tmpl.cu');
    fs.writeFileSync(
      cu,
      [
        '#include <cstdio>',
        'template <typename T>',
        '__global__ void scale(T* p, T s, int n) { int i = threadIdx.x; if (i < n) p[i] = p[i] * s + T(1) / T(3); }',
        'template <typename T> void go(T s) {',
        '  T* p; cudaMallocManaged(&p, 4 * sizeof(T));',
        '  for (int i = 0; i < 4; i++) p[i] = i + 0.1;',
        '  scale<T><<<1, 4>>>(p, s, 4); cudaDeviceSynchronize();',
        '  for (int i = 0; i < 4; i++) printf("%.17g\\n", (double)p[i]);',
        '}',
        'int main() { go<float>(0.7f); go<double>(0.7); }',
        '',
      ].join('\n'),
    );
    const soft = await cu2metal(['run', cu]);
    assert.equal(soft.code, 0, show(soft));
    assert.match(soft.stdout, /^0\.40333333333333332$/m);
    const ref = await cu2metal(['run', cu, '--backend', 'cuda-cpu']);
    assert.equal(soft.stdout, ref.stdout);
  });
  test('exp and log of a double are within 2 ulp of the host libm on 100,000 arguments (msl-cpu)', async () => {
    const r = await cu2metal(['run', fixture('transcendental.cu')]);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /^exp: max [0-2] ulp, log: max [0-2] ulp over 100000 arguments$/m);
    assert.match(r.stdout, /^PASSED$/m);
  });
  test('pow, sin, cos, tan, atan, atan2, asin, acos, sinh, cosh, tanh, exp2, exp10, log2, log10, rsqrt, expm1, log1p, cbrt, hypot, asinh, acosh, atanh, sinpi, cospi of a double are within 1 ulp of the host libm (long double, rounded) on 100,000 arguments each, special cases and ldexp/fmod exact (msl-cpu)', async () => {
    const r = await cu2metal(['run', fixture('dmath.cu')]);
    assert.equal(r.code, 0, show(r));
    const fns = ['pow', 'sin', 'cos', 'tan', 'atan', 'atan2', 'asin', 'acos', 'sinh', 'cosh', 'tanh', 'exp2', 'exp10', 'log2', 'log10', 'rsqrt', 'expm1', 'log1p', 'cbrt', 'hypot', 'asinh', 'acosh', 'atanh', 'sinpi', 'cospi'];
    for (const f of ['ilogb', 'nextafter']) assert.match(r.stdout, new RegExp(`^${f}: max 0 ulp `, 'm'), f);
    for (const f of fns) assert.match(r.stdout, new RegExp(`^${f}: max [01] ulp \\(\\d+ special cases exact, 0 of 100000 above 1 ulp\\)$`, 'm'), f);
    assert.match(r.stdout, /^pow: max [01] ulp \(46 special cases exact/m);
    assert.match(r.stdout, /^atan2: max [01] ulp \(27 special cases exact/m);
    for (const f of ['ldexp', 'fmod']) assert.match(r.stdout, new RegExp(`^${f}: max 0 ulp `, 'm'), f);
    assert.match(r.stdout, /^PASSED$/m);
  });
  test('the same program on cuda-cpu (native double, glibc) passes the same checks (glibc 2.36 exp10/sinh/cosh/tanh/log10... within 2 ulp, cbrt 3)', async () => {
    const r = await cu2metal(['run', fixture('dmath.cu'), '--backend', 'cuda-cpu']);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /^pow: max [01] ulp \(46 special cases exact/m);
    assert.match(r.stdout, /^PASSED$/m);
  });
  test('double intrinsics (__double_as_longlong, __hiloint2double, __dadd_rn, __double2int_rn, __ll2double_rn...) equal the reference', async () => {
    const soft = await cu2metal(['run', fixture('intrinsics.cu')]);
    assert.equal(soft.code, 0, show(soft));
    assert.match(soft.stdout, /^3fb999999999999a$/m);
    const ref = await cu2metal(['run', fixture('intrinsics.cu'), '--backend', 'cuda-cpu']);
    assert.equal(ref.code, 0, show(ref));
    assert.equal(soft.stdout, ref.stdout);
  });
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`warp shuffles of a double (__shfl_down/xor/sync, a tile's shfl_down) reduce exactly on ${backend}`, async () => {
      const r = await cu2metal(['run', fixture('warp.cu'), '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^4\.0584956914365202 8\.1535715125714283$/m);
      assert.match(r.stdout, /^PASSED$/m);
    });
  }
  test('device printf of a double prints its exact value, as the reference does', async () => {
    const dir = tmp();
    const cu = path.join(dir, 'print.cu');
    fs.writeFileSync(cu, '#include <cstdio>\n__global__ void k(double* p) { double x = p[0] / 3; printf("x=%.17g %f %e %d\\n", x, x * 2, p[0], (int)(x * 30)); }\nint main() { double* p; cudaMallocManaged(&p, 8); p[0] = 1.0; k<<<1, 1>>>(p); cudaDeviceSynchronize(); }\n');
    const soft = await cu2metal(['run', cu]);
    assert.equal(soft.code, 0, show(soft));
    assert.equal(soft.stdout, 'x=0.33333333333333331 0.666667 1.000000e+00 10\n');
    const ref = await cu2metal(['run', cu, '--backend', 'cuda-cpu']);
    assert.equal(ref.stdout, soft.stdout);
  });
  test('double atomics CUDA does not have (atomicMax) are refused at their line; frexp and modf of a double or an int, rnorm of a double array, j0 of a double translate', async () => {
    const dir = tmp();
    const cu = path.join(dir, 'refused.cu');
    fs.writeFileSync(cu, '__global__ void k(double* p, int n, float f) {\n  atomicMax(p, 1.0);\n  int e; p[1] = frexp(p[0], &e);\n  p[2] = modf(n, p);\n  p[3] = expf(p[0]) + sqrt(n) + exp(p[1]) + log(n);\n  p[4] = pow(p[0], 2) + sin(n) + atan2(p[1], 2.0f) + fmod(p[2], n) + ldexp(p[3], n) + cbrt(p[0]) + hypot(p[1], n) + expm1(n) + asinh(p[1]) + cospi(n) + ilogb(p[0]) + nextafter(p[0], 2);\n  p[5] = rnorm(2, p) + cbrt(f) + j0(p[0]);\n}\nint main() { return 0; }\n');
    const r = await cu2metal(['check', cu]);
    assert.equal(r.code, 3, show(r));
    assert.match(r.stderr, /refused\.cu:2:3: error: 'atomicMax' on double: CUDA has no such overload.*\[C2M1003\]/);
    assert.doesNotMatch(r.stderr, /refused\.cu:[3-6]:/, 'frexp of a double, modf of an int, expf of a double, sqrt/log of an int, exp, pow, sin, atan2, fmod, ldexp, cbrt, hypot, expm1, asinh, cospi translate');
    assert.doesNotMatch(r.stderr, /refused\.cu:7:/, 'rnorm of a double array (f64Norms.ts); cbrt of a float: the float polyfill (tables/floatMath.ts); j0 of a double: software double (f64Bessel.ts)');
  });
  test('pow, sin, atan2, fmod of mixed double/int/float arguments compile and compute as C converts them (to double)', async () => {
    const dir = tmp();
    const cu = path.join(dir, 'mixed.cu');
    fs.writeFileSync(cu, '#include <cstdio>\n__global__ void k(double* p, float f, int n) {\n  p[1] = pow(p[0], 2) + pow(2, p[0]) + pow(p[0], f) + pow(f, p[0]) + pow(p[0], p[0]);\n  p[2] = sin(n) + cos(p[0]) * tan(f * p[0]) + atan2(p[0], f) + atan2(n, p[0]) + fmod(p[0] * 10, 3) + ldexp(p[0], n);\n  p[3] = cbrt(p[0] * 0 + 27) + hypot(3, p[0]) + hypot(f, p[0]) + log1p(n) + atanh(p[0] / 2);\n}\nint main() { double* p; cudaMallocManaged(&p, 32); p[0] = 1.1; k<<<1, 1>>>(p, 0.3f, 7); cudaDeviceSynchronize(); printf("%a %a %a\\n", p[1], p[2], p[3]); }\n');
    const soft = await cu2metal(['run', cu]);
    assert.equal(soft.code, 0, show(soft));
    const ref = await cu2metal(['run', cu, '--backend', 'cuda-cpu']);
    assert.equal(ref.code, 0, show(ref));
    assert.match(soft.stdout, /^0x1\.[0-9a-f]+p\+\d+ 0x1\.[0-9a-f]+p\+\d+ 0x1\.[0-9a-f]+p\+\d+$/m);
    assert.equal(soft.stdout, ref.stdout);
  });
  test("a double atomicAdd translates (under the 64-bit lock) where the program defines its own only for old GPUs", async () => {
    const dir = tmp();
    const cu = path.join(dir, 'own.cu');
    fs.writeFileSync(
      cu,
      [
        '#if !defined(__CUDA_ARCH__) || __CUDA_ARCH__ >= 600',
        '#else',
        '__device__ double atomicAdd(double* a, double v) { return v; }',
        '#endif',
        '__global__ void k(double* sum, const double* x) { atomicAdd(sum, x[threadIdx.x]); }',
        'int main() { return 0; }',
        '',
      ].join('\n'),
    );
    const r = await cu2metal(['translate', '--stdout', cu]);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /atomicAdd\(cu2m_atomic64_locks, sum, x\[threadIdx\.x\]\)/);
  });
  test('--double=float still computes in float with warning C2M1004 (and differs from the reference)', async () => {
    const dir = tmp();
    const cu = path.join(dir, 'fast.cu');
    fs.writeFileSync(cu, '#include <cstdio>\n__global__ void k(float* p) { double s = p[0]; s = s / 3.0 * 3.0 - s; p[0] = s * 1e9; }\nint main() { float* p; cudaMallocManaged(&p, 4); p[0] = 0.1f; k<<<1, 1>>>(p); cudaDeviceSynchronize(); printf("%g\\n", p[0]); }\n');
    const fast = await cu2metal(['run', cu, '--double', 'float']);
    assert.equal(fast.code, 0, show(fast));
    assert.match(fast.stderr, /warning: 'double' computed as 'float' \[C2M1004\]/);
    const soft = await cu2metal(['run', cu]);
    const ref = await cu2metal(['run', cu, '--backend', 'cuda-cpu']);
    assert.equal(soft.stdout, ref.stdout);
    assert.doesNotMatch(soft.stderr, /C2M1004/);
  });
});

describe('frexp and modf of a double (software double)', () => {
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`bit for bit equal to the host libm on 20,000 values (zeros, subnormals, DBL_MAX, inf, NaN, huge integers, random bits), pointer and local outputs, on ${backend}`, async () => {
      const r = await cu2metal(['run', fixture('frexp_modf.cu'), '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^frexp\(-0x1\.ep\+1\) = -0x1\.ep-1, 2; modf = -0x1\.8p-1, -0x1\.8p\+1$/m);
      assert.match(r.stdout, /^frexp: 20000 values, 0 differ$/m);
      assert.match(r.stdout, /^modf: 20000 values, 0 differ$/m);
      assert.match(r.stdout, /^local outputs: 0 wrong$/m);
      assert.match(r.stdout, /^PASSED$/m);
    });
  }
  test('the MSL calls the exact f64 overloads of the prelude', async () => {
    const r = await cu2metal(['translate', fixture('frexp_modf.cu'), '--stdout']);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /template <typename P> inline f64 cu2m_frexp\(f64 x, P e\)/);
    assert.match(r.stdout, /mant\[i\] = cu2m_frexp\(x\[i\], &expo\[i\]\);/);
    assert.match(r.stdout, /frac\[i\] = cu2m_modf\(x\[i\], &ipart\[i\]\);/);
  });
});

describe('erf of a double (software double)', () => {
  test('special values exact, within 1 ulp of the host erfl on 12,000 arguments (uniform in [-6.5, 6.5], every exponent down to subnormals) (msl-cpu)', async () => {
    const r = await cu2metal(['run', fixture('erf.cu')]);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /^erf\(-0\) = -0, erf\(-inf\) = -1, erf\(0\.5\) = 0\.5204998778130465[23]$/m);
    assert.match(r.stdout, /^erf: max [01] ulp \(0 special cases wrong, 0 of 12000 above 1 ulp\)$/m);
    assert.match(r.stdout, /^PASSED$/m);
  });
  test('the same program on cuda-cpu (glibc erf) passes the same checks', async () => {
    const r = await cu2metal(['run', fixture('erf.cu'), '--backend', 'cuda-cpu']);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /^PASSED$/m);
  });
  test('erf of a float is the float polyfill (cu2m_erff), erf of a double stays software double', async () => {
    const dir = tmp();
    const cu = path.join(dir, 'erff.cu');
    fs.writeFileSync(cu, '__global__ void k(float *p, double *d) {\n  p[0] = erff(p[1]) + erf(p[2]);\n  d[0] = erf(d[1]);\n}\n');
    const r = await cu2metal(['translate', cu, '-o', dir]);
    assert.equal(r.code, 0, show(r));
    const msl = fs.readFileSync(path.join(dir, 'erff.metal'), 'utf8');
    assert.match(msl, /p\[0\] = cu2m_erff\(p\[1\]\) \+ cu2m_erff\(p\[2\]\);/);
    assert.match(msl, /d\[0\] = erf\(d\[1\]\);/);
  });
});

describe('erfc, lgamma, tgamma, remainder, remquo of a double (software double)', () => {
  const bits: string[] = [];
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`erfc/lgamma/tgamma within 1 ulp of the host's long double functions (lgamma of x < 0 within 2^-52 of max(1, |lgamma|)), special values and poles exact, remainder/remquo bit for bit, 16,000 arguments, on ${backend}`, async () => {
      const r = await cu2metal(['run', fixture('special.cu'), '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^lgamma\(1\) = 0, lgamma\(-0\) = inf, tgamma\(5\) = 24, tgamma\(-0\.125\) = -8\.71721885938317[0-9]+, erfc\(0\.5\) = 0\.4795001221869534[0-9], remainder\(7, 2\) = -1$/m);
      for (const f of ['erfc', 'lgamma', 'tgamma']) assert.match(r.stdout, new RegExp(`^${f}: max [01] ulp \\(0 special cases wrong, 0 of \\d+ above 1 ulp\\)$`, 'm'), f);
      assert.match(r.stdout, /^remainder: 16000 values, 0 differ; remquo: 16000 values, 0 differ, 0 quotients differ$/m);
      assert.match(r.stdout, /^PASSED$/m);
      bits.push(/^bits: .*$/m.exec(r.stdout)?.[0] ?? '');
    });
  }
  test('cuda-cpu computes them with the same code (src/translate/f64Reference.ts): the same bits as msl-cpu', () => {
    assert.equal(bits.length, 2);
    assert.match(bits[0] ?? '', /^bits: erfc [0-9a-f]{16} lgamma/);
    assert.equal(bits[0], bits[1]);
  });
  test('of integers and mixed arguments, remquo into a local and into memory: the same bits on both backends', async () => {
    const cu = path.join(tmp(), 'gamma.cu');
    fs.writeFileSync(
      cu,
      [
        '#include <cmath>',
        '#include <cstdio>',
        '__global__ void k(double* p, int* q, int n) {',
        '  int i = threadIdx.x, local;',
        '  double x = p[i];',
        '  p[32 + i] = lgamma(n + i) + tgamma(x) + erfc(x - 3) + lgamma(x / 7) + remainder(x * 9, 2);',
        '  p[64 + i] = remquo(x * 100, 3, &local) + remquo(n, x, &q[i]);',
        '  q[32 + i] = local;',
        '}',
        'int main() {',
        '  double* p; int* q; cudaMallocManaged(&p, 96 * 8); cudaMallocManaged(&q, 64 * 4);',
        '  for (int i = 0; i < 32; i++) p[i] = (i - 15) * 0.37 + 0.001;',
        '  k<<<1, 32>>>(p, q, 5); cudaDeviceSynchronize();',
        '  for (int i = 32; i < 96; i++) printf("%a\\n", p[i]);',
        '  for (int i = 0; i < 64; i++) printf("%d\\n", q[i]);',
        '}',
        '',
      ].join('\n'),
    );
    const soft = await cu2metal(['run', cu]);
    assert.equal(soft.code, 0, show(soft));
    const ref = await cu2metal(['run', cu, '--backend', 'cuda-cpu']);
    assert.equal(ref.code, 0, show(ref));
    assert.equal(soft.stdout.split('\n').length, 129);
    assert.equal(soft.stdout, ref.stdout);
    const msl = await cu2metal(['translate', cu, '--stdout']);
    assert.match(msl.stdout, /p\[64 \+ i\] = remquo\(x \* 100, f64\(3\), &local\) \+ remquo\(f64\(n\), x, &q\[i\]\);/);
    assert.match(msl.stdout, /lgamma\(f64\(n \+ i\)\)/);
  });
});

describe('scalbn, logb, lrint, llrint, lround, llround of a double (software double)', () => {
  test('exact: the same results as the reference on zeros, halves, negative values, subnormals, huge and infinite arguments', async () => {
    const cu = path.join(tmp(), 'exact.cu');
    fs.writeFileSync(
      cu,
      [
        '#include <cmath>',
        '#include <cstdio>',
        '__global__ void k(const double* x, double* d, long long* l, int n) {',
        '  int i = threadIdx.x;',
        '  if (i >= n) return;',
        '  d[2 * i] = scalbn(x[i], i - 9);',
        '  d[2 * i + 1] = logb(x[i]);',
        '  l[4 * i] = lrint(x[i]);',
        '  l[4 * i + 1] = llrint(x[i] * 3);',
        '  l[4 * i + 2] = lround(x[i]);',
        '  l[4 * i + 3] = llround(-x[i]);',
        '}',
        'int main() {',
        '  const double v[] = {0.0, -0.0, 0.5, 1.5, 2.5, -2.5, -0.5, 3.49999, 1e15 + 0.5, 0x1p-1074, 0x1.8p-1030, 1e300, INFINITY, -7.25, 123456.789, 0x1p52 + 1, 1.0 / 3};',
        '  const int n = sizeof v / sizeof v[0];',
        '  double *x, *d; long long* l;',
        '  cudaMallocManaged(&x, sizeof v); cudaMallocManaged(&d, 2 * sizeof v); cudaMallocManaged(&l, 4 * n * sizeof(long long));',
        '  for (int i = 0; i < n; i++) x[i] = v[i];',
        '  k<<<1, 32>>>(x, d, l, n); cudaDeviceSynchronize();',
        '  for (int i = 0; i < n; i++) printf("%a %a %lld %lld %lld %lld\\n", d[2 * i], d[2 * i + 1], l[4 * i], i == 8 || i == 15 ? l[4 * i + 1] : 0, l[4 * i + 2], l[4 * i + 3]);',
        '}',
        '',
      ].join('\n'),
    );
    const soft = await cu2metal(['run', cu]);
    assert.equal(soft.code, 0, show(soft));
    assert.match(soft.stdout, /^0x1\.8p-6 0x0p\+0 2 0 2 -2$/m); // 1.5: scalbn(1.5, -6), logb 0, lrint 2, lround 2, llround(-1.5) -2
    assert.match(soft.stdout, /^0x1\.4p-4 0x1p\+0 2 0 3 -3$/m); // 2.5: lrint to even, lround away from zero
    const ref = await cu2metal(['run', cu, '--backend', 'cuda-cpu']);
    assert.equal(ref.code, 0, show(ref));
    // Out of range (1e300, inf) C leaves lrint/lround unspecified: compare the rest.
    const inRange = (s: string): string[] => s.split('\n').filter((_l, i) => i !== 11 && i !== 12);
    assert.deepEqual(inRange(soft.stdout), inRange(ref.stdout));
    assert.equal(soft.stdout.split('\n').length, 18);
  });
});

describe('directed-rounding double intrinsics (software double, src/translate/f64Rounding.ts)', () => {
  const lines: string[] = [];
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`__dadd/__dsub/__dmul/__ddiv/__drcp/__dsqrt/__fma/__double2float/__ll2double/__ull2double _rz/_rd/_ru and __double2int/uint/ll/ull _rn/_rd/_ru equal the host's fesetround bit for bit on 24,000 operand triples (specials, subnormals, overflow, cancellations), on ${backend}`, async () => {
      const r = await cu2metal(['run', fixture('rounding.cu'), '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      // -0 from an exact cancellation rounding down; the next double up from 1 + 2^-1074; DBL_MAX, not inf, toward zero.
      assert.match(r.stdout, /^__dadd_rd\(1, -1\) = -0x0p\+0, __dadd_ru\(1, 2\^-1074\) = 0x1\.0000000000001p\+0, __dmul_rz\(DBL_MAX, 3\) = 0x1\.fffffffffffffp\+1023, bits [0-9a-f]{16}$/m);
      const m = /^(\d+) results checked, (\d+) differ from rounding to nearest, 0 wrong$/m.exec(r.stdout);
      assert.ok(m, show(r));
      assert.equal(Number(m[1]), 1032000);
      assert.ok(Number(m[2]) > 100000, 'the directions must differ from rounding to nearest on many operands');
      assert.match(r.stdout, /^PASSED$/m);
      lines.push(/^__dadd_rd.*$/m.exec(r.stdout)?.[0] ?? '');
    });
  }
  test('both backends give the same bits (the hash of every result)', () => {
    assert.equal(lines.length, 2);
    assert.equal(lines[0], lines[1]);
  });
});

describe('rhypot, norm3d, norm4d, rnorm3d, rnorm4d of doubles (software double, src/translate/f64Norms.ts)', () => {
  const bits: string[] = [];
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`within 1 ulp of the host's long double on 20,000 argument sets (every exponent, near overflow, subnormals), specials exact (inf beside NaN, all zeros, DBL_MAX), on ${backend}`, async () => {
      const r = await cu2metal(['run', fixture('norms.cu'), '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^norm3d\(-3, 4, 12\) = 13, norm4d\(-3, 4, 12, 84\) = 85, rhypot\(3, 4\) = 0\.2, rnorm4d\(2, 2, 2, 2\) = 0\.25$/m);
      for (const f of ['rhypot', 'norm3d', 'norm4d', 'rnorm3d', 'rnorm4d']) assert.match(r.stdout, new RegExp(`^${f}: max [01] ulp$`, 'm'), f);
      assert.match(r.stdout, /^0 special cases wrong, 0 results above 1 ulp, bits [0-9a-f]{16}$/m);
      assert.match(r.stdout, /^PASSED$/m);
      bits.push(/bits [0-9a-f]{16}/.exec(r.stdout)?.[0] ?? '');
    });
  }
  test('cuda-cpu computes them with the same code (f64Reference.ts): the same bits as msl-cpu', () => {
    assert.equal(bits.length, 2);
    assert.equal(bits[0], bits[1]);
  });
});

describe('normcdf, erfinv, erfcinv, normcdfinv of a double (software double, src/translate/f64Inverse.ts)', () => {
  const bits: string[] = [];
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`within 1 ulp of the host's long double on 12,000 arguments (tails down to normcdf(-26) and erfcinv near 0 and 2, |y| within 2^-53 of 1, tiny y), special values exact, on ${backend}`, async () => {
      const r = await cu2metal(['run', fixture('inverse.cu'), '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^normcdf\(1\) = 0\.84134474606854293, normcdf\(-38\) = 0x0\.00000037b23b8p-1022, erfinv\(0\.5\) = 0\.47693627620446988, erfcinv\(1\.5\) = -0\.47693627620446988, normcdfinv\(0\.75\) = 0\.67448975019608171$/m);
      // normcdf of 0, -0, inf, -inf | erfinv of 1, -1, 0; erfcinv(-1) | normcdfinv of 1 and 0.
      assert.match(r.stdout, /^specials: 0\.5 0\.5 1 0 \| inf -inf 0 -?nan \| inf -inf$/m);
      for (const f of ['normcdf', 'erfinv', 'erfcinv', 'normcdfinv']) assert.match(r.stdout, new RegExp(`^${f}: max 0\\.\\d+ ulp$`, 'm'), f);
      assert.match(r.stdout, /^0 results above 1 ulp, bits [0-9a-f]{16}$/m);
      assert.match(r.stdout, /^PASSED$/m);
      bits.push(/bits [0-9a-f]{16}/.exec(r.stdout)?.[0] ?? '');
    });
  }
  test('cuda-cpu computes them with the same code (f64Reference.ts): the same bits as msl-cpu', () => {
    assert.equal(bits.length, 2);
    assert.equal(bits[0], bits[1]);
  });
});

describe('sincos and sincospi of a double (software double), sincospif', () => {
  test('sincos(d, &s, &c) gives the f64 sin and cos (it was computed in float), sincospi the f64 sinpi and cospi, sincospif Metal\'s float ones', async () => {
    const cu = path.join(tmp(), 'sincos.cu');
    fs.writeFileSync(
      cu,
      [
        '#include <cstdio>',
        '#include <cmath>',
        '__global__ void k(double* p, float* q) {',
        '  double s, c; sincos(p[0], &s, &c); p[1] = s; p[2] = c; p[3] = sin(p[0]); p[4] = cos(p[0]);',
        '  sincospi(p[0], &p[5], &p[6]); p[7] = sinpi(p[0]); p[8] = cospi(p[0]);',
        '  float fs, fc; sincospif(q[0], &fs, &fc); q[1] = fs; q[2] = fc;',
        '}',
        'int main() {',
        '  double* p; float* q; cudaMallocManaged(&p, 9 * 8); cudaMallocManaged(&q, 12); p[0] = 0.1; q[0] = 0.25f;',
        '  k<<<1, 1>>>(p, q); cudaDeviceSynchronize();',
        '  printf("%.17g %.17g %d %d %d %d | %a %a\\n", p[1], p[2], p[1] == p[3], p[2] == p[4], p[5] == p[7], p[6] == p[8], q[1], q[2]);',
        '}',
        '',
      ].join('\n'),
    );
    const r = await cu2metal(['run', cu]);
    assert.equal(r.code, 0, show(r));
    // sin(0.1) and cos(0.1) as doubles (the float computation printed 0.099833421409130096 0.99500417709350586).
    assert.match(r.stdout, /^0\.099833416646828155 0\.99500416527802582 1 1 1 1 \| 0x1\.6a09e6p-1 0x1\.6a09e6p-1$/m);
  });
});

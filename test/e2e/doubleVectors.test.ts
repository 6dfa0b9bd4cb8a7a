// double2/double3/double4 in device code (src/translate/doubleVectors.ts): structs of software
// doubles with CUDA's layouts by default, float2/3/4 with --double=float; and <math.h>'s M_PI & co.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cu2metal, show } from '../helpers/cli';

const fixture = path.join('test', 'fixtures', 'double', 'vectors.cu');
const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-test-'));

const EXPECTED = [
  'force[17] = (16.989835665983374, 2.8531191813196757, 78.137511094060599) potential -253.56818538691098',
  'z[100] = -48.901774901318113 + 13.563517117450541i',
  'mean[1] = (28.649999999999999, -66.849999999999994, 0.010533817250376196)',
  'body[9].pos = (9.0090000000000003, 18, 0.48900822763899998)',
  'sizeof/alignof: double2 16/16 double3 24/8 double4 32/16 Body 56/8',
  'PASS',
];

describe('double2/double3/double4', () => {
  test('double4 particles, double2 complex products, double3 in shared memory and struct fields, sizeof/alignof: msl-cpu prints what cuda-cpu prints, bit for bit', async () => {
    const msl = await cu2metal(['run', fixture, '--backend', 'msl-cpu']);
    assert.equal(msl.code, 0, show(msl));
    assert.equal(msl.stdout, `${EXPECTED.join('\n')}\n`);
    const ref = await cu2metal(['run', fixture, '--backend', 'cuda-cpu']);
    assert.equal(ref.code, 0, show(ref));
    assert.equal(msl.stdout, ref.stdout);
  });
  test('diff: every cudaMemcpy of double vectors (compared as doubles) and of the struct equals the reference', async () => {
    const r = await cu2metal(['diff', fixture]);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /after launch #0 'forces', 1024 × f64\): 0 of 1024 differ/);
    assert.match(r.stdout, /OK: 6 of 6 copies match/);
  });
  test('the MSL: a struct of f64 fields per type with CUDA\'s alignment, in every address space, and the program\'s operators', async () => {
    const dir = tmp();
    const r = await cu2metal(['translate', fixture, '-o', dir]);
    assert.equal(r.code, 0, show(r));
    const msl = fs.readFileSync(path.join(dir, 'vectors.metal'), 'utf8');
    assert.match(msl, /^struct alignas\(16\) cu2m_double2 \{ f64 x, y; \};$/m);
    assert.match(msl, /^struct cu2m_double3 \{ f64 x, y, z; \};$/m);
    assert.match(msl, /^struct alignas\(16\) cu2m_double4 \{ f64 x, y, z, w; \};$/m);
    assert.match(msl, /^inline cu2m_double3 make_double3\(f64 x, f64 y, f64 z\) \{/m);
    assert.match(msl, /kernel void forces\(device const cu2m_double4\* p \[\[buffer\(0\)\]\], device cu2m_double4\* f \[\[buffer\(1\)\]\]/);
    assert.match(msl, /constant cu2m_double2& rot \[\[buffer\(2\)\]\]/);
    assert.match(msl, /threadgroup cu2m_double3 tile\[64\];/);
    assert.match(msl, /threadgroup cu2m_double3\* acc \[\[threadgroup\(0\)\]\]/);
    assert.match(msl, /struct Body \{\n(#line \d+.*\n)?\s*cu2m_double3 pos;/);
    // __host__ __device__ operators are called by no name: emitted because device code uses double3
    assert.match(msl, /^inline cu2m_double3 operator-\(const cu2m_double3 a, const cu2m_double3 b\)/m);
    assert.match(msl, /out\[0\] = sizeof\(cu2m_double2\); out\[1\] = alignof\(cu2m_double2\);/);
    // `#define POS double4` is expanded at its uses; M_PI is the exact double
    assert.doesNotMatch(msl.replace(/\/\/.*$/gm, ''), /\bdouble[234]\b/);
    assert.match(msl, /z\[i\]\.y \+= f64::from_bits\(0x400921FB54442D18ul\) \/\* M_PI \*\/;/);
  });
  test('a kernel template launched with double2 from a host template (found in the compiled host code) gets the struct before its instance', async () => {
    const dir = tmp();
    const cu = path.join(dir, 'tmpl.cu');
    fs.writeFileSync(
      cu,
      [
        '#include <cstdio>',
        'template <typename T> __global__ void copy2(const T* in, T* out) { out[threadIdx.x] = in[threadIdx.x]; out[threadIdx.x].y += 1; }',
        'template <typename T> void go() {',
        '  T *a, *b; cudaMallocManaged(&a, 4 * sizeof(T)); cudaMallocManaged(&b, 4 * sizeof(T));',
        '  for (int i = 0; i < 4; i++) { a[i].x = i * 0.1; a[i].y = i / 3.0; }',
        '  copy2<T><<<1, 4>>>(a, b); cudaDeviceSynchronize();',
        '  printf("%.17g %.17g %zu\\n", b[3].x, b[3].y, sizeof(T));',
        '}',
        'int main() { go<double2>(); go<float2>(); }',
        '',
      ].join('\n'),
    );
    const r = await cu2metal(['run', cu]);
    assert.equal(r.code, 0, show(r));
    assert.equal(r.stdout, '0.30000000000000004 2 16\n0.30000001192092896 2 8\n');
    const ref = await cu2metal(['run', cu, '--backend', 'cuda-cpu']);
    assert.equal(ref.stdout, r.stdout);
  });
  test('--double=float computes them as float2/3/4 in registers (warning C2M1004) and answers as the reference to float precision', async () => {
    const dir = tmp();
    const cu = path.join(dir, 'regs.cu');
    fs.writeFileSync(
      cu,
      [
        '#include <cstdio>',
        '__device__ double3 add3(double3 a, double3 b) { return make_double3(a.x + b.x, a.y + b.y, a.z + b.z); }',
        '__global__ void k(float* out) {',
        '  double3 a = make_double3(1.0, 2.0, threadIdx.x);',
        '  double2 c = make_double2(0.5, 0.25);',
        '  double4 q = make_double4(c.x, c.y, a.x, M_PI);',
        '  a = add3(a, a);',
        '  out[threadIdx.x] = a.x + a.y * c.x + a.z * c.y + q.w;',
        '}',
        'int main() { float* o; cudaMallocManaged(&o, 4 * sizeof(float)); k<<<1, 4>>>(o); cudaDeviceSynchronize(); printf("%.5f %.5f\\n", o[0], o[3]); }',
        '',
      ].join('\n'),
    );
    const r = await cu2metal(['run', cu, '--double=float']);
    assert.equal(r.code, 0, show(r));
    assert.equal(r.stdout, '7.14159 8.64159\n');
    assert.match(r.stderr, /regs\.cu:4:3: warning: 'double3' computed as 'float3' \[C2M1004\]/);
    const ref = await cu2metal(['run', cu, '--backend', 'cuda-cpu']);
    assert.equal(ref.stdout, r.stdout);
    const t = await cu2metal(['translate', cu, '--double=float', '-o', dir]);
    assert.equal(t.code, 0, show(t));
    const msl = fs.readFileSync(path.join(dir, 'regs.metal'), 'utf8');
    assert.match(msl, /^float3 add3\(float3 a, float3 b\) \{ return make_double3\(a\.x \+ b\.x/m);
    assert.match(msl, /^inline float3 make_double3\(float x, float y, float z\) \{ return float3\(x, y, z\); \}$/m);
    assert.match(msl, /float4 q = make_double4\(c\.x, c\.y, a\.x, M_PI_F\);/);
    assert.doesNotMatch(msl, /f64|cu2m_double/);
  });
  test('--double=float refuses buffers, parameters and fields of them (their layout cannot be demoted); --double=error refuses them', async () => {
    const dir = tmp();
    const cu = path.join(dir, 'mem.cu');
    fs.writeFileSync(cu, 'struct S { double4 q; int id; };\n__global__ void k(double3* p, double2 v, S* s) { p[threadIdx.x].x = v.x; s[0].id = 1; }\nint main() { return 0; }\n');
    const f = await cu2metal(['check', '--no-build', cu, '--double=float']);
    assert.notEqual(f.code, 0, show(f));
    assert.match(f.stderr, /mem\.cu:2:19: error: kernel parameter 'p' is a buffer of double3; its 8-byte layout cannot be demoted to float/);
    assert.match(f.stderr, /mem\.cu:2:31: error: kernel parameter 'v' is a double2; its 8-byte layout cannot be demoted to float/);
    assert.match(f.stderr, /mem\.cu:1:12: error: a 'double' field keeps its 8-byte layout/);
    const e = await cu2metal(['check', '--no-build', cu, '--double=error']);
    assert.notEqual(e.code, 0, show(e));
    assert.match(e.stderr, /error: kernel parameter 'p' is a buffer of double3/);
    const body = path.join(dir, 'local.cu');
    fs.writeFileSync(body, '__global__ void k(float* p) { double4 v = make_double4(1, 2, 3, 4); p[0] = v.x; }\nint main() { return 0; }\n');
    const e2 = await cu2metal(['check', '--no-build', body, '--double=error']);
    assert.notEqual(e2.code, 0, show(e2));
    assert.match(e2.stderr, /local\.cu:1:31: error: 'double4' is not available in Metal \[C2M1003\]/);
  });
  test('M_PI & co. in a program without double: Metal\'s float constants, as its literals compute in float', async () => {
    const dir = tmp();
    const cu = path.join(dir, 'pi.cu');
    fs.writeFileSync(cu, '#include <cstdio>\n#include <cmath>\n#define TWO_PI (2 * M_PI)\n__global__ void k(float* p) { p[threadIdx.x] = sinf(M_PI_2 * threadIdx.x) + TWO_PI + M_SQRT1_2; }\nint main() { float* p; cudaMallocManaged(&p, 2 * sizeof(float)); k<<<1, 2>>>(p); cudaDeviceSynchronize(); printf("%.4f %.4f\\n", p[0], p[1]); }\n');
    const r = await cu2metal(['run', cu]);
    assert.equal(r.code, 0, show(r));
    assert.equal(r.stdout, '6.9903 7.9903\n');
    const t = await cu2metal(['translate', cu, '-o', dir]);
    assert.equal(t.code, 0, show(t));
    const msl = fs.readFileSync(path.join(dir, 'pi.metal'), 'utf8');
    assert.match(msl, /#define TWO_PI \(2 \* M_PI_F\)/);
    assert.match(msl, /sin\(M_PI_2_F \* threadIdx\.x\) \+ TWO_PI \+ M_SQRT1_2_F/);
  });
});

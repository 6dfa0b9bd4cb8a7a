// Float math polyfills, conversions with a rounding mode, directed-rounding float arithmetic and
// SIMD video intrinsics (src/translate/tables/floatMath.ts): test/fixtures/fmath/fmath.cu checks
// 262,144 arguments of each against references the host computes (its libm in double, its FPU's
// rounding modes, per-lane loops), special values included, on both CPU backends.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cu2metal, show } from '../helpers/cli';

const prog = path.join('test', 'fixtures', 'fmath', 'fmath.cu');
const LINES = [
  /^hypotf +ok {2}max 0\.\d+ ulp \(bound 3\)$/m,
  /^cbrtf +ok {2}max (0\.\d+|1\.000) ulp \(bound 1\)$/m,
  /^expm1f +ok {2}max (0\.\d+|1\.000) ulp \(bound 1\.5\)$/m, // an H100 reaches 1.333 ulp: the fixture bounds what CUDA does
  /^rhypotf +ok {2}max [01]\.\d+ ulp \(bound 2\)$/m,
  /^logbf +ok$/m,
  /^scalbnf +ok$/m,
  /^__float2int_r\* & co\. +ok$/m,
  /^lrintf lroundf nearbyintf +ok$/m,
  /^__int2float_r\* & co\. +ok$/m,
  /^__ll2double_r\* & co\. +ok$/m,
  /^__fadd_r\* +ok$/m,
  /^__fsub_r\* +ok$/m,
  /^__fmul_r\* +ok$/m,
  /^__fdiv_r\* +ok$/m,
  /^__fsqrt_r\* +ok$/m,
  /^__frcp_r\* +ok$/m,
  /^__fmaf_r\* +ok$/m,
  /^SIMD video intrinsics +ok$/m,
  /^262144 arguments each$/m,
  /^PASSED$/m,
];

describe('__vavgs2/__vavgs4 round half away from zero, as an H200 does (test/fixtures/fmath/vavgs.cu)', () => {
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`every lane pair of -128..127 on ${backend}`, async () => {
      const r = await cu2metal(['run', path.join('test', 'fixtures', 'fmath', 'vavgs.cu'), '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.equal(r.stdout, 'PASSED\n', show(r));
    });
  }
});

describe('float math polyfills, rounding modes, SIMD video intrinsics', () => {
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`within CUDA's ulp bounds, exact where CUDA is exact, on ${backend}`, async () => {
      const r = await cu2metal(['run', prog, '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      for (const l of LINES) assert.match(r.stdout, l);
    });
  }
  test('the MSL defines each helper once, only those the program uses, readable and under the CUDA names for intrinsics', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-test-'));
    const cu = path.join(dir, 'few.cu');
    fs.writeFileSync(cu, '__global__ void k(float* p, unsigned* u, long* l) {\n  p[0] = hypotf(p[1], p[2]) + rhypotf(p[1], p[2]) + __fadd_rd(p[1], p[2]) + __fmul_ru(p[1], p[2]) + __ll2float_rz(l[1]) + __int2float_rn(l[2]);\n  u[0] = __vmaxs4(u[1], 0) + __vcmpgtu2(u[1], u[2]);\n  l[0] = lrintf(p[3]) + __float2ll_rd(p[3]);\n}\n');
    const r = await cu2metal(['translate', cu, '-o', dir]);
    assert.equal(r.code, 0, show(r));
    const msl = fs.readFileSync(path.join(dir, 'few.metal'), 'utf8');
    assert.match(msl, /p\[0\] = cu2m_hypotf\(p\[1\], p\[2\]\) \+ cu2m_rhypotf\(p\[1\], p\[2\]\) \+ __fadd_rd\(p\[1\], p\[2\]\) \+ __fmul_ru\(p\[1\], p\[2\]\) \+ __ll2float_rz\(l\[1\]\) \+ float\(int\(l\[2\]\)\);/); // a long long passed to an int parameter: converted first
    assert.match(msl, /u\[0\] = __vmaxs4\(u\[1\], 0\) \+ __vcmpgtu2\(u\[1\], u\[2\]\);/);
    assert.match(msl, /l\[0\] = cu2m_lrintf\(p\[3\]\) \+ __float2ll_rd\(p\[3\]\);/);
    for (const def of ['inline float cu2m_hypot_scaled(', 'inline float cu2m_round_float(', 'inline uint __vmaxs4(uint a, uint b)', 'inline long __float2ll_rd(float x)', 'inline float __fadd_rd(float a, float b)']) {
      assert.ok(msl.includes(def), def);
    }
    assert.doesNotMatch(msl, /__vmins4|cu2m_cbrtf|cu2m_expm1f|__fdiv_r/, 'helpers the program does not use');
  });
  test('a program that used to be refused now translates: lrintf, hypotf, expm1f, cbrtf, __double2int_rd, __vabs2', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-test-'));
    const cu = path.join(dir, 'was.cu');
    fs.writeFileSync(cu, '__global__ void k(float* p, double* d, int* i, unsigned* u) {\n  p[0] = lrintf(p[1]) + hypotf(p[1], p[2]) + expm1f(p[3]) + cbrtf(p[4]) + nearbyint(p[5]);\n  i[0] = __double2int_rd(d[0]);\n  u[0] = __vabs2(u[1]);\n}\n');
    const r = await cu2metal(['check', cu]);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout + r.stderr, /translates — 0 error\(s\)/);
  });
});

// Float special functions (src/translate/tables/floatMath.ts, "special functions"): erff, erfcf, their
// inverses, normcdff/normcdfinvf, lgammaf, tgammaf, log1pf, the norms, remainderf/remquof and
// __frsqrt_rn (frsqrt_directed.cu: __frsqrt_rz/rd/ru). test/fixtures/fmath/special.cu measures 262,144 arguments of each against the
// host's long double functions on both CPU backends and fails beyond CUDA's ulp bounds.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cu2metal, show } from '../helpers/cli';

const prog = path.join('test', 'fixtures', 'fmath', 'special.cu');
const ulpLine = (name: string, bound: number): RegExp => new RegExp(`^${name.replace(/[()]/g, '\\$&')} +ok {2}max \\d\\.\\d{3} ulp \\(bound ${bound}\\)$`, 'm');
const LINES = [
  ulpLine('erff', 2), ulpLine('erfcf', 4), ulpLine('normcdff', 5), ulpLine('log1pf', 1), ulpLine('lgammaf', 6), ulpLine('tgammaf', 5),
  ulpLine('erfinvf', 2), ulpLine('erfcinvf', 4), ulpLine('normcdfinvf', 5), ulpLine('erf (float)', 2), ulpLine('lgamma (float)', 6), ulpLine('log1p (float)', 1),
  /^lgammaf zeros +ok {2}max absolute error 2\^-\d+\.\d \(bound 2\^-18\), \d\.\d{3} ulp where above it \(bound 6\)$/m,
  ulpLine('norm3df', 2), ulpLine('norm4df', 2), ulpLine('rnorm3df', 2), ulpLine('rnorm4df', 2), ulpLine('normf', 2), ulpLine('rnormf', 2),
  ulpLine('normf (thread)', 2), ulpLine('norm3d (float)', 2),
  /^remainderf +ok$/m, /^remquof +ok$/m, /^__frsqrt_rn +ok$/m,
  /^262144 arguments each$/m,
  /^PASSED$/m,
];

describe('float special functions: erf, erfc, erfinv, erfcinv, normcdf, normcdfinv, lgamma, tgamma, log1p, norms, remainder, remquo, __frsqrt_r*', () => {
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`within CUDA's ulp bounds, exact where CUDA is exact, on ${backend}`, async () => {
      const r = await cu2metal(['run', prog, '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      for (const l of LINES) assert.match(r.stdout, l, show(r));
    });
  }
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`__frsqrt_rz/rd/ru (gone from CUDA 13, still translated with a warning) round as directed on ${backend}`, async () => {
      const r = await cu2metal(['run', path.join('test', 'fixtures', 'fmath', 'frsqrt_directed.cu'), '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^__frsqrt_rz\/rd\/ru of 65536 arguments: 0 wrong \(rd\(2\) = 0x1\.6a09e6p-1, ru\(2\) = 0x1\.6a09e8p-1\)$/m, show(r));
      assert.match(r.stdout, /^PASSED$/m);
    });
  }
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`norm(dim, p) and rnorm(dim, p) of double arrays (global and local memory) within 1 ulp of long double on ${backend} (the fixture allows 2: an H100 was 1.44 ulp off)`, async () => {
      const r = await cu2metal(['run', path.join('test', 'fixtures', 'double', 'norm_array.cu'), '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^norm rnorm of double arrays: max 0\.\d{3} ulp \(bound 2\), 0 wrong$/m);
      assert.match(r.stdout, /^PASSED$/m);
    });
  }
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`a kernel template launched with double computes erf, lgamma, cbrt, hypot... in double, with float in float, on ${backend}`, async () => {
      const r = await cu2metal(['run', path.join('test', 'fixtures', 'fmath', 'template_double.cu'), '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^double instance: max relative error \d\.\de-1[4-7] \(tolerance 1e-14\)$/m);
      assert.match(r.stdout, /^PASSED$/m);
    });
  }
  test('the MSL defines only the helpers the program uses, each once, and calls them by readable names', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-test-'));
    const cu = path.join(dir, 'gelu.cu');
    fs.writeFileSync(cu, '__global__ void gelu(const float* x, float* y, int* q, int n) {\n  int i = blockIdx.x * blockDim.x + threadIdx.x;\n  if (i < n) y[i] = 0.5f * x[i] * (1.0f + erff(x[i] * 0.70710678f)) + normcdff(x[i]) + remquof(x[i], 3.0f, &q[i]);\n}\n');
    const r = await cu2metal(['translate', cu, '-o', dir]);
    assert.equal(r.code, 0, show(r));
    const msl = fs.readFileSync(path.join(dir, 'gelu.metal'), 'utf8');
    assert.match(msl, /y\[i\] = 0\.5f \* x\[i\] \* \(1\.0f \+ cu2m_erff\(x\[i\] \* 0\.70710678f\)\) \+ cu2m_normcdff\(x\[i\]\) \+ cu2m_remquof\(x\[i\], 3\.0f, &q\[i\]\);/);
    for (const def of ['inline float cu2m_exp_acc(float hi, float lo)', 'inline float cu2m_erfc_pos(float x, float xl)', 'inline float cu2m_erff(float x)', 'inline float cu2m_normcdff(float x)', 'inline float cu2m_remquo_core(', 'template <typename Q> inline float cu2m_remquof(']) {
      assert.equal(msl.split(def).length - 1, 1, def);
    }
    assert.doesNotMatch(msl, /cu2m_lgamma|cu2m_tgamma|cu2m_log_acc|cu2m_erfinv|cu2m_norm_n|cu2m_rsqrt_dir|\bdouble\b/, 'helpers the program does not use, or a double');
  });
  test('a program that used to be refused now translates (check: 0 errors)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-test-'));
    const cu = path.join(dir, 'was.cu');
    fs.writeFileSync(cu, '__global__ void k(float* p, int* q) {\n  p[0] = lgammaf(p[1]) + tgammaf(p[2]) + erfinvf(p[3]) + erfcinvf(p[4]) + normcdfinvf(p[5]) + log1pf(p[6]) + erfcf(p[7]);\n  p[8] = norm3df(p[0], p[1], p[2]) + rnorm4df(p[0], p[1], p[2], p[3]) + normf(4, p) + rnormf(3, p) + remainderf(p[1], p[2]);\n  p[9] = __frsqrt_rz(p[1]) + __frsqrt_rd(p[1]) + __frsqrt_ru(p[1]);\n}\n');
    const r = await cu2metal(['check', cu]);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout + r.stderr, /translates — 0 error\(s\)/);
  });
});

// Bessel functions (tables/bessel.ts for float, src/translate/f64Bessel.ts for software double):
// test/fixtures/bessel/bessel.cu checks 65,536 float and 16,384 double arguments of each (every float
// within 300 ulp and every double within 100 ulp of each zero below 8 among them) against the host's
// long double functions with CUDA's documented bounds, on both CPU backends.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cu2metal, show } from '../helpers/cli';

const prog = path.join('test', 'fixtures', 'bessel', 'bessel.cu');
const FUNCTIONS = ['j0f', 'j1f', 'y0f', 'y1f', 'jnf', 'ynf', 'cyl_bessel_i0f', 'cyl_bessel_i1f', 'j0', 'j1', 'y0', 'y1', 'jn', 'yn', 'cyl_bessel_i0', 'cyl_bessel_i1'];

describe('Bessel functions (j0f, y1f, jnf, cyl_bessel_i0f... and their double versions)', () => {
  const outputs = new Map<string, string>();
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`within CUDA's bounds on every argument, on ${backend}`, async () => {
      const r = await cu2metal(['run', prog, '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      for (const f of FUNCTIONS) assert.match(r.stdout, new RegExp(`^${f} +ok {2}max \\d+\\.\\d+ ulp, max \\S+ absolute`, 'm'), f);
      assert.match(r.stdout, /^65536 float and 16384 double arguments each$/m);
      assert.match(r.stdout, /^PASSED$/m);
      outputs.set(backend, r.stdout);
    });
  }
  test('the double versions give the same bits on both backends (the same code, software double and native double)', () => {
    const lines = (s: string | undefined): string[] => (s ?? '').split('\n').filter((l) => /^(j0|j1|y0|y1|jn|yn) /.test(l));
    assert.equal(lines(outputs.get('msl-cpu')).length, 6);
    assert.deepEqual(lines(outputs.get('msl-cpu')), lines(outputs.get('cuda-cpu')));
  });
  test('the MSL defines only the helpers the program uses, once, readable; the order of jn stays an int', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-test-'));
    const cu = path.join(dir, 'few.cu');
    fs.writeFileSync(cu, '__global__ void k(float* p, double* d, int n) {\n  p[0] = j0f(p[1]) + jnf(n, p[2]) + cyl_bessel_i1f(p[3]);\n  d[0] = jn(n, d[1]) + y0(d[2]) + j0(3);\n}\n');
    const r = await cu2metal(['translate', cu, '-o', dir]);
    assert.equal(r.code, 0, show(r));
    const msl = fs.readFileSync(path.join(dir, 'few.metal'), 'utf8');
    assert.match(msl, /p\[0\] = cu2m_j0f\(p\[1\]\) \+ cu2m_jnf\(n, p\[2\]\) \+ cu2m_cyl_bessel_i1f\(p\[3\]\);/);
    assert.match(msl, /d\[0\] = jn\(n, d\[1\]\) \+ y0\(d\[2\]\) \+ j0\(f64\(3\)\);/);
    for (const def of ['inline float cu2m_j0f(float x)', 'inline float cu2m_j1f(float x)', 'inline float cu2m_jnf(int n, float x)', 'inline float cu2m_cyl_bessel_i1f(float x)', 'struct cu2m_ff']) {
      assert.equal(msl.split(def).length, 2, def);
    }
    assert.doesNotMatch(msl, /cu2m_y0f|cu2m_ynf|cu2m_cyl_bessel_i0f/, 'helpers the program does not use');
  });
  test('a program that used to be refused now passes check', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-test-'));
    const cu = path.join(dir, 'was.cu');
    fs.writeFileSync(cu, '__global__ void k(float* p, double* d) {\n  p[0] = y1f(p[1]) + ynf(4, p[2]) + cyl_bessel_i0f(p[3]);\n  d[0] = yn(2, d[1]) + cyl_bessel_i1(d[2]) + j1(d[3]);\n}\n');
    const r = await cu2metal(['check', cu]);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout + r.stderr, /translates — 0 error\(s\)/);
  });
});

// __device__ functions passed as values where the callee is known at compile time
// (src/translate/functionValues.ts): cg::reduce's op and a template `Op` parameter get a functor
// struct; both CPU backends agree; other uses of a function as a value are still refused.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cu2metal, show } from '../helpers/cli';

const prog = path.join('test', 'fixtures', 'function_values', 'function_values.cu');
const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-fnval-'));

describe('device functions passed as values', { concurrency: false }, () => {
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`cg::reduce with a function (a float, a struct), a template Op parameter: PASSED on ${backend}`, async () => {
      const r = await cu2metal(['run', prog, '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^row 1: norm 31\.1649, peak 7\.0, max 5\.0, span 12\.0$/m, show(r));
      assert.match(r.stdout, /^row 3: norm 38\.7331, peak 9\.0, max 5\.0, span 14\.0$/m, show(r));
      assert.match(r.stdout, /^PASSED$/m, show(r));
    });
  }
  test('diff: every copy matches the reference', async () => {
    const r = await cu2metal(['diff', prog]);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /OK: 4 of 4 copies match/, show(r));
  });
  test('each function passed gets a functor after it; the use is an instance of it', async () => {
    const dir = tmp();
    const r = await cu2metal(['translate', prog, '-o', dir]);
    assert.equal(r.code, 0, show(r));
    const msl = fs.readFileSync(path.join(dir, 'function_values.metal'), 'utf8');
    assert.match(msl, /inline float larger\(float a, float b\) \{ return a > b \? a : b; \}\nstruct cu2m_fn_larger \{ template <typename\.\.\. A> auto operator\(\)\(A\.\.\. a\) const \{ return larger\(a\.\.\.\); \} \};/);
    assert.match(msl, /norms\[row\] = sqrt\(foldRow\(r, cols, 0\.0f, cu2m_fn_addSquare\(\)\)\);/);
    assert.match(msl, /peaks\[row\] = foldRow\(r, cols, 0\.0f, cu2m_fn_keepLargerAbs\(\)\);/);
    assert.match(msl, /float top = cg::reduce\(warp, mine, cu2m_fn_larger\(\)\);/);
    assert.match(msl, /mine = larger\(mine, r\[i\]\);/); // direct calls stay
    assert.match(msl, /Range all = cg::reduce\(warp, part, cu2m_fn_widen\(\)\);/);
    assert.match(msl, /inline T reduce_shuffle_xor\(T v, ushort m, integral_constant<bool, false>\) \{/); // a struct, word by word
    assert.equal(msl.match(/struct cu2m_fn_larger\b/g)?.length, 1);
  });
  test('a function pointer variable, a non-template parameter and a function that reads built-ins are still refused', async () => {
    const dir = tmp();
    const file = path.join(dir, 'f.cu');
    fs.writeFileSync(file, [
      '__device__ float sq(float x) { return x * x; }',
      '__device__ float shifted(float x) { return x + threadIdx.x; }',
      '__device__ float apply(float (*f)(float), float x) { return f(x); }',
      'template <class F> __device__ float call(F f, float x) { return f(x); }',
      '__global__ void k(float *p) {',
      '  float (*g)(float) = sq;',
      '  p[0] = apply(sq, p[1]) + call(shifted, p[2]) + g(p[3]);',
      '}',
      '',
    ].join('\n'));
    const r = await cu2metal(['check', '--no-build', file]);
    assert.equal(r.code, 3, show(r));
    assert.match(r.stderr, /f\.cu:6:9: error: function pointers are not supported in device code: 'g' is a function pointer/, show(r));
    assert.match(r.stderr, /f\.cu:7:16: error: function pointers are not supported in device code: 'sq' is used as a value/, show(r));
    assert.match(r.stderr, /f\.cu:7:33: error: function pointers are not supported in device code: 'shifted' is used as a value/, show(r));
  });
});

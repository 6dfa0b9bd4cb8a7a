// Names qualified by the program's own types, and `static constexpr` locals, in device code
// (src/translate/scopedNames.ts, staticLocals.ts, enumArgs.ts): a traits class template's nested
// type, a class template's static member functions and reference-returning accessors, a
// comparator template parameter, an enum class as a kernel template argument, static constexpr
// data members, a nested struct. Both CPU backends run the self-checking program and agree.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cu2metal, show } from '../helpers/cli';

const prog = path.join('test', 'fixtures', 'scoped_names', 'scoped_names.cu');
const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-scoped-'));

describe('names qualified by the program\'s types', { concurrency: false }, () => {
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`Traits<T>::Acc, Interval<T>::empty(), Cmp::compare, Mode::Scale, Tuning::Inner: PASSED on ${backend}`, async () => {
      const r = await cu2metal(['run', prog, '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^float\/Less\/Add: out\[5\] = 96, flags\[5\] = 6$/m, show(r));
      assert.match(r.stdout, /^int\/Greater\/Scale: out\[5\] = 101, flags\[5\] = 0$/m, show(r));
      assert.match(r.stdout, /^PASSED$/m, show(r));
    });
  }
  test('diff: every copy matches the reference (enum-class instances named alike on both sides)', async () => {
    const r = await cu2metal(['diff', prog]);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /'scoped_float_Less_Mode_Add'/, show(r));
    assert.match(r.stdout, /'scoped_int_Greater_Mode_Scale'/, show(r));
    assert.match(r.stdout, /OK: 4 of 4 copies match/, show(r));
  });
  test('the MSL keeps the qualified names, qualifies reference returns and static members', async () => {
    const dir = tmp();
    const r = await cu2metal(['translate', prog, '-o', dir]);
    assert.equal(r.code, 0, show(r));
    const msl = fs.readFileSync(path.join(dir, 'scoped_names.metal'), 'utf8');
    assert.match(msl, /template <> struct Traits<int> \{ typedef long Acc; \};/); // the specialisation goes along
    assert.match(msl, /thread T &lower\(\) thread \{ return lo; \}/);
    assert.match(msl, /thread T const &lower\(\) const thread \{ return lo; \}/);
    assert.match(msl, /static constexpr constant int Block = 64;/);
    assert.match(msl, /struct Inner \{ int a, b; int sum\(\) const \{ return a \+ b; \} \};/);
    assert.match(msl, /Interval<T> e = Interval<T>::empty\(\);/);
    assert.match(msl, /if \(M == Mode::Scale\)/);
    assert.match(msl, /^ {2}constexpr int kScale = 3;$/m);
    assert.match(msl, /^ {2}const float kHalf = 0\.5f;$/m);
  });
  test('a mutable static local is still refused; a static const with a run-time value too', async () => {
    const dir = tmp();
    const file = path.join(dir, 's.cu');
    fs.writeFileSync(file, '__global__ void k(int *p) {\n  static int calls = 0;\n  static const int first = p[0];\n  static constexpr int ok = 4;\n  p[1] = calls + first + ok;\n}\n');
    const r = await cu2metal(['check', '--no-build', file]);
    assert.equal(r.code, 3, show(r));
    assert.match(r.stderr, /s\.cu:2:3: error: 'static' local variables are not available in Metal \[C2M1001\]/, show(r));
    assert.match(r.stderr, /s\.cu:3:3: error: 'static' local variables are not available in Metal \[C2M1001\]/, show(r));
    assert.doesNotMatch(r.stderr, /s\.cu:4:/, show(r));
  });
});

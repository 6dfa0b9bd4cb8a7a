// The software-double library in the MSL holds only what the program calls (src/translate/preludePrune.ts).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { prunePrelude } from '../../src/translate/preludePrune';
import { F64_PRELUDE } from '../../src/translate/f64Prelude';
import { translateSource } from '../../src/translate/index';

const msl = (code: string): string => {
  const t = translateSource('t.cu', code);
  assert.ok(t.ok, JSON.stringify(t.diagnostics.map((d) => d.message)));
  return t.msl;
};

describe('software-double prelude pruning', () => {
  test('a kernel that only adds doubles carries the f64 type and operators, not the math library', () => {
    const out = msl('__global__ void k(double* a, const double* b) { a[threadIdx.x] += b[threadIdx.x]; }\n');
    assert.match(out, /struct f64 \{/);
    assert.match(out, /inline f64 operator\+\(f64 a, f64 b\)|operator\+/);
    for (const fn of ['j0', 'erfinv', 'lgamma', 'cyl_bessel_i0', 'normcdfinv']) assert.doesNotMatch(out, new RegExp(`inline f64 ${fn}\\(`), fn);
    assert.match(out, /functions of the library this program does not call are left out/);
  });
  test('a called function keeps its definition and what it calls, with every overload of those names', () => {
    const out = msl('__global__ void k(double* a) { a[0] = j0(a[1]) + erfinv(a[2]); }\n');
    assert.match(out, /inline f64 j0\(f64 x\)/);
    assert.match(out, /inline f64 erfinv\(f64 y\)/);
    assert.doesNotMatch(out, /inline f64 cyl_bessel_i1\(/);
  });
  test('on the library text itself: nothing called keeps no plain function; everything called keeps all', () => {
    const none = prunePrelude(F64_PRELUDE, '');
    const all = prunePrelude(F64_PRELUDE, F64_PRELUDE);
    assert.ok(none.split('\n').length < F64_PRELUDE.split('\n').length / 2);
    assert.equal(all, F64_PRELUDE, 'a program naming every function keeps the prelude unchanged');
    assert.match(none, /struct f64 \{/);
    assert.equal(prunePrelude('', 'x'), '');
  });
});

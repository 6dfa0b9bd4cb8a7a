// thrust::tuple in device code (tables/stdNames.ts TUPLE_DEFINITION): `cu2m_tuple<A, B, ...>`
// with members v0..v3, thrust::get<I> as cu2m_get<I> (read and written), thrust::make_tuple as
// cu2m_make_tuple. test/fixtures/thrust_tuple compares (id, level) tuples in a functor and returns
// a tuple from a helper, on both CPU backends; pair_get.cu reads and writes a std::pair through std::get.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { STD_POLYFILLED_FUNCTIONS, STD_POLYFILLED_TEMPLATES } from '../../src/translate/tables/stdNames';
import { cu2metal, show } from '../helpers/cli';

const prog = path.join('test', 'fixtures', 'thrust_tuple', 'tuple_levels.cu');

describe('thrust::tuple in device code', { concurrency: false }, () => {
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`deepest node and mean per segment: PASSED on ${backend}`, async () => {
      const r = await cu2metal(['run', prog, '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^best\[0\] = 6, best\[99\] = 1592, mean\[7\] = 2\.000$/m, show(r));
      assert.match(r.stdout, /^PASSED$/m, show(r));
    });
  }
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`std::get<0>/<1> of a std::pair (read and written): PASSED on ${backend}`, async () => {
      const r = await cu2metal(['run', path.join('test', 'fixtures', 'thrust_tuple', 'pair_get.cu'), '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^argmin\[0\] = 0 \(-100\.0\), argmin\[31\] = 415 \(-94\.0\)$/m, show(r));
      assert.match(r.stdout, /^PASSED$/m, show(r));
    });
  }
  test('the MSL uses our tuple struct, get and make_tuple', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-tuple-'));
    const r = await cu2metal(['translate', prog, '-o', dir]);
    assert.equal(r.code, 0, show(r));
    const msl = fs.readFileSync(path.join(dir, 'tuple_levels.metal'), 'utf8');
    assert.ok(msl.includes('struct cu2m_tuple {\n  T0 v0;\n  T1 v1;\n  T2 v2;\n  T3 v3;'), msl);
    // The two-element tuple (IdLevel) is the specialization without empty members.
    assert.ok(msl.includes('struct cu2m_tuple<T0, T1, cu2m_tuple_none, cu2m_tuple_none> {\n  T0 v0;\n  T1 v1;\n  cu2m_tuple() = default;'), msl);
    assert.ok(msl.includes('typedef cu2m_tuple<int, int> IdLevel;'), msl);
    assert.ok(msl.includes('cu2m_tuple<int, float, int> segmentStats('), msl);
    assert.ok(msl.includes('return cu2m_make_tuple(len, sum, deepest);'), msl);
    assert.ok(msl.includes('cu2m_get<1>(st) *= 2.0f;'), msl);
    assert.ok(msl.includes('return cu2m_get<1>(a) == cu2m_get<1>(b) ? cu2m_get<0>(a) < cu2m_get<0>(b)'), msl);
    assert.doesNotMatch(msl, /thrust::/);
  });
  test('cu2m_tuple of one to four elements is the size of a plain struct of them (clang++)', () => {
    const def = STD_POLYFILLED_TEMPLATES.get('tuple')?.definition ?? '';
    const checks = [
      'struct P1 { int a; }; struct P2 { char a; int b; }; struct P3 { float a; char b; short c; }; struct P4 { int a, b, c, d; };',
      'static_assert(sizeof(cu2m_tuple<int>) == sizeof(P1), "1");',
      'static_assert(sizeof(cu2m_tuple<char, int>) == sizeof(P2), "2");',
      'static_assert(sizeof(cu2m_tuple<int, int>) == 8, "2i");',
      'static_assert(sizeof(cu2m_tuple<float, char, short>) == sizeof(P3), "3");',
      'static_assert(sizeof(cu2m_tuple<int, int, int, int>) == sizeof(P4), "4");',
      'int main() { cu2m_tuple<int, float> t(1, 2.0f); cu2m_get<1>(t) *= 2.0f; cu2m_tuple<int> u(3); return cu2m_get<0>(u) + cu2m_get<0>(t) == 4 && cu2m_get<1>(t) == 4.0f ? 0 : 1; }',
    ];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-tuple-size-'));
    const src = path.join(dir, 'size.cpp');
    // `thread` is MSL's address space of locals: nothing in C++.
    fs.writeFileSync(src, ['#define thread', def, STD_POLYFILLED_FUNCTIONS.get('get')?.definition ?? '', ...checks, ''].join('\n'));
    const exe = path.join(dir, 'size');
    const c = spawnSync('clang++', ['-std=c++17', '-Wall', '-Werror', src, '-o', exe], { encoding: 'utf8' });
    assert.equal(c.status, 0, c.stderr);
    assert.equal(spawnSync(exe).status, 0);
  });
});

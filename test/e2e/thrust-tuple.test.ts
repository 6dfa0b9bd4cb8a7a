// thrust::tuple in device code (tables/stdNames.ts TUPLE_DEFINITION): `cu2m_tuple<A, B, ...>`
// with members v0..v3, thrust::get<I> as cu2m_get<I> (read and written), thrust::make_tuple as
// cu2m_make_tuple. test/fixtures/thrust_tuple compares (id, level) tuples in a functor and returns
// a tuple from a helper, on both CPU backends; pair_get.cu reads and writes a std::pair through std::get.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
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
    assert.ok(msl.includes('typedef cu2m_tuple<int, int> IdLevel;'), msl);
    assert.ok(msl.includes('cu2m_tuple<int, float, int> segmentStats('), msl);
    assert.ok(msl.includes('return cu2m_make_tuple(len, sum, deepest);'), msl);
    assert.ok(msl.includes('cu2m_get<1>(st) *= 2.0f;'), msl);
    assert.ok(msl.includes('return cu2m_get<1>(a) == cu2m_get<1>(b) ? cu2m_get<0>(a) < cu2m_get<0>(b)'), msl);
    assert.doesNotMatch(msl, /thrust::/);
  });
});

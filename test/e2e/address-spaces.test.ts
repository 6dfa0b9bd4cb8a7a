// Address spaces real programs need (src/translate/addressSpaces.ts, typed.ts): null and commented
// helper arguments, `c ? x : y` bound to references, array members through `->`/`.`, `auto`
// pointers and casts of them, `reinterpret_cast<T&>(*this)`, member arrays pointed into, string
// literals as pointers, helpers returning pointers into device/threadgroup/thread memory, and
// `&params.table[i][0]` of a by-value kernel parameter. The self-checking program runs on both CPU
// backends and `diff` compares every copy back.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cu2metal, show } from '../helpers/cli';

const prog = path.join('test', 'fixtures', 'address_spaces', 'address_spaces.cu');

describe('address spaces real programs need', { concurrency: false }, () => {
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`null/commented arguments, ternary references, array members, auto pointers, members, pointer returns: PASSED on ${backend}`, async () => {
      const r = await cu2metal(['run', prog, '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^limbs: acc\[5\]\.n\[2\] = 3059$/m, show(r));
      assert.match(r.stdout, /^optional: out\[9\] = 103, sums\[9\] = 6$/m, show(r));
      assert.match(r.stdout, /^member: counts\[3\] = 412$/m, show(r));
      assert.match(r.stdout, /^returns: res\[7\] = 1123$/m, show(r));
      assert.match(r.stdout, /^PASSED$/m, show(r));
    });
  }
  test('diff: every copy matches the reference', async () => {
    const r = await cu2metal(['diff', prog]);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /OK: 9 of 9 copies match/, show(r));
  });
  test('the MSL: one overload per space, return types in the space returned into, hoisted string, thread member', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-spaces-'));
    const r = await cu2metal(['translate', prog, '-o', dir]);
    assert.equal(r.code, 0, show(r));
    const msl = fs.readFileSync(path.join(dir, 'address_spaces.metal'), 'utf8');
    assert.match(msl, /inline device float \*element\(device float \*base, int i, int stride\)/);
    assert.match(msl, /inline threadgroup float \*element\(threadgroup float \*base, int i, int stride\)/);
    assert.match(msl, /inline thread float \*element\(thread float \*base, int i, int stride\)/);
    assert.match(msl, /inline void add_limbs\(thread unsigned \*r, const device unsigned \*a\)/);
    assert.match(msl, /inline void add_limbs\(device unsigned \*r, const thread unsigned \*a\)/);
    assert.match(msl, /inline float accumulate\(device float \*partial, const device float \*in, int count\)/);
    assert.match(msl, /accumulate\(\/\* partial \*\/ nullptr, row, 4\)/);
    assert.match(msl, /inline bool less_than\(const thread int &a, const thread int &b\)/);
    assert.match(msl, /float2 v = \*\(reinterpret_cast<const device float2 \*>\(base\)\);/);
    assert.match(msl, /constant char cu2m_str_0\[\] = "salt";/);
    assert.match(msl, /void bump\(\) thread \{/);
    assert.match(msl, /inline void scale3\(thread float \*out, const constant float \*coef\)/);
  });
});

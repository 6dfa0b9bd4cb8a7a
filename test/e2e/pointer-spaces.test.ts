// Address spaces the translator used to refuse (src/translate/fieldSpaces.ts, function.ts,
// translate.ts, run.ts): thread arrays passed to a template defined only by explicit
// specialisations, `warpSize` as a default argument, a member returning a pointer into its own
// array member, pointer fields of kernel-local structs into thread and threadgroup memory, and a
// function of another .cu called with thread, device and threadgroup pointers. The self-checking
// programs run on both CPU backends and `diff` compares every copy back.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cu2metal, show } from '../helpers/cli';

const dir = path.join('test', 'fixtures', 'ptr_spaces');
const prog = path.join(dir, 'ptr_spaces.cu');
const multi = ['main.cu', 'series.cu'].map((f) => path.join(dir, 'multi', f));

describe('pointer spaces: specialisations, pointer fields, other files', { concurrency: false }, () => {
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`specialisations with thread arrays, warpSize default, member array pointer, thread and threadgroup pointer fields: PASSED on ${backend}`, async () => {
      const r = await cu2metal(['run', prog, '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^copy: out\[9\] = 5$/m, show(r));
      assert.match(r.stdout, /^warp: out\[5\] = 123$/m, show(r));
      assert.match(r.stdout, /^view: buf\[12\] = 204, counts\[3\] = 8$/m, show(r));
      assert.match(r.stdout, /^schedule: values\[4\] = 17\.25$/m, show(r));
      assert.match(r.stdout, /^ring: out\[40\] = 181$/m, show(r));
      assert.match(r.stdout, /^pack: out\[3\] = 11\.5$/m, show(r));
      assert.match(r.stdout, /^PASSED$/m, show(r));
    });
    test(`a function of another .cu called with thread, device and threadgroup coefficients: PASSED on ${backend}`, async () => {
      const r = await cu2metal(['run', ...multi, '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^series: out\[10\] = 4\.649889$/m, show(r));
      assert.match(r.stdout, /^PASSED$/m, show(r));
    });
  }
  test('diff: every copy matches the reference', async () => {
    const r = await cu2metal(['diff', prog]);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /OK: 8 of 8 copies match/, show(r));
    const m = await cu2metal(['diff', ...multi]);
    assert.equal(m.code, 0, show(m));
    assert.match(m.stdout, /OK: \d+ of \d+ copies match/, show(m));
  });
  test('the MSL: one specialisation per space, fields in the space of their stores, the other file\'s overloads', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-ptrspaces-'));
    const r = await cu2metal(['translate', prog, '-o', out]);
    assert.equal(r.code, 0, show(r));
    const msl = fs.readFileSync(path.join(out, 'ptr_spaces.metal'), 'utf8');
    assert.match(msl, /void copy_vec<float, 2>\(thread float \*dst, const device float \*src\)/);
    assert.match(msl, /void copy_vec<float, 1>\(device float \*dst, const thread float \*src\)/);
    assert.match(msl, /void copy_vec\(thread T \*dst, const device T \*src\);/);
    assert.match(msl, /float xor_sum\(uint3 threadIdx, uint3 blockDim, float v, int width = 32\)/);
    assert.match(msl, /const thread int \*sizes\(\) thread const \{ return size_; \}/);
    assert.match(msl, /struct Schedule \{\n\s*thread Payment \*items;/);
    assert.match(msl, /struct Node \{\n\s*threadgroup Node \*next;/);
    assert.match(msl, /thread T \*ptr\(\);/);
    assert.match(msl, /thread float \*ptr\(\) thread \{ return &data; \}/);
    const m = await cu2metal(['translate', ...multi, '-o', out]);
    assert.equal(m.code, 0, show(m));
    const two = fs.readFileSync(path.join(out, 'main.metal'), 'utf8');
    assert.match(two, /f64 cheb_series\(f64 x, const thread f64 \*a, int degree\) \{/);
    assert.match(two, /f64 cheb_series\(f64 x, const device f64 \*a, int degree\) \{/);
    assert.match(two, /f64 cheb_series\(f64 x, const threadgroup f64 \*a, int degree\) \{/);
  });
});

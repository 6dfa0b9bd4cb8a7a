// 16-bit atomics (atomicAdd on __half/__half2/__nv_bfloat16/__nv_bfloat162, atomicCAS on unsigned
// short) under heavy contention in global and shared memory: self-checking programs on both CPU
// backends (sums against the serial reference, the returned old values as a serial chain, ties
// rounded to even, the other half-word untouched, +1/-1 hammering that any lost update breaks),
// and `diff` of every order-independent copy.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cu2metal, show } from '../helpers/cli';

const fixture = (name: string): string => path.join('test', 'fixtures', 'half', name);
/** bfloat needs MSL 3.1. */
const MSL31 = { CU2METAL_MSL_VERSION: '3.1' };

const programs: ReadonlyArray<readonly [string, string, NodeJS.ProcessEnv]> = [
  ['atomics16.cu', '__half and __half2 atomicAdd, unsigned short atomicCAS', {}],
  ['atomics16_bf16.cu', '__nv_bfloat16 and __nv_bfloat162 atomicAdd, unsigned short atomicCAS', MSL31],
];

for (const [file, what, env] of programs) {
  describe(`${file}: ${what}`, { concurrency: false }, () => {
    for (const backend of ['msl-cpu', 'cuda-cpu']) {
      test(`prints PASSED on ${backend}`, async () => {
        const r = await cu2metal(['run', fixture(file), '--backend', backend], { env });
        assert.equal(r.code, 0, show(r));
        assert.match(r.stdout, /^PASSED$/m, show(r));
        assert.doesNotMatch(r.stdout, /MISMATCH/, show(r));
      });
    }
    test('diff: msl-cpu and cuda-cpu agree bit for bit on every order-independent copy', async () => {
      const r = await cu2metal(['diff', fixture(file), '--json', '--', 'sums'], { env });
      assert.equal(r.code, 0, show(r));
      const report = JSON.parse(r.stdout) as { ok: boolean; copies: unknown[] };
      assert.equal(report.ok, true, r.stdout);
      assert.equal(report.copies.length, 13, r.stdout);
    });
  });
}

describe('raw.cu: __half_raw, __half2_raw and the bfloat16 raw structs in device code', { concurrency: false }, () => {
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`prints PASSED on ${backend}`, async () => {
      const r = await cu2metal(['run', fixture('raw.cu'), '--backend', backend], { env: MSL31 });
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^PASSED$/m, show(r));
    });
  }
  test('diff: both backends agree', async () => {
    const r = await cu2metal(['diff', fixture('raw.cu'), '--json'], { env: MSL31 });
    assert.equal(r.code, 0, show(r));
    assert.equal((JSON.parse(r.stdout) as { ok: boolean }).ok, true, r.stdout);
  });
});

test('f16atomic-style: a __half2 atomicAdd through reinterpret_cast of a __half buffer gives the exact count', async () => {
  const r = await cu2metal(['run', fixture('atomics16_cast.cu'), '--backend', 'msl-cpu']);
  assert.equal(r.code, 0, show(r));
  assert.match(r.stdout, /^PASSED$/m, show(r));
});

describe('overloaded_kernels.cu: kernels overloaded by parameter type (f16atomic\'s pattern)', { concurrency: false }, () => {
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`prints PASSED on ${backend}`, async () => {
      const r = await cu2metal(['run', fixture('overloaded_kernels.cu'), '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^PASSED$/m, show(r));
    });
  }
  test('diff: both backends agree on every copy', async () => {
    const r = await cu2metal(['diff', fixture('overloaded_kernels.cu'), '--json']);
    assert.equal(r.code, 0, show(r));
    const report = JSON.parse(r.stdout) as { ok: boolean; copies: unknown[] };
    assert.equal(report.ok, true, r.stdout);
    assert.equal(report.copies.length, 4, r.stdout);
  });
});

// 64-bit atomics (src/translate/atomics64.ts) under heavy contention: every CUDA 64-bit atomic on
// unsigned long long, long long and double, in global and shared memory, a user-written atomicCAS
// loop for a double maximum, a helper that does its atomic for the kernel, and a kernel template
// with 32-bit and 64-bit instances. The program checks exact results itself (sums, min/max/bit
// operations against the serial reference, the old values as chains, CAS tickets all different);
// it must print PASSED on both CPU backends. msl-cpu needs MSL 3.2 for the lock's fences.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cu2metal, show } from '../helpers/cli';

const fixture = path.join('test', 'fixtures', 'atomics', 'atomics64.cu');
const MSL32 = { CU2METAL_MSL_VERSION: '3.2' };

describe('atomics64.cu: every 64-bit atomic hammered from many threads and blocks', { concurrency: false }, () => {
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`prints PASSED on ${backend}`, async () => {
      const r = await cu2metal(['run', fixture, '--backend', backend], { env: MSL32 });
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^PASSED$/m, show(r));
      assert.doesNotMatch(r.stdout, /MISMATCH/, show(r));
    });
  }
  test('both backends print the same totals', async () => {
    const a = await cu2metal(['run', fixture, '--backend', 'msl-cpu'], { env: MSL32 });
    const b = await cu2metal(['run', fixture, '--backend', 'cuda-cpu'], { env: MSL32 });
    assert.equal(a.code, 0, show(a));
    assert.equal(b.code, 0, show(b));
    assert.match(a.stdout, /^sum 180000001800 /m);
    assert.equal(a.stdout, b.stdout);
  });
});

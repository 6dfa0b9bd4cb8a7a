// 64-bit atomics (src/translate/atomics64.ts) under heavy contention: every CUDA 64-bit atomic on
// unsigned long long, long long and double, in global and shared memory, a user-written atomicCAS
// loop for a double maximum, a helper that does its atomic for the kernel, and a kernel template
// with 32-bit and 64-bit instances. The program checks exact results itself (sums, min/max/bit
// operations against the serial reference, the old values as chains, CAS tickets all different);
// it must print PASSED on both CPU backends. msl-cpu needs MSL 3.2 for the lock's fences, and
// picks it by itself (the translation records it: src/translate/mslVersion.ts), with a note.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cu2metal, show } from '../helpers/cli';

const fixture = path.join('test', 'fixtures', 'atomics', 'atomics64.cu');
// No version set: msl-cpu compiles for the MSL 3.2 the program needs.
const UNSET = { CU2METAL_MSL_VERSION: undefined };

describe('atomics64.cu: every 64-bit atomic hammered from many threads and blocks', { concurrency: false }, () => {
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`prints PASSED on ${backend}`, async () => {
      const r = await cu2metal(['run', fixture, '--backend', backend], { env: UNSET });
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^PASSED$/m, show(r));
      assert.doesNotMatch(r.stdout, /MISMATCH/, show(r));
      if (backend === 'msl-cpu') assert.match(r.stderr, /^cu2metal: note: MSL 3\.2 \(macOS 15\) is needed for 64-bit atomics \(atomic_thread_fence\): msl-cpu compiles for it$/m, show(r));
      else assert.doesNotMatch(r.stderr, /MSL 3\.2/, show(r));
    });
  }
  test('both backends print the same totals', async () => {
    const a = await cu2metal(['run', fixture, '--backend', 'msl-cpu'], { env: UNSET });
    const b = await cu2metal(['run', fixture, '--backend', 'cuda-cpu'], { env: UNSET });
    assert.equal(a.code, 0, show(a));
    assert.equal(b.code, 0, show(b));
    assert.match(a.stdout, /^sum 180000001800 /m);
    assert.equal(a.stdout, b.stdout);
  });
  test('an explicitly chosen older MSL still stops at the #error, with a note naming the choice and the need', async () => {
    const r = await cu2metal(['run', fixture, '--backend', 'msl-cpu'], { env: { CU2METAL_MSL_VERSION: '3.1' } });
    assert.equal(r.code, 4, show(r));
    assert.match(r.stderr, /error: "this program uses 64-bit or double atomics, emulated under a lock that needs atomic_thread_fence: MSL 3\.2 \(macOS 15\) or newer"/, show(r));
    assert.match(r.stderr, /note: CU2METAL_MSL_VERSION=3\.1 selects MSL 3\.1, but this program needs MSL 3\.2 \(macOS 15\) for 64-bit atomics \(atomic_thread_fence\)/, show(r));
    assert.doesNotMatch(r.stdout, /PASSED/, show(r));
  });
});

// Shuffles of values wider than 64 bits through cooperative-groups tiles (uint4, float4):
// the cuda-cpu reference moves them 8 bytes at a time (it stopped on a static_assert before; NVIDIA's
// shfl_scan sample shuffles uint4), msl-cpu through Metal's simd_shuffle overloads.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cu2metal, show } from '../helpers/cli';

const prog = path.join('test', 'fixtures', 'wide_shfl', 'wide_shfl.cu');

describe('shuffles of values wider than 64 bits', () => {
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`tile.shfl_xor/up/down of uint4 and float4 on ${backend}`, async () => {
      const r = await cu2metal(['run', prog, '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^PASSED \(0 mismatches\)$/m);
    });
  }
  test('diff: the msl-cpu run matches the reference', async () => {
    const r = await cu2metal(['diff', prog]);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /OK: 3 of 3 copies match/);
  });
});

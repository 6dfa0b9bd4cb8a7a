// memcpy/memset in device code between local, device, shared and constant memory: the same bytes
// on msl-cpu (the emitted MSL) and cuda-cpu (the original kernel), and `diff` agrees.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cu2metal, show } from '../helpers/cli';

const prog = path.join('test', 'fixtures', 'device_memcpy', 'device_memcpy.cu');

describe('device memcpy/memset', () => {
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`copies and sets every kind of memory on ${backend}`, async () => {
      const r = await cu2metal(['run', prog, '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^0 mismatches\nPASSED$/m);
    });
  }
  test('diff: translated run matches the reference', async () => {
    const r = await cu2metal(['diff', prog]);
    assert.equal(r.code, 0, show(r));
  });
});

// Cooperative groups passed as temporaries (`cg::reduce(cg::tiled_partition<8>(cg::this_thread_block()), ...)`):
// the prelude's group functions take groups by value, so a temporary deduces the tile size on the
// msl-cpu model too (a `thread const&` parameter did not: "could not match").
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cu2metal, show } from '../helpers/cli';

const prog = path.join('test', 'fixtures', 'coop_groups', 'temporaries.cu');

describe('cooperative groups as temporary arguments', () => {
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`reduce, sync and member calls on tiled_partition<N>(this_thread_block()) temporaries on ${backend}`, async () => {
      const r = await cu2metal(['run', prog, '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^PASSED$/m);
    });
  }
  test('diff: the msl-cpu run matches the reference', async () => {
    const r = await cu2metal(['diff', prog]);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /OK: 1 of 1 copies match/);
  });
});

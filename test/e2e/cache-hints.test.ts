// Cache-hinted loads and stores (src/translate/tables/moreFunctions.ts) run as plain memory
// accesses on both CPU backends.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cu2metal, show } from '../helpers/cli';

const prog = path.join('test', 'fixtures', 'cache_hints', 'cache_hints.cu');

describe('__ldcg & co., __stcs & co.', () => {
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`give the values of plain loads and stores on ${backend}`, async () => {
      const r = await cu2metal(['run', prog, '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^PASSED$/m);
    });
  }
});

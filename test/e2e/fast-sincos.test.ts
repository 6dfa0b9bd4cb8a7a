// __sincosf (tables/functions.ts FAST_SINCOS): Metal's fast::sincos, writing sin and cos through
// pointers into any memory (shared, thread, device). test/fixtures/fast_sincos rotates feature
// pairs as rotary embeddings do (HeCBench egs and attentionMultiHeadKVCache call it) and checks
// against double sin/cos within fast-math accuracy, on both CPU backends.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cu2metal, show } from '../helpers/cli';

const prog = path.join('test', 'fixtures', 'fast_sincos', 'rotary_sincos.cu');

describe('__sincosf', { concurrency: false }, () => {
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`rotary embedding within fast-math accuracy on ${backend}`, async () => {
      const r = await cu2metal(['run', prog, '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^rotated 64 positions: max error < 1e-4, sin max error < 1e-5$/m, show(r));
      assert.match(r.stdout, /^PASSED$/m, show(r));
    });
  }
  test('the MSL calls fast::sincos through a helper that takes pointers into any memory', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-sincos-'));
    const r = await cu2metal(['translate', prog, '-o', dir]);
    assert.equal(r.code, 0, show(r));
    const msl = fs.readFileSync(path.join(dir, 'rotary_sincos.metal'), 'utf8');
    assert.ok(msl.includes('inline void cu2m_fast_sincos(float x, P s, Q c) { float cv; *s = fast::sincos(x, cv); *c = cv; }'), msl);
    assert.ok(msl.includes('cu2m_fast_sincos(angle, &s_sin[k], &c);'), msl);
    assert.ok(msl.includes('cu2m_fast_sincos(angle, angleSin + pos * HALF_DIM + k, &c);'), msl);
  });
});

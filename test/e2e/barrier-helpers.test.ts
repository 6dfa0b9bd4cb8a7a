// __device__ helpers with barriers called by only some threads of the block (src/translate/
// barrierLoops.ts, Masking): after an early return, inside a loop and an if whose conditions the
// translator cannot prove block-uniform; a helper calling another. The fixture is valid CUDA (an
// H100 hung on its first version, where live threads skipped barriers); it stopped on msl-cpu
// before the machinery ("divergent barrier": Metal needs every thread at each barrier); it runs on
// both CPU backends and is diffed.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { translateSource } from '../../src/translate/index';
import { selfCheckingOnBothBackends } from '../helpers/cli';

const prog = path.join('test', 'fixtures', 'barrier_helpers', 'barrier_helpers.cu');

describe('helpers with barriers called by some threads only', () => {
  selfCheckingOnBothBackends(prog, 'block sums after returns, round sums in a barrier loop and under an if', { copies: 3 });
  test('the helpers take cu2m_active and every kernel is rewritten with no warning', () => {
    const t = translateSource(prog, fs.readFileSync(prog, 'utf8'), { includeDirs: [path.dirname(prog)] });
    assert.equal(t.ok, true, JSON.stringify(t.diagnostics));
    assert.deepEqual(t.diagnostics.filter((d) => d.code === 'C2M1017' || d.code === 'C2M1018'), []);
    assert.equal(t.msl.match(/bool cu2m_active = true\)/g)?.length, 3, 'blockBarrier, blockSum, roundSum');
    assert.match(t.msl, /blockSum<int>\(threadIdx, buf, v, count, !cu2m_done\)/);
    assert.match(t.msl, /roundSum\(slots, r, r < n \? g % 7 \+ 1 : 0, cu2m_loop1\)/);
    assert.match(t.msl, /roundSum\(slots, 1, v, cu2m_if1\)/);
    assert.equal(t.msl.match(/blockBarrier\(cu2m_active\)/g)?.length, 2);
  });
});

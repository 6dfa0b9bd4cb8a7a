// Loops with barriers that threads leave after different trip counts (src/translate/barrierLoops.ts):
// a self-checking program (pointer jumping inside `if (i < n)`, a `while (true)` with break and
// continue, a do-while around a block-uniform scan) that msl-cpu used to stop ("divergent barrier":
// Metal needs every thread at each barrier), on both CPU backends and diffed.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { translateSource } from '../../src/translate/index';
import { selfCheckingOnBothBackends } from '../helpers/cli';

const prog = path.join('test', 'fixtures', 'barrier_loops', 'barrier_loops.cu');

describe('threads that leave a loop with barriers after different trip counts', () => {
  selfCheckingOnBothBackends(prog, 'pointer jumping, a while loop with break/continue and a nested do-while', { copies: 6 });
  test('each kernel is rewritten (one flag comment each) with no warning', () => {
    const t = translateSource(prog, fs.readFileSync(prog, 'utf8'), { includeDirs: [path.dirname(prog)] });
    assert.equal(t.ok, true, JSON.stringify(t.diagnostics));
    assert.deepEqual(t.diagnostics.filter((d) => d.code === 'C2M1017' || d.code === 'C2M1018'), []);
    assert.equal(t.msl.match(/\/\/ cu2metal: threads that leave a loop with barriers/g)?.length, 3);
    assert.equal(t.msl.match(/cu2m_syncthreads_or\(cu2m_block_vote, cu2m_loop1/g)?.length, 3);
  });
});

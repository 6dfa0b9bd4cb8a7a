// Threads that return before a barrier (src/translate/earlyReturns.ts): a self-checking program
// (tiled stencil, block sums, __syncthreads_count/and/or, returns inside a loop and a switch, a
// cooperative thread block's sync() with a return inside the barrier loop) that msl-cpu used to
// stop ("divergent barrier": Metal needs every thread at each barrier), on both CPU backends and
// diffed; and which of its kernels msl-cpu now runs on work-item loops.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { translateSource } from '../../src/translate/index';
import { lowerMslForClang } from '../../src/build/mslLower';
import { mslWorkItemLoops } from '../../src/build/mslWorkItemLoops';
import { selfCheckingOnBothBackends } from '../helpers/cli';

const prog = path.join('test', 'fixtures', 'early_return', 'early_return.cu');

describe('threads that return before a barrier', () => {
  selfCheckingOnBothBackends(prog, 'stencil, reduction, votes, loop/switch returns and thread_block::sync after early returns', { copies: 5 });
  test('the rewritten kernels reach every barrier with every thread, so msl-cpu runs them on work-item loops', () => {
    const t = translateSource(prog, fs.readFileSync(prog, 'utf8'), { includeDirs: [path.dirname(prog)] });
    assert.equal(t.ok, true, JSON.stringify(t.diagnostics));
    assert.deepEqual(t.diagnostics.filter((d) => d.code === 'C2M1017'), []);
    assert.equal(t.msl.match(/\/\/ cu2metal: a thread that returns early stays alive/g)?.length, 5, 'one comment per kernel');
    assert.doesNotMatch(t.msl.slice(t.msl.indexOf('kernel void blur')), /\breturn;(?! \/\/ the whole block)/, 'only the block-uniform return is left');
    const lowered = lowerMslForClang(t.msl, 'k.metal');
    assert.deepEqual(lowered.errors, []);
    const verdicts = Object.fromEntries(mslWorkItemLoops(lowered.code, t.manifest).verdicts.map((v) => [v.kernel, v.reason]));
    for (const k of ['blur', 'rowHistogram', 'rounds']) assert.equal(verdicts[k], null, `${k}: ${verdicts[k]}`);
  });
});

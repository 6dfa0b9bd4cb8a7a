// __syncthreads_count/and/or (src/translate/blockVote.ts): a self-checking program on both CPU
// backends and diffed, and the shape of the MSL (kernel-scope counter passed down to helpers).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cu2metal, selfCheckingOnBothBackends, show } from '../helpers/cli';

const prog = path.join('test', 'fixtures', 'block_vote', 'block_vote.cu');

describe('__syncthreads_count / __syncthreads_and / __syncthreads_or', () => {
  selfCheckingOnBothBackends(prog, `all / none / some, in a loop, 2-D and 3-D blocks, inside __device__ helpers`, { copies: 2 });
  test('each kernel declares one threadgroup counter and passes it to the helpers that vote', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-test-'));
    const r = await cu2metal(['translate', prog, '-o', dir]);
    assert.equal(r.code, 0, show(r));
    const msl = fs.readFileSync(path.join(dir, 'block_vote.metal'), 'utf8');
    assert.match(msl, /int anyAbove\(threadgroup atomic_int& cu2m_block_vote, int v, int limit\) \{ return cu2m_syncthreads_or\(cu2m_block_vote, v > limit\); \}/);
    assert.match(msl, /int votes\(threadgroup atomic_int& cu2m_block_vote, int v\) \{ return anyAbove\(cu2m_block_vote, v, 1000\) \* 1000 \+ cu2m_syncthreads_count\(cu2m_block_vote, v % 3 == 0\); \}/);
    assert.equal(msl.match(/threadgroup atomic_int cu2m_block_vote;/g)?.length, 2, 'one counter per kernel');
    assert.match(msl, /loop \+= cu2m_syncthreads_count\(cu2m_block_vote, t % 8 == i\);/);
    assert.equal(msl.match(/inline int cu2m_block_vote_sum\(/g)?.length, 1, 'the helper is emitted once');
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'block_vote.manifest.json'), 'utf8')) as { kernels: { name: string; usesBarriers: boolean; staticThreadgroupBytes: number }[] };
    for (const k of manifest.kernels) {
      assert.equal(k.usesBarriers, true, k.name);
      assert.equal(k.staticThreadgroupBytes, 4, k.name);
    }
  });
});

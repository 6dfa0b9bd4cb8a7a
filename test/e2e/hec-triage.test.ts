// Silent wrong answers found by comparing HeCBench programs' output on an NVIDIA GPU with ours: each
// fixture under test/fixtures/hec_triage is our own self-checking program reproducing one idiom, run
// on msl-cpu and cuda-cpu with the output the GPU gives.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cu2metal, show } from '../helpers/cli';

const fixture = (name: string): string => `test/fixtures/hec_triage/${name}.cu`;

describe('HeCBench idioms whose answers differed from a GPU\'s', { concurrency: false }, () => {
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`racy_update.cu (non-atomic updates that several lanes of a block make to one element between barriers, as pns does: once per element, as on a GPU) on ${backend}`, async () => {
      const r = await cu2metal(['run', fixture('racy_update'), '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.equal(r.stdout, 'total 4333; blocks as lanes in step 8 of 8, as one lane after another 0\nPASSED\n', show(r));
    });
    test(`divergent_votes.cu (volatile reads under a branch inside a loop whose condition is __any_sync, then shuffles and votes, as gc does) on ${backend}`, async () => {
      const r = await cu2metal(['run', fixture('divergent_votes'), '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.equal(r.stdout, 'edges 6040, minima 44465, even 2891, below 164, errors 0\nPASSED\n', show(r));
    });
  }
});

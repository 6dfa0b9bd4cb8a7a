// Idioms found running HeCBench programs on the CPU backends (issue 6; docs/hecbench-runs.md), run
// end to end on both backends: a tile exchanged between a warp's lanes with no barrier (dct8x8:
// NaN before), a file-scope `typedef double`, a -D type macro naming double, a kernel named
// `kernel`, a parameter named as its kernel, a class template's __device__ constructor calling a
// free __device__ function, specialisations for types Metal spells alike, a program's own
// conditional_t (test/fixtures/hec_runs/hec_runs.cu checks its results against the host's).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cu2metal, show } from '../helpers/cli';

const prog = 'test/fixtures/hec_runs/hec_runs.cu';

describe('idioms of HeCBench programs (issue 6)', { concurrency: false }, () => {
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`hec_runs.cu: PASSED on ${backend}`, async () => {
      const r = await cu2metal(['run', prog, '-Dreal_t=double', '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^cooling\[500\] = 2\.800840163911e-05$/m, show(r));
      assert.match(r.stdout, /^transpose8: 0 of 6144 wrong$/m, show(r));
      assert.match(r.stdout, /^PASSED$/m, show(r));
    });
  }
});

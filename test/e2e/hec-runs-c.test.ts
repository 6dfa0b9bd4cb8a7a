// Idioms found by running HeCBench programs on the CPU backends (docs/hecbench-runs.md, half C):
// each fixture under test/fixtures/hec_runs_c is our own self-checking program reproducing one idiom,
// run on msl-cpu and cuda-cpu with the same output.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cu2metal, show } from '../helpers/cli';

const fixture = (name: string): string => `test/fixtures/hec_runs_c/${name}.cu`;

describe('idioms of HeCBench programs run on the CPU backends (half C)', { concurrency: false }, () => {
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`grid_rows.cu (kernel parameters \`float g[][NY][NZ]\` indexed with three subscripts and passed on to helpers) on ${backend}`, async () => {
      const r = await cu2metal(['run', fixture('grid_rows'), '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^interior sum 7143\.700, errors 0$/m, show(r));
      assert.match(r.stdout, /^PASSED$/m, show(r));
    });
    test(`spec_assert.cu (function templates defined only by explicit specialisations: one asserts; pointer parameters with explicit template arguments) on ${backend}`, async () => {
      const r = await cu2metal(['run', fixture('spec_assert'), '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^out\[999\] = \(12\.4750, 0\.1245\), errors 0$/m, show(r));
      assert.match(r.stdout, /^PASSED$/m, show(r));
    });
    test(`host_ref/ (a header's host reference function calls host helpers of another .cu; memset without <string.h>) on ${backend}`, async () => {
      const dir = 'test/fixtures/hec_runs_c/host_ref';
      const r = await cu2metal(['run', `${dir}/stats.cu`, `${dir}/main.cu`, '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^device 2303\.438 host 2303\.438$/m, show(r));
      assert.match(r.stdout, /^PASS$/m, show(r));
    });
    test(`pad_convert.cu (float keys padded with UINT_MAX read back as unsigned; saturating float-to-integer conversions, NaN to 0) on ${backend}`, async () => {
      const r = await cu2metal(['run', fixture('pad_convert'), '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^min key 1000, padding 4294967295$/m, show(r));
      assert.match(r.stdout, /^\(int\) -3e\+10 = -2147483648, \(unsigned\) = 0$/m, show(r));
      assert.match(r.stdout, /^\(int\) nan = 0, \(unsigned\) = 0$/m, show(r));
      assert.match(r.stdout, /^PASSED$/m, show(r));
    });
  }
});

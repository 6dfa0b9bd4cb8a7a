// Idioms found by running HeCBench programs on the CPU backends (docs/hecbench-runs.md, half B):
// each fixture under test/fixtures/hec_runs is our own self-checking program reproducing one idiom,
// run on msl-cpu and cuda-cpu with the same output.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cu2metal, show } from '../helpers/cli';

const fixture = (name: string): string => `test/fixtures/hec_runs/${name}.cu`;

describe('idioms of HeCBench programs run on the CPU backends', { concurrency: false }, () => {
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`block_combine.cu (__shared__ in a helper template with a template template parameter, sized by its constexpr; static __shared__; a header host function calling the runtime) on ${backend}`, async () => {
      const r = await cu2metal(['run', fixture('block_combine'), '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^block 3: sum 349, max 1005$/m, show(r));
      assert.match(r.stdout, /^PASSED$/m, show(r));
    });
    test(`macro_rounds.cu (statement macros through an alias, \`register\` variables, max(char, int)) on ${backend}`, async () => {
      const r = await cu2metal(['run', fixture('macro_rounds'), '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^hash\[1000\] = 8607e9a1, mismatches 0$/m, show(r));
      assert.match(r.stdout, /^clamped\[1000\] = ff070000, mismatches 0$/m, show(r));
      assert.match(r.stdout, /^PASSED$/m, show(r));
    });
  }
});

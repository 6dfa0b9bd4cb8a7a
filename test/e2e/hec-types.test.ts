// Types and names real programs use (issue 6), run end to end: cuComplex.h arithmetic, uchar1,
// std::uint8_t, short(x), the program's own cudaCheck macro, values parsed as types, macros naming
// a type and a function, a host function beside the device one, an implicit member call, a
// cudaPitchedPtr kernel parameter
// (test/fixtures/hec_types/hec_types.cu checks its own results against the host's).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cu2metal, show } from '../helpers/cli';

const prog = 'test/fixtures/hec_types/hec_types.cu';
const LINE = /^out\[5\] = \(-8\.04712, -0\.50125\), \|out\[9\]\| = 2\.44218, inv\[2\] = 238, grey\[7\] = 83, sh\[40\] = 81, rnd\[3\] = 342$/m;

describe('types and names of real programs (issue 6)', { concurrency: false }, () => {
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`hec_types.cu: PASSED on ${backend}`, async () => {
      const r = await cu2metal(['run', prog, '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, LINE, show(r));
      assert.match(r.stdout, /^pitch >= row: 1, pitched\[4\]\[12\] = 842\.0$/m, show(r));
      assert.match(r.stdout, /^PASSED$/m, show(r));
    });
  }
  test('diff: every copy matches the reference', async () => {
    const r = await cu2metal(['diff', prog]);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /OK: 7 of 7 copies match/, show(r));
  });
});

// cuComplex.h's double complex (cuDoubleComplex) and nan/nanf in device code (issue 6), run end to
// end: every cuDoubleComplex function in software double, bit for bit against the host's
// cuComplex.h, and quiet NaNs from nanf(""), nan(""), ::nan("") and tagged nanf("0x12")/::nan("7")
// (the tag's number in the payload, as on an H100)
// (test/fixtures/complex_double/complex_double.cu checks its own results against the host's).
// Without software double the type, its functions and nan are refused with their reason.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cu2metal, show } from '../helpers/cli';

const prog = 'test/fixtures/complex_double/complex_double.cu';
const LINE = /^out\[5\] = \(-0\.13636363636363669, -10\.113636363636363\), \|out\[3\]\| = 1\.044030650891055e\+300, low\[9\] = \(0\.187692314, -0\.928461552\)$/m;

describe('cuDoubleComplex and nan/nanf (issue 6)', { concurrency: false }, () => {
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`complex_double.cu: PASSED on ${backend}`, async () => {
      const r = await cu2metal(['run', prog, '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, LINE, show(r));
      assert.match(r.stdout, /^PASSED$/m, show(r));
      // A literal tag's number in the payload, as an H100 and glibc (the cuda-cpu reference) give it.
      assert.match(r.stdout, /^nanf: 7fc00000 7fc00000 7fc00012, nan: 7ff8000000000000 7ff8000000000000 7ff8000000000007$/m, show(r));
    });
  }
  test('translate: quiet-NaN bits and the cu2m_double2 helpers in the MSL', async () => {
    const r = await cu2metal(['translate', prog, '--stdout']);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /float nan\(\) \{ return as_type<float>\(0x7fc00000u\); \}/, show(r));
    assert.match(r.stdout, /f64 nan\(\) \{ return f64::from_bits\(0x7FF8000000000000ul\); \}/, show(r));
    assert.match(r.stdout, /inline cu2m_double2 cuCdiv\(cu2m_double2 a, cu2m_double2 b\)/, show(r));
    assert.ok(r.stdout.indexOf('struct alignas(16) cu2m_double2') < r.stdout.indexOf('inline cu2m_double2 cuCadd'), 'the struct precedes the helpers');
  });
  test('--double=float refuses cuDoubleComplex and its functions with the reason', async () => {
    const r = await cu2metal(['check', '--no-build', prog, '--double=float']);
    assert.notEqual(r.code, 0, show(r));
    assert.match(r.stderr, /complex_double\.cu:\d+:\d+: error: 'cuDoubleComplex': cuComplex\.h's double complex .* needs software double .*\[C2M1003\]/, show(r));
    assert.match(r.stderr, /error: 'cuCadd': cuComplex\.h's double complex/, show(r));
    assert.doesNotMatch(r.stderr, /'nan'/, show(r)); // float's quiet NaN there
  });
  test('--double=error refuses nan("") (nanf stays)', async () => {
    const r = await cu2metal(['check', '--no-build', prog, '--double=error']);
    assert.notEqual(r.code, 0, show(r));
    assert.match(r.stderr, /complex_double\.cu:13:\d+: error: 'nan' returns a double, which Metal does not have \(--double=error\)/, show(r));
    assert.doesNotMatch(r.stderr, /'nanf'/, show(r));
  });
  test('diff: every copy matches the reference', async () => {
    const r = await cu2metal(['diff', prog]);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /OK: 5 of 5 copies match/, show(r));
  });
});

// The Metal backend's syntax check (test/metal/syntax-check.sh): native/metal/metal_backend.mm
// compiled -fsyntax-only against the SDK stubs (on macOS: the real SDK), plus mutations that the
// check must reject.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runSummaryScript } from '../helpers/scripts';

test('test/metal/syntax-check.sh', () => {
  const out = runSummaryScript('test/metal/syntax-check.sh');
  // The check is only worth something if it rejects mistakes: the two required mutations ran.
  assert.match(out, /^ok {4}rejects mutation 'misspelled-selector'/m, out.slice(-4000));
  assert.match(out, /^ok {4}rejects mutation 'wrong-struct-argument'/m, out.slice(-4000));
});

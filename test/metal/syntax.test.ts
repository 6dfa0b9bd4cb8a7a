// The Metal backend's syntax check (test/metal/syntax-check.sh): native/metal/metal_backend.mm
// compiled -fsyntax-only against the SDK stubs (on macOS: the real SDK), plus mutations that the
// check must reject. Prints '<N> passed, <M> failed' and exits non-zero on any failure.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../helpers/paths';

test('test/metal/syntax-check.sh', () => {
  const r = spawnSync('bash', [path.join(ROOT, 'test/metal/syntax-check.sh')], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
  const out = `${r.stdout}\n${r.stderr}`;
  assert.equal(r.status, 0, out.slice(-4000));
  const summary = /^(\d+) passed, (\d+) failed$/m.exec(out);
  assert.ok(summary, `no summary line in:\n${out.slice(-2000)}`);
  assert.equal(summary[2], '0', out.slice(-4000));
  assert.ok(Number(summary[1]) > 0);
  // The check is only worth something if it rejects mistakes: the two required mutations ran.
  assert.match(out, /^ok {4}rejects mutation 'misspelled-selector'/m, out.slice(-4000));
  assert.match(out, /^ok {4}rejects mutation 'wrong-struct-argument'/m, out.slice(-4000));
});

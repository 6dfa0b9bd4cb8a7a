// The C++-level suites: the runtime core driven by a hand-written host and module
// (test/native/run.sh) and the metal_stdlib / CUDA emulation headers (test/emulation/run.sh).
// Each prints '<N> passed, <M> failed' and exits non-zero on any failure.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../helpers/paths';

for (const script of ['test/native/run.sh', 'test/emulation/run.sh']) {
  test(script, () => {
    const r = spawnSync('bash', [path.join(ROOT, script)], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
    const out = `${r.stdout}\n${r.stderr}`;
    assert.equal(r.status, 0, out.slice(-4000));
    const summary = /^(\d+) passed, (\d+) failed$/m.exec(out);
    assert.ok(summary, `no summary line in:\n${out.slice(-2000)}`);
    assert.equal(summary[2], '0', out.slice(-4000));
    assert.ok(Number(summary[1]) > 0);
  });
}

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { ROOT } from './paths';

/**
 * Runs a shell test script that prints '<N> passed, <M> failed' and exits non-zero on failure;
 * asserts it ran at least one check and failed none. Returns its output for further assertions.
 */
export function runSummaryScript(script: string): string {
  const r = spawnSync('bash', [path.join(ROOT, script)], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
  const out = `${r.stdout}\n${r.stderr}`;
  assert.equal(r.status, 0, out.slice(-4000));
  const summary = /^(\d+) passed, (\d+) failed$/m.exec(out);
  assert.ok(summary, `no summary line in:\n${out.slice(-2000)}`);
  assert.equal(summary[2], '0', out.slice(-4000));
  assert.ok(Number(summary[1]) > 0);
  return out;
}

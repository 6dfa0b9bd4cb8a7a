import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { CLI, ROOT } from './paths';

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real CLI (bin/cu2metal.js) as a user would, with a hard time limit. */
export function cu2metal(args: readonly string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: opts.cwd ?? ROOT, env: { ...process.env, NO_COLOR: '1', ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 180_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

export const show = (r: CliResult): string => `exit ${r.code}${r.signal ? ` signal ${r.signal}` : ''}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;

export interface SelfCheckOptions {
  /** What the program prints when its own checks pass (default: a line `PASSED`). */
  readonly passed?: RegExp;
  /** How many output copies `diff` compares. */
  readonly copies: number;
  /** More checks of each run. */
  readonly extra?: (r: CliResult) => void;
}

/**
 * The usual end-to-end tests of a self-checking program: `run` on msl-cpu and on cuda-cpu exits 0
 * and prints its PASSED line, and `diff` finds every copy of the msl-cpu run equal to the reference.
 */
export function selfCheckingOnBothBackends(prog: string, what: string, opts: SelfCheckOptions): void {
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`${what} on ${backend}`, async () => {
      const r = await cu2metal(['run', prog, '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, opts.passed ?? /^PASSED$/m);
      opts.extra?.(r);
    });
  }
  test('diff: every copy of the msl-cpu run matches the reference', async () => {
    const r = await cu2metal(['diff', prog]);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, new RegExp(`OK: ${opts.copies} of ${opts.copies} copies match`));
  });
}

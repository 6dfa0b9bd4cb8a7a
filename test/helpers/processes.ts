// Watching a program that `cu2metal run` started (Linux /proc): the parent-death tests of
// test/e2e/cli-files.test.ts and test/e2e/parent-death.test.ts.
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';

/** Is process p alive? A zombie (killed, not yet reaped by init) counts as gone. */
export function running(p: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${p}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** Collects the CLI's stdout+stderr and waits for the program's `pid N` line; rejects if the CLI ends first. */
export function programPid(child: ChildProcess): Promise<{ pid: number; output: () => string }> {
  let out = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (out += d));
  return new Promise((resolve, reject) => {
    const t = setInterval(() => {
      const m = /pid (\d+)/.exec(out);
      if (m) {
        clearInterval(t);
        resolve({ pid: Number(m[1]), output: () => out });
      }
    }, 100);
    child.on('exit', () => {
      clearInterval(t);
      reject(new Error(`the CLI ended before the program started:\n${out}`));
    });
  });
}

/** SIGKILLs the CLI and waits up to 5 s for the program to go; true if it outlived the CLI (it is then killed). */
export async function orphanedAfterKill(child: ChildProcess, pid: number): Promise<boolean> {
  child.removeAllListeners('exit');
  child.kill('SIGKILL');
  const deadline = Date.now() + 5000;
  while (running(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const orphan = running(pid);
  if (orphan) process.kill(pid, 'SIGKILL');
  return orphan;
}

// The runtime's own parent-death check (native/runtime/startup.cpp): a SIGKILLed CLI does not
// orphan the program even where util-linux's setpriv is missing (CU2METAL_NO_SETPRIV=1 plays that).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { CLI } from '../helpers/paths';
import { orphanedAfterKill, programPid, running } from '../helpers/processes';

// No kernel launch and no CUDA call: only the link keeps the runtime's start-up check.
const SLEEPER = `#include <cstdio>
#include <cstdlib>
#include <unistd.h>
__global__ void k(int *a) { a[0] = 1; }
int main() {
  const char* v = getenv("CU2METAL_PARENT_PID");
  printf("pid %d ppid-var %s\\n", (int)getpid(), v ? v : "unset");
  fflush(stdout);
  sleep(120);
  return 0;
}
`;

describe('parent death without setpriv', () => {
  for (const backend of ['cuda-cpu', 'msl-cpu']) {
    test(`${backend}: the program is gone within seconds of the CLI being SIGKILLed, and does not pass the variable on`, { skip: process.platform !== 'linux' ? '/proc is Linux only' : false, timeout: 300_000 }, async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-pdeath-'));
      fs.writeFileSync(path.join(dir, 'sleeper.cu'), SLEEPER);
      const child = spawn(process.execPath, [CLI, 'run', 'sleeper.cu', '--backend', backend], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CU2METAL_NO_SETPRIV: '1' } });
      const { pid, output } = await programPid(child);
      // Started directly by the CLI (no setpriv in between), and the variable was consumed.
      const ppid = Number(/^\d+ \(.*\) \S+ (\d+)/.exec(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'))?.[1]);
      assert.equal(ppid, child.pid, 'the program is the CLI\'s own child');
      assert.match(output(), /ppid-var unset/);
      assert.ok(running(pid), 'the program runs');
      const orphan = await orphanedAfterKill(child, pid);
      assert.equal(orphan, false, `program ${pid} outlived the killed CLI`);
      fs.rmSync(dir, { recursive: true, force: true });
    });
  }
});

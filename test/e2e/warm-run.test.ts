// Cached `run` (src/run/warm.ts, issue 8): an invocation whose inputs are unchanged since a run that
// built everything starts the recorded program without translating; any change takes the full path.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cu2metal, show } from '../helpers/cli';

const MAIN = `#include <cstdio>
#include <cuda_runtime.h>
#include "scale.h"
__global__ void k(int *a) { a[threadIdx.x] = SCALE * (int)threadIdx.x; }
int main(int argc, char **argv) {
  int *d; int h[4];
  cudaMalloc(&d, sizeof h);
  k<<<1, 4>>>(d);
  cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost);
  printf("%d %d %d %d args %d\\n", h[0], h[1], h[2], h[3], argc - 1);
  return argc > 1 ? 3 : 0;
}
`;

describe('cached run', () => {
  test('a second identical run starts the recorded program; source, header and argument changes take the full path', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-warm-'));
    const cache = path.join(dir, 'cache');
    const env = { CU2METAL_CACHE: cache };
    const prog = path.join(dir, 'prog.cu');
    fs.writeFileSync(prog, MAIN);
    fs.writeFileSync(path.join(dir, 'scale.h'), '#define SCALE 2\n');
    try {
      const first = await cu2metal(['run', prog, '--backend', 'msl-cpu'], { env });
      assert.equal(first.code, 0, show(first));
      assert.equal(first.stdout, '0 2 4 6 args 0\n');
      const records = fs.readdirSync(path.join(cache, 'warm'));
      assert.equal(records.length, 1, records.join(', '));
      const record = path.join(cache, 'warm', records[0]!);
      const again = await cu2metal(['run', prog, '--backend', 'msl-cpu'], { env });
      assert.equal(again.code, 0, show(again));
      assert.equal(again.stdout, first.stdout);
      assert.equal(again.stderr, first.stderr);
      // Program arguments and the exit status pass through on the cached path too.
      const withArgs = await cu2metal(['run', prog, '--backend', 'msl-cpu', '--', 'x', 'y'], { env });
      assert.equal(withArgs.code, 3, show(withArgs));
      assert.equal(withArgs.stdout, '0 2 4 6 args 2\n');
      // Proof that the record is what runs: point it at a stand-in program.
      const standIn = path.join(dir, 'stand-in.sh');
      fs.writeFileSync(standIn, '#!/bin/sh\necho "stand-in $CU2METAL_BACKEND $*"\n', { mode: 0o755 });
      const saved = fs.readFileSync(record, 'utf8');
      fs.writeFileSync(record, JSON.stringify({ ...JSON.parse(saved), exe: standIn }));
      const viaRecord = await cu2metal(['run', prog, '--backend', 'msl-cpu', '--', 'a'], { env });
      assert.equal(viaRecord.stdout, 'stand-in msl-cpu a\n', show(viaRecord));
      const off = await cu2metal(['run', prog, '--backend', 'msl-cpu', '--', 'a'], { env: { ...env, CU2METAL_WARM_RUN: '0' } });
      assert.equal(off.stdout, '0 2 4 6 args 1\n', show(off));
      assert.equal(fs.readdirSync(path.join(cache, 'warm')).length, 1, 'CU2METAL_WARM_RUN=0 records nothing');
      // A recorded program that is not executable (any more): the full path runs and records it again.
      const notProgram = path.join(dir, 'not-a-program');
      fs.writeFileSync(notProgram, 'text', { mode: 0o644 });
      fs.writeFileSync(record, JSON.stringify({ ...JSON.parse(saved), exe: notProgram }));
      const fallback = await cu2metal(['run', prog, '--backend', 'msl-cpu', '--', 'a'], { env });
      assert.equal(fallback.code, 3, show(fallback));
      assert.equal(fallback.stdout, '0 2 4 6 args 1\n', show(fallback));
      assert.equal(JSON.parse(fs.readFileSync(record, 'utf8')).exe, JSON.parse(saved).exe);
      // A changed header (the translator inlined it) is a different program: built and run again.
      fs.writeFileSync(record, JSON.stringify({ ...JSON.parse(saved), exe: standIn }));
      fs.writeFileSync(path.join(dir, 'scale.h'), '#define SCALE 3\n');
      const header = await cu2metal(['run', prog, '--backend', 'msl-cpu'], { env });
      assert.equal(header.stdout, '0 3 6 9 args 0\n', show(header));
      // So is a changed source.
      fs.writeFileSync(record, JSON.stringify({ ...JSON.parse(fs.readFileSync(record, 'utf8')), exe: standIn }));
      fs.writeFileSync(prog, MAIN.replace('SCALE * (int)threadIdx.x', 'SCALE * (int)threadIdx.x + 1'));
      const source = await cu2metal(['run', prog, '--backend', 'msl-cpu'], { env });
      assert.equal(source.stdout, '1 4 7 10 args 0\n', show(source));
      // Another backend or option is another invocation.
      const cuda = await cu2metal(['run', prog, '--backend', 'cuda-cpu'], { env });
      assert.equal(cuda.stdout, '1 4 7 10 args 0\n', show(cuda));
      assert.equal(fs.readdirSync(path.join(cache, 'warm')).length, 2, 'one record per backend');
      // A module removed from the cache: the full path builds it again.
      const rec = JSON.parse(fs.readFileSync(record, 'utf8')) as { module: string };
      fs.rmSync(rec.module);
      const rebuilt = await cu2metal(['run', prog, '--backend', 'msl-cpu'], { env });
      assert.equal(rebuilt.stdout, '1 4 7 10 args 0\n', show(rebuilt));
      assert.ok(fs.existsSync(rec.module));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
  test('a run that printed warnings is not recorded: the next run prints them again', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-warm-'));
    const env = { CU2METAL_CACHE: path.join(dir, 'cache') };
    const prog = path.join(dir, 'warn.cu');
    // -arch is accepted and ignored with a note.
    fs.writeFileSync(prog, '#include <cstdio>\nint main() { printf("ok\\n"); return 0; }\n');
    try {
      for (let i = 0; i < 2; i++) {
        const r = await cu2metal(['run', prog, '--backend', 'msl-cpu', '-arch=sm_80'], { env });
        assert.equal(r.code, 0, show(r));
        assert.equal(r.stdout, 'ok\n');
        assert.match(r.stderr, /-arch=sm_80/, show(r));
      }
      assert.equal(fs.existsSync(path.join(dir, 'cache', 'warm')), false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

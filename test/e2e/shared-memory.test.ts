// Shared memory on the CPU backends: poisoned (0xFF bytes) per block, and under --sanitize a read
// of bytes no thread of the block wrote is reported (native/include/cu2m/shared_mem.h).
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cu2metal, show } from '../helpers/cli';
import { ROOT } from '../helpers/paths';

const fixture = (name: string): string => path.join('test', 'fixtures', name);
const POISON = fixture('shared_poison/shared_poison.cu');
const BACKENDS = ['msl-cpu', 'cuda-cpu'];

describe('uninitialised shared memory', () => {
  test('shared memory starts each block filled with 0xFF bytes: forgotten initialisation gives NaN / -1, not zeros', async () => {
    for (const backend of BACKENDS) {
      // One worker: every block reuses the same storage, so a missing refill would show block 0's 7s.
      const run = (mode: string): ReturnType<typeof cu2metal> => cu2metal(['run', POISON, '--backend', backend, '--', mode], { env: { CU2METAL_THREADS: '1' } });
      const stat = await run('static');
      assert.equal(stat.code, 0, show(stat));
      assert.match(stat.stdout, /static: sum = NaN/, `${backend}: static __shared__ float`);
      const dyn = await run('dynamic');
      assert.equal(dyn.code, 0, show(dyn));
      // 40 ones and 24 unwritten ints (-1 each); zero-filled memory would give 40.
      assert.match(dyn.stdout, /dynamic: sum = 16\n/, `${backend}: extern __shared__ int`);
      const perBlock = await run('perblock');
      assert.equal(perBlock.code, 0, show(perBlock));
      assert.match(perBlock.stdout, /perblock: block 0 = 7, blocks 1-3 = -1 -1 -1\n/, `${backend}: refilled per block`);
      const clean = await run('clean');
      assert.equal(clean.code, 0, show(clean));
      assert.match(clean.stdout, /clean: sum = 40\n/);
    }
  });

  test('--sanitize reports a read of unwritten shared memory with kernel, block, thread and .cu line, and fails the run', async () => {
    const file = path.join(ROOT, POISON).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    for (const backend of BACKENDS) {
      const san = (mode: string): ReturnType<typeof cu2metal> => cu2metal(['run', POISON, '--backend', backend, '--sanitize', '--', mode]);
      // n = 40 of 64 threads write; in the first step thread 8 reads s[40].
      const stat = await san('static');
      assert.notEqual(stat.code, 0, show(stat));
      assert.match(stat.stderr, new RegExp(`kernel sumStatic \\(block \\(0,0,0\\), thread \\(8,0,0\\)\\): --sanitize: read of uninitialised shared memory at ${file}:17: 4 bytes at offset 160 of a 256-byte`), show(stat));
      assert.doesNotMatch(stat.stdout, /sum =/);
      const dyn = await san('dynamic');
      assert.notEqual(dyn.code, 0, show(dyn));
      assert.match(dyn.stderr, new RegExp(`kernel sumDynamic \\(block \\(0,0,0\\), thread \\(8,0,0\\)\\): --sanitize: read of uninitialised shared memory at ${file}:30: .*dynamic shared memory`), show(dyn));
      // Block 0 wrote its tile; another block reading its own (never written) tile is reported.
      const perBlock = await san('perblock');
      assert.notEqual(perBlock.code, 0, show(perBlock));
      assert.match(perBlock.stderr, new RegExp(`kernel firstBlockWrites \\(block \\([1-3],0,0\\), thread \\(0,0,0\\)\\): --sanitize: read of uninitialised shared memory at ${file}:42:`), show(perBlock));
      const clean = await san('clean');
      assert.equal(clean.code, 0, show(clean));
      assert.match(clean.stdout, /clean: sum = 40\n/);
      assert.doesNotMatch(clean.stderr, /uninitialised|AddressSanitizer/);
    }
  });

  test('--sanitize reports name the .cu path once (the fixture path is not doubled)', async () => {
    const r = await cu2metal(['run', fixture('sanitize/sanitize.cu'), '--backend', 'cuda-cpu', '--sanitize', '--', 'oob']);
    assert.equal(r.code, 1, show(r));
    const want = path.join(ROOT, 'test', 'fixtures', 'sanitize', 'sanitize.cu');
    assert.ok(r.stderr.includes(`at ${want}:13\n`), show(r));
    // Kernel and host frames alike.
    assert.ok(r.stderr.includes(`in main ${want}:`), show(r));
    assert.doesNotMatch(r.stderr, /sanitize\/test\/fixtures/);
  });
});

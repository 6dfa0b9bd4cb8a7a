// Blocks that spin-wait for each other (native/cpu/scheduler.h, "Resident blocks beyond the
// workers"): a grid of occupancy x multiprocessors blocks where each block waits for a flag of a
// later block, and a software grid barrier, finish on both CPU backends because blocks that cannot
// progress get reserve workers. Without them the chain waits forever (the test's timeout).
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cu2metal, show } from '../helpers/cli';

const fixture = path.join('test', 'fixtures', 'resident', 'chained.cu');

describe('resident blocks beyond one per worker', () => {
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`block 0 waits (through a chain) for the last block, and a software grid barrier, on ${backend}`, { timeout: 600_000 }, async () => {
      const r = await cu2metal(['run', fixture, '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /chained sum over all resident blocks: total 599992 \(expected 599992\), 0 wrong\nsoftware grid barrier: 0 of \d+ blocks wrong\nPASSED/);
    });
  }
  test('with one worker the reserves are all the other blocks (CU2METAL_THREADS=1)', { timeout: 600_000 }, async () => {
    const r = await cu2metal(['run', fixture, '--backend', 'cuda-cpu'], { env: { ...process.env, CU2METAL_THREADS: '1' } });
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /0 wrong\nsoftware grid barrier: 0 of \d+ blocks wrong\nPASSED/);
  });
});

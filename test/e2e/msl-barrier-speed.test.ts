// msl-cpu barrier kernels (issue 8): the support functions are hidden in the module (direct calls,
// no PLT), and the threadgroup storage of a block is found through a per-block cache
// (native/cpu/msl/cu2m_msl_support.cpp).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cu2metal, show } from '../helpers/cli';

const tgcache = path.join('test', 'fixtures', 'tgcache', 'tgcache.cu');

describe('msl-cpu barrier kernels', () => {
  test('the module calls its support functions directly: none is exported or reached through the PLT', async () => {
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'cu2m-mslspeed-'));
    try {
      const r = await cu2metal(['build', tgcache, '--backend', 'msl-cpu'], { env: { CU2METAL_CACHE: cache } });
      assert.equal(r.code, 0, show(r));
      const sos = (fs.readdirSync(cache, { recursive: true }) as string[]).filter((f) => f.endsWith('.msl-cpu.so'));
      assert.equal(sos.length, 1, sos.join(', '));
      const so = path.join(cache, sos[0]!);
      const dyn = spawnSync('nm', ['-D', '--defined-only', so], { encoding: 'utf8' });
      assert.equal(dyn.status, 0, dyn.stderr);
      assert.match(dyn.stdout, /cu2m_entry_six/);
      assert.doesNotMatch(dyn.stdout, /cu2m_msl_/);
      const relocs = spawnSync('readelf', ['-rW', so], { encoding: 'utf8' });
      assert.equal(relocs.status, 0, relocs.stderr);
      assert.doesNotMatch(relocs.stdout, /cu2m_msl_/);
    } finally {
      fs.rmSync(cache, { recursive: true, force: true });
    }
  });

  test('threadgroup storage per block: more declarations than the cache holds, several blocks per worker, a regrown template instance', async () => {
    for (const threads of ['1', '2']) {
      const r = await cu2metal(['run', tgcache, '--backend', 'msl-cpu'], { env: { CU2METAL_THREADS: threads } });
      assert.equal(r.code, 0, show(r));
      assert.equal(r.stdout, 'PASSED\n');
    }
  });
});

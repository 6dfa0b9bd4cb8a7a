// Barrier kernels in the forms of test/fixtures/wil/forms.cu on work-item loops, on both CPU
// backends: parameters each thread modifies (per-thread copies), barriers in ifs on a template's
// block size, loops reusing a parameter's name inside a bare block, and loop counters declared once
// and reused, the last block's work under a __shared__ flag (src/build/workItemLoops.ts,
// src/build/uniqueNames.ts). The transformed modules must
// compile (CU2METAL_WORK_ITEM_LOOPS=strict: no silent rebuild on fibers) and print exactly what
// fibers print; the host checks every value. Which kernels are transformed: the unit test below.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { lowerMslForClang } from '../../src/build/mslLower';
import { mslWorkItemLoops } from '../../src/build/mslWorkItemLoops';
import { workItemLoops } from '../../src/build/workItemLoops';
import { translateSource } from '../../src/translate/index';
import { cu2metal, show } from '../helpers/cli';

const prog = path.join('test', 'fixtures', 'wil', 'forms.cu');
const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'cu2m-wilforms-'));
after(() => fs.rmSync(cache, { recursive: true, force: true }));
const STRICT = { CU2METAL_WORK_ITEM_LOOPS: 'strict', CU2METAL_CACHE: cache };
const FIBERS = { CU2METAL_WORK_ITEM_LOOPS: '0' };
const KERNELS = ['reverseTiles', 'bitonicTiles', 'prefixRows', 'lastBlockSum', 'reduceSteps_32', 'reduceSteps_128', 'reduceSteps_256'];

describe('work-item loops: the forms of forms.cu', { concurrency: false }, () => {
  test('every barrier kernel of the fixture is transformed on both backends (none keeps fibers)', () => {
    const t = translateSource(prog, fs.readFileSync(prog, 'utf8'));
    assert.ok(t.ok, t.diagnostics.map((d) => d.message).join('\n'));
    const cuda = workItemLoops(t.cudaCpu, t.manifest);
    assert.deepEqual(cuda.verdicts.map((v) => [v.kernel, v.reason]), KERNELS.map((k) => [k, null]));
    const msl = mslWorkItemLoops(lowerMslForClang(t.msl, 'forms.metal').code, t.manifest);
    assert.deepEqual(msl.verdicts.map((v) => [v.kernel, v.reason]), KERNELS.map((k) => [k, null]));
    // The reused counters and the redeclared `stride` have names of their own in the generated code.
    assert.match(cuda.code, /for \(int cu2m_u\d+_i = 0; cu2m_u\d+_i < rounds; cu2m_u\d+_i\+\+\) \{/);
    assert.match(cuda.code, /for \(unsigned cu2m_u\d+_stride = size \/ 2; cu2m_u\d+_stride > 0; cu2m_u\d+_stride >>= 1\) \{/);
  });
  for (const backend of ['cuda-cpu', 'msl-cpu']) {
    test(`${backend}: the results are checked by the host and are those of fibers`, async () => {
      const fast = await cu2metal(['run', prog, '--backend', backend], { env: STRICT, timeoutMs: 400_000 });
      assert.equal(fast.code, 0, show(fast));
      assert.match(fast.stdout, /^reverseTiles ok\nreduceSteps<32> 12265 ok\nreduceSteps<128> 12265 ok\nreduceSteps<256> 12265 ok\nbitonicTiles \d+\nprefixRows 1348\.5\nlastBlockSum 12265 ok\nPASSED\n$/);
      const fibers = await cu2metal(['run', prog, '--backend', backend], { env: FIBERS, timeoutMs: 400_000 });
      assert.equal(fibers.code, 0, show(fibers));
      assert.equal(fast.stdout, fibers.stdout);
    });
  }
});

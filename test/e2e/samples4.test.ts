// cuda-samples idioms that failed for reasons in our reach, as programs of our own
// (test/fixtures/samples4): a program's own overloads of CUDA built-in functions beside calls that
// go to CUDA's function (dxtc's helper_math.h `::max(a.x, b.x)`, eigenvalues' template `max` beside
// `max(MIN_ABS_INTERVAL, t1)` of a double macro and a float, `min(rem, blockDim.x)` of its template
// `min(const T&, const T&)`, and its templates in bisect_util.cu that no kernel of that file uses).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { workItemLoops } from '../../src/build/workItemLoops';
import { translateSource } from '../../src/translate/index';
import { cu2metal, show } from '../helpers/cli';

const FIX = path.join('test', 'fixtures', 'samples4');
const BACKENDS = ['msl-cpu', 'cuda-cpu'];

describe("CUDA's built-in max/min beside the program's own overloads of the name", () => {
  const prog = path.join(FIX, 'builtin_overloads.cu');
  test('calls none of the program overloads takes name metal::max; the others keep ::', async () => {
    const r = await cu2metal(['translate', prog, '--stdout']);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /inline int2 max\(int2 a, int2 b\) \{ return int2\(metal::max\(a\.x, b\.x\), metal::max\(a\.y, b\.y\)\); \}/);
    assert.match(r.stdout, /return metal::max\(metal::max\(x, y\), z\);/);
    assert.match(r.stdout, /o\[i\] = ::max\(a\[i\], b\[i\]\);/);
    assert.match(r.stdout, /::min\(f\[i\], 0\.25f\)/);
    // a macro's double literal is a float literal in the MSL, as in function bodies
    assert.match(r.stdout, /^#define TINY 5\.0e-37f$/m);
    // a template no kernel instantiates is not emitted (nvcc compiles no instance of it either)
    assert.doesNotMatch(r.stdout, /raiseFlag/);
    // a component of a built-in (blockDim.x) is a value: the const T& parameters it reaches take values
    assert.match(r.stdout, /^T min\(const T l, const T r\)/m);
    assert.match(r.stdout, /::min\(2u \+ i, blockDim\.x\)/);
    // one instance of an overload reached through calls of another overload of its name
    assert.equal(r.stdout.match(/int3 make_int3\(int2 a, int s\)/g)?.length, 1);
  });
  for (const backend of BACKENDS) {
    test(`the results are CUDA's on ${backend}`, async () => {
      const r = await cu2metal(['run', prog, '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^max of int2 \(2,10\) largest 2\.0 tiny-max 1e-36 min 0\.25$/m);
      assert.match(r.stdout, /^PASSED$/m);
    });
  }
});

describe('device printf %s of a pointer (cdpSimplePrint: a prefix in a thread-local buffer)', () => {
  const prog = path.join(FIX, 'printf_strings.cu');
  test('the strings travel in the record: one helper per call shape, pointers passed as they are', async () => {
    const r = await cu2metal(['translate', prog, '--stdout']);
    assert.equal(r.code, 0, show(r));
    assert.doesNotMatch(r.stderr, /C2M1002/);
    assert.match(r.stdout, /template <typename S0, typename S2, typename S3, typename S4, typename S6>\ninline int cu2m_printf_7_s0_2_3_4_6\(/);
    assert.match(r.stdout, /cu2m_printf_7_s0_2_3_4_6\(cu2m_printf_buffer, blockIdx, gridDim, 0x[0-9a-f]{8}u \/\* .* \*\/, prefix, cu2m_pa\(threadIdx\.x\), name, name, name, cu2m_pa\(4\), g_word \+ threadIdx\.x\)/);
  });
  for (const backend of BACKENDS) {
    test(`thread, constant and device strings with widths and precisions on ${backend}`, async () => {
      const r = await cu2metal(['run', prog, '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^-\[0\] red {3}\| {2}red\|re\|cuda\|\n--\[1\] green \|green\|gr\| uda\|\n---\[2\] blue {2}\| blue\|bl\| {2}da\|\nPASSED$/m);
    });
  }
});

describe('`#pragma unroll` in a barrier kernel (matrixMul on cuda-cpu: 34 s on fibers)', () => {
  const prog = path.join(FIX, 'pragma_tiles.cu');
  test('the cuda-cpu kernel becomes work-item loops, the pragma before its loop', () => {
    const t = translateSource('pragma_tiles.cu', fs.readFileSync(prog, 'utf8'));
    assert.ok(t.ok, JSON.stringify(t.diagnostics));
    const w = workItemLoops(t.cudaCpu, t.manifest);
    assert.deepEqual(w.verdicts.map((v) => v.reason), [null]);
    assert.match(w.code, /#pragma unroll\n(#line \d+ .*\n)?\s*for \(int k = 0; k < B; \+\+k\)/);
  });
  test('its generated code compiles and computes the product on cuda-cpu (CU2METAL_WORK_ITEM_LOOPS=strict)', async () => {
    const r = await cu2metal(['run', prog, '--backend', 'cuda-cpu'], { env: { CU2METAL_WORK_ITEM_LOOPS: 'strict' } });
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /^PASSED$/m);
  });
});

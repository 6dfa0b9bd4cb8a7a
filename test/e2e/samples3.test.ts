// cuda-samples idioms that failed for small reasons, as programs of our own (test/fixtures/samples3):
// explicit instantiations of a host class template (MC_EstimatePiInlineP, MC_SingleAsianOptionP),
// a recursive device template ended by an explicit specialisation behind an `extern "C"` host
// function (convolutionTexture), and a sample's own header shadowed by a same-named one of an -I
// folder (simpleCallback's multithreading.h and Common's).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { sourceDirArgs } from '../../src/build/build';
import { translateSource } from '../../src/translate/index';
import { cu2metal, selfCheckingOnBothBackends, show } from '../helpers/cli';

const FIX = path.join('test', 'fixtures', 'samples3');
const BACKENDS = ['msl-cpu', 'cuda-cpu'];
const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-samples3-'));

describe('explicit instantiation of a host class template (`template class Scaler<float>;`)', () => {
  const sources = [path.join(FIX, 'explicit_inst', 'scaler.cu'), path.join(FIX, 'explicit_inst', 'main.cpp')];
  test('check: no parse error (the grammar wants a declarator after `template class X<T>`)', async () => {
    const r = await cu2metal(['check', sources[0]!]);
    assert.equal(r.code, 0, show(r));
    assert.doesNotMatch(r.stderr, /C2M0001|C2M0003/);
  });
  test('a declaration that really misses its declarator is still C2M0001', async () => {
    const cu = path.join(tmp(), 'bad.cu');
    fs.writeFileSync(cu, 'template <typename T> struct S { T v; };\ntemplate int;\n__global__ void k(float *p) { p[0] = 1; }\n');
    const r = await cu2metal(['check', cu]);
    assert.equal(r.code, 3, show(r));
    assert.match(r.stderr, /bad\.cu:2:\d+: error: .*\[C2M0001\]/);
  });
  for (const backend of BACKENDS) {
    test(`main.cpp calls the instances the .cu instantiates, on ${backend}`, async () => {
      const r = await cu2metal(['run', ...sources, '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^float sum 4950\.0 \(want 4950\.0\)$/m);
      assert.match(r.stdout, /^int sum 14850 \(want 14850\)$/m);
      assert.match(r.stdout, /^PASSED$/m);
    });
  }
});

describe('a recursive device template ended by a specialisation that reads no __constant__, after an extern "C" host function', () => {
  const prog = path.join(FIX, 'unrolled_template.cu');
  test('the specialisation takes the __constant__ parameter its template takes', async () => {
    const r = await cu2metal(['translate', prog, '--stdout']);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /float tapSum<-1>\(constant float\* c_taps, const device float \*p\) \{ return 0; \}/);
    assert.match(r.stdout, /tapSum<i - 1>\(c_taps, p\)/);
  });
  test('the reference code blanks the extern "C" with the host function it qualifies; the host program keeps both', () => {
    const t = translateSource('unrolled_template.cu', fs.readFileSync(prog, 'utf8'));
    assert.ok(t.ok, JSON.stringify(t.diagnostics));
    assert.doesNotMatch(t.cudaCpu, /^\s*extern "C"/m);
    assert.doesNotMatch(t.cudaCpu, /setTaps/);
    assert.match(t.cudaCpu, /template <> __device__ float tapSum<-1>/);
    assert.match(t.host, /extern "C" void setTaps\(const float \*h\)/);
  });
  for (const backend of BACKENDS) {
    test(`64 outputs of a 5-tap filter on ${backend}`, async () => {
      const r = await cu2metal(['run', prog, '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^out\[3\] = 50\.0, 0 wrong$/m);
      assert.match(r.stdout, /^PASSED$/m);
    });
  }
});

describe('#include "x.h" finds the header beside the .cu before a same-named one of an -I folder', () => {
  const prog = path.join(FIX, 'quote_include', 'quote_include.cu');
  const other = path.join(FIX, 'quote_include', 'other');
  test('the module compile names the source folder with -iquote (searched for "x.h" before every -I)', () => {
    const args = sourceDirArgs('/some/dir');
    assert.deepEqual(args.slice(0, 2), ['-iquote', '/some/dir']);
    assert.ok(args.includes('-I'));
  });
  for (const backend of BACKENDS) {
    test(`run -I other (whose weights.h is an #error) on ${backend}`, async () => {
      const r = await cu2metal(['run', prog, '-I', other, '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^PASSED$/m);
    });
  }
});

describe('__shared__ arrays and a scalar at file scope, used by two kernels directly and through helpers', () => {
  const prog = path.join(FIX, 'file_shared.cu');
  test('each kernel declares what it uses; helpers take it by reference; the file-scope declaration is a comment', async () => {
    const r = await cu2metal(['translate', prog, '--stdout']);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /\/\* __shared__ tileA: declared in each kernel that uses it \*\//);
    assert.match(r.stdout, /void loadTile\(uint3 threadIdx, uint3 blockIdx, threadgroup float \(&tileA\)\[TILE\], const device float \*src\)/);
    assert.match(r.stdout, /float mirrored\(threadgroup float \(&tileA\)\[TILE\], int i\)/);
    assert.match(r.stdout, /void mirrorTile\(uint3 threadIdx, threadgroup float \(&tileB\)\[2\]\[TILE\], threadgroup float \(&tileA\)\[TILE\]\)/);
    assert.match(r.stdout, /kernel void reverseBlocks\([^\n]*\n\{ threadgroup float tileB\[2\]\[TILE\]; \/\* __shared__ at file scope \*\/ threadgroup float tileA\[TILE\]; \/\* __shared__ at file scope \*\//);
    assert.match(r.stdout, /threadgroup int blockTotal; \/\* __shared__ at file scope \*\//);
    assert.doesNotMatch(r.stdout, /C2M1007|^__shared__/m);
  });
  selfCheckingOnBothBackends(prog, 'reversed tiles and block sums (atomicAdd on a file-scope __shared__ int)', {
    copies: 2,
    extra: (r) => assert.match(r.stdout, /^block 3: sum 201 \(want 201\)$/m),
  });
});

// Functors whose operator() reads built-ins (issue 6; HeCBench axpby, reshapeKVCache): the call
// operator takes them as hidden parameters, as member functions called by name do, and every call
// through an object of a functor class or of a template's type parameter (`Op op; op(...)`, a
// functor field `elem(out[i], in[i])`, `body(i)` in a member template) passes them. A device
// reference bound to `OutT& dst` gets the call operator's device overload.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cu2metal, show } from '../helpers/cli';

const prog = path.join('test', 'fixtures', 'functor_builtins', 'functor_builtins.cu');

describe('functors whose operator() reads built-ins', { concurrency: false }, () => {
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`chunked axpby, lane tags, grid-stride functor, reference through a field: PASSED on ${backend}`, async () => {
      const r = await cu2metal(['run', prog, '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^axpby: out\[3\] = -1\.0, out\[999\] = 993\.0$/m, show(r));
      assert.match(r.stdout, /^lanes: out\[33\] = 1101, out\[200\] = 1008$/m, show(r));
      assert.match(r.stdout, /^squares: sq\[0\] = 250000, sq\[999\] = 249001$/m, show(r));
      assert.match(r.stdout, /^offsets: out\[1\] = -499, out\[999\] = 529$/m, show(r));
      assert.match(r.stdout, /^PASSED$/m, show(r));
    });
  }
  test('diff: every copy matches the reference', async () => {
    const r = await cu2metal(['diff', prog]);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /OK: \d+ of \d+ copies match/, show(r));
  });
  test('the call operators take the built-ins first; calls through objects pass them; lambdas are called as written', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-functor-'));
    const r = await cu2metal(['translate', prog, '-o', dir]);
    assert.equal(r.code, 0, show(r));
    const msl = fs.readFileSync(path.join(dir, 'functor_builtins.metal'), 'utf8');
    const hidden = 'uint3 threadIdx, uint3 blockIdx, uint3 blockDim, uint3 gridDim, uint warpSize';
    const passed = 'threadIdx, blockIdx, blockDim, gridDim, warpSize';
    assert.ok(msl.includes(`inline void operator()(${hidden}, int chunk, const device T *x, const device T *y, device T *out, int n) const {`), msl);
    assert.ok(msl.includes(`out[i] = float(base + laneOf(threadIdx, warpSize) + 100 * (int)(threadIdx.x / warpSize));`), msl);
    assert.ok(msl.includes(`op(${passed}, chunk, x, y, out, n);`), msl);
    assert.ok(msl.includes(`body(${passed}, i);`), msl);
    assert.ok(msl.includes(`loop(${passed}, sq);`), msl);
    assert.ok(msl.includes(`void operator()(${hidden}, thread int &dst, const int src) const`), msl);
    assert.ok(msl.includes(`void operator()(${hidden}, device int &dst, const int src) const`), msl);
    assert.ok(msl.includes(`if (i < n) elem(${passed}, out[i], in[i]);`), msl);
    assert.match(msl, /OffsetInto\{halve\(20\)\}/);
  });
  test('other operators that read built-ins are still refused', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-functor-'));
    const file = path.join(dir, 'o.cu');
    fs.writeFileSync(file, 'struct S {\n  float v;\n  __device__ S operator+(float a) const { return S{v + a + threadIdx.x}; }\n};\n__global__ void k(float *p) { S s{1}; p[0] = (s + 2.0f).v; }\n');
    const r = await cu2metal(['check', '--no-build', file]);
    assert.equal(r.code, 3, show(r));
    assert.match(r.stderr, /o\.cu:3:3: error: member function 'operator\+' uses threadIdx; built-ins in operators and copy constructors are not translated.*\[C2M1001\]/, show(r));
  });
});

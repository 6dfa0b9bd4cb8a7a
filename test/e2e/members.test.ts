// Device code in classes the way real headers write it (test/fixtures/members): built-ins,
// __constant__ data and printf in member functions (hidden parameters, src/translate/program.ts
// takesHiddenParams), an assert in an operator (left out, warning C2M1016), conversion operators,
// hidden friend functions, and a file-scope extern __shared__ array used by helpers
// (src/translate/externShared.ts). Both CPU backends run the self-checking program and agree.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cu2metal, show } from '../helpers/cli';

const prog = path.join('test', 'fixtures', 'members', 'members.cu');
const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-members-'));

describe('device code in classes', { concurrency: false }, () => {
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`members with built-ins, operators, friends, file-scope extern __shared__: PASSED on ${backend}`, async () => {
      const r = await cu2metal(['run', prog, '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^counter 1 -> 17$/m, show(r)); // printf in a member function
      assert.match(r.stdout, /^code\[5\] = 213, vec\[5\] = 1340$/m, show(r));
      assert.match(r.stdout, /^PASSED$/m, show(r));
    });
  }
  test('diff: every copy matches the reference', async () => {
    const r = await cu2metal(['diff', prog]);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /OK: 3 of 3 copies match/, show(r));
  });
  test('the MSL: hidden parameters of members and their calls, conversion operators, friends, the helper\'s view of sdata', async () => {
    const dir = tmp();
    const r = await cu2metal(['translate', prog, '-o', dir]);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stderr, /blockutil\.h:32:5: warning: assert in 'operator\/' is not checked on the device.*\[C2M1016\]/, show(r));
    const msl = fs.readFileSync(path.join(dir, 'members.metal'), 'utf8');
    assert.match(msl, /static int Tid\(uint3 threadIdx\) \{ return threadIdx\.x; \}/);
    assert.match(msl, /static int Lane\(uint3 threadIdx\) \{ return Tid\(threadIdx\) % WARP; \}/);
    assert.match(msl, /int scaled\(uint3 threadIdx, uint3 blockIdx, constant int\* g_scale\) const/);
    assert.match(msl, /void report\(uint3 threadIdx, uint3 blockIdx, uint3 gridDim, device uint\* cu2m_printf_buffer, int v\) const/);
    assert.match(msl, /int layoutCode\(uint3 threadIdx, uint3 blockIdx, uint3 blockDim\) \{ return B::Global\(threadIdx, blockIdx, blockDim\) \* 10 \+ B::Warps\(blockDim\); \}/);
    assert.match(msl, /c\.scaled\(threadIdx, blockIdx, g_scale\)/);
    assert.match(msl, /h\.withLane\(threadIdx\)/);
    assert.match(msl, /Vec3 operator\/\(const T s\) const \{\n {4}\(\(void\)0\);/);
    assert.match(msl, /^ {2}operator int\(\) const \{ return d_; \}$/m);
    assert.match(msl, /^ {2}explicit operator float\(\) const \{ return 1\.0f \/ \(float\)d_; \}$/m);
    assert.match(msl, /friend inline Cplx<T> conj\(/);
    assert.match(msl, /real\(z \* conj\(z\)\)/);
    assert.match(msl, /int neighbour\(uint3 blockDim, threadgroup uchar\* cu2m_dynamic_shared, int tid\) \{ threadgroup int\* sdata = \(threadgroup int\*\)cu2m_dynamic_shared;/);
    assert.match(msl, /neighbour\(blockDim, \(threadgroup uchar\*\)sdata, tid\)/);
    assert.match(msl, /void warpMin\(volatile threadgroup int\* sdata, int tid\)/); // the parameter shadows the array
    // The host program has no device members (their built-ins are not declared there).
    const host = fs.readFileSync(path.join(dir, 'members.host.cpp'), 'utf8');
    assert.doesNotMatch(host, /threadIdx/);
  });
  test('operators other than operator() that use built-ins other than through assert are still refused; a constructor and the call operator take them (ctor-builtins.test.ts, functor-builtins.test.ts)', async () => {
    const dir = tmp();
    const file = path.join(dir, 'm.cu');
    fs.writeFileSync(file, 'struct S {\n  int v;\n  __device__ S(int a) { v = a + threadIdx.x; }\n  __device__ int operator()(int a) const { return a + blockIdx.x; }\n  __device__ int operator+(int a) const { return a + blockIdx.x; }\n};\n__global__ void k(int *p) { S s(1); p[0] = s(2) + (s + 3); }\n');
    const r = await cu2metal(['check', '--no-build', file]);
    assert.equal(r.code, 3, show(r));
    assert.doesNotMatch(r.stderr, /m\.cu:[34]:/, show(r));
    assert.match(r.stderr, /m\.cu:5:3: error: member function 'operator\+' uses blockIdx; built-ins in operators and copy constructors are not translated.*\[C2M1001\]/, show(r));
  });
});

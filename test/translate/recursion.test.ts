// Recursion in device code (src/translate/reach.ts, deviceRecursion): refused (C2M1015) where a
// thread would recurse at run time; a constexpr function that code outside its cycle calls only in
// constant expressions (hadamard's cilog2) is evaluated by the compiler and allowed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { translateSource } from '../../src/translate/index';

const LOG2 = 'constexpr int ilog2(int v) { return v > 1 ? 1 + ilog2(v >> 1) : 0; }\n';
const codes = (src: string): string[] => translateSource('t.cu', src).diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.message}`);

test('a constexpr recursion called only in constant expressions translates, and stays in the MSL', () => {
  const src = `${LOG2}template <int N> struct Box { static constexpr int v = N; };
__global__ void k(int* p) {
  constexpr int a = ilog2(32);
  int rows[ilog2(8) + 1];
  static_assert(ilog2(16) == 4, "four");
  rows[0] = Box<ilog2(4)>::v;
  p[threadIdx.x] = a + rows[0];
}
`;
  const t = translateSource('t.cu', src);
  assert.deepEqual(codes(src), []);
  assert.match(t.msl, /constexpr int ilog2\(int v\) \{ return v > 1 \? 1 \+ ilog2\(v >> 1\) : 0; \}/);
});

test('the same function called at run time is still refused, naming the call', () => {
  for (const use of ['p[threadIdx.x] = ilog2(p[0]);', 'int n = ilog2(blockDim.x); p[0] = n;', 'const int n = ilog2(8); p[0] = n;']) {
    const errs = codes(`${LOG2}__global__ void k(int* p) { ${use} }\n`);
    assert.equal(errs.length, 1, use);
    assert.match(errs[0]!, /^C2M1015 'ilog2' calls itself; Metal has no recursion$/, use);
  }
});

test('a recursion that is not constexpr is refused even when only a constant initialises from it', () => {
  const errs = codes('__device__ int fact(int n) { return n ? n * fact(n - 1) : 1; }\n__global__ void k(int* p) { constexpr int x = 3; p[0] = fact(x); }\n');
  assert.equal(errs.length, 1);
  assert.match(errs[0]!, /C2M1015/);
});

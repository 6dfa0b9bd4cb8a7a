// Which volatile accesses the CPU backends wrap in lockstep references (src/translate/lockstep.ts).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseSource } from '../../src/parse/parse';
import { LOCKSTEP_CUDA, lockstepRewrite, volatileNames } from '../../src/translate/lockstep';

const rewrite = (code: string): string => lockstepRewrite(code, code, LOCKSTEP_CUDA);

describe('lockstep accesses', () => {
  test('subscripts of volatile pointers and arrays are wrapped, once, outermost', () => {
    const code = '__device__ int f(volatile int* s, int i) { s[i] += s[i - 1]; return s[s[i]]; }';
    assert.equal(rewrite(code), '__device__ int f(volatile int* s, int i) { __CU2M_lockstep(&(s[i])) += __CU2M_lockstep(&(s[i - 1])); return __CU2M_lockstep(&(s[__CU2M_lockstep(&(s[i]))])); }');
    const arr = '__global__ void k() { __shared__ volatile float t[4][32]; t[1][2] = t[0][threadIdx.x]; float* r = (float*)t[1]; }';
    assert.equal(rewrite(arr), '__global__ void k() { __shared__ volatile float t[4][32]; __CU2M_lockstep(&(t[1][2])) = __CU2M_lockstep(&(t[0][threadIdx.x])); float* r = (float*)t[1]; }');
  });
  test('addresses, members, non-volatile and volatile-pointer (not pointee) names are left alone', () => {
    const code = '__device__ void g(volatile int* s, int* p, int* volatile q, volatile float4* v) { int* a = (int*)&s[1]; p[0] = q[0]; v[0].x = 1; }';
    assert.equal(rewrite(code), code);
    const fn = parseSource('t.cu', code).tree.rootNode.namedChildren[0]!;
    assert.deepEqual([...volatileNames(fn)], [['s', 1], ['v', 1]]);
  });
});

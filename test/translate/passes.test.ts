// The passes that moved out of function.ts into files per concern, through their exported functions
// (the translations they make are covered by the golden and end-to-end suites).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { builtinKernelParams, builtinParamDecl } from '../../src/translate/indexing';
import { atomicDefinition, isAtomicName } from '../../src/translate/atomics';
import { ATOMIC_BY_NAME } from '../../src/translate/tables/atomics';
import { METAL_THREADGROUP_MEMORY, mslSizeOf } from '../../src/translate/sharedMemory';
import { translateSource } from '../../src/translate/index';

test('indexing: built-ins become attributed kernel parameters and plain helper parameters, from tables/builtins.ts', () => {
  const k = builtinKernelParams(['threadIdx', 'warpSize', 'notABuiltin']);
  assert.deepEqual(k.texts, ['uint3 threadIdx [[thread_position_in_threadgroup]]', 'uint warpSize [[threads_per_simdgroup]]']);
  assert.deepEqual(k.params.map((p) => `${p.name}:${p.kind}:${p.ctxField}`), ['threadIdx:builtin:thread_idx', 'warpSize:builtin:warp_size']);
  assert.equal(builtinParamDecl('blockDim'), 'uint3 blockDim');
  assert.equal(builtinParamDecl('warpSize'), 'uint warpSize');
});

test('indexing: dim3 with missing components gets CUDA\'s 1s', () => {
  const t = translateSource('d.cu', '__global__ void k(int* o) { dim3 d(4); uint3 e = dim3(2, 3); o[0] = d.y + e.z; }\n');
  assert.match(t.msl, /uint3 d = uint3\(4, 1, 1\)/);
  assert.match(t.msl, /dim3\(2, 3, 1\)|uint3\(2, 3, 1\)/);
});

test('atomics: overloads per type and space from the table rows: native where Metal has one, else a CAS loop', () => {
  const add = atomicDefinition(ATOMIC_BY_NAME.get('atomicAdd')!);
  assert.match(add, /inline int atomicAdd\(device int\* p, int v\) \{ return atomic_fetch_add_explicit\(\(device atomic_int\*\)p, v, memory_order_relaxed\); \}/);
  // float in threadgroup memory: Metal has no atomic_float there, so a compare-exchange on the bits.
  assert.match(add, /inline float atomicAdd\(threadgroup float\* p, float v\) \{\n {2}threadgroup atomic_uint\* a = \(threadgroup atomic_uint\*\)p;/);
  const cas = atomicDefinition(ATOMIC_BY_NAME.get('atomicCAS')!);
  assert.match(cas, /inline uint atomicCAS\(device uint\* p, uint c, uint v\)/);
  assert.match(cas, /if \(old_ != c\) return old_;/);
  assert.ok(isAtomicName('atomicAdd_block') && isAtomicName('atomicMyOwn') && !isAtomicName('atomic') && !isAtomicName('atomically'));
});

test('shared memory: Metal layout sizes count the static __shared__ bytes against the threadgroup limit', () => {
  assert.equal(mslSizeOf('float'), 4);
  assert.equal(mslSizeOf('float3'), 16, 'a Metal 3-vector takes 4 slots');
  assert.equal(mslSizeOf('uchar2'), 2);
  assert.equal(mslSizeOf('MyStruct'), undefined);
  const t = translateSource('s.cu', `__global__ void k(float* o) { __shared__ float a[${METAL_THREADGROUP_MEMORY / 4}]; __shared__ int b[1]; a[0] = b[0]; o[0] = a[0]; }\n`);
  assert.deepEqual(t.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code), ['C2M1012']);
  assert.match(t.diagnostics[0]!.message, new RegExp(`declares ${METAL_THREADGROUP_MEMORY + 4} bytes`));
});

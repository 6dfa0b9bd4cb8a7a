// Which memory a translated barrier orders (threadgroup_barrier's mem_flags).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { translateSource } from '../../src/translate/index';

const barrierOf = (src: string): string => {
  const t = translateSource('b.cu', src);
  assert.equal(t.ok, true, JSON.stringify(t.diagnostics));
  const m = /threadgroup_barrier\(([^)]*)\)/.exec(t.msl);
  assert.ok(m, t.msl);
  return m[1]!;
};

test('a kernel that stores to one buffer and reads another orders device memory: the buffers may alias', () => {
  // Launched as shift<<<1, 64>>>(d, d, r): thread t reads the element thread t+1 stored before the barrier.
  const src = '__global__ void shift(const float* in, float* out, float* res) {\n  __shared__ float s[64];\n  out[threadIdx.x] = 2.0f * threadIdx.x;\n  s[threadIdx.x] = 1.0f;\n  __syncthreads();\n  res[threadIdx.x] = in[(threadIdx.x + 1) % 64] + s[0];\n}\n';
  assert.equal(barrierOf(src), 'mem_flags::mem_device | mem_flags::mem_threadgroup');
});

test('a kernel that only stores to device memory keeps the threadgroup-only barrier', () => {
  const src = '__global__ void k(float* out) {\n  __shared__ float s[32];\n  s[threadIdx.x] = threadIdx.x;\n  __syncthreads();\n  out[threadIdx.x] = s[31 - threadIdx.x];\n}\n';
  assert.equal(barrierOf(src), 'mem_flags::mem_threadgroup');
});

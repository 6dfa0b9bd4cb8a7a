// Kernels overloaded by parameter type: one Metal kernel each (Metal has no kernel overloading),
// C++ overloads on the host, the cuda-cpu reference called through a cast to the overload's type.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cudaGlue, mslGlue } from '../../src/build/glue';
import { translateSource } from '../../src/translate/index';

const SRC = `#include <cuda_fp16.h>
__global__ void k(float* p, float v) { p[0] = v; }
__global__ void k(__half* p, __half v) { p[0] = v; }
__global__ void k(const int* __restrict__ q, int* p) { p[0] = q[0]; }
__global__ void other(int* p) { p[0] = 1; }
`;

test('overloaded kernels get their own MSL names in source order; the host stubs stay overloads', () => {
  const t = translateSource('o.cu', SRC);
  assert.equal(t.ok, true, JSON.stringify(t.diagnostics));
  assert.match(t.msl, /kernel void k\(device float\* p /);
  assert.match(t.msl, /kernel void k_2\(device half\* p /);
  assert.match(t.msl, /kernel void k_3\(device const int\* q /);
  assert.match(t.msl, /kernel void other\(/);
  assert.deepEqual(t.manifest.kernels.map((k) => [k.name, k.cppName]), [
    ['k', 'static_cast<void (&)(float*, float)>(k)'],
    ['k_2', 'static_cast<void (&)(__half*, __half)>(k)'],
    ['k_3', 'static_cast<void (&)(const int*, int*)>(k)'],
    ['other', undefined],
  ]);
  // stubs: C++ overloads of k, each with its kernel's descriptor and a registration that picks it
  assert.match(t.host, /void k\(__half\* p, __half v\) \{[\s\S]*?cu2m_kernel = \{"k_2", [\s\S]*?CU2M_REGISTER_KERNEL\(cu2m_kernel, static_cast<void \(&\)\(__half\*, __half\)>\(k\)\);/);
  assert.match(t.host, /CU2M_REGISTER_KERNEL\(cu2m_kernel, other\);/);
  // glue: msl-cpu calls the renamed MSL function, cuda-cpu the original through the cast
  assert.match(mslGlue(t.manifest), /void cu2m_entry_k_2\([^)]*\) \{\n {2}cu2m_msl::enter\(ctx\);\n {2}k_2\(/);
  assert.match(cudaGlue(t.manifest), /void cu2m_entry_k_2\([^)]*\) \{\n {2}cu2m_cuda::enter\(ctx\);\n {2}cu2m_glue::call\(static_cast<void \(&\)\(__half\*, __half\)>\(k\), args\);/);
});

test('#if/#else alternatives of one signature stay one kernel of one name', () => {
  const t = translateSource('a.cu', '#if FAST\n__global__ void k(float* p) { p[0] = 1.0f; }\n#else\n__global__ void k(float* p) { p[0] = 2.0f; }\n#endif\n');
  assert.equal(t.ok, true, JSON.stringify(t.diagnostics));
  assert.deepEqual(t.manifest.kernels.map((k) => k.name), ['k']);
  assert.doesNotMatch(t.msl, /k_2/);
  assert.doesNotMatch(t.host, /static_cast/);
});

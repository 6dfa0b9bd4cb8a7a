// CUDA's intrinsics in host code (native/include/cu2m/intrinsics.h) and nvcc's predefined macros in
// the host compile: a header of `__host__ __device__` interval helpers built on __fadd_rd,
// __fdiv_ru, __dadd_ru, __int_as_float, __brev, __float2int_rd ... that refuses to compile unless
// __CUDACC__/__NVCC__ are defined, evaluated by the host and by a kernel. The host values are checked
// against exactly rounded ones (and the rounding mode restored), and the kernel's must match them bit
// for bit, on both backends.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cu2metal, show } from '../helpers/cli';

const prog = path.join('test', 'fixtures', 'host_intrinsics', 'host_intrinsics.cu');

describe('intrinsics in __host__ __device__ code, host compile as nvcc\'s host pass', { concurrency: false }, () => {
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`host and device give the same directed roundings and bit casts: PASSED on ${backend}`, async () => {
      const r = await cu2metal(['run', prog, '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^a\[5\]: sum \[-1\.375, -1\.375\] quotient \[-3\.39130425, -3\.39130402\] mix 3271583319$/m, show(r));
      assert.match(r.stdout, /^PASSED$/m, show(r));
    });
  }
});

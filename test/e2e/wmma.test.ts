// The warp matrix functions (native/include/mma.h): self-checking programs that use nvcuda::wmma
// the ways kernels do, on both CPU backends (the MSL of our header, and the header compiled as
// CUDA), diffed copy by copy.
import * as path from 'node:path';
import { describe } from 'node:test';
import { selfCheckingOnBothBackends } from '../helpers/cli';

describe('wmma GEMMs (every documented shape and type)', () => {
  selfCheckingOnBothBackends(path.join('test', 'fixtures', 'wmma', 'gemm.cu'), 'half with float and half accumulators (m16n16k16, m32n8k16, m8n32k16), bf16, 8-bit integers, double m8n8k4, TF32 rounded in the fragment; row- and column-major operands and accumulators, ldm larger than the tile, padding left alone', { copies: 10 });
});

describe('wmma fragments in kernels', () => {
  selfCheckingOnBothBackends(path.join('test', 'fixtures', 'wmma', 'fragments.cu'), 'operands staged in shared memory, arrays of accumulators, element-wise scaling/ReLU/bias, fragments passed to a device helper, value-initialised fragments, column-major stores to shared memory, dynamic shared memory declared as rows (extern __shared__ half s[][W]), satf on 8-bit products', { copies: 5 });
});

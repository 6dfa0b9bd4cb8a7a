// The warp matrix functions (native/include/mma.h): self-checking programs that use nvcuda::wmma
// the ways kernels do, on both CPU backends (the MSL of our header, and the header compiled as
// CUDA), diffed copy by copy.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cu2metal, selfCheckingOnBothBackends, show } from '../helpers/cli';

describe('wmma GEMMs (every documented shape and type)', () => {
  selfCheckingOnBothBackends(path.join('test', 'fixtures', 'wmma', 'gemm.cu'), 'half with float and half accumulators (m16n16k16, m32n8k16, m8n32k16), bf16, 8-bit integers, double m8n8k4, TF32 rounded in the fragment; row- and column-major operands and accumulators, ldm larger than the tile, padding left alone', { copies: 10 });
});

describe('wmma fragments in kernels', () => {
  selfCheckingOnBothBackends(path.join('test', 'fixtures', 'wmma', 'fragments.cu'), 'operands staged in shared memory, arrays of accumulators, element-wise scaling/ReLU/bias, fragments passed to a device helper, value-initialised fragments, column-major stores to shared memory, dynamic shared memory declared as rows (extern __shared__ half s[][W]), satf on 8-bit products', { copies: 5 });
});

describe('wmma rounding as an H100 rounds (test/fixtures/wmma/rounding.cu)', () => {
  selfCheckingOnBothBackends(path.join('test', 'fixtures', 'wmma', 'rounding.cu'), 'float accumulators of bf16, half and TF32 products: exact sums aligned to the largest addend, truncated toward zero; TF32 operands truncated in mma_sync; NaN 0x7fffffff — bit for bit what the H100 gave', { copies: 5 });
});

describe('wmma probe (test/fixtures/gpu/wmmaprobe.cu) on the CPU backends', () => {
  const probe = path.join('test', 'fixtures', 'gpu', 'wmmaprobe.cu');
  test('both backends print the same, and the values the design fixes', async () => {
    const m = await cu2metal(['run', probe, '--backend', 'msl-cpu']);
    assert.equal(m.code, 0, show(m));
    const c = await cu2metal(['run', probe, '--backend', 'cuda-cpu']);
    assert.equal(c.code, 0, show(c));
    assert.equal(m.stdout, c.stdout);
    // __float_to_tf32: to nearest on 10 mantissa bits, ties away from zero; overflow to infinity; a NaN
    // loses its low payload bits (as on an H100: gpu-probes wmmaprobe.h100.txt).
    for (const line of ['tf32 3f801000 -> 3f802000', 'tf32 3f800fff -> 3f800000', 'tf32 bf801000 -> bf802000', 'tf32 7f7fffff -> 7f800000', 'tf32 7fc00001 -> 7fc00000']) assert.match(m.stdout, new RegExp(`^${line}$`, 'm'));
    // TF32 operands are truncated inside mma_sync, and float accumulators get the tensor cores' sums
    // (exact, truncated toward zero): the lines an H100 printed for these tiles.
    assert.match(m.stdout, /^tf32raw d\[0,0\]=0x1p\+3 d\[0,8\]=0x1p\+3 d\[8,0\]=0x1p\+3 d\[8,8\]=0x1p\+3$/m);
    assert.match(m.stdout, /^bf16acc rows0-3 col0: 16777230 16777230 16777232 14$/m);
    assert.match(m.stdout, /^floatacc satf=0: 7f800000 ff800000 7fffffff 7f7fffff 7f7fc99e 497fe000$/m);
    // 8-bit products added to C near int's limits: wrapped without satf, clamped with it.
    assert.match(m.stdout, /^intacc satf=0: -2147226232 2147224200 -1011 258064$/m);
    assert.match(m.stdout, /^intacc satf=1: 2147483647 -2147483648 -1011 258064$/m);
    // Our lane mapping: lane l holds elements l, l + 32, ... of the tile read row by row.
    assert.match(m.stdout, /^lanemap row1: 1600 1700 1800 1900 2000 2100 2200 2300 2400 2500 2600 2700 2800 2900 3000 3100$/m);
    assert.match(m.stdout, /^done$/m);
  });
});

// cuBLAS's handle API as cu2metal's own library (native/include/cublas_api.h, native/runtime/cublas.cpp):
// self-checking programs that call it the way programs do, on both CPU backends, diffed copy by copy;
// and the translate-time refusal of what is not provided (C2M2004 naming the function or header).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cu2metal, selfCheckingOnBothBackends, show } from '../helpers/cli';

describe('cuBLAS gemm', () => {
  selfCheckingOnBothBackends(path.join('test', 'fixtures', 'cublas', 'gemm.cu'), 'Sgemm/Dgemm in all nine op pairs with leading dimensions, several tiles, the handle stream after kernels, gemmBatched and gemmStridedBatched', {
    copies: 23,
    // The bad lda is reported as an H100 reports it (on stdout, BLAS's argument number).
    extra: (r) => assert.match(r.stdout, /^ \*\* On entry to SGEMM {2}parameter number 8 had an illegal value$/m),
  });
});

describe('cuBLAS GemmEx and half precision', () => {
  selfCheckingOnBothBackends(path.join('test', 'fixtures', 'cublas', 'gemmex.cu'), 'GemmEx half->float (32F, FAST_16F, TF32), Hgemm and compute 16F, bf16, int8->int32 (a shape not a multiple of 4: NOT_SUPPORTED, as on an H100), double, GemmStridedBatchedEx', { copies: 10 });
});

describe('cuBLAS level 1/2 and extensions', () => {
  selfCheckingOnBothBackends(path.join('test', 'fixtures', 'cublas', 'level1.cu'), 'dot/nrm2/Isamax/axpy/scal with device pointer mode, copies, DotEx half (into a float: NOT_SUPPORTED, as on an H100), gemv N/T, geam, getrfBatched, gelsBatched', { copies: 16 });
});

describe('cuBLASLt matmul', () => {
  selfCheckingOnBothBackends(path.join('test', 'fixtures', 'cublas', 'lt_matmul.cu'), 'linear layers with DEFAULT/BIAS/GELU_BIAS/RELU epilogues after the heuristic query, Init descriptors, D != C, strided batches', { copies: 6 });
});

describe('cuBLAS: what is not provided', () => {
  test('an unprovided cublas function and the legacy cublas.h are C2M2004 with file:line:col, naming them', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cu2m-cublas-'));
    const file = path.join(dir, 'trsm.cu');
    fs.writeFileSync(file, [
      '#include <cublas_v2.h>', // 1
      '#include <cublas.h>', // 2
      '__global__ void k(float *p) { p[0] = 1; }', // 3
      'int main() {', // 4
      '  cublasHandle_t h;', // 5
      '  cublasCreate(&h);', // 6
      '  float one = 1, *A = 0, *B = 0;', // 7
      '  cublasStrsm(h, CUBLAS_SIDE_LEFT, CUBLAS_FILL_MODE_LOWER, CUBLAS_OP_N, CUBLAS_DIAG_UNIT, 4, 4, &one, A, 4, B, 4);', // 8
      '  cublasSgemm(h, CUBLAS_OP_N, CUBLAS_OP_N, 4, 4, 4, &one, A, 4, B, 4, &one, B, 4);', // 9
      '  return 0;',
      '}',
    ].join('\n'));
    const r = await cu2metal(['check', '--no-build', file]);
    assert.notEqual(r.code, 0, show(r));
    const out = r.stdout + r.stderr;
    assert.match(out, /trsm\.cu:8:3: error: 'cublasStrsm' is a function of cuBLAS that cu2metal does not provide .*\[C2M2004\]/);
    assert.match(out, /trsm\.cu:2:10: error: <cublas\.h> is a header of cuBLAS's legacy API, which cu2metal does not provide \[C2M2004\]/);
    assert.doesNotMatch(out, /error: .*(cublasSgemm|cublasCreate|cublas_v2)/);
    assert.equal((out.match(/error: /g) ?? []).length, 2, out);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

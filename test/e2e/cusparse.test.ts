// cuSPARSE as cu2metal's own library (native/include/cusparse.h, native/runtime/cusparse.cpp):
// self-checking programs that call it the way programs do, on both CPU backends, diffed copy by copy;
// and the translate-time refusal of what is not provided (C2M2004 naming the function).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cu2metal, selfCheckingOnBothBackends, show } from '../helpers/cli';

const FIX = path.join('test', 'fixtures', 'cusparse');

describe('cuSPARSE SpMV and SpMM', () => {
  selfCheckingOnBothBackends(path.join(FIX, 'spmv_spmm.cu'), 'SpMV CSR/CSC/COO with a kernel before it on the handle stream, A^T with 64-bit one-based indices and device scalars, a NULL buffer refused (as on an H100); SpMM batched row order and COO A^T B^T column order', { copies: 7 });
});

describe('cuSPARSE SpGEMM, SDDMM and sparse vectors', () => {
  selfCheckingOnBothBackends(path.join(FIX, 'spgemm_sddmm.cu'), 'SpGEMM float and double (base one) through workEstimation/compute/size/copy, SDDMM batched and A^T, Axpby with device scalars, Gather, Scatter', { copies: 11 });
});

describe('cuSPARSE triangular solves and ILU(0)', () => {
  selfCheckingOnBothBackends(path.join(FIX, 'solvers.cu'), 'SpSV lower/upper unit/lower^T, SpSM on COO with 8 right-hand sides, csrilu02 against a host ILU(0), L U solves with their own SpSV buffers, a structural zero pivot', { copies: 6 });
});

describe('cuSPARSE conversions and helpers', () => {
  selfCheckingOnBothBackends(path.join(FIX, 'convert.cu'), 'DenseToSparse CSR (64-bit) after a kernel, SparseToDense from COO column order, csr2cscEx2 numeric/symbolic, csr2coo/coo2csr, csrsort + Gather, coosort by row/column (any valid permutation), Dnnz/Snnz', { copies: 20 });
});

describe('cuSPARSE: what is not provided', () => {
  test('an unprovided cusparse function is C2M2004 with file:line:col, naming it; provided ones and -lcusparse are accepted', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cu2m-cusparse-'));
    const file = path.join(dir, 'csrmv.cu');
    fs.writeFileSync(file, [
      '#include <cusparse.h>', // 1
      '__global__ void k(float *p) { p[0] = 1; }', // 2
      'int main() {', // 3
      '  cusparseHandle_t h;', // 4
      '  cusparseCreate(&h);', // 5
      '  cusparseMatDescr_t d;', // 6
      '  cusparseCreateMatDescr(&d);', // 7
      '  float one = 1, *v = 0, *x = 0; int *r = 0, *c = 0;', // 8
      '  cusparseScsrmv(h, CUSPARSE_OPERATION_NON_TRANSPOSE, 2, 2, 2, &one, d, v, r, c, x, &one, x);', // 9
      '  cusparseDestroy(h);', // 10
      '  return 0;',
      '}',
    ].join('\n'));
    const r = await cu2metal(['check', '--no-build', file, '-lcusparse']);
    assert.notEqual(r.code, 0, show(r));
    const out = r.stdout + r.stderr;
    assert.match(out, /csrmv\.cu:9:3: error: 'cusparseScsrmv' is a function of cuSPARSE that cu2metal does not provide .*\[C2M2004\]/);
    assert.doesNotMatch(out, /error: .*(cusparseCreate|cusparseDestroy|cusparse\.h|-lcusparse)/);
    assert.equal((out.match(/error: /g) ?? []).length, 1, out);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('cuSPARSE: external buffers a GPU would need (docs/DESIGN.md, "cuSPARSE")', () => {
  // Not a fixture: on a GPU these calls are invalid (a NULL buffer is refused there too; a small or
  // overwritten one is an illegal memory access or a wrong solve), so the program lives here.
  test('NULL, too small and overwritten buffers are CUSPARSE_STATUS_INVALID_VALUE with a line naming the call (cuda-cpu)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cu2m-cusparse-'));
    const file = path.join(dir, 'buffers.cu');
    fs.writeFileSync(file, `#include <cstdio>
#include <cusparse.h>
int main() {
  cusparseHandle_t h;
  cusparseCreate(&h);
  const int off[5] = {0, 1, 3, 5, 7}, col[7] = {0, 0, 1, 1, 2, 2, 3};
  const double val[7] = {1, 2, 1, 3, 1, 4, 1}, one = 1.0, zero = 0.0;
  int *dOff, *dCol;
  double *dVal, *dx, *dy;
  cudaMalloc(&dOff, sizeof off); cudaMalloc(&dCol, sizeof col); cudaMalloc(&dVal, sizeof val);
  cudaMalloc(&dx, 4 * sizeof(double)); cudaMalloc(&dy, 4 * sizeof(double));
  cudaMemcpy(dOff, off, sizeof off, cudaMemcpyHostToDevice);
  cudaMemcpy(dCol, col, sizeof col, cudaMemcpyHostToDevice);
  cudaMemcpy(dVal, val, sizeof val, cudaMemcpyHostToDevice);
  cudaMemcpy(dx, val, 4 * sizeof(double), cudaMemcpyHostToDevice);
  cusparseSpMatDescr_t A;
  cusparseCreateCsr(&A, 4, 4, 7, dOff, dCol, dVal, CUSPARSE_INDEX_32I, CUSPARSE_INDEX_32I, CUSPARSE_INDEX_BASE_ZERO, CUDA_R_64F);
  cusparseDnVecDescr_t x, y;
  cusparseCreateDnVec(&x, 4, dx, CUDA_R_64F);
  cusparseCreateDnVec(&y, 4, dy, CUDA_R_64F);
  const cusparseOperation_t N = CUSPARSE_OPERATION_NON_TRANSPOSE;
  printf("SpMV NULL %d\\n", (int)cusparseSpMV(h, N, &one, A, x, &zero, y, CUDA_R_64F, CUSPARSE_SPMV_ALG_DEFAULT, nullptr));
  cusparseSpSVDescr_t d1, d2;
  cusparseSpSV_createDescr(&d1);
  cusparseSpSV_createDescr(&d2);
  size_t size = 0;
  cusparseSpSV_bufferSize(h, N, &one, A, x, y, CUDA_R_64F, CUSPARSE_SPSV_ALG_DEFAULT, d1, &size);
  void *small, *buffer;
  cudaMalloc(&small, 64);
  cudaMalloc(&buffer, size);
  printf("analysis small %d\\n", (int)cusparseSpSV_analysis(h, N, &one, A, x, y, CUDA_R_64F, CUSPARSE_SPSV_ALG_DEFAULT, d1, small));
  printf("analysis 1 %d\\n", (int)cusparseSpSV_analysis(h, N, &one, A, x, y, CUDA_R_64F, CUSPARSE_SPSV_ALG_DEFAULT, d1, buffer));
  printf("analysis 2, same buffer %d\\n", (int)cusparseSpSV_analysis(h, N, &one, A, x, y, CUDA_R_64F, CUSPARSE_SPSV_ALG_DEFAULT, d2, buffer));
  printf("solve 1 %d\\n", (int)cusparseSpSV_solve(h, N, &one, A, x, y, CUDA_R_64F, CUSPARSE_SPSV_ALG_DEFAULT, d1));
  printf("solve 2 %d\\n", (int)cusparseSpSV_solve(h, N, &one, A, x, y, CUDA_R_64F, CUSPARSE_SPSV_ALG_DEFAULT, d2));
  return 0;
}
`);
    const r = await cu2metal(['run', file, '--backend', 'cuda-cpu']);
    assert.equal(r.code, 0, show(r));
    assert.equal(r.stdout, 'SpMV NULL 3\nanalysis small 3\nanalysis 1 0\nanalysis 2, same buffer 0\nsolve 1 3\nsolve 2 0\n', show(r));
    assert.match(r.stderr, /\*\* On entry to cusparseSpMV\(\) parameter number 10 \(externalBuffer\) had an illegal value: NULL pointer/);
    assert.match(r.stderr, /\*\* On entry to cusparseSpSV_analysis\(\) parameter number 10 \(externalBuffer\) had an illegal value: 64 bytes to the end of its allocation, fewer than the 448 bytes its size query reports/);
    assert.match(r.stderr, /\*\* On entry to cusparseSpSV_solve\(\): the external buffer of its analysis was since used by another analysis/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

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
  selfCheckingOnBothBackends(path.join(FIX, 'spmv_spmm.cu'), 'SpMV CSR/CSC/COO with a kernel before it on the handle stream, A^T with 64-bit one-based indices and device scalars; SpMM batched row order and COO A^T B^T column order', { copies: 6 });
});

describe('cuSPARSE SpGEMM, SDDMM and sparse vectors', () => {
  selfCheckingOnBothBackends(path.join(FIX, 'spgemm_sddmm.cu'), 'SpGEMM float and double (base one) through workEstimation/compute/size/copy, SDDMM batched and A^T, Axpby with device scalars, Gather, Scatter', { copies: 11 });
});

describe('cuSPARSE triangular solves and ILU(0)', () => {
  selfCheckingOnBothBackends(path.join(FIX, 'solvers.cu'), 'SpSV lower/upper unit/lower^T, SpSM on COO with 8 right-hand sides, csrilu02 against a host ILU(0), L U solves, a structural zero pivot', { copies: 6 });
});

describe('cuSPARSE conversions and helpers', () => {
  selfCheckingOnBothBackends(path.join(FIX, 'convert.cu'), 'DenseToSparse CSR (64-bit) after a kernel, SparseToDense from COO column order, csr2cscEx2 numeric/symbolic, csr2coo/coo2csr, csrsort + Gather, coosort by row/column, Dnnz/Snnz', { copies: 18 });
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

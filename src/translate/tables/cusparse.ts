// cuSPARSE (<cusparse.h>) → cu2metal's own implementation in the runtime (native/include/cusparse.h,
// native/runtime/cusparse.cpp). Data only: the library pass diagnoses calls of `cusparse*` functions
// missing here (C2M2004, naming the function), and docs/support-matrix.md is generated from it. Every
// routine runs on the host CPU over the device pointers after the handle's stream has finished its
// earlier work; see docs/DESIGN.md ("cuSPARSE") for the accumulation order.
import type { RuntimeApiRow } from './runtimeApi';

const s = (name: string, note?: string): RuntimeApiRow => ({ name, support: 'supported', note });
const p = (name: string, note: string): RuntimeApiRow => ({ name, support: 'partial', note });

const TYPES = 'values and compute type CUDA_R_32F or CUDA_R_64F (others: CUSPARSE_STATUS_NOT_SUPPORTED); index types 16U/32I/64I, index base zero or one; alpha/beta in host or device memory';
const BUFFER = 'reports a small size (no external buffer is needed)';
const ALG = 'every algorithm enum is accepted and computes the same result';

export const CUSPARSE_API: readonly RuntimeApiRow[] = [
  // handle
  s('cusparseCreate'),
  s('cusparseDestroy', 'waits for the handle\'s stream first'),
  s('cusparseGetVersion', 'reports 12.0.0'),
  s('cusparseGetProperty'),
  p('cusparseSetStream', 'each later routine waits for the work queued on that stream before it, then runs; a routine on a stream being captured into a graph is not recorded (CUSPARSE_STATUS_EXECUTION_FAILED)'),
  s('cusparseGetStream'),
  s('cusparseSetPointerMode', 'host and device scalars (device memory is host-visible)'),
  s('cusparseGetPointerMode'),
  s('cusparseGetErrorName'),
  s('cusparseGetErrorString'),
  // legacy matrix descriptor
  s('cusparseCreateMatDescr'),
  s('cusparseDestroyMatDescr'),
  p('cusparseSetMatType', 'recorded; the routines that take a descriptor treat every matrix as general'),
  s('cusparseGetMatType'),
  s('cusparseSetMatFillMode'),
  s('cusparseGetMatFillMode'),
  s('cusparseSetMatDiagType'),
  s('cusparseGetMatDiagType'),
  s('cusparseSetMatIndexBase'),
  s('cusparseGetMatIndexBase'),
  // sparse and dense vectors
  s('cusparseCreateSpVec'),
  s('cusparseDestroySpVec'),
  s('cusparseSpVecGet'),
  s('cusparseSpVecGetIndexBase'),
  s('cusparseSpVecGetValues'),
  s('cusparseSpVecSetValues'),
  s('cusparseCreateDnVec'),
  s('cusparseDestroyDnVec'),
  s('cusparseDnVecGet'),
  s('cusparseDnVecGetValues'),
  s('cusparseDnVecSetValues'),
  // sparse matrices
  s('cusparseCreateCsr'),
  s('cusparseCreateCsc'),
  s('cusparseCreateCoo'),
  s('cusparseDestroySpMat'),
  s('cusparseSpMatGetSize'),
  s('cusparseSpMatGetFormat'),
  s('cusparseSpMatGetIndexBase'),
  s('cusparseSpMatGetValues'),
  s('cusparseSpMatSetValues'),
  s('cusparseSpMatGetStridedBatch'),
  s('cusparseSpMatGetAttribute'),
  s('cusparseSpMatSetAttribute', 'fill mode and diagonal type (used by SpSV and SpSM)'),
  s('cusparseCsrGet'),
  s('cusparseCooGet'),
  s('cusparseCsrSetPointers'),
  s('cusparseCscSetPointers'),
  s('cusparseCooSetPointers'),
  s('cusparseCsrSetStridedBatch', 'batches of SpMM and SDDMM'),
  s('cusparseCooSetStridedBatch', 'batches of SpMM and SDDMM'),
  // dense matrices
  s('cusparseCreateDnMat', 'row or column order, any leading dimension ≥ the documented minimum'),
  s('cusparseDestroyDnMat'),
  s('cusparseDnMatGet'),
  s('cusparseDnMatGetValues'),
  s('cusparseDnMatSetValues'),
  s('cusparseDnMatSetStridedBatch'),
  s('cusparseDnMatGetStridedBatch'),
  // vector operations
  p('cusparseAxpby', `Y = alpha·X + beta·Y (Y scaled first, then X's entries added in order); ${TYPES}`),
  s('cusparseGather', 'any value type (copied bytewise)'),
  s('cusparseScatter', 'any value type (copied bytewise)'),
  // SpMV, SpMM
  s('cusparseSpMV_bufferSize', BUFFER),
  s('cusparseSpMV_preprocess', 'checks its arguments; nothing to prepare'),
  p('cusparseSpMV', `Y = alpha·op(A)·X + beta·Y for CSR, CSC and COO, op N/T/C (C = T for real types); each element one running sum over its row of op(A) in stored order, then alpha·sum + beta·Y (beta = 0: Y not read); ${TYPES}; ${ALG}; blocked-ELL/BSR/sliced-ELL are not provided`),
  s('cusparseSpMM_bufferSize', BUFFER),
  s('cusparseSpMM_preprocess', 'checks its arguments; nothing to prepare'),
  p('cusparseSpMM', `C = alpha·op(A)·op(B) + beta·C, A CSR/CSC/COO, B and C dense in row or column order, strided batches; the summation order of SpMV; ${TYPES}; ${ALG}`),
  // SpGEMM
  s('cusparseSpGEMM_createDescr'),
  s('cusparseSpGEMM_destroyDescr'),
  s('cusparseSpGEMM_workEstimation', BUFFER),
  p('cusparseSpGEMM_compute', `C = alpha·A·B, all CSR, op N only (as in cuSPARSE); the product is held in the descriptor and C's size set (cusparseSpMatGetSize); beta must be 0 (else CUSPARSE_STATUS_NOT_SUPPORTED); never CUSPARSE_STATUS_INSUFFICIENT_RESOURCES; ${TYPES}`),
  s('cusparseSpGEMM_copy', 'writes C\'s offsets, columns (each row sorted) and values'),
  // SDDMM
  s('cusparseSDDMM_bufferSize', BUFFER),
  s('cusparseSDDMM_preprocess', 'checks its arguments; nothing to prepare'),
  p('cusparseSDDMM', `C = alpha·(op(A)·op(B)) ∘ spy(C) + beta·C, A and B dense (row or column order), C CSR or COO, strided batches; each entry one running sum over k; ${TYPES}`),
  // SpSV, SpSM
  s('cusparseSpSV_createDescr'),
  s('cusparseSpSV_destroyDescr'),
  s('cusparseSpSV_bufferSize', BUFFER),
  s('cusparseSpSV_analysis', 'nothing to analyse: the solve reads the matrix as it is then'),
  p('cusparseSpSV_solve', `op(A)·Y = alpha·X by forward or backward substitution, A CSR/CSC/COO triangular by its fill-mode and diagonal-type attributes (the other triangle's entries are ignored), op N/T; ${TYPES}`),
  s('cusparseSpSM_createDescr'),
  s('cusparseSpSM_destroyDescr'),
  s('cusparseSpSM_bufferSize', BUFFER),
  s('cusparseSpSM_analysis', 'nothing to analyse: the solve reads the matrix as it is then'),
  p('cusparseSpSM_solve', `op(A)·C = alpha·op(B), each column as cusparseSpSV_solve; ${TYPES}`),
  // conversions
  s('cusparseSparseToDense_bufferSize', BUFFER),
  p('cusparseSparseToDense', `CSR, CSC or COO to a dense matrix in row or column order; ${TYPES}`),
  s('cusparseDenseToSparse_bufferSize', BUFFER),
  s('cusparseDenseToSparse_analysis', 'counts the non-zero elements (cusparseSpMatGetSize) and writes CSR/CSC offsets'),
  p('cusparseDenseToSparse_convert', `writes the non-zero elements to CSR, CSC or COO in row (CSC: column) order; ${TYPES}`),
  s('cusparseCsr2cscEx2_bufferSize', BUFFER),
  s('cusparseCsr2cscEx2', 'stable: the rows of each column come out increasing; any value type (copied bytewise); CUSPARSE_ACTION_SYMBOLIC leaves the values'),
  s('cusparseXcoo2csr'),
  s('cusparseXcsr2coo'),
  s('cusparseSnnz', 'per row or per column; the total in host or device memory'),
  s('cusparseDnnz', 'per row or per column; the total in host or device memory'),
  // sorting
  s('cusparseCreateIdentityPermutation'),
  s('cusparseXcsrsort_bufferSizeExt', BUFFER),
  s('cusparseXcsrsort', 'stable sort of each row by column, permuting P alike'),
  s('cusparseXcoosort_bufferSizeExt', BUFFER),
  s('cusparseXcoosortByRow', 'stable sort by row (entries of one row keep their order), permuting P alike'),
  s('cusparseXcoosortByColumn', 'stable sort by column, permuting P alike'),
  // incomplete LU
  s('cusparseCreateCsrilu02Info'),
  s('cusparseDestroyCsrilu02Info'),
  s('cusparseScsrilu02_bufferSize', BUFFER),
  s('cusparseDcsrilu02_bufferSize', BUFFER),
  s('cusparseScsrilu02_analysis', 'finds a structural zero (a row without its diagonal entry); the policy is accepted'),
  s('cusparseDcsrilu02_analysis', 'finds a structural zero (a row without its diagonal entry); the policy is accepted'),
  p('cusparseScsrilu02', 'ILU(0) in place, row by row (rows sorted by column, as cuSPARSE requires); no numeric boost'),
  p('cusparseDcsrilu02', 'ILU(0) in place, row by row (rows sorted by column, as cuSPARSE requires); no numeric boost'),
  s('cusparseXcsrilu02_zeroPivot', 'CUSPARSE_STATUS_ZERO_PIVOT and the position of the first zero pivot, else -1'),
];

export const CUSPARSE_API_BY_NAME: ReadonlyMap<string, RuntimeApiRow> = new Map(CUSPARSE_API.map((r) => [r.name, r]));

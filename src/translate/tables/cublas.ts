// cuBLAS (the handle-based API of <cublas_v2.h>) → cu2metal's own implementation in the runtime
// (native/include/cublas_api.h, native/runtime/cublas.cpp). Data only: the library pass diagnoses
// calls of `cublas*` functions missing here (C2M2004, naming the function), and docs/support-matrix.md
// is generated from it. Every routine runs on the host CPU over the device pointers after the handle's
// stream has finished its earlier work; see docs/DESIGN.md ("cuBLAS") for the accumulation order.
import type { RuntimeApiRow } from './runtimeApi';

const s = (name: string, note?: string): RuntimeApiRow => ({ name, support: 'supported', note });
const p = (name: string, note: string): RuntimeApiRow => ({ name, support: 'partial', note });

const GEMM = 'column-major, op N/T/C (C = T for real types), any lda/ldb/ldc ≥ the documented minimum; each element one running sum over k in p order in the compute type, then alpha·sum + beta·C (beta = 0: C is not read); cache-blocked tiles on all cores';

export const CUBLAS_API: readonly RuntimeApiRow[] = [
  // handle and modes
  s('cublasCreate'),
  s('cublasDestroy', 'waits for the handle\'s stream first'),
  s('cublasGetVersion', 'reports 12.0.0'),
  s('cublasSetStream', 'each later routine waits for the work queued on that stream before it, then runs'),
  s('cublasGetStream'),
  s('cublasSetPointerMode', 'host and device scalars and results (device memory is host-visible); device-mode results are written before the call returns'),
  s('cublasGetPointerMode'),
  p('cublasSetMathMode', 'recorded; every mode computes in the documented compute type (no TF32 or reduced-precision shortcuts)'),
  s('cublasGetMathMode'),
  p('cublasSetAtomicsMode', 'recorded; results never depend on it'),
  s('cublasGetAtomicsMode'),
  p('cublasSetWorkspace', 'accepted; no workspace is needed'),
  s('cublasGetStatusName'),
  s('cublasGetStatusString'),
  // copies
  s('cublasSetVector', 'strided copy, elemSize bytes per element'),
  s('cublasGetVector', 'after the device\'s queued work'),
  s('cublasSetMatrix', 'column-major copy with leading dimensions'),
  s('cublasGetMatrix', 'column-major copy with leading dimensions'),
  p('cublasSetVectorAsync', 'runs synchronously after the stream\'s work'),
  p('cublasGetVectorAsync', 'runs synchronously after the stream\'s work'),
  p('cublasSetMatrixAsync', 'runs synchronously after the stream\'s work'),
  p('cublasGetMatrixAsync', 'runs synchronously after the stream\'s work'),
  // level 1
  s('cublasSdot', 'one running sum in double, rounded once'),
  s('cublasDdot', 'one running sum in double'),
  s('cublasDotEx', 'x, y, result and execution types CUDA_R_16F/16BF/32F/64F; one running sum in double, rounded once to the result type'),
  s('cublasSnrm2', 'sum of squares in double scaled by the largest magnitude (no overflow), rounded once'),
  s('cublasDnrm2', 'sum of squares scaled by the largest magnitude (no overflow)'),
  s('cublasSasum'),
  s('cublasDasum'),
  s('cublasSaxpy', 'negative increments walk from the end, as BLAS'),
  s('cublasDaxpy'),
  s('cublasSscal'),
  s('cublasDscal'),
  s('cublasScopy'),
  s('cublasDcopy'),
  s('cublasIsamax', '1-based index of the first largest |x|'),
  s('cublasIdamax'),
  s('cublasIsamin'),
  s('cublasIdamin'),
  // level 2
  s('cublasSgemv', 'op N/T/C; one running sum per element over the reduced index'),
  s('cublasDgemv'),
  // level 3
  s('cublasSgemm', GEMM),
  s('cublasDgemm', 'as cublasSgemm, in double'),
  p('cublasHgemm', 'as cublasSgemm with __half data and scalars; sums in float (cuBLAS may sum in half), rounded once to half'),
  s('cublasSgemmBatched', 'the pointer arrays may be in device memory'),
  s('cublasDgemmBatched'),
  p('cublasHgemmBatched', 'sums in float, as cublasHgemm'),
  s('cublasSgemmStridedBatched'),
  s('cublasDgemmStridedBatched'),
  p('cublasHgemmStridedBatched', 'sums in float, as cublasHgemm'),
  p('cublasGemmEx', 'A/B types CUDA_R_16F, 16BF, 32F, 64F, 8I, 8U, 32I; C types 16F, 16BF, 32F, 64F, 32I; compute 16F and every 32F variant sum in float (FAST_16F/16BF/TF32 do not round the inputs), 64F in double, 32I in int32 with alpha·sum + beta·C in 64 bits; algo ignored; other types are CUBLAS_STATUS_NOT_SUPPORTED'),
  p('cublasGemmBatchedEx', 'as cublasGemmEx'),
  p('cublasGemmStridedBatchedEx', 'as cublasGemmEx'),
  // extensions
  s('cublasSgeam', 'C = alpha·op(A) + beta·op(B); in place (C = A or B) also with a transposed alias'),
  s('cublasDgeam'),
  s('cublasSgetrfBatched', 'LU with partial pivoting (P = NULL: none); info = first zero pivot (1-based), the factorization goes on past it'),
  s('cublasDgetrfBatched'),
  s('cublasSgelsBatched', 'OP_N, m ≥ n, Householder QR; devInfoArray = first zero diagonal of R'),
  s('cublasDgelsBatched'),
  s('cublasCgelsBatched'),
  s('cublasZgelsBatched'),
  // cuBLASLt (<cublasLt.h>)
  s('cublasLtCreate'),
  s('cublasLtDestroy'),
  s('cublasLtGetVersion'),
  s('cublasLtMatmulDescCreate', 'compute and scale types as cublasGemmEx'),
  s('cublasLtMatmulDescInit', 'in the program\'s cublasLtMatmulDescOpaque_t'),
  s('cublasLtMatmulDescDestroy'),
  p('cublasLtMatmulDescSetAttribute', 'COMPUTE_TYPE, SCALE_TYPE, TRANSA/TRANSB (N, T, C), EPILOGUE, BIAS_POINTER, BIAS_DATA_TYPE; FAST_ACCUM and SM_COUNT_TARGET accepted without effect; the others (FP8 scale and amax pointers, aux outputs) are CUBLAS_STATUS_NOT_SUPPORTED'),
  p('cublasLtMatmulDescGetAttribute', 'the attributes SetAttribute keeps'),
  s('cublasLtMatrixLayoutCreate'),
  s('cublasLtMatrixLayoutInit', 'in the program\'s cublasLtMatrixLayoutOpaque_t'),
  s('cublasLtMatrixLayoutDestroy'),
  p('cublasLtMatrixLayoutSetAttribute', 'TYPE, ORDER (only CUBLASLT_ORDER_COL runs), ROWS, COLS, LD, BATCH_COUNT, STRIDED_BATCH_OFFSET'),
  s('cublasLtMatmulPreferenceCreate'),
  s('cublasLtMatmulPreferenceInit'),
  s('cublasLtMatmulPreferenceDestroy'),
  s('cublasLtMatmulPreferenceSetAttribute', 'accepted; no workspace is used'),
  s('cublasLtMatmulAlgoGetHeuristic', 'one result (workspace 0) for every matmul cublasLtMatmul runs, none (CUBLAS_STATUS_NOT_SUPPORTED) for the others'),
  p('cublasLtMatmul', 'D = epilogue(alpha·op(A)·op(B) + beta·C) through the gemm engine (same accumulation order, same types as cublasGemmEx; C and D of one type, column order); epilogues DEFAULT, RELU, BIAS, RELU_BIAS, GELU, GELU_BIAS (tanh form; bias per row, added before the activation); batches through the layouts; FP8 types are not provided'),
];

export const CUBLAS_API_BY_NAME: ReadonlyMap<string, RuntimeApiRow> = new Map(CUBLAS_API.map((r) => [r.name, r]));

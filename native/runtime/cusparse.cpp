// cu2metal's own cuSPARSE subset (native/include/cusparse.h), written from the cuSPARSE
// documentation. Every routine runs on the host CPU over the device pointers: device memory is
// host-visible on every backend. A routine first waits for the work already queued on the handle's
// stream (cusparseSetStream), as a GPU would run it after that work, then computes synchronously;
// device-pointer-mode scalars are read in place. No external buffer is needed (buffer-size queries
// report a small size so that the programs' cudaMalloc calls succeed).
//
// Accumulation order (docs/DESIGN.md, "cuSPARSE"): a sparse matrix is first viewed as the CSR form
// of op(A) (CSR with op N: as stored; transposes, CSC and COO: a stable counting sort, so the
// entries of one row of op(A) keep their stored order). Each output element is then one running sum
// in the compute type over the entries of its row in that order (SpMV, SpMM; SDDMM: over k), then
// alpha·sum + beta·y (beta == 0: y is not read). SpGEMM sums each product entry in the order
// (entry of A's row, entry of B's row) and writes every row sorted by column.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "../include/cusparse.h"
#include "runtime.h"

struct cusparseContext {
  cudaStream_t stream = nullptr;
  cusparsePointerMode_t pointerMode = CUSPARSE_POINTER_MODE_HOST;
};
struct cusparseMatDescr {
  cusparseMatrixType_t type = CUSPARSE_MATRIX_TYPE_GENERAL;
  cusparseFillMode_t fill = CUSPARSE_FILL_MODE_LOWER;
  cusparseDiagType_t diag = CUSPARSE_DIAG_TYPE_NON_UNIT;
  cusparseIndexBase_t base = CUSPARSE_INDEX_BASE_ZERO;
};
struct cusparseSpVecDescr {
  int64_t size, nnz;
  void* indices;
  void* values;
  cusparseIndexType_t idxType;
  cusparseIndexBase_t base;
  cudaDataType type;
};
struct cusparseDnVecDescr {
  int64_t size;
  void* values;
  cudaDataType type;
};
struct cusparseSpMatDescr {
  cusparseFormat_t format;
  int64_t rows, cols, nnz;
  void* offsets;  // CSR row offsets, CSC column offsets, COO row indices
  void* indices;  // CSR column indices, CSC row indices, COO column indices
  void* values;
  cusparseIndexType_t offType, idxType;
  cusparseIndexBase_t base;
  cudaDataType type;
  cusparseFillMode_t fill = CUSPARSE_FILL_MODE_LOWER;
  cusparseDiagType_t diag = CUSPARSE_DIAG_TYPE_NON_UNIT;
  int batchCount = 1;
  int64_t offsetsBatchStride = 0, indicesBatchStride = 0;
};
struct cusparseDnMatDescr {
  int64_t rows, cols, ld;
  void* values;
  cudaDataType type;
  cusparseOrder_t order;
  int batchCount = 1;
  int64_t batchStride = 0;
};
struct cusparseSpGEMMDescr {
  // The product of the last cusparseSpGEMM_compute, rows sorted by column, before its copy into C.
  std::vector<int64_t> offsets, columns;
  std::vector<double> values;
  int64_t rows = 0, cols = 0;
};
// An analysis' external buffer: the solve works from what the analysis left in it.
struct cusparseSpSVDescr { int analysed = 0; const void* buffer = nullptr; };
struct cusparseSpSMDescr { int analysed = 0; const void* buffer = nullptr; };
struct csrilu02Info { int zeroPivot = -1; };

namespace {

constexpr size_t kBuffer = 256;  // the size every buffer query reports

cusparseStatus_t begin(cusparseHandle_t h) {
  if (!h) return CUSPARSE_STATUS_NOT_INITIALIZED;
  return cudaStreamSynchronize(h->stream) == cudaSuccess ? CUSPARSE_STATUS_SUCCESS : CUSPARSE_STATUS_EXECUTION_FAILED;
}


inline int64_t readIndex(const void* p, cusparseIndexType_t t, int64_t i) {
  switch (t) {
    case CUSPARSE_INDEX_16U: return static_cast<const uint16_t*>(p)[i];
    case CUSPARSE_INDEX_32I: return static_cast<const int32_t*>(p)[i];
    default: return static_cast<const int64_t*>(p)[i];
  }
}
inline void writeIndex(void* p, cusparseIndexType_t t, int64_t i, int64_t v) {
  switch (t) {
    case CUSPARSE_INDEX_16U: static_cast<uint16_t*>(p)[i] = uint16_t(v); break;
    case CUSPARSE_INDEX_32I: static_cast<int32_t*>(p)[i] = int32_t(v); break;
    default: static_cast<int64_t*>(p)[i] = v; break;
  }
}

inline bool realType(cudaDataType t) { return t == CUDA_R_32F || t == CUDA_R_64F; }
inline size_t valueBytes(cudaDataType t) {
  switch (t) {
    case CUDA_R_64F: case CUDA_C_32F: case CUDA_R_64I: case CUDA_R_64U: return 8;
    case CUDA_C_64F: return 16;
    case CUDA_R_16F: case CUDA_R_16BF: case CUDA_R_16I: case CUDA_R_16U: return 2;
    case CUDA_R_8I: case CUDA_R_8U: return 1;
    default: return 4;
  }
}
inline double readValue(const void* p, cudaDataType t, int64_t i) {
  return t == CUDA_R_64F ? static_cast<const double*>(p)[i] : double(static_cast<const float*>(p)[i]);
}
// Values are stored through the compute type Acc so that float results are rounded once.
template <class Acc> inline void writeValue(void* p, cudaDataType t, int64_t i, Acc v) {
  if (t == CUDA_R_64F) static_cast<double*>(p)[i] = double(v);
  else static_cast<float*>(p)[i] = float(v);
}
template <class Acc> inline Acc scalar(const void* p) { return *static_cast<const Acc*>(p); }

/**
 * The CSR form of op(A) for batch b: where each row's entries begin, the column of each entry, the
 * index of its value. A CSR matrix with op N is read in place (direct); the other forms are sorted
 * into the arrays.
 */
struct CsrView {
  int64_t rows = 0, cols = 0;
  bool direct = false;
  const cusparseSpMatDescr* A = nullptr;
  int64_t offShift = 0, idxShift = 0, base = 0;
  std::vector<int64_t> off, col, at;
  bool rowOrderedCoo = false;  // COO with rows non-decreasing: `off` only, columns read in place
  int64_t begin(int64_t i) const { return direct ? readIndex(A->offsets, A->offType, offShift + i) - base : off[size_t(i)]; }
  int64_t colOf(int64_t p) const {
    return direct || rowOrderedCoo ? readIndex(A->indices, A->idxType, idxShift + p) - base : col[size_t(p)];
  }
  int64_t atOf(int64_t p) const { return direct || rowOrderedCoo ? idxShift + p : at[size_t(p)]; }
};

CsrView view(const cusparseSpMatDescr* A, cusparseOperation_t op, int b) {
  CsrView v;
  const bool t = op != CUSPARSE_OPERATION_NON_TRANSPOSE;
  v.rows = t ? A->cols : A->rows;
  v.cols = t ? A->rows : A->cols;
  const int64_t base = A->base, nnz = A->nnz;
  const int64_t offShift = int64_t(b) * A->offsetsBatchStride, idxShift = int64_t(b) * A->indicesBatchStride;
  if (A->format == CUSPARSE_FORMAT_CSR && !t) {
    // As stored: read in place.
    v.direct = true;
    v.A = A;
    v.offShift = offShift;
    v.idxShift = idxShift;
    v.base = base;
    return v;
  }
  if (A->format == CUSPARSE_FORMAT_COO && !t) {
    // Rows already in order (as COO usually is): only the row offsets are needed.
    bool ordered = true;
    int64_t prev = 0;
    for (int64_t k = 0; k < nnz && ordered; ++k) {
      const int64_t r = readIndex(A->offsets, A->idxType, idxShift + k) - base;
      ordered = r >= prev && r < v.rows;
      prev = r;
    }
    if (ordered) {
      v.rowOrderedCoo = true;
      v.A = A;
      v.idxShift = idxShift;
      v.base = base;
      v.off.assign(size_t(v.rows + 1), 0);
      for (int64_t k = 0; k < nnz; ++k) v.off[size_t(readIndex(A->offsets, A->idxType, idxShift + k) - base + 1)]++;
      for (int64_t i = 0; i < v.rows; ++i) v.off[size_t(i + 1)] += v.off[size_t(i)];
      return v;
    }
  }
  // Each stored entry as (row, col) of A, in storage order.
  std::vector<int64_t> r(static_cast<size_t>(nnz)), c(static_cast<size_t>(nnz));
  if (A->format == CUSPARSE_FORMAT_COO) {
    for (int64_t k = 0; k < nnz; ++k) {
      r[k] = readIndex(A->offsets, A->idxType, idxShift + k) - base;
      c[k] = readIndex(A->indices, A->idxType, idxShift + k) - base;
    }
  } else {
    const bool csr = A->format == CUSPARSE_FORMAT_CSR;
    const int64_t outer = csr ? A->rows : A->cols;
    for (int64_t i = 0; i < outer; ++i) {
      const int64_t s = readIndex(A->offsets, A->offType, offShift + i) - base;
      const int64_t e = readIndex(A->offsets, A->offType, offShift + i + 1) - base;
      for (int64_t k = s; k < e; ++k) {
        const int64_t j = readIndex(A->indices, A->idxType, idxShift + k) - base;
        (csr ? r[k] : c[k]) = i;
        (csr ? c[k] : r[k]) = j;
      }
    }
  }
  if (t) std::swap(r, c);
  v.off.assign(size_t(v.rows + 1), 0);
  for (int64_t k = 0; k < nnz; ++k) v.off[size_t(r[k] + 1)]++;
  for (int64_t i = 0; i < v.rows; ++i) v.off[size_t(i + 1)] += v.off[size_t(i)];
  v.col.resize(size_t(nnz));
  v.at.resize(size_t(nnz));
  std::vector<int64_t> fill(v.off.begin(), v.off.end() - 1);
  for (int64_t k = 0; k < nnz; ++k) {
    const int64_t p = fill[size_t(r[k])]++;
    v.col[size_t(p)] = c[k];
    v.at[size_t(p)] = idxShift + k;
  }
  return v;
}

/** Element (i, j) of op(M) for batch b. */
inline int64_t dnIndex(const cusparseDnMatDescr* M, cusparseOperation_t op, int b, int64_t i, int64_t j) {
  if (op != CUSPARSE_OPERATION_NON_TRANSPOSE) std::swap(i, j);
  const int64_t shift = M->batchCount > 1 ? int64_t(b) * M->batchStride : 0;
  return shift + (M->order == CUSPARSE_ORDER_ROW ? i * M->ld + j : j * M->ld + i);
}

bool typesOk(cudaDataType compute, std::initializer_list<cudaDataType> types) {
  if (!realType(compute)) return false;
  for (cudaDataType t : types) if (!realType(t)) return false;
  return true;
}

/**
 * Runs body(first, last) over row ranges of [0, rows), on several threads when the work (about
 * `work` multiply-adds) is large: rows are independent, so the result does not depend on it.
 */
template <class F> void forRows(int64_t rows, int64_t work, F body) {
  const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
  const int64_t threads = work < (int64_t(1) << 20) ? 1 : std::min<int64_t>({int64_t(hw), 32, rows});
  if (threads <= 1) {
    body(int64_t(0), rows);
    return;
  }
  std::vector<std::thread> pool;
  for (int64_t t = 0; t < threads; ++t) pool.emplace_back([=] { body(rows * t / threads, rows * (t + 1) / threads); });
  for (std::thread& th : pool) th.join();
}

template <class Acc>
void spmv(cusparseOperation_t opA, Acc alpha, const cusparseSpMatDescr* A, const cusparseDnVecDescr* x, Acc beta,
          cusparseDnVecDescr* y) {
  const CsrView v = view(A, opA, 0);
  forRows(v.rows, A->nnz, [&](int64_t first, int64_t last) {
    for (int64_t i = first; i < last; ++i) {
      Acc sum = 0;
      for (int64_t p = v.begin(i), e = v.begin(i + 1); p < e; ++p)
        sum += Acc(readValue(A->values, A->type, v.atOf(p))) * Acc(readValue(x->values, x->type, v.colOf(p)));
      const Acc out = beta == Acc(0) ? alpha * sum : alpha * sum + beta * Acc(readValue(y->values, y->type, i));
      writeValue(y->values, y->type, i, out);
    }
  });
}

template <class Acc>
void spmm(cusparseOperation_t opA, cusparseOperation_t opB, Acc alpha, const cusparseSpMatDescr* A,
          const cusparseDnMatDescr* B, Acc beta, cusparseDnMatDescr* C) {
  const int batches = std::max(C->batchCount, A->batchCount);
  const int64_t n = C->cols;
  for (int b = 0; b < batches; ++b) {
    const CsrView v = view(A, opA, A->batchCount > 1 ? b : 0);
    forRows(v.rows, A->nnz * n, [&](int64_t first, int64_t last) {
      std::vector<Acc> sum(static_cast<size_t>(n));
      for (int64_t i = first; i < last; ++i) {
        std::fill(sum.begin(), sum.end(), Acc(0));
        for (int64_t p = v.begin(i), e = v.begin(i + 1); p < e; ++p) {
          const Acc a = Acc(readValue(A->values, A->type, v.atOf(p)));
          const int64_t k = v.colOf(p);
          for (int64_t j = 0; j < n; ++j) sum[size_t(j)] += a * Acc(readValue(B->values, B->type, dnIndex(B, opB, b, k, j)));
        }
        for (int64_t j = 0; j < n; ++j) {
          const int64_t at = dnIndex(C, CUSPARSE_OPERATION_NON_TRANSPOSE, b, i, j);
          const Acc out = beta == Acc(0) ? alpha * sum[size_t(j)] : alpha * sum[size_t(j)] + beta * Acc(readValue(C->values, C->type, at));
          writeValue(C->values, C->type, at, out);
        }
      }
    });
  }
}

template <class Acc>
void sddmm(cusparseOperation_t opA, cusparseOperation_t opB, Acc alpha, const cusparseDnMatDescr* A,
           const cusparseDnMatDescr* B, Acc beta, cusparseSpMatDescr* C) {
  const int64_t K = opA == CUSPARSE_OPERATION_NON_TRANSPOSE ? A->cols : A->rows;
  for (int b = 0; b < C->batchCount; ++b) {
    const CsrView v = view(C, CUSPARSE_OPERATION_NON_TRANSPOSE, b);
    for (int64_t i = 0; i < v.rows; ++i)
      for (int64_t p = v.begin(i); p < v.begin(i + 1); ++p) {
        const int64_t j = v.colOf(p), at = v.atOf(p);
        Acc sum = 0;
        for (int64_t k = 0; k < K; ++k)
          sum += Acc(readValue(A->values, A->type, dnIndex(A, opA, b, i, k))) * Acc(readValue(B->values, B->type, dnIndex(B, opB, b, k, j)));
        const Acc out = beta == Acc(0) ? alpha * sum : alpha * sum + beta * Acc(readValue(C->values, C->type, at));
        writeValue(C->values, C->type, at, out);
      }
  }
}

/**
 * Solves op(A) y = alpha x for one right-hand side (read through rhs(i), written through out(i, v)),
 * A triangular by its fill-mode and diagonal attributes: the other triangle's entries are ignored.
 * Returns false on a zero or missing diagonal of a non-unit matrix.
 */
template <class Acc, class Rhs, class Out, class Get>
bool trisolve(const cusparseSpMatDescr* A, const CsrView& v, bool lower, Acc alpha, Rhs rhs, Out out, Get get) {
  const bool unit = A->diag == CUSPARSE_DIAG_TYPE_UNIT;
  bool ok = true;
  for (int64_t s = 0; s < v.rows; ++s) {
    const int64_t i = lower ? s : v.rows - 1 - s;
    Acc sum = alpha * rhs(i), diag = 0;
    bool hasDiag = false;
    for (int64_t p = v.begin(i); p < v.begin(i + 1); ++p) {
      const int64_t j = v.colOf(p);
      const Acc a = Acc(readValue(A->values, A->type, v.atOf(p)));
      if (j == i) { diag = a; hasDiag = true; }
      else if (lower ? j < i : j > i) sum -= a * get(j);
    }
    if (!unit) {
      if (!hasDiag || diag == Acc(0)) ok = false;
      sum /= diag;
    }
    out(i, sum);
  }
  return ok;
}

inline bool lowerOf(const cusparseSpMatDescr* A, cusparseOperation_t op) {
  // The transpose of a lower triangle is an upper one.
  return (A->fill == CUSPARSE_FILL_MODE_LOWER) == (op == CUSPARSE_OPERATION_NON_TRANSPOSE);
}

template <class Acc>
void spsv(cusparseOperation_t opA, Acc alpha, const cusparseSpMatDescr* A, const cusparseDnVecDescr* x, cusparseDnVecDescr* y) {
  const CsrView v = view(A, opA, 0);
  std::vector<Acc> r(size_t(v.rows));
  trisolve<Acc>(A, v, lowerOf(A, opA), alpha, [&](int64_t i) { return Acc(readValue(x->values, x->type, i)); },
                [&](int64_t i, Acc s) { r[size_t(i)] = s; }, [&](int64_t j) { return r[size_t(j)]; });
  for (int64_t i = 0; i < v.rows; ++i) writeValue(y->values, y->type, i, r[size_t(i)]);
}

template <class Acc>
void spsm(cusparseOperation_t opA, cusparseOperation_t opB, Acc alpha, const cusparseSpMatDescr* A,
          const cusparseDnMatDescr* B, cusparseDnMatDescr* C) {
  const CsrView v = view(A, opA, 0);
  std::vector<Acc> r(size_t(v.rows));
  for (int64_t j = 0; j < C->cols; ++j) {
    trisolve<Acc>(A, v, lowerOf(A, opA), alpha, [&](int64_t i) { return Acc(readValue(B->values, B->type, dnIndex(B, opB, 0, i, j))); },
                  [&](int64_t i, Acc s) { r[size_t(i)] = s; }, [&](int64_t k) { return r[size_t(k)]; });
    for (int64_t i = 0; i < v.rows; ++i) writeValue(C->values, C->type, dnIndex(C, CUSPARSE_OPERATION_NON_TRANSPOSE, 0, i, j), r[size_t(i)]);
  }
}

template <class Acc>
void spgemm(Acc alpha, const cusparseSpMatDescr* A, const cusparseSpMatDescr* B, cusparseSpGEMMDescr* d) {
  const CsrView a = view(A, CUSPARSE_OPERATION_NON_TRANSPOSE, 0), b = view(B, CUSPARSE_OPERATION_NON_TRANSPOSE, 0);
  d->rows = a.rows;
  d->cols = b.cols;
  d->offsets.assign(1, 0);
  d->columns.clear();
  d->values.clear();
  std::vector<Acc> acc(size_t(b.cols), Acc(0));
  std::vector<char> used(size_t(b.cols), 0);
  std::vector<int64_t> cols;
  for (int64_t i = 0; i < a.rows; ++i) {
    cols.clear();
    for (int64_t p = a.begin(i); p < a.begin(i + 1); ++p) {
      const Acc av = Acc(readValue(A->values, A->type, a.atOf(p)));
      const int64_t k = a.colOf(p);
      for (int64_t q = b.begin(k); q < b.begin(k + 1); ++q) {
        const int64_t j = b.colOf(q);
        if (!used[size_t(j)]) { used[size_t(j)] = 1; cols.push_back(j); }
        acc[size_t(j)] += av * Acc(readValue(B->values, B->type, b.atOf(q)));
      }
    }
    std::sort(cols.begin(), cols.end());
    for (int64_t j : cols) {
      d->columns.push_back(j);
      d->values.push_back(double(alpha * acc[size_t(j)]));
      acc[size_t(j)] = 0;
      used[size_t(j)] = 0;
    }
    d->offsets.push_back(int64_t(d->columns.size()));
  }
}

template <class T>
int nnzDense(cusparseDirection_t dir, int m, int n, const T* A, int lda, int* perRowColumn) {
  int total = 0;
  const int outer = dir == CUSPARSE_DIRECTION_ROW ? m : n;
  for (int o = 0; o < outer; ++o) {
    int count = 0;
    const int inner = dir == CUSPARSE_DIRECTION_ROW ? n : m;
    for (int q = 0; q < inner; ++q) {
      const T v = dir == CUSPARSE_DIRECTION_ROW ? A[size_t(q) * lda + o] : A[size_t(o) * lda + q];
      if (v != T(0)) ++count;
    }
    perRowColumn[o] = count;
    total += count;
  }
  return total;
}

/**
 * ILU(0) in place on a CSR matrix, row by row (the IKJ form): the entries of row i left of the
 * diagonal in increasing column order, each divided by its pivot and then subtracted, times row k's
 * entries right of k's diagonal, from the entries row i has at those columns. Returns the first
 * zero (or missing) pivot, or -1. Rows need not be sorted (cuSPARSE requires it; the result is the same).
 */
template <class T>
int ilu0(int m, const cusparseMatDescr* d, T* val, const int* rowPtr, const int* colInd) {
  const int base = d ? int(d->base) : 0;
  std::vector<int> where(static_cast<size_t>(m), -1), diagAt(static_cast<size_t>(m), -1), left;
  int zero = -1;
  for (int i = 0; i < m; ++i) {
    const int s = rowPtr[i] - base, e = rowPtr[i + 1] - base;
    left.clear();
    for (int p = s; p < e; ++p) {
      const int c = colInd[p] - base;
      where[size_t(c)] = p;
      if (c < i) left.push_back(p);
    }
    std::sort(left.begin(), left.end(), [&](int a, int b) { return colInd[a] < colInd[b]; });
    for (int p : left) {
      const int k = colInd[p] - base;
      const int dk = diagAt[size_t(k)];
      if (dk < 0 || val[dk] == T(0)) {
        if (zero < 0 || k < zero) zero = k;
        continue;
      }
      val[p] /= val[dk];
      for (int q = rowPtr[k] - base; q < rowPtr[k + 1] - base; ++q) {
        if (colInd[q] - base <= k) continue;
        const int w = where[size_t(colInd[q] - base)];
        if (w >= 0) val[w] -= val[p] * val[q];
      }
    }
    for (int p = s; p < e; ++p) {
      if (colInd[p] - base == i) diagAt[size_t(i)] = p;
      where[size_t(colInd[p] - base)] = -1;
    }
    if ((diagAt[size_t(i)] < 0 || val[diagAt[size_t(i)]] == T(0)) && (zero < 0 || i < zero)) zero = i;
  }
  return zero;
}

int structuralZero(int m, const cusparseMatDescr* d, const int* rowPtr, const int* colInd) {
  const int base = d ? int(d->base) : 0;
  for (int i = 0; i < m; ++i) {
    bool found = false;
    for (int p = rowPtr[i] - base; p < rowPtr[i + 1] - base; ++p) found |= colInd[p] - base == i;
    if (!found) return i;
  }
  return -1;
}

}  // namespace

#define CU2M_CHECK(cond) \
  do {                   \
    if (!(cond)) return CUSPARSE_STATUS_INVALID_VALUE; \
  } while (0)

/** A buffer-size query's answer: the check's error, or `bytes` (kBuffer unless said) in *size. */
static cusparseStatus_t bufferSize(cusparseStatus_t checked, size_t* size, size_t bytes = kBuffer) {
  if (checked != CUSPARSE_STATUS_SUCCESS) return checked;
  CU2M_CHECK(size);
  *size = bytes;
  return CUSPARSE_STATUS_SUCCESS;
}

/** The buffer size of the triangular-solve analyses (SpSV, SpSM): like cuSPARSE's, it grows with
    the matrix (room for the analysis' copy of its structure), so that a buffer sized for another
    call is too small (docs/DESIGN.md, "cuSPARSE": external buffers). */
static size_t analysisBytes(cusparseConstSpMatDescr_t A) { return kBuffer + 16 * size_t(A->rows + 1 + A->nnz); }

/** The external buffer a computing call receives (docs/DESIGN.md, "cuSPARSE": external buffers).
    cuSPARSE rejects NULL where its size query reported more than 0 bytes, as ours always does
    (an H100: cusparseSpMV "parameter number 10 (externalBuffer) had an illegal value: NULL
    pointer", CUSPARSE_STATUS_INVALID_VALUE); and a buffer inside a device allocation must hold the
    `need` bytes that the query reported from where it starts (on a GPU a smaller one, another
    call's buffer say, is written past its end). Both are reported as cuSPARSE reports an argument:
    one line on stderr naming the function and the parameter's number. */
static cusparseStatus_t checkBuffer(const char* fn, int param, const void* buffer, size_t need) {
  if (need == 0) return CUSPARSE_STATUS_SUCCESS;
  if (!buffer) {
    fprintf(stderr, " ** On entry to %s() parameter number %d (externalBuffer) had an illegal value: NULL pointer\n", fn, param);
    return CUSPARSE_STATUS_INVALID_VALUE;
  }
  cu2m::AllocationView v;
  if (cu2m::Runtime::global().lookup(buffer, &v) && v.size - v.offset < need) {
    fprintf(stderr,
            " ** On entry to %s() parameter number %d (externalBuffer) had an illegal value: %zu bytes to the end of its allocation, "
            "fewer than the %zu bytes its size query reports\n",
            fn, param, v.size - v.offset, need);
    return CUSPARSE_STATUS_INVALID_VALUE;
  }
  return CUSPARSE_STATUS_SUCCESS;
}
#define CU2M_BUFFER(fn, param, buffer, need)                     \
  do {                                                           \
    cusparseStatus_t sb_ = checkBuffer(fn, param, buffer, need); \
    if (sb_ != CUSPARSE_STATUS_SUCCESS) return sb_;              \
  } while (0)

/** Which analysis (an SpSV or SpSM descriptor) last wrote each external buffer: a solve whose
    analysis' buffer was since overwritten by another analysis would work from that one's data on
    a GPU, so it is refused (CUSPARSE_STATUS_INVALID_VALUE, with a line on stderr). */
static std::mutex ownersMutex;
static std::map<const void*, const void*>& bufferOwners() {
  static std::map<const void*, const void*> owners;
  return owners;
}
static void ownBuffer(const void* buffer, const void* analysis) {
  std::lock_guard<std::mutex> lock(ownersMutex);
  bufferOwners()[buffer] = analysis;
}
static void releaseBuffers(const void* analysis) {
  std::lock_guard<std::mutex> lock(ownersMutex);
  auto& owners = bufferOwners();
  for (auto it = owners.begin(); it != owners.end();) it = it->second == analysis ? owners.erase(it) : std::next(it);
}
static cusparseStatus_t checkOwner(const char* fn, const void* buffer, const void* analysis) {
  std::lock_guard<std::mutex> lock(ownersMutex);
  auto it = bufferOwners().find(buffer);
  if (buffer && (it == bufferOwners().end() || it->second != analysis)) {
    fprintf(stderr, " ** On entry to %s(): the external buffer of its analysis was since used by another analysis\n", fn);
    return CUSPARSE_STATUS_INVALID_VALUE;
  }
  return CUSPARSE_STATUS_SUCCESS;
}
#define CU2M_BEGIN(h)                           \
  do {                                          \
    cusparseStatus_t st_ = begin(h);            \
    if (st_ != CUSPARSE_STATUS_SUCCESS) return st_; \
  } while (0)

// ---- handle ----
cusparseStatus_t cusparseCreate(cusparseHandle_t* handle) {
  CU2M_CHECK(handle);
  *handle = new cusparseContext();
  return CUSPARSE_STATUS_SUCCESS;
}
cusparseStatus_t cusparseDestroy(cusparseHandle_t handle) {
  if (!handle) return CUSPARSE_STATUS_NOT_INITIALIZED;
  cudaStreamSynchronize(handle->stream);
  delete handle;
  return CUSPARSE_STATUS_SUCCESS;
}
cusparseStatus_t cusparseGetVersion(cusparseHandle_t handle, int* version) {
  if (!handle) return CUSPARSE_STATUS_NOT_INITIALIZED;
  CU2M_CHECK(version);
  *version = CUSPARSE_VERSION;
  return CUSPARSE_STATUS_SUCCESS;
}
cusparseStatus_t cusparseGetProperty(libraryPropertyType type, int* value) {
  CU2M_CHECK(value);
  *value = type == MAJOR_VERSION ? CUSPARSE_VER_MAJOR : type == MINOR_VERSION ? CUSPARSE_VER_MINOR : CUSPARSE_VER_PATCH;
  return CUSPARSE_STATUS_SUCCESS;
}
cusparseStatus_t cusparseSetStream(cusparseHandle_t handle, cudaStream_t streamId) {
  if (!handle) return CUSPARSE_STATUS_NOT_INITIALIZED;
  handle->stream = streamId;
  return CUSPARSE_STATUS_SUCCESS;
}
cusparseStatus_t cusparseGetStream(cusparseHandle_t handle, cudaStream_t* streamId) {
  if (!handle) return CUSPARSE_STATUS_NOT_INITIALIZED;
  CU2M_CHECK(streamId);
  *streamId = handle->stream;
  return CUSPARSE_STATUS_SUCCESS;
}
cusparseStatus_t cusparseSetPointerMode(cusparseHandle_t handle, cusparsePointerMode_t mode) {
  if (!handle) return CUSPARSE_STATUS_NOT_INITIALIZED;
  handle->pointerMode = mode;
  return CUSPARSE_STATUS_SUCCESS;
}
cusparseStatus_t cusparseGetPointerMode(cusparseHandle_t handle, cusparsePointerMode_t* mode) {
  if (!handle) return CUSPARSE_STATUS_NOT_INITIALIZED;
  CU2M_CHECK(mode);
  *mode = handle->pointerMode;
  return CUSPARSE_STATUS_SUCCESS;
}
const char* cusparseGetErrorName(cusparseStatus_t status) {
  switch (status) {
    case CUSPARSE_STATUS_SUCCESS: return "CUSPARSE_STATUS_SUCCESS";
    case CUSPARSE_STATUS_NOT_INITIALIZED: return "CUSPARSE_STATUS_NOT_INITIALIZED";
    case CUSPARSE_STATUS_ALLOC_FAILED: return "CUSPARSE_STATUS_ALLOC_FAILED";
    case CUSPARSE_STATUS_INVALID_VALUE: return "CUSPARSE_STATUS_INVALID_VALUE";
    case CUSPARSE_STATUS_ARCH_MISMATCH: return "CUSPARSE_STATUS_ARCH_MISMATCH";
    case CUSPARSE_STATUS_MAPPING_ERROR: return "CUSPARSE_STATUS_MAPPING_ERROR";
    case CUSPARSE_STATUS_EXECUTION_FAILED: return "CUSPARSE_STATUS_EXECUTION_FAILED";
    case CUSPARSE_STATUS_INTERNAL_ERROR: return "CUSPARSE_STATUS_INTERNAL_ERROR";
    case CUSPARSE_STATUS_MATRIX_TYPE_NOT_SUPPORTED: return "CUSPARSE_STATUS_MATRIX_TYPE_NOT_SUPPORTED";
    case CUSPARSE_STATUS_ZERO_PIVOT: return "CUSPARSE_STATUS_ZERO_PIVOT";
    case CUSPARSE_STATUS_NOT_SUPPORTED: return "CUSPARSE_STATUS_NOT_SUPPORTED";
    case CUSPARSE_STATUS_INSUFFICIENT_RESOURCES: return "CUSPARSE_STATUS_INSUFFICIENT_RESOURCES";
  }
  return "CUSPARSE_STATUS_UNKNOWN";
}
const char* cusparseGetErrorString(cusparseStatus_t status) {
  switch (status) {
    case CUSPARSE_STATUS_SUCCESS: return "success";
    case CUSPARSE_STATUS_NOT_INITIALIZED: return "initialization error";
    case CUSPARSE_STATUS_ALLOC_FAILED: return "out of memory";
    case CUSPARSE_STATUS_INVALID_VALUE: return "invalid value";
    case CUSPARSE_STATUS_ARCH_MISMATCH: return "architecture mismatch";
    case CUSPARSE_STATUS_MAPPING_ERROR: return "mapping error";
    case CUSPARSE_STATUS_EXECUTION_FAILED: return "execution failed";
    case CUSPARSE_STATUS_INTERNAL_ERROR: return "internal error";
    case CUSPARSE_STATUS_MATRIX_TYPE_NOT_SUPPORTED: return "matrix type not supported";
    case CUSPARSE_STATUS_ZERO_PIVOT: return "zero pivot";
    case CUSPARSE_STATUS_NOT_SUPPORTED: return "operation not supported (by cu2metal's cuSPARSE)";
    case CUSPARSE_STATUS_INSUFFICIENT_RESOURCES: return "insufficient resources";
  }
  return "unknown error";
}

// ---- legacy matrix descriptor ----
cusparseStatus_t cusparseCreateMatDescr(cusparseMatDescr_t* descrA) {
  CU2M_CHECK(descrA);
  *descrA = new cusparseMatDescr();
  return CUSPARSE_STATUS_SUCCESS;
}
cusparseStatus_t cusparseDestroyMatDescr(cusparseMatDescr_t descrA) {
  delete descrA;
  return CUSPARSE_STATUS_SUCCESS;
}
cusparseStatus_t cusparseSetMatType(cusparseMatDescr_t d, cusparseMatrixType_t type) { CU2M_CHECK(d); d->type = type; return CUSPARSE_STATUS_SUCCESS; }
cusparseMatrixType_t cusparseGetMatType(const cusparseMatDescr_t d) { return d->type; }
cusparseStatus_t cusparseSetMatFillMode(cusparseMatDescr_t d, cusparseFillMode_t m) { CU2M_CHECK(d); d->fill = m; return CUSPARSE_STATUS_SUCCESS; }
cusparseFillMode_t cusparseGetMatFillMode(const cusparseMatDescr_t d) { return d->fill; }
cusparseStatus_t cusparseSetMatDiagType(cusparseMatDescr_t d, cusparseDiagType_t t) { CU2M_CHECK(d); d->diag = t; return CUSPARSE_STATUS_SUCCESS; }
cusparseDiagType_t cusparseGetMatDiagType(const cusparseMatDescr_t d) { return d->diag; }
cusparseStatus_t cusparseSetMatIndexBase(cusparseMatDescr_t d, cusparseIndexBase_t b) {
  CU2M_CHECK(d && (b == CUSPARSE_INDEX_BASE_ZERO || b == CUSPARSE_INDEX_BASE_ONE));
  d->base = b;
  return CUSPARSE_STATUS_SUCCESS;
}
cusparseIndexBase_t cusparseGetMatIndexBase(const cusparseMatDescr_t d) { return d->base; }

// ---- sparse vectors ----
cusparseStatus_t cusparseCreateSpVec(cusparseSpVecDescr_t* out, int64_t size, int64_t nnz, void* indices, void* values,
                                     cusparseIndexType_t idxType, cusparseIndexBase_t idxBase, cudaDataType valueType) {
  CU2M_CHECK(out && size >= 0 && nnz >= 0 && nnz <= size);
  *out = new cusparseSpVecDescr{size, nnz, indices, values, idxType, idxBase, valueType};
  return CUSPARSE_STATUS_SUCCESS;
}
cusparseStatus_t cusparseDestroySpVec(cusparseConstSpVecDescr_t d) {
  delete d;
  return CUSPARSE_STATUS_SUCCESS;
}
cusparseStatus_t cusparseSpVecGet(cusparseSpVecDescr_t d, int64_t* size, int64_t* nnz, void** indices, void** values,
                                  cusparseIndexType_t* idxType, cusparseIndexBase_t* idxBase, cudaDataType* valueType) {
  CU2M_CHECK(d);
  if (size) *size = d->size;
  if (nnz) *nnz = d->nnz;
  if (indices) *indices = d->indices;
  if (values) *values = d->values;
  if (idxType) *idxType = d->idxType;
  if (idxBase) *idxBase = d->base;
  if (valueType) *valueType = d->type;
  return CUSPARSE_STATUS_SUCCESS;
}
cusparseStatus_t cusparseSpVecGetIndexBase(cusparseConstSpVecDescr_t d, cusparseIndexBase_t* b) { CU2M_CHECK(d && b); *b = d->base; return CUSPARSE_STATUS_SUCCESS; }
cusparseStatus_t cusparseSpVecGetValues(cusparseSpVecDescr_t d, void** v) { CU2M_CHECK(d && v); *v = d->values; return CUSPARSE_STATUS_SUCCESS; }
cusparseStatus_t cusparseSpVecSetValues(cusparseSpVecDescr_t d, void* v) { CU2M_CHECK(d); d->values = v; return CUSPARSE_STATUS_SUCCESS; }

// ---- dense vectors ----
cusparseStatus_t cusparseCreateDnVec(cusparseDnVecDescr_t* out, int64_t size, void* values, cudaDataType valueType) {
  CU2M_CHECK(out && size >= 0);
  *out = new cusparseDnVecDescr{size, values, valueType};
  return CUSPARSE_STATUS_SUCCESS;
}
cusparseStatus_t cusparseDestroyDnVec(cusparseConstDnVecDescr_t d) {
  delete d;
  return CUSPARSE_STATUS_SUCCESS;
}
cusparseStatus_t cusparseDnVecGet(cusparseDnVecDescr_t d, int64_t* size, void** values, cudaDataType* type) {
  CU2M_CHECK(d);
  if (size) *size = d->size;
  if (values) *values = d->values;
  if (type) *type = d->type;
  return CUSPARSE_STATUS_SUCCESS;
}
cusparseStatus_t cusparseDnVecGetValues(cusparseDnVecDescr_t d, void** v) { CU2M_CHECK(d && v); *v = d->values; return CUSPARSE_STATUS_SUCCESS; }
cusparseStatus_t cusparseDnVecSetValues(cusparseDnVecDescr_t d, void* v) { CU2M_CHECK(d); d->values = v; return CUSPARSE_STATUS_SUCCESS; }

// ---- sparse matrices ----
static cusparseStatus_t createSpMat(cusparseSpMatDescr_t* out, cusparseFormat_t format, int64_t rows, int64_t cols, int64_t nnz,
                                    void* offsets, void* indices, void* values, cusparseIndexType_t offType,
                                    cusparseIndexType_t idxType, cusparseIndexBase_t base, cudaDataType type) {
  CU2M_CHECK(out && rows >= 0 && cols >= 0 && nnz >= 0);
  CU2M_CHECK(base == CUSPARSE_INDEX_BASE_ZERO || base == CUSPARSE_INDEX_BASE_ONE);
  auto* d = new cusparseSpMatDescr();
  d->format = format;
  d->rows = rows;
  d->cols = cols;
  d->nnz = nnz;
  d->offsets = offsets;
  d->indices = indices;
  d->values = values;
  d->offType = offType;
  d->idxType = idxType;
  d->base = base;
  d->type = type;
  *out = d;
  return CUSPARSE_STATUS_SUCCESS;
}
cusparseStatus_t cusparseCreateCsr(cusparseSpMatDescr_t* out, int64_t rows, int64_t cols, int64_t nnz, void* off, void* col,
                                   void* val, cusparseIndexType_t offType, cusparseIndexType_t colType,
                                   cusparseIndexBase_t base, cudaDataType type) {
  return createSpMat(out, CUSPARSE_FORMAT_CSR, rows, cols, nnz, off, col, val, offType, colType, base, type);
}
cusparseStatus_t cusparseCreateCsc(cusparseSpMatDescr_t* out, int64_t rows, int64_t cols, int64_t nnz, void* off, void* row,
                                   void* val, cusparseIndexType_t offType, cusparseIndexType_t rowType,
                                   cusparseIndexBase_t base, cudaDataType type) {
  return createSpMat(out, CUSPARSE_FORMAT_CSC, rows, cols, nnz, off, row, val, offType, rowType, base, type);
}
cusparseStatus_t cusparseCreateCoo(cusparseSpMatDescr_t* out, int64_t rows, int64_t cols, int64_t nnz, void* rowInd,
                                   void* colInd, void* val, cusparseIndexType_t idxType, cusparseIndexBase_t base,
                                   cudaDataType type) {
  return createSpMat(out, CUSPARSE_FORMAT_COO, rows, cols, nnz, rowInd, colInd, val, idxType, idxType, base, type);
}
cusparseStatus_t cusparseDestroySpMat(cusparseConstSpMatDescr_t d) {
  delete d;
  return CUSPARSE_STATUS_SUCCESS;
}
cusparseStatus_t cusparseSpMatGetSize(cusparseConstSpMatDescr_t d, int64_t* rows, int64_t* cols, int64_t* nnz) {
  CU2M_CHECK(d);
  if (rows) *rows = d->rows;
  if (cols) *cols = d->cols;
  if (nnz) *nnz = d->nnz;
  return CUSPARSE_STATUS_SUCCESS;
}
cusparseStatus_t cusparseSpMatGetFormat(cusparseConstSpMatDescr_t d, cusparseFormat_t* f) { CU2M_CHECK(d && f); *f = d->format; return CUSPARSE_STATUS_SUCCESS; }
cusparseStatus_t cusparseSpMatGetIndexBase(cusparseConstSpMatDescr_t d, cusparseIndexBase_t* b) { CU2M_CHECK(d && b); *b = d->base; return CUSPARSE_STATUS_SUCCESS; }
cusparseStatus_t cusparseSpMatGetValues(cusparseSpMatDescr_t d, void** v) { CU2M_CHECK(d && v); *v = d->values; return CUSPARSE_STATUS_SUCCESS; }
cusparseStatus_t cusparseSpMatSetValues(cusparseSpMatDescr_t d, void* v) { CU2M_CHECK(d); d->values = v; return CUSPARSE_STATUS_SUCCESS; }
cusparseStatus_t cusparseSpMatGetStridedBatch(cusparseConstSpMatDescr_t d, int* n) { CU2M_CHECK(d && n); *n = d->batchCount; return CUSPARSE_STATUS_SUCCESS; }
cusparseStatus_t cusparseSpMatGetAttribute(cusparseConstSpMatDescr_t d, cusparseSpMatAttribute_t a, void* data, size_t size) {
  CU2M_CHECK(d && data && size >= sizeof(int));
  if (a == CUSPARSE_SPMAT_FILL_MODE) *static_cast<cusparseFillMode_t*>(data) = d->fill;
  else if (a == CUSPARSE_SPMAT_DIAG_TYPE) *static_cast<cusparseDiagType_t*>(data) = d->diag;
  else return CUSPARSE_STATUS_INVALID_VALUE;
  return CUSPARSE_STATUS_SUCCESS;
}
cusparseStatus_t cusparseSpMatSetAttribute(cusparseSpMatDescr_t d, cusparseSpMatAttribute_t a, void* data, size_t size) {
  CU2M_CHECK(d && data && size >= sizeof(int));
  if (a == CUSPARSE_SPMAT_FILL_MODE) d->fill = *static_cast<const cusparseFillMode_t*>(data);
  else if (a == CUSPARSE_SPMAT_DIAG_TYPE) d->diag = *static_cast<const cusparseDiagType_t*>(data);
  else return CUSPARSE_STATUS_INVALID_VALUE;
  return CUSPARSE_STATUS_SUCCESS;
}
cusparseStatus_t cusparseCsrGet(cusparseSpMatDescr_t d, int64_t* rows, int64_t* cols, int64_t* nnz, void** off, void** col,
                                void** val, cusparseIndexType_t* offType, cusparseIndexType_t* colType,
                                cusparseIndexBase_t* base, cudaDataType* type) {
  CU2M_CHECK(d && d->format == CUSPARSE_FORMAT_CSR);
  if (rows) *rows = d->rows;
  if (cols) *cols = d->cols;
  if (nnz) *nnz = d->nnz;
  if (off) *off = d->offsets;
  if (col) *col = d->indices;
  if (val) *val = d->values;
  if (offType) *offType = d->offType;
  if (colType) *colType = d->idxType;
  if (base) *base = d->base;
  if (type) *type = d->type;
  return CUSPARSE_STATUS_SUCCESS;
}
cusparseStatus_t cusparseCooGet(cusparseSpMatDescr_t d, int64_t* rows, int64_t* cols, int64_t* nnz, void** rowInd,
                                void** colInd, void** val, cusparseIndexType_t* idxType, cusparseIndexBase_t* base,
                                cudaDataType* type) {
  CU2M_CHECK(d && d->format == CUSPARSE_FORMAT_COO);
  if (rows) *rows = d->rows;
  if (cols) *cols = d->cols;
  if (nnz) *nnz = d->nnz;
  if (rowInd) *rowInd = d->offsets;
  if (colInd) *colInd = d->indices;
  if (val) *val = d->values;
  if (idxType) *idxType = d->idxType;
  if (base) *base = d->base;
  if (type) *type = d->type;
  return CUSPARSE_STATUS_SUCCESS;
}
static cusparseStatus_t setPointers(cusparseSpMatDescr_t d, cusparseFormat_t f, void* a, void* b, void* v) {
  CU2M_CHECK(d && d->format == f);
  d->offsets = a;
  d->indices = b;
  d->values = v;
  return CUSPARSE_STATUS_SUCCESS;
}
cusparseStatus_t cusparseCsrSetPointers(cusparseSpMatDescr_t d, void* off, void* col, void* val) { return setPointers(d, CUSPARSE_FORMAT_CSR, off, col, val); }
cusparseStatus_t cusparseCscSetPointers(cusparseSpMatDescr_t d, void* off, void* row, void* val) { return setPointers(d, CUSPARSE_FORMAT_CSC, off, row, val); }
cusparseStatus_t cusparseCooSetPointers(cusparseSpMatDescr_t d, void* row, void* col, void* val) { return setPointers(d, CUSPARSE_FORMAT_COO, row, col, val); }
cusparseStatus_t cusparseCsrSetStridedBatch(cusparseSpMatDescr_t d, int batchCount, int64_t offStride, int64_t colValStride) {
  CU2M_CHECK(d && d->format == CUSPARSE_FORMAT_CSR && batchCount > 0);
  d->batchCount = batchCount;
  d->offsetsBatchStride = offStride;
  d->indicesBatchStride = colValStride;
  return CUSPARSE_STATUS_SUCCESS;
}
cusparseStatus_t cusparseCooSetStridedBatch(cusparseSpMatDescr_t d, int batchCount, int64_t stride) {
  CU2M_CHECK(d && d->format == CUSPARSE_FORMAT_COO && batchCount > 0);
  d->batchCount = batchCount;
  d->indicesBatchStride = stride;
  return CUSPARSE_STATUS_SUCCESS;
}

// ---- dense matrices ----
cusparseStatus_t cusparseCreateDnMat(cusparseDnMatDescr_t* out, int64_t rows, int64_t cols, int64_t ld, void* values,
                                     cudaDataType type, cusparseOrder_t order) {
  CU2M_CHECK(out && rows >= 0 && cols >= 0);
  CU2M_CHECK(order == CUSPARSE_ORDER_ROW ? ld >= cols : ld >= rows);
  auto* d = new cusparseDnMatDescr();
  d->rows = rows;
  d->cols = cols;
  d->ld = ld;
  d->values = values;
  d->type = type;
  d->order = order;
  *out = d;
  return CUSPARSE_STATUS_SUCCESS;
}
cusparseStatus_t cusparseDestroyDnMat(cusparseConstDnMatDescr_t d) {
  delete d;
  return CUSPARSE_STATUS_SUCCESS;
}
cusparseStatus_t cusparseDnMatGet(cusparseDnMatDescr_t d, int64_t* rows, int64_t* cols, int64_t* ld, void** values,
                                  cudaDataType* type, cusparseOrder_t* order) {
  CU2M_CHECK(d);
  if (rows) *rows = d->rows;
  if (cols) *cols = d->cols;
  if (ld) *ld = d->ld;
  if (values) *values = d->values;
  if (type) *type = d->type;
  if (order) *order = d->order;
  return CUSPARSE_STATUS_SUCCESS;
}
cusparseStatus_t cusparseDnMatGetValues(cusparseDnMatDescr_t d, void** v) { CU2M_CHECK(d && v); *v = d->values; return CUSPARSE_STATUS_SUCCESS; }
cusparseStatus_t cusparseDnMatSetValues(cusparseDnMatDescr_t d, void* v) { CU2M_CHECK(d); d->values = v; return CUSPARSE_STATUS_SUCCESS; }
cusparseStatus_t cusparseDnMatSetStridedBatch(cusparseDnMatDescr_t d, int batchCount, int64_t stride) {
  CU2M_CHECK(d && batchCount > 0);
  d->batchCount = batchCount;
  d->batchStride = stride;
  return CUSPARSE_STATUS_SUCCESS;
}
cusparseStatus_t cusparseDnMatGetStridedBatch(cusparseConstDnMatDescr_t d, int* n, int64_t* stride) {
  CU2M_CHECK(d);
  if (n) *n = d->batchCount;
  if (stride) *stride = d->batchStride;
  return CUSPARSE_STATUS_SUCCESS;
}

// ---- vector operations ----
cusparseStatus_t cusparseAxpby(cusparseHandle_t h, const void* alpha, cusparseConstSpVecDescr_t x, const void* beta,
                               cusparseDnVecDescr_t y) {
  CU2M_BEGIN(h);
  CU2M_CHECK(alpha && beta && x && y);
  if (!typesOk(x->type, {y->type})) return CUSPARSE_STATUS_NOT_SUPPORTED;
  // Y = alpha X + beta Y: every element of Y is scaled, then X's entries are added.
  const bool dbl = y->type == CUDA_R_64F;
  const double a = dbl ? scalar<double>(alpha) : scalar<float>(alpha), b = dbl ? scalar<double>(beta) : scalar<float>(beta);
  for (int64_t i = 0; i < y->size; ++i) {
    if (dbl) static_cast<double*>(y->values)[i] *= b;
    else static_cast<float*>(y->values)[i] *= float(b);
  }
  for (int64_t k = 0; k < x->nnz; ++k) {
    const int64_t i = readIndex(x->indices, x->idxType, k) - x->base;
    if (dbl) static_cast<double*>(y->values)[i] += a * readValue(x->values, x->type, k);
    else static_cast<float*>(y->values)[i] += float(a) * float(readValue(x->values, x->type, k));
  }
  return CUSPARSE_STATUS_SUCCESS;
}
cusparseStatus_t cusparseGather(cusparseHandle_t h, cusparseConstDnVecDescr_t y, cusparseSpVecDescr_t x) {
  CU2M_BEGIN(h);
  CU2M_CHECK(x && y);
  const size_t e = valueBytes(x->type);
  for (int64_t k = 0; k < x->nnz; ++k) {
    const int64_t i = readIndex(x->indices, x->idxType, k) - x->base;
    std::memcpy(static_cast<char*>(x->values) + size_t(k) * e, static_cast<const char*>(y->values) + size_t(i) * e, e);
  }
  return CUSPARSE_STATUS_SUCCESS;
}
cusparseStatus_t cusparseScatter(cusparseHandle_t h, cusparseConstSpVecDescr_t x, cusparseDnVecDescr_t y) {
  CU2M_BEGIN(h);
  CU2M_CHECK(x && y);
  const size_t e = valueBytes(x->type);
  for (int64_t k = 0; k < x->nnz; ++k) {
    const int64_t i = readIndex(x->indices, x->idxType, k) - x->base;
    std::memcpy(static_cast<char*>(y->values) + size_t(i) * e, static_cast<const char*>(x->values) + size_t(k) * e, e);
  }
  return CUSPARSE_STATUS_SUCCESS;
}

// ---- SpMV ----
static cusparseStatus_t checkSpMV(cusparseHandle_t h, const void* alpha, cusparseConstSpMatDescr_t A, cusparseConstDnVecDescr_t x,
                                  const void* beta, cusparseConstDnVecDescr_t y, cudaDataType ct) {
  if (!h) return CUSPARSE_STATUS_NOT_INITIALIZED;
  CU2M_CHECK(alpha && beta && A && x && y);
  if (!typesOk(ct, {A->type, x->type, y->type}) || A->format == CUSPARSE_FORMAT_BLOCKED_ELL || A->format == CUSPARSE_FORMAT_BSR || A->format == CUSPARSE_FORMAT_SLICED_ELLPACK) return CUSPARSE_STATUS_NOT_SUPPORTED;
  return CUSPARSE_STATUS_SUCCESS;
}
cusparseStatus_t cusparseSpMV_bufferSize(cusparseHandle_t h, cusparseOperation_t, const void* alpha, cusparseConstSpMatDescr_t A,
                                         cusparseConstDnVecDescr_t x, const void* beta, cusparseDnVecDescr_t y,
                                         cudaDataType ct, cusparseSpMVAlg_t, size_t* size) {
  return bufferSize(checkSpMV(h, alpha, A, x, beta, y, ct), size);
}
cusparseStatus_t cusparseSpMV_preprocess(cusparseHandle_t h, cusparseOperation_t, const void* alpha, cusparseConstSpMatDescr_t A,
                                         cusparseConstDnVecDescr_t x, const void* beta, cusparseDnVecDescr_t y,
                                         cudaDataType ct, cusparseSpMVAlg_t, void*) {
  return checkSpMV(h, alpha, A, x, beta, y, ct);
}
cusparseStatus_t cusparseSpMV(cusparseHandle_t h, cusparseOperation_t opA, const void* alpha, cusparseConstSpMatDescr_t A,
                              cusparseConstDnVecDescr_t x, const void* beta, cusparseDnVecDescr_t y, cudaDataType ct,
                              cusparseSpMVAlg_t, void* buffer) {
  cusparseStatus_t st = checkSpMV(h, alpha, A, x, beta, y, ct);
  if (st != CUSPARSE_STATUS_SUCCESS) return st;
  CU2M_BUFFER("cusparseSpMV", 10, buffer, kBuffer);
  CU2M_BEGIN(h);
  if (ct == CUDA_R_64F) spmv<double>(opA, scalar<double>(alpha), A, x, scalar<double>(beta), y);
  else spmv<float>(opA, scalar<float>(alpha), A, x, scalar<float>(beta), y);
  return CUSPARSE_STATUS_SUCCESS;
}

// ---- SpMM ----
/** SpMM's buffer: none for COO (an H100 reports 0 bytes and runs with NULL), kBuffer otherwise. */
static size_t spmmBytes(cusparseConstSpMatDescr_t A) { return A && A->format == CUSPARSE_FORMAT_COO ? 0 : kBuffer; }
static cusparseStatus_t checkSpMM(cusparseHandle_t h, const void* alpha, cusparseConstSpMatDescr_t A, cusparseConstDnMatDescr_t B,
                                  const void* beta, cusparseConstDnMatDescr_t C, cudaDataType ct) {
  if (!h) return CUSPARSE_STATUS_NOT_INITIALIZED;
  CU2M_CHECK(alpha && beta && A && B && C);
  if (!typesOk(ct, {A->type, B->type, C->type}) || A->format == CUSPARSE_FORMAT_BLOCKED_ELL || A->format == CUSPARSE_FORMAT_BSR || A->format == CUSPARSE_FORMAT_SLICED_ELLPACK) return CUSPARSE_STATUS_NOT_SUPPORTED;
  return CUSPARSE_STATUS_SUCCESS;
}
cusparseStatus_t cusparseSpMM_bufferSize(cusparseHandle_t h, cusparseOperation_t, cusparseOperation_t, const void* alpha,
                                         cusparseConstSpMatDescr_t A, cusparseConstDnMatDescr_t B, const void* beta,
                                         cusparseDnMatDescr_t C, cudaDataType ct, cusparseSpMMAlg_t, size_t* size) {
  return bufferSize(checkSpMM(h, alpha, A, B, beta, C, ct), size, spmmBytes(A));
}
cusparseStatus_t cusparseSpMM_preprocess(cusparseHandle_t h, cusparseOperation_t, cusparseOperation_t, const void* alpha,
                                         cusparseConstSpMatDescr_t A, cusparseConstDnMatDescr_t B, const void* beta,
                                         cusparseDnMatDescr_t C, cudaDataType ct, cusparseSpMMAlg_t, void*) {
  return checkSpMM(h, alpha, A, B, beta, C, ct);
}
cusparseStatus_t cusparseSpMM(cusparseHandle_t h, cusparseOperation_t opA, cusparseOperation_t opB, const void* alpha,
                              cusparseConstSpMatDescr_t A, cusparseConstDnMatDescr_t B, const void* beta,
                              cusparseDnMatDescr_t C, cudaDataType ct, cusparseSpMMAlg_t, void* buffer) {
  cusparseStatus_t st = checkSpMM(h, alpha, A, B, beta, C, ct);
  if (st != CUSPARSE_STATUS_SUCCESS) return st;
  // A NULL buffer where one is needed: an H100 answers CUSPARSE_STATUS_INTERNAL_ERROR (7) here, not
  // INVALID_VALUE as SpMV does, and prints nothing; cu2metal returns the same and says why on stderr.
  if (!buffer && spmmBytes(A) > 0) {
    fprintf(stderr, " ** cu2metal: cusparseSpMM() externalBuffer is NULL where its size query reports %zu bytes (CUSPARSE_STATUS_INTERNAL_ERROR, as cuSPARSE)\n", spmmBytes(A));
    return CUSPARSE_STATUS_INTERNAL_ERROR;
  }
  CU2M_BUFFER("cusparseSpMM", 11, buffer, spmmBytes(A));
  CU2M_BEGIN(h);
  if (ct == CUDA_R_64F) spmm<double>(opA, opB, scalar<double>(alpha), A, B, scalar<double>(beta), C);
  else spmm<float>(opA, opB, scalar<float>(alpha), A, B, scalar<float>(beta), C);
  return CUSPARSE_STATUS_SUCCESS;
}

// ---- SpGEMM ----
cusparseStatus_t cusparseSpGEMM_createDescr(cusparseSpGEMMDescr_t* d) {
  CU2M_CHECK(d);
  *d = new cusparseSpGEMMDescr();
  return CUSPARSE_STATUS_SUCCESS;
}
cusparseStatus_t cusparseSpGEMM_destroyDescr(cusparseSpGEMMDescr_t d) {
  delete d;
  return CUSPARSE_STATUS_SUCCESS;
}
static cusparseStatus_t checkSpGEMM(cusparseHandle_t h, cusparseOperation_t opA, cusparseOperation_t opB, const void* alpha,
                                    cusparseConstSpMatDescr_t A, cusparseConstSpMatDescr_t B, const void* beta,
                                    cusparseConstSpMatDescr_t C, cudaDataType ct, cusparseSpGEMMDescr_t d) {
  if (!h) return CUSPARSE_STATUS_NOT_INITIALIZED;
  CU2M_CHECK(alpha && beta && A && B && C && d);
  // As in cuSPARSE: CSR operands without transposes; beta must be zero (cu2metal).
  if (opA != CUSPARSE_OPERATION_NON_TRANSPOSE || opB != CUSPARSE_OPERATION_NON_TRANSPOSE) return CUSPARSE_STATUS_NOT_SUPPORTED;
  if (A->format != CUSPARSE_FORMAT_CSR || B->format != CUSPARSE_FORMAT_CSR || C->format != CUSPARSE_FORMAT_CSR) return CUSPARSE_STATUS_NOT_SUPPORTED;
  if (!typesOk(ct, {A->type, B->type, C->type})) return CUSPARSE_STATUS_NOT_SUPPORTED;
  if (ct == CUDA_R_64F ? scalar<double>(beta) != 0 : scalar<float>(beta) != 0) return CUSPARSE_STATUS_NOT_SUPPORTED;
  CU2M_CHECK(A->cols == B->rows);
  return CUSPARSE_STATUS_SUCCESS;
}
cusparseStatus_t cusparseSpGEMM_workEstimation(cusparseHandle_t h, cusparseOperation_t opA, cusparseOperation_t opB,
                                               const void* alpha, cusparseConstSpMatDescr_t A, cusparseConstSpMatDescr_t B,
                                               const void* beta, cusparseSpMatDescr_t C, cudaDataType ct,
                                               cusparseSpGEMMAlg_t, cusparseSpGEMMDescr_t d, size_t* size1, void* buffer1) {
  cusparseStatus_t st = checkSpGEMM(h, opA, opB, alpha, A, B, beta, C, ct, d);
  if (st != CUSPARSE_STATUS_SUCCESS) return st;
  CU2M_CHECK(size1);
  if (!buffer1) *size1 = kBuffer;
  return CUSPARSE_STATUS_SUCCESS;
}
cusparseStatus_t cusparseSpGEMM_compute(cusparseHandle_t h, cusparseOperation_t opA, cusparseOperation_t opB,
                                        const void* alpha, cusparseConstSpMatDescr_t A, cusparseConstSpMatDescr_t B,
                                        const void* beta, cusparseSpMatDescr_t C, cudaDataType ct, cusparseSpGEMMAlg_t,
                                        cusparseSpGEMMDescr_t d, size_t* size2, void* buffer2) {
  cusparseStatus_t st = checkSpGEMM(h, opA, opB, alpha, A, B, beta, C, ct, d);
  if (st != CUSPARSE_STATUS_SUCCESS) return st;
  CU2M_CHECK(size2);
  if (!buffer2) {
    *size2 = kBuffer;
    return CUSPARSE_STATUS_SUCCESS;
  }
  CU2M_BEGIN(h);
  if (ct == CUDA_R_64F) spgemm<double>(scalar<double>(alpha), A, B, d);
  else spgemm<float>(scalar<float>(alpha), A, B, d);
  C->rows = d->rows;
  C->cols = d->cols;
  C->nnz = int64_t(d->columns.size());
  return CUSPARSE_STATUS_SUCCESS;
}
cusparseStatus_t cusparseSpGEMM_copy(cusparseHandle_t h, cusparseOperation_t opA, cusparseOperation_t opB, const void* alpha,
                                     cusparseConstSpMatDescr_t A, cusparseConstSpMatDescr_t B, const void* beta,
                                     cusparseSpMatDescr_t C, cudaDataType ct, cusparseSpGEMMAlg_t, cusparseSpGEMMDescr_t d) {
  cusparseStatus_t st = checkSpGEMM(h, opA, opB, alpha, A, B, beta, C, ct, d);
  if (st != CUSPARSE_STATUS_SUCCESS) return st;
  CU2M_BEGIN(h);
  CU2M_CHECK(C->offsets && (d->columns.empty() || (C->indices && C->values)));
  const int64_t base = C->base;
  for (size_t i = 0; i < d->offsets.size(); ++i) writeIndex(C->offsets, C->offType, int64_t(i), d->offsets[i] + base);
  for (size_t k = 0; k < d->columns.size(); ++k) {
    writeIndex(C->indices, C->idxType, int64_t(k), d->columns[k] + base);
    if (C->type == CUDA_R_64F) static_cast<double*>(C->values)[k] = d->values[k];
    else static_cast<float*>(C->values)[k] = float(d->values[k]);
  }
  return CUSPARSE_STATUS_SUCCESS;
}

// ---- SDDMM ----
static cusparseStatus_t checkSDDMM(cusparseHandle_t h, const void* alpha, cusparseConstDnMatDescr_t A, cusparseConstDnMatDescr_t B,
                                   const void* beta, cusparseConstSpMatDescr_t C, cudaDataType ct) {
  if (!h) return CUSPARSE_STATUS_NOT_INITIALIZED;
  CU2M_CHECK(alpha && beta && A && B && C);
  if (!typesOk(ct, {A->type, B->type, C->type}) || (C->format != CUSPARSE_FORMAT_CSR && C->format != CUSPARSE_FORMAT_COO)) return CUSPARSE_STATUS_NOT_SUPPORTED;
  return CUSPARSE_STATUS_SUCCESS;
}
cusparseStatus_t cusparseSDDMM_bufferSize(cusparseHandle_t h, cusparseOperation_t, cusparseOperation_t, const void* alpha,
                                          cusparseConstDnMatDescr_t A, cusparseConstDnMatDescr_t B, const void* beta,
                                          cusparseSpMatDescr_t C, cudaDataType ct, cusparseSDDMMAlg_t, size_t* size) {
  return bufferSize(checkSDDMM(h, alpha, A, B, beta, C, ct), size);
}
cusparseStatus_t cusparseSDDMM_preprocess(cusparseHandle_t h, cusparseOperation_t, cusparseOperation_t, const void* alpha,
                                          cusparseConstDnMatDescr_t A, cusparseConstDnMatDescr_t B, const void* beta,
                                          cusparseSpMatDescr_t C, cudaDataType ct, cusparseSDDMMAlg_t, void*) {
  return checkSDDMM(h, alpha, A, B, beta, C, ct);
}
cusparseStatus_t cusparseSDDMM(cusparseHandle_t h, cusparseOperation_t opA, cusparseOperation_t opB, const void* alpha,
                               cusparseConstDnMatDescr_t A, cusparseConstDnMatDescr_t B, const void* beta,
                               cusparseSpMatDescr_t C, cudaDataType ct, cusparseSDDMMAlg_t, void* buffer) {
  cusparseStatus_t st = checkSDDMM(h, alpha, A, B, beta, C, ct);
  if (st != CUSPARSE_STATUS_SUCCESS) return st;
  CU2M_BUFFER("cusparseSDDMM", 11, buffer, kBuffer);
  CU2M_BEGIN(h);
  if (ct == CUDA_R_64F) sddmm<double>(opA, opB, scalar<double>(alpha), A, B, scalar<double>(beta), C);
  else sddmm<float>(opA, opB, scalar<float>(alpha), A, B, scalar<float>(beta), C);
  return CUSPARSE_STATUS_SUCCESS;
}

// ---- SpSV ----
cusparseStatus_t cusparseSpSV_createDescr(cusparseSpSVDescr_t* d) {
  CU2M_CHECK(d);
  *d = new cusparseSpSVDescr();
  return CUSPARSE_STATUS_SUCCESS;
}
cusparseStatus_t cusparseSpSV_destroyDescr(cusparseSpSVDescr_t d) {
  releaseBuffers(d);
  delete d;
  return CUSPARSE_STATUS_SUCCESS;
}
static cusparseStatus_t checkSpSV(cusparseHandle_t h, const void* alpha, cusparseConstSpMatDescr_t A, cusparseConstDnVecDescr_t x,
                                  cusparseConstDnVecDescr_t y, cudaDataType ct, const void* descr) {
  if (!h) return CUSPARSE_STATUS_NOT_INITIALIZED;
  CU2M_CHECK(alpha && A && x && y && descr && A->rows == A->cols);
  if (!typesOk(ct, {A->type, x->type, y->type}) || (A->format != CUSPARSE_FORMAT_CSR && A->format != CUSPARSE_FORMAT_COO && A->format != CUSPARSE_FORMAT_CSC)) return CUSPARSE_STATUS_NOT_SUPPORTED;
  return CUSPARSE_STATUS_SUCCESS;
}
cusparseStatus_t cusparseSpSV_bufferSize(cusparseHandle_t h, cusparseOperation_t, const void* alpha, cusparseConstSpMatDescr_t A,
                                         cusparseConstDnVecDescr_t x, cusparseDnVecDescr_t y, cudaDataType ct,
                                         cusparseSpSVAlg_t, cusparseSpSVDescr_t d, size_t* size) {
  cusparseStatus_t st = checkSpSV(h, alpha, A, x, y, ct, d);
  return bufferSize(st, size, st == CUSPARSE_STATUS_SUCCESS ? analysisBytes(A) : 0);
}
cusparseStatus_t cusparseSpSV_analysis(cusparseHandle_t h, cusparseOperation_t, const void* alpha, cusparseConstSpMatDescr_t A,
                                       cusparseConstDnVecDescr_t x, cusparseDnVecDescr_t y, cudaDataType ct,
                                       cusparseSpSVAlg_t, cusparseSpSVDescr_t d, void* buffer) {
  cusparseStatus_t st = checkSpSV(h, alpha, A, x, y, ct, d);
  if (st != CUSPARSE_STATUS_SUCCESS) return st;
  CU2M_BUFFER("cusparseSpSV_analysis", 10, buffer, analysisBytes(A));
  d->analysed = 1;
  d->buffer = buffer;
  ownBuffer(buffer, d);
  return CUSPARSE_STATUS_SUCCESS;
}
cusparseStatus_t cusparseSpSV_solve(cusparseHandle_t h, cusparseOperation_t opA, const void* alpha, cusparseConstSpMatDescr_t A,
                                    cusparseConstDnVecDescr_t x, cusparseDnVecDescr_t y, cudaDataType ct,
                                    cusparseSpSVAlg_t, cusparseSpSVDescr_t d) {
  cusparseStatus_t st = checkSpSV(h, alpha, A, x, y, ct, d);
  if (st != CUSPARSE_STATUS_SUCCESS) return st;
  st = checkOwner("cusparseSpSV_solve", d->buffer, d);
  if (st != CUSPARSE_STATUS_SUCCESS) return st;
  CU2M_BEGIN(h);
  if (ct == CUDA_R_64F) spsv<double>(opA, scalar<double>(alpha), A, x, y);
  else spsv<float>(opA, scalar<float>(alpha), A, x, y);
  return CUSPARSE_STATUS_SUCCESS;
}

// ---- SpSM ----
cusparseStatus_t cusparseSpSM_createDescr(cusparseSpSMDescr_t* d) {
  CU2M_CHECK(d);
  *d = new cusparseSpSMDescr();
  return CUSPARSE_STATUS_SUCCESS;
}
cusparseStatus_t cusparseSpSM_destroyDescr(cusparseSpSMDescr_t d) {
  releaseBuffers(d);
  delete d;
  return CUSPARSE_STATUS_SUCCESS;
}
static cusparseStatus_t checkSpSM(cusparseHandle_t h, const void* alpha, cusparseConstSpMatDescr_t A, cusparseConstDnMatDescr_t B,
                                  cusparseConstDnMatDescr_t C, cudaDataType ct, const void* descr) {
  if (!h) return CUSPARSE_STATUS_NOT_INITIALIZED;
  CU2M_CHECK(alpha && A && B && C && descr && A->rows == A->cols);
  if (!typesOk(ct, {A->type, B->type, C->type}) || (A->format != CUSPARSE_FORMAT_CSR && A->format != CUSPARSE_FORMAT_COO && A->format != CUSPARSE_FORMAT_CSC)) return CUSPARSE_STATUS_NOT_SUPPORTED;
  return CUSPARSE_STATUS_SUCCESS;
}
cusparseStatus_t cusparseSpSM_bufferSize(cusparseHandle_t h, cusparseOperation_t, cusparseOperation_t, const void* alpha,
                                         cusparseConstSpMatDescr_t A, cusparseConstDnMatDescr_t B, cusparseDnMatDescr_t C,
                                         cudaDataType ct, cusparseSpSMAlg_t, cusparseSpSMDescr_t d, size_t* size) {
  cusparseStatus_t st = checkSpSM(h, alpha, A, B, C, ct, d);
  return bufferSize(st, size, st == CUSPARSE_STATUS_SUCCESS ? analysisBytes(A) : 0);
}
cusparseStatus_t cusparseSpSM_analysis(cusparseHandle_t h, cusparseOperation_t, cusparseOperation_t, const void* alpha,
                                       cusparseConstSpMatDescr_t A, cusparseConstDnMatDescr_t B, cusparseDnMatDescr_t C,
                                       cudaDataType ct, cusparseSpSMAlg_t, cusparseSpSMDescr_t d, void* buffer) {
  cusparseStatus_t st = checkSpSM(h, alpha, A, B, C, ct, d);
  if (st != CUSPARSE_STATUS_SUCCESS) return st;
  CU2M_BUFFER("cusparseSpSM_analysis", 11, buffer, analysisBytes(A));
  d->analysed = 1;
  d->buffer = buffer;
  ownBuffer(buffer, d);
  return CUSPARSE_STATUS_SUCCESS;
}
cusparseStatus_t cusparseSpSM_solve(cusparseHandle_t h, cusparseOperation_t opA, cusparseOperation_t opB, const void* alpha,
                                    cusparseConstSpMatDescr_t A, cusparseConstDnMatDescr_t B, cusparseDnMatDescr_t C,
                                    cudaDataType ct, cusparseSpSMAlg_t, cusparseSpSMDescr_t d) {
  cusparseStatus_t st = checkSpSM(h, alpha, A, B, C, ct, d);
  if (st != CUSPARSE_STATUS_SUCCESS) return st;
  st = checkOwner("cusparseSpSM_solve", d->buffer, d);
  if (st != CUSPARSE_STATUS_SUCCESS) return st;
  CU2M_BEGIN(h);
  if (ct == CUDA_R_64F) spsm<double>(opA, opB, scalar<double>(alpha), A, B, C);
  else spsm<float>(opA, opB, scalar<float>(alpha), A, B, C);
  return CUSPARSE_STATUS_SUCCESS;
}

// ---- conversions ----
cusparseStatus_t cusparseSparseToDense_bufferSize(cusparseHandle_t h, cusparseConstSpMatDescr_t A, cusparseDnMatDescr_t B,
                                                  cusparseSparseToDenseAlg_t, size_t* size) {
  if (!h) return CUSPARSE_STATUS_NOT_INITIALIZED;
  CU2M_CHECK(A && B && size);
  *size = kBuffer;
  return CUSPARSE_STATUS_SUCCESS;
}
cusparseStatus_t cusparseSparseToDense(cusparseHandle_t h, cusparseConstSpMatDescr_t A, cusparseDnMatDescr_t B,
                                       cusparseSparseToDenseAlg_t, void* buffer) {
  CU2M_BEGIN(h);
  CU2M_CHECK(A && B && A->rows == B->rows && A->cols == B->cols);
  CU2M_BUFFER("cusparseSparseToDense", 5, buffer, kBuffer);
  if (!typesOk(A->type, {B->type})) return CUSPARSE_STATUS_NOT_SUPPORTED;
  for (int64_t i = 0; i < B->rows; ++i)
    for (int64_t j = 0; j < B->cols; ++j) writeValue(B->values, B->type, dnIndex(B, CUSPARSE_OPERATION_NON_TRANSPOSE, 0, i, j), 0.0);
  const CsrView v = view(A, CUSPARSE_OPERATION_NON_TRANSPOSE, 0);
  for (int64_t i = 0; i < v.rows; ++i)
    for (int64_t p = v.begin(i); p < v.begin(i + 1); ++p)
      writeValue(B->values, B->type, dnIndex(B, CUSPARSE_OPERATION_NON_TRANSPOSE, 0, i, v.colOf(p)), readValue(A->values, A->type, v.atOf(p)));
  return CUSPARSE_STATUS_SUCCESS;
}
cusparseStatus_t cusparseDenseToSparse_bufferSize(cusparseHandle_t h, cusparseConstDnMatDescr_t A, cusparseSpMatDescr_t B,
                                                  cusparseDenseToSparseAlg_t, size_t* size) {
  if (!h) return CUSPARSE_STATUS_NOT_INITIALIZED;
  CU2M_CHECK(A && B && size);
  *size = kBuffer;
  return CUSPARSE_STATUS_SUCCESS;
}
/** The non-zero elements of A in the order of B's format: CSR row by row, CSC column by column, COO as CSR. */
static cusparseStatus_t denseToSparse(cusparseHandle_t h, cusparseConstDnMatDescr_t A, cusparseSpMatDescr_t B, bool write) {
  CU2M_BEGIN(h);
  CU2M_CHECK(A && B && A->rows == B->rows && A->cols == B->cols);
  if (!typesOk(A->type, {B->type}) || (B->format != CUSPARSE_FORMAT_CSR && B->format != CUSPARSE_FORMAT_CSC && B->format != CUSPARSE_FORMAT_COO)) return CUSPARSE_STATUS_NOT_SUPPORTED;
  const bool csc = B->format == CUSPARSE_FORMAT_CSC, coo = B->format == CUSPARSE_FORMAT_COO;
  const int64_t outer = csc ? A->cols : A->rows, inner = csc ? A->rows : A->cols, base = B->base;
  int64_t n = 0;
  if (!coo && B->offsets) writeIndex(B->offsets, B->offType, 0, base);
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t q = 0; q < inner; ++q) {
      const int64_t i = csc ? q : o, j = csc ? o : q;
      const double v = readValue(A->values, A->type, dnIndex(A, CUSPARSE_OPERATION_NON_TRANSPOSE, 0, i, j));
      if (v == 0) continue;
      if (write) {
        if (coo) {
          writeIndex(B->offsets, B->idxType, n, i + base);
          writeIndex(B->indices, B->idxType, n, j + base);
        } else {
          writeIndex(B->indices, B->idxType, n, q + base);
        }
        writeValue(B->values, B->type, n, v);
      }
      ++n;
    }
    if (!coo && B->offsets) writeIndex(B->offsets, B->offType, o + 1, n + base);
  }
  B->nnz = n;
  return CUSPARSE_STATUS_SUCCESS;
}
cusparseStatus_t cusparseDenseToSparse_analysis(cusparseHandle_t h, cusparseConstDnMatDescr_t A, cusparseSpMatDescr_t B,
                                                cusparseDenseToSparseAlg_t, void* buffer) {
  if (h) CU2M_BUFFER("cusparseDenseToSparse_analysis", 5, buffer, kBuffer);
  return denseToSparse(h, A, B, false);
}
cusparseStatus_t cusparseDenseToSparse_convert(cusparseHandle_t h, cusparseConstDnMatDescr_t A, cusparseSpMatDescr_t B,
                                               cusparseDenseToSparseAlg_t, void* buffer) {
  if (h) CU2M_BUFFER("cusparseDenseToSparse_convert", 5, buffer, kBuffer);
  return denseToSparse(h, A, B, true);
}
cusparseStatus_t cusparseCsr2cscEx2_bufferSize(cusparseHandle_t h, int m, int n, int nnz, const void*, const int*, const int*,
                                               void*, int*, int*, cudaDataType, cusparseAction_t, cusparseIndexBase_t,
                                               cusparseCsr2CscAlg_t, size_t* size) {
  if (!h) return CUSPARSE_STATUS_NOT_INITIALIZED;
  CU2M_CHECK(m >= 0 && n >= 0 && nnz >= 0 && size);
  *size = kBuffer;
  return CUSPARSE_STATUS_SUCCESS;
}
cusparseStatus_t cusparseCsr2cscEx2(cusparseHandle_t h, int m, int n, int nnz, const void* csrVal, const int* csrRowPtr,
                                    const int* csrColInd, void* cscVal, int* cscColPtr, int* cscRowInd, cudaDataType valType,
                                    cusparseAction_t copyValues, cusparseIndexBase_t base, cusparseCsr2CscAlg_t, void* buffer) {
  CU2M_BEGIN(h);
  CU2M_CHECK(m >= 0 && n >= 0 && nnz >= 0 && csrRowPtr && cscColPtr);
  CU2M_BUFFER("cusparseCsr2cscEx2", 15, buffer, kBuffer);
  // A stable counting sort by column: the rows of each column come out in increasing order.
  std::vector<int> count(size_t(n) + 1, 0);
  for (int k = 0; k < nnz; ++k) count[size_t(csrColInd[k] - base + 1)]++;
  for (int j = 0; j < n; ++j) count[size_t(j + 1)] += count[size_t(j)];
  for (int j = 0; j <= n; ++j) cscColPtr[j] = count[size_t(j)] + base;
  const size_t e = valueBytes(valType);
  for (int i = 0; i < m; ++i)
    for (int k = csrRowPtr[i] - base; k < csrRowPtr[i + 1] - base; ++k) {
      const int p = count[size_t(csrColInd[k] - base)]++;
      cscRowInd[p] = i + base;
      if (copyValues == CUSPARSE_ACTION_NUMERIC)
        std::memcpy(static_cast<char*>(cscVal) + size_t(p) * e, static_cast<const char*>(csrVal) + size_t(k) * e, e);
    }
  return CUSPARSE_STATUS_SUCCESS;
}
cusparseStatus_t cusparseXcoo2csr(cusparseHandle_t h, const int* cooRowInd, int nnz, int m, int* csrRowPtr, cusparseIndexBase_t base) {
  CU2M_BEGIN(h);
  CU2M_CHECK(nnz >= 0 && m >= 0 && csrRowPtr);
  std::vector<int> count(size_t(m) + 1, 0);
  for (int k = 0; k < nnz; ++k) count[size_t(cooRowInd[k] - base + 1)]++;
  for (int i = 0; i < m; ++i) count[size_t(i + 1)] += count[size_t(i)];
  for (int i = 0; i <= m; ++i) csrRowPtr[i] = count[size_t(i)] + base;
  return CUSPARSE_STATUS_SUCCESS;
}
cusparseStatus_t cusparseXcsr2coo(cusparseHandle_t h, const int* csrRowPtr, int nnz, int m, int* cooRowInd, cusparseIndexBase_t base) {
  CU2M_BEGIN(h);
  CU2M_CHECK(nnz >= 0 && m >= 0 && csrRowPtr && cooRowInd);
  for (int i = 0; i < m; ++i)
    for (int k = csrRowPtr[i] - base; k < csrRowPtr[i + 1] - base; ++k) cooRowInd[k] = i + base;
  return CUSPARSE_STATUS_SUCCESS;
}
cusparseStatus_t cusparseSnnz(cusparseHandle_t h, cusparseDirection_t dir, int m, int n, const cusparseMatDescr_t,
                              const float* A, int lda, int* perRowColumn, int* total) {
  CU2M_BEGIN(h);
  CU2M_CHECK(m >= 0 && n >= 0 && lda >= m && perRowColumn && total);
  *total = nnzDense(dir, m, n, A, lda, perRowColumn);
  return CUSPARSE_STATUS_SUCCESS;
}
cusparseStatus_t cusparseDnnz(cusparseHandle_t h, cusparseDirection_t dir, int m, int n, const cusparseMatDescr_t,
                              const double* A, int lda, int* perRowColumn, int* total) {
  CU2M_BEGIN(h);
  CU2M_CHECK(m >= 0 && n >= 0 && lda >= m && perRowColumn && total);
  *total = nnzDense(dir, m, n, A, lda, perRowColumn);
  return CUSPARSE_STATUS_SUCCESS;
}

// ---- sorting and permutations ----
cusparseStatus_t cusparseCreateIdentityPermutation(cusparseHandle_t h, int n, int* p) {
  CU2M_BEGIN(h);
  CU2M_CHECK(n >= 0 && (p || n == 0));
  for (int i = 0; i < n; ++i) p[i] = i;
  return CUSPARSE_STATUS_SUCCESS;
}
cusparseStatus_t cusparseXcsrsort_bufferSizeExt(cusparseHandle_t h, int m, int n, int nnz, const int*, const int*, size_t* size) {
  if (!h) return CUSPARSE_STATUS_NOT_INITIALIZED;
  CU2M_CHECK(m >= 0 && n >= 0 && nnz >= 0 && size);
  *size = kBuffer;
  return CUSPARSE_STATUS_SUCCESS;
}
cusparseStatus_t cusparseXcsrsort(cusparseHandle_t h, int m, int n, int nnz, const cusparseMatDescr_t descr,
                                  const int* rowPtr, int* colInd, int* P, void* buffer) {
  CU2M_BEGIN(h);
  CU2M_CHECK(m >= 0 && n >= 0 && nnz >= 0 && rowPtr && colInd);
  CU2M_BUFFER("cusparseXcsrsort", 9, buffer, kBuffer);
  const int base = descr ? int(descr->base) : 0;
  std::vector<int> order, cols, perm;
  for (int i = 0; i < m; ++i) {
    const int s = rowPtr[i] - base, e = rowPtr[i + 1] - base;
    order.resize(size_t(e - s));
    for (int k = 0; k < e - s; ++k) order[size_t(k)] = k;
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return colInd[s + a] < colInd[s + b]; });
    cols.assign(colInd + s, colInd + e);
    if (P) perm.assign(P + s, P + e);
    for (int k = 0; k < e - s; ++k) {
      colInd[s + k] = cols[size_t(order[size_t(k)])];
      if (P) P[s + k] = perm[size_t(order[size_t(k)])];
    }
  }
  return CUSPARSE_STATUS_SUCCESS;
}
cusparseStatus_t cusparseXcoosort_bufferSizeExt(cusparseHandle_t h, int m, int n, int nnz, const int*, const int*, size_t* size) {
  if (!h) return CUSPARSE_STATUS_NOT_INITIALIZED;
  CU2M_CHECK(m >= 0 && n >= 0 && nnz >= 0 && size);
  *size = kBuffer;
  return CUSPARSE_STATUS_SUCCESS;
}
/** Sorts the COO entries by key, then by the other index (an H100's coosortByRow returns each
    row's entries by increasing column, whatever their order before: the gpulibs probe); entries
    with both equal keep their order. P is permuted alike. */
static cusparseStatus_t coosort(cusparseHandle_t h, const char* fn, int nnz, int* key, int* other, int* P, void* buffer) {
  CU2M_BEGIN(h);
  CU2M_CHECK(nnz >= 0 && (nnz == 0 || (key && other)));
  CU2M_BUFFER(fn, 8, buffer, kBuffer);
  std::vector<int> order(static_cast<size_t>(nnz));
  for (int k = 0; k < nnz; ++k) order[size_t(k)] = k;
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return key[a] != key[b] ? key[a] < key[b] : other[a] < other[b]; });
  std::vector<int> k0(key, key + nnz), o0(other, other + nnz), p0;
  if (P) p0.assign(P, P + nnz);
  for (int k = 0; k < nnz; ++k) {
    key[k] = k0[size_t(order[size_t(k)])];
    other[k] = o0[size_t(order[size_t(k)])];
    if (P) P[k] = p0[size_t(order[size_t(k)])];
  }
  return CUSPARSE_STATUS_SUCCESS;
}
cusparseStatus_t cusparseXcoosortByRow(cusparseHandle_t h, int, int, int nnz, int* rows, int* cols, int* P, void* buffer) {
  return coosort(h, "cusparseXcoosortByRow", nnz, rows, cols, P, buffer);
}
cusparseStatus_t cusparseXcoosortByColumn(cusparseHandle_t h, int, int, int nnz, int* rows, int* cols, int* P, void* buffer) {
  return coosort(h, "cusparseXcoosortByColumn", nnz, cols, rows, P, buffer);
}

// ---- csrilu02 ----
cusparseStatus_t cusparseCreateCsrilu02Info(csrilu02Info_t* info) {
  CU2M_CHECK(info);
  *info = new csrilu02Info();
  return CUSPARSE_STATUS_SUCCESS;
}
cusparseStatus_t cusparseDestroyCsrilu02Info(csrilu02Info_t info) {
  delete info;
  return CUSPARSE_STATUS_SUCCESS;
}
cusparseStatus_t cusparseXcsrilu02_zeroPivot(cusparseHandle_t h, csrilu02Info_t info, int* position) {
  CU2M_BEGIN(h);
  CU2M_CHECK(info && position);
  // The position is written in either pointer mode: device memory is host-visible.
  *position = info->zeroPivot;
  return info->zeroPivot < 0 ? CUSPARSE_STATUS_SUCCESS : CUSPARSE_STATUS_ZERO_PIVOT;
}
template <class T>
static cusparseStatus_t ilu02BufferSize(cusparseHandle_t h, int m, int nnz, csrilu02Info_t info, int* size) {
  if (!h) return CUSPARSE_STATUS_NOT_INITIALIZED;
  CU2M_CHECK(m >= 0 && nnz >= 0 && info && size);
  *size = int(kBuffer);
  return CUSPARSE_STATUS_SUCCESS;
}
cusparseStatus_t cusparseScsrilu02_bufferSize(cusparseHandle_t h, int m, int nnz, const cusparseMatDescr_t, float*, const int*,
                                              const int*, csrilu02Info_t info, int* size) {
  return ilu02BufferSize<float>(h, m, nnz, info, size);
}
cusparseStatus_t cusparseDcsrilu02_bufferSize(cusparseHandle_t h, int m, int nnz, const cusparseMatDescr_t, double*, const int*,
                                              const int*, csrilu02Info_t info, int* size) {
  return ilu02BufferSize<double>(h, m, nnz, info, size);
}
static cusparseStatus_t ilu02Analysis(cusparseHandle_t h, const char* fn, int m, int nnz, const cusparseMatDescr_t d, const int* rowPtr,
                                      const int* colInd, csrilu02Info_t info, void* buffer) {
  CU2M_BEGIN(h);
  CU2M_CHECK(m >= 0 && nnz >= 0 && info && rowPtr && (nnz == 0 || colInd));
  CU2M_BUFFER(fn, 10, buffer, kBuffer);
  // The analysis reports a structural zero (a row without a diagonal entry).
  info->zeroPivot = structuralZero(m, d, rowPtr, colInd);
  return CUSPARSE_STATUS_SUCCESS;
}
cusparseStatus_t cusparseScsrilu02_analysis(cusparseHandle_t h, int m, int nnz, const cusparseMatDescr_t d, const float*,
                                            const int* rowPtr, const int* colInd, csrilu02Info_t info, cusparseSolvePolicy_t, void* buffer) {
  return ilu02Analysis(h, "cusparseScsrilu02_analysis", m, nnz, d, rowPtr, colInd, info, buffer);
}
cusparseStatus_t cusparseDcsrilu02_analysis(cusparseHandle_t h, int m, int nnz, const cusparseMatDescr_t d, const double*,
                                            const int* rowPtr, const int* colInd, csrilu02Info_t info, cusparseSolvePolicy_t, void* buffer) {
  return ilu02Analysis(h, "cusparseDcsrilu02_analysis", m, nnz, d, rowPtr, colInd, info, buffer);
}
cusparseStatus_t cusparseScsrilu02(cusparseHandle_t h, int m, int nnz, const cusparseMatDescr_t d, float* val, const int* rowPtr,
                                   const int* colInd, csrilu02Info_t info, cusparseSolvePolicy_t, void* buffer) {
  CU2M_BEGIN(h);
  CU2M_CHECK(m >= 0 && nnz >= 0 && info && rowPtr && (nnz == 0 || (val && colInd)));
  CU2M_BUFFER("cusparseScsrilu02", 10, buffer, kBuffer);
  info->zeroPivot = ilu0(m, d, val, rowPtr, colInd);
  return CUSPARSE_STATUS_SUCCESS;
}
cusparseStatus_t cusparseDcsrilu02(cusparseHandle_t h, int m, int nnz, const cusparseMatDescr_t d, double* val, const int* rowPtr,
                                   const int* colInd, csrilu02Info_t info, cusparseSolvePolicy_t, void* buffer) {
  CU2M_BEGIN(h);
  CU2M_CHECK(m >= 0 && nnz >= 0 && info && rowPtr && (nnz == 0 || (val && colInd)));
  CU2M_BUFFER("cusparseDcsrilu02", 10, buffer, kBuffer);
  info->zeroPivot = ilu0(m, d, val, rowPtr, colInd);
  return CUSPARSE_STATUS_SUCCESS;
}


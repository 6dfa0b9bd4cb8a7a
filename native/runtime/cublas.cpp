// cu2metal's own cuBLAS subset (native/include/cublas_api.h), written from the cuBLAS
// documentation. Every routine runs on the host CPU over the device pointers: device memory is
// host-visible on every backend (host memory on msl-cpu/cuda-cpu, MTLStorageModeShared on Metal).
// A routine first waits for the work already queued on the handle's stream (cublasSetStream), as a
// GPU would run it after that work, then computes synchronously; device-pointer-mode scalars and
// results are read and written in place.
//
// Accumulation order (docs/DESIGN.md, "cuBLAS"):
// - gemm family: each element of op(A)·op(B) is one running sum over p = 0, 1, ..., k-1 in the
//   compute type (float for S/H/32F compute and 16F compute, double for D/64F, int32 for 32I), then
//   C = alpha·sum + beta·C in that type (beta == 0: C is not read). The same order as the
//   three-loop reference, so results differ from it only where the compiler contracts a·b + c.
// - gemv: the same running sum over the reduced index.
// - dot, nrm2, asum: one running sum in double (float, half and bfloat16 data) or double with
//   scaling (Dnrm2), rounded once to the result type.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <complex>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <thread>
#include <type_traits>
#include <vector>

#include "../include/cublas_api.h"
#include "../include/cublasLt.h"

struct cublasContext {
  cudaStream_t stream = nullptr;
  cublasPointerMode_t pointerMode = CUBLAS_POINTER_MODE_HOST;
  cublasMath_t mathMode = CUBLAS_DEFAULT_MATH;
  cublasAtomicsMode_t atomicsMode = CUBLAS_ATOMICS_NOT_ALLOWED;
};

namespace {

// ---- elements ----------------------------------------------------------------------------
struct Half { uint16_t bits; };
struct BF16 { uint16_t bits; };

inline float toFloat(Half h) { return cu2m_h2f(h.bits); }
inline float toFloat(BF16 b) { return cu2m_bf2f(b.bits); }

template <class Acc, class T> inline Acc load(const T& v) {
  if constexpr (std::is_same_v<T, Half> || std::is_same_v<T, BF16>) return Acc(toFloat(v));
  else return Acc(v);
}

template <class T, class V> inline T store(V v) {
  if constexpr (std::is_same_v<T, Half>) return Half{cu2m_f2h(float(v))};
  else if constexpr (std::is_same_v<T, BF16>) return BF16{cu2m_f2bf(float(v))};
  else return T(v);
}

/** Waits for the handle's stream: the routine runs after the work queued before it. */
cublasStatus_t begin(cublasHandle_t h) {
  if (!h) return CUBLAS_STATUS_NOT_INITIALIZED;
  return cudaStreamSynchronize(h->stream) == cudaSuccess ? CUBLAS_STATUS_SUCCESS : CUBLAS_STATUS_EXECUTION_FAILED;
}

unsigned workers(double flops) {
  unsigned hw = std::max(1u, std::thread::hardware_concurrency());
  if (flops < 4e6) return 1;
  return std::min(hw, 64u);
}

/** Runs body(task) for task in [0, tasks) on up to `threads` threads. */
template <class F> void parallelFor(long tasks, unsigned threads, F body) {
  if (threads <= 1 || tasks <= 1) {
    for (long t = 0; t < tasks; ++t) body(t);
    return;
  }
  std::atomic<long> next{0};
  auto run = [&] {
    for (long t; (t = next.fetch_add(1)) < tasks;) body(t);
  };
  std::vector<std::thread> pool;
  unsigned n = unsigned(std::min<long>(threads, tasks));
  for (unsigned i = 1; i < n; ++i) pool.emplace_back(run);
  run();
  for (auto& t : pool) t.join();
}

// ---- gemm ----------------------------------------------------------------------------------
// C (m × n) = alpha · op(A) (m × k) · op(B) (k × n) + beta · C, column-major. The work is cut into
// MC × NC tiles of C, one task each; a task packs KC-deep panels of op(A) (i fastest) and op(B)
// (p fastest, per column) converted to the compute type, and keeps the tile's sums in Acc.
constexpr int MC = 96, NC = 64, KC = 256;

struct GemmShape {
  int m, n, k;
  bool ta, tb;
  int lda, ldb, ldc;
};

template <class Acc, class TA>
void packA(const GemmShape& s, const void* Av, int i0, int mc, int p0, int kc, Acc* dst) {
  const TA* A = static_cast<const TA*>(Av);
  for (int p = 0; p < kc; ++p) {
    Acc* d = dst + size_t(p) * mc;
    if (!s.ta) {
      const TA* col = A + size_t(p0 + p) * s.lda + i0;
      for (int i = 0; i < mc; ++i) d[i] = load<Acc>(col[i]);
    } else {
      const TA* row = A + size_t(i0) * s.lda + (p0 + p);
      for (int i = 0; i < mc; ++i) d[i] = load<Acc>(row[size_t(i) * s.lda]);
    }
  }
}

template <class Acc, class TB>
void packB(const GemmShape& s, const void* Bv, int p0, int kc, int j0, int nc, Acc* dst) {
  const TB* B = static_cast<const TB*>(Bv);
  for (int j = 0; j < nc; ++j) {
    Acc* d = dst + size_t(j) * kc;
    if (!s.tb) {
      const TB* col = B + size_t(j0 + j) * s.ldb + p0;
      for (int p = 0; p < kc; ++p) d[p] = load<Acc>(col[p]);
    } else {
      const TB* row = B + size_t(p0) * s.ldb + (j0 + j);
      for (int p = 0; p < kc; ++p) d[p] = load<Acc>(row[size_t(p) * s.ldb]);
    }
  }
}

/** acc (mc × nc) += Ap (mc × kc) · Bp (kc × nc), four columns at a time: each sum in p order. */
template <class Acc> void tileKernel(int mc, int nc, int kc, const Acc* Ap, const Acc* Bp, Acc* acc) {
  int j = 0;
  for (; j + 4 <= nc; j += 4) {
    Acc* c0 = acc + size_t(j) * mc;
    Acc* c1 = c0 + mc;
    Acc* c2 = c1 + mc;
    Acc* c3 = c2 + mc;
    const Acc* b0 = Bp + size_t(j) * kc;
    const Acc* b1 = b0 + kc;
    const Acc* b2 = b1 + kc;
    const Acc* b3 = b2 + kc;
    for (int p = 0; p < kc; ++p) {
      const Acc* a = Ap + size_t(p) * mc;
      const Acc x0 = b0[p], x1 = b1[p], x2 = b2[p], x3 = b3[p];
      for (int i = 0; i < mc; ++i) {
        const Acc ai = a[i];
        c0[i] += ai * x0;
        c1[i] += ai * x1;
        c2[i] += ai * x2;
        c3[i] += ai * x3;
      }
    }
  }
  for (; j < nc; ++j) {
    Acc* c = acc + size_t(j) * mc;
    const Acc* b = Bp + size_t(j) * kc;
    for (int p = 0; p < kc; ++p) {
      const Acc* a = Ap + size_t(p) * mc;
      const Acc x = b[p];
      for (int i = 0; i < mc; ++i) c[i] += a[i] * x;
    }
  }
}

template <class Acc, class TC>
void storeC(const GemmShape& s, void* Cv, int i0, int mc, int j0, int nc, const Acc* acc, Acc alpha, Acc beta) {
  TC* C = static_cast<TC*>(Cv);
  // Integer compute: alpha · sum + beta · C in 64 bits, then the C type.
  using W = std::conditional_t<std::is_integral_v<Acc>, long long, Acc>;
  for (int j = 0; j < nc; ++j) {
    TC* col = C + size_t(j0 + j) * s.ldc + i0;
    const Acc* a = acc + size_t(j) * mc;
    if (beta == Acc(0))
      for (int i = 0; i < mc; ++i) col[i] = store<TC>(W(alpha) * W(a[i]));
    else
      for (int i = 0; i < mc; ++i) col[i] = store<TC>(W(alpha) * W(a[i]) + W(beta) * W(load<Acc>(col[i])));
  }
}

template <class Acc> struct GemmKernels {
  void (*packA)(const GemmShape&, const void*, int, int, int, int, Acc*);
  void (*packB)(const GemmShape&, const void*, int, int, int, int, Acc*);
  void (*storeC)(const GemmShape&, void*, int, int, int, int, const Acc*, Acc, Acc);
};

template <class Acc>
void gemmRun(const GemmShape& s, const GemmKernels<Acc>& kern, long batch, const void* const* A, const void* const* B, void* const* C,
             Acc alpha, Acc beta) {
  if (s.m == 0 || s.n == 0 || batch == 0) return;
  const int tm = (s.m + MC - 1) / MC, tn = (s.n + NC - 1) / NC;
  const long tiles = long(tm) * tn;
  const double flops = 2.0 * s.m * s.n * std::max(s.k, 1) * batch;
  parallelFor(tiles * batch, workers(flops), [&](long t) {
    thread_local std::vector<Acc> ap, bp, acc;
    const long b = t / tiles;
    const int ti = int((t % tiles) % tm), tj = int((t % tiles) / tm);
    const int i0 = ti * MC, j0 = tj * NC;
    const int mc = std::min(MC, s.m - i0), nc = std::min(NC, s.n - j0);
    acc.assign(size_t(mc) * nc, Acc(0));
    ap.resize(size_t(MC) * KC);
    bp.resize(size_t(KC) * NC);
    if (alpha != Acc(0))
      for (int p0 = 0; p0 < s.k; p0 += KC) {
        const int kc = std::min(KC, s.k - p0);
        kern.packA(s, A[b], i0, mc, p0, kc, ap.data());
        kern.packB(s, B[b], p0, kc, j0, nc, bp.data());
        tileKernel(mc, nc, kc, ap.data(), bp.data(), acc.data());
      }
    kern.storeC(s, C[b], i0, mc, j0, nc, acc.data(), alpha, beta);
  });
}

template <class Acc> bool packers(cudaDataType t, void (*&a)(const GemmShape&, const void*, int, int, int, int, Acc*),
                                  void (*&b)(const GemmShape&, const void*, int, int, int, int, Acc*)) {
  switch (t) {
    case CUDA_R_16F: a = &packA<Acc, Half>; b = &packB<Acc, Half>; return true;
    case CUDA_R_16BF: a = &packA<Acc, BF16>; b = &packB<Acc, BF16>; return true;
    case CUDA_R_32F: a = &packA<Acc, float>; b = &packB<Acc, float>; return true;
    case CUDA_R_64F: a = &packA<Acc, double>; b = &packB<Acc, double>; return true;
    case CUDA_R_8I: a = &packA<Acc, int8_t>; b = &packB<Acc, int8_t>; return true;
    case CUDA_R_8U: a = &packA<Acc, uint8_t>; b = &packB<Acc, uint8_t>; return true;
    case CUDA_R_32I: a = &packA<Acc, int32_t>; b = &packB<Acc, int32_t>; return true;
    default: return false;
  }
}

template <class Acc> bool storer(cudaDataType t, void (*&s)(const GemmShape&, void*, int, int, int, int, const Acc*, Acc, Acc)) {
  switch (t) {
    case CUDA_R_16F: s = &storeC<Acc, Half>; return true;
    case CUDA_R_16BF: s = &storeC<Acc, BF16>; return true;
    case CUDA_R_32F: s = &storeC<Acc, float>; return true;
    case CUDA_R_64F: s = &storeC<Acc, double>; return true;
    case CUDA_R_32I: s = &storeC<Acc, int32_t>; return true;
    default: return false;
  }
}

bool validOp(cublasOperation_t op) { return op == CUBLAS_OP_N || op == CUBLAS_OP_T || op == CUBLAS_OP_C; }

/** The argument checks of the gemm family. `blas` names the routine as BLAS's error handler does
    (SGEMM, DGEMM): cuBLAS then prints which argument is illegal, on stdout, numbered as BLAS numbers
    them (TRANSA 1 ... LDA 8, LDB 10, LDC 13; an H100 printed " ** On entry to SGEMM  parameter
    number 8 had an illegal value" for test/fixtures/cublas/gemm.cu's lda < m). */
cublasStatus_t gemmShape(cublasOperation_t ta, cublasOperation_t tb, int m, int n, int k, int lda, int ldb, int ldc, GemmShape& s,
                         const char* blas = nullptr) {
  s = GemmShape{m, n, k, ta != CUBLAS_OP_N, tb != CUBLAS_OP_N, lda, ldb, ldc};
  const int bad = !validOp(ta) ? 1 : !validOp(tb) ? 2 : m < 0 ? 3 : n < 0 ? 4 : k < 0 ? 5
                : lda < std::max(1, s.ta ? k : m) ? 8 : ldb < std::max(1, s.tb ? n : k) ? 10 : ldc < std::max(1, m) ? 13 : 0;
  if (bad == 0) return CUBLAS_STATUS_SUCCESS;
  if (blas) {
    printf(" ** On entry to %s  parameter number %d had an illegal value\n", blas, bad);
    fflush(stdout);
  }
  return CUBLAS_STATUS_INVALID_VALUE;
}

/** The whole gemm family: types by tag, `batch` products, scalars already in the compute type. */
template <class Acc>
cublasStatus_t gemmTyped(const GemmShape& s, cudaDataType at, cudaDataType bt, cudaDataType ct, long batch, const void* const* A,
                         const void* const* B, void* const* C, Acc alpha, Acc beta) {
  GemmKernels<Acc> kern{};
  void (*unusedB)(const GemmShape&, const void*, int, int, int, int, Acc*) = nullptr;
  void (*unusedA)(const GemmShape&, const void*, int, int, int, int, Acc*) = nullptr;
  if (!packers<Acc>(at, kern.packA, unusedB) || !packers<Acc>(bt, unusedA, kern.packB) || !storer<Acc>(ct, kern.storeC))
    return CUBLAS_STATUS_NOT_SUPPORTED;
  gemmRun<Acc>(s, kern, batch, A, B, C, alpha, beta);
  return CUBLAS_STATUS_SUCCESS;
}

/** Scalars of a compute type, read where the pointer mode says (both are host-visible here). */
template <class T> double scalar(const void* p) { return double(*static_cast<const T*>(p)); }
double scalarOf(cublasComputeType_t c, const void* p) {
  switch (c) {
    case CUBLAS_COMPUTE_16F: case CUBLAS_COMPUTE_16F_PEDANTIC: return cu2m_h2f(*static_cast<const uint16_t*>(p));
    case CUBLAS_COMPUTE_64F: case CUBLAS_COMPUTE_64F_PEDANTIC: return scalar<double>(p);
    case CUBLAS_COMPUTE_32I: case CUBLAS_COMPUTE_32I_PEDANTIC: return scalar<int32_t>(p);
    default: return scalar<float>(p);
  }
}

/** The type combinations of cublasGemmEx's table (compute type; A and B type; C type). The
    FAST_16F / FAST_16BF / FAST_TF32 compute types are listed for float data only, but an H100 also
    runs them on half and bfloat16 inputs (test/fixtures/cublas/gemmex.cu): they take 32F's rows. */
bool gemmTypesSupported(cublasComputeType_t c, cudaDataType ab, cudaDataType ct) {
  switch (c) {
    case CUBLAS_COMPUTE_16F: case CUBLAS_COMPUTE_16F_PEDANTIC:
      return ab == CUDA_R_16F && ct == CUDA_R_16F;
    case CUBLAS_COMPUTE_32I: case CUBLAS_COMPUTE_32I_PEDANTIC:
      return ab == CUDA_R_8I && ct == CUDA_R_32I;
    case CUBLAS_COMPUTE_32F: case CUBLAS_COMPUTE_32F_PEDANTIC: case CUBLAS_COMPUTE_32F_FAST_16F:
    case CUBLAS_COMPUTE_32F_FAST_16BF: case CUBLAS_COMPUTE_32F_FAST_TF32:
      return (ab == CUDA_R_16BF && (ct == CUDA_R_16BF || ct == CUDA_R_32F)) || (ab == CUDA_R_16F && (ct == CUDA_R_16F || ct == CUDA_R_32F)) ||
             (ab == CUDA_R_8I && ct == CUDA_R_32F) || (ab == CUDA_R_32F && ct == CUDA_R_32F);
    case CUBLAS_COMPUTE_64F: case CUBLAS_COMPUTE_64F_PEDANTIC:
      return ab == CUDA_R_64F && ct == CUDA_R_64F;
    default:
      return false;
  }
}

/** int8 products with compute 32I run on the IMMA kernels, whose documented requirements (regular
    data ordering) are: every matrix pointer 4-byte aligned, lda, ldb, ldc and the dimensions m
    and k multiples of 4. An H100 (CUDA 13) also wants op(A) = T and op(B) = N: it ran only TN of
    m 32, n 20, k 72 and answered CUBLAS_STATUS_NOT_SUPPORTED to NN, NT, TT, to m 33 / k 70, and
    to ld 33 / 73 or a misaligned A (the gpulibs probe); cu2metal answers the same. */
bool immaShapeSupported(cublasOperation_t ta, cublasOperation_t tb, int m, int k, int lda, int ldb, int ldc, long batch, const void* const* A,
                        const void* const* B, void* const* C) {
  if (ta != CUBLAS_OP_T || tb != CUBLAS_OP_N) return false;
  if (m % 4 || k % 4 || lda % 4 || ldb % 4 || ldc % 4) return false;
  for (long i = 0; i < batch; ++i)
    if ((reinterpret_cast<uintptr_t>(A[i]) | reinterpret_cast<uintptr_t>(B[i]) | reinterpret_cast<uintptr_t>(C[i])) % 4) return false;
  return true;
}

cublasStatus_t gemmEx(cublasHandle_t h, cublasOperation_t ta, cublasOperation_t tb, int m, int n, int k, const void* alpha, cudaDataType at,
                      int lda, cudaDataType bt, int ldb, const void* beta, cudaDataType ct, int ldc, cublasComputeType_t compute, long batch,
                      const void* const* A, const void* const* B, void* const* C, const char* blas = nullptr) {
  if (cublasStatus_t st = begin(h)) return st;
  GemmShape s;
  if (cublasStatus_t st = gemmShape(ta, tb, m, n, k, lda, ldb, ldc, s, blas)) return st;
  if (batch < 0 || !alpha || !beta) return CUBLAS_STATUS_INVALID_VALUE;
  if (at != bt || !gemmTypesSupported(compute, at, ct)) return CUBLAS_STATUS_NOT_SUPPORTED;
  if ((compute == CUBLAS_COMPUTE_32I || compute == CUBLAS_COMPUTE_32I_PEDANTIC) && !immaShapeSupported(ta, tb, m, k, lda, ldb, ldc, batch, A, B, C))
    return CUBLAS_STATUS_NOT_SUPPORTED;
  const double a = scalarOf(compute, alpha), b = scalarOf(compute, beta);
  switch (compute) {
    case CUBLAS_COMPUTE_64F: case CUBLAS_COMPUTE_64F_PEDANTIC:
      return gemmTyped<double>(s, at, bt, ct, batch, A, B, C, a, b);
    case CUBLAS_COMPUTE_32I: case CUBLAS_COMPUTE_32I_PEDANTIC:
      return gemmTyped<int32_t>(s, at, bt, ct, batch, A, B, C, int32_t(a), int32_t(b));
    case CUBLAS_COMPUTE_16F: case CUBLAS_COMPUTE_16F_PEDANTIC:
    case CUBLAS_COMPUTE_32F: case CUBLAS_COMPUTE_32F_PEDANTIC: case CUBLAS_COMPUTE_32F_FAST_16F:
    case CUBLAS_COMPUTE_32F_FAST_16BF: case CUBLAS_COMPUTE_32F_FAST_TF32:
      return gemmTyped<float>(s, at, bt, ct, batch, A, B, C, float(a), float(b));
    default:
      return CUBLAS_STATUS_INVALID_VALUE;
  }
}

/** The batch's pointers: `batch` strided views of one base, or the program's array of pointers. */
template <class T> std::vector<const void*> strided(const T* base, long long stride, long batch) {
  std::vector<const void*> v(size_t(std::max(batch, 0L)));
  for (long i = 0; i < batch; ++i) v[size_t(i)] = base + stride * i;
  return v;
}
template <class T> std::vector<void*> stridedOut(T* base, long long stride, long batch) {
  std::vector<void*> v(size_t(std::max(batch, 0L)));
  for (long i = 0; i < batch; ++i) v[size_t(i)] = base + stride * i;
  return v;
}

template <class T> constexpr cudaDataType tagOf() {
  if constexpr (std::is_same_v<T, float>) return CUDA_R_32F;
  else if constexpr (std::is_same_v<T, double>) return CUDA_R_64F;
  else return CUDA_R_16F;
}
template <class T> constexpr cublasComputeType_t computeOf() {
  if constexpr (std::is_same_v<T, float>) return CUBLAS_COMPUTE_32F;
  else if constexpr (std::is_same_v<T, double>) return CUBLAS_COMPUTE_64F;
  else return CUBLAS_COMPUTE_16F;
}

template <class T>
cublasStatus_t gemmPlain(cublasHandle_t h, cublasOperation_t ta, cublasOperation_t tb, int m, int n, int k, const T* alpha, const T* A, int lda,
                         long long sa, const T* B, int ldb, long long sb, const T* beta, T* C, int ldc, long long sc, int batch,
                         const char* blas = nullptr) {
  const std::vector<const void*> a = strided(A, sa, batch), b = strided(B, sb, batch);
  const std::vector<void*> c = stridedOut(C, sc, batch);
  return gemmEx(h, ta, tb, m, n, k, alpha, tagOf<T>(), lda, tagOf<T>(), ldb, beta, tagOf<T>(), ldc, computeOf<T>(), batch, a.data(), b.data(), c.data(),
                blas);
}

template <class T>
cublasStatus_t gemmArray(cublasHandle_t h, cublasOperation_t ta, cublasOperation_t tb, int m, int n, int k, const T* alpha, const T* const A[],
                         int lda, const T* const B[], int ldb, const T* beta, T* const C[], int ldc, int batch) {
  if (batch > 0 && (!A || !B || !C)) return CUBLAS_STATUS_INVALID_VALUE;
  // The arrays live in device memory: read them after the stream's earlier work (gemmEx's begin).
  if (cublasStatus_t st = begin(h)) return st;
  std::vector<const void*> a(A, A + std::max(batch, 0)), b(B, B + std::max(batch, 0));
  std::vector<void*> c(C, C + std::max(batch, 0));
  return gemmEx(h, ta, tb, m, n, k, alpha, tagOf<T>(), lda, tagOf<T>(), ldb, beta, tagOf<T>(), ldc, computeOf<T>(), batch, a.data(), b.data(), c.data());
}

// ---- level 1 --------------------------------------------------------------------------------
template <class T> const T* at(const T* x, int i, int inc, int n) { return x + (inc >= 0 ? long(i) * inc : long(n - 1 - i) * -inc); }

double loadAny(cudaDataType t, const void* p, long i) {
  switch (t) {
    case CUDA_R_16F: return cu2m_h2f(static_cast<const uint16_t*>(p)[i]);
    case CUDA_R_16BF: return cu2m_bf2f(static_cast<const uint16_t*>(p)[i]);
    case CUDA_R_32F: return static_cast<const float*>(p)[i];
    case CUDA_R_64F: return static_cast<const double*>(p)[i];
    default: return 0;
  }
}
void storeAny(cudaDataType t, void* p, double v) {
  switch (t) {
    case CUDA_R_16F: *static_cast<uint16_t*>(p) = cu2m_d2h(v); break;
    case CUDA_R_16BF: *static_cast<uint16_t*>(p) = cu2m_d2bf(v); break;
    case CUDA_R_32F: *static_cast<float*>(p) = float(v); break;
    case CUDA_R_64F: *static_cast<double*>(p) = v; break;
    default: break;
  }
}
bool realFloating(cudaDataType t) { return t == CUDA_R_16F || t == CUDA_R_16BF || t == CUDA_R_32F || t == CUDA_R_64F; }

long elemIndex(int i, int inc, int n) { return inc >= 0 ? long(i) * inc : long(n - 1 - i) * -inc; }

template <class T> cublasStatus_t dot(cublasHandle_t h, int n, const T* x, int incx, const T* y, int incy, T* result) {
  if (cublasStatus_t st = begin(h)) return st;
  if (!result) return CUBLAS_STATUS_INVALID_VALUE;
  double s = 0;
  for (int i = 0; i < n; ++i) s += double(x[elemIndex(i, incx, n)]) * double(y[elemIndex(i, incy, n)]);
  *result = T(s);
  return CUBLAS_STATUS_SUCCESS;
}

template <class T> cublasStatus_t nrm2(cublasHandle_t h, int n, const T* x, int incx, T* result) {
  if (cublasStatus_t st = begin(h)) return st;
  if (!result) return CUBLAS_STATUS_INVALID_VALUE;
  if (n <= 0 || incx <= 0) {
    *result = T(0);
    return CUBLAS_STATUS_SUCCESS;
  }
  // Scaled by the largest magnitude, so that squares neither overflow nor underflow.
  double big = 0;
  for (int i = 0; i < n; ++i) big = std::max(big, std::fabs(double(x[long(i) * incx])));
  if (big == 0 || !std::isfinite(big)) {
    *result = T(big);
    return CUBLAS_STATUS_SUCCESS;
  }
  double s = 0;
  for (int i = 0; i < n; ++i) {
    const double v = double(x[long(i) * incx]) / big;
    s += v * v;
  }
  *result = T(big * std::sqrt(s));
  return CUBLAS_STATUS_SUCCESS;
}

template <class T> cublasStatus_t asum(cublasHandle_t h, int n, const T* x, int incx, T* result) {
  if (cublasStatus_t st = begin(h)) return st;
  if (!result) return CUBLAS_STATUS_INVALID_VALUE;
  double s = 0;
  if (incx > 0)
    for (int i = 0; i < n; ++i) s += std::fabs(double(x[long(i) * incx]));
  *result = T(s);
  return CUBLAS_STATUS_SUCCESS;
}

template <class T> cublasStatus_t axpy(cublasHandle_t h, int n, const T* alpha, const T* x, int incx, T* y, int incy) {
  if (cublasStatus_t st = begin(h)) return st;
  if (!alpha) return CUBLAS_STATUS_INVALID_VALUE;
  const T a = *alpha;
  for (int i = 0; i < n; ++i) {
    T& yi = y[elemIndex(i, incy, n)];
    yi = a * x[elemIndex(i, incx, n)] + yi;
  }
  return CUBLAS_STATUS_SUCCESS;
}

template <class T> cublasStatus_t scal(cublasHandle_t h, int n, const T* alpha, T* x, int incx) {
  if (cublasStatus_t st = begin(h)) return st;
  if (!alpha) return CUBLAS_STATUS_INVALID_VALUE;
  const T a = *alpha;
  if (incx > 0)
    for (int i = 0; i < n; ++i) x[long(i) * incx] *= a;
  return CUBLAS_STATUS_SUCCESS;
}

template <class T> cublasStatus_t copy(cublasHandle_t h, int n, const T* x, int incx, T* y, int incy) {
  if (cublasStatus_t st = begin(h)) return st;
  for (int i = 0; i < n; ++i) y[elemIndex(i, incy, n)] = x[elemIndex(i, incx, n)];
  return CUBLAS_STATUS_SUCCESS;
}

/** 1-based index of the first element of largest (or smallest) magnitude; 0 when n <= 0. */
template <class T> cublasStatus_t iamax(cublasHandle_t h, int n, const T* x, int incx, int* result, bool smallest) {
  if (cublasStatus_t st = begin(h)) return st;
  if (!result) return CUBLAS_STATUS_INVALID_VALUE;
  int best = 0;
  if (n > 0 && incx > 0) {
    T bv = std::fabs(x[0]);
    best = 1;
    for (int i = 1; i < n; ++i) {
      const T v = std::fabs(x[long(i) * incx]);
      if (smallest ? v < bv : v > bv) {
        bv = v;
        best = i + 1;
      }
    }
  }
  *result = best;
  return CUBLAS_STATUS_SUCCESS;
}

// ---- level 2 --------------------------------------------------------------------------------
template <class T>
cublasStatus_t gemv(cublasHandle_t h, cublasOperation_t trans, int m, int n, const T* alpha, const T* A, int lda, const T* x, int incx,
                    const T* beta, T* y, int incy) {
  if (cublasStatus_t st = begin(h)) return st;
  if (!validOp(trans) || m < 0 || n < 0 || lda < std::max(1, m) || incx == 0 || incy == 0 || !alpha || !beta) return CUBLAS_STATUS_INVALID_VALUE;
  const T a = *alpha, b = *beta;
  const bool t = trans != CUBLAS_OP_N;
  const int leny = t ? n : m, lenx = t ? m : n;
  std::vector<T> sum(size_t(leny), T(0));
  if (!t) {
    for (int j = 0; j < n; ++j) {
      const T xj = x[elemIndex(j, incx, lenx)];
      const T* col = A + size_t(j) * lda;
      for (int i = 0; i < m; ++i) sum[size_t(i)] += col[i] * xj;
    }
  } else {
    parallelFor(n, workers(2.0 * m * n), [&](long j) {
      const T* col = A + size_t(j) * lda;
      T s = 0;
      for (int i = 0; i < m; ++i) s += col[i] * x[elemIndex(i, incx, lenx)];
      sum[size_t(j)] = s;
    });
  }
  for (int i = 0; i < leny; ++i) {
    T& yi = y[elemIndex(i, incy, leny)];
    yi = b == T(0) ? a * sum[size_t(i)] : a * sum[size_t(i)] + b * yi;
  }
  return CUBLAS_STATUS_SUCCESS;
}

// ---- geam -------------------------------------------------------------------------------------
template <class T>
cublasStatus_t geam(cublasHandle_t h, cublasOperation_t ta, cublasOperation_t tb, int m, int n, const T* alpha, const T* A, int lda, const T* beta,
                    const T* B, int ldb, T* C, int ldc) {
  if (cublasStatus_t st = begin(h)) return st;
  if (!validOp(ta) || !validOp(tb) || m < 0 || n < 0 || !alpha || !beta || ldc < std::max(1, m)) return CUBLAS_STATUS_INVALID_VALUE;
  const bool tA = ta != CUBLAS_OP_N, tB = tb != CUBLAS_OP_N;
  const T a = *alpha, b = *beta;
  if ((a != T(0) && lda < std::max(1, tA ? n : m)) || (b != T(0) && ldb < std::max(1, tB ? n : m))) return CUBLAS_STATUS_INVALID_VALUE;
  // In place (C == A or C == B) is allowed with that operand not transposed; a transposed alias
  // would read what it already wrote, so such a call goes through a copy.
  const bool alias = (C == A && tA) || (C == B && tB);
  std::vector<T> tmp(alias ? size_t(m) * n : 0);
  T* out = alias ? tmp.data() : C;
  const int ldo = alias ? m : ldc;
  parallelFor(n, workers(2.0 * m * n), [&](long j) {
    for (int i = 0; i < m; ++i) {
      T v = T(0);
      if (a != T(0)) v = a * (tA ? A[size_t(i) * lda + j] : A[size_t(j) * lda + i]);
      if (b != T(0)) v = v + b * (tB ? B[size_t(i) * ldb + j] : B[size_t(j) * ldb + i]);
      out[size_t(j) * ldo + i] = v;
    }
  });
  if (alias)
    for (int j = 0; j < n; ++j) std::memcpy(C + size_t(j) * ldc, out + size_t(j) * m, sizeof(T) * size_t(m));
  return CUBLAS_STATUS_SUCCESS;
}

// ---- getrf / gels ----------------------------------------------------------------------------
template <class T> double mag(const T& v) { return std::abs(v); }
template <class T> T conjOf(const T& v) {
  if constexpr (std::is_arithmetic_v<T>) return v;
  else return std::conj(v);
}

/** LU of one n × n matrix, with partial pivoting when piv != NULL (1-based rows, as LAPACK). */
template <class T> int luOne(int n, T* A, int lda, int* piv) {
  int info = 0;
  for (int c = 0; c < n; ++c) {
    int p = c;
    if (piv) {
      for (int r = c + 1; r < n; ++r)
        if (mag(A[size_t(c) * lda + r]) > mag(A[size_t(c) * lda + p])) p = r;
      piv[c] = p + 1;
      if (p != c)
        for (int j = 0; j < n; ++j) std::swap(A[size_t(j) * lda + c], A[size_t(j) * lda + p]);
    }
    const T d = A[size_t(c) * lda + c];
    if (d == T(0)) {
      if (!info) info = c + 1;
      continue;
    }
    for (int r = c + 1; r < n; ++r) A[size_t(c) * lda + r] /= d;
    for (int j = c + 1; j < n; ++j) {
      const T u = A[size_t(j) * lda + c];
      if (u == T(0)) continue;
      T* col = A + size_t(j) * lda;
      const T* l = A + size_t(c) * lda;
      for (int r = c + 1; r < n; ++r) col[r] -= l[r] * u;
    }
  }
  return info;
}

template <class T> cublasStatus_t getrfBatched(cublasHandle_t h, int n, T* const A[], int lda, int* P, int* info, int batch) {
  if (cublasStatus_t st = begin(h)) return st;
  if (n < 0 || lda < std::max(1, n) || batch < 0 || !info || (batch > 0 && !A)) return CUBLAS_STATUS_INVALID_VALUE;
  parallelFor(batch, workers(double(n) * n * n * batch), [&](long b) { info[b] = luOne(n, A[b], lda, P ? P + size_t(b) * n : nullptr); });
  return CUBLAS_STATUS_SUCCESS;
}

/**
 * Least squares min ||A x - C|| of one m × n matrix (m >= n) by Householder QR: A is overwritten
 * with R and the reflectors, the first n rows of each column of C with the solution. Returns 0, or
 * the 1-based index of a zero diagonal element of R (then C is left as Q^H C).
 */
template <class T> int gelsOne(int m, int n, int nrhs, T* A, int lda, T* C, int ldc) {
  for (int c = 0; c < n; ++c) {
    T* col = A + size_t(c) * lda;
    double norm = 0;
    for (int r = c; r < m; ++r) norm += mag(col[r]) * mag(col[r]);
    norm = std::sqrt(norm);
    if (norm == 0) continue;
    const T x0 = col[c];
    const T alpha = mag(x0) == 0 ? T(-norm) : T(-(x0 / T(mag(x0))) * T(norm));
    // v = x - alpha e1, H = I - 2 v v^H / (v^H v)
    col[c] = x0 - alpha;
    double vv = 0;
    for (int r = c; r < m; ++r) vv += mag(col[r]) * mag(col[r]);
    auto apply = [&](T* y) {
      T s = T(0);
      for (int r = c; r < m; ++r) s += conjOf(col[r]) * y[r];
      const T f = T(2) * s / T(vv);
      for (int r = c; r < m; ++r) y[r] -= f * col[r];
    };
    for (int j = c + 1; j < n; ++j) apply(A + size_t(j) * lda);
    for (int j = 0; j < nrhs; ++j) apply(C + size_t(j) * ldc);
    // Keep R's diagonal in place of the reflector's first element (the reflector is not needed later).
    col[c] = alpha;
    for (int r = c + 1; r < m; ++r) col[r] = T(0);
  }
  for (int c = 0; c < n; ++c)
    if (A[size_t(c) * lda + c] == T(0)) return c + 1;
  for (int j = 0; j < nrhs; ++j) {
    T* x = C + size_t(j) * ldc;
    for (int r = n - 1; r >= 0; --r) {
      T s = x[r];
      for (int q = r + 1; q < n; ++q) s -= A[size_t(q) * lda + r] * x[q];
      x[r] = s / A[size_t(r) * lda + r];
    }
  }
  return 0;
}

template <class T, class U>
cublasStatus_t gelsBatched(cublasHandle_t h, cublasOperation_t trans, int m, int n, int nrhs, U* const Aarray[], int lda, U* const Carray[], int ldc,
                           int* info, int* devInfo, int batch) {
  if (cublasStatus_t st = begin(h)) return st;
  if (!info) return CUBLAS_STATUS_INVALID_VALUE;
  // The documented parameter checks, reported through *info as -(index of the parameter).
  int bad = 0;
  if (trans != CUBLAS_OP_N) bad = -1;
  else if (m < 0) bad = -2;
  else if (n < 0 || n > m) bad = -3;
  else if (nrhs < 0) bad = -4;
  else if (lda < std::max(1, m)) bad = -6;
  else if (ldc < std::max(1, m)) bad = -8;
  else if (batch < 0) bad = -11;
  *info = bad;
  if (bad) return CUBLAS_STATUS_INVALID_VALUE;
  parallelFor(batch, workers(2.0 * m * n * n * batch), [&](long b) {
    const int r = gelsOne<T>(m, n, nrhs, reinterpret_cast<T*>(Aarray[b]), lda, reinterpret_cast<T*>(Carray[b]), ldc);
    if (devInfo) devInfo[b] = r;
  });
  return CUBLAS_STATUS_SUCCESS;
}

cublasStatus_t copyMatrix(int rows, int cols, int elemSize, const void* A, int lda, void* B, int ldb) {
  if (rows < 0 || cols < 0 || elemSize <= 0 || lda <= 0 || ldb <= 0 || lda < rows || ldb < rows) return CUBLAS_STATUS_INVALID_VALUE;
  const char* src = static_cast<const char*>(A);
  char* dst = static_cast<char*>(B);
  for (int j = 0; j < cols; ++j) std::memcpy(dst + size_t(j) * ldb * elemSize, src + size_t(j) * lda * elemSize, size_t(rows) * elemSize);
  return CUBLAS_STATUS_SUCCESS;
}

cublasStatus_t copyVector(int n, int elemSize, const void* x, int incx, void* y, int incy) {
  if (n < 0 || elemSize <= 0 || incx <= 0 || incy <= 0) return CUBLAS_STATUS_INVALID_VALUE;
  const char* src = static_cast<const char*>(x);
  char* dst = static_cast<char*>(y);
  for (int i = 0; i < n; ++i) std::memcpy(dst + size_t(i) * incy * elemSize, src + size_t(i) * incx * elemSize, size_t(elemSize));
  return CUBLAS_STATUS_SUCCESS;
}

}  // namespace

// ---- the API ----------------------------------------------------------------------------------
cublasStatus_t cublasCreate(cublasHandle_t* handle) {
  if (!handle) return CUBLAS_STATUS_INVALID_VALUE;
  *handle = new cublasContext();
  return CUBLAS_STATUS_SUCCESS;
}
cublasStatus_t cublasDestroy(cublasHandle_t handle) {
  if (!handle) return CUBLAS_STATUS_NOT_INITIALIZED;
  // The handle's queued work finishes first, as cublasDestroy synchronizes.
  cudaStreamSynchronize(handle->stream);
  delete handle;
  return CUBLAS_STATUS_SUCCESS;
}
cublasStatus_t cublasGetVersion(cublasHandle_t handle, int* version) {
  if (!handle) return CUBLAS_STATUS_NOT_INITIALIZED;
  if (!version) return CUBLAS_STATUS_INVALID_VALUE;
  *version = CUBLAS_VERSION;
  return CUBLAS_STATUS_SUCCESS;
}
cublasStatus_t cublasSetStream(cublasHandle_t handle, cudaStream_t streamId) {
  if (!handle) return CUBLAS_STATUS_NOT_INITIALIZED;
  handle->stream = streamId;
  return CUBLAS_STATUS_SUCCESS;
}
cublasStatus_t cublasGetStream(cublasHandle_t handle, cudaStream_t* streamId) {
  if (!handle) return CUBLAS_STATUS_NOT_INITIALIZED;
  if (!streamId) return CUBLAS_STATUS_INVALID_VALUE;
  *streamId = handle->stream;
  return CUBLAS_STATUS_SUCCESS;
}
cublasStatus_t cublasSetPointerMode(cublasHandle_t handle, cublasPointerMode_t mode) {
  if (!handle) return CUBLAS_STATUS_NOT_INITIALIZED;
  if (mode != CUBLAS_POINTER_MODE_HOST && mode != CUBLAS_POINTER_MODE_DEVICE) return CUBLAS_STATUS_INVALID_VALUE;
  handle->pointerMode = mode;
  return CUBLAS_STATUS_SUCCESS;
}
cublasStatus_t cublasGetPointerMode(cublasHandle_t handle, cublasPointerMode_t* mode) {
  if (!handle) return CUBLAS_STATUS_NOT_INITIALIZED;
  if (!mode) return CUBLAS_STATUS_INVALID_VALUE;
  *mode = handle->pointerMode;
  return CUBLAS_STATUS_SUCCESS;
}
cublasStatus_t cublasSetMathMode(cublasHandle_t handle, cublasMath_t mode) {
  if (!handle) return CUBLAS_STATUS_NOT_INITIALIZED;
  handle->mathMode = mode;  // every mode computes in the documented compute type here
  return CUBLAS_STATUS_SUCCESS;
}
cublasStatus_t cublasGetMathMode(cublasHandle_t handle, cublasMath_t* mode) {
  if (!handle) return CUBLAS_STATUS_NOT_INITIALIZED;
  if (!mode) return CUBLAS_STATUS_INVALID_VALUE;
  *mode = handle->mathMode;
  return CUBLAS_STATUS_SUCCESS;
}
cublasStatus_t cublasSetAtomicsMode(cublasHandle_t handle, cublasAtomicsMode_t mode) {
  if (!handle) return CUBLAS_STATUS_NOT_INITIALIZED;
  handle->atomicsMode = mode;
  return CUBLAS_STATUS_SUCCESS;
}
cublasStatus_t cublasGetAtomicsMode(cublasHandle_t handle, cublasAtomicsMode_t* mode) {
  if (!handle) return CUBLAS_STATUS_NOT_INITIALIZED;
  if (!mode) return CUBLAS_STATUS_INVALID_VALUE;
  *mode = handle->atomicsMode;
  return CUBLAS_STATUS_SUCCESS;
}
cublasStatus_t cublasSetWorkspace(cublasHandle_t handle, void*, size_t) {
  return handle ? CUBLAS_STATUS_SUCCESS : CUBLAS_STATUS_NOT_INITIALIZED;
}

const char* cublasGetStatusName(cublasStatus_t status) {
  switch (status) {
    case CUBLAS_STATUS_SUCCESS: return "CUBLAS_STATUS_SUCCESS";
    case CUBLAS_STATUS_NOT_INITIALIZED: return "CUBLAS_STATUS_NOT_INITIALIZED";
    case CUBLAS_STATUS_ALLOC_FAILED: return "CUBLAS_STATUS_ALLOC_FAILED";
    case CUBLAS_STATUS_INVALID_VALUE: return "CUBLAS_STATUS_INVALID_VALUE";
    case CUBLAS_STATUS_ARCH_MISMATCH: return "CUBLAS_STATUS_ARCH_MISMATCH";
    case CUBLAS_STATUS_MAPPING_ERROR: return "CUBLAS_STATUS_MAPPING_ERROR";
    case CUBLAS_STATUS_EXECUTION_FAILED: return "CUBLAS_STATUS_EXECUTION_FAILED";
    case CUBLAS_STATUS_INTERNAL_ERROR: return "CUBLAS_STATUS_INTERNAL_ERROR";
    case CUBLAS_STATUS_NOT_SUPPORTED: return "CUBLAS_STATUS_NOT_SUPPORTED";
    case CUBLAS_STATUS_LICENSE_ERROR: return "CUBLAS_STATUS_LICENSE_ERROR";
  }
  return "CUBLAS_STATUS_UNKNOWN";
}
const char* cublasGetStatusString(cublasStatus_t status) {
  switch (status) {
    case CUBLAS_STATUS_SUCCESS: return "success";
    case CUBLAS_STATUS_NOT_INITIALIZED: return "the library was not initialized";
    case CUBLAS_STATUS_ALLOC_FAILED: return "the resource allocation failed";
    case CUBLAS_STATUS_INVALID_VALUE: return "an invalid numeric value was used as an argument";
    case CUBLAS_STATUS_ARCH_MISMATCH: return "an absent device architectural feature is required";
    case CUBLAS_STATUS_MAPPING_ERROR: return "an access to GPU memory space failed";
    case CUBLAS_STATUS_EXECUTION_FAILED: return "the GPU program failed to execute";
    case CUBLAS_STATUS_INTERNAL_ERROR: return "an internal operation failed";
    case CUBLAS_STATUS_NOT_SUPPORTED: return "the functionality requested is not supported";
    case CUBLAS_STATUS_LICENSE_ERROR: return "error detected trying to check the license";
  }
  return "unknown error";
}

cublasStatus_t cublasSetVector(int n, int elemSize, const void* x, int incx, void* y, int incy) { return copyVector(n, elemSize, x, incx, y, incy); }
cublasStatus_t cublasGetVector(int n, int elemSize, const void* x, int incx, void* y, int incy) {
  // Device → host: after the device's queued work, as a cudaMemcpy would be.
  if (cudaDeviceSynchronize() != cudaSuccess) return CUBLAS_STATUS_MAPPING_ERROR;
  return copyVector(n, elemSize, x, incx, y, incy);
}
cublasStatus_t cublasSetMatrix(int rows, int cols, int elemSize, const void* A, int lda, void* B, int ldb) {
  if (cudaDeviceSynchronize() != cudaSuccess) return CUBLAS_STATUS_MAPPING_ERROR;
  return copyMatrix(rows, cols, elemSize, A, lda, B, ldb);
}
cublasStatus_t cublasGetMatrix(int rows, int cols, int elemSize, const void* A, int lda, void* B, int ldb) {
  if (cudaDeviceSynchronize() != cudaSuccess) return CUBLAS_STATUS_MAPPING_ERROR;
  return copyMatrix(rows, cols, elemSize, A, lda, B, ldb);
}
cublasStatus_t cublasSetVectorAsync(int n, int elemSize, const void* x, int incx, void* y, int incy, cudaStream_t stream) {
  if (cudaStreamSynchronize(stream) != cudaSuccess) return CUBLAS_STATUS_MAPPING_ERROR;
  return copyVector(n, elemSize, x, incx, y, incy);
}
cublasStatus_t cublasGetVectorAsync(int n, int elemSize, const void* x, int incx, void* y, int incy, cudaStream_t stream) {
  if (cudaStreamSynchronize(stream) != cudaSuccess) return CUBLAS_STATUS_MAPPING_ERROR;
  return copyVector(n, elemSize, x, incx, y, incy);
}
cublasStatus_t cublasSetMatrixAsync(int rows, int cols, int elemSize, const void* A, int lda, void* B, int ldb, cudaStream_t stream) {
  if (cudaStreamSynchronize(stream) != cudaSuccess) return CUBLAS_STATUS_MAPPING_ERROR;
  return copyMatrix(rows, cols, elemSize, A, lda, B, ldb);
}
cublasStatus_t cublasGetMatrixAsync(int rows, int cols, int elemSize, const void* A, int lda, void* B, int ldb, cudaStream_t stream) {
  if (cudaStreamSynchronize(stream) != cudaSuccess) return CUBLAS_STATUS_MAPPING_ERROR;
  return copyMatrix(rows, cols, elemSize, A, lda, B, ldb);
}

cublasStatus_t cublasSdot(cublasHandle_t h, int n, const float* x, int incx, const float* y, int incy, float* r) { return dot(h, n, x, incx, y, incy, r); }
cublasStatus_t cublasDdot(cublasHandle_t h, int n, const double* x, int incx, const double* y, int incy, double* r) { return dot(h, n, x, incx, y, incy, r); }
cublasStatus_t cublasDotEx(cublasHandle_t h, int n, const void* x, cudaDataType xType, int incx, const void* y, cudaDataType yType, int incy,
                           void* result, cudaDataType resultType, cudaDataType executionType) {
  if (cublasStatus_t st = begin(h)) return st;
  if (!result) return CUBLAS_STATUS_INVALID_VALUE;
  // cublasDotEx's table: x, y and the result of one type, executed in float (half, bfloat16,
  // float) or double (double). Anything else (a half dot product into a float, say) is
  // CUBLAS_STATUS_NOT_SUPPORTED, as an H100 answers (test/fixtures/cublas/level1.cu).
  if (!realFloating(xType) || yType != xType || resultType != xType || executionType != (xType == CUDA_R_64F ? CUDA_R_64F : CUDA_R_32F))
    return CUBLAS_STATUS_NOT_SUPPORTED;
  double s = 0;
  for (int i = 0; i < n; ++i) s += loadAny(xType, x, elemIndex(i, incx, n)) * loadAny(yType, y, elemIndex(i, incy, n));
  storeAny(resultType, result, s);
  return CUBLAS_STATUS_SUCCESS;
}
cublasStatus_t cublasSnrm2(cublasHandle_t h, int n, const float* x, int incx, float* r) { return nrm2(h, n, x, incx, r); }
cublasStatus_t cublasDnrm2(cublasHandle_t h, int n, const double* x, int incx, double* r) { return nrm2(h, n, x, incx, r); }
cublasStatus_t cublasSasum(cublasHandle_t h, int n, const float* x, int incx, float* r) { return asum(h, n, x, incx, r); }
cublasStatus_t cublasDasum(cublasHandle_t h, int n, const double* x, int incx, double* r) { return asum(h, n, x, incx, r); }
cublasStatus_t cublasSaxpy(cublasHandle_t h, int n, const float* a, const float* x, int incx, float* y, int incy) { return axpy(h, n, a, x, incx, y, incy); }
cublasStatus_t cublasDaxpy(cublasHandle_t h, int n, const double* a, const double* x, int incx, double* y, int incy) { return axpy(h, n, a, x, incx, y, incy); }
cublasStatus_t cublasSscal(cublasHandle_t h, int n, const float* a, float* x, int incx) { return scal(h, n, a, x, incx); }
cublasStatus_t cublasDscal(cublasHandle_t h, int n, const double* a, double* x, int incx) { return scal(h, n, a, x, incx); }
cublasStatus_t cublasScopy(cublasHandle_t h, int n, const float* x, int incx, float* y, int incy) { return copy(h, n, x, incx, y, incy); }
cublasStatus_t cublasDcopy(cublasHandle_t h, int n, const double* x, int incx, double* y, int incy) { return copy(h, n, x, incx, y, incy); }
cublasStatus_t cublasIsamax(cublasHandle_t h, int n, const float* x, int incx, int* r) { return iamax(h, n, x, incx, r, false); }
cublasStatus_t cublasIdamax(cublasHandle_t h, int n, const double* x, int incx, int* r) { return iamax(h, n, x, incx, r, false); }
cublasStatus_t cublasIsamin(cublasHandle_t h, int n, const float* x, int incx, int* r) { return iamax(h, n, x, incx, r, true); }
cublasStatus_t cublasIdamin(cublasHandle_t h, int n, const double* x, int incx, int* r) { return iamax(h, n, x, incx, r, true); }

cublasStatus_t cublasSgemv(cublasHandle_t h, cublasOperation_t t, int m, int n, const float* alpha, const float* A, int lda, const float* x,
                           int incx, const float* beta, float* y, int incy) {
  return gemv(h, t, m, n, alpha, A, lda, x, incx, beta, y, incy);
}
cublasStatus_t cublasDgemv(cublasHandle_t h, cublasOperation_t t, int m, int n, const double* alpha, const double* A, int lda, const double* x,
                           int incx, const double* beta, double* y, int incy) {
  return gemv(h, t, m, n, alpha, A, lda, x, incx, beta, y, incy);
}

cublasStatus_t cublasSgemm(cublasHandle_t h, cublasOperation_t ta, cublasOperation_t tb, int m, int n, int k, const float* alpha, const float* A,
                           int lda, const float* B, int ldb, const float* beta, float* C, int ldc) {
  return gemmPlain(h, ta, tb, m, n, k, alpha, A, lda, 0, B, ldb, 0, beta, C, ldc, 0, 1, "SGEMM");
}
cublasStatus_t cublasDgemm(cublasHandle_t h, cublasOperation_t ta, cublasOperation_t tb, int m, int n, int k, const double* alpha, const double* A,
                           int lda, const double* B, int ldb, const double* beta, double* C, int ldc) {
  return gemmPlain(h, ta, tb, m, n, k, alpha, A, lda, 0, B, ldb, 0, beta, C, ldc, 0, 1, "DGEMM");
}
cublasStatus_t cublasHgemm(cublasHandle_t h, cublasOperation_t ta, cublasOperation_t tb, int m, int n, int k, const __half* alpha, const __half* A,
                           int lda, const __half* B, int ldb, const __half* beta, __half* C, int ldc) {
  return gemmPlain(h, ta, tb, m, n, k, alpha, A, lda, 0, B, ldb, 0, beta, C, ldc, 0, 1);
}
cublasStatus_t cublasSgemmBatched(cublasHandle_t h, cublasOperation_t ta, cublasOperation_t tb, int m, int n, int k, const float* alpha,
                                  const float* const A[], int lda, const float* const B[], int ldb, const float* beta, float* const C[], int ldc,
                                  int batch) {
  return gemmArray(h, ta, tb, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc, batch);
}
cublasStatus_t cublasDgemmBatched(cublasHandle_t h, cublasOperation_t ta, cublasOperation_t tb, int m, int n, int k, const double* alpha,
                                  const double* const A[], int lda, const double* const B[], int ldb, const double* beta, double* const C[],
                                  int ldc, int batch) {
  return gemmArray(h, ta, tb, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc, batch);
}
cublasStatus_t cublasHgemmBatched(cublasHandle_t h, cublasOperation_t ta, cublasOperation_t tb, int m, int n, int k, const __half* alpha,
                                  const __half* const A[], int lda, const __half* const B[], int ldb, const __half* beta, __half* const C[],
                                  int ldc, int batch) {
  return gemmArray(h, ta, tb, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc, batch);
}
cublasStatus_t cublasSgemmStridedBatched(cublasHandle_t h, cublasOperation_t ta, cublasOperation_t tb, int m, int n, int k, const float* alpha,
                                         const float* A, int lda, long long sa, const float* B, int ldb, long long sb, const float* beta,
                                         float* C, int ldc, long long sc, int batch) {
  return gemmPlain(h, ta, tb, m, n, k, alpha, A, lda, sa, B, ldb, sb, beta, C, ldc, sc, batch);
}
cublasStatus_t cublasDgemmStridedBatched(cublasHandle_t h, cublasOperation_t ta, cublasOperation_t tb, int m, int n, int k, const double* alpha,
                                         const double* A, int lda, long long sa, const double* B, int ldb, long long sb, const double* beta,
                                         double* C, int ldc, long long sc, int batch) {
  return gemmPlain(h, ta, tb, m, n, k, alpha, A, lda, sa, B, ldb, sb, beta, C, ldc, sc, batch);
}
cublasStatus_t cublasHgemmStridedBatched(cublasHandle_t h, cublasOperation_t ta, cublasOperation_t tb, int m, int n, int k, const __half* alpha,
                                         const __half* A, int lda, long long sa, const __half* B, int ldb, long long sb, const __half* beta,
                                         __half* C, int ldc, long long sc, int batch) {
  return gemmPlain(h, ta, tb, m, n, k, alpha, A, lda, sa, B, ldb, sb, beta, C, ldc, sc, batch);
}
cublasStatus_t cublasGemmEx(cublasHandle_t h, cublasOperation_t ta, cublasOperation_t tb, int m, int n, int k, const void* alpha, const void* A,
                            cudaDataType at, int lda, const void* B, cudaDataType bt, int ldb, const void* beta, void* C, cudaDataType ct, int ldc,
                            cublasComputeType_t compute, cublasGemmAlgo_t) {
  return gemmEx(h, ta, tb, m, n, k, alpha, at, lda, bt, ldb, beta, ct, ldc, compute, 1, &A, &B, &C);
}
cublasStatus_t cublasGemmBatchedEx(cublasHandle_t h, cublasOperation_t ta, cublasOperation_t tb, int m, int n, int k, const void* alpha,
                                   const void* const A[], cudaDataType at, int lda, const void* const B[], cudaDataType bt, int ldb,
                                   const void* beta, void* const C[], cudaDataType ct, int ldc, int batch, cublasComputeType_t compute,
                                   cublasGemmAlgo_t) {
  if (batch > 0 && (!A || !B || !C)) return CUBLAS_STATUS_INVALID_VALUE;
  if (cublasStatus_t st = begin(h)) return st;
  return gemmEx(h, ta, tb, m, n, k, alpha, at, lda, bt, ldb, beta, ct, ldc, compute, batch, A, B, C);
}
namespace {
size_t sizeOfType(cudaDataType t) {
  switch (t) {
    case CUDA_R_8I: case CUDA_R_8U: return 1;
    case CUDA_R_16F: case CUDA_R_16BF: return 2;
    case CUDA_R_32F: case CUDA_R_32I: return 4;
    case CUDA_R_64F: return 8;
    default: return 0;
  }
}
}  // namespace
cublasStatus_t cublasGemmStridedBatchedEx(cublasHandle_t h, cublasOperation_t ta, cublasOperation_t tb, int m, int n, int k, const void* alpha,
                                          const void* A, cudaDataType at, int lda, long long sa, const void* B, cudaDataType bt, int ldb,
                                          long long sb, const void* beta, void* C, cudaDataType ct, int ldc, long long sc, int batch,
                                          cublasComputeType_t compute, cublasGemmAlgo_t) {
  const size_t ea = sizeOfType(at), eb = sizeOfType(bt), ec = sizeOfType(ct);
  if (!ea || !eb || !ec) return CUBLAS_STATUS_NOT_SUPPORTED;
  const std::vector<const void*> a = strided(static_cast<const char*>(A), sa * (long long)ea, batch);
  const std::vector<const void*> b = strided(static_cast<const char*>(B), sb * (long long)eb, batch);
  const std::vector<void*> c = stridedOut(static_cast<char*>(C), sc * (long long)ec, batch);
  return gemmEx(h, ta, tb, m, n, k, alpha, at, lda, bt, ldb, beta, ct, ldc, compute, batch, a.data(), b.data(), c.data());
}

cublasStatus_t cublasSgeam(cublasHandle_t h, cublasOperation_t ta, cublasOperation_t tb, int m, int n, const float* alpha, const float* A, int lda,
                           const float* beta, const float* B, int ldb, float* C, int ldc) {
  return geam(h, ta, tb, m, n, alpha, A, lda, beta, B, ldb, C, ldc);
}
cublasStatus_t cublasDgeam(cublasHandle_t h, cublasOperation_t ta, cublasOperation_t tb, int m, int n, const double* alpha, const double* A,
                           int lda, const double* beta, const double* B, int ldb, double* C, int ldc) {
  return geam(h, ta, tb, m, n, alpha, A, lda, beta, B, ldb, C, ldc);
}
cublasStatus_t cublasSgetrfBatched(cublasHandle_t h, int n, float* const A[], int lda, int* P, int* info, int batch) {
  return getrfBatched(h, n, A, lda, P, info, batch);
}
cublasStatus_t cublasDgetrfBatched(cublasHandle_t h, int n, double* const A[], int lda, int* P, int* info, int batch) {
  return getrfBatched(h, n, A, lda, P, info, batch);
}
cublasStatus_t cublasSgelsBatched(cublasHandle_t h, cublasOperation_t t, int m, int n, int nrhs, float* const A[], int lda, float* const C[], int ldc,
                                  int* info, int* devInfo, int batch) {
  return gelsBatched<float>(h, t, m, n, nrhs, A, lda, C, ldc, info, devInfo, batch);
}
cublasStatus_t cublasDgelsBatched(cublasHandle_t h, cublasOperation_t t, int m, int n, int nrhs, double* const A[], int lda, double* const C[],
                                  int ldc, int* info, int* devInfo, int batch) {
  return gelsBatched<double>(h, t, m, n, nrhs, A, lda, C, ldc, info, devInfo, batch);
}
cublasStatus_t cublasCgelsBatched(cublasHandle_t h, cublasOperation_t t, int m, int n, int nrhs, cuComplex* const A[], int lda, cuComplex* const C[],
                                  int ldc, int* info, int* devInfo, int batch) {
  return gelsBatched<std::complex<float>>(h, t, m, n, nrhs, A, lda, C, ldc, info, devInfo, batch);
}
cublasStatus_t cublasZgelsBatched(cublasHandle_t h, cublasOperation_t t, int m, int n, int nrhs, cuDoubleComplex* const A[], int lda,
                                  cuDoubleComplex* const C[], int ldc, int* info, int* devInfo, int batch) {
  return gelsBatched<std::complex<double>>(h, t, m, n, nrhs, A, lda, C, ldc, info, devInfo, batch);
}

// ---- cuBLASLt (native/include/cublasLt.h) ------------------------------------------------------
// cublasLtMatmul: D = epilogue(alpha · op(A) · op(B) + beta · C), through the gemm engine above (same
// accumulation order), batches from the layouts. Descriptors live in the opaque storage of the
// header's types, so the *Init forms (storage the program declared) and *Create forms share code.
struct cublasLtContext {
  int unused = 0;
};

namespace {
struct LtDesc {
  cublasComputeType_t compute;
  cudaDataType scale;
  cublasOperation_t transa, transb;
  cublasLtEpilogue_t epilogue;
  const void* bias;
  cudaDataType biasType;
  bool biasTypeSet;
};
struct LtLayout {
  cudaDataType type;
  uint64_t rows, cols;
  int64_t ld;
  int32_t order;
  int32_t batch;
  int64_t stride;
};
struct LtPref {
  uint64_t maxWorkspace;
};
static_assert(sizeof(LtDesc) <= sizeof(cublasLtMatmulDescOpaque_t), "LtDesc fits the opaque descriptor");
static_assert(sizeof(LtLayout) <= sizeof(cublasLtMatrixLayoutOpaque_t), "LtLayout fits the opaque layout");
static_assert(sizeof(LtPref) <= sizeof(cublasLtMatmulPreferenceOpaque_t), "LtPref fits the opaque preference");

LtDesc* desc(cublasLtMatmulDesc_t d) { return reinterpret_cast<LtDesc*>(d); }
LtLayout* layout(cublasLtMatrixLayout_t l) { return reinterpret_cast<LtLayout*>(l); }

template <class T> bool setField(T& field, const void* buf, size_t size) {
  if (!buf || size != sizeof(T)) return false;
  std::memcpy(&field, buf, sizeof(T));
  return true;
}

// The tanh form of GELU, as cuBLASLt's GELU epilogues compute it.
double gelu(double x) { return 0.5 * x * (1.0 + std::tanh(0.7978845608028654 * (x + 0.044715 * x * x * x))); }

void epilogue(const LtDesc& d, const LtLayout& D, void* base) {
  const bool bias = d.epilogue == CUBLASLT_EPILOGUE_BIAS || d.epilogue == CUBLASLT_EPILOGUE_RELU_BIAS || d.epilogue == CUBLASLT_EPILOGUE_GELU_BIAS;
  const bool relu = d.epilogue == CUBLASLT_EPILOGUE_RELU || d.epilogue == CUBLASLT_EPILOGUE_RELU_BIAS;
  const bool gel = d.epilogue == CUBLASLT_EPILOGUE_GELU || d.epilogue == CUBLASLT_EPILOGUE_GELU_BIAS;
  if (!bias && !relu && !gel) return;
  const cudaDataType bt = d.biasTypeSet ? d.biasType : D.type;
  const size_t es = sizeOfType(D.type);
  for (int32_t b = 0; b < std::max(D.batch, 1); ++b)
    for (uint64_t j = 0; j < D.cols; ++j)
      for (uint64_t i = 0; i < D.rows; ++i) {
        char* p = static_cast<char*>(base) + (size_t(b) * D.stride + j * D.ld + i) * es;
        double v = loadAny(D.type, p, 0);
        if (bias) v += loadAny(bt, d.bias, long(i));
        if (relu) v = v > 0 ? v : 0;
        if (gel) v = gelu(v);
        storeAny(D.type, p, v);
      }
}
}  // namespace

cublasStatus_t cublasLtCreate(cublasLtHandle_t* h) {
  if (!h) return CUBLAS_STATUS_INVALID_VALUE;
  *h = new cublasLtContext();
  return CUBLAS_STATUS_SUCCESS;
}
cublasStatus_t cublasLtDestroy(cublasLtHandle_t h) {
  if (!h) return CUBLAS_STATUS_NOT_INITIALIZED;
  delete h;
  return CUBLAS_STATUS_SUCCESS;
}
size_t cublasLtGetVersion(void) { return CUBLAS_VERSION; }

cublasStatus_t cublasLtMatmulDescInit(cublasLtMatmulDesc_t d, cublasComputeType_t compute, cudaDataType_t scale) {
  if (!d) return CUBLAS_STATUS_INVALID_VALUE;
  std::memset(d, 0, sizeof(*d));
  *desc(d) = LtDesc{compute, scale, CUBLAS_OP_N, CUBLAS_OP_N, CUBLASLT_EPILOGUE_DEFAULT, nullptr, CUDA_R_32F, false};
  return CUBLAS_STATUS_SUCCESS;
}
cublasStatus_t cublasLtMatmulDescCreate(cublasLtMatmulDesc_t* d, cublasComputeType_t compute, cudaDataType_t scale) {
  if (!d) return CUBLAS_STATUS_INVALID_VALUE;
  *d = new cublasLtMatmulDescOpaque_t();
  return cublasLtMatmulDescInit(*d, compute, scale);
}
cublasStatus_t cublasLtMatmulDescDestroy(cublasLtMatmulDesc_t d) {
  delete d;
  return CUBLAS_STATUS_SUCCESS;
}
cublasStatus_t cublasLtMatmulDescSetAttribute(cublasLtMatmulDesc_t d, cublasLtMatmulDescAttributes_t attr, const void* buf, size_t size) {
  if (!d) return CUBLAS_STATUS_INVALID_VALUE;
  LtDesc& x = *desc(d);
  bool ok = false;
  switch (attr) {
    case CUBLASLT_MATMUL_DESC_COMPUTE_TYPE: ok = setField(x.compute, buf, size); break;
    case CUBLASLT_MATMUL_DESC_SCALE_TYPE: ok = setField(x.scale, buf, size); break;
    case CUBLASLT_MATMUL_DESC_TRANSA: ok = setField(x.transa, buf, size); break;
    case CUBLASLT_MATMUL_DESC_TRANSB: ok = setField(x.transb, buf, size); break;
    case CUBLASLT_MATMUL_DESC_EPILOGUE: ok = setField(x.epilogue, buf, size); break;
    case CUBLASLT_MATMUL_DESC_BIAS_POINTER: ok = setField(x.bias, buf, size); break;
    case CUBLASLT_MATMUL_DESC_BIAS_DATA_TYPE: ok = setField(x.biasType, buf, size) && (x.biasTypeSet = true); break;
    case CUBLASLT_MATMUL_DESC_FAST_ACCUM: case CUBLASLT_MATMUL_DESC_SM_COUNT_TARGET: ok = buf != nullptr; break;  // no effect here
    default: return CUBLAS_STATUS_NOT_SUPPORTED;
  }
  return ok ? CUBLAS_STATUS_SUCCESS : CUBLAS_STATUS_INVALID_VALUE;
}
cublasStatus_t cublasLtMatmulDescGetAttribute(cublasLtMatmulDesc_t d, cublasLtMatmulDescAttributes_t attr, void* buf, size_t size, size_t* written) {
  if (!d) return CUBLAS_STATUS_INVALID_VALUE;
  const LtDesc& x = *desc(d);
  auto get = [&](const auto& field) {
    if (written) *written = sizeof(field);
    if (!buf || size < sizeof(field)) return CUBLAS_STATUS_INVALID_VALUE;
    std::memcpy(buf, &field, sizeof(field));
    return CUBLAS_STATUS_SUCCESS;
  };
  switch (attr) {
    case CUBLASLT_MATMUL_DESC_COMPUTE_TYPE: return get(x.compute);
    case CUBLASLT_MATMUL_DESC_SCALE_TYPE: return get(x.scale);
    case CUBLASLT_MATMUL_DESC_TRANSA: return get(x.transa);
    case CUBLASLT_MATMUL_DESC_TRANSB: return get(x.transb);
    case CUBLASLT_MATMUL_DESC_EPILOGUE: return get(x.epilogue);
    case CUBLASLT_MATMUL_DESC_BIAS_POINTER: return get(x.bias);
    default: return CUBLAS_STATUS_NOT_SUPPORTED;
  }
}

cublasStatus_t cublasLtMatrixLayoutInit(cublasLtMatrixLayout_t l, cudaDataType type, uint64_t rows, uint64_t cols, int64_t ld) {
  if (!l) return CUBLAS_STATUS_INVALID_VALUE;
  std::memset(l, 0, sizeof(*l));
  *layout(l) = LtLayout{type, rows, cols, ld, CUBLASLT_ORDER_COL, 1, 0};
  return CUBLAS_STATUS_SUCCESS;
}
cublasStatus_t cublasLtMatrixLayoutCreate(cublasLtMatrixLayout_t* l, cudaDataType type, uint64_t rows, uint64_t cols, int64_t ld) {
  if (!l) return CUBLAS_STATUS_INVALID_VALUE;
  *l = new cublasLtMatrixLayoutOpaque_t();
  return cublasLtMatrixLayoutInit(*l, type, rows, cols, ld);
}
cublasStatus_t cublasLtMatrixLayoutDestroy(cublasLtMatrixLayout_t l) {
  delete l;
  return CUBLAS_STATUS_SUCCESS;
}
cublasStatus_t cublasLtMatrixLayoutSetAttribute(cublasLtMatrixLayout_t l, cublasLtMatrixLayoutAttribute_t attr, const void* buf, size_t size) {
  if (!l) return CUBLAS_STATUS_INVALID_VALUE;
  LtLayout& x = *layout(l);
  bool ok = false;
  switch (attr) {
    case CUBLASLT_MATRIX_LAYOUT_TYPE: ok = setField(x.type, buf, size); break;
    case CUBLASLT_MATRIX_LAYOUT_ORDER: ok = setField(x.order, buf, size); break;
    case CUBLASLT_MATRIX_LAYOUT_ROWS: ok = setField(x.rows, buf, size); break;
    case CUBLASLT_MATRIX_LAYOUT_COLS: ok = setField(x.cols, buf, size); break;
    case CUBLASLT_MATRIX_LAYOUT_LD: ok = setField(x.ld, buf, size); break;
    case CUBLASLT_MATRIX_LAYOUT_BATCH_COUNT: ok = setField(x.batch, buf, size); break;
    case CUBLASLT_MATRIX_LAYOUT_STRIDED_BATCH_OFFSET: ok = setField(x.stride, buf, size); break;
    default: return CUBLAS_STATUS_NOT_SUPPORTED;
  }
  return ok ? CUBLAS_STATUS_SUCCESS : CUBLAS_STATUS_INVALID_VALUE;
}

cublasStatus_t cublasLtMatmulPreferenceInit(cublasLtMatmulPreference_t p) {
  if (!p) return CUBLAS_STATUS_INVALID_VALUE;
  std::memset(p, 0, sizeof(*p));
  return CUBLAS_STATUS_SUCCESS;
}
cublasStatus_t cublasLtMatmulPreferenceCreate(cublasLtMatmulPreference_t* p) {
  if (!p) return CUBLAS_STATUS_INVALID_VALUE;
  *p = new cublasLtMatmulPreferenceOpaque_t();
  return cublasLtMatmulPreferenceInit(*p);
}
cublasStatus_t cublasLtMatmulPreferenceDestroy(cublasLtMatmulPreference_t p) {
  delete p;
  return CUBLAS_STATUS_SUCCESS;
}
cublasStatus_t cublasLtMatmulPreferenceSetAttribute(cublasLtMatmulPreference_t p, cublasLtMatmulPreferenceAttributes_t attr, const void* buf,
                                                    size_t size) {
  if (!p || !buf) return CUBLAS_STATUS_INVALID_VALUE;
  if (attr == CUBLASLT_MATMUL_PREF_MAX_WORKSPACE_BYTES) {
    LtPref& x = *reinterpret_cast<LtPref*>(p);
    return setField(x.maxWorkspace, buf, size) ? CUBLAS_STATUS_SUCCESS : CUBLAS_STATUS_INVALID_VALUE;
  }
  return attr == CUBLASLT_MATMUL_PREF_SEARCH_MODE ? CUBLAS_STATUS_SUCCESS : CUBLAS_STATUS_NOT_SUPPORTED;
}

namespace {
/** Whether the engine runs this matmul (types it converts, column order, consistent shapes). */
cublasStatus_t ltCheck(const LtDesc& d, const LtLayout& A, const LtLayout& B, const LtLayout& C, const LtLayout& D) {
  if (A.order != CUBLASLT_ORDER_COL || B.order != CUBLASLT_ORDER_COL || C.order != CUBLASLT_ORDER_COL || D.order != CUBLASLT_ORDER_COL)
    return CUBLAS_STATUS_NOT_SUPPORTED;
  if (!sizeOfType(A.type) || !sizeOfType(B.type) || !sizeOfType(C.type) || !sizeOfType(D.type) || C.type != D.type) return CUBLAS_STATUS_NOT_SUPPORTED;
  if (d.transa == CUBLAS_OP_CONJG || d.transb == CUBLAS_OP_CONJG) return CUBLAS_STATUS_NOT_SUPPORTED;
  const uint64_t m = D.rows, n = D.cols, k = d.transa == CUBLAS_OP_N ? A.cols : A.rows;
  if ((d.transa == CUBLAS_OP_N ? A.rows : A.cols) != m || (d.transb == CUBLAS_OP_N ? B.rows : B.cols) != k ||
      (d.transb == CUBLAS_OP_N ? B.cols : B.rows) != n || C.rows != m || C.cols != n)
    return CUBLAS_STATUS_INVALID_VALUE;
  if (m > INT32_MAX || n > INT32_MAX || k > INT32_MAX) return CUBLAS_STATUS_NOT_SUPPORTED;
  switch (d.epilogue) {
    case CUBLASLT_EPILOGUE_DEFAULT: case CUBLASLT_EPILOGUE_RELU: case CUBLASLT_EPILOGUE_GELU: break;
    case CUBLASLT_EPILOGUE_BIAS: case CUBLASLT_EPILOGUE_RELU_BIAS: case CUBLASLT_EPILOGUE_GELU_BIAS:
      if (!d.bias) return CUBLAS_STATUS_INVALID_VALUE;
      break;
    default: return CUBLAS_STATUS_NOT_SUPPORTED;
  }
  return CUBLAS_STATUS_SUCCESS;
}
}  // namespace

cublasStatus_t cublasLtMatmulAlgoGetHeuristic(cublasLtHandle_t h, cublasLtMatmulDesc_t d, cublasLtMatrixLayout_t A, cublasLtMatrixLayout_t B,
                                              cublasLtMatrixLayout_t C, cublasLtMatrixLayout_t D, cublasLtMatmulPreference_t,
                                              int requested, cublasLtMatmulHeuristicResult_t results[], int* returned) {
  if (!h) return CUBLAS_STATUS_NOT_INITIALIZED;
  if (!d || !A || !B || !C || !D || requested <= 0 || !results || !returned) return CUBLAS_STATUS_INVALID_VALUE;
  // One algorithm, needing no workspace, for every matmul the engine runs; none for the others.
  *returned = 0;
  if (ltCheck(*desc(d), *layout(A), *layout(B), *layout(C), *layout(D)) != CUBLAS_STATUS_SUCCESS) return CUBLAS_STATUS_NOT_SUPPORTED;
  std::memset(&results[0], 0, sizeof(results[0]));
  results[0].state = CUBLAS_STATUS_SUCCESS;
  results[0].wavesCount = 1.0f;
  *returned = 1;
  return CUBLAS_STATUS_SUCCESS;
}

namespace {
double scaleOf(cudaDataType t, const void* p) {
  switch (t) {
    case CUDA_R_16F: return cu2m_h2f(*static_cast<const uint16_t*>(p));
    case CUDA_R_64F: return *static_cast<const double*>(p);
    case CUDA_R_32I: return *static_cast<const int32_t*>(p);
    default: return *static_cast<const float*>(p);
  }
}
}  // namespace

cublasStatus_t cublasLtMatmul(cublasLtHandle_t h, cublasLtMatmulDesc_t dd, const void* alpha, const void* A, cublasLtMatrixLayout_t Ad,
                              const void* B, cublasLtMatrixLayout_t Bd, const void* beta, const void* C, cublasLtMatrixLayout_t Cd, void* D,
                              cublasLtMatrixLayout_t Dd, const cublasLtMatmulAlgo_t*, void*, size_t, cudaStream_t stream) {
  if (!h) return CUBLAS_STATUS_NOT_INITIALIZED;
  if (!dd || !Ad || !Bd || !Cd || !Dd || !alpha || !beta) return CUBLAS_STATUS_INVALID_VALUE;
  const LtDesc& d = *desc(dd);
  const LtLayout &la = *layout(Ad), &lb = *layout(Bd), &lc = *layout(Cd), &ld = *layout(Dd);
  if (cublasStatus_t st = ltCheck(d, la, lb, lc, ld)) return st;
  if (cudaStreamSynchronize(stream) != cudaSuccess) return CUBLAS_STATUS_EXECUTION_FAILED;
  const int m = int(ld.rows), n = int(ld.cols), k = int(d.transa == CUBLAS_OP_N ? la.cols : la.rows);
  const int batch = std::max(ld.batch, 1);
  const double a = scaleOf(d.scale, alpha), b = scaleOf(d.scale, beta);
  // D = C first when they differ (then the engine's beta·C reads D).
  const size_t es = sizeOfType(ld.type);
  if (b != 0 && C != D)
    for (int q = 0; q < batch; ++q)
      for (int j = 0; j < n; ++j)
        std::memcpy(static_cast<char*>(D) + (size_t(q) * ld.stride + size_t(j) * ld.ld) * es,
                    static_cast<const char*>(C) + (size_t(q) * (lc.batch > 1 ? lc.stride : 0) + size_t(j) * lc.ld) * es, size_t(m) * es);
  GemmShape s;
  if (cublasStatus_t st = gemmShape(d.transa, d.transb, m, n, k, int(la.ld), int(lb.ld), int(ld.ld), s)) return st;
  // A batch count of 1 on an operand broadcasts it to every product.
  const std::vector<const void*> pa = strided(static_cast<const char*>(A), la.batch > 1 ? la.stride * (long long)sizeOfType(la.type) : 0, batch);
  const std::vector<const void*> pb = strided(static_cast<const char*>(B), lb.batch > 1 ? lb.stride * (long long)sizeOfType(lb.type) : 0, batch);
  const std::vector<void*> pd = stridedOut(static_cast<char*>(D), ld.stride * (long long)es, batch);
  cublasStatus_t st;
  switch (d.compute) {
    case CUBLAS_COMPUTE_64F: case CUBLAS_COMPUTE_64F_PEDANTIC:
      st = gemmTyped<double>(s, la.type, lb.type, ld.type, batch, pa.data(), pb.data(), pd.data(), a, b);
      break;
    case CUBLAS_COMPUTE_32I: case CUBLAS_COMPUTE_32I_PEDANTIC:
      st = gemmTyped<int32_t>(s, la.type, lb.type, ld.type, batch, pa.data(), pb.data(), pd.data(), int32_t(a), int32_t(b));
      break;
    default:
      st = gemmTyped<float>(s, la.type, lb.type, ld.type, batch, pa.data(), pb.data(), pd.data(), float(a), float(b));
      break;
  }
  if (st == CUBLAS_STATUS_SUCCESS) epilogue(d, ld, D);
  return st;
}

// cu2metal's warp matrix functions (nvcuda::wmma, <mma.h>), written for cu2metal from the CUDA C++
// Programming Guide's description of the API (not NVIDIA's header).
//
// The translator reads this header like a program header (src/host/libraries.ts PROVIDED_HEADERS)
// and the CPU backends compile it as CUDA, so a kernel computes the same tiles on every backend.
//
// CUDA leaves the element-to-lane mapping of a fragment unspecified. Ours: a fragment holds a
// ROWS x COLS tile (matrix_a M x K, matrix_b K x N, accumulator M x N), split over the 32 lanes of
// the warp: lane l holds the tile elements e = i * 32 + l (i = 0 .. num_elements - 1) of the tile
// read row by row, whatever the layout of the matrix in memory. mma_sync gathers the tiles of A and
// B from the warp's lanes with __shfl_sync (every lane must call it, as CUDA requires) and each lane
// computes its own elements of D: for a float accumulator of half, bf16 or tf32 operands as an
// H100's tensor cores do (recorded: test/fixtures/wmma/rounding.cu): tf32 operands truncated to
// tf32, the exact products of a chunk of k (16 for half and bf16, 4 for tf32) and the accumulator
// (C at first) aligned to the largest of their exponents, each truncated toward zero to
// 2^(e - 25), added exactly, the sum truncated toward zero to a float, a NaN 0x7fffffff; otherwise
// in k order in float (half accumulators), 64-bit integers (8-bit inputs) or double.
#pragma once

#include <cuda_runtime.h>
#include <cuda_fp16.h>
#include <cuda_bf16.h>

namespace nvcuda {
namespace wmma {

/** What a fragment is: the left operand (M x K), the right one (K x N), or the accumulator (M x N). */
struct matrix_a { static constexpr int cu2m_use = 0; };
struct matrix_b { static constexpr int cu2m_use = 1; };
struct accumulator { static constexpr int cu2m_use = 2; };

/** The layout of an operand's matrix in memory. */
struct row_major { static constexpr bool cu2m_col = false; };
struct col_major { static constexpr bool cu2m_col = true; };

/** The layout of an accumulator's matrix in memory, given at the load or store. */
enum layout_t { mem_row_major, mem_col_major };

namespace precision {
/** TF32 operands (m16n16k8): the fragment holds floats. */
struct tf32 {};
}  // namespace precision

/** How an element of T is kept in a fragment (precision::tf32: a float). */
template <typename T>
struct cu2m_wmma_storage { typedef T type; };
template <>
struct cu2m_wmma_storage<precision::tf32> { typedef float type; };

/**
 * The type the operands are gathered in: float for the 2-byte types (half, bf16) and tf32; int for
 * 8-bit integers; double as it is. Chosen by size, so that the MSL names neither bfloat nor double
 * for a program that uses neither (they need MSL 3.1 and software double).
 */
template <typename T, int Bytes>
struct cu2m_wmma_by_size { typedef T type; };
template <typename T>
struct cu2m_wmma_by_size<T, 2> { typedef float type; };
template <typename T>
struct cu2m_wmma_by_size<T, 1> { typedef int type; };
template <typename T>
struct cu2m_wmma_compute { typedef typename cu2m_wmma_by_size<T, sizeof(T)>::type type; };
template <>
struct cu2m_wmma_compute<precision::tf32> { typedef float type; };

/**
 * A warp's share of one tile: x holds this lane's num_elements elements (see the top of the file).
 * Layout is row_major or col_major for matrix_a and matrix_b, void for the accumulator.
 */
template <typename Use, int M, int N, int K, typename T, typename Layout = void>
class fragment {
 public:
  typedef typename cu2m_wmma_storage<T>::type element_type;
  typedef typename cu2m_wmma_storage<T>::type storage_element_type;
  enum {
    cu2m_rows = Use::cu2m_use == 1 ? K : M,
    cu2m_cols = Use::cu2m_use == 0 ? K : N,
    num_elements = (Use::cu2m_use == 1 ? K : M) * (Use::cu2m_use == 0 ? K : N) / 32
  };
  element_type x[num_elements];
};

/** The lane of the calling thread in its warp. */
__device__ inline unsigned cu2m_wmma_lane() {
  return (threadIdx.x + blockDim.x * (threadIdx.y + blockDim.y * threadIdx.z)) % 32u;
}

/** Every element of a to v. */
template <typename Use, int M, int N, int K, typename T, typename Layout>
__device__ inline void fill_fragment(fragment<Use, M, N, K, T, Layout> &a, typename cu2m_wmma_storage<T>::type v) {
  for (int i = 0; i < (Use::cu2m_use == 1 ? K : M) * (Use::cu2m_use == 0 ? K : N) / 32; i++) a.x[i] = v;
}

/** An operand's tile from p (its first element), rows ldm elements apart (columns, for col_major). */
template <typename Use, int M, int N, int K, typename T, typename Layout>
__device__ inline void load_matrix_sync(fragment<Use, M, N, K, T, Layout> &a, const typename cu2m_wmma_storage<T>::type *p, unsigned ldm) {
  const int cols = Use::cu2m_use == 0 ? K : N;
  const int count = (Use::cu2m_use == 1 ? K : M) * cols / 32;
  const unsigned lane = cu2m_wmma_lane();
  for (int i = 0; i < count; i++) {
    const unsigned e = i * 32 + lane;
    const unsigned r = e / cols, c = e % cols;
    a.x[i] = Layout::cu2m_col ? p[c * ldm + r] : p[r * ldm + c];
  }
}

/** An accumulator's tile from p, rows (mem_row_major) or columns (mem_col_major) ldm elements apart. */
template <int M, int N, int K, typename T>
__device__ inline void load_matrix_sync(fragment<accumulator, M, N, K, T> &a, const T *p, unsigned ldm, layout_t layout) {
  const unsigned lane = cu2m_wmma_lane();
  for (int i = 0; i < M * N / 32; i++) {
    const unsigned e = i * 32 + lane;
    const unsigned r = e / N, c = e % N;
    a.x[i] = layout == mem_col_major ? p[c * ldm + r] : p[r * ldm + c];
  }
}

/** An accumulator's tile to p, rows (mem_row_major) or columns (mem_col_major) ldm elements apart. */
template <int M, int N, int K, typename T>
__device__ inline void store_matrix_sync(T *p, const fragment<accumulator, M, N, K, T> &a, unsigned ldm, layout_t layout) {
  const unsigned lane = cu2m_wmma_lane();
  for (int i = 0; i < M * N / 32; i++) {
    const unsigned e = i * 32 + lane;
    const unsigned r = e / N, c = e % N;
    if (layout == mem_col_major) p[c * ldm + r] = a.x[i];
    else p[r * ldm + c] = a.x[i];
  }
}

/** The type the products are added in: float for half, bf16 and tf32; 64 bits for 8-bit integers; double. */
template <typename T>
struct cu2m_wmma_sum { typedef typename cu2m_wmma_compute<T>::type type; };
template <>
struct cu2m_wmma_sum<signed char> { typedef long long type; };
template <>
struct cu2m_wmma_sum<unsigned char> { typedef long long type; };

/**
 * A sum as mma_sync leaves it (satf: kept to the finite range, for floats: an infinity becomes the
 * largest finite value of its sign and NaN +0; for 8-bit operands: kept to int's range).
 */
__device__ inline float cu2m_wmma_result(float v, bool satf) {
  if (!satf) return v;
  if (v != v) return 0.0f;
  if (v > 3.402823466e+38f) return 3.402823466e+38f;
  if (v < -3.402823466e+38f) return -3.402823466e+38f;
  return v;
}
__device__ inline int cu2m_wmma_result(long long v, bool satf) {
  if (satf && v > 2147483647) return 2147483647;
  if (satf && v < -2147483647 - 1) return -2147483647 - 1;
  return (int)v;
}
template <typename T>
__device__ inline T cu2m_wmma_result(T v, bool satf) { return v; }

/** A type as an argument, to choose an overload. */
template <typename T>
struct cu2m_wmma_tag {};

/** An operand as the tensor cores read it: tf32 keeps 10 mantissa bits, truncated (an H100's). */
template <typename V, typename T>
__device__ inline V cu2m_wmma_operand(V v, cu2m_wmma_tag<T>) { return v; }
__device__ inline float cu2m_wmma_operand(float v, cu2m_wmma_tag<precision::tf32>) {
  return __uint_as_float(__float_as_uint(v) & 0xffffe000u);
}

/** C + the row r of A times the column col of B, in k order (8-bit, double, half accumulators). */
template <typename S, typename V, typename Td>
__device__ inline S cu2m_wmma_dot(S c, const V *ta, const V *tb, int r, int col, int N, int K, int, cu2m_wmma_tag<Td>) {
  S sum = c;
  for (int k = 0; k < K; k++) sum += (S)ta[r * K + k] * (S)tb[k * N + col];
  return sum;
}
/**
 * n floats (products exact in float, and the accumulator) added as an H100's tensor cores add
 * them: aligned to the exponent e of the largest, each truncated toward zero to a multiple of
 * 2^(e - 25) (24 bits and 2 more), added exactly, the sum truncated toward zero to a float. An
 * infinity or NaN among them gives their IEEE sum, a NaN being 0x7fffffff.
 */
__device__ inline float cu2m_wmma_fsum(const float *t, int n) {
  float big = 0.0f, plain = 0.0f;
  bool finite = true;
  for (int i = 0; i < n; i++) {
    const float m = fabsf(t[i]);
    if (!(m <= 3.402823466e+38f)) finite = false;
    else if (m > big) big = m;
    plain += t[i];
  }
  if (!finite) return plain != plain ? __uint_as_float(0x7fffffffu) : plain;
  if (big == 0.0f) return 0.0f;
  int e = (int)((__float_as_uint(big) >> 23) & 0xffu) - 127;
  if (e < -126) e = -126; // subnormal
  long long s = 0;
  for (int i = 0; i < n; i++) s += (long long)truncf(ldexpf(t[i], 25 - e));
  const bool neg = s < 0;
  unsigned long long m = neg ? (unsigned long long)(-s) : (unsigned long long)s;
  int sh = 0;
  for (; m >= 16777216u; m >>= 1) sh++; // toward zero (m < 2^24)
  const float v = ldexpf((float)m, e - 25 + sh);
  return neg ? -v : v;
}
/**
 * The same into a float accumulator (half, bf16 and tf32 operands), as an H100 does it: the k range
 * in chunks (all K = 16 products of half and bf16 at once; 4 at a time for tf32), each chunk's
 * products added to the accumulator (C at first) by cu2m_wmma_fsum.
 */
__device__ inline float cu2m_wmma_dot(float c, const float *ta, const float *tb, int r, int col, int N, int K, int chunk,
                                      cu2m_wmma_tag<float>) {
  float t[17];
  float acc = c;
  for (int k0 = 0; k0 < K; k0 += chunk) {
    t[0] = acc;
    for (int k = 0; k < chunk; k++) t[k + 1] = ta[r * K + k0 + k] * tb[(k0 + k) * N + col];
    acc = cu2m_wmma_fsum(t, chunk + 1);
  }
  return acc;
}
/** How many products the tensor cores add at once: 4 for tf32 (an H100), else all K. */
template <typename T>
__device__ inline int cu2m_wmma_chunk(int k, cu2m_wmma_tag<T>) { return k; }
__device__ inline int cu2m_wmma_chunk(int, cu2m_wmma_tag<precision::tf32>) { return 4; }

/**
 * D = A B + C for the warp's tiles. Each lane gathers the whole of A and B from the warp (one
 * __shfl_sync per element), then computes its own elements of D (cu2m_wmma_dot).
 */
template <int M, int N, int K, typename Tab, typename La, typename Lb, typename Td, typename Tc>
__device__ inline void mma_sync(fragment<accumulator, M, N, K, Td> &d, const fragment<matrix_a, M, N, K, Tab, La> &a,
                                const fragment<matrix_b, M, N, K, Tab, Lb> &b, const fragment<accumulator, M, N, K, Tc> &c,
                                bool satf = false) {
  typedef typename cu2m_wmma_compute<Tab>::type value_t;
  typedef typename cu2m_wmma_sum<Tab>::type sum_t;
  value_t ta[M * K];
  value_t tb[K * N];
  for (int j = 0; j < M * K / 32; j++)
    for (int s = 0; s < 32; s++) ta[j * 32 + s] = __shfl_sync(0xffffffffu, cu2m_wmma_operand((value_t)a.x[j], cu2m_wmma_tag<Tab>()), s);
  for (int j = 0; j < K * N / 32; j++)
    for (int s = 0; s < 32; s++) tb[j * 32 + s] = __shfl_sync(0xffffffffu, cu2m_wmma_operand((value_t)b.x[j], cu2m_wmma_tag<Tab>()), s);
  const unsigned lane = cu2m_wmma_lane();
  for (int i = 0; i < M * N / 32; i++) {
    const unsigned e = i * 32 + lane;
    const int r = (int)(e / N), col = (int)(e % N);
    const sum_t sum = cu2m_wmma_dot((sum_t)c.x[i], ta, tb, r, col, N, K, cu2m_wmma_chunk(K, cu2m_wmma_tag<Tab>()), cu2m_wmma_tag<Td>());
    d.x[i] = (Td)cu2m_wmma_result(sum, satf);
  }
}

/**
 * f rounded to TF32 (10 mantissa bits; to nearest, ties away from zero), kept in a float. A NaN
 * loses its low 13 payload bits (an H100: 0x7fc00001 gives 0x7fc00000) and stays a NaN.
 */
__device__ inline float __float_to_tf32(float f) {
  unsigned u = __float_as_uint(f);
  if ((u & 0x7f800000u) != 0x7f800000u) u = (u + 0x1000u) & 0xffffe000u;
  else if ((u & 0x007fffffu) != 0u) u = (u & 0xffffe000u) | 0x00400000u;
  return __uint_as_float(u);
}

}  // namespace wmma
}  // namespace nvcuda

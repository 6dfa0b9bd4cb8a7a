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
// computes its own elements of D, adding the products in k order in float (half, bf16, tf32
// inputs), int (8-bit inputs) or double.
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

/**
 * D = A B + C for the warp's tiles. Each lane gathers the whole of A and B from the warp (one
 * __shfl_sync per element), then computes its own elements of D, adding in k order.
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
    for (int s = 0; s < 32; s++) ta[j * 32 + s] = __shfl_sync(0xffffffffu, (value_t)a.x[j], s);
  for (int j = 0; j < K * N / 32; j++)
    for (int s = 0; s < 32; s++) tb[j * 32 + s] = __shfl_sync(0xffffffffu, (value_t)b.x[j], s);
  const unsigned lane = cu2m_wmma_lane();
  for (int i = 0; i < M * N / 32; i++) {
    const unsigned e = i * 32 + lane;
    const unsigned r = e / N, col = e % N;
    sum_t sum = (sum_t)c.x[i];
    for (int k = 0; k < K; k++) sum += (sum_t)ta[r * K + k] * (sum_t)tb[k * N + col];
    d.x[i] = (Td)cu2m_wmma_result(sum, satf);
  }
}

/** f rounded to TF32 (10 mantissa bits; to nearest, ties away from zero), kept in a float. */
__device__ inline float __float_to_tf32(float f) {
  unsigned u = __float_as_uint(f);
  if ((u & 0x7f800000u) != 0x7f800000u) u = (u + 0x1000u) & 0xffffe000u;
  return __uint_as_float(u);
}

}  // namespace wmma
}  // namespace nvcuda

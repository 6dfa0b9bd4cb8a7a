// wmma.cu translated to Metal Shading Language by cu2metal 0.1.0.
// Readable output: edit freely. #line directives map every line back to the CUDA source.
#include <metal_stdlib>
using namespace metal;
#define __CUDA_ARCH__ 800 // device code of the .cu takes its __CUDA_ARCH__ branches
#line 27 "native/include/mma.h"
/** What a fragment is: the left operand (M x K), the right one (K x N), or the accumulator (M x N). */
struct matrix_a { static constexpr constant int cu2m_use = 0; };
struct matrix_b { static constexpr constant int cu2m_use = 1; };
struct accumulator { static constexpr constant int cu2m_use = 2; };

/** The layout of an operand's matrix in memory. */
struct row_major { static constexpr constant bool cu2m_col = false; };
struct col_major { static constexpr constant bool cu2m_col = true; };

/** The layout of an accumulator's matrix in memory, given at the load or store. */
enum layout_t { mem_row_major, mem_col_major };


/** TF32 operands (m16n16k8): the fragment holds floats. */
struct tf32 {};


/** How an element of T is kept in a fragment (precision::tf32: a float). */
template <typename T>
struct cu2m_wmma_storage { typedef T type; };
template <>
struct cu2m_wmma_storage<tf32> { typedef float type; };

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
struct cu2m_wmma_compute<tf32> { typedef float type; };

/**
 * A warp's share of one tile: x holds this lane's num_elements elements (see the top of the file).
 * Layout is row_major or col_major for matrix_a and matrix_b, void for the accumulator.
 */
template <typename Use, int M, int N, int K, typename T, typename Layout = void>
class fragment_ {
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
inline unsigned cu2m_wmma_lane(uint3 threadIdx, uint3 blockDim) {
  return (threadIdx.x + blockDim.x * (threadIdx.y + blockDim.y * threadIdx.z)) % 32u;
}

/** Every element of a to v. */
template <typename Use, int M, int N, int K, typename T, typename Layout>
inline void fill_fragment(thread fragment_<Use, M, N, K, T, Layout> &a, typename cu2m_wmma_storage<T>::type v) {
  for (int i = 0; i < (Use::cu2m_use == 1 ? K : M) * (Use::cu2m_use == 0 ? K : N) / 32; i++) a.x[i] = v;
}

/** An operand's tile from p (its first element), rows ldm elements apart (columns, for col_major). */
template <typename Use, int M, int N, int K, typename T, typename Layout>
inline void load_matrix_sync(uint3 threadIdx, uint3 blockDim, thread fragment_<Use, M, N, K, T, Layout> &a, const device typename cu2m_wmma_storage<T>::type *p, unsigned ldm) {
  const int cols = Use::cu2m_use == 0 ? K : N;
  const int count = (Use::cu2m_use == 1 ? K : M) * cols / 32;
  const unsigned lane = cu2m_wmma_lane(threadIdx, blockDim);
  for (int i = 0; i < count; i++) {
    const unsigned e = i * 32 + lane;
    const unsigned r = e / cols, c = e % cols;
    a.x[i] = Layout::cu2m_col ? p[c * ldm + r] : p[r * ldm + c];
  }
}
#line 95 "native/include/mma.h"
template <typename Use, int M, int N, int K, typename T, typename Layout>
inline void load_matrix_sync(uint3 threadIdx, uint3 blockDim, thread fragment_<Use, M, N, K, T, Layout> &a, const threadgroup typename cu2m_wmma_storage<T>::type *p, unsigned ldm) {
  const int cols = Use::cu2m_use == 0 ? K : N;
  const int count = (Use::cu2m_use == 1 ? K : M) * cols / 32;
  const unsigned lane = cu2m_wmma_lane(threadIdx, blockDim);
  for (int i = 0; i < count; i++) {
    const unsigned e = i * 32 + lane;
    const unsigned r = e / cols, c = e % cols;
    a.x[i] = Layout::cu2m_col ? p[c * ldm + r] : p[r * ldm + c];
  }
}

/** An accumulator's tile from p, rows (mem_row_major) or columns (mem_col_major) ldm elements apart. */
template <int M, int N, int K, typename T>
inline void load_matrix_sync(uint3 threadIdx, uint3 blockDim, thread fragment_<accumulator, M, N, K, T> &a, const device T *p, unsigned ldm, layout_t layout) {
  const unsigned lane = cu2m_wmma_lane(threadIdx, blockDim);
  for (int i = 0; i < M * N / 32; i++) {
    const unsigned e = i * 32 + lane;
    const unsigned r = e / N, c = e % N;
    a.x[i] = layout == mem_col_major ? p[c * ldm + r] : p[r * ldm + c];
  }
}
#line 108 "native/include/mma.h"
template <int M, int N, int K, typename T>
inline void load_matrix_sync(uint3 threadIdx, uint3 blockDim, thread fragment_<accumulator, M, N, K, T> &a, const threadgroup T *p, unsigned ldm, layout_t layout) {
  const unsigned lane = cu2m_wmma_lane(threadIdx, blockDim);
  for (int i = 0; i < M * N / 32; i++) {
    const unsigned e = i * 32 + lane;
    const unsigned r = e / N, c = e % N;
    a.x[i] = layout == mem_col_major ? p[c * ldm + r] : p[r * ldm + c];
  }
}

/** An accumulator's tile to p, rows (mem_row_major) or columns (mem_col_major) ldm elements apart. */
template <int M, int N, int K, typename T>
inline void store_matrix_sync(uint3 threadIdx, uint3 blockDim, device T *p, const thread fragment_<accumulator, M, N, K, T> &a, unsigned ldm, layout_t layout) {
  const unsigned lane = cu2m_wmma_lane(threadIdx, blockDim);
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
struct cu2m_wmma_sum<signed char> { typedef long type; };
template <>
struct cu2m_wmma_sum<unsigned char> { typedef long type; };

/**
 * A sum as mma_sync leaves it (satf: kept to the finite range, for floats: an infinity becomes the
 * largest finite value of its sign and NaN +0; for 8-bit operands: kept to int's range).
 */
inline float cu2m_wmma_result(float v, bool satf) {
  if (!satf) return v;
  if (v != v) return 0.0f;
  if (v > 3.402823466e+38f) return 3.402823466e+38f;
  if (v < -3.402823466e+38f) return -3.402823466e+38f;
  return v;
}
inline int cu2m_wmma_result(long v, bool satf) {
  if (satf && v > 2147483647) return 2147483647;
  if (satf && v < -2147483647 - 1) return -2147483647 - 1;
  return (int)v;
}
template <typename T>
inline T cu2m_wmma_result(T v, bool satf) { return v; }

/** A type as an argument, to choose an overload. */
template <typename T>
struct cu2m_wmma_tag {};

/** An operand as the tensor cores read it: tf32 keeps 10 mantissa bits, truncated (an H100's). */
template <typename V, typename T>
inline V cu2m_wmma_operand(V v, cu2m_wmma_tag<T>) { return v; }
inline float cu2m_wmma_operand(float v, cu2m_wmma_tag<tf32>) {
  return as_type<float>(uint(as_type<uint>(float(v)) & 0xffffe000u));
}

/** C + the row r of A times the column col of B, in k order (8-bit, double, half accumulators). */
template <typename S, typename V, typename Td>
inline S cu2m_wmma_dot(S c, const thread V *ta, const thread V *tb, int r, int col, int N, int K, int, cu2m_wmma_tag<Td>) {
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
inline float cu2m_wmma_fsum(const thread float *t, int n) {
  float big = 0.0f, plain = 0.0f;
  bool finite = true;
  for (int i = 0; i < n; i++) {
    const float m = fabs(t[i]);
    if (!(m <= 3.402823466e+38f)) finite = false;
    else if (m > big) big = m;
    plain += t[i];
  }
  if (!finite) return plain != plain ? as_type<float>(uint(0x7fffffffu)) : plain;
  if (big == 0.0f) return 0.0f;
  int e = (int)((as_type<uint>(float(big)) >> 23) & 0xffu) - 127;
  if (e < -126) e = -126; // subnormal
  long s = 0;
  for (int i = 0; i < n; i++) s += (long)trunc(ldexp(t[i], 25 - e));
  const bool neg = s < 0;
  ulong m = neg ? (ulong)(-s) : (ulong)s;
  int sh = 0;
  for (; m >= 16777216u; m >>= 1) sh++; // toward zero (m < 2^24)
  const float v = ldexp((float)m, e - 25 + sh);
  return neg ? -v : v;
}
/**
 * The same into a float accumulator (half, bf16 and tf32 operands), as an H100 does it: the k range
 * in chunks (all K = 16 products of half and bf16 at once; 4 at a time for tf32), each chunk's
 * products added to the accumulator (C at first) by cu2m_wmma_fsum.
 */
inline float cu2m_wmma_dot(float c, const thread float *ta, const thread float *tb, int r, int col, int N, int K, int chunk,
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
inline int cu2m_wmma_chunk(int k, cu2m_wmma_tag<T>) { return k; }
inline int cu2m_wmma_chunk(int, cu2m_wmma_tag<tf32>) { return 4; }

/**
 * D = A B + C for the warp's tiles. Each lane gathers the whole of A and B from the warp (one
 * __shfl_sync per element), then computes its own elements of D (cu2m_wmma_dot).
 */
template <int M, int N, int K, typename Tab, typename La, typename Lb, typename Td, typename Tc>
inline void mma_sync(uint3 threadIdx, uint3 blockDim, thread fragment_<accumulator, M, N, K, Td> &d, const thread fragment_<matrix_a, M, N, K, Tab, La> &a,
                                const thread fragment_<matrix_b, M, N, K, Tab, Lb> &b, const thread fragment_<accumulator, M, N, K, Tc> &c,
                                bool satf = false) {
  typedef typename cu2m_wmma_compute<Tab>::type value_t;
  typedef typename cu2m_wmma_sum<Tab>::type sum_t;
  value_t ta[M * K];
  value_t tb[K * N];
  for (int j = 0; j < M * K / 32; j++)
    for (int s = 0; s < 32; s++) ta[j * 32 + s] = simd_shuffle(cu2m_wmma_operand((value_t)a.x[j], cu2m_wmma_tag<Tab>()), ushort(s & 31));
  for (int j = 0; j < K * N / 32; j++)
    for (int s = 0; s < 32; s++) tb[j * 32 + s] = simd_shuffle(cu2m_wmma_operand((value_t)b.x[j], cu2m_wmma_tag<Tab>()), ushort(s & 31));
  const unsigned lane = cu2m_wmma_lane(threadIdx, blockDim);
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
inline float __float_to_tf32(float f) {
  unsigned u = as_type<uint>(float(f));
  if ((u & 0x7f800000u) != 0x7f800000u) u = (u + 0x1000u) & 0xffffe000u;
  else if ((u & 0x007fffffu) != 0u) u = (u & 0xffffe000u) | 0x00400000u;
  return as_type<float>(uint(u));
}
#line 9 "wmma.cu"
#define WMMA_M 16
#define WMMA_N 16
#define WMMA_K 16

kernel void wmma_gemm(device const half* a [[buffer(0)]], device const half* b [[buffer(1)]], device const float* c [[buffer(2)]], device float* d [[buffer(3)]], constant int& m [[buffer(4)]], constant int& n [[buffer(5)]], constant int& k [[buffer(6)]], constant float& alpha [[buffer(7)]], constant float& beta [[buffer(8)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]], uint3 blockDim [[threads_per_threadgroup]], uint warpSize [[threads_per_simdgroup]])
{
  const int warpM = (blockIdx.x * blockDim.x + threadIdx.x) / warpSize;
  const int warpN = blockIdx.y * blockDim.y + threadIdx.y;
  fragment_<matrix_a, WMMA_M, WMMA_N, WMMA_K, half, col_major> aFrag;
  fragment_<matrix_b, WMMA_M, WMMA_N, WMMA_K, half, col_major> bFrag;
  fragment_<accumulator, WMMA_M, WMMA_N, WMMA_K, float> acc;
  fragment_<accumulator, WMMA_M, WMMA_N, WMMA_K, float> cFrag;
  fill_fragment(acc, 0.0f);
  for (int i = 0; i < k; i += WMMA_K) {
    const int aRow = warpM * WMMA_M, bCol = warpN * WMMA_N;
    if (aRow < m && bCol < n) {
      load_matrix_sync(threadIdx, blockDim, aFrag, a + aRow + i * m, m);
      load_matrix_sync(threadIdx, blockDim, bFrag, b + i + bCol * k, k);
      mma_sync(threadIdx, blockDim, acc, aFrag, bFrag, acc);
    }
  }
  const int cRow = warpM * WMMA_M, cCol = warpN * WMMA_N;
  if (cRow < m && cCol < n) {
    load_matrix_sync(threadIdx, blockDim, cFrag, c + cRow + cCol * m, m, mem_col_major);
    for (int i = 0; i < cFrag.num_elements; i++) cFrag.x[i] = alpha * acc.x[i] + beta * cFrag.x[i];
    store_matrix_sync(threadIdx, blockDim, d + cRow + cCol * m, cFrag, m, mem_col_major);
  }
}

kernel void tf32_tile(device const float* a [[buffer(0)]], device const float* b [[buffer(1)]], device float* d [[buffer(2)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockDim [[threads_per_threadgroup]])
{
  fragment_<matrix_a, 16, 16, 8, tf32, row_major> fa;
  fragment_<matrix_b, 16, 16, 8, tf32, row_major> fb;
  fragment_<accumulator, 16, 16, 8, float> acc;
  load_matrix_sync(threadIdx, blockDim, fa, a, 8);
  load_matrix_sync(threadIdx, blockDim, fb, b, 16);
  for (int i = 0; i < fa.num_elements; i++) fa.x[i] = __float_to_tf32(fa.x[i]);
  for (int i = 0; i < fb.num_elements; i++) fb.x[i] = __float_to_tf32(fb.x[i]);
  fill_fragment(acc, 0.0f);
  mma_sync(threadIdx, blockDim, acc, fa, fb, acc);
  store_matrix_sync(threadIdx, blockDim, d, acc, 16, mem_row_major);
}

kernel void staged(device const half* a [[buffer(0)]], device const half* b [[buffer(1)]], device float* d [[buffer(2)]], threadgroup half* tiles_mem [[threadgroup(0)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockDim [[threads_per_threadgroup]])
{
  threadgroup half (*tiles)[WMMA_K + 8] = (threadgroup half (*)[WMMA_K + 8])tiles_mem;
  for (int i = threadIdx.x; i < 2 * WMMA_M * WMMA_K; i += 32) tiles[i / WMMA_K][i % WMMA_K] = i < WMMA_M * WMMA_K ? a[i] : b[i - WMMA_M * WMMA_K];
  threadgroup_barrier(mem_flags::mem_device | mem_flags::mem_threadgroup);
  fragment_<matrix_a, WMMA_M, WMMA_N, WMMA_K, half, row_major> fa;
  fragment_<matrix_b, WMMA_M, WMMA_N, WMMA_K, half, row_major> fb;
  fragment_<accumulator, WMMA_M, WMMA_N, WMMA_K, float> acc;
  load_matrix_sync(threadIdx, blockDim, fa, &tiles[0][0], WMMA_K + 8);
  load_matrix_sync(threadIdx, blockDim, fb, &tiles[WMMA_M][0], WMMA_K + 8);
  fill_fragment(acc, 0.0f);
  mma_sync(threadIdx, blockDim, acc, fa, fb, acc);
  store_matrix_sync(threadIdx, blockDim, d, acc, WMMA_N, mem_row_major);
}

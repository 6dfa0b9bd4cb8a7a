// Warp matrix functions (our <mma.h>): a tiled half-precision GEMM, one warp per 16 x 16 tile of
// C, with an element-wise epilogue; a TF32 tile rounded in its fragment; operands staged in
// dynamic shared memory declared as rows.
#include <mma.h>
#include <cuda_fp16.h>

using namespace nvcuda;

#define WMMA_M 16
#define WMMA_N 16
#define WMMA_K 16

__global__ void wmma_gemm(const half *a, const half *b, const float *c, float *d, int m, int n, int k, float alpha, float beta)
{
  const int warpM = (blockIdx.x * blockDim.x + threadIdx.x) / warpSize;
  const int warpN = blockIdx.y * blockDim.y + threadIdx.y;
  wmma::fragment<wmma::matrix_a, WMMA_M, WMMA_N, WMMA_K, half, wmma::col_major> aFrag;
  wmma::fragment<wmma::matrix_b, WMMA_M, WMMA_N, WMMA_K, half, wmma::col_major> bFrag;
  wmma::fragment<wmma::accumulator, WMMA_M, WMMA_N, WMMA_K, float> acc;
  wmma::fragment<wmma::accumulator, WMMA_M, WMMA_N, WMMA_K, float> cFrag;
  wmma::fill_fragment(acc, 0.0f);
  for (int i = 0; i < k; i += WMMA_K) {
    const int aRow = warpM * WMMA_M, bCol = warpN * WMMA_N;
    if (aRow < m && bCol < n) {
      wmma::load_matrix_sync(aFrag, a + aRow + i * m, m);
      wmma::load_matrix_sync(bFrag, b + i + bCol * k, k);
      wmma::mma_sync(acc, aFrag, bFrag, acc);
    }
  }
  const int cRow = warpM * WMMA_M, cCol = warpN * WMMA_N;
  if (cRow < m && cCol < n) {
    wmma::load_matrix_sync(cFrag, c + cRow + cCol * m, m, wmma::mem_col_major);
    for (int i = 0; i < cFrag.num_elements; i++) cFrag.x[i] = alpha * acc.x[i] + beta * cFrag.x[i];
    wmma::store_matrix_sync(d + cRow + cCol * m, cFrag, m, wmma::mem_col_major);
  }
}

__global__ void tf32_tile(const float *a, const float *b, float *d)
{
  wmma::fragment<wmma::matrix_a, 16, 16, 8, wmma::precision::tf32, wmma::row_major> fa;
  wmma::fragment<wmma::matrix_b, 16, 16, 8, wmma::precision::tf32, wmma::row_major> fb;
  wmma::fragment<wmma::accumulator, 16, 16, 8, float> acc;
  wmma::load_matrix_sync(fa, a, 8);
  wmma::load_matrix_sync(fb, b, 16);
  for (int i = 0; i < fa.num_elements; i++) fa.x[i] = wmma::__float_to_tf32(fa.x[i]);
  for (int i = 0; i < fb.num_elements; i++) fb.x[i] = wmma::__float_to_tf32(fb.x[i]);
  wmma::fill_fragment(acc, 0.0f);
  wmma::mma_sync(acc, fa, fb, acc);
  wmma::store_matrix_sync(d, acc, 16, wmma::mem_row_major);
}

__global__ void staged(const half *a, const half *b, float *d)
{
  extern __shared__ half tiles[][WMMA_K + 8];
  for (int i = threadIdx.x; i < 2 * WMMA_M * WMMA_K; i += 32) tiles[i / WMMA_K][i % WMMA_K] = i < WMMA_M * WMMA_K ? a[i] : b[i - WMMA_M * WMMA_K];
  __syncthreads();
  wmma::fragment<wmma::matrix_a, WMMA_M, WMMA_N, WMMA_K, half, wmma::row_major> fa;
  wmma::fragment<wmma::matrix_b, WMMA_M, WMMA_N, WMMA_K, half, wmma::row_major> fb;
  wmma::fragment<wmma::accumulator, WMMA_M, WMMA_N, WMMA_K, float> acc;
  wmma::load_matrix_sync(fa, &tiles[0][0], WMMA_K + 8);
  wmma::load_matrix_sync(fb, &tiles[WMMA_M][0], WMMA_K + 8);
  wmma::fill_fragment(acc, 0.0f);
  wmma::mma_sync(acc, fa, fb, acc);
  wmma::store_matrix_sync(d, acc, WMMA_N, wmma::mem_row_major);
}

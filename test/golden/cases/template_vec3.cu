// A kernel template whose T may be a 3-component vector: memory positions of T (buffers,
// __shared__, pointers into memory, by-value parameters, sizeof) are cu2m_mem<T>, registers T.
#include <cstdio>

template <typename T>
__global__ void reverseScale(const T *in, T *out, T bias, int n, unsigned *sizes) {
  __shared__ T tile[64];
  int i = threadIdx.x;
  if (i < n) tile[i] = in[i];
  __syncthreads();
  const T *src = tile + (n - 1 - i);
  if (i < n) {
    T v = *src;
    v.x += bias.x;
    v.z += bias.z;
    T *dst = out + i;
    *dst = v;
  }
  if (i == 0) sizes[0] = sizeof(T);
}

// Warp operations become SIMD-group functions; the mask is dropped (the active lanes take part).
__global__ void warpOps(const int* in, int* out) {
  int v = in[threadIdx.x];
  int s = v;
  for (int offset = 16; offset > 0; offset >>= 1) s += __shfl_down_sync(0xffffffff, s, offset, 32);
  unsigned votes = __ballot_sync(0xffffffff, v > 0);
  if (__any_sync(0xffffffff, v < 0)) s = -s;
  __syncwarp();
  out[threadIdx.x] = s + __shfl_sync(0xffffffff, v, 0) + (int)votes + __reduce_max_sync(0xffffffff, v);
}

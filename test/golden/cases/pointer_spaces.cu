// Pointer fields of kernel-local structs in the memory their stores point into, and a template
// defined only by explicit specialisations called with thread arrays.
template <typename T, int W>
__device__ void load(T *dst, const T *src);

template <>
__device__ void load<float, 2>(float *dst, const float *src) {
  dst[0] = src[0];
  dst[1] = src[1];
}

struct Cursor {
  float *at;
  int left;
};

struct Link {
  Link *next;
  float w;
};

__device__ float drain(Cursor c) {
  float s = 0.0f;
  while (c.left-- > 0) s += *c.at++;
  return s;
}

__global__ void gather(const float *in, float *out) {
  __shared__ Link chain[64];
  float pair[2];
  load<float, 2>(pair, in + 2 * threadIdx.x);
  Cursor c;
  c.at = pair;
  c.left = 2;
  chain[threadIdx.x].w = pair[0];
  chain[threadIdx.x].next = &chain[(threadIdx.x + 1) % 64];
  __syncthreads();
  out[threadIdx.x] = drain(c) + chain[threadIdx.x].next->w;
}

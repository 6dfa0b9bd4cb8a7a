// What Metal cannot express keeps C2M1005, with the reason: returns into different memories, a
// pointer to a pointer whose pointers' memory is not known (the address of that local pointer),
// and a local pointer that may point into shared or device memory.
__device__ float *choose(float *a, bool f) {
  float l[2] = {0, 1};
  if (f) return a;
  return l;
}

__device__ void swap_ptr(float **x, float **y) {
  float *t = *x;
  *x = *y;
  *y = t;
}

__global__ void refused(float *d, int n) {
  __shared__ float s[32];
  s[threadIdx.x] = d[threadIdx.x];
  float *p = n > 0 ? d : s;
  float *q = d + 1;
  swap_ptr(&p, &q);
  d[0] = *choose(d, n > 1) + p[0];
}

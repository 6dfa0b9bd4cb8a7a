// Float special functions: GELU with erff, a normal tail with normcdff, the log-likelihood of a
// Poisson count with lgammaf, a vector length with norm3df, and a phase folded with remquof.
__global__ void gelu(const float* x, float* y, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = 0.5f * x[i] * (1.0f + erff(x[i] * 0.70710678f));
}

__global__ void poisson_loglik(const int* k, const float* lambda, float* out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  float l = lambda[i];
  out[i] = k[i] * logf(l) - l - lgammaf(k[i] + 1.0f) + normcdff(-l);
}

__global__ void lengths(const float3* v, float* len, int* octant, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  float3 p = v[i];
  len[i] = norm3df(p.x, p.y, p.z);
  float phase = remquof(p.x, 3.14159265f, &octant[i]);
  len[n + i] = phase;
}

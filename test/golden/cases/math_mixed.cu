// min/max/abs with mixed or literal argument types, and nextafterf (a helper below MSL 3.1).
__global__ void mixed(const unsigned* u, const int* s, const short* h, long long* out, float* f, int n) {
  unsigned x = u[threadIdx.x];
  int a = s[threadIdx.x];
  long long wide = out[0];
  short small = h[0];
  out[1] = min(x, 0);
  f[0] = max(a, 1.0f);
  out[2] = max(n - 1, blockDim.x);
  out[3] = llabs(a);
  out[4] = max(wide, x);
  out[5] = abs(small) + abs((char)a) + abs(a);
  out[6] = umax(a, 3) + llmin(a, wide);
  out[7] = min(x + 1u, 2) + max(-a, 0);
  f[1] = fmaxf(a, 0) + nextafterf(f[2], 0.0f);
}

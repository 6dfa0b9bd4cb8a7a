// Float math Metal lacks, a conversion with a rounding mode, a directed-rounding add and a SIMD video
// intrinsic: each a helper emitted once, only these (src/translate/tables/floatMath.ts).
__global__ void fmath(float* p, unsigned* u, int* k) {
  int i = threadIdx.x;
  p[i] = hypotf(p[i], 1.0f) + cbrtf(p[i]) + nearbyintf(p[i]) + __fadd_ru(p[i], 1e-8f);
  k[i] = __float2int_rd(p[i]) + (int)lroundf(p[i]);
  u[i] = __vmaxs4(u[i], 0u);
}

// A temporary bound to a const T& of a helper that writes memory or takes the parameter's address
// (so it keeps its reference): materialised into a thread local of the caller (src/translate/materialise.ts).
#include <cstdio>

struct Pair { float a, b; };

__device__ float accumulate(float *out, const Pair &p) { const Pair *q = &p; out[0] += q->a * p.b; return p.a; }
__device__ bool store(float *out, const float &v) { out[1] = v * 2.0f; return v > 0.0f; }

__global__ void materialise(const float *in, float *out, int n) {
  int i = threadIdx.x;
  Pair local = {in[0], 2.0f};
  float r = accumulate(out, Pair{in[1], 3.0f}) + accumulate(out, local);
  if (i < n && store(out + 2 * i, in[i] * 2.0f)) r += 1.0f;
  if (i == 0)
    store(out, r + 1.0f);
  for (int k = 0; k < 2; k++) store(out + k, in[k] - 1.0f);
}

// Lambdas in device code become functor structs before their function (src/translate/lambdas.ts).
__constant__ float c_scale[2];

template <class F>
__device__ float applyTwice(F f, float x) { return f(f(x)); }

__global__ void lambdas(float *p, int n) {
  __shared__ float tile[64];
  int count = 0;
  float bias = 0.5f;
  auto bump = [&](int by) { count += by; };             // by reference: a thread reference member
  auto shift = [=](float v) { return v + bias + count; }; // by value: copies
  auto lane = [](float v) { return __shfl_xor_sync(0xffffffff, v, 1) + threadIdx.x; }; // built-in: a member too
  auto read = [&tile](int j) -> float { return tile[j % 64] * c_scale[0]; };
  auto add = [](auto a, auto b) { return a + b; };        // generic: a template operator()
  tile[threadIdx.x] = p[threadIdx.x];
  __syncthreads();
  bump(2);
  p[threadIdx.x] = shift(read(threadIdx.x)) + lane(p[0]) + applyTwice([bias](float v) { return v * bias; }, 2.0f) + add(1, 2);
}

template <typename T>
__global__ void scaled(T *p, T s) {
  auto mul = [s](T v) { return v * s; };
  p[threadIdx.x] = mul(p[threadIdx.x]);
}

__global__ void pointersAndConstants(float *p) {
  constexpr int N = 4;
  __shared__ float t[32];
  auto copy = [](float *dst, const float *src, int i) { dst[i] = src[i]; }; // spaces from the calls: a template
  auto first = [=](const float *q) { float a[N]; for (int j = 0; j < N; j++) a[j] = q[j]; return a[0]; }; // N: a constant
  copy(t, p, threadIdx.x);
  copy(p, t, threadIdx.x);
  p[0] = first(p);
}

// double in device code (default --double=soft): f64 in buffers, struct fields, parameters,
// __constant__ and shared memory; literals as exact bits; conversions; the exact math functions and
// pow/sin/atan2 (double-double on the soft operations).
#define ALPHA 0.92

struct Sample {
  double value;
  int count;
};

__constant__ double c_offset;

__device__ double blend(double a, double b) { return ALPHA * a + (1.0 - ALPHA) * b; }

__global__ void update(double* Bn, const unsigned char* img, Sample* s, double gain, float* f, int n) {
  __shared__ double tile[64];
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  tile[threadIdx.x] = Bn[i];
  Bn[i] = blend(tile[threadIdx.x], img[i]) * gain + c_offset;
  s[i].value += 0.5 * s[i].count;
  double r = sqrt((double)i) + fma(Bn[i], 2.0, -1.0);
  r = r > 1e3 ? r : -r;
  f[i] = (float)r + sqrtf(Bn[i]) + floor(r) + sizeof(double);
  s[i].count = (int)fabs(r);
  Bn[i] += pow(r, 2) + sin(r) * atan2(r, 2.0f) + fmod(r, 3) + ldexp(r, n);
}

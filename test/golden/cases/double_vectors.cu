// double2/double3/double4 under software double: structs of f64 with CUDA's layouts.
#include <cmath>

#define VEC double4

struct Particle {
  double3 pos;
  double mass;
};

__host__ __device__ inline double3 operator+(const double3 &a, const double3 &b) { return make_double3(a.x + b.x, a.y + b.y, a.z + b.z); }
__host__ __device__ inline double2 cmul(double2 a, double2 b) { return make_double2(a.x * b.x - a.y * b.y, a.x * b.y + a.y * b.x); }

__global__ void step(Particle *p, const VEC *__restrict__ f, double2 *z, double3 shift, int n) {
  __shared__ double3 s[128];
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  VEC fi = f[i];
  s[threadIdx.x] = p[i].pos + make_double3(fi.x, fi.y, fi.z);
  __syncthreads();
  p[i].pos = s[threadIdx.x] + shift;
  p[i].mass += fi.w * 0.5 + sizeof(double3);
  z[i] = cmul(z[i], make_double2(cos(M_PI / 8), sin(M_PI / 8)));
}

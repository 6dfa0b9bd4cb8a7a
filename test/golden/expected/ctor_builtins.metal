// ctor_builtins.cu translated to Metal Shading Language by cu2metal 0.1.0.
// Readable output: edit freely. #line directives map every line back to the CUDA source.
#include <metal_stdlib>
using namespace metal;
#define __CUDA_ARCH__ 800 // device code of the .cu takes its __CUDA_ARCH__ branches
#line 1 "ctor_builtins.cu"
// Constructors that read built-ins take them as hidden parameters; each construction site passes them.
int laneOf(uint3 threadIdx) { return threadIdx.x % 32; }

#define ROW (blockIdx.y * blockDim.y + threadIdx.y)

struct Pixel {
  int row, lane;
  Pixel(uint3 threadIdx, uint3 blockIdx, uint3 blockDim, int stride) : lane(laneOf(threadIdx)) { row = ROW * stride; }
  Pixel(const thread Pixel &o) : row(o.row), lane(o.lane) {}
};

template <int N>
struct Strip {
  int first;
  Strip(uint3 threadIdx) : first(threadIdx.x * N) {}
};

kernel void rows(device int* out [[buffer(0)]], constant int& stride [[buffer(1)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]], uint3 blockDim [[threads_per_threadgroup]]) {
  typedef Strip<4> S4;
  const Pixel p(threadIdx, blockIdx, blockDim, (stride));
  Pixel q{threadIdx, blockIdx, blockDim, stride + 1};
  Pixel r = p;
  S4 s(threadIdx);
  out[threadIdx.x] = p.row + q.lane + r.row + s.first + S4(threadIdx).first + Pixel(threadIdx, blockIdx, blockDim, 2).row;
}

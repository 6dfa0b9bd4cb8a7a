// members.cu translated to Metal Shading Language by cu2metal 0.1.0.
// Readable output: edit freely. #line directives map every line back to the CUDA source.
#include <metal_stdlib>
using namespace metal;
#define __CUDA_ARCH__ 800 // device code of the .cu takes its __CUDA_ARCH__ branches
#line 7 "members.cu"
struct Block1D {
  static int Tid(uint3 threadIdx) { return threadIdx.x; }
  static int Warps(uint3 blockDim) { return blockDim.x / 32; }
  static int Global(uint3 threadIdx, uint3 blockIdx, uint3 blockDim) { return blockIdx.x * blockDim.x + Tid(threadIdx); }
};

template <typename T>
struct Vec2 {
  T a, b;
  Vec2 operator/(T s) const {
    ((void)0);
    return Vec2{a / s, b / s};
  }
  T lane(uint3 threadIdx) const { return a + (T)(Block1D::Tid(threadIdx) % 32); }
  friend T dot(const thread Vec2& u, const thread Vec2& v) { return u.a * v.a + u.b * v.b; }
};

class Divisor {
 public:
  Divisor(int d) : d_(d) {}
  operator int() const { return d_; }
 private:
  int d_;
};
#line 34 "members.cu"
float neighbour(uint3 blockDim, threadgroup uchar* cu2m_dynamic_shared, int t) { threadgroup float* tile = (threadgroup float*)cu2m_dynamic_shared; /* extern __shared__ tile[] */ return tile[(t + 1) % blockDim.x]; }

template <typename B>
int code(uint3 threadIdx, uint3 blockIdx, uint3 blockDim) { return B::Global(threadIdx, blockIdx, blockDim) * 4 + B::Warps(blockDim); }

kernel void members(device const float* in [[buffer(0)]], device float* out [[buffer(1)]], device int* codes [[buffer(2)]], constant Divisor& d [[buffer(3)]], threadgroup float* tile [[threadgroup(0)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]], uint3 blockDim [[threads_per_threadgroup]]) {
  Block1D blk;
  const int i = blk.Global(threadIdx, blockIdx, blockDim);
  tile[Block1D::Tid(threadIdx)] = in[i];
  threadgroup_barrier(mem_flags::mem_device | mem_flags::mem_threadgroup);
  Vec2<float> v{in[i], 2.0f};
  Vec2<float> h = v / 2.0f;
  out[i] = h.lane(threadIdx) + dot(h, v) + neighbour(blockDim, (threadgroup uchar*)tile, Block1D::Tid(threadIdx));
  codes[i] = code<Block1D>(threadIdx, blockIdx, blockDim) + i / (int)d;
}

// temp_storage_alias.cu translated to Metal Shading Language by cu2metal 0.1.0.
// Readable output: edit freely. #line directives map every line back to the CUDA source.
#include <metal_stdlib>
using namespace metal;
#define __CUDA_ARCH__ 800 // device code of the .cu takes its __CUDA_ARCH__ branches
#line 1 "temp_storage_alias.cu"
// Collective storage the CUB way: a layout wrapped in raw storage whose Alias() returns it by
// reference (threadgroup and device copies of the member), bound to a reference member in the
// constructor, in a __shared__ union reused after __syncthreads.
template <typename T>
struct Raw {
  unsigned int words[(sizeof(T) + 3) / 4];
  thread T &Alias() thread { return reinterpret_cast<thread T &>(*this); }
  threadgroup T &Alias() threadgroup { return reinterpret_cast<threadgroup T &>(*this); }
};
#line 10 "temp_storage_alias.cu"
template <int THREADS>
class Rotate {
  struct Layout {
    float slots[THREADS];
  };
  threadgroup Layout &layout;

 public:
  struct TempStorage : Raw<Layout> {};
  Rotate(threadgroup TempStorage &storage) : layout(storage.Alias()) {}
  float By(uint3 threadIdx, float v, int k) {
    layout.slots[(threadIdx.x + k) % THREADS] = v;
    threadgroup_barrier(mem_flags::mem_device | mem_flags::mem_threadgroup);
    float out = layout.slots[threadIdx.x];
    threadgroup_barrier(mem_flags::mem_device | mem_flags::mem_threadgroup);
    return out;
  }
};

struct Totals {
  float sum;
  int n;
};

kernel void rotateTwice(device const float* in [[buffer(0)]], device float* out [[buffer(1)]], uint3 threadIdx [[thread_position_in_threadgroup]]) {
  threadgroup union {
    Rotate<128>::TempStorage rotate;
    Raw<Totals> totals;
  } temp;
  float v = Rotate<128>(temp.rotate).By(threadIdx, in[threadIdx.x], 3);
  threadgroup_barrier(mem_flags::mem_device | mem_flags::mem_threadgroup);
  threadgroup Totals &t = temp.totals.Alias();
  if (threadIdx.x == 0) t.n = 0;
  threadgroup_barrier(mem_flags::mem_device | mem_flags::mem_threadgroup);
  out[threadIdx.x] = v + (float)t.n;
}

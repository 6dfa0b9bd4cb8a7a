// address_spaces.cu translated to Metal Shading Language by cu2metal 0.1.0.
// Readable output: edit freely. #line directives map every line back to the CUDA source.
#include <metal_stdlib>
using namespace metal;
#define __CUDA_ARCH__ 800 // device code of the .cu takes its __CUDA_ARCH__ branches
// Helpers for CUDA functions Metal lacks (emitted because this file uses them)
constant char cu2m_str_0[] = "expa"; // a string literal the device code points into
#line 1 "address_spaces.cu"
// Address spaces real programs need: null and commented arguments, `c ? a : b` references,
// array members, `auto` pointers, members pointing into their object, string literals, helpers
// returning pointers (one overload per space).
struct Fe {
  unsigned n[4];
};

struct Block {
  unsigned state[4];
  Block(const device unsigned char *key) {
    const constant unsigned char *magic = (const constant unsigned char *)cu2m_str_0;
    for (int i = 0; i < 4; i++) state[i] = key[i] ^ magic[i];
  }
  void step() thread {
    thread unsigned *counter = state + 3;
    counter[0]++;
  }
};

void fe_add(thread unsigned *r, const device unsigned *a) {
  for (int i = 0; i < 4; i++) r[i] += a[i];
}
#line 20 "address_spaces.cu"
void fe_add(device unsigned *r, const thread unsigned *a) {
  for (int i = 0; i < 4; i++) r[i] += a[i];
}

float total(device float *partial, const device float *in, int n) {
  float s = 0.0f;
  for (int i = 0; i < n; i++) s += in[i];
  if (partial) *partial = s;
  return s;
}

bool before(const thread int &a, const thread int &b) { return a < b; }

threadgroup float *row_of(threadgroup float *base, int row, int width) { return base + row * width; }
#line 33 "address_spaces.cu"
device float *row_of(device float *base, int row, int width) { return base + row * width; }

kernel void spaces(device Fe* fe [[buffer(0)]], device const float* in [[buffer(1)]], device float* out [[buffer(2)]], device const unsigned char* keys [[buffer(3)]], constant int& width [[buffer(4)]], uint3 threadIdx [[thread_position_in_threadgroup]]) {
  threadgroup float tile[64];
  int t = threadIdx.x;
  Fe local = fe[t];
  fe_add(local.n, fe[t + 1].n);
  fe_add(fe[t].n, local.n);
  out[t] = total(/* partial */ nullptr, in + t, 4) + total(nullptr, in, 2);
  int a = t, b = width - t;
  bool f = (t & 1) == 0;
  out[t] += before(f ? a : b, f ? b : a) ? 1.0f : 0.0f;
  const auto src = in + 2 * t;
  float2 v = *(reinterpret_cast<const device float2 *>(src));
  tile[t] = v.x + v.y;
  threadgroup_barrier(mem_flags::mem_device | mem_flags::mem_threadgroup);
  threadgroup float *r = row_of(tile, t / width, width);
  *row_of(out, 1, width) = r[0];
  Block blk(keys + 4 * t);
  blk.step();
  out[t] += blk.state[3];
}

// regressions2.cu translated to Metal Shading Language by cu2metal 0.1.0.
// Readable output: edit freely. #line directives map every line back to the CUDA source.
#include <metal_stdlib>
using namespace metal;
#define __CUDA_ARCH__ 800 // device code of the .cu takes its __CUDA_ARCH__ branches
// Helpers for CUDA functions Metal lacks (emitted because this file uses them)
// __ffs: 1-based position of the least significant set bit, 0 for 0
inline int cu2m_ffs(int x) { return x == 0 ? 0 : int(ctz(x)) + 1; }
// sincosf(x, &s, &c) with s and c in any address space (MSL returns sin, writes cos to a thread reference)
template <typename P, typename Q> inline void cu2m_sincos(float x, P s, Q c) { float cv; *s = sincos(x, cv); *c = cv; }
// frexpf(x, &e) with e in any address space (MSL takes a thread reference)
template <typename P> inline float cu2m_frexp(float x, P e) { int t; float m = frexp(x, t); *e = t; return m; }
#line 1 "regressions2.cu"
// Second review round: each of these once produced MSL that did not compile.
#define CLAMP01(v) fmin(fmax((v), 0.0f), 1.0f)

void put(uint3 threadIdx, device float* p, float v) { p[threadIdx.x] = v; }
float sumN(const threadgroup float *v, int n) { float s = 0.0f; for (int i = 0; i < n; ++i) s += v[i]; return s; }
float corner(threadgroup float (*t)[5]) { return t[3][4]; }
float load(uint3 threadIdx, const device float* p) { return p[threadIdx.x]; }
float load(uint3 threadIdx, const device float* p, int i) { return p[i]; }
float vertex_(float x) { return x; }
void order(thread int& lo, thread int& hi) { if (lo > hi) { int t = lo; lo = hi; hi = t; } }
#line 16 "regressions2.cu"
kernel void round2(device float* out [[buffer(0)]], device int* bits [[buffer(1)]], constant int& lo_arg [[buffer(2)]], constant int& hi_arg [[buffer(3)]], constant float4& color_arg [[buffer(4)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]], uint3 blockDim [[threads_per_threadgroup]])
{ int lo = lo_arg; int hi = hi_arg; float4 color = color_arg;
#define GX (blockIdx.x * blockDim.x + threadIdx.x)
    threadgroup float s[4];
    threadgroup float t[4][5];
    s[threadIdx.x % 4] = 1.0f;
    t[threadIdx.x % 4][threadIdx.x % 5] = 2.0f;
    threadgroup_barrier(mem_flags::mem_device | mem_flags::mem_threadgroup);
    order(lo, hi);
    color.w = 1.0f;
    put(threadIdx, out, vertex_(sumN(s, 4) + corner(t)) + load(threadIdx, out) + load(threadIdx, out, 0) + CLAMP01(color.x));
    bits[GX] = cu2m_ffs(bits[GX]++) + hi - lo;
#undef GX
}

// min/max of int and unsigned take CUDA's unsigned overload; output pointers of sincosf/frexpf
// may point into device or threadgroup memory.
kernel void mixedArgs(device const float* x [[buffer(0)]], device float* s [[buffer(1)]], device float* c [[buffer(2)]], device int* e [[buffer(3)]], constant int& n [[buffer(4)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]], uint3 blockDim [[threads_per_threadgroup]])
{
    threadgroup int se[32];
    int base = blockIdx.x * 4;
    int count = min(uint(n - base), blockDim.x);
    cu2m_sincos(x[threadIdx.x], &s[threadIdx.x], &c[threadIdx.x]);
    s[0] += cu2m_frexp(x[0], &e[0]) + cu2m_frexp(x[1], &se[threadIdx.x % 32]) + count;
}

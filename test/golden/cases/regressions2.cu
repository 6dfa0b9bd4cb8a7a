// Second review round: each of these once produced MSL that did not compile.
#define CLAMP01(v) fminf(fmaxf((v), 0.0f), 1.0f)

__device__ void put(float* p, float v) { p[threadIdx.x] = v; }
__device__ float sumN(const float v[], int n) { float s = 0.0f; for (int i = 0; i < n; ++i) s += v[i]; return s; }
__device__ float corner(float t[4][5]) { return t[3][4]; }
__device__ float load(const float* p) { return p[threadIdx.x]; }
__device__ float load(const float* p, int i) { return p[i]; }
__device__ float vertex(float x) { return x; }
__device__ void order(int& lo, int& hi) { if (lo > hi) { int t = lo; lo = hi; hi = t; } }

#if 0
__global__ void retired(float* a) { a[0] = printf("gone"); }
#endif

__global__ void round2(float* out, int* bits, int lo, int hi, float4 color)
{
#define GX (blockIdx.x * blockDim.x + threadIdx.x)
    __shared__ float s[4];
    __shared__ float t[4][5];
    s[threadIdx.x % 4] = 1.0f;
    t[threadIdx.x % 4][threadIdx.x % 5] = 2.0f;
    __syncthreads();
    order(lo, hi);
    color.w = 1.0f;
    put(out, vertex(sumN(s, 4) + corner(t)) + load(out) + load(out, 0) + CLAMP01(color.x));
    bits[GX] = __ffs(bits[GX]++) + hi - lo;
#undef GX
}

// min/max of int and unsigned take CUDA's unsigned overload; output pointers of sincosf/frexpf
// may point into device or threadgroup memory.
__global__ void mixedArgs(const float* x, float* s, float* c, int* e, int n)
{
    __shared__ int se[32];
    int base = blockIdx.x * 4;
    int count = min(n - base, blockDim.x);
    sincosf(x[threadIdx.x], &s[threadIdx.x], &c[threadIdx.x]);
    s[0] += frexpf(x[0], &e[0]) + frexpf(x[1], &se[threadIdx.x % 32]) + count;
}

// Metal has no recursion: a cycle in the device call graph that a kernel reaches is an error at the
// call that closes it; an unused recursive helper is left out with a warning.
__device__ int factorial(int n)
{
    return n <= 1 ? 1 : n * factorial(n - 1);
}

__device__ bool isOdd(unsigned n);
__device__ bool isEven(unsigned n) { return n == 0 ? true : isOdd(n - 1); }
__device__ bool isOdd(unsigned n) { return n == 0 ? false : isEven(n - 1); }

// Overloads told apart by argument count are not recursion.
__device__ float scale(float v, float s) { return v * s; }
__device__ float scale(float v) { return scale(v, 2.0f); }


__device__ int unusedDepth(int n) { return n == 0 ? 0 : 1 + unusedDepth(n / 2); }

__global__ void recursive(int* out, float* f)
{
    int i = threadIdx.x;
    out[i] = factorial(i) + (isEven(i) ? 1 : 0);
    f[i] = scale(f[i]);
}

// Overloads of one arity and CUDA built-in names need types to resolve: not counted as recursion.
__device__ float2 fmaxf(float2 a, float2 b) { return make_float2(fmaxf(a.x, b.x), fmaxf(a.y, b.y)); }
__device__ int2 twice(int2 v) { return make_int2(twice(v.x), twice(v.y)); }
__device__ int twice(int v) { return 2 * v; }

__global__ void overloads(float2* f, int2* i)
{
    f[0] = fmaxf(f[0], f[1]);
    i[0] = twice(i[0]);
}

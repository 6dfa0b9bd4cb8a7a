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

// `cu2metal check` names every refused construct of a file, each once, at its line: in kernel
// templates no launch instantiates, in launched templates (two instances, one report), in
// device-function templates, lambdas, macros, several kernels, device functions no kernel calls
// (notes under warning C2M1014) and host code.
#include <cooperative_groups.h>
namespace cg = cooperative_groups;

#define COUNT_POSITIVE(x) __vabsdiff4((x) > 0, 0)

template <typename T>
__global__ void neverLaunched(T *p)
{
    int c = __vabsdiff4(p[0] > 0, 1);
    __prof_trigger(14);
    p[threadIdx.x] = T(c);
}

template <typename T>
__global__ void launchedTwice(T *p)
{
    int all = __vabsdiff2(p[0] > 0, 1);
    void *m = malloc(16);
    p[threadIdx.x] = T(all);
    free(m);
}

template <typename T>
__device__ T votes(T x)
{
    return T(__vabsdiff4(x > 0, 0)) + x;
}

// Called with a device pointer and a threadgroup pointer: two MSL instances, one report.
__device__ float firstOf(float *q)
{
    __prof_trigger(100);
    return q[0];
}

__device__ float unusedHelper(float *q)
{
    __prof_trigger(0);
    return q[0] + __cvta_generic_to_global(q);
}

__device__ int depth(int n) { return n <= 0 ? 0 : depth(n - 1) + 1; }

__device__ float square(float x) { return x * x; }

struct Shape {
    float r;
    __device__ virtual float area() const { return r * r; }
};

__global__ void child(float *p) { p[0] = 1.0f; }

__global__ void kernelA(float *p, long3 *wide)
{
    __shared__ float tile[32];
    tile[threadIdx.x] = p[threadIdx.x];
    auto twice = [](float x) { return 2.0f * x; };
    p[0] = twice(p[1]) + votes<float>(p[2]) + firstOf(p) + firstOf(tile);
    p[1] = float(depth(3));
    float (*f)(float) = square;
    p[2] = f(p[3]);
    asm volatile("membar.gl;");
    wide[0].x = 1;
}

__global__ void kernelB(double *d, int *q)
{
    cg::grid_group grid = cg::this_grid();
    atomicMax(d, 1.0);
    switch (q[2]) { case 1: grid.sync(); break; default: break; } // (at the top level the kernel would be split there)
    int *tmp = new int[4];
    q[0] = COUNT_POSITIVE(q[1]) + tmp[0];
    delete[] tmp;
    child<<<1, 1>>>((float *)d);
    Shape s;
    s.r = 1.0f;
    d[1] = s.area();
}

int main()
{
    float *p;
    int *q;
    cudaMalloc(&p, 64 * sizeof(float));
    cudaMalloc(&q, 64 * sizeof(int));
    launchedTwice<float><<<1, 32>>>(p);
    launchedTwice<int><<<1, 32>>>(q);
    kernelA<<<1, 32>>>(p, nullptr);
    kernelB<<<1, 32>>>(nullptr, q);
    void *resource = nullptr; // graphics interop: not in the runtime API table
    cudaGraphicsUnregisterResource(resource);
    cuInit(0);
    return 0;
}

// Cases found in review: each once translated wrongly.
#define GID (blockIdx.x * blockDim.x + threadIdx.x)

struct Launch { dim3 shape; float thread; };

#ifdef FAST
__device__ float scaleOf(const float* p) { return p[0]; }
#else
__device__ float scaleOf(const float* p) { return 2.0f * p[0]; }
#endif

__host__ __device__ float hostOrDevice(float v)
{
#ifdef __CUDA_ARCH__
    return v * 2.0f;
#else
    printf("host path\n");
    return v;
#endif
}

__device__ float withDefault(float x, float s = 2.0f) { return x * s + threadIdx.x; }

__global__ void regressions(float* o, const dim3* shapes, Launch* launches, float[], int)
{
    __shared__ float s[64];
    float acc, *p, *q = o;            // one declaration, three memories
    p = s;
    acc = GID;                         // built-ins through a macro
    p[threadIdx.x] = acc + shapes[0].y + launches[0].thread;
    int e;
    float m = frexpf(acc, &e) + hostOrDevice(scaleOf(o)) + withDefault(acc);
    __syncthreads();
    q[threadIdx.x] = s[63 - threadIdx.x] + m + e;
}

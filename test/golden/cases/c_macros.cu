// C library macros in device code: Metal has neither NULL nor the <stdint.h> limits (nullptr, INT_MAX...).
#include <cstdio>
#include <cstdint>
#include <cuda_runtime.h>
__global__ void k(const float* in, int* out, int n)
{
    int i = threadIdx.x;
    const float* p = i < n ? in : NULL;
    out[i] = (p != NULL ? (int)p[i] : INT32_MAX) + (INT32_MIN < 0 ? 1 : 0) + (UINT32_MAX > 0u ? 1 : 0);
}
int main()
{
    float h[32]; for (int i = 0; i < 32; ++i) h[i] = (float)i;
    float* in; int* out; cudaMalloc(&in, sizeof(h)); cudaMalloc(&out, 32 * sizeof(int));
    cudaMemcpy(in, h, sizeof(h), cudaMemcpyHostToDevice);
    k<<<1, 32>>>(in, out, 16);
    int r[32]; cudaMemcpy(r, out, sizeof(r), cudaMemcpyDeviceToHost);
    printf("%d %d\n", r[3], r[20]);
    return 0;
}

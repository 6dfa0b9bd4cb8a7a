// launches.cu host program rewritten by cu2metal: kernels run through the cu2metal runtime.
#include <cuda_runtime.h>
#line 1 "launches.cu"
#include <cstdio>
#include <cuda_runtime.h>



/* __global__ scale: device code translated to Metal (see the .metal file); this host stub launches it */
void scale(float* data, float k, int n) {
  static const cu2m_param_info cu2m_params[] = {{"data", CU2M_ARG_BUFFER, sizeof(void*), CU2M_ELEM_F32, 4u, 1u}, {"k", CU2M_ARG_SCALAR, sizeof(k), CU2M_ELEM_BYTES, 0u, 0u}, {"n", CU2M_ARG_SCALAR, sizeof(n), CU2M_ELEM_BYTES, 0u, 0u}};
  static const cu2m_kernel_info cu2m_kernel = {"scale", "launches.cu", 6u, 3u, cu2m_params, 0u, 0u};
  CU2M_REGISTER_KERNEL(cu2m_kernel, scale);
  void* cu2m_args[] = {(void*)&data, (void*)&k, (void*)&n};
  cu2mLaunchKernel(&cu2m_kernel, cu2m_args);
}
#line 11 "launches.cu"

/* __global__ reduce: device code translated to Metal (see the .metal file); this host stub launches it */
void reduce(const float* in, float* out) {
  static const cu2m_param_info cu2m_params[] = {{"in", CU2M_ARG_BUFFER, sizeof(void*), CU2M_ELEM_F32, 4u, 0u}, {"out", CU2M_ARG_BUFFER, sizeof(void*), CU2M_ELEM_F32, 4u, 1u}};
  static const cu2m_kernel_info cu2m_kernel = {"reduce", "launches.cu", 12u, 2u, cu2m_params, CU2M_KERNEL_USES_BARRIERS | CU2M_KERNEL_DYNAMIC_SHARED, 0u};
  CU2M_REGISTER_KERNEL(cu2m_kernel, reduce);
  void* cu2m_args[] = {(void*)&in, (void*)&out};
  cu2mLaunchKernel(&cu2m_kernel, cu2m_args);
}
#line 19 "launches.cu"

int main()
{
    float* d = nullptr;
    cudaStream_t stream = 0;
    int n = 1000;
    (cu2mPushCallConfiguration((n + 255) / 256, 256), scale(d, 2.0f, n));
    (cu2mPushCallConfiguration(dim3(4, 1, 1), dim3(256)), scale(d + 8, 0.5f, n - 8));
    (cu2mPushCallConfiguration(1, 128, 128 * sizeof(float), stream), reduce(d, d + 512));
    printf("%s\n", cudaGetErrorString(cudaGetLastError()));
    return 0;
}

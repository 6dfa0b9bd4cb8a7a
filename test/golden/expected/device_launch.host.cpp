// device_launch.cu host program rewritten by cu2metal: kernels run through the cu2metal runtime.
#include <cuda_runtime.h>
#line 1 "device_launch.cu"
// Launches from device code (dynamic parallelism): records in the printf buffer that the runtime
// launches after the parent grid (src/translate/deviceLaunch.ts).
#include <cstdio>

struct Span {
  int first;
  int count;
};

/* __global__ scale: device code translated to Metal (see the .metal file); this host stub launches it */
void scale(float *data, Span span, float factor) {
  static const cu2m_param_info cu2m_params[] = {{"data", CU2M_ARG_BUFFER, sizeof(void*), CU2M_ELEM_F32, 4u, 1u}, {"span", CU2M_ARG_SCALAR, sizeof(span), CU2M_ELEM_BYTES, 0u, 0u}, {"factor", CU2M_ARG_SCALAR, sizeof(factor), CU2M_ELEM_BYTES, 0u, 0u}};
  static const cu2m_kernel_info cu2m_kernel = {"scale", "device_launch.cu", 10u, 3u, cu2m_params, 0u, 0u};
  CU2M_REGISTER_KERNEL(cu2m_kernel, scale);
  void* cu2m_args[] = {(void*)&data, (void*)&span, (void*)&factor};
  cu2mLaunchKernel(&cu2m_kernel, cu2m_args);
}
#line 14 "device_launch.cu"

/* __global__ done: device code translated to Metal (see the .metal file); this host stub launches it */
void done(const float *data) {
  static const cu2m_param_info cu2m_params[] = {{"data", CU2M_ARG_BUFFER, sizeof(void*), CU2M_ELEM_F32, 4u, 0u}, {"cu2m_printf_buffer", CU2M_ARG_SYMBOL, sizeof(void*), CU2M_ELEM_U32, 4u, 1u}};
  static const cu2m_kernel_info cu2m_kernel = {"done", "device_launch.cu", 15u, 2u, cu2m_params, 0u, 0u};
  CU2M_REGISTER_KERNEL(cu2m_kernel, done);
  void* cu2m_args[] = {(void*)&data};
  cu2mLaunchKernel(&cu2m_kernel, cu2m_args);
}
#line 16 "device_launch.cu"






/* __global__ parent: device code translated to Metal (see the .metal file); this host stub launches it */
void parent(float *data, int n) {
  static const cu2m_param_info cu2m_params[] = {{"data", CU2M_ARG_BUFFER, sizeof(void*), CU2M_ELEM_F32, 4u, 1u}, {"n", CU2M_ARG_SCALAR, sizeof(n), CU2M_ELEM_BYTES, 0u, 0u}, {"cu2m_printf_buffer", CU2M_ARG_SYMBOL, sizeof(void*), CU2M_ELEM_U32, 4u, 1u}};
  static const cu2m_kernel_info cu2m_kernel = {"parent", "device_launch.cu", 22u, 3u, cu2m_params, CU2M_KERNEL_DEVICE_LAUNCHES, 0u};
  CU2M_REGISTER_KERNEL(cu2m_kernel, parent);
  void* cu2m_args[] = {(void*)&data, (void*)&n};
  cu2mLaunchKernel(&cu2m_kernel, cu2m_args);
}
#line 35 "device_launch.cu"

int main() {
  float *d;
  cudaMalloc(&d, 256 * sizeof(float));
  (cu2mPushCallConfiguration(1, 32), parent(d, 256));
  cudaDeviceSynchronize();
  return 0;
}

// ---- device printf strings (cu2metal) ----
static const int cu2m_printf_string_0 = cu2mRegisterPrintfString(0xad1cde99u, "first value %f\n");
static const int cu2m_printf_string_1 = cu2mRegisterPrintfString(0x1cfb5fa1u, "launch failed\n");

// ---- kernels launched from device code (cu2metal) ----
static const int cu2m_device_launcher_0 = cu2mRegisterDeviceLaunch(0x82971c71u, "scale", &scale);
static const int cu2m_device_launcher_1 = cu2mRegisterDeviceLaunch(0x26f38071u, "done", &done);

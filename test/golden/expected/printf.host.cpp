// printf.cu host program rewritten by cu2metal: kernels run through the cu2metal runtime.
#include <cuda_runtime.h>
#line 1 "printf.cu"
// Device printf, assert, clock and __launch_bounds__ (src/translate/printf.ts).
#include <cassert>
#include <cstdio>






/* __global__ report: device code translated to Metal (see the .metal file); this host stub launches it */
void report(float* out, const float* in, int n, long long* ticks) {
  static const cu2m_param_info cu2m_params[] = {{"out", CU2M_ARG_BUFFER, sizeof(void*), CU2M_ELEM_F32, 4u, 1u}, {"in", CU2M_ARG_BUFFER, sizeof(void*), CU2M_ELEM_F32, 4u, 0u}, {"n", CU2M_ARG_SCALAR, sizeof(n), CU2M_ELEM_BYTES, 0u, 0u}, {"ticks", CU2M_ARG_BUFFER, sizeof(void*), CU2M_ELEM_I64, 8u, 1u}, {"cu2m_printf_buffer", CU2M_ARG_SYMBOL, sizeof(void*), CU2M_ELEM_U32, 4u, 1u}};
  static const cu2m_kernel_info cu2m_kernel = {"report", "printf.cu", 10u, 5u, cu2m_params, 0u, 0u};
  CU2M_REGISTER_KERNEL(cu2m_kernel, report);
  void* cu2m_args[] = {(void*)&out, (void*)&in, (void*)&n, (void*)&ticks};
  cu2mLaunchKernel(&cu2m_kernel, cu2m_args);
}
#line 23 "printf.cu"

int main() {
  float *a = nullptr, *b = nullptr;
  long long* t = nullptr;
  (cu2mPushCallConfiguration(1, 32), report(a, b, 32, t));
  return 0;
}

// ---- device printf strings (cu2metal) ----
static const int cu2m_printf_string_0 = cu2mRegisterPrintfString(0x0218c7dbu, "scaled %d: %.2f\n");
static const int cu2m_printf_string_1 = cu2mRegisterPrintfString(0x2a6dcc93u, "printf.cu:13: report: block: [%u,%u,%u], thread: [%u,%u,%u] Assertion `i < 4 * n` failed.\n");
static const int cu2m_printf_string_2 = cu2mRegisterPrintfString(0x41cef900u, "%s %u/%d %e %c %lld %%\n");
static const int cu2m_printf_string_3 = cu2mRegisterPrintfString(0xa2c55fecu, "item");
static const int cu2m_printf_string_4 = cu2mRegisterPrintfString(0xac50f67bu, "done\n");

// struct_pointers.cu host program rewritten by cu2metal: kernels run through the cu2metal runtime.
#include <cuda_runtime.h>
#line 1 "struct_pointers.cu"
// Pointer fields in structs: device pointers in Metal; the host stub lists their offsets.
struct Buffer {
    float* data;
    unsigned int count;
};

struct Pass {
    Buffer src;
    Buffer dst;
    const int* lut[2];
    float3* normals;
};





/* __global__ run: device code translated to Metal (see the .metal file); this host stub launches it */
void run(Pass pass, float gain) {
  static const uint32_t cu2m_pointers_pass[] = {(uint32_t)offsetof(decltype(pass), src.data), (uint32_t)offsetof(decltype(pass), dst.data), (uint32_t)offsetof(decltype(pass), lut[0]), (uint32_t)offsetof(decltype(pass), lut[1]), (uint32_t)offsetof(decltype(pass), normals)};
  static const cu2m_param_info cu2m_params[] = {{"pass", CU2M_ARG_SCALAR, sizeof(pass), CU2M_ELEM_BYTES, 0u, 0u, 5u, cu2m_pointers_pass}, {"gain", CU2M_ARG_SCALAR, sizeof(gain), CU2M_ELEM_BYTES, 0u, 0u}};
  static const cu2m_kernel_info cu2m_kernel = {"run", "struct_pointers.cu", 18u, 2u, cu2m_params, 0u, 0u};
  CU2M_REGISTER_KERNEL(cu2m_kernel, run);
  void* cu2m_args[] = {(void*)&pass, (void*)&gain};
  cu2mLaunchKernel(&cu2m_kernel, cu2m_args);
}
#line 23 "struct_pointers.cu"

int main() {
    Pass p = {};
    (cu2mPushCallConfiguration(1, 32), run(p, 2.0f));
    return 0;
}

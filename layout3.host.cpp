// test/fixtures/layout3/layout3.cu host program rewritten by cu2metal: kernels run through the cu2metal runtime.
#include <cuda_runtime.h>
#line 1 "test/fixtures/layout3/layout3.cu"
// 3-component vectors in memory keep CUDA's layout (float3 12 bytes, uchar3 3, int3 12) on every
// backend: flat arrays reinterpreted as vectors, pointer arithmetic, shared arrays (static and
// dynamic, sized with sizeof), sizeof/alignof, whole structs copied out of device memory, dim3.
#include <cuda_runtime.h>
#include "layout3.h"
#line 6 "test/fixtures/layout3/layout3.cu"

// The idiom of image benchmarks: a byte buffer read as RGB pixels.
/* __global__ gray: device code translated to Metal (see the .metal file); this host stub launches it */
void gray(const unsigned char* rgb, float* out, int n) {
  static const cu2m_param_info cu2m_params[] = {{"rgb", CU2M_ARG_BUFFER, sizeof(void*), CU2M_ELEM_U8, 1u, 0u}, {"out", CU2M_ARG_BUFFER, sizeof(void*), CU2M_ELEM_F32, 4u, 1u}, {"n", CU2M_ARG_SCALAR, sizeof(n), CU2M_ELEM_BYTES, 0u, 0u}};
  static const cu2m_kernel_info cu2m_kernel = {"gray", "test/fixtures/layout3/layout3.cu", 8u, 3u, cu2m_params, 0u, 0u};
  CU2M_REGISTER_KERNEL(cu2m_kernel, gray);
  void* cu2m_args[] = {(void*)&rgb, (void*)&out, (void*)&n};
  cu2mLaunchKernel(&cu2m_kernel, cu2m_args);
}
#line 15 "test/fixtures/layout3/layout3.cu"



/* __global__ vectors: device code translated to Metal (see the .metal file); this host stub launches it */
void vectors(const float* flat, float* out, int* sizes, int n) {
  static const cu2m_param_info cu2m_params[] = {{"flat", CU2M_ARG_BUFFER, sizeof(void*), CU2M_ELEM_F32, 4u, 0u}, {"out", CU2M_ARG_BUFFER, sizeof(void*), CU2M_ELEM_F32, 4u, 1u}, {"sizes", CU2M_ARG_BUFFER, sizeof(void*), CU2M_ELEM_I32, 4u, 1u}, {"n", CU2M_ARG_SCALAR, sizeof(n), CU2M_ELEM_BYTES, 0u, 0u}};
  static const cu2m_kernel_info cu2m_kernel = {"vectors", "test/fixtures/layout3/layout3.cu", 18u, 4u, cu2m_params, CU2M_KERNEL_USES_BARRIERS | CU2M_KERNEL_DYNAMIC_SHARED, 1024u};
  CU2M_REGISTER_KERNEL(cu2m_kernel, vectors);
  void* cu2m_args[] = {(void*)&flat, (void*)&out, (void*)&sizes, (void*)&n};
  cu2mLaunchKernel(&cu2m_kernel, cu2m_args);
}
#line 45 "test/fixtures/layout3/layout3.cu"

/* __global__ particles: device code translated to Metal (see the .metal file); this host stub launches it */
void particles(Particle* ps, int3* cells, int n) {
  static const cu2m_param_info cu2m_params[] = {{"ps", CU2M_ARG_BUFFER, sizeof(void*), CU2M_ELEM_BYTES, 0u, 1u}, {"cells", CU2M_ARG_BUFFER, sizeof(void*), CU2M_ELEM_I32, 12u, 1u}, {"n", CU2M_ARG_SCALAR, sizeof(n), CU2M_ELEM_BYTES, 0u, 0u}};
  static const cu2m_kernel_info cu2m_kernel = {"particles", "test/fixtures/layout3/layout3.cu", 46u, 3u, cu2m_params, 0u, 0u};
  CU2M_REGISTER_KERNEL(cu2m_kernel, particles);
  void* cu2m_args[] = {(void*)&ps, (void*)&cells, (void*)&n};
  cu2mLaunchKernel(&cu2m_kernel, cu2m_args);
}
#line 57 "test/fixtures/layout3/layout3.cu"

int main() {
  const int n = 64;
  int failures = 0;

  unsigned char rgb[3 * n];
  for (int i = 0; i < 3 * n; i++) rgb[i] = (unsigned char)(i * 7);
  float flat[3 * n];
  for (int i = 0; i < 3 * n; i++) flat[i] = (float)i;
  Particle ps[n];
  int3 cells[n];
  for (int i = 0; i < n; i++) {
    ps[i].pos = make_float3((float)i, 2.0f * i, 0.5f);
    ps[i].id = i;
    cells[i] = make_int3(i, -i, 3 * i);
  }

  unsigned char* d_rgb;
  float *d_flat, *d_gray, *d_out;
  int* d_sizes;
  Particle* d_ps;
  int3* d_cells;
  do { cudaError_t err_ = (cudaMalloc(&d_rgb, sizeof(rgb))); if (err_ != cudaSuccess) { fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, cudaGetErrorString(err_)); exit(1); } } while (0);
  do { cudaError_t err_ = (cudaMalloc(&d_flat, sizeof(flat))); if (err_ != cudaSuccess) { fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, cudaGetErrorString(err_)); exit(1); } } while (0);
  do { cudaError_t err_ = (cudaMalloc(&d_gray, n * sizeof(float))); if (err_ != cudaSuccess) { fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, cudaGetErrorString(err_)); exit(1); } } while (0);
  do { cudaError_t err_ = (cudaMalloc(&d_out, n * sizeof(float))); if (err_ != cudaSuccess) { fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, cudaGetErrorString(err_)); exit(1); } } while (0);
  do { cudaError_t err_ = (cudaMalloc(&d_sizes, 7 * sizeof(int))); if (err_ != cudaSuccess) { fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, cudaGetErrorString(err_)); exit(1); } } while (0);
  do { cudaError_t err_ = (cudaMalloc(&d_ps, sizeof(ps))); if (err_ != cudaSuccess) { fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, cudaGetErrorString(err_)); exit(1); } } while (0);
  do { cudaError_t err_ = (cudaMalloc(&d_cells, sizeof(cells))); if (err_ != cudaSuccess) { fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, cudaGetErrorString(err_)); exit(1); } } while (0);
  do { cudaError_t err_ = (cudaMemcpy(d_rgb, rgb, sizeof(rgb), cudaMemcpyHostToDevice)); if (err_ != cudaSuccess) { fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, cudaGetErrorString(err_)); exit(1); } } while (0);
  do { cudaError_t err_ = (cudaMemcpy(d_flat, flat, sizeof(flat), cudaMemcpyHostToDevice)); if (err_ != cudaSuccess) { fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, cudaGetErrorString(err_)); exit(1); } } while (0);
  do { cudaError_t err_ = (cudaMemcpy(d_ps, ps, sizeof(ps), cudaMemcpyHostToDevice)); if (err_ != cudaSuccess) { fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, cudaGetErrorString(err_)); exit(1); } } while (0);
  do { cudaError_t err_ = (cudaMemcpy(d_cells, cells, sizeof(cells), cudaMemcpyHostToDevice)); if (err_ != cudaSuccess) { fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, cudaGetErrorString(err_)); exit(1); } } while (0);

  (cu2mPushCallConfiguration(2, 32), gray(d_rgb, d_gray, n));
  (cu2mPushCallConfiguration(1, n, n * sizeof(float3)), vectors(d_flat, d_out, d_sizes, n));
  (cu2mPushCallConfiguration(2, 32), particles(d_ps, d_cells, n));
  do { cudaError_t err_ = (cudaGetLastError()); if (err_ != cudaSuccess) { fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, cudaGetErrorString(err_)); exit(1); } } while (0);

  float g[n], out[n];
  int sizes[7];
  do { cudaError_t err_ = (cudaMemcpy(g, d_gray, sizeof(g), cudaMemcpyDeviceToHost)); if (err_ != cudaSuccess) { fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, cudaGetErrorString(err_)); exit(1); } } while (0);
  do { cudaError_t err_ = (cudaMemcpy(out, d_out, sizeof(out), cudaMemcpyDeviceToHost)); if (err_ != cudaSuccess) { fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, cudaGetErrorString(err_)); exit(1); } } while (0);
  do { cudaError_t err_ = (cudaMemcpy(sizes, d_sizes, sizeof(sizes), cudaMemcpyDeviceToHost)); if (err_ != cudaSuccess) { fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, cudaGetErrorString(err_)); exit(1); } } while (0);
  do { cudaError_t err_ = (cudaMemcpy(ps, d_ps, sizeof(ps), cudaMemcpyDeviceToHost)); if (err_ != cudaSuccess) { fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, cudaGetErrorString(err_)); exit(1); } } while (0);
  do { cudaError_t err_ = (cudaMemcpy(cells, d_cells, sizeof(cells), cudaMemcpyDeviceToHost)); if (err_ != cudaSuccess) { fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, cudaGetErrorString(err_)); exit(1); } } while (0);

  for (int i = 0; i < n; i++) {
    float eg = 0.25f * rgb[3 * i] + 0.5f * rgb[3 * i + 1] + 0.25f * rgb[3 * i + 2];
    if (g[i] != eg) { if (failures++ < 5) printf("gray[%d] = %g, expected %g\n", i, g[i], eg); }
    int j = (i + 1) % n;
    float eo = (float)(9 * j + 3) + 2.0f * (float)(9 * i + 3);
    if (out[i] != eo) { if (failures++ < 5) printf("out[%d] = %g, expected %g\n", i, out[i], eo); }
    if (ps[i].pos.x != i + 1.0f || ps[i].pos.y != 2.0f * i || ps[i].pos.z != 0.5f || ps[i].id != 2 * i) {
      if (failures++ < 5) printf("particle %d = (%g, %g, %g) %d\n", i, ps[i].pos.x, ps[i].pos.y, ps[i].pos.z, ps[i].id);
    }
    if (cells[i].x != 3 * i || cells[i].y != -i + 2 * i || cells[i].z != i) {
      if (failures++ < 5) printf("cell %d = (%d, %d, %d)\n", i, cells[i].x, cells[i].y, cells[i].z);
    }
  }
  const int expected[7] = {12, 4, 3, 12, 16, 6, 411};
  for (int k = 0; k < 7; k++) {
    if (sizes[k] != expected[k]) { failures++; printf("sizes[%d] = %d, expected %d\n", k, sizes[k], expected[k]); }
  }
  do { cudaError_t err_ = (cudaFree(d_rgb)); if (err_ != cudaSuccess) { fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, cudaGetErrorString(err_)); exit(1); } } while (0);
  do { cudaError_t err_ = (cudaFree(d_flat)); if (err_ != cudaSuccess) { fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, cudaGetErrorString(err_)); exit(1); } } while (0);
  do { cudaError_t err_ = (cudaFree(d_gray)); if (err_ != cudaSuccess) { fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, cudaGetErrorString(err_)); exit(1); } } while (0);
  do { cudaError_t err_ = (cudaFree(d_out)); if (err_ != cudaSuccess) { fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, cudaGetErrorString(err_)); exit(1); } } while (0);
  do { cudaError_t err_ = (cudaFree(d_sizes)); if (err_ != cudaSuccess) { fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, cudaGetErrorString(err_)); exit(1); } } while (0);
  do { cudaError_t err_ = (cudaFree(d_ps)); if (err_ != cudaSuccess) { fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, cudaGetErrorString(err_)); exit(1); } } while (0);
  do { cudaError_t err_ = (cudaFree(d_cells)); if (err_ != cudaSuccess) { fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, cudaGetErrorString(err_)); exit(1); } } while (0);
  printf("%s\n", failures == 0 ? "PASSED" : "FAILED");
  return failures == 0 ? 0 : 1;
}

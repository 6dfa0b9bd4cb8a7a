// grid_sync.cu host program rewritten by cu2metal: kernels run through the cu2metal runtime.
#include <cuda_runtime.h>
#line 1 "grid_sync.cu"
// A kernel split at its grid syncs: one straight-line sync with a value that lives across it, and
// a loop around a sync that the host runs.
#include <cooperative_groups.h>
namespace cg = cooperative_groups;

struct smooth_frame { unsigned i; float mine; }; /* smooth: values live across its grid syncs, one per thread */ /* __global__ smooth_part0: device code translated to Metal (see the .metal file); this host stub launches it */
void smooth_part0(float* data, float* next, int n, int rounds, smooth_frame* cu2m_frame) {
  static const cu2m_param_info cu2m_params[] = {{"data", CU2M_ARG_BUFFER, sizeof(void*), CU2M_ELEM_F32, 4u, 1u}, {"next", CU2M_ARG_BUFFER, sizeof(void*), CU2M_ELEM_F32, 4u, 1u}, {"n", CU2M_ARG_SCALAR, sizeof(n), CU2M_ELEM_BYTES, 0u, 0u}, {"rounds", CU2M_ARG_SCALAR, sizeof(rounds), CU2M_ELEM_BYTES, 0u, 0u}, {"cu2m_frame", CU2M_ARG_BUFFER, sizeof(void*), CU2M_ELEM_BYTES, 0u, 1u}};
  static const cu2m_kernel_info cu2m_kernel = {"smooth_part0", "grid_sync.cu", 6u, 5u, cu2m_params, 0u, 0u};
  CU2M_REGISTER_KERNEL(cu2m_kernel, smooth_part0);
  void* cu2m_args[] = {(void*)&data, (void*)&next, (void*)&n, (void*)&rounds, (void*)&cu2m_frame};
  cu2mLaunchKernel(&cu2m_kernel, cu2m_args);
}
#line 11 "grid_sync.cu" /* grid-wide sync: smooth continues in smooth_part1 */ /* __global__ smooth_part1: device code translated to Metal (see the .metal file); this host stub launches it */
void smooth_part1(float* data, float* next, int n, int rounds, smooth_frame* cu2m_frame) {
  static const cu2m_param_info cu2m_params[] = {{"data", CU2M_ARG_BUFFER, sizeof(void*), CU2M_ELEM_F32, 4u, 1u}, {"next", CU2M_ARG_BUFFER, sizeof(void*), CU2M_ELEM_F32, 4u, 1u}, {"n", CU2M_ARG_SCALAR, sizeof(n), CU2M_ELEM_BYTES, 0u, 0u}, {"rounds", CU2M_ARG_SCALAR, sizeof(rounds), CU2M_ELEM_BYTES, 0u, 0u}, {"cu2m_frame", CU2M_ARG_BUFFER, sizeof(void*), CU2M_ELEM_BYTES, 0u, 1u}};
  static const cu2m_kernel_info cu2m_kernel = {"smooth_part1", "grid_sync.cu", 10u, 5u, cu2m_params, 0u, 0u};
  CU2M_REGISTER_KERNEL(cu2m_kernel, smooth_part1);
  void* cu2m_args[] = {(void*)&data, (void*)&next, (void*)&n, (void*)&rounds, (void*)&cu2m_frame};
  cu2mLaunchKernel(&cu2m_kernel, cu2m_args);
}
#line 12 "grid_sync.cu" /* for (int r = 0; r < rounds; ++r) runs on the host: smooth continues in smooth_part2 */ /* __global__ smooth_part2: device code translated to Metal (see the .metal file); this host stub launches it */
void smooth_part2(float* data, float* next, int n, int rounds, smooth_frame* cu2m_frame, int r) {
  static const cu2m_param_info cu2m_params[] = {{"data", CU2M_ARG_BUFFER, sizeof(void*), CU2M_ELEM_F32, 4u, 1u}, {"next", CU2M_ARG_BUFFER, sizeof(void*), CU2M_ELEM_F32, 4u, 1u}, {"n", CU2M_ARG_SCALAR, sizeof(n), CU2M_ELEM_BYTES, 0u, 0u}, {"rounds", CU2M_ARG_SCALAR, sizeof(rounds), CU2M_ELEM_BYTES, 0u, 0u}, {"cu2m_frame", CU2M_ARG_BUFFER, sizeof(void*), CU2M_ELEM_BYTES, 0u, 1u}, {"r", CU2M_ARG_SCALAR, sizeof(r), CU2M_ELEM_BYTES, 0u, 0u}};
  static const cu2m_kernel_info cu2m_kernel = {"smooth_part2", "grid_sync.cu", 11u, 6u, cu2m_params, 0u, 0u};
  CU2M_REGISTER_KERNEL(cu2m_kernel, smooth_part2);
  void* cu2m_args[] = {(void*)&data, (void*)&next, (void*)&n, (void*)&rounds, (void*)&cu2m_frame, (void*)&r};
  cu2mLaunchKernel(&cu2m_kernel, cu2m_args);
}
#line 14 "grid_sync.cu" /* grid-wide sync: smooth continues in smooth_part3 */ /* __global__ smooth_part3: device code translated to Metal (see the .metal file); this host stub launches it */
void smooth_part3(float* data, float* next, int n, int rounds, smooth_frame* cu2m_frame, int r) {
  static const cu2m_param_info cu2m_params[] = {{"data", CU2M_ARG_BUFFER, sizeof(void*), CU2M_ELEM_F32, 4u, 1u}, {"next", CU2M_ARG_BUFFER, sizeof(void*), CU2M_ELEM_F32, 4u, 1u}, {"n", CU2M_ARG_SCALAR, sizeof(n), CU2M_ELEM_BYTES, 0u, 0u}, {"rounds", CU2M_ARG_SCALAR, sizeof(rounds), CU2M_ELEM_BYTES, 0u, 0u}, {"cu2m_frame", CU2M_ARG_BUFFER, sizeof(void*), CU2M_ELEM_BYTES, 0u, 1u}, {"r", CU2M_ARG_SCALAR, sizeof(r), CU2M_ELEM_BYTES, 0u, 0u}};
  static const cu2m_kernel_info cu2m_kernel = {"smooth_part3", "grid_sync.cu", 13u, 6u, cu2m_params, 0u, 0u};
  CU2M_REGISTER_KERNEL(cu2m_kernel, smooth_part3);
  void* cu2m_args[] = {(void*)&data, (void*)&next, (void*)&n, (void*)&rounds, (void*)&cu2m_frame, (void*)&r};
  cu2mLaunchKernel(&cu2m_kernel, cu2m_args);
}
#line 16 "grid_sync.cu" /* end of the host's for (int r = 0; r < rounds; ++r): smooth continues in smooth_part4 */ /* __global__ smooth_part4: device code translated to Metal (see the .metal file); this host stub launches it */
void smooth_part4(float* data, float* next, int n, int rounds, smooth_frame* cu2m_frame) {
  static const cu2m_param_info cu2m_params[] = {{"data", CU2M_ARG_BUFFER, sizeof(void*), CU2M_ELEM_F32, 4u, 1u}, {"next", CU2M_ARG_BUFFER, sizeof(void*), CU2M_ELEM_F32, 4u, 1u}, {"n", CU2M_ARG_SCALAR, sizeof(n), CU2M_ELEM_BYTES, 0u, 0u}, {"rounds", CU2M_ARG_SCALAR, sizeof(rounds), CU2M_ELEM_BYTES, 0u, 0u}, {"cu2m_frame", CU2M_ARG_BUFFER, sizeof(void*), CU2M_ELEM_BYTES, 0u, 1u}};
  static const cu2m_kernel_info cu2m_kernel = {"smooth_part4", "grid_sync.cu", 15u, 5u, cu2m_params, 0u, 0u};
  CU2M_REGISTER_KERNEL(cu2m_kernel, smooth_part4);
  void* cu2m_args[] = {(void*)&data, (void*)&next, (void*)&n, (void*)&rounds, (void*)&cu2m_frame};
  cu2mLaunchKernel(&cu2m_kernel, cu2m_args);
}
/* __global__ smooth: split at its grid-wide synchronisations into smooth_part0..smooth_part4 (see the .metal file); cudaLaunchCooperativeKernel launches them as cu2m_loops_smooth says */
static void cu2m_loops_smooth(cu2m_grid_run* cu2m_run, dim3 gridDim, dim3 blockDim, float* data, float* next, int n, int rounds) {
  (void)gridDim, (void)blockDim;
  cu2mGridPart(cu2m_run, 0u, nullptr, 0u);
  for (int r = 0; r < rounds; ++r) {
    { void* cu2m_vars[] = {(void*)&r}; cu2mGridPart(cu2m_run, 2u, cu2m_vars, 1u); }
    { void* cu2m_vars[] = {(void*)&r}; cu2mGridPart(cu2m_run, 3u, cu2m_vars, 1u); }
  }
}
static void cu2m_drive_smooth(void* const* cu2m_args, dim3 gridDim, dim3 blockDim, cu2m_grid_run* cu2m_run) { cu2mDriveGrid(cu2m_loops_smooth, cu2m_run, gridDim, blockDim, cu2m_args); }
void smooth(float* data, float* next, int n, int rounds) {
  static const void* const cu2m_parts[] = {(const void*)&smooth_part0, (const void*)&smooth_part1, (const void*)&smooth_part2, (const void*)&smooth_part3, (const void*)&smooth_part4};
  static const cu2m_grid_split cu2m_split = {"smooth", "grid_sync.cu", 6u, 5u, cu2m_parts, sizeof(smooth_frame), 0u, 4u, cu2m_drive_smooth};
  CU2M_REGISTER_GRID_SPLIT(cu2m_split, smooth);
  void* cu2m_args[] = {(void*)&data, (void*)&next, (void*)&n, (void*)&rounds};
  cu2mLaunchGridSplit(&cu2m_split, cu2m_args);
}
#line 17 "grid_sync.cu"

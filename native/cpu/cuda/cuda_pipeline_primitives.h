// cu2metal — <cuda_pipeline_primitives.h> for the cuda-cpu reference backend: the asynchronous copy
// primitives done at once, as in the Metal translation (src/translate/tables/moreFunctions.ts).
// __pipeline_memcpy_async copies size - zfill bytes and zeroes the last zfill; committing and
// waiting are then no-ops (other threads read the data after the __syncthreads() CUDA needs anyway).
#ifndef CU2M_CUDA_PIPELINE_PRIMITIVES_H
#define CU2M_CUDA_PIPELINE_PRIMITIVES_H
#include "cu2m_cuda_device.h"

inline void __pipeline_memcpy_async(void* dst, const void* src, size_t size, size_t zfill = 0) {
  const size_t n = zfill < size ? size - zfill : 0;
  unsigned char* d = static_cast<unsigned char*>(dst);
  const unsigned char* s = static_cast<const unsigned char*>(src);
  for (size_t i = 0; i < n; ++i) d[i] = s[i];
  for (size_t i = n; i < size; ++i) d[i] = 0;
}
inline void __pipeline_commit() {}
inline void __pipeline_wait_prior(size_t) {}

#endif // CU2M_CUDA_PIPELINE_PRIMITIVES_H

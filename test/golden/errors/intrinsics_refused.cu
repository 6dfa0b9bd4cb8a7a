// What cannot keep CUDA's meaning: generic-address conversions, names that are not CUDA's,
// a scan over a whole block, and memcpy_async's element-count form.
#include <cooperative_groups.h>
#include <cooperative_groups/memcpy_async.h>
#include <cooperative_groups/scan.h>
namespace cg = cooperative_groups;

__global__ void k(unsigned* out, const int* in) {
  __shared__ int s[64];
  cg::thread_block block = cg::this_thread_block();
  out[0] = (unsigned)__cvta_generic_to_shared(s);
  out[1] = (unsigned)__cvta_generic_to_global(in);
  out[2] = __vabsdiff4(out[0], out[1]);
  out[3] = cg::inclusive_scan(block, in[0]);
  cg::memcpy_async(block, s, 64, in, 64);
}

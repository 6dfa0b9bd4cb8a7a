#include <cooperative_groups.h>
#include <cufft.h>
namespace cg = cooperative_groups;

// Names from headers cu2metal does not translate are diagnosed at translation time, instead of
// producing MSL that Metal's compiler would reject.
__global__ void foreign(cufftComplex* data, float* out)
{
    cg::thread_block cta = cg::this_thread_block();
    cg::sync(cta);
    float1 one = make_float1(CUDART_TWO_TO_126_F);
    out[threadIdx.x] = data[threadIdx.x].x + one.x;
}

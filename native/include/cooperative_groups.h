// cu2metal — <cooperative_groups.h> for translated host programs.
//
// Device code that uses cooperative groups is translated to Metal (src/translate/tables/
// cooperativeGroups.ts); the host program only needs the namespace to exist, for
// `namespace cg = cooperative_groups;` and the kernels' host stubs.
#ifndef CU2M_COOPERATIVE_GROUPS_H
#define CU2M_COOPERATIVE_GROUPS_H

#include <cuda_runtime.h>

namespace cooperative_groups {
/** Host side: a group object can be named in host code but has no members there (as in CUDA). */
class thread_block;
} // namespace cooperative_groups

#endif // CU2M_COOPERATIVE_GROUPS_H

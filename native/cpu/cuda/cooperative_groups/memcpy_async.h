// cu2metal — <cooperative_groups/memcpy_async.h> for the cuda-cpu reference: defined with the groups.
#include "../cooperative_groups.h"

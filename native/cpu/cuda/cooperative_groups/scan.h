// cu2metal — <cooperative_groups/scan.h> for the cuda-cpu reference: defined with the groups.
#include "../cooperative_groups.h"

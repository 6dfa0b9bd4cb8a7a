// cu2metal — <cooperative_groups/scan.h> for translated host programs (device code is translated).
#include <cooperative_groups.h>

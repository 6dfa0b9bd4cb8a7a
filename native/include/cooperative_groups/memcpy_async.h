// cu2metal — <cooperative_groups/memcpy_async.h> for translated host programs (device code is translated).
#include <cooperative_groups.h>

// Declaration stub of <mach/mach_time.h> (macOS), for the Linux syntax check of the Metal backend
// (test/metal/syntax-check.sh). Written from Apple's documentation of mach_absolute_time and
// mach_timebase_info; declarations only.
#ifndef CU2M_STUB_MACH_MACH_TIME_H
#define CU2M_STUB_MACH_MACH_TIME_H
#include <stdint.h>
#ifdef __cplusplus
extern "C" {
#endif
typedef int kern_return_t;
struct mach_timebase_info {
  uint32_t numer;
  uint32_t denom;
};
typedef struct mach_timebase_info* mach_timebase_info_t;
typedef struct mach_timebase_info mach_timebase_info_data_t;
uint64_t mach_absolute_time(void);
kern_return_t mach_timebase_info(mach_timebase_info_t info);
#ifdef __cplusplus
}
#endif
#endif

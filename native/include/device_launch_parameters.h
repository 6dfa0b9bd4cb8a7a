// cu2metal: device_launch_parameters.h is part of the runtime shim; everything it offers is declared in cuda_runtime.h.
#ifndef CU2M_FWD_DEVICE_LAUNCH_PARAMETERS_H
#define CU2M_FWD_DEVICE_LAUNCH_PARAMETERS_H
#include "cuda_runtime.h"
#endif

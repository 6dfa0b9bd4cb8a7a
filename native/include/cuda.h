// cu2metal: cuda.h is part of the runtime shim; everything it offers is declared in cuda_runtime.h.
#ifndef CU2M_FWD_CUDA_H
#define CU2M_FWD_CUDA_H
#include "cuda_runtime.h"
#endif

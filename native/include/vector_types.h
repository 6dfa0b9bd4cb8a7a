// cu2metal: vector_types.h is part of the runtime shim; everything it offers is declared in cuda_runtime.h.
#ifndef CU2M_FWD_VECTOR_TYPES_H
#define CU2M_FWD_VECTOR_TYPES_H
#include "cuda_runtime.h"
#endif

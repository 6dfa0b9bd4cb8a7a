// cu2metal — cuBLAS's <cublas_v2.h> (the handle-based API): everything is in cublas_api.h.
#ifndef CU2M_CUBLAS_V2_H
#define CU2M_CUBLAS_V2_H
#include "cublas_api.h"
#endif

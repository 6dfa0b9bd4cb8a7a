// cu2metal — <cuda_pipeline.h> for translated host programs: the __pipeline_* primitives are device
// functions, translated with the device code (src/translate/tables/moreFunctions.ts).
#pragma once
#include "cuda_runtime.h"

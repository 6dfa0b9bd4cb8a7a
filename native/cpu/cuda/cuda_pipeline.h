// cu2metal — <cuda_pipeline.h> for the cuda-cpu reference backend: the primitives only
// (cuda::pipeline is refused by the translator).
#include "cuda_pipeline_primitives.h"

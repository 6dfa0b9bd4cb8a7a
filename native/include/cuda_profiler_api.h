// Profiler control: see cuda_runtime.h (cudaProfilerStart/Stop are accepted no-ops).
#pragma once
#include "cuda_runtime.h"

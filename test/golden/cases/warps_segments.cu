// Shuffles over segments of the warp and match: helpers with CUDA's segment rules.
__device__ float segmentSum(float v, int width) {
    for (int offset = width / 2; offset > 0; offset /= 2) v += __shfl_xor_sync(0xffffffffu, v, offset, width);
    return v;
}

__global__ void segments(float* data, unsigned* groups) {
    float v = data[threadIdx.x];
    float first = __shfl_sync(0xffffffffu, v, 0, 16);
    float prev = __shfl_up_sync(0xffffffffu, v, 1, 8);
    float next = __shfl_down(v, 2, 4);
    float whole = __shfl_down_sync(0xffffffffu, v, 1, warpSize);
    data[threadIdx.x] = segmentSum(v, 8) + first + prev + next + whole;
    int same = 0;
    groups[threadIdx.x] = __match_any_sync(0xffffffffu, (int)v) | __match_all_sync(0xffffffffu, threadIdx.x / 32, &same) | same;
}

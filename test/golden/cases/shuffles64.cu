// 64-bit integer shuffles and matches: the two 32-bit halves (simd_shuffle overloads first).
__global__ void shuffles64(unsigned long long *p, long long *q, unsigned *groups)
{
    int t = threadIdx.x;
    unsigned long long v = p[t];
    long long w = q[t];
    for (int offset = 16; offset > 0; offset /= 2) v += __shfl_down_sync(0xffffffffu, v, offset);
    p[t] = __shfl_sync(0xffffffffu, v, 0);
    q[t] = __shfl_xor_sync(0xffffffffu, w, 1, 8);
    groups[t] = __match_any_sync(0xffffffffu, (unsigned long long)(p + (t & 3)));
}

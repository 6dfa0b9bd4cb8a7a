// Math functions (float and double spellings), fast intrinsics, integer intrinsics, literals.
__global__ void math(const float* x, float* y, const unsigned int* bits, int* ibits, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    float v = x[i];
    float a = sqrtf(fabsf(v)) + expf(-v * v) + sinf(v) * cosf(v) + powf(2.0f, v) + logf(1.0f + fabsf(v));
    float b = fminf(fmaxf(v, -1.0), 1.5) + floorf(v) + ceil(v) + __expf(0.5f * v) + __saturatef(v) + rsqrtf(1.0f + v * v);
    float c = atan2f(v, 2.0f) + tanhf(v) + fmaf(v, 2.0f, 1e-3) + copysignf(1.0f, v) + exp2f(v) + log2f(2.0f + v * v);
    y[i] = a + b + c;
    ibits[i] = __popc(bits[i]) + __clz(bits[i]) + __ffs(bits[i]) + min(i, 7) + max(i, 3) + abs(i - 5);
}

// Math functions (float and double spellings), fast intrinsics, integer intrinsics, literals,
// math_constants.h constants.
__global__ void math(const float* x, float* y, const unsigned int* bits, int* ibits, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    float v = x[i];
    float a = sqrtf(fabsf(v)) + expf(-v * v) + sinf(v) * cosf(v) + powf(2.0f, v) + logf(1.0f + fabsf(v));
    float b = fminf(fmaxf(v, -1.0), 1.5) + floorf(v) + ceil(v) + __expf(0.5f * v) + __saturatef(v) + rsqrtf(1.0f + v * v);
    float c = atan2f(v, 2.0f) + tanhf(v) + fmaf(v, 2.0f, 1e-3) + copysignf(1.0f, v) + exp2f(v) + log2f(2.0f + v * v);
    float d = CUDART_PI_F * v + CUDART_SQRT_HALF_F - CUDART_INF_F * 0.0f;
    y[i] = a + b + c + (isnan(d) ? 0.0f : d);
    ibits[i] = __popc(bits[i]) + __clz(bits[i]) + __ffs(bits[i]) + min(i, 7) + max(i, 3) + abs(i - 5);
}

// Integer arguments of float functions are converted (Metal overloads them for float and half);
// hexadecimal float literals get their f too; ldexp keeps its int exponent.
__global__ void intArgs(float* o, int n)
{
    int i = threadIdx.x;
    o[i] = sqrtf(i) + powf(2.0f, n) + 0x1.8p1 + ldexpf(o[i], n);
}

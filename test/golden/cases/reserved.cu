// CUDA names that are Metal keywords are renamed; the program's own dot()/clamp() are called
// as ::dot()/::clamp() so they cannot be ambiguous with Metal's.
__device__ float dot(float2 a, float2 b) { return a.x * b.x + a.y * b.y; }
__device__ float clamp(float v, float lo, float hi) { return v < lo ? lo : (v > hi ? hi : v); }

__global__ void keywords(const float2* vertex, float* half, int thread)
{
    int device = blockIdx.x * blockDim.x + threadIdx.x;
    if (device >= thread) return;
    float constant = dot(vertex[device], vertex[device]);
    half[device] = clamp(constant, 0.0f, 1.0f);
}

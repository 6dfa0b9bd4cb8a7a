// Pointer fields in structs: device pointers in Metal; the host stub lists their offsets.
struct Buffer {
    float* data;
    unsigned int count;
};

struct Pass {
    Buffer src;
    Buffer dst;
    const int* lut[2];
    float3* normals;
};

__device__ float fetch(const Buffer& b, unsigned int i) {
    return i < b.count ? b.data[i] : 0.0f;
}

__global__ void run(Pass pass, float gain) {
    unsigned int i = blockIdx.x * blockDim.x + threadIdx.x;
    float* out = pass.dst.data;
    if (i < pass.dst.count) out[i] = gain * fetch(pass.src, i) + pass.lut[i & 1][0] + pass.normals[i].z;
}

int main() {
    Pass p = {};
    run<<<1, 32>>>(p, 2.0f);
    return 0;
}

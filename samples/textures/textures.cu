// textures: 2D texture objects over a cudaArray, checked against a CPU model of CUDA's
// "Texture Fetching" rules (programming guide appendix).
//
//  1. a float texture, every address mode (wrap, clamp, mirror, border) with point and linear
//     filtering, normalized coordinates from -0.6 to 1.6 (outside the texture on both sides);
//  2. the same data with unnormalized coordinates (clamp and border);
//  3. a uchar4 texture read as float4 in [0,1] (cudaReadModeNormalizedFloat, linear filtering)
//     and as uchar4 (cudaReadModeElementType, point);
//  4. tex1Dfetch on linear memory (float and int), indices past the end read 0;
//  5. errors: a destroyed texture object has no resource description (cudaErrorInvalidValue).
//
// The model: point: i = floor(x), wrap/mirror folding the integer index as the hardware does
// (not frac(u)), a denormal coordinate read as 0; linear: xB = x - 0.5, i = floor(xB), a = frac(xB) rounded to
// 8 fractional bits, (1-a)*T[i] + a*T[i+1]; x = u * N for normalized coordinates.
//
// Usage: ./textures

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <cuda_runtime.h>

#define CHECK(call)                                                                     \
    do {                                                                                \
        cudaError_t err_ = (call);                                                      \
        if (err_ != cudaSuccess) {                                                      \
            fprintf(stderr, "%s:%d: CUDA error: %s\n", __FILE__, __LINE__,              \
                    cudaGetErrorString(err_));                                          \
            exit(1);                                                                    \
        }                                                                               \
    } while (0)

#define W 7
#define H 5
#define NX 45 // sample points per axis
#define NY 23

__global__ void sample2D(float *out, int nx, int ny, float x0, float y0, float step, cudaTextureObject_t tex)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    int j = blockIdx.y * blockDim.y + threadIdx.y;
    if (i < nx && j < ny) {
        // __fmul_rn/__fadd_rn: the coordinates the host model computes (nvcc would contract
        // x0 + i * step into an fma, whose u = -1.5e-8 at i = 12 wraps to the last texel).
        float u = __fadd_rn(x0, __fmul_rn((float)i, step));
        float v = __fadd_rn(y0, __fmul_rn((float)j, step));
        out[j * nx + i] = tex2D<float>(tex, u, v);
    }
}

__global__ void sampleRGBA(float4 *outF, uchar4 *outU, int nx, int ny, float step, cudaTextureObject_t texF,
                           cudaTextureObject_t texU)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    int j = blockIdx.y * blockDim.y + threadIdx.y;
    if (i < nx && j < ny) {
        float u = i * step;
        float v = j * step;
        outF[j * nx + i] = tex2D<float4>(texF, u, v);
        outU[j * nx + i] = tex2D<uchar4>(texU, u, v);
    }
}

__global__ void fetch1D(float *outF, int *outI, int n, cudaTextureObject_t texF, cudaTextureObject_t texI)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        outF[i] = tex1Dfetch<float>(texF, i) * 2.0f;
        outI[i] = tex1Dfetch<int>(texI, i - 3);
    }
}

// ---- the CPU model ------------------------------------------------------------------------
static int mapIndex(int i, int n, int mode, bool normalized)
{
    if (!normalized && mode != cudaAddressModeBorder) mode = cudaAddressModeClamp;
    if (mode == cudaAddressModeWrap) return ((i % n) + n) % n;
    if (mode == cudaAddressModeMirror) {
        int m = ((i % (2 * n)) + 2 * n) % (2 * n);
        return m < n ? m : 2 * n - 1 - m;
    }
    if (mode == cudaAddressModeBorder) return (i < 0 || i >= n) ? -1 : i;
    return i < 0 ? 0 : (i >= n ? n - 1 : i);
}

// Texel index and weight along one axis.
static void axis(float u, int n, int mode, bool linear, bool normalized, int *i0, int *i1, float *a)
{
    if (!linear) {
        // As the hardware does: a denormal coordinate is 0, then wrap/mirror fold floor(u * N).
        // floor of the exact product (double holds it exactly), not of the float-rounded one.
        double x = fabsf(u) < 1.17549435e-38f ? 0.0 : (double)u;
        if (normalized) x *= n;
        *i0 = *i1 = mapIndex((int)floor(x), n, mode, normalized);
        *a = 0.0f;
        return;
    }
    float x = normalized ? u * n : u;
    float xb = x - 0.5f;
    float fl = floorf(xb);
    *a = roundf((xb - fl) * 256.0f) / 256.0f;
    *i0 = mapIndex((int)fl, n, mode, normalized);
    *i1 = mapIndex((int)fl + 1, n, mode, normalized);
}

static float texel(const float *data, int x, int y) { return (x < 0 || y < 0) ? 0.0f : data[y * W + x]; }

static float model2D(const float *data, float u, float v, int mode, bool linear, bool normalized)
{
    int x0, x1, y0, y1;
    float a, b;
    axis(u, W, mode, linear, normalized, &x0, &x1, &a);
    axis(v, H, mode, linear, normalized, &y0, &y1, &b);
    if (!linear) return texel(data, x0, y0);
    return (1 - a) * (1 - b) * texel(data, x0, y0) + a * (1 - b) * texel(data, x1, y0) +
           (1 - a) * b * texel(data, x0, y1) + a * b * texel(data, x1, y1);
}

static bool close(float got, float want, float tol) { return fabsf(got - want) <= tol * fmaxf(1.0f, fabsf(want)); }

static int failures = 0;
static void fail(const char *what, int i, double got, double want)
{
    if (failures++ < 10) printf("FAILED: %s at %d: got %.7g, expected %.7g\n", what, i, got, want);
}

static cudaTextureObject_t makeTexture(cudaArray_t array, int mode, bool linear, bool normalized, cudaTextureReadMode read)
{
    cudaResourceDesc res;
    memset(&res, 0, sizeof(res));
    res.resType = cudaResourceTypeArray;
    res.res.array.array = array;
    cudaTextureDesc td;
    memset(&td, 0, sizeof(td));
    td.addressMode[0] = td.addressMode[1] = (cudaTextureAddressMode)mode;
    td.filterMode = linear ? cudaFilterModeLinear : cudaFilterModePoint;
    td.readMode = read;
    td.normalizedCoords = normalized;
    cudaTextureObject_t tex = 0;
    CHECK(cudaCreateTextureObject(&tex, &res, &td, NULL));
    return tex;
}

int main()
{
    // ---- 1 and 2: float texture, every mode ----
    float h_data[W * H];
    for (int y = 0; y < H; ++y)
        for (int x = 0; x < W; ++x) h_data[y * W + x] = (float)((x * 7 + y * 13) % 11) + 0.25f * x;
    cudaChannelFormatDesc fdesc = cudaCreateChannelDesc<float>();
    cudaArray_t arr;
    CHECK(cudaMallocArray(&arr, &fdesc, W, H));
    CHECK(cudaMemcpy2DToArray(arr, 0, 0, h_data, W * sizeof(float), W * sizeof(float), H, cudaMemcpyHostToDevice));
    cudaChannelFormatDesc back;
    CHECK(cudaGetChannelDesc(&back, arr));
    if (back.x != 32 || back.y != 0 || back.f != cudaChannelFormatKindFloat) fail("cudaGetChannelDesc", 0, back.x, 32);

    float *d_out;
    CHECK(cudaMalloc(&d_out, NX * NY * sizeof(float)));
    static float h_out[NX * NY];
    dim3 block(16, 8), grid((NX + 15) / 16, (NY + 7) / 8);
    const char *modeNames[4] = {"wrap", "clamp", "mirror", "border"};
    for (int norm = 1; norm >= 0; --norm) {
        for (int mode = 0; mode < 4; ++mode) {
            if (!norm && (mode == cudaAddressModeWrap || mode == cudaAddressModeMirror)) continue;
            for (int linear = 0; linear < 2; ++linear) {
                cudaTextureObject_t tex = makeTexture(arr, mode, linear, norm, cudaReadModeElementType);
                float x0 = norm ? -0.6f : -3.3f, y0 = norm ? -0.6f : -2.4f, step = norm ? 0.05f : 0.31f;
                sample2D<<<grid, block>>>(d_out, NX, NY, x0, y0, step, tex);
                CHECK(cudaGetLastError());
                CHECK(cudaMemcpy(h_out, d_out, sizeof(h_out), cudaMemcpyDeviceToHost));
                char what[96];
                snprintf(what, sizeof what, "tex2D<float> %s %s %s", modeNames[mode], linear ? "linear" : "point",
                         norm ? "normalized" : "unnormalized");
                for (int j = 0; j < NY; ++j)
                    for (int i = 0; i < NX; ++i) {
                        float want = model2D(h_data, x0 + i * step, y0 + j * step, mode, linear, norm);
                        // Linear: within one step of each axis's 8-bit weight (the data span 0..11.5): an H200 with
                        // these 7x5 texels is one step off the guide's formula at some points (a
                        // power-of-two size matches exactly: test/fixtures/gpu/texprobe.cu).
                        const float tol = linear ? 2.0f * 11.5f / 256.0f + 1e-5f : 0.0f;
                        if (fabsf(h_out[j * NX + i] - want) > tol) fail(what, j * NX + i, h_out[j * NX + i], want);
                    }
                CHECK(cudaDestroyTextureObject(tex));
            }
        }
    }

    // ---- 3: uchar4, normalized float (linear) and element type (point) ----
    const int RW = 6, RH = 4, RN = 24;
    uchar4 h_rgba[RW * RH];
    for (int i = 0; i < RW * RH; ++i) h_rgba[i] = make_uchar4(i * 10, 255 - i * 7, (i * 37) % 256, i % 2 ? 255 : 0);
    cudaChannelFormatDesc cdesc = cudaCreateChannelDesc(8, 8, 8, 8, cudaChannelFormatKindUnsigned);
    cudaArray_t rgba;
    CHECK(cudaMallocArray(&rgba, &cdesc, RW, RH));
    CHECK(cudaMemcpyToArray(rgba, 0, 0, h_rgba, sizeof(h_rgba), cudaMemcpyHostToDevice));
    cudaTextureObject_t texF = makeTexture(rgba, cudaAddressModeClamp, true, true, cudaReadModeNormalizedFloat);
    cudaTextureObject_t texU = makeTexture(rgba, cudaAddressModeWrap, false, true, cudaReadModeElementType);
    float4 *d_f4;
    uchar4 *d_u4;
    CHECK(cudaMalloc(&d_f4, RN * RN * sizeof(float4)));
    CHECK(cudaMalloc(&d_u4, RN * RN * sizeof(uchar4)));
    sampleRGBA<<<dim3(2, 3), dim3(16, 8)>>>(d_f4, d_u4, RN, RN, 0.05f, texF, texU);
    CHECK(cudaGetLastError());
    static float4 h_f4[RN * RN];
    static uchar4 h_u4[RN * RN];
    CHECK(cudaMemcpy(h_f4, d_f4, sizeof(h_f4), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(h_u4, d_u4, sizeof(h_u4), cudaMemcpyDeviceToHost));
    for (int c = 0; c < 4; ++c) {
        float plane[RW * RH];
        for (int i = 0; i < RW * RH; ++i) plane[i] = (float)((const unsigned char *)&h_rgba[i])[c] / 255.0f;
        for (int j = 0; j < RN; ++j)
            for (int i = 0; i < RN; ++i) {
                int x0, x1, y0, y1;
                float a, b;
                axis(i * 0.05f, RW, cudaAddressModeClamp, true, true, &x0, &x1, &a);
                axis(j * 0.05f, RH, cudaAddressModeClamp, true, true, &y0, &y1, &b);
                float want = (1 - a) * (1 - b) * plane[y0 * RW + x0] + a * (1 - b) * plane[y0 * RW + x1] +
                             (1 - a) * b * plane[y1 * RW + x0] + a * b * plane[y1 * RW + x1];
                float got = ((const float *)&h_f4[j * RN + i])[c];
                if (fabsf(got - want) > 2.0f / 256.0f + 1e-5f) fail("tex2D<float4> uchar4 normalized linear" /* a weight step per axis, as above */, (j * RN + i) * 4 + c, got, want);
                axis(i * 0.05f, RW, cudaAddressModeWrap, false, true, &x0, &x1, &a);
                axis(j * 0.05f, RH, cudaAddressModeWrap, false, true, &y0, &y1, &b);
                int gotU = ((const unsigned char *)&h_u4[j * RN + i])[c];
                int wantU = ((const unsigned char *)&h_rgba[y0 * RW + x0])[c];
                if (gotU != wantU) fail("tex2D<uchar4> element point", (j * RN + i) * 4 + c, gotU, wantU);
            }
    }

    // ---- 4: tex1Dfetch on linear memory ----
    const int N = 100;
    float h_lin[N];
    int h_int[N];
    for (int i = 0; i < N; ++i) h_lin[i] = i * 0.5f - 7.0f, h_int[i] = i * i - 50;
    float *d_lin, *d_fo;
    int *d_int, *d_io;
    CHECK(cudaMalloc(&d_lin, N * sizeof(float)));
    CHECK(cudaMalloc(&d_int, N * sizeof(int)));
    CHECK(cudaMalloc(&d_fo, (N + 8) * sizeof(float)));
    CHECK(cudaMalloc(&d_io, (N + 8) * sizeof(int)));
    CHECK(cudaMemcpy(d_lin, h_lin, sizeof(h_lin), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(d_int, h_int, sizeof(h_int), cudaMemcpyHostToDevice));
    cudaResourceDesc lres;
    memset(&lres, 0, sizeof(lres));
    lres.resType = cudaResourceTypeLinear;
    lres.res.linear.devPtr = d_lin;
    lres.res.linear.desc = cudaCreateChannelDesc<float>();
    lres.res.linear.sizeInBytes = N * sizeof(float);
    cudaTextureDesc ltd;
    memset(&ltd, 0, sizeof(ltd));
    ltd.readMode = cudaReadModeElementType;
    cudaTextureObject_t texLin, texInt;
    CHECK(cudaCreateTextureObject(&texLin, &lres, &ltd, NULL));
    lres.res.linear.devPtr = d_int;
    lres.res.linear.desc = cudaCreateChannelDesc<int>();
    CHECK(cudaCreateTextureObject(&texInt, &lres, &ltd, NULL));
    cudaResourceDesc got;
    CHECK(cudaGetTextureObjectResourceDesc(&got, texInt));
    if (got.resType != cudaResourceTypeLinear || got.res.linear.devPtr != d_int) fail("cudaGetTextureObjectResourceDesc", 0, got.resType, 2);
    fetch1D<<<(N + 8 + 63) / 64, 64>>>(d_fo, d_io, N + 8, texLin, texInt);
    CHECK(cudaGetLastError());
    float h_fo[N + 8];
    int h_io[N + 8];
    CHECK(cudaMemcpy(h_fo, d_fo, sizeof(h_fo), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(h_io, d_io, sizeof(h_io), cudaMemcpyDeviceToHost));
    for (int i = 0; i < N + 8; ++i) {
        float wantF = i < N ? h_lin[i] * 2.0f : 0.0f;
        int wantI = (i - 3 >= 0 && i - 3 < N) ? h_int[i - 3] : 0;
        if (h_fo[i] != wantF) fail("tex1Dfetch<float>", i, h_fo[i], wantF);
        if (h_io[i] != wantI) fail("tex1Dfetch<int>", i, h_io[i], wantI);
    }

    // ---- 5: errors ----
    CHECK(cudaDestroyTextureObject(texInt));
    // (Destroying twice and launching with a destroyed texture object are undefined in CUDA: an H200
    // reports no error for either, the CPU backends report cudaErrorInvalidValue.)
    if (cudaGetTextureObjectResourceDesc(&got, texInt) != cudaErrorInvalidValue) fail("resource desc of a destroyed texture", 0, 0, 1);
    cudaGetLastError();
    cudaChannelFormatDesc bad = cudaCreateChannelDesc(8, 16, 0, 0, cudaChannelFormatKindUnsigned);
    cudaArray_t badArr;
    if (cudaMallocArray(&badArr, &bad, 4, 4) != cudaErrorInvalidChannelDescriptor) fail("mixed channel sizes", 0, 0, 1);
    cudaGetLastError();

    CHECK(cudaDestroyTextureObject(texLin));
    CHECK(cudaDestroyTextureObject(texF));
    CHECK(cudaDestroyTextureObject(texU));
    CHECK(cudaFreeArray(arr));
    CHECK(cudaFreeArray(rgba));
    CHECK(cudaFree(d_out));
    CHECK(cudaFree(d_f4));
    CHECK(cudaFree(d_u4));
    CHECK(cudaFree(d_lin));
    CHECK(cudaFree(d_int));
    CHECK(cudaFree(d_fo));
    CHECK(cudaFree(d_io));
    if (failures) {
        printf("FAILED (%d mismatches)\n", failures);
        return 1;
    }
    printf("PASSED\n");
    return 0;
}

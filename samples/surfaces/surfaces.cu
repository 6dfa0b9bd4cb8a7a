// surfaces: surface objects, 3D and layered textures, copies to and from CUDA arrays.
//
//  1. a kernel writes a float surface (surf2Dwrite, x in bytes), another reads it back
//     (surf2Dread<float>) and cudaMemcpy2DFromArray copies it to the host;
//  2. a uchar4 surface written with make_uchar4 values, read back with cudaMemcpyFromArray;
//  3. a 3D float texture filled with cudaMemcpy3D, sampled with tex3D<float> (trilinear,
//     unnormalized coordinates, clamp) and copied back with cudaMemcpy3D;
//  4. a 2D layered texture (cudaArrayLayered): tex2DLayered<float>, linear, wrap, per layer.
// Each result is checked against a CPU model of CUDA's texture-fetch rules.
//
// Usage: ./surfaces

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

__global__ void writeSurface(const float *in, int width, int height, cudaSurfaceObject_t surf)
{
    int x = blockIdx.x * blockDim.x + threadIdx.x;
    int y = blockIdx.y * blockDim.y + threadIdx.y;
    if (x < width && y < height) {
        // __fmul_rn/__fadd_rn: nvcc would contract a * 3 - 1 into an FMA, which the host's
        // exact check does not expect.
        float v = __fadd_rn(__fmul_rn(in[y * width + x], 3.0f), -1.0f);
        surf2Dwrite(v, surf, x * 4, y);
    }
}

__global__ void readSurface(float *out, int width, int height, cudaSurfaceObject_t surf)
{
    int x = blockIdx.x * blockDim.x + threadIdx.x;
    int y = blockIdx.y * blockDim.y + threadIdx.y;
    if (x < width && y < height) out[y * width + x] = surf2Dread<float>(surf, x * 4, y) + 0.5f;
}

__global__ void writeColors(int width, int height, cudaSurfaceObject_t surf)
{
    int x = blockIdx.x * blockDim.x + threadIdx.x;
    int y = blockIdx.y * blockDim.y + threadIdx.y;
    if (x < width && y < height)
        surf2Dwrite(make_uchar4(x, y, x + y, 255 - x), surf, x * sizeof(uchar4), y, cudaBoundaryModeZero);
}

__global__ void sample3D(float *out, int n, float step, cudaTextureObject_t tex)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n * n * n) {
        int a = i % n, b = (i / n) % n, c = i / (n * n);
        out[i] = tex3D<float>(tex, -0.7f + a * step, -0.4f + b * step, -0.3f + c * step);
    }
}

__global__ void sampleLayers(float *out, int n, int layers, float step, cudaTextureObject_t tex)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    int layer = blockIdx.y;
    if (i < n * n && layer < layers) {
        float u = -0.3f + (i % n) * step, v = -0.2f + (i / n) * step;
        out[layer * n * n + i] = tex2DLayered<float>(tex, u, v, layer);
    }
}

// ---- the CPU model (see samples/textures) ---------------------------------------------------
// Linear filtering as an H100 computes it (test/fixtures/gpu/texweights.cu recorded it): the
// coordinate (normalized ones kept to 21 fractional bits, times N exactly) minus 0.5, clamped to the texel
// centres in clamp mode, in fixed point with 8 fractional bits, rounded half up: texel i and weight
// a (0..255) of texel i + 1. The corner weights are multiples of 1/256 too, formed plane by plane.
static int clampi(int i, int n) { return i < 0 ? 0 : (i >= n ? n - 1 : i); }
static void axisLinear(double x, int n, bool wrap, int *i0, int *i1, int *a)
{
    double xb = x - 0.5;
    if (!wrap) xb = fmin(fmax(xb, 0.0), (double)(n - 1));
    double fl = floor(xb);
    int i = (int)fl, w = (int)floor((xb - fl) * 256.0 + 0.5);
    if (w == 256) { w = 0; ++i; }
    *a = w;
    *i0 = wrap ? ((i % n) + n) % n : clampi(i, n);
    *i1 = wrap ? (((i + 1) % n) + n) % n : clampi(i + 1, n);
}
static double normalized(float u, int n) { return floor((double)u * 2097152.0) / 2097152.0 * n; }
// The weights of the 8 corners (x + 2y + 4z) in 1/256: each z plane (256 - c, c) splits into
// x1 = round(p a / 256) and x0 = p - x1, each of which gives its y1 share round(x b / 256), half up
// for x1 and half down for x0; 2D is c = 0.
static void cornerWeights(int a, int b, int c, int w[8])
{
    for (int z = 0; z < 2; ++z) {
        int p = z ? c : 256 - c, x1 = (p * a + 128) >> 8, x0 = p - x1;
        int y11 = (x1 * b + 128) >> 8, y01 = (x0 * b + 127) >> 8;
        w[4 * z] = x0 - y01; w[4 * z + 1] = x1 - y11; w[4 * z + 2] = y01; w[4 * z + 3] = y11;
    }
}

static int failures = 0;
static void fail(const char *what, int i, double got, double want)
{
    if (failures++ < 10) printf("FAILED: %s at %d: got %.7g, expected %.7g\n", what, i, got, want);
}
static bool close(float got, float want) { return fabsf(got - want) <= 1e-5f * fmaxf(1.0f, fabsf(want)); }

int main()
{
    // ---- 1: float surface round trip ----
    const int W = 37, H = 19;
    float h_in[W * H];
    for (int i = 0; i < W * H; ++i) h_in[i] = (float)((i * 29) % 97) / 7.0f;
    float *d_in, *d_out;
    CHECK(cudaMalloc(&d_in, sizeof(h_in)));
    CHECK(cudaMalloc(&d_out, sizeof(h_in)));
    CHECK(cudaMemcpy(d_in, h_in, sizeof(h_in), cudaMemcpyHostToDevice));
    cudaChannelFormatDesc fdesc = cudaCreateChannelDesc(32, 0, 0, 0, cudaChannelFormatKindFloat);
    cudaArray_t arr;
    CHECK(cudaMallocArray(&arr, &fdesc, W, H, cudaArraySurfaceLoadStore));
    cudaResourceDesc res;
    memset(&res, 0, sizeof(res));
    res.resType = cudaResourceTypeArray;
    res.res.array.array = arr;
    cudaSurfaceObject_t surf;
    CHECK(cudaCreateSurfaceObject(&surf, &res));
    dim3 block(8, 8), grid((W + 7) / 8, (H + 7) / 8);
    writeSurface<<<grid, block>>>(d_in, W, H, surf);
    CHECK(cudaGetLastError());
    readSurface<<<grid, block>>>(d_out, W, H, surf);
    CHECK(cudaGetLastError());
    float h_out[W * H], h_back[W * H];
    CHECK(cudaMemcpy(h_out, d_out, sizeof(h_out), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy2DFromArray(h_back, W * sizeof(float), arr, 0, 0, W * sizeof(float), H, cudaMemcpyDeviceToHost));
    for (int i = 0; i < W * H; ++i) {
        float want = h_in[i] * 3.0f - 1.0f;
        if (h_back[i] != want) fail("surf2Dwrite + cudaMemcpy2DFromArray", i, h_back[i], want);
        if (h_out[i] != want + 0.5f) fail("surf2Dread<float>", i, h_out[i], want + 0.5f);
    }

    // ---- 2: uchar4 surface ----
    cudaChannelFormatDesc cdesc = cudaCreateChannelDesc<uchar4>();
    cudaArray_t colors;
    CHECK(cudaMallocArray(&colors, &cdesc, W, H, cudaArraySurfaceLoadStore));
    res.res.array.array = colors;
    cudaSurfaceObject_t csurf;
    CHECK(cudaCreateSurfaceObject(&csurf, &res));
    writeColors<<<grid, block>>>(W, H, csurf);
    CHECK(cudaGetLastError());
    uchar4 h_colors[W * H];
    CHECK(cudaMemcpyFromArray(h_colors, colors, 0, 0, sizeof(h_colors), cudaMemcpyDeviceToHost));
    for (int y = 0; y < H; ++y)
        for (int x = 0; x < W; ++x) {
            uchar4 c = h_colors[y * W + x];
            if (c.x != x || c.y != y || c.z != (unsigned char)(x + y) || c.w != (unsigned char)(255 - x))
                fail("surf2Dwrite uchar4", y * W + x, c.z, x + y);
        }

    // ---- 3: 3D texture ----
    const int X = 5, Y = 4, Z = 3, N = 12;
    float h_vol[X * Y * Z];
    for (int i = 0; i < X * Y * Z; ++i) h_vol[i] = (float)((i * 17) % 23) - 4.5f;
    cudaArray_t vol;
    CHECK(cudaMalloc3DArray(&vol, &fdesc, make_cudaExtent(X, Y, Z)));
    cudaMemcpy3DParms p;
    memset(&p, 0, sizeof(p));
    p.srcPtr = make_cudaPitchedPtr(h_vol, X * sizeof(float), X, Y);
    p.dstArray = vol;
    p.extent = make_cudaExtent(X, Y, Z);
    p.kind = cudaMemcpyHostToDevice;
    CHECK(cudaMemcpy3D(&p));
    float h_vol2[X * Y * Z];
    memset(&p, 0, sizeof(p));
    p.srcArray = vol;
    p.dstPtr = make_cudaPitchedPtr(h_vol2, X * sizeof(float), X, Y);
    p.extent = make_cudaExtent(X, Y, Z);
    p.kind = cudaMemcpyDeviceToHost;
    CHECK(cudaMemcpy3D(&p));
    if (memcmp(h_vol, h_vol2, sizeof(h_vol)) != 0) fail("cudaMemcpy3D array round trip", 0, 0, 1);
    memset(&res, 0, sizeof(res));
    res.resType = cudaResourceTypeArray;
    res.res.array.array = vol;
    cudaTextureDesc td;
    memset(&td, 0, sizeof(td));
    td.addressMode[0] = td.addressMode[1] = td.addressMode[2] = cudaAddressModeClamp;
    td.filterMode = cudaFilterModeLinear;
    td.readMode = cudaReadModeElementType;
    td.normalizedCoords = 0;
    cudaTextureObject_t tex3;
    CHECK(cudaCreateTextureObject(&tex3, &res, &td, NULL));
    float *d_s3;
    CHECK(cudaMalloc(&d_s3, N * N * N * sizeof(float)));
    const float step3 = 0.57f;
    sample3D<<<(N * N * N + 127) / 128, 128>>>(d_s3, N, step3, tex3);
    CHECK(cudaGetLastError());
    static float h_s3[N * N * N];
    CHECK(cudaMemcpy(h_s3, d_s3, sizeof(h_s3), cudaMemcpyDeviceToHost));
    for (int i = 0; i < N * N * N; ++i) {
        int a = i % N, b = (i / N) % N, c = i / (N * N);
        int x0, x1, y0, y1, z0, z1, wa, wb, wc, w[8];
        axisLinear(-0.7f + a * step3, X, false, &x0, &x1, &wa);
        axisLinear(-0.4f + b * step3, Y, false, &y0, &y1, &wb);
        axisLinear(-0.3f + c * step3, Z, false, &z0, &z1, &wc);
        cornerWeights(wa, wb, wc, w);
        float want = 0;
        for (int k = 0; k < 8; ++k)
            want += w[k] / 256.0f * h_vol[((k & 4) ? z1 : z0) * X * Y + ((k & 2) ? y1 : y0) * X + ((k & 1) ? x1 : x0)];
        if (!close(h_s3[i], want)) fail("tex3D<float> linear", i, h_s3[i], want);
    }

    // ---- 4: layered texture ----
    const int LW = 6, LH = 5, L = 3, LN = 10;
    float h_layers[LW * LH * L];
    for (int i = 0; i < LW * LH * L; ++i) h_layers[i] = (float)((i * 7) % 19) + (i / (LW * LH)) * 100.0f;
    cudaArray_t layered;
    CHECK(cudaMalloc3DArray(&layered, &fdesc, make_cudaExtent(LW, LH, L), cudaArrayLayered));
    memset(&p, 0, sizeof(p));
    p.srcPtr = make_cudaPitchedPtr(h_layers, LW * sizeof(float), LW, LH);
    p.dstArray = layered;
    p.extent = make_cudaExtent(LW, LH, L);
    p.kind = cudaMemcpyHostToDevice;
    CHECK(cudaMemcpy3D(&p));
    res.res.array.array = layered;
    td.addressMode[0] = td.addressMode[1] = cudaAddressModeWrap;
    td.normalizedCoords = 1;
    cudaTextureObject_t texL;
    CHECK(cudaCreateTextureObject(&texL, &res, &td, NULL));
    float *d_sl;
    CHECK(cudaMalloc(&d_sl, LN * LN * L * sizeof(float)));
    const float stepL = 0.17f;
    sampleLayers<<<dim3((LN * LN + 63) / 64, L), 64>>>(d_sl, LN, L, stepL, texL);
    CHECK(cudaGetLastError());
    float h_sl[LN * LN * L];
    CHECK(cudaMemcpy(h_sl, d_sl, sizeof(h_sl), cudaMemcpyDeviceToHost));
    for (int l = 0; l < L; ++l)
        for (int i = 0; i < LN * LN; ++i) {
            int x0, x1, y0, y1, a, b, w[8];
            axisLinear(normalized(-0.3f + (i % LN) * stepL, LW), LW, true, &x0, &x1, &a);
            axisLinear(normalized(-0.2f + (i / LN) * stepL, LH), LH, true, &y0, &y1, &b);
            cornerWeights(a, b, 0, w);
            const float *t = h_layers + l * LW * LH;
            float want = (w[0] * t[y0 * LW + x0] + w[1] * t[y0 * LW + x1] + w[2] * t[y1 * LW + x0] + w[3] * t[y1 * LW + x1]) / 256.0f;
            if (!close(h_sl[l * LN * LN + i], want)) fail("tex2DLayered<float> linear wrap", l * LN * LN + i, h_sl[l * LN * LN + i], want);
        }

    // A surface object over an array allocated without cudaArraySurfaceLoadStore: the guide asks for
    // the flag, but an H100 (CUDA 13) creates the object anyway (cudaSuccess), while cu2metal
    // refuses it (cudaErrorInvalidValue: a Metal texture needs its write usage declared). Either
    // answer is accepted; nothing is read or written through it.
    res.res.array.array = vol;
    cudaSurfaceObject_t bad;
    cudaError_t badErr = cudaCreateSurfaceObject(&bad, &res);
    if (badErr == cudaSuccess) CHECK(cudaDestroySurfaceObject(bad));
    else if (badErr != cudaErrorInvalidValue) fail("surface over an array without cudaArraySurfaceLoadStore", 0, badErr, cudaErrorInvalidValue);
    cudaGetLastError();

    CHECK(cudaDestroySurfaceObject(surf));
    CHECK(cudaDestroySurfaceObject(csurf));
    CHECK(cudaDestroyTextureObject(tex3));
    CHECK(cudaDestroyTextureObject(texL));
    CHECK(cudaFreeArray(arr));
    CHECK(cudaFreeArray(colors));
    CHECK(cudaFreeArray(vol));
    CHECK(cudaFreeArray(layered));
    // (Not freed twice: CUDA crashes on that; cu2metal says cudaErrorInvalidResourceHandle.)
    CHECK(cudaFree(d_in));
    CHECK(cudaFree(d_out));
    CHECK(cudaFree(d_s3));
    CHECK(cudaFree(d_sl));
    if (failures) {
        printf("FAILED (%d mismatches)\n", failures);
        return 1;
    }
    printf("PASSED\n");
    return 0;
}

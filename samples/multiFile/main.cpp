// multiFile: damped springs, integrated on the GPU by integrate.cu and measured by forces.cu;
// this file is plain host C++ (nvcc compiles it with the host compiler).
// Build: nvcc -rdc=true main.cpp integrate.cu forces.cu -o multiFile && ./multiFile [n] [steps]
#include <cmath>
#include <cstring>
#include <vector>

#include "particles.h"

static float massOfHost(int i) { return 1.0f + (i % 7) * 0.25f; }

int main(int argc, char** argv) {
    int n = argc > 1 ? atoi(argv[1]) : 20000;
    int steps = argc > 2 ? atoi(argv[2]) : 8;
    if (n <= 0 || steps < 0) {
        fprintf(stderr, "usage: multiFile [n > 0] [steps >= 0]\n");
        return 2;
    }
    const float dt = 0.01f;
    std::vector<float> x(n), v(n);
    unsigned int seed = 12345u;
    for (int i = 0; i < n; ++i) {
        seed = seed * 1664525u + 1013904223u;
        x[i] = (seed >> 8) / 16777216.0f * 2.0f - 1.0f;
        seed = seed * 1664525u + 1013904223u;
        v[i] = (seed >> 8) / 16777216.0f - 0.5f;
    }

    float *d_x, *d_v;
    CHECK(cudaMalloc(&d_x, n * sizeof(float)));
    CHECK(cudaMalloc(&d_v, n * sizeof(float)));
    CHECK(cudaMemcpy(d_x, x.data(), n * sizeof(float), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(d_v, v.data(), n * sizeof(float), cudaMemcpyHostToDevice));
    stepOnDevice(d_x, d_v, n, dt, steps);
    double energy = energyOnDevice(d_x, d_v, n);
    std::vector<float> gx(n), gv(n);
    CHECK(cudaMemcpy(gx.data(), d_x, n * sizeof(float), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(gv.data(), d_v, n * sizeof(float), cudaMemcpyDeviceToHost));
    CHECK(cudaFree(d_x));
    CHECK(cudaFree(d_v));

    // CPU reference, same float formulas.
    double want = 0.0;
    for (int i = 0; i < n; ++i) {
        float xi = x[i], vi = v[i], m = massOfHost(i);
        for (int s = 0; s < steps; ++s) {
            vi = vi + dt * (springForce(xi, vi) / m);
            xi = xi + dt * vi;
        }
        if (std::fabs(gx[i] - xi) > 1e-5f || std::fabs(gv[i] - vi) > 1e-5f) {
            printf("FAILED at %d: x %f v %f, expected x %f v %f\n", i, gx[i], gv[i], xi, vi);
            return 1;
        }
        want += 0.5 * m * vi * vi + 0.5 * STIFFNESS * xi * xi;
    }
    if (std::fabs(energy - want) > 1e-4 * want) {
        printf("FAILED: energy %f, expected %f\n", energy, want);
        return 1;
    }
    printf("%d particles, %d steps, energy %.4f\n", n, steps, energy);
    printf("PASSED\n");
    return 0;
}

// Plain C++ loops over the same data as bench/kernels/*.cu, for the ratios `npm run bench` prints.
// Compiled with the flags the CPU modules get (-O2); the work is split over as many OS threads as
// the CPU backends use (hardware_concurrency), in contiguous chunks. Prints the same two lines as
// the .cu programs: "bench-checksum" (must match) and "bench-kernel-ms" (best of REPS).
//   usage: baseline vadd|reduce|matmul|shfl
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <thread>
#include <vector>

namespace {

// Runs body(first, last) over [0, n) split into one contiguous chunk per hardware thread.
void parallelFor(size_t n, const std::function<void(size_t, size_t)>& body) {
  const size_t t = std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::thread> pool;
  const size_t chunk = (n + t - 1) / t;
  for (size_t k = 1; k < t; ++k) {
    const size_t first = std::min(n, k * chunk), last = std::min(n, first + chunk);
    pool.emplace_back([&body, first, last] { body(first, last); });
  }
  body(0, std::min(n, chunk));
  for (std::thread& th : pool) th.join();
}

double bestMs(int reps, const std::function<void()>& run) {
  double best = 1e30;
  for (int r = 0; r < reps; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    run();
    best = std::min(best, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  return best;
}

void report(double sum, double ms) {
  std::printf("bench-checksum %.1f\n", sum);
  std::printf("bench-kernel-ms %.3f\n", ms);
}

int vadd() {
  const size_t n = size_t(1) << 24;
  std::vector<float> a(n), b(n), c(n);
  for (size_t i = 0; i < n; ++i) a[i] = float(i % 1000), b[i] = float(i % 7);
  const double ms = bestMs(5, [&] {
    parallelFor(n, [&](size_t first, size_t last) {
      for (size_t i = first; i < last; ++i) c[i] = a[i] + b[i];
    });
  });
  double sum = 0;
  for (float v : c) sum += v;
  report(sum, ms);
  return 0;
}

int reduce() {
  const size_t threads = 256, blocks = 65536;
  std::vector<float> in(threads * blocks), out(blocks);
  for (size_t i = 0; i < in.size(); ++i) in[i] = float(i % 17);
  const double ms = bestMs(3, [&] {
    parallelFor(blocks, [&](size_t first, size_t last) {
      for (size_t b = first; b < last; ++b) {
        float s = 0;
        for (size_t t = 0; t < threads; ++t) s += in[b * threads + t];
        out[b] = s;
      }
    });
  });
  double sum = 0;
  for (float v : out) sum += v;
  report(sum, ms);
  return 0;
}

int matmul() {
  const size_t n = 512;
  std::vector<float> A(n * n), B(n * n), C(n * n);
  for (size_t i = 0; i < n * n; ++i) A[i] = float(i % 13) * 0.25f, B[i] = float(i % 7) * 0.5f;
  const double ms = bestMs(3, [&] {
    parallelFor(n, [&](size_t first, size_t last) {
      for (size_t i = first; i < last; ++i)
        for (size_t j = 0; j < n; ++j) {
          float acc = 0;
          for (size_t k = 0; k < n; ++k) acc += A[i * n + k] * B[k * n + j];
          C[i * n + j] = acc;
        }
    });
  });
  double sum = 0;
  for (float v : C) sum += v;
  report(sum, ms);
  return 0;
}

int shfl() {
  const size_t n = size_t(1) << 22;
  std::vector<float> in(n), out(n / 32);
  for (size_t i = 0; i < n; ++i) in[i] = float(i % 11);
  const double ms = bestMs(3, [&] {
    parallelFor(n / 32, [&](size_t first, size_t last) {
      for (size_t w = first; w < last; ++w) {
        float s = 0;
        for (size_t l = 0; l < 32; ++l) s += in[w * 32 + l];
        out[w] = s;
      }
    });
  });
  double sum = 0;
  for (float v : out) sum += v;
  report(sum, ms);
  return 0;
}

} // namespace

int main(int argc, char** argv) {
  const char* which = argc > 1 ? argv[1] : "";
  if (!std::strcmp(which, "vadd")) return vadd();
  if (!std::strcmp(which, "reduce")) return reduce();
  if (!std::strcmp(which, "matmul")) return matmul();
  if (!std::strcmp(which, "shfl")) return shfl();
  std::fprintf(stderr, "usage: baseline vadd|reduce|matmul|shfl\n");
  return 2;
}

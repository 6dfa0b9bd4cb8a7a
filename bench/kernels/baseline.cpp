// Plain C++ loops over the same data as bench/kernels/*.cu, for the ratios `npm run bench` prints.
// Compiled with the flags the CPU modules get (-O2); the work is split over as many OS threads as
// the CPU backends use (hardware_concurrency, or CU2METAL_THREADS as they read it), in contiguous
// chunks, on a pool of threads made once (as OpenMP does, and as the CPU backends do: thread creation
// is not part of a loop's time). Prints the same two lines as the .cu programs: "bench-checksum"
// (must match) and "bench-kernel-ms" (best of REPS).
//   usage: baseline vadd|reduce|matmul|shfl        (REPS: BENCH_REPS, default as in the .cu programs)
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define CPU_RELAX() _mm_pause()
#else
#define CPU_RELAX() std::this_thread::yield()
#endif

namespace {

unsigned threadCount() {
  if (const char* env = std::getenv("CU2METAL_THREADS")) {
    const int n = std::atoi(env);
    if (n > 0) return static_cast<unsigned>(n);
  }
  return std::max(1u, std::thread::hardware_concurrency());
}

// Persistent workers: after a loop each spins for up to 500 us (the CPU backends' default
// CU2METAL_SPIN_US) waiting for the next one, then sleeps on a condition variable.
class Pool {
 public:
  explicit Pool(unsigned n) : n_(n) {
    for (unsigned k = 1; k < n; ++k) threads_.emplace_back([this, k] { worker(k); });
  }
  ~Pool() {
    {
      std::lock_guard<std::mutex> lock(m_);
      stop_ = true;
      gen_.fetch_add(1, std::memory_order_release);
    }
    cv_.notify_all();
    for (std::thread& t : threads_) t.join();
  }
  unsigned size() const { return n_; }

  // Runs body(first, last) over [0, n) split into one contiguous chunk per thread.
  void parallelFor(size_t n, const std::function<void(size_t, size_t)>& body) {
    n_items_ = n;
    body_ = &body;
    pending_.store(n_ - 1, std::memory_order_relaxed);
    {
      std::lock_guard<std::mutex> lock(m_);
      gen_.fetch_add(1, std::memory_order_release);
    }
    cv_.notify_all();
    chunk(0);
    for (unsigned spins = 0; pending_.load(std::memory_order_acquire) != 0; ++spins) {
      if (spins < 4096) CPU_RELAX();
      else std::this_thread::yield();
    }
  }

 private:
  void chunk(unsigned k) {
    const size_t per = (n_items_ + n_ - 1) / n_;
    const size_t first = std::min(n_items_, k * per), last = std::min(n_items_, first + per);
    if (first < last) (*body_)(first, last);
  }
  void worker(unsigned k) {
    uint64_t seen = 0;
    for (;;) {
      const auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(500);
      while (gen_.load(std::memory_order_acquire) == seen && std::chrono::steady_clock::now() < until)
        for (int i = 0; i < 64; ++i) CPU_RELAX();
      {
        std::unique_lock<std::mutex> lock(m_);
        cv_.wait(lock, [&] { return gen_.load(std::memory_order_relaxed) != seen; });
        seen = gen_.load(std::memory_order_relaxed);
        if (stop_) return;
      }
      chunk(k);
      pending_.fetch_sub(1, std::memory_order_acq_rel);
    }
  }

  const unsigned n_;
  std::vector<std::thread> threads_;
  std::mutex m_;
  std::condition_variable cv_;
  std::atomic<uint64_t> gen_{0};
  std::atomic<unsigned> pending_{0};
  bool stop_ = false;
  size_t n_items_ = 0;
  const std::function<void(size_t, size_t)>* body_ = nullptr;
};

Pool& pool() {
  static Pool p(threadCount());
  return p;
}

void parallelFor(size_t n, const std::function<void(size_t, size_t)>& body) { pool().parallelFor(n, body); }

int reps(int dflt) {
  const char* env = std::getenv("BENCH_REPS");
  return env && std::atoi(env) > 0 ? std::atoi(env) : dflt;
}

double bestMs(int count, const std::function<void()>& run) {
  double best = 1e30;
  for (int r = 0; r < count; ++r) {
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
  const double ms = bestMs(reps(20), [&] {
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
  const double ms = bestMs(reps(3), [&] {
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
  const double ms = bestMs(reps(3), [&] {
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
  const double ms = bestMs(reps(3), [&] {
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

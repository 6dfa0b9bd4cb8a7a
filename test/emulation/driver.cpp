// Test driver for the CPU kernel modules (msl-cpu and cuda-cpu): loads a module built from
// kernels.metal / kernels.cu, runs the kernels through the module ABI (cu2m/abi.h) and checks the
// results against host computations. Deliberately independent of native/cpu/scheduler.cpp: blocks
// run in parallel on a few OS threads; the threads of a block run one after the other, or as
// ucontext fibers when the kernel uses barriers (the shape the real scheduler has, which is what
// the emulation headers' thread_local context handling must survive).
//
//   driver MODULE.so BACKEND            run the checks; prints "ok"/"FAIL" lines
//   driver MODULE.so BACKEND assert     run assertKernel with a failing assertion (cuda-cpu)
#include <cu2m/abi.h>

#include <dlfcn.h>
#include <ucontext.h>
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace {

int g_failures = 0;
int g_passes = 0;
void check(bool ok, const std::string& what) {
  std::printf("%s %s\n", ok ? "ok" : "FAIL", what.c_str());
  (ok ? g_passes : g_failures)++;
}

// ---- a tiny fiber scheduler ----------------------------------------------------------------------
struct Fiber {
  ucontext_t uc;
  cu2m_thread_ctx ctx;
  std::vector<char> stack;
  bool done = false;
  bool waiting = false;
};
struct BlockRun {
  ucontext_t sched;
  std::vector<Fiber> fibers;
  cu2m_entry_fn entry;
  void* const* args;
  size_t current = 0;
};
thread_local BlockRun* t_run = nullptr;

void fiber_main() {
  BlockRun* r = t_run;
  Fiber& f = r->fibers[r->current];
  r->entry(r->args, &f.ctx);
  f.done = true; // returning switches to uc_link (the scheduler)
}

void fiber_barrier(cu2m_thread_ctx* self, const char*, uint32_t) {
  Fiber* f = static_cast<Fiber*>(self->scheduler);
  f->waiting = true;
  swapcontext(&f->uc, &t_run->sched);
}
void no_barrier(cu2m_thread_ctx*, const char*, uint32_t) {
  std::fprintf(stderr, "driver: barrier in a kernel launched without CU2M_KERNEL_USES_BARRIERS\n");
  std::abort();
}
void trap(cu2m_thread_ctx*, const char* message) {
  std::fprintf(stderr, "device trap: %s\n", message);
  std::fflush(stderr);
  _exit(3);
}

struct Launch {
  cu2m_dim3 grid, block;
  size_t shared;
};

void run(void* module, const char* name, const Launch& L, void* const* args) {
  std::string sym = std::string("cu2m_entry_") + name;
  auto entry = reinterpret_cast<cu2m_entry_fn>(dlsym(module, sym.c_str()));
  auto flagsp = static_cast<const uint32_t*>(dlsym(module, (std::string("cu2m_flags_") + name).c_str()));
  if (!entry || !flagsp) {
    std::fprintf(stderr, "driver: module lacks %s or its flags\n", sym.c_str());
    std::exit(2);
  }
  const bool fibers = (*flagsp & CU2M_KERNEL_USES_BARRIERS) != 0;
  const uint32_t nblocks = L.grid.x * L.grid.y * L.grid.z;
  const uint32_t nthreads = L.block.x * L.block.y * L.block.z;
  std::atomic<uint32_t> next{0};
  auto worker = [&] {
    std::vector<char> shared_mem(L.shared + 16);
    void* dyn = L.shared ? reinterpret_cast<void*>((reinterpret_cast<uintptr_t>(shared_mem.data()) + 15) & ~uintptr_t(15)) : nullptr;
    for (uint32_t b; (b = next.fetch_add(1)) < nblocks;) {
      cu2m_dim3 bi{b % L.grid.x, (b / L.grid.x) % L.grid.y, b / (L.grid.x * L.grid.y)};
      auto make_ctx = [&](uint32_t t) {
        cu2m_thread_ctx c{};
        c.thread_idx = {t % L.block.x, (t / L.block.x) % L.block.y, t / (L.block.x * L.block.y)};
        c.block_idx = bi;
        c.block_dim = L.block;
        c.grid_dim = L.grid;
        c.linear_tid = t;
        c.warp_size = 32;
        c.dynamic_shared = dyn;
        c.dynamic_shared_bytes = L.shared;
        c.barrier = fibers ? fiber_barrier : no_barrier;
        c.trap = trap;
        return c;
      };
      if (!fibers) {
        for (uint32_t t = 0; t < nthreads; ++t) {
          cu2m_thread_ctx c = make_ctx(t);
          entry(args, &c);
        }
        continue;
      }
      BlockRun r;
      r.entry = entry;
      r.args = args;
      r.fibers.resize(nthreads);
      for (uint32_t t = 0; t < nthreads; ++t) {
        Fiber& f = r.fibers[t];
        f.ctx = make_ctx(t);
        f.ctx.scheduler = &f;
        f.stack.resize(64 * 1024);
        getcontext(&f.uc);
        f.uc.uc_stack.ss_sp = f.stack.data();
        f.uc.uc_stack.ss_size = f.stack.size();
        f.uc.uc_link = &r.sched;
        makecontext(&f.uc, fiber_main, 0);
      }
      t_run = &r;
      for (;;) {
        size_t live = 0;
        for (size_t t = 0; t < nthreads; ++t) {
          Fiber& f = r.fibers[t];
          if (f.done || f.waiting) continue;
          r.current = t;
          swapcontext(&r.sched, &f.uc);
        }
        for (Fiber& f : r.fibers) {
          if (!f.done) live++;
          f.waiting = false; // every live thread has reached the barrier: release them
        }
        if (live == 0) break;
      }
      t_run = nullptr;
    }
  };
  std::vector<std::thread> pool;
  for (int i = 0; i < 4; ++i) pool.emplace_back(worker);
  for (auto& t : pool) t.join();
}

bool near(float a, float b, float tol = 1e-5f) { return std::fabs(a - b) <= tol * (1.0f + std::fabs(b)); }

} // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: driver MODULE.so BACKEND [assert]\n");
    return 2;
  }
  void* m = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
  if (!m) {
    std::fprintf(stderr, "driver: %s\n", dlerror());
    return 2;
  }
  const std::string be = argv[2];
  auto abi = static_cast<const uint32_t*>(dlsym(m, "cu2m_module_abi_version"));
  check(abi && *abi == CU2M_ABI_VERSION, be + ": cu2m_module_abi_version");

  if (argc > 3 && std::string(argv[3]) == "assert") {
    std::vector<int> p = {1, 2, -3, 4};
    int* pp = p.data();
    void* args[] = {&pp};
    run(m, "assertKernel", {{1, 1, 1}, {4, 1, 1}, 0}, args);
    return 0; // not reached when the assertion traps
  }

  { // vecAdd
    int n = 1000;
    std::vector<float> A(n), B(n), C(n, -1.0f);
    for (int i = 0; i < n; ++i) { A[i] = float(i) * 0.5f; B[i] = float(n - i); }
    const float* a = A.data(); const float* b = B.data(); float* c = C.data();
    void* args[] = {&a, &b, &c, &n};
    run(m, "vecAdd", {{8, 1, 1}, {128, 1, 1}, 0}, args);
    bool ok = true;
    for (int i = 0; i < n; ++i) ok = ok && C[i] == A[i] + B[i];
    check(ok, be + ": vecAdd");
  }
  { // transposeTile: 16x16 tile, barrier
    int w = 40, h = 23;
    std::vector<float> in(w * h), out(w * h, -1.0f);
    for (int i = 0; i < w * h; ++i) in[i] = float(i);
    float* o = out.data(); const float* ip = in.data();
    void* args[] = {&o, &ip, &w, &h};
    run(m, "transposeTile", {{3, 2, 1}, {16, 16, 1}, 0}, args);
    bool ok = true;
    for (int y = 0; y < h; ++y)
      for (int x = 0; x < w; ++x) ok = ok && out[x * h + y] == in[y * w + x];
    check(ok, be + ": transposeTile (threadgroup/__shared__ tile + barrier)");
  }
  { // reduceDyn: dynamic shared memory
    const int bs = 64, nb = 7;
    std::vector<float> in(bs * nb), out(nb, -1.0f);
    for (int i = 0; i < bs * nb; ++i) in[i] = float(i % 17);
    const float* ip = in.data(); float* o = out.data();
    void* args[] = {&ip, &o};
    run(m, "reduceDyn", {{nb, 1, 1}, {bs, 1, 1}, bs * sizeof(float)}, args);
    bool ok = true;
    for (int b = 0; b < nb; ++b) {
      float s = 0;
      for (int t = 0; t < bs; ++t) s += in[b * bs + t];
      ok = ok && out[b] == s;
    }
    check(ok, be + ": reduceDyn (dynamic threadgroup / extern __shared__)");
  }
  { // mathMix
    int n = 300;
    const int bs = 64, nb = (n + bs - 1) / bs;
    std::vector<float> x(n), y(n, -1.0f), fsum(1, 0.0f), pts(3 * n), outPts(3 * n, 0.0f);
    std::vector<unsigned> hist(8, 0), big(nb, 12345);
    for (int i = 0; i < n; ++i) {
      x[i] = float((i * 7) % 11);
      pts[3 * i] = 1.0f + i; pts[3 * i + 1] = 2.0f; pts[3 * i + 2] = -0.5f * i;
    }
    const float* xp = x.data(); float* yp = y.data(); unsigned* hp = hist.data(); unsigned* bp = big.data();
    float* fp = fsum.data(); const float* pp = pts.data(); float* op = outPts.data();
    void* args[] = {&xp, &yp, &hp, &bp, &fp, &pp, &op, &n};
    run(m, "mathMix", {{uint32_t(nb), 1, 1}, {bs, 1, 1}, 0}, args);
    bool yok = true, pok = true;
    std::vector<unsigned> h2(8, 0), b2(nb, 0);
    float s = 0;
    for (int i = 0; i < n; ++i) {
      float v = x[i];
      float r = std::fmin(std::fmax(std::sqrt(v) * 0.5f + std::sin(v), 0.0f), 10.0f) + 6.0f + v;
      yok = yok && near(y[i], r);
      h2[int(v) % 8]++;
      if (v > 5.0f) b2[i / bs]++;
      s += v;
      for (int k = 0; k < 3; ++k) pok = pok && near(outPts[3 * i + k], pts[3 * i + k] + 1.0f, 1e-5f);
    }
    check(yok, be + ": mathMix math + vector constructors");
    check(hist == h2, be + ": mathMix device atomics (uint add)");
    check(fsum[0] == s, be + ": mathMix float atomic add");
    check(big == b2, be + ": mathMix threadgroup atomics / __syncthreads_count");
    check(pok, be + ": mathMix packed_float3 / float3 buffers");
  }
  if (be == "cuda-cpu") { // dynForms: namespace-scope extern __shared__, reinterpret_cast idiom, votes
    std::vector<int> out(65, 0);
    int* o = out.data();
    void* args[] = {&o};
    run(m, "dynForms", {{1, 1, 1}, {32, 1, 1}, 32 * sizeof(int)}, args);
    bool ok = out[64] == 32;
    for (int t = 0; t < 32; ++t) ok = ok && out[t] == 3 * (31 - t) + 111000;
    check(ok, be + ": dynForms (extern __shared__ forms, __syncthreads_or/and, atomicInc)");
  }
  std::printf("%d passed, %d failed\n", g_passes, g_failures);
  return g_failures ? 1 : 0;
}

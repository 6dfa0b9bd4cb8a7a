// cu2metal CPU execution engine. See scheduler.h for the execution model.
#include "scheduler.h"
#include "divzero.h"
#include "light_fiber.h"

#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <boost/context/fiber.hpp>

#ifdef CU2M_SANITIZE
extern "C" void __asan_set_error_report_callback(void (*callback)(const char*));
extern "C" void __sanitizer_start_switch_fiber(void** fake_stack_save, const void* bottom, size_t size);
extern "C" void __sanitizer_finish_switch_fiber(void* fake_stack_save, const void** bottom_old, size_t* size_old);
#endif

#ifdef CU2M_HAVE_LIGHT_FIBERS
CU2M_LIGHT_FIBER_ASM;
#endif

namespace cu2m {
namespace cpu {
namespace {

namespace bctx = boost::context;

// ---- --sanitize: which GPU thread an AddressSanitizer report is about --------------------------
//
// The scheduler notes the kernel and the thread context it is about to run on this OS thread; an
// ASan error report (printed before the program dies) is followed by a line naming them and the
// first frame of the report that lies in the program's source (.cu, .cuh, .metal: the modules
// carry #line directives back to the .cu).
#ifdef CU2M_SANITIZE
thread_local const char* tSanitizeKernel = nullptr;
thread_local const cu2m_thread_ctx* tSanitizeThread = nullptr;

inline void noteThread(const char* kernel, const cu2m_thread_ctx* ctx) {
  tSanitizeKernel = kernel;
  tSanitizeThread = ctx;
}

// " in fn /path/file.cu:12:5" → "/path/file.cu:12" (first frame in a program source), else "".
std::string sourceLineOf(const char* report) {
  const std::string r = report ? report : "";
  for (size_t at = 0; (at = r.find("\n    #", at)) != std::string::npos; ++at) {
    const size_t end = r.find('\n', at + 1);
    const std::string frame = r.substr(at + 1, end == std::string::npos ? std::string::npos : end - at - 1);
    for (const char* ext : {".cu:", ".cuh:", ".metal:"}) {
      const size_t e = frame.find(ext);
      if (e == std::string::npos) continue;
      size_t start = frame.rfind(' ', e);
      start = start == std::string::npos ? 0 : start + 1;
      size_t stop = e + std::strlen(ext);
      while (stop < frame.size() && frame[stop] >= '0' && frame[stop] <= '9') ++stop;
      return frame.substr(start, stop - start);
    }
  }
  return "";
}

void onSanitizerReport(const char* report) {
  char msg[1024];
  const std::string line = sourceLineOf(report);
  const cu2m_thread_ctx* t = tSanitizeThread;
  int len;
  if (t && tSanitizeKernel) {
    len = std::snprintf(msg, sizeof msg,
                        "cu2metal: sanitizer: the error above is in kernel %s, block (%u,%u,%u), thread (%u,%u,%u)%s%s\n",
                        tSanitizeKernel, t->block_idx.x, t->block_idx.y, t->block_idx.z, t->thread_idx.x,
                        t->thread_idx.y, t->thread_idx.z, line.empty() ? "" : ", at ", line.c_str());
  } else {
    len = std::snprintf(msg, sizeof msg, "cu2metal: sanitizer: the error above is in host code%s%s\n",
                        line.empty() ? "" : ", at ", line.c_str());
  }
  if (len > 0) (void)!write(2, msg, std::min(static_cast<size_t>(len), sizeof msg - 1));
}

void ensureSanitizerReports() {
  static std::once_flag once;
  std::call_once(once, [] { __asan_set_error_report_callback(onSanitizerReport); });
}
#else
inline void noteThread(const char*, const cu2m_thread_ctx*) {}
inline void ensureSanitizerReports() {}
#endif

[[noreturn]] void fatal(const char* message) {
  std::fprintf(stderr, "cu2metal: %s\n", message);
  std::fflush(stderr);
  std::abort();
}

// ---- Stack overflow reporting ------------------------------------------------------------------
//
// A kernel whose local arrays outgrow a fiber stack runs into the stack's guard page (modules are
// built with -fstack-clash-protection, so large frames probe it rather than jump past it). A
// SIGSEGV handler, running on an alternate signal stack, recognises a fault in a guard page and
// says what happened before the default action ends the program as the fault would have.

constexpr size_t kMaxGuards = 1 << 16;
std::atomic<uintptr_t> gGuards[kMaxGuards]; // guard page addresses (0: free slot)
std::atomic<size_t> gGuardCount{0};
size_t gPageSize = 4096;
size_t gStackKb = 0;

void registerGuard(void* page) {
  const size_t i = gGuardCount.fetch_add(1, std::memory_order_relaxed);
  if (i < kMaxGuards) gGuards[i].store(reinterpret_cast<uintptr_t>(page), std::memory_order_release);
}

void unregisterGuard(void* page) {
  const size_t n = std::min(gGuardCount.load(std::memory_order_relaxed), kMaxGuards);
  for (size_t i = 0; i < n; ++i)
    if (gGuards[i].load(std::memory_order_relaxed) == reinterpret_cast<uintptr_t>(page)) gGuards[i].store(0);
}

void onSegv(int, siginfo_t* info, void*) {
  const uintptr_t a = reinterpret_cast<uintptr_t>(info->si_addr);
  const size_t n = std::min(gGuardCount.load(std::memory_order_relaxed), kMaxGuards);
  for (size_t i = 0; i < n; ++i) {
    const uintptr_t g = gGuards[i].load(std::memory_order_acquire);
    if (g && a >= g && a < g + gPageSize) {
      char msg[256];
      const int len = std::snprintf(msg, sizeof msg,
                                    "cu2metal: a GPU thread overflowed its %zu KiB stack: its local variables are too "
                                    "large; run with CU2METAL_FIBER_STACK_KB set higher\n",
                                    gStackKb);
      if (len > 0) (void)!write(2, msg, static_cast<size_t>(len));
      break;
    }
  }
  signal(SIGSEGV, SIG_DFL); // returning re-runs the faulting access: the default action follows
}

// Once per process: the handler, unless the program installed its own. Once per OS thread that
// runs fibers: the alternate stack the handler runs on (the fiber's own stack is exhausted).
void ensureOverflowReporting(size_t stackBytes) {
  static std::once_flag once;
  std::call_once(once, [stackBytes] {
    gPageSize = static_cast<size_t>(sysconf(_SC_PAGESIZE));
    gStackKb = stackBytes / 1024;
    struct sigaction old {};
    if (sigaction(SIGSEGV, nullptr, &old) != 0 || (old.sa_flags & SA_SIGINFO) || old.sa_handler != SIG_DFL) return;
    struct sigaction sa {};
    sa.sa_sigaction = onSegv;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, nullptr);
  });
  static thread_local std::unique_ptr<char[]> altStack;
  if (!altStack) {
    const size_t size = 64 * 1024;
    altStack.reset(new char[size]);
    stack_t ss{};
    ss.ss_sp = altStack.get();
    ss.ss_size = size;
    sigaltstack(&ss, nullptr);
  }
}

// ---- Fiber stacks -----------------------------------------------------------------------------

// One mmap'ed stack with a PROT_NONE guard page below it. Pages are committed on first touch.
// Stacks of equal size would put every fiber's hot top-of-stack lines (the registers
// jump_fcontext saves) at the same cache-set index; the top of stack number i is shifted by
// i * 1088 bytes modulo 64 KiB (17 cache lines, coprime with the set count) to spread them.
class FiberStack {
 public:
  FiberStack(size_t usable, size_t index) {
    const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
    color_ = (index * 1088) % 65536;
    usable_ = (usable + page - 1) / page * page;
    total_ = usable_ + page + (65536 + page - 1) / page * page;
    int flags = MAP_PRIVATE | MAP_ANONYMOUS;
#ifdef MAP_NORESERVE
    flags |= MAP_NORESERVE;
#endif
#ifdef MAP_STACK
    flags |= MAP_STACK;
#endif
    base_ = mmap(nullptr, total_, PROT_READ | PROT_WRITE, flags, -1, 0);
    if (base_ == MAP_FAILED) fatal("cannot map a fiber stack (out of address space?)");
    if (mprotect(base_, page, PROT_NONE) != 0) fatal("cannot protect a fiber stack guard page");
    registerGuard(base_);
  }
  ~FiberStack() {
    unregisterGuard(base_);
    munmap(base_, total_);
  }
  FiberStack(const FiberStack&) = delete;
  FiberStack& operator=(const FiberStack&) = delete;

  bctx::stack_context context() const {
    bctx::stack_context sc;
    sc.size = usable_;
    sc.sp = static_cast<char*>(base_) + total_ - color_; // stacks grow down: sp is the high end
    return sc;
  }

 private:
  void* base_ = nullptr;
  size_t color_ = 0;
  size_t usable_ = 0;
  size_t total_ = 0;
};

// The stacks belong to the worker; Boost.Context must not free them.
struct KeepStack {
  bctx::stack_context allocate() { fatal("internal error: fiber stack allocator called"); }
  void deallocate(bctx::stack_context&) noexcept {}
};

// ---- Floating-point environment -------------------------------------------------------------------
// Boost.Context saves and restores MXCSR and the x87 control word on every switch (x86). If the
// scheduler's MXCSR differs from a fiber's (typically only in the sticky exception flags, which any
// inexact float operation sets), every switch executes LDMXCSR with a new value, which serializes
// the pipeline: the 4096x256 reduction ran 3x slower. So each launch fixes one environment: the
// launching thread's control bits with all six sticky flags already set (so that no arithmetic
// can change it); the workers and every fiber (before each CUDA thread) load it when theirs
// differs. It also gives background workers the caller's rounding mode.
struct FpEnv {
  uint32_t mxcsr = 0;
  uint16_t x87 = 0;
};

#if defined(__x86_64__) || defined(__i386__)
inline FpEnv readFpEnv() {
  FpEnv e;
  __asm__ volatile("stmxcsr %0" : "=m"(e.mxcsr));
  __asm__ volatile("fnstcw %0" : "=m"(e.x87));
  return e;
}
inline void applyFpEnv(const FpEnv& want) {
  FpEnv now = readFpEnv();
  if (now.mxcsr != want.mxcsr) __asm__ volatile("ldmxcsr %0" : : "m"(want.mxcsr));
  if (now.x87 != want.x87) __asm__ volatile("fldcw %0" : : "m"(want.x87));
}
inline FpEnv launchFpEnv() {
  FpEnv e = readFpEnv();
  e.mxcsr |= 0x3f; // IE DE ZE OE UE PE
  return e;
}
#else
inline FpEnv readFpEnv() { return FpEnv(); }
inline void applyFpEnv(const FpEnv&) {}
inline FpEnv launchFpEnv() { return FpEnv(); }
#endif

// ---- Per-thread and per-worker state ----------------------------------------------------------

struct Worker;

struct ThreadSlot {
  cu2m_thread_ctx ctx;            // ctx.scheduler points back at this slot
  Worker* worker = nullptr;
  bctx::fiber fiber;              // held by the scheduler while the fiber is suspended
  bctx::fiber sink;               // held by the fiber while it runs: the way back to the scheduler
  bool finished = false;
  const char* siteFile = nullptr; // the barrier call the thread waits at (fibers only)
  uint32_t siteLine = 0;
  // Warp collective (fibers only): set while the thread waits at a warp operation.
  bool atWarpOp = false;
  bool softStep = false;          // the warp operation is a lockstep step (cu2m/lockstep.h), not a collective
  uint64_t warpValue = 0;
  void* sp = nullptr;             // light fibers: the saved stack pointer while not running
  // --sanitize: the fiber's stack and ASan's fake-stack handle, for the stack-switch annotations.
  const void* stackBottom = nullptr;
  size_t stackSize = 0;
  void* asanFake = nullptr;
};

struct Worker {
  // --sanitize: the scheduler's own stack as ASan saw it when it last switched to a fiber.
  const void* schedBottom = nullptr;
  size_t schedSize = 0;
  void* schedFake = nullptr;
  const GridLaunch* launch = nullptr;     // current launch; set before the first block runs
  uint64_t preparedFor = 0;               // launch id the slots are set up for
  size_t stackBytes = 0;                  // size of the stacks in `stacks`
  std::vector<std::unique_ptr<FiberStack>> stacks;
  std::vector<std::unique_ptr<ThreadSlot>> slots; // slots[i] runs thread i of fiber blocks
  ThreadSlot plain;                       // the one context of loop-scheduled blocks
  std::vector<uint32_t> active;
  // The threads the current round runs, in order, and the position of the running one (light
  // fibers switch from one to the next; the last switches back to `schedSp`).
  std::vector<uint32_t> runnable;
  size_t runPos = 0;
  void* schedSp = nullptr;
  // Results of the last warp collective of each warp: the lanes' values and who took part. Written
  // when the scheduler resolves a collective, read by its lanes when they resume (all of them
  // within the next round, before the warp's next collective can be resolved).
  std::vector<uint64_t> warpValues;
  std::vector<uint32_t> warpActive;
  std::vector<uint8_t> warpSoft;          // per warp: some lane waits at a lockstep step this round
  void* dynamicShared = nullptr;
  size_t dynamicSharedCapacity = 0;

  FpEnv fpEnv;                            // the launch's floating-point environment

  Worker() { plain.worker = this; }
  ~Worker() {
    slots.clear(); // unwinds the suspended fibers before their stacks go away
    stacks.clear();
    std::free(dynamicShared);
  }
};

ThreadSlot* slotOf(cu2m_thread_ctx* ctx) { return static_cast<ThreadSlot*>(ctx->scheduler); }

// AddressSanitizer must be told of every switch between the scheduler's stack and a fiber's
// (--sanitize), or it mistakes the other stack's frames for overflows.
#ifdef CU2M_SANITIZE
inline void toFiber(ThreadSlot& s) { __sanitizer_start_switch_fiber(&s.worker->schedFake, s.stackBottom, s.stackSize); }
inline void backInScheduler(Worker& w) { __sanitizer_finish_switch_fiber(w.schedFake, nullptr, nullptr); }
inline void toScheduler(ThreadSlot* s) { __sanitizer_start_switch_fiber(&s->asanFake, s->worker->schedBottom, s->worker->schedSize); }
inline void inFiber(ThreadSlot* s) { __sanitizer_finish_switch_fiber(s->asanFake, &s->worker->schedBottom, &s->worker->schedSize); }
#else
inline void toFiber(ThreadSlot&) {}
inline void backInScheduler(Worker&) {}
inline void toScheduler(ThreadSlot*) {}
inline void inFiber(ThreadSlot*) {}
#endif

void trapHandler(cu2m_thread_ctx* ctx, const char* message) {
  const ThreadSlot* slot = slotOf(ctx);
  const char* name = slot && slot->worker && slot->worker->launch ? slot->worker->launch->kernelName : "?";
  std::fprintf(stderr,
               "cu2metal: device trap in kernel %s (block (%u,%u,%u), thread (%u,%u,%u)): %s\n", name,
               ctx->block_idx.x, ctx->block_idx.y, ctx->block_idx.z, ctx->thread_idx.x,
               ctx->thread_idx.y, ctx->thread_idx.z, message ? message : "trap");
  std::fflush(stderr);
  std::abort();
}

void barrierWithoutFibers(cu2m_thread_ctx* ctx, const char* file, uint32_t line) {
  const ThreadSlot* slot = slotOf(ctx);
  const char* name = slot && slot->worker && slot->worker->launch ? slot->worker->launch->kernelName : "?";
  std::fprintf(stderr,
               "cu2metal: kernel %s called a block barrier (__syncthreads / threadgroup_barrier) at %s:%u in "
               "block (%u,%u,%u), thread (%u,%u,%u), but its module does not declare "
               "CU2M_KERNEL_USES_BARRIERS (cu2m_flags_%s), so its threads run as a plain loop and "
               "cannot wait for each other. This is a bug in the generated module; aborting.\n",
               name, file ? file : "?", line, ctx->block_idx.x, ctx->block_idx.y, ctx->block_idx.z,
               ctx->thread_idx.x, ctx->thread_idx.y, ctx->thread_idx.z, name);
  std::fflush(stderr);
  std::abort();
}

#ifdef CU2M_HAVE_LIGHT_FIBERS
// Light fibers (light_fiber.h) unless CU2METAL_LIGHT_FIBERS=0; never with --sanitize.
bool lightFibers() {
  static const bool enabled = [] {
    const char* env = std::getenv("CU2METAL_LIGHT_FIBERS");
    return !(env && std::strcmp(env, "0") == 0);
  }();
  return enabled;
}
#endif

// The running fiber stops until its next round: a light fiber switches straight to the next
// thread of the round (or back to the scheduler after the last); a Boost fiber to the scheduler.
void suspendFiber(ThreadSlot* slot) {
#ifdef CU2M_HAVE_LIGHT_FIBERS
  if (lightFibers()) {
    Worker& w = *slot->worker;
    const size_t next = ++w.runPos;
    const size_t n = w.runnable.size();
    // The next thread's stack is cold by now (the others ran since it stopped): fetch the one after
    // it while this switch and the next thread run.
    if (next + 1 < n) {
      const char* after = static_cast<const char*>(w.slots[w.runnable[next + 1]]->sp);
      __builtin_prefetch(after);
      __builtin_prefetch(after + 64);
      __builtin_prefetch(after + 128);
      if (next + 2 < n) __builtin_prefetch(w.slots[w.runnable[next + 2]].get());
    }
    cu2m_light_switch(&slot->sp, next < n ? w.slots[w.runnable[next]]->sp : w.schedSp);
    return;
  }
#endif
  toScheduler(slot);
  slot->sink = std::move(slot->sink).resume();
  inFiber(slot);
}

void fiberBarrier(cu2m_thread_ctx* ctx, const char* file, uint32_t line) {
  ThreadSlot* slot = slotOf(ctx);
  slot->siteFile = file ? file : "?";
  slot->siteLine = line;
  suspendFiber(slot);
}

void warpWithoutFibers(cu2m_thread_ctx* ctx, uint64_t, uint64_t*, uint32_t*) {
  const ThreadSlot* slot = slotOf(ctx);
  const char* name = slot && slot->worker && slot->worker->launch ? slot->worker->launch->kernelName : "?";
  std::fprintf(stderr,
               "cu2metal: kernel %s used a warp operation (shuffle, vote, __syncwarp) in block (%u,%u,%u), thread "
               "(%u,%u,%u), but its module does not declare CU2M_KERNEL_USES_BARRIERS, so its threads cannot wait "
               "for each other. This is a bug in the generated module; aborting.\n",
               name, ctx->block_idx.x, ctx->block_idx.y, ctx->block_idx.z, ctx->thread_idx.x, ctx->thread_idx.y,
               ctx->thread_idx.z);
  std::fflush(stderr);
  std::abort();
}

// Suspends the thread until the scheduler resolves its warp's collective (see runFiberBlock). With
// `values` null it is a lockstep step (cu2m/lockstep.h): it only waits for the lanes of its warp
// that are at a step too.
void fiberWarpExchange(cu2m_thread_ctx* ctx, uint64_t value, uint64_t* values, uint32_t* active) {
  ThreadSlot* slot = slotOf(ctx);
  slot->atWarpOp = true;
  slot->softStep = values == nullptr;
  slot->warpValue = value;
  suspendFiber(slot);
  if (!values) return;
  Worker& w = *slot->worker;
  const uint32_t warp = ctx->linear_tid / 32;
  std::memcpy(values, &w.warpValues[warp * 32], 32 * sizeof(uint64_t));
  *active = w.warpActive[warp];
}

bool sameSite(const ThreadSlot& a, const ThreadSlot& b) {
  return a.siteLine == b.siteLine && (a.siteFile == b.siteFile || std::strcmp(a.siteFile, b.siteFile) == 0);
}

// ---- Divergent barriers -----------------------------------------------------------------------
// CUDA and Metal require every thread of a block to reach the same barrier (a barrier in
// divergent code, or after some threads returned, is undefined behaviour: it hangs, or lets
// threads through early, depending on the GPU). The scheduler checks it after every round.

// "0-15, 20, 22-31" (linear indexes; (x,y,z) for blocks that are not one-dimensional), at most
// kMaxRanges ranges.
std::string threadRanges(const std::vector<uint32_t>& ids, const cu2m_dim3& block) {
  constexpr size_t kMaxRanges = 8;
  const bool oneD = block.y == 1 && block.z == 1;
  auto one = [&](uint32_t i) {
    char b[48];
    if (oneD)
      std::snprintf(b, sizeof b, "%u", i);
    else
      std::snprintf(b, sizeof b, "(%u,%u,%u)", i % block.x, (i / block.x) % block.y, i / (block.x * block.y));
    return std::string(b);
  };
  std::string out;
  size_t ranges = 0;
  for (size_t k = 0; k < ids.size();) {
    size_t e = k;
    while (e + 1 < ids.size() && ids[e + 1] == ids[e] + 1) ++e;
    if (ranges == kMaxRanges) {
      out += ", ...";
      break;
    }
    if (!out.empty()) out += ", ";
    out += one(ids[k]);
    if (e > k) out += "-" + one(ids[e]);
    ++ranges;
    k = e + 1;
  }
  return out;
}

// The block entry of barrier-free kernels (GridLaunch::blockEntry), unless CU2METAL_BLOCK_ENTRY=0
// (the per-thread path, for comparison) or --sanitize (reports name the thread: noteThread).
bool blockEntryEnabled() {
#ifdef CU2M_SANITIZE
  return false;
#else
  static const bool enabled = [] {
    const char* env = std::getenv("CU2METAL_BLOCK_ENTRY");
    return !(env && std::strcmp(env, "0") == 0);
  }();
  return enabled;
#endif
}

inline bool useBlockEntry(const GridLaunch& L) { return L.blockEntry != nullptr && blockEntryEnabled(); }

// The range entry (GridLaunch::rangeEntry: a chunk of blocks in one call) wherever the block entry
// of a barrier-free kernel is used, unless CU2METAL_RANGE_ENTRY=0 (one call per block, for comparison).
bool rangeEntryEnabled() {
  static const bool enabled = [] {
    const char* env = std::getenv("CU2METAL_RANGE_ENTRY");
    return !(env && std::strcmp(env, "0") == 0);
  }();
  return enabled;
}

inline bool useRangeEntry(const GridLaunch& L) {
  return L.rangeEntry != nullptr && !(L.flags & CU2M_KERNEL_USES_BARRIERS) && useBlockEntry(L) && rangeEntryEnabled();
}

// Work-item loops (a barrier kernel whose block entry runs the stretches between barriers as
// loops over the threads), unless CU2METAL_WORK_ITEM_LOOPS=0 or --sanitize: those keep fibers,
// whose rounds check every barrier (divergent barriers are reported).
bool workItemLoopsEnabled() {
#ifdef CU2M_SANITIZE
  return false;
#else
  static const bool enabled = [] {
    const char* env = std::getenv("CU2METAL_WORK_ITEM_LOOPS");
    return !(env && std::strcmp(env, "0") == 0);
  }();
  return enabled;
#endif
}

// Whether the launch's blocks run on fibers (barriers without work-item loops).
inline bool needsFibers(const GridLaunch& L) {
  if (!(L.flags & CU2M_KERNEL_USES_BARRIERS)) return false;
  return !((L.flags & CU2M_KERNEL_WORK_ITEM_LOOPS) && useBlockEntry(L) && workItemLoopsEnabled());
}

size_t fiberStackBytes() {
  if (const char* env = std::getenv("CU2METAL_FIBER_STACK_KB")) {
    char* end = nullptr;
    unsigned long kb = std::strtoul(env, &end, 10);
    if (end != env && kb >= 16) return static_cast<size_t>(kb) * 1024;
    std::fprintf(stderr, "cu2metal: ignoring CU2METAL_FIBER_STACK_KB=%s (want a number >= 16)\n", env);
  }
  return kFiberStackBytes;
}

// CU2METAL_SPIN_US (see Scheduler::spinMicros): a number of microseconds, 0 to 1000000.
unsigned spinMicrosFromEnvironment() {
  if (const char* env = std::getenv("CU2METAL_SPIN_US")) {
    char* end = nullptr;
    const unsigned long us = std::strtoul(env, &end, 10);
    if (end != env && *end == '\0' && env[0] != '-' && us <= 1000000) return static_cast<unsigned>(us);
    std::fprintf(stderr, "cu2metal: ignoring CU2METAL_SPIN_US=%s (want a number of microseconds from 0 to 1000000)\n",
                 env);
  }
  return kDefaultSpinMicros;
}

inline void cpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  __asm__ volatile("yield");
#endif
}

// Spins (with a pause instruction) until done() or `micros` have passed; true if done().
template <typename Done>
bool spinUntil(unsigned micros, Done done) {
  if (micros == 0) return done();
  const auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(micros);
  for (;;) {
    for (int i = 0; i < 64; ++i) {
      if (done()) return true;
      cpuRelax();
    }
    if (std::chrono::steady_clock::now() >= until) return done();
  }
}

unsigned stallMillisFromEnvironment() {
  if (const char* env = std::getenv("CU2METAL_STALL_MS")) {
    char* end = nullptr;
    const unsigned long v = std::strtoul(env, &end, 10);
    if (end != env && *end == '\0' && v <= 60000) return static_cast<unsigned>(v);
  }
  return kDefaultStallMillis;
}

// One worker's share of a launch's blocks: [next, end), taken in chunks from `next` by the worker
// and, once their own share is done, by the others (stealing). On its own cache line.
struct alignas(64) BlockRange {
  std::atomic<uint64_t> next{0};
  uint64_t end = 0;
};

} // namespace

struct Scheduler::Impl {
  unsigned count = 1;                           // workers, including the caller
  size_t configuredStackBytes = kFiberStackBytes; // kFiberStackBytes or CU2METAL_FIBER_STACK_KB
  size_t stackBytes = kFiberStackBytes;         // what new fibers get (launchMutex held to change)
  std::vector<std::unique_ptr<Worker>> workers; // [0] is the calling thread
  std::vector<std::thread> threads;             // runs workers[1..]

  std::mutex launchMutex; // one launch at a time

  std::mutex m;
  std::condition_variable startCv, doneCv;
  uint64_t generation = 0; // launch id; bumped for every launch
  uint64_t wake = 0;       // bumped for launches the background workers take part in
  uint64_t wakeLaunchId = 0;
  bool stopping = false;
  // Background workers still busy with the current launch. Changed under `m` when a launch starts;
  // a worker decrements it without the lock, then notifies doneCv under the lock.
  std::atomic<unsigned> pending{0};
  // Bumped (under `m`) with `wake` and when stopping: what a spinning worker watches.
  std::atomic<uint64_t> wakeSignal{0};
  unsigned spinMicros = kDefaultSpinMicros; // CU2METAL_SPIN_US

  const GridLaunch* launch = nullptr;
  FpEnv fpEnv;
  // Blocks are numbered 0..totalBlocks-1; worker k owns the contiguous range starting at
  // k * totalBlocks / workers (ranges[k]) and takes chunks of `chunk` blocks from it, then from the
  // other workers' ranges. Each worker thus streams through its own part of the arrays of a
  // memory-bound kernel (interleaved chunks from one counter measured slower: docs/DESIGN.md), and
  // uneven blocks (barriers, fibers, a preempted worker) are still balanced by stealing.
  std::unique_ptr<BlockRange[]> ranges;
  unsigned rangeCount = 1; // ranges in use by the current launch
  uint64_t totalBlocks = 0;
  uint64_t chunk = 1;

  // Reserve workers (scheduler.h): extra OS threads that join a launch whose blocks stopped making
  // progress, up to GridLaunch::residentBlocks blocks at once. Under `m`: `watched` is the launch
  // the watcher looks at (0: none), `residentLimit` its resident blocks, `reserveActive` how many
  // reserves take part in it (those with index < reserveActive join launch `reserveLaunchId`).
  unsigned stallMillis = kDefaultStallMillis; // CU2METAL_STALL_MS
  std::vector<std::unique_ptr<Worker>> reserves;
  std::vector<std::thread> reserveThreads;
  std::condition_variable reserveCv;
  uint64_t watched = 0;
  uint64_t residentLimit = 0;
  unsigned reserveActive = 0;
  uint64_t reserveLaunchId = 0;
  std::thread watcher;
  std::condition_variable watchCv;

  // A launch that failed (divergent barrier): no more blocks start; the first report is kept.
  std::atomic<bool> failed{false};
  std::mutex failureMutex;
  std::string failure;

  void threadMain(Worker* w, unsigned index) {
    uint64_t seen = 0, launchId = 0;
    uint64_t seenSignal = 0;
    for (;;) {
      // After a launch, spin a little before sleeping: waking a sleeping thread costs 50-200 us
      // (milliseconds when the vCPU was halted), a launch that follows soon finds us awake.
      if (seen != 0) spinUntil(spinMicros, [&] { return wakeSignal.load(std::memory_order_acquire) != seenSignal; });
      {
        std::unique_lock<std::mutex> lock(m);
        startCv.wait(lock, [&] { return stopping || wake != seen; });
        if (stopping) return;
        seen = wake;
        launchId = wakeLaunchId;
        seenSignal = wakeSignal.load(std::memory_order_relaxed);
      }
      work(*w, index, launchId);
      if (pending.fetch_sub(1, std::memory_order_acq_rel) == 1) {
        std::lock_guard<std::mutex> lock(m); // the launcher checks `pending` under the lock
        doneCv.notify_one();
      }
    }
  }

  // A reserve worker: joins the launches the watcher wakes it for (index: count + its number).
  void reserveMain(Worker* w, unsigned r) {
    uint64_t seen = 0;
    for (;;) {
      uint64_t launchId;
      {
        std::unique_lock<std::mutex> lock(m);
        reserveCv.wait(lock, [&] { return stopping || (r < reserveActive && reserveLaunchId != seen); });
        if (stopping) return;
        seen = launchId = reserveLaunchId;
      }
      work(*w, count + r, launchId);
      if (pending.fetch_sub(1, std::memory_order_acq_rel) == 1) {
        std::lock_guard<std::mutex> lock(m);
        doneCv.notify_one();
      }
    }
  }

  // Blocks taken so far by the watched launch, and blocks left to take.
  void blockCounts(uint64_t& taken, uint64_t& left) const {
    taken = left = 0;
    for (unsigned k = 0; k < rangeCount; ++k) {
      const uint64_t next = std::min(ranges[k].next.load(std::memory_order_relaxed), ranges[k].end);
      taken += next;
      left += ranges[k].end - next;
    }
  }

  // The watcher: every stall period, a watched launch that took no block since the last look and
  // has blocks left gets up to `count` more reserve workers (one more resident block per worker).
  void watcherMain() {
    uint64_t lastLaunch = 0, lastTaken = 0;
    std::unique_lock<std::mutex> lock(m);
    while (!stopping) {
      watchCv.wait_for(lock, std::chrono::milliseconds(stallMillis));
      if (stopping) return;
      if (watched == 0) {
        lastLaunch = 0;
        continue;
      }
      uint64_t taken, left;
      blockCounts(taken, left);
      if (watched != lastLaunch || taken != lastTaken || left == 0) {
        lastLaunch = watched;
        lastTaken = taken;
        continue;
      }
      const uint64_t resident = uint64_t(count) + reserveActive;
      if (resident >= residentLimit) continue;
      const unsigned add = static_cast<unsigned>(std::min<uint64_t>({residentLimit - resident, count, left}));
      while (reserves.size() < reserveActive + add) {
        const unsigned r = static_cast<unsigned>(reserves.size());
        reserves.push_back(std::make_unique<Worker>());
        Worker* w = reserves.back().get();
        reserveThreads.emplace_back([this, w, r] { reserveMain(w, r); });
      }
      if (reserveLaunchId != watched) reserveActive = 0; // (reserves of an earlier launch are done)
      reserveActive += add;
      reserveLaunchId = watched;
      pending.fetch_add(add, std::memory_order_acq_rel);
      reserveCv.notify_all();
    }
  }

  // The next chunk [first, last) for worker `index`: from its own range, then from the others'.
  bool takeChunk(unsigned index, unsigned& from, uint64_t& first, uint64_t& last) {
    for (; from < rangeCount; ++from) {
      BlockRange& r = ranges[(index + from) % rangeCount];
      if (r.next.load(std::memory_order_relaxed) >= r.end) continue;
      first = r.next.fetch_add(chunk, std::memory_order_relaxed);
      if (first >= r.end) continue;
      last = std::min(first + chunk, r.end);
      return true;
    }
    return false;
  }

  // No more blocks start (a failed launch).
  void stopBlocks() {
    for (unsigned k = 0; k < rangeCount; ++k) ranges[k].next.store(ranges[k].end, std::memory_order_relaxed);
  }

  // Takes blocks until none are left.
  void work(Worker& w, unsigned index, uint64_t launchId) {
    const GridLaunch& L = *launch;
    // Integer division by zero in kernel code gives the GPU's result instead of SIGFPE (divzero.h).
    struct KernelCode {
      KernelCode() { setRunningKernel(true); }
      ~KernelCode() {
        setRunningKernel(false);
        noteThread(nullptr, nullptr);
      }
    } kernelCode;
    const uint64_t gx = L.grid.x, gxy = static_cast<uint64_t>(L.grid.x) * L.grid.y;
    unsigned from = 0; // ranges visited: 0 is our own
    uint64_t first = 0, last = 0;
    const bool range = useRangeEntry(L);
    while (takeChunk(index, from, first, last)) {
      if (w.preparedFor != launchId) prepare(w, L, launchId);
      if (range) { // the whole chunk in one call (barrier-free: nothing fails the launch)
        L.rangeEntry(L.args, &w.plain.ctx, first, last);
        continue;
      }
      for (uint64_t b = first; b < last; ++b) {
        if (failed.load(std::memory_order_relaxed)) return;
        cu2m_dim3 blockIdx{static_cast<uint32_t>(b % gx), static_cast<uint32_t>((b / gx) % L.grid.y),
                           static_cast<uint32_t>(b / gxy)};
        if (needsFibers(L))
          runFiberBlock(w, L, blockIdx);
        else
          runPlainBlock(w, L, blockIdx);
      }
    }
  }

  static void fillCommon(cu2m_thread_ctx& c, const GridLaunch& L, Worker& w) {
    c.block_dim = L.block;
    c.grid_dim = L.grid;
    c.warp_size = L.warpSize;
    c.dynamic_shared = L.dynamicShared ? w.dynamicShared : nullptr;
    c.dynamic_shared_bytes = L.dynamicShared;
    c.trap = trapHandler;
  }

  // Sets the worker up for a launch: dynamic shared memory, thread contexts, fibers.
  void prepare(Worker& w, const GridLaunch& L, uint64_t launchId) {
    w.launch = &L;
    w.preparedFor = launchId;
    w.fpEnv = fpEnv;
    applyFpEnv(w.fpEnv);
    if (L.dynamicShared > w.dynamicSharedCapacity) {
      std::free(w.dynamicShared);
      size_t bytes = (L.dynamicShared + 63) / 64 * 64;
      w.dynamicShared = std::aligned_alloc(64, bytes);
      if (!w.dynamicShared) fatal("out of memory allocating dynamic shared memory");
      w.dynamicSharedCapacity = bytes;
    }
    if (!needsFibers(L)) {
      ThreadSlot& s = w.plain;
      std::memset(&s.ctx, 0, sizeof s.ctx);
      fillCommon(s.ctx, L, w);
      s.ctx.barrier = barrierWithoutFibers;
      s.ctx.warp_exchange = warpWithoutFibers;
      s.ctx.scheduler = &s;
      return;
    }
    const uint32_t n = L.block.x * L.block.y * L.block.z;
    ensureOverflowReporting(stackBytes);
    if (w.stackBytes != stackBytes) { // cudaLimitStackSize changed: new fibers, new stacks
      w.slots.clear(); // unwinds the suspended fibers before their stacks go away
      w.stacks.clear();
      w.stackBytes = stackBytes;
    }
    while (w.slots.size() < n) addFiber(w);
    for (uint32_t i = 0; i < n; ++i) {
      ThreadSlot& s = *w.slots[i];
      std::memset(&s.ctx, 0, sizeof s.ctx);
      fillCommon(s.ctx, L, w);
      s.ctx.thread_idx = cu2m_dim3{i % L.block.x, (i / L.block.x) % L.block.y,
                                   i / (L.block.x * L.block.y)};
      s.ctx.linear_tid = i;
      s.ctx.barrier = fiberBarrier;
      s.ctx.warp_exchange = fiberWarpExchange;
      s.ctx.scheduler = &s;
    }
    w.active.reserve(n);
    w.warpValues.assign((n + 31) / 32 * 32, 0);
    w.warpActive.assign((n + 31) / 32, 0);
    w.warpSoft.assign((n + 31) / 32, 0);
  }

  // A persistent fiber: runs one CUDA thread each time it is started, then reports `finished`.
  void addFiber(Worker& w) {
    w.stacks.push_back(std::make_unique<FiberStack>(stackBytes, w.stacks.size()));
    auto slot = std::make_unique<ThreadSlot>();
    slot->worker = &w;
    startFiber(slot.get(), *w.stacks.back());
    w.slots.push_back(std::move(slot));
  }

  // A light fiber's life: one CUDA thread per round it is started in (see startFiber).
  static void lightFiberMain(void* arg) {
    ThreadSlot* s = static_cast<ThreadSlot*>(arg);
    for (;;) {
      applyFpEnv(s->worker->fpEnv);
      const GridLaunch* L = s->worker->launch;
      L->entry(L->args, &s->ctx);
      s->finished = true;
      suspendFiber(s);
    }
  }

  static void startFiber(ThreadSlot* s, const FiberStack& stack) {
    bctx::stack_context sc = stack.context();
#ifdef CU2M_HAVE_LIGHT_FIBERS
    if (lightFibers()) {
      s->sp = lightContext(sc.sp, lightFiberMain, s);
      return;
    }
#endif
    s->stackBottom = static_cast<char*>(sc.sp) - sc.size;
    s->stackSize = sc.size;
    s->fiber = bctx::fiber(std::allocator_arg, bctx::preallocated(sc.sp, sc.size, sc), KeepStack(),
                           [s](bctx::fiber&& sink) -> bctx::fiber {
                             s->sink = std::move(sink);
                             inFiber(s);
                             for (;;) {
                               applyFpEnv(s->worker->fpEnv);
                               const GridLaunch* L = s->worker->launch;
                               L->entry(L->args, &s->ctx);
                               s->finished = true;
                               toScheduler(s);
                               s->sink = std::move(s->sink).resume();
                               inFiber(s);
                             }
                           });
  }

  static void runPlainBlock(Worker& w, const GridLaunch& L, cu2m_dim3 blockIdx) {
    cu2m_thread_ctx& c = w.plain.ctx;
    c.block_idx = blockIdx;
    if (useBlockEntry(L)) {
      L.blockEntry(L.args, &c);
      return;
    }
    uint32_t linear = 0;
    for (uint32_t z = 0; z < L.block.z; ++z)
      for (uint32_t y = 0; y < L.block.y; ++y)
        for (uint32_t x = 0; x < L.block.x; ++x) {
          c.thread_idx = cu2m_dim3{x, y, z};
          c.linear_tid = linear++;
          noteThread(L.kernelName, &c);
          L.entry(L.args, &c);
        }
  }

  void runFiberBlock(Worker& w, const GridLaunch& L, cu2m_dim3 blockIdx) {
    const uint32_t n = L.block.x * L.block.y * L.block.z;
    w.active.clear();
    for (uint32_t i = 0; i < n; ++i) {
      ThreadSlot& s = *w.slots[i];
      s.ctx.block_idx = blockIdx;
      s.finished = false;
      s.atWarpOp = false;
      s.softStep = false;
      w.active.push_back(i);
    }
    // Rounds: every live thread runs to its next barrier, warp operation or end. Warp collectives
    // are resolved first: when a round ends, no thread can run, so in each warp the lanes waiting
    // at a warp operation are exactly its active lanes; they get the values and run on. When no
    // warp operation is pending, the threads still live all wait at a block barrier: they must be
    // all the block's threads, at one call site.
    std::vector<uint32_t>& runnable = w.runnable;
    runnable = w.active;
    while (!w.active.empty()) {
      runRound(w, L);
      size_t kept = 0;
      for (uint32_t i : w.active)
        if (!w.slots[i]->finished) w.active[kept++] = i;
      w.active.resize(kept);
      if (kept == 0) break;
      runnable.clear();
      // Lockstep steps go first: lanes that access volatile (or racily updated) memory under a
      // branch some lanes of the warp skipped are the lanes running there (a GPU warp runs the branch
      // for them alone); the lanes already at the next collective (`__any_sync` of a loop condition)
      // wait for them, or the collective would count the stepping lanes as its own.
      for (uint32_t i : w.active) {
        const ThreadSlot& s = *w.slots[i];
        if (s.atWarpOp && s.softStep) w.warpSoft[i / 32] = 1;
      }
      for (uint32_t i : w.active) {
        ThreadSlot& s = *w.slots[i];
        if (!s.atWarpOp) continue;
        const uint32_t warp = i / 32, lane = i % 32;
        if (w.warpSoft[warp] && !s.softStep) continue;
        if (runnable.empty() || runnable.back() / 32 != warp) w.warpActive[warp] = 0;
        w.warpValues[i] = s.warpValue;
        w.warpActive[warp] |= 1u << lane;
        s.atWarpOp = false;
        s.softStep = false;
        runnable.push_back(i);
      }
      for (uint32_t i : runnable) w.warpSoft[i / 32] = 0;
      if (!runnable.empty()) continue;
      runnable = w.active;
      bool divergent = kept < n && !L.exitedThreadsLeaveBarriers;
      for (size_t k = 1; k < kept && !divergent; ++k)
        divergent = !sameSite(*w.slots[w.active[0]], *w.slots[w.active[k]]);
      if (divergent) {
        failBlock(w, L, blockIdx);
        return;
      }
    }
  }

  // Runs every thread of w.runnable, in order, to its next barrier, warp operation or end.
  static void runRound(Worker& w, const GridLaunch& L) {
#ifdef CU2M_HAVE_LIGHT_FIBERS
    if (lightFibers()) {
      if (w.runnable.empty()) return;
      w.runPos = 0;
      cu2m_light_switch(&w.schedSp, w.slots[w.runnable[0]]->sp);
      return;
    }
#endif
    for (uint32_t i : w.runnable) {
      ThreadSlot& s = *w.slots[i];
      noteThread(L.kernelName, &s.ctx);
      toFiber(s);
      s.fiber = std::move(s.fiber).resume();
      backInScheduler(w);
    }
  }

  // Reports a divergent barrier in the block running on `w`, stops the launch, and unwinds the
  // threads still waiting (destroying a suspended fiber unwinds its stack) so that the worker's
  // fibers are ready for the next launch.
  void failBlock(Worker& w, const GridLaunch& L, cu2m_dim3 blockIdx) {
    const uint32_t n = L.block.x * L.block.y * L.block.z;
    std::vector<uint32_t> returned;
    std::vector<char> waiting(n, 0);
    for (uint32_t i : w.active) waiting[i] = 1;
    for (uint32_t i = 0; i < n; ++i)
      if (!waiting[i]) returned.push_back(i);
    // Waiting threads grouped by barrier call site, in order of their first thread.
    std::vector<std::vector<uint32_t>> groups;
    for (uint32_t i : w.active) {
      auto g = std::find_if(groups.begin(), groups.end(),
                            [&](const std::vector<uint32_t>& v) { return sameSite(*w.slots[v[0]], *w.slots[i]); });
      if (g == groups.end())
        groups.push_back({i});
      else
        g->push_back(i);
    }
    char head[256];
    std::snprintf(head, sizeof head, "divergent barrier in kernel %s, block (%u,%u,%u): ", L.kernelName, blockIdx.x,
                  blockIdx.y, blockIdx.z);
    std::string msg = head;
    if (!returned.empty()) msg += "threads " + threadRanges(returned, L.block) + " returned while ";
    for (size_t k = 0; k < groups.size(); ++k) {
      const ThreadSlot& s = *w.slots[groups[k][0]];
      if (k > 0) msg += k + 1 == groups.size() ? " and " : ", ";
      msg += "threads " + threadRanges(groups[k], L.block) + " wait at the barrier at " + s.siteFile + ":" +
             std::to_string(s.siteLine);
    }
    msg += "; every thread of a block must reach the same __syncthreads()/threadgroup_barrier() (anything else "
           "is undefined behaviour on the GPU: a hang or wrong results)";
    bool first = false;
    {
      std::lock_guard<std::mutex> lock(failureMutex);
      if (!failed.load(std::memory_order_relaxed)) {
        failure = msg;
        first = true;
      }
      failed.store(true, std::memory_order_relaxed);
    }
    stopBlocks();
    if (first) {
      std::fprintf(stderr, "cu2metal: %s\n", msg.c_str());
      std::fflush(stderr);
    }
    for (uint32_t i : w.active) {
      ThreadSlot& s = *w.slots[i];
      s.fiber = bctx::fiber(); // unwinds the waiting thread's stack (Boost fibers; a light one is restarted)
      startFiber(&s, *w.stacks[i]);
    }
    w.active.clear();
  }
};

Scheduler::Scheduler(unsigned threads) : impl_(new Impl) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  impl_->count = threads;
  impl_->configuredStackBytes = impl_->stackBytes = fiberStackBytes();
  ensureDivisionModel();
  ensureSanitizerReports();
  impl_->spinMicros = spinMicrosFromEnvironment();
  impl_->stallMillis = stallMillisFromEnvironment();
  impl_->ranges.reset(new BlockRange[threads]);
  for (unsigned i = 0; i < threads; ++i) impl_->workers.push_back(std::make_unique<Worker>());
  for (unsigned i = 1; i < threads; ++i) {
    Worker* w = impl_->workers[i].get();
    Impl* impl = impl_.get();
    impl_->threads.emplace_back([impl, w, i] { impl->threadMain(w, i); });
  }
}

Scheduler::~Scheduler() {
  {
    std::lock_guard<std::mutex> lock(impl_->m);
    impl_->stopping = true;
    impl_->wakeSignal.fetch_add(1, std::memory_order_release);
  }
  impl_->startCv.notify_all();
  impl_->reserveCv.notify_all();
  impl_->watchCv.notify_all();
  for (std::thread& t : impl_->threads) t.join();
  for (std::thread& t : impl_->reserveThreads) t.join();
  if (impl_->watcher.joinable()) impl_->watcher.join();
}

unsigned Scheduler::workers() const { return impl_->count; }

unsigned Scheduler::spinMicros() const { return impl_->spinMicros; }

void Scheduler::setMinStackBytes(size_t bytes) {
  // Room for the C++ frames of the emulation around the kernel's own locals.
  constexpr size_t kMargin = 256 * 1024;
  const size_t want = std::max(impl_->configuredStackBytes, (bytes + kMargin + 4095) / 4096 * 4096);
  std::lock_guard<std::mutex> launchLock(impl_->launchMutex); // not while a launch uses the fibers
  impl_->stackBytes = want;
  gStackKb = want / 1024;
}

size_t Scheduler::stackBytes() const { return impl_->stackBytes; }

bool Scheduler::run(const GridLaunch& launch, std::string& failure) {
  Impl& I = *impl_;
  std::lock_guard<std::mutex> launchLock(I.launchMutex);
  const uint64_t total = static_cast<uint64_t>(launch.grid.x) * launch.grid.y * launch.grid.z;
  const uint64_t threadsPerBlock = static_cast<uint64_t>(launch.block.x) * launch.block.y * launch.block.z;
  if (total == 0 || threadsPerBlock == 0 || !launch.entry) return true;
  I.failed.store(false, std::memory_order_relaxed);
  I.failure.clear();

  const bool parallel = I.count > 1 && total > 1;
  // Blocks may wait to start while others spin for them: the watcher looks at this launch.
  const bool watched = I.stallMillis > 0 && total > I.count && launch.residentBlocks > I.count;
  const FpEnv callerEnv = readFpEnv();
  uint64_t launchId;
  {
    std::lock_guard<std::mutex> lock(I.m);
    launchId = ++I.generation;
    I.launch = &launch;
    I.fpEnv = launchFpEnv();
    I.totalBlocks = total;
    // Small chunks keep the load balanced; larger ones only pay off for tiny blocks.
    I.chunk = std::max<uint64_t>(1, std::min<uint64_t>(total / (uint64_t(I.count) * 16), 4096 / threadsPerBlock));
    I.rangeCount = parallel ? I.count : 1;
    for (unsigned k = 0; k < I.rangeCount; ++k) {
      // k * total / count without overflow (total < 2^64, count <= 4096).
      const auto at = [&](unsigned j) {
        return total / I.rangeCount * j + total % I.rangeCount * j / I.rangeCount;
      };
      I.ranges[k].next.store(at(k), std::memory_order_relaxed);
      I.ranges[k].end = at(k + 1);
    }
    if (watched) {
      I.watched = launchId;
      I.residentLimit = launch.residentBlocks;
      I.reserveActive = 0;
      if (!I.watcher.joinable()) I.watcher = std::thread([&I] { I.watcherMain(); });
    }
    if (parallel) {
      I.pending.store(I.count - 1, std::memory_order_relaxed);
      I.wakeLaunchId = launchId;
      ++I.wake;
      I.wakeSignal.fetch_add(1, std::memory_order_release);
    }
  }
  if (parallel) I.startCv.notify_all();
  I.work(*I.workers[0], 0, launchId);
  if (parallel) {
    // The last background worker is often only a little behind: spin before sleeping.
    if (!spinUntil(I.spinMicros, [&] { return I.pending.load(std::memory_order_acquire) == 0; })) {
      std::unique_lock<std::mutex> lock(I.m);
      I.doneCv.wait(lock, [&] { return I.pending.load(std::memory_order_acquire) == 0; });
    }
  }
  if (watched) { // reserves the watcher woke: under the lock, so that it wakes none after this
    std::unique_lock<std::mutex> lock(I.m);
    I.doneCv.wait(lock, [&] { return I.pending.load(std::memory_order_acquire) == 0; });
    I.watched = 0;
  }
  applyFpEnv(callerEnv); // give the caller back its exception flags
  // The launch descriptor dies with the caller's frame: forget it.
  for (auto& w : I.workers) w->launch = nullptr, w->preparedFor = 0;
  for (auto& w : I.reserves) w->launch = nullptr, w->preparedFor = 0;
  I.launch = nullptr;
  if (!I.failed.load()) return true;
  failure = I.failure;
  return false;
}

} // namespace cpu
} // namespace cu2m

// cu2metal CPU execution engine, shared by the msl-cpu and cuda-cpu backends.
//
// A launch runs its grid on a pool of OS threads ("workers"); the calling thread is worker 0, so a
// pool of N workers starts N-1 background threads, once, and reuses them for every launch. Each
// worker takes whole blocks, in chunks, first from its own contiguous range of the grid's blocks and
// then from the others' (stealing), and runs one block at a time; all threads of a
// block run on that worker's OS thread (modules lower static shared memory to `static
// thread_local`, so this is what makes it per-block).
//
// - Kernels without CU2M_KERNEL_USES_BARRIERS: the module's block entry runs the block's threads in
//   one call (a loop with the kernel inlined), or, without one, a plain loop calls the entry once per
//   thread; either way in linear order (x fastest). ctx->barrier aborts with a diagnostic. With a
//   range entry as well, a worker runs each chunk of blocks it takes in one call of it.
// - Kernels with CU2M_KERNEL_USES_BARRIERS: each thread is a Boost.Context fiber. Fibers are
//   created once per worker (as many as the largest block seen) on preallocated mmap'ed stacks of
//   kFiberStackBytes (1 MiB: CUDA allows a thread 512 KiB of local memory, with a guard page; override with CU2METAL_FIBER_STACK_KB) and
//   reused for every block. The block runs in rounds: each live fiber is resumed in linear order
//   and runs until it calls ctx->barrier (suspends) or returns (finished); when all have done so
//   the next round starts. A round that ends with some threads finished and others waiting, or
//   with threads waiting at different barrier call sites, fails the launch (divergent barrier).
// - Resident blocks beyond the workers: CUDA gives no forward-progress guarantee between blocks,
//   but programs rely on the blocks that fit the device at once (occupancy × multiprocessors) all
//   running (spin-waiting for each other: ECL-GC, persistent kernels with a software grid barrier).
//   A watcher thread (started at the first launch that could need it) looks at each such launch
//   every stall period (kDefaultStallMillis, CU2METAL_STALL_MS; 0 disables): when no block was
//   taken since its last look and blocks are left, it wakes up to `workers` more reserve workers
//   (OS threads, made on first use and kept), each taking blocks like any worker, until the
//   launch's GridLaunch::residentBlocks are reached. The common path does nothing more: the watcher
//   reads the block counters the workers already keep.
// - Either way a block starts with its thread 0 (linear id 0) entering first: the modules take that
//   as "a new block begins on this OS thread" and poison its shared memory (cu2m/shared_mem.h).
#ifndef CU2M_CPU_SCHEDULER_H
#define CU2M_CPU_SCHEDULER_H

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "../include/cu2m/abi.h"

namespace cu2m {
namespace cpu {

constexpr size_t kFiberStackBytes = 1024 * 1024;

// How long a worker spins (pause instruction, checking for the next launch) after a launch before
// it sleeps on a condition variable, and the launcher for its last background worker before it
// sleeps: CU2METAL_SPIN_US, 0 disables. Waking a sleeping thread costs 50-200 us on a VM (a halted
// vCPU), sometimes milliseconds. The cost: an idle program burns up to this much CPU per worker
// after each launch.
constexpr unsigned kDefaultSpinMicros = 500;

// How long a launch with blocks left may take no new block before reserve workers join it
// (GridLaunch::residentBlocks): CU2METAL_STALL_MS, 0 disables.
constexpr unsigned kDefaultStallMillis = 20;

struct GridLaunch {
  cu2m_entry_fn entry = nullptr;
  // Optional (kernels without barriers): runs a whole block in one call (cu2m_block_NAME in
  // abi.h). Used unless CU2METAL_BLOCK_ENTRY=0 or the runtime is built for --sanitize (which notes
  // each thread for its reports).
  cu2m_block_fn blockEntry = nullptr;
  // Optional, with blockEntry (kernels without barriers): runs a range of blocks in one call
  // (cu2m_blocks_NAME in abi.h); used wherever blockEntry is, for each chunk of blocks a worker takes.
  cu2m_blocks_fn rangeEntry = nullptr;
  void* const* args = nullptr;   // args[i] points at parameter i's value (see abi.h)
  cu2m_dim3 grid{1, 1, 1};
  cu2m_dim3 block{1, 1, 1};
  size_t dynamicShared = 0;      // bytes of dynamic shared memory per block
  uint32_t flags = 0;            // CU2M_KERNEL_*
  uint32_t warpSize = 32;
  const char* kernelName = "";   // for diagnostics (trap, misuse of barrier)
  // CUDA (sm_70+) counts only the threads that have not exited at a barrier: threads that returned
  // early do not hold it up (cuda-cpu). Metal requires every thread of the threadgroup to reach
  // it, so on msl-cpu threads that returned while others wait fail the launch.
  bool exitedThreadsLeaveBarriers = false;
  // Blocks that may be resident at once on the whole device (the occupancy the runtime reports for
  // this block size × multiprocessors, i.e. workers); 0 or at most workers(): one block per worker.
  // Where it is larger, a launch whose blocks stop making progress (no block started for a stall
  // period while blocks wait to start: they spin-wait for blocks that have not started) gets
  // reserve workers, extra OS threads that each run one more block, up to this many in all.
  uint64_t residentBlocks = 0;
};

class Scheduler {
 public:
  // threads: number of workers including the caller; 0 = std::thread::hardware_concurrency().
  explicit Scheduler(unsigned threads);
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // Runs the whole grid and returns when every block has finished. Launches from several host
  // threads are serialized. false when the launch failed: a divergent barrier (some threads of a
  // block returned while others wait at a barrier, or threads wait at different barrier call
  // sites); `failure` then says where, it was printed on stderr, and no further blocks started.
  bool run(const GridLaunch& launch, std::string& failure);

  unsigned workers() const;
  // CU2METAL_SPIN_US or kDefaultSpinMicros (read when the scheduler is made).
  unsigned spinMicros() const;

  // cudaLimitStackSize: fiber stacks get at least `bytes` plus room for the emulation's own frames
  // (CPU frames of a kernel are larger than its GPU stack use), never less than the configured size
  // (kFiberStackBytes or CU2METAL_FIBER_STACK_KB). Workers remake their fibers at the next launch.
  void setMinStackBytes(size_t bytes);
  size_t stackBytes() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace cpu
} // namespace cu2m

#endif // CU2M_CPU_SCHEDULER_H

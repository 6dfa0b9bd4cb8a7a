// The CPU scheduler's block distribution (native/cpu/scheduler.cpp), driven directly with
// hand-written entry functions: every block runs exactly once with any number of workers and
// uneven blocks; a worker whose own range is done steals from a slow one; a failed launch stops
// every range; CU2METAL_SPIN_US is parsed, and a worker spins after a launch only that long.
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "cpu/scheduler.h"

using cu2m::cpu::GridLaunch;
using cu2m::cpu::Scheduler;

static int passed = 0, failed = 0;
#define CHECK(c)                                                    \
  do {                                                              \
    if (c) ++passed;                                                \
    else {                                                          \
      ++failed;                                                     \
      std::printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #c);      \
    }                                                               \
  } while (0)

namespace {

// What the test kernels see: one slot per block.
struct Grid {
  std::vector<std::atomic<uint32_t>> runs;     // threads of the block that ran (all blocks: block size)
  std::vector<std::atomic<uint64_t>> slot;     // linear block index + 1, written by thread 0
  std::vector<std::atomic<uint32_t>> worker;   // OS thread (small number) that ran thread 0
  std::atomic<uint64_t> blocks{0};             // blocks started (thread 0)
  uint64_t slowFrom = 0, slowTo = 0;           // [slowFrom, slowTo): blocks that sleep
  unsigned slowMicros = 0;
  bool uneven = false;                         // per-block busy work from a hash of the index
  uint64_t divergentBlock = UINT64_MAX;        // the block whose threads meet different barriers
  explicit Grid(uint64_t n) : runs(n), slot(n), worker(n) {
    for (uint64_t i = 0; i < n; ++i) runs[i] = 0, slot[i] = 0, worker[i] = 0;
  }
};

Grid* gGrid = nullptr;
std::atomic<uint32_t> gNextThreadId{1};
thread_local uint32_t tThreadId = 0;

uint32_t threadId() {
  if (!tThreadId) tThreadId = gNextThreadId.fetch_add(1);
  return tThreadId;
}

uint64_t linearBlock(const cu2m_thread_ctx* c) {
  return c->block_idx.x + static_cast<uint64_t>(c->grid_dim.x) * (c->block_idx.y + static_cast<uint64_t>(c->grid_dim.y) * c->block_idx.z);
}

volatile uint64_t gSink = 0;

// One thread: counts itself; thread 0 records the block.
void thread(const cu2m_thread_ctx* c) {
  Grid& g = *gGrid;
  const uint64_t b = linearBlock(c);
  g.runs[b].fetch_add(1);
  if (c->linear_tid != 0) return;
  g.blocks.fetch_add(1);
  uint64_t expected = 0;
  if (!g.slot[b].compare_exchange_strong(expected, b + 1)) g.slot[b] = UINT64_MAX; // ran twice
  g.worker[b] = threadId();
  if (g.uneven) {
    uint64_t h = b * 0x9E3779B97F4A7C15ull;
    const unsigned spins = static_cast<unsigned>((h >> 40) % 20000);
    uint64_t s = 0;
    for (unsigned i = 0; i < spins; ++i) s += i * h;
    gSink = gSink + s;
  }
  if (b >= g.slowFrom && b < g.slowTo) std::this_thread::sleep_for(std::chrono::microseconds(g.slowMicros));
}

void plainEntry(void* const*, cu2m_thread_ctx* c) { thread(c); }

void blockEntry(void* const*, cu2m_thread_ctx* c) {
  cu2m_thread_ctx t = *c;
  uint32_t linear = 0;
  for (uint32_t z = 0; z < c->block_dim.z; ++z)
    for (uint32_t y = 0; y < c->block_dim.y; ++y)
      for (uint32_t x = 0; x < c->block_dim.x; ++x) {
        t.thread_idx = cu2m_dim3{x, y, z};
        t.linear_tid = linear++;
        thread(&t);
      }
}

// The range entry: blocks first..last-1 in order, x fastest, each through the block entry.
std::atomic<uint64_t> gRangeCalls{0};
void rangeEntry(void* const* args, cu2m_thread_ctx* c, uint64_t first, uint64_t last) {
  gRangeCalls.fetch_add(1);
  for (uint64_t b = first; b < last; ++b) {
    c->block_idx = cu2m_dim3{static_cast<uint32_t>(b % c->grid_dim.x), static_cast<uint32_t>(b / c->grid_dim.x % c->grid_dim.y),
                             static_cast<uint32_t>(b / (static_cast<uint64_t>(c->grid_dim.x) * c->grid_dim.y))};
    blockEntry(args, c);
  }
}

// A barrier kernel (fibers): counts, meets a barrier, and in `divergentBlock` thread 0 meets
// another one.
void fiberEntry(void* const*, cu2m_thread_ctx* c) {
  thread(c);
  if (linearBlock(c) == gGrid->divergentBlock && c->linear_tid == 0) {
    c->barrier(c, "test.cu", 1);
    return;
  }
  c->barrier(c, "test.cu", 2);
}

enum class Kind { Plain, BlockEntry, Fibers, RangeEntry };

GridLaunch launchOf(Kind kind, cu2m_dim3 grid, cu2m_dim3 block) {
  GridLaunch L;
  L.grid = grid;
  L.block = block;
  L.kernelName = "schedTest";
  L.exitedThreadsLeaveBarriers = false;
  if (kind == Kind::Fibers) {
    L.entry = fiberEntry;
    L.flags = CU2M_KERNEL_USES_BARRIERS;
  } else {
    L.entry = plainEntry;
    if (kind == Kind::BlockEntry || kind == Kind::RangeEntry) L.blockEntry = blockEntry;
    if (kind == Kind::RangeEntry) L.rangeEntry = rangeEntry;
  }
  return L;
}

// Every block ran once, each with all its threads.
bool allOnce(const Grid& g, uint64_t n, uint32_t threads) {
  for (uint64_t b = 0; b < n; ++b)
    if (g.slot[b].load() != b + 1 || g.runs[b].load() != threads) {
      std::printf("  block %llu: slot %llu, %u threads ran\n", static_cast<unsigned long long>(b),
                  static_cast<unsigned long long>(g.slot[b].load()), g.runs[b].load());
      return false;
    }
  return g.blocks.load() == n;
}

void everyBlockOnce() {
  const char* kinds[] = {"plain", "block entry", "fibers", "range entry"};
  for (unsigned workers : {1u, 2u, 3u, 7u}) {
    Scheduler s(workers);
    CHECK(s.workers() == workers);
    for (Kind kind : {Kind::Plain, Kind::BlockEntry, Kind::Fibers, Kind::RangeEntry}) {
      // Grids that do not divide by the workers, a 3-D grid, one block, fewer blocks than workers.
      const cu2m_dim3 grids[] = {{1001, 1, 1}, {7, 5, 3}, {1, 1, 1}, {2, 1, 1}, {4099, 1, 1}};
      for (const cu2m_dim3& grid : grids) {
        for (bool uneven : {false, true}) {
          const uint64_t n = static_cast<uint64_t>(grid.x) * grid.y * grid.z;
          Grid g(n);
          g.uneven = uneven;
          gGrid = &g;
          const cu2m_dim3 block = kind == Kind::Fibers ? cu2m_dim3{4, 2, 1} : cu2m_dim3{3, 1, 1};
          GridLaunch L = launchOf(kind, grid, block);
          std::string failure;
          const bool ok = s.run(L, failure);
          const bool once = allOnce(g, n, block.x * block.y * block.z);
          if (!ok || !once)
            std::printf("  (%u workers, %s, grid %ux%ux%u, %s)\n", workers, kinds[static_cast<int>(kind)], grid.x,
                        grid.y, grid.z, uneven ? "uneven" : "even");
          CHECK(ok);
          CHECK(once);
        }
      }
    }
  }
}

// Worker k's own range starts at k * n / workers: with `slow` sleeping blocks in one worker's
// range, the other worker finishes its own and takes (steals) blocks from the slow range.
void stealing() {
  for (unsigned slowRange : {0u, 1u}) {
    for (Kind kind : {Kind::BlockEntry, Kind::Fibers, Kind::RangeEntry}) {
      Scheduler s(2);
      const uint64_t n = 64;
      Grid g(n);
      g.slowFrom = slowRange * n / 2;
      g.slowTo = g.slowFrom + n / 2;
      g.slowMicros = 4000;
      gGrid = &g;
      GridLaunch L = launchOf(kind, cu2m_dim3{static_cast<uint32_t>(n), 1, 1}, cu2m_dim3{2, 1, 1});
      std::string failure;
      CHECK(s.run(L, failure));
      CHECK(allOnce(g, n, 2));
      // The slow range ran on both workers: one owns it, the other took blocks from it.
      const uint32_t one = g.worker[g.slowFrom].load();
      unsigned others = 0;
      for (uint64_t b = g.slowFrom; b < g.slowTo; ++b) others += g.worker[b].load() != one;
      if (others == 0) std::printf("  slow range %u: no block stolen\n", slowRange);
      CHECK(others > 0);
    }
  }
}

// Equal blocks on 2 workers: each runs its own half as one piece (a shared counter handing out
// small chunks alternates between the workers every chunk). A few changes of worker are allowed
// (stealing at the end, a late wake-up).
void contiguousRanges() {
  Scheduler s(2);
  const uint64_t n = 64;
  Grid g(n);
  g.slowFrom = 0;
  g.slowTo = n;
  g.slowMicros = 1000;
  gGrid = &g;
  GridLaunch L = launchOf(Kind::BlockEntry, cu2m_dim3{static_cast<uint32_t>(n), 1, 1}, cu2m_dim3{1, 1, 1});
  std::string failure;
  CHECK(s.run(L, failure));
  CHECK(allOnce(g, n, 1));
  unsigned changes = 0;
  for (uint64_t b = 1; b < n; ++b) changes += g.worker[b].load() != g.worker[b - 1].load();
  if (changes > 8) std::printf("  equal blocks: the worker changed %u times along the grid\n", changes);
  CHECK(changes >= 1 && changes <= 8);
}

// A barrier-free kernel with a range entry gets a chunk of blocks per call, not a call per block.
void rangeChunks() {
  Scheduler s(2);
  const uint64_t n = 4099;
  Grid g(n);
  gGrid = &g;
  gRangeCalls = 0;
  GridLaunch L = launchOf(Kind::RangeEntry, cu2m_dim3{static_cast<uint32_t>(n), 1, 1}, cu2m_dim3{3, 1, 1});
  std::string failure;
  CHECK(s.run(L, failure));
  CHECK(allOnce(g, n, 3));
  const uint64_t calls = gRangeCalls.load();
  if (calls == 0 || calls * 8 > n) std::printf("  %llu range calls for %llu blocks\n", static_cast<unsigned long long>(calls), static_cast<unsigned long long>(n));
  CHECK(calls > 0 && calls * 8 <= n);
}

// A divergent barrier in one block fails the launch: one report, and no further blocks start in
// any worker's range.
void failureStopsAllRanges() {
  for (unsigned workers : {2u, 3u}) {
    Scheduler s(workers);
    const uint64_t n = 3000;
    Grid g(n);
    g.divergentBlock = 1;
    g.slowFrom = 0;
    g.slowTo = n;
    g.slowMicros = 200; // each block takes a while: the failure comes long before the end
    gGrid = &g;
    GridLaunch L = launchOf(Kind::Fibers, cu2m_dim3{static_cast<uint32_t>(n), 1, 1}, cu2m_dim3{2, 1, 1});
    std::string failure;
    // stderr to a file: the report is printed there once.
    char path[] = "/tmp/cu2m-sched-test.XXXXXX";
    const int fd = mkstemp(path);
    std::fflush(stderr);
    const int saved = dup(2);
    dup2(fd, 2);
    const bool ok = s.run(L, failure);
    std::fflush(stderr);
    dup2(saved, 2);
    close(saved);
    std::string err;
    char buf[4096];
    lseek(fd, 0, SEEK_SET);
    for (ssize_t k; (k = read(fd, buf, sizeof buf)) > 0;) err.append(buf, static_cast<size_t>(k));
    close(fd);
    unlink(path);
    CHECK(!ok);
    CHECK(failure.find("divergent barrier in kernel schedTest, block (1,0,0)") != std::string::npos);
    size_t reports = 0;
    for (size_t at = 0; (at = err.find("cu2metal: divergent barrier", at)) != std::string::npos; ++at) ++reports;
    CHECK(reports == 1);
    const uint64_t started = g.blocks.load();
    if (started > n / 2) std::printf("  %u workers: %llu blocks started after the failure\n", workers,
                                     static_cast<unsigned long long>(started));
    CHECK(started < n / 2);
    // The scheduler is usable again.
    Grid g2(10);
    gGrid = &g2;
    GridLaunch L2 = launchOf(Kind::Fibers, cu2m_dim3{10, 1, 1}, cu2m_dim3{2, 1, 1});
    CHECK(s.run(L2, failure));
    CHECK(allOnce(g2, 10, 2));
  }
}

// The scheduler made with CU2METAL_SPIN_US=value reports `want`; a bad value prints a warning.
void spinParse(const char* value, unsigned want, bool warns) {
  setenv("CU2METAL_SPIN_US", value, 1);
  char path[] = "/tmp/cu2m-sched-test.XXXXXX";
  const int fd = mkstemp(path);
  std::fflush(stderr);
  const int saved = dup(2);
  dup2(fd, 2);
  unsigned got;
  {
    Scheduler s(2);
    got = s.spinMicros();
  }
  std::fflush(stderr);
  dup2(saved, 2);
  close(saved);
  char buf[512] = {0};
  lseek(fd, 0, SEEK_SET);
  const ssize_t k = read(fd, buf, sizeof buf - 1);
  (void)k;
  close(fd);
  unlink(path);
  unsetenv("CU2METAL_SPIN_US");
  if (got != want) std::printf("  CU2METAL_SPIN_US=%s: %u, want %u\n", value, got, want);
  CHECK(got == want);
  const std::string expect = std::string("cu2metal: ignoring CU2METAL_SPIN_US=") + value +
                             " (want a number of microseconds from 0 to 1000000)";
  CHECK((std::strstr(buf, expect.c_str()) != nullptr) == warns);
}

double processCpuMs() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

// CPU the process burns while it sleeps `sleepMs` right after a launch, with CU2METAL_SPIN_US=spin.
double idleCpuAfterLaunch(const char* spin, unsigned sleepMs) {
  setenv("CU2METAL_SPIN_US", spin, 1);
  Scheduler s(2);
  unsetenv("CU2METAL_SPIN_US");
  Grid g(8);
  gGrid = &g;
  GridLaunch L = launchOf(Kind::BlockEntry, cu2m_dim3{8, 1, 1}, cu2m_dim3{1, 1, 1});
  std::string failure;
  s.run(L, failure); // starts the background worker
  s.run(L, failure);
  const double before = processCpuMs();
  std::this_thread::sleep_for(std::chrono::milliseconds(sleepMs));
  return processCpuMs() - before;
}

void spinning() {
  spinParse("0", 0, false);
  spinParse("250", 250, false);
  spinParse("1000000", 1000000, false);
  spinParse("abc", cu2m::cpu::kDefaultSpinMicros, true);
  spinParse("-5", cu2m::cpu::kDefaultSpinMicros, true);
  spinParse("12x", cu2m::cpu::kDefaultSpinMicros, true);
  spinParse("1000001", cu2m::cpu::kDefaultSpinMicros, true);
  // The background worker spins after a launch (CPU while the caller sleeps), for a bounded time
  // only, and not at all with 0. (Under load the spinner gets less than a core: loose bounds.)
  const double spins = idleCpuAfterLaunch("1000000", 300);
  const double bounded = idleCpuAfterLaunch("20000", 400);
  const double none = idleCpuAfterLaunch("0", 300);
  std::printf("  idle CPU after a launch: spin 1 s %.1f ms in 300 ms, spin 20 ms %.1f ms in 400 ms, no spin %.1f ms\n",
              spins, bounded, none);
  CHECK(spins > 30);
  CHECK(bounded < 150);
  CHECK(none < 15);
}

} // namespace

int main(int argc, char** argv) {
  const std::string only = argc > 1 ? argv[1] : "";
  if (only.empty() || only == "once") everyBlockOnce();
  if (only.empty() || only == "steal") stealing();
  if (only.empty() || only == "ranges") contiguousRanges();
  if (only.empty() || only == "chunks") rangeChunks();
  if (only.empty() || only == "failure") failureStopsAllRanges();
  if (only.empty() || only == "spin") spinning();
  std::printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}

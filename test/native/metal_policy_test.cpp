// The platform-neutral decisions of the Metal backend (native/metal/metal_policy.h).
#include <cstdio>
#include <string>

#include "metal/metal_policy.h"

using namespace cu2m::metal;

static int passed = 0, failed = 0;
#define CHECK(c)                                               \
  do {                                                         \
    if (c) ++passed;                                           \
    else {                                                     \
      ++failed;                                                \
      std::printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #c); \
    }                                                          \
  } while (0)

int main() {
  // A fault found at a commit (during a launch) waits for the next synchronizing call; the first wins.
  {
    FaultLatch f;
    std::string why;
    CHECK(!f.pending() && f.take(why) == 0 && why.empty());
    f.record(719, "first fault");
    f.record(700, "second fault");
    CHECK(f.pending()); // a launch only looks: it does not consume
    CHECK(f.pending());
    CHECK(f.take(why) == 719 && why == "first fault");
    CHECK(!f.pending() && f.take(why) == 0);
    f.record(0, "not an error");
    CHECK(!f.pending());
  }
  // The archive key follows the OS build, not the marketing version.
  {
    CHECK(osBuildOf("Version 14.2.1 (Build 23C71)") == "23C71");
    CHECK(osBuildOf("Version 26.0 (Build 25A354)") == "25A354");
    CHECK(osBuildOf("something else") == "something else");
    const std::string a = archiveKey("src", "msl=3.2", "Apple M2", "23C71");
    CHECK(a.size() == 16);
    CHECK(a == archiveKey("src", "msl=3.2", "Apple M2", "23C71"));
    CHECK(a != archiveKey("src", "msl=3.2", "Apple M2", "23C64"));
    CHECK(a != archiveKey("src", "msl=3.2", "Apple M3", "23C71"));
    CHECK(a != archiveKey("src2", "msl=3.2", "Apple M2", "23C71"));
  }
  // Written once: only after additions, once per batch.
  {
    ArchiveWrites w;
    CHECK(!w.shouldWrite());
    w.added();
    w.added();
    CHECK(w.shouldWrite());
    CHECK(!w.shouldWrite());
  }
  // Non-Apple GPUs and other SIMD widths are refused with a reason.
  {
    CHECK(unsupportedGpu("Apple M1", true, 32).empty());
    const std::string amd = unsupportedGpu("AMD Radeon Pro 5500M", false, 0);
    CHECK(amd.find("AMD Radeon Pro 5500M") != std::string::npos && amd.find("MTLGPUFamilyApple7") != std::string::npos &&
          amd.find("--backend msl-cpu") != std::string::npos);
    const std::string w64 = unsupportedGpu("Future GPU", true, 64);
    CHECK(w64.find("64") != std::string::npos && w64.find("threadExecutionWidth") != std::string::npos);
  }
  // The MSL version a source needs: the newest `// Needs MSL` header line; a newer one than the OS
  // offers is refused with both versions named.
  {
    CHECK(neededMslVersion("// x.cu translated\n#include <metal_stdlib>\n") == 300);
    CHECK(neededMslVersion("// a.cu translated\n// Needs MSL 3.2 (macOS 15) or newer, for 64-bit atomics.\n") == 320);
    CHECK(neededMslVersion("// Needs MSL 3.1 (macOS 14) or newer, for bfloat16.\n// Needs MSL 3.2 (macOS 15) or newer\n// Needs MSL 3.1\n") == 320);
    CHECK(neededMslVersion("int x; // Needs MSL 4.0\n") == 300); // not a line of its own
    CHECK(neededMslVersion("// Needs MSL x.y\n") == 300);
    CHECK(mslVersionProblem("app.metal", 320, 320).empty());
    CHECK(mslVersionProblem("app.metal", 310, 400).empty());
    const std::string old = mslVersionProblem("app.metal", 320, 310);
    CHECK(old.find("app.metal needs MSL 3.2 (macOS 15)") != std::string::npos && old.find("offers MSL 3.1") != std::string::npos);
  }
  std::printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}

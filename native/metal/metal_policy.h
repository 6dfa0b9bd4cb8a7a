// Platform-neutral decisions of the Metal backend (native/metal/metal_backend.mm), factored out so
// that they are tested on every platform (test/native/metal_policy_test.cpp): the .mm itself only
// runs on a Mac.
#ifndef CU2M_METAL_POLICY_H
#define CU2M_METAL_POLICY_H

#include <cstdint>
#include <cstdio>
#include <string>

namespace cu2m {
namespace metal {

// A GPU fault found in a finished command buffer. Found while a batch is committed (at a launch)
// or while synchronizing, it is held until the next synchronizing call takes it (the runtime then
// makes it sticky, as CUDA does); a launch never consumes it. The first fault wins.
class FaultLatch {
 public:
  void record(int error, const std::string& message) {
    if (error_ != 0 || error == 0) return;
    error_ = error;
    message_ = message;
  }
  bool pending() const { return error_ != 0; }
  // The synchronizing call: the fault, once, with its reason (0 when there was none).
  int take(std::string& reason) {
    const int e = error_;
    if (e != 0) reason = message_;
    error_ = 0;
    message_.clear();
    return e;
  }

 private:
  int error_ = 0;
  std::string message_;
};

// "Version 14.2.1 (Build 23C71)" (NSProcessInfo.operatingSystemVersionString) → "23C71": the OS
// build, which changes with every update that may bring a new GPU compiler (a binary archive
// from another build is useless). The whole string when it has no "Build".
inline std::string osBuildOf(const std::string& versionString) {
  const std::string tag = "Build ";
  const size_t at = versionString.find(tag);
  if (at == std::string::npos) return versionString;
  size_t end = at + tag.size();
  while (end < versionString.size() && versionString[end] != ')' && versionString[end] != ' ') ++end;
  return versionString.substr(at + tag.size(), end - at - tag.size());
}

// 64-bit FNV-1a: a stable file name for cache entries (not a security boundary).
struct Fnv {
  uint64_t h = 0xcbf29ce484222325ull;
  Fnv& add(const std::string& s) {
    for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ull;
    h = (h ^ 0xff) * 0x100000001b3ull; // separator, so that ("ab","c") != ("a","bc")
    return *this;
  }
  std::string hex() const {
    char b[17];
    std::snprintf(b, sizeof b, "%016llx", static_cast<unsigned long long>(h));
    return b;
  }
};

// The binary archive of a module: one file per source + compile options + GPU + OS build.
inline std::string archiveKey(const std::string& source, const std::string& compileOptions, const std::string& gpu,
                              const std::string& osBuild) {
  return Fnv().add("cu2metal metal archive v2").add(source).add(compileOptions).add(gpu).add(osBuild).hex();
}

// The archive is serialized once, when its module goes away, and only if a pipeline was added.
class ArchiveWrites {
 public:
  void added() { dirty_ = true; }
  // true once per batch of additions: the caller writes the file now.
  bool shouldWrite() {
    const bool w = dirty_;
    dirty_ = false;
    return w;
  }

 private:
  bool dirty_ = false;
};

// The translated kernels assume CUDA's 32-wide warps (shuffles, votes, warp-synchronous code);
// the device's SIMD width, taken from a pipeline's threadExecutionWidth, must match.
constexpr int kWarpSize = 32;

// "" when the GPU can run translated kernels; else why not. Apple-family 7 (A14, M1) and later have
// the SIMD-group operations, 32-wide SIMD groups and the 64-bit atomics behaviour the translation
// relies on; the AMD and Intel GPUs of Intel Macs do not.
inline std::string unsupportedGpu(const std::string& name, bool apple7, int simdWidth) {
  if (!apple7)
    return "the GPU '" + name + "' is not an Apple-silicon GPU (it lacks MTLGPUFamilyApple7: M1 or later); cu2metal's "
           "Metal backend runs translated kernels only there; use --backend msl-cpu on this Mac";
  if (simdWidth != kWarpSize)
    return "the GPU '" + name + "' runs SIMD groups of " + std::to_string(simdWidth) + " threads (threadExecutionWidth), " +
           "but translated CUDA kernels assume warps of " + std::to_string(kWarpSize);
  return "";
}

// The MSL version a translated source needs, from the translator's header line
// `// Needs MSL 3.2 (macOS 15) or newer, for ...` (src/translate/mslVersion.ts; a program of several
// .cu files has one per file and one for the whole): the newest such line, as major * 100 +
// minor * 10 (__METAL_VERSION__'s form); 300 (MSL 3.0, what every translation runs on) when there is none.
inline int neededMslVersion(const std::string& source) {
  static const std::string key = "// Needs MSL ";
  int best = 300;
  for (std::string::size_type at = source.find(key); at != std::string::npos; at = source.find(key, at + key.size())) {
    if (at != 0 && source[at - 1] != '\n') continue; // only a line of its own
    const std::string::size_type p = at + key.size();
    if (p + 2 >= source.size() || source[p] < '0' || source[p] > '9' || source[p + 1] != '.' || source[p + 2] < '0' || source[p + 2] > '9') continue;
    const int v = (source[p] - '0') * 100 + (source[p + 2] - '0') * 10;
    if (v > best) best = v;
  }
  return best;
}

// 320 → "3.2"; the macOS that first offers it ("15"), "" for a version this code does not know.
inline std::string mslVersionName(int v) { return std::to_string(v / 100) + "." + std::to_string(v / 10 % 10); }
inline std::string macosForMsl(int v) {
  switch (v) {
    case 300: return "13";
    case 310: return "14";
    case 320: return "15";
    case 400: return "26";
    default: return "";
  }
}

// "" when the language version the runtime selects (`offered`: the newest this OS and SDK have) is
// enough for the source; else the module's load error, naming both versions.
inline std::string mslVersionProblem(const std::string& path, int needed, int offered) {
  if (offered >= needed) return "";
  const std::string mac = macosForMsl(needed);
  return path + " needs MSL " + mslVersionName(needed) + (mac.empty() ? "" : " (macOS " + mac + ")") +
         " or newer (its header says what for), but this Mac offers MSL " + mslVersionName(offered) +
         " (the newest its macOS and the SDK cu2metal was built with have); use --backend msl-cpu here";
}

} // namespace metal
} // namespace cu2m

#endif // CU2M_METAL_POLICY_H

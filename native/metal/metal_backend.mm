// cu2metal Metal backend: translated kernels on an Apple GPU. docs/METAL.md describes it.
//
// Objective-C++ with ARC (-fobjc-arc), macOS 13 or later (-mmacosx-version-min=13.0).
// Checked on Linux against declaration-only SDK stubs (test/metal/syntax-check.sh); it has not yet
// run on a Mac (docs/METAL.md, "What has NOT been run").
//
//   device    MTLCreateSystemDefaultDevice(), or the first of MTLCopyAllDevices() whose name
//             contains $CU2METAL_METAL_DEVICE
//   memory    one MTLBuffer per allocation, shared storage; its `contents` IS the device address
//   modules   the .metal source compiled at run time (newLibraryWithSource:options:error:);
//             compute pipelines are made at a kernel's first launch and kept per module; their
//             GPU binaries are cached on disk in an MTLBinaryArchive ($CU2METAL_CACHE/metal)
//             (keyed by the OS build, written once, at exit)
//   launches  encoded into one open command buffer + compute encoder; synchronize() commits and
//             waits. A fault the GPU reports, whether found at a commit or while waiting, is held
//             for the next synchronizing call (metal::FaultLatch), which makes it sticky.
//   GPUs      Apple silicon only (MTLGPUFamilyApple7+); warpSize is a pipeline's
//             threadExecutionWidth, which must be 32 (metal_policy.h)
#import <Foundation/Foundation.h>
#import <Metal/Metal.h>
#include <mach/mach_time.h>

#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "../runtime/backend.h"
#include "metal_textures.h" // texture/surface arguments
#include "metal_backend.h"
#include "metal_policy.h"

#if !__has_feature(objc_arc)
#error "metal_backend.mm must be compiled with -fobjc-arc"
#endif

// Which declarations the SDK we compile against has (Xcode 15 = macOS 14 SDK, Xcode 16 = 15,
// Xcode 26 = 26). Which OS the program RUNS on is @available's business, below.
#if defined(__MAC_OS_X_VERSION_MAX_ALLOWED) && __MAC_OS_X_VERSION_MAX_ALLOWED >= 140000
#define CU2M_SDK_HAS_MACOS_14 1
#else
#define CU2M_SDK_HAS_MACOS_14 0
#endif
#if defined(__MAC_OS_X_VERSION_MAX_ALLOWED) && __MAC_OS_X_VERSION_MAX_ALLOWED >= 150000
#define CU2M_SDK_HAS_MACOS_15 1
#else
#define CU2M_SDK_HAS_MACOS_15 0
#endif
#if defined(__MAC_OS_X_VERSION_MAX_ALLOWED) && __MAC_OS_X_VERSION_MAX_ALLOWED >= 260000
#define CU2M_SDK_HAS_MACOS_26 1
#else
#define CU2M_SDK_HAS_MACOS_26 0
#endif

// mach_absolute_time() in seconds: the clock of MTLCommandBuffer.GPUStartTime/GPUEndTime.
static double hostClockSeconds() {
  static const double scale = [] {
    mach_timebase_info_data_t tb;
    mach_timebase_info(&tb);
    return static_cast<double>(tb.numer) / static_cast<double>(tb.denom) * 1e-9;
  }();
  return static_cast<double>(mach_absolute_time()) * scale;
}

namespace cu2m {
namespace {

// ---- Small helpers --------------------------------------------------------------------------------

// Launches encoded into one command buffer before it is committed without waiting, so that the
// GPU starts on long launch sequences while the host is still encoding.
constexpr unsigned kLaunchesPerCommandBuffer = 64;
// setBytes:length:atIndex: is meant for data under 4 KB; larger scalars go in a temporary buffer.
constexpr size_t kMaxInlineBytes = 4096;
// Metal has 31 buffer argument slots per kernel.
constexpr size_t kMaxBufferSlots = 31;

std::string str(NSString* s) {
  const char* c = s ? s.UTF8String : nullptr;
  return c ? std::string(c) : std::string();
}

NSString* ns(const std::string& s) { return [NSString stringWithUTF8String:s.c_str()]; }

std::string describe(NSError* e) { return e ? str(e.localizedDescription) : std::string("no reason given"); }

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? std::string(v) : std::string();
}

// "1", "yes", "true"... : anything set that is not "0", "no", "false" or "off".
bool envFlag(const char* name) {
  std::string v = env(name);
  for (char& c : v) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return !v.empty() && v != "0" && v != "no" && v != "false" && v != "off";
}

bool containsIgnoringCase(const std::string& haystack, const std::string& needle) {
  auto it = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
  });
  return it != haystack.end();
}

size_t roundUp16(size_t n) { return (n + 15) / 16 * 16; }

int clampInt(NSUInteger v) { return v > 0x7fffffffu ? 0x7fffffff : static_cast<int>(v); }

bool readFile(const std::string& path, std::string& out, std::string& error) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) {
    error = "cannot read the Metal source " + path + ": " + std::strerror(errno);
    return false;
  }
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  bool ok = !std::ferror(f);
  std::fclose(f);
  if (!ok) error = "cannot read the Metal source " + path;
  return ok;
}

bool makeDirs(const std::string& dir) {
  std::string part;
  for (size_t i = 0; i <= dir.size(); ++i) {
    if (i == dir.size() || (dir[i] == '/' && i > 0)) {
      part = dir.substr(0, i);
      if (mkdir(part.c_str(), 0755) != 0 && errno != EEXIST) return false;
    }
  }
  return true;
}

// $CU2METAL_CACHE/metal, else $XDG_CACHE_HOME/cu2metal/metal, else ~/.cache/cu2metal/metal (the
// same root as src/build/paths.ts cacheDir()). "" when CU2METAL_METAL_CACHE=0 or not creatable.
std::string metalCacheDir() {
  std::string flag = env("CU2METAL_METAL_CACHE");
  if (flag == "0" || flag == "off" || flag == "no" || flag == "false") return "";
  std::string root = env("CU2METAL_CACHE");
  if (root.empty()) {
    std::string xdg = env("XDG_CACHE_HOME"), home = env("HOME");
    if (!xdg.empty()) root = xdg + "/cu2metal";
    else if (!home.empty()) root = home + "/.cache/cu2metal";
    else return "";
  }
  std::string dir = root + "/metal";
  return makeDirs(dir) ? dir : "";
}

bool cacheLog() { return envFlag("CU2METAL_METAL_CACHE_LOG"); }

// ---- Compile options --------------------------------------------------------------------------------

struct CompileSettings {
  MTLCompileOptions* options = nil;
  std::string description; // e.g. "msl=3.2 math=safe/precise": logged, and part of the cache key
  int mslVersion = 300;    // options.languageVersion as __METAL_VERSION__ (320 = MSL 3.2)
};

// The newest language version of the running OS (a source whose `// Needs MSL` header line asks for
// a newer one is refused at load: metal::mslVersionProblem), and IEEE-safe math unless
// CU2METAL_FAST_MATH is set (cu2metal run --fast-math). Metal's own default is fast math, which does
// not match CUDA.
CompileSettings compileSettings() {
  CompileSettings s;
  s.options = [MTLCompileOptions new];
  const bool fast = envFlag("CU2METAL_FAST_MATH");

  MTLLanguageVersion version = MTLLanguageVersion3_0;
  const char* versionName = "3.0";
#if CU2M_SDK_HAS_MACOS_14
  if (@available(macOS 14.0, *)) {
    version = MTLLanguageVersion3_1;
    s.mslVersion = 310;
    versionName = "3.1";
  }
#endif
#if CU2M_SDK_HAS_MACOS_15
  if (@available(macOS 15.0, *)) {
    version = MTLLanguageVersion3_2;
    s.mslVersion = 320;
    versionName = "3.2";
  }
#endif
#if CU2M_SDK_HAS_MACOS_26
  if (@available(macOS 26.0, *)) {
    version = MTLLanguageVersion4_0;
    s.mslVersion = 400;
    versionName = "4.0";
  }
#endif
  s.options.languageVersion = version;

  bool mathSet = false;
#if CU2M_SDK_HAS_MACOS_15
  if (@available(macOS 15.0, *)) {
    s.options.mathMode = fast ? MTLMathModeFast : MTLMathModeSafe;
    s.options.mathFloatingPointFunctions =
        fast ? MTLMathFloatingPointFunctionsFast : MTLMathFloatingPointFunctionsPrecise;
    mathSet = true;
  }
#endif
  if (!mathSet) {
    // Before macOS 15 (or with an SDK older than 15) the only switch is the deprecated flag.
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wdeprecated-declarations"
    s.options.fastMathEnabled = fast ? YES : NO;
#pragma clang diagnostic pop
  }
  s.description = std::string("msl=") + versionName + (fast ? " math=fast/fast" : " math=safe/precise");
  return s;
}

// The OS build ("23C71"): a system update may bring a new GPU compiler, and pipelines in a binary
// archive made by another build are not used.
std::string osBuild() {
  @autoreleasepool {
    return metal::osBuildOf(str([NSProcessInfo processInfo].operatingSystemVersionString));
  }
}

// ---- Kernels and modules ------------------------------------------------------------------------------

class MetalModule;

class MetalKernel final : public Kernel {
 public:
  MetalKernel(MetalModule* module, std::string name, id<MTLFunction> function)
      : module_(module), name_(std::move(name)), function_(function) {}
  const std::string& name() const override { return name_; }
  // The CU2M_KERNEL_* flags come from the host-side descriptor (cu2m_kernel_info.flags), which the
  // runtime ORs in; the MSL itself carries none.
  uint32_t flags() const override { return 0; }

  MetalModule* module() const { return module_; }
  id<MTLFunction> function() const { return function_; }

  // The pipeline's limit (register use may lower it below the device's 1024).
  int maxThreadsPerBlock(std::string& error) override;

  // Guarded by the module's mutex.
  id<MTLComputePipelineState> pipeline = nil;
  std::string pipelineError;

 private:
  MetalModule* module_;
  std::string name_;
  id<MTLFunction> function_;
};

class MetalModule final : public Module {
 public:
  MetalModule(std::string path, id<MTLDevice> device, id<MTLLibrary> library)
      : path_(std::move(path)), device_(device), library_(library) {}

  const std::string& path() const override { return path_; }

  Kernel* findKernel(const std::string& name, std::string& error) override {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = kernels_.find(name);
    if (it != kernels_.end()) return it->second.get();
    @autoreleasepool {
      NSString* fname = ns(name);
      id<MTLFunction> fn = fname ? [library_ newFunctionWithName:fname] : nil;
      if (!fn) {
        error = "the Metal library compiled from " + path_ + " has no function named " + name +
                " (was the kernel translated into this .metal file?)";
        return nullptr;
      }
      if (fn.functionType != MTLFunctionTypeKernel) {
        error = "the function " + name + " in " + path_ + " is not a kernel function";
        return nullptr;
      }
      auto k = std::make_unique<MetalKernel>(this, name, fn);
      Kernel* raw = k.get();
      kernels_.emplace(name, std::move(k));
      return raw;
    }
  }

  // The compute pipeline of `k`, created at its first launch and kept; a failure is kept too.
  id<MTLComputePipelineState> pipeline(MetalKernel& k, std::string& error) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (k.pipeline) return k.pipeline;
    if (!k.pipelineError.empty()) {
      error = k.pipelineError;
      return nil;
    }
    @autoreleasepool {
      NSError* e = nil;
      id<MTLComputePipelineState> ps = nil;
      if (@available(macOS 11.0, *)) {
        if (archive_) ps = pipelineThroughArchive(k, &e);
      }
      if (!ps) {
        e = nil;
        ps = [device_ newComputePipelineStateWithFunction:k.function() error:&e];
      }
      if (!ps) {
        k.pipelineError = "Metal cannot create the compute pipeline of kernel " + k.name() + ": " + describe(e);
        error = k.pipelineError;
        return nil;
      }
      k.pipeline = ps;
      return ps;
    }
  }

  // Serializes the archive if pipelines were added since it was read (at exit: see
  // writeArchivesAtExit), so a run writes it at most once.
  void writeArchive() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (archive_ && writes_.shouldWrite()) {
      @autoreleasepool {
        saveArchive();
      }
    }
  }

  // Opens (or starts) the binary archive that caches this module's compiled pipelines. `key`
  // identifies source + compile options + device + OS; any failure just leaves the cache off.
  void openArchive(const std::string& key) {
    if (@available(macOS 11.0, *)) {
      std::string dir = metalCacheDir();
      if (dir.empty()) return;
      std::string file = dir + "/" + key + ".binarchive";
      MTLBinaryArchiveDescriptor* d = [MTLBinaryArchiveDescriptor new];
      struct stat st;
      const bool exists = stat(file.c_str(), &st) == 0;
      if (exists) d.url = [NSURL fileURLWithPath:ns(file)];
      NSError* e = nil;
      id<MTLBinaryArchive> a = [device_ newBinaryArchiveWithDescriptor:d error:&e];
      if (!a && exists) { // unreadable or made by another OS/GPU: start an empty one
        if (cacheLog()) std::fprintf(stderr, "cu2metal: metal cache: cannot open %s (%s); starting afresh\n", file.c_str(), describe(e).c_str());
        d.url = nil;
        e = nil;
        a = [device_ newBinaryArchiveWithDescriptor:d error:&e];
      }
      if (!a) {
        if (cacheLog()) std::fprintf(stderr, "cu2metal: metal cache: disabled (%s)\n", describe(e).c_str());
        return;
      }
      archive_ = a;
      archivePath_ = file;
      if (cacheLog()) std::fprintf(stderr, "cu2metal: metal cache: %s %s\n", exists ? "opened" : "new", file.c_str());
    }
  }

 private:
  // A pipeline found in the archive; on a miss, the pipeline is compiled into the archive (which is
  // then saved) and created from it. nil (reason in *error) when even that fails.
  id<MTLComputePipelineState> pipelineThroughArchive(MetalKernel& k, NSError** error) {
    MTLComputePipelineDescriptor* d = [MTLComputePipelineDescriptor new];
    d.computeFunction = k.function();
    d.binaryArchives = [NSArray arrayWithObject:archive_];
    NSError* e = nil;
    id<MTLComputePipelineState> ps = [device_ newComputePipelineStateWithDescriptor:d
                                                                             options:MTLPipelineOptionFailOnBinaryArchiveMiss
                                                                          reflection:nil
                                                                               error:&e];
    if (ps) {
      if (cacheLog()) std::fprintf(stderr, "cu2metal: metal cache: hit %s\n", k.name().c_str());
      return ps;
    }
    if (cacheLog()) std::fprintf(stderr, "cu2metal: metal cache: miss %s\n", k.name().c_str());
    e = nil;
    if ([archive_ addComputePipelineFunctionsWithDescriptor:d error:&e]) {
      writes_.added(); // written once, at exit (writeArchive)
    } else if (cacheLog()) {
      std::fprintf(stderr, "cu2metal: metal cache: cannot add %s (%s)\n", k.name().c_str(), describe(e).c_str());
    }
    e = nil;
    ps = [device_ newComputePipelineStateWithDescriptor:d options:MTLPipelineOptionNone reflection:nil error:&e];
    if (!ps && error) *error = e;
    return ps;
  }

  // Written to a temporary file and renamed, so that concurrent programs never see half an archive.
  void saveArchive() {
    std::string tmp = archivePath_ + "." + std::to_string(static_cast<long>(getpid())) + ".tmp";
    NSError* e = nil;
    if ([archive_ serializeToURL:[NSURL fileURLWithPath:ns(tmp)] error:&e] && std::rename(tmp.c_str(), archivePath_.c_str()) == 0)
      return;
    if (cacheLog()) std::fprintf(stderr, "cu2metal: metal cache: cannot save %s (%s)\n", archivePath_.c_str(), describe(e).c_str());
    unlink(tmp.c_str());
  }

  std::string path_;
  id<MTLDevice> device_;
  id<MTLLibrary> library_;
  id<MTLBinaryArchive> archive_ = nil; // nil: no disk cache
  std::string archivePath_;
  metal::ArchiveWrites writes_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::unique_ptr<MetalKernel>> kernels_;
};

// The modules whose archives are written at exit (the runtime itself lives until the process ends).
std::mutex gArchivesMutex;
std::vector<std::weak_ptr<MetalModule>>* gArchives = nullptr;

void writeArchivesAtExit() {
  std::vector<std::shared_ptr<MetalModule>> live;
  {
    std::lock_guard<std::mutex> lock(gArchivesMutex);
    if (!gArchives) return;
    for (const auto& w : *gArchives)
      if (auto m = w.lock()) live.push_back(m);
  }
  for (const auto& m : live) m->writeArchive();
}

void writeArchiveAtExit(const std::shared_ptr<MetalModule>& m) {
  std::lock_guard<std::mutex> lock(gArchivesMutex);
  if (!gArchives) {
    gArchives = new std::vector<std::weak_ptr<MetalModule>>(); // never freed: used during exit
    std::atexit(writeArchivesAtExit);
  }
  gArchives->push_back(m);
}

int MetalKernel::maxThreadsPerBlock(std::string& error) {
  id<MTLComputePipelineState> ps = module_->pipeline(*this, error);
  return ps ? clampInt(ps.maxTotalThreadsPerThreadgroup) : -1;
}

// ---- The backend -------------------------------------------------------------------------------------

id<MTLDevice> pickDevice(std::string& error) {
  const std::string want = env("CU2METAL_METAL_DEVICE");
  if (want.empty()) {
    // Apple: a command-line program gets a default device only when linked with CoreGraphics
    // (metalBuildPlan() links it). Should it still be nil, take the first device there is.
    id<MTLDevice> d = MTLCreateSystemDefaultDevice();
    if (!d) {
      NSArray<id<MTLDevice>>* all = MTLCopyAllDevices();
      if (all.count > 0) d = [all objectAtIndex:0];
    }
    if (!d) error = "this Mac has no usable Metal device (MTLCreateSystemDefaultDevice returned nil and "
                    "MTLCopyAllDevices found none; virtual machines often have no Metal GPU)";
    return d;
  }
  NSArray<id<MTLDevice>>* all = MTLCopyAllDevices();
  std::string names;
  for (NSUInteger i = 0; i < all.count; ++i) {
    id<MTLDevice> d = [all objectAtIndex:i];
    const std::string name = str(d.name);
    if (containsIgnoringCase(name, want)) return d;
    names += (names.empty() ? "'" : ", '") + name + "'";
  }
  error = "CU2METAL_METAL_DEVICE='" + want + "' matches none of this Mac's Metal devices (" +
          (names.empty() ? std::string("none found") : names) + ")";
  return nil;
}

class MetalBackend final : public Backend {
  // GPU address ranges of the live buffers (hostAddressOf): start → (bytes, host address of the start).
  struct GpuRange {
    size_t bytes = 0;
    char* host = nullptr;
  };
  std::mutex rangesMutex_;
  std::map<uint64_t, GpuRange> gpuRanges_;
  void rememberGpuRange(id<MTLBuffer> b, char* host, size_t bytes) {
    if (@available(macOS 13.0, *)) {
      std::lock_guard<std::mutex> lock(rangesMutex_);
      gpuRanges_[b.gpuAddress] = GpuRange{bytes, host};
    }
  }
  void forgetGpuRange(id<MTLBuffer> b) {
    if (@available(macOS 13.0, *)) {
      std::lock_guard<std::mutex> lock(rangesMutex_);
      gpuRanges_.erase(b.gpuAddress);
    }
  }

 public:
  MetalBackend(id<MTLDevice> device, id<MTLCommandQueue> queue, int simdWidth) : device_(device), queue_(queue) {
    DeviceInfo& d = info_;
    d.name = str(device_.name);
    d.totalGlobalMem = static_cast<size_t>(device_.recommendedMaxWorkingSetSize);
    d.sharedMemPerBlock = device_.maxThreadgroupMemoryLength; // 32 KB on Apple GPUs
    d.sharedMemPerMultiprocessor = d.sharedMemPerBlock;
    const MTLSize m = device_.maxThreadsPerThreadgroup;
    d.maxThreadsDim[0] = clampInt(m.width);
    d.maxThreadsDim[1] = clampInt(m.height);
    d.maxThreadsDim[2] = clampInt(m.depth);
    // Metal reports per-dimension maxima; a threadgroup holds at most 1024 threads on every Apple
    // GPU family, and a given pipeline may allow fewer (checked at launch).
    d.maxThreadsPerBlock = std::min(1024, d.maxThreadsDim[0]);
    d.warpSize = simdWidth; // a pipeline's threadExecutionWidth (probeSimdWidth): 32 on Apple GPUs
    d.integrated = device_.hasUnifiedMemory;
    // Not exposed by Metal: the GPU core count. 8 is the core count of the smallest Apple-silicon
    // Mac GPUs, so grid-sizing heuristics (2 * SMs blocks...) still fill the GPU.
    d.multiProcessorCount = 8;
  }

  ~MetalBackend() override { synchronize(); }

  const char* name() const override { return "metal"; }
  const DeviceInfo& device() const override { return info_; }

  bool alloc(size_t bytes, BackendBuffer& out) override {
    @autoreleasepool {
      if (bytes > device_.maxBufferLength) return false;
      id<MTLBuffer> b = [device_ newBufferWithLength:bytes options:MTLResourceStorageModeShared];
      if (!b) return false;
      void* p = [b contents];
      if (!p) return false;
      if (reinterpret_cast<uintptr_t>(p) % 256 != 0) {
        // Shared buffers are page-aligned in practice; the runtime promises 256.
        std::fprintf(stderr, "cu2metal: Metal returned a buffer at %p, which is not 256-byte aligned\n", p);
        return false;
      }
      std::memset(p, 0, bytes); // the runtime promises zero-filled memory on every backend
      out.contents = p;
      out.size = bytes;
      out.native = (__bridge_retained void*)b; // released in free()
      rememberGpuRange(b, static_cast<char*>(p), bytes);
      return true;
    }
  }

  void free(BackendBuffer& buffer) override {
    if (buffer.native) {
      forgetGpuRange((__bridge id<MTLBuffer>)buffer.native);
      // Command buffers retain the buffers they use, so this is safe even with work in flight
      // (the runtime synchronizes before freeing anyway).
      id<MTLBuffer> b = (__bridge_transfer id<MTLBuffer>)buffer.native; // ARC releases it here
      (void)b;
    }
    buffer = BackendBuffer();
  }

  // cudaHostRegister: a no-copy shared buffer over the pages holding [ptr, ptr + bytes) (Metal wants
  // a page-aligned start and a whole number of pages). Kernel arguments inside the range are at
  // nativeOffset + their offset in the buffer.
  Error registerHost(void* ptr, size_t bytes, BackendBuffer& out, std::string& error) override {
    @autoreleasepool {
      const uintptr_t page = static_cast<uintptr_t>(getpagesize());
      const uintptr_t start = reinterpret_cast<uintptr_t>(ptr) & ~(page - 1);
      const uintptr_t end = (reinterpret_cast<uintptr_t>(ptr) + bytes + page - 1) & ~(page - 1);
      if (end - start > device_.maxBufferLength) {
        error = "the range spans " + std::to_string(end - start) + " bytes of pages, more than this GPU's largest buffer (" +
                std::to_string(device_.maxBufferLength) + " bytes)";
        return err::MemoryAllocation;
      }
      id<MTLBuffer> b = [device_ newBufferWithBytesNoCopy:reinterpret_cast<void*>(start)
                                                   length:end - start
                                                  options:MTLResourceStorageModeShared
                                              deallocator:nil];
      if (!b) {
        error = "Metal cannot map these pages for the GPU (newBufferWithBytesNoCopy failed)";
        return err::MemoryAllocation;
      }
      out = BackendBuffer();
      out.contents = ptr;
      out.size = bytes;
      out.nativeOffset = reinterpret_cast<uintptr_t>(ptr) - start;
      out.native = (__bridge_retained void*)b; // released in unregisterHost()
      rememberGpuRange(b, reinterpret_cast<char*>(start), end - start);
      return err::Success;
    }
  }

  void unregisterHost(BackendBuffer& buffer) override {
    free(buffer); // releases the MTLBuffer; the memory itself stays the program's (no deallocator)
  }

  std::shared_ptr<Module> loadModule(const std::string& path, std::string& error) override {
    std::string source;
    if (!readFile(path, source, error)) return nullptr;
    @autoreleasepool {
      NSString* src = ns(source);
      if (!src) {
        error = "the Metal source " + path + " is not valid UTF-8";
        return nullptr;
      }
      CompileSettings cs = compileSettings();
      // The version the translation needs (64-bit atomics: 3.2, bfloat: 3.1): clearer here than
      // the #error its guard would stop at.
      const std::string tooOld = metal::mslVersionProblem(path, metal::neededMslVersion(source), cs.mslVersion);
      if (!tooOld.empty()) {
        error = tooOld;
        return nullptr;
      }
      NSError* e = nil;
      id<MTLLibrary> library = [device_ newLibraryWithSource:src options:cs.options error:&e];
      if (!library) {
        // Metal's log names the .cu file and line thanks to the translator's #line directives.
        error = "Metal cannot compile " + path + " (" + cs.description + "):\n" + describe(e);
        return nullptr;
      }
      auto module = std::make_shared<MetalModule>(path, device_, library);
      module->openArchive(metal::archiveKey(source, cs.description, info_.name, osBuild()));
      writeArchiveAtExit(module);
      return module;
    }
  }

  Error launch(const LaunchRequest& r, std::string& error) override {
    auto* kernel = static_cast<MetalKernel*>(r.kernel); // only Metal modules reach this backend
    if (!kernel) {
      error = "kernel does not come from a Metal module";
      return err::InvalidDeviceFunction;
    }
    std::lock_guard<std::mutex> lock(mutex_);
    // A fault of earlier work (faults_) is not this launch's: it waits for the next synchronizing
    // call, as CUDA reports it, and the runtime keeps it sticky from there.
    @autoreleasepool {
      id<MTLComputePipelineState> ps = kernel->module()->pipeline(*kernel, error);
      if (!ps) return err::InvalidKernelImage;
      if (static_cast<int>(ps.threadExecutionWidth) != info_.warpSize) {
        error = "kernel " + kernel->name() + " would run in SIMD groups of " + std::to_string(ps.threadExecutionWidth) +
                " threads (its pipeline's threadExecutionWidth), but warpSize is " + std::to_string(info_.warpSize) +
                " and translated kernels rely on it";
        return err::NotSupported;
      }

      // Limits that depend on the compiled kernel, reported as CUDA reports its equivalents.
      const uint64_t threads = uint64_t(r.block.x) * r.block.y * r.block.z;
      if (threads > ps.maxTotalThreadsPerThreadgroup) {
        error = "too many resources requested for launch: kernel " + kernel->name() + " has " +
                std::to_string(threads) + " threads per block, but its Metal pipeline allows at most " +
                std::to_string(ps.maxTotalThreadsPerThreadgroup) +
                " threads per threadgroup (the kernel's register or memory use lowers Metal's limit; use smaller blocks)";
        return err::LaunchOutOfResources;
      }
      const bool dynamicShared = (r.flags & CU2M_KERNEL_DYNAMIC_SHARED) != 0;
      // A [[threadgroup(0)]] argument always gets memory bound, at least 16 bytes.
      const size_t dynamicBytes = dynamicShared ? std::max<size_t>(16, roundUp16(r.dynamicShared)) : 0;
      NSUInteger staticBytes = 0;
      if (@available(macOS 11.0, *)) staticBytes = ps.staticThreadgroupMemoryLength;
      if (uint64_t(dynamicBytes) + staticBytes > device_.maxThreadgroupMemoryLength) {
        error = "kernel " + kernel->name() + " needs " + std::to_string(uint64_t(dynamicBytes) + staticBytes) +
                " bytes of threadgroup memory (" + std::to_string(staticBytes) + " static + " +
                std::to_string(dynamicBytes) + " dynamic, rounded up to 16), more than this GPU's " +
                std::to_string(device_.maxThreadgroupMemoryLength) + " bytes";
        return err::InvalidValue; // what CUDA returns for too much shared memory at launch
      }
      // A kernel with an argument buffer (cu2m/abi.h arg_buffer_bytes, src/translate/argumentBuffer.ts):
      // its buffer and value parameters are fields of one struct at [[buffer(0)]], the other
      // buffers (symbols) follow from [[buffer(1)]].
      const uint32_t argBufferBytes = r.info ? r.info->arg_buffer_bytes : 0;
      auto inArgBuffer = [&](size_t i) {
        return argBufferBytes > 0 && i < r.info->num_params &&
               (r.info->params[i].kind == CU2M_ARG_BUFFER || r.info->params[i].kind == CU2M_ARG_SCALAR);
      };
      size_t slots = argBufferBytes > 0 ? 1 : r.args.size();
      if (argBufferBytes > 0)
        for (size_t i = 0; i < r.args.size(); ++i)
          if (!inArgBuffer(i) && r.args[i].kind != CU2M_ARG_TEXTURE && r.args[i].kind != CU2M_ARG_SURFACE) ++slots;
      if (slots > kMaxBufferSlots) {
        error = "kernel " + kernel->name() + " has " + std::to_string(slots) +
                " buffers; Metal binds at most " + std::to_string(kMaxBufferSlots) + " buffers per kernel";
        return err::NotSupported;
      }
      std::vector<unsigned char> argBuffer(argBufferBytes);
      if (argBufferBytes > 0) {
        if (@available(macOS 13.0, *)) {
        } else {
          error = "kernel " + kernel->name() + " takes its parameters in an argument buffer; GPU addresses of buffers need macOS 13 (Metal 3)";
          return err::NotSupported;
        }
      }

      if (!encoder_) {
        commandBuffer_ = [queue_ commandBuffer];
        encoder_ = commandBuffer_ ? [commandBuffer_ computeCommandEncoder] : nil;
        if (!encoder_) {
          commandBuffer_ = nil;
          error = "Metal could not create a command buffer or compute encoder";
          return err::LaunchFailure;
        }
      }
      [encoder_ setComputePipelineState:ps];
      NSUInteger textureSlot = 0; // [[texture(k)]] / [[sampler(k)]]: the k-th texture/surface parameter
      NSUInteger nextSlot = 1;    // with an argument buffer: the next [[buffer(i)]] outside it
      for (size_t i = 0; i < r.args.size(); ++i) {
        const LaunchArg& a = r.args[i];
        if (inArgBuffer(i)) {
          if (Error e = fillArgBuffer(*kernel, i, a, r.info->params[i], argBuffer, error)) return e;
          continue;
        }
        // [[buffer(i)]] = CUDA parameter i; with an argument buffer, the slots after it in order
        const NSUInteger index = argBufferBytes > 0 ? nextSlot : i;
        if (argBufferBytes > 0 && a.kind != CU2M_ARG_TEXTURE && a.kind != CU2M_ARG_SURFACE) ++nextSlot;
        if (a.kind == CU2M_ARG_TEXTURE || a.kind == CU2M_ARG_SURFACE) {
          id<MTLTexture> texture = nil;
          id<MTLSamplerState> sampler = nil;
          if (Error e = metal::bindTexture(device_, a, a.kind == CU2M_ARG_SURFACE, &texture, &sampler, error)) {
            error = "kernel " + kernel->name() + ", parameter " + std::to_string(i) + ": " + error;
            return e;
          }
          [encoder_ setTexture:texture atIndex:textureSlot];
          if (sampler) [encoder_ setSamplerState:sampler atIndex:textureSlot];
          ++textureSlot;
        } else if (a.kind == CU2M_ARG_BUFFER) {
          id<MTLBuffer> b = a.buffer ? (__bridge id<MTLBuffer>)a.buffer->native : nil;
          [encoder_ setBuffer:b offset:(b ? a.buffer->nativeOffset + a.offset : 0) atIndex:index];
        } else {
          // Pointer fields of a struct passed by value: a CUDA device pointer is the allocation's
          // host address here, so each becomes the buffer's GPU address (Metal 3) plus the offset,
          // and the buffer is made resident for the dispatch (the kernel reaches it only through
          // the pointer). The copy is the one passed; the runtime's bytes stay unchanged.
          const void* bytes = a.bytes;
          std::vector<unsigned char> patched;
          if (!a.pointers.empty()) {
            if (@available(macOS 13.0, *)) {
              patched.assign(static_cast<const unsigned char*>(a.bytes), static_cast<const unsigned char*>(a.bytes) + a.size);
              for (const LaunchArg::EmbeddedPointer& ep : a.pointers) {
                id<MTLBuffer> pb = (__bridge id<MTLBuffer>)ep.buffer->native;
                const uint64_t gpu = pb.gpuAddress + ep.buffer->nativeOffset + ep.offset;
                std::memcpy(patched.data() + ep.at, &gpu, sizeof gpu);
                [encoder_ useResource:pb usage:(MTLResourceUsageRead | MTLResourceUsageWrite)];
              }
              bytes = patched.data();
            } else {
              error = "kernel " + kernel->name() + " takes a struct with pointer fields; GPU addresses of buffers need macOS 13 (Metal 3)";
              return err::NotSupported;
            }
          }
          if (a.size <= kMaxInlineBytes) {
            [encoder_ setBytes:bytes length:a.size atIndex:index];
            continue;
          }
          // copied now; the command buffer keeps the temporary buffer alive
          id<MTLBuffer> tmp = [device_ newBufferWithBytes:bytes length:a.size options:MTLResourceStorageModeShared];
          if (!tmp) {
            error = "out of memory for a " + std::to_string(a.size) + "-byte kernel argument";
            return err::MemoryAllocation;
          }
          [encoder_ setBuffer:tmp offset:0 atIndex:index];
        }
      }
      if (argBufferBytes > 0) {
        if (argBuffer.size() <= kMaxInlineBytes) {
          [encoder_ setBytes:argBuffer.data() length:argBuffer.size() atIndex:0];
        } else {
          id<MTLBuffer> tmp = [device_ newBufferWithBytes:argBuffer.data() length:argBuffer.size() options:MTLResourceStorageModeShared];
          if (!tmp) {
            error = "out of memory for the " + std::to_string(argBuffer.size()) + "-byte argument buffer of kernel " + kernel->name();
            return err::MemoryAllocation;
          }
          [encoder_ setBuffer:tmp offset:0 atIndex:0];
        }
      }
      if (dynamicShared) [encoder_ setThreadgroupMemoryLength:dynamicBytes atIndex:0];
      [encoder_ dispatchThreadgroups:MTLSizeMake(r.grid.x, r.grid.y, r.grid.z)
               threadsPerThreadgroup:MTLSizeMake(r.block.x, r.block.y, r.block.z)];

      if (std::find(batchKernels_.begin(), batchKernels_.end(), kernel->name()) == batchKernels_.end())
        batchKernels_.push_back(kernel->name());
      if (++batchLaunches_ >= kLaunchesPerCommandBuffer) commitLocked();
      return err::Success;
    }
  }

  // One field of a kernel's argument buffer (mutex_ held, encoder_ open, macOS 13 checked): a
  // pointer becomes its buffer's GPU address plus the offset (0 for NULL or memory that is not
  // the device's, as setBuffer gets nil), and the buffer is made resident for the dispatch, since
  // the kernel reaches it only through the address (Tier 2 argument buffers); a value is copied
  // at its offset, its own pointer fields rewritten the same way.
  Error fillArgBuffer(const MetalKernel& kernel, size_t i, const LaunchArg& a, const cu2m_param_info& p,
                      std::vector<unsigned char>& out, std::string& error) {
    const size_t size = a.kind == CU2M_ARG_BUFFER ? sizeof(uint64_t) : a.size;
    if (size_t(p.arg_offset) + size > out.size()) {
      error = "kernel " + kernel.name() + ", parameter " + std::to_string(i) + ": its field at byte " +
              std::to_string(p.arg_offset) + " does not fit the " + std::to_string(out.size()) + "-byte argument buffer";
      return err::InvalidValue;
    }
    if (@available(macOS 13.0, *)) {
      // Read and write always: one allocation may reach the kernel through a const and a non-const
      // parameter, and the usages of one resource are not documented to combine.
      auto address = [&](const BackendBuffer* buffer, size_t offset) -> uint64_t {
        if (!buffer) return 0;
        id<MTLBuffer> b = (__bridge id<MTLBuffer>)buffer->native;
        [encoder_ useResource:b usage:(MTLResourceUsageRead | MTLResourceUsageWrite)];
        return b.gpuAddress + buffer->nativeOffset + offset;
      };
      if (a.kind == CU2M_ARG_BUFFER) {
        const uint64_t gpu = address(a.buffer, a.offset);
        std::memcpy(out.data() + p.arg_offset, &gpu, sizeof gpu);
        return err::Success;
      }
      if (a.size > 0) std::memcpy(out.data() + p.arg_offset, a.bytes, a.size);
      for (const LaunchArg::EmbeddedPointer& ep : a.pointers) {
        const uint64_t gpu = address(ep.buffer, ep.offset);
        std::memcpy(out.data() + p.arg_offset + ep.at, &gpu, sizeof gpu);
      }
      return err::Success;
    }
    error = "argument buffers need macOS 13";
    return err::NotSupported;
  }

  // A pointer that device code stored (a launch from device code records its arguments so) is the
  // GPU address of a place in some buffer: the host address of the same place, found through the
  // GPU address ranges of the live buffers. A value in no buffer stays as it is (the runtime then
  // refuses it as an argument that is not device memory).
  void* hostAddressOf(uint64_t value) override {
    std::lock_guard<std::mutex> lock(rangesMutex_);
    auto it = gpuRanges_.upper_bound(value);
    if (value != 0 && it != gpuRanges_.begin()) {
      --it;
      if (value - it->first < it->second.bytes) return it->second.host + (value - it->first);
    }
    return reinterpret_cast<void*>(static_cast<uintptr_t>(value));
  }

  void synchronize() override {
    std::lock_guard<std::mutex> lock(mutex_);
    // Only work that completes during this flush may time the next event; older end times (of
    // work a cudaDeviceSynchronize or cudaMemcpy already waited for) would date it in the past.
    freshGpuEnd_ = false;
    @autoreleasepool {
      commitLocked();
      reapLocked(true);
    }
  }

  // Events on the GPU's timeline: GPUEndTime of the last command buffer that completed since the
  // previous event, else (device idle) the present time of the same host clock, which is the one
  // Metal's GPUStartTime/GPUEndTime are given in (mach_absolute_time, in seconds).
  bool eventTimestamp(double* seconds) override {
    std::lock_guard<std::mutex> lock(mutex_);
    if (freshGpuEnd_) {
      *seconds = lastGpuEnd_;
      freshGpuEnd_ = false;
    } else {
      *seconds = hostClockSeconds();
    }
    return true;
  }

 private:
  struct InFlight {
    id<MTLCommandBuffer> commandBuffer;
    std::vector<std::string> kernels;
  };

  // Ends and commits the open command buffer, if any, and forgets those already finished
  // (mutex_ held).
  void commitLocked() {
    if (!encoder_) return;
    [encoder_ endEncoding];
    [commandBuffer_ commit];
    inFlight_.push_back(InFlight{commandBuffer_, std::move(batchKernels_)});
    encoder_ = nil;
    commandBuffer_ = nil;
    batchKernels_.clear();
    batchLaunches_ = 0;
    reapLocked(false);
  }

  // Drops the committed command buffers that have finished (all of them, after waiting, when
  // `wait`), keeping the first GPU error for the next launch (mutex_ held).
  void reapLocked(bool wait) {
    auto finished = [&](const InFlight& f) {
      if (wait) [f.commandBuffer waitUntilCompleted];
      const MTLCommandBufferStatus status = f.commandBuffer.status;
      if (status == MTLCommandBufferStatusError) recordFailureLocked(f);
      if (status == MTLCommandBufferStatusCompleted && f.commandBuffer.GPUEndTime > lastGpuEnd_) {
        lastGpuEnd_ = f.commandBuffer.GPUEndTime;
        freshGpuEnd_ = true;
      }
      return status == MTLCommandBufferStatusCompleted || status == MTLCommandBufferStatusError;
    };
    inFlight_.erase(std::remove_if(inFlight_.begin(), inFlight_.end(), finished), inFlight_.end());
  }

  void recordFailureLocked(const InFlight& f) {
    if (faults_.pending()) return; // the first failure is the one worth reporting
    std::string kernels;
    for (const std::string& k : f.kernels) kernels += (kernels.empty() ? "" : ", ") + k;
    faults_.record(err::LaunchFailure, describe(f.commandBuffer.error) + " (in a command buffer running: " + kernels + ")");
    // Returned by takeAsyncError() at the next synchronizing call, also when a launch's commit found it.
  }

 public:
  Error takeAsyncError(std::string& reason) override {
    std::lock_guard<std::mutex> lock(mutex_);
    return faults_.take(reason);
  }

 private:

  id<MTLDevice> device_;
  id<MTLCommandQueue> queue_;
  DeviceInfo info_;

  std::mutex mutex_; // everything below
  id<MTLCommandBuffer> commandBuffer_ = nil;
  id<MTLComputeCommandEncoder> encoder_ = nil;
  std::vector<std::string> batchKernels_;
  unsigned batchLaunches_ = 0;
  std::vector<InFlight> inFlight_;
  double lastGpuEnd_ = 0;     // latest GPUEndTime seen (seconds, host clock)
  bool freshGpuEnd_ = false;  // not yet given to an event
  metal::FaultLatch faults_; // a GPU fault waiting for the next synchronizing call
};

} // namespace

// The SIMD-group width of `device`: threadExecutionWidth of a one-line kernel's pipeline. -1 (with a
// reason) when even that cannot be compiled.
int probeSimdWidth(id<MTLDevice> device, std::string& error) {
  @autoreleasepool {
    NSError* e = nil;
    id<MTLLibrary> lib = [device newLibraryWithSource:ns("kernel void cu2m_simd_probe(device uint* out [[buffer(0)]]) { out[0] = 0u; }")
                                              options:nil
                                                error:&e];
    id<MTLFunction> fn = lib ? [lib newFunctionWithName:ns("cu2m_simd_probe")] : nil;
    id<MTLComputePipelineState> ps = fn ? [device newComputePipelineStateWithFunction:fn error:&e] : nil;
    if (!ps) {
      error = "Metal cannot compile a probe kernel on " + str(device.name) + ": " + describe(e);
      return -1;
    }
    return clampInt(ps.threadExecutionWidth);
  }
}

std::unique_ptr<Backend> createMetalBackend(std::string& error) {
  @autoreleasepool {
    id<MTLDevice> device = pickDevice(error);
    if (!device) return nullptr;
    // Intel Macs' AMD and Intel GPUs are refused before anything is compiled for them.
    const bool apple7 = [device supportsFamily:MTLGPUFamilyApple7];
    const int simdWidth = apple7 ? probeSimdWidth(device, error) : 0;
    if (simdWidth < 0) return nullptr;
    const std::string unsupported = metal::unsupportedGpu(str(device.name), apple7, simdWidth);
    if (!unsupported.empty()) {
      error = unsupported;
      return nullptr;
    }
    id<MTLCommandQueue> queue = [device newCommandQueue];
    if (!queue) {
      error = "Metal could not create a command queue on " + str(device.name);
      return nullptr;
    }
    return std::make_unique<MetalBackend>(device, queue, simdWidth);
  }
}

} // namespace cu2m

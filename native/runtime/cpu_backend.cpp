// cu2metal CPU backends: msl-cpu and cuda-cpu. Both run modules (shared objects exporting
// cu2m_entry_NAME / cu2m_flags_NAME, see cu2m/abi.h) on the shared scheduler (native/cpu/); they
// differ only in the device they describe: msl-cpu has Apple's 32 KB threadgroup memory limit,
// cuda-cpu NVIDIA's 48 KB.
#include <dlfcn.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <thread>
#include <string>
#include <unordered_map>
#include <vector>

#include "../cpu/scheduler.h"
#include "backend.h"
// The Metal backend is compiled in only on macOS and only when the build adds
// native/metal/metal_backend.mm and -DCU2M_HAVE_METAL=1 (src/build/metal.ts, metalBuildPlan()).
#if defined(__APPLE__) && defined(CU2M_HAVE_METAL)
#include "../metal/metal_backend.h"
#endif

namespace cu2m {
namespace {

class CpuKernel final : public Kernel {
 public:
  CpuKernel(std::string name, cu2m_entry_fn entry, uint32_t flags, uint32_t maxThreads, cu2m_block_fn block,
            cu2m_blocks_fn blocks)
      : name_(std::move(name)), entry_(entry), block_(block), blocks_(blocks), flags_(flags), maxThreads_(maxThreads) {}
  const std::string& name() const override { return name_; }
  uint32_t flags() const override { return flags_; }
  // __launch_bounds__(N): the module's optional cu2m_maxthreads_NAME.
  int maxThreadsPerBlock(std::string&) override { return static_cast<int>(maxThreads_); }
  int launchBound() const override { return static_cast<int>(maxThreads_); }
  cu2m_entry_fn entry() const { return entry_; }
  cu2m_block_fn blockEntry() const { return block_; } // null: none (barrier kernels, older modules)
  cu2m_blocks_fn rangeEntry() const { return blocks_; } // null: none (barrier kernels, older modules)
  // msl-cpu, a kernel with an argument buffer: the module's cu2m_arglayout_NAME (the MSL struct's
  // size, its field count, each field's offset), or null.
  const uint32_t* argLayout = nullptr;

 private:
  std::string name_;
  cu2m_entry_fn entry_;
  cu2m_block_fn block_;
  cu2m_blocks_fn blocks_;
  uint32_t flags_;
  uint32_t maxThreads_;
};

class CpuModule final : public Module {
 public:
  CpuModule(std::string path, void* handle) : path_(std::move(path)), handle_(handle) {}
  ~CpuModule() override { dlclose(handle_); }
  const std::string& path() const override { return path_; }

  Kernel* findKernel(const std::string& name, std::string& error) override {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = kernels_.find(name);
    if (it != kernels_.end()) return it->second.get();
    std::string entryName = "cu2m_entry_" + name, flagsName = "cu2m_flags_" + name;
    void* entry = dlsym(handle_, entryName.c_str());
    if (!entry) {
      error = "the module " + path_ + " has no symbol " + entryName +
              " (was the kernel compiled into this module?)";
      return nullptr;
    }
    uint32_t flags = 0;
    if (void* f = dlsym(handle_, flagsName.c_str())) flags = *static_cast<const uint32_t*>(f);
    uint32_t maxThreads = 0;
    if (void* m = dlsym(handle_, ("cu2m_maxthreads_" + name).c_str())) maxThreads = *static_cast<const uint32_t*>(m);
    const bool blockEntry = !(flags & CU2M_KERNEL_USES_BARRIERS) || (flags & CU2M_KERNEL_WORK_ITEM_LOOPS);
    void* block = !blockEntry ? nullptr : dlsym(handle_, ("cu2m_block_" + name).c_str());
    // The range entry exists only beside a block entry of a barrier-free kernel.
    void* blocks = !block || (flags & CU2M_KERNEL_USES_BARRIERS) ? nullptr : dlsym(handle_, ("cu2m_blocks_" + name).c_str());
    auto k = std::make_unique<CpuKernel>(name, reinterpret_cast<cu2m_entry_fn>(entry), flags, maxThreads,
                                         reinterpret_cast<cu2m_block_fn>(block), reinterpret_cast<cu2m_blocks_fn>(blocks));
    if (void* l = dlsym(handle_, ("cu2m_arglayout_" + name).c_str())) k->argLayout = static_cast<const uint32_t*>(l);
    Kernel* raw = k.get();
    kernels_.emplace(name, std::move(k));
    return raw;
  }

 private:
  std::string path_;
  void* handle_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::unique_ptr<CpuKernel>> kernels_;
};

class CpuBackend final : public Backend {
 public:
  CpuBackend(bool msl, unsigned threads) : msl_(msl), threads_(threads) {
    if (threads_ == 0) threads_ = std::max(1u, std::thread::hardware_concurrency());
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    DeviceInfo& d = info_;
    d.name = msl ? "cu2metal msl-cpu (CPU emulation of an Apple GPU)"
                 : "cu2metal cuda-cpu (CPU emulation of a CUDA GPU, reference semantics)";
    d.totalGlobalMem = pages > 0 && page > 0 ? size_t(pages) * size_t(page) : size_t(8) << 30;
    d.sharedMemPerBlock = msl ? 32768 : 49152;
    d.sharedMemPerMultiprocessor = d.sharedMemPerBlock;
    d.multiProcessorCount = static_cast<int>(threads_);
    d.maxThreadsPerMultiProcessor = 1024; // a worker per multiprocessor; blocks that spin for others get reserve workers (scheduler.h)
    // As an H100: blocks that spin-wait for blocks beyond one per worker get reserve workers (scheduler.h).
    d.maxBlocksPerMultiProcessor = 32;
    d.l2CacheSize = 4 << 20;
  }

  const char* name() const override { return msl_ ? "msl-cpu" : "cuda-cpu"; }
  const DeviceInfo& device() const override { return info_; }

  // Zero-filled (deterministic contents, so that backends agree on untouched memory). Large
  // buffers are anonymous mappings: zero pages the kernel commits on first touch, so a big
  // allocation costs nothing until used, and one the machine cannot back fails here.
  bool alloc(size_t bytes, BackendBuffer& out) override {
    out = BackendBuffer();
#ifdef CU2M_SANITIZE
    // --sanitize: exactly `bytes` from the (AddressSanitizer) heap, so that one element past the
    // end lands in a redzone, and cudaFree's free() puts the block in ASan's quarantine.
    void* exact = nullptr;
    if (posix_memalign(&exact, 256, bytes == 0 ? 1 : bytes) != 0) return false;
    std::memset(exact, 0, bytes);
    out.contents = exact;
    out.size = bytes;
    return true;
#endif
    const size_t align = bytes >= 65536 ? 4096 : 256;
    if (bytes > SIZE_MAX - align) return false;
    size_t rounded = (bytes + align - 1) / align * align;
    if (rounded >= kMapThreshold) {
      void* p = mmap(nullptr, rounded, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (p == MAP_FAILED) return false;
      out.contents = p;
      out.reserved = rounded;
    } else {
      void* p = std::aligned_alloc(align, rounded);
      if (!p) return false;
      std::memset(p, 0, rounded);
      out.contents = p;
    }
    out.size = bytes;
    return true;
  }

  void free(BackendBuffer& buffer) override {
    if (buffer.reserved) munmap(buffer.contents, buffer.reserved);
    else std::free(buffer.contents);
    buffer = BackendBuffer();
  }

  // Host memory is what kernels run on here: registering only records the range.
  Error registerHost(void* ptr, size_t bytes, BackendBuffer& out, std::string&) override {
    out = BackendBuffer();
    out.contents = ptr;
    out.size = bytes;
    return err::Success;
  }

  void setThreadStackBytes(size_t bytes) override { scheduler().setMinStackBytes(bytes); }

  std::shared_ptr<Module> loadModule(const std::string& path, std::string& error) override {
    void* h = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!h) {
      const char* why = dlerror();
      error = "cannot load kernel module " + path + ": " + (why ? why : "dlopen failed");
      return nullptr;
    }
    const void* version = dlsym(h, "cu2m_module_abi_version");
    if (!version) {
      dlclose(h);
      error = path + " is not a cu2metal kernel module (no cu2m_module_abi_version symbol)";
      return nullptr;
    }
    uint32_t v = *static_cast<const uint32_t*>(version);
    if (v != CU2M_ABI_VERSION) {
      dlclose(h);
      error = path + " was built for module ABI version " + std::to_string(v) +
              " but this runtime implements version " + std::to_string(CU2M_ABI_VERSION) +
              "; rebuild the module";
      return nullptr;
    }
    return std::make_shared<CpuModule>(path, h);
  }

  // The CPU glue fills a kernel's argument buffer field by field (src/build/glue.ts); the Metal
  // backend writes the host's bytes at the offsets the host stub took from a C++ struct of the
  // parameters. msl-cpu checks here, on every launch, that those offsets are the MSL struct's (as
  // the MSL compiler lays it out), so that a layout the two sides disagree on fails loudly here
  // instead of giving wrong values on a Mac.
  static Error checkArgLayout(const CpuKernel& kernel, const LaunchRequest& r, std::string& error) {
    const uint32_t* layout = kernel.argLayout;
    if (!layout || !r.info || r.info->arg_buffer_bytes == 0) return err::Success;
    uint32_t field = 0;
    auto differs = [&](const std::string& what, uint32_t host, uint32_t msl) {
      error = "kernel " + kernel.name() + ": the argument buffer's " + what + " is " + std::to_string(host) +
              " on the host but " + std::to_string(msl) + " in the MSL (a layout the Metal backend would get wrong)";
      return err::InvalidKernelImage;
    };
    if (layout[0] != r.info->arg_buffer_bytes) return differs("size", r.info->arg_buffer_bytes, layout[0]);
    for (uint32_t i = 0; i < r.info->num_params; ++i) {
      const cu2m_param_info& p = r.info->params[i];
      if (p.kind != CU2M_ARG_BUFFER && p.kind != CU2M_ARG_SCALAR) continue;
      if (field >= layout[1]) return differs("field count", field + 1, layout[1]);
      const uint32_t msl = layout[2 + field++];
      if (p.arg_offset != msl) return differs(std::string("offset of '") + (p.name ? p.name : "?") + "'", p.arg_offset, msl);
    }
    if (field != layout[1]) return differs("field count", field, layout[1]);
    return err::Success;
  }

  Error launch(const LaunchRequest& r, std::string& error) override {
    auto* kernel = static_cast<CpuKernel*>(r.kernel); // only CPU modules reach a CPU backend
    if (!kernel) {
      error = "kernel does not come from a CPU module";
      return err::InvalidDeviceFunction;
    }
    if (Error e = checkArgLayout(*kernel, r, error)) return e;
    const size_t n = r.args.size();
    std::vector<void*> pointers(n), argv(n);
    for (size_t i = 0; i < n; ++i) {
      if (r.args[i].kind == CU2M_ARG_BUFFER) {
        pointers[i] = r.args[i].address;
        argv[i] = &pointers[i];
      } else {
        argv[i] = const_cast<void*>(r.args[i].bytes);
      }
    }
    cpu::GridLaunch g;
    g.exitedThreadsLeaveBarriers = !msl_;
    g.entry = kernel->entry();
    g.blockEntry = kernel->blockEntry();
    g.rangeEntry = kernel->rangeEntry();
    g.args = argv.data();
    g.grid = r.grid;
    g.block = r.block;
    g.dynamicShared = r.dynamicShared;
    g.flags = r.flags;
    g.residentBlocks = r.residentBlocks;
    g.warpSize = static_cast<uint32_t>(info_.warpSize);
    g.kernelName = kernel->name().c_str();
    std::string failure;
    if (!scheduler().run(g, failure)) {
      // A fault of the running kernel, reported like a GPU fault: at the next synchronising call.
      std::lock_guard<std::mutex> lock(asyncMutex_);
      if (asyncError_ == err::Success) {
        asyncError_ = err::LaunchFailure;
        asyncReason_ = failure;
      }
    }
    return err::Success;
  }

  void synchronize() override {} // launches complete before launch() returns

  // A divergent barrier is cudaErrorLaunchFailure: the closest CUDA code for "the kernel failed
  // while running" (a GPU would hang or misbehave; native/runtime/README.md).
  Error takeAsyncError(std::string& reason) override {
    std::lock_guard<std::mutex> lock(asyncMutex_);
    Error e = asyncError_;
    reason = asyncReason_;
    asyncError_ = err::Success;
    asyncReason_.clear();
    return e;
  }

 private:
  cpu::Scheduler& scheduler() {
    std::call_once(schedulerOnce_, [this] { scheduler_ = std::make_unique<cpu::Scheduler>(threads_); });
    return *scheduler_;
  }

  static constexpr size_t kMapThreshold = size_t(1) << 20;

  bool msl_;
  unsigned threads_;
  DeviceInfo info_;
  std::once_flag schedulerOnce_;
  std::mutex asyncMutex_;
  Error asyncError_ = err::Success;
  std::string asyncReason_;
  std::unique_ptr<cpu::Scheduler> scheduler_;
};

} // namespace

std::unique_ptr<Backend> createBackend(const std::string& name, unsigned threads, std::string& error) {
  if (name == "msl-cpu") return std::make_unique<CpuBackend>(true, threads);
  if (name == "cuda-cpu") return std::make_unique<CpuBackend>(false, threads);
  if (name == "metal") {
#if defined(__APPLE__) && defined(CU2M_HAVE_METAL)
    return createMetalBackend(error);
#elif defined(__APPLE__)
    error = "this runtime library was built without the metal backend (it needs native/metal/metal_backend.mm "
            "and -DCU2M_HAVE_METAL=1, see src/build/metal.ts); use msl-cpu or cuda-cpu";
    return nullptr;
#else
    error = "the metal backend is not available in this build (it needs macOS); use msl-cpu or cuda-cpu";
    return nullptr;
#endif
  }
  error = "unknown backend (CU2METAL_BACKEND must be msl-cpu, cuda-cpu or metal)";
  return nullptr;
}

} // namespace cu2m

// __constant__ and __device__ variables ("symbols"). Metal has no writable program-scope
// variables, so every such variable lives in a runtime allocation that kernels receive as a buffer
// argument (the translated kernels get one extra buffer parameter per variable they use; the host
// stub passes cu2mSymbolStorage(&var)). The host program keeps an ordinary global of the same name
// (the CUDA qualifiers are empty on the host): its address identifies the symbol, as in CUDA, and
// its initializer gives the device copy its first bytes. The cuda-cpu reference module binds its
// own uses of the variable to the same storage through cu2m_bind_symbols (see src/host/host.ts).
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <cstdio>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "runtime.h"
#include "../include/cuda_runtime.h"

namespace {

struct Symbol {
  std::string name;
  size_t size = 0;
  std::vector<unsigned char> initial; // the host variable's bytes at registration (its initializer)
  void* storage = nullptr;            // device allocation, made on first use
};

struct Registry {
  std::mutex m;
  std::unordered_map<const void*, Symbol> byAddress;
  std::unordered_map<std::string, const void*> byName;
};

Registry& registry() {
  static Registry* r = new Registry(); // never destroyed: registrations run during static init
  return *r;
}

// The device copy of `s`, allocated (and filled with its initial bytes) on first use.
void* storageOf(Symbol& s) {
  if (!s.storage) {
    void* p = nullptr;
    if (cudaMalloc(&p, s.size ? s.size : 1) != cudaSuccess) return nullptr;
    if (s.size && cudaMemcpy(p, s.initial.data(), s.size, cudaMemcpyHostToDevice) != cudaSuccess) return nullptr;
    s.storage = p;
  }
  return s.storage;
}

Symbol* find(const void* symbol) {
  auto& r = registry();
  auto it = r.byAddress.find(symbol);
  return it == r.byAddress.end() ? nullptr : &it->second;
}

} // namespace

extern "C" int cu2mRegisterSymbol(const void* hostAddress, size_t size, const char* name) {
  auto& r = registry();
  std::lock_guard<std::mutex> lock(r.m);
  Symbol& s = r.byAddress[hostAddress];
  s.name = name;
  s.size = size;
  s.initial.assign(static_cast<const unsigned char*>(hostAddress), static_cast<const unsigned char*>(hostAddress) + size);
  r.byName[name] = hostAddress;
  return 1;
}

// An instance of a variable template (`mask<float>`): registered once, under `NAME@<address>`
// (a name of its own per instance); returns that name, which the kernels' stubs bind.
extern "C" const char* cu2mRegisterSymbolInstance(const void* hostAddress, size_t size, const char* base) {
  {
    auto& r = registry();
    std::lock_guard<std::mutex> lock(r.m);
    auto it = r.byAddress.find(hostAddress);
    if (it != r.byAddress.end()) return it->second.name.c_str();
  }
  char name[256];
  std::snprintf(name, sizeof name, "%s@%p", base, hostAddress);
  cu2mRegisterSymbol(hostAddress, size, name);
  auto& r = registry();
  std::lock_guard<std::mutex> lock(r.m);
  return r.byAddress[hostAddress].name.c_str(); // unordered_map nodes do not move
}

extern "C" void* cu2mSymbolStorage(const void* hostAddress) {
  auto& r = registry();
  std::lock_guard<std::mutex> lock(r.m);
  Symbol* s = find(hostAddress);
  return s ? storageOf(*s) : nullptr;
}

extern "C" void* cu2mPrintfBuffer(); // printf.cpp

namespace {
// The lock words of the emulated 64-bit atomics (src/translate/atomics64.ts): kernels that use one
// bind "cu2m_atomic64_locks". Allocated zeroed on first use; every critical section releases its
// word, so the table is all zeros again between kernels.
constexpr size_t kAtomic64Locks = 4096;
std::mutex atomic64Mutex;
void* atomic64Locks = nullptr;

void* atomic64LockTable() {
  std::lock_guard<std::mutex> lock(atomic64Mutex);
  if (!atomic64Locks) {
    void* p = nullptr;
    if (cudaMalloc(&p, kAtomic64Locks * sizeof(uint32_t)) != cudaSuccess) return nullptr;
    if (cudaMemset(p, 0, kAtomic64Locks * sizeof(uint32_t)) != cudaSuccess) return nullptr;
    atomic64Locks = p;
  }
  return atomic64Locks;
}
} // namespace

namespace cu2m {
// cudaDeviceReset frees every allocation: the next kernel that needs the lock table allocates a new one.
void forgetAtomic64Locks() {
  std::lock_guard<std::mutex> lock(atomic64Mutex);
  atomic64Locks = nullptr;
}
} // namespace cu2m

namespace {
// The device heap of device new/delete and malloc/free (src/translate/deviceHeap.ts), bound as
// "cu2m_device_heap": a 16-byte header (next free byte, capacity, live blocks, 0) and then
// cudaLimitMallocHeapSize bytes, allocated on first use and kept until cudaDeviceReset, so that
// objects one kernel allocates live on into the next launches, as CUDA's device heap does.
std::mutex deviceHeapMutex;
void* deviceHeapStorage = nullptr;

void* deviceHeap() {
  std::lock_guard<std::mutex> lock(deviceHeapMutex);
  if (!deviceHeapStorage) {
    size_t bytes = 8u << 20;
    if (cudaDeviceGetLimit(&bytes, cudaLimitMallocHeapSize) != cudaSuccess) return nullptr;
    bytes = std::min<size_t>(bytes, 0xFFFFFFF0u) & ~size_t(15); // offsets are 32-bit words
    void* p = nullptr;
    if (cudaMalloc(&p, bytes + 16) != cudaSuccess) return nullptr;
    if (cudaMemset(p, 0, 16) != cudaSuccess) return nullptr;
    static_cast<uint32_t*>(p)[1] = uint32_t(bytes);
    deviceHeapStorage = p;
  }
  // A launch sees no kernel running (the CPU backends run launches one after the other): when no
  // block is live, the whole heap is free again.
  uint32_t* h = static_cast<uint32_t*>(deviceHeapStorage);
  if (__atomic_load_n(&h[2], __ATOMIC_ACQUIRE) == 0) __atomic_store_n(&h[0], 0u, __ATOMIC_RELEASE);
  return deviceHeapStorage;
}
} // namespace

namespace cu2m {
bool deviceHeapInUse() {
  std::lock_guard<std::mutex> lock(deviceHeapMutex);
  return deviceHeapStorage != nullptr;
}
void forgetDeviceHeap() {
  std::lock_guard<std::mutex> lock(deviceHeapMutex);
  deviceHeapStorage = nullptr;
}
} // namespace cu2m

extern "C" void* cu2mSymbolStorageByName(const char* name) {
  if (std::strcmp(name, "cu2m_printf_buffer") == 0) return cu2mPrintfBuffer();
  if (std::strcmp(name, "cu2m_device_heap") == 0) return deviceHeap();
  if (std::strcmp(name, "cu2m_atomic64_locks") == 0) return atomic64LockTable();
  auto& r = registry();
  std::lock_guard<std::mutex> lock(r.m);
  auto it = r.byName.find(name);
  if (it == r.byName.end()) return nullptr;
  return storageOf(*find(it->second));
}

cudaError_t cudaGetSymbolAddress(void** devPtr, const void* symbol) {
  if (!devPtr) return cudaErrorInvalidValue;
  auto& r = registry();
  void* p = nullptr;
  {
    std::lock_guard<std::mutex> lock(r.m);
    Symbol* s = symbol ? find(symbol) : nullptr;
    if (s) p = storageOf(*s);
  }
  if (!p) {
    cu2m::Runtime::recordError(cu2m::err::InvalidSymbol);
    return cudaErrorInvalidSymbol;
  }
  *devPtr = p;
  return cudaSuccess;
}

cudaError_t cudaGetSymbolSize(size_t* size, const void* symbol) {
  if (!size) return cudaErrorInvalidValue;
  auto& r = registry();
  std::lock_guard<std::mutex> lock(r.m);
  Symbol* s = symbol ? find(symbol) : nullptr;
  if (!s) {
    cu2m::Runtime::recordError(cu2m::err::InvalidSymbol);
    return cudaErrorInvalidSymbol;
  }
  *size = s->size;
  return cudaSuccess;
}

namespace {
// The device address of bytes [offset, offset + count) of `symbol`, or an error.
cudaError_t symbolRange(const void* symbol, size_t count, size_t offset, void** at) {
  void* base = nullptr;
  if (cudaError_t e = cudaGetSymbolAddress(&base, symbol)) return e;
  size_t size = 0;
  (void)cudaGetSymbolSize(&size, symbol);
  if (offset > size || count > size - offset) {
    cu2m::Runtime::recordError(cu2m::err::InvalidValue);
    return cudaErrorInvalidValue;
  }
  *at = static_cast<char*>(base) + offset;
  return cudaSuccess;
}
} // namespace

cudaError_t cudaMemcpyToSymbol(const void* symbol, const void* src, size_t count, size_t offset, cudaMemcpyKind kind) {
  if (kind != cudaMemcpyHostToDevice && kind != cudaMemcpyDeviceToDevice && kind != cudaMemcpyDefault) {
    cu2m::Runtime::recordError(cu2m::err::InvalidMemcpyDirection);
    return cudaErrorInvalidMemcpyDirection;
  }
  void* at = nullptr;
  if (cudaError_t e = symbolRange(symbol, count, offset, &at)) return e;
  return cudaMemcpy(at, src, count, kind);
}

cudaError_t cudaMemcpyFromSymbol(void* dst, const void* symbol, size_t count, size_t offset, cudaMemcpyKind kind) {
  if (kind != cudaMemcpyDeviceToHost && kind != cudaMemcpyDeviceToDevice && kind != cudaMemcpyDefault) {
    cu2m::Runtime::recordError(cu2m::err::InvalidMemcpyDirection);
    return cudaErrorInvalidMemcpyDirection;
  }
  void* at = nullptr;
  if (cudaError_t e = symbolRange(symbol, count, offset, &at)) return e;
  return cudaMemcpy(dst, at, count, kind);
}

cudaError_t cudaMemcpyToSymbolAsync(const void* symbol, const void* src, size_t count, size_t offset, cudaMemcpyKind kind, cudaStream_t stream) {
  void* at = nullptr;
  if (kind != cudaMemcpyHostToDevice && kind != cudaMemcpyDeviceToDevice && kind != cudaMemcpyDefault) {
    cu2m::Runtime::recordError(cu2m::err::InvalidMemcpyDirection);
    return cudaErrorInvalidMemcpyDirection;
  }
  if (cudaError_t e = symbolRange(symbol, count, offset, &at)) return e;
  return cudaMemcpyAsync(at, src, count, kind, stream);
}

cudaError_t cudaMemcpyFromSymbolAsync(void* dst, const void* symbol, size_t count, size_t offset, cudaMemcpyKind kind, cudaStream_t stream) {
  void* at = nullptr;
  if (kind != cudaMemcpyDeviceToHost && kind != cudaMemcpyDeviceToDevice && kind != cudaMemcpyDefault) {
    cu2m::Runtime::recordError(cu2m::err::InvalidMemcpyDirection);
    return cudaErrorInvalidMemcpyDirection;
  }
  if (cudaError_t e = symbolRange(symbol, count, offset, &at)) return e;
  return cudaMemcpyAsync(dst, at, count, kind, stream);
}

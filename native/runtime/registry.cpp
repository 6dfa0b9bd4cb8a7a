// Kernel registry: host function pointer (the address of a generated kernel stub) -> the kernel's
// cu2m_kernel_info. Stubs register themselves before main through CU2M_REGISTER_KERNEL
// (native/include/cu2m/graph_api.h); cudaLaunchKernel, cudaFuncGetAttributes and graph kernel
// nodes look kernels up here.
#include <mutex>
#include <unordered_map>

#include "graph.h"
#include "runtime.h"

namespace {

struct Registry {
  std::mutex mutex;
  std::unordered_map<const void*, const cu2m_kernel_info*> kernels;
  std::unordered_map<const void*, const cu2m_grid_split*> splits; // kernels split at grid syncs
};

// Constructed on first use: registrations run during static initialization of the host program,
// in an order relative to this file's own statics that C++ leaves unspecified.
Registry& registry() {
  static Registry* r = new Registry; // never destroyed: lookups may come from static destructors
  return *r;
}

} // namespace

bool cu2mRegisterKernel(const void* hostFunc, const cu2m_kernel_info* kernel) {
  if (!hostFunc || !kernel) return false;
  Registry& r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  r.kernels[hostFunc] = kernel;
  return true;
}

const cu2m_kernel_info* cu2mFindKernel(const void* hostFunc) {
  if (!hostFunc) return nullptr;
  Registry& r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  auto it = r.kernels.find(hostFunc);
  return it == r.kernels.end() ? nullptr : it->second;
}

bool cu2mRegisterGridSplit(const void* hostFunc, const cu2m_grid_split* split) {
  if (!hostFunc || !split) return false;
  Registry& r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  r.splits[hostFunc] = split;
  return true;
}

const cu2m_grid_split* cu2mFindGridSplit(const void* hostFunc) {
  if (!hostFunc) return nullptr;
  Registry& r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  auto it = r.splits.find(hostFunc);
  return it == r.splits.end() ? nullptr : it->second;
}

const void* cu2m::registeredHostFunc(const cu2m_kernel_info* kernel) {
  Registry& r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  for (const auto& [func, info] : r.kernels)
    if (info == kernel) return func;
  return nullptr;
}

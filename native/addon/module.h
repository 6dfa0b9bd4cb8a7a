// JS class Module: a loaded kernel module (CPU backends: a .so; metal: a .metal source) and the
// kernel descriptions (cu2m_kernel_info) the TypeScript layer built from the translator's manifest.
// Created by Device.loadModule only.
#ifndef CU2M_ADDON_MODULE_H
#define CU2M_ADDON_MODULE_H

#include <vector>

#include "common.h"

namespace cu2m_addon {

// How a scalar parameter's value is packed (the cu2m_elem_type numbers, plus bool).
enum ScalarCode : uint32_t {
  kF32 = CU2M_ELEM_F32, kF64 = CU2M_ELEM_F64,
  kI8 = CU2M_ELEM_I8, kU8 = CU2M_ELEM_U8, kI16 = CU2M_ELEM_I16, kU16 = CU2M_ELEM_U16,
  kI32 = CU2M_ELEM_I32, kU32 = CU2M_ELEM_U32, kI64 = CU2M_ELEM_I64, kU64 = CU2M_ELEM_U64,
  kBool = 100,
};

class Module : public Napi::ObjectWrap<Module> {
 public:
  static Napi::Function Init(Napi::Env env);

  explicit Module(const Napi::CallbackInfo& info);

  // kernels: [{ name, sourceFile, line, flags, params: [{ name, kind, size, elemType, elemSize,
  // writes, scalar }] }], param i = launch argument i. Throws a CudaError when the module lacks one.
  void Attach(Napi::Env env, RuntimePtr runtime, std::shared_ptr<cu2m::Module> module, Napi::Array kernels);

 private:
  // launch(kernel: number (index into the kernels given at load), geometry: number[7] (grid x,y,z,
  // block x,y,z, dynamic shared bytes), args: (Buffer | null | number | bigint | boolean)[],
  // offsets: number[] (byte offsets of buffer arguments)): undefined
  Napi::Value Launch(const Napi::CallbackInfo& info);

  struct Kernel {
    std::string name, sourceFile;
    std::vector<std::string> paramNames;
    std::vector<cu2m_param_info> params;
    std::vector<uint32_t> scalarCodes; // per param; unused for buffers
    cu2m_kernel_info info{};
  };

  // Declared first so that it is destroyed last: the module's code must go before the runtime.
  RuntimePtr runtime_;
  std::shared_ptr<cu2m::Module> module_;
  std::vector<std::unique_ptr<Kernel>> kernels_; // stable addresses: info points into them
};

} // namespace cu2m_addon

#endif // CU2M_ADDON_MODULE_H

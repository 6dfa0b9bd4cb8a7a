// JS class Device: one cu2m::Runtime with the backend chosen when it is opened.
#ifndef CU2M_ADDON_DEVICE_H
#define CU2M_ADDON_DEVICE_H

#include "common.h"

namespace cu2m_addon {

class Device : public Napi::ObjectWrap<Device> {
 public:
  static Napi::Function Init(Napi::Env env);

  // new Device(backend: string, threads: number, tracePrefix: string)
  explicit Device(const Napi::CallbackInfo& info);

 private:
  // alloc(bytes: number): Buffer (zero-filled)
  Napi::Value Alloc(const Napi::CallbackInfo& info);
  // loadModule(path: string, kernels: KernelDescription[]): Module
  Napi::Value LoadModule(const Napi::CallbackInfo& info);
  // synchronize(): undefined
  Napi::Value Synchronize(const Napi::CallbackInfo& info);
  // info(): { name, backend, totalGlobalMem, sharedMemPerBlock, ... }
  Napi::Value Info(const Napi::CallbackInfo& info);

  RuntimePtr runtime_;
};

} // namespace cu2m_addon

#endif // CU2M_ADDON_DEVICE_H

// JS class Buffer: one device allocation (cudaMalloc) of a Device. Created by Device.alloc only.
#ifndef CU2M_ADDON_BUFFER_H
#define CU2M_ADDON_BUFFER_H

#include "common.h"

namespace cu2m_addon {

class Buffer : public Napi::ObjectWrap<Buffer> {
 public:
  static Napi::Function Init(Napi::Env env);

  explicit Buffer(const Napi::CallbackInfo& info);
  ~Buffer() override;
  void Finalize(Napi::Env env) override;

  void Attach(Napi::Env env, RuntimePtr runtime, void* ptr, size_t bytes);
  const cu2m::Runtime* runtime() const { return runtime_.get(); }
  // The device address (nullptr for a zero-byte or freed buffer).
  void* address() const { return ptr_; }
  bool freed() const { return freed_; }

 private:
  // write(source: Uint8Array, byteOffset: number): undefined
  Napi::Value Write(const Napi::CallbackInfo& info);
  // read(target: Uint8Array, byteOffset: number): undefined
  Napi::Value Read(const Napi::CallbackInfo& info);
  // fill(byte: number, byteOffset: number, bytes: number): undefined
  Napi::Value Fill(const Napi::CallbackInfo& info);
  // free(): undefined (idempotent)
  Napi::Value Free(const Napi::CallbackInfo& info);

  void Release(Napi::Env env, bool report);
  void CheckLive(Napi::Env env, const char* what) const;

  RuntimePtr runtime_;
  void* ptr_ = nullptr;
  size_t bytes_ = 0;
  bool freed_ = false;
};

} // namespace cu2m_addon

#endif // CU2M_ADDON_BUFFER_H

// JS class Buffer. See buffer.h.
#include "buffer.h"

namespace cu2m_addon {

Napi::Function Buffer::Init(Napi::Env env) {
  return DefineClass(env, "Buffer",
                     {
                         InstanceMethod<&Buffer::Write>("write"),
                         InstanceMethod<&Buffer::Read>("read"),
                         InstanceMethod<&Buffer::Fill>("fill"),
                         InstanceMethod<&Buffer::Free>("free"),
                     });
}

Buffer::Buffer(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Buffer>(info) {}

void Buffer::Attach(Napi::Env env, RuntimePtr runtime, void* ptr, size_t bytes) {
  runtime_ = std::move(runtime);
  ptr_ = ptr;
  bytes_ = bytes;
  // Tell V8 about the memory this small object keeps alive, so that unreferenced buffers get
  // collected under memory pressure.
  if (bytes_) Napi::MemoryManagement::AdjustExternalMemory(env, static_cast<int64_t>(bytes_));
}

void Buffer::Release(Napi::Env env, bool report) {
  if (freed_ || !runtime_) return;
  freed_ = true;
  void* ptr = ptr_;
  ptr_ = nullptr;
  if (bytes_) Napi::MemoryManagement::AdjustExternalMemory(env, -static_cast<int64_t>(bytes_));
  clearDiagnostic();
  cu2m::Error e = runtime_->free(ptr);
  if (report) check(env, e);
}

void Buffer::Finalize(Napi::Env env) { Release(env, false); }

Buffer::~Buffer() {
  // Normally Finalize has released the allocation already; this covers a wrapper destroyed
  // without it (the runtime stays alive as long as runtime_ holds it).
  if (!freed_ && runtime_ && ptr_) runtime_->free(ptr_);
}

void Buffer::CheckLive(Napi::Env env, const char* what) const {
  if (freed_ || !runtime_)
    throw cudaError(env, cu2m::err::InvalidValue, std::string(what) + ": the buffer was freed");
}

Napi::Value Buffer::Write(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  CheckLive(env, "DeviceBuffer.write");
  Napi::Uint8Array source = info[0].As<Napi::Uint8Array>();
  const size_t offset = static_cast<size_t>(info[1].As<Napi::Number>().Int64Value());
  if (offset > bytes_ || source.ByteLength() > bytes_ - offset)
    throw cudaError(env, cu2m::err::InvalidValue, "DeviceBuffer.write: range past the end of the buffer");
  if (source.ByteLength() == 0) return env.Undefined();
  clearDiagnostic();
  check(env, runtime_->memcpy(static_cast<char*>(ptr_) + offset, source.Data(), source.ByteLength(),
                              cu2m::CopyKind::HostToDevice));
  return env.Undefined();
}

Napi::Value Buffer::Read(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  CheckLive(env, "DeviceBuffer.read");
  Napi::Uint8Array target = info[0].As<Napi::Uint8Array>();
  const size_t offset = static_cast<size_t>(info[1].As<Napi::Number>().Int64Value());
  if (offset > bytes_ || target.ByteLength() > bytes_ - offset)
    throw cudaError(env, cu2m::err::InvalidValue, "DeviceBuffer.read: range past the end of the buffer");
  if (target.ByteLength() == 0) return env.Undefined();
  clearDiagnostic();
  check(env, runtime_->memcpy(target.Data(), static_cast<const char*>(ptr_) + offset, target.ByteLength(),
                              cu2m::CopyKind::DeviceToHost));
  return env.Undefined();
}

Napi::Value Buffer::Fill(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  CheckLive(env, "DeviceBuffer.fill");
  const int value = info[0].As<Napi::Number>().Int32Value();
  const size_t offset = static_cast<size_t>(info[1].As<Napi::Number>().Int64Value());
  const size_t bytes = static_cast<size_t>(info[2].As<Napi::Number>().Int64Value());
  if (offset > bytes_ || bytes > bytes_ - offset)
    throw cudaError(env, cu2m::err::InvalidValue, "DeviceBuffer.fill: range past the end of the buffer");
  if (bytes == 0) return env.Undefined();
  clearDiagnostic();
  check(env, runtime_->memset(static_cast<char*>(ptr_) + offset, value, bytes));
  return env.Undefined();
}

Napi::Value Buffer::Free(const Napi::CallbackInfo& info) {
  Release(info.Env(), true);
  return info.Env().Undefined();
}

} // namespace cu2m_addon

// JS class Device. See device.h.
#include "device.h"

#include "buffer.h"
#include "module.h"

namespace cu2m_addon {

Napi::Function Device::Init(Napi::Env env) {
  return DefineClass(env, "Device",
                     {
                         InstanceMethod<&Device::Alloc>("alloc"),
                         InstanceMethod<&Device::LoadModule>("loadModule"),
                         InstanceMethod<&Device::Synchronize>("synchronize"),
                         InstanceMethod<&Device::Info>("info"),
                     });
}

Device::Device(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Device>(info) {
  Napi::Env env = info.Env();
  cu2m::RuntimeOptions options;
  options.backend = info[0].As<Napi::String>().Utf8Value();
  options.threads = info[1].As<Napi::Number>().Uint32Value();
  if (info[2].IsString()) options.tracePrefix = info[2].As<Napi::String>().Utf8Value();
  options.quiet = true; // diagnostics travel in the CudaError's message instead
  clearDiagnostic();
  runtime_ = std::make_shared<cu2m::Runtime>(options);
  check(env, runtime_->init());
}

Napi::Value Device::Alloc(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const size_t bytes = static_cast<size_t>(info[0].As<Napi::Number>().Int64Value());
  void* ptr = nullptr;
  clearDiagnostic();
  check(env, runtime_->malloc(&ptr, bytes));
  Napi::Object object = addonData(env).bufferClass.New({});
  Buffer::Unwrap(object)->Attach(env, runtime_, ptr, bytes);
  return object;
}

Napi::Value Device::LoadModule(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const std::string path = info[0].As<Napi::String>().Utf8Value();
  std::string error;
  clearDiagnostic();
  std::shared_ptr<cu2m::Module> module = runtime_->loadModule(path, &error);
  if (!module)
    throw cudaError(env, cu2m::err::InvalidKernelImage, "cannot load the module " + path + ": " + error);
  Napi::Object object = addonData(env).moduleClass.New({});
  Module::Unwrap(object)->Attach(env, runtime_, std::move(module), info[1].As<Napi::Array>());
  return object;
}

Napi::Value Device::Synchronize(const Napi::CallbackInfo& info) {
  clearDiagnostic();
  check(info.Env(), runtime_->synchronize());
  return info.Env().Undefined();
}

Napi::Value Device::Info(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const cu2m::DeviceInfo* d = nullptr;
  clearDiagnostic();
  check(env, runtime_->deviceInfo(&d));
  auto triple = [&](const int* v) {
    Napi::Array a = Napi::Array::New(env, 3);
    for (uint32_t i = 0; i < 3; ++i) a.Set(i, Napi::Number::New(env, v[i]));
    return a;
  };
  Napi::Object o = Napi::Object::New(env);
  o.Set("name", d->name);
  o.Set("backend", runtime_->backendName());
  o.Set("totalGlobalMem", static_cast<double>(d->totalGlobalMem));
  o.Set("sharedMemPerBlock", static_cast<double>(d->sharedMemPerBlock));
  o.Set("warpSize", d->warpSize);
  o.Set("maxThreadsPerBlock", d->maxThreadsPerBlock);
  o.Set("maxThreadsDim", triple(d->maxThreadsDim));
  o.Set("maxGridSize", triple(d->maxGridSize));
  o.Set("multiProcessorCount", d->multiProcessorCount);
  o.Set("major", d->major);
  o.Set("minor", d->minor);
  return o;
}

} // namespace cu2m_addon

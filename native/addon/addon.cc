// cu2metal native addon: entry point. Exports the classes Device, Buffer and Module (one file pair
// each), setErrorClass(CudaError) and errorName(code). The TypeScript API in src/api/ is the only
// intended caller: it validates every argument before it reaches this code.
#include "buffer.h"
#include "common.h"
#include "device.h"
#include "module.h"

namespace cu2m_addon {
namespace {

Napi::Value SetErrorClass(const Napi::CallbackInfo& info) {
  addonData(info.Env()).errorClass = Napi::Persistent(info[0].As<Napi::Function>());
  return info.Env().Undefined();
}

Napi::Value ErrorName(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), errorName(info[0].As<Napi::Number>().Int32Value()));
}

} // namespace
} // namespace cu2m_addon

namespace {
Napi::Object InitAddon(Napi::Env env, Napi::Object exports) {
  using namespace cu2m_addon;
  auto* data = new AddonData();
  env.SetInstanceData<AddonData>(data);
  Napi::Function device = Device::Init(env);
  Napi::Function buffer = Buffer::Init(env);
  Napi::Function module = Module::Init(env);
  data->deviceClass = Napi::Persistent(device);
  data->bufferClass = Napi::Persistent(buffer);
  data->moduleClass = Napi::Persistent(module);
  exports.Set("Device", device);
  exports.Set("Buffer", buffer);
  exports.Set("Module", module);
  exports.Set("setErrorClass", Napi::Function::New(env, SetErrorClass, "setErrorClass"));
  exports.Set("errorName", Napi::Function::New(env, ErrorName, "errorName"));
  exports.Set("abiVersion", Napi::Number::New(env, CU2M_ABI_VERSION));
  return exports;
}
} // namespace

NODE_API_MODULE(cu2metal_native, InitAddon)

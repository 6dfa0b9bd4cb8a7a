// JS class Module. See module.h.
#include "module.h"

#include <cstring>

#include "buffer.h"

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "cu2metal's addon packs scalar arguments in native order, which must be little-endian"
#endif

namespace cu2m_addon {

namespace {

uint32_t u32(const Napi::Object& o, const char* key) { return o.Get(key).As<Napi::Number>().Uint32Value(); }

// One scalar argument slot: large and aligned enough for any scalar the API passes.
struct alignas(16) Slot {
  unsigned char bytes[16];
};

template <class T>
void store(Slot& slot, T value) {
  std::memcpy(slot.bytes, &value, sizeof value);
}

// The TypeScript layer has already range-checked and normalised `v` for `code` (see
// src/api/scalars.ts): integers up to 32 bits arrive as in-range numbers, 64-bit ones as bigints
// (or safe-integer numbers), f32 values rounded with Math.fround, bools as booleans.
void pack(uint32_t code, const Napi::Value& v, Slot& slot) {
  switch (code) {
    case kI8: store<int8_t>(slot, static_cast<int8_t>(v.As<Napi::Number>().Int32Value())); break;
    case kU8: store<uint8_t>(slot, static_cast<uint8_t>(v.As<Napi::Number>().Uint32Value())); break;
    case kI16: store<int16_t>(slot, static_cast<int16_t>(v.As<Napi::Number>().Int32Value())); break;
    case kU16: store<uint16_t>(slot, static_cast<uint16_t>(v.As<Napi::Number>().Uint32Value())); break;
    case kI32: store<int32_t>(slot, v.As<Napi::Number>().Int32Value()); break;
    case kU32: store<uint32_t>(slot, v.As<Napi::Number>().Uint32Value()); break;
    case kI64: {
      bool lossless = true;
      store<int64_t>(slot, v.IsBigInt() ? v.As<Napi::BigInt>().Int64Value(&lossless) : v.As<Napi::Number>().Int64Value());
      break;
    }
    case kU64: {
      bool lossless = true;
      store<uint64_t>(slot, v.IsBigInt() ? v.As<Napi::BigInt>().Uint64Value(&lossless)
                                         : static_cast<uint64_t>(v.As<Napi::Number>().Int64Value()));
      break;
    }
    case kF32: store<float>(slot, static_cast<float>(v.As<Napi::Number>().DoubleValue())); break;
    case kF64: store<double>(slot, v.As<Napi::Number>().DoubleValue()); break;
    case kBool: store<bool>(slot, v.As<Napi::Boolean>().Value()); break;
    default: std::memset(slot.bytes, 0, sizeof slot.bytes); break;
  }
}

} // namespace

Napi::Function Module::Init(Napi::Env env) {
  return DefineClass(env, "Module", {InstanceMethod<&Module::Launch>("launch")});
}

Module::Module(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Module>(info) {}

void Module::Attach(Napi::Env env, RuntimePtr runtime, std::shared_ptr<cu2m::Module> module, Napi::Array kernels) {
  runtime_ = std::move(runtime);
  module_ = std::move(module);
  for (uint32_t k = 0; k < kernels.Length(); ++k) {
    Napi::Object desc = kernels.Get(k).As<Napi::Object>();
    auto kernel = std::make_unique<Kernel>();
    kernel->name = desc.Get("name").As<Napi::String>().Utf8Value();
    kernel->sourceFile = desc.Get("sourceFile").As<Napi::String>().Utf8Value();
    Napi::Array params = desc.Get("params").As<Napi::Array>();
    const uint32_t n = params.Length();
    kernel->paramNames.resize(n);
    kernel->params.resize(n);
    kernel->scalarCodes.resize(n);
    for (uint32_t i = 0; i < n; ++i) {
      Napi::Object p = params.Get(i).As<Napi::Object>();
      kernel->paramNames[i] = p.Get("name").As<Napi::String>().Utf8Value();
      cu2m_param_info& info = kernel->params[i];
      info.kind = u32(p, "kind");
      info.size = info.kind == CU2M_ARG_BUFFER ? static_cast<uint32_t>(sizeof(void*)) : u32(p, "size");
      info.elem_type = u32(p, "elemType");
      info.elem_size = u32(p, "elemSize");
      info.writes = p.Get("writes").ToBoolean().Value() ? 1u : 0u;
      kernel->scalarCodes[i] = u32(p, "scalar");
      if (p.Has("argOffset")) info.arg_offset = u32(p, "argOffset"); // a field of the argument buffer
      if (info.kind != CU2M_ARG_BUFFER && info.size > sizeof(Slot)) info.size = sizeof(Slot); // never over-read a slot
    }
    for (uint32_t i = 0; i < n; ++i) kernel->params[i].name = kernel->paramNames[i].c_str();
    cu2m_kernel_info& info = kernel->info;
    info.name = kernel->name.c_str();
    info.source_file = kernel->sourceFile.c_str();
    info.source_line = u32(desc, "line");
    info.num_params = n;
    info.params = kernel->params.data();
    info.flags = u32(desc, "flags");
    info.static_shared_bytes = 0; // not in the manifest; the backends' own limits still apply
    if (desc.Has("argBufferBytes")) info.arg_buffer_bytes = u32(desc, "argBufferBytes");
    std::string reason;
    if (!module_->findKernel(kernel->name, reason))
      throw cudaError(env, cu2m::err::InvalidDeviceFunction, "kernel " + kernel->name + ": " + reason);
    kernels_.push_back(std::move(kernel));
  }
}

Napi::Value Module::Launch(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const Kernel& kernel = *kernels_.at(info[0].As<Napi::Number>().Uint32Value());
  Napi::Array geometry = info[1].As<Napi::Array>();
  Napi::Array args = info[2].As<Napi::Array>();
  Napi::Array offsets = info[3].As<Napi::Array>();
  auto dim = [&](uint32_t i) { return geometry.Get(i).As<Napi::Number>().Uint32Value(); };
  cu2m::LaunchConfig config;
  config.grid = {dim(0), dim(1), dim(2)};
  config.block = {dim(3), dim(4), dim(5)};
  config.dynamicShared = static_cast<size_t>(geometry.Get(6u).As<Napi::Number>().Int64Value());

  const uint32_t n = kernel.info.num_params;
  std::vector<Slot> slots(n);
  std::vector<void*> pointers(n, nullptr);
  std::vector<void*> argv(n, nullptr);
  Napi::Function bufferClass = addonData(env).bufferClass.Value();
  for (uint32_t i = 0; i < n; ++i) {
    Napi::Value v = args.Get(i);
    if (kernel.params[i].kind == CU2M_ARG_BUFFER) {
      if (!v.IsNull()) {
        // Cheap checks that keep a wrong object from becoming a wild pointer.
        Napi::Object object = v.As<Napi::Object>();
        if (!object.InstanceOf(bufferClass))
          throw Napi::TypeError::New(env, "argument " + std::to_string(i) + " is not a device buffer");
        Buffer* buffer = Buffer::Unwrap(object);
        if (buffer->freed())
          throw cudaError(env, cu2m::err::InvalidValue,
                          "launch of kernel " + kernel.name + ": argument " + std::to_string(i) + " ('" +
                              kernel.paramNames[i] + "') is a freed buffer");
        const size_t offset = static_cast<size_t>(offsets.Get(i).As<Napi::Number>().Int64Value());
        pointers[i] = buffer->address() ? static_cast<char*>(buffer->address()) + offset : nullptr;
      }
      argv[i] = &pointers[i];
    } else {
      pack(kernel.scalarCodes[i], v, slots[i]);
      argv[i] = slots[i].bytes;
    }
  }
  clearDiagnostic();
  check(env, runtime_->launch(kernel.info, config, argv.data(), module_.get()));
  return env.Undefined();
}

} // namespace cu2m_addon

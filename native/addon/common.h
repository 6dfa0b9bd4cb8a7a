// cu2metal native addon: what the per-class files share.
//
// The addon is a thin layer over cu2m::Runtime (native/runtime/runtime.h). Arguments are validated
// by the TypeScript layer (src/api/); the C++ side trusts their types and shapes, and only checks
// what it must to stay memory-safe (a freed buffer, an out-of-range copy).
//
// Runtime errors become instances of the TypeScript CudaError class (src/api/errors.ts), whose
// constructor the TypeScript layer hands to setErrorClass() right after loading the addon.
#ifndef CU2M_ADDON_COMMON_H
#define CU2M_ADDON_COMMON_H

#include <napi.h>

#include <memory>
#include <string>

#include "runtime/runtime.h"

namespace cu2m_addon {

// Per-environment state (Napi::Env::GetInstanceData<AddonData>()).
struct AddonData {
  Napi::FunctionReference deviceClass;
  Napi::FunctionReference bufferClass;
  Napi::FunctionReference moduleClass;
  Napi::FunctionReference errorClass; // CudaError(code, name, message); empty until setErrorClass
};

inline AddonData& addonData(Napi::Env env) { return *env.GetInstanceData<AddonData>(); }

// cudaGetErrorName / cudaGetErrorString of the runtime (errors.cc).
const char* errorName(int code);
const char* errorString(int code);

// Forgets the runtime's last diagnostic of this thread, so that the next error's message is its own.
void clearDiagnostic();

// A CudaError for `code`: the message is the runtime's diagnostic of this thread (from the call that
// just failed), else `fallback`, else cudaGetErrorString's text.
Napi::Error cudaError(Napi::Env env, int code, const std::string& fallback = std::string());

// Throws cudaError(...) unless `code` is cudaSuccess.
inline void check(Napi::Env env, int code, const std::string& fallback = std::string()) {
  if (code != cu2m::err::Success) throw cudaError(env, code, fallback);
}

using RuntimePtr = std::shared_ptr<cu2m::Runtime>;

} // namespace cu2m_addon

#endif // CU2M_ADDON_COMMON_H

// Error names and texts from the runtime's table (native/include/cuda_runtime.h), and CudaError
// construction. Kept apart from the other addon files because cuda_runtime.h defines the CUDA
// qualifier macros (__global__, ...), which napi.h has no business seeing.
#include "common.h"

#include "cuda_runtime.h"

namespace cu2m_addon {

const char* errorName(int code) { return cudaGetErrorName(static_cast<cudaError_t>(code)); }
const char* errorString(int code) { return cudaGetErrorString(static_cast<cudaError_t>(code)); }

void clearDiagnostic() {
  // Runtime::lastDiagnostic() returns this thread's (non-const) thread_local string by const
  // reference and the runtime offers no way to reset it; clearing it here keeps a stale message
  // from being attached to an error whose code path records no diagnostic.
  const_cast<std::string&>(cu2m::Runtime::lastDiagnostic()).clear();
}

Napi::Error cudaError(Napi::Env env, int code, const std::string& fallback) {
  std::string message = cu2m::Runtime::lastDiagnostic();
  if (message.empty()) message = fallback;
  if (message.empty()) message = errorString(code);
  clearDiagnostic();
  AddonData& data = addonData(env);
  if (data.errorClass.IsEmpty()) {
    Napi::Error e = Napi::Error::New(env, message);
    e.Set("code", Napi::Number::New(env, code));
    e.Set("name", Napi::String::New(env, errorName(code)));
    return e;
  }
  Napi::Object e = data.errorClass.Value().New(
      {Napi::Number::New(env, code), Napi::String::New(env, errorName(code)), Napi::String::New(env, message)});
  return Napi::Error(env, e);
}

} // namespace cu2m_addon

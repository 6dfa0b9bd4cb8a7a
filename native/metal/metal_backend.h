// cu2metal Metal backend (macOS): the factory. The implementation is Objective-C++
// (metal_backend.mm, compiled with -fobjc-arc); this header is plain C++ so that the runtime's
// createBackend (native/runtime/cpu_backend.cpp) can include it. See docs/METAL.md.
#ifndef CU2M_METAL_BACKEND_H
#define CU2M_METAL_BACKEND_H

#include <memory>
#include <string>

#include "../runtime/backend.h"

namespace cu2m {

// The Metal backend on the system's default GPU (or the first device whose name contains
// $CU2METAL_METAL_DEVICE). nullptr with a reason in `error` when there is no usable Metal device.
std::unique_ptr<Backend> createMetalBackend(std::string& error);

} // namespace cu2m

#endif // CU2M_METAL_BACKEND_H

// A kernel module that cannot be loaded: it needs a function nothing defines, so dlopen (which
// binds every symbol at load, RTLD_NOW) fails. Every launch must then fail with a CUDA error and
// a message naming the module and dlopen's reason.
#include <stdint.h>

#include "cu2m/abi.h"

extern "C" {
extern const uint32_t cu2m_module_abi_version;
const uint32_t cu2m_module_abi_version = CU2M_ABI_VERSION;
}

void cu2mTestHelperThatDoesNotExist(float* p);

extern "C" const uint32_t cu2m_flags_fill = 0;
extern "C" void cu2m_entry_fill(void* const* args, cu2m_thread_ctx*) {
  cu2mTestHelperThatDoesNotExist(*static_cast<float* const*>(args[0]));
}

// cu2metal CPU scheduler: a minimal fiber switch for x86-64 (System V), used instead of
// Boost.Context for the threads of barrier kernels (native/cpu/scheduler.cpp).
//
// A switch saves the six callee-saved integer registers and the stack pointer, and loads another
// fiber's: nothing else. Boost.Context also saves and restores MXCSR and the x87 control word on
// every switch; the scheduler gives every fiber of a launch the same floating-point environment
// (FpEnv in scheduler.cpp), so they need no saving. Fibers switch directly to the next runnable
// fiber of their block (one switch per thread per barrier, not two through the scheduler).
//
// Not used with --sanitize (AddressSanitizer must be told of each stack switch, which the Boost
// path does) or on other architectures; CU2METAL_LIGHT_FIBERS=0 turns it off.
#ifndef CU2M_CPU_LIGHT_FIBER_H
#define CU2M_CPU_LIGHT_FIBER_H

#include <cstddef>
#include <cstdint>

#if defined(__x86_64__) && defined(__ELF__) && !defined(CU2M_SANITIZE)
#define CU2M_HAVE_LIGHT_FIBERS 1

namespace cu2m {
namespace cpu {

// Saves the current context's stack pointer in *save and continues the context whose stack
// pointer is `load`. Returns when some other context switches back to *save.
extern "C" void cu2m_light_switch(void** save, void* load);
// Where a new context starts: calls r12(rbx).
extern "C" void cu2m_light_trampoline();

// A new context on the stack whose high end is `top`: the first switch to it calls fn(arg) (which
// must never return: it switches away for good instead).
inline void* lightContext(void* top, void (*fn)(void*), void* arg) {
  uintptr_t t = reinterpret_cast<uintptr_t>(top) & ~uintptr_t(15);
  // Saved registers, from the stack pointer up: r15 r14 r13 r12 rbx rbp, then the return address.
  // After the 6 pops and the ret, rsp = t - 16 (16-byte aligned, as at a call).
  auto* sp = reinterpret_cast<uintptr_t*>(t - 72);
  sp[0] = 0;                                       // r15
  sp[1] = 0;                                       // r14
  sp[2] = 0;                                       // r13
  sp[3] = reinterpret_cast<uintptr_t>(fn);         // r12: called by the trampoline
  sp[4] = reinterpret_cast<uintptr_t>(arg);        // rbx: its argument
  sp[5] = 0;                                       // rbp
  sp[6] = reinterpret_cast<uintptr_t>(&cu2m_light_trampoline);
  sp[7] = 0;
  sp[8] = 0;
  return sp;
}

// The two functions above (x86-64 System V, ELF); scheduler.cpp instantiates this once.
#define CU2M_LIGHT_FIBER_ASM                                                                         \
  asm(".text\n.p2align 4\n.globl cu2m_light_switch\n.hidden cu2m_light_switch\n"                  \
      ".type cu2m_light_switch,@function\ncu2m_light_switch:\n"                                     \
      "pushq %rbp\npushq %rbx\npushq %r12\npushq %r13\npushq %r14\npushq %r15\n"                   \
      "movq %rsp,(%rdi)\nmovq %rsi,%rsp\n"                                                          \
      "popq %r15\npopq %r14\npopq %r13\npopq %r12\npopq %rbx\npopq %rbp\nret\n"                    \
      ".size cu2m_light_switch,.-cu2m_light_switch\n"                                               \
      ".p2align 4\n.globl cu2m_light_trampoline\n.hidden cu2m_light_trampoline\n"                  \
      ".type cu2m_light_trampoline,@function\ncu2m_light_trampoline:\n"                             \
      "movq %rbx,%rdi\ncallq *%r12\nud2\n"                                                         \
      ".size cu2m_light_trampoline,.-cu2m_light_trampoline\n")

} // namespace cpu
} // namespace cu2m

#endif
#endif // CU2M_CPU_LIGHT_FIBER_H

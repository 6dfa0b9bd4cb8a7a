// Integer division by zero as a GPU does it; see divzero.h.
#include "divzero.h"

#include <signal.h>

#include <cstring>
#include <mutex>

#if defined(__x86_64__) && (defined(__linux__) || defined(__APPLE__))
#define CU2M_DIVZERO_MODEL 1
#include <ucontext.h>
#endif

namespace cu2m {
namespace cpu {

bool decodeDiv(const uint8_t* code, size_t avail, DivInstruction& out) {
  DivInstruction d;
  size_t i = 0;
  bool opsize = false;
  auto next = [&](uint8_t& b) {
    if (i >= avail || i >= 15) return false;
    b = code[i++];
    return true;
  };
  uint8_t b = 0;
  for (;;) { // legacy prefixes
    if (!next(b)) return false;
    if (b == 0x66) opsize = true;
    else if (b == 0x64) d.segment = 1;
    else if (b == 0x65) d.segment = 2;
    else if (b == 0x2E || b == 0x36 || b == 0x3E || b == 0x26 || b == 0xF2 || b == 0xF3) continue;
    else if (b == 0x67 || b == 0xF0) return false; // 32-bit addressing; LOCK is invalid here
    else break;
  }
  uint8_t rex = 0;
  if ((b & 0xF0) == 0x40) {
    rex = b;
    if (!next(b)) return false;
  }
  if (b != 0xF6 && b != 0xF7) return false;
  const uint8_t op = b;
  uint8_t modrm = 0;
  if (!next(modrm)) return false;
  const unsigned mod = modrm >> 6, regField = (modrm >> 3) & 7, rm = modrm & 7;
  if (regField != 6 && regField != 7) return false;
  d.isSigned = regField == 7;
  d.width = op == 0xF6 ? 1 : (rex & 8) ? 8 : opsize ? 2 : 4;
  const int rexB = (rex & 1) << 3, rexX = (rex & 2) << 2;
  auto readDisp = [&](unsigned bytes) {
    uint8_t v[4] = {0, 0, 0, 0};
    for (unsigned k = 0; k < bytes; ++k)
      if (!next(v[k])) return false;
    if (bytes == 1) d.disp = static_cast<int8_t>(v[0]);
    else d.disp = static_cast<int32_t>(static_cast<uint32_t>(v[0]) | (static_cast<uint32_t>(v[1]) << 8) |
                                       (static_cast<uint32_t>(v[2]) << 16) | (static_cast<uint32_t>(v[3]) << 24));
    return true;
  };
  if (mod == 3) {
    d.inRegister = true;
    d.reg = static_cast<int>(rm) | rexB;
    if (d.width == 1 && rex == 0 && rm >= 4) {
      d.highByte = true;
      d.reg = static_cast<int>(rm) - 4;
    }
  } else {
    if (rm == 4) {
      uint8_t sib = 0;
      if (!next(sib)) return false;
      d.scale = 1u << (sib >> 6);
      const int index = ((sib >> 3) & 7) | rexX;
      d.index = index == 4 ? -1 : index;
      if ((sib & 7) == 5 && mod == 0) {
        d.base = -1;
        if (!readDisp(4)) return false;
      } else {
        d.base = (sib & 7) | rexB;
      }
    } else if (rm == 5 && mod == 0) {
      d.base = 16;
      if (!readDisp(4)) return false;
    } else {
      d.base = static_cast<int>(rm) | rexB;
    }
    if (mod == 1 && !readDisp(1)) return false;
    if (mod == 2 && !readDisp(4)) return false;
  }
  d.length = static_cast<unsigned>(i);
  out = d;
  return true;
}

void gpuDivide(const DivInstruction& d, uint64_t divisor, uint64_t& rax, uint64_t& rdx) {
  switch (d.width) {
    case 8: {
      if (divisor == 0) {
        rax = rdx = rax < (uint64_t{1} << 32) ? 0xffffffffu : ~uint64_t{0};
        return;
      }
      const unsigned __int128 u = (static_cast<unsigned __int128>(rdx) << 64) | rax;
      if (d.isSigned) { // INT64_MIN / -1 (the only overflow C code produces): wraps to INT64_MIN
        const __int128 n = static_cast<__int128>(u), m = static_cast<int64_t>(divisor);
        rax = static_cast<uint64_t>(static_cast<unsigned __int128>(n / m));
        rdx = static_cast<uint64_t>(static_cast<unsigned __int128>(n % m));
      } else {
        rax = static_cast<uint64_t>(u / divisor);
        rdx = static_cast<uint64_t>(u % divisor);
      }
      return;
    }
    case 4: {
      const uint32_t m = static_cast<uint32_t>(divisor);
      uint32_t q = 0xffffffffu, r = 0xffffffffu;
      if (m != 0) {
        const uint64_t u = (static_cast<uint64_t>(static_cast<uint32_t>(rdx)) << 32) | static_cast<uint32_t>(rax);
        if (d.isSigned) {
          const __int128 n = static_cast<int64_t>(u), s = static_cast<int32_t>(m);
          q = static_cast<uint32_t>(static_cast<uint64_t>(n / s));
          r = static_cast<uint32_t>(static_cast<uint64_t>(n % s));
        } else {
          q = static_cast<uint32_t>(u / m);
          r = static_cast<uint32_t>(u % m);
        }
      }
      rax = q; // 32-bit results clear the upper halves
      rdx = r;
      return;
    }
    case 2: {
      const uint16_t m = static_cast<uint16_t>(divisor);
      uint16_t q = 0xffff, r = 0xffff;
      if (m != 0) {
        const uint32_t u = (static_cast<uint32_t>(static_cast<uint16_t>(rdx)) << 16) | static_cast<uint16_t>(rax);
        if (d.isSigned) {
          const int64_t n = static_cast<int32_t>(u), s = static_cast<int16_t>(m);
          q = static_cast<uint16_t>(n / s);
          r = static_cast<uint16_t>(n % s);
        } else {
          q = static_cast<uint16_t>(u / m);
          r = static_cast<uint16_t>(u % m);
        }
      }
      rax = (rax & ~uint64_t{0xffff}) | q;
      rdx = (rdx & ~uint64_t{0xffff}) | r;
      return;
    }
    default: {
      const uint8_t m = static_cast<uint8_t>(divisor);
      uint8_t q = 0xff, r = 0xff;
      if (m != 0) {
        const uint16_t u = static_cast<uint16_t>(rax);
        if (d.isSigned) {
          const int32_t n = static_cast<int16_t>(u), s = static_cast<int8_t>(m);
          q = static_cast<uint8_t>(n / s);
          r = static_cast<uint8_t>(n % s);
        } else {
          q = static_cast<uint8_t>(u / m);
          r = static_cast<uint8_t>(u % m);
        }
      }
      rax = (rax & ~uint64_t{0xffff}) | (static_cast<uint64_t>(r) << 8) | q;
      return;
    }
  }
}

namespace {

thread_local bool tRunningKernel = false;

#ifdef CU2M_DIVZERO_MODEL
struct sigaction gPrevious {};

#if defined(__linux__)
uint64_t* regAt(ucontext_t* uc, int n) {
  static const int kMap[16] = {REG_RAX, REG_RCX, REG_RDX, REG_RBX, REG_RSP, REG_RBP, REG_RSI, REG_RDI,
                               REG_R8,  REG_R9,  REG_R10, REG_R11, REG_R12, REG_R13, REG_R14, REG_R15};
  return reinterpret_cast<uint64_t*>(&uc->uc_mcontext.gregs[kMap[n]]);
}
uint64_t* ripOf(ucontext_t* uc) { return reinterpret_cast<uint64_t*>(&uc->uc_mcontext.gregs[REG_RIP]); }
bool segmentBase(int segment, uint64_t& base) {
  if (segment != 1) return false;
  // glibc keeps the thread control block's own address at %fs:0.
  __asm__ volatile("movq %%fs:0, %0" : "=r"(base));
  return true;
}
#else // macOS x86_64
uint64_t* regAt(ucontext_t* uc, int n) {
  auto& s = uc->uc_mcontext->__ss;
  uint64_t* const kMap[16] = {&s.__rax, &s.__rcx, &s.__rdx, &s.__rbx, &s.__rsp, &s.__rbp, &s.__rsi, &s.__rdi,
                              &s.__r8,  &s.__r9,  &s.__r10, &s.__r11, &s.__r12, &s.__r13, &s.__r14, &s.__r15};
  return kMap[n];
}
uint64_t* ripOf(ucontext_t* uc) { return &uc->uc_mcontext->__ss.__rip; }
bool segmentBase(int, uint64_t&) { return false; }
#endif

bool emulate(ucontext_t* uc) {
  uint64_t* rip = ripOf(uc);
  DivInstruction d;
  if (!decodeDiv(reinterpret_cast<const uint8_t*>(*rip), 15, d)) return false;
  uint64_t divisor = 0;
  if (d.inRegister) {
    const uint64_t v = *regAt(uc, d.reg);
    divisor = d.highByte ? (v >> 8) & 0xff : v;
  } else {
    uint64_t address = static_cast<uint64_t>(d.disp);
    if (d.base == 16) address += *rip + d.length;
    else if (d.base >= 0) address += *regAt(uc, d.base);
    if (d.index >= 0) address += *regAt(uc, d.index) * d.scale;
    if (d.segment != 0) {
      uint64_t base = 0;
      if (!segmentBase(d.segment, base)) return false;
      address += base;
    }
    std::memcpy(&divisor, reinterpret_cast<const void*>(address), d.width);
  }
  gpuDivide(d, divisor, *regAt(uc, 0), *regAt(uc, 2));
  *rip += d.length;
  return true;
}

void onFpe(int, siginfo_t*, void* context) {
  if (tRunningKernel && emulate(static_cast<ucontext_t*>(context))) return;
  // Not a kernel's integer division: the previous disposition (the default: the program ends
  // with SIGFPE) takes the re-executed fault.
  sigaction(SIGFPE, &gPrevious, nullptr);
}
#endif

} // namespace

void ensureDivisionModel() {
#ifdef CU2M_DIVZERO_MODEL
  static std::once_flag once;
  std::call_once(once, [] {
    struct sigaction old {};
    if (sigaction(SIGFPE, nullptr, &old) != 0 || (old.sa_flags & SA_SIGINFO) || old.sa_handler != SIG_DFL) return;
    gPrevious = old;
    struct sigaction sa {};
    sa.sa_sigaction = onFpe;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGFPE, &sa, nullptr);
  });
#endif
}

void setRunningKernel(bool on) { tRunningKernel = on; }

} // namespace cpu
} // namespace cu2m

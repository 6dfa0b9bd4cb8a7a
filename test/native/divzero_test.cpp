// The integer-division model of the CPU engine (native/cpu/divzero.h): the decoder on hand-made
// encodings, and the SIGFPE handler on real DIV/IDIV instructions with each operand form.
#include <climits>
#include <cstdint>
#include <cstdio>

#include "cpu/divzero.h"

using cu2m::cpu::DivInstruction;
using cu2m::cpu::decodeDiv;

static int passed = 0, failed = 0;
#define CHECK(c)                                                    \
  do {                                                              \
    if (c) ++passed;                                                \
    else {                                                          \
      ++failed;                                                     \
      std::printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #c);      \
    }                                                               \
  } while (0)

static void decoding() {
  DivInstruction d;
  const uint8_t idivRcx[] = {0x48, 0xF7, 0xF9}; // idiv rcx
  CHECK(decodeDiv(idivRcx, sizeof idivRcx, d) && d.length == 3 && d.width == 8 && d.isSigned && d.inRegister && d.reg == 1);
  const uint8_t divR9d[] = {0x41, 0xF7, 0xF1}; // div r9d
  CHECK(decodeDiv(divR9d, sizeof divR9d, d) && d.width == 4 && !d.isSigned && d.reg == 9);
  const uint8_t divCh[] = {0xF6, 0xF5}; // div ch
  CHECK(decodeDiv(divCh, sizeof divCh, d) && d.width == 1 && d.highByte && d.reg == 1);
  const uint8_t divSil[] = {0x40, 0xF6, 0xF6}; // div sil (REX: not a high byte)
  CHECK(decodeDiv(divSil, sizeof divSil, d) && d.width == 1 && !d.highByte && d.reg == 6);
  const uint8_t divCx[] = {0x66, 0xF7, 0xF1}; // div cx
  CHECK(decodeDiv(divCx, sizeof divCx, d) && d.width == 2 && d.length == 3);
  const uint8_t sib[] = {0x42, 0xF7, 0x7C, 0x8E, 0x10}; // idiv dword [rsi + r9*4 + 0x10]
  CHECK(decodeDiv(sib, sizeof sib, d) && d.length == 5 && !d.inRegister && d.base == 6 && d.index == 9 && d.scale == 4 && d.disp == 0x10);
  const uint8_t rip[] = {0x48, 0xF7, 0x35, 0xF0, 0xFF, 0xFF, 0xFF}; // div qword [rip - 16]
  CHECK(decodeDiv(rip, sizeof rip, d) && d.length == 7 && d.base == 16 && d.disp == -16);
  const uint8_t fs[] = {0x64, 0xF7, 0x3C, 0x25, 0xFC, 0xFF, 0xFF, 0xFF}; // idiv dword fs:[-4]
  CHECK(decodeDiv(fs, sizeof fs, d) && d.length == 8 && d.segment == 1 && d.base == -1 && d.index == -1 && d.disp == -4);
  const uint8_t mul[] = {0xF7, 0xE1}; // mul ecx: not a division
  CHECK(!decodeDiv(mul, sizeof mul, d));
  CHECK(!decodeDiv(idivRcx, 2, d)); // truncated
}

#if defined(__x86_64__) && defined(__linux__)
extern "C" {
__thread int cu2mTestTlsZero = 0;
int cu2mTestZero32 = 0;
}

static void trapping() {
  cu2m::cpu::ensureDivisionModel();
  cu2m::cpu::setRunningKernel(true);
  {
    int eax = 7, edx = 0, zero = 0;
    __asm__ volatile("cltd\n\tidivl %2" : "+a"(eax), "+d"(edx) : "r"(zero));
    CHECK(eax == -1 && edx == -1);
  }
  {
    int eax = INT_MIN, edx = 0, m1 = -1;
    __asm__ volatile("cltd\n\tidivl %2" : "+a"(eax), "+d"(edx) : "r"(m1));
    CHECK(eax == INT_MIN && edx == 0);
  }
  {
    unsigned eax = 9, edx = 0;
    __asm__ volatile("divl cu2mTestZero32(%%rip)" : "+a"(eax), "+d"(edx));
    CHECK(eax == 0xffffffffu && edx == 0xffffffffu);
  }
  {
    int eax = -5, edx = 0;
    __asm__ volatile("cltd\n\tidivl %%fs:cu2mTestTlsZero@tpoff" : "+a"(eax), "+d"(edx));
    CHECK(eax == -1 && edx == -1);
  }
  {
    const uint32_t zeros[4] = {0, 0, 0, 0};
    unsigned eax = 3, edx = 0;
    long idx = 2;
    __asm__ volatile("divl 4(%2,%3,4)" : "+a"(eax), "+d"(edx) : "r"(zeros), "r"(idx) : "memory");
    CHECK(eax == 0xffffffffu && edx == 0xffffffffu);
  }
  {
    uint64_t rax = 7, rdx = 0, zero = 0;
    __asm__ volatile("divq %2" : "+a"(rax), "+d"(rdx) : "r"(zero));
    CHECK(rax == 0xffffffffu && rdx == 0xffffffffu);
    rax = uint64_t{1} << 40;
    rdx = 0;
    __asm__ volatile("divq %2" : "+a"(rax), "+d"(rdx) : "r"(zero));
    CHECK(rax == ~uint64_t{0} && rdx == ~uint64_t{0});
  }
  {
    uint64_t rax = 0x1234000000000000ull | 200, rdx = 0xabcd;
    __asm__ volatile("movb $0, %%ch\n\tdivb %%ch" : "+a"(rax), "+d"(rdx) : : "rcx");
    CHECK(rax == (0x1234000000000000ull | 0xffff) && rdx == 0xabcd);
  }
  {
    uint64_t rax = 0x7777000000000005ull, rdx = 0x5555000000000000ull;
    __asm__ volatile("xorl %%ecx, %%ecx\n\tdivw %%cx" : "+a"(rax), "+d"(rdx) : : "rcx");
    CHECK(rax == 0x777700000000ffffull && rdx == 0x555500000000ffffull);
  }
  cu2m::cpu::setRunningKernel(false);
}
#endif

int main() {
  decoding();
#if defined(__x86_64__) && defined(__linux__)
  trapping();
#endif
  std::printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}

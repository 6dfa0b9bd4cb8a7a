// Integer division by zero as a GPU does it. On the GPU it does not trap: CUDA on NVIDIA (measured
// on an H200, CUDA 13.0) gives, for 32-bit and narrower (promoted) operands, quotient and
// remainder with every bit set (-1 signed, 0xffffffff unsigned); for 64-bit operands 0xffffffff
// when the dividend (as 64 bits) is below 2^32 and every bit set otherwise (the 64-bit division
// routine takes a 32-bit path for small operands). INT_MIN / -1 gives INT_MIN, remainder 0.
//
// x86 raises #DE (SIGFPE) for both. While the CPU engine runs kernel code, a SIGFPE handler
// decodes the faulting DIV/IDIV at the instruction pointer, writes the GPU's results into
// RAX/RDX (AL/AH, AX/DX, EAX/EDX as the operand size says) and resumes after the instruction.
// Outside kernels (host code) the fault keeps its default action. Other architectures (arm64)
// do not trap: there the hardware gives 0 for a division by zero and the remainder is the dividend.
#ifndef CU2M_CPU_DIVZERO_H
#define CU2M_CPU_DIVZERO_H

#include <cstddef>
#include <cstdint>

namespace cu2m {
namespace cpu {

// A decoded DIV/IDIV (opcode F6 /6 /7, F7 /6 /7).
struct DivInstruction {
  unsigned length = 0;   // bytes, prefixes included
  unsigned width = 0;    // operand bytes: 1, 2, 4 or 8
  bool isSigned = false; // IDIV
  // The divisor: a register (mod = 3) or memory at seg:[base + index * scale + disp].
  bool inRegister = false;
  int reg = -1;          // register number 0-15 (RAX..R15); for width 1 without REX, 4-7 are AH..BH
  bool highByte = false; // AH, CH, DH, BH
  int base = -1;         // -1: none; 16: RIP (address relative to the next instruction)
  int index = -1;
  unsigned scale = 1;
  int64_t disp = 0;
  int segment = 0;       // 0: none (flat), 1: FS, 2: GS
};

// Decodes the instruction at `code` (up to `avail` bytes); false if it is not a DIV/IDIV this
// model handles (32-bit addressing, an unknown prefix).
bool decodeDiv(const uint8_t* code, size_t avail, DivInstruction& out);

// The GPU's quotient and remainder for a division that trapped, given the dividend registers
// (RDX:RAX as the instruction reads them) and the divisor; writes RAX and RDX as the
// instruction would have (bits it does not write are kept).
void gpuDivide(const DivInstruction& d, uint64_t divisor, uint64_t& rax, uint64_t& rdx);

// Installs the SIGFPE handler once per process (unless the program has its own).
void ensureDivisionModel();

// Marks the calling OS thread as running kernel code (the handler only rewrites faults there).
void setRunningKernel(bool on);

} // namespace cpu
} // namespace cu2m

#endif // CU2M_CPU_DIVZERO_H

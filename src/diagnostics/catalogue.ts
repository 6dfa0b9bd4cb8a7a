// The diagnostics catalogue: every diagnostic cu2metal prints has a stable code, a severity and a
// hint. Codes never change meaning; docs/diagnostics.md is generated from this table.

export type Severity = 'error' | 'warning' | 'note';

export interface DiagnosticKind {
  readonly code: string;
  readonly severity: Severity;
  readonly title: string;
  readonly hint: string;
}

function kinds<T extends Record<string, Omit<DiagnosticKind, 'code'>>>(
  table: T,
): { [K in keyof T]: DiagnosticKind } {
  const out: Record<string, DiagnosticKind> = {};
  for (const [code, k] of Object.entries(table)) out[code] = { code, ...k };
  return out as { [K in keyof T]: DiagnosticKind };
}

export const D = kinds({
  C2M0001: { severity: 'error', title: 'syntax error', hint: 'cu2metal could not parse the marked code; if it is valid CUDA, the CUDA grammar does not know this construct yet (please report it)' },
  C2M0003: { severity: 'warning', title: 'host code not understood', hint: 'tree-sitter could not parse this host code (often #if branches that split a statement); it goes to the host compiler unchanged, so a kernel launch inside it would not be rewritten' },
  C2M0004: { severity: 'error', title: 'nesting too deep', hint: 'cu2metal translates code nested at most 1,000 levels deep (each bracket, brace, else-if or binary operator of a chain is a level); split the expression or block into smaller ones, e.g. with temporaries or helper functions' },
  C2M0002: { severity: 'error', title: 'cannot read input', hint: 'check the path and that the file is readable' },
  C2M0005: { severity: 'warning', title: 'source included by another source', hint: 'a .cu file that another .cu file of the command line #includes is compiled as part of that file only (nvcc would compile it a second time on its own); leave it off the command line to silence this' },
  C2M1001: { severity: 'error', title: 'unsupported construct in device code', hint: 'this CUDA feature is not translated yet; see docs/support-matrix.md' },
  C2M1002: { severity: 'error', title: 'call to a function with no Metal equivalent', hint: 'device code may call __device__ functions of this file and the functions listed in docs/support-matrix.md' },
  C2M1003: { severity: 'error', title: 'double precision device code that cannot be translated', hint: 'by default double is IEEE binary64 in software (exact: + - * / sqrt fma, conversions, comparisons, fabs/fmin/fmax/floor/ceil/trunc/round/rint/copysign/ldexp/fmod/frexp/modf/ilogb/nextafter; exp and log within 2 ulp; pow, sin/cos/tan/sinpi/cospi, atan/atan2/asin/acos, sinh/cosh/tanh/asinh/acosh/atanh, exp2/exp10/expm1/log2/log10/log1p, rsqrt, cbrt, hypot, rhypot, norm3d/norm4d/rnorm3d/rnorm4d, norm/rnorm of an array, erf, erfc, erfinv, erfcinv, normcdf, normcdfinv, tgamma, lgamma of x > 0 within 1 ulp measured; j0, j1, y0, y1, jn, yn, cyl_bessel_i0, cyl_bessel_i1 within the CUDA bounds; remainder, remquo, scalbn, logb, lrint, lround and the directed-rounding intrinsics (__dadd_rd...) exact); double atomicAdd runs under a per-address lock (MSL 3.2), other double atomics do not exist in CUDA. --double=float computes double in float (fast, results differ in the last bits); --double=error refuses double' },
  C2M1004: { severity: 'warning', title: 'double demoted to float', hint: 'this code computes in single precision (--double=float); without the flag, double is exact in software' },
  C2M1005: { severity: 'error', title: 'cannot infer the address space of a pointer', hint: 'initialise the pointer from a kernel parameter, a __shared__ array or a local array so its memory is known' },
  C2M1006: { severity: 'error', title: 'unsupported kernel parameter type', hint: 'kernel parameters may be pointers to arithmetic/vector/struct types, or arithmetic/vector/struct values' },
  C2M1007: { severity: 'error', title: '__shared__ memory outside a kernel', hint: 'Metal allows threadgroup memory only at kernel scope: a helper\'s static __shared__ is declared by each kernel that calls it (name a template\'s arguments at the call)' },
  C2M1008: { severity: 'error', title: 'host variable in device code', hint: 'device code cannot read host memory: pass the value as a kernel parameter, or declare the variable __constant__ or __device__ and fill it with cudaMemcpyToSymbol' },
  C2M1009: { severity: 'error', title: 'header not found', hint: 'add the folder that holds it with -I <dir> (headers of the program are inlined into the Metal source)' },
  C2M1010: { severity: 'error', title: 'kernel template', hint: 'a kernel template is translated where its definition is in this .cu file or a header it includes' },
  C2M1011: { severity: 'error', title: 'too many kernel buffers', hint: 'Metal binds at most 31 buffers per kernel; the parameters already share one argument buffer: use fewer __constant__/__device__ variables in this kernel (a struct of them is one buffer)' },
  C2M1012: { severity: 'error', title: 'too much threadgroup memory', hint: 'Apple GPUs give a threadgroup 32 KB (static + dynamic); use smaller tiles or fewer/narrower arrays' },
  C2M1013: { severity: 'warning', title: 'vector operator left to Metal', hint: "Metal's vector types have elementwise operators built in, so the program's own is not emitted; if it is not elementwise (a dot product, say), give it a function name" },
  C2M1014: { severity: 'warning', title: 'unused device function left out', hint: 'nothing in this file calls it from device code; if another file does, make what it needs translatable (see docs/support-matrix.md)' },
  C2M1015: { severity: 'error', title: 'recursion in device code', hint: 'Metal has no recursion (a GPU thread has no call stack); rewrite it as a loop, with an explicit stack in a local array where the recursion branches' },
  C2M1016: { severity: 'warning', title: 'assert in an operator or copy constructor not checked', hint: 'an operator or copy constructor is called without its name, so it cannot take the printf buffer and built-ins an assert needs: the assert is left out of the MSL (the cuda-cpu reference still checks it); move the check into a named member or helper to keep it' },
  C2M1017: { severity: 'warning', title: 'a thread returns before a barrier', hint: "CUDA lets a thread return while the others of its block go on to __syncthreads(); Metal requires every thread of a threadgroup to reach each barrier. cu2metal keeps such threads alive with a flag (docs/DESIGN.md, early returns) except where the warning says why it cannot: there the kernel is kept as written (msl-cpu stops with an error if it happens). Move the return after the last barrier, or make the named condition or helper independent of it" },
  C2M1018: { severity: 'warning', title: 'threads leave a loop with barriers at different times', hint: "CUDA lets threads leave a loop (or skip an if) that contains __syncthreads() after different trip counts and end the kernel: an exited thread counts as arrived. Metal requires every thread of a threadgroup to reach each barrier, so cu2metal makes such loops block-uniform (docs/DESIGN.md, barrier loops) except where the warning says why it cannot: there the kernel is kept as written (msl-cpu stops with an error if the threads do diverge). Make the loop's trip count the same for the whole block, or remove the named construct" },
  C2M1019: { severity: 'error', title: 'grid-wide synchronisation that cannot be split', hint: "Metal has no grid-wide barrier: cu2metal splits a kernel at each grid.sync() written at the top level of its body (or of a for or while loop there, or of an if there whose condition every thread evaluates alike; a __device__ function that syncs, called as a statement, is inlined) into kernels the runtime launches one after the other (docs/DESIGN.md, grid-wide synchronisation), saving the thread's locals that live across it. What the message names cannot live across a part boundary: move it, or recompute it after the sync" },
  C2M1020: { severity: 'warning', title: 'API removed in CUDA 13', hint: 'cu2metal still translates it, but nvcc 13 (CCCL 3) no longer builds it: write the replacement named in the message (docs/support-matrix.md, "Removed in CUDA 13")' },
  C2M2001: { severity: 'error', title: 'unsupported launch syntax', hint: 'launch kernels of this file with kernel<<<grid, block[, shmem[, stream]]>>>(args)' },
  C2M2002: { severity: 'error', title: 'launch of an unknown kernel', hint: 'the launched name is not a __global__ function declared or defined in this file (a prototype is enough when another .cu of the program defines it)' },
  C2M2003: { severity: 'error', title: 'CUDA runtime function not supported', hint: 'see the runtime API table in docs/support-matrix.md for what the cu2metal runtime provides' },
  C2M2004: { severity: 'error', title: 'CUDA library not provided', hint: 'cu2metal provides the CUDA runtime API (see docs/support-matrix.md) with its own cuda.h, cuda_fp16.h, cuda_bf16.h and cooperative_groups.h, CUB\'s block and warp collectives, Thrust\'s host-called algorithms (which run on the host, so not in device code), the handle API of cuBLAS and the matmul of cuBLASLt (cublas_v2.h, cublasLt.h: the functions of the cuBLAS table), cuSPARSE (cusparse.h: the functions of the cuSPARSE table), cuRAND (curand.h, curand_kernel.h) and the warp matrix functions (mma.h: nvcuda::wmma without the experimental sub-byte types); the other CUDA libraries (cuFFT, cuSOLVER, NPP, NVRTC, the rest of CUB and Thrust ...) and the driver API are not: replace those calls with kernels and runtime calls of the program' },
  C2M3001: { severity: 'error', title: 'build failed', hint: 'the generated code did not compile; the messages above point at the lines' },
  C2M3002: { severity: 'error', title: 'program failed', hint: 'the translated program exited abnormally' },
  C2M4001: { severity: 'error', title: 'outputs differ', hint: 'the translated program and the reference produced different device→host copies' },
});

export type DiagnosticCode = keyof typeof D;

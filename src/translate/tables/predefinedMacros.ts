// Macros the preprocessor (src/parse/preprocess.ts) starts with: nvcc's predefined macros and the
// ones the CUDA/C headers define that programs use without defining them. Data only; documented in
// docs/support-matrix.md (`npm run docs`).

export interface PredefinedMacro {
  /** `NAME value` or `NAME(params) value`, as after #define. */
  readonly def: string;
  /** Expanded in the translator's text (else it only counts in #if). */
  readonly expand: boolean;
  readonly note: string;
  /**
   * Also defined (-D) when the host program and the cuda-cpu module are compiled: nvcc defines it in
   * its host pass as in its device passes, and programs choose their CUDA code path with it
   * (`#if defined __CUDACC__ ... #else <sycl/sycl.hpp>`).
   */
  readonly everyCompile?: boolean;
}

/**
 * Macros nvcc and the CUDA/C headers define, from their documented definitions. `expand: true`:
 * expanded in the text for the translator (tree-sitter cannot parse the use, or the translator
 * needs the value); the others only count in `#if`. Values are those of CUDA 12.0 on Linux x86-64
 * with the host compiler in C++17 mode (CUDART_VERSION matches native/include/cuda_runtime.h).
 */
export const PREDEFINED_MACROS: readonly PredefinedMacro[] = [
  { def: '__CUDACC__ 1', expand: false, everyCompile: true, note: 'nvcc is compiling CUDA' },
  { def: '__NVCC__ 1', expand: false, everyCompile: true, note: 'the compiler is nvcc' },
  { def: '__CUDACC_VER_MAJOR__ 12', expand: false, everyCompile: true, note: 'CUDA 12.0' },
  { def: '__CUDACC_VER_MINOR__ 0', expand: false, everyCompile: true, note: 'CUDA 12.0' },
  { def: '__CUDACC_VER_BUILD__ 0', expand: false, everyCompile: true, note: 'CUDA 12.0' },
  { def: 'CUDART_VERSION 12000', expand: false, note: 'cuda_runtime_api.h' },
  { def: '__CUDA_API_VERSION 12000', expand: false, note: 'cuda.h' },
  { def: 'CUDA_VERSION 12000', expand: false, note: 'cuda.h' },
  { def: '__cplusplus 201703L', expand: false, note: 'C++17 (the host program is compiled with -std=c++17)' },
  { def: '__STDC_HOSTED__ 1', expand: false, note: 'hosted implementation' },
  { def: '__GNUC__ 4', expand: false, note: 'the host compiler is clang, which reports GCC 4.2 compatibility' },
  { def: '__GNUC_MINOR__ 2', expand: false, note: 'as clang defines it' },
  { def: '__GNUG__ 4', expand: false, note: 'C++ with GCC extensions, as clang defines it (`#elif defined(__GNUG__)` picks the GCC attribute spellings)' },
  { def: '__clang__ 1', expand: false, note: 'the host compiler and the Metal compiler are clang' },
  { def: '__CHAR_BIT__ 8', expand: false, note: 'bits per char' },
  { def: '__SIZEOF_POINTER__ 8', expand: false, note: '64-bit' },
  { def: '__SIZEOF_LONG__ 8', expand: false, note: 'LP64' },
  { def: '__LP64__ 1', expand: false, note: 'LP64' },
  { def: '__align__(n) __attribute__((aligned(n)))', expand: true, note: 'host_defines.h' },
  { def: '__builtin_align__(a) __align__(a)', expand: true, note: 'host_defines.h' },
  { def: '__cudart_builtin__', expand: true, note: 'host_defines.h (empty outside the CUDA headers)' },
  { def: '__grid_constant__', expand: true, note: 'host_defines.h: a read-only kernel parameter (CUDA 11.7); Metal binds scalars as constant references, which are read-only' },
  { def: '__device_builtin__', expand: true, note: 'host_defines.h (empty outside the CUDA headers)' },
  { def: 'CUDART_CB', expand: true, note: 'cuda_runtime_api.h: stream callback calling convention (empty on Linux)' },
  { def: 'CUDARTAPI', expand: true, note: 'cuda_runtime_api.h: calling convention (empty on Linux)' },
  { def: 'CUDAAPI', expand: true, note: 'cuda.h: calling convention (empty on Linux)' },
  { def: '__restrict __restrict__', expand: true, note: "GCC's other spelling of __restrict__ (tree-sitter knows only __restrict__)" },
  { def: '__const__ const', expand: true, note: "GCC's other spelling of const" },
  { def: 'INT8_C(c) c', expand: true, note: 'stdint.h' },
  { def: 'INT16_C(c) c', expand: true, note: 'stdint.h' },
  { def: 'INT32_C(c) c', expand: true, note: 'stdint.h' },
  { def: 'INT64_C(c) c ## L', expand: true, note: 'stdint.h (LP64)' },
  { def: 'UINT8_C(c) c', expand: true, note: 'stdint.h' },
  { def: 'UINT16_C(c) c', expand: true, note: 'stdint.h' },
  { def: 'UINT32_C(c) c ## U', expand: true, note: 'stdint.h' },
  { def: 'UINT64_C(c) c ## UL', expand: true, note: 'stdint.h (LP64)' },
  { def: 'INTMAX_C(c) c ## L', expand: true, note: 'stdint.h (LP64)' },
  { def: 'UINTMAX_C(c) c ## UL', expand: true, note: 'stdint.h (LP64)' },
];

/** The -D arguments of the macros nvcc defines in every pass (`everyCompile`), for clang++. */
export const nvccCompileDefines = (): string[] =>
  PREDEFINED_MACROS.filter((m) => m.everyCompile).map((m) => {
    const [name, ...value] = m.def.split(' ');
    return `-D${name}=${value.join(' ')}`;
  });

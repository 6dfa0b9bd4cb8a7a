// Type names device code may use without defining them: MSL has them (or our passes map them).
// Data only. Any other type name that the file does not define itself is diagnosed: it comes from
// a header cu2metal does not translate (a CUDA library, cooperative groups, ...), and the MSL would
// not compile.
// CUDA's 1-component vectors (float1, ...) have no MSL spelling: tables/moreTypes.ts defines them.
const VECTOR_BASES = ['char', 'uchar', 'short', 'ushort', 'int', 'uint', 'long', 'ulong', 'float', 'longlong', 'ulonglong'];

export const KNOWN_DEVICE_TYPES: ReadonlySet<string> = new Set([
  'uint', 'ushort', 'uchar', 'ulong', 'size_t', 'ptrdiff_t',
  'int8_t', 'uint8_t', 'int16_t', 'uint16_t', 'int32_t', 'uint32_t', 'int64_t', 'uint64_t',
  'dim3',
  ...VECTOR_BASES.flatMap((b) => [2, 3, 4].map((n) => `${b}${n}`)),
  'half', 'half2', // cuda_fp16.h's typedefs: Metal's own names
]);

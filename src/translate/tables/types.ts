// CUDA type names → MSL type names. Data only.
import { SOFT_DOUBLE_VECTORS } from './double';
import { COMPLEX_TYPE_RENAMES } from './moreTypes';
import { STD_SCALAR_TYPES } from './stdNames';

/** Types whose spelling changes in MSL (anywhere in device code). */
export const TYPE_RENAMES: ReadonlyMap<string, string> = new Map([
  ['long long', 'long'],
  ['long long int', 'long'],
  ['signed long long', 'long'],
  ['unsigned long long', 'ulong'],
  ['unsigned long long int', 'ulong'],
  ['longlong2', 'long2'],
  ['longlong3', 'long3'],
  ['longlong4', 'long4'],
  ['ulonglong2', 'ulong2'],
  ['ulonglong3', 'ulong3'],
  ['ulonglong4', 'ulong4'],
  ['dim3', 'uint3'],
  ['clock_t', 'long'], // clock(): 64-bit on the CUDA host (Linux), long in MSL
  ['cudaStream_t', 'ulong'], // device-side streams of dynamic parallelism: a value the launch record carries (deviceLaunch.ts)
  ['cudaError_t', 'int'],
  ['ssize_t', 'long'], // POSIX <sys/types.h>: 64-bit on the CUDA host (Linux); Metal has no ssize_t
  ['__half', 'half'], // cuda_fp16.h: binary16, 2 bytes in both
  ['__half2', 'half2'],
  ['__nv_bfloat16', 'bfloat'], // cuda_bf16.h: Metal's bfloat (MSL 3.1+)
  ['__nv_bfloat162', 'bfloat2'],
  ['nv_bfloat16', 'bfloat'],
  ['nv_bfloat162', 'bfloat2'],
  // double2/3/4: structs of software doubles with CUDA's layout (src/translate/doubleVectors.ts)
  ...SOFT_DOUBLE_VECTORS.map((v) => [v.cuda, v.msl] as const),
  ...COMPLEX_TYPE_RENAMES, // cuComplex.h (tables/moreTypes.ts)
  ...[...STD_SCALAR_TYPES].map((t): [string, string] => [`std::${t}`, t]), // <cstdint>: `std::uint8_t` is MSL's uint8_t
]);

/**
 * Element types of buffers whose CUDA layout differs from the MSL type of the same name:
 * CUDA's float3 is 12 bytes (align 4) but MSL's float3 is 16, so buffers use packed_float3.
 */
export const BUFFER_ELEMENT_RENAMES: ReadonlyMap<string, string> = new Map([
  ['float3', 'packed_float3'],
  ['int3', 'packed_int3'],
  ['uint3', 'packed_uint3'],
  ['short3', 'packed_short3'],
  ['ushort3', 'packed_ushort3'],
  ['char3', 'packed_char3'],
  ['uchar3', 'packed_uchar3'],
  ['dim3', 'packed_uint3'],
  // 64-bit: Metal has no packed form; a struct with CUDA's 24-byte layout (src/translate/wideVector3.ts)
  ['long3', 'cu2m_packed_long3'],
  ['longlong3', 'cu2m_packed_long3'],
  ['ulong3', 'cu2m_packed_ulong3'],
  ['ulonglong3', 'cu2m_packed_ulong3'],
]);

/** Bytes of each 3-component vector in CUDA's memory layout (documentation: docs/support-matrix.md). */
export const VECTOR3_CUDA_BYTES: ReadonlyMap<string, number> = new Map([
  ['float3', 12], ['int3', 12], ['uint3', 12], ['dim3', 12], ['short3', 6], ['ushort3', 6], ['char3', 3], ['uchar3', 3],
  ['long3', 24], ['ulong3', 24], ['longlong3', 24], ['ulonglong3', 24],
]);

/** Is the type a 3-component vector whose layout in memory differs between CUDA and Metal? */
export const isMemoryVector3 = (t: string): boolean => BUFFER_ELEMENT_RENAMES.has(t) || WIDE_VECTOR3_TYPES.has(t);

/**
 * 3-component vectors of 64-bit elements: CUDA lays them out in 24 bytes (align 8), Metal's long3 takes
 * 32 and Metal has no packed 64-bit vector, so memory uses a struct of three longs (wideVector3.ts).
 */
export const WIDE_VECTOR3_TYPES: ReadonlySet<string> = new Set(['long3', 'ulong3', 'longlong3', 'ulonglong3']);

/** Kernel scalar parameters whose type Metal forbids in a kernel signature. */
export const KERNEL_SCALAR_RENAMES: ReadonlyMap<string, string> = new Map([
  ['size_t', 'ulong'],
  ['ptrdiff_t', 'long'],
  ['ssize_t', 'long'],
]);

/** Element type codes for traces (native/include/cu2m/abi.h, cu2m_elem_type). */
export const ELEM_TYPES: ReadonlyMap<string, { code: string; size: number }> = new Map([
  ['float', { code: 'F32', size: 4 }],
  ['double', { code: 'F64', size: 8 }],
  ['char', { code: 'I8', size: 1 }],
  ['signed char', { code: 'I8', size: 1 }],
  ['unsigned char', { code: 'U8', size: 1 }],
  ['uchar', { code: 'U8', size: 1 }],
  ['short', { code: 'I16', size: 2 }],
  ['unsigned short', { code: 'U16', size: 2 }],
  ['ushort', { code: 'U16', size: 2 }],
  ['int', { code: 'I32', size: 4 }],
  ['signed', { code: 'I32', size: 4 }],
  ['signed int', { code: 'I32', size: 4 }],
  ['unsigned', { code: 'U32', size: 4 }],
  ['unsigned int', { code: 'U32', size: 4 }],
  ['uint', { code: 'U32', size: 4 }],
  ['uint32_t', { code: 'U32', size: 4 }],
  ['int32_t', { code: 'I32', size: 4 }],
  ['long', { code: 'I64', size: 8 }],
  ['long long', { code: 'I64', size: 8 }],
  ['int64_t', { code: 'I64', size: 8 }],
  ['unsigned long', { code: 'U64', size: 8 }],
  ['unsigned long long', { code: 'U64', size: 8 }],
  ['uint64_t', { code: 'U64', size: 8 }],
  ['size_t', { code: 'U64', size: 8 }],
  ['clock_t', { code: 'I64', size: 8 }],
  ['uint8_t', { code: 'U8', size: 1 }],
  ['int8_t', { code: 'I8', size: 1 }],
  ['uint16_t', { code: 'U16', size: 2 }],
  ['int16_t', { code: 'I16', size: 2 }],
  ['half', { code: 'F16', size: 2 }],
  ['__half', { code: 'F16', size: 2 }],
  ['half2', { code: 'F16', size: 4 }],
  ['__half2', { code: 'F16', size: 4 }],
  ['__nv_bfloat16', { code: 'U16', size: 2 }], // compared bit for bit
  ['nv_bfloat16', { code: 'U16', size: 2 }],
  ['__nv_bfloat162', { code: 'U16', size: 4 }],
  ['nv_bfloat162', { code: 'U16', size: 4 }],
  ...(['float2', 'float3', 'float4'] as const).map((t) => [t, { code: 'F32', size: 4 * Number(t.slice(-1)) }] as const),
  ...(['int2', 'int3', 'int4'] as const).map((t) => [t, { code: 'I32', size: 4 * Number(t.slice(-1)) }] as const),
  ...(['uint2', 'uint3', 'uint4'] as const).map((t) => [t, { code: 'U32', size: 4 * Number(t.slice(-1)) }] as const),
  ...SOFT_DOUBLE_VECTORS.map((v) => [v.cuda, { code: 'F64', size: v.bytes }] as const),
  ['cuDoubleComplex', { code: 'F64', size: 16 }], // cuComplex.h: CUDA's double2
]);

/** Normalises whitespace in a type spelling: "unsigned   int" → "unsigned int". */
export const normType = (t: string): string => t.trim().replace(/\s+/g, ' ');

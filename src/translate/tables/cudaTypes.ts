// CUDA's scalar types and the result types of built-in functions, for the typed view of device
// code (src/translate/typed.ts). Data only.
//
// Sizes are CUDA's on a 64-bit Linux host (LP64): long is 64 bits, as size_t and clock_t.

import { ROUNDING_INTRINSICS } from './double';

export interface ScalarRow {
  /** The canonical CUDA spelling the view reports. */
  readonly name: string;
  readonly cls: 'int' | 'float' | 'bool';
  readonly bits: number;
  readonly signed: boolean;
}

const row = (name: string, cls: ScalarRow['cls'], bits: number, signed: boolean): ScalarRow => ({ name, cls, bits, signed });

const BOOL = row('bool', 'bool', 8, false);
const CHAR = row('char', 'int', 8, true);
const SCHAR = row('signed char', 'int', 8, true);
const UCHAR = row('unsigned char', 'int', 8, false);
const SHORT = row('short', 'int', 16, true);
const USHORT = row('unsigned short', 'int', 16, false);
const INT = row('int', 'int', 32, true);
const UINT = row('unsigned int', 'int', 32, false);
const LONG = row('long', 'int', 64, true);
const ULONG = row('unsigned long', 'int', 64, false);
const LLONG = row('long long', 'int', 64, true);
const ULLONG = row('unsigned long long', 'int', 64, false);
const HALF = row('half', 'float', 16, true);
const BF16 = row('bfloat16', 'float', 16, true);
const FLOAT = row('float', 'float', 32, true);
const DOUBLE = row('double', 'float', 64, true);

/** Every spelling of a scalar type device code may write (after const/volatile are removed), by its text. */
export const SCALAR_TYPES: ReadonlyMap<string, ScalarRow> = new Map([
  ['bool', BOOL],
  ['char', CHAR], ['signed char', SCHAR], ['unsigned char', UCHAR], ['uchar', UCHAR], ['int8_t', SCHAR], ['uint8_t', UCHAR],
  ['short', SHORT], ['short int', SHORT], ['signed short', SHORT], ['signed short int', SHORT], ['int16_t', SHORT],
  ['unsigned short', USHORT], ['unsigned short int', USHORT], ['ushort', USHORT], ['uint16_t', USHORT],
  ['int', INT], ['signed', INT], ['signed int', INT], ['int32_t', INT],
  ['unsigned', UINT], ['unsigned int', UINT], ['uint', UINT], ['uint32_t', UINT],
  ['long', LONG], ['long int', LONG], ['signed long', LONG], ['signed long int', LONG], ['ptrdiff_t', LONG], ['ssize_t', LONG], ['clock_t', LONG], ['int64_t', LONG],
  ['unsigned long', ULONG], ['unsigned long int', ULONG], ['ulong', ULONG], ['size_t', ULONG], ['uint64_t', ULONG],
  ['long long', LLONG], ['long long int', LLONG], ['signed long long', LLONG], ['signed long long int', LLONG],
  ['unsigned long long', ULLONG], ['unsigned long long int', ULLONG],
  ['half', HALF], ['__half', HALF], ['bfloat16', BF16], ['__nv_bfloat16', BF16], ['nv_bfloat16', BF16],
  ['float', FLOAT], ['double', DOUBLE],
]);

/** Vector type names: base component by prefix (`uchar4` → unsigned char × 4). */
export const VECTOR_BASES: ReadonlyMap<string, ScalarRow> = new Map([
  ['char', SCHAR], ['uchar', UCHAR], ['short', SHORT], ['ushort', USHORT], ['int', INT], ['uint', UINT],
  ['long', LONG], ['ulong', ULONG], ['longlong', LLONG], ['ulonglong', ULLONG], ['float', FLOAT], ['double', DOUBLE],
  ['half', HALF], ['__half', HALF], ['__nv_bfloat16', BF16], ['nv_bfloat16', BF16],
]);

/** CUDA's built-in variables: threadIdx and blockIdx are uint3, blockDim and gridDim dim3, warpSize int. */
export const BUILTIN_VARIABLE_TYPES: ReadonlyMap<string, string> = new Map([
  ['threadIdx', 'uint3'], ['blockIdx', 'uint3'], ['blockDim', 'dim3'], ['gridDim', 'dim3'], ['warpSize', 'int'],
]);

/**
 * Result types of CUDA's device functions. 'arg' = the first argument's promoted type (the
 * unsuffixed math functions: sqrt of a float is a float, of a double or an integer a double),
 * 'common' the usual arithmetic conversions of the arguments (min, max, abs),
 * 'arg2' the second argument's, 'pointee' what the first argument points to (atomics); otherwise
 * a type spelling.
 */
export const FUNCTION_RESULT_TYPES: ReadonlyMap<string, string> = new Map([
  ...['sqrt', 'rsqrt', 'cbrt', 'exp', 'exp2', 'exp10', 'expm1', 'log', 'log2', 'log10', 'log1p', 'pow', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'atan2',
    'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh', 'sinpi', 'cospi', 'ldexp', 'nextafter', 'fmod', 'hypot', 'fabs', 'floor', 'ceil', 'trunc', 'round', 'rint',
    'fmin', 'fmax', 'copysign', 'fdim', 'fma', 'erf', 'erfc', 'tgamma', 'lgamma'].flatMap((f): [string, string][] => [[f, 'arg'], [`${f}f`, 'float']]),
  ['min', 'common'], ['max', 'common'], ['abs', 'common'],
  ['nan', 'double'], ['nanf', 'float'], ['cuCreal', 'double'], ['cuCimag', 'double'], ['cuCabs', 'double'],
  ['ilogb', 'int'], ['ilogbf', 'int'], ['isnan', 'bool'], ['isinf', 'bool'], ['isfinite', 'bool'], ['signbit', 'bool'],
  ['__float2int_rn', 'int'], ['__float2int_rz', 'int'], ['__float2int_rd', 'int'], ['__float2int_ru', 'int'],
  ['__float2uint_rn', 'unsigned int'], ['__float2uint_rz', 'unsigned int'], ['__float2uint_rd', 'unsigned int'], ['__float2uint_ru', 'unsigned int'],
  ['__int2float_rn', 'float'], ['__uint2float_rn', 'float'], ['__fdividef', 'float'], ['fdividef', 'float'], ['__expf', 'float'], ['__logf', 'float'], ['__sinf', 'float'], ['__cosf', 'float'], ['__powf', 'float'],
  ['__saturatef', 'float'], ['__frcp_rn', 'float'], ['__fsqrt_rn', 'float'], ['__fmul_rn', 'float'], ['__fadd_rn', 'float'], ['__fmaf_rn', 'float'],
  ['__mul24', 'int'], ['__umul24', 'unsigned int'], ['__mulhi', 'int'], ['__umulhi', 'unsigned int'], ['__popc', 'int'], ['__popcll', 'int'], ['__clz', 'int'], ['__clzll', 'int'],
  ['__ffs', 'int'], ['__ffsll', 'int'], ['__brev', 'unsigned int'], ['__byte_perm', 'unsigned int'], ['__sad', 'unsigned int'], ['__usad', 'unsigned int'],
  ['umin', 'unsigned int'], ['umax', 'unsigned int'], ['llmin', 'long long'], ['llmax', 'long long'], ['ullmin', 'unsigned long long'], ['ullmax', 'unsigned long long'],
  ['labs', 'long'], ['llabs', 'long long'], ['clock', 'clock_t'], ['clock64', 'long long'],
  ['__half2float', 'float'], ['__float2half', 'half'], ['__float2half_rn', 'half'], ['__hadd', 'half'], ['__hmul', 'half'], ['__hsub', 'half'],
  ...['atomicAdd', 'atomicSub', 'atomicExch', 'atomicMin', 'atomicMax', 'atomicInc', 'atomicDec', 'atomicAnd', 'atomicOr', 'atomicXor', 'atomicCAS']
    .flatMap((f): [string, string][] => [[f, 'pointee'], [`${f}_block`, 'pointee'], [`${f}_system`, 'pointee']]),
  ...['__shfl_sync', '__shfl_up_sync', '__shfl_down_sync', '__shfl_xor_sync'].map((f): [string, string] => [f, 'arg2']),
  ['__ballot_sync', 'unsigned int'], ['__activemask', 'unsigned int'], ['__any_sync', 'int'], ['__all_sync', 'int'], ['__syncthreads_count', 'int'],
  ...['rhypot', 'norm3d', 'norm4d', 'rnorm3d', 'rnorm4d', 'normcdf', 'erfinv', 'erfcinv', 'normcdfinv', 'remainder', 'remquo']
    .flatMap((f): [string, string][] => [[f, 'arg'], [`${f}f`, 'float']]),
  ['normf', 'float'], ['rnormf', 'float'], ['norm', 'double'], ['rnorm', 'double'],
  ['__frsqrt_rn', 'float'], ['__frsqrt_rz', 'float'], ['__frsqrt_rd', 'float'], ['__frsqrt_ru', 'float'],
  ...ROUNDING_INTRINSICS.map(([name, , type]): [string, string] => [name, type]), // directed-rounding double intrinsics (tables/double.ts)
  // Bessel functions (tables/bessel.ts): jn(n, x) and yn(n, x) have the type of x
  ...['j0', 'j1', 'y0', 'y1', 'cyl_bessel_i0', 'cyl_bessel_i1'].flatMap((f): [string, string][] => [[f, 'arg'], [`${f}f`, 'float']]),
  ['jn', 'arg2'], ['yn', 'arg2'], ['jnf', 'float'], ['ynf', 'float'],
]);

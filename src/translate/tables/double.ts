// Software double (--double=soft, the default): which math functions of a double it computes.
// Data only: src/translate/function.ts refuses the others at their line (C2M1003), and
// docs/support-matrix.md is generated from this.

import { BESSEL_SOFT_DOUBLE } from './bessel';

/** The MSL name of CUDA's double under the soft policy. */
export const SOFT_DOUBLE_TYPE = 'f64';

/**
 * Math functions with an exact f64 overload in the prelude (src/translate/f64Prelude.ts): correctly
 * rounded, bit for bit equal to the host's libm (ldexp and fmod are exact: src/translate/f64Math.ts).
 * The other float functions of a double are refused under the soft policy.
 */
export const SOFT_DOUBLE_FUNCTIONS: ReadonlySet<string> = new Set([
  'sqrt', 'fma', 'fabs', 'copysign', 'floor', 'ceil', 'trunc', 'round', 'rint', 'fmin', 'fmax', 'fdim',
  'isnan', 'isinf', 'isfinite', 'signbit', 'min', 'max', 'abs',
  'ldexp', 'fmod', 'ilogb', 'nextafter', 'frexp', 'modf',
]);

/** Math functions of a double computed on the soft operations within a stated error: not exact. */
export const SOFT_DOUBLE_APPROXIMATE: ReadonlyMap<string, string> = new Map([
  ['exp', 'within 2 ulp'],
  ['log', 'within 2 ulp'],
  // src/translate/f64Math.ts; the largest error measured against the host libm's long double
  // functions (rounded to double) on 100,000 arguments each, hard ranges and special cases included
  // (test/fixtures/double/dmath.cu).
  ['pow', 'within 1 ulp, every C99 Annex F special case exact'],
  ['sin', 'within 1 ulp for every argument up to 1.8e308 in magnitude (exact argument reduction)'],
  ['cos', 'within 1 ulp for every argument up to 1.8e308 in magnitude (exact argument reduction)'],
  ['tan', 'within 1 ulp for every argument up to 1.8e308 in magnitude (exact argument reduction)'],
  ['atan', 'within 1 ulp'],
  ['atan2', 'within 1 ulp, the C99 Annex F special cases exact'],
  ['asin', 'within 1 ulp'],
  ['acos', 'within 1 ulp'],
  ['sinh', 'within 1 ulp'],
  ['cosh', 'within 1 ulp'],
  ['tanh', 'within 1 ulp'],
  ['exp2', 'within 1 ulp'],
  ['exp10', 'within 1 ulp'],
  ['log2', 'within 1 ulp'],
  ['log10', 'within 1 ulp'],
  ['rsqrt', 'within 1 ulp'],
  ['asinh', 'within 1 ulp'],
  ['acosh', 'within 1 ulp'],
  ['atanh', 'within 1 ulp'],
  ['sinpi', 'within 1 ulp'],
  ['cospi', 'within 1 ulp'],
]);

/**
 * Functions Metal has no float version of (refused for float, tables/functions.ts) that software
 * double computes for a double or an integer argument (f64Math.ts), with their measured error.
 */
export const SOFT_DOUBLE_ONLY: ReadonlyMap<string, string> = new Map([
  ['cbrt', 'within 1 ulp'],
  ['expm1', 'within 1 ulp'],
  ['log1p', 'within 1 ulp'],
  ['hypot', 'within 1 ulp'],
  ['erf', 'within 1 ulp (a series of positive terms in double-double)'],
  // src/translate/f64Special.ts, measured by test/fixtures/double/special.cu against the host's
  // long double erfcl/lgammal/tgammal rounded to double, and remainder/remquo against its libm.
  ['erfc', 'within 1 ulp'],
  ['lgamma', 'within 1 ulp for x > 0; for x < 0 within 2^-52 max(1, abs(lgamma x)) (up to 3 ulp measured, near its zeros below -2)'],
  ['tgamma', 'within 1 ulp'],
  ['remainder', 'exact'],
  ['remquo', 'exact (the quotient: the rounded quotient\'s low 3 bits, 0 .. 7 with its sign, as an H100; glibc gives 8 for some)'],
  ['scalbn', 'exact (ldexp)'],
  ['logb', 'exact'],
  ['lrint', 'exact (to nearest even; out of range saturates)'],
  ['llrint', 'exact (to nearest even; out of range saturates)'],
  ['lround', 'exact (halves away from zero; out of range saturates)'],
  ['llround', 'exact (halves away from zero; out of range saturates)'],
  // src/translate/f64Norms.ts, measured by test/fixtures/double/norms.cu against the host's long double.
  ['rhypot', 'within 1 ulp'],
  ['norm3d', 'within 1 ulp'],
  ['norm4d', 'within 1 ulp'],
  ['rnorm3d', 'within 1 ulp'],
  ['rnorm4d', 'within 1 ulp'],
  ['rnorm', 'within 1 ulp (rnorm(dim, p) and norm(dim, p) of a double array, p in any address space)'],
  // src/translate/f64Inverse.ts, measured by test/fixtures/double/inverse.cu against the host's long double.
  ['normcdf', 'within 1 ulp'],
  ['erfinv', 'within 1 ulp'],
  ['erfcinv', 'within 1 ulp'],
  ['normcdfinv', 'within 1 ulp'],
  // src/translate/f64Bessel.ts (tables/bessel.ts).
  ...BESSEL_SOFT_DOUBLE,
]);

/** The support-matrix note of a double (unsuffixed) math function. */
export const softDoubleNote = (f: string): string =>
  SOFT_DOUBLE_FUNCTIONS.has(f)
    ? 'of a double: exact, in software double (default); in float with --double=float'
    : SOFT_DOUBLE_APPROXIMATE.has(f)
      ? `of a double: in software double (default), ${SOFT_DOUBLE_APPROXIMATE.get(f) ?? ''}; in float with --double=float`
      : 'of a double: refused (C2M1003) under software double, the default; computed in float with --double=float';

/** Directed rounding (src/translate/f64Rounding.ts): CUDA's suffix and the prelude's rounding mode (cu2m_f64::rounding). */
export const ROUNDING_DIRECTIONS = [['rz', 'RZ'], ['rd', 'RD'], ['ru', 'RU']] as const;

/** Integer conversions in a rounding direction (f64Rounding.ts): [name, MSL result type, rounding function]. */
export const ROUNDING_CONVERSIONS: readonly (readonly [string, string, 'floor' | 'ceil' | 'rint'])[] = [
  ['__double2int_rd', 'int', 'floor'], ['__double2int_ru', 'int', 'ceil'],
  ['__double2uint_rn', 'uint', 'rint'], ['__double2uint_rd', 'uint', 'floor'], ['__double2uint_ru', 'uint', 'ceil'],
  ['__double2ll_rd', 'long', 'floor'], ['__double2ll_ru', 'long', 'ceil'],
  ['__double2ull_rn', 'ulong', 'rint'], ['__double2ull_rd', 'ulong', 'floor'], ['__double2ull_ru', 'ulong', 'ceil'],
];

const CUDA_INTEGER: Readonly<Record<string, string>> = { int: 'int', uint: 'unsigned int', long: 'long long', ulong: 'unsigned long long' };
/** A NaN double converted to an integer on an NVIDIA GPU (recorded on an H100): only the top bit set. */
const NAN_INT: Readonly<Record<string, string>> = { int: 'INT_MIN', uint: '2^31', long: 'INT64_MIN', ulong: '2^63' };

/** The directed-rounding intrinsics with what they compute (support matrix) and their CUDA result type (typed view). */
export const ROUNDING_INTRINSICS: readonly (readonly [string, string, string])[] = [
  ...ROUNDING_DIRECTIONS.flatMap(([s]): [string, string, string][] => {
    const how = s === 'rz' ? 'rounded toward zero' : s === 'rd' ? 'rounded down (toward -inf)' : 'rounded up (toward +inf)';
    return [
      [`__dadd_${s}`, `a + b ${how}, exact`, 'double'], [`__dsub_${s}`, `a - b ${how}, exact`, 'double'], [`__dmul_${s}`, `a * b ${how}, exact`, 'double'],
      [`__ddiv_${s}`, `a / b ${how}, exact`, 'double'], [`__drcp_${s}`, `1 / a ${how}, exact`, 'double'], [`__dsqrt_${s}`, `sqrt ${how}, exact`, 'double'],
      [`__fma_${s}`, `a * b + c with one rounding, ${how}, exact`, 'double'], [`__double2float_${s}`, `to float, ${how}`, 'float'],
      [`__ll2double_${s}`, `to double, ${how}`, 'double'], [`__ull2double_${s}`, `to double, ${how}`, 'double'],
    ];
  }),
  ...ROUNDING_CONVERSIONS.map(([name, type, round]): [string, string, string] =>
    [name, `to ${CUDA_INTEGER[type] ?? type}, ${round === 'rint' ? 'to nearest even' : round === 'floor' ? 'rounded down' : 'rounded up'} (out of range saturates, NaN gives ${NAN_INT[type] ?? 'the top bit'}, as an H100)`, CUDA_INTEGER[type] ?? type]),
];

/**
 * CUDA's double intrinsics, defined with their own names by the prelude (f64Prelude.ts):
 * bit reinterpretation, conversions with an explicit rounding mode that is C's own, and the
 * round-to-nearest arithmetic (every soft operation rounds to nearest even).
 */
export const SOFT_DOUBLE_INTRINSICS: readonly (readonly [string, string])[] = [
  ['__double_as_longlong', 'the bits as a long long'],
  ['__longlong_as_double', 'a long long\'s bits as a double'],
  ['__double2hiint', 'the high 32 bits'],
  ['__double2loint', 'the low 32 bits'],
  ['__hiloint2double', 'a double from its high and low 32 bits'],
  ['__double2float_rn', 'to float, to nearest even'],
  ['__double2int_rz', 'to int, toward zero (NaN gives INT_MIN, as an H100)'],
  ['__double2int_rn', 'to int, to nearest even (NaN gives INT_MIN, as an H100)'],
  ['__double2ll_rn', 'to long long, to nearest even (NaN gives INT64_MIN, as an H100)'],
  ['__double2uint_rz', 'to unsigned int, toward zero (NaN gives 2^31, as an H100)'],
  ['__double2ll_rz', 'to long long, toward zero (NaN gives INT64_MIN, as an H100)'],
  ['__double2ull_rz', 'to unsigned long long, toward zero (NaN gives 2^63, as an H100)'],
  ['__int2double_rn', 'exact'],
  ['__uint2double_rn', 'exact'],
  ['__ll2double_rn', 'to nearest even'],
  ['__ull2double_rn', 'to nearest even'],
  ['__dadd_rn', 'a + b, never contracted'],
  ['__dsub_rn', 'a - b, never contracted'],
  ['__dmul_rn', 'a * b, never contracted'],
  ['__ddiv_rn', 'a / b'],
  ['__dsqrt_rn', 'sqrt'],
  ['__drcp_rn', '1 / a'],
  ['__fma_rn', 'fma, one rounding'],
  // the directed-rounding conversions (__double2float_rd, __ll2double_ru, __double2int_rd...) are
  // tables/floatMath.ts' rows; only their result types come from ROUNDING_INTRINSICS (cudaTypes.ts)
  ...ROUNDING_INTRINSICS.filter(([name]) => !/^__(double2|ll2double|ull2double)/.test(name)).map(([name, what]): [string, string] => [name, what]),
];

/** CUDA's float math functions by their double (unsuffixed) names: `sqrtf` is `sqrt` + f (src/translate/mathCalls.ts). */
export const FLOAT_FUNCTION_NAMES: ReadonlySet<string> = new Set(['sqrt', 'rsqrt', 'exp', 'exp2', 'exp10', 'log', 'log2', 'log10', 'pow', 'sin', 'cos', 'tan',
  'asin', 'acos', 'atan', 'atan2', 'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh', 'sinpi', 'cospi', 'ldexp', 'ilogb', 'nextafter', 'fmod', 'frexp', 'modf']);

/**
 * CUDA's double vectors (vector_types.h) under software double: a struct of f64 fields per type with
 * CUDA's layout in every address space (src/translate/doubleVectors.ts adds the ones the MSL names),
 * and a `make_doubleN` helper. `--double=float` computes them as Metal's floatN (registers only:
 * buffers, kernel parameters, fields and globals of them keep the 8-byte layout and are refused).
 */
export const SOFT_DOUBLE_VECTORS: readonly { readonly cuda: string; readonly msl: string; readonly n: number; readonly bytes: number; readonly align: number }[] = [
  { cuda: 'double2', msl: 'cu2m_double2', n: 2, bytes: 16, align: 16 },
  { cuda: 'double3', msl: 'cu2m_double3', n: 3, bytes: 24, align: 8 },
  { cuda: 'double4', msl: 'cu2m_double4', n: 4, bytes: 32, align: 16 },
  // CUDA 13's spellings: double1, and double4 with its alignment named (double4 is deprecated there).
  { cuda: 'double1', msl: 'cu2m_double1', n: 1, bytes: 8, align: 8 },
  { cuda: 'double4_16a', msl: 'cu2m_double4_16a', n: 4, bytes: 32, align: 16 },
  { cuda: 'double4_32a', msl: 'cu2m_double4_32a', n: 4, bytes: 32, align: 32 },
];

/** A regular-expression source matching the names of SOFT_DOUBLE_VECTORS after `double` (`double(?:...)`). */
export const DOUBLE_VECTOR_SUFFIX = '(?:[1234]|4_16a|4_32a)';

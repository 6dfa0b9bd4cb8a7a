// CUDA's math constants (math_constants.h, CUDART_*) → MSL. Data only. Values are written from
// their mathematical definitions; the double forms compute in float, as all Metal code does.

export interface ConstantRow {
  readonly cuda: string;
  readonly msl: string;
}

const F = (cuda: string, msl: string): ConstantRow[] => [{ cuda: `${cuda}_F`, msl }, { cuda, msl }];

export const MATH_CONSTANTS: readonly ConstantRow[] = [
  ...F('CUDART_PI', 'M_PI_F'),
  ...F('CUDART_PIO2', 'M_PI_2_F'),
  ...F('CUDART_PIO4', 'M_PI_4_F'),
  ...F('CUDART_2_OVER_PI', 'M_2_PI_F'),
  ...F('CUDART_3PIO4', '(3.0f * M_PI_4_F)'),
  ...F('CUDART_INF', 'INFINITY'),
  ...F('CUDART_NAN', 'NAN'),
  ...F('CUDART_L2E', 'M_LOG2E_F'),
  ...F('CUDART_L2T', '3.32192809488736234787f'),
  ...F('CUDART_LG2', '0.301029995663981195214f'),
  ...F('CUDART_LGE', 'M_LOG10E_F'),
  ...F('CUDART_LN2', 'M_LN2_F'),
  ...F('CUDART_LNT', 'M_LN10_F'),
  ...F('CUDART_LNPI', '1.14472988584940017414f'),
  ...F('CUDART_SQRT_2_OVER_PI', '0.797884560802865355879f'),
  ...F('CUDART_SQRT_HALF', 'M_SQRT1_2_F'),
  ...F('CUDART_SQRT_TWO', 'M_SQRT2_F'),
  ...F('CUDART_ZERO', '0.0f'),
  ...F('CUDART_ONE', '1.0f'),
  ...F('CUDART_NEG_ZERO', '(-0.0f)'),
  ...F('CUDART_THIRD', '(1.0f / 3.0f)'),
  { cuda: 'CUDART_MAX_NORMAL_F', msl: 'FLT_MAX' },
  { cuda: 'CUDART_MIN_DENORM_F', msl: '0x1p-149f' },
  // C library macros device code uses that Metal does not define (it has nullptr and <limits.h>-style names).
  { cuda: 'NULL', msl: 'nullptr' },
  { cuda: 'INT32_MAX', msl: 'INT_MAX' },
  { cuda: 'INT32_MIN', msl: 'INT_MIN' },
  { cuda: 'UINT32_MAX', msl: 'UINT_MAX' },
  // <float.h>'s double limits: exact bits of software double (src/translate/f64Prelude.ts).
  { cuda: 'DBL_MAX', msl: 'f64::from_bits(0x7FEFFFFFFFFFFFFFul)' },
  { cuda: 'DBL_MIN', msl: 'f64::from_bits(0x0010000000000000ul)' },
  { cuda: 'DBL_EPSILON', msl: 'f64::from_bits(0x3CB0000000000000ul)' },
  { cuda: 'DBL_TRUE_MIN', msl: 'f64::from_bits(0x0000000000000001ul)' },
];

/** The device runtime's constants (dynamic parallelism, src/translate/deviceLaunch.ts): streams are `ulong` in the MSL. */
export const DEVICE_RUNTIME_CONSTANTS: readonly ConstantRow[] = [
  { cuda: 'cudaSuccess', msl: '0' },
  { cuda: 'cudaStreamDefault', msl: '0u' },
  { cuda: 'cudaStreamNonBlocking', msl: '1u' },
  { cuda: 'cudaStreamTailLaunch', msl: '3ul' },
  { cuda: 'cudaStreamFireAndForget', msl: '4ul' },
];

export const CONSTANT_BY_NAME: ReadonlyMap<string, ConstantRow> = new Map([...MATH_CONSTANTS, ...DEVICE_RUNTIME_CONSTANTS].map((r) => [r.cuda, r]));

/**
 * <math.h>'s double constants (M_PI ...), which Metal does not define: the exact binary64 value
 * under software double (where unsuffixed literals are exact doubles too), else Metal's float
 * constant of the same name with `_F` (the program computes in float then, as with its literals).
 */
export const C_MATH_CONSTANTS: ReadonlyMap<string, string> = new Map([
  ['M_E', '2.718281828459045235360287'],
  ['M_LOG2E', '1.442695040888963407359924'],
  ['M_LOG10E', '0.434294481903251827651129'],
  ['M_LN2', '0.693147180559945309417232'],
  ['M_LN10', '2.302585092994045684017991'],
  ['M_PI', '3.141592653589793238462643'],
  ['M_PI_2', '1.570796326794896619231322'],
  ['M_PI_4', '0.785398163397448309615661'],
  ['M_1_PI', '0.318309886183790671537768'],
  ['M_2_PI', '0.636619772367581343075535'],
  ['M_2_SQRTPI', '1.128379167095512573896159'],
  ['M_SQRT2', '1.414213562373095048801689'],
  ['M_SQRT1_2', '0.707106781186547524400844'],
]);

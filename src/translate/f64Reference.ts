// The cuda-cpu reference computes erfc, lgamma, tgamma, remquo, the norms (rhypot, norm3d...) and the Bessel functions (j0, y0, jn...) of a double with the SAME code as software
// double (f64Math.ts, f64Special.ts), compiled on the CPU's native double: every + - * / fma sqrt of
// that code is one IEEE binary64 operation rounded to nearest in both (the soft f64 is correctly
// rounded; x86-64 SSE2 without FMA contraction is too), so msl-cpu, metal and cuda-cpu give the same
// bits. glibc's own are up to 3-4 ulp off (test/fixtures/double/special.cu on cuda-cpu before this).
// The MSL text is turned into C++ by a few textual rules: `f64` is `double`, `x.bits` / `f64::from_bits`
// are memcpy bit casts, `constant` / `thread` qualifiers dropped. Emitted only into device code that
// names one of the functions; the calls reach it through a macro per name (the float overloads keep
// glibc's erfcf/lgammaf/tgammaf, integers convert to double as in C).
import { F64_BESSEL } from './f64Bessel';
import { F64_MATH } from './f64Math';
import { F64_PRELUDE } from './f64Prelude';
import { F64_INVERSE } from './f64Inverse';
import { F64_NORMS } from './f64Norms';
import { F64_SPECIAL } from './f64Special';

/** The functions the reference takes from the software double library. */
export const REFERENCE_SOFT_FUNCTIONS = ['erfc', 'lgamma', 'tgamma'] as const;
/** One-argument functions with no float version in glibc (f64Inverse.ts): double and integer overloads only. */
export const REFERENCE_SOFT_INVERSE = ['normcdf', 'erfinv', 'erfcinv', 'normcdfinv'] as const;
/** The norms (f64Norms.ts; CUDA has no float overloads of these names): name and arity. */
export const REFERENCE_SOFT_NORMS = [['rhypot', 2], ['norm3d', 3], ['norm4d', 4], ['rnorm3d', 3], ['rnorm4d', 4]] as const;
/**
 * The Bessel functions of a double (f64Bessel.ts): glibc's j0/y0... are off by up to 1e11 ulp next
 * to the zeros below 8 (CUDA: 7 ulp), so the reference takes software double's code. Renamed only
 * where the device code calls them (y0, y1 are common variable names); the float versions stay glibc's.
 */
export const REFERENCE_SOFT_BESSEL = [['j0', 'double x', 'x'], ['j1', 'double x', 'x'], ['y0', 'double x', 'x'], ['y1', 'double x', 'x'], ['jn', 'int n, double x', 'n, x'], ['yn', 'int n, double x', 'n, x']] as const;
/** remquo of a double (f64Special.ts): the quotient's low 3 bits as an H100 gives them (glibc's can be 8 where the GPU's is 0). */
const REFERENCE_SOFT_QUOTIENT = ['remquo'] as const;
const REFERENCE_NAMES: readonly string[] = [...REFERENCE_SOFT_FUNCTIONS, ...REFERENCE_SOFT_INVERSE, ...REFERENCE_SOFT_NORMS.map(([f]) => f), ...REFERENCE_SOFT_QUOTIENT];

const toCpp = (msl: string): string =>
  msl
    .replace(/f64::from_bits\(/g, 'cu2m_from_bits(')
    .replace(/\b([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\.bits\b/g, 'cu2m_bits($1)')
    .replace(/\bconstant\s+(?=ulong\b)/g, 'const ')
    .replace(/\bthread\s+(?=(?:const\s+)?\w+\s*[&*])/g, '');

let cached: string | undefined;

/** The C++ text (namespace cu2m_soft_math, the cu2m_* wrappers and the renaming macros). */
function referenceMath(): string {
  if (cached !== undefined) return cached;
  const helpers = /namespace cu2m_f64 \{[\s\S]*?\} \/\/ namespace cu2m_f64\n/.exec(F64_PRELUDE)?.[0];
  if (!helpers) throw new Error('f64Reference: the cu2m_f64 helpers were not found in the prelude');
  const wrappers = REFERENCE_SOFT_FUNCTIONS.map(
    (f) =>
      `inline double cu2m_${f}(double x) { return cu2m_soft_math::${f}(x); }\n` +
      `inline float cu2m_${f}(float x) { return ::${f}f(x); }\n` +
      `template <typename T, typename std::enable_if<std::is_integral<T>::value, int>::type = 0> inline double cu2m_${f}(T x) { return cu2m_soft_math::${f}(double(x)); }\n`,
  ).join('') + REFERENCE_SOFT_INVERSE.map((f) => `inline double cu2m_${f}(double x) { return cu2m_soft_math::${f}(x); }\n`).join('') + REFERENCE_SOFT_NORMS.map(([f, n]) => {
    const params = Array.from({ length: n }, (_v, i) => `double a${i}`).join(', ');
    const args = Array.from({ length: n }, (_v, i) => `a${i}`).join(', ');
    return `inline double cu2m_${f}(${params}) { return cu2m_soft_math::${f}(${args}); }\n`;
  }).join('') + REFERENCE_SOFT_BESSEL.map(([f, params, args]) => `inline double cu2m_${f}(${params}) { return cu2m_soft_math::${f}(${args}); }\n`).join('') +
    '// remquo: of doubles (and mixed arguments) software double\'s, of two floats glibc\'s remquof\n' +
    'inline double cu2m_remquo(double x, double y, int* q) { return cu2m_soft_math::remquo(x, y, q); }\n' +
    'inline float cu2m_remquo(float x, float y, int* q) { return ::remquof(x, y, q); }\n' +
    'template <typename A, typename B> inline double cu2m_remquo(A x, B y, int* q) { return cu2m_soft_math::remquo(double(x), double(y), q); }\n';
  cached = [
    '// ---- erfc, lgamma, tgamma of a double: software double\'s own code on the native double (cu2metal, src/translate/f64Reference.ts)',
    '#include <cstring>',
    '#include <type_traits>',
    'namespace cu2m_soft_math {',
    'typedef unsigned long ulong;',
    'typedef unsigned int uint;',
    'typedef double f64;',
    'inline double cu2m_from_bits(ulong b) { double d; std::memcpy(&d, &b, 8); return d; }',
    'inline ulong cu2m_bits(double d) { ulong b; std::memcpy(&b, &d, 8); return b; }',
    toCpp(helpers) + toCpp(F64_MATH) + toCpp(F64_SPECIAL) + toCpp(F64_NORMS) + toCpp(F64_INVERSE) + toCpp(F64_BESSEL) + '} // namespace cu2m_soft_math',
    wrappers + `namespace std { ${[...REFERENCE_SOFT_FUNCTIONS, ...REFERENCE_SOFT_QUOTIENT].map((f) => `using ::cu2m_${f};`).join(' ')} }`,
    ...REFERENCE_NAMES.map((f) => `#define ${f} cu2m_${f}`),
    '// ---- end of the software double functions',
    '',
  ].join('\n');
  return cached;
}

/** The prologue the cuda-cpu device code needs for these functions ('' when it calls none). */
export function referenceMathPrologue(deviceText: string): string {
  const bessel = REFERENCE_SOFT_BESSEL.map(([f]) => f).filter((f) => new RegExp(`\\b${f}\\s*\\(`).test(deviceText));
  if (!bessel.length && !new RegExp(`\\b(?:${REFERENCE_NAMES.join('|')})\\s*\\(`).test(deviceText)) return '';
  return referenceMath() + bessel.map((f) => `#define ${f} cu2m_${f}\n`).join('');
}

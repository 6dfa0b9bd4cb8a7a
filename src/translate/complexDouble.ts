// nan/nanf and cuComplex.h's double complex in device code (issue 6).
//
//   nanf("")     → as_type<float>(0x7fc00000u)          (a quiet NaN)
//   nan("")      → f64::from_bits(0x7FF8000000000000ul)  (software double; float's quiet NaN with --double=float)
//   nanf("0x12") → as_type<float>(0x7fc00012u)          (the tag's number in the payload)
//
// C leaves the payload implementation-defined; an H100 puts the tag's number there (nanf("0x12") is
// 0x7fc00012, nan("7") 0x7ff8000000000007), as glibc does, which the cuda-cpu reference calls. A
// string literal tag is read as glibc reads it (strtoull with base 0: 0x hexadecimal, a leading 0
// octal, else decimal; a tag that is not wholly such a number gives no payload; too large a number
// saturates), and its low bits (52 of a double, 22 of a float) go below the quiet bit. Any other tag
// (not a literal) gives the plain quiet NaN.
//
// cuDoubleComplex is CUDA's double2: under software double (the default) the cu2m_double2 struct of
// doubleVectors.ts, its functions helpers on it (tables/moreTypes.ts); without software double it
// and its functions are refused (C2M1003): Metal has no double, and float would change the layout.
import type { DoublePolicy } from './double';

/** cuComplex.h's double complex functions (tables/moreTypes.ts). */
export const COMPLEX_DOUBLE_FUNCTIONS: ReadonlySet<string> = new Set([
  'cuCreal', 'cuCimag', 'make_cuDoubleComplex', 'cuConj', 'cuCadd', 'cuCsub', 'cuCmul', 'cuCdiv', 'cuCabs', 'cuCfma', 'cuComplexFloatToDouble', 'cuComplexDoubleToFloat',
]);

/** A quiet NaN of each type, by policy. */
const FLOAT_NAN = 'as_type<float>(0x7fc00000u)';
const SOFT_NAN = 'f64::from_bits(0x7FF8000000000000ul)';

/** The number of a nan() tag as glibc reads it (strtoull, base 0, the whole tag; saturating); 0 where it is not one. */
export function nanTagNumber(tag: string): bigint {
  const m = /^(?:0[xX]([0-9a-fA-F]+)|(0[0-7]*)|([1-9][0-9]*))$/.exec(tag);
  if (!m) return 0n;
  const n = m[1] !== undefined ? BigInt(`0x${m[1]}`) : m[2] !== undefined ? BigInt(`0o${m[2].slice(1) || '0'}`) : BigInt(m[3] ?? '0');
  return n > 0xFFFFFFFFFFFFFFFFn ? 0xFFFFFFFFFFFFFFFFn : n;
}

/** The text of the whole call `nan(tag)`/`nanf(tag)` (tag: a string literal's text, else undefined); null where it is refused (nan with --double=error); undefined for other names. */
export function nanCall(name: string, policy: DoublePolicy, tag?: string): string | null | undefined {
  const n = tag === undefined ? 0n : nanTagNumber(tag);
  const floatNan = n === 0n ? FLOAT_NAN : `as_type<float>(0x${(0x7fc00000n | (n & 0x3fffffn)).toString(16)}u)`;
  if (name === 'nanf') return floatNan;
  if (name !== 'nan') return undefined;
  const softNan = n === 0n ? SOFT_NAN : `f64::from_bits(0x${(0x7FF8000000000000n | (n & 0xFFFFFFFFFFFFFn)).toString(16).toUpperCase()}ul)`;
  return policy === 'soft' ? softNan : policy === 'float' ? floatNan : null;
}

/** Is this cuDoubleComplex or one of its functions, refused under this policy (no software double)? */
export const complexDoubleRefused = (name: string, policy: DoublePolicy): boolean => policy !== 'soft' && (name === 'cuDoubleComplex' || COMPLEX_DOUBLE_FUNCTIONS.has(name));

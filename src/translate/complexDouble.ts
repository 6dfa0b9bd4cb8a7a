// nan/nanf and cuComplex.h's double complex in device code (issue 6).
//
//   nanf("") → as_type<float>(0x7fc00000u)          (a quiet NaN)
//   nan("")  → f64::from_bits(0x7FF8000000000000ul)  (software double; float's quiet NaN with --double=float)
//
// The string argument is dropped: C leaves the NaN's payload implementation-defined, and CUDA's
// nan/nanf return a quiet NaN; the translation always gives the quiet NaN with an empty payload
// (the host's nan("") bits, so the backends agree).
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

/** The text of the whole call `nan("")`/`nanf("")`; null where it is refused (nan with --double=error); undefined for other names. */
export function nanCall(name: string, policy: DoublePolicy): string | null | undefined {
  if (name === 'nanf') return FLOAT_NAN;
  if (name !== 'nan') return undefined;
  return policy === 'soft' ? SOFT_NAN : policy === 'float' ? FLOAT_NAN : null;
}

/** Is this cuDoubleComplex or one of its functions, refused under this policy (no software double)? */
export const complexDoubleRefused = (name: string, policy: DoublePolicy): boolean => policy !== 'soft' && (name === 'cuDoubleComplex' || COMPLEX_DOUBLE_FUNCTIONS.has(name));

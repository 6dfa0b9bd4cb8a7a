// Software double (--double=soft, the default): which math functions of a double it computes.
// Data only: src/translate/function.ts refuses the others at their line (C2M1003), and
// docs/support-matrix.md is generated from this.

/** The MSL name of CUDA's double under the soft policy. */
export const SOFT_DOUBLE_TYPE = 'f64';

/**
 * Math functions with an exact f64 overload in the prelude (src/translate/f64Prelude.ts): correctly
 * rounded, bit for bit equal to the host's libm. The other float functions of a double are refused
 * under the soft policy (a later issue: exp/log/pow/sin... on the soft operations, ≤ 2 ulp).
 */
export const SOFT_DOUBLE_FUNCTIONS: ReadonlySet<string> = new Set([
  'sqrt', 'fma', 'fabs', 'copysign', 'floor', 'ceil', 'trunc', 'round', 'rint', 'fmin', 'fmax', 'fdim',
  'isnan', 'isinf', 'isfinite', 'signbit', 'min', 'max', 'abs',
]);

/** The support-matrix note of a double (unsuffixed) math function. */
export const softDoubleNote = (f: string): string =>
  SOFT_DOUBLE_FUNCTIONS.has(f)
    ? 'of a double: exact, in software double (default); in float with --double=float'
    : 'of a double: refused (C2M1003) under software double, the default; computed in float with --double=float';

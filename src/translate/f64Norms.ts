// rhypot, norm3d, norm4d, rnorm3d, rnorm4d, norm and rnorm (CUDA's Euclidean norms) of doubles under
// software double (`--double=soft`, the default), emitted in the prelude after f64Special.ts (they use
// the double-double helpers of f64Math.ts). Plain MSL on the soft operations, so Metal and the msl-cpu
// emulation compute the same bits; the cuda-cpu reference compiles the same text on the native double
// (f64Reference.ts).
//
// Method: every argument is scaled by the same power of 2 (the largest into [1, 2): no overflow or
// underflow in between), the squares summed in double-double (exact products, two-sum), the root
// (or its reciprocal) taken in double-double and scaled back with one rounding. An infinite argument
// gives +inf (0 for the reciprocals) even next to a NaN, as hypot; otherwise a NaN gives NaN; all
// zeros give 0 (+inf for the reciprocals). Measured in test/fixtures/double/norms.cu against the
// host's long double (whose range holds every square).
export const F64_NORMS = String.raw`// rhypot, norm3d, norm4d, rnorm3d, rnorm4d, norm, rnorm of doubles (src/translate/f64Norms.ts)
#define CU2M_D(b) f64::from_bits(b##ul)
namespace cu2m_dmath {
// The sum of the squares of v[0 .. n) times 2^(-2e) in double-double, e the largest |v|'s exponent;
// kind 0: finite and not all zero, 1: all zero, 2: an infinity, 3: a NaN (no infinity).
struct squares { dd s; int e; int kind; };
template <typename P> inline squares sum_squares(int n, P v) { // v: f64s in any address space
  squares r;
  r.s = dd_of(f64::from_bits(0), f64::from_bits(0));
  r.e = 0;
  f64 m = f64::from_bits(0);
  bool nan = false, inf = false;
  for (int i = 0; i < n; i++) {
    f64 a = fabs(f64(v[i]));
    if (isinf(a)) inf = true;
    else if (isnan(a)) nan = true;
    else if (a > m) m = a;
  }
  r.kind = inf ? 2 : nan ? 3 : (m.bits == 0 ? 1 : 0);
  if (r.kind != 0) return r;
  r.e = cu2m_f64::exp_of(m.bits) == 0 ? -1022 : cu2m_f64::exp_of(m.bits) - 0x3FF;
  for (int i = 0; i < n; i++) {
    f64 b = ldexp_(fabs(f64(v[i])), -r.e);
    dd p = two_prod(b, b);
    dd u = two_sum(r.s.hi, p.hi);
    r.s = fast_two_sum(u.hi, u.lo + (r.s.lo + p.lo));
  }
  return r;
}
template <typename P> inline f64 norm_of(int n, P v) {
  squares q = sum_squares(n, v);
  if (q.kind == 1) return f64::from_bits(0);
  if (q.kind == 2) return CU2M_D(0x7FF0000000000000);
  if (q.kind == 3) return f64::from_bits(cu2m_f64::QNAN);
  return ldexp_(dd_value(sqrt_dd(q.s)), q.e);
}
template <typename P> inline f64 rnorm_of(int n, P v) {
  squares q = sum_squares(n, v);
  if (q.kind == 1) return CU2M_D(0x7FF0000000000000);
  if (q.kind == 2) return f64::from_bits(0);
  if (q.kind == 3) return f64::from_bits(cu2m_f64::QNAN);
  dd r = dd_div(dd_of(CU2M_D(0x3FF0000000000000), f64::from_bits(0)), sqrt_dd(q.s));
  return ldexp_(dd_value(r), -q.e);
}
}
inline f64 rhypot(f64 x, f64 y) { f64 v[2]; v[0] = x; v[1] = y; return cu2m_dmath::rnorm_of(2, v); }
inline f64 norm3d(f64 a, f64 b, f64 c) { f64 v[3]; v[0] = a; v[1] = b; v[2] = c; return cu2m_dmath::norm_of(3, v); }
inline f64 rnorm3d(f64 a, f64 b, f64 c) { f64 v[3]; v[0] = a; v[1] = b; v[2] = c; return cu2m_dmath::rnorm_of(3, v); }
inline f64 norm4d(f64 a, f64 b, f64 c, f64 d) { f64 v[4]; v[0] = a; v[1] = b; v[2] = c; v[3] = d; return cu2m_dmath::norm_of(4, v); }
inline f64 rnorm4d(f64 a, f64 b, f64 c, f64 d) { f64 v[4]; v[0] = a; v[1] = b; v[2] = c; v[3] = d; return cu2m_dmath::rnorm_of(4, v); }
// norm(dim, p), rnorm(dim, p): of the dim doubles p points to (any address space)
template <typename P> inline f64 norm(int dim, P p) { return cu2m_dmath::norm_of(dim, p); }
template <typename P> inline f64 rnorm(int dim, P p) { return cu2m_dmath::rnorm_of(dim, p); }
#undef CU2M_D
// ---- end of the norms
`;

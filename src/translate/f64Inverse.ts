// normcdf, erfinv, erfcinv and normcdfinv of a double under software double (`--double=soft`, the
// default), emitted in the prelude after f64Norms.ts: they use erf_dd (f64Math.ts) and erfc_parts
// (f64Special.ts), so the cuda-cpu reference runs the same text on its native double
// (f64Reference.ts) and both give the same bits (so they call no exp or log: the reference's would be
// glibc's, but exp_dd, log_dd, log1p of f64Math.ts).
//
// Method:
//   - normcdf(x) = erfc(-x/sqrt(2))/2 with the argument t = |x|/sqrt(2) as a double-double and
//     t^2 = x^2/2 exact (the tail's relative error would otherwise grow like x^2): below -1/sqrt(2)
//     erfc's continued fraction (erfc_parts) scaled once by 2^(k-1); above 1/sqrt(2) 1 - that; between,
//     1/2 -+ erf(t)/2 with erf_dd(t.hi) plus the first-order term of t.lo.
//   - erfinv(y), |y| < 1/2: Newton's method on erf(x) - y from Winitzki's closed-form approximation
//     (relative error about 1e-3), the residual in double-double (erf_dd), 5 steps; |y| >= 1/2:
//     erfcinv(1 - |y|) (1 - |y| is exact).
//   - erfcinv(y): y in [1/2, 1] through erfinv(1 - y), y > 1 through -erfcinv(2 - y) (both exact);
//     y < 1/2: Winitzki's guess, 3 Newton steps on log erfc(x) - log y (erfc is too curved far out
//     for Newton on erfc itself) and 2 on erfc(x) - y, erfc as m 2^k (erfc_parts) so that y down to
//     the least subnormal keeps its relative accuracy.
//   - normcdfinv(p) = -sqrt(2) erfcinv(2p), the product in double-double.
// The error bounds measured against the host's long double (test/fixtures/double/inverse.cu) are in
// src/translate/tables/double.ts and docs/DESIGN.md.
export const F64_INVERSE = String.raw`// normcdf, erfinv, erfcinv, normcdfinv of a double (src/translate/f64Inverse.ts)
#define CU2M_D(b) f64::from_bits(b##ul)
namespace cu2m_dmath {
inline dd inv_sqrt2_dd() { return dd_of(CU2M_D(0x3FE6A09E667F3BCD), CU2M_D(0xBC8BDD3413B26456)); }
// Winitzki's approximation of erfinv from L = log(1 - z^2) (a = 0.147): relative error about 1e-3.
inline f64 erfinv_guess(f64 L) {
  f64 A = CU2M_D(0x401152AF46B7C65E) + L * CU2M_D(0x3FE0000000000000); // 2/(pi a) + L/2
  f64 La = -L * CU2M_D(0x401B35FC845A8ECD);                            // -L/a >= 0
  return sqrt(La / (sqrt(A * A + La) + A)); // sqrt(sqrt(A^2 - L/a) - A), without the cancellation
}
// erfinv(y) for 2^-27 <= y < 1/2, the last Newton correction kept as the low part.
inline dd erfinv_small(f64 y) {
  f64 x = erfinv_guess(log1p(-(y * y)));
  for (int i = 0;; i++) {
    dd e = erf_dd(x);
    f64 r = (e.hi - y) + e.lo; // e.hi - y is exact (Sterbenz) once x is close
    f64 c = -r / (CU2M_D(0x3FF20DD750429B6D) * dd_value(exp_dd(-(x * x))));
    if (i == 4) return fast_two_sum(x, c);
    x = x + c;
  }
}
// erfc(x) = m 2^k and e^(-x^2) = em 2^k for x >= 1/4: erfc_parts from 1/2, 1 - erf_dd(x) below.
inline erfc_scaled erfc_any(f64 x) {
  if (x >= CU2M_D(0x3FE0000000000000)) return erfc_parts(dd_of(x, f64::from_bits(0)), two_prod(x, x));
  erfc_scaled p;
  dd e = erf_dd(x);
  dd s = two_sum(CU2M_D(0x3FF0000000000000), -e.hi);
  p.m = fast_two_sum(s.hi, s.lo - e.lo);
  p.em = exp_dd(-(x * x));
  p.k = 0;
  return p;
}
// erfcinv(y) for 0 < y <= 1/2 (x >= 0.47), the last Newton correction kept as the low part.
inline dd erfcinv_small(f64 y) {
  f64 ly = dd_value(log_dd(y));
  f64 x = erfinv_guess(ly + dd_value(log_dd(CU2M_D(0x4000000000000000) - y))); // log(1 - (1 - y)^2)
  for (int i = 0;; i++) {
    if (!(x >= CU2M_D(0x3FD0000000000000))) x = CU2M_D(0x3FD0000000000000); // an early step below the root's 0.47: 1/4
    erfc_scaled p = erfc_any(x);
    f64 d = dd_value(p.em) * CU2M_D(0x3FF20DD750429B6D); // -erfc'(x) 2^-k
    if (i < 3) { // log erfc(x) - log y over its derivative -d / m
      f64 m = dd_value(p.m);
      x = x + (dd_value(log_dd(m)) + f64(p.k) * CU2M_D(0x3FE62E42FEFA39EF) - ly) * (m / d);
    } else {
      f64 c = ((p.m.hi - ldexp_(y, -p.k)) + p.m.lo) / d;
      if (i == 4) return fast_two_sum(x, c);
      x = x + c;
    }
  }
}
// erfcinv(y) for 0 < y < 2 as a double-double (negative above 1).
inline dd erfcinv_dd(f64 y) {
  if (y > CU2M_D(0x3FF0000000000000)) return dd_neg(erfcinv_dd(CU2M_D(0x4000000000000000) - y)); // exact
  if (y < CU2M_D(0x3FE0000000000000)) return erfcinv_small(y);
  f64 z = CU2M_D(0x3FF0000000000000) - y; // exact: erfinv(1 - y), 0 <= 1 - y <= 1/2
  if (z < CU2M_D(0x3E40000000000000)) return dd_mul(dd_of(z, f64::from_bits(0)), dd_of(CU2M_D(0x3FEC5BF891B4EF6B), CU2M_D(0xBC8618F13EB7CA89))); // z sqrt(pi)/2
  return erfinv_small(z);
}
}
inline f64 normcdf(f64 x) {
  using namespace cu2m_dmath;
  if (isnan(x)) return x + x;
  f64 ax = fabs(x);
  bool neg = (x.bits >> 63) != 0;
  if (ax < CU2M_D(0x3C30000000000000)) return CU2M_D(0x3FE0000000000000); // |x| < 2^-60: 1/2
  if (ax > CU2M_D(0x40434CCCCCCCCCCD)) return neg ? f64::from_bits(0) : CU2M_D(0x3FF0000000000000); // |x| > 38.6
  dd t = dd_mul(dd_of(ax, f64::from_bits(0)), inv_sqrt2_dd()); // |x| / sqrt(2)
  if (t.hi >= CU2M_D(0x3FE0000000000000)) {
    dd x2 = two_prod(ax, ax);
    erfc_scaled p = erfc_parts(t, dd_of(x2.hi * CU2M_D(0x3FE0000000000000), x2.lo * CU2M_D(0x3FE0000000000000)));
    f64 v = ldexp_(p.m.hi + p.m.lo, p.k - 1); // erfc(t) / 2
    if (neg) return v;
    dd s = two_sum(CU2M_D(0x3FF0000000000000), -v);
    return s.hi + s.lo;
  }
  dd e = erf_dd(t.hi);
  e = fast_two_sum(e.hi, e.lo + CU2M_D(0x3FF20DD750429B6D) * t.lo * (CU2M_D(0x3FF0000000000000) - t.hi * t.hi)); // + erf'(t) t.lo
  if (neg) e = dd_neg(e);
  dd s = two_sum(CU2M_D(0x3FE0000000000000), e.hi * CU2M_D(0x3FE0000000000000));
  return s.hi + (s.lo + e.lo * CU2M_D(0x3FE0000000000000));
}
inline f64 erfinv(f64 y) {
  using namespace cu2m_dmath;
  if (isnan(y)) return y + y;
  f64 ay = fabs(y);
  if (ay > CU2M_D(0x3FF0000000000000)) return f64::from_bits(cu2m_f64::QNAN);
  if (ay == CU2M_D(0x3FF0000000000000)) return signed_as(CU2M_D(0x7FF0000000000000), (y.bits >> 63) != 0);
  if (ay < CU2M_D(0x3E40000000000000)) return dd_value(dd_mul(dd_of(y, f64::from_bits(0)), dd_of(CU2M_D(0x3FEC5BF891B4EF6B), CU2M_D(0xBC8618F13EB7CA89)))); // < 2^-27: y sqrt(pi)/2
  dd x = ay < CU2M_D(0x3FE0000000000000) ? erfinv_small(ay) : erfcinv_small(CU2M_D(0x3FF0000000000000) - ay);
  return signed_as(dd_value(x), (y.bits >> 63) != 0);
}
inline f64 erfcinv(f64 y) {
  using namespace cu2m_dmath;
  if (isnan(y)) return y + y;
  if (y < f64::from_bits(0) || y > CU2M_D(0x4000000000000000)) return f64::from_bits(cu2m_f64::QNAN);
  if ((y.bits << 1) == 0) return CU2M_D(0x7FF0000000000000);
  if (y == CU2M_D(0x4000000000000000)) return CU2M_D(0xFFF0000000000000);
  return dd_value(erfcinv_dd(y));
}
inline f64 normcdfinv(f64 p) {
  using namespace cu2m_dmath;
  if (isnan(p)) return p + p;
  if (p < f64::from_bits(0) || p > CU2M_D(0x3FF0000000000000)) return f64::from_bits(cu2m_f64::QNAN);
  if ((p.bits << 1) == 0) return CU2M_D(0xFFF0000000000000);
  if (p == CU2M_D(0x3FF0000000000000)) return CU2M_D(0x7FF0000000000000);
  dd r = dd_mul(erfcinv_dd(p + p), dd_of(CU2M_D(0x3FF6A09E667F3BCD), CU2M_D(0xBC9BDD3413B26456))); // * sqrt(2)
  return -(r.hi + r.lo);
}
#undef CU2M_D
// ---- end of normcdf, erfinv, erfcinv, normcdfinv
`;

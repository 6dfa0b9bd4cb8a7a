// Bessel functions of the first and second kind (j0f j1f jnf y0f y1f ynf) and the modified Bessel
// functions cyl_bessel_i0f/i1f: float helpers added to the MSL (once, only when used), written for
// this project from the textbook formulas (Abramowitz & Stegun 9.1.10-9.1.13, 9.2.5, 9.7.1):
//   * |x| < 8: the power series, summed in float-float (the terms reach 113 at x = 8, so float alone
//     would lose 7 bits to cancellation); near each zero of J0, J1, Y0, Y1 below 8 a Taylor
//     polynomial in x - zero instead (coefficients from the Bessel equation's recurrence at the
//     zero, computed once in high precision), so the result keeps its relative accuracy there;
//   * |x| >= 8: Hankel's asymptotic expansion, cos(x - pi/4) and its kin from sin x and cos x (no
//     rounding of x - pi/4);
//   * jnf: forward recurrence above |x| = n, Miller's backward recurrence below; ynf: forward;
//     negative orders give NaN, and jnf(n >= 2, 0) too, as an H100 does;
//   * cyl_bessel_i0f/i1f: the series of positive terms in float-float below 15, the asymptotic
//     expansion times e^x (as m 2^k, so nothing overflows before the result) above.
// Double versions (j0, y0, cyl_bessel_i0...) of a double: software double (src/translate/f64Bessel.ts).
// The errors in the notes were measured by test/fixtures/bessel/bessel.cu against the host's long
// double functions on both CPU backends. Data only; tables/functions.ts puts these rows in place of
// the rows that refused the names, and docs/support-matrix.md is generated from them.
import type { FunctionCategory, FunctionMapping } from './functions';

interface Row {
  readonly cuda: string;
  readonly category: FunctionCategory;
  readonly map: FunctionMapping;
}

const FF = String.raw`// float-float arithmetic: hi + lo with |lo| <= ulp(hi)/2 (fma gives the exact product error)
struct cu2m_ff { float hi; float lo; };
inline cu2m_ff cu2m_ff_of(float hi, float lo) { cu2m_ff r; r.hi = hi; r.lo = lo; return r; }
inline cu2m_ff cu2m_ff_add(cu2m_ff a, cu2m_ff b) {
  float s = a.hi + b.hi, v = s - a.hi;
  float e = ((a.hi - (s - v)) + (b.hi - v)) + (a.lo + b.lo);
  float h = s + e;
  return cu2m_ff_of(h, e - (h - s));
}
inline cu2m_ff cu2m_ff_mul(cu2m_ff a, cu2m_ff b) {
  float p = a.hi * b.hi;
  float e = fma(a.hi, b.hi, -p) + (a.hi * b.lo + a.lo * b.hi);
  float h = p + e;
  return cu2m_ff_of(h, e - (h - p));
}
inline cu2m_ff cu2m_ff_div(cu2m_ff a, float d) { // a / d
  float q = a.hi / d;
  float l = (fma(-q, d, a.hi) + a.lo) / d;
  float h = q + l;
  return cu2m_ff_of(h, l - (h - q));
}`;
const SERIES = String.raw`// The power series of J0 and J1 (nu = 0, 1) and of the sums in Y0 and Y1 in float-float, |x| < 8:
//   s = sum (-q)^k / (k! (k+nu)!),  h = sum (-q)^k (H_k + H_{k+nu}) / (k! (k+nu)!),  q = x^2/4,
// H_k = 1 + 1/2 + ... + 1/k. Terms grow to 113 before they fall, so float alone would lose 7 bits.
inline void cu2m_bessel_series(float x, int nu, thread cu2m_ff& s, thread cu2m_ff& h) {
  float xx = x * x;
  cu2m_ff q = cu2m_ff_of(-0.25f * xx, -0.25f * fma(x, x, -xx)); // -x^2/4, exact
  cu2m_ff t = cu2m_ff_of(1.0f, 0.0f), hk = cu2m_ff_of(0.0f, 0.0f), hkn = cu2m_ff_of(nu == 0 ? 0.0f : 1.0f, 0.0f);
  s = t;
  h = cu2m_ff_of(nu == 0 ? 0.0f : 1.0f, 0.0f);
  for (int k = 1; k < 40; k++) {
    t = cu2m_ff_div(cu2m_ff_mul(t, q), float(k * (k + nu)));
    hk = cu2m_ff_add(hk, cu2m_ff_div(cu2m_ff_of(1.0f, 0.0f), float(k)));
    if (nu == 0) hkn = hk;
    else hkn = cu2m_ff_add(hkn, cu2m_ff_div(cu2m_ff_of(1.0f, 0.0f), float(k + 1)));
    s = cu2m_ff_add(s, t);
    h = cu2m_ff_add(h, cu2m_ff_mul(t, cu2m_ff_add(hk, hkn)));
    if (fabs(t.hi) < 1e-16f) break;
  }
}
// Taylor coefficients (c1 ... c14) at the zeros below 8; each row: zero (hi, lo), reach, coefficients.
constant float cu2m_bessel_zeros[9][17] = {
  {2.404825449e+00f, 1.087059047e-07f, 0.4f, -5.191475153e-01f, 1.079386994e-01f, 5.660177395e-02f, -8.657669649e-03f, -2.194200410e-03f, 2.643770422e-04f, 4.372919284e-05f, -4.338826329e-06f, -5.304914339e-07f, 4.470055970e-08f, 4.326565328e-09f, -3.166612528e-10f, -2.533893234e-11f, 1.638714338e-12f}, // J0 at 2.4048256
  {5.520078182e+00f, -7.193414575e-08f, 0.4f, 3.402647972e-01f, -3.082065098e-02f, -5.298855156e-02f, 4.631042015e-03f, 2.257440239e-03f, -1.751857344e-04f, -4.652109055e-05f, 3.199786988e-06f, 5.716490818e-07f, -3.511535951e-08f, -4.683396337e-09f, 2.592209225e-10f, 2.745253330e-11f, -1.380576209e-12f}, // J0 at 5.5200781
  {3.831706047e+00f, -7.685058989e-08f, 0.4f, -4.027594030e-01f, 5.255614594e-02f, 5.341044441e-02f, -5.179719068e-03f, -2.233125269e-03f, 1.746642956e-04f, 4.620870095e-05f, -3.036863291e-06f, -5.727805501e-07f, 3.248286262e-08f, 4.735380532e-09f, -2.362196272e-10f, -2.798876582e-11f, 1.246229574e-12f}, // J1 at 3.831706
  {7.015586853e+00f, -1.832117249e-07f, 0.4f, 3.001157641e-01f, -2.138921246e-02f, -4.697047919e-02f, 3.130291821e-03f, 2.105587162e-03f, -1.255079114e-04f, -4.499147690e-05f, 2.401580787e-06f, 5.665269782e-07f, -2.727342796e-08f, -4.720483116e-09f, 2.065348725e-10f, 2.800572448e-11f, -1.121638047e-12f}, // J1 at 7.0155867
  {8.935769796e-01f, -1.335797872e-08f, 0.2f, 8.794208169e-01f, -4.920789301e-01f, 2.205528319e-01f, -2.261217088e-01f, 2.189484239e-01f, -2.048771977e-01f, 1.973356754e-01f, -1.939500868e-01f, 1.933761835e-01f, -1.950649321e-01f, 1.986667812e-01f, -2.039619386e-01f, 2.108212411e-01f, -2.191783786e-01f}, // Y0 at 0.89357697
  {3.957678318e+00f, 1.012911781e-07f, 0.4f, -4.025426805e-01f, 5.085590854e-02f, 5.852382258e-02f, -6.852566730e-03f, -2.183518838e-03f, 1.952694001e-04f, 5.092291394e-05f, -4.893369351e-06f, -2.934881422e-07f, -2.185341685e-08f, 1.892809109e-08f, -3.656723813e-09f, 7.669452851e-10f, -1.861310273e-10f}, // Y0 at 3.9576784
  {7.086050987e+00f, 7.305811778e-08f, 0.4f, 3.000976145e-01f, -2.117523737e-02f, -4.802406952e-02f, 3.318348201e-03f, 2.175983973e-03f, -1.406025985e-04f, -4.595140490e-05f, 2.701363883e-06f, 5.749349725e-07f, -3.098470103e-08f, -4.717221724e-09f, 2.302945612e-10f, 2.826857325e-11f, -1.312008336e-12f}, // Y0 at 7.0860511
  {2.197141409e+00f, -8.288927233e-08f, 0.5f, 5.207864046e-01f, -1.185145453e-01f, -3.285739571e-02f, -4.797811620e-03f, 7.422553375e-03f, -2.595241647e-03f, 1.066852943e-03f, -5.096013192e-04f, 2.358699858e-04f, -1.077604393e-04f, 4.924428504e-05f, -2.249113277e-05f, 1.026385235e-05f, -4.681289738e-06f}, // Y1 at 2.1971413
  {5.429680824e+00f, 2.165143513e-07f, 0.4f, -3.403180540e-01f, 3.133867681e-02f, 5.094793811e-02f, -4.160115961e-03f, -2.165998798e-03f, 1.466208923e-04f, 4.645867739e-05f, -2.863862619e-06f, -5.464420383e-07f, 2.550514466e-08f, 5.598034480e-09f, -3.855618880e-10f, 2.276561968e-12f, -4.437750514e-12f}, // Y1 at 5.429681
};
// Near a zero of J0, J1, Y0 or Y1 below 8 (row z of the table above): the Taylor polynomial
// sum c_i d^i in d = x - zero, with the zero as hi + lo (x - hi is exact there), so that the result
// keeps its relative accuracy where it crosses 0.
inline float cu2m_bessel_near_zero(float x, int z) {
  float d = (x - cu2m_bessel_zeros[z][0]) - cu2m_bessel_zeros[z][1];
  float p = cu2m_bessel_zeros[z][16];
  for (int i = 15; i >= 3; i--) p = fma(p, d, cu2m_bessel_zeros[z][i]);
  return p * d;
}
// rows [first, last] of cu2m_bessel_zeros: the one whose zero x is near, or -1
inline int cu2m_bessel_zero_row(float x, int first, int last) {
  for (int i = first; i <= last; i++) if (fabs(x - cu2m_bessel_zeros[i][0]) < cu2m_bessel_zeros[i][2]) return i;
  return -1;
}
// Hankel's asymptotic expansion for x >= 8 (A&S 9.2.5-9.2.6): P and Q of the order nu, mu = 4 nu^2,
// summed while the terms fall (below 2e-8 of P at x = 8).
inline void cu2m_bessel_pq(float x, float mu, thread float& p, thread float& q) {
  float t = 1.0f, z = 8.0f * x;
  p = 0.0f; // P - 1 until the end
  q = 0.0f;
  for (int k = 1; k < 40; k++) {
    float u = t * (mu - float((2 * k - 1) * (2 * k - 1))) / (float(k) * z);
    if (fabs(u) >= fabs(t)) break;
    t = u;
    if ((k & 1) != 0) q += (k & 2) != 0 ? -t : t; // + t1 - t3 + t5 ...
    else p += (k & 2) != 0 ? -t : t;              // - t2 + t4 ...
    if (fabs(t) < 1e-10f) break;
  }
  p += 1.0f;
}`;
const J0 = String.raw`// j0f(x). CUDA: 9 ulp for |x| < 8, else 2.2e-6 absolute.
inline float cu2m_j0f(float x) {
  float a = fabs(x);
  if (isnan(x)) return x;
  if (a >= 8.0f) {
    if (isinf(a)) return 0.0f;
    float p, q, s = sin(a), c = cos(a);
    cu2m_bessel_pq(a, 0.0f, p, q);
    return (p * (c + s) - q * (s - c)) * (0.5641895835f / sqrt(a)); // 1/sqrt(pi x) (P cos(x - pi/4) - Q sin(x - pi/4)) sqrt(2)
  }
  int z = cu2m_bessel_zero_row(a, 0, 1);
  if (z >= 0) return cu2m_bessel_near_zero(a, z);
  cu2m_ff s, h;
  cu2m_bessel_series(a, 0, s, h);
  return s.hi + s.lo;
}`;
const J1 = String.raw`// j1f(x). CUDA: 9 ulp for |x| < 8, else 2.2e-6 absolute.
inline float cu2m_j1f(float x) {
  float a = fabs(x), r;
  if (isnan(x)) return x;
  if (a >= 8.0f) {
    if (isinf(a)) return 0.0f;
    float p, q, s = sin(a), c = cos(a);
    cu2m_bessel_pq(a, 4.0f, p, q);
    r = (p * (s - c) + q * (s + c)) * (0.5641895835f / sqrt(a));
  } else {
    int z = cu2m_bessel_zero_row(a, 2, 3);
    if (z >= 0) {
      r = cu2m_bessel_near_zero(a, z);
    } else {
      cu2m_ff s, h;
      cu2m_bessel_series(a, 1, s, h);
      r = 0.5f * a * (s.hi + s.lo);
    }
  }
  return x < 0.0f ? -r : r;
}`;
const Y0 = String.raw`// y0f(x). CUDA: 9 ulp for |x| < 8, else 2.2e-6 absolute. Below 8:
//   Y0 = 2/pi ((log(x/2) + gamma) J0(x) + sum_{k>=1} (-1)^(k+1) H_k (x^2/4)^k / k!^2).
inline float cu2m_y0f(float x) {
  if (isnan(x)) return x;
  if (x <= 0.0f) return x == 0.0f ? -INFINITY : NAN;
  if (x >= 8.0f) {
    if (isinf(x)) return 0.0f;
    float p, q, s = sin(x), c = cos(x);
    cu2m_bessel_pq(x, 0.0f, p, q);
    return (p * (s - c) + q * (c + s)) * (0.5641895835f / sqrt(x));
  }
  int z = cu2m_bessel_zero_row(x, 4, 6);
  if (z >= 0) return cu2m_bessel_near_zero(x, z);
  cu2m_ff s, h;
  cu2m_bessel_series(x, 0, s, h);
  float l = log(x) - 0.1159315157f; // log(x/2) + Euler's gamma
  float a = l * s.hi;
  return 0.6366197724f * ((a - 0.5f * h.hi) + (fma(l, s.hi, -a) + l * s.lo - 0.5f * h.lo));
}`;
const Y1 = String.raw`// y1f(x). CUDA: 9 ulp for |x| < 8, else 2.2e-6 absolute. Below 8:
//   Y1 = 2/pi ((log(x/2) + gamma) J1(x) - 1/x - x/4 sum_{k>=0} (-1)^k (H_k + H_{k+1}) (x^2/4)^k / (k! (k+1)!)).
inline float cu2m_y1f(float x) {
  if (isnan(x)) return x;
  if (x <= 0.0f) return x == 0.0f ? -INFINITY : NAN;
  if (x >= 8.0f) {
    if (isinf(x)) return 0.0f;
    float p, q, s = sin(x), c = cos(x);
    cu2m_bessel_pq(x, 4.0f, p, q);
    return (q * (s - c) - p * (s + c)) * (0.5641895835f / sqrt(x));
  }
  int z = cu2m_bessel_zero_row(x, 7, 8);
  if (z >= 0) return cu2m_bessel_near_zero(x, z);
  if (x < 1e-30f) return -0.6366197724f / x; // the other terms are below an ulp of this
  cu2m_ff s, h;
  cu2m_bessel_series(x, 1, s, h);
  float l = log(x) - 0.1159315157f;
  float a = l * s.hi;
  float v = (a - 0.5f * h.hi) + (fma(l, s.hi, -a) + l * s.lo - 0.5f * h.lo); // (log(x/2) + gamma) J1 - x/4 sum, over x/2
  return 0.6366197724f * (0.5f * x * v - 1.0f / x);
}`;
const JN = String.raw`// jnf(n, x): J0, J1 for n = 0, 1; above |x| = n the forward recurrence J(k+1) = 2k/x J(k) - J(k-1)
// (stable there); below, Miller's backward recurrence from order n + sqrt(40 n) + 10, normalised by
// J0 + 2 (J2 + J4 + ...) = 1. CUDA: 2.2e-6 absolute for n = 128.
inline float cu2m_jnf_order(int n, float x) { // n >= 0
  if (n == 0) return cu2m_j0f(x);
  if (n == 1) return cu2m_j1f(x);
  if (isnan(x)) return x;
  float a = fabs(x), r;
  if (isinf(a) || a == 0.0f) return (n & 1) != 0 && x < 0.0f ? -0.0f : 0.0f;
  if (a > float(n)) {
    float lo = cu2m_j0f(a), hi = cu2m_j1f(a);
    for (int k = 1; k < n; k++) {
      float next = fma(float(2 * k) / a, hi, -lo);
      lo = hi;
      hi = next;
    }
    r = hi;
  } else if (a * a < 1e-6f * float(n + 1)) {
    r = 1.0f; // (x/2)^n / n! (1 - x^2 / (4 (n+1))): the next term is below 2^-21 of it
    for (int k = 1; k <= n && r != 0.0f; k++) r *= 0.5f * a / float(k);
    r *= 1.0f - 0.25f * a * a / float(n + 1);
  } else {
    int m = 2 * ((n + int(sqrt(40.0f * float(n))) + 10) / 2); // even
    float hi = 0.0f, cur = 1.0f, sum = 1.0f, jn = 0.0f; // J(m+1) = 0, J(m) = 1, unnormalised
    for (int j = m; j > 0; j--) {
      float lo = float(2 * j) / a * cur - hi; // J(j-1)
      hi = cur;
      cur = lo;
      if (j - 1 == n) jn = cur;
      if (((j - 1) & 1) == 0 && j > 1) sum += cur;
      if (fabs(cur) > 1e15f) { cur *= 1e-15f; hi *= 1e-15f; sum *= 1e-15f; jn *= 1e-15f; }
    }
    r = jn / (cur + 2.0f * sum);
  }
  return (n & 1) != 0 && x < 0.0f ? -r : r;
}
// As an H100 computes it (test/fixtures/bessel/bessel.cu): NaN for every negative order, and for
// x = ±0 when n >= 2.
inline float cu2m_jnf(int n, float x) {
  if (n < 0 || (n >= 2 && x == 0.0f)) return NAN;
  return cu2m_jnf_order(n, x);
}`;
const YN = String.raw`// ynf(n, x): Y0, Y1, then the forward recurrence Y(k+1) = 2k/x Y(k) - Y(k-1), stable for every x.
// CUDA: ceil(2 + 2.5 n) ulp for |x| < n, else 2.2e-6 absolute.
inline float cu2m_ynf_order(int n, float x) { // n >= 0
  if (n == 0) return cu2m_y0f(x);
  if (n == 1) return cu2m_y1f(x);
  if (isnan(x)) return x;
  if (x <= 0.0f) return x == 0.0f ? -INFINITY : NAN;
  if (isinf(x)) return 0.0f;
  float lo = cu2m_y0f(x), hi = cu2m_y1f(x);
  for (int k = 1; k < n && !isinf(hi); k++) {
    float next = fma(float(2 * k) / x, hi, -lo); // one rounding: no overflow before the result's
    lo = hi;
    hi = next;
  }
  return hi;
}
// As an H100 computes it (test/fixtures/bessel/bessel.cu): NaN for every negative order.
inline float cu2m_ynf(int n, float x) {
  if (n < 0) return NAN;
  return cu2m_ynf_order(n, x);
}`;
const EXP_SPLIT = String.raw`// e^x as m 2^k for cyl_bessel_i0f/i1f (k returned): x - k ln2 exactly in two parts (ln2's high part
// has 16 bits), then a Taylor polynomial of e^r, |r| <= ln2/2, within an ulp.
inline float cu2m_exp_split(float x, thread int& k) {
  float kf = rint(x * 1.442695041f);
  k = int(kf);
  float r = fma(-kf, 0.693145751953125f, x) - kf * 1.428606765330187e-06f;
  float p = 2.755731922e-7f;
  p = fma(p, r, 2.755731922e-6f);
  p = fma(p, r, 2.480158730e-5f);
  p = fma(p, r, 1.984126984e-4f);
  p = fma(p, r, 1.388888889e-3f);
  p = fma(p, r, 8.333333333e-3f);
  p = fma(p, r, 4.166666667e-2f);
  p = fma(p, r, 1.666666667e-1f);
  p = fma(p, r, 0.5f);
  p = fma(p, r, 1.0f);
  return fma(p, r, 1.0f);
}`;
const BESSEL_I = String.raw`// I0 (nu = 0) and I1 (nu = 1) of |x|: below 15 the series sum (x^2/4)^k / (k! (k+nu)!) of positive
// terms in float-float (times x/2 for I1); above, e^x / sqrt(2 pi x) sum (-1)^k t_k with
// t_k = prod_{j<=k} (4 nu^2 - (2j-1)^2) / (k! (8x)^k) (A&S 9.7.1), e^x as m 2^k so that no
// intermediate overflows before the result does. CUDA: 6 ulp.
inline float cu2m_bessel_i(float a, int nu) {
  if (a < 15.0f) {
    float xx = a * a;
    cu2m_ff q = cu2m_ff_of(0.25f * xx, 0.25f * fma(a, a, -xx));
    cu2m_ff t = cu2m_ff_of(1.0f, 0.0f), s = t;
    for (int k = 1; k < 60; k++) {
      t = cu2m_ff_div(cu2m_ff_mul(t, q), float(k * (k + nu)));
      s = cu2m_ff_add(s, t);
      if (t.hi < 1e-9f * s.hi) break;
    }
    return nu == 0 ? s.hi + s.lo : 0.5f * a * s.hi + 0.5f * a * s.lo;
  }
  if (isinf(a)) return a;
  float mu = float(4 * nu * nu), t = 1.0f, tail = 0.0f, z = 8.0f * a;
  for (int k = 1; k < 30; k++) {
    t *= -(mu - float((2 * k - 1) * (2 * k - 1))) / (float(k) * z);
    tail += t;
    if (fabs(t) < 1e-9f) break;
  }
  float sum = 1.0f + tail; // one rounding of the sum (1 + each term would round at each)
  int e;
  float m = cu2m_exp_split(a, e);
  return ldexp(m * (sum * (0.3989422804f / sqrt(a))), e);
}`;
const I0 = String.raw`// cyl_bessel_i0f(x): I0 is even. CUDA: 6 ulp.
inline float cu2m_cyl_bessel_i0f(float x) { return isnan(x) ? x : cu2m_bessel_i(fabs(x), 0); }`;
const I1 = String.raw`// cyl_bessel_i1f(x): I1 is odd. CUDA: 6 ulp.
inline float cu2m_cyl_bessel_i1f(float x) { float r = isnan(x) ? x : cu2m_bessel_i(fabs(x), 1); return x < 0.0f ? -r : r; }`;

/** [key, text] blocks a helper needs, in the order they must appear (each emitted once). */
const SHARED_FF = ['cu2m_bessel_ff', FF] as const;
const SHARED_SERIES = ['cu2m_bessel_series', SERIES] as const;
const NEEDS_J: readonly (readonly [string, string])[] = [SHARED_FF, SHARED_SERIES];
const NEEDS_JN: readonly (readonly [string, string])[] = [...NEEDS_J, ['cu2m_j0f', J0], ['cu2m_j1f', J1]];
const NEEDS_YN: readonly (readonly [string, string])[] = [...NEEDS_J, ['cu2m_y0f', Y0], ['cu2m_y1f', Y1]];
const NEEDS_I: readonly (readonly [string, string])[] = [SHARED_FF, ['cu2m_exp_split', EXP_SPLIT], ['cu2m_bessel_i', BESSEL_I]];

/**
 * Measured worst errors (test/fixtures/bessel/bessel.cu, both backends) and CUDA's bounds (CUDA Math
 * API: j0f/j1f/y0f/y1f 9 ulp for |x| < 8 else 2.2e-6 absolute, jnf 2.2e-6 absolute for n = 128, ynf
 * ceil(2 + 2.5n) ulp for |x| < n else 2.2e-6 absolute, cyl_bessel_i0f/i1f 6 ulp).
 */
export const BESSEL_FLOAT_NOTES: Readonly<Record<string, string>> = {
  j0: 'within 2.2 ulp below 8 (CUDA: 9 ulp), 6.0e-8 absolute above (CUDA: 2.2e-6), measured; a Taylor polynomial near the zeros below 8',
  j1: 'within 2.3 ulp below 8 (CUDA: 9 ulp), 7.8e-8 absolute above (CUDA: 2.2e-6), measured; a Taylor polynomial near the zeros below 8',
  y0: 'within 3.4 ulp below 8 (CUDA: 9 ulp), 6.2e-8 absolute above (CUDA: 2.2e-6), measured; a Taylor polynomial near the zeros below 8',
  y1: 'within 5.8 ulp below 8 (CUDA: 9 ulp), 6.3e-8 absolute above (CUDA: 2.2e-6), measured; a Taylor polynomial near the zeros below 8',
  jn: 'within 2.0e-7 absolute measured for n up to 128 (CUDA: 2.2e-6 for n = 128); recurrences (Miller backward below |x| = n); NaN for n < 0, and for x = 0 when n >= 2, as on an H100',
  yn: 'within 48 ulp below |x| = n for n up to 128 (CUDA: ceil(2 + 2.5n) ulp), 1.3e-7 absolute above (CUDA: 2.2e-6), measured; forward recurrence; NaN for n < 0, as on an H100',
  cyl_bessel_i0: 'within 3.6 ulp measured (CUDA: 6 ulp)',
  cyl_bessel_i1: 'within 3.2 ulp measured (CUDA: 6 ulp)',
};

const HELPERS: Readonly<Record<string, readonly [string, readonly (readonly [string, string])[]]>> = {
  j0: [J0, NEEDS_J],
  j1: [J1, NEEDS_J],
  y0: [Y0, NEEDS_J],
  y1: [Y1, NEEDS_J],
  jn: [JN, NEEDS_JN],
  yn: [YN, NEEDS_YN],
  cyl_bessel_i0: [I0, NEEDS_I],
  cyl_bessel_i1: [I1, NEEDS_I],
};

/**
 * Of a double (or an integer) under software double, the default: src/translate/f64Bessel.ts, with the
 * error measured against the host's long double functions (tables/double.ts adds these to SOFT_DOUBLE_ONLY).
 */
export const BESSEL_SOFT_DOUBLE: ReadonlyMap<string, string> = new Map<string, string>([
  ['j0', 'within 1.9 ulp below 8 (CUDA: 7 ulp), 5.4e-17 absolute above (CUDA: 5e-12)'],
  ['j1', 'within 2.1 ulp below 8 (CUDA: 7 ulp), 5.8e-17 absolute above (CUDA: 5e-12)'],
  ['y0', 'within 2.4 ulp below 8 (CUDA: 7 ulp), 5.5e-17 absolute above (CUDA: 5e-12)'],
  ['y1', 'within 1.9 ulp below 8 (CUDA: 7 ulp), 6.3e-17 absolute above (CUDA: 5e-12)'],
  ['jn', 'within 2.2e-16 absolute for n up to 128 (CUDA: 5e-12 for n = 128)'],
  ['yn', 'within 65 ulp below |x| = n for n up to 128 (CUDA: ceil(2 + 2.5n) ulp), 1.4e-16 absolute above (CUDA: 5e-12)'],
  ['cyl_bessel_i0', 'within 3.8 ulp (CUDA: 6 ulp)'],
  ['cyl_bessel_i1', 'within 2.7 ulp (CUDA: 6 ulp)'],
]);

/** j0f and j0 (of a float) → cu2m_j0f, and so on: the rows of tables/functions.ts. */
export const BESSEL_ROWS: readonly Row[] = Object.entries(HELPERS).flatMap(([f, [definition, requires]]): Row[] => {
  const msl = `cu2m_${f}f`;
  const note = BESSEL_FLOAT_NOTES[f] ?? '';
  const soft = BESSEL_SOFT_DOUBLE.get(f);
  const map = (n: string): FunctionMapping => ({ kind: 'polyfill', msl, definition, note: n, requires });
  return [
    { cuda: `${f}f`, category: 'math', map: map(note) },
    { cuda: f, category: 'math', map: map(`of a float: ${note}${soft ? `; of a double (or an integer): computed in software double (the default), ${soft}` : '; of a double: refused (C2M1003) under software double, computed in float with --double=float'}`) },
  ];
});

// Names of namespace std that device code may use (`std::numeric_limits<float>::max()`,
// `std::is_same<T, float>::value`, `std::sqrt(x)`): Metal's standard library has the same class
// templates in namespace metal (<metal_limits>, <metal_type_traits>), and the math functions are
// the Functions table's (written without `std::`). src/translate/stdNames.ts applies it.

/** Class templates of `std` that `metal` has under the same name and with the same members. */
export const STD_CLASS_TEMPLATES: ReadonlySet<string> = new Set([
  'numeric_limits',
  'is_same', 'is_integral', 'is_floating_point', 'is_signed', 'is_unsigned', 'is_arithmetic', 'is_scalar',
  'make_signed', 'make_unsigned', 'remove_cv', 'remove_reference', 'conditional', 'enable_if', 'integral_constant',
]);

/**
 * C++17 `_v` variable templates of the traits above (`std::is_same_v<T, unsigned>`): written
 * `metal::is_same<T, unsigned>::value`, which every MSL version has.
 */
export const STD_VALUE_TRAITS: ReadonlyMap<string, string> = new Map(
  ['is_same', 'is_integral', 'is_floating_point', 'is_signed', 'is_unsigned', 'is_arithmetic', 'is_scalar'].map((t) => [`${t}_v`, t]),
);

/**
 * `_t` alias templates of the traits above (`std::make_unsigned_t<T>`): written
 * `typename metal::make_unsigned<T>::type`.
 */
export const STD_TYPE_ALIASES: ReadonlyMap<string, string> = new Map(
  ['make_signed', 'make_unsigned', 'remove_cv', 'remove_reference', 'conditional', 'enable_if'].map((t) => [`${t}_t`, t]),
);

/**
 * `std::decay_t<T>` (`DefaultVecOp<..., std::decay_t<ScaOp>>` of a forwarding reference): for
 * the object types device code passes it is remove_cv of remove_reference, which Metal has;
 * written `typename metal::remove_cv<typename metal::remove_reference<T>::type>::type`.
 */
export const STD_DECAY_ALIAS = 'decay_t';

/**
 * <utility> functions that only change an expression's value category (`std::forward<T>(t)`,
 * `std::move(x)`): device values are plain data, copied either way, so the call becomes its
 * argument, in parentheses.
 */
export const STD_VALUE_CATEGORY_CASTS: ReadonlySet<string> = new Set(['forward', 'move']);

/** `cu2m_pair`: the members of std::pair in its layout, built as `P(a, b)`, `P{a, b}` or `P()`. */
const PAIR_DEFINITION = 'template <typename T1, typename T2>\nstruct cu2m_pair {\n  T1 first;\n  T2 second;\n  cu2m_pair() = default;\n  cu2m_pair(T1 a, T2 b) : first(a), second(b) {}\n};';

/**
 * `cu2m_complex<T>`: thrust::complex / std::complex (cuda::std::complex) in device code, two T's as
 * the host's std::complex lays them out (real, imaginary), built as `C()` (zero), `C(re)`
 * (so `c = 0.0f` assigns), `C(re, im)`; the arithmetic of complex with complex and with T;
 * `real()`/`imag()` on an object in any memory; `+=` & co. on a local, as statements (they return
 * nothing: `(a += b) * c` does not compile).
 */
const COMPLEX_DEFINITION = [
  '// thrust::complex<T> / std::complex<T> in device code: (real, imaginary) as the host lays them out',
  'template <typename T>',
  'struct cu2m_complex {',
  '  T re;',
  '  T im;',
  '  cu2m_complex(T r = T(), T i = T()) : re(r), im(i) {}',
  '  T real() const { return re; }',
  '  T real() const device { return re; }',
  '  T real() const threadgroup { return re; }',
  '  T real() const constant { return re; }',
  '  T imag() const { return im; }',
  '  T imag() const device { return im; }',
  '  T imag() const threadgroup { return im; }',
  '  T imag() const constant { return im; }',
  '  void operator+=(cu2m_complex o) { re += o.re; im += o.im; }',
  '  void operator-=(cu2m_complex o) { re -= o.re; im -= o.im; }',
  '  void operator*=(cu2m_complex o) { *this = *this * o; }',
  '  void operator/=(cu2m_complex o) { *this = *this / o; }',
  '};',
  'template <typename T> cu2m_complex<T> operator+(cu2m_complex<T> a, cu2m_complex<T> b) { return cu2m_complex<T>(a.re + b.re, a.im + b.im); }',
  'template <typename T> cu2m_complex<T> operator-(cu2m_complex<T> a, cu2m_complex<T> b) { return cu2m_complex<T>(a.re - b.re, a.im - b.im); }',
  'template <typename T> cu2m_complex<T> operator*(cu2m_complex<T> a, cu2m_complex<T> b) { return cu2m_complex<T>(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re); }',
  'template <typename T> cu2m_complex<T> operator/(cu2m_complex<T> a, cu2m_complex<T> b) {',
  '  T d = b.re * b.re + b.im * b.im;',
  '  return cu2m_complex<T>((a.re * b.re + a.im * b.im) / d, (a.im * b.re - a.re * b.im) / d);',
  '}',
  'template <typename T> cu2m_complex<T> operator+(cu2m_complex<T> a, T b) { return cu2m_complex<T>(a.re + b, a.im); }',
  'template <typename T> cu2m_complex<T> operator+(T a, cu2m_complex<T> b) { return cu2m_complex<T>(a + b.re, b.im); }',
  'template <typename T> cu2m_complex<T> operator-(cu2m_complex<T> a, T b) { return cu2m_complex<T>(a.re - b, a.im); }',
  'template <typename T> cu2m_complex<T> operator-(T a, cu2m_complex<T> b) { return cu2m_complex<T>(a - b.re, -b.im); }',
  'template <typename T> cu2m_complex<T> operator*(cu2m_complex<T> a, T b) { return cu2m_complex<T>(a.re * b, a.im * b); }',
  'template <typename T> cu2m_complex<T> operator*(T a, cu2m_complex<T> b) { return cu2m_complex<T>(a * b.re, a * b.im); }',
  'template <typename T> cu2m_complex<T> operator/(cu2m_complex<T> a, T b) { return cu2m_complex<T>(a.re / b, a.im / b); }',
  'template <typename T> cu2m_complex<T> operator/(T a, cu2m_complex<T> b) { return cu2m_complex<T>(a) / b; }',
  'template <typename T> cu2m_complex<T> operator-(cu2m_complex<T> a) { return cu2m_complex<T>(-a.re, -a.im); }',
  'template <typename T> bool operator==(cu2m_complex<T> a, cu2m_complex<T> b) { return a.re == b.re && a.im == b.im; }',
  'template <typename T> bool operator!=(cu2m_complex<T> a, cu2m_complex<T> b) { return !(a == b); }',
].join('\n');

/**
 * Class templates of `std` that Metal lacks, written into the MSL as a struct of ours named
 * `cu2m_NAME` with the same members and layout (`std::pair<uint64_t, uint64_t> seeds` as a
 * kernel parameter: the host passes the pair's bytes).
 */
export const STD_POLYFILLED_TEMPLATES: ReadonlyMap<string, { readonly msl: string; readonly definition: string }> = new Map([
  ['pair', { msl: 'cu2m_pair', definition: PAIR_DEFINITION }],
  ['complex', { msl: 'cu2m_complex', definition: COMPLEX_DEFINITION }],
]);

/**
 * <utility>/<tuple> functions of pairs (`std::make_pair(a, b)`, `std::tie(x, y) = f()`; Thrust's
 * too): functions of ours next to `cu2m_pair`. `tie` of two variables makes a pair of pointers
 * to them (thread memory) whose assignment from a pair stores both members.
 */
export const STD_POLYFILLED_FUNCTIONS: ReadonlyMap<string, { readonly msl: string; readonly definition: string; readonly of?: 'complex' }> = new Map([
  // Functions of complex numbers (thrust::conj(z), std::norm(z) ...): next to `cu2m_complex`.
  ['conj', { msl: 'cu2m_conj', of: 'complex', definition: 'template <typename T> cu2m_complex<T> cu2m_conj(cu2m_complex<T> z) { return cu2m_complex<T>(z.re, -z.im); }' }],
  ['norm', { msl: 'cu2m_norm', of: 'complex', definition: 'template <typename T> T cu2m_norm(cu2m_complex<T> z) { return z.re * z.re + z.im * z.im; }' }],
  ['arg', { msl: 'cu2m_arg', of: 'complex', definition: 'template <typename T> T cu2m_arg(cu2m_complex<T> z) { return atan2(z.im, z.re); }' }],
  ['polar', { msl: 'cu2m_polar', of: 'complex', definition: 'template <typename T> cu2m_complex<T> cu2m_polar(T r, T theta = T()) { return cu2m_complex<T>(r * cos(theta), r * sin(theta)); }' }],
  ['make_pair', { msl: 'cu2m_make_pair', definition: 'template <typename T1, typename T2>\ncu2m_pair<T1, T2> cu2m_make_pair(T1 a, T2 b) {\n  return cu2m_pair<T1, T2>(a, b);\n}' }],
  ['tie', { msl: 'cu2m_tie', definition: 'template <typename T1, typename T2>\nstruct cu2m_tied {\n  thread T1 *first;\n  thread T2 *second;\n  template <typename U1, typename U2>\n  void operator=(cu2m_pair<U1, U2> p) {\n    *first = p.first;\n    *second = p.second;\n  }\n};\ntemplate <typename T1, typename T2>\ncu2m_tied<T1, T2> cu2m_tie(thread T1 &a, thread T2 &b) {\n  return cu2m_tied<T1, T2>{&a, &b};\n}' }],
]);

/** The scopes that name namespace std: `std::x`, `::std::x`, `cuda::std::x` (libcu++). */
export const STD_SCOPES: ReadonlySet<string> = new Set(['std', '::std', 'cuda::std', '::cuda::std']);

/** <cstdint>/<cstddef> types written with `std::` (`std::uint8_t`): MSL has them without it. */
export const STD_SCALAR_TYPES: ReadonlySet<string> = new Set([
  'int8_t', 'uint8_t', 'int16_t', 'uint16_t', 'int32_t', 'uint32_t', 'int64_t', 'uint64_t', 'size_t', 'ptrdiff_t',
]);

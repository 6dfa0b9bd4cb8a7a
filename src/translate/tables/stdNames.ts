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

/**
 * `cu2m_tuple`: thrust::tuple (std::tuple) of up to four elements in device code, its members
 * `v0`..`v3`, built as `T(a, b)`, `T{a, b}` or `T()`; partial specializations of one, two and three
 * elements hold only those members (no empty `cu2m_tuple_none` member, which would take a byte and
 * padding), so the struct is the size of a plain struct of its elements. `cu2m_tuple_at<I>` reads
 * member I for thrust::get<I> (cu2m_get); std::get<0>/<1> of a std::pair (cu2m_pair) read first/second.
 * The host's tuple (libstdc++ std::tuple) stores its elements last to first, so a tuple kernel
 * parameter (or pointer to tuples) is refused (function.ts, C2M1006); tuples made in device code are fine.
 */
const TUPLE_DEFINITION = 'struct cu2m_tuple_none {};\ntemplate <typename T0, typename T1 = cu2m_tuple_none, typename T2 = cu2m_tuple_none, typename T3 = cu2m_tuple_none>\nstruct cu2m_tuple {\n  T0 v0;\n  T1 v1;\n  T2 v2;\n  T3 v3;\n  cu2m_tuple() = default;\n  cu2m_tuple(T0 a, T1 b = T1(), T2 c = T2(), T3 d = T3()) : v0(a), v1(b), v2(c), v3(d) {}\n};\ntemplate <typename T0, typename T1, typename T2>\nstruct cu2m_tuple<T0, T1, T2, cu2m_tuple_none> {\n  T0 v0;\n  T1 v1;\n  T2 v2;\n  cu2m_tuple() = default;\n  cu2m_tuple(T0 a, T1 b = T1(), T2 c = T2()) : v0(a), v1(b), v2(c) {}\n};\ntemplate <typename T0, typename T1>\nstruct cu2m_tuple<T0, T1, cu2m_tuple_none, cu2m_tuple_none> {\n  T0 v0;\n  T1 v1;\n  cu2m_tuple() = default;\n  cu2m_tuple(T0 a, T1 b = T1()) : v0(a), v1(b) {}\n};\ntemplate <typename T0>\nstruct cu2m_tuple<T0, cu2m_tuple_none, cu2m_tuple_none, cu2m_tuple_none> {\n  T0 v0;\n  cu2m_tuple() = default;\n  cu2m_tuple(T0 a) : v0(a) {}\n};\ntemplate <int I> struct cu2m_tuple_at;\ntemplate <> struct cu2m_tuple_at<0> {\n  template <typename T> static thread decltype(T::v0) &of(thread T &t) { return t.v0; }\n  template <typename T> static decltype(T::v0) of(const thread T &t) { return t.v0; }\n  template <typename T> static thread decltype(T::first) &of(thread T &t) { return t.first; }\n  template <typename T> static decltype(T::first) of(const thread T &t) { return t.first; }\n};\ntemplate <> struct cu2m_tuple_at<1> {\n  template <typename T> static thread decltype(T::v1) &of(thread T &t) { return t.v1; }\n  template <typename T> static decltype(T::v1) of(const thread T &t) { return t.v1; }\n  template <typename T> static thread decltype(T::second) &of(thread T &t) { return t.second; }\n  template <typename T> static decltype(T::second) of(const thread T &t) { return t.second; }\n};\ntemplate <> struct cu2m_tuple_at<2> {\n  template <typename T> static thread decltype(T::v2) &of(thread T &t) { return t.v2; }\n  template <typename T> static decltype(T::v2) of(const thread T &t) { return t.v2; }\n};\ntemplate <> struct cu2m_tuple_at<3> {\n  template <typename T> static thread decltype(T::v3) &of(thread T &t) { return t.v3; }\n  template <typename T> static decltype(T::v3) of(const thread T &t) { return t.v3; }\n};';

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
 * kernel parameter: the host passes the pair's bytes, libstdc++'s `first` then `second`, as
 * cu2m_pair has them). Not the tuple's: the host's std::tuple is stored in reverse order, and a
 * tuple kernel parameter is refused.
 */
export const STD_POLYFILLED_TEMPLATES: ReadonlyMap<string, { readonly msl: string; readonly definition: string }> = new Map([
  ['pair', { msl: 'cu2m_pair', definition: PAIR_DEFINITION }],
  ['tuple', { msl: 'cu2m_tuple', definition: TUPLE_DEFINITION }],
  ['complex', { msl: 'cu2m_complex', definition: COMPLEX_DEFINITION }],
]);

/**
 * <utility>/<tuple> functions of pairs (`std::make_pair(a, b)`, `std::tie(x, y) = f()`; Thrust's
 * too): functions of ours next to `cu2m_pair`. `tie` of two variables makes a pair of pointers
 * to them (thread memory) whose assignment from a pair stores both members.
 */
export const STD_POLYFILLED_FUNCTIONS: ReadonlyMap<string, { readonly msl: string; readonly definition: string; readonly of?: 'complex' | 'tuple' }> = new Map([
  // Functions of complex numbers (thrust::conj(z), std::norm(z) ...): next to `cu2m_complex`.
  ['conj', { msl: 'cu2m_conj', of: 'complex', definition: 'template <typename T> cu2m_complex<T> cu2m_conj(cu2m_complex<T> z) { return cu2m_complex<T>(z.re, -z.im); }' }],
  ['norm', { msl: 'cu2m_norm', of: 'complex', definition: 'template <typename T> T cu2m_norm(cu2m_complex<T> z) { return z.re * z.re + z.im * z.im; }' }],
  ['arg', { msl: 'cu2m_arg', of: 'complex', definition: 'template <typename T> T cu2m_arg(cu2m_complex<T> z) { return atan2(z.im, z.re); }' }],
  ['polar', { msl: 'cu2m_polar', of: 'complex', definition: 'template <typename T> cu2m_complex<T> cu2m_polar(T r, T theta = T()) { return cu2m_complex<T>(r * cos(theta), r * sin(theta)); }' }],
  // thrust::tuple's functions (std's too): next to `cu2m_tuple`.
  ['get', { msl: 'cu2m_get', of: 'tuple', definition: 'template <int I, typename T> inline auto cu2m_get(thread T &t) -> decltype(cu2m_tuple_at<I>::of(t)) { return cu2m_tuple_at<I>::of(t); }\ntemplate <int I, typename T> inline auto cu2m_get(const thread T &t) -> decltype(cu2m_tuple_at<I>::of(t)) { return cu2m_tuple_at<I>::of(t); }' }],
  ['make_tuple', { msl: 'cu2m_make_tuple', of: 'tuple', definition: 'template <typename T0> cu2m_tuple<T0> cu2m_make_tuple(T0 a) { return cu2m_tuple<T0>(a); }\ntemplate <typename T0, typename T1> cu2m_tuple<T0, T1> cu2m_make_tuple(T0 a, T1 b) { return cu2m_tuple<T0, T1>(a, b); }\ntemplate <typename T0, typename T1, typename T2> cu2m_tuple<T0, T1, T2> cu2m_make_tuple(T0 a, T1 b, T2 c) { return cu2m_tuple<T0, T1, T2>(a, b, c); }\ntemplate <typename T0, typename T1, typename T2, typename T3> cu2m_tuple<T0, T1, T2, T3> cu2m_make_tuple(T0 a, T1 b, T2 c, T3 d) { return cu2m_tuple<T0, T1, T2, T3>(a, b, c, d); }' }],
  ['make_pair', { msl: 'cu2m_make_pair', definition: 'template <typename T1, typename T2>\ncu2m_pair<T1, T2> cu2m_make_pair(T1 a, T2 b) {\n  return cu2m_pair<T1, T2>(a, b);\n}' }],
  ['tie', { msl: 'cu2m_tie', definition: 'template <typename T1, typename T2>\nstruct cu2m_tied {\n  thread T1 *first;\n  thread T2 *second;\n  template <typename U1, typename U2>\n  void operator=(cu2m_pair<U1, U2> p) {\n    *first = p.first;\n    *second = p.second;\n  }\n};\ntemplate <typename T1, typename T2>\ncu2m_tied<T1, T2> cu2m_tie(thread T1 &a, thread T2 &b) {\n  return cu2m_tied<T1, T2>{&a, &b};\n}' }],
]);

/** The scopes that name namespace std: `std::x`, `::std::x`, `cuda::std::x` (libcu++). */
export const STD_SCOPES: ReadonlySet<string> = new Set(['std', '::std', 'cuda::std', '::cuda::std']);

/** <cstdint>/<cstddef> types written with `std::` (`std::uint8_t`): MSL has them without it. */
export const STD_SCALAR_TYPES: ReadonlySet<string> = new Set([
  'int8_t', 'uint8_t', 'int16_t', 'uint16_t', 'int32_t', 'uint32_t', 'int64_t', 'uint64_t', 'size_t', 'ptrdiff_t',
]);

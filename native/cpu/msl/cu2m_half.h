// cu2metal — Metal's `half` (and `bfloat`, MSL 3.1+) for the msl-cpu emulation; included by
// metal_stdlib before its closing `#pragma GCC poison`.
//
// clang 14 on x86 has no _Float16 arithmetic and __fp16 cannot be a parameter or return type, so
// `half` is a 2-byte class holding the binary16 bits. Each operation is computed in float and
// rounded once to nearest even (cu2m/fp16.h, shared with the cuda-cpu cuda_fp16.h): exact for
// + - * / and sqrt, the same bits as the cuda-cpu reference for everything.
//
// Arithmetic follows Metal's usual conversions: half ⊕ half and half ⊕ integer are half,
// half ⊕ float is float; half converts to float implicitly, float and integers to half
// implicitly. half2/half3/half4 are structs (members x y z w, [], componentwise operators,
// conversion through the vector constructors, which the lowering turns into cu2m_make).
// Memory layout: half 2 bytes (align 2), half2 4, half3 and half4 8 bytes (as in MSL).
// Math: the float functions have half and halfN overloads (computed in float, rounded), exact-match
// only, so `sqrt(n)` with an integer n stays ambiguous (the deleted double overloads).
#ifndef CU2M_HALF_H
#define CU2M_HALF_H

#include <cu2m/fp16.h>

#if defined(__OPENCL_CPP_VERSION__)
#define half __cu2m_half // a keyword of C++ for OpenCL (its own half type), an identifier here
#endif

namespace metal {

// K = 0: half (binary16); K = 1: bfloat (bfloat16).
template <int K> struct __f16 {
  ushort __b;
  static ushort __from(float f) { return K == 0 ? cu2m_f2h(f) : cu2m_f2bf(f); }
  static __f16 __bits(ushort b) { __f16 r; r.__b = b; return r; }
  __f16() = default;
  __f16(float f) : __b(__from(f)) {}
  __f16(double d) : __b(K == 0 ? cu2m_d2h(d) : cu2m_d2bf(d)) {}
  template <class I, std::enable_if_t<std::is_integral<I>::value, int> = 0> __f16(I i) : __b(K == 0 ? cu2m_d2h(double(i)) : cu2m_d2bf(double(i))) {}
  operator float() const { return K == 0 ? cu2m_h2f(__b) : cu2m_bf2f(__b); }

  template <class T> __f16& operator+=(T v) { return *this = __f16(*this + v); }
  template <class T> __f16& operator-=(T v) { return *this = __f16(*this - v); }
  template <class T> __f16& operator*=(T v) { return *this = __f16(*this * v); }
  template <class T> __f16& operator/=(T v) { return *this = __f16(*this / v); }
  __f16& operator++() { return *this = *this + __f16(1.0f); }
  __f16& operator--() { return *this = *this - __f16(1.0f); }
  __f16 operator++(int) { __f16 o = *this; ++*this; return o; }
  __f16 operator--(int) { __f16 o = *this; --*this; return o; }
  __f16 operator-() const { return __bits(ushort(__b ^ 0x8000u)); }
  __f16 operator+() const { return *this; }

#define __CU2M_F16_OP(OP)                                                                        \
  friend __f16 operator OP(__f16 a, __f16 b) { return __f16(float(a) OP float(b)); }           \
  friend float operator OP(__f16 a, float b) { return float(a) OP b; }                         \
  friend float operator OP(float a, __f16 b) { return a OP float(b); }                         \
  template <class I, std::enable_if_t<std::is_integral<I>::value, int> = 0>                    \
  friend __f16 operator OP(__f16 a, I b) { return a OP __f16(b); }                             \
  template <class I, std::enable_if_t<std::is_integral<I>::value, int> = 0>                    \
  friend __f16 operator OP(I a, __f16 b) { return __f16(a) OP b; }
  __CU2M_F16_OP(+)
  __CU2M_F16_OP(-)
  __CU2M_F16_OP(*)
  __CU2M_F16_OP(/)
#undef __CU2M_F16_OP
#define __CU2M_F16_CMP(OP)                                                                       \
  friend bool operator OP(__f16 a, __f16 b) { return float(a) OP float(b); }                   \
  friend bool operator OP(__f16 a, float b) { return float(a) OP b; }                          \
  friend bool operator OP(float a, __f16 b) { return a OP float(b); }                          \
  template <class I, std::enable_if_t<std::is_integral<I>::value, int> = 0>                    \
  friend bool operator OP(__f16 a, I b) { return float(a) OP float(__f16(b)); }                \
  template <class I, std::enable_if_t<std::is_integral<I>::value, int> = 0>                    \
  friend bool operator OP(I a, __f16 b) { return float(__f16(a)) OP float(b); }
  __CU2M_F16_CMP(==)
  __CU2M_F16_CMP(!=)
  __CU2M_F16_CMP(<)
  __CU2M_F16_CMP(<=)
  __CU2M_F16_CMP(>)
  __CU2M_F16_CMP(>=)
#undef __CU2M_F16_CMP
};
typedef __f16<0> half;
static_assert(sizeof(half) == 2 && alignof(half) == 2, "MSL half is 2 bytes");

// Vectors of half/bfloat: 2 → 4 bytes, 3 and 4 → 8 bytes (MSL sizes).
template <class E, int N> struct __f16vb;
template <class E> struct alignas(4) __f16vb<E, 2> { E x, y; };
template <class E> struct alignas(8) __f16vb<E, 3> { E x, y, z; };
template <class E> struct alignas(8) __f16vb<E, 4> { E x, y, z, w; };
template <class E, int N> struct __f16v : __f16vb<E, N> {
  __f16v() = default;
  // `half2 v(0.f, 0.f)`, `half4 v(1.0f)` (declarations; calls go through cu2m_make).
  template <class... A, std::enable_if_t<sizeof...(A) == N && (std::is_convertible<A, E>::value && ...), int> = 0>
  __f16v(A... a) {
    const E v[N] = {E(a)...};
    for (int i = 0; i < N; ++i) (*this)[i] = v[i];
  }
  template <class A, std::enable_if_t<N != 1 && std::is_convertible<A, E>::value, int> = 0>
  explicit __f16v(A s) { for (int i = 0; i < N; ++i) (*this)[i] = E(s); }
  E& operator[](int i) { return (&this->x)[i]; }
  E operator[](int i) const { return (&this->x)[i]; }
#define __CU2M_F16V_OP(OP)                                                                       \
  friend __f16v operator OP(__f16v a, __f16v b) { __f16v r; for (int i = 0; i < N; ++i) r[i] = a[i] OP b[i]; return r; } \
  friend __f16v operator OP(__f16v a, E b) { __f16v r; for (int i = 0; i < N; ++i) r[i] = a[i] OP b; return r; } \
  friend __f16v operator OP(E a, __f16v b) { __f16v r; for (int i = 0; i < N; ++i) r[i] = a OP b[i]; return r; } \
  __f16v& operator OP##=(__f16v b) { return *this = *this OP b; }                              \
  __f16v& operator OP##=(E b) { return *this = *this OP b; }
  __CU2M_F16V_OP(+)
  __CU2M_F16V_OP(-)
  __CU2M_F16V_OP(*)
  __CU2M_F16V_OP(/)
#undef __CU2M_F16V_OP
  __f16v operator-() const { __f16v r; for (int i = 0; i < N; ++i) r[i] = -(*this)[i]; return r; }
  __f16v operator+() const { return *this; }
#define __CU2M_F16V_CMP(OP)                                                                      \
  friend vec<bool, N> operator OP(__f16v a, __f16v b) { vec<bool, N> r; for (int i = 0; i < N; ++i) r[i] = a[i] OP b[i]; return r; }
  __CU2M_F16V_CMP(==)
  __CU2M_F16V_CMP(!=)
  __CU2M_F16V_CMP(<)
  __CU2M_F16V_CMP(<=)
  __CU2M_F16V_CMP(>)
  __CU2M_F16V_CMP(>=)
#undef __CU2M_F16V_CMP
};
typedef __f16v<half, 2> half2;
typedef __f16v<half, 3> half3;
typedef __f16v<half, 4> half4;
static_assert(sizeof(half2) == 4 && sizeof(half3) == 8 && sizeof(half4) == 8, "MSL half vector sizes");

#if __METAL_VERSION__ >= 310 // bfloat is new in MSL 3.1
typedef __f16<1> bfloat;
typedef __f16v<bfloat, 2> bfloat2;
typedef __f16v<bfloat, 3> bfloat3;
typedef __f16v<bfloat, 4> bfloat4;
#endif

namespace __d {
template <int K> struct vt<__f16<K>> { static constexpr int n = 0; using elem = __f16<K>; };
template <class E, int N> struct vt<__f16v<E, N>> { static constexpr int n = N; using elem = E; };
template <> struct mk<half, 2> { using type = half2; };
template <> struct mk<half, 3> { using type = half3; };
template <> struct mk<half, 4> { using type = half4; };
#if __METAL_VERSION__ >= 310
template <> struct mk<bfloat, 2> { using type = bfloat2; };
template <> struct mk<bfloat, 3> { using type = bfloat3; };
template <> struct mk<bfloat, 4> { using type = bfloat4; };
#endif
} // namespace __d

// ---- Math on half (and bfloat): computed in float, rounded once -------------------------------
namespace __m {
#define __CU2M_H_ALL(M) M(half) M(half2) M(half3) M(half4) __CU2M_H_BF(M)
#if __METAL_VERSION__ >= 310
#define __CU2M_H_BF(M) M(bfloat) M(bfloat2) M(bfloat3) M(bfloat4)
#else
#define __CU2M_H_BF(M)
#endif
// Scalars call the float function; vectors apply the scalar one to each component.
template <class T, class F> inline T __h_each(T a, F f) {
  if constexpr (n_v<T> == 0) return T(f(float(a)));
  else { T r; for (int i = 0; i < n_v<T>; ++i) r[i] = elem_t<T>(f(float(a[i]))); return r; }
}
template <class T, class F> inline T __h_each2(T a, T b, F f) {
  if constexpr (n_v<T> == 0) return T(f(float(a), float(b)));
  else { T r; for (int i = 0; i < n_v<T>; ++i) r[i] = elem_t<T>(f(float(a[i]), float(b[i]))); return r; }
}
template <class T, class F> inline T __h_each3(T a, T b, T c, F f) {
  if constexpr (n_v<T> == 0) return T(f(float(a), float(b), float(c)));
  else { T r; for (int i = 0; i < n_v<T>; ++i) r[i] = elem_t<T>(f(float(a[i]), float(b[i]), float(c[i]))); return r; }
}
#define __CU2M_H1(T) \
  inline T sqrt(T x) { return __h_each(x, [](float v) { return sqrt(v); }); } \
  inline T rsqrt(T x) { return __h_each(x, [](float v) { return rsqrt(v); }); } \
  inline T exp(T x) { return __h_each(x, [](float v) { return exp(v); }); } \
  inline T exp2(T x) { return __h_each(x, [](float v) { return exp2(v); }); } \
  inline T exp10(T x) { return __h_each(x, [](float v) { return exp10(v); }); } \
  inline T log(T x) { return __h_each(x, [](float v) { return log(v); }); } \
  inline T log2(T x) { return __h_each(x, [](float v) { return log2(v); }); } \
  inline T log10(T x) { return __h_each(x, [](float v) { return log10(v); }); } \
  inline T sin(T x) { return __h_each(x, [](float v) { return sin(v); }); } \
  inline T cos(T x) { return __h_each(x, [](float v) { return cos(v); }); } \
  inline T tan(T x) { return __h_each(x, [](float v) { return tan(v); }); } \
  inline T tanh(T x) { return __h_each(x, [](float v) { return tanh(v); }); } \
  inline T fabs(T x) { return __h_each(x, [](float v) { return fabs(v); }); } \
  inline T abs(T x) { return __h_each(x, [](float v) { return fabs(v); }); } \
  inline T floor(T x) { return __h_each(x, [](float v) { return floor(v); }); } \
  inline T ceil(T x) { return __h_each(x, [](float v) { return ceil(v); }); } \
  inline T trunc(T x) { return __h_each(x, [](float v) { return trunc(v); }); } \
  inline T rint(T x) { return __h_each(x, [](float v) { return rint(v); }); } \
  inline T round(T x) { return __h_each(x, [](float v) { return round(v); }); } \
  inline T saturate(T x) { return __h_each(x, [](float v) { return saturate(v); }); } \
  inline T fmin(T x, T y) { return __h_each2(x, y, [](float a, float b) { return fmin(a, b); }); } \
  inline T fmax(T x, T y) { return __h_each2(x, y, [](float a, float b) { return fmax(a, b); }); } \
  inline T min(T x, T y) { return __h_each2(x, y, [](float a, float b) { return fmin(a, b); }); } \
  inline T max(T x, T y) { return __h_each2(x, y, [](float a, float b) { return fmax(a, b); }); } \
  inline T pow(T x, T y) { return __h_each2(x, y, [](float a, float b) { return pow(a, b); }); } \
  inline T copysign(T x, T y) { return __h_each2(x, y, [](float a, float b) { return copysign(a, b); }); } \
  inline T clamp(T x, T lo, T hi) { return __h_each3(x, lo, hi, [](float a, float b, float c) { return clamp(a, b, c); }); } \
  inline T mix(T x, T y, T t) { return __h_each3(x, y, t, [](float a, float b, float c) { return mix(a, b, c); }); }
__CU2M_H_ALL(__CU2M_H1)
#undef __CU2M_H1
// fma: one rounding of the exact a*b+c (cu2m/fp16.h).
inline half fma(half a, half b, half c) { return half::__bits(cu2m_hfma(a.__b, b.__b, c.__b)); }
template <int N> inline __f16v<half, N> fma(__f16v<half, N> a, __f16v<half, N> b, __f16v<half, N> c) {
  __f16v<half, N> r; for (int i = 0; i < N; ++i) r[i] = fma(a[i], b[i], c[i]); return r;
}
#if __METAL_VERSION__ >= 310
inline bfloat fma(bfloat a, bfloat b, bfloat c) { return bfloat::__bits(cu2m_bffma(a.__b, b.__b, c.__b)); }
template <int N> inline __f16v<bfloat, N> fma(__f16v<bfloat, N> a, __f16v<bfloat, N> b, __f16v<bfloat, N> c) {
  __f16v<bfloat, N> r; for (int i = 0; i < N; ++i) r[i] = fma(a[i], b[i], c[i]); return r;
}
#endif
#define __CU2M_HPRED(T) \
  inline bool isnan(T x) { return float(x) != float(x); } \
  inline bool isinf(T x) { return __builtin_isinf(float(x)); } \
  inline bool isfinite(T x) { return __builtin_isfinite(float(x)); } \
  inline bool signbit(T x) { return (x.__b & 0x8000u) != 0; }
__CU2M_HPRED(half)
#if __METAL_VERSION__ >= 310
__CU2M_HPRED(bfloat)
#endif
#undef __CU2M_HPRED
#undef __CU2M_H_ALL
#undef __CU2M_H_BF
} // namespace __m

// SIMD-group shuffles move the 16-bit patterns.
#define __CU2M_HSHUF(T)                                                                          \
  inline T simd_shuffle(T v, ushort l) { return T::__bits(simd_shuffle(v.__b, l)); }           \
  inline T simd_broadcast(T v, ushort l) { return T::__bits(simd_shuffle(v.__b, l)); }         \
  inline T simd_shuffle_up(T v, ushort d) { return T::__bits(simd_shuffle_up(v.__b, d)); }     \
  inline T simd_shuffle_down(T v, ushort d) { return T::__bits(simd_shuffle_down(v.__b, d)); } \
  inline T simd_shuffle_xor(T v, ushort m) { return T::__bits(simd_shuffle_xor(v.__b, m)); }
#define __CU2M_HSHUF2(T)                                                                         \
  inline T simd_shuffle(T v, ushort l) { return as_type<T>(simd_shuffle(as_type<uint>(v), l)); } \
  inline T simd_broadcast(T v, ushort l) { return as_type<T>(simd_shuffle(as_type<uint>(v), l)); } \
  inline T simd_shuffle_up(T v, ushort d) { return as_type<T>(simd_shuffle_up(as_type<uint>(v), d)); } \
  inline T simd_shuffle_down(T v, ushort d) { return as_type<T>(simd_shuffle_down(as_type<uint>(v), d)); } \
  inline T simd_shuffle_xor(T v, ushort m) { return as_type<T>(simd_shuffle_xor(as_type<uint>(v), m)); }
__CU2M_HSHUF(half)
__CU2M_HSHUF2(half2)
#if __METAL_VERSION__ >= 310
__CU2M_HSHUF(bfloat)
__CU2M_HSHUF2(bfloat2)
#endif
#undef __CU2M_HSHUF
#undef __CU2M_HSHUF2

} // namespace metal

#endif // CU2M_HALF_H

// cu2metal's CUB: cub::KeyValuePair, cub::Traits, cub::NullType and cub::Uninitialized, written for cu2metal from
// CUB's documented API.
// An include guard, not #pragma once: the host program may hold an inlined copy of this header
// (it has device code) while the device-wide algorithms' headers include it by name.
#ifndef CU2M_CUB_UTIL_TYPE_CUH
#define CU2M_CUB_UTIL_TYPE_CUH

namespace cub {

/** A key and a value (ArgMax/ArgMin reduce these). */
template <typename K, typename V>
struct KeyValuePair {
  K key;
  V value;
};

/** No type (BlockRadixSort's ValueT when it sorts keys only). */
struct CubNullType {};
typedef CubNullType NullType;

/**
 * Storage for a T without constructing one (a `__shared__` member of a union): Alias() is the T.
 * In threadgroup memory, Alias() is called through its threadgroup copy (src/translate/function.ts
 * referenceMemberCopies).
 */
template <typename T>
struct __align__(16) CubUninitialized {
  unsigned char storage[sizeof(T)];
  __host__ __device__ __forceinline__ T &Alias() { return reinterpret_cast<T &>(*this); }
};

/** cub::Uninitialized names CubUninitialized (src/translate/reach.ts). */
template <typename T>
using Uninitialized = CubUninitialized<T>;

/** What kind of number a key type is (Traits<T>::CATEGORY). */
enum Category { NOT_A_NUMBER, SIGNED_INTEGER, UNSIGNED_INTEGER, FLOATING_POINT };

/**
 * A key type as radix sorts see it: its bits as the unsigned integer UnsignedBits, and TwiddleIn,
 * which maps them to bits whose unsigned order is the keys' order (signed integers: the sign bit
 * flipped; floating point: every bit of a negative number flipped, the sign bit of a positive one,
 * so -0.0 comes before +0.0), and TwiddleOut, its inverse.
 */
template <int KIND, typename Bits>
struct CubKeyTraits {
  typedef Bits UnsignedBits;
  enum { CATEGORY = KIND, PRIMITIVE = 1, NULL_TYPE = 0 };

  static __host__ __device__ __forceinline__ Bits HighBit() { return (Bits)((Bits)1 << (sizeof(Bits) * 8 - 1)); }

  static __host__ __device__ __forceinline__ Bits TwiddleIn(Bits key) {
    if (KIND == FLOATING_POINT) return (Bits)(key ^ ((key & HighBit()) ? (Bits)~(Bits)0 : HighBit()));
    if (KIND == SIGNED_INTEGER) return (Bits)(key ^ HighBit());
    return key;
  }

  static __host__ __device__ __forceinline__ Bits TwiddleOut(Bits key) {
    if (KIND == FLOATING_POINT) return (Bits)(key ^ ((key & HighBit()) ? HighBit() : (Bits)~(Bits)0));
    if (KIND == SIGNED_INTEGER) return (Bits)(key ^ HighBit());
    return key;
  }
};

/** The 64-bit bits (named once: in the MSL they are ulong/long, where `long long` is wider). */
typedef unsigned long long CubBits64;
typedef long long CubSigned64;

/** An integer key type T: its largest and lowest values are the twiddled extremes turned back. */
template <int KIND, typename Bits, typename T>
struct CubIntegerTraits : CubKeyTraits<KIND, Bits> {
  static __host__ __device__ __forceinline__ T Max() { return (T)CubKeyTraits<KIND, Bits>::TwiddleOut((Bits)~(Bits)0); }
  static __host__ __device__ __forceinline__ T Lowest() { return (T)CubKeyTraits<KIND, Bits>::TwiddleOut((Bits)0); }
};

/** The key traits of T (a type that is no number has CATEGORY NOT_A_NUMBER and no twiddling). */
template <typename T>
struct CubTraits {
  enum { CATEGORY = NOT_A_NUMBER, PRIMITIVE = 0, NULL_TYPE = 0 };
};
template <> struct CubTraits<bool> : CubIntegerTraits<UNSIGNED_INTEGER, unsigned char, bool> {};
template <> struct CubTraits<char> : CubIntegerTraits<(char)-1 < 0 ? SIGNED_INTEGER : UNSIGNED_INTEGER, unsigned char, char> {};
template <> struct CubTraits<signed char> : CubIntegerTraits<SIGNED_INTEGER, unsigned char, signed char> {};
template <> struct CubTraits<unsigned char> : CubIntegerTraits<UNSIGNED_INTEGER, unsigned char, unsigned char> {};
template <> struct CubTraits<short> : CubIntegerTraits<SIGNED_INTEGER, unsigned short, short> {};
template <> struct CubTraits<unsigned short> : CubIntegerTraits<UNSIGNED_INTEGER, unsigned short, unsigned short> {};
template <> struct CubTraits<int> : CubIntegerTraits<SIGNED_INTEGER, unsigned int, int> {};
template <> struct CubTraits<unsigned int> : CubIntegerTraits<UNSIGNED_INTEGER, unsigned int, unsigned int> {};
template <> struct CubTraits<long> : CubIntegerTraits<SIGNED_INTEGER, unsigned long, long> {};
template <> struct CubTraits<unsigned long> : CubIntegerTraits<UNSIGNED_INTEGER, unsigned long, unsigned long> {};
template <> struct CubTraits<long long> : CubIntegerTraits<SIGNED_INTEGER, CubBits64, CubSigned64> {};
template <> struct CubTraits<unsigned long long> : CubIntegerTraits<UNSIGNED_INTEGER, CubBits64, CubBits64> {};
/** Floating point: Max() and Lowest() are the largest finite values (FLT_MAX, DBL_MAX), as CUB's. */
template <> struct CubTraits<float> : CubKeyTraits<FLOATING_POINT, unsigned int> {
  static __host__ __device__ __forceinline__ float Max() { return 3.40282347e+38f; }
  static __host__ __device__ __forceinline__ float Lowest() { return -3.40282347e+38f; }
};
template <> struct CubTraits<double> : CubKeyTraits<FLOATING_POINT, CubBits64> {
  static __host__ __device__ __forceinline__ double Max() { return 1.7976931348623157e+308; }
  static __host__ __device__ __forceinline__ double Lowest() { return -1.7976931348623157e+308; }
};

/** cub::Traits names CubTraits (a program's own `Traits` keeps its name in the flat MSL: src/translate/reach.ts). */
template <typename T>
using Traits = CubTraits<T>;

}  // namespace cub

#endif  // CU2M_CUB_UTIL_TYPE_CUH

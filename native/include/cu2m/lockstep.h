// Lockstep references (src/translate/lockstep.ts): the CPU modules wrap every element access of a
// `volatile` pointer or array of a device function as `__CU2M_lockstep(&(s[i]))` (cuda-cpu) or
// `cu2m_msl_warp_lockstep(&(s[i]))` (msl-cpu). Each read and each write first waits for the lanes of
// the warp that are running (the warp step of cpu_thread.h: the lanes at a step, before any lanes
// waiting at a collective such as a loop condition's __any_sync), so warp-synchronous
// code (`s[i] += s[i - 1]` in a volatile shared array, without __syncwarp) sees every lane read before
// any lane writes, as a GPU warp executing in step does. Only fiber kernels reach these (program.ts).
#pragma once
#include <type_traits>

namespace cu2m_cpu {
// The element type without cv-qualifiers or (C++ for OpenCL) address space.
template <class T> struct lockstep_value { using type = T; };
#if defined(__OPENCL_CPP_VERSION__)
template <class T> struct lockstep_value<__local T> { using type = T; };
template <class T> struct lockstep_value<__global T> { using type = T; };
template <class T> struct lockstep_value<__private T> { using type = T; };
template <class T> struct lockstep_value<__generic T> { using type = T; };
template <class T> struct lockstep_value<__attribute__((opencl_global_device)) T> { using type = T; }; // metal_stdlib's `device`
template <class T> struct lockstep_value<__constant T> { using type = T; };
#endif

template <class P> class LockstepRef {
 public:
  using T = typename lockstep_value<std::remove_cv_t<std::remove_reference_t<decltype(*std::declval<P>())>>>::type;
  explicit LockstepRef(P p) : p_(p) {}
  LockstepRef(const LockstepRef&) = default;
  operator T() const { return load(); }
  T operator=(T v) const { return store(v); }
  T operator=(const LockstepRef& o) const { return store(o.load()); } // `s[a] = s[b]`: read, then write
  T operator+=(T v) const { return store(load() + v); }
  T operator-=(T v) const { return store(load() - v); }
  T operator*=(T v) const { return store(load() * v); }
  T operator/=(T v) const { return store(load() / v); }
  T operator%=(T v) const { return store(load() % v); }
  T operator&=(T v) const { return store(load() & v); }
  T operator|=(T v) const { return store(load() | v); }
  T operator^=(T v) const { return store(load() ^ v); }
  T operator<<=(T v) const { return store(load() << v); }
  T operator>>=(T v) const { return store(load() >> v); }
  T operator++() const { return store(load() + T(1)); }
  T operator--() const { return store(load() - T(1)); }
  T operator++(int) const { const T o = load(); store(o + T(1)); return o; }
  T operator--(int) const { const T o = load(); store(o - T(1)); return o; }

 private:
  static void step() { ::cu2m_cpu::warp_step(); }
  T load() const {
    step();
    return *p_;
  }
  T store(T v) const {
    step();
    *p_ = v;
    return v;
  }
  P p_;
};
} // namespace cu2m_cpu

#if defined(__OPENCL_CPP_VERSION__)
template <class P> inline ::cu2m_cpu::LockstepRef<P> cu2m_msl_warp_lockstep(P p) { return ::cu2m_cpu::LockstepRef<P>(p); }
#else
template <class P> inline ::cu2m_cpu::LockstepRef<P> __CU2M_lockstep(P p) { return ::cu2m_cpu::LockstepRef<P>(p); }
#endif

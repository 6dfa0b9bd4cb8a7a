// cu2metal's Thrust: thrust::complex for host code (std::complex; the algorithms run on the host).
// thrust::complex in device code is refused at translate time (C2M2004).
#pragma once
#include <complex>
#include <thrust/detail/cu2m_thrust.h>

namespace thrust {
template <class T> using complex = std::complex<T>;
using std::abs;
using std::arg;
using std::conj;
using std::norm;
using std::polar;
using std::proj;
using std::exp;
using std::log;
using std::sqrt;
using std::pow;
using std::sin;
using std::cos;
}  // namespace thrust

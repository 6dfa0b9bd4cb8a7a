// cu2metal's Thrust (native/include/thrust/detail/cu2m_thrust.h has all of it).
#pragma once
#include <thrust/detail/cu2m_thrust.h>

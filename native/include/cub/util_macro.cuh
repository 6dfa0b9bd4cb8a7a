// cu2metal's CUB: the helper macros of CUB's documented API (CUB_MAX, CUB_MIN ...), written for
// cu2metal from the API's documentation (not CUB's source).
#pragma once

#ifndef CUB_MAX
#define CUB_MAX(a, b) (((b) > (a)) ? (b) : (a))
#endif
#ifndef CUB_MIN
#define CUB_MIN(a, b) (((b) < (a)) ? (b) : (a))
#endif
#ifndef CUB_QUOTIENT_FLOOR
#define CUB_QUOTIENT_FLOOR(x, y) ((x) / (y))
#endif
#ifndef CUB_QUOTIENT_CEILING
#define CUB_QUOTIENT_CEILING(x, y) (((x) + (y) - 1) / (y))
#endif
#ifndef CUB_ROUND_UP_NEAREST
#define CUB_ROUND_UP_NEAREST(x, y) ((((x) + (y) - 1) / (y)) * (y))
#endif
#ifndef CUB_ROUND_DOWN_NEAREST
#define CUB_ROUND_DOWN_NEAREST(x, y) (((x) / (y)) * (y))
#endif
#ifndef CUB_STATIC_ASSERT
#define CUB_STATIC_ASSERT(cond, msg) static_assert(cond, #msg)
#endif

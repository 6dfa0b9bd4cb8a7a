// cu2metal's cuRAND device API: the XORWOW, Philox4_32_10 and MRG32k3a generators and their
// distributions, written for cu2metal from the published algorithms (XORWOW: Marsaglia, "Xorshift
// RNGs", 2003; Philox4x32-10: Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", 2011;
// MRG32k3a: L'Ecuyer, "Good parameters and implementations for combined multiple recursive random
// number generators", 1999; normals by the Box-Muller transform) and cuRAND's documented API.
//
// The translator reads this header like a program header (src/host/libraries.ts PROVIDED_HEADERS)
// and the CPU backends compile it as CUDA, so a kernel draws the same numbers on every backend.
// What matches NVIDIA's cuRAND bit for bit is listed in docs/DESIGN.md ("cuRAND").
#pragma once

#include <cuda_runtime.h>
#include <cu2m/curand_tables.h>

#define CURAND_2POW32_INV (2.3283064e-10f)
#define CURAND_2POW32_INV_DOUBLE (2.3283064365386963e-10)
#define CURAND_2POW53_INV_DOUBLE (1.1102230246251565e-16)
#define CURAND_2POW32_INV_2PI (2.3283064e-10f * 6.2831855f)
#define CURAND_PI_DOUBLE (3.1415926535897932)
#define CURAND_2PI (6.2831855f)
#define CURAND_SQRT2 (-1.4142135f)
#define CU2M_MRG32K3A_M1 4294967087ULL
#define CU2M_MRG32K3A_M2 4294944443ULL
// 1/m1: an H100's MRG32k3a doubles are the raw value over m1 exactly (curandprobe).
#define CU2M_MRG32K3A_NORM (2.3283065498378288e-10)
#define CU2M_MRG32K3A_BITS_NORM (1.000000048662)

/** XORWOW (the default generator, curandState). */
struct curandStateXORWOW {
  unsigned int d;
  unsigned int v[5];
  int boxmuller_flag;
  int boxmuller_flag_double;
  float boxmuller_extra;
  double boxmuller_extra_double;
};
typedef struct curandStateXORWOW curandStateXORWOW_t;
typedef struct curandStateXORWOW curandState_t;
typedef struct curandStateXORWOW curandState;

/** Philox4x32-10: a 128-bit counter, a 64-bit key, the 4 outputs of the current counter. */
struct curandStatePhilox4_32_10 {
  uint4 ctr;
  uint4 output;
  uint2 key;
  unsigned int STATE;
  int boxmuller_flag;
  int boxmuller_flag_double;
  float boxmuller_extra;
  double boxmuller_extra_double;
};
typedef struct curandStatePhilox4_32_10 curandStatePhilox4_32_10_t;

/** MRG32k3a: the two components' last three values. */
struct curandStateMRG32k3a {
  unsigned int s1[3];
  unsigned int s2[3];
  int boxmuller_flag;
  int boxmuller_flag_double;
  float boxmuller_extra;
  double boxmuller_extra_double;
};
typedef struct curandStateMRG32k3a curandStateMRG32k3a_t;

// ---------------------------------------------------------------------------------------------
// Shared transforms of 32-bit values.

__host__ __device__ inline float cu2m_curand_uniform_bits(unsigned int x)
{
  return x * CURAND_2POW32_INV + (CURAND_2POW32_INV / 2.0f);
}

__host__ __device__ inline double cu2m_curand_uniform_double_bits(unsigned int x, unsigned int y)
{
  unsigned long long z = (unsigned long long)x ^ ((unsigned long long)y << (53 - 32));
  return z * CURAND_2POW53_INV_DOUBLE + (CURAND_2POW53_INV_DOUBLE / 2.0);
}

__host__ __device__ inline float2 cu2m_curand_box_muller(unsigned int x, unsigned int y)
{
  float u = x * CURAND_2POW32_INV + (CURAND_2POW32_INV / 2.0f);
  float v = y * CURAND_2POW32_INV_2PI + (CURAND_2POW32_INV_2PI / 2.0f);
  float s = sqrtf(-2.0f * logf(u));
  return make_float2(sinf(v) * s, cosf(v) * s);
}

__host__ __device__ inline double2 cu2m_curand_box_muller_double(unsigned int x0, unsigned int x1, unsigned int y0, unsigned int y1)
{
  unsigned long long zx = (unsigned long long)x0 ^ ((unsigned long long)x1 << (53 - 32));
  double u = zx * CURAND_2POW53_INV_DOUBLE + (CURAND_2POW53_INV_DOUBLE / 2.0);
  unsigned long long zy = (unsigned long long)y0 ^ ((unsigned long long)y1 << (53 - 32));
  double v = zy * (CURAND_2POW53_INV_DOUBLE * 2.0) + CURAND_2POW53_INV_DOUBLE;
  double s = sqrt(-2.0 * log(u));
  return make_double2(sin(v * CURAND_PI_DOUBLE) * s, cos(v * CURAND_PI_DOUBLE) * s);
}

// ---------------------------------------------------------------------------------------------
// XORWOW

/** The xorshift part after p(A) where p = row `row` of cu2m_xorwow_jump: A^(2^k) by Horner's rule. */
__host__ __device__ inline void cu2m_xorwow_jump_row(curandStateXORWOW_t *state, int row)
{
  unsigned int r0 = 0, r1 = 0, r2 = 0, r3 = 0, r4 = 0;
  for (int i = 159; i >= 0; --i) {
    unsigned int t = r0 ^ (r0 >> 2);
    unsigned int n = (r4 ^ (r4 << 4)) ^ (t ^ (t << 1));
    r0 = r1; r1 = r2; r2 = r3; r3 = r4; r4 = n;
    if ((cu2m_xorwow_jump[row][i >> 5] >> (i & 31)) & 1u) {
      r0 ^= state->v[0]; r1 ^= state->v[1]; r2 ^= state->v[2]; r3 ^= state->v[3]; r4 ^= state->v[4];
    }
  }
  state->v[0] = r0; state->v[1] = r1; state->v[2] = r2; state->v[3] = r3; state->v[4] = r4;
}

__host__ __device__ inline void skipahead(unsigned long long n, curandStateXORWOW_t *state)
{
  state->d += 362437u * (unsigned int)n;
  for (int k = 0; k < 64; ++k)
    if ((n >> k) & 1ULL) cu2m_xorwow_jump_row(state, k);
}

/** n subsequences of 2^67 values (the counter d moves by a multiple of 2^32: not at all). */
__host__ __device__ inline void skipahead_sequence(unsigned long long n, curandStateXORWOW_t *state)
{
  for (int k = 0; k < 64; ++k)
    if ((n >> k) & 1ULL) cu2m_xorwow_jump_row(state, 64 + k);
}

__host__ __device__ inline void curand_init(unsigned long long seed, unsigned long long subsequence, unsigned long long offset, curandStateXORWOW_t *state)
{
  unsigned int s0 = ((unsigned int)seed) ^ 0xaad26b49u;
  unsigned int s1 = ((unsigned int)(seed >> 32)) ^ 0xf7dcefddu;
  unsigned int t0 = 1099087573u * s0;
  unsigned int t1 = 2591861531u * s1;
  state->d = 6615241u + t1 + t0;
  state->v[0] = 123456789u + t0;
  state->v[1] = 362436069u ^ t0;
  state->v[2] = 521288629u + t1;
  state->v[3] = 88675123u ^ t1;
  state->v[4] = 5783321u + t0;
  skipahead_sequence(subsequence, state);
  skipahead(offset, state);
  state->boxmuller_flag = 0;
  state->boxmuller_flag_double = 0;
  state->boxmuller_extra = 0.0f;
  state->boxmuller_extra_double = 0.0;
}

__host__ __device__ inline unsigned int curand(curandStateXORWOW_t *state)
{
  unsigned int t = state->v[0] ^ (state->v[0] >> 2);
  state->v[0] = state->v[1];
  state->v[1] = state->v[2];
  state->v[2] = state->v[3];
  state->v[3] = state->v[4];
  state->v[4] = (state->v[4] ^ (state->v[4] << 4)) ^ (t ^ (t << 1));
  state->d += 362437u;
  return state->v[4] + state->d;
}

// ---------------------------------------------------------------------------------------------
// Philox4x32-10

__host__ __device__ inline uint4 cu2m_philox4x32_10(uint4 c, uint2 k)
{
  for (int i = 0; i < 10; ++i) {
    unsigned long long p0 = (unsigned long long)0xD2511F53u * c.x;
    unsigned long long p1 = (unsigned long long)0xCD9E8D57u * c.z;
    uint4 r;
    r.x = (unsigned int)(p1 >> 32) ^ c.y ^ k.x;
    r.y = (unsigned int)p1;
    r.z = (unsigned int)(p0 >> 32) ^ c.w ^ k.y;
    r.w = (unsigned int)p0;
    c = r;
    k.x += 0x9E3779B9u;
    k.y += 0xBB67AE85u;
  }
  return c;
}

/** The counter plus n (128-bit). */
__host__ __device__ inline void cu2m_philox_add(curandStatePhilox4_32_10_t *state, unsigned long long n)
{
  unsigned int lo = (unsigned int)n, hi = (unsigned int)(n >> 32);
  unsigned int x = state->ctr.x + lo;
  unsigned int carry = x < lo ? 1u : 0u;
  state->ctr.x = x;
  unsigned int y = state->ctr.y + hi;
  unsigned int carry2 = y < hi ? 1u : 0u;
  unsigned int y2 = y + carry;
  if (y2 < carry) carry2 = 1u;
  state->ctr.y = y2;
  if (carry2) {
    ++state->ctr.z;
    if (state->ctr.z == 0u) ++state->ctr.w;
  }
}

/** The counter's upper 64 bits plus n (one subsequence = 2^64 counters). */
__host__ __device__ inline void cu2m_philox_add_hi(curandStatePhilox4_32_10_t *state, unsigned long long n)
{
  unsigned int lo = (unsigned int)n, hi = (unsigned int)(n >> 32);
  unsigned int z = state->ctr.z + lo;
  unsigned int carry = z < lo ? 1u : 0u;
  state->ctr.z = z;
  state->ctr.w += hi + carry;
}

__host__ __device__ inline void skipahead(unsigned long long n, curandStatePhilox4_32_10_t *state)
{
  state->STATE += (unsigned int)(n & 3ULL);
  n /= 4;
  if (state->STATE > 3u) {
    n += 1;
    state->STATE -= 4u;
  }
  cu2m_philox_add(state, n);
  state->output = cu2m_philox4x32_10(state->ctr, state->key);
}

__host__ __device__ inline void skipahead_sequence(unsigned long long n, curandStatePhilox4_32_10_t *state)
{
  cu2m_philox_add_hi(state, n);
  state->output = cu2m_philox4x32_10(state->ctr, state->key);
}

__host__ __device__ inline void curand_init(unsigned long long seed, unsigned long long subsequence, unsigned long long offset, curandStatePhilox4_32_10_t *state)
{
  state->ctr = make_uint4(0u, 0u, 0u, 0u);
  state->key = make_uint2((unsigned int)seed, (unsigned int)(seed >> 32));
  state->STATE = 0u;
  state->boxmuller_flag = 0;
  state->boxmuller_flag_double = 0;
  state->boxmuller_extra = 0.0f;
  state->boxmuller_extra_double = 0.0;
  cu2m_philox_add_hi(state, subsequence);
  skipahead(offset, state);
}

__host__ __device__ inline unsigned int curand(curandStatePhilox4_32_10_t *state)
{
  unsigned int r = state->STATE == 0u ? state->output.x : state->STATE == 1u ? state->output.y : state->STATE == 2u ? state->output.z : state->output.w;
  state->STATE += 1u;
  if (state->STATE == 4u) {
    cu2m_philox_add(state, 1ULL);
    state->output = cu2m_philox4x32_10(state->ctr, state->key);
    state->STATE = 0u;
  }
  return r;
}

/** The next four values (from the current position, across counters). */
__host__ __device__ inline uint4 curand4(curandStatePhilox4_32_10_t *state)
{
  uint4 t = state->output;
  cu2m_philox_add(state, 1ULL);
  state->output = cu2m_philox4x32_10(state->ctr, state->key);
  uint4 o = state->output;
  if (state->STATE == 1u) return make_uint4(t.y, t.z, t.w, o.x);
  if (state->STATE == 2u) return make_uint4(t.z, t.w, o.x, o.y);
  if (state->STATE == 3u) return make_uint4(t.w, o.x, o.y, o.z);
  return t;
}

// ---------------------------------------------------------------------------------------------
// MRG32k3a

/** The next value of the combined generator, in [1, m1]. */
__host__ __device__ inline unsigned int cu2m_mrg32k3a_next(curandStateMRG32k3a_t *state)
{
  long long p1 = 1403580LL * state->s1[1] - 810728LL * state->s1[0];
  p1 %= (long long)CU2M_MRG32K3A_M1;
  if (p1 < 0) p1 += (long long)CU2M_MRG32K3A_M1;
  state->s1[0] = state->s1[1];
  state->s1[1] = state->s1[2];
  state->s1[2] = (unsigned int)p1;
  long long p2 = 527612LL * state->s2[2] - 1370589LL * state->s2[0];
  p2 %= (long long)CU2M_MRG32K3A_M2;
  if (p2 < 0) p2 += (long long)CU2M_MRG32K3A_M2;
  state->s2[0] = state->s2[1];
  state->s2[1] = state->s2[2];
  state->s2[2] = (unsigned int)p2;
  return p1 > p2 ? (unsigned int)(p1 - p2) : (unsigned int)(p1 - p2 + (long long)CU2M_MRG32K3A_M1);
}

/** Both components times row `row` of cu2m_mrg32k3a_jump (their matrices to a power of 2). */
__host__ __device__ inline void cu2m_mrg32k3a_jump_row(curandStateMRG32k3a_t *state, int row)
{
  unsigned int a[3], b[3];
  for (int i = 0; i < 3; ++i) {
    unsigned long long x = 0, y = 0;
    for (int j = 0; j < 3; ++j) {
      x = (x + (unsigned long long)cu2m_mrg32k3a_jump[row][3 * i + j] * state->s1[j] % CU2M_MRG32K3A_M1) % CU2M_MRG32K3A_M1;
      y = (y + (unsigned long long)cu2m_mrg32k3a_jump[row][9 + 3 * i + j] * state->s2[j] % CU2M_MRG32K3A_M2) % CU2M_MRG32K3A_M2;
    }
    a[i] = (unsigned int)x;
    b[i] = (unsigned int)y;
  }
  for (int i = 0; i < 3; ++i) {
    state->s1[i] = a[i];
    state->s2[i] = b[i];
  }
}

__host__ __device__ inline void skipahead(unsigned long long n, curandStateMRG32k3a_t *state)
{
  for (int k = 0; k < 64; ++k)
    if ((n >> k) & 1ULL) cu2m_mrg32k3a_jump_row(state, k);
}

/** n subsequences of 2^76 values. */
__host__ __device__ inline void skipahead_subsequence(unsigned long long n, curandStateMRG32k3a_t *state)
{
  for (int k = 0; k < 64; ++k)
    if ((n >> k) & 1ULL) cu2m_mrg32k3a_jump_row(state, 64 + k);
}

/** n sequences of 2^127 values. */
__host__ __device__ inline void skipahead_sequence(unsigned long long n, curandStateMRG32k3a_t *state)
{
  for (int k = 0; k < 64; ++k)
    if ((n >> k) & 1ULL) cu2m_mrg32k3a_jump_row(state, 128 + k);
}

__host__ __device__ inline void curand_init(unsigned long long seed, unsigned long long subsequence, unsigned long long offset, curandStateMRG32k3a_t *state)
{
  for (int i = 0; i < 3; ++i) {
    state->s1[i] = 12345u;
    state->s2[i] = 12345u;
  }
  if (seed != 0ULL) {
    unsigned long long x1 = ((unsigned int)seed) ^ 0x55555555u;
    unsigned long long x2 = ((unsigned int)(seed >> 32)) ^ 0xAAAAAAAAu;
    state->s1[0] = (unsigned int)(x1 * state->s1[0] % CU2M_MRG32K3A_M1);
    state->s1[1] = (unsigned int)(x2 * state->s1[1] % CU2M_MRG32K3A_M1);
    state->s1[2] = (unsigned int)(x1 * state->s1[2] % CU2M_MRG32K3A_M1);
    state->s2[0] = (unsigned int)(x2 * state->s2[0] % CU2M_MRG32K3A_M2);
    state->s2[1] = (unsigned int)(x1 * state->s2[1] % CU2M_MRG32K3A_M2);
    state->s2[2] = (unsigned int)(x2 * state->s2[2] % CU2M_MRG32K3A_M2);
  }
  skipahead_subsequence(subsequence, state);
  skipahead(offset, state);
  state->boxmuller_flag = 0;
  state->boxmuller_flag_double = 0;
  state->boxmuller_extra = 0.0f;
  state->boxmuller_extra_double = 0.0;
}

__host__ __device__ inline unsigned int curand(curandStateMRG32k3a_t *state)
{
  return (unsigned int)((double)cu2m_mrg32k3a_next(state) * CU2M_MRG32K3A_BITS_NORM);
}

// ---------------------------------------------------------------------------------------------
// Distributions. XORWOW and Philox transform 32-bit values; MRG32k3a its uniform doubles.

__host__ __device__ inline float curand_uniform(curandStateXORWOW_t *state) { return cu2m_curand_uniform_bits(curand(state)); }
__host__ __device__ inline float curand_uniform(curandStatePhilox4_32_10_t *state) { return cu2m_curand_uniform_bits(curand(state)); }
__host__ __device__ inline float curand_uniform(curandStateMRG32k3a_t *state) { return (float)(cu2m_mrg32k3a_next(state) * CU2M_MRG32K3A_NORM); }

__host__ __device__ inline double curand_uniform_double(curandStateXORWOW_t *state)
{
  unsigned int x = curand(state);
  unsigned int y = curand(state);
  return cu2m_curand_uniform_double_bits(x, y);
}
/** Philox4_32_10's uniform double takes one 32-bit value, x·2^-32 + 2^-32 (32 bits of precision,
    never 0, at most 1), as on an H100 (curandprobe); curand_uniform2_double takes two per double. */
__host__ __device__ inline double curand_uniform_double(curandStatePhilox4_32_10_t *state)
{
  unsigned int x = curand(state);
  return x * CURAND_2POW32_INV_DOUBLE + CURAND_2POW32_INV_DOUBLE;
}
__host__ __device__ inline double curand_uniform_double(curandStateMRG32k3a_t *state) { return cu2m_mrg32k3a_next(state) * CU2M_MRG32K3A_NORM; }

__host__ __device__ inline float4 curand_uniform4(curandStatePhilox4_32_10_t *state)
{
  uint4 x = curand4(state);
  return make_float4(cu2m_curand_uniform_bits(x.x), cu2m_curand_uniform_bits(x.y), cu2m_curand_uniform_bits(x.z), cu2m_curand_uniform_bits(x.w));
}

__host__ __device__ inline double2 curand_uniform2_double(curandStatePhilox4_32_10_t *state)
{
  uint4 x = curand4(state);
  return make_double2(cu2m_curand_uniform_double_bits(x.x, x.y), cu2m_curand_uniform_double_bits(x.z, x.w));
}

/** Two normals from the generator's next values. */
__host__ __device__ inline float2 curand_normal2(curandStateXORWOW_t *state)
{
  unsigned int x = curand(state);
  unsigned int y = curand(state);
  return cu2m_curand_box_muller(x, y);
}
__host__ __device__ inline float2 curand_normal2(curandStatePhilox4_32_10_t *state)
{
  unsigned int x = curand(state);
  unsigned int y = curand(state);
  return cu2m_curand_box_muller(x, y);
}
__host__ __device__ inline float2 curand_normal2(curandStateMRG32k3a_t *state)
{
  float x = curand_uniform(state);
  float y = curand_uniform(state) * CURAND_2PI;
  float s = sqrtf(-2.0f * logf(x));
  return make_float2(sinf(y) * s, cosf(y) * s);
}

__host__ __device__ inline double2 curand_normal2_double(curandStateXORWOW_t *state)
{
  unsigned int x0 = curand(state);
  unsigned int x1 = curand(state);
  unsigned int y0 = curand(state);
  unsigned int y1 = curand(state);
  return cu2m_curand_box_muller_double(x0, x1, y0, y1);
}
__host__ __device__ inline double2 curand_normal2_double(curandStatePhilox4_32_10_t *state)
{
  uint4 x = curand4(state);
  return cu2m_curand_box_muller_double(x.x, x.y, x.z, x.w);
}
__host__ __device__ inline double2 curand_normal2_double(curandStateMRG32k3a_t *state)
{
  double x = curand_uniform_double(state);
  double y = curand_uniform_double(state) * 2.0;
  double s = sqrt(-2.0 * log(x));
  return make_double2(sin(y * CURAND_PI_DOUBLE) * s, cos(y * CURAND_PI_DOUBLE) * s);
}

/** One normal; every other call returns the second value of the pair computed before. */
__host__ __device__ inline float curand_normal(curandStateXORWOW_t *state)
{
  if (state->boxmuller_flag != 1) {
    float2 v = curand_normal2(state);
    state->boxmuller_extra = v.y;
    state->boxmuller_flag = 1;
    return v.x;
  }
  state->boxmuller_flag = 0;
  return state->boxmuller_extra;
}
__host__ __device__ inline float curand_normal(curandStatePhilox4_32_10_t *state)
{
  if (state->boxmuller_flag != 1) {
    float2 v = curand_normal2(state);
    state->boxmuller_extra = v.y;
    state->boxmuller_flag = 1;
    return v.x;
  }
  state->boxmuller_flag = 0;
  return state->boxmuller_extra;
}
__host__ __device__ inline float curand_normal(curandStateMRG32k3a_t *state)
{
  if (state->boxmuller_flag != 1) {
    float2 v = curand_normal2(state);
    state->boxmuller_extra = v.y;
    state->boxmuller_flag = 1;
    return v.x;
  }
  state->boxmuller_flag = 0;
  return state->boxmuller_extra;
}

__host__ __device__ inline float4 curand_normal4(curandStatePhilox4_32_10_t *state)
{
  uint4 x = curand4(state);
  float2 a = cu2m_curand_box_muller(x.x, x.y);
  float2 b = cu2m_curand_box_muller(x.z, x.w);
  return make_float4(a.x, a.y, b.x, b.y);
}

__host__ __device__ inline double curand_normal_double(curandStateXORWOW_t *state)
{
  if (state->boxmuller_flag_double != 1) {
    double2 v = curand_normal2_double(state);
    state->boxmuller_extra_double = v.y;
    state->boxmuller_flag_double = 1;
    return v.x;
  }
  state->boxmuller_flag_double = 0;
  return state->boxmuller_extra_double;
}
__host__ __device__ inline double curand_normal_double(curandStatePhilox4_32_10_t *state)
{
  if (state->boxmuller_flag_double != 1) {
    double2 v = curand_normal2_double(state);
    state->boxmuller_extra_double = v.y;
    state->boxmuller_flag_double = 1;
    return v.x;
  }
  state->boxmuller_flag_double = 0;
  return state->boxmuller_extra_double;
}
__host__ __device__ inline double curand_normal_double(curandStateMRG32k3a_t *state)
{
  if (state->boxmuller_flag_double != 1) {
    double2 v = curand_normal2_double(state);
    state->boxmuller_extra_double = v.y;
    state->boxmuller_flag_double = 1;
    return v.x;
  }
  state->boxmuller_flag_double = 0;
  return state->boxmuller_extra_double;
}

/** One log-normal. It keeps a pair's second value as the normals do, but in a cache of its own
    (flag 2, the value already exponentiated): a log-normal after a normal that left a value draws
    a new pair, and so does a normal after a log-normal, as on an H100 (curandprobe: the values
    after curand_normal, curand_normal2, curand_log_normal). One template for the three generators'
    states (curandStateXORWOW_t, curandStatePhilox4_32_10_t, curandStateMRG32k3a_t): each has the
    boxmuller_flag/boxmuller_extra caches and its curand_normal2. */
template <typename State>
__host__ __device__ inline float curand_log_normal(State *state, float mean, float stddev)
{
  if (state->boxmuller_flag != 2) {
    float2 v = curand_normal2(state);
    state->boxmuller_extra = expf(mean + stddev * v.y);
    state->boxmuller_flag = 2;
    return expf(mean + stddev * v.x);
  }
  state->boxmuller_flag = 0;
  return state->boxmuller_extra;
}
/** The same in double, with the double cache (any of the three generators' states). */
template <typename State>
__host__ __device__ inline double curand_log_normal_double(State *state, double mean, double stddev)
{
  if (state->boxmuller_flag_double != 2) {
    double2 v = curand_normal2_double(state);
    state->boxmuller_extra_double = exp(mean + stddev * v.y);
    state->boxmuller_flag_double = 2;
    return exp(mean + stddev * v.x);
  }
  state->boxmuller_flag_double = 0;
  return state->boxmuller_extra_double;
}

/**
 * Poisson: products of uniforms below exp(-lambda) for lambda < 64, a rounded normal
 * approximation above (not cuRAND's algorithm: other values than NVIDIA's, the same distribution).
 */
__host__ __device__ inline unsigned int curand_poisson(curandStateXORWOW_t *state, double lambda)
{
  if (lambda >= 64.0) {
    double x = lambda + sqrt(lambda) * curand_normal_double(state) + 0.5;
    return x <= 0.0 ? 0u : (unsigned int)x;
  }
  float limit = expf(-(float)lambda);
  unsigned int k = 0;
  float p = curand_uniform(state);
  while (p > limit) {
    ++k;
    p *= curand_uniform(state);
  }
  return k;
}
__host__ __device__ inline unsigned int curand_poisson(curandStatePhilox4_32_10_t *state, double lambda)
{
  if (lambda >= 64.0) {
    double x = lambda + sqrt(lambda) * curand_normal_double(state) + 0.5;
    return x <= 0.0 ? 0u : (unsigned int)x;
  }
  float limit = expf(-(float)lambda);
  unsigned int k = 0;
  float p = curand_uniform(state);
  while (p > limit) {
    ++k;
    p *= curand_uniform(state);
  }
  return k;
}
__host__ __device__ inline unsigned int curand_poisson(curandStateMRG32k3a_t *state, double lambda)
{
  if (lambda >= 64.0) {
    double x = lambda + sqrt(lambda) * curand_normal_double(state) + 0.5;
    return x <= 0.0 ? 0u : (unsigned int)x;
  }
  float limit = expf(-(float)lambda);
  unsigned int k = 0;
  float p = curand_uniform(state);
  while (p > limit) {
    ++k;
    p *= curand_uniform(state);
  }
  return k;
}

// Calls the device functions of cu2m_cuda_device.h the way CUDA code does (overload resolution
// against libm/<cmath> included) and checks values. Compiled as a program by run.sh.
#include <cstdio>

static int failures = 0, checks = 0;
#define CHECK(e) do { ++checks; if (!(e)) { ++failures; printf("cuda_coverage.cu:%d: check failed: %s\n", __LINE__, #e); } } while (0)

__device__ float f1(float x) {
  return sqrtf(x) + rsqrtf(x) + expf(x) + __expf(x) + exp2f(x) + exp10f(x) + logf(x) + __logf(x) + log2f(x) + log10f(x) +
         powf(x, 2.0f) + __powf(x, 2.0f) + sinf(x) + __sinf(x) + cosf(x) + __cosf(x) + tanf(x) + fabsf(x) + fminf(x, 1.0f) +
         fmaxf(x, 1.0f) + floorf(x) + ceilf(x) + roundf(x) + truncf(x) + rintf(x) + fmodf(x, 0.3f) + fmaf(x, x, x) +
         __fmaf_rn(x, x, x) + __fdividef(x, 3.0f) + __frcp_rn(x) + __saturatef(x) + copysignf(x, -1.0f) + atan2f(x, 1.0f) +
         tanhf(x) + erff(x) + erfcf(x) + lgammaf(x) + tgammaf(x) + cbrtf(x) + rcbrtf(x) + expm1f(x) + log1pf(x) +
         hypotf(x, x) + sinpif(x) + cospif(x) + normcdff(x) + sqrt(x) + exp(x) + abs(-x) + min(x, 2.0f) + max(x, 2.0f) +
         __fadd_rn(x, x) + __fmul_rn(x, x) + __int_as_float(__float_as_int(x)) + __uint_as_float(__float_as_uint(x)) +
         erfinvf(x) + erfcinvf(x) + normcdfinvf(x) + norm3df(x, x, x) + rnorm4df(x, x, x, x) + remainderf(x, 0.3f) + __frsqrt_rd(x);
}
__device__ double f2(double x) {
  return sqrt(x) + rsqrt(x) + exp(x) + log(x) + pow(x, 2.0) + sin(x) + cos(x) + fabs(x) + fmin(x, 1.0) + fma(x, x, x) +
         sinpi(x) + cospi(x) + min(x, 2.0) + max(x, 2.0) + __longlong_as_double(__double_as_longlong(x)) + erf(x) + normcdf(x);
}

int main() {
  CHECK(f1(0.7f) == f1(0.7f) && f2(0.7) == f2(0.7));
  float s, c;
  sincosf(0.5f, &s, &c);
  CHECK(s == sinf(0.5f) && c == cosf(0.5f));
  __sincosf(0.5f, &s, &c);
  sincospif(1.0f, &s, &c);
  CHECK(s == 0.0f && c == -1.0f && sinpif(0.5f) == 1.0f && cospif(0.5f) == 0.0f && sinpi(1.0) == 0.0);
  CHECK(rsqrtf(4.0f) == 0.5f && __saturatef(2.0f) == 1.0f && __saturatef(-1.0f) == 0.0f);
  const float v[4] = {1.0f, 2.0f, 2.0f, 4.0f};
  CHECK(normf(3, v) == 3.0f && rnormf(4, v) == 0.2f && norm3df(1.0f, 2.0f, 2.0f) == 3.0f && erfinvf(0.0f) == 0.0f && normcdfinvf(0.5f) == 0.0f);
  CHECK(__frsqrt_rd(4.0f) == 0.5f && __frsqrt_ru(2.0f) > __frsqrt_rz(2.0f) && tgammaf(5.0f) == 24.0f);
  CHECK(min(3, 4) == 3 && max(3u, 4u) == 4u && min(-1, 2u) == 2u && max(2ull, 3ull) == 3ull && min(1.5f, 2.5f) == 1.5f);
  CHECK(max(1.0, 2.0f) == 2.0 && min(5ll, 3ll) == 3ll && umin(1u, 2u) == 1u && llmax(1ll, 2ll) == 2ll);
  CHECK(__popc(0xffu) == 8 && __popcll(~0ull) == 64 && __clz(1) == 31 && __clz(0) == 32 && __clzll(1ll) == 63);
  CHECK(__ffs(0) == 0 && __ffs(8) == 4 && __ffsll(1ll << 40) == 41 && __brev(1u) == 0x80000000u && __brevll(1ull) == (1ull << 63));
  CHECK(__mul24(0x1000001, 2) == 2 && __mul24(-3, 5) == -15 && __umul24(0x1000002u, 3u) == 6u);
  CHECK(__mulhi(-1, 1) == -1 && __umulhi(0x80000000u, 4u) == 2u && __umul64hi(1ull << 63, 4ull) == 2ull && __mul64hi(-1ll, 1ll) == -1ll);
  CHECK(__sad(-5, 5, 1u) == 11u && __usad(3u, 10u, 0u) == 7u && __hadd(0x7fffffff, 0x7fffffff) == 0x7fffffff && __rhadd(1, 2) == 2);
  CHECK(__byte_perm(0x33221100u, 0x77665544u, 0x5410u) == 0x55441100u && __funnelshift_l(0x80000000u, 1u, 1u) == 3u && __funnelshift_r(1u, 1u, 1u) == 0x80000000u);
  CHECK(__float2int_rn(2.5f) == 2 && __float2int_rd(-0.5f) == -1 && __float2int_ru(0.5f) == 1 && __double2hiint(1.0) == 0x3ff00000);

  int i = 5; unsigned u = 5; unsigned long long ull = 5; float f = 1.0f; double d = 1.0; long long ll = 5;
  CHECK(atomicAdd(&i, 2) == 5 && atomicSub(&i, 1) == 7 && atomicExch(&i, 1) == 6 && atomicMin(&i, -3) == 1 && atomicMax(&i, 9) == -3);
  CHECK(atomicAnd(&i, 3) == 9 && atomicOr(&i, 4) == 1 && atomicXor(&i, 1) == 5 && atomicCAS(&i, 4, 7) == 4 && i == 7 && atomicCAS(&i, 0, 1) == 7);
  CHECK(atomicInc(&u, 5u) == 5 && u == 0 && atomicInc(&u, 5u) == 0 && u == 1 && atomicDec(&u, 5u) == 1 && u == 0 && atomicDec(&u, 5u) == 0 && u == 5);
  CHECK(atomicAdd(&ull, 1ull) == 5 && atomicCAS(&ull, 6ull, 9ull) == 6 && ull == 9 && atomicMax(&ll, 8ll) == 5 && ll == 8);
  CHECK(atomicAdd(&f, 0.5f) == 1.0f && f == 1.5f && atomicExch(&f, 2.0f) == 1.5f && atomicAdd(&d, 0.25) == 1.0 && d == 1.25);
  CHECK(atomicAdd_block(&i, 1) == 7 && atomicAdd_system(&f, 1.0f) == 2.0f && atomicMax(&f, 7.0f) == 3.0f && f == 7.0f);
  __threadfence(); __threadfence_block(); __threadfence_system();
  CHECK(__ldg(&i) == 8 && warpSize == 32);
  printf("%d checks, %d failed\n", checks, failures);
  return failures ? 1 : 0;
}

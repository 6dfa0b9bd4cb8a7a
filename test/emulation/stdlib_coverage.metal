// Instantiates every function of the emulated <metal_stdlib> with scalars and vectors and checks
// a selection of values. Lowered like any MSL, then compiled as a program (run.sh).
#include <metal_stdlib>
using namespace metal;

static int failures = 0;
static int checks = 0;
static void check(bool ok, int line) {
  ++checks;
  if (!ok) { ++failures; __builtin_printf("stdlib_coverage.metal:%d: check failed\n", line); }
}
#define CHECK(e) check((e), __LINE__)
static bool feq(float a, float b) { return fabs(a - b) <= 1e-6f * (1.0f + fabs(b)); }

#define F1(f) { float s = f(0.3f); float4 v = f(float4(0.3f)); CHECK(feq(v.w, s)); float3 v3 = f(float3(0.3f)); float2 v2 = f(float2(0.3f)); (void)v3; (void)v2; }
#define F2(f) { float s = f(0.3f, 0.7f); float4 v = f(float4(0.3f), float4(0.7f)); CHECK(feq(v.z, s)); }
#define F3(f) { float s = f(0.3f, 0.7f, 0.5f); float4 v = f(float4(0.3f), float4(0.7f), float4(0.5f)); CHECK(feq(v.y, s)); }
#define I1(f) { int s = f(12); int4 v = f(int4(12)); uint4 u = f(uint4(12u)); ushort2 h = f(ushort2(ushort(12))); CHECK(v.x == s && u.y == uint(f(12u))); (void)h; }
#define I2(f) { int s = f(-7, 12); int4 v = f(int4(-7), int4(12)); uint4 u = f(uint4(7u), uint4(12u)); CHECK(v.x == s && u.z == f(7u, 12u)); }

int main() {
  F1(fabs) F1(sqrt) F1(rsqrt) F1(exp) F1(exp2) F1(exp10) F1(log) F1(log2) F1(log10) F1(sin) F1(cos) F1(tan)
  F1(asin) F1(acos) F1(atan) F1(sinh) F1(cosh) F1(tanh) F1(asinh) F1(atanh) F1(sinpi) F1(cospi) F1(tanpi)
  F1(floor) F1(ceil) F1(round) F1(rint) F1(trunc) F1(fract) F1(saturate) F1(sign) F1(abs)
  F1(precise::sqrt) F1(fast::exp) F1(metal::fast::sin) F1(metal::precise::cos)
  F2(atan2) F2(pow) F2(powr) F2(fmod) F2(fmin) F2(fmax) F2(copysign) F2(fdim) F2(divide) F2(step)
#if __METAL_VERSION__ >= 310 // new in MSL 3.1
  F2(nextafter)
#endif
  F2(min) F2(max)
  F3(fma) F3(mix) F3(smoothstep) F3(clamp) F3(fmin3) F3(fmax3) F3(fmedian3)
  I1(clz) I1(ctz) I1(popcount) I1(reverse_bits) I1(abs)
  I2(absdiff) I2(addsat) I2(subsat) I2(hadd) I2(rhadd) I2(mulhi) I2(mul24) I2(rotate) I2(min) I2(max)
  CHECK(acosh(float2(2.0f)).y == acosh(2.0f));
  CHECK(mad24(3, 4, 5) == 17 && all(mad24(int2(3), int2(4), int2(5)) == int2(17)));
  CHECK(clamp(int3(5, -5, 1), 0, 2).x == 2 && clamp(7u, 1u, 3u) == 3u);

  // Values.
  CHECK(sqrt(16.0f) == 4.0f && rsqrt(4.0f) == 0.5f && exp10(2.0f) == 100.0f);
  CHECK(sinpi(1.0f) == 0.0f && cospi(1.0f) == -1.0f && sinpi(0.5f) == 1.0f);
  CHECK(fract(-0.25f) == 0.75f && fract(1.0f) == 0.0f);
  CHECK(sign(-3.0f) == -1.0f && sign(0.0f) == 0.0f && sign(NAN) == 0.0f);
  CHECK(step(1.0f, 0.5f) == 0.0f && step(1.0f, 1.0f) == 1.0f);
  CHECK(smoothstep(0.0f, 1.0f, 0.5f) == 0.5f && mix(2.0f, 4.0f, 0.25f) == 2.5f);
  CHECK(clz(1u) == 31 && clz(0u) == 32 && clz(ushort(1)) == 15 && clz(uchar(0)) == 8 && clz(-1) == 0);
  CHECK(ctz(8) == 3 && ctz(0u) == 32 && popcount(0xffu) == 8 && popcount(-1) == 32);
  CHECK(reverse_bits(1u) == 0x80000000u && reverse_bits(uchar(1)) == uchar(0x80));
  CHECK(rotate(0x80000001u, 1u) == 3u && rotate(uchar(0x81), uchar(4)) == uchar(0x18));
  CHECK(addsat(2147483647, 1) == 2147483647 && addsat(-2147483647 - 1, -1) == -2147483647 - 1);
  CHECK(subsat(0u, 1u) == 0u && addsat(0xffffffffu, 5u) == 0xffffffffu && subsat(uchar(3), uchar(5)) == 0);
  CHECK(absdiff(-5, 5) == 10u && hadd(2147483647, 2147483647) == 2147483647 && rhadd(1, 2) == 2);
  CHECK(mulhi(0x80000000u, 4u) == 2u && mulhi(-1, 1) == -1 && mulhi(ulong(1) << 63, ulong(4)) == 2ul);
  CHECK(mul24(0x1000001, 2) == 2 && abs(-3) == 3 && abs(-2.5f) == 2.5f && abs(int2(-1, 2)).x == 1);
  CHECK(min(3, -4) == -4 && max(3u, 4u) == 4u && min(2.0f, 1.0f) == 1.0f && max(float2(1.0f, 5.0f), 2.0f).y == 5.0f);

  CHECK(extract_bits(0xf0u, 4u, 4u) == 0xfu && extract_bits(int(0xf0), 4u, 4u) == -1 && insert_bits(0u, 5u, 4u, 3u) == 0x50u);
  CHECK(all(extract_bits(uint2(0xf0u), 4u, 4u) == uint2(0xfu)) && insert_bits(0xffu, 0u, 0u, 32u) == 0u);
  CHECK(numeric_limits<float>::max() == FLT_MAX && (is_same<uint, unsigned>::value));

  // Geometric.
  float3 a = float3(1.0f, 2.0f, 2.0f), b = float3(0.0f, 1.0f, 0.0f);
  CHECK(dot(a, b) == 2.0f && length(a) == 3.0f && length_squared(a) == 9.0f && distance(a, a) == 0.0f);
  CHECK(all(cross(float3(1, 0, 0), float3(0, 1, 0)) == float3(0, 0, 1)));
  CHECK(feq(length(normalize(a)), 1.0f) && feq(normalize(float2(3.0f, 4.0f)).x, 0.6f));

  // Relational, select, bool vectors.
  float4 q = float4(1.0f, NAN, INFINITY, -0.0f);
  bool4 n = isnan(q);
  CHECK(!n.x && n.y && !n.z && !n.w && isinf(q).z && isfinite(q).x && !isfinite(q).y && signbit(q).w);
  CHECK(any(n) && !all(n) && all(bool3(true)) && !any(bool2(false)));
  bool4 lt = float4(1, 2, 3, 4) < float4(2.5f);
  CHECK(lt.x && lt.y && !lt.z && !lt.w && lt[1] && sizeof(bool3) == 4);
  CHECK(all(select(float4(0.0f), float4(1.0f), lt) == float4(1, 1, 0, 0)));
  CHECK(all(select(int2(1), int2(2), int2(3) > int2(4, 2)) == int2(1, 2)) && select(1, 2, true) == 2);

  // Outputs through references.
  float c; float s = sincos(0.5f, c);
  CHECK(s == sin(0.5f) && c == cos(0.5f));
  int e; float m = frexp(8.0f, e);
  CHECK(m == 0.5f && e == 4 && ldexp(0.5f, 4) == 8.0f && ldexp(float2(0.5f), int2(1, 2)).y == 2.0f);
  float ip; float fp = modf(2.75f, ip);
  CHECK(fp == 0.75f && ip == 2.0f && ilogb(8.0f) == 3 && ilogb(float2(8.0f, 1.0f)).y == 0);
  float4 c4; float4 s4 = sincos(float4(0.5f), c4); int4 e4; float4 m4 = frexp(float4(8.0f), e4); float4 i4; float4 f4 = modf(float4(2.75f), i4);
  CHECK(s4.x == s && c4.w == c && m4.y == 0.5f && e4.z == 4 && f4.x == 0.75f && i4.y == 2.0f);

  // Constructors, conversions, packed vectors, as_type.
  float4 v = float4(float2(1.0f, 2.0f), 3.0f, 4.0f);
  CHECK(all(v == float4(1, 2, 3, 4)) && all(float4(v.xy, v.zw) == v) && all(float4(v.xyz, 9.0f).w == 9.0f));
  CHECK(all(int4(float4(1.7f, -1.7f, 2.0f, 0.0f)) == int4(1, -1, 2, 0)) && all(float3(2) == float3(2.0f)));
  CHECK(all(uint2(int2(-1)) == uint2(0xffffffffu)) && all(float4() == float4(0.0f)));
  packed_float3 p = packed_float3(float3(1.0f, 2.0f, 3.0f));
  float3 pf = p;
  CHECK(sizeof(packed_float3) == 12 && alignof(packed_float3) == 4 && pf.y == 2.0f && p[2] == 3.0f);
  p += float3(1.0f);
  CHECK(p.x == 2.0f && (p * 2.0f).z == 8.0f && all(float3(p) == float3(2, 3, 4)));
  CHECK(as_type<uint>(1.0f) == 0x3f800000u && as_type<float>(0x40000000u) == 2.0f && all(as_type<uint2>(float2(1.0f)) == uint2(0x3f800000u)));
  CHECK(sizeof(float3) == 16 && sizeof(int3) == 16 && sizeof(uchar3) == 4 && sizeof(short3) == 8 && sizeof(long3) == 32);
  CHECK(sizeof(bool2) == 2 && sizeof(packed_uchar3) == 3 && sizeof(packed_short2) == 4);
  vec<float, 4> gv = v;
  CHECK(gv.w == 4.0f);

  // Atomics on thread-space storage reinterpreted (legal for the emulation only via device cast).
  uint buf[4] = {0, 5, 0, 0};
  device atomic_uint* au = (device atomic_uint*)&buf[0];
  CHECK(atomic_fetch_add_explicit(au, 3u, memory_order_relaxed) == 0 && buf[0] == 3);
  CHECK(atomic_fetch_sub_explicit(au, 1u, memory_order_relaxed) == 3 && atomic_load_explicit(au, memory_order_relaxed) == 2);
  CHECK(atomic_fetch_max_explicit(au, 9u, memory_order_relaxed) == 2 && atomic_fetch_min_explicit(au, 4u, memory_order_relaxed) == 9);
  CHECK(atomic_fetch_or_explicit(au, 3u, memory_order_relaxed) == 4 && atomic_fetch_and_explicit(au, 6u, memory_order_relaxed) == 7);
  CHECK(atomic_fetch_xor_explicit(au, 1u, memory_order_relaxed) == 6 && atomic_exchange_explicit(au, 11u, memory_order_relaxed) == 7);
  uint expected = 11u;
  CHECK(atomic_compare_exchange_weak_explicit(au, &expected, 12u, memory_order_relaxed, memory_order_relaxed) && buf[0] == 12);
  expected = 0u;
  CHECK(!atomic_compare_exchange_weak_explicit(au, &expected, 1u, memory_order_relaxed, memory_order_relaxed) && expected == 12u);
  atomic_store_explicit(au, 1u, memory_order_relaxed);
  CHECK(buf[0] == 1u);
  float fb[2] = {1.0f, 0.0f};
  device atomic_float* af = (device atomic_float*)&fb[0];
  CHECK(atomic_fetch_add_explicit(af, 0.5f, memory_order_relaxed) == 1.0f && atomic_exchange_explicit(af, 3.0f, memory_order_relaxed) == 1.5f && fb[0] == 3.0f);
  int ib[1] = {-5};
  threadgroup atomic_int* ai = (threadgroup atomic_int*)&ib[0];
  CHECK(atomic_fetch_min_explicit(ai, -7, memory_order_relaxed) == -5 && ib[0] == -7);
  atomic_thread_fence(mem_flags::mem_device, memory_order_seq_cst, thread_scope_device);

  // Builtin helpers of the glue.
  cu2m_thread_ctx ctx = {};
  ctx.thread_idx = {1, 2, 3}; ctx.block_idx = {4, 0, 0}; ctx.block_dim = {8, 4, 4}; ctx.grid_dim = {5, 1, 1};
  ctx.linear_tid = 1 + 2 * 8 + 3 * 32; ctx.warp_size = 32;
  CHECK(cu2m_msl::thread_position_in_grid(&ctx).x == 33 && cu2m_msl::builtin<uint>(cu2m_msl::u3(ctx.thread_idx)) == 1u);
  CHECK(all(cu2m_msl::builtin<ushort2>(cu2m_msl::u3(ctx.thread_idx)) == ushort2(1, 2)));
  CHECK(cu2m_msl::simdgroup_index_in_threadgroup(&ctx) == 3 && cu2m_msl::thread_index_in_simdgroup(&ctx) == 17);

  __builtin_printf("%d checks, %d failed\n", checks, failures);
  return failures ? 1 : 0;
}

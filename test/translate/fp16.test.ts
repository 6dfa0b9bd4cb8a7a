// cuda_fp16.h / cuda_bf16.h in device code: types, helpers, __hadd's two meanings, bfloat overloads.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { translateSource } from '../../src/translate/index';
import { DEVICE_FUNCTIONS, FUNCTION_BY_NAME } from '../../src/translate/tables/functions';

const msl = (src: string): string => {
  const t = translateSource('h.cu', `#include <cuda_fp16.h>\n#include <cuda_bf16.h>\n${src}`);
  assert.equal(t.ok, true, JSON.stringify(t.diagnostics));
  return t.msl;
};

test('__half, __half2 and the bfloat16 types become Metal half, half2, bfloat, bfloat2', () => {
  const m = msl('__global__ void k(__half* a, const __half2* b, __nv_bfloat16* c, nv_bfloat162* d) { a[0] = b[0].x; c[0] = d[0].y; }\n');
  assert.match(m, /device half\* a \[\[buffer\(0\)\]\], device const half2\* b \[\[buffer\(1\)\]\], device bfloat\* c \[\[buffer\(2\)\]\], device bfloat2\* d/);
  assert.doesNotMatch(m.slice(m.indexOf('#line 3')), /__half|__nv_bfloat16/);
  assert.match(m, /#if __METAL_VERSION__ < 310/, 'bfloat in a signature brings the version check');
});

test('an intrinsic keeps its CUDA name and its helper is added once, typed like the CUDA parameter', () => {
  const m = msl('__global__ void k(__half* a) { a[0] = __hmul(a[1], 0.1f); a[2] = __hmul(a[3], a[4]); }\n');
  assert.match(m, /a\[0\] = __hmul\(a\[1\], 0\.1f\)/);
  assert.equal(m.match(/inline half __hmul\(half a, half b\) \{ return a \* b; \}/g)?.length, 1);
  assert.doesNotMatch(m, /bfloat/, 'no bfloat overload in a file without bfloat16');
});

test('__hadd: the integer halving add with integer arguments, the half addition otherwise', () => {
  const m = msl('__global__ void k(int* p, __half* h, int n) { int i = threadIdx.x; p[0] = __hadd(i, n); h[0] = __hadd(h[1], h[2]); }\n');
  assert.match(m, /p\[0\] = hadd\(int\(i\), int\(n\)\)/);
  assert.match(m, /h\[0\] = __hadd\(h\[1\], h\[2\]\)/);
  assert.match(m, /inline half __hadd\(half a, half b\)/);
});

test('a file using bfloat16 gets the bfloat overloads of shared names and the MSL 3.1 check first', () => {
  const m = msl('__global__ void k(__nv_bfloat16* b, __half* h) { b[0] = __hmul(b[1], b[2]); h[0] = __hmul(h[1], h[2]); b[3] = __float2bfloat16_rz(1.0f); }\n');
  assert.match(m, /inline half __hmul\(half a, half b\)/);
  assert.match(m, /inline bfloat __hmul\(bfloat a, bfloat b\)/);
  const check = m.indexOf('#if __METAL_VERSION__ < 310');
  assert.ok(check >= 0, m);
  assert.ok(check < m.indexOf('inline bfloat __hmul'), 'the check precedes the bfloat helpers');
  assert.ok(check < m.indexOf('inline bfloat __float2bfloat16_rz'), 'the check precedes bfloat-only helpers');
  assert.match(m, /#error "this program uses __nv_bfloat16/);
});

test('a file without bfloat16 in device code gets no version check', () => {
  const m = msl('__global__ void k(__half* a) { a[0] = __float2half(1.0f); }\nvoid host() { __nv_bfloat16 b = __float2bfloat16(1.0f); (void)b; }\n');
  assert.doesNotMatch(m, /__METAL_VERSION__ < 310/);
});

test('directed-rounding helpers step the nearest value on the wrong side', () => {
  const m = msl('__global__ void k(__half* h, const float* f) { h[0] = __float2half_rd(f[0]); h[1] = __int2half_ru(7); }\n');
  assert.match(m, /inline half __float2half_rd\(float x\) \{ float f = float\(x\); half h = half\(f\);.*float\(h\) > f \?/);
  assert.match(m, /inline half __int2half_ru\(int i\)/);
});

test('every cuda_fp16 row is a helper with a definition for the support matrix', () => {
  // (cuda_fp8.h's double conversions are refused: test/translate/fp8.test.ts)
  const half = DEVICE_FUNCTIONS.filter((r) => r.category === 'half' && !/^__nv_cvt_double2?_to_fp8/.test(r.cuda));
  assert.ok(half.length > 150, `${half.length} rows`);
  for (const r of half) {
    assert.equal(r.map.kind, 'polyfill', r.cuda);
    if (r.map.kind === 'polyfill') assert.match(r.map.definition, new RegExp(`inline [\\w<>]+ ${r.cuda}\\(`), r.cuda);
  }
  for (const name of ['__float2half_rz', '__half2int_rn', '__hfma2', 'h2sqrt', '__hbeq2', '__ushort_as_half', '__float2bfloat16', '__bfloat162float']) assert.ok(FUNCTION_BY_NAME.has(name), name);
  assert.equal(FUNCTION_BY_NAME.get('__hadd')?.category, 'integer');
});

test('__internal_bfloat162float on a raw pair\'s bits (attentionMultiHeadKVCache\'s vec_dtypes.cuh)', () => {
  const m = msl('__device__ float2 unpack(const __nv_bfloat162 a) {\n  float lo = __internal_bfloat162float(((__nv_bfloat162_raw)a).x);\n  float hi = __internal_bfloat162float(((__nv_bfloat162_raw)a).y);\n  return make_float2(lo, hi);\n}\n__global__ void k(const __nv_bfloat162* a, float2* o) { o[0] = unpack(a[0]); }\n');
  assert.match(m, /inline float __internal_bfloat162float\(ushort b\) \{ return float\(as_type<bfloat>\(b\)\); \}/);
  assert.match(m, /float lo = __internal_bfloat162float\(\(\(__nv_bfloat162_raw\)a\)\.x\);/);
  assert.match(m, /#if __METAL_VERSION__ < 310/);
});

test('#if over __CUDA_ARCH__ visits the branch Metal compiles (the MSL defines __CUDA_ARCH__ 800): its helpers are added', () => {
  const m = msl([
    '__device__ float2 widen(const __nv_bfloat162 v) {',
    '#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ < 800',
    '  assert(false);',
    '#else',
    '  return __bfloat1622float2(v);',
    '#endif',
    '}',
    '__device__ __nv_bfloat162 both(const __nv_bfloat16 v) {',
    '#if __CUDA_ARCH__ >= 800',
    '  return __bfloat162bfloat162(v);',
    '#else',
    '  return __nv_bfloat162(v, v);',
    '#endif',
    '}',
    '__global__ void k(__nv_bfloat162* p, float2* q) { q[0] = widen(p[0]); p[1] = both(p[0].x); }',
    '',
  ].join('\n'));
  assert.match(m, /inline float2 __bfloat1622float2\(bfloat2 h\)/);
  assert.match(m, /__bfloat162bfloat162\(bfloat/);
  assert.doesNotMatch(m, /cu2m_assert_fail/, 'the < 800 branch is not translated');
});

// cuda_fp8.h in device code (tables/fp8.ts): the prelude comes with the first fp8 type, construction
// or conversion function; double conversions are refused; bfloat16 pieces only with bfloat16.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { translateSource } from '../../src/translate/index';
import { FUNCTION_BY_NAME } from '../../src/translate/tables/functions';

const translate = (src: string) => translateSource('f.cu', `#include <cuda_fp8.h>\n${src}`);
const msl = (src: string): string => {
  const t = translate(src);
  assert.equal(t.ok, true, JSON.stringify(t.diagnostics));
  return t.msl;
};

test('an fp8 buffer keeps its CUDA class name; the prelude defines it once, with the half raw struct before it', () => {
  const m = msl('__global__ void k(const float* in, __nv_fp8_e4m3* out) { out[threadIdx.x] = __nv_fp8_e4m3(in[threadIdx.x]); }\n');
  assert.match(m, /device __nv_fp8_e4m3\* out \[\[buffer\(1\)\]\]/);
  assert.match(m, /out\[threadIdx\.x\] = __nv_fp8_e4m3\(in\[threadIdx\.x\]\);/);
  assert.equal(m.match(/^struct __nv_fp8_e4m3 \{$/gm)?.length, 1);
  assert.ok(m.indexOf('struct __half_raw {') < m.indexOf('namespace cu2m_fp8 {'), 'the raw struct first');
  assert.match(m, /explicit operator float\(\) const SPACE/);
  assert.doesNotMatch(m, /__nv_bfloat16_raw|#if __METAL_VERSION__ < 310/, 'no bfloat16 in a file without it');
});

test('a conversion function alone brings the prelude; its helper follows it', () => {
  const m = msl('__global__ void k(const float* in, unsigned char* out) { out[0] = __nv_cvt_float_to_fp8(in[0], __NV_SATFINITE, __NV_E5M2); }\n');
  assert.match(m, /out\[0\] = __nv_cvt_float_to_fp8\(in\[0\], __NV_SATFINITE, __NV_E5M2\);/);
  const prelude = m.indexOf('enum __nv_saturation_t { __NV_NOSAT = 0, __NV_SATFINITE = 1 };');
  const helper = m.indexOf('inline __nv_fp8_storage_t __nv_cvt_float_to_fp8(float x,');
  assert.ok(prelude >= 0 && helper > prelude, m);
});

test('the double conversions are refused with the reason', () => {
  const t = translate('__global__ void k(const double* in, unsigned char* out) { out[0] = __nv_cvt_double_to_fp8(in[0], __NV_SATFINITE, __NV_E4M3); }\n');
  assert.equal(t.ok, false);
  assert.ok(t.diagnostics.some((d) => d.code === 'C2M1002' && /__nv_cvt_double_to_fp8/.test(d.message) && /Metal has no double/.test(d.message)), JSON.stringify(t.diagnostics));
  assert.equal(FUNCTION_BY_NAME.get('__nv_cvt_double_to_fp8')?.map.kind, 'unsupported');
});

test('with bfloat16: the bfloat16 raw structs and the MSL 3.1 check; a kernel parameter of a template struct gets bfloat', () => {
  const t = translateSource('f.cu', [
    '#include <cuda_fp8.h>',
    '#include <cuda_bf16.h>',
    'template <typename A, typename B> struct Param { A* q; const B* bias; };',
    '__global__ void k(Param<__nv_fp8_e4m3, __nv_bfloat16> p) { p.q[threadIdx.x] = __nv_fp8_e4m3(p.bias[threadIdx.x]); }',
    '',
  ].join('\n'));
  assert.equal(t.ok, true, JSON.stringify(t.diagnostics));
  assert.match(t.msl, /constant Param<__nv_fp8_e4m3, bfloat>& p_arg \[\[buffer\(0\)\]\]/);
  assert.match(t.msl, /struct __nv_bfloat16_raw \{/);
  assert.ok(t.msl.indexOf('#if __METAL_VERSION__ < 310') < t.msl.indexOf('struct __nv_bfloat16_raw {'));
});

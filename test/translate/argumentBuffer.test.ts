// Argument buffers (src/translate/argumentBuffer.ts): a kernel with more buffers than Metal's 31
// takes its parameters in one struct; a kernel within the limit is unchanged; what still does not
// fit is refused with C2M1011; the host stub gives the runtime each field's offset; the msl-cpu
// glue fills the struct and exports its layout for the runtime's check.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { translateSource } from '../../src/translate/index';
import { mslGlue } from '../../src/build/glue';

const translate = (src: string) => translateSource('a.cu', src);
const list = (n: number, f: (i: number) => string): string => Array.from({ length: n }, (_, i) => f(i)).join(', ');

test('31 buffers: one [[buffer(i)]] per parameter, as before', () => {
  const t = translate(`__global__ void k(${list(30, (i) => `float* p${i}`)}, int n) { if (threadIdx.x < n) p0[threadIdx.x] = p29[threadIdx.x]; }\n`);
  assert.equal(t.ok, true, JSON.stringify(t.diagnostics));
  assert.match(t.msl, /kernel void k\(device float\* p0 \[\[buffer\(0\)\]\], /);
  assert.match(t.msl, /constant int& n \[\[buffer\(30\)\]\]/);
  assert.doesNotMatch(t.msl, /cu2m_args|struct cu2m_k_args/);
  assert.equal(t.manifest.kernels[0]!.argumentBuffer, undefined);
});

test('32 buffers: every parameter in the argument buffer, bound to a local of its own name; the body keeps its lines', () => {
  const src = `__constant__ float c_w[4];\n__global__ void k(${list(30, (i) => `float* p${i}`)},\n    const int* __restrict__ idx, int n, double s)\n{\n  int i = threadIdx.x;\n  if (i < n) p0[i] = p29[idx[i]] * c_w[0] + (float)s;\n  n = 0;\n}\n`;
  const t = translate(src);
  assert.equal(t.ok, true, JSON.stringify(t.diagnostics));
  assert.match(t.msl, /\/\/ kernel k: 34 buffers, more than Metal's 31: its 33 parameters in one argument buffer\nstruct cu2m_k_args \{\n {2}device float\* p0; \/\/ float\* p0\n/);
  assert.match(t.msl, / {2}device const int\* idx; \/\/ const int\* __restrict__ idx\n {2}int n; \/\/ int n\n {2}f64 s; \/\/ double s\n\};/);
  assert.match(t.msl, /kernel void k\(constant cu2m_k_args& cu2m_args \[\[buffer\(0\)\]\], constant float\* c_w \[\[buffer\(1\)\]\], uint3 threadIdx/);
  assert.match(t.msl, /\{\n {2}device float\* p0 = cu2m_args\.p0;\n/);
  assert.match(t.msl, / {2}device const int\* idx = cu2m_args\.idx;\n {2}int n = cu2m_args\.n;\n {2}f64 s = cu2m_args\.s;\n#line 4 "a\.cu"\n\n {2}int i = threadIdx\.x;/);
  const k = t.manifest.kernels[0]!;
  assert.deepEqual(k.argumentBuffer, { type: 'cu2m_k_args', fields: 33 });
  assert.equal(k.params.filter((p) => p.field).length, 33);
  const w = k.params.find((p) => p.name === 'c_w')!;
  assert.equal(w.field, undefined, 'a __constant__ variable keeps its own buffer');
  assert.equal(w.index, 33, 'its argument position is after the parameters');
  // the host stub: each field's offset from a struct of the parameters' types, and the struct's size
  assert.match(t.host, /struct cu2m_argbuf \{ decltype\(p0\) a_p0; .* decltype\(s\) a_s; \}; \/\/ the kernel's argument buffer/);
  assert.match(t.host, /\{"idx", CU2M_ARG_BUFFER, sizeof\(void\*\), CU2M_ELEM_I32, 4u, 0u, 0u, nullptr, \(uint32_t\)offsetof\(cu2m_argbuf, a_idx\)\}/);
  assert.match(t.host, /\{"s", CU2M_ARG_SCALAR, sizeof\(s\), CU2M_ELEM_BYTES, 0u, 0u, 0u, nullptr, \(uint32_t\)offsetof\(cu2m_argbuf, a_s\)\}/);
  assert.match(t.host, /cu2m_params, 0u, 0u, \(uint32_t\)sizeof\(cu2m_argbuf\)\};/);
  // the msl-cpu glue: the struct filled field by field, passed first; its layout exported
  const glue = mslGlue(t.manifest);
  assert.match(glue, / {2}cu2m_k_args cu2m_ab;\n {2}__builtin_memcpy\(&cu2m_ab\.p0, args\[0\], sizeof cu2m_ab\.p0\);\n/);
  assert.match(glue, /__builtin_memcpy\(&cu2m_ab\.s, args\[32\], sizeof cu2m_ab\.s\);\n {2}k\(\*\(constant cu2m_k_args\*\)\(uintptr_t\)&cu2m_ab,\n {4}\(constant float\*\)\(uintptr_t\)\*\(void\* const\*\)args\[33\]/);
  assert.match(glue, /const uint32_t cu2m_arglayout_k\[\] = \{\(uint32_t\)sizeof\(cu2m_k_args\), 33u, \(uint32_t\)__builtin_offsetof\(cu2m_k_args, p0\), /);
});

test('a kernel template: the struct is a template of the same parameters', () => {
  const t = translate(`template <typename T, int B>\n__global__ void k(${list(32, (i) => `T* p${i}`)}, int n) { if (threadIdx.x < n) p0[threadIdx.x] = p31[threadIdx.x] * (T)B; }\nint main() { float* d = nullptr; k<float, 4><<<1, 1>>>(${list(32, () => 'd')}, 1); }\n`);
  assert.equal(t.ok, true, JSON.stringify(t.diagnostics));
  assert.match(t.msl, /template <typename T, int B>\n\/\/ kernel k: 33 buffers, more than Metal's 31: its 33 parameters in one argument buffer\nstruct cu2m_k_args \{\n {2}device cu2m_mem<T>\* p0;/);
  assert.match(t.msl, /kernel void k\(constant cu2m_k_args<T, B>& cu2m_args \[\[buffer\(0\)\]\]/);
  const glue = mslGlue(t.manifest);
  assert.match(glue, /cu2m_k_args<float, 4> cu2m_ab;/);
});

test('more buffers than fit even with the parameters in one argument buffer: still C2M1011, naming what takes them', () => {
  const globals = Array.from({ length: 31 }, (_, i) => `__constant__ float c${i}[2];`).join('\n');
  const t = translate(`${globals}\n__global__ void k(float* out) { out[0] = ${Array.from({ length: 31 }, (_, i) => `c${i}[0]`).join(' + ')}; }\n`);
  assert.equal(t.ok, false);
  const d = t.diagnostics.find((x) => x.code === 'C2M1011');
  assert.ok(d, JSON.stringify(t.diagnostics));
  assert.match(d.message, /kernel 'k' needs 32 buffers with its parameters in one argument buffer \(31 for __constant__\/__device__ variables, printf and atomics\); Metal allows 31/);
});

test('kernels overloaded by parameter type: each overload its own struct, named after its own name', () => {
  const ps = (t: string): string => list(32, (i) => `${t}* p${i}`);
  const t = translate(`__global__ void k(${ps('float')}) { p0[0] = p31[0]; }\n__global__ void k(${ps('int')}) { p0[0] = p31[0] + 1; }\n`);
  assert.equal(t.ok, true, JSON.stringify(t.diagnostics));
  assert.match(t.msl, /kernel void k\(constant cu2m_k_args& cu2m_args \[\[buffer\(0\)\]\]\)/);
  assert.match(t.msl, /struct cu2m_k_2_args \{\n {2}device int\* p0;/);
  assert.match(t.msl, /kernel void k_2\(constant cu2m_k_2_args& cu2m_args \[\[buffer\(0\)\]\]\)/);
  assert.deepEqual(t.manifest.kernels.map((k) => k.argumentBuffer?.type), ['cu2m_k_args', 'cu2m_k_2_args']);
  assert.match(mslGlue(t.manifest), / {2}cu2m_k_2_args cu2m_ab;\n/);
});

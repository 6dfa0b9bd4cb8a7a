// Unit tests of the MSL lowering for clang (src/build/mslLower.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lowerMslForClang } from '../../src/build/mslLower';

const lower = (src: string): string => {
  const r = lowerMslForClang(src, 'k.metal');
  assert.deepEqual(r.errors, []);
  return r.code;
};
const lines = (s: string): number => s.split('\n').length;
const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// The lowered form of `threadgroup TYPE NAME DIMS;`: a reference into per-threadgroup storage.
const tg = (type: string, name: string, dims: string): string => {
  const whole = `${type} ${dims}`.trim();
  return `${esc(`${type} (&${name})${dims} = *(${type} (*)${dims})::cu2m_msl::threadgroup_static("cu2m_tg@`)}\\d+${esc(`", sizeof(${whole}), alignof(${whole}));`)}`;
};
const re = (...parts: string[]): RegExp => new RegExp(`^${parts.join('')}$`);

test('kernel-scope threadgroup arrays become references into per-threadgroup storage', () => {
  const src = 'kernel void k(device float* a [[buffer(0)]]) {\n  threadgroup float tile[16][16];\n  tile[0][0] = a[0];\n}\n';
  const out = lower(src);
  assert.match(out.split('\n')[1] ?? '', re('  ', tg('threadgroup float', 'tile', '[16][16]')));
  assert.equal(lines(out), lines(src));
});

test('threadgroup of class type and several declarators: one reference each, with distinct storage', () => {
  const out = lower('kernel void k() { threadgroup atomic_int n; threadgroup float a[4], b[8]; }');
  assert.match(out, re(esc('kernel void k() { '), tg('threadgroup atomic_int', 'n', ''), ' ', tg('threadgroup float', 'a', '[4]'), ' ', tg('threadgroup float', 'b', '[8]'), esc(' }')));
  const keys = [...out.matchAll(/"cu2m_tg@(\d+)"/g)].map((m) => m[1]);
  assert.equal(new Set(keys).size, 3);
});

test('a GNU attribute on a threadgroup array (CUDA `__shared__ __align__(16)`): lowered, its alignment kept', () => {
  const out = lower('kernel void k() {\n  threadgroup float __attribute__((aligned(16))) tile[64];\n}\n');
  const line = out.split('\n')[1] ?? '';
  assert.match(line, /^ {2}threadgroup float \(&tile\)\[64\] = \*\(threadgroup float \(\*\)\[64\]\)::cu2m_msl::threadgroup_static\("cu2m_tg@\d+", sizeof\(threadgroup float \[64\]\), /);
  assert.ok(line.endsWith('(alignof(threadgroup float [64]) > (16) ? alignof(threadgroup float [64]) : (16)));'), line);
});

test('nested blocks, loops and lambdas in a body count as function scope', () => {
  const out = lower('kernel void k() { if (1) { for (;;) { threadgroup int x[2]; } } }');
  assert.match(out, new RegExp(`${esc('{ ')}${tg('threadgroup int', 'x', '[2]')}${esc(' }')}`));
});

test('threadgroup in parentheses (parameters, casts) is left alone', () => {
  const src = 'static void h(threadgroup float* s, int i) { s[i] = 0; }\n' +
    'kernel void k(threadgroup float* s [[threadgroup(0)]], device uint* p [[buffer(0)]]) {\n' +
    '  h((threadgroup float*)s, 1);\n  for (threadgroup float* q = s; q != s; ++q) {}\n}\n';
  assert.equal(lower(src), src.replace('[[threadgroup(0)]]', '[[cu2m_threadgroup(0)]]'));
});

test('a local pointer or reference to threadgroup memory stays a thread variable', () => {
  const src = 'kernel void k() { threadgroup float t[4]; threadgroup float* p = t; threadgroup float& r = t[1]; }';
  assert.match(lower(src), re(esc('kernel void k() { '), tg('threadgroup float', 't', '[4]'), esc(' threadgroup float* p = t; threadgroup float& r = t[1]; }')));
});

test('program-scope threadgroup variable is an error with Metal wording', () => {
  const r = lowerMslForClang('#include <metal_stdlib>\nusing namespace metal;\n  threadgroup float x[4];\n', 'k.metal');
  assert.equal(r.errors.length, 1);
  assert.deepEqual(r.errors[0], { line: 3, column: 3, message: 'program scope variable must reside in constant address space' });
});

test('program-scope device variable is an error; functions returning such pointers are not', () => {
  const r = lowerMslForClang('device float* g;\ndevice float* f(device float* p) { return p; }\nthreadgroup float* h(threadgroup float* p);\n', 'k.metal');
  assert.deepEqual(r.errors.map((e) => e.line), [1]);
});

test('threadgroup variable with an initializer is an error', () => {
  const r = lowerMslForClang('kernel void k() {\n  threadgroup int n = 0;\n}\n', 'k.metal');
  assert.equal(r.errors.length, 1);
  assert.equal(r.errors[0]?.line, 2);
  assert.match(r.errors[0]?.message ?? '', /cannot have an initializer/);
});

test('threadgroup members of a struct are left to clang; constant program-scope data goes to the global space', () => {
  const src = 'struct S { threadgroup float* p; };\nconstant float K[2] = {1.0f, 2.0f};\nnamespace n { constant int Z = 3; }\nconstant float* f(constant float* p);\n';
  assert.equal(lower(src), src.replace('constant float K', 'cu2m_program_constant float K').replace('constant int Z', 'cu2m_program_constant int Z'));
});

test('vector constructors become cu2m_make', () => {
  assert.equal(lower('float4 v = float4(a, b, c, 1.0f);'), 'float4 v = cu2m_make<float4>(a, b, c, 1.0f);');
  assert.equal(lower('x = float4(float2(1.0f), f3.xy) + int3(0).x + float4();'),
    'x = cu2m_make<float4>(cu2m_make<float2>(1.0f), f3.xy) + cu2m_make<int3>(0).x + cu2m_make<float4>();');
  assert.equal(lower('p = packed_float3(v); q = uchar4(c); r = half2(h); b = bool3(m);'),
    'p = cu2m_make<packed_float3>(v); q = cu2m_make<uchar4>(c); r = cu2m_make<half2>(h); b = cu2m_make<bool3>(m);');
  assert.equal(lower('y = metal::float2(1, 2);'), 'y = cu2m_make<metal::float2>(1, 2);');
});

test('not constructors: members, other qualifiers, longer identifiers, declarators, declarations', () => {
  const src = 's.float4(1); p->int2(2); my::float4(3); float4x4(m); myfloat4(1); float4_(2);\n' +
    'float4 (*p)[4]; void f(float4 (&r)[2]); float4 a, b; float4 g(float4 x); sizeof(float4);\n';
  assert.equal(lower(src), src);
});

test('comments, strings, chars and preprocessor lines are skipped', () => {
  const src = '// float4(1) threadgroup float x[2];\n/* float4(2)\n threadgroup int y; */\n' +
    'const char* s = "float4(3) threadgroup float z;"; char c = \'(\';\n' +
    '#if defined(float4)\n#include "float4(5).h"\n#pragma float4(6)\n#endif\n' +
    'int n = 1\'000; float4 v = float4(n);\n';
  const out = lower(src);
  assert.equal(out, src.replace('float4 v = float4(n)', 'float4 v = cu2m_make<float4>(n)'));
});

test('vector constructors inside #define bodies are rewritten, not the macro name or parameters', () => {
  const src = '#define MK(x) float4(x, x, x, 1.0f)\n#define float4_of(v) \\\n  float4(v)\nint z;\n';
  const out = lower(src);
  assert.equal(out, '#define MK(x) cu2m_make<float4>(x, x, x, 1.0f)\n#define float4_of(v) \\\n  cu2m_make<float4>(v)\nint z;\n');
});

test('line count is preserved and #line directives are untouched', () => {
  const src = '#line 10 "app.cu"\nkernel void k(device float4* o [[buffer(0)]]) {\n  threadgroup float4 t[8];\n  t[0] = float4(1.0f);\n  o[0] = t[0];\n}\n';
  const out = lower(src);
  assert.equal(lines(out), lines(src));
  assert.ok(out.startsWith('#line 10 "app.cu"\n'));
});

test('threadgroup variables outside kernels are errors; [[kernel]] and templates count as kernels', () => {
  const r = lowerMslForClang('static void h() {\n  threadgroup int x[1];\n}\nstruct A { void f() const { threadgroup int y; } };\n', 'k.metal');
  assert.deepEqual(r.errors.map((e) => [e.line, e.message]), [
    [2, 'threadgroup variables may only be declared in kernel functions'],
    [4, 'threadgroup variables may only be declared in kernel functions'],
  ]);
  assert.match(lower('[[kernel]] void k() { threadgroup int x; }'), re(esc('[[cu2m_kernel]] void k() { '), tg('threadgroup int', 'x', ''), esc(' }')));
  assert.match(lower('template <typename T> kernel void k(device T* p) { [&] { threadgroup T x[2]; }(); }'),
    re(esc('template <typename T> kernel void k(device T* p) { [&] { '), tg('threadgroup T', 'x', '[2]'), esc(' }(); }')));
});

test('[[threadgroup(0)]] attributes are renamed so the address-space macro does not expand there', () => {
  assert.equal(lower('kernel void k(threadgroup float* s [[threadgroup(0)]], device int* p [[buffer(0)]]) {}'),
    'kernel void k(threadgroup float* s [[cu2m_threadgroup(0)]], device int* p [[buffer(0)]]) {}');
  assert.equal(lower('x[a[0]] = 1; [[maybe_unused, threadgroup(1)]] int y;'), 'x[a[0]] = 1; [[maybe_unused, cu2m_threadgroup(1)]] int y;');
});

test('a #define line between statements does not hide the next threadgroup declaration', () => {
  const src = 'kernel void k(device float* o [[buffer(0)]]) { int a = 1;\n#define GX (a + 1)\n    threadgroup float s[4];\n    o[0] = s[0] + GX;\n}\n';
  const r = lowerMslForClang(src, 'k.metal');
  assert.deepEqual(r.errors, []);
  assert.equal(r.code.split('\n')[1], '#define GX (a + 1)');
  assert.match(r.code.split('\n')[2] ?? '', re('    ', tg('threadgroup float', 's', '[4]')));
});

test('a threadgroup declaration over several lines keeps the line count', () => {
  const src = 'kernel void k() {\n  threadgroup float a[4],\n                    b[4];\n  a[0] = b[0];\n}\n';
  const out = lower(src);
  assert.equal(lines(out), lines(src));
  assert.equal(out.split('\n')[4], '}');
});

test('explicit instantiations of kernel templates lose their attribute lists, nothing else does', () => {
  const src = [
    'template <typename T, int N>',
    'kernel void k(device T* a [[buffer(0)]], uint3 t [[thread_position_in_threadgroup]]) { threadgroup T s[N]; s[t.x] = a[t.x]; a[t.x] = s[0]; }',
    'template [[host_name("k_float_256")]] [[kernel]] decltype(k<float, 256>) k<float, 256>;',
    'template [[host_name("k_int_8")]] [[kernel]] decltype(k<int, 8>) k<int, 8>;',
  ].join('\n');
  const out = lower(src).split('\n');
  assert.equal(out[2], 'template  decltype(k<float, 256>) k<float, 256>;');
  assert.equal(out[3], 'template  decltype(k<int, 8>) k<int, 8>;');
  assert.match(out[1]!, /\[\[buffer\(0\)\]\]/);
  assert.match(out[1]!, new RegExp(tg('threadgroup T', 's', '[N]')));
});

test('the address space of a member function\'s this: device/constant become OpenCL keywords; conversion operators stay', () => {
  const src = [
    'struct P {',
    '  long x, y, z;',
    '  operator long3() const thread { return long3(x, y, z); }',
    '  operator long3() const device { return long3(x, y, z); }',
    '  operator long3() const constant { return long3(x, y, z); }',
    '  long3 operator=(long3 v) threadgroup { x = v.x; return v; }',
    '  float get() device const;',
    '};',
    'void f(const device P* p, constant float* c, device float* d) { d[0] = c[0]; }',
  ].join('\n');
  const out = lower(src).split('\n');
  assert.equal(out[2], '  operator long3() const thread { return cu2m_make<long3>(x, y, z); }');
  assert.equal(out[3], '  operator long3() const __global { return cu2m_make<long3>(x, y, z); }');
  assert.equal(out[4], '  operator long3() const __constant { return cu2m_make<long3>(x, y, z); }');
  assert.equal(out[5], '  long3 operator=(long3 v) threadgroup { x = v.x; return v; }');
  assert.equal(out[6], '  float get() __global const;');
  assert.equal(out[8], 'void f(const device P* p, constant float* c, device float* d) { d[0] = c[0]; }', 'parameters keep their spaces');
});

// Device code in classes (issue 6): member functions that take built-ins, device variables and the
// printf buffer as hidden parameters (src/translate/program.ts takesHiddenParams), asserts in
// operators (C2M1016), conversion operators, hidden friends, member templates specialised outside
// their class, and a file-scope extern __shared__ array used by a helper (externShared.ts).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Diagnostic } from '../../src/diagnostics/diagnostic';
import { translateSource } from '../../src/translate/index';

const errors = (ds: readonly Diagnostic[]): string[] => ds.filter((d) => d.severity === 'error').map((d) => `${d.start.line}:${d.start.column} ${d.code} ${d.message}`);
const clean = (src: string): { msl: string; diagnostics: readonly Diagnostic[] } => {
  const t = translateSource('t.cu', src);
  assert.deepEqual(errors(t.diagnostics), []);
  return { msl: t.msl, diagnostics: t.diagnostics };
};

describe('built-ins in member functions', () => {
  test('static members read the built-ins through hidden parameters; T::f(), obj.f() and f() in a member pass them', () => {
    const { msl } = clean([
      'struct B1 {',
      '  static __device__ int tid() { return threadIdx.x; }',
      '  static __device__ int gid() { return blockIdx.x * blockDim.x + tid(); }',
      '};',
      'template <typename B> __device__ int at() { return B::gid(); }',
      '__global__ void k(int *p) { B1 b; p[b.gid()] = at<B1>() + B1::tid(); }',
    ].join('\n'));
    assert.match(msl, /static int tid\(uint3 threadIdx\) \{ return threadIdx\.x; \}/);
    assert.match(msl, /static int gid\(uint3 threadIdx, uint3 blockIdx, uint3 blockDim\) \{ return blockIdx\.x \* blockDim\.x \+ tid\(threadIdx\); \}/);
    assert.match(msl, /int at\(uint3 threadIdx, uint3 blockIdx, uint3 blockDim\) \{ return B::gid\(threadIdx, blockIdx, blockDim\); \}/);
    assert.match(msl, /p\[b\.gid\(threadIdx, blockIdx, blockDim\)\] = at<B1>\(threadIdx, blockIdx, blockDim\) \+ B1::tid\(threadIdx\);/);
    assert.match(msl, /kernel void k\(device int\* p \[\[buffer\(0\)\]\], uint3 threadIdx \[\[thread_position_in_threadgroup\]\], uint3 blockIdx \[\[threadgroup_position_in_grid\]\], uint3 blockDim \[\[threads_per_threadgroup\]\]\)/);
  });

  test('a member using a __constant__ array and printf takes the buffer and the printf buffer', () => {
    const { msl } = clean([
      '#include <cstdio>',
      '__constant__ int w[4];',
      'struct S { int v; __device__ int get() const { printf("%d\\n", v); return v * w[threadIdx.x % 4]; } };',
      '__global__ void k(int *p) { S s{p[0]}; p[1] = s.get(); }',
    ].join('\n'));
    assert.match(msl, /int get\(uint3 threadIdx, uint3 blockIdx, uint3 gridDim, constant int\* w, device uint\* cu2m_printf_buffer\) const/);
    assert.match(msl, /p\[1\] = s\.get\(threadIdx, blockIdx, gridDim, w, cu2m_printf_buffer\);/);
  });

  test('an assert in an operator is left out with warning C2M1016; other built-ins in an operator are refused', () => {
    const { msl, diagnostics } = clean('#include <cassert>\nstruct V { float x; __device__ V operator/(float s) const { assert(s != 0); return V{x / s}; } };\n__global__ void k(float *p) { V v{p[0]}; p[1] = (v / 2.0f).x; }\n');
    assert.match(msl, /V operator\/\(float s\) const \{ \(\(void\)0\); return V\{x \/ s\}; \}/);
    assert.deepEqual(diagnostics.filter((d) => d.code === 'C2M1016').map((d) => `${d.start.line}:${d.start.column}`), ['2:61']);
    const t = translateSource('t.cu', 'struct V { float x; __device__ V operator+(float s) const { return V{x + s + threadIdx.x}; } };\n__global__ void k(float *p) { V v{p[0]}; p[1] = (v + 2.0f).x; }\n');
    assert.match(errors(t.diagnostics).join('\n'), /^1:21 C2M1001 member function 'operator\+' uses threadIdx; built-ins in operators and copy constructors are not translated/);
  });
});

describe('conversion operators, friends, member templates', () => {
  test('`__host__ __device__ operator int() const` and `explicit operator float()` are emitted as written', () => {
    const { msl } = clean('class D { public: __host__ __device__ D(int d) : d_(d) {}\n  __host__ __device__ operator int() const { return d_; }\n  __host__ __device__ explicit operator float() const { return 0.5f * d_; }\n private: int d_; };\n__global__ void k(int *p) { D d(p[0]); p[1] = (int)d + (int)(float)d; }\n');
    assert.match(msl, /^ {2}operator int\(\) const \{ return d_; \}$/m);
    assert.match(msl, /^ {2}explicit operator float\(\) const \{ return 0\.5f \* d_; \}$/m);
    assert.doesNotMatch(msl, /host-only member/);
  });

  test('a friend prototype in the class and its definition outside take the const reference alike (by value), so the call is not ambiguous', () => {
    const { msl } = clean('class F { public: __host__ __device__ F(int d) : d_(d) {}\n  __host__ __device__ friend int operator/(const int n, const F& f);\n private: int d_; };\n__host__ __device__ int operator/(const int n, const F& f) { return n >> f.d_; }\n__global__ void k(int *p, F f) { p[0] = p[1] / f; }\n');
    assert.match(msl, /friend int operator\/\(const int n, const F f\);/);
    assert.match(msl, /^int operator\/\(const int n, const F f\) \{ return n >> f\.d_; \}$/m);
  });

  test('hidden friend functions of a class template are called by name from device code', () => {
    const { msl } = clean('template <class T> struct C { T re, im;\n  __host__ __device__ friend C<T> conj(const C<T>& a) { return C<T>{a.re, -a.im}; }\n  friend __host__ __device__ T real(C<T> a) { return a.re; } };\n__global__ void k(float *p) { C<float> c{p[0], p[1]}; p[2] = real(conj(c)); }\n');
    assert.match(msl, /friend C<T> conj\(const thread C<T>& a\) \{ return C<T>\{a\.re, -a\.im\}; \}/);
    assert.match(msl, /p\[2\] = real\(conj\(c\)\);/);
  });

  test('`template <> template <> R G<std::uint32_t>::next<R>()` outside the class: kept with both heads; std::uint32_t as a template argument', () => {
    const { msl } = clean([
      '#include <cstdint>',
      'template <class T> class G { public: __host__ __device__ G(T s) : x(s) {}',
      '  template <class R> __host__ __device__ R next(); T x; };',
      'template <> template <>',
      '__host__ __device__ inline std::uint32_t G<std::uint32_t>::next<std::uint32_t>() { x = x * 5u + 1u; return x; }',
      'template <> template <>',
      '__host__ __device__ inline float G<std::uint32_t>::next<float>() { return (float)next<std::uint32_t>(); }',
      '__global__ void k(float *p) { G<std::uint32_t> g(3); p[0] = g.next<float>(); }',
    ].join('\n'));
    assert.match(msl, /template <> template <>\ninline uint32_t G<uint32_t>::next<uint32_t>\(\) \{ x = x \* 5u \+ 1u; return x; \}/);
    assert.match(msl, /return \(float\)next<uint32_t>\(\);/);
    assert.match(msl, /G<uint32_t> g\(3\);/);
  });
});

describe('file-scope extern __shared__ in helpers', () => {
  test('a helper using the array takes the kernel\'s dynamic memory; a parameter of the same name shadows it', () => {
    const { msl } = clean([
      'extern __shared__ float buf[];',
      '__device__ float left(int t) { return buf[t > 0 ? t - 1 : 0]; }',
      '__device__ void halve(volatile float *buf, int t) { buf[t] *= 0.5f; }',
      '__global__ void k(float *p) { int t = threadIdx.x; buf[t] = p[t]; __syncthreads(); p[t] = left(t); halve(buf, t); }',
    ].join('\n'));
    assert.match(msl, /float left\(threadgroup uchar\* cu2m_dynamic_shared, int t\) \{ threadgroup float\* buf = \(threadgroup float\*\)cu2m_dynamic_shared; \/\* extern __shared__ buf\[\] \*\/ return/);
    assert.match(msl, /void halve\(volatile threadgroup float \*buf, int t\)/);
    assert.match(msl, /p\[t\] = left\(\(threadgroup uchar\*\)buf, t\);/);
  });
});

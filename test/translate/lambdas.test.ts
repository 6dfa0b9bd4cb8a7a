// Lambdas in device code → functor structs (src/translate/lambdas.ts): members typed from the
// captured variables' declarations in their address spaces, built-ins and __constant__ variables
// as members, generic and mutable lambdas, lambdas in templates and helpers; what is refused.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Diagnostic } from '../../src/diagnostics/diagnostic';
import { translateSource } from '../../src/translate/index';

const errors = (ds: readonly Diagnostic[]): string[] => ds.filter((d) => d.severity === 'error').map((d) => `${d.start.line}:${d.start.column} ${d.code} ${d.message}`);
const clean = (src: string): string => {
  const t = translateSource('l.cu', src);
  assert.deepEqual(errors(t.diagnostics), []);
  return t.msl;
};
const kernel = (body: string, params = 'float *p, int n'): string => `__global__ void k(${params}) {\n${body}\n}\n`;

describe('lambdas in device code', () => {
  test('[&]: a thread reference member, the lambda replaced by a brace-initialised instance', () => {
    const msl = clean(kernel('int c = 0;\nauto f = [&](int by) { c += by; };\nf(2);\np[0] = c;'));
    assert.match(msl, /^struct k_lambda_1 \{ thread int& c; auto operator\(\)\(int by\) const \{ c \+= by; \} \};$/m);
    assert.match(msl, /auto f = k_lambda_1\{c\};/);
    assert.doesNotMatch(msl, /\[&\]/);
  });

  test('[=]: members are copies of the variables\' MSL types (long long → long); kernel scalars by value', () => {
    const msl = clean(kernel('long long big = 3; float s = 2.0f;\nauto f = [=](float v) { return v * s + big + n; };\np[0] = f(p[1]);'));
    assert.match(msl, /struct k_lambda_1 \{ float s; long big; int n; auto operator\(\)\(float v\) const/);
    assert.match(msl, /k_lambda_1\{s, big, n\}/);
  });

  test('explicit captures: by value and by reference as listed; a kernel scalar by reference is constant', () => {
    const msl = clean(kernel('int a = 1, b = 2;\nauto f = [a, &b, &n]() { b += a + n; };\nf();\np[0] = b;'));
    assert.match(msl, /struct k_lambda_1 \{ int a; thread int& b; constant int& n; auto operator\(\)\(\) const \{ b \+= a \+ n; \} \};/);
  });

  test('pointers keep the space they point into; by reference a thread reference to the pointer', () => {
    const msl = clean(kernel('float *q = p + 1;\nauto f = [=](int i) { return q[i]; };\nauto g = [&](int i) { q[i] = p[i]; };\ng(0);\np[2] = f(0);', 'float *p, const float *in'));
    assert.match(msl, /struct k_lambda_1 \{ device float\* q; auto operator\(\)/);
    assert.match(msl, /struct k_lambda_2 \{ device float\* thread& q; device float\* thread& p; auto operator\(\)/);
  });

  test('shared arrays, dynamic shared memory, built-ins and __constant__ variables become members', () => {
    const src = `__constant__ float c_k[4];\n${kernel('__shared__ float tile[32];\nextern __shared__ int dyn[];\nauto f = [&](int j) { return tile[j] + dyn[j] + c_k[j % 4] + threadIdx.x + blockIdx.x; };\np[0] = f(1);')}`;
    const msl = clean(src);
    assert.match(msl, /struct k_lambda_1 \{ threadgroup float \(&tile\)\[32\]; threadgroup int\* dyn; constant float\* c_k; uint3 threadIdx; uint3 blockIdx; auto operator\(\)\(int j\) const/);
    assert.match(msl, /k_lambda_1\{tile, dyn, c_k, threadIdx, blockIdx\}/);
  });

  test('the body is device code: shuffles, atomics and math are rewritten inside it', () => {
    const msl = clean(kernel('auto f = [&](float v) { atomicAdd(p, v); return __shfl_down_sync(0xffffffffu, v, 1) + __expf(v); };\np[1] = f(p[2]);'));
    assert.match(msl, /struct k_lambda_1 \{ device float\* thread& p; auto operator\(\)\(float v\) const \{ atomicAdd\(p, v\); return simd_shuffle_down\(v, ushort\(1\)\) \+ fast::exp\(v\); \} \};/);
  });

  test('generic lambdas get a template operator(); mutable drops const; a trailing return type is translated', () => {
    const msl = clean(kernel('int c = 0;\nauto add = [](auto a, auto b) { return a + b; };\nauto m = [c]() mutable { return ++c; };\nauto w = [](int x) -> long long { return x; };\np[0] = add(1, 2.0f) + m() + w(3);'));
    assert.match(msl, /struct k_lambda_1 \{ template <typename T0, typename T1> auto operator\(\)\(T0 a, T1 b\) const \{ return a \+ b; \} \};/);
    assert.match(msl, /struct k_lambda_2 \{ int c; auto operator\(\)\(\) \{ return \+\+c; \} \};/);
    assert.match(msl, /struct k_lambda_3 \{ long operator\(\)\(int x\) const \{ return x; \} \};/);
    const refs = clean(kernel('float q = p[0];\nauto g = [](auto& x, int& y) { x += y; };\nint one = 1;\ng(q, one);\np[0] = q;'));
    assert.match(refs, /struct k_lambda_1 \{ template <typename T0> auto operator\(\)\(thread T0& x, thread int& y\) const \{ x \+= y; \} \};/);
  });

  test('a lambda passed to a __device__ template, a lambda capturing another lambda, nested lambdas', () => {
    const src = `template <class F> __device__ float apply(F f, float x) { return f(x); }\n${kernel('float s = 3.0f;\nauto f = [=](float v) { return v * s; };\nauto g = [&](float v) { return f(v) + 1.0f; };\nauto h = [=](float v) { auto in = [v](float w) { return v * w; }; return in(v); };\np[0] = apply(g, p[1]) + apply([](float v) { return -v; }, 1.0f) + h(2.0f);')}`;
    const msl = clean(src);
    assert.match(msl, /struct k_lambda_2 \{ thread k_lambda_1& f; auto operator\(\)/);
    assert.match(msl, /struct k_lambda_3 \{ float v; auto operator\(\)\(float w\) const \{ return v \* w; \} \};/);
    assert.match(msl, /struct k_lambda_4 \{ auto operator\(\)\(float v\) const \{ auto in = k_lambda_3\{v\}; return in\(v\); \} \};/);
    assert.match(msl, /p\[0\] = apply\(g, p\[1\]\) \+ apply\(k_lambda_5\{\}, 1\.0f\) \+ h\(2\.0f\);/);
  });

  test('in a __device__ helper (its built-ins are parameters) and in a template (the struct is a template too)', () => {
    const src = `__device__ float hlp(float *q) { auto f = [q](int i) { return q[i] + threadIdx.y; }; return f(1); }\ntemplate <typename T, int N> __global__ void t(T *p) { T acc = 0; auto add = [&](T v) { acc += v * N; }; add(p[0]); p[0] = acc; }\n${kernel('p[0] = hlp(p);')}void host(float *d) { t<float, 2><<<1, 1>>>(d); }\n`;
    const msl = clean(src);
    assert.match(msl, /struct hlp_lambda_1 \{ device float\* q; uint3 threadIdx; auto operator\(\)\(int i\) const/);
    assert.match(msl, /template <typename T, int N>\n#line 2 "l\.cu"\nstruct t_lambda_1 \{ thread T& acc; auto operator\(\)\(T v\) const \{ acc \+= v \* N; \} \};\ntemplate <typename T, int N>\n#line 2 "l\.cu"\nkernel void t\(/);
    assert.match(msl, /auto add = t_lambda_1<T, N>\{acc\};/);
  });

  test('cooperative-groups objects are captured by their types; their calls are rewritten in the body', () => {
    const src = `#include <cooperative_groups.h>\nnamespace cg = cooperative_groups;\n${kernel('cg::thread_block block = cg::this_thread_block();\ncg::thread_block_tile<32> tile = cg::tiled_partition<32>(block);\nauto red = [&](float v) { for (int o = 16; o > 0; o /= 2) v += tile.shfl_down(v, o); block.sync(); return v; };\np[threadIdx.x] = red(p[threadIdx.x]);')}`;
    const msl = clean(src);
    assert.match(msl, /struct k_lambda_1 \{ thread cg::thread_block_tile<32>& tile; thread cg::thread_block& block; auto operator\(\)\(float v\) const/);
  });

  test('pointer parameters take the space of the pointers the calls pass; several spaces make a template parameter', () => {
    const msl = clean(kernel('__shared__ float t[32];\nauto cp = [](float *dst, const float *src, int i) { dst[i] = src[i] * 2; };\ncp(t, p, threadIdx.x);\ncp(p, t, threadIdx.x);\nauto sw = [](float *a) { float *b = a + 1; float x = *a; *a = *b; *b = x; };\nsw(p);'));
    assert.match(msl, /struct k_lambda_1 \{ template <typename T0, typename T1> auto operator\(\)\(T0 dst, T1 src, int i\) const \{ dst\[i\] = src\[i\] \* 2; \} \};/);
    assert.match(msl, /struct k_lambda_2 \{ auto operator\(\)\(device float \*a\) const \{ device float \*b = a \+ 1; float x = \*a; \*a = \*b; \*b = x; \} \};/);
  });

  test('constexpr locals are declared again in operator() (usable as array sizes), not members', () => {
    const msl = clean(kernel('constexpr int N = 4;\nfloat s = 1.0f;\nauto f = [=](int i) { float a[N]; for (int j = 0; j < N; j++) a[j] = s * j; return a[i % N]; };\np[0] = f(3);'));
    assert.match(msl, /struct k_lambda_1 \{ float s; auto operator\(\)\(int i\) const \{ constexpr int N = 4; float a\[N\];/);
    assert.match(msl, /auto f = k_lambda_1\{s\};/);
  });

  test('struct names are unique across overloads and address-space instances of a helper', () => {
    const src = `__device__ float sum2(const float *q, int i) { auto at = [=](int j) { return q[j]; }; return at(i); }\n__device__ float sum2(const float *q, int i, int k) { auto at = [=](int j) { return q[j] * k; }; return at(i); }\n${kernel('__shared__ float t[64];\nt[threadIdx.x] = p[threadIdx.x];\n__syncthreads();\np[threadIdx.x] = sum2(t, 0) + sum2(p, 0) + sum2(p, 1, 2);')}`;
    const msl = clean(src);
    const names = [...msl.matchAll(/^struct (\w+)/gm)].map((m) => m[1]);
    assert.deepEqual(names, ['sum2_1_threadgroup_lambda_1', 'sum2_1_lambda_1', 'sum2_2_threadgroup_lambda_1', 'sum2_2_lambda_1']);
    assert.match(msl, /struct sum2_1_threadgroup_lambda_1 \{ threadgroup const float\* q; /);
  });

  test('#line: the struct maps to the lambda\'s line and the function back to its own', () => {
    const msl = clean('// one\n// two\n' + kernel('float s = 1;\n\nauto f = [=](float v) {\n  return v + s;\n};\np[0] = f(1);'));
    assert.match(msl, /#line 6 "l\.cu"\nstruct k_lambda_1 \{ float s; auto operator\(\)\(float v\) const \{\n {2}return v \+ s;\n\} \};\n#line 3 "l\.cu"\nkernel void k\(/);
  });

  test('refused: this and init-captures, pointer parameters, auto-typed captures, names not captured', () => {
    const src = kernel('int a = 1;\nauto t = [x = a]() { return x; };\nauto u = [](float *q) { return q[0]; };\nauto v = p[0];\nauto w = [v]() { return v; };\nauto z = [](int i) { return i + a; };\np[0] = t() + w() + z(1);\nauto u2 = u;\np[1] = u2(p);');
    const t = translateSource('l.cu', src);
    const e = errors(t.diagnostics);
    assert.equal(e.length, 4, e.join('\n'));
    assert.match(e[0]!, /^3:11 C2M1001 the capture 'x = a' is not translated \(only names, '&name', '=' and '&'\)/);
    assert.match(e[1]!, /^4:13 C2M1005 lambda parameter 'q' is a pointer: which memory it points into is not known/);
    assert.match(e[2]!, /^5:1 C2M1001 the lambda captures 'v', declared 'auto': its type is not known to the translator; write the type/);
    assert.match(e[3]!, /^7:33 C2M1001 the lambda uses 'a' without capturing it/);
    const t2 = translateSource('l.cu', 'struct S { float v; __device__ float get() { auto f = [this]() { return v; }; return f(); } };\n' + kernel('S s; s.v = 1; p[0] = s.get();'));
    assert.match(errors(t2.diagnostics).join('\n'), /^1:56 C2M1001 a lambda capturing 'this' is not translated/);
    const t3 = translateSource('l.cu', 'struct S { float v; __device__ float get(float s) const { auto f = [=](float x) { return x * v + s; }; return f(1); } };\n' + kernel('S a; a.v = 1; p[0] = a.get(2);'));
    assert.match(errors(t3.diagnostics).join('\n'), /^1:94 C2M1001 the lambda uses the member 'v' through 'this', which is not translated; copy it into a local variable/);
    const t4 = translateSource('l.cu', 'struct S { float v; __device__ float get(float s) const { float w = v; auto f = [=](float x) { return x * w + s; }; return f(1); } };\n' + kernel('S a; a.v = 1; p[0] = a.get(2);'));
    assert.deepEqual(errors(t4.diagnostics), [], 'the member copied into a local first');
    // A constexpr local needs no capture (HeCBench topk's num_buckets): declared again in operator().
    const msl5 = clean(kernel('constexpr int num_buckets = 8;\nauto add = [p](int b) { p[num_buckets + b] += 1.0f; };\nadd(threadIdx.x % num_buckets);'));
    assert.match(msl5, /operator\(\)\(int b\) const \{ constexpr int num_buckets = 8; p\[num_buckets \+ b\] \+= 1\.0f; \}/, msl5);
  });

  test('extended __device__ lambdas written in host code and passed to a kernel are refused at the lambda', () => {
    const src = 'template <typename F> __global__ void m(float *p, F f) { p[0] = f(p[0]); }\nvoid h(float *d) {\n  m<<<1, 1>>>(d, [] __device__ (float x) { return x * 2; });\n}\n';
    const t = translateSource('l.cu', src);
    const e = errors(t.diagnostics);
    assert.equal(e.length, 1, e.join('\n'));
    assert.deepEqual(t.diagnostics.filter((d) => d.code === 'C2M0003'), [], 'the lambda parses: no "host code not understood" warning');
    assert.match(e[0]!, /^3:18 C2M1001 an extended __device__ lambda written in host code is not translated: .*write the lambda inside the kernel/);
  });

  test('execution-space specifiers on a lambda in device code are dropped, not syntax errors', () => {
    const t = translateSource('l.cu', kernel('auto f = [] __device__ (float x) { return x * 2; };\nauto g = [=] __host__ __device__ (float x) mutable { return x + 1; };\np[0] = f(p[1]) + g(p[2]);'));
    assert.deepEqual(t.diagnostics.map((d) => `${d.code} ${d.message}`), []);
    assert.match(t.msl, /struct k_lambda_1 \{ auto operator\(\)\(float x\) const \{ return x \* 2; \} \};/);
    assert.match(t.msl, /struct k_lambda_2 \{ auto operator\(\)\(float x\) \{ return x \+ 1; \} \};/);
    assert.doesNotMatch(t.msl, /__device__/);
  });

  test('a lambda in a file-scope __device__ variable is refused at the lambda', () => {
    const t = translateSource('l.cu', `__device__ auto sq = [](float x) { return x * x; };\n${kernel('p[0] = sq(p[1]);')}`);
    assert.match(errors(t.diagnostics).join('\n'), /^1:22 C2M1001 a lambda held in a file-scope __device__\/__constant__ variable is not translated/m);
  });

  test('a host lambda (no __device__) is host code, left alone', () => {
    const t = translateSource('l.cu', `${kernel('p[0] = 1;')}int main() { auto f = [](int x) { return x + 1; }; return f(-1); }\n`);
    assert.deepEqual(errors(t.diagnostics), []);
    assert.doesNotMatch(t.msl, /lambda/);
    assert.match(t.host, /auto f = \[\]\(int x\) \{ return x \+ 1; \};/);
  });
});

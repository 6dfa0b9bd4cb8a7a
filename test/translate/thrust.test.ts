// Thrust (native/include/thrust): the provided headers stay `#include`s of the host program (its
// algorithms run on the host over host-visible device memory), the MSL has no Thrust in it, extended
// lambdas passed to Thrust stay in the host program, and what is not provided, or Thrust in device
// code, is C2M2004 naming it at file:line:col.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { Diagnostic } from '../../src/diagnostics/diagnostic';
import { PROVIDED_THRUST_HEADERS, unprovidedLibrary } from '../../src/host/libraries';
import { translateSource } from '../../src/translate/index';

const errors = (ds: readonly Diagnostic[]): string[] => ds.filter((d) => d.severity === 'error').map((d) => `${d.start.line}:${d.start.column} ${d.code} ${d.message}`);
const fixture = path.join('test', 'fixtures', 'thrust', 'algorithms.cu');

describe('Thrust', () => {
  test('a program of device_vector, kernels and Thrust algorithms: no diagnostics, no Thrust in the MSL, the includes stay in the host program', () => {
    const t = translateSource(fixture, fs.readFileSync(fixture, 'utf8'), { includeDirs: [path.dirname(fixture)] });
    assert.deepEqual(errors(t.diagnostics), []);
    assert.match(t.msl, /kernel void makeKeys\(/);
    assert.match(t.msl, /kernel void scale\(/);
    const code = t.msl.split('\n').filter((l) => !/^\s*(\/\/|\/\*|\*|#line)/.test(l));
    assert.deepEqual(code.filter((l) => /thrust|operator\(\)/.test(l)), [], 'no Thrust and no host functor in the MSL');
    assert.match(t.host, /#include <thrust\/sort\.h>/);
    assert.match(t.host, /thrust::sort_by_key\(k2\.begin\(\), k2\.end\(\), values\.begin\(\)\);/);
    // The extended lambda passed to exclusive_scan is host code (__host__ __device__ expand to nothing there).
    assert.match(t.host, /thrust::exclusive_scan\(ones\.begin\(\), ones\.end\(\), offsets\.begin\(\), 5, \[\] __host__ __device__ \(int a, int b\)/);
  });

  test('every provided header exists under native/include/thrust, and the others are C2M2004', () => {
    const root = path.join('native', 'include');
    const files: string[] = [];
    const walk = (d: string): void => {
      for (const e of fs.readdirSync(path.join(root, d), { withFileTypes: true })) {
        if (e.isDirectory()) walk(path.join(d, e.name));
        else files.push(path.join(d, e.name).split(path.sep).join('/'));
      }
    };
    walk('thrust');
    const publicHeaders = files.filter((f) => f !== 'thrust/detail/cu2m_thrust.h').sort();
    assert.deepEqual(publicHeaders.filter((f) => !PROVIDED_THRUST_HEADERS.test(f)), []);
    for (const h of ['thrust/sort.h', 'thrust/device_vector.h', 'thrust/iterator/zip_iterator.h', 'thrust/complex.h']) assert.equal(unprovidedLibrary(h), undefined, h);
    for (const h of ['thrust/system/cuda/execution_policy.h', 'thrust/set_operations.h', 'thrust/iterator/retag.h']) assert.equal(unprovidedLibrary(h), 'Thrust', h);
  });

  test('a name of Thrust that is not provided is C2M2004 at its first use, naming it', () => {
    const src = [
      '#include <thrust/device_vector.h>', // 1
      '#include <thrust/set_operations.h>',
      '__global__ void k(int *p) { p[0] = 1; }',
      'int main() {',
      '  thrust::device_vector<int> a(4), b(4), c(8);', // 5
      '  thrust::set_union(a.begin(), a.end(), b.begin(), b.end(), c.begin());',
      '  thrust::set_union(a.begin(), a.end(), b.begin(), b.end(), c.begin());',
      '  k<<<1, 1>>>(thrust::raw_pointer_cast(a.data()));',
      '  return 0;',
      '}',
    ].join('\n');
    assert.deepEqual(errors(translateSource('u.cu', src).diagnostics), [
      '2:10 C2M2004 <thrust/set_operations.h> is a header of Thrust, which cu2metal does not provide',
      "6:3 C2M2004 'thrust::set_union' is a part of Thrust that cu2metal does not provide (it provides the host-called algorithms, vectors, fancy iterators and functional objects listed in docs/support-matrix.md: native/include/thrust)",
    ]);
  });

  test('Thrust in a kernel or a __device__ function is C2M2004 naming it, once per name and function; tuple and get are translated (thrust-tuple.test.ts)', () => {
    const src = [
      '#include <thrust/sort.h>', // 1
      '#include <thrust/tuple.h>',
      '__device__ int first(thrust::tuple<int, int> t) { return thrust::get<0>(t); }',
      '__global__ void k(int *p) {',
      '  thrust::sort(thrust::seq, p, p + 4);', // 5
      '  thrust::sort(thrust::seq, p + 4, p + 8);',
      '}',
      'struct firstOf { __device__ int operator()(const thrust::tuple<int, int> &t) const { return thrust::get<0>(t); } };',
      'int main() { int *d = nullptr; k<<<1, 1>>>(d); return 0; }',
    ].join('\n');
    const msg = (fn: string, name: string): string => `'thrust::${name}' in device code (${fn}): cu2metal's Thrust (native/include/thrust) runs its algorithms, vectors and types on the host; kernels and __device__ functions cannot use it`;
    assert.deepEqual(errors(translateSource('d.cu', src).diagnostics), [
      `5:3 C2M2004 ${msg("kernel 'k'", 'sort')}`,
      `5:16 C2M2004 ${msg("kernel 'k'", 'seq')}`,
    ]);
  });

  test('thrust::pair/make_pair/tie in device code are the std pair polyfills; a device_ptr kernel parameter is a buffer of its element type', () => {
    const src = [
      '#include <thrust/pair.h>', // 1
      '#include <thrust/tuple.h>',
      '#include <thrust/device_ptr.h>',
      '__device__ thrust::pair<int, float> two(int a) { return thrust::make_pair(a, 0.5f); }',
      '__global__ void k(thrust::device_ptr<int> p, const thrust::device_ptr<const float> q) {', // 5
      '  int a; float b;',
      '  thrust::tie(a, b) = two(p[0]);',
      '  thrust::pair<int, float> c(a + 1, b + q[0]);',
      '  p[1] = c.first + (int)c.second;',
      '}', // 10
    ].join('\n');
    const t = translateSource('p.cu', src);
    assert.deepEqual(errors(t.diagnostics), []);
    assert.match(t.msl, /^cu2m_pair<int, float> two\(int a\) \{ return cu2m_make_pair\(a, 0\.5f\); \}$/m);
    assert.match(t.msl, /kernel void k\(device int\* p \[\[buffer\(0\)\]\], device const float\* q \[\[buffer\(1\)\]\]/);
    assert.match(t.msl, /cu2m_tie\(a, b\) = two\(p\[0\]\);/);
    assert.match(t.msl, /cu2m_pair<int, float> c\(a \+ 1, b \+ q\[0\]\);/);
    assert.match(t.msl, /struct cu2m_tied \{/);
    assert.doesNotMatch(t.msl.split('\n').filter((l) => !/^\s*(\/\/|#line)/.test(l)).join('\n'), /thrust/);
  });

  test('an extended lambda passed to a Thrust call (directly or through a local) stays host code; one passed to a kernel template is still refused', () => {
    const src = [
      '#include <thrust/transform.h>', // 1
      '#include <thrust/device_vector.h>',
      'template <class F> __global__ void apply(int *p, F f) { p[threadIdx.x] = f(p[threadIdx.x]); }',
      'int main() {',
      '  thrust::device_vector<int> v(4);', // 5
      '  thrust::transform(v.begin(), v.end(), v.begin(), [] __device__ (int x) { return x + 1; });',
      '  auto twice = [] __host__ __device__ (int x) { return 2 * x; };',
      '  thrust::transform(thrust::device, v.begin(), v.end(), v.begin(), twice);',
      '  apply<<<1, 4>>>(thrust::raw_pointer_cast(v.data()), [] __device__ (int x) { return x; });',
      '  return 0;', // 10
      '}',
    ].join('\n');
    const es = errors(translateSource('l.cu', src).diagnostics);
    assert.equal(es.length, 1, es.join('\n'));
    assert.match(es[0] ?? '', /^9:\d+ C2M1001 an extended __device__ lambda written in host code is not translated/);
  });
});

describe('thrust::complex in device code (cu2m_complex, tables/stdNames.ts)', () => {
  test('buffers, locals, typedefs, constructions and conj/norm become our struct and its functions; the host keeps Thrust', () => {
    const src = [
      '#include <thrust/complex.h>',
      'typedef thrust::complex<float> cf;',
      '__global__ void k(const thrust::complex<float>* in, cf* out, float* mag) {',
      '  int i = threadIdx.x;',
      '  thrust::complex<float> acc;',
      '  acc = 0.0f;',
      '  acc += thrust::conj(in[i]) * thrust::complex<float>(0.5f, 1.0f);',
      '  out[i] = acc / 2.0f;',
      '  mag[i] = thrust::norm(in[i]) + (in[i] * acc).real() + in[i].imag();',
      '}',
    ].join('\n');
    const t = translateSource('c.cu', src);
    assert.deepEqual(errors(t.diagnostics), []);
    assert.ok(t.msl.includes('typedef cu2m_complex<float> cf;'), t.msl);
    assert.match(t.msl, /kernel void k\(device const cu2m_complex<float>\* in \[\[buffer\(0\)\]\], device cf\* out \[\[buffer\(1\)\]\]/);
    assert.ok(t.msl.includes('  cu2m_complex<float> acc;'), t.msl);
    assert.ok(t.msl.includes('  acc += cu2m_conj(in[i]) * cu2m_complex<float>(0.5f, 1.0f);'), t.msl);
    assert.ok(t.msl.includes('  mag[i] = cu2m_norm(in[i]) + (in[i] * acc).real() + in[i].imag();'), t.msl);
    assert.match(t.msl, /struct cu2m_complex \{\n {2}T re;\n {2}T im;/);
    assert.match(t.msl, /T imag\(\) const device \{ return im; \}/);
    const code = t.msl.split('\n').filter((l) => !/^\s*(\/\/|#line)/.test(l));
    assert.deepEqual(code.filter((l) => /thrust/.test(l)), []);
    assert.match(t.cudaCpu, /thrust::conj\(in\[i\]\)/);
  });

  test('other Thrust in device code stays C2M2004 at its line; a tuple is translated', () => {
    const t = translateSource('c.cu', '#include <thrust/tuple.h>\n__global__ void k(float *p) {\n  thrust::tuple<float, int> t(p[0], 1);\n  p[1] = thrust::get<0>(t) + thrust::tuple_size<thrust::tuple<float, int>>::value;\n}\n');
    assert.ok(errors(t.diagnostics).some((e) => /^4:30 C2M2004 'thrust::tuple_size' in device code \(kernel 'k'\)/.test(e)), JSON.stringify(errors(t.diagnostics)));
    assert.ok(!errors(t.diagnostics).some((e) => /^3:/.test(e)), JSON.stringify(errors(t.diagnostics)));
    assert.match(t.msl, /cu2m_tuple<float, int> t\(p\[0\], 1\);/);
  });

  test('explicit instantiations of a host template in a namespace, written qualified, leave the cuda-cpu reference with the template', () => {
    const src = [
      '#include <cstdio>',
      'namespace tsne { namespace debug {',
      'template <typename T> void show(const T* p, int n) { for (int i = 0; i < n; ++i) printf("%f\\n", (double)p[i]); }',
      'template <typename T> void dump(const T* p, int n);',
      '} }',
      'template <typename T> void tsne::debug::dump(const T* p, int n) { show(p, n); }',
      'template void tsne::debug::show<float>(const float* p, int n);',
      'template void tsne::debug::dump<int>(const int* p, int n);',
      '__global__ void k(float* p) { p[threadIdx.x] = 1.0f; }',
    ].join('\n');
    const t = translateSource('d.cu', src);
    assert.deepEqual(errors(t.diagnostics), []);
    assert.doesNotMatch(t.cudaCpu, /template void tsne::debug::(show|dump)</);
    assert.match(t.host, /template void tsne::debug::show<float>\(const float\* p, int n\);/);
  });
});

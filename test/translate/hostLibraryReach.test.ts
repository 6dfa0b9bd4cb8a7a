// What device code reaches when a host-only C++ library sits in the same translation unit
// (cuda-samples interval: boost's interval<T, Policies> for the CPU reference): the library's types
// and typedefs instantiate no kernel, so they stay out of the MSL; a template argument of a
// kernel launch still brings its type (and an alias's types) in. Also: a value template argument
// of a call names types that are translated (`A<alignof(double2)>(x)`).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { translateSource } from '../../src/translate/index';

const LIBRARY = [
  'namespace hostlib { namespace detail {',
  'template <class T> struct rounding { T lo; void up() {} };',
  'template <class T, class R = rounding<T>> class range { public: T a, b; range(T x) : a(x), b(x) {} };',
  'template <class T, class R> range<T, R> widen(const range<T, R> &x) { typedef range<T, R> I; I r = x; return r; }',
  '} }',
  'using namespace hostlib::detail;',
].join('\n');

const DEVICE = [
  'template <class T> struct Pair { T lo, hi; };',
  'typedef Pair<double> I;',
  'template <class P> __global__ void k(P *out) { out[threadIdx.x].lo = 1; out[threadIdx.x].hi = 2; }',
  'typedef range<double> HostRange;',
  'template <class R> void reference(R *r, int n) { for (int i = 0; i < n; ++i) r[i] = widen(r[i]); }',
  'void run(I *d, HostRange *h) { k<I><<<1, 32>>>(d); reference<HostRange>(h, 4); }',
].join('\n');

describe('device reach beside a host-only library', () => {
  test('the library namespace, a typedef of its type and a host template call of it stay out of the MSL; the kernel argument\'s alias is in', () => {
    const t = translateSource('t.cu', `${LIBRARY}\n${DEVICE}\n`);
    assert.equal(t.ok, true, JSON.stringify(t.diagnostics));
    assert.doesNotMatch(t.msl, /struct rounding|class range|\bwiden\(|HostRange|hostlib/);
    assert.match(t.msl, /struct Pair \{/);
    assert.match(t.msl, /typedef Pair<f64> I;/);
  });
  test('a value template argument of a call names types: alignof(double2) is the emulated type', () => {
    const src = 'template <int N> struct A { int v; __device__ A(int x) : v(x) {} };\n__global__ void k(int *o) {\n  const auto s = A<alignof(double2)>(sizeof(double2));\n  o[0] = s.v;\n}\n';
    const t = translateSource('t.cu', src);
    assert.equal(t.ok, true, JSON.stringify(t.diagnostics));
    assert.ok(t.msl.includes('const auto s = A<alignof(cu2m_double2)>(sizeof(cu2m_double2));'), t.msl);
    assert.doesNotMatch(t.msl, /(alignof|sizeof)\(double2\)/);
  });
});

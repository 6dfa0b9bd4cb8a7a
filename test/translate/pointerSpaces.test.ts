// The address spaces of pointer fields, explicit specialisations, member arrays and functions of
// other files (src/translate/fieldSpaces.ts, function.ts, translate.ts, addressSpaces.ts): what
// Metal can express gets its space; what it cannot keeps C2M1005 and says why.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { translateSource } from '../../src/translate/index';

const errors = (t: { diagnostics: readonly { code: string; message: string; severity: string }[] }): string[] =>
  t.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code}: ${d.message}`);

test('a pointer field of a kernel-local struct takes the one space its stores point into; reads of it follow', () => {
  const t = translateSource('f.cu', `
struct Leg { float a; };
struct Flows { Leg *legs; int n; };
struct Ring { Ring *next; int v; };
__device__ float sum(Flows f) { float s = 0; for (int i = 0; i < f.n; i++) s += f.legs[i].a; return s; }
__global__ void k(float *o) {
  Leg legs[2];
  Flows f;
  f.legs = legs;
  f.n = 2;
  legs[0].a = 1; legs[1].a = 2;
  Leg *first = f.legs;
  __shared__ Ring r[4];
  r[threadIdx.x].next = &r[(threadIdx.x + 1) % 4];
  o[threadIdx.x] = sum(f) + first->a + r[threadIdx.x].next->v;
}
`);
  assert.deepEqual(errors(t), []);
  assert.match(t.msl, /struct Flows \{ thread Leg \*legs; int n; \};/);
  assert.match(t.msl, /struct Ring \{ threadgroup Ring \*next; int v; \};/);
  assert.match(t.msl, /thread Leg \*first = f\.legs;/);
});

test('a struct a kernel receives keeps device pointer fields, and a store of other memory says so', () => {
  const t = translateSource('d.cu', `
struct L { L *next; int v; };
__global__ void k(L *d) { __shared__ L s[4]; d[0].next = &s[1]; }
`);
  const e = errors(t);
  assert.ok(e.some((x) => /C2M1005: '&s\[1\]' points into threadgroup memory, but the pointer field 'd\[0\]\.next' points into device memory \(its struct reaches the kernel from the host/.test(x)), e.join('\n'));
});

test('a field given pointers into two memories keeps device and names both', () => {
  const t = translateSource('m.cu', `
struct Frag { float *p; };
__global__ void k(float *d, float *o) {
  __shared__ float s[8];
  Frag a, b;
  a.p = s;
  b.p = d;
  o[0] = a.p[0] + b.p[0];
}
`);
  const e = errors(t);
  assert.ok(e.some((x) => /C2M1005: 's' points into threadgroup memory, but the pointer field 'a\.p' points into device memory \(it is also given 'd' in 'k', a pointer into device memory\)/.test(x)), e.join('\n'));
});

test('a template defined only by explicit specialisations: one specialisation and primary per combination of spaces', () => {
  const t = translateSource('s.cu', `
template <typename T, int N> __device__ void cp(T *dst, const T *src);
template <> __device__ void cp<float, 1>(float *dst, const float *src) { *dst = *src; }
__global__ void k(float *o, const float *in) { float t[1]; cp<float, 1>(t, in); cp<float, 1>(o, t); }
`);
  assert.deepEqual(errors(t), []);
  assert.match(t.msl, /void cp<float, 1>\(thread float \*dst, const device float \*src\)/);
  assert.match(t.msl, /void cp<float, 1>\(device float \*dst, const thread float \*src\)/);
  assert.match(t.msl, /void cp\(thread T \*dst, const device T \*src\);/);
});

test('a member prototype before the data members does not hide them; warpSize as a default argument is 32', () => {
  const t = translateSource('v.cu', `
class V {
 public:
  __device__ long count() const;
  __device__ const int *dims() const { return d_; }
 private:
  int d_[2];
};
__device__ long V::count() const { return d_[0] * d_[1]; }
__device__ int lanes(int w = warpSize) { return w; }
__global__ void k(int *o) { V v; o[0] = v.dims()[1] + lanes(); }
`);
  assert.deepEqual(errors(t), []);
  assert.match(t.msl, /const thread int \*dims\(\) thread const \{ return d_; \}/);
  assert.match(t.msl, /int lanes\(int w = 32\)/);
});

test('a function another file defines: the call is refused alone, recorded for the program, and served by the defining file', () => {
  const caller = translateSource('a.cu', `
extern "C" __device__ double series(double x, const double a[], int n);
__global__ void k(double *o) { double c[2] = {1, 2}; o[0] = series(0.5, c, 1); }
`);
  assert.ok(errors(caller).some((e) => /argument 'c' of 'series' points into thread memory, but 'series' is defined in another file/.test(e)), errors(caller).join('\n'));
  assert.deepEqual(caller.foreignCalls, [{ name: 'series', spaces: [null, 'thread', null], consts: [false, true, false] }]);
  const def = `extern "C" __device__ double series(double x, double a[], int n) { return a[0] + x * a[n]; }\n`;
  const alone = translateSource('b.cu', def);
  assert.doesNotMatch(alone.msl, /series\(f64 x, (const )?thread/);
  const served = translateSource('b.cu', def, { foreignInstances: caller.foreignCalls });
  assert.deepEqual(errors(served), []);
  assert.match(served.msl, /f64 series\(f64 x, const thread f64 \*a, int n\)/);
  assert.match(served.msl, /f64 series\(f64 x, device f64 \*a, int n\)/, 'the default instance stays');
});

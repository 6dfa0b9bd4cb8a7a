// Closed-world devirtualisation (src/translate/virtuals.ts) and the device heap
// (src/translate/deviceHeap.ts): what the MSL looks like, and the refusals with their positions.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { translateSource } from '../../src/translate/index';
import { lowerMslForClang } from '../../src/build/mslLower';

const errors = (src: string): string[] =>
  translateSource('v.cu', src)
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => `${d.file}:${d.start.line}:${d.start.column} ${d.code} ${d.message}`);

const hierarchy = [
  'struct Shape {',
  '  __device__ Shape() {}',
  '  __device__ virtual ~Shape() {}',
  '  __device__ virtual float area() const = 0;',
  '  __device__ virtual int sides() const { return 0; }',
  '};',
  'struct Square : public Shape {',
  '  float s;',
  '  __device__ Square(float x) : s(x) {}',
  '  __device__ float area() const override { return s * s; }',
  '  __device__ int sides() const override { return 4; }',
  '};',
  'struct Disc : Shape {',
  '  float r;',
  '  __device__ Disc(float x) : r(x) {}',
  '  __device__ float area() const final { return 3 * r * r; }',
  '};',
].join('\n');

describe('virtual functions: devirtualised with a type tag', () => {
  test('a tag first in the root, set by every constructor; a switch per virtual function; calls through pointers and references use it', () => {
    const src = `${hierarchy}\n__global__ void k(float *out) { Square q(2); Disc d(1); const Shape *s = &q; const Shape &r = d; out[0] = s->area() + r.area(); out[1] = s->sides(); }`;
    const t = translateSource('v.cu', src);
    assert.deepEqual(errors(src), []);
    assert.match(t.msl, /struct Shape \{ ulong cu2m_type; \/\* hidden type tag \(in place of CUDA's vtable pointer\) \*\//);
    assert.match(t.msl, /Square\(float x\) : s\(x\) \{ this->cu2m_type = 2;/);
    assert.match(t.msl, /Disc\(float x\) : r\(x\) \{ this->cu2m_type = 3;/);
    assert.match(t.msl, /\/\* pure virtual area\(\): calls go through Shape_area \*\//);
    assert.match(t.msl, /float Shape_area\(const thread Shape\* self\) \{ switch \(self->cu2m_type\) \{ case 2: return static_cast<const thread Square\*>\(self\)->area\(\); default: return static_cast<const thread Disc\*>\(self\)->area\(\); \} \}/);
    assert.match(t.msl, /int Shape_sides\(const thread Shape\* self\) \{ switch \(self->cu2m_type\) \{ case 1: return static_cast<const thread Shape\*>\(self\)->sides\(\); case 2: return static_cast<const thread Square\*>\(self\)->sides\(\); default: return static_cast<const thread Disc\*>\(self\)->sides\(\); \} \}/);
    assert.match(t.msl, /out\[0\] = Shape_area\(s\) \+ Shape_area\(&r\);/);
    assert.match(t.msl, /out\[1\] = Shape_sides\(s\);/);
    assert.doesNotMatch(t.msl.replace(/\/\*[\s\S]*?\*\//g, ''), /\b(virtual|override|final)\b/);
  });

  test('a class without a constructor gets one that sets its tag', () => {
    const src = 'struct A { __device__ virtual int f() { return 1; } };\nstruct B : A { __device__ int f() { return 2; } };\n__global__ void k(int *o) { B b; A *a = &b; o[0] = a->f(); }';
    const t = translateSource('v.cu', src);
    assert.deepEqual(errors(src), []);
    assert.match(t.msl, /B\(\) \{ this->cu2m_type = 2; \}/);
    assert.match(t.msl, /o\[0\] = A_f\(a\);/);
  });

  test('refused with their positions: virtual inheritance, dynamic_cast, typeid, overloaded virtuals, calls inside members, an abstract class with no derived class here', () => {
    const vbase = 'struct A { __device__ virtual int f() { return 1; } };\nstruct B : virtual A { __device__ int f() { return 2; } };\n__global__ void k(int *o) { B b; o[0] = b.f(); }';
    assert.ok(errors(vbase).some((e) => e.startsWith("v.cu:2:12 C2M1001 virtual inheritance ('B')")), errors(vbase).join('\n'));
    const cast = `${hierarchy}\n__global__ void k(float *o) { Square q(2); Shape *s = &q; Square *t = dynamic_cast<Square*>(s); o[0] = t->s; }`;
    assert.ok(errors(cast).some((e) => /^v\.cu:18:\d+ C2M1001 'dynamic_cast': Metal has no run-time type information/.test(e)), errors(cast).join('\n'));
    const tid = `${hierarchy}\n__global__ void k(float *o) { Square q(2); o[0] = typeid(q) == typeid(Square); }`;
    assert.ok(errors(tid).some((e) => /^v\.cu:18:\d+ C2M1001 'typeid/.test(e)), errors(tid).join('\n'));
    const overloaded = 'struct A { __device__ virtual int f(int x) { return x; } __device__ virtual float f(float x) { return x; } };\nstruct B : A { __device__ int f(int x) { return 2 * x; } };\n__global__ void k(int *o) { B b; A *a = &b; o[0] = a->f(1); }';
    assert.ok(errors(overloaded).some((e) => e.includes("C2M1001 overloaded virtual function 'f' in 'A'")), errors(overloaded).join('\n'));
    const inner = 'struct A { __device__ virtual int f() { return 1; } __device__ int twice() { return 2 * f(); } };\nstruct B : A { __device__ int f() { return 2; } };\n__global__ void k(int *o) { B b; o[0] = b.twice(); }';
    assert.ok(errors(inner).some((e) => e.startsWith("v.cu:1:89 C2M1001 virtual call 'f()' inside a member function of 'A'")), errors(inner).join('\n'));
    const abstract = 'struct I { __device__ virtual int f() = 0; };\n__device__ int call(I *i) { return i->f(); }\n__global__ void k(int *o, I *i) { o[0] = call(i); }';
    assert.ok(errors(abstract).some((e) => e.startsWith("v.cu:2:36 C2M1001 call of virtual 'f' through abstract class 'I', which nothing in this file derives from")), errors(abstract).join('\n'));
    const mismatch = 'template <class T> struct Box { __device__ virtual T get() { return T(); } };\nstruct IntBox : Box<int> { __device__ int get() { return 2; } };\n__global__ void k(int *o) { IntBox b; o[0] = b.get(); }';
    assert.ok(errors(mismatch).some((e) => e.startsWith("v.cu:2:17 C2M1001 'IntBox' derives from 'Box<int>'")), errors(mismatch).join('\n'));
  });
});

describe('device new/delete and malloc/free: the device heap', () => {
  test('malloc/free become the heap allocator, bound as a buffer of the kernels that allocate', () => {
    const src = '__global__ void k(int *o) { int *p = (int*)malloc(4 * sizeof(int)); p[0] = 3; o[0] = p[0]; free(p); }\n__global__ void other(int *o) { o[0] = 1; }';
    const t = translateSource('v.cu', src);
    assert.deepEqual(errors(src), []);
    assert.match(t.msl, /kernel void k\(device int\* o \[\[buffer\(0\)\]\], device unsigned int\* cu2m_device_heap \[\[buffer\(1\)\]\]\)/);
    assert.match(t.msl, /device int \*p = \(device int\*\)cu2m_malloc\(cu2m_device_heap, 4 \* sizeof\(int\)\);/);
    assert.match(t.msl, /cu2m_free\(cu2m_device_heap, p\);/);
    assert.match(t.msl, /kernel void other\(device int\* o \[\[buffer\(0\)\]\]\)/);
    const k = t.manifest.kernels.find((x) => x.name === 'k');
    assert.ok(k?.params.some((p) => p.name === 'cu2m_device_heap' && p.symbol === 'cu2m_device_heap'), JSON.stringify(k?.params));
  });

  test('new T[n], new T(args), placement new and delete of a class with a destructor', () => {
    const src = [
      'struct Buf { int n; float *d; __device__ Buf(int k) : n(k) { d = new float[k]; } __device__ ~Buf() { delete[] d; } };',
      '__global__ void make(Buf **b) { *b = new Buf(8); }',
      '__global__ void drop(Buf **b) { delete *b; }',
    ].join('\n');
    const t = translateSource('v.cu', src);
    assert.deepEqual(errors(src), []);
    assert.match(t.msl, /d = \(\(device float\*\)cu2m_malloc\(cu2m_device_heap, sizeof\(float\) \* \(k\)\)\);/);
    assert.match(t.msl, /void cu2m_destroy_Buf\(device unsigned int\* cu2m_device_heap\) \{ cu2m_free\(cu2m_device_heap, d\); \}/);
    assert.match(t.msl, /kernel void make\(device Buf\* device\* b \[\[buffer\(0\)\]\], device unsigned int\* cu2m_device_heap \[\[buffer\(1\)\]\]\) \{ \*b = cu2m_new<Buf>\(cu2m_device_heap, Buf\(cu2m_device_heap, 8\)\); \}/);
    assert.match(t.msl, /\{ if \(\*b\) \(\*b\)->cu2m_destroy_Buf\(cu2m_device_heap\); cu2m_free\(cu2m_device_heap, \*b\); \}/);
    const arrays = 'struct Buf { int n; __device__ ~Buf() {} };\n__global__ void k(int *o) { Buf *b = new Buf[4]; o[0] = b != nullptr; delete[] b; }';
    assert.ok(errors(arrays).some((e) => e.startsWith("v.cu:2:38 C2M1001 'new Buf[...]' of a class with a destructor")), errors(arrays).join('\n'));
  });
});

describe('members called on device objects', () => {
  test('a member that takes an address of its object gets a device copy, and msl-cpu gets __global/__generic atomic overloads for it', () => {
    const src = 'struct Counter { int n; __device__ int bump() { return atomicAdd(&n, 1); } };\n__global__ void k(Counter *c, int *o) { o[threadIdx.x] = c->bump(); }';
    const t = translateSource('v.cu', src);
    assert.deepEqual(errors(src), []);
    assert.match(t.msl, /int bump\(\) \{ return atomicAdd\(&n, 1\); \}/);
    assert.match(t.msl, /int bump\(\) device \{ return atomicAdd\(&n, 1\); \}/);
    const lowered = lowerMslForClang(t.msl, 'v.metal').code;
    assert.match(lowered, /int bump\(\) __global \{/);
    assert.match(lowered, /inline int atomicAdd\(__global int\* p, int v\) \{ return atomicAdd\(\(device int\*\)p, v\); \}/);
    assert.match(lowered, /inline int atomicAdd\(__generic int\* p, int v\) \{ return atomicAdd\(\(device int\*\)p, v\); \}/);
  });
});

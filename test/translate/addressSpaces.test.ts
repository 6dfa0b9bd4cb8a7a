// Address spaces of the pointers real programs write (src/translate/addressSpaces.ts, typed.ts,
// function.ts): each form gets its space in the MSL, and what Metal cannot express keeps C2M1005
// with a message that says why.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { translateSource } from '../../src/translate/index';

const errors = (t: { diagnostics: readonly { code: string; message: string; severity: string }[] }): string[] =>
  t.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code}: ${d.message}`);

test('a null pointer argument takes the space another call gives the parameter, else device; comments are no arguments', () => {
  const t = translateSource('n.cu', `
__device__ float acc(float *part, const float *in) { float s = in[0]; if (part) *part = s; return s; }
__global__ void k(const float *in, float *out) {
  __shared__ float t[4];
  t[0] = acc(t, in);
  out[0] = acc(/* part */ nullptr, in) + acc(NULL, in) + acc(0, in);
}
`);
  assert.deepEqual(errors(t), []);
  assert.match(t.msl, /float acc\(threadgroup float \*part, const device float \*in\)/);
  assert.doesNotMatch(t.msl, /acc\(device float \*part/, 'the null arguments reuse the threadgroup instance');
  const alone = translateSource('m.cu', `
__device__ int pick(int a, int *res, float f) { if (res) *res = a; return a; }
__global__ void k(int *o) { o[0] = pick(1, /* res */ nullptr, 2.0f); }
`);
  assert.deepEqual(errors(alone), []);
  assert.match(alone.msl, /int pick\(int a, device int \*res, float f\)/);
});

test('`c ? x : y` bound to reference parameters: the branches\' common storage', () => {
  const t = translateSource('c.cu', `
__device__ bool lt(const int &a, const int &b) { return a < b; }
__global__ void k(const int *in, int *o) {
  int t1 = in[0], t2 = in[1];
  bool f = t1 > 0;
  o[0] = lt(f ? t2 : t1, f ? t1 : t2);
}
`);
  assert.deepEqual(errors(t), []);
  assert.match(t.msl, /bool lt\(const thread int &a, const thread int &b\)/);
});

test('array members through -> and . point into their object\'s memory; `&p.table[i][0]` of a constant parameter', () => {
  const t = translateSource('a.cu', `
struct Fe { unsigned n[4]; };
struct P { float m[4][3]; };
__device__ void add(unsigned *r, const unsigned *a) { r[0] += a[0]; }
__device__ void scale(float *v, const float *c) { v[0] *= c[0]; }
__global__ void k(Fe *fe, P params, float *v) {
  Fe local;
  local.n[0] = 1;
  add(local.n, fe->n);
  add(fe[1].n, local.n);
  scale(v, &params.m[1][0]);
  const float *row = &params.m[2][0];
  v[1] = row[1];
}
`);
  assert.deepEqual(errors(t), []);
  assert.match(t.msl, /void add\(thread unsigned \*r, const device unsigned \*a\)/);
  assert.match(t.msl, /void add\(device unsigned \*r, const thread unsigned \*a\)/);
  assert.match(t.msl, /void scale\(device float \*v, const constant float \*c\)/);
  assert.match(t.msl, /const constant float \*row = &params\.m\[2\]\[0\];/);
});

test('`auto` locals initialised from pointers are pointers: casts of them get the space; `auto v = p[i]` stays a value', () => {
  const t = translateSource('u.cu', `
__device__ float first(const float *p) { return p[0]; }
__global__ void k(const float *in, float *out, int i) {
  const auto src = in + 2 * i;
  auto dst = out + 2 * i;
  auto v = in[i];
  float2 w = *(reinterpret_cast<const float2 *>(src));
  reinterpret_cast<float2 *>(dst)[0] = w;
  out[0] = first(src) + v;
}
`);
  assert.deepEqual(errors(t), []);
  assert.match(t.msl, /reinterpret_cast<const device float2 \*>\(src\)/);
  assert.match(t.msl, /reinterpret_cast<device float2 \*>\(dst\)/);
  assert.match(t.msl, /float first\(const device float \*p\)/);
});

test('members: `reinterpret_cast<T&>(*this)`, pointers into member arrays (the member becomes `thread`), string literals', () => {
  const t = translateSource('m.cu', `
template <typename T> struct Raw {
  unsigned w[1];
  __device__ T &as() { return reinterpret_cast<T &>(*this); }
};
struct Ctr {
  unsigned s[4];
  __device__ Ctr(const unsigned char *seed) {
    const unsigned char *salt = (const unsigned char *)"salt";
    for (int i = 0; i < 4; i++) s[i] = seed[i] + salt[i];
  }
  __device__ void bump() { unsigned *last = s + 3; last[0]++; }
  __device__ unsigned get(int i) { return s[i]; }
};
__global__ void k(unsigned *o, const unsigned char *seed) {
  Raw<float> r; r.w[0] = o[0]; o[1] = (unsigned)r.as();
  Ctr c(seed); c.bump(); o[2] = c.get(3);
}
`);
  assert.deepEqual(errors(t), []);
  assert.match(t.msl, /thread T &as\(\) thread \{ return reinterpret_cast<thread T &>\(\*this\); \}/);
  assert.match(t.msl, /void bump\(\) thread \{ thread unsigned \*last = s \+ 3;/);
  assert.match(t.msl, /unsigned get\(int i\) \{/, 'a member that makes no pointer into its object keeps no qualifier');
  assert.match(t.msl, /constant char cu2m_str_0\[\] = "salt";/);
  assert.match(t.msl, /const constant unsigned char \*salt = \(const constant unsigned char \*\)cu2m_str_0;/);
});

test('a helper returning a pointer: one overload per space of its arguments, its return type in the space it returns into', () => {
  const t = translateSource('r.cu', `
__device__ float *at(float *base, int i) { return base + i; }
__device__ const float *either(const float *a, const float *b, bool f) { if (f) return a; return b; }
__device__ int *none(int *p) { if (!p) return nullptr; return p; }
__global__ void k(float *d, int *q) {
  __shared__ float t[8];
  float l[2] = {1, 2};
  t[0] = *at(d, 1);
  *at(t, 2) = *at(l, 1);
  float *p = at(d, 3);
  d[0] = *either(d, d + 1, true) + *p + *none(q);
}
`);
  assert.deepEqual(errors(t), []);
  assert.match(t.msl, /inline device float \*at\(device float \*base, int i\)|^device float \*at\(device float \*base, int i\)/m);
  assert.match(t.msl, /threadgroup float \*at\(threadgroup float \*base, int i\)/);
  assert.match(t.msl, /thread float \*at\(thread float \*base, int i\)/);
  assert.match(t.msl, /const device float \*either\(const device float \*a, const device float \*b, bool f\)/);
  assert.match(t.msl, /device int \*none\(device int \*p\)/);
  assert.match(t.msl, /device float \*p = at\(d, 3\);/);
});

test('what Metal cannot express keeps C2M1005, saying why', () => {
  const mixed = translateSource('x.cu', `
__device__ float *choose(float *a, bool f) { float l[2] = {0, 1}; if (f) return a; return l; }
__global__ void k(float *d) { d[0] = *choose(d, true); }
`);
  assert.ok(errors(mixed).some((e) => /C2M1005: device function 'choose' returns a pointer, but its return statements point into different memories \(device, thread\)/.test(e)), errors(mixed).join('\n'));
  const twoLevels = translateSource('y.cu', `
__device__ float **twice(float **p) { return p; }
__global__ void k(float *d) { float *q = d; d[0] = **twice(&q); }
`);
  assert.ok(errors(twoLevels).some((e) => /C2M1005: .*pointer to a pointer/.test(e)), errors(twoLevels).join('\n'));
  const ternary = translateSource('z.cu', `
__global__ void k(float *d, bool f) { __shared__ float s[4]; float *p = f ? d : s; p[0] = 1; }
`);
  assert.ok(errors(ternary).some((e) => /C2M1005: cannot tell which memory 'p' points into/.test(e)), errors(ternary).join('\n'));
});

test('`&GET(p, i)` with `#define GET(A, I) A[I]`: the element macro is expanded, so the address has p\'s space', () => {
  const t = translateSource('g.cu', `
#define GET(A, INDEX) A[INDEX]
__global__ void k(float *out, const float *in) {
  float *o = &GET(out, threadIdx.x);
  *o = GET(in, threadIdx.x);
}
`);
  assert.deepEqual(errors(t), []);
  assert.match(t.msl, /device float \*o = &out\[threadIdx\.x\];/);
});

test('a member function called with pointers into other memories: one overload per combination, beside the device one', () => {
  const t = translateSource('s.cu', `
struct S {
  unsigned st[4];
  __device__ static unsigned first(const unsigned char *a) { return a[0]; }
  __device__ S(const unsigned char *key) { const unsigned char *m = (const unsigned char *)"abcd"; st[0] = first(m); st[1] = first(key); }
  __device__ void fill(unsigned *r) { for (int i = 0; i < 4; i++) r[i] = st[i]; }
  __device__ void fill8(unsigned char *r) { unsigned t[4]; fill(t); r[0] = (unsigned char)t[0]; }
};
struct W { S s; unsigned char buf[4]; __device__ W(const unsigned char *k) : s(k) {} __device__ void go() { s.fill8(buf); } };
__global__ void k(const unsigned char *key, unsigned *out) { W w(key); w.go(); S s(key); s.fill(out); out[4] = w.buf[0]; }
`);
  assert.deepEqual(errors(t), []);
  assert.match(t.msl, /static unsigned first\(const device unsigned char \*a\)/);
  assert.match(t.msl, /static unsigned first\(const constant unsigned char \*a\)/, 'the string literal\'s overload');
  assert.match(t.msl, /void fill\(device unsigned \*r\)/);
  assert.match(t.msl, /void fill\(thread unsigned \*r\)/, 'the local array\'s overload');
  assert.match(t.msl, /void fill8\(thread unsigned char \*r\)/, 'called through the member object s with the member array buf');
  const unknown = translateSource('u.cu', `
struct S { __device__ static float first(const float *a) { return a[0]; } __device__ float f(bool c, float *d) { __shared__ float sh[2]; return first(c ? d : sh); } };
__global__ void k(float *p) { S s; p[0] = s.f(true, p); }
`);
  assert.ok(errors(unknown).some((e) => /C2M1005: cannot tell which memory argument 'c \? d : sh' of member function 'first' points into/.test(e)), errors(unknown).join('\n'));
});

test('pointer-to-pointer parameters and casts: each level in its space, from the calls', () => {
  const t = translateSource('p.cu', `
struct Node { int v; Node *next; };
__device__ void swap_ptrs(void **a, void **b) { void *t; t = *a; *a = *b; *b = t; }
__device__ void link(Node **slot, Node *to) { *slot = to; }
__global__ void k(const int *in, int *out, Node *nodes) {
  __shared__ int A[32], B[32];
  int *cur = A, *nxt = B;
  cur[threadIdx.x] = in[threadIdx.x];
  swap_ptrs((void **)&cur, (void **)&nxt);
  out[threadIdx.x] = nxt[threadIdx.x];
  Node *me = &nodes[threadIdx.x];
  link(&me->next, nodes);
}
`);
  assert.deepEqual(errors(t), []);
  assert.match(t.msl, /void swap_ptrs\(threadgroup void \*thread \*a, threadgroup void \*thread \*b\) \{ threadgroup void \*t;/);
  assert.match(t.msl, /void link\(device Node \*device \*slot, device Node \*to\)/);
  assert.match(t.msl, /swap_ptrs\(\(threadgroup void \* thread \*\)&cur, \(threadgroup void \* thread \*\)&nxt\)/);
});

test('pointer typedefs point into device memory: kernel parameters are buffers; lookups return into the table', () => {
  const t = translateSource('t.cu', `
typedef float tab2_t[2][2];
typedef struct tbl { int n; struct ent_t { int key; float val; } ent[4]; tab2_t w; } *tbl_t;
__device__ const float *find(tbl_t t, int key) {
  for (int i = 0; i < t->n; i++) if (t->ent[i].key == key) return &t->ent[i].val;
  return 0;
}
__global__ void k(const tbl_t t, float *out) { const float *v = find(t, 1); tab2_t *w = &t->w; out[0] = v ? *v : (*w)[0][1]; }
`);
  assert.deepEqual(errors(t), []);
  assert.match(t.msl, /typedef float tab2_t\[2\]\[2\];/, 'the array typedef reaches device code by its name');
  assert.match(t.msl, /struct tbl \{[^]*\}; typedef device struct tbl \*tbl_t;/);
  assert.match(t.msl, /const device float \*find\(tbl_t t, int key\)/);
  assert.match(t.msl, /kernel void k\(device tbl\* t \[\[buffer\(0\)\]\]/);
  assert.match(t.msl, /device tab2_t \*w = &t->w;/);
});

test('members returning pointers through an object; references to arrays of alias templates', () => {
  const t = translateSource('m.cu', `
struct Pool { unsigned *d_pool; __device__ unsigned *at(unsigned a) { return d_pool + a * 4; } };
template <int N> struct Shape { int size_[N]; __device__ const int *sizes() const { return size_; } };
template <int n> using Row = long long[2 * n];
__device__ void put(unsigned *p, unsigned v) { p[0] = v; }
template <typename A> __device__ void put2(A *&alloc, unsigned i) { put(alloc->at(i), i); }
template <int n> __device__ long long sum(Row<n> &r) { long long *q = r + 1; return q[0] + r[0]; }
__global__ void k(Pool pool, int *out) {
  __shared__ Row<4> rows[2];
  Pool *pp = &pool;
  put(pp->at(threadIdx.x), 1);
  put2(pp, 2);
  Shape<2> s; s.size_[0] = 3;
  const int *z = s.sizes();
  out[0] = z[0] + (int)sum<4>(rows[threadIdx.x & 1]);
}
`);
  assert.deepEqual(errors(t), []);
  assert.match(t.msl, /device unsigned \*at\(unsigned a\)/);
  assert.match(t.msl, /const thread int \*z = s\.sizes\(\);/);
  assert.match(t.msl, /threadgroup long \*q = r \+ 1;/);
});

test('what stays refused says why: a pointer into shared memory stored in a pointer field, a pointer the host writes into a __constant__ variable', () => {
  const field = translateSource('f.cu', `
struct L { L *next; };
__global__ void k(L *d) { __shared__ L s[4]; d[0].next = &s[1]; }
`);
  assert.ok(errors(field).some((e) => /C2M1005: '&s\[1\]' points into threadgroup memory, but the pointer field 'd\[0\]\.next' points into device memory/.test(e)), errors(field).join('\n'));
  const table = translateSource('c.cu', `
__constant__ float *table;
__global__ void k(float *o) { o[0] = table[1]; }
`);
  assert.ok(errors(table).some((e) => /C2M1005: __constant__ variable 'table' holds a pointer the host writes \(a pointer table in GPU memory\)/.test(e)), errors(table).join('\n'));
});

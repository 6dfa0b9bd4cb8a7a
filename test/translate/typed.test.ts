// The typed view of device code (src/translate/typed.ts): every expression's CUDA type and space.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSource, type SyntaxNode } from '../../src/parse/parse';
import { analyzeProgram } from '../../src/translate/program';
import { arithmetic, literalType, typeText, typedView, type ViewOptions } from '../../src/translate/typed';
import { SCALAR_TYPES } from '../../src/translate/tables/cudaTypes';
import { translateSource } from '../../src/translate/index';

/** The view of function `fn` and a finder for the expression written `text` (its n-th occurrence). */
function view(src: string, fn: string, options: ViewOptions = {}) {
  const program = analyzeProgram(parseSource('t.cu', src));
  const facts = program.definitions.get(fn);
  assert.ok(facts, `function ${fn}`);
  const v = typedView(program, facts, options);
  const find = (text: string, nth = 0): SyntaxNode => {
    const found: SyntaxNode[] = [];
    const walk = (n: SyntaxNode): void => {
      if (n.text === text && n.isNamed && n.type !== 'expression_statement') found.push(n);
      for (const c of n.namedChildren) walk(c);
    };
    walk(facts.body!);
    assert.ok(found[nth], `expression '${text}' #${nth}`);
    return found[nth];
  };
  const type = (text: string, nth = 0): string => typeText(v.typeOf(find(text, nth)));
  return { v, find, type };
}

const SRC = `
typedef float real;
typedef unsigned char pixel;
struct Particle { float3 pos; int steps; double mass; float* data; };
struct Grid { Particle parts[4]; size_t n; };
__constant__ float c_coef[16];
__device__ int d_count;
__device__ long long count(int a) { return a; }
__device__ float scale(float x) { return x; }
__global__ void k(real* out, const pixel* img, Particle p, Grid* g, int n, double* dd) {
  __shared__ float tile[16][17];
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  unsigned u = 3u;
  float3 v = p.pos;
  real r = out[i];
  float* q = tile[0];
  float* later;
  later = out + 1;
  {
    double i = 1.0;
    r = i * 2;
  }
  r = i + 1;
  r = img[i] + 1;
  r = u + i;
  r = u + 1L;
  r = p.steps + g->parts[1].steps;
  r = g->n;
  r = v.x;
  r = count(i);
  r = scale(i);
  r = sqrtf(i);
  r = sqrt(i);
  r = sqrt(out[i]);
  r = c_coef[i];
  r = d_count;
  r = (double)i;
  r = i > 0 ? 1 : 2.0f;
  r = *q;
  r = dd[i] * 0.5;
  r = (short)i;
  r = 'a' + (char)1;
  r = sizeof(float3);
  r = warpSize;
  q = &r;
}
`;

test('types of declarations, typedefs, struct fields, built-ins, literals and scopes', () => {
  const { type } = view(SRC, 'k');
  assert.equal(type('blockIdx.x * blockDim.x + threadIdx.x'), 'unsigned int');
  assert.equal(type('3u'), 'unsigned int');
  assert.equal(type('p.pos'), 'float3');
  assert.equal(type('out[i]'), 'float', 'typedef real = float through a pointer parameter');
  assert.equal(type('i * 2'), 'double', 'the inner block declares a double i');
  assert.equal(type('i + 1'), 'int', 'after the block, i is the int again');
  assert.equal(type('img[i] + 1'), 'int', 'unsigned char (typedef pixel) promotes to int');
  assert.equal(type('u + i'), 'unsigned int');
  assert.equal(type('u + 1L'), 'long', 'long holds every unsigned int: signed long');
  assert.equal(type('p.steps + g->parts[1].steps'), 'int', 'fields through ., -> and an array of structs');
  assert.equal(type('g->n'), 'unsigned long', 'size_t field');
  assert.equal(type('v.x'), 'float');
  assert.equal(type('warpSize'), 'int');
  assert.equal(type('sizeof(float3)'), 'unsigned long');
});

test('types of calls, casts, conditionals, dereferences and globals', () => {
  const { type } = view(SRC, 'k');
  assert.equal(type('count(i)'), 'long long', 'a device function returns its declared type');
  assert.equal(type('scale(i)'), 'float');
  assert.equal(type('sqrtf(i)'), 'float');
  assert.equal(type('sqrt(i)'), 'double', 'C++: sqrt of an integer computes in double');
  assert.equal(type('sqrt(out[i])'), 'float', 'sqrt of a float is the float overload');
  assert.equal(type('c_coef[i]'), 'float');
  assert.equal(type('d_count'), 'int');
  assert.equal(type('(double)i'), 'double');
  assert.equal(type('i > 0 ? 1 : 2.0f'), 'float', 'the usual conversions of the branches');
  assert.equal(type('i > 0'), 'bool');
  assert.equal(type('*q'), 'float');
  assert.equal(type('dd[i] * 0.5'), 'double');
  assert.equal(type('(short)i'), 'short');
  assert.equal(type("'a' + (char)1"), 'int');
});

test('address spaces: buffers, shared arrays, globals, pointers from their first assignment, struct pointer fields', () => {
  const { v, find, type } = view(SRC, 'k');
  assert.equal(type('out'), 'device float*');
  assert.equal(type('tile'), 'threadgroup float[][]');
  assert.equal(v.pointsInto(find('tile[0]')), 'threadgroup');
  assert.equal(v.pointsInto(find('q', 1)), 'threadgroup', 'q = tile[0]');
  assert.equal(v.pointsInto(find('later', 1)), 'device', 'declared without an initialiser, assigned out + 1 later');
  assert.equal(v.storageOf(find('out[i]')), 'device');
  assert.equal(v.storageOf(find('r', 1)), 'thread');
  assert.equal(v.pointsInto(find('c_coef[i]').childForFieldName('argument')!), 'constant');
  assert.equal(v.storageOf(find('d_count')), 'device');
  assert.equal(v.pointsInto(find('p.pos').childForFieldName('argument')!), undefined);
  assert.equal(type('&r'), 'thread float*');
});

test('a helper instance takes the spaces it was called with; outer symbols win', () => {
  const src = '__device__ float sum(const float* a, float& acc, int n) { float* b = (float*)a; acc += b[n]; return acc; }\n';
  const { v, find, type } = view(src, 'sum', { spaces: ['threadgroup', 'device', null] });
  assert.equal(type('a', 0), 'threadgroup float*');
  assert.equal(v.pointsInto(find('b', 1)), 'threadgroup', 'through the cast');
  assert.equal(type('(float*)a'), 'threadgroup float*');
  assert.equal(v.storageOf(find('acc', 0)), 'device');
  const outer = view(src, 'sum', { outer: (name) => (name === 'a' ? { storage: 'thread', pointee: 'constant', isArray: false } : undefined) });
  assert.equal(outer.v.pointsInto(outer.find('a', 0)), 'constant');
});

test('template parameters: unknown unless bound', () => {
  const src = 'template <typename T> __device__ T twice(T x) { T y = x * 2; return y; }\n';
  assert.equal(view(src, 'twice').type('x * 2'), '?', 'T unbound: T * int is not known');
  assert.equal(view(src, 'twice').type('y', 0), 'T');
  assert.equal(view(src, 'twice', { templateArgs: new Map([['T', 'double']]) }).type('x * 2'), 'double');
});

test('literals and the usual arithmetic conversions', () => {
  const t = (s: string): string => typeText(literalType(s));
  assert.deepEqual(['7', '7u', '7l', '7ull', '0xffffffff', '4294967296', '1.0', '1.0f', '1e3', '0x1p3', "1'000"].map(t),
    ['int', 'unsigned int', 'long', 'unsigned long long', 'unsigned int', 'long', 'double', 'float', 'double', 'double', 'int']);
  const s = (n: string) => SCALAR_TYPES.get(n)!;
  assert.equal(arithmetic(s('unsigned short'), s('char')).name, 'int');
  assert.equal(arithmetic(s('unsigned int'), s('long long')).name, 'long long');
  assert.equal(arithmetic(s('unsigned long'), s('long long')).name, 'unsigned long');
  assert.equal(arithmetic(s('half'), s('float')).name, 'float');
  assert.equal(arithmetic(s('int'), s('half')).name, 'half');
});

// What the view fixes in the translation: arguments of float math functions whose integer type the
// local guessers could not see were left bare, and Metal's float/half overloads are ambiguous for them.
test('integer arguments of math functions through calls, typedefs, local arrays and conditionals are converted', () => {
  const src = `typedef int count_t;
struct Stats { int steps; float mean; };
__device__ int count(int a) { return a * 2; }
__global__ void k(const count_t* a, float* out, Stats s, int n) {
  int i = threadIdx.x;
  int loc[4] = {1, 2, 3, 4};
  out[i] = sqrtf(count(i));
  out[i] += isnan(a[i]) ? 1.0f : 0.0f;
  out[i] += sqrt(loc[i & 3]);
  out[i] += logf(s.steps) + expf(s.mean);
  out[i] += fmaxf(i > 0 ? i : n, 1.0f);
}
`;
  const t = translateSource('fix.cu', src);
  assert.deepEqual(t.diagnostics.filter((d) => d.severity === 'error'), []);
  assert.match(t.msl, /out\[i\] = sqrt\(float\(count\(i\)\)\);/, 'a device function returning int');
  assert.match(t.msl, /isnan\(float\(a\[i\]\)\)/, 'an element of a buffer of a typedef of int');
  assert.match(t.msl, /sqrt\(float\(loc\[i & 3\]\)\)/, 'an element of a local int array');
  assert.match(t.msl, /log\(float\(s\.steps\)\) \+ exp\(s\.mean\)/, 'an int field converted, a float field (known now) left alone');
  assert.match(t.msl, /fmax\(float\(i > 0 \? i : n\), 1\.0f\)/, 'a conditional of ints');
});

test('a name declared in an inner block does not leak: the outer pointer keeps its own space', () => {
  const src = `__global__ void k(float* out) {
  __shared__ float tile[32];
  float* p = out;
  {
    float* p = tile;
    p[threadIdx.x] = 1.0f;
  }
  float* q = p + 1;
  q[threadIdx.x] = tile[threadIdx.x];
}
`;
  const t = translateSource('scope.cu', src);
  assert.deepEqual(t.diagnostics.filter((d) => d.severity === 'error'), []);
  assert.match(t.msl, /threadgroup float\* p = tile;/);
  assert.match(t.msl, /device float\* q = p \+ 1;/, 'q takes the outer p (device), not the inner one (threadgroup)');
});

test('min/max with an argument typed by the view (a call, a struct field) take CUDA\'s common type', () => {
  const src = `struct Stats { int steps; float mean; };
__device__ int count(int a) { return a * 2; }
__global__ void k(unsigned* out, Stats s) {
  unsigned u = threadIdx.x;
  out[u] = min(count(u), 7u) + max(s.steps, u);
}
`;
  const t = translateSource('mm.cu', src);
  assert.deepEqual(t.diagnostics.filter((d) => d.severity === 'error'), []);
  assert.match(t.msl, /min\(uint\(count\(u\)\), 7u\) \+ max\(uint\(s\.steps\), u\)/);
});

test('a double atomic takes the 64-bit lock however the double is spelled (typedef, struct field, local pointer)', () => {
  const src = `typedef double real;
struct Body { double mass; int n; };
__global__ void k(real* acc, Body* b, double* buf) {
  double* p = buf + 1;
  atomicAdd(acc, 1.0f);
  atomicAdd(&b->mass, 1.0f);
  atomicAdd(p, 1.0f);
  atomicAdd(&b->n, 1);
}
`;
  const t = translateSource('atom.cu', src);
  assert.equal(t.ok, true, JSON.stringify(t.diagnostics));
  for (const call of ['atomicAdd(cu2m_atomic64_locks, acc, 1.0f)', 'atomicAdd(cu2m_atomic64_locks, &b->mass, 1.0f)', 'atomicAdd(cu2m_atomic64_locks, p, 1.0f)', 'atomicAdd(&b->n, 1)']) assert.ok(t.msl.includes(call), call);
});

test('an array of pointers takes the space of the first assignment to one of its elements, of its own scope', () => {
  const src = `__device__ float first(float* p) { return *p; }
__global__ void k(float* out) {
  __shared__ float tile[32];
  float v[4];
  v[0] = out[0];
  for (int i = 0; i < 2; i++) {
    float* v[2];
    v[0] = &tile[i];
    v[1] = &tile[i + 1];
    out[i] = first(v[0]) + first(v[1]);
  }
}
`;
  const t = translateSource('ptrs.cu', src);
  assert.deepEqual(t.diagnostics.filter((d) => d.severity === 'error'), []);
  assert.match(t.msl, /threadgroup float\* v\[2\];/, 'not the outer float v[4] (v[0] = out[0] is a value)');
  assert.match(t.msl, /float first\(threadgroup float\* p\)/);
});

test('sizeof of a 3-component vector value (a register, 16 bytes in Metal) takes CUDA\'s packed size', () => {
  const src = `struct P { float3 pos; int n; };
__global__ void k(int* out, const P* ps) {
  float3 v = make_float3(1.0f, 2.0f, 3.0f);
  uint3 t = threadIdx;
  out[0] = sizeof(v);
  out[1] = sizeof(ps->pos);
  out[2] = sizeof(t) + sizeof v;
  out[3] = sizeof(ps->n);
}
`;
  const t = translateSource('sz.cu', src);
  assert.deepEqual(t.diagnostics.filter((d) => d.severity === 'error'), []);
  assert.match(t.msl, /out\[0\] = sizeof\(packed_float3\);/);
  assert.match(t.msl, /out\[1\] = sizeof\(packed_float3\);/, 'a member access: the field is packed in the struct, and so is the size');
  assert.match(t.msl, /out\[2\] = sizeof\(packed_uint3\) \+ sizeof \(packed_float3\);/);
  assert.match(t.msl, /out\[3\] = sizeof\(ps->n\);/);
});

// ---- template parameters resolved per instance (templateInstances.ts) -------------------------

const TEMPLATES = `
template <typename T> __device__ T twice(T v) { T r = v + v; return r; }
template <typename T> __device__ void accumulate(T* p, T v) { T old = atomicAdd(p, v); (void)old; }
template <int N> __device__ float scaled(float v) { return v * N; }
template <typename A, typename B> __device__ A pick(A a, B b) { B c = b; return a; }
template <typename T> __device__ T orphan(T v) { return v; }
template <typename T, int BLOCK> __global__ void sum(const T* a, T* s) {
  T x = a[blockIdx.x * BLOCK + threadIdx.x];
  atomicAdd(&s[0], x);
  accumulate(s, x);
  unsigned i = threadIdx.x;
  float f = scaled<BLOCK>(1.0f);
}
template <typename T> __global__ void one(T* out) { T y = out[0]; out[0] = y; }
__global__ void plain(float* out, int n) {
  float f = out[0];
  float g = twice(f);
  int h = twice(n);
  double d = twice<double>(1);
  float p = pick(f, n);
  float q = pick(1, 2.0f);
}
int main() {
  float* fa; int* ia; double* da;
  sum<float, 128><<<1, 128>>>(fa, fa);
  sum<int, 256><<<1, 256>>>(ia, ia);
  sum<double, 64><<<1, 64>>>(da, da);
  one<unsigned int><<<1, 1>>>(0);
  return 0;
}
`;

const argsText = (args: ReadonlyMap<string, string>): string => [...args].map(([k, v]) => `${k}=${v}`).join(',');

test('typed view: a kernel template knows T per instance the host launches (T x = a[i]; atomicAdd(&s[0], x))', () => {
  const { v, find, type } = view(TEMPLATES, 'sum');
  // Without an instance T stays the parameter.
  assert.equal(type('x'), 'T');
  assert.deepEqual(v.instances().map((i) => argsText(i.args)), ['T=float,BLOCK=128', 'T=int,BLOCK=256', 'T=double,BLOCK=64']);
  const perX = v.typesPerInstance(find('x')).map((p) => `${argsText(p.args)}:${typeText(p.type)}`);
  assert.deepEqual(perX, ['T=float,BLOCK=128:float', 'T=int,BLOCK=256:int', 'T=double,BLOCK=64:double']);
  // `&s[0]`: a pointer to T in device memory, per instance.
  assert.deepEqual(v.typesPerInstance(find('&s[0]')).map((p) => typeText(p.type)), ['device float*', 'device int*', 'device double*']);
  assert.equal(v.instanceType(find('x')), 'dependent');
  // What does not depend on T is one type whatever the instance.
  const i = v.instanceType(find('threadIdx.x'));
  assert.notEqual(i, 'dependent');
  assert.equal(typeText(i as Exclude<typeof i, 'dependent'>), 'unsigned int');
});

test('typed view: a single instance gives the template parameter its one argument', () => {
  const { v, find } = view(TEMPLATES, 'one');
  assert.deepEqual(v.instances().map((i) => argsText(i.args)), ['T=unsigned int']);
  const t = v.instanceType(find('y'));
  assert.notEqual(t, 'dependent');
  assert.equal(typeText(t as Exclude<typeof t, 'dependent'>), 'unsigned int');
});

test('typed view: a device function template is typed per call: deduced from the arguments or written out', () => {
  const { v, find } = view(TEMPLATES, 'twice');
  assert.deepEqual(v.instances().map((i) => argsText(i.args)), ['T=float', 'T=int', 'T=double']);
  assert.deepEqual(v.typesPerInstance(find('v + v')).map((p) => typeText(p.type)), ['float', 'int', 'double']);
  assert.equal(v.instanceType(find('r')), 'dependent');
  // Two parameters deduced independently; a call whose arguments disagree on one parameter fixes only the other.
  const pick = view(TEMPLATES, 'pick');
  assert.deepEqual(pick.v.instances().map((i) => argsText(i.args)), ['A=float,B=int', 'A=int,B=float']);
  assert.deepEqual(pick.v.typesPerInstance(pick.find('c', 0)).map((p) => typeText(p.type)), ['int', 'float']);
});

test('typed view: instances flow down the call graph: T of a helper called inside a kernel template comes from its launches', () => {
  const { v, find } = view(TEMPLATES, 'accumulate');
  // `accumulate(s, x)` with s a T* of sum<T>: deduced through `T* p` once per instance of sum.
  assert.deepEqual(v.instances().map((i) => argsText(i.args)), ['T=float', 'T=int', 'T=double']);
  assert.deepEqual(v.typesPerInstance(find('old', 0)).map((p) => typeText(p.type)), ['float', 'int', 'double']);
  // A value parameter written out as the caller's own (`scaled<BLOCK>`): its value per instance.
  const scaled = view(TEMPLATES, 'scaled');
  assert.deepEqual(scaled.v.instances().map((i) => argsText(i.args)), ['N=128', 'N=256', 'N=64']);
});

test('typed view: without instances (or outside templates) the view is as before', () => {
  const orphan = view(TEMPLATES, 'orphan');
  assert.deepEqual(orphan.v.instances(), []);
  assert.equal(typeText(orphan.v.instanceType(orphan.find('v')) as ReturnType<typeof orphan.v.typeOf>), 'T');
  const plain = view(TEMPLATES, 'plain');
  assert.deepEqual(plain.v.instances(), []);
  assert.equal(typeText(plain.v.instanceType(plain.find('f')) as ReturnType<typeof plain.v.typeOf>), 'float');
  // Arguments given by the caller win: no search.
  const given = view(TEMPLATES, 'sum', { templateArgs: new Map([['T', 'float']]) });
  assert.deepEqual(given.v.instances(), []);
  assert.equal(given.type('x'), 'float');
});

test('an atomic on T in a kernel template the host launches with double takes the 64-bit lock, through the helper too; a template with no double instance does not', () => {
  const src = `template <typename T> __device__ void add(T* p, T v) { atomicAdd(p, v); }
template <typename T> __global__ void sum(const T* a, T* s) {
  T x = a[threadIdx.x];
  atomicAdd(&s[0], x);
  add(s, x);
}
template <typename T> __global__ void only(T* s) { atomicAdd(s, T(1)); }
int main() {
  double* d; float* f; int* i;
  sum<float><<<1, 64>>>(f, f);
  sum<double><<<1, 64>>>(d, d);
  only<int><<<1, 1>>>(i);
  only<float><<<1, 1>>>(f);
  return 0;
}
`;
  const t = translateSource('tatom.cu', src);
  assert.equal(t.ok, true, JSON.stringify(t.diagnostics));
  // Line 1 through the call in sum<double> (add<double>); line 4 in sum<double>; `only` has no double instance.
  assert.match(t.msl, /void add\(device atomic_uint\* cu2m_atomic64_locks, [^)]*\) \{ atomicAdd\(cu2m_atomic64_locks, p, v\); \}/);
  assert.match(t.msl, /atomicAdd\(cu2m_atomic64_locks, &s\[0\], x\);\n {2}add\(cu2m_atomic64_locks, s, x\);/);
  assert.match(t.msl, /kernel void only\(device cu2m_mem<T>\* s \[\[buffer\(0\)\]\]\) \{ atomicAdd\(s, T\(1\)\); \}/);
  assert.ok(t.msl.includes('inline float atomicAdd(device atomic_uint*, device float* p, float v) { return atomicAdd(p, v); }'), 'the float instance of sum: forwarded');
  // Under --double=float double is float: no lock.
  const asFloat = translateSource('tatom.cu', src, { double: 'float' });
  assert.doesNotMatch(asFloat.msl, /cu2m_atomic64/);
});

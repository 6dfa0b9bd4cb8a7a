// Constructors that read built-ins take them as hidden parameters (src/translate/constructors.ts):
// which constructors, which construction sites, and what the MSL says at each.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { translateSource } from '../../src/translate/index';
import { parseSource } from '../../src/parse/parse';
import { constructionSites, constructorClass, isCopyConstructor } from '../../src/translate/constructors';

const errors = (src: string): string[] => translateSource('t.cu', src).diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.start.line}:${d.start.column} ${d.code} ${d.message}`);
const msl = (src: string): string => {
  const t = translateSource('t.cu', src);
  assert.deepEqual(t.diagnostics.filter((d) => d.severity === 'error'), []);
  return t.msl;
};

describe('constructors.ts', () => {
  const file = parseSource('c.cu', [
    'template <int N> struct B { int r; __device__ B() : r(threadIdx.x) {} __device__ B(const B &o) : r(o.r) {} __device__ int get() const { return r; } };',
    'struct P { int v; __device__ P(int a) : v(a) {} };',
    '__global__ void k(int *p) { typedef B<4> B4; using Q = B4; B4 a; const P x(p[0]); P y{1}; P z = P(2); Q().get(); p[0] = f(1); }',
  ].join('\n'));
  const members = file.tree.rootNode.descendantsOfType('function_definition');
  test('constructorClass names the class of a constructor, of a class template too; null for other members and free functions', () => {
    assert.deepEqual(members.map((m) => constructorClass(m)), ['B', 'B', null, 'P', null]);
  });
  test('isCopyConstructor: `B(const B &o)` only', () => {
    assert.deepEqual(members.slice(0, 2).map((m) => isCopyConstructor(m, 'B')), [false, true]);
    assert.equal(isCopyConstructor(members[3]!, 'P'), false);
  });
  test('constructionSites: declarations (a vexing parse, braces, default) and functional casts through typedef and alias chains; plain calls are none', () => {
    const body = members[4]!.childForFieldName('body')!;
    const sites = constructionSites(body, (c) => c === 'B' || c === 'P');
    assert.deepEqual(sites.map((s) => `${s.cls}:${s.open?.text ?? `after ${s.at.text}`}:${s.hasArgs}`), ['B:after a:false', 'P:(:true', 'P:{:true', 'P:(:true', 'B:(:false']);
    assert.deepEqual(constructionSites(body, (c) => c === 'B').map((s) => s.cls), ['B', 'B']);
  });
});

describe('constructors that read built-ins in the MSL', () => {
  test('a constructor reading a built-in through a macro in its body takes it; a declaration passes it', () => {
    const out = msl('#define GX (blockIdx.x * blockDim.x + threadIdx.x)\nstruct C { int i; __device__ C(int s) { i = GX * s; } };\n__global__ void k(int *p) { C c(2); p[c.i] = 1; }\n');
    assert.match(out, /C\(uint3 threadIdx, uint3 blockIdx, uint3 blockDim, int s\) \{ i = GX \* s; \}/);
    assert.match(out, /C c\(threadIdx, blockIdx, blockDim, 2\);/);
    assert.match(out, /kernel void k\(device int\* p \[\[buffer\(0\)\]\], uint3 threadIdx \[\[thread_position_in_threadgroup\]\], uint3 blockIdx \[\[threadgroup_position_in_grid\]\], uint3 blockDim \[\[threads_per_threadgroup\]\]\)/);
  });
  test('a constructor calling a helper that reads built-ins from a member initialiser passes them on; a helper constructing the class takes them too', () => {
    const out = msl('__device__ int lane() { return threadIdx.x & 31; }\nstruct L { int id; __device__ L() : id(lane()) {} };\n__device__ int laneOf() { L l; return l.id; }\n__global__ void k(int *p) { p[0] = laneOf(); }\n');
    assert.match(out, /L\(uint3 threadIdx\) : id\(lane\(threadIdx\)\) \{\}/);
    assert.match(out, /int laneOf\(uint3 threadIdx\) \{ L l\(threadIdx\); return l\.id; \}/);
    assert.match(out, /p\[0\] = laneOf\(threadIdx\);/);
  });
  test('a constructor that reads no built-ins is unchanged, and so are its construction sites', () => {
    const out = msl('struct V { float x; __device__ V(float a) : x(a * 2.0f) {} };\n__global__ void k(float *p) { V v(p[0]); p[1] = V(3.0f).x + v.x; }\n');
    assert.match(out, /V\(float a\) : x\(a \* 2\.0f\) \{\}/);
    assert.match(out, /V v\(\(p\[0\]\)\); p\[1\] = V\(3\.0f\)\.x \+ v\.x;/); // (the parentheses: a vexing parse's argument)
  });
  test('a constructor with an assert takes the printf buffer and checks it (no C2M1016)', () => {
    const t = translateSource('t.cu', '#include <cassert>\nstruct S { int n; __device__ S(int a) : n(a) { assert(a > 0); } };\n__global__ void k(int *p) { S s(p[0]); p[1] = s.n; }\n');
    assert.deepEqual(t.diagnostics.filter((d) => d.code === 'C2M1016' || d.severity === 'error'), []);
    assert.match(t.msl, /S\(uint3 threadIdx, uint3 blockIdx, uint3 gridDim, device uint\* cu2m_printf_buffer, int a\) : n\(a\) \{ \(\(a > 0\) \? \(void\)0 : cu2m_assert_fail\(cu2m_printf_buffer, blockIdx, gridDim, threadIdx, 0x[0-9a-f]+u\)\); \}/);
    assert.match(t.msl, /S s\(threadIdx, blockIdx, gridDim, cu2m_printf_buffer, \(p\[0\]\)\);/);
  });
  test('an operator using built-ins is still refused', () => {
    assert.match(errors('struct V { float x; __device__ V operator+(float s) const { return V{x + s + threadIdx.x}; } };\n__global__ void k(float *p) { V v{p[0]}; p[1] = (v + 2.0f).x; }\n').join('\n'), /C2M1001 member function 'operator\+' uses threadIdx; built-ins in operators and copy constructors are not translated/);
  });
});

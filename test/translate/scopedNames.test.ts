// Unit checks of the helpers behind qualified names and namespaces: enumerators from nm's casts
// (enumArgs.ts), instances of namespaced kernel templates in nm output (templates.ts), qualifier
// stripping of the flat MSL (namespaces.ts), static locals (staticLocals.ts) and bare value
// template arguments (scopedNames.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { enumeratorArgs, enumsOf } from '../../src/translate/enumArgs';
import { instanceHostName, instancesInSymbols } from '../../src/translate/templates';
import { translateSource } from '../../src/translate/index';

test('nm casts of enumerators are spelled as clang\'s __PRETTY_FUNCTION__ spells them', () => {
  const enums = enumsOf('enum class Mode { Add, Scale };\nenum Dir { X, Y = 5, Z };\nenum class Big : int { A = 0x10, B };\nenum Odd { P = 1 << 2, Q };');
  assert.deepEqual(enumeratorArgs(['float', '(Mode)1', '(Dir)6', '(Big)17', '(Mode)7', '(Odd)4', '256'], enums), ['float', 'Mode::Scale', 'Z', 'Big::B', '(Mode)7', '(Odd)4', '256']);
  assert.equal(instanceHostName({ template: 'k', args: enumeratorArgs(['float', '(Mode)0'], enums) }), 'k_float_Mode_Add');
  // An enum of a namespace (the MSL is flat, nm qualifies it): the enumerator keeps the namespace,
  // as the host's launch names the instance (`cub::BLOCK_LOAD_WARP_TRANSPOSE`, blockScan).
  assert.deepEqual(enumeratorArgs(['(cub::BlockLoadAlgorithm)4', '(a::b::Mode)1', '(cub::Unknown)2'], new Map([...enumsOf('enum BlockLoadAlgorithm { D, S, V, T, W };'), ...enums])), ['cub::W', 'a::b::Mode::Scale', '(cub::Unknown)2']);
  assert.equal(instanceHostName({ template: 'k', args: enumeratorArgs(['64', '(cub::BlockLoadAlgorithm)4'], enumsOf('enum BlockLoadAlgorithm { D, S, V, T, W };')) }), 'k_64_cub_W');
});

test('instances of a kernel template inside a namespace are read from its qualified symbols only', () => {
  const nm = ['0000 W void ops::iota<int, 32>(int*, int)', '0000 W void other::iota<float, 8>(float*, float)', '0000 W void iota<short, 4>(short*, short)'].join('\n');
  assert.deepEqual(instancesInSymbols(nm, new Set(['iota']), new Map([['iota', 'ops::']])).map(instanceHostName).sort(), ['iota_int_32', 'iota_short_4']);
  assert.deepEqual(instancesInSymbols(nm, new Set(['iota'])).map(instanceHostName), ['iota_short_4']);
});

test('the flat MSL loses the qualifiers of the file\'s namespaces, not those in strings or of metal::', () => {
  const src = 'namespace a::b { constexpr int N = 4; __device__ int f(int x) { return x + N; } }\nnamespace q = a::b;\n__global__ void k(int *p) { printf("a::b::N\\n"); p[0] = a::b::f(q::N) + ::a::b::N + metal_like(); }\n__device__ int metal_like() { return 1; }\n';
  const t = translateSource('ns.cu', src);
  assert.deepEqual(t.diagnostics.filter((d) => d.severity === 'error'), []);
  assert.match(t.msl, /^constant int N = 4;$/m);
  assert.match(t.msl, /p\[0\] = f\(N\) \+ ::N \+ metal_like\(\);/);
  assert.match(t.msl, /\/\* "a::b::N\\n" \*\//); // the format string, in its comment, as written
  assert.doesNotMatch(t.msl.replace(/\/\*[\s\S]*?\*\//g, ''), /\b(a|b|q)::/);
});

test('static constexpr and literal static const locals are constants; value template arguments are no types', () => {
  const src = 'template <typename T, int N> struct V { T v[N]; };\n#define W 3\ntemplate <int N> __global__ void k(float *p) {\n  static constexpr int c = 2;\n  static const float h = 0.5f;\n  constexpr int L = N + 1;\n  V<float, N> a; V<float, W> b; V<float, L> c2;\n  a.v[0] = p[0]; b.v[0] = h; c2.v[0] = c;\n  p[1] = a.v[0] + b.v[0] + c2.v[0];\n}\n';
  const t = translateSource('s.cu', src);
  assert.deepEqual(t.diagnostics.filter((d) => d.severity === 'error'), []);
  assert.match(t.msl, /^ {2}constexpr int c = 2;$/m);
  assert.match(t.msl, /^ {2}const float h = 0\.5f;$/m);
  const bad = translateSource('u.cu', '__global__ void k(float *p) {\n  V<float, Unknown> a;\n}\n');
  assert.match(bad.diagnostics.map((d) => d.message).join('\n'), /the type 'V<float, Unknown>'|the type 'Unknown'/);
});

test('a host function of the same name in a namespace does not hide the device function', () => {
  const src = '__device__ float twice(float x) { return 2 * x; }\n__global__ void k(float *p) { p[threadIdx.x] = twice(p[threadIdx.x]); }\nnamespace reference { void twice(float *p, int n) { for (int i = 0; i < n; i++) p[i] *= 2; } }\n';
  const t = translateSource('h.cu', src);
  assert.deepEqual(t.diagnostics.filter((d) => d.severity === 'error'), []);
  assert.match(t.msl, /^float twice\(float x\) \{ return 2 \* x; \}$/m);
  assert.doesNotMatch(t.msl, /void twice/);
});

test('static instances name typedef\'d and fixed-width type arguments canonically, as the host\'s launch does (one instantiation each)', () => {
  const src = [
    '#include <cstdint>',
    'typedef int scalar_t;',
    'template <typename T, int N> __global__ void k(T *p) { p[threadIdx.x] = T(N); }',
    'int main() { scalar_t *a = 0; uint32_t *b = 0; k<scalar_t, 4><<<1, 32>>>(a); k<uint32_t, 8><<<1, 32>>>(b); k<int, 4><<<1, 32>>>(a); return 0; }',
  ].join('\n');
  const t = translateSource('t.cu', src);
  assert.deepEqual(t.diagnostics.filter((d) => d.severity === 'error'), []);
  const lines = t.msl.split('\n').filter((l) => /host_name/.test(l));
  assert.deepEqual(lines, [
    'template [[host_name("k_int_4")]] [[kernel]] decltype(k<int, 4>) k<int, 4>;',
    'template [[host_name("k_unsigned_int_8")]] [[kernel]] decltype(k<unsigned int, 8>) k<unsigned int, 8>;',
  ]);
});

test('a static instance of a typedef\'d struct is named by the struct, as the host\'s launch does (curandStateXORWOW_t)', () => {
  const src = [
    'struct State { unsigned int v; };',
    'typedef struct State State_t;',
    'template <typename S> __global__ void k(unsigned int *p) { S s; s.v = threadIdx.x; p[threadIdx.x] = s.v; }',
    'int main() { unsigned int *a = 0; k<State_t><<<1, 32>>>(a); k<State><<<1, 32>>>(a); return 0; }',
  ].join('\n');
  const t = translateSource('t.cu', src);
  assert.deepEqual(t.diagnostics.filter((d) => d.severity === 'error'), []);
  assert.deepEqual(t.msl.split('\n').filter((l) => /host_name/.test(l)), ['template [[host_name("k_State")]] [[kernel]] decltype(k<State>) k<State>;']);
});


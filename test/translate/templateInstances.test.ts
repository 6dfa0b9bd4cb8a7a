// The instances of kernel and device templates that the typed view finds (src/translate/templateInstances.ts):
// launches inside host function templates, deduced launches, a switch over sizes, non-type arguments
// from constants, macros expanded by the preprocessor, explicit instantiations.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSource } from '../../src/parse/parse';
import { preprocess } from '../../src/parse/preprocess';
import { analyzeProgram } from '../../src/translate/program';
import { typedView } from '../../src/translate/typed';
import { macroNeedsExpansion } from '../../src/translate/index';
import { templateInstances } from '../../src/translate/templateInstances';

/** The instances of `fn` as `T=float,N=256` strings, sorted. */
function instancesOf(src: string, fn: string, viaPreprocessor = false): string[] {
  const text = viaPreprocessor ? preprocess('t.cu', src, { seeThrough: macroNeedsExpansion }).text : src;
  const program = analyzeProgram(parseSource('t.cu', text));
  const facts = program.definitions.get(fn);
  assert.ok(facts, `function ${fn}`);
  return typedView(program, facts)
    .instances()
    .map((i) => [...i.args].map(([k, v]) => `${k}=${v}`).join(','))
    .sort();
}

const KERNELS = `
template <typename T, int N> __global__ void k(T* p) { T x = p[0]; p[N - 1] = x; }
template <typename T> __global__ void copy(const T* a, T* b, int n) { b[0] = a[0]; }
`;

test('a launch inside a host template is seen once per instance of the host template: written out and deduced calls', () => {
  const src = `${KERNELS}
template <typename T> void run(T* p) { k<T, 128><<<1, 128>>>(p); }
int main() {
  float* f; int* i;
  run(f);        // T deduced from a float*
  run<int>(i);   // T written out
  return 0;
}`;
  assert.deepEqual(instancesOf(src, 'k'), ['T=float,N=128', 'T=int,N=128']);
  // The host template itself has its instances.
  assert.deepEqual(instancesOf(src, 'run'), ['T=float', 'T=int']);
});

test('a chain of host templates: the outer one binds the inner one, value parameters passed on and computed', () => {
  const src = `${KERNELS}
template <typename T, int B> void inner(T* p) { k<T, B / 2><<<1, B>>>(p); }
template <typename T> void outer(T* p, unsigned* u) { inner<T, 256>(p); inner<unsigned, 64>(u); }
int main() { double* d; unsigned* u; outer(d, u); return 0; }`;
  assert.deepEqual(instancesOf(src, 'k'), ['T=double,N=128', 'T=unsigned int,N=32']);
  assert.deepEqual(instancesOf(src, 'inner'), ['T=double,B=256', 'T=unsigned int,B=64']);
});

test('a deduced launch gives T from the pointer arguments, in main and inside a host template', () => {
  const src = `${KERNELS}
template <typename T> void twice(T* a, T* b) { copy<<<1, 1>>>(a, b, 1); }
int main() {
  float* fa; float* fb; short* s;
  copy<<<1, 1>>>(fa, fb, 4);
  twice(s, s);
  return 0;
}`;
  assert.deepEqual(instancesOf(src, 'copy'), ['T=float', 'T=short']);
});

test('a switch over block sizes gives one instance per case', () => {
  const src = `${KERNELS}
template <typename T> void pick(T* p, int threads) {
  switch (threads) {
    case 512: k<T, 512><<<1, 512>>>(p); break;
    case 256: k<T, 256><<<1, 256>>>(p); break;
    default: k<T, 32><<<1, 32>>>(p); break;
  }
}
int main() { float* f; pick(f, 256); return 0; }`;
  assert.deepEqual(instancesOf(src, 'k'), ['T=float,N=256', 'T=float,N=32', 'T=float,N=512']);
});

test('non-type arguments from constexpr values, local constants, enumerators and sizeof', () => {
  const src = `${KERNELS}
constexpr int kTile = 16;
enum Size { Small = 64, Large = 2 * Small };
enum class Mode { A = 3, B };
template <typename T> void bytes(T* p) { k<T, sizeof(T) * 8><<<1, 1>>>(p); }
int main() {
  const int block = 256;
  float* f; double* d; char* c;
  k<float, kTile><<<1, 1>>>(f);
  k<float, block><<<1, 1>>>(f);
  k<float, Large><<<1, 1>>>(f);
  k<float, (int)Mode::B><<<1, 1>>>(f);
  bytes(d);
  bytes(c);
  int n = 7;
  k<float, n><<<1, 1>>>(f); // a run-time value fixes only T
  return 0;
}`;
  assert.deepEqual(instancesOf(src, 'k'), ['T=char,N=8', 'T=double,N=64', 'T=float', 'T=float,N=128', 'T=float,N=16', 'T=float,N=256', 'T=float,N=4']);
});

test('a launch written in a macro is found where the preprocessor expands it', () => {
  const src = `${KERNELS}
#define LAUNCH(TYPE, SIZE, ptr) k<TYPE, SIZE><<<1, SIZE>>>(ptr)
template <typename T> void viaMacro(T* p) { LAUNCH(T, 64, p); }
int main() { int* i; viaMacro(i); LAUNCH(float, 32, (float*)0); return 0; }`;
  assert.deepEqual(instancesOf(src, 'k', true), ['T=float,N=32', 'T=int,N=64']);
});

test('explicit instantiations of a host template instantiate what it launches', () => {
  const src = `${KERNELS}
template <typename T> void reduceAll(T* p, int n) { k<T, 64><<<1, 64>>>(p); }
template void reduceAll<int>(int* p, int n);
template void reduceAll<double>(double* p, int n);`;
  assert.deepEqual(instancesOf(src, 'k'), ['T=double,N=64', 'T=int,N=64']);
});

test('instances say where they were found: the launch and its caller instance', () => {
  const src = `${KERNELS}
template <typename T> void run(T* p) { k<T, 128><<<1, 128>>>(p); }
int main() { float* f; run(f); return 0; }`;
  const program = analyzeProgram(parseSource('t.cu', src));
  const k = program.definitions.get('k')!;
  const found = templateInstances(program, k, (caller, args) => {
    const v = typedView(program, caller, args.size > 0 ? { templateArgs: args } : {});
    return { typeName: (e) => (v.typeOf(e).kind === 'pointer' ? 'float*' : null), resolve: (t) => (t === 'T' ? (args.get('T') ?? null) : t) };
  });
  assert.equal(found.length, 1);
  assert.equal(found[0]!.caller, 'run<float>');
  assert.equal(found[0]!.at?.startPosition.row, 4);
  assert.match(found[0]!.at!.text, /^k<T, 128><<</);
});

test('a host template never called, and a kernel template never launched, have no instances', () => {
  const src = `${KERNELS}
template <typename T> void unused(T* p) { k<T, 8><<<1, 8>>>(p); }
int main() { return 0; }`;
  assert.deepEqual(instancesOf(src, 'k'), []);
  assert.deepEqual(instancesOf(src, 'copy'), []);
});

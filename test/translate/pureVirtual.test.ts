// A pure virtual member of a class nothing derives from can never be called (cuda-samples'
// cudasharedmem.h makes the primary `SharedMemory<T>` abstract so that only its specialisations
// compile): it is dropped from the MSL. Other virtual members are devirtualised (src/translate/virtuals.ts).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { translateSource } from '../../src/translate/index';

const errors = (src: string): string[] => translateSource('v.cu', src).diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.message}`);

describe('virtual member functions', () => {
  const abstractPrimary = [
    'template <typename T> struct Box {',
    '  virtual __device__ T get(int i) = 0;',
    '};',
    'template <> struct Box<float> { float v; __device__ float get(int i) { return v + i; } };',
    '__global__ void k(float *p) { Box<float> b; b.v = 2; p[threadIdx.x] = b.get(threadIdx.x); }',
  ].join('\n');

  test('a pure virtual member of a class nothing derives from is dropped, with a comment', () => {
    const t = translateSource('v.cu', abstractPrimary);
    assert.deepEqual(errors(abstractPrimary), []);
    assert.match(t.msl, /\/\* pure virtual get\(\) omitted: nothing derives from this class, so it is never called \*\//);
    assert.doesNotMatch(t.msl, /\bvirtual\b(?! get\(\) omitted)/);
  });

  test('a base class template a non-template class derives from stays refused (C2M1001); a virtual member with a body of a class nothing derives from is devirtualised', () => {
    const derived = `${abstractPrimary}\nstruct Two : public Box<int> { __device__ int get(int i) { return 2 * i; } };`;
    assert.ok(errors(derived).some((e) => e.startsWith("C2M1001 'Two' derives from 'Box<int>'")), errors(derived).join('\n'));
    const plain = 'struct B { float r; __device__ virtual float a() { return r; } };\n__global__ void k(float *p) { B b; b.r = 1; p[0] = b.a(); }';
    assert.deepEqual(errors(plain), []);
    assert.match(translateSource('v.cu', plain).msl, /p\[0\] = B_a\(&b\);/);
  });
});

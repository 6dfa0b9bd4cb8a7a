// Which structs are shared-memory accessor types (src/translate/sharedAccessor.ts), and the names
// explicit specialisations are grouped under (program.ts baseName).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSource } from '../../src/parse/parse';
import { analyzeProgram, baseName } from '../../src/translate/program';
import { sharedAccessors } from '../../src/translate/sharedAccessor';

const accessorsOf = (text: string): string[] => [...sharedAccessors(analyzeProgram(parseSource('a.cu', text))).keys()].sort();

test('accessor types: conversion operators and getters that return an extern __shared__ array, specialisations and guards merged', () => {
  const text = [
    'template <class T> struct Conv { __device__ operator T *() { extern __shared__ int w[]; return (T *)w; } };',
    'struct Getter { __device__ float *get() { extern __shared__ float f[]; return reinterpret_cast<float *>(f); } };',
    'template <typename T> struct Guard { __device__ T *p() { extern __device__ void no(void); no(); return NULL; } };',
    'template <> struct Guard<int> { __device__ int *p() { extern __shared__ int gi[]; return gi; } };',
    // Not accessors: a data member, a member doing more, a guard with no real specialisation.
    'struct Data { int n; __device__ int *get() { extern __shared__ int d[]; return d; } };',
    'struct More { __device__ int *get() { extern __shared__ int m[]; m[0] = 1; return m; } };',
    'template <typename T> struct OnlyGuard { __device__ T *p() { return NULL; } };',
    '__global__ void k(float *q) { q[0] = 1; }',
  ].join('\n');
  assert.deepEqual(accessorsOf(text), ['Conv', 'Getter', 'Guard']);
  const a = sharedAccessors(analyzeProgram(parseSource('a.cu', text)));
  assert.equal(a.get('Guard')?.array, 'gi');
  assert.equal(a.get('Conv')?.conversion, true);
  assert.deepEqual([...(a.get('Getter')?.getters ?? [])], ['get']);
});

test('a specialisation that is not an accessor removes the name', () => {
  assert.deepEqual(accessorsOf('template <class T> struct S { __device__ operator T *() { extern __shared__ int w[]; return (T *)w; } };\ntemplate <> struct S<int> { int x; };\n'), []);
});

test('baseName: template arguments of a specialisation go, operators keep their name', () => {
  assert.equal(baseName('warpReduceSum<int>'), 'warpReduceSum');
  assert.equal(baseName('f< float, 2 >'), 'f');
  assert.equal(baseName('operator<'), 'operator<');
  assert.equal(baseName('operator<<'), 'operator<<');
  assert.equal(baseName('plain'), 'plain');
});

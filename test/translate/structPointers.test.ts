// Pointer fields of structs: the offsetof designators the Metal backend needs (structPointers.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSource } from '../../src/parse/parse';
import { analyzeProgram } from '../../src/translate/program';
import { isPointerField, pointerFieldPaths } from '../../src/translate/structPointers';

const program = (src: string) => analyzeProgram(parseSource('s.cu', src));

test('nested structs, typedef names, arrays of pointers and arrays of structs give one designator per pointer', () => {
  const p = program('#define N 2\nstruct In { int n; float* ptr; };\ntypedef struct Outer_ { char c; In inner[N]; const double* d; int* pair[2]; } Outer;\nstruct Plain { int a; float b[4]; };\n');
  assert.deepEqual(pointerFieldPaths(p, 'In'), ['ptr']);
  assert.deepEqual(pointerFieldPaths(p, 'Outer'), ['inner[0].ptr', 'inner[1].ptr', 'd', 'pair[0]', 'pair[1]']);
  assert.deepEqual(pointerFieldPaths(p, 'const struct Outer_'), ['inner[0].ptr', 'inner[1].ptr', 'd', 'pair[0]', 'pair[1]']);
  assert.deepEqual(pointerFieldPaths(p, 'Plain'), []);
  assert.deepEqual(pointerFieldPaths(p, 'float'), []);
  assert.equal(isPointerField(p, 'ptr'), true);
  assert.equal(isPointerField(p, 'b'), false);
});

test('an array of pointers whose size is not a constant cannot be listed: null', () => {
  const p = program('struct S { float* bufs[SIZE_FROM_ELSEWHERE]; };\n');
  assert.equal(pointerFieldPaths(p, 'S'), null);
});

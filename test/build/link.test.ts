// src/build/link.ts: the MSL of several .cu files as one module.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { combineMsl, definedMacros, topLevelItems } from '../../src/build/link';

const A = [
  '#include <metal_stdlib>',
  'using namespace metal;',
  '#define N 4',
  '#line 3 "common.h"',
  'struct P { float a; };',
  '// shared helper',
  'inline float twice(float v) { return 2.0f * v; }',
  '#line 5 "a.cu"',
  'float helper(float v) { return v + N; }',
  'kernel void ka(device float* x [[buffer(0)]], uint3 threadIdx [[thread_position_in_threadgroup]]) {',
  '  x[threadIdx.x] = helper(twice(x[threadIdx.x]));',
  '}',
  '',
].join('\n');

const B = [
  '#include <metal_stdlib>',
  'using namespace metal;',
  '#define N 8',
  '#line 3 "common.h"',
  'struct P { float a; };',
  '// shared helper',
  'inline float twice(float v) { return 2.0f * v; }',
  '#line 4 "b.cu"',
  '/* uses a.cu */',
  'kernel void kb(device float* x [[buffer(0)]]) {',
  '  x[0] = helper(x[1]) + N; // "}" in a comment',
  '}',
  '',
].join('\n');

test('top-level items: functions end at their body, structs at their semicolon; directives and comments are not items', () => {
  const items = topLevelItems(A);
  const texts = items.map((i) => A.slice(i.start, i.end));
  assert.deepEqual(texts.slice(0, 3), ['using namespace metal;', 'struct P { float a; };', 'inline float twice(float v) { return 2.0f * v; }']);
  assert.deepEqual(
    items.filter((i) => i.fn).map((i) => [i.fn!.name, i.fn!.kernel]),
    [['twice', false], ['helper', false], ['ka', true]],
  );
  assert.equal(items.find((i) => i.fn?.name === 'helper')!.fn!.head, 'float helper(float v)');
  // braces inside strings and comments do not end a function
  assert.equal(topLevelItems(B).filter((i) => i.fn).length, 2);
});

test('one unit: unchanged', () => {
  assert.equal(combineMsl([{ file: 'a.cu', msl: A }]), A);
});

test('shared definitions once, macros undefined between files, forward declarations for later files', () => {
  const ab = combineMsl([{ file: 'a.cu', msl: A }, { file: 'b.cu', msl: B }]);
  assert.equal(ab.match(/struct P \{/g)?.length, 1);
  assert.equal(ab.match(/inline float twice/g)?.length, 1);
  assert.match(ab, /#undef N\n[\s\S]*#define N 8/);
  assert.doesNotMatch(ab, /forward declarations/, 'a.cu comes first: no forward declaration needed');
  // The blanked repeat keeps the line count, so the following #line mapping stays right.
  assert.equal(ab.split('\n').length, combineMsl([{ file: 'a.cu', msl: A }, { file: 'b.cu', msl: B.replace('struct P { float a; };', '') }]).split('\n').length);

  const ba = combineMsl([{ file: 'b.cu', msl: B }, { file: 'a.cu', msl: A }]);
  const fwd = ba.indexOf('float helper(float v); // defined in a.cu');
  assert.ok(fwd > 0 && fwd < ba.indexOf('kernel void kb'), 'declared before b.cu uses it');
  assert.ok(fwd > ba.indexOf('struct P'), "after b.cu's own types (the signature may use them)");
  assert.ok(fwd < ba.indexOf('// shared helper'), 'above the comment of the first function');
  assert.doesNotMatch(ba, /ka\(.*; \/\/ defined in/, 'kernels are never forward-declared');
  assert.match(ba.slice(fwd), /^[^\n]*\n#line 4 "common\.h"\n\/\/ shared helper\n/, 'the mapping is restated after the inserted lines');
});

test('macro names', () => {
  assert.deepEqual(definedMacros('#define A 1\n  #  define B(x) x\n#undef C\n#define A 2\n'), ['A', 'B']);
});

test('a static function whose name another file defines differently is renamed in its file, calls included', () => {
  const one = '#line 1 "one.cu"\nstatic float f(float v) { return v + 1.0f; }\nstruct S { float f; };\nkernel void k1(device float* x [[buffer(0)]]) { x[0] = f(x[0]); }\n';
  const two = '#line 1 "two.cu"\nfloat f(float v) { return v * 2.0f; }\nkernel void k2(device S* s [[buffer(0)]]) { s->f = f(s->f); }\n';
  const m = combineMsl([{ file: 'one.cu', msl: one }, { file: 'two.cu', msl: two }]);
  assert.match(m, /static float f_one_cu\(float v\)/);
  assert.match(m, /x\[0\] = f_one_cu\(x\[0\]\)/);
  assert.match(m, /struct S \{ float f; \}/, 'a field of the same name is not a call');
  assert.match(m, /^float f\(float v\)/m, "the other file's f keeps its name");
  assert.match(m, /s->f = f\(s->f\)/);
  // The same static function in both files (one header): merged, not renamed.
  const same = combineMsl([{ file: 'one.cu', msl: one }, { file: 'three.cu', msl: one.replace('k1', 'k3') }]);
  assert.doesNotMatch(same, /f_one_cu|f_three_cu/);
  assert.equal(same.match(/static float f\(/g)?.length, 1);
});

test('a namespace block both files emit (the cooperative-groups prelude) is one item, kept once', () => {
  const ns = ['namespace cooperative_groups {', 'struct thread_block { uint3 tid; void sync() const { } };', 'inline void sync(thread const thread_block& g) { g.sync(); }', '} // namespace cooperative_groups'];
  const unit = (k: string): string => ['#include <metal_stdlib>', 'using namespace metal;', ...ns, `kernel void ${k}(device float* x [[buffer(0)]]) { x[0] = 1.0f; }`, ''].join('\n');
  const items = topLevelItems(unit('ka'));
  assert.equal(unit('ka').slice(items[1]!.start, items[1]!.end), ns.join('\n').replace(/ \/\/ namespace cooperative_groups$/, ''));
  const out = combineMsl([{ file: 'a.cu', msl: unit('ka') }, { file: 'b.cu', msl: unit('kb') }]);
  assert.equal(out.split('struct thread_block').length - 1, 1, out);
  assert.match(out, /kernel void kb/);
});

test('operators whose name has `=` (`operator==`, `operator<=`) are functions: each ends at its body and is emitted once', () => {
  const ops = ['struct D { uint bits; };', 'inline bool operator==(D a, D b) { return a.bits == b.bits; }', 'inline bool operator<=(D a, D b) { return a.bits <= b.bits; }'];
  const a = [...ops, 'inline D first(D a) { return a; }', 'kernel void ka(device D* x [[buffer(0)]]) { x[0] = first(x[1]); }', ''].join('\n');
  const b = [...ops, 'inline D second(D a) { return a; }', 'kernel void kb(device D* x [[buffer(0)]]) { x[0] = second(x[1]); }', ''].join('\n');
  const items = topLevelItems(a).map((i) => a.slice(i.start, i.end));
  assert.deepEqual(items.slice(1, 3), ops.slice(1));
  assert.equal(topLevelItems(a)[1]!.fn?.name, 'operator==');
  const out = combineMsl([{ file: 'a.cu', msl: a }, { file: 'b.cu', msl: b }]);
  assert.equal(out.match(/operator==/g)?.length, 1, out);
  assert.equal(out.match(/operator<=/g)?.length, 1, out);
  assert.match(out, /inline D second/);
});

test('lines of the software double\'s macro invocations (`CU2M_F64_MIXED(float) ...`) are items of their own', () => {
  const pre = ['#define CU2M_OPS(T) inline T twice(T v) { return v + v; }', 'CU2M_OPS(float) CU2M_OPS(int)', 'CU2M_OPS(uint)', '#undef CU2M_OPS'];
  const a = [...pre, 'inline float one(float v) { return v; }', ''].join('\n');
  const b = [...pre, 'inline float two(float v) { return v; }', ''].join('\n');
  const items = topLevelItems(a).map((i) => a.slice(i.start, i.end));
  assert.deepEqual(items, ['CU2M_OPS(float) CU2M_OPS(int)\nCU2M_OPS(uint)', 'inline float one(float v) { return v; }']);
  const out = combineMsl([{ file: 'a.cu', msl: a }, { file: 'b.cu', msl: b }]);
  assert.equal(out.match(/^CU2M_OPS\(float\)/gm)?.length, 1, out);
  assert.match(out, /inline float two/);
});

test('a namespace two files emit with different contents (the software double, pruned per file) keeps each item once', () => {
  const a = ['namespace lib {', 'enum mode { A = 0, B = 1 };', 'inline int f(int x, int m = A) { return x + m; }', '}', 'inline int useA(int x) { return lib::f(x); }', ''].join('\n');
  const b = ['namespace lib {', 'enum mode { A = 0, B = 1 };', 'inline int f(int x, int m = A) { return x + m; }', 'inline int g(int x) { return f(x, B); }', '}', 'inline int useB(int x) { return lib::g(x); }', ''].join('\n');
  const out = combineMsl([{ file: 'a.cu', msl: a }, { file: 'b.cu', msl: b }]);
  assert.equal(out.match(/enum mode/g)?.length, 1, out);
  assert.equal(out.match(/inline int f\(/g)?.length, 1, out);
  assert.match(out, /inline int g\(int x\)/);
  assert.equal(out.match(/^namespace lib \{$/gm)?.length, 2, out);
});

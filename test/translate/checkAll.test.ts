// `check` names every refused construct of a file, once each, with its line: not only the first,
// also in templates no launch instantiates, in device functions no kernel calls, across the
// address-space instances of a helper and across the .cu files of a program.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { Diagnostic } from '../../src/diagnostics/diagnostic';
import { translateSource } from '../../src/translate/index';
import { uniqueDiagnostics } from '../../src/translate/unique';
import { cu2metal, show } from '../helpers/cli';
import { GOLDEN } from '../helpers/paths';

const where = (ds: readonly Diagnostic[], severity = 'error'): string[] => ds.filter((d) => d.severity === severity).map((d) => `${d.start.line}:${d.start.column} ${d.code}`);

describe('check reports every construct', () => {
  test('a helper translated for device and threadgroup pointers reports its refusal once', () => {
    const src = [
      '__device__ float first(float *q) { __prof_trigger(10); return q[0]; }', // line 1
      '__global__ void k(float *p) {',
      '  __shared__ float s[32];',
      '  s[threadIdx.x] = p[0];',
      '  p[0] = first(p) + first(s);',
      '}',
      '__global__ void k2(float *p) { p[0] = first(p); }',
    ].join('\n');
    const t = translateSource('a.cu', src);
    assert.deepEqual(where(t.diagnostics), ['1:36 C2M1002']);
  });

  test('a kernel template no launch instantiates and one launched twice: every construct, once', () => {
    const src = [
      'template <typename T> __global__ void never(T *p) {', // 1
      '  p[0] = T(__cvta_generic_to_global(p));', // 2
      '  __prof_trigger(3);', // 3
      '}',
      'template <typename T> __global__ void twice(T *p) {', // 5
      '  p[0] = T(__cvta_generic_to_shared(p));', // 6
      '}',
      'template <typename T> __device__ T helper(T x) { return x + T(__cvta_generic_to_global(&x)); }', // 8
      '__global__ void k(float *p) { p[0] = helper<float>(p[1]); }', // 9
      'int main() { float *p = 0; int *q = 0; twice<float><<<1, 1>>>(p); twice<int><<<1, 1>>>(q); k<<<1, 1>>>(p); return 0; }',
    ].join('\n');
    const t = translateSource('t.cu', src);
    assert.deepEqual(where(t.diagnostics), ['2:12 C2M1002', '3:3 C2M1002', '6:12 C2M1002', '8:63 C2M1002']);
  });

  test('a device function no kernel calls: a warning, and every refusal in it as a note', () => {
    const src = [
      '__device__ float unused(float *q) {', // 1
      '  __prof_trigger(2);', // 2
      '  int *m = new int;', // 3
      '  return q[0] + __cvta_generic_to_global(q);', // 4
      '}',
      '__global__ void k(float *p) { p[0] = 1; }',
    ].join('\n');
    const t = translateSource('u.cu', src);
    assert.equal(t.ok, true, 'notes do not fail the translation');
    assert.deepEqual(where(t.diagnostics, 'warning'), ['1:1 C2M1014']);
    // `new int` (line 3) is translated: device new allocates from cu2metal's heap (deviceHeap.ts).
    assert.deepEqual(where(t.diagnostics, 'note'), ['2:3 C2M1002', '4:17 C2M1002']);
    assert.ok(t.diagnostics.filter((d) => d.severity === 'note').every((d) => d.message.endsWith("(in 'unused', which is not emitted)")));
  });

  test('a class template and a struct no device code uses: their __device__ members are checked, not emitted', () => {
    const src = [
      'template <typename T> struct Box {', // 1
      '  T v;',
      '  __device__ T get() { __prof_trigger(1); return v; }', // 3
      '  __host__ __device__ T both() { return v; }',
      '};',
      'struct Unused { float r; __device__ float g() { __prof_trigger(6); return r; } };', // 6
      'struct HostOnly { int *p; void f() {} };',
      '__global__ void k(float *p) { p[0] = 1; }',
    ].join('\n');
    const t = translateSource('b.cu', src);
    assert.equal(t.ok, true);
    assert.deepEqual(where(t.diagnostics, 'warning'), ['1:1 C2M1014', '6:1 C2M1014']);
    assert.deepEqual(where(t.diagnostics, 'note'), ['3:24 C2M1002', '6:49 C2M1002']);
    assert.doesNotMatch(t.msl, /Box|Unused|cu2m_|__prof_trigger/, 'nothing of the unused types (nor helpers) reaches the MSL');
  });

  test('function pointers: a function used as a value, a function-pointer variable (and no follow-up report of its calls)', () => {
    const src = [
      '__device__ float sq(float x) { return x * x; }',
      'typedef float (*fp_t)(float);',
      '__global__ void k(float *p) {', // 3
      '  fp_t f = sq;', // 4
      '  float (*g)(float) = &sq;', // 5
      '  p[0] = f(p[1]) + g(p[2]) + (sq)(p[3]) + sq(p[4]);', // 6
      '}',
    ].join('\n');
    const t = translateSource('f.cu', src);
    assert.deepEqual(where(t.diagnostics), ['4:12 C2M1001', '5:9 C2M1001']);
    assert.match(t.diagnostics[0]!.message, /function pointers are not supported in device code: 'sq' is used as a value/);
    assert.match(t.diagnostics[1]!.message, /'g' is a function pointer/);
  });

  test('a texture reference and a __managed__ variable are named as such, once each', () => {
    const src = ['texture<float, 2, cudaReadModeElementType> texRef;', '__managed__ int counter;', '__global__ void k(float *p) {', '  p[0] = tex2D(texRef, 0.5f, 0.5f);', '  counter++;', '}'].join('\n');
    const t = translateSource('r.cu', src);
    assert.deepEqual(where(t.diagnostics), ['4:16 C2M1001', '5:3 C2M1001']);
    assert.match(t.diagnostics[0]!.message, /texture references are not supported: 'texRef'/);
    assert.match(t.diagnostics[1]!.message, /__managed__ variables are not supported: allocate 'counter'/);
  });

  test('__builtin_expect / __builtin_assume / __builtin_unreachable: hints dropped through helpers', () => {
    const src = ['__global__ void k(int *p, int n) {', '  __builtin_assume(n > 0);', '  if (__builtin_expect(p[0] > 0, 1)) p[1] = n; else __builtin_unreachable();', '}'].join('\n');
    const t = translateSource('h.cu', src);
    assert.deepEqual(t.diagnostics, []);
    assert.match(t.msl, /inline long cu2m_expect\(long v, long\) \{ return v; \}/);
    assert.match(t.msl, /cu2m_assume\(n > 0\);/);
    assert.match(t.msl, /if \(cu2m_expect\(p\[0\] > 0, 1\)\) p\[1\] = n; else cu2m_unreachable\(\);/);
  });

  test('inside a try block (refused whole) the refused constructs nested in it too; a lambda body is translated, its refusals reported once', () => {
    const src = [
      '__device__ float sq(float x) { return x * x; }',
      '__global__ void k(float *p) {', // 2
      '  auto f = [](float x) { __prof_trigger(1); return sq(x); };', // 3
      '  try { free(p);  asm("trap;"); } catch (...) {}', // 4
      '  p[0] = f(p[1]);',
      '}',
    ].join('\n');
    const t = translateSource('l.cu', src);
    // free() is translated (deviceHeap.ts renames it cu2m_free): the asm after it keeps its column.
    assert.deepEqual(where(t.diagnostics), ['3:26 C2M1002', '4:3 C2M1001', '4:19 C2M1001']);
  });

  test('host code: headers of CUDA libraries and driver-API calls (not in #if 0, not the program\'s own cuXxx)', () => {
    const src = [
      '#include <cusolverDn.h>', // 1
      '#include <thrust/set_operations.h>', // 2 (a Thrust header cu2metal does not provide)
      '#include <cuda.h>',
      '#if 0',
      '#include <cufft.h>',
      '#endif',
      'static int cuMine(int x) { return x; }',
      '__global__ void k(float *p) { p[0] = 1; }',
      'int main() {', // 9
      '  cuInit(0);', // 10
      '  cuComplexHelper(1);',
      '  return cuMine(0);',
      '}',
    ].join('\n');
    const t = translateSource('lib.cu', src);
    assert.deepEqual(where(t.diagnostics), ['1:10 C2M2004', '2:10 C2M2004', '10:3 C2M2004']);
    assert.match(t.diagnostics[0]!.message, /<cusolverDn\.h> is a header of cuSOLVER/);
    assert.match(t.diagnostics[1]!.message, /of Thrust/);
    assert.match(t.diagnostics[2]!.message, /'cuInit' is a function of the CUDA driver API/);
  });

  test('cuRAND beyond the provided generators: a quasi-random state and a host function, each named once at the program\'s line', () => {
    const src = [
      '#include <curand.h>',
      '#include <curand_kernel.h>',
      '__global__ void k(curandStateSobol32 *s, float *p) {', // 3
      '  p[0] = curand_uniform(s);',
      '}',
      'int main() {',
      '  curandGenerator_t g;',
      '  curandCreateGenerator(&g, CURAND_RNG_QUASI_SOBOL32);',
      '  curandSetQuasiRandomGeneratorDimensions(g, 2);', // 9
      '  return 0;',
      '}',
    ].join('\n');
    const t = translateSource('q.cu', src);
    assert.deepEqual(where(t.diagnostics.filter((d) => d.severity === 'error')), ['3:19 C2M2004', '9:3 C2M2004']);
    assert.match(t.diagnostics.find((d) => d.start.line === 3)!.message, /'curandStateSobol32' is a type of cuRAND that cu2metal does not provide/);
    assert.match(t.diagnostics.find((d) => d.start.line === 9)!.message, /'curandSetQuasiRandomGeneratorDimensions' is a function of cuRAND/);
  });

  test('virtual member functions of a type device code uses: devirtualised; virtual inheritance refused at its line', () => {
    const src = ['struct S { float r; __device__ virtual float a() const { return r; } };', '__global__ void k(float *p) { S s; s.r = 1; p[0] = s.a(); }'].join('\n');
    const t = translateSource('v.cu', src);
    assert.deepEqual(where(t.diagnostics), []);
    assert.match(t.msl, /cu2m_type/);
    const bad = ['struct A { __device__ virtual int f() { return 1; } };', 'struct B : virtual A { __device__ int f() { return 2; } };', '__global__ void k(int *p) { B b; p[0] = b.f(); }'].join('\n');
    const u = translateSource('w.cu', bad);
    assert.ok(u.diagnostics.some((d) => d.severity === 'error' && d.start.line === 2 && /virtual inheritance/.test(d.message)), JSON.stringify(where(u.diagnostics)));
  });

  test('dynamic parallelism translates; a refused device runtime call is one report', () => {
    const src = [
      '__global__ void child(float *p) { p[0] = 1; }',
      '__global__ void parent(float *p) {',
      '  child<<<1, 1>>>(p);', // 3
      '  cudaDeviceSynchronize();', // 4
      '  float *q; cudaMalloc(&q, 4);', // 5
      '}',
      'int main() { float *p = 0; parent<<<1, 1>>>(p); return 0; }',
    ].join('\n');
    const t = translateSource('d.cu', src);
    const lines = t.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.start.line}:${d.start.column}`);
    assert.deepEqual(lines, [...new Set(lines)], `one diagnostic per construct: ${lines.join(', ')}`);
    assert.ok(!t.diagnostics.some((d) => d.start.line === 3), 'the launch is a record (src/translate/deviceLaunch.ts)');
    assert.ok(t.diagnostics.some((d) => d.start.line === 4 && /cudaDeviceSynchronize.*removed in CUDA 12/.test(d.message)));
    assert.ok(t.diagnostics.some((d) => d.start.line === 5 && /cudaMalloc/.test(d.message)));
  });

  test('uniqueDiagnostics keeps the first of repeats, and drops C2M2003 where C2M1002 refuses the same call', () => {
    const d = (code: Diagnostic['code'], line: number, message = 'm'): Diagnostic => ({ code, severity: 'error', message, file: 'x.cu', start: { line, column: 3 }, hint: '' });
    const a = d('C2M1002', 1);
    const out = uniqueDiagnostics([a, d('C2M1002', 1), d('C2M1002', 2), d('C2M2003', 1, 'x'), d('C2M2003', 4, 'y'), d('C2M1002', 1, 'other')]);
    assert.deepEqual(out.map((x) => `${x.code} ${x.start.line} ${x.message}`), ['C2M1002 1 m', 'C2M1002 2 m', 'C2M2003 4 y', 'C2M1002 1 other']);
    assert.equal(out[0], a);
  });
});

describe('cu2metal check (CLI)', () => {
  test('the golden file of many constructs: exit 3, every error listed with file:line:col, caret and code', async () => {
    const file = path.join(GOLDEN, 'errors', 'check_every_construct.cu');
    const r = await cu2metal(['check', '--no-build', file]);
    assert.equal(r.code, 3, show(r));
    const heads = r.stderr.split('\n').filter((l) => /: (error|warning|note): .*\[C2M\d{4}\]$/.test(l));
    const errors = heads.filter((l) => l.includes(': error: '));
    // (The exact list is the golden check_every_construct.diagnostics.txt; it shrank as constructs became
    // supported: launches from device code, virtual functions, device new/malloc, grid syncs in branches.)
    assert.ok(errors.length >= 12, `${errors.length} errors:\n${r.stderr}`);
    assert.equal(new Set(heads).size, heads.length, 'no diagnostic twice');
    assert.match(r.stderr, /\n {2}\d+ \| .*\n {2} +\| +\^/, 'a caret under the source line');
    assert.match(r.stderr, new RegExp(`${errors.length} error\\(s\\), 1 warning\\(s\\), 2 note\\(s\\)`));
  });

  test('a header two .cu files include: its refusal once', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-check-'));
    fs.writeFileSync(path.join(dir, 'h.cuh'), '__device__ inline float bad(float *p) { __prof_trigger(1); return p[0]; }\n');
    fs.writeFileSync(path.join(dir, 'a.cu'), '#include "h.cuh"\n__global__ void ka(float *p) { p[0] = bad(p); }\n');
    fs.writeFileSync(path.join(dir, 'b.cu'), '#include "h.cuh"\n__global__ void kb(float *p) { p[0] = bad(p); }\nint main() { return 0; }\n');
    const r = await cu2metal(['check', '--no-build', '--json', 'a.cu', 'b.cu'], { cwd: dir });
    assert.equal(r.code, 3, show(r));
    const json = JSON.parse(r.stdout) as { diagnostics: Diagnostic[] };
    assert.deepEqual(json.diagnostics.map((d) => `${path.basename(d.file)}:${d.start.line} ${d.code}`), ['h.cuh:1 C2M1002']);
    const text = await cu2metal(['check', '--no-build', 'a.cu', 'b.cu'], { cwd: dir });
    assert.equal(text.stderr.match(/: error: '__prof_trigger'/g)?.length, 1, show(text));
  });
});

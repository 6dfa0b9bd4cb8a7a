// APIs CUDA 13 removed (src/translate/tables/removedApis.ts): still translated, with a C2M1020
// warning at each use (line:col) naming the replacement; the _sync forms, a program's own function
// of a removed name and the CUB names CUDA 13 kept get none.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Diagnostic } from '../../src/diagnostics/diagnostic';
import { D } from '../../src/diagnostics/catalogue';
import { translateSource } from '../../src/translate/index';
import { REMOVED_APIS } from '../../src/translate/tables/removedApis';

const removed = (ds: readonly Diagnostic[]): string[] => ds.filter((d) => d.code === 'C2M1020').map((d) => `${d.start.line}:${d.start.column}-${d.end?.column ?? '?'} ${d.severity} ${d.message}`);

describe('C2M1020: APIs CUDA 13 removed', () => {
  test('pre-_sync votes and shuffles, __frsqrt_rz/rd/ru and cub::Max: warnings at each use, the MSL as before', () => {
    const src = [
      '#include <cub/cub.cuh>', // 1
      '__global__ void k(int *p, float *f) {',
      '  int v = __shfl_down(p[threadIdx.x], 1);', // 3
      '  if (__any(v > 0)) p[0] = __ballot(v) + __all(v) + __shfl_xor(v, 2) + __shfl(v, 0) + __shfl_up(v, 1);', // 4
      '  f[0] = __frsqrt_rz(f[1]) + __frsqrt_rd(f[1]) + __frsqrt_ru(f[1]) + __frsqrt_rn(f[1]);', // 5
      '  typedef cub::BlockReduce<int, 32> R;',
      '  __shared__ typename R::TempStorage t;',
      '  p[1] = R(t).Reduce(v, cub::Max()) + __shfl_sync(0xffffffffu, v, 0) + __any_sync(0xffffffffu, v);', // 8
      '}',
    ].join('\n');
    const t = translateSource('k.cu', src);
    assert.equal(t.ok, true, JSON.stringify(t.diagnostics));
    const w = removed(t.diagnostics);
    assert.deepEqual(w.map((s) => s.replace(/ warning '([\w:]+)'.*/, ' $1')), [
      '3:11-22 __shfl_down', '4:7-12 __any', '4:28-36 __ballot', '4:42-47 __all', '4:53-63 __shfl_xor', '4:72-78 __shfl', '4:87-96 __shfl_up',
      '5:10-21 __frsqrt_rz', '5:30-41 __frsqrt_rd', '5:50-61 __frsqrt_ru', '8:25-33 cub::Max',
    ]);
    assert.match(w[0]!, /'__shfl_down' is not in CUDA 13\.0 \(deprecated since CUDA 9\.0; .*\): write __shfl_down_sync\(0xffffffff, v, delta\)$/);
    assert.match(w.at(-1)!, /'cub::Max' is not in CUDA 13\.0 \(removed from CUB in CCCL 3\.0 \(CUDA 13\.0\)\): write cuda::maximum<>\{\}/);
    assert.equal(D.C2M1020.severity, 'warning');
    assert.match(t.msl, /simd_shuffle_down/);
    assert.match(t.msl, /Reduce\(threadIdx, blockDim, v, Max\(\)\)/);
  });

  test("a program's own __any and host-side cub iterators: only the CUB names are warned, at their line", () => {
    const src = [
      '#include <cub/cub.cuh>', // 1
      '__device__ int __any(int v) { return v != 0; }',
      '__global__ void k(int *p) { p[0] = __any(p[1]); }', // 3
      'struct Pos { __host__ __device__ bool operator()(int x) const { return x > 0; } };',
      'void host(const int *d) {',
      '  cub::TransformInputIterator<bool, Pos, const int *> it(d, Pos());', // 6
      '  cub::CountingInputIterator<int> c(0);', // 7
      '}',
    ].join('\n');
    const w = removed(translateSource('h.cu', src).diagnostics);
    assert.deepEqual(w.map((s) => s.replace(/ warning '([\w:]+)'.*/, ' $1')), ['6:3-30 cub::TransformInputIterator', '7:3-29 cub::CountingInputIterator']);
    assert.match(w[0]!, /write thrust::transform_iterator<Op, It>/);
  });

  test('the table: every row names a release and a replacement, no name twice', () => {
    const names = REMOVED_APIS.map((r) => r.name);
    assert.equal(new Set(names).size, names.length);
    for (const r of REMOVED_APIS) assert.ok(/^\d+\.\d+$/.test(r.removedIn) && r.replacement.length > 0, r.name);
  });
});

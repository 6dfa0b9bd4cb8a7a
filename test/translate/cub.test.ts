// CUB's block and warp collectives (native/include/cub, issue 6): `<cub/cub.cuh>` is found and
// translated like the program's own header, the storage references are `threadgroup`, the host
// program blanks the members that call barriers, and what is not provided is still refused (C2M2004).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Diagnostic } from '../../src/diagnostics/diagnostic';
import { unprovidedLibrary } from '../../src/host/libraries';
import { translateSource } from '../../src/translate/index';

const errors = (ds: readonly Diagnostic[]): string[] => ds.filter((d) => d.severity === 'error').map((d) => `${d.start.line}:${d.start.column} ${d.code} ${d.message}`);

const kernel = [
  '#include <cub/cub.cuh>', // 1
  'template <int THREADS>',
  '__global__ void sum(const float *in, float *out) {',
  '  typedef cub::BlockReduce<float, THREADS> BlockReduce;',
  '  __shared__ typename BlockReduce::TempStorage temp_storage;',
  '  float s = BlockReduce(temp_storage).Sum(in[threadIdx.x]);',
  '  if (threadIdx.x == 0) out[blockIdx.x] = s;',
  '}',
  'int main() { sum<128><<<1, 128>>>(nullptr, nullptr); return 0; }',
].join('\n');

describe('CUB collectives', () => {
  test('<cub/cub.cuh> is ours: no C2M2004, the class is in the MSL with threadgroup storage references', () => {
    const t = translateSource('k.cu', kernel);
    assert.deepEqual(errors(t.diagnostics), []);
    assert.match(t.msl, /class BlockReduce \{/);
    assert.match(t.msl, /inline BlockReduce\(threadgroup TempStorage &temp_storage\) : temp\(temp_storage\) \{\}/);
    assert.match(t.msl, /threadgroup TempStorage &temp;/);
    assert.match(t.msl, /threadgroup typename BlockReduce::TempStorage temp_storage;/);
    // The members read the built-ins through hidden parameters.
    assert.match(t.msl, /float s = BlockReduce\(temp_storage\)\.Sum\(threadIdx, blockDim, in\[threadIdx\.x\]\);/);
    // `cub::` goes (the MSL is flat); inside the class, whose members are named Sum, the operator is CubSumOp.
    assert.deepEqual(t.msl.split('\n').filter((l) => /cub::/.test(l) && !/^\s*(\/\/|\/\*)/.test(l)), []);
    assert.match(t.msl, /struct CubSumOp \{/);
  });

  test('the host program blanks the members that call __syncthreads (the host has no barrier)', () => {
    const t = translateSource('k.cu', kernel);
    assert.match(t.host, /class BlockReduce/);
    assert.doesNotMatch(t.host, /__syncthreads\(\)/);
    assert.doesNotMatch(t.host, /__syncwarp\(\)/);
  });

  test('headers and names of CUB that are not provided are still C2M2004, naming them', () => {
    assert.equal(unprovidedLibrary('cub/cub.cuh'), undefined);
    assert.equal(unprovidedLibrary('cub/block/block_reduce.cuh'), undefined);
    assert.equal(unprovidedLibrary('cub/util_type.cuh'), undefined);
    assert.equal(unprovidedLibrary('cub/device/device_reduce.cuh'), 'CUB');
    assert.equal(unprovidedLibrary('cub/block/block_load.cuh'), 'CUB');
    const src = [
      '#include <cub/device/device_scan.cuh>', // 1
      '#include <cub/cub.cuh>',
      '__global__ void k(int *p) { p[0] = 1; }',
      'int main() {',
      '  void *tmp = nullptr; size_t bytes = 0; int *d = nullptr;',
      '  cub::DeviceScan::ExclusiveSum(tmp, bytes, d, d, 8);', // 6
      '  cub::DeviceScan::InclusiveSum(tmp, bytes, d, d, 8);',
      '  return 0;',
      '}',
    ].join('\n');
    const t = translateSource('d.cu', src);
    const e = errors(t.diagnostics);
    assert.equal(e.length, 2, e.join('\n'));
    assert.match(e[0]!, /^1:10 C2M2004 <cub\/device\/device_scan\.cuh> is a header of CUB/);
    assert.match(e[1]!, /^6:3 C2M2004 'cub::DeviceScan' is a part of CUB that cu2metal does not provide/);
  });

  test("the program's own Max beside cub's: only the program's is in the MSL; naming both is refused", () => {
    const own = [
      '#include <cub/cub.cuh>',
      'struct Max {',
      '  template <typename T> __device__ T operator()(const T &a, const T &b) const { return a > b ? a : b; }',
      '};',
      '__global__ void k(const float *in, float *out) {',
      '  using BlockReduce = cub::BlockReduce<float, 64>;',
      '  __shared__ typename BlockReduce::TempStorage t;',
      '  float m = BlockReduce(t).Reduce(in[threadIdx.x], Max());',
      '  if (threadIdx.x == 0) out[0] = m;',
      '}',
    ];
    const t = translateSource('m.cu', own.join('\n'));
    assert.deepEqual(errors(t.diagnostics), []);
    assert.equal(t.msl.match(/^struct Max \{/gm)?.length, 1);
    assert.match(t.msl, /a > b \? a : b/);
    const both = translateSource('b.cu', [...own, '__global__ void k2(const float *in, float *out) {', '  using R = cub::BlockReduce<float, 64>;', '  __shared__ typename R::TempStorage t;', '  float m = R(t).Reduce(in[threadIdx.x], cub::Max());', '  if (threadIdx.x == 0) out[0] = m;', '}'].join('\n'));
    assert.deepEqual(errors(both.diagnostics).map((d) => d.replace(/ '.*/, '')), ['14:42 C2M1001']);
    assert.match(errors(both.diagnostics)[0]!, /'cub::Max' and the program's own 'Max' would be one name in the MSL/);
  });

  test('a device collective CUB has and we do not (BlockLoad) is named too', () => {
    const src = [
      '#include <cub/cub.cuh>',
      '__global__ void k(int *p) {',
      '  typedef cub::BlockLoad<int, 128, 4> Load;', // 3
      '  p[0] = 1;',
      '}',
    ].join('\n');
    const t = translateSource('l.cu', src);
    assert.ok(errors(t.diagnostics).some((d) => /^3:11 C2M2004 'cub::BlockLoad' is a part of CUB/.test(d)), errors(t.diagnostics).join('\n'));
  });
});

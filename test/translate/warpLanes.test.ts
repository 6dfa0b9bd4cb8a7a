// Shuffle lane and offset arguments count modulo 32 (PTX's shfl.sync takes their low five bits;
// Metal leaves a simd_shuffle index of 32 or more undefined): src/translate/warps.ts laneModulo32.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { translateSource } from '../../src/translate/index';
import { laneModulo32 } from '../../src/translate/warps';

test('a literal below 32 stays as written; anything else is reduced modulo 32', () => {
  assert.equal(laneModulo32('16'), '16');
  assert.equal(laneModulo32('31u'), '31u');
  assert.equal(laneModulo32('32'), '32 & 31');
  assert.equal(laneModulo32('offset'), 'offset & 31');
  assert.equal(laneModulo32('s.lane'), 's.lane & 31');
  assert.equal(laneModulo32('threadIdx.x * 7'), '(threadIdx.x * 7) & 31');
});

test('every full-warp shuffle form reduces its lane or offset argument', () => {
  const src = `__global__ void k(int* o, int d) {
  int v = o[threadIdx.x];
  o[threadIdx.x] = __shfl_sync(0xffffffff, v, threadIdx.x * 7) + __shfl_up_sync(0xffffffff, v, d)
    + __shfl_down_sync(0xffffffff, v, 3) + __shfl_xor_sync(0xffffffff, v, d + 1) + __shfl(v, 40);
}`;
  const t = translateSource('k.cu', src);
  assert.deepEqual(t.diagnostics.filter((d) => d.severity === 'error'), []);
  assert.match(t.msl, /simd_shuffle\(v, ushort\(\(threadIdx\.x \* 7\) & 31\)\)/);
  assert.match(t.msl, /simd_shuffle_up\(v, ushort\(d & 31\)\)/);
  assert.match(t.msl, /simd_shuffle_down\(v, ushort\(3\)\)/);
  assert.match(t.msl, /simd_shuffle_xor\(v, ushort\(\(d \+ 1\) & 31\)\)/);
  assert.match(t.msl, /simd_shuffle\(v, ushort\(40 & 31\)\)/);
});

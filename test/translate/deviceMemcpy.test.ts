// memcpy/memset in device code (function.ts rewriteMemCall, tables/functions.ts): each pointer is
// cast to bytes in its own address space; an unknown space is C2M1005, never a guess.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { translateSource } from '../../src/translate/index';

test('memcpy/memset: byte pointers in the spaces of the arguments, one template helper each', () => {
  const t = translateSource(
    'a.cu',
    '__constant__ int c[4];\n__global__ void k(float* out, const float* in) {\n  __shared__ float s[32];\n  float l[2];\n  memcpy(l, in + 2, 8);\n  memcpy(s, c, 16);\n  memcpy(&out[1], l, sizeof(l));\n  memset(s, 0, 4);\n}\n',
  );
  assert.equal(t.ok, true, JSON.stringify(t.diagnostics));
  assert.ok(t.msl.includes('cu2m_memcpy((thread uchar*)(l), (const device uchar*)(in + 2), 8);'), t.msl);
  assert.ok(t.msl.includes('cu2m_memcpy((threadgroup uchar*)(s), (const constant uchar*)(c), 16);'), t.msl);
  assert.ok(t.msl.includes('cu2m_memcpy((device uchar*)(&out[1]), (const thread uchar*)(l), sizeof(l));'), t.msl);
  assert.ok(t.msl.includes('cu2m_memset((threadgroup uchar*)(s), 0, 4);'), t.msl);
  assert.equal(t.msl.match(/template <typename D, typename S> inline void cu2m_memcpy/g)?.length, 1, 'one helper');
});

test('memcpy: a pointer of unknown memory is C2M1005 at the argument; a wrong argument count is C2M1002', () => {
  // `f ? s : out` points into threadgroup or device memory: no MSL pointer type holds both.
  const t = translateSource('a.cu', '__global__ void k(float* out, int f) { __shared__ float s[4];\n  s[0] = 1;\n  memcpy(f ? s : out, out, 4);\n  memset(out, 0);\n}\n');
  assert.equal(t.ok, false);
  const at = (code: string, line: number): boolean => t.diagnostics.some((d) => d.code === code && d.start.line === line);
  assert.ok(at('C2M1005', 3), JSON.stringify(t.diagnostics));
  assert.ok(at('C2M1002', 4), JSON.stringify(t.diagnostics));
});

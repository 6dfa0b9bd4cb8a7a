import assert from 'node:assert/strict';
import { test } from 'node:test';
import { translateSource } from '../../src/translate/index';
import { evalIntExpression } from '../../src/translate/constEval';

test('integer constant expressions with macros, C integer division and suffixes', () => {
  const names = new Map([['TILE', '16'], ['PAD', '(TILE / 5)'], ['BIG', '1u << 10'], ['LOOP', 'LOOP + 1']]);
  assert.equal(evalIntExpression('TILE * (TILE + 1)', names), 272);
  assert.equal(evalIntExpression('PAD', names), 3);
  assert.equal(evalIntExpression('BIG - 0x10', names), 1008);
  assert.equal(evalIntExpression('-7 / 2', names), -3);
  assert.equal(evalIntExpression('n * 4', names), undefined, 'unknown name');
  assert.equal(evalIntExpression('LOOP', names), undefined, 'self-referential macro');
  assert.equal(evalIntExpression('4 / 0', names), undefined);
  assert.equal(evalIntExpression('sizeof(float)', names), undefined);
});

test('static threadgroup bytes in the manifest use Metal sizes (float3 takes 16)', () => {
  const src = '#define T 8\nconst int W = T * 2;\n__global__ void k(float* o) {\n  __shared__ float a[T][W + 1];\n  __shared__ float3 b[T];\n  o[0] = a[0][0] + b[0].x;\n}\n';
  const t = translateSource('k.cu', src);
  assert.equal(t.ok, true, JSON.stringify(t.diagnostics));
  assert.equal(t.manifest.kernels[0]?.staticThreadgroupBytes, 8 * 17 * 4 + 8 * 16);
  assert.match(t.host, /CU2M_KERNEL_USES_BARRIERS|cu2m_params, 0u, 672u\}/);
});

test('more than 32 KB of static __shared__ memory is an error naming the size', () => {
  const t = translateSource('big.cu', '__global__ void k(float* o) {\n  __shared__ float big[9000];\n  o[0] = big[0];\n}\n');
  assert.equal(t.ok, false);
  const d = t.diagnostics.find((x) => x.code === 'C2M1012');
  assert.ok(d);
  assert.match(d.message, /36000 bytes of __shared__ memory; Metal allows 32768/);
});

test('a size that is not a constant leaves the total unknown (null), not wrong', () => {
  const t = translateSource('n.cu', '__global__ void k(float* o, int n) {\n  __shared__ float s[sizeof(float) * 4];\n  o[0] = s[0];\n}\n');
  assert.equal(t.manifest.kernels[0]?.staticThreadgroupBytes, null);
});

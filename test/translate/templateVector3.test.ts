// cu2m_mem<T> of kernel templates (src/translate/templateVector3.ts): the manifest of an instance
// names the concrete memory type.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TEMPLATE_MEMORY_PRELUDE, resolveMemoryAlias } from '../../src/translate/templateVector3';

test('an instance\'s manifest types: cu2m_mem<float3> is packed_float3, other types are themselves', () => {
  assert.equal(resolveMemoryAlias('device const cu2m_mem<float3>*'), 'device const packed_float3*');
  assert.equal(resolveMemoryAlias('constant cu2m_mem<uchar3>&'), 'constant packed_uchar3&');
  assert.equal(resolveMemoryAlias('device cu2m_mem<float>*'), 'device float*');
  assert.equal(resolveMemoryAlias('device cu2m_mem<unsigned int>*'), 'device unsigned int*');
});

test('the prelude maps the 8/16/32-bit 3-vectors only (64-bit ones are refused at instantiation)', () => {
  assert.match(TEMPLATE_MEMORY_PRELUDE, /cu2m_mem_of<char3> \{ typedef packed_char3 type; \}/);
  assert.doesNotMatch(TEMPLATE_MEMORY_PRELUDE, /long3|dim3/);
});

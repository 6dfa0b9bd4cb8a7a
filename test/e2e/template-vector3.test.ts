// Kernel templates instantiated with 3-component vectors (k<float3>, k<int3>, k<uchar3>; refused
// with #error before): CUDA's layout in memory through cu2m_mem<T> (src/translate/templateVector3.ts).
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cu2metal, selfCheckingOnBothBackends, show } from '../helpers/cli';

const prog = path.join('test', 'fixtures', 'template_vec3', 'template_vec3.cu');

describe('kernel templates over 3-component vectors', () => {
  selfCheckingOnBothBackends(prog, 'k<float3>, k<int3>, k<uchar3>: buffers, __shared__, local pointers, by-value T and sizeof(T) with CUDA\'s layout', { copies: 6 });
  test('memory positions of T are cu2m_mem<T>, registers stay T', async () => {
    const r = await cu2metal(['translate', '--stdout', prog]);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /template <> struct cu2m_mem_of<float3> \{ typedef packed_float3 type; \};/);
    assert.match(r.stdout, /device const cu2m_mem<T>\* in \[\[buffer\(0\)\]\]/);
    assert.match(r.stdout, /threadgroup cu2m_mem<T> tile\[64\];/);
    assert.match(r.stdout, /^\s*T v = \*src;$/m);
    assert.match(r.stdout, /sizeof\(cu2m_mem<T>\)/);
  });
});

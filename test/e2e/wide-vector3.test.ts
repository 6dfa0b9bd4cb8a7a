// long3/ulong3/longlong3/ulonglong3 in memory keep CUDA's 24-byte layout (src/translate/wideVector3.ts):
// a self-checking program on both CPU backends and diffed, and the shape of the MSL.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cu2metal, selfCheckingOnBothBackends, show } from '../helpers/cli';

const prog = path.join('test', 'fixtures', 'wide_vector3', 'wide_vector3.cu');

describe('64-bit 3-component vectors in memory', () => {
  selfCheckingOnBothBackends(prog, `buffers, struct fields, __shared__, by-value parameter, byte casts, sizeof/alignof`, { copies: 4 });
  test('memory uses the 24-byte structs, registers keep long3; each struct is emitted once', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-test-'));
    const r = await cu2metal(['translate', prog, '-o', dir]);
    assert.equal(r.code, 0, show(r));
    const msl = fs.readFileSync(path.join(dir, 'wide_vector3.metal'), 'utf8');
    assert.equal(msl.match(/^struct cu2m_packed_long3 \{$/gm)?.length, 1);
    assert.equal(msl.match(/^struct cu2m_packed_ulong3 \{$/gm)?.length, 1);
    assert.match(msl, /operator long3\(\) const device \{ return long3\(x, y, z\); \}/);
    assert.match(msl, /long3 operator=\(long3 v\) threadgroup \{/);
    assert.match(msl, /struct Particle \{\s+int id;[^}]*cu2m_packed_long3 pos;\s+cu2m_packed_ulong3 vel;/);
    assert.match(msl, /threadgroup cu2m_packed_long3 tile\[4\];/);
    assert.match(msl, /constant cu2m_packed_long3& offset \[\[buffer\(3\)\]\]/);
    assert.match(msl, /long3 v = tile\[3 - i\];/);
    assert.match(msl, /void shift\(device cu2m_packed_long3 \*q, long by\)/);
    assert.match(msl, /out\[4\] = sizeof\(cu2m_packed_long3\);/);
  });
  test('a kernel template instantiated with a 64-bit 3-component vector (k<longlong3>) runs with CUDA\'s 24-byte layout on msl-cpu (k<uchar3> too); cuda-cpu agrees', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-test-'));
    const cu = path.join(dir, 'tvec3.cu');
    fs.writeFileSync(cu, [
      '#include <cstdio>',
      'template <typename T> __global__ void cp(T *p) { p[0] = p[1]; }',
      'int main() {',
      '  longlong3 h[2] = {make_longlong3(0, 0, 0), make_longlong3(1, 2, 3)};',
      '  longlong3 *d; cudaMalloc(&d, sizeof h); cudaMemcpy(d, h, sizeof h, cudaMemcpyHostToDevice);',
      '  cp<longlong3><<<1, 1>>>(d);',
      '  uchar3 *c; cudaMalloc(&c, 6); cp<<<1, 1>>>(c);',
      '  cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost);',
      '  printf("%lld %lld %lld\\n", h[0].x, h[0].y, h[0].z);',
      '  return 0;',
      '}',
    ].join('\n'));
    for (const backend of ['msl-cpu', 'cuda-cpu']) {
      const r = await cu2metal(['run', cu, '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^1 2 3$/m, backend);
    }
  });
  test('k<longlong3> and k<ulonglong3>: buffers written by the host, __shared__ T[], T* arithmetic, fields, sizeof(T) = 24; diff equal', async () => {
    const fixture = path.join('test', 'fixtures', 'wide_vector3', 'template_wide.cu');
    for (const backend of ['msl-cpu', 'cuda-cpu']) {
      const r = await cu2metal(['run', fixture, '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^longlong3: sizeof 24, 0 wrong, out\[3\] = 111 -4999999964 -4999999742$/m, backend);
      assert.match(r.stdout, /^ulonglong3: sizeof 24, 0 wrong, out\[3\] = 255 -4294967260 -4294966750$/m, backend);
    }
    const d = await cu2metal(['diff', fixture]);
    assert.equal(d.code, 0, show(d));
    assert.match(d.stdout, /OK: 4 of 4 copies match/);
  });
});

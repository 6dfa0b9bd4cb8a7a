// Cubemaps, tex2DLod/tex3DLod/tex2DGrad on one-level textures and tex2Dgather
// (src/translate/tables/textures.ts, native/include/cu2m/texture.h): a self-checking program on
// both CPU backends (every face, an edge, linear filtering within a face, a layered cubemap, the
// gather order), the `diff` of the two, and the MSL the calls become.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cu2metal, selfCheckingOnBothBackends, show } from '../helpers/cli';

const prog = path.join('test', 'fixtures', 'cubemap', 'cubemap.cu');

describe('cubemaps, lod/grad fetches, gather', () => {
  selfCheckingOnBothBackends(prog, `hand-worked faces, filtering, layers, lod/grad and gather values`, {
    copies: 3,
    extra: (r) => {
      assert.doesNotMatch(r.stdout, /FAILED/);
      // The 5-face cubemap is refused with a message.
      assert.match(r.stderr, /cubemap array needs width == height and a depth of 6/);
    },
  });
  test('mipmapped arrays stay refused, with the reason, at the call (C2M2003)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-test-'));
    const file = path.join(dir, 'mip.cu');
    fs.writeFileSync(file, '#include <cuda_runtime.h>\nint main() {\n  cudaMipmappedArray_t m;\n  cudaChannelFormatDesc d = cudaCreateChannelDesc<float>();\n  return cudaMallocMipmappedArray(&m, &d, make_cudaExtent(4, 4, 0), 3) != cudaSuccess;\n}\n');
    const r = await cu2metal(['check', file]);
    assert.notEqual(r.code, 0, show(r));
    assert.match(r.stderr + r.stdout, /mip\.cu:5:10: error: 'cudaMallocMipmappedArray' is not supported by the cu2metal runtime yet: mipmapped arrays are not supported: textures have one level.*\[C2M2003\]/);
  });
  test('texturecube(_array) bindings, sample with level/gradient2d, gather with component', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-test-'));
    const r = await cu2metal(['translate', prog, '-o', dir]);
    assert.equal(r.code, 0, show(r));
    const msl = fs.readFileSync(path.join(dir, 'cubemap.metal'), 'utf8');
    assert.match(msl, /texturecube<float, access::sample> cube \[\[texture\(0\)\]\], sampler cube_smp \[\[sampler\(0\)\]\]/);
    assert.match(msl, /texturecube_array<float, access::sample> layers \[\[texture\(2\)\]\]/);
    assert.match(msl, /out\[0\] = cube\.sample\(cube_smp, float3\(1\.0f, 0\.5f, 0\.5f\)\)\.x;/);
    assert.match(msl, /layers\.sample\(layers_smp, float3\(-0\.5f, 0\.5f, -1\.0f\), uint\(1\)\)\.x/);
    assert.match(msl, /img\.sample\(img_smp, float2\(2\.5f, 1\.5f\), level\(3\.0f\)\)\.x/);
    assert.match(msl, /img\.sample\(img_smp, float2\(2\.5f, 1\.5f\), gradient2d\(float2\(1\.0f, 0\.0f\), float2\(0\.0f, 1\.0f\)\)\)\.x/);
    assert.match(msl, /vol\.sample\(vol_smp, float3\(1\.5f, 0\.5f, 1\.5f\), level\(2\.0f\)\)\.x/);
    assert.match(msl, /g\[1\] = pairs\.gather\(pairs_smp, float2\(2\.0f, 2\.0f\), int2\(0\), component::y\);/);
    assert.match(msl, /layers\.sample\(layers_smp, float3\(-1\.0f, 0\.5f, 0\.5f\), uint\(1\), level\(2\.0f\)\)\.x/);
    assert.match(msl, /cube\.sample\(cube_smp, float3\(0\.5f, -1\.0f, -0\.5f\), level\(1\.5f\)\)\.x/);
    assert.match(msl, /stack\.sample\(stack_smp, float2\(1\.5f, 0\.5f\), uint\(2\), level\(4\.0f\)\)\.x/);
    assert.match(msl, /stack\.sample\(stack_smp, float2\(0\.5f, 1\.5f\), uint\(1\), gradient2d\(float2\(1\.0f, 0\.0f\), float2\(0\.0f, 1\.0f\)\)\)\.x/);
    // A run-time component: one gather per constant component.
    assert.match(msl, /g\[2\] = \(\(comp\) == 1 \? pairs\.gather\(pairs_smp, float2\(2\.0f, 2\.0f\), int2\(0\), component::y\) : /);
  });
});

// Texture and surface objects in device code (src/translate/textures.ts): bindings chosen from the
// tex*/surf* calls, the Metal method calls they become, the manifest and host stub entries.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { translateSource } from '../../src/translate/index';
import { chooseBinding, elementInfo, fromTexel, toTexel, TEXTURE_FUNCTION_BY_NAME, type TextureUse } from '../../src/translate/textures';

const ok = (body: string, params: string): ReturnType<typeof translateSource> => {
  const t = translateSource('t.cu', `__global__ void k(float* out, ${params}) {\n${body}\n}\n`);
  assert.equal(t.ok, true, JSON.stringify(t.diagnostics.map((d) => d.message)));
  return t;
};

test('tex2D<float> on a kernel parameter: texture2d + sampler parameters, sample(...).x', () => {
  const t = ok('out[0] = tex2D<float>(img, 0.5f, out[1]);', 'cudaTextureObject_t img');
  assert.match(t.msl, /texture2d<float, access::sample> img \[\[texture\(0\)\]\], sampler img_smp \[\[sampler\(0\)\]\]/);
  assert.match(t.msl, /out\[0\] = img\.sample\(img_smp, float2\(0\.5f, out\[1\]\)\)\.x;/);
  const k = t.manifest.kernels[0]!;
  assert.deepEqual(k.params.filter((p) => p.kind === 'texture' || p.kind === 'sampler').map((p) => [p.kind, p.index, p.attribute]), [['texture', 1, 'texture(0)'], ['sampler', 1, 'sampler(0)']]);
  assert.match(t.host, /\{"img", CU2M_ARG_TEXTURE, sizeof\(img\)/);
});

test('element types pick the Metal texture element and convert the texel', () => {
  const t = ok('out[0] = tex2D<uchar4>(a, 0.5f, 0.5f).x + tex3D<int2>(b, 1, 2, 3).y + tex2DLayered<float4>(c, 0, 0, 2).w;', 'cudaTextureObject_t a, cudaTextureObject_t b, cudaTextureObject_t c');
  assert.match(t.msl, /texture2d<uint, access::sample> a \[\[texture\(0\)\]\]/);
  assert.match(t.msl, /texture3d<int, access::sample> b \[\[texture\(1\)\]\]/);
  assert.match(t.msl, /texture2d_array<float, access::sample> c \[\[texture\(2\)\]\]/);
  assert.match(t.msl, /uchar4\(a\.sample\(a_smp, float2\(0\.5f, 0\.5f\)\)\)\.x/);
  assert.match(t.msl, /b\.sample\(b_smp, float3\(1, 2, 3\)\)\.xy\.y/);
  assert.match(t.msl, /c\.sample\(c_smp, float2\(0, 0\), uint\(2\)\)\.w/);
});

test('tex1Dfetch binds a texture_buffer without a sampler', () => {
  const t = ok('out[0] = tex1Dfetch<float>(lin, 7);', 'cudaTextureObject_t lin');
  assert.match(t.msl, /texture_buffer<float> lin \[\[texture\(0\)\]\]/);
  assert.doesNotMatch(t.msl, /lin_smp/);
  assert.match(t.msl, /lin\.read\(uint\(7\)\)\.x/);
});

test('surfaces: read_write textures, x in bytes divided by the element size, written value converted', () => {
  const t = ok('float v = surf2Dread<float>(s, 8, 1);\nsurf2Dwrite(v * 2.0f, s, 4, 1, cudaBoundaryModeTrap);\nsurf2Dwrite(make_uchar4(1, 2, 3, 4), c, 12, 0);', 'cudaSurfaceObject_t s, cudaSurfaceObject_t c');
  assert.match(t.msl, /texture2d<float, access::read_write> s \[\[texture\(0\)\]\]/);
  assert.match(t.msl, /texture2d<uint, access::read_write> c \[\[texture\(1\)\]\]/);
  assert.match(t.msl, /s\.read\(uint2\(\(8\) \/ 4, 1\)\)\.x/);
  assert.match(t.msl, /s\.write\(float4\(v \* 2\.0f\), uint2\(\(4\) \/ 4, 1\)\);/);
  assert.match(t.msl, /c\.write\(uint4\(uchar4\(1, 2, 3, 4\)\), uint2\(\(12\) \/ 4, 0\)\);/);
  assert.match(t.host, /\{"s", CU2M_ARG_SURFACE, sizeof\(s\)/);
});

test('diagnostics name the line: cubemap and 2D, mixed dimensions, a texture passed to a function, surfaces of unknown type', () => {
  const bad = (body: string, params: string, code: string, message: RegExp): void => {
    const t = translateSource('t.cu', `__device__ float f(cudaTextureObject_t t) { return 0; }\n__global__ void k(float* out, ${params}) {\n${body}\n}\n`);
    assert.equal(t.ok, false);
    const d = t.diagnostics.find((x) => x.severity === 'error');
    assert.ok(d, 'an error');
    assert.equal(d.code, code);
    assert.equal(d.start.line, body.includes('\n') ? 3 : d.start.line);
    assert.match(d.message, message);
  };
  bad('out[0] = texCubemap<float>(t, 1.0f, 0.0f, 0.0f) + tex2D<float>(t, 0, 0);', 'cudaTextureObject_t t', 'C2M1001', /both as a texturecube and as a texture2d/);
  bad('out[0] = tex2D<float>(t, 0, 0) + tex1D<float>(t, 0);', 'cudaTextureObject_t t', 'C2M1001', /both as a texture2d and as a texture1d/);
  bad('cudaTextureObject_t u = t;\nout[0] = f(u);', 'cudaTextureObject_t t', 'C2M1001', /used other than in tex\*\/surf\* calls/);
  bad('surf2Dwrite(sqrtf(out[0]), s, 0, 0);', 'cudaSurfaceObject_t s', 'C2M1001', /element type cannot be inferred/);
  bad('out[0] = tex2D<double>(t, 0, 0);', 'cudaTextureObject_t t', 'C2M1001', /'double'.*no Metal texture equivalent/);
});

test('a texture passed to device functions: texture + sampler parameters, the binding from the callee\'s uses', () => {
  const t = translateSource('t.cu', '__device__ float4 get(cudaTextureObject_t t, float x) { return tex1D<float4>(t, x); }\n__device__ float mid(float x, cudaTextureObject_t t) { return get(t, x).y; }\n__global__ void k(float* out, cudaTextureObject_t tex) { out[0] = mid(0.5f, tex); }\n');
  assert.equal(t.ok, true, JSON.stringify(t.diagnostics.map((d) => d.message)));
  assert.match(t.msl, /float4 get\(texture1d<float, access::sample> t, sampler t_smp, float x\) \{ return t\.sample\(t_smp, x\); \}/);
  assert.match(t.msl, /return get\(t, t_smp, x\)\.y;/);
  assert.match(t.msl, /texture1d<float, access::sample> tex \[\[texture\(0\)\]\], sampler tex_smp \[\[sampler\(0\)\]\]/);
  assert.match(t.msl, /out\[0\] = mid\(0\.5f, tex, tex_smp\);/);
  const bad = translateSource('t.cu', '__device__ float get(cudaTextureObject_t t) { return tex3D<float>(t, 0, 0, 0); }\n__global__ void k(float* out, cudaTextureObject_t tex) { out[0] = get(tex) + tex2D<float>(tex, 0, 0); }\n');
  assert.equal(bad.ok, false);
  assert.match(bad.diagnostics.find((d) => d.severity === 'error')!.message, /texture3d.*texture2d|texture2d.*texture3d/);
});

test('chooseBinding, fromTexel and toTexel', () => {
  const use = (name: string, element: string | null): TextureUse => ({ row: TEXTURE_FUNCTION_BY_NAME.get(name)!, call: null as never, element });
  assert.deepEqual(chooseBinding('texture', [use('tex2D', 'float'), use('tex2D', 'float4')]), { kind: 'texture', mslType: 'texture2d<float, access::sample>', element: 'float', sampler: true });
  assert.equal(typeof chooseBinding('texture', [use('tex2D', 'float'), use('tex2D', 'int')]), 'string');
  assert.deepEqual(chooseBinding('texture', []), { kind: 'texture', mslType: 'texture2d<float, access::sample>', element: 'float', sampler: true });
  assert.equal(fromTexel('X', elementInfo('unsigned char')!, 'uint'), 'uchar(X.x)');
  assert.equal(fromTexel('X', elementInfo('float2')!, 'float'), 'X.xy');
  assert.equal(toTexel('v', elementInfo('short2')!, 'int'), 'int4(int2(v), 0, 0)');
  assert.equal(toTexel('v', elementInfo('float')!, 'float'), 'float4(v)');
});

test('cubemaps, lod/grad and gather: texturecube(_array), sample(..., level/gradient2d), gather(..., component)', () => {
  const t = ok('out[0] = texCubemap<float>(c, out[1], 0.0f, -1.0f) + texCubemapLayered<float>(cl, 1.0f, 0.0f, 0.0f, 3);\nout[2] = tex2DLod<float>(i, 0.5f, 0.5f, 2.0f) + tex2DGrad<float>(j, 0.5f, 0.5f, make_float2(1, 0), make_float2(0, 1)) + tex3DLod<float>(v, 0, 0, 0, 1.0f);\nfloat4 g = tex2Dgather<float4>(i, 1.0f, 2.0f, 3) + tex2Dgather<float4>(i, 1.0f, 2.0f);', 'cudaTextureObject_t c, cudaTextureObject_t cl, cudaTextureObject_t i, cudaTextureObject_t j, cudaTextureObject_t v');
  assert.match(t.msl, /texturecube<float, access::sample> c \[\[texture\(0\)\]\], sampler c_smp/);
  assert.match(t.msl, /texturecube_array<float, access::sample> cl \[\[texture\(1\)\]\]/);
  assert.match(t.msl, /c\.sample\(c_smp, float3\(out\[1\], 0\.0f, -1\.0f\)\)\.x \+ cl\.sample\(cl_smp, float3\(1\.0f, 0\.0f, 0\.0f\), uint\(3\)\)\.x/);
  assert.match(t.msl, /i\.sample\(i_smp, float2\(0\.5f, 0\.5f\), level\(2\.0f\)\)\.x/);
  assert.match(t.msl, /j\.sample\(j_smp, float2\(0\.5f, 0\.5f\), gradient2d\(float2\(1, 0\), float2\(0, 1\)\)\)\.x/);
  assert.match(t.msl, /v\.sample\(v_smp, float3\(0, 0, 0\), level\(1\.0f\)\)\.x/);
  assert.match(t.msl, /i\.gather\(i_smp, float2\(1\.0f, 2\.0f\), int2\(0\), component::w\) \+ i\.gather\(i_smp, float2\(1\.0f, 2\.0f\), int2\(0\), component::x\)/);
  assert.match(t.msl, /texture2d<float, access::sample> i \[\[texture\(2\)\]\]/);
});

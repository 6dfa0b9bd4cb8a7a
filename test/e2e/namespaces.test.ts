// Device code inside namespaces (src/translate/namespaces.ts): constants, a struct, helpers, a
// __constant__ table and kernels in nested namespaces, used qualified and through an alias, kernels
// launched as `sim::gpu::step<<<...>>>`. Both CPU backends run the self-checking program and agree;
// the MSL is flat; one name in two namespaces is refused.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cu2metal, show } from '../helpers/cli';

const prog = path.join('test', 'fixtures', 'namespaces', 'namespaces.cu');
const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-ns-'));

describe('device code inside namespaces', { concurrency: false }, () => {
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`sim::gpu::step<<<>>>, G::weigh<<<>>>, ops::c_weights, ops::iota<T, 32>: PASSED on ${backend}`, async () => {
      const r = await cu2metal(['run', prog, '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^x\[3\] = -4\.08676, out\[5\] = -9\.80823, iota 13 4\.5$/m, show(r));
      assert.match(r.stdout, /^PASSED$/m, show(r));
    });
  }
  test('diff: every copy matches the reference', async () => {
    const r = await cu2metal(['diff', prog]);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /'iota_int_32'/, show(r)); // from the host template ops::launchIota
    assert.match(r.stdout, /'iota_float_32'/, show(r)); // ops::iota<float, 32><<<...>>>
    assert.match(r.stdout, /OK: 4 of 4 copies match/, show(r));
  });
  test('the MSL is flat: no namespace, no qualifier naming one; the host keeps them', async () => {
    const dir = tmp();
    const r = await cu2metal(['translate', prog, '-o', dir]);
    assert.equal(r.code, 0, show(r));
    const msl = fs.readFileSync(path.join(dir, 'namespaces.metal'), 'utf8');
    assert.doesNotMatch(msl, /\bnamespace\s+(sim|gpu|ops|detail|G)\b/);
    assert.doesNotMatch(msl, /\b(sim|gpu|ops|detail|G)::/);
    assert.match(msl, /^constant int N = 1000;$/m);
    assert.match(msl, /^kernel void weigh\(device const Particle\* ps \[\[buffer\(0\)\]\]/m);
    assert.match(msl, /tile\[threadIdx\.x\] = i < N \? ::scale\(threadIdx, c_weights, ps\[i\]\.x\) : 0\.f;/);
    const host = fs.readFileSync(path.join(dir, 'namespaces.host.cpp'), 'utf8');
    assert.match(host, /CU2M_REGISTER_KERNEL\(cu2m_kernel, ::sim::gpu::step\);/);
    assert.match(host, /\(cu2mPushCallConfiguration\(blocks, THREADS\), G::weigh\(d, d_out\)\)/);
    assert.match(host, /cu2mRegisterSymbol\(\(const void\*\)&c_weights, sizeof\(c_weights\), "c_weights"\)/);
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'namespaces.manifest.json'), 'utf8')) as { kernels: { name: string; cppName?: string }[] };
    assert.deepEqual(manifest.kernels.map((k) => [k.name, k.cppName]), [['step', '::sim::gpu::step'], ['weigh', '::sim::gpu::weigh']]);
    assert.match(msl, /^template <typename T, int B>\nkernel void iota\(/m);
  });
  test('one device function name in two namespaces is refused (C2M1001), not merged', async () => {
    const dir = tmp();
    const file = path.join(dir, 'c.cu');
    fs.writeFileSync(file, 'namespace a { __device__ float f(float x) { return x; } }\nnamespace b { __device__ float f(float x) { return 2 * x; } }\n__global__ void k(float *p) { p[0] = a::f(p[0]) + b::f(p[1]); }\n');
    const r = await cu2metal(['check', '--no-build', file]);
    assert.equal(r.code, 3, show(r));
    assert.match(r.stderr, /c\.cu:2:15: error: 'f' is defined in namespace a and in namespace b; .* \[C2M1001\]/, show(r));
  });
});

describe('kernels defined with their namespace written out (tsne: `__global__ void tsne::utils::Broadcast...`)', { concurrency: false }, () => {
  const qualified = path.join('test', 'fixtures', 'namespaces', 'qualified_defs.cu');
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`a kernel template launched from a host template (explicitly instantiated, qualified) and a plain kernel: PASSED on ${backend}`, async () => {
      const r = await cu2metal(['run', qualified, '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.equal(r.stdout, 'of[120] = -30, oi[120] = 1201\nPASSED\n', show(r));
    });
  }
  test('the instances are named as a kernel defined inside the namespace', async () => {
    const dir = tmp();
    const r = await cu2metal(['translate', qualified, '-o', dir]);
    assert.equal(r.code, 0, show(r));
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'qualified_defs.manifest.json'), 'utf8')) as { kernels: { name: string; cppName?: string }[]; kernelTemplates?: { name: string; cppName?: string }[] };
    assert.deepEqual(manifest.kernels.map((k) => [k.name, k.cppName]), [['addOne', '::grid::utils::addOne']]);
    assert.deepEqual((manifest.kernelTemplates ?? []).map((k) => [k.name, k.cppName]), [['scaleRows', '::grid::utils::scaleRows']]);
  });
});

// compileModule (already-translated code) and device options.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { compileCuda, compileModule, openDevice } from '../../src/api/index';
import { translateSource } from '../../src/translate/index';

const SOURCE = `
__global__ void iota(unsigned* out, unsigned start) {
  unsigned i = blockIdx.x * blockDim.x + threadIdx.x;
  out[i] = start + i;
}
`;

test('compileModule loads translated MSL (msl-cpu) and an existing .so', async () => {
  const t = translateSource('iota.cu', SOURCE);
  assert.ok(t.ok);
  const dev = openDevice({ backend: 'msl-cpu' });
  const fromMsl = await compileModule(dev, { manifest: t.manifest, msl: t.msl });
  const out = dev.alloc(8 * 4);
  fromMsl.launch('iota', { grid: [2], block: [4] }, [out, { type: 'u32', value: 10 }]);
  assert.deepEqual(Array.from(out.read(Uint32Array)), [10, 11, 12, 13, 14, 15, 16, 17]);

  assert.match(fromMsl.path, /\.so$/);
  const fromSo = await compileModule(dev, { manifest: t.manifest, soPath: fromMsl.path });
  fromSo.launch('iota', { grid: [1], block: [8] }, [out, { type: 'u32', value: 100 }]);
  assert.deepEqual(Array.from(out.read(Uint32Array)), [100, 101, 102, 103, 104, 105, 106, 107]);

  await assert.rejects(compileModule(dev, { manifest: t.manifest }), { name: 'TypeError', message: /exactly one of msl, soPath and metalPath/ });
  await assert.rejects(compileModule(dev, { manifest: t.manifest, metalPath: 'x.metal' }), { name: 'TypeError', message: /metalPath is for the metal backend/ });
  await assert.rejects(compileModule(openDevice({ backend: 'cuda-cpu' }), { manifest: t.manifest, msl: t.msl }), { name: 'TypeError', message: /cuda-cpu backend runs the original CUDA code/ });
});

test('a manifest naming a kernel the module lacks is cudaErrorInvalidDeviceFunction at load', async () => {
  const t = translateSource('iota.cu', SOURCE);
  const dev = openDevice({ backend: 'msl-cpu' });
  const mod = await compileCuda(dev, SOURCE, { name: 'iota.cu' });
  const manifest = { ...t.manifest, kernels: [{ ...t.manifest.kernels[0]!, name: 'missing' }] };
  await assert.rejects(compileModule(dev, { manifest, soPath: mod.path }), { name: 'cudaErrorInvalidDeviceFunction', code: 98, message: /no symbol cu2m_entry_missing/ });
});

test('openDevice({ trace }) writes the runtime trace', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-api-trace-'));
  try {
    const dev = openDevice({ backend: 'cuda-cpu', threads: 1, trace: path.join(dir, 't') });
    const mod = await compileCuda(dev, SOURCE, { name: 'iota.cu' });
    const out = dev.alloc(4 * 4);
    mod.launch('iota', { grid: [1], block: [4] }, [out, { type: 'u32', value: 1 }]);
    assert.deepEqual(Array.from(out.read(Uint32Array)), [1, 2, 3, 4]);
    const events = fs.readFileSync(path.join(dir, 't.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(events[0], { event: 'launch', seq: 0, kernel: 'iota', grid: [1, 1, 1], block: [4, 1, 1], shared: 0 });
    assert.equal(events[1]!['event'], 'd2h');
    assert.equal(events[1]!['kernel'], 'iota');
    assert.equal(events[1]!['elem'], 'u32');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

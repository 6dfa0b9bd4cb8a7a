// Launch geometry, dynamic shared memory and pointer offsets through the launcher API.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compileCuda, openDevice, type Backend, type Device, type Module } from '../../src/api/index';

const KERNELS = `
__global__ void coords(int* out, int nx, int ny, int nz) {
  int x = blockIdx.x * blockDim.x + threadIdx.x;
  int y = blockIdx.y * blockDim.y + threadIdx.y;
  int z = blockIdx.z * blockDim.z + threadIdx.z;
  if (x < nx && y < ny && z < nz) {
    int i = (z * ny + y) * nx + x;
    out[3 * i] = x;
    out[3 * i + 1] = y;
    out[3 * i + 2] = z;
  }
}

__global__ void blockSum(const float* in, float* out, int n) {
  extern __shared__ float partial[];
  unsigned t = threadIdx.x;
  unsigned i = blockIdx.x * blockDim.x + t;
  partial[t] = i < n ? in[i] : 0.0f;
  __syncthreads();
  for (unsigned stride = blockDim.x / 2; stride > 0; stride >>= 1) {
    if (t < stride) partial[t] += partial[t + stride];
    __syncthreads();
  }
  if (t == 0) out[blockIdx.x] = partial[0];
}

__global__ void scale(float* a, float f, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) a[i] *= f;
}
`;

const SENTINEL = -1;

function checkCoords(dev: Device, mod: Module, grid: number[], block: number[], n: [number, number, number]): void {
  const [nx, ny, nz] = n;
  const out = dev.alloc(nx * ny * nz * 3 * 4).fill(0xff); // every int -1
  mod.launch('coords', { grid: grid as [number], block: block as [number] }, [out, { type: 'i32', value: nx }, { type: 'i32', value: ny }, { type: 'i32', value: nz }]);
  dev.synchronize();
  const got = out.read(Int32Array);
  for (let z = 0; z < nz; ++z)
    for (let y = 0; y < ny; ++y)
      for (let x = 0; x < nx; ++x) {
        const i = (z * ny + y) * nx + x;
        assert.deepEqual([got[3 * i], got[3 * i + 1], got[3 * i + 2]], [x, y, z], `element (${x},${y},${z})`);
      }
  assert.ok(!got.includes(SENTINEL), 'every element written');
}

for (const backend of ['msl-cpu', 'cuda-cpu'] as Backend[]) {
  describe(`launcher API on ${backend}`, () => {
    const dev = openDevice({ backend });
    const modP = compileCuda(dev, KERNELS, { name: 'launch.cu' });

    test('the device and the module say what they are', async () => {
      assert.equal(dev.backend, backend);
      assert.equal(dev.info.backend, backend);
      assert.equal(dev.info.maxThreadsPerBlock, 1024);
      const mod = await modP;
      assert.deepEqual(mod.kernels.map((k) => k.name), ['coords', 'blockSum', 'scale']);
      assert.deepEqual(mod.kernels[2]!.params.map((p) => [p.name, p.kind, p.cudaType]), [['a', 'buffer', 'float*'], ['f', 'scalar', 'float'], ['n', 'scalar', 'int']]);
      assert.deepEqual(mod.kernels[2]!.params[2]!.accepts, ['i32', 'u32']);
    });

    test('1D geometry: every element', async () => {
      const mod = await modP;
      checkCoords(dev, mod, [3], [7], [20, 1, 1]);
      checkCoords(dev, mod, [1], [1], [1, 1, 1]);
    });

    test('2D geometry: every element', async () => {
      checkCoords(dev, await modP, [2, 3], [4, 5], [7, 13, 1]);
    });

    test('3D geometry: every element (grid and block as numbers too)', async () => {
      const mod = await modP;
      checkCoords(dev, mod, [2, 2, 3], [3, 2, 2], [5, 4, 5]);
      const out = dev.alloc(6 * 3 * 4);
      mod.launch('coords', { grid: 2, block: 3 }, [out, { type: 'i32', value: 6 }, { type: 'i32', value: 1 }, { type: 'i32', value: 1 }]);
      assert.deepEqual(Array.from(out.read(Int32Array)), [0, 0, 0, 1, 0, 0, 2, 0, 0, 3, 0, 0, 4, 0, 0, 5, 0, 0]);
    });

    test('dynamic shared memory: a block reduction with extern __shared__', async () => {
      const mod = await modP;
      const n = 500;
      const block = 128;
      const blocks = Math.ceil(n / block);
      const input = Float32Array.from({ length: n }, (_, i) => i + 1);
      const inBuf = dev.buffer(input);
      const outBuf = dev.alloc(blocks * 4);
      mod.launch('blockSum', { grid: [blocks], block: [block], sharedMemBytes: block * 4 }, [inBuf, outBuf, { type: 'i32', value: n }]);
      dev.synchronize();
      const expected = Array.from({ length: blocks }, (_, b) => input.slice(b * block, (b + 1) * block).reduce((s, v) => s + v, 0));
      assert.deepEqual(Array.from(outBuf.read(Float32Array)), expected);
    });

    test('{ buffer, offset } arguments point into a buffer (d_a + k)', async () => {
      const mod = await modP;
      const a = dev.buffer(new Float32Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
      mod.launch('scale', { grid: [1], block: [32] }, [{ buffer: a, offset: 4 * 4 }, { type: 'f32', value: 10 }, { type: 'i32', value: 3 }]);
      mod.launch('scale', { grid: [1], block: [32] }, [a.at(9 * 4), { type: 'f32', value: -1 }, { type: 'i32', value: 1 }]);
      assert.deepEqual(Array.from(a.read(Float32Array)), [0, 1, 2, 3, 40, 50, 60, 7, 8, -9]);
      // a pointer one past the end is legal as long as nothing is accessed through it
      mod.launch('scale', { grid: [1], block: [32] }, [{ buffer: a, offset: 40 }, { type: 'f32', value: 2 }, { type: 'i32', value: 0 }]);
      assert.deepEqual(Array.from(a.read(Float32Array, 16, 3)), [40, 50, 60]);
    });

    test('buffers: write at an offset, readInto, fill, zero-filled alloc', () => {
      const b = dev.alloc(16);
      assert.deepEqual(Array.from(b.read()), new Array(16).fill(0));
      b.write(new Uint16Array([0x0201, 0x0403]), 4).fill(9, 12);
      assert.deepEqual(Array.from(b.read()), [0, 0, 0, 0, 1, 2, 3, 4, 0, 0, 0, 0, 9, 9, 9, 9]);
      const into = new Uint8Array(4);
      assert.equal(b.readInto(into, 4), into);
      assert.deepEqual(Array.from(into), [1, 2, 3, 4]);
      assert.equal(b.byteLength, 16);
      b.free();
      assert.equal(b.freed, true);
      b.free(); // idempotent
    });
  });
}

// A kernel with more than Metal's 31 buffers (src/translate/argumentBuffer.ts): the API gives each
// parameter its offset in the argument buffer (src/api/module.ts); on msl-cpu the runtime checks
// them against the MSL struct at the launch (native/runtime/cpu_backend.cpp).
describe('launcher API: a kernel with 36 parameters (an argument buffer)', () => {
  const outs = Array.from({ length: 32 }, (_, i) => `float* o${i}`).join(', ');
  const src = `__global__ void wide(${outs}, char c, long long big, short s, float f) {
  float* o[32] = {${Array.from({ length: 32 }, (_, i) => `o${i}`).join(', ')}};
  int i = threadIdx.x;
  for (int k = 0; k < 32; k++) o[k][i] = c + (float)big + s * 0.5f + f * k + i;
}
`;
  for (const backend of ['msl-cpu', 'cuda-cpu'] as Backend[]) {
    test(`every parameter reaches the kernel on ${backend}`, async () => {
      const dev = openDevice({ backend });
      const mod = await compileCuda(dev, src, { name: 'wide.cu' });
      const bufs = Array.from({ length: 32 }, () => dev.alloc(4 * 4));
      mod.launch('wide', { grid: [1], block: [4] }, [...bufs, { type: 'i8', value: 3 }, { type: 'i64', value: 1000n }, { type: 'i16', value: -6 }, { type: 'f32', value: 0.25 }]);
      for (let k = 0; k < 32; k++) assert.deepEqual(Array.from(bufs[k]!.read(Float32Array)), [0, 1, 2, 3].map((i) => 3 + 1000 - 3 + 0.25 * k + i), `o${k}`);
    });
  }
});

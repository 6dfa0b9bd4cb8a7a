// Errors: CudaError from the runtime, TypeError/RangeError before the native call, TranslationError.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CudaError, DeviceBuffer, TranslationError, compileCuda, openDevice, type KernelArg, type LaunchConfig } from '../../src/api/index';

const SOURCE = `
__global__ void fill(int* out, int value, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[i] = value;
}
__global__ void shared(float* out) {
  extern __shared__ float s[];
  s[threadIdx.x] = threadIdx.x;
  out[threadIdx.x] = s[threadIdx.x];
}
`;

const dev = openDevice({ backend: 'msl-cpu' });
const modP = compileCuda(dev, SOURCE, { name: 'errors.cu' });
const one: LaunchConfig = { grid: [1], block: [4] };

const isCudaError = (code: number, name: string, message?: RegExp) => (e: unknown): boolean => {
  assert.ok(e instanceof CudaError, `expected a CudaError, got ${String(e)}`);
  assert.ok(e instanceof Error);
  assert.equal(e.code, code);
  assert.equal(e.name, name);
  if (message) assert.match(e.message, message);
  return true;
};

/** Runs `f` and checks that the kernel did not run (the buffer it would fill stays zero). */
async function refusedBeforeLaunch(f: (out: DeviceBuffer, launch: (config: LaunchConfig, args: readonly KernelArg[]) => void) => void): Promise<void> {
  const mod = await modP;
  const out = dev.alloc(16);
  f(out, (config, args) => mod.launch('fill', config, args));
  assert.deepEqual(Array.from(out.read(Int32Array)), [0, 0, 0, 0], 'the kernel did not run');
}

test('a block of 2048 threads is cudaErrorInvalidValue (1) as in CUDA 13, with the runtime diagnostic', async () => {
  const mod = await modP;
  const out = dev.alloc(16);
  assert.throws(() => mod.launch('fill', { grid: [1], block: [2048] }, [out, { type: 'i32', value: 1 }, { type: 'i32', value: 4 }]),
    isCudaError(1, 'cudaErrorInvalidValue', /launch of kernel fill: block \(2048,1,1\) = 2048 threads exceeds the limits/));
  assert.throws(() => mod.launch('fill', { grid: [70000, 70000], block: [1] }, [out, { type: 'i32', value: 1 }, { type: 'i32', value: 4 }]),
    isCudaError(1, 'cudaErrorInvalidValue', /grid \(70000,70000,1\) exceeds the limits/));
  // the next launch is fine again, and its error does not linger
  mod.launch('fill', one, [out, { type: 'i32', value: 7 }, { type: 'i32', value: 4 }]);
  assert.deepEqual(Array.from(out.read(Int32Array)), [7, 7, 7, 7]);
});

test('too much dynamic shared memory is cudaErrorInvalidValue (1) naming the backend limit', async () => {
  const mod = await modP;
  const out = dev.alloc(16);
  assert.throws(() => mod.launch('shared', { grid: [1], block: [4], sharedMemBytes: 64 * 1024 }, [out]),
    isCudaError(1, 'cudaErrorInvalidValue', /65536 bytes of shared memory .* msl-cpu backend's limit of 32768 bytes/));
  mod.launch('shared', { grid: [1], block: [4], sharedMemBytes: 16 }, [out]);
  assert.deepEqual(Array.from(out.read(Float32Array)), [0, 1, 2, 3]);
});

test('a wrong argument count is a TypeError before the native call', () =>
  refusedBeforeLaunch((out, launch) => {
    assert.throws(() => launch(one, [out, { type: 'i32', value: 1 }]), {
      name: 'TypeError',
      message: "Module.launch('fill'): expected 3 arguments for fill(int* out, int value, int n), got 2",
    });
    assert.throws(() => launch(one, [out, { type: 'i32', value: 1 }, { type: 'i32', value: 4 }, { type: 'i32', value: 4 }]), TypeError);
  }));

test('a wrong scalar type, a bare number or an out-of-range value is refused before the native call', () =>
  refusedBeforeLaunch((out, launch) => {
    assert.throws(() => launch(one, [out, { type: 'i64', value: 1 }, { type: 'i32', value: 4 }]), {
      name: 'TypeError',
      message: "Module.launch('fill'): argument 1 ('int value') takes 'i32' or 'u32' (4 bytes), got 'i64'",
    });
    assert.throws(() => launch(one, [out, { type: 'f32', value: 1 }, { type: 'i32', value: 4 }]), /takes 'i32' or 'u32'/);
    assert.throws(() => launch(one, [out, 1 as unknown as KernelArg, { type: 'i32', value: 4 }]), {
      name: 'TypeError',
      message: /argument 1 \('int value'\): scalars need an explicit type, e\.g\. \{ type: 'i32', value: 1 \}/,
    });
    assert.throws(() => launch(one, [out, { type: 'int' } as unknown as KernelArg, { type: 'i32', value: 4 }]), TypeError);
    assert.throws(() => launch(one, [out, { type: 'float', value: 1 } as unknown as KernelArg, { type: 'i32', value: 4 }]), /unknown scalar type "float"/);
    assert.throws(() => launch(one, [out, { type: 'i32', value: 2 ** 31 }, { type: 'i32', value: 4 }]), { name: 'RangeError', message: /2147483648 is out of range for 'i32'/ });
    assert.throws(() => launch(one, [out, { type: 'i32', value: 1.5 }, { type: 'i32', value: 4 }]), { name: 'RangeError', message: /must be an integer, got 1\.5/ });
    assert.throws(() => launch(one, [out, { type: 'i32', value: 1n } as unknown as KernelArg, { type: 'i32', value: 4 }]), TypeError);
    assert.throws(() => launch(one, [{ type: 'i32', value: 1 }, { type: 'i32', value: 1 }, { type: 'i32', value: 4 }]), { name: 'TypeError', message: /argument 0 \('int\* out'\) is a pointer/ });
    assert.throws(() => launch(one, [out, out as unknown as KernelArg, { type: 'i32', value: 4 }]), { name: 'TypeError', message: /is a scalar, not a pointer/ });
  }));

test('bad geometry and offsets are TypeError/RangeError naming the argument', () =>
  refusedBeforeLaunch((out, launch) => {
    const a: KernelArg[] = [out, { type: 'i32', value: 1 }, { type: 'i32', value: 4 }];
    assert.throws(() => launch({ grid: [0], block: [4] }, a), { name: 'RangeError', message: /config\.grid\[0\] must be an integer from 1 to 4294967295, got 0/ });
    assert.throws(() => launch({ grid: [1, 1, 1, 1] as unknown as [number], block: [4] }, a), { name: 'TypeError', message: /config\.grid must be/ });
    assert.throws(() => launch({ grid: [1], block: ['4'] as unknown as [number] }, a), { name: 'TypeError', message: /config\.block\[0\] must be a number/ });
    assert.throws(() => launch({ grid: [1], block: [4], sharedMemBytes: -1 }, a), RangeError);
    assert.throws(() => launch(one, [{ buffer: out, offset: 2 }, a[1]!, a[2]!]), { name: 'RangeError', message: /offset 2 is not a multiple of the element size \(4 bytes\)/ });
    assert.throws(() => launch(one, [{ buffer: out, offset: 20 }, a[1]!, a[2]!]), { name: 'RangeError', message: /offset must be an integer from 0 to 16/ });
    const other = openDevice({ backend: 'msl-cpu' }).alloc(16);
    assert.throws(() => launch(one, [other, a[1]!, a[2]!]), { name: 'TypeError', message: /belongs to another device/ });
  }));

test('an unknown kernel name is cudaErrorInvalidDeviceFunction (98)', async () => {
  const mod = await modP;
  assert.throws(() => mod.launch('fil', one, []), isCudaError(98, 'cudaErrorInvalidDeviceFunction', /no kernel 'fil' in errors\.cu \(its kernels: fill, shared\)/));
});

test('using a freed buffer is cudaErrorInvalidValue (1)', async () => {
  const mod = await modP;
  const b = dev.buffer(new Int32Array([1, 2, 3, 4]));
  b.free();
  assert.throws(() => b.read(Int32Array), isCudaError(1, 'cudaErrorInvalidValue', /DeviceBuffer\.read: the buffer was freed/));
  assert.throws(() => b.write(new Int32Array(1)), isCudaError(1, 'cudaErrorInvalidValue', /write: the buffer was freed/));
  assert.throws(() => mod.launch('fill', one, [b, { type: 'i32', value: 1 }, { type: 'i32', value: 4 }]), isCudaError(1, 'cudaErrorInvalidValue', /argument 0 \('int\* out'\): the buffer was freed/));
});

test('reading or writing past the end is a RangeError', () => {
  const b = dev.alloc(8);
  assert.throws(() => b.read(Float64Array, 4), { name: 'RangeError', message: /4 bytes are not a whole number of Float64Array elements/ });
  assert.throws(() => b.read(Int32Array, 0, 3), RangeError);
  assert.throws(() => b.write(new Uint8Array(9)), { name: 'RangeError', message: /9 bytes at offset 0 run past the end of the 8-byte buffer/ });
  assert.throws(() => b.write('text' as unknown as Uint8Array), TypeError);
});

test('a translation error is a TranslationError carrying the rendered diagnostics', async () => {
  const bad = `__global__ void k(int* p) {\n  try { p[0] = 1; } catch (...) {}\n}\n`;
  await assert.rejects(compileCuda(dev, bad, { name: 'bad.cu' }), (e: unknown) => {
    assert.ok(e instanceof TranslationError);
    assert.equal(e.name, 'TranslationError');
    const d = e.diagnostics.find((x) => x.severity === 'error');
    assert.ok(d, 'an error diagnostic');
    assert.equal(d.file, 'bad.cu');
    assert.equal(d.start.line, 2);
    assert.ok(e.message.startsWith('cannot translate bad.cu:\nbad.cu:2:'), e.message);
    assert.match(e.message, /^bad\.cu:2:3: error: exceptions \(Metal has none\) is not supported in device code \[C2M1001\]$/m);
    assert.match(e.rendered, /2 \| {3}try \{ p\[0\] = 1; \} catch \(\.\.\.\) \{\}/);
    return true;
  });
});

test('arguments of the entry points are checked', async () => {
  assert.throws(() => openDevice({ backend: 'vulkan' as 'metal' }), { name: 'TypeError', message: /backend must be one of msl-cpu, cuda-cpu, metal/ });
  assert.throws(() => openDevice({ threads: -1 }), RangeError);
  assert.throws(() => dev.alloc(-1), RangeError);
  await assert.rejects(compileCuda({} as typeof dev, SOURCE), { name: 'TypeError', message: /must be a Device/ });
  await assert.rejects(compileCuda(dev, 42 as unknown as string), TypeError);
});

test('the metal backend outside macOS is cudaErrorInitializationError (3)', { skip: process.platform === 'darwin' ? 'this machine has Metal: the error case cannot happen' : false }, () => {
  assert.throws(() => openDevice({ backend: 'metal' }), isCudaError(3, 'cudaErrorInitializationError', /cannot start backend 'metal'/));
});

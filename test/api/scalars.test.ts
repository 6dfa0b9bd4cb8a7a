// Scalar kernel arguments: every type, C conversions, 64-bit values, double.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TranslationError, compileCuda, openDevice, type KernelArg } from '../../src/api/index';

const SCALARS = `
__global__ void scalars(long long* out, char a, unsigned char b, short c, unsigned short d, int e,
                        unsigned f, long long g, unsigned long long h, float i, bool j, size_t k) {
  out[0] = a; out[1] = b; out[2] = c; out[3] = d; out[4] = e; out[5] = f;
  out[6] = g; out[7] = (long long)h; out[8] = (long long)(i * 4.0f); out[9] = j ? 1 : 0;
  out[10] = (long long)k;
}
`;

const DOUBLE = `
__global__ void fine(float* out, double d) {
  out[0] = (float)((d - 1.0) * 1099511627776.0);
  out[1] = (float)d;
}
`;

for (const backend of ['msl-cpu', 'cuda-cpu'] as const) {
  describe(`scalar arguments on ${backend}`, () => {
    const dev = openDevice({ backend });
    const modP = compileCuda(dev, SCALARS, { name: 'scalars.cu' });

    const run = async (...scalars: KernelArg[]): Promise<BigInt64Array> => {
      const out = dev.alloc(11 * 8);
      (await modP).launch('scalars', { grid: [1], block: [1] }, [out, ...scalars]);
      return out.read(BigInt64Array);
    };

    test('every integer type, f32 and bool, at the ends of their ranges', async () => {
      const got = await run(
        { type: 'i8', value: -128 },
        { type: 'u8', value: 255 },
        { type: 'i16', value: -32768 },
        { type: 'u16', value: 65535 },
        { type: 'i32', value: -2147483648 },
        { type: 'u32', value: 4294967295 },
        { type: 'i64', value: -(2n ** 63n) },
        { type: 'u64', value: 2n ** 64n - 1n },
        { type: 'f32', value: 1.25 },
        { type: 'bool', value: true },
        { type: 'u64', value: 2n ** 40n + 3n },
      );
      assert.deepEqual(Array.from(got), [-128n, 255n, -32768n, 65535n, -2147483648n, 4294967295n, -(2n ** 63n), -1n, 5n, 1n, 2n ** 40n + 3n]);
    });

    test('64-bit types take safe-integer numbers too; bool false', async () => {
      const got = await run(
        { type: 'i8', value: 127 },
        { type: 'u8', value: 0 },
        { type: 'i16', value: 32767 },
        { type: 'u16', value: 0 },
        { type: 'i32', value: 2147483647 },
        { type: 'u32', value: 0 },
        { type: 'i64', value: Number.MIN_SAFE_INTEGER },
        { type: 'u64', value: Number.MAX_SAFE_INTEGER },
        { type: 'f32', value: -0.5 },
        { type: 'bool', value: false },
        { type: 'u64', value: 0 },
      );
      assert.deepEqual(Array.from(got), [127n, 0n, 32767n, 0n, 2147483647n, 0n, BigInt(Number.MIN_SAFE_INTEGER), BigInt(Number.MAX_SAFE_INTEGER), -2n, 0n, 0n]);
    });

    test('a type of the other signedness converts as C does', async () => {
      const got = await run(
        { type: 'u8', value: 200 }, // char a = 200 → -56
        { type: 'i8', value: -1 }, // unsigned char b = -1 → 255
        { type: 'u16', value: 40000 },
        { type: 'i16', value: -2 },
        { type: 'u32', value: 4294967295 }, // int e → -1
        { type: 'i32', value: -1 }, // unsigned f → 4294967295
        { type: 'u64', value: 2n ** 63n },
        { type: 'i64', value: -1n },
        { type: 'f32', value: 0 },
        { type: 'bool', value: true },
        { type: 'i64', value: 7 },
      );
      assert.deepEqual(Array.from(got), [-56n, 255n, 40000n - 65536n, 65534n, -1n, 4294967295n, -(2n ** 63n), -1n, 0n, 1n, 7n]);
    });

    test("a 'double' parameter is refused even with double: 'float' (its 8-byte layout cannot be demoted)", async () => {
      await assert.rejects(compileCuda(dev, DOUBLE, { name: 'double.cu', double: 'float' }), (e: unknown) => {
        assert.ok(e instanceof TranslationError);
        assert.ok(e.diagnostics.some((d) => d.code === 'C2M1003' && /8-byte layout cannot be demoted/.test(d.message)));
        return true;
      });
    });
  });
}

for (const backend of ['msl-cpu', 'cuda-cpu'] as const) {
  test(`a 'double' parameter keeps every bit by default (software double) on ${backend}`, async () => {
    const dev = openDevice({ backend });
    const mod = await compileCuda(dev, DOUBLE, { name: 'double.cu' });
    const out = dev.alloc(2 * 4);
    mod.launch('fine', { grid: [1], block: [1] }, [out, { type: 'f64', value: 1 + 2 ** -40 }]);
    // (d - 1) * 2^40 is 1 only when d arrives with its 53 bits (in float, d would be 1 and the result 0).
    assert.deepEqual(Array.from(out.read(Float32Array)), [1, 1]);
  });
}

test("'double' with double: 'error' is a TranslationError", async () => {
  const dev = openDevice({ backend: 'msl-cpu' });
  await assert.rejects(compileCuda(dev, DOUBLE, { name: 'double.cu', double: 'error' }), (e: unknown) => {
    assert.ok(e instanceof TranslationError);
    assert.ok(e.diagnostics.some((d) => d.severity === 'error' && /double/.test(d.message)));
    assert.match(e.message, /double\.cu:\d+:\d+: error: .*double/);
    return true;
  });
});

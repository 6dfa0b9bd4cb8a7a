// cuda_fp16.h, cuda_bf16.h and cuda_fp8.h programs, self-checking, on both CPU backends and through `diff`
// (bit for bit: both backends round through native/include/cu2m/fp16.h).
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cu2metal, show } from '../helpers/cli';

const fixture = (name: string): string => path.join('test', 'fixtures', 'half', name);
/** bfloat needs MSL 3.1: the bf16 program builds msl-cpu for it. */
const MSL31 = { CU2METAL_MSL_VERSION: '3.1' };

const programs: ReadonlyArray<readonly [string, string, NodeJS.ProcessEnv]> = [
  ['saxpy.cu', 'half2 SAXPY, a half dot product and the __half operators over buffers filled on the host', {}],
  ['conversions.cu', 'conversions in every rounding mode with subnormals, inf, NaN and overflow; scalar and pair intrinsics', {}],
  ['warp.cu', 'a warp reduction of half2 with __shfl_down_sync, a half butterfly max and broadcast', {}],
  ['bf16.cu', 'bfloat16 conversions in every rounding mode, arithmetic, operators and a dot product', MSL31],
  ['fp8.cu', 'fp8 (cuda_fp8.h): E4M3/E5M2 conversions in both saturation modes, scaled quantize/dequantize through the classes, shared memory, x2/x4 packs, against a reference from the formats\' definitions', {}],
  ['mixed_args.cu', "min/max/abs/llabs/umin with mixed or literal argument types in CUDA's type, nextafterf below MSL 3.1", {}],
];

for (const [file, what, env] of programs) {
  describe(`${file}: ${what}`, { concurrency: false }, () => {
    for (const backend of ['msl-cpu', 'cuda-cpu']) {
      test(`prints PASSED on ${backend}`, async () => {
        const r = await cu2metal(['run', fixture(file), '--backend', backend], { env });
        assert.equal(r.code, 0, show(r));
        assert.match(r.stdout, /^PASSED$/m, show(r));
      });
    }
    test('diff: msl-cpu and cuda-cpu agree bit for bit', async () => {
      const r = await cu2metal(['diff', fixture(file), '--json'], { env });
      assert.equal(r.code, 0, show(r));
      const report = JSON.parse(r.stdout) as { ok: boolean; copies: { differing?: number }[] };
      assert.equal(report.ok, true, r.stdout);
      assert.ok(report.copies.length > 0);
    });
  });
}

test('nextafterf uses Metal\'s nextafter from MSL 3.1 with the same values', async () => {
  const r = await cu2metal(['run', fixture('mixed_args.cu'), '--backend', 'msl-cpu'], { env: MSL31 });
  assert.equal(r.code, 0, show(r));
  assert.match(r.stdout, /^PASSED$/m, show(r));
});

test('a bfloat16 program built for MSL 3.0 stops with an error that names the version it needs', async () => {
  const r = await cu2metal(['run', fixture('bf16.cu'), '--backend', 'msl-cpu'], { env: { CU2METAL_MSL_VERSION: '3.0' } });
  assert.notEqual(r.code, 0, show(r));
  assert.match(r.stderr, /uses __nv_bfloat16, which needs Metal's bfloat: MSL 3\.1 \(macOS 14\) or newer/);
});

test('fp8probe.cu (the GPU probe, test/fixtures/gpu): msl-cpu prints what cuda-cpu prints, byte for byte', async () => {
  const probe = path.join('test', 'fixtures', 'gpu', 'fp8probe.cu');
  const a = await cu2metal(['run', probe, '--backend', 'msl-cpu'], { timeoutMs: 600_000 });
  const b = await cu2metal(['run', probe, '--backend', 'cuda-cpu'], { timeoutMs: 600_000 });
  assert.equal(a.code, 0, show(a));
  assert.equal(b.code, 0, show(b));
  assert.match(a.stdout, /^43e80000 7e 7e 5f 5f 43e8 \| 7e 43e00000 5f 43e00000 \| 7e 5f fe7e$/m, 'e4m3(464): the tie goes down to 448 even without saturation');
  assert.match(a.stdout, /^47700000 7e 7f 7b 7c 4770 /m, 'e5m2(61440): the tie goes up to infinity without saturation');
  assert.ok(a.stdout === b.stdout, 'the two backends differ');
});

// Lambdas in device code (src/translate/lambdas.ts) as a real program on both CPU backends and
// diffed; an extended __device__ lambda written in host code is refused with exit 3.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cu2metal, selfCheckingOnBothBackends, show } from '../helpers/cli';

const prog = path.join('test', 'fixtures', 'lambdas', 'lambdas.cu');
const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-test-'));

describe('lambdas in device code', () => {
  selfCheckingOnBothBackends(prog, `[&], [=], shuffles, __device__ templates, generic, helpers, kernel templates, shared memory, pointer parameters: PASSED`, {
    copies: 6,
    extra: (r) => {
      assert.match(r.stdout, /^hello from lambda 0$/m, 'printf inside a lambda');
    },
  });
  test('the MSL has functor structs, no lambda syntax', async () => {
    const dir = tmp();
    const r = await cu2metal(['translate', prog, '-o', dir]);
    assert.equal(r.code, 0, show(r));
    const msl = fs.readFileSync(path.join(dir, 'lambdas.metal'), 'utf8');
    assert.match(msl, /struct lambdas_lambda_1 \{ thread int& count; auto operator\(\)\(int by\) const \{ count \+= by; \} \};/);
    assert.match(msl, /auto scan = lambdas_lambda_3\{threadIdx\};/);
    assert.match(msl, /struct k2_lambda_1 \{ threadgroup float \(&tile\)\[32\]; threadgroup int\* dyn; auto operator\(\)/);
    assert.match(msl, /struct pointers_lambda_1 \{ template <typename T0, typename T1> auto operator\(\)\(T0 dst, T1 src, int i\) const/);
    assert.match(msl, /struct pointers_lambda_2 \{ auto operator\(\)\(device float \*a\) const/);
    assert.doesNotMatch(msl, /\[[&=]\]\s*\(/);
  });
  test('an extended __device__ lambda in host code: C2M1001 at the lambda, exit 3', async () => {
    const dir = tmp();
    const cu = path.join(dir, 'ext.cu');
    fs.writeFileSync(cu, 'template <typename F>\n__global__ void mapk(float *p, F f) { p[threadIdx.x] = f(p[threadIdx.x]); }\nint main() {\n  float *d;\n  cudaMalloc(&d, 128);\n  mapk<<<1, 32>>>(d, [] __device__ (float x) { return x * 2; });\n  return 0;\n}\n');
    const r = await cu2metal(['run', cu]);
    assert.equal(r.code, 3, show(r));
    assert.match(r.stderr, /ext\.cu:6:22: error: an extended __device__ lambda written in host code is not translated: .* \[C2M1001\]/);
  });
});

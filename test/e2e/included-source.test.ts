// A .cu file that another .cu file of the command line #includes (HeCBench's main.cu with
// `#include "kernels.cu"`, run as `cu2metal run *.cu`): it is part of the including file only,
// with warning C2M0005, instead of a second translation unit that misses the includer's types.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cu2metal, show } from '../helpers/cli';

const KERNELS = `// uses 'real' and 'SCALE', which only main.cu defines (before its #include)
__global__ void scale(real *p, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) p[i] = p[i] * SCALE + (real)i;
}
`;

const MAIN = `#include <cstdio>
typedef float real;
#define SCALE 3
#include "kernels.cu"

int main() {
  const int n = 100;
  real h[n];
  for (int i = 0; i < n; i++) h[i] = (real)(2 * i);
  real *d;
  cudaMalloc(&d, n * sizeof(real));
  cudaMemcpy(d, h, n * sizeof(real), cudaMemcpyHostToDevice);
  scale<<<4, 32>>>(d, n);
  cudaMemcpy(h, d, n * sizeof(real), cudaMemcpyDeviceToHost);
  cudaFree(d);
  double sum = 0;
  for (int i = 0; i < n; i++) sum += h[i];
  printf("sum = %.0f\\n", sum);
  return 0;
}
`;

function program(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-included-'));
  fs.writeFileSync(path.join(d, 'kernels.cu'), KERNELS);
  fs.writeFileSync(path.join(d, 'main.cu'), MAIN);
  return d;
}

// sum over i of (2i*3 + i) = 7 * 4950
const EXPECTED = /^sum = 34650$/m;

describe('a .cu #included by another .cu of the command line', { concurrency: false }, () => {
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`run kernels.cu main.cu --backend ${backend}: one unit, the right result, warning C2M0005`, async () => {
      const cwd = program();
      const r = await cu2metal(['run', 'kernels.cu', 'main.cu', '--backend', backend], { cwd });
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, EXPECTED, show(r));
      assert.match(r.stderr, /kernels\.cu:1:1: warning: 'kernels\.cu' is #included by 'main\.cu': it is translated as part of that file, not on its own \[C2M0005\]/, show(r));
      assert.equal(r.stderr.match(/C2M0005/g)?.length, 1, show(r));
    });
  }
  test('check main.cu kernels.cu: translates, one kernel (not two)', async () => {
    const r = await cu2metal(['check', '--no-build', 'main.cu', 'kernels.cu', '--json'], { cwd: program() });
    assert.equal(r.code, 0, show(r));
    assert.equal(r.stdout.match(/"name":\s*"scale"/g)?.length, 1, show(r));
  });
  test('kernels.cu alone is still its own unit, and its missing type is still an error', async () => {
    const r = await cu2metal(['check', '--no-build', 'kernels.cu'], { cwd: program() });
    assert.equal(r.code, 3, show(r));
    assert.match(r.stderr + r.stdout, /the type 'real', which is not defined/, show(r));
    assert.doesNotMatch(r.stderr, /C2M0005/);
  });
});

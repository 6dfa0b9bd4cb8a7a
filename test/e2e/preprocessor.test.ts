// Programs that need a real preprocessor and a parser that copes with real declarations
// (test/fixtures/preprocessor): each runs on both CPU backends and checks its own results.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cu2metal, show } from '../helpers/cli';

const dir = path.join('test', 'fixtures', 'preprocessor');
const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-pp-'));

const programs: { file: string; flags: string[] }[] = [
  { file: 'parse_cases.cu', flags: ['-I', path.join(dir, 'include')] },
  { file: 'macros.cu', flags: ['-D', 'SCALE=3', '-D', 'USE_TILES'] },
  { file: 'compile_time.cu', flags: ['-I', path.join(dir, 'include')] },
];

for (const p of programs) {
  describe(`preprocessor fixture ${p.file}`, { concurrency: false }, () => {
    for (const backend of ['msl-cpu', 'cuda-cpu']) {
      test(`runs on ${backend} and prints PASSED`, async () => {
        const r = await cu2metal(['run', path.join(dir, p.file), ...p.flags, '--backend', backend, '--timeout', '120']);
        assert.equal(r.code, 0, show(r));
        assert.match(r.stdout, /^PASSED$/m, show(r));
        assert.doesNotMatch(r.stderr, /error/, show(r));
      });
    }
  });
}

describe('preprocessor diagnostics', () => {
  test('#if is evaluated with the -D flags: without them the program\'s own #error fires', async () => {
    const r = await cu2metal(['check', '--no-build', path.join(dir, 'macros.cu')]);
    assert.equal(r.code, 3, show(r));
    assert.match(r.stderr, /macros\.cu:26:1: error: #error "compile with -D SCALE=3"/);
  });
  test('#define T double in a kernel: the diagnostic of double itself; --double=float runs it', async () => {
    const d = tmp();
    const cu = path.join(d, 'tdouble.cu');
    fs.writeFileSync(
      cu,
      [
        '#include <cstdio>',
        '#define T double',
        '__global__ void k(float* p) { T s = T(2); p[threadIdx.x] *= s; }',
        'int main() {',
        '  float* d; float h[4] = {1, 2, 3, 4};',
        '  cudaMalloc(&d, sizeof(h)); cudaMemcpy(d, h, sizeof(h), cudaMemcpyHostToDevice);',
        '  k<<<1, 4>>>(d); cudaMemcpy(h, d, sizeof(h), cudaMemcpyDeviceToHost);',
        '  bool ok = h[0] == 2 && h[3] == 8; printf("%s\\n", ok ? "PASSED" : "FAILED"); return ok ? 0 : 1;',
        '}',
        '',
      ].join('\n'),
    );
    const bad = await cu2metal(['check', '--no-build', '--double', 'error', cu]);
    assert.equal(bad.code, 3, show(bad));
    assert.match(bad.stderr, /tdouble\.cu:3:31: error: 'double' is not available in Metal \[C2M1003\]/);
    for (const backend of ['msl-cpu', 'cuda-cpu']) {
      const ok = await cu2metal(['run', cu, '--double', 'float', '--backend', backend]);
      assert.equal(ok.code, 0, show(ok));
      assert.match(ok.stdout, /^PASSED$/m);
    }
    const soft = await cu2metal(['run', cu]); // software double, the default
    assert.equal(soft.code, 0, show(soft));
    assert.match(soft.stdout, /^PASSED$/m);
  });
  test('a quoted header that is neither local nor a system header is still an error', async () => {
    const d = tmp();
    const cu = path.join(d, 'missing.cu');
    fs.writeFileSync(cu, '#include "my_kernels.cuh"\n__global__ void k(float* p) { p[0] = 1.0f; }\n');
    const r = await cu2metal(['check', '--no-build', cu]);
    assert.equal(r.code, 3, show(r));
    assert.match(r.stderr, /missing\.cu:1:10: error: cannot find "my_kernels\.cuh" next to the file or in the -I folders \[C2M1009\]/);
  });
});

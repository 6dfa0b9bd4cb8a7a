// Constructors that read built-ins (src/translate/constructors.ts): they take them as hidden
// parameters, and every construction site passes them. The fixture builds objects by declaration
// (`const C c(a)`, `C c{a}`, `C c;`), by a functional cast through a typedef of a class template,
// and copies them; both CPU backends agree, and the MSL shows the hidden arguments.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cu2metal, show } from '../helpers/cli';

const prog = path.join('test', 'fixtures', 'ctor_builtins', 'ctor_builtins.cu');
const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-ctor-'));

describe('constructors that read built-ins', { concurrency: false }, () => {
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`windows and striped load/store: PASSED on ${backend}`, async () => {
      const r = await cu2metal(['run', prog, '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^windows: out\[5\] = 32\.0, out\[40\] = 48\.5$/m, show(r));
      assert.match(r.stdout, /^stripes: out\[7\] = 78, out\[300\] = 3045$/m, show(r));
      assert.match(r.stdout, /^PASSED$/m, show(r));
    });
  }
  test('diff: every copy matches the reference', async () => {
    const r = await cu2metal(['diff', prog]);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /OK: 2 of 2 copies match/, show(r));
  });
  test('the constructors take the built-ins first; construction sites pass them; copies do not', async () => {
    const dir = tmp();
    const r = await cu2metal(['translate', prog, '-o', dir]);
    assert.equal(r.code, 0, show(r));
    const msl = fs.readFileSync(path.join(dir, 'ctor_builtins.metal'), 'utf8');
    assert.match(msl, /StripedIO\(uint3 threadIdx\) : rank\(rankInBlock\(threadIdx, DIM_X, DIM_Y\)\) \{\}/);
    assert.match(msl, /explicit StripedIO\(uint3 threadIdx, int shift\) : rank\(rankInBlock\(threadIdx, DIM_X, DIM_Y\) \+ shift\) \{\}/);
    assert.match(msl, /StripedIO\(const thread StripedIO &other\) : rank\(other\.rank\) \{\}/);
    assert.match(msl, /Span\(uint3 threadIdx, uint3 blockIdx, uint3 blockDim, const Window w\) \{/);
    assert.match(msl, /Lane\(uint3 threadIdx\) : id\(threadIdx\.x % 32\) \{\}/);
    assert.match(msl, /const Span s\(threadIdx, blockIdx, blockDim, \(w\)\);/);
    assert.match(msl, /Span t\{threadIdx, blockIdx, blockDim, w\};/);
    assert.match(msl, /Span u = Span\(threadIdx, blockIdx, blockDim, w\);/);
    assert.match(msl, /Lane lane\(threadIdx\);/);
    assert.match(msl, /Span copy = s;/);
    assert.match(msl, /IO\(threadIdx\)\.load\(in \+ base, items, n - base\);/);
    assert.match(msl, /IO\(threadIdx, 1\)\.threadRank\(\)/);
    assert.match(msl, /IO io\(threadIdx\);\n {2}IO other = io;/);
  });
  test('a copy constructor that reads built-ins is refused (it is called implicitly)', async () => {
    const dir = tmp();
    const file = path.join(dir, 'c.cu');
    fs.writeFileSync(file, 'struct P {\n  int v;\n  __device__ P(int a) : v(a) {}\n  __device__ P(const P &o) : v(o.v + threadIdx.x) {}\n};\n__global__ void k(int *p) { P a(p[0]); P b = a; p[1] = b.v; }\n');
    const r = await cu2metal(['check', '--no-build', file]);
    assert.equal(r.code, 3, show(r));
    assert.match(r.stderr, /c\.cu:4:3: error: member function 'P' uses threadIdx; built-ins in operators and copy constructors are not translated.*\[C2M1001\]/, show(r));
  });
});

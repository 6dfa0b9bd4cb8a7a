// Kernel templates launched from host function templates (templateInstances.ts): a self-checking
// program in that idiom on both backends and diffed, and `check` naming what an instance makes
// unsupported at its line inside the template (instanceChecks.ts).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cu2metal, selfCheckingOnBothBackends, show } from '../helpers/cli';

const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-test-'));
const prog = path.join('test', 'fixtures', 'host_templates', 'host_templates.cu');

describe('kernel templates launched from host templates', () => {
  selfCheckingOnBothBackends(prog, 'host templates called deduced and written out, a switch over block sizes, a launch macro, constexpr/enum/sizeof arguments, sqrt of T = int', { copies: 9 });
  test('sqrt of a T that one instance makes an int converts it: Metal\'s overloads would be ambiguous', async () => {
    const r = await cu2metal(['translate', '--stdout', prog]);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /out\[i\] = sqrt\(float\(x\)\) \+ sqrt\(float\(x\)\);/);
  });
});

describe('check names what an instance of a template makes unsupported', () => {
  const src = [
    'template <typename T, int N> __global__ void k(T* p, unsigned long long* c) {',
    '  T x = p[threadIdx.x];',
    '  atomicAdd(&p[0], x);',
    '  atomicAdd(c, 1ull);',
    '}',
    'template <typename T> void run(T* p, unsigned long long* c) { k<T, sizeof(T)><<<1, 64>>>(p, c); }',
    'int main() { float* f; double* d; unsigned long long* u; run(f, u); run(d, u); run(u, u); return 0; }',
    '',
  ].join('\n');
  test('atomics on T: the double instance under software double (C2M1003), a written-out 64-bit atomic (C2M1002), at their lines', async () => {
    const cu = path.join(tmp(), 'inst.cu');
    fs.writeFileSync(cu, src);
    const r = await cu2metal(['check', '--no-build', cu]);
    assert.equal(r.code, 3, show(r));
    assert.match(r.stderr, /inst\.cu:3:3: error: 'atomicAdd' on a double: Metal has no 64-bit compare-and-swap.*; here in the instance k<double, 8> \[C2M1003\]/);
    assert.match(r.stderr, /inst\.cu:4:3: error: 'atomicAdd' on unsigned long long: Metal has no 64-bit atomic operations.*\(use 32-bit counters, or reduce in shared memory first\) \[C2M1002\]/);
    assert.equal((r.stderr.match(/inst\.cu:3:3: error/g) ?? []).length, 1, 'one error per call');
  });
  test('under --double=float: a buffer of T = double in an instance refused at the parameter, an atomic on T = unsigned long long in another at its line', async () => {
    const cu = path.join(tmp(), 'inst.cu');
    fs.writeFileSync(cu, src);
    const r = await cu2metal(['check', '--no-build', '--double=float', cu]);
    assert.equal(r.code, 3, show(r));
    assert.match(r.stderr, /inst\.cu:1:48: error: kernel parameter 'p' is a buffer of double; here in the instance k<double, 8> \(from run<double>\); its 8-byte layout cannot be demoted to float.*\[C2M1003\]/);
    assert.match(r.stderr, /inst\.cu:3:3: error: 'atomicAdd' on unsigned long long: Metal has no 64-bit atomic operations.*; here in the instance k<unsigned long long, 8> \(from run<unsigned long long>\) \[C2M1002\]/);
  });
});

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
  selfCheckingOnBothBackends(path.join('test', 'fixtures', 'host_templates', 'traits.cu'), 'a traits class template named through a local alias, std::min/max in its constants, __half and float instances', { copies: 2 });
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
  test('atomics on T: the double and unsigned long long instances under the 64-bit lock, the float one forwarded, a written-out 64-bit atomic too', async () => {
    const cu = path.join(tmp(), 'inst.cu');
    fs.writeFileSync(cu, src);
    const r = await cu2metal(['check', '--no-build', cu]);
    assert.equal(r.code, 0, show(r));
    const t = await cu2metal(['translate', '--stdout', cu]);
    assert.equal(t.code, 0, show(t));
    assert.match(t.stdout, /atomicAdd\(cu2m_atomic64_locks, &p\[0\], x\);\n {2}atomicAdd\(cu2m_atomic64_locks, c, 1ull\);/);
    for (const sig of ['f64 atomicAdd(device atomic_uint* locks, device f64* p, f64 v)', 'ulong atomicAdd(device atomic_uint* locks, device ulong* p, ulong v)', 'float atomicAdd(device atomic_uint*, device float* p, float v)']) assert.ok(t.stdout.includes(`inline ${sig}`), sig);
  });
  test('an instance that makes T a 64-bit type CUDA has no atomic for is refused at its line, naming the instance', async () => {
    const cu = path.join(tmp(), 'inst.cu');
    fs.writeFileSync(cu, src.replace('atomicAdd(&p[0], x);', 'atomicSub(&p[0], x);'));
    const r = await cu2metal(['check', '--no-build', cu]);
    assert.equal(r.code, 3, show(r));
    assert.match(r.stderr, /inst\.cu:3:3: error: 'atomicSub' on double: CUDA has no such overload.*; here in the instance k<double, 8> \(from run<double>\) \[C2M1003\]/);
    assert.equal((r.stderr.match(/inst\.cu:3:3: error/g) ?? []).length, 1, 'one error per call');
  });
  test('under --double=float: a buffer of T = double in an instance refused at the parameter; the atomic on T = unsigned long long in another translates', async () => {
    const cu = path.join(tmp(), 'inst.cu');
    fs.writeFileSync(cu, src);
    const r = await cu2metal(['check', '--no-build', '--double=float', cu]);
    assert.equal(r.code, 3, show(r));
    assert.match(r.stderr, /inst\.cu:1:48: error: kernel parameter 'p' is a buffer of double; here in the instance k<double, 8> \(from run<double>\); its 8-byte layout cannot be demoted to float.*\[C2M1003\]/);
    assert.doesNotMatch(r.stderr, /inst\.cu:[34]:3: error/);
  });
});

// `const T&` parameters and locals bound to temporaries (C2M1005 before; cuda-samples eigenvalues'
// `max(abs(l), abs(r))`, interval's `square(x - I(1))`): src/translate/temporaries.ts.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cu2metal, selfCheckingOnBothBackends, show } from '../helpers/cli';

const prog = path.join('test', 'fixtures', 'const_refs', 'temporaries.cu');

describe('const T& bound to temporaries', () => {
  selfCheckingOnBothBackends(prog, 'const T& parameters and locals bound to temporaries, thread, device and threadgroup lvalues', { copies: 1 });
});

describe('a temporary bound to a const T& of a helper that writes memory (materialise.ts)', () => {
  test('becomes a thread local of the caller, assigned where the argument was (short-circuit kept): same results on msl-cpu and cuda-cpu', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-test-'));
    const cu = path.join(dir, 'materialise.cu');
    fs.writeFileSync(
      cu,
      [
        '#include <cstdio>',
        'struct Pair { float a, b; };',
        '__device__ float accumulate(float *out, const Pair &p) { const Pair *q = &p; out[0] += q->a * p.b; return p.a; }',
        '__device__ bool store(float *out, const float &v) { out[1] = v * 2.0f; return v > 0.0f; }',
        '__device__ void addBits(unsigned long long *out, const double &d) { out[0] += (unsigned long long)(d * d * 1e6); }',
        '__global__ void k(const float *in, float *out, unsigned long long *bits, int n) {',
        '  int i = threadIdx.x;',
        '  float *mine = out + 4 * i;',
        '  float r = accumulate(mine, Pair{in[i], 3.0f}) + accumulate(mine, Pair{1.0f, in[i]});',
        '  if (i < n && store(mine + 1, in[i + 1] * 2.0f)) r += 1.0f;',
        '  if (i % 2 == 0)',
        '    store(mine + 2, r + 1.0f);',
        '  else',
        '    addBits(bits + i, in[i] / 3.0);',
        '}',
        'int main() {',
        '  const int n = 8; float *in, *out; unsigned long long *bits;',
        '  cudaMallocManaged(&in, (n + 1) * 4); cudaMallocManaged(&out, 4 * n * 4); cudaMallocManaged(&bits, n * 8);',
        '  for (int i = 0; i <= n; i++) in[i] = i * 0.75f - 2.0f;',
        '  for (int i = 0; i < 4 * n; i++) out[i] = 0.0f;',
        '  for (int i = 0; i < n; i++) bits[i] = 0;',
        '  k<<<1, n + 2>>>(in, out, bits, n - 2); cudaDeviceSynchronize();',
        '  for (int i = 0; i < 4 * n; i++) printf("%g ", out[i]);',
        '  for (int i = 0; i < n; i++) printf("%llu ", bits[i]);',
        '  printf("\\n");',
        '}',
        '',
      ].join('\n'),
    );
    const msl = await cu2metal(['run', cu]);
    assert.equal(msl.code, 0, show(msl));
    const ref = await cu2metal(['run', cu, '--backend', 'cuda-cpu']);
    assert.equal(ref.code, 0, show(ref));
    assert.equal(msl.stdout, ref.stdout);
    assert.match(msl.stdout, /^-8 0 -5 0 -5 0 -2 0 /);
    const t = await cu2metal(['translate', cu, '--stdout']);
    assert.match(t.stdout, /Pair cu2m_tmp0; Pair cu2m_tmp1; float r = accumulate\(mine, \(cu2m_tmp0 = Pair\{in\[i\], 3\.0f\}, cu2m_tmp0\)\)/);
    assert.match(t.stdout, /if \(i < n && store\(mine \+ 1, \(cu2m_tmp2 = in\[i \+ 1\] \* 2\.0f, cu2m_tmp2\)\)\) r \+= 1\.0f;/);
  });
});

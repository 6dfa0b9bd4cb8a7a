// Device printf and assert end to end: exact text on both CPU backends, block order, overflow,
// CUDA's assert message and cudaErrorAssert, `diff`, and the translation (MSL, host registration).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cu2metal, show } from '../helpers/cli';
import { printfId, conversions } from '../../src/translate/printf';

const fixture = (name: string): string => path.join('test', 'fixtures', 'printf', name);
const BACKENDS = ['msl-cpu', 'cuda-cpu'] as const;

describe('device printf', () => {
  const expected = fs.readFileSync(fixture('printf.expected'), 'utf8');
  for (const backend of BACKENDS) {
    test(`every format prints the expected text, in block order, around host output on ${backend}`, async () => {
      const r = await cu2metal(['run', fixture('printf.cu'), '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.equal(r.stdout, expected, show(r));
    });
    test(`an overflowing buffer drops records with a note, never corrupts memory, and is emptied per launch on ${backend}`, async () => {
      const r = await cu2metal(['run', fixture('overflow.cu'), '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^cu2metal: the device printf buffer \(524288 bytes, cudaLimitPrintfFifoSize\) overflowed: \d+ printf calls dropped$/m);
      const lines = r.stdout.split('\n').filter((l) => l.startsWith('thread '));
      assert.ok(lines.length > 2000 && lines.length < 20480, `${lines.length} lines fit in 512 KiB`);
      for (const l of lines) assert.match(l, /^thread \d{3} of block \d+: a line long enough to fill the small buffer quickly$/);
      // CUDA's smallest buffer (recorded on an H100), fixed once a kernel printed; the next launch prints again.
      assert.match(r.stdout, /^thread 001 of block 0: .*\nfifo 524288 bytes, resize after printing: cudaErrorInvalidValue, sum 20482\nPASSED$/m, show(r));
    });
  }
  test('diff: both backends agree', async () => {
    const r = await cu2metal(['diff', fixture('printf.cu')]);
    assert.equal(r.code, 0, show(r));
  });
  test('translation: records into the printf buffer, a buffer parameter bound by name, strings registered by the host', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-printf-'));
    const r = await cu2metal(['translate', fixture('printf.cu'), '-o', out]);
    assert.equal(r.code, 0, show(r));
    const msl = fs.readFileSync(path.join(out, 'printf.metal'), 'utf8');
    const host = fs.readFileSync(path.join(out, 'printf.host.cpp'), 'utf8');
    const fmt = '"no arguments\\n"';
    assert.ok(msl.includes(`cu2m_printf_0(cu2m_printf_buffer, blockIdx, gridDim, ${printfId(fmt)} /* ${fmt} */)`), msl);
    assert.match(msl, /kernel void lengths\(device uint\* cu2m_printf_buffer \[\[buffer\(0\)\]\]/);
    assert.match(msl, /void helper\(uint3 blockIdx, uint3 gridDim, device uint\* cu2m_printf_buffer, float x/);
    assert.match(msl, /cu2m_ps\(0x[0-9a-f]{8}u\)/);
    assert.ok(host.includes(`cu2mRegisterPrintfString(${printfId(fmt)}, ${fmt});`), host);
    assert.match(host, /\{"cu2m_printf_buffer", CU2M_ARG_SYMBOL,/);
  });
  test('a format that is not a literal and %p are diagnosed (%s of a pointer is translated: test/e2e/samples4.test.ts)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-printf-'));
    const file = path.join(dir, 'bad.cu');
    fs.writeFileSync(file, '__global__ void k(const char* f, int x) { printf(f, x); printf("%p\\n", f); }\nint main() { k<<<1, 1>>>(nullptr, 1); return 0; }\n');
    const r = await cu2metal(['check', file]);
    assert.equal(r.code, 3, show(r));
    assert.match(r.stderr, /bad\.cu:1:50: error: device printf needs a string literal as its format .*\[C2M1002\]/);
    assert.match(r.stderr, /bad\.cu:1:72: error: device printf %p is not translated yet/);
  });
  test('conversions and ids', () => {
    assert.deepEqual(conversions('%d %%%5.2f %-*d %.*s %lld %hhu %zu %p'), ['d', 'f', '*', 'd', '*', 's', 'd', 'u', 'u', 'p']);
    assert.notEqual(printfId('"a"'), printfId('"b"'));
    assert.match(printfId('"x"'), /^0x[0-9a-f]{8}u$/);
  });
});

describe('device assert', () => {
  for (const backend of BACKENDS) {
    test(`CUDA's message per failing thread, the launch fails, cudaErrorAssert is sticky until reset on ${backend}`, async () => {
      const r = await cu2metal(['run', fixture('assert.cu'), '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^first launch: cudaSuccess\nsync: cudaErrorAssert\nlater: cudaErrorAssert\nafter reset: cudaSuccess\nPASSED$/m, show(r));
      const file = fixture('assert.cu');
      assert.ok(r.stderr.includes(`${file}:7: checked: block: [0,0,0], thread: [3,0,0] Assertion \`v[i] != 3\` failed.\n`), show(r));
      assert.ok(r.stderr.includes(`${file}:14: check: block: [1,0,0], thread: [1,0,0] Assertion \`v[i] < 5\` failed.\n`), show(r));
      assert.equal(r.stderr.match(/Assertion `/g)?.length, 2 + 2, 'two messages, each also in the two failing calls\' errors');
    });
  }
  test('NDEBUG removes device asserts', async () => {
    for (const backend of BACKENDS) {
      const r = await cu2metal(['run', fixture('assert.cu'), '--backend', backend, '-DNDEBUG']);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^sync: cudaSuccess$/m, show(r));
      assert.doesNotMatch(r.stderr, /Assertion/);
    }
  });
});

describe('__launch_bounds__ and clock()/clock64()', () => {
  const prog = path.join('test', 'fixtures', 'launch_bounds', 'launch_bounds.cu');
  for (const backend of BACKENDS) {
    test(`a block beyond the bound fails with cudaErrorInvalidValue (as on an H100) and does not run; clocks are monotonic on ${backend}`, async () => {
      const r = await cu2metal(['run', prog, '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^within: cudaSuccess, beyond: cudaErrorInvalidValue, maxThreadsPerBlock 64\nclocks monotonic in 32 of 32 threads\nPASSED$/m, show(r));
      assert.match(r.stderr, /launch of kernel bounded: block \(128,1,1\) = 128 threads exceeds the kernel's limit of 64 threads per block/);
    });
  }
  test('translation: [[max_total_threads_per_threadgroup(N)]] on the kernel, clock64 through the polyfill, clock_t is long', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-lb-'));
    const r = await cu2metal(['translate', prog, '-o', out]);
    assert.equal(r.code, 0, show(r));
    const msl = fs.readFileSync(path.join(out, 'launch_bounds.metal'), 'utf8');
    assert.match(msl, /^\[\[max_total_threads_per_threadgroup\(64\)\]\] kernel void bounded\(/m);
    assert.match(msl, /^\[\[max_total_threads_per_threadgroup\(128\)\]\] kernel void timed\(device long\* t \[\[buffer\(0\)\]\], device long\* c \[\[buffer\(1\)\]\]/m);
    assert.match(msl, /long a = cu2m_clock64\(cu2m_printf_buffer\);/);
    assert.doesNotMatch(msl, /__launch_bounds__/);
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'launch_bounds.manifest.json'), 'utf8')) as { kernels: { name: string; maxThreads?: number }[] };
    assert.equal(manifest.kernels.find((k) => k.name === 'bounded')?.maxThreads, 64);
  });
});

// The command line as a user meets it: help, version, bad input, failing programs, outputs.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cu2metal, show } from '../helpers/cli';
import { ROOT } from '../helpers/paths';

const fixture = (name: string): string => path.join('test', 'fixtures', name);
const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-test-'));

describe('cli basics', () => {
  test('--help lists the commands and exit codes', async () => {
    const r = await cu2metal(['--help']);
    assert.equal(r.code, 0, show(r));
    for (const c of ['translate', 'run', 'diff', 'check', 'build', 'cache']) assert.match(r.stdout, new RegExp(`\\b${c}\\b`));
    assert.match(r.stdout, /Exit codes/);
  });
  test('run --help documents backends and program arguments', async () => {
    const r = await cu2metal(['run', '--help']);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /msl-cpu/);
    assert.match(r.stdout, /cuda-cpu/);
    assert.match(r.stdout, /-I, --include-dir/);
  });
  test('--version prints the package version', async () => {
    const r = await cu2metal(['--version']);
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    assert.equal(r.code, 0);
    assert.equal(r.stdout.trim(), pkg.version);
  });
  test('an unknown option is a usage error', async () => {
    const r = await cu2metal(['run', 'x.cu', '--frobnicate']);
    assert.equal(r.code, 2, show(r));
    assert.match(r.stderr, /unknown option '--frobnicate'/);
  });
  test('an unknown backend is a usage error naming the choices', async () => {
    const r = await cu2metal(['run', 'samples/vectorAdd/vectorAdd.cu', '--backend', 'cuda-gpu']);
    assert.equal(r.code, 2, show(r));
    assert.match(r.stderr, /msl-cpu/);
  });
});

describe('bad input', () => {
  test('a missing file: clear message, exit 2', async () => {
    const r = await cu2metal(['run', 'no/such/file.cu']);
    assert.equal(r.code, 2, show(r));
    assert.match(r.stderr, /no\/such\/file\.cu:1:1: error: cannot read 'no\/such\/file\.cu': no such file \[C2M0002\]/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  });
  test('malformed CUDA: file:line:col, caret, exit 3', async () => {
    const r = await cu2metal(['run', 'test/golden/errors/malformed.cu']);
    assert.equal(r.code, 3, show(r));
    assert.match(r.stderr, /malformed\.cu:3:50: error: expected ';' \[C2M0001\]/);
    assert.match(r.stderr, /\|\s+\^/);
    assert.match(r.stderr, /nothing was built/);
  });
  test('unsupported constructs: every one diagnosed, exit 3', async () => {
    const r = await cu2metal(['translate', 'test/golden/errors/unsupported.cu', '-o', tmp()]);
    assert.equal(r.code, 3, show(r));
    assert.doesNotMatch(r.stderr, /'printf'/, 'device printf translates (test/e2e/printf.test.ts)');
    assert.match(r.stderr, /unsupported\.cu:10:16: error: .*'__prof_trigger'/);
    assert.match(r.stderr, /unsupported\.cu:11:30: error: 'rnorm' is not supported/);
  });
  test('--double=float demotes with a warning instead of failing; --double=error refuses; the default is software double', async () => {
    const dir = tmp();
    const cu = path.join(dir, 'dbl.cu');
    fs.writeFileSync(cu, '__global__ void k(float* p) { double s = 2.0; p[threadIdx.x] *= s; }\n');
    const bad = await cu2metal(['translate', cu, '-o', dir, '--double', 'error']);
    assert.equal(bad.code, 3, show(bad));
    assert.match(bad.stderr, /dbl\.cu:1:31: error: 'double' is not available in Metal \[C2M1003\]/);
    const soft = await cu2metal(['translate', cu, '-o', dir]);
    assert.equal(soft.code, 0, show(soft));
    assert.match(fs.readFileSync(path.join(dir, 'dbl.metal'), 'utf8'), /\{ f64 s = f64::from_bits\(0x4000000000000000ul\) \/\* 2\.0 \*\/; p\[threadIdx\.x\] \*= s; \}/);
    const ok = await cu2metal(['translate', cu, '-o', dir, '--double', 'float']);
    assert.equal(ok.code, 0, show(ok));
    assert.match(ok.stderr, /warning: 'double' computed as 'float' \[C2M1004\]/);
    assert.match(fs.readFileSync(path.join(dir, 'dbl.metal'), 'utf8'), /\{ float s = 2\.0f; p\[threadIdx\.x\] \*= s; \}/);
  });
});

describe('programs that fail', () => {
  test('a crashing program: the signal is reported, output before it kept, exit 128+11', async () => {
    const r = await cu2metal(['run', fixture('crash.cu'), '--backend', 'msl-cpu']);
    assert.equal(r.code, 139, show(r));
    assert.match(r.stdout, /before the crash/);
    assert.doesNotMatch(r.stdout, /unreachable/);
    assert.match(r.stderr, /terminated by SIGSEGV/);
  });
  test('large local arrays fit the default fiber stack; an overflow is named, not a bare crash', async () => {
    // Fibers: the kernel's threads run as fibers only without work-item loops.
    const fibers = { CU2METAL_WORK_ITEM_LOOPS: '0' };
    const ok = await cu2metal(['run', fixture('stack_overflow.cu')], { env: fibers });
    assert.equal(ok.code, 0, show(ok));
    assert.match(ok.stdout, /PASSED/);
    const small = await cu2metal(['run', fixture('stack_overflow.cu')], { env: { ...fibers, CU2METAL_FIBER_STACK_KB: '128' } });
    assert.equal(small.code, 139, show(small));
    assert.match(small.stderr, /a GPU thread overflowed its 128 KiB stack/);
    // Work-item loops (the default) keep the array that lives across the barrier in per-thread
    // storage on the heap, so the small fiber stack does not matter.
    const loops = await cu2metal(['run', fixture('stack_overflow.cu')], { env: { CU2METAL_FIBER_STACK_KB: '128' } });
    assert.equal(loops.code, 0, show(loops));
    assert.match(loops.stdout, /PASSED/);
  });
  test('integer division by zero in a kernel gives the GPU result (measured on NVIDIA), not SIGFPE; in host code it still traps', async () => {
    const expected = [
      'int 7 / 0 = -1 rem -1',
      'int -2147483648 / 0 = -1 rem -1',
      'int -2147483648 / -1 = -2147483648 rem 0',
      'unsigned 7 / 0 = 4294967295 rem 4294967295',
      'unsigned 2147483648 / 0 = 4294967295 rem 4294967295',
      'long long 7 / 0 = 4294967295 rem 4294967295',
      'long long -7 / 0 = -1 rem -1',
      'long long 9223372036854775807 / 0 = -1 rem -1',
      'long long -9223372036854775808 / -1 = -9223372036854775808 rem 0',
      'unsigned long long 1 / 0 = 4294967295 rem 4294967295',
      'unsigned long long 9223372036854775808 / 0 = 18446744073709551615 rem 18446744073709551615',
      'unsigned long long 5 / 18446744073709551615 = 0 rem 5',
    ];
    for (const backend of ['msl-cpu', 'cuda-cpu']) {
      const r = await cu2metal(['run', fixture('divzero.cu'), '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      for (const line of expected) assert.ok(r.stdout.split('\n').includes(line), `${backend}: missing '${line}'\n${show(r)}`);
      assert.equal(r.stdout.split('\n').filter((l) => / = /.test(l)).length, 24);
    }
    const host = await cu2metal(['run', fixture('divzero.cu'), '--backend', 'cuda-cpu', '--', '0']);
    assert.equal(host.code, 128 + 8, show(host));
    assert.match(host.stdout, /no error/);
    assert.match(host.stderr, /terminated by SIGFPE/);
  });
  test('--sanitize: one past the end and use after cudaFree are reported with kernel, block, thread and .cu line; the run fails', async () => {
    // The first sanitized run builds the runtime with AddressSanitizer (every source, cuBLAS's
    // included): minutes on a loaded 2-core machine, so a longer limit than a plain run's.
    const san = (backend: string, mode: string): ReturnType<typeof cu2metal> =>
      cu2metal(['run', fixture('sanitize/sanitize.cu'), '--backend', backend, '--sanitize', '--', mode], { timeoutMs: 500_000 });
    for (const backend of ['cuda-cpu', 'msl-cpu']) {
      const oob = await san(backend, 'oob');
      assert.equal(oob.code, 1, show(oob));
      assert.match(oob.stderr, /AddressSanitizer: heap-buffer-overflow/);
      // fill<<<2, 48>>> on 64 ints: thread 16 of block 1 is element 64.
      assert.match(oob.stderr, /cu2metal: sanitizer: the error above is in kernel fill, block \(1,0,0\), thread \(16,0,0\), at \S*sanitize\.cu:13\n/);
      const uaf = await san(backend, 'uaf');
      assert.equal(uaf.code, 1, show(uaf));
      assert.match(uaf.stderr, /AddressSanitizer: heap-use-after-free/);
      assert.match(uaf.stderr, /cu2metal: sanitizer: the error above is in kernel scale, block \(0,0,0\), thread \(0,0,0\), at \S*sanitize\.cu:20\n/);
      const clean = await san(backend, 'clean');
      assert.equal(clean.code, 0, show(clean));
      assert.match(clean.stdout, /clean: h\[63\] = 126/);
      assert.doesNotMatch(clean.stderr, /ERROR: AddressSanitizer/);
    }
    // Without --sanitize the off-by-one goes unnoticed (CUDA would not fault either).
    const plain = await cu2metal(['run', fixture('sanitize/sanitize.cu'), '--backend', 'cuda-cpu', '--', 'oob']);
    assert.equal(plain.code, 0, show(plain));
    const metal = await cu2metal(['run', fixture('sanitize/sanitize.cu'), '--backend', 'metal', '--sanitize']);
    assert.equal(metal.code, 2, show(metal));
    // diff --sanitize: the reference (cuda-cpu) side finds it and says where, in one line.
    const diff = await cu2metal(['diff', fixture('sanitize/sanitize.cu'), '--sanitize', '--', 'oob']);
    assert.notEqual(diff.code, 0, show(diff));
    assert.match(diff.stderr, /msl-cpu run: sanitizer: the error above is in kernel fill, block \(1,0,0\), thread \(16,0,0\)/);
    assert.match(diff.stderr, /cuda-cpu run: sanitizer: the error above is in kernel fill, block \(1,0,0\), thread \(16,0,0\), at \S*sanitize\.cu:13/);
    const diffClean = await cu2metal(['diff', fixture('sanitize/sanitize.cu'), '--sanitize', '--', 'clean']);
    assert.equal(diffClean.code, 0, show(diffClean));
  });
  test('the program exit status and arguments pass through', async () => {
    const r = await cu2metal(['run', fixture('exit_status.cu'), '--', '7', 'extra']);
    assert.equal(r.code, 7, show(r));
    assert.match(r.stdout, /h\[31\] = 31, args = 2/);
  });
  test('launch validation reports the CUDA errors users expect', async () => {
    for (const backend of ['msl-cpu', 'cuda-cpu']) {
      const r = await cu2metal(['run', fixture('launch_errors.cu'), '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /2048 threads: cudaErrorInvalidValue \(invalid argument\)/);
      assert.match(r.stdout, /empty grid: cudaErrorInvalidValue/);
      assert.match(r.stdout, /32x32x2 block: cudaErrorInvalidValue/);
      assert.match(r.stdout, /offset pointer: cudaSuccess/);
      assert.match(r.stdout, /h\[9\] = 0, h\[10\] = 1, h\[999\] = 1/);
      assert.match(r.stdout, /host pointer: cudaErrorInvalidValue/);
      assert.match(r.stdout, /elapsed non-negative: yes/);
    }
  });
  test('a barrier not every live thread reaches fails the launch on both CPU backends, naming kernel, block, threads and lines (threads that returned: msl-cpu only, where the translator cannot keep them alive)', async () => {
    const prog = fixture('barriers/divergent.cu');
    for (const backend of ['msl-cpu', 'cuda-cpu']) {
      // Threads that return before the barrier: CUDA (sm_70+) lets the live ones through; the
      // translator keeps them alive for Metal (earlyReturns.ts), so both backends agree.
      const early = await cu2metal(['run', prog, '--backend', backend, '--', 'early']);
      assert.equal(early.code, 0, show(early));
      assert.match(early.stdout, /out\[0\] = 1, out\[63\] = 0/);
      const helper = await cu2metal(['run', prog, '--backend', backend, '--', 'helper']);
      if (backend === 'msl-cpu') {
        // The barrier is in a helper whose argument reads memory (`in[...]`) that returned threads
        // must not read: kept as written, with a warning; Metal needs every thread there.
        assert.equal(helper.code, 1, show(helper));
        assert.match(helper.stderr, /divergent\.cu:\d+:\d+: warning: a thread of kernel 'partialSumHelper' may return here before a barrier .* because the arguments of 'neighbour', which has barriers, would be evaluated by threads that returned \(line \d+\) \[C2M1017\]/);
        assert.match(helper.stderr, /cu2metal: divergent barrier in kernel partialSumHelper, block \(\d,0,0\): threads 16-63 returned while threads 0-15 wait at the barrier at test\/fixtures\/barriers\/divergent\.cu:\d+;/);
        assert.match(helper.stderr, /CUDA error at .*divergent\.cu:\d+: cudaErrorLaunchFailure/);
        assert.doesNotMatch(helper.stdout, /out\[0\]/, 'no silent continuation');
      } else {
        assert.equal(helper.code, 0, show(helper));
        assert.match(helper.stdout, /out\[0\] = 1, out\[63\] = 0/);
      }
      const sites = await cu2metal(['run', prog, '--backend', backend, '--', 'sites']);
      assert.equal(sites.code, 1, show(sites));
      assert.match(sites.stderr, /divergent barrier in kernel twoSites, block \(\d,0,0\): threads 0, 2, 4, .* wait at the barrier at test\/fixtures\/barriers\/divergent\.cu:29 and threads 1, 3, 5, .* wait at the barrier at test\/fixtures\/barriers\/divergent\.cu:32;/);
      assert.match(sites.stderr, /cudaErrorLaunchFailure/);
      const ok = await cu2metal(['run', prog, '--backend', backend]);
      assert.equal(ok.code, 0, show(ok));
      assert.match(ok.stdout, /out\[0\] = 1, out\[63\] = 0/);
      assert.doesNotMatch(ok.stderr, /divergent barrier/);
    }
  });
  test('the metal backend off macOS says what to use instead', { skip: process.platform === 'darwin' ? 'this machine has Metal' : false }, async () => {
    const r = await cu2metal(['run', 'samples/vectorAdd/vectorAdd.cu', '--backend', 'metal']);
    assert.equal(r.code, 2, show(r));
    assert.match(r.stderr, /needs macOS/);
  });
});

describe('outputs', () => {
  test('translate -o writes the MSL, host program and manifest', async () => {
    const dir = tmp();
    const r = await cu2metal(['translate', 'samples/vectorAdd/vectorAdd.cu', '-o', dir, '--json']);
    assert.equal(r.code, 0, show(r));
    const out = JSON.parse(r.stdout) as { files: Record<string, string>; manifest: { kernels: { name: string }[] } };
    for (const f of Object.values(out.files)) assert.ok(fs.existsSync(f), f);
    assert.match(fs.readFileSync(out.files['metal']!, 'utf8'), /^kernel void \w+\(device const float\* /m);
    assert.match(fs.readFileSync(out.files['host']!, 'utf8'), /cu2mPushCallConfiguration\(/);
    assert.ok(out.manifest.kernels.length >= 1);
    const manifest = JSON.parse(fs.readFileSync(out.files['manifest']!, 'utf8')) as unknown;
    assert.deepEqual(manifest, out.manifest);
  });
  test('check --json describes kernels and compiles the MSL', async () => {
    const r = await cu2metal(['check', 'samples/reduction/reduction.cu', '--json']);
    assert.equal(r.code, 0, show(r));
    const out = JSON.parse(r.stdout) as { ok: boolean; kernels: { usesBarriers: boolean; dynamicSharedMemory: boolean }[]; mslCompile: { ok: boolean } };
    assert.equal(out.ok, true);
    assert.equal(out.mslCompile.ok, true);
    assert.ok(out.kernels.some((k) => k.usesBarriers && k.dynamicSharedMemory));
  });
  test('check on an unsupported file exits 3 and lists the errors as JSON', async () => {
    const r = await cu2metal(['check', 'test/golden/errors/unsupported.cu', '--json']);
    assert.equal(r.code, 3, show(r));
    const out = JSON.parse(r.stdout) as { ok: boolean; diagnostics: { code: string; start: { line: number } }[] };
    assert.equal(out.ok, false);
    assert.ok(out.diagnostics.some((d) => d.code === 'C2M1002' && d.start.line === 10)); // __prof_trigger (printf on line 9 translates now)
  });
  test('check on recursive device code exits 3: C2M1015 at the call that closes each cycle', async () => {
    const r = await cu2metal(['check', 'test/golden/errors/recursion.cu', '--json']);
    assert.equal(r.code, 3, show(r));
    const out = JSON.parse(r.stdout) as { ok: boolean; diagnostics: { code: string; message: string; start: { line: number; column: number } }[] };
    const rec = out.diagnostics.filter((d) => d.code === 'C2M1015');
    assert.deepEqual(rec.map((d) => [d.start.line, d.start.column]), [[5, 29], [10, 61]]);
    assert.match(rec[1]!.message, /'isEven' → 'isOdd' → 'isEven'/);
  });
});

describe('compiler flags', () => {
  test('-I finds the program headers (inlined into the MSL) and -D reaches host and kernels', async () => {
    for (const backend of ['msl-cpu', 'cuda-cpu']) {
      const r = await cu2metal(['run', 'test/fixtures/flags/flags.cu', '-I', 'test/fixtures/flags/include', '-D', 'SCALE=3', '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /SCALE=3 PASSED/);
    }
  });
  test('the MSL is self-contained: headers inlined with #line, -D written as #define', async () => {
    const dir = tmp();
    const r = await cu2metal(['translate', 'test/fixtures/flags/flags.cu', '-I', 'test/fixtures/flags/include', '-D', 'SCALE=7', '-o', dir]);
    assert.equal(r.code, 0, show(r));
    const msl = fs.readFileSync(path.join(dir, 'flags.metal'), 'utf8');
    assert.match(msl, /^#define SCALE 7$/m);
    assert.match(msl, /^#line \d+ "test\/fixtures\/flags\/include\/flags_config\.h"\n#define FLAGS_BLOCK 64$/m);
    assert.doesNotMatch(msl, /#ifndef SCALE|#error/, '#ifndef SCALE was evaluated with the -D flags');
    assert.match(msl, /^kernel void scaled\(device int\* out \[\[buffer\(0\)\]\]/m);
    assert.match(msl, /^#line 3 "test\/fixtures\/flags\/include\/flags_math\.cuh"\ninline int scaleBy\(int v\)/m);
  });
  test('a header that cannot be found: an error naming it, before anything is built', async () => {
    const r = await cu2metal(['run', 'test/fixtures/flags/flags.cu', '-D', 'SCALE=1']);
    assert.equal(r.code, 3, show(r));
    assert.match(r.stderr, /flags\.cu:3:10: error: cannot find "flags_config\.h" next to the file or in the -I folders \[C2M1009\]/);
  });
});

describe('review regressions', () => {
  test('mixed declarators, dim3 buffers: same results on both backends', async () => {
    for (const backend of ['msl-cpu', 'cuda-cpu']) {
      const r = await cu2metal(['run', fixture('review_cases.cu'), '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^PASSED$/m);
    }
    const d = await cu2metal(['diff', fixture('review_cases.cu')]);
    assert.equal(d.code, 0, show(d));
  });
  test('a UTF-8 byte-order mark and CRLF line ends are accepted', async () => {
    const dir = tmp();
    const cu = path.join(dir, 'bom.cu');
    const src = fs.readFileSync(path.join('test', 'fixtures', 'exit_status.cu'), 'utf8').replace(/\n/g, '\r\n');
    fs.writeFileSync(cu, `\uFEFF${src}`);
    const r = await cu2metal(['run', cu, '--', '0']);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /h\[31\] = 31/);
  });
});

describe('host code stays host code', () => {
  // A CHECK macro that prints and exits, LOG with __VA_ARGS__, host structs, templates, lambdas,
  // double constants and a __host__ __device__ function only the host calls: none of it is device code.
  const prog = fixture(path.join('host_only', 'host_only.cu'));
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`runs on ${backend}`, async () => {
      const r = await cu2metal(['run', prog, '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^PASSED$/m);
      assert.doesNotMatch(r.stderr, /C2M1002|error/);
    });
  }
  test('the MSL holds only what the kernel reaches', async () => {
    const dir = tmp();
    const r = await cu2metal(['translate', prog, '-o', dir]);
    assert.equal(r.code, 0, show(r));
    const msl = fs.readFileSync(path.join(dir, 'host_only.metal'), 'utf8');
    for (const used of ['#define BLOCK 128', '#define SCALE_OF', 'enum Mode', 'struct Pair', 'inline float blend']) assert.ok(msl.includes(used), `${used} missing:\n${msl}`);
    for (const hostOnly of ['CHECK', 'LOG', 'HOST_ONLY_PI', 'kHostEpsilon', 'HostConfig', 'fillRamp', 'hostReport', 'kCount']) assert.ok(!msl.includes(hostOnly), `${hostOnly} leaked into the MSL:\n${msl}`);
  });
  test('diff: identical outputs', async () => {
    const r = await cu2metal(['diff', prog]);
    assert.equal(r.code, 0, show(r));
  });
});

describe('atomics', () => {
  const prog = fixture(path.join('atomics', 'atomics.cu'));
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`every CUDA atomic on global and shared memory gives CUDA's results on ${backend}`, async () => {
      const r = await cu2metal(['run', prog, '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^PASSED$/m);
    });
  }
  test('a 64-bit atomicAdd needs MSL 3.2 (its lock needs fences): below it the build stops with a clear message, never runs non-atomically', async () => {
    const dir = tmp();
    const cu = path.join(dir, 'atomic64.cu');
    fs.writeFileSync(cu, '__global__ void k(unsigned long long* c) {\n  atomicAdd(c, 1ull);\n}\nint main() { return 0; }\n');
    const r = await cu2metal(['run', cu, '--backend', 'msl-cpu'], { env: { CU2METAL_MSL_VERSION: '3.1' } });
    assert.notEqual(r.code, 0, show(r));
    assert.match(r.stderr, /this program uses 64-bit or double atomics, emulated under a lock that needs atomic_thread_fence: MSL 3\.2/);
    const ok = await cu2metal(['run', cu, '--backend', 'msl-cpu'], { env: { CU2METAL_MSL_VERSION: '3.2' } });
    assert.equal(ok.code, 0, show(ok));
  });
});

describe('3-component vectors keep CUDA layout in memory', () => {
  const prog = fixture(path.join('layout3', 'layout3.cu'));
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`reinterpreted flat arrays, uchar3 pixels, shared float3, sizeof/alignof, struct copies, dim3(4) on ${backend}`, async () => {
      const r = await cu2metal(['run', prog, '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^PASSED$/m);
    });
  }
  test('diff: every copy of the msl-cpu run matches the reference', async () => {
    const r = await cu2metal(['diff', prog]);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /OK: 5 of 5 copies match/);
  });
  test('the MSL uses packed vectors in device and threadgroup memory, Metal vectors in registers', async () => {
    const dir = tmp();
    const r = await cu2metal(['translate', prog, '-o', dir]);
    assert.equal(r.code, 0, show(r));
    const msl = fs.readFileSync(path.join(dir, 'layout3.metal'), 'utf8');
    assert.match(msl, /reinterpret_cast<const device packed_uchar3\*>\(rgb\)\[i\]/);
    assert.match(msl, /threadgroup packed_float3 tile\[64\];/);
    assert.match(msl, /threadgroup packed_float3\* dyn \[\[threadgroup\(0\)\]\]/);
    assert.match(msl, /sizes\[0\] = sizeof\(packed_float3\);/);
    assert.match(msl, /uint3 d = uint3\(4, 1, 1\);/);
    assert.match(msl, /float3 a = tile\[/);
  });
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`whole structs copy out of constant memory (struct parameter, __constant__ struct) on ${backend}`, async () => {
      const r = await cu2metal(['run', fixture(path.join('layout3', 'struct_copies.cu')), '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^PASSED$/m);
    });
  }
  test('a long3 buffer keeps CUDA\'s 24-byte layout: a struct of three longs (test/e2e/wide-vector3.test.ts runs it)', async () => {
    const dir = tmp();
    const cu = path.join(dir, 'long3.cu');
    fs.writeFileSync(cu, '__global__ void k(long3* v) {\n  int n = sizeof(longlong3);\n  v[0].x = n;\n}\nint main() { return 0; }\n');
    const r = await cu2metal(['translate', cu, '-o', dir]);
    assert.equal(r.code, 0, show(r));
    const msl = fs.readFileSync(path.join(dir, 'long3.metal'), 'utf8');
    assert.match(msl, /kernel void k\(device cu2m_packed_long3\* v /);
    assert.match(msl, /int n = sizeof\(cu2m_packed_long3\);/);
  });
});

describe('cooperative groups', () => {
  const prog = fixture(path.join('coop_groups', 'coop_groups.cu'));
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`thread_block, this_thread_block, cg::sync, thread_rank, size, group_index on ${backend}`, async () => {
      const r = await cu2metal(['run', prog, '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^PASSED$/m);
    });
  }
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`thread_block_tile<32> and <8>: shfl*, ballot, any, all, meta_group_rank, cg::reduce on ${backend}`, async () => {
      const r = await cu2metal(['run', fixture(path.join('coop_groups', 'tiles.cu')), '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^PASSED$/m);
    });
  }
  test('a grid-wide sync the kernel split cannot take (in a switch) is diagnosed at its line (coalesced and grid groups themselves translate)', async () => {
    const dir = tmp();
    const cu = path.join(dir, 'groups.cu');
    fs.writeFileSync(cu, '#include <cooperative_groups.h>\nnamespace cg = cooperative_groups;\n__global__ void k(float* p) {\n  cg::coalesced_group a = cg::coalesced_threads();\n  cg::grid_group g = cg::this_grid();\n  p[a.thread_rank()] = 0;\n  switch ((int)p[1]) { case 1: g.sync(); break; default: break; }\n}\n');
    const r = await cu2metal(['check', cu]);
    assert.equal(r.code, 3, show(r));
    assert.doesNotMatch(r.stderr, /groups\.cu:[45]:/);
    assert.match(r.stderr, /groups\.cu:7:32: error: grid-wide synchronisation \(grid_group::sync\) is not translated here: Metal has no grid-wide barrier/);
  });
});

describe('integer and rounding intrinsics', () => {
  test('__byte_perm, __funnelshift_*, __sad, __hadd, __float2int_*, __ldg...: known values and identical on both backends', async () => {
    const r = await cu2metal(['run', fixture('intrinsics.cu'), '--backend', 'msl-cpu']);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /^PASSED$/m);
    const d = await cu2metal(['diff', fixture('intrinsics.cu')]);
    assert.equal(d.code, 0, show(d));
    assert.match(d.stdout + d.stderr, /0 of 1024 differ/);
  });
});

describe('warp operations', () => {
  const prog = fixture(path.join('warps', 'warps.cu'));
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`shuffles, votes, reductions, __syncwarp and divergent lanes with 32-wide semantics on ${backend}`, async () => {
      const r = await cu2metal(['run', prog, '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^PASSED$/m);
    });
  }
  test('a shuffle over part of the warp (width < 32) goes through the segment helper with the caller\'s lane', async () => {
    const dir = tmp();
    const cu = path.join(dir, 'width.cu');
    fs.writeFileSync(cu, '__global__ void k(float* p) {\n  p[threadIdx.x] = __shfl_down_sync(0xffffffff, p[threadIdx.x], 1, 16);\n}\n');
    const r = await cu2metal(['translate', cu, '-o', dir]);
    assert.equal(r.code, 0, show(r));
    const msl = fs.readFileSync(path.join(dir, 'width.metal'), 'utf8');
    assert.match(msl, /p\[threadIdx\.x\] = cu2m_shfl_down_width\(p\[threadIdx\.x\], 1, 16, cu2m_lane_id\(threadIdx, blockDim\)\);/);
    assert.match(msl, /uint3 blockDim \[\[threads_per_threadgroup\]\]/);
  });
});

describe('__constant__ and __device__ variables', () => {
  const prog = fixture(path.join('globals', 'globals.cu'));
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`cudaMemcpyToSymbol/FromSymbol, initializers, 2D tables, helpers, atomics on symbols, cudaGetSymbolAddress/Size on ${backend}`, async () => {
      const r = await cu2metal(['run', prog, '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^PASSED$/m);
    });
  }
  test('diff: identical outputs', async () => {
    const r = await cu2metal(['diff', prog]);
    assert.equal(r.code, 0, show(r));
  });
});

describe('file names in generated code', () => {
  test('a newline in a file name cannot put code into the host program or the MSL', async () => {
    const dir = tmp();
    const name = path.join(dir, 'a\nint injected_by_name = 1;\nb.cu');
    fs.copyFileSync(path.join('samples', 'vectorAdd', 'vectorAdd.cu'), name);
    const out = path.join(dir, 'out');
    const t = await cu2metal(['translate', name, '-o', out]);
    assert.equal(t.code, 0, show(t));
    for (const f of fs.readdirSync(out)) assert.doesNotMatch(fs.readFileSync(path.join(out, f), 'utf8'), /^int injected_by_name/m, f);
    for (const backend of ['msl-cpu', 'cuda-cpu']) {
      const r = await cu2metal(['run', name, '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /PASSED/);
    }
  });
});

describe('option values', () => {
  test('an unknown --std is a usage error; an older nvcc standard is accepted', async () => {
    const bad = await cu2metal(['check', 'samples/vectorAdd/vectorAdd.cu', '--std=c++99']);
    assert.equal(bad.code, 2, show(bad));
    assert.match(bad.stderr, /'c\+\+99' is not a C\+\+ standard nvcc accepts/);
    const old = await cu2metal(['check', 'samples/vectorAdd/vectorAdd.cu', '-std=c++11']);
    assert.equal(old.code, 0, show(old));
  });
  test("a --timeout beyond Node's timer range is refused instead of firing at once", async () => {
    for (const cmd of ['run', 'diff']) {
      const r = await cu2metal([cmd, 'samples/vectorAdd/vectorAdd.cu', '--timeout', '3000000']);
      assert.equal(r.code, 2, show(r));
      assert.match(r.stderr, /--timeout must be at most 2147483 seconds/);
    }
  });
});

// Programs of several files, nvcc-style: a.cu + b.cu + main.cpp (test/fixtures/multi), with kernels
// and __device__ functions used across files, host functions across files, nvcc's flags, `build -o`
// executables run later from another directory, and the usage errors.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cu2metal, show, type CliResult } from '../helpers/cli';
import { ROOT } from '../helpers/paths';

const FIX = path.join(ROOT, 'test', 'fixtures', 'multi');
const SOURCES = ['a.cu', 'b.cu', 'main.cpp'].map((f) => path.join(FIX, f));
const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-multi-'));

/** A folder holding the program's input file: the program reads it relative to its working directory. */
function dataDir(n = 3000): string {
  const d = tmp();
  fs.writeFileSync(path.join(d, 'input.txt'), `${n} 0.001\n`);
  return d;
}

/** Runs a built executable directly, without cu2metal and without its environment variables. */
function runExe(exe: string, cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CU2METAL_') || k === 'CU2METAL_CACHE'));
  return new Promise((resolve, reject) => {
    const child = spawn(exe, [], { cwd, env: { ...clean, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

describe('a program of a.cu + b.cu + main.cpp', { concurrency: false }, () => {
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`run --backend ${backend}: in the caller's directory, PASSED`, async () => {
      const cwd = dataDir();
      const r = await cu2metal(['run', ...SOURCES, '--backend', backend], { cwd });
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^n = 3000, sum = [\d.]+$/m, show(r));
      assert.match(r.stdout, /^PASSED$/m, show(r));
    });
  }
  test('without the data file in the working directory the program says so (it runs where it was started)', async () => {
    const r = await cu2metal(['run', ...SOURCES], { cwd: tmp() });
    assert.equal(r.code, 2, show(r));
    assert.match(r.stdout, /cannot open input\.txt/);
  });
  test('program arguments after -- reach the program, in any source order', async () => {
    const d = dataDir(500);
    const r = await cu2metal(['run', SOURCES[2]!, SOURCES[1]!, SOURCES[0]!, '--', path.join(d, 'input.txt')], { cwd: tmp() });
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /^n = 500,/m, show(r));
  });
  test('diff: every copy matches the reference', async () => {
    const r = await cu2metal(['diff', ...SOURCES, '--json'], { cwd: dataDir() });
    assert.equal(r.code, 0, show(r));
    const report = JSON.parse(r.stdout) as { ok: boolean; copies: unknown[] };
    assert.equal(report.ok, true);
    assert.equal(report.copies.length, 2, show(r));
  });
  test("nvcc's flags are accepted; the ignored ones are noted once", async () => {
    const r = await cu2metal(['run', '-O3', '-arch=sm_80', '-gencode', 'arch=compute_80,code=sm_80', '-gencode=arch=compute_90,code=sm_90', '-std=c++17', '-lineinfo', '-rdc=true', '-DUNUSED=1', '-UUNUSED', '-lm', '-Xcompiler', '-Wall', '-x', 'cu', SOURCES[0]!, SOURCES[1]!, '-x', 'none', SOURCES[2]!], { cwd: dataDir() });
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /^PASSED$/m);
    assert.equal(r.stderr.match(/Metal compiles for the GPU it runs on/g)?.length, 1, show(r));
    assert.match(r.stderr, /-lineinfo: accepted/);
  });
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`build -o (${backend}): an executable that runs later, from another directory, without cu2metal`, async () => {
      const out = tmp();
      const exe = path.join(out, 'bin', 'prog');
      const b = await cu2metal(['build', ...SOURCES, '-o', exe, '--backend', backend]);
      assert.equal(b.code, 0, show(b));
      assert.ok(fs.existsSync(`${exe}.${backend}.so`), 'the kernel module lies beside the executable');
      const r = await runExe(exe, dataDir());
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^PASSED$/m, show(r));
      // The module is found beside the executable, not somewhere else: without it the launch fails.
      fs.rmSync(`${exe}.${backend}.so`);
      const gone = await runExe(exe, dataDir());
      assert.notEqual(gone.code, 0, show(gone));
      assert.match(gone.stderr, new RegExp(`cannot load kernel module .*prog\\.${backend}\\.so`), show(gone));
    });
  }
  test('translate: per-file host programs and ONE Metal module with every kernel, shared definitions once', async () => {
    const out = tmp();
    // b.cu first: it calls a.cu's `smooth` before the module reaches its definition.
    const r = await cu2metal(['translate', SOURCES[1]!, SOURCES[0]!, '-o', out, '--json']);
    assert.equal(r.code, 0, show(r));
    const msl = fs.readFileSync(path.join(out, 'b.metal'), 'utf8');
    for (const k of ['polish', 'scale', 'blockSums']) assert.equal(msl.match(new RegExp(`kernel void ${k}\\(`, 'g'))?.length, 1, k);
    assert.equal(msl.match(/inline float clampTo\(/g)?.length, 1, 'the header function shared by both files is emitted once');
    assert.match(msl, /^float smooth\(float v\);.*defined in .*a\.cu/m, 'b.cu gets a forward declaration of a.cu\'s smooth');
    assert.match(msl, /^#undef BLOCK$/m, "a file's macros are #undef'd after it");
    for (const f of ['a.host.cpp', 'b.host.cpp', 'b.manifest.json']) assert.ok(fs.existsSync(path.join(out, f)), f);
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'b.manifest.json'), 'utf8')) as { kernels: { name: string }[] };
    assert.deepEqual(manifest.kernels.map((k) => k.name).sort(), ['blockSums', 'polish', 'scale']);
  });
  test('check: every file checked, the linked MSL compiles', async () => {
    const r = await cu2metal(['check', ...SOURCES, '--json']);
    assert.equal(r.code, 0, show(r));
    const j = JSON.parse(r.stdout) as { ok: boolean; kernels: { name: string; file: string }[]; mslCompile: { ok: boolean } };
    assert.equal(j.ok, true);
    assert.equal(j.mslCompile.ok, true);
    assert.deepEqual(j.kernels.map((k) => `${path.basename(k.file)}:${k.name}`).sort(), ['a.cu:polish', 'b.cu:blockSums', 'b.cu:scale']);
  });
});

describe('multi-file errors', () => {
  test('an unknown positional argument is a usage error, not a program argument', async () => {
    const r = await cu2metal(['run', ...SOURCES, '42']);
    assert.equal(r.code, 2, show(r));
    assert.match(r.stderr, /unknown argument '42': not a source file .*program arguments go after --/);
  });
  test('-l of a CUDA library cu2metal does not provide names it', async () => {
    for (const [flag, name] of [['-lcusolver', 'cuSOLVER'], ['-lcufft', 'cuFFT'], ['-lnppig', 'NPP'], ['-lcuda', 'driver API']]) {
      const r = await cu2metal(['run', ...SOURCES, flag!]);
      assert.equal(r.code, 2, show(r));
      assert.match(r.stderr, new RegExp(`${flag}: .*${name}.* cu2metal does not provide`), show(r));
    }
  });
  test('a missing source and a header given as a source are usage errors', async () => {
    const missing = await cu2metal(['run', SOURCES[0]!, path.join(FIX, 'nothere.cu')]);
    assert.equal(missing.code, 2, show(missing));
    assert.match(missing.stderr, /cannot read '.*nothere\.cu': no such file/);
    const header = await cu2metal(['run', SOURCES[0]!, path.join(FIX, 'common.h')]);
    assert.equal(header.code, 2, show(header));
    assert.match(header.stderr, /is a header/);
  });
  test('a kernel declared but defined in no file: a link error in the program\'s words', async () => {
    const r = await cu2metal(['run', SOURCES[0]!, SOURCES[2]!]);
    assert.equal(r.code, 4, show(r));
    assert.match(r.stderr, /kernel 'scale' is declared \(.*a\.cu\) but defined in no source file/, show(r));
  });
  test('an extern __device__ function defined nowhere fails the build on both backends', async () => {
    for (const backend of ['msl-cpu', 'cuda-cpu']) {
      // b.cu's `smooth` comes from a.cu; here a polish.cu without it stands in for a.cu.
      const d = tmp();
      fs.writeFileSync(path.join(d, 'polish.cu'), '#include "common.h"\nvoid polishOnDevice(float* d, int n, Range r) {}\n');
      const bad = await cu2metal(['run', SOURCES[1]!, SOURCES[2]!, path.join(d, 'polish.cu'), '-I', FIX, '--backend', backend]);
      assert.equal(bad.code, 4, show(bad));
      assert.match(bad.stderr, /smooth/, show(bad));
    }
  });
  test('static __device__ functions of the same name in two .cu files: each file keeps its own (renamed in the MSL)', async () => {
    const d = tmp();
    fs.writeFileSync(path.join(d, 'one.cu'), 'static __device__ float f(float v) { return v + 1.0f; }\n__global__ void k1(float* x) { x[threadIdx.x] = f(x[threadIdx.x]); }\n');
    fs.writeFileSync(
      path.join(d, 'two.cu'),
      [
        '#include <cstdio>',
        'static __device__ float f(float v) { return v * 2.0f; }',
        '__global__ void k2(float* x) { x[threadIdx.x] = f(x[threadIdx.x]); }',
        '__global__ void k1(float* x);',
        'int main() {',
        '  float h[4] = {1, 2, 3, 4};',
        '  float* d;',
        '  cudaMalloc(&d, sizeof h);',
        '  cudaMemcpy(d, h, sizeof h, cudaMemcpyHostToDevice);',
        '  k1<<<1, 4>>>(d);',
        '  k2<<<1, 4>>>(d);',
        '  cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost);',
        '  printf("%g %g %g %g\\n", h[0], h[1], h[2], h[3]);',
        '  return 0;',
        '}',
      ].join('\n'),
    );
    for (const backend of ['msl-cpu', 'cuda-cpu']) {
      const r = await cu2metal(['run', 'one.cu', 'two.cu', '--backend', backend], { cwd: d });
      assert.equal(r.code, 0, show(r));
      assert.equal(r.stdout, '4 6 8 10\n', show(r)); // (x + 1) * 2
    }
    const t = await cu2metal(['translate', 'one.cu', 'two.cu', '--stdout'], { cwd: d });
    assert.match(t.stdout, /static float f_one_cu\(float v\)/);
    assert.match(t.stdout, /x\[threadIdx\.x\] = f_two_cu\(/);
  });
  test('two different non-static definitions of one device function: a build error with a hint', async () => {
    const d = tmp();
    fs.writeFileSync(path.join(d, 'one.cu'), '__device__ float f(float v) { return v + 1.0f; }\n__global__ void k1(float* x) { x[threadIdx.x] = f(x[threadIdx.x]); }\n');
    fs.writeFileSync(path.join(d, 'two.cu'), '__device__ float f(float v) { return v * 2.0f; }\n__global__ void k2(float* x) { x[threadIdx.x] = f(x[threadIdx.x]); }\nint main() { return 0; }\n');
    const r = await cu2metal(['run', 'one.cu', 'two.cu'], { cwd: d });
    assert.equal(r.code, 4, show(r));
    assert.match(r.stderr, /two\.cu:1:\d+: error: redefinition of 'f'/, show(r));
    assert.match(r.stderr, /'f' is defined differently in two \.cu files/, show(r));
    const ref = await cu2metal(['run', 'one.cu', 'two.cu', '--backend', 'cuda-cpu'], { cwd: d });
    assert.equal(ref.code, 4, show(ref));
    assert.match(ref.stderr, /multiple definition of .*f\(float\)/, show(ref));
  });
  test('a .cpp file with a kernel launch is host code, as for nvcc: the build says why it fails', async () => {
    const d = tmp();
    fs.writeFileSync(path.join(d, 'k.cu'), '__global__ void k(int* x) { x[0] = 1; }\n');
    fs.writeFileSync(path.join(d, 'main.cpp'), '#include <cuda_runtime.h>\n__global__ void k(int* x);\nint main() { int* d; cudaMalloc(&d, 4); k<<<1, 1>>>(d); return 0; }\n');
    const r = await cu2metal(['run', 'k.cu', 'main.cpp'], { cwd: d });
    assert.equal(r.code, 4, show(r));
    assert.match(r.stderr, /main\.cpp contains a kernel launch .*launches belong in a \.cu file/, show(r));
  });
  test('a program of .cpp files only (runtime API calls, no kernels) runs', async () => {
    const d = tmp();
    fs.writeFileSync(
      path.join(d, 'copy.cpp'),
      [
        '#include <cstdio>',
        '#include <cuda_runtime.h>',
        'int main() {',
        '  int h[64], back[64];',
        '  for (int i = 0; i < 64; i++) h[i] = i * 3;',
        '  int* d;',
        '  if (cudaMalloc(&d, sizeof h) != cudaSuccess) { printf("malloc failed\\n"); return 1; }',
        '  cudaMemcpy(d, h, sizeof h, cudaMemcpyHostToDevice);',
        '  cudaMemset(d, 0, 16 * sizeof(int));',
        '  cudaMemcpy(back, d, sizeof back, cudaMemcpyDeviceToHost);',
        '  for (int i = 0; i < 64; i++) if (back[i] != (i < 16 ? 0 : i * 3)) { printf("FAILED at %d\\n", i); return 1; }',
        '  cudaFree(d);',
        '  printf("PASSED\\n");',
        '  return 0;',
        '}',
      ].join('\n'),
    );
    const r = await cu2metal(['run', 'copy.cpp'], { cwd: d });
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /^PASSED$/m);
  });
});

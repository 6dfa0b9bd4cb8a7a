// Grid-wide synchronisation (issue 6; src/translate/gridSync.ts, docs/DESIGN.md): kernels split at
// their grid syncs run as parts that cudaLaunchCooperativeKernel launches in order, on both CPU
// backends (both run the same split) and diffed.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cu2metal, show } from '../helpers/cli';

const fixture = (name: string): string => path.join('test', 'fixtures', 'grid_sync', name);
const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-test-'));

describe('grid-wide synchronisation: kernels split at their grid syncs', () => {
  const programs: [string, string, RegExp][] = [
    ['grid_reduce.cu', 'a multi-block reduction with two grid syncs, a local live across both, the grid too large for the device refused', /blocks \d+, total 69985\.0 \(expected 69985\.0\), 0 wrong\ntoo large: cudaErrorCooperativeLaunchTooLarge\nPASSED/],
    ['grid_loop.cu', 'a grid sync in a loop over parameters (the host runs it), a running sum and a __shared__ scratch array across syncs', /5 sweeps on 2 blocks: .*0 wrong\nPASSED/],
    ['grid_arch.cu', 'grid syncs inside #if __CUDA_ARCH__ >= 700 around the body; a __shared__ cuda::barrier and a __shared__ total across syncs', /total 30010 \(expected 30010\), 0 wrong\nPASSED/],
    ['grid_while.cu', 'a while loop around grid syncs whose condition reads device memory the loop writes (the host runs it; a part tests the condition)', /485 sweeps \(expected 485\), u\[n\/2\] = [0-9.]+, 0 wrong\nPASSED/],
    ['grid_helpers.cu', 'syncs in __device__ helpers (inlined), in a uniform if/else and in a for loop bounded by device memory; threads that disagree about the branch fail the launch', /steps 1 1 2 2, last sum 250\.0, final sum 250\.0 \(expected 250\.0\), 0 wrong\nthreads that disagree about the branch: cudaErrorLaunchFailure\nPASSED/],
    ['grid_shared.cu', 'a __shared__ tile, a pointer and a double across syncs; grid queries; cudaLaunchKernelEx cooperative; <<<>>> of a resident grid runs as on an H100', /cooperative launch: 0 wrong; size 32, blocks 2, valid 1, block_rank 1, thread_rank 19\ncudaLaunchKernelEx, cooperative: 0 wrong\n<<<>>>: launch cudaSuccess, synchronize cudaSuccess, 0 wrong\nPASSED/],
  ];
  for (const [file, what, out] of programs) {
    for (const backend of ['msl-cpu', 'cuda-cpu']) {
      test(`${what} on ${backend}`, async () => {
        const r = await cu2metal(['run', fixture(file), '--backend', backend]);
        assert.equal(r.code, 0, show(r));
        assert.match(r.stdout, out);
      });
    }
  }
  test('diff: the reduction\'s copies match the reference', async () => {
    const r = await cu2metal(['diff', fixture('grid_reduce.cu')]);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /OK: \d+ of \d+ copies match/);
  });
  test('diff: the #if __CUDA_ARCH__ kernel\'s copies match the reference', async () => {
    const r = await cu2metal(['diff', fixture('grid_arch.cu')]);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /OK: \d+ of \d+ copies match/);
  });
  test('diff: the while loop\'s copies match the reference', async () => {
    const r = await cu2metal(['diff', fixture('grid_while.cu')]);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /OK: \d+ of \d+ copies match/);
  });
  test('diff: the loop\'s copies match the reference', async () => {
    const r = await cu2metal(['diff', fixture('grid_loop.cu')]);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /OK: \d+ of \d+ copies match/);
  });
  test('the MSL has one kernel per part, the host one stub per part and a driver for the loop', async () => {
    const dir = tmp();
    const r = await cu2metal(['translate', fixture('grid_loop.cu'), '-o', dir]);
    assert.equal(r.code, 0, show(r));
    const msl = fs.readFileSync(path.join(dir, 'grid_loop.metal'), 'utf8');
    assert.deepEqual([...msl.matchAll(/kernel void (sweep\w*)\(/g)].map((m) => m[1]), ['sweep_part0', 'sweep_part1', 'sweep_part2', 'sweep_part3']);
    assert.match(msl, /\/\* for \(int s = 0; s < sweeps; \+\+s\) runs on the host: sweep continues in sweep_part1 \*\//);
    const host = fs.readFileSync(path.join(dir, 'grid_loop.host.cpp'), 'utf8');
    assert.match(host, /static void cu2m_loops_sweep\(cu2m_grid_run\* cu2m_run, dim3 gridDim, dim3 blockDim, float\* a, float\* b, float\* residual, int n, int sweeps\) \{\n {2}\(void\)gridDim, \(void\)blockDim;\n {2}cu2mGridPart\(cu2m_run, 0u, nullptr, 0u\);\n {2}for \(int s = 0; s < sweeps; \+\+s\) \{/);
    assert.match(host, /CU2M_REGISTER_GRID_SPLIT\(cu2m_split, sweep\);/);
  });
  // test/fixtures/gpu/gridsync_plain*.cu (recorded on an H100) pin down the GPU's side: a <<<>>> of
  // a grid-syncing kernel fails (cudaErrorLaunchFailure, sticky) before the program's first
  // cooperative launch and runs after one. A grid too large to be resident hangs there: only here.
  test('<<<>>> and cudaLaunchKernel of a split kernel after a cooperative launch: the parts run when the grid can be resident at once, a larger grid (a hang on CUDA) is refused', async () => {
    const dir = tmp();
    const cu = path.join(dir, 'plain_sync.cu');
    fs.writeFileSync(cu, [
      '#include <cooperative_groups.h>',
      '#include <cstdio>',
      'namespace cg = cooperative_groups;',
      '__global__ void mark(int* a) { a[0] = 1; }',
      '__global__ void shift(int* a, int* b, int n) {',
      '  cg::grid_group g = cg::this_grid();',
      '  const int i = blockIdx.x * blockDim.x + threadIdx.x;',
      '  if (i < n) a[i] = i * 2;',
      '  g.sync();',
      '  if (i < n) b[i] = a[(i + blockDim.x) % n];',
      '}',
      'int main() {',
      '  int perSm = 0, sms = 0;',
      '  cudaOccupancyMaxActiveBlocksPerMultiprocessor(&perSm, shift, 64, 0);',
      '  cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, 0);',
      '  const int fit = perSm * sms, n = (fit + 1) * 64;',
      '  int *a, *b;',
      '  cudaMalloc(&a, n * sizeof(int));',
      '  cudaMalloc(&b, n * sizeof(int));',
      '  cudaMemset(b, 0, n * sizeof(int));',
      '  void* markArgs[] = {&a};',
      '  cudaLaunchCooperativeKernel((const void*)mark, dim3(1), dim3(1), markArgs, 0, 0);',
      '  const int m = fit * 64;',
      '  shift<<<fit, 64>>>(a, b, m);',
      '  cudaError_t launch = cudaGetLastError(), sync = cudaDeviceSynchronize();',
      '  int* h = new int[n];',
      '  cudaMemcpy(h, b, n * sizeof(int), cudaMemcpyDeviceToHost);',
      '  int wrong = 0;',
      '  for (int i = 0; i < m; ++i) wrong += h[i] != ((i + 64) % m) * 2;',
      '  printf("fits: %s %s, %d wrong\\n", cudaGetErrorName(launch), cudaGetErrorName(sync), wrong);',
      '  void* args[] = {&a, &b, (void*)&m};',
      '  cudaMemset(b, 0, n * sizeof(int));',
      '  launch = cudaLaunchKernel((const void*)shift, dim3(fit), dim3(64), args, 0, 0);',
      '  sync = cudaDeviceSynchronize();',
      '  cudaMemcpy(h, b, n * sizeof(int), cudaMemcpyDeviceToHost);',
      '  wrong = 0;',
      '  for (int i = 0; i < m; ++i) wrong += h[i] != ((i + 64) % m) * 2;',
      '  printf("cudaLaunchKernel: %s %s, %d wrong\\n", cudaGetErrorName(launch), cudaGetErrorName(sync), wrong);',
      '  cudaMemset(b, 0, n * sizeof(int));',
      '  shift<<<fit + 1, 64>>>(a, b, n);',
      '  launch = cudaGetLastError();',
      '  sync = cudaDeviceSynchronize();',
      '  cudaMemcpy(h, b, n * sizeof(int), cudaMemcpyDeviceToHost);',
      '  printf("too large: %s %s, b[0] %d\\n", cudaGetErrorName(launch), cudaGetErrorName(sync), h[0]);',
      '  return 0;',
      '}',
      '',
    ].join('\n'));
    for (const backend of ['msl-cpu', 'cuda-cpu']) {
      const r = await cu2metal(['run', cu, '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^fits: cudaSuccess cudaSuccess, 0 wrong\ncudaLaunchKernel: cudaSuccess cudaSuccess, 0 wrong\ntoo large: cudaErrorCooperativeLaunchTooLarge cudaSuccess, b\[0\] 0$/m, backend);
      assert.match(r.stderr, /a launch without cudaLaunchCooperativeKernel of shift: \d+ blocks of 64 threads, .*on CUDA its grid\.sync\(\) would wait forever/, backend);
    }
  });
  test('a kernel without grid syncs through cudaLaunchCooperativeKernel runs as launched; the multi-device form is refused (C2M2003)', async () => {
    const dir = tmp();
    const cu = path.join(dir, 'plain.cu');
    fs.writeFileSync(cu, [
      '#include <cstdio>',
      '__global__ void fill(int* p, int v) { p[blockIdx.x * blockDim.x + threadIdx.x] = v; }',
      'int main() {',
      '  int* p;',
      '  cudaMalloc(&p, 64 * sizeof(int));',
      '  int v = 7;',
      '  void* args[] = {&p, &v};',
      '  cudaError_t e = cudaLaunchCooperativeKernel((void*)fill, dim3(2), dim3(32), args, 0, 0);',
      '  int h[64];',
      '  cudaMemcpy(h, p, sizeof h, cudaMemcpyDeviceToHost);',
      '  printf("%s %d %d\\n", cudaGetErrorName(e), h[0], h[63]);',
      '  return 0;',
      '}',
      '',
    ].join('\n'));
    const r = await cu2metal(['run', cu, '--backend', 'msl-cpu']);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /^cudaSuccess 7 7$/m);
    const multi = path.join(dir, 'multi.cu');
    fs.writeFileSync(multi, fs.readFileSync(cu, 'utf8').replace('  int h[64];', '  cudaLaunchParams lp[1] = {};\n  cudaLaunchCooperativeKernelMultiDevice(lp, 1, 0);\n  int h[64];'));
    const m = await cu2metal(['check', multi]);
    assert.equal(m.code, 3, show(m));
    assert.match(m.stderr, /multi\.cu:10:3: error: 'cudaLaunchCooperativeKernelMultiDevice' is not supported by the cu2metal runtime yet: one device .*\[C2M2003\]/);
  });
});

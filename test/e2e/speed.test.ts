// The fast execution paths of the CPU backends (issue 8): the block entry of barrier-free kernels
// (cu2m_block_NAME: a whole block per call) and light fibers for barrier kernels. Each must give
// exactly the results, printf order and diagnostics of the plain paths (CU2METAL_BLOCK_ENTRY=0,
// CU2METAL_LIGHT_FIBERS=0).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cu2metal, show } from '../helpers/cli';
import { cudaGlue, mslGlue } from '../../src/build/glue';
import { translateSource } from '../../src/translate/index';

const prog = path.join('test', 'fixtures', 'speed', 'blockentry.cu');
const BACKENDS = ['msl-cpu', 'cuda-cpu'] as const;
const PLAIN = { CU2METAL_BLOCK_ENTRY: '0', CU2METAL_LIGHT_FIBERS: '0' };

describe('CPU fast paths', () => {
  test('the glue gives barrier-free kernels a block entry with the arguments read once per block, barrier kernels none', () => {
    const t = translateSource(prog, fs.readFileSync(prog, 'utf8'));
    for (const glue of [mslGlue(t.manifest), cudaGlue(t.manifest)]) {
      for (const k of ['ids3d', 'tail', 'hello', 'checked']) assert.match(glue, new RegExp(`void cu2m_block_${k}\\(void\\* const\\* args, cu2m_thread_ctx\\* ctx\\)`));
      assert.match(glue, /void cu2m_entry_reverseAndSum\(/);
      assert.doesNotMatch(glue, /cu2m_block_reverseAndSum/);
      // Entering the block sees its first thread, not the previous block's last.
      assert.match(glue, /void cu2m_block_tail\(void\* const\* args, cu2m_thread_ctx\* ctx\) \{\n {2}cu2m_run_tail\(args, ctx, true, ctx->block_idx\);\n\}/);
      assert.match(glue, /void cu2m_run_tail\(void\* const\* args, cu2m_thread_ctx\* ctx, bool cu2m_enter, cu2m_dim3 cu2m_blk\) \{\n {2}ctx->thread_idx = cu2m_dim3\{0, 0, 0\};\n {2}ctx->linear_tid = 0;\n {2}if \(cu2m_enter\) \{\n {4}ctx->block_idx = cu2m_blk;\n {4}cu2m_(msl|cuda)::enter\(ctx\);\n {2}\}\n {2}ctx->block_idx = cu2m_blk;\n/);
    }
    // cuda-cpu kernels read threadIdx through the context: it is written per thread, and the
    // thread's context set again after enter() so that the compiler sees those writes.
    assert.match(cudaGlue(t.manifest), /for \(uint32_t x = 0; x < cu2m_bx; \+\+x, \+\+linear\) \{\n {8}ctx->thread_idx\.x = x;/);
    assert.match(cudaGlue(t.manifest), /cu2m_cuda::enter\(ctx\);\n {2}\}\n {2}ctx->block_idx = cu2m_blk;\n {2}::cu2m_cpu::current = ctx;/);
    // msl-cpu passes the thread position as an argument: nothing is stored per thread (the loop
    // can be vectorised).
    const mslBlock = mslGlue(t.manifest).split('void cu2m_run_tail(')[1]!.split('\n}\n')[0]!;
    assert.match(mslBlock, /for \(uint32_t x = 0; x < cu2m_bx; \+\+x\) \{/);
    assert.doesNotMatch(mslBlock, /ctx->(thread_idx\.x|linear_tid) = (x|linear)/);
    assert.match(mslGlue(t.manifest), /const auto cu2m_a0 = \(device uint\*\)\(uintptr_t\)\*\(void\* const\*\)args\[0\];/);
    assert.match(mslGlue(t.manifest), /cu2m_msl::u3\(cu2m_dim3\{x, y, z\}\)/);
    assert.match(cudaGlue(t.manifest), /const auto cu2m_values = cu2m_glue::load\(tail, args\);[^]*cu2m_glue::apply\(tail, cu2m_values\);/);
  });
  test('the range entry: barrier-free kernels run a chunk of blocks per call, entered once before the loop unless the kernel has shared memory to poison', () => {
    const src = [
      '#include <cuda_runtime.h>',
      '__global__ void none(float* a) { a[blockIdx.x * blockDim.x + threadIdx.x] = 1; }',
      '__global__ void dyn(float* a) { extern __shared__ float s[]; s[threadIdx.x] = 1; a[threadIdx.x] = s[threadIdx.x]; }',
      '__global__ void stat(float* a) { __shared__ float s[32]; s[threadIdx.x] = 1; a[threadIdx.x] = s[threadIdx.x]; }',
      '__global__ void bar(float* a) { __shared__ float s[32]; s[threadIdx.x] = 1; __syncthreads(); a[threadIdx.x] = s[31 - threadIdx.x]; }',
    ].join('\n');
    const t = translateSource('range.cu', src);
    assert.ok(t.ok, t.diagnostics.map((d) => d.message).join('\n'));
    for (const [dialect, glue] of [['msl', mslGlue(t.manifest, new Map(), t.msl)], ['cuda', cudaGlue(t.manifest, true, new Map(), t.cudaCpu)]] as const) {
      const range = (k: string): string => glue.split(`void cu2m_blocks_${k}(void* const* args, cu2m_thread_ctx* ctx, uint64_t cu2m_first, uint64_t cu2m_last) {`)[1]?.split('\n}\n')[0] ?? '';
      // Without shared memory: entered as the first block's thread 0, then a loop that calls nothing else.
      assert.match(range('none'), new RegExp(`ctx->block_idx = cu2m_dim3\\{cu2m_x, cu2m_y, cu2m_z\\};\\n {2}cu2m_${dialect}::enter\\(ctx\\);\\n {2}for \\(uint64_t cu2m_b = cu2m_first; cu2m_b < cu2m_last; \\+\\+cu2m_b\\) \\{\\n {4}cu2m_run_none\\(args, ctx, false, cu2m_dim3\\{cu2m_x, cu2m_y, cu2m_z\\}\\);`), glue);
      // Shared memory: every block entered (its memory poisoned).
      for (const k of ['dyn', 'stat']) {
        assert.doesNotMatch(range(k), /enter\(ctx\)/, k);
        assert.match(range(k), new RegExp(`cu2m_run_${k}\\(args, ctx, true, cu2m_dim3\\{cu2m_x, cu2m_y, cu2m_z\\}\\);`), k);
      }
      // Blocks in order, x fastest.
      assert.match(range('none'), /if \(\+\+cu2m_x == cu2m_gx\) \{\n {6}cu2m_x = 0;\n {6}if \(\+\+cu2m_y == cu2m_gy\) cu2m_y = 0, \+\+cu2m_z;/);
      assert.doesNotMatch(glue, /cu2m_blocks_bar\b/);
    }
  });
  for (const backend of BACKENDS) {
    test(`3D blocks, a tail block, per-thread argument copies, printf order, barriers and shuffles: fast and plain paths agree on ${backend}`, async () => {
      const fast = await cu2metal(['run', prog, '--backend', backend]);
      assert.equal(fast.code, 0, show(fast));
      assert.match(fast.stdout, /^block 0 thread \(0,0\)\nblock 0 thread \(1,0\)\nblock 0 thread \(0,1\)\nblock 0 thread \(1,1\)\nblock 1 thread \(0,0\)\n/m);
      assert.match(fast.stdout, /PASSED\n$/);
      const plain = await cu2metal(['run', prog, '--backend', backend], { env: PLAIN });
      assert.equal(plain.code, 0, show(plain));
      assert.equal(fast.stdout, plain.stdout);
    });
    test(`a device assert in the block entry names its block and thread on ${backend}`, async () => {
      for (const env of [{}, PLAIN]) {
        const r = await cu2metal(['run', prog, '--backend', backend, '--', 'assert'], { env });
        assert.match(r.stderr, /blockentry\.cu:34: checked: block: \[1,0,0\], thread: \[5,0,0\] Assertion `!\(blockIdx\.x == 1 && threadIdx\.x == 5\)` failed\./, show(r));
        assert.match(r.stdout, /after assert: cudaErrorAssert/, show(r));
      }
    });
  }
  for (const backend of BACKENDS) {
    test(`every block of a barrier-free kernel starts with poisoned dynamic and static shared memory on ${backend} (range entry, block entry and plain path)`, async () => {
      const fixture = path.join('test', 'fixtures', 'speed', 'poison.cu');
      for (const env of [{ CU2METAL_THREADS: '1' }, { CU2METAL_THREADS: '1', CU2METAL_RANGE_ENTRY: '0' }, { ...PLAIN, CU2METAL_THREADS: '1' }]) {
        const r = await cu2metal(['run', fixture, '--backend', backend], { env });
        assert.equal(r.code, 0, show(r));
        const blocks = [0, 1, 2, 3].map((b) => `block ${b} saw -1\n`).join('');
        assert.equal(r.stdout, blocks + blocks.replace(/^(?=.)/gm, 'static: '), show(r));
      }
    });
  }
  test('a divergent barrier is reported with Boost.Context fibers too (CU2METAL_LIGHT_FIBERS=0)', async () => {
    const r = await cu2metal(['run', path.join('test', 'fixtures', 'barriers', 'divergent.cu'), '--backend', 'cuda-cpu', '--', 'sites'], { env: PLAIN });
    assert.equal(r.code, 1, show(r));
    assert.match(r.stderr, /divergent barrier in kernel twoSites, block \(\d,0,0\): threads 0, 2, 4, .* wait at the barrier at test\/fixtures\/barriers\/divergent\.cu:29 and threads 1, 3, 5, .* wait at the barrier at test\/fixtures\/barriers\/divergent\.cu:32;/);
  });
  test('the compiler version is asked once and kept in the cache (a warm run starts no `clang++ --version`); cuda-cpu modules use a precompiled emulation header', async () => {
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-speed-'));
    try {
      const first = await cu2metal(['translate', prog, '-o', path.join(cache, 'out')], { env: { CU2METAL_CACHE: cache } });
      assert.equal(first.code, 0, show(first));
      const r = await cu2metal(['build', prog, '--backend', 'cuda-cpu', '-o', path.join(cache, 'prog')], { env: { CU2METAL_CACHE: cache } });
      assert.equal(r.code, 0, show(r));
      const files = fs.readdirSync(path.join(cache, 'toolchain')).filter((f) => /^version-[0-9a-f]+\.json$/.test(f));
      assert.equal(files.length, 1, files.join(', '));
      const want = (spawnSync('clang++', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0] ?? '');
      assert.equal(JSON.parse(fs.readFileSync(path.join(cache, 'toolchain', files[0]!), 'utf8')), want);
      // A version file that says otherwise is believed: proof that it is read instead of asking.
      fs.writeFileSync(path.join(cache, 'toolchain', files[0]!), JSON.stringify('clang version 0.0-test'));
      const again = await cu2metal(['build', prog, '--backend', 'cuda-cpu', '-o', path.join(cache, 'prog2')], { env: { CU2METAL_CACHE: cache } });
      assert.equal(again.code, 0, show(again));
      assert.ok(fs.readdirSync(path.join(cache, 'runtime')).length >= 2, 'the changed version is part of the runtime key: a second runtime was built');
      // cuda-cpu modules use the emulation header precompiled into the cache.
      const pchs = fs.readdirSync(path.join(cache, 'runtime'), { recursive: true }).map(String).filter((f) => /cu2m_cuda_device-[0-9a-f]+\.pch$/.test(f));
      assert.ok(pchs.length >= 1, 'a precompiled emulation header');
      // An error in the device code is reported as without it, once.
      const bad = path.join(cache, 'bad.cu');
      fs.writeFileSync(bad, '#include <cuda_runtime.h>\n__global__ void k(int *p) { p[0] = undeclared_name; }\nint main() { return 0; }\n');
      const err = await cu2metal(['build', bad, '--backend', 'cuda-cpu', '-o', path.join(cache, 'bad')], { env: { CU2METAL_CACHE: cache } });
      assert.notEqual(err.code, 0, show(err));
      assert.equal(err.stderr.match(/use of undeclared identifier 'undeclared_name'/g)?.length, 1, show(err));
      assert.match(err.stderr, /reference device code \(bad\.cu\) failed to compile/, show(err));
    } finally {
      fs.rmSync(cache, { recursive: true, force: true });
    }
  });
});

// Full blocks of bounds-checked 1-D kernels (src/build/fullBlock.ts, issue 8): which kernels get
// the block entry's second loop, that it runs them exactly as the general loop does, and that the
// compiler vectorises it at the modules' -O2 (what the copy is for).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { moduleSource } from '../../src/build/build';
import { fullBlockGuard, fusesBlocks, fusesBlocksCuda } from '../../src/build/fullBlock';
import { cudaGlue, mslGlue } from '../../src/build/glue';
import { translateSource, type Translation } from '../../src/translate/index';
import { cu2metal, show } from '../helpers/cli';

const fixture = path.join('test', 'fixtures', 'speed', 'fullblock.cu');
const translate = (name: string, text: string): Translation => {
  const t = translateSource(name, text);
  assert.ok(t.ok, t.diagnostics.map((d) => d.message).join('\n'));
  return t;
};
/** The guard of the only kernel of `src`, found in its CUDA and in its MSL text (they must agree). */
const guardOf = (src: string): string | undefined => {
  const t = translate('k.cu', `#include <cuda_runtime.h>\n${src}\n`);
  const k = t.manifest.kernels[0]!;
  const cuda = fullBlockGuard(t.cudaCpu, k);
  const msl = fullBlockGuard(t.msl, k);
  assert.equal(cuda?.bound, msl?.bound, `CUDA and MSL disagree:\n${t.msl}`);
  return cuda && `${cuda.indexType} ${cuda.bound}`;
};

describe('full blocks of bounds-checked 1-D kernels', () => {
  test('the pattern: the index of blockIdx.x, blockDim.x and threadIdx.x in any order, `if (i < n)` or `if (i >= n) return;`, an integer parameter as the bound', () => {
    assert.equal(guardOf('__global__ void k(float* a, int n) { int i = blockIdx.x * blockDim.x + threadIdx.x; if (i < n) a[i] = 0; }'), 'int n');
    assert.equal(guardOf('__global__ void k(float* a, unsigned n) { const unsigned i = threadIdx.x + blockDim.x * blockIdx.x; if (i >= n) return; a[i] = 0; }'), 'unsigned n');
    assert.equal(guardOf('__global__ void k(float* a, size_t n) { size_t i = (blockIdx.x * blockDim.x) + threadIdx.x; if (i < n) { a[i] = 0; } }'), 'size_t n');
    assert.equal(guardOf('__global__ void k(int m, float* a, long long n) { long long i = blockIdx.x * blockDim.x + threadIdx.x; if (i >= n) { return; } a[i] = m; }'), 'long long n');
  });
  test('anything else keeps the general loop only', () => {
    // Not the x index, another variable, not the first statement, not a parameter, a float bound.
    assert.equal(guardOf('__global__ void k(float* a, int n) { int i = blockIdx.y * blockDim.y + threadIdx.y; if (i < n) a[i] = 0; }'), undefined);
    assert.equal(guardOf('__global__ void k(float* a, int n) { int i = blockIdx.x * blockDim.x + threadIdx.x; int j = i; if (j < n) a[j] = 0; }'), undefined);
    assert.equal(guardOf('__global__ void k(float* a, int n) { a[0] = 1; int i = blockIdx.x * blockDim.x + threadIdx.x; if (i < n) a[i] = 0; }'), undefined);
    assert.equal(guardOf('#define N 10\n__global__ void k(float* a) { int i = blockIdx.x * blockDim.x + threadIdx.x; if (i < N) a[i] = 0; }'), undefined);
    assert.equal(guardOf('__global__ void k(float* a, float n) { int i = blockIdx.x * blockDim.x + threadIdx.x; if (i < n) a[i] = 0; }'), undefined);
    assert.equal(guardOf('__global__ void k(float* a, short n) { short i = blockIdx.x * blockDim.x + threadIdx.x; if (i < n) a[i] = 0; }'), undefined);
    assert.equal(guardOf('__global__ void k(float* a, int n) { int i = blockIdx.x * blockDim.x + threadIdx.x; if (i <= n) a[i] = 0; }'), undefined);
    // Barrier kernels have no block entry of this kind.
    assert.equal(guardOf('__global__ void k(float* a, int n) { int i = blockIdx.x * blockDim.x + threadIdx.x; if (i < n) a[i] = 0; __syncthreads(); }'), undefined);
  });
  test('the glue: both backends give the fixture\'s kernels a full-block loop that assumes the test and returns, before the general loop', () => {
    const t = translate(fixture, fs.readFileSync(fixture, 'utf8'));
    const msl = mslGlue(t.manifest, new Map(), t.msl);
    const cuda = cudaGlue(t.manifest, true, new Map(), t.cudaCpu);
    // The MSL of `changes` copies its assigned parameter into a local first (`int n = n_arg;`): not the pattern.
    const kernels = { msl: ['twice', 'early', 'wide', 'say', 'checked'], cuda: ['twice', 'early', 'wide', 'changes', 'say', 'checked'] };
    assert.doesNotMatch(msl.split('void cu2m_run_changes(')[1]!.split('\n}\n')[0]!, /__builtin_assume/);
    for (const [glue, names] of [[msl, kernels.msl], [cuda, kernels.cuda]] as const) {
      for (const k of names) {
        const entry = glue.split(`void cu2m_run_${k}(`)[1]!.split('\n}\n')[0]!;
        assert.match(entry, /if \(cu2m_by == 1 && cu2m_bz == 1 && .* > 0 && cu2m_end <= \(uint64_t\).* && cu2m_end <= 0x80000000ull\) \{/, `${k}:\n${entry}`);
        assert.match(entry, /__builtin_assume\(\((int|unsigned|size_t)\)\(cu2m_first \+ x\) < cu2m_bound\);/, entry);
        assert.ok(entry.indexOf('return;') < entry.indexOf('for (uint32_t z = 0; z < cu2m_bz; ++z)'), entry);
      }
    }
    // The bound as each glue reads it: msl-cpu's hoisted `constant int*`, cuda-cpu's parameter tuple.
    assert.match(msl.split('void cu2m_run_twice(')[1]!, /const auto cu2m_bound = \*cu2m_a2;/);
    assert.match(cuda.split('void cu2m_run_twice(')[1]!, /const auto cu2m_bound = std::get<2>\(cu2m_values\);/);
    // cuda-cpu keeps the thread's context current (printf, assert and traps name the thread).
    assert.match(cuda.split('void cu2m_run_twice(')[1]!, /ctx->thread_idx\.x = x;\n {6}ctx->thread_idx\.y = 0;\n {6}ctx->thread_idx\.z = 0;\n {6}ctx->linear_tid = x;/);
    // Without the module text (older callers) nothing changes.
    assert.doesNotMatch(mslGlue(t.manifest), /__builtin_assume/);
    assert.doesNotMatch(cudaGlue(t.manifest), /__builtin_assume/);
  });
  test('msl-cpu: the range entry runs the full blocks of a kernel that sees its thread only through the index as one loop', () => {
    const fuses = (src: string): boolean => {
      const t = translate('k.cu', `#include <cuda_runtime.h>\n#include <cstdio>\n#define TID threadIdx.x\n${src}\n`);
      const k = t.manifest.kernels[0]!;
      assert.equal(fusesBlocks(t.msl, k), /cu2m_count/.test(mslGlue(t.manifest, new Map(), t.msl)));
      return fusesBlocks(t.msl, k);
    };
    assert.equal(fuses('__global__ void k(const float* a, float* b, int n) { int i = blockIdx.x * blockDim.x + threadIdx.x; if (i < n) b[i] = a[i] * blockDim.x; }'), true);
    assert.equal(fuses('__global__ void k(float* b, size_t n) { size_t i = threadIdx.x + blockIdx.x * blockDim.x; if (i >= n) return; b[i] += gridDim.x; }'), true);
    // The thread or block read again, a macro (it may be threadIdx.x), printf of the block, shared memory.
    assert.equal(fuses('__global__ void k(float* b, int n) { int i = blockIdx.x * blockDim.x + threadIdx.x; if (i < n) b[i] = threadIdx.x; }'), false);
    assert.equal(fuses('__global__ void k(float* b, int n) { int i = blockIdx.x * blockDim.x + threadIdx.x; if (i < n) b[i] = blockIdx.x; }'), false);
    assert.equal(fuses('__global__ void k(float* b, int n) { int i = blockIdx.x * blockDim.x + threadIdx.x; if (i < n) b[i] = TID; }'), false);
    assert.equal(fuses('__global__ void k(int n) { int i = blockIdx.x * blockDim.x + threadIdx.x; if (i < n) printf("%d %d\\n", i, blockIdx.x); }'), false);
    assert.equal(fuses('__global__ void k(float* b, int n) { __shared__ float s[1]; int i = blockIdx.x * blockDim.x + threadIdx.x; if (i < n) { s[0] = 1; b[i] = s[0]; } }'), false);
    const t = translate(fixture, fs.readFileSync(fixture, 'utf8'));
    const glue = mslGlue(t.manifest, new Map(), t.msl);
    const range = (k: string): string => glue.split(`void cu2m_blocks_${k}(`)[1]!.split('\n}\n')[0]!;
    for (const k of ['early', 'wide']) {
      assert.match(range(k), /for \(uint32_t x = 0; x < cu2m_count; \+\+x\) \{\n {10}__builtin_assume\(\((unsigned|size_t)\)\(cu2m_base \+ x\) < cu2m_bound\);/, range(k));
      assert.match(range(k), /const uint3 cu2m_b_block_idx = cu2m_msl::u3\(cu2m_dim3\{\(uint32_t\)cu2m_first, 0, 0\}\);/);
    }
    for (const k of ['twice', 'say', 'checked', 'changes']) assert.doesNotMatch(range(k), /cu2m_count/, k);
  });
  test('cuda-cpu: the same fused range where the body also calls nothing (a helper, printf or assert could read threadIdx through the context)', () => {
    const fuses = (src: string): boolean => {
      const t = translate('k.cu', `#include <cuda_runtime.h>\n#include <cstdio>\n${src}\n`);
      const k = t.manifest.kernels[0]!;
      assert.equal(fusesBlocksCuda(t.cudaCpu, k), /cu2m_count/.test(cudaGlue(t.manifest, true, new Map(), t.cudaCpu)));
      return fusesBlocksCuda(t.cudaCpu, k);
    };
    assert.equal(fuses('__global__ void k(const float* a, float* b, int n) { int i = blockIdx.x * blockDim.x + threadIdx.x; if (i < n) b[i] = a[i] * blockDim.x; }'), true);
    assert.equal(fuses('__device__ float f(float x) { return x + threadIdx.x; }\n__global__ void k(const float* a, float* b, int n) { int i = blockIdx.x * blockDim.x + threadIdx.x; if (i < n) b[i] = f(a[i]); }'), false);
    assert.equal(fuses('__global__ void k(const float* a, float* b, int n) { int i = blockIdx.x * blockDim.x + threadIdx.x; if (i < n) b[i] = sqrtf(a[i]); }'), false);
    const t = translate(fixture, fs.readFileSync(fixture, 'utf8'));
    const glue = cudaGlue(t.manifest, true, new Map(), t.cudaCpu);
    const range = (k: string): string => glue.split(`void cu2m_blocks_${k}(`)[1]!.split('\n}\n')[0]!;
    // `changes` assigns its bound: each thread's copy, the glue's value is the one the assumption names.
    for (const k of ['early', 'wide', 'changes']) {
      assert.match(range(k), /ctx->block_idx = cu2m_dim3\{\(uint32_t\)cu2m_first, 0, 0\};\n {8}for \(uint32_t x = 0; x < cu2m_count; \+\+x\) \{/, range(k));
      assert.match(range(k), /ctx->thread_idx\.x = x;\n {10}ctx->thread_idx\.y = 0;\n {10}ctx->thread_idx\.z = 0;\n {10}ctx->linear_tid = x;\n {10}cu2m_glue::apply/);
    }
    for (const k of ['twice', 'say', 'checked']) assert.doesNotMatch(range(k), /cu2m_count/, k);
  });
  for (const backend of ['msl-cpu', 'cuda-cpu'] as const) {
    test(`full and tail blocks, no full block, huge bounds, 2-D blocks, a changed bound, printf and assert: block entry and plain path agree on ${backend}`, async () => {
      const fast = await cu2metal(['run', fixture, '--backend', backend]);
      assert.equal(fast.code, 0, show(fast));
      assert.match(fast.stdout, /i 0 = block 0 thread 0\n(i \d = block \d thread \d\n){9}PASSED\n$/);
      const plain = await cu2metal(['run', fixture, '--backend', backend], { env: { CU2METAL_BLOCK_ENTRY: '0' } });
      assert.equal(plain.code, 0, show(plain));
      assert.equal(fast.stdout, plain.stdout);
      const a = await cu2metal(['run', fixture, '--backend', backend, '--', 'assert']);
      assert.match(a.stderr, /fullblock\.cu:52: checked: block: \[1,0,0\], thread: \[1,0,0\] Assertion `i != 5` failed\./, show(a));
      assert.match(a.stdout, /after assert: cudaErrorAssert/, show(a));
    });
  }
  test('bench vadd: the full-block loop is vectorised at the modules\' -O2 on both backends, in the block entry and in the range entry (the general loop is not)', () => {
    const file = path.join('bench', 'kernels', 'vadd.cu');
    const t = translate(file, fs.readFileSync(file, 'utf8'));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-fullblock-'));
    try {
      for (const backend of ['msl-cpu', 'cuda-cpu'] as const) {
        const src = moduleSource(backend, t, { includeDirs: [], defines: [] }, 'vadd.metal');
        const cpp = path.join(dir, `vadd.${backend}.cpp`);
        fs.writeFileSync(cpp, src.code);
        const args = src.args.filter((a) => a !== '-shared' && a !== '-w');
        const r = spawnSync('clang++', [...args, '-c', cpp, '-o', path.join(dir, `${backend}.o`), '-Rpass=loop-vectorize'], { encoding: 'utf8' });
        assert.equal(r.status, 0, r.stderr);
        // Without debug information a loop's remark names its function: the block entry and the
        // range entry, into which the block's body is inlined (its general loop is "not beneficial"
        // without masked stores, and was the only loop before full blocks).
        const lines = src.code.slice(src.code.indexOf('#line 1 "<cu2metal glue>"')).split('\n');
        for (const entry of ['void cu2m_block_vadd(', 'void cu2m_blocks_vadd(']) {
          const entryLine = lines.findIndex((l) => l.includes(entry));
          assert.ok(entryLine > 0, src.code);
          assert.match(r.stderr, new RegExp(`<cu2metal glue>:${entryLine}:\\d+: remark: vectorized loop`), `${backend} ${entry}:\n${r.stderr}`);
        }
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

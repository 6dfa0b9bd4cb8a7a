// Threads that return before a barrier (src/translate/earlyReturns.ts): the shape of the rewrite,
// what stays as written (with C2M1017), and that msl-cpu's work-item loops take the result.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { translateSource } from '../../src/translate/index';
import { lowerMslForClang } from '../../src/build/mslLower';
import { mslWorkItemLoops } from '../../src/build/mslWorkItemLoops';

const translate = (body: string, params = 'const float* in, float* out, int n', pre = ''): { msl: string; kernel: string; warnings: string[]; ok: boolean; verdict: string | null } => {
  const t = translateSource('k.cu', `${pre}__global__ void kern(${params})\n{\n${body}\n}\n`);
  const start = t.msl.indexOf('kernel void kern(');
  const kernel = t.msl.slice(start).replace(/^#line.*\n/gm, '');
  const lowered = lowerMslForClang(t.msl, 'k.metal');
  const verdict = t.ok && lowered.errors.length === 0 ? (mslWorkItemLoops(lowered.code, t.manifest).verdicts.find((v) => v.kernel === 'kern')?.reason ?? null) : 'not built';
  return { msl: t.msl, kernel, ok: t.ok, warnings: t.diagnostics.filter((d) => d.code === 'C2M1017').map((d) => `${d.start.line}:${d.start.column} ${d.message}`), verdict };
};

describe('early returns before a barrier', () => {
  test('a top-level `if (...) return;` declares the flag; the runs around the barrier are guarded; a value used after the barrier is declared in front', () => {
    const r = translate('  __shared__ float s[64];\n  int i = blockIdx.x * blockDim.x + threadIdx.x;\n  if (i >= n) return;\n  float v = in[i] * 2.0f;\n  s[threadIdx.x] = v;\n  __syncthreads();\n  out[i] = v + s[(threadIdx.x + 1) % 64];');
    assert.ok(r.ok);
    assert.deepEqual(r.warnings, []);
    assert.match(r.kernel, /\/\/ cu2metal: a thread that returns early stays alive \(cu2m_done\)[^\n]*\n {2}bool cu2m_done = \(i >= n\);\n {2}float v;\n {2}if \(!cu2m_done\) \{\n {4}v = in\[i\] \* 2\.0f;\n {4}s\[threadIdx\.x\] = v;\n {2}\}\n {2}threadgroup_barrier\([^)]*\);\n {2}if \(!cu2m_done\) \{\n {4}out\[i\] = v \+ s\[\(threadIdx\.x \+ 1\) % 64\];\n {2}\}\n\}/);
    assert.doesNotMatch(r.kernel, /\breturn\b/);
    assert.equal(r.verdict, null, 'msl-cpu runs it on work-item loops');
  });

  test('returns inside if/else and inside a barrier-free loop: a flag, a break, and the rest of the block guarded', () => {
    const r = translate('  __shared__ float s[64];\n  int i = blockIdx.x * blockDim.x + threadIdx.x;\n  float acc = 0.0f;\n  if (i < n) {\n    for (int k = 0; k < 4; ++k) {\n      if (in[i * 4 + k] < 0.0f) return;\n      acc += in[i * 4 + k];\n    }\n    acc *= 0.5f;\n  } else {\n    return;\n  }\n  s[threadIdx.x] = acc;\n  __syncthreads();\n  out[i] = s[63 - threadIdx.x];');
    assert.ok(r.ok);
    assert.match(r.kernel, /bool cu2m_done = false;/);
    assert.match(r.kernel, /if \(in\[i \* 4 \+ k\] < 0\.0f\) \{ cu2m_done = true; break; \}/);
    assert.match(r.kernel, /\}\n {4}if \(!cu2m_done\) \{\n {6}acc \*= 0\.5f;\n {4}\}/, 'after the loop that may return');
    assert.match(r.kernel, /\} else \{\n {4}cu2m_done = true;\n {2}\}\n {2}if \(!cu2m_done\) \{\n {4}s\[threadIdx\.x\] = acc;\n {2}\}\n {2}threadgroup_barrier/);
    assert.equal(r.verdict, null);
  });

  test('a return inside a block-uniform loop with barriers: the loop body is guarded piece by piece and every thread keeps looping', () => {
    const r = translate('  __shared__ float s[64];\n  int t = threadIdx.x;\n  float v = in[t];\n  for (int k = 0; k < n; ++k) {\n    s[t] = v;\n    __syncthreads();\n    v += s[(t + 1) % 64];\n    if (v > 100.0f) return;\n    __syncthreads();\n  }\n  out[t] = v;');
    assert.ok(r.ok);
    assert.match(r.kernel, /for \(int k = 0; k < n; \+\+k\) \{\n {4}if \(!cu2m_done\) \{\n {6}s\[t\] = v;\n {4}\}\n {4}threadgroup_barrier\([^)]*\);\n {4}if \(!cu2m_done\) \{\n {6}v \+= s\[\(t \+ 1\) % 64\];\n {6}if \(v > 100\.0f\) cu2m_done = true;\n {4}\}\n {4}threadgroup_barrier/);
    assert.match(r.kernel, /\}\n {2}if \(!cu2m_done\) \{\n {4}out\[t\] = v;\n {2}\}/);
  });

  test('__syncthreads_count/and/or after a return: a thread that returned counts 0, keeps _and true and _or false', () => {
    const r = translate('  int i = blockIdx.x * blockDim.x + threadIdx.x;\n  if (i >= n) return;\n  float v = in[i];\n  int c = __syncthreads_count(v > 0.0f);\n  int a = __syncthreads_and(v > 0.0f);\n  int o = __syncthreads_or(v > 1.0f);\n  out[i] = c + a + o;');
    assert.ok(r.ok);
    assert.match(r.kernel, /int c = cu2m_syncthreads_count\(cu2m_block_vote, !cu2m_done && \(v > 0\.0f\)\);/);
    assert.match(r.kernel, /int a = cu2m_syncthreads_and\(cu2m_block_vote, cu2m_done \|\| \(v > 0\.0f\)\);/);
    assert.match(r.kernel, /int o = cu2m_syncthreads_or\(cu2m_block_vote, !cu2m_done && \(v > 1\.0f\)\);/);
  });

  test("a cooperative thread block's sync() is a barrier too", () => {
    const r = translate('  cooperative_groups::thread_block b = cooperative_groups::this_thread_block();\n  __shared__ float s[64];\n  int i = blockIdx.x * blockDim.x + threadIdx.x;\n  if (i >= n) return;\n  s[threadIdx.x] = in[i];\n  b.sync();\n  out[i] = s[0];', undefined, '#include <cooperative_groups.h>\n');
    assert.ok(r.ok);
    assert.match(r.kernel, /bool cu2m_done = \(i >= n\);\n {2}if \(!cu2m_done\) \{\n {4}s\[threadIdx\.x\] = in\[i\];\n {2}\}\n {2}b\.sync\(\);\n {2}if \(!cu2m_done\) \{/);
  });

  test('a block-uniform return, and returns after the last barrier, stay returns', () => {
    const r = translate('  __shared__ float s[64];\n  if (blockIdx.x >= n) return;\n  s[threadIdx.x] = in[threadIdx.x];\n  __syncthreads();\n  if (threadIdx.x > 10) return;\n  out[threadIdx.x] = s[0];');
    assert.ok(r.ok);
    assert.doesNotMatch(r.kernel, /cu2m_done/);
    assert.match(r.kernel, /if \(blockIdx\.x >= n\) return;/);
  });

  test('a block-uniform return after another return is rewritten too (the threads that returned first must not wait alone)', () => {
    const r = translate('  __shared__ float s[64];\n  int i = threadIdx.x;\n  if (i >= n) return;\n  if (blockIdx.x == 3) return;\n  s[i] = in[i];\n  __syncthreads();\n  out[i] = s[0];');
    assert.ok(r.ok);
    assert.match(r.kernel, /bool cu2m_done = \(i >= n\);\n {2}if \(!cu2m_done\) \{\n {4}if \(blockIdx\.x == 3\) cu2m_done = true;\n {2}\}\n {2}if \(!cu2m_done\) \{\n {4}s\[i\] = in\[i\];\n {2}\}\n {2}threadgroup_barrier/);
  });

  test('a helper with barriers called after a return, and a barrier loop whose condition reads what returned threads skipped: kept as written, with a warning at the return', () => {
    const helper = translate('  int i = threadIdx.x;\n  if (i >= n) return;\n  out[i] = sync2(in[i]);', undefined, '__device__ float sync2(float v) { __shared__ float s[64]; s[threadIdx.x] = v; __syncthreads(); return s[0]; }\n');
    assert.ok(helper.ok);
    assert.doesNotMatch(helper.kernel, /cu2m_done/);
    assert.equal(helper.warnings.length, 1);
    assert.match(helper.warnings[0]!, /^5:15 a thread of kernel 'kern' may return here before a barrier .* because the arguments of 'sync2', which has barriers, would be evaluated by threads that returned/);
    const loop = translate('  __shared__ float s[64];\n  int i = threadIdx.x;\n  if (i >= n) return;\n  int m = (int)in[i];\n  for (int k = 0; k < m; ++k) { s[i] = k; __syncthreads(); }\n  out[i] = s[0];');
    assert.doesNotMatch(loop.kernel, /cu2m_done/);
    assert.match(loop.warnings[0] ?? '', /the condition 'k < m' reads 'm', which a thread that returned did not compute/);
  });

  test('declarations that cannot be split keep the kernel as written', () => {
    const r = translate('  __shared__ float s[64];\n  int i = threadIdx.x;\n  if (i >= n) return;\n  float w[2] = {in[i], 1.0f};\n  s[i] = w[0];\n  __syncthreads();\n  out[i] = s[0] + w[1];');
    assert.doesNotMatch(r.kernel, /cu2m_done/);
    assert.match(r.warnings[0] ?? '', /has an initialiser that cannot become an assignment/);
  });
});

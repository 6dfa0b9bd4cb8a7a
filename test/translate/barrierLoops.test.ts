// Loops and ifs with barriers whose threads leave or skip them at different times
// (src/translate/barrierLoops.ts): which loops are block-uniform (kept as written), the shape of the
// rewrite, and what is kept as written with C2M1018.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { translateSource } from '../../src/translate/index';
import { lowerMslForClang } from '../../src/build/mslLower';
import { mslWorkItemLoops } from '../../src/build/mslWorkItemLoops';

const translate = (body: string, params = 'const int* in, int* out, int n', pre = ''): { kernel: string; warnings: string[]; ok: boolean; verdict: string | null } => {
  const t = translateSource('k.cu', `${pre}__global__ void kern(${params})\n{\n${body}\n}\n`);
  const start = t.msl.indexOf('kernel void kern(');
  const kernel = t.msl.slice(start).replace(/^#line.*\n/gm, '');
  const lowered = lowerMslForClang(t.msl, 'k.metal');
  const verdict = t.ok && lowered.errors.length === 0 ? (mslWorkItemLoops(lowered.code, t.manifest).verdicts.find((v) => v.kernel === 'kern')?.reason ?? null) : 'not built';
  return { kernel, ok: t.ok, warnings: t.diagnostics.filter((d) => d.code === 'C2M1018' || d.code === 'C2M1017').map((d) => `${d.code} ${d.start.line}:${d.start.column} ${d.message}`), verdict };
};
const REWRITTEN = /cu2m_loop|cu2m_if|cu2m_syncthreads_or/;

describe('block-uniform loops with barriers stay as written', () => {
  // [what, kernel body, whether msl-cpu's work-item loops take it]
  const uniform: [string, string, boolean][] = [
    ['a bound from a parameter and a counter of the loop', '  __shared__ int s[256];\n  int t = threadIdx.x;\n  for (int k = 0; k < n; ++k) {\n    s[t] = in[k * 256 + t];\n    __syncthreads();\n    out[k] += s[255 - t];\n    __syncthreads();\n  }', true],
    ['a halving stride from blockDim', '  __shared__ int s[256];\n  int t = threadIdx.x;\n  s[t] = in[t];\n  __syncthreads();\n  for (unsigned stride = blockDim.x / 2; stride > 0; stride >>= 1) {\n    if (t < stride) s[t] += s[t + stride];\n    __syncthreads();\n  }\n  if (t == 0) out[blockIdx.x] = s[0];', true],
    ['a shared value read after a barrier', '  __shared__ int count;\n  __shared__ int s[256];\n  if (threadIdx.x == 0) count = in[0];\n  __syncthreads();\n  int rounds = count * 2;\n  for (int r = 0; r < rounds; ++r) {\n    s[threadIdx.x] = r;\n    __syncthreads();\n  }\n  out[threadIdx.x] = s[0];', false],
    ['a while loop over a uniform local stepped at the top level', '  __shared__ int s[256];\n  int left = n;\n  while (left > 0) {\n    s[threadIdx.x] = left;\n    __syncthreads();\n    out[threadIdx.x] += s[0];\n    __syncthreads();\n    left -= 64;\n  }', true],
    ['a counter reused after a thread-dependent loop over it', '  __shared__ int s[256];\n  int j;\n  int acc = 0;\n  for (j = threadIdx.x; j < n; j += blockDim.x) acc += in[j];\n  s[threadIdx.x] = acc;\n  __syncthreads();\n  for (j = blockDim.x / 2; j > 0; j /= 2) {\n    if (threadIdx.x < j) s[threadIdx.x] += s[threadIdx.x + j];\n    __syncthreads();\n  }\n  out[blockIdx.x] = s[0];', true],
    ['a uniform break', '  __shared__ int s[256];\n  for (int k = 0; k < 100; ++k) {\n    s[threadIdx.x] = k;\n    __syncthreads();\n    if (k * blockDim.x > n) break;\n    out[threadIdx.x] += s[k % 256];\n    __syncthreads();\n  }', false],
  ];
  for (const [what, body, wil] of uniform) {
    test(what, () => {
      const r = translate(body);
      assert.ok(r.ok);
      assert.deepEqual(r.warnings, []);
      assert.doesNotMatch(r.kernel, REWRITTEN);
      if (wil) assert.equal(r.verdict, null, 'msl-cpu runs it on work-item loops');
      else assert.notEqual(r.verdict, null, 'the work-item loops do not know this form (yet): if they now do, say so here');
    });
  }
});

describe('thread-dependent loops and ifs with barriers become block-uniform', () => {
  test('wyllie\'s shape: an if on the index around a while loop whose condition reads memory', () => {
    const r = translate('  int i = blockIdx.x * blockDim.x + threadIdx.x;\n  if (i < n) {\n    int v;\n    while ((v = out[i]) > 0) {\n      int next = v / 2;\n      __syncthreads();\n      out[i] = next;\n    }\n  }');
    assert.ok(r.ok);
    assert.deepEqual(r.warnings, []);
    assert.match(r.kernel, /\/\/ cu2metal: threads that leave a loop with barriers[^\n]*\n {2}const bool cu2m_if1 = \(i < n\);\n {2}\{\n {4}int v;\n {4}bool cu2m_loop1 = cu2m_if1;\n {4}while \(cu2m_syncthreads_or\(cu2m_block_vote, cu2m_loop1 = cu2m_loop1 && \(\(v = out\[i\]\) > 0\)\)\) \{\n {6}int next;\n {6}if \(cu2m_loop1\) \{\n {8}next = v \/ 2;\n {6}\}\n {6}threadgroup_barrier\([^)]*\);\n {6}if \(cu2m_loop1\) \{\n {8}out\[i\] = next;\n {6}\}\n {4}\}\n {2}\}\n\}/);
    assert.match(r.kernel, /threadgroup atomic_int cu2m_block_vote;/, 'the vote counter is declared');
  });

  test('a for loop with a thread-dependent bound: the update runs for the threads still in the loop unless it steps its own counter', () => {
    const own = translate('  __shared__ int s[256];\n  int t = threadIdx.x;\n  for (int k = 0; k < in[t]; ++k) {\n    s[t] = k;\n    __syncthreads();\n    out[t] += s[(t + 1) % 256];\n    __syncthreads();\n  }');
    assert.ok(own.ok);
    assert.match(own.kernel, /bool cu2m_loop1 = true;\n {2}for \(int k = 0; cu2m_syncthreads_or\(cu2m_block_vote, cu2m_loop1 = cu2m_loop1 && \(k < in\[t\]\)\); \+\+k\) \{/);
    const outer = translate('  __shared__ int s[256];\n  int t = threadIdx.x;\n  int k;\n  for (k = 0; k < in[t]; k += in[t + 1]) {\n    s[t] = k;\n    __syncthreads();\n  }\n  out[t] = k;');
    assert.ok(outer.ok);
    assert.match(outer.kernel, /for \(k = 0; cu2m_syncthreads_or\(cu2m_block_vote, cu2m_loop1 = cu2m_loop1 && \(k < in\[t\]\)\); cu2m_loop1 \? \(void\)\(k \+= in\[t \+ 1\]\) : \(void\)0\) \{/);
  });

  test('break and continue of a rewritten loop become flags; the rest of the block is guarded again', () => {
    const r = translate('  __shared__ int s[256];\n  int t = threadIdx.x;\n  int v = in[t];\n  while (true) {\n    s[t] = v;\n    __syncthreads();\n    if (s[(t + 1) % 256] > v) {\n      v -= 3;\n      if (v < 0) break;\n      v += 1;\n    }\n    __syncthreads();\n    if (v % 2) continue;\n    v /= 2;\n  }\n  out[t] = v;');
    assert.ok(r.ok);
    assert.deepEqual(r.warnings, []);
    assert.match(r.kernel, /while \(cu2m_syncthreads_or\(cu2m_block_vote, cu2m_loop1\)\) \{\n {4}bool cu2m_trip1 = cu2m_loop1;/);
    assert.match(r.kernel, /if \(v < 0\) cu2m_loop1 = cu2m_trip1 = false;\n {8}if \(cu2m_trip1\) \{\n {10}v \+= 1;\n {8}\}/);
    assert.match(r.kernel, /if \(v % 2\) cu2m_trip1 = false;\n {4}\}\n {4}if \(cu2m_trip1\) \{\n {6}v \/= 2;\n {4}\}/);
    assert.doesNotMatch(r.kernel, /\b(break|continue);/);
  });

  test('a return after the last barrier stays a return inside its guard', () => {
    const r = translate('  __shared__ int s[256];\n  int t = threadIdx.x;\n  if (t < n) {\n    s[t] = in[t];\n    __syncthreads();\n    if (s[0] < 0) return;\n    out[t] = s[0];\n  }');
    assert.ok(r.ok);
    assert.deepEqual(r.warnings, []);
    assert.match(r.kernel, /threadgroup_barrier\([^)]*\);\n {4}if \(cu2m_if1\) \{\n {6}if \(s\[0\] < 0\) return;\n {6}out\[t\] = s\[0\];\n {4}\}/);
  });

  test('a vote inside a rewritten loop leaves the threads that left it out', () => {
    const r = translate('  int t = threadIdx.x;\n  int v = in[t];\n  int c = 0;\n  while (v > 0) {\n    c += __syncthreads_count(v > 10);\n    v -= 7;\n  }\n  out[t] = c;');
    assert.ok(r.ok);
    assert.match(r.kernel, /c \+= cu2m_syncthreads_count\(cu2m_block_vote, \(cu2m_loop1\) && \(v > 10\)\);/);
  });
});

describe('kept as written with C2M1018', () => {
  test('a return inside a rewritten loop', () => {
    const r = translate('  __shared__ int s[256];\n  int t = threadIdx.x;\n  int v = in[t];\n  while (v > 0) {\n    s[t] = v;\n    __syncthreads();\n    if (s[0] == 5) return;\n    v--;\n  }\n  out[t] = v;');
    // (and the early-return rewrite says why it keeps it too)
    assert.match(r.warnings.join('\n'), /^C2M1018 6:3 threads of kernel 'kern' may leave this loop .* kept as written because a return inside a loop with barriers that threads leave at different times \(line 9\)$/m);
    assert.doesNotMatch(r.kernel, REWRITTEN);
  });

  test('an if/else on the thread with barriers in both branches: its threads would wait at different barriers (undefined in CUDA; the CPU backends report it at run time)', () => {
    const r = translate('  __shared__ int s[256];\n  int t = threadIdx.x;\n  if (t % 2 == 0) {\n    s[t] = in[t];\n    __syncthreads();\n  } else {\n    s[t] = -in[t];\n    __syncthreads();\n  }\n  out[t] = s[255 - t];');
    assert.ok(r.ok);
    assert.equal(r.warnings.length, 1, r.warnings.join('\n'));
    assert.match(r.warnings[0]!, /^C2M1018 5:3 .*kept as written because both branches of this `if` have barriers, so its threads would wait at different barriers \(undefined in CUDA\) \(line 5\)$/);
    assert.doesNotMatch(r.kernel, REWRITTEN);
  });

  test('a helper with barriers called under a thread-dependent if with an argument that reads memory', () => {
    const r = translate('  int t = threadIdx.x;\n  if (t < n) {\n    out[t] = in[t];\n    sync_all(out + in[t]);\n  }', undefined, '__device__ void sync_all(int* p) { __syncthreads(); p[0] = 1; }\n');
    assert.equal(r.warnings.length, 1, r.warnings.join('\n'));
    assert.match(r.warnings[0]!, /C2M1018 .*the arguments of 'sync_all', which has barriers, would be evaluated by threads that do not take part/);
    assert.doesNotMatch(r.kernel, REWRITTEN);
  });

  test('a vote under a thread-dependent ?:', () => {
    const r = translate('  int c = threadIdx.x < 5 ? __syncthreads_count(in[threadIdx.x] > 0) : 0;\n  out[threadIdx.x] = c;');
    assert.equal(r.warnings.length, 1, r.warnings.join('\n'));
    assert.match(r.warnings[0]!, /a barrier under the thread-dependent condition 'threadIdx\.x < 5' of an expression is not rewritten/);
  });

  test('a switch on the thread around a barrier', () => {
    const r = translate('  switch (threadIdx.x % 2) {\n  case 0:\n    __syncthreads();\n    break;\n  default:\n    break;\n  }\n  out[0] = n;');
    assert.equal(r.warnings.length, 1, r.warnings.join('\n'));
    assert.match(r.warnings[0]!, /a switch statement around a barrier is not rewritten/);
  });
});

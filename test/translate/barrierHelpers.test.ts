// __device__ helpers with barriers called where only some threads of the block take part
// (src/translate/barrierLoops.ts, Masking): under a barrier loop's or branch's flag, after an early
// return. Such a helper takes `bool cu2m_active = true`, its body is guarded by it, and the calls
// that need it pass their flag; helpers called only by every thread stay as written.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { translateSource } from '../../src/translate/index';
import { lowerMslForClang } from '../../src/build/mslLower';

const translate = (pre: string, body: string, params = 'const int* in, int* out, int n'): { msl: string; warnings: string[]; ok: boolean; lowered: boolean } => {
  const t = translateSource('k.cu', `${pre}__global__ void kern(${params})\n{\n${body}\n}\n`);
  const msl = t.msl.replace(/^#line.*\n/gm, '');
  const lowered = t.ok && lowerMslForClang(t.msl, 'k.metal').errors.length === 0;
  return { msl, ok: t.ok, lowered, warnings: t.diagnostics.filter((d) => d.code === 'C2M1018' || d.code === 'C2M1017').map((d) => `${d.code} ${d.start.line}:${d.start.column} ${d.message}`) };
};

const SUM = '#define B 64\n__device__ int blockSum(int* buf, int v, int count)\n{\n  const int t = threadIdx.x;\n  buf[t] = v;\n  __syncthreads();\n  for (int s = count / 2; s > 0; s /= 2) {\n    if (t < s) buf[t] += buf[t + s];\n    __syncthreads();\n  }\n  return buf[0];\n}\n';

describe('a helper with barriers called by some threads only takes cu2m_active', () => {
  test('called after an early return: the call passes !cu2m_done and the helper guards its work', () => {
    const r = translate(SUM, '  __shared__ int buf[B];\n  int i = blockIdx.x * blockDim.x + threadIdx.x;\n  if (i >= n) return;\n  int v = in[i] * 2;\n  int s = blockSum(buf, v, blockDim.x);\n  if (threadIdx.x == 0) out[blockIdx.x] = s;');
    assert.ok(r.ok);
    assert.deepEqual(r.warnings, []);
    assert.ok(r.lowered);
    assert.match(r.msl, /int blockSum\(uint3 threadIdx, threadgroup int\* buf, int v, int count, bool cu2m_active = true\)\n\{\n {2}\/\/ cu2metal: some calls come from threads that do not take part[^\n]*\n {2}const int t = threadIdx\.x;\n {2}if \(cu2m_active\) \{\n {4}buf\[t\] = v;\n {2}\}\n {2}threadgroup_barrier\([^)]*\);\n {2}for \(int s = count \/ 2; s > 0; s \/= 2\) \{\n {4}if \(cu2m_active\) \{\n {6}if \(t < s\) buf\[t\] \+= buf\[t \+ s\];\n {4}\}\n {4}threadgroup_barrier\([^)]*\);\n {2}\}\n {2}if \(cu2m_active\) \{\n {4}return buf\[0\];\n {2}\}\n {2}return \{\};\n\}/);
    assert.match(r.msl, /bool cu2m_done = \(i >= n\);/);
    assert.match(r.msl, /\n {2}int s = blockSum\(threadIdx, buf, v, blockDim\.x, !cu2m_done\);\n/);
  });

  test('called inside a loop that threads leave at different times: the loop flag; an assignment keeps the value of the threads that left', () => {
    const r = translate(SUM, '  __shared__ int buf[B];\n  int m = in[threadIdx.x];\n  int acc = 0, s = -1;\n  for (int k = 0; k < m; ++k) {\n    s = blockSum(buf, k, blockDim.x);\n    acc += s;\n  }\n  out[threadIdx.x] = acc + s;');
    assert.ok(r.ok);
    assert.deepEqual(r.warnings, []);
    assert.match(r.msl, /const auto cu2m_ret1 = blockSum\(threadIdx, buf, k, blockDim\.x, cu2m_loop1\); if \(cu2m_loop1\) s = cu2m_ret1;/);
    assert.match(r.msl, /bool cu2m_active = true/);
  });

  test('a helper it calls with barriers gets the flag passed on; a uniform return is taken by every thread', () => {
    const r = translate('__device__ void bar() { __syncthreads(); }\n__device__ int first(int* buf, int v)\n{\n  if (blockDim.x == 1) return v;\n  buf[threadIdx.x] = v;\n  bar();\n  return buf[0];\n}\n', '  __shared__ int buf[64];\n  if (in[threadIdx.x] > 0) {\n    out[threadIdx.x] = first(buf, in[threadIdx.x] + 0);\n  }', 'int* in, int* out, int n');
    assert.ok(r.ok);
    assert.match(r.warnings.join('\n'), /the arguments of 'first'/, 'in[...] read by threads that skipped the branch: refused');
    const ok = translate('__device__ void bar() { __syncthreads(); }\n__device__ int first(int* buf, int v)\n{\n  if (blockDim.x == 1) return v;\n  buf[threadIdx.x] = v;\n  bar();\n  return buf[0];\n}\n', '  __shared__ int buf[64];\n  int v = in[threadIdx.x];\n  int r = 0;\n  if (v > 0) {\n    r = first(buf, v);\n  }\n  out[threadIdx.x] = r;');
    assert.deepEqual(ok.warnings, []);
    assert.ok(ok.lowered);
    assert.match(ok.msl, /void bar\(bool cu2m_active = true\)/);
    assert.match(ok.msl, /if \(blockDim\.x == 1\) \{ if \(cu2m_active\) \{ return v; \} return \{\}; \}/);
    assert.match(ok.msl, /bar\(cu2m_active\);/);
    assert.match(ok.msl, /const auto cu2m_ret1 = first\(threadIdx, blockDim, buf, v, cu2m_if1\); if \(cu2m_if1\) r = cu2m_ret1;/);
  });

  test('a helper every thread calls stays as written', () => {
    const r = translate(SUM, '  __shared__ int buf[B];\n  int s = blockSum(buf, in[threadIdx.x], blockDim.x);\n  if (threadIdx.x == 0) out[blockIdx.x] = s;');
    assert.deepEqual(r.warnings, []);
    assert.doesNotMatch(r.msl, /cu2m_active|cu2m_done|cu2m_loop/);
  });

  test('frna\'s reduction: barriers in the loop header, a parameter every call passes uniformly, a body without braces', () => {
    const r = translate('#define NT 64\n__device__ void minReduce(int* x, int tid, int nt)\n{\n  __shared__ int buf[NT];\n  buf[tid] = *x;\n  for (nt /= 2, __syncthreads(); nt > 0; nt /= 2, __syncthreads())\n    if (tid < nt)\n      buf[tid] = min(buf[tid], buf[tid + nt]);\n  if (tid == 0)\n    *x = buf[0];\n}\n', '  for (int i = blockIdx.x; i < n; i += gridDim.x) {\n    if (in[i * 64 + threadIdx.x] < 0) continue;\n    int v = in[i] + threadIdx.x;\n    minReduce(&v, threadIdx.x, blockDim.x);\n    if (threadIdx.x == 0) out[i] = v;\n  }');
    assert.ok(r.ok);
    assert.deepEqual(r.warnings, []);
    assert.ok(r.lowered);
    assert.match(r.msl, /for \(nt \/= 2, threadgroup_barrier\([^)]*\); nt > 0; nt \/= 2, threadgroup_barrier\([^)]*\)\)\n {4}\{ if \(cu2m_active\) \{ if \(tid < nt\)\n/);
    assert.match(r.msl, /minReduce\([^;]*&v, threadIdx\.x, blockDim\.x, cu2m_trip1\);/);
  });
});

describe('declarations in a rewritten loop', () => {
  test('`float a = e1, b = e2;` is declared in front and assigned as `a = e1, b = e2;` (HeCBench prna)', () => {
    const r = translate('', '  __shared__ float s[64];\n  for (int i = threadIdx.x; i < n; i += blockDim.x) {\n    float a = in[i] * 2.0f, b = -logf(0.0f);\n    s[threadIdx.x] = a + b;\n    __syncthreads();\n    out[i] = s[0];\n  }', 'const float* in, float* out, int n');
    assert.deepEqual(r.warnings, []);
    assert.ok(r.lowered);
    assert.match(r.msl, /\n {4}float a, b;\n {4}if \(cu2m_loop1\) \{\n {6}a = in\[i\] \* 2\.0f, b = -log\(0\.0f\);\n/);
  });
});

describe('braces the rewrite adds', () => {
  test('a rewritten loop that is the unbraced body of a uniform `if` on its own line: the flag goes inside the new braces (HeCBench word2vec)', () => {
    const r = translate('', '  __shared__ int s[64];\n  if (threadIdx.x < n) {\n    int m = in[threadIdx.x];\n    if (n > 1)\n      for (int d = 0; d < m; d++) {\n        s[threadIdx.x] = d;\n        __syncthreads();\n      }\n  }\n  out[threadIdx.x] = s[0];');
    assert.deepEqual(r.warnings, []);
    assert.ok(r.lowered);
    assert.match(r.msl, /if \(n > 1\) \{\n {6}bool cu2m_loop1 = cu2m_if1;\n {6}for \(int d = 0; cu2m_syncthreads_or/);
  });
});

describe('helpers kept as written with a warning', () => {
  test('a helper whose own loop with barriers is thread-dependent (it would need a block vote)', () => {
    const r = translate('__device__ void walk(int* buf, int m)\n{\n  for (int k = 0; k < m; ++k) {\n    buf[threadIdx.x] = k;\n    __syncthreads();\n  }\n}\n', '  __shared__ int buf[64];\n  int m = in[threadIdx.x];\n  if (threadIdx.x < n) {\n    walk(buf, m);\n  }\n  out[threadIdx.x] = buf[0];');
    assert.match(r.warnings.join('\n'), /C2M1018 .*threads of kernel 'kern' .*'walk' has a loop with barriers that threads leave at different times \(a helper has no block vote\)/);
    assert.equal(r.warnings.length, 1, 'the helper itself is kept as written without a warning of its own');
    assert.doesNotMatch(r.msl, /cu2m_active/);
  });

  test('a helper that reaches barriers through a member call (CUB\'s `BlockReduce(t).Reduce(v)`)', () => {
    const r = translate('struct Syncer {\n  __device__ void go() { __syncthreads(); }\n};\n__device__ void h(Syncer& s, int* p) { p[threadIdx.x] = 1; s.go(); }\n', '  Syncer s;\n  if (threadIdx.x < n) {\n    h(s, out);\n  }');
    assert.match(r.warnings.join('\n'), /C2M1018 .*'h' has barriers .* it calls 's\.go\(\)', which reaches barriers in a form the rewrite does not follow/);
    assert.doesNotMatch(r.msl, /cu2m_active/);
  });

  test('a helper with a prototype', () => {
    const r = translate('__device__ void sync_all(int* p);\n__device__ void sync_all(int* p) { __syncthreads(); p[0] = 1; }\n', '  int t = threadIdx.x;\n  if (t < n) {\n    out[t] = in[t];\n    sync_all(out);\n  }');
    assert.match(r.warnings.join('\n'), /'sync_all' has barriers, several definitions or a prototype/);
    assert.doesNotMatch(r.msl, /cu2m_active/);
  });
});

describe('a function name built by macros', () => {
  test('`#define LOG MATHFN(log)` with `#define MATHFN(x) x` is seen as log (HeCBench frna)', () => {
    const t = translateSource('k.cu', '#define MATHFN(x) x\n#define LOG MATHFN(log)\n__global__ void kern(float* a) { a[threadIdx.x] = LOG(a[threadIdx.x]); }\n');
    assert.ok(t.ok, JSON.stringify(t.diagnostics));
    assert.match(t.msl, /a\[threadIdx\.x\] = log\(a\[threadIdx\.x\]\);/);
  });
});

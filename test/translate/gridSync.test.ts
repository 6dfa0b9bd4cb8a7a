// Kernels split at their grid-wide syncs (src/translate/gridSync.ts): the parts, what lives across a
// sync (the liveness: saved to the frame, made again, saved per block, or refused) and the host's
// loops around syncs.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { resolveArchConditionalsAroundGridSyncs, splitGridSyncKernels, type GridSplit } from '../../src/translate/gridSync';
import { translateSource } from '../../src/translate/index';
import { parseSource } from '../../src/parse/parse';
import type { Diagnostic } from '../../src/diagnostics/diagnostic';

const PRE = '#include <cooperative_groups.h>\nnamespace cg = cooperative_groups;\n';
const split = (body: string, params = 'float* p, int n'): { text: string; split: GridSplit | null; diagnostics: Diagnostic[] } => {
  const src = `${PRE}__global__ void k(${params}) {\n${body}\n}\n`;
  const diagnostics: Diagnostic[] = [];
  const r = splitGridSyncKernels(parseSource('k.cu', src), diagnostics);
  return { text: r?.text ?? src, split: r?.splits[0] ?? null, diagnostics };
};
/** The frame struct's fields, by name. */
const frameFields = (text: string): string[] => (/struct k_frame \{ ([^}]*) \}/.exec(text)?.[1] ?? '').split(';').map((f) => f.trim()).filter(Boolean);

describe('liveness across a grid sync', () => {
  test('a local used after the sync is saved and restored; one used before only is not; handles are made again', () => {
    const r = split('  cg::grid_group g = cg::this_grid();\n  float a = p[g.thread_rank()];\n  float unused = a * 2;\n  p[0] = unused;\n  g.sync();\n  p[n - 1 - g.thread_rank()] = a;');
    assert.equal(r.split?.parts, 2);
    assert.deepEqual(frameFields(r.text), ['float a']);
    assert.match(r.text, /cu2m_frame\[cu2m_gt\]\.a = a; \} \/\* grid-wide sync: k continues in k_part1 \*\/ __global__ void k_part1\(float\* p, int n, k_frame\* cu2m_frame\) \{ cg::grid_group g = cg::this_grid\(\); const unsigned int cu2m_gt = [^;]*; float a = cu2m_frame\[cu2m_gt\]\.a;/);
    assert.match(r.text, /__global__ void k_part0\(float\* p, int n, k_frame\* cu2m_frame\) \{ const unsigned int cu2m_gt/);
  });

  test('every line stays on its line', () => {
    const body = '  cg::grid_group g = cg::this_grid();\n  int i = g.thread_rank();\n  g.sync();\n  p[i] += 1;\n  cg::sync(g);\n  p[i] *= 2;';
    const r = split(body);
    assert.equal(r.text.split('\n').length, `${PRE}__global__ void k(float* p, int n) {\n${body}\n}\n`.split('\n').length);
    assert.match(r.text.split('\n')[5]!, /k_part1/);
    assert.match(r.text.split('\n')[7]!, /k_part2/);
  });

  test('a value live over two syncs is saved after each part that restores it; one declared after the first sync belongs to part 1', () => {
    const r = split('  cg::grid_group g = cg::this_grid();\n  int i = g.thread_rank();\n  g.sync();\n  float b = p[i];\n  g.sync();\n  p[i] = b + i;');
    assert.deepEqual(frameFields(r.text), ['int i', 'float b']);
    const part1 = r.text.slice(r.text.indexOf('k_part1('), r.text.indexOf('k_part2('));
    assert.match(part1, /int i = cu2m_frame\[cu2m_gt\]\.i;/);
    assert.match(part1, /cu2m_frame\[cu2m_gt\]\.i = i; cu2m_frame\[cu2m_gt\]\.b = b; \}/);
  });

  test('pointers keep their pointee\'s qualifiers; const values lose theirs in the frame', () => {
    const r = split('  auto g = cg::this_grid();\n  const float* src = p + 1;\n  const int two = 2;\n  g.sync();\n  p[0] = src[0] * two;');
    assert.deepEqual(frameFields(r.text), ['const float* src', 'int two']);
  });

  test('a 1-D __shared__ array named on both sides is saved per block, with barriers around the copies', () => {
    const r = split('  cg::grid_group g = cg::this_grid();\n  __shared__ float tile[64];\n  tile[threadIdx.x] = p[g.thread_rank()];\n  g.sync();\n  p[g.thread_rank()] = tile[63 - threadIdx.x];');
    assert.equal(r.split?.blockFrame, 'k_shared');
    assert.match(r.text, /struct k_shared \{ float tile\[64\]; \};/);
    assert.match(r.text, /__syncthreads\(\); for \(unsigned int cu2m_i = cu2m_lt; cu2m_i < \(64\); [^)]*\) cu2m_shared\[cu2m_gb\]\.tile\[cu2m_i\] = tile\[cu2m_i\]; \}/);
    assert.match(r.text, /k_part1\([^)]*k_shared\* cu2m_shared\) \{[^\n]*__shared__ float tile\[64\];[^\n]*tile\[cu2m_i\] = cu2m_shared\[cu2m_gb\]\.tile\[cu2m_i\]; __syncthreads\(\);/);
  });

  test('a __shared__ variable that is not an array (a cuda::barrier, a total) is saved per block by one thread', () => {
    const r = split('  cg::grid_group g = cg::this_grid();\n  __shared__ float total;\n  if (threadIdx.x == 0) total = p[blockIdx.x];\n  g.sync();\n  p[g.thread_rank()] += total;');
    assert.equal(r.split?.blockFrame, 'k_shared');
    assert.match(r.text, /struct k_shared \{ float total; \};/);
    assert.match(r.text, /__syncthreads\(\); if \(cu2m_lt == 0\) cu2m_shared\[cu2m_gb\]\.total = total; \}/);
    assert.match(r.text, /k_part1\([^)]*\) \{[^\n]*__shared__ float total;[^\n]*if \(cu2m_lt == 0\) total = cu2m_shared\[cu2m_gb\]\.total; __syncthreads\(\);/);
  });

  test('a __shared__ array used on one side only stays where it is', () => {
    const r = split('  cg::grid_group g = cg::this_grid();\n  __shared__ float tile[64];\n  tile[threadIdx.x] = 1;\n  p[0] = tile[0];\n  g.sync();\n  p[1] = 2;');
    assert.equal(r.split?.blockFrame, null);
    assert.equal(r.split?.frame, null);
  });
});

describe('loops around grid syncs run on the host', () => {
  test('a for loop over a parameter: parts before, in and after it, the loop variable a parameter of the parts inside', () => {
    const r = split('  cg::grid_group g = cg::this_grid();\n  float acc = 0;\n  for (int it = 0; it < n; ++it) {\n    acc += p[it];\n    g.sync();\n    p[g.thread_rank()] = acc;\n  }\n  p[0] = acc;');
    assert.equal(r.split?.parts, 4);
    assert.match(r.text, /\/\* for \(int it = 0; it < n; \+\+it\) runs on the host: k continues in k_part1 \*\/ __global__ void k_part1\(float\* p, int n, k_frame\* cu2m_frame, int it\)/);
    assert.match(r.text, /\/\* end of the host's for \(int it = 0; it < n; \+\+it\): k continues in k_part3 \*\/ __global__ void k_part3\(float\* p, int n, k_frame\* cu2m_frame\)/);
    assert.deepEqual(r.split?.driver, [
      '  cu2mGridPart(cu2m_run, 0u, nullptr, 0u);',
      '  for (int it = 0; it < n; ++it) {',
      '    { void* cu2m_vars[] = {(void*)&it}; cu2mGridPart(cu2m_run, 1u, cu2m_vars, 1u); }',
      '    { void* cu2m_vars[] = {(void*)&it}; cu2mGridPart(cu2m_run, 2u, cu2m_vars, 1u); }',
      '  }',
      '  cu2mGridPart(cu2m_run, 3u, nullptr, 0u);',
    ]);
    // acc is carried around the loop: part 2 saves it for the next iteration's part 1.
    const part2 = r.text.slice(r.text.indexOf('k_part2('), r.text.indexOf('k_part3('));
    assert.match(part2, /float acc = cu2m_frame\[cu2m_gt\]\.acc;[\s\S]*cu2m_frame\[cu2m_gt\]\.acc = acc; \}/);
  });

  test('a local declared inside the loop lives within one iteration only', () => {
    const r = split('  cg::grid_group g = cg::this_grid();\n  for (int it = 0; it < 4; ++it) {\n    float v = p[g.thread_rank()];\n    g.sync();\n    p[g.thread_rank() ^ 1] = v;\n  }');
    const part2 = r.text.slice(r.text.indexOf('k_part2('), r.text.indexOf('k_part3('));
    assert.match(part2, /float v = cu2m_frame\[cu2m_gt\]\.v;/);
    assert.doesNotMatch(part2, /cu2m_frame\[cu2m_gt\]\.v = v/);
  });

  test('a straight-line kernel has no driver: its parts run in order', () => {
    assert.equal(split('  p[1] = 0;\n  cg::this_grid().sync();\n  p[0] = 1;').split?.driver, null);
  });

  test('a part with no statements (a sync first, or just before a loop) is not launched', () => {
    assert.deepEqual(split('  cg::this_grid().sync();\n  p[0] = 1;').split?.driver, ['  cu2mGridPart(cu2m_run, 1u, nullptr, 0u);']);
  });
});

describe('what is not split: C2M1019 (or C2M1002 where the sync is written)', () => {
  const refused = (body: string, re: RegExp, params?: string): void => {
    const r = split(body, params);
    assert.equal(r.split, null);
    assert.equal(r.diagnostics.length, 1, r.diagnostics.map((d) => d.message).join('\n'));
    assert.equal(r.diagnostics[0]!.code, 'C2M1019');
    assert.match(r.diagnostics[0]!.message, re);
  };
  test('a return before a sync', () => refused('  cg::grid_group g = cg::this_grid();\n  if (g.thread_rank() >= n) return;\n  g.sync();\n  p[0] = 1;', /a return before the grid sync/));
  test('a loop whose header reads memory', () => refused('  cg::grid_group g = cg::this_grid();\n  for (int i = 0; i < p[0]; ++i) {\n    g.sync();\n  }', /its header reads 'p'/));
  test('a loop whose bound is a thread-dependent local', () => refused('  cg::grid_group g = cg::this_grid();\n  int m = threadIdx.x;\n  for (int i = 0; i < m; ++i) {\n    g.sync();\n  }', /its header reads 'm'/));
  test('a loop over a parameter the kernel assigns', () => refused('  cg::grid_group g = cg::this_grid();\n  n = n / 2;\n  for (int i = 0; i < n; ++i) {\n    g.sync();\n  }', /its header reads 'n'/));
  test('a loop whose body assigns its variable', () => refused('  cg::grid_group g = cg::this_grid();\n  for (int i = 0; i < n; ++i) {\n    g.sync();\n    i += 1;\n  }', /assigns its variable 'i'/));
  test('a break in a loop around a sync', () => refused('  cg::grid_group g = cg::this_grid();\n  for (int i = 0; i < n; ++i) {\n    g.sync();\n    if (i == 2) break;\n  }', /a break in the loop/));
  test('a do loop around a sync', () => refused('  cg::grid_group g = cg::this_grid();\n  int i = 0;\n  do {\n    g.sync();\n    ++i;\n  } while (i < n);', /the do loop at line \d+ synchronises the grid/));
  test('a while loop around a sync whose condition has an effect', () => refused('  cg::grid_group g = cg::this_grid();\n  int i = 0;\n  while (i++ < n) {\n    g.sync();\n  }', /the while loop at line 6 synchronises the grid, and its condition has 'i\+\+' \(each test of the condition is a launch of its own/));
  test('a break in a while loop around a sync', () => refused('  cg::grid_group g = cg::this_grid();\n  int i = 0;\n  while (i < n) {\n    g.sync();\n    if (p[0] > 1) break;\n    ++i;\n  }', /a break in the while loop at line 6/));
  test('a local array live across a sync', () => refused('  cg::grid_group g = cg::this_grid();\n  float v[4] = {0};\n  g.sync();\n  p[0] = v[1];', /the local array 'v'/));
  test('an extern __shared__ array live across a sync', () => refused('  cg::grid_group g = cg::this_grid();\n  extern __shared__ float dyn[];\n  dyn[0] = 1;\n  g.sync();\n  p[0] = dyn[0];', /the __shared__ array 'dyn'/));
  test('an auto value live across a sync', () => refused('  cg::grid_group g = cg::this_grid();\n  auto v = p[0];\n  g.sync();\n  p[1] = v;', /'v' \(auto\)/));
  test('a kernel refused by C2M1019 is not reported again at its syncs', () => {
    const t = translateSource('k.cu', `${PRE}__global__ void k(float* p, int n) {\n  cg::grid_group g = cg::this_grid();\n  if (n > 3) return;\n  g.sync();\n  cg::sync(g);\n}\n`);
    assert.deepEqual(t.diagnostics.filter((x) => x.severity === 'error').map((x) => `${x.code} ${x.start.line}`), ['C2M1019 5']);
  });
  test('a kernel template', () => {
    const diagnostics: Diagnostic[] = [];
    const r = splitGridSyncKernels(parseSource('k.cu', `${PRE}template <int N> __global__ void k(float* p) { cg::this_grid().sync(); p[0] = N; }\n`), diagnostics);
    assert.equal(r, null);
    assert.match(diagnostics[0]?.message ?? '', /the kernel is a template/);
  });
  test('a sync in an else-if chain: C2M1019, braces asked for', () => refused('  cg::grid_group g = cg::this_grid();\n  if (n > 2) {\n    g.sync();\n  } else if (n > 1) {\n    g.sync();\n  }', /write braces around its else branch/));
  test('an if around a sync whose condition has an effect', () => refused('  cg::grid_group g = cg::this_grid();\n  int i = 0;\n  if (i++ < n) {\n    g.sync();\n  }', /the if statement at line 6 synchronises the grid, and its condition has 'i\+\+'/));
  test('a sync in a __device__ function called inside an expression: C2M1002 there, the kernel\'s own syncs split', () => {
    const t = translateSource('k.cu', `${PRE}__device__ void phase(cg::grid_group g, float* p) { p[0] = 1; g.sync(); }\n__global__ void k(float* p) {\n  cg::grid_group g = cg::this_grid();\n  g.sync();\n  (void)(p[1] > 0 ? (phase(g, p), 1) : 0);\n}\n`);
    const d = t.diagnostics.filter((x) => x.severity === 'error');
    assert.deepEqual(d.map((x) => `${x.code} ${x.start.line}`), ['C2M1002 3']);
    assert.match(d[0]!.message, /not in a __device__ function/);
    assert.match(t.msl, /kernel void k_part1\(/);
  });
});

describe('grid syncs in branches, helpers and loops bounded by memory', () => {
  test('a uniform if: a part tests the condition, the host runs the branch taken (else too)', () => {
    const body = '  cg::grid_group g = cg::this_grid();\n  float t = p[0];\n  if (t > 1.0f) {\n    p[g.thread_rank()] *= 0.5f;\n    g.sync();\n    p[1] = t;\n  } else {\n    g.sync();\n  }\n  p[2] = 0;';
    const r = split(body);
    assert.deepEqual(r.diagnostics, []);
    assert.match(r.text, /\} \/\* if \(t > 1\.0f\) runs on the host: k_part1 tests its condition on the device: k continues in k_part1 \*\/ __global__ void k_part1\(float\* p, int n, k_frame\* cu2m_frame, int\* cu2m_test\) \{ const unsigned int cu2m_gt = [^;]*; float t = cu2m_frame\[cu2m_gt\]\.t; atomicOr\(cu2m_test, \(t > 1\.0f\) \? 1 : 2\);/);
    assert.match(r.text, /\/\* the else-branch of if \(t > 1\.0f\): k continues in k_part4 \*\//);
    assert.deepEqual(r.split?.driver, [
      '  cu2mGridPart(cu2m_run, 0u, nullptr, 0u);',
      '  if (cu2mGridTest(cu2m_run, 1u, nullptr, 0u)) {',
      '    cu2mGridPart(cu2m_run, 2u, nullptr, 0u);',
      '    cu2mGridPart(cu2m_run, 3u, nullptr, 0u);',
      '  } else {',
      '  }',
      '  cu2mGridPart(cu2m_run, 6u, nullptr, 0u);',
    ]);
    assert.equal(r.text.split('\n').length, `${PRE}__global__ void k(float* p, int n) {\n${body}\n}\n`.split('\n').length); // (every line on its line)
  });
  test('an if without braces whose condition asks the grid group (thread_rank, size) is split too', () => {
    const r = split('  cg::grid_group g = cg::this_grid();\n  p[0] = 1;\n  if (g.size() > 64) g.sync();\n  p[1] = 2;');
    assert.deepEqual(r.diagnostics, []);
    assert.match(r.text, /atomicOr\(cu2m_test, \(g\.size\(\) > 64\) \? 1 : 2\);/);
  });
  const translated = (src: string): ReturnType<typeof translateSource> => translateSource('k.cu', `${PRE}${src}`);
  test('a sync in a __device__ helper: its body is inlined at the call, parameters replaced by the arguments, locals renamed', () => {
    const t = translated('__device__ void phase(cg::grid_group& grid, float* q, int m) {\n  float v = q[grid.thread_rank()];\n  grid.sync();\n  q[m - 1 - grid.thread_rank()] = v;\n}\n__global__ void k(float* p, int n) {\n  cg::grid_group g = cg::this_grid();\n  phase(g, p + 1, n);\n  phase(g, p, n - 1);\n}\n');
    assert.deepEqual(t.diagnostics.filter((x) => x.severity === 'error'), []);
    assert.match(t.msl, /\/\* phase\(\.\.\.\) inlined: it synchronises the grid \*\/ float phase1_v = \(p \+ 1\)\[g\.thread_rank\(\)\];/);
    assert.match(t.msl, /struct k_frame \{ float phase1_v; float phase2_v; \}/);
    assert.deepEqual([...t.msl.matchAll(/kernel void (k_part\d+)\(/g)].map((m) => m[1]), ['k_part0', 'k_part1', 'k_part2']);
    assert.doesNotMatch(t.msl, /void phase\(/); // (every call was inlined: the helper is gone)
  });
  test('a helper that assigns a parameter gets it as a local; a helper calling a syncing helper is inlined in turn', () => {
    const t = translated('__device__ void inner(cg::grid_group g, float* q) { q[0] += 1; g.sync(); }\n__device__ void outer(cg::grid_group g, float* q, int m) {\n  while (m > 0) { q[m] = 0; --m; }\n  inner(g, q);\n}\n__global__ void k(float* p, int n) {\n  cg::grid_group g = cg::this_grid();\n  outer(g, p, n * 2);\n  p[1] = 0;\n}\n');
    assert.deepEqual(t.diagnostics.filter((x) => x.severity === 'error'), []);
    assert.match(t.msl, /int outer_m = n \* 2;/);
    assert.match(t.msl, /\/\* outer\(\.\.\.\) inlined: it synchronises the grid \*\/ int outer_m = n \* 2; while \(outer_m > 0\) \{ p\[outer_m\] = 0; --outer_m; \} p\[0\] \+= 1; \}/);
  });
  test('a for loop around syncs whose bound is read from memory runs as the while loop it means', () => {
    const t = translated('__global__ void k(float* p, const int* count) {\n  cg::grid_group g = cg::this_grid();\n  for (int i = 0; i < *count; ++i) {\n    p[g.thread_rank()] += 1;\n    g.sync();\n  }\n  for (int i = 0; i < count[1]; i++) {\n    g.sync();\n  }\n}\n');
    assert.deepEqual(t.diagnostics.filter((x) => x.severity === 'error'), []);
    assert.match(t.msl, /int i = 0; cu2m_frame\[cu2m_gt\]\.i = i; \}\n(#line \d+ "k\.cu"\n)?\/\* while \(i < \*count\) runs on the host/);
    assert.match(t.msl, /\+\+i; cu2m_frame\[cu2m_gt\]\.i = i; \}\n(#line \d+ "k\.cu"\n)?\/\* end of the host's while \(i < \*count\)/);
    assert.match(t.msl, /int i_9 = 0; cu2m_frame\[cu2m_gt\]\.i_9 = i_9; \}\n(#line \d+ "k\.cu"\n)?\/\* while \(i_9 < count\[1\]\) runs on the host/);
    assert.match(t.msl, /struct k_frame \{ int i; int i_9; \}/);
  });
  test('a for loop over memory with a continue is still refused', () => {
    const t = translated('__global__ void k(float* p, const int* count) {\n  cg::grid_group g = cg::this_grid();\n  for (int i = 0; i < *count; ++i) {\n    g.sync();\n    if (p[0] > 0) continue;\n  }\n}\n');
    assert.match(t.diagnostics.filter((x) => x.severity === 'error').map((x) => `${x.code} ${x.message}`).join('\n'), /C2M1019 .*its header reads 'count'/);
  });
});

describe('a while loop around grid syncs (cuda-samples conjugateGradientMultiBlockCG)', () => {
  test('its condition is a part of its own that or-s every thread\'s verdict into cu2m_test; the host loops on cu2mGridTest', () => {
    const r = split('  cg::grid_group g = cg::this_grid();\n  int k = 0;\n  float r1 = p[0];\n  while (r1 > 1.0f && k < n) {\n    p[g.thread_rank()] *= 0.5f;\n    g.sync();\n    r1 = p[0];\n    k++;\n  }\n  p[1] = k;');
    assert.deepEqual(r.diagnostics, []);
    assert.equal(r.split?.parts, 5);
    assert.deepEqual(frameFields(r.text), ['int k', 'float r1']);
    assert.match(r.text, /\} \/\* while \(r1 > 1\.0f && k < n\) runs on the host: k_part1 tests its condition on the device: k continues in k_part1 \*\/ __global__ void k_part1\(float\* p, int n, k_frame\* cu2m_frame, int\* cu2m_test\) \{ const unsigned int cu2m_gt = [^;]*; int k = cu2m_frame\[cu2m_gt\]\.k; float r1 = cu2m_frame\[cu2m_gt\]\.r1; atomicOr\(cu2m_test, \(r1 > 1\.0f && k < n\) \? 1 : 2\);/);
    assert.deepEqual(r.split?.driver, [
      '  cu2mGridPart(cu2m_run, 0u, nullptr, 0u);',
      '  while (cu2mGridTest(cu2m_run, 1u, nullptr, 0u)) {',
      '    cu2mGridPart(cu2m_run, 2u, nullptr, 0u);',
      '    cu2mGridPart(cu2m_run, 3u, nullptr, 0u);',
      '  }',
      '  cu2mGridPart(cu2m_run, 4u, nullptr, 0u);',
    ]);
    // k and r1 are saved after the loop's last part, for the next test.
    const part3 = r.text.slice(r.text.indexOf('k_part3('), r.text.indexOf('k_part4('));
    assert.match(part3, /cu2m_frame\[cu2m_gt\]\.k = k; cu2m_frame\[cu2m_gt\]\.r1 = r1; \}/);
  });
});

describe('grid syncs inside #if __CUDA_ARCH__ (cuda-samples simpleAWBarrier)', () => {
  const resolve = (body: string): { text: string | null; split: GridSplit | null; diagnostics: Diagnostic[] } => {
    const src = `${PRE}__global__ void k(float* p, int n) {\n${body}\n}\n`;
    const text = resolveArchConditionalsAroundGridSyncs(parseSource('k.cu', src));
    const diagnostics: Diagnostic[] = [];
    const r = splitGridSyncKernels(parseSource('k.cu', text ?? src), diagnostics);
    return { text, split: r?.splits[0] ?? null, diagnostics };
  };
  test('the device branch of `#if __CUDA_ARCH__ >= 700` around the body is kept and split; lines and columns stay', () => {
    const body = '#if __CUDA_ARCH__ >= 700\n  cg::grid_group g = cg::this_grid();\n  p[g.thread_rank()] = 1;\n  g.sync();\n  p[0] += 1;\n#else\n  p[0] = -1;\n#endif';
    const r = resolve(body);
    assert.ok(r.text);
    const lines = r.text.split('\n');
    assert.equal(lines.length, `${PRE}__global__ void k(float* p, int n) {\n${body}\n}\n`.split('\n').length);
    assert.equal(lines[3], ' '.repeat('#if __CUDA_ARCH__ >= 700'.length));
    assert.equal(lines[4], '  cg::grid_group g = cg::this_grid();');
    assert.doesNotMatch(r.text, /#else|#endif|p\[0\] = -1/);
    assert.equal(r.split?.parts, 2);
    assert.deepEqual(r.diagnostics, []);
  });
  test('`#ifndef __CUDA_ARCH__ ... #else ...`: the #else branch is the device\'s', () => {
    const r = resolve('#ifndef __CUDA_ARCH__\n  p[0] = -1;\n#else\n  cg::grid_group g = cg::this_grid();\n  g.sync();\n  p[0] = 1;\n#endif');
    assert.ok(r.text);
    assert.doesNotMatch(r.text, /p\[0\] = -1|#ifndef|#else|#endif/);
    assert.equal(r.split?.parts, 2);
  });
  test('a conditional on another macro is left alone (the translation refuses the sync in it, C2M1002)', () => {
    const r = resolve('#ifdef USE_GRID\n  cg::grid_group g = cg::this_grid();\n  g.sync();\n#endif\n  p[0] = 1;');
    assert.equal(r.text, null);
    assert.equal(r.split, null);
  });
});

// libcu++'s asynchronous copies and barriers (native/include/cuda/barrier, cuda/pipeline, issue 6):
// the headers are ours and translate like a program's header (the block-scope waits become the
// block's barrier, the thread-scope ones nothing), `cuda::thread_scope_*` is named from the global
// namespace beside metal's own thread_scope, and the shapes Metal's one barrier cannot express are
// refused at their line and column (C2M1001).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Diagnostic } from '../../src/diagnostics/diagnostic';
import { unprovidedLibrary } from '../../src/host/libraries';
import { normalizeSource, translateSource } from '../../src/translate/index';

const errors = (ds: readonly Diagnostic[]): string[] => ds.filter((d) => d.severity === 'error').map((d) => `${d.start.line}:${d.start.column} ${d.code} ${d.message}`);

const program = (body: string[]): string => [
  '#include <cuda/barrier>', // 1
  '#include <cuda/pipeline>', // 2
  '#include <cooperative_groups.h>', // 3
  'namespace cg = cooperative_groups;', // 4
  '__global__ void k(const float *in, float *out) {', // 5
  ...body, // from line 6
  '}',
  'int main() { k<<<1, 64>>>(nullptr, nullptr); return 0; }',
].join('\n');

describe('libcu++ pipelines and barriers', () => {
  test('<cuda/barrier>, <cuda/pipeline> and their <cuda/std/...> are ours; other libcu++ headers are still C2M2004', () => {
    for (const h of ['cuda/barrier', 'cuda/pipeline', 'cuda/std/barrier', 'cuda/std/cstddef', 'cuda/std/utility', 'cuda/std/type_traits']) assert.equal(unprovidedLibrary(h), undefined, h);
    for (const h of ['cuda/atomic', 'cuda/latch', 'cuda/std/atomic', 'cuda/annotated_ptr']) assert.equal(unprovidedLibrary(h), 'libcu++ (cuda::)', h);
  });

  test('a block barrier: arrive_and_wait and arrive are the block barrier, the scope is ::thread_scope_block', () => {
    const t = translateSource('k.cu', program([
      '  __shared__ cuda::barrier<cuda::thread_scope_block> bar;',
      '  __shared__ float tile[64];',
      '  if (threadIdx.x == 0) init(&bar, blockDim.x * blockDim.y * blockDim.z);',
      '  __syncthreads();',
      '  cuda::memcpy_async(&tile[threadIdx.x], &in[threadIdx.x], sizeof(float), bar);',
      '  bar.arrive_and_wait();',
      '  auto token = bar.arrive();',
      '  bar.wait(std::move(token));',
      '  out[threadIdx.x] = tile[63 - threadIdx.x];',
    ]));
    assert.deepEqual(errors(t.diagnostics), []);
    assert.match(t.msl, /threadgroup ::barrier<::thread_scope_block> bar;/);
    assert.match(t.msl, /static inline void arrive_and_wait\(\) \{ threadgroup_barrier\(mem_flags::mem_device \| mem_flags::mem_threadgroup\); \}/);
    assert.match(t.msl, /inline void memcpy_async\(threadgroup T \*dst, const device T \*src, Size size, threadgroup CudaBarrier<Scope> &bar\)/);
    assert.match(t.msl, /cu2m_memcpy\(\(threadgroup uchar\*\)\(dst\), \(const device uchar\*\)\(src\), \(size_t\)size\);/);
    // No `cuda::` is left, and no unqualified scope name (metal::thread_scope_thread would make it ambiguous).
    const code = t.msl.split('\n').filter((l) => !/^\s*(\/\/|\/\*|\*)/.test(l)).map((l) => l.replace(/"[^"]*"/g, '""'));
    assert.deepEqual(code.filter((l) => /cuda::|[^:\w]thread_scope_(thread|device|block|system)\b(?! =)/.test(l)), []);
  });

  test('pipelines: the block-scope waits are the block barrier, the thread-scope ones nothing', () => {
    const t = translateSource('k.cu', program([
      '  __shared__ float tile[64];',
      '  __shared__ cuda::pipeline_shared_state<cuda::thread_scope_block, 2> state;',
      '  auto pipe = cuda::make_pipeline(cg::this_thread_block(), &state);',
      '  cuda::pipeline<cuda::thread_scope_thread> own = cuda::make_pipeline();',
      '  pipe.producer_acquire();',
      '  cuda::memcpy_async(&tile[threadIdx.x], &in[threadIdx.x], cuda::aligned_size_t<4>(sizeof(float)), pipe);',
      '  pipe.producer_commit();',
      '  cuda::pipeline_consumer_wait_prior<0>(pipe);',
      '  own.consumer_wait();',
      '  out[threadIdx.x] = tile[63 - threadIdx.x];',
      '  pipe.consumer_release();',
    ]));
    assert.deepEqual(errors(t.diagnostics), []);
    assert.match(t.msl, /static inline void consumer_wait\(\) \{\n\s+if \(Scope == ::thread_scope_block\) threadgroup_barrier\(mem_flags::mem_device \| mem_flags::mem_threadgroup\);/);
    assert.match(t.msl, /threadgroup pipeline_shared_state<::thread_scope_block, 2> state;/);
    assert.match(t.msl, /pipeline<::thread_scope_thread> own = make_pipeline\(\);/);
    assert.ok(t.manifest.kernels[0]!.usesBarriers);
  });

  test('what Metal\'s one barrier cannot express is refused where it is written', () => {
    const t = translateSource('k.cu', program([
      '  __shared__ cuda::barrier<cuda::thread_scope_block> bar;', // 6
      '  __shared__ cuda::pipeline_shared_state<cuda::thread_scope_block, 2> state;', // 7
      '  auto block = cg::this_thread_block();', // 8
      '  auto tile = cg::tiled_partition<32>(block);', // 9
      '  if (threadIdx.x == 0) init(&bar, blockDim.x / 2);', // 10
      '  auto split = cuda::make_pipeline(block, &state, threadIdx.x < 32 ? cuda::pipeline_role::producer : cuda::pipeline_role::consumer);', // 11
      '  auto part = cuda::make_pipeline(tile, &state);', // 12
      '  __shared__ cuda::barrier<cuda::thread_scope_device> wide;', // 13
      '  out[threadIdx.x] = in[threadIdx.x];',
    ]));
    const e = errors(t.diagnostics).filter((d) => d.includes('C2M1001'));
    assert.equal(e.length, 4, e.join('\n'));
    assert.match(e.find((d) => d.startsWith('10:'))!, /^10:36 C2M1001 a cuda::barrier expecting 'blockDim\.x \/ 2' threads is not translated/);
    assert.match(e.find((d) => d.startsWith('11:'))!, /^11:16 C2M1001 a pipeline whose threads are split into producers and consumers/);
    assert.match(e.find((d) => d.startsWith('12:'))!, /^12:35 C2M1001 a pipeline of the group 'tile' is not translated/);
    assert.match(e.find((d) => d.startsWith('13:'))!, /^13:20 C2M1001 cuda::barrier<cuda::thread_scope_device> is not translated/);
  });

  test('an arrive or a block pipeline wait under a condition that names the thread is refused; a thread-scope pipeline\'s is not', () => {
    const t = translateSource('k.cu', program([
      '  __shared__ cuda::barrier<cuda::thread_scope_block> bar;', // 6
      '  __shared__ cuda::pipeline_shared_state<cuda::thread_scope_block, 2> state;', // 7
      '  auto pipe = cuda::make_pipeline(cg::this_thread_block(), &state);', // 8
      '  cuda::pipeline<cuda::thread_scope_thread> own = cuda::make_pipeline();', // 9
      '  if (threadIdx.x == 0) init(&bar, blockDim.x);', // 10
      '  __syncthreads();', // 11
      '  if (threadIdx.x >= 32) { bar.arrive_and_drop(); return; }', // 12
      '  if (threadIdx.x < 16) own.consumer_wait();', // 13
      '  for (int i = 0; i < 4; ++i) { pipe.consumer_wait(); bar.arrive_and_wait(); }', // 14
      '  if (cg::this_thread_block().thread_rank() % 2) pipe.producer_acquire();', // 15
      '  out[threadIdx.x] = in[threadIdx.x];',
    ]));
    const e = errors(t.diagnostics).filter((d) => d.includes('C2M1001'));
    assert.equal(e.length, 2, e.join('\n'));
    assert.match(e[0]!, /^12:28 C2M1001 'bar\.arrive_and_drop\(\)' under the thread-dependent condition '\(threadIdx\.x >= 32\)' is not translated/);
    assert.match(e[1]!, /^15:50 C2M1001 'pipe\.producer_acquire\(\)' under the thread-dependent condition/);
  });

  test('a count of the whole block is not refused (products of the extents, a group size)', () => {
    for (const count of ['blockDim.x', 'blockDim.x * blockDim.y', 'cg::this_thread_block().size()', 'n']) {
      const t = translateSource('k.cu', program([
        '  __shared__ cuda::barrier<cuda::thread_scope_block> bar;',
        '  const unsigned n = blockDim.x * blockDim.y;',
        `  if (threadIdx.x == 0) init(&bar, ${count});`,
        '  __syncthreads();',
        '  bar.arrive_and_wait();',
        '  out[threadIdx.x] = in[threadIdx.x] + (float)n;',
      ]));
      assert.deepEqual(errors(t.diagnostics), [], count);
    }
  });

  test('__shared__ alignas(N) (as nvcc accepts it) is read as __shared__ __attribute__((aligned(N))), lines kept', () => {
    assert.equal(normalizeSource('__shared__ alignas(alignof(float4)) float a[4];\n  alignas(16) __shared__ float b[4];\n'), '__shared__ __attribute__((aligned(alignof(float4)))) float a[4];\n  __shared__ __attribute__((aligned(16))) float b[4];\n');
    assert.equal(normalizeSource('struct alignas(16) S { float x; };'), 'struct alignas(16) S { float x; };');
  });
});

// Idioms of NVIDIA's reduction sample, as programs of our own: the SharedMemory<T> accessor type
// (src/translate/sharedAccessor.ts), thread_block_tile<64..1024> with block_tile_memory, an
// explicit specialisation of a device template, and explicit instantiations of a host template.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cu2metal, show } from '../helpers/cli';

const fixture = (name: string): string => path.join('test', 'fixtures', name);
const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-test-'));
const BACKENDS = ['msl-cpu', 'cuda-cpu'];

describe('shared-memory accessor types (SharedMemory<T>)', () => {
  const prog = fixture(path.join('shared_accessor', 'shared_accessor.cu'));
  for (const backend of BACKENDS) {
    test(`conversion operator, const conversion, double specialisation, getter, guarded unspecialised template: block sums and reversals on ${backend}`, async () => {
      const r = await cu2metal(['run', prog, '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^int: sum = 2997 \(want 2997\) ok$/m);
      assert.match(r.stdout, /^double: sum = 8994 \(want 8994\) ok$/m);
      assert.match(r.stdout, /^reverse: ok$/m);
      assert.match(r.stdout, /^guarded: ok$/m);
      assert.match(r.stdout, /^PASSED$/m);
    });
  }
  test('diff: every copy of the msl-cpu run matches the reference', async () => {
    const r = await cu2metal(['diff', prog]);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /OK: \d+ of \d+ copies match/);
  });
  test('the kernels take [[threadgroup(0)]] memory and cast it; the accessor types are not emitted', async () => {
    const dir = tmp();
    const r = await cu2metal(['translate', prog, '-o', dir]);
    assert.equal(r.code, 0, show(r));
    const msl = fs.readFileSync(path.join(dir, 'shared_accessor.metal'), 'utf8');
    assert.match(msl, /threadgroup cu2m_mem<T> \*s = \(threadgroup cu2m_mem<T>\*\)dynWords;/); // CUDA's layout if T is a 3-vector
    assert.match(msl, /kernel void reverseBlock\(device int\* data \[\[buffer\(0\)\]\], threadgroup int\* dynWords \[\[threadgroup\(0\)\]\]/);
    assert.match(msl, /threadgroup int \*t = \(threadgroup int\*\)dynWords;/);
    assert.match(msl, /\/\* Scratch<int> scratch: the kernel's dynamic threadgroup memory \*\//);
    assert.doesNotMatch(msl, /extern|__shared__ int dynWords|operator T/);
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'shared_accessor.manifest.json'), 'utf8')) as { kernels: { name: string; dynamicSharedMemory: boolean }[] };
    assert.ok(manifest.kernels.some((k) => k.name === 'reverseBlock' && k.dynamicSharedMemory), JSON.stringify(manifest.kernels));
  });
  test('an accessor read in a __device__ helper reads the memory its kernel passes down (externShared.ts)', async () => {
    const dir = tmp();
    const cu = path.join(dir, 'helper.cu');
    fs.writeFileSync(cu, 'template <class T> struct Smem { __device__ operator T *() { extern __shared__ int w[]; return (T *)w; } };\n__device__ void fill(float v) {\n  float *s = Smem<float>();\n  s[threadIdx.x] = v;\n}\n__global__ void k(float *p) { fill(p[0]); }\n');
    const r = await cu2metal(['translate', cu, '-o', dir]);
    assert.equal(r.code, 0, show(r));
    const msl = fs.readFileSync(path.join(dir, 'helper.metal'), 'utf8');
    assert.match(msl, /void fill\(uint3 threadIdx, threadgroup uchar\* cu2m_dynamic_shared, float v\) \{\n {2}threadgroup float \*s = \(threadgroup float\*\)cu2m_dynamic_shared;/);
    assert.match(msl, /kernel void k\(device float\* p \[\[buffer\(0\)\]\], threadgroup uchar\* cu2m_dynamic_shared \[\[threadgroup\(0\)\]\]/);
  });
});

describe('shared-memory accessor element operators (cudasharedmem.h style: operator[] and operator*)', () => {
  const prog = fixture(path.join('shared_accessor', 'element_ops.cu'));
  for (const backend of BACKENDS) {
    test(`abstract primary, macro-built specialisations, helper templates calling helpers, a kernel indexing it: sums, scans and a reversal on ${backend}`, async () => {
      const r = await cu2metal(['run', prog, '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.equal(r.stdout, 'int: 4 blocks, total 3093.00, ok\nfloat: 3 blocks, total 4795.75, ok\ndouble: 2 blocks, total 6380.50, ok\nreverse: ok\nPASSED\n');
    });
  }
  test('`s[i]` and `*s` index and dereference the cast memory; the types become comments', async () => {
    const dir = tmp();
    const r = await cu2metal(['translate', prog, '-o', dir]);
    assert.equal(r.code, 0, show(r));
    const msl = fs.readFileSync(path.join(dir, 'element_ops.metal'), 'utf8');
    assert.match(msl, /T blockSum\(uint3 blockDim, threadgroup uchar\* cu2m_dynamic_shared, T in, cg::thread_block cta\)/);
    assert.ok(msl.includes('((threadgroup T*)cu2m_dynamic_shared)[t] += ((threadgroup T*)cu2m_dynamic_shared)[t + s];'), msl);
    assert.ok(msl.includes('T total = *((threadgroup T*)cu2m_dynamic_shared);'), msl);
    // software double in a template: `?:` of a threadgroup element and `T(0)` is unambiguous as T(...) both
    assert.ok(msl.includes('T v = t >= off ? T(((threadgroup T*)cu2m_dynamic_shared)[t - off]) : T(0);'), msl);
    assert.ok(msl.includes('((threadgroup unsigned int*)dyn_int)[t] = data[i];'), msl);
    assert.match(msl, /kernel void reverse\(device unsigned\* data \[\[buffer\(0\)\]\], threadgroup int\* dyn_int \[\[threadgroup\(0\)\]\]/);
    assert.match(msl, /\/\* struct DynShared: returns the kernel's dynamic shared memory;.*\(operator\[\], operator\*\) \*\//);
    assert.match(msl, /\/\* DynShared<double>: the same memory as struct DynShared \*\//);
    assert.doesNotMatch(msl, /extern|virtual|operator\[\]\(int/);
  });
});

describe('thread_block_tile larger than a warp', () => {
  const prog = fixture(path.join('coop_groups', 'big_tiles.cu'));
  for (const backend of BACKENDS) {
    test(`tiles of 64..256 threads: size, meta groups, sync, cg::reduce (plus, then greater) through block_tile_memory on ${backend}`, async () => {
      const r = await cu2metal(['run', prog, '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^int 256\/128: tile 128 of 256, 2 tiles, sums 762 764 \.\.\. ok$/m);
      assert.match(r.stdout, /^double 1024\/256: tile 256 of 1024, 4 tiles, sums 1526 1534 \.\.\. ok$/m);
      assert.match(r.stdout, /^PASSED$/m);
    });
  }
  test('a shuffle on such a tile is C2M1002 at the call; with a template-parameter size the MSL build says why', async () => {
    const dir = tmp();
    const cu = path.join(dir, 'shfl64.cu');
    fs.writeFileSync(cu, '#include <cooperative_groups.h>\nnamespace cg = cooperative_groups;\n__global__ void k(float *p) {\n  __shared__ cg::block_tile_memory<128> m;\n  cg::thread_block_tile<64> t = cg::tiled_partition<64>(cg::this_thread_block(m));\n  p[threadIdx.x] = t.shfl_down(p[threadIdx.x], 1);\n}\nint main() { return 0; }\n');
    const r = await cu2metal(['check', cu]);
    assert.equal(r.code, 3, show(r));
    assert.match(r.stderr, /shfl64\.cu:6:20: error: thread_block_tile<64>::shfl_down: a tile larger than a SIMD group \(32 threads\) cannot shuffle or vote in Metal .*\[C2M1002\]/);
    const tcu = path.join(dir, 'shflN.cu');
    fs.writeFileSync(tcu, '#include <cooperative_groups.h>\nnamespace cg = cooperative_groups;\ntemplate <int N> __global__ void k(float *p) {\n  __shared__ cg::block_tile_memory<128> m;\n  auto t = cg::tiled_partition<N>(cg::this_thread_block(m));\n  p[threadIdx.x] = t.shfl_down(p[threadIdx.x], 1);\n}\nint main() { k<64><<<1, 128>>>(nullptr); return 0; }\n');
    const b = await cu2metal(['run', tcu]);
    assert.equal(b.code, 4, show(b));
    assert.match(b.stderr, /thread_block_tile<N>::shfl_down: a tile larger than a SIMD group \(32 threads\) cannot shuffle or vote in Metal/);
  });
});

describe('templates as reduction_kernel.cu writes them', () => {
  const prog = fixture(path.join('sample_idioms', 'specialised.cu'));
  for (const backend of BACKENDS) {
    test(`a specialised device template takes the template's built-ins; ?: of T and 0 with T = double; host template instantiations on ${backend}`, async () => {
      const r = await cu2metal(['run', prog, '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^int \(specialisation\): r\[1\] = 1001, r\[63\] = 1000 ok$/m);
      assert.match(r.stdout, /^double \(template, warpSize\): r\[1\] = 33, r\[63\] = 32 ok$/m);
      assert.match(r.stdout, /^PASSED$/m);
    });
  }
});

describe('extern __shared__ in __device__ helpers, and __threadfence (threadFenceReduction)', () => {
  const prog = fixture(path.join('extern_shared', 'extern_shared.cu'));
  for (const backend of BACKENDS) {
    test(`a helper two calls down sums in the dynamic memory; the last block (by ticket, after __threadfence) adds the partial sums, three runs; kernel and helper arrays alias on ${backend}`, async () => {
      const r = await cu2metal(['run', prog, '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^single pass 2: total = 450000\.0 \(want 450000\.0\)$/m);
      assert.match(r.stdout, /^same memory: ok$/m);
      assert.match(r.stdout, /^PASSED$/m);
    });
  }
  test('diff: every copy of the msl-cpu run matches the reference', async () => {
    const r = await cu2metal(['diff', prog]);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /OK: \d+ of \d+ copies match/);
  });
  test('the helpers take cu2m_dynamic_shared; a kernel with its own array passes it cast; fences are atomic_thread_fence', async () => {
    const dir = tmp();
    const r = await cu2metal(['translate', prog, '-o', dir]);
    assert.equal(r.code, 0, show(r));
    const msl = fs.readFileSync(path.join(dir, 'extern_shared.metal'), 'utf8');
    assert.match(msl, /float treeSum\(uint3 threadIdx, uint3 blockDim, threadgroup uchar\* cu2m_dynamic_shared, float v\)/);
    assert.match(msl, /threadgroup float\* partialSums = \(threadgroup float\*\)cu2m_dynamic_shared;/);
    assert.match(msl, /threadgroup uchar\* cu2m_dynamic_shared \[\[threadgroup\(0\)\]\]/);
    assert.match(msl, /loadAndSum<1>\(threadIdx, blockIdx, blockDim, cu2m_dynamic_shared, in, n\)/);
    assert.match(msl, /readBack\(\(threadgroup uchar\*\)kernelView, blockDim\.x - 1 - threadIdx\.x\)/);
    assert.match(msl, /atomic_thread_fence\(mem_flags::mem_device \| mem_flags::mem_threadgroup, memory_order_seq_cst, thread_scope_device\);/);
    assert.match(msl, /atomic_thread_fence\(mem_flags::mem_device \| mem_flags::mem_threadgroup, memory_order_seq_cst, thread_scope_threadgroup\);/);
    assert.doesNotMatch(msl, /extern __shared__ float/);
  });
});

describe('a pointer initialised to NULL and assigned later (NV12toBGRandResize)', () => {
  const source = [
    '#include <cstdio>',
    '__global__ void planes(float *dst, int frame) {',
    '  float *p = NULL;',
    '  for (int c = 0; c < 3; c++) {',
    '    p = dst + c * frame + threadIdx.x;',
    '    *p = (float)(c * 100 + threadIdx.x);',
    '  }',
    '}',
    'int main() {',
    '  float *d, h[96];',
    '  cudaMalloc((void **)&d, sizeof(h));',
    '  planes<<<1, 32>>>(d, 32);',
    '  cudaMemcpy(h, d, sizeof(h), cudaMemcpyDeviceToHost);',
    '  printf("%g %g %g\\n", h[1], h[33], h[95]);',
    '  return 0;',
    '}',
    '',
  ].join('\n');
  for (const backend of BACKENDS) {
    test(`gets the space of its first assignment (device) on ${backend}`, async () => {
      const dir = tmp();
      const cu = path.join(dir, 'nullinit.cu');
      fs.writeFileSync(cu, source);
      const r = await cu2metal(['run', cu, '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.equal(r.stdout, '1 101 231\n');
    });
  }
  test('with no assignment it is still C2M1005', async () => {
    const dir = tmp();
    const cu = path.join(dir, 'onlynull.cu');
    fs.writeFileSync(cu, '__global__ void k(float *d) {\n  float *p = nullptr;\n  d[0] = p[0];\n}\n');
    const r = await cu2metal(['check', cu]);
    assert.equal(r.code, 3, show(r));
    assert.match(r.stderr, /onlynull\.cu:2:9: error: cannot tell which memory 'p' points into \[C2M1005\]/);
  });
});

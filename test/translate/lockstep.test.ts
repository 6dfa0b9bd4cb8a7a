// Which volatile accesses the CPU backends wrap in lockstep references (src/translate/lockstep.ts).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseSource } from '../../src/parse/parse';
import { LOCKSTEP_CUDA, LOCKSTEP_MSL, lockstepRewrite, racyUpdates, unsyncedSharedNames, volatileNames } from '../../src/translate/lockstep';
import { maskMsl } from '../../src/build/mslWorkItemLoops';

const rewrite = (code: string): string => lockstepRewrite(code, code, LOCKSTEP_CUDA);

describe('lockstep accesses', () => {
  test('subscripts of volatile pointers and arrays are wrapped, once, outermost', () => {
    const code = '__device__ int f(volatile int* s, int i) { s[i] += s[i - 1]; return s[s[i]]; }';
    assert.equal(rewrite(code), '__device__ int f(volatile int* s, int i) { __CU2M_lockstep(&(s[i])) += __CU2M_lockstep(&(s[i - 1])); return __CU2M_lockstep(&(s[__CU2M_lockstep(&(s[i]))])); }');
    const arr = '__global__ void k() { __shared__ volatile float t[4][32]; t[1][2] = t[0][threadIdx.x]; float* r = (float*)t[1]; }';
    assert.equal(rewrite(arr), '__global__ void k() { __shared__ volatile float t[4][32]; __CU2M_lockstep(&(t[1][2])) = __CU2M_lockstep(&(t[0][threadIdx.x])); float* r = (float*)t[1]; }');
  });
  test('addresses, members, non-volatile and volatile-pointer (not pointee) names are left alone', () => {
    const code = '__device__ void g(volatile int* s, int* p, int* volatile q, volatile float4* v) { int* a = (int*)&s[1]; p[0] = q[0]; v[0].x = 1; }';
    assert.equal(rewrite(code), code);
    const fn = parseSource('t.cu', code).tree.rootNode.namedChildren[0]!;
    assert.deepEqual([...volatileNames(fn)], [['s', 1], ['v', 1]]);
  });
  test('code that synchronises between its writes and its reads of other elements keeps its accesses as written', () => {
    // HSOpticalFlow's idiom: a volatile __shared__ tile filled, __syncthreads(), then read around.
    const tile = '__global__ void k(const float* in, float* out) { volatile __shared__ float t[34]; t[threadIdx.x + 1] = in[threadIdx.x]; if (threadIdx.x == 0) t[0] = 0; __syncthreads(); out[threadIdx.x] = t[threadIdx.x] + t[threadIdx.x + 2]; }';
    assert.equal(rewrite(tile), tile);
    // cuda-samples scan's codelet: every read of another element is between cg syncs; the own element is read back after the loop.
    const scan = '__device__ unsigned f(unsigned x, volatile unsigned* s, unsigned n, cg::thread_block b) { unsigned p = threadIdx.x; s[p] = x; for (unsigned o = 1; o < n; o <<= 1) { cg::sync(b); unsigned t = s[p] + s[p - o]; cg::sync(b); s[p] = t; } return s[p]; }';
    assert.equal(rewrite(scan), scan);
    // Without the barrier between them the write and the other element's read are warp-synchronous.
    const racy = tile.replace('__syncthreads(); ', '');
    assert.match(rewrite(racy), /__CU2M_lockstep\(&\(t\[threadIdx\.x \+ 2\]\)\)/);
  });
  // threadFenceReduction's reduceBlock: each lane reads a higher element, then writes its own, in a
  // loop ending with its tile sync; the sum of the warps by rank 0 alone.
  const REDUCE = `__device__ void reduceBlock(volatile float* s, float v, const unsigned int tid, cg::thread_block cta) {
  cg::thread_block_tile<32> tile32 = cg::tiled_partition<32>(cta);
  s[tid] = v;
  cg::sync(tile32);
  const int vid = tid & 31;
  float beta = v, temp;
  for (int i = 16; i > 0; i >>= 1) {
    if (vid < i) { temp = s[tid + i]; beta += temp; s[tid] = beta; }
    cg::sync(tile32);
  }
  cg::sync(cta);
  if (cta.thread_rank() == 0) { beta = 0; for (int i = 0; i < blockDim.x; i += 32) beta += s[i]; s[0] = beta; }
  cg::sync(cta);
}
__global__ void k(float* out) {
  extern __shared__ float sdata[];
  unsigned int tid = threadIdx.x;
  cg::thread_block cta = cg::this_thread_block();
  reduceBlock(sdata, out[tid], tid, cta);
}
`;
  test('a stretch the lanes\' ascending order already runs as in step is not wrapped (reads of higher elements before the own write; one thread)', () => {
    assert.equal(rewrite(REDUCE), REDUCE);
  });
  test('...but is wrapped when a lane could read what a lower lane wrote: a lower element, a read after the write, an index not the thread\'s, a loop going on past its sync', () => {
    const wrapped = (code: string): boolean => rewrite(code).includes('__CU2M_lockstep');
    assert.ok(wrapped(REDUCE.replace('s[tid + i]', 's[tid - i]')));
    assert.ok(wrapped(REDUCE.replace('temp = s[tid + i]; beta += temp; s[tid] = beta;', 's[tid] = beta; temp = s[tid + i]; beta += temp;')));
    assert.ok(wrapped(REDUCE.replace('unsigned int tid = threadIdx.x;', 'unsigned int tid = 31 - threadIdx.x;')));
    assert.ok(wrapped(REDUCE.replace('i > 0; i >>= 1', 'i != 0; i >>= 1')));
    assert.ok(wrapped(REDUCE.replace('cg::sync(tile32);\n  }', 'cg::sync(tile32);\n    beta += 0;\n  }')));
    assert.ok(wrapped(REDUCE.replace('if (cta.thread_rank() == 0)', 'if (cta.thread_rank() < 2)')));
  });
  test('a function with no barrier at all: its shared tile and the pointers into it exchange through the warp in step (dct8x8)', () => {
    const code = '__global__ void k(float* out, const float* in) { __shared__ float t[4 * 264]; float* v = &t[threadIdx.y * 264 + threadIdx.x]; float* h = &t[(threadIdx.y * 8 + (threadIdx.x & 7)) * 33]; float r[8]; for (int i = 0; i < 8; i++) v[i * 33] = in[i]; for (int i = 0; i < 8; i++) r[i] = h[i]; out[0] = r[1]; }';
    const fn = parseSource('t.cu', code).tree.rootNode.namedChildren[0]!;
    assert.deepEqual([...unsyncedSharedNames(fn)], [['t', 1], ['v', 1], ['h', 1]]);
    const out = rewrite(code);
    assert.match(out, /__CU2M_lockstep\(&\(v\[i \* 33\]\)\) = in\[i\]/);
    assert.match(out, /r\[i\] = __CU2M_lockstep\(&\(h\[i\]\)\)/);
    // With a barrier the program orders its own accesses; per-thread scratch (its own element) needs nothing.
    assert.equal(rewrite(code.replace('for (int i = 0; i < 8; i++) r', '__syncthreads(); for (int i = 0; i < 8; i++) r')), code.replace('for (int i = 0; i < 8; i++) r', '__syncthreads(); for (int i = 0; i < 8; i++) r'));
    // A barrier in a helper it calls counts too (test/fixtures/wil's viaFunction keeps its work-item loops).
    const helper = '__device__ void blockSync() { __syncthreads(); }\n__global__ void k(int* out) { __shared__ int s[64]; s[threadIdx.x] = threadIdx.x; blockSync(); out[0] = s[63 - threadIdx.x]; }';
    assert.equal(rewrite(helper), helper);
    const own = '__global__ void k(float* out) { __shared__ float s[64]; s[threadIdx.x] = out[threadIdx.x]; out[threadIdx.x] = s[threadIdx.x] * 2; }';
    assert.equal(rewrite(own), own);
    // The MSL (msl-cpu): `threadgroup` says which are shared, though the parsed copy is masked.
    const msl = 'kernel void k(device float* out [[buffer(0)]], uint3 threadIdx [[thread_position_in_threadgroup]]) { threadgroup float t[64]; threadgroup float* v = &t[threadIdx.x]; v[0] = out[0]; out[1] = t[threadIdx.x ^ 1]; }';
    assert.match(lockstepRewrite(msl, maskMsl(msl), LOCKSTEP_MSL), /cu2m_msl_warp_lockstep\(&\(v\[0\]\)\) = out\[0\]; out\[1\] = cu2m_msl_warp_lockstep\(&\(t\[threadIdx\.x \^ 1\]\)\)/);
  });
});

describe('racy read-modify-writes between barriers (HeCBench pns)', () => {
  // pns's fire_transition: each lane increments the places of a transition chosen at random.
  const PNS = `__device__ void fire(char* places, int tr, int tc, int N, int up) {
  int below = tr + 1;
  __syncthreads();
  if (up) {
    places[below * N + tc]++;
    places[tr * N + (tc == N - 1 ? 0 : tc + 1)] += 1;
  }
  __syncthreads();
}`;
  const updates = (code: string): string[] => racyUpdates(parseSource('t.cu', code).tree.rootNode.namedChildren[0]!).map((s) => s.text);
  test('an update of a pointer parameter or a shared array at a data-dependent index is wrapped', () => {
    assert.deepEqual(updates(PNS), ['places[below * N + tc]', 'places[tr * N + (tc == N - 1 ? 0 : tc + 1)]']);
    assert.match(rewrite(PNS), /__CU2M_lockstep\(&\(places\[below \* N \+ tc\]\)\)\+\+;/);
    const shared = '__global__ void k(const int* in) { __shared__ int hist[64]; __syncthreads(); hist[in[threadIdx.x] & 63] += 1; __syncthreads(); }';
    assert.deepEqual(updates(shared), ['hist[in[threadIdx.x] & 63]']);
    // The MSL (msl-cpu): the device pointer parameter in the masked copy.
    const msl = 'void fire(uint3 threadIdx, device char* places, int b) { threadgroup_barrier(mem_flags::mem_device); places[b]++; threadgroup_barrier(mem_flags::mem_device); }';
    assert.match(lockstepRewrite(msl, maskMsl(msl), LOCKSTEP_MSL), /cu2m_msl_warp_lockstep\(&\(places\[b\]\)\)\+\+;/);
  });
  test('the thread\'s own element, one thread\'s update, plain stores, private arrays and functions without barriers are left alone', () => {
    // Indexes from the thread's position: locals, grid-stride loop variables, thread_rank(), parameters every call passes it to.
    const own = `__device__ void add(float* s, int t, float v) { s[t] += v; __syncthreads(); }
__global__ void k(float* out, int n, cg::thread_block b) {
  __shared__ float s[256];
  int tid = threadIdx.x;
  int gid = blockIdx.x * blockDim.x + threadIdx.x;
  s[tid] = 0;
  __syncthreads();
  s[tid] += out[gid];
  for (int i = threadIdx.x; i < n; i += blockDim.x) out[i] *= 2;
  s[b.thread_rank()] -= 1;
  add(s, tid, 1.0f);
  if (threadIdx.x == 0 && n > 4) out[blockIdx.x] += s[0];
  float acc[4] = {0, 0, 0, 0};
  acc[n & 3] += 1;
  out[n] = acc[0];
  __syncthreads();
}`;
    const root = parseSource('t.cu', own).tree.rootNode;
    for (const fn of root.namedChildren) assert.deepEqual(racyUpdates(fn), [], fn.text.slice(0, 40));
    assert.equal(rewrite(own), own);
    // A reassigned index, or one the loop body changes, is not the thread's own any more.
    const kernel = (code: string): string[] => racyUpdates(parseSource('t.cu', code).tree.rootNode.namedChildren[1]!).map((x) => x.text);
    assert.deepEqual(kernel(own.replace('int tid = threadIdx.x;', 'int tid = threadIdx.x; tid = n;')), ['s[tid]']);
    // ...and so is the helper's parameter, which the kernel passes it to.
    assert.deepEqual(updates(own.replace('int tid = threadIdx.x;', 'int tid = threadIdx.x; tid = n;')), ['s[t]']);
    assert.deepEqual(kernel(own.replace('out[i] *= 2;', '{ out[i] *= 2; i++; }')), ['out[i]']);
    // Without a barrier the kernel keeps its plain loop (a racy histogram there races on every schedule).
    const plain = '__global__ void k(const int* in, int* hist) { hist[in[threadIdx.x]]++; }';
    assert.equal(rewrite(plain), plain);
  });
});

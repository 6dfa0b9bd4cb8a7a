// libcuxx.cu translated to Metal Shading Language by cu2metal 0.1.0.
// Readable output: edit freely. #line directives map every line back to the CUDA source.
#include <metal_stdlib>
using namespace metal;
#define __CUDA_ARCH__ 800 // device code of the .cu takes its __CUDA_ARCH__ branches
// Helpers for CUDA functions Metal lacks (emitted because this file uses them)
// Device printf (cu2metal): records appended to the runtime's printf buffer, printed after the launch
struct cu2m_parg { uint tag; uint lo; uint hi; };
inline cu2m_parg cu2m_pa(float v) { return {2u, as_type<uint>(v), 0u}; }
template <typename T> inline cu2m_parg cu2m_pa(T v) {
  if (is_floating_point<T>::value) return {2u, as_type<uint>(float(v)), 0u}; // half
  long w = is_signed<T>::value ? long(v) : long(ulong(v));
  return {is_signed<T>::value ? 0u : 1u, uint(ulong(w)), uint(ulong(w) >> 32)};
}
inline cu2m_parg cu2m_ps(uint id) { return {3u, id, 0u}; }
inline device uint* cu2m_printf_reserve(device uint* buf, uint words, uint3 blockIdx, uint3 gridDim, uint id, uint flags) {
  uint at = atomic_fetch_add_explicit((device atomic_uint*)buf, words, memory_order_relaxed);
  if (at > buf[1] || words > buf[1] - at) {
    atomic_fetch_add_explicit((device atomic_uint*)(buf + 2), 1u, memory_order_relaxed);
    return nullptr;
  }
  buf[at] = words;
  buf[at + 1] = id;
  buf[at + 2] = blockIdx.x + gridDim.x * (blockIdx.y + gridDim.y * blockIdx.z);
  buf[at + 3] = flags;
  return buf + at + 4;
}
inline void cu2m_assert_fail(device uint* buf, uint3 blockIdx, uint3 gridDim, uint3 threadIdx, uint id) {
  device uint* p = cu2m_printf_reserve(buf, 4u + 18u, blockIdx, gridDim, id, 2u);
  if (!p) return;
  uint v[6] = {blockIdx.x, blockIdx.y, blockIdx.z, threadIdx.x, threadIdx.y, threadIdx.z};
  for (uint i = 0; i < 6u; i++) { p[3 * i] = 1u; p[3 * i + 1] = v[i]; p[3 * i + 2] = 0u; }
}
// memcpy(dst, src, n) in device code: n bytes, one at a time (the casts at the call give the address spaces)
template <typename D, typename S> inline void cu2m_memcpy(D dst, S src, size_t n) { for (size_t i = 0; i < n; ++i) dst[i] = src[i]; }
#line 8 "native/include/cuda/std/cstddef"
/** The threads that synchronise with one another: cu2metal provides block and thread scopes. */
enum thread_scope { thread_scope_system = 0, thread_scope_device = 1, thread_scope_block = 2, thread_scope_thread = 3 };

/** A size of `value` bytes that is a multiple of Alignment, at pointers aligned to it. */
template <size_t Alignment>
struct aligned_size_t {
  size_t value;
  explicit constexpr  aligned_size_t(size_t size) : value(size) {}
  constexpr operator size_t() const { return value; }
};
#line 9 "native/include/cuda/std/barrier"
/** The phase a thread arrived at (arrive()); wait(token) returns at once (the arrival was the barrier). */
struct CudaBarrierToken {
  unsigned int phase;
};

/**
 * cuda::barrier<Scope>: a block barrier. `__shared__ cuda::barrier<cuda::thread_scope_block> bar;`,
 * `init(&bar, blockDim.x * blockDim.y)` by one thread, then `bar.arrive_and_wait()` by every thread.
 */
template <::thread_scope Scope>
class CudaBarrier {
 public:
  typedef CudaBarrierToken arrival_token;

  /** Every thread of the block arrives and waits for the others: __syncthreads(). */
  static inline void arrive_and_wait() { threadgroup_barrier(mem_flags::mem_device | mem_flags::mem_threadgroup); }

  /** The arrival of every thread of the block: __syncthreads(); the token names the phase. */
  static inline arrival_token arrive() {
    threadgroup_barrier(mem_flags::mem_device | mem_flags::mem_threadgroup);
    arrival_token t;
    t.phase = 0u;
    return t;
  }

  /** Waits for the phase of `token`: the arrival already was the barrier. */
  static inline void wait(arrival_token token) { (void)token; }

  /** Every thread arrives and leaves the barrier: the last phase, a __syncthreads(). */
  static inline void arrive_and_drop() { threadgroup_barrier(mem_flags::mem_device | mem_flags::mem_threadgroup); }

  /** The count of threads the barrier expects: set by init (the whole block). */
  unsigned int expected;
};

/**
 * init(&bar, count) by one thread of the block. The count must be the whole block: the translator
 * refuses a visible part of it (C2M1001), and this assert stops a launch whose count is not.
 */
template <::thread_scope Scope>
inline void init(uint3 threadIdx, uint3 blockIdx, uint3 blockDim, uint3 gridDim, device uint* cu2m_printf_buffer, threadgroup CudaBarrier<Scope> *bar, unsigned int expected) {
  ((expected == blockDim.x * blockDim.y * blockDim.z && "cu2metal: a cuda::barrier must expect every thread of the block") ? (void)0 : cu2m_assert_fail(cu2m_printf_buffer, blockIdx, gridDim, threadIdx, 0x78918f96u));
  bar->expected = expected;
}

template <::thread_scope Scope>
using barrier = CudaBarrier<Scope>;

/** cuda::memcpy_async(dst, src, bytes, bar): done at once by the calling thread. */
template <typename T, typename Size, ::thread_scope Scope>
inline void memcpy_async(threadgroup T *dst, const device T *src, Size size, threadgroup CudaBarrier<Scope> &bar) {
  (void)bar;
  cu2m_memcpy((threadgroup uchar*)(dst), (const device uchar*)(src), (size_t)size);
}
#line 58 "native/include/cuda/std/barrier"
template <typename T, typename Size, ::thread_scope Scope>
inline void memcpy_async(threadgroup T *dst, const device T *src, Size size, thread CudaBarrier<Scope> &bar) {
  (void)bar;
  cu2m_memcpy((threadgroup uchar*)(dst), (const device uchar*)(src), (size_t)size);
}
#line 20 "native/include/cuda/pipeline"
enum class pipeline_role { producer, consumer };

/** The state a block-scope pipeline shares: `__shared__ cuda::pipeline_shared_state<cuda::thread_scope_block, N> s;`. */
template <::thread_scope Scope, unsigned char StagesCount>
struct CudaPipelineSharedState {
  unsigned int stages;
};
#line 31 "native/include/cuda/pipeline"
/** cuda::pipeline<Scope>: see above. The stage operations are static: they need no state. */
template <::thread_scope Scope>
class CudaPipeline {
 public:
  /** Waits until the next stage may be filled: the block's barrier for a block-scope pipeline. */
  static inline void producer_acquire() {
    if (Scope == ::thread_scope_block) threadgroup_barrier(mem_flags::mem_device | mem_flags::mem_threadgroup);
  }
  /** Commits the copies since producer_acquire: they are done. */
  static inline void producer_commit() {}
  /** Waits for the oldest stage: the block's barrier for a block-scope pipeline. */
  static inline void consumer_wait() {
    if (Scope == ::thread_scope_block) threadgroup_barrier(mem_flags::mem_device | mem_flags::mem_threadgroup);
  }
  /** Releases the oldest stage: producer_acquire waits for every thread's release. */
  static inline void consumer_release() {}
  /** Leaves the pipeline: nothing is in flight. */
  static inline bool quit() { return true; }
};

template <::thread_scope Scope>
using pipeline = CudaPipeline<Scope>;

/** The calling thread's own pipeline. */
inline CudaPipeline<::thread_scope_thread> make_pipeline() { return CudaPipeline<::thread_scope_thread>(); }

/** A pipeline of the whole block (group is this_thread_block()), every thread producer and consumer. */
template <typename Group, ::thread_scope Scope, unsigned char StagesCount>
inline CudaPipeline<Scope> make_pipeline(const Group &group, CudaPipelineSharedState<Scope, StagesCount> *state) {
  (void)group;
  (void)state;
  return CudaPipeline<Scope>();
}

/** Partitioned pipelines: for the cuda-cpu reference only (the translator refuses them, see above). */
template <typename Group, ::thread_scope Scope, unsigned char StagesCount>
inline CudaPipeline<Scope> make_pipeline(const Group &group, CudaPipelineSharedState<Scope, StagesCount> *state, pipeline_role role) {
  (void)group;
  (void)state;
  (void)role;
  return CudaPipeline<Scope>();
}
template <typename Group, ::thread_scope Scope, unsigned char StagesCount>
inline CudaPipeline<Scope> make_pipeline(const Group &group, CudaPipelineSharedState<Scope, StagesCount> *state, size_t producer_count) {
  (void)group;
  (void)state;
  (void)producer_count;
  return CudaPipeline<Scope>();
}

/** cuda::pipeline_consumer_wait_prior<N>(pipe): waits for all but the N most recent stages (consumer_wait). */
template <unsigned char Prior, ::thread_scope Scope>
inline void pipeline_consumer_wait_prior(thread CudaPipeline<Scope> &pipe) {
  (void)pipe;
  CudaPipeline<Scope>::consumer_wait();
}

/** cuda::memcpy_async(dst, src, bytes, pipe): done at once by the calling thread. */
template <typename T, typename Size, ::thread_scope Scope>
inline void memcpy_async(threadgroup T *dst, const device T *src, Size size, threadgroup CudaPipeline<Scope> &pipe) {
  (void)pipe;
  cu2m_memcpy((threadgroup uchar*)(dst), (const device uchar*)(src), (size_t)size);
}
#line 89 "native/include/cuda/pipeline"
template <typename T, typename Size, ::thread_scope Scope>
inline void memcpy_async(threadgroup T *dst, const device T *src, Size size, thread CudaPipeline<Scope> &pipe) {
  (void)pipe;
  cu2m_memcpy((threadgroup uchar*)(dst), (const device uchar*)(src), (size_t)size);
}
#line 9 "libcuxx.cu"
kernel void reverseTile(device const float* in [[buffer(0)]], device float* out [[buffer(1)]], device uint* cu2m_printf_buffer [[buffer(2)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]], uint3 blockDim [[threads_per_threadgroup]], uint3 gridDim [[threadgroups_per_grid]]) {
  threadgroup ::barrier<::thread_scope_block> bar;
  threadgroup __attribute__((aligned(16))) float tile[128];
  if (threadIdx.x == 0) init(threadIdx, blockIdx, blockDim, gridDim, cu2m_printf_buffer, &bar, blockDim.x);
  threadgroup_barrier(mem_flags::mem_device | mem_flags::mem_threadgroup);
  memcpy_async(&tile[threadIdx.x], &in[blockIdx.x * 128 + threadIdx.x], sizeof(float), bar);
  bar.arrive_and_wait();
  const float v = tile[127 - threadIdx.x];
  auto token = bar.arrive();
  bar.wait((token));
  out[blockIdx.x * 128 + threadIdx.x] = v;
}

kernel void columnSums(device const float* in [[buffer(0)]], device float* out [[buffer(1)]], constant int& rows [[buffer(2)]], uint3 threadIdx [[thread_position_in_threadgroup]]) {
  threadgroup float stage[2][128];
  pipeline<::thread_scope_thread> pipe = make_pipeline();
  const auto one = aligned_size_t<alignof(float)>(sizeof(float));
  pipe.producer_acquire();
  memcpy_async(&stage[0][threadIdx.x], &in[threadIdx.x], one, pipe);
  pipe.producer_commit();
  float sum = 0.0f;
  for (int r = 0; r < rows; ++r) {
    if (r + 1 < rows) {
      pipe.producer_acquire();
      memcpy_async(&stage[(r + 1) % 2][threadIdx.x], &in[(r + 1) * 128 + threadIdx.x], one, pipe);
      pipe.producer_commit();
    }
    pipeline_consumer_wait_prior<1>(pipe);
    threadgroup_barrier(mem_flags::mem_device | mem_flags::mem_threadgroup);
    sum += stage[r % 2][threadIdx.x];
    threadgroup_barrier(mem_flags::mem_device | mem_flags::mem_threadgroup);
    pipe.consumer_release();
  }
  out[threadIdx.x] = sum;
}

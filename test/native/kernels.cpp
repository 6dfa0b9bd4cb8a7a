// Hand-written kernel module for the runtime smoke test: what src/build/ generates, reduced to the
// ABI of native/include/cu2m/abi.h. Built with `clang++ -shared -fPIC`.
#include <stdint.h>

#include "cu2m/abi.h"

#define ENTRY(name) extern "C" void cu2m_entry_##name(void* const* args, cu2m_thread_ctx* ctx)
#define FLAGS(name, value) \
  extern "C" {             \
  extern const uint32_t cu2m_flags_##name;   \
  const uint32_t cu2m_flags_##name = value;  \
  }

extern "C" {
extern const uint32_t cu2m_module_abi_version;
const uint32_t cu2m_module_abi_version = CU2M_ABI_VERSION;
}

template <class T> static T& arg(void* const* args, int i) { return *static_cast<T*>(args[i]); }

// vecAdd(const float* a, const float* b, float* c, int n): no barriers, plain loop.
FLAGS(vecAdd, 0)
ENTRY(vecAdd) {
  const float* a = arg<const float*>(args, 0);
  const float* b = arg<const float*>(args, 1);
  float* c = arg<float*>(args, 2);
  int n = arg<int>(args, 3);
  int i = static_cast<int>(ctx->block_idx.x * ctx->block_dim.x + ctx->thread_idx.x);
  if (i < n) c[i] = a[i] + b[i];
}

// blockReduce(const float* in, float* out, int n): shared-memory tree reduction, 256 threads per
// block, 1 + log2(256) = 9 barriers per thread. Static shared memory as the lowering emits it.
FLAGS(blockReduce, CU2M_KERNEL_USES_BARRIERS)
ENTRY(blockReduce) {
  static thread_local float sdata[256];
  const float* in = arg<const float*>(args, 0);
  float* out = arg<float*>(args, 1);
  int n = arg<int>(args, 2);
  unsigned tid = ctx->thread_idx.x;
  unsigned i = ctx->block_idx.x * ctx->block_dim.x + tid;
  sdata[tid] = i < static_cast<unsigned>(n) ? in[i] : 0.0f;
  ctx->barrier(ctx, __FILE__, __LINE__);
  for (unsigned s = ctx->block_dim.x / 2; s > 0; s >>= 1) {
    if (tid < s) sdata[tid] += sdata[tid + s];
    ctx->barrier(ctx, __FILE__, __LINE__);
  }
  if (tid == 0) out[ctx->block_idx.x] = sdata[0];
}

// dynReverse(int* d): reverses each block's chunk through dynamic shared memory.
FLAGS(dynReverse, CU2M_KERNEL_USES_BARRIERS | CU2M_KERNEL_DYNAMIC_SHARED)
ENTRY(dynReverse) {
  int* d = arg<int*>(args, 0);
  int* s = static_cast<int*>(ctx->dynamic_shared);
  if (reinterpret_cast<uintptr_t>(s) % 16 != 0) ctx->trap(ctx, "dynamic shared memory is not 16-byte aligned");
  if (ctx->dynamic_shared_bytes < ctx->block_dim.x * sizeof(int)) ctx->trap(ctx, "dynamic shared memory too small");
  unsigned t = ctx->thread_idx.x, base = ctx->block_idx.x * ctx->block_dim.x;
  s[t] = d[base + t];
  ctx->barrier(ctx, __FILE__, __LINE__);
  d[base + t] = s[ctx->block_dim.x - 1 - t];
}

// geom3d(uint32_t* out): every thread records its builtins (12 words) at its global linear index.
FLAGS(geom3d, 0)
ENTRY(geom3d) {
  uint32_t* out = arg<uint32_t*>(args, 0);
  const cu2m_dim3 t = ctx->thread_idx, b = ctx->block_idx, bd = ctx->block_dim, gd = ctx->grid_dim;
  uint32_t block = b.x + b.y * gd.x + b.z * gd.x * gd.y;
  uint32_t global = block * (bd.x * bd.y * bd.z) + ctx->linear_tid;
  uint32_t* r = out + global * 12;
  r[0] = t.x; r[1] = t.y; r[2] = t.z;
  r[3] = b.x; r[4] = b.y; r[5] = b.z;
  r[6] = bd.x; r[7] = bd.y; r[8] = bd.z;
  r[9] = gd.x * 10000 + gd.y * 100 + gd.z;
  r[10] = ctx->linear_tid;
  r[11] = ctx->warp_size;
}

// earlyExit(int* out, int active): threads >= active return before the barriers, which is a
// divergent barrier when active < blockDim.x (the launch fails); active == blockDim.x is correct.
FLAGS(earlyExit, CU2M_KERNEL_USES_BARRIERS)
ENTRY(earlyExit) {
  static thread_local int sh[1024];
  int* out = arg<int*>(args, 0);
  int active = arg<int>(args, 1);
  int t = static_cast<int>(ctx->thread_idx.x);
  if (t >= active) return;
  sh[t] = t + 1;
  ctx->barrier(ctx, __FILE__, __LINE__);
  int sum = 0;
  for (int k = 0; k < active; ++k) sum += sh[k];
  ctx->barrier(ctx, __FILE__, __LINE__);
  out[ctx->block_idx.x * ctx->block_dim.x + t] = sum;
}

// fill(float* p, float v, int n)
FLAGS(fill, 0)
ENTRY(fill) {
  float* p = arg<float*>(args, 0);
  float v = arg<float>(args, 1);
  int n = arg<int>(args, 2);
  int i = static_cast<int>(ctx->block_idx.x * ctx->block_dim.x + ctx->thread_idx.x);
  if (i < n) p[i] = v;
}

// trapper(): thread (1,0,0) of block (2,0,0) traps.
FLAGS(trapper, 0)
ENTRY(trapper) {
  (void)args;
  if (ctx->block_idx.x == 2 && ctx->thread_idx.x == 1) ctx->trap(ctx, "assertion `x < n` failed");
}

// badBarrier(): calls the barrier but the module says it does not use barriers.
FLAGS(badBarrier, 0)
ENTRY(badBarrier) {
  (void)args;
  ctx->barrier(ctx, __FILE__, __LINE__);
}

// bigStack(int* out): each thread fills a 192 KiB local array (on its fiber's stack: the kernel
// uses a barrier), then writes a checksum. Needs cudaLimitStackSize when fiber stacks are small.
FLAGS(bigStack, CU2M_KERNEL_USES_BARRIERS)
ENTRY(bigStack) {
  int* out = arg<int*>(args, 0);
  volatile unsigned char local[192 * 1024];
  for (unsigned i = 0; i < sizeof local; ++i) local[i] = static_cast<unsigned char>(i + ctx->thread_idx.x);
  ctx->barrier(ctx, __FILE__, __LINE__);
  int sum = 0;
  for (unsigned i = 0; i < sizeof local; i += 4096) sum += local[i];
  out[ctx->block_idx.x * ctx->block_dim.x + ctx->thread_idx.x] = sum;
}

// scale(float* p, float k, int n): p[i] *= k.
FLAGS(scale, 0)
ENTRY(scale) {
  float* p = arg<float*>(args, 0);
  float k = arg<float>(args, 1);
  int n = arg<int>(args, 2);
  int i = static_cast<int>(ctx->block_idx.x * ctx->block_dim.x + ctx->thread_idx.x);
  if (i < n) p[i] *= k;
}

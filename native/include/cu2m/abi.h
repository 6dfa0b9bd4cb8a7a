// cu2metal internal ABI: the contract between
//   (1) translated host programs (generated launch stubs, see src/host/),
//   (2) the runtime core (native/runtime/), and
//   (3) compiled kernel modules of the CPU backends (msl-cpu and cuda-cpu: shared objects
//       produced by src/build/, loaded with dlopen).
// Plain C so that every side can include it. Changing it is a breaking change for cached modules:
// bump CU2M_ABI_VERSION.
#ifndef CU2M_ABI_H
#define CU2M_ABI_H

#include <stddef.h>
#include <stdint.h>

#define CU2M_ABI_VERSION 3

// C++ for OpenCL (the msl-cpu backend compiles translated MSL with clang -x clcpp) cannot declare
// function pointers: there the function-pointer fields are opaque pointers of the same size, and
// the MSL side reaches them through native/cpu/msl/cu2m_msl_support.cpp (plain C++).
#if defined(__OPENCL_CPP_VERSION__)
#define CU2M_FN_FIELD(ret, name, args) void* name
#else
#define CU2M_FN_FIELD(ret, name, args) ret(*name) args
#endif

#ifdef __cplusplus
extern "C" {
#endif

// ---- Kernel descriptions (emitted by the host translator next to each launch stub) ----------

typedef enum cu2m_arg_kind {
  CU2M_ARG_BUFFER = 0, // a device pointer: resolved to (buffer, offset) at launch
  CU2M_ARG_SCALAR = 1, // plain bytes passed by value (MSL: constant T& via setBytes)
  CU2M_ARG_SYMBOL = 2, // a __constant__/__device__ variable named by the param's name: the runtime
                       // binds its storage (native/runtime/symbols.cpp) as a buffer; no args[i]
  CU2M_ARG_TEXTURE = 3, // a cudaTextureObject_t (8 bytes, like a scalar; checked live at launch;
                        // Metal: a texture + sampler, cu2m/texture.h)
  CU2M_ARG_SURFACE = 4  // a cudaSurfaceObject_t (likewise; Metal: a read_write texture)
} cu2m_arg_kind;

// Element type of a buffer parameter's pointee, used by traces and `diff` to compare results.
typedef enum cu2m_elem_type {
  CU2M_ELEM_BYTES = 0, // unknown / struct: compared byte-wise
  CU2M_ELEM_F32, CU2M_ELEM_F64, CU2M_ELEM_F16,
  CU2M_ELEM_I8, CU2M_ELEM_U8, CU2M_ELEM_I16, CU2M_ELEM_U16,
  CU2M_ELEM_I32, CU2M_ELEM_U32, CU2M_ELEM_I64, CU2M_ELEM_U64
} cu2m_elem_type;

#ifdef __cplusplus
#define CU2M_FIELD_DEFAULT(v) = v
#else
#define CU2M_FIELD_DEFAULT(v)
#endif

typedef struct cu2m_param_info {
  const char* name;      // parameter name in the .cu source
  uint32_t kind;         // cu2m_arg_kind
  uint32_t size;         // sizeof the host-side value (pointer size for buffers)
  uint32_t elem_type;    // cu2m_elem_type (buffers only)
  uint32_t elem_size;    // sizeof the pointee (buffers only; 0 when unknown)
  uint32_t writes;       // 1 when the kernel may write through this pointer
  // CU2M_ARG_SCALAR: device pointers inside the value (pointer fields of a struct passed by
  // value, src/translate/structPointers.ts) and their byte offsets in it. The Metal backend
  // rewrites each into the GPU address of the allocation it points into; the CPU backends pass
  // the bytes as they are. Host and runtime only (kernel modules never read parameter infos).
  // (C++ defaults them, so that descriptions written with the first six fields stay complete.)
  uint32_t num_pointers CU2M_FIELD_DEFAULT(0);
  const uint32_t* pointer_offsets CU2M_FIELD_DEFAULT(nullptr);
  // A kernel with an argument buffer (cu2m_kernel_info.arg_buffer_bytes > 0): the byte offset of
  // this parameter in it, for CU2M_ARG_BUFFER and CU2M_ARG_SCALAR parameters (src/translate/argumentBuffer.ts).
  uint32_t arg_offset CU2M_FIELD_DEFAULT(0);
} cu2m_param_info;

#define CU2M_KERNEL_USES_BARRIERS 1u    // needs fibers on the CPU backends
#define CU2M_KERNEL_DYNAMIC_SHARED 2u   // takes extern __shared__ / [[threadgroup(0)]] memory
#define CU2M_KERNEL_WORK_ITEM_LOOPS 4u  // with USES_BARRIERS: cu2m_block_NAME runs the whole block
                                        // as loops over its threads between barriers (no fibers)
#define CU2M_KERNEL_DEVICE_LAUNCHES 8u  // launches kernels from device code: its launch records (in the
                                        // printf buffer) are drained and launched once it completes

typedef struct cu2m_kernel_info {
  const char* name;             // host name of the kernel (MSL function name, module entry name)
  const char* source_file;      // the .cu file it came from
  uint32_t source_line;         // line of its definition
  uint32_t num_params;
  const cu2m_param_info* params;
  uint32_t flags;               // CU2M_KERNEL_*
  uint32_t static_shared_bytes; // bytes of static __shared__ memory (for the 32 KB check)
  // More parameters than Metal's 31 buffers: the kernel takes its CU2M_ARG_BUFFER and
  // CU2M_ARG_SCALAR parameters in one struct of this many bytes (each at its arg_offset), bound as
  // [[buffer(0)]]; its other buffers (symbols) take [[buffer(1)]], [[buffer(2)]]... in order. The
  // Metal backend writes each pointer as its buffer's GPU address; the CPU modules build the
  // struct themselves from the usual args[] (src/build/glue.ts). 0: one [[buffer(i)]] per parameter.
  uint32_t arg_buffer_bytes CU2M_FIELD_DEFAULT(0);
} cu2m_kernel_info;

// ---- CPU module ABI (msl-cpu and cuda-cpu shared objects) ------------------------------------

typedef struct cu2m_dim3 { uint32_t x, y, z; } cu2m_dim3;

typedef struct cu2m_thread_ctx cu2m_thread_ctx;
struct cu2m_thread_ctx {
  cu2m_dim3 thread_idx;   // threadIdx / thread_position_in_threadgroup
  cu2m_dim3 block_idx;    // blockIdx  / threadgroup_position_in_grid
  cu2m_dim3 block_dim;    // blockDim  / threads_per_threadgroup
  cu2m_dim3 grid_dim;     // gridDim   / threadgroups_per_grid
  uint32_t linear_tid;    // x + y*bx + z*bx*by within the block
  uint32_t warp_size;     // 32 on cuda-cpu (NVIDIA), 32 on msl-cpu (Apple SIMD groups)
  void* dynamic_shared;   // this block's dynamic shared memory (NULL when none), 16-byte aligned
  size_t dynamic_shared_bytes;
  // Block-wide barrier: suspends this thread's fiber until every thread of the block has
  // arrived. `file`/`line` name the barrier call in the source (the .cu line: MSL carries #line),
  // so that a divergent barrier can be reported: when some threads of the block returned while
  // others wait, or threads wait at different call sites, the scheduler fails the launch (message
  // on stderr, cudaErrorLaunchFailure at the next synchronising call) instead of continuing.
  // Calling it from a kernel launched without CU2M_KERNEL_USES_BARRIERS aborts with a diagnostic.
  CU2M_FN_FIELD(void, barrier, (cu2m_thread_ctx* self, const char* file, uint32_t line));
  // Aborts the program with a message naming the kernel (device-side trap/assert).
  CU2M_FN_FIELD(void, trap, (cu2m_thread_ctx* self, const char* message));
  // Warp (SIMD-group) collective: this thread contributes `value` and waits until no thread of
  // its warp can run without the others; then `values[lane]` holds the contribution of every lane
  // that takes part (the lanes waiting at a warp operation: the active lanes) and `*active` their
  // mask. Shuffles, votes, reductions and __syncwarp are built on it. Needs fibers, like barrier.
  // With `values` and `active` null it is a lockstep step (cu2m/lockstep.h): it waits only for the
  // lanes of the warp at a step too; lanes waiting at a collective wait until no lane of the warp is
  // at a step.
  CU2M_FN_FIELD(void, warp_exchange, (cu2m_thread_ctx* self, uint64_t value, uint64_t* values, uint32_t* active));
  void* scheduler;        // opaque, owned by the runtime
};

// Every module exports, for each kernel NAME:
//   void cu2m_entry_NAME(void* const* args, cu2m_thread_ctx* ctx);
//     runs ONE thread of the kernel. args[i] points at the value of parameter i: for a buffer
//     parameter a `void*` holding the device address, for a scalar its bytes.
//   const uint32_t cu2m_flags_NAME;  (CU2M_KERNEL_* flags)
//   const uint32_t cu2m_maxthreads_NAME;  (optional: __launch_bounds__(N), the most threads per
//     block; a launch with more fails with cudaErrorInvalidValue, as on NVIDIA GPUs)
//   void cu2m_block_NAME(void* const* args, cu2m_thread_ctx* ctx);  (optional, kernels without
//     CU2M_KERNEL_USES_BARRIERS only: the block entry) runs EVERY thread of the block
//     ctx->block_idx in one call, x fastest, setting ctx->thread_idx and ctx->linear_tid before
//     each; the same as calling cu2m_entry_NAME once per thread in that order, without an
//     indirect call per thread. With CU2M_KERNEL_USES_BARRIERS | CU2M_KERNEL_WORK_ITEM_LOOPS it
//     also exists: each stretch between barriers runs as a loop over the block's threads
//     (src/build/workItemLoops.ts), the same order as fibers switching at each barrier.
//   void cu2m_blocks_NAME(void* const* args, cu2m_thread_ctx* ctx, uint64_t first, uint64_t last);
//     (optional, kernels without CU2M_KERNEL_USES_BARRIERS only: the range entry) runs the blocks
//     numbered first..last-1 (x fastest: number = x + y*gx + z*gx*gy of ctx->grid_dim) in that
//     order, setting ctx->block_idx for each; the same as calling cu2m_block_NAME once per block,
//     without an indirect call per block.
// and once:
//   const uint32_t cu2m_module_abi_version;  (== CU2M_ABI_VERSION)
#if !defined(__OPENCL_CPP_VERSION__)
typedef void (*cu2m_entry_fn)(void* const* args, cu2m_thread_ctx* ctx);
typedef void (*cu2m_block_fn)(void* const* args, cu2m_thread_ctx* ctx);
typedef void (*cu2m_blocks_fn)(void* const* args, cu2m_thread_ctx* ctx, uint64_t first, uint64_t last);
#endif

#ifdef __cplusplus
}
#endif

#endif // CU2M_ABI_H

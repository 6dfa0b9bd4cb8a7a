// virtual_container.cu translated to Metal Shading Language by cu2metal 0.1.0.
// Readable output: edit freely. #line directives map every line back to the CUDA source.
#include <metal_stdlib>
using namespace metal;
#define __CUDA_ARCH__ 800 // device code of the .cu takes its __CUDA_ARCH__ branches
// Helpers for CUDA functions Metal lacks (emitted because this file uses them)
// atomicAdd (CUDA) on Metal atomics, relaxed order; returns the old value. int/unsigned: atomic_fetch_add; float: atomic_float in device memory, a CAS loop in threadgroup memory.
inline int atomicAdd(device int* p, int v) { return atomic_fetch_add_explicit((device atomic_int*)p, v, memory_order_relaxed); }
inline int atomicAdd(threadgroup int* p, int v) { return atomic_fetch_add_explicit((threadgroup atomic_int*)p, v, memory_order_relaxed); }
inline uint atomicAdd(device uint* p, uint v) { return atomic_fetch_add_explicit((device atomic_uint*)p, v, memory_order_relaxed); }
inline uint atomicAdd(threadgroup uint* p, uint v) { return atomic_fetch_add_explicit((threadgroup atomic_uint*)p, v, memory_order_relaxed); }
inline float atomicAdd(device float* p, float v) { return atomic_fetch_add_explicit((device atomic_float*)p, v, memory_order_relaxed); }
inline float atomicAdd(threadgroup float* p, float v) {
  threadgroup atomic_uint* a = (threadgroup atomic_uint*)p;
  uint seen = atomic_load_explicit(a, memory_order_relaxed);
  for (;;) {
    float old_ = as_type<float>(seen);
    if (atomic_compare_exchange_weak_explicit(a, &seen, as_type<uint>(float(old_ + v)), memory_order_relaxed, memory_order_relaxed)) return old_;
  }
}
// atomicCAS (CUDA) on Metal atomics, relaxed order; returns the old value. weak compare-exchange in a loop; returns the value it found (the old value), as CUDA does.
inline int atomicCAS(device int* p, int c, int v) {
  device atomic_int* a = (device atomic_int*)p;
  int seen = atomic_load_explicit(a, memory_order_relaxed);
  for (;;) {
    int old_ = seen;
    if (old_ != c) return old_;
    if (atomic_compare_exchange_weak_explicit(a, &seen, int(v), memory_order_relaxed, memory_order_relaxed)) return old_;
  }
}
inline int atomicCAS(threadgroup int* p, int c, int v) {
  threadgroup atomic_int* a = (threadgroup atomic_int*)p;
  int seen = atomic_load_explicit(a, memory_order_relaxed);
  for (;;) {
    int old_ = seen;
    if (old_ != c) return old_;
    if (atomic_compare_exchange_weak_explicit(a, &seen, int(v), memory_order_relaxed, memory_order_relaxed)) return old_;
  }
}
inline uint atomicCAS(device uint* p, uint c, uint v) {
  device atomic_uint* a = (device atomic_uint*)p;
  uint seen = atomic_load_explicit(a, memory_order_relaxed);
  for (;;) {
    uint old_ = seen;
    if (old_ != c) return old_;
    if (atomic_compare_exchange_weak_explicit(a, &seen, uint(v), memory_order_relaxed, memory_order_relaxed)) return old_;
  }
}
inline uint atomicCAS(threadgroup uint* p, uint c, uint v) {
  threadgroup atomic_uint* a = (threadgroup atomic_uint*)p;
  uint seen = atomic_load_explicit(a, memory_order_relaxed);
  for (;;) {
    uint old_ = seen;
    if (old_ != c) return old_;
    if (atomic_compare_exchange_weak_explicit(a, &seen, uint(v), memory_order_relaxed, memory_order_relaxed)) return old_;
  }
}
// atomicSub (CUDA) on Metal atomics, relaxed order; returns the old value. atomic_fetch_sub.
inline int atomicSub(device int* p, int v) { return atomic_fetch_sub_explicit((device atomic_int*)p, v, memory_order_relaxed); }
inline int atomicSub(threadgroup int* p, int v) { return atomic_fetch_sub_explicit((threadgroup atomic_int*)p, v, memory_order_relaxed); }
inline uint atomicSub(device uint* p, uint v) { return atomic_fetch_sub_explicit((device atomic_uint*)p, v, memory_order_relaxed); }
inline uint atomicSub(threadgroup uint* p, uint v) { return atomic_fetch_sub_explicit((threadgroup atomic_uint*)p, v, memory_order_relaxed); }
#line 1 "virtual_container.cu"
// Virtual functions (devirtualised on a type tag) and device new/delete (the device heap), as
// cuda-samples' newdelete writes them: a container class template with a virtual destructor and
// virtual push/pop, created in one kernel, filled and drained in others, deleted in a last one.
template <class T> class Container { public: ulong cu2m_type; /* hidden type tag (in place of CUDA's vtable pointer) */ private:
public:
  Container() { this->cu2m_type = 1;}
  void cu2m_destroy_Container() {}
  /* pure virtual push(): calls go through Container_push */
  /* pure virtual pop(): calls go through Container_pop */
};

/* device heap (cu2metal): */
#line 12 "virtual_container.cu"
/* __device__ cu2m_device_heap: buffer parameter of the kernels that use it */
#line 12 "virtual_container.cu"
/* the device heap's header: next free byte, capacity, live blocks; the runtime binds the heap after it (cudaLimitMallocHeapSize) */
#line 12 "virtual_container.cu"
device void* cu2m_malloc(device unsigned int* cu2m_device_heap, size_t bytes) { device unsigned int* heap = cu2m_device_heap; if (bytes == 0 || bytes > heap[1]) return nullptr; unsigned int need = ((unsigned int)bytes + 15u) / 16u * 16u + 16u; unsigned int top = atomicAdd(&heap[0], 0u); for (;;) { if (top > heap[1] || need > heap[1] - top) return nullptr; unsigned int seen = atomicCAS(&heap[0], top, top + need); if (seen == top) break; top = seen; } device unsigned int* block = heap + 4 + top / 4u; block[0] = need; block[1] = 1u; atomicAdd(&heap[2], 1u); return (device void*)(block + 4); }
#line 12 "virtual_container.cu"
void cu2m_free(device unsigned int* cu2m_device_heap, device void* p) { if (!p) return; device unsigned int* heap = cu2m_device_heap; device unsigned int* block = (device unsigned int*)p - 4; unsigned int at = (unsigned int)(block - (heap + 4)) * 4u; block[1] = 0u; atomicSub(&heap[2], 1u); atomicCAS(&heap[0], at + block[0], at); }
#line 12 "virtual_container.cu"
template <class T>
device T* cu2m_new(device unsigned int* cu2m_device_heap, T value) { device T* p = (device T*)cu2m_malloc(cu2m_device_heap, sizeof(T)); if (p) *p = value; return p; }
#line 12 "virtual_container.cu"
template <class T> class Vector : public Container<T> {
public:
  Vector(device unsigned int* cu2m_device_heap, int max_size) : m_top(-1) { this->cu2m_type = 2; m_data = ((device T*)cu2m_malloc(cu2m_device_heap, sizeof(T) * (max_size))); }
  void cu2m_destroy_Vector(device unsigned int* cu2m_device_heap) { if (m_data) cu2m_free(cu2m_device_heap, m_data);  this->cu2m_destroy_Container(); }
  void cu2m_destroy_Vector(device unsigned int* cu2m_device_heap) device { if (m_data) cu2m_free(cu2m_device_heap, m_data);  this->cu2m_destroy_Container(); }
  void push(T e) {
    int idx = atomicAdd(&(this->m_top), 1);
    m_data[idx + 1] = e;
  }
  void push(T e) device {
    int idx = atomicAdd(&(this->m_top), 1);
    m_data[idx + 1] = e;
  }
  bool pop(thread T &e) {
    int idx = atomicAdd(&(this->m_top), -1);
    if (idx < 0) return false;
    e = m_data[idx];
    return true;
  }
  bool pop(thread T &e) device {
    int idx = atomicAdd(&(this->m_top), -1);
    if (idx < 0) return false;
    e = m_data[idx];
    return true;
  }

private:
  device T *m_data;
  int m_top;
};
#line 30 "virtual_container.cu"
/* virtual functions of Container, dispatched on the type tag: */
#line 30 "virtual_container.cu"
template <class T>
void Container_delete(device unsigned int* cu2m_device_heap, device Container<T>* self) { if (!self) return; switch (self->cu2m_type) { case 2: { if (static_cast<device Vector<T>*>(self)) (static_cast<device Vector<T>*>(self))->cu2m_destroy_Vector(cu2m_device_heap); cu2m_free(cu2m_device_heap, static_cast<device Vector<T>*>(self)); } return; default: { if (self) (self)->cu2m_destroy_Container(); cu2m_free(cu2m_device_heap, self); } return; } }
#line 30 "virtual_container.cu"
template <class T>
void Container_push(device Container<T>* self, T e) { switch (self->cu2m_type) { default: static_cast<device Vector<T>*>(self)->push(e); return; } }
#line 30 "virtual_container.cu"
template <class T>
bool Container_pop(device Container<T>* self, thread T &e) { switch (self->cu2m_type) { default: return static_cast<device Vector<T>*>(self)->pop(e); } }
kernel void vectorCreate(device Container<int>* device* g_container [[buffer(0)]], constant int& max_size [[buffer(1)]], device unsigned int* cu2m_device_heap [[buffer(2)]]) { *g_container = cu2m_new<Vector<int>>(cu2m_device_heap, Vector<int>(cu2m_device_heap, max_size)); }

kernel void containerFill(device Container<int>* device* g_container [[buffer(0)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]]) {
  if (threadIdx.x == 0) Container_push<int>((*g_container), blockIdx.x);
}

kernel void containerConsume(device Container<int>* device* g_container [[buffer(0)]], device int* d_result [[buffer(1)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]], uint3 blockDim [[threads_per_threadgroup]]) {
  int v;
  d_result[blockIdx.x * blockDim.x + threadIdx.x] = Container_pop<int>((*g_container), v) ? v : -1;
}

kernel void containerDelete(device Container<int>* device* g_container [[buffer(0)]], device unsigned int* cu2m_device_heap [[buffer(1)]]) { Container_delete(cu2m_device_heap, *g_container); }

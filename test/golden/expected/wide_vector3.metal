// wide_vector3.cu translated to Metal Shading Language by cu2metal 0.1.0.
// Readable output: edit freely. #line directives map every line back to the CUDA source.
#include <metal_stdlib>
using namespace metal;
#define __CUDA_ARCH__ 800 // device code of the .cu takes its __CUDA_ARCH__ branches
// Helpers for CUDA functions Metal lacks (emitted because this file uses them)
// long3 in memory with CUDA's layout (24 bytes, align 8; Metal's long3 takes 32): three longs
struct cu2m_packed_long3 {
  long x, y, z;
  operator long3() const thread { return long3(x, y, z); }
  operator long3() const device { return long3(x, y, z); }
  operator long3() const threadgroup { return long3(x, y, z); }
  operator long3() const constant { return long3(x, y, z); }
  long3 operator=(long3 v) thread { x = v.x; y = v.y; z = v.z; return v; }
  long3 operator=(long3 v) device { x = v.x; y = v.y; z = v.z; return v; }
  long3 operator=(long3 v) threadgroup { x = v.x; y = v.y; z = v.z; return v; }
  long3 operator=(const thread cu2m_packed_long3& o) thread { x = o.x; y = o.y; z = o.z; return long3(x, y, z); }
  long3 operator=(const device cu2m_packed_long3& o) thread { x = o.x; y = o.y; z = o.z; return long3(x, y, z); }
  long3 operator=(const threadgroup cu2m_packed_long3& o) thread { x = o.x; y = o.y; z = o.z; return long3(x, y, z); }
  long3 operator=(const constant cu2m_packed_long3& o) thread { x = o.x; y = o.y; z = o.z; return long3(x, y, z); }
  long3 operator=(const thread cu2m_packed_long3& o) device { x = o.x; y = o.y; z = o.z; return long3(x, y, z); }
  long3 operator=(const device cu2m_packed_long3& o) device { x = o.x; y = o.y; z = o.z; return long3(x, y, z); }
  long3 operator=(const threadgroup cu2m_packed_long3& o) device { x = o.x; y = o.y; z = o.z; return long3(x, y, z); }
  long3 operator=(const constant cu2m_packed_long3& o) device { x = o.x; y = o.y; z = o.z; return long3(x, y, z); }
  long3 operator=(const thread cu2m_packed_long3& o) threadgroup { x = o.x; y = o.y; z = o.z; return long3(x, y, z); }
  long3 operator=(const device cu2m_packed_long3& o) threadgroup { x = o.x; y = o.y; z = o.z; return long3(x, y, z); }
  long3 operator=(const threadgroup cu2m_packed_long3& o) threadgroup { x = o.x; y = o.y; z = o.z; return long3(x, y, z); }
  long3 operator=(const constant cu2m_packed_long3& o) threadgroup { x = o.x; y = o.y; z = o.z; return long3(x, y, z); }
};
// ulong3 in memory with CUDA's layout (24 bytes, align 8; Metal's ulong3 takes 32): three ulongs
struct cu2m_packed_ulong3 {
  ulong x, y, z;
  operator ulong3() const thread { return ulong3(x, y, z); }
  operator ulong3() const device { return ulong3(x, y, z); }
  operator ulong3() const threadgroup { return ulong3(x, y, z); }
  operator ulong3() const constant { return ulong3(x, y, z); }
  ulong3 operator=(ulong3 v) thread { x = v.x; y = v.y; z = v.z; return v; }
  ulong3 operator=(ulong3 v) device { x = v.x; y = v.y; z = v.z; return v; }
  ulong3 operator=(ulong3 v) threadgroup { x = v.x; y = v.y; z = v.z; return v; }
  ulong3 operator=(const thread cu2m_packed_ulong3& o) thread { x = o.x; y = o.y; z = o.z; return ulong3(x, y, z); }
  ulong3 operator=(const device cu2m_packed_ulong3& o) thread { x = o.x; y = o.y; z = o.z; return ulong3(x, y, z); }
  ulong3 operator=(const threadgroup cu2m_packed_ulong3& o) thread { x = o.x; y = o.y; z = o.z; return ulong3(x, y, z); }
  ulong3 operator=(const constant cu2m_packed_ulong3& o) thread { x = o.x; y = o.y; z = o.z; return ulong3(x, y, z); }
  ulong3 operator=(const thread cu2m_packed_ulong3& o) device { x = o.x; y = o.y; z = o.z; return ulong3(x, y, z); }
  ulong3 operator=(const device cu2m_packed_ulong3& o) device { x = o.x; y = o.y; z = o.z; return ulong3(x, y, z); }
  ulong3 operator=(const threadgroup cu2m_packed_ulong3& o) device { x = o.x; y = o.y; z = o.z; return ulong3(x, y, z); }
  ulong3 operator=(const constant cu2m_packed_ulong3& o) device { x = o.x; y = o.y; z = o.z; return ulong3(x, y, z); }
  ulong3 operator=(const thread cu2m_packed_ulong3& o) threadgroup { x = o.x; y = o.y; z = o.z; return ulong3(x, y, z); }
  ulong3 operator=(const device cu2m_packed_ulong3& o) threadgroup { x = o.x; y = o.y; z = o.z; return ulong3(x, y, z); }
  ulong3 operator=(const threadgroup cu2m_packed_ulong3& o) threadgroup { x = o.x; y = o.y; z = o.z; return ulong3(x, y, z); }
  ulong3 operator=(const constant cu2m_packed_ulong3& o) threadgroup { x = o.x; y = o.y; z = o.z; return ulong3(x, y, z); }
};
#line 1 "wide_vector3.cu"
// long3/longlong3/ulonglong3 in memory keep CUDA's 24-byte layout: a struct of three 64-bit
// integers that converts to and from Metal's long3 (registers keep long3).
struct Body { int id; cu2m_packed_long3 pos; };

kernel void move(device cu2m_packed_long3* p [[buffer(0)]], device Body* b [[buffer(1)]], device cu2m_packed_ulong3* u [[buffer(2)]], constant cu2m_packed_long3& by [[buffer(3)]], uint3 threadIdx [[thread_position_in_threadgroup]])
{
    int i = threadIdx.x;
    long3 v = p[i];
    p[i] = long3(v.x + by.x, v.y + by.y, v.z + by.z);
    b[i].pos.z += b[i].id;
    u[i].x = sizeof(cu2m_packed_long3);
}

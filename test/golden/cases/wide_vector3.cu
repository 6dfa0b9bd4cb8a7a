// long3/longlong3/ulonglong3 in memory keep CUDA's 24-byte layout: a struct of three 64-bit
// integers that converts to and from Metal's long3 (registers keep long3).
struct Body { int id; longlong3 pos; };

__global__ void move(longlong3* p, Body* b, ulonglong3* u, longlong3 by)
{
    int i = threadIdx.x;
    longlong3 v = p[i];
    p[i] = make_longlong3(v.x + by.x, v.y + by.y, v.z + by.z);
    b[i].pos.z += b[i].id;
    u[i].x = sizeof(longlong3);
}

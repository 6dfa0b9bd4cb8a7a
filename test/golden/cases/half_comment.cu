// Only a real use of half, __nv_bfloat16 or unsigned short brings their 16-bit atomicAdd overloads
// (and bfloat's MSL 3.1 check): the names in this comment, in a /* half2 */ comment and in string
// literals are not uses, so the MSL has the int atomics only.
#include <cstdio>

__global__ void countOdd(const int* in, int* count)
{
    /* ushort, __half2, nv_bfloat162 */
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (in[i] % 2 != 0) atomicAdd(count, 1); // half of them, roughly
    if (i == 0) printf("counting in half / __nv_bfloat16 / unsigned short %c\n", 'h');
}

int main()
{
    printf("no half here: %s\n", "__half");
    return 0;
}

// The SharedMemory<T> idiom: a type whose conversion (or getter) returns the dynamic shared memory.
template <class T> struct SharedMemory {
    __device__ inline operator T *() {
        extern __shared__ int __smem[];
        return (T *)__smem;
    }
    __device__ inline operator const T *() const {
        extern __shared__ int __smem[];
        return (T *)__smem;
    }
};

struct Bytes {
    __device__ unsigned char *get() {
        extern __shared__ unsigned char raw[];
        return raw;
    }
};

template <class T> __global__ void reduce0(const T *in, T *out, unsigned int n)
{
    T *sdata = SharedMemory<T>();
    unsigned int tid = threadIdx.x;
    sdata[tid] = tid < n ? in[tid] : 0;
    __syncthreads();
    if (tid == 0) out[blockIdx.x] = sdata[0] + sdata[1];
}

__global__ void viaVariables(unsigned int *data)
{
    SharedMemory<unsigned int> smem;
    Bytes bytes;
    unsigned int *words = smem;
    unsigned char *b = bytes.get();
    words[threadIdx.x] = data[threadIdx.x];
    __syncthreads();
    data[threadIdx.x] = b[threadIdx.x];
}

template __global__ void reduce0<float>(const float *, float *, unsigned int);

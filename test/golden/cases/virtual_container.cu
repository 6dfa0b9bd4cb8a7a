// Virtual functions (devirtualised on a type tag) and device new/delete (the device heap), as
// cuda-samples' newdelete writes them: a container class template with a virtual destructor and
// virtual push/pop, created in one kernel, filled and drained in others, deleted in a last one.
template <class T> class Container {
public:
  __device__ Container() {}
  __device__ virtual ~Container() {}
  __device__ virtual void push(T e) = 0;
  __device__ virtual bool pop(T &e) = 0;
};

template <class T> class Vector : public Container<T> {
public:
  __device__ Vector(int max_size) : m_top(-1) { m_data = new T[max_size]; }
  __device__ ~Vector() { if (m_data) delete[] m_data; }
  __device__ virtual void push(T e) {
    int idx = atomicAdd(&(this->m_top), 1);
    m_data[idx + 1] = e;
  }
  __device__ virtual bool pop(T &e) {
    int idx = atomicAdd(&(this->m_top), -1);
    if (idx < 0) return false;
    e = m_data[idx];
    return true;
  }

private:
  T *m_data;
  int m_top;
};

__global__ void vectorCreate(Container<int> **g_container, int max_size) { *g_container = new Vector<int>(max_size); }

__global__ void containerFill(Container<int> **g_container) {
  if (threadIdx.x == 0) (*g_container)->push(blockIdx.x);
}

__global__ void containerConsume(Container<int> **g_container, int *d_result) {
  int v;
  d_result[blockIdx.x * blockDim.x + threadIdx.x] = (*g_container)->pop(v) ? v : -1;
}

__global__ void containerDelete(Container<int> **g_container) { delete *g_container; }

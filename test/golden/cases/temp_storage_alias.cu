// Collective storage the CUB way: a layout wrapped in raw storage whose Alias() returns it by
// reference (threadgroup and device copies of the member), bound to a reference member in the
// constructor, in a __shared__ union reused after __syncthreads.
template <typename T>
struct Raw {
  unsigned int words[(sizeof(T) + 3) / 4];
  __device__ T &Alias() { return reinterpret_cast<T &>(*this); }
};

template <int THREADS>
class Rotate {
  struct Layout {
    float slots[THREADS];
  };
  Layout &layout;

 public:
  struct TempStorage : Raw<Layout> {};
  __device__ Rotate(TempStorage &storage) : layout(storage.Alias()) {}
  __device__ float By(float v, int k) {
    layout.slots[(threadIdx.x + k) % THREADS] = v;
    __syncthreads();
    float out = layout.slots[threadIdx.x];
    __syncthreads();
    return out;
  }
};

struct Totals {
  float sum;
  int n;
};

__global__ void rotateTwice(const float *in, float *out) {
  __shared__ union {
    Rotate<128>::TempStorage rotate;
    Raw<Totals> totals;
  } temp;
  float v = Rotate<128>(temp.rotate).By(in[threadIdx.x], 3);
  __syncthreads();
  Totals &t = temp.totals.Alias();
  if (threadIdx.x == 0) t.n = 0;
  __syncthreads();
  out[threadIdx.x] = v + (float)t.n;
}

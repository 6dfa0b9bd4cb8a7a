// Constructors that read built-ins take them as hidden parameters; each construction site passes them.
__device__ int laneOf() { return threadIdx.x % 32; }

#define ROW (blockIdx.y * blockDim.y + threadIdx.y)

struct Pixel {
  int row, lane;
  __device__ Pixel(int stride) : lane(laneOf()) { row = ROW * stride; }
  __device__ Pixel(const Pixel &o) : row(o.row), lane(o.lane) {}
};

template <int N>
struct Strip {
  int first;
  __device__ Strip() : first(threadIdx.x * N) {}
};

__global__ void rows(int *out, int stride) {
  typedef Strip<4> S4;
  const Pixel p(stride);
  Pixel q{stride + 1};
  Pixel r = p;
  S4 s;
  out[threadIdx.x] = p.row + q.lane + r.row + s.first + S4().first + Pixel(2).row;
}

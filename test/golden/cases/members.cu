// Device code in classes: built-ins in static and instance member functions (hidden parameters),
// a member template called through a template parameter, a conversion operator, a hidden friend,
// an operator's assert (left out, warning C2M1016), a file-scope extern __shared__ array in a helper.
#include <cassert>
#include <cstdint>

struct Block1D {
  static __device__ int Tid() { return threadIdx.x; }
  static __device__ int Warps() { return blockDim.x / 32; }
  static __device__ int Global() { return blockIdx.x * blockDim.x + Tid(); }
};

template <typename T>
struct Vec2 {
  T a, b;
  __device__ Vec2 operator/(T s) const {
    assert(s != 0);
    return Vec2{a / s, b / s};
  }
  __device__ T lane() const { return a + (T)(Block1D::Tid() % 32); }
  __host__ __device__ friend T dot(const Vec2& u, const Vec2& v) { return u.a * v.a + u.b * v.b; }
};

class Divisor {
 public:
  __host__ __device__ Divisor(int d) : d_(d) {}
  __host__ __device__ operator int() const { return d_; }
 private:
  int d_;
};

extern __shared__ float tile[];

__device__ float neighbour(int t) { return tile[(t + 1) % blockDim.x]; }

template <typename B>
__device__ int code() { return B::Global() * 4 + B::Warps(); }

__global__ void members(const float* in, float* out, int* codes, Divisor d) {
  Block1D blk;
  const int i = blk.Global();
  tile[Block1D::Tid()] = in[i];
  __syncthreads();
  Vec2<float> v{in[i], 2.0f};
  Vec2<float> h = v / 2.0f;
  out[i] = h.lane() + dot(h, v) + neighbour(Block1D::Tid());
  codes[i] = code<Block1D>() + i / (int)d;
}

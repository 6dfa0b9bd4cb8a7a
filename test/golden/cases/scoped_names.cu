// Names qualified by the program's types and namespaces in device code: a traits class template's
// nested type and its specialisation, a class template's static member function and reference
// accessors, static data members, enum class and an unscoped enum named by its type, a nested
// struct, `static constexpr` locals, a function template declared for its specialisations, and
// helpers and a kernel inside a nested namespace.
template <typename T> struct Traits { typedef float Acc; };
template <> struct Traits<int> { typedef long long Acc; };
template <> struct Traits<__half> { typedef __half2 Acc; };

// A function template known only through its explicit specialisations: its prototype stays.
template <typename T> __host__ __device__ float toFloat(T a);
template <> __host__ __device__ float toFloat(float a) { return a; }
template <> __host__ __device__ float toFloat(int a) { return (float)a * 0.5f; }

template <int N> struct PowerOfTwo { enum { VALUE = ((N & (N - 1)) == 0) }; };

enum class Mode { Add, Scale };
enum Dir { X, Y = 5, Z };

struct Tuning {
  static constexpr int Block = 64;
  struct Inner { int a, b; __device__ int sum() const { return a + b; } };
};

template <typename T> class Interval {
 public:
  __device__ Interval(T const &l, T const &h) : lo(l), hi(h) {}
  __device__ T const &lower() const { return lo; }
  __device__ T &lower() { return lo; }
  __device__ T &upper() { return hi; }
  static __device__ Interval whole(T a) { return Interval(-a, a); }
 private:
  T lo, hi;
};

namespace app::gpu {
constexpr float SCALE = 2.0f;
__device__ float twice(float x) { return x * SCALE; }
namespace detail {
__device__ int lane() { return threadIdx.x % 32; }
}

__global__ void scoped(const float *in, Traits<float>::Acc *out, int n, Mode m) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  static constexpr int kBias = 3;
  Interval<float> r = Interval<float>::whole(in[i]);
  r.lower() = r.lower() - 1.0f;
  const float &lo = r.lower();
  Tuning::Inner p = {Tuning::Block, Dir::Y};
  float v = m == Mode::Scale ? app::gpu::twice(r.upper()) : lo + kBias;
  if (PowerOfTwo<Tuning::Block>::VALUE) v += p.sum() + detail::lane();
  out[i] = v + toFloat(i) + toFloat(lo);
}
}  // namespace app::gpu

// scoped_names.cu translated to Metal Shading Language by cu2metal 0.1.0.
// Readable output: edit freely. #line directives map every line back to the CUDA source.
#include <metal_stdlib>
using namespace metal;
#define __CUDA_ARCH__ 800 // device code of the .cu takes its __CUDA_ARCH__ branches
#line 1 "scoped_names.cu"
// Names qualified by the program's types and namespaces in device code: a traits class template's
// nested type and its specialisation, a class template's static member function and reference
// accessors, static data members, enum class and an unscoped enum named by its type, a nested
// struct, `static constexpr` locals, a function template declared for its specialisations, and
// helpers and a kernel inside a nested namespace.
template <typename T> struct Traits { typedef float Acc; };
template <> struct Traits<int> { typedef long Acc; };
template <> struct Traits<half> { typedef half2 Acc; };


template <typename T> float toFloat(T a);
template <>
float toFloat(float a) { return a; }
#line 13 "scoped_names.cu"
template <>
float toFloat(int a) { return (float)a * 0.5f; }
template <int N> struct PowerOfTwo { enum { VALUE = ((N & (N - 1)) == 0) }; };

enum class Mode { Add, Scale };
enum Dir { X, Y = 5, Z };

struct Tuning {
  static constexpr constant int Block = 64;
  struct Inner { int a, b; int sum() const { return a + b; } };
};

template <typename T> class Interval {
 public:
  Interval(T const l, T const h) : lo(l), hi(h) {}
  thread T const &lower() const thread { return lo; }
  thread T &lower() thread { return lo; }
  thread T &upper() thread { return hi; }
  static Interval whole(T a) { return Interval(-a, a); }
 private:
  T lo, hi;
};
#line 37 "scoped_names.cu"
constant float SCALE = 2.0f;
float twice(float x) { return x * SCALE; }

int lane(uint3 threadIdx) { return threadIdx.x % 32; }


kernel void scoped(device const float* in [[buffer(0)]], device Traits<float>::Acc* out [[buffer(1)]], constant int& n [[buffer(2)]], constant Mode& m [[buffer(3)]], uint3 threadIdx [[thread_position_in_threadgroup]], uint3 blockIdx [[threadgroup_position_in_grid]], uint3 blockDim [[threads_per_threadgroup]]) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  constexpr int kBias = 3;
  Interval<float> r = Interval<float>::whole(in[i]);
  r.lower() = r.lower() - 1.0f;
  const thread float &lo = r.lower();
  Tuning::Inner p = {Tuning::Block, Dir::Y};
  float v = m == Mode::Scale ? twice(r.upper()) : lo + kBias;
  if (PowerOfTwo<Tuning::Block>::VALUE) v += p.sum() + lane(threadIdx);
  out[i] = v + toFloat(i) + toFloat(lo);
}

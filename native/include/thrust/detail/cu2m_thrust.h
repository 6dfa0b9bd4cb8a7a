// cu2metal's Thrust: the subset of Thrust's host-called parallel algorithms that CUDA programs use,
// written from Thrust's documented API (not from Thrust's source).
//
// Design (docs/DESIGN.md "Thrust"): device memory is host-visible on every cu2metal backend
// (plain host memory on msl-cpu and cuda-cpu, MTLStorageModeShared buffers on Metal), so every
// algorithm runs on the host CPU over the device pointers, after waiting for the device as
// Thrust's synchronous algorithms do (cudaDeviceSynchronize). Correct everywhere; not GPU-fast.
// device_vector allocates with cudaMalloc, so raw_pointer_cast(v.data()) can be passed to kernels.
// Functors and lambdas are called on the host; the translator keeps them in the host program.
#pragma once

#include <cuda_runtime.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdlib>
#include <cstdio>
#include <functional>
#include <iostream>  // programs written against Thrust use std::cout without including it (HeCBench mtf)
#include <iterator>
#include <new>
#include <numeric>
#include <random>
#include <stdexcept>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#define THRUST_MAJOR_VERSION 2
#define THRUST_MINOR_VERSION 0
#define THRUST_SUBMINOR_VERSION 0
#define THRUST_PATCH_NUMBER 0
#define THRUST_VERSION 200000
#define THRUST_DEVICE_SYSTEM_CUDA 1
#define THRUST_HOST_SYSTEM_CPP 2
#define THRUST_DEVICE_SYSTEM THRUST_DEVICE_SYSTEM_CUDA
#define THRUST_HOST_SYSTEM THRUST_HOST_SYSTEM_CPP

namespace thrust {

// ---- tuples and pairs: the standard ones (thrust::get, make_tuple, tie work on them) ----
template <class... T> using tuple = std::tuple<T...>;
template <class A, class B> using pair = std::pair<A, B>;
using std::get;
using std::make_tuple;
using std::make_pair;
using std::tie;
using std::tuple_element;
using std::tuple_size;
using std::swap;
using std::min;
using std::max;

/** What a failing algorithm throws in Thrust; here the algorithms abort on a device error instead. */
class system_error : public std::runtime_error {
 public:
  explicit system_error(const std::string &what) : std::runtime_error(what) {}
};

// ---- execution policies ----
namespace detail {
struct execution_policy_base {};
/** Waits for the device before the host reads device memory (Thrust's algorithms are synchronous). */
inline void device_sync() {
  cudaError_t e = cudaDeviceSynchronize();
  if (e != cudaSuccess) {
    std::fprintf(stderr, "thrust: %s before an algorithm\n", cudaGetErrorString(e));
    std::abort();
  }
}
struct device_policy : execution_policy_base {
  cudaStream_t stream = nullptr;
  device_policy on(cudaStream_t s) const { device_policy p; p.stream = s; return p; }
};
struct host_policy : execution_policy_base {};
template <class P> struct is_policy : std::is_base_of<execution_policy_base, std::decay_t<P>> {};
}  // namespace detail

template <class Derived> struct execution_policy : detail::execution_policy_base {};
static const detail::device_policy device{};
static const detail::host_policy host{};
static const detail::host_policy seq{};
namespace cuda {
static const detail::device_policy par{};
static const detail::device_policy par_nosync{};
}  // namespace cuda
namespace system { namespace cuda { using thrust::cuda::par; using thrust::cuda::par_nosync; } }
namespace cuda_cub { using thrust::cuda::par; using thrust::cuda::par_nosync; }

// ---- functional ----
template <class Arg, class Result> struct unary_function { typedef Arg argument_type; typedef Result result_type; };
template <class A1, class A2, class Result> struct binary_function { typedef A1 first_argument_type; typedef A2 second_argument_type; typedef Result result_type; };

#define CU2M_THRUST_BINARY(NAME, EXPR, RESULT)                                                     \
  template <class T = void> struct NAME {                                                          \
    typedef T first_argument_type; typedef T second_argument_type; typedef RESULT result_type;     \
    RESULT operator()(const T &a, const T &b) const { return EXPR; }                               \
  };                                                                                               \
  template <> struct NAME<void> {                                                                  \
    template <class A, class B> auto operator()(const A &a, const B &b) const -> decltype(EXPR) { return EXPR; } \
  };
CU2M_THRUST_BINARY(plus, a + b, T)
CU2M_THRUST_BINARY(minus, a - b, T)
CU2M_THRUST_BINARY(multiplies, a * b, T)
CU2M_THRUST_BINARY(divides, a / b, T)
CU2M_THRUST_BINARY(modulus, a % b, T)
CU2M_THRUST_BINARY(maximum, a < b ? b : a, T)
CU2M_THRUST_BINARY(minimum, b < a ? b : a, T)
CU2M_THRUST_BINARY(bit_and, a & b, T)
CU2M_THRUST_BINARY(bit_or, a | b, T)
CU2M_THRUST_BINARY(bit_xor, a ^ b, T)
CU2M_THRUST_BINARY(equal_to, a == b, bool)
CU2M_THRUST_BINARY(not_equal_to, a != b, bool)
CU2M_THRUST_BINARY(less, a < b, bool)
CU2M_THRUST_BINARY(greater, a > b, bool)
CU2M_THRUST_BINARY(less_equal, a <= b, bool)
CU2M_THRUST_BINARY(greater_equal, a >= b, bool)
CU2M_THRUST_BINARY(logical_and, a && b, bool)
CU2M_THRUST_BINARY(logical_or, a || b, bool)
#undef CU2M_THRUST_BINARY
template <class T = void> struct negate { typedef T argument_type; typedef T result_type; T operator()(const T &a) const { return -a; } };
template <class T = void> struct logical_not { typedef T argument_type; typedef bool result_type; bool operator()(const T &a) const { return !a; } };
template <class T = void> struct bit_not { typedef T argument_type; typedef T result_type; T operator()(const T &a) const { return ~a; } };
template <class T = void> struct identity { typedef T argument_type; typedef T result_type; const T &operator()(const T &a) const { return a; } };
template <> struct identity<void> { template <class A> A &&operator()(A &&a) const { return std::forward<A>(a); } };
template <> struct negate<void> { template <class A> auto operator()(const A &a) const -> decltype(-a) { return -a; } };

// ---- iterators ----
template <class It> struct iterator_traits : std::iterator_traits<It> {};
template <class It> struct iterator_value { typedef typename std::iterator_traits<It>::value_type type; };
template <class It> struct iterator_reference { typedef typename std::iterator_traits<It>::reference type; };
template <class It> struct iterator_difference { typedef typename std::iterator_traits<It>::difference_type type; };
template <class It> using iterator_value_t = typename iterator_value<It>::type;
template <class It> using iterator_difference_t = typename iterator_difference<It>::type;
struct random_access_traversal_tag {};
struct random_access_device_iterator_tag : std::random_access_iterator_tag {};

namespace detail {
/** Random-access iterator operations from D's deref(), advance(n) and distance_to(other). */
template <class D, class Value, class Reference>
struct iterator_facade {
  typedef std::random_access_iterator_tag iterator_category;
  typedef Value value_type;
  typedef Reference reference;
  typedef std::ptrdiff_t difference_type;
  typedef void pointer;
  D &self() { return static_cast<D &>(*this); }
  const D &self() const { return static_cast<const D &>(*this); }
  Reference operator*() const { return self().deref(); }
  Reference operator[](difference_type n) const { D t = self(); t.advance(n); return t.deref(); }
  D &operator++() { self().advance(1); return self(); }
  D operator++(int) { D t = self(); self().advance(1); return t; }
  D &operator--() { self().advance(-1); return self(); }
  D operator--(int) { D t = self(); self().advance(-1); return t; }
  D &operator+=(difference_type n) { self().advance(n); return self(); }
  D &operator-=(difference_type n) { self().advance(-n); return self(); }
  D operator+(difference_type n) const { D t = self(); t.advance(n); return t; }
  D operator-(difference_type n) const { D t = self(); t.advance(-n); return t; }
  friend D operator+(difference_type n, const D &it) { return it + n; }
  difference_type operator-(const D &o) const { return o.distance_to(self()); }
  bool operator==(const D &o) const { return self().distance_to(o) == 0; }
  bool operator!=(const D &o) const { return !(*this == o); }
  bool operator<(const D &o) const { return self().distance_to(o) > 0; }
  bool operator>(const D &o) const { return o < self(); }
  bool operator<=(const D &o) const { return !(o < self()); }
  bool operator>=(const D &o) const { return !(self() < o); }
};
}  // namespace detail

/** A pointer to device memory (host-visible here): an iterator over T. */
template <class T>
class device_ptr {
 public:
  typedef std::random_access_iterator_tag iterator_category;
  typedef std::remove_cv_t<T> value_type;
  typedef std::ptrdiff_t difference_type;
  typedef T *pointer;
  typedef T &reference;
  device_ptr() : p_(nullptr) {}
  device_ptr(std::nullptr_t) : p_(nullptr) {}
  explicit device_ptr(T *p) : p_(p) {}
  template <class U, class = std::enable_if_t<std::is_convertible<U *, T *>::value>>
  device_ptr(const device_ptr<U> &o) : p_(o.get()) {}
  T *get() const { return p_; }
  T &operator*() const { return *p_; }
  T *operator->() const { return p_; }
  T &operator[](difference_type n) const { return p_[n]; }
  device_ptr &operator++() { ++p_; return *this; }
  device_ptr operator++(int) { device_ptr t = *this; ++p_; return t; }
  device_ptr &operator--() { --p_; return *this; }
  device_ptr operator--(int) { device_ptr t = *this; --p_; return t; }
  device_ptr &operator+=(difference_type n) { p_ += n; return *this; }
  device_ptr &operator-=(difference_type n) { p_ -= n; return *this; }
  device_ptr operator+(difference_type n) const { return device_ptr(p_ + n); }
  device_ptr operator-(difference_type n) const { return device_ptr(p_ - n); }
  friend device_ptr operator+(difference_type n, const device_ptr &d) { return d + n; }
  difference_type operator-(const device_ptr &o) const { return p_ - o.p_; }
  bool operator==(const device_ptr &o) const { return p_ == o.p_; }
  bool operator!=(const device_ptr &o) const { return p_ != o.p_; }
  bool operator<(const device_ptr &o) const { return p_ < o.p_; }
  bool operator>(const device_ptr &o) const { return p_ > o.p_; }
  bool operator<=(const device_ptr &o) const { return p_ <= o.p_; }
  bool operator>=(const device_ptr &o) const { return p_ >= o.p_; }
  explicit operator bool() const { return p_ != nullptr; }

 private:
  T *p_;
};
template <class T> device_ptr<T> device_pointer_cast(T *p) { return device_ptr<T>(p); }
template <class T> device_ptr<T> device_pointer_cast(const device_ptr<T> &p) { return p; }
template <class T> T *raw_pointer_cast(T *p) { return p; }
template <class T> T *raw_pointer_cast(const device_ptr<T> &p) { return p.get(); }
template <class T> device_ptr<T> device_malloc(std::size_t n) {
  T *p = nullptr;
  if (cudaMalloc(reinterpret_cast<void **>(&p), n * sizeof(T)) != cudaSuccess) throw std::bad_alloc();
  return device_ptr<T>(p);
}
template <class T> void device_free(device_ptr<T> p) { cudaFree(p.get()); }

template <class T>
class counting_iterator : public detail::iterator_facade<counting_iterator<T>, T, T> {
 public:
  counting_iterator() : v_() {}
  explicit counting_iterator(T v) : v_(v) {}
  T deref() const { return v_; }
  void advance(std::ptrdiff_t n) { v_ = static_cast<T>(v_ + n); }
  std::ptrdiff_t distance_to(const counting_iterator &o) const { return static_cast<std::ptrdiff_t>(o.v_) - static_cast<std::ptrdiff_t>(v_); }

 private:
  T v_;
};
template <class T> counting_iterator<T> make_counting_iterator(T v) { return counting_iterator<T>(v); }

template <class T>
class constant_iterator : public detail::iterator_facade<constant_iterator<T>, T, T> {
 public:
  constant_iterator() : v_(), i_(0) {}
  explicit constant_iterator(T v, std::ptrdiff_t i = 0) : v_(v), i_(i) {}
  T deref() const { return v_; }
  void advance(std::ptrdiff_t n) { i_ += n; }
  std::ptrdiff_t distance_to(const constant_iterator &o) const { return o.i_ - i_; }

 private:
  T v_;
  std::ptrdiff_t i_;
};
template <class T> constant_iterator<T> make_constant_iterator(T v, std::ptrdiff_t i = 0) { return constant_iterator<T>(v, i); }

template <class F, class It, class Reference = void, class Value = void>
class transform_iterator
    : public detail::iterator_facade<transform_iterator<F, It, Reference, Value>,
                                     std::conditional_t<std::is_void<Value>::value, std::decay_t<decltype(std::declval<const F &>()(*std::declval<It>()))>, Value>,
                                     std::conditional_t<std::is_void<Reference>::value, decltype(std::declval<const F &>()(*std::declval<It>())), Reference>> {
 public:
  typedef std::conditional_t<std::is_void<Reference>::value, decltype(std::declval<const F &>()(*std::declval<It>())), Reference> reference;
  transform_iterator() {}
  transform_iterator(It it, F f) : it_(it), f_(f) {}
  reference deref() const { return f_(*it_); }
  void advance(std::ptrdiff_t n) { it_ += n; }
  std::ptrdiff_t distance_to(const transform_iterator &o) const { return o.it_ - it_; }
  It base() const { return it_; }

 private:
  It it_;
  F f_;
};
template <class F, class It> transform_iterator<F, It> make_transform_iterator(It it, F f) { return transform_iterator<F, It>(it, f); }

template <class ElementIt, class IndexIt>
class permutation_iterator
    : public detail::iterator_facade<permutation_iterator<ElementIt, IndexIt>, typename std::iterator_traits<ElementIt>::value_type,
                                     typename std::iterator_traits<ElementIt>::reference> {
 public:
  permutation_iterator() {}
  permutation_iterator(ElementIt e, IndexIt i) : e_(e), i_(i) {}
  typename std::iterator_traits<ElementIt>::reference deref() const { return e_[*i_]; }
  void advance(std::ptrdiff_t n) { i_ += n; }
  std::ptrdiff_t distance_to(const permutation_iterator &o) const { return o.i_ - i_; }

 private:
  ElementIt e_;
  IndexIt i_;
};
template <class E, class I> permutation_iterator<E, I> make_permutation_iterator(E e, I i) { return permutation_iterator<E, I>(e, i); }

template <class IteratorTuple> class zip_iterator;
template <class... Its>
class zip_iterator<std::tuple<Its...>>
    : public detail::iterator_facade<zip_iterator<std::tuple<Its...>>, std::tuple<typename std::iterator_traits<Its>::value_type...>,
                                     std::tuple<typename std::iterator_traits<Its>::reference...>> {
 public:
  typedef std::tuple<typename std::iterator_traits<Its>::reference...> reference;
  zip_iterator() {}
  explicit zip_iterator(std::tuple<Its...> its) : its_(its) {}
  reference deref() const { return deref_(std::index_sequence_for<Its...>()); }
  void advance(std::ptrdiff_t n) { advance_(n, std::index_sequence_for<Its...>()); }
  std::ptrdiff_t distance_to(const zip_iterator &o) const { return std::get<0>(o.its_) - std::get<0>(its_); }
  const std::tuple<Its...> &get_iterator_tuple() const { return its_; }

 private:
  template <std::size_t... I> reference deref_(std::index_sequence<I...>) const { return reference(*std::get<I>(its_)...); }
  template <std::size_t... I> void advance_(std::ptrdiff_t n, std::index_sequence<I...>) { int dummy[] = {0, ((void)(std::get<I>(its_) += n), 0)...}; (void)dummy; }
  std::tuple<Its...> its_;
};
template <class... Its> zip_iterator<std::tuple<Its...>> make_zip_iterator(std::tuple<Its...> its) { return zip_iterator<std::tuple<Its...>>(its); }
template <class... Its, class = std::enable_if_t<(sizeof...(Its) > 1)>>
zip_iterator<std::tuple<Its...>> make_zip_iterator(Its... its) { return zip_iterator<std::tuple<Its...>>(std::make_tuple(its...)); }

/** An output iterator that drops what is written through it (the keys or values a program does not need). */
class discard_iterator : public detail::iterator_facade<discard_iterator, void, void> {
 public:
  struct sink { template <class T> const sink &operator=(const T &) const { return *this; } };
  typedef sink reference;
  discard_iterator() : i_(0) {}
  explicit discard_iterator(std::ptrdiff_t i) : i_(i) {}
  sink operator*() const { return sink(); }
  sink deref() const { return sink(); }
  void advance(std::ptrdiff_t n) { i_ += n; }
  std::ptrdiff_t distance_to(const discard_iterator &o) const { return o.i_ - i_; }

 private:
  std::ptrdiff_t i_;
};
inline discard_iterator make_discard_iterator(std::ptrdiff_t i = 0) { return discard_iterator(i); }

// ---- vectors ----
template <class T, class Alloc = std::allocator<T>> class host_vector;

/** A vector in device memory (cudaMalloc): its data() can be passed to kernels. */
template <class T>
class device_vector {
 public:
  typedef T value_type;
  typedef std::size_t size_type;
  typedef std::ptrdiff_t difference_type;
  typedef T &reference;
  typedef const T &const_reference;
  typedef device_ptr<T> pointer;
  typedef device_ptr<const T> const_pointer;
  typedef device_ptr<T> iterator;
  typedef device_ptr<const T> const_iterator;

  device_vector() {}
  explicit device_vector(size_type n) { resize(n); }
  device_vector(size_type n, const T &v) { resize(n, v); }
  device_vector(const device_vector &o) { assign(o.begin(), o.end()); }
  device_vector(device_vector &&o) noexcept { swap(o); }
  template <class U> device_vector(const device_vector<U> &o) { assign(o.begin(), o.end()); }
  template <class U, class A> device_vector(const host_vector<U, A> &o) { assign(o.begin(), o.end()); }
  template <class U, class A> device_vector(const std::vector<U, A> &o) { assign(o.begin(), o.end()); }
  device_vector(std::initializer_list<T> l) { assign(l.begin(), l.end()); }
  template <class It, class = std::enable_if_t<!std::is_integral<It>::value>>
  device_vector(It first, It last) { assign(first, last); }
  ~device_vector() { release(); }

  device_vector &operator=(const device_vector &o) { if (this != &o) assign(o.begin(), o.end()); return *this; }
  device_vector &operator=(device_vector &&o) noexcept { swap(o); return *this; }
  template <class U> device_vector &operator=(const device_vector<U> &o) { assign(o.begin(), o.end()); return *this; }
  template <class U, class A> device_vector &operator=(const host_vector<U, A> &o) { assign(o.begin(), o.end()); return *this; }
  template <class U, class A> device_vector &operator=(const std::vector<U, A> &o) { assign(o.begin(), o.end()); return *this; }

  template <class It, class = std::enable_if_t<!std::is_integral<It>::value>>
  void assign(It first, It last) {
    detail::device_sync();
    std::vector<T> tmp;
    for (; first != last; ++first) tmp.push_back(static_cast<T>(*first));
    clear();
    reserve(tmp.size());
    for (size_type i = 0; i < tmp.size(); ++i) new (data_ + i) T(tmp[i]);
    size_ = tmp.size();
  }
  void assign(size_type n, const T &v) { clear(); resize(n, v); }

  size_type size() const { return size_; }
  size_type capacity() const { return cap_; }
  bool empty() const { return size_ == 0; }
  size_type max_size() const { return static_cast<size_type>(-1) / sizeof(T); }
  void reserve(size_type n) {
    if (n <= cap_) return;
    T *p = nullptr;
    if (cudaMalloc(reinterpret_cast<void **>(&p), n * sizeof(T)) != cudaSuccess) throw std::bad_alloc();
    detail::device_sync();
    for (size_type i = 0; i < size_; ++i) { new (p + i) T(std::move(data_[i])); data_[i].~T(); }
    if (data_) cudaFree(data_);
    data_ = p;
    cap_ = n;
  }
  void resize(size_type n) { resize(n, T()); }
  void resize(size_type n, const T &v) {
    if (n > cap_) reserve(std::max(n, 2 * cap_));
    detail::device_sync();
    for (size_type i = size_; i < n; ++i) new (data_ + i) T(v);
    for (size_type i = n; i < size_; ++i) data_[i].~T();
    size_ = n;
  }
  void clear() { resize(0); }
  void shrink_to_fit() {}
  void push_back(const T &v) { resize(size_ + 1, v); }
  void pop_back() { resize(size_ - 1); }
  void swap(device_vector &o) noexcept { std::swap(data_, o.data_); std::swap(size_, o.size_); std::swap(cap_, o.cap_); }
  iterator erase(iterator first, iterator last) {
    detail::device_sync();
    std::move(last.get(), data_ + size_, first.get());
    resize(size_ - (last - first));
    return first;
  }
  iterator erase(iterator pos) { return erase(pos, pos + 1); }

  T &operator[](size_type i) { detail::device_sync(); return data_[i]; }
  const T &operator[](size_type i) const { detail::device_sync(); return data_[i]; }
  T &front() { return (*this)[0]; }
  const T &front() const { return (*this)[0]; }
  T &back() { return (*this)[size_ - 1]; }
  const T &back() const { return (*this)[size_ - 1]; }
  iterator begin() { return iterator(data_); }
  iterator end() { return iterator(data_ + size_); }
  const_iterator begin() const { return const_iterator(data_); }
  const_iterator end() const { return const_iterator(data_ + size_); }
  const_iterator cbegin() const { return begin(); }
  const_iterator cend() const { return end(); }
  pointer data() { return pointer(data_); }
  const_pointer data() const { return const_pointer(data_); }

 private:
  void release() {
    if (!data_) return;
    detail::device_sync();
    for (size_type i = 0; i < size_; ++i) data_[i].~T();
    cudaFree(data_);
    data_ = nullptr;
    size_ = cap_ = 0;
  }
  T *data_ = nullptr;
  size_type size_ = 0;
  size_type cap_ = 0;
};

/** A vector in host memory: std::vector, convertible from and to device_vector. */
template <class T, class Alloc>
class host_vector : public std::vector<T, Alloc> {
 public:
  using std::vector<T, Alloc>::vector;
  host_vector() {}
  host_vector(const host_vector &) = default;
  host_vector(host_vector &&) = default;
  host_vector &operator=(const host_vector &) = default;
  host_vector &operator=(host_vector &&) = default;
  template <class U> host_vector(const device_vector<U> &d) { detail::device_sync(); this->assign(d.begin().get(), d.end().get()); }
  template <class U, class A> host_vector(const std::vector<U, A> &v) : std::vector<T, Alloc>(v.begin(), v.end()) {}
  template <class U, class A, class = std::enable_if_t<!std::is_same<U, T>::value || !std::is_same<A, Alloc>::value>>
  host_vector(const host_vector<U, A> &v) : std::vector<T, Alloc>(v.begin(), v.end()) {}
  template <class U> host_vector &operator=(const device_vector<U> &d) { detail::device_sync(); this->assign(d.begin().get(), d.end().get()); return *this; }
  template <class U, class A> host_vector &operator=(const std::vector<U, A> &v) { this->assign(v.begin(), v.end()); return *this; }
};

// ---- random numbers (host engines: the sequences differ from Thrust's device ones) ----
namespace random {
typedef std::minstd_rand minstd_rand;
typedef std::minstd_rand0 minstd_rand0;
typedef std::minstd_rand default_random_engine;
typedef std::ranlux24 ranlux24;
typedef std::ranlux48 ranlux48;
using std::uniform_int_distribution;
using std::uniform_real_distribution;
using std::normal_distribution;
}  // namespace random
using random::default_random_engine;
using random::minstd_rand;
using random::uniform_int_distribution;
using random::uniform_real_distribution;
using random::normal_distribution;

// ---- algorithms: on the host, after the device has finished ----
namespace detail {
template <class It> using value_t = typename std::iterator_traits<It>::value_type;
template <class It> std::vector<value_t<It>> to_vector(It first, It last) {
  std::vector<value_t<It>> v;
  v.reserve(static_cast<std::size_t>(last - first));
  for (; first != last; ++first) v.push_back(*first);
  return v;
}
template <class V, class It> void from_vector(const V &v, It out) {
  for (std::size_t i = 0; i < v.size(); ++i, ++out) *out = v[i];
}
}  // namespace detail

template <class It> typename std::iterator_traits<It>::difference_type distance(It first, It last) { return last - first; }

template <class It, class F> It for_each(It first, It last, F f) { detail::device_sync(); for (; first != last; ++first) f(*first); return first; }
template <class It, class Size, class F> It for_each_n(It first, Size n, F f) { return thrust::for_each(first, first + n, f); }
template <class It, class T> void fill(It first, It last, const T &v) { detail::device_sync(); for (; first != last; ++first) *first = v; }
template <class It, class Size, class T> It fill_n(It first, Size n, const T &v) { thrust::fill(first, first + n, v); return first + n; }
template <class It, class G> void generate(It first, It last, G g) { detail::device_sync(); for (; first != last; ++first) *first = g(); }
template <class It, class Size, class G> It generate_n(It first, Size n, G g) { thrust::generate(first, first + n, g); return first + n; }
template <class It, class F> void tabulate(It first, It last, F f) {
  detail::device_sync();
  for (std::ptrdiff_t i = 0; first != last; ++first, ++i) *first = f(i);
}
template <class It> void sequence(It first, It last) {
  detail::device_sync();
  detail::value_t<It> v = detail::value_t<It>();
  for (std::ptrdiff_t i = 0; first != last; ++first, ++i) *first = static_cast<detail::value_t<It>>(v + i);
}
template <class It, class T> void sequence(It first, It last, T init) {
  detail::device_sync();
  for (std::ptrdiff_t i = 0; first != last; ++first, ++i) *first = static_cast<detail::value_t<It>>(init + static_cast<T>(i));
}
template <class It, class T> void sequence(It first, It last, T init, T step) {
  detail::device_sync();
  for (std::ptrdiff_t i = 0; first != last; ++first, ++i) *first = static_cast<detail::value_t<It>>(init + static_cast<T>(i) * step);
}
template <class In, class Out> Out copy(In first, In last, Out out) {
  detail::device_sync();
  // Through a copy of the input: the ranges may overlap (Thrust allows that only where out <= first).
  std::vector<detail::value_t<In>> v = detail::to_vector(first, last);
  detail::from_vector(v, out);
  return out + static_cast<std::ptrdiff_t>(v.size());
}
template <class In, class Size, class Out> Out copy_n(In first, Size n, Out out) { return thrust::copy(first, first + n, out); }
template <class In, class Out, class P> Out copy_if(In first, In last, Out out, P pred) {
  detail::device_sync();
  for (; first != last; ++first)
    if (pred(*first)) { *out = *first; ++out; }
  return out;
}
template <class In, class S, class Out, class P> Out copy_if(In first, In last, S stencil, Out out, P pred) {
  detail::device_sync();
  for (; first != last; ++first, ++stencil)
    if (pred(*stencil)) { *out = *first; ++out; }
  return out;
}
template <class In, class Out, class F> Out transform(In first, In last, Out out, F f) {
  detail::device_sync();
  for (; first != last; ++first, ++out) *out = f(*first);
  return out;
}
template <class In1, class In2, class Out, class F> Out transform(In1 first1, In1 last1, In2 first2, Out out, F f) {
  detail::device_sync();
  for (; first1 != last1; ++first1, ++first2, ++out) *out = f(*first1, *first2);
  return out;
}
template <class In, class Out, class F, class P> Out transform_if(In first, In last, Out out, F f, P pred) {
  detail::device_sync();
  for (; first != last; ++first, ++out)
    if (pred(*first)) *out = f(*first);
  return out;
}
template <class It> detail::value_t<It> reduce(It first, It last) {
  detail::device_sync();
  detail::value_t<It> acc = detail::value_t<It>();
  for (; first != last; ++first) acc = acc + *first;
  return acc;
}
template <class It, class T> T reduce(It first, It last, T init) {
  detail::device_sync();
  for (; first != last; ++first) init = init + *first;
  return init;
}
template <class It, class T, class Op> T reduce(It first, It last, T init, Op op) {
  detail::device_sync();
  for (; first != last; ++first) init = op(init, *first);
  return init;
}
template <class It, class U, class T, class Op> T transform_reduce(It first, It last, U unary, T init, Op op) {
  detail::device_sync();
  for (; first != last; ++first) init = op(init, unary(*first));
  return init;
}
template <class It1, class It2, class T> T inner_product(It1 first1, It1 last1, It2 first2, T init) {
  detail::device_sync();
  for (; first1 != last1; ++first1, ++first2) init = init + *first1 * *first2;
  return init;
}
template <class It1, class It2, class T, class Op1, class Op2> T inner_product(It1 first1, It1 last1, It2 first2, T init, Op1 reduce_op, Op2 product_op) {
  detail::device_sync();
  for (; first1 != last1; ++first1, ++first2) init = reduce_op(init, product_op(*first1, *first2));
  return init;
}
template <class KeysIn, class ValuesIn, class KeysOut, class ValuesOut, class Pred, class Op>
thrust::pair<KeysOut, ValuesOut> reduce_by_key(KeysIn kfirst, KeysIn klast, ValuesIn vfirst, KeysOut kout, ValuesOut vout, Pred pred, Op op) {
  detail::device_sync();
  std::vector<detail::value_t<KeysIn>> keys = detail::to_vector(kfirst, klast);
  std::vector<detail::value_t<ValuesIn>> vals = detail::to_vector(vfirst, vfirst + static_cast<std::ptrdiff_t>(keys.size()));
  for (std::size_t i = 0; i < keys.size();) {
    detail::value_t<ValuesIn> acc = vals[i];
    std::size_t j = i + 1;
    for (; j < keys.size() && pred(keys[j - 1], keys[j]); ++j) acc = op(acc, vals[j]);
    *kout = keys[i]; ++kout;
    *vout = acc; ++vout;
    i = j;
  }
  return thrust::make_pair(kout, vout);
}
template <class KeysIn, class ValuesIn, class KeysOut, class ValuesOut, class Pred>
thrust::pair<KeysOut, ValuesOut> reduce_by_key(KeysIn kfirst, KeysIn klast, ValuesIn vfirst, KeysOut kout, ValuesOut vout, Pred pred) {
  return thrust::reduce_by_key(kfirst, klast, vfirst, kout, vout, pred, thrust::plus<detail::value_t<ValuesIn>>());
}
template <class KeysIn, class ValuesIn, class KeysOut, class ValuesOut>
thrust::pair<KeysOut, ValuesOut> reduce_by_key(KeysIn kfirst, KeysIn klast, ValuesIn vfirst, KeysOut kout, ValuesOut vout) {
  return thrust::reduce_by_key(kfirst, klast, vfirst, kout, vout, thrust::equal_to<detail::value_t<KeysIn>>(), thrust::plus<detail::value_t<ValuesIn>>());
}
template <class In, class Out, class Op> Out inclusive_scan(In first, In last, Out out, Op op) {
  detail::device_sync();
  if (first == last) return out;
  detail::value_t<In> acc = *first;
  *out = acc;
  for (++first, ++out; first != last; ++first, ++out) { acc = op(acc, *first); *out = acc; }
  return out;
}
template <class In, class Out> Out inclusive_scan(In first, In last, Out out) { return thrust::inclusive_scan(first, last, out, thrust::plus<detail::value_t<In>>()); }
template <class In, class Out, class T, class Op> Out exclusive_scan(In first, In last, Out out, T init, Op op) {
  detail::device_sync();
  T acc = init;
  for (; first != last; ++first, ++out) { T x = *first; *out = acc; acc = op(acc, x); }
  return out;
}
template <class In, class Out, class T> Out exclusive_scan(In first, In last, Out out, T init) { return thrust::exclusive_scan(first, last, out, init, thrust::plus<T>()); }
template <class In, class Out> Out exclusive_scan(In first, In last, Out out) { return thrust::exclusive_scan(first, last, out, detail::value_t<In>(), thrust::plus<detail::value_t<In>>()); }
template <class K, class V, class Out, class Pred, class Op> Out inclusive_scan_by_key(K kfirst, K klast, V vfirst, Out out, Pred pred, Op op) {
  detail::device_sync();
  std::vector<detail::value_t<K>> keys = detail::to_vector(kfirst, klast);
  std::vector<detail::value_t<V>> vals = detail::to_vector(vfirst, vfirst + static_cast<std::ptrdiff_t>(keys.size()));
  detail::value_t<V> acc{};
  for (std::size_t i = 0; i < keys.size(); ++i, ++out) {
    acc = (i > 0 && pred(keys[i - 1], keys[i])) ? op(acc, vals[i]) : vals[i];
    *out = acc;
  }
  return out;
}
template <class K, class V, class Out, class Pred> Out inclusive_scan_by_key(K kf, K kl, V vf, Out out, Pred pred) { return thrust::inclusive_scan_by_key(kf, kl, vf, out, pred, thrust::plus<detail::value_t<V>>()); }
template <class K, class V, class Out> Out inclusive_scan_by_key(K kf, K kl, V vf, Out out) { return thrust::inclusive_scan_by_key(kf, kl, vf, out, thrust::equal_to<detail::value_t<K>>(), thrust::plus<detail::value_t<V>>()); }
template <class K, class V, class Out, class T, class Pred, class Op> Out exclusive_scan_by_key(K kfirst, K klast, V vfirst, Out out, T init, Pred pred, Op op) {
  detail::device_sync();
  std::vector<detail::value_t<K>> keys = detail::to_vector(kfirst, klast);
  std::vector<detail::value_t<V>> vals = detail::to_vector(vfirst, vfirst + static_cast<std::ptrdiff_t>(keys.size()));
  T acc = init;
  for (std::size_t i = 0; i < keys.size(); ++i, ++out) {
    if (i > 0 && !pred(keys[i - 1], keys[i])) acc = init;
    *out = acc;
    acc = op(acc, vals[i]);
  }
  return out;
}
template <class K, class V, class Out, class T, class Pred> Out exclusive_scan_by_key(K kf, K kl, V vf, Out out, T init, Pred pred) { return thrust::exclusive_scan_by_key(kf, kl, vf, out, init, pred, thrust::plus<T>()); }
template <class K, class V, class Out, class T> Out exclusive_scan_by_key(K kf, K kl, V vf, Out out, T init) { return thrust::exclusive_scan_by_key(kf, kl, vf, out, init, thrust::equal_to<detail::value_t<K>>(), thrust::plus<T>()); }
template <class K, class V, class Out> Out exclusive_scan_by_key(K kf, K kl, V vf, Out out) { return thrust::exclusive_scan_by_key(kf, kl, vf, out, detail::value_t<V>()); }
template <class In, class Out> Out adjacent_difference(In first, In last, Out out) {
  detail::device_sync();
  std::vector<detail::value_t<In>> v = detail::to_vector(first, last);
  for (std::size_t i = 0; i < v.size(); ++i, ++out) *out = i == 0 ? v[0] : v[i] - v[i - 1];
  return out;
}
template <class In, class Out, class Op> Out adjacent_difference(In first, In last, Out out, Op op) {
  detail::device_sync();
  std::vector<detail::value_t<In>> v = detail::to_vector(first, last);
  for (std::size_t i = 0; i < v.size(); ++i, ++out) *out = i == 0 ? v[0] : op(v[i], v[i - 1]);
  return out;
}

template <class It, class Comp> void sort(It first, It last, Comp comp) {
  detail::device_sync();
  std::vector<detail::value_t<It>> v = detail::to_vector(first, last);
  std::sort(v.begin(), v.end(), comp);
  detail::from_vector(v, first);
}
template <class It> void sort(It first, It last) { thrust::sort(first, last, thrust::less<detail::value_t<It>>()); }
template <class It, class Comp> void stable_sort(It first, It last, Comp comp) {
  detail::device_sync();
  std::vector<detail::value_t<It>> v = detail::to_vector(first, last);
  std::stable_sort(v.begin(), v.end(), comp);
  detail::from_vector(v, first);
}
template <class It> void stable_sort(It first, It last) { thrust::stable_sort(first, last, thrust::less<detail::value_t<It>>()); }
/** Stable, as Thrust's radix sort of primitive keys is: equal keys keep their values' order. */
template <class K, class V, class Comp> void stable_sort_by_key(K kfirst, K klast, V vfirst, Comp comp) {
  detail::device_sync();
  std::vector<detail::value_t<K>> keys = detail::to_vector(kfirst, klast);
  std::vector<detail::value_t<V>> vals = detail::to_vector(vfirst, vfirst + static_cast<std::ptrdiff_t>(keys.size()));
  std::vector<std::size_t> order(keys.size());
  std::iota(order.begin(), order.end(), std::size_t(0));
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return comp(keys[a], keys[b]); });
  for (std::size_t i = 0; i < order.size(); ++i, ++kfirst, ++vfirst) { *kfirst = keys[order[i]]; *vfirst = vals[order[i]]; }
}
template <class K, class V> void stable_sort_by_key(K kfirst, K klast, V vfirst) { thrust::stable_sort_by_key(kfirst, klast, vfirst, thrust::less<detail::value_t<K>>()); }
template <class K, class V, class Comp> void sort_by_key(K kfirst, K klast, V vfirst, Comp comp) { thrust::stable_sort_by_key(kfirst, klast, vfirst, comp); }
template <class K, class V> void sort_by_key(K kfirst, K klast, V vfirst) { thrust::stable_sort_by_key(kfirst, klast, vfirst, thrust::less<detail::value_t<K>>()); }
template <class It, class Comp> bool is_sorted(It first, It last, Comp comp) {
  detail::device_sync();
  if (first == last) return true;
  for (It next = first + 1; next != last; ++first, ++next)
    if (comp(*next, *first)) return false;
  return true;
}
template <class It> bool is_sorted(It first, It last) { return thrust::is_sorted(first, last, thrust::less<detail::value_t<It>>()); }

template <class It, class T> typename std::iterator_traits<It>::difference_type count(It first, It last, const T &v) {
  detail::device_sync();
  typename std::iterator_traits<It>::difference_type n = 0;
  for (; first != last; ++first)
    if (*first == v) ++n;
  return n;
}
template <class It, class P> typename std::iterator_traits<It>::difference_type count_if(It first, It last, P pred) {
  detail::device_sync();
  typename std::iterator_traits<It>::difference_type n = 0;
  for (; first != last; ++first)
    if (pred(*first)) ++n;
  return n;
}
/** The first smallest element, as Thrust documents. */
template <class It, class Comp> It min_element(It first, It last, Comp comp) {
  detail::device_sync();
  It best = first;
  for (; first != last; ++first)
    if (comp(*first, *best)) best = first;
  return best;
}
template <class It> It min_element(It first, It last) { return thrust::min_element(first, last, thrust::less<detail::value_t<It>>()); }
/** The first largest element, as Thrust documents. */
template <class It, class Comp> It max_element(It first, It last, Comp comp) {
  detail::device_sync();
  It best = first;
  for (; first != last; ++first)
    if (comp(*best, *first)) best = first;
  return best;
}
template <class It> It max_element(It first, It last) { return thrust::max_element(first, last, thrust::less<detail::value_t<It>>()); }
template <class It, class Comp> thrust::pair<It, It> minmax_element(It first, It last, Comp comp) { return thrust::make_pair(thrust::min_element(first, last, comp), thrust::max_element(first, last, comp)); }
template <class It> thrust::pair<It, It> minmax_element(It first, It last) { return thrust::minmax_element(first, last, thrust::less<detail::value_t<It>>()); }
template <class It, class P> It find_if(It first, It last, P pred) {
  detail::device_sync();
  for (; first != last; ++first)
    if (pred(*first)) break;
  return first;
}
template <class It, class P> It find_if_not(It first, It last, P pred) {
  detail::device_sync();
  for (; first != last; ++first)
    if (!pred(*first)) break;
  return first;
}
template <class It, class T> It find(It first, It last, const T &v) {
  detail::device_sync();
  for (; first != last; ++first)
    if (*first == v) break;
  return first;
}
template <class It, class P> bool all_of(It first, It last, P pred) { return thrust::find_if_not(first, last, pred) == last; }
template <class It, class P> bool any_of(It first, It last, P pred) { return thrust::find_if(first, last, pred) != last; }
template <class It, class P> bool none_of(It first, It last, P pred) { return thrust::find_if(first, last, pred) == last; }
template <class It1, class It2> bool equal(It1 first1, It1 last1, It2 first2) {
  detail::device_sync();
  for (; first1 != last1; ++first1, ++first2)
    if (!(*first1 == *first2)) return false;
  return true;
}

template <class It, class Pred> It unique(It first, It last, Pred pred) {
  detail::device_sync();
  std::vector<detail::value_t<It>> v = detail::to_vector(first, last);
  auto end = std::unique(v.begin(), v.end(), pred);
  v.erase(end, v.end());
  detail::from_vector(v, first);
  return first + static_cast<std::ptrdiff_t>(v.size());
}
template <class It> It unique(It first, It last) { return thrust::unique(first, last, thrust::equal_to<detail::value_t<It>>()); }
template <class K, class V, class Pred> thrust::pair<K, V> unique_by_key(K kfirst, K klast, V vfirst, Pred pred) {
  detail::device_sync();
  std::vector<detail::value_t<K>> keys = detail::to_vector(kfirst, klast);
  std::vector<detail::value_t<V>> vals = detail::to_vector(vfirst, vfirst + static_cast<std::ptrdiff_t>(keys.size()));
  std::ptrdiff_t n = 0;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (i > 0 && pred(keys[n - 1], keys[i])) continue;  // compared with the kept first of the group, as std::unique does
    keys[n] = keys[i];
    vals[n] = vals[i];
    ++n;
  }
  keys.resize(n);
  vals.resize(n);
  detail::from_vector(keys, kfirst);
  detail::from_vector(vals, vfirst);
  return thrust::make_pair(kfirst + n, vfirst + n);
}
template <class K, class V> thrust::pair<K, V> unique_by_key(K kfirst, K klast, V vfirst) { return thrust::unique_by_key(kfirst, klast, vfirst, thrust::equal_to<detail::value_t<K>>()); }
template <class In, class Out, class Pred> Out unique_copy(In first, In last, Out out, Pred pred) {
  detail::device_sync();
  std::vector<detail::value_t<In>> v = detail::to_vector(first, last);
  for (std::size_t i = 0, kept = 0; i < v.size(); ++i) {
    if (i > 0 && pred(v[kept], v[i])) continue;
    kept = i;
    *out = v[i];
    ++out;
  }
  return out;
}
template <class In, class Out> Out unique_copy(In first, In last, Out out) { return thrust::unique_copy(first, last, out, thrust::equal_to<detail::value_t<In>>()); }
template <class K, class V, class KOut, class VOut, class Pred>
thrust::pair<KOut, VOut> unique_by_key_copy(K kfirst, K klast, V vfirst, KOut kout, VOut vout, Pred pred) {
  detail::device_sync();
  std::vector<detail::value_t<K>> keys = detail::to_vector(kfirst, klast);
  std::vector<detail::value_t<V>> vals = detail::to_vector(vfirst, vfirst + static_cast<std::ptrdiff_t>(keys.size()));
  for (std::size_t i = 0, kept = 0; i < keys.size(); ++i) {
    if (i > 0 && pred(keys[kept], keys[i])) continue;
    kept = i;
    *kout = keys[i]; ++kout;
    *vout = vals[i]; ++vout;
  }
  return thrust::make_pair(kout, vout);
}
template <class K, class V, class KOut, class VOut>
thrust::pair<KOut, VOut> unique_by_key_copy(K kfirst, K klast, V vfirst, KOut kout, VOut vout) { return thrust::unique_by_key_copy(kfirst, klast, vfirst, kout, vout, thrust::equal_to<detail::value_t<K>>()); }
template <class It, class P> It remove_if(It first, It last, P pred) {
  detail::device_sync();
  It out = first;
  for (; first != last; ++first)
    if (!pred(*first)) { *out = *first; ++out; }
  return out;
}
template <class It, class S, class P> It remove_if(It first, It last, S stencil, P pred) {
  detail::device_sync();
  It out = first;
  for (; first != last; ++first, ++stencil)
    if (!pred(*stencil)) { *out = *first; ++out; }
  return out;
}
template <class It, class T> It remove(It first, It last, const T &v) {
  detail::device_sync();
  It out = first;
  for (; first != last; ++first)
    if (!(*first == v)) { *out = *first; ++out; }
  return out;
}
template <class In, class Out, class P> Out remove_copy_if(In first, In last, Out out, P pred) {
  detail::device_sync();
  for (; first != last; ++first)
    if (!pred(*first)) { *out = *first; ++out; }
  return out;
}
template <class It, class T> void replace(It first, It last, const T &old_value, const T &new_value) {
  detail::device_sync();
  for (; first != last; ++first)
    if (*first == old_value) *first = new_value;
}
template <class It, class P, class T> void replace_if(It first, It last, P pred, const T &v) {
  detail::device_sync();
  for (; first != last; ++first)
    if (pred(*first)) *first = v;
}
template <class It, class S, class P, class T> void replace_if(It first, It last, S stencil, P pred, const T &v) {
  detail::device_sync();
  for (; first != last; ++first, ++stencil)
    if (pred(*stencil)) *first = v;
}
template <class Map, class In, class Out> Out gather(Map mfirst, Map mlast, In input, Out out) {
  detail::device_sync();
  for (; mfirst != mlast; ++mfirst, ++out) *out = input[*mfirst];
  return out;
}
template <class Map, class S, class In, class Out, class P> Out gather_if(Map mfirst, Map mlast, S stencil, In input, Out out, P pred) {
  detail::device_sync();
  for (; mfirst != mlast; ++mfirst, ++stencil, ++out)
    if (pred(*stencil)) *out = input[*mfirst];
  return out;
}
template <class In, class Map, class Out> void scatter(In first, In last, Map map, Out out) {
  detail::device_sync();
  for (; first != last; ++first, ++map) out[*map] = *first;
}
template <class In, class Map, class S, class Out> void scatter_if(In first, In last, Map map, S stencil, Out out) {
  detail::device_sync();
  for (; first != last; ++first, ++map, ++stencil)
    if (*stencil) out[*map] = *first;
}
template <class It, class G> void shuffle(It first, It last, G &&g) {
  detail::device_sync();
  std::vector<detail::value_t<It>> v = detail::to_vector(first, last);
  std::shuffle(v.begin(), v.end(), g);
  detail::from_vector(v, first);
}
template <class It, class T, class Comp> It lower_bound(It first, It last, const T &v, Comp comp) {
  detail::device_sync();
  std::ptrdiff_t lo = 0, hi = last - first;
  while (lo < hi) { std::ptrdiff_t mid = lo + (hi - lo) / 2; if (comp(first[mid], v)) lo = mid + 1; else hi = mid; }
  return first + lo;
}
template <class It, class T> It lower_bound(It first, It last, const T &v) { return thrust::lower_bound(first, last, v, thrust::less<>()); }
template <class It, class T, class Comp> It upper_bound(It first, It last, const T &v, Comp comp) {
  detail::device_sync();
  std::ptrdiff_t lo = 0, hi = last - first;
  while (lo < hi) { std::ptrdiff_t mid = lo + (hi - lo) / 2; if (!comp(v, first[mid])) lo = mid + 1; else hi = mid; }
  return first + lo;
}
template <class It, class T> It upper_bound(It first, It last, const T &v) { return thrust::upper_bound(first, last, v, thrust::less<>()); }
template <class It, class T, class Comp> bool binary_search(It first, It last, const T &v, Comp comp) {
  It i = thrust::lower_bound(first, last, v, comp);
  return i != last && !comp(v, *i);
}
template <class It, class T> bool binary_search(It first, It last, const T &v) { return thrust::binary_search(first, last, v, thrust::less<>()); }
// The vectorised searches: one result per value.
template <class It, class VIt, class Out> Out lower_bound(It first, It last, VIt vfirst, VIt vlast, Out out) {
  for (; vfirst != vlast; ++vfirst, ++out) *out = thrust::lower_bound(first, last, *vfirst) - first;
  return out;
}
template <class It, class VIt, class Out> Out upper_bound(It first, It last, VIt vfirst, VIt vlast, Out out) {
  for (; vfirst != vlast; ++vfirst, ++out) *out = thrust::upper_bound(first, last, *vfirst) - first;
  return out;
}
template <class It, class VIt, class Out> Out binary_search(It first, It last, VIt vfirst, VIt vlast, Out out) {
  for (; vfirst != vlast; ++vfirst, ++out) *out = thrust::binary_search(first, last, *vfirst);
  return out;
}

// Every algorithm also takes an execution policy first (thrust::device, thrust::host, thrust::seq,
// thrust::cuda::par.on(stream) ...): the same host algorithm (each waits for the device itself).
#define CU2M_THRUST_POLICY(NAME)                                                                                                   \
  template <class Policy, class... Args, std::enable_if_t<detail::is_policy<Policy>::value, int> = 0>                               \
  auto NAME(const Policy &, Args &&...args) -> decltype(thrust::NAME(std::forward<Args>(args)...)) { return thrust::NAME(std::forward<Args>(args)...); }
CU2M_THRUST_POLICY(for_each)
CU2M_THRUST_POLICY(for_each_n)
CU2M_THRUST_POLICY(fill)
CU2M_THRUST_POLICY(fill_n)
CU2M_THRUST_POLICY(generate)
CU2M_THRUST_POLICY(generate_n)
CU2M_THRUST_POLICY(tabulate)
CU2M_THRUST_POLICY(sequence)
CU2M_THRUST_POLICY(copy)
CU2M_THRUST_POLICY(copy_n)
CU2M_THRUST_POLICY(copy_if)
CU2M_THRUST_POLICY(transform)
CU2M_THRUST_POLICY(transform_if)
CU2M_THRUST_POLICY(reduce)
CU2M_THRUST_POLICY(transform_reduce)
CU2M_THRUST_POLICY(inner_product)
CU2M_THRUST_POLICY(reduce_by_key)
CU2M_THRUST_POLICY(inclusive_scan)
CU2M_THRUST_POLICY(exclusive_scan)
CU2M_THRUST_POLICY(inclusive_scan_by_key)
CU2M_THRUST_POLICY(exclusive_scan_by_key)
CU2M_THRUST_POLICY(adjacent_difference)
CU2M_THRUST_POLICY(sort)
CU2M_THRUST_POLICY(stable_sort)
CU2M_THRUST_POLICY(sort_by_key)
CU2M_THRUST_POLICY(stable_sort_by_key)
CU2M_THRUST_POLICY(is_sorted)
CU2M_THRUST_POLICY(count)
CU2M_THRUST_POLICY(count_if)
CU2M_THRUST_POLICY(min_element)
CU2M_THRUST_POLICY(max_element)
CU2M_THRUST_POLICY(minmax_element)
CU2M_THRUST_POLICY(find)
CU2M_THRUST_POLICY(find_if)
CU2M_THRUST_POLICY(find_if_not)
CU2M_THRUST_POLICY(all_of)
CU2M_THRUST_POLICY(any_of)
CU2M_THRUST_POLICY(none_of)
CU2M_THRUST_POLICY(equal)
CU2M_THRUST_POLICY(unique)
CU2M_THRUST_POLICY(unique_by_key)
CU2M_THRUST_POLICY(unique_copy)
CU2M_THRUST_POLICY(unique_by_key_copy)
CU2M_THRUST_POLICY(remove)
CU2M_THRUST_POLICY(remove_if)
CU2M_THRUST_POLICY(remove_copy_if)
CU2M_THRUST_POLICY(replace)
CU2M_THRUST_POLICY(replace_if)
CU2M_THRUST_POLICY(gather)
CU2M_THRUST_POLICY(gather_if)
CU2M_THRUST_POLICY(scatter)
CU2M_THRUST_POLICY(scatter_if)
CU2M_THRUST_POLICY(shuffle)
CU2M_THRUST_POLICY(lower_bound)
CU2M_THRUST_POLICY(upper_bound)
CU2M_THRUST_POLICY(binary_search)
#undef CU2M_THRUST_POLICY

}  // namespace thrust

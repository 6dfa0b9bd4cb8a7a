// cu2metal's CUB: cub::CountingInputIterator and cub::ConstantInputIterator, written for cu2metal
// from CUB's documented API (not CUB's source). Host-side iterators for the device-wide algorithms
// (which run on the host, device/device_common.cuh); not usable in kernels.
#pragma once
#include <cstddef>
#include <iterator>

namespace cub {

/** The sequence value, value + 1, value + 2 ... */
template <typename ValueType, typename OffsetT = std::ptrdiff_t>
class CountingInputIterator {
 public:
  typedef ValueType value_type;
  typedef OffsetT difference_type;
  typedef const ValueType *pointer;
  typedef ValueType reference;
  typedef std::random_access_iterator_tag iterator_category;

  CountingInputIterator(const ValueType &val) : val_(val) {}
  ValueType operator*() const { return val_; }
  template <typename Distance> ValueType operator[](Distance n) const { return static_cast<ValueType>(val_ + static_cast<ValueType>(n)); }
  template <typename Distance> CountingInputIterator operator+(Distance n) const { return CountingInputIterator(static_cast<ValueType>(val_ + static_cast<ValueType>(n))); }
  CountingInputIterator &operator++() { ++val_; return *this; }

 private:
  ValueType val_;
};

/** The sequence value, value, value ... */
template <typename ValueType, typename OffsetT = std::ptrdiff_t>
class ConstantInputIterator {
 public:
  typedef ValueType value_type;
  typedef OffsetT difference_type;
  typedef const ValueType *pointer;
  typedef ValueType reference;
  typedef std::random_access_iterator_tag iterator_category;

  ConstantInputIterator(const ValueType &val) : val_(val) {}
  ValueType operator*() const { return val_; }
  template <typename Distance> ValueType operator[](Distance) const { return val_; }
  template <typename Distance> ConstantInputIterator operator+(Distance) const { return *this; }
  ConstantInputIterator &operator++() { return *this; }

 private:
  ValueType val_;
};

}  // namespace cub

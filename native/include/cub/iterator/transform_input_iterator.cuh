// cu2metal's CUB: cub::TransformInputIterator, written for cu2metal from CUB's documented API (not
// CUB's source). A host-side iterator for the device-wide algorithms (which run on the host,
// device/device_common.cuh); not usable in kernels.
#pragma once
#include <cstddef>
#include <iterator>

namespace cub {

/** conversion_op(input[i]) for each item of input, as ValueType. */
template <typename ValueType, typename ConversionOp, typename InputIteratorT, typename OffsetT = std::ptrdiff_t>
class TransformInputIterator {
 public:
  typedef ValueType value_type;
  typedef OffsetT difference_type;
  typedef const ValueType *pointer;
  typedef ValueType reference;
  typedef std::random_access_iterator_tag iterator_category;

  TransformInputIterator(InputIteratorT input_itr, ConversionOp conversion_op) : input_itr_(input_itr), conversion_op_(conversion_op) {}
  ValueType operator*() const { return conversion_op_(*input_itr_); }
  template <typename Distance> ValueType operator[](Distance n) const { return conversion_op_(input_itr_[n]); }
  template <typename Distance> TransformInputIterator operator+(Distance n) const { return TransformInputIterator(input_itr_ + n, conversion_op_); }
  TransformInputIterator &operator++() { ++input_itr_; return *this; }

 private:
  InputIteratorT input_itr_;
  ConversionOp conversion_op_;
};

}  // namespace cub

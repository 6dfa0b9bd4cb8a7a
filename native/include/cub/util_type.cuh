// cu2metal's CUB: cub::KeyValuePair, written for cu2metal from CUB's documented API.
#pragma once

namespace cub {

/** A key and a value (ArgMax/ArgMin reduce these). */
template <typename K, typename V>
struct KeyValuePair {
  K key;
  V value;
};

}  // namespace cub

// Thrust → cu2metal's own headers (native/include/thrust, written from Thrust's documented API).
// Data only: src/host/libraries.ts refuses (C2M2004, naming it) a `<thrust/...>` header missing
// from THRUST_HEADERS and a `thrust::NAME` missing from THRUST_NAMES, and docs/support-matrix.md
// is generated from both. The algorithms run on the host CPU over the (host-visible) device memory.

/** The headers provided, as `<thrust/NAME.h>` names them. */
export const THRUST_HEADERS: readonly string[] = [
  'adjacent_difference', 'binary_search', 'complex', 'copy', 'count', 'device_free', 'device_malloc', 'device_ptr', 'device_vector',
  'distance', 'execution_policy', 'extrema', 'fill', 'find', 'for_each', 'functional', 'gather', 'generate', 'host_vector',
  'inner_product', 'logical', 'memory', 'pair', 'random', 'reduce', 'remove', 'replace', 'scan', 'scatter', 'sequence', 'shuffle',
  'sort', 'tabulate', 'transform', 'transform_reduce', 'tuple', 'unique', 'version', 'detail/type_traits',
  'iterator/constant_iterator', 'iterator/counting_iterator', 'iterator/discard_iterator', 'iterator/permutation_iterator',
  'iterator/transform_iterator', 'iterator/zip_iterator',
];

/** A group of the names provided (what `thrust::NAME` may name), with what the support matrix says of it. */
export interface ThrustNames {
  readonly group: string;
  readonly names: readonly string[];
  readonly note?: string;
}

export const THRUST_NAMES: readonly ThrustNames[] = [
  {
    group: 'vectors, pointers, execution policies',
    names: ['device_vector', 'host_vector', 'device_ptr', 'device_pointer_cast', 'raw_pointer_cast', 'device_malloc', 'device_free', 'device', 'host', 'seq', 'cuda', 'system', 'cuda_cub', 'par', 'par_nosync', 'execution_policy', 'system_error'],
    note: '`device_vector` allocates with cudaMalloc, so `raw_pointer_cast(v.data())` goes to kernels; `.on(stream)` waits for that stream',
  },
  { group: 'tuples, pairs, utilities', names: ['tuple', 'pair', 'get', 'make_tuple', 'make_pair', 'tie', 'tuple_element', 'tuple_size', 'swap', 'min', 'max'] },
  {
    group: 'functional objects',
    names: ['unary_function', 'binary_function', 'plus', 'minus', 'multiplies', 'divides', 'modulus', 'maximum', 'minimum', 'bit_and', 'bit_or', 'bit_xor', 'bit_not', 'equal_to', 'not_equal_to', 'less', 'greater', 'less_equal', 'greater_equal', 'logical_and', 'logical_or', 'logical_not', 'negate', 'identity'],
  },
  {
    group: 'iterators',
    names: ['iterator_traits', 'iterator_value', 'iterator_reference', 'iterator_difference', 'iterator_value_t', 'iterator_difference_t', 'random_access_traversal_tag', 'random_access_device_iterator_tag', 'counting_iterator', 'make_counting_iterator', 'constant_iterator', 'make_constant_iterator', 'transform_iterator', 'make_transform_iterator', 'permutation_iterator', 'make_permutation_iterator', 'zip_iterator', 'make_zip_iterator', 'discard_iterator', 'make_discard_iterator'],
  },
  { group: 'random numbers (host engines)', names: ['random', 'default_random_engine', 'minstd_rand', 'uniform_int_distribution', 'uniform_real_distribution', 'normal_distribution'], note: 'the standard engines: other sequences than Thrust\'s' },
  { group: 'complex numbers', names: ['complex', 'abs', 'arg', 'conj', 'norm', 'polar', 'proj', 'exp', 'log', 'sqrt', 'pow', 'sin', 'cos'], note: 'host code: std::complex; device code: `complex<T>` (kernel buffers, locals, typedefs, `+ - * /` with complex and T operands, `+=`..., `real()`/`imag()`), `conj`, `norm`, `arg`, `polar` are `cu2m_complex` and its functions (tables/stdNames.ts); the others are refused there (C2M2004)' },
  {
    group: 'algorithms',
    names: ['distance', 'for_each', 'for_each_n', 'fill', 'fill_n', 'generate', 'generate_n', 'tabulate', 'sequence', 'copy', 'copy_n', 'copy_if', 'transform', 'transform_if', 'reduce', 'transform_reduce', 'inner_product', 'reduce_by_key', 'inclusive_scan', 'exclusive_scan', 'inclusive_scan_by_key', 'exclusive_scan_by_key', 'adjacent_difference', 'sort', 'stable_sort', 'sort_by_key', 'stable_sort_by_key', 'is_sorted', 'count', 'count_if', 'min_element', 'max_element', 'minmax_element', 'find', 'find_if', 'find_if_not', 'all_of', 'any_of', 'none_of', 'equal', 'unique', 'unique_by_key', 'unique_copy', 'unique_by_key_copy', 'remove', 'remove_if', 'remove_copy_if', 'replace', 'replace_if', 'gather', 'gather_if', 'scatter', 'scatter_if', 'shuffle', 'lower_bound', 'upper_bound', 'binary_search'],
    note: 'on the host CPU after the device\'s queued work; functors and `[] __device__` lambdas are called on the host; sort_by_key is stable',
  },
];

/**
 * Thrust names that device code may use: `thrust::pair`, `make_pair` and `tie` are the std-names
 * table's polyfilled pair (tables/stdNames.ts: `cu2m_pair`, `cu2m_make_pair`, `cu2m_tie`),
 * `thrust::complex` and `conj`/`norm`/`arg`/`polar` its polyfilled complex (`cu2m_complex`), and a
 * `thrust::device_ptr<T>` kernel parameter is the raw pointer it wraps (`device T*`: the host
 * passes the wrapper, whose only member is that pointer). Everything else of Thrust runs on the host.
 */
export const THRUST_DEVICE_NAMES: ReadonlySet<string> = new Set(['pair', 'make_pair', 'tie', 'tuple', 'make_tuple', 'get', 'device_ptr', 'complex', 'conj', 'norm', 'arg', 'polar']);

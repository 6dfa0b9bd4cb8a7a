// Warp operations Metal has no single function for: shuffles over segments of the warp (`width`
// below 32) and __match_any_sync/__match_all_sync. Data only: MSL helpers added to the MSL once,
// when used (tables/functions.ts rows point here; docs/support-matrix.md lists the rows).
//
// Segments follow PTX's shfl.sync rules, which CUDA's __shfl*_sync(mask, v, x, width) compile to:
// the lane or offset counts modulo 32; `__shfl_sync` reads lane `x mod width` of the caller's
// segment; `_up`/`_down` return the caller's own value when the source leaves the segment;
// `_xor` may read from an earlier segment but returns the caller's own value for a later one.
// Every active lane executes the same simd_shuffle (the source lane differs), as Metal requires.
import type { FunctionMapping } from './functions';

/** The caller's lane: Metal fills SIMD groups with consecutive linear thread indices, as CUDA fills warps. */
export const LANE_ID = {
  name: 'cu2m_lane_id',
  definition:
    '// the lane of the calling thread in its 32-wide SIMD group (warp): its linear index in the block mod 32\n' +
    'inline uint cu2m_lane_id(uint3 threadIdx, uint3 blockDim) { return (threadIdx.x + blockDim.x * (threadIdx.y + blockDim.y * threadIdx.z)) & 31u; }',
  /** The call that gives the lane inside a function that has the threadIdx and blockDim built-ins. */
  call: 'cu2m_lane_id(threadIdx, blockDim)',
} as const;

const shuffle = (name: string, what: string, body: string): { msl: string; definition: string } => ({
  msl: name,
  definition: `// ${what}\ntemplate <typename T> inline T ${name}(T v, int x, int width, uint lane) {\n  uint seg = uint(width) - 1u;\n${body}\n}`,
});

export const SUB_WARP_SHUFFLES = {
  idx: shuffle('cu2m_shfl_width', '__shfl_sync(mask, v, src, width): lane src mod width of the caller\'s segment of width lanes',
    '  return simd_shuffle(v, ushort((lane & ~seg) | (uint(x) & seg)));'),
  up: shuffle('cu2m_shfl_up_width', '__shfl_up_sync(mask, v, delta, width): the lane delta below, or the own value when that leaves the segment',
    '  uint d = uint(x) & 31u;\n  T r = simd_shuffle(v, ushort((lane - d) & 31u));\n  return (lane & seg) >= d ? r : v;'),
  down: shuffle('cu2m_shfl_down_width', '__shfl_down_sync(mask, v, delta, width): the lane delta above, or the own value when that leaves the segment',
    '  uint d = uint(x) & 31u;\n  T r = simd_shuffle(v, ushort((lane + d) & 31u));\n  return (lane & seg) + d <= seg ? r : v;'),
  xor: shuffle('cu2m_shfl_xor_width', '__shfl_xor_sync(mask, v, laneMask, width): lane ^ laneMask, or the own value when that is in a later segment',
    '  uint src = lane ^ (uint(x) & 31u);\n  T r = simd_shuffle(v, ushort(src));\n  return src <= (lane | seg) ? r : v;'),
} as const;

/** __match_any_sync(mask, v): the active lanes whose v equals the caller's. */
export const MATCH_ANY: FunctionMapping = {
  kind: 'polyfill',
  msl: 'cu2m_match_any',
  definition:
    '// __match_any_sync(mask, v): the active lanes of the warp whose v equals the caller\'s (mask: the active lanes take part)\n' +
    'template <typename T> inline uint cu2m_match_any(uint mask, T v) {\n' +
    '  (void)mask;\n' +
    '  uint active = uint(simd_vote::vote_t(simd_active_threads_mask()));\n' +
    '  uint r = 0u;\n' +
    '  for (ushort l = 0; l < 32; l++) {\n' +
    '    T o = simd_shuffle(v, l);\n' +
    '    if (((active >> l) & 1u) != 0u && o == v) r |= 1u << l;\n' +
    '  }\n' +
    '  return r;\n' +
    '}',
  note: 'a loop of simd_shuffle over the 32 lanes, restricted to the active ones',
};

/** __match_all_sync(mask, v, &pred): the active lanes when all hold the same v (pred = 1), else 0 (pred = 0). */
export const MATCH_ALL: FunctionMapping = {
  kind: 'polyfill',
  msl: 'cu2m_match_all',
  definition:
    '// __match_all_sync(mask, v, &pred): the active lanes when they all hold the caller\'s v (*pred = 1), else 0 (*pred = 0)\n' +
    'template <typename T, typename P> inline uint cu2m_match_all(uint mask, T v, P pred) {\n' +
    '  (void)mask;\n' +
    '  uint active = uint(simd_vote::vote_t(simd_active_threads_mask()));\n' +
    '  uint equal = 0u;\n' +
    '  for (ushort l = 0; l < 32; l++) {\n' +
    '    T o = simd_shuffle(v, l);\n' +
    '    if (((active >> l) & 1u) != 0u && o == v) equal |= 1u << l;\n' +
    '  }\n' +
    '  bool same = equal == active; // the same answer in every lane: one differing value breaks all\n' +
    '  *pred = same ? 1 : 0;\n' +
    '  return same ? active : 0u;\n' +
    '}',
  note: 'a loop of simd_shuffle over the 32 lanes: all active lanes equal',
};

/**
 * Shuffles of 64-bit integers (`long long`, `unsigned long long`: MSL `long`, `ulong`), which Metal's
 * simd_shuffle* do not take: the value's two 32-bit halves as one uint2 shuffle. Overloads, so the
 * helpers above, __match_any/all_sync and the cooperative-groups tiles shuffle them too; put before
 * those templates (their calls of simd_shuffle on a `long` find no overload by argument-dependent lookup).
 */
export const SHUFFLE64 = {
  key: 'cu2m_shuffle64',
  definition:
    '// Warp shuffles of 64-bit integers (__shfl*_sync, __match_*_sync, cooperative-groups tiles): their two 32-bit halves.\n' +
    ['long', 'ulong'].flatMap((t) => [
      `inline ${t} simd_shuffle(${t} v, ushort lane) { return as_type<${t}>(simd_shuffle(as_type<uint2>(v), lane)); }`,
      `inline ${t} simd_shuffle_up(${t} v, ushort d) { return as_type<${t}>(simd_shuffle_up(as_type<uint2>(v), d)); }`,
      `inline ${t} simd_shuffle_down(${t} v, ushort d) { return as_type<${t}>(simd_shuffle_down(as_type<uint2>(v), d)); }`,
      `inline ${t} simd_shuffle_xor(${t} v, ushort mask) { return as_type<${t}>(simd_shuffle_xor(as_type<uint2>(v), mask)); }`,
    ]).join('\n'),
} as const;

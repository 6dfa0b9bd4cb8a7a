// Shuffles of values wider than 64 bits through cooperative-groups tiles (uint4, float4):
// the cuda-cpu reference moves them 8 bytes at a time (it stopped on a static_assert before; NVIDIA's
// shfl_scan sample shuffles uint4), msl-cpu through Metal's simd_shuffle overloads. 64-bit integers
// (shfl64.cu) too.
import * as path from 'node:path';
import { describe } from 'node:test';
import { selfCheckingOnBothBackends } from '../helpers/cli';

const prog = path.join('test', 'fixtures', 'wide_shfl', 'wide_shfl.cu');
const prog64 = path.join('test', 'fixtures', 'wide_shfl', 'shfl64.cu');

describe('shuffles of values wider than 64 bits', () => {
  selfCheckingOnBothBackends(prog, `tile.shfl_xor/up/down of uint4 and float4`, { passed: /^PASSED \(0 mismatches\)$/m, copies: 3 });
});

// 64-bit integers: Metal shuffles the two 32-bit halves (tables/warps.ts: SHUFFLE64); keys equal in
// one half only must not match; the atomicAggregate idiom groups lanes by a pointer.
describe('shuffles and matches of 64-bit integers', () => {
  selfCheckingOnBothBackends(prog64, '__shfl*_sync, __match_any/all_sync, tile shfl and cg::reduce of long long and unsigned long long', { passed: /^PASSED$/m, copies: 8 });
});

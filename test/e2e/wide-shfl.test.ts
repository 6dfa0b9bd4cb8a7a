// Shuffles of values wider than 64 bits through cooperative-groups tiles (uint4, float4):
// the cuda-cpu reference moves them 8 bytes at a time (it stopped on a static_assert before; NVIDIA's
// shfl_scan sample shuffles uint4), msl-cpu through Metal's simd_shuffle overloads.
import * as path from 'node:path';
import { describe } from 'node:test';
import { selfCheckingOnBothBackends } from '../helpers/cli';

const prog = path.join('test', 'fixtures', 'wide_shfl', 'wide_shfl.cu');

describe('shuffles of values wider than 64 bits', () => {
  selfCheckingOnBothBackends(prog, `tile.shfl_xor/up/down of uint4 and float4`, { passed: /^PASSED \(0 mismatches\)$/m, copies: 3 });
});

// CUB's block and warp collectives (native/include/cub): self-checking programs that use them the
// way programs do, on both CPU backends (the MSL of our header, and the header compiled as CUDA),
// and diffed copy by copy.
import * as path from 'node:path';
import { describe } from 'node:test';
import { selfCheckingOnBothBackends } from '../helpers/cli';

describe('cub::BlockReduce', () => {
  selfCheckingOnBothBackends(path.join('test', 'fixtures', 'cub', 'block_reduce.cu'), 'Sum (float, int), Max over num_valid threads, a non-commutative operator, ArgMax, a 2-D block', { copies: 13 });
});

describe('cub::WarpReduce, cub::BlockScan, cub::WarpScan', () => {
  selfCheckingOnBothBackends(path.join('test', 'fixtures', 'cub', 'warp_scan.cu'), 'warp sums and maxima, logical warps of 8, block prefix sums with the total, scans with an operator, warp offsets, four items per thread', { copies: 12 });
});

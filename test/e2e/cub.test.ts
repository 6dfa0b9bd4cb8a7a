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

describe('cub::BlockLoad, cub::BlockStore, BlockScan over items per thread, cub::BlockAdjacentDifference', () => {
  selfCheckingOnBothBackends(path.join('test', 'fixtures', 'cub', 'block_load_store.cu'), 'warp-transpose and direct tiles in a union of storages with exclusive sums and the aggregate, a partial tile with a default, direct loads and stores, left/right differences in place, with a predecessor/successor and a partial tile', { copies: 7 });
});

describe('CUB device-wide algorithms (host code over device memory, two-call protocol)', () => {
  selfCheckingOnBothBackends(path.join('test', 'fixtures', 'cub', 'device_algorithms.cu'), 'DeviceReduce, DeviceScan, DeviceSelect, DeviceRunLengthEncode, DeviceRadixSort, DeviceSegmentedReduce, DeviceHistogram on a stream after a kernel, 1000 items and none, iterators, bit ranges, descending pairs, an empty segment', { copies: 32 });
});

describe('cub::BlockExchange, cub::WarpExchange, cub::BlockRadixSort, cub::Traits', () => {
  selfCheckingOnBothBackends(path.join('test', 'fixtures', 'cub', 'exchange_sort.cu'), 'blocked/striped/warp-striped/ranked exchanges in a union reused after __syncthreads, warp exchanges in per-warp storage, stable block sorts of float keys (negatives, -0.0/+0.0) ascending, descending and striped, int pairs over a bit range, Traits<float> twiddling', { copies: 18 });
});

describe('TempStorage through Uninitialized<T>::Alias() and unions (a collective of the program)', () => {
  selfCheckingOnBothBackends(path.join('test', 'fixtures', 'cub', 'temp_storage_alias.cu'), "a program's collective whose storage is Uninitialized<_TempStorage> bound through Alias(), in a __shared__ union with cub's storages, used again through a reference, and cub::Uninitialized<Stats>", { copies: 4 });
});

describe('cub::BlockHistogram, cub::BlockDiscontinuity, cub::Traits<double>', () => {
  selfCheckingOnBothBackends(path.join('test', 'fixtures', 'cub', 'histogram_discontinuity.cu'), 'histograms of byte samples (Histogram, InitHistogram + two Composite calls) with both algorithms, heads/tails of runs in all eight forms with predecessor/successor and a union reused by BlockReduce, double keys twiddled, sorted by BlockRadixSort<double>, Traits Max/Lowest', { copies: 22 });
});

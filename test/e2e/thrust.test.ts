// Thrust (native/include/thrust): a self-checking program the way programs use Thrust (device_vector
// written by kernels and passed to them through raw_pointer_cast, sort / sort_by_key / reduce /
// scan / transform with functors and lambdas, fancy iterators, execution policies) on both CPU
// backends: the algorithms run on the host over the device memory, after the kernels finished.
import * as path from 'node:path';
import { describe } from 'node:test';
import { selfCheckingOnBothBackends } from '../helpers/cli';

describe('Thrust algorithms on device_vector and device pointers', () => {
  selfCheckingOnBothBackends(path.join('test', 'fixtures', 'thrust', 'algorithms.cu'), 'sort, sort_by_key, unique, reduce, count_if, extrema, scans, transform, transform_reduce, copy_if, gather, scatter, reduce_by_key, zip/counting/transform/discard iterators, unique_by_key_copy', { copies: 1 });
});

// Names Metal reserves or metal:: declares, used as CUDA names (tables/reserved.ts): a kernel
// template called `kernel`, a kernel `fragment`, a kernel template `length` and a device function
// template `distance` (metal:: functions), a struct `sampler`, template parameters `device` and
// `threadgroup`, variables `vertex`, `half`, `constant`, `thread`. The MSL renames them
// (`kernel_`...); the host program, the cuda-cpu reference and the runtime's lookup of each launch
// still find every kernel. The program checks its results itself.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe } from 'node:test';
import { selfCheckingOnBothBackends } from '../helpers/cli';

const prog = path.join('test', 'fixtures', 'metal_names', 'metal_names.cu');

describe('metal_names.cu: CUDA names that are Metal keywords or metal:: functions', { concurrency: false }, () => {
  selfCheckingOnBothBackends(prog, 'kernels named kernel/fragment/length, distance, sampler, template parameters device/threadgroup', {
    copies: 3,
    extra: (r) => assert.match(r.stdout, /^checksum 212\.0 323$/m),
  });
});

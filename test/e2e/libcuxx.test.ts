// libcu++'s asynchronous copies and barriers (native/include/cuda/barrier, cuda/pipeline; the
// cooperative-groups copies and the __pipeline primitives beside them): self-checking programs on
// both CPU backends (the MSL of our headers, and the headers compiled as CUDA), diffed copy by copy.
import * as path from 'node:path';
import { describe } from 'node:test';
import { selfCheckingOnBothBackends } from '../helpers/cli';

describe('cuda::pipeline', () => {
  selfCheckingOnBothBackends(path.join('test', 'fixtures', 'libcuxx', 'pipeline_tiles.cu'), 'double-buffered tiles: a thread-scope pipeline filling the next stage (pipeline_consumer_wait_prior, aligned_size_t, __shared__ alignas) and a block-scope pipeline with a shared state', { copies: 2 });
});

describe('cuda::barrier', () => {
  selfCheckingOnBothBackends(path.join('test', 'fixtures', 'libcuxx', 'barrier_split.cu'), 'a 2-D block: init with block.size(), memcpy_async with the barrier (float4 pieces), arrive_and_wait, split arrive/wait(std::move(token)) in a helper, arrive_and_drop', { copies: 2 });
});

describe('cooperative_groups::memcpy_async and the __pipeline primitives', () => {
  selfCheckingOnBothBackends(path.join('test', 'fixtures', 'libcuxx', 'cg_memcpy.cu'), 'the block copies a slab (bytes and cuda::aligned_size_t), cg::wait_prior and cg::wait; each thread copies with __pipeline_memcpy_async, commit, wait_prior', { copies: 2 });
});

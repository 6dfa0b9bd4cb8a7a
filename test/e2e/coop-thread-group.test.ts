// cooperative_groups::thread_group (C2M1002 before; cuda-samples dxtc, simpleCooperativeGroups): a
// group known at run time holding a thread_block, tiled_partition(group, n) or a thread_block_tile,
// with sync, thread_rank, size and num_threads (the prelude in src/translate/tables/cooperativeGroups.ts,
// native/cpu/cuda/cooperative_groups.h on cuda-cpu).
import * as path from 'node:path';
import { describe } from 'node:test';
import { selfCheckingOnBothBackends } from '../helpers/cli';

const prog = path.join('test', 'fixtures', 'coop_groups', 'thread_group.cu');

describe('cooperative_groups::thread_group', () => {
  selfCheckingOnBothBackends(prog, 'tree sums over thread_group views of a block, runtime-sized tiles and a 32-tile', { copies: 1 });
});

// Cooperative groups passed as temporaries (`cg::reduce(cg::tiled_partition<8>(cg::this_thread_block()), ...)`):
// the prelude's group functions take groups by value, so a temporary deduces the tile size on the
// msl-cpu model too (a `thread const&` parameter did not: "could not match").
import * as path from 'node:path';
import { describe } from 'node:test';
import { selfCheckingOnBothBackends } from '../helpers/cli';

const prog = path.join('test', 'fixtures', 'coop_groups', 'temporaries.cu');

describe('cooperative groups as temporary arguments', () => {
  selfCheckingOnBothBackends(prog, `reduce, sync and member calls on tiled_partition<N>(this_thread_block()) temporaries`, { copies: 1 });
});

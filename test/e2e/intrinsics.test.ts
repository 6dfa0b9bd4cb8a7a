// The small device intrinsics and cooperative-groups names of test/fixtures/intrin/, end to end:
// each self-checking program prints the same line on msl-cpu (the MSL we emit) as on cuda-cpu
// (the CUDA itself), on fibers and on work-item loops where it uses warp or block collectives.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cu2metal, show } from '../helpers/cli';

const fixture = (name: string): string => path.join('test', 'fixtures', 'intrin', name);
const BACKENDS = ['cuda-cpu', 'msl-cpu'] as const;

const PROGRAMS: readonly { file: string; what: string; expected: string; loops: readonly string[] }[] = [
  { file: 'votes.cu', what: '__ballot_sync/__any_sync/__all_sync (also with half the lanes inactive), __uni_sync, __fns on 9,384 arguments, __nanosleep, __threadfence_system', expected: 'votes 23868 PASSED\n', loops: ['strict', '0'] },
  { file: 'cg_scan.cu', what: 'cg::inclusive_scan/exclusive_scan over tiles of 4 to 64 and coalesced groups with plus, less, greater, bit_xor and a functor; float scan; cg::memcpy_async + cg::wait', expected: 'cg scans 13844238 4361.5 PASSED\n', loops: ['strict', '0'] },
  { file: 'pipeline.cu', what: 'double-buffered __pipeline_memcpy_async with zfill, commit, wait_prior; __isGlobal/__isShared/__isLocal directly and through a helper', expected: 'pipeline 4976 PASSED\n', loops: ['strict'] },
  { file: 'ptx_logic.cu', what: 'one-instruction inline PTX: lop3.b32 with 7 truth tables (in __CUDA_ARCH__-guarded helpers and in the kernel, an output into a buffer), shf.l.wrap and shf.r.clamp', expected: 'ptx logic 1412753428 PASSED\n', loops: ['strict'] },
  { file: 'ptx_lanes.cu', what: 'inline PTX %laneid and %lanemask_lt/le/eq/ge/gt in 2D blocks and helpers, a warp compaction by ballot and lanemask_lt, vabsdiff4/vabsdiff2 .add (u32 and s32) on extreme bytes', expected: 'ptx lanes 1301791881 PASSED\n', loops: ['strict'] },
  { file: 'double_names.cu', what: 'double1, double4_16a, double4_32a in buffers, struct fields and __shared__, with sizeof/alignof', expected: 'sizes 8 32/16 32/32 64\nsums 99.200000000000003 4.0250693694727948 61.844571428571427 -451.42857142857139 PASSED\n', loops: ['strict'] },
];

describe('device intrinsics and cooperative-groups names (test/fixtures/intrin)', () => {
  for (const p of PROGRAMS) {
    for (const loops of p.loops) {
      test(`${p.file}, CU2METAL_WORK_ITEM_LOOPS=${loops}: ${p.what}: the same output on both backends`, async () => {
        const out: string[] = [];
        for (const backend of BACKENDS) {
          const r = await cu2metal(['run', fixture(p.file), '--backend', backend], { env: { CU2METAL_WORK_ITEM_LOOPS: loops } });
          assert.equal(r.code, 0, `${backend}: ${show(r)}`);
          assert.equal(r.stdout, p.expected, `${backend}: ${show(r)}`);
          out.push(r.stdout);
        }
        assert.equal(out[0], out[1]);
      });
    }
  }
});

describe('__trap and __brkpt', () => {
  for (const backend of BACKENDS) {
    test(`${backend}: the message names the call, the launch fails, the error is sticky until reset`, async () => {
      const r = await cu2metal(['run', fixture('trap.cu'), '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.equal(r.stdout, 'good indices: cudaSuccess\nbad index: launch failed\nlater: still failed\nbreakpoint: launch failed\n', show(r));
      const file = fixture('trap.cu');
      assert.ok(r.stderr.includes(`${file}:6: checkRange: block: [1,0,0], thread: [5,0,0] __trap() called.\n`), show(r));
      assert.ok(r.stderr.includes(`${file}:17: stop: block: [0,0,0], thread: [2,0,0] __brkpt() called.\n`), show(r));
    });
  }
});

// Outputs a real GPU recorded (test/fixtures/gpu/README.md: an H200 or an H100, CUDA 13.0): our probes run on
// both CPU backends and must print the recording byte for byte.
//  * texprobe.cu: point sampling folds the integer index floor(u * N) for wrap/mirror and reads a
//    denormal coordinate as 0 (native/include/cu2m/texture.h);
//  * warpprobe.cu: a shuffle reading a lane that does not exist (the 16 missing lanes of a 48-thread
//    block's 2nd warp) gets 0 — fibers and work-item loops alike;
//  * texweights.cu (an H100): linear filtering's weights in 1D/2D/3D/layered/cubemap textures, every
//    address mode, tex2Dgather at the edges (native/include/cu2m/texture.h).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cu2metal, show } from '../helpers/cli';

const dir = path.join('test', 'fixtures', 'gpu');

/** The first differing line of two outputs, for the failure message. */
function firstDifference(got: string, want: string): string {
  const g = got.split('\n');
  const w = want.split('\n');
  for (let i = 0; i < Math.max(g.length, w.length); ++i)
    if (g[i] !== w[i]) return `line ${i + 1}: got ${JSON.stringify(g[i])}, the GPU printed ${JSON.stringify(w[i])}`;
  return 'none';
}

/** `probe` names test/fixtures/gpu/PROBE.cu, or a fixture elsewhere under test/fixtures (`../hec_triage/racy_update`), its recording beside it. */
function recorded(probe: string, backend: string, env: NodeJS.ProcessEnv = {}, label = '', gpu = 'h200'): void {
  test(`${probe}.cu on ${backend}${label} prints what the ${gpu.toUpperCase()} printed`, async () => {
    const want = fs.readFileSync(path.join(dir, `${probe}.${gpu}.txt`), 'utf8');
    const r = await cu2metal(['run', path.join(dir, `${probe}.cu`), '--backend', backend], { env, timeoutMs: 600_000 });
    assert.equal(r.code, 0, show(r));
    assert.ok(r.stdout === want, `first difference: ${firstDifference(r.stdout, want)}`);
  });
}

describe('outputs recorded on an NVIDIA GPU (H200, H100)', () => {
  for (const backend of ['cuda-cpu', 'msl-cpu']) recorded('texprobe', backend);
  for (const backend of ['cuda-cpu', 'msl-cpu']) {
    recorded('warpprobe', backend, { CU2METAL_WORK_ITEM_LOOPS: '0' }, ' (fibers)');
    recorded('warpprobe', backend, { CU2METAL_WORK_ITEM_LOOPS: 'strict' }, ' (work-item loops)');
  }
  // fp8 conversions (cuda_fp8.h, every E4M3/E5M2 byte and rounding case): recorded on an H100 (sm_90, CUDA 13.0).
  for (const backend of ['cuda-cpu', 'msl-cpu']) recorded('fp8probe', backend, {}, '', 'h100');
  // grid.sync() in kernels launched without cudaLaunchCooperativeKernel (recorded on an H100, CUDA
  // 13.0): before the program's first cooperative launch the kernel fails (cudaErrorLaunchFailure,
  // sticky); after one it runs when its blocks can all be resident at once.
  for (const backend of ['cuda-cpu', 'msl-cpu']) {
    recorded('gridsync_plainfirst', backend, {}, '', 'h100');
    recorded('gridsync_plain', backend, {}, '', 'h100');
  }
  // double: NaN to integer conversions (the top bit), remquo's quotient (0 .. 7), fmin/fmax beside a
  // NaN, nan(tag) payloads, the NaN of an invalid operation (0xFFF8000000000000): an H100 (sm_90, CUDA 13.0).
  for (const backend of ['cuda-cpu', 'msl-cpu']) recorded('doubleprobe', backend, {}, '', 'h100');
  // linear texture filtering (8-bit weights, their rounding in 2D and 3D, clamped coordinates, the
  // precision of normalized coordinates, 1D border rows, gather footprints): an H100 (sm_90, CUDA 13.0).
  for (const backend of ['cuda-cpu', 'msl-cpu']) recorded('texweights', backend, {}, '', 'h100');
  // Idioms of HeCBench programs whose answers differed from an H100's (docs/hecbench-runs.md, "Outputs
  // compared with an NVIDIA GPU"), recorded on an H100 (sm_90, CUDA 13.0):
  //  * hec_triage/racy_update.cu: non-atomic `counts[b]++` by several lanes of a block between barriers
  //    (pns) adds once per element: the block runs in step (src/translate/lockstep.ts racyUpdates);
  //  * hec_triage/divergent_votes.cu: volatile reads under `if (i < end)` in a loop whose condition is
  //    `__any_sync`, then shuffles and votes (gc): lockstep steps are not votes (scheduler.cpp);
  //  * hec_runs_e/late_template.cu: an fmaf chain is the same bits on the host and the device.
  for (const backend of ['cuda-cpu', 'msl-cpu']) {
    recorded('../hec_triage/racy_update', backend, {}, '', 'h100');
    recorded('../hec_triage/divergent_votes', backend, {}, '', 'h100');
    recorded('../hec_runs_e/late_template', backend, {}, '', 'h100');
  }
});

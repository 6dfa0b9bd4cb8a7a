// Dynamic parallelism end to end (src/translate/deviceLaunch.ts, native/runtime/printf.cpp): kernels
// that launch kernels run on both CPU backends with the same output; the runtime's limits
// (pending launches, nesting depth, a child's configuration) fail the parent's launch with CUDA's
// errors; the translation writes records and registers the children's launchers.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cu2metal, show } from '../helpers/cli';
import { launchId } from '../../src/translate/deviceLaunch';

const fixture = (name: string): string => path.join('test', 'fixtures', 'dynpar', name);
const BACKENDS = ['msl-cpu', 'cuda-cpu'] as const;

describe('launches from device code', () => {
  const expected = fs.readFileSync(fixture('recursive.expected'), 'utf8');
  for (const backend of BACKENDS) {
    test(`a recursive quicksort, a tree built level by level, children's printf and a tail launch on ${backend}`, async () => {
      const r = await cu2metal(['run', fixture('recursive.cu'), '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.equal(r.stdout, expected, show(r));
      // The tail launch runs after every other child of its parent (and their children).
      assert.match(r.stdout, /level 9: 1 nodes in 1 blocks\ntail launch sees the root sum -5 \(expected -5\)\nPASSED\n$/);
    });
    test(`pending-launch limit, nesting depth and a child's configuration fail the parent's launch on ${backend}`, async () => {
      const r = await cu2metal(['run', fixture('limits.cu'), '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^pending launch count 2048, sync depth 2$/m);
      assert.match(r.stdout, /^16 launches pending with a limit of 8: cudaErrorLaunchPendingCountExceeded$/m);
      assert.match(r.stdout, /^30 levels: cudaErrorLaunchMaxDepthExceeded$/m);
      assert.match(r.stdout, /^a child of 2048 threads: cudaErrorInvalidValue$/m);
      assert.match(r.stdout, /PASSED\n$/, show(r));
      assert.match(r.stderr, /kernel fanOut: 8 launches from device code found no room: more than 8 launches pending \(cudaLimitDevRuntimePendingLaunchCount\)/);
      assert.match(r.stderr, /launch of kernel nest from device code \(by nest\) at nesting depth 25: CUDA allows at most 24 levels/);
      // A failure deep down is reported where it happened and once more by the host's launch, not at every level.
      assert.equal(r.stderr.split('\n').filter((l) => l.includes('nesting depth 25')).length, 2, show(r));
      assert.match(r.stderr, /launch of kernel fill from device code \(by fanOut\) failed: launch of kernel fill: block \(2048,1,1\)/);
    });
  }
  test('diff: both backends agree', async () => {
    const r = await cu2metal(['diff', fixture('recursive.cu')]);
    assert.equal(r.code, 0, show(r));
  });
  test('translation: a record per launch, the kernel flagged, the child registered by the host, the reference writes the same record', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-dynpar-'));
    const r = await cu2metal(['translate', fixture('recursive.cu'), '-o', out]);
    assert.equal(r.code, 0, show(r));
    const msl = fs.readFileSync(path.join(out, 'recursive.metal'), 'utf8');
    const host = fs.readFileSync(path.join(out, 'recursive.host.cpp'), 'utf8');
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'recursive.manifest.json'), 'utf8')) as { kernels: { name: string; launchesKernels?: boolean }[] };
    assert.ok(msl.includes(`cu2m_launch_4(cu2m_printf_buffer, blockIdx, gridDim, ${launchId('quicksort')} /* quicksort */, cu2m_dim(1), cu2m_dim(1), uint(0), ulong(s), static_cast<device unsigned*>(v), static_cast<Range>(left), static_cast<int>(depth + 1), static_cast<device int*>(maxDepth))`), msl);
    assert.ok(msl.includes('ulong(3ul), static_cast<device const int*>(below), static_cast<int>(expected)') || msl.includes(`${launchId('report')} /* report */`), msl);
    assert.match(msl, /ulong s;\n\s*cu2m_stream_create\(&s, 1u\);/);
    assert.ok(host.includes(`cu2mRegisterDeviceLaunch(${launchId('quicksort')}, "quicksort", &quicksort);`), host);
    assert.ok(host.includes(`cu2mRegisterDeviceLaunch(${launchId('sumLevel')}, "sumLevel", &sumLevel);`), host);
    assert.deepEqual(manifest.kernels.filter((k) => k.launchesKernels).map((k) => k.name).sort(), ['buildTree', 'quicksort']);
    assert.match(host, /"quicksort", "[^"]*recursive\.cu", \d+u, 5u, cu2m_params, CU2M_KERNEL_DEVICE_LAUNCHES/);
  });
});

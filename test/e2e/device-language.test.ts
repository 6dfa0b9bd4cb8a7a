// Device-language leftovers of issue 6: __shared__ in helpers (hoisted to the kernels), sub-warp
// shuffles and match, as programs written like real code on both CPU backends and diffed.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cu2metal, show } from '../helpers/cli';

const fixture = (name: string): string => path.join('test', 'fixtures', name);
const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-test-'));

describe('__shared__ declared in __device__ helpers', () => {
  const prog = fixture(path.join('shared_hoist', 'shared_hoist.cu'));
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`block reduction scratch, shared scalar, helper chains, template tiles, 2D tile: one instance per block on ${backend}`, async () => {
      const r = await cu2metal(['run', prog, '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^PASSED$/m);
    });
  }
  test('diff: every copy of the msl-cpu run matches the reference', async () => {
    const r = await cu2metal(['diff', prog]);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /OK: 5 of 5 copies match/);
  });
  test('the kernels declare the helpers\' threadgroup memory and pass it down by reference', async () => {
    const dir = tmp();
    const r = await cu2metal(['translate', prog, '-o', dir]);
    assert.equal(r.code, 0, show(r));
    const msl = fs.readFileSync(path.join(dir, 'shared_hoist.metal'), 'utf8');
    assert.match(msl, /float blockSum\(uint3 threadIdx, uint3 blockDim, threadgroup float \(&scratch\)\[BLOCK\], float v\)/);
    assert.match(msl, /int tally\(uint3 threadIdx, threadgroup int& total, int add, bool reset\)/);
    assert.match(msl, /float sumAndSquares\([^)]*threadgroup int& tally_total, threadgroup float \(&blockSum_scratch\)\[BLOCK\]/);
    assert.match(msl, /kernel void stats\([^{]*\{ threadgroup int tally_total; \/\* __shared__ in tally\(\) \*\/ threadgroup float blockSum_scratch\[BLOCK\];/);
    // Two instances of the template, two variables; the 2D tile keeps its shape.
    assert.match(msl, /threadgroup float rotateInTile_tile\[BLOCK\];/);
    assert.match(msl, /threadgroup int rotateInTile_tile_1\[BLOCK \/ 2\];/);
    assert.match(msl, /rotateInTile<float, BLOCK>\(threadIdx, rotateInTile_tile, v\)/);
    assert.match(msl, /threadgroup float \(&t\)\[TILE\]\[TILE \+ 1\]/);
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'shared_hoist.manifest.json'), 'utf8')) as { kernels: { name: string; staticThreadgroupBytes: number | null }[] };
    // stats: scratch (512) + total (4) + count (4); shuffles: two tiles (512 + 256), 8 x 9 floats (288), scratch (512).
    assert.deepEqual(manifest.kernels.map((k) => [k.name, k.staticThreadgroupBytes]), [['stats', 520], ['shuffles', 1568]]);
  });
  test('a helper template whose __shared__ type depends on a deduced argument: C2M1007 at the call', async () => {
    const dir = tmp();
    const cu = path.join(dir, 'deduced.cu');
    fs.writeFileSync(cu, 'template <typename T>\n__device__ T stage(T v) {\n  __shared__ T buf[64];\n  buf[threadIdx.x] = v;\n  __syncthreads();\n  return buf[63 - threadIdx.x];\n}\n__global__ void k(float* p) {\n  p[threadIdx.x] = stage(p[threadIdx.x]);\n}\n');
    const r = await cu2metal(['check', cu]);
    assert.equal(r.code, 3, show(r));
    assert.match(r.stderr, /deduced\.cu:9:20: error: 'stage' declares __shared__ 'buf' whose type depends on the template parameter 'T'; .*write the template arguments at this call .*\[C2M1007\]/);
  });
  test('extern __shared__ inside a helper is the kernel\'s dynamic memory, passed down (test/e2e/sample-idioms.test.ts runs it)', async () => {
    const dir = tmp();
    const cu = path.join(dir, 'extern.cu');
    fs.writeFileSync(cu, '__device__ float first() {\n  extern __shared__ float dyn[];\n  return dyn[0];\n}\n__global__ void k(float* p) {\n  p[0] = first();\n}\n');
    const r = await cu2metal(['check', cu]);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /dynamic threadgroup memory/);
  });
});

describe('pointer fields in structs', () => {
  const prog = fixture(path.join('struct_pointers', 'struct_pointers.cu'));
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`a struct of device pointers by value (nested, array of pointers, float3*) and in __constant__ memory on ${backend}`, async () => {
      const r = await cu2metal(['run', prog, '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^PASSED$/m);
    });
  }
  test('diff: every copy of the msl-cpu run matches the reference', async () => {
    const r = await cu2metal(['diff', prog]);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /OK: 2 of 2 copies match/);
  });
  test('fields become device pointers; the host stub lists their offsets for the Metal backend, the manifest their paths', async () => {
    const dir = tmp();
    const r = await cu2metal(['translate', prog, '-o', dir]);
    assert.equal(r.code, 0, show(r));
    const msl = fs.readFileSync(path.join(dir, 'struct_pointers.metal'), 'utf8');
    assert.match(msl, /^ {2}device float\* data;$/m);
    assert.match(msl, /const device int\* weights\[2\];/);
    assert.match(msl, /device packed_float3\* points;/);
    assert.match(msl, /device float\* p = s\.data \+ i;/);
    const host = fs.readFileSync(path.join(dir, 'struct_pointers.host.cpp'), 'utf8');
    assert.match(host, /static const uint32_t cu2m_pointers_job\[\] = \{\(uint32_t\)offsetof\(decltype\(job\), in\.data\), \(uint32_t\)offsetof\(decltype\(job\), out\.data\), \(uint32_t\)offsetof\(decltype\(job\), weights\[0\]\), \(uint32_t\)offsetof\(decltype\(job\), weights\[1\]\), \(uint32_t\)offsetof\(decltype\(job\), points\)\};/);
    assert.match(host, /\{"job", CU2M_ARG_SCALAR, sizeof\(job\), CU2M_ELEM_BYTES, 0u, 0u, 5u, cu2m_pointers_job\}/);
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'struct_pointers.manifest.json'), 'utf8')) as { kernels: { name: string; params: { name: string; pointerFields?: string[] }[] }[] };
    const job = manifest.kernels.find((k) => k.name === 'apply')?.params.find((p) => p.name === 'job');
    assert.deepEqual(job?.pointerFields, ['in.data', 'out.data', 'weights[0]', 'weights[1]', 'points']);
  });
  test('pointer-to-pointer fields and declarations mixing pointers and values: C2M1006 at the field', async () => {
    const dir = tmp();
    const cu = path.join(dir, 'fields.cu');
    fs.writeFileSync(cu, 'struct Table {\n  float** rows;\n  float scale, *bias;\n};\n__global__ void k(Table t) {\n  t.rows[0][0] = t.scale * t.bias[0];\n}\n');
    const r = await cu2metal(['check', cu]);
    assert.equal(r.code, 3, show(r));
    assert.match(r.stderr, /fields\.cu:2:3: error: a pointer-to-pointer field cannot say which memory each level points into in Metal \[C2M1006\]/);
    assert.match(r.stderr, /fields\.cu:3:3: error: this field declaration mixes pointers and values; .*own line \[C2M1006\]/);
  });
});

describe('warp segments (width < 32) and match', () => {
  const prog = fixture(path.join('warps', 'segments.cu'));
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`__shfl*_sync with widths 2..16 (wrap, out-of-segment lanes, earlier/later xor segments), segmented scans, __match_any/all_sync, divergent lanes on ${backend}`, async () => {
      const r = await cu2metal(['run', prog, '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^PASSED$/m);
    });
  }
  test('diff: every copy of the msl-cpu run matches the reference', async () => {
    const r = await cu2metal(['diff', prog]);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /OK: 2 of 2 copies match/);
  });
});

describe('cooperative groups: coalesced groups, partitions, grid groups', () => {
  const prog = fixture(path.join('coop_groups', 'coalesced.cu'));
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`coalesced_threads, labeled_partition, binary_partition, cg::reduce over them, grid-stride loops over this_grid() on ${backend}`, async () => {
      const r = await cu2metal(['run', prog, '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^PASSED$/m);
    });
  }
  test('diff: every copy of the msl-cpu run matches the reference (one worker: the compaction order is the blocks\' order)', async () => {
    const r = await cu2metal(['diff', prog], { env: { CU2METAL_THREADS: '1' } });
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /OK: 5 of 5 copies match/);
  });
  test('grid.sync(), cg::sync(grid) and this_grid().sync() at a kernel\'s top level split it (grid-sync.test.ts); a grid_group parameter\'s sync, one in a branch and (then) the kernel\'s others: C2M1002 at each', async () => {
    const dir = tmp();
    const cu = path.join(dir, 'gridsync.cu');
    fs.writeFileSync(cu, [
      '#include <cooperative_groups.h>',
      'namespace cg = cooperative_groups;',
      '__device__ void phase(cg::grid_group g, float* p) { p[g.thread_rank()] += 1.0f; g.sync(); }',
      '__global__ void k(float* p) {',
      '  auto grid = cg::this_grid();',
      '  p[grid.thread_rank()] = 0;',
      '  grid.sync();',
      '  cg::sync(grid);',
      '  cg::this_grid().sync();',
      '  p[1] = p[2] > 0 ? (phase(grid, p), 1.0f) : 0.0f;',
      '  switch ((int)p[0]) { case 1: grid.sync(); break; default: break; }',
      '}',
      '',
    ].join('\n'));
    const r = await cu2metal(['check', cu]);
    assert.equal(r.code, 3, show(r));
    assert.match(r.stderr, /gridsync\.cu:3:81: error: grid-wide synchronisation \(grid_group::sync\) is not translated here: .*not in a __device__ function/);
    assert.match(r.stderr, /gridsync\.cu:11:32: error: grid-wide synchronisation \(grid_group::sync\) is not translated here: .*not inside a switch/);
    for (const at of ['7:3', '8:3', '9:3']) assert.match(r.stderr, new RegExp(`gridsync\\.cu:${at}: error: grid-wide synchronisation .*this kernel is not split because another of its grid syncs is inside a loop or a branch`));
    assert.equal((r.stderr.match(/error: grid-wide/g) ?? []).length, 5, r.stderr);
  });
});

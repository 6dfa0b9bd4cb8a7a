// The msl-cpu backend compiles MSL as strictly as Apple's compiler on the points that matter:
// MSL that Metal rejects must fail here too, and valid MSL must compile.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { BuildError, buildModule } from '../../src/build/build';
import type { Translation } from '../../src/translate/index';

function translationOf(msl: string): Translation {
  return { msl, host: '', cudaCpu: '', manifest: { tool: 'cu2metal', version: 'test', source: 'strict.cu', metal: 'strict.metal', kernels: [] }, diagnostics: [], sources: new Map(), ok: true };
}

async function compileMsl(body: string): Promise<{ ok: boolean; output: string }> {
  const msl = `#include <metal_stdlib>\nusing namespace metal;\n${body}\n`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-strict-'));
  try {
    await buildModule('msl-cpu', translationOf(msl), { includeDirs: [], defines: [] }, dir, 'strict');
    return { ok: true, output: '' };
  } catch (e) {
    if (e instanceof BuildError) return { ok: false, output: e.output };
    throw e;
  }
}

describe('msl-cpu rejects what Metal rejects', () => {
  test('a threadgroup pointer passed to a thread pointer parameter', async () => {
    const r = await compileMsl(`
void helper(thread float* p) { p[0] = 1.0f; }
kernel void k(device float* out [[buffer(0)]], uint3 tid [[thread_position_in_threadgroup]]) {
  threadgroup float tile[32];
  helper(tile);
  out[tid.x] = tile[0];
}`);
    assert.equal(r.ok, false);
    assert.match(r.output, /no matching function for call to 'helper'/);
  });
  test('a threadgroup variable declared outside a kernel', async () => {
    const r = await compileMsl(`
threadgroup float shared_at_file_scope[32];
kernel void k(device float* out [[buffer(0)]]) { out[0] = 1.0f; }`);
    assert.equal(r.ok, false);
    assert.match(r.output, /strict\.metal:4:1: error: .*program scope variable must reside in constant address space/);
  });
  test('double', async () => {
    const r = await compileMsl(`kernel void k(device float* out [[buffer(0)]]) { double d = 1.0; out[0] = float(d); }`);
    assert.equal(r.ok, false);
    assert.match(r.output, /poison/);
  });
  test('a device pointer assigned to a threadgroup pointer', async () => {
    const r = await compileMsl(`
kernel void k(device float* out [[buffer(0)]]) {
  threadgroup float tile[4];
  threadgroup float* p = tile;
  p = out;
  p[0] = 1.0f;
}`);
    assert.equal(r.ok, false);
    assert.match(r.output, /error:/);
  });
});

describe('msl-cpu accepts valid MSL', () => {
  test('the same helper called with the right spaces, overloaded per space', async () => {
    const r = await compileMsl(`
float first(const thread float* p) { return p[0]; }
float first(const threadgroup float* p) { return p[0]; }
float first(const device float* p) { return p[0]; }
kernel void k(device float* out [[buffer(0)]], threadgroup float* dyn [[threadgroup(0)]], uint3 tid [[thread_position_in_threadgroup]]) {
  threadgroup float tile[32];
  float local[2] = {1.0f, 2.0f};
  tile[tid.x] = out[tid.x];
  threadgroup_barrier(mem_flags::mem_threadgroup);
  float4 v = float4(1.0f, 2.0f, first(local), first(tile));
  out[tid.x] = v.x + v.w + first(out) + first(dyn);
}`);
    assert.equal(r.ok, true, r.output);
  });
});

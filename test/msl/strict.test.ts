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

async function compileMsl(body: string, prelude = ''): Promise<{ ok: boolean; output: string }> {
  const msl = `${prelude}#include <metal_stdlib>\nusing namespace metal;\n${body}\n`;
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

const K = 'kernel void k(device float* out [[buffer(0)]], device int* io [[buffer(1)]], uint3 tid [[thread_position_in_threadgroup]]) {';

describe('msl-cpu rejects what Metal rejects: overloads, names, macros, versions', () => {
  // Metal declares float math for float and half: an integer argument converts to both equally.
  for (const [what, call, fn] of [
    ['an int argument to sqrt', 'out[0] = sqrt(io[0]);', 'sqrt'],
    ['an int argument to pow', 'out[0] = pow(io[0], 2);', 'pow'],
    ['an int and a float to min', 'out[0] = min(io[0], out[1]);', 'min'],
    ['int bounds to a float clamp', 'out[0] = clamp(out[1], 0, 1);', 'clamp'],
    ['an int argument to isnan', 'out[0] = isnan(io[0]) ? 1.0f : 0.0f;', 'isnan'],
    ['an int argument to isinf', 'out[0] = isinf(io[0]) ? 1.0f : 0.0f;', 'isinf'],
    ['an int argument to ldexp', 'out[0] = ldexp(io[0], 2);', 'ldexp'],
  ] as const) {
    test(`${what} is ambiguous`, async () => {
      const r = await compileMsl(`${K}\n  ${call}\n}`);
      assert.equal(r.ok, false);
      assert.match(r.output, new RegExp(`strict\\.msl-cpu\\.cpp:4:\\d+: error: call to '${fn}' is ambiguous`));
    });
  }
  for (const [what, decl, use, msg] of [
    ['a program function max3', 'float max3(float a, float b, float c) { return a; }', 'out[0] = max3(out[0], out[1], out[2]);', "call to 'max3' is ambiguous"],
    ['a program function median3 on ints', 'int median3(int a, int b, int c) { return b; }', 'io[0] = median3(io[0], io[1], io[2]);', "call to 'median3' is ambiguous"],
    ['a program function fmax3', 'float fmax3(float a, float b, float c) { return a; }', 'out[0] = fmax3(out[0], out[1], out[2]);', "call to 'fmax3' is ambiguous"],
    ['a program function hadd', 'int hadd(int a, int b) { return a + b; }', 'io[0] = hadd(io[0], io[1]);', "call to 'hadd' is ambiguous"],
    ['a program function rhadd', 'uint rhadd(uint a, uint b) { return a + b; }', 'io[0] = int(rhadd(uint(io[0]), 1u));', "call to 'rhadd' is ambiguous"],
    ['a program function mad24', 'int mad24(int a, int b, int c) { return a * b + c; }', 'io[0] = mad24(io[0], io[1], 1);', "call to 'mad24' is ambiguous"],
    ['a program function madhi', 'int madhi(int a, int b, int c) { return c; }', 'io[0] = madhi(io[0], io[1], 1);', "call to 'madhi' is ambiguous"],
    ['a program type float3x3', 'struct float3x3 { float m[9]; };', 'float3x3 m; m.m[0] = 1.0f; out[0] = m.m[0];', "reference to 'float3x3' is ambiguous"],
    ['a program type half2x2', 'struct half2x2 { float m[4]; };', 'half2x2 m; m.m[0] = 1.0f; out[0] = m.m[0];', "reference to 'half2x2' is ambiguous"],
    ['a program type matrix', 'struct matrix { float m[4]; };', 'matrix m; m.m[0] = 1.0f; out[0] = m.m[0];', "reference to 'matrix' is ambiguous"],
    ['a program type array', 'struct array { float m[4]; };', 'array m; m.m[0] = 1.0f; out[0] = m.m[0];', "reference to 'array' is ambiguous"],
  ] as const) {
    test(`${what} collides with metal::`, async () => {
      const r = await compileMsl(`${decl}\n${K}\n  ${use}\n}`);
      assert.equal(r.ok, false);
      assert.match(r.output, new RegExp(`error: ${msg}`));
    });
  }
  test('qualified calls of the program function compile (what the translator writes)', async () => {
    const r = await compileMsl(`float max3(float a, float b, float c) { return a; }\nint hadd(int a, int b) { return a + b; }\n${K}\n  out[0] = ::max3(out[0], out[1], out[2]) + float(::hadd(io[0], 1));\n}`);
    assert.equal(r.ok, true, r.output);
  });
  test('NULL is not defined (Metal: nullptr)', async () => {
    const r = await compileMsl(`${K}\n  device float* p = NULL;\n  out[0] = p ? 1.0f : 0.0f;\n}`);
    assert.equal(r.ok, false);
    assert.match(r.output, /strict\.msl-cpu\.cpp:4:\d+: error: use of undeclared identifier 'NULL'/);
  });
  for (const macro of ['INT32_MAX', 'UINT32_MAX', 'SIZE_MAX', 'INT64_MIN']) {
    test(`the <stdint.h> macro ${macro} is not defined`, async () => {
      const r = await compileMsl(`${K}\n  io[0] = int(${macro} & 1);\n}`);
      assert.equal(r.ok, false);
      assert.match(r.output, new RegExp(`error: use of undeclared identifier '${macro}'`));
    });
  }
  test('a variable-length array is an error', async () => {
    const r = await compileMsl(`${K}\n  int n = io[0];\n  float a[n];\n  a[0] = 1.0f;\n  out[0] = a[0];\n}`);
    assert.equal(r.ok, false);
    assert.match(r.output, /strict\.msl-cpu\.cpp:5:\d+: error: (variable length arrays|array size is not a constant expression)/);
  });
  test('nextafter needs MSL 3.1: undeclared at the default __METAL_VERSION__ 300, available at 310', async () => {
    const body = `${K}\n  out[0] = nextafter(out[0], 1.0f);\n}`;
    const v300 = await compileMsl(body);
    assert.equal(v300.ok, false);
    assert.match(v300.output, /error: use of undeclared identifier 'nextafter'/);
    const v310 = await compileMsl(body, '#define __METAL_VERSION__ 310\n');
    assert.equal(v310.ok, true, v310.output);
  });
  test('CU2METAL_MSL_VERSION=3.1 selects MSL 3.1 for the msl-cpu build', async () => {
    const body = `${K}\n  out[0] = nextafter(out[0], 1.0f);\n}`;
    process.env['CU2METAL_MSL_VERSION'] = '3.1';
    try {
      const r = await compileMsl(body);
      assert.equal(r.ok, true, r.output);
    } finally {
      delete process.env['CU2METAL_MSL_VERSION'];
    }
  });
  test('__METAL_VERSION__ is 300 unless set', async () => {
    const r = await compileMsl(`static_assert(__METAL_VERSION__ == 300, "default version");\n${K}\n  out[0] = 1.0f;\n}`);
    assert.equal(r.ok, true, r.output);
  });
});

describe('msl-cpu accepts valid MSL', () => {
  test('float math, integer functions, max3/median3 and matrices of the library, as Metal has them', async () => {
    const r = await compileMsl(`${K}
  float x = out[tid.x];
  int n = io[0];
  uint u = uint(n);
  out[0] = sqrt(x) + max3(x, 1.0f, 2.0f) + min(x, 2.0f) + clamp(x, 0.0f, 1.0f) + fmax(x, 2) + pow(x, 2) + abs(x) + ldexp(x, n) + float(isnan(x));
  io[1] = max3(n, 1, 2) + median3(n, 2, 3) + hadd(n, 4) + int(madhi(u, u, 1u)) + madsat(n, n, n) + int(popcount(u)) + abs(n) + min(n, 3) + clamp(n, 0, 9);
  float4 v = float4(x);
  int2 iv = int2(n);
  out[1] = max3(v, v, v).x + sqrt(v).y + float(hadd(iv, iv).x + min3(iv, iv, iv).y);
  out[2] = float(INT_MAX & 1);
}`);
    assert.equal(r.ok, true, r.output);
  });
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

// Local headers: device headers are inlined with #line, host headers contribute only their
// macros, and diagnostics point into the header that holds the problem.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { preprocess } from '../../src/parse/preprocess';
import { translateSource } from '../../src/translate/index';

function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-inc-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

test('a device header is inlined once; lines map back to each file', () => {
  const dir = project({
    'dev.cuh': '#pragma once\n__device__ int twice(int v) { return 2 * v; }\n',
    'main.cu': '#include "dev.cuh"\n#include "dev.cuh"\n__global__ void k(int* p) { p[0] = twice(p[0]); }\n',
  });
  const main = path.join(dir, 'main.cu');
  const e = preprocess(main, fs.readFileSync(main, 'utf8'));
  assert.equal((e.text.match(/__device__ int twice/g) ?? []).length, 1);
  const twiceLine = e.text.split('\n').findIndex((l) => l.includes('__device__ int twice')) + 1;
  assert.deepEqual(e.map.map(twiceLine), { file: path.join(dir, 'dev.cuh'), line: 2 });
  const kernelLine = e.text.split('\n').findIndex((l) => l.startsWith('__global__')) + 1;
  assert.deepEqual(e.map.map(kernelLine), { file: main, line: 3 });
});

test('a diagnostic inside an inlined header names the header and its line', () => {
  const dir = project({
    'inc/bad.cuh': '// helper\n\n__device__ void shout(int v) { __prof_trigger(v); }\n',
    'main.cu': '#include "bad.cuh"\n__global__ void k(int* p) { shout(p[0]); }\n',
  });
  const main = path.join(dir, 'main.cu');
  const t = translateSource(main, fs.readFileSync(main, 'utf8'), { includeDirs: [path.join(dir, 'inc')] });
  assert.equal(t.ok, false);
  const d = t.diagnostics.find((x) => x.code === 'C2M1002');
  assert.ok(d);
  assert.equal(d.file, path.join(dir, 'inc', 'bad.cuh'));
  assert.equal(d.start.line, 3);
  assert.equal(d.start.column, 32);
  assert.ok(t.sources.has(d.file), 'the header text is available for the caret excerpt');
});

test('a host header stays an #include; only its preprocessor lines reach the MSL', () => {
  const dir = project({
    'host.h': '#ifndef HOST_H\n#define HOST_H\n#include <vector>\n#define BLOCK \\\n  128\nstd::vector<int> makeData();\n#endif\n',
    'main.cu': '#include "host.h"\n__global__ void k(int* p) { p[threadIdx.x] = BLOCK; }\n',
  });
  const main = path.join(dir, 'main.cu');
  const t = translateSource(main, fs.readFileSync(main, 'utf8'));
  assert.equal(t.ok, true, JSON.stringify(t.diagnostics));
  assert.match(t.host, /#include "host.h"/);
  assert.match(t.msl, /#define BLOCK \\\n {2}128/);
  assert.doesNotMatch(t.msl, /#ifndef HOST_H/, 'the include guard was evaluated');
  assert.doesNotMatch(t.msl, /std::vector/);
});

test('a host header tree-sitter cannot parse is a warning and hides nothing after it', () => {
  const dir = project({
    'odd.h': '#ifndef ODD_H\n#define ODD_H\n#define ODD_SCALE 2\nclass Odd { public: Odd() = default; int f() const & noexcept [[deprecated]] (; };\n/**\n  \\code\n  #include "not_a_header.h"\n**/\n#endif\n',
    'main.cu': '#include "odd.h"\n__global__ void k(int* p) { p[threadIdx.x] = ODD_SCALE; }\nint main() { int* d = 0; k<<<1, 1>>>(d); return 0; }\n',
  });
  const main = path.join(dir, 'main.cu');
  const t = translateSource(main, fs.readFileSync(main, 'utf8'));
  assert.equal(t.ok, true, JSON.stringify(t.diagnostics));
  assert.deepEqual(
    t.diagnostics.map((d) => [d.code, path.basename(d.file), d.start.line]),
    [['C2M0003', 'odd.h', 4]],
  );
  assert.match(t.msl, /kernel void k\(/);
  assert.match(t.host, /\(cu2mPushCallConfiguration\(1, 1\), k\(d\)\)/);
  assert.match(t.host, /#include "odd.h"/);
});

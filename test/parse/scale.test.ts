// Scale and depth (issue 7 item 6): deeply nested code gets a C2M0004 diagnostic instead of a stack
// overflow, and very long lines and files of thousands of kernels translate. Not timed here (the
// timings are in `npm run bench`); the inputs are generated.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { renderAll } from '../../src/diagnostics/render';
import { MAX_SYNTAX_DEPTH } from '../../src/parse/parse';
import { translateSource } from '../../src/translate/index';

const root = path.resolve(__dirname, '..', '..', '..');
const HOST = '\nint main() { return 0; }\n';

function onlyDepthError(name: string, text: string, line: number): void {
  const t = translateSource(name, text);
  assert.equal(t.ok, false);
  const errors = t.diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(errors.map((d) => d.code), ['C2M0004'], errors.map((d) => d.message).join('\n'));
  assert.equal(errors[0]!.start.line, line);
  assert.ok(errors[0]!.start.column > 1);
  assert.match(errors[0]!.message, /nested more than 1000 levels/);
  // The rendered caret line of a huge line is a window, not the whole line.
  const shown = renderAll(errors, { sources: t.sources, color: false });
  assert.ok(shown.length < 1000, `rendered diagnostic is ${shown.length} characters`);
  assert.match(shown, new RegExp(`^${name}:${line}:\\d+: error: `));
}

describe('deep nesting is a diagnostic (C2M0004), not a stack overflow', () => {
  const n = 5000;
  test('5,000 nested parentheses in a kernel', () => {
    onlyDepthError('paren.cu', `__global__ void k(int *a) {\n  a[0] = ${'('.repeat(n)}1${')'.repeat(n)};\n}\n${HOST}`, 2);
  });
  test('5,000 nested braces in a kernel', () => {
    onlyDepthError('brace.cu', `__global__ void k(int *a) {\n${'{'.repeat(n)} a[0] = 1; ${'}'.repeat(n)}\n}\n${HOST}`, 2);
  });
  test('5,000 nested parentheses in host code', () => {
    onlyDepthError('hostparen.cu', `__global__ void k(int *a) { a[0] = 1; }\nint main() {\n  int x = ${'('.repeat(n)}1${')'.repeat(n)};\n  return x;\n}\n`, 3);
  });
  test('a chain of 5,000 binary operators', () => {
    onlyDepthError('chain.cu', `__global__ void k(int *a) {\n  a[0] = ${Array.from({ length: n }, (_, i) => `a[${i % 7}]`).join(' + ')};\n}\n${HOST}`, 2);
  });
  test('nesting below the limit still translates (300 parentheses, 300 braces, 400 else-ifs)', () => {
    assert.ok(MAX_SYNTAX_DEPTH >= 1000);
    const ifs = Array.from({ length: 400 }, (_, i) => `if (a[${i}] > 0) a[0] = ${i}; else `).join('');
    const t = translateSource('ok.cu', `__global__ void k(int *a) {\n  a[1] = ${'('.repeat(300)}a[2]${')'.repeat(300)};\n  ${'{'.repeat(300)} a[3] = 4; ${'}'.repeat(300)}\n  ${ifs} a[0] = -1;\n}\n${HOST}`);
    assert.equal(t.ok, true, t.diagnostics.map((d) => d.message).join('\n'));
    assert.match(t.msl, /a\[3\] = 4;/);
    assert.match(t.msl, /a\[0\] = 399;/);
  });
  test('the CLI reports it with exit 3 and file:line:col, never an internal error', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-depth-'));
    const file = path.join(dir, 'deep.cu');
    fs.writeFileSync(file, `__global__ void k(int *a) {\n  a[0] = ${'('.repeat(n)}1${')'.repeat(n)};\n}\n${HOST}`);
    const r = spawnSync(process.execPath, [path.join(root, 'bin', 'cu2metal.js'), 'check', file], { encoding: 'utf8' });
    fs.rmSync(dir, { recursive: true, force: true });
    assert.equal(r.status, 3, r.stderr);
    assert.match(r.stdout + r.stderr, /deep\.cu:2:\d+: error: code nested more than 1000 levels deep \[C2M0004\]/);
    assert.doesNotMatch(r.stdout + r.stderr, /internal error|Maximum call stack/);
  });
});

describe('size: long lines and many kernels translate', () => {
  test('a 1 MB line (a constant table initializer) translates', () => {
    const values = Array.from({ length: 200_000 }, (_, i) => String((i * 7919) % 1000));
    const line = `__constant__ int table[${values.length}] = {${values.join(', ')}};`;
    assert.ok(line.length > 900_000);
    const t = translateSource('long.cu', `${line}\n__global__ void k(int *a) { a[0] = table[199999]; }\n${HOST}`);
    assert.equal(t.ok, true, t.diagnostics.map((d) => d.message).join('\n'));
    // __constant__ data is a buffer of the kernel: the table stays in the host program.
    assert.ok(t.host.includes(`${values.slice(-3).join(', ')}}`), 'the last values of the table reach the host program');
    assert.match(t.msl, /constant int\* table \[\[buffer\(1\)\]\]/);
    assert.deepEqual(t.manifest.kernels.map((k) => k.name), ['k']);
  });
  test('a 1 MB line of a kernel: a local table and a long call', () => {
    const values = Array.from({ length: 150_000 }, (_, i) => `${i % 997}.0f`);
    const args = Array.from({ length: 500 }, (_, i) => `a[${i % 7}]`).join(' * ');
    const t = translateSource('longk.cu', `__global__ void k(float *a) { const float t[${values.length}] = {${values.join(', ')}}; a[0] = t[3] + fmaxf(a[1], ${args}); }\n${HOST}`);
    assert.equal(t.ok, true, t.diagnostics.map((d) => d.message).join('\n'));
    assert.match(t.msl, /metal::fmax\(|fmax\(/);
  });
  test('8,000 small kernels in one file', () => {
    const count = 8000;
    let text = '';
    for (let i = 0; i < count; i++) text += `__global__ void k${i}(float *a, int n) { int i = blockIdx.x * blockDim.x + threadIdx.x; if (i < n) a[i] = a[i] * 2.0f + ${i}; }\n`;
    text += `int main() { float *d = 0; k${count - 1}<<<1, 32>>>(d, 32); return 0; }\n`;
    const t = translateSource('many.cu', text);
    assert.equal(t.ok, true, t.diagnostics.map((d) => d.message).join('\n'));
    assert.equal(t.manifest.kernels.length, count);
    assert.equal(new Set(t.manifest.kernels.map((k) => k.name)).size, count);
    assert.match(t.msl, new RegExp(`kernel void k${count - 1}\\(`));
  });
});

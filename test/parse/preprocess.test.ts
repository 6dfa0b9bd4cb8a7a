// The translator's preprocessor (src/parse/preprocess.ts): #if expressions, macro expansion
// (#, ##, __VA_ARGS__, recursion), -D/-U, includes and the mapping back to the user's lines.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { Preprocessor, preprocess, tokenize, untokenize } from '../../src/parse/preprocess';
import { translateSource } from '../../src/translate/index';

function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-pp-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** The lines of the preprocessed text that are not empty. */
const kept = (text: string, opts = {}): string[] =>
  preprocess('t.cu', text, opts)
    .text.split('\n')
    .filter((l) => l.trim() !== '');

/** Which of `#if EXPR` / `#else` is taken. */
const taken = (expr: string, opts = {}, prelude = ''): boolean => kept(`${prelude}\n#if ${expr}\nyes\n#else\nno\n#endif\n`, opts).includes('yes');

describe('#if expressions', () => {
  test('integer operators with C precedence and 64-bit arithmetic', () => {
    assert.equal(taken('1 + 2 * 3 == 7'), true);
    assert.equal(taken('(1 << 40) == 1099511627776'), true);
    assert.equal(taken('-1 < 0'), true);
    assert.equal(taken('-1 < 0u'), false, 'unsigned comparison converts -1');
    assert.equal(taken('0xFFFFFFFFFFFFFFFF == -1'), true);
    assert.equal(taken('7 / 2 == 3 && 7 % 2 == 1 && (6 & 3) == 2 && (6 | 1) == 7 && (6 ^ 3) == 5 && ~0 == -1'), true);
    assert.equal(taken('1 ? 2 : 0'), true);
    assert.equal(taken('0 || !1'), false);
    assert.equal(taken("'A' == 65 && '\\n' == 10"), true);
    assert.equal(taken('100000L > 99999UL && 010 == 8 && 0b101 == 5'), true);
  });
  test('defined, undefined names as 0, macros expanded in the condition', () => {
    assert.equal(taken('defined(FOO) && FOO > 2', {}, '#define FOO 3'), true);
    assert.equal(taken('defined BAR || UNKNOWN'), false);
    assert.equal(taken('TWICE(4) == 8', {}, '#define TWICE(x) ((x) * 2)'), true);
  });
  test('C++ alternative tokens are the operators (diamond: #if not defined(_OPENMP))', () => {
    assert.equal(taken('not defined(_OPENMP)'), true);
    assert.equal(taken('defined(A) and not defined(B)', {}, '#define A 1'), true);
    assert.equal(taken('defined(B) or (2 bitand 1)'), false);
    assert.equal(taken('(compl 0) not_eq 0 and (1 xor 3) == 2 and (4 bitor 1) == 5'), true);
  });
  test('-D and -U', () => {
    assert.equal(taken('SCALE == 3', { defines: ['SCALE=3'] }), true);
    assert.equal(taken('defined(FAST) && FAST == 1', { defines: ['FAST'] }), true);
    assert.equal(taken('defined(__CUDACC__)', { undefines: ['__CUDACC__'] }), false);
    assert.equal(taken('__CUDACC_VER_MAJOR__ >= 11 && defined(__NVCC__) && __cplusplus >= 201103L'), true);
  });
  test('a bad expression is a diagnostic, not an exception', () => {
    const r = preprocess('t.cu', '#if 1 +\n#endif\n#if 1 / 0\n#endif\n#if 1\n');
    assert.deepEqual(
      r.diagnostics.map((d) => [d.start.line, d.code]),
      [
        [1, 'C2M0001'],
        [3, 'C2M0001'],
        [5, 'C2M0001'],
      ],
    );
  });
});

describe('conditionals in the text', () => {
  test('inactive branches and evaluated directives become empty lines; line numbers hold', () => {
    const src = '#ifdef NOPE\n#include <nonexistent.h>\ndouble x;\n#elif 1\nfloat y;\n#else\nint z;\n#endif\nint w;\n';
    const r = preprocess('t.cu', src);
    assert.deepEqual(r.text.split('\n'), ['', '', '', '', 'float y;', '', '', '', 'int w;', '']);
    assert.deepEqual(r.diagnostics, []);
  });
  test('__CUDA_ARCH__ conditionals stay; the device branch is preprocessed, the host branch copied', () => {
    // (The host branch is parsed too: a see-through macro defined for both passes is expanded there.)
    const src = '#define real float\n#ifdef __CUDA_ARCH__\nreal a;\n#else\nreal b;\n#if 0\nkept\n#endif\n#endif\n';
    const lines = kept(src);
    assert.deepEqual(lines, ['#define real float', '#ifdef __CUDA_ARCH__', 'float a;', '#else', 'float b;', '#if 0', 'kept', '#endif', '#endif']);
  });
  test('#if __CUDA_ARCH__ >= N takes the branch of the MSL value (800)', () => {
    const lines = kept('#if __CUDA_ARCH__ >= 900\nnew\n#elif __CUDA_ARCH__ >= 700\nmid\n#else\nold\n#endif\n');
    assert.equal(lines.length, 7, 'all lines kept for the host compiler');
  });
  test('include guards and #pragma once: a header once', () => {
    const dir = project({
      'g.h': '#ifndef G_H\n#define G_H\n__device__ int g() { return 1; }\n#endif\n',
      'o.h': '#pragma once\n__device__ int o() { return 2; }\n',
      'main.cu': '#include "g.h"\n#include "o.h"\n#include "g.h"\n#include "o.h"\n',
    });
    const main = path.join(dir, 'main.cu');
    const r = preprocess(main, fs.readFileSync(main, 'utf8'));
    assert.equal(r.text.match(/int g\(\)/g)?.length, 1);
    assert.equal(r.text.match(/int o\(\)/g)?.length, 1);
  });
});

describe('macro expansion', () => {
  const expandAll = (defs: string, use: string): string => {
    const p = new Preprocessor();
    preprocessInto(p, defs);
    return untokenize(p.expand(tokenize(use), () => true));
  };
  const preprocessInto = (p: Preprocessor, defs: string): void => {
    p.run('defs.h', defs);
  };
  test('# and ##', () => {
    assert.equal(expandAll('#define STR(x) #x\n', 'STR(a + "b\\n")'), '"a + \\"b\\\\n\\""');
    assert.equal(expandAll('#define CAT(a, b) a ## b\n', 'CAT(x, 1) CAT(, y)'), 'x1 y');
    assert.equal(expandAll('#define XSTR(x) STR(x)\n#define STR(x) #x\n#define N 4\n', 'XSTR(N) STR(N)'), '"4" "N"');
  });
  test('__VA_ARGS__ and GNU comma elision', () => {
    assert.equal(expandAll('#define P(fmt, ...) printf(fmt, __VA_ARGS__)\n', 'P("%d %d", 1, 2)'), 'printf("%d %d", 1, 2)');
    assert.equal(expandAll('#define Q(fmt, ...) printf(fmt, ## __VA_ARGS__)\n', 'Q("x")'), 'printf("x")');
  });
  test('no infinite recursion: a macro does not expand inside itself', () => {
    assert.equal(expandAll('#define foo foo + 1\n', 'foo'), 'foo + 1');
    assert.equal(expandAll('#define a b\n#define b a\n', 'a b'), 'a b');
    assert.equal(expandAll('#define f(x) x + f(x)\n', 'f(1)'), '1 + f(1)');
  });
  test('in the text only macros the translator must see through are expanded', () => {
    const src = [
      '#define real float',
      '#define N 256',
      '#define IDX(i) ((i) * N)',
      '#define CHECK(x) { if ((x) != 0) return 1; }',
      'real v[N]; int f(int* p) { CHECK(p[IDX(1)])',
      '  return UINT32_C(7); }',
      '',
    ].join('\n');
    const r = preprocess('t.cu', src);
    const lines = r.text.split('\n');
    assert.equal(lines[4], 'float v[N]; int f(int* p) { { if ((p[IDX(1)]) != 0) return 1; }');
    assert.equal(lines[5], '  return 7U; }');
    assert.deepEqual([...r.seenThrough].sort(), ['CHECK', 'real']);
  });
  test('a use spanning lines: the expansion on its first line, the rest empty', () => {
    const r = preprocess('t.cu', '#define CALL(a, b) { go(a, b); }\nCALL(1,\n     2)\nnext;\n');
    assert.deepEqual(r.text.split('\n'), ['#define CALL(a, b) { go(a, b); }', '{ go(1, 2); }', '', 'next;', '']);
  });
  test('macros whose bodies use a see-through macro are expanded too', () => {
    const r = preprocess('t.cu', '#define SIZE (4 * sizeof(real))\n#define real double\nint n = SIZE;\n');
    assert.equal(r.text.split('\n')[2], 'int n = (4 * sizeof(double));');
  });
  test('an object-like macro naming a see-through function-like one takes the arguments after its use (md5hash: #define STEP STEP_TEMP)', () => {
    const src = ['#define MIX(x, y) (x ^ y)', '#define STEP_TEMP(v, f) { v = f(v, 3); }', '#define STEP STEP_TEMP', 'void g(int a) { STEP(a, MIX); STEP', '  (a,', '   MIX); }', ''].join('\n');
    const lines = preprocess('t.cu', src).text.split('\n');
    assert.equal(lines[3], 'void g(int a) { { a = MIX(a, 3); }; { a = MIX(a, 3); }');
    assert.deepEqual(lines.slice(4, 6), ['', '; }']);
  });
});

describe('includes and line mapping', () => {
  test('quoted: the includer\'s folder, then -I; angled: -I only; absolute paths; system headers left alone', () => {
    const dir = project({
      'inc/helper.h': '#pragma once\n__device__ float helper(float v) { return v; }\n',
      'sub/local.h': '#include "../inc/helper.h"\n__device__ int local() { return 1; }\n',
      'abs.h': '__device__ int absolute() { return 3; }\n',
      'main.cu': '',
    });
    const main = path.join(dir, 'main.cu');
    const src = `#include <cuda_runtime.h>\n#include "cuda_runtime.h"\n#include <helper.h>\n#include "sub/local.h"\n#include "${path.join(dir, 'abs.h')}"\nint end;\n`;
    const r = preprocess(main, src, { includeDirs: [path.join(dir, 'inc')] });
    assert.deepEqual(r.diagnostics, []);
    const lines = r.text.split('\n');
    assert.equal(lines[0], '#include <cuda_runtime.h>');
    assert.equal(lines[1], '#include <cuda_runtime.h>', 'a quoted system header is left to the host compiler');
    assert.equal(r.text.match(/float helper/g)?.length, 1, 'found through -I with <>, once');
    assert.match(r.text, /int local\(\)/);
    assert.match(r.text, /int absolute\(\)/);
    const at = (needle: string): { file: string; line: number } => r.map.map(lines.findIndex((l) => l.includes(needle)) + 1);
    assert.deepEqual(at('int local()'), { file: path.join(dir, 'sub', 'local.h'), line: 2 });
    assert.deepEqual(at('float helper'), { file: path.join(dir, 'inc', 'helper.h'), line: 2 });
    assert.deepEqual(at('int end;'), { file: main, line: 6 });
  });
  test('a header that defines a macro: the lines after the #include see it', () => {
    const dir = project({ 'cfg.h': '#define USE_FAST 1\n', 'main.cu': '' });
    const main = path.join(dir, 'main.cu');
    const r = preprocess(main, '#include "cfg.h"\n#if USE_FAST\nfast\n#endif\n');
    assert.match(r.text, /\nfast\n/);
  });
  test('a file included inside an initialiser (extend2\'s file list): spliced without #line lines, still mapped', () => {
    const dir = project({ 'list.txt': '"a.bin",\n"b.bin",\n', 'body.h': 'int fromHeader = 1;\n', 'main.cu': '' });
    const main = path.join(dir, 'main.cu');
    const src = [
      '#include "body.h"',
      '__global__ void k(int* p) { p[threadIdx.x] = 1; }',
      'int main() {',
      '  const char* files[] = {',
      '#include "list.txt"',
      '  };',
      '  return files[1][0] + fromHeader;',
      '}',
      '',
    ].join('\n');
    const r = preprocess(main, src);
    assert.deepEqual(r.diagnostics, []);
    const lines = r.text.split('\n');
    assert.equal(lines.filter((l) => l.startsWith('#line')).length, 2, 'a header at file scope keeps its #line pair');
    const b = lines.findIndex((l) => l === '"b.bin",');
    assert.ok(b > 0 && !lines[b - 2]!.startsWith('#line'), r.text);
    assert.deepEqual(r.map.map(b + 1), { file: path.join(dir, 'list.txt'), line: 2 });
    assert.deepEqual(r.map.map(lines.findIndex((l) => l.includes('return files')) + 1), { file: main, line: 7 });
    const t = translateSource(main, src);
    assert.deepEqual(t.diagnostics.filter((d) => d.severity === 'error'), []);
    assert.match(t.host, /const char\* files\[\] = \{\n#include "list\.txt"\n {2}\};/, 'the host program includes it as written');
  });
});

describe('parse cases of real programs', () => {
  test('__align__ on a __shared__ array after its type, CUDART_CB, #pragma unroll between for and body', () => {
    const src = [
      'struct __align__(8) P { int a; float b; };',
      '__global__ void k(float* out) {',
      '  __shared__ unsigned char __align__(8) buf[64];',
      '  buf[threadIdx.x] = 1;',
      '  for (int i = 0; i < 2; i++)',
      '#pragma unroll',
      '    for (int j = 0; j < 2; j++) out[i * 2 + j] = buf[j];',
      '}',
      'void CUDART_CB done(void* p) { }',
      '',
    ].join('\n');
    const t = translateSource('k.cu', src);
    assert.deepEqual(t.diagnostics, []);
    assert.match(t.msl, /threadgroup unsigned char __attribute__\(\(aligned\(8\)\)\) buf\[64\];/);
    assert.match(t.msl, /for \(int i = 0; i < 2; i\+\+\) \{\n#pragma unroll\n {4}for \(int j = 0; j < 2; j\+\+\) out\[i \* 2 \+ j\] = buf\[j\]; \}/);
  });
  test('diagnostics after an expansion on the same line point at the user\'s columns', () => {
    const src = '#define real double\n__global__ void k(float* p) { p[0] = (real)1 + (real)2; }\n';
    const t = translateSource('k.cu', src, { double: 'error' });
    const cols = t.diagnostics.filter((d) => d.code === 'C2M1003').map((d) => [d.start.line, d.start.column]);
    assert.deepEqual(cols, [
      [2, 39],
      [2, 49],
    ]);
  });
});

describe('unterminated block comments', () => {
  test('a /* with no */ before the end of the file is C2M0001 at the opening, not MSL that swallows the rest', () => {
    for (const [src, line, column] of [
      ['__global__ void k(float* f) {\n  f[0] = 1.0f /* + 2.0f;\n}\n', 2, 15],
      ['__global__ void k(float* f) { f[0] = 1.0f; } /* a */ /* b\n', 1, 54],
      ['#define X 1 /* open\n__global__ void k(float* f) { f[0] = X; }\n', 1, 13],
    ] as const) {
      const t = translateSource('a.cu', src);
      assert.equal(t.ok, false, src);
      const d = t.diagnostics.find((x) => /unterminated \/\* comment/.test(x.message));
      assert.ok(d, JSON.stringify(t.diagnostics));
      assert.deepEqual([d.code, d.start.line, d.start.column], ['C2M0001', line, column]);
    }
  });
  test('comments closed on a later line or several on one line are fine', () => {
    const t = translateSource('a.cu', '__global__ void k(float* f) {\n  f[0] = 1.0f; /* a\n b */ f[1] = 2.0f; /* c */ /* d */\n}\n');
    assert.equal(t.ok, true, JSON.stringify(t.diagnostics));
  });
});

test('a broken statement of a kernel that parses as a nested function is a syntax error, not host code (fuzz seed 777 case 2185)', () => {
  const t = translateSource('a.cu', '__global__ void k(int* out, int n) {\n    unsigned int x = threadIdx.x;\n    unsigned < n) {\n        out[x] = 1;\n    }\n}\n');
  assert.equal(t.ok, false);
  assert.ok(t.diagnostics.some((d) => d.code === 'C2M0001' && d.start.line === 3), JSON.stringify(t.diagnostics));
  assert.ok(!t.diagnostics.some((d) => d.code === 'C2M0003'), JSON.stringify(t.diagnostics));
});

test('a statement macro calling the function of its own name: the expansion calls it as (NAME)(...), which the host compiler does not expand again', () => {
  const r = preprocess('a.cu', [
    'void cublasCheck(int s, const char* f, int l);',
    '#define cublasCheck(status) { cublasCheck((status), __FILE__, __LINE__); }',
    'int main() { cublasCheck(f(1)); return 0; }',
  ].join('\n'));
  assert.deepEqual([...r.seenThrough], ['cublasCheck']);
  assert.equal(r.text.split('\n')[2], 'int main() { { (cublasCheck)((f(1)), __FILE__, __LINE__); }; return 0; }');
});

// Unique local names before the work-item-loop analysis (src/build/uniqueNames.ts): which
// declarations get names of their own, which uses follow them, and what is left as written.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { uniqueNames } from '../../src/build/uniqueNames';

const same = (t: string): string => t;
const rows = (r: number): { line: number; file: string | null } => ({ line: r + 1, file: null });
const run = (text: string, file = text): string | null => uniqueNames(text, rows, same, file)?.text ?? null;

describe('uniqueNames', () => {
  test('a loop variable that shadows a parameter, and a name declared in two loops, get names of their own; uses follow the scopes', () => {
    const src = 'void k(int *a, unsigned stride) {\n  a += stride;\n  for (unsigned stride = 4; stride > 0; stride >>= 1) a[stride] = 1;\n  for (int i = 0; i < 2; ++i) a[i] = stride;\n  for (int i = 0; i < 3; ++i) { int j = i; a[j] = i; }\n}';
    assert.equal(
      run(src),
      'void k(int *a, unsigned stride) {\n  a += stride;\n  for (unsigned cu2m_u1_stride = 4; cu2m_u1_stride > 0; cu2m_u1_stride >>= 1) a[cu2m_u1_stride] = 1;\n  for (int i = 0; i < 2; ++i) a[i] = stride;\n  for (int cu2m_u2_i = 0; cu2m_u2_i < 3; ++cu2m_u2_i) { int j = cu2m_u2_i; a[j] = cu2m_u2_i; }\n}',
    );
  });
  test('blocks: an inner declaration shadows the outer one only inside its block; fields keep their names', () => {
    const src = 'void k(S *p) {\n  int x = 1;\n  { int x = 2; p->x = x; }\n  p->y = x;\n}';
    assert.equal(run(src), 'void k(S *p) {\n  int x = 1;\n  { int cu2m_u1_x = 2; p->x = cu2m_u1_x; }\n  p->y = x;\n}');
  });
  test('a counter declared once and reused by loops that assign it first gets one counter per loop', () => {
    const src = 'void k(float *m, int n) {\n  int i, j;\n  for (i = 0; i < n; i++) { m[i] = 0; for (j = 0; j < i; j++) m[j] += 1; }\n  for (i = 0; i < 2; i++) m[i] = 2;\n}';
    assert.equal(run(src), 'void k(float *m, int n) {\n  int i, j;\n  for (int cu2m_u1_i = 0; cu2m_u1_i < n; cu2m_u1_i++) { m[cu2m_u1_i] = 0; for (int cu2m_u3_j = 0; cu2m_u3_j < cu2m_u1_i; cu2m_u3_j++) m[cu2m_u3_j] += 1; }\n  for (int cu2m_u2_i = 0; cu2m_u2_i < 2; cu2m_u2_i++) m[cu2m_u2_i] = 2;\n}');
  });
  test('left as written: a counter read after its loop or whose address is taken, a name an assert quotes or a macro mentions, a kernel with a lambda', () => {
    assert.equal(run('void k(int *m) {\n  int i;\n  for (i = 0; i < 4; i++) m[i] = 0;\n  m[0] = i;\n}'), null);
    assert.equal(run('void k(int *m) {\n  int i;\n  for (i = 0; i < 4; i++) f(&i);\n}'), null);
    assert.equal(run('void k(int *m) {\n  for (int i = 0; i < 4; i++) m[i] = 0;\n  for (int i = 0; i < 4; i++) assert(m[i] == 0);\n}'), null);
    const src = 'void k(int *m) {\n  for (int i = 0; i < 4; i++) m[i] = 0;\n  for (int i = 0; i < 4; i++) m[i] += 1;\n}';
    assert.equal(run(src, `#define AT(x) m[i + x]\n${src}`), null);
    assert.equal(run('void k(int *m) {\n  for (int i = 0; i < 4; i++) m[i] = 0;\n  auto f = [&](int i) { return i; };\n}'), null);
  });
});

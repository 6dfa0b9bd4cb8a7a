// Reuse of the previous parse (src/parse/reuse.ts): a text that shares runs of lines with the text
// parsed before it starts from that tree, edited, and must come out exactly as a fresh parse, and
// a translation exactly as a fresh translation.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { parseSource } from '../../src/parse/parse';
import { forgetPreviousParse, keepForReuse, treeToReuse } from '../../src/parse/reuse';
import { translateSource } from '../../src/translate/index';

const root = path.resolve(__dirname, '..', '..', '..');

/** Device helpers and a struct, as a shared helper header would have them. */
function helpers(count: number): string {
  const out = ['struct Pair { float a; float b; };', ''];
  for (let i = 0; i < count; i++) {
    out.push(`__device__ inline float helper${i}(float x, const Pair& p) {`, `  // helper number ${i} of the shared header`, `  return x * ${i + 1}.5f + p.a - p.b / (x + ${i}.0f);`, '}', '');
  }
  return out.join('\n');
}

const KERNEL = (name: string, helper: number): string =>
  `__global__ void ${name}(float* out, Pair p, int n) {\n  int i = blockIdx.x * blockDim.x + threadIdx.x;\n  if (i < n) out[i] = helper${helper}(out[i], p);\n}\n`;
const MAIN = (kernel: string): string => `int main() {\n  float* d = nullptr;\n  ${kernel}<<<1, 32>>>(d, Pair{1.0f, 2.0f}, 32);\n  return 0;\n}\n`;

const fresh = (text: string): string => {
  forgetPreviousParse();
  return parseSource('fresh.cu', text).tree.rootNode.toString();
};

/** Parses `before`, then `after` reusing it: the tree must be a fresh parse's, and the reuse must have happened. */
function reusedTreeIsFresh(before: string, after: string): void {
  forgetPreviousParse();
  parseSource('before.cu', before, undefined, true);
  const t = parseSource('after.cu', after, undefined, true).tree;
  assert.equal(t.rootNode.toString(), fresh(after));
  assert.equal(t.rootNode.text, after);
  // And the edited old tree was really used: the same pair again hands it over.
  forgetPreviousParse();
  keepForReuse(before, parseSource('before.cu', before).tree);
  assert.ok(treeToReuse(after), 'the shared lines should make the old tree worth reusing');
}

describe('parsing reuses the previous tree where the texts agree', () => {
  const shared = helpers(40);
  test('the same header before different kernels and host code', () => {
    reusedTreeIsFresh(`${shared}\n${KERNEL('a', 3)}${MAIN('a')}`, `${shared}\n${KERNEL('b', 7)}\n// b's own comment\n${MAIN('b')}`);
  });
  test('the header at another place, after different code, and text changed inside it', () => {
    const edited = shared.replace('helper number 20 of', 'helper twenty (edited) of').replace('helper21(float x', 'helper21(double x');
    reusedTreeIsFresh(`#include <cstdio>\n${shared}\n${KERNEL('a', 3)}${MAIN('a')}`, `// a longer preamble\n#define N 64\nstatic int table[N];\n\n${edited}\n${KERNEL('b', 30)}${MAIN('b')}`);
  });
  test('only the last line differs, with and without a final line break', () => {
    reusedTreeIsFresh(`${shared}\n${KERNEL('a', 3)}int x = 1;`, `${shared}\n${KERNEL('a', 3)}int x = 2;\n`);
    reusedTreeIsFresh(`${shared}\n${KERNEL('a', 3)}int x = 1;\n`, `${shared}\n${KERNEL('a', 3)}int y;`);
  });
  test('an edit that opens a comment over the reused lines, and a syntax error', () => {
    reusedTreeIsFresh(`${shared}\n${KERNEL('a', 3)}`, `/* unterminated\n${shared}\n${KERNEL('a', 3)}`);
    reusedTreeIsFresh(`${shared}\n${KERNEL('a', 3)}`, `${shared.replace('helper10(float x, const Pair& p) {', 'helper10(float x, const Pair& p) { ) ;')}\n${KERNEL('a', 3)}`);
  });
  test('texts that share too little are parsed afresh (no tree handed over)', () => {
    forgetPreviousParse();
    keepForReuse(shared, parseSource('a.cu', shared).tree);
    assert.equal(treeToReuse(`${KERNEL('a', 1)}${MAIN('a')}`), undefined);
    assert.ok(treeToReuse(`${shared}\nint z;\n`), 'still kept after a text that shares nothing');
    assert.equal(treeToReuse(shared), undefined, 'the kept tree is handed over once');
  });
  test('a text reuses the earlier tree it shares most with, not only the last one', () => {
    const other = helpers(30).replace(/helper(\d+)/g, 'other$1').replace(/Pair/g, 'Couple');
    const first = `${shared}\n${KERNEL('a', 3)}${MAIN('a')}`;
    const second = `${other}\nint main() { return 0; }\n`;
    const third = `#define EXTRA 1\n${shared}\n${KERNEL('c', 9)}${MAIN('c')}`;
    forgetPreviousParse();
    const firstTree = parseSource('first.cu', first, undefined, true).tree;
    const secondTree = parseSource('second.cu', second, undefined, true).tree;
    const t = parseSource('third.cu', third, undefined, true).tree;
    assert.equal(t.rootNode.toString(), fresh(third));
    // The first file's tree was the one edited for the third; the second's was left alone.
    assert.equal(firstTree.rootNode.endIndex, third.length);
    assert.equal(secondTree.rootNode.endIndex, second.length);
  });
});

describe('mutated samples (seeded line deletions, copies and stray tokens) parse as a fresh parse would', () => {
  test('three variants of every sample, each after the sample itself', () => {
    let seed = 2; // (this seed makes a variant of matrixMul.cu on which an incremental parse recovers differently)
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const junk = ['{', '}', '/*', '*/', '"', '#if 0', '#endif', 'int x =', ')', '<<<', 'template <typename T>'];
    const files = fs.readdirSync(path.join(root, 'samples')).map((x) => path.join(root, 'samples', x, `${x}.cu`)).filter((f) => fs.existsSync(f));
    let withErrors = 0;
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      for (let v = 0; v < 3; v++) {
        const lines = text.split('\n');
        for (let k = 0; k < 1 + rnd(4); k++) {
          const at = rnd(lines.length);
          const op = rnd(3);
          if (op === 0) lines.splice(at, 1 + rnd(5));
          else if (op === 1) lines.splice(at, 0, ...lines.slice(rnd(lines.length), rnd(lines.length) + 10));
          else lines.splice(at, 0, junk[rnd(junk.length)]!);
        }
        const variant = lines.join('\n');
        const expected = fresh(variant);
        if (expected.includes('ERROR') || expected.includes('MISSING')) withErrors++;
        forgetPreviousParse();
        parseSource(f, text, undefined, true);
        assert.equal(parseSource(f, variant, undefined, true).tree.rootNode.toString(), expected, `${f} variant ${v}`);
      }
    }
    assert.ok(withErrors > 0, 'some variants should have syntax errors');
  });
});

describe('a translation after another is the fresh translation', () => {
  const outputs = (t: ReturnType<typeof translateSource>): unknown => ({ msl: t.msl, host: t.host, cudaCpu: t.cudaCpu, manifest: t.manifest, diagnostics: t.diagnostics });
  test('two files including the same helper header', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-reuse-'));
    try {
      fs.writeFileSync(path.join(dir, 'helpers.h'), `#pragma once\n${helpers(40)}`);
      const a = `#include "helpers.h"\n${KERNEL('a', 3)}${MAIN('a')}`;
      const b = `#include <cstdio>\n#include "helpers.h"\n\n${KERNEL('b', 12)}${MAIN('b')}`;
      forgetPreviousParse();
      const alone = outputs(translateSource(path.join(dir, 'b.cu'), b));
      translateSource(path.join(dir, 'a.cu'), a);
      assert.deepEqual(outputs(translateSource(path.join(dir, 'b.cu'), b)), alone);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
  test('every sample, translated one after another and each afresh', () => {
    const files = fs.readdirSync(path.join(root, 'samples')).map((s) => path.join(root, 'samples', s, `${s}.cu`)).filter((f) => fs.existsSync(f));
    assert.ok(files.length >= 10);
    const texts = files.map((f) => fs.readFileSync(f, 'utf8'));
    const alone = texts.map((t, i) => {
      forgetPreviousParse();
      return outputs(translateSource(files[i]!, t));
    });
    forgetPreviousParse();
    for (const [i, t] of texts.entries()) assert.deepEqual(outputs(translateSource(files[i]!, t)), alone[i], files[i]);
  });
});

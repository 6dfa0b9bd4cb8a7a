// Linear texture filtering recorded on an H100 (test/fixtures/gpu/texlinear.cu → texlinear.h100.txt;
// README there): our probe runs on both CPU backends and its output is compared line by line.
//  * 1D cases (index-coded texels: the result is the texel and 8-bit weight the coordinate chose):
//    every line byte for byte — 21 fractional bits of a normalized coordinate, times N exactly;
//  * 2D cases (texels k/255, sums not exact in float): the exact sum rounded to nearest, ties away
//    from zero, which is what the H100 printed for all but a few lines (at most 0.5% of a case); the
//    others may differ by at most 2 ulps (the hardware's sum is 1 to 2 ulps lower there).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cu2metal, show } from '../helpers/cli';
import { hexFloat } from './gpu-recorded-curand.test';

const dir = path.join('test', 'fixtures', 'gpu');

/** The distance in float ulps of two values that are floats (bit patterns as ordered integers). */
function ulps(a: number, b: number): number {
  const bits = (x: number): number => {
    const i = new Int32Array(new Float32Array([x]).buffer)[0]!;
    return i < 0 ? -2147483648 - i : i;
  };
  return Math.abs(bits(a) - bits(b));
}

/** The next float above a positive float x, as `%a` writes it. */
function nextFloatHex(x: number): string {
  const i = new Int32Array(new Float32Array([x]).buffer)[0]! + 1;
  const y = new Float32Array(new Int32Array([i]).buffer)[0]!;
  const e = Math.floor(Math.log2(y));
  const frac = Math.round((y / 2 ** e - 1) * 2 ** 24);
  return `0x1.${frac.toString(16).padStart(6, '0')}p${e >= 0 ? '+' : ''}${e}`;
}

/** The problems of an output against the recording (an empty list: it matches the rules above). */
export function compareTexLinear(got: string, want: string): string[] {
  const g = got.split('\n'), w = want.split('\n');
  const problems: string[] = [];
  if (g.length !== w.length) problems.push(`${g.length} lines, the GPU printed ${w.length}`);
  const lines = new Map<string, number>(), inexact = new Map<string, number>();
  for (let i = 0; i < Math.min(g.length, w.length); ++i) {
    const wt = w[i]!.split(' '), gt = g[i]!.split(' ');
    const name = wt[0] === '#' ? '#' : wt[0]!;
    lines.set(name, (lines.get(name) ?? 0) + 1);
    if (g[i] === w[i]) continue;
    const is2D = /^[wc]2/.test(name);
    const same = gt.length === 5 && wt.length === 5 && gt.slice(0, 4).join(' ') === wt.slice(0, 4).join(' ');
    const gv = hexFloat(gt[4] ?? ''), wv = hexFloat(wt[4] ?? '');
    if (is2D && same && gv !== null && wv !== null && ulps(gv, wv) <= 2) {
      inexact.set(name, (inexact.get(name) ?? 0) + 1);
      continue;
    }
    if (problems.length < 10) problems.push(`line ${i + 1}: got ${JSON.stringify(g[i])}, the GPU printed ${JSON.stringify(w[i])}`);
  }
  for (const [name, n] of inexact)
    if (n > 0.005 * (lines.get(name) ?? 0)) problems.push(`${name}: ${n} of ${lines.get(name)} values differ from the GPU's (at most 0.5% may)`);
  return problems;
}

describe('linear texture filtering recorded on an H100', () => {
  const want = fs.readFileSync(path.join(dir, 'texlinear.h100.txt'), 'utf8');
  test('the comparison catches a wrong texel, a wrong weight and more than a few inexact sums', () => {
    assert.deepEqual(compareTexLinear(want, want), []);
    const lines = want.split('\n');
    const oneD = lines.findIndex((l) => l.startsWith('c1n61 5 '));
    const wrong = lines.slice();
    wrong[oneD] = wrong[oneD]!.replace(/ \S+$/, ' 0x1p+0');
    assert.equal(compareTexLinear(wrong.join('\n'), want).length, 1);
    const twoD = lines.map((l, i) => (l.startsWith('w2n ') ? i : -1)).filter((i) => i >= 0);
    const shifted = lines.slice();
    for (const i of twoD.slice(0, 40)) {
      const t = shifted[i]!.split(' ');
      t[4] = nextFloatHex(hexFloat(t[4]!)!);
      shifted[i] = t.join(' ');
    }
    assert.ok(compareTexLinear(shifted.join('\n'), want).some((p) => p.startsWith('w2n:')));
  });
  for (const backend of ['cuda-cpu', 'msl-cpu'])
    test(`texlinear.cu on ${backend} prints what the H100 printed (1D exactly, 2D all but a few sums)`, async () => {
      const r = await cu2metal(['run', path.join(dir, 'texlinear.cu'), '--backend', backend], { timeoutMs: 600_000 });
      assert.equal(r.code, 0, show(r));
      assert.deepEqual(compareTexLinear(r.stdout, want), []);
    });
});

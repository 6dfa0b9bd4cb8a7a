// cuRAND's values recorded on an H100 (test/fixtures/gpu/curandprobe.cu → curandprobe.h100.txt; README
// there): our probe runs on both CPU backends and its output is compared with the recording line by
// line. docs/DESIGN.md ("cuRAND", "What matches NVIDIA's cuRAND") says what is bit-exact:
//  * exact: raw 32-bit values, uniforms (float and double), skip-ahead, subsequences and offsets of
//    every generator, the state sizes, and the host API's raw values and uniforms for every
//    generator and ordering (its order: the subsequences dealt out as cuRAND deals them);
//  * close: values through logf/sinf/cosf/exp (normals, log-normals) may differ in the last bits;
//  * not compared: what cu2metal computes another way on purpose (see CURAND_RULES).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cu2metal, show } from '../helpers/cli';

type Mode = 'exact' | 'close' | 'skip';

/** How each line of the probe's output is compared: the first rule whose pattern matches its start. */
export const CURAND_RULES: ReadonlyArray<readonly [RegExp, Mode]> = [
  [/^sizeof /, 'exact'],
  [/^\w+ curand seed=/, 'exact'],
  [/^\w+ skipahead/, 'exact'],
  [/^\w+ uniform,normal /, 'close'],
  [/^\w+ double /, 'close'],
  [/^\w+ uniform4,normal4,uniform2_double /, 'close'],
  // curand_poisson (not cuRAND's algorithm) and XORWOW's SEEDED ordering (not cuRAND's seeding).
  [/^\w+ poisson /, 'skip'],
  [/^(devgen|hostgen) .* poisson\(/, 'skip'],
  [/^(devgen|hostgen) \w+ order=seeded /, 'skip'],
  [/^(devgen|hostgen) .* (normal|lognormal)\(/, 'close'],
  [/^(devgen|hostgen) /, 'exact'],
  [/^host \w+ order=/, 'exact'],
];

/** The value of a C99 hexadecimal float (`%a`), or null when the token is not one. */
export function hexFloat(token: string): number | null {
  const m = /^(-?)0x([0-9a-f])(?:\.([0-9a-f]*))?p([+-]\d+)$/.exec(token);
  if (!m) return null;
  const frac = m[3] ?? '';
  const mantissa = parseInt(m[2]!, 16) + (frac ? parseInt(frac, 16) / 16 ** frac.length : 0);
  return (m[1] ? -1 : 1) * mantissa * 2 ** parseInt(m[4]!, 10);
}

/** Tokens equal, or both hexadecimal floats within a relative 1e-5 (floats) / 1e-12 (doubles, 13 hex digits). */
function closeTokens(got: string, want: string): boolean {
  if (got === want) return true;
  const g = hexFloat(got), w = hexFloat(want);
  if (g === null || w === null) return false;
  const tol = (want.split('p')[0]!.length > 12 ? 1e-12 : 1e-5) * Math.max(1, Math.abs(w));
  return Math.abs(g - w) <= tol;
}

/** The problems of an output against the recording, by the rules (an empty list: it matches). */
export function compareWithRecording(got: string, want: string): string[] {
  const g = got.split('\n'), w = want.split('\n');
  const problems: string[] = [];
  if (g.length !== w.length) problems.push(`${g.length} lines, the GPU printed ${w.length}`);
  for (let i = 0; i < Math.min(g.length, w.length); ++i) {
    const mode = CURAND_RULES.find(([re]) => re.test(w[i]!))?.[1] ?? 'exact';
    if (mode === 'skip' || g[i] === w[i]) continue;
    const gt = g[i]!.split(' '), wt = w[i]!.split(' ');
    if (mode === 'close' && gt.length === wt.length && gt.every((t, j) => closeTokens(t, wt[j]!))) continue;
    problems.push(`line ${i + 1} (${mode}): got ${JSON.stringify(g[i])}, the GPU printed ${JSON.stringify(w[i])}`);
  }
  return problems;
}

describe('cuRAND values recorded on an H100', () => {
  const dir = path.join('test', 'fixtures', 'gpu');
  test('the comparison: hexadecimal floats, exact and close lines', () => {
    assert.equal(hexFloat('0x1.8p+1'), 3);
    assert.equal(hexFloat('-0x1p-2'), -0.25);
    assert.equal(hexFloat('3f800000'), null);
    assert.deepEqual(compareWithRecording('xorwow uniform,normal x: 0x1.000002p+0', 'xorwow uniform,normal x: 0x1p+0'), []);
    assert.equal(compareWithRecording('xorwow curand seed=1: 0000000a', 'xorwow curand seed=1: 0000000b').length, 1);
    assert.equal(compareWithRecording('xorwow uniform,normal x: 0x1.1p+0', 'xorwow uniform,normal x: 0x1p+0').length, 1);
    // The host API: raw values exact, normals close, Poisson and the SEEDED ordering not compared.
    assert.equal(compareWithRecording('devgen philox order=default generate(1<<20) at 0:0000000a', 'devgen philox order=default generate(1<<20) at 0:0000000b').length, 1);
    assert.deepEqual(compareWithRecording('hostgen philox order=default offset 0 normal(8, 1, 2): 0x1.000002p+0', 'hostgen philox order=default offset 0 normal(8, 1, 2): 0x1p+0'), []);
    assert.deepEqual(compareWithRecording('devgen xorwow order=default offset 0 poisson(6, 3.5): 1 2', 'devgen xorwow order=default offset 0 poisson(6, 3.5): 3 4'), []);
    assert.deepEqual(compareWithRecording('devgen xorwow order=seeded generate(1<<20) at 1:1', 'devgen xorwow order=seeded generate(1<<20) at 1:2'), []);
  });
  // The H100 recording (test/fixtures/gpu/README.md); without it the two CPU backends would be
  // compared with each other by the same rules.
  const recording = path.join(dir, 'curandprobe.h100.txt');
  const recorded = fs.existsSync(recording);
  const outputs = new Map<string, string>();
  for (const backend of ['cuda-cpu', 'msl-cpu']) {
    const what = recorded ? 'what the H100 printed' : 'what cuda-cpu printed (no GPU recording committed)';
    test(`curandprobe.cu on ${backend} prints ${what} (docs/DESIGN.md: exact and close lines)`, async () => {
      const r = await cu2metal(['run', path.join(dir, 'curandprobe.cu'), '--backend', backend], { timeoutMs: 600_000 });
      assert.equal(r.code, 0, show(r));
      outputs.set(backend, r.stdout);
      const want = recorded ? fs.readFileSync(recording, 'utf8') : outputs.get('cuda-cpu');
      assert.ok(want !== undefined, 'the cuda-cpu run came first');
      const problems = compareWithRecording(r.stdout, want);
      assert.deepEqual(problems.slice(0, 10), [], `${problems.length} lines differ`);
    });
  }
});

// The fuzz suite in `npm test`: a few hundred seeded mutations of our samples and golden cases
// translate without a crash, a hang or malformed MSL (`npm run fuzz` runs longer). Inputs that once
// crashed are kept below as regression tests.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { translateSource } from '../../src/translate/index';
import { caseInput, corpus, fuzz, mslProblem, mutate, rng } from './fuzzer';

describe('fuzzer building blocks', () => {
  test('the mutator is deterministic for a seed and changes the input', () => {
    const files = corpus();
    assert.ok(files.length >= 20, `corpus of ${files.length} files`);
    assert.deepEqual(caseInput(42, 7, files), caseInput(42, 7, files));
    let changed = 0;
    for (let i = 0; i < 50; i++) if (caseInput(3, i, files).text !== files.find((f) => f.name === caseInput(3, i, files).source)!.text) changed++;
    assert.ok(changed >= 45, `${changed}/50 cases changed their input`);
    assert.notEqual(mutate('int a = (1 + 2);\nint b;\n', rng(1)), mutate('int a = (1 + 2);\nint b;\n', rng(2)));
  });
  test('the MSL check finds unbalanced brackets and unterminated literals, ignoring comments, strings and directives', () => {
    const ok = '#include <metal_stdlib>\n#define OPEN (\nkernel void k() { /* ( */ const char* s = ")"; // {\n}\n';
    assert.equal(mslProblem(ok), null);
    assert.match(mslProblem('#include <metal_stdlib>\nkernel void k() { (; }\n') ?? '', /unbalanced/);
    assert.match(mslProblem('#include <metal_stdlib>\nkernel void k() {\n') ?? '', /unclosed/);
    assert.match(mslProblem('#include <metal_stdlib>\nconstant char* s = "abc;\n') ?? '', /unterminated string/);
    assert.match(mslProblem('kernel void k() {}') ?? '', /metal_stdlib/);
  });
});

describe('fuzz: seeded mutations translate without crash, hang or malformed MSL', () => {
  test('400 cases, seed 20261204', { timeout: 120_000 }, async () => {
    const s = await fuzz({ cases: 400, seed: 20261204, limitMs: 10_000 });
    assert.equal(s.cases, 400);
    const show = (rs: readonly { index: number; source: string; detail?: string }[]): string => rs.map((r) => `case ${r.index} (${r.source}): ${r.detail ?? ''}`).join('\n');
    assert.equal(s.crashes.length, 0, show(s.crashes));
    assert.equal(s.hangs.length, 0, show(s.hangs));
    assert.equal(s.badMsl.length, 0, show(s.badMsl));
    // Both outcomes occur: the mutations are neither all harmless nor all fatal.
    assert.ok(s.ok > 20 && s.diagnostics > 20, `${s.ok} translated, ${s.diagnostics} with diagnostics`);
  });
});

describe('regressions: inputs that crashed the translator before', () => {
  test('a sample with an expression nested 5,000 deep (was: Maximum call stack size exceeded)', () => {
    const sample = corpus().find((f) => f.name.startsWith('samples/'))!;
    const text = sample.text.replace(/__global__ void/, `__device__ int deep() { return ${'('.repeat(5000)}1${')'.repeat(5000)}; }\n__global__ void`);
    const t = translateSource('deep.cu', text);
    assert.equal(t.ok, false);
    assert.ok(t.diagnostics.some((d) => d.code === 'C2M0004'));
  });
});

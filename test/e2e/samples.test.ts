// Every sample runs unmodified on both CPU backends and through `diff`; a sample that fails
// anywhere fails the suite.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cu2metal, show } from '../helpers/cli';
import { SAMPLES } from '../helpers/paths';

const samples = fs
  .readdirSync(SAMPLES, { withFileTypes: true })
  .filter((d) => d.isDirectory() && fs.existsSync(path.join(SAMPLES, d.name, `${d.name}.cu`)))
  .map((d) => d.name)
  .sort();

test('the required samples exist', () => {
  for (const s of ['vectorAdd', 'matrixMul', 'reduction', 'add3d', 'stencil2d', 'forDecode', 'streams', 'pinnedMapped']) assert.ok(samples.includes(s), `samples/${s}/${s}.cu`);
});

for (const sample of samples) {
  const file = path.join('samples', sample, `${sample}.cu`);
  describe(`sample ${sample}`, { concurrency: false }, () => {
    for (const backend of ['msl-cpu', 'cuda-cpu']) {
      test(`runs on ${backend} and prints PASSED`, async () => {
        const r = await cu2metal(['run', file, '--backend', backend, '--timeout', '120']);
        assert.equal(r.code, 0, show(r));
        assert.match(r.stdout, /^PASSED$/m, show(r));
      });
    }
    test('diff: translated run matches the reference', async () => {
      const r = await cu2metal(['diff', file, '--json']);
      assert.equal(r.code, 0, show(r));
      const report = JSON.parse(r.stdout) as { ok: boolean; copies: unknown[] };
      assert.equal(report.ok, true);
      assert.ok(report.copies.length > 0, 'the sample copies results back to the host');
    });
  });
}

// Every sample runs unmodified on both CPU backends and through `diff`; a sample that fails
// anywhere fails the suite.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cu2metal, show } from '../helpers/cli';
import { SAMPLES } from '../helpers/paths';

/** A sample is a folder: `<name>/<name>.cu`, or a program of several sources (every .cu/.cpp/.c in it). */
const SOURCE = /\.(cu|cpp|cc|cxx|c)$/;
function sourcesOf(name: string): string[] {
  const dir = path.join(SAMPLES, name);
  if (fs.existsSync(path.join(dir, `${name}.cu`))) return [path.join('samples', name, `${name}.cu`)];
  return fs
    .readdirSync(dir)
    .filter((f) => SOURCE.test(f))
    .sort()
    .map((f) => path.join('samples', name, f));
}

const samples = fs
  .readdirSync(SAMPLES, { withFileTypes: true })
  .filter((d) => d.isDirectory() && sourcesOf(d.name).some((f) => f.endsWith('.cu')))
  .map((d) => d.name)
  .sort();

test('the required samples exist', () => {
  for (const s of ['vectorAdd', 'matrixMul', 'reduction', 'add3d', 'stencil2d', 'forDecode', 'multiFile', 'streams', 'pinnedMapped', 'graphs', 'launchKernel']) assert.ok(samples.includes(s), `samples/${s}`);
  assert.ok(sourcesOf('multiFile').length >= 3, 'multiFile is a program of several sources');
});

for (const sample of samples) {
  const files = sourcesOf(sample);
  describe(`sample ${sample}`, { concurrency: false }, () => {
    for (const backend of ['msl-cpu', 'cuda-cpu']) {
      test(`runs on ${backend} and prints PASSED`, async () => {
        const r = await cu2metal(['run', ...files, '--backend', backend, '--timeout', '120']);
        assert.equal(r.code, 0, show(r));
        assert.match(r.stdout, /^PASSED$/m, show(r));
      });
    }
    test('diff: translated run matches the reference', async () => {
      const r = await cu2metal(['diff', ...files, '--json']);
      assert.equal(r.code, 0, show(r));
      const report = JSON.parse(r.stdout) as { ok: boolean; copies: unknown[] };
      assert.equal(report.ok, true);
      assert.ok(report.copies.length > 0, 'the sample copies results back to the host');
    });
  });
}

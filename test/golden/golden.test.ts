// Golden translation tests: test/golden/cases/NAME.cu → expected/NAME.metal (and NAME.host.cpp
// where present); test/golden/errors/NAME.cu → expected/NAME.diagnostics.txt (the caret-rendered
// diagnostics). Regenerate with `UPDATE=1 npm test` and review the diff.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { BuildError, MSL_VERSIONS, buildModule } from '../../src/build/build';
import { mslVersionNumber } from '../../src/translate/mslVersion';
import { renderAll } from '../../src/diagnostics/render';
import { translateSource } from '../../src/translate/index';
import { GOLDEN, UPDATE } from '../helpers/paths';

function checkGolden(file: string, actual: string): void {
  if (UPDATE || !fs.existsSync(file)) {
    if (!UPDATE) assert.fail(`missing golden file ${path.relative(GOLDEN, file)}; run UPDATE=1 npm test and review it`);
    fs.writeFileSync(file, actual);
    return;
  }
  assert.equal(actual, fs.readFileSync(file, 'utf8'), `output differs from ${path.relative(GOLDEN, file)} (UPDATE=1 npm test regenerates it)`);
}

const cases = (dir: string): string[] => fs.readdirSync(path.join(GOLDEN, dir)).filter((f) => f.endsWith('.cu')).sort();

describe('golden translations', () => {
  for (const name of cases('cases')) {
    test(name, () => {
      const src = fs.readFileSync(path.join(GOLDEN, 'cases', name), 'utf8');
      const t = translateSource(name, src);
      assert.deepEqual(t.diagnostics.filter((d) => d.severity === 'error'), [], 'translates without errors');
      const stem = name.replace(/\.cu$/, '');
      checkGolden(path.join(GOLDEN, 'expected', `${stem}.metal`), t.msl);
      const hostGolden = path.join(GOLDEN, 'expected', `${stem}.host.cpp`);
      if (fs.existsSync(hostGolden)) checkGolden(hostGolden, t.host);
    });
    // Like SPIRV-Cross's references compiled by `xcrun metal`: every golden MSL must compile under
    // the strict msl-cpu model (address spaces, no double), glue included.
    // At the oldest and the newest MSL version the Metal backend selects (__METAL_VERSION__).
    test(`${name}: the MSL compiles under the msl-cpu model`, async () => {
      const src = fs.readFileSync(path.join(GOLDEN, 'cases', name), 'utf8');
      const t = translateSource(name, src);
      // (from the version the translation needs, when that is newer: src/translate/mslVersion.ts)
      for (const metalVersion of [Math.max(MSL_VERSIONS.oldest, mslVersionNumber(t.manifest.mslVersion)), MSL_VERSIONS.newest]) {
        try {
          await buildModule('msl-cpu', t, { includeDirs: [], defines: [], metalVersion }, path.join(GOLDEN, 'cases'), name.replace(/\.cu$/, ''));
        } catch (e) {
          if (e instanceof BuildError) assert.fail(`__METAL_VERSION__ ${metalVersion}: ${e.message}\n${e.output}`);
          throw e;
        }
      }
    });
  }
});

describe('golden diagnostics', () => {
  for (const name of cases('errors')) {
    test(name, () => {
      const src = fs.readFileSync(path.join(GOLDEN, 'errors', name), 'utf8');
      const t = translateSource(name, src);
      assert.equal(t.ok, false, 'an error case must fail to translate');
      const rendered = `${renderAll(t.diagnostics, { sources: new Map([[name, src]]), color: false })}\n`;
      checkGolden(path.join(GOLDEN, 'expected', `${name.replace(/\.cu$/, '')}.diagnostics.txt`), rendered);
    });
  }
});

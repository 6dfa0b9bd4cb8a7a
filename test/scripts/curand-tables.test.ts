// scripts/curand-tables.js computes native/include/cu2m/curand_tables.h (the skip-ahead tables of our
// cuRAND device API) from the generators' definitions: the committed header must be its output.
// That the tables jump correctly is checked where they are used (test/fixtures/curand/device_api.cu:
// offsets, skipahead and subsequences agree with stepping).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../helpers/paths';

test('native/include/cu2m/curand_tables.h is what scripts/curand-tables.js computes', () => {
  const computed = execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'curand-tables.js')], { encoding: 'utf8' });
  const committed = fs.readFileSync(path.join(ROOT, 'native', 'include', 'cu2m', 'curand_tables.h'), 'utf8');
  assert.ok(computed === committed, 'run: node scripts/curand-tables.js > native/include/cu2m/curand_tables.h');
  // The XORWOW rows are x^(2^k) mod P: row 0 is x itself, row 1 x^2, row 2 x^4.
  assert.match(committed, /\{0x00000002u, 0x00000000u, 0x00000000u, 0x00000000u, 0x00000000u\},\n {2}\{0x00000004u,/);
});

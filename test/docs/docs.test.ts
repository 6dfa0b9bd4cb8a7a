import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { GENERATED_DOCS } from '../../src/docs/generate';
import { ROOT } from '../helpers/paths';

for (const [file, make] of GENERATED_DOCS) {
  test(`${file} is up to date with the tables (npm run docs)`, () => {
    assert.equal(fs.readFileSync(path.join(ROOT, file), 'utf8'), make());
  });
}

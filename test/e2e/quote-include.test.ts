// `#include "x.h"` in a .cu file finds the x.h beside it before an -I folder's x.h, on both CPU
// backends: the cuda-cpu reference device code is compiled from a copy in the cache, so the build
// passes the source folder with -iquote (NVIDIA's simpleCallback includes its own multithreading.h
// while -I Common holds another one).
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cu2metal, show } from '../helpers/cli';

const dir = path.join('test', 'fixtures', 'quote_include');
const decoy = ['-I', path.join(dir, 'decoy')];

describe('quote includes resolve beside the including file first', () => {
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`one .cu file on ${backend}`, async () => {
      const r = await cu2metal(['run', path.join(dir, 'single.cu'), ...decoy, '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^PASSED$/m);
    });
    test(`a .cu and a .cpp file on ${backend}`, async () => {
      const r = await cu2metal(['run', path.join(dir, 'main.cu'), path.join(dir, 'helper.cpp'), ...decoy, '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^PASSED$/m);
    });
  }
});

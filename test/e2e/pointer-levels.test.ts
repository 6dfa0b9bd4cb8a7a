// Address spaces at more than one level (src/translate/addressSpaces.ts, typed.ts, function.ts):
// member functions called with a string literal and a local array (one overload each), pointers to
// pointers into __shared__ buffers and into list nodes, a pointer typedef of a parameter table, pool
// members returning pointers through an object of a template parameter's type, and references to
// arrays of an alias template. The self-checking program runs on both CPU backends. (No `diff`:
// the program copies back list nodes holding device addresses, which differ between runs.)
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cu2metal, show } from '../helpers/cli';

const prog = path.join('test', 'fixtures', 'address_spaces', 'pointer_levels.cu');

describe('address spaces at more than one level', { concurrency: false }, () => {
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`member overloads, pointers to pointers, pointer typedefs, pool members, alias-template rows: PASSED on ${backend}`, async () => {
      const r = await cu2metal(['run', prog, '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^mixer: words\[13\] = 2746727555, enc\[77\] = 25$/m, show(r));
      assert.match(r.stdout, /^swap: out\[5\] = 72, links ok = 1$/m, show(r));
      assert.match(r.stdout, /^table: 48 of 64 looked up, energy\[3\] = 0\.25$/m, show(r));
      assert.match(r.stdout, /^pool: sums\[9\] = -51, slots\[37\] = 91$/m, show(r));
      assert.match(r.stdout, /^PASSED$/m, show(r));
    });
  }
  test('the MSL: each level in its space, one member overload per space, the typedef in device memory', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-levels-'));
    const r = await cu2metal(['translate', prog, '-o', dir]);
    assert.equal(r.code, 0, show(r));
    const msl = fs.readFileSync(path.join(dir, 'pointer_levels.metal'), 'utf8');
    assert.match(msl, /static unsigned pack\(const device u8 \*a\)/);
    assert.match(msl, /static unsigned pack\(const constant u8 \*a\)/);
    assert.match(msl, /void next\(thread unsigned \*words\)/);
    assert.match(msl, /void next\(thread u8 \*bytes\)/);
    assert.match(msl, /void swap_buffers\(threadgroup void \*thread \*a, threadgroup void \*thread \*b\)/);
    assert.match(msl, /void link\(device Node \*device \*slot, device Node \*to\)/);
    assert.match(msl, /typedef device struct params \*params_t;/);
    assert.match(msl, /kernel void score\([^{]*device params\* p \[\[buffer\(3\)\]\]/);
    assert.match(msl, /device unsigned \*slot = alloc->at\(i\);/);
    assert.match(msl, /threadgroup int \*tail = row \+ n;/);
  });
});

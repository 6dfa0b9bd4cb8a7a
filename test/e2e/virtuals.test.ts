// Virtual functions (closed-world devirtualisation, src/translate/virtuals.ts) and device
// new/delete/malloc/free from the runtime's device heap (src/translate/deviceHeap.ts): a shape
// hierarchy created with `new` in one kernel, used through base pointers in a second and deleted
// through its virtual destructor in a third; a stack class template with virtual push/pop whose
// storage lives in the device heap between launches; malloc/free, `new int(10)`, a destructor run
// by `delete`, a huge malloc that returns nullptr, and the heap size fixed after the first
// allocating launch. The program checks itself and must print the same text on both backends.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cu2metal, show } from '../helpers/cli';

const fixture = path.join('test', 'fixtures', 'virtuals', 'virtuals.cu');

const EXPECTED = [
  'heap 16 MiB',
  'shapes: 96 objects, total weight 2835.0',
  'stack: popped sum 820, 8 empty pops',
  'heap: small 1 sum 1240 huge-is-null 1 int 10 counted 7 destroyed 1',
  'late heap resize: refused',
  'PASSED',
  '',
].join('\n');

describe('virtuals.cu: virtual dispatch and device new/delete across launches', { concurrency: false }, () => {
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`prints the expected results on ${backend}`, async () => {
      const r = await cu2metal(['run', fixture, '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.equal(r.stdout, EXPECTED, show(r));
      assert.match(r.stderr, /cudaDeviceSetLimit\(cudaLimitMallocHeapSize, 33554432\): a kernel that allocates has already run/, show(r));
    });
  }
  test('the MSL has no virtual, new or delete, and dispatches on the type tag', async () => {
    const r = await cu2metal(['translate', fixture, '--stdout']);
    assert.equal(r.code, 0, show(r));
    const code = r.stdout.replace(/\/\/.*|\/\*[\s\S]*?\*\//g, '');
    assert.doesNotMatch(code, /\bvirtual\b|\bnew\b|\bdelete\b|\boverride\b/, show(r));
    assert.match(code, /ulong cu2m_type;/);
    assert.match(code, /float Shape_area\(const device Shape\* self\) \{ switch \(self->cu2m_type\) \{ case 2: return static_cast<const device Rect\*>\(self\)->area\(\);/);
    assert.match(code, /bool Stack_push\(device Stack<T>\* self, T v\)/);
    assert.match(code, /kernel void createShapes\(device Shape\* device\* shapes \[\[buffer\(0\)\]\], constant int& n \[\[buffer\(1\)\]\], device unsigned int\* cu2m_device_heap \[\[buffer\(2\)\]\]/);
  });
});

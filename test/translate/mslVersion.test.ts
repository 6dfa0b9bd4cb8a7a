// The MSL version a translation needs (tables/mslVersions.ts, src/translate/mslVersion.ts): recorded
// in the manifest and the MSL header from what the translation emitted, combined over the files of
// a program, and the version msl-cpu compiles for (src/build/build.ts): the user's choice, else the
// newer of 3.0 and the need.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MSL_VERSIONS, mslVersion, mslVersionNote } from '../../src/build/build';
import { combineMsl } from '../../src/build/link';
import { combineMslVersionNeeds, mslVersionNeed } from '../../src/translate/mslVersion';
import { translateSource } from '../../src/translate/index';

const translate = (src: string) => {
  const t = translateSource('a.cu', src);
  assert.equal(t.ok, true, JSON.stringify(t.diagnostics));
  return t;
};

const ATOMIC64 = '__global__ void k(unsigned long long *c) { atomicAdd(c, 1ull); }\n';
const BFLOAT = '#include <cuda_bf16.h>\n__global__ void k(__nv_bfloat16 *x) { x[0] = __hadd(x[0], x[1]); }\n';
const PLAIN = '__global__ void k(unsigned *c) { atomicAdd(c, 1u); }\n';
const NO_VERSION = { includeDirs: [], defines: [] };

describe('the MSL version a translation needs', () => {
  test('64-bit atomics: 3.2, in the manifest and on a header line the Metal runtime reads', () => {
    const t = translate(ATOMIC64);
    assert.deepEqual(t.manifest.mslVersion, { version: '3.2', features: ['64-bit atomics (atomic_thread_fence)'] });
    assert.match(t.msl, /^\/\/ Needs MSL 3\.2 \(macOS 15\) or newer, for 64-bit atomics \(atomic_thread_fence\)\.$/m);
    // The header line comes before any code, and the prelude's guard names the same version.
    assert.ok(t.msl.indexOf('// Needs MSL 3.2') < t.msl.indexOf('#include <metal_stdlib>'));
    assert.match(t.msl, /#if __METAL_VERSION__ < 320\n#error "this program uses 64-bit or double atomics.*: MSL 3\.2 \(macOS 15\) or newer"\n#endif/);
  });

  test('bfloat16: 3.1', () => {
    const t = translate(BFLOAT);
    assert.equal(t.manifest.mslVersion?.version, '3.1');
    assert.match(t.msl, /^\/\/ Needs MSL 3\.1 \(macOS 14\) or newer, for bfloat16 \(Metal's bfloat type\)\.$/m);
    assert.match(t.msl, /#if __METAL_VERSION__ < 310\n#error/);
  });

  test('a program MSL 3.0 compiles records nothing and says nothing', () => {
    const t = translate(PLAIN);
    assert.equal(t.manifest.mslVersion, undefined);
    assert.doesNotMatch(t.msl, /Needs MSL/);
    assert.equal('mslVersion' in t.manifest, false);
  });

  test('the newest need wins, with every feature named', () => {
    assert.deepEqual(mslVersionNeed(['cu2m_bfloat_version', 'cu2m_printf', 'cu2m_atomic64']), { version: '3.2', features: ['64-bit atomics (atomic_thread_fence)', "bfloat16 (Metal's bfloat type)"] });
    assert.equal(mslVersionNeed(['cu2m_printf']), undefined);
    const both = combineMslVersionNeeds([undefined, translate(BFLOAT).manifest.mslVersion, translate(ATOMIC64).manifest.mslVersion]);
    assert.equal(both?.version, '3.2');
    assert.equal(both?.features.length, 2);
  });

  test('a program of several files states the newest need in the linked module', () => {
    const a = translate(ATOMIC64);
    const b = translateSource('b.cu', PLAIN.replace('void k', 'void k2'));
    const linked = combineMsl([
      { file: 'b.cu', msl: b.msl, mslVersion: b.manifest.mslVersion },
      { file: 'a.cu', msl: a.msl, mslVersion: a.manifest.mslVersion },
    ]);
    assert.ok(linked.indexOf('// Needs MSL 3.2') < linked.indexOf('#include <metal_stdlib>'));
  });
});

describe('the MSL version msl-cpu compiles for', () => {
  const saved = process.env['CU2METAL_MSL_VERSION'];
  const withEnv = (v: string | undefined, f: () => void): void => {
    if (v === undefined) delete process.env['CU2METAL_MSL_VERSION'];
    else process.env['CU2METAL_MSL_VERSION'] = v;
    try {
      f();
    } finally {
      if (saved === undefined) delete process.env['CU2METAL_MSL_VERSION'];
      else process.env['CU2METAL_MSL_VERSION'] = saved;
    }
  };
  const need = translate(ATOMIC64).manifest.mslVersion;

  test('no choice: 3.0, or what the program needs, with a note', () => {
    withEnv(undefined, () => {
      assert.equal(mslVersion(NO_VERSION, undefined), MSL_VERSIONS.oldest);
      assert.equal(mslVersionNote(NO_VERSION, undefined), null);
      assert.equal(mslVersion(NO_VERSION, need), 320);
      assert.equal(mslVersionNote(NO_VERSION, need), 'MSL 3.2 (macOS 15) is needed for 64-bit atomics (atomic_thread_fence): msl-cpu compiles for it');
    });
  });

  test("the user's choice wins, lower or higher, and there is no note", () => {
    withEnv('3.1', () => {
      assert.equal(mslVersion(NO_VERSION, need), 310);
      assert.equal(mslVersionNote(NO_VERSION, need), null);
    });
    withEnv(undefined, () => {
      assert.equal(mslVersion({ ...NO_VERSION, metalVersion: 400 }, need), 400);
      assert.equal(mslVersion({ ...NO_VERSION, metalVersion: 300 }, need), 300);
    });
  });
});

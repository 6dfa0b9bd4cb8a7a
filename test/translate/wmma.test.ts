// The warp matrix functions (native/include/mma.h, issue 6): `<mma.h>` is found and translated like
// the program's own header; `fragment`, a Metal keyword, is renamed wherever the program names the
// class (a declaration through the namespaces, `fragment<...>()`, `fragment<...>::num_elements`,
// an alias); the MSL needs neither bfloat nor software double unless the program uses them; the
// experimental sub-byte operands are named with their position (C2M2004).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Diagnostic } from '../../src/diagnostics/diagnostic';
import { unprovidedLibrary } from '../../src/host/libraries';
import { translateSource } from '../../src/translate/index';

const errors = (ds: readonly Diagnostic[]): string[] => ds.filter((d) => d.severity === 'error').map((d) => `${d.file}:${d.start.line}:${d.start.column} ${d.code} ${d.message}`);

const kernel = [
  '#include <mma.h>', // 1
  'using namespace nvcuda;',
  'typedef wmma::fragment<wmma::accumulator, 16, 16, 16, float> Acc;',
  '__global__ void k(const half *a, const half *b, float *d, int *n) {',
  '  auto fa = wmma::fragment<wmma::matrix_a, 16, 16, 16, half, wmma::row_major>();', // 5
  '  nvcuda::wmma::fragment<wmma::matrix_b, 16, 16, 16, half, wmma::col_major> fb;',
  '  Acc acc;',
  '  wmma::fill_fragment(acc, 0.0f);',
  '  wmma::load_matrix_sync(fa, a, 16);',
  '  wmma::load_matrix_sync(fb, b, 16);', // 10
  '  wmma::mma_sync(acc, fa, fb, acc);',
  '  for (int i = 0; i < acc.num_elements; i++) acc.x[i] *= 2.0f;',
  '  n[0] = wmma::fragment<wmma::matrix_a, 16, 16, 16, half, wmma::row_major>::num_elements;',
  '  wmma::store_matrix_sync(d, acc, 16, wmma::mem_col_major);',
  '}', // 15
].join('\n');

describe('warp matrix functions (mma.h)', () => {
  test('<mma.h> is ours: no C2M2004, and the unprovided list no longer names it', () => {
    assert.equal(unprovidedLibrary('mma.h'), undefined);
    const t = translateSource('k.cu', kernel);
    assert.deepEqual(errors(t.diagnostics), []);
    assert.match(t.msl, /class fragment_ \{/);
  });

  test('fragment is renamed fragment_ in every place the program names it', () => {
    const t = translateSource('k.cu', kernel);
    const body = t.msl.slice(t.msl.indexOf('kernel void k('));
    assert.match(t.msl, /typedef fragment_<accumulator, 16, 16, 16, float> Acc;/);
    assert.match(body, /auto fa = fragment_<matrix_a, 16, 16, 16, half, row_major>\(\);/);
    assert.match(body, /\n {2}fragment_<matrix_b, 16, 16, 16, half, col_major> fb;/);
    assert.match(body, /n\[0\] = fragment_<matrix_a, 16, 16, 16, half, row_major>::num_elements;/);
    assert.doesNotMatch(body, /\bfragment</);
    // The functions take the lane's built-ins; nvcuda:: and wmma:: are gone (the MSL is flat).
    assert.match(body, /mma_sync\(threadIdx, blockDim, acc, fa, fb, acc\);/);
    assert.doesNotMatch(body, /wmma::|nvcuda::/);
  });

  test('the MSL of a half program needs neither bfloat (MSL 3.1) nor software double', () => {
    const code = translateSource('k.cu', kernel).msl.split('\n').filter((l) => !/^\s*(\/\/|\/\*|\*)/.test(l)).join('\n');
    assert.doesNotMatch(code, /\bbfloat\b|__METAL_VERSION__/);
    assert.doesNotMatch(code, /\bf64\b/);
    // A double fragment brings software double in.
    const d = translateSource('d.cu', ['#include <mma.h>', '__global__ void k(const double *a, double *d) {', '  nvcuda::wmma::fragment<nvcuda::wmma::accumulator, 8, 8, 4, double> acc;', '  nvcuda::wmma::load_matrix_sync(acc, a, 8, nvcuda::wmma::mem_row_major);', '  nvcuda::wmma::store_matrix_sync(d, acc, 8, nvcuda::wmma::mem_row_major);', '}'].join('\n'));
    assert.deepEqual(errors(d.diagnostics), []);
    assert.match(d.msl, /fragment_<accumulator, 8, 8, 4, f64> acc;/);
  });

  test('sub-byte and single-bit operands are named once each, at their use (C2M2004)', () => {
    const src = [
      '#include <mma.h>', // 1
      'using namespace nvcuda;',
      '__global__ void k(const int *a, int *d) {',
      '  wmma::fragment<wmma::matrix_a, 8, 8, 32, wmma::experimental::precision::s4, wmma::row_major> fa;',
      '  wmma::fragment<wmma::matrix_b, 8, 8, 32, wmma::experimental::precision::s4, wmma::col_major> fb;', // 5
      '  wmma::fragment<wmma::accumulator, 8, 8, 128, int> acc;',
      '  wmma::bmma_sync(acc, fa, fb, acc, wmma::experimental::bmmaBitOpXOR, wmma::experimental::bmmaAccumulateOpPOPC);',
      '}',
    ].join('\n');
    const e = errors(translateSource('s.cu', src).diagnostics);
    assert.deepEqual(e.map((x) => x.replace(/ is a part of.*$/, '')), [
      "s.cu:4:44 C2M2004 'experimental::precision::s4'",
      "s.cu:7:3 C2M2004 'bmma_sync'",
      "s.cu:7:37 C2M2004 'experimental::bmmaBitOpXOR'",
      "s.cu:7:71 C2M2004 'experimental::bmmaAccumulateOpPOPC'",
    ]);
    assert.match(e[0] ?? '', /has half, __nv_bfloat16, precision::tf32, 8-bit integer and double fragments/);
  });
});

// `std::` type traits in the template head of a kernel or device function template (`template
// <typename T, typename = std::enable_if_t<std::is_integral<T>::value>>`): Metal has no namespace
// std, so the head is written with metal's traits, as the body is (src/translate/stdNames.ts
// mslTemplateHead). clang accepts `std::` under the msl-cpu model, so only this test catches it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { mslTemplateHead } from '../../src/translate/stdNames';
import { translateSource } from '../../src/translate/index';

describe('std traits in template heads', () => {
  test('the head rewrite: class templates, _t and _v shorthands (nested), decay_t, scalar types; other names stay', () => {
    assert.equal(mslTemplateHead('template <typename T, typename std::enable_if<std::is_same<T, float>::value, int>::type = 0>'), 'template <typename T, typename metal::enable_if<metal::is_same<T, float>::value, int>::type = 0>');
    assert.equal(mslTemplateHead('template <typename T, typename = std::enable_if_t<std::is_integral_v<T>>>'), 'template <typename T, typename = typename metal::enable_if<metal::is_integral<T>::value>::type>');
    assert.equal(mslTemplateHead('template <typename F, typename G = std::decay_t<F>>'), 'template <typename F, typename G = typename metal::remove_cv<typename metal::remove_reference<F>::type>::type>');
    assert.equal(mslTemplateHead('template <std::uint32_t N, typename T = cuda::std::make_unsigned_t<int>>'), 'template <uint32_t N, typename T = typename metal::make_unsigned<int>::type>');
    assert.equal(mslTemplateHead('template <typename T, int N>'), 'template <typename T, int N>');
  });

  test('kernel templates chosen by enable_if: no `std::` left in the MSL', () => {
    const src = [
      '#include <type_traits>',
      'template <typename T, typename std::enable_if<std::is_same<T, float>::value, int>::type = 0>',
      '__global__ void k(T *p) { p[threadIdx.x] = 1; }',
      'template <typename T, typename = std::enable_if_t<std::is_integral<T>::value>>',
      '__device__ T twice(T x) { return x + x; }',
      'template <typename T, typename = std::enable_if_t<std::is_integral<T>::value>>',
      '__global__ void k2(T *p) { p[threadIdx.x] = twice(p[threadIdx.x]); }',
      'int main() { float *d = 0; k<<<1, 32>>>(d); int *e = 0; k2<<<1, 32>>>(e); return 0; }',
    ].join('\n');
    const t = translateSource('heads.cu', src);
    assert.deepEqual(t.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), []);
    const code = t.msl.split('\n').filter((l) => !/^\s*(\/\/|#line)/.test(l));
    assert.deepEqual(code.filter((l) => /\bstd::/.test(l)), []);
    assert.match(t.msl, /template <typename T, typename = typename metal::enable_if<metal::is_integral<T>::value>::type>\nkernel void k2/);
  });
});

// Functions passed as values (src/translate/functionValues.ts) and C++17 std shorthands
// (src/translate/stdNames.ts) in the MSL.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { translateSource } from '../../src/translate/index';

const msl = (src: string): string => {
  const t = translateSource('t.cu', src);
  assert.deepEqual(t.diagnostics.filter((d) => d.severity === 'error'), []);
  return t.msl;
};
const errors = (src: string): string[] => translateSource('t.cu', src).diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.start.line}:${d.start.column} ${d.message}`);

describe('functions passed as values', () => {
  test('to a template type parameter: a functor after the last overload, an instance at the use', () => {
    const out = msl('__device__ int dbl(int x) { return 2 * x; }\n__device__ float dbl(float x) { return 2.0f * x; }\ntemplate <class F, class T> __device__ T apply(F f, T x) { return f(x); }\n__global__ void k(float *p, int *q) { p[0] = apply(dbl, p[1]); q[0] = apply(dbl, q[1]); }\n');
    assert.match(out, /float dbl\(float x\) \{ return 2\.0f \* x; \}\nstruct cu2m_fn_dbl \{ template <typename\.\.\. A> auto operator\(\)\(A\.\.\. a\) const \{ return dbl\(a\.\.\.\); \} \};/);
    assert.equal(out.match(/struct cu2m_fn_dbl/g)?.length, 1);
    assert.match(out, /p\[0\] = apply\(cu2m_fn_dbl\(\), p\[1\]\); q\[0\] = apply\(cu2m_fn_dbl\(\), q\[1\]\);/);
  });
  test('to a parameter that is no template type, or a function that reads built-ins: refused', () => {
    const e = errors('__device__ float sq(float x) { return x * x; }\n__device__ float at(float x) { return x + threadIdx.x; }\n__device__ float use(float (*f)(float), float x) { return f(x); }\ntemplate <class F> __device__ float app(F f, float x) { return f(x); }\n__global__ void k(float *p) { p[0] = use(sq, 1.0f) + app(at, 2.0f); }\n');
    assert.ok(e.some((x) => /^5:42 function pointers are not supported in device code: 'sq' is used as a value/.test(x)), e.join('\n'));
    assert.ok(e.some((x) => /^5:58 function pointers are not supported in device code: 'at' is used as a value/.test(x)), e.join('\n'));
  });
});

describe('std:: shorthands', () => {
  test('is_X_v, make_X_t, conditional_t, forward and move', () => {
    const out = msl('#include <type_traits>\n#include <utility>\ntemplate <class T> __device__ T pick(T a) { std::conditional_t<std::is_integral_v<T>, int, float> w = 1; std::remove_cv_t<const T> b = std::move(a); return std::is_signed_v<T> ? b + w : std::forward<T>(b); }\n__global__ void k(int *p) { p[0] = pick(p[1]); }\n');
    assert.match(out, /typename metal::conditional<metal::is_integral<T>::value, int, float>::type w = 1;/);
    assert.match(out, /typename metal::remove_cv<const T>::type b = \(a\);/);
    assert.match(out, /return metal::is_signed<T>::value \? b \+ w : \(b\);/);
  });
});

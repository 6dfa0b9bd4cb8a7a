// What cuda-samples interval met, in our own code: a class template with a host-only member
// template (`template <class U> T conv_down(U const &v)`) whose head stayed in the MSL and applied
// to the next member (clang: "declaration of 'U' shadows template parameter"), and the host stub of
// a kernel template instance, which must carry its name from registration on (before main) so that
// `cudaFuncSetCacheConfig(k<T>, ...)` before the first launch finds the kernel.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { BuildError, buildModule } from '../../src/build/build';
import { translateSource } from '../../src/translate/index';

const ROUNDED = `template <class T, class Rounding> struct arith_exact : Rounding {
  void init() {}
  template <class U> T conv_down(U const &v) { return v; }
  template <class U> T conv_up(U const &v) { return v; }
  __device__ T add_down(const T &x, const T &y) { return x + y; }
  template <class U> __device__ T from(U const &v) { return T(v); }
};
struct nothing {};
__global__ void k(float *p) {
  arith_exact<float, nothing> r;
  float a = p[1];
  p[0] = r.add_down(a, r.from(2));
}
`;

test('a host-only member template leaves the MSL with its template head; a device one keeps its own', async () => {
  const t = translateSource('a.cu', ROUNDED);
  assert.equal(t.ok, true, JSON.stringify(t.diagnostics));
  assert.match(t.msl, /\/\* host-only member conv_down\(\) omitted \*\//);
  assert.doesNotMatch(t.msl, /template <class U>\s*\/\*/, 'no head left in front of the omitted member');
  assert.equal((t.msl.match(/template <class U>/g) ?? []).length, 1, t.msl);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cu2m-member-templates-'));
  try {
    await buildModule('msl-cpu', t, { includeDirs: [], defines: [] }, dir, 'a');
  } catch (e) {
    if (e instanceof BuildError) assert.fail(`${e.message}\n${e.output}`);
    throw e;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("a kernel template's host stub names its instance when it registers, not at its first launch", () => {
  const t = translateSource('a.cu', 'template <typename T> __global__ void k(T *p) { p[0] = T(1); }\nvoid run(float *p) { cudaFuncSetCacheConfig(k<float>, cudaFuncCachePreferL1); k<float><<<1, 1>>>(p); }\n');
  assert.equal(t.ok, true, JSON.stringify(t.diagnostics));
  assert.match(t.host, /static constexpr const char\* cu2m_pretty = __PRETTY_FUNCTION__;/);
  assert.match(t.host, /static cu2m_kernel_info cu2m_kernel = \{nullptr,/);
  assert.match(t.host, /struct cu2m_registration \{ static const cu2m_kernel_info\* get\(\) \{ if \(!cu2m_kernel\.name\) cu2m_kernel\.name = cu2mTemplateInstanceNameOnce\("k", cu2m_pretty\); return &cu2m_kernel; \} \};/);
  assert.match(t.host, /cu2mLaunchKernel\(cu2m_registration::get\(\), cu2m_args\);/);
});

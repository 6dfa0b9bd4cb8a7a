// Kernel template instances the compiled host program names with the file's namespaces
// (`kernel<unsigned int, kiss::Kiss<unsigned int>>`, HeCBench kiss): the flat MSL has no namespaces
// (src/translate/namespaces.ts), so the instantiation and the glue name `Kiss<uint>`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addInstances } from '../../src/build/program';
import { translateSource } from '../../src/translate/index';

test("an instance's namespace-qualified arguments take the flat MSL's names", () => {
  const t = translateSource('a.cu', `namespace lib { struct Rng { unsigned s; }; }
template <class T, class R> __global__ void kernel(T *out) { R r{1u}; out[0] = T(r.s); }
template <class T, class R> void run(T *out) { kernel<T, R><<<1, 1>>>(out); }
void go(float *p) { run<float, lib::Rng>(p); }
`);
  assert.equal(t.ok, true, JSON.stringify(t.diagnostics));
  assert.deepEqual(t.manifest.namespaces, ['lib']);
  const withInstance = addInstances(t, [{ template: 'kernel', args: ['float', 'lib::Rng'] }]);
  assert.match(withInstance.msl, /template \[\[host_name\("kernel_float_lib_Rng"\)\]\] \[\[kernel\]\] decltype\(kernel_<float, Rng>\) kernel_<float, Rng>;/);
  assert.doesNotMatch(withInstance.msl, /lib::/);
  const k = withInstance.manifest.kernels.find((x) => x.name === 'kernel_float_lib_Rng');
  assert.equal(k?.mslName, 'kernel_<float, Rng>');
  assert.equal(k?.cppName, 'kernel<float, lib::Rng>');
});

// Kernel templates: instance names, instances read from compiled host code, and the translation.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { addInstances } from '../../src/build/program';
import { NATIVE_INCLUDE } from '../../src/build/paths';
import { toolchain } from '../../src/build/toolchain';
import { TEMPLATE_HOST_HELPERS } from '../../src/host/host';
import { translateSource } from '../../src/translate/index';
import { instanceHostName, instancesInSymbols, mslTemplateArg, splitTemplateArgs } from '../../src/translate/templates';

test('instance names: one spelling for source, nm and __PRETTY_FUNCTION__', () => {
  assert.equal(instanceHostName({ template: 'k', args: ['float', '256'] }), 'k_float_256');
  assert.equal(instanceHostName({ template: 'k', args: ['unsigned int', '128u'] }), 'k_unsigned_int_128');
  assert.equal(instanceHostName({ template: 'k', args: ['float*', '-1'] }), 'k_float_m1');
  assert.equal(instanceHostName({ template: 'k', args: ['Pair<float>', 'true'] }), 'k_Pair_float_true');
  assert.deepEqual(splitTemplateArgs('float, S<int, 2>, 256'), ['float', 'S<int, 2>', '256']);
  assert.equal(splitTemplateArgs('float, S<int'), null);
});

test('instances are found in demangled symbols of host stubs, not of other functions or types', () => {
  const nm = [
    '0000000000000000 W void reduce<float, 256>(float const*, float*, int)',
    '0000000000000000 u reduce<float, 256>(float const*, float*, int)::cu2m_kernel',
    '0000000000000000 W void reduce<int, 128u>(int const*, int*, int)',
    '0000000000000000 W float sumOnDevice<float, 256>(float const*, int)',
    '0000000000000000 W ns::reduce<double, 1>(double*)',
    '0000000000000000 V reduce<char, 2>::value',
  ].join('\n');
  const found = instancesInSymbols(nm, new Set(['reduce']));
  assert.deepEqual(
    found.map((i) => `${i.template}<${i.args.join(', ')}>`),
    ['reduce<float, 256>', 'reduce<int, 128u>'],
  );
});

test("the host stub's run-time name matches the name from nm (the C++ helper against instanceHostName)", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cu2m-tmpl-'));
  const src = path.join(dir, 'names.cpp');
  fs.writeFileSync(
    src,
    [
      '#include <cu2m/abi.h>',
      '#include <cstdio>',
      TEMPLATE_HOST_HELPERS,
      'struct Vec { float x; };',
      'template <typename T, int N> void k(T*) { std::puts(cu2mTemplateInstanceName("k", __PRETTY_FUNCTION__).c_str()); }',
      'template <unsigned N, bool B, typename T> void k2(T) { std::puts(cu2mTemplateInstanceName("k2", __PRETTY_FUNCTION__).c_str()); }',
      'int main() { k<float, 256>(nullptr); k<unsigned int, -3>(nullptr); k<Vec, 1>(nullptr); k2<7u, true>(1.5f); k2<0, false>((long long)1); }',
    ].join('\n'),
  );
  const exe = path.join(dir, 'names');
  execFileSync(toolchain().cxx, ['-std=c++17', '-I', NATIVE_INCLUDE, src, '-o', exe]);
  const printed = execFileSync(exe, { encoding: 'utf8' }).trim().split('\n');
  const symbols = execFileSync('nm', ['-C', exe], { encoding: 'utf8' });
  const fromNm = instancesInSymbols(symbols, new Set(['k', 'k2'])).map(instanceHostName).sort();
  assert.deepEqual([...printed].sort(), fromNm);
  assert.deepEqual([...printed].sort(), ['k2_0_false_long_long', 'k2_7_true_float', 'k_Vec_1', 'k_float_256', 'k_unsigned_int_m3']);
  fs.rmSync(dir, { recursive: true, force: true });
});

const SRC = `template <typename T, int N>
__global__ void fill(T* out, int n) {
  int i = blockIdx.x * N + threadIdx.x;
  if (i < n) out[i] = (T)N;
}
template <typename T> void launch(T* p, int n) { fill<T, 32><<<1, 32>>>(p, n); }
void go(float* f, int n) { fill<float, 64><<<1, 64>>>(f, n); launch(f, n); }
`;

test('translate: the template stays a template, written-out launches are instantiated, the manifest has one kernel per instance', () => {
  const t = translateSource('fill.cu', SRC);
  assert.equal(t.ok, true, JSON.stringify(t.diagnostics));
  assert.match(t.msl, /template <typename T, int N>\nkernel void fill\(device cu2m_mem<T>\* out \[\[buffer\(0\)\]\]/); // templateVector3.ts
  assert.match(t.msl, /template \[\[host_name\("fill_float_64"\)\]\] \[\[kernel\]\] decltype\(fill<float, 64>\) fill<float, 64>;/);
  assert.doesNotMatch(t.msl, /fill_float_32/, 'the host template\'s instance is known only after the host compile');
  assert.deepEqual(t.manifest.kernels.map((k) => k.name), ['fill_float_64']);
  assert.equal(t.manifest.kernels[0]?.params[0]?.mslType, 'device float*');
  assert.equal(t.manifest.kernelTemplates?.[0]?.name, 'fill');
  assert.match(t.host, /template <typename T, int N>\n\/\* __global__ fill[^\n]*\*\/\nvoid fill\(T\* out, int n\) \{\n {2}static constexpr const char\* cu2m_pretty = __PRETTY_FUNCTION__;/);
  assert.match(t.host, /cu2m_kernel\.name = cu2mTemplateInstanceNameOnce\("fill", cu2m_pretty\)/);
  assert.match(t.host, /fill<T, 32>\(p, n\)/);
});

test('instances the host object holds are added once, after the ones translate saw', () => {
  const t = translateSource('fill.cu', SRC);
  const more = addInstances(t, [{ template: 'fill', args: ['float', '32'] }, { template: 'fill', args: ['float', '64'] }, { template: 'other', args: ['int'] }]);
  assert.deepEqual(more.manifest.kernels.map((k) => k.name), ['fill_float_64', 'fill_float_32']);
  assert.equal(more.msl.match(/decltype\(fill<float, 64>\)/g)?.length, 1);
  assert.match(more.msl, /template \[\[host_name\("fill_float_32"\)\]\] \[\[kernel\]\] decltype\(fill<float, 32>\) fill<float, 32>;\n$/);
  assert.equal(addInstances(more, [{ template: 'fill', args: ['float', '32'] }]), more, 'nothing new: the same translation');
});

test('device function templates: deduced and explicit calls, pointer arguments in threadgroup memory', () => {
  const src = `template <typename T> __device__ T sq(T x) { return x * x; }
template <typename T> __device__ void inc(T* p) { *p += 1; }
__global__ void k(float* o) {
  __shared__ float s[32];
  s[threadIdx.x] = sq(o[threadIdx.x]) + sq<float>(2.0f);
  inc(&s[threadIdx.x]);
  o[threadIdx.x] = s[threadIdx.x];
}
`;
  const t = translateSource('d.cu', src);
  assert.equal(t.ok, true, JSON.stringify(t.diagnostics));
  assert.match(t.msl, /template <typename T>\nT sq\(T x\)/);
  assert.match(t.msl, /template <typename T>\nvoid inc\(threadgroup T\* p\)/);
  assert.match(t.msl, /sq<float>\(2\.0f\)/);
  assert.doesNotMatch(t.host, /template <typename T>\s*$/m, 'the host loses the device templates whole');
});

test('types that reach a kernel template only through host template arguments are in the MSL', () => {
  const src = `struct Pixel { float r, g; };
struct HostOnly { int fd; };
struct Desc { float* p; };
template <class T> struct Box { T v; };
template <class T> __global__ void copy(T* o, const T* i) { o[threadIdx.x] = i[threadIdx.x]; }
template <class T> void run(T* o, T* i) { copy<T><<<1, 32>>>(o, i); }
void go(Pixel* o, Pixel* i) { HostOnly h; (void)h; Box<Desc> b; (void)b; run<Pixel>(o, i); }
`;
  const t = translateSource('p.cu', src);
  assert.equal(t.ok, true, JSON.stringify(t.diagnostics));
  assert.match(t.msl, /struct Pixel \{ float r, g; \};/);
  assert.doesNotMatch(t.msl, /HostOnly/);
  assert.doesNotMatch(t.msl, /Desc/, 'a struct with pointer fields is host data');
  const withInstance = addInstances(t, [{ template: 'copy', args: ['Pixel'] }]);
  assert.match(withInstance.msl, /decltype\(copy<Pixel>\) copy<Pixel>;\n$/);
});

test('MSL template arguments: CUDA type names mapped inside class template arguments too', () => {
  assert.equal(mslTemplateArg('__half'), 'half');
  assert.equal(mslTemplateArg('Traits<16, 7, __half>'), 'Traits<16, 7, half>');
  assert.equal(mslTemplateArg('S<Pair<__nv_bfloat16, int>, 3>'), 'S<Pair<bfloat, int>, 3>');
  assert.equal(mslTemplateArg('S<(Mem)0>'), 'S<(Mem)0>');
  assert.equal(mslTemplateArg('float'), 'float');
});

// Launches from device code in the translator (src/translate/deviceLaunch.ts): the record helpers,
// the call's conversion to the child's parameter types, the hidden printf buffer of kernels and
// helpers that launch, the manifest flag, and the refusals.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { translateSource } from '../../src/translate/index';
import { LAUNCH_PRELUDE, launchArity, launchId } from '../../src/translate/deviceLaunch';
import { printfId } from '../../src/translate/printf';

const errors = (src: string): string[] => translateSource('t.cu', src).diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.start.line}: ${d.message}`);

describe('device-side launches', () => {
  test('the id of a kernel is the FNV-1a hash of its name, as printf strings', () => {
    assert.equal(launchId('child'), printfId('child'));
    assert.notEqual(launchId('child'), launchId('child2'));
  });

  test('one helper per arity: the record size from the argument types, each argument packed in turn', () => {
    const two = launchArity(2);
    assert.match(two, /^template <typename A0, typename A1>\ninline void cu2m_launch_2\(device uint\* buf, uint3 blockIdx, uint3 gridDim, uint id, uint3 grid, uint3 block, uint shmem, ulong stream, A0 a0, A1 a1\)/);
    assert.ok(two.includes('cu2m_launch_reserve(buf, 14u + cu2m_la_words<A0>() + cu2m_la_words<A1>(), blockIdx, gridDim, id, grid, block, shmem, stream, 2u)'));
    assert.ok(two.includes('  p = cu2m_la_put(p, a0);\n  p = cu2m_la_put(p, a1);\n'));
    const none = launchArity(0);
    assert.match(none, /^inline void cu2m_launch_0\(/);
    assert.ok(none.includes('cu2m_launch_reserve(buf, 14u, '));
    // The reservation counts pending launches against the limit in word 7 and refuses (counted in word 5).
    assert.ok(LAUNCH_PRELUDE.includes('atomic_fetch_add_explicit((device atomic_uint*)(buf + 6), 1u, memory_order_relaxed)'));
    assert.ok(LAUNCH_PRELUDE.includes('if (n >= buf[7] || at > buf[1] || words > buf[1] - at)'));
    assert.ok(LAUNCH_PRELUDE.includes('p[3] = 4u;'));
  });

  test('a launch in a kernel and in a helper: records through the printf buffer, arguments converted to the child\'s types', () => {
    const t = translateSource('t.cu', [
      'struct P { int a; float b; };',
      '__global__ void child(float *x, P p, long long n, const int *c) { x[0] = p.b + n + c[0]; }',
      '__device__ void spawn(float *x, int n) { P p = {1, 2.0f}; child<<<dim3(n, 2), 32, 16>>>(x, p, n, nullptr); }',
      '__global__ void parent(float *x, int n) { spawn(x, n); child<<<1, 1, 0, cudaStreamFireAndForget>>>(x + 1, P{3, 4.5}, 7, nullptr); }',
      'int main() { parent<<<1, 1>>>(0, 4); return 0; }',
    ].join('\n'));
    assert.deepEqual(t.diagnostics.filter((d) => d.severity === 'error'), []);
    assert.match(t.msl, /void spawn\(uint3 blockIdx, uint3 gridDim, device uint\* cu2m_printf_buffer, device float \*x, int n\)/);
    assert.ok(t.msl.includes(`cu2m_launch_4(cu2m_printf_buffer, blockIdx, gridDim, ${launchId('child')} /* child */, cu2m_dim(uint3(n, 2, 1)), cu2m_dim(32), uint(16), 0ul, static_cast<device float*>(x), static_cast<P>(p), static_cast<long>(n), static_cast<device const int*>(nullptr))`), t.msl);
    assert.ok(t.msl.includes('uint(0), ulong(4ul), static_cast<device float*>(x + 1)'), t.msl);
    assert.match(t.msl, /kernel void parent\(device float\* x \[\[buffer\(0\)\]\], constant int& n \[\[buffer\(1\)\]\], device uint\* cu2m_printf_buffer \[\[buffer\(2\)\]\]/);
    const byName = new Map(t.manifest.kernels.map((k) => [k.name, k]));
    assert.equal(byName.get('parent')?.launchesKernels, true, 'a launch through a helper flags the kernel');
    assert.equal(byName.get('child')?.launchesKernels, undefined);
    assert.ok(t.host.includes(`cu2mRegisterDeviceLaunch(${launchId('child')}, "child", &child);`), t.host);
    assert.ok(t.host.includes('CU2M_KERNEL_DEVICE_LAUNCHES'), t.host);
    // The reference source writes the record with CUDA's own types.
    assert.ok(t.cudaCpu.includes(`::cu2m_cuda::device_launch(${launchId('child')}, &child, dim3(1), dim3(1), size_t(0), (cudaStream_t)(cudaStreamFireAndForget), x + 1, P{3, 4.5}, 7, nullptr)`), t.cudaCpu);
  });

  test('device streams and errors: values in the MSL, the device runtime in the reference', () => {
    const t = translateSource('t.cu', [
      '__global__ void child(int *x) { x[0] = 1; }',
      '__global__ void parent(int *x) {',
      '  cudaStream_t s;',
      '  cudaStreamCreateWithFlags(&s, cudaStreamNonBlocking);',
      '  child<<<1, 1, 0, s>>>(x);',
      '  cudaError_t e = cudaPeekAtLastError();',
      '  if (e != cudaSuccess) x[1] = 2;',
      '  cudaStreamDestroy(s);',
      '}',
      'int main() { parent<<<1, 1>>>(0); return 0; }',
    ].join('\n'));
    assert.deepEqual(t.diagnostics.filter((d) => d.severity === 'error'), []);
    assert.match(t.msl, /ulong s;\n\s*cu2m_stream_create\(&s, 1u\);/);
    assert.match(t.msl, /int e = 0 \/\* cudaPeekAtLastError: .*\*\/;\n\s*if \(e != 0\) x\[1\] = 2;\n\s*cu2m_stream_destroy\(s\);/);
    assert.match(t.cudaCpu, /::cu2m_cuda::device_stream_create\(&s, cudaStreamNonBlocking\);/);
    assert.match(t.cudaCpu, /cudaError_t e = ::cu2m_cuda::device_last_error\(\);/);
  });

  test('refused: a kernel template, a pointer to pointers, device-side cudaDeviceSynchronize, a wrong argument count', () => {
    const e = errors([
      'template <typename T> __global__ void fillT(T *p) { p[0] = 1; }',
      '__global__ void two(int *a, int b) { a[0] = b; }',
      '__global__ void parent(float *p, int *a) {',
      '  fillT<float><<<1, 1>>>(p);',
      '  two<<<1, 1>>>(a);',
      '  cudaDeviceSynchronize();',
      '}',
      'int main() { parent<<<1, 1>>>(0, 0); return 0; }',
    ].join('\n'));
    assert.ok(e.some((m) => /^4: launching the kernel template 'fillT<float>' from device code is not translated yet/.test(m)), e.join('\n'));
    assert.ok(e.some((m) => /^5: launch of 'two' from device code with 1 arguments; it takes 2/.test(m)), e.join('\n'));
    assert.ok(e.some((m) => /^6: 'cudaDeviceSynchronize' is not supported in device code yet: device-side cudaDeviceSynchronize was removed in CUDA 12/.test(m)), e.join('\n'));
  });
});

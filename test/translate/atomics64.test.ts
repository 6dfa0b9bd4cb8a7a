// 64-bit atomics (tables/atomics64.ts, src/translate/atomics64.ts): the lock table a kernel binds
// and passes down, the helper each call gets (only those used), the refusals where CUDA has no
// such overload, and the MSL under the msl-cpu model at MSL 3.2 (and its refusal below 3.2).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { BuildError, buildModule } from '../../src/build/build';
import { translateSource } from '../../src/translate/index';

const translate = (src: string) => translateSource('a.cu', src);
const msl = (src: string): string => {
  const t = translate(src);
  assert.equal(t.ok, true, JSON.stringify(t.diagnostics));
  return t.msl;
};

const HELPER_AND_KERNEL = `typedef unsigned long long u64;
__device__ u64 bump(u64 *c, u64 v) { return atomicAdd(c, v); }
__global__ void k(u64 *c, double *d, long long *m) {
  __shared__ u64 s;
  bump(&c[1], 3ull);
  atomicCAS(c, 0ull, 1ull);
  atomicMax_block(&s, c[2]);
  atomicMin(m, -5ll);
  atomicAdd(d, 0.5);
}
`;

test('a kernel with 64-bit atomics binds the lock table by name and passes it to the helper that needs it', () => {
  const t = translate(HELPER_AND_KERNEL);
  assert.equal(t.ok, true, JSON.stringify(t.diagnostics));
  assert.match(t.msl, /kernel void k\(device u64\* c \[\[buffer\(0\)\]\], device f64\* d \[\[buffer\(1\)\]\], device long\* m \[\[buffer\(2\)\]\], device atomic_uint\* cu2m_atomic64_locks \[\[buffer\(3\)\]\]/);
  assert.match(t.msl, /u64 bump\(device atomic_uint\* cu2m_atomic64_locks, device u64 \*c, u64 v\) \{ return atomicAdd\(cu2m_atomic64_locks, c, v\); \}/);
  assert.match(t.msl, /bump\(cu2m_atomic64_locks, &c\[1\], 3ull\);/);
  assert.match(t.msl, /atomicCAS\(cu2m_atomic64_locks, c, 0ull, 1ull\);/);
  assert.match(t.msl, /atomicMax\(cu2m_atomic64_locks, &s, c\[2\]\);/, '_block: the same helpers');
  assert.match(t.msl, /atomicAdd\(cu2m_atomic64_locks, d, f64::from_bits/);
  const k = t.manifest.kernels.find((x) => x.name === 'k');
  const lock = k?.params.find((p) => p.name === 'cu2m_atomic64_locks');
  assert.deepEqual(lock && { kind: lock.kind, index: lock.index, symbol: lock.symbol }, { kind: 'buffer', index: 3, symbol: 'cu2m_atomic64_locks' });
  // The helpers used, in both address spaces, and no others.
  for (const sig of ['ulong atomicAdd(device atomic_uint* locks, device ulong* p, ulong v)', 'ulong atomicAdd(device atomic_uint* locks, threadgroup ulong* p, ulong v)', 'ulong atomicCAS(device atomic_uint* locks, device ulong* p, ulong c, ulong v)', 'ulong atomicMax(device atomic_uint* locks, threadgroup ulong* p, ulong v)', 'long atomicMin(device atomic_uint* locks, device long* p, long v)', 'f64 atomicAdd(device atomic_uint* locks, device f64* p, f64 v)']) {
    assert.ok(t.msl.includes(`inline ${sig} {`), sig);
  }
  assert.doesNotMatch(t.msl, /inline \w+ atomic(Xor|Exch)\(|inline long atomicMax\(/, 'only the helpers the program uses');
});

test('the critical section: SIMT-safe try-lock, both halves through 32-bit atomics between fences, old value returned', () => {
  const m = msl(HELPER_AND_KERNEL);
  assert.ok(m.indexOf('#if __METAL_VERSION__ < 320\n#error') < m.indexOf('inline device atomic_uint* cu2m_atomic64_lock('), 'the MSL 3.2 check comes first');
  assert.match(m, /if \(atomic_exchange_explicit\(lock, 1u, memory_order_relaxed\) != 0u\) return false;\n {2}atomic_thread_fence\(mem_flags::mem_device \| mem_flags::mem_threadgroup, memory_order_seq_cst, thread_scope_device\);/);
  assert.match(m, /atomic_thread_fence\([^)]*\);\n {2}atomic_store_explicit\(lock, 0u, memory_order_relaxed\);/, 'fence, then release');
  const cas = m.slice(m.indexOf('inline ulong atomicCAS(device atomic_uint* locks, device ulong* p, ulong c, ulong v) {'));
  assert.match(cas, /for \(bool done = false; !done;\) \{\n {4}if \(cu2m_atomic64_try_lock\(lock\)\) \{\n {6}old_ = cu2m_atomic64_load\(w\);\n {6}cu2m_atomic64_store\(w, ulong\(old_ == c \? v : old_\)\);\n {6}cu2m_atomic64_unlock\(lock\);\n {6}done = true;\n {4}\}\n {2}\}\n {2}return old_;/);
  const dbl = m.slice(m.indexOf('inline f64 atomicAdd(device atomic_uint* locks, device f64* p, f64 v) {'));
  assert.match(dbl, /old_ = f64::from_bits\(cu2m_atomic64_load\(w\)\);\n {6}cu2m_atomic64_store\(w, f64\(old_ \+ v\)\.bits\);/);
});

test('32-bit atomics alone: no lock table, no 64-bit prelude', () => {
  const t = translate('__global__ void k(unsigned *c, float *f) { atomicAdd(c, 1u); atomicCAS(c, 0u, 1u); atomicAdd(f, 1.0f); }\n');
  assert.equal(t.ok, true);
  assert.doesNotMatch(t.msl, /cu2m_atomic64/);
  assert.equal(t.manifest.kernels[0]!.params.some((p) => p.name === 'cu2m_atomic64_locks'), false);
});

test('a double value for a float atomic converts, as CUDA\'s overload does', () => {
  const m = msl('__global__ void k(float *f, double s) { atomicAdd(f, s * 2.0); }\n');
  assert.match(m, /atomicAdd\(f, float\(s \* 2\.0|atomicAdd\(f, float\(s \* f64/);
  assert.doesNotMatch(m, /cu2m_atomic64/);
});

test('a kernel template launched with 32-bit and 64-bit counters: lock-taking forwarders for the 32-bit instance', () => {
  const m = msl('template <typename T> __global__ void k(T *c) { atomicAdd(c, (T)1); }\nvoid run(unsigned long long *a, unsigned *b) { k<<<1, 1>>>(a); k<<<1, 1>>>(b); }\n');
  assert.match(m, /atomicAdd\(cu2m_atomic64_locks, c, \(T\)1\)/);
  assert.ok(m.includes('inline uint atomicAdd(device atomic_uint*, device uint* p, uint v) { return atomicAdd(p, v); }'), m);
  assert.ok(m.includes('inline ulong atomicAdd(device atomic_uint* locks, device ulong* p, ulong v) {'), m);
});

test('64-bit atomics CUDA does not have are refused at their line, naming the type', () => {
  const cases: ReadonlyArray<readonly [string, string, RegExp]> = [
    ['long long *p', 'atomicAdd(p, 1ll);', /C2M1002 'atomicAdd' on long long: CUDA has no such overload/],
    ['unsigned long long *p', 'atomicSub(p, 1ull);', /C2M1002 'atomicSub' on unsigned long long: CUDA has no such overload/],
    ['unsigned long long *p', 'atomicInc(p, 1ull);', /C2M1002 'atomicInc' on unsigned long long/],
    ['double *p', 'atomicMax(p, 1.0);', /C2M1003 'atomicMax' on double: CUDA has no such overload/],
  ];
  for (const [params, body, want] of cases) {
    const t = translate(`__global__ void k(${params}) { ${body} }\n`);
    assert.equal(t.ok, false, body);
    assert.match(t.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'), want);
  }
  const inst = translate('template <typename T> __global__ void k(T *c) { atomicSub(c, (T)1); }\nvoid run(unsigned long long *a) { k<<<1, 1>>>(a); }\n');
  assert.match(inst.diagnostics.map((d) => d.message).join('\n'), /'atomicSub' on unsigned long long: CUDA has no such overload .*; here in the instance k<unsigned long long>/);
});

test('the MSL compiles under the msl-cpu model at MSL 3.2 and is refused below with a clear message', async () => {
  const t = translate(HELPER_AND_KERNEL);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cu2m-atomics64-'));
  try {
    await buildModule('msl-cpu', t, { includeDirs: [], defines: [], metalVersion: 320 }, dir, 'a');
    await assert.rejects(buildModule('msl-cpu', t, { includeDirs: [], defines: [], metalVersion: 310 }, dir, 'a'), (e: unknown) => e instanceof BuildError && /64-bit or double atomics, emulated under a lock that needs atomic_thread_fence: MSL 3\.2/.test(e.output));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("the program's own 64-bit atomic that CUDA lacks is called as written; CUDA's own wins over an old-GPU fallback of the same name", () => {
  const m = msl(`__device__ double atomicMax(double *a, double v) {
  unsigned long long *b = (unsigned long long *)a, old = *b, seen;
  do { seen = old; if (__longlong_as_double((long long)seen) >= v) break; old = atomicCAS(b, seen, (unsigned long long)__double_as_longlong(v)); } while (seen != old);
  return __longlong_as_double((long long)old);
}
#if __CUDA_ARCH__ < 600
__device__ double atomicAdd(double *a, double v) { return v; }
#endif
__global__ void k(double *d) { atomicMax(d, 1.0); atomicAdd(d + 1, 2.0); }
`);
  assert.match(m, /kernel void k\(device f64\* d \[\[buffer\(0\)\]\], device atomic_uint\* cu2m_atomic64_locks \[\[buffer\(1\)\]\]\) \{ atomicMax\(cu2m_atomic64_locks, d, /);
  assert.match(m, /f64 atomicMax\(device atomic_uint\* cu2m_atomic64_locks, device f64 \*a, f64 v\)/);
  assert.match(m, /old = atomicCAS\(cu2m_atomic64_locks, b, seen, /);
  assert.match(m, /atomicAdd\(cu2m_atomic64_locks, d \+ 1, /);
  assert.doesNotMatch(m, /inline f64 atomicMax\(/, 'no helper of ours for a double atomicMax');
});

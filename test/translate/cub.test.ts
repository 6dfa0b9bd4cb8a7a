// CUB's block and warp collectives (native/include/cub, issue 6): `<cub/cub.cuh>` is found and
// translated like the program's own header, the storage references are `threadgroup`, the host
// program blanks the members that call barriers, and what is not provided is still refused (C2M2004).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Diagnostic } from '../../src/diagnostics/diagnostic';
import { unprovidedLibrary } from '../../src/host/libraries';
import { translateSource } from '../../src/translate/index';
import { lowerMslForClang } from '../../src/build/mslLower';

const errors = (ds: readonly Diagnostic[]): string[] => ds.filter((d) => d.severity === 'error').map((d) => `${d.start.line}:${d.start.column} ${d.code} ${d.message}`);

const kernel = [
  '#include <cub/cub.cuh>', // 1
  'template <int THREADS>',
  '__global__ void sum(const float *in, float *out) {',
  '  typedef cub::BlockReduce<float, THREADS> BlockReduce;',
  '  __shared__ typename BlockReduce::TempStorage temp_storage;',
  '  float s = BlockReduce(temp_storage).Sum(in[threadIdx.x]);',
  '  if (threadIdx.x == 0) out[blockIdx.x] = s;',
  '}',
  'int main() { sum<128><<<1, 128>>>(nullptr, nullptr); return 0; }',
].join('\n');

describe('CUB collectives', () => {
  test('<cub/cub.cuh> is ours: no C2M2004, the class is in the MSL with threadgroup storage references', () => {
    const t = translateSource('k.cu', kernel);
    assert.deepEqual(errors(t.diagnostics), []);
    assert.match(t.msl, /class CubBlockReduce \{/);
    assert.match(t.msl, /inline CubBlockReduce\(threadgroup TempStorage &temp_storage\) : temp\(temp_storage\) \{\}/);
    assert.match(t.msl, /using BlockReduce = CubBlockReduce<T, BLOCK_DIM_X, ALGORITHM, BLOCK_DIM_Y, BLOCK_DIM_Z>;/);
    assert.match(t.msl, /threadgroup TempStorage &temp;/);
    assert.match(t.msl, /threadgroup typename BlockReduce::TempStorage temp_storage;/);
    // The members read the built-ins through hidden parameters.
    assert.match(t.msl, /float s = BlockReduce\(temp_storage\)\.Sum\(threadIdx, blockDim, in\[threadIdx\.x\]\);/);
    // `cub::` goes (the MSL is flat); inside the class, whose members are named Sum, the operator is CubSum.
    assert.deepEqual(t.msl.split('\n').filter((l) => /cub::/.test(l) && !/^\s*(\/\/|\/\*|\*)/.test(l)), []);
    assert.match(t.msl, /struct CubSum \{/);
  });

  test('the host program blanks the members that call __syncthreads (the host has no barrier)', () => {
    const t = translateSource('k.cu', kernel);
    assert.match(t.host, /class CubBlockReduce/);
    assert.doesNotMatch(t.host, /__syncthreads\(\)/);
    assert.doesNotMatch(t.host, /__syncwarp\(\)/);
  });

  test('headers and names of CUB that are not provided are still C2M2004, naming them', () => {
    assert.equal(unprovidedLibrary('cub/cub.cuh'), undefined);
    assert.equal(unprovidedLibrary('cub/block/block_reduce.cuh'), undefined);
    assert.equal(unprovidedLibrary('cub/block/block_load.cuh'), undefined);
    assert.equal(unprovidedLibrary('cub/util_type.cuh'), undefined);
    assert.equal(unprovidedLibrary('cub/device/device_reduce.cuh'), undefined);
    assert.equal(unprovidedLibrary('cub/device/device_partition.cuh'), 'CUB');
    assert.equal(unprovidedLibrary('cub/block/block_radix_sort.cuh'), undefined);
    assert.equal(unprovidedLibrary('cub/block/block_exchange.cuh'), undefined);
    assert.equal(unprovidedLibrary('cub/warp/warp_exchange.cuh'), undefined);
    assert.equal(unprovidedLibrary('cub/block/block_histogram.cuh'), undefined);
    assert.equal(unprovidedLibrary('cub/block/block_discontinuity.cuh'), undefined);
    assert.equal(unprovidedLibrary('cub/block/block_shuffle.cuh'), 'CUB');
    const src = [
      '#include <cub/device/device_partition.cuh>', // 1
      '#include <cub/cub.cuh>',
      '__global__ void k(int *p) { p[0] = 1; }',
      'int main() {',
      '  void *tmp = nullptr; size_t bytes = 0; int *d = nullptr;',
      '  cub::DevicePartition::Flagged(tmp, bytes, d, d, d, d, 8);', // 6
      '  cub::DeviceScan::InclusiveSum(tmp, bytes, d, d, 8);',
      '  return 0;',
      '}',
    ].join('\n');
    const t = translateSource('d.cu', src);
    const e = errors(t.diagnostics);
    assert.equal(e.length, 2, e.join('\n'));
    assert.match(e[0]!, /^1:10 C2M2004 <cub\/device\/device_partition\.cuh> is a header of CUB/);
    assert.match(e[1]!, /^6:3 C2M2004 'cub::DevicePartition' is a part of CUB that cu2metal does not provide \(native\/include\/cub has .*DeviceScan/);
  });

  test('the device-wide algorithms are host code: the host program includes their headers, the MSL has none of them', () => {
    const src = [
      '#include <cub/cub.cuh>',
      'template <typename T> __global__ void fill(T *p, int n) { int i = blockIdx.x * blockDim.x + threadIdx.x; if (i < n) p[i] = T(i); }',
      'int main() {',
      '  int n = 1000; float *d, *sum; void *tmp = nullptr; size_t bytes = 0;',
      '  cudaMalloc(&d, n * sizeof(float)); cudaMalloc(&sum, sizeof(float));',
      '  fill<float><<<4, 256>>>(d, n);',
      '  cub::DeviceReduce::Sum(tmp, bytes, d, sum, n);',
      '  cudaMalloc(&tmp, bytes);',
      '  cub::DeviceReduce::Sum(tmp, bytes, d, sum, n);',
      '  cub::CountingInputIterator<int> counting(0);',
      '  cub::DeviceSelect::Flagged(tmp, bytes, counting, d, (int *)d, (int *)sum, n);',
      '  return 0;',
      '}',
    ].join('\n');
    const t = translateSource('r.cu', src);
    assert.deepEqual(errors(t.diagnostics), []);
    assert.match(t.host, /#include <cub\/device\/device_reduce\.cuh>/);
    assert.match(t.host, /#include <cub\/device\/device_select\.cuh>/);
    assert.match(t.host, /cub::DeviceReduce::Sum\(tmp, bytes, d, sum, n\);/);
    // A kernel template makes the host's template arguments roots of the MSL; cub's own host code is not one.
    assert.doesNotMatch(t.msl, /DeviceReduce|DeviceSelect|ValueOf|UnsignedOfSize|iterator_traits|CountingInputIterator/);
  });

  test("the program's own Max beside cub's: the program's keeps its name, cub::Max is CubMax", () => {
    const own = [
      '#include <cub/cub.cuh>',
      'struct Max {',
      '  template <typename T> __device__ T operator()(const T &a, const T &b) const { return a > b ? a : b; }',
      '};',
      '__global__ void k(const float *in, float *out) {',
      '  using BlockReduce = cub::BlockReduce<float, 64>;',
      '  __shared__ typename BlockReduce::TempStorage t;',
      '  float m = BlockReduce(t).Reduce(in[threadIdx.x], Max());',
      '  float n = BlockReduce(t).Reduce(in[threadIdx.x], cub::Max());',
      '  if (threadIdx.x == 0) out[0] = m + n;',
      '}',
    ];
    const t = translateSource('m.cu', own.join('\n'));
    assert.deepEqual(errors(t.diagnostics), []);
    assert.equal(t.msl.match(/^struct Max \{/gm)?.length, 1);
    assert.match(t.msl, /^struct CubMax \{/m);
    assert.doesNotMatch(t.msl, /typedef CubMax Max;/);
    assert.match(t.msl, /float m = BlockReduce\(t\)\.Reduce\(threadIdx, blockDim, in\[threadIdx\.x\], Max\(\)\);/);
    assert.match(t.msl, /float n = BlockReduce\(t\)\.Reduce\(threadIdx, blockDim, in\[threadIdx\.x\], CubMax\(\)\);/);
  });

  test('a device function named like the collective it wraps, naming cub\'s class in full (no alias): refused by name', () => {
    const src = [
      '#include <cub/cub.cuh>',
      'template <typename T, int N>',
      '__device__ void BlockReduce(T &x) {',
      '  __shared__ typename cub::BlockReduce<T, N>::TempStorage t;',
      '  x = cub::BlockReduce<T, N>(t).Sum(x);',
      '}',
      '__global__ void k(float *p) {',
      '  float v = p[threadIdx.x];',
      '  BlockReduce<float, 64>(v);',
      '  if (threadIdx.x == 0) p[0] = v;',
      '}',
    ].join('\n');
    const t = translateSource('w.cu', src);
    // The passes key hidden parameters and hoisted shared memory by name: `cub::BlockReduce<T, N>(t)`
    // would read as a call of the wrapper. (With a local alias of that name, the alias is renamed: below.)
    assert.deepEqual(errors(t.diagnostics).map((d) => d.replace(/ device function.*/, '')), ['3:1 C2M1001']);
    assert.match(errors(t.diagnostics)[0]!, /device function 'BlockReduce' has the name of cub::BlockReduce/);
  });

  test('a name of namespace cub with no CubNAME spelling, beside the program\'s own: refused by name', () => {
    const src = [
      '#include <cub/cub.cuh>',
      'struct ArgMax { __device__ int operator()(int a, int b) const { return a; } };',
      '__global__ void k(float *p) {',
      '  cub::ArgMax m;', // 4
      '  p[0] = 1;',
      '}',
    ].join('\n');
    const t = translateSource('a.cu', src);
    assert.deepEqual(errors(t.diagnostics).map((d) => d.replace(/ '.*/, '')), ['4:3 C2M1001']);
    assert.match(errors(t.diagnostics)[0]!, /'cub::ArgMax' and the program's own 'ArgMax' would be one name in the MSL/);
  });

  test('a device collective CUB has and we do not (WarpLoad) is named too', () => {
    const src = [
      '#include <cub/cub.cuh>',
      '__global__ void k(int *p) {',
      '  typedef cub::WarpLoad<int, 4> Load;', // 3
      '  p[0] = 1;',
      '}',
    ].join('\n');
    const t = translateSource('l.cu', src);
    assert.ok(errors(t.diagnostics).some((d) => /^3:11 C2M2004 'cub::WarpLoad' is a part of CUB/.test(d)), errors(t.diagnostics).join('\n'));
  });

  test('BlockExchange, WarpExchange, BlockRadixSort and Traits are ours: storages threadgroup, Traits<T>::TwiddleIn a static member', () => {
    const src = [
      '#include <cub/cub.cuh>',
      'template <typename T> __device__ typename cub::Traits<T>::UnsignedBits order(T key) {',
      '  return cub::Traits<T>::TwiddleIn(reinterpret_cast<typename cub::Traits<T>::UnsignedBits &>(key));',
      '}',
      '__global__ void k(float *p, unsigned *q) {',
      '  typedef cub::BlockExchange<float, 128, 4> Exchange;',
      '  typedef cub::WarpExchange<float, 4> WarpExchange;',
      '  typedef cub::BlockRadixSort<float, 128, 4> Sort;',
      '  __shared__ union { typename Exchange::TempStorage exchange; typename Sort::TempStorage sort; } temp;',
      '  __shared__ typename WarpExchange::TempStorage warps[4];',
      '  float items[4];',
      '  cub::LoadDirectBlocked(threadIdx.x, p, items);',
      '  Sort(temp.sort).Sort(items);',
      '  __syncthreads();',
      '  Exchange(temp.exchange).BlockedToStriped(items);',
      '  WarpExchange(warps[threadIdx.x / 32]).StripedToBlocked(items, items);',
      '  cub::StoreDirectStriped<128>(threadIdx.x, p, items);',
      '  q[threadIdx.x] = order(items[0]);',
      '}',
      'int main() { k<<<1, 128>>>(nullptr, nullptr); return 0; }',
    ].join('\n');
    const t = translateSource('x.cu', src);
    assert.deepEqual(errors(t.diagnostics), []);
    assert.match(t.msl, /class CubBlockExchange \{/);
    assert.match(t.msl, /class CubWarpExchange \{/);
    assert.match(t.msl, /class CubBlockRadixSort \{/);
    assert.match(t.msl, /inline CubBlockRadixSort\(threadgroup TempStorage &temp_storage\) : temp\(temp_storage\) \{\}/);
    assert.match(t.msl, /template <> struct CubTraits<float> : CubKeyTraits<FLOATING_POINT, unsigned int> \{/);
    assert.match(t.msl, /template <> struct CubTraits<f64> : CubKeyTraits<FLOATING_POINT, CubBits64> \{/);
    assert.match(t.msl, /typedef ulong CubBits64;/);
    assert.match(t.msl, /return Traits<T>::TwiddleIn\(/);
  });

  test('a reference member a constructor binds to TempStorage (through Alias()) is threadgroup; one bound elsewhere is not', () => {
    const src = [
      'template <typename T> struct Raw { T value; __device__ T &Alias() { return value; } };',
      'struct Layout { float slots[64]; };',
      'class Rotate {',
      '  Layout &layout;',
      ' public:',
      '  struct TempStorage : Raw<Layout> {};',
      '  __device__ Rotate(TempStorage &storage) : layout(storage.Alias()) {}',
      '  __device__ float At(int i) { return layout.slots[i]; }',
      '};',
      'struct Counter { int &n; __device__ Counter(int &c) : n(c) {} __device__ void Bump() { n++; } };',
      '__global__ void k(float *out) {',
      '  __shared__ Rotate::TempStorage t;',
      '  int c = 0;',
      '  Counter(c).Bump();',
      '  out[threadIdx.x] = Rotate(t).At(threadIdx.x) + c;',
      '}',
      'int main() { k<<<1, 64>>>(nullptr); return 0; }',
    ].join('\n');
    const t = translateSource('m.cu', src);
    assert.deepEqual(errors(t.diagnostics), []);
    assert.match(t.msl, /threadgroup Layout &layout;/);
    assert.match(t.msl, /threadgroup T &Alias\(\) threadgroup \{ return value; \}/);
    assert.doesNotMatch(t.msl, /threadgroup int &n/);
  });

  test('a member returning a reference into its object gets the threadgroup and device copies its calls need (Alias() of __shared__ storage)', () => {
    const src = [
      'template <typename T> struct Raw {', // 1
      '  unsigned long long words[(sizeof(T) + 7) / 8];',
      '  __device__ T &Alias() { return reinterpret_cast<T &>(*this); }',
      '  __device__ const T &first() const { return reinterpret_cast<const T &>(words[0]); }',
      '};',
      'struct Pair { int a; int b; };',
      'struct Local { int v[4]; __device__ int &at(int i) { int *p = v; return p[i]; } };',
      '__global__ void k(int *out, Raw<Pair> *g) {',
      '  __shared__ Raw<Pair> s;',
      '  Pair &r = s.Alias();', // 10
      '  if (threadIdx.x == 0) { r.a = 1; r.b = 2; }',
      '  __syncthreads();',
      '  const Pair &f = s.first();',
      '  Local l = {{1, 2, 3, 4}};',
      '  out[threadIdx.x] = r.a + f.b + l.at(1) + g->Alias().b;',
      '}',
      'int main() { k<<<1, 32>>>(nullptr, nullptr); return 0; }',
    ].join('\n');
    const t = translateSource('r.cu', src);
    assert.deepEqual(errors(t.diagnostics), []);
    assert.match(t.msl, /thread T &Alias\(\) thread \{ return reinterpret_cast<thread T &>\(\*this\); \}/);
    assert.match(t.msl, /threadgroup T &Alias\(\) threadgroup \{ return reinterpret_cast<threadgroup T &>\(\*this\); \}/);
    assert.match(t.msl, /device T &Alias\(\) device \{ return reinterpret_cast<device T &>\(\*this\); \}/);
    assert.match(t.msl, /threadgroup const T &first\(\) const threadgroup \{ return reinterpret_cast<const threadgroup T &>\(words\[0\]\); \}/);
    // The references bound to them are in the object's memory.
    assert.match(t.msl, /threadgroup Pair &r = s\.Alias\(\);/);
    assert.match(t.msl, /const threadgroup Pair &f = s\.first\(\);/);
    // Only the copies some call needs: first() is called on threadgroup storage only.
    assert.doesNotMatch(t.msl, /first\(\) const device/);
    assert.doesNotMatch(t.msl, /cu2m-copy/);
    // A member whose text has another thread space (a local pointer) gets no copies.
    assert.doesNotMatch(t.msl, /int &at\(int i\) threadgroup/);
  });

  test('BlockLoad, BlockStore and BlockAdjacentDifference are ours: the arrays are taken whole, the storages are threadgroup', () => {
    const src = [
      '#include <cub/cub.cuh>',
      'struct Diff { template <typename T> __device__ T operator()(T &a, T &b) { return a - b; } };',
      '__global__ void k(const int *in, int *out) {',
      '  typedef cub::BlockLoad<int, 128, 4, cub::BLOCK_LOAD_WARP_TRANSPOSE> Load;',
      '  typedef cub::BlockStore<int, 128, 4, cub::BLOCK_STORE_WARP_TRANSPOSE> Store;',
      '  typedef cub::BlockAdjacentDifference<int, 128> Adj;',
      '  __shared__ union { typename Load::TempStorage load; typename Store::TempStorage store; typename Adj::TempStorage adj; } temp;',
      '  int items[4];',
      '  Load(temp.load).Load(in + blockIdx.x * 512, items);',
      '  __syncthreads();',
      '  Adj(temp.adj).SubtractLeft(items, items, Diff());',
      '  __syncthreads();',
      '  Store(temp.store).Store(out + blockIdx.x * 512, items);',
      '}',
    ].join('\n');
    const t = translateSource('b.cu', src);
    assert.deepEqual(errors(t.diagnostics), []);
    assert.match(t.msl, /class CubBlockLoad \{/);
    assert.match(t.msl, /class CubBlockAdjacentDifference \{/);
    assert.match(t.msl, /threadgroup TempStorage &temp;/);
    assert.deepEqual(t.msl.split('\n').filter((l) => /cub::/.test(l) && !/^\s*(\/\/|\/\*|\*)/.test(l)), []);
  });

  test('a wrapper function named like the collective it wraps: its local alias is renamed, its storage hoisted with the alias written out', () => {
    const src = [
      '#include <cub/cub.cuh>', // 1
      'template <typename T, int THREADS>',
      '__device__ void BlockReduce(T &a, T &b) {',
      '  using BlockReduce = cub::BlockReduce<T, THREADS>;',
      '  __shared__ typename BlockReduce::TempStorage s1;',
      '  __shared__ typename BlockReduce::TempStorage s2;',
      '  a = BlockReduce(s1).Sum(a);',
      '  b = BlockReduce(s2).Reduce(b, cub::Max());',
      '}',
      '__global__ void k(float *p) { float a = p[threadIdx.x], b = a; BlockReduce<float, 128>(a, b); if (threadIdx.x == 0) p[0] = a + b; }', // 10
      'template <typename T> __device__ void BlockScan(T &x) { typedef cub::BlockScan<T, 64> BlockScan; __shared__ typename BlockScan::TempStorage t; BlockScan(t).ExclusiveSum(x, x); }',
      '__global__ void deduced(int *p) { int x = p[threadIdx.x]; BlockScan(x); p[threadIdx.x] = x; }', // 12
      '__global__ void notDeduced(int *p) { BlockScan(p[threadIdx.x]); }', // 13
    ].join('\n');
    const t = translateSource('w.cu', src);
    // A deduced call whose argument is a variable of a plain type (accuracy's `BlockReduce(ngt)`)
    // declares the storage of that instance; one whose argument is an expression is refused: the
    // storage's type needs the template argument.
    assert.deepEqual(errors(t.diagnostics).map((d) => d.replace(/ '.*/, '')), ['13:38 C2M1007']);
    assert.match(t.msl, /threadgroup typename CubBlockScan<int, 64>::TempStorage BlockScan_t;/);
    const t2 = translateSource('w.cu', src.split('\n').slice(0, 10).join('\n'));
    assert.deepEqual(errors(t2.diagnostics), []);
    assert.match(t2.msl, /using BlockReduceT = CubBlockReduce<T, THREADS>;/);
    assert.match(t2.msl, /a = BlockReduceT\(s1\)\.Sum\(/);
    assert.match(t2.msl, /threadgroup typename CubBlockReduce<T, THREADS>::TempStorage& s1/);
    assert.match(t2.msl, /threadgroup typename CubBlockReduce<float, 128>::TempStorage BlockReduce_s1;/);
  });

  test('a helper\'s storage through a local alias (moe-align) is declared in the kernel with the alias written out', () => {
    const src = [
      '#include <cub/cub.cuh>',
      '__device__ int offsetOf(int count) {',
      '  using BlockScan = cub::BlockScan<int, 256>;',
      '  __shared__ typename BlockScan::TempStorage temp;',
      '  int offset;',
      '  BlockScan(temp).ExclusiveSum(count, offset);',
      '  return offset;',
      '}',
      '__global__ void k(int *p) { p[threadIdx.x] = offsetOf(p[threadIdx.x]); }',
    ].join('\n');
    const t = translateSource('m.cu', src);
    assert.deepEqual(errors(t.diagnostics), []);
    assert.match(t.msl, /threadgroup typename (Cub)?BlockScan<int, 256>::TempStorage offsetOf_temp;/);
    assert.match(t.msl, /int offsetOf\([^)]*threadgroup typename (Cub)?BlockScan<int, 256>::TempStorage& temp/);
  });

  test('a threadgroup union of storages (blockScan) is lowered for clang with its type named once', () => {
    const src = [
      '#include <cub/cub.cuh>',
      '__global__ void k(const int *in, int *out) {',
      '  typedef cub::BlockLoad<int, 64, 2> L;',
      '  typedef cub::BlockScan<int, 64> S;',
      '  __shared__ union { typename L::TempStorage load; typename S::TempStorage scan; } temp;',
      '  int items[2];',
      '  L(temp.load).Load(in, items);',
      '  __syncthreads();',
      '  S(temp.scan).ExclusiveSum(items, items);',
      '  out[threadIdx.x] = items[0];',
      '}',
    ].join('\n');
    const t = translateSource('u.cu', src);
    assert.deepEqual(errors(t.diagnostics), []);
    assert.match(t.msl, /threadgroup union \{/);
    const lowered = lowerMslForClang(t.msl, 'u.metal');
    assert.deepEqual(lowered.errors, []);
    assert.match(lowered.code, /typedef threadgroup union \{ typename L::TempStorage load; typename S::TempStorage scan; \} cu2m_tg_type_\d+; cu2m_tg_type_\d+ \(&temp\) = \*\(cu2m_tg_type_\d+ \(\*\)\)::cu2m_msl::threadgroup_static\(/);
  });
});


// 16-bit atomics (tables/atomics16.ts): which overloads a file gets, and what they are made of.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { translateSource } from '../../src/translate/index';
import { FUNCTION_BY_NAME } from '../../src/translate/tables/functions';

const msl = (src: string): string => {
  const t = translateSource('a.cu', src);
  assert.equal(t.ok, true, JSON.stringify(t.diagnostics));
  return t.msl;
};

test('atomicAdd on __half and __half2: CAS loops on the containing 32-bit word, in both address spaces', () => {
  const m = msl('#include <cuda_fp16.h>\n__global__ void k(__half* h, __half2* p) {\n  __shared__ __half s[4];\n  __half o = atomicAdd(&h[1], __float2half(1.0f));\n  atomicAdd(&s[threadIdx.x & 3], o);\n  atomicAdd_block(p, __half2(o, o));\n}\n');
  for (const space of ['device', 'threadgroup']) {
    const scalar = m.slice(m.indexOf(`inline half atomicAdd(${space} half* p, half v) {`));
    assert.ok(m.includes(`inline half atomicAdd(${space} half* p, half v) {`), m);
    // the word: the pointer's bits say which half-word; only that one changes, the other is kept
    assert.match(scalar, new RegExp(`uint sh = uint\\(reinterpret_cast<ulong>\\(p\\) & 2ul\\) \\* 8u;[^\\n]*\\n  ${space} atomic_uint\\* a = \\(${space} atomic_uint\\*\\)\\(\\(${space} uchar\\*\\)p - sh / 8u\\);`));
    assert.match(scalar, /uint next = \(seen & ~\(0xffffu << sh\)\) \| \(uint\(as_type<ushort>\(half\(old_ \+ v\)\)\) << sh\);\n {4}if \(atomic_compare_exchange_weak_explicit\(a, &seen, next, memory_order_relaxed, memory_order_relaxed\)\) return old_;/);
    assert.ok(m.includes(`inline half2 atomicAdd(${space} half2* p, half2 v) {\n  ${space} atomic_uint* a = (${space} atomic_uint*)p;`), m);
  }
  assert.match(m, /atomicAdd\(p, half2\(o, o\)\)/, 'atomicAdd_block calls the same helpers');
  assert.doesNotMatch(m, /bfloat/, 'no bfloat overloads (nor the MSL 3.1 check) in a half program');
  assert.doesNotMatch(m, /ushort\* p/, 'no atomicCAS overloads');
});

test('atomicAdd on the bfloat16 types: bfloat overloads after the MSL 3.1 check; no half ones', () => {
  const m = msl('#include <cuda_bf16.h>\n__global__ void k(__nv_bfloat16* b, __nv_bfloat162* p) { atomicAdd(b, b[1]); atomicAdd(p, p[1]); }\n');
  const check = m.indexOf('#if __METAL_VERSION__ < 310');
  assert.ok(check >= 0 && check < m.indexOf('inline bfloat atomicAdd(device bfloat* p, bfloat v)'), m);
  assert.ok(m.includes('inline bfloat2 atomicAdd(threadgroup bfloat2* p, bfloat2 v)'), m);
  assert.doesNotMatch(m, /inline half/);
});

test('atomicCAS on unsigned short: compares the half-word, returns what it found, rewrites only its half', () => {
  const m = msl('__global__ void k(unsigned short* u) { atomicCAS(u, (unsigned short)1, (unsigned short)2); }\n');
  const f = m.slice(m.indexOf('inline ushort atomicCAS(device ushort* p, ushort c, ushort v) {'));
  assert.ok(f.length < m.length, m);
  assert.match(f, /ushort old_ = ushort\(seen >> sh\);\n {4}if \(old_ != c\) return old_;\n {4}uint next = \(seen & ~\(0xffffu << sh\)\) \| \(uint\(ushort\(v\)\) << sh\);/);
  assert.ok(m.includes('inline ushort atomicCAS(threadgroup ushort* p, ushort c, ushort v)'));
});

test('programs without 16-bit types keep their atomic helpers as they were', () => {
  const m = msl('__global__ void k(int* i, unsigned* u) { atomicAdd(i, 1); atomicCAS(u, 1u, 2u); }\n');
  assert.doesNotMatch(m, /half|bfloat|ushort/);
});

test('the support matrix rows name the 16-bit forms', () => {
  const note = (name: string): string => {
    const m = FUNCTION_BY_NAME.get(name)?.map;
    return m?.kind === 'polyfill' ? (m.note ?? '') : '';
  };
  assert.match(note('atomicAdd'), /__half, __half2, __nv_bfloat16, __nv_bfloat162: a compare-exchange loop on the containing 32-bit word/);
  assert.match(note('atomicCAS'), /unsigned short: a compare-exchange loop/);
});

test('typedef and using of a CUDA type name take its MSL spelling', () => {
  const m = msl('#include <cuda_fp16.h>\ntypedef __half H;\nusing ll = long long;\n__global__ void k(H* h, ll* p) { h[0] = h[1]; p[0] = 1; }\n');
  assert.match(m, /typedef half H;/);
  assert.match(m, /using ll = long;/);
});

test('__half_raw in device code: its struct (bits in x, conversions both ways) is added once; no bfloat', () => {
  const m = msl('#include <cuda_fp16.h>\n__global__ void k(__half* h) { __half_raw r; r.x = 0x3c00; h[0] = __half(r); __half_raw q = {0x4000}; h[1] = q; }\n');
  assert.equal(m.match(/struct __half_raw \{/g)?.length, 1, m);
  assert.match(m, / {2}ushort x;\n {2}__half_raw\(\) = default;\n {2}__half_raw\(ushort bits\) : x\(bits\) \{\}\n {2}template <class H, enable_if_t<is_same<H, half>::value, int> = 0> __half_raw\(H h\) : x\(as_type<ushort>\(h\)\) \{\}\n {2}operator half\(\) const \{ return as_type<half>\(x\); \}/);
  assert.match(m, /h\[0\] = half\(r\);/);
  assert.doesNotMatch(m, /bfloat/);
});

test('__nv_bfloat162_raw brings its struct and the MSL 3.1 check', () => {
  const m = msl('#include <cuda_bf16.h>\n__global__ void k(__nv_bfloat162* p) { __nv_bfloat162_raw r; r.x = 1; r.y = 2; p[0] = r; }\n');
  assert.match(m, /struct __nv_bfloat162_raw \{\n {2}ushort x, y;/);
  assert.match(m, /operator pair_type\(\) const \{ pair_type r; r\.x = as_type<bfloat>\(x\); r\.y = as_type<bfloat>\(y\); return r; \}/);
  assert.ok(m.indexOf('#if __METAL_VERSION__ < 310') >= 0 && m.indexOf('#if __METAL_VERSION__ < 310') < m.indexOf('struct __nv_bfloat162_raw'), m);
});

test('an atomic named in a macro gets its 16-bit overloads too', () => {
  const m = msl('#include <cuda_fp16.h>\n#define ACC(p, v) atomicAdd(p, v)\n__global__ void k(__half* h) { ACC(h, h[1]); }\n');
  assert.ok(m.includes('inline half atomicAdd(device half* p, half v) {'), m);
});

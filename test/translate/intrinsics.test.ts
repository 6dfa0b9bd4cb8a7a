// The small device intrinsics of tables/moreFunctions.ts and the cooperative-groups scans and
// copies (tables/cooperativeGroups.ts): the MSL each becomes, and the diagnostics where CUDA's
// meaning cannot be kept.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { translateSource } from '../../src/translate/index';

const kernel = (body: string, params = 'unsigned* out, const int* in'): string => `__global__ void k(${params}) {\n${body}\n}\n`;
const diag = (t: ReturnType<typeof translateSource>, code: string, line: number, text: RegExp): boolean =>
  t.diagnostics.some((d) => d.code === code && d.start.line === line && text.test(d.message));

describe('warp votes and bit searches', () => {
  test('the pre-CUDA 9 votes are the SIMD-group votes over the active lanes; __uni_sync and __fns are helpers', () => {
    const t = translateSource('a.cu', kernel('  int p = in[threadIdx.x] > 0;\n  out[0] = __ballot(p) + __any(p) + __all(p) + __uni_sync(0xffffffffu, p) + __fns(0xf0u, 2u, -1);'));
    assert.equal(t.ok, true, JSON.stringify(t.diagnostics));
    assert.ok(t.msl.includes('out[0] = uint(simd_vote::vote_t(simd_ballot(bool(p)))) + int(simd_any(bool(p))) + int(simd_all(bool(p))) + cu2m_uni_sync(0xffffffffu, p) + cu2m_fns(0xf0u, 2u, -1);'), t.msl);
    assert.match(t.msl, /inline int cu2m_uni_sync\(uint mask, bool p\) \{/);
    assert.match(t.msl, /inline uint cu2m_fns\(uint mask, uint base, int offset\) \{/);
  });
  test('__nanosleep is a no-op that evaluates its argument; __threadfence_system is the device fence', () => {
    const t = translateSource('a.cu', kernel('  __nanosleep(in[0]);\n  __threadfence_system();'));
    assert.equal(t.ok, true, JSON.stringify(t.diagnostics));
    assert.ok(t.msl.includes('((void)(in[0]) /* __nanosleep: no sleep in Metal */);'), t.msl);
    assert.ok(t.msl.includes('atomic_thread_fence(mem_flags::mem_device | mem_flags::mem_threadgroup, memory_order_seq_cst, thread_scope_device);'), t.msl);
  });
  test('__vabsdiff2/4 are not CUDA functions: the diagnostic names the real ones', () => {
    const t = translateSource('a.cu', kernel('  out[0] = __vabsdiff4(in[0], in[1]);'));
    assert.equal(t.ok, false);
    assert.ok(diag(t, 'C2M1002', 2, /__vabsdiffs4 and __vabsdiffu4/), JSON.stringify(t.diagnostics));
  });
});

describe('__trap and __brkpt', () => {
  test('a failed assert\'s record naming the call, with the printf buffer and the built-ins passed to helpers', () => {
    const t = translateSource('a.cu', '__device__ void check(int v) {\n  if (v < 0) __trap();\n}\n' + kernel('  check(in[threadIdx.x]);\n  if (in[0] == 7) __brkpt();'));
    assert.equal(t.ok, true, JSON.stringify(t.diagnostics));
    assert.match(t.msl, /if \(v < 0\) cu2m_assert_fail\(cu2m_printf_buffer, blockIdx, gridDim, threadIdx, 0x[0-9a-f]{8}u\);/);
    assert.match(t.msl, /if \(in\[0\] == 7\) cu2m_assert_fail\(cu2m_printf_buffer, blockIdx, gridDim, threadIdx, 0x[0-9a-f]{8}u\);/);
    assert.match(t.msl, /void check\([^)]*device uint\* cu2m_printf_buffer/);
    assert.ok(t.host.includes('__trap() called.\\n"'), t.host);
    assert.ok(t.host.includes('__brkpt() called.\\n"'), t.host);
  });
});

describe('address-space tests', () => {
  test('answered from the static address space, per helper instance', () => {
    const t = translateSource('a.cu', '__constant__ int c[4];\n__device__ unsigned sh(const void* p) { return __isShared(p); }\n' +
      kernel('  __shared__ int s[4];\n  int l[2] = {1, 2};\n  out[0] = __isGlobal(in) + __isConstant(c) + __isLocal(l) + __isShared(s) + __isGlobal(s);\n  out[1] = sh(s) + sh(in) + s[0] + l[1];'));
    assert.equal(t.ok, true, JSON.stringify(t.diagnostics));
    assert.ok(t.msl.includes('out[0] = 1u /* __isGlobal: device */ + 1u /* __isConstant: constant */ + 1u /* __isLocal: thread */ + 1u /* __isShared: threadgroup */ + 0u /* __isGlobal: threadgroup */;'), t.msl);
    assert.match(t.msl, /unsigned sh\(const threadgroup void\* p\) \{\s*return 1u \/\* __isShared: threadgroup \*\/;/);
    assert.match(t.msl, /unsigned sh\(const device void\* p\) \{\s*return 0u \/\* __isShared: device \*\/;/);
  });
  test('unknown memory is C2M1005; __cvta_generic_to_shared is refused with its reason', () => {
    const t = translateSource('a.cu', '\n' + kernel('  __shared__ int s[4];\n  out[0] = __isGlobal(threadIdx.x > 1 ? s : (int*)in);\n  out[1] = (unsigned)__cvta_generic_to_shared(s);'));
    assert.equal(t.ok, false);
    assert.ok(diag(t, 'C2M1005', 4, /__isGlobal/), JSON.stringify(t.diagnostics));
    assert.ok(diag(t, 'C2M1002', 5, /inline PTX/), JSON.stringify(t.diagnostics));
  });
});

describe('asynchronous copies', () => {
  test('__pipeline_memcpy_async is a byte copy in the arguments\' spaces; commit and wait are no-ops', () => {
    const t = translateSource('a.cu', '#include <cuda_pipeline.h>\n' + kernel('  __shared__ float4 s[32];\n  __pipeline_memcpy_async(&s[threadIdx.x], &((const float4*)in)[threadIdx.x], 16, 4);\n  __pipeline_commit();\n  __pipeline_wait_prior(0);\n  __syncthreads();\n  out[0] = (unsigned)s[0].w;'));
    assert.equal(t.ok, true, JSON.stringify(t.diagnostics));
    assert.ok(t.msl.includes('cu2m_pipeline_memcpy((threadgroup uchar*)(&s[threadIdx.x]), (const device uchar*)(&((const device float4*)in)[threadIdx.x]), 16, 4);'), t.msl);
    assert.ok(t.msl.includes('((void)0 /* __pipeline_commit: the copies are done */);\n  ((void)(0) /* __pipeline_wait_prior: the copies are done */);'), t.msl);
  });
  test('cg::memcpy_async casts dst and src to bytes; wait is the group barrier; other forms are refused', () => {
    const src = '#include <cooperative_groups.h>\n#include <cooperative_groups/memcpy_async.h>\nnamespace cg = cooperative_groups;\n' +
      kernel('  __shared__ int s[64];\n  cg::thread_block b = cg::this_thread_block();\n  cg::memcpy_async(b, s, in, 256);\n  cg::wait(b);\n  cg::memcpy_async(b, s, 64, in, 64);\n  out[0] = s[1];');
    const t = translateSource('a.cu', src);
    assert.ok(t.msl.includes('cg::memcpy_async(b, (threadgroup uchar*)(s), (const device uchar*)(in), 256);'), t.msl);
    assert.ok(t.msl.includes('cg::wait(b);'), t.msl);
    assert.ok(diag(t, 'C2M1002', 9, /memcpy_async with 5 arguments/), JSON.stringify(t.diagnostics));
  });
});

describe('cooperative-groups scans', () => {
  test('tiles and coalesced groups scan; a thread_block is refused as CUDA refuses it', () => {
    const src = '#include <cooperative_groups.h>\n#include <cooperative_groups/scan.h>\nnamespace cg = cooperative_groups;\n' +
      kernel('  cg::thread_block b = cg::this_thread_block();\n  auto t = cg::tiled_partition<16>(b);\n  out[0] = cg::inclusive_scan(t, in[0]) + cg::exclusive_scan(t, in[1], cg::bit_or<int>());\n  out[1] = cg::exclusive_scan(b, in[2]);');
    const t = translateSource('a.cu', src);
    assert.ok(t.msl.includes('out[0] = cg::inclusive_scan(t, in[0]) + cg::exclusive_scan(t, in[1], cg::bit_or<int>());'), t.msl);
    assert.match(t.msl, /template <uint N, typename T, typename Op> inline T cu2m_cg_scan\(thread_block_tile<N> g/);
    assert.equal(t.ok, false);
    assert.ok(diag(t, 'C2M1002', 8, /exclusive_scan over a thread_block/), JSON.stringify(t.diagnostics));
  });
});

describe('double1, double4_16a, double4_32a', () => {
  test('software double: structs with CUDA\'s layouts; --double=float: double1 is a struct of one float (Metal has no float1)', () => {
    const src = '__global__ void k(double1* w, double4_32a* p, const double4_16a* f) {\n  double1 a = w[threadIdx.x];\n  p[0] = make_double4_32a(a.x, f[0].y, 0.0, 1.0);\n}\n';
    const soft = translateSource('a.cu', src);
    assert.equal(soft.ok, true, JSON.stringify(soft.diagnostics));
    assert.ok(soft.msl.includes('struct cu2m_double1 { f64 x; };'), soft.msl);
    assert.ok(soft.msl.includes('struct alignas(32) cu2m_double4_32a { f64 x, y, z, w; };'), soft.msl);
    assert.ok(soft.msl.includes('struct alignas(16) cu2m_double4_16a { f64 x, y, z, w; };'), soft.msl);
    assert.ok(soft.msl.includes('kernel void k(device cu2m_double1* w [[buffer(0)]], device cu2m_double4_32a* p [[buffer(1)]], device const cu2m_double4_16a* f [[buffer(2)]]'), soft.msl);
    const demoted = translateSource('a.cu', '__global__ void k(float* out) {\n  double1 a = make_double1(1.5);\n  out[0] = (float)a.x;\n}\n', { double: 'float' });
    assert.equal(demoted.ok, true, JSON.stringify(demoted.diagnostics));
    assert.ok(demoted.msl.includes('struct cu2m_float1 { float x; };'), demoted.msl);
    assert.ok(demoted.msl.includes('cu2m_float1 a = make_double1(1.5f);'), demoted.msl);
  });
});

describe('one-instruction inline PTX (tables/ptx.ts)', () => {
  test('lop3.b32 and shf.*.b32 become an assignment of their function, in the MSL and in the cuda-cpu reference', () => {
    const body = [
      '  unsigned a = in[0], b = in[1], c = in[threadIdx.x], d;',
      '  asm("lop3.b32 %0, %1, %2, %3, 0x96;" : "=r"(d) : "r"(a), "r"(b), "r"(c));',
      '  asm volatile ("shf.l.wrap.b32 %0, %1, %2, %3;"',
      '                : "=r"(out[1]) : "r"(a), "r"(b + threadIdx.x), "r"(c));',
      '  out[0] = d;',
    ].join('\n');
    const t = translateSource('a.cu', kernel(body));
    assert.equal(t.ok, true, JSON.stringify(t.diagnostics));
    assert.ok(t.msl.includes('  d = cu2m_lop3(a, b, c, 0x96);'), t.msl);
    assert.ok(t.msl.includes('  out[1] = cu2m_funnelshift_l(a, b + threadIdx.x, c);'), t.msl);
    assert.match(t.msl, /inline uint cu2m_lop3\(uint a, uint b, uint c, uint lut\) \{/);
    assert.match(t.msl, /inline uint cu2m_funnelshift_l\(uint lo, uint hi, uint s\) \{/);
    assert.ok(t.cudaCpu.includes('  d = cu2m_lop3(a, b, c, 0x96);'), t.cudaCpu);
    assert.ok(t.cudaCpu.includes('out[1] = __funnelshift_l(a, b + threadIdx.x, c);'), t.cudaCpu);
  });
  test('%laneid and %lanemask_* read the caller\'s lane from the block built-ins, also in a helper; vabsdiff4/2 .add call their functions', () => {
    const src = [
      '__device__ unsigned lane() { unsigned id; asm volatile("mov.u32 %0, %%laneid;" : "=r"(id)); return id; }',
      '__global__ void k(unsigned* out, const unsigned* in) {',
      '  unsigned m;',
      '  asm("mov.u32 %0, %%lanemask_lt;" : "=r"(m));',
      '  asm("vabsdiff4.u32.u32.u32.add %0, %1, %2, %3;" : "=r"(out[1]) : "r"(in[0]), "r"(in[1]), "r"(m));',
      '  asm("vabsdiff2.s32.s32.s32.add %0, %1, %2, %3;" : "=r"(out[2]) : "r"(in[0]), "r"(in[1]), "r"(lane()));',
      '}',
    ].join('\n');
    const t = translateSource('a.cu', src);
    assert.equal(t.ok, true, JSON.stringify(t.diagnostics));
    assert.ok(t.msl.includes('id = cu2m_lane_id(threadIdx, blockDim);'), t.msl);
    assert.match(t.msl, /unsigned lane\(uint3 threadIdx, uint3 blockDim\)/);
    assert.ok(t.msl.includes('m = cu2m_lanemask_lt(cu2m_lane_id(threadIdx, blockDim));'), t.msl);
    assert.ok(t.msl.includes('out[1] = cu2m_vabsdiff4_add_u(in[0], in[1], m);'), t.msl);
    assert.ok(t.msl.includes('out[2] = cu2m_vabsdiff2_add_s(in[0], in[1], lane(threadIdx, blockDim));'), t.msl);
    assert.match(t.msl, /inline uint cu2m_lanemask_lt\(uint lane\) \{ return \(1u << lane\) - 1u; \}/);
    assert.match(t.msl, /inline uint cu2m_lane_id\(uint3 threadIdx, uint3 blockDim\)/);
    assert.match(t.msl, /inline uint cu2m_vabsdiff2_add_s\(uint a, uint b, uint c\) \{/);
    assert.ok(t.cudaCpu.includes('id = ((threadIdx.x + blockDim.x * (threadIdx.y + blockDim.y * threadIdx.z)) & 31u);'), t.cudaCpu);
    assert.ok(t.cudaCpu.includes('m = cu2m_lanemask_lt(((threadIdx.x'), t.cudaCpu);
    assert.ok(t.cudaCpu.includes('out[1] = cu2m_vabsdiff4_add_u(in[0], in[1], m);'), t.cudaCpu);
  });
  test('other asm stays refused: other instructions, read-write or memory operands, clobbers, asm inside an expression', () => {
    const refused = [
      'asm("mov.u32 %0, %%warpid;" : "=r"(out[0]));',
      'asm("vabsdiff4.u32.u32.s32.add %0, %1, %2, %3;" : "=r"(out[0]) : "r"(in[0]), "r"(in[1]), "r"(in[2]));',
      'asm("vabsdiff4.u32.u32.u32.sat %0, %1, %2, %3;" : "=r"(out[0]) : "r"(in[0]), "r"(in[1]), "r"(in[2]));',
      'asm("mov.u32 %0, %%laneid;" : "=r"(out[0]) : "r"(in[0]));',
      'asm("lop3.b32 %0, %1, %2, %3, 0x96;" : "+r"(out[0]) : "r"(in[0]), "r"(in[1]), "r"(in[2]));',
      'asm("lop3.b32 %0, %1, %2, %3, 0x96;" : "=r"(out[0]) : "r"(in[0]), "r"(in[1]), "r"(in[2]) : "memory");',
      'asm("lop3.b32 %0, %1, %2, %3, 0x96; lop3.b32 %0, %0, %2, %3, 0x96;" : "=r"(out[0]) : "r"(in[0]), "r"(in[1]), "r"(in[2]));',
      'asm("shf.l.wrap.b32 %0, %1, %2, %3;" : "=l"(out[0]) : "r"(in[0]), "r"(in[1]), "r"(in[2]));',
      'asm("lop3.b32 %0, %2, %1, %3, 0x96;" : "=r"(out[0]) : "r"(in[0]), "r"(in[1]), "r"(in[2]));',
    ];
    for (const line of refused) {
      const t = translateSource('a.cu', kernel(`  ${line}`));
      assert.equal(t.ok, false, line);
      assert.ok(diag(t, 'C2M1001', 2, /inline PTX assembly is not supported in device code/), `${line}: ${JSON.stringify(t.diagnostics)}`);
    }
  });
});

// Dynamic parallelism: a kernel launch in device code (docs/DESIGN.md, "Launches from device code").
//
//   child<<<grid, block, shmem, stream>>>(a, n)
//     → cu2m_launch_2(cu2m_printf_buffer, blockIdx, gridDim, 0x1a2b3c4du /* child */, cu2m_dim(grid),
//                     cu2m_dim(block), uint(shmem), ulong(stream), static_cast<device int*>(a), static_cast<int>(n))
//
// Metal cannot enqueue work from a kernel, so the launch is a RECORD (flags 4) in the runtime's
// printf buffer (native/runtime/printf.cpp has the layout): the kernel's id (an FNV-1a hash of its
// name, which the host program registers with a launcher, src/host/host.ts), grid, block, dynamic
// shared bytes, the stream and each argument as [bytes, value...] converted to the child's parameter
// type. After the parent grid completes the runtime launches the recorded children (and theirs)
// before the parent's launch counts as complete.
import type { SyntaxNode } from '../parse/parse';
import type { PassContext } from './passContext';
import { printfId } from './printf';
import { PRINTF_BUFFER } from './printf';
import type { FunctionFacts, ParamFacts } from './program';

/** The id a device-side launch record names its kernel by (also registered by the host program). */
export const launchId = (kernel: string): string => printfId(kernel);

/** Header words of a launch record's payload: grid (3), block (3), shmem, stream (2), argument count. */
const CONFIG_WORDS = 10;

/** Shared helpers of every device-side launch (the reservation and the argument packing). */
export const LAUNCH_PRELUDE = `// Launches from device code (cu2metal): a record in the printf buffer that the runtime launches
// once this grid has completed (buf[5]: launches refused, buf[6]: launches recorded,
// buf[7]: cudaLimitDevRuntimePendingLaunchCount)
inline uint3 cu2m_dim(uint3 d) { return d; }
template <typename T> inline uint3 cu2m_dim(T x) { return uint3(uint(x), 1u, 1u); }
template <typename T> inline uint cu2m_la_words() { return 1u + (uint(sizeof(T)) + 3u) / 4u; }
template <typename T> inline device uint* cu2m_la_put(device uint* p, T v) {
  p[0] = uint(sizeof(T));
  thread const uchar* s = reinterpret_cast<thread const uchar*>(&v);
  device uchar* d = reinterpret_cast<device uchar*>(p + 1);
  for (uint i = 0; i < uint(sizeof(T)); i++) d[i] = s[i];
  return p + cu2m_la_words<T>();
}
inline device uint* cu2m_launch_reserve(device uint* buf, uint words, uint3 blockIdx, uint3 gridDim, uint id, uint3 grid, uint3 block, uint shmem, ulong stream, uint nargs) {
  uint n = atomic_fetch_add_explicit((device atomic_uint*)(buf + 6), 1u, memory_order_relaxed);
  uint at = n < buf[7] ? atomic_fetch_add_explicit((device atomic_uint*)buf, words, memory_order_relaxed) : 0u;
  if (n >= buf[7] || at > buf[1] || words > buf[1] - at) {
    atomic_fetch_add_explicit((device atomic_uint*)(buf + 5), 1u, memory_order_relaxed);
    return nullptr;
  }
  device uint* p = buf + at;
  p[0] = words;
  p[1] = id;
  p[2] = blockIdx.x + gridDim.x * (blockIdx.y + gridDim.y * blockIdx.z);
  p[3] = 4u;
  p[4] = grid.x; p[5] = grid.y; p[6] = grid.z;
  p[7] = block.x; p[8] = block.y; p[9] = block.z;
  p[10] = shmem; p[11] = uint(stream); p[12] = uint(stream >> 32); p[13] = nargs;
  return p + ${4 + CONFIG_WORDS};
}`;

/** The launch helper of a kernel with `n` parameters. */
export function launchArity(n: number): string {
  const idx = [...Array(n).keys()];
  const tmpl = n > 0 ? `template <${idx.map((i) => `typename A${i}`).join(', ')}>\n` : '';
  const params = idx.map((i) => `, A${i} a${i}`).join('');
  const words = [`${4 + CONFIG_WORDS}u`, ...idx.map((i) => `cu2m_la_words<A${i}>()`)].join(' + ');
  const puts = idx.map((i) => `  p = cu2m_la_put(p, a${i});\n`).join('');
  return `${tmpl}inline void cu2m_launch_${n}(device uint* buf, uint3 blockIdx, uint3 gridDim, uint id, uint3 grid, uint3 block, uint shmem, ulong stream${params}) {
  device uint* p = cu2m_launch_reserve(buf, ${words}, blockIdx, gridDim, id, grid, block, shmem, stream, ${n}u);
  if (!p) return;
${puts}${n === 0 ? '  (void)p;\n' : ''}}`;
}

/**
 * `k<<<...>>>(args)` in device code → `cu2m_launch_N(...)`, the configuration and the arguments
 * already translated in place (function.ts visits a call's children first); `paramType` gives the MSL type a parameter of the child has in the child's signature (its
 * value type for scalars), or null where it cannot be passed.
 */
export function rewriteDeviceLaunch(ctx: PassContext, n: SyntaxNode, child: FunctionFacts, launch: SyntaxNode, args: readonly SyntaxNode[], paramType: (p: ParamFacts) => string | null): void {
  const config = launch.namedChildren.filter((c) => c.type !== 'comment');
  if (config.length < 2 || config.length > 4) {
    ctx.error('C2M2001', `a launch needs 2 to 4 configuration arguments, found ${config.length}`, launch);
    return;
  }
  if (child.template) {
    ctx.error('C2M1001', `launching the kernel template '${child.name}' from device code is not translated yet (only kernels that are not templates)`, n);
    return;
  }
  if (args.length !== child.params.length) {
    ctx.error('C2M1001', `launch of '${child.name}' from device code with ${args.length} arguments; it takes ${child.params.length} (default arguments are not translated here)`, n);
    return;
  }
  const text = (x: SyntaxNode): string => ctx.edits.apply(x.startIndex, x.endIndex);
  const types: string[] = [];
  for (const p of child.params) {
    const t = paramType(p);
    if (t === null) {
      ctx.error('C2M1001', `parameter '${p.name}' of kernel '${child.name}' cannot be passed by a launch from device code`, n);
      return;
    }
    types.push(t);
  }
  ctx.program.polyfills.set('cu2m_launch', LAUNCH_PRELUDE);
  ctx.program.polyfills.set(`cu2m_launch_${args.length}`, launchArity(args.length));
  const parts = [
    PRINTF_BUFFER,
    'blockIdx',
    'gridDim',
    `${launchId(child.name)} /* ${child.name} */`,
    `cu2m_dim(${text(config[0]!)})`,
    `cu2m_dim(${text(config[1]!)})`,
    config[2] ? `uint(${text(config[2])})` : '0u',
    config[3] ? `ulong(${text(config[3])})` : '0ul',
    ...args.map((a, i) => `static_cast<${types[i]}>(${text(a)})`),
  ];
  ctx.edits.replace(n.startIndex, n.endIndex, `cu2m_launch_${args.length}(${parts.join(', ')})`);
}

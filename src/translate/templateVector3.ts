// Kernel templates instantiated with a 3-component vector type (`k<float3>`, `k<uchar3>`).
//
// CUDA lays float3 out in 12 bytes, Metal's float3 takes 16 (packed_float3 has CUDA's layout).
// Non-template code writes `packed_float3` wherever the type is the element of memory (buffers,
// pointers into device/threadgroup/constant memory, `__shared__` arrays, sizeof) and keeps
// Metal's vector in registers (function.ts layoutOf/qualifyPointee). In a kernel template the same
// positions name a type parameter `T` that may be a 3-vector only in some instances, so they are
// written `cu2m_mem<T>`: an alias that is `T` itself for every other type, and the packed type for
// the 8/16/32-bit 3-vectors. Registers (`T v = p[i];`) stay `T`, Metal's vector. The explicit
// instantiation `decltype(k<float3>)` needs no deduction, so the alias costs nothing there.
// 64-bit 3-vectors (longlong3: 24 bytes in CUDA, no packed type in Metal): an instance `k<longlong3>`
// found when the host program is compiled appends, before its instantiation, the struct of three longs
// (wideVector3.ts) and `cu2m_mem_of<long3>`'s specialisation to it (src/build/program.ts addInstances).
import type { FunctionFacts } from './program';
import { BUFFER_ELEMENT_RENAMES } from './tables/types';

export const TEMPLATE_MEMORY_ALIAS = 'cu2m_mem';

/** The prelude: `cu2m_mem<T>`, T's layout in memory (CUDA's). */
export const TEMPLATE_MEMORY_PRELUDE = [
  "// cu2m_mem<T>: T as CUDA lays it out in memory (kernel templates): packed_float3 for float3, T otherwise",
  'template <typename T> struct cu2m_mem_of { typedef T type; };',
  ...[...BUFFER_ELEMENT_RENAMES].filter(([cuda, packed]) => cuda !== 'dim3' && packed.startsWith('packed_')).map(([cuda, packed]) => `template <> struct cu2m_mem_of<${cuda}> { typedef ${packed} type; };`),
  'template <typename T> using cu2m_mem = typename cu2m_mem_of<T>::type;',
].join('\n');

/** Is `t` a type parameter of this kernel template (so an instance may make it a 3-vector)? */
export function isKernelTypeParam(fn: FunctionFacts, t: string): boolean {
  return fn.role === 'kernel' && (fn.templateParams ?? []).some((p) => p.kind === 'type' && p.name === t);
}

/** `cu2m_mem<T>`, registering the prelude; undefined when `t` is no type parameter of the kernel template. */
export function templateMemoryType(fn: FunctionFacts, t: string, polyfills: Map<string, string>): string | undefined {
  if (!isKernelTypeParam(fn, t)) return undefined;
  polyfills.set(TEMPLATE_MEMORY_ALIAS, TEMPLATE_MEMORY_PRELUDE);
  return `${TEMPLATE_MEMORY_ALIAS}<${t}>`;
}

/** `device cu2m_mem<float3>*` → `device packed_float3*`, `cu2m_mem<float>` → `float` (an instance's manifest types). */
export function resolveMemoryAlias(text: string): string {
  return text.replace(new RegExp(`\\b${TEMPLATE_MEMORY_ALIAS}<\\s*([\\w\\s]+?)\\s*>`, 'g'), (_m, t: string) => {
    const packed = BUFFER_ELEMENT_RENAMES.get(t);
    return (packed?.startsWith('packed_') || packed?.startsWith('cu2m_packed_')) && t !== 'dim3' ? packed : t;
  });
}

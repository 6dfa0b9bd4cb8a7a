// `extern __shared__` declared in a `__device__` helper: the kernel's dynamic shared memory,
// passed down.
//
// CUDA lets any device function declare `extern __shared__ float s[];`: every such array, in any
// function, is the one dynamic shared memory block of the launch. Metal has threadgroup memory only
// at kernel scope, so the kernel passes its [[threadgroup(0)]] memory down the call chain as one
// more parameter, after the built-ins and the hoisted static `__shared__` variables (hoist.ts):
//
//   __device__ void blockSum(float v) { extern __shared__ float s[]; ... }
//   → void blockSum(uint3 threadIdx, threadgroup uchar* cu2m_dynamic_shared, float v)
//     { threadgroup float* s = (threadgroup float*)cu2m_dynamic_shared; ... }
//   kernel void k(..., threadgroup uchar* cu2m_dynamic_shared [[threadgroup(0)]], ...)
//     { ... blockSum(threadIdx, cu2m_dynamic_shared, x) ... }
//
// A kernel with its own `extern __shared__` array keeps that name for its parameter and passes
// `(threadgroup uchar*)name`.
import type { SyntaxNode } from '../parse/parse';
import { baseName, type FunctionFacts, type ProgramFacts } from './program';
import { usesAccessor } from './sharedAccessor';
import { specifierTokens } from './syntax';

/** The name of the parameter that carries the dynamic threadgroup memory into helpers. */
export const DYNAMIC_SHARED_PARAM = 'cu2m_dynamic_shared';

/** Is this declaration `extern __shared__ T name[];`? */
export function isExternSharedDeclaration(d: SyntaxNode): boolean {
  const toks = specifierTokens(d);
  return toks.some((t) => t.type === 'extern') && toks.some((t) => t.type === '__shared__' || t.text === '__shared__');
}

/** Does the function's own body declare an `extern __shared__` array, or use a shared-memory accessor type (sharedAccessor.ts)? */
function declaresExternShared(fn: FunctionFacts, program: ProgramFacts): boolean {
  if (!fn.body) return false;
  if (usesAccessor(fn.body, program)) return true;
  if (!fn.body.text.includes('__shared__')) return false;
  return fn.body.descendantsOfType('declaration').some(isExternSharedDeclaration);
}

const memo = new WeakMap<ProgramFacts, Map<string, boolean>>();

/**
 * Does a call of `name` need the dynamic threadgroup memory: a helper of that name (any overload
 * or specialisation) declares an `extern __shared__` array, or calls one that does?
 */
export function helperNeedsDynamicShared(program: ProgramFacts, name: string): boolean {
  let m = memo.get(program);
  if (!m) memo.set(program, (m = new Map()));
  const key = baseName(name);
  const known = m.get(key);
  if (known !== undefined) return known;
  m.set(key, false); // recursion is diagnosed elsewhere (C2M1015)
  const fns = program.functions.filter((f) => f.body && baseName(f.name) === key && f.role !== 'kernel' && f.role !== 'host');
  const needs = fns.some((f) => declaresExternShared(f, program) || f.externShared.size > 0 || [...f.callees].some((c) => helperNeedsDynamicShared(program, c)));
  m.set(key, needs);
  return needs;
}

/** Does the kernel call (directly or not) a helper that declares `extern __shared__`? */
export function kernelPassesDynamicShared(program: ProgramFacts, kernel: FunctionFacts): boolean {
  return [...kernel.callees].some((c) => helperNeedsDynamicShared(program, c));
}

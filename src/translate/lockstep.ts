// Warp-synchronous code through `volatile` memory (CPU backends).
//
// Code written for NVIDIA GPUs before CUDA 9 (and still common) scans or reduces within a warp
// through a `volatile` shared array and no __syncwarp:
//     s[idx] += s[idx - 1]; s[idx] += s[idx - 2]; ...
// It relies on the 32 lanes of a warp executing each statement together: every lane reads, then
// every lane writes. Since Volta this is formally undefined (CUDA asks for __syncwarp between the
// steps), but NVIDIA GPUs still run it in step, and so do Apple GPUs' SIMD groups, so the MSL keeps
// it as written. The CPU backends run a block's threads one after another, so lane 1 would read
// what lane 0 has already written, and the scan gives wrong sums.
//
// For the CPU modules, every subscript of a name declared `volatile` (a pointer to volatile, or a
// volatile array) in a device function is wrapped in a call to the emulation's lockstep reference
// (native/include/cu2m/lockstep.h): each read and each write of it first waits for the other
// lanes of the warp that are running (a warp rendezvous, as __syncwarp), so the lanes go through
// those accesses in step. Such a function counts as one with warp operations (its kernels run as
// fibers; program.ts). Accesses through `*p`, `p->x` and `s[i].x` are left as written.
// Only where the function relies on it: some stretch between two synchronisation calls writes a
// volatile element and reads another (warpSynchronous below); a volatile tile ordered by barriers
// keeps the work-item loops.
import { nodesOfTypeIn } from '../parse/nodeIndex';
import { parseSource, type SyntaxNode } from '../parse/parse';
import { declaratorShape } from './syntax';

/** The cuda-cpu and msl-cpu names of the wrapper (names the work-item loops already refuse: they keep fibers). */
export const LOCKSTEP_CUDA = '__CU2M_lockstep';
export const LOCKSTEP_MSL = 'cu2m_msl_warp_lockstep';

const isVolatileDecl = (d: SyntaxNode): boolean => d.namedChildren.some((c) => c.type === 'type_qualifier' && c.text === 'volatile');

/** The names a function declares `volatile T* p` / `volatile T s[N]...` (parameters and locals), with the subscripts an element takes. */
export function volatileNames(fn: SyntaxNode): Map<string, number> {
  const names = new Map<string, number>();
  if (!/\bvolatile\b/.test(fn.text)) return names;
  const fd = fn.childForFieldName('declarator');
  const params = fd ? nodesOfTypeIn(fd, ['parameter_declaration']) : [];
  const body = fn.childForFieldName('body');
  const locals = body ? nodesOfTypeIn(body, ['declaration']) : [];
  for (const decl of [...params, ...locals]) {
    if (!isVolatileDecl(decl)) continue;
    for (const d of decl.childrenForFieldName('declarator')) {
      const s = declaratorShape(d);
      if (s.name?.type !== 'identifier' || s.functionDeclarator) continue;
      const depth = s.pointerDepth === 1 && s.arrayDims.length === 0 ? 1 : s.pointerDepth === 0 && s.arrayDims.length > 0 ? s.arrayDims.length : 0;
      if (depth > 0) names.set(s.name.text, depth);
    }
  }
  return names;
}

/** The element accesses of a function's volatile names that go through the lockstep wrapper (outermost subscripts). */
export function lockstepAccesses(fn: SyntaxNode): SyntaxNode[] {
  const names = volatileNames(fn);
  const body = fn.childForFieldName('body');
  if (names.size === 0 || !body) return [];
  const out: SyntaxNode[] = [];
  for (const s of nodesOfTypeIn(body, ['subscript_expression'])) {
    let base = s.childForFieldName('argument');
    let depth = 1;
    while (base?.type === 'subscript_expression') {
      base = base.childForFieldName('argument');
      depth++;
    }
    if (base?.type !== 'identifier' || names.get(base.text) !== depth) continue;
    const p = s.parent;
    if (p?.type === 'pointer_expression' && p.child(0)?.type === '&') continue; // &s[i]: an address, not an access
    if (p?.type === 'field_expression' && p.childForFieldName('argument')?.id === s.id) continue; // s[i].x
    if (p?.type === 'sizeof_expression' || p?.type === 'decltype') continue;
    out.push(s);
  }
  return warpSynchronous(body, out) ? out : [];
}

/** A synchronisation call: `__syncthreads()` (and its _count/_and/_or), `__syncwarp()`, `cg::sync(g)`, `g.sync()`. */
const SYNC_CALL = /(^|::|\.|->)\s*(__syncthreads\w*|__syncwarp|sync)$/;

/**
 * Whether the accesses rely on a warp running in step: some stretch of the function between two
 * synchronisation calls (in the text's order) writes a volatile element and reads another one
 * (`s[i] += s[i - 1]`, `s[i] = t; ... s[i + 16]`). Code that synchronises between its writes and
 * its reads of other elements (a `volatile __shared__` tile filled, `__syncthreads()`, then read,
 * as HSOpticalFlow does; cg-synchronised scans) is ordered by its own barriers: it keeps the
 * work-item loops. A loop's back edge is not followed: a write after a loop body's last barrier
 * and a read of another element before its first one would race between warps on a GPU too.
 */
function warpSynchronous(body: SyntaxNode, accesses: SyntaxNode[]): boolean {
  const syncs = nodesOfTypeIn(body, ['call_expression'])
    .filter((c) => SYNC_CALL.test(c.childForFieldName('function')?.text ?? ''))
    .map((c) => c.startIndex);
  const stretch = (at: number): number => syncs.filter((x) => x < at).length;
  const writes = new Map<number, Set<string>>();
  const reads = new Map<number, Set<string>>();
  const add = (m: Map<number, Set<string>>, k: number, text: string): void => {
    m.set(k, (m.get(k) ?? new Set()).add(text.replace(/\s+/g, '')));
  };
  for (const a of accesses) {
    const p = a.parent;
    const k = stretch(a.startIndex);
    const assigned = p?.type === 'assignment_expression' && p.childForFieldName('left')?.id === a.id;
    const updated = p?.type === 'update_expression';
    if (assigned || updated) add(writes, k, a.text);
    if (!assigned || p?.childForFieldName('operator')?.text !== '=') add(reads, k, a.text);
  }
  for (const [k, w] of writes) for (const r of reads.get(k) ?? []) if (!w.has(r) || w.size > 1) return true;
  return false;
}

/** Whether a device function accesses volatile memory in a way the CPU backends run in lockstep. */
export const usesLockstep = (fn: SyntaxNode): boolean => lockstepAccesses(fn).length > 0;

/** The insertions that wrap each access: `s[i]` → `WRAP(&(s[i]))`. */
export function lockstepInsertions(fn: SyntaxNode, wrap: string): { at: number; text: string }[] {
  return lockstepAccesses(fn).flatMap((s) => [
    { at: s.startIndex, text: `${wrap}(&(` },
    { at: s.endIndex, text: '))' },
  ]);
}

/**
 * The code with every lockstep access of every function wrapped (msl-cpu: the lowered MSL, whose
 * `masked` copy, same offsets, the C++ grammar can parse).
 */
export function lockstepRewrite(code: string, masked: string, wrap: string): string {
  const root = parseSource('<lockstep>', masked).tree.rootNode;
  const ins = nodesOfTypeIn(root, ['function_definition'])
    .flatMap((fn) => lockstepInsertions(fn, wrap))
    .sort((a, b) => a.at - b.at);
  if (ins.length === 0) return code;
  let out = '';
  let at = 0;
  for (const i of ins) {
    out += code.slice(at, i.at) + i.text;
    at = i.at;
  }
  return out + code.slice(at);
}

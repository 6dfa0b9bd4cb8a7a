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

const SHARED = /\b(__shared__|threadgroup)\b/;
/** A barrier of either language (the MSL's `threadgroup_barrier`, `simdgroup_barrier` too). */
const ANY_SYNC = /(^|::|\.|->)\s*(__syncthreads\w*|__syncwarp|sync|threadgroup_barrier|simdgroup_barrier)$/;

/**
 * In a function with no synchronisation call at all, its `__shared__` arrays (`threadgroup` in the
 * MSL) and the local pointers it sets into them (`float* v = &tile[y * 33 + x];`), with the
 * subscripts an element takes. With no barrier, an element one lane writes and another reads is
 * exchanged through the warp running in step (dct8x8's transpose through a tile); the same
 * accesses then take the lockstep wrapper as volatile ones do (warpSynchronous decides).
 */
export function unsyncedSharedNames(fn: SyntaxNode, original?: string): Map<string, number> {
  const body = fn.childForFieldName('body');
  if (!body || synchronises(fn)) return new Map();
  const names = sharedArrays(fn, original);
  if (names.size === 0) return names;
  const decls = nodesOfTypeIn(body, ['declaration']);
  const arrays = [...names.keys()];
  for (const decl of decls) {
    for (const d of decl.childrenForFieldName('declarator')) {
      if (d.type !== 'init_declarator') continue;
      const s = declaratorShape(d.childForFieldName('declarator'));
      const value = d.childForFieldName('value');
      if (s.name?.type !== 'identifier' || s.pointerDepth !== 1 || s.arrayDims.length > 0 || !value) continue;
      if (arrays.some((a) => new RegExp(`(^|[^\\w.>])${a}\\b`).test(value.text))) names.set(s.name.text, 1);
    }
  }
  return names;
}

/** A function's `__shared__` arrays (`threadgroup` in the MSL, whose masked copy `original` is the text of), with their dimensions. */
function sharedArrays(fn: SyntaxNode, original?: string): Map<string, number> {
  const names = new Map<string, number>();
  const body = fn.childForFieldName('body');
  const text = (n: SyntaxNode): string => (original === undefined ? n.text : original.slice(n.startIndex, n.endIndex));
  if (!body || !SHARED.test(text(body))) return names;
  const decls = nodesOfTypeIn(body, ['declaration']);
  for (const decl of decls) {
    const type = decl.childForFieldName('type');
    // The qualifiers before the type; in the masked MSL `threadgroup` is blanked, before the node.
    const from = original === undefined ? decl.startIndex : Math.max(original.lastIndexOf(';', decl.startIndex), original.lastIndexOf('{', decl.startIndex), original.lastIndexOf('}', decl.startIndex)) + 1;
    if (!type || !SHARED.test((original ?? fn.tree.rootNode.text).slice(from, type.startIndex))) continue;
    for (const d of decl.childrenForFieldName('declarator')) {
      const s = declaratorShape(d);
      if (s.name?.type === 'identifier' && s.pointerDepth === 0 && s.arrayDims.length > 0) names.set(s.name.text, s.arrayDims.length);
    }
  }
  return names;
}

/** Whether a function calls a barrier, itself or through a function of the file it calls (`blockSync()`). */
function synchronises(fn: SyntaxNode): boolean {
  let root = fn;
  while (root.parent) root = root.parent;
  const defs = new Map<string, SyntaxNode[]>();
  for (const d of nodesOfTypeIn(root, ['function_definition'])) {
    const name = declaratorShape(d.childForFieldName('declarator')).name?.text;
    if (name) defs.set(name, [...(defs.get(name) ?? []), d]);
  }
  const seen = new Set<number>();
  const visit = (f: SyntaxNode): boolean => {
    if (seen.has(f.id)) return false;
    seen.add(f.id);
    const body = f.childForFieldName('body');
    if (!body) return false;
    for (const c of nodesOfTypeIn(body, ['call_expression'])) {
      const callee = c.childForFieldName('function')?.text ?? '';
      if (ANY_SYNC.test(callee)) return true;
      const name = callee.replace(/<[\s\S]*>$/, '').replace(/^.*(::|\.|->)/, '').trim();
      for (const d of defs.get(name) ?? []) if (visit(d)) return true;
    }
    return false;
  };
  return visit(fn);
}

/** The element accesses of a function's volatile names that go through the lockstep wrapper (outermost subscripts), and its racy read-modify-writes. */
export function lockstepAccesses(fn: SyntaxNode, original?: string): SyntaxNode[] {
  const out = warpSynchronousAccesses(fn, original);
  const have = new Set(out.map((s) => s.id));
  for (const s of racyUpdates(fn, original)) if (!have.has(s.id)) out.push(s);
  return out.sort((a, b) => a.startIndex - b.startIndex);
}

const COMPOUND = new Set(['+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '<<=', '>>=']);

/**
 * Read-modify-writes of memory other lanes may hit too (HeCBench pns): in a function that
 * synchronises the block, `p[i]++`, `--p[i]`, `p[i] += v` ... of a pointer parameter or a `__shared__`
 * array whose index is not the thread's own (`val3 * N + val2`, from a random number). Several lanes
 * updating one element without atomics race; a GPU runs the update as a load and a store, every
 * lane of a warp in step, and the warps of a block between two barriers issue their loads before
 * the first store lands: each such statement adds once per element, not once per lane (pns on an
 * H100: mean_vars 0.058125; once per lane, as the CPU backends' serial lanes gave, 321.07). Wrapped,
 * every running lane of the block loads (the fibers' rounds resolve all warps' rendezvous
 * together), then every lane stores. An index built from the thread's position (`threadIdx.x`,
 * `tid`, `blockIdx.x * blockDim.x + threadIdx.x`) with `+ - *` only, or one thread's update
 * (`if (tid == 0)`), is left as written.
 */
export function racyUpdates(fn: SyntaxNode, original?: string): SyntaxNode[] {
  const body = fn.childForFieldName('body');
  if (!body || !/(\+\+|--|[-+*/%&|^]=|<<=|>>=)/.test(body.text) || !synchronises(fn)) return [];
  const bases = new Set<string>(sharedArrays(fn, original).keys());
  for (const [n, d] of sharedArrays(fn, original)) if (d !== 1) bases.delete(n);
  const fd = fn.childForFieldName('declarator');
  for (const pd of fd ? nodesOfTypeIn(fd, ['parameter_declaration']) : []) {
    const d = pd.childForFieldName('declarator');
    const s = d ? declaratorShape(d) : null;
    if (s?.name?.type === 'identifier' && ((s.pointerDepth === 1 && s.arrayDims.length === 0) || (s.pointerDepth === 0 && s.arrayDims.length === 1))) bases.add(s.name.text);
  }
  if (bases.size === 0) return [];
  const out: SyntaxNode[] = [];
  for (const s of nodesOfTypeIn(body, ['subscript_expression'])) {
    const base = s.childForFieldName('argument');
    if (base?.type !== 'identifier' || !bases.has(base.text) || assignsIn(body, base.text)) continue;
    const p = s.parent;
    const rmw = (p?.type === 'update_expression' && p.childForFieldName('argument')?.id === s.id) || (p?.type === 'assignment_expression' && p.childForFieldName('left')?.id === s.id && COMPOUND.has(p.childForFieldName('operator')?.text ?? ''));
    if (!rmw) continue;
    const index = indexOf(s);
    if (!index || threadOwnIndex(index, (n) => threadOwnName(n, s, fn)) || oneThread(s, fn)) continue;
    out.push(s);
  }
  return out;
}

/**
 * Whether `name`, as seen at `at` in function `fn`, holds the thread's position: its nearest
 * declaration before `at` in the scopes around it gives it such a value (`int tid = threadIdx.x;`,
 * `int i = blockIdx.x * blockDim.x + threadIdx.x;`, `unsigned t = cta.thread_rank();`,
 * `for (int i = threadIdx.x; ...; i += blockDim.x)`) and nothing in its scope assigns it but a
 * `for`'s step; or it is a parameter to which every call in the file passes such a value.
 */
function threadOwnName(name: string, at: SyntaxNode, fn: SyntaxNode, depth = 0): boolean {
  if (/^threadIdx\.[xyz]$/.test(name)) return true;
  if (depth > 4) return false;
  for (let scope = at.parent, child: SyntaxNode = at; scope && child.id !== fn.id; child = scope, scope = scope.parent) {
    const decls: SyntaxNode[] = [];
    if (scope.type === 'compound_statement') {
      for (const st of scope.namedChildren) if (st.type === 'declaration' && st.endIndex <= child.startIndex) decls.push(st);
    } else if (scope.type === 'for_statement') {
      const init = scope.childForFieldName('initializer');
      if (init?.type === 'declaration' && init.id !== child.id) decls.push(init);
    }
    for (const decl of decls.reverse()) {
      for (const d of decl.childrenForFieldName('declarator')) {
        const id = d.type === 'init_declarator' ? d.childForFieldName('declarator') : d;
        if (id?.text !== name) continue;
        const value = d.type === 'init_declarator' ? d.childForFieldName('value') : null;
        const region = scope.type === 'for_statement' ? scope.childForFieldName('body') : scope;
        return !!value && !!region && !assignsIn(region, name) && threadOwnIndex(value, (n) => threadOwnName(n, d, fn, depth + 1));
      }
    }
  }
  // A parameter: every call in the file passes the thread's position.
  const fd = fn.childForFieldName('declarator');
  const body = fn.childForFieldName('body');
  const params = fd ? nodesOfTypeIn(fd, ['parameter_declaration']) : [];
  const pos = params.findIndex((pd) => declaratorShape(pd.childForFieldName('declarator')!).name?.text === name);
  const fname = fd?.type === 'function_declarator' ? fd.childForFieldName('declarator')?.text : fd ? nodesOfTypeIn(fd, ['function_declarator'])[0]?.childForFieldName('declarator')?.text : undefined;
  if (pos < 0 || !fname || !body || assignsIn(body, name)) return false;
  let root = fn;
  while (root.parent) root = root.parent;
  const calls = nodesOfTypeIn(root, ['call_expression']).filter((c) => compact(c.childForFieldName('function')?.text ?? '').replace(/<.*>$/, '') === fname);
  return (
    calls.length > 0 &&
    calls.every((c) => {
      const arg = c.childForFieldName('arguments')?.namedChildren.filter((a) => a.type !== 'comment')[pos];
      let caller: SyntaxNode | null = c.parent;
      while (caller && caller.type !== 'function_definition') caller = caller.parent;
      return !!arg && !!caller && caller.id !== fn.id && threadOwnIndex(arg, (n) => threadOwnName(n, arg, caller!, depth + 1));
    })
  );
}

/**
 * An index that differs between the threads of a block: built with `+ - *`, casts and members from
 * names one of which holds the thread's position (`own`), nothing data-dependent (no subscripts,
 * calls but `g.thread_rank()`, divisions, remainders, masks, shifts or conditions).
 */
function threadOwnIndex(e: SyntaxNode, own: (name: string) => boolean): boolean {
  const t = compact(e.text)
    .replace(/\w+(\.|->)thread_rank\(\)/g, 'threadIdx.x')
    .replace(/->/g, '.')
    .replace(/\((int|unsigned|unsignedint|uint|size_t|long|int64_t)\)/g, '')
    .replace(/(^|[^\w.])(int|uint|unsigned|size_t|long|int64_t)\(/g, '$1(');
  if (/[[%/&|^?<>!=]|[\w.]\(/.test(t)) return false;
  const ids = t.match(/[A-Za-z_][\w.]*/g) ?? [];
  return ids.some((id) => /^threadIdx\.[xyz]$/.test(id) || (/^\w+$/.test(id) && own(id)));
}

/** The element accesses of a function's volatile names (and unsynchronised shared ones) that rely on the warp running in step. */
function warpSynchronousAccesses(fn: SyntaxNode, original?: string): SyntaxNode[] {
  const names = volatileNames(fn);
  for (const [n, depth] of unsyncedSharedNames(fn, original)) if (!names.has(n)) names.set(n, depth);
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
  return warpSynchronous(body, out, fn) ? out : [];
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
function warpSynchronous(body: SyntaxNode, accesses: SyntaxNode[], fn: SyntaxNode): boolean {
  const syncs = nodesOfTypeIn(body, ['call_expression'])
    .filter((c) => SYNC_CALL.test(c.childForFieldName('function')?.text ?? ''))
    .map((c) => c.startIndex);
  const stretch = (at: number): number => syncs.filter((x) => x < at).length;
  const writes = new Map<number, Set<string>>();
  const reads = new Map<number, Set<string>>();
  const nodes = new Map<number, { node: SyntaxNode; write: SyntaxNode | null; read: boolean }[]>();
  const add = (m: Map<number, Set<string>>, k: number, text: string): void => {
    m.set(k, (m.get(k) ?? new Set()).add(text.replace(/\s+/g, '')));
  };
  for (const a of accesses) {
    const p = a.parent;
    const k = stretch(a.startIndex);
    const assigned = p?.type === 'assignment_expression' && p.childForFieldName('left')?.id === a.id;
    const updated = p?.type === 'update_expression';
    if (assigned || updated) add(writes, k, a.text);
    const read = !assigned || p?.childForFieldName('operator')?.text !== '=';
    if (read) add(reads, k, a.text);
    nodes.set(k, [...(nodes.get(k) ?? []), { node: a, write: assigned || updated ? p : null, read }]);
  }
  for (const [k, w] of writes) for (const r of reads.get(k) ?? []) if ((!w.has(r) || w.size > 1) && !serialOrderSafe(nodes.get(k)!, syncs, fn)) return true;
  return false;
}

const compact = (t: string): string => t.replace(/\s+/g, '');
/** The one index of a subscript (`a[i]`: i), or null. */
const indexOf = (s: SyntaxNode): SyntaxNode | null => {
  const list = s.childForFieldName('indices') ?? s.childForFieldName('index');
  const items = list?.type === 'subscript_argument_list' ? list.namedChildren.filter((c) => c.type !== 'comment') : list ? [list] : [];
  return items.length === 1 ? items[0]! : null;
};
const LOOPS = new Set(['for_statement', 'while_statement', 'do_statement']);
const innermostLoop = (n: SyntaxNode, fn: SyntaxNode): SyntaxNode | null => {
  for (let p = n.parent; p && p.id !== fn.id; p = p.parent) if (LOOPS.has(p.type)) return p;
  return null;
};
const assignsIn = (scope: SyntaxNode, name: string): boolean =>
  nodesOfTypeIn(scope, ['assignment_expression', 'update_expression']).some((a) => compact((a.childForFieldName('left') ?? a.childForFieldName('argument'))?.text ?? '') === name);

/** `name` in function `f` is the thread's x index: declared once as `= threadIdx.x` (or a parameter every call in the file passes such a value to), never assigned. */
function isThreadX(name: string, f: SyntaxNode, depth = 0): boolean {
  const body = f.childForFieldName('body');
  if (!body || assignsIn(body, name)) return false;
  const decls = nodesOfTypeIn(body, ['init_declarator']).filter((d) => d.childForFieldName('declarator')?.text === name);
  if (decls.length === 1) return compact(decls[0]!.childForFieldName('value')?.text ?? '') === 'threadIdx.x';
  if (decls.length > 1 || depth > 2) return false;
  const fd = f.childForFieldName('declarator');
  const params = fd ? nodesOfTypeIn(fd, ['parameter_declaration']) : [];
  const at = params.findIndex((pd) => declaratorShape(pd.childForFieldName('declarator')!).name?.text === name);
  const fname = fd?.type === 'function_declarator' ? fd.childForFieldName('declarator')?.text : fd ? nodesOfTypeIn(fd, ['function_declarator'])[0]?.childForFieldName('declarator')?.text : undefined;
  if (at < 0 || !fname) return false;
  let root = f;
  while (root.parent) root = root.parent;
  const calls = nodesOfTypeIn(root, ['call_expression']).filter((c) => compact(c.childForFieldName('function')?.text ?? '').replace(/<.*>$/, '') === fname);
  if (calls.length === 0) return false;
  return calls.every((c) => {
    const arg = c.childForFieldName('arguments')?.namedChildren.filter((a) => a.type !== 'comment')[at];
    let caller: SyntaxNode | null = c.parent;
    while (caller && caller.type !== 'function_definition') caller = caller.parent;
    if (!arg || !caller) return false;
    return compact(arg.text) === 'threadIdx.x' || (arg.type === 'identifier' && isThreadX(arg.text, caller, depth + 1));
  });
}

/**
 * `n` runs for one thread of the block only: under `if (r == 0)` (no else), r the thread's rank
 * (`g.thread_rank()`, or threadIdx.x / a name for it in a one-dimensional block). Lanes that do not
 * run the stretch cannot be out of step with it.
 */
function oneThread(n: SyntaxNode, fn: SyntaxNode): boolean {
  for (let p = n.parent; p && p.id !== fn.id; p = p.parent) {
    if (p.type !== 'if_statement' || p.childForFieldName('alternative')) continue;
    const c = compact(p.childForFieldName('condition')?.text ?? '').replace(/^\((.*)\)$/, '$1');
    // `r == 0`, or a conjunction with it as its first term (`threadIdx.x == 0 && n % 4 != 0`).
    const m = /^(.+?)==0[uU]?(&&.*)?$/.exec(c) ?? /^0[uU]?==(.+?)(&&.*)?$/.exec(c);
    if (!m || /[|?]/.test(m[1]!)) continue;
    if (/^\w+\.thread_rank\(\)$/.test(m[1]!) || m[1] === 'threadIdx.x' || (/^\w+$/.test(m[1]!) && isThreadX(m[1]!, fn))) return true;
  }
  return false;
}

/** `e` is positive: a positive integer literal, or the variable of the loop `loop` whose condition is `e > 0` / `e >= 1` and whose body does not assign it. */
function positive(e: SyntaxNode, loop: SyntaxNode | null): boolean {
  if (e.type === 'number_literal') return /^[1-9]\d*[uUlL]*$/.test(e.text);
  if (e.type !== 'identifier' || loop?.type !== 'for_statement') return false;
  const cond = compact(loop.childForFieldName('condition')?.text ?? '');
  const body = loop.childForFieldName('body');
  return (cond === `${e.text}>0` || cond === `${e.text}>=1` || cond === `0<${e.text}`) && !!body && !assignsIn(body, e.text);
}

/**
 * Whether one stretch's volatile accesses give the same values when the lanes run it one after
 * another in ascending order (what fibers and work-item loops do) as in step: every write is to
 * `a[t]`, t the thread's x index, and every other read is `a[t + e]`, e positive, before the writes
 * (so a lane reads elements that only higher lanes, which have not run yet, write: the old values,
 * as in step); all in one straight run (outside loops, or in one loop whose body ends with its only
 * synchronisation). threadFenceReduction's reduceBlock: `if (vid < i) { temp = sdata[tid + i]; ...
 * sdata[tid] = beta; } cg::sync(tile32);` in `for (int i = 16; i > 0; i >>= 1)`.
 */
function serialOrderSafe(list: readonly { node: SyntaxNode; write: SyntaxNode | null; read: boolean }[], syncs: readonly number[], fn: SyntaxNode): boolean {
  if (list.every((x) => oneThread(x.node, fn))) return true;
  const writes = list.filter((x) => x.write);
  const w = writes[0]?.node;
  const index = w ? indexOf(w) : null;
  const array = w?.childForFieldName('argument');
  if (!w || !index || !array || index.type !== 'identifier' || array.type !== 'identifier') return false;
  if (writes.some((x) => compact(x.node.text) !== compact(w.text))) return false;
  const loop = innermostLoop(w, fn);
  if (list.some((x) => innermostLoop(x.node, fn)?.id !== loop?.id)) return false;
  if (loop) {
    const body = loop.childForFieldName('body');
    const stmts = body?.type === 'compound_statement' ? body.namedChildren.filter((c) => c.type !== 'comment') : [];
    const last = stmts[stmts.length - 1];
    const inBody = syncs.filter((x) => body && x >= body.startIndex && x < body.endIndex);
    if (!last || last.type !== 'expression_statement' || inBody.length !== 1 || inBody[0]! < last.startIndex) return false;
  }
  const firstWriteEnd = Math.min(...writes.map((x) => x.write!.endIndex));
  for (const x of list) {
    if (x.write || compact(x.node.text) === compact(w.text)) continue;
    const i = indexOf(x.node);
    if (x.node.childForFieldName('argument')?.text !== array.text || i?.type !== 'binary_expression' || i.child(1)?.type !== '+') return false;
    if (i.childForFieldName('left')?.text !== index.text || !positive(i.childForFieldName('right')!, loop)) return false;
    if (x.node.startIndex >= firstWriteEnd) return false;
  }
  return isThreadX(index.text, fn);
}

/** Whether a device function accesses volatile memory in a way the CPU backends run in lockstep. */
export const usesLockstep = (fn: SyntaxNode): boolean => lockstepAccesses(fn).length > 0;

/** The insertions that wrap each access: `s[i]` → `WRAP(&(s[i]))`. */
export function lockstepInsertions(fn: SyntaxNode, wrap: string, original?: string): { at: number; text: string }[] {
  return lockstepAccesses(fn, original).flatMap((s) => [
    { at: s.startIndex, text: `${wrap}(&(` },
    { at: s.endIndex, text: '))' },
  ]);
}

/**
 * The code with every lockstep access of every function wrapped (msl-cpu: the lowered MSL, whose
 * `masked` copy, same offsets, the C++ grammar can parse; `code` still says which are `threadgroup`).
 */
export function lockstepRewrite(code: string, masked: string, wrap: string): string {
  const root = parseSource('<lockstep>', masked).tree.rootNode;
  const ins = nodesOfTypeIn(root, ['function_definition'])
    .flatMap((fn) => lockstepInsertions(fn, wrap, code))
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

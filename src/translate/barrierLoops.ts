// Loops and `if`s around barriers whose control is not the same for the whole block. In CUDA (sm_70+)
// a thread that has left such a loop and ended the kernel counts as arrived at the barriers the
// others still reach (HeCBench wyllie: `while (data-dependent) { ...; __syncthreads(); ... }` inside
// `if (index < size)`). Metal requires every thread of a threadgroup at each threadgroup_barrier, so
// the construct becomes block-uniform: every thread goes round until no thread of the block wants
// another trip, and a per-thread flag says which threads do the work.
//
//   if (i < n) {                             const bool cu2m_if1 = (i < n);
//     while (C) {                            {
//       long t = f(x);                         bool cu2m_loop1 = cu2m_if1;
//       __syncthreads();              →        while (cu2m_syncthreads_or(cu2m_block_vote, cu2m_loop1 = cu2m_loop1 && (C))) {
//       out[i] = t;                              long t;
//     }                                          if (cu2m_loop1) {
//   }                                              t = f(x);
//                                                }
//                                                threadgroup_barrier(...);
//                                                if (cu2m_loop1) {
//                                                  out[i] = t;
//                                                }
//                                              }
//                                            }
//
// The loop's condition is evaluated by the threads still in the loop only (`&&`), and the block
// votes (the __syncthreads_or of blockVote.ts) whether any thread goes on. `break` → the loop flag
// false; `continue` → a per-trip flag false (`cu2m_iterN`); the statements after either in its
// block are guarded again. A `for` keeps its header; its update runs for the threads still in the
// loop (`cu2m_loop1 ? (void)(U) : (void)0`) unless it only steps the loop's own counters. Barrier-free
// runs inside are guarded like the early returns of earlyReturns.ts (a declaration with a value that
// is not block-uniform is split: `T a;` in front of the guard, `a = e;` inside it; one whose value is
// block-uniform, or that has none, stays unguarded: it only declares a variable of that block).
//
// Block-uniform control is kept as written (the same facts as the work-item loops of
// src/build/workItemLoops.ts): blockIdx/blockDim/gridDim, literals, names that are not locals,
// scalar parameters and locals whose every write is a block-uniform value at a block-uniform place,
// a read of a __shared__ variable or of a `const` pointer parameter at a block-uniform index (in a
// race-free kernel every thread reads the same value between barriers), min/max/abs of those.
//
// Where the rewrite cannot keep the meaning (a return, goto, switch or range-for around the barrier,
// a helper with barriers called where only some threads would, a declaration that cannot be split)
// the kernel is kept as written with warning C2M1018 at the construct.
import type { SyntaxNode } from '../parse/parse';
import { diag, type Diagnostic } from '../diagnostics/diagnostic';
import { pos } from '../parse/parse';
import { BLOCK_VOTE_FUNCTIONS, BLOCK_VOTE_PRELUDE, BLOCK_VOTE_PRELUDE_KEY, BLOCK_VOTE_VARIABLE } from './blockVote';
import type { Edit, EditSet } from './edits';
import { functorFunctions } from './functionValues';
import type { PassContext } from './passContext';
import { isMemberFunction, type FunctionFacts, type ProgramFacts } from './program';
import { descendants } from './syntax';

const COMMENT = '// cu2metal: threads that leave a loop with barriers (or skip an `if` with barriers) keep reaching its barriers until the whole block has left it, as Metal requires (cu2m_loop/cu2m_if flags)';
const LOOPS = new Set(['for_statement', 'while_statement', 'do_statement', 'for_range_loop']);
const NEUTRAL = (n: SyntaxNode): boolean => n.type === 'comment' || n.type.startsWith('preproc_');
const PURE_CALLS = new Set(['min', 'max', 'abs', 'umin', 'umax', 'fminf', 'fmaxf', 'fmin', 'fmax', 'llmin', 'llmax', 'ullmin', 'ullmax']);
const BUILTIN_UNIFORM = new Set(['blockIdx', 'blockDim', 'gridDim', 'warpSize', 'true', 'false', 'nullptr', 'NULL']);
const THREAD_NAMES = /\b(threadIdx|laneid|warpid|clock|clock64|__\w+)\b/;

class Refusal {
  constructor(readonly node: SyntaxNode, readonly why: string) {}
}

/** One rewritten loop: its flag (thread still in the loop) and the flag of the current trip. */
interface LoopCtx {
  readonly node: SyntaxNode;
  readonly flag: string;
  readonly trip: string;
}

/** Whether the kernel's rewrite (when it happens) votes: hoist.ts then declares the counter. */
export function barrierLoopsVote(program: ProgramFacts, fn: FunctionFacts): boolean {
  if (fn.role !== 'kernel' || !fn.body) return false;
  const a = new Analysis(program, fn, fn.body);
  return a.divergentLoops() > 0;
}

/** Rewrites the kernel's divergent barrier loops and ifs (see above). Returns whether it did. */
export function rewriteBarrierLoops(ctx: PassContext, diagnostics: Diagnostic[]): boolean {
  const body = ctx.fn.body;
  if (ctx.fn.role !== 'kernel' || !body) return false;
  const r = new Rewrite(ctx, body, null, masking(ctx.program));
  if (!r.needed()) return false;
  try {
    const early = r.earlyReturn();
    if (early) throw new Refusal(early, 'a thread may also return before a barrier (the early-return rewrite is not combined with this one)');
    r.plan();
  } catch (e) {
    if (!(e instanceof Refusal)) throw e;
    diagnostics.push(diag('C2M1018', `threads of kernel '${ctx.fn.name}' may leave this loop or skip this branch with barriers at different times; Metal requires every thread to reach each barrier, and this kernel is kept as written because ${e.why} (line ${e.node.startPosition.row + 1})`, ctx.program.file.name, pos(r.first!.startPosition), pos(r.first!.endPosition)));
    return false;
  }
  r.apply();
  return true;
}

/** The flag a helper with barriers takes when some calls come from threads that do not take part. */
export const ACTIVE_FLAG = 'cu2m_active';
const HELPER_COMMENT = `// cu2metal: some calls come from threads that do not take part (${ACTIVE_FLAG} false: they left a loop, skipped a branch or returned); they still reach every barrier, as Metal requires`;

/**
 * Helpers with barriers called where only some threads of the block take part (under a barrier
 * loop's or branch's flag, after an early return): each such helper takes `bool cu2m_active = true`
 * as its last parameter, and its body is rewritten as a rewritten loop's is, under that flag (its
 * barrier-free runs guarded, its barriers unconditional, its block-uniform returns taken by every
 * thread). The calls that need it pass their flag; the others pass nothing. A helper qualifies when
 * it has one definition and no prototype, is not a member or passed as a value, and its body can be
 * rewritten without a block vote (its loops with barriers block-uniform, its parameters block-uniform
 * where every call passes a block-uniform value).
 */
export class Masking {
  private readonly why = new Map<string, string | null>();
  private readonly visiting = new Set<string>();
  private readonly params = new Map<string, Set<string>>();
  private readonly paramStack = new Set<string>();
  private readonly flagged = new Map<string, Set<string>>();
  private neededSet: Set<string> | null = null;

  constructor(readonly program: ProgramFacts) {}

  definition(name: string): FunctionFacts | null {
    const defs = this.program.functions.filter((f) => f.name === name);
    const d = defs[0];
    return defs.length === 1 && d?.body && d.role !== 'kernel' ? d : null;
  }

  /** Null when the helper can take the flag; else why not. */
  refusal(name: string): string | null {
    const memo = this.why.get(name);
    if (memo !== undefined) return memo;
    if (this.visiting.has(name)) return `'${name}' calls itself`;
    const d = this.definition(name);
    let why: string | null = null;
    if (!d) why = `'${name}' has barriers, several definitions or a prototype, and would be called by threads that do not take part`;
    else if (isMemberFunction(d.node)) why = `the member function '${name}' has barriers and would be called by threads that do not take part`;
    else if (/\.\.\./.test(d.paramList.text) || functorFunctions(this.program).has(name)) why = `'${name}' has barriers, is variadic or passed as a value, and would be called by threads that do not take part`;
    else {
      this.visiting.add(name);
      try {
        const r = new Rewrite(dryContext(this.program, d), d.body!, ACTIVE_FLAG, this);
        const hidden = r.hiddenBarrierCall();
        if (hidden) throw new Refusal(hidden, `it calls '${hidden.text.split('\n')[0]!.slice(0, 60)}', which reaches barriers in a form the rewrite does not follow`);
        r.plan();
        if (r.voting) why = `'${name}' has a loop with barriers that threads leave at different times (a helper has no block vote)`;
        this.flagged.set(name, r.flaggedHelpers);
      } catch (e) {
        if (!(e instanceof Refusal)) throw e;
        why = `'${name}' has barriers and would be called by threads that do not take part, and ${e.why}`;
      } finally {
        this.visiting.delete(name);
      }
    }
    this.why.set(name, why);
    return why;
  }

  /** The helper parameters every call passes a block-uniform value (the first-level callers' facts). */
  uniformParams(name: string): Set<string> {
    const memo = this.params.get(name);
    if (memo) return memo;
    const d = this.definition(name);
    const out = new Set<string>();
    if (!d || this.paramStack.has(name)) return out;
    this.paramStack.add(name);
    const ok = d.params.map(() => true);
    let calls = 0;
    for (const g of this.program.functions) {
      if (!g.body || !g.callees.has(name)) continue;
      const a = new Analysis(this.program, g, g.body, g.role === 'kernel' ? undefined : this.uniformParams(g.name));
      for (const c of descendants(g.body)) {
        if (c.type !== 'call_expression' || a.calleeName(c) !== name) continue;
        calls++;
        const args = (c.childForFieldName('arguments')?.namedChildren ?? []).filter((x) => !NEUTRAL(x));
        d.params.forEach((_, i) => {
          if (!args[i] || !a.uniform(args[i])) ok[i] = false;
        });
      }
    }
    this.paramStack.delete(name);
    if (calls > 0) d.params.forEach((p, i) => ok[i] && out.add(p.name));
    this.params.set(name, out);
    return out;
  }

  /** Whether this definition takes the flag: some call passes one. */
  takesFlag(fn: FunctionFacts): boolean {
    return fn.role !== 'kernel' && !!fn.body && this.definition(fn.name)?.node.id === fn.node.id && this.needed().has(fn.name) && this.refusal(fn.name) === null;
  }

  /** The helpers some call passes a flag to (a superset: the kernels' rewrites dry-run, early returns approximated). */
  private needed(): Set<string> {
    if (this.neededSet) return this.neededSet;
    const out = new Set<string>();
    this.neededSet = out;
    const add = (name: string): void => {
      if (out.has(name) || this.refusal(name) !== null) return;
      out.add(name);
      for (const n of this.flagged.get(name) ?? []) add(n);
    };
    for (const k of this.program.functions) {
      if (k.role !== 'kernel' || !k.body) continue;
      const r = new Rewrite(dryContext(this.program, k), k.body, null, this);
      const early = r.earlyReturn(true);
      if (early) {
        // earlyReturns.ts passes `!cu2m_done` to the helpers called after a return.
        for (const c of r.helperBarriers()) add(c);
        continue;
      }
      if (!r.needed()) continue;
      try {
        r.plan();
        for (const n of r.flaggedHelpers) add(n);
      } catch (e) {
        if (!(e instanceof Refusal)) throw e;
      }
    }
    return out;
  }
}

const MASKINGS = new WeakMap<ProgramFacts, Masking>();
export function masking(program: ProgramFacts): Masking {
  let m = MASKINGS.get(program);
  if (!m) MASKINGS.set(program, (m = new Masking(program)));
  return m;
}

function dryContext(program: ProgramFacts, fn: FunctionFacts): PassContext {
  return { program, fn, edits: null as unknown as EditSet, error: () => undefined };
}

/**
 * A call's arguments that threads which do not take part may evaluate: no effects, no calls but
 * min/max/abs, and memory read only through `&` (`&buf[tid]`).
 */
export function harmlessArguments(call: SyntaxNode): boolean {
  const args = call.childForFieldName('arguments');
  if (!args) return true;
  const ok = (d: SyntaxNode, addressed: boolean): boolean => {
    switch (d.type) {
      case 'assignment_expression':
      case 'update_expression':
      case 'lambda_expression':
      case 'comma_expression':
        return false;
      case 'call_expression': {
        const f = d.childForFieldName('function');
        if (!f || f.type !== 'identifier' || !PURE_CALLS.has(f.text)) return false;
        break;
      }
      case 'pointer_expression':
        if (d.child(0)?.type === '&') return d.namedChildren.every((c) => ok(c, true));
        if (!addressed) return false;
        break;
      case 'subscript_expression':
        if (!addressed) return false;
        break;
      case 'field_expression':
        if (d.child(1)?.type === '->' && !addressed) return false;
        break;
      default:
        break;
    }
    return d.namedChildren.every((c) => ok(c, addressed && d.type !== 'call_expression'));
  };
  return args.namedChildren.every((a) => ok(a, false));
}

/** Rewrites a helper with barriers: under cu2m_active when some call passes it (above), else its divergent ifs like a kernel's. */
export function rewriteHelperBarriers(ctx: PassContext, diagnostics: Diagnostic[]): boolean {
  const fn = ctx.fn;
  const body = fn.body;
  if (fn.role === 'kernel' || !body) return false;
  const m = masking(ctx.program);
  const masked = m.takesFlag(fn);
  const r = new Rewrite(ctx, body, masked ? ACTIVE_FLAG : null, m);
  if (!masked && !r.needed()) return false;
  try {
    if (!masked) {
      const early = r.earlyReturn();
      if (early) throw new Refusal(early, 'a thread may return before a barrier');
    }
    r.plan();
    if (r.voting) throw new Refusal(r.first ?? body, 'a loop with barriers that threads leave at different times needs a block vote, which a helper does not have');
  } catch (e) {
    if (!(e instanceof Refusal)) throw e;
    // A helper no call needs to take the flag: kept as written, as before (the calls that matter
    // are diagnosed at the kernel; its parameters' uniformity is only known from its calls).
    if (!masked) return false;
    const at = r.first ?? e.node;
    diagnostics.push(diag('C2M1018', `threads of helper '${fn.name}' may leave this loop or skip this branch with barriers at different times; Metal requires every thread to reach each barrier, and this helper is kept as written because ${e.why} (line ${e.node.startPosition.row + 1})`, ctx.program.file.name, pos(at.startPosition), pos(at.endPosition)));
    return false;
  }
  r.apply();
  return masked;
}

/** The facts: barriers, block-uniform names and expressions, which constructs diverge. */
class Analysis {
  readonly barriers: SyntaxNode[] = [];
  private readonly memo = new Map<number, boolean>();
  private uniformNames = new Set<string>();
  private readonly locals = new Set<string>();
  private readonly shared = new Set<string>();
  private readonly constPointers = new Set<string>();
  private readonly scalars = new Set<string>();

  constructor(readonly program: ProgramFacts, readonly fn: FunctionFacts, readonly body: SyntaxNode, uniformParams?: ReadonlySet<string>) {
    for (const d of descendants(body, (n) => n.type === 'lambda_expression')) {
      if (d.type === 'call_expression' && this.isBarrierCall(d)) this.barriers.push(d);
    }
    for (const p of fn.params) {
      // A parameter's value (a pointer's too: `if (out == in)`) is the block's unless a thread changes
      // it; a helper's, when every call passes a block-uniform value (helperUniformParams).
      if (uniformParams && !uniformParams.has(p.name)) continue;
      if (!p.isArray && !p.reference) this.scalars.add(p.name);
      if (p.pointerDepth === 1 && p.isConst) this.constPointers.add(p.name);
    }
    if (this.barriers.length > 0) this.computeUniform();
  }

  calleeName(call: SyntaxNode): string | null {
    const f = call.childForFieldName('function');
    if (!f) return null;
    if (f.type === 'identifier') return f.text;
    if (f.type === 'qualified_identifier' || f.type === 'template_function') return f.childForFieldName('name')?.text.replace(/<.*$/s, '') ?? null;
    return null;
  }

  /** `__syncthreads()`, a vote, `x.sync()` of a thread block, or a helper that reaches one. */
  isBarrierCall(call: SyntaxNode): boolean {
    const f = call.childForFieldName('function');
    if (f?.type === 'field_expression') return f.childForFieldName('field')?.text === 'sync' && /\bthread_block\b|this_thread_block/.test(this.fn.node.text);
    const name = this.calleeName(call);
    if (!name) return false;
    if (name === '__syncthreads' || BLOCK_VOTE_FUNCTIONS.has(name)) return true;
    return this.program.reaches(name, (g) => g.role !== 'kernel' && !!g.body && /\b__syncthreads(_count|_and|_or)?\s*\(|\.\s*sync\s*\(/.test(g.body.text));
  }

  /** A call that reaches a barrier in a form the rewrite does not follow (`BlockReduce(t).Reduce(v)`, a member of a CUB class). */
  hiddenBarrierCall(): SyntaxNode | null {
    for (const d of descendants(this.body, (n) => n.type === 'lambda_expression')) {
      if (d.type !== 'call_expression' || this.barriers.some((b) => b.id === d.id)) continue;
      const f = d.childForFieldName('function');
      // A member call (`BlockReduce(t).Reduce(v)`): its class's barriers are not followed; conservatively refused.
      if (f?.type === 'field_expression') return d;
      const name = this.calleeName(d);
      if (name && this.program.reaches(name, (g) => g.role !== 'kernel' && !!g.body && /\b__syncthreads(_count|_and|_or)?\s*\(|\.\s*sync\s*\(/.test(g.body.text))) return d;
    }
    return null;
  }

  isHelperBarrier(call: SyntaxNode): boolean {
    const name = this.calleeName(call);
    return !!name && name !== '__syncthreads' && !BLOCK_VOTE_FUNCTIONS.has(name) && call.childForFieldName('function')?.type !== 'field_expression';
  }

  hasBarrier(n: SyntaxNode): boolean {
    let m = this.memo.get(n.id);
    if (m === undefined) {
      m = this.barriers.some((b) => b.startIndex >= n.startIndex && b.endIndex <= n.endIndex);
      this.memo.set(n.id, m);
    }
    return m;
  }

  // ---- block-uniform values ----

  /** Same for the whole block and free of effects, given the uniform names `u`. */
  uniform(e: SyntaxNode | null | undefined, u: ReadonlySet<string> = this.uniformNames): boolean {
    if (!e) return true;
    const walk = (d: SyntaxNode): boolean => {
      switch (d.type) {
        case 'identifier': {
          const t = d.text;
          if (BUILTIN_UNIFORM.has(t) || u.has(t)) return true;
          if (this.locals.has(t) || this.scalars.has(t) || this.fn.params.some((p) => p.name === t)) return this.shared.has(t);
          if (/^threadIdx$/.test(t) || THREAD_NAMES.test(t)) return false;
          const c = this.program.constants.get(t) ?? this.program.macroBodies?.get(t);
          if (c !== undefined && THREAD_NAMES.test(c)) return false;
          return true; // a global, an enumerator, a template parameter, a macro constant
        }
        case 'number_literal':
        case 'true':
        case 'false':
        case 'null':
        case 'char_literal':
        case 'sizeof_expression':
          return true;
        case 'field_expression': {
          if (d.child(1)?.type !== '.') return false;
          return walk(d.childForFieldName('argument')!);
        }
        case 'subscript_expression': {
          const a = d.childForFieldName('argument');
          const i = d.childForFieldName('indices') ?? d.childForFieldName('index');
          let base = a;
          while (base?.type === 'subscript_expression') base = base.childForFieldName('argument');
          if (!base || base.type !== 'identifier' || !(this.shared.has(base.text) || this.constPointers.has(base.text))) return false;
          return (a === base || walk(a!)) && (!i || i.namedChildren.every(walk) || walk(i));
        }
        case 'call_expression': {
          const name = this.calleeName(d);
          if (!name || !PURE_CALLS.has(name)) return false;
          return (d.childForFieldName('arguments')?.namedChildren ?? []).every(walk);
        }
        case 'assignment_expression':
        case 'update_expression':
        case 'pointer_expression':
        case 'lambda_expression':
        case 'comma_expression':
          return false;
        default:
          return d.namedChildren.every(walk);
      }
    };
    return walk(e);
  }

  /** Writes of a name: [the write node, its value (null: unknown)]. */
  private writes(): Map<string, { at: SyntaxNode; value: SyntaxNode | null; compound: boolean }[]> {
    const out = new Map<string, { at: SyntaxNode; value: SyntaxNode | null; compound: boolean }[]>();
    const add = (n: string, at: SyntaxNode, value: SyntaxNode | null, compound: boolean): void => {
      let l = out.get(n);
      if (!l) out.set(n, (l = []));
      l.push({ at, value, compound });
    };
    for (const d of descendants(this.body)) {
      if (d.type === 'declaration') {
        const words = d.text.slice(0, (d.childForFieldName('declarator') ?? d).startIndex - d.startIndex);
        for (const decl of d.childrenForFieldName('declarator')) {
          const name = declaredName(decl);
          if (!name) continue;
          this.locals.add(name);
          if (/\b__shared__\b/.test(words)) {
            this.shared.add(name);
            continue;
          }
          const inner = decl.type === 'init_declarator' ? decl.childForFieldName('declarator') : decl;
          if (inner?.type !== 'identifier') add(name, d, null, false); // arrays, pointers, references: not tracked
          else add(name, d, decl.type === 'init_declarator' ? decl.childForFieldName('value') : null, false);
          if (decl.type !== 'init_declarator' && inner?.type === 'identifier') out.get(name)!.pop(); // `int k;`: no value yet
        }
      } else if (d.type === 'assignment_expression') {
        const l = d.childForFieldName('left');
        if (l?.type === 'identifier') add(l.text, d, d.childForFieldName('right'), d.child(1)?.type !== '=');
      } else if (d.type === 'update_expression') {
        const a = d.childForFieldName('argument');
        if (a?.type === 'identifier') add(a.text, d, null, true);
      } else if (d.type === 'pointer_expression' && d.child(0)?.type === '&') {
        const a = d.childForFieldName('argument');
        if (a?.type === 'identifier') add(a.text, d, null, false);
      } else if (d.type === 'call_expression') {
        // `get_addresses(..., outer, start)` with reference parameters (HeCBench bm3d): written there.
        const name = this.calleeName(d);
        const defs = name ? this.program.functions.filter((f) => f.name === name) : [];
        const args = (d.childForFieldName('arguments')?.namedChildren ?? []).filter((x) => !NEUTRAL(x));
        args.forEach((a, i) => {
          if (a.type === 'identifier' && defs.some((f) => f.params[i]?.reference)) add(a.text, d, null, false);
        });
      }
    }
    // An update `k++` steps a uniform k uniformly: its value is the name itself.
    for (const l of out.values()) for (const w of l) if (w.at.type === 'update_expression') w.value = w.at.childForFieldName('argument');
    for (const l of out.values()) for (const w of l) if (w.at.type === 'pointer_expression') w.value = null;
    return out;
  }

  /** Fixed point: a local or scalar parameter is uniform when every write is a uniform value at a uniform place. */
  private computeUniform(): void {
    const writes = this.writes();
    const set = new Set<string>([...this.scalars, ...[...this.locals].filter((n) => !this.shared.has(n))]);
    for (const n of [...set]) if ((writes.get(n) ?? []).some((w) => w.value === null)) set.delete(n);
    for (let changed = true; changed; ) {
      changed = false;
      for (const n of [...set]) {
        const ok = (writes.get(n) ?? []).every((w) => this.uniform(w.value, set) && this.uniformPlace(w.at, set));
        if (!ok) {
          set.delete(n);
          changed = true;
        }
      }
    }
    this.uniformNames = set;
  }

  /** Every enclosing `if`/loop/switch/?: up to the body decides the same for the whole block (and no thread-dependent break/return before it: not tracked, conservative through the conditions). */
  private uniformPlace(n: SyntaxNode, u: ReadonlySet<string>): boolean {
    for (let c: SyntaxNode = n, p = n.parent; p && p.id !== this.body.id; c = p, p = p.parent) {
      if (p.type === 'if_statement' || p.type === 'while_statement' || p.type === 'do_statement' || p.type === 'switch_statement') {
        const cond = p.childForFieldName('condition');
        if (cond && cond.id !== c.id && !this.uniform(cond, u)) return false;
      } else if (p.type === 'for_statement') {
        const cond = p.childForFieldName('condition');
        // The counters of a loop with barriers, stepped in its header: every thread runs a kept
        // loop's header together, whatever encloses it (a rewritten loop or if runs all threads through it).
        const header = c.id === p.childForFieldName('initializer')?.id || c.id === p.childForFieldName('update')?.id;
        if (header && this.hasBarrier(p) && this.jumps(p).length === 0 && this.ownCounter(n, p)) return this.uniform(cond, u);
        if (c.id === p.childForFieldName('initializer')?.id) continue;
        if (cond && cond.id !== c.id && !this.uniform(cond, u)) return false;
      } else if (p.type === 'conditional_expression') {
        const cond = p.childForFieldName('condition');
        if (cond && cond.id !== c.id && !this.uniform(cond, u)) return false;
      } else if (p.type === 'binary_expression' && /^(&&|\|\|)$/.test(p.child(1)?.type ?? '') && c.id === p.childForFieldName('right')?.id) {
        if (!this.uniform(p.childForFieldName('left'), u)) return false;
      } else if (p.type === 'lambda_expression') return false;
    }
    // A thread-dependent break or continue out of an enclosing loop before n also makes it thread-dependent.
    for (let p = n.parent; p && p.id !== this.body.id; p = p.parent) {
      if (LOOPS.has(p.type) && this.jumps(p).some((j) => j.startIndex < n.startIndex && !this.uniformJump(j, p, u))) return false;
    }
    return true;
  }

  /** Whether write `w` (in a header of `loop`) sets a counter the loop's initialiser declares. */
  private ownCounter(w: SyntaxNode, loop: SyntaxNode): boolean {
    const init = loop.childForFieldName('initializer');
    if (init?.type !== 'declaration') return false;
    const own = new Set(init.childrenForFieldName('declarator').map((d) => declaredName(d)));
    if (w.type === 'declaration') return true;
    const t = w.type === 'update_expression' ? w.childForFieldName('argument') : w.childForFieldName('left');
    return t?.type === 'identifier' && own.has(t.text);
  }

  /** The break/continue statements that leave this loop (not those of inner loops or switches). */
  jumps(loop: SyntaxNode): SyntaxNode[] {
    const out: SyntaxNode[] = [];
    const body = loop.childForFieldName('body');
    if (!body) return out;
    const walk = (n: SyntaxNode, inSwitch: boolean): void => {
      if (n.type === 'break_statement' && !inSwitch) out.push(n);
      else if (n.type === 'continue_statement') out.push(n);
      if (LOOPS.has(n.type) || n.type === 'lambda_expression') return;
      for (const c of n.namedChildren) walk(c, inSwitch || n.type === 'switch_statement');
    };
    walk(body, false);
    return out;
  }

  /** A jump every thread of the block takes together: every `if` between it and its loop is uniform. */
  uniformJump(j: SyntaxNode, loop: SyntaxNode, u: ReadonlySet<string> = this.uniformNames): boolean {
    for (let c: SyntaxNode = j, p = j.parent; p && p.id !== loop.id; c = p, p = p.parent) {
      if (p.type === 'if_statement' || p.type === 'switch_statement') {
        const cond = p.childForFieldName('condition');
        if (cond && cond.id !== c.id && !this.uniform(cond, u)) return false;
      } else if (p.type !== 'compound_statement' && p.type !== 'else_clause' && p.type !== 'case_statement' && p.type !== 'labeled_statement') return false;
    }
    return true;
  }

  /** A loop with barriers kept as written: uniform header and jumps. */
  uniformLoop(s: SyntaxNode, inDivergent: boolean): boolean {
    if (s.type === 'for_range_loop') return true; // refused where it matters (not rewritten)
    const init = s.childForFieldName('initializer');
    // The loop's counters: uniform inside the loop when its header sets them uniformly and its body
    // does not write them, even where the name is reused elsewhere (`for (j = n / 2; j > 0; j /= 2)`
    // after a thread-dependent loop over j).
    const u = new Set(this.uniformNames);
    const counters = new Set<string>();
    if (s.type === 'for_statement' && init) {
      if (init.type === 'declaration') {
        for (const d of init.childrenForFieldName('declarator')) {
          const n = declaredName(d);
          const v = d.type === 'init_declarator' ? d.childForFieldName('value') : null;
          if (!n || !v || !this.uniform(v, u)) return false;
          counters.add(n);
          u.add(n);
        }
      } else {
        for (const e of init.type === 'comma_expression' ? init.namedChildren : [init]) {
          // `for (nt /= 2, __syncthreads(); ...)` (HeCBench frna): a barrier, a uniform step.
          if (this.isBarrierNode(e) || (e.type === 'assignment_expression' && e.child(1)?.type !== '=' && this.uniformStatementExpr(e, u))) continue;
          const l = e.type === 'assignment_expression' && e.child(1)?.type === '=' ? e.childForFieldName('left') : null;
          if (!l || l.type !== 'identifier' || !this.uniform(e.childForFieldName('right'), u)) return false;
          counters.add(l.text);
          u.add(l.text);
        }
      }
      const body = s.childForFieldName('body');
      for (const d of body ? descendants(body) : []) {
        const t = d.type === 'assignment_expression' ? d.childForFieldName('left') : d.type === 'update_expression' ? d.childForFieldName('argument') : d.type === 'pointer_expression' && d.child(0)?.type === '&' ? d.childForFieldName('argument') : null;
        if (t?.type === 'identifier' && counters.has(t.text)) return false;
      }
    }
    if (!this.uniform(s.childForFieldName('condition'), u)) return false;
    const upd = s.childForFieldName('update');
    if (upd && !this.uniformStatementExpr(upd, u)) return false;
    const js = this.jumps(s);
    if (inDivergent && js.length > 0) return false;
    // Under a flag every thread runs a kept loop's header: it may only set the loop's own counters,
    // or uniform names that nothing else writes.
    if (inDivergent && s.type === 'for_statement' && ((init && init.type !== 'declaration') || (upd && !this.stepsOwn(upd, init))) && !this.headerOnlyWrites(s)) return false;
    return js.every((j) => this.uniformJump(j, s));
  }

  isBarrierNode(e: SyntaxNode): boolean {
    return e.type === 'call_expression' && this.barriers.some((b) => b.id === e.id);
  }

  /** Every name the header of `for` loop `s` writes is uniform and written nowhere else in the function. */
  private headerOnlyWrites(s: SyntaxNode): boolean {
    const header = [s.childForFieldName('initializer'), s.childForFieldName('update')].filter((x): x is SyntaxNode => !!x);
    const inHeader = (d: SyntaxNode): boolean => header.some((h) => d.startIndex >= h.startIndex && d.endIndex <= h.endIndex);
    const target = (d: SyntaxNode): SyntaxNode | null | undefined => (d.type === 'assignment_expression' ? d.childForFieldName('left') : d.type === 'update_expression' ? d.childForFieldName('argument') : d.type === 'pointer_expression' && d.child(0)?.type === '&' ? d.childForFieldName('argument') : null);
    const names = new Set<string>();
    for (const h of header) {
      if (h.type === 'declaration') return false;
      for (const d of [h, ...descendants(h)]) {
        const t = target(d);
        if (t) {
          if (t.type !== 'identifier' || !this.uniformNames.has(t.text)) return false;
          names.add(t.text);
        }
      }
    }
    for (const d of descendants(this.body)) {
      const t = target(d);
      if (t?.type === 'identifier' && names.has(t.text) && !inHeader(d)) return false;
    }
    return true;
  }

  stepsOwn(upd: SyntaxNode, init: SyntaxNode | null): boolean {
    const own = new Set(init?.type === 'declaration' ? init.childrenForFieldName('declarator').map((d) => declaredName(d) ?? '') : []);
    const ok = (e: SyntaxNode): boolean => {
      if (e.type === 'comma_expression') return e.namedChildren.every(ok);
      const t = e.type === 'update_expression' ? e.childForFieldName('argument') : e.type === 'assignment_expression' ? e.childForFieldName('left') : null;
      return !!t && t.type === 'identifier' && own.has(t.text);
    };
    return ok(upd);
  }

  /** `k = 0`, `k += s`, `k++`, `s >>= 1` of uniform names with uniform values. */
  private uniformStatementExpr(e: SyntaxNode, u: ReadonlySet<string> = this.uniformNames): boolean {
    if (e.type === 'comma_expression') return e.namedChildren.every((c) => this.uniformStatementExpr(c, u));
    if (this.isBarrierNode(e)) return true;
    if (e.type === 'update_expression') return e.childForFieldName('argument')?.type === 'identifier' && u.has(e.childForFieldName('argument')!.text);
    if (e.type === 'assignment_expression') {
      const l = e.childForFieldName('left');
      return l?.type === 'identifier' && u.has(l.text) && this.uniform(e.childForFieldName('right'), u);
    }
    return this.uniform(e, u);
  }

  /** How many loops with barriers the rewrite would make block-uniform (each votes). */
  divergentLoops(): number {
    if (this.barriers.length === 0) return 0;
    let n = 0;
    const walk = (s: SyntaxNode, divergent: boolean): void => {
      if (!this.hasBarrier(s)) return;
      if (LOOPS.has(s.type)) {
        const keep = this.uniformLoop(s, divergent);
        if (!keep) n++;
        const b = s.childForFieldName('body');
        if (b) walk(b, divergent || !keep);
        return;
      }
      if (s.type === 'if_statement') {
        const d = divergent || !this.uniform(s.childForFieldName('condition'));
        for (const f of ['consequence', 'alternative'] as const) {
          const b = s.childForFieldName(f);
          if (b) walk(b, d);
        }
        return;
      }
      for (const c of s.namedChildren) walk(c, divergent);
    };
    walk(this.body, false);
    return n;
  }

  /** Whether any construct with barriers diverges. */
  divergent(root: SyntaxNode): SyntaxNode | null {
    if (this.barriers.length === 0) return null;
    let found: SyntaxNode | null = null;
    const walk = (s: SyntaxNode): void => {
      if (found || !this.hasBarrier(s)) return;
      if (LOOPS.has(s.type) && !this.uniformLoop(s, false)) found = s;
      else if (s.type === 'if_statement' && !this.uniform(s.childForFieldName('condition'))) found = s;
      else if (s.type === 'switch_statement' && !this.uniform(s.childForFieldName('condition'))) found = s;
      else if (s.type === 'conditional_expression' || (s.type === 'binary_expression' && /^(&&|\|\|)$/.test(s.child(1)?.type ?? ''))) found = s;
      else for (const c of s.namedChildren) walk(c);
    };
    walk(root);
    return found;
  }
}

function declaredName(d: SyntaxNode): string | null {
  let x: SyntaxNode | null = d.type === 'init_declarator' ? d.childForFieldName('declarator') : d;
  while (x && x.type !== 'identifier') x = x.childForFieldName('declarator') ?? x.namedChildren.find((c) => c.type === 'identifier') ?? null;
  return x?.text ?? null;
}

class Rewrite {
  private readonly a: Analysis;
  private readonly planned: Edit[] = [];
  private readonly guards: { start: number; end: number }[] = [];
  private commented = false;
  private votes = false;
  first: SyntaxNode | null = null;

  /** The helpers whose calls pass a flag (they take cu2m_active). */
  readonly flaggedHelpers = new Set<string>();

  /** `top`: the predicate of the whole body (a helper's cu2m_active), null for every thread. */
  constructor(private readonly ctx: PassContext, private readonly body: SyntaxNode, private readonly top: string | null = null, private readonly masking: Masking | null = null) {
    this.a = new Analysis(ctx.program, ctx.fn, body, ctx.fn.role === 'kernel' ? undefined : masking?.uniformParams(ctx.fn.name) ?? new Set());
  }

  get voting(): boolean {
    return this.votes;
  }

  hiddenBarrierCall(): SyntaxNode | null {
    return this.a.hiddenBarrierCall();
  }

  /** The helpers with barriers the body calls. */
  helperBarriers(): string[] {
    return this.a.barriers.filter((c) => this.a.isHelperBarrier(c)).map((c) => this.a.calleeName(c)!);
  }

  private get src(): string {
    return this.ctx.program.file.text;
  }

  needed(): boolean {
    this.first = this.a.divergent(this.body);
    return !!this.first;
  }

  /** A return before the last barrier: earlyReturns.ts's rewrite, not combined with this one. */
  earlyReturn(any = false): SyntaxNode | null {
    const last = Math.max(...this.a.barriers.map((b) => b.endIndex));
    // `if (blockIdx.x * len > last) return;` at the top level: the whole block leaves together
    // (`any`: those too, as earlyReturns.ts, with facts of its own, may still rewrite them).
    return [...descendants(this.body, (n) => n.type === "lambda_expression")].find((d) => d.type === 'return_statement' && d.startIndex < last && (any || !(this.top === null && this.uniformReturn(d)))) ?? null;
  }

  plan(): void {
    const top = this.top;
    if (top !== null) {
      const first = this.body.namedChildren.find((c) => !NEUTRAL(c));
      if (first) {
        this.commented = true;
        if (this.lineStart(first) !== null) this.lineBefore(first, HELPER_COMMENT);
        else this.insert(first.startIndex, `/* ${HELPER_COMMENT.slice(3)} */ `);
      }
    }
    this.block(this.body.namedChildren, top, null);
    if (top === null) return;
    // A value for the threads that do not take part, where the body may end without a return.
    const type = this.ctx.fn.node.childForFieldName('type');
    const returnsVoid = type?.text === 'void' && this.ctx.fn.node.childForFieldName('declarator')?.type === 'function_declarator';
    const last = [...this.body.namedChildren].reverse().find((c) => !NEUTRAL(c));
    if (!returnsVoid && last?.type !== 'return_statement') {
      const close = this.body.lastChild!;
      const ls = this.lineStart(close);
      const first = this.body.namedChildren.find((c) => !NEUTRAL(c));
      if (ls !== null && first) this.insert(ls, `${this.indentOf(first)}return {};\n`);
      else this.insert(close.startIndex, ' return {}; ');
    }
  }

  /** A `return` every thread of the block takes: under block-uniform `if`s only, in no loop or switch. */
  private uniformReturn(r: SyntaxNode): boolean {
    for (let c: SyntaxNode = r, p = r.parent; p && p.id !== this.body.id; c = p, p = p.parent) {
      if (p.type === 'if_statement') {
        const cond = p.childForFieldName('condition');
        if (cond && cond.id !== c.id && !this.a.uniform(cond)) return false;
      } else if (p.type !== 'compound_statement' && p.type !== 'else_clause') return false;
    }
    return true;
  }

  /** Under a helper's flag: a statement that is or holds a return every thread takes. */
  private holdsUniformReturn(s: SyntaxNode): boolean {
    if (this.top === null) return false;
    return [s, ...descendants(s, (n) => n.type === 'lambda_expression')].some((d) => d.type === 'return_statement' && this.uniformReturn(d));
  }

  apply(): void {
    this.indentGuarded();
    for (const e of this.planned) this.ctx.edits.add(e);
    if (this.votes) this.ctx.program.polyfills.set(BLOCK_VOTE_PRELUDE_KEY, BLOCK_VOTE_PRELUDE);
  }

  // ---- text ----

  private indentOf(n: SyntaxNode): string {
    const ls = this.src.lastIndexOf('\n', n.startIndex - 1) + 1;
    const lead = /^[ \t]*/.exec(this.src.slice(ls, n.startIndex))?.[0] ?? '';
    return lead.length === n.startIndex - ls ? lead : ' '.repeat(n.startPosition.column);
  }
  private lineStart(n: SyntaxNode): number | null {
    const ls = this.src.lastIndexOf('\n', n.startIndex - 1) + 1;
    return /^[ \t]*$/.test(this.src.slice(ls, n.startIndex)) ? ls : null;
  }
  private unitText: string | null = null;
  private unit(): string {
    if (this.unitText !== null) return this.unitText;
    const first = this.body.namedChildren.find((c) => !NEUTRAL(c));
    const lead = first ? this.indentOf(first) : '';
    return (this.unitText = lead.length > 0 && lead.length <= 8 ? lead : '    ');
  }
  private depth(at: number, own: boolean): number {
    return this.guards.filter((g) => (own ? g.start <= at : g.start < at) && at < g.end).length;
  }
  private insert(at: number, text: string | (() => string)): void {
    this.planned.push(typeof text === 'string' ? { start: at, end: at, text } : { start: at, end: at, get text() { return text(); } });
  }
  private replace(start: number, end: number, text: string | (() => string)): void {
    this.planned.push(typeof text === 'string' ? { start, end, text } : { start, end, get text() { return text(); } });
  }
  /** `text` on a line of its own in front of `n`. */
  private lineBefore(n: SyntaxNode, text: string): void {
    const ls = this.lineStart(n);
    const indent = this.indentOf(n);
    if (ls !== null) this.insert(ls, () => `${indent}${this.unit().repeat(this.depth(ls, false))}${text}\n`);
    else this.insert(n.startIndex, `${text} `);
  }
  private declareFlag(n: SyntaxNode, text: string): void {
    if (!this.commented) {
      this.commented = true;
      this.lineBefore(n, COMMENT);
    }
    this.lineBefore(n, text);
  }
  private readonly counters = new Map<string, number>();
  private name(kind: string): string {
    const n = (this.counters.get(kind) ?? 0) + 1;
    this.counters.set(kind, n);
    return `cu2m_${kind}${n}`;
  }

  /** `if (P) {` in front of `first` and `}` after `end`. */
  private guard(first: SyntaxNode, end: number, p: string, like: SyntaxNode = first): void {
    const ls = this.lineStart(first);
    if (ls === null) {
      this.insert(first.startIndex, `if (${p}) { `);
      this.insert(end, ' }');
      return;
    }
    const indent = this.indentOf(like); // (a #pragma in column 0 does not set it)
    this.guards.push({ start: ls, end });
    if (ls !== null) this.insert(ls, () => `${indent}${this.unit().repeat(this.depth(ls, false))}if (${p}) {\n`);
    this.insert(end, () => `\n${indent}${this.unit().repeat(this.depth(ls, false))}}`);
  }

  private indentGuarded(): void {
    if (this.guards.length === 0) return;
    const start = Math.min(...this.guards.map((g) => g.start));
    const end = Math.max(...this.guards.map((g) => g.end));
    for (let at = start; at > 0 && at < end; at = this.src.indexOf('\n', at) + 1) {
      if (this.src[at] === '\n' || this.src.startsWith('#line', at)) continue;
      const d = this.depth(at, true);
      if (d > 0) this.insert(at, this.unit().repeat(d));
    }
  }

  // ---- the walk ----

  /** Statements of a block under predicate `p` (null: every thread), inside rewritten loop `loop`. */
  private block(stmts: readonly SyntaxNode[], p: string | null, loop: LoopCtx | null): void {
    for (let i = 0; i < stmts.length; ) {
      const s = stmts[i]!;
      if (s.type === 'return_statement' && p !== null && this.holdsUniformReturn(s)) {
        // Every thread leaves here; the ones that do not take part with a value nobody reads.
        if (s.namedChildren.some((c) => !NEUTRAL(c))) {
          this.guard(s, s.endIndex, p);
          const inline = this.lineStart(s) === null;
          this.insert(s.endIndex, () => (inline ? ' return {};' : `\n${this.indentOf(s)}${this.unit().repeat(this.depth(this.lineStart(s)!, false))}return {};`));
        }
        i++;
        continue;
      }
      if (this.a.hasBarrier(s) || this.holdsUniformReturn(s)) {
        this.barrierStatement(s, p, loop);
        i++;
        continue;
      }
      let j = i;
      while (j < stmts.length && !this.a.hasBarrier(stmts[j]!) && !this.holdsUniformReturn(stmts[j]!)) j++;
      if (p !== null) this.run(stmts.slice(i, j), p, loop);
      i = j;
    }
  }

  private branch(b: SyntaxNode | null, p: string | null, loop: LoopCtx | null): void {
    if (!b) return;
    if (b.type === 'else_clause') return this.branch(b.namedChildren.find((c) => !NEUTRAL(c)) ?? null, p, loop);
    if (b.type === 'compound_statement') return this.block(b.namedChildren, p, loop);
    if (p !== null && !this.a.hasBarrier(b) && !this.holdsUniformReturn(b)) {
      // `for (...) if (tid < nt) f(...);` in a helper under its flag: braces around the guard.
      if (this.top === null || b.type === 'declaration') throw new Refusal(b, 'a branch without braces would need a guard');
      this.insert(b.startIndex, `{ if (${p}) { `);
      this.insert(b.endIndex, ' } }');
      return;
    }
    // `else if (c) { ... }`, `if (u) while (c) { ... }`: braces, for the flag declared in front.
    const brace = b.type !== 'expression_statement' && b.type !== 'declaration';
    // On a line of its own, the flag goes on the line in front: the brace after the header then.
    const prev = b.previousSibling;
    if (brace && this.lineStart(b) !== null && prev) this.insert(prev.endIndex, ' {');
    else if (brace) this.insert(b.startIndex, '{ ');
    this.block([b], p, loop);
    if (brace) this.insert(b.endIndex, ' }');
  }

  private barrierStatement(s: SyntaxNode, p: string | null, loop: LoopCtx | null): void {
    switch (s.type) {
      case 'expression_statement':
      case 'declaration':
        return this.simpleBarrier(s, p);
      case 'compound_statement':
        return this.block(s.namedChildren, p, loop);
      case 'if_statement':
        return this.ifStatement(s, p, loop);
      case 'while_statement':
      case 'for_statement':
      case 'do_statement':
        return this.loopStatement(s, p, loop);
      default:
        if (p === null && !this.a.divergent(s) && !(s.type === 'switch_statement' && !this.a.uniform(s.childForFieldName('condition')))) return;
        throw new Refusal(s, `a ${s.type.replace(/_/g, ' ')} around a barrier is not rewritten`);
    }
  }

  /** A statement that is a barrier (or a vote); under a predicate, a vote leaves the idle threads out. */
  private simpleBarrier(s: SyntaxNode, p: string | null): void {
    const calls = this.a.barriers.filter((b) => b.startIndex >= s.startIndex && b.endIndex <= s.endIndex);
    for (const c of calls) {
      for (let x: SyntaxNode = c, q = c.parent; q && q.id !== s.id; x = q, q = q.parent) {
        const cond = q.type === 'conditional_expression' ? q.childForFieldName('condition') : q.type === 'binary_expression' && /^(&&|\|\|)$/.test(q.child(1)?.type ?? '') ? q.childForFieldName('left') : null;
        if (cond && cond.id !== x.id && !this.a.uniform(cond)) throw new Refusal(c, `a barrier under the thread-dependent condition '${cond.text}' of an expression is not rewritten`);
      }
    }
    if (p === null) return;
    for (const c of calls) {
      if (this.a.isHelperBarrier(c)) {
        // The helper takes the flag (Masking): it reaches its barriers with every thread.
        const name = this.a.calleeName(c)!;
        const why = this.masking ? this.masking.refusal(name) : `'${name}' has barriers`;
        if (why !== null) throw new Refusal(c, why.replace(/would be called by threads that do not take part/, 'would be called by threads that left the loop or skipped the branch'));
        if (!harmlessArguments(c)) throw new Refusal(c, `the arguments of '${name}', which has barriers, would be evaluated by threads that do not take part`);
        const args = c.childForFieldName('arguments')!;
        const close = args.lastChild!;
        this.insert(close.startIndex, args.namedChildren.some((x) => !NEUTRAL(x)) ? `, ${p}` : p);
        this.flaggedHelpers.add(name);
        // `s = f(...);`: the threads that do not take part keep their s.
        const e = s.type === 'expression_statement' ? s.namedChildren[0] : null;
        const left = e?.type === 'assignment_expression' && e.childForFieldName('right')?.id === c.id ? e.childForFieldName('left') : null;
        if (e && left) {
          const tmp = this.name('ret');
          const op = e.child(1)!.text;
          this.replace(e.startIndex, c.startIndex, `const auto ${tmp} = `);
          this.insert(s.endIndex, () => ` if (${p}) ${this.ctx.edits.apply(left.startIndex, left.endIndex)} ${op} ${tmp};`);
        }
        continue;
      }
      const name = this.a.calleeName(c);
      const arg = c.childForFieldName('arguments')?.namedChildren[0];
      if (!name || !BLOCK_VOTE_FUNCTIONS.has(name) || !arg) continue;
      const and = name === '__syncthreads_and';
      this.insert(arg.startIndex, and ? `!(${p}) || (` : `(${p}) && (`);
      this.insert(arg.endIndex, ')');
    }
    // The rest of the statement (an assignment of the vote) runs for every thread: only plain forms.
    const e = s.type === 'expression_statement' ? s.namedChildren[0] : null;
    const uniformChoice = e?.type === 'conditional_expression' && this.a.uniform(e.childForFieldName('condition')) && [e.childForFieldName('consequence'), e.childForFieldName('alternative')].every((b) => b?.type === 'call_expression');
    const plain = e?.type === 'call_expression' || uniformChoice || (e?.type === 'assignment_expression' && e.childForFieldName('left')?.type === 'identifier' && e.childForFieldName('right')?.type === 'call_expression') || (s.type === 'declaration' && s.childrenForFieldName('declarator').length === 1);
    if (!plain || calls.length !== 1) throw new Refusal(s, `the statement '${s.text.split('\n')[0]}' does more than pass a barrier`);
  }

  private ifStatement(s: SyntaxNode, p: string | null, loop: LoopCtx | null): void {
    const cond = s.childForFieldName('condition')!;
    const value = cond.type === 'condition_clause' ? cond.childForFieldName('value') : cond;
    if (cond.type === 'condition_clause' && (!value || cond.childForFieldName('initializer') || value.type === 'declaration')) throw new Refusal(s, 'an `if` with a declaration in its condition has barriers');
    const cons = s.childForFieldName('consequence');
    const alt = s.childForFieldName('alternative');
    if (this.a.uniform(cond)) {
      this.branch(cons, p, loop);
      this.branch(alt, p, loop);
      return;
    }
    if (this.jumpInside(s, loop)) throw new Refusal(s, 'a break or continue inside an `if` with barriers');
    // Barriers in both branches: threads would wait at different barriers, which CUDA leaves undefined
    // (the CPU backends report it at run time); rewriting would hide the program's bug.
    if (cons && alt && this.a.hasBarrier(cons) && this.a.hasBarrier(alt)) throw new Refusal(s, 'both branches of this `if` have barriers, so its threads would wait at different barriers (undefined in CUDA)');
    const flag = this.name('if');
    // `if (c) {` → `const bool cu2m_if1 = (c);` and the braces stay as a block; `else` → `/* else */`.
    const ifKw = s.child(0)!;
    if (!this.commented) {
      this.commented = true;
      this.lineBefore(s, COMMENT);
    }
    this.replace(ifKw.startIndex, ifKw.endIndex, `const bool ${flag} =${p === null ? '' : ` ${p} &&`}${/\s/.test(this.src[ifKw.endIndex] ?? '') ? '' : ' '}`);
    const next = cons ? this.src.slice(cond.endIndex, cons.startIndex) : '';
    if (/\n/.test(next) || !cons) this.insert(cond.endIndex, ';');
    else this.replace(cond.endIndex, cons.startIndex, `;\n${this.indentOf(s)}`);
    if (cons?.type !== 'compound_statement' || (alt && alt.namedChildren.find((c) => !NEUTRAL(c))?.type !== 'compound_statement')) throw new Refusal(s, 'an `if` with barriers has a branch without braces');
    this.branch(cons, flag, loop);
    if (alt) {
      const elseKw = alt.child(0)!;
      this.replace(elseKw.startIndex, elseKw.endIndex, '/* else */');
      this.branch(alt, p === null ? `!${flag}` : `${p} && !${flag}`, loop);
    }
  }

  /** A break or continue of `loop` (or any, when loop is null) inside `s`. */
  private jumpInside(s: SyntaxNode, loop: LoopCtx | null): boolean {
    if (!loop) return false;
    return this.a.jumps(loop.node).some((j) => j.startIndex >= s.startIndex && j.endIndex <= s.endIndex);
  }

  private loopStatement(s: SyntaxNode, p: string | null, outer: LoopCtx | null): void {
    const body = s.childForFieldName('body');
    if (this.a.uniformLoop(s, p !== null)) {
      // Its own jumps are block-uniform: they stay; the body runs under the same predicate.
      this.branch(body, p, null);
      return;
    }
    if (this.jumpInside(s, outer)) throw new Refusal(s, 'a loop with barriers inside another has a jump out of the outer one');
    if (!body || body.type !== 'compound_statement') throw new Refusal(s, 'a loop with barriers has a body without braces');
    for (const d of descendants(body)) if (d.type === 'return_statement' || d.type === 'goto_statement') throw new Refusal(d, `a ${d.type === 'goto_statement' ? 'goto' : 'return'} inside a loop with barriers that threads leave at different times`);
    const flag = this.name('loop');
    const js = this.a.jumps(s);
    const trip = js.some((j) => j.type === 'continue_statement') ? flag.replace('loop', 'trip') : flag;
    const ctx: LoopCtx = { node: s, flag, trip };
    this.first ??= s;
    this.votes = true;
    // Every thread evaluates the initialiser of a `for`: only safe ones under a predicate.
    const init = s.childForFieldName('initializer');
    if (init?.type === 'declaration' && p !== null && !this.safe(init)) throw new Refusal(init, `the loop's initialisation '${init.text}' would run for threads that are not in it`);
    if (init && init.type !== 'declaration' && p !== null) {
      // `for (k = 0; ...)` under a flag: only the threads that enter set k.
      this.insert(init.startIndex, `${p} ? (void)(`);
      this.insert(init.endIndex, ') : (void)0');
    }
    this.declareFlag(s, `bool ${flag} = ${p ?? 'true'};`);
    const vote = (c: string): string => `cu2m_syncthreads_or(${BLOCK_VOTE_VARIABLE}, ${c})`;
    const cond = s.childForFieldName('condition');
    if (s.type === 'for_statement') {
      if (cond) {
        this.insert(cond.startIndex, `${vote(`${flag} = ${flag} && (`)}`.slice(0, -1));
        this.insert(cond.endIndex, '))');
      } else {
        const semis = s.children.filter((c) => c.type === ';');
        const at = init?.type === 'declaration' ? semis[0] : semis[1];
        if (!at) throw new Refusal(s, 'a for loop without a condition could not be read');
        this.insert(at.startIndex, vote(flag));
      }
      const upd = s.childForFieldName('update');
      if (upd && !this.ownCounters(upd, init)) {
        this.insert(upd.startIndex, `${flag} ? (void)(`);
        this.insert(upd.endIndex, ') : (void)0');
      }
    } else if (cond) {
      const inner = cond.type === 'parenthesized_expression' ? cond : cond.type === 'condition_clause' ? cond : null;
      if (!inner || (cond.type === 'condition_clause' && cond.childForFieldName('value')?.type === 'declaration')) throw new Refusal(s, 'a loop condition with a declaration');
      const value = cond.namedChildren.filter((c) => !NEUTRAL(c));
      if (value.length === 1 && /^(true|1)$/.test(value[0]!.text)) {
        // `while (true)`: left by break only.
        this.replace(value[0]!.startIndex, value[0]!.endIndex, vote(flag));
      } else {
        this.insert(cond.startIndex + 1, `${vote(`${flag} = ${flag} && (`)}`.slice(0, -1));
        this.insert(cond.endIndex - 1, '))');
      }
    }
    // The jumps of this loop: flags instead.
    for (const j of js) {
      const text = j.type === 'break_statement' ? (trip === flag ? `${flag} = false;` : `${flag} = ${trip} = false;`) : `${trip} = false;`;
      this.replace(j.startIndex, j.endIndex, text);
      this.guardAfter(j, body, trip);
    }
    if (trip !== flag) this.insert(body.startIndex + 1, () => `\n${this.indentOf(body.namedChildren.find((c) => !NEUTRAL(c)) ?? body)}bool ${trip} = ${flag};`);
    this.block(body.namedChildren, trip, ctx);
  }

  /** `i++`, `k += blockDim.x`: steps only the counters the loop declares, with no memory access. */
  private ownCounters(upd: SyntaxNode, init: SyntaxNode | null): boolean {
    return this.a.stepsOwn(upd, init) && this.safe(upd);
  }

  /** Arithmetic on names and literals only: harmless for a thread that is not in the loop. */
  private safe(e: SyntaxNode): boolean {
    for (const d of [e, ...descendants(e)]) {
      if (d.type === 'call_expression' || d.type === 'subscript_expression' || d.type === 'pointer_expression' || d.type === 'field_expression' && d.child(1)?.type !== '.') return false;
      if (d.type === 'binary_expression' && /^[/%]$/.test(d.child(1)?.type ?? '')) return false;
    }
    return true;
  }

  /** After a jump, the rest of each enclosing block up to the loop body is guarded by the trip flag. */
  private guardAfter(j: SyntaxNode, body: SyntaxNode, trip: string): void {
    for (let c: SyntaxNode = j, p = j.parent; p && p.id !== body.id; c = p, p = p.parent) {
      if (p.type === 'case_statement') throw new Refusal(j, 'a continue inside a switch');
      if (p.type !== 'compound_statement' || this.a.hasBarrier(p)) continue;
      const kids = p.namedChildren;
      const i = kids.findIndex((k) => k.id === c.id);
      const rest = kids.slice(i + 1).filter((k) => !NEUTRAL(k));
      if (rest.length > 0) this.guard(kids[i + 1]!, rest[rest.length - 1]!.endIndex, trip, rest[0]);
    }
  }

  /** A return after the kernel's last barrier and outside loops with barriers: it stays (no barrier is left to reach). */
  private afterBarriers(r: SyntaxNode): boolean {
    if (this.a.barriers.some((b) => b.endIndex > r.startIndex)) return false;
    for (let p = r.parent; p && p.id !== this.body.id; p = p.parent) if (LOOPS.has(p.type) && this.a.hasBarrier(p)) return false;
    return true;
  }

  /** Barrier-free statements under predicate `p`: guarded; a declaration with a value is declared in front of its guard and assigned inside. */
  private run(stmts: SyntaxNode[], p: string, loop: LoopCtx | null): void {
    let group: { first: SyntaxNode; like: SyntaxNode; last: SyntaxNode } | null = null;
    const close = (): void => {
      const g = group;
      group = null;
      if (g) this.guard(g.first, g.last.endIndex, p, g.like);
    };
    // `#pragma unroll` (and comments) right before a statement go inside its guard with it.
    let lead: SyntaxNode | null = null;
    for (const s of stmts) {
      if (NEUTRAL(s)) {
        lead ??= s;
        continue;
      }
      const first = lead ?? s;
      lead = null;
      if (s.type === 'alias_declaration' || s.type === 'type_definition' || s.type === 'using_declaration' || s.type === 'static_assert_declaration') {
        close(); // `using R = cub::BlockReduce<T, B>;`: names for the rest of the block, unguarded
        continue;
      }
      for (const d of [s, ...descendants(s)]) if ((d.type === 'return_statement' && !this.afterBarriers(d)) || d.type === 'goto_statement' || d.type === 'labeled_statement') throw new Refusal(d, `a ${d.type.replace(/_statement$/, '').replace('labeled', 'label')} where threads of the block run at different times`);
      if (s.type === 'declaration') {
        const words = s.text.slice(0, (s.childForFieldName('declarator') ?? s).startIndex - s.startIndex);
        const decls = s.childrenForFieldName('declarator');
        const inits = decls.filter((d) => d.type === 'init_declarator');
        // In a helper under its flag, a value any thread may compute (`const int t = threadIdx.x;`) stays too.
        const harmless = (v: SyntaxNode | null): boolean => !!v && this.top !== null && this.safe(v);
        if (/\b(__shared__|static|extern)\b/.test(words) || inits.length === 0 || inits.every((d) => this.a.uniform(d.childForFieldName('value')) || harmless(d.childForFieldName('value')))) {
          close();
          continue;
        }
        const d = inits[0]!;
        const inner = d.childForFieldName('declarator');
        const value = d.childForFieldName('value');
        // `real_t a = e1, b = e2;` (HeCBench prna): `real_t a, b;` in front, `a = e1, b = e2;` inside.
        const more = decls.slice(1);
        const plainMore = more.every((x) => x.type === 'init_declarator' && x.child(1)?.type === '=' && x.childForFieldName('declarator')?.type === 'identifier' && x.childForFieldName('value')?.type !== 'initializer_list');
        if ((more.length > 0 && (!plainMore || inner?.type !== 'identifier')) || !inner || !value || d.child(1)?.type !== '=' || value.type === 'initializer_list' || (inner.type !== 'identifier' && inner.type !== 'pointer_declarator') || /\b(auto|constexpr)\b/.test(words) || (inner.type === 'pointer_declarator' && /\bconst\b/.test(inner.text)) || this.lineStart(s) === null) {
          throw new Refusal(s, `the declaration '${s.text.split('\n')[0]}' cannot be split into a declaration for every thread and an assignment under the flag`);
        }
        group ??= { first, like: s, last: s };
        group.last = s;
        const at = this.lineStart(group.first);
        if (at === null) throw new Refusal(s, `the declaration '${s.text.split('\n')[0]}' shares its line with other statements`);
        // `T a` (as translated, without const) on a line in front of the guard; in place `a = e;`.
        for (const q of s.children) if (q.type === 'type_qualifier' && q.text === 'const') this.replace(q.startIndex, q.endIndex + (this.src[q.endIndex] === ' ' ? 1 : 0), '');
        const indent = this.indentOf(group.like);
        this.insert(at, () => `${indent}${this.unit().repeat(this.depth(at, false))}${this.ctx.edits.apply(s.startIndex, inner.endIndex)}${more.map((x) => `, ${this.ctx.edits.apply(x.childForFieldName('declarator')!.startIndex, x.childForFieldName('declarator')!.endIndex)}`).join('')};\n`);
        this.replace(s.startIndex, value.startIndex, `${declaredName(d)!} = `);
        continue;
      }
      if (group) group.last = s;
      else group = { first, like: s, last: s };
      if (loop && this.jumpInside(s, loop)) close();
    }
    close();
  }
}

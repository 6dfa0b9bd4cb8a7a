// Threads that return before a barrier. CUDA lets a thread `return` early (`if (i >= n) return;`)
// while the others of its block go on to `__syncthreads()`: a thread that has exited counts as
// arrived. Metal requires every thread of a threadgroup to reach each threadgroup_barrier (msl-cpu
// checks it). So a kernel whose threads may return before a barrier is rewritten: the thread stays
// alive with a flag set, skips the work and still reaches every barrier.
//
//   if (x >= w || y >= h) return;        bool cu2m_done = (x >= w || y >= h);
//   float v = in[y * w + x];             float v;
//   tile[ty][tx] = v;                    if (!cu2m_done) {
//   __syncthreads();              →        v = in[y * w + x];
//   out[y * w + x] = v + tile[..];         tile[ty][tx] = v;
//                                        }
//                                        threadgroup_barrier(...);
//                                        if (!cu2m_done) {
//                                          out[y * w + x] = v + tile[..];
//                                        }
//
// The kernel body is a sequence of statements; those that contain a barrier (`__syncthreads`,
// `__syncthreads_count/and/or`, a thread block's `sync()`) stay unconditional, and the runs of
// barrier-free statements between them are guarded by `if (!cu2m_done)` wherever a thread may
// have returned before them. Inside a barrier statement (a block-uniform `if` or loop) the same
// holds for its bodies. A `return` becomes `cu2m_done = true;` (with `break;` inside a barrier-free
// loop or switch, followed by `if (cu2m_done) break;` after inner loops); the statements after it
// in its own block are guarded too. A variable declared in a guarded run and used after it is
// declared before the guard. A thread that returned votes 0 in __syncthreads_count/or and 1 in
// __syncthreads_and, as an exited thread does in CUDA. `if (uniform) return;` (block-uniform:
// every thread of the block returns) stays a return.
//
// Where this cannot keep every thread reaching the same barriers with the same result (a helper
// that has barriers called after a return, a loop or `if` around barriers whose condition reads a
// value that returned threads did not compute, a declaration that cannot be split), the kernel is
// translated as written and a warning names the return (C2M1017).
import type { SyntaxNode } from '../parse/parse';
import { diag, type Diagnostic } from '../diagnostics/diagnostic';
import { pos } from '../parse/parse';
import { harmlessArguments, masking } from './barrierLoops';
import { BLOCK_VOTE_FUNCTIONS } from './blockVote';
import type { Edit } from './edits';
import type { PassContext } from './passContext';
import { descendants } from './syntax';

export const DONE_FLAG = 'cu2m_done';
const COMMENT = `// cu2metal: a thread that returns early stays alive (${DONE_FLAG}), skips the work and still reaches every barrier, as Metal requires`;

const LOOPS = new Set(['for_statement', 'while_statement', 'do_statement', 'for_range_loop']);
const NEUTRAL = (n: SyntaxNode): boolean => n.type === 'comment' || n.type.startsWith('preproc_');
const BARRIER_TEXT = /\b(__syncthreads(_count|_and|_or)?|this_thread_block)\s*\(|\bthread_block\b/;

const isShared = (s: SyntaxNode): boolean => /\b__shared__\b/.test(s.text.slice(0, (s.childForFieldName('declarator') ?? s).startIndex - s.startIndex));

class Refusal {
  constructor(readonly node: SyntaxNode, readonly why: string) {}
}

type Kind = 'sync' | 'vote' | 'helper';

/** Rewrites the kernel's early returns (see above); a warning where it keeps the kernel as written. */
export function rewriteEarlyReturns(ctx: PassContext, diagnostics: Diagnostic[]): void {
  const body = ctx.fn.body;
  if (ctx.fn.role !== 'kernel' || !body || !/\breturn\b/.test(body.text)) return;
  const r = new EarlyReturns(ctx, body);
  try {
    if (!r.plan()) return;
  } catch (e) {
    if (!(e instanceof Refusal)) throw e;
    const at = r.firstReturn ?? e.node;
    const line = e.node.startPosition.row + 1;
    diagnostics.push(diag('C2M1017', `a thread of kernel '${ctx.fn.name}' may return here before a barrier that the others reach; Metal requires every thread to reach each barrier, and this kernel is kept as written because ${e.why} (line ${line})`, ctx.program.file.name, pos(at.startPosition), pos(at.endPosition)));
    return;
  }
  r.apply();
}

class EarlyReturns {
  private readonly returns: SyntaxNode[] = [];
  private readonly returnIds = new Set<number>();
  private readonly uniformReturns = new Set<number>();
  private readonly barrierCalls: { node: SyntaxNode; kind: Kind }[] = [];
  private readonly planned: Edit[] = [];
  /** Names written by code that returned threads skip. */
  private readonly skipped = new Set<string>();
  /** Expressions every thread evaluates after a return (conditions of barrier statements), and the names they declare themselves. */
  private readonly byAll: { node: SyntaxNode; own: Set<string> }[] = [];
  private readonly memo = new Map<number, { barrier: boolean; ret: boolean }>();
  private flagIf: SyntaxNode | null = null;
  /** Whether an expression is the same for the whole block and has no effects (set by findUniformReturns). */
  private uniform: (e: SyntaxNode) => boolean = () => false;
  /** Declarations of block-uniform values, moved in front of the guards whole: every thread computes them. */
  private readonly uniformDecls = new Set<number>();
  firstReturn: SyntaxNode | null = null;

  constructor(private readonly ctx: PassContext, private readonly body: SyntaxNode) {}

  private get src(): string {
    return this.ctx.program.file.text;
  }

  /** Whether the kernel needs the rewrite; the edits are planned (not applied) when it does. */
  plan(): boolean {
    const inLambda = (n: SyntaxNode): boolean => n.type === 'lambda_expression';
    this.findUniformReturns();
    for (const d of descendants(this.body, inLambda)) {
      if (d.type === 'return_statement' && !this.uniformReturns.has(d.id)) {
        this.returns.push(d);
        this.returnIds.add(d.id);
      } else if (d.type === 'call_expression') {
        const kind = this.barrierKind(d);
        if (kind) this.barrierCalls.push({ node: d, kind });
      }
    }
    // A block-uniform return after another return would leave the live threads only: rewritten too.
    const firstOther = this.returns[0]?.startIndex ?? Infinity;
    for (const d of descendants(this.body, inLambda)) {
      if (d.type === 'return_statement' && this.uniformReturns.has(d.id) && d.startIndex > firstOther) {
        this.uniformReturns.delete(d.id);
        this.returns.push(d);
        this.returnIds.add(d.id);
      }
    }
    this.returns.sort((a, b) => a.startIndex - b.startIndex);
    const loopWithBarrier = (r: SyntaxNode): boolean => {
      for (let p = r.parent; p && p.id !== this.body.id; p = p.parent) if (LOOPS.has(p.type) && this.info(p).barrier) return true;
      return false;
    };
    const early = this.returns.filter((r) => this.barrierCalls.some((b) => b.node.startIndex > r.startIndex) || loopWithBarrier(r));
    if (early.length === 0) return false;
    this.firstReturn = early[0]!;
    this.chooseFlagIf();
    this.block(this.body.namedChildren, false, false);
    for (const { node, own } of this.byAll) {
      for (const d of [node, ...descendants(node)]) {
        if (d.type === 'identifier' && this.skipped.has(d.text) && !own.has(d.text)) {
          throw new Refusal(node, `the condition '${node.text}' reads '${d.text}', which a thread that returned did not compute`);
        }
      }
    }
    return true;
  }

  apply(): void {
    const indent = this.indentOf(this.body.namedChildren.find((c) => !NEUTRAL(c)) ?? this.body);
    if (this.flagIf) this.planned.unshift({ start: this.flagIf.startIndex, end: this.flagIf.startIndex, text: `${COMMENT}\n${indent}` });
    else this.planned.unshift({ start: this.body.startIndex + 1, end: this.body.startIndex + 1, text: `\n${indent}${COMMENT}\n${indent}bool ${DONE_FLAG} = false;` });
    this.indentGuarded();
    for (const e of this.planned) this.ctx.edits.add(e);
  }

  // ---- facts ----

  private info(n: SyntaxNode): { barrier: boolean; ret: boolean } {
    let m = this.memo.get(n.id);
    if (m) return m;
    const s = n.startIndex;
    const e = n.endIndex;
    m = {
      barrier: this.barrierCalls.some((b) => b.node.startIndex >= s && b.node.endIndex <= e),
      ret: this.returns.some((r) => r.startIndex >= s && r.endIndex <= e),
    };
    this.memo.set(n.id, m);
    return m;
  }
  private mayReturn = (n: SyntaxNode): boolean => this.info(n).ret;
  private hasBarrier = (n: SyntaxNode): boolean => this.info(n).barrier;

  private calleeName(call: SyntaxNode): string | null {
    const f = call.childForFieldName('function');
    if (!f) return null;
    if (f.type === 'identifier') return f.text;
    if (f.type === 'qualified_identifier' || f.type === 'template_function') return f.childForFieldName('name')?.text.replace(/<.*$/s, '') ?? null;
    return null;
  }

  private barrierKind(call: SyntaxNode): Kind | null {
    const f = call.childForFieldName('function');
    const args = call.childForFieldName('arguments')?.namedChildren ?? [];
    if (f?.type === 'field_expression') {
      const field = f.childForFieldName('field')?.text ?? '';
      const obj = f.childForFieldName('argument');
      if (field === 'sync' && args.length === 0 && obj && this.isBlockHandle(obj)) return 'sync';
      return null;
    }
    const name = this.calleeName(call);
    if (!name) return null;
    if (name === '__syncthreads') return 'sync';
    if (BLOCK_VOTE_FUNCTIONS.has(name)) return 'vote';
    if (name === 'sync' && args.length === 1 && this.isBlockHandle(args[0]!)) return 'sync';
    if (this.ctx.program.reaches(name, (g) => g.role !== 'kernel' && !!g.body && BARRIER_TEXT.test(g.body.text) && this.helperHasBarrier(g.body))) return 'helper';
    return null;
  }

  private helperHasBarrier(b: SyntaxNode): boolean {
    if (/\b__syncthreads(_count|_and|_or)?\s*\(/.test(b.text)) return true;
    return /\bthis_thread_block\s*\(\s*\)\s*\.\s*sync\b|\bthread_block\b[\s\S]*\.\s*sync\s*\(/.test(b.text);
  }

  /** `this_thread_block()` or a variable declared as the thread block (not a tile). */
  private isBlockHandle(e: SyntaxNode): boolean {
    if (e.type === 'call_expression') return this.calleeName(e) === 'this_thread_block';
    if (e.type !== 'identifier') return false;
    const text = this.ctx.fn.node.text;
    const name = e.text.replace(/[$]/g, '');
    if (new RegExp(`\\b(thread_block|thread_group)\\s*&?\\s*${name}\\s*=\\s*[^;]*\\b(tiled_partition|coalesced_threads)\\b`).test(text)) return false;
    return new RegExp(`\\bthread_block\\s+(const\\s+)?&?\\s*${name}\\b|\\b(auto|thread_group)\\s*&?\\s*${name}\\s*=\\s*[\\w:]*this_thread_block\\s*\\(`).test(text);
  }

  /** `if (cond) return;` at the kernel's top level whose condition is the same for the whole block: every thread returns. */
  private findUniformReturns(): void {
    const written = new Set<string>();
    for (const d of descendants(this.body)) {
      const t = d.type === 'assignment_expression' ? d.childForFieldName('left') : d.type === 'update_expression' ? d.childForFieldName('argument') : d.type === 'pointer_expression' && d.child(0)?.type === '&' ? d.childForFieldName('argument') : null;
      if (t?.type === 'identifier') written.add(t.text);
    }
    const scalars = new Set(this.ctx.fn.params.filter((p) => p.pointerDepth === 0 && !p.isArray).map((p) => p.name));
    const uniformLocals = new Set<string>();
    const uniform = (this.uniform = (e: SyntaxNode): boolean => {
      for (const d of [e, ...descendants(e)]) {
        if (d.type === 'identifier') {
          const t = d.text;
          if (t === 'blockIdx' || t === 'blockDim' || t === 'gridDim' || uniformLocals.has(t)) continue;
          if (scalars.has(t) && !written.has(t)) continue;
          const c = this.ctx.program.constants.get(t);
          if (c !== undefined && !/\b(threadIdx|laneid|warpid)\b|__/.test(c) && /^[\w\s+\-*/%()<>.]*$/.test(c)) continue;
          return false;
        }
        if (d.type === 'call_expression' || d.type === 'subscript_expression' || d.type === 'pointer_expression' || d.type === 'assignment_expression' || d.type === 'update_expression') return false;
        if (d.type === 'field_expression' && d.child(1)?.type !== '.') return false;
      }
      return true;
    });
    for (const s of this.body.namedChildren) {
      if (s.type === 'declaration') {
        for (const d of s.namedChildren) {
          if (d.type !== 'init_declarator') continue;
          const id = d.childForFieldName('declarator');
          const v = d.childForFieldName('value');
          if (id?.type === 'identifier' && v && !written.has(id.text) && uniform(v)) uniformLocals.add(id.text);
        }
      } else if (s.type === 'if_statement' && !s.childForFieldName('alternative')) {
        let c = s.childForFieldName('consequence');
        if (c?.type === 'compound_statement' && c.namedChildren.length === 1) c = c.namedChildren[0]!;
        const cond = s.childForFieldName('condition');
        if (c?.type === 'return_statement' && c.namedChildren.length === 0 && cond && uniform(cond)) this.uniformReturns.add(c.id);
      }
    }
  }

  /** The first return as `if (cond) return;` at the top level: it declares the flag, `bool cu2m_done = (cond);`. */
  private chooseFlagIf(): void {
    const first = this.returns[0]!;
    for (const s of this.body.namedChildren) {
      if (s.startIndex > first.startIndex) break;
      if (s.endIndex < first.startIndex) continue;
      if (s.type !== 'if_statement' || s.childForFieldName('alternative')) return;
      let c = s.childForFieldName('consequence');
      if (c?.type === 'compound_statement' && c.namedChildren.length === 1) c = c.namedChildren[0]!;
      const cond = s.childForFieldName('condition');
      const plain = cond?.type === 'parenthesized_expression' || (cond?.type === 'condition_clause' && cond.namedChildren.length === 1 && cond.namedChildren[0]!.type !== 'declaration' && /^\(/.test(cond.text));
      if (c?.id === first.id && cond && plain && !this.hasBarrier(cond) && !/\bcu2m_done\b/.test(this.body.text)) this.flagIf = s;
      return;
    }
  }

  // ---- planning ----

  private indentOf(n: SyntaxNode): string {
    const lineStart = this.src.lastIndexOf('\n', n.startIndex - 1) + 1;
    const lead = /^[ \t]*/.exec(this.src.slice(lineStart, n.startIndex))?.[0] ?? '';
    return lead.length === n.startIndex - lineStart ? lead : ' '.repeat(n.startPosition.column);
  }

  /** Where a statement's line starts, when only blanks stand before it on that line. */
  private lineStart(n: SyntaxNode): number | null {
    const ls = this.src.lastIndexOf('\n', n.startIndex - 1) + 1;
    return /^[ \t]*$/.test(this.src.slice(ls, n.startIndex)) ? ls : null;
  }
  /** Source ranges this pass deletes (declarations moved in front of a guard). */
  private readonly deleted: { start: number; end: number }[] = [];
  private readonly inDeleted = (at: number): boolean => this.deleted.some((d) => at >= d.start && at < d.end);

  /** Guards as [start of the first guarded line, end of the last statement): their lines are indented one level each, in apply(). */
  private readonly guards: { start: number; end: number }[] = [];
  /** How many guards enclose the line starting at `at` (`own`: counting those that start there). */
  private depth(at: number, own: boolean): number {
    return this.guards.filter((g) => (own ? g.start <= at : g.start < at) && at < g.end).length;
  }

  /** `text` on a line of its own in front of statement `n`, at the depth of the guards around it. */
  private lineBefore(n: SyntaxNode, text: string | (() => string), indent = this.indentOf(n)): void {
    const ls = this.lineStart(n);
    const t = typeof text === 'string' ? () => text : text;
    if (ls !== null) this.insert(ls, () => `${indent}${this.unit().repeat(this.depth(ls, false))}${t()}\n`);
    else this.insert(n.startIndex, () => `${t()}\n${indent}`);
  }

  /** `if (!cu2m_done) {` in front of `first`, `}` after `end`; the lines between are indented in apply(). Returns the closing edit's text. */
  private guard(first: SyntaxNode, end: number): () => string {
    let like: SyntaxNode | null = first; // a #pragma in column 0 does not set the indentation
    while (like && NEUTRAL(like)) like = like.nextNamedSibling;
    const indent = this.indentOf(like ?? first);
    const ls = this.lineStart(first);
    if (ls === null) {
      this.insert(first.startIndex, `if (!${DONE_FLAG}) { `);
      return () => ' }';
    }
    this.guards.push({ start: ls, end });
    this.lineBefore(first, `if (!${DONE_FLAG}) {`, indent);
    return () => `\n${indent}${this.unit().repeat(this.depth(ls, false))}}`;
  }

  /** The guarded lines one level deeper per guard. */
  private indentGuarded(): void {
    if (this.guards.length === 0) return;
    const start = Math.min(...this.guards.map((g) => g.start));
    const end = Math.max(...this.guards.map((g) => g.end));
    for (let at = start; at > 0 && at < end; at = this.src.indexOf('\n', at) + 1) {
      if (this.src[at] === '\n' || this.src[at] === '\r' || this.src.startsWith('#line', at) || this.inDeleted(at)) continue;
      const d = this.depth(at, true);
      if (d > 0) this.insert(at, this.unit().repeat(d));
    }
  }
  private unitText: string | null = null;
  private unit(): string {
    if (this.unitText !== null) return this.unitText;
    const first = this.body.namedChildren.find((c) => !NEUTRAL(c));
    const lead = first ? this.indentOf(first) : '';
    return (this.unitText = lead.length > 0 && lead.length <= 8 ? lead : '    ');
  }

  private insert(at: number, text: string | (() => string)): Edit {
    const e: Edit = typeof text === 'string' ? { start: at, end: at, text } : { start: at, end: at, get text() { return text(); } };
    this.planned.push(e);
    return e;
  }
  private replace(start: number, end: number, text: string): Edit {
    const e: Edit = { start, end, text };
    this.planned.push(e);
    return e;
  }

  /** The statements of a block: runs of barrier-free statements and barrier statements. Returns whether a thread may have returned at its end. */
  private block(stmts: readonly SyntaxNode[], done: boolean, unbraced: boolean): boolean {
    for (let i = 0; i < stmts.length; ) {
      const s = stmts[i]!;
      if (this.hasBarrier(s)) {
        done = this.barrierStatement(s, done);
        i++;
        continue;
      }
      let j = i;
      while (j < stmts.length && !this.hasBarrier(stmts[j]!)) j++;
      let k = j;
      while (k > i && NEUTRAL(stmts[k - 1]!)) k--; // a #pragma before a barrier loop stays in front of it
      if (k > i) done = this.run(stmts.slice(i, k), done, stmts.slice(j), unbraced);
      i = j;
    }
    return done;
  }

  private branch(b: SyntaxNode | null, done: boolean): boolean {
    if (!b) return done;
    if (b.type === 'else_clause') return this.branch(b.namedChildren.find((c) => !NEUTRAL(c)) ?? null, done);
    if (b.type === 'compound_statement') return this.block(b.namedChildren, done, false);
    return this.block([b], done, true);
  }

  /** A statement with barriers, reached by every thread. */
  private barrierStatement(s: SyntaxNode, done: boolean): boolean {
    if (!done && !this.mayReturn(s)) return false;
    switch (s.type) {
      case 'expression_statement':
      case 'declaration':
        this.simpleBarrier(s, done);
        return done;
      case 'compound_statement':
        return this.block(s.namedChildren, done, false);
      case 'if_statement': {
        const cond = s.childForFieldName('condition');
        if (cond && done) this.everyThread(cond, new Set(), done);
        const a = this.branch(s.childForFieldName('consequence'), done);
        const b = this.branch(s.childForFieldName('alternative'), done);
        return a || b;
      }
      case 'for_statement':
      case 'while_statement':
      case 'do_statement': {
        const body = s.childForFieldName('body');
        const inBody = done || (!!body && this.mayReturn(body));
        const own = new Set<string>();
        const init = s.childForFieldName('initializer');
        if (init) {
          for (const d of [init, ...descendants(init)]) {
            if (d.type === 'init_declarator' || d.type === 'declaration') for (const id of this.declaredNames(d)) own.add(id);
            // `for (m = 0; ...)`: every thread sets m before the condition reads it.
            if (d.type === 'assignment_expression' && d.child(1)?.type === '=' && d.childForFieldName('left')?.type === 'identifier') own.add(d.childForFieldName('left')!.text);
          }
          if (done) this.everyThread(init, own, done);
        }
        for (const f of ['condition', 'update'] as const) {
          const e = s.childForFieldName(f);
          if (e && inBody) this.everyThread(e, own, inBody);
        }
        this.branch(body, inBody);
        return inBody;
      }
      default:
        throw new Refusal(s, `a ${s.type.replace(/_/g, ' ')} around a barrier after a return is not rewritten`);
    }
  }

  /** An expression every thread evaluates though some may have returned: it must not read what they skipped; its votes leave them out. */
  private everyThread(e: SyntaxNode, own: Set<string>, done: boolean): void {
    this.byAll.push({ node: e, own });
    this.votes(e, done);
    for (const b of this.barrierCalls) if (b.kind === 'helper' && b.node.startIndex >= e.startIndex && b.node.endIndex <= e.endIndex) throw new Refusal(b.node, `'${this.calleeName(b.node)}' has barriers and would run for threads that returned`);
  }

  /** `__syncthreads();`, `block.sync();`, `n = __syncthreads_count(p);`, `int n = __syncthreads_or(p);`. */
  private simpleBarrier(s: SyntaxNode, done: boolean): void {
    const calls = this.barrierCalls.filter((b) => b.node.startIndex >= s.startIndex && b.node.endIndex <= s.endIndex);
    if (calls.length === 1 && calls[0]!.kind === 'helper') {
      // A helper that takes cu2m_active (barrierLoops.ts: Masking): the threads that returned pass false.
      const call = calls[0]!.node;
      const name = this.calleeName(call);
      const m = masking(this.ctx.program);
      const def = name ? m.definition(name) : null;
      const why = !name || !def ? `'${name ?? call.text}' has barriers and would run for threads that returned` : m.refusal(name)?.replace(/would be called by threads that do not take part/, 'would run for threads that returned') ?? (harmlessArguments(call) ? null : `the arguments of '${name}', which has barriers, would be evaluated by threads that returned`);
      if (why !== null) throw new Refusal(call, why);
      if (done) {
        if (!m.takesFlag(def!)) throw new Refusal(call, `'${name}' has barriers and would run for threads that returned`);
        const args = call.childForFieldName('arguments')!;
        this.insert(args.lastChild!.startIndex, `${args.namedChildren.some((x) => !NEUTRAL(x)) ? ', ' : ''}!${DONE_FLAG}`);
      }
      calls.splice(0, 1, { ...calls[0]!, kind: 'sync' });
    }
    if (calls.length !== 1 || calls[0]!.kind === 'helper') throw new Refusal(s, calls.some((c) => c.kind === 'helper') ? `'${this.calleeName(calls.find((c) => c.kind === 'helper')!.node)}' has barriers and would run for threads that returned` : `the statement '${s.text}' does more than pass a barrier`);
    const call = calls[0]!.node;
    let e: SyntaxNode | null | undefined = s.type === 'expression_statement' ? s.namedChildren[0] : null;
    if (s.type === 'declaration') {
      const ds = s.namedChildren.filter((c) => c.type === 'init_declarator');
      if (ds.length === 1 && ds[0]!.childForFieldName('declarator')?.type === 'identifier') e = ds[0]!.childForFieldName('value');
    } else if (e?.type === 'assignment_expression' && e.childForFieldName('left')?.type === 'identifier') e = e.childForFieldName('right');
    if (e?.id !== call.id) throw new Refusal(s, `the statement '${s.text}' does more than pass a barrier`);
    this.votes(s, done);
  }

  /** Returned threads vote 0 in __syncthreads_count/or and 1 in __syncthreads_and. */
  private votes(n: SyntaxNode, done: boolean): void {
    if (!done) return;
    for (const b of this.barrierCalls) {
      if (b.kind !== 'vote' || b.node.startIndex < n.startIndex || b.node.endIndex > n.endIndex) continue;
      const arg = b.node.childForFieldName('arguments')?.namedChildren[0];
      if (!arg) continue;
      const and = this.calleeName(b.node) === '__syncthreads_and';
      this.insert(arg.startIndex, and ? `${DONE_FLAG} || (` : `!${DONE_FLAG} && (`);
      this.insert(arg.endIndex, ')');
    }
  }

  /**
   * Barrier-free statements between barriers. From the first one a thread may reach after
   * returning, they are guarded; a statement that returns guards the rest of the run.
   */
  private run(stmts: SyntaxNode[], done: boolean, rest: readonly SyntaxNode[], unbraced: boolean): boolean {
    let first = 0;
    if (!done) {
      const k = stmts.findIndex(this.mayReturn);
      if (k < 0) return false;
      first = k + 1;
    }
    for (const s of stmts) if (this.mayReturn(s)) this.inner(s);
    for (const s of stmts.slice(0, first)) if (this.mayReturn(s)) this.noteWrites(s);
    const guarded = stmts.slice(first);
    while (guarded.length > 0 && NEUTRAL(guarded[guarded.length - 1]!)) guarded.pop();
    if (guarded.length === 0) return true;
    for (const s of guarded) if (this.uniformDeclaration(s)) this.uniformDecls.add(s.id);
    for (const s of guarded) this.noteWrites(s);
    // Declarations used after the run are declared in front of the guards.
    const idents = (ns: readonly SyntaxNode[]): Set<string> => {
      const out = new Set<string>();
      for (const r of ns) for (const d of [r, ...descendants(r)]) if (d.type === 'identifier') out.add(d.text);
      return out;
    };
    const hoists: (() => string)[] = [];
    for (let k = 0; k < guarded.length; k++) {
      const s = guarded[k]!;
      if (s.type !== 'declaration') continue;
      // Used after its guard (the next segment starts after a statement that may return, or after the run)?
      let end = k;
      while (end < guarded.length && !this.mayReturn(guarded[end]!)) end++;
      const later = idents([...guarded.slice(end + 1), ...rest]);
      // __shared__ arrays move in front of the guards whatever uses them: Metal declares threadgroup memory at kernel scope.
      if (this.declaredNames(s).some((n) => later.has(n)) || isShared(s) || this.uniformDecls.has(s.id)) hoists.push(this.hoist(s, unbraced));
    }
    for (const h of hoists) this.lineBefore(guarded[0]!, h);
    // One guard per segment: a statement that may return ends one, the next opens another.
    for (let i = 0; i < guarded.length; ) {
      let j = i;
      while (j + 1 < guarded.length && !this.mayReturn(guarded[j]!)) j++;
      // The guard ends after the last statement that stays (not a comment, not a declaration that moved).
      const stays = (x: SyntaxNode): boolean => !NEUTRAL(x) && !this.inDeleted(x.endIndex - 1);
      while (j > i && !stays(guarded[j]!)) j--;
      if (stays(guarded[j]!)) {
        if (unbraced) {
          this.insert(guarded[i]!.startIndex, `{ if (!${DONE_FLAG}) { `);
          this.insert(guarded[j]!.endIndex, ' } }');
        } else this.insert(guarded[j]!.endIndex, this.guard(guarded[i]!, guarded[j]!.endIndex));
      }
      i = j + 1;
    }
    return true;
  }

  /** `int part = (n - 1) / BLOCK;`: a plain declaration whose value is the same for the whole block. */
  private uniformDeclaration(s: SyntaxNode): boolean {
    if (s.type !== 'declaration' || isShared(s) || s.children.some((c) => c.type === 'storage_class_specifier')) return false;
    const ds = s.childrenForFieldName('declarator');
    return ds.length > 0 && ds.every((d) => d.type === 'init_declarator' && d.child(1)?.type === '=' && d.childForFieldName('declarator')?.type === 'identifier' && !!d.childForFieldName('value') && this.uniform(d.childForFieldName('value')!));
  }

  /** Names a statement writes (declares, assigns, increments). */
  private noteWrites(s: SyntaxNode): void {
    for (const d of [s, ...descendants(s)]) {
      if ((d.type === 'declaration' && !this.uniformDecls.has(d.id)) || (d.type === 'init_declarator' && !(d.parent && this.uniformDecls.has(d.parent.id)))) for (const n of this.declaredNames(d)) this.skipped.add(n);
      const t = d.type === 'assignment_expression' ? d.childForFieldName('left') : d.type === 'update_expression' ? d.childForFieldName('argument') : null;
      if (t?.type === 'identifier') this.skipped.add(t.text);
      if (d.type === 'pointer_expression' && d.child(0)?.type === '&' && d.childForFieldName('argument')?.type === 'identifier') this.skipped.add(d.childForFieldName('argument')!.text);
      if (d.type === 'call_expression') for (const a of d.childForFieldName('arguments')?.namedChildren ?? []) if (a.type === 'identifier') this.skipped.add(a.text); // may be taken by reference
    }
  }

  private declaredNames(d: SyntaxNode): string[] {
    const out: string[] = [];
    const decls = d.type === 'declaration' ? d.childrenForFieldName('declarator') : [d.type === 'init_declarator' ? d.childForFieldName('declarator') : d];
    for (let x of decls) {
      while (x && x.type !== 'identifier') x = x.childForFieldName('declarator') ?? (x.type === 'init_declarator' ? null : x.namedChildren.find((c) => c.type === 'identifier') ?? null);
      if (x) out.push(x.text);
    }
    return out;
  }

  /**
   * A declaration used after its guard: `T a = e, *p = q;` → `T a, *p;` in front of the guards,
   * `a = e, p = q;` in place. Returns the text in front (read once the other passes' edits exist).
   */
  private hoist(s: SyntaxNode, unbraced: boolean): () => string {
    const refuse = (why: string): never => {
      throw new Refusal(s, `'${s.text.split('\n')[0]}' ${why}`);
    };
    if (unbraced) refuse('is the body of a statement without braces');
    if (this.uniformDecls.has(s.id)) {
      const del = this.deleteLine(s);
      return () => this.applyExcept(s.startIndex, s.endIndex, del);
    }
    if (s.children.some((c) => c.type === 'storage_class_specifier' && c.text !== 'register')) refuse('has a storage class');
    if (/\b(auto|constexpr)\b/.test(s.text.slice(0, (s.childForFieldName('declarator') ?? s).startIndex - s.startIndex))) refuse('cannot be declared before the guard (auto or constexpr)');
    if (isShared(s) && s.descendantsOfType('init_declarator').length > 0) refuse('is __shared__ with an initialiser');
    const decls = s.childrenForFieldName('declarator');
    const first = decls[0];
    if (!first) refuse('declares nothing');
    const typeEnd = first!.startIndex;
    const parts: { start: number; end: number; ptr: boolean }[] = [];
    const inits = decls.filter((d) => d.type === 'init_declarator');
    for (const d of decls) {
      const inner = d.type === 'init_declarator' ? d.childForFieldName('declarator')! : d;
      if (/&/.test(inner.text) && inner.type === 'reference_declarator') refuse('is a reference');
      if (d.type === 'init_declarator') {
        const v = d.childForFieldName('value');
        if (d.child(1)?.type !== '=' || !v || v.type === 'initializer_list' || inner.type !== 'identifier' && inner.type !== 'pointer_declarator') refuse('has an initialiser that cannot become an assignment');
        if (inner.type === 'pointer_declarator' && /\bconst\b/.test(inner.text)) refuse('is a const pointer');
        if (inner.type === 'pointer_declarator' && decls.length > 1) refuse('declares a pointer beside other variables');
      } else if (decls.length > 1 && inits.length > 0) refuse('mixes initialised and plain declarators');
      parts.push({ start: inner.startIndex, end: inner.endIndex, ptr: inner.type === 'pointer_declarator' });
    }
    if (inits.length === 0) {
      // No initialiser: the whole declaration moves in front of the guard.
      const del = this.deleteLine(s);
      return () => this.applyExcept(s.startIndex, s.endIndex, del);
    }
    // In place: the type goes, each declarator becomes its name.
    // From the line's start, so that what other passes insert in front of the type (`threadgroup `) goes too.
    const ls = this.lineStart(s);
    const delType = this.replace(ls ?? s.startIndex, typeEnd, ls !== null ? this.src.slice(ls, s.startIndex) : '');
    const names: Edit[] = [];
    for (const d of decls) {
      const inner = d.childForFieldName('declarator')!;
      if (inner.type !== 'identifier') names.push(this.replace(inner.startIndex, inner.endIndex, this.declaredNames(d)[0] ?? inner.text));
    }
    return () => {
      const type = this.applyExcept(s.startIndex, typeEnd, delType).replace(/\bconst\s+/g, '').trimEnd();
      const ds = parts.map((p) => this.applyExcept(p.start, p.end, ...names)).join(', ');
      return `${type} ${ds};`;
    };
  }

  /** Deletes a declaration that moves, with its line when it stands alone there. */
  private deleteLine(s: SyntaxNode): Edit {
    const ls = this.lineStart(s);
    const nl = this.src.indexOf('\n', s.endIndex);
    const alone = ls !== null && nl >= 0 && /^[ \t\r]*$/.test(this.src.slice(s.endIndex, nl));
    const range = alone ? { start: ls, end: nl + 1 } : { start: s.startIndex, end: s.endIndex };
    this.deleted.push(range);
    return this.replace(range.start, range.end, '');
  }

  private applyExcept(start: number, end: number, ...skip: Edit[]): string {
    return this.ctx.edits.apply(start, end, new Set([...this.planned.filter((e) => !skip.includes(e) && e.start === e.end), ...skip]));
  }

  /** The returns inside a statement of a run: `cu2m_done = true;`, and the rest of each block after a statement that may return is guarded (or left with `break`). */
  private inner(s: SyntaxNode): void {
    if (this.flagIf && s.id === this.flagIf.id) {
      const cond = s.childForFieldName('condition')!;
      this.replace(s.startIndex, cond.startIndex, `bool ${DONE_FLAG} = `);
      this.replace(cond.endIndex, s.endIndex, ';');
      return;
    }
    const breakable = (from: SyntaxNode): SyntaxNode | null => {
      for (let p: SyntaxNode | null = from; p; p = p.parent) {
        if (LOOPS.has(p.type) || p.type === 'switch_statement') return p;
        if (p.id === s.id) return null;
      }
      return null;
    };
    for (const r of this.returns) {
      if (r.startIndex < s.startIndex || r.endIndex > s.endIndex) continue;
      if (r.namedChildren.length > 0) throw new Refusal(r, 'a kernel returns a value');
      const text = breakable(r.parent!) ? `${DONE_FLAG} = true; break;` : `${DONE_FLAG} = true;`;
      const inBlock = r.parent?.type === 'compound_statement' || r.parent?.type === 'case_statement';
      this.replace(r.startIndex, r.endIndex, inBlock || !text.includes('break') ? text : `{ ${text} }`);
    }
    for (const c of [s, ...descendants(s, (x) => x.type === 'lambda_expression')]) {
      if (c.type !== 'compound_statement' && c.type !== 'case_statement') continue;
      if (!this.mayReturn(c) || c.parent?.type === 'switch_statement') continue;
      const kids = c.namedChildren.filter((k) => !(c.type === 'case_statement' && k.id === c.childForFieldName('value')?.id));
      const brk = breakable(c.type === 'case_statement' ? c.parent! : c);
      let lastReal: SyntaxNode | null = null;
      for (const k of kids) if (!NEUTRAL(k)) lastReal = k;
      const closes: (() => string)[] = [];
      for (let i = 0; i < kids.length; i++) {
        const k = kids[i]!;
        if (!this.mayReturn(k) || k.type === 'return_statement' || this.returnIds.has(k.id)) continue;
        if (!kids.slice(i + 1).some((x) => !NEUTRAL(x))) continue;
        if (brk) {
          // Needed only where a return inside `k` left an inner loop or switch, not `brk` itself.
          if (this.returns.some((r) => r.startIndex >= k.startIndex && r.endIndex <= k.endIndex && breakable(r.parent!)?.id !== brk.id)) {
            const ls = this.lineStart(k);
            const ind = this.indentOf(k);
            this.insert(k.endIndex, () => `\n${ind}${ls === null ? '' : this.unit().repeat(this.depth(ls, true))}if (${DONE_FLAG}) break;`);
          }
        } else closes.push(this.guard(kids[i + 1]!, lastReal!.endIndex));
      }
      for (const c of closes.reverse()) this.insert(lastReal!.endIndex, c);
    }
    // `for (...) for (...) { return; }`: the inner loop's break would not leave the outer one.
    for (const d of descendants(s)) {
      if ((LOOPS.has(d.type) || d.type === 'switch_statement') && this.mayReturn(d) && d.parent && LOOPS.has(d.parent.type)) throw new Refusal(d, 'a loop that returns is the body of another loop without braces');
    }
    if (s.type === 'labeled_statement') throw new Refusal(s, 'a labelled statement returns');
  }
}

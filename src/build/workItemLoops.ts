// Work-item loops for the cuda-cpu backend (issue 8): a barrier kernel whose barriers are all in
// block-uniform places gets a second, generated version `cu2m_wil_NAME::NAME` that runs a whole block in
// one call. The kernel body is cut at its barriers; each stretch between two cuts becomes a loop
// over the block's threads (x fastest, the order in which the fiber scheduler runs them), loops
// that contain barriers run once per block around those thread loops, and locals that live across
// a cut become per-thread arrays (a reference `auto& x = cu2m_pt_x[cu2m_tid];` at the top of each
// thread loop, so the statements themselves are copied unchanged). The module glue
// (src/build/glue.ts) gives such a kernel a block entry and the CU2M_KERNEL_WORK_ITEM_LOOPS flag;
// the scheduler uses it unless CU2METAL_WORK_ITEM_LOOPS=0 or --sanitize (fibers, which check
// every barrier). Anything outside the restricted subset below keeps fibers: the verdict says why.
//
// The subset (checked on the tree-sitter tree of the module's cuda-cpu source):
// - `__syncthreads();` only as a statement at the top level of the kernel body, or of the body of a
//   `for`/`while` loop, a branch of an `if`, or a `{ ... }` block that is itself at such a level and
//   whose control (loop header, if condition) is block-uniform;
// - block-uniform: literals, other non-local names, macros whose expansion is block-uniform (not
//   `#define tidx threadIdx.x`), blockIdx/blockDim/gridDim,
//   parameters modified only by block-uniform statements at a level (others modified by a thread
//   get a per-thread copy), and locals declared once whose initialiser and every assignment
//   (statements at such a level, loop headers) are block-uniform; no memory reads, no calls but
//   min/max/abs, no threadIdx; those declarations and assignments run once per block;
// - no goto, labels, lambdas, asm, preprocessor conditionals in the body, warp operations (but
//   the collectives src/build/warpCuts.ts cuts, in statements at a level),
//   cooperative groups, __syncthreads_count/and/or, no call of a function that (transitively)
//   uses any of those or a barrier; `return` only after the last top-level cut; no break/continue
//   that would leave a thread loop or an `if`/block with barriers.
// Before the analysis, names declared twice and reused loop counters get names of their own
// (src/build/uniqueNames.ts).
import { parseSource, type SyntaxNode } from '../parse/parse';
import type { Manifest } from '../translate/index';
import { cudaGlue } from './glue';
import { inlineHelpers } from './inlineHelpers';
import { uniqueNames } from './uniqueNames';
import { PLAIN_METHODS, UNIFORM_METHODS } from './cgCuts';
import { CUDA_WARP_CUTS, maskTileCollectives, mentionsTileCollective, tileCallOf, type WarpCuts } from './warpCuts';

/** What the transform made of one barrier kernel: null reason = transformed. */
export interface WorkItemVerdict {
  readonly kernel: string;
  readonly reason: string | null;
}

export interface WorkItemLoops {
  /** The source with the generated functions inserted after their kernels (lines kept by #line). */
  readonly code: string;
  /** Kernels that have a `cu2m_wil_NAME`. */
  readonly kernels: ReadonlySet<string>;
  /** For each of them, the C++ function its block entry calls (`cu2m_wil_k::k<256, float>`). */
  readonly calls: ReadonlyMap<string, string>;
  readonly verdicts: readonly WorkItemVerdict[];
}

const DENIED = /\b(__syncwarp|__uni_sync|__shfl\w*|__ballot\w*|__any\w*|__all\w*|__activemask|__match\w*|__reduce\w*|__syncthreads_(?:count|and|or)|cooperative_groups|cg|this_thread_block|this_grid|tiled_partition|coalesced_threads|grid_group|thread_block\w*|asm|__asm__|setjmp|longjmp|__CU2M_\w*)\b/;
const BARRIER = '__syncthreads';
const UNIFORM_CALLS = new Set(['min', 'max', 'abs', 'umin', 'umax']);
const BUILTINS = new Map([
  ['threadIdx', 'cu2m_threadIdx'],
  ['blockIdx', 'cu2m_blockIdx'],
  ['blockDim', 'cu2m_blockDim'],
  ['gridDim', 'cu2m_gridDim'],
]);
/**
 * What differs between the languages the transform reads: cuda-cpu's C++ (here) and the lowered
 * MSL of msl-cpu (src/build/mslWorkItemLoops.ts). The analysis is the same for both.
 */
export interface WilDialect {
  /** Text whose presence in a statement means it contains a barrier. */
  readonly barrier: string;
  /** A barrier statement's expression. */
  readonly barrierCall: RegExp;
  /** Names that keep fibers (warp operations and the like). */
  readonly denied: RegExp;
  /** Variables whose value differs between the threads of a block. */
  readonly threadVars: ReadonlySet<string>;
  /** Built-in variables renamed in the copied statements. */
  readonly builtins: ReadonlyMap<string, string>;
  /** The generated function's first lines, given the kernel's name and its parameter list as written. */
  readonly head: (name: string, params: string, templateParams?: string) => string[];
  /** The first lines of each thread loop's body (cu2m_x/y/z and cu2m_tid are the thread's). */
  readonly threadLoop: readonly string[];
  /** The per-thread storage of variable number `key` of type `type` (cu2m_n elements). */
  readonly slots: (type: string, key: number) => string;
  /**
   * How a thread leaves its stretch early (a `return`): by default `goto` a label at the end of the
   * thread loop's body; otherwise a stretch with a return is `stretch.open ... stretch.close` and
   * the return is `stretch.jump`.
   */
  readonly stretch?: { readonly open: string; readonly close: string; readonly jump: string };
  /** The type of a per-thread variable as the storage declares it (default: the type node as written). */
  readonly declType?: (decl: SyntaxNode, text: string) => string;
  /** The warp collectives cut in three (default: cuda-cpu's, src/build/warpCuts.ts). */
  readonly warps?: WarpCuts;
  /**
   * Cooperative groups' block handle: the arguments of `this_thread_block(...)` (a regex; default
   * none) and whether the handle is the same for every thread (hoisted; default) or holds the
   * thread's position (msl-cpu: a per-thread local like any other).
   */
  readonly blockHandle?: { readonly args: string; readonly uniform: boolean };
  /** A statement that stops the launch with `message` (a C string literal's contents). */
  readonly trap: (message: string) => string;
}

/**
 * A warp-uniform `if` (issue 8): `if (threadIdx.x < E) { ... }` (or `>=`) whose body has warp or tile
 * collectives but no block barrier and no return. E is a constant multiple of every collective's
 * group size G (32 for warp collectives, N for a tile<N>'s), so the threads of a group (G
 * consecutive linear thread ids) all take the branch or all skip it whenever the block is 1-D, its x
 * size is a multiple of G, or not above E: each group's collectives then see all their lanes, as at
 * the kernel's top level. The generated code checks the block shape at run time and stops the
 * launch otherwise (a collective of a group split by the condition names lanes that do not run it:
 * undefined in CUDA); `b.thread_rank() < E` (b a block handle: the linear thread id) needs no check. The body is a level of its own; every thread loop in it skips the threads whose
 * condition (evaluated once, into a per-thread array, before the body) is false.
 */
export interface WarpGuard {
  /** The group size the condition must be uniform over, and the constant it compares with. */
  readonly group: number;
  readonly bound: number;
  /** The condition compares the linear thread id (a block handle's thread_rank()): uniform for every block shape. */
  readonly linear: boolean;
  readonly condition: SyntaxNode;
}

export const CUDA_DIALECT: WilDialect = {
  barrier: BARRIER,
  barrierCall: /^__syncthreads\s*\(\s*\)$/,
  denied: DENIED,
  threadVars: new Set(['threadIdx']),
  builtins: BUILTINS,
  head: (name, params, templateParams) => [
    `${templateParams ? `template ${templateParams}\n` : ''}static void ${name}${params} {`,
    '  cu2m_thread_ctx* const cu2m_ctx = ::cu2m_cpu::current;',
    '  const uint3 cu2m_blockIdx = blockIdx;',
    '  const dim3 cu2m_blockDim = blockDim, cu2m_gridDim = gridDim;',
    '  const uint32_t cu2m_bx = cu2m_ctx->block_dim.x, cu2m_by = cu2m_ctx->block_dim.y, cu2m_bz = cu2m_ctx->block_dim.z;',
    '  const uint32_t cu2m_n = cu2m_bx * cu2m_by * cu2m_bz;',
    '  (void)cu2m_n; (void)cu2m_blockIdx; (void)cu2m_blockDim; (void)cu2m_gridDim;',
  ],
  threadLoop: [
    '  cu2m_ctx->thread_idx = cu2m_dim3{cu2m_x, cu2m_y, cu2m_z};',
    '  cu2m_ctx->linear_tid = cu2m_tid;',
    '  const uint3 cu2m_threadIdx = make_uint3(cu2m_x, cu2m_y, cu2m_z); (void)cu2m_threadIdx;',
  ],
  slots: (type, key) => `::cu2m_wil::slots<${type}, ${key}u>(cu2m_n)`,
  trap: (message) => `cu2m_ctx->trap(cu2m_ctx, "${message}");`,
  // The declared type without the variable's own `const` (the arrays are assigned), but with a
  // pointee's: `const float* p` lives in an array of `const float*`.
  declType: (decl) => {
    const type = decl.childForFieldName('type')!.text;
    const pointer = decl.childrenForFieldName('declarator').some((d) => /^[^=]*\*/.test(d.text));
    return pointer && decl.namedChildren.some((c) => c.type === 'type_qualifier' && c.text === 'const') ? `const ${type}` : type;
  },
};

const HOISTED_CALLS = /^(CU2M_SHARED_DECLARED|CU2M_EXTERN_SHARED)$/;
const ALWAYS_HOISTED = new Set(['type_definition', 'alias_declaration', 'using_declaration', 'namespace_alias_definition', 'static_assert_declaration', 'struct_specifier', 'class_specifier', 'union_specifier', 'enum_specifier']);
const REJECTED_NODES = new Set(['goto_statement', 'labeled_statement', 'lambda_expression', 'gnu_asm_expression', 'ms_asm_block', 'try_statement', 'throw_statement', 'co_return_statement', 'co_await_expression', 'ERROR']);

export class Fallback extends Error {}
export const fail = (why: string): never => {
  throw new Fallback(why);
};

export function descendants(n: SyntaxNode, visit: (d: SyntaxNode) => void): void {
  const stack = [n];
  while (stack.length > 0) {
    const d = stack.pop()!;
    visit(d);
    for (let i = d.childCount - 1; i >= 0; --i) stack.push(d.child(i)!);
  }
}

/** The declared name of a declarator (`*p`, `a[4]`, `x = 1`, `(&r)`), or null for a function declarator. */
export function declaredName(d: SyntaxNode): SyntaxNode | null {
  let n: SyntaxNode | null = d;
  while (n && n.type !== 'identifier') {
    if (n.type === 'function_declarator') return null;
    n = n.childForFieldName('declarator') ?? n.namedChildren.find((c) => c.type.endsWith('declarator') || c.type === 'identifier') ?? null;
  }
  return n;
}

/**
 * The variable an assignment target modifies (`a`, `s.x`, `(a)`), or null (`*p`, `p->x`, `p[i]`:
 * the pointee; a local array is never block-uniform, so its element stores need no tracking).
 */
function targetRoot(n: SyntaxNode | null): string | null {
  while (n) {
    if (n.type === 'identifier') return n.text;
    if (n.type === 'parenthesized_expression') n = n.namedChildren[0] ?? null;
    else if (n.type === 'field_expression' && n.child(1)?.type === '.') n = n.childForFieldName('argument');
    else return null;
  }
  return null;
}

/**
 * Whether a built-in variable at `d` must stay as written: inside a class body (below `top`), where
 * the generated function's locals are not visible, or inside an assert, whose message quotes it.
 */
function keepBuiltin(d: SyntaxNode, top: SyntaxNode): boolean {
  for (let p = d.parent; p; p = p.parent) {
    if (p.type === 'field_declaration_list') return true;
    if (p.type === 'call_expression' && /^(assert|CU2M_DEVICE_ASSERT)$/.test(p.childForFieldName('function')?.text ?? '')) return true;
    if (p.id === top.id) break;
  }
  return false;
}

export interface Presumed {
  readonly line: number;
  readonly file: string | null;
}

/** `#line` bookkeeping: the presumed line and file of each row of the source. */
export function presumedLines(text: string): (row: number) => Presumed {
  const directives: { row: number; line: number; file: string | null }[] = [];
  let row = 0;
  let file: string | null = null;
  for (const line of text.split('\n')) {
    const m = /^\s*#\s*line\s+(\d+)(?:\s+("(?:[^"\\]|\\.)*"))?/.exec(line);
    if (m) {
      if (m[2]) file = m[2];
      directives.push({ row, line: Number(m[1]), file });
    }
    ++row;
  }
  return (r: number): Presumed => {
    let best: (typeof directives)[number] | undefined;
    for (const d of directives) {
      if (d.row < r) best = d;
      else break;
    }
    return best ? { line: best.line + (r - best.row - 1), file: best.file } : { line: r + 1, file: null };
  };
}

export interface Kernel {
  readonly fn: SyntaxNode;
  readonly body: SyntaxNode;
  readonly params: SyntaxNode;
  readonly paramNames: Set<string>;
}

export type Item =
  | { readonly kind: 'barrier' }
  | { readonly kind: 'hoisted'; readonly node: SyntaxNode }
  | { readonly kind: 'loop'; readonly node: SyntaxNode; readonly body: Item[] }
  | { readonly kind: 'if'; readonly node: SyntaxNode; readonly then: Item[]; readonly else: Item[] | null }
  | { readonly kind: 'block'; readonly node: SyntaxNode; readonly body: Item[] }
  | { readonly kind: 'guard'; readonly node: SyntaxNode; readonly guard: WarpGuard; readonly body: Item[] }
  | { readonly kind: 'warp'; readonly node: SyntaxNode; readonly calls: SyntaxNode[] }
  | { readonly kind: 'stmt'; readonly node: SyntaxNode; perThread: boolean };

/** Per-file facts: user functions that use barriers/warp operations, ones taking references. */
export interface FileFacts {
  readonly tainted: ReadonlySet<string>;
  readonly takesReferences: ReadonlySet<string>;
  readonly deviceGlobals: ReadonlySet<string>;
  /**
   * Object-like macros → the identifiers their expansion can contain (through other macros):
   * `#define tidx threadIdx.x` makes `tidx` thread-dependent (ntt), `#define LAST (n - 1)` makes
   * `LAST` as uniform as the local `n`.
   */
  readonly macroNames: ReadonlyMap<string, ReadonlySet<string>>;
  /** Every macro name (function-like too), and whether the file overloads an operator: see KernelTransform.quiet. */
  readonly macros?: ReadonlySet<string>;
  readonly userOperators?: boolean;
  /** Object-like macros defined (and never undefined) once, as an integer literal: their values (warp-uniform ifs). */
  readonly macroValues?: ReadonlyMap<string, number>;
}

/** An integer literal's value (decimal or hexadecimal, with u/l suffixes), or undefined. */
const integerLiteral = (t: string): number | undefined => (/^(?:0[xX][0-9a-fA-F]+|\d+)[uUlL]*$/.test(t) ? Number.parseInt(t.replace(/[uUlL]+$/, ''), /^0[xX]/.test(t) ? 16 : 10) : undefined);

export function fileFacts(root: SyntaxNode, text: string, dialect: WilDialect = CUDA_DIALECT): FileFacts {
  const bodies = new Map<string, string[]>();
  const takesReferences = new Set<string>();
  for (const f of root.descendantsOfType('function_definition')) {
    const decl = f.childForFieldName('declarator');
    const fd = decl?.type === 'function_declarator' ? decl : decl?.descendantsOfType('function_declarator')[0];
    const name = fd?.childForFieldName('declarator')?.text.split('::').pop();
    // Kernels are not called from device code (their barriers are checked where they are transformed).
    if (!name || f.children.some((c) => c.type === '__global__')) continue;
    const list = bodies.get(name) ?? [];
    // The whole definition: a helper taking a cooperative-groups handle (`cg::thread_group g`) uses it.
    list.push(f.text);
    bodies.set(name, list);
    if (fd?.childForFieldName('parameters')?.text.includes('&')) takesReferences.add(name);
  }
  // Macros count as functions here: `#define SYNC __syncthreads()` makes `SYNC;` a barrier.
  for (const m of text.matchAll(/^[ \t]*#[ \t]*define[ \t]+(\w+)((?:[^\n]*\\\n)*[^\n]*)/gm)) bodies.set(m[1]!, [...(bodies.get(m[1]!) ?? []), m[2]!]);
  const tainted = new Set<string>();
  for (const [name, texts] of bodies) if (texts.some((t) => dialect.denied.test(t) || t.includes(dialect.barrier))) tainted.add(name);
  for (let changed = true; changed; ) {
    changed = false;
    for (const [name, texts] of bodies) {
      if (tainted.has(name)) continue;
      if (texts.some((t) => [...t.matchAll(/\b[A-Za-z_]\w*\b/g)].some((m) => tainted.has(m[0])))) {
        tainted.add(name);
        changed = true;
      }
    }
  }
  const deviceGlobals = new Set([...text.matchAll(/\bcu2m_sym_(\w+)/g)].map((m) => m[1]!));
  const direct = new Map<string, Set<string>>();
  for (const m of text.matchAll(/^[ \t]*#[ \t]*define[ \t]+(\w+)(?!\()((?:[^\n]*\\\n)*[^\n]*)/gm)) {
    const ids = direct.get(m[1]!) ?? new Set<string>();
    for (const id of m[2]!.replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, ' ').matchAll(/\b[A-Za-z_]\w*\b/g)) ids.add(id[0]);
    direct.set(m[1]!, ids);
  }
  const macroNames = new Map<string, Set<string>>();
  for (const name of direct.keys()) {
    const all = new Set<string>();
    const work = [name];
    for (let n = work.pop(); n !== undefined; n = work.pop()) {
      for (const id of direct.get(n) ?? []) {
        if (all.has(id)) continue;
        all.add(id);
        if (direct.has(id)) work.push(id);
      }
    }
    macroNames.set(name, all);
  }
  const macros = new Set([...text.matchAll(/^[ \t]*#[ \t]*define[ \t]+(\w+)/gm)].map((m) => m[1]!));
  const userOperators = /\boperator\s*(?:[^\s\w(]|\w+\s*\()/.test(text);
  const macroValues = new Map<string, number>();
  const seen = new Map<string, number>();
  for (const m of text.matchAll(/^[ \t]*#[ \t]*(?:define|undef)[ \t]+(\w+)/gm)) seen.set(m[1]!, (seen.get(m[1]!) ?? 0) + 1);
  for (const m of text.matchAll(/^[ \t]*#[ \t]*define[ \t]+(\w+)[ \t]+\(?[ \t]*(\w+)[ \t]*\)?[ \t]*(?:\/\/[^\n]*)?$/gm)) {
    const v = integerLiteral(m[2]!);
    if (v !== undefined && seen.get(m[1]!) === 1) macroValues.set(m[1]!, v);
  }
  return { tainted, takesReferences, deviceGlobals, macroNames, macros, userOperators, macroValues };
}

/** Scalar and vector type names: a call of one is a conversion, which cannot read the thread's position. */
const CONVERSION = /^(?:(?:u?(?:char|short|int|long)|uint|ushort|uchar|ulong|half|float|double|bool|longlong|ulonglong)[1-4]?|unsigned|signed|size_t|ptrdiff_t|u?int(?:8|16|32|64)_t)$/;

/** The analysis and the generated function for one kernel. */
export class KernelTransform {
  private readonly declared = new Map<string, number>();
  private readonly mods = new Map<string, SyntaxNode[]>();
  private readonly locals = new Set<string>();
  private uniform = new Set<string>();
  private readonly barrierLoops = new Set<number>();
  /** `if` statements with barriers and a block-uniform condition, and `{ ... }` blocks with barriers (run once per block around their thread loops): what each is. */
  private readonly barrierIfs = new Map<number, string>();
  private readonly inits = new Map<string, SyntaxNode | null>();
  private readonly candidateSites = new Map<string, SyntaxNode>();
  private lastTopCut = -1;
  /** Names of `cg::this_thread_block()` handles declared at a level. */
  private readonly handles = new Set<string>();
  /** Tiles of those (`cg::thread_block_tile<N> t = cg::tiled_partition<N>(b);` at a level): name → N (src/build/cgCuts.ts). */
  private readonly tiles = new Map<string, string>();
  /** Warp-uniform ifs (WarpGuard), by node id. */
  private readonly guards = new Map<number, WarpGuard>();
  private groupNames(): string {
    return [...this.handles, ...this.tiles.keys()].join('|');
  }

  /** A barrier statement's expression: `__syncthreads()`, `b.sync()`, `cg::sync(b)`. */
  private isBarrier(e: string): boolean {
    if (this.dialect.barrierCall.test(e)) return true;
    if (this.warps.isSyncStatement({ type: 'expression_statement', namedChildren: [{ text: e }] } as unknown as SyntaxNode)) return true; // warpCuts.ts
    const m = /^(?:(?:cg|cooperative_groups)::sync\s*\(\s*(\w+)\s*\)|(\w+)\s*\.\s*sync\s*\(\s*\))$/.exec(e);
    return !!m && (this.handles.has(m[1] ?? m[2]!) || this.tiles.has(m[1] ?? m[2]!));
  }

  /** The tiles' names (their collectives are warp cuts: src/build/warpCuts.ts). */
  private tileSet(): ReadonlySet<string> {
    return new Set(this.tiles.keys());
  }

  /** Whether text mentions a warp collective the cuts handle: the dialect's, or a tile's. */
  private mentionsWarp(text: string): boolean {
    return this.warps.mentions(text) || mentionsTileCollective(text, this.tileSet());
  }

  private hasBarrier(n: SyntaxNode): boolean {
    if (n.text.includes(this.dialect.barrier) || this.mentionsWarp(n.text)) return true;
    if (this.handles.size === 0) return false;
    const names = this.groupNames();
    return new RegExp(`\\b(?:cg|cooperative_groups)::sync\\s*\\(|\\b(?:${names})\\s*\\.\\s*sync\\s*\\(`).test(n.text);
  }

  constructor(
    private readonly k: Kernel,
    private readonly facts: FileFacts,
    private readonly text: string,
    private readonly presumed: (row: number) => Presumed,
    private readonly dialect: WilDialect = CUDA_DIALECT,
  ) {
    this.warps = dialect.warps ?? CUDA_WARP_CUTS;
  }

  private readonly warps: WarpCuts;

  /** The line of a node in the user's file. */
  private line(n: SyntaxNode): number {
    return this.presumed(n.startPosition.row).line;
  }

  analyse(): Item[] {
    const { body } = this.k;
    if (body.hasError) fail('the kernel has a syntax error tree-sitter cannot place');
    descendants(body, (n) => {
      if (REJECTED_NODES.has(n.type)) fail(`it contains ${n.type.replace(/_/g, ' ')}`);
      // `#pragma unroll` (matrixMul's inner loop) is a hint that stays before its loop; other directives fall back.
      if (n.type.startsWith('preproc') && !isPragma(n)) fail('it contains preprocessor directives');
    });
    // Cooperative groups' whole-block handle: `cg::thread_block b = cg::this_thread_block();` at a
    // level (stateless: hoisted), `b.sync()`/`cg::sync(b)` as barriers, its thread_rank() etc.
    const args = this.dialect.blockHandle?.args ?? '';
    const handle = new RegExp(`^(?:const\\s+)?(?:(?:cg|cooperative_groups)::)?(?:thread_block|auto)\\s+(\\w+)\\s*=\\s*(?:(?:cg|cooperative_groups)::)?this_thread_block\\s*\\(\\s*${args}\\s*\\)\\s*;$`);
    const tile = /^(?:const\s+)?(?:(?:cg|cooperative_groups)::)?(?:thread_block_tile\s*<\s*(\w+)\s*>|auto)\s+(\w+)\s*=\s*(?:(?:cg|cooperative_groups)::)?tiled_partition\s*<\s*(\w+)\s*>\s*\(\s*(\w+)\s*\)\s*;$/;
    const level = (b: SyntaxNode): void => {
      for (const st of b.namedChildren) {
        const m = st.type === 'declaration' ? handle.exec(st.text) : null;
        if (m) this.handles.add(m[1]!);
        const t = st.type === 'declaration' ? tile.exec(st.text) : null;
        if (t && this.handles.has(t[4]!) && (!t[1] || t[1] === t[3])) this.tiles.set(t[2]!, t[3]!);
        const lb = st.type === 'for_statement' || st.type === 'while_statement' ? st.childForFieldName('body') : null;
        if (lb?.type === 'compound_statement') level(lb);
        // The branches of an if and a block: levels too when they have barriers (level() decides).
        if (st.type === 'compound_statement') level(st);
        if (st.type === 'if_statement') for (const br of this.branches(st)) if (br.type === 'compound_statement') level(br);
      }
    };
    level(body);
    // Comments blanked: a word in a comment (`all`, `sync`) is no use of a function of that name.
    let masked = body.text;
    for (const c of body.descendantsOfType('comment')) masked = masked.slice(0, c.startIndex - body.startIndex) + ' '.repeat(c.endIndex - c.startIndex) + masked.slice(c.endIndex - body.startIndex);
    if (this.handles.size > 0) {
      const names = [...this.handles].join('|');
      if (this.tiles.size > 0) {
        const tiles = [...this.tiles.keys()].join('|');
        masked = maskTileCollectives(masked, this.tileSet())
          .replace(new RegExp(tile.source.slice(1, -1), 'g'), ';')
          .replace(new RegExp(`\\b(?:cg|cooperative_groups)::sync\\s*\\(\\s*(?:${tiles})\\s*\\)`, 'g'), '0')
          .replace(new RegExp(`\\b(?:${tiles})\\s*\\.\\s*(?:${PLAIN_METHODS.tile})\\s*\\(\\s*\\)`, 'g'), '0');
        const t = new RegExp(`\\b(${tiles})\\b`).exec(masked);
        if (t) fail(`it uses the tile '${t[1]}' other than for sync() and its sizes and ranks`);
      }
      masked = masked
        .replace(new RegExp(handle.source.slice(1, -1), 'g'), ';')
        .replace(new RegExp(`\\b(?:cg|cooperative_groups)::sync\\s*\\(\\s*(?:${names})\\s*\\)`, 'g'), '0')
        .replace(new RegExp(`\\b(?:${names})\\s*\\.\\s*(?:sync|thread_rank|size|num_threads|group_index|thread_index|group_dim|dim_threads)\\s*\\(\\s*\\)`, 'g'), '0');
      const left = new RegExp(`\\b(${names})\\b`).exec(masked);
      if (left) fail(`it uses the block handle '${left[1]}' other than for sync() and its sizes and ranks`);
    }
    const denied = this.dialect.denied.exec(this.warps.mask(masked));
    if (denied) fail(`it uses '${denied[1]}'`);
    for (const m of this.warps.mask(masked).matchAll(/\b[A-Za-z_]\w*\b/g)) if (this.facts.tainted.has(m[0])) fail(m[0] === 'cu2m_syncthreads_or' ? 'a loop or branch with barriers that threads leave at different times (made block-uniform with a block vote: docs/DESIGN.md, barrier loops) is not split into work-item loops' : `it uses '${m[0]}', which uses barriers or warp operations`);
    this.collect();
    this.findGuards();
    this.findUniform();
    this.findPerThreadParams();
    const items = this.level(body, true);
    const barriers = (list: Item[]): number => list.reduce((sum, it) => sum + (it.kind === 'barrier' || it.kind === 'warp' ? 1 : it.kind === 'loop' ? barriers(it.body) : it.kind === 'if' ? barriers(it.then) + barriers(it.else ?? []) : it.kind === 'block' || it.kind === 'guard' ? barriers(it.body) : 0), 0);
    if (barriers(items) === 0) fail('its barriers are not __syncthreads() statements in its body');
    this.checkJumps();
    return items;
  }

  /** An integer constant: a literal, or an object-like macro of the file defined once as one (in parentheses or not). */
  private constant(n: SyntaxNode | null): number | undefined {
    while (n?.type === 'parenthesized_expression') n = n.namedChildren[0] ?? null;
    if (!n) return undefined;
    if (n.type === 'number_literal') return integerLiteral(n.text);
    if (n.type === 'binary_expression' && /^[*+-]$/.test(n.child(1)?.type ?? '')) {
      const a = this.constant(n.childForFieldName('left'));
      const b = this.constant(n.childForFieldName('right'));
      if (a === undefined || b === undefined) return undefined;
      const r = n.child(1)!.type === '*' ? a * b : n.child(1)!.type === '+' ? a + b : a - b;
      return Number.isSafeInteger(r) && r >= 0 ? r : undefined;
    }
    if (n.type !== 'identifier' || this.locals.has(n.text) || this.k.paramNames.has(n.text)) return undefined;
    return this.facts.macroValues?.get(n.text);
  }

  /** The warp-uniform ifs of the body (WarpGuard): found before the uniformity analysis, which skips their assignments. */
  private findGuards(): void {
    descendants(this.k.body, (s) => {
      if (s.type !== 'if_statement' || s.childForFieldName('alternative') || s.children.some((x) => x.type === 'constexpr')) return;
      const body = s.childForFieldName('consequence');
      const c = s.childForFieldName('condition');
      let v = c?.childForFieldName('value') ?? null;
      while (v?.type === 'parenthesized_expression' && v.namedChildren.length === 1) v = v.namedChildren[0]!;
      if (!body || !c || !v || c.namedChildren.filter((x) => x.type !== 'comment').length !== 1 || v.type !== 'binary_expression') return;
      if (!this.mentionsWarp(body.text) || body.text.includes(this.dialect.barrier)) return;
      let jumps = false;
      descendants(body, (d) => {
        if (d.type === 'return_statement') jumps = true;
        // A block or tile barrier (`b.sync()`, `cg::sync(t)`), or one a macro hides.
        if (d.type === 'expression_statement' && this.isBarrier(d.namedChildren[0]?.text ?? '')) jumps = true;
      });
      if (jumps || (this.handles.size > 0 && new RegExp(`\\b(?:cg|cooperative_groups)::sync\\s*\\(|\\b(?:${this.groupNames()})\\s*\\.\\s*sync\\s*\\(`).test(body.text))) return;
      // threadIdx.x < E, threadIdx.x >= E, E > threadIdx.x, E <= threadIdx.x.
      const op = v.child(1)?.type ?? '';
      const left = v.childForFieldName('left');
      const right = v.childForFieldName('right');
      const isX = (n: SyntaxNode | null): boolean => {
        while (n?.type === 'parenthesized_expression') n = n.namedChildren[0] ?? null;
        // A local declared once as `threadIdx.x` and never modified (`int tid = threadIdx.x;`).
        if (n?.type === 'identifier' && n.text !== 'threadIdx') {
          const init = this.declared.get(n.text) === 1 && !this.mods.has(n.text) ? this.initOf(n.text) : null;
          return !!init && init.type !== 'identifier' && isX(init);
        }
        const obj = n?.type === 'field_expression' && n.child(1)?.type === '.' ? n.childForFieldName('argument') : null;
        return !!obj && obj.type === 'identifier' && obj.text === 'threadIdx' && this.dialect.threadVars.has('threadIdx') && !this.locals.has('threadIdx') && n!.childForFieldName('field')?.text === 'x';
      };
      // A block handle's thread_rank() is the linear thread id: uniform over aligned groups whatever the shape.
      const isRank = (n: SyntaxNode | null): boolean => {
        while (n?.type === 'parenthesized_expression') n = n.namedChildren[0] ?? null;
        const f = n?.type === 'call_expression' && (n.childForFieldName('arguments')?.namedChildren.length ?? 1) === 0 ? n.childForFieldName('function') : null;
        const obj = f?.type === 'field_expression' && f.child(1)?.type === '.' ? f.childForFieldName('argument') : null;
        return obj?.type === 'identifier' && this.handles.has(obj.text) && f!.childForFieldName('field')?.text === 'thread_rank';
      };
      const tid = (n: SyntaxNode | null): boolean => isX(n) || isRank(n);
      const bound = tid(left) && (op === '<' || op === '>=') ? this.constant(right) : tid(right) && (op === '>' || op === '<=') ? this.constant(left) : undefined;
      const linear = isRank(left) || isRank(right);
      if (bound === undefined) return;
      // The group sizes of the body's collectives: 32 for a warp's, N for a tile<N>'s.
      let group = 1;
      const masked = maskTileCollectives(body.text, this.tileSet());
      if (this.warps.mentions(masked)) group = 32;
      for (const [tile, size] of this.tiles) {
        if (!mentionsTileCollective(body.text, new Set([tile]))) continue;
        const n = /^\d+$/.test(size) ? Number(size) : this.constant({ type: 'identifier', text: size } as unknown as SyntaxNode);
        if (n === undefined || n < 1 || n > 32 || (n & (n - 1)) !== 0) return;
        group = Math.max(group, n);
      }
      if (bound % group !== 0) return;
      // Once per block, msl-cpu reads a handle's sizes from thread 0's copy: thread 0 must take the branch.
      const below = op === '<' || op === '>';
      if (!(below && bound > 0) && [...this.handles, ...this.tiles.keys()].some((h) => new RegExp(`\\b${h}\\b`).test(body.text))) return;
      this.guards.set(s.id, { group, bound, linear, condition: v! });
    });
  }

  /** The initialiser of the body's only declaration of `name` (`T name = value;`), or null. */
  private initOf(name: string): SyntaxNode | null {
    let found: SyntaxNode | null = null;
    descendants(this.k.body, (d) => {
      if (d.type === 'init_declarator' && d.child(1)?.type === '=' && d.childForFieldName('declarator')?.type === 'identifier' && d.childForFieldName('declarator')?.text === name) found = d.childForFieldName('value');
    });
    return found;
  }

  /** Whether `n` lies in the body of a warp-uniform if (its statements run only for some threads). */
  private inGuard(n: SyntaxNode): boolean {
    for (let p = n.parent; p && p.id !== this.k.body.id; p = p.parent) if (this.guards.has(p.id)) return true;
    return false;
  }

  /**
   * Parameters a thread modifies (`out += blockIdx.x * N + threadIdx.x;`): each thread's copy lives
   * in a per-thread array, initialised from the parameter before the first thread loop. A parameter
   * modified only by block-uniform assignments at a level stays one variable (hoisted like a local).
   */
  private readonly perThreadParams: SyntaxNode[] = [];
  private findPerThreadParams(): void {
    for (const p of this.k.params.namedChildren) {
      const d = p.childForFieldName('declarator');
      const id = d ? declaredName(d) : null;
      if (!id || !this.k.paramNames.has(id.text) || !this.mods.has(id.text) || this.uniform.has(id.text)) continue;
      // A reference (msl-cpu's `constant uint& dir [[buffer(2)]]`, passed on to a helper taking
      // references): what it refers to is memory every thread shares, as on fibers.
      if (p.type === 'parameter_declaration' && /^[^[(]*&/.test(d!.text) && !/&&/.test(d!.text)) continue;
      if (p.type !== 'parameter_declaration' || this.dialect.threadVars.has(id.text) || /[&[(]/.test(d!.text) || this.declared.get(id.text) !== 1) fail(`it modifies its parameter '${id.text}'`);
      this.perThreadParams.push(p);
    }
  }

  /** Declarations (with counts), modification sites, candidate uniform locals. */
  private collect(): void {
    for (const p of this.k.paramNames) this.declared.set(p, 1);
    const note = (name: string | null, site: SyntaxNode): void => {
      if (!name) return;
      const list = this.mods.get(name) ?? [];
      list.push(site);
      this.mods.set(name, list);
    };
    descendants(this.k.body, (n) => {
      if (n.type === 'declaration' || n.type === 'for_range_loop' || n.type === 'parameter_declaration' || n.type === 'condition_clause') {
        for (const d of n.childrenForFieldName('declarator')) {
          const id = declaredName(d);
          if (!id) continue;
          this.declared.set(id.text, (this.declared.get(id.text) ?? 0) + 1);
          this.locals.add(id.text);
        }
      } else if (n.type === 'assignment_expression') note(targetRoot(n.childForFieldName('left')), n);
      else if (n.type === 'update_expression') note(targetRoot(n.childForFieldName('argument')), n);
      else if (n.type === 'pointer_expression' && n.child(0)?.type === '&') note(targetRoot(n.childForFieldName('argument')), n);
      else if (n.type === 'call_expression') {
        const callee = n.childForFieldName('function');
        const name = callee?.type === 'identifier' ? callee.text : callee?.type === 'template_function' ? callee.childForFieldName('name')?.text : undefined;
        if (name && this.facts.takesReferences.has(name)) for (const a of n.childForFieldName('arguments')?.namedChildren ?? []) note(targetRoot(a), n);
        if (callee && callee.type === 'field_expression') note(targetRoot(callee.childForFieldName('argument')), n);
      }
    });
  }

  private isUniformExpr(n: SyntaxNode | null, set: ReadonlySet<string>, shared?: ReadonlySet<string>): boolean {
    if (!n) return true;
    let ok = true;
    descendants(n, (d) => {
      if (!ok) return;
      switch (d.type) {
        case 'identifier': {
          if (this.uniformMethod(d.parent?.parent ?? null)) break; // `b.size()`: the handle itself
          if (shared?.has(d.text)) break;
          const notUniform = (id: string): boolean => this.dialect.threadVars.has(id) || this.facts.deviceGlobals.has(id) || ((this.locals.has(id) || this.k.paramNames.has(id)) && !set.has(id));
          if (notUniform(d.text)) ok = false;
          // A macro is what it expands to (`tidx` for `threadIdx.x`); a local it names must be uniform too.
          else if (!this.locals.has(d.text) && [...(this.facts.macroNames.get(d.text) ?? [])].some(notUniform)) ok = false;
          break;
        }
        case 'call_expression': {
          const f = d.childForFieldName('function');
          if (this.uniformMethod(d)) break;
          if (f?.type !== 'identifier' || !UNIFORM_CALLS.has(f.text) || this.locals.has(f.text)) ok = false;
          break;
        }
        case 'subscript_expression':
          if (shared?.has(d.childForFieldName('argument')?.text ?? '')) break; // `flags[k]`, k checked as well
          ok = false;
          break;
        case 'pointer_expression':
        case 'this':
        case 'new_expression':
        case 'delete_expression':
          ok = false;
          break;
        case 'field_expression':
          if (d.child(1)?.type !== '.') ok = false;
          break;
      }
    });
    return ok;
  }

  /** `b.size()`, `t.num_threads()`, ...: a cooperative-groups handle's block-uniform value (src/build/cgCuts.ts). */
  private uniformMethod(call: SyntaxNode | null): boolean {
    if (call?.type !== 'call_expression' || (call.childForFieldName('arguments')?.namedChildren.length ?? 1) !== 0) return false;
    const f = call.childForFieldName('function');
    const obj = f?.type === 'field_expression' && f.child(1)?.type === '.' ? f.childForFieldName('argument') : null;
    const method = f?.childForFieldName('field')?.text ?? '';
    if (obj?.type !== 'identifier') return false;
    if (this.handles.has(obj.text)) return UNIFORM_METHODS.block.test(method);
    return this.tiles.has(obj.text) && UNIFORM_METHODS.tile.test(method);
  }

  /** Statement `s` at a level is a uniform assignment (every target a candidate, all uniform). */
  private uniformAssignment(s: SyntaxNode, set: ReadonlySet<string>): boolean {
    if (s.type !== 'expression_statement') return false;
    const e = s.namedChildren[0];
    if (!e) return false;
    const parts = e.type === 'comma_expression' ? [e.childForFieldName('left'), e.childForFieldName('right')] : [e];
    for (const p of parts) {
      if (!p) return false;
      const target = p.type === 'assignment_expression' ? p.childForFieldName('left') : p.type === 'update_expression' ? p.childForFieldName('argument') : null;
      if (!target || target.type !== 'identifier' || !set.has(target.text)) return false;
    }
    return this.isUniformExpr(e, set);
  }

  /** The statements of the body's levels (kernel body, barrier-loop bodies), in order. */
  private levelStatements(): { stmt: SyntaxNode; loopHeader: boolean }[] {
    const out: { stmt: SyntaxNode; loopHeader: boolean }[] = [];
    const walk = (block: SyntaxNode): void => {
      for (const s of block.namedChildren) {
        out.push({ stmt: s, loopHeader: false });
        if ((s.type === 'for_statement' || s.type === 'while_statement') && this.hasBarrier(s)) {
          const b = s.childForFieldName('body');
          if (b?.type === 'compound_statement') walk(b);
          else if (b) out.push({ stmt: b, loopHeader: false }); // a loop body without braces (warp cuts)
        }
        // The branches of an `if` with barriers (whose condition must be block-uniform: level() checks).
        if (s.type === 'compound_statement' && this.hasBarrier(s)) walk(s);
        for (const b of s.type === 'if_statement' && this.hasBarrier(s) ? this.branches(s) : []) {
          if (b.type === 'compound_statement') walk(b);
          else walk({ type: 'compound_statement', namedChildren: [b] } as unknown as SyntaxNode);
        }
      }
    };
    walk(this.k.body);
    return out;
  }

  /** The block-uniform variables: a fixed point over the candidates. */
  private findUniform(): void {
    const stmts = this.levelStatements();
    const set = new Set<string>();
    for (const p of this.k.paramNames) if (this.declared.get(p) === 1) set.add(p);
    const simpleDecl = (d: SyntaxNode): boolean => !d.namedChildren.some((c) => c.type === 'storage_class_specifier' || (c.type === 'type_qualifier' && c.text === '__shared__')) && !/\bauto\b/.test(d.childForFieldName('type')?.text ?? 'auto');
    for (const { stmt } of stmts) {
      const decls = stmt.type === 'declaration' ? (this.inGuard(stmt) ? [] : [stmt]) : stmt.type === 'for_statement' && this.hasBarrier(stmt) ? [stmt.childForFieldName('initializer')].filter((x): x is SyntaxNode => x?.type === 'declaration') : [];
      for (const decl of decls) {
        if (!simpleDecl(decl)) continue;
        for (const d of decl.childrenForFieldName('declarator')) {
          const plain = d.type === 'identifier' || (d.type === 'init_declarator' && d.childForFieldName('declarator')?.type === 'identifier' && d.child(1)?.type === '=');
          const id = declaredName(d);
          if (!plain || !id || this.declared.get(id.text) !== 1) continue;
          set.add(id.text);
          this.inits.set(id.text, d.type === 'init_declarator' ? d.childForFieldName('value') : null);
          this.candidateSites.set(id.text, decl);
        }
      }
    }
    // Modification sites allowed for a uniform variable: uniform assignments at a level, updates of barrier loops.
    const allowed = (site: SyntaxNode, now: ReadonlySet<string>): boolean => {
      for (let p: SyntaxNode | null = site; p; p = p.parent) {
        if (p.parent?.type === 'for_statement' && this.hasBarrier(p.parent) && p.parent.childForFieldName('update')?.id === p.id) return this.isUniformExpr(p, now);
        // Not in a warp-uniform if: run once per block, it would run whether or not a thread took the branch.
        if (p.type === 'expression_statement') return stmts.some((s) => s.stmt.id === p!.id) && !this.inGuard(p) && this.uniformAssignment(p, now);
        if (p.id === this.k.body.id) return false;
      }
      return false;
    };
    for (let changed = true; changed; ) {
      changed = false;
      // A declaration is hoisted only when all its names are uniform.
      for (const [v, decl] of this.candidateSites) {
        if (!set.has(v) || decl.parent?.type === 'for_statement') continue;
        if (decl.childrenForFieldName('declarator').some((d) => !set.has(declaredName(d)?.text ?? ''))) {
          set.delete(v);
          changed = true;
        }
      }
      for (const v of [...set]) {
        const init = this.inits.get(v);
        const ok = (this.k.paramNames.has(v) || this.isUniformExpr(init ?? null, set)) && (this.mods.get(v) ?? []).every((site) => allowed(site, set));
        if (!ok) {
          set.delete(v);
          changed = true;
        }
      }
    }
    this.uniform = set;
  }

  private isHoisted(s: SyntaxNode): boolean {
    if (ALWAYS_HOISTED.has(s.type)) return true;
    if (s.type === 'declaration') {
      if (s.childrenForFieldName('declarator').length === 0) return true; // a type definition
      const only = s.childrenForFieldName('declarator').map((d) => declaredName(d)?.text);
      if (only.length === 1 && (this.handles.has(only[0] ?? '') || this.tiles.has(only[0] ?? '')) && this.dialect.blockHandle?.uniform !== false) return true;
      if (s.namedChildren.some((c) => (c.type === 'storage_class_specifier' && /^(static|extern)$/.test(c.text)) || (c.type === 'type_qualifier' && c.text === '__shared__'))) return true;
      const names = s.childrenForFieldName('declarator').map((d) => declaredName(d)?.text);
      return names.length > 0 && names.every((n) => n !== undefined && this.uniform.has(n));
    }
    if (this.uniformReturn(s)) return true;
    if (s.type === 'expression_statement') {
      const e = s.namedChildren[0];
      const f = e?.type === 'call_expression' ? e.childForFieldName('function') : null;
      if (f?.type === 'identifier' && HOISTED_CALLS.test(f.text)) return true;
      return this.uniformAssignment(s, this.uniform);
    }
    return false;
  }

  /** `if (uniform) return;` at a level: every thread returns, so the block ends there. */
  private readonly uniformReturns = new Set<number>();
  private uniformReturn(s: SyntaxNode): boolean {
    if (s.type !== 'if_statement' || s.childForFieldName('alternative')) return false;
    let c = s.childForFieldName('consequence');
    if (c?.type === 'compound_statement' && c.namedChildren.length === 1) c = c.namedChildren[0]!;
    if (c?.type !== 'return_statement' || c.namedChildren.length > 0 || s.children.some((x) => x.type === 'constexpr')) return false;
    if (!this.isUniformExpr(s.childForFieldName('condition'), this.uniform)) return false;
    this.uniformReturns.add(c.id);
    return true;
  }

  /** An if statement's consequence and, if any, its else branch (an `else if` is an if statement). */
  private branches(s: SyntaxNode): SyntaxNode[] {
    const alt = s.childForFieldName('alternative');
    const e = alt?.type === 'else_clause' ? alt.namedChildren.find((c) => c.type !== 'comment') : alt;
    return [s.childForFieldName('consequence'), e].filter((b): b is SyntaxNode => !!b);
  }

  /**
   * The condition of an if statement when it is one block-uniform expression (no declaration, no
   * init statement). Right after a barrier (`afterBarrier`), reads of `__shared__` variables are
   * block-uniform too: no thread has run anything since every thread passed the barrier, so all
   * read the same value (threadFenceReduction's `if (amLast)`; a thread writing the variable before
   * another reads it would be a race in the program itself).
   */
  private uniformCondition(s: SyntaxNode, afterBarrier: boolean): boolean {
    const c = s.childForFieldName('condition');
    const v = c?.childForFieldName('value');
    if (!c || !v || c.namedChildren.filter((x) => x.type !== 'comment').length !== 1 || v.type === 'declaration') return false;
    return this.isUniformExpr(v, this.uniform, afterBarrier ? this.sharedNames() : undefined);
  }

  /** The names the body declares `__shared__` (and msl-cpu's lowered threadgroup references, masked as such). */
  private shared?: Set<string>;
  private sharedNames(): ReadonlySet<string> {
    if (this.shared) return this.shared;
    this.shared = new Set();
    descendants(this.k.body, (d) => {
      if (d.type !== 'declaration' || !d.namedChildren.some((c) => c.type === 'type_qualifier' && c.text === '__shared__')) return;
      for (const x of d.childrenForFieldName('declarator')) {
        const id = declaredName(x);
        if (id && this.declared.get(id.text) === 1) this.shared!.add(id.text);
      }
    });
    return this.shared;
  }

  private level(block: SyntaxNode, top: boolean): Item[] {
    const items: Item[] = [];
    for (const s of block.type === 'compound_statement' ? block.namedChildren : [block]) {
      if (s.type === 'comment') continue;
      const hasBarrier = this.hasBarrier(s);
      if (s.type === 'expression_statement' && this.isBarrier(s.namedChildren[0]?.text ?? '')) {
        items.push({ kind: 'barrier' });
      } else if ((s.type === 'for_statement' || s.type === 'while_statement') && hasBarrier) {
        const b = s.childForFieldName('body');
        if (b?.type !== 'compound_statement' && b?.type !== 'expression_statement') fail('a loop with barriers has no braces');
        if (s.type === 'for_statement') {
          const init = s.childForFieldName('initializer');
          if (init && init.type === 'declaration') {
            for (const d of init.childrenForFieldName('declarator')) if (!this.uniform.has(declaredName(d)?.text ?? '')) fail(`the loop at line ${this.line(s)} has barriers and a thread-dependent variable '${declaredName(d)?.text ?? d.text}'`);
          } else if (init && !this.uniformAssignment({ type: 'expression_statement', namedChildren: [init] } as unknown as SyntaxNode, this.uniform)) fail(`the loop at line ${this.line(s)} has barriers and thread-dependent initialisation`);
          if (!this.isUniformExpr(s.childForFieldName('condition'), this.uniform) || !this.isUniformExpr(s.childForFieldName('update'), this.uniform)) fail(`the loop at line ${this.line(s)} has barriers and thread-dependent control`);
          const upd = s.childForFieldName('update');
          if (upd) descendants(upd, (d) => {
            if (d.type === 'call_expression') fail(`the loop at line ${this.line(s)} has barriers and a call in its update`);
          });
        } else if (!this.isUniformExpr(s.childForFieldName('condition'), this.uniform)) fail(`the loop at line ${this.line(s)} has barriers and a thread-dependent condition`);
        this.barrierLoops.add(s.id);
        items.push({ kind: 'loop', node: s, body: this.level(b!, false) });
      } else if (s.type === 'if_statement' && this.guards.has(s.id)) {
        // Runs for the threads whose (warp-uniform) condition holds: every thread loop in it skips the others.
        this.barrierIfs.set(s.id, 'a warp-uniform if');
        items.push({ kind: 'guard', node: s, guard: this.guards.get(s.id)!, body: this.level(s.childForFieldName('consequence')!, false) });
      } else if (s.type === 'if_statement' && hasBarrier && this.uniformCondition(s, items.filter((x) => x.kind !== 'hoisted').pop()?.kind === 'barrier')) {
        // Every thread takes the same branch: the if runs once per block around its branches' thread loops.
        this.barrierIfs.set(s.id, 'an if');
        const [then, other] = this.branches(s);
        items.push({ kind: 'if', node: s, then: this.level(then!, false), else: other ? this.level(other, false) : null });
      } else if (s.type === 'compound_statement' && hasBarrier) {
        // A block `{ ... }` at a level: its statements are a level of their own, in its scope.
        this.barrierIfs.set(s.id, 'a block');
        items.push({ kind: 'block', node: s, body: this.level(s, false) });
      } else if (hasBarrier && !s.text.includes(this.dialect.barrier) && this.mentionsWarp(s.text)) {
        const w = this.warps.callsOf(s, this.line(s), this.tileSet());
        if ('reason' in w) fail(w.reason);
        else items.push({ kind: 'warp', node: s, calls: w.calls }, { kind: 'stmt', node: s, perThread: false });
        if (top) this.lastTopCut = s.startIndex;
      } else if (hasBarrier) {
        fail(`a barrier at line ${this.line(s)} is not at the top level of the kernel or of a block-uniform loop`);
      } else if (this.isHoisted(s)) {
        items.push({ kind: 'hoisted', node: s });
      } else {
        items.push({ kind: 'stmt', node: s, perThread: false });
      }
      if (top && items[items.length - 1]!.kind !== 'stmt') this.lastTopCut = s.startIndex;
    }
    // Declarations followed by a cut at their level live in per-thread arrays.
    let cutAfter = false;
    for (let i = items.length - 1; i >= 0; --i) {
      const it = items[i]!;
      if (it.kind !== 'stmt') cutAfter = true;
      else if (it.node.type === 'declaration' && cutAfter) {
        this.checkPerThread(it.node);
        it.perThread = true;
      }
    }
    return items;
  }

  private checkPerThread(decl: SyntaxNode): void {
    const where = `line ${this.line(decl)}`;
    if (decl.namedChildren.some((c) => c.type === 'storage_class_specifier' || (c.type === 'type_qualifier' && /^(constexpr|__shared__|constinit)$/.test(c.text)))) fail(`the declaration at ${where} lives across a barrier and is not a plain local`);
    const type = decl.childForFieldName('type');
    if (!type || /\bauto\b|\bdecltype\b/.test(type.text)) fail(`the declaration at ${where} lives across a barrier with a deduced type`);
    for (const d of decl.childrenForFieldName('declarator')) {
      const id = declaredName(d);
      if (!id) fail(`the declaration at ${where} declares a function`);
      if (this.declared.get(id!.text) !== 1) fail(`'${id!.text}' lives across a barrier and is declared more than once`);
      if (d.type === 'init_declarator') {
        const v = d.childForFieldName('value');
        if (d.child(1)?.type !== '=' || !v) fail(`'${id!.text}' lives across a barrier with a constructor-style initialiser`);
        if (v!.type === 'initializer_list' && d.childForFieldName('declarator')?.type !== 'identifier') fail(`'${id!.text}' lives across a barrier with a braced initialiser`);
      }
      if (/&/.test((d.type === 'init_declarator' ? d.childForFieldName('declarator')! : d).text)) fail(`'${id!.text}' is a reference that lives across a barrier`);
    }
  }

  /** return only after the last top-level cut; break/continue must stay inside their statement. */
  private checkJumps(): void {
    descendants(this.k.body, (n) => {
      if (n.type === 'return_statement' && !this.uniformReturns.has(n.id)) {
        if (n.startIndex < this.lastTopCut) fail(`'return' at line ${this.line(n)} comes before a barrier`);
        for (let p = n.parent; p && p.id !== this.k.body.id; p = p.parent) {
          if (this.barrierLoops.has(p.id)) fail(`'return' at line ${this.line(n)} is inside a loop with barriers`);
          if (this.barrierIfs.has(p.id)) fail(`'return' at line ${this.line(n)} is inside ${this.barrierIfs.get(p.id)!} with barriers`);
        }
      }
      if (n.type === 'break_statement' || n.type === 'continue_statement') {
        for (let p: SyntaxNode | null = n.parent; ; p = p.parent) {
          if (!p || p.id === this.k.body.id || this.barrierLoops.has(p.id)) return fail(`'${n.type.split('_')[0]}' at line ${this.line(n)} would leave a loop with barriers`);
          if (/^(for_statement|while_statement|do_statement|for_range_loop)$/.test(p.type) || (n.type === 'break_statement' && p.type === 'switch_statement')) break;
        }
      }
    });
  }

  /**
   * Whether the statements of a thread loop cannot observe the context's thread position
   * (`cu2m_ctx->thread_idx`, `linear_tid`: what cuda-cpu's threadIdx reads in helpers, and what
   * traps, asserts and printf report): no calls but this cut's collectives and scalar or vector
   * conversions (a tile's vote is not: its result reads the tile's rank), no macro names (`#define tidx threadIdx.x`, a macro that calls), no class types
   * (a constructor), no operator overloads in the file, no new/delete. Such a loop skips the two
   * context stores per thread (they kept the shuffle loops from being vectorised) and leaves the
   * context at the last thread after it, as a storing loop does.
   */
  private quiet(nodes: readonly SyntaxNode[]): boolean {
    if (this.facts.userOperators !== false || !this.facts.macros) return false;
    const macros = this.facts.macros;
    let ok = true;
    for (const n of nodes) {
      descendants(n, (d) => {
        if (!ok) return;
        if ((d.type === 'identifier' || d.type === 'type_identifier') && macros.has(d.text)) ok = false;
        else if (d.type === 'type_identifier' && !CONVERSION.test(d.text)) ok = false;
        else if (d.type === 'new_expression' || d.type === 'delete_expression' || d.type === 'lambda_expression') ok = false;
        // A tile's vote result takes its tile's bits through the tile's rank (threadIdx on cuda-cpu).
        else if (d.type === 'call_expression' && this.warpSlots.has(d.id) && /^(?:ballot|any|all)$/.test(tileCallOf(d)?.op ?? '')) ok = false;
        else if (d.type === 'call_expression' && !this.warpSlots.has(d.id)) {
          const f = d.childForFieldName('function');
          if (!f || !((f.type === 'identifier' || f.type === 'primitive_type') && CONVERSION.test(f.text))) ok = false;
        }
      });
    }
    return ok;
  }

  // ---- generation ----
  private perThreadCount = 0;
  private labels = 0;

  /** Warp cuts: the per-thread WarpLane array of each collective call (warpCuts.ts). */
  private readonly warpSlots = new Map<number, string>();

  private textOf(n: SyntaxNode, from = n.startIndex, to = n.endIndex, results = true, once = false): string {
    const edits: { start: number; end: number; text: string }[] = [];
    // Once per block, a per-thread group handle (msl-cpu) in `b.size()` is thread 0's (the same for every thread).
    const perThreadHandles = once && this.dialect.blockHandle?.uniform === false;
    descendants(n, (d) => {
      if (d.startIndex < from || d.endIndex > to) return;
      if (perThreadHandles && d.type === 'identifier' && (this.handles.has(d.text) || this.tiles.has(d.text)) && this.uniformMethod(d.parent?.parent ?? null)) {
        edits.push({ start: d.startIndex, end: d.endIndex, text: `cu2m_pt_${d.text}[0]` });
        return;
      }
      if (results && this.warpSlots.has(d.id)) edits.push({ start: d.startIndex, end: d.endIndex, text: this.warps.result(this.textOf(d, d.startIndex, d.endIndex, false), this.warpSlots.get(d.id)!, d) });
      else if (d.type === 'identifier' && this.dialect.builtins.has(d.text) && !this.locals.has(d.text) && !keepBuiltin(d, n)) edits.push({ start: d.startIndex, end: d.endIndex, text: this.dialect.builtins.get(d.text)! });
      else if (d.type === 'return_statement' && !this.uniformReturns.has(d.id)) edits.push({ start: d.startIndex, end: d.endIndex, text: this.dialect.stretch?.jump ?? `goto cu2m_next_${this.labels};` });
    });
    edits.sort((a, b) => a.start - b.start);
    let out = '';
    let at = from;
    for (const e of edits) {
      if (e.start < at) continue; // an identifier inside a replaced return (return has no value here)
      out += this.text.slice(at, e.start) + e.text;
      at = e.end;
    }
    return out + this.text.slice(at, to);
  }

  generate(items: Item[], name: string, firstKey: number, templateParams?: string): { text: string; keys: number } {
    this.perThreadCount = firstKey;
    const lineOf = (n: SyntaxNode): string => {
      const p = this.presumed(n.startPosition.row);
      return `\n#line ${p.line}${p.file ? ` ${p.file}` : ''}\n`;
    };
    const out: string[] = [];
    // In a namespace of its own under the kernel's name, so that __func__ (assert messages) is the kernel's.
    out.push(`namespace cu2m_wil_${name} {`);
    out.push(...this.dialect.head(name, this.text.slice(this.k.params.startIndex, this.k.params.endIndex), templateParams));
    // The warp cuts' lane arrays, fetched once at the top (not once per round of a loop).
    const laneSlots: string[] = [];
    const laneSlotsAt = out.length;
    const scopes: string[][] = [[]];
    // The per-thread condition arrays of the warp-uniform ifs around the level being written.
    const guards: string[] = [];
    // Modified parameters: one copy per thread, each thread loop's `auto& p` shadows the parameter.
    for (const p of this.perThreadParams) {
      const d = p.childForFieldName('declarator')!;
      const id = declaredName(d)!;
      const type = this.dialect.declType?.(p, this.text) ?? p.childForFieldName('type')!.text;
      const abstract = (this.text.slice(d.startIndex, id.startIndex) + this.text.slice(id.endIndex, d.endIndex)).replace(/\b(?:__restrict__|__restrict|restrict)\b/g, ' ').replace(/\s+/g, ' ').trim();
      out.push(`  ${lineOf(p)}auto* const cu2m_pt_${id.text} = ${this.dialect.slots(`${type}${abstract ? ` ${abstract}` : ''}`, this.perThreadCount++)};`);
      out.push(`  for (uint32_t cu2m_tid = 0; cu2m_tid < cu2m_n; ++cu2m_tid) cu2m_pt_${id.text}[cu2m_tid] = ${id.text};`);
      scopes[0]!.push(id.text);
    }
    const emitLevel = (level: Item[]): void => {
      let open = false;
      let early = false; // the stretch is `stretch.open ... stretch.close` (it has a thread's return)
      let quiet = false; // the loop skips the context stores (quiet())
      const close = (): void => {
        if (!open) return;
        out.push(early ? `${this.dialect.stretch!.close}\n  }` : ` }\n  cu2m_next_${this.labels++}: ;\n  }`);
        if (quiet) out.push('  cu2m_ctx->thread_idx = cu2m_dim3{cu2m_bx - 1, cu2m_by - 1, cu2m_bz - 1}; cu2m_ctx->linear_tid = cu2m_n - 1;');
        open = false;
      };
      const openLoop = (from: number): void => {
        // Storage for the per-thread variables declared in this stretch, at the level's scope.
        for (let j = from; j < level.length && level[j]!.kind === 'stmt'; ++j) {
          const s = level[j] as Extract<Item, { kind: 'stmt' }>;
          if (!s.perThread) continue;
          const type = this.dialect.declType?.(s.node, this.text) ?? s.node.childForFieldName('type')!.text;
          const quals = s.node.namedChildren.filter((c) => c.type === 'type_qualifier' && c.text === 'volatile').map((c) => `${c.text} `).join('');
          for (const d of s.node.childrenForFieldName('declarator')) {
            const decl = d.type === 'init_declarator' ? d.childForFieldName('declarator')! : d;
            const id = declaredName(decl)!;
            const abstract = this.text.slice(decl.startIndex, id.startIndex) + this.text.slice(id.endIndex, decl.endIndex);
            out.push(`  ${lineOf(s.node)}auto* const cu2m_pt_${id.text} = ${this.dialect.slots(`${quals}${type}${abstract ? ` ${abstract}` : ''}`, this.perThreadCount++)};`);
          }
        }
        out.push('  for (uint32_t cu2m_z = 0, cu2m_tid = 0; cu2m_z < cu2m_bz; ++cu2m_z)');
        out.push('  for (uint32_t cu2m_y = 0; cu2m_y < cu2m_by; ++cu2m_y)');
        out.push('  for (uint32_t cu2m_x = 0; cu2m_x < cu2m_bx; ++cu2m_x, ++cu2m_tid) {');
        if (guards.length > 0) out.push(`  if (${guards.map((g) => `!${g}[cu2m_tid]`).join(' || ')}) continue;`);
        const first = level[from];
        const nodes: SyntaxNode[] = [];
        if (first?.kind === 'warp') nodes.push(first.node);
        else for (let j = from; j < level.length && level[j]!.kind === 'stmt'; ++j) nodes.push((level[j] as Extract<Item, { kind: 'stmt' }>).node);
        quiet = this.quiet(nodes);
        out.push(...(quiet ? this.dialect.threadLoop.filter((l) => !l.startsWith('  cu2m_ctx->')) : this.dialect.threadLoop));
        for (const scope of scopes) for (const v of scope) out.push(`  auto& ${v} = cu2m_pt_${v}[cu2m_tid];`);
        early = false;
        if (this.dialect.stretch) {
          for (let j = from; j < level.length && level[j]!.kind === 'stmt'; ++j) {
            descendants((level[j] as Extract<Item, { kind: 'stmt' }>).node, (d) => {
              if (d.type === 'return_statement' && !this.uniformReturns.has(d.id)) early = true;
            });
          }
        }
        out.push(early ? this.dialect.stretch!.open : '  {');
        open = true;
      };
      for (const it of level) {
        if (it.kind !== 'stmt') {
          close();
          if (it.kind === 'warp') {
            // warpCuts.ts: the arguments per thread, then the collective per warp.
            const slots = it.calls.map((c) => {
              const slot = `cu2m_pw_${this.perThreadCount}`;
              laneSlots.push(`  auto* const ${slot} = ${this.dialect.slots(this.warps.lane, this.perThreadCount++)};`);
              this.warpSlots.set(c.id, slot);
              return slot;
            });
            const code = this.warps.code(it.calls, (a) => this.textOf(a, a.startIndex, a.endIndex, false), (i) => slots[i]!);
            openLoop(level.indexOf(it));
            out.push(lineOf(it.node) + code.put);
            close();
            out.push(...code.steps);
          } else if (it.kind === 'hoisted') out.push(lineOf(it.node) + this.textOf(it.node, it.node.startIndex, it.node.endIndex, true, true));
          else if (it.kind === 'loop') {
            const body = it.node.childForFieldName('body')!;
            out.push(`${lineOf(it.node)}${this.textOf(it.node, it.node.startIndex, body.startIndex, true, true).trimEnd()} {`);
            scopes.push([]);
            emitLevel(it.body);
            scopes.pop();
            out.push('  }');
          } else if (it.kind === 'if') {
            const cons = it.node.childForFieldName('consequence')!;
            out.push(`${lineOf(it.node)}${this.textOf(it.node, it.node.startIndex, cons.startIndex, true, true).trimEnd()} {`);
            for (const branch of it.else ? [it.then, it.else] : [it.then]) {
              if (branch !== it.then) out.push('  } else {');
              scopes.push([]);
              emitLevel(branch);
              scopes.pop();
            }
            out.push('  }');
          } else if (it.kind === 'guard') {
            const g = `cu2m_pg_${this.perThreadCount}`;
            laneSlots.push(`  auto* const ${g} = ${this.dialect.slots('bool', this.perThreadCount++)};`);
            const { group, bound } = it.guard;
            const line = this.line(it.node);
            // The threads of a group take the same branch (WarpGuard); otherwise the launch stops.
            if (!it.guard.linear) out.push(`${lineOf(it.node)}if (!(cu2m_by == 1u && cu2m_bz == 1u) && cu2m_bx % ${group}u != 0u && cu2m_bx > ${bound}u) ${this.dialect.trap(`the condition at line ${line} splits a group of ${group} threads for this block shape (a collective of part of a warp)`)}`);
            out.push('  for (uint32_t cu2m_z = 0, cu2m_tid = 0; cu2m_z < cu2m_bz; ++cu2m_z)');
            out.push('  for (uint32_t cu2m_y = 0; cu2m_y < cu2m_by; ++cu2m_y)');
            out.push('  for (uint32_t cu2m_x = 0; cu2m_x < cu2m_bx; ++cu2m_x, ++cu2m_tid) {');
            if (guards.length > 0) out.push(`  if (${guards.map((x) => `!${x}[cu2m_tid]`).join(' || ')}) { ${g}[cu2m_tid] = false; continue; }`);
            out.push(...this.dialect.threadLoop);
            for (const scope of scopes) for (const v of scope) out.push(`  auto& ${v} = cu2m_pt_${v}[cu2m_tid];`);
            out.push(`${lineOf(it.guard.condition)}${g}[cu2m_tid] = (${this.textOf(it.guard.condition)}); }`);
            out.push(`${lineOf(it.node)}{`);
            guards.push(g);
            scopes.push([]);
            emitLevel(it.body);
            scopes.pop();
            guards.pop();
            out.push('  }');
          } else if (it.kind === 'block') {
            out.push(`${lineOf(it.node)}{`);
            scopes.push([]);
            emitLevel(it.body);
            scopes.pop();
            out.push('  }');
          }
          continue;
        }
        if (!open) openLoop(level.indexOf(it));
        if (it.perThread) {
          const parts: string[] = [];
          for (const d of it.node.childrenForFieldName('declarator')) {
            const id = declaredName(d)!;
            parts.push(`auto& ${id.text} = cu2m_pt_${id.text}[cu2m_tid];`);
            const v = d.type === 'init_declarator' ? d.childForFieldName('value') : null;
            if (v) parts.push(`${id.text} = ${this.textOf(v)};`);
            scopes[scopes.length - 1]!.push(id.text);
          }
          out.push(lineOf(it.node) + parts.join(' '));
        } else out.push(lineOf(it.node) + this.textOf(it.node));
      }
      close();
    };
    emitLevel(items);
    out.splice(laneSlotsAt, 0, ...laneSlots);
    out.push(`}\n}  // namespace cu2m_wil_${name}`);
    return { text: out.join('\n'), keys: this.perThreadCount };
  }
}

const SLOTS_HELPER = [
  '// ---- cu2metal work-item loops (src/build/workItemLoops.ts): per-thread storage of the locals',
  '// that live across a barrier, one array per variable and worker thread, grown on demand ----',
  'namespace cu2m_wil {',
  'template <class Cu2mT, unsigned Cu2mK> inline Cu2mT* slots(uint32_t cu2m_n) {',
  '  static thread_local Cu2mT* cu2m_p = nullptr;',
  '  static thread_local uint32_t cu2m_cap = 0;',
  '  if (cu2m_cap < cu2m_n) { delete[] cu2m_p; cu2m_p = new Cu2mT[cu2m_n]; cu2m_cap = cu2m_n; }',
  '  return cu2m_p;',
  '}',
  '}  // namespace cu2m_wil',
].join('\n');

/**
 * The cuda-cpu source as tree-sitter parses it: `CU2M_EXTERN_SHARED(name, float);` (src/host/host.ts)
 * has a type as an argument, which tree-sitter cannot parse: blanked (same offsets), copied as written.
 */
export const parsableCuda = (code: string): string => code.replace(/(\bCU2M_EXTERN_SHARED(?:_GLOBAL)?\(\s*\w+)([^;\n]*)(\);)/g, (_m, a: string, b: string, c: string) => a + ' '.repeat(b.length) + c);

/** Finds each barrier kernel's definition, transforms those in the subset, inserts the results. */
export function workItemLoops(code: string, manifest: Manifest): WorkItemLoops {
  const barrierKernels = manifest.kernels.filter((k) => k.usesBarriers);
  if (barrierKernels.length === 0) return { code, kernels: new Set(), calls: new Map(), verdicts: [] };
  const file = parseSource('<cuda-cpu>', parsableCuda(code));
  const root = file.tree.rootNode;
  const facts = fileFacts(root, code);
  const presumed = presumedLines(code);
  // Kernels and kernel templates defined at file scope, by name (a template by its template's name).
  const defs = new Map<string, { fn: SyntaxNode; template: SyntaxNode | null }[]>();
  for (const c of root.namedChildren) {
    const f = c.type === 'template_declaration' ? c.namedChildren.find((x) => x.type === 'function_definition') : c;
    if (f?.type !== 'function_definition' || !f.children.some((x) => x.type === '__global__')) continue;
    const fd = f.childForFieldName('declarator');
    const name = fd?.type === 'function_declarator' ? fd.childForFieldName('declarator') : null;
    if (name?.type !== 'identifier') continue;
    defs.set(name.text, [...(defs.get(name.text) ?? []), { fn: f, template: c.type === 'template_declaration' ? c : null }]);
  }
  const verdicts: WorkItemVerdict[] = [];
  const inserts: { at: number; text: string }[] = [];
  const calls = new Map<string, string>();
  // Per definition (a template's instances share one generated template): the reason, or null.
  const done = new Map<string, string | null>();
  let keys = 0;
  for (const k of barrierKernels) {
    const base = k.cppName ? k.cppName.slice(0, k.cppName.indexOf('<')).trim() : k.name;
    const found = defs.get(base) ?? [];
    const def = found[0];
    let reason: string | null | undefined = done.get(base);
    if (reason === undefined) {
      reason = found.length === 0 ? 'its definition is not at file scope' : found.length > 1 ? 'it is overloaded' : !!k.cppName !== !!def!.template ? 'a template instance it cannot place' : null;
      const params = def?.fn.childForFieldName('declarator')?.childForFieldName('parameters');
      const body = def?.fn.childForFieldName('body');
      if (reason === null && (!params || !body || params.text.includes('...'))) reason = 'its parameters are not plain';
      if (reason === null) {
        const { fn, template } = def!;
        const paramNames = new Set(params!.namedChildren.map((p) => (p.childForFieldName('declarator') ? declaredName(p.childForFieldName('declarator')!)?.text : undefined)).filter((n): n is string => !!n));
        try {
          // Helpers with barriers or warp operations inlined first (src/build/inlineHelpers.ts).
          const inl = inlineHelpers(def!, code, root, facts, presumed, { mask: parsableCuda, builtins: new Set(BUILTINS.keys()), guarded: { barrier: /^__syncthreads\s*\(\s*\)$/ } });
          // Then each local declared twice gets a name of its own (src/build/uniqueNames.ts).
          const outer = template ?? fn;
          const u = uniqueNames(inl?.text ?? code.slice(outer.startIndex, outer.endIndex), inl?.presumed ?? ((r) => presumed(outer.startPosition.row + r)), parsableCuda, code);
          const t = u ? new KernelTransform({ fn: u.fn, body: u.body, params: u.params, paramNames }, facts, u.text, u.presumed) : inl ? new KernelTransform({ fn: inl.fn, body: inl.body, params: inl.params, paramNames }, facts, inl.text, inl.presumed) : new KernelTransform({ fn, body: body!, params: params!, paramNames }, facts, code, presumed);
          const items = t.analyse();
          const g = t.generate(items, base, keys, template?.childForFieldName('parameters')?.text);
          keys = g.keys;
          const end = (template ?? fn).endIndex;
          const nl = code.indexOf('\n', end);
          const after = presumed((template ?? fn).endPosition.row + 1);
          inserts.push({ at: nl < 0 ? code.length : nl + 1, text: `${nl < 0 ? '\n' : ''}${g.text}\n#line ${after.line}${after.file ? ` ${after.file}` : ''}\n` });
        } catch (e) {
          if (!(e instanceof Fallback)) throw e;
          reason = e.message;
        }
      }
      done.set(base, reason);
    }
    if (reason === null) calls.set(k.name, `cu2m_wil_${base}::${k.cppName ?? k.name}`);
    verdicts.push({ kernel: k.name, reason });
  }
  const kernels = new Set(calls.keys());
  if (inserts.length === 0) return { code, kernels, calls, verdicts };
  return { code: withInserts(code, inserts, SLOTS_HELPER), kernels, calls, verdicts };
}

/**
 * `code` with each generated function inserted at its offset (in offset order), and `helper` (the
 * per-thread storage of the dialect) before the first: shared by both backends' transforms.
 */
export function withInserts(code: string, inserts: { at: number; text: string }[], helper: string): string {
  inserts.sort((a, b) => a.at - b.at);
  let out = '';
  let at = 0;
  inserts.forEach((ins, i) => {
    out += code.slice(at, ins.at) + (i === 0 ? `${helper}\n` : '') + ins.text;
    at = ins.at;
  });
  return out + code.slice(at);
}

/** The cuda-cpu module source of one file: its device code with work-item loops, and the glue. */
export function cudaCpuModuleCode(cudaCpu: string, manifest: Manifest, abiVersion = true): string {
  const w = workItemLoops(cudaCpu, manifest);
  return w.code + cudaGlue(manifest, abiVersion, w.calls, cudaCpu);
}

/** A `#pragma` line in a body (`#pragma unroll`): copied with the statement it precedes. */
function isPragma(n: SyntaxNode): boolean {
  const call = n.type === 'preproc_call' ? n : n.parent?.type === 'preproc_call' ? n.parent : null;
  return call?.childForFieldName('directive')?.text === '#pragma';
}

// Grid-wide synchronisation (issue 6; docs/DESIGN.md, "Grid-wide synchronisation"). Metal has no
// grid barrier and no guarantee that all threadgroups of a dispatch run at once, but two dispatches
// on one queue run one after the other: a kernel that synchronises its grid becomes one kernel per
// stretch between syncs, which the runtime dispatches in order for cudaLaunchCooperativeKernel.
//
//   __global__ void k(float* p, int n) {          __global__ void k_part0(float* p, int n, k_frame* cu2m_frame) {
//     cg::grid_group g = cg::this_grid();            cg::grid_group g = cg::this_grid();
//     float v = p[g.thread_rank()] * 2;              float v = p[g.thread_rank()] * 2;
//     g.sync();                              →       <save v> } __global__ void k_part1(float* p, int n, k_frame* cu2m_frame) { cg::grid_group g = cg::this_grid(); float v = <restore>;
//     p[n - 1 - g.thread_rank()] += v;               p[n - 1 - g.thread_rank()] += v;
//   }                                              }
//
// This is a rewrite of the CUDA source, before the device translation and the host rewrite read it:
// the MSL (metal, msl-cpu) and the reference (cuda-cpu) run the same parts. It keeps every line on
// its line (a part begins on the line of the sync that ends the one before), so diagnostics and
// `#line` directives still name the user's lines.
//
// What is split: a `__global__` function (not a template) whose grid syncs (`g.sync()`,
// `cg::sync(g)`, `cg::this_grid().sync()`) are statements at the top level of its body. Across a sync:
// - a local declared at the top level before it and named after it is live: thread-private values
//   are saved to the frame (one `k_frame` per thread of the grid, a buffer the runtime allocates)
//   at the end of a part and restored at the start of the next; cooperative-groups handles
//   (`this_grid()`, `this_thread_block()`, `tiled_partition<N>(...)`) are made again instead;
// - a `__shared__` array named on both sides, a local array, reference or `auto` value, and a
//   `return` before the last sync are refused (C2M1019), as is a sync inside a loop, a branch or a
//   `__device__` function (C2M1002, where it is written).
import { diag, type Diagnostic } from '../diagnostics/diagnostic';
import { pos, type SyntaxNode, type SourceFile } from '../parse/parse';
import { EditSet } from './edits';
import { functionRole } from './program';
import { declaratorShape, specifierTokens } from './syntax';

/** A kernel split at its grid syncs: `name_part0` ... `name_part{parts-1}`. */
export interface GridSplit {
  readonly name: string;
  readonly parts: number;
  /** The frame struct's name (`name_frame`), or null when no value lives across a sync. */
  readonly frame: string | null;
  /** The kernel's parameter list as written (`(float* p, int n)`), for the host stub of `name`. */
  readonly params: string;
  /** The parameters' names, in order. */
  readonly paramNames: readonly string[];
  /** `extern "C"` (the host stub keeps the linkage). */
  readonly externC: boolean;
}

export interface GridSplitResult {
  readonly text: string;
  readonly splits: readonly GridSplit[];
}

const HANDLE_TYPE = /\b(grid_group|thread_block|thread_block_tile|thread_group|coalesced_group)\b/;
const HANDLE_INIT = /\b(this_grid|this_thread_block|tiled_partition)\s*(<[^>]*>)?\s*\(/;
const GRID_INIT = /\bthis_grid\s*\(/;

/** Is `e` a grid group: `this_grid()`, or a local or parameter declared as one in `fn`? */
export function namesGridGroup(e: SyntaxNode, fn: SyntaxNode): boolean {
  if (e.type === 'call_expression') return /\bthis_grid\s*$/.test(e.childForFieldName('function')?.text ?? '');
  if (e.type !== 'identifier') return false;
  for (const d of fn.descendantsOfType(['declaration', 'parameter_declaration'])) {
    const grid = /\bgrid_group\b/.test(d.childForFieldName('type')?.text ?? '');
    for (const decl of d.childrenForFieldName('declarator')) {
      const s = declaratorShape(decl);
      if (s.name?.text === e.text && (grid || GRID_INIT.test(s.init?.text ?? ''))) return true;
    }
  }
  return false;
}

/** Is `call` a grid-wide sync: `g.sync()` or `cg::sync(g)` with `g` a grid group of `fn`? */
export function isGridSync(call: SyntaxNode, fn: SyntaxNode): boolean {
  if (call.type !== 'call_expression') return false;
  const f = call.childForFieldName('function');
  if (!f) return false;
  if (f.type === 'field_expression' && f.childForFieldName('field')?.text === 'sync') {
    const obj = f.childForFieldName('argument');
    return !!obj && namesGridGroup(obj, fn);
  }
  if (/^(?:(?:cg|cooperative_groups)\s*::\s*)?sync$/.test(f.text)) {
    const a = call.childForFieldName('arguments')?.namedChildren.filter((x) => x.type !== 'comment')[0];
    return !!a && namesGridGroup(a, fn);
  }
  return false;
}

/** A top-level local of the kernel body. */
interface Local {
  readonly name: string;
  readonly segment: number;
  /** The declaration as it re-declares a handle (`cg::grid_group g = cg::this_grid();`), else null. */
  readonly handle: string | null;
  /** The type a frame field has (`float`, `const float*` without top-level const), else null. */
  readonly type: string | null;
  /** Why it cannot live across a sync (an array, a reference, `auto`, `__shared__`), else null. */
  readonly refused: string | null;
  readonly node: SyntaxNode;
}

const collapse = (s: string): string => s.replace(/\/\/[^\n]*/g, '').replace(/\s*\n\s*/g, ' ');

/**
 * Splits the kernels of `file` at their grid syncs; null when no kernel synchronises its grid.
 * Kernels it cannot split are left as written (the device translation then reports their syncs,
 * C2M1002) with a C2M1019 error in `diagnostics` saying why.
 */
export function splitGridSyncKernels(file: SourceFile, diagnostics: Diagnostic[]): GridSplitResult | null {
  const text = file.text;
  if (!/\bthis_grid\b/.test(text) || !/\bsync\b/.test(text)) return null;
  const edits = new EditSet(text);
  const splits: GridSplit[] = [];
  for (const fn of file.tree.rootNode.descendantsOfType('function_definition')) {
    if (functionRole(fn) !== 'kernel' || !/\bsync\b/.test(fn.text)) continue;
    const body = fn.childForFieldName('body');
    if (!body) continue;
    const syncs = body.descendantsOfType('call_expression').filter((c) => isGridSync(c, fn));
    if (syncs.length === 0) continue;
    const split = splitKernel(file, fn, body, syncs, edits, diagnostics);
    if (split) splits.push(split);
  }
  return splits.length > 0 ? { text: edits.apply(0, text.length), splits } : null;
}

function splitKernel(file: SourceFile, fn: SyntaxNode, body: SyntaxNode, syncs: SyntaxNode[], edits: EditSet, diagnostics: Diagnostic[]): GridSplit | null {
  const refuse = (n: SyntaxNode, why: string): null => {
    diagnostics.push(diag('C2M1019', `grid-wide synchronisation in '${nameOf(fn)}' cannot be split: ${why}`, file.name, pos(n.startPosition), pos(n.endPosition)));
    return null;
  };
  // Syncs not at the top level are reported where they are written (C2M1002, cooperativeGroups.ts).
  const statementOf = (c: SyntaxNode): SyntaxNode | null => (c.parent?.type === 'expression_statement' && c.parent.parent?.id === body.id ? c.parent : null);
  if (syncs.some((c) => !statementOf(c))) return null;
  if (fn.parent?.type === 'template_declaration') return refuse(syncs[0]!, 'the kernel is a template (only kernels that are not templates are split)');
  const declarator = fn.childForFieldName('declarator');
  const nameNode = declaratorShape(declarator).name;
  const paramList = declarator?.type === 'function_declarator' ? declarator.childForFieldName('parameters') : null;
  if (!nameNode || nameNode.type !== 'identifier' || !paramList) return refuse(syncs[0]!, 'its declarator is not a plain name and parameter list');
  const name = nameNode.text;
  const params = paramList.namedChildren.filter((p) => p.type === 'parameter_declaration');
  const paramNames = params.map((p) => declaratorShape(p.childForFieldName('declarator')).name?.text ?? '');
  if (params.length > 0 && paramNames.some((n) => !n)) return refuse(paramList, 'a parameter has no name (name it)');

  // Segments: the top-level statements between syncs.
  const stmts = body.namedChildren;
  const syncStmts = syncs.map((c) => statementOf(c)!).sort((a, b) => a.startIndex - b.startIndex);
  const segmentOf = (n: SyntaxNode): number => syncStmts.filter((s) => s.startIndex < n.startIndex).length;
  const last = syncStmts.length;
  // A return before the last sync would end only its part: the thread would run the next one.
  for (const r of body.descendantsOfType('return_statement')) {
    if (segmentOf(r) < last && !insideLambda(r, body)) return refuse(r, `a return before the grid sync at line ${syncStmts[syncStmts.length - 1]!.startPosition.row + 1} (each part is a launch of its own, so the thread would run the parts after it); return after the last sync, or guard the code instead`);
  }
  // Locals declared at the top level, by segment.
  const locals: Local[] = [];
  for (const s of stmts) {
    if (s.type !== 'declaration') continue;
    const seg = segmentOf(s);
    const toks = specifierTokens(s).map((t) => t.text);
    const shared = toks.includes('__shared__');
    const typeNode = s.childForFieldName('type');
    const typeText = typeNode?.text ?? '';
    const lead = text(s, s.startIndex, s.childrenForFieldName('declarator')[0]?.startIndex ?? s.endIndex).trim();
    for (const d of s.childrenForFieldName('declarator')) {
      const shape = declaratorShape(d);
      if (!shape.name) continue;
      const init = shape.init?.text ?? '';
      const isHandle = HANDLE_TYPE.test(typeText) || (typeText === 'auto' && HANDLE_INIT.test(init));
      let refused: string | null = null;
      if (shared) refused = `the __shared__ array '${shape.name.text}' is used on both sides of it (shared memory does not outlive a part: each part is a dispatch of its own)`;
      else if (isHandle) refused = null;
      else if (shape.arrayDims.length > 0) refused = `the local array '${shape.name.text}' is used on both sides of it (only scalars, vectors, structs and pointers are saved across a sync)`;
      else if (shape.reference) refused = `the reference '${shape.name.text}' is used on both sides of it`;
      else if (/\bauto\b/.test(typeText) || toks.includes('static')) refused = `'${shape.name.text}' (${/\bauto\b/.test(typeText) ? 'auto' : 'static'}) is used on both sides of it: write its type`;
      const fieldType = `${lead.replace(/\b(const|volatile|register|__restrict__|__restrict)\b\s*/g, '').trim()}${'*'.repeat(shape.pointerDepth)}`;
      locals.push({ name: shape.name.text, segment: seg, handle: isHandle ? `${collapse(lead)} ${collapse(d.text)};` : null, type: isHandle || refused ? null : fieldType, refused, node: d });
    }
  }
  // The last segment naming each local (identifiers, not field names: `p.x` names p only).
  const lastUse = new Map<string, number>();
  for (const id of body.descendantsOfType('identifier')) {
    const seg = segmentOf(id);
    if ((lastUse.get(id.text) ?? -1) < seg) lastUse.set(id.text, seg);
  }
  const live = locals.filter((l) => (lastUse.get(l.name) ?? -1) > l.segment);
  for (const l of live) {
    if (l.refused) {
      const at = syncStmts[l.segment]!;
      return refuse(at, `${l.refused} (declared at line ${l.node.startPosition.row + 1})`);
    }
  }
  const saved = live.filter((l) => l.type !== null);
  const frame = saved.length > 0 ? `${name}_frame` : null;
  const frameParam = frame ? `${frame}* cu2m_frame` : '';
  // The grid-linear index of this thread: its frame.
  const gt =
    'const unsigned int cu2m_gt = ((blockIdx.z * gridDim.y + blockIdx.y) * gridDim.x + blockIdx.x) * (blockDim.x * blockDim.y * blockDim.z) + (threadIdx.z * blockDim.y + threadIdx.y) * blockDim.x + threadIdx.x;';
  const livesInto = (l: Local, part: number): boolean => l.segment < part && (lastUse.get(l.name) ?? -1) >= part;
  // The frame struct before the kernel (same line), the first part's name and parameter.
  const whole = fn.parent?.type === 'linkage_specification' ? fn.parent : fn;
  const externC = whole.id !== fn.id;
  if (frame) edits.insert(whole.startIndex, `struct ${frame} { ${saved.map((l) => `${l.type} ${l.name};`).join(' ')} }; /* ${name}: values live across its grid syncs, one per thread */ `);
  edits.replace(nameNode.startIndex, nameNode.endIndex, `${name}_part0`);
  const withFrame = (list: string): string => (frame ? (params.length > 0 ? list.replace(/\)\s*$/, `, ${frameParam})`) : `(${frameParam})`) : list);
  edits.replace(paramList.startIndex, paramList.endIndex, withFrame(paramList.text));
  const open = body.child(0)!;
  if (frame && saved.some((l) => livesInto(l, 1))) edits.insert(open.endIndex, ` ${gt}`);
  // The header of a later part: the kernel's, renamed, with the frame (one line).
  const head = collapse(text(fn, fn.startIndex, nameNode.startIndex));
  const tail = collapse(text(fn, nameNode.endIndex, paramList.startIndex)) + collapse(withFrame(paramList.text)) + collapse(text(fn, paramList.endIndex, body.startIndex));
  for (const [i, s] of syncStmts.entries()) {
    const next = i + 1;
    const save = saved.filter((l) => l.segment <= i && livesInto(l, next)).map((l) => `cu2m_frame[cu2m_gt].${l.name} = ${l.name};`);
    const handles = live.filter((l) => l.handle && livesInto(l, next)).map((l) => l.handle!);
    const restore = saved.filter((l) => livesInto(l, next));
    const needsGt = restore.length > 0 || saved.some((l) => l.segment <= next && livesInto(l, next + 1));
    const prologue = [...handles, ...(needsGt ? [gt] : []), ...restore.map((l) => `${l.type} ${l.name} = cu2m_frame[cu2m_gt].${l.name};`)];
    edits.replace(
      s.startIndex,
      s.endIndex,
      `${save.length > 0 ? `${save.join(' ')} ` : ''}} /* grid-wide sync: ${name} continues in ${name}_part${next} */ ${externC ? 'extern "C" ' : ''}${head}${name}_part${next}${tail}{${prologue.length > 0 ? ` ${prologue.join(' ')}` : ''}`,
    );
  }
  return { name, parts: last + 1, frame, params: collapse(paramList.text), paramNames, externC };
}

const text = (n: SyntaxNode, start: number, end: number): string => n.tree.rootNode.text.slice(start, end);

function nameOf(fn: SyntaxNode): string {
  return declaratorShape(fn.childForFieldName('declarator')).name?.text ?? 'the kernel';
}

function insideLambda(n: SyntaxNode, stop: SyntaxNode): boolean {
  for (let p = n.parent; p && p.id !== stop.id; p = p.parent) if (p.type === 'lambda_expression') return true;
  return false;
}

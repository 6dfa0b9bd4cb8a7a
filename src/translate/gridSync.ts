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
// `cg::sync(g)`, `cg::this_grid().sync()`) are statements at the top level of its body, or of the
// body of a `for` loop there whose header the host can evaluate, or of a `while` loop there (its
// condition becomes a part of its own that tests it on the device; the host reads the verdict).
// A `#if __CUDA_ARCH__ ...` around them in the body is resolved first, as the device compilation
// resolves it (resolveArchConditionalsAroundGridSyncs). Across a sync:
// - a local declared at the top level before it and named after it is live: thread-private values
//   are saved to the frame (one `k_frame` per thread of the grid, a buffer the runtime allocates)
//   at the end of a part and restored at the start of the next; cooperative-groups handles
//   (`this_grid()`, `this_thread_block()`, `tiled_partition<N>(...)`) are made again instead;
// - a `__shared__` variable or 1-D array named on both sides is saved per block;
// - a local array, reference or `auto` value, an `extern __shared__` array, and a `return` before
//   the last sync are refused (C2M1019), as is a sync inside a do loop or a switch, or in a
//   `__device__` function called inside an expression (C2M1002, where it is written).
// A uniform `if` around syncs is run by the host like a while loop that runs at most once (a part
// tests its condition); before the split, helpers that sync are inlined at their call statements
// (inlineGridSyncHelpers) and a for loop bounded by memory becomes a while loop (whileForGridSyncLoops).
import { diag, type Diagnostic } from '../diagnostics/diagnostic';
import { pos, type SyntaxNode, type SourceFile } from '../parse/parse';
import { EditSet } from './edits';
import { cudaArchBranch } from './function';
import { functionRole } from './program';
import { declaratorShape, specifierTokens } from './syntax';

/** A kernel split at its grid syncs: `name_part0` ... `name_part{parts-1}`. */
export interface GridSplit {
  readonly name: string;
  /** The kernel's line (in the parsed text). */
  readonly line: number;
  readonly parts: number;
  /** The frame struct's name (`name_frame`), or null when no value lives across a sync. */
  readonly frame: string | null;
  /** The per-block struct of the `__shared__` arrays saved across syncs (`name_shared`), or null. */
  readonly blockFrame: string | null;
  /** The kernel's parameter list as written (`(float* p, int n)`), for the host stub of `name`. */
  readonly params: string;
  /** The parameters' names, in order. */
  readonly paramNames: readonly string[];
  /** `extern "C"` (the host stub keeps the linkage). */
  readonly externC: boolean;
  /** The host's statements that launch the parts, with the loops around them; null when they run in order. */
  readonly driver: readonly string[] | null;
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

/** A uniform `for` loop whose body synchronises the grid: the host runs it (the driver). */
interface Loop {
  readonly node: SyntaxNode;
  /** The statements of its body (of a branch: the branch's), whose declarations are locals of its parts. */
  readonly body: SyntaxNode;
  /** A `while` loop, or an `if` (its then- or else-branch): the condition is evaluated on the device, by the part `test`, and read by the host. */
  readonly test?: number;
  /** A uniform branch, not a loop: the then-branch (`if`) or the else-branch (`else`) of an if statement. */
  readonly branch?: 'if' | 'else';
  /** `(int it = 0; it < n; ++it)` as written (one line). */
  readonly header: string;
  /** The variables its initializer declares, with their types (`int it`). */
  readonly vars: readonly { readonly name: string; readonly type: string }[];
}

/** A part: the statements between two boundaries (a sync, a loop's start or end), inside `loops`. */
interface Part {
  readonly index: number;
  readonly loops: readonly Loop[];
  /** Text range of its statements. */
  start: number;
  end: number;
}

/** A local declared at the top level of the kernel body or of a split loop's body. */
interface Local {
  readonly name: string;
  readonly part: number;
  readonly loops: readonly Loop[];
  /** The declaration as it re-declares a handle (`cg::grid_group g = cg::this_grid();`), else null. */
  readonly handle: string | null;
  /** The type a frame field has (`float`, `const float*` without top-level const), else null. */
  readonly type: string | null;
  /** Why it cannot live across a part boundary (a local array, a reference, `auto`, extern `__shared__`), else null. */
  readonly refused: string | null;
  /** A 1-D `__shared__` array: saved per block (`float scratch[BLOCK]`: its declaration, its field, its length). */
  readonly shared: { readonly decl: string; readonly field: string; readonly length: string | null } | null;
  readonly node: SyntaxNode;
}

/** A point where one part ends and the next begins: the text it replaces. */
interface Boundary {
  readonly start: number;
  readonly end: number;
  readonly kind: 'sync' | 'loop-start' | 'loop-end' | 'test-start' | 'test-end' | 'else-start';
  readonly loop?: Loop;
  /** The part that begins after it. */
  readonly next: number;
}

const collapse = (s: string): string => s.replace(/\/\/[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\s*\n\s*/g, ' ');
const LOOP_TYPES = new Set(['for_statement', 'while_statement', 'do_statement', 'for_range_loop']);

/**
 * A kernel whose grid syncs sit inside a `#if`/`#ifdef` over `__CUDA_ARCH__` in its body
 * (cuda-samples' `#if __CUDA_ARCH__ >= 700` around the whole body): the conditional is resolved
 * there, as every device compilation here resolves it (`__CUDA_ARCH__` = 800 for the MSL and the
 * cuda-cpu reference alike; the host compiles a stub instead of the body): the directives and the
 * branch not taken become blank (lines and columns stay), so the syncs are statements of the
 * level the conditional is at, and the split sees them there. The new text, or null when no kernel
 * has such a conditional.
 */
export function resolveArchConditionalsAroundGridSyncs(file: SourceFile): string | null {
  const text = file.text;
  if (!/\bthis_grid\b/.test(text) || !/__CUDA_ARCH__/.test(text)) return null;
  const blanks: [number, number][] = [];
  for (const fn of file.tree.rootNode.descendantsOfType('function_definition')) {
    if (functionRole(fn) !== 'kernel') continue;
    const body = fn.childForFieldName('body');
    if (!body) continue;
    const syncs = body.descendantsOfType('call_expression').filter((c) => isGridSync(c, fn));
    if (syncs.length === 0) continue;
    for (const n of body.descendantsOfType(['preproc_if', 'preproc_ifdef'])) {
      if (!syncs.some((c) => c.startIndex >= n.startIndex && c.endIndex <= n.endIndex)) continue;
      const device = cudaArchBranch(n);
      if (device === null) continue;
      const alt = n.childForFieldName('alternative');
      const endif = n.child(n.childCount - 1);
      if (!endif || endif.type !== '#endif' || (alt && alt.type !== 'preproc_else')) continue; // (#elif: left to the translation)
      const cond = n.childForFieldName('condition') ?? n.childForFieldName('name');
      const headerEnd = text.indexOf('\n', cond ? cond.endIndex : n.startIndex);
      if (device === 'then') {
        blanks.push([n.startIndex, headerEnd < 0 ? n.endIndex : headerEnd]);
        if (alt) blanks.push([alt.startIndex, endif.startIndex]);
      } else {
        if (!alt) continue;
        const elseEnd = text.indexOf('\n', alt.child(0)!.endIndex);
        blanks.push([n.startIndex, elseEnd < 0 ? alt.endIndex : elseEnd]);
      }
      blanks.push([endif.startIndex, endif.endIndex]);
    }
  }
  if (blanks.length === 0) return null;
  let out = text;
  for (const [a, b] of blanks) out = out.slice(0, a) + out.slice(a, b).replace(/[^\n]/g, ' ') + out.slice(b);
  return out;
}

/**
 * Splits the kernels of `file` at their grid syncs; null when no kernel synchronises its grid.
 * Kernels it cannot split are left as written with a C2M1019 error in `diagnostics` saying why
 * (their lines in `refusedLines`: the translation's C2M1002 at each of their syncs is left out), or,
 * where a sync is inside a branch, with nothing: the translation reports that sync (C2M1002).
 */
export function splitGridSyncKernels(file: SourceFile, diagnostics: Diagnostic[], refusedLines: [number, number][] = []): GridSplitResult | null {
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
    const before = diagnostics.length;
    const split = splitKernel(file, fn, body, syncs, edits, diagnostics);
    if (split) splits.push(split);
    else if (diagnostics.length > before) refusedLines.push([fn.startPosition.row + 1, fn.endPosition.row + 1]); // (its syncs are said once, by C2M1019)
  }
  return splits.length > 0 ? { text: edits.apply(0, text.length), splits } : null;
}

function splitKernel(file: SourceFile, fn: SyntaxNode, body: SyntaxNode, syncs: SyntaxNode[], edits: EditSet, diagnostics: Diagnostic[]): GridSplit | null {
  const refuse = (n: SyntaxNode, why: string): null => {
    diagnostics.push(diag('C2M1019', `grid-wide synchronisation in '${nameOf(fn)}' cannot be split: ${why}`, file.name, pos(n.startPosition), pos(n.endPosition)));
    return null;
  };
  if (fn.parent?.type === 'template_declaration') return refuse(syncs[0]!, 'the kernel is a template (only kernels that are not templates are split)');
  const declarator = fn.childForFieldName('declarator');
  const nameNode = declaratorShape(declarator).name;
  const paramList = declarator?.type === 'function_declarator' ? declarator.childForFieldName('parameters') : null;
  if (!nameNode || nameNode.type !== 'identifier' || !paramList) return refuse(syncs[0]!, 'its declarator is not a plain name and parameter list');
  const name = nameNode.text;
  const params = paramList.namedChildren.filter((p) => p.type === 'parameter_declaration');
  const paramNames = params.map((p) => declaratorShape(p.childForFieldName('declarator')).name?.text ?? '');
  if (params.length > 0 && paramNames.some((n) => !n)) return refuse(paramList, 'a parameter has no name (name it)');
  // Parameters the host can read as they are: not pointers, arrays or references (device memory).
  const scalarParams = params.filter((p) => {
    const shape = declaratorShape(p.childForFieldName('declarator'));
    return shape.pointerDepth === 0 && shape.arrayDims.length === 0 && !shape.reference;
  }).map((p) => declaratorShape(p.childForFieldName('declarator')).name?.text ?? '');
  const syncIds = new Set(syncs.map((c) => c.id));
  const isSyncStatement = (s: SyntaxNode): boolean => s.type === 'expression_statement' && !!s.namedChild(0) && syncIds.has(s.namedChild(0)!.id);
  const containsSync = (s: SyntaxNode): boolean => syncs.some((c) => c.startIndex >= s.startIndex && c.endIndex <= s.endIndex);
  const declaredInKernel = new Set(body.descendantsOfType(['declaration']).flatMap((d) => d.childrenForFieldName('declarator').map((x) => declaratorShape(x).name?.text ?? '')));
  const assigned = (n: SyntaxNode, v: string): boolean =>
    n.descendantsOfType(['assignment_expression', 'update_expression']).some((a) => (a.type === 'assignment_expression' ? a.childForFieldName('left') : a.childForFieldName('argument'))?.text === v);

  // The structure: parts, boundaries and loops, in text order.
  const parts: Part[] = [{ index: 0, loops: [], start: body.child(0)!.endIndex, end: body.endIndex }];
  const boundaries: Boundary[] = [];
  let failure: null | false = false;
  const newPart = (loops: readonly Loop[], at: number): number => {
    parts[parts.length - 1]!.end = at;
    parts.push({ index: parts.length, loops, start: at, end: body.endIndex });
    return parts.length - 1;
  };
  const walk = (block: SyntaxNode, loops: readonly Loop[]): void => {
    for (const s of block.type === 'compound_statement' ? block.namedChildren : [block]) {
      if (failure === null) return;
      if (isSyncStatement(s)) {
        boundaries.push({ start: s.startIndex, end: s.endIndex, kind: 'sync', next: newPart(loops, s.endIndex) });
        continue;
      }
      if (!containsSync(s)) continue;
      if (s.type === 'while_statement') {
        // The condition is evaluated on the device by a part of its own (every thread; the host
        // reads the verdict between parts): it may read device memory written by the part before.
        const cond = s.childForFieldName('condition');
        const loopBody = s.childForFieldName('body');
        if (!cond || !loopBody || loopBody.type !== 'compound_statement') {
          failure = refuse(s, `the while loop at line ${userLine(file, s.startPosition.row + 1)} synchronises the grid without braces around its body`);
          return;
        }
        const effect = cond.descendantsOfType(['assignment_expression', 'update_expression', 'call_expression', 'comma_expression']).find((e) => !groupQuery(e));
        if (effect) {
          failure = refuse(effect, `the while loop at line ${userLine(file, s.startPosition.row + 1)} synchronises the grid, and its condition has '${effect.text}' (each test of the condition is a launch of its own, made between the parts: it must only read values)`);
          return;
        }
        const jump = loopBody.descendantsOfType(['break_statement', 'continue_statement']).find((j) => !insideInner(j, loopBody));
        if (jump) {
          failure = refuse(jump, `a ${jump.type.replace('_statement', '')} in the while loop at line ${userLine(file, s.startPosition.row + 1)}, which synchronises the grid (the host runs the loop)`);
          return;
        }
        const inner0 = (test: number): Loop => ({ node: s, body: loopBody, header: collapse(cond.type === 'condition_clause' ? (cond.childForFieldName('value') ?? cond).text : cond.text).trim(), vars: [], test });
        // `while (` ends the part before; the condition is part `test`; `) {` begins the body's first part.
        const testPart = parts.length;
        const loop = inner0(testPart);
        const inner = [...loops, loop];
        const open = s.child(0)!; // `while`
        const condValue = cond.type === 'condition_clause' ? cond.childForFieldName('value') ?? cond.namedChild(0) : cond;
        if (!condValue) {
          failure = refuse(s, `the while loop at line ${userLine(file, s.startPosition.row + 1)} synchronises the grid: its condition is not an expression`);
          return;
        }
        boundaries.push({ start: open.startIndex, end: condValue.startIndex, kind: 'test-start', loop, next: newPart(inner, condValue.startIndex) });
        boundaries.push({ start: condValue.endIndex, end: loopBody.child(0)!.endIndex, kind: 'test-end', loop, next: newPart(inner, loopBody.child(0)!.endIndex) });
        walk(loopBody, inner);
        if (failure !== false) return;
        const close = loopBody.child(loopBody.childCount - 1)!;
        boundaries.push({ start: close.startIndex, end: close.endIndex, kind: 'loop-end', loop, next: newPart(loops, close.endIndex) });
        continue;
      }
      if (s.type === 'if_statement') {
        // A uniform branch: the condition is tested on the device by a part of its own (every thread
        // votes; threads that disagree fail the launch, as on CUDA they would wait at different grid
        // syncs), the host runs the parts of the branch taken.
        const line = userLine(file, s.startPosition.row + 1);
        const cond = s.childForFieldName('condition');
        const condValue = cond?.type === 'condition_clause' ? cond.childForFieldName('value') : cond;
        const cons = s.childForFieldName('consequence');
        const alt = s.childForFieldName('alternative');
        const altBody = alt ? (alt.type === 'else_clause' ? alt.namedChildren.find((c) => c.type !== 'comment') ?? null : alt) : null;
        if (!cond || !condValue || !cons || (alt && !altBody) || cond.type === 'condition_clause' && cond.namedChildren.some((c) => c.type === 'declaration' || c.type === 'init_statement') || /^if\s+constexpr\b/.test(s.text)) {
          failure = refuse(s, `the if statement at line ${line} synchronises the grid: its condition must be an expression (no declaration, no if constexpr)`);
          return;
        }
        if (altBody && altBody.type !== 'compound_statement') {
          failure = refuse(altBody, `the if statement at line ${line} synchronises the grid: write braces around its else branch (else { if ... })`);
          return;
        }
        const effect = condValue.descendantsOfType(['assignment_expression', 'update_expression', 'call_expression', 'comma_expression']).find((e) => !groupQuery(e));
        if (effect) {
          failure = refuse(effect, `the if statement at line ${line} synchronises the grid, and its condition has '${effect.text}' (the condition is tested by a launch of its own, before the branch's parts: it must only read values)`);
          return;
        }
        for (const b of [cons, altBody]) {
          const jump = b?.descendantsOfType(['break_statement', 'continue_statement']).find((j) => !insideInner(j, b));
          if (jump) {
            failure = refuse(jump, `a ${jump.type.replace('_statement', '')} in the if statement at line ${line}, which synchronises the grid (the host runs the branch)`);
            return;
          }
        }
        const testPart = parts.length;
        const header = collapse(condValue.text).trim();
        const thenLoop: Loop = { node: s, body: cons, header, vars: [], test: testPart, branch: 'if' };
        const open = s.child(0)!; // `if`
        boundaries.push({ start: open.startIndex, end: condValue.startIndex, kind: 'test-start', loop: thenLoop, next: newPart([...loops, thenLoop], condValue.startIndex) });
        const thenStart = cons.type === 'compound_statement' ? cons.child(0)!.endIndex : cons.startIndex;
        boundaries.push({ start: condValue.endIndex, end: thenStart, kind: 'test-end', loop: thenLoop, next: newPart([...loops, thenLoop], thenStart) });
        walk(cons, [...loops, thenLoop]);
        if (failure !== false) return;
        const thenEnd = cons.type === 'compound_statement' ? cons.child(cons.childCount - 1)!.startIndex : cons.endIndex;
        let endLoop = thenLoop;
        if (altBody) {
          const elseLoop: Loop = { node: s, body: altBody, header, vars: [], test: testPart, branch: 'else' };
          boundaries.push({ start: thenEnd, end: altBody.child(0)!.endIndex, kind: 'else-start', loop: elseLoop, next: newPart([...loops, elseLoop], altBody.child(0)!.endIndex) });
          walk(altBody, [...loops, elseLoop]);
          if (failure !== false) return;
          endLoop = elseLoop;
        }
        const last = altBody ?? cons;
        const close = last.type === 'compound_statement' ? last.child(last.childCount - 1)! : null;
        boundaries.push({ start: close ? close.startIndex : last.endIndex, end: close ? close.endIndex : last.endIndex, kind: 'loop-end', loop: endLoop, next: newPart(loops, close ? close.endIndex : last.endIndex) });
        continue;
      }
      if (s.type !== 'for_statement') {
        // Syncs in branches, while/do loops, blocks: reported where they are written (C2M1002), or here for loops.
        if (LOOP_TYPES.has(s.type)) failure = refuse(s, `the ${s.type.replace('_statement', '').replace('_loop', '')} loop at line ${userLine(file, s.startPosition.row + 1)} synchronises the grid: only a for loop whose header the host can evaluate (kernel parameters, gridDim, blockDim, constants) is split`);
        else failure = null;
        return;
      }
      const loopBody = s.childForFieldName('body');
      const init = s.childForFieldName('initializer');
      if (!loopBody || loopBody.type !== 'compound_statement') {
        failure = refuse(s, `the loop at line ${userLine(file, s.startPosition.row + 1)} synchronises the grid without braces around its body`);
        return;
      }
      const vars = init?.type === 'declaration' ? init.childrenForFieldName('declarator').map((d) => ({ name: declaratorShape(d).name?.text ?? '', type: `${collapse(init.childForFieldName('type')?.text ?? 'int')}${'*'.repeat(declaratorShape(d).pointerDepth)}` })) : [];
      const outerVars = new Set(loops.flatMap((l) => l.vars.map((v) => v.name)));
      const allowed = new Set([...vars.map((v) => v.name), ...outerVars, ...scalarParams, 'gridDim', 'blockDim']);
      const headerNodes = [init, s.childForFieldName('condition'), s.childForFieldName('update')].filter((n): n is SyntaxNode => !!n);
      for (const h of headerNodes) {
        for (const id of h.descendantsOfType('identifier')) {
          const v = id.text;
          const uniform = allowed.has(v) || (!declaredInKernel.has(v) && !paramNames.includes(v) && !deviceSymbol(file.text, v));
          if (!uniform || (paramNames.includes(v) && assigned(body, v))) {
            failure = refuse(id, `the loop at line ${userLine(file, s.startPosition.row + 1)} synchronises the grid, and its header reads '${v}', which the host cannot evaluate (a loop around grid syncs runs on the host: its header may read the kernel's scalar parameters that the kernel does not assign, gridDim, blockDim, its own variables and constants; a for loop whose bound is read from memory runs as a while loop, whose condition is tested on the device, unless its body has a continue, which would skip the step: \`while (k < count[0]) { ...; ++k; }\`)`);
            return;
          }
        }
      }
      if (vars.length === 0 && init) {
        failure = refuse(init, `the loop at line ${userLine(file, s.startPosition.row + 1)} synchronises the grid: declare its variable in its header (for (int i = ...; ...))`);
        return;
      }
      for (const v of vars) {
        if (assigned(loopBody, v.name)) {
          failure = refuse(s, `the loop at line ${userLine(file, s.startPosition.row + 1)} synchronises the grid and its body assigns its variable '${v.name}' (the host runs the loop: only its header may change it)`);
          return;
        }
      }
      const jump = loopBody.descendantsOfType(['break_statement', 'continue_statement']).find((j) => !insideInner(j, loopBody));
      if (jump) {
        failure = refuse(jump, `a ${jump.type.replace('_statement', '')} in the loop at line ${userLine(file, s.startPosition.row + 1)}, which synchronises the grid (the host runs the loop)`);
        return;
      }
      const loop: Loop = { node: s, body: loopBody, header: collapse(s.tree.rootNode.text.slice(s.child(1)!.startIndex, loopBody.startIndex)).trim(), vars };
      const inner = [...loops, loop];
      boundaries.push({ start: s.startIndex, end: loopBody.child(0)!.endIndex, kind: 'loop-start', loop, next: newPart(inner, loopBody.child(0)!.endIndex) });
      walk(loopBody, inner);
      if (failure !== false) return;
      const close = loopBody.child(loopBody.childCount - 1)!;
      boundaries.push({ start: close.startIndex, end: close.endIndex, kind: 'loop-end', loop, next: newPart(loops, close.endIndex) });
    }
  };
  walk(body, []);
  if (failure !== false) return null;
  parts[parts.length - 1]!.end = body.endIndex;
  const partAt = (n: SyntaxNode): number => parts.findIndex((p) => n.startIndex >= p.start && n.startIndex < p.end);
  const last = parts.length - 1;
  // A return before the last part would end only its part: the thread would run the next one.
  for (const r of body.descendantsOfType('return_statement')) {
    if (partAt(r) < last && !insideLambda(r, body)) return refuse(r, `a return before the grid sync or loop that ends its part (each part is a launch of its own, so the thread would run the parts after it); return after the last sync, or guard the code instead`);
  }

  // Locals declared at the top level of the body or of a split loop's body.
  const locals: Local[] = [];
  const blocks = [body, ...boundaries.filter((b) => b.kind === 'loop-start' || b.kind === 'test-end' || b.kind === 'else-start').map((b) => b.loop!.body).filter((b) => b.type === 'compound_statement')];
  for (const block of blocks) {
    for (const s of block.namedChildren) {
      if (s.type !== 'declaration') continue;
      const part = partAt(s);
      const toks = specifierTokens(s).map((t) => t.text);
      const shared = toks.includes('__shared__');
      const typeText = s.childForFieldName('type')?.text ?? '';
      const lead = s.tree.rootNode.text.slice(s.startIndex, s.childrenForFieldName('declarator')[0]?.startIndex ?? s.endIndex).trim();
      for (const d of s.childrenForFieldName('declarator')) {
        const shape = declaratorShape(d);
        if (!shape.name) continue;
        const init = shape.init?.text ?? '';
        const isHandle = HANDLE_TYPE.test(typeText) || (typeText === 'auto' && HANDLE_INIT.test(init));
        let refused: string | null = null;
        const oneDim = shared && !toks.includes('extern') && shape.arrayDims.length === 1 && !!shape.arrayDims[0]!.childForFieldName('size');
        // A __shared__ variable that is not an array (a cuda::barrier, a block's total): one thread saves it.
        const scalar = shared && !toks.includes('extern') && shape.arrayDims.length === 0 && shape.pointerDepth === 0 && !shape.reference && !shape.init && !/\bauto\b/.test(typeText);
        if (shared && !oneDim && !scalar) refused = `the __shared__ array '${shape.name.text}' is used on both sides of it (shared memory does not outlive a part, and only a __shared__ variable or array of one dimension and a size written in the kernel is saved per block)`;
        else if (shared) refused = null;
        else if (isHandle) refused = null;
        else if (shape.arrayDims.length > 0) refused = `the local array '${shape.name.text}' is used on both sides of it (only scalars, vectors, structs and pointers are saved across a sync)`;
        else if (shape.reference) refused = `the reference '${shape.name.text}' is used on both sides of it`;
        else if (/\bauto\b/.test(typeText) || toks.includes('static')) refused = `'${shape.name.text}' (${/\bauto\b/.test(typeText) ? 'auto' : 'static'}) is used on both sides of it: write its type`;
        // (The qualifiers of a pointer's pointee stay: `const float*`.)
        const fieldType = `${lead.replace(shape.pointerDepth > 0 ? /\b(register|__restrict__|__restrict)\b\s*/g : /\b(const|volatile|register|__restrict__|__restrict)\b\s*/g, '').trim()}${'*'.repeat(shape.pointerDepth)}`;
        const sharedInfo = oneDim || scalar ? { decl: `${collapse(lead)} ${collapse(d.text)};`, field: `${lead.replace(/\b(const|volatile|static|__shared__)\b\s*/g, '').trim()} ${collapse(d.text)};`, length: oneDim ? collapse(shape.arrayDims[0]!.childForFieldName('size')!.text) : null } : null;
        locals.push({ name: shape.name.text, part, loops: parts[part]!.loops, handle: isHandle ? `${collapse(lead)} ${collapse(d.text)};` : null, type: isHandle || refused || sharedInfo ? null : fieldType, refused, shared: sharedInfo, node: d });
      }
    }
  }
  // The parts naming each identifier (not field names: `p.x` names p only).
  const mentions = new Map<string, Set<number>>();
  for (const id of body.descendantsOfType('identifier')) {
    const p = partAt(id);
    if (p < 0) continue;
    const set = mentions.get(id.text) ?? new Set<number>();
    set.add(p);
    mentions.set(id.text, set);
  }
  // In scope in part q: q's loops begin with the local's (it was declared in the same or an enclosing body).
  const inScope = (l: Local, q: number): boolean => q > l.part && l.loops.every((lp, i) => parts[q]!.loops[i] === lp);
  const restoredIn = (l: Local, q: number): boolean => inScope(l, q) && (mentions.get(l.name)?.has(q) ?? false);
  // After part q, may a part r that restores l run? Later in the text, or again through a loop that does not declare it.
  const mayFollow = (l: Local, q: number, r: number): boolean => r > q || parts[q]!.loops.some((lp) => !l.loops.includes(lp) && parts[r]!.loops.includes(lp));
  const savedAfter = (l: Local, q: number): boolean => (q === l.part || restoredIn(l, q)) && parts.some((r) => restoredIn(l, r.index) && mayFollow(l, q, r.index));
  for (const l of locals) {
    if (!l.refused) continue;
    const r = parts.find((p) => restoredIn(l, p.index));
    if (r) {
      const b = boundaries.find((x) => x.next === r.index) ?? boundaries[0]!;
      return refuse(l.node, `${l.refused}: ${b.kind === 'sync' ? `the grid sync at line ${userLine(file, lineOf(file, b.start))}` : `the loop at line ${userLine(file, b.loop!.node.startPosition.row + 1)}`} ends its part`);
    }
  }
  const saved = locals.filter((l) => l.type !== null && parts.some((p) => restoredIn(l, p.index)));
  const handles = locals.filter((l) => l.handle !== null);
  const sharedSaved = locals.filter((l) => l.shared !== null && parts.some((p) => restoredIn(l, p.index)));
  const frame = saved.length > 0 ? `${name}_frame` : null;
  const blockFrame = sharedSaved.length > 0 ? `${name}_shared` : null;
  const gb = 'const unsigned int cu2m_gb = (blockIdx.z * gridDim.y + blockIdx.y) * gridDim.x + blockIdx.x;';
  const lt = 'const unsigned int cu2m_lt = (threadIdx.z * blockDim.y + threadIdx.y) * blockDim.x + threadIdx.x;';
  const copy = (l: Local, toBlock: boolean): string =>
    l.shared!.length === null
      ? `if (cu2m_lt == 0) ${toBlock ? `cu2m_shared[cu2m_gb].${l.name} = ${l.name};` : `${l.name} = cu2m_shared[cu2m_gb].${l.name};`}`
      : `for (unsigned int cu2m_i = cu2m_lt; cu2m_i < (${l.shared!.length}); cu2m_i += blockDim.x * blockDim.y * blockDim.z) ${toBlock ? `cu2m_shared[cu2m_gb].${l.name}[cu2m_i] = ${l.name}[cu2m_i];` : `${l.name}[cu2m_i] = cu2m_shared[cu2m_gb].${l.name}[cu2m_i];`}`;
  // The grid-linear index of this thread: its frame.
  const gt =
    'const unsigned int cu2m_gt = ((blockIdx.z * gridDim.y + blockIdx.y) * gridDim.x + blockIdx.x) * (blockDim.x * blockDim.y * blockDim.z) + (threadIdx.z * blockDim.y + threadIdx.y) * blockDim.x + threadIdx.x;';
  const isTest = (q: number): boolean => boundaries.some((b) => b.kind === 'test-start' && b.next === q);
  const paramsOf = (q: number): string => {
    const extra = [...(frame ? [`${frame}* cu2m_frame`] : []), ...(blockFrame ? [`${blockFrame}* cu2m_shared`] : []), ...parts[q]!.loops.flatMap((lp) => lp.vars.map((v) => `${v.type} ${v.name}`)), ...(isTest(q) ? ['int* cu2m_test'] : [])];
    if (extra.length === 0) return paramList.text;
    return params.length > 0 ? paramList.text.replace(/\)\s*$/, `, ${extra.join(', ')})`) : `(${extra.join(', ')})`;
  };
  const sharedSaves = (q: number): Local[] => sharedSaved.filter((l) => savedAfter(l, q));
  const saves = (q: number): string[] => {
    const blockSaves = sharedSaves(q);
    return [
      ...saved.filter((l) => savedAfter(l, q)).map((l) => `cu2m_frame[cu2m_gt].${l.name} = ${l.name};`),
      // Shared arrays: once every thread of the block has written them.
      ...(blockSaves.length > 0 ? ['__syncthreads();', ...blockSaves.map((l) => copy(l, true))] : []),
    ];
  };
  const prologue = (q: number): string[] => {
    const restore = saved.filter((l) => restoredIn(l, q));
    const needsGt = restore.length > 0 || saved.some((l) => savedAfter(l, q));
    const blockRestore = sharedSaved.filter((l) => restoredIn(l, q));
    const needsBlock = blockRestore.length > 0 || sharedSaves(q).length > 0;
    return [
      ...handles.filter((l) => restoredIn(l, q)).map((l) => l.handle!),
      ...blockRestore.map((l) => l.shared!.decl),
      ...(needsGt ? [gt] : []),
      ...(needsBlock ? [gb, lt] : []),
      ...restore.map((l) => `${l.type} ${l.name} = cu2m_frame[cu2m_gt].${l.name};`),
      ...(blockRestore.length > 0 ? [...blockRestore.map((l) => copy(l, false)), '__syncthreads();'] : []),
    ];
  };
  const whole = fn.parent?.type === 'linkage_specification' ? fn.parent : fn;
  const externC = whole.id !== fn.id;
  // The frame struct before the kernel (same line), the first part's name, parameters and prologue.
  if (frame) edits.insert(whole.startIndex, `struct ${frame} { ${saved.map((l) => `${l.type} ${l.name};`).join(' ')} }; /* ${name}: values live across its grid syncs, one per thread */ `);
  if (blockFrame) edits.insert(whole.startIndex, `struct ${blockFrame} { ${sharedSaved.map((l) => l.shared!.field).join(' ')} }; /* ${name}: __shared__ arrays live across its grid syncs, one per block */ `);
  edits.replace(nameNode.startIndex, nameNode.endIndex, `${name}_part0`);
  edits.replace(paramList.startIndex, paramList.endIndex, paramsOf(0).replace(/\n/g, ' '));
  const first = prologue(0);
  if (first.length > 0) edits.insert(body.child(0)!.endIndex, ` ${first.join(' ')}`);
  // The header of a later part: the kernel's, renamed, with the frame and loop variables (one line).
  const head = collapse(fn.tree.rootNode.text.slice(fn.startIndex, nameNode.startIndex));
  const between = collapse(fn.tree.rootNode.text.slice(nameNode.endIndex, paramList.startIndex));
  const after = collapse(fn.tree.rootNode.text.slice(paramList.endIndex, body.startIndex));
  for (const b of boundaries) {
    const q = b.next;
    const end = saves(q - 1);
    const header = b.loop ? b.loop.header.replace(/\*\//g, '* /') : '';
    const why =
      b.kind === 'sync' ? 'grid-wide sync'
      : b.kind === 'loop-start' ? `for ${header} runs on the host`
      : b.kind === 'test-start' ? `${b.loop!.branch ? 'if' : 'while'} (${header}) runs on the host: ${name}_part${q} tests its condition on the device`
      : b.kind === 'test-end' ? (b.loop!.branch ? `the then-branch of if (${header})` : `the body of while (${header})`)
      : b.kind === 'else-start' ? `the else-branch of if (${header})`
      : b.loop!.branch ? `end of the host's if (${header})`
      : b.loop!.test !== undefined ? `end of the host's while (${header})`
      : `end of the host's for ${header}`;
    const pro = prologue(q);
    // The test part: every thread's verdict, or-ed into cu2m_test (1: true, 2: false; 3: they differ).
    const testOpen = b.kind === 'test-start' ? ' atomicOr(cu2m_test, (' : '';
    const testClose = b.kind === 'test-end' ? ') ? 1 : 2); ' : '';
    edits.replace(b.start, b.end, `${testClose}${end.length > 0 ? `${end.join(' ')} ` : ''}} /* ${why}: ${name} continues in ${name}_part${q} */ ${externC ? 'extern "C" ' : ''}${head}${name}_part${q}${between}${collapse(paramsOf(q))}${after}{${pro.length > 0 ? ` ${pro.join(' ')}` : ''}${testOpen}`);
  }
  // The host's side: the parts in order, the loops around them (cu2m/graph_api.h, cu2mGridPart).
  // A part with no statements of its own (a sync just before a loop) is not launched.
  const inBoundary = (n: SyntaxNode): boolean => boundaries.some((b) => n.startIndex >= b.start && n.endIndex <= b.end);
  const busy = new Set<number>();
  for (const n of body.descendantsOfType(['identifier', 'number_literal', 'string_literal', 'char_literal', 'true', 'false'])) if (!inBoundary(n)) busy.add(partAt(n));
  const driver: string[] = [];
  const call = (q: number, indent: string): void => {
    if (!busy.has(q)) return;
    const vars = parts[q]!.loops.flatMap((lp) => lp.vars.map((v) => v.name));
    driver.push(vars.length > 0 ? `${indent}{ void* cu2m_vars[] = {${vars.map((v) => `(void*)&${v}`).join(', ')}}; cu2mGridPart(cu2m_run, ${q}u, cu2m_vars, ${vars.length}u); }` : `${indent}cu2mGridPart(cu2m_run, ${q}u, nullptr, 0u);`);
  };
  call(0, '  ');
  let depth = 1;
  for (const b of boundaries) {
    if (b.kind === 'loop-start') driver.push(`${'  '.repeat(depth++)}for ${b.loop!.header} {`);
    if (b.kind === 'loop-end') driver.push(`${'  '.repeat(--depth)}}`);
    if (b.kind === 'else-start') driver.push(`${'  '.repeat(depth - 1)}} else {`);
    if (b.kind === 'test-start') {
      const vars = parts[b.next]!.loops.flatMap((lp) => lp.vars.map((v) => v.name));
      const kw = b.loop!.branch ? 'if' : 'while';
      driver.push(vars.length > 0
        ? `${'  '.repeat(depth)}${kw} ([&] { void* cu2m_vars[] = {${vars.map((v) => `(void*)&${v}`).join(', ')}}; return cu2mGridTest(cu2m_run, ${b.next}u, cu2m_vars, ${vars.length}u); }()) {`
        : `${'  '.repeat(depth)}${kw} (cu2mGridTest(cu2m_run, ${b.next}u, nullptr, 0u)) {`);
      depth++;
      continue;
    }
    call(b.next, '  '.repeat(depth));
  }
  const inOrder = !boundaries.some((b) => b.loop) && parts.every((p) => busy.has(p.index));
  return { name, line: fn.startPosition.row + 1, parts: parts.length, frame, blockFrame, params: collapse(paramList.text), paramNames, externC, driver: inOrder ? null : driver };
}

/** Is `name` a `__device__` or `__constant__` variable of the file (device memory: not the host's)? */
function deviceSymbol(text: string, name: string): boolean {
  return new RegExp(`(__device__|__constant__)[^;(){}]*\\b${name}\\b\\s*(\\[|=|;)`).test(text);
}

/** The user's line of line `line` of the parsed text (headers inlined before it shift the lines). */
function userLine(file: SourceFile, line: number): number {
  return file.lineMap ? file.lineMap.map(line).line : line;
}

function lineOf(file: SourceFile, at: number): number {
  let line = 1;
  for (let i = file.text.indexOf('\n'); i >= 0 && i < at; i = file.text.indexOf('\n', i + 1)) line++;
  return line;
}

/** Inside a loop or switch nested in `stop` (where a break or continue stays)? */
function insideInner(n: SyntaxNode, stop: SyntaxNode): boolean {
  for (let p = n.parent; p && p.id !== stop.id; p = p.parent) if (LOOP_TYPES.has(p.type) || p.type === 'switch_statement' || p.type === 'lambda_expression') return true;
  return false;
}


function nameOf(fn: SyntaxNode): string {
  return declaratorShape(fn.childForFieldName('declarator')).name?.text ?? 'the kernel';
}

function insideLambda(n: SyntaxNode, stop: SyntaxNode): boolean {
  for (let p = n.parent; p && p.id !== stop.id; p = p.parent) if (p.type === 'lambda_expression') return true;
  return false;
}

const GROUP_QUERY = /^(thread_rank|block_rank|size|num_threads|num_blocks|is_valid|meta_group_rank|meta_group_size|group_index|thread_index|dim_blocks|group_dim|block_index)$/;

/** `g.thread_rank()` and the like: a query of a cooperative-groups handle, which only reads the built-ins. */
function groupQuery(e: SyntaxNode): boolean {
  if (e.type !== 'call_expression' || (e.childForFieldName('arguments')?.namedChildCount ?? 0) > 0) return false;
  const f = e.childForFieldName('function');
  return f?.type === 'field_expression' && GROUP_QUERY.test(f.childForFieldName('field')?.text ?? '');
}

/** An argument the inlined helper may name in place of its parameter: no call (but this_grid() and the like), assignment or increment. */
function simpleArgument(a: SyntaxNode): boolean {
  if (a.descendantsOfType(['assignment_expression', 'update_expression', 'comma_expression', 'lambda_expression']).length > 0) return false;
  return a.descendantsOfType('call_expression').every((c) => HANDLE_INIT.test(c.text) && (c.childForFieldName('arguments')?.namedChildCount ?? 0) === 0);
}

/**
 * Grid syncs in `__device__` helpers (issue 6): a statement `helper(args);` in a kernel, calling a
 * `void` `__device__` function of the file whose body synchronises the grid, becomes the helper's
 * body, so that its syncs are the kernel's and the split sees them: on the call's line (the
 * helper's lines, comments left out, on one line), its parameters and locals renamed
 * `helper_name` (`helper2_name` for a second call in the same kernel), a parameter the helper never
 * assigns replaced by its argument where that only reads (`grid`, `p + n`, `cg::this_grid()`),
 * otherwise declared from it. Helpers that call such helpers are inlined in turn (up to 4 deep). A
 * helper every call of which was inlined is blanked out (lines kept). Helpers it cannot inline
 * (a template, a value returned, a return before its end, preprocessor lines in the body, a call
 * in an expression) are left as written: the translation reports their syncs (C2M1002). The new
 * text, or null when no kernel calls such a helper.
 */
export function inlineGridSyncHelpers(file: SourceFile, reparse: (text: string) => SourceFile): string | null {
  let changed: string | null = null;
  for (let round = 0; round < 4; ++round) {
    const text = file.text;
    if (!/\bsync\b/.test(text) || !/\b(this_grid|grid_group)\b/.test(text)) break;
    const fns = file.tree.rootNode.descendantsOfType('function_definition');
    const helpers = new Map<string, SyntaxNode>();
    for (const fn of fns) {
      const role = functionRole(fn);
      if (role !== 'device' && role !== 'hostdevice') continue;
      if (fn.parent?.type === 'template_declaration') continue;
      const body = fn.childForFieldName('body');
      const name = declaratorShape(fn.childForFieldName('declarator')).name;
      if (!body || !name || name.type !== 'identifier') continue;
      if (!body.descendantsOfType('call_expression').some((c) => isGridSync(c, fn))) continue;
      if (fn.childForFieldName('type')?.text !== 'void') continue;
      const stmts = body.namedChildren.filter((c) => c.type !== 'comment');
      const returns = body.descendantsOfType('return_statement').filter((r) => !insideLambda(r, body));
      if (returns.some((r) => r.id !== stmts[stmts.length - 1]?.id || r.namedChildCount > 0)) continue;
      if (/^\s*#/m.test(body.text)) continue;
      if (helpers.has(name.text)) { helpers.delete(name.text); continue; } // (overloads: left alone)
      helpers.set(name.text, fn);
    }
    if (helpers.size === 0) break;
    const edits = new EditSet(text);
    const inlinedCalls = new Map<string, number>();
    for (const fn of fns) {
      // Into kernels, and into helpers (which are then inlined in the next round).
      const role = functionRole(fn);
      if (role !== 'kernel' && role !== 'device' && role !== 'hostdevice') continue;
      if (role !== 'kernel' && (fn.parent?.type === 'template_declaration' || helpers.has(declaratorShape(fn.childForFieldName('declarator')).name?.text ?? ''))) continue;
      const kbody = fn.childForFieldName('body');
      if (!kbody) continue;
      const calls = kbody.descendantsOfType('call_expression').filter((c) => {
        const f = c.childForFieldName('function');
        return f?.type === 'identifier' && helpers.has(f.text) && c.parent?.type === 'expression_statement' && !insideLambda(c, kbody);
      });
      const perHelper = new Map<string, number>();
      for (const c of calls) perHelper.set(c.childForFieldName('function')!.text, (perHelper.get(c.childForFieldName('function')!.text) ?? 0) + 1);
      const seen = new Map<string, number>();
      for (const c of calls) {
        const hname = c.childForFieldName('function')!.text;
        const helper = helpers.get(hname)!;
        const k = (seen.get(hname) ?? 0) + 1;
        seen.set(hname, k);
        const inlined = inlineCall(helper, hname, perHelper.get(hname)! > 1 ? `${hname}${k}` : hname, c);
        if (inlined === null) continue;
        const stmt = c.parent!;
        edits.replace(stmt.startIndex, stmt.endIndex, inlined);
        inlinedCalls.set(hname, (inlinedCalls.get(hname) ?? 0) + 1);
      }
    }
    if (inlinedCalls.size === 0) break;
    // A helper no longer named anywhere but in its own definition: blanked (its sync would be reported otherwise).
    for (const [hname, n] of inlinedCalls) {
      const helper = helpers.get(hname)!;
      const uses = file.tree.rootNode.descendantsOfType('identifier').filter((id) => id.text === hname && !(id.startIndex >= helper.startIndex && id.endIndex <= helper.endIndex)).length;
      if (uses > n) continue;
      const decls = file.tree.rootNode.descendantsOfType('declaration').filter((d) => d.parent?.type === 'translation_unit' && new RegExp(`\\b${hname}\\s*\\(`).test(d.text));
      if (decls.length > 0) continue; // (a prototype names it)
      edits.replace(helper.startIndex, helper.endIndex, text.slice(helper.startIndex, helper.endIndex).replace(/[^\n]/g, ' '));
    }
    changed = edits.apply(0, text.length);
    file = reparse(changed);
  }
  return changed;
}

/** The body of `helper` for the call `call` (one line), its names prefixed with `prefix_`; null when an argument cannot stand for its parameter. */
function inlineCall(helper: SyntaxNode, hname: string, prefix: string, call: SyntaxNode): string | null {
  const body = helper.childForFieldName('body')!;
  const declarator = helper.childForFieldName('declarator');
  const paramList = declaratorShape(declarator).functionDeclarator?.childForFieldName('parameters') ?? null;
  if (!paramList) return null;
  const params = paramList.namedChildren.filter((p) => p.type === 'parameter_declaration');
  const args = call.childForFieldName('arguments')?.namedChildren.filter((a) => a.type !== 'comment') ?? [];
  if (params.length !== args.length) return null; // (default arguments: left alone)
  const rename = new Map<string, string>();
  const pre: string[] = [];
  const assignedIn = (v: string): boolean =>
    body.descendantsOfType(['assignment_expression', 'update_expression', 'pointer_expression']).some((a) =>
      a.type === 'pointer_expression' ? a.child(0)?.text === '&' && a.childForFieldName('argument')?.text === v
      : (a.type === 'assignment_expression' ? a.childForFieldName('left') : a.childForFieldName('argument'))?.text === v);
  for (let i = 0; i < params.length; ++i) {
    const p = params[i]!;
    const shape = declaratorShape(p.childForFieldName('declarator'));
    if (!shape.name) continue;
    const a = args[i]!;
    if (!assignedIn(shape.name.text) && simpleArgument(a)) {
      rename.set(shape.name.text, a.type === 'identifier' || a.type === 'number_literal' || a.type === 'call_expression' || a.type === 'field_expression' ? collapse(a.text) : `(${collapse(a.text)})`);
      continue;
    }
    if (shape.arrayDims.length > 0) return null;
    const local = `${prefix}_${shape.name.text}`;
    rename.set(shape.name.text, local);
    const t = p.text;
    const at = shape.name.startIndex - p.startIndex;
    pre.push(`${collapse(t.slice(0, at))}${local}${collapse(t.slice(at + shape.name.text.length))} = ${collapse(a.text)};`);
  }
  // The helper's own locals (any depth): renamed.
  for (const d of body.descendantsOfType('declaration')) {
    for (const x of d.childrenForFieldName('declarator')) {
      const n = declaratorShape(x).name;
      if (n && n.type === 'identifier' && !rename.has(n.text)) rename.set(n.text, `${prefix}_${n.text}`);
    }
  }
  const stmts = body.namedChildren.filter((c) => c.type !== 'comment');
  const lastStmt = stmts[stmts.length - 1];
  const from = body.child(0)!.endIndex;
  const to = lastStmt?.type === 'return_statement' ? lastStmt.startIndex : body.child(body.childCount - 1)!.startIndex;
  const src = helper.tree.rootNode.text;
  let out = '';
  let at = from;
  for (const id of body.descendantsOfType('identifier')) {
    if (id.startIndex < from || id.endIndex > to) continue;
    const r = rename.get(id.text);
    if (r === undefined) continue;
    // (A name after `.`/`->`/`::` is a member, not the local.)
    const before = src.slice(Math.max(from, id.startIndex - 2), id.startIndex);
    if (/(\.|->|::)\s*$/.test(before)) continue;
    out += src.slice(at, id.startIndex) + r;
    at = id.endIndex;
  }
  out += src.slice(at, to);
  return `/* ${hname}(...) inlined: it synchronises the grid */ ${[...pre, collapse(out).trim()].filter(Boolean).join(' ')}`;
}

/**
 * A `for` loop around grid syncs whose header the host cannot evaluate (its bound read from memory:
 * `for (int k = 0; k < *iters; ++k)`) becomes the `while` loop it means, whose condition a part
 * tests on the device: `int k = 0; while (k < *iters) { ...; ++k; }`, on the same lines. The
 * variable is renamed `k_<line>` where a declaration of its block (or an earlier such loop) has its name. Left as
 * written (the split refuses it, saying why) where the loop has a `continue` (it would skip the
 * step), no braces, or an initialiser that declares more than one variable. The new text, or null.
 */
export function whileForGridSyncLoops(file: SourceFile): string | null {
  const text = file.text;
  if (!/\bthis_grid\b/.test(text) || !/\bsync\b/.test(text) || !/\bfor\b/.test(text)) return null;
  const edits = new EditSet(text);
  let any = false;
  for (const fn of file.tree.rootNode.descendantsOfType('function_definition')) {
    if (functionRole(fn) !== 'kernel' || fn.parent?.type === 'template_declaration') continue;
    const body = fn.childForFieldName('body');
    if (!body) continue;
    const syncs = body.descendantsOfType('call_expression').filter((c) => isGridSync(c, fn));
    if (syncs.length === 0) continue;
    const declarator = fn.childForFieldName('declarator');
    const paramList = declarator?.type === 'function_declarator' ? declarator.childForFieldName('parameters') : null;
    const params = paramList?.namedChildren.filter((p) => p.type === 'parameter_declaration') ?? [];
    const paramNames = params.map((p) => declaratorShape(p.childForFieldName('declarator')).name?.text ?? '');
    const scalarParams = new Set(params.filter((p) => {
      const shape = declaratorShape(p.childForFieldName('declarator'));
      return shape.pointerDepth === 0 && shape.arrayDims.length === 0 && !shape.reference;
    }).map((p) => declaratorShape(p.childForFieldName('declarator')).name?.text ?? ''));
    const declaredInKernel = new Set(body.descendantsOfType('declaration').flatMap((d) => d.childrenForFieldName('declarator').map((x) => declaratorShape(x).name?.text ?? '')));
    const assigned = (v: string): boolean =>
      body.descendantsOfType(['assignment_expression', 'update_expression']).some((a) => (a.type === 'assignment_expression' ? a.childForFieldName('left') : a.childForFieldName('argument'))?.text === v);
    for (const s of body.descendantsOfType('for_statement')) {
      if (!syncs.some((c) => c.startIndex >= s.startIndex && c.endIndex <= s.endIndex)) continue;
      const loopBody = s.childForFieldName('body');
      const init = s.childForFieldName('initializer');
      const cond = s.childForFieldName('condition');
      const step = s.childForFieldName('update');
      if (!loopBody || loopBody.type !== 'compound_statement' || !cond) continue;
      if (s.parent?.type !== 'compound_statement') continue;
      const vars = init?.type === 'declaration' ? init.childrenForFieldName('declarator').map((d) => declaratorShape(d).name?.text ?? '') : [];
      if (vars.length > 1 || vars.some((v) => !v)) continue;
      // Host-evaluable (the split's own rule, with the variables of the for loops around it): left to the split.
      const outer = new Set<string>();
      for (let p: SyntaxNode | null = s.parent; p && p.id !== body.id; p = p.parent) {
        const i = p.type === 'for_statement' ? p.childForFieldName('initializer') : null;
        if (i?.type === 'declaration') for (const d of i.childrenForFieldName('declarator')) outer.add(declaratorShape(d).name?.text ?? '');
      }
      const allowed = new Set([...vars, ...outer, ...scalarParams, 'gridDim', 'blockDim']);
      const uniform = [init, cond, step].filter((n): n is SyntaxNode => !!n).every((h) =>
        h.descendantsOfType('identifier').every((id) => {
          const v = id.text;
          const ok = allowed.has(v) || (!declaredInKernel.has(v) && !paramNames.includes(v) && !deviceSymbol(text, v));
          return ok && !(paramNames.includes(v) && assigned(v));
        }) && h.descendantsOfType('pointer_expression').length === 0 && h.descendantsOfType('subscript_expression').length === 0);
      if (uniform) continue;
      if (loopBody.descendantsOfType('continue_statement').some((j) => !insideInner(j, loopBody))) continue;
      // The variable's name, unless another declaration of the enclosing block has it.
      const v = vars[0];
      const clash = !!v && s.parent.namedChildren.some((c) => c.id !== s.id && (
        (c.type === 'declaration' && c.childrenForFieldName('declarator').some((d) => declaratorShape(d).name?.text === v)) ||
        // (an earlier for loop around syncs of the same variable: it became a declaration too)
        (c.type === 'for_statement' && c.startIndex < s.startIndex && syncs.some((y) => y.startIndex >= c.startIndex && y.endIndex <= c.endIndex) &&
          c.childForFieldName('initializer')?.type === 'declaration' && c.childForFieldName('initializer')!.childrenForFieldName('declarator').some((d) => declaratorShape(d).name?.text === v))));
      const renamed = clash && v ? `${v}_${userLine(file, s.startPosition.row + 1)}` : v;
      const withName = (n: SyntaxNode | null): string => {
        if (!n) return '';
        if (!clash || !v) return collapse(n.text);
        let out = '';
        let at = n.startIndex;
        for (const id of n.descendantsOfType('identifier')) {
          if (id.text !== v) continue;
          out += text.slice(at, id.startIndex) + renamed;
          at = id.endIndex;
        }
        return collapse(out + text.slice(at, n.endIndex));
      };
      const initText = init ? (init.type === 'declaration' ? withName(init).replace(/;?\s*$/, ';') : `${withName(init).replace(/;?\s*$/, '')};`) : '';
      edits.replace(s.startIndex, loopBody.child(0)!.endIndex, `${initText ? `${initText} ` : ''}while (${withName(cond)}) {`);
      if (clash && v) {
        for (const id of loopBody.descendantsOfType('identifier')) if (id.text === v) edits.replace(id.startIndex, id.endIndex, renamed!);
      }
      const close = loopBody.child(loopBody.childCount - 1)!;
      if (step) edits.insert(close.startIndex, `${withName(step)}; `);
      any = true;
    }
  }
  return any ? edits.apply(0, text.length) : null;
}

// Cooperative groups in device code (tables/cooperativeGroups.ts): the supported names get the
// cu2metal `cg` prelude, the others a diagnostic at their line; the group constructors receive the
// built-ins they are made from (`cg::this_thread_block()` → `cg::this_thread_block(threadIdx,
// blockIdx, blockDim)`); grid-wide synchronisation left after the kernel split (src/translate/gridSync.ts) is refused where it is written (docs/DESIGN.md).
import type { SyntaxNode } from '../parse/parse';
import type { PassContext } from './passContext';
import { declaratorShape } from './syntax';
import { CG_BLOCK_BUILTINS, CG_BY_NAME, CG_COALESCED_BUILTINS, CG_EXTRA_PRELUDES, CG_GRID_BUILTINS, CG_NAMESPACE, CG_PRELUDE } from './tables/cooperativeGroups';

/** `cg::this_thread_block()` → `cg::this_thread_block(threadIdx, blockIdx, blockDim)`; `cg::sync(cta)` as written. */
export function visitCooperativeGroupsCall(ctx: PassContext, f: SyntaxNode, name: string, args: SyntaxNode | null, spaceOf?: (e: SyntaxNode) => string | undefined): void {
  if (!cooperativeGroupsName(ctx, f, name)) return;
  const argList = args?.namedChildren.filter((a) => a.type !== 'comment') ?? [];
  if ((name === 'inclusive_scan' || name === 'exclusive_scan') && argList[0] && isWholeBlockGroup(argList[0], ctx.fn.node)) {
    ctx.error('C2M1002', `cooperative_groups::${name} over a thread_block or thread_group: CUDA scans only a thread_block_tile or a coalesced_group (its header rejects the call too); scan a tiled_partition<N>(block) instead`, f);
    return;
  }
  if (name === 'memcpy_async') {
    if (argList.length !== 4) {
      ctx.error('C2M1002', `cooperative_groups::memcpy_async with ${argList.length} arguments: only memcpy_async(group, dst, src, bytes) is translated, bytes a count or a cuda::aligned_size_t (the element-count and layout forms are not)`, f);
      return;
    }
    for (const [i, a] of [argList[1]!, argList[2]!].entries()) {
      const space = spaceOf?.(a);
      if (!space) {
        ctx.error('C2M1005', `cannot tell which memory argument '${a.text}' of 'memcpy_async' points into`, a);
        return;
      }
      ctx.edits.insert(a.startIndex, `(${i === 1 ? 'const ' : ''}${space} uchar*)(`);
      ctx.edits.insert(a.endIndex, ')');
    }
  }
  // this_thread_block(tileMemory): the block_tile_memory follows the built-ins.
  if (name === 'this_thread_block' && args) ctx.edits.replace(args.startIndex, args.endIndex, `(${[...CG_BLOCK_BUILTINS, ...args.namedChildren.filter((a) => a.type !== 'comment').map((a) => ctx.edits.apply(a.startIndex, a.endIndex))].join(', ')})`);
  if (name === 'coalesced_threads' && args) ctx.edits.replace(args.startIndex, args.endIndex, `(${CG_COALESCED_BUILTINS.join(', ')})`);
  if (name === 'this_grid' && args) ctx.edits.replace(args.startIndex, args.endIndex, `(${CG_GRID_BUILTINS.join(', ')})`);
  if (name === 'sync' && args?.namedChildren[0] && isGridGroup(args.namedChildren[0], ctx.fn.node)) gridSyncError(ctx, f);
}

/** grid.sync() that the split (src/translate/gridSync.ts) left: refused where it is written. */
export function gridSyncError(ctx: PassContext, n: SyntaxNode): void {
  const body = ctx.fn.node.childForFieldName('body');
  const call = n.parent?.type === 'call_expression' ? n.parent : n;
  const topLevel = ctx.fn.role === 'kernel' && call.parent?.type === 'expression_statement' && call.parent.parent?.id === body?.id;
  const where = ctx.fn.role !== 'kernel' ? 'not in a __device__ function called inside an expression (a void helper called as a statement is inlined: write the call as a statement of the kernel); move the sync out to the kernel\'s top level' : topLevel ? 'this kernel is not split because another of its grid syncs is inside a loop or a branch (reported there)' : 'not inside a switch, a nested block or a do loop; move the sync out to the kernel\'s top level';
  ctx.error('C2M1002', `grid-wide synchronisation (grid_group::sync) is not translated here: Metal has no grid-wide barrier, so cu2metal splits a kernel at a grid sync written as a statement at the top level of the kernel's body (src/translate/gridSync.ts), ${where}`, n);
}

/** Registers the cooperative-groups prelude for a supported name; diagnoses the others. */
export function cooperativeGroupsName(ctx: PassContext, n: SyntaxNode, name: string): boolean {
  const row = CG_BY_NAME.get(name);
  if (!row || row.support === 'unsupported') {
    ctx.error('C2M1002', `cooperative_groups::${name} is not translated yet${row ? `: ${row.note}` : ''}`, n);
    return false;
  }
  ctx.program.polyfills.set(CG_NAMESPACE, CG_PRELUDE);
  const extra = CG_EXTRA_PRELUDES.get(name); // scans and copies: a part of their own, after the prelude
  if (extra) ctx.program.polyfills.set(extra[0], extra[1]);
  return true;
}

/**
 * Is `e` a grid group: `this_grid()` itself, or a variable declared in the function as a grid_group
 * (`cg::grid_group g = ...`) or initialised from this_grid() (`auto g = cg::this_grid()`)?
 */
export function isGridGroup(e: SyntaxNode, body: SyntaxNode): boolean {
  if (e.type === 'call_expression') return /\bthis_grid\s*$/.test(e.childForFieldName('function')?.text ?? '');
  if (e.type !== 'identifier') return false;
  for (const d of body.descendantsOfType(['declaration', 'parameter_declaration'])) {
    const grid = /\bgrid_group\b/.test(d.childForFieldName('type')?.text ?? '');
    for (const decl of d.childrenForFieldName('declarator')) {
      const s = declaratorShape(decl);
      if (s.name?.text === e.text && (grid || /\bthis_grid\s*\(/.test(s.init?.text ?? ''))) return true;
    }
  }
  return false;
}

/**
 * Is `e` a whole-block group: `this_thread_block()` itself, or a variable declared as a
 * thread_block or thread_group, or initialised from this_thread_block()?
 */
export function isWholeBlockGroup(e: SyntaxNode, body: SyntaxNode): boolean {
  if (e.type === 'call_expression') return /\bthis_thread_block\s*$/.test(e.childForFieldName('function')?.text ?? '');
  if (e.type !== 'identifier') return false;
  for (const d of body.descendantsOfType(['declaration', 'parameter_declaration'])) {
    const block = /\bthread_(block|group)\b/.test(d.childForFieldName('type')?.text ?? '');
    for (const decl of d.childrenForFieldName('declarator')) {
      const s = declaratorShape(decl);
      if (s.name?.text === e.text && (block || /\bthis_thread_block\s*\(/.test(s.init?.text ?? ''))) return true;
    }
  }
  return false;
}

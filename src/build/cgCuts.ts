// Cooperative-groups handles in work-item loops (issue 8; src/build/workItemLoops.ts and
// src/build/inlineHelpers.ts use these). A kernel's handles are the names it declares once from
// `this_thread_block(...)` (the block) and from `tiled_partition<N>(block)` (a tile of N threads)
// and never assigns. What the transforms make of them:
// - a handle passed by value to a helper that is inlined becomes the kernel's handle (the helper's
//   parameter is the same value); a `thread_group` parameter only where the helper uses nothing of
//   it but sync(), thread_rank(), size() and num_threads() (what a thread_group has), or passes it on;
// - `b.sync()`, `cg::sync(b)`, `t.sync()`, `cg::sync(t)` as statements at a level are cuts (a tile's
//   sync orders fewer threads than a block's, but a thread loop boundary orders them all: on fibers
//   every thread of the block also reaches it in one round);
// - the sizes (`size()`, `num_threads()`, a tile's `meta_group_size()`) are block-uniform, so loops
//   over them may contain barriers (the programming guide's `reduce_sum(thread_group g, ...)`).
import type { SyntaxNode } from '../parse/parse';
import { declaredName, descendants } from './workItemLoops';

/** A handle's kind: the block, or a tile with its size as written. */
export type GroupHandle = { readonly kind: 'block' } | { readonly kind: 'tile'; readonly n: string };

const NS = '(?:(?:cg|cooperative_groups)::)?';
const BLOCK_INIT = new RegExp(`^${NS}this_thread_block\\s*\\(`);
const TILE_INIT = new RegExp(`^${NS}tiled_partition\\s*<\\s*(\\w+)\\s*>\\s*\\(\\s*(\\w+)\\s*\\)$`);

/** The handles a kernel body declares once (`counts`: declarations per name) and never assigns. */
export function groupHandles(body: SyntaxNode, counts: ReadonlyMap<string, number>): Map<string, GroupHandle> {
  const out = new Map<string, GroupHandle>();
  const assigned = new Set<string>();
  const decls: { name: string; init: string }[] = [];
  descendants(body, (d) => {
    if (d.type === 'assignment_expression' && d.childForFieldName('left')?.type === 'identifier') assigned.add(d.childForFieldName('left')!.text);
    if (d.type !== 'init_declarator' || d.child(1)?.type !== '=') return;
    const id = declaredName(d);
    const v = d.childForFieldName('value');
    if (id && v && d.childForFieldName('declarator')?.type === 'identifier') decls.push({ name: id.text, init: v.text.trim() });
  });
  // In order of declaration: a tile is made from a block handle declared before it.
  for (const { name, init } of decls) {
    if (counts.get(name) !== 1 || assigned.has(name)) continue;
    if (BLOCK_INIT.test(init)) out.set(name, { kind: 'block' });
    const t = TILE_INIT.exec(init);
    if (t && out.get(t[2]!)?.kind === 'block') out.set(name, { kind: 'tile', n: t[1]! });
  }
  return out;
}

/** A group parameter's type as written, without namespace, `const` and spaces (`thread_block_tile<32>`). */
const groupType = (p: SyntaxNode, code: string): string => {
  const d = p.childForFieldName('declarator');
  return code
    .slice(p.startIndex, d ? d.startIndex : p.endIndex)
    .replace(/\b(?:cg|cooperative_groups)::|\bconst\b|\s+/g, '');
};

/**
 * Whether the by-value parameter `p` (named `pname` in the helper body `hBody`) may be the kernel's
 * handle `h` itself: its type is the handle's, or `thread_group` used only for what every group has.
 */
export function bindsHandle(p: SyntaxNode, code: string, h: GroupHandle | undefined, hBody: SyntaxNode, pname: string): boolean {
  if (!h) return false;
  const type = groupType(p, code);
  if (h.kind === 'block' && type === 'thread_block') return true;
  if (h.kind === 'tile' && type === `thread_block_tile<${h.n}>`) return true;
  if (type !== 'thread_group') return false;
  const rest = hBody.text
    .replace(new RegExp(`\\b${pname}\\s*\\.\\s*(?:sync|thread_rank|size|num_threads)\\s*\\(\\s*\\)`, 'g'), '0')
    .replace(new RegExp(`\\b${NS}sync\\s*\\(\\s*${pname}\\s*\\)`, 'g'), '0')
    .replace(new RegExp(`([(,]\\s*)${pname}(\\s*[,)])`, 'g'), '$1 0 $2');
  return !new RegExp(`\\b${pname}\\b`).test(rest);
}

/** The methods of a handle whose value is the same for every thread of the block. */
export const UNIFORM_METHODS: Readonly<Record<GroupHandle['kind'], RegExp>> = {
  block: /^(?:size|num_threads|group_dim|dim_threads|group_index)$/,
  tile: /^(?:size|num_threads|meta_group_size)$/,
};

/** The methods of a handle that need nothing of the other threads (masked in the check of denied names). */
export const PLAIN_METHODS: Readonly<Record<GroupHandle['kind'], string>> = {
  block: 'sync|thread_rank|size|num_threads|group_index|thread_index|group_dim|dim_threads',
  tile: 'sync|thread_rank|size|num_threads|meta_group_rank|meta_group_size',
};

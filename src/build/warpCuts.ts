// Warp collectives in work-item loops (issue 8; src/build/workItemLoops.ts calls these hooks). A
// statement at a level of the transform (the kernel body, the body of a block-uniform loop) that
// calls warp collectives becomes a cut in three parts:
//   1. a loop over the block's threads that evaluates each call's arguments per thread into a
//      per-thread `::cu2m_wil::WarpLane` array (native/cpu/cuda/cu2m_cuda_warp_cuts.h);
//   2. once per block, the collective per 32-lane warp over that array (the same source lanes,
//      widths and out-of-range rules as the fibers' collectives in cu2m_cuda_device.h);
//   3. the statement per thread, the call replaced by the thread's result.
// A shuffle has no step 2: step 1 stores the values and source lanes as arrays and step 3 reads
// the source lane's value (`shuffle_get`).
// Every thread of the block reaches such a statement (the subset keeps control block-uniform), so a
// warp's active lanes are the ones that exist. `__syncwarp();` as a statement is a cut like a barrier.
// A call in a conditionally evaluated operand (`?:`, `&&`, `||`), nested in another collective's
// arguments, or in any other kind of statement (an `if`, a `return`) keeps fibers.
import type { SyntaxNode } from '../parse/parse';

/** The per-warp step and the argument shape of each supported collective. */
interface Collective {
  /** The function of cu2m_cuda_warp_cuts.h that computes the warp's results. */
  readonly step: string;
  /** shuffle: (mask, value, lane/delta/laneMask[, width]); pred: (mask, predicate); reduce: (mask, value). */
  readonly shape: 'shuffle' | 'pred' | 'reduce';
}

const COLLECTIVES: ReadonlyMap<string, Collective> = new Map([
  ['__shfl_sync', { step: 'shfl', shape: 'shuffle' }],
  ['__shfl_up_sync', { step: 'shfl_up', shape: 'shuffle' }],
  ['__shfl_down_sync', { step: 'shfl_down', shape: 'shuffle' }],
  ['__shfl_xor_sync', { step: 'shfl_xor', shape: 'shuffle' }],
  ['__ballot_sync', { step: 'ballot', shape: 'pred' }],
  ['__any_sync', { step: 'any', shape: 'pred' }],
  ['__all_sync', { step: 'all', shape: 'pred' }],
  ['__reduce_add_sync', { step: 'reduce_add', shape: 'reduce' }],
  ['__reduce_min_sync', { step: 'reduce_min', shape: 'reduce' }],
  ['__reduce_max_sync', { step: 'reduce_max', shape: 'reduce' }],
  ['__reduce_and_sync', { step: 'reduce_and', shape: 'reduce' }],
  ['__reduce_or_sync', { step: 'reduce_or', shape: 'reduce' }],
  ['__reduce_xor_sync', { step: 'reduce_xor', shape: 'reduce' }],
] as [string, Collective][]);

const NAMES = `(?:${[...COLLECTIVES.keys(), '__syncwarp'].join('|')})`;
const ANY_NAME = new RegExp(`\\b${NAMES}\\b`);

/** Whether text mentions a collective the warp cuts handle (or __syncwarp). */
export const mentionsWarpCut = (text: string): boolean => ANY_NAME.test(text);

/** The text with the handled collectives' names masked, for the check of denied names. */
export const maskWarpCuts = (text: string): string => text.replace(new RegExp(`\\b${NAMES}\\b`, 'g'), 'cu2m_warp_cut');

/** `__syncwarp();` / `__syncwarp(MASK)` (a mask of literals and names) as a statement: a cut (every lane of every warp reaches it). */
export const isSyncwarpStatement = (s: SyntaxNode): boolean => s.type === 'expression_statement' && /^__syncwarp\s*\([\w\s~|&^+-]*\)$/.test(s.namedChildren[0]?.text ?? '');

const calleeName = (c: SyntaxNode): string | null => {
  const f = c.childForFieldName('function');
  return f?.type === 'identifier' ? f.text : null;
};

/** The collectives a dialect's warp cuts handle: the argument counts of each, the names, the warp barrier. */
export interface WarpCallTable {
  /** The argument counts a collective takes, or undefined for a name that is not one. */
  readonly arity: (name: string) => readonly number[] | undefined;
  /** Any of the collectives' names or the warp barrier's. */
  readonly any: RegExp;
  /** The warp barrier (a cut when it is a statement). */
  readonly sync: string;
}

const CUDA_CALLS: WarpCallTable = {
  arity: (name) => {
    const c = COLLECTIVES.get(name);
    return c === undefined ? undefined : c.shape === 'shuffle' ? [3, 4] : [2];
  },
  any: ANY_NAME,
  sync: '__syncwarp',
};

// Cooperative-groups tiles (`cg::thread_block_tile<N> t = cg::tiled_partition<N>(b);`, the
// kernel's tiles: src/build/workItemLoops.ts) take part in the same cuts: `t.shfl(v, i)`,
// `t.shfl_up/down/xor(v, d)`, `t.ballot(p)`, `t.any(p)`, `t.all(p)` and `cg::reduce(t, v, op)`.
// Every thread reaches the statement, so every lane of every tile takes part (as on fibers).

/** The collective methods of a tile and the arguments each takes; `reduce` is `cg::reduce(t, v, op)` (the tile counted). */
const TILE_ARITY: ReadonlyMap<string, number> = new Map([
  ['shfl', 2],
  ['shfl_up', 2],
  ['shfl_down', 2],
  ['shfl_xor', 2],
  ['ballot', 1],
  ['any', 1],
  ['all', 1],
  ['reduce', 3],
]);
const TILE_METHODS = 'shfl|shfl_up|shfl_down|shfl_xor|ballot|any|all';
const REDUCE = /^(?:(?:cg|cooperative_groups)::)?reduce$/;

/** A tile collective: the tile's name, the operation (a method, or `reduce`) and the arguments without the tile. */
export interface TileCall {
  readonly tile: string;
  readonly op: string;
  readonly args: SyntaxNode[];
}

const argsOf = (call: SyntaxNode): SyntaxNode[] => call.childForFieldName('arguments')?.namedChildren.filter((a) => a.type !== 'comment') ?? [];

/** `t.shfl_down(v, d)` or `cg::reduce(t, v, op)` with t one of `tiles` (any name when tiles is undefined). */
export function tileCallOf(call: SyntaxNode, tiles?: ReadonlySet<string>): TileCall | null {
  if (call.type !== 'call_expression') return null;
  const f = call.childForFieldName('function');
  const args = argsOf(call);
  if (f?.type === 'field_expression' && f.child(1)?.type === '.') {
    const obj = f.childForFieldName('argument');
    const op = f.childForFieldName('field')?.text ?? '';
    if (obj?.type === 'identifier' && (!tiles || tiles.has(obj.text)) && op !== 'reduce' && TILE_ARITY.has(op)) return { tile: obj.text, op, args };
    return null;
  }
  if (f && REDUCE.test(f.text.replace(/\s+/g, '')) && args[0]?.type === 'identifier' && (!tiles || tiles.has(args[0].text))) return { tile: args[0].text, op: 'reduce', args: args.slice(1) };
  return null;
}

/** Whether text mentions a collective of one of the tiles. */
export function mentionsTileCollective(text: string, tiles: ReadonlySet<string>): boolean {
  if (tiles.size === 0) return false;
  const names = [...tiles].join('|');
  return new RegExp(`\\b(?:${names})\\s*\\.\\s*(?:${TILE_METHODS})\\s*\\(|\\breduce\\s*\\(\\s*(?:${names})\\s*,`).test(text);
}

/** The text with the tiles' collectives masked (`cg::reduce(t,` and `t.shfl(`), for the checks of denied names and of the tiles' other uses. */
export function maskTileCollectives(text: string, tiles: ReadonlySet<string>): string {
  if (tiles.size === 0) return text;
  const names = [...tiles].join('|');
  return text
    .replace(new RegExp(`\\b(?:${names})\\s*\\.\\s*(?:${TILE_METHODS})\\s*\\(`, 'g'), 'cu2m_warp_cut(')
    .replace(new RegExp(`(?:\\b(?:cg|cooperative_groups)\\s*::\\s*)?\\breduce\\s*\\(\\s*(?:${names})\\s*,`, 'g'), 'cu2m_warp_cut(')
    .replace(/\b(?:cg|cooperative_groups)\s*::\s*(?=(?:plus|less|greater|bit_and|bit_or|bit_xor)\s*<)/g, '');
}

/**
 * The collective calls of a statement at a level, checked: null with the reason when the statement
 * cannot be cut (then the kernel keeps fibers). `tiles`: the kernel's tiles, whose collectives are cut too.
 */
export function warpCallsOf(s: SyntaxNode, line: number, table: WarpCallTable = CUDA_CALLS, tiles: ReadonlySet<string> = new Set()): { calls: SyntaxNode[] } | { reason: string } {
  const anyName = table.any;
  const nested = (t: string): boolean => anyName.test(t) || mentionsTileCollective(t, tiles);
  const where = `the warp operation at line ${line}`;
  if (s.type !== 'expression_statement' && s.type !== 'declaration') return { reason: `${where} is not in a statement of the kernel's top level or of a block-uniform loop` };
  // Its arguments are evaluated before the rest of the statement: nothing in the statement may be
  // sequenced before them (a declarator before it, the left of a comma).
  if (s.type === 'declaration' && s.childrenForFieldName('declarator').length > 1) return { reason: `${where} is in a declaration of several variables` };
  const calls: SyntaxNode[] = [];
  let reason: string | null = null;
  const stack = [s];
  while (stack.length > 0 && reason === null) {
    const d = stack.pop()!;
    for (let i = d.childCount - 1; i >= 0; --i) stack.push(d.child(i)!);
    if (d.type === 'identifier' && anyName.test(d.text) && d.parent?.type !== 'call_expression') reason = `${where} is not a plain call`;
    if (d.type !== 'call_expression') continue;
    const tile = tileCallOf(d, tiles);
    const name = calleeName(d);
    const want = tile ? [TILE_ARITY.get(tile.op)!] : name === null ? undefined : table.arity(name);
    if (want === undefined) {
      if (name === table.sync || (name === null && anyName.test(d.childForFieldName('function')?.text ?? ''))) reason = `${where} is not a plain call of a value collective`;
      continue;
    }
    const args = d.childForFieldName('arguments')?.namedChildren.filter((a) => a.type !== 'comment') ?? [];
    if (!want.includes(args.length)) reason = `${where} has ${args.length} arguments`;
    for (const a of args) if (nested(a.text)) reason = `${where} has a warp operation in its arguments`;
    for (let p = d.parent; p && p.id !== s.id && reason === null; p = p.parent) {
      if (p.type === 'conditional_expression' || (p.type === 'binary_expression' && /^(&&|\|\||and|or)$/.test(p.child(1)?.type ?? ''))) reason = `${where} is evaluated conditionally (?:, &&, ||)`;
      if (p.type === 'comma_expression') reason = `${where} is in a comma expression`;
      if (p.type === 'lambda_expression' || p.type === 'compound_statement') reason = `${where} is inside a nested body`;
    }
    calls.push(d);
  }
  if (reason !== null) return { reason };
  if (calls.length === 0) return { reason: `${where} is not a plain call` };
  return { calls };
}

/**
 * The code of a warp cut's per-thread argument loop (one line per call) and of its per-warp steps.
 * `text(n)` is a node's text as the thread loops write it (built-ins renamed); `slot(i)` names the
 * per-thread WarpLane array of the i-th call.
 */
export function warpCutCode(calls: readonly SyntaxNode[], text: (n: SyntaxNode) => string, slot: (i: number) => string): { put: string; steps: string[] } {
  const puts: string[] = [];
  const steps: string[] = [];
  calls.forEach((call, i) => {
    const tile = tileCallOf(call);
    if (tile) {
      const a = tile.args.map(text);
      const lane = `${slot(i)}[cu2m_tid]`;
      const type = `decltype(${text(call)})`;
      if (tile.op === 'reduce') {
        puts.push(`::cu2m_wil::tile_reduce_put<${type}>(${lane}, ${a[0]!}, ${a[1]!}, ${tile.tile});`);
        steps.push(`  ::cu2m_wil::run_step(${slot(i)}, cu2m_n);`);
      } else if (tile.op.startsWith('shfl')) {
        // cooperative_groups.h: the warp shuffle of the same name with width N.
        // No step: the statement's loop reads the source lane's value (warpResult).
        puts.push(`::cu2m_wil::${tile.op}_put<${type}>(${slot(i)}, cu2m_tid, cu2m_n, ${a[0]!}, ${a[1]!}, int32_t(${tile.tile}.size()));`);
      } else {
        puts.push(`::cu2m_wil::warp_put<int>(${lane}, ${a[0]!});`);
        steps.push(`  ::cu2m_wil::tile_vote(${slot(i)}, cu2m_n);`);
      }
      return;
    }
    const c = COLLECTIVES.get(calleeName(call)!)!;
    const args = call.childForFieldName('arguments')!.namedChildren.filter((a) => a.type !== 'comment').map(text);
    const type = c.shape === 'pred' ? 'int' : `decltype(${text(call)})`;
    const ballot = c.step === 'ballot'; // the mask selects a ballot's bits: kept in the lane's `a`
    const extra = c.shape === 'shuffle' ? `, ${args[2]!}, ${args[3] ?? '32'}` : c.shape === 'reduce' ? `, std::is_signed<${type}>::value` : ballot ? `, int32_t(uint32_t(${args[0]!}))` : '';
    // A shuffle's lanes are arrays, its source lane computed here (cu2m_cuda_warp_cuts.h shuffle_put).
    const shuffle = c.shape === 'shuffle';
    const put = `${ballot ? '' : `(void)(${args[0]!}); `}${shuffle ? `::cu2m_wil::${c.step}_put<${type}>(${slot(i)}, cu2m_tid, cu2m_n, ` : `::cu2m_wil::warp_put<${type}>(${slot(i)}[cu2m_tid], `}${args[1]!}${extra});`;
    // An inlined helper's call under `if (c)` (src/build/inlineHelpers.ts): lanes whose c is false take no part.
    const on = /^CU2M_LANE_IF\((\w+), /.exec(args[0]!)?.[1];
    const off = shuffle ? `::cu2m_wil::shuffle_off<${type}>(${slot(i)}, cu2m_tid, cu2m_n);` : `::cu2m_wil::warp_off(${slot(i)}[cu2m_tid]);`;
    puts.push(on ? `if (${on}) { ${put} } else ${off}` : put);
    // A shuffle has no step: the statement's loop reads the source lane's stored value (warpResult).
    if (c.shape !== 'shuffle') steps.push(`  ::cu2m_wil::${c.step}(${slot(i)}, cu2m_n);`);
  });
  return { put: puts.join(' '), steps };
}

/** What replaces a collective call in the statement's own thread loop (a tile's vote: its tile's bits of the warp's). */
export const warpResult = (callText: string, slot: string, call?: SyntaxNode): string => {
  const tile = call ? tileCallOf(call) : null;
  if (tile && /^(?:ballot|any|all)$/.test(tile.op)) return `::cu2m_wil::tile_${tile.op}(${tile.tile}, ${slot}[cu2m_tid])`;
  // A shuffle: the source lane's stored value, read in the statement's own loop (cu2m_cuda_warp_cuts.h shuffle_get).
  if (tile?.op.startsWith('shfl') || (call && !tile && COLLECTIVES.get(calleeName(call) ?? '')?.shape === 'shuffle')) return `::cu2m_wil::shuffle_get<decltype(${callText})>(${slot}, cu2m_tid, cu2m_n)`;
  return `::cu2m_wil::warp_get<decltype(${callText})>(${slot}[cu2m_tid])`;
};

/**
 * What the work-item loops (src/build/workItemLoops.ts) need of a dialect's warp cuts: this file's
 * functions for cuda-cpu, src/build/mslWarpCuts.ts's for the MSL of msl-cpu.
 */
export interface WarpCuts {
  /** Whether text mentions a collective the cuts handle (or the warp barrier). */
  readonly mentions: (text: string) => boolean;
  /** The text with those names masked, for the check of denied names. */
  readonly mask: (text: string) => string;
  /** A warp barrier statement (a cut like a block barrier). */
  readonly isSyncStatement: (s: SyntaxNode) => boolean;
  /** The collective calls of a statement at a level (`tiles`: the kernel's cooperative-groups tiles), or why it cannot be cut. */
  readonly callsOf: (s: SyntaxNode, line: number, tiles?: ReadonlySet<string>) => { calls: SyntaxNode[] } | { reason: string };
  /** The per-thread argument loop's code and the per-warp steps (see warpCutCode). */
  readonly code: (calls: readonly SyntaxNode[], text: (n: SyntaxNode) => string, slot: (i: number) => string) => { put: string; steps: string[] };
  /** What replaces a collective call (`call`) in the statement's own thread loop. */
  readonly result: (callText: string, slot: string, call?: SyntaxNode) => string;
  /** The type of the per-thread slot of one call. */
  readonly lane: string;
}

export const CUDA_WARP_CUTS: WarpCuts = {
  mentions: mentionsWarpCut,
  mask: maskWarpCuts,
  isSyncStatement: isSyncwarpStatement,
  callsOf: (s, line, tiles) => warpCallsOf(s, line, CUDA_CALLS, tiles),
  code: warpCutCode,
  result: warpResult,
  lane: '::cu2m_wil::WarpLane',
};

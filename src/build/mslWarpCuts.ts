// SIMD-group functions in the msl-cpu work-item loops (issue 8): the warp cuts of
// src/build/warpCuts.ts on the lowered MSL. A statement at a level of the transform that calls
// simd_shuffle/simd_broadcast/simd_shuffle_up/down/xor, one of our prelude's width helpers
// (cu2m_shfl_width, cu2m_shfl_up/down/xor_width: src/translate/tables/warps.ts), simd_ballot,
// simd_any, simd_all or simd_sum/product/min/max/and/or/xor becomes a cut in three parts: a thread
// loop that stores each call's value and source lane (`::cu2m_wil::simd_put*`), once per
// threadgroup the step per 32-lane SIMD group, then the statement per thread with the call replaced
// by `::cu2m_wil::simd_get<decltype(CALL)>(lane)`. A shuffle has no step: its values and source
// lanes are two arrays, and the statement reads `simd_shuffle_get<decltype(CALL)>(lanes, tid, n)`,
// its source lane's value (two thread loops per shuffle instead of three passes). The per-lane rules (source lanes, inactive lanes,
// fold order) are the emulation's own functions (native/cpu/msl/metal_stdlib, metal::__simd), used
// by native/cpu/msl/cu2m_msl_warp_cuts.h. The width helpers run unchanged on a recording value
// (`Rec<T>`), so their lane arithmetic is the MSL's. `simdgroup_barrier(...)` as a statement is a
// cut. Everything else with SIMD-group functions keeps fibers (src/build/mslWorkItemLoops.ts).
import type { SyntaxNode } from '../parse/parse';
import { tileCallOf, warpCallsOf, warpResult, type WarpCallTable, type WarpCuts } from './warpCuts';

type Shape = 'shuffle' | 'helper' | 'vote' | 'reduce';

interface SimdCollective {
  readonly shape: Shape;
  /** shuffle: the source-lane rule of metal::__simd; vote: the step; reduce: the operation of metal::__simd. */
  readonly fn?: string;
}

const COLLECTIVES: ReadonlyMap<string, SimdCollective> = new Map<string, SimdCollective>([
  ['simd_shuffle', { shape: 'shuffle', fn: 'src_shuffle' }],
  ['simd_broadcast', { shape: 'shuffle', fn: 'src_shuffle' }],
  ['simd_shuffle_up', { shape: 'shuffle', fn: 'src_up' }],
  ['simd_shuffle_down', { shape: 'shuffle', fn: 'src_down' }],
  ['simd_shuffle_xor', { shape: 'shuffle', fn: 'src_xor' }],
  ['cu2m_shfl_width', { shape: 'helper' }],
  ['cu2m_shfl_up_width', { shape: 'helper' }],
  ['cu2m_shfl_down_width', { shape: 'helper' }],
  ['cu2m_shfl_xor_width', { shape: 'helper' }],
  ['simd_ballot', { shape: 'vote', fn: 'simd_ballot_step' }],
  ['simd_any', { shape: 'vote', fn: 'simd_any_step' }],
  ['simd_all', { shape: 'vote', fn: 'simd_all_step' }],
  ['simd_sum', { shape: 'reduce', fn: 'op_sum' }],
  ['simd_product', { shape: 'reduce', fn: 'op_product' }],
  ['simd_min', { shape: 'reduce', fn: 'op_min' }],
  ['simd_max', { shape: 'reduce', fn: 'op_max' }],
  ['simd_and', { shape: 'reduce', fn: 'op_and' }],
  ['simd_or', { shape: 'reduce', fn: 'op_or' }],
  ['simd_xor', { shape: 'reduce', fn: 'op_xor' }],
]);

const SYNC = 'simdgroup_barrier';
const NAMES = `(?:${[...COLLECTIVES.keys(), SYNC].join('|')})`;
const ANY_NAME = new RegExp(`\\b${NAMES}\\b`);
const ARITY: Record<Shape, readonly number[]> = { shuffle: [2], helper: [4], vote: [1], reduce: [1] };

const TABLE: WarpCallTable = {
  arity: (name) => {
    const c = COLLECTIVES.get(name);
    return c ? ARITY[c.shape] : undefined;
  },
  any: ANY_NAME,
  sync: SYNC,
};

const calleeName = (c: SyntaxNode): string => c.childForFieldName('function')!.text;

export const MSL_WARP_CUTS: WarpCuts = {
  mentions: (text) => ANY_NAME.test(text),
  mask: (text) => text.replace(new RegExp(`\\b${NAMES}\\b`, 'g'), 'cu2m_warp_cut'),
  // `simdgroup_barrier(mem_flags::...)`: every lane of every group reaches it.
  isSyncStatement: (s) => s.type === 'expression_statement' && /^(?:metal::)?simdgroup_barrier\s*\(\s*(?:(?:metal::)?mem_flags::\w+\s*\|?\s*)*\)$/.test(s.namedChildren[0]?.text ?? ''),
  callsOf: (s, line, tiles) => warpCallsOf(s, line, TABLE, tiles),
  code: (calls, text, slot) => {
    const puts: string[] = [];
    const steps: string[] = [];
    calls.forEach((call, i) => {
      const tile = tileCallOf(call);
      if (tile) {
        // Our prelude's thread_block_tile<N>: its shuffles run on a recording value, its votes keep the group's bits.
        const a = tile.args.map(text);
        const lane = `${slot(i)}[cu2m_tid]`;
        const type = `decltype(${text(call)})`;
        if (tile.op === 'reduce') {
          puts.push(`::cu2m_wil::simd_put_tile_reduce<${type}>(${lane}, ${a[0]!}, ${a[1]!}, ${tile.tile});`);
          steps.push(`  ::cu2m_wil::simd_reduce_step(${slot(i)}, cu2m_n);`);
        } else if (tile.op.startsWith('shfl')) {
          puts.push(`::cu2m_wil::simd_put_rec(${slot(i)}, cu2m_tid, cu2m_n, ${tile.tile}.${tile.op}(::cu2m_wil::Rec<${type}>(${a[0]!}, int32_t(cu2m_tid & 31u)), ${a[1]!}));`);
        } else {
          puts.push(`::cu2m_wil::simd_put_vote(${lane}, ${a[0]!});`);
          steps.push(`  ::cu2m_wil::simd_tile_vote_step(${slot(i)}, cu2m_n);`);
        }
        return;
      }
      const name = calleeName(call);
      const c = COLLECTIVES.get(name)!;
      const args = call.childForFieldName('arguments')!.namedChildren.filter((a) => a.type !== 'comment').map(text);
      const type = `decltype(${text(call)})`;
      const lane = `${slot(i)}[cu2m_tid]`;
      switch (c.shape) {
        case 'shuffle':
          puts.push(`::cu2m_wil::simd_put_shfl<${type}>(${slot(i)}, cu2m_tid, cu2m_n, ${args[0]!}, ::metal::__simd::${c.fn!}(int(cu2m_tid & 31u), ${args[1]!}));`);
          break;
        case 'helper':
          puts.push(`::cu2m_wil::simd_put_rec(${slot(i)}, cu2m_tid, cu2m_n, ${name}(::cu2m_wil::Rec<${type}>(${args[0]!}), ${args.slice(1).join(', ')}));`);
          break;
        case 'vote':
          puts.push(`::cu2m_wil::simd_put_vote(${lane}, ${args[0]!});`);
          steps.push(`  ::cu2m_wil::${c.fn!}(${slot(i)}, cu2m_n);`);
          break;
        case 'reduce':
          puts.push(`::cu2m_wil::simd_put_reduce<${type}>(${lane}, ${args[0]!}, ::metal::__simd::${c.fn!}());`);
          steps.push(`  ::cu2m_wil::simd_reduce_step(${slot(i)}, cu2m_n);`);
          break;
      }
    });
    return { put: puts.join(' '), steps };
  },
  // A shuffle (a tile's, a width helper's) has no step: its source lane's stored value is read here
  // (cu2m_msl_warp_cuts.h simd_shuffle_get).
  result: (callText, slot, call) => {
    const tile = call ? tileCallOf(call) : null;
    const shape = call && !tile ? COLLECTIVES.get(calleeName(call))?.shape : undefined;
    if (tile?.op.startsWith('shfl') || shape === 'shuffle' || shape === 'helper') return `::cu2m_wil::simd_shuffle_get<decltype(${callText})>(${slot}, cu2m_tid, cu2m_n)`;
    return (tile ? warpResult(callText, slot, call) : `::cu2m_wil::simd_get<decltype(${callText})>(${slot}[cu2m_tid])`).replace('::cu2m_wil::warp_get<', '::cu2m_wil::simd_get<');
  },
  lane: '::cu2m_wil::SimdLane',
};

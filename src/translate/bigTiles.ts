// Tiles of several SIMD groups (`thread_block_tile<64..1024>`): Metal shuffles and votes reach only
// the 32 lanes of one SIMD group, so shfl/ballot/any/all on such a tile are refused where they are
// called (the MSL prelude's static_assert is the backstop for sizes the translator cannot see, such
// as a template parameter). sync, thread_rank, size, meta_group_* and cg::reduce translate
// (tables/cooperativeGroups.ts).
import type { SyntaxNode } from '../parse/parse';
import { evalIntExpression } from './constEval';
import { declaratorShape } from './syntax';

const SIMD_ONLY = new Set(['shfl', 'shfl_up', 'shfl_down', 'shfl_xor', 'ballot', 'any', 'all', 'match_any', 'match_all']);

/**
 * For `t.shfl_down(v, 1)` where `t` is declared in `body` as `thread_block_tile<N>` or from
 * `tiled_partition<N>(...)` with a constant N above 32: the tile's size and the operation.
 */
export function bigTileSimdCall(call: SyntaxNode, body: SyntaxNode | null, constants: ReadonlyMap<string, string>): { size: number; op: string } | null {
  const f = call.childForFieldName('function');
  const op = f?.type === 'field_expression' ? (f.childForFieldName('field')?.text ?? '') : '';
  const obj = f?.childForFieldName('argument');
  if (!body || !SIMD_ONLY.has(op) || obj?.type !== 'identifier' || !/\b(thread_block_tile|tiled_partition)\b/.test(body.text)) return null;
  for (const d of body.descendantsOfType('declaration')) {
    for (const decl of d.childrenForFieldName('declarator')) {
      const s = declaratorShape(decl);
      if (s.name?.text !== obj.text) continue;
      const m = /\b(?:thread_block_tile|tiled_partition)\s*<\s*([^<>]+?)\s*>/.exec(`${d.childForFieldName('type')?.text ?? ''} ${s.init?.text ?? ''}`);
      const n = m ? evalIntExpression(m[1]!, constants) : undefined;
      if (n !== undefined && n > 32) return { size: n, op };
    }
  }
  return null;
}

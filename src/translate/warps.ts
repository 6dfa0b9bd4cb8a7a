// Warp shuffles over segments of the warp (`width` below 32): the call goes through a helper of
// tables/warps.ts that needs the caller's lane, computed from threadIdx and blockDim, so a function
// making such a call uses those built-ins (program.ts counts them, function.ts rewrites the call).
import type { SyntaxNode } from '../parse/parse';
import { FUNCTION_BY_NAME } from './tables/functions';
import { CG_NAMESPACE } from './tables/cooperativeGroups';
import { SHUFFLE64 } from './tables/warps';

/** The `width` argument of a shuffle call when it is not the whole warp (32 or warpSize), else undefined. */
export function subWarpWidth(name: string, args: readonly SyntaxNode[]): SyntaxNode | undefined {
  const row = FUNCTION_BY_NAME.get(name);
  if (!row?.fullWarpArg) return undefined;
  const width = args.filter((a) => a.type !== 'comment')[row.fullWarpArg - 1];
  return width && !/^\(?\s*(32|warpSize)\s*\)?$/.test(width.text.trim()) ? width : undefined;
}

/** Built-ins the lane computation reads. */
export const LANE_BUILTINS = ['threadIdx', 'blockDim'] as const;

/**
 * A shuffle's lane or offset argument modulo 32, as PTX's shfl.sync takes it (Metal leaves a lane
 * index of 32 or more undefined): a literal below 32 is written as is, anything else gets `& 31`.
 */
export function laneModulo32(arg: string): string {
  const t = arg.trim();
  const literal = /^(\d+)[uU]?$/.exec(t);
  if (literal && Number(literal[1]) < 32) return t;
  return /^(?:[A-Za-z_][\w.]*|\d+[uU]?)$/.test(t) ? `${t} & 31` : `(${t}) & 31`;
}

/**
 * The 64-bit integer shuffles (tables/warps.ts: SHUFFLE64) first among the helpers: the templates
 * that shuffle (sub-warp shuffles, matches, cooperative-groups tiles) must see the overloads where
 * they are defined. The cooperative-groups prelude shuffles whatever a tile is given (shfl, reduce):
 * when the device code has 64-bit integers, they come with it.
 */
export function orderShuffle64(polyfills: Map<string, string>, deviceText: string): void {
  if (polyfills.has(CG_NAMESPACE) && /\b(long|ulong)\b/.test(deviceText)) polyfills.set(SHUFFLE64.key, SHUFFLE64.definition);
  if (!polyfills.has(SHUFFLE64.key)) return;
  const rest = [...polyfills].filter(([k]) => k !== SHUFFLE64.key);
  polyfills.clear();
  polyfills.set(SHUFFLE64.key, SHUFFLE64.definition);
  for (const [k, v] of rest) polyfills.set(k, v);
}

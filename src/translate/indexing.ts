// Built-in indexing: threadIdx/blockIdx/blockDim/gridDim/warpSize (tables/builtins.ts).
//
// A kernel receives each built-in it reaches (directly or through the helpers it calls) as a
// parameter with the CUDA name and the table's Metal attribute (`uint3 threadIdx
// [[thread_position_in_threadgroup]]`), so the body keeps reading `blockIdx.x * blockDim.x +
// threadIdx.x` unchanged; a helper takes them as plain leading parameters (`uint3 threadIdx`), and
// its callers pass them on by name. `dim3` values get CUDA's missing components written out.
import type { SyntaxNode } from '../parse/parse';
import type { EditSet } from './edits';
import type { KernelParamManifest } from './function';
import { BUILTIN_BY_NAME } from './tables/builtins';
import { normType } from './tables/types';

/** The kernel parameters of the built-ins `names`, in order: their MSL text and manifest entries. */
export function builtinKernelParams(names: readonly string[]): { texts: string[]; params: KernelParamManifest[] } {
  const texts: string[] = [];
  const params: KernelParamManifest[] = [];
  for (const b of names) {
    const info = BUILTIN_BY_NAME.get(b);
    if (!info) continue;
    texts.push(`${info.mslType} ${b} [[${info.mslAttribute}]]`);
    params.push({ name: b, kind: 'builtin', mslType: info.mslType, attribute: info.mslAttribute, ctxField: info.ctxField });
  }
  return { texts, params };
}

/** A built-in as a helper's (or a lambda functor's) parameter: `uint3 threadIdx`, `uint warpSize`. */
export function builtinParamDecl(name: string): string {
  return `${BUILTIN_BY_NAME.get(name)?.mslType ?? 'uint3'} ${name}`;
}

/**
 * `dim3 d(4)` / `dim3(4, 2)`: CUDA's missing components are 1, while Metal's `uint3(4)` splats:
 * the 1s are written out, `uint3 d = uint3(4, 1, 1)`. `isSymbol` says whether `dim3` names a
 * variable of the function (then it is not the type).
 */
export function padDim3(args: SyntaxNode, edits: EditSet, isSymbol: (name: string) => boolean): void {
  const p = args.parent;
  const n = args.namedChildCount;
  if (!p || n < 1 || n > 2) return;
  let isDim3 = false;
  if (p.type === 'call_expression') isDim3 = p.childForFieldName('function')?.text === 'dim3' && !isSymbol('dim3');
  else if (p.type === 'init_declarator') isDim3 = normType(p.parent?.childForFieldName('type')?.text ?? '') === 'dim3';
  if (!isDim3) return;
  const close = args.lastChild;
  if (close?.type !== ')') return;
  // `uint3 d = uint3(4, 1, 1)`: the constructor form clang and Metal both accept.
  if (p.type === 'init_declarator') edits.insert(args.startIndex, ' = uint3');
  edits.insert(close.startIndex, n === 1 ? ', 1, 1' : ', 1');
}

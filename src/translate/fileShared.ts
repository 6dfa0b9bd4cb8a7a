// `__shared__` declared at file scope, used by kernels (directly or through device functions).
//
// CUDA gives such a variable one instance per block, like a `__shared__` declared in a kernel;
// Metal allows threadgroup memory only inside kernels. So each kernel that uses it (itself or
// through the helpers it calls) declares it under its own name, and the helpers in between take it
// by reference, exactly like a helper's static `__shared__` (hoist.ts):
//
//   __shared__ float tile[64];
//   __device__ void load(const float *p) { tile[threadIdx.x] = p[threadIdx.x]; }
//   → void load(uint3 threadIdx, threadgroup float (&tile)[64], const device float *p) { ... }
//   kernel void k(...) { threadgroup float tile[64]; /* __shared__ at file scope */ ... load(threadIdx, tile, p); }
//
// The file-scope declaration itself becomes a comment.
import type { SyntaxNode } from '../parse/parse';
import { nodesOfTypeIn } from '../parse/nodeIndex';
import type { HoistedShared } from './hoist';
import { topLevel, type ProgramFacts } from './program';
import { collidingTypeRename } from './tables/reserved';
import { BUFFER_ELEMENT_RENAMES, TYPE_RENAMES, normType } from './tables/types';
import { declaratorShape, specifierTokens } from './syntax';

/** The entry of a file-scope variable: the same key and name in every function. */
type FileShared = Omit<HoistedShared, 'own'>;

const cache = new WeakMap<ProgramFacts, ReadonlyMap<string, FileShared>>();

/** Is this file-scope declaration a static (not `extern`) `__shared__` one? */
export function isFileScopeStaticShared(d: SyntaxNode): boolean {
  const toks = specifierTokens(d);
  return toks.some((t) => t.type === '__shared__' || t.text === '__shared__') && !toks.some((t) => t.type === 'extern');
}

/** The file's static `__shared__` variables at file scope, by name. */
export function fileScopeShared(program: ProgramFacts): ReadonlyMap<string, FileShared> {
  let found = cache.get(program);
  if (found) return found;
  const out = new Map<string, FileShared>();
  if (program.file.text.includes('__shared__')) {
    for (const item of topLevel(program.file.tree.rootNode)) {
      if (item.type !== 'declaration' || !isFileScopeStaticShared(item)) continue;
      const typeNode = item.childForFieldName('type');
      if (!typeNode) continue;
      const cudaType = normType(typeNode.text);
      const volatileQ = item.namedChildren.some((c) => c.type === 'type_qualifier' && c.text === 'volatile') ? 'volatile ' : '';
      const mslType = BUFFER_ELEMENT_RENAMES.get(cudaType) ?? TYPE_RENAMES.get(cudaType) ?? collidingTypeRename(cudaType, program.definedTypes) ?? cudaType;
      for (const decl of item.childrenForFieldName('declarator')) {
        const s = declaratorShape(decl);
        if (!s.name || s.pointerDepth > 0 || s.reference || s.init) continue;
        const dims = [...s.arrayDims].reverse().map((a) => `[${a.childForFieldName('size')?.text ?? ''}]`).join('');
        const name = s.name.text;
        out.set(name, { key: `file:${name}:${volatileQ}${mslType}${dims}`, owner: '', variable: name, type: `${volatileQ}${mslType}`, dims, cudaType: `${volatileQ}${cudaType}`, name, fixedName: true, fileScope: true });
      }
    }
  }
  cache.set(program, (found = out));
  return found;
}

/** The file-scope `__shared__` variables a function body names itself (not through its callees). */
export function fileSharedUsedBy(program: ProgramFacts, body: SyntaxNode): HoistedShared[] {
  const vars = fileScopeShared(program);
  if (vars.size === 0) return [];
  const used = new Map<string, HoistedShared>();
  for (const id of nodesOfTypeIn(body, ['identifier'])) {
    const v = vars.get(id.text);
    if (v && !used.has(v.name)) used.set(v.name, { ...v, own: false });
  }
  return [...used.values()];
}

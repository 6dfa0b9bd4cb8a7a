// A device function named like the CUB collective it wraps, with a local alias of that name
// (adamw, channelSum, accuracy):
//
//   template <typename T> __device__ void BlockReduce(T &x) {
//     typedef cub::BlockReduce<T, 256> BlockReduce;
//     __shared__ typename BlockReduce::TempStorage temp;
//     x = BlockReduce(temp).Sum(x);
//   }
//
// In C++ the alias hides the function inside its body; the translator's passes key hidden
// parameters, hoisted `__shared__` storage and recursion by name, where the wrapper, its calls
// and the alias would be one. So the alias and its uses in that body are renamed (`BlockReduceT`)
// before the passes run: the same program, one name per thing.
import type { SourceFile, SyntaxNode } from '../parse/parse';
import { enclosingNamespaces } from './namespaces';
import { declaratorShape } from './syntax';

/** The class names of native/include/cub that programs wrap in a function of the same name. */
const CUB_CLASSES = /^(Block(Reduce|Scan|Load|Store|AdjacentDifference)|Warp(Reduce|Scan))$/;

/** The name a wrapper's local alias gets: NAME + 'T' (+ more 'T's while the body has that name). */
function freshName(name: string, body: string): string {
  let fresh = `${name}T`;
  while (new RegExp(`\\b${fresh}\\b`).test(body)) fresh += 'T';
  return fresh;
}

/** The name an alias or typedef declares (`using N = ...;`, `typedef ... N;`). */
function aliasName(n: SyntaxNode): string | undefined {
  if (n.type === 'alias_declaration') return n.childForFieldName('name')?.text;
  const d = n.childrenForFieldName('declarator')[0];
  return d ? declaratorShape(d).name?.text ?? d.text : undefined;
}

/** The file's text with each such wrapper's alias renamed, or null when it has none. */
export function renameCubWrapperAliases(file: SourceFile): string | null {
  if (!/\bcub\s*::/.test(file.text)) return null;
  const edits: { start: number; end: number; text: string }[] = [];
  for (const fn of file.tree.rootNode.descendantsOfType('function_definition')) {
    const name = declaratorShape(fn.childForFieldName('declarator')).name?.text;
    const body = fn.childForFieldName('body');
    if (!name || !body || !CUB_CLASSES.test(name) || enclosingNamespaces(fn).startsWith('::cub::')) continue;
    const alias = body.descendantsOfType(['alias_declaration', 'type_definition']).find((a) => aliasName(a) === name);
    if (!alias) continue;
    const fresh = freshName(name, body.text);
    for (const id of body.descendantsOfType(['identifier', 'type_identifier', 'namespace_identifier'])) {
      // (Not `cub::BlockReduce`: the qualified name is cub's.)
      if (id.text === name && id.startIndex >= alias.startIndex && !/::\s*$/.test(file.text.slice(Math.max(0, id.startIndex - 8), id.startIndex))) edits.push({ start: id.startIndex, end: id.endIndex, text: fresh });
    }
  }
  if (edits.length === 0) return null;
  let out = file.text;
  for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

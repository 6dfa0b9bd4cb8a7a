// One walk of the syntax tree for the whole-file passes. Several passes each asked tree-sitter for
// the nodes of a few kinds anywhere in the file (macros, types, conditionals, namespaces...), and
// each of those asks walked the whole tree again natively; for a .cu file with its helper headers
// inlined the walks were a tenth of translation time. The first ask walks the tree once for every
// kind below and keeps the nodes (with their kinds) per tree; each ask then filters that list,
// which is in document order like descendantsOfType's answer.
import type { SyntaxNode, Tree } from './parse';

/** The node kinds the whole-file passes ask for. */
export const INDEXED_TYPES = [
  'preproc_def',
  'preproc_function_def',
  'preproc_if',
  'preproc_elif',
  'preproc_ifdef',
  'preproc_elifdef',
  'struct_specifier',
  'class_specifier',
  'union_specifier',
  'enum_specifier',
  'type_definition',
  'alias_declaration',
  'type_parameter_declaration',
  'optional_type_parameter_declaration',
  'namespace_alias_definition',
  'using_declaration',
  'namespace_definition',
  'template_argument_list',
] as const;

export type IndexedType = (typeof INDEXED_TYPES)[number];

interface Entry {
  readonly type: string;
  readonly node: SyntaxNode;
}

const indexes = new WeakMap<Tree, Entry[]>();

/** `tree.rootNode.descendantsOfType(types)`, from the tree's one walk. */
export function fileNodesOfType(tree: Tree, types: readonly IndexedType[]): SyntaxNode[] {
  let index = indexes.get(tree);
  if (!index) {
    index = tree.rootNode.descendantsOfType([...INDEXED_TYPES]).map((node) => ({ type: node.type, node }));
    indexes.set(tree, index);
  }
  const out: SyntaxNode[] = [];
  for (const e of index) if ((types as readonly string[]).includes(e.type)) out.push(e.node);
  return out;
}

const subtreeIndexes = new WeakMap<Tree, Map<string, SyntaxNode[]>>();

/**
 * `n.descendantsOfType(types)`, asked once per node and kinds: several passes look for the calls
 * (or assignments, identifiers) of the same function body, some once per parameter.
 */
export function nodesOfTypeIn(n: SyntaxNode, types: readonly string[]): SyntaxNode[] {
  let byKey = subtreeIndexes.get(n.tree);
  if (!byKey) subtreeIndexes.set(n.tree, (byKey = new Map()));
  const key = `${n.id}\u0000${types.join(',')}`;
  let found = byKey.get(key);
  if (!found) byKey.set(key, (found = n.descendantsOfType([...types])));
  return found;
}

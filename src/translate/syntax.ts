// Small helpers over tree-sitter nodes shared by the passes.
import type { SyntaxNode, Tree } from '../parse/parse';

export const FUNCTION_QUALIFIERS = ['__global__', '__device__', '__host__', '__forceinline__', '__noinline__'] as const;

/** Leaf tokens of a declaration/definition that come before its declarator (qualifiers, storage classes, type). */
export function specifierTokens(n: SyntaxNode): SyntaxNode[] {
  const declarator = n.childForFieldName('declarator');
  const out: SyntaxNode[] = [];
  const walk = (c: SyntaxNode): void => {
    if (c.childCount === 0) out.push(c);
    else for (const k of c.children) walk(k);
  };
  for (const c of n.children) {
    if (declarator && c.startIndex >= declarator.startIndex) break;
    if (c.type === 'function_declarator' || c.type === 'init_declarator') break;
    walk(c);
  }
  return out;
}

export function hasToken(n: SyntaxNode, token: string): boolean {
  return specifierWords(n).has(token);
}

const wordsByTree = new WeakMap<Tree, Map<number, ReadonlySet<string>>>();

/**
 * The kinds and texts of specifierTokens(n), kept per node: functionRole, the declaration passes
 * and the reach ask hasToken several times per declaration. Walked with a tree cursor, which reads
 * kinds and offsets without creating a node object per token.
 */
function specifierWords(n: SyntaxNode): ReadonlySet<string> {
  let byId = wordsByTree.get(n.tree);
  if (!byId) wordsByTree.set(n.tree, (byId = new Map()));
  const id = n.id;
  const known = byId.get(id);
  if (known) return known;
  const words = new Set<string>();
  const stop = n.childForFieldName('declarator')?.startIndex ?? Infinity;
  const cursor = n.walk();
  const leaves = (): void => {
    if (!cursor.gotoFirstChild()) {
      words.add(cursor.nodeType);
      words.add(cursor.nodeText);
      return;
    }
    do leaves();
    while (cursor.gotoNextSibling());
    cursor.gotoParent();
  };
  if (cursor.gotoFirstChild()) {
    do {
      if (cursor.startIndex >= stop) break;
      const type = cursor.nodeType;
      if (type === 'function_declarator' || type === 'init_declarator') break;
      leaves();
    } while (cursor.gotoNextSibling());
  }
  byId.set(id, words);
  return words;
}

/** Walks pointer/reference/array/function declarators down to the declared name. */
export interface DeclaratorShape {
  readonly name: SyntaxNode | null;
  readonly pointerDepth: number;
  readonly reference: boolean;
  readonly arrayDims: SyntaxNode[];
  readonly functionDeclarator: SyntaxNode | null;
  readonly init: SyntaxNode | null;
}

export function declaratorShape(d: SyntaxNode | null): DeclaratorShape {
  let pointerDepth = 0;
  let reference = false;
  const arrayDims: SyntaxNode[] = [];
  let functionDeclarator: SyntaxNode | null = null;
  let init: SyntaxNode | null = null;
  let cur = d;
  while (cur) {
    switch (cur.type) {
      case 'init_declarator':
        init = cur.childForFieldName('value');
        cur = cur.childForFieldName('declarator');
        break;
      case 'pointer_declarator':
      case 'abstract_pointer_declarator':
        pointerDepth++;
        cur = cur.childForFieldName('declarator');
        break;
      case 'reference_declarator':
      case 'abstract_reference_declarator':
        reference = true;
        cur = cur.namedChildren.find((c) => c.type !== 'type_qualifier') ?? null;
        break;
      case 'array_declarator':
      case 'abstract_array_declarator':
        arrayDims.push(cur);
        cur = cur.childForFieldName('declarator');
        break;
      case 'function_declarator':
        functionDeclarator = cur;
        cur = cur.childForFieldName('declarator');
        break;
      case 'parenthesized_declarator':
        cur = cur.namedChildren[0] ?? null;
        break;
      case 'operator_cast':
        // `operator float() const`: named by its `operator` token; the parameters are in the
        // abstract function declarator.
        return { name: cur.child(0), pointerDepth, reference, arrayDims, functionDeclarator: cur.childForFieldName('declarator'), init };
      default:
        return { name: cur, pointerDepth, reference, arrayDims, functionDeclarator, init };
    }
  }
  return { name: null, pointerDepth, reference, arrayDims, functionDeclarator, init };
}

/** All descendants (pre-order), optionally not descending into nodes `stop` accepts. */
export function* descendants(n: SyntaxNode, stop?: (c: SyntaxNode) => boolean): Generator<SyntaxNode> {
  // An explicit stack, not recursion: a nested `yield*` costs one frame per level and passes every
  // node up through all of them (quadratic in the depth, and a stack overflow on deep trees).
  const stack: SyntaxNode[] = [...n.namedChildren].reverse();
  while (stack.length > 0) {
    const c = stack.pop() as SyntaxNode;
    yield c;
    if (!stop?.(c)) {
      const kids = c.namedChildren;
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i] as SyntaxNode);
    }
  }
}

export const lineOf = (n: SyntaxNode): number => n.startPosition.row + 1;

/**
 * Whether two nodes are the same node. Compared by position and kind, not by object identity:
 * node-tree-sitter may hand out a different wrapper object for the same node (seen when one
 * process parses the same text twice).
 */
export const sameNode = (a: SyntaxNode | null | undefined, b: SyntaxNode | null | undefined): boolean =>
  !!a && !!b && a.startIndex === b.startIndex && a.endIndex === b.endIndex && a.type === b.type;

// The tree-sitter queries of grammar/queries/, compiled once against the CUDA grammar.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Parser from 'tree-sitter';
import Cuda from 'tree-sitter-cuda';
import type { SyntaxNode } from './parse';

const QUERY_DIR = path.resolve(__dirname, '..', '..', '..', 'grammar', 'queries');

export type QueryName = 'launches' | 'function-uses' | 'runtime-calls';

const compiled = new Map<QueryName, Parser.Query>();

function query(name: QueryName): Parser.Query {
  let q = compiled.get(name);
  if (!q) {
    const source = fs.readFileSync(path.join(QUERY_DIR, `${name}.scm`), 'utf8');
    q = new Parser.Query(Cuda as unknown as Parser.Language, source);
    compiled.set(name, q);
  }
  return q;
}

/** Each match of the query under `node`, as capture name → node. */
export function matches(name: QueryName, node: SyntaxNode): Map<string, SyntaxNode>[] {
  return query(name)
    .matches(node)
    .map((m) => new Map(m.captures.map((c) => [c.name, c.node] as const)));
}

/** All captures of the query under `node`, in document order. */
export function captures(name: QueryName, node: SyntaxNode): { name: string; node: SyntaxNode }[] {
  return query(name).captures(node).map((c) => ({ name: c.name, node: c.node }));
}

const launchesByTree = new WeakMap<Parser.Tree, Map<string, SyntaxNode>[]>();

/**
 * The `launches` matches of a file (`k<<<...>>>(...)`), once per tree. The query runs only over the
 * rows of the top-level items from the first `<<<` token of the text to the last (every launch lies
 * in one of those; the inlined headers before them are not searched), and not at all in a text
 * without a `<<<` written as one word.
 */
export function launchMatches(file: { readonly tree: Parser.Tree; readonly text: string }): Map<string, SyntaxNode>[] {
  const known = launchesByTree.get(file.tree);
  if (known) return known;
  let found: Map<string, SyntaxNode>[] = [];
  if (file.text.includes('<<<')) {
    // The grammar's `<<<` token may have white space inside (`<< <`, from a macro expansion).
    const open = /<\s*<\s*</g;
    const first = open.exec(file.text)?.index ?? 0;
    let last = first;
    for (let m = open.exec(file.text); m; m = open.exec(file.text)) last = m.index;
    const root = file.tree.rootNode;
    // The first top-level item that ends after the first `<<<`, and the first that ends after the last.
    const firstItem = root.firstChildForIndex(first);
    const lastItem = root.firstChildForIndex(last);
    const range = {
      startPosition: { row: firstItem?.startPosition.row ?? 0, column: 0 },
      // (0, 0): to the end of the file.
      endPosition: lastItem ? { row: lastItem.endPosition.row + 1, column: 0 } : { row: 0, column: 0 },
    };
    found = query('launches')
      .matches(root, range)
      .map((m) => new Map(m.captures.map((c) => [c.name, c.node] as const)));
  }
  launchesByTree.set(file.tree, found);
  return found;
}

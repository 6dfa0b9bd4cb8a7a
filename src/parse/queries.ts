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

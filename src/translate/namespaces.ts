// Device code inside namespaces (`namespace mean_shift::gpu { __global__ void mean_shift(...) }`,
// `namespace facebook { namespace cuda { ... } }`, `namespace util { __device__ ... }`).
//
// The MSL is flat: every item of a namespace is emitted at program scope (program.ts's topLevel
// looks through namespace bodies, as it does through `extern "C"` blocks), and a qualifier naming
// one of the file's namespaces (or an alias of one) is dropped from the MSL text, so `gpu::N`,
// `detail::copy<T>(...)` and `util::Vec3` name the flattened items. Kernels keep their plain name
// as their Metal function name (the manifest's name); the host stub stays inside its namespace
// and the cuda-cpu reference calls the kernel by its qualified name (the manifest's cppName).
// Two device items of one name in different namespaces would collide in the flat MSL: refused
// (C2M1001) rather than merged.
import { diag, type Diagnostic } from '../diagnostics/diagnostic';
import { pos, type SyntaxNode } from '../parse/parse';
import { fileNodesOfType } from '../parse/nodeIndex';
import type { ProgramFacts } from './program';

const cache = new WeakMap<object, ReadonlySet<string>>();

/** Names of the namespaces the file defines (each component of `a::b`) and their aliases; never `std`. */
export function fileNamespaces(program: Pick<ProgramFacts, 'file'>): ReadonlySet<string> {
  const tree = program.file.tree;
  let names = cache.get(tree);
  if (names) return names;
  const out = new Set<string>();
  for (const n of fileNodesOfType(tree, ['namespace_definition', 'namespace_alias_definition'])) {
    if (n.type === 'namespace_definition') {
      const name = n.childForFieldName('name');
      for (const id of name ? (name.type === 'namespace_identifier' ? [name] : name.descendantsOfType('namespace_identifier')) : []) out.add(id.text);
    } else {
      const alias = n.namedChildren[0];
      const target = n.namedChildren[1];
      const ids = target ? (target.type === 'namespace_identifier' ? [target] : target.descendantsOfType('namespace_identifier')) : [];
      if (alias && ids.length > 0 && ids.every((i) => out.has(i.text))) out.add(alias.text);
    }
  }
  out.delete('std');
  out.delete('cooperative_groups');
  cache.set(tree, (names = out));
  return names;
}

/**
 * `a::b::f` with `a` and `b` namespaces of the file: the node after the namespace qualifiers (`f`,
 * `Cmp::compare`, `V<int>`); null when `n` is not qualified by one (std::, a type, a global `::f`).
 */
export function namespaceQualifiedRest(n: SyntaxNode, program: Pick<ProgramFacts, 'file'>): SyntaxNode | null {
  if (n.type !== 'qualified_identifier') return null;
  const spaces = fileNamespaces(program);
  if (spaces.size === 0) return null;
  let q: SyntaxNode = n;
  let stripped = false;
  for (;;) {
    const scope = q.childForFieldName('scope');
    const inner = q.childForFieldName('name');
    if (!scope && q.text.startsWith('::') && inner?.type === 'qualified_identifier') {
      q = inner; // `::ops::scale`: from the global namespace
      continue;
    }
    if (scope?.type !== 'namespace_identifier' || !spaces.has(scope.text)) break;
    const name = q.childForFieldName('name');
    if (!name) break;
    stripped = true;
    if (name.type !== 'qualified_identifier') return name;
    q = name;
  }
  return stripped ? q : null;
}

/**
 * The MSL text with qualifiers naming the file's namespaces dropped (`gpu::N` → `N`,
 * `::facebook::cuda::detail::copy` → `::copy`); `metal::` and the like stay.
 */
export function withoutNamespaceQualifiers(msl: string, program: Pick<ProgramFacts, 'file'>): string {
  return withoutQualifiersOf(msl, fileNamespaces(program));
}

/** withoutNamespaceQualifiers for the namespaces named (the manifest's `namespaces`, at build time). */
export function withoutQualifiersOf(msl: string, spaces: ReadonlySet<string>): string {
  if (spaces.size === 0) return msl;
  const alt = [...spaces].sort((a, b) => b.length - a.length).join('|');
  const re = new RegExp(`(?<![\\w.>])((?:::\\s*)?)(?:(?:${alt})\\s*::\\s*)+(?=[A-Za-z_~])`, 'g');
  // Not inside string literals or comments (`"gpu::N"` in a printf format stays).
  return msl.replace(/"(?:[^"\\\n]|\\.)*"|\/\/[^\n]*|\/\*[\s\S]*?\*\/|[^"/]+|\//g, (chunk) => (chunk.startsWith('"') || chunk.startsWith('//') || chunk.startsWith('/*') ? chunk : chunk.replace(re, '$1')));
}

/** `::a::b::` for an item inside namespaces `a::b` (anonymous ones add nothing), '' at file scope. */
export function enclosingNamespaces(n: SyntaxNode): string {
  const parts: string[] = [];
  for (let p = n.parent; p; p = p.parent) {
    if (p.type !== 'namespace_definition') continue;
    const name = p.childForFieldName('name');
    if (name) parts.unshift(name.type === 'namespace_identifier' ? name.text : name.descendantsOfType('namespace_identifier').map((i) => i.text).join('::'));
  }
  return parts.length > 0 ? `::${parts.join('::')}::` : '';
}

/**
 * Device functions (and kernels) of one name in different namespaces: one name in the flat MSL,
 * so the second is refused (C2M1001) at its declaration rather than silently merged.
 */
export function namespaceCollisions(program: ProgramFacts): Diagnostic[] {
  if (fileNamespaces(program).size === 0) return [];
  const seen = new Map<string, string>(); // name → the namespaces of its first definition
  const out: Diagnostic[] = [];
  for (const f of program.functions) {
    if (!f.body || f.role === 'host') continue;
    const scope = enclosingNamespaces(f.node);
    const first = seen.get(f.name);
    if (first === undefined) seen.set(f.name, scope);
    else if (first !== scope) {
      const where = (s: string): string => (s ? `namespace ${s.replace(/^::|::$/g, '')}` : 'file scope');
      out.push(diag('C2M1001', `'${f.name}' is defined in ${where(first)} and in ${where(scope)}; cu2metal writes namespaces' device code at program scope in the MSL, where the two would collide: rename one`, program.file.name, pos(f.node.startPosition), pos(f.declarator.endPosition)));
    }
  }
  return out;
}

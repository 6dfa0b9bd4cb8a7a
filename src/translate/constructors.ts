// Constructors that read built-ins (`threadIdx`, `blockIdx` ...), directly, through a macro, or
// through a helper they call (in their body or their member initialisers).
//
// Metal passes the thread position to the kernel only; the translator hands it down to the
// functions that need it as hidden parameters (function.ts: rewriteHelperSignature). A member
// function called by name takes them like a helper. A constructor takes them too: we emit its
// declaration and every construction site of its class, so the hidden arguments go first at each
// site:
//   struct Tile { int row; Tile(int w) : row(threadIdx.y * w) {} };   // CUDA
//   Tile(uint3 threadIdx, int w) : row(threadIdx.y * w) {}             // MSL
//   Tile t(16);  →  Tile t(threadIdx, 16);    Tile(16).row  →  Tile(threadIdx, 16).row
// Construction sites: a declaration `C x(a)` / `C x{a}` / `C x;`, a functional cast `C(a)` (also
// through a typedef or alias of the class, `typedef Block<float, 4> B; B(s).load(...)`). Copy and
// move constructors never take them: the copies the language makes implicitly keep working.
import type { SyntaxNode, Tree } from '../parse/parse';
import { fileNodesOfType } from '../parse/nodeIndex';

/** The class a constructor belongs to (its name), or null when `n` is no constructor. */
export function constructorClass(n: SyntaxNode): string | null {
  const cls = n.parent?.type === 'template_declaration' ? n.parent.parent?.parent : n.parent?.parent;
  if (!cls || !['struct_specifier', 'class_specifier', 'union_specifier'].includes(cls.type)) return null;
  if (n.childForFieldName('type')) return null;
  const name = cls.childForFieldName('name');
  const decl = n.childForFieldName('declarator');
  const id = decl?.type === 'function_declarator' ? decl.childForFieldName('declarator') : null;
  if (!name || !id || id.text !== (name.type === 'template_type' ? name.childForFieldName('name')?.text : name.text)) return null;
  return id.text;
}

/** Is this constructor a copy or move constructor (`C(const C &o)`, `C(C &&o)`)? */
export function isCopyConstructor(n: SyntaxNode, cls: string): boolean {
  const decl = n.childForFieldName('declarator');
  const params = (decl?.childForFieldName('parameters')?.namedChildren ?? []).filter((p) => p.type === 'parameter_declaration' || p.type === 'optional_parameter_declaration');
  if (params.length !== 1) return false;
  const p = params[0]!;
  const t = p.childForFieldName('type');
  const base = t?.type === 'template_type' ? t.childForFieldName('name')?.text : t?.text;
  return base === cls && p.childForFieldName('declarator')?.type === 'reference_declarator';
}

const aliasMemo = new WeakMap<Tree, Map<string, string>>();

/** `typedef Block<float, 4> B;`, `using B = Block<float, 4>;` anywhere in the file: alias → the class's name. */
function typeAliases(tree: Tree): Map<string, string> {
  let r = aliasMemo.get(tree);
  if (r) return r;
  r = new Map();
  for (const n of fileNodesOfType(tree, ['type_definition', 'alias_declaration'])) {
    const t = n.type === 'type_definition' ? n.childForFieldName('type') : n.childForFieldName('type')?.childForFieldName('type') ?? n.childForFieldName('type');
    const base = t ? baseName(t) : null;
    if (!base) continue;
    const names = n.type === 'type_definition' ? n.childrenForFieldName('declarator').filter((d) => d.type === 'type_identifier') : [n.childForFieldName('name')].filter((d): d is SyntaxNode => d !== null);
    for (const d of names) if (d.text !== base) r.set(d.text, base);
  }
  aliasMemo.set(tree, r);
  return r;
}

/** `Block<float, 4>` → `Block`, `ns::Tile` → `Tile`, `Tile` → `Tile`; null for other types. */
function baseName(t: SyntaxNode): string | null {
  let n: SyntaxNode | null = t;
  while (n?.type === 'qualified_identifier') n = n.childForFieldName('name');
  if (n?.type === 'template_type' || n?.type === 'template_function') n = n.childForFieldName('name');
  return n && (n.type === 'type_identifier' || n.type === 'identifier') ? n.text : null;
}

/** The class a type (or functional-cast callee) names, through typedefs and aliases. */
function classOf(t: SyntaxNode, aliases: ReadonlyMap<string, string>): string | null {
  let name = baseName(t);
  for (let i = 0; name && aliases.has(name) && i < 8; i++) name = aliases.get(name)!;
  return name;
}

export interface ConstructionSite {
  /** The class constructed. */
  readonly cls: string;
  /** The `(` or `{` the hidden arguments follow; null for `C x;` (they go after `at`). */
  readonly open: SyntaxNode | null;
  /** For `C x;`: the declarator the argument list is appended to. */
  readonly at: SyntaxNode;
  /** Whether the site passes arguments of its own (a `, ` follows the hidden ones). */
  readonly hasArgs: boolean;
}

/**
 * The construction sites in `region` of the classes `needs` accepts (by name). `C x = C(a)` is
 * one site, the functional cast; `C x = y` (a copy) is none.
 */
export function constructionSites(region: SyntaxNode, needs: (cls: string) => boolean): ConstructionSite[] {
  if (!region.text.includes('(') && !region.text.includes('{') && !region.text.includes(';')) return [];
  const aliases = typeAliases(region.tree);
  const out: ConstructionSite[] = [];
  for (const d of region.descendantsOfType(['declaration', 'call_expression'])) {
    if (d.type === 'call_expression') {
      const f = d.childForFieldName('function');
      const args = d.childForFieldName('arguments');
      if (!f || !args || !['identifier', 'type_identifier', 'template_function', 'template_type', 'qualified_identifier'].includes(f.type)) continue;
      const cls = classOf(f, aliases);
      if (cls && needs(cls)) out.push({ cls, open: args.child(0), at: args, hasArgs: args.namedChildren.length > 0 });
      continue;
    }
    const t = d.childForFieldName('type');
    const cls = t ? classOf(t, aliases) : null;
    if (!cls || !needs(cls)) continue;
    for (const decl of d.childrenForFieldName('declarator')) {
      if (decl.type === 'identifier') out.push({ cls, open: null, at: decl, hasArgs: false });
      else if (decl.type === 'function_declarator') {
        // `const C x(p);` parses as a function declaration; in a function body it is a variable.
        const params = decl.childForFieldName('parameters');
        if (params) out.push({ cls, open: params.child(0), at: params, hasArgs: params.namedChildren.length > 0 });
      } else if (decl.type === 'init_declarator') {
        const v = decl.childForFieldName('value');
        if (v?.type === 'argument_list' || v?.type === 'initializer_list') out.push({ cls, open: v.child(0), at: v, hasArgs: v.namedChildren.length > 0 });
      }
    }
  }
  return out;
}

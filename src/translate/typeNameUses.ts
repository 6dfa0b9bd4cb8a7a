// Names in a type's place that are not types the file lacks (issue 6).
//
// tree-sitter parses C++ without knowing which names are types, so it sometimes puts a value in a
// type's place: `(gamma) + x` becomes a cast of `+x` to `gamma`, `i < n >> 3` a template-id `i<n>`,
// `Open<n>` with `n` a non-type template parameter a type argument. The text is unchanged in the
// MSL (Metal's compiler, which knows the names, reads it right), so such a name must not be
// diagnosed as an unknown type. A macro that names a type (`#define su3_matrix fsu3_matrix`) is the
// type it names.
import type { SyntaxNode, Tree } from '../parse/parse';
import { fileNodesOfType } from '../parse/nodeIndex';
import { declaratorShape } from './syntax';

const macroCache = new WeakMap<Tree, Map<string, string>>();

/** Object-like macros of the file, name → body (trimmed); function-like macros map to `(`. */
function macrosOf(tree: Tree): Map<string, string> {
  let m = macroCache.get(tree);
  if (!m) {
    m = new Map();
    for (const d of fileNodesOfType(tree, ['preproc_def', 'preproc_function_def'])) {
      const name = d.childForFieldName('name')?.text;
      if (!name) continue;
      m.set(name, d.type === 'preproc_function_def' ? '(' : (d.childForFieldName('value')?.text ?? '').trim());
    }
    macroCache.set(tree, m);
  }
  return m;
}

/** Names `decl` (a declaration, parameter or template parameter) declares. */
function declaredBy(decl: SyntaxNode): string[] {
  const out: string[] = [];
  for (const d of decl.childrenForFieldName('declarator')) {
    const name = declaratorShape(d).name;
    if (name && name.type === 'identifier') out.push(name.text);
  }
  if (decl.type === 'parameter_declaration' || decl.type === 'optional_parameter_declaration') {
    const id = decl.namedChildren.find((c) => c.type === 'identifier');
    if (id) out.push(id.text);
  }
  return out;
}

/** Is `name` a variable, parameter, non-type template parameter or enumerator visible from `at`? */
function isValueInScope(name: string, at: SyntaxNode): boolean {
  for (let p: SyntaxNode | null = at.parent; p; p = p.parent) {
    if (p.type === 'function_definition' || p.type === 'lambda_expression') {
      const decls = p.descendantsOfType(['parameter_declaration', 'optional_parameter_declaration', 'declaration', 'condition_clause', 'for_range_loop']);
      for (const d of decls) if (declaredBy(d).includes(name) || (d.type === 'for_range_loop' && declaratorShape(d.childForFieldName('declarator')).name?.text === name)) return true;
    } else if (p.type === 'template_declaration') {
      const params = p.childForFieldName('parameters')?.namedChildren ?? [];
      for (const d of params) if ((d.type === 'parameter_declaration' || d.type === 'optional_parameter_declaration') && declaredBy(d).includes(name)) return true;
    } else if (p.type === 'translation_unit' || p.type === 'declaration_list' || p.type === 'field_declaration_list') {
      for (const d of p.namedChildren) {
        if ((d.type === 'declaration' || d.type === 'field_declaration') && (declaredBy(d).includes(name) || d.childrenForFieldName('declarator').some((x) => x.type === 'field_identifier' && x.text === name))) return true;
      }
    }
  }
  // Enumerators anywhere in the file (unscoped enums put them in the enclosing scope).
  for (const e of at.tree.rootNode.descendantsOfType('enumerator')) if (e.childForFieldName('name')?.text === name) return true;
  return false;
}

/**
 * For a `type_identifier` `n` that is neither a type the file defines nor one Metal knows: true when
 * it is no type at all (a value tree-sitter read as one) or a macro naming a type `isType` accepts.
 */
export function isValueOrTypeAlias(n: SyntaxNode, isType: (name: string) => boolean, seen = new Set<string>()): boolean {
  return nameIsValueOrAlias(n.text, n, isType, seen);
}

function nameIsValueOrAlias(name: string, at: SyntaxNode, isType: (name: string) => boolean, seen: Set<string>): boolean {
  if (seen.has(name)) return false;
  seen.add(name);
  const body = macrosOf(at.tree).get(name);
  if (body !== undefined) {
    if (!/^[A-Za-z_]\w*$/.test(body)) return true; // an expression (`#define PX (blockIdx.x * T)`) or a function-like macro
    return isType(body) || nameIsValueOrAlias(body, at, isType, seen);
  }
  return isValueInScope(name, at);
}

/** One-word built-in types a functional cast may name, `short(x)`: written alike in MSL. */
export const FUNCTIONAL_CAST_WORDS: ReadonlySet<string> = new Set(['bool', 'char', 'short', 'int', 'long', 'float', 'unsigned', 'signed']);

/** Is `name`, called unqualified at `call`, a member function of a class whose body the call is in (`next()` for `this->next()`)? */
export function isMemberOfEnclosingClass(call: SyntaxNode, name: string): boolean {
  for (let p: SyntaxNode | null = call.parent; p; p = p.parent) {
    if (p.type !== 'field_declaration_list') continue;
    for (const m of p.namedChildren) {
      const item = m.type === 'template_declaration' ? (m.namedChildren.find((c) => c.type === 'function_definition' || c.type === 'field_declaration' || c.type === 'declaration') ?? m) : m;
      if (item.type !== 'function_definition' && item.type !== 'field_declaration' && item.type !== 'declaration') continue;
      const shape = declaratorShape(item.childForFieldName('declarator'));
      if (shape.functionDeclarator && shape.name?.text === name) return true;
    }
  }
  return false;
}

/**
 * Is `name` a data member of a class enclosing the call (`ScaOp scalar_op;` called as
 * `scalar_op(a, b)` in a member function)? A functor held by value: the call is its operator(),
 * as written.
 */
export function isFieldOfEnclosingClass(call: SyntaxNode, name: string): boolean {
  for (let p: SyntaxNode | null = call.parent; p; p = p.parent) {
    if (p.type !== 'field_declaration_list') continue;
    for (const m of p.namedChildren) {
      if (m.type !== 'field_declaration') continue;
      for (const d of m.childrenForFieldName('declarator')) {
        const shape = declaratorShape(d);
        if (!shape.functionDeclarator && shape.pointerDepth === 0 && shape.name?.text === name) return true;
      }
    }
  }
  return false;
}

const friendCache = new WeakMap<Tree, Set<string>>();

/**
 * Is `name` a friend function defined in a class body of the file with `__device__`
 * (`friend __host__ __device__ Cplx<T> conj(const Cplx<T>& a) {...}`)? Such a hidden friend is
 * emitted with its class and found by argument-dependent lookup, in Metal as in CUDA: the call
 * stays as written.
 */
export function isDeviceHiddenFriend(tree: Tree, name: string): boolean {
  let names = friendCache.get(tree);
  if (!names) {
    names = new Set();
    for (const cls of fileNodesOfType(tree, ['class_specifier', 'struct_specifier'])) {
      for (const m of cls.childForFieldName('body')?.namedChildren ?? []) {
        if (m.type !== 'friend_declaration') continue;
        const def = m.namedChildren.find((c) => c.type === 'function_definition');
        if (!def || !def.children.some((c) => c.type === '__device__' || c.text === '__device__')) continue;
        const fname = declaratorShape(def.childForFieldName('declarator')).name;
        if (fname) names.add(fname.text);
      }
    }
    friendCache.set(tree, names);
  }
  return names.has(name);
}

const memberNameCache = new WeakMap<Tree, Set<string>>();

/** Does some class or struct of the file declare a member function `name` (a member template too)? */
export function isClassMemberFunctionName(tree: Tree, name: string): boolean {
  let names = memberNameCache.get(tree);
  if (!names) {
    names = new Set();
    for (const cls of fileNodesOfType(tree, ['class_specifier', 'struct_specifier'])) {
      for (const m of cls.childForFieldName('body')?.namedChildren ?? []) {
        const item = m.type === 'template_declaration' ? m.namedChildren[m.namedChildren.length - 1] : m;
        if (!item || (item.type !== 'function_definition' && item.type !== 'field_declaration' && item.type !== 'declaration')) continue;
        const shape = declaratorShape(item.childForFieldName('declarator'));
        if (shape.functionDeclarator && shape.name) names.add(shape.name.text);
      }
    }
    memberNameCache.set(tree, names);
  }
  return names.has(name);
}

const functorClassCache = new WeakMap<Tree, Set<string>>();

/** Classes of the file with a call operator (`struct Op { __device__ void operator()(...); };`). */
export function functorClassesOf(tree: Tree): ReadonlySet<string> {
  let names = functorClassCache.get(tree);
  if (!names) {
    names = new Set();
    for (const cls of fileNodesOfType(tree, ['class_specifier', 'struct_specifier'])) {
      const name = cls.childForFieldName('name');
      const body = cls.childForFieldName('body');
      if (!name || !body) continue;
      const calls = body.namedChildren.some((m) => {
        const item = m.type === 'template_declaration' ? m.namedChildren.find((c) => c.type === 'function_definition' || c.type === 'field_declaration' || c.type === 'declaration') : m;
        const shape = item ? declaratorShape(item.childForFieldName('declarator')) : null;
        return !!shape?.functionDeclarator && /^operator\s*\(\s*\)$/.test(shape.name?.text ?? '');
      });
      if (calls) names.add((name.type === 'template_type' ? name.childForFieldName('name') : name)?.text ?? name.text);
    }
    functorClassCache.set(tree, names);
  }
  return names;
}

/** `Op<T>`, `const ns::Op&` → `Op`. */
function baseTypeName(t: SyntaxNode): string {
  let n: SyntaxNode | null = t;
  while (n?.type === 'qualified_identifier') n = n.childForFieldName('name');
  if (n?.type === 'template_type') n = n.childForFieldName('name');
  return n?.text ?? '';
}

/** Type parameters of the templates enclosing `n` (`template <typename Op, typename... Args>`). */
function enclosingTypeParameters(n: SyntaxNode): Set<string> {
  const out = new Set<string>();
  for (let p: SyntaxNode | null = n.parent; p; p = p.parent) {
    if (p.type !== 'template_declaration') continue;
    for (const d of p.childForFieldName('parameters')?.namedChildren ?? []) {
      if (!/type_parameter_declaration$/.test(d.type)) continue;
      const id = d.namedChildren.find((c) => c.type === 'type_identifier');
      if (id) out.add(id.text);
    }
  }
  return out;
}

/**
 * Is `name`, called as `name(...)`, an object of a class of the file with a call operator, or of
 * a template's type parameter (`Op op` in `template <typename Op> __global__ void k(Op op)`)? Its
 * declaration is looked up from the call outwards: the block's declarations before it, the
 * function's parameters, the enclosing classes' fields. Pointers, arrays and lambdas (`auto f =
 * [...]`: lambdas.ts makes their structs) are not.
 */
export function isFunctorObject(call: SyntaxNode, name: string): boolean {
  const judge = (type: SyntaxNode | null, declarator: SyntaxNode | null): boolean => {
    const shape = declaratorShape(declarator);
    if (!type || shape.pointerDepth > 0 || shape.arrayDims.length > 0 || shape.functionDeclarator) return false;
    const base = baseTypeName(type);
    if (base === 'auto') {
      const init = shape.init;
      const made = init?.type === 'call_expression' ? init.childForFieldName('function') : init?.type === 'compound_literal_expression' ? init.childForFieldName('type') : null;
      return !!made && functorClassesOf(call.tree).has(baseTypeName(made));
    }
    return functorClassesOf(call.tree).has(base) || enclosingTypeParameters(call).has(base);
  };
  const declares = (d: SyntaxNode): SyntaxNode | null => d.childrenForFieldName('declarator').find((x) => declaratorShape(x).name?.text === name) ?? null;
  for (let p: SyntaxNode | null = call.parent; p; p = p.parent) {
    if (p.type === 'compound_statement' || p.type === 'for_statement' || p.type === 'for_range_loop') {
      for (const s of p.namedChildren) {
        if (s.startIndex >= call.startIndex) break;
        if (s.type !== 'declaration') continue;
        const d = declares(s);
        if (d) return judge(s.childForFieldName('type'), d);
      }
    } else if (p.type === 'function_definition' || p.type === 'lambda_expression') {
      const fd = p.type === 'lambda_expression' ? p.childForFieldName('declarator') : declaratorShape(p.childForFieldName('declarator')).functionDeclarator;
      for (const prm of fd?.childForFieldName('parameters')?.namedChildren ?? []) {
        if (prm.type !== 'parameter_declaration' && prm.type !== 'optional_parameter_declaration' && prm.type !== 'variadic_parameter_declaration') continue;
        const d = prm.childForFieldName('declarator');
        if (d && declaratorShape(d).name?.text === name) return judge(prm.childForFieldName('type'), d);
      }
      if (p.type === 'lambda_expression') return false; // a lambda's body sees only its captures and parameters here
    } else if (p.type === 'field_declaration_list') {
      for (const m of p.namedChildren) {
        if (m.type !== 'field_declaration') continue;
        const d = declares(m);
        if (d) return judge(m.childForFieldName('type'), d);
      }
    }
  }
  return false;
}

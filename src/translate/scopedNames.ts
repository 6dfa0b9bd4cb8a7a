// Names qualified by a type of the program in device code: `interval_gpu<T>::empty()` (a static
// member function of a class template), `PowerOfTwo<N>::VALUE`, `Cmp::compare(a, b)` with Cmp a
// template parameter, `DeviceMemoryType::SHARED` (an enum class), `dir::x` (an unscoped enum named
// by its type). Metal is C++: all of these mean the same there, so they pass through; only the
// template arguments of the scope are translated like any type.
import type { SyntaxNode } from '../parse/parse';
import type { ProgramFacts } from './program';

/** The type a scope node names: `B` (namespace_identifier), `interval_gpu<T>` (template_type). */
function scopeTypeName(scope: SyntaxNode | null): string | null {
  if (!scope) return null;
  if (scope.type === 'namespace_identifier' || scope.type === 'type_identifier') return scope.text;
  if (scope.type === 'template_type') return scope.childForFieldName('name')?.text ?? null;
  return null;
}

/**
 * For `T::x`, `S<A>::f`, `Outer::Inner::x` whose first scope is a type the program defines (a
 * struct, class, enum or typedef, or a template parameter): the nodes whose template arguments
 * the caller translates (each scope's template_type and a trailing template-id's arguments).
 * null when the scope is no type of the program (a namespace, std::...).
 */
export function typeScopedParts(n: SyntaxNode, program: Pick<ProgramFacts, 'definedTypes'>): SyntaxNode[] | null {
  if (n.type !== 'qualified_identifier') return null;
  const first = scopeTypeName(n.childForFieldName('scope'));
  if (first === null || !program.definedTypes.has(first)) return null;
  const parts: SyntaxNode[] = [];
  for (let q: SyntaxNode | null = n; q; ) {
    const scope = q.childForFieldName('scope');
    if (scope?.type === 'template_type') parts.push(scope.childForFieldName('arguments') ?? scope);
    const name: SyntaxNode | null = q.childForFieldName('name');
    if (name?.type === 'qualified_identifier') {
      q = name;
      continue;
    }
    const tf = name?.type === 'dependent_name' ? name.namedChildren[0] : name;
    if (tf?.type === 'template_function' || tf?.type === 'template_type') {
      const args = tf.childForFieldName('arguments');
      if (args) parts.push(args);
    }
    q = null;
  }
  return parts;
}

/**
 * Where `thread ` goes in a member function that returns a reference without an address space
 * (`T &lower()`, `T const &lower() const`, `const T& at(int i)`): before the first qualifier or the
 * return type. null for anything else (a free function, a value, a reference already qualified).
 */
export function memberReferenceReturnAt(fn: SyntaxNode, ret: SyntaxNode): { type: number; member: number } | null {
  if (fn.parent?.type !== 'field_declaration_list' && fn.parent?.parent?.type !== 'field_declaration_list') return null;
  const d = fn.childForFieldName('declarator');
  if (d?.type !== 'reference_declarator') return null;
  const quals = fn.children.filter((c) => c.type === 'type_qualifier' && c.endIndex <= ret.startIndex);
  if (fn.children.some((c) => c.endIndex <= (d.startIndex) && /^(thread|device|constant|threadgroup)$/.test(c.text))) return null;
  const fd = d.namedChildren.find((c) => c.type === 'function_declarator');
  if (!fd) return null;
  // The member itself is `thread` too (`T& lower() thread`): its `this`, and so the fields it
  // returns, are in thread memory (what Metal assumes of an unqualified member; the msl-cpu model's
  // unqualified `this` is generic, which a `thread` reference could not bind).
  return { type: quals[0]?.startIndex ?? ret.startIndex, member: fd.endIndex };
}

/**
 * `Vec<float, N>`, `PowerOfTwo<LOGICAL_WARP_THREADS>`, `Vec<T, VEC_SIZE>` with `constexpr int
 * VEC_SIZE = ...` in the function: the grammar cannot tell a value argument written as a bare name
 * from a type. Such a name is a value when it is no type of the program and the program declares
 * it as a value: a macro or file-scope constant, a template's non-type parameter, or a local of the
 * enclosing function (a `constexpr` or `const` variable, a parameter).
 */
export function isValueTemplateArgument(n: SyntaxNode, program: Pick<ProgramFacts, 'definedTypes' | 'constants' | 'functions'>): boolean {
  if (n.type !== 'type_identifier' || n.parent?.type !== 'type_descriptor' || n.parent.parent?.type !== 'template_argument_list') return false;
  if (n.parent.namedChildren.length !== 1) return false;
  const name = n.text;
  if (program.definedTypes.has(name)) return false;
  if (program.constants.has(name)) return true;
  if (program.functions.some((f) => f.templateParams?.some((p) => p.kind === 'value' && p.name === name))) return true;
  for (let p: SyntaxNode | null = n.parent; p; p = p.parent) {
    if (p.type === 'template_declaration' && templateValueParams(p).has(name)) return true;
    if (p.type === 'function_definition' && new RegExp(`\\b${name}\\s*(=|\\{|\\[|;|,|\\))`).test(p.text)) return true;
  }
  return false;
}

function templateValueParams(t: SyntaxNode): Set<string> {
  const out = new Set<string>();
  for (const p of t.childForFieldName('parameters')?.namedChildren ?? []) {
    if (p.type !== 'parameter_declaration' && p.type !== 'optional_parameter_declaration') continue;
    const d = p.childForFieldName('declarator');
    const id = d?.type === 'identifier' ? d : d?.descendantsOfType('identifier')[0];
    if (id) out.add(id.text);
  }
  return out;
}

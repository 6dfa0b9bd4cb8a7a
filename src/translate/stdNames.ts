// `std::` names in device code (table: tables/stdNames.ts). A qualified name `std::rest` is
// split into the scope to drop or replace and the rest, which is then translated as if written
// without it: `std::numeric_limits<uint64_t>::max()` → `metal::numeric_limits<ulong>::max()`,
// `std::abs(x)` → the Functions table's `abs`.
import type { SyntaxNode } from '../parse/parse';
import type { ProgramFacts } from './program';
import { FUNCTION_BY_NAME } from './tables/functions';
import { THRUST_DEVICE_NAMES } from './tables/thrust';
import { STD_CLASS_TEMPLATES, STD_DECAY_ALIAS, STD_POLYFILLED_FUNCTIONS, STD_POLYFILLED_TEMPLATES, STD_SCALAR_TYPES, STD_SCOPES, STD_TYPE_ALIASES, STD_VALUE_CATEGORY_CASTS, STD_VALUE_TRAITS } from './tables/stdNames';

/** `std::rest` (or `cuda::std::rest`): the node of `rest`; null for other qualified names. */
function stdRest(n: SyntaxNode): SyntaxNode | null {
  if (n.type !== 'qualified_identifier') return null;
  const name = n.childForFieldName('name');
  if (!name) return null;
  const scope = n.text.slice(0, name.startIndex - n.startIndex).replace(/\s+/g, '');
  if (STD_SCOPES.has(scope.replace(/::$/, ''))) return name;
  // `thrust::pair`, `thrust::make_pair`, `thrust::tie`: the same polyfills as std's (tables/thrust.ts).
  const thrustName = /^\w+/.exec(name.text)?.[0] ?? '';
  if (/^(?:::)?thrust::$/.test(scope) && thrustName !== 'device_ptr' && THRUST_DEVICE_NAMES.has(thrustName)) return name;
  // `cuda::std::x` parses as cuda :: (std :: x)
  return scope === 'cuda::' || scope === '::cuda::' ? stdRest(name) : null;
}

/**
 * `std::numeric_limits<T>::max` & co. (an expression or a type): the rest of the name and the
 * template arguments to translate, or null when it is not a class template of the table.
 */
export function stdClassTemplateUse(n: SyntaxNode): { rest: SyntaxNode; name: string; typeArgs: SyntaxNode[] } | null {
  const rest = stdRest(n);
  if (!rest) return null;
  // (`thrust::complex<float>(c, s)`: a construction, whose callee is a template_function)
  const tmpl = rest.type === 'qualified_identifier' ? rest.childForFieldName('scope') : rest.type === 'template_type' || rest.type === 'template_function' ? rest : null;
  const name = tmpl?.childForFieldName('name')?.text ?? '';
  if (tmpl?.type === 'template_function' && STD_POLYFILLED_TEMPLATES.has(name)) return { rest, name, typeArgs: (tmpl.childForFieldName('arguments')?.namedChildren ?? []).filter((a) => a.type === 'type_descriptor') };
  if (tmpl?.type !== 'template_type' || !(STD_CLASS_TEMPLATES.has(name) || STD_POLYFILLED_TEMPLATES.has(name))) return null;
  return { rest, name, typeArgs: (tmpl.childForFieldName('arguments')?.namedChildren ?? []).filter((a) => a.type === 'type_descriptor') };
}

/**
 * `std::is_same_v<A, B>` (a value) or `std::make_unsigned_t<T>` (a type): the name node to replace
 * by the class template's, the template arguments, and what the use becomes around it
 * (`metal::is_same<A, B>::value`, `typename metal::make_unsigned<T>::type`); null otherwise.
 */
export function stdTraitShorthand(n: SyntaxNode): { rest: SyntaxNode; name: SyntaxNode; trait: string; typeArgs: SyntaxNode[]; valueArgs: SyntaxNode[]; kind: 'value' | 'type' } | null {
  const rest = stdRest(n);
  if (rest?.type !== 'template_function' && rest?.type !== 'template_type') return null;
  const name = rest.childForFieldName('name');
  if (!name) return null;
  const value = STD_VALUE_TRAITS.get(name.text);
  const alias = name.text === STD_DECAY_ALIAS ? 'remove_cv<typename metal::remove_reference' : STD_TYPE_ALIASES.get(name.text);
  if (!value && !alias) return null;
  const all = rest.childForFieldName('arguments')?.namedChildren ?? [];
  const typeArgs = all.filter((a) => a.type === 'type_descriptor');
  const valueArgs = all.filter((a) => a.type !== 'type_descriptor' && a.type !== 'comment');
  return { rest, name, trait: (value ?? alias)!, typeArgs, valueArgs, kind: value ? 'value' : 'type' };
}

/** `std::forward<T>(t)`, `std::move(x)`: the callee node when the call only casts its argument's value category. */
export function stdValueCategoryCast(f: SyntaxNode, program: ProgramFacts): boolean {
  const rest = stdRest(f);
  const name = rest?.type === 'template_function' ? rest.childForFieldName('name') : rest;
  return name?.type === 'identifier' && STD_VALUE_CATEGORY_CASTS.has(name.text) && !program.definitions.has(name.text);
}

/** `std::sqrt` as a callee: the name node (`sqrt`) when the Functions table has it and the program does not define it. */
export function stdFunctionName(f: SyntaxNode, program: ProgramFacts): SyntaxNode | null {
  const rest = stdRest(f);
  if (rest?.type !== 'identifier' || program.definitions.has(rest.text)) return null;
  return FUNCTION_BY_NAME.has(rest.text) ? rest : null;
}

/** `std::uint8_t` (a type): the node of `uint8_t`, which MSL names without the scope; null otherwise. */
export function stdScalarType(n: SyntaxNode): SyntaxNode | null {
  const rest = stdRest(n);
  return rest && (rest.type === 'type_identifier' || rest.type === 'identifier') && STD_SCALAR_TYPES.has(rest.text) ? rest : null;
}

/**
 * `std::make_pair`/`thrust::tie` as a callee: where its name ends (template arguments stay) and
 * the polyfill it becomes (tables/stdNames.ts); null otherwise.
 */
export function stdPolyfilledFunction(f: SyntaxNode, program: ProgramFacts): { msl: string; definition: string; of?: 'complex' | 'tuple'; end: number } | null {
  const rest = stdRest(f);
  const name = rest?.type === 'template_function' ? rest.childForFieldName('name') : rest;
  if (name?.type !== 'identifier' || program.definitions.has(name.text)) return null;
  const p = STD_POLYFILLED_FUNCTIONS.get(name.text);
  return p ? { ...p, end: name.endIndex } : null;
}

/** The end of the `<...>` that opens at `open` (the index of `<`), or -1 when it does not close. */
function closingAngle(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '<' || c === '(') depth++;
    else if (c === '>' || c === ')') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/**
 * A template head copied into the MSL as text (`template <typename T, typename =
 * std::enable_if_t<std::is_integral<T>::value>>`): its `std::` traits written as the body's are
 * (Metal has no namespace std, so clang's msl-cpu model would accept what Metal rejects):
 * `std::is_same` → `metal::is_same`, `std::X_t<A>` → `typename metal::X<A>::type`,
 * `std::X_v<A>` → `metal::X<A>::value`, `std::uint32_t` → `uint32_t`. Other `std::` names stay
 * (the body's translation names them).
 */
export function mslTemplateHead(head: string): string {
  let out = '';
  let i = 0;
  const re = /\b(?:cuda::)?std::([A-Za-z_]\w*)/g;
  for (let m = re.exec(head); m; m = re.exec(head)) {
    const name = m[1]!;
    out += head.slice(i, m.index);
    i = m.index + m[0].length;
    const alias = name === STD_DECAY_ALIAS ? 'decay' : STD_TYPE_ALIASES.get(name);
    const trait = STD_VALUE_TRAITS.get(name);
    const open = head.indexOf('<', i);
    const close = open >= 0 && /^\s*$/.test(head.slice(i, open)) ? closingAngle(head, open) : -1;
    if ((alias || trait) && close > 0) {
      const args = mslTemplateHead(head.slice(open + 1, close));
      if (alias === 'decay') out += `typename metal::remove_cv<typename metal::remove_reference<${args}>::type>::type`;
      else if (alias) out += `typename metal::${alias}<${args}>::type`;
      else out += `metal::${trait}<${args}>::value`;
      i = close + 1;
      re.lastIndex = i;
    } else if (STD_CLASS_TEMPLATES.has(name)) out += `metal::${name}`;
    else if (STD_SCALAR_TYPES.has(name)) out += name;
    else out += m[0];
  }
  return out + head.slice(i);
}

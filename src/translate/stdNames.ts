// `std::` names in device code (table: tables/stdNames.ts). A qualified name `std::rest` is
// split into the scope to drop or replace and the rest, which is then translated as if written
// without it: `std::numeric_limits<uint64_t>::max()` → `metal::numeric_limits<ulong>::max()`,
// `std::abs(x)` → the Functions table's `abs`.
import type { SyntaxNode } from '../parse/parse';
import type { ProgramFacts } from './program';
import { FUNCTION_BY_NAME } from './tables/functions';
import { STD_CLASS_TEMPLATES, STD_POLYFILLED_TEMPLATES, STD_SCALAR_TYPES, STD_SCOPES } from './tables/stdNames';

/** `std::rest` (or `cuda::std::rest`): the node of `rest`; null for other qualified names. */
function stdRest(n: SyntaxNode): SyntaxNode | null {
  if (n.type !== 'qualified_identifier') return null;
  const name = n.childForFieldName('name');
  if (!name) return null;
  const scope = n.text.slice(0, name.startIndex - n.startIndex).replace(/\s+/g, '');
  if (STD_SCOPES.has(scope.replace(/::$/, ''))) return name;
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
  const tmpl = rest.type === 'qualified_identifier' ? rest.childForFieldName('scope') : rest.type === 'template_type' ? rest : null;
  const name = tmpl?.childForFieldName('name')?.text ?? '';
  if (tmpl?.type !== 'template_type' || !(STD_CLASS_TEMPLATES.has(name) || STD_POLYFILLED_TEMPLATES.has(name))) return null;
  return { rest, name, typeArgs: (tmpl.childForFieldName('arguments')?.namedChildren ?? []).filter((a) => a.type === 'type_descriptor') };
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

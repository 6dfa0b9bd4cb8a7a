// `(a)*(b) - (c)*(d)`: C cannot be parsed without knowing which names are types, and
// tree-sitter's grammar sometimes reads `(b) - (c)` as a cast of `-(c)` to a type `b` (macro
// bodies write every parameter in parentheses: lulesh's TRIPLE_PRODUCT). Where such a "type" is a
// variable or parameter declared in the enclosing function (in C++ that declaration hides any type
// of the same name, so the cast reading is impossible), the parentheses around it become spaces
// and the text is parsed again: `(b) - (c)` and ` b  - (c)` are the same expression, and columns
// and lines stay. Also `(b[i]) + x`, read as a cast to an array type `b[i]`.
import type { SourceFile, SyntaxNode } from './parse';

/** The text with the parentheses of such misread casts blanked, or null when there are none. */
export function unparenthesizeValueCasts(file: SourceFile): string | null {
  if (!/[\w\]]\s*\)\s*[-+*&]/.test(file.text)) return null;
  const blanks: number[] = [];
  const valuesOf = new Map<number, Set<string>>(); // by the function's start
  for (const n of file.tree.rootNode.descendantsOfType('cast_expression')) {
    const type = n.childForFieldName('type');
    const value = n.childForFieldName('value');
    // `(b)`, or `(b[i])` (read as an array type `b[i]`)
    const id = type && (type.namedChildCount === 1 || (type.namedChildCount === 2 && type.namedChild(1)?.type === 'abstract_array_declarator')) ? type.namedChild(0) : null;
    const op = value?.child(0)?.type;
    const open = n.child(0);
    const close = type?.nextSibling;
    if (id?.type !== 'type_identifier' || !(value?.type === 'unary_expression' || value?.type === 'pointer_expression') || !(op === '-' || op === '+' || op === '*' || op === '&') || open?.type !== '(' || close?.type !== ')') continue;
    let fn: SyntaxNode | null = n.parent;
    while (fn && fn.type !== 'function_definition') fn = fn.parent;
    if (!fn) continue;
    let values = valuesOf.get(fn.startIndex);
    if (!values) valuesOf.set(fn.startIndex, (values = declaredValues(fn)));
    if (values.has(id.text)) blanks.push(open.startIndex, close.startIndex);
  }
  if (blanks.length === 0) return null;
  const chars = file.text.split('');
  for (const b of blanks) chars[b] = ' ';
  return chars.join('');
}

/** Names declared as variables or parameters in a function (its parameters and body). */
function declaredValues(fn: SyntaxNode): Set<string> {
  const out = new Set<string>();
  const name = (d: SyntaxNode | null): void => {
    while (d && d.type !== 'identifier') {
      if (d.type === 'function_declarator') return; // a function, not a value
      d = d.childForFieldName('declarator');
    }
    if (d) out.add(d.text);
  };
  const walk = (n: SyntaxNode): void => {
    if (n.type === 'parameter_declaration' || n.type === 'declaration') {
      for (const d of n.childrenForFieldName('declarator')) name(d);
    }
    for (const c of n.namedChildren) walk(c);
  };
  walk(fn);
  return out;
}

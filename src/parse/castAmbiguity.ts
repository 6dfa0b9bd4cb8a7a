// `(a)*(b) - (c)*(d)`: C cannot be parsed without knowing which names are types, and
// tree-sitter's grammar sometimes reads `(b) - (c)` as a cast of `-(c)` to a type `b` (macro
// bodies write every parameter in parentheses: lulesh's TRIPLE_PRODUCT). Where such a "type" is a
// variable or parameter declared in the enclosing function (in C++ that declaration hides any type
// of the same name, so the cast reading is impossible), the parentheses around it become spaces
// and the text is parsed again: `(b) - (c)` and ` b  - (c)` are the same expression, and columns
// and lines stay. Also `(b[i]) + x`, read as a cast to an array type `b[i]`.
//
// The same knowledge settles C++'s vexing parse the other way round: `Pair<T, int> p(val, lane());`
// in a function body, with `val` a variable of that function, can only define an object (a
// parameter type cannot be a variable), but the grammar reads a function declaration with
// parameters of types `val` and `lane()`. The variable's argument gets parentheses, `p((val),
// lane())`, which no parameter list can have: the same object definition, parsed as one (columns
// after it on that line move by two).
import type { SourceFile, SyntaxNode } from './parse';

/** The text with the parentheses of such misread casts blanked, or null when there are none. */
export function unparenthesizeValueCasts(file: SourceFile): string | null {
  if (!/[\w\]]\s*\)\s*\)?\s*[-+*&]/.test(file.text)) return null;
  const blanks: number[] = [];
  const valuesOf = new Map<number, Set<string>>(); // by the function's start
  const valuesAround = (n: SyntaxNode): Set<string> | null => {
    let fn: SyntaxNode | null = n.parent;
    while (fn && fn.type !== 'function_definition') fn = fn.parent;
    if (!fn) return null;
    let values = valuesOf.get(fn.startIndex);
    if (!values) valuesOf.set(fn.startIndex, (values = declaredValues(fn)));
    return values;
  };
  for (const n of file.tree.rootNode.descendantsOfType('cast_expression')) {
    const type = n.childForFieldName('type');
    const value = n.childForFieldName('value');
    // `(a*(b))*(c)` (wsm5's `(rv*(cpm_k))*(qs1_k)`), read as a cast to the function type `a*(b)`:
    // `b` is a variable, so it cannot be a parameter's type; without the parentheses around it
    // (` b `) no type can be read, and `a* b ` is the same product.
    const fnDecl = type?.descendantsOfType('abstract_function_declarator')[0];
    const plist = fnDecl?.childForFieldName('parameters');
    const only = plist?.namedChildCount === 1 ? plist.namedChild(0) : null;
    const onlyType = only?.type === 'parameter_declaration' && only.namedChildCount === 1 ? only.childForFieldName('type') : null;
    if (plist && onlyType?.type === 'type_identifier' && plist.child(0)?.type === '(' && plist.lastChild?.type === ')' && valuesAround(n)?.has(onlyType.text)) {
      blanks.push(plist.startIndex, plist.endIndex - 1);
      continue;
    }
    // `(b)`, or `(b[i])` (read as an array type `b[i]`)
    const id = type && (type.namedChildCount === 1 || (type.namedChildCount === 2 && type.namedChild(1)?.type === 'abstract_array_declarator')) ? type.namedChild(0) : null;
    const op = value?.child(0)?.type;
    const open = n.child(0);
    const close = type?.nextSibling;
    if (id?.type !== 'type_identifier' || !(value?.type === 'unary_expression' || value?.type === 'pointer_expression') || !(op === '-' || op === '+' || op === '*' || op === '&') || open?.type !== '(' || close?.type !== ')') continue;
    if (valuesAround(n)?.has(id.text)) blanks.push(open.startIndex, close.startIndex);
  }
  if (blanks.length === 0) return null;
  const chars = file.text.split('');
  for (const b of blanks) chars[b] = ' ';
  return chars.join('');
}

/** Variables declared at file or namespace scope (not functions, not inside function bodies). */
function fileScopeValues(root: SyntaxNode): Set<string> {
  const out = new Set<string>();
  const walk = (scope: SyntaxNode): void => {
    for (const n of scope.namedChildren) {
      if (n.type === 'namespace_definition') {
        const body = n.childForFieldName('body');
        if (body) walk(body);
      } else if (n.type === 'declaration') {
        for (let d of n.childrenForFieldName('declarator')) {
          let fn = false;
          for (let x: SyntaxNode | null = d; x && x.type !== 'identifier'; x = x.childForFieldName('declarator')) {
            if (x.type === 'function_declarator') fn = true;
            d = x;
          }
          const id = d.type === 'identifier' ? d : d.childForFieldName('declarator');
          if (!fn && id?.type === 'identifier') out.add(id.text);
        }
      }
    }
  };
  walk(root);
  return out;
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

/** The text with the vexing-parse declarations' value arguments parenthesised, or null when there are none. */
export function parenthesizeVexingArguments(file: SourceFile, isFunctionName: (name: string) => boolean = () => false): string | null {
  if (!/\w\s*>?\s*\w+\s*\(\s*\w/.test(file.text)) return null;
  const inserts: number[] = [];
  const valuesOf = new Map<number, Set<string>>();
  let fileValues: Set<string> | undefined;
  for (const n of file.tree.rootNode.descendantsOfType('declaration')) {
    const atFileScope = n.parent?.type === 'translation_unit' || n.parent?.type === 'declaration_list';
    if (n.parent?.type !== 'compound_statement' && !atFileScope) continue;
    const fds = n.childrenForFieldName('declarator').filter((d) => d.type === 'function_declarator' && d.childForFieldName('declarator')?.type === 'identifier');
    if (fds.length === 0) continue;
    let values: Set<string> | undefined;
    if (atFileScope) values = fileValues ??= fileScopeValues(file.tree.rootNode);
    else {
      let fn: SyntaxNode | null = n.parent;
      while (fn && fn.type !== 'function_definition') fn = fn.parent;
      if (!fn) continue;
      values = valuesOf.get(fn.startIndex);
      if (!values) valuesOf.set(fn.startIndex, (values = declaredValues(fn)));
    }
    const known = values;
    for (const fd of fds) {
      const params = fd.childForFieldName('parameters')?.namedChildren ?? [];
      // A "parameter type" that is a variable of this scope, or a CUDA function (`n(__popc(d &= e))`,
      // marchingCubes): no parameter can have it, so this declares an object.
      const value = params.find((p) => {
        const t = p.childForFieldName('type');
        return (p.type === 'parameter_declaration' || p.type === 'optional_parameter_declaration') && t?.type === 'type_identifier' && (known.has(t.text) || isFunctionName(t.text));
      });
      const t = value?.childForFieldName('type');
      if (!t) continue;
      if (!value!.childForFieldName('declarator')) inserts.push(t.startIndex, -t.endIndex);
      // `gridX2(gridX1* blockX)`, `d(p[0])`, `n(__popc(d &= e))`: the whole argument in parentheses,
      // which no parameter can be.
      else inserts.push(value!.startIndex, -value!.endIndex);
    }
  }
  if (inserts.length === 0) return null;
  let out = file.text;
  for (const i of [...inserts].sort((a, b) => Math.abs(b) - Math.abs(a))) out = i >= 0 ? `${out.slice(0, i)}(${out.slice(i)}` : `${out.slice(0, -i)})${out.slice(-i)}`;
  return out;
}

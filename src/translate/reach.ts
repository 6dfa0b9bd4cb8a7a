// What device code reaches, the way nvcc sees a program: the device side is the kernels and
// everything they use — device functions, the types, constants and macros named in them and,
// transitively, in those. Everything else in the file is host C++ and never judged as device code:
// a host error-check macro that calls printf and exit, a host struct of streams, a `const double`
// used by main, a `__host__ __device__` function only the host calls.
//
// Names are collected from source text (comments and literals removed), which over-approximates
// in the safe direction: a name that merely looks used pulls in one more declaration, never fewer.
import type { SyntaxNode } from '../parse/parse';
import { isDeviceVisibleConstant, topLevel, type ProgramFacts } from './program';
import { declaratorShape, hasToken } from './syntax';

/** Identifiers of a piece of C++ source, ignoring comments, string and character literals. */
export function identifiersIn(text: string): Set<string> {
  const out = new Set<string>();
  const re = /\/\*[\s\S]*?\*\/|\/\/[^\n]*|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|([A-Za-z_]\w*)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) if (m[1]) out.add(m[1]);
  return out;
}

/** The names a type item declares: `struct S {...}`, `typedef struct {...} T;`, `using U = ...;`, enumerators. */
export function typeItemNames(n: SyntaxNode): string[] {
  const names: string[] = [];
  const name = n.childForFieldName('name');
  if (name) names.push(name.text);
  if (n.type === 'type_definition') {
    for (const d of n.childrenForFieldName('declarator')) names.push(d.text.replace(/[*&\s]/g, ''));
    const inner = n.childForFieldName('type')?.childForFieldName('name');
    if (inner) names.push(inner.text);
  }
  return names;
}

/** `enum E { A, B }` (also inside a typedef): device code names the enumerators, not the enum. */
function enumeratorNames(n: SyntaxNode): string[] {
  return n.descendantsOfType('enumerator').map((e) => e.childForFieldName('name')?.text ?? '').filter(Boolean);
}

export const TYPE_ITEMS: ReadonlySet<string> = new Set(['struct_specifier', 'union_specifier', 'enum_specifier', 'type_definition', 'alias_declaration', 'class_specifier']);

export interface DeviceReach {
  /** Every name device code uses, directly or through what it uses: from the kernels, and from the
   *  file's __device__ functions (emitted even when no kernel here calls them: another unit may). */
  readonly names: ReadonlySet<string>;
  /** The names the kernels alone reach. */
  readonly fromKernels: ReadonlySet<string>;
  /** Is this top-level item (macro, type, constant) part of the device side? */
  reaches(item: SyntaxNode): boolean;
}

/** The names a top-level item declares, for the reachability graph; empty for host-only items. */
function declaredBy(item: SyntaxNode): string[] {
  switch (item.type) {
    case 'preproc_def':
    case 'preproc_function_def': {
      const name = item.childForFieldName('name');
      return name ? [name.text] : [];
    }
    case 'declaration': {
      const shape = declaratorShape(item.childForFieldName('declarator'));
      if (shape.functionDeclarator) return [];
      if (isDeviceVisibleConstant(item) || hasToken(item, '__device__') || hasToken(item, '__constant__') || hasToken(item, '__shared__')) {
        return item.childrenForFieldName('declarator').map((c) => declaratorShape(c).name?.text ?? '').filter(Boolean);
      }
      return [];
    }
    case 'template_declaration': {
      // `template <typename T> struct S {...};`: a class template is a type item like S.
      const inner = item.namedChildren[item.namedChildren.length - 1];
      return inner && TYPE_ITEMS.has(inner.type) ? typeItemNames(inner) : [];
    }
    default:
      if (TYPE_ITEMS.has(item.type)) return [...typeItemNames(item), ...enumeratorNames(item)];
      return [];
  }
}

/** The text whose names an item uses: a macro's replacement list, a type's body, a constant's declaration. */
function usesOf(item: SyntaxNode): string {
  if (item.type === 'preproc_def' || item.type === 'preproc_function_def') {
    const value = item.childForFieldName('value')?.text ?? '';
    // A function-like macro's parameters are not uses.
    const params = item.type === 'preproc_function_def' ? identifiersIn(item.childForFieldName('parameters')?.text ?? '') : new Set<string>();
    return [...identifiersIn(value)].filter((x) => !params.has(x)).join(' ');
  }
  return item.text;
}

/** `extraRoots`: more text whose names device code uses (types that instantiate kernel templates). */
export function deviceReach(program: ProgramFacts, extraRoots: readonly string[] = []): DeviceReach {
  // name → the items that declare it (a name may have several: #if/#else alternatives, overloads).
  const items = new Map<string, string[]>();
  const declare = (name: string, uses: string): void => {
    const list = items.get(name);
    if (list) list.push(uses);
    else items.set(name, [uses]);
  };
  for (const item of topLevel(program.file.tree.rootNode)) {
    for (const name of declaredBy(item)) declare(name, usesOf(item));
  }
  for (const f of program.functions) {
    if (f.role === 'device' || f.role === 'hostdevice' || f.role === 'kernel') declare(f.name, f.node.text);
  }

  const closure = (roots: readonly string[]): Set<string> => {
    const names = new Set<string>();
    const work: string[] = [];
    const use = (text: string): void => {
      for (const id of identifiersIn(text)) {
        if (!names.has(id)) {
          names.add(id);
          work.push(id);
        }
      }
    };
    for (const text of roots) use(text);
    // Conditions of preprocessor conditionals that stay in the MSL: their macros must be defined there too.
    for (const c of program.file.tree.rootNode.descendantsOfType(['preproc_if', 'preproc_elif', 'preproc_ifdef', 'preproc_elifdef'])) {
      use((c.childForFieldName('condition') ?? c.childForFieldName('name'))?.text ?? '');
    }
    for (let id = work.pop(); id !== undefined; id = work.pop()) for (const text of items.get(id) ?? []) use(text);
    return names;
  };
  const fromKernels = closure(program.functions.filter((f) => f.role === 'kernel').map((f) => f.node.text));
  const names = closure([...program.functions.filter((f) => f.role === 'kernel' || (f.role === 'device' && f.body)).map((f) => f.node.text), ...extraRoots]);

  return {
    names,
    fromKernels,
    reaches: (item) => {
      const declared = declaredBy(item);
      return declared.length > 0 && declared.some((x) => names.has(x));
    },
  };
}

// Address spaces of pointers real programs write (function.ts and typed.ts ask these):
//   - a null pointer (`NULL`, `nullptr`, `0`, `(float*)0`) converts to a pointer of any space: as a
//     helper's argument it takes the space another call of the helper gives that parameter, else
//     device (MSL overloads on address space, so any instance accepts it);
//   - a string literal is in constant memory;
//   - `this` of a member function points into thread memory (Metal's unqualified member functions
//     are `thread`), and so do the members it names;
//   - an array member (`s.a`, `p->a`) points into the memory of its object;
//   - `auto q = p + i` is a pointer when its initialiser is one;
//   - a helper returning a pointer returns into the space of what its return statements point into,
//     per instance of its parameters' spaces.
import type { SyntaxNode, Tree } from '../parse/parse';
import { fileNodesOfType } from '../parse/nodeIndex';
import type { FunctionFacts } from './program';

export type Space = 'device' | 'constant' | 'threadgroup' | 'thread';

const NULL_POINTER = /^(NULL|nullptr|0[uUlL]*|\(\s*[\w\s]+\*\s*\)\s*(0|NULL|nullptr)|(static|reinterpret)_cast\s*<[^>]*\*\s*>\s*\(\s*(0|NULL|nullptr)\s*\))$/;

/** Is `e` a null pointer constant (as far as the source spells one)? */
export function isNullPointer(e: SyntaxNode): boolean {
  return NULL_POINTER.test(e.text.trim());
}

/** The space a null argument of `callee`'s parameter `index` takes: the one an earlier call gave it, else device. */
export function nullArgumentSpace(calls: readonly { readonly fn: FunctionFacts; readonly spaces: readonly (Space | null)[] }[], callee: FunctionFacts, index: number): Space {
  for (const c of calls) if (c.fn === callee && c.spaces[index]) return c.spaces[index]!;
  return 'device';
}

/** The class whose member function `fn` is (its definition sits in the class body), or null. */
export function enclosingClass(fn: SyntaxNode): SyntaxNode | null {
  for (let p: SyntaxNode | null = fn.parent; p; p = p.parent) {
    if (p.type === 'field_declaration_list') return p.parent;
    if (p.type === 'translation_unit') return null;
  }
  return null;
}

/** A data member of the class around `fn` named `name`: its declaration's type text, pointer depth and array rank. */
export function memberField(fn: SyntaxNode, name: string): { readonly type: string; readonly pointerDepth: number; readonly arrays: number } | null {
  const cls = enclosingClass(fn);
  const body = cls?.childForFieldName('body');
  if (!body) return null;
  for (const m of body.namedChildren) {
    if (m.type !== 'field_declaration') continue;
    const type = m.childForFieldName('type');
    for (const d of m.childrenForFieldName('declarator')) {
      let cur: SyntaxNode | null = d;
      let pointerDepth = 0;
      let arrays = 0;
      while (cur && cur.type !== 'field_identifier' && cur.type !== 'identifier') {
        // A member function's prototype (`long numElements() const;`) is no data member: the next.
        if (cur.type === 'function_declarator') cur = null;
        else {
          if (cur.type === 'pointer_declarator') pointerDepth++;
          if (cur.type === 'array_declarator') arrays++;
          cur = cur.childForFieldName('declarator');
        }
      }
      if (cur?.text === name && type) return { type: type.text, pointerDepth, arrays };
    }
  }
  return null;
}

/** The expressions a function's `return` statements return (not those of lambdas inside it). */
export function returnedExpressions(body: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (const r of body.descendantsOfType('return_statement')) {
    let inLambda = false;
    for (let p = r.parent; p && p.id !== body.id; p = p.parent) if (p.type === 'lambda_expression') inLambda = true;
    const e = r.namedChildren[0];
    if (!inLambda && e && e.type !== 'comment') out.push(e);
  }
  return out;
}

const stringNames = new WeakMap<object, Map<string, string>>();

/**
 * A string literal used as a pointer (`(const uint8_t*)"expand 32-byte k"`): a program-scope
 * `constant` array holding it (`constant char cu2m_str_0[] = "...";`), named once per program and
 * text. Metal reads it through `constant` pointers; the msl-cpu model keeps program-scope constants
 * in a space `constant` pointers can be cast from (a bare literal is in OpenCL's own __constant).
 * Returns the array's name; the definition goes into `polyfills`.
 */
export function hoistedString(program: object, polyfills: Map<string, string>, literal: string): string {
  const names = stringNames.get(program) ?? new Map<string, string>();
  stringNames.set(program, names);
  const known = names.get(literal);
  if (known) return known;
  const name = `cu2m_str_${names.size}`;
  names.set(literal, name);
  polyfills.set(`string:${name}`, `constant char ${name}[] = ${literal}; // a string literal the device code points into`);
  return name;
}

export const isStringLiteral = (e: SyntaxNode): boolean => e.type === 'string_literal' || e.type === 'concatenated_string' || (e.type === 'parenthesized_expression' && e.namedChildren.length === 1 && isStringLiteral(e.namedChildren[0]!));

const arrayFieldNames = new WeakMap<object, { arrays: Set<string>; pointers: Set<string> }>();

/**
 * Is `name` a member declared only as an array (never as a pointer) in the file's classes and
 * structs, anonymous ones included (`struct { float data[4]; } val;`)? Then `x.name` decays to a
 * pointer into x's memory even where the view cannot type `x` (a template's dependent type).
 */
export function onlyArrayField(program: { readonly file: { readonly tree: Tree } }, name: string): boolean {
  let known = arrayFieldNames.get(program);
  if (!known) {
    known = { arrays: new Set(), pointers: new Set() };
    const members = fileNodesOfType(program.file.tree, ['struct_specifier', 'class_specifier', 'union_specifier']).flatMap((c) => c.childForFieldName('body')?.namedChildren ?? []);
    for (const f of members.filter((m) => m.type === 'field_declaration')) {
      for (const d of f.childrenForFieldName('declarator')) {
        let cur: SyntaxNode | null = d;
        let array = false;
        let pointer = false;
        while (cur && cur.type !== 'field_identifier' && cur.type !== 'identifier') {
          if (cur.type === 'array_declarator') array = true;
          if (cur.type === 'pointer_declarator' || cur.type === 'reference_declarator' || cur.type === 'function_declarator') pointer = true;
          cur = cur.childForFieldName('declarator');
        }
        if (!cur) continue;
        if (pointer) known.pointers.add(cur.text);
        else if (array) known.arrays.add(cur.text);
      }
    }
    arrayFieldNames.set(program, known);
  }
  return known.arrays.has(name) && !known.pointers.has(name);
}

/**
 * For each member function named `name` of the class around `fn` (overloads included), which of its
 * parameters are pointers (emitted in device memory by default, with one more overload per
 * combination of spaces its calls pass: memberInstance).
 */
export function memberPointerParams(fn: SyntaxNode, name: string): boolean[][] {
  return memberOverloads(fn, name).map((o) => o.pointers);
}

/** The member functions named `name` of the class around `fn`: each definition and which of its parameters are pointers (`references`: which are references). */
export function memberOverloads(fn: SyntaxNode, name: string): MemberOverload[] {
  const cls = enclosingClass(fn);
  return cls ? memberOverloadsOf(cls, name) : [];
}

export interface MemberOverload { readonly def: SyntaxNode; readonly pointers: boolean[]; readonly references: boolean[]; readonly required: number; readonly isStatic: boolean }

/** The class or struct of the file named `name` (with a body), or null. */
export function classNamed(program: { readonly file: { readonly tree: Tree } }, name: string): SyntaxNode | null {
  return fileNodesOfType(program.file.tree, ['struct_specifier', 'class_specifier']).find((c) => c.childForFieldName('name')?.text === name && c.childForFieldName('body')) ?? null;
}

/** The member functions named `name` defined in class `cls`'s body. */
export function memberOverloadsOf(cls: SyntaxNode, name: string): MemberOverload[] {
  const body = cls.childForFieldName('body');
  if (!body) return [];
  const out: MemberOverload[] = [];
  for (const m of body.namedChildren) {
    const def = m.type === 'template_declaration' ? m.namedChildren.find((c) => c.type === 'function_definition') : m;
    if (def?.type !== 'function_definition') continue;
    let d: SyntaxNode | null = def.childForFieldName('declarator');
    while (d && d.type !== 'function_declarator') d = d.childForFieldName('declarator');
    if (!d || d.childForFieldName('declarator')?.text !== name) continue;
    const params = (d.childForFieldName('parameters')?.namedChildren ?? []).filter((p) => p.type === 'parameter_declaration' || p.type === 'optional_parameter_declaration');
    const shapes = params.map((p) => {
      let x: SyntaxNode | null = p.childForFieldName('declarator');
      let pointer = false;
      let reference = false;
      while (x) {
        if (x.type === 'pointer_declarator' || x.type === 'array_declarator' || x.type === 'abstract_pointer_declarator' || x.type === 'abstract_array_declarator') pointer = true;
        if (x.type === 'reference_declarator' || x.type === 'abstract_reference_declarator') reference = true;
        x = x.childForFieldName('declarator') ?? (x.type === 'reference_declarator' ? (x.namedChildren[0] ?? null) : null);
      }
      return { pointer, reference };
    });
    const isStatic = def.children.some((c) => c.type === 'storage_class_specifier' && c.text === 'static');
    out.push({ def, pointers: shapes.map((x) => x.pointer), references: shapes.map((x) => x.reference), required: params.filter((p) => p.type === 'parameter_declaration').length, isStatic });
  }
  return out;
}

/**
 * Instances of member functions beyond the default one (pointers in device memory, references in
 * thread memory): a call passing a pointer into other memory (a local array, a `__constant__`
 * array, a string literal) asks for the member with those spaces, which the class then emits as
 * one more overload beside the default (MSL overloads on address space, as free helpers get one
 * instance per space). Keyed by the member's definition node; per program.
 */
const memberInstances = new WeakMap<object, Map<number, Map<string, readonly (Space | null)[]>>>();

/** Notes that member `def` is called with `spaces`; true when that instance is new. */
export function noteMemberInstance(program: object, def: SyntaxNode, spaces: readonly (Space | null)[]): boolean {
  let perProgram = memberInstances.get(program);
  if (!perProgram) memberInstances.set(program, (perProgram = new Map()));
  let perDef = perProgram.get(def.id);
  if (!perDef) perProgram.set(def.id, (perDef = new Map()));
  const key = spaces.map((s) => s ?? '-').join(',');
  if (perDef.has(key)) return false;
  perDef.set(key, spaces);
  return true;
}

const threadMembers = new WeakMap<object, Set<string>>();

/**
 * Notes whether the instance `spaces` of member `def` came out `thread`-qualified (it hands out
 * pointers into its object): a sibling calling it through `this` must be `thread` too, since an
 * unqualified member's object may be in any memory. True when that changed what was known.
 */
export function noteThreadMember(program: object, def: SyntaxNode, spaces: readonly (Space | null)[], thread: boolean): boolean {
  let set = threadMembers.get(program);
  if (!set) threadMembers.set(program, (set = new Set()));
  const key = `${def.id}:${spaces.map((s) => s ?? '-').join(',')}`;
  if (set.has(key) === thread) return false;
  if (thread) set.add(key);
  else set.delete(key);
  return true;
}

export function isThreadMember(program: object, def: SyntaxNode, spaces: readonly (Space | null)[]): boolean {
  return threadMembers.get(program)?.has(`${def.id}:${spaces.map((s) => s ?? '-').join(',')}`) ?? false;
}

/** The instances other than the default that calls asked of member `def` (noteMemberInstance). */
export function memberInstancesOf(program: object, def: SyntaxNode): (readonly (Space | null)[])[] {
  return [...(memberInstances.get(program)?.get(def.id)?.values() ?? [])];
}

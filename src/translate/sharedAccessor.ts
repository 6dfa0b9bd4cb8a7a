// Shared-memory accessor types: a struct whose member functions only return the kernel's dynamic
// shared memory.
//
// Kernel templates cannot declare `extern __shared__ T s[];` for several T (the declarations
// conflict), so real code wraps the array in a small type and converts:
//
//   template <class T> struct SharedMemory {
//     __device__ operator T *() { extern __shared__ int __smem[]; return (T *)__smem; }
//   };
//   ... T *sdata = SharedMemory<T>();                    (conversion operator)
//   ... SharedMemory<T> smem; T *sdata = smem.getPointer();   (getter)
//
// Metal allows threadgroup memory only at kernel scope, so the type itself is not emitted; each
// kernel that uses it takes the dynamic threadgroup memory as its [[threadgroup(0)]] parameter
// (named after the type's array) and the conversion becomes a cast of that parameter:
//
//   kernel void reduce0(..., threadgroup int* __smem [[threadgroup(0)]], ...)
//   { threadgroup T *sdata = (threadgroup T*)__smem; /* SharedMemory<T>() */ ... }
//
// A type qualifies when it has no data members and each of its member functions is exactly
// `extern __shared__ E name[]; return name;` (a cast around `name` allowed), as a conversion
// operator to a pointer or as a method returning a pointer; or the element operators of
// cuda-samples' cudasharedmem.h, `T &operator[](int i) { extern __shared__ T name[]; return
// name[i]; }` and `T &operator*() { ...; return *name; }`, whose uses `smem[i]` and `*smem` read
// `((threadgroup T*)__smem)[i]` and `*((threadgroup T*)__smem)`. Specialisations (`template <>
// struct SharedMemory<double>`) are merged with the primary template: they alias the same memory;
// a primary made of pure virtual members (`virtual T &operator*() = 0;`, which keeps other types
// from compiling) only names them.
//
// A `__device__` helper that uses the type reads the kernel's dynamic memory that the kernel passes
// down (externShared.ts: the helper counts as declaring `extern __shared__`).
import type { SyntaxNode } from '../parse/parse';
import { fileNodesOfType } from '../parse/nodeIndex';
import type { ProgramFacts } from './program';
import { declaratorShape, sameNode, specifierTokens } from './syntax';

export interface SharedAccessor {
  /** The type's name (`SharedMemory`). */
  readonly type: string;
  /** Has `operator T*()`: a temporary or variable of the type converts to the memory. */
  readonly conversion: boolean;
  /** Member functions returning the memory (`getPointer`). */
  readonly getters: ReadonlySet<string>;
  /** Has `T &operator[](int)` returning element i of the memory: `v[i]` reads it. */
  readonly subscript: boolean;
  /** Has `T &operator*()` returning its first element: `*v` reads it. */
  readonly deref: boolean;
  /** The extern array of the primary definition and its CUDA element type: the kernel parameter. */
  readonly array: string;
  readonly elemType: string;
  /** A non-template type: the pointee type its members return (a template's is its first argument). */
  readonly pointee: string | null;
}

/** One read of the memory through an accessor, and the element type of the pointer it gives. */
export interface AccessorUse {
  readonly accessor: SharedAccessor;
  readonly elem: string;
}

interface AccessorMember {
  readonly conversion: boolean;
  readonly getter: string | null;
  readonly subscript?: boolean;
  readonly deref?: boolean;
  readonly array: string;
  readonly elemType: string;
  readonly pointee: string;
}

/** `operator[]` or `operator*` of `T &operator[](int i)` / `T &operator*()` (a reference to one element); null if other. */
function elementOperator(decl: SyntaxNode): { op: 'subscript' | 'deref'; index: string | null } | null {
  if (decl.type !== 'reference_declarator') return null;
  const fd = decl.namedChildren[0];
  if (fd?.type !== 'function_declarator') return null;
  const name = fd.childForFieldName('declarator');
  const params = (fd.childForFieldName('parameters')?.namedChildren ?? []).filter((p) => p.type !== 'comment');
  if (name?.type !== 'operator_name') return null;
  const op = name.text.replace(/\s+/g, '');
  if (op === 'operator*' && params.length === 0) return { op: 'deref', index: null };
  if (op !== 'operator[]' || params.length !== 1 || params[0]!.type !== 'parameter_declaration') return null;
  const index = declaratorShape(params[0]!.childForFieldName('declarator')).name?.text ?? null;
  return index ? { op: 'subscript', index } : null;
}

/** A pure virtual member (`virtual __device__ T &operator[](int i) = 0;`): it only names the member. */
function pureVirtualMember(c: SyntaxNode): AccessorMember | null {
  if (c.type !== 'field_declaration' || !/^virtual\b/.test(c.text) || !/=\s*0\s*;$/.test(c.text)) return null;
  const decl = c.childForFieldName('declarator');
  const e = decl ? elementOperator(decl) : null;
  if (!e) return null;
  return { conversion: false, getter: null, subscript: e.op === 'subscript', deref: e.op === 'deref', array: '', elemType: '', pointee: c.childForFieldName('type')?.text ?? '' };
}

/** One member function, if it is `extern __shared__ E a[]; return (cast) a;` (or `return a[i];` / `return *a;` of an element operator). */
function accessorMember(m: SyntaxNode): AccessorMember | null {
  const decl = m.childForFieldName('declarator');
  const body = m.childForFieldName('body');
  if (!decl || !body) return null;
  const element = elementOperator(decl);
  if (element) return elementMember(m, body, element);
  let conversion = false;
  let getter: string | null = null;
  let pointee = '';
  if (decl.type === 'operator_cast') {
    if (!decl.namedChildren.some((c) => c.type === 'abstract_pointer_declarator')) return null;
    conversion = true;
    pointee = decl.childForFieldName('type')?.text ?? '';
  } else {
    pointee = m.childForFieldName('type')?.text ?? '';
    const s = declaratorShape(decl);
    if (s.pointerDepth !== 1 || !s.functionDeclarator || !s.name) return null;
    if ((s.functionDeclarator.childForFieldName('parameters')?.namedChildren.length ?? 0) > 0) return null;
    getter = s.name.text;
  }
  const stmts = body.namedChildren.filter((c) => c.type !== 'comment');
  // The unspecialised template of simpleTemplates' sharedmem.cuh: `error(); return NULL;` keeps
  // other types from compiling. It names the members; the specialisations give the memory.
  const last = stmts[stmts.length - 1];
  if (last?.type === 'return_statement' && /^(NULL|0|nullptr)$/.test(last.namedChildren[0]?.text ?? '') && !body.text.includes('__shared__')) {
    return { conversion, getter, array: '', elemType: '', pointee };
  }
  const [d, r] = stmts;
  if (stmts.length !== 2 || d?.type !== 'declaration' || r?.type !== 'return_statement') return null;
  const toks = specifierTokens(d);
  if (!toks.some((t) => t.type === 'extern') || !toks.some((t) => t.text === '__shared__')) return null;
  const shape = declaratorShape(d.childForFieldName('declarator'));
  const type = d.childForFieldName('type');
  if (!shape.name || shape.arrayDims.length !== 1 || shape.pointerDepth > 0 || !type) return null;
  let e: SyntaxNode | undefined = r.namedChildren[0];
  while (e && (e.type === 'cast_expression' || e.type === 'parenthesized_expression' || e.type === 'call_expression')) {
    if (e.type === 'cast_expression') e = e.childForFieldName('value') ?? undefined;
    else if (e.type === 'parenthesized_expression') e = e.namedChildren[0];
    else {
      const f = e.childForFieldName('function');
      if (f?.type !== 'template_function' || !/^(static|reinterpret)_cast$/.test(f.childForFieldName('name')?.text ?? '')) return null;
      e = e.childForFieldName('arguments')?.namedChildren[0];
    }
  }
  if (e?.type !== 'identifier' || e.text !== shape.name.text) return null;
  return { conversion, getter, array: shape.name.text, elemType: type.text, pointee };
}

/** The shared array's declaration of `extern __shared__ E a[];`: its name and element type; null if other. */
function externArray(d: SyntaxNode | undefined): { array: string; elemType: string } | null {
  if (d?.type !== 'declaration') return null;
  const toks = specifierTokens(d);
  if (!toks.some((t) => t.type === 'extern') || !toks.some((t) => t.text === '__shared__')) return null;
  const shape = declaratorShape(d.childForFieldName('declarator'));
  const type = d.childForFieldName('type');
  if (!shape.name || shape.arrayDims.length !== 1 || shape.pointerDepth > 0 || !type) return null;
  return { array: shape.name.text, elemType: type.text };
}

/** `T &operator[](int i) { extern __shared__ T a[]; return a[i]; }` or `T &operator*() { ...; return *a; }`. */
function elementMember(m: SyntaxNode, body: SyntaxNode, e: { op: 'subscript' | 'deref'; index: string | null }): AccessorMember | null {
  const stmts = body.namedChildren.filter((c) => c.type !== 'comment');
  const [d, r] = stmts;
  const arr = externArray(d);
  if (stmts.length !== 2 || !arr || r?.type !== 'return_statement') return null;
  let v = r.namedChildren[0];
  while (v?.type === 'parenthesized_expression') v = v.namedChildren[0];
  if (e.op === 'deref') {
    if (v?.type !== 'pointer_expression' || v.childForFieldName('operator')?.text !== '*') return null;
    const a = v.childForFieldName('argument');
    if (a?.type !== 'identifier' || a.text !== arr.array) return null;
  } else {
    if (v?.type !== 'subscript_expression') return null;
    const a = v.childForFieldName('argument');
    const idx = v.childForFieldName('indices')?.namedChildren ?? v.namedChildren.slice(1);
    if (a?.type !== 'identifier' || a.text !== arr.array || idx.length !== 1 || idx[0]!.text !== e.index) return null;
  }
  if (normalise(m.childForFieldName('type')?.text) !== normalise(arr.elemType)) return null; // returns an element of the array's type
  return { conversion: false, getter: null, subscript: e.op === 'subscript', deref: e.op === 'deref', ...arr, pointee: arr.elemType };
}

const normalise = (t: string | undefined): string => (t ?? '').replace(/\s+/g, ' ').trim();

/** The accessor type a struct/class definition defines (its name and members), or null. */
function accessorDefinition(st: SyntaxNode): { name: string; primary: boolean; template: boolean; members: AccessorMember[] } | null {
  const nameNode = st.childForFieldName('name');
  const body = st.childForFieldName('body');
  if (!nameNode || !body) return null;
  const primary = nameNode.type === 'type_identifier';
  const name = primary ? nameNode.text : nameNode.type === 'template_type' ? (nameNode.childForFieldName('name')?.text ?? '') : '';
  if (!name) return null;
  const members: AccessorMember[] = [];
  for (const c of body.namedChildren) {
    if (c.type === 'comment' || c.type === 'access_specifier') continue;
    const guard = pureVirtualMember(c);
    if (guard) {
      members.push(guard);
      continue;
    }
    if (c.type !== 'function_definition') return null;
    const m = accessorMember(c);
    if (!m) return null;
    members.push(m);
  }
  return members.length > 0 ? { name, primary, template: st.parent?.type === 'template_declaration', members } : null;
}

const cache = new WeakMap<ProgramFacts, ReadonlyMap<string, SharedAccessor>>();

/** The program's accessor types by name. */
export function sharedAccessors(program: ProgramFacts): ReadonlyMap<string, SharedAccessor> {
  const known = cache.get(program);
  if (known) return known;
  const out = new Map<string, SharedAccessor>();
  if (program.file.text.includes('__shared__')) {
    const rejected = new Set<string>();
    for (const st of fileNodesOfType(program.file.tree, ['struct_specifier', 'class_specifier'])) {
      if (!st.childForFieldName('body')) continue;
      const def = accessorDefinition(st);
      const name = def?.name ?? st.childForFieldName('name')?.text.replace(/<[\s\S]*$/, '') ?? '';
      if (!def) {
        // A definition of that name that is not an accessor (another specialisation): not one.
        if (name) rejected.add(name);
        continue;
      }
      const prev = out.get(def.name);
      const first = def.members.find((m) => m.array !== '') ?? def.members[0]!;
      const getters = new Set(prev?.getters ?? []);
      for (const m of def.members) if (m.getter) getters.add(m.getter);
      const main = (def.primary && first.array !== '') || !prev || prev.array === '' ? { ...first, pointee: def.template ? null : first.pointee } : prev;
      const subscript = (prev?.subscript ?? false) || def.members.some((m) => m.subscript === true && m.array !== '');
      const deref = (prev?.deref ?? false) || def.members.some((m) => m.deref === true && m.array !== '');
      out.set(def.name, { type: def.name, conversion: (prev?.conversion ?? false) || def.members.some((m) => m.conversion), getters, subscript, deref, array: main.array, elemType: main.elemType, pointee: main.pointee });
    }
    for (const r of rejected) out.delete(r);
    for (const [name, a] of out) if (a.array === '') out.delete(name); // only guards, no memory
  }
  cache.set(program, out);
  return out;
}

/** Is this top-level item (a struct, or a template declaring one) the definition of an accessor type? */
export function accessorOfItem(n: SyntaxNode, program: ProgramFacts): SharedAccessor | undefined {
  const inner = n.type === 'template_declaration' ? n.namedChildren[n.namedChildren.length - 1] : n;
  if (!inner || (inner.type !== 'struct_specifier' && inner.type !== 'class_specifier')) return undefined;
  const nameNode = inner.childForFieldName('name');
  const name = nameNode?.type === 'template_type' ? nameNode.childForFieldName('name')?.text : nameNode?.text;
  return name ? sharedAccessors(program).get(name) : undefined;
}

/** The MSL comment that stands where the accessor type was defined (`item`: a specialisation gets a short one). */
export function accessorComment(a: SharedAccessor, item?: SyntaxNode): string {
  const inner = item?.type === 'template_declaration' ? item.namedChildren[item.namedChildren.length - 1] : item;
  const nameNode = inner?.childForFieldName('name');
  if (nameNode?.type === 'template_type') return `/* ${nameNode.text.replace(/\s+/g, ' ')}: the same memory as struct ${a.type} */`;
  const how = [a.conversion ? `${a.type}<T>() / its conversion to T*` : '', ...[...a.getters].map((g) => `.${g}()`), a.subscript ? 'operator[]' : '', a.deref ? 'operator*' : ''].filter(Boolean).join(', ');
  return `/* struct ${a.type}: returns the kernel's dynamic shared memory; kernels use their [[threadgroup(0)]] parameter '${a.array}' instead (${how}) */`;
}

/** The accessor type a declared type names (`SharedMemory<T>`, `Scratch`), if any. */
export function accessorOfType(typeNode: SyntaxNode | null, program: ProgramFacts): SharedAccessor | undefined {
  if (!typeNode) return undefined;
  const name = typeNode.type === 'template_type' ? typeNode.childForFieldName('name')?.text : typeNode.type === 'type_identifier' ? typeNode.text : undefined;
  return name ? sharedAccessors(program).get(name) : undefined;
}

/** The element type an accessor of this declared type (`SharedMemory<float>`) gives: its first template argument, or the members' pointee. */
export function accessorElem(a: SharedAccessor, typeNode: SyntaxNode | null): string | undefined {
  const args = typeNode?.type === 'template_type' || typeNode?.type === 'template_function' ? typeNode.childForFieldName('arguments') : null;
  return args?.namedChildren[0]?.text ?? a.pointee ?? undefined;
}

/**
 * The accessor an expression reads the memory through: `SharedMemory<T>()` (conversion), `v`
 * (a variable of an accessor type, conversion), `v.getPointer()`; `vars` maps the function's
 * accessor variables to their uses.
 */
export function accessorExpression(e: SyntaxNode, program: ProgramFacts, vars: ReadonlyMap<string, AccessorUse>): AccessorUse | undefined {
  while (e.type === 'parenthesized_expression' && e.namedChildren[0]) e = e.namedChildren[0];
  if (e.type === 'identifier') {
    const u = vars.get(e.text);
    if (!u) return undefined;
    if (u.accessor.conversion) return u;
    // `smem[i]`, `*smem`: the element operators read the memory like a pointer.
    const p = e.parent;
    const isArg = sameNode(p?.childForFieldName('argument'), e);
    if (u.accessor.subscript && p?.type === 'subscript_expression' && isArg) return u;
    if (u.accessor.deref && p?.type === 'pointer_expression' && p.childForFieldName('operator')?.text === '*' && isArg) return u;
    return undefined;
  }
  if (e.type !== 'call_expression' || (e.childForFieldName('arguments')?.namedChildren.length ?? 0) > 0) return undefined;
  const f = e.childForFieldName('function');
  if (!f) return undefined;
  if (f.type === 'field_expression') {
    const obj = f.childForFieldName('argument');
    const u = obj?.type === 'identifier' ? vars.get(obj.text) : undefined;
    return u && u.accessor.getters.has(f.childForFieldName('field')?.text ?? '') ? u : undefined;
  }
  const name = f.type === 'template_function' ? f.childForFieldName('name')?.text : f.type === 'identifier' ? f.text : undefined;
  const a = name ? sharedAccessors(program).get(name) : undefined;
  const elem = a?.conversion ? accessorElem(a, f) : undefined;
  return a && elem ? { accessor: a, elem } : undefined;
}

/** Does the function's body name an accessor type (so the kernel needs dynamic threadgroup memory)? */
export function usesAccessor(body: SyntaxNode | null, program: ProgramFacts): SharedAccessor | undefined {
  if (!body) return undefined;
  const accessors = sharedAccessors(program);
  if (accessors.size === 0) return undefined;
  for (const [name, a] of accessors) if (new RegExp(`\\b${name}\\b`).test(body.text)) return a;
  return undefined;
}

// Pointer fields in structs: `struct Params { float* data; int n; };` passed by value to a kernel,
// or kept in __constant__/__device__ memory.
//
// Metal 3 allows device pointers in structs, so a pointer field is written `device float* data`
// (a 3-component pointee keeps CUDA's layout: `device packed_float3*`). The space is `device`:
// what a CUDA program stores in a struct it hands to a kernel is a cudaMalloc'ed address.
// A pointer to a pointer, or a field declaration mixing pointers and values (`float a, *p;`, where
// the space would qualify both) stays C2M1006.
//
// The CPU backends pass the struct's bytes as they are (a device pointer is a host address). On
// Metal a CUDA device pointer is not a GPU address: the kernel's description lists the byte offsets
// of the pointer fields of each by-value struct parameter (computed by the host compiler with
// `offsetof`, from the field paths found here: `data`, `inner.ptr`, `bufs[1]`), and the Metal
// backend writes `gpuAddress + offset` of the allocation each one points into, and makes that
// buffer resident for the dispatch (useResource).
import type { SyntaxNode } from '../parse/parse';
import type { ProgramFacts } from './program';
import { declaratorShape, sameNode } from './syntax';
import { evalIntExpression } from './constEval';
import { normType } from './tables/types';
import { fileNodesOfType } from '../parse/nodeIndex';
import { RUNTIME_STRUCTS } from './tables/moreTypes';

interface Field {
  readonly name: string;
  readonly type: string;
  readonly pointerDepth: number;
  /** Array dimensions, outermost first, as constants (undefined when not constant). */
  readonly dims: readonly (number | undefined)[];
}

interface StructFacts {
  readonly fields: ReadonlyMap<string, Field[]>;
  /** Names of fields that are pointers in some struct of the file. */
  readonly pointerFields: ReadonlySet<string>;
}

const cache = new WeakMap<ProgramFacts, StructFacts>();

/** The fields of every struct/class/union with a body in the file, by its name and typedef names. */
function structFacts(program: ProgramFacts): StructFacts {
  const done = cache.get(program);
  if (done) return done;
  const fields = new Map<string, Field[]>();
  const pointerFields = new Set<string>();
  for (const s of fileNodesOfType(program.file.tree, ['struct_specifier', 'class_specifier', 'union_specifier'])) {
    const body = s.childForFieldName('body');
    if (!body) continue;
    const list: Field[] = [];
    for (const fd of body.namedChildren) {
      if (fd.type !== 'field_declaration') continue;
      const type = normType(fd.childForFieldName('type')?.text ?? '');
      for (const d of fd.childrenForFieldName('declarator')) {
        const shape = declaratorShape(d);
        if (!shape.name || shape.functionDeclarator) continue;
        const dims = [...shape.arrayDims].reverse().map((a) => {
          const size = a.childForFieldName('size');
          return size ? evalIntExpression(size.text, program.constants) : undefined;
        });
        list.push({ name: shape.name.text, type, pointerDepth: shape.pointerDepth, dims });
        if (shape.pointerDepth > 0) pointerFields.add(shape.name.text);
      }
    }
    const names: string[] = [];
    const own = s.childForFieldName('name');
    if (own) names.push(own.text);
    const td = s.parent;
    if (td?.type === 'type_definition' && sameNode(td.childForFieldName('type'), s)) {
      for (const d of td.childrenForFieldName('declarator')) if (d.type === 'type_identifier') names.push(d.text);
    }
    for (const n of names) if (!fields.has(n)) fields.set(n, list);
  }
  // The runtime's structs (cudaPitchedPtr) where the program uses one and does not define its own.
  for (const [name, row] of RUNTIME_STRUCTS) {
    if (fields.has(name) || !program.file.text.includes(name)) continue;
    fields.set(name, row.fields.map((f) => ({ ...f, dims: [] })));
    for (const f of row.fields) if (f.pointerDepth > 0) pointerFields.add(f.name);
  }
  const facts = { fields, pointerFields };
  cache.set(program, facts);
  return facts;
}

/** Is `name` a pointer field of a struct of the file (`p.data`, `p->data`)? */
export function isPointerField(program: ProgramFacts, name: string): boolean {
  return structFacts(program).pointerFields.has(name);
}

const MAX_PATHS = 256;

/**
 * The pointer fields of a struct type as member designators for offsetof: `data`, `inner.ptr`,
 * `bufs[1]`, `items[2].next`. Empty for a struct without pointers or a type that is not a struct
 * of the file; null when an array bound is not a constant (the offsets cannot be listed).
 */
export function pointerFieldPaths(program: ProgramFacts, type: string, seen: ReadonlySet<string> = new Set()): string[] | null {
  const t = normType(type.replace(/\b(const|volatile|struct|class|union)\b/g, ''));
  const fields = structFacts(program).fields.get(t);
  if (!fields || seen.has(t)) return [];
  const inner = new Set([...seen, t]);
  const out: string[] = [];
  for (const f of fields) {
    let sub: string[] | null;
    if (f.pointerDepth > 0) sub = [''];
    else {
      sub = pointerFieldPaths(program, f.type, inner);
      if (sub === null) return null;
      if (sub.length === 0) continue;
    }
    let prefixes = [f.name];
    for (const n of f.dims) {
      if (n === undefined) return null;
      prefixes = prefixes.flatMap((p) => Array.from({ length: n }, (_, i) => `${p}[${i}]`));
      if (prefixes.length > MAX_PATHS) return null;
    }
    for (const p of prefixes) for (const s of sub) out.push(s === '' ? p : s.startsWith('[') ? `${p}${s}` : `${p}.${s}`);
    if (out.length > MAX_PATHS) return null;
  }
  return out;
}

/** Is this field declaration's type to be qualified `device` (all its declarators are pointers)? Null: mixed. */
/**
 * A block collective's storage (`cub::BlockReduce<T, N>::TempStorage`, native/include/cub): CUB's
 * documented idiom is `__shared__ typename BlockReduce::TempStorage t;` and `BlockReduce(t)`, the
 * object keeping a reference to it. A reference to a type named `TempStorage` (or `_TempStorage`),
 * as a data member or a member function's parameter, is therefore a `threadgroup` reference in the
 * MSL. Storage in another memory would make Metal's compiler report the binding.
 */
export function isSharedStorageType(type: string): boolean {
  return /(^|::|\s)_?TempStorage$/.test(type.replace(/\b(const|volatile|typename|struct|class)\b/g, ' ').trim());
}

/**
 * `TempStorage &temp;`: a reference data member to a collective's shared storage
 * (isSharedStorageType), or a reference member of another type that a constructor binds to such
 * storage (`_Layout &layout;` with `Rotate(TempStorage &s) : layout(s.Alias())`, the CUB way of
 * wrapping a layout in `Uninitialized<_Layout>`).
 */
export function sharedStorageReferenceField(fd: SyntaxNode): boolean {
  const t = fd.childForFieldName('type');
  const decls = fd.childrenForFieldName('declarator');
  if (!t || decls.length === 0 || !decls.every((d) => d.type === 'reference_declarator')) return false;
  if (isSharedStorageType(t.text)) return true;
  const names = new Set(decls.map((d) => /\w+\s*$/.exec(d.text)?.[0].trim() ?? ''));
  const body = fd.parent;
  if (body?.type !== 'field_declaration_list') return false;
  for (const c of body.namedChildren) {
    const ctor = c.type === 'template_declaration' ? c.namedChildren.find((x) => x.type === 'function_definition') : c;
    const inits = ctor?.type === 'function_definition' ? ctor.namedChildren.find((x) => x.type === 'field_initializer_list') : undefined;
    if (!ctor || !inits) continue;
    const storageParams = new Set<string>();
    for (const p of ctor.descendantsOfType('parameter_declaration')) {
      const pt = p.childForFieldName('type');
      const pd = p.childForFieldName('declarator');
      if (pt && pd?.type === 'reference_declarator' && isSharedStorageType(pt.text)) storageParams.add(/\w+\s*$/.exec(pd.text)?.[0].trim() ?? '');
    }
    if (storageParams.size === 0) continue;
    for (const init of inits.namedChildren) {
      if (init.type !== 'field_initializer' || !names.has(init.namedChildren[0]?.text ?? '')) continue;
      const arg = init.namedChildren.find((x) => x.type === 'argument_list')?.namedChildren[0];
      if (arg && storageParams.has(storageRoot(arg))) return true;
    }
  }
  return false;
}

/** The variable an lvalue is part of: `s` of `s.Alias()`, `s.layout`, `(s)`, `s.parts[i]`. */
function storageRoot(e: SyntaxNode): string {
  let cur: SyntaxNode | null = e;
  while (cur) {
    if (cur.type === 'identifier') return cur.text;
    if (cur.type === 'parenthesized_expression') cur = cur.namedChildren[0] ?? null;
    else if (cur.type === 'call_expression') cur = cur.childForFieldName('function');
    else if (cur.type === 'field_expression' && cur.child(1)?.type === '.') cur = cur.childForFieldName('argument');
    else if (cur.type === 'subscript_expression') cur = cur.childForFieldName('argument');
    else return '';
  }
  return '';
}

export function pointerFieldDeclaration(fd: SyntaxNode): 'pointers' | 'values' | 'mixed' | 'pointer-to-pointer' {
  const decls = fd.childrenForFieldName('declarator').map((d) => declaratorShape(d)).filter((s) => !s.functionDeclarator);
  const pointers = decls.filter((s) => s.pointerDepth > 0);
  if (pointers.length === 0) return 'values';
  if (pointers.some((s) => s.pointerDepth > 1)) return 'pointer-to-pointer';
  return pointers.length === decls.length ? 'pointers' : 'mixed';
}

/** The fields of a struct/class/union of the file by its name or typedef name (undefined: not one of the file's). */
export function structFields(program: ProgramFacts, name: string): readonly { readonly name: string; readonly type: string; readonly pointerDepth: number; readonly dims: readonly (number | undefined)[] }[] | undefined {
  return structFacts(program).fields.get(normType(name.replace(/\b(const|volatile|struct|class|union)\b/g, '')));
}

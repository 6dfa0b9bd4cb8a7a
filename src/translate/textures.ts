// Texture and surface objects in device code (docs/DESIGN.md, "Textures and surfaces").
//
// A kernel parameter of type cudaTextureObject_t becomes a Metal texture plus a sampler (the
// runtime builds both from the object: the sampler state is a run-time argument, not a constexpr
// sampler); cudaSurfaceObject_t becomes an `access::read_write` texture. The texture's type comes
// from the tex*/surf* calls that use the parameter: tex2D<float>(t, x, y) → texture2d<float>,
// tex2DLayered → texture2d_array, tex1Dfetch → texture_buffer, and the element type from T
// (float → float, signed integers → int, unsigned → uint). The calls become Metal's methods:
//   tex2D<float>(t, x, y)         → t.sample(t_smp, float2(x, y)).x
//   tex2D<uchar4>(t, x, y)        → uchar4(t.sample(t_smp, float2(x, y)))
//   tex1Dfetch<float4>(t, i)      → t.read(uint(i))
//   surf2Dwrite(v, s, x * 4, y)   → s.write(float4(v), uint2((x * 4) / 4, y))   (x is in bytes)
//   surf2Dread<float>(s, x, y)    → s.read(uint2((x) / 4, y)).x
import type { SyntaxNode } from 'tree-sitter';
import type { KernelParamManifest } from './function';

import { TEXTURE_FUNCTION_BY_NAME, TEXTURE_OBJECT_TYPES, type TextureFunctionRow, type TextureObjectKind } from './tables/textures';

export { TEXTURE_FUNCTION_BY_NAME, TEXTURE_FUNCTIONS, TEXTURE_OBJECT_TYPES, type TextureFunctionRow, type TextureObjectKind } from './tables/textures';

/** Element types of fetches and surface accesses: scalar (MSL spelling), components, bytes. */
interface ElementInfo {
  readonly scalar: string;
  readonly n: number;
  readonly size: number;
}
const ELEMENTS: ReadonlyMap<string, ElementInfo> = (() => {
  const m = new Map<string, ElementInfo>();
  const family = (cudaPrefix: string, scalar: string, size: number, ...aliases: string[]): void => {
    for (const a of [scalar, ...aliases]) m.set(a, { scalar, n: 1, size });
    m.set(`${cudaPrefix}1`, { scalar, n: 1, size });
    m.set(`${cudaPrefix}2`, { scalar, n: 2, size: 2 * size });
    m.set(`${cudaPrefix}4`, { scalar, n: 4, size: 4 * size });
  };
  family('float', 'float', 4);
  family('int', 'int', 4, 'signed int', 'int32_t');
  family('uint', 'uint', 4, 'unsigned int', 'unsigned', 'uint32_t');
  family('short', 'short', 2, 'signed short', 'int16_t', 'short int');
  family('ushort', 'ushort', 2, 'unsigned short', 'uint16_t', 'unsigned short int');
  family('char', 'char', 1, 'signed char', 'int8_t');
  family('uchar', 'uchar', 1, 'unsigned char', 'uint8_t');
  return m;
})();
const normalize = (s: string): string => s.replace(/\s+/g, ' ').trim();
export const elementInfo = (cudaType: string): ElementInfo | undefined => ELEMENTS.get(normalize(cudaType));

/** The Metal texture element type (float, int, uint) for a fetch/access type. */
const textureElement = (e: ElementInfo): string => (e.scalar === 'float' ? 'float' : /^u/.test(e.scalar) ? 'uint' : 'int');

/** MSL name of an element type: `uchar4`, `float`. */
const mslElementName = (e: ElementInfo): string => (e.n === 1 ? e.scalar : `${e.scalar}${e.n}`);

/** A vec<E,4> expression converted to the element type `e` of the call. */
export function fromTexel(expr: string, e: ElementInfo, texElem: string): string {
  const same = e.scalar === texElem;
  if (e.n === 1) return same ? `${expr}.x` : `${e.scalar}(${expr}.x)`;
  if (e.n === 2) return same ? `${expr}.xy` : `${mslElementName(e)}(${expr}.xy)`;
  return same ? expr : `${mslElementName(e)}(${expr})`;
}
/** A value of element type `e` as the vec<E,4> a texture write takes. */
export function toTexel(value: string, e: ElementInfo, texElem: string): string {
  if (e.n === 1) return `${texElem}4(${value})`;
  if (e.n === 2) return e.scalar === texElem ? `${texElem}4(${value}, 0, 0)` : `${texElem}4(${texElem}2(${value}), 0, 0)`;
  return `${texElem}4(${value})`;
}

/** A use of a texture/surface object in a tex/surf call. */
export interface TextureUse {
  readonly row: TextureFunctionRow;
  readonly call: SyntaxNode;
  /** The element type: the template argument, or the written value's type. */
  readonly element: string | null;
}

/** The argument that names the object: the first, or the second for surface writes. */
export const objectArgIndex = (row: TextureFunctionRow): number => (row.op === 'write' ? 1 : 0);

function calledName(call: SyntaxNode): { name: string; templateArg: string | null } | null {
  const f = call.childForFieldName('function');
  if (!f) return null;
  if (f.type === 'identifier') return { name: f.text, templateArg: null };
  if (f.type === 'template_function') {
    const args = f.childForFieldName('arguments')?.namedChildren ?? [];
    return { name: f.childForFieldName('name')?.text ?? '', templateArg: args.length === 1 ? normalize(args[0]!.text) : null };
  }
  return null;
}

/** Every tex/surf call in `body` whose object argument is the identifier `name`. */
export function textureUses(body: SyntaxNode, name: string, valueType: (e: SyntaxNode) => string | null): { uses: TextureUse[]; others: SyntaxNode[] } {
  const uses: TextureUse[] = [];
  const objectArgs = new Set<number>();
  const walk = (n: SyntaxNode): void => {
    if (n.type === 'call_expression') {
      const c = calledName(n);
      const row = c ? TEXTURE_FUNCTION_BY_NAME.get(c.name) : undefined;
      const args = (n.childForFieldName('arguments')?.namedChildren ?? []).filter((a) => a.type !== 'comment');
      const obj = row ? args[objectArgIndex(row)] : undefined;
      if (row && c && obj?.type === 'identifier' && obj.text === name) {
        objectArgs.add(obj.startIndex);
        const element = c.templateArg ?? (row.op === 'write' && args[0] ? valueType(args[0]) : null);
        uses.push({ row, call: n, element });
      }
    }
    for (const ch of n.namedChildren) walk(ch);
  };
  walk(body);
  const others: SyntaxNode[] = [];
  const find = (n: SyntaxNode): void => {
    if (n.type === 'identifier' && n.text === name && !objectArgs.has(n.startIndex)) others.push(n);
    for (const ch of n.namedChildren) find(ch);
  };
  find(body);
  return { uses, others };
}

export interface TextureBinding {
  readonly kind: TextureObjectKind;
  /** `texture2d<float, access::sample>` */
  readonly mslType: string;
  /** Metal texture element: float, int, uint. */
  readonly element: string;
  readonly sampler: boolean;
}

/**
 * The Metal binding of a texture/surface parameter from its uses; a string is the reason it
 * cannot be chosen (for a diagnostic).
 */
export function chooseBinding(kind: TextureObjectKind, uses: readonly TextureUse[], passed: readonly TextureBinding[] = []): TextureBinding | string {
  const direct = chooseDirect(kind, uses);
  if (typeof direct === 'string' || passed.length === 0) return direct;
  // Passed to device functions: their parameters' bindings must agree with each other and with the direct uses.
  const all = uses.length > 0 ? [direct, ...passed] : passed;
  const first = all[0]!;
  const other = all.find((b) => b.mslType !== first.mslType);
  if (other) return `it is used both as ${first.mslType} and as ${other.mslType} (directly or in the device functions it is passed to)`;
  return first;
}

function chooseDirect(kind: TextureObjectKind, uses: readonly TextureUse[]): TextureBinding | string {
  let metal: string | null = null;
  let element: string | null = null;
  let fetch = false;
  for (const u of uses) {
    if (u.row.metal === null) continue; // diagnosed at the call
    if (u.row.object !== kind) return `${u.row.name} takes a ${u.row.object} object, not a ${kind} object`;
    if (metal !== null && metal !== u.row.metal) return `it is used both as a ${metal} and as a ${u.row.metal} (${u.row.name})`;
    metal = u.row.metal;
    fetch ||= u.row.op === 'fetch';
    if (u.element !== null) {
      const e = elementInfo(u.element);
      if (!e) return `the element type '${u.element}' of ${u.row.name} has no Metal texture equivalent (float, int and unsigned scalars, 2- and 4-vectors)`;
      const te = textureElement(e);
      if (element !== null && element !== te) return `it is read or written both as ${element} and as ${te}`;
      element = te;
    }
  }
  if (kind === 'surface' && uses.length > 0 && element === null)
    return "its element type cannot be inferred from its surf*write calls; write the type: surf2Dwrite<float>(value, surface, x, y)";
  metal ??= 'texture2d';
  element ??= 'float';
  if (kind === 'surface') return { kind, mslType: `${metal}<${element}, access::read_write>`, element, sampler: false };
  if (fetch) return { kind, mslType: `texture_buffer<${element}>`, element, sampler: false };
  return { kind, mslType: `${metal}<${element}, access::sample>`, element, sampler: true };
}

/** The sampler parameter that travels with texture parameter `name`. */
export const samplerName = (name: string): string => `${name}_smp`;

/** Kernel parameter texts and manifest entries of a texture/surface parameter. */
export function textureParams(name: string, mslName: string, index: number, slot: number, b: TextureBinding): { texts: string[]; params: KernelParamManifest[] } {
  const cudaType = b.kind === 'texture' ? 'cudaTextureObject_t' : 'cudaSurfaceObject_t';
  const texts = [`${b.mslType} ${mslName} [[texture(${slot})]]`];
  const params: KernelParamManifest[] = [{ name, kind: 'texture', index, cudaType, mslType: b.mslType, attribute: `texture(${slot})`, object: b.kind }];
  if (b.sampler) {
    texts.push(`sampler ${samplerName(mslName)} [[sampler(${slot})]]`);
    params.push({ name: samplerName(name), kind: 'sampler', index, cudaType, mslType: 'sampler', attribute: `sampler(${slot})`, object: b.kind });
  }
  return { texts, params };
}

/**
 * Metal's gather() takes its component as a constant `component::x..w`; CUDA's comp is an int
 * (0 when left out). A literal maps directly; any other expression picks one of four gathers at
 * run time. `call(c)` is the gather with component c.
 */
function gatherCall(comp: string | undefined, call: (c: string) => string): string {
  const names = ['x', 'y', 'z', 'w'];
  if (comp === undefined) return call('component::x');
  const lit = /^\(?\s*([0-3])[uU]?\s*\)?$/.exec(comp.trim());
  if (lit) return call(`component::${names[Number(lit[1])]!}`);
  return `((${comp}) == 1 ? ${call('component::y')} : (${comp}) == 2 ? ${call('component::z')} : (${comp}) == 3 ? ${call('component::w')} : ${call('component::x')})`;
}

/**
 * The MSL of one tex/surf call. `args` are the arguments' (already translated) texts;
 * `element` the call's element type.
 */
export function textureCallText(row: TextureFunctionRow, b: TextureBinding, objectText: string, args: readonly string[], element: ElementInfo | undefined): string {
  const coords = (from: number, count: number, scalar: string): string => {
    const xs = args.slice(from, from + count);
    return count === 1 ? `${scalar}(${xs[0] ?? ''})` : `${scalar}${count}(${xs.join(', ')})`;
  };
  const e = element ?? { scalar: b.element, n: 4, size: 4 * 4 };
  switch (row.op) {
    case 'fetch':
      return fromTexel(`${objectText}.read(uint(${args[1] ?? ''}))`, e, b.element);
    case 'sample': {
      const layer = row.layered ? `, uint(${args[1 + row.coords] ?? ''})` : '';
      const c = row.coords === 1 ? (args[1] ?? '') : coords(1, row.coords, 'float');
      const at = 1 + row.coords + (row.layered ? 1 : 0); // lod, dPdx or comp: after the layer
      const extra = args[at];
      if (row.variant === 'gather') return fromTexel(gatherCall(extra, (k) => `${objectText}.gather(${samplerName(objectText)}, ${c}, int2(0), ${k})`), e, b.element);
      const more = row.variant === 'level' ? `, level(${extra ?? ''})` : row.variant === 'gradient' ? `, gradient2d(${extra ?? ''}, ${args[at + 1] ?? ''})` : '';
      return fromTexel(`${objectText}.sample(${samplerName(objectText)}, ${c}${layer}${more})`, e, b.element);
    }
    case 'read':
    case 'write': {
      // x is a byte offset in CUDA; Metal addresses elements.
      const first = row.op === 'write' ? 2 : 1;
      const x = `(${args[first] ?? ''}) / ${e.size}`;
      const rest = args.slice(first + 1, first + row.coords);
      const c = row.coords === 1 ? `uint(${x})` : `uint${row.coords}(${[x, ...rest].join(', ')})`;
      const layer = row.layered ? `, uint(${args[first + row.coords] ?? ''})` : '';
      if (row.op === 'read') return fromTexel(`${objectText}.read(${c}${layer})`, e, b.element);
      return `${objectText}.write(${toTexel(args[0] ?? '', e, b.element)}, ${c}${layer})`;
    }
  }
}

/**
 * The CUDA type of a surface write's value, where the function says it plainly: a parameter or
 * local variable, an element of a pointer parameter, `make_T(...)`, a cast, a float literal.
 */
export function simpleValueType(e: SyntaxNode, fn: { readonly params: readonly { readonly name: string; readonly typeNode: SyntaxNode | null; readonly pointerDepth: number }[]; readonly body: SyntaxNode | null }): string | null {
  const declared = (name: string, pointer: boolean): string | null => {
    const p = fn.params.find((q) => q.name === name);
    if (p?.typeNode) return (p.pointerDepth > 0) === pointer ? normalize(p.typeNode.text) : null;
    let found: string | null = null;
    const walk = (n: SyntaxNode): void => {
      if (found !== null) return;
      if (n.type === 'declaration') {
        const type = n.childForFieldName('type');
        for (const d of n.childrenForFieldName('declarator')) {
          let inner: SyntaxNode | null = d.type === 'init_declarator' ? d.childForFieldName('declarator') : d;
          let isPointer = false;
          while (inner && inner.type === 'pointer_declarator') {
            isPointer = true;
            inner = inner.childForFieldName('declarator');
          }
          if (inner?.type === 'identifier' && inner.text === name && type && isPointer === pointer) found = normalize(type.text);
        }
      }
      for (const ch of n.namedChildren) walk(ch);
    };
    if (fn.body) walk(fn.body);
    return found;
  };
  switch (e.type) {
    case 'parenthesized_expression':
      return e.namedChildren[0] ? simpleValueType(e.namedChildren[0], fn) : null;
    case 'identifier':
      return declared(e.text, false);
    case 'subscript_expression': {
      const a = e.childForFieldName('argument');
      return a?.type === 'identifier' ? declared(a.text, true) : null;
    }
    case 'call_expression': {
      const m = /^make_(\w+)$/.exec(e.childForFieldName('function')?.text ?? '');
      return m ? m[1]! : null;
    }
    case 'cast_expression':
      return normalize(e.childForFieldName('type')?.text ?? '') || null;
    case 'binary_expression': {
      // Arithmetic: a float operand makes the result float; else the left operand's type.
      if (!/^[-+*/%]$/.test(e.childForFieldName('operator')?.text ?? '')) return null;
      const l = e.childForFieldName('left'), r = e.childForFieldName('right');
      const lt = l ? simpleValueType(l, fn) : null, rt = r ? simpleValueType(r, fn) : null;
      if (lt === 'float' || rt === 'float') return 'float';
      return lt ?? rt;
    }
    case 'number_literal':
      return /[.eE]|[fF]$/.test(e.text) && !/^0[xX]/.test(e.text) ? 'float' : 'int';
    default:
      return null;
  }
}

/** What the binding code needs of a function (a FunctionFacts). */
export interface TextureFunctionFacts {
  readonly name: string;
  readonly params: readonly { readonly name: string; readonly typeNode: SyntaxNode | null; readonly pointerDepth: number }[];
  readonly body: SyntaxNode | null;
}

/**
 * The binding of texture/surface parameter `param` of `fn`, from its tex/surf calls and from the
 * parameters of the device functions it is passed to (recursively; a function being worked out
 * contributes nothing to itself). `others` are uses that are neither (a diagnostic).
 */
export function bindingOf(
  fn: TextureFunctionFacts,
  param: string,
  kind: TextureObjectKind,
  lookup: (name: string) => TextureFunctionFacts | undefined,
  active: Set<string> = new Set(),
): { binding: TextureBinding | string; others: SyntaxNode[] } {
  const key = `${fn.name}\u0000${param}`;
  if (!fn.body) return { binding: chooseBinding(kind, []), others: [] };
  active.add(key);
  const { uses, others } = textureUses(fn.body, param, (e) => simpleValueType(e, fn));
  const passed: TextureBinding[] = [];
  const rest: SyntaxNode[] = [];
  for (const o of others) {
    const args = o.parent;
    const call = args?.type === 'argument_list' ? args.parent : null;
    const c = call?.type === 'call_expression' ? calledName(call) : null;
    const callee = c ? lookup(c.name) : undefined;
    const pos = args ? args.namedChildren.filter((a) => a.type !== 'comment').findIndex((a) => a.startIndex === o.startIndex) : -1;
    const target = callee && pos >= 0 ? callee.params[pos] : undefined;
    if (!callee || !target || !target.typeNode || TEXTURE_OBJECT_TYPES.get(normalize(target.typeNode.text)) !== kind || target.pointerDepth > 0) {
      rest.push(o);
      continue;
    }
    const k = `${callee.name}\u0000${target.name}`;
    if (active.has(k)) continue; // recursion: the callee's own uses decide
    const r = bindingOf(callee, target.name, kind, lookup, active);
    if (typeof r.binding === 'string') return { binding: `passed to '${callee.name}': ${r.binding}`, others: rest };
    if (r.others.length === 0 || r.binding) passed.push(r.binding);
  }
  active.delete(key);
  return { binding: chooseBinding(kind, uses, passed), others: rest };
}

/** The parameter text of a texture/surface parameter of a device function. */
export const helperParamText = (mslName: string, b: TextureBinding): string => `${b.mslType} ${mslName}${b.sampler ? `, sampler ${samplerName(mslName)}` : ''}`;

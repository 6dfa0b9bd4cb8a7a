// The typed view of one device function: every expression's CUDA type and address space.
//
// One pass over the function's declarations and block scopes (at the first question, filtered
// natively, in source order) gives each local name the source range where it is visible; an
// identifier resolves to the innermost declaration visible where it stands, else to a parameter or
// a __constant__/__device__ variable or __shared__ array; the types of expressions follow from the
// bindings on demand (memoised by node id): declarations, typedefs and aliases, struct fields (the
// file's structs), template parameters (bound when the caller knows them; else per instance the
// program makes, templateInstances.ts: `instances()`, `instanceType(e)`), device-function return
// types, built-in variables, literals with their suffixes, the usual arithmetic conversions, casts,
// conditionals, subscripts, member access, address-of and dereference, and the result types of
// CUDA's functions (tables/cudaTypes.ts).
//
// Address spaces: `storageOf(e)` is the memory an lvalue lives in (for `&x` and reference
// bindings), `pointsInto(e)` the memory a pointer or array expression points into. The translator
// (function.ts) seeds the names it binds in the signature (kernel buffers, by-value parameters in
// constant memory, hoisted __shared__, globals) through `outer`; local pointers take the space of
// their initialiser or, without one, of the first assignment to them.
import type { SyntaxNode } from '../parse/parse';
import { functionFacts, type FunctionFacts, type ProgramFacts } from './program';
import { declaratorShape, descendants, specifierTokens } from './syntax';
import { normType } from './tables/types';
import { BUILTIN_VARIABLE_TYPES, FUNCTION_RESULT_TYPES, SCALAR_TYPES, VECTOR_BASES, type ScalarRow } from './tables/cudaTypes';
import { isPointerField, structFields } from './structPointers';
import { fieldSpace } from './fieldSpaces';
import { fileNodesOfType } from '../parse/nodeIndex';
import { templateInstances, type CallerTypes, type TemplateArgs } from './templateInstances';
import { isTemporary } from './temporaries';
import { classNamed, enclosingClass, isNullPointer, memberField, memberOverloadsOf, onlyArrayField, returnedExpressions } from './addressSpaces';

export type Space = 'device' | 'constant' | 'threadgroup' | 'thread';

/** A CUDA type, as much of it as the view needs. */
export type CType =
  | { readonly kind: 'scalar'; readonly scalar: ScalarRow }
  | { readonly kind: 'vector'; readonly base: ScalarRow; readonly n: number; readonly name: string }
  | { readonly kind: 'pointer'; readonly pointee: CType; readonly space?: Space }
  | { readonly kind: 'array'; readonly element: CType; readonly space?: Space }
  | { readonly kind: 'struct'; readonly name: string }
  /** A template parameter the view has no argument for. */
  | { readonly kind: 'param'; readonly name: string }
  | { readonly kind: 'unknown'; readonly text?: string };

/** What the translator knows of a name it bound itself (function.ts's symbols). */
export interface OuterSymbol {
  readonly storage: Space;
  readonly pointee?: Space;
  /** A pointer to pointers: what those pointers point into. */
  readonly inner?: Space;
  readonly isArray: boolean;
  readonly type?: string;
}

export interface ViewOptions {
  /** The address spaces of a helper instance's pointer/reference parameters. */
  readonly spaces?: readonly (Space | null)[];
  /** Pointer-to-pointer parameters of the instance: the space of the inner level (`device float* thread* pp`: device). */
  readonly inner?: readonly (Space | null)[];
  /** Names bound by the signature pass: their storage and pointee spaces win. */
  readonly outer?: (name: string) => OuterSymbol | undefined;
  /** Template arguments, where the instance is known: `T` → `float`. */
  readonly templateArgs?: ReadonlyMap<string, string>;
  /** Spaces the translator knows for names and calls the view cannot type (shared-memory accessors). */
  readonly pointsInto?: (e: SyntaxNode) => Space | undefined;
  /** How many calls deep this view was made to find a helper's return space (bounds recursion). */
  readonly depth?: number;
}

interface Decl {
  readonly type: CType;
  /** Where it lives; undefined: ask `outer` (names the signature pass binds). */
  readonly storage?: Space;
  /** Pointers: the space they point into, computed when first asked. */
  pointee?: Space | 'pending' | 'computing' | null;
  readonly isArray: boolean;
  readonly name: string;
  readonly init: SyntaxNode | null;
  readonly local: boolean;
  /** Declared with a pointer declarator (its space is inferred). */
  readonly pointer: boolean;
  /** `auto q = p + i`: a pointer when its initialiser is one (its type and space come from it). */
  readonly auto?: boolean;
}

const UNKNOWN: CType = { kind: 'unknown' };
/** The nodes that open a block scope. */
const SCOPES = ['compound_statement', 'for_statement', 'for_range_loop', 'while_statement', 'if_statement', 'switch_statement', 'lambda_expression'] as const;
const scalarOf = (name: string): CType => ({ kind: 'scalar', scalar: SCALAR_TYPES.get(name)! });
const INT = scalarOf('int');
const BOOL = scalarOf('bool');
const DOUBLE = scalarOf('double');
const FLOAT = scalarOf('float');
const SIZE_T = scalarOf('size_t');
const LONG = scalarOf('long');

const QUALIFIERS = /\b(const|volatile|struct|class|union|enum|register|static|typename|__restrict__|__restrict|restrict)\b|__align__\s*\(\s*\d+\s*\)/g;

/** Integer promotion: bool, char and short compute as int. */
function promote(s: ScalarRow): ScalarRow {
  return s.cls !== 'float' && s.bits < 32 ? SCALAR_TYPES.get('int')! : s;
}

/** The usual arithmetic conversions of two scalar types. */
export function arithmetic(a: ScalarRow, b: ScalarRow): ScalarRow {
  if (a.cls === 'float' || b.cls === 'float') {
    if (a.cls !== 'float') return b;
    if (b.cls !== 'float') return a;
    return a.bits >= b.bits ? a : b;
  }
  const x = promote(a);
  const y = promote(b);
  if (x === y) return x;
  if (x.signed === y.signed) return x.bits >= y.bits ? x : y;
  const [u, s] = x.signed ? [y, x] : [x, y];
  if (u.bits >= s.bits) return u;
  return s;
}

/** A readable spelling of a type (tests, diagnostics): `device float*`, `threadgroup float[][]`, `uint3`. */
export function typeText(t: CType): string {
  if (t.kind === 'array') {
    let e: CType = t;
    let dims = '';
    while (e.kind === 'array') {
      dims += '[]';
      e = e.element;
    }
    return `${t.space ? `${t.space} ` : ''}${typeText(e)}${dims}`;
  }
  switch (t.kind) {
    case 'scalar':
      return t.scalar.name;
    case 'vector':
      return t.name;
    case 'pointer':
      return `${t.space ? `${t.space} ` : ''}${typeText(t.pointee)}*`;
    case 'struct':
    case 'param':
      return t.name;
    case 'unknown':
      return '?';
  }
}

/** The promoted arithmetic type mathArgs.ts reasons about (int, uint, long, ulong, float); undefined for others. */
export function arithOf(t: CType): 'int' | 'uint' | 'long' | 'ulong' | 'float' | undefined {
  if (t.kind !== 'scalar') return undefined;
  const s = promote(t.scalar);
  if (s.cls === 'float') return s.name === 'float' ? 'float' : undefined;
  if (s.bits === 32) return s.signed ? 'int' : 'uint';
  if (s.bits === 64) return s.signed ? 'long' : 'ulong';
  return undefined;
}

/** The CUDA spelling of a type without address spaces (`float`, `float3*`, `Pair`), or null when unknown or a template parameter. */
export function cudaSpelling(t: CType): string | null {
  switch (t.kind) {
    case 'scalar':
      return t.scalar.name;
    case 'vector':
    case 'struct':
      return t.name;
    case 'pointer': {
      const p = cudaSpelling(t.pointee);
      return p === null ? null : `${p}*`;
    }
    case 'array': {
      const e = cudaSpelling(t.element);
      return e === null ? null : `${e}[]`;
    }
    default:
      return null;
  }
}

/** One instance of a template function and the view of the function in it. */
export interface InstanceView {
  readonly args: TemplateArgs;
  readonly view: TypedView;
  /** The function that launches or calls this instance (`main`, `run<float>`), where known. */
  readonly caller?: string;
}

export const isIntegral = (t: CType): boolean => t.kind === 'scalar' && t.scalar.cls !== 'float';
export const isDouble = (t: CType): boolean => t.kind === 'scalar' && t.scalar.name === 'double';

/** A local declaration and the source range where its name is visible. */
interface LocalName {
  readonly decl: Decl;
  /** The end of its declarator: visible from there. */
  readonly after: number;
  readonly scopeStart: number;
  readonly scopeEnd: number;
}

interface Typedef {
  readonly text: string;
  readonly pointers: number;
  readonly arrays: number;
}

const typedefCache = new WeakMap<ProgramFacts, ReadonlyMap<string, Typedef>>();

/**
 * `typedef struct param {...} *param_t;`: the type a one-level pointer typedef points to (`param`),
 * else null. Such a typedef is emitted `device` (translate.ts), as pointer fields are: a `param_t`
 * kernel parameter is a buffer, a `param_t` helper parameter or local points into device memory.
 */
export function pointerTypedef(program: ProgramFacts, name: string): string | null {
  // `thrust::device_ptr<const int>`: a wrapper whose only member is the raw pointer (tables/thrust.ts).
  const wrapped = /^(?:::)?thrust::device_ptr\s*<(.*)>$/.exec(normType(name));
  if (wrapped?.[1]) return normType(wrapped[1]);
  const td = typedefsOf(program).get(normType(name.replace(/\bconst\b/g, ' ')));
  return td && td.pointers === 1 && td.arrays === 0 && td.text ? normType(td.text) : null;
}

/**
 * `thrust::tuple<int, float>` (std::tuple, cuda::std::tuple, `tuple<...>` after `using namespace`,
 * or a typedef/alias of one, through typedefs of typedefs): the tuple type it names, else null.
 * The host's tuple is libstdc++'s std::tuple, which stores its elements in reverse order, so
 * tuple bytes crossing from the host cannot be read as `cu2m_tuple` (function.ts refuses them).
 */
export function tupleTypeOf(program: ProgramFacts, name: string): string | null {
  let t = normType(name.replace(/\b(const|volatile)\b/g, ' '));
  for (let i = 0; i < 8; i++) {
    if (/^(?:::)?(?:(?:cuda::)?std::|thrust::)?tuple\s*</.test(t)) return t;
    const td = typedefsOf(program).get(t);
    if (!td?.text) return null;
    t = normType(td.text.replace(/\b(const|volatile)\b/g, ' '));
  }
  return null;
}

/**
 * A struct of the file holding a tuple (a field that is or points to one, also in a struct-valued
 * field: `s.inner.pairs`): the field's path and the tuple type, else null.
 */
export function tupleFieldOf(program: ProgramFacts, type: string, seen: ReadonlySet<string> = new Set()): { readonly field: string; readonly tuple: string } | null {
  const fields = structFields(program, type);
  if (!fields || seen.has(type)) return null;
  for (const f of fields) {
    const tuple = tupleTypeOf(program, f.type);
    if (tuple) return { field: f.name, tuple };
    if (f.pointerDepth > 0) continue;
    const inner = tupleFieldOf(program, f.type, new Set([...seen, type]));
    if (inner) return { field: `${f.name}.${inner.field}`, tuple: inner.tuple };
  }
  return null;
}

/** The file's typedefs and `using` aliases: name → the type they name (once per program). */
function typedefsOf(program: ProgramFacts): ReadonlyMap<string, Typedef> {
  const done = typedefCache.get(program);
  if (done) return done;
  const typedefs = new Map<string, Typedef>();
  for (const d of fileNodesOfType(program.file.tree, ['type_definition', 'alias_declaration'])) {
    if (d.type === 'alias_declaration') {
      const name = d.childForFieldName('name')?.text;
      const td = d.childForFieldName('type');
      const shape = declaratorShape(td?.childForFieldName('declarator') ?? null);
      if (name && td) typedefs.set(name, { text: td.childForFieldName('type')?.text ?? '', pointers: shape.pointerDepth, arrays: shape.arrayDims.length });
      continue;
    }
    const type = d.childForFieldName('type');
    if (!type) continue;
    for (const decl of d.childrenForFieldName('declarator')) {
      const shape = declaratorShape(decl);
      if (shape.name && !typedefs.has(shape.name.text)) typedefs.set(shape.name.text, { text: type.type === 'struct_specifier' || type.type === 'union_specifier' || type.type === 'class_specifier' ? (type.childForFieldName('name')?.text ?? shape.name.text) : type.text, pointers: shape.pointerDepth, arrays: shape.arrayDims.length });
    }
  }
  typedefCache.set(program, typedefs);
  return typedefs;
}

export class TypedView {
  /** identifier node id → its declaration (the binding pass runs at the first question). */
  private readonly bound = new Map<number, Decl | undefined>();
  private bindingsDone = false;
  /** Local names: where each declaration of a name is visible. */
  private readonly byName = new Map<string, LocalName[]>();
  private readonly memo = new Map<number, CType>();
  private paramDecls: Map<string, Decl> | null = null;
  private readonly typedefs: ReadonlyMap<string, Typedef>;
  private readonly templateNames: ReadonlySet<string>;
  private instanceList: InstanceView[] | null = null;
  /** A pointer the translator qualified points into the member function's own object (`this`, a member array). */
  thisPointers = false;
  private readonly depth: number;

  constructor(
    private readonly program: ProgramFacts,
    private readonly fn: FunctionFacts,
    private readonly options: ViewOptions = {},
  ) {
    this.templateNames = new Set((fn.templateParams ?? []).filter((p) => p.kind === 'type').map((p) => p.name));
    this.typedefs = typedefsOf(program);
    this.depth = options.depth ?? 0;
  }

  // ---- template instances ------------------------------------------------------------------

  /**
   * The instances of this template function the program makes (templateInstances.ts: the host's
   * launches of a kernel template, the calls of a device function template), each with the view
   * of the function in it. None outside templates, or where the caller gave the arguments.
   */
  instances(): readonly InstanceView[] {
    if (this.instanceList) return this.instanceList;
    this.instanceList = [];
    if (this.options.templateArgs || (this.fn.templateParams ?? []).length === 0) return this.instanceList;
    const found = templateInstances(this.program, this.fn, (caller, args) => callerTypes(new TypedView(this.program, caller, args.size > 0 ? { templateArgs: args } : {})));
    this.instanceList = found.map((i) => ({ args: i.args, ...(i.caller ? { caller: i.caller } : {}), view: new TypedView(this.program, this.fn, { ...this.options, templateArgs: i.args }) }));
    return this.instanceList;
  }

  /** `e`'s type in each known instance of this template function (empty when none is known). */
  typesPerInstance(e: SyntaxNode): { readonly args: TemplateArgs; readonly type: CType }[] {
    return this.instances().map((i) => ({ args: i.args, type: i.view.typeOf(e) }));
  }

  /**
   * `e`'s type whatever the instance: its type when it does not depend on the template's parameters
   * or when every known instance gives the same; 'dependent' when instances differ (one MSL
   * template serves them, typed per instance: typesPerInstance). typeOf(e) when no instance is known.
   */
  instanceType(e: SyntaxNode): CType | 'dependent' {
    const own = this.typeOf(e);
    const per = this.typesPerInstance(e);
    if (per.length === 0) return own;
    const first = per[0]!.type;
    return per.every((p) => typeText(p.type) === typeText(first)) ? first : 'dependent';
  }

  /** The parameters' declarations (computed when first asked). */
  private get params(): Map<string, Decl> {
    if (this.paramDecls) return this.paramDecls;
    const params = new Map<string, Decl>();
    this.fn.params.forEach((p, i) => {
      let type = p.typeNode ? this.typeFromText(p.typeNode.text) : UNKNOWN;
      for (let k = 0; k < p.pointerDepth + (p.isArray ? 1 : 0); k++) type = { kind: 'pointer', pointee: type };
      const viaTypedef = p.pointerDepth === 0 && !p.isArray && !p.reference && p.typeNode !== null && pointerTypedef(this.program, p.typeNode.text) !== null;
      const pointer = p.pointerDepth > 0 || p.isArray || viaTypedef;
      const space = viaTypedef ? 'device' : (this.options.spaces?.[i] ?? (this.fn.role === 'kernel' && (p.pointerDepth > 0 || p.isArray) ? 'device' : null));
      if (pointer && space && type.kind === 'pointer') type = { ...type, space };
      params.set(p.name, { type, name: p.name, isArray: false, init: null, local: false, pointer, storage: p.reference ? (space ?? undefined) : 'thread', pointee: pointer ? (space ?? null) : null });
    });
    this.paramDecls = params;
    return params;
  }

  /** The declaration an identifier resolves to, by scope (memoised). */
  private bindingOf(id: SyntaxNode): Decl | undefined {
    if (!this.bindingsDone) {
      this.bindingsDone = true;
      if (this.fn.body) this.bindAll(this.fn.body);
    }
    if (this.bound.has(id.id)) return this.bound.get(id.id);
    const at = id.startIndex;
    let best: LocalName | undefined;
    for (const c of this.byName.get(id.text) ?? []) {
      if (c.after > at || at < c.scopeStart || at >= c.scopeEnd) continue;
      if (!best || c.scopeStart > best.scopeStart || (c.scopeStart === best.scopeStart && c.after > best.after)) best = c;
    }
    this.bound.set(id.id, best?.decl);
    return best?.decl;
  }

  // ---- the binding pass --------------------------------------------------------------------

  /**
   * One pass over the declarations and block scopes of the body, in source order (filtered
   * natively): each local name with the range where it is visible, from the end of its declarator to
   * the end of its block. Identifiers resolve against these ranges (bindingOf).
   */
  private bindAll(body: SyntaxNode): void {
    const scopes: { start: number; end: number }[] = [{ start: body.startIndex, end: body.endIndex }];
    for (const n of body.descendantsOfType(['declaration', ...SCOPES])) {
      while (scopes.length > 1 && n.startIndex >= scopes[scopes.length - 1]!.end) scopes.pop();
      if (n.type !== 'declaration') {
        scopes.push({ start: n.startIndex, end: n.endIndex });
        continue;
      }
      const scope = scopes[scopes.length - 1]!;
      for (const { decl, after } of this.declare(n)) {
        const list = this.byName.get(decl.name) ?? [];
        list.push({ decl, after, scopeStart: scope.start, scopeEnd: scope.end });
        this.byName.set(decl.name, list);
      }
    }
  }

  /** A local declaration's names, each visible after its declarator ends. */
  private declare(n: SyntaxNode): { decl: Decl; after: number }[] {
    const out: { decl: Decl; after: number }[] = [];
    const typeNode = n.childForFieldName('type');
    const toks = specifierTokens(n).map((t) => t.text);
    const shared = toks.includes('__shared__');
    // Bound by the signature pass (function.ts): extern __shared__ (the [[threadgroup(0)]] parameter
    // or an alias of it), a helper's hoisted __shared__ (a parameter), static locals (refused).
    const outer = (shared && (toks.includes('extern') || this.fn.role !== 'kernel')) || toks.includes('static');
    const base = typeNode ? this.typeFromText(typeNode.text) : UNKNOWN;
    for (const d of n.childrenForFieldName('declarator')) {
      const s = declaratorShape(d);
      if (!s.name || s.name.type !== 'identifier') continue;
      let type = base;
      for (let k = 0; k < s.pointerDepth; k++) type = { kind: 'pointer', pointee: type };
      if (s.functionDeclarator) type = UNKNOWN;
      const storage: Space | undefined = outer ? undefined : shared ? 'threadgroup' : s.reference ? undefined : 'thread';
      for (let k = 0; k < s.arrayDims.length; k++) type = { kind: 'array', element: type, ...(storage ? { space: storage } : {}) };
      // `param_t q = ...` of a pointer typedef: points into device memory (pointerTypedef).
      const viaTypedef = !outer && s.pointerDepth === 0 && !s.reference && s.arrayDims.length === 0 && !s.functionDeclarator && typeNode !== null && pointerTypedef(this.program, typeNode.text) !== null;
      const auto = !outer && s.pointerDepth === 0 && !s.reference && s.arrayDims.length === 0 && !s.functionDeclarator && s.init !== null && /^(const\s+)?auto$/.test(normType(typeNode?.text ?? '')) && s.init.type !== 'initializer_list';
      const decl: Decl = {
        type, name: s.name.text, isArray: s.arrayDims.length > 0, init: s.init, local: !outer,
        ...(storage ? { storage } : {}),
        pointer: s.pointerDepth > 0 && !s.reference && !s.functionDeclarator,
        pointee: viaTypedef ? 'device' : !outer && (auto || (s.pointerDepth > 0 && !s.reference && !s.functionDeclarator)) ? 'pending' : null,
        ...(auto ? { auto } : {}),
      };
      if (s.reference && !outer) this.referenceStorage.set(decl, s.init);
      out.push({ decl, after: d.endIndex });
      this.bound.set(s.name.id, decl);
      this.declaredAt.set(decl, s.name);
    }
    return out;
  }

  /** References: the storage of what they are bound to, computed when first asked. */
  private readonly referenceStorage = new Map<Decl, SyntaxNode | null>();
  /** Local declarations by the id of their name's node. */
  private readonly declaredAt = new Map<Decl, SyntaxNode>();

  // ---- names -------------------------------------------------------------------------------

  /** The declaration an identifier refers to, by scope. */
  private declOf(id: SyntaxNode): Decl | undefined {
    return this.bindingOf(id) ?? this.params.get(id.text);
  }

  /** The storage and pointee space of a name (parity with function.ts's symbols). */
  private symbol(id: SyntaxNode): { storage?: Space; pointee?: Space; isArray: boolean } | undefined {
    const d = this.bindingOf(id);
    if (d?.local) {
      let storage = d.storage;
      if (this.referenceStorage.has(d)) {
        const init = this.referenceStorage.get(d);
        storage = init ? this.referenceBinding(init) : undefined;
        if (!storage) return undefined;
      }
      if (d.pointee === 'pending' && d.auto) {
        // `auto q = p + i` is a pointer when its initialiser's type is one; `auto v = p[i]` is not.
        const t = d.init ? this.typeOf(d.init) : UNKNOWN;
        if (t.kind !== 'pointer' && t.kind !== 'array') d.pointee = null;
      }
      if (d.pointee === 'pending') {
        d.pointee = 'computing';
        d.pointee = this.pointerSource(this.declaredAt.get(d) ?? d.name, d.init, d.isArray) ?? null;
      }
      const pointee = d.pointee === 'computing' || d.pointee === null || d.pointee === undefined ? undefined : d.pointee;
      if (d.pointer && !pointee) return undefined; // unknown space: diagnosed
      if (d.auto && !pointee) return { ...(storage ? { storage } : {}), isArray: d.isArray }; // a value
      return { ...(storage ? { storage } : {}), ...(pointee ? { pointee } : {}), isArray: d.isArray };
    }
    // The translator binds every parameter and global it accepts: a name it refused stays unknown.
    if (this.options.outer) return this.options.outer(id.text);
    const p = this.params.get(id.text);
    if (p && !d) {
      const pointee = typeof p.pointee === 'string' && p.pointee !== 'pending' && p.pointee !== 'computing' ? p.pointee : undefined;
      return { ...(p.storage ? { storage: p.storage } : {}), ...(pointee ? { pointee } : {}), isArray: false };
    }
    const g = this.program.deviceGlobals.get(id.text);
    if (g && !d) return g.dims.length > 0 ? { storage: 'thread', pointee: g.space, isArray: false } : { storage: g.space, isArray: false };
    return undefined;
  }

  /**
   * Space of a local pointer: from its initialiser, else from the first assignment to it (for an
   * array of pointers, `float* v[3]`, the first assignment to one of its elements: `v[0] = &s[i]`).
   */
  pointerSource(declared: SyntaxNode | string, init: SyntaxNode | null, elements = false): Space | undefined {
    // `float *p = NULL;` then `p = buf + i;`: a null initialiser says nothing, the assignment does.
    const isNull = init !== null && /^(NULL|nullptr|0|\(\s*\w+\s*\*\s*\)\s*(0|NULL|nullptr))$/.test(init.text.trim());
    if (init && !isNull) return this.pointsInto(init.type === 'initializer_list' ? (init.namedChildren[0] ?? init) : init);
    if (!this.fn.body) return undefined;
    const name = typeof declared === 'string' ? declared : declared.text;
    const decl = typeof declared === 'string' ? undefined : this.bindingOf(declared);
    // The name as declared here (by scope), not another variable of the same name.
    const same = (id: SyntaxNode | null | undefined): boolean => id?.type === 'identifier' && id.text === name && (decl === undefined || this.bindingOf(id) === decl);
    const target = (left: SyntaxNode | null): boolean => {
      if (!left) return false;
      if (decl === undefined && left.text === name) return true;
      if (same(left)) return true;
      return elements && left.type === 'subscript_expression' && same(left.childForFieldName('argument'));
    };
    for (const d of descendants(this.fn.body)) {
      if (d.type === 'assignment_expression' && target(d.childForFieldName('left'))) {
        const right = d.childForFieldName('right');
        if (right) return this.pointsInto(right);
      }
    }
    return undefined;
  }

  // ---- address spaces ----------------------------------------------------------------------

  /** The address space an expression of pointer (or array) type points into. */
  pointsInto(e: SyntaxNode): Space | undefined {
    if (this.options.pointsInto && (e.type === 'identifier' || e.type === 'call_expression')) {
      const known = this.options.pointsInto(e);
      if (known) return known;
    }
    switch (e.type) {
      case 'identifier': {
        const s = this.symbol(e);
        if (!s) return this.memberPointsInto(e);
        // A reference to an array (`Open<n> &open`, an alias of an array type) decays into the
        // memory it refers to.
        if (!s.pointee && !s.isArray && s.storage && this.declOf(e)?.type.kind === 'array') return s.storage;
        return s.pointee ?? (s.isArray ? s.storage : undefined);
      }
      case 'string_literal':
      case 'concatenated_string':
        return 'constant';
      case 'this':
        // Metal's member functions without a space are `thread`: so is the object (scopedNames.ts).
        return enclosingClass(this.fn.node) ? 'thread' : undefined;
      case 'parenthesized_expression':
      case 'cast_expression':
        return this.pointsInto(e.childForFieldName('value') ?? e.namedChildren[e.namedChildren.length - 1]!);
      case 'binary_expression': {
        const l = e.childForFieldName('left');
        const r = e.childForFieldName('right');
        return (l && this.pointsInto(l)) ?? (r && this.pointsInto(r)) ?? undefined;
      }
      case 'pointer_expression': {
        const arg = e.childForFieldName('argument');
        if (!arg) return undefined;
        // `*pp` of a pointer to pointers: what those point into.
        return e.child(0)?.type === '&' ? this.storageOf(arg) : this.innerOf(arg);
      }
      case 'subscript_expression': {
        // tile[ty] of a 2-D array decays to a pointer into the same memory; pp[i] of a pointer to
        // pointers is one of them.
        const arg = e.childForFieldName('argument');
        return arg ? (this.innerOf(arg) ?? this.pointsInto(arg)) : undefined;
      }
      case 'conditional_expression': {
        // Both branches must point into the same memory; `n ? shared : buf` has no MSL type.
        const c = e.childForFieldName('consequence');
        const a = e.childForFieldName('alternative');
        const sc = c ? this.pointsInto(c) : undefined;
        const sa = a ? this.pointsInto(a) : undefined;
        if (sc && sa && sc !== sa) return undefined;
        return sc ?? sa;
      }
      case 'assignment_expression':
      case 'update_expression': {
        const l = e.childForFieldName('left') ?? e.childForFieldName('argument');
        return l ? this.pointsInto(l) : undefined;
      }
      case 'call_expression': {
        const f = e.childForFieldName('function');
        const args = e.childForFieldName('arguments');
        if (f?.type === 'template_function' && /^(static|reinterpret|const)_cast$/.test(f.childForFieldName('name')?.text ?? '')) {
          const a = args?.namedChildren[0];
          return a ? this.pointsInto(a) : undefined;
        }
        // A helper returning a pointer: into what its return statements point, for these arguments.
        const name = f?.type === 'template_function' ? f.childForFieldName('name')?.text : f?.type === 'identifier' && !this.declOf(f) ? f.text : undefined;
        const callee = name ? this.program.definitions.get(name) : undefined;
        if (callee && declaratorShape(callee.node.childForFieldName('declarator')).pointerDepth > 0) {
          return this.returnSpace(callee, (args?.namedChildren ?? []).filter((a) => a.type !== 'comment'));
        }
        if (f?.type === 'field_expression') return this.memberReturnSpace(f, (args?.namedChildren ?? []).filter((a) => a.type !== 'comment'));
        return undefined;
      }
      case 'field_expression': {
        // A pointer field of a struct of the file points into device memory (structPointers.ts);
        // an array field (`s.a`, `p->a`) decays to a pointer into its object's memory.
        const field = this.fieldOf(e);
        if (field) return field.kind === 'pointer' ? (field.space ?? 'device') : field.kind === 'array' ? this.storageOf(e) : undefined;
        if (onlyArrayField(this.program, e.childForFieldName('field')?.text ?? '')) return this.storageOf(e);
        return isPointerField(this.program, e.childForFieldName('field')?.text ?? '') ? 'device' : undefined;
      }
      default:
        return undefined;
    }
  }

  /**
   * For an expression that points to pointers (`&q`, `(void**)&q`, `&s->next`, a `T**` parameter):
   * the space the pointers it points to point into. Undefined for anything else.
   */
  innerOf(e: SyntaxNode): Space | undefined {
    switch (e.type) {
      case 'identifier': {
        if (this.bindingOf(e)) return undefined;
        if (this.options.outer) return this.options.outer(e.text)?.inner;
        const i = this.fn.params.findIndex((p) => p.name === e.text);
        return i >= 0 ? (this.options.inner?.[i] ?? undefined) : undefined;
      }
      case 'parenthesized_expression':
        return e.namedChildren[0] ? this.innerOf(e.namedChildren[0]) : undefined;
      case 'cast_expression': {
        const v = e.childForFieldName('value');
        return v ? this.innerOf(v) : undefined;
      }
      case 'binary_expression': {
        const l = e.childForFieldName('left');
        return l ? this.innerOf(l) : undefined;
      }
      case 'pointer_expression': {
        // `&q` where q is a pointer: the space q points into.
        const arg = e.childForFieldName('argument');
        if (!arg || e.child(0)?.type !== '&') return undefined;
        const t = this.typeOf(arg);
        return t.kind === 'pointer' || this.isPointerLvalue(arg) ? this.pointsInto(arg) : undefined;
      }
      default:
        return undefined;
    }
  }

  /** Is lvalue `e` a pointer the view can follow (a pointer field, a local or parameter pointer)? */
  private isPointerLvalue(e: SyntaxNode): boolean {
    if (e.type === 'field_expression') return this.fieldOf(e)?.kind === 'pointer' || isPointerField(this.program, e.childForFieldName('field')?.text ?? '');
    if (e.type === 'identifier') return this.symbol(e)?.pointee !== undefined;
    return false;
  }

  /**
   * `pool->at(i)` / `t.sizes()`: a member function of a class of the file returning a pointer: what
   * its return statements point into, for its pointer parameters in the arguments' spaces; a member
   * array it returns (`return size_;`) is in the object's memory, a pointer field points into device
   * memory (structPointers.ts).
   */
  private memberReturnSpace(f: SyntaxNode, args: readonly SyntaxNode[]): Space | undefined {
    const obj = f.childForFieldName('argument');
    const name = f.childForFieldName('field')?.text;
    if (!obj || !name || this.depth > 8) return undefined;
    const arrow = f.child(1)?.type === '->';
    let t = this.typeOf(obj);
    if (arrow && t.kind === 'pointer') t = t.pointee;
    // `Shape<2> s`: a class template's instance, by the template's name.
    const className = t.kind === 'struct' ? t.name : t.kind === 'unknown' ? /^(\w+)\s*</.exec(t.text ?? '')?.[1] : undefined;
    const cls = className ? classNamed(this.program, className) : null;
    // An object of a template parameter's type (`AllocatorT *memAlloc`): every class of the file
    // with such a member, when they all agree (device code can only use the file's classes).
    const classes = cls ? [cls] : t.kind === 'param' || t.kind === 'unknown' ? fileNodesOfType(this.program.file.tree, ['struct_specifier', 'class_specifier']).filter((c) => c.childForFieldName('body')) : [];
    const overloads = classes.flatMap((c) => memberOverloadsOf(c, name));
    if (overloads.length === 0) return undefined;
    let found: Space | undefined;
    for (const o of overloads.filter((m) => m.pointers.length >= args.length && m.required <= args.length)) {
      const facts = functionFacts(o.def, this.program.externSharedGlobals, new Set());
      if (!facts?.body || declaratorShape(facts.node.childForFieldName('declarator')).pointerDepth !== 1) return undefined;
      const spaces = facts.params.map((p, i) => {
        const a = args[i];
        if (p.reference) return 'thread' as Space;
        if (p.pointerDepth === 0 && !p.isArray) return null;
        return (a && !isNullPointer(a) ? this.pointsInto(a) : undefined) ?? 'device';
      });
      const view = new TypedView(this.program, facts, { spaces, depth: this.depth + 1 });
      for (const e of returnedExpressions(facts.body)) {
        if (isNullPointer(e)) continue;
        let s = view.pointsInto(e);
        // Into the object itself (its member arrays, `this`): where the object is.
        if (s === 'thread') {
          view.thisPointers = false;
          view.notePointsIntoThis(e);
          if (view.thisPointers) s = arrow ? this.pointsInto(obj) : this.storageOf(obj);
        }
        if (!s || (found && s !== found)) return undefined;
        found = s;
      }
    }
    return found;
  }

  /** The space a reference bound to `e` refers into: an lvalue's, or `thread` for a temporary (temporaries.ts). */
  referenceBinding(e: SyntaxNode): Space | undefined {
    return this.storageOf(e) ?? (isTemporary(e, this.program) ? 'thread' : undefined);
  }

  /**
   * Does pointer expression `e` point into the member function's own object (`state + 3`,
   * `&words[1]`, `this`, `reinterpret_cast<T*>(this)`)? Then its `thread` space comes from `this`:
   * noted in `thisPointers` (function.ts declares the member `thread`).
   */
  notePointsIntoThis(e: SyntaxNode, lvalue = false): void {
    let cur: SyntaxNode | null = e;
    while (cur) {
      if (cur.type === 'this') break;
      if (cur.type === 'identifier') {
        if (this.memberPointsInto(cur) === 'thread') break;
        if (lvalue && !this.bindingOf(cur) && !this.params.has(cur.text) && memberField(this.fn.node, cur.text)?.pointerDepth === 0) break;
        return;
      }
      if (cur.type === 'binary_expression') {
        const l = cur.childForFieldName('left');
        cur = l && this.pointsInto(l) ? l : cur.childForFieldName('right');
      } else if (cur.type === 'parenthesized_expression') cur = cur.namedChildren[0] ?? null;
      else if (cur.type === 'cast_expression') cur = cur.childForFieldName('value');
      else if (cur.type === 'call_expression' && /_cast\b/.test(cur.childForFieldName('function')?.text ?? '')) cur = cur.childForFieldName('arguments')?.namedChildren[0] ?? null;
      else if (cur.type === 'pointer_expression' || cur.type === 'subscript_expression') {
        if (cur.type === 'pointer_expression' && cur.child(0)?.type === '&') lvalue = true; // `&data`: the member itself
        cur = cur.childForFieldName('argument');
      } else if (cur.type === 'field_expression' && cur.child(1)?.type === '.') {
        lvalue = true; // `val.data`: inside the member object `val`
        cur = cur.childForFieldName('argument');
      }
      else return;
    }
    if (cur) this.thisPointers = true;
  }

  /** The space a pointer data member of the class around this member function points into (fieldSpaces.ts). */
  private ownFieldSpace(name: string): Space {
    const cls = enclosingClass(this.fn.node)?.childForFieldName('name')?.text;
    return cls ? fieldSpace(this.program, cls, name) : 'device';
  }

  /** A data member named without `this->` in a member function: arrays live in the (thread) object, pointers point into device memory. */
  private memberPointsInto(id: SyntaxNode): Space | undefined {
    if (this.bindingOf(id) || this.params.has(id.text)) return undefined;
    const m = memberField(this.fn.node, id.text);
    if (!m) return undefined;
    if (m.pointerDepth > 0) return this.ownFieldSpace(id.text);
    return m.arrays > 0 ? 'thread' : undefined;
  }

  /**
   * The space a device function returning a pointer returns into, given its parameters' spaces in
   * this call: what every return statement points into, when they agree (addressSpaces.ts).
   */
  returnSpace(callee: FunctionFacts, args: readonly SyntaxNode[]): Space | undefined {
    if (!callee.body || callee.role === 'kernel') return undefined;
    const spaces = callee.params.map((p, i) => {
      const a = args[i];
      if (!a || (p.pointerDepth === 0 && !p.isArray && !p.reference)) return null;
      return (p.reference ? this.referenceBinding(a) : this.pointsInto(a)) ?? null;
    });
    return functionReturnSpace(this.program, callee, spaces, this.depth + 1);
  }

  /** The address space an lvalue lives in (for `&x` and reference bindings). */
  storageOf(e: SyntaxNode): Space | undefined {
    switch (e.type) {
      case 'conditional_expression': {
        // `f ? t2 : t1` bound to a reference: both branches in the same memory.
        const c = e.childForFieldName('consequence');
        const a = e.childForFieldName('alternative');
        const sc = c ? this.storageOf(c) : undefined;
        const sa = a ? this.storageOf(a) : undefined;
        return sc && sc === sa ? sc : undefined;
      }
      case 'identifier':
        return this.symbol(e)?.storage ?? 'thread';
      case 'parenthesized_expression':
        return e.namedChildren[0] ? this.storageOf(e.namedChildren[0]) : undefined;
      case 'subscript_expression': {
        const arg = e.childForFieldName('argument');
        if (!arg) return undefined;
        return this.pointsInto(arg) ?? (arg.type === 'subscript_expression' ? this.storageOf(arg) : undefined);
      }
      case 'field_expression': {
        const arg = e.childForFieldName('argument');
        if (!arg) return undefined;
        return e.child(1)?.type === '->' ? this.pointsInto(arg) : this.storageOf(arg);
      }
      case 'pointer_expression': {
        const arg = e.childForFieldName('argument');
        return arg && e.child(0)?.type === '*' ? this.pointsInto(arg) : undefined;
      }
      case 'call_expression': {
        // `x.lower()` on an object in thread memory: a reference it returns is into that object
        // (members are `thread`, src/translate/scopedNames.ts); a value is a temporary (temporaries.ts).
        // On an object in threadgroup or device memory (`stats.Alias()` of `__shared__` storage),
        // the member's threadgroup / device copy runs (function.ts referenceMemberCopies): the
        // reference is into that memory.
        const f = e.childForFieldName('function');
        const obj = f?.type === 'field_expression' ? f.childForFieldName('argument') : null;
        if (!obj || isTemporary(e, this.program)) return undefined;
        const s = f?.child(1)?.type === '->' ? this.pointsInto(obj) : this.storageOf(obj);
        return s === 'thread' || s === 'threadgroup' || s === 'device' ? s : undefined;
      }
      default:
        return undefined;
    }
  }

  // ---- types -------------------------------------------------------------------------------

  /** The CUDA type a type spelling names (qualifiers dropped; typedefs, template parameters and structs resolved). */
  typeFromText(text: string, depth = 0): CType {
    const t = normType(text.replace(QUALIFIERS, ' ')).replace(/^::/, '');
    const scalar = SCALAR_TYPES.get(t);
    if (scalar) return { kind: 'scalar', scalar };
    if (t === 'dim3') return { kind: 'vector', base: SCALAR_TYPES.get('unsigned int')!, n: 3, name: 'dim3' };
    const vec = /^(\w+?)([1-4])$/.exec(t);
    const vbase = vec ? VECTOR_BASES.get(vec[1]!) : undefined;
    if (vec && vbase) return { kind: 'vector', base: vbase, n: Number(vec[2]), name: t };
    if (t === '__half2' || t === 'half2') return { kind: 'vector', base: SCALAR_TYPES.get('half')!, n: 2, name: 'half2' };
    if (depth > 16) return { kind: 'unknown', text: t };
    const bound = this.options.templateArgs?.get(t);
    if (bound !== undefined) return this.typeFromText(bound, depth + 1);
    if (this.templateNames.has(t)) return { kind: 'param', name: t };
    if (structFields(this.program, t)) return { kind: 'struct', name: t };
    // `Open<n>` of `template <int n> using Open = int64_t[4 * n + 2];`: the alias's shape (its
    // sizes do not matter to the view).
    const td = this.typedefs.get(t) ?? this.typedefs.get(/^(\w+)\s*<.*>$/.exec(t)?.[1] ?? '');
    if (td) {
      let r = this.typeFromText(td.text, depth + 1);
      for (let k = 0; k < td.pointers; k++) r = { kind: 'pointer', pointee: r };
      for (let k = 0; k < td.arrays; k++) r = { kind: 'array', element: r };
      return r;
    }
    return { kind: 'unknown', text: t };
  }

  /** Is `text` a template parameter of this function without an argument here (`T`, `N`)? */
  isDependentName(text: string): boolean {
    const t = normType(text.replace(QUALIFIERS, ' '));
    return (this.fn.templateParams ?? []).some((p) => p.name === t) && this.options.templateArgs?.get(t) === undefined;
  }

  /** The type a type_descriptor (`float*`, `const int`) names. */
  private descriptorType(td: SyntaxNode): CType {
    let t = this.typeFromText(td.childForFieldName('type')?.text ?? '');
    const shape = declaratorShape(td.childForFieldName('declarator'));
    for (let k = 0; k < shape.pointerDepth; k++) t = { kind: 'pointer', pointee: t };
    return t;
  }

  /** The type of a member access (`s.n`, `p->v`, `v.x`), undefined when the object's type is not known. */
  private fieldOf(e: SyntaxNode): CType | undefined {
    const arg = e.childForFieldName('argument');
    const field = e.childForFieldName('field')?.text ?? '';
    if (!arg) return undefined;
    let obj = this.typeOf(arg);
    if (e.child(1)?.type === '->') obj = obj.kind === 'pointer' ? obj.pointee : obj.kind === 'array' ? obj.element : UNKNOWN;
    if (obj.kind === 'vector') return /^[xyzw]$/.test(field) ? { kind: 'scalar', scalar: obj.base } : undefined;
    if (obj.kind !== 'struct') return undefined;
    const f = structFields(this.program, obj.name)?.find((x) => x.name === field);
    if (!f) return undefined;
    let t = this.typeFromText(f.type);
    for (let k = 0; k < f.pointerDepth; k++) t = { kind: 'pointer', pointee: t, space: k === 0 ? fieldSpace(this.program, obj.name, field) : 'device' }; // fieldSpaces.ts
    for (let k = 0; k < f.dims.length; k++) t = { kind: 'array', element: t };
    return t;
  }

  /** The CUDA type of an expression (`unknown` where the view cannot tell). */
  typeOf(e: SyntaxNode): CType {
    const done = this.memo.get(e.id);
    if (done) return done;
    const t = this.compute(e);
    this.memo.set(e.id, t);
    return t;
  }

  private compute(e: SyntaxNode): CType {
    switch (e.type) {
      case 'number_literal':
        return literalType(e.text);
      case 'char_literal':
        return scalarOf('char');
      case 'true':
      case 'false':
        return BOOL;
      case 'string_literal':
      case 'concatenated_string':
        return { kind: 'pointer', pointee: scalarOf('char'), space: 'constant' };
      case 'sizeof_expression':
      case 'alignof_expression':
        return SIZE_T;
      case 'identifier': {
        const d = this.declOf(e);
        if (d?.auto && d.init && d.type.kind === 'unknown') {
          this.memo.set(e.id, UNKNOWN); // `auto x = x + 1` names an outer x: no cycle
          return this.withSpace(this.typeOf(d.init), e);
        }
        if (d) return this.withSpace(d.type, e);
        const g = this.program.deviceGlobals.get(e.text);
        if (g) {
          let t = this.typeFromText(g.typeNode.text);
          for (let k = 0; k < g.dims.length; k++) t = { kind: 'array', element: t, space: g.space };
          return t;
        }
        const builtin = BUILTIN_VARIABLE_TYPES.get(e.text);
        if (builtin) return this.typeFromText(builtin);
        const o = this.options.outer?.(e.text);
        if (o?.type) return this.typeFromText(o.type);
        const c = this.program.constants.get(e.text);
        if (c !== undefined && /^\(?\s*[-+]?[0-9.][0-9a-zA-Z.+-]*\s*\)?$/.test(c)) return literalType(c.replace(/[()\s]/g, ''));
        const m = memberField(this.fn.node, e.text);
        if (m) {
          let t = this.typeFromText(m.type);
          for (let k = 0; k < m.pointerDepth; k++) t = { kind: 'pointer', pointee: t, space: k === 0 ? this.ownFieldSpace(e.text) : 'device' };
          for (let k = 0; k < m.arrays; k++) t = { kind: 'array', element: t, space: 'thread' };
          return t;
        }
        return UNKNOWN;
      }
      case 'this': {
        const cls = enclosingClass(this.fn.node);
        const name = cls?.childForFieldName('name')?.text;
        return name ? { kind: 'pointer', pointee: this.typeFromText(name), space: 'thread' } : UNKNOWN;
      }
      case 'parenthesized_expression':
        return e.namedChildren.length === 1 ? this.typeOf(e.namedChildren[0]!) : UNKNOWN;
      case 'cast_expression': {
        const td = e.childForFieldName('type');
        const t = td ? this.descriptorType(td) : UNKNOWN;
        const v = e.childForFieldName('value');
        return t.kind === 'pointer' && v ? this.spaced(t, this.pointsInto(v)) : t;
      }
      case 'comma_expression':
        return e.childForFieldName('right') ? this.typeOf(e.childForFieldName('right')!) : UNKNOWN;
      case 'assignment_expression':
        return e.childForFieldName('left') ? this.typeOf(e.childForFieldName('left')!) : UNKNOWN;
      case 'update_expression':
        return e.childForFieldName('argument') ? this.typeOf(e.childForFieldName('argument')!) : UNKNOWN;
      case 'unary_expression': {
        const op = e.child(0)?.type ?? '';
        const arg = e.childForFieldName('argument');
        if (op === '!') return BOOL;
        const t = arg ? this.typeOf(arg) : UNKNOWN;
        return t.kind === 'scalar' ? { kind: 'scalar', scalar: promote(t.scalar) } : t;
      }
      case 'pointer_expression': {
        const arg = e.childForFieldName('argument');
        if (!arg) return UNKNOWN;
        if (e.child(0)?.type === '&') {
          const storage = this.storageOf(arg);
          return { kind: 'pointer', pointee: this.typeOf(arg), ...(storage ? { space: storage } : {}) };
        }
        const t = this.typeOf(arg);
        return t.kind === 'pointer' ? t.pointee : t.kind === 'array' ? t.element : UNKNOWN;
      }
      case 'subscript_expression': {
        const arg = e.childForFieldName('argument');
        const t = arg ? this.typeOf(arg) : UNKNOWN;
        return t.kind === 'pointer' ? t.pointee : t.kind === 'array' ? t.element : UNKNOWN;
      }
      case 'field_expression':
        return this.fieldOf(e) ?? UNKNOWN;
      case 'binary_expression':
        return this.binaryType(e);
      case 'conditional_expression': {
        const c = e.childForFieldName('consequence');
        const a = e.childForFieldName('alternative');
        const tc = c ? this.typeOf(c) : UNKNOWN;
        const ta = a ? this.typeOf(a) : UNKNOWN;
        if (tc.kind === 'scalar' && ta.kind === 'scalar') return { kind: 'scalar', scalar: arithmetic(tc.scalar, ta.scalar) };
        if (tc.kind === 'pointer') return this.spaced(tc, this.pointsInto(e));
        return tc.kind !== 'unknown' ? tc : ta;
      }
      case 'call_expression':
        return this.callType(e);
      default:
        return UNKNOWN;
    }
  }

  /** A name's declared type with the spaces the view knows (a pointer's pointee space, an array's storage). */
  private withSpace(t: CType, id: SyntaxNode): CType {
    if (t.kind !== 'pointer' && t.kind !== 'array') return t;
    return this.spaced(t, this.pointsInto(id));
  }

  private spaced(t: CType, space: Space | undefined): CType {
    if (!space || (t.kind !== 'pointer' && t.kind !== 'array')) return t;
    return { ...t, space };
  }

  private binaryType(e: SyntaxNode): CType {
    const op = e.childForFieldName('operator')?.text ?? e.child(1)?.type ?? '';
    if (['<', '>', '<=', '>=', '==', '!=', '&&', '||'].includes(op)) return BOOL;
    const l = e.childForFieldName('left');
    const r = e.childForFieldName('right');
    const tl = l ? this.typeOf(l) : UNKNOWN;
    const tr = r ? this.typeOf(r) : UNKNOWN;
    const pointerLike = (t: CType): boolean => t.kind === 'pointer' || t.kind === 'array';
    if (pointerLike(tl) && pointerLike(tr) && op === '-') return LONG;
    if (pointerLike(tl) || pointerLike(tr)) {
      const p = pointerLike(tl) ? tl : tr;
      const pointee = p.kind === 'pointer' ? p.pointee : p.kind === 'array' ? p.element : UNKNOWN;
      return this.spaced({ kind: 'pointer', pointee }, this.pointsInto(e));
    }
    if (op === '<<' || op === '>>') return tl.kind === 'scalar' ? { kind: 'scalar', scalar: promote(tl.scalar) } : tl;
    if (tl.kind === 'scalar' && tr.kind === 'scalar') return { kind: 'scalar', scalar: arithmetic(tl.scalar, tr.scalar) };
    // A double with an operand of unknown type: C computes in double (a class type with its own
    // operators aside).
    if ((isDouble(tl) && tr.kind === 'unknown') || (isDouble(tr) && tl.kind === 'unknown')) return DOUBLE;
    if (tl.kind === 'vector') return tl;
    if (tr.kind === 'vector') return tr;
    return UNKNOWN;
  }

  private callType(e: SyntaxNode): CType {
    const f = e.childForFieldName('function');
    const args = (e.childForFieldName('arguments')?.namedChildren ?? []).filter((a) => a.type !== 'comment');
    if (!f) return UNKNOWN;
    if (f.type === 'template_function') {
      const name = f.childForFieldName('name')?.text ?? '';
      const targ = f.childForFieldName('arguments')?.namedChildren[0];
      if (/^(static|reinterpret|const)_cast$/.test(name) && targ?.type === 'type_descriptor') {
        const t = this.descriptorType(targ);
        return t.kind === 'pointer' && args[0] ? this.spaced(t, this.pointsInto(args[0])) : t;
      }
      const callee = this.program.definitions.get(name);
      return callee ? this.returnType(callee) : UNKNOWN;
    }
    if (f.type !== 'identifier') return UNKNOWN;
    const name = f.text;
    if (this.declOf(f)) return UNKNOWN; // a variable called: a functor or a function pointer
    const callee = this.program.definitions.get(name);
    if (callee && callee.role !== 'kernel') return this.spaced(this.returnType(callee), this.pointsInto(e));
    // `int(x)`, `float3(...)`, `real_t(x)`: functional casts.
    const asType = this.typeFromText(name);
    if (asType.kind !== 'unknown' && asType.kind !== 'param') return asType;
    const make = /^make_(\w+)$/.exec(name);
    if (make) return this.typeFromText(make[1]!);
    const result = FUNCTION_RESULT_TYPES.get(name);
    if (!result) return UNKNOWN;
    const argType = (i: number): CType => (args[i] ? this.typeOf(args[i]!) : UNKNOWN);
    switch (result) {
      case 'arg': {
        const t = argType(0);
        if (t.kind !== 'scalar') return t;
        return t.scalar.cls === 'float' ? t : DOUBLE; // C++: an integer argument computes in double
      }
      case 'common': {
        const ts = args.map((_, i) => argType(i));
        if (ts.length === 0 || ts.some((t) => t.kind !== 'scalar')) return ts[0] ?? UNKNOWN;
        return { kind: 'scalar', scalar: ts.map((t) => (t as { scalar: ScalarRow }).scalar).reduce(arithmetic) };
      }
      case 'arg2':
        return argType(1);
      case 'pointee': {
        const t = argType(0);
        return t.kind === 'pointer' ? t.pointee : UNKNOWN;
      }
      default:
        return this.typeFromText(result);
    }
  }

  /** A device function's declared return type. */
  private returnType(callee: FunctionFacts): CType {
    const typeNode = callee.node.childForFieldName('type');
    if (!typeNode) return UNKNOWN;
    // A callee's own template parameter (`T f(T x)`) is not this function's: unknown here.
    if ((callee.templateParams ?? []).some((p) => p.name === normType(typeNode.text.replace(QUALIFIERS, ' ')))) return UNKNOWN;
    let t = this.typeFromText(typeNode.text);
    const shape = declaratorShape(callee.node.childForFieldName('declarator'));
    for (let k = 0; k < shape.pointerDepth; k++) t = { kind: 'pointer', pointee: t };
    return t;
  }
}

const returnSpaces = new WeakMap<ProgramFacts, Map<string, Space | null>>();

/**
 * The space `fn` returns a pointer into when its pointer parameters point into `spaces`: what all
 * its return statements point into (null pointers aside), undefined when they disagree or one is
 * unknown. Memoised per program and instance; recursion deeper than 8 calls is unknown.
 */
export function functionReturnSpace(program: ProgramFacts, fn: FunctionFacts, spaces: readonly (Space | null)[], depth = 0): Space | undefined {
  const memo = returnSpaces.get(program) ?? new Map<string, Space | null>();
  returnSpaces.set(program, memo);
  const key = `${fn.name}@${fn.node.startIndex}|${spaces.map((s) => s ?? '-').join(',')}`;
  if (memo.has(key)) return memo.get(key) ?? undefined;
  if (depth > 8 || !fn.body) return undefined;
  memo.set(key, null); // a recursive call of itself while computing: unknown
  const view = new TypedView(program, fn, { spaces, depth });
  let found: Space | undefined;
  let ok = true;
  for (const e of returnedExpressions(fn.body)) {
    if (isNullPointer(e)) continue;
    const s = view.pointsInto(e);
    if (!s || (found && s !== found)) {
      ok = false;
      break;
    }
    found = s;
  }
  const result = ok ? found : undefined;
  memo.set(key, result ?? null);
  return result;
}

/** A literal's CUDA type: 7 int, 7u unsigned, 7l long, 7ull unsigned long long, 1.0f float, 1.0 double. */
export function literalType(text: string): CType {
  const t = text.trim().replace(/^[-+]\s*/, '').replace(/'/g, '');
  const int = /^(0[xX][0-9a-fA-F]+|0[bB][01]+|[0-9]+)([uUlL]*)$/.exec(t);
  if (int) {
    const suffix = int[2]!.toLowerCase();
    const unsigned = suffix.includes('u');
    const longs = (suffix.match(/l/g) ?? []).length;
    const v = Number(int[1]!.replace(/^0[bB]/, '0b'));
    const decimal = /^[1-9]|^0$/.test(int[1]!);
    if (longs === 2) return scalarOf(unsigned ? 'unsigned long long' : 'long long');
    if (longs === 1) return scalarOf(unsigned ? 'unsigned long' : 'long');
    if (unsigned) return scalarOf(v <= 0xffffffff ? 'unsigned int' : 'unsigned long');
    if (v <= 0x7fffffff) return INT;
    if (!decimal && v <= 0xffffffff) return scalarOf('unsigned int');
    return LONG;
  }
  if (/^([0-9]*\.[0-9]*|[0-9]+)([eE][-+]?[0-9]+)?[fF]$/.test(t) && /[.eEfF]/.test(t)) return FLOAT;
  if (/^([0-9]*\.[0-9]*|[0-9]+)([eE][-+]?[0-9]+)?$/.test(t) && /[.eE]/.test(t)) return DOUBLE;
  if (/^0[xX][0-9a-fA-F.]+[pP][-+]?[0-9]+[fF]?$/.test(t)) return /[fF]$/.test(t) ? FLOAT : DOUBLE;
  if (/[lL]$/.test(t) && /[.eE]/.test(t)) return { kind: 'unknown', text: 'long double' };
  return UNKNOWN;
}

/** What templateInstances.ts asks of a caller's view: spellings of argument types and of written template arguments. */
function callerTypes(v: TypedView): CallerTypes {
  return {
    typeName: (e) => cudaSpelling(v.typeOf(e)),
    resolve: (text) => {
      const t = v.typeFromText(text);
      if (t.kind === 'unknown') return v.isDependentName(text) ? null : normType(t.text ?? text);
      return cudaSpelling(t);
    },
  };
}

/** The view of a function, for tests and for passes outside the translator. */
export function typedView(program: ProgramFacts, fn: FunctionFacts, options: ViewOptions = {}): TypedView {
  return new TypedView(program, fn, options);
}

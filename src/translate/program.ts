// Whole-file facts the passes need: which functions are kernels, device helpers or host code,
// their parameters, the call graph, built-ins and barriers each function reaches, and file-scope
// declarations (macros, constants, `extern __shared__` arrays, device globals).
import type { SourceFile, SyntaxNode } from '../parse/parse';
import { BUILTIN_BY_NAME } from './tables/builtins';
import { WARP_FUNCTIONS } from './tables/functions';
import { CG_BLOCK_BUILTINS, CG_BY_NAME, CG_COALESCED_BUILTINS, CG_GRID_BUILTINS, CG_NAMESPACE } from './tables/cooperativeGroups';
import { captures } from '../parse/queries';
import { fileNodesOfType, nodesOfTypeIn } from '../parse/nodeIndex';
import { declaratorShape, hasToken, sameNode } from './syntax';
import { ptxStatement } from './ptx';
import { LANE_BUILTINS, subWarpWidth } from './warps';
import { BLOCK_VOTE_FUNCTIONS } from './blockVote';
import { TRAP_FUNCTIONS } from './printf';
import { usesLockstep } from './lockstep';
import { isFunctorObject, isMemberOfEnclosingClass } from './typeNameUses';
import { constructionSites, constructorClass, isCopyConstructor } from './constructors';

export type FunctionRole = 'kernel' | 'device' | 'hostdevice' | 'host';

export interface ParamFacts {
  readonly node: SyntaxNode;
  readonly name: string;
  readonly typeNode: SyntaxNode | null;
  readonly pointerDepth: number;
  readonly reference: boolean;
  readonly isArray: boolean;
  readonly isConst: boolean;
}

export interface FunctionFacts {
  readonly name: string;
  readonly role: FunctionRole;
  /** function_definition, or a declaration for a prototype. */
  readonly node: SyntaxNode;
  readonly declarator: SyntaxNode;
  readonly paramList: SyntaxNode;
  readonly params: ParamFacts[];
  readonly body: SyntaxNode | null;
  /** Directly used built-in variables and called device functions of this file. */
  readonly builtins: Set<string>;
  readonly callees: Set<string>;
  readonly callsBarrier: boolean;
  /** Calls printf, assert or clock/clock64: needs the runtime's printf buffer (native/runtime/printf.cpp). */
  readonly callsPrintf: boolean;
  /** Names of file-scope `extern __shared__` arrays it references. */
  readonly externShared: Set<string>;
  /** `__constant__`/`__device__` variables of the file it references. */
  readonly globals: Set<string>;
  /** A function template: its `template <...>` declaration (the function is its last child). */
  readonly template?: SyntaxNode;
  /** A function template's parameters in order: `{ name: 'T', kind: 'type' }`, `{ name: 'N', kind: 'value' }`. */
  readonly templateParams?: readonly TemplateParam[];
}

export interface TemplateParam {
  readonly name: string;
  /** 'template': a template template parameter (`template <class> class F`), named in type position only as `F<...>`. */
  readonly kind: 'type' | 'value' | 'template';
  /** A parameter pack (`typename... Args`): named `Args...` where the arguments are listed. */
  readonly pack?: boolean;
}

/** The function a `template <...>` declaration declares or defines, or null (a class template...). */
export function templatedFunction(t: SyntaxNode): SyntaxNode | null {
  const inner = t.namedChildren[t.namedChildren.length - 1];
  if (!inner) return null;
  if (inner.type === 'function_definition') return inner;
  // `template <> template <> R C<A>::f<B>() {...}`: a member template of a class template, defined
  // outside the class (kept as written, the heads included: translate.ts).
  if (inner.type === 'template_declaration') return templatedFunction(inner);
  if (inner.type === 'declaration' && declaratorShape(inner.childForFieldName('declarator')).functionDeclarator) return inner;
  return null;
}

/** `template <typename T, int N>` → [T (type), N (value)]. */
export function templateParams(t: SyntaxNode): TemplateParam[] {
  const list = t.childForFieldName('parameters');
  const out: TemplateParam[] = [];
  for (const p of list?.namedChildren ?? []) {
    if (p.type === 'type_parameter_declaration' || p.type === 'optional_type_parameter_declaration' || p.type === 'variadic_type_parameter_declaration') {
      const name = p.childForFieldName('name') ?? p.namedChildren.find((c) => c.type === 'type_identifier');
      out.push({ name: name?.text ?? '', kind: 'type', ...(p.type === 'variadic_type_parameter_declaration' ? { pack: true } : {}) });
    } else if (p.type === 'parameter_declaration' || p.type === 'optional_parameter_declaration' || p.type === 'variadic_parameter_declaration') {
      out.push({ name: declaratorShape(p.childForFieldName('declarator')).name?.text ?? '', kind: 'value', ...(p.type === 'variadic_parameter_declaration' ? { pack: true } : {}) });
    } else if (p.type === 'template_template_parameter_declaration') {
      // `template <class> class Func`: it takes its place among the arguments (`f<SumOp, float>`).
      const inner = p.namedChildren.find((c) => c.type.endsWith('type_parameter_declaration'));
      const name = inner?.childForFieldName('name') ?? inner?.namedChildren.find((c) => c.type === 'type_identifier');
      out.push({ name: name?.text ?? '', kind: 'template' });
    }
  }
  return out;
}

export interface DeviceGlobal {
  readonly name: string;
  readonly space: 'constant' | 'device';
  /** The declaration and its declarator (`c_Kernel[KERNEL_LENGTH]`). */
  readonly decl: SyntaxNode;
  readonly declarator: SyntaxNode;
  readonly typeNode: SyntaxNode;
  /** Array dimensions as written, outermost first (`['KERNEL_LENGTH']`); empty for a scalar. */
  readonly dims: string[];
  readonly isExtern: boolean;
  /**
   * A variable template (`template <typename T> __constant__ T mask[N];`, read as `mask<T>[j]`):
   * its template parameters and head. Each kernel binds the instance it reads (function.ts
   * globalParam), and the host registers each instance (host.ts).
   */
  readonly template?: { readonly params: readonly string[]; readonly head: SyntaxNode };
}

export interface TopLevelItem {
  readonly node: SyntaxNode;
}

export interface ProgramFacts {
  readonly file: SourceFile;
  /** Definitions (and prototypes) by name; a name can have a prototype and a definition. */
  readonly functions: FunctionFacts[];
  readonly definitions: ReadonlyMap<string, FunctionFacts>;
  readonly functionMacros: ReadonlySet<string>;
  /** Every type name the file defines (structs, classes, unions, enums, typedefs, aliases, template parameters). */
  readonly definedTypes: ReadonlySet<string>;
  /** Classes whose constructors take hidden parameters (built-ins ...; constructors.ts), their key `.Class`. */
  readonly constructorClasses: ReadonlySet<string>;
  /** Object-like macros and file-scope constants: name → the text of their value. */
  readonly constants: ReadonlyMap<string, string>;
  /** Every macro of the file (a #define inside a function too): name → the text of its value. */
  readonly macroBodies?: ReadonlyMap<string, string>;
  /** `extern __shared__ T name[];` at file scope: name → element type text. */
  readonly externSharedGlobals: ReadonlyMap<string, SyntaxNode>;
  /** Names of file-scope variables that device code cannot see (host globals). */
  readonly hostGlobals: ReadonlyMap<string, SyntaxNode>;
  /** `__constant__`/`__device__` variables: buffers the runtime binds (native/runtime/symbols.cpp). */
  readonly deviceGlobals: ReadonlyMap<string, DeviceGlobal>;
  /** Helper functions the emitted MSL needs (tables/functions.ts polyfills), filled by the passes. */
  readonly polyfills: Map<string, string>;
  /** Names that mean namespace cooperative_groups (itself and its aliases), and whether it is `using`'d. */
  readonly cgScopes: ReadonlySet<string>;
  readonly cgUsing: boolean;
  /** Transitive closure: builtins / barrier use through callees. */
  builtinsOf(name: string): string[];
  /** The __constant__/__device__ variables a function uses, directly or through its callees, in declaration order. */
  globalsOf(name: string): string[];
  usesBarrier(name: string): boolean;
  /** Whether the function or a callee prints (printf, assert): it takes the printf buffer. */
  usesPrintf(name: string): boolean;
  /** Whether `test` holds of the function or of a device function it calls, directly or through others. */
  reaches(name: string, test: (f: FunctionFacts) => boolean): boolean;
  externSharedOf(name: string): string[];
}

const CONTAINERS = new Set(['preproc_if', 'preproc_ifdef', 'preproc_else', 'preproc_elif', 'preproc_elifdef', 'linkage_specification', 'declaration_list']);

/** Top-level items in source order, looking through #if blocks and extern "C". */
export function* topLevel(n: SyntaxNode): Generator<SyntaxNode> {
  for (const c of n.namedChildren) {
    if (c.type === 'namespace_definition') {
      // Device code inside a namespace: its items are the file's too (src/translate/namespaces.ts).
      const body = c.childForFieldName('body');
      if (body) yield* topLevel(body);
    } else if (CONTAINERS.has(c.type)) {
      if (isIfZero(c)) {
        const alt = c.childForFieldName('alternative');
        if (alt) yield* topLevel(alt);
      } else yield* topLevel(c);
    } else yield c;
  }
}

/** A function's name without the template arguments of an explicit specialisation: `f<int>` → `f`. */
export const baseName = (name: string): string => (/^(?!operator\b)[A-Za-z_]\w*\s*<[\s\S]*>$/.test(name) ? name.replace(/\s*<[\s\S]*$/, '') : name);

/** `#if 0 ... #endif`: code switched off by hand, which no pass should look at. */
export function isIfZero(n: SyntaxNode): boolean {
  return n.type === 'preproc_if' && /^\s*0\s*$/.test(n.childForFieldName('condition')?.text ?? '');
}

/**
 * `constexpr` functions without `__device__` that device code calls (directly or through other such
 * functions) are `__host__ __device__`, as nvcc's --expt-relaxed-constexpr makes them (HeCBench
 * builds such programs with it): a table `approx<3>(x)` specialised for host and device alike.
 */
function relaxedConstexprRoles(roles: { n: SyntaxNode; role: FunctionRole }[]): { n: SyntaxNode; role: FunctionRole }[] {
  const candidates = roles.filter((r) => r.role === 'host' && hasToken(r.n, 'constexpr'));
  if (candidates.length === 0) return roles;
  const nameOf = (n: SyntaxNode): string => {
    const name = declaratorShape(n.childForFieldName('declarator')).name;
    return (name?.type === 'template_function' ? name.childForFieldName('name')?.text : name?.text) ?? '';
  };
  const calledFrom = (n: SyntaxNode): Set<string> => {
    const out = new Set<string>();
    for (const c of n.childForFieldName('body')?.descendantsOfType('call_expression') ?? []) {
      const f = c.childForFieldName('function');
      const id = f?.type === 'template_function' ? f.childForFieldName('name') : f;
      if (id?.type === 'identifier') out.add(id.text);
    }
    return out;
  };
  const called = new Set<string>();
  for (const r of roles) if (r.role !== 'host') for (const x of calledFrom(r.n)) called.add(x);
  const promoted = new Set<SyntaxNode>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const r of candidates) {
      if (promoted.has(r.n) || !called.has(nameOf(r.n))) continue;
      promoted.add(r.n);
      for (const x of calledFrom(r.n)) called.add(x);
      changed = true;
    }
  }
  return roles.map((r) => (promoted.has(r.n) ? { n: r.n, role: 'hostdevice' } : r));
}

export function functionRole(n: SyntaxNode): FunctionRole {
  if (hasToken(n, '__global__')) return 'kernel';
  const dev = hasToken(n, '__device__');
  const host = hasToken(n, '__host__');
  if (dev && host) return 'hostdevice';
  if (dev) return 'device';
  return 'host';
}

function paramFacts(list: SyntaxNode): ParamFacts[] {
  const out: ParamFacts[] = [];
  for (const p of list.namedChildren) {
    if (p.type !== 'parameter_declaration' && p.type !== 'optional_parameter_declaration') continue;
    const typeNode = p.childForFieldName('type');
    const shape = declaratorShape(p.childForFieldName('declarator'));
    if (typeNode?.text === 'void' && !shape.name && shape.pointerDepth === 0) continue; // f(void)
    const isConst = p.namedChildren.some((c) => c.type === 'type_qualifier' && c.text === 'const' && c.startIndex < (typeNode?.endIndex ?? 0));
    out.push({
      node: p,
      name: shape.name?.text ?? `arg${out.length}`,
      typeNode,
      pointerDepth: shape.pointerDepth,
      reference: shape.reference,
      isArray: shape.arrayDims.length > 0,
      isConst,
    });
  }
  return out;
}

export function functionFacts(n: SyntaxNode, fileExternShared: ReadonlyMap<string, SyntaxNode>, deviceNames: ReadonlySet<string>, macros: ReadonlyMap<string, string> = new Map(), deviceGlobals: ReadonlyMap<string, DeviceGlobal> = new Map(), role: FunctionRole = functionRole(n)): FunctionFacts | null {
  const shape = declaratorShape(n.childForFieldName('declarator'));
  const fd = shape.functionDeclarator;
  if (!fd || !shape.name) return null;
  const paramList = fd.childForFieldName('parameters');
  if (!paramList) return null;
  const body = n.type === 'function_definition' ? n.childForFieldName('body') : null;
  // What the body uses is scanned on first use: the host functions of inlined headers, the most
  // of a typical file, are seldom asked, and the scan (a query over the body) is the costly part.
  interface Uses { builtins: Set<string>; callees: Set<string>; callsBarrier: boolean; callsPrintf: boolean; externShared: Set<string>; globals: Set<string> }
  let uses: Uses | undefined;
  const scan = (): Uses => {
    if (uses) return uses;
    const builtins = new Set<string>();
    const callees = new Set<string>();
    const externShared = new Set<string>();
    const globals = new Set<string>();
    let callsBarrier = false;
    let callsPrintf = false;
    if (body) {
      const declared = declaredNames(n);
      // A constructor's member initialisers (`row(threadIdx.y * w)`) run in it too.
      const inits = n.namedChildren.filter((c) => c.type === 'field_initializer_list');
      for (const c of [...inits.flatMap((i) => captures('function-uses', i)), ...captures('function-uses', body)]) {
        const t = c.node.text;
        // Built-ins used through an object-like or function-like macro count too.
        if ((c.name === 'identifier' || c.name === 'callee') && macros.has(t)) for (const b of builtinsInMacro(t, macros)) builtins.add(b);
        if (c.name === 'builtin' && BUILTIN_BY_NAME.has(t) && !declared.has(t)) builtins.add(t);
        else if (c.name === 'identifier' && fileExternShared.has(t) && !declared.has(t)) externShared.add(t); // a parameter of the same name shadows it
        else if (c.name === 'identifier' && deviceGlobals.has(t) && !declared.has(t)) globals.add(t);
        else if (c.name === 'callee') {
          if (t === '__syncthreads' || BLOCK_VOTE_FUNCTIONS.has(t) || WARP_FUNCTIONS.has(t)) callsBarrier = true;
          // A shuffle over part of the warp computes the caller's lane from the block built-ins (warps.ts).
          if (WARP_FUNCTIONS.has(t) && subWarpWidth(t, c.node.parent?.childForFieldName('arguments')?.namedChildren ?? [])) for (const b of LANE_BUILTINS) builtins.add(b);
          if (deviceNames.has(t)) callees.add(t);
          // printf/assert records name the block (output in block order) and assert the thread.
          if ((t === 'clock' || t === 'clock64') && !deviceNames.has(t)) callsPrintf = true; // Metal's clock is a ticket in that buffer
          if ((t === 'printf' || t === 'assert' || TRAP_FUNCTIONS.has(t)) && !deviceNames.has(t)) {
            callsPrintf = true;
            for (const b of t === 'printf' ? ['blockIdx', 'gridDim'] : ['threadIdx', 'blockIdx', 'gridDim']) builtins.add(b);
          }
        }
      }
      // cooperative_groups: this_thread_block() reads the block built-ins; a thread_block's sync is a barrier.
      const text = body.text;
      // A launch from device code is a record in the printf buffer, naming the block (deviceLaunch.ts).
      if (text.includes('<<<') && nodesOfTypeIn(body, ['kernel_call_syntax']).length > 0) {
        callsPrintf = true;
        for (const b of ['blockIdx', 'gridDim']) builtins.add(b);
      }
      if (/\bthis_thread_block\s*\(/.test(text)) for (const b of CG_BLOCK_BUILTINS) builtins.add(b);
      if (/\bcoalesced_threads\s*\(/.test(text)) for (const b of CG_COALESCED_BUILTINS) builtins.add(b);
      if (/\bthis_grid\s*\(/.test(text)) for (const b of CG_GRID_BUILTINS) builtins.add(b);
      // Inline PTX reading a lane register (`mov.u32 %0, %%laneid;`) computes the lane from the block built-ins (ptx.ts).
      if (/%lane/.test(text)) for (const a of body.descendantsOfType('gnu_asm_expression')) if (ptxStatement(a)?.row.lane) for (const b of LANE_BUILTINS) builtins.add(b);
      if (/\b(coalesced_threads|labeled_partition|binary_partition)\b/.test(text)) callsBarrier = true; // SIMD-group operations
      if (/\bthread_(block|group)\b/.test(n.text) && /\bsync\s*\(/.test(text)) callsBarrier = true;
      // cg::wait(block) / cg::wait_prior<N>(block) after cg::memcpy_async: the group's barrier.
      if (/\b(this_thread_block\s*\(|thread_(block|group)\b)/.test(n.text) && /\b(wait|wait_prior\s*<[^<>]*>)\s*\(/.test(text)) callsBarrier = true;
      if (/\b(thread_block_tile|tiled_partition)\b/.test(n.text)) callsBarrier = true; // tiles are SIMD-group operations
      if (usesLockstep(n)) callsBarrier = true; // warp-synchronous volatile accesses wait for the warp on the CPU (lockstep.ts)
    }
    uses = { builtins, callees, callsBarrier, callsPrintf, externShared, globals };
    return uses;
  };
  const tmpl = n.parent?.type === 'template_declaration' && sameNode(templatedFunction(n.parent), n) ? n.parent : undefined;
  let params: ParamFacts[] | undefined; // also on first use: most functions' are never asked
  return {
    ...(tmpl ? { template: tmpl, templateParams: templateParams(tmpl) } : {}),
    name: shape.name.text,
    role,
    node: n,
    declarator: fd,
    paramList,
    get params() {
      return (params ??= paramFacts(paramList));
    },
    body,
    get builtins() {
      return scan().builtins;
    },
    get callees() {
      return scan().callees;
    },
    get callsBarrier() {
      return scan().callsBarrier;
    },
    get callsPrintf() {
      return scan().callsPrintf;
    },
    get externShared() {
      return scan().externShared;
    },
    get globals() {
      return scan().globals;
    },
  };
}

export function analyzeProgram(file: SourceFile): ProgramFacts {
  const root = file.tree.rootNode;
  const functionMacros = new Set<string>();
  const constants = new Map<string, string>();
  const macroBodies = new Map<string, string>();
  const externSharedGlobals = new Map<string, SyntaxNode>();
  const hostGlobals = new Map<string, SyntaxNode>();
  const deviceGlobals = new Map<string, DeviceGlobal>();
  const fnNodes: SyntaxNode[] = [];
  for (const item of topLevel(root)) {
    if (item.type === 'preproc_function_def') {
      const name = item.childForFieldName('name');
      if (name) functionMacros.add(name.text);
    } else if (item.type === 'preproc_def') {
      const name = item.childForFieldName('name');
      const value = item.childForFieldName('value');
      if (name && value) constants.set(name.text, value.text.trim());
    }
    else if (item.type === 'function_definition') {
      fnNodes.push(item);
    } else if (item.type === 'template_declaration') {
      const f = templatedFunction(item);
      if (f) fnNodes.push(f);
      const inner = item.namedChildren[item.namedChildren.length - 1];
      if (!f && inner?.type === 'declaration' && (hasToken(inner, '__constant__') || hasToken(inner, '__device__')) && !hasToken(inner, '__shared__') && !hasToken(inner, 'extern') && inner.childForFieldName('type')) {
        const d = inner.childForFieldName('declarator');
        const shape = declaratorShape(d);
        if (d && shape.name && !shape.functionDeclarator) {
          deviceGlobals.set(shape.name.text, {
            name: shape.name.text,
            space: hasToken(inner, '__constant__') ? 'constant' : 'device',
            decl: inner,
            declarator: d,
            typeNode: inner.childForFieldName('type')!,
            dims: shape.arrayDims.map((x) => x.childForFieldName('size')?.text ?? '').reverse(),
            isExtern: false,
            template: { params: templateParams(item).map((t) => t.name), head: item },
          });
        }
      }
    } else if (item.type === 'declaration') {
      for (const d of item.children.filter((c) => c.type.endsWith('declarator') || c.type === 'identifier')) {
        const shape = declaratorShape(d);
        if (shape.functionDeclarator) {
          if (sameNode(d, item.childForFieldName('declarator'))) fnNodes.push(item);
          continue;
        }
        if (!shape.name) continue;
        if (hasToken(item, 'extern') && hasToken(item, '__shared__')) externSharedGlobals.set(shape.name.text, item);
        else if ((hasToken(item, '__constant__') || hasToken(item, '__device__')) && !hasToken(item, '__shared__') && item.childForFieldName('type')) {
          deviceGlobals.set(shape.name.text, {
            name: shape.name.text,
            space: hasToken(item, '__constant__') ? 'constant' : 'device',
            decl: item,
            declarator: d,
            typeNode: item.childForFieldName('type')!,
            dims: shape.arrayDims.map((x) => x.childForFieldName('size')?.text ?? '').reverse(),
            isExtern: hasToken(item, 'extern'),
          });
        }
        else if (isDeviceVisibleConstant(item) && shape.init) constants.set(shape.name.text, shape.init.text);
        else if (!isDeviceVisibleConstant(item)) hostGlobals.set(shape.name.text, item);
      }
    }
  }
  // Macros anywhere, a #define inside a kernel body included: built-ins they name count as used.
  // A name defined several times (each kernel redefining `#define package_id ...`, some from
  // blockIdx, some from a local: hexciton) keeps every body: the built-ins of any count.
  for (const m of fileNodesOfType(root.tree, ['preproc_def', 'preproc_function_def'])) {
    const name = m.childForFieldName('name');
    if (!name) continue;
    const body = m.childForFieldName('value')?.text ?? '';
    const before = macroBodies.get(name.text);
    macroBodies.set(name.text, before === undefined || before === body ? body : `${before}\n${body}`);
  }
  const roles = relaxedConstexprRoles(fnNodes.map((n) => ({ n, role: functionRole(n) })));
  const deviceNames = new Set(roles.filter((r) => r.role === 'device' || r.role === 'hostdevice').map((r) => declaratorShape(r.n.childForFieldName('declarator')).name?.text ?? ''));
  const functions = roles.map((r) => functionFacts(r.n, externSharedGlobals, deviceNames, macroBodies, deviceGlobals, r.role)).filter((f): f is FunctionFacts => f !== null);
  const definitions = new Map<string, FunctionFacts>();
  // A host function never hides a device one of the same name (a CPU reference `shiftRows(uchar*)`
  // beside the `__device__ shiftRows(uchar4)` the kernels call): device code resolves to the latter.
  const onDevice = (f: FunctionFacts): boolean => f.role !== 'host';
  for (const f of functions) {
    // A host function in a namespace (`namespace reference { void saxpy(...) }`) never hides a
    // device function of the same name: device calls resolve by plain name (namespaces.ts).
    const cur = definitions.get(f.name);
    if (cur && cur.role !== 'host' && f.role === 'host' && f.node.parent?.type === 'declaration_list' && f.node.parent.parent?.type === 'namespace_definition') continue;
    const had = definitions.get(f.name);
    if (!had || (f.body && !(had.body && onDevice(had) && !onDevice(f))) || (!had.body && onDevice(f) && !onDevice(had))) definitions.set(f.name, f);
  }

  const byName = new Map<string, FunctionFacts[]>();
  // An explicit specialisation (`f<int>`) joins its template: calls name `f`, and every version takes the same built-ins.
  for (const f of functions) if (f.body) byName.set(baseName(f.name), [...(byName.get(baseName(f.name)) ?? []), f]);
  // Member functions that take hidden parameters, under their key `.name` (memberKey).
  for (const m of memberFunctionNodes(root)) {
    const f = functionFacts(m, externSharedGlobals, deviceNames, macroBodies, deviceGlobals);
    if (!f?.body || f.role === 'host' || f.role === 'kernel' || !takesHiddenParams(f.node)) continue;
    byName.set(`.${f.name}`, [...(byName.get(`.${f.name}`) ?? []), f]);
  }
  // Classes whose constructors take hidden parameters (under `.Class`, as member functions are).
  const constructorClasses = new Set<string>();
  for (const fs of byName.values()) for (const f of fs) if (constructorClass(f.node)) constructorClasses.add(f.name);
  const memberCallMemo = new Map<FunctionFacts, string[]>();
  const memberCalls = (f: FunctionFacts): string[] => {
    let r = memberCallMemo.get(f);
    if (!r) {
      r = memberCallNames(f.body, (n) => byName.has(`.${n}`)).map((n) => `.${n}`);
      // `Tile t(16);`, `Tile(16).row`: the constructors of the class (constructors.ts).
      for (const region of [f.body, ...f.node.namedChildren.filter((c) => c.type === 'field_initializer_list')]) {
        if (region && constructorClasses.size > 0) for (const site of constructionSites(region, (cls) => constructorClasses.has(cls))) r.push(`.${site.cls}`);
      }
      memberCallMemo.set(f, r);
    }
    return r;
  };
  const closure = <T>(name: string, direct: (f: FunctionFacts) => Iterable<T>): Set<T> => {
    const seen = new Set<string>();
    const out = new Set<T>();
    const visit = (n: string): void => {
      if (seen.has(n)) return;
      seen.add(n);
      // Every function of that name: overloads and #if/#else alternatives are called by name too.
      for (const f of byName.get(n) ?? []) {
        for (const x of direct(f)) out.add(x);
        for (const c of f.callees) visit(c);
        for (const c of memberCalls(f)) visit(c);
      }
    };
    // `f<-1>` (an explicit specialisation) takes what its template takes: callers pass the same arguments.
    visit(baseName(name));
    return out;
  };
  const builtinOrder = [...BUILTIN_BY_NAME.keys()];
  const builtinsMemo = new Map<string, string[]>();
  return {
    file,
    functions,
    definitions,
    functionMacros,
    constants,
    macroBodies,
    definedTypes: definedTypeNames(root),
    constructorClasses,
    polyfills: new Map(),
    ...cooperativeGroupsScopes(root),
    externSharedGlobals,
    hostGlobals,
    deviceGlobals,
    builtinsOf: (name) => {
      let r = builtinsMemo.get(name);
      if (!r) {
        const used = closure(name, (f) => f.builtins);
        builtinsMemo.set(name, (r = builtinOrder.filter((b) => used.has(b))));
      }
      return r;
    },
    globalsOf: (name) => {
      const used = closure(name, (f) => f.globals);
      return [...deviceGlobals.keys()].filter((g) => used.has(g));
    },
    usesBarrier: (name) => closure(name, (f) => (f.callsBarrier ? [true] : [])).size > 0,
    usesPrintf: (name) => closure(name, (f) => (f.callsPrintf ? [true] : [])).size > 0,
    reaches: (name, test) => closure(name, (f) => (test(f) ? [true] : [])).size > 0,
    externSharedOf: (name) => [...closure(name, (f) => f.externShared)],
  };
}

/** `const int TILE = 16;`, `constexpr float K = 2.0f;`: host constants that device code may read. */
export function isDeviceVisibleConstant(decl: SyntaxNode): boolean {
  if (hasToken(decl, '__device__') || hasToken(decl, '__constant__') || hasToken(decl, '__shared__') || hasToken(decl, 'extern')) return false;
  if (!(hasToken(decl, 'const') || hasToken(decl, 'constexpr'))) return false;
  return decl.namedChildren.every((c) => {
    if (c.type !== 'init_declarator') return c.type !== 'pointer_declarator';
    const s = declaratorShape(c);
    return s.pointerDepth === 0 && !s.reference && s.init !== null;
  });
}

/** Names of every type the file defines, at any depth. */
function definedTypeNames(root: SyntaxNode): Set<string> {
  const names = new Set<string>();
  const kinds = ['struct_specifier', 'class_specifier', 'union_specifier', 'enum_specifier', 'type_definition', 'alias_declaration', 'type_parameter_declaration', 'optional_type_parameter_declaration'] as const;
  for (const n of fileNodesOfType(root.tree, kinds)) {
    if (n.type === 'type_definition') {
      for (const d of n.childrenForFieldName('declarator')) {
        const id = d.type === 'type_identifier' ? d : d.descendantsOfType('type_identifier')[0];
        if (id) names.add(id.text);
      }
    }
    const name = n.childForFieldName('name') ?? (n.type.includes('type_parameter') ? n.namedChildren.find((c) => c.type === 'type_identifier') : null);
    if (name) names.add(name.text);
  }
  return names;
}

/** Built-in variables a macro's body names, through the macros it uses in turn. */
export function builtinsInMacro(name: string, macros: ReadonlyMap<string, string>, seen = new Set<string>()): string[] {
  if (seen.has(name)) return [];
  seen.add(name);
  const body = macros.get(name) ?? '';
  const out: string[] = [];
  for (const id of body.match(/[A-Za-z_]\w*/g) ?? []) {
    if (BUILTIN_BY_NAME.has(id)) out.push(id);
    else if (macros.has(id)) out.push(...builtinsInMacro(id, macros, seen));
  }
  return out;
}

/** Names a function declares itself (parameters and locals): they shadow the built-ins. */
function declaredNames(fn: SyntaxNode): Set<string> {
  const names = new Set<string>();
  for (const d of fn.descendantsOfType(['parameter_declaration', 'declaration'])) {
    for (const c of d.namedChildren) {
      const name = declaratorShape(c).name;
      if (name?.type === 'identifier' && c.type !== 'function_declarator' && !sameNode(name, d.childForFieldName('type'))) names.add(name.text);
    }
  }
  return names;
}

/** `namespace cg = cooperative_groups;` and `using namespace cooperative_groups;`, anywhere in the file. */
function cooperativeGroupsScopes(root: SyntaxNode): { cgScopes: Set<string>; cgUsing: boolean } {
  const cgScopes = new Set<string>([CG_NAMESPACE]);
  let cgUsing = false;
  for (const n of fileNodesOfType(root.tree, ['namespace_alias_definition', 'using_declaration'])) {
    const ids = n.namedChildren.map((c) => c.text);
    if (n.type === 'namespace_alias_definition' && ids.length === 2 && ids[1] === CG_NAMESPACE) cgScopes.add(ids[0]!);
    if (n.type === 'using_declaration' && /^using\s+namespace\b/.test(n.text) && ids.includes(CG_NAMESPACE)) cgUsing = true;
  }
  return { cgScopes, cgUsing };
}

/**
 * The cooperative-groups name `n` denotes (`cg::sync`, `cooperative_groups::thread_block`,
 * `thread_block` under `using namespace cooperative_groups`), without template arguments; null when
 * `n` is something else.
 */
export function cgNameOf(n: SyntaxNode, program: Pick<ProgramFacts, 'cgScopes' | 'cgUsing'>): string | null {
  if (n.type === 'qualified_identifier') {
    const scope = n.childForFieldName('scope')?.text ?? '';
    if (!program.cgScopes.has(scope)) return null;
    const name = n.childForFieldName('name');
    return (name?.type === 'template_type' || name?.type === 'template_function' ? name.childForFieldName('name')?.text : name?.text) ?? null;
  }
  if (program.cgUsing && (n.type === 'identifier' || n.type === 'type_identifier') && CG_BY_NAME.has(n.text)) return n.text;
  if (program.cgUsing && (n.type === 'template_type' || n.type === 'template_function')) {
    const name = n.childForFieldName('name')?.text ?? '';
    return CG_BY_NAME.has(name) ? name : null;
  }
  return null;
}

/**
 * Member functions of the file's classes and structs (templates' too), any depth: the
 * `function_definition` nodes.
 */
export function memberFunctionNodes(root: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (const cls of fileNodesOfType(root.tree, ['class_specifier', 'struct_specifier', 'union_specifier'])) {
    for (const m of cls.childForFieldName('body')?.namedChildren ?? []) {
      const def = m.type === 'template_declaration' ? m.namedChildren.find((c) => c.type === 'function_definition') : m;
      if (def?.type === 'function_definition') out.push(def);
    }
  }
  return out;
}

/** Is this function a member function (defined in its class body)? */
export function isMemberFunction(n: SyntaxNode): boolean {
  const p = n.parent?.type === 'template_declaration' ? n.parent.parent : n.parent;
  return p?.type === 'field_declaration_list';
}

/**
 * A member function the program calls by name (`b.tid()`, `B::tid()`, `tid()` in another member)
 * can take the built-ins, device variables and printf buffer it needs as hidden parameters, as a
 * helper does. Operators and constructors are called without their name: they cannot.
 */
export function takesHiddenParams(n: SyntaxNode): boolean {
  if (!isMemberFunction(n)) return false;
  const name = declaratorShape(n.childForFieldName('declarator')).name;
  // The call operator (`op(a, b)`) is called through the object's name: its call sites pass them
  // (function.ts passFunctorHiddenArgs), as a member function's do.
  if (name && isCallOperatorName(name.text)) return true;
  if (!name || name.type === 'operator_name' || name.type === 'destructor_name' || /^operator\b/.test(name.text) || name.text.startsWith('~')) return false;
  // A constructor: its construction sites pass them (constructors.ts); a copy or move constructor
  // is also called implicitly, so it cannot.
  const ctor = constructorClass(n);
  if (ctor) return !isCopyConstructor(n, ctor);
  if (!n.childForFieldName('type')) return false;
  const cls = n.parent?.type === 'template_declaration' ? n.parent.parent?.parent : n.parent?.parent;
  return cls?.childForFieldName('name')?.text !== name.text;
}

/** `operator()`, however it is spaced (`operator ()`). */
export function isCallOperatorName(text: string): boolean {
  return /^operator\s*\(\s*\)$/.test(text);
}

/** The key under which a function's hidden parameters are known: `.name` for a member function. */
export function memberKey(f: FunctionFacts): string {
  return takesHiddenParams(f.node) ? `.${f.name}` : f.name;
}

/**
 * The member function a call names: `obj.f(...)`, `p->f(...)`, `T::f(...)`, `f(...)` inside a
 * class (the name when `isMember` accepts it), else null.
 */
export function memberCallName(call: SyntaxNode, isMember: (name: string) => boolean): string | null {
  let f = call.childForFieldName('function');
  if (f?.type === 'template_function') f = f.childForFieldName('name');
  if (!f) return null;
  let name: string | null = null;
  if (f.type === 'field_expression') name = f.childForFieldName('field')?.text ?? null;
  else if (f.type === 'qualified_identifier') {
    let q: SyntaxNode | null = f;
    while (q?.type === 'qualified_identifier') q = q.childForFieldName('name');
    if (q?.type === 'template_function') q = q.childForFieldName('name');
    name = q?.text ?? null;
  } else if (f.type === 'identifier' && isMemberOfEnclosingClass(call, f.text)) name = f.text;
  // `op(a, b)` with `Op op`: the object's call operator (typeNameUses.ts isFunctorObject).
  else if (f.type === 'identifier' && isMember('operator()') && isFunctorObject(call, f.text)) name = 'operator()';
  return name !== null && isMember(name) ? name : null;
}

/** Names of the member functions `body` calls that `isMember` accepts. */
function memberCallNames(body: SyntaxNode | null, isMember: (name: string) => boolean): string[] {
  if (!body || !/[.>:]\s*\w+\s*\(|\w\s*\(/.test(body.text)) return [];
  const out = new Set<string>();
  for (const c of body.descendantsOfType('call_expression')) {
    const name = memberCallName(c, isMember);
    if (name) out.add(name);
  }
  return [...out];
}

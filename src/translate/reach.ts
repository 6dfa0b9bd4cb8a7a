// What device code reaches, the way nvcc sees a program: the device side is the kernels and
// everything they use — device functions, the types, constants and macros named in them and,
// transitively, in those. Everything else in the file is host C++ and never judged as device code:
// a host error-check macro that calls printf and exit, a host struct of streams, a `const double`
// used by main, a `__host__ __device__` function only the host calls.
//
// Names are collected from source text (comments and literals removed), which over-approximates
// in the safe direction: a name that merely looks used pulls in one more declaration, never fewer.
import type { SyntaxNode } from '../parse/parse';
import { isDeviceVisibleConstant, topLevel, type FunctionFacts, type ProgramFacts } from './program';
import { declaratorShape, hasToken } from './syntax';
import { enclosingNamespaces } from './namespaces';
import { diag, type Diagnostic } from '../diagnostics/diagnostic';
import { pos } from '../parse/parse';
import { FUNCTION_BY_NAME } from './tables/functions';
import { DOUBLE_VECTOR_SUFFIX } from './tables/double';
import { fileNodesOfType, nodesOfTypeIn } from '../parse/nodeIndex';

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
  // `template <> struct TypeConverter<int> {...}`: a specialisation goes wherever its template goes.
  if (name) names.push(name.type === 'template_type' ? (name.childForFieldName('name')?.text ?? name.text) : name.text);
  if (n.type === 'type_definition') {
    // `typedef real_t tab4_t[4][4];`: the name, without the array sizes.
    for (const d of n.childrenForFieldName('declarator')) names.push(declaratorShape(d).name?.text ?? d.text.replace(/[*&\s]/g, ''));
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

/**
 * A function's text with its `template <...>` header: an enum or type named only by a template
 * parameter (`template <lattice_type N> __global__ void k(...)`, d3q19-bgk) is device code too.
 */
const textOf = (f: FunctionFacts): string => (f.template && f.template.startIndex < f.node.startIndex ? `${f.template.text.slice(0, f.node.startIndex - f.template.startIndex)} ${f.node.text}` : f.node.text);

/** `extraRoots`: more text whose names device code uses (types that instantiate kernel templates). */
export function deviceReach(program: ProgramFacts, extraRoots: readonly string[] = []): DeviceReach {
  // name → the items that declare it (a name may have several: #if/#else alternatives, overloads).
  const items = new Map<string, string[]>();
  const declare = (name: string, uses: string): void => {
    const list = items.get(name);
    if (list) list.push(uses);
    else items.set(name, [uses]);
  };
  const shadowed = shadowedCubItems(program);
  for (const item of topLevel(program.file.tree.rootNode)) {
    // `cub::Max` beside the program's own Max: the MSL spells it CubMax (renamedCubNames).
    if (shadowed.has(item.id)) for (const name of declaredBy(item)) declare(name, `Cub${name}`);
    else for (const name of declaredBy(item)) declare(name, usesOf(item));
  }
  for (const f of program.functions) {
    if (f.role === 'device' || f.role === 'hostdevice' || f.role === 'kernel') declare(f.name, textOf(f));
  }

  // Conditions of preprocessor conditionals that stay in the MSL: their macros must be defined there too.
  // (One walk of the tree for both closures below.)
  const conditions = fileNodesOfType(program.file.tree, ['preproc_if', 'preproc_elif', 'preproc_ifdef', 'preproc_elifdef'])
    .map((c) => (c.childForFieldName('condition') ?? c.childForFieldName('name'))?.text ?? '');
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
    for (const text of conditions) use(text);
    for (let id = work.pop(); id !== undefined; id = work.pop()) for (const text of items.get(id) ?? []) use(text);
    return names;
  };
  const fromKernels = closure(program.functions.filter((f) => f.role === 'kernel').map(textOf));
  // A file without kernels (nvcc -dc: `fresnel.cu` of helpers that `main.cu`'s kernel calls through
  // a prototype) is compiled for the device all the same: its external `__host__ __device__`
  // functions may be called by another unit's device code, so they are device code here.
  const kernelless = !program.functions.some((f) => f.role === 'kernel');
  const external = (f: FunctionFacts): boolean => f.role === 'hostdevice' && !!f.body && !f.templateParams?.length && !/^operator\W/.test(f.name) && !f.node.namedChildren.some((c) => c.type === 'storage_class_specifier' && c.text === 'static');
  const roots = [...program.functions.filter((f) => f.role === 'kernel' || (f.role === 'device' && f.body) || (kernelless && external(f))).map(textOf), ...extraRoots];
  let names = closure(roots);
  // A `__host__ __device__` operator is called by no name (`a + b`): it is device code where device
  // code uses a type it takes that is the program's own or a double vector (doubleVectors.ts; Metal's
  // own vectors have their operators built in).
  const operators = program.functions.filter((f) => f.role === 'hostdevice' && f.body && /^operator\W/.test(f.name));
  for (let more = operators.filter((f) => takesDeviceType(f, names, program)); more.length > 0; more = operators.filter((f) => !names.has(f.name) && takesDeviceType(f, names, program))) {
    roots.push(...more.map(textOf));
    names = closure(roots);
    for (const f of more) names.add(f.name);
  }

  return {
    names,
    fromKernels,
    reaches: (item) => {
      if (shadowed.has(item.id)) return false;
      const declared = declaredBy(item);
      return declared.length > 0 && declared.some((x) => names.has(x));
    },
  };
}

/**
 * The items of `namespace cub` (native/include/cub's operators `Max`, `Sum` ...) whose name the
 * program also declares outside it (its own `struct Max`, as programs written against CUB often
 * have): the MSL is flat (namespaces.ts), so only the program's is emitted and reached. A program
 * naming both is refused (namespaces.ts `namespaceCollisions`).
 */
export function shadowedCubItems(program: Pick<ProgramFacts, 'file' | 'functions'>): ReadonlySet<number> {
  return cubShadows(program).items;
}

const cubShadowMemo = new WeakMap<object, { items: ReadonlySet<number>; renamed: ReadonlySet<string>; cubNames: ReadonlySet<string> }>();

/**
 * The shadowed items of namespace cub (shadowedCubItems), the names among them that the header
 * also defines as `CubNAME` (its aliases `using BlockReduce = CubBlockReduce<...>`, `typedef CubMax
 * Max;`), and every name namespace cub declares.
 */
function cubShadows(program: Pick<ProgramFacts, 'file' | 'functions'>): { items: ReadonlySet<number>; renamed: ReadonlySet<string>; cubNames: ReadonlySet<string> } {
  const known = cubShadowMemo.get(program.file);
  if (known) return known;
  const inCub: SyntaxNode[] = [];
  const outside = new Set<string>();
  const cubNames = new Set<string>();
  if (/\bnamespace\s+cub\b/.test(program.file.text)) {
    for (const item of topLevel(program.file.tree.rootNode)) {
      const names = declaredBy(item);
      if (names.length === 0) continue;
      if (enclosingNamespaces(item) === '::cub::') {
        inCub.push(item);
        for (const n of names) cubNames.add(n);
      } else for (const n of names) outside.add(n);
    }
    // A device function of the program named like a cub class (`__device__ void BlockReduce(T &x)`).
    for (const f of program.functions) if (f.body && f.role !== 'host' && enclosingNamespaces(f.node) !== '::cub::') outside.add(f.name);
  }
  const shadowedItems = inCub.filter((item) => declaredBy(item).some((n) => outside.has(n)));
  const renamed = new Set(shadowedItems.flatMap(declaredBy).filter((n) => cubNames.has(`Cub${n}`)));
  const out = { items: new Set(shadowedItems.map((item) => item.id)), renamed, cubNames };
  cubShadowMemo.set(program.file, out);
  return out;
}

/** The MSL with `cub::Max` spelled `CubMax` where the program has a `Max` of its own (before namespaces' qualifiers go). */
export function renamedCubNames(msl: string, program: Pick<ProgramFacts, 'file' | 'functions'>): string {
  const { renamed } = cubShadows(program);
  if (renamed.size === 0) return msl;
  return msl.replace(new RegExp(`\\bcub\\s*::\\s*(${[...renamed].join('|')})\\b`, 'g'), 'Cub$1');
}

/** `cub::Max` named outside namespace cub by a program with its own `Max`: one name in the flat MSL (C2M1001). */
export function shadowedCubUses(program: Pick<ProgramFacts, 'file' | 'functions'>): Diagnostic[] {
  if (!/\bnamespace\s+cub\b/.test(program.file.text)) return [];
  const { items: shadowed, renamed, cubNames } = cubShadows(program);
  const names = new Set<string>();
  for (const item of topLevel(program.file.tree.rootNode)) if (shadowed.has(item.id)) for (const n of declaredBy(item)) if (!renamed.has(n)) names.add(n);
  const out: Diagnostic[] = [];
  // A device function of the program named like one of cub's classes (`__device__ void
  // BlockReduce(T &x)` around cub::BlockReduce): its calls and the alias inside it
  // (`BlockReduce(temp_storage)`) are one name to the translator's passes, which key hidden
  // parameters and shared memory by name.
  for (const f of program.functions) {
    if (!f.body || f.role === 'host' || !cubNames.has(f.name) || enclosingNamespaces(f.node) === '::cub::') continue;
    // Its local alias of that name is renamed (cubWrappers.ts): fine where the body names cub's
    // class only in aliases (`using BlockReduceT = cub::BlockReduce<T, N>;`). A body that still
    // names it elsewhere (`cub::BlockReduce<T, N>(t).Sum(x)`, read as a call of the wrapper) is refused.
    const outsideAliases = f.body.text.replace(/\b(using\s+\w+\s*=|typedef\b)[^;]*;/g, '');
    if (!new RegExp(`\\b${f.name}\\b`).test(outsideAliases)) continue;
    out.push(diag('C2M1001', `device function '${f.name}' has the name of cub::${f.name}, and cu2metal writes namespaces' code at program scope in the MSL, where the two would collide: rename the function`, program.file.name, pos(f.node.startPosition), pos(f.declarator.endPosition)));
  }
  if (names.size === 0) return out;
  for (const q of program.file.tree.rootNode.descendantsOfType('qualified_identifier')) {
    const name = q.childForFieldName('name')?.text ?? '';
    if (q.childForFieldName('scope')?.text !== 'cub' || !names.has(name) || enclosingNamespaces(q) === '::cub::') continue;
    out.push(diag('C2M1001', `'cub::${name}' and the program's own '${name}' would be one name in the MSL, where cu2metal writes namespaces' code at program scope: rename the program's`, program.file.name, pos(q.startPosition), pos(q.endPosition)));
  }
  return out;
}

/** Does a parameter of `f` name a type that device code uses (`names`) and defines, or a double vector? */
function takesDeviceType(f: FunctionFacts, names: ReadonlySet<string>, program: ProgramFacts): boolean {
  return f.params.some((p) => [...identifiersIn(p.typeNode?.text ?? '')].some((t) => names.has(t) && (program.definedTypes.has(t) || new RegExp(`^double${DOUBLE_VECTOR_SUFFIX}$`).test(t))));
}

/** One call of a device function by another, for the recursion check. */
interface CallSite {
  readonly from: FunctionFacts;
  readonly to: FunctionFacts;
  readonly node: SyntaxNode;
}

export interface Recursion {
  /** The functions of the cycle in call order, the first repeated at the end (`a → b → a`). */
  readonly cycle: string[];
  /** The call that closes the cycle (where the diagnostic points). */
  readonly call: SyntaxNode;
  /** Does a kernel reach the cycle? */
  readonly fromKernel: boolean;
}

export interface RecursionFacts {
  /** Each cycle of the device call graph once (one per strongly connected component). */
  readonly cycles: Recursion[];
  /** Functions that are in a cycle or call into one. */
  readonly reachesCycle: ReadonlySet<FunctionFacts>;
}

/** `constexpr` among the function's specifiers. */
function isConstexpr(f: FunctionFacts): boolean {
  return f.node.children.some((c) => c.type === 'type_qualifier' && c.text === 'constexpr');
}

/** The call is where C++ requires a constant expression: evaluated by the compiler, never run. */
function inConstantContext(node: SyntaxNode): boolean {
  let child = node;
  for (let n = node.parent; n; child = n, n = n.parent) {
    switch (n.type) {
      case 'template_argument_list':
      case 'static_assert_declaration':
      case 'enumerator':
        return true;
      case 'array_declarator':
        return child.startIndex !== n.childForFieldName('declarator')?.startIndex;
      case 'init_declarator': {
        const decl = n.parent;
        return child.startIndex === n.childForFieldName('value')?.startIndex && decl?.type === 'declaration' && decl.children.some((c) => c.type === 'type_qualifier' && c.text === 'constexpr');
      }
      case 'compound_statement':
      case 'function_definition':
      case 'lambda_expression':
        return false;
      default:
    }
  }
  return false;
}

/** Can a call with `argc` arguments bind to `f` (default arguments counted)? */
function arityFits(f: FunctionFacts, argc: number): boolean {
  const params = f.paramList.namedChildren.filter((p) => p.type !== 'comment');
  if (/\.\.\./.test(f.paramList.text)) return argc >= params.filter((p) => !p.type.startsWith('variadic')).length;
  if (params.length === 1 && params[0]!.text.trim() === 'void') return argc === 0;
  const required = params.filter((p) => p.type !== 'optional_parameter_declaration').length;
  return argc >= required && argc <= params.length;
}

/**
 * Metal has no recursion: the device call graph (calls by plain name from the bodies of
 * __device__, __host__ __device__ and __global__ functions to defined device functions, overloads
 * told apart by argument count; calls that need overload resolution by type are not counted) must be acyclic. Finds each cycle once, with the call that closes it.
 * A call through a template-id (`f<N - 1>(...)`) is compile-time recursion over distinct
 * instantiations and is not counted. Neither is a cycle of `constexpr` functions that code outside
 * the cycle calls only where C++ requires a constant (a `constexpr` variable's initialiser, a
 * template argument, an array bound, `static_assert`: hadamard's `cilog2`): the compiler evaluates
 * those calls, no code is generated for them, so no thread ever recurses.
 */
export function deviceRecursion(program: ProgramFacts): RecursionFacts {
  const device = program.functions.filter((f) => f.body && f.role !== 'host');
  const byName = new Map<string, FunctionFacts[]>();
  for (const f of device) byName.set(f.name, [...(byName.get(f.name) ?? []), f]);
  const edges = new Map<FunctionFacts, CallSite[]>();
  for (const f of device) {
    const sites: CallSite[] = [];
    for (const call of nodesOfTypeIn(f.body!, ['call_expression'])) {
      const fn = call.childForFieldName('function');
      if (fn?.type !== 'identifier') continue;
      // Only calls whose target is certain without types: a CUDA built-in of the same name
      // (helper_math.h's sqrtf(float4) calling sqrtf(float)) or overloads of one arity
      // (max(int2, int2) calling max(int, int)) need overload resolution, and are not counted.
      const name = fn.text;
      if (FUNCTION_BY_NAME.has(name) || !byName.has(name)) continue; // (no function of this file)
      const argc = call.childForFieldName('arguments')?.namedChildren.filter((a) => a.type !== 'comment').length ?? 0;
      const targets = byName.get(name)!.filter((to) => to.role !== 'kernel' && arityFits(to, argc));
      if (new Set(targets.map((to) => to.paramList.text.replace(/\s+/g, ''))).size > 1) continue;
      for (const to of targets) sites.push({ from: f, to, node: fn });
    }
    edges.set(f, sites);
  }

  // Tarjan's strongly connected components.
  const index = new Map<FunctionFacts, number>();
  const low = new Map<FunctionFacts, number>();
  const onStack = new Set<FunctionFacts>();
  const stack: FunctionFacts[] = [];
  const components: FunctionFacts[][] = [];
  const strong = (v: FunctionFacts): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const { to: w } of edges.get(v) ?? []) {
      if (!index.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const comp: FunctionFacts[] = [];
      for (let w = stack.pop(); w; w = stack.pop()) {
        onStack.delete(w);
        comp.push(w);
        if (w === v) break;
      }
      components.push(comp);
    }
  };
  for (const f of device) if (!index.has(f)) strong(f);

  const cyclic = new Set<FunctionFacts>();
  const cycles: { members: Set<FunctionFacts>; cycle: string[]; call: SyntaxNode }[] = [];
  for (const comp of components) {
    const members = new Set(comp);
    const start = comp.reduce((a, b) => (a.node.startIndex <= b.node.startIndex ? a : b));
    // Breadth-first from the first function (in source order) back to itself, inside the component.
    const prev = new Map<FunctionFacts, CallSite>();
    const work: FunctionFacts[] = [start];
    let closing: CallSite | undefined;
    for (let v = work.shift(); v && !closing; v = work.shift()) {
      for (const site of edges.get(v) ?? []) {
        if (!members.has(site.to)) continue;
        if (site.to === start) {
          closing = site;
          break;
        }
        if (!prev.has(site.to)) {
          prev.set(site.to, site);
          work.push(site.to);
        }
      }
    }
    if (!closing) continue; // a single function that does not call itself
    if (comp.every(isConstexpr) && [...edges.values()].flat().every((e) => !members.has(e.to) || members.has(e.from) || inConstantContext(e.node))) continue;
    const path: string[] = [start.name];
    for (let v = closing.from; v !== start; v = prev.get(v)!.from) path.splice(1, 0, v.name);
    path.push(start.name);
    for (const f of comp) cyclic.add(f);
    cycles.push({ members, cycle: path, call: closing.node });
  }

  // Everything that reaches a cycle; and which cycles a kernel reaches.
  const reachesCycle = new Set<FunctionFacts>(cyclic);
  for (let grew = true; grew; ) {
    grew = false;
    for (const f of device) {
      if (!reachesCycle.has(f) && (edges.get(f) ?? []).some((s) => reachesCycle.has(s.to))) {
        reachesCycle.add(f);
        grew = true;
      }
    }
  }
  const fromKernels = new Set<FunctionFacts>();
  const work = device.filter((f) => f.role === 'kernel');
  for (let f = work.pop(); f; f = work.pop()) {
    for (const s of edges.get(f) ?? []) {
      if (!fromKernels.has(s.to)) {
        fromKernels.add(s.to);
        work.push(s.to);
      }
    }
  }
  return {
    cycles: cycles.map((c) => ({ cycle: c.cycle, call: c.call, fromKernel: [...c.members].some((m) => fromKernels.has(m)) })),
    reachesCycle,
  };
}

// The instances of a template kernel or device function the program makes, for the typed view
// (typed.ts): which template arguments its `T`, `N`... take.
//
//   * a kernel template: every launch in the program (`k<float, 256><<<...>>>`, templates.ts's
//     staticInstances, and the same search below), with its arguments written out or deduced from
//     the launch's arguments (`k<<<g, b>>>(d_a, n)` with d_a a float*: T = float). A launch inside a
//     host function template (`template <typename T> void run(T* p) { k<T, 256><<<...>>>(p); }`) is
//     seen once per instance of that host template, which are found the same way: from its calls
//     in host code (`run<float>(p)`, `run(p)` deduced), themselves perhaps inside other host
//     templates. A `switch` over sizes (`case 512: k<T, 512><<<...>>>`) gives one instance per case;
//     launches written inside macros are seen where the preprocessor expanded them (index.ts
//     expands every macro whose body has `<<<`).
//   * a device function template: every call in device code, with its arguments written out
//     (`f<float>(x)`) or deduced from the types of the call's arguments (`f(x)` with x a float binds
//     `T` of a parameter `T v`, `const T& v` or `T* p`). A call inside another template is seen once
//     per instance of that template (`T` of the caller resolved first), so instances flow down
//     the call graph from the host's launches.
//
// Non-type arguments are integer constant expressions over literals, macros, file-scope and the
// caller's local `const`/`constexpr` values, enumerators, `sizeof` of a known type and the caller's
// own non-type parameters (`k<T, BLOCK / 2>` in `run<T, BLOCK>`).
//
// Arguments are CUDA spellings (`float`, `unsigned int`, `256`); an argument that stays dependent
// (a call inside a template with no instance known) is left out of that instance's bindings.
import type { SyntaxNode } from '../parse/parse';
import { nodesOfTypeIn } from '../parse/nodeIndex';
import { launchMatches } from '../parse/queries';
import { evalIntExpression } from './constEval';
import type { FunctionFacts, ProgramFacts } from './program';
import { normalizeTemplateArg, staticInstances } from './templates';
import { normType } from './tables/types';
import { SCALAR_TYPES, VECTOR_BASES } from './tables/cudaTypes';

/** Template parameter name → argument (`T` → `float`, `N` → `256`). */
export type TemplateArgs = ReadonlyMap<string, string>;

/** One instance of a template function, and where it was found. */
export interface TemplateInstance {
  readonly args: TemplateArgs;
  readonly from: 'launch' | 'call';
  /** The first launch or call that makes it (absent for the launches staticInstances lists). */
  readonly at?: SyntaxNode;
  /** The function that launches or calls it, with its own template arguments: `main`, `run<float>`. */
  readonly caller?: string;
}

/** What the search needs of the typed view of a caller (typed.ts passes its own). */
export interface CallerTypes {
  /** The CUDA spelling of an expression's type without address spaces (`float`, `float3`, `Pair`), or null when unknown or dependent. */
  typeName(e: SyntaxNode): string | null;
  /** A type spelling with the caller's own template parameters substituted, or null when it stays dependent. */
  resolve(text: string): string | null;
}

export type CallerView = (caller: FunctionFacts, args: TemplateArgs) => CallerTypes;

const QUALIFIERS = /\b(const|volatile|typename|__restrict__|__restrict|restrict)\b/g;
const keyOf = (args: TemplateArgs): string => [...args].map(([k, v]) => `${k}=${v}`).join(';');

/**
 * The instances of `fn` (none when it is not a template), each with the arguments of its template
 * parameters that the program fixes. `view` types a caller's expressions under given template arguments.
 */
export function templateInstances(program: ProgramFacts, fn: FunctionFacts, view: CallerView, seen: ReadonlySet<string> = new Set()): TemplateInstance[] {
  const params = fn.templateParams ?? [];
  if (params.length === 0 || seen.has(fn.name)) return [];
  // Searches from the top (no chain of callers above) give the same answer each time: kept per program.
  const memo = seen.size === 0 ? memoOf(program) : undefined;
  const known = memo?.get(fn);
  if (known) return known;
  const out = new Map<string, TemplateInstance>();
  const add = (args: TemplateArgs, from: TemplateInstance['from'], at?: SyntaxNode, caller?: string): void => {
    if (args.size === 0) return;
    const key = keyOf(args);
    if (!out.has(key)) out.set(key, { args, from, ...(at ? { at } : {}), ...(caller ? { caller } : {}) });
  };
  const types = typesOf(program, view);
  const inner = new Set([...seen, fn.name]);
  // A template caller is typed once per instance of its own (none: it makes none); any other caller once as written.
  const bindingsOf = (caller: FunctionFacts): TemplateArgs[] => {
    if ((caller.templateParams ?? []).length === 0 || caller === fn) return [new Map<string, string>()];
    return templateInstances(program, caller, view, inner).map((i) => i.args);
  };
  // Explicit instantiations: `template void reduce<float>(int, float*, float*);`.
  for (const inst of explicitInstantiations(program).filter((i) => i.childForFieldName('name')?.text === fn.name)) {
    add(writtenArguments(program, fn, inst, types(fn, new Map()), fn, new Map()), fn.role === 'kernel' ? 'launch' : 'call', inst);
  }
  if (fn.role === 'kernel') {
    for (const inst of staticInstances(program, new Set([fn.name]))) {
      const args = new Map<string, string>();
      params.forEach((p, i) => {
        const a = inst.args[i];
        if (a !== undefined && p.name !== '') args.set(p.name, a);
      });
      add(args, 'launch');
    }
    // Every launch, in host templates too, with arguments written out or deduced.
    for (const m of launchMatches(program.file)) {
      const k = m.get('kernel');
      const launch = m.get('launch');
      if (!k || !launch || (k.type === 'template_function' ? k.childForFieldName('name')?.text : k.text) !== fn.name) continue;
      const caller = enclosingFunction(program, launch);
      if (!caller) continue;
      for (const bindings of bindingsOf(caller)) add(callArguments(program, fn, launch, types(caller, bindings), caller, bindings), 'launch', launch, instanceName(caller, bindings));
    }
  } else {
    // A host function template is instantiated by host calls; a device one by calls in device code.
    const fromHost = fn.role === 'host';
    for (const caller of program.functions) {
      if (!caller.body || (!fromHost && caller.role === 'host') || !caller.body.text.includes(fn.name)) continue;
      const calls = nodesOfTypeIn(caller.body, ['call_expression']).filter((c) => calleeName(c) === fn.name);
      if (calls.length === 0) continue;
      for (const bindings of bindingsOf(caller)) {
        const t = types(caller, bindings);
        for (const call of calls) add(callArguments(program, fn, call, t, caller, bindings), 'call', call, instanceName(caller, bindings));
      }
    }
  }
  const found = [...out.values()];
  memo?.set(fn, found);
  return found;
}

/** `run<float, 256>`; `main` outside templates (the arguments in the template's order). */
export function instanceName(fn: FunctionFacts, args: TemplateArgs): string {
  const params = (fn.templateParams ?? []).filter((p) => p.name !== '');
  if (params.length === 0 || args.size === 0) return fn.name;
  return `${fn.name}<${params.map((p) => args.get(p.name) ?? p.name).join(', ')}>`;
}

const memos = new WeakMap<ProgramFacts, Map<FunctionFacts, TemplateInstance[]>>();
const memoOf = (program: ProgramFacts): Map<FunctionFacts, TemplateInstance[]> => {
  let m = memos.get(program);
  if (!m) memos.set(program, (m = new Map()));
  return m;
};

/** The caller views, one per function and template arguments (a large `main` is typed once, not once per template it launches). */
const viewCaches = new WeakMap<ProgramFacts, Map<string, CallerTypes>>();
function typesOf(program: ProgramFacts, view: CallerView): (caller: FunctionFacts, args: TemplateArgs) => CallerTypes {
  let cache = viewCaches.get(program);
  if (!cache) viewCaches.set(program, (cache = new Map()));
  const c = cache;
  return (caller, args) => {
    const key = `${caller.node.startIndex}:${keyOf(args)}`;
    let t = c.get(key);
    if (!t) c.set(key, (t = view(caller, args)));
    return t;
  };
}

/** The function of the program whose body holds `n` (none inside a lambda or a class member). */
function enclosingFunction(program: ProgramFacts, n: SyntaxNode): FunctionFacts | undefined {
  for (let p = n.parent; p; p = p.parent) {
    if (p.type === 'lambda_expression') return undefined;
    if (p.type === 'function_definition') {
      const start = p.startIndex;
      const end = p.endIndex;
      return program.functions.find((f) => f.node.startIndex === start && f.node.endIndex === end);
    }
  }
  return undefined;
}

const instantiationMemo = new WeakMap<ProgramFacts, SyntaxNode[]>();
/** The template-ids of the file's explicit instantiations of function templates (`template void f<int>(...);`). */
function explicitInstantiations(program: ProgramFacts): SyntaxNode[] {
  let out = instantiationMemo.get(program);
  if (out) return out;
  out = [];
  if (/\btemplate\s+(__global__\s+|__device__\s+|__host__\s+)*[\w:]+[\s*&]+\w+\s*</.test(program.file.text)) {
    for (const t of nodesOfTypeIn(program.file.tree.rootNode, ['template_instantiation'])) {
      let d = t.childForFieldName('declarator');
      while (d && d.type !== 'function_declarator') d = d.childForFieldName('declarator');
      const id = d?.childForFieldName('declarator');
      if (id?.type === 'template_function') out.push(id);
    }
  }
  instantiationMemo.set(program, out);
  return out;
}

/** The names a non-type argument may use: the file's constants and enumerators, the caller's local constants and its own non-type arguments. */
function constantNames(program: ProgramFacts, caller: FunctionFacts, bindings: TemplateArgs): ReadonlyMap<string, string> {
  const names = new Map(program.constants);
  for (const [k, v] of enumerators(program)) names.set(k, v);
  for (const [k, v] of localConstants(caller)) names.set(k, v);
  for (const p of caller.templateParams ?? []) {
    const v = bindings.get(p.name);
    if (p.kind === 'value' && v !== undefined) names.set(p.name, v);
  }
  return names;
}

const enumMemo = new WeakMap<ProgramFacts, Map<string, string>>();
/** `enum { A = 4, B }` → A = 4, B = 5 (scoped enums too: `Size::Large` is asked as its last name). */
function enumerators(program: ProgramFacts): ReadonlyMap<string, string> {
  let out = enumMemo.get(program);
  if (out) return out;
  out = new Map();
  if (/\benum\b/.test(program.file.text)) {
    for (const list of nodesOfTypeIn(program.file.tree.rootNode, ['enumerator_list'])) {
      let next = 0;
      for (const e of list.namedChildren) {
        if (e.type !== 'enumerator') continue;
        const name = e.childForFieldName('name')?.text;
        const value = e.childForFieldName('value');
        const v = value ? evalIntExpression(value.text, new Map([...program.constants, ...out])) : next;
        if (name === undefined || v === undefined) break;
        out.set(name, String(v));
        next = v + 1;
      }
    }
  }
  enumMemo.set(program, out);
  return out;
}

const localMemo = new WeakMap<FunctionFacts, Map<string, string>>();
/** `const int block = 256;`, `constexpr int kTile = 2 * 16;` in the caller's body (name → initialiser). */
function localConstants(caller: FunctionFacts): ReadonlyMap<string, string> {
  let out = localMemo.get(caller);
  if (out) return out;
  out = new Map();
  if (caller.body && /\b(const|constexpr)\b/.test(caller.body.text)) {
    for (const d of nodesOfTypeIn(caller.body, ['declaration'])) {
      if (!d.children.some((c) => (c.type === 'type_qualifier' || c.type === 'storage_class_specifier') && /^(const|constexpr)$/.test(c.text))) continue;
      for (const init of d.namedChildren) {
        if (init.type !== 'init_declarator') continue;
        const name = init.childForFieldName('declarator');
        const value = init.childForFieldName('value');
        if (name?.type === 'identifier' && value) out.set(name.text, value.type === 'initializer_list' ? value.namedChildren[0]?.text ?? '' : value.text);
      }
    }
  }
  localMemo.set(caller, out);
  return out;
}

/** Bytes of a scalar or vector type spelled in CUDA (`float` 4, `double2` 16, `float3` 12); undefined when not known. */
function sizeOfType(t: string): number | undefined {
  const s = SCALAR_TYPES.get(t);
  if (s) return Math.max(1, s.bits / 8);
  if (/\*$/.test(t)) return 8;
  const v = /^(\w+?)([1-4])$/.exec(t);
  const base = v ? VECTOR_BASES.get(v[1]!) : undefined;
  return v && base ? (Number(v[2]) * base.bits) / 8 : undefined;
}

/** The value of a non-type template argument, or undefined when it is not a constant here. */
function constantValue(text: string, names: ReadonlyMap<string, string>, types: CallerTypes): number | undefined {
  let t = text.replace(/\btrue\b/g, '1').replace(/\bfalse\b/g, '0');
  // `sizeof(T)` with T known, `sizeof(float4)`; casts to integer types (`(int)N`, `static_cast<int>(N)`) change nothing here.
  t = t.replace(/\bsizeof\s*\(([^()]*)\)/g, (all, inner: string) => {
    const r = types.resolve(normalizeTemplateArg(inner));
    const n = r === null ? undefined : sizeOfType(normType(r.replace(QUALIFIERS, ' ')));
    return n === undefined ? all : String(n);
  });
  t = t.replace(/\bstatic_cast\s*<\s*(?:unsigned\s+)?(?:int|long|long long|size_t|unsigned|short)\s*>/g, '').replace(/\(\s*(?:unsigned\s+)?(?:int|long|size_t|unsigned)\s*\)/g, '');
  // A scoped enumerator: its last name.
  t = t.replace(/\b(?:\w+::)+(\w+)/g, '$1');
  return evalIntExpression(t, names);
}

/** The name a call calls: `f(x)` and `f<float>(x)` → `f`. */
function calleeName(call: SyntaxNode): string | undefined {
  const f = call.childForFieldName('function');
  if (f?.type === 'identifier') return f.text;
  if (f?.type === 'template_function') return f.childForFieldName('name')?.text;
  return undefined;
}

/** The template arguments one call fixes: written out first, the remaining type parameters deduced. */
function callArguments(program: ProgramFacts, fn: FunctionFacts, call: SyntaxNode, types: CallerTypes, caller: FunctionFacts, bindings: TemplateArgs): TemplateArgs {
  const params = fn.templateParams ?? [];
  const args = new Map<string, string>();
  const f = call.childForFieldName('function');
  if (f?.type === 'template_function') for (const [k, v] of writtenArguments(program, fn, f, types, caller, bindings)) args.set(k, v);
  const callArgs = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a) => a.type !== 'comment');
  const typeParams = new Set(params.filter((p) => p.kind === 'type').map((p) => p.name));
  const deduced = new Map<string, string | null>();
  fn.params.forEach((p, i) => {
    const a = callArgs[i];
    if (!a || !p.typeNode) return;
    const name = normType(p.typeNode.text.replace(QUALIFIERS, ' '));
    if (!typeParams.has(name) || args.has(name)) return;
    // `T v`, `const T& v`: the argument's type; `T* p`, `T p[]`: what the argument points to.
    let depth = p.pointerDepth + (p.isArray ? 1 : 0);
    let t = types.typeName(a);
    while (depth > 0 && t !== null) {
      t = /\*$/.test(t) ? t.slice(0, -1) : /\[\]$/.test(t) ? t.slice(0, -2) : null;
      depth--;
    }
    if (t === null || /[*[]/.test(t)) return;
    const before = deduced.get(name);
    deduced.set(name, before === undefined || before === t ? t : null); // conflicting deductions: none
  });
  for (const [name, t] of deduced) if (t !== null) args.set(name, t);
  // Keep the template's parameter order.
  return new Map(params.filter((p) => args.has(p.name)).map((p) => [p.name, args.get(p.name)!]));
}

/** The template arguments written out at a template-id (`k<T, 256>`, `reduce<float>`), resolved in the caller. */
function writtenArguments(program: ProgramFacts, fn: FunctionFacts, f: SyntaxNode, types: CallerTypes, caller: FunctionFacts, bindings: TemplateArgs): Map<string, string> {
  const params = fn.templateParams ?? [];
  const args = new Map<string, string>();
  let names: ReadonlyMap<string, string> | undefined;
  const written = (f.childForFieldName('arguments')?.namedChildren ?? []).filter((a) => a.type !== 'comment');
  written.forEach((a, i) => {
    const p = params[i];
    if (!p || p.name === '') return;
    if (p.kind === 'value') {
      if (a.type === 'true' || a.type === 'false') {
        args.set(p.name, a.text);
        return;
      }
      const v = constantValue(a.text, (names ??= constantNames(program, caller, bindings)), types);
      if (v !== undefined) args.set(p.name, String(v));
      else {
        // The caller's own parameter bound to a value (`B` → `true`); a run-time value fixes nothing.
        const r = types.resolve(a.text);
        if (r !== null && /^(-?\d+|true|false)$/.test(r)) args.set(p.name, r);
      }
      return;
    }
    const r = types.resolve(normalizeTemplateArg(a.text));
    if (r !== null) args.set(p.name, r);
  });
  return args;
}

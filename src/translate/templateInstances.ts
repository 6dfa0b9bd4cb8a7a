// The instances of a template kernel or device function the program makes, for the typed view
// (typed.ts): which template arguments its `T`, `N`... take.
//
//   * a kernel template: the launches the host code writes out (`k<float, 256><<<...>>>`, found by
//     templates.ts's staticInstances, as for the MSL instantiations);
//   * a device function template: every call in device code, with its arguments written out
//     (`f<float>(x)`) or deduced from the types of the call's arguments (`f(x)` with x a float binds
//     `T` of a parameter `T v`, `const T& v` or `T* p`). A call inside another template is seen once
//     per instance of that template (`T` of the caller resolved first), so instances flow down
//     the call graph from the host's launches.
//
// Arguments are CUDA spellings (`float`, `unsigned int`, `256`); an argument that stays dependent
// (a call inside a template with no instance known) is left out of that instance's bindings.
import type { SyntaxNode } from '../parse/parse';
import { nodesOfTypeIn } from '../parse/nodeIndex';
import { evalIntExpression } from './constEval';
import type { FunctionFacts, ProgramFacts } from './program';
import { normalizeTemplateArg, staticInstances } from './templates';
import { normType } from './tables/types';

/** Template parameter name → argument (`T` → `float`, `N` → `256`). */
export type TemplateArgs = ReadonlyMap<string, string>;

/** One instance of a template function, and where it was found. */
export interface TemplateInstance {
  readonly args: TemplateArgs;
  readonly from: 'launch' | 'call';
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
  const out = new Map<string, TemplateInstance>();
  const add = (args: TemplateArgs, from: TemplateInstance['from']): void => {
    if (args.size === 0) return;
    const key = keyOf(args);
    if (!out.has(key)) out.set(key, { args, from });
  };
  if (fn.role === 'kernel') {
    for (const inst of staticInstances(program, new Set([fn.name]))) {
      const args = new Map<string, string>();
      params.forEach((p, i) => {
        const a = inst.args[i];
        if (a !== undefined && p.name !== '') args.set(p.name, a);
      });
      add(args, 'launch');
    }
    return [...out.values()];
  }
  const inner = new Set([...seen, fn.name]);
  for (const caller of program.functions) {
    if (!caller.body || caller.role === 'host' || !caller.body.text.includes(fn.name)) continue;
    const calls = nodesOfTypeIn(caller.body, ['call_expression']).filter((c) => calleeName(c) === fn.name);
    if (calls.length === 0) continue;
    // A template caller is typed once per instance of its own; a caller without instances once as written.
    const callerInstances = caller === fn ? [] : templateInstances(program, caller, view, inner).map((i) => i.args);
    for (const bindings of callerInstances.length > 0 ? callerInstances : [new Map<string, string>()]) {
      const types = view(caller, bindings);
      for (const call of calls) add(callArguments(program, fn, call, types), 'call');
    }
  }
  return [...out.values()];
}

/** The name a call calls: `f(x)` and `f<float>(x)` → `f`. */
function calleeName(call: SyntaxNode): string | undefined {
  const f = call.childForFieldName('function');
  if (f?.type === 'identifier') return f.text;
  if (f?.type === 'template_function') return f.childForFieldName('name')?.text;
  return undefined;
}

/** The template arguments one call fixes: written out first, the remaining type parameters deduced. */
function callArguments(program: ProgramFacts, fn: FunctionFacts, call: SyntaxNode, types: CallerTypes): TemplateArgs {
  const params = fn.templateParams ?? [];
  const args = new Map<string, string>();
  const f = call.childForFieldName('function');
  if (f?.type === 'template_function') {
    const written = (f.childForFieldName('arguments')?.namedChildren ?? []).filter((a) => a.type !== 'comment');
    written.forEach((a, i) => {
      const p = params[i];
      if (!p || p.name === '') return;
      if (p.kind === 'value') {
        const v = evalIntExpression(a.text, program.constants);
        const r = v === undefined ? types.resolve(a.text) : String(v);
        if (r !== null) args.set(p.name, r);
        return;
      }
      const r = types.resolve(normalizeTemplateArg(a.text));
      if (r !== null) args.set(p.name, r);
    });
  }
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

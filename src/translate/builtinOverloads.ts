// Calls of a CUDA built-in function whose name the program also defines (helper_math.h's
// `int2 max(int2, int2)` calling `::max(a.x, b.x)`; eigenvalues' `template <class T> T max(const
// T&, const T&)` beside `max(5.0e-37, t1)`). nvcc resolves such a call among the program's
// overloads and CUDA's own; when none of the program's overloads accepts the arguments the call
// is CUDA's, and the MSL must name Metal's function (`metal::max`): the `::max` the program wrote,
// or the unqualified name, would find only (or also) the program's overloads.
import type { SyntaxNode } from '../parse/parse';
import { normType } from './tables/types';
import type { FunctionFacts, ProgramFacts } from './program';
import type { CType, TypedView } from './typed';
import { typeText } from './typed';

/** The program's device overloads of `name`. */
function overloadsOf(program: ProgramFacts, name: string): FunctionFacts[] {
  return program.functions.filter((f) => f.name === name && (f.role === 'device' || f.role === 'hostdevice'));
}

/** Is a parameter of this overload optional (`int n = 0`)? */
const hasDefault = (p: SyntaxNode): boolean => p.type === 'optional_parameter_declaration' || p.childForFieldName('default_value') !== null;

/**
 * Could `f` accept these argument types? Answers false only when sure: a wrong number of
 * arguments, a scalar given for a pointer or a CUDA vector parameter (or a vector for a scalar or
 * another vector type), or two arguments that deduce one template parameter differently.
 */
function accepts(f: FunctionFacts, view: TypedView, args: readonly CType[]): boolean {
  const required = f.params.filter((p) => !hasDefault(p.node)).length;
  const variadic = f.paramList.namedChildren.some((c) => c.type === 'variadic_parameter');
  if (args.length < required || (args.length > f.params.length && !variadic)) return false;
  const typeParams = new Set((f.templateParams ?? []).filter((p) => p.kind === 'type').map((p) => p.name));
  const deduced = new Map<string, string>();
  for (let i = 0; i < Math.min(args.length, f.params.length); i++) {
    const p = f.params[i]!;
    const a = args[i]!;
    if (a.kind === 'unknown' || a.kind === 'param') continue;
    const text = normType((p.typeNode?.text ?? '').replace(/\b(const|volatile|__restrict__|struct)\b/g, ' ')).replace(/^::/, '');
    if (p.pointerDepth > 0 || p.isArray) {
      if (a.kind === 'scalar' || a.kind === 'vector' || a.kind === 'struct') return false;
      // `int*` given for a `float*` parameter (a program's own float atomicMax beside CUDA's int
      // one): no implicit conversion between pointers to different scalar types.
      const pointee = a.kind === 'pointer' ? a.pointee : a.kind === 'array' ? a.element : null;
      if (p.pointerDepth === 1 && !p.isArray && pointee?.kind === 'scalar' && !typeParams.has(text)) {
        const pt = view.typeFromText(text);
        if (pt.kind === 'scalar' && pt.scalar.name !== pointee.scalar.name) return false;
      }
      continue;
    }
    if (typeParams.has(text)) {
      if (a.kind !== 'scalar' && a.kind !== 'vector') continue;
      const t = typeText(a);
      const before = deduced.get(text);
      if (before !== undefined && before !== t) return false;
      deduced.set(text, t);
      continue;
    }
    const pt = view.typeFromText(text);
    if (pt.kind === 'scalar' && a.kind === 'vector') return false;
    if (pt.kind === 'vector' && (a.kind === 'scalar' || (a.kind === 'vector' && a.name !== pt.name))) return false;
    if (pt.kind === 'pointer' && (a.kind === 'scalar' || a.kind === 'vector')) return false;
  }
  return true;
}

/**
 * Does the call `name(args)` go to CUDA's built-in function although the program defines
 * functions of that name, because none of them accepts the arguments?
 */
export function callsBuiltinBesideOverloads(program: ProgramFacts, view: TypedView, name: string, args: readonly SyntaxNode[]): boolean {
  const overloads = overloadsOf(program, name);
  if (overloads.length === 0) return false;
  const types = args.map((a) => view.typeOf(a));
  return !overloads.some((f) => accepts(f, view, types));
}

/** `::max` → the name node (`max`) of a global-scope qualified name without a namespace; else null. */
export function globalScopeName(f: SyntaxNode): SyntaxNode | null {
  if (f.type !== 'qualified_identifier' || f.childForFieldName('scope')) return null;
  const name = f.childForFieldName('name');
  return name?.type === 'identifier' ? name : null;
}


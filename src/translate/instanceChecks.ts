// What a template can only be refused for per instance: `check` names the construct inside the
// template, at its line, with the instance that makes it unsupported (typed.ts's instances(), found
// by templateInstances.ts from the host's launches, host templates and device calls).
//
//   * (64-bit atomics, which CUDA has only for some types, are checked per instance by atomics64.ts);
//   * a kernel parameter `T* p` or `T v` whose T is double in an instance, under --double=float or
//     --double=error: its 8-byte layout cannot be demoted, as for a parameter written `double*`;
//   * software double is switched on for a program whose kernel template has a double instance the
//     host makes without writing `double` as a template argument (`run(d_doubles)` deducing T).
import type { SyntaxNode } from '../parse/parse';
import type { DiagnosticCode } from '../diagnostics/catalogue';
import type { FunctionFacts, ParamFacts, ProgramFacts } from './program';
import { instanceName } from './templateInstances';
import { isDouble, typedView, type CType, type InstanceView, type TypedView } from './typed';

export interface InstanceCheckContext {
  readonly view: TypedView;
  readonly fn: FunctionFacts;
  error(code: DiagnosticCode, message: string, n: SyntaxNode): void;
}

/** `; here in the instance k<double, 64> (from run<double>)`: how a message names the instance. */
export function inInstance(fn: FunctionFacts, inst: InstanceView): string {
  return `; here in the instance ${instanceName(fn, inst.args)}${inst.caller && inst.caller !== 'main' ? ` (from ${inst.caller})` : ''}`;
}

/** The first instance in which `test` holds of `e`'s type (none outside templates or when `e` does not depend on them). */
export function instanceWhere(view: TypedView, e: SyntaxNode, test: (t: CType) => boolean): InstanceView | undefined {
  return view.instances().find((i) => test(i.view.typeOf(e)));
}

/** Does a kernel template of the program have an instance with a double type argument (`k<double>`, deduced or through a host template)? */
export function kernelInstanceUsesDouble(program: ProgramFacts): boolean {
  for (const f of program.functions) {
    if (f.role !== 'kernel' || !f.body || (f.templateParams ?? []).length === 0) continue;
    const types = (f.templateParams ?? []).filter((p) => p.kind === 'type').map((p) => p.name);
    if (typedView(program, f).instances().some((i) => types.some((t) => { const ty = i.view.typeFromText(t); return isDouble(ty) || (ty.kind === 'vector' && ty.base.name === 'double'); }))) return true;
  }
  return false;
}

/**
 * Under --double=float or --double=error, a kernel parameter whose template type is double in an
 * instance (`T* p` launched as k<double>): the host's data are 8-byte doubles, whatever the kernel
 * computes in. True when refused.
 */
export function refusedDoubleParameter(ctx: InstanceCheckContext, p: ParamFacts): boolean {
  if (!p.typeNode || (ctx.fn.templateParams ?? []).length === 0) return false;
  const params = new Set((ctx.fn.templateParams ?? []).filter((t) => t.kind === 'type').map((t) => t.name));
  const named = p.typeNode.text.replace(/\b(const|volatile)\b/g, ' ').trim();
  if (!params.has(named)) return false;
  const inst = ctx.view.instances().find((i) => i.args.get(named) !== undefined && isDouble(i.view.typeFromText(named)));
  if (!inst) return false;
  ctx.error('C2M1003', `kernel parameter '${p.name}' is ${p.pointerDepth || p.isArray ? 'a buffer of double' : 'a double'}${inInstance(ctx.fn, inst)}; its 8-byte layout cannot be demoted to float (convert on the host, or use the default --double=soft)`, p.node);
  return true;
}

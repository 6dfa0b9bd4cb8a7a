// A `__device__` function used as a value where the callee set is known when the program is
// compiled: passed to `cg::reduce(tile, v, op)`, or to a device function template whose parameter
// takes it as a template type (`template <class Op> T fold(T a, T b, Op op)`). Metal has no
// function pointers, but a function object does the same there: the function gets a functor
// struct, emitted after it, and the use becomes an instance of it:
//   cg::reduce(warp, v, combine)  →  reduce(warp, v, cu2m_fn_combine())
//   struct cu2m_fn_combine { template <typename... A> auto operator()(A... a) const { return combine(a...); } };
// The template is then instantiated per function passed, as CUDA's compiler does. Every other use
// (a function pointer variable, a non-template parameter, a function that needs hidden parameters)
// is refused as before (C2M1001).
import type { SyntaxNode } from '../parse/parse';
import { cgNameOf, type ProgramFacts } from './program';
import { normType } from './tables/types';

export const FUNCTOR_PREFIX = 'cu2m_fn_';

/** The functor that stands for function `name` (its struct's name). */
export const functorName = (name: string): string => `${FUNCTOR_PREFIX}${name}`;

/** The functor struct, emitted after the function's definition. */
export function functorStruct(name: string): string {
  return `struct ${functorName(name)} { template <typename... A> auto operator()(A... a) const { return ${name}(a...); } };`;
}

/** Does the function take hidden parameters (built-ins, device variables, printf)? A functor cannot pass them. */
function needsHidden(program: ProgramFacts, name: string): boolean {
  return program.builtinsOf(name).length > 0 || program.globalsOf(name).length > 0 || program.usesPrintf(name);
}

/**
 * `n`, an identifier naming a device function used as a value: true when it is an argument the
 * callee takes as a template type (cg::reduce's op, a template parameter `Op op`), so that a
 * functor can stand for it.
 */
export function functorArgument(n: SyntaxNode, program: ProgramFacts): boolean {
  const list = n.parent;
  const call = list?.parent;
  if (list?.type !== 'argument_list' || call?.type !== 'call_expression') return false;
  const callee = call.childForFieldName('function');
  if (!callee) return false;
  const fn = program.definitions.get(n.text);
  if (!fn || fn.role === 'host' || fn.role === 'kernel' || fn.template || needsHidden(program, n.text)) return false;
  const index = list.namedChildren.filter((c) => c.type !== 'comment').findIndex((c) => c.id === n.id);
  if (cgNameOf(callee, program) === 'reduce') return index === 2;
  const calleeName = callee.type === 'template_function' ? callee.childForFieldName('name')?.text : callee.type === 'identifier' ? callee.text : undefined;
  const def = calleeName ? program.definitions.get(calleeName) : undefined;
  if (!def?.template || (def.role !== 'device' && def.role !== 'hostdevice')) return false;
  const p = def.params[index];
  if (!p?.typeNode || p.pointerDepth > 0 || p.isArray) return false;
  const t = normType(p.typeNode.text).replace(/^const\s+/, '');
  return def.templateParams?.some((tp) => tp.kind === 'type' && tp.name === t) ?? false;
}

const memo = new WeakMap<ProgramFacts, Set<string>>();

/** The device functions of the file that some use passes as a functor (see functorArgument). */
export function functorFunctions(program: ProgramFacts): Set<string> {
  let r = memo.get(program);
  if (r) return r;
  r = new Set();
  const text = program.file.text;
  for (const [name, f] of program.definitions) {
    if (f.role === 'host' || f.role === 'kernel' || !new RegExp(`[(,]\\s*${name}\\s*[,)]`).test(text)) continue;
    for (const id of program.file.tree.rootNode.descendantsOfType('identifier')) {
      if (id.text === name && functorArgument(id, program)) {
        r.add(name);
        break;
      }
    }
  }
  memo.set(program, r);
  return r;
}

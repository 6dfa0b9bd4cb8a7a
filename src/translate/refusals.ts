// Language constructs refused in device code that need a look at the context (the node-type ones
// are UNSUPPORTED_NODES in function.ts; the whole list, with statuses, is tables/constructs.ts).
import type { SyntaxNode } from '../parse/parse';
import type { FunctionFacts, ProgramFacts } from './program';
import { declaratorShape } from './syntax';
import { FUNCTION_BY_NAME } from './tables/functions';

/**
 * A function of the program named as a value (`fp_t f = sq;`, `&sq`, `apply(sq, x)`): a function
 * pointer, which Metal has not (visible function tables need host-side setup cu2metal does not do).
 * `n` is an identifier that is not a local name and not the callee of a direct call.
 */
export function functionUsedAsValue(n: SyntaxNode, program: ProgramFacts): FunctionFacts | undefined {
  const f = program.definitions.get(n.text);
  if (!f) return undefined;
  // `(sq)(x)`: still a direct call.
  let up = n.parent;
  while (up?.type === 'parenthesized_expression') {
    const p: SyntaxNode | null = up.parent;
    if (p?.type === 'call_expression' && p.childForFieldName('function')?.id === up.id) return undefined;
    up = p;
  }
  return f;
}

/** The `virtual` specifier of a member function definition or declaration. */
export function virtualSpecifier(member: SyntaxNode): SyntaxNode | undefined {
  return member.children.find((c) => c.type === 'virtual' || (c.type === 'virtual_function_specifier'));
}

/** The declarators of a declaration that declare function pointers (`float (*f)(float) = sq;`). */
export function functionPointerDeclarators(decl: SyntaxNode): { readonly name: string; readonly node: SyntaxNode }[] {
  return decl.childrenForFieldName('declarator').flatMap((d) => {
    const s = declaratorShape(d);
    return s.functionDeclarator && s.pointerDepth > 0 ? [{ name: s.name?.text ?? '', node: d }] : [];
  });
}

/**
 * A file-scope variable that is not `__device__`/`__constant__` but more than host data: a texture
 * or surface reference (`texture<float, 2> t;`, removed in CUDA 12) or a `__managed__` variable.
 * Undefined for plain host variables (C2M1008).
 */
export function globalKind(decl: SyntaxNode): 'reference' | 'managed' | undefined {
  if (/^(texture|surface)\s*</.test(decl.childForFieldName('type')?.text ?? '')) return 'reference';
  if (decl.children.some((c) => c.text === '__managed__')) return 'managed';
  return undefined;
}

export interface Refusal {
  readonly code: 'C2M1001' | 'C2M1002';
  readonly message: string;
  readonly node: SyntaxNode;
}

/**
 * What else is refused inside a construct that is refused whole (a `try` block): the
 * translation does not walk into it, but the user rewriting it must still know of the calls with
 * no Metal equivalent (tables/functions.ts) and the nested refused constructs in it. Messages are
 * those of the walk's own sites, so a construct found both ways is reported once.
 */
export function refusalsWithin(n: SyntaxNode, unsupportedNodes: ReadonlyMap<string, string>, isLocal: (name: string) => boolean): Refusal[] {
  const out: Refusal[] = [];
  const walk = (c: SyntaxNode): void => {
    const what = unsupportedNodes.get(c.type);
    if (what) out.push({ code: 'C2M1001', message: `${what} is not supported in device code`, node: c });
    if (c.type === 'call_expression') {
      const f = c.childForFieldName('function');
      const row = f?.type === 'identifier' && !isLocal(f.text) ? FUNCTION_BY_NAME.get(f.text) : undefined;
      if (f && row?.map.kind === 'unsupported') out.push({ code: 'C2M1002', message: `'${f.text}' is not supported in device code yet: ${row.map.reason}`, node: f });
    }
    for (const k of c.namedChildren) walk(k);
  };
  for (const k of n.namedChildren) walk(k);
  return out;
}

// Language constructs refused in device code that need a look at the context (the node-type ones
// are UNSUPPORTED_NODES in function.ts; the whole list, with statuses, is tables/constructs.ts).
import type { SyntaxNode } from '../parse/parse';
import type { FunctionFacts, ProgramFacts } from './program';
import { declaratorShape } from './syntax';

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

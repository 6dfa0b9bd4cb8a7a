// Arguments of CUDA's overloaded integer/float helpers (min, max, umin, llmax, abs, labs, llabs)
// converted to the type CUDA computes in, so that Metal resolves the call the same way.
//
// CUDA overloads min/max for int, unsigned, long long, unsigned long long, float and double, with
// mixed forms that take the usual arithmetic conversions (`min(x, 0)` with x unsigned is an
// unsigned min; `max(a, 1.0f)` with int a is a float max). Metal's min/max take two arguments of
// one type: a mixed call is ambiguous or picks another type. When both argument types are evident
// (declarations, literals, casts, built-ins, arithmetic of those), the one that differs from the
// common type is converted: `min(x, uint(0))`, `max(float(a), 1.0f)`. Functions with a fixed type
// (umin → uint, llmax → long, llabs → long) convert an argument of another evident type, and abs of
// a type narrower than int computes in int as CUDA's abs(int) does (`abs(char(-128))` is 128).
import type { SyntaxNode } from '../parse/parse';

/** The arithmetic types this pass reasons about (CUDA's after integer promotion; double aside). */
export type ArithType = 'int' | 'uint' | 'long' | 'ulong' | 'float';

const RANK: Readonly<Record<ArithType, number>> = { int: 0, uint: 1, long: 2, ulong: 3, float: 4 };

/** CUDA's type of a declared scalar type, after integer promotion; undefined for others (double, structs). */
export function arithTypeOf(declared: string | undefined): ArithType | undefined {
  if (declared === undefined) return undefined;
  const t = declared.replace(/\b(const|volatile|static|register)\b/g, '').trim().replace(/\s+/g, ' ');
  if (/^((signed )?(char|short|int)|signed|short int|signed short( int)?|(unsigned )?(char|short)|unsigned short int|u?char|u?short|u?int(8|16)_t|int32_t|bool)$/.test(t)) return 'int';
  if (/^(unsigned( int)?|uint|uint32_t)$/.test(t)) return 'uint';
  if (/^((signed )?long( long)?( int)?|int64_t|ptrdiff_t|ssize_t|clock_t)$/.test(t)) return 'long';
  if (/^(unsigned long( long)?( int)?|ulong|uint64_t|size_t)$/.test(t)) return 'ulong';
  if (t === 'float') return 'float';
  return undefined;
}

/** The usual arithmetic conversions of two promoted types (long holds every uint: 64-bit). */
export function commonType(a: ArithType, b: ArithType): ArithType {
  if (a === b) return a;
  if (a === 'float' || b === 'float') return 'float';
  if ((a === 'uint' && b === 'long') || (a === 'long' && b === 'uint')) return 'long';
  return RANK[a] > RANK[b] ? a : b;
}

/** A literal's CUDA type: 7 int, 7u uint, 7l/7ll long, 7ul ulong, 1.0f float; unsuffixed floats count as float (Metal). */
export function literalType(text: string): ArithType | undefined {
  const t = text.trim().replace(/^[-+]\s*/, '');
  if (/^(0[xX][0-9a-fA-F']+|[0-9']+)$/.test(t)) {
    const v = Number(t.replace(/'/g, ''));
    return v <= 0x7fffffff ? 'int' : /^0[xX]/.test(t) && v <= 0xffffffff ? 'uint' : 'long';
  }
  if (/^(0[xX][0-9a-fA-F']+|[0-9']+)[uU]$/.test(t)) return 'uint';
  if (/^(0[xX][0-9a-fA-F']+|[0-9']+)[lL]{1,2}$/.test(t)) return 'long';
  if (/^(0[xX][0-9a-fA-F']+|[0-9']+)([uU][lL]{1,2}|[lL]{1,2}[uU])$/.test(t)) return 'ulong';
  if (/^([0-9]*\.[0-9]*|[0-9]+)([eE][-+]?[0-9]+)?[fF]?$/.test(t) && /[.eEfF]/.test(t)) return 'float';
  return undefined;
}

/** What the caller knows about names: a scalar's declared type, a pointer/array's element type. */
export interface TypeLookup {
  scalar(name: string): string | undefined;
  element(name: string): string | undefined;
  /** threadIdx, blockDim...: their fields are unsigned. */
  isBuiltin(name: string): boolean;
  /** The typed view's answer for names, members, elements and calls (typed.ts), where it has one. */
  typed?(e: SyntaxNode): ArithType | undefined;
}

/** The evident CUDA type of an expression, or undefined. */
export function exprType(e: SyntaxNode, look: TypeLookup): ArithType | undefined {
  if (look.typed && ['identifier', 'field_expression', 'subscript_expression', 'call_expression', 'conditional_expression'].includes(e.type)) {
    const t = look.typed(e);
    if (t) return t;
  }
  switch (e.type) {
    case 'number_literal':
      return literalType(e.text);
    case 'char_literal':
    case 'true':
    case 'false':
      return 'int';
    case 'identifier':
      return arithTypeOf(look.scalar(e.text));
    case 'field_expression': {
      const arg = e.childForFieldName('argument');
      return arg?.type === 'identifier' && look.isBuiltin(arg.text) ? 'uint' : undefined;
    }
    case 'subscript_expression': {
      const base = e.childForFieldName('argument');
      return base?.type === 'identifier' ? arithTypeOf(look.element(base.text)) : undefined;
    }
    case 'parenthesized_expression':
      return e.namedChildren.length === 1 ? exprType(e.namedChildren[0]!, look) : undefined;
    case 'cast_expression':
      return arithTypeOf(e.childForFieldName('type')?.text);
    case 'unary_expression': {
      const op = e.child(0)?.type ?? '';
      const arg = e.childForFieldName('argument');
      if (op === '!') return 'int';
      return (op === '-' || op === '+' || op === '~') && arg ? exprType(arg, look) : undefined;
    }
    case 'binary_expression': {
      const op = e.child(1)?.type ?? '';
      if (['<', '>', '<=', '>=', '==', '!=', '&&', '||'].includes(op)) return 'int';
      const l = e.childForFieldName('left');
      const r = e.childForFieldName('right');
      const tl = l ? exprType(l, look) : undefined;
      const tr = r ? exprType(r, look) : undefined;
      if (!tl || !tr) return undefined;
      if (op === '<<' || op === '>>') return tl;
      return ['+', '-', '*', '/', '%', '&', '|', '^'].includes(op) ? commonType(tl, tr) : undefined;
    }
    default:
      return undefined;
  }
}

/** Functions whose CUDA parameter type is fixed (the call converts its arguments to it). */
const FIXED: ReadonlyMap<string, ArithType> = new Map([
  ['umin', 'uint'], ['umax', 'uint'], ['llmin', 'long'], ['llmax', 'long'], ['ullmin', 'ulong'], ['ullmax', 'ulong'],
  ['labs', 'long'], ['llabs', 'long'],
]);

/** Is this one of the calls this pass converts the arguments of? */
export const convertsArgs = (name: string): boolean => name === 'min' || name === 'max' || name === 'abs' || FIXED.has(name);

/**
 * For each argument, the type it must be converted to (`uint(x)`), or undefined to leave it.
 * min/max: the common type of two evident types; fixed-type functions: their type; abs: int for
 * narrower integers (already promoted by exprType, so only casts and char/short declarations).
 */
export function argConversions(name: string, args: readonly SyntaxNode[], look: TypeLookup): (ArithType | undefined)[] {
  const types = args.map((a) => exprType(a, look));
  const fixed = FIXED.get(name);
  if (fixed) return types.map((t) => (t !== undefined && t !== fixed ? fixed : undefined));
  if ((name === 'min' || name === 'max') && args.length === 2) {
    const [a, b] = types;
    if (!a || !b || a === b) return [undefined, undefined];
    const c = commonType(a, b);
    return types.map((t) => (t !== c ? c : undefined));
  }
  if (name === 'abs' && args.length === 1) {
    const a = args[0]!;
    const declared = a.type === 'identifier' ? look.scalar(a.text) : a.type === 'cast_expression' ? a.childForFieldName('type')?.text : undefined;
    const narrow = declared !== undefined && arithTypeOf(declared) === 'int' && !/^(signed )?int$|^int32_t$|^signed$/.test(declared.trim());
    return [narrow ? 'int' : undefined];
  }
  return args.map(() => undefined);
}

// Arguments of CUDA's math calls, converted by their types (read from the typed view, typed.ts).
//
//   * Metal overloads the float functions for half and float (and isnan & co. for both): an
//     integer argument of any width, or a member of a struct whose type the view does not know, is
//     written `float(x)` so that the call is never ambiguous (`sqrtf(n)`, `log(s.steps)`).
//   * min/max/abs/umin/llabs...: the arguments take the type CUDA computes in (mathArgs.ts).
//   * Under software double (--double=soft): what it cannot compute is refused at its line
//     (double atomics; math functions without an f64 overload of a double or of an integer, which
//     C computes in double); integers passed to the f64 overloads become `f64(i)`; the conditional
//     `c ? d : -d` with a double branch gets f64 branches. The functions are listed in
//     tables/double.ts.
import type { Diagnostic } from '../diagnostics/diagnostic';
import type { SyntaxNode } from '../parse/parse';
import type { EditSet } from './edits';
import { argConversions, type TypeLookup } from './mathArgs';
import { hasF64Overload } from './double';
import { FLOAT_FUNCTION_NAMES, SOFT_DOUBLE_ONLY } from './tables/double';
import { BUILTIN_BY_NAME } from './tables/builtins';
import { arithOf, isDouble, isIntegral, type TypedView } from './typed';
import type { TranslateOptions } from './function';
import type { FunctionFacts } from './program';

/** What the pass needs of the function translator. */
export interface MathCallContext extends Omit<TypeLookup, 'typed'> {
  readonly view: TypedView;
  readonly fn: FunctionFacts;
  readonly edits: EditSet;
  readonly options: TranslateOptions;
  error(code: Diagnostic['code'], message: string, n: SyntaxNode): void;
}

export class MathCalls {
  constructor(private readonly ctx: MathCallContext) {}

  private get soft(): boolean {
    return this.ctx.options.double === 'soft' && this.ctx.options.f64Literals === true;
  }

  private wrap(a: SyntaxNode, fn: string): void {
    this.ctx.edits.insert(a.startIndex, `${fn}(`);
    this.ctx.edits.insert(a.endIndex, ')');
  }

  /** min/max/abs/umin/llabs...: arguments converted to the type CUDA computes in (mathArgs.ts). */
  convertArgs(name: string, args: readonly SyntaxNode[]): void {
    const look: TypeLookup = {
      scalar: (n) => this.ctx.scalar(n),
      element: (n) => this.ctx.element(n),
      isBuiltin: (n) => this.ctx.isBuiltin(n),
      typed: (e) => arithOf(this.ctx.view.typeOf(e)),
    };
    const conv = argConversions(name, args, look);
    // `max(c.x, 0)` with a char: CUDA promotes to int, Metal has no max(char, int) (ambiguous).
    // Where the two arguments' own types differ, a narrower integer is converted to its promoted type.
    if ((name === 'min' || name === 'max') && args.length === 2) {
      const raw = args.map((a) => this.ctx.view.typeOf(a));
      const own = raw.map((t) => (t.kind === 'scalar' ? t.scalar.name : undefined));
      if (own[0] && own[1] && own[0] !== own[1]) {
        raw.forEach((t, i) => {
          if (conv[i] === undefined && t.kind === 'scalar' && t.scalar.cls !== 'float' && t.scalar.bits < 32) conv[i] = arithOf(t);
        });
      }
    }
    conv.forEach((t, i) => {
      if (t) this.wrap(args[i]!, t);
    });
  }

  /** `sqrtf(i)` with an integer `i`: `sqrt(float(i))` (ldexp's exponent is an int in both languages). */
  floatArgs(args: readonly SyntaxNode[], fn: string): void {
    const soft = this.soft;
    const floatName = /f$/.test(fn) && FLOAT_FUNCTION_NAMES.has(fn.slice(0, -1));
    for (const a of /^ldexpf?$/.test(fn) ? args.slice(0, 1) : args) {
      if (soft && this.isDoubleExpr(a)) {
        // sqrtf(d) converts d to float first, as in C.
        if (floatName) this.wrap(a, 'float');
        continue;
      }
      if (this.integralInstance(a, floatName, soft)) {
        this.wrap(a, 'float'); // T = int in an instance: Metal's float/half overloads would be ambiguous
        continue;
      }
      if (!this.intKind(a) && !this.integralOrOpaque(a)) continue;
      if (soft && !this.intKind(a) && a.type === 'field_expression') continue; // cu2m_math_arg, by refusedUnderSoftDouble
      if (soft && hasF64Overload(fn)) continue; // f64(...), by refusedUnderSoftDouble
      this.wrap(a, 'float');
    }
  }

  /**
   * Under software double, what it cannot compute is refused at its line: a double value for an
   * atomic whose address type the translator cannot tell, the math functions without an exact f64 overload applied to a
   * double, or to an integer (C computes those in double). A struct field goes through
   * cu2m_math_arg: a double stays one (exact functions) or is a compile error (the others), any
   * other type becomes float. True when the call was refused.
   */
  refusedUnderSoftDouble(name: string, args: readonly SyntaxNode[], at: SyntaxNode): boolean {
    if (!this.soft) return false;
    if (/^atomic[A-Z]/.test(name)) {
      // (An atomic on a double address is the 64-bit emulation's, atomics64.ts.) A double value for
      // a 32-bit address converts to the address's type, as CUDA's overload does: `atomicAdd(&f, d)`.
      const target = args[0] ? this.ctx.view.typeOf(args[0]) : undefined;
      const narrow = target?.kind === 'pointer' && target.pointee.kind === 'scalar' && !isDouble(target.pointee) ? NARROW_ATOMIC_TYPE.get(target.pointee.scalar.name) : undefined;
      if (narrow) {
        for (const a of args.slice(1)) if (this.isDoubleExpr(a)) this.wrap(a, narrow);
        return false;
      }
      if (!args.slice(1).some((a) => this.isDoubleExpr(a)) && !doubleInstance(this.ctx.view, this.ctx.fn.name, args)) return false;
      const instance = doubleInstance(this.ctx.view, this.ctx.fn.name, args);
      this.ctx.error('C2M1003', `'${name}' with a double value on an address that is not a double: convert the value to the address's type${instance ? `; here in the instance ${instance}` : ''}`, at);
      return true;
    }
    if (!FLOAT_FUNCTION_NAMES.has(name)) return false;
    const exact = hasF64Overload(name);
    for (const a of /^ldexp$/.test(name) ? args.slice(0, 1) : args) {
      if (!exact && (this.isDoubleExpr(a) || this.intKind(a) || this.integralOrOpaque(a)) && a.type !== 'field_expression') {
        const what = this.isDoubleExpr(a) ? 'a double' : 'an integer (C computes it in double)';
        this.ctx.error('C2M1003', `'${name}' of ${what}: software double (--double=soft) computes + - * / sqrt fma, conversions, comparisons, fabs/fmin/fmax/floor/ceil/trunc/round/rint/copysign/fdim/ldexp/fmod/frexp/modf/ilogb/nextafter exactly and exp/log (2 ulp), pow, trigonometric, hyperbolic, exp2/exp10/expm1/log2/log10/log1p, rsqrt, cbrt, hypot, erf, erfc, lgamma, tgamma (1 ulp), the Bessel functions (j0, y0, jn, cyl_bessel_i0...) and remainder/remquo/scalbn/logb/lrint/lround (exact), not '${name}' yet (use --double=float, or '${name}f' to compute it in float)`, a);
        return true;
      }
      if (a.type === 'field_expression') this.wrap(a, exact ? 'cu2m_math_arg' : 'cu2m_float_math_arg');
      else if (exact && (this.intKind(a) || this.integralOrOpaque(a))) this.wrap(a, 'f64');
    }
    return false;
  }

  /**
   * cbrt/expm1/log1p/hypot of a double or an integer under software double: the f64 overloads of
   * the prelude (f64Math.ts; Metal has no float version, so of a float they stay refused).
   */
  softDoubleOnly(name: string, args: readonly SyntaxNode[]): boolean {
    if (this.soft && (name === 'norm' || name === 'rnorm') && args.length === 2) {
      // norm(dim, p) / rnorm(dim, p) of a double array: the prelude's templates (f64Norms.ts), p in any address space
      const t = this.ctx.view.typeOf(args[1]!);
      return (t.kind === 'pointer' && isDouble(t.pointee)) || (t.kind === 'array' && isDouble(t.element));
    }
    if (!this.soft || !SOFT_DOUBLE_ONLY.has(name)) return false;
    const integral = (a: SyntaxNode): boolean => a.type !== 'field_expression' && (this.intKind(a) !== undefined || this.integralOrOpaque(a));
    if (!args.some((a) => this.isDoubleExpr(a)) && !(args.length > 0 && args.every(integral))) return false;
    // jn(n, x), yn(n, x): the order stays an int
    for (const a of /^[jy]n$/.test(name) ? args.slice(1) : args) if (!this.isDoubleExpr(a) && integral(a)) this.wrap(a, 'f64');
    return true;
  }

  /**
   * `c ? d : -d` with a double branch: both branches become f64 prvalues (C converts the other to
   * double too), so no conversion of the class type f64 makes the conditional ambiguous.
   */
  unifyDoubleBranches(n: SyntaxNode): void {
    if (!this.soft) return;
    const branches = [n.childForFieldName('consequence'), n.childForFieldName('alternative')].filter((b): b is SyntaxNode => !!b);
    if (branches.length !== 2) return;
    // In a template, `i < n ? in[i] : 0` with T = double: both branches T(...), since the software
    // double converts to and from int and a `device const f64` lvalue leaves `?:` ambiguous.
    const t = branches.map((b) => templateTypeOfBranch(b, this.ctx.fn)).find((x) => x !== undefined);
    if (t) {
      for (const b of branches) if (b.type !== 'call_expression' || templateTypeOfBranch(b, this.ctx.fn) !== t) this.wrap(b, t); // `T(0)` stays
      return;
    }
    if (!branches.some((b) => this.isDoubleExpr(b))) return;
    for (const b of branches) this.wrap(b, 'f64');
  }

  /**
   * In a template, an argument of type T that is an integer in one of the instances the program makes
   * (`sqrt(x)` with `T x`, launched as k<int>): CUDA converts it (to double, or to float for `sqrtf`),
   * Metal finds its float and half overloads equally good. `float(x)` is right for every instance when
   * the function is the float one, or when no instance is a double and the program has no software double.
   */
  private integralInstance(a: SyntaxNode, floatName: boolean, soft: boolean): boolean {
    if (this.ctx.view.typeOf(a).kind !== 'param') return false;
    const types = this.ctx.view.typesPerInstance(a).map((p) => p.type);
    if (!types.some(isIntegral)) return false;
    return floatName || (!soft && !types.some(isDouble));
  }

  /** Is this expression a double? */
  isDoubleExpr(e: SyntaxNode): boolean {
    return isDouble(this.ctx.view.typeOf(e));
  }

  /**
   * An integer of any width, or a member of a struct whose type the view does not know (float() of
   * a float changes nothing); `.x` of an object of unknown type is taken for a float vector's component.
   */
  integralOrOpaque(e: SyntaxNode): boolean {
    const t = this.ctx.view.typeOf(e);
    if (isIntegral(t)) return true;
    if (t.kind !== 'unknown' || e.type !== 'field_expression') return false;
    return !BUILTIN_BY_NAME.has(e.childForFieldName('argument')?.text ?? '') && !/^[xyzw]$/.test(e.childForFieldName('field')?.text ?? '');
  }

  /** 'int' or 'uint' for integer expressions of at most 32 bits (after promotion). */
  intKind(e: SyntaxNode): 'int' | 'uint' | undefined {
    const t = this.ctx.view.typeOf(e);
    if (t.kind !== 'scalar' || t.scalar.cls !== 'int' || t.scalar.bits > 32) return undefined;
    return t.scalar.bits === 32 && !t.scalar.signed ? 'uint' : 'int';
  }
}

/** A template type parameter `T` that a `?:` branch has: `p[i]` of a `T *p` parameter, `(T)x`. */
function templateTypeOfBranch(e: SyntaxNode, fn: FunctionFacts): string | undefined {
  const types = new Set((fn.templateParams ?? []).filter((p) => p.kind === 'type').map((p) => p.name));
  if (types.size === 0) return undefined;
  while (e.type === 'parenthesized_expression' && e.namedChildren[0]) e = e.namedChildren[0];
  if (e.type === 'cast_expression') {
    const t = e.childForFieldName('type');
    return t && types.has(t.text) ? t.text : undefined;
  }
  if (e.type === 'call_expression') {
    // `T(0)`: a functional cast to the parameter.
    const f = e.childForFieldName('function');
    return f?.type === 'identifier' && types.has(f.text) && (e.childForFieldName('arguments')?.namedChildren.length ?? 0) === 1 ? f.text : undefined;
  }
  if (e.type === 'subscript_expression') {
    const base = e.childForFieldName('argument');
    const p = base?.type === 'identifier' ? fn.params.find((q) => q.name === base.text) : undefined;
    const t = p?.typeNode?.text;
    return p && p.pointerDepth + (p.isArray ? 1 : 0) === 1 && t && types.has(t) ? t : undefined;
  }
  return undefined;
}

/** The first instance of the template function (`sum<double>`) in which an atomic's target or value is a double. */
/** The MSL type a double value converts to for a 32-bit atomic's address. */
const NARROW_ATOMIC_TYPE: ReadonlyMap<string, string> = new Map([['float', 'float'], ['int', 'int'], ['unsigned int', 'uint']]);

function doubleInstance(view: TypedView, fnName: string, args: readonly SyntaxNode[]): string | undefined {
  for (const inst of view.instances()) {
    const target = args[0] ? inst.view.typeOf(args[0]) : undefined;
    if ((target?.kind === 'pointer' && isDouble(target.pointee)) || args.slice(1).some((a) => isDouble(inst.view.typeOf(a)))) return `${fnName}<${[...inst.args.values()].join(', ')}>`;
  }
  return undefined;
}

// `double` in device code (the --double policy; see docs/DESIGN.md "double"):
//   soft  (default) IEEE binary64 in software: `double` → `f64` (f64Prelude.ts), literals exact
//   float           computed as float, warning C2M1004 (the opt-in fast path)
//   error           refused (C2M1003)
import type { SyntaxNode } from '../parse/parse';
import { F64_PRELUDE } from './f64Prelude';
import type { ProgramFacts } from './program';
import { TYPE_ITEMS, type DeviceReach } from './reach';
import { C_MATH_CONSTANTS } from './tables/constants';

export type DoublePolicy = 'soft' | 'float' | 'error';
export const DOUBLE_POLICIES: readonly DoublePolicy[] = ['soft', 'float', 'error'];


import { DOUBLE_VECTOR_SUFFIX, SOFT_DOUBLE_APPROXIMATE, SOFT_DOUBLE_FUNCTIONS } from './tables/double';
export { SOFT_DOUBLE_FUNCTIONS, SOFT_DOUBLE_TYPE } from './tables/double';

/** Does the prelude have an f64 overload of this math function (exact, or within a stated ulp bound)? */
export const hasF64Overload = (name: string): boolean => SOFT_DOUBLE_FUNCTIONS.has(name) || SOFT_DOUBLE_APPROXIMATE.has(name);

const hasDoubleType = (n: SyntaxNode): boolean =>
  n.descendantsOfType('primitive_type').some((t) => t.text === 'double') || n.descendantsOfType('type_identifier').some((t) => new RegExp(`^(double${DOUBLE_VECTOR_SUFFIX}|cuDoubleComplex)$`).test(t.text)); // double1/2/3/4, double4_16a/32a: doubleVectors.ts; cuDoubleComplex: complexDouble.ts

/**
 * Does device code use `double` (a declaration, parameter, cast, struct field or global of the
 * device side)? Then the prelude is emitted and floating literals are exact doubles, as in C.
 */
export function programUsesDouble(program: ProgramFacts, reach: DeviceReach): boolean {
  for (const f of program.functions) {
    if (f.role === 'host') continue;
    if (f.role === 'hostdevice' && !reach.names.has(f.name)) continue;
    if (hasDoubleType(f.node)) return true;
  }
  for (const g of program.deviceGlobals.values()) if (hasDoubleType(g.decl)) return true;
  for (const item of program.file.tree.rootNode.namedChildren) {
    if (TYPE_ITEMS.has(item.type) && reach.reaches(item) && hasDoubleType(item)) return true;
    // A class template device code uses, or its specialisation (`template <> struct AlignBytes<double>`).
    const last = item.type === 'template_declaration' ? item.namedChildren[item.namedChildren.length - 1] : undefined;
    if (last && TYPE_ITEMS.has(last.type) && reach.reaches(item) && hasDoubleType(item)) return true;
  }
  // A kernel template the host may instantiate with double (`k<double><<<...>>>`, `run<double>()`).
  const kernelTemplates = program.functions.some((f) => f.role === 'kernel' && f.templateParams);
  return kernelTemplates && new RegExp(`[<,]\\s*double${DOUBLE_VECTOR_SUFFIX}?\\s*[,>*]`).test(program.file.text);
}

/** The prelude the MSL needs under this policy, or '' (emitted after the header, before all code). */
export function doublePrelude(policy: DoublePolicy, usesDouble: boolean): string {
  return policy === 'soft' && usesDouble ? F64_PRELUDE : '';
}

/** The exact binary64 value of a C floating literal (no suffix), or null where it cannot be read. */
export function literalValue(text: string): number | null {
  const signed = /^[-+]/.exec(text);
  if (signed) {
    const v = literalValue(text.slice(1));
    return v === null ? null : signed[0] === '-' ? -v : v;
  }
  const t = text.replace(/'/g, '');
  if (/^0[xX]/.test(t)) {
    const m = /^0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?\d+)$/.exec(t);
    if (!m) return null;
    const int = m[1] ?? '';
    const frac = m[2] ?? '';
    const digits = int + frac;
    if (digits.length === 0) return null;
    // Exact while the digits fit 53 bits; longer hex significands are rare enough to refuse.
    if (digits.replace(/^0+/, '').length > 13) return null;
    const mant = parseInt(digits, 16);
    return mant * Math.pow(2, Number(m[3]) - 4 * frac.length);
  }
  if (!/^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return null;
  return Number(t); // JavaScript numbers are binary64, and Number() rounds to nearest even
}

/** `0.92` → `f64::from_bits(0x3FED70A3D70A3D71ul) /* 0.92 *\/`: the exact bits, readable. */
export function f64Literal(text: string): string | null {
  const v = literalValue(text);
  if (v === null || Number.isNaN(v)) return null;
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, v);
  const bits = buf.getBigUint64(0).toString(16).toUpperCase().padStart(16, '0');
  return `f64::from_bits(0x${bits}ul) /* ${text.replace(/\*\//g, '')} */`;
}

/**
 * <math.h>'s `M_PI` & co. (Metal has only the float `M_PI_F`...): the exact double under software
 * double, `f64::from_bits(0x400921FB54442D18ul) /* M_PI *\/`; Metal's float constant otherwise.
 */
export function mathConstant(name: string, exact: boolean): string | undefined {
  const value = C_MATH_CONSTANTS.get(name);
  if (value === undefined) return undefined;
  if (!exact) return `${name}_F`;
  return f64Literal(value)?.replace(/\/\* .* \*\/$/, `/* ${name} */`);
}

/**
 * Macro bodies are copied into the MSL as text: their unsuffixed floating literals (doubles in C)
 * become exact f64 literals too, outside string and character literals and comments.
 */
export function f64LiteralsInText(text: string): string {
  return text.replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|\/\*[\s\S]*?\*\/|\/\/.*|[A-Za-z_]\w*|((?:\d+\.\d*|\.\d+)(?:[eE][+-]?\d+)?|\d+[eE][+-]?\d+)(?![\w.])/g, (m: string, num: string | undefined) => (num ? (f64Literal(num) ?? m) : (mathConstant(m, true) ?? m)));
}

/**
 * Without software double, Metal computes in float: a macro body's unsuffixed floating literals
 * get their `f` as they do in function bodies (`#define EPS 5.0e-37` → `5.0e-37f`), so that
 * `max(EPS, x)` with a float `x` is not a call with a double (ambiguous on Metal).
 */
export function floatLiteralsInText(text: string): string {
  return text.replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|\/\*[\s\S]*?\*\/|\/\/.*|[A-Za-z_]\w*|((?:\d+\.\d*|\.\d+)(?:[eE][+-]?\d+)?|\d+[eE][+-]?\d+)(?![\w.])/g, (m: string, num: string | undefined) => (num ? `${num}f` : (mathConstant(m, false) ?? m)));
}

/** A double printf argument travels as its bits (tag 5; native/runtime/printf.cpp formats it). */
export const F64_PRINTF_ARG = '// printf of a double: its IEEE bits (tag 5)\ninline cu2m_parg cu2m_pa(f64 v) { return {5u, uint(v.bits), uint(v.bits >> 32)}; }';

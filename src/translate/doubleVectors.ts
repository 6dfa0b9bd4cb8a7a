// CUDA's double2/double3/double4 in device code (see docs/DESIGN.md "double").
//
// Under software double (the default) each is a small struct of f64 fields with CUDA's layout
// (vector_types.h: double2 16 bytes aligned 16, double3 24 aligned 8, double4 32 aligned 16), the
// same in registers and in every address space, so buffers, `__shared__` arrays, struct fields,
// by-value kernel parameters, casts and sizeof/alignof all agree with the host:
//
//   __global__ void k(double4* p) { double4 v = make_double4(0, 1, 2, 3); p[i] = v; p[i].x += 1.0; }
//   → kernel void k(device cu2m_double4* p ...) { cu2m_double4 v = make_double4(0, 1, 2, 3); ... }
//
// The type names are renamed like the other CUDA names (tables/types.ts TYPE_RENAMES); the structs
// and `make_doubleN` helpers are added after the MSL is written, only for the types it names, and
// follow the f64 prelude. CUDA defines no arithmetic on these types (helper_math-style operators are
// the program's own, and translate like any other device function on a struct), so neither does the
// struct: a program's `operator+(double3, double3)` is the only one there is.
//
// `--double=float` computes them as Metal's float2/3/4 (warning C2M1004, like double itself); the
// 8-byte layouts cannot be demoted, so buffers, kernel parameters, struct fields and globals of them
// are refused (C2M1003) as for double. `--double=error` refuses them everywhere.
import type { DoublePolicy } from './double';
import { DOUBLE_VECTOR_SUFFIX, SOFT_DOUBLE_VECTORS } from './tables/double';

/** `double3` → its row; undefined for other names. */
export const doubleVector = (cuda: string): (typeof SOFT_DOUBLE_VECTORS)[number] | undefined => SOFT_DOUBLE_VECTORS.find((v) => v.cuda === cuda);

/** Does a type spelling name double or one of CUDA's double vectors (`const double4*`, cuComplex.h's `cuDoubleComplex`)? */
export const namesDouble = (text: string): boolean => new RegExp(`\\b(double${DOUBLE_VECTOR_SUFFIX}?|cuDoubleComplex)\\b`).test(text);

const FIELDS = ['x', 'y', 'z', 'w'];

/** The float type a double vector of n components is computed as under --double=float (Metal has no float1: a struct of one float, for `.x`). */
export const floatVectorName = (n: number): string => (n === 1 ? 'cu2m_float1' : `float${n}`);

/** The struct and `make_doubleN` helper of a double vector under software double (also cuDoubleComplex's, tables/moreTypes.ts). */
export function softDefinition(v: (typeof SOFT_DOUBLE_VECTORS)[number]): string {
  const fields = FIELDS.slice(0, v.n);
  const align = v.align > 8 ? `alignas(${v.align}) ` : '';
  return [
    `// ${v.cuda} as CUDA lays it out (${v.bytes} bytes, align ${v.align}): ${v.n} software doubles`,
    `struct ${align}${v.msl} { f64 ${fields.join(', ')}; };`,
    `inline ${v.msl} make_${v.cuda}(${fields.map((f) => `f64 ${f}`).join(', ')}) { ${v.msl} v; ${fields.map((f) => `v.${f} = ${f};`).join(' ')} return v; }`,
  ].join('\n');
}

function floatDefinition(v: (typeof SOFT_DOUBLE_VECTORS)[number], typedef: boolean): string {
  const fields = FIELDS.slice(0, v.n);
  const f = floatVectorName(v.n);
  if (v.n === 1) return [`// ${v.cuda} computed as a struct of one float (--double=float)`, `struct ${f} { float x; };`, `inline ${f} make_${v.cuda}(float x) { ${f} v; v.x = x; return v; }`].join('\n');
  return [
    `// ${v.cuda} computed as ${f} (--double=float)`,
    ...(typedef ? [`typedef ${f} ${v.msl};`] : []),
    `inline ${f} make_${v.cuda}(${fields.map((x) => `float ${x}`).join(', ')}) { return ${f}(${fields.join(', ')}); }`,
  ].join('\n');
}

/**
 * After the MSL is written: the struct (or, with --double=float, the float vector) and the
 * `make_doubleN` helper of each double vector it names.
 */
export function addDoubleVectorTypes(polyfills: Map<string, string>, mslText: string, policy: DoublePolicy): void {
  if (policy === 'error' || !new RegExp(`\\b(cu2m_double|make_double)${DOUBLE_VECTOR_SUFFIX}\\b|\\bcu2m_float1\\b`).test(mslText)) return;
  for (const v of SOFT_DOUBLE_VECTORS) {
    const named = new RegExp(`\\b${policy === 'soft' || v.n !== 1 ? v.msl : floatVectorName(1)}\\b`).test(mslText);
    if (!named && !new RegExp(`\\bmake_${v.cuda}\\b`).test(mslText)) continue;
    polyfills.set(v.msl, policy === 'soft' ? softDefinition(v) : floatDefinition(v, named));
  }
}

/**
 * A double vector's spelling when software double is off: `float3` with warning C2M1004 under
 * --double=float, null with C2M1003 under --double=error (reported through `report`).
 */
export function doubleVectorOutsideSoft(cuda: string, policy: DoublePolicy, report: (code: 'C2M1003' | 'C2M1004', message: string) => void): string | null {
  const v = doubleVector(cuda);
  if (!v || policy === 'soft') return null;
  if (policy === 'float') {
    report('C2M1004', `'${cuda}' computed as '${floatVectorName(v.n)}'`);
    return floatVectorName(v.n);
  }
  report('C2M1003', `'${cuda}' is not available in Metal`);
  return null;
}

/**
 * A kernel template instance with a double vector argument (`k<double2>`, found when the host
 * program is compiled): the struct and helper to declare before its instantiation, unless the MSL
 * has them or has no software double (then there is no f64 to build them from).
 */
export function doubleVectorForInstance(msl: string, cudaArg: string): string[] {
  const v = doubleVector(cudaArg);
  if (!v || !/^struct f64 \{$/m.test(msl) || new RegExp(`^struct (alignas\\(\\d+\\) )?${v.msl} \\{`, 'm').test(msl)) return [];
  return [softDefinition(v)];
}

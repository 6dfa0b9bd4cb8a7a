// Names that mean something else in Metal. Data only.

/**
 * Identifiers CUDA code may use freely that are keywords or address-space/attribute names in MSL
 * (MSL specification, sections 1.4 "Metal and C++", 4 "Address spaces", 5.1 "Functions").
 * Device code that uses one gets it renamed with a trailing underscore (`thread` → `thread_`).
 */
export const MSL_RESERVED_IDENTIFIERS: ReadonlySet<string> = new Set([
  'kernel', 'vertex', 'fragment', 'visible', 'object', 'mesh',
  'device', 'constant', 'threadgroup', 'threadgroup_imageblock', 'thread', 'ray_data', 'object_data',
  'half', 'bfloat', 'texture', 'sampler', 'patch', 'stage_in',
  'uchar', 'ushort', 'ulong',
]);

/**
 * Functions of the metal namespace that CUDA programs commonly define themselves as __device__
 * helpers (helper_math.h style). With `using namespace metal;` a call would be ambiguous, so calls
 * to the program's own function of that name are written `::name(...)`.
 */
export const MSL_LIBRARY_FUNCTIONS: ReadonlySet<string> = new Set([
  'abs', 'clamp', 'cross', 'distance', 'dot', 'fract', 'length', 'length_squared', 'lerp', 'mix', 'max', 'min',
  'normalize', 'reflect', 'refract', 'saturate', 'sign', 'smoothstep', 'step', 'transpose', 'determinant',
  'select', 'any', 'all', 'sqrt', 'rsqrt', 'floor', 'ceil', 'round', 'trunc', 'fmin', 'fmax', 'exp', 'log', 'pow',
  'sin', 'cos', 'tan', 'popcount', 'clz', 'ctz', 'rotate', 'absdiff', 'mulhi', 'divide',
  // declared by metal:: for every scalar type too, so a program's own function of the same
  // signature is an ambiguous call on Metal (and on msl-cpu)
  'max3', 'min3', 'median3', 'fmax3', 'fmin3', 'fmedian3', 'hadd', 'rhadd', 'mad24', 'mul24', 'madhi',
  'madsat', 'addsat', 'subsat', 'reverse_bits', 'extract_bits', 'insert_bits', 'fabs', 'fma', 'fmod',
  'copysign', 'fdim', 'exp2', 'exp10', 'log2', 'log10', 'sinh', 'cosh', 'tanh', 'asin', 'acos', 'atan',
  'atan2', 'sinpi', 'cospi', 'tanpi', 'rint', 'powr', 'ldexp', 'frexp', 'modf', 'ilogb', 'isnan', 'isinf',
  'isfinite', 'isnormal', 'signbit', 'nextafter', 'sincos',
]);

/**
 * Types of the metal namespace (matrices, array, matrix) a program may define under the same name:
 * with `using namespace metal;` every use would be ambiguous, so the program's type is renamed
 * with a trailing underscore in the MSL (`struct matrix` → `struct matrix_`).
 */
export const MSL_LIBRARY_TYPES: ReadonlySet<string> = new Set([
  'array', 'matrix',
  ...['float', 'half'].flatMap((t) => [2, 3, 4].flatMap((c) => [2, 3, 4].map((r) => `${t}${c}x${r}`))),
  'vec', // metal::vec<T, n> (a program's `struct vec { double x, y, z; }`)
  // <metal_type_traits>, which `using namespace metal;` brings in too (a CUB-style header's own
  // `template <bool B, class T, class F> using conditional_t = ...`)
  'conditional_t', 'enable_if_t', 'conditional', 'enable_if',
]);

export const mslName = (name: string): string => (MSL_RESERVED_IDENTIFIERS.has(name) ? `${name}_` : name);

/**
 * `matrix` → `matrix_`, `sampler` → `sampler_` for a type the program defines whose name metal::
 * also has or MSL reserves; else undefined.
 */
export const collidingTypeRename = (name: string, programTypes: ReadonlySet<string>): string | undefined =>
  (MSL_LIBRARY_TYPES.has(name) || MSL_RESERVED_IDENTIFIERS.has(name)) && programTypes.has(name) ? `${name}_` : undefined;

/**
 * A kernel's name in the MSL when Metal reserves it (`kernel`, `vertex`...), or, for a kernel
 * template, when metal:: declares a function of that name (`distance`: the instantiation
 * `decltype(distance<float>)` would find both; a plain kernel `transpose` is unambiguous): `kernel_`.
 * A plain kernel's host name (the manifest's) is that too; the cuda-cpu reference and the host
 * program keep the CUDA name (src/translate/kernelOverloads.ts).
 */
export const kernelMslName = (name: string, template: boolean): string => (MSL_RESERVED_IDENTIFIERS.has(name) || (template && MSL_LIBRARY_FUNCTIONS.has(name)) ? `${name}_` : name);

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
]);

export const mslName = (name: string): string => (MSL_RESERVED_IDENTIFIERS.has(name) ? `${name}_` : name);

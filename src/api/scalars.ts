// Scalar kernel arguments: the explicit types callers write, the C/MSL types of kernel parameters,
// and the conversion of a checked value into what the addon packs (little-endian, see
// native/addon/module.cc).

/** The types a scalar argument names: `{ type: 'i32', value: 3 }`. */
export type ScalarType = 'i8' | 'u8' | 'i16' | 'u16' | 'i32' | 'u32' | 'i64' | 'u64' | 'f32' | 'f64' | 'bool';

export type ScalarArg =
  | { readonly type: 'i8' | 'u8' | 'i16' | 'u16' | 'i32' | 'u32' | 'f32' | 'f64'; readonly value: number }
  | { readonly type: 'i64' | 'u64'; readonly value: number | bigint }
  | { readonly type: 'bool'; readonly value: boolean };

type Category = 'int' | 'float' | 'bool';

interface ScalarInfo {
  readonly size: number;
  readonly category: Category;
  readonly signed: boolean;
  /** The addon's packing code: cu2m_elem_type's number, 100 for bool. */
  readonly code: number;
}

export const SCALARS: Readonly<Record<ScalarType, ScalarInfo>> = {
  i8: { size: 1, category: 'int', signed: true, code: 4 },
  u8: { size: 1, category: 'int', signed: false, code: 5 },
  i16: { size: 2, category: 'int', signed: true, code: 6 },
  u16: { size: 2, category: 'int', signed: false, code: 7 },
  i32: { size: 4, category: 'int', signed: true, code: 8 },
  u32: { size: 4, category: 'int', signed: false, code: 9 },
  i64: { size: 8, category: 'int', signed: true, code: 10 },
  u64: { size: 8, category: 'int', signed: false, code: 11 },
  f32: { size: 4, category: 'float', signed: true, code: 1 },
  f64: { size: 8, category: 'float', signed: true, code: 2 },
  bool: { size: 1, category: 'bool', signed: false, code: 100 },
};

export const SCALAR_TYPES = Object.keys(SCALARS) as ScalarType[];

export const isScalarType = (t: unknown): t is ScalarType => typeof t === 'string' && Object.prototype.hasOwnProperty.call(SCALARS, t);

// C, CUDA and MSL spellings of scalar types (LP64: long is 8 bytes on Linux and macOS).
const C_TYPES: ReadonlyMap<string, ScalarType> = new Map<string, ScalarType>([
  ['char', 'i8'], ['signed char', 'i8'], ['int8_t', 'i8'],
  ['unsigned char', 'u8'], ['uchar', 'u8'], ['uint8_t', 'u8'],
  ['short', 'i16'], ['short int', 'i16'], ['signed short', 'i16'], ['signed short int', 'i16'], ['int16_t', 'i16'],
  ['unsigned short', 'u16'], ['unsigned short int', 'u16'], ['ushort', 'u16'], ['uint16_t', 'u16'],
  ['int', 'i32'], ['signed', 'i32'], ['signed int', 'i32'], ['int32_t', 'i32'],
  ['unsigned', 'u32'], ['unsigned int', 'u32'], ['uint', 'u32'], ['uint32_t', 'u32'],
  ['long', 'i64'], ['long int', 'i64'], ['signed long', 'i64'], ['signed long int', 'i64'],
  ['long long', 'i64'], ['long long int', 'i64'], ['signed long long', 'i64'], ['signed long long int', 'i64'],
  ['int64_t', 'i64'], ['ptrdiff_t', 'i64'], ['ssize_t', 'i64'],
  ['unsigned long', 'u64'], ['unsigned long int', 'u64'], ['ulong', 'u64'],
  ['unsigned long long', 'u64'], ['unsigned long long int', 'u64'], ['uint64_t', 'u64'], ['size_t', 'u64'],
  ['float', 'f32'], ['double', 'f64'], ['bool', 'bool'],
  ['f64', 'f64'], // the MSL of software double (src/translate/f64Prelude.ts): the same 8 bytes
]);

/** The scalar type of a C/CUDA/MSL parameter type ('const int', 'constant uint&', 'std::size_t'), if it is one. */
export function scalarOfCType(type: string | undefined): ScalarType | undefined {
  if (!type) return undefined;
  const t = type
    .replace(/&/g, ' ')
    .replace(/\b(const|volatile|constant|__restrict__|__restrict|restrict)\b/g, ' ')
    .replace(/\bstd::/g, '')
    .trim()
    .replace(/\s+/g, ' ');
  return C_TYPES.get(t);
}

/** The types a caller may pass for a parameter of host type `host`: same category, same size. */
export const compatibleTypes = (host: ScalarType): ScalarType[] =>
  SCALAR_TYPES.filter((t) => SCALARS[t].category === SCALARS[host].category && SCALARS[t].size === SCALARS[host].size);

const intRange = (t: ScalarType): [bigint, bigint] => {
  const bits = BigInt(SCALARS[t].size * 8);
  return SCALARS[t].signed ? [-(1n << (bits - 1n)), (1n << (bits - 1n)) - 1n] : [0n, (1n << bits) - 1n];
};

/**
 * Checks `value` against the caller's type `type`; returns a message (for a TypeError or RangeError)
 * when it does not fit, else undefined.
 */
export function checkScalarValue(type: ScalarType, value: unknown): { error: 'type' | 'range'; message: string } | undefined {
  const info = SCALARS[type];
  if (info.category === 'bool') return typeof value === 'boolean' ? undefined : { error: 'type', message: `a 'bool' value must be a boolean, got ${describe(value)}` };
  if (info.category === 'float') return typeof value === 'number' ? undefined : { error: 'type', message: `a '${type}' value must be a number, got ${describe(value)}` };
  let big: bigint;
  if (typeof value === 'bigint') {
    if (info.size !== 8) return { error: 'type', message: `a '${type}' value must be a number (bigint is for 'i64'/'u64'), got ${describe(value)}` };
    big = value;
  } else if (typeof value === 'number') {
    if (!Number.isInteger(value)) return { error: 'range', message: `a '${type}' value must be an integer, got ${value}` };
    if (info.size === 8 && !Number.isSafeInteger(value)) return { error: 'range', message: `${value} is not a safe integer: pass a bigint for '${type}'` };
    big = BigInt(value);
  } else {
    return { error: 'type', message: `a '${type}' value must be ${info.size === 8 ? 'a number or a bigint' : 'a number'}, got ${describe(value)}` };
  }
  const [lo, hi] = intRange(type);
  if (big < lo || big > hi) return { error: 'range', message: `${String(value)} is out of range for '${type}' (${lo} to ${hi})` };
  return undefined;
}

/**
 * The checked `value` converted, as C would convert it, to the type the backend's kernel reads
 * (`device`): integers wrap to its width, f32 rounds, f64 → f32 where the translator computes
 * `double` as `float`. Returns what the addon packs for `device`.
 */
export function toDeviceValue(device: ScalarType, value: number | bigint | boolean): number | bigint | boolean {
  const info = SCALARS[device];
  if (info.category === 'bool') return Boolean(value);
  if (info.category === 'float') return device === 'f32' ? Math.fround(Number(value)) : Number(value);
  const bits = info.size * 8;
  const big = typeof value === 'bigint' ? value : BigInt(typeof value === 'boolean' ? Number(value) : Math.trunc(value));
  const wrapped = info.signed ? BigInt.asIntN(bits, big) : BigInt.asUintN(bits, big);
  return bits === 64 ? wrapped : Number(wrapped);
}

export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'object') return v.constructor && v.constructor !== Object ? `a ${v.constructor.name}` : 'an object';
  return typeof v === 'number' || typeof v === 'boolean' ? String(v) : `a ${typeof v}`;
}

// Comparing two traces copy by copy (docs/DESIGN.md, "Traces and diff").
//
// `actual` is the translated program's trace (msl-cpu), `expected` the reference's (cuda-cpu, or
// a golden trace). The d2h events are paired by position: copy #i of one side with copy #i of the
// other. For each pair:
//   - different byte counts                     → kind 'size';
//   - otherwise the elements are compared as the expected side's element type says (a type the
//     two sides disagree on is noted); a byte count that is not a whole number of elements is
//     compared byte-wise, with a note;
//   - floats (f16/f32/f64): equal when a === b (so +0 == -0, inf == inf of the same sign), both
//     are NaN, or both are finite and |a - b| <= atol + rtol * |b| (b = expected; as numpy's
//     isclose). A NaN or an infinity against anything else differs;
//   - integers: |a - b| <= tol.int (0 by default: exact); 64-bit ones compared exactly as BigInt;
//   - 'bytes': byte-exact.
// Copies only one side made are kind 'missing' (the actual side lacks it) or 'extra' (only the
// actual side has it). The first non-matching copy is the first divergence; the launch that last
// wrote its source buffer is where to look.
//
// Statistics per copy are over all elements, not only differing ones: the worst absolute error
// (and its first index), the worst relative error |a - b| / |b| over elements whose expected value
// is a non-zero number, and for floats the worst ULP distance (over elements where neither side is
// NaN; +0 and -0 are 0 ULP apart). A NaN or an infinity against a different value is an infinite
// error.
//
// The report is plain data: numbers that JSON cannot carry (NaN, ±Infinity, 64-bit integers
// beyond 2^53) are strings ("NaN", "Infinity", "-Infinity", "18446744073709551615"), so
// JSON.stringify(report) is the `--json` output as is. f32 values are written as the shortest
// decimal that reads back as the same f32.
//
// Memory stays bounded whatever the trace size: each pair of copies is read from the two .bin
// files in chunks (CompareOptions.chunkBytes, 16 MiB by default) and compared chunk by chunk; a
// chunk whose bytes are identical on both sides is settled with one memcmp.

import { styleText } from 'node:util';
import { ELEM_SIZE, isFloatElem, openBin, type BinReader, type D2hEvent, type ElemType, type Trace } from './trace';

// ---- Tolerances ----------------------------------------------------------------------------

export interface FloatTolerance {
  /** Absolute tolerance: the floor for values near zero (cancellation, tiny residues). */
  readonly atol: number;
  /** Relative tolerance, of |expected|. */
  readonly rtol: number;
}

/** What the caller may set; every field left out takes its DEFAULT_TOLERANCE value. */
export interface Tolerance {
  readonly f16?: Partial<FloatTolerance>;
  readonly f32?: Partial<FloatTolerance>;
  readonly f64?: Partial<FloatTolerance>;
  /** Largest |a - b| accepted for integer elements (default 0: exact). */
  readonly int?: number;
}

export interface ResolvedTolerance {
  readonly f16: FloatTolerance;
  readonly f32: FloatTolerance;
  readonly f64: FloatTolerance;
  readonly int: number;
}

/**
 * Defaults, per type. The translated kernels may legitimately differ from the reference in the
 * last bits: Metal compiles with fast math by default (approximate division, exp, sin...), and a
 * reduction may sum in another order. So:
 * - f32: rtol 1e-4 (about 840 ULP of f32, whose epsilon is 1.19e-7: room for fast-math functions
 *   and re-associated sums of a few thousand terms, far below a real bug), atol 1e-5 (results that
 *   should be 0 but come out as a cancellation residue of O(1) inputs);
 * - f16: rtol 1e-2, atol 1e-3 (epsilon 9.8e-4: about 10 ULP);
 * - f64: rtol 1e-9, atol 1e-12 (Metal has no double; on the CPU backends doubles stay doubles);
 * - integers exact.
 */
export const DEFAULT_TOLERANCE: ResolvedTolerance = {
  f16: { atol: 1e-3, rtol: 1e-2 },
  f32: { atol: 1e-5, rtol: 1e-4 },
  f64: { atol: 1e-12, rtol: 1e-9 },
  int: 0,
};

export function resolveTolerance(tol: Tolerance = {}): ResolvedTolerance {
  const f = (k: 'f16' | 'f32' | 'f64'): FloatTolerance => ({
    atol: tol[k]?.atol ?? DEFAULT_TOLERANCE[k].atol,
    rtol: tol[k]?.rtol ?? DEFAULT_TOLERANCE[k].rtol,
  });
  const r = { f16: f('f16'), f32: f('f32'), f64: f('f64'), int: tol.int ?? DEFAULT_TOLERANCE.int };
  for (const k of ['f16', 'f32', 'f64'] as const) {
    if (!(r[k].atol >= 0) || !(r[k].rtol >= 0)) throw new RangeError(`tolerance for ${k} must be non-negative numbers`);
  }
  if (!(r.int >= 0) || !Number.isInteger(r.int)) throw new RangeError('integer tolerance must be a non-negative integer');
  return r;
}

// ---- Report --------------------------------------------------------------------------------

/**
 * An element value in the report: a number, or a string where JSON has no number for it
 * ("NaN", "Infinity", "-Infinity", and every i64/u64 value, in decimal).
 */
export type ElemValue = number | string;

/** A magnitude in the report: a finite number, or "Infinity". */
export type Magnitude = number | 'Infinity';

export interface ElemDiff {
  readonly index: number;
  readonly actual: ElemValue;
  readonly expected: ElemValue;
  /** |actual - expected| (null for 'bytes'). */
  readonly absErr: Magnitude | null;
}

export interface Worst {
  readonly value: Magnitude;
  /** First element index where the worst value occurs. */
  readonly index: number;
}

/**
 * How a copy compared: 'match'; 'values' (elements differ); 'size' (byte counts differ);
 * 'missing' (only the expected side made this copy); 'extra' (only the actual side did).
 */
export type CopyStatus = 'match' | 'values' | 'size' | 'missing' | 'extra';

export interface CopySide {
  readonly seq: number;
  readonly bytes: number;
  readonly elem: ElemType;
  readonly launch: number;
  readonly kernel: string | null;
}

export interface CopyReport {
  /** Position among the d2h events (copy #copy). */
  readonly copy: number;
  readonly status: CopyStatus;
  readonly ok: boolean;
  /** Launch that last wrote the source buffer (-1: none), from the expected side when it has the copy. */
  readonly launch: number;
  readonly kernel: string | null;
  /** Element type the comparison used (the expected side's; 'bytes' when bytes are not whole elements). */
  readonly elem: ElemType;
  /** Elements compared (0 unless status is 'match' or 'values'). */
  readonly count: number;
  readonly differing: number;
  /** First differing element, or null. */
  readonly firstDiff: ElemDiff | null;
  /** The first few differing elements (CompareOptions.samples), in index order. */
  readonly samples: readonly ElemDiff[];
  /** Worst |a - b|; null for 'bytes' or when nothing was compared. */
  readonly maxAbsErr: Worst | null;
  /** Worst |a - b| / |b| over elements with b != 0; null when there are none, or for 'bytes'. */
  readonly maxRelErr: Worst | null;
  /** Worst ULP distance (floats only; elements where either side is NaN are left out). */
  readonly maxUlp: Worst | null;
  readonly actual: CopySide | null;
  readonly expected: CopySide | null;
  /** Things the reader should know: type disagreements, attribution differences, fallbacks. */
  readonly notes: readonly string[];
}

export interface Divergence {
  readonly copy: number;
  readonly kernel: string | null;
  readonly launch: number;
  readonly status: CopyStatus;
}

export interface DiffReport {
  readonly ok: boolean;
  readonly tolerance: ResolvedTolerance;
  readonly copies: readonly CopyReport[];
  /** d2h event counts: a difference is a mismatch (the extra copies are in `copies`). */
  readonly copyCount: { readonly actual: number; readonly expected: number };
  /** The first copy that did not match, or null. */
  readonly firstDivergence: Divergence | null;
  /** Exit codes (null: the trace has no exit event); `match` is false when they differ. */
  readonly exit: { readonly actual: number | null; readonly expected: number | null; readonly match: boolean };
  readonly truncated: { readonly actual: boolean; readonly expected: boolean };
  /** Warnings of both trace readers, prefixed with their side. */
  readonly warnings: readonly string[];
  /** Counts over `copies`. */
  readonly summary: { readonly compared: number; readonly matching: number; readonly differing: number };
}

export interface CompareOptions {
  /** Differing elements to keep per copy in `samples` (default 8). */
  readonly samples?: number;
  /** Bytes of each copy read and compared at a time (default DEFAULT_CHUNK_BYTES; rounded down to whole elements). */
  readonly chunkBytes?: number;
}

export const DEFAULT_CHUNK_BYTES = 16 << 20;

// ---- Comparison ----------------------------------------------------------------------------

export function compareTraces(actual: Trace, expected: Trace, tol: Tolerance = {}, opts: CompareOptions = {}): DiffReport {
  const t = resolveTolerance(tol);
  const maxSamples = opts.samples ?? 8;
  const chunkBytes = opts.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  if (!Number.isSafeInteger(chunkBytes) || chunkBytes < 1) throw new RangeError('chunkBytes must be a positive integer');
  const n = Math.max(actual.copies.length, expected.copies.length);
  const copies: CopyReport[] = [];
  const bins = new Bins(chunkBytes);
  try {
    for (let i = 0; i < n; i++) copies.push(compareCopy(i, actual.copies[i], expected.copies[i], t, maxSamples, bins));
  } finally {
    bins.close();
  }

  const first = copies.find((c) => !c.ok);
  const exitMatch = actual.exitCode === expected.exitCode;
  const matching = copies.filter((c) => c.ok).length;
  return {
    ok: first === undefined && exitMatch,
    tolerance: t,
    copies,
    copyCount: { actual: actual.copies.length, expected: expected.copies.length },
    firstDivergence: first ? { copy: first.copy, kernel: first.kernel, launch: first.launch, status: first.status } : null,
    exit: { actual: actual.exitCode, expected: expected.exitCode, match: exitMatch },
    truncated: { actual: actual.truncated, expected: expected.truncated },
    warnings: [...actual.warnings.map((w) => `actual: ${w}`), ...expected.warnings.map((w) => `expected: ${w}`)],
    summary: { compared: copies.length, matching, differing: copies.length - matching },
  };
}

const side = (e: D2hEvent): CopySide => ({ seq: e.seq, bytes: e.bytes, elem: e.elem, launch: e.launch, kernel: e.kernel });

/** The open .bin files of a comparison and its two chunk buffers. */
class Bins {
  private readonly open = new Map<string, BinReader>();
  readonly bufA: Buffer;
  readonly bufE: Buffer;
  constructor(readonly chunkBytes: number) {
    const size = Math.min(chunkBytes, DEFAULT_CHUNK_BYTES * 4);
    this.bufA = Buffer.alloc(size);
    this.bufE = Buffer.alloc(size);
  }
  reader(path: string): BinReader {
    let r = this.open.get(path);
    if (!r) {
      r = openBin(path);
      this.open.set(path, r);
    }
    return r;
  }
  close(): void {
    for (const r of this.open.values()) r.close();
    this.open.clear();
  }
}

function compareCopy(
  index: number,
  a: D2hEvent | undefined,
  e: D2hEvent | undefined,
  tol: ResolvedTolerance,
  maxSamples: number,
  bins: Bins,
): CopyReport {
  const ref = e ?? a;
  if (ref === undefined) throw new Error('unreachable: copy on neither side');
  const base = {
    copy: index,
    launch: ref.launch,
    kernel: ref.kernel,
    elem: ref.elem,
    count: 0,
    differing: 0,
    firstDiff: null,
    samples: [],
    maxAbsErr: null,
    maxRelErr: null,
    maxUlp: null,
    actual: a ? side(a) : null,
    expected: e ? side(e) : null,
  };
  if (a === undefined) return { ...base, status: 'missing', ok: false, notes: ['the actual program made no such copy'] };
  if (e === undefined) return { ...base, status: 'extra', ok: false, notes: ['the expected program made no such copy'] };

  const notes: string[] = [];
  if (a.elem !== e.elem) notes.push(`element types differ: actual ${a.elem}, expected ${e.elem}; compared as ${e.elem}`);
  if (a.launch !== e.launch || a.kernel !== e.kernel) {
    notes.push(`the actual side attributes this copy to ${describeLaunch(a.launch, a.kernel)}`);
  }
  if (a.bytes !== e.bytes) {
    notes.unshift(`sizes differ: actual ${a.bytes} bytes, expected ${e.bytes} bytes`);
    return { ...base, status: 'size', ok: false, notes };
  }
  let elem = e.elem;
  if (e.bytes % ELEM_SIZE[elem] !== 0) {
    notes.push(`${e.bytes} bytes is not a whole number of ${elem} elements; compared byte-wise`);
    elem = 'bytes';
  }
  const size = ELEM_SIZE[elem];
  const chunk = Math.max(size, Math.floor(Math.min(bins.chunkBytes, bins.bufA.length) / size) * size);
  const cmp = new ElementComparison(elem, tol, maxSamples);
  if (e.bytes > 0) {
    const ra = bins.reader(a.bin);
    const re = bins.reader(e.bin);
    const bufA = chunk <= bins.bufA.length ? bins.bufA : Buffer.alloc(chunk);
    const bufE = chunk <= bins.bufE.length ? bins.bufE : Buffer.alloc(chunk);
    for (let pos = 0; pos < e.bytes; pos += chunk) {
      const len = Math.min(chunk, e.bytes - pos);
      cmp.feed(ra.read(a, pos, len, bufA), re.read(e, pos, len, bufE), pos / size);
    }
  }
  const r = cmp.result(e.bytes / size);
  return { ...base, elem, ...r, status: r.differing === 0 ? 'match' : 'values', ok: r.differing === 0, notes };
}

function describeLaunch(launch: number, kernel: string | null): string {
  return launch < 0 || kernel === null ? 'no kernel launch' : `launch #${launch} '${kernel}'`;
}

interface DataResult {
  count: number;
  differing: number;
  firstDiff: ElemDiff | null;
  samples: ElemDiff[];
  maxAbsErr: Worst | null;
  maxRelErr: Worst | null;
  maxUlp: Worst | null;
}

/** Running maximum that remembers the first index of the maximum. */
class Max {
  value = -1;
  index = -1;
  add(v: number, i: number): void {
    if (v > this.value) {
      this.value = v;
      this.index = i;
    }
  }
  result(): Worst | null {
    return this.index < 0 ? null : { value: magnitude(this.value), index: this.index };
  }
}

/**
 * The comparison of one pair of copies, fed chunk by chunk (`first`: index of the chunk's first
 * element). Statistics and samples are the same as for one pass over the whole copy.
 */
class ElementComparison {
  private differing = 0;
  private firstDiff: ElemDiff | null = null;
  private readonly samples: ElemDiff[] = [];
  private readonly abs = new Max();
  private readonly rel = new Max();
  private readonly ulp = new Max();
  private readonly size: number;
  private zeros: Buffer | null = null;

  constructor(
    private readonly elem: ElemType,
    private readonly tol: ResolvedTolerance,
    private readonly maxSamples: number,
  ) {
    this.size = ELEM_SIZE[elem];
  }

  result(count: number): DataResult {
    const { differing, firstDiff, samples } = this;
    if (this.elem === 'bytes') return { count, differing, firstDiff, samples, maxAbsErr: null, maxRelErr: null, maxUlp: null };
    return {
      count,
      differing,
      firstDiff,
      samples,
      maxAbsErr: this.abs.result(),
      maxRelErr: this.rel.result(),
      maxUlp: isFloatElem(this.elem) ? this.ulp.result() : null,
    };
  }

  private differ(i: number, x: ElemValue, y: ElemValue, err: number | null): void {
    this.differing++;
    if (this.firstDiff !== null && this.samples.length >= this.maxSamples) return;
    const d: ElemDiff = { index: i, actual: x, expected: y, absErr: err === null ? null : magnitude(err) };
    this.firstDiff ??= d;
    if (this.samples.length < this.maxSamples) this.samples.push(d);
  }

  feed(a: Buffer, b: Buffer, first: number): void {
    if (a.equals(b)) this.feedEqual(b, first);
    else this.feedElements(a, b, first);
  }

  /**
   * Identical bytes: every element matches with error 0, so only the first index each statistic
   * would record matters (a Max keeps the first index of its maximum), and only while it is unset.
   */
  private feedEqual(b: Buffer, first: number): void {
    const elem = this.elem;
    if (elem === 'bytes' || b.length === 0) return;
    this.abs.add(0, first);
    const count = b.length / this.size;
    const vb = new DataView(b.buffer, b.byteOffset, b.byteLength);
    if (this.rel.index < 0 && !this.allZero(b)) {
      // the first element whose expected value is a non-zero number
      const nonZero = isFloatElem(elem) ? (o: number) => { const y = FLOAT_READERS[elem](vb, o); return y !== 0 && y === y; } : (o: number) => !isZeroBits(b, o, this.size);
      for (let i = 0; i < count; i++) {
        if (nonZero(i * this.size)) {
          this.rel.add(0, first + i);
          break;
        }
      }
    }
    if (isFloatElem(elem) && this.ulp.index < 0) {
      const read = FLOAT_READERS[elem];
      for (let i = 0; i < count; i++) {
        const x = read(vb, i * this.size);
        if (x === x) {
          this.ulp.add(0, first + i);
          break;
        }
      }
    }
  }

  private allZero(b: Buffer): boolean {
    if (!this.zeros || this.zeros.length < b.length) this.zeros = Buffer.alloc(b.length);
    return b.equals(this.zeros.subarray(0, b.length));
  }

  private feedElements(a: Buffer, b: Buffer, first: number): void {
    const { elem, tol, abs, rel, ulp } = this;
    const va = new DataView(a.buffer, a.byteOffset, a.byteLength);
    const vb = new DataView(b.buffer, b.byteOffset, b.byteLength);
    const size = this.size;
    const count = b.byteLength / size;

    if (elem === 'bytes') {
      for (let i = 0; i < count; i++) {
        if (a[i] !== b[i]) this.differ(first + i, a[i] ?? 0, b[i] ?? 0, null);
      }
      return;
    }

    if (isFloatElem(elem)) {
      const ft = tol[elem];
      const read = FLOAT_READERS[elem];
      const ulpDist = elem === 'f32' ? ulpF32 : elem === 'f64' ? ulpF64 : ulpF16;
      for (let i = 0; i < count; i++) {
        const o = i * size;
        const x = read(va, o);
        const y = read(vb, o);
        let err: number;
        let same: boolean;
        if (x === y || (x !== x && y !== y)) {
          err = 0;
          same = true;
        } else if (!Number.isFinite(x) || !Number.isFinite(y)) {
          err = Infinity; // NaN or an infinity against anything else
          same = false;
        } else {
          err = Math.abs(x - y);
          same = err <= ft.atol + ft.rtol * Math.abs(y);
        }
        abs.add(err, first + i);
        if (y !== 0 && y === y) rel.add(err === 0 || err === Infinity ? err : err / Math.abs(y), first + i);
        if (x === x && y === y) ulp.add(ulpDist(va, vb, o), first + i);
        if (!same) this.differ(first + i, floatValue(x, elem), floatValue(y, elem), err);
      }
      return;
    }

    if (elem === 'i64' || elem === 'u64') {
      const signed = elem === 'i64';
      const itol = BigInt(tol.int);
      for (let i = 0; i < count; i++) {
        const o = i * 8;
        if (va.getUint32(o, true) === vb.getUint32(o, true) && va.getUint32(o + 4, true) === vb.getUint32(o + 4, true)) {
          abs.add(0, first + i);
          if (va.getUint32(o, true) !== 0 || va.getUint32(o + 4, true) !== 0) rel.add(0, first + i);
          continue;
        }
        const x = signed ? va.getBigInt64(o, true) : va.getBigUint64(o, true);
        const y = signed ? vb.getBigInt64(o, true) : vb.getBigUint64(o, true);
        const d = x > y ? x - y : y - x;
        const err = Number(d);
        abs.add(err, first + i);
        if (y !== 0n) rel.add(err / Math.abs(Number(y)), first + i);
        if (d > itol) this.differ(first + i, x.toString(), y.toString(), err);
      }
      return;
    }

    const read = INT_READERS[elem];
    for (let i = 0; i < count; i++) {
      const o = i * size;
      const x = read(va, o);
      const y = read(vb, o);
      const err = Math.abs(x - y);
      abs.add(err, first + i);
      if (y !== 0) rel.add(err / Math.abs(y), first + i);
      if (err > tol.int) this.differ(first + i, x, y, err);
    }
  }
}

const FLOAT_READERS: Record<'f16' | 'f32' | 'f64', (v: DataView, o: number) => number> = {
  f16: (v, o) => f16ToNumber(v.getUint16(o, true)),
  f32: (v, o) => v.getFloat32(o, true),
  f64: (v, o) => v.getFloat64(o, true),
};

function isZeroBits(b: Buffer, o: number, size: number): boolean {
  for (let k = 0; k < size; k++) if (b[o + k] !== 0) return false;
  return true;
}

const magnitude = (v: number): Magnitude => (v === Infinity ? 'Infinity' : v);

const INT_READERS: Record<'i8' | 'u8' | 'i16' | 'u16' | 'i32' | 'u32', (v: DataView, o: number) => number> = {
  i8: (v, o) => v.getInt8(o),
  u8: (v, o) => v.getUint8(o),
  i16: (v, o) => v.getInt16(o, true),
  u16: (v, o) => v.getUint16(o, true),
  i32: (v, o) => v.getInt32(o, true),
  u32: (v, o) => v.getUint32(o, true),
};

// ---- Float helpers -------------------------------------------------------------------------

export function f16ToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 0x1f) return frac === 0 ? sign * Infinity : NaN;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/** Maps sign-magnitude bits to a line where adjacent floats are adjacent integers. */
const ordered = (bits: number, signBit: number): number => (bits & signBit ? -(bits & (signBit - 1)) : bits);

function ulpF16(a: DataView, b: DataView, o: number): number {
  return Math.abs(ordered(a.getUint16(o, true), 0x8000) - ordered(b.getUint16(o, true), 0x8000));
}

function ulpF32(a: DataView, b: DataView, o: number): number {
  const x = a.getUint32(o, true);
  const y = b.getUint32(o, true);
  const ox = x >= 0x80000000 ? -(x - 0x80000000) : x;
  const oy = y >= 0x80000000 ? -(y - 0x80000000) : y;
  return Math.abs(ox - oy);
}

/** ULP distance of two f64s, exact below 2^53 (no BigInt: computed from the 32-bit halves). */
function ulpF64(a: DataView, b: DataView, o: number): number {
  const la = a.getUint32(o, true);
  const lb = b.getUint32(o, true);
  const ha = a.getUint32(o + 4, true);
  const hb = b.getUint32(o + 4, true);
  const sa = ha >= 0x80000000;
  const sb = hb >= 0x80000000;
  const ma = ha & 0x7fffffff;
  const mb = hb & 0x7fffffff;
  // Magnitudes are m*2^32 + l; same sign: |Ma - Mb|, opposite signs: Ma + Mb.
  const d = sa === sb ? (ma - mb) * 2 ** 32 + (la - lb) : (ma + mb) * 2 ** 32 + (la + lb);
  return Math.abs(d);
}

/** A float for the report: JSON-safe, f32 as its shortest round-tripping decimal. */
function floatValue(x: number, elem: 'f16' | 'f32' | 'f64'): ElemValue {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (elem === 'f32') return Number(shortestF32(x));
  return x;
}

/** The shortest decimal that reads back (through Math.fround) as the f32 x. */
export function shortestF32(x: number): string {
  if (x === 0 || !Number.isFinite(x)) return String(x);
  for (let p = 1; p <= 9; p++) {
    const s = x.toPrecision(p);
    if (Math.fround(Number(s)) === x) return String(Number(s));
  }
  return String(x);
}

// ---- Human-readable report -----------------------------------------------------------------

export interface FormatOptions {
  readonly color: boolean;
  /** Differing elements listed under the first divergence (default 5). */
  readonly show?: number;
  /** Names of the two sides (default 'actual' / 'expected'). */
  readonly labels?: { readonly actual: string; readonly expected: string };
}

type Style = Parameters<typeof styleText>[0];

/**
 * Renders a report for people:
 *
 *   copy #0 (after launch #0 'vecAdd', 50000 × f32): 0 of 50000 differ, max abs err 2.4e-7 at [118]
 *   copy #1 (after launch #1 'scale', 50000 × f32): 3 of 50000 differ, max abs err 1.5 at [42], ...
 *
 *   first divergence: copy #1, written by launch #1 of kernel 'scale'
 *     3 of 50000 f32 elements differ (tolerance |a-b| <= 1e-5 + 1e-4*|expected|)
 *     [42]  actual 3.5  expected 2  abs err 1.5
 *     ...
 *   FAIL: 1 of 2 copies differ; first divergence at launch #1 'scale'
 */
export function formatReport(report: DiffReport, opts: FormatOptions): string {
  const paint = (style: Style, s: string): string => (opts.color ? styleText(style, s) : s);
  const A = opts.labels?.actual ?? 'actual';
  const E = opts.labels?.expected ?? 'expected';
  const show = opts.show ?? 5;
  const out: string[] = [];

  for (const w of report.warnings) out.push(paint('yellow', `warning: ${w}`));
  for (const c of report.copies) out.push(copyLine(c, A, E, paint));

  const fd = report.firstDivergence;
  const c = fd ? report.copies[fd.copy] : undefined;
  if (fd && c) {
    out.push('');
    const where = fd.launch < 0 || fd.kernel === null ? 'not written by any kernel launch' : `written by launch #${fd.launch} of kernel '${fd.kernel}'`;
    out.push(paint('red', paint('bold', `first divergence: copy #${fd.copy}, ${where}`)));
    switch (c.status) {
      case 'values': {
        out.push(`  ${c.differing} of ${c.count} ${c.elem} elements differ${toleranceText(c.elem, report.tolerance, E)}`);
        const rows = c.samples.slice(0, show).map((d) => [
          `[${d.index}]`,
          `${A} ${valueText(d.actual, c.elem)}`,
          `${E} ${valueText(d.expected, c.elem)}`,
          errText(d),
        ]);
        const widths = [0, 1, 2].map((k) => Math.max(...rows.map((r) => (r[k] ?? '').length)));
        for (const r of rows) out.push(`    ${r.map((s, k) => s.padEnd(widths[k] ?? 0)).join('  ').trimEnd()}`);
        if (c.differing > rows.length) out.push(`    ... ${c.differing - rows.length} more`);
        break;
      }
      case 'size':
        out.push(`  the copies have different sizes: ${A} ${c.actual?.bytes} bytes, ${E} ${c.expected?.bytes} bytes`);
        break;
      case 'missing':
      case 'extra':
        out.push(`  the ${A} program made ${report.copyCount.actual} device→host copies, the ${E} program ${report.copyCount.expected}`);
        break;
      case 'match':
        break;
    }
    for (const n of c.notes) out.push(`  note: ${n}`);
  }

  if (report.truncated.actual || report.truncated.expected) {
    const who = [report.truncated.actual ? A : '', report.truncated.expected ? E : ''].filter(Boolean).join(' and ');
    out.push(paint('yellow', `note: the ${who} trace ends in a cut-off line: the program may have crashed`));
  }
  const ex = report.exit;
  const exitText = `exit codes: ${A} ${ex.actual ?? 'none'}, ${E} ${ex.expected ?? 'none'}`;
  if (!ex.match) out.push(paint('red', `${exitText} (differ)`));

  const s = report.summary;
  const countText = report.copyCount.actual === report.copyCount.expected ? '' : ` (${A} made ${report.copyCount.actual}, ${E} ${report.copyCount.expected})`;
  if (report.ok) {
    out.push(paint('green', `OK: ${s.matching} of ${s.compared} copies match; ${exitText}`));
  } else if (fd) {
    out.push(paint('red', paint('bold', `FAIL: ${s.differing} of ${s.compared} copies differ${countText}; first divergence at copy #${fd.copy} (${describeLaunch(fd.launch, fd.kernel)})`)));
  } else {
    out.push(paint('red', paint('bold', `FAIL: all ${s.compared} copies match, but the ${exitText} differ`)));
  }
  return out.join('\n');
}

function copyLine(c: CopyReport, A: string, E: string, paint: (s: Style, t: string) => string): string {
  const after = c.launch < 0 || c.kernel === null ? 'no kernel wrote it' : `after launch #${c.launch} '${c.kernel}'`;
  const head = `copy #${c.copy}`;
  switch (c.status) {
    case 'missing':
      return `${paint('red', head)} (${after}, ${c.expected?.bytes} bytes): ${paint('red', `missing from ${A}`)}`;
    case 'extra':
      return `${paint('red', head)} (${after}, ${c.actual?.bytes} bytes): ${paint('red', `only in ${A}, not in ${E}`)}`;
    case 'size':
      return `${paint('red', head)} (${after}, ${c.elem}): ${paint('red', `size differs: ${A} ${c.actual?.bytes} bytes, ${E} ${c.expected?.bytes} bytes`)}`;
    case 'match':
    case 'values': {
      const parts = [`${c.differing} of ${c.count} differ`];
      if (c.maxAbsErr) parts.push(`max abs err ${magText(c.maxAbsErr.value)} at [${c.maxAbsErr.index}]`);
      if (c.differing > 0 && c.maxRelErr) parts.push(`max rel err ${magText(c.maxRelErr.value)} at [${c.maxRelErr.index}]`);
      if (c.differing > 0 && c.maxUlp) parts.push(`max ulp ${magText(c.maxUlp.value)} at [${c.maxUlp.index}]`);
      const text = parts.join(', ');
      return `${c.ok ? head : paint('red', head)} (${after}, ${c.count} × ${c.elem}): ${c.ok ? text : paint('red', text)}`;
    }
  }
}

function toleranceText(elem: ElemType, t: ResolvedTolerance, E: string): string {
  if (isFloatElem(elem)) return ` (tolerance |a-b| <= ${t[elem].atol} + ${t[elem].rtol}*|${E}|)`;
  if (elem === 'bytes') return ' (compared byte-wise)';
  return t.int === 0 ? ' (compared exactly)' : ` (tolerance |a-b| <= ${t.int})`;
}

/** 2 significant digits (2.4e-7, 0.75, 1.5e+21 → 1.5e21); integers below 1e9 exactly. */
export function magText(v: Magnitude): string {
  if (v === 'Infinity') return 'inf';
  if (Number.isInteger(v) && Math.abs(v) < 1e9) return String(v);
  return String(Number(v.toPrecision(2))).replace('e+', 'e');
}

function valueText(v: ElemValue, elem: ElemType): string {
  if (elem === 'bytes' && typeof v === 'number') return `0x${v.toString(16).padStart(2, '0')}`;
  return String(v);
}

function errText(d: ElemDiff): string {
  return d.absErr === null ? '' : `abs err ${magText(d.absErr)}`;
}

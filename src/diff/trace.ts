// Reading run traces (docs/DESIGN.md, "Traces and diff").
//
// A traced run writes PREFIX.jsonl, one event per line:
//   {"event":"launch","seq":N,"kernel":"name","grid":[x,y,z],"block":[x,y,z],"shared":S}
//   {"event":"d2h","seq":N,"bytes":B,"offset":O,"elem":"f32","launch":L,"kernel":"name"}
//   {"event":"exit","code":C}
// and PREFIX.bin, holding the bytes of every device→host copy at the d2h event's `offset`.
//
// readTrace() is the boundary: it validates every field the comparison relies on, so that
// compare.ts can trust a Trace. What it tolerates, and why:
// - a last line that is cut off (no trailing newline, not valid JSON): a program that crashed
//   leaves one. The line is dropped and `truncated` is set;
// - events of an unknown kind: skipped with a warning, so that a newer runtime's traces still read;
// - `elem` in any case ('F32'), with or without a `CU2M_ELEM_` prefix, or as the number of the
//   cu2m_elem_type enum (native/include/cu2m/abi.h); a missing `elem` is 'bytes';
// - a d2h event with no writing launch: `launch` -1 (or missing) and `kernel` null, '' or missing.
// Anything else malformed is a TraceError naming the file and line.
//
// Traces can be far larger than memory (a program that copies big results back writes gigabytes;
// Node cannot even read a file over 2 GiB whole): PREFIX.jsonl is read line by line through a file
// descriptor, PREFIX.bin only has its size checked here, and the bytes of a copy are read in
// chunks when they are compared (openBin / readCopy).

import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** Element types of traced copies, as the runtime names them (cu2m_elem_type, lower case). */
export type ElemType = 'f32' | 'f64' | 'f16' | 'i8' | 'u8' | 'i16' | 'u16' | 'i32' | 'u32' | 'i64' | 'u64' | 'bytes';

/** In the order of the cu2m_elem_type enum (CU2M_ELEM_BYTES = 0, CU2M_ELEM_F32 = 1, ...). */
export const ELEM_TYPES: readonly ElemType[] = ['bytes', 'f32', 'f64', 'f16', 'i8', 'u8', 'i16', 'u16', 'i32', 'u32', 'i64', 'u64'];

/** Size in bytes of one element ('bytes' counts single bytes). */
export const ELEM_SIZE: Readonly<Record<ElemType, number>> = {
  bytes: 1, f32: 4, f64: 8, f16: 2, i8: 1, u8: 1, i16: 2, u16: 2, i32: 4, u32: 4, i64: 8, u64: 8,
};

export const isFloatElem = (e: ElemType): e is 'f16' | 'f32' | 'f64' => e === 'f16' || e === 'f32' || e === 'f64';

/** Parses an element type as a trace may spell it: 'f32', 'F32', 'CU2M_ELEM_F32' or 1. */
export function parseElemType(v: unknown): ElemType | undefined {
  if (typeof v === 'number') return Number.isInteger(v) ? ELEM_TYPES[v] : undefined;
  if (typeof v !== 'string') return undefined;
  const s = v.toLowerCase().replace(/^cu2m_elem_/, '');
  return (ELEM_TYPES as readonly string[]).includes(s) ? (s as ElemType) : undefined;
}

export type Dim3 = readonly [number, number, number];

interface EventBase {
  /** 1-based line of the event in PREFIX.jsonl. */
  readonly line: number;
}

export interface LaunchEvent extends EventBase {
  readonly event: 'launch';
  readonly seq: number;
  readonly kernel: string;
  readonly grid: Dim3;
  readonly block: Dim3;
  /** Dynamic shared memory bytes. */
  readonly shared: number;
}

export interface D2hEvent extends EventBase {
  readonly event: 'd2h';
  readonly seq: number;
  readonly bytes: number;
  readonly offset: number;
  readonly elem: ElemType;
  /** Seq of the last launch that had the source allocation as a writable argument; -1 when none. */
  readonly launch: number;
  /** That launch's kernel; null when no launch wrote the source. */
  readonly kernel: string | null;
  /** PREFIX.bin, which holds the copied bytes at `offset` (read them with openBin or readCopy). */
  readonly bin: string;
}

export interface ExitEvent extends EventBase {
  readonly event: 'exit';
  /** Exit status; null when the runtime wrote the event without a known code. */
  readonly code: number | null;
}

export type TraceEvent = LaunchEvent | D2hEvent | ExitEvent;

export interface Trace {
  /** The prefix the trace was read from (PREFIX.jsonl, PREFIX.bin). */
  readonly prefix: string;
  /** All known events, in file order. */
  readonly events: readonly TraceEvent[];
  /** The d2h events, in file order: copy #i is copies[i]. */
  readonly copies: readonly D2hEvent[];
  readonly launches: readonly LaunchEvent[];
  /** The code of the (last) exit event; null when the trace has none (crash, or cut off). */
  readonly exitCode: number | null;
  /** The last line of PREFIX.jsonl was cut off and dropped. */
  readonly truncated: boolean;
  /** Things tolerated while reading (unknown event kinds, a dropped last line), for the user. */
  readonly warnings: readonly string[];
}

export type TraceErrorCode = 'TRACE_UNREADABLE' | 'TRACE_MALFORMED' | 'TRACE_SHORT_BIN';

/** A trace that cannot be read; `file` and, for line errors, `line` say where. */
export class TraceError extends Error {
  constructor(
    readonly code: TraceErrorCode,
    readonly file: string,
    readonly line: number | undefined,
    message: string,
  ) {
    super(line === undefined ? `${file}: ${message}` : `${file}:${line}: ${message}`);
    this.name = 'TraceError';
  }
}

type Json = Record<string, unknown>;

/** Reads PREFIX.jsonl and PREFIX.bin. Throws TraceError. */
export function readTrace(prefix: string): Trace {
  const jsonlPath = `${prefix}.jsonl`;
  const binPath = `${prefix}.bin`;

  const events: TraceEvent[] = [];
  const warnings: string[] = [];
  let truncated = false;
  const pending: D2hEvent[] = [];

  for (const { text, lineNo, unterminated } of jsonLines(jsonlPath)) {
    const raw = text.replace(/\r$/, '');
    if (raw.trim() === '') continue;
    let obj: unknown;
    try {
      obj = JSON.parse(raw);
    } catch (e) {
      if (unterminated) {
        truncated = true;
        warnings.push(`${jsonlPath}:${lineNo}: last line is cut off (the program may have crashed); ignored`);
        break;
      }
      throw new TraceError('TRACE_MALFORMED', jsonlPath, lineNo, `not valid JSON: ${(e as Error).message}`);
    }
    const bad = (what: string): never => {
      throw new TraceError('TRACE_MALFORMED', jsonlPath, lineNo, what);
    };
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) bad('expected a JSON object');
    const o = obj as Json;
    const kind = o['event'];
    if (typeof kind !== 'string') bad("missing \"event\"");
    switch (kind) {
      case 'launch':
        events.push({
          event: 'launch',
          line: lineNo,
          seq: int(o, 'seq', bad),
          kernel: str(o, 'kernel', bad),
          grid: dim3(o, 'grid', bad),
          block: dim3(o, 'block', bad),
          shared: int(o, 'shared', bad, 0),
        });
        break;
      case 'd2h': {
        const elem = o['elem'] === undefined ? 'bytes' : parseElemType(o['elem']);
        if (elem === undefined) bad(`d2h event: unknown "elem" ${JSON.stringify(o['elem'])}`);
        const k = o['kernel'];
        if (k !== undefined && k !== null && typeof k !== 'string') bad('d2h event: "kernel" must be a string');
        const launch = o['launch'] === undefined ? -1 : int(o, 'launch', bad, -1);
        const ev = {
          event: 'd2h' as const,
          line: lineNo,
          seq: int(o, 'seq', bad),
          bytes: int(o, 'bytes', bad, 0),
          offset: int(o, 'offset', bad, 0),
          elem: elem as ElemType,
          launch,
          kernel: typeof k === 'string' && k !== '' ? k : null,
          bin: binPath,
        };
        pending.push(ev);
        events.push(ev);
        break;
      }
      case 'exit': {
        const c = o['code'];
        if (c !== null && c !== undefined && !(typeof c === 'number' && Number.isInteger(c))) bad('exit event: "code" must be an integer');
        events.push({ event: 'exit', line: lineNo, code: typeof c === 'number' ? c : null });
        break;
      }
      default:
        warnings.push(`${jsonlPath}:${lineNo}: unknown event ${JSON.stringify(kind)}; ignored`);
    }
  }

  // The .bin is not read here, only checked to hold every copy.
  const binSize = pending.some((e) => e.bytes > 0) ? withFile(binPath, (fd) => fstatSync(fd).size) : 0;
  pending.forEach((ev, i) => {
    if (ev.bytes > 0 && ev.offset + ev.bytes > binSize) {
      throw new TraceError(
        'TRACE_SHORT_BIN',
        binPath,
        undefined,
        `${binSize} bytes long, but the d2h event at ${jsonlPath}:${ev.line} (seq ${ev.seq}, copy #${i}` +
          `${ev.kernel !== null ? ` after launch #${ev.launch} '${ev.kernel}'` : ''}) needs bytes [${ev.offset}, ${ev.offset + ev.bytes})`,
      );
    }
  });

  const copies = events.filter((e): e is D2hEvent => e.event === 'd2h');
  const launches = events.filter((e): e is LaunchEvent => e.event === 'launch');
  const exits = events.filter((e): e is ExitEvent => e.event === 'exit');
  return {
    prefix,
    events,
    copies,
    launches,
    exitCode: exits[exits.length - 1]?.code ?? null,
    truncated,
    warnings,
  };
}

// ---- Reading files in bounded memory -------------------------------------------------------

const unreadable = (path: string, e: unknown): TraceError => {
  const err = e as NodeJS.ErrnoException;
  return new TraceError('TRACE_UNREADABLE', path, undefined, err.code === 'ENOENT' ? 'no such file' : `cannot read: ${err.message}`);
};

function openOrThrow(path: string): number {
  try {
    return openSync(path, 'r');
  } catch (e) {
    throw unreadable(path, e);
  }
}

function withFile<T>(path: string, f: (fd: number) => T): T {
  const fd = openOrThrow(path);
  try {
    return f(fd);
  } finally {
    closeSync(fd);
  }
}

/** Reads exactly `length` bytes at `position` into `into` (from 0); TraceError when the file is shorter. */
function readFully(fd: number, path: string, into: Buffer, length: number, position: number): void {
  let done = 0;
  while (done < length) {
    let n: number;
    try {
      n = readSync(fd, into, done, length - done, position + done);
    } catch (e) {
      throw unreadable(path, e);
    }
    if (n === 0) throw new TraceError('TRACE_SHORT_BIN', path, undefined, `ends at byte ${position + done}, before byte ${position + length}`);
    done += n;
  }
}

/** Bytes read from PREFIX.jsonl at a time. */
const LINE_CHUNK = 1 << 20;

/**
 * The lines of a file, read through a descriptor LINE_CHUNK bytes at a time (split on bytes, so a
 * UTF-8 character is never cut). The text after the last '\n', if any, comes last with
 * `unterminated` set.
 */
function* jsonLines(path: string): Generator<{ text: string; lineNo: number; unterminated: boolean }> {
  const fd = openOrThrow(path);
  try {
    const chunk = Buffer.allocUnsafe(LINE_CHUNK);
    let carry: Buffer[] = [];
    let lineNo = 0;
    for (let position = 0; ; ) {
      let n: number;
      try {
        n = readSync(fd, chunk, 0, chunk.length, position);
      } catch (e) {
        throw unreadable(path, e);
      }
      if (n === 0) break;
      position += n;
      let start = 0;
      for (let nl = chunk.indexOf(10, 0); nl >= 0 && nl < n; nl = chunk.indexOf(10, start)) {
        const piece = chunk.subarray(start, nl);
        const line = carry.length ? Buffer.concat([...carry, piece]) : piece;
        carry = [];
        yield { text: line.toString('utf8'), lineNo: ++lineNo, unterminated: false };
        start = nl + 1;
      }
      if (start < n) carry.push(Buffer.from(chunk.subarray(start, n)));
    }
    if (carry.length) yield { text: Buffer.concat(carry).toString('utf8'), lineNo: ++lineNo, unterminated: true };
  } finally {
    closeSync(fd);
  }
}

/** An open PREFIX.bin: reads byte ranges of copies without loading the file. */
export interface BinReader {
  /** Bytes [start, start + length) of the copy, into `into` when given (a view of it is returned). */
  read(ev: D2hEvent, start: number, length: number, into?: Buffer): Buffer;
  close(): void;
}

export function openBin(path: string): BinReader {
  const fd = openOrThrow(path);
  return {
    read(ev, start, length, into) {
      if (start < 0 || length < 0 || start + length > ev.bytes) throw new RangeError(`bytes [${start}, ${start + length}) are outside the ${ev.bytes}-byte copy`);
      const buf = into && into.length >= length ? into : Buffer.alloc(length);
      readFully(fd, path, buf, length, ev.offset + start);
      return buf.subarray(0, length);
    },
    close: () => closeSync(fd),
  };
}

/** The bytes of a copy, or a range of them, in memory (for small copies; compare.ts reads in chunks). */
export function readCopy(ev: D2hEvent, start = 0, length = ev.bytes - start): Buffer {
  if (length === 0) return Buffer.alloc(0);
  const r = openBin(ev.bin);
  try {
    return r.read(ev, start, length);
  } finally {
    r.close();
  }
}

function int(o: Json, key: string, bad: (what: string) => never, min?: number): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) return bad(`${String(o['event'])} event: "${key}" must be an integer, got ${JSON.stringify(v)}`);
  if (min !== undefined && v < min) return bad(`${String(o['event'])} event: "${key}" must be >= ${min}, got ${v}`);
  return v;
}

function str(o: Json, key: string, bad: (what: string) => never): string {
  const v = o[key];
  if (typeof v !== 'string') return bad(`${String(o['event'])} event: "${key}" must be a string, got ${JSON.stringify(v)}`);
  return v;
}

function dim3(o: Json, key: string, bad: (what: string) => never): Dim3 {
  const v = o[key];
  if (!Array.isArray(v) || v.length !== 3 || !v.every((x) => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0)) {
    return bad(`${String(o['event'])} event: "${key}" must be [x, y, z], got ${JSON.stringify(v)}`);
  }
  return [v[0] as number, v[1] as number, v[2] as number];
}

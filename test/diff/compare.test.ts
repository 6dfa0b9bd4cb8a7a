// Trace reading and comparison (src/diff/): traces are written to a temp dir as the runtime writes
// them (native/runtime/trace.cpp: .bin bytes first, one JSON object per line) and read back.
import { strict as assert } from 'node:assert';
import { closeSync, mkdtempSync, openSync, rmSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { compareTraces, DEFAULT_TOLERANCE, formatReport, magText, shortestF32, type CopyReport } from '../../src/diff/compare';
import { readCopy, readTrace, TraceError, type Trace } from '../../src/diff/trace';

const dir = mkdtempSync(path.join(tmpdir(), 'cu2m-diff-'));
after(() => rmSync(dir, { recursive: true, force: true }));

// ---- Building traces -------------------------------------------------------------------------

interface Copy {
  readonly elem: string;
  readonly data: Buffer;
  /** Seq of the writing launch, as an index into `launches` (-1: none). */
  readonly launch: number;
}
interface Spec {
  readonly launches?: readonly string[];
  readonly copies: readonly Copy[];
  /** undefined: exit 0; null: no exit event. */
  readonly exit?: number | null;
}

const f32 = (...xs: number[]): Buffer => {
  const b = Buffer.alloc(xs.length * 4);
  xs.forEach((x, i) => b.writeFloatLE(x, i * 4));
  return b;
};
const f64 = (...xs: number[]): Buffer => {
  const b = Buffer.alloc(xs.length * 8);
  xs.forEach((x, i) => b.writeDoubleLE(x, i * 8));
  return b;
};
const i32 = (...xs: number[]): Buffer => {
  const b = Buffer.alloc(xs.length * 4);
  xs.forEach((x, i) => b.writeInt32LE(x, i * 4));
  return b;
};
const u64 = (...xs: bigint[]): Buffer => {
  const b = Buffer.alloc(xs.length * 8);
  xs.forEach((x, i) => b.writeBigUInt64LE(x, i * 8));
  return b;
};

/** The lines and bytes the runtime would write; all launches first, then the copies. */
function render(spec: Spec): { lines: string[]; bin: Buffer } {
  const lines: string[] = [];
  const launches = spec.launches ?? ['vecAdd'];
  let seq = 0;
  launches.forEach((k) => lines.push(JSON.stringify({ event: 'launch', seq: seq++, kernel: k, grid: [4, 1, 1], block: [256, 1, 1], shared: 0 })));
  const bins: Buffer[] = [];
  let offset = 0;
  for (const c of spec.copies) {
    const kernel = c.launch >= 0 ? launches[c.launch] : null;
    lines.push(JSON.stringify({ event: 'd2h', seq: seq++, bytes: c.data.length, offset, elem: c.elem, launch: c.launch, kernel }));
    bins.push(c.data);
    offset += c.data.length;
  }
  if (spec.exit !== null) lines.push(JSON.stringify({ event: 'exit', code: spec.exit ?? 0 }));
  return { lines, bin: Buffer.concat(bins) };
}

let counter = 0;
/** Writes PREFIX.jsonl / PREFIX.bin; returns PREFIX. */
function writeRaw(jsonl: string, bin: Buffer | null): string {
  const prefix = path.join(dir, `t${counter++}`);
  writeFileSync(`${prefix}.jsonl`, jsonl);
  if (bin) writeFileSync(`${prefix}.bin`, bin);
  return prefix;
}
function write(spec: Spec): string {
  const { lines, bin } = render(spec);
  return writeRaw(lines.map((l) => l + '\n').join(''), bin);
}
const trace = (spec: Spec): Trace => readTrace(write(spec));

/** Two launches, three copies: the usual shape of a test program. */
const program = (out: Buffer, overrides: Partial<Spec> = {}): Spec => ({
  launches: ['vecAdd', 'scale', 'histogram'],
  copies: [
    { elem: 'f32', data: f32(1, 2, 3), launch: 0 },
    { elem: 'f32', data: out, launch: 1 },
    { elem: 'i32', data: i32(7, 0, 9), launch: 2 },
  ],
  ...overrides,
});

const copyAt = (r: { copies: readonly CopyReport[] }, i: number): CopyReport => {
  const c = r.copies[i];
  assert.ok(c, `no copy #${i}`);
  return c;
};

// ---- readTrace ---------------------------------------------------------------------------------

describe('readTrace', () => {
  test('parses the three event kinds and slices the .bin per copy', () => {
    const t = trace(program(f32(4, 5, 6)));
    assert.deepEqual(
      t.events.map((e) => [e.event, e.line]),
      [['launch', 1], ['launch', 2], ['launch', 3], ['d2h', 4], ['d2h', 5], ['d2h', 6], ['exit', 7]],
    );
    assert.deepEqual(t.launches[1], { event: 'launch', line: 2, seq: 1, kernel: 'scale', grid: [4, 1, 1], block: [256, 1, 1], shared: 0 });
    const c1 = t.copies[1];
    assert.ok(c1);
    assert.equal(c1.seq, 4);
    assert.equal(c1.offset, 12);
    assert.equal(c1.bytes, 12);
    assert.equal(c1.elem, 'f32');
    assert.equal(c1.launch, 1);
    assert.equal(c1.kernel, 'scale');
    assert.deepEqual(readCopy(c1), f32(4, 5, 6));
    assert.deepEqual(readCopy(c1, 4, 4), f32(5));
    assert.equal(t.exitCode, 0);
    assert.equal(t.truncated, false);
    assert.deepEqual(t.warnings, []);
  });

  test('accepts upper-case element types, no writing launch, code null and unknown events', () => {
    const prefix = writeRaw(
      [
        '{"event":"d2h","seq":0,"bytes":4,"offset":0,"elem":"F32","launch":-1,"kernel":null}',
        '{"event":"alloc","seq":1}',
        '{"event":"d2h","seq":2,"bytes":4,"offset":4,"elem":"U8","launch":-1,"kernel":null}',
        '{"event":"exit","code":null}',
        '',
      ].join('\r\n'),
      Buffer.alloc(8),
    );
    const t = readTrace(prefix);
    assert.deepEqual(t.copies.map((c) => [c.elem, c.launch, c.kernel]), [['f32', -1, null], ['u8', -1, null]]);
    assert.equal(t.exitCode, null);
    assert.deepEqual(t.warnings, [`${prefix}.jsonl:2: unknown event "alloc"; ignored`]);
  });

  test('tolerates a cut-off last line', () => {
    const { lines, bin } = render(program(f32(4, 5, 6), { exit: null }));
    const cut = '{"event":"d2h","seq":6,"bytes":12,"off';
    const prefix = writeRaw(lines.map((l) => l + '\n').join('') + cut, bin);
    const t = readTrace(prefix);
    assert.equal(t.truncated, true);
    assert.equal(t.copies.length, 3);
    assert.equal(t.events.length, 6);
    assert.equal(t.exitCode, null);
    assert.deepEqual(t.warnings, [`${prefix}.jsonl:7: last line is cut off (the program may have crashed); ignored`]);
  });

  test('a complete last line without a newline is an event', () => {
    const { lines, bin } = render(program(f32(4, 5, 6), { exit: 3 }));
    const t = readTrace(writeRaw(lines.join('\n'), bin));
    assert.equal(t.truncated, false);
    assert.equal(t.exitCode, 3);
  });

  test('a malformed line elsewhere is an error with its line number', () => {
    const { lines, bin } = render(program(f32(4, 5, 6)));
    lines[3] = '{"event":"d2h","seq":3,';
    const prefix = writeRaw(lines.map((l) => l + '\n').join(''), bin);
    assert.throws(() => readTrace(prefix), (e: unknown) => {
      assert.ok(e instanceof TraceError);
      assert.equal(e.code, 'TRACE_MALFORMED');
      assert.equal(e.file, `${prefix}.jsonl`);
      assert.equal(e.line, 4);
      assert.match(e.message, new RegExp(`^${escape(prefix)}\\.jsonl:4: not valid JSON`));
      return true;
    });
  });

  test('a cut-off line that ends with a newline is malformed, not truncated', () => {
    const { lines, bin } = render(program(f32(4, 5, 6), { exit: null }));
    const prefix = writeRaw(lines.map((l) => l + '\n').join('') + '{"event":"ex\n', bin);
    assert.throws(() => readTrace(prefix), (e: unknown) => e instanceof TraceError && e.line === 7 && e.code === 'TRACE_MALFORMED');
  });

  test('bad fields are errors that name the field', () => {
    const prefix = writeRaw('{"event":"launch","seq":0,"kernel":"k","grid":[1,1,1],"block":[1,1,1],"shared":0}\n{"event":"d2h","seq":1,"bytes":-4,"offset":0,"elem":"f32","launch":0,"kernel":"k"}\n', Buffer.alloc(4));
    assert.throws(() => readTrace(prefix), { name: 'TraceError', message: `${prefix}.jsonl:2: d2h event: "bytes" must be >= 0, got -4` });
    const p2 = writeRaw('{"event":"d2h","seq":0,"bytes":4,"offset":0,"elem":"f128","launch":-1,"kernel":null}\n', Buffer.alloc(4));
    assert.throws(() => readTrace(p2), { message: `${p2}.jsonl:1: d2h event: unknown "elem" "f128"` });
  });

  test('a .bin too short for a copy is an error that names the event', () => {
    const { lines, bin } = render(program(f32(4, 5, 6)));
    const prefix = writeRaw(lines.map((l) => l + '\n').join(''), bin.subarray(0, 30)); // copy #2 needs [24, 36)
    assert.throws(() => readTrace(prefix), (e: unknown) => {
      assert.ok(e instanceof TraceError);
      assert.equal(e.code, 'TRACE_SHORT_BIN');
      assert.equal(e.file, `${prefix}.bin`);
      assert.equal(
        e.message,
        `${prefix}.bin: 30 bytes long, but the d2h event at ${prefix}.jsonl:6 (seq 5, copy #2 after launch #2 'histogram') needs bytes [24, 36)`,
      );
      return true;
    });
  });

  test('a missing .bin is an error when a copy has bytes, and a missing .jsonl always', () => {
    const { lines } = render(program(f32(4, 5, 6)));
    const prefix = writeRaw(lines.map((l) => l + '\n').join(''), null);
    assert.throws(() => readTrace(prefix), { name: 'TraceError', message: `${prefix}.bin: no such file` });
    assert.throws(() => readTrace(path.join(dir, 'nothing')), { message: `${path.join(dir, 'nothing')}.jsonl: no such file` });
    const empty = writeRaw('{"event":"exit","code":0}\n', null);
    assert.equal(readTrace(empty).exitCode, 0);
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// ---- compareTraces -----------------------------------------------------------------------------

describe('compareTraces', () => {
  test('identical traces are ok', () => {
    const spec = program(f32(4, 5, 6));
    const r = compareTraces(trace(spec), trace(spec), {});
    assert.equal(r.ok, true);
    assert.equal(r.firstDivergence, null);
    assert.deepEqual(r.copyCount, { actual: 3, expected: 3 });
    assert.deepEqual(r.exit, { actual: 0, expected: 0, match: true });
    assert.deepEqual(r.summary, { compared: 3, matching: 3, differing: 0 });
    assert.deepEqual(r.tolerance, DEFAULT_TOLERANCE);
    assert.deepEqual(copyAt(r, 1), {
      copy: 1,
      launch: 1,
      kernel: 'scale',
      elem: 'f32',
      count: 3,
      differing: 0,
      firstDiff: null,
      samples: [],
      maxAbsErr: { value: 0, index: 0 },
      maxRelErr: { value: 0, index: 0 },
      maxUlp: { value: 0, index: 0 },
      actual: { seq: 4, bytes: 12, elem: 'f32', launch: 1, kernel: 'scale' },
      expected: { seq: 4, bytes: 12, elem: 'f32', launch: 1, kernel: 'scale' },
      status: 'match',
      ok: true,
      notes: [],
    });
    assert.equal(copyAt(r, 2).maxUlp, null); // integers have no ULP
    assert.equal(
      formatReport(r, { color: false }),
      [
        "copy #0 (after launch #0 'vecAdd', 3 × f32): 0 of 3 differ, max abs err 0 at [0]",
        "copy #1 (after launch #1 'scale', 3 × f32): 0 of 3 differ, max abs err 0 at [0]",
        "copy #2 (after launch #2 'histogram', 3 × i32): 0 of 3 differ, max abs err 0 at [0]",
        'OK: 3 of 3 copies match; exit codes: actual 0, expected 0',
      ].join('\n'),
    );
  });

  test('one float beyond tolerance: the copy, index, values, launch and counts', () => {
    const r = compareTraces(trace(program(f32(1, 2, 3, 4.5, 5))), trace(program(f32(1, 2, 3, 4, 5))), {});
    assert.equal(r.ok, false);
    assert.deepEqual(r.firstDivergence, { copy: 1, kernel: 'scale', launch: 1, status: 'values' });
    assert.deepEqual(r.summary, { compared: 3, matching: 2, differing: 1 });
    const c = copyAt(r, 1);
    assert.equal(c.status, 'values');
    assert.equal(c.ok, false);
    assert.equal(c.count, 5);
    assert.equal(c.differing, 1);
    assert.deepEqual(c.firstDiff, { index: 3, actual: 4.5, expected: 4, absErr: 0.5 });
    assert.deepEqual(c.samples, [{ index: 3, actual: 4.5, expected: 4, absErr: 0.5 }]);
    assert.deepEqual(c.maxAbsErr, { value: 0.5, index: 3 });
    assert.deepEqual(c.maxRelErr, { value: 0.125, index: 3 });
    assert.deepEqual(c.maxUlp, { value: 0x100000, index: 3 }); // 4 = 0x40800000, 4.5 = 0x40900000
    assert.equal(copyAt(r, 0).ok, true);
    assert.equal(copyAt(r, 2).ok, true);
    assert.equal(
      formatReport(r, { color: false }),
      [
        "copy #0 (after launch #0 'vecAdd', 3 × f32): 0 of 3 differ, max abs err 0 at [0]",
        "copy #1 (after launch #1 'scale', 5 × f32): 1 of 5 differ, max abs err 0.5 at [3], max rel err 0.13 at [3], max ulp 1048576 at [3]",
        "copy #2 (after launch #2 'histogram', 3 × i32): 0 of 3 differ, max abs err 0 at [0]",
        '',
        "first divergence: copy #1, written by launch #1 of kernel 'scale'",
        '  1 of 5 f32 elements differ (tolerance |a-b| <= 0.00001 + 0.0001*|expected|)',
        '    [3]  actual 4.5  expected 4  abs err 0.5',
        "FAIL: 1 of 3 copies differ; first divergence at copy #1 (launch #1 'scale')",
      ].join('\n'),
    );
  });

  test('the first divergence is the earliest copy; samples are capped and in index order', () => {
    const a = program(f32(9, 9, 9, 9, 9, 9, 9), { copies: [{ elem: 'f32', data: f32(0, 1), launch: 0 }, { elem: 'f32', data: f32(9, 9, 9, 9, 9, 9, 9), launch: 1 }] });
    const e = program(f32(), { copies: [{ elem: 'f32', data: f32(0, 1.5), launch: 0 }, { elem: 'f32', data: f32(1, 2, 3, 4, 5, 6, 7), launch: 1 }] });
    const r = compareTraces(trace(a), trace(e), {}, { samples: 3 });
    assert.deepEqual(r.firstDivergence, { copy: 0, kernel: 'vecAdd', launch: 0, status: 'values' });
    const c = copyAt(r, 1);
    assert.equal(c.differing, 7);
    assert.deepEqual(c.samples.map((d) => d.index), [0, 1, 2]);
    assert.deepEqual(c.maxAbsErr, { value: 8, index: 0 });
    assert.deepEqual(c.maxRelErr, { value: 8, index: 0 });
    const text = formatReport(r, { color: false, show: 1 });
    assert.match(text, /^first divergence: copy #0, written by launch #0 of kernel 'vecAdd'\n {2}1 of 2 f32 elements differ .*\n {4}\[1\] {2}actual 1 {2}expected 1\.5 {2}abs err 0\.5\nFAIL/m);
    const more = formatReport(compareTraces(trace(e), trace(a), {}, { samples: 3 }), { color: false, show: 1 });
    assert.match(more, /\n {4}\[1\] {2}actual 1\.5 {2}expected 1 {2}abs err 0\.5\nFAIL/); // copy #0 again: 1 differs, nothing more

    assert.match(text, /FAIL: 2 of 2 copies differ; first divergence at copy #0 \(launch #0 'vecAdd'\)$/);
  });

  test('differences within tolerance are ok, and the statistics still say how far', () => {
    // rel 5e-5 < rtol 1e-4; near zero, 5e-6 < atol 1e-5.
    const r = compareTraces(trace(program(f32(1.00005, 5e-6, 3))), trace(program(f32(1, 0, 3))), {});
    assert.equal(r.ok, true);
    const c = copyAt(r, 1);
    assert.equal(c.differing, 0);
    assert.equal(c.maxAbsErr?.index, 0);
    assert.equal(c.maxAbsErr?.value, Math.fround(1.00005) - 1);
    assert.deepEqual(c.maxRelErr, { value: Math.fround(1.00005) - 1, index: 0 }); // element 1 has expected 0: left out
    assert.deepEqual(c.maxUlp, { value: f32(5e-6).readUInt32LE(0), index: 1 }); // 0 vs 5e-6: 0 is 0x00000000
    // The same data under a zero tolerance differs at both elements.
    const strict = compareTraces(trace(program(f32(1.00005, 5e-6, 3))), trace(program(f32(1, 0, 3))), { f32: { atol: 0, rtol: 0 } });
    assert.equal(strict.ok, false);
    assert.deepEqual(copyAt(strict, 1).samples.map((d) => [d.index, d.actual, d.expected]), [[0, 1.00005, 1], [1, 5e-6, 0]]);
    assert.deepEqual(strict.tolerance.f32, { atol: 0, rtol: 0 });
    assert.deepEqual(strict.tolerance.f64, DEFAULT_TOLERANCE.f64);
  });

  test('integers compare exactly unless given a tolerance', () => {
    const a = program(f32(4), { copies: [{ elem: 'i32', data: i32(1, 7, 3, -2), launch: 0 }] });
    const e = program(f32(4), { copies: [{ elem: 'i32', data: i32(1, 2, 3, -2), launch: 0 }] });
    const r = compareTraces(trace(a), trace(e), {});
    assert.equal(r.ok, false);
    const c = copyAt(r, 0);
    assert.equal(c.elem, 'i32');
    assert.equal(c.count, 4);
    assert.equal(c.differing, 1);
    assert.deepEqual(c.firstDiff, { index: 1, actual: 7, expected: 2, absErr: 5 });
    assert.deepEqual(c.maxAbsErr, { value: 5, index: 1 });
    assert.deepEqual(c.maxRelErr, { value: 2.5, index: 1 });
    assert.equal(c.maxUlp, null);
    assert.deepEqual(r.firstDivergence, { copy: 0, kernel: 'vecAdd', launch: 0, status: 'values' });
    assert.equal(compareTraces(trace(a), trace(e), { int: 5 }).ok, true);
    assert.equal(compareTraces(trace(a), trace(e), { int: 4 }).ok, false);
  });

  test('64-bit integers compare exactly and report decimal strings', () => {
    const max = 2n ** 64n - 1n;
    const a = program(f32(4), { copies: [{ elem: 'u64', data: u64(5n, max), launch: 0 }] });
    const e = program(f32(4), { copies: [{ elem: 'u64', data: u64(5n, max - 1n), launch: 0 }] });
    const c = copyAt(compareTraces(trace(a), trace(e), {}), 0);
    assert.equal(c.differing, 1);
    assert.deepEqual(c.firstDiff, { index: 1, actual: '18446744073709551615', expected: '18446744073709551614', absErr: 1 });
    assert.deepEqual(c.maxAbsErr, { value: 1, index: 1 });
    assert.equal(compareTraces(trace(a), trace(e), { int: 1 }).ok, true);
  });

  test('different byte counts are a size mismatch', () => {
    const r = compareTraces(trace(program(f32(1, 2, 3, 4, 5))), trace(program(f32(1, 2, 3, 4))), {});
    assert.equal(r.ok, false);
    const c = copyAt(r, 1);
    assert.equal(c.status, 'size');
    assert.equal(c.ok, false);
    assert.equal(c.count, 0);
    assert.equal(c.differing, 0);
    assert.equal(c.actual?.bytes, 20);
    assert.equal(c.expected?.bytes, 16);
    assert.deepEqual(c.notes, ['sizes differ: actual 20 bytes, expected 16 bytes']);
    assert.deepEqual(r.firstDivergence, { copy: 1, kernel: 'scale', launch: 1, status: 'size' });
    const text = formatReport(r, { color: false });
    assert.match(text, /^copy #1 \(after launch #1 'scale', f32\): size differs: actual 20 bytes, expected 16 bytes$/m);
    assert.match(text, /^ {2}the copies have different sizes: actual 20 bytes, expected 16 bytes$/m);
  });

  test('a different number of copies is a mismatch, on either side', () => {
    const three = program(f32(4, 5, 6));
    const two: Spec = { ...three, copies: three.copies.slice(0, 2) };
    const missing = compareTraces(trace(two), trace(three), {});
    assert.equal(missing.ok, false);
    assert.deepEqual(missing.copyCount, { actual: 2, expected: 3 });
    assert.deepEqual(missing.firstDivergence, { copy: 2, kernel: 'histogram', launch: 2, status: 'missing' });
    const m = copyAt(missing, 2);
    assert.equal(m.actual, null);
    assert.deepEqual(m.expected, { seq: 5, bytes: 12, elem: 'i32', launch: 2, kernel: 'histogram' });
    assert.deepEqual(missing.summary, { compared: 3, matching: 2, differing: 1 });
    assert.match(formatReport(missing, { color: false }), /^copy #2 \(after launch #2 'histogram', 12 bytes\): missing from actual$/m);
    assert.match(formatReport(missing, { color: false }), /FAIL: 1 of 3 copies differ \(actual made 2, expected 3\); first divergence at copy #2/);

    const extra = compareTraces(trace(three), trace(two), {});
    assert.equal(extra.ok, false);
    assert.deepEqual(extra.firstDivergence, { copy: 2, kernel: 'histogram', launch: 2, status: 'extra' });
    assert.equal(copyAt(extra, 2).expected, null);
  });

  test('NaN equals NaN, inf equals inf of the same sign, and nothing else', () => {
    const same = [NaN, Infinity, -Infinity, 0];
    const r = compareTraces(trace(program(f32(...same))), trace(program(f32(NaN, Infinity, -Infinity, -0))), {});
    assert.equal(r.ok, true);
    assert.deepEqual(copyAt(r, 1).maxAbsErr, { value: 0, index: 0 });
    assert.deepEqual(copyAt(r, 1).maxUlp, { value: 0, index: 1 }); // NaN pairs have no ULP distance

    const bad = compareTraces(trace(program(f32(NaN, 1, Infinity, 3e38, -Infinity))), trace(program(f32(1, NaN, 3e38, Infinity, Infinity))), {});
    const c = copyAt(bad, 1);
    assert.equal(c.differing, 5);
    assert.deepEqual(c.samples.map((d) => [d.actual, d.expected, d.absErr]), [
      ['NaN', 1, 'Infinity'],
      [1, 'NaN', 'Infinity'],
      ['Infinity', 3e38, 'Infinity'],
      [3e38, 'Infinity', 'Infinity'],
      ['-Infinity', 'Infinity', 'Infinity'],
    ]);
    assert.deepEqual(c.maxAbsErr, { value: 'Infinity', index: 0 });
    assert.deepEqual(c.maxRelErr, { value: 'Infinity', index: 0 });
    // The report survives JSON unchanged.
    assert.deepEqual(JSON.parse(JSON.stringify(bad)), bad);
  });

  test('f64 and f16 elements, type disagreements and whole-element fallbacks', () => {
    const one = (elem: string, data: Buffer): Spec => ({ launches: ['k'], copies: [{ elem, data, launch: 0 }] });
    const d = copyAt(compareTraces(trace(one('f64', f64(1 + 2 ** -52, 2))), trace(one('f64', f64(1, 2))), {}), 0);
    assert.equal(d.ok, true); // 2.2e-16 apart
    assert.deepEqual(d.maxUlp, { value: 1, index: 0 });

    const h = copyAt(compareTraces(trace(one('f16', Buffer.from([0x00, 0x3c, 0x00, 0x40]))), trace(one('f16', Buffer.from([0x01, 0x3c, 0x00, 0x42]))), {}), 0);
    assert.equal(h.count, 2);
    assert.equal(h.differing, 1); // 1 vs 1.0009765625 is within rtol 1e-2; 2 vs 3 is not
    assert.deepEqual(h.firstDiff, { index: 1, actual: 2, expected: 3, absErr: 1 });
    assert.deepEqual(h.maxUlp, { value: 0x200, index: 1 });

    const t = copyAt(compareTraces(trace(one('i32', i32(1, 2))), trace(one('F32', i32(1, 2))), {}), 0);
    assert.equal(t.elem, 'f32');
    assert.equal(t.ok, true);
    assert.deepEqual(t.notes, ['element types differ: actual i32, expected f32; compared as f32']);

    const odd = copyAt(compareTraces(trace(one('f32', Buffer.from([1, 2, 3, 4, 5, 6]))), trace(one('f32', Buffer.from([1, 2, 3, 4, 5, 7]))), {}), 0);
    assert.equal(odd.elem, 'bytes');
    assert.equal(odd.count, 6);
    assert.deepEqual(odd.firstDiff, { index: 5, actual: 6, expected: 7, absErr: null });
    assert.deepEqual(odd.notes, ['6 bytes is not a whole number of f32 elements; compared byte-wise']);
  });

  test('a copy no kernel wrote, and a copy attributed differently', () => {
    const a: Spec = { launches: ['k', 'j'], copies: [{ elem: 'u8', data: Buffer.from([1, 2]), launch: -1 }, { elem: 'f32', data: f32(1), launch: 1 }] };
    const e: Spec = { launches: ['k', 'j'], copies: [{ elem: 'u8', data: Buffer.from([1, 3]), launch: -1 }, { elem: 'f32', data: f32(1), launch: 0 }] };
    const r = compareTraces(trace(a), trace(e), {});
    assert.deepEqual(r.firstDivergence, { copy: 0, kernel: null, launch: -1, status: 'values' });
    assert.deepEqual(copyAt(r, 1).notes, ["the actual side attributes this copy to launch #1 'j'"]);
    const text = formatReport(r, { color: false });
    assert.match(text, /^copy #0 \(no kernel wrote it, 2 × u8\): 1 of 2 differ, max abs err 1 at \[1\], max rel err 0.33 at \[1\]$/m);
    assert.match(text, /^first divergence: copy #0, not written by any kernel launch$/m);
  });

  test('exit codes: a difference, or a missing exit event, fails the comparison', () => {
    const spec = program(f32(4, 5, 6));
    const r = compareTraces(trace({ ...spec, exit: 1 }), trace(spec), {});
    assert.equal(r.ok, false);
    assert.equal(r.firstDivergence, null);
    assert.deepEqual(r.exit, { actual: 1, expected: 0, match: false });
    const text = formatReport(r, { color: false, labels: { actual: 'msl-cpu', expected: 'cuda-cpu' } });
    assert.match(text, /^exit codes: msl-cpu 1, cuda-cpu 0 \(differ\)$/m);
    assert.match(text, /^FAIL: all 3 copies match, but the exit codes: msl-cpu 1, cuda-cpu 0 differ$/m);

    const crashed = compareTraces(trace({ ...spec, exit: null }), trace(spec), {});
    assert.deepEqual(crashed.exit, { actual: null, expected: 0, match: false });
    assert.equal(crashed.ok, false);
  });

  test('the report is plain JSON, and colour is off unless asked for', () => {
    const r = compareTraces(trace(program(f32(1, 2, 3, 4.5, 5))), trace(program(f32(1, 2, 3, 4, 5))), {});
    assert.deepEqual(JSON.parse(JSON.stringify(r)), r);
    assert.doesNotMatch(formatReport(r, { color: false }), /\x1b\[/); // eslint-disable-line no-control-regex
  });
});

describe('number formatting', () => {
  test('magText and shortestF32', () => {
    assert.deepEqual([2.4e-7, 0.125, 1.5e21, 160000, 0, 'Infinity' as const, 1e-5].map(magText), ['2.4e-7', '0.13', '1.5e21', '160000', '0', 'inf', '0.00001']);
    assert.equal(shortestF32(Math.fround(0.1)), '0.1');
    assert.equal(shortestF32(Math.fround(1.00005)), '1.00005');
    assert.equal(shortestF32(Math.fround(16777217)), '16777216');
  });
});

// ---- Large traces: bounded memory ------------------------------------------------------------

describe('large traces', () => {
  /** Deterministic data with what the statistics care about: leading zeros and NaNs, equal runs, differences. */
  const mixed = (): Spec => {
    const n = 1000;
    const fa = Buffer.alloc(n * 4);
    const fe = Buffer.alloc(n * 4);
    const ia = Buffer.alloc(n * 4);
    const ie = Buffer.alloc(n * 4);
    const ua = Buffer.alloc(n * 8);
    const ue = Buffer.alloc(n * 8);
    for (let i = 0; i < n; i++) {
      const v = i < 40 ? 0 : i < 50 ? NaN : Math.sin(i) * 100;
      fe.writeFloatLE(v, i * 4);
      fa.writeFloatLE(i % 97 === 0 ? v + 1 : i % 13 === 0 ? v * (1 + 1e-6) : v, i * 4);
      ie.writeInt32LE(i < 300 ? 0 : i * 7, i * 4);
      ia.writeInt32LE(i === 777 || i === 901 ? -5 : i < 300 ? 0 : i * 7, i * 4);
      ue.writeBigUInt64LE(BigInt(i) << 40n, i * 8);
      ua.writeBigUInt64LE(i === 640 ? 1n : BigInt(i) << 40n, i * 8);
    }
    const bytesE = Buffer.from(fe);
    const bytesA = Buffer.from(fa);
    return {
      launches: ['k'],
      copies: [
        { elem: 'f32', data: Buffer.concat([fa, fe]), launch: 0 },
        { elem: 'i32', data: Buffer.concat([ia, ie]), launch: 0 },
        { elem: 'u64', data: Buffer.concat([ua, ue]), launch: 0 },
        { elem: 'bytes', data: Buffer.concat([bytesA, bytesE]), launch: 0 },
      ],
    };
  };
  /** Splits each copy's data into its actual (first half) and expected (second half) sides. */
  const side = (spec: Spec, which: 0 | 1): Spec => ({
    ...spec,
    copies: spec.copies.map((c) => ({ ...c, data: c.data.subarray((which * c.data.length) / 2, ((which + 1) * c.data.length) / 2) })),
  });

  test('copies compared in chunks of any size report exactly what one pass reports', () => {
    const spec = mixed();
    const a = trace(side(spec, 0));
    const e = trace(side(spec, 1));
    const whole = compareTraces(a, e, {}, { chunkBytes: 1 << 30 });
    assert.equal(whole.ok, false);
    assert.ok(whole.copies.every((c) => c.differing > 0), 'every copy has differences');
    assert.deepEqual(copyAt(whole, 1).firstDiff, { index: 777, actual: -5, expected: 5439, absErr: 5444 });
    for (const chunkBytes of [1, 3, 8, 12, 64, 1000, 4096]) {
      assert.deepEqual(compareTraces(a, e, {}, { chunkBytes }), whole, `chunkBytes ${chunkBytes}`);
    }
    const same = compareTraces(e, e, {}, { chunkBytes: 16 });
    assert.deepEqual(same, compareTraces(e, e, {}, { chunkBytes: 1 << 30 }));
    assert.equal(same.ok, true);
    // statistics of identical data: the first element with a non-zero expected value and the first non-NaN
    assert.deepEqual(copyAt(same, 0).maxRelErr, { value: 0, index: 50 });
    assert.deepEqual(copyAt(same, 0).maxUlp, { value: 0, index: 0 });
    assert.deepEqual(copyAt(same, 1).maxRelErr, { value: 0, index: 300 });
  });

  test('the first differing element is found in a late chunk of a multi-chunk copy', () => {
    const n = 4096;
    const exp = f32(...Array.from({ length: n }, (_, i) => i));
    const act = Buffer.from(exp);
    act.writeFloatLE(-1, 3000 * 4);
    const r = compareTraces(trace({ copies: [{ elem: 'f32', data: act, launch: 0 }] }), trace({ copies: [{ elem: 'f32', data: exp, launch: 0 }] }), {}, { chunkBytes: 64 });
    assert.deepEqual(r.firstDivergence, { copy: 0, kernel: 'vecAdd', launch: 0, status: 'values' });
    assert.deepEqual(copyAt(r, 0).firstDiff, { index: 3000, actual: -1, expected: 3000, absErr: 3001 });
    assert.equal(copyAt(r, 0).differing, 1);
  });

  test('a .bin over 2 GiB is read in chunks, never whole', () => {
    // Sparse files: 2 GiB + 1 MiB of zeros, no disk space used. Copy #0 spans 2 GiB + 4 KiB from
    // offset 0; copy #1 lies past the 2 GiB mark and differs at element 5 in the actual trace.
    const big = 2 ** 31 + 4096;
    const at = 2 ** 31 + 65536;
    const size = 2 ** 31 + 2 ** 20;
    const lines = [
      { event: 'launch', seq: 0, kernel: 'fill', grid: [1, 1, 1], block: [1, 1, 1], shared: 0 },
      { event: 'd2h', seq: 1, bytes: big, offset: 0, elem: 'f32', launch: 0, kernel: 'fill' },
      { event: 'd2h', seq: 2, bytes: 64, offset: at, elem: 'f32', launch: 0, kernel: 'fill' },
      { event: 'exit', code: 0 },
    ];
    const make = (value: number): string => {
      const prefix = writeRaw(lines.map((l) => JSON.stringify(l) + '\n').join(''), null);
      writeFileSync(`${prefix}.bin`, '');
      truncateSync(`${prefix}.bin`, size);
      if (value !== 0) {
        const fd = openSync(`${prefix}.bin`, 'r+');
        writeSync(fd, f32(value), 0, 4, at + 5 * 4);
        closeSync(fd);
      }
      return prefix;
    };
    const actual = readTrace(make(2.5));
    const expected = readTrace(make(0));
    try {
      assert.equal(actual.copies[0]?.bytes, big);
      const r = compareTraces(actual, expected);
      assert.deepEqual(r.firstDivergence, { copy: 1, kernel: 'fill', launch: 0, status: 'values' });
      assert.equal(copyAt(r, 0).ok, true);
      assert.equal(copyAt(r, 0).count, big / 4);
      assert.deepEqual(copyAt(r, 1).firstDiff, { index: 5, actual: 2.5, expected: 0, absErr: 2.5 });
    } finally {
      rmSync(`${actual.prefix}.bin`);
      rmSync(`${expected.prefix}.bin`);
    }
  });
});

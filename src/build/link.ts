// Whole-program device code: the MSL of every .cu of a program as ONE Metal module (Metal compiles
// one source string per library, and the CPU backends load one module per program).
//
// Each unit's MSL is kept as translated, under a banner, with three link steps:
// - macros a unit #defines are #undef'd after it, so they do not leak into the next unit;
// - a top-level definition whose text another unit already emitted (a struct, constant or helper of
//   a header both .cu files include, a polyfill) is emitted once: the repeat becomes blank lines
//   (line mapping kept); identical text is the same entity, as C++'s one-definition rule requires;
// - a function a unit calls and only a LATER unit defines (CUDA: an `extern` prototype, which the
//   translator drops since the unit has no definition) gets forward declarations with the
//   definition's MSL signature(s), ahead of the unit's first function.
// `static` device functions of the same name in two files (fine for nvcc) are renamed in the file
// that has the static one; other different definitions of one name are reported by the compiler
// with their #line positions (see clashHint).
//
// The top-level scan is hand-written: the MSL is our own output (no templates, no raw strings), and
// a full C++ parse of it would only be needed to find where items end.

import { commentText } from '../translate/edits';
import { combineMslVersionNeeds, mslVersionHeaderLine, type MslVersionNeed } from '../translate/mslVersion';

export interface MslUnit {
  /** The .cu file (for banners). */
  readonly file: string;
  readonly msl: string;
  /** The MSL version the file's translation needs (its manifest's mslVersion). */
  readonly mslVersion?: MslVersionNeed;
}

interface Item {
  readonly start: number;
  readonly end: number;
  /** Function definition: its name and signature text (up to the body's `{`). */
  readonly fn?: { readonly name: string; readonly head: string; readonly kernel: boolean };
}

/** Top-level items of MSL text: declarations and definitions, without preprocessor lines and comments between them. */
export function topLevelItems(text: string): Item[] {
  const items: Item[] = [];
  let i = 0;
  const n = text.length;
  const skipTrivia = (): void => {
    for (;;) {
      while (i < n && /\s/.test(text[i]!)) i++;
      if (text.startsWith('//', i)) i = lineEnd(text, i);
      else if (text.startsWith('/*', i)) i = text.indexOf('*/', i + 2) < 0 ? n : text.indexOf('*/', i + 2) + 2;
      else if (text[i] === '#' && atLineStart(text, i)) i = directiveEnd(text, i);
      else return;
    }
  };
  for (;;) {
    skipTrivia();
    if (i >= n) break;
    const start = i;
    let depth = 0;
    let bodyAt = -1;
    let end = -1;
    while (i < n && end < 0) {
      const c = text[i]!;
      if (c === '"' || c === "'") i = literalEnd(text, i);
      else if (text.startsWith('//', i)) i = lineEnd(text, i);
      else if (text.startsWith('/*', i)) i = text.indexOf('*/', i + 2) < 0 ? n : text.indexOf('*/', i + 2) + 2;
      else if (c === '#' && atLineStart(text, i)) i = directiveEnd(text, i);
      else {
        if (c === '{' || c === '(' || c === '[') {
          if (c === '{' && depth === 0 && bodyAt < 0) bodyAt = i;
          depth++;
        } else if (c === '}' || c === ')' || c === ']') {
          depth--;
          // `CU2M_F64_MIXED(float) CU2M_F64_MIXED(int)` lines (the software double's operators, a
          // macro per type): an item of their own, which ends with the last invocation.
          if (c === ')' && depth === 0 && bodyAt < 0 && /^(CU2M_\w+\s*\([^;{}]*\)\s*)+$/.test(stripTrivia(text.slice(start, i + 1))) && !/^\s*CU2M_\w+\s*\(/.test(text.slice(i + 1))) end = i + 1;
          if (c === '}' && depth === 0 && bodyAt >= 0) {
            const head = text.slice(start, bodyAt);
            // A function or namespace body ends the item; `struct S {...};` continues to its `;`.
            if (isFunctionHead(head) || /^\s*namespace\b/.test(stripTrivia(head))) end = i + 1;
          }
        } else if (c === ';' && depth === 0) end = i + 1;
        i++;
      }
    }
    if (end < 0) end = n;
    const head = bodyAt >= 0 && bodyAt < end ? text.slice(start, bodyAt) : '';
    const fnHead = head && isFunctionHead(head) ? stripTrivia(head) : '';
    const name = fnHead ? functionName(fnHead) : null;
    items.push({ start, end, ...(name ? { fn: { name, head: fnHead, kernel: /^\s*(\[\[[^\]]*\]\]\s*)?kernel\b/.test(fnHead) } } : {}) });
    i = end;
  }
  return items;
}

const TYPE_HEAD = /^\s*(typedef|struct|union|enum|class|using)\b/;
function isFunctionHead(head: string): boolean {
  const h = stripTrivia(head);
  // (`x = f(...)` is an initialisation; `operator==(...)`, `operator<=(...)` are functions.)
  return !TYPE_HEAD.test(h) && /\)\s*(const\s*)?$/.test(h.replace(/\[\[[^\]]*\]\]\s*$/, '').trimEnd()) && !/=/.test(h.split('(')[0]!.replace(/\boperator\s*[^\w\s(]+$/, 'operator'));
}

function functionName(head: string): string | null {
  const open = head.indexOf('(');
  const before = head.slice(0, open).trimEnd();
  const op = /\boperator\s*(\S+)$/.exec(before);
  if (op) return `operator${op[1]}`;
  const m = /([A-Za-z_]\w*)$/.exec(before);
  return m ? m[1]! : null;
}

/** The text without comments and preprocessor lines, whitespace collapsed. */
function stripTrivia(s: string): string {
  return s
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/\/\/[^\n]*/g, ' ')
    .replace(/^[ \t]*#[^\n]*$/gm, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const atLineStart = (t: string, i: number): boolean => {
  for (let j = i - 1; j >= 0 && t[j] !== '\n'; j--) if (t[j] !== ' ' && t[j] !== '\t') return false;
  return true;
};
const lineEnd = (t: string, i: number): number => {
  const e = t.indexOf('\n', i);
  return e < 0 ? t.length : e;
};
/** End of a preprocessor directive, with backslash continuations. */
function directiveEnd(t: string, i: number): number {
  let e = lineEnd(t, i);
  while (e < t.length && t[e - 1] === '\\') e = lineEnd(t, e + 1);
  return e;
}
function literalEnd(t: string, i: number): number {
  const q = t[i];
  let j = i + 1;
  while (j < t.length && t[j] !== q && t[j] !== '\n') j += t[j] === '\\' ? 2 : 1;
  return j + 1;
}

const blankOut = (s: string): string => s.replace(/[^\n]/g, '');

/** Names of the macros a unit's MSL defines (to #undef after it). */
export function definedMacros(msl: string): string[] {
  const names = new Set<string>();
  for (const m of msl.matchAll(/^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)/gm)) names.add(m[1]!);
  return [...names];
}

const banner = (file: string): string => `// ==== ${commentText(file)} ${'='.repeat(Math.max(4, 90 - file.length))}`;

/** The program's one MSL module. A single unit is returned unchanged. */
export function combineMsl(units: readonly MslUnit[]): string {
  if (units.length === 1) return units[0]!.msl;
  const renamed = renameClashingStatics(units);
  const scanned = renamed.map((u) => ({ unit: u, items: topLevelItems(u.msl) }));
  const definedIn = scanned.map((s) => new Set(s.items.filter((x) => x.fn).map((x) => x.fn!.name)));
  const seen = new Map<string, string>(); // normalized item text → unit that emitted it
  const needs = combineMslVersionNeeds(units.map((u) => u.mslVersion));
  const parts: string[] = [
    `// Device code of ${units.length} CUDA files, linked into one Metal module by cu2metal:`,
    ...units.map((u) => `//   ${u.file}`),
    '// Each file follows under its banner; its macros are #undef\'d after it, definitions it shares',
    '// with an earlier file (same header) are emitted once.',
    ...(needs ? [mslVersionHeaderLine(needs)] : []),
    '',
  ];
  scanned.forEach(({ unit, items }, ui) => {
    // Forward declarations: functions this unit calls that only later units define.
    const forward: string[] = [];
    for (let later = ui + 1; later < scanned.length; later++) {
      for (const it of scanned[later]!.items) {
        if (!it.fn || it.fn.kernel || definedIn[ui]!.has(it.fn.name)) continue;
        const called = new RegExp(`(^|[^\\w.>])${escapeRe(it.fn.name)}\\s*\\(`, 'm').test(unit.msl);
        if (called) forward.push(`${it.fn.head}; // defined in ${scanned[later]!.unit.file}`);
      }
    }
    const firstFn = items.find((x) => x.fn);
    let out = '';
    let at = 0;
    let prevEnd = 0;
    for (const it of items) {
      const text = unit.msl.slice(it.start, it.end);
      const key = stripTrivia(text);
      const dup = seen.get(key);
      if (it === firstFn && forward.length > 0) {
        // Before the first function (and the comments above it), after the unit's own types: the
        // signatures can use them.
        let insertAt = unit.msl.lastIndexOf('\n', it.start - 1) + 1;
        // Above the comment lines that document the function, not between them and it.
        for (;;) {
          const prev = unit.msl.lastIndexOf('\n', insertAt - 2) + 1;
          if (insertAt === 0 || prev < prevEnd || !/^[ \t]*\/\//.test(unit.msl.slice(prev, insertAt))) break;
          insertAt = prev;
        }
        out += unit.msl.slice(at, insertAt);
        out += `// forward declarations: cu2metal links these from other .cu files\n${[...new Set(forward)].join('\n')}\n`;
        at = insertAt;
        // The inserted lines shift the mapping: restate where the next line comes from.
        out += lineMarkerFor(unit.msl, insertAt);
      }
      prevEnd = it.end;
      const ns = dup === undefined ? /^namespace\s+(\w+)\s*\{/.exec(key) : null;
      if (ns) {
        // `namespace cu2m_f64 { ... }` of each file (the software double's library, pruned to
        // what that file calls): a namespace reopens, so the items an earlier file's namespace of
        // that name already emitted become blank lines inside it.
        const open = text.indexOf('{');
        const close = text.lastIndexOf('}');
        const inner = text.slice(open + 1, close);
        let kept = '';
        let from = 0;
        for (const x of topLevelItems(inner)) {
          const innerText = inner.slice(x.start, x.end);
          const innerKey = `${ns[1]}::${stripTrivia(innerText)}`;
          if (seen.has(innerKey)) {
            kept += inner.slice(from, x.start) + blankOut(innerText);
            from = x.end;
          } else seen.set(innerKey, unit.file);
        }
        kept += inner.slice(from);
        out += unit.msl.slice(at, it.start) + text.slice(0, open + 1) + kept + text.slice(close);
        at = it.end;
        continue;
      }
      if (dup !== undefined && !/^(kernel\b|\[\[)/.test(key)) {
        out += unit.msl.slice(at, it.start) + blankOut(text);
        at = it.end;
      } else if (dup === undefined) seen.set(key, unit.file);
    }
    out += unit.msl.slice(at);
    parts.push(banner(unit.file), out.endsWith('\n') ? out : `${out}\n`);
    const macros = definedMacros(unit.msl);
    if (macros.length > 0) parts.push(`// end of ${unit.file}: its macros do not reach the next file`, ...macros.map((m) => `#undef ${m}`), '');
  });
  return parts.join('\n');
}

/**
 * `static` device functions are private to their file in CUDA, so two files may each define their
 * own `f`. In one Metal module they would clash: a file's static function whose name another file
 * defines differently is renamed in that file (definition and calls: `f(` not after `.`/`->`),
 * with a note under the file's banner. Identical definitions (one header) are merged instead.
 */
function renameClashingStatics(units: readonly MslUnit[]): MslUnit[] {
  const scanned = units.map((u) => topLevelItems(u.msl).filter((x) => x.fn && !x.fn.kernel));
  const textsOf = (ui: number, name: string): Set<string> =>
    new Set(scanned[ui]!.filter((x) => x.fn!.name === name).map((x) => stripTrivia(units[ui]!.msl.slice(x.start, x.end))));
  return units.map((u, ui) => {
    const statics = new Set(scanned[ui]!.filter((x) => /^static\b/.test(x.fn!.head)).map((x) => x.fn!.name));
    const clashing = [...statics].filter((name) => {
      if (!/^[A-Za-z_]\w*$/.test(name)) return false;
      const mine = textsOf(ui, name);
      return units.some((_, uj) => uj !== ui && [...textsOf(uj, name)].some((t) => !mine.has(t)));
    });
    if (clashing.length === 0) return u;
    const suffix = `_${u.file.replace(/^.*[\\/]/, '').replace(/\W/g, '_')}`;
    let msl = u.msl;
    for (const name of clashing) msl = msl.replace(new RegExp(`(^|[^\\w.>])${name}(?=\\s*\\()`, 'gm'), `$1${name}${suffix}`);
    const note = clashing.map((n) => `// static ${n}() of this file is ${n}${suffix}() here: another file defines its own ${n}()\n`).join('');
    return { file: u.file, msl: note + msl };
  });
}

/** `#line N "file"` for the line starting at `offset` of a unit's MSL, from the last #line before it. */
function lineMarkerFor(msl: string, offset: number): string {
  const before = msl.slice(0, offset);
  let last: RegExpExecArray | null = null;
  const re = /^[ \t]*#line[ \t]+(\d+)[ \t]+("(?:[^"\\]|\\.)*")[^\n]*\n/gm;
  for (let m = re.exec(before); m; m = re.exec(before)) last = m;
  if (!last) return '';
  const linesAfter = before.slice(last.index + last[0].length).split('\n').length - 1;
  return `#line ${Number(last[1]) + linesAfter} ${last[2]}\n`;
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A hint for a build failure of a multi-file module: a name clash, or a helper that needs built-ins. */
export function clashHint(output: string): string | null {
  const m = /redefinition of '([^']+)'/.exec(output);
  if (m) return `'${m[1]}' is defined differently in two .cu files; cu2metal compiles the device code of all .cu files as one Metal module (make one static, or rename it)`;
  const b = /no matching function for call to '([^']+)'[\s\S]*?requires[^\n]*argument[^\n]*'(threadIdx|blockIdx|blockDim|gridDim)'/.exec(output);
  if (b) return `'${b[1]}' uses ${b[2]}, which Metal passes as a parameter: a call from another .cu file cannot supply it; pass the value as an argument, or define the function in the calling file (or a header)`;
  return null;
}

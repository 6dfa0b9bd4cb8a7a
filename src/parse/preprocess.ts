// The C/C++ preprocessor as the translator sees the program (nvcc's device pass).
//
// Hand-written on purpose: the npm preprocessors we know of (e.g. the `c-preprocessor`/`cpp.js`
// family) produce fully expanded text without line structure and cannot be told which macro uses
// to expand; cu2metal needs the opposite: every output line maps back to a line of the user's files
// (LineMap), text that is not changed keeps its columns, and only some macros are expanded in place
// while the others stay readable `#define`s in the MSL. Host code is compiled later by clang++ from
// this same text, so every change here keeps the program equivalent for the real preprocessor.
//
// What it does, line by line:
// - `#if/#ifdef/#ifndef/#elif/#else/#endif` are evaluated with the program's macros, -D/-U and the
//   predefined macros of nvcc (PREDEFINED); the directive lines and the inactive branches become
//   empty lines (line numbers hold). A conditional that tests `__CUDA_ARCH__` differs between
//   nvcc's host and device passes: it stays in the text as written; the branch the device pass
//   takes (`__CUDA_ARCH__` = 800, as the MSL defines it) is preprocessed, the others are copied
//   verbatim for the host compiler.
// - `#include "x.h"` (the includer's folder, then -I) and `#include <x.h>` found in a -I folder are
//   inlined between `#line` directives; absolute paths work. Headers not found are system headers
//   and stay as written (a quoted one that is not a known system header is C2M1009).
// - `#define`/`#undef` stay in the text (the host compiler and the MSL need them) and update the
//   macro table. Macro uses are expanded in place only for macros the translator must see through
//   (`seeThrough`): types (`#define real float`), statement macros (`CHECK(x)` with `;` or braces
//   in the body), macros defined inside a function body, the CUDA/C header macros of
//   PREDEFINED that tree-sitter cannot parse (`__align__(n)`, `CUDART_CB`, `UINT32_C(x)`), macros
//   a caller-supplied predicate picks (CUDA syntax or calls the tables cannot rewrite as text), and
//   any macro whose body uses one of those. An expansion is written on the line where the use
//   starts; the lines the use spanned follow as empty lines.
// - `#pragma` between a `for/while/if (...)` header and its body (tree-sitter rejects it there) gets
//   braces around the body so the pragma stays where it was, in front of the inner statement.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { diag, type Diagnostic } from '../diagnostics/diagnostic';
import { PREDEFINED_MACROS as PREDEFINED } from '../translate/tables/predefinedMacros';
import { LineMap, displayName, type ColumnShift, type Expanded, type HostRegion } from './includes';
import { tolerantRewrites } from './tolerant';

// ---- tokens -------------------------------------------------------------------------------------

type Kind = 'id' | 'num' | 'str' | 'chr' | 'punct' | 'other';

interface Token {
  kind: Kind;
  text: string;
  /** Preceded by white space (or a comment / line break). */
  space: boolean;
  /** Offsets in the scanned text (source tokens only). */
  start: number;
  end: number;
  /** Macros this token came out of (Prosser's hide sets): not expanded again. */
  hide?: ReadonlySet<string>;
  /** Line breaks skipped before this token (source tokens only). */
  newlines?: number;
}

/** C++'s alternative spellings of operators ([lex.digraph]), which #if reads as the operators. */
const ALTERNATIVE_TOKENS: ReadonlyMap<string, string> = new Map([
  ['and', '&&'],
  ['or', '||'],
  ['not', '!'],
  ['not_eq', '!='],
  ['bitand', '&'],
  ['bitor', '|'],
  ['xor', '^'],
  ['compl', '~'],
]);

/** The rest of an identifier (sticky: matches at lastIndex, possibly nothing). */
const IDENTIFIER_REST = /[\w$]*/y;

const PUNCTS = ['%:%:', '...', '<<=', '>>=', '<=>', '->*', '::', '++', '--', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '->', '##', '.*', '<:', ':>', '<%', '%>', '%:'];
const PUNCTS_BY_FIRST = new Map<string, string[]>();
for (const p of PUNCTS) PUNCTS_BY_FIRST.set(p[0]!, [...(PUNCTS_BY_FIRST.get(p[0]!) ?? []), p]);

/**
 * Tokens of `text` (one logical line, or a run of lines when `multiline`): comments are white space,
 * line continuations are removed by the caller.
 */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let space = false;
  let newlines = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (c === '\n') {
      newlines++;
      space = true;
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
      space = true;
      i++;
      continue;
    }
    if (c === '\\' && text[i + 1] === '\n') {
      i += 2;
      newlines++;
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      while (i < n && text[i] !== '\n') i++;
      space = true;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const e = text.indexOf('*/', i + 2);
      const stop = e < 0 ? n : e + 2;
      for (let k = i; k < stop; k++) if (text[k] === '\n') newlines++;
      i = stop;
      space = true;
      continue;
    }
    const start = i;
    let kind: Kind;
    if (/[A-Za-z_$]/.test(c)) {
      IDENTIFIER_REST.lastIndex = i + 1;
      IDENTIFIER_REST.test(text);
      i = IDENTIFIER_REST.lastIndex;
      kind = 'id';
      // Encoding prefixes of string and character literals: u8"x", L'x', R"(...)".
      const q = text[i];
      if ((q === '"' || q === "'") && /^(u8|u|U|L|u8R|uR|UR|LR|R)$/.test(text.slice(start, i))) {
        if (text.slice(start, i).endsWith('R') && q === '"') {
          const open = text.indexOf('(', i);
          const delim = text.slice(i + 1, open);
          const close = text.indexOf(`)${delim}"`, open);
          i = close < 0 ? n : close + delim.length + 2;
          kind = 'str';
        } else {
          i = skipQuoted(text, i);
          kind = q === '"' ? 'str' : 'chr';
        }
      }
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      // pp-number: digits, letters, '.', digit separators, exponent signs.
      i++;
      while (i < n) {
        const d = text[i]!;
        if (/[eEpP]/.test(d) && /[+-]/.test(text[i + 1] ?? '')) i += 2;
        else if (/[\w.]/.test(d) || (d === "'" && /\w/.test(text[i + 1] ?? ''))) i++;
        else break;
      }
      kind = 'num';
    } else if (c === '"' || c === "'") {
      i = skipQuoted(text, i);
      kind = c === '"' ? 'str' : 'chr';
    } else {
      const p = PUNCTS_BY_FIRST.get(c)?.find((x) => text.startsWith(x, i));
      i += p ? p.length : 1;
      kind = /[!-/:-@[-`{-~]/.test(c) ? 'punct' : 'other';
    }
    out.push({ kind, text: text.slice(start, i), space, start, end: i, newlines });
    space = false;
    newlines = 0;
  }
  return out;
}

function skipQuoted(text: string, i: number): number {
  const q = text[i];
  i++;
  while (i < text.length && text[i] !== q && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
  return Math.min(i + 1, text.length);
}

/** Tokens back to text: spaces where the source had them and where tokens would otherwise fuse. */
export function untokenize(ts: readonly Token[]): string {
  let s = '';
  let prev: Token | undefined;
  for (const t of ts) {
    // `<<` `<` and `>>` `>` written together stay together: a launch's `<<<`/`>>>` (which the
    // tokens split; `<< <` is no launch for the grammar), or `A<B<C<int>>>` (the same tokens again).
    const chevrons = !t.space && ((prev?.text === '<<' && t.text === '<') || (prev?.text === '>>' && t.text === '>'));
    if (s.length > 0 && (t.space || (fuses(s[s.length - 1]!, t.text) && !chevrons))) s += ' ';
    s += t.text;
    prev = t;
  }
  return s;
}

/**
 * `#define CHECK(s) { CHECK((s), __FILE__, __LINE__); }` beside a function `CHECK`: the expansion
 * calls the function through the macro's own name, which cpp leaves alone (hide set) but the host
 * compiler, still seeing the #define, would expand again. Written `(CHECK)(...)`, a parenthesized
 * name is no macro invocation and still calls the function.
 */
function parenthesizeSelfCalls(ts: readonly Token[], macros: ReadonlyMap<string, Macro>): Token[] {
  const out: Token[] = [];
  ts.forEach((t, i) => {
    const self = t.kind === 'id' && t.hide?.has(t.text) && (macros.get(t.text)?.params ?? null) !== null && ts[i + 1]?.text === '(';
    if (!self) {
      out.push(t);
      return;
    }
    out.push({ ...t, kind: 'punct', text: '(' }, { ...t, space: false }, { ...t, kind: 'punct', text: ')', space: false });
  });
  return out;
}

function fuses(last: string, next: string): boolean {
  const a = /[\w$]/.test(last);
  const b = /[\w$]/.test(next[0] ?? '');
  if (a && (b || next[0] === '"' || next[0] === "'")) return true;
  if (a || b) return false;
  const joined = last + next;
  const p = PUNCTS.find((x) => joined.startsWith(x));
  return (p !== undefined && p.length > 1) || joined.startsWith('//') || joined.startsWith('/*');
}

// ---- macros ------------------------------------------------------------------------------------

export interface Macro {
  readonly name: string;
  /** null for an object-like macro. */
  readonly params: readonly string[] | null;
  readonly variadic: boolean;
  readonly body: readonly Token[];
  /** Where it is defined; null for predefined and -D macros. */
  readonly file: string | null;
  readonly line: number;
  /** Defined inside braces (a function body): the translator sees through it. */
  readonly inBlock: boolean;
  /** Predefined, from PREDEFINED: expanded in the text when `expand` is set. */
  readonly predefined?: { readonly expand: boolean };
  /** Defined inside a `__CUDA_ARCH__` conditional: what nvcc's host pass sees may differ. */
  readonly devicePassOnly?: boolean;
}

/** Platform macros of the machine running the host program (what clang++ predefines here). */
function platformMacros(): string[] {
  const out: string[] = [];
  if (process.platform === 'linux') out.push('__linux__ 1', '__linux 1', '__unix__ 1', '__unix 1', 'linux 1', 'unix 1');
  if (process.platform === 'darwin') out.push('__APPLE__ 1', '__MACH__ 1');
  if (process.arch === 'x64') out.push('__x86_64__ 1', '__x86_64 1', '__amd64__ 1', '__amd64 1');
  if (process.arch === 'arm64') out.push('__aarch64__ 1', '__arm64__ 1');
  return out;
}

/** Conditionals testing this macro differ between nvcc's host and device passes: left in the text. */
const DEVICE_PASS_MACRO = '__CUDA_ARCH__';
const DEVICE_PASS_VALUE = '800';

/** Quoted includes that are system headers when the program does not have a file of that name. */
const SYSTEM_HEADER = /^(cuda[\w]*\.h|cu[a-z]+(_\w+)?\.h|device_\w+\.h|vector_types\.h|driver_types\.h|helper_\w+\.h|thrust\/.*|cub\/.*|cooperative_groups(\/.*)?(\.h)?|nvToolsExt\.h|nvtx3\/.*|std\w*\.h|math\.h|assert\.h|string\.h|time\.h|limits\.h|float\.h|errno\.h|ctype\.h|signal\.h|unistd\.h|sys\/.*|pthread\.h|omp\.h|[a-z_]+)$/;

export interface PreprocessOptions {
  readonly includeDirs?: readonly string[];
  /** -D NAME[=VALUE] */
  readonly defines?: readonly string[];
  /** -U NAME */
  readonly undefines?: readonly string[];
  /**
   * Library headers cu2metal provides as CUDA source of its own (`<cub/cub.cuh>`: native/include/cub):
   * an angled include that no -I folder has and that `headers` matches is read from `dir`, and
   * translated like the program's own headers.
   */
  readonly provided?: { readonly headers: RegExp; readonly dir: string };
  /** Extra reasons to expand a user macro in place (e.g. its body calls something the tables cannot rewrite as text). */
  readonly seeThrough?: (m: Macro, bodyText: string) => boolean;
}

export interface Preprocessed extends Expanded {
  /** Names of the user macros expanded in place: their #defines are not for the MSL. */
  readonly seenThrough: ReadonlySet<string>;
  readonly diagnostics: Diagnostic[];
}

/** What processing a file adds to: output lines, line segments, sources, host regions, column shifts. */
interface Acc {
  readonly out: string[];
  readonly segments: Segment[];
  readonly sources: Map<string, string>;
  readonly hostRegions: HostRegion[];
  /** Output line (1-based, relative to `out`) → where expansions moved its columns. */
  readonly columns: Map<number, ColumnShift[]>;
}

interface Segment {
  start: number;
  file: string;
  fileLine: number;
}

/** One branch state of an open conditional. */
interface Cond {
  /** The enclosing region is processed. */
  readonly parentActive: boolean;
  /** This branch is processed. */
  active: boolean;
  /** Some branch was already taken. */
  taken: boolean;
  /** A `__CUDA_ARCH__` conditional: its directives stay in the text. */
  readonly kept: boolean;
  /** Inside a kept conditional's branch the device pass does not take: copied verbatim. */
  verbatim: boolean;
  readonly parentVerbatim: boolean;
  sawElse: boolean;
  readonly line: number;
  readonly file: string;
}

const TYPE_WORDS = /^(void|bool|char|short|int|long|float|double|signed|unsigned|const|volatile|half|size_t|ptrdiff_t|u?int(8|16|32|64)_t|u?char|u?short|u?int|u?long|u?longlong|uint|ushort|uchar|ulong|longlong|(u?char|u?short|u?int|u?long|u?longlong|float|double|half)[1-4]|\*|&)$/;

/** `#define real float`, `#define DTYPE unsigned int`: a macro that names a type. */
function isTypeMacro(m: Macro): boolean {
  return m.params === null && m.body.length > 0 && m.body.every((t) => TYPE_WORDS.test(t.text)) && m.body.some((t) => t.kind === 'id');
}

/**
 * `#define PASTE_2(a, b) a##b`: a macro that pastes its arguments into one token. The pasted name
 * (a type `uchar3`, a function `convert_uchar_sat`) is what the grammar and the translator must
 * see: `typedef PASTE(uchar, 3) T;` does not parse. A macro whose body uses one is then expanded too.
 */
function isPasteMacro(m: Macro): boolean {
  return m.params !== null && m.body.some((t) => t.text === '##') && m.body.every((t) => t.text === '##' || t.kind === 'id' || t.kind === 'num');
}

/** `CHECK(x) do {...} while (0)`, `{ ... }`, bodies with `;`: tree-sitter cannot parse a use without `;`. */
function isStatementMacro(m: Macro): boolean {
  const first = m.body[0]?.text;
  // `({ T _x = (x); ...; _x; })`, a GNU statement expression: an expression, which tree-sitter
  // cannot parse expanded but can as a call of the macro.
  if (first === '(' && m.body[1]?.text === '{' && m.body[m.body.length - 1]?.text === ')' && m.body[m.body.length - 2]?.text === '}') return false;
  return m.body.some((t) => t.text === ';' || t.text === '{' || t.text === '}') || first === 'if' || first === 'do' || first === 'for' || first === 'while' || first === 'return' || first === 'switch';
}

/** Words a declaration may start with that are not types: storage classes, function specifiers, CUDA's qualifiers. */
const SPECIFIER_WORDS = /^(inline|__inline|__inline__|static|extern|constexpr|__forceinline__|__noinline__|__host__|__device__|__global__|__managed__|__shared__|__constant__|__restrict__|__restrict|restrict|const|volatile)$/;

/**
 * `#define HOST __host__`, `#define FORCE_INLINE inline __attribute__((always_inline))`,
 * `#define RESTRICT __restrict__`: a macro of declaration specifiers and attributes. tree-sitter
 * reads an unknown name in front of a declaration as its type (`HOST int f()` is then a syntax
 * error), so such uses are expanded.
 */
function isSpecifierMacro(m: Macro): boolean {
  if (m.params !== null || m.body.length === 0) return false;
  let k = 0;
  let words = 0;
  while (k < m.body.length) {
    const t = m.body[k]!;
    if (t.text === '__attribute__' || t.text === '__declspec') {
      // the balanced parentheses that follow
      let depth = 0;
      k++;
      do {
        const x = m.body[k]?.text;
        if (x === undefined) return false;
        if (x === '(') depth++;
        else if (x === ')') depth--;
        k++;
      } while (depth > 0);
      words++;
      continue;
    }
    if (!SPECIFIER_WORDS.test(t.text)) return false;
    words++;
    k++;
  }
  return words > 0;
}

function parseDefine(rest: string, file: string | null, line: number, inBlock: boolean): Macro | null {
  const m = /^\s*([A-Za-z_$][\w$]*)(\()?/.exec(rest);
  if (!m) return null;
  const name = m[1]!;
  let params: string[] | null = null;
  let variadic = false;
  let bodyText: string;
  if (m[2]) {
    const close = rest.indexOf(')', m[0].length);
    if (close < 0) return null;
    params = rest
      .slice(m[0].length, close)
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== '');
    const last = params[params.length - 1];
    if (last?.endsWith('...')) {
      variadic = true;
      params[params.length - 1] = last === '...' ? '__VA_ARGS__' : last.slice(0, -3).trim();
    }
    bodyText = rest.slice(close + 1);
  } else bodyText = rest.slice(m[0].length);
  const body = tokenize(bodyText);
  if (body[0]) body[0] = { ...body[0], space: false };
  return { name, params, variadic, body, file, line, inBlock };
}

// ---- expression evaluation for #if -------------------------------------------------------------

class ExprError extends Error {}

/** Value of an integer constant expression (64-bit, signed or unsigned as C says). */
interface Val {
  v: bigint;
  unsigned: boolean;
}

const MASK = (1n << 64n) - 1n;
const norm = (x: Val): Val => ({ v: x.unsigned ? x.v & MASK : BigInt.asIntN(64, x.v), unsigned: x.unsigned });

function parseNumber(text: string): Val {
  const t = text.replace(/'/g, '');
  const m = /^(0[xX][0-9a-fA-F]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)([uUlLzZ]*)$/.exec(t);
  if (!m) throw new ExprError(`'${text}' is not an integer constant`);
  const digits = m[1]!;
  let v: bigint;
  if (/^0[bB]/.test(digits)) v = BigInt(digits);
  else if (/^0[xX]/.test(digits)) v = BigInt(digits);
  else if (digits.length > 1 && digits.startsWith('0')) v = BigInt(`0o${digits.slice(1)}`);
  else v = BigInt(digits);
  return norm({ v, unsigned: /[uU]/.test(m[2]!) || v > (1n << 63n) - 1n });
}

function charValue(text: string): Val {
  const body = text.replace(/^[uUL8]*'/, '').replace(/'$/, '');
  const esc: Record<string, number> = { n: 10, t: 9, r: 13, '0': 0, a: 7, b: 8, f: 12, v: 11, '\\': 92, "'": 39, '"': 34, '?': 63 };
  let v: number;
  if (body.startsWith('\\x')) v = parseInt(body.slice(2), 16);
  else if (/^\\[0-7]{1,3}$/.test(body)) v = parseInt(body.slice(1), 8);
  else if (body.startsWith('\\')) v = esc[body[1] ?? ''] ?? body.charCodeAt(1);
  else v = body.codePointAt(0) ?? 0;
  // Plain char is signed on x86-64.
  if (!/^[uUL]/.test(text) && v > 127 && v < 256) v -= 256;
  return { v: BigInt(v), unsigned: false };
}

/** Evaluates the tokens of a fully macro-expanded #if condition (precedence climbing). */
function evaluate(ts: readonly Token[]): bigint {
  let i = 0;
  const peek = (): string | undefined => ts[i]?.text;
  const expect = (s: string): void => {
    if (ts[i]?.text !== s) throw new ExprError(`expected '${s}'${ts[i] ? ` before '${ts[i]!.text}'` : ' at the end'}`);
    i++;
  };
  const BIN: Record<string, number> = { '*': 10, '/': 10, '%': 10, '+': 9, '-': 9, '<<': 8, '>>': 8, '<': 7, '>': 7, '<=': 7, '>=': 7, '==': 6, '!=': 6, '&': 5, '^': 4, '|': 3, '&&': 2, '||': 1 };
  const arith = (a: Val, b: Val): boolean => a.unsigned || b.unsigned;
  const apply = (op: string, a: Val, b: Val): Val => {
    const u = arith(a, b);
    const av = u ? a.v & MASK : a.v;
    const bv = u ? b.v & MASK : b.v;
    const bool = (x: boolean): Val => ({ v: x ? 1n : 0n, unsigned: false });
    switch (op) {
      case '*': return norm({ v: av * bv, unsigned: u });
      case '/':
      case '%':
        if (bv === 0n) throw new ExprError('division by zero in #if');
        return norm({ v: op === '/' ? av / bv : av % bv, unsigned: u });
      case '+': return norm({ v: av + bv, unsigned: u });
      case '-': return norm({ v: av - bv, unsigned: u });
      case '<<': return norm({ v: a.v << (b.v & 63n), unsigned: a.unsigned });
      case '>>': return norm({ v: (a.unsigned ? a.v & MASK : a.v) >> (b.v & 63n), unsigned: a.unsigned });
      case '<': return bool(av < bv);
      case '>': return bool(av > bv);
      case '<=': return bool(av <= bv);
      case '>=': return bool(av >= bv);
      case '==': return bool(av === bv);
      case '!=': return bool(av !== bv);
      case '&': return norm({ v: av & bv, unsigned: u });
      case '^': return norm({ v: av ^ bv, unsigned: u });
      case '|': return norm({ v: av | bv, unsigned: u });
      default: throw new ExprError(`operator '${op}'`);
    }
  };
  const unary = (): Val => {
    const t = ts[i];
    if (!t) throw new ExprError('expression ends too early');
    i++;
    switch (t.text) {
      case '(': {
        const v = cond();
        expect(')');
        return v;
      }
      case '!': return { v: unary().v === 0n ? 1n : 0n, unsigned: false };
      case '~': { const x = unary(); return norm({ v: ~x.v, unsigned: x.unsigned }); }
      case '-': { const x = unary(); return norm({ v: -x.v, unsigned: x.unsigned }); }
      case '+': return unary();
    }
    if (t.kind === 'num') return parseNumber(t.text);
    if (t.kind === 'chr') return charValue(t.text);
    if (t.kind === 'id') return { v: t.text === 'true' ? 1n : 0n, unsigned: false }; // identifiers left after expansion are 0
    throw new ExprError(`unexpected '${t.text}'`);
  };
  const binary = (min: number): Val => {
    let left = unary();
    for (;;) {
      const op = peek();
      const prec = op !== undefined ? BIN[op] : undefined;
      if (prec === undefined || prec < min) return left;
      i++;
      if (op === '&&' || op === '||') {
        const right = binary(prec + 1);
        const l = left.v !== 0n;
        const r = right.v !== 0n;
        left = { v: (op === '&&' ? l && r : l || r) ? 1n : 0n, unsigned: false };
      } else left = apply(op!, left, binary(prec + 1));
    }
  };
  const cond = (): Val => {
    const c = binary(1);
    if (peek() !== '?') {
      if (peek() === ',') {
        i++;
        return cond();
      }
      return c;
    }
    i++;
    const a = cond();
    expect(':');
    const b = cond();
    const u = a.unsigned || b.unsigned;
    return norm({ v: c.v !== 0n ? a.v : b.v, unsigned: u });
  };
  const v = cond();
  if (i < ts.length) throw new ExprError(`unexpected '${ts[i]!.text}'`);
  return v.v;
}

// ---- the preprocessor --------------------------------------------------------------------------

export class Preprocessor {
  readonly macros = new Map<string, Macro>();
  readonly diagnostics: Diagnostic[] = [];
  private readonly seen = new Set<string>();
  private readonly seeThroughMemo = new Map<Macro, boolean>();
  private readonly pragmaOnce = new Set<string>();
  private readonly includeDirs: string[];

  constructor(private readonly options: PreprocessOptions = {}) {
    this.includeDirs = (options.includeDirs ?? []).map((d) => path.resolve(d));
    for (const p of PREDEFINED) this.defineText(p.def, { expand: p.expand });
    for (const p of platformMacros()) this.defineText(p, { expand: false });
    for (const d of options.defines ?? []) {
      const eq = d.indexOf('=');
      this.defineText(eq < 0 ? `${d} 1` : `${d.slice(0, eq)} ${d.slice(eq + 1)}`, null);
      const m = this.macros.get(eq < 0 ? d : d.slice(0, eq));
      if (m) this.definedOnCommandLine.push(m);
    }
    for (const u of options.undefines ?? []) this.macros.delete(u);
  }

  private defineText(text: string, predefined: { expand: boolean } | null): void {
    const m = parseDefine(text, null, 0, false);
    if (m) this.macros.set(m.name, predefined ? { ...m, predefined } : m);
  }

  /**
   * `#define LOG MATHFN(log)` with `#define MATHFN(x) x` (or `x##f`): an alias of a function whose
   * name a macro builds; the translator must see the name it calls (HeCBench frna).
   */
  private isNameAlias(m: Macro): boolean {
    const b = m.body;
    if (m.params !== null || b.length !== 4 || b[0]!.kind !== 'id' || b[1]!.text !== '(' || b[2]!.kind !== 'id' || b[3]!.text !== ')') return false;
    const f = this.macros.get(b[0]!.text);
    return !!f && f.params?.length === 1 && f.body.length > 0 && f.body.length <= 3 && f.body.some((t) => t.text === f.params![0]) && f.body.every((t) => t.text === '##' || t.kind === 'id' || t.kind === 'num');
  }

  /** Should uses of this macro be expanded in the translator's text? */
  seeThrough(m: Macro, stack = new Set<string>()): boolean {
    const memo = this.seeThroughMemo.get(m);
    if (memo !== undefined) return memo;
    if (m.predefined) return m.predefined.expand;
    if (m.file === null) return isTypeMacro(m); // other -D values stay names (the MSL defines them)
    if (stack.has(m.name)) return false;
    stack.add(m.name);
    let r = m.body.length === 0 || isTypeMacro(m) || isSpecifierMacro(m) || isStatementMacro(m) || isPasteMacro(m) || (m.inBlock && m.params !== null) || this.isNameAlias(m) || (m.params?.length === 1 && m.body.length === 1 && m.body[0]!.text === m.params[0]) || (this.options.seeThrough?.(m, untokenize(m.body)) ?? false);
    if (!r) {
      for (const t of m.body) {
        const inner = t.kind === 'id' && t.text !== m.name ? this.macros.get(t.text) : undefined;
        if (inner && this.seeThrough(inner, stack)) {
          r = true;
          break;
        }
      }
    }
    stack.delete(m.name);
    this.seeThroughMemo.set(m, r);
    return r;
  }

  // ---- expansion (Prosser's algorithm with hide sets) ----

  /**
   * Expands `ts`. `pick` says which macros expand; `onMissing` is called when a function-like
   * macro's argument list runs past the tokens (the use is then left as written).
   */
  expand(ts: readonly Token[], pick: (m: Macro) => boolean, cond = false): Token[] {
    const out: Token[] = [];
    const input = [...ts];
    while (input.length > 0) {
      const t = input.shift()!;
      if (t.kind !== 'id') {
        out.push(t);
        continue;
      }
      if (cond && t.text === 'defined') {
        // Only reached for `defined` produced by a macro expansion (undefined behaviour; GCC evaluates it).
        out.push(...this.definedOp(input, t));
        continue;
      }
      const m = this.macros.get(t.text);
      if (!m || t.hide?.has(t.text) || !pick(m)) {
        out.push(t);
        continue;
      }
      if (m.params === null) {
        const hs = new Set(t.hide ?? []);
        hs.add(m.name);
        const body = this.substitute(m, [], hs, pick, cond);
        if (body[0]) body[0] = { ...body[0], space: t.space };
        input.unshift(...body);
        continue;
      }
      // Function-like: only when followed by '('.
      if (input[0]?.text !== '(') {
        out.push(t);
        continue;
      }
      const args = collectArgs(input, 0);
      if (!args) {
        out.push(t);
        continue;
      }
      input.splice(0, args.consumed);
      const hs = new Set<string>();
      for (const h of t.hide ?? []) if (args.close.hide?.has(h)) hs.add(h);
      hs.add(m.name);
      let list = args.args;
      if (m.params.length === 0 && list.length === 1 && list[0]!.length === 0) list = [];
      if (!m.variadic && list.length !== m.params.length) {
        throw new ExprError(`macro '${m.name}' takes ${m.params.length} argument(s), ${list.length} given`);
      }
      if (m.variadic) {
        const fixed = m.params.length - 1;
        if (list.length > fixed) {
          const rest = list.slice(fixed);
          const joined: Token[] = [];
          rest.forEach((a, k) => {
            if (k > 0) joined.push({ kind: 'punct', text: ',', space: false, start: 0, end: 0 });
            joined.push(...a);
          });
          list = [...list.slice(0, fixed), joined];
        } else while (list.length < m.params.length) list.push([]);
      }
      // A macro that pastes (or calls one that does) gets its arguments fully expanded, as the
      // real preprocessor does: `PASTE(BASE, N)` must paste N's value, not the name N.
      const body = this.substitute(m, list, hs, this.reachesPaste(m) ? () => true : pick, cond);
      if (body[0]) body[0] = { ...body[0], space: t.space };
      input.unshift(...body);
    }
    return out;
  }

  /** Does this function-like macro paste tokens, or call a macro that does (isPasteMacro)? */
  private reachesPaste(m: Macro, stack = new Set<string>()): boolean {
    if (isPasteMacro(m)) return true;
    if (stack.has(m.name)) return false;
    stack.add(m.name);
    const r = m.body.some((t) => {
      const inner = t.kind === 'id' && t.text !== m.name ? this.macros.get(t.text) : undefined;
      return inner !== undefined && inner.params !== null && this.reachesPaste(inner, stack);
    });
    stack.delete(m.name);
    return r;
  }

  private definedOp(input: Token[], at: Token): Token[] {
    let name: Token | undefined;
    if (input[0]?.text === '(') {
      name = input[1];
      if (input[2]?.text !== ')') throw new ExprError("'defined(' needs a name and ')'");
      input.splice(0, 3);
    } else name = input.shift();
    if (!name || name.kind !== 'id') throw new ExprError("'defined' needs a macro name");
    return [{ kind: 'num', text: this.macros.has(name.text) ? '1' : '0', space: at.space, start: 0, end: 0 }];
  }

  private substitute(m: Macro, args: Token[][], hs: ReadonlySet<string>, pick: (m: Macro) => boolean, cond: boolean): Token[] {
    const params = m.params ?? [];
    const idx = (t: Token | undefined): number => (t && t.kind === 'id' ? params.indexOf(t.text) : -1);
    const out: Token[] = [];
    const body = m.body;
    const expandedArgs = new Map<number, Token[]>();
    const expandedArg = (k: number): Token[] => {
      let e = expandedArgs.get(k);
      if (!e) expandedArgs.set(k, (e = this.expand(args[k] ?? [], pick, cond)));
      return e;
    };
    for (let i = 0; i < body.length; i++) {
      const t = body[i]!;
      if (t.text === '#' && m.params !== null && idx(body[i + 1]) >= 0) {
        out.push({ kind: 'str', text: stringify(args[idx(body[i + 1])] ?? []), space: t.space, start: 0, end: 0 });
        i++;
        continue;
      }
      if (t.text === '##' && out.length > 0) {
        const next = body[i + 1];
        if (!next) break;
        i++;
        const k = idx(next);
        let right: Token[];
        if (next.text === '#' && m.params !== null && idx(body[i + 1]) >= 0) {
          right = [{ kind: 'str', text: stringify(args[idx(body[i + 1])] ?? []), space: false, start: 0, end: 0 }];
          i++;
        } else right = k >= 0 ? [...(args[k] ?? [])] : [next];
        // GNU comma elision: `, ## __VA_ARGS__` with no variable arguments drops the comma.
        if (k >= 0 && m.variadic && k === params.length - 1 && right.length === 0 && out[out.length - 1]?.text === ',') {
          out.pop();
          continue;
        }
        if (right.length === 0) continue;
        const left = out.pop()!;
        const pasted = tokenize(left.text + right[0]!.text);
        const merged = pasted.length === 1 ? [{ ...pasted[0]!, space: left.space, start: 0, end: 0 }] : [left, right[0]!];
        out.push(...merged, ...right.slice(1));
        continue;
      }
      const k = idx(t);
      if (k >= 0) {
        const pasteNext = body[i + 1]?.text === '##';
        const a = pasteNext ? args[k] ?? [] : expandedArg(k);
        if (a.length > 0) out.push({ ...a[0]!, space: t.space }, ...a.slice(1));
        else if (pasteNext) {
          // Empty operand of ##: the right operand stands alone.
          i++;
          const next = body[i + 1];
          if (next) {
            const kk = idx(next);
            i++;
            if (kk >= 0) out.push(...(args[kk] ?? []));
            else out.push(next);
          }
        }
        continue;
      }
      out.push(t);
    }
    return out.map((t) => ({ ...t, hide: union(t.hide, hs) }));
  }

  // ---- files ----

  /** Preprocesses the main file; `text` is its content (LF line ends). */
  run(name: string, text: string): Preprocessed {
    const out: string[] = [];
    const segments: Segment[] = [];
    const sources = new Map<string, string>([[name, text]]);
    const hostRegions: HostRegion[] = [];
    const resolvedDir = path.dirname(path.resolve(name));
    const columns = new Map<number, ColumnShift[]>();
    this.processFile(name, text, resolvedDir, 0, { out, segments, sources, hostRegions, columns });
    const outer = hostRegions.filter((r) => !hostRegions.some((o) => o !== r && o.first <= r.first && r.last <= o.last));
    const seenThrough = new Set<string>();
    for (const m of this.definedInFiles) if (this.seeThrough(m)) seenThrough.add(m.name);
    // A -D type (`-Ddfloat=double`) is expanded where used too: its #define must not reach the MSL,
    // where `double` is no type (the header of src/translate/translate.ts leaves it out).
    for (const m of this.definedOnCommandLine) if (this.macros.get(m.name) === m && this.seeThrough(m)) seenThrough.add(m.name);
    return { text: out.join('\n') + (text.endsWith('\n') ? '\n' : ''), map: new LineMap(segments, columns), sources, hostRegions: outer, seenThrough, diagnostics: this.diagnostics };
  }

  private readonly definedInFiles: Macro[] = [];
  private readonly definedOnCommandLine: Macro[] = [];

  private error(file: string, line: number, column: number, message: string, code: 'C2M0001' | 'C2M1009' = 'C2M0001', endColumn?: number): void {
    this.diagnostics.push(diag(code, message, file, { line, column }, endColumn ? { line, column: endColumn } : undefined));
  }

  private resolveInclude(spec: string, angled: boolean, dir: string): string | null {
    const provided = angled && this.options.provided?.headers.test(spec) ? [this.options.provided.dir] : [];
    const dirs = path.isAbsolute(spec) ? [''] : angled ? [...this.includeDirs, ...provided] : [dir, ...this.includeDirs];
    for (const d of dirs) {
      const p = d === '' ? spec : path.join(d, spec);
      try {
        if (fs.statSync(p, { throwIfNoEntry: false })?.isFile()) return p; // (no exception to make for a missing file)
      } catch {
        // not there
      }
    }
    return null;
  }

  private processFile(file: string, text: string, dir: string, depth: number, acc: Acc): void {
    const { out, segments } = acc;
    const lines = text.replace(/\n$/, '').split('\n');
    const conds: Cond[] = [];
    const active = (): boolean => conds.every((c) => c.active);
    const verbatim = (): boolean => conds.some((c) => c.verbatim);
    const pendingIncludes = new Map<number, Acc>();
    const fileShifts = new Map<number, ColumnShift[]>(); // by line of this file
    segments.push({ start: out.length + 1, file, fileLine: 1 });
    const fileLines: string[] = []; // this file's output lines, before include expansion (index = line - 1)
    const includesAt = new Map<number, { header: string; headerName: string; directive: string }>();
    let inComment = false;
    let commentOpened = { line: 0, column: 0 }; // where the block comment inComment is in began
    // Open braces: 'ns' for `namespace x {` / `extern "C" {`, 'block' for the rest (function bodies...).
    const braces: ('ns' | 'block')[] = [];
    let i = 0;
    // Text lines of the current run (between directives), expanded together: a macro use may span lines.
    let runStart = -1;
    const flushRun = (end: number): void => {
      if (runStart < 0) return;
      const chunk = lines.slice(runStart, end).join('\n');
      const ts = tokenize(chunk);
      const expanded = this.expandText(chunk, file, runStart + 1, fileShifts, ts);
      const res = expanded.split('\n');
      for (let k = 0; k < end - runStart; k++) fileLines[runStart + k] = res[k] ?? '';
      ts.forEach((t, k) => {
        if (t.text === '{') {
          const p1 = ts[k - 1];
          const p2 = ts[k - 2];
          braces.push(p1?.kind === 'str' || p1?.text === 'namespace' || p2?.text === 'namespace' ? 'ns' : 'block');
        } else if (t.text === '}') braces.pop();
      });
      runStart = -1;
    };
    while (i < lines.length) {
      const line = lines[i]!;
      const startsInComment = inComment;
      const isDirective = !startsInComment && /^\s*#/.test(line);
      if (!isDirective) {
        inComment = commentStateAfter(line, inComment);
        if (inComment && !startsInComment) commentOpened = { line: i + 1, column: line.lastIndexOf('/*') + 1 };
        // A branch for nvcc's host pass (copied for the host compiler) is parsed too: the uses of
        // see-through macros defined outside any `__CUDA_ARCH__` conditional (the same for both
        // passes) are expanded there as well (`FLASHINFER_INLINE __nv_bfloat162 f(...)`).
        if (verbatim()) fileLines[i] = startsInComment ? line : this.expandText(line, file, i + 1, fileShifts, tokenize(line), (m) => !m.devicePassOnly && this.seeThrough(m));
        else if (!active()) fileLines[i] = '';
        else {
          if (runStart < 0) runStart = i;
          i++;
          continue;
        }
        i++;
        continue;
      }
      flushRun(i);
      // The logical directive line: continuations, and the rest of a block comment it opens.
      let j = i;
      while (lines[j]!.endsWith('\\') && j + 1 < lines.length) j++;
      let dirComment = commentStateAfter(lines.slice(i, j + 1).join('\n'), false);
      while (dirComment && j + 1 < lines.length) {
        j++;
        dirComment = commentStateAfter(lines[j]!, true);
      }
      if (dirComment) this.error(file, i + 1, Math.max(1, line.lastIndexOf('/*') + 1), 'unterminated /* comment: the file ends before its */');
      const raw = lines.slice(i, j + 1).join('\n');
      const span = j - i + 1;
      const logical = raw.replace(/\\\n/g, ' ').replace(/\/\*[\s\S]*?(\*\/|$)/g, ' ').replace(/\/\/.*$/gm, '');
      const dm = /^\s*#\s*([A-Za-z_]\w*)?\s*([\s\S]*)$/.exec(logical)!;
      const kw = dm[1] ?? '';
      const rest = dm[2]!.trim();
      const lineNo = i + 1;
      const column = line.indexOf('#') + 1;
      // Kept as written, without trailing white space: tree-sitter-cuda lets the value of
      // `#define F() ` (a space after an empty body) run on over the following lines.
      const keep = (): void => {
        for (let k = 0; k < span; k++) {
          const l = lines[i + k]!;
          fileLines[i + k] = /\\\s+$/.test(l) ? l : l.trimEnd();
        }
      };
      const blankAll = (): void => {
        for (let k = 0; k < span; k++) fileLines[i + k] = '';
      };
      const isCond = ['if', 'ifdef', 'ifndef', 'elif', 'else', 'endif', 'elifdef', 'elifndef'].includes(kw);
      const top = conds[conds.length - 1];
      if (isCond) {
        if (kw === 'if' || kw === 'ifdef' || kw === 'ifndef') {
          const parentActive = active();
          const parentVerbatim = verbatim();
          if (parentVerbatim || !parentActive) {
            conds.push({ parentActive, active: false, taken: true, kept: false, verbatim: parentVerbatim, parentVerbatim, sawElse: false, line: lineNo, file });
            if (parentVerbatim) keep();
            else blankAll();
          } else {
            const kept = mentionsDevicePass(kw, rest);
            const v = this.condition(kw, rest, file, lineNo, column, kept);
            conds.push({ parentActive, active: v, taken: v, kept, verbatim: kept && !v, parentVerbatim, sawElse: false, line: lineNo, file });
            if (kept) keep();
            else blankAll();
          }
        } else if (!top) {
          this.error(file, lineNo, column, `#${kw} without #if`);
          blankAll();
        } else if (kw === 'endif') {
          conds.pop();
          if (top.kept || top.parentVerbatim) keep();
          else blankAll();
        } else {
          if (top.sawElse) this.error(file, lineNo, column, `#${kw} after #else`);
          if (kw === 'else') top.sawElse = true;
          if (top.parentVerbatim) {
            keep();
          } else if (!top.parentActive) {
            blankAll();
          } else {
            let v = false;
            if (!top.taken) v = kw === 'else' ? true : this.condition(kw === 'elif' ? 'if' : kw === 'elifdef' ? 'ifdef' : 'ifndef', rest, file, lineNo, column, top.kept);
            top.active = v;
            top.taken ||= v;
            if (top.kept) {
              top.verbatim = !v;
              keep();
            } else blankAll();
          }
        }
        i = j + 1;
        continue;
      }
      if (verbatim()) {
        keep();
        i = j + 1;
        continue;
      }
      if (!active()) {
        blankAll();
        i = j + 1;
        continue;
      }
      switch (kw) {
        case 'define': {
          const m = parseDefine(rest, file, lineNo, braces.includes('block'));
          if (!m) this.error(file, lineNo, column, '#define needs a macro name');
          else {
            const dm = conds.some((c) => c.kept) ? { ...m, devicePassOnly: true } : m;
            this.macros.set(m.name, dm);
            this.definedInFiles.push(dm);
          }
          keep();
          break;
        }
        case 'undef': {
          const name = /^[A-Za-z_]\w*/.exec(rest)?.[0];
          if (name) this.macros.delete(name);
          keep();
          break;
        }
        case 'include':
        case 'include_next': {
          let spec = rest;
          if (!/^["<]/.test(spec)) spec = untokenize(this.expand(tokenize(spec), () => true)); // #include MACRO
          const im = /^"([^"]+)"|^<([^>]+)>/.exec(spec);
          if (!im) {
            this.error(file, lineNo, column, `#include expects "file" or <file>, found '${rest}'`);
            keep();
            break;
          }
          const angled = im[2] !== undefined;
          const target = this.resolveInclude((im[1] ?? im[2])!, angled, dir);
          if (!target) {
            if (!angled && !SYSTEM_HEADER.test(im[1]!)) {
              const col = line.indexOf('"') + 1;
              this.error(file, lineNo, col, `cannot find "${im[1]!}" next to the file or in the -I folders`, 'C2M1009', col + im[1]!.length + 2);
              blankAll();
            } else if (!angled) {
              // A system header written in quotes: the host compiler finds it in its own path.
              fileLines[i] = line.replace(`"${im[1]!}"`, `<${im[1]!}>`);
              for (let k = 1; k < span; k++) fileLines[i + k] = lines[i + k]!;
            } else keep();
            break;
          }
          if (depth > 64) {
            this.error(file, lineNo, column, '#include nested too deeply');
            blankAll();
            break;
          }
          const real = fs.realpathSync(target);
          if (this.pragmaOnce.has(real)) {
            fileLines[i] = `// ${line.trim()}: already included above`;
            for (let k = 1; k < span; k++) fileLines[i + k] = '';
            break;
          }
          includesAt.set(i, { header: target, headerName: displayName(target), directive: lines.slice(i, j + 1).join('\n').trim() });
          fileLines[i] = '';
          for (let k = 1; k < span; k++) fileLines[i + k] = '';
          break;
        }
        case 'pragma': {
          if (/^once\b/.test(rest)) {
            this.pragmaOnce.add(fs.realpathSync(path.resolve(dir, path.basename(file))));
            blankAll();
          } else keep();
          break;
        }
        case 'error':
          this.error(file, lineNo, column, `#error ${rest}`);
          keep();
          break;
        default:
          keep(); // #warning, #line, #ident, null directive, unknown: as written
      }
      // Includes are spliced in below, after the whole file is read (the line list must stay
      // aligned with the input while conditionals are tracked); but what a header defines must be
      // known to the lines after it, so the header is processed now.
      const inc = includesAt.get(i);
      if (inc) {
        const headerText = fs.readFileSync(inc.header, 'utf8').replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
        acc.sources.set(inc.headerName, headerText);
        const sub: Acc = { out: [], segments: [], sources: acc.sources, hostRegions: [], columns: new Map() };
        this.processFile(inc.headerName, headerText, path.dirname(inc.header), depth + 1, sub);
        pendingIncludes.set(i, sub);
      }
      i = j + 1;
    }
    flushRun(lines.length);
    // nvcc: "unterminated comment". Passed on, the rest of the file would vanish into the comment.
    if (inComment) this.error(file, commentOpened.line, Math.max(1, commentOpened.column), 'unterminated /* comment: the file ends before its */');
    for (const c of conds) this.error(c.file, c.line, 1, 'unterminated conditional directive (#if without #endif)');
    // Assemble: this file's lines with the headers spliced in after their #include lines.
    for (let k = 0; k < lines.length; k++) {
      const sub = pendingIncludes.get(k);
      const inc = includesAt.get(k);
      if (!sub || !inc) {
        out.push(fileLines[k] ?? '');
        const sh = fileShifts.get(k + 1);
        if (sh) acc.columns.set(out.length, sh);
        continue;
      }
      const meaningful = sub.out.some((l) => l.trim() !== '' && !l.startsWith('#line '));
      if (!meaningful) {
        out.push(`// ${inc.directive.split('\n')[0]}: nothing to include here`);
        continue;
      }
      const first = out.length + 1;
      // Included in the middle of a declaration or expression (`const char* files[] = {` then
      // `#include "filelist.txt"`): no #line lines around it, which the grammar cannot read there.
      // Only the host compiler's line numbers inside that file change; ours map through segments.
      const inline = midStatement(out) && !DEVICE_CODE.test(stripComments(sub.out.join('\n'))) && !sub.out.some((l) => /^\s*#/.test(l));
      if (!inline) out.push(`#line 1 ${JSON.stringify(inc.headerName)}`);
      const shift = out.length;
      for (const s of sub.segments) segments.push({ ...s, start: s.start + shift });
      for (const [l, sh] of sub.columns) acc.columns.set(l + shift, sh);
      for (const r of sub.hostRegions) acc.hostRegions.push({ ...r, first: r.first + shift, last: r.last + shift });
      out.push(...sub.out);
      const last = out.length;
      if (!DEVICE_CODE.test(stripComments(sub.out.join('\n')))) acc.hostRegions.push({ first, last, directive: inc.directive });
      if (inline) {
        segments.push({ start: out.length + 1, file, fileLine: k + 2 });
        continue;
      }
      out.push(`#line ${k + 2} ${JSON.stringify(file)}`);
      segments.push({ start: out.length + 1, file, fileLine: k + 2 });
    }
  }

  /** Value of an #if/#ifdef/#ifndef condition. `kept`: evaluated as nvcc's device pass (__CUDA_ARCH__ defined). */
  private condition(kw: string, rest: string, file: string, line: number, column: number, kept: boolean): boolean {
    if (kw === 'ifdef' || kw === 'ifndef') {
      const name = /^[A-Za-z_]\w*/.exec(rest)?.[0];
      if (!name) {
        this.error(file, line, column, `#${kw} needs a macro name`);
        return false;
      }
      const def = this.macros.has(name) || (kept && name === DEVICE_PASS_MACRO);
      return kw === 'ifdef' ? def : !def;
    }
    try {
      if (rest === '') throw new ExprError('#if with no expression');
      const withArch = kept ? new Map([[DEVICE_PASS_MACRO, parseDefine(`${DEVICE_PASS_MACRO} ${DEVICE_PASS_VALUE}`, null, 0, false)!]]) : null;
      if (withArch) for (const [k, v] of withArch) this.macros.set(k, v);
      try {
        // `defined X` and `__has_include(...)` are evaluated before macro expansion.
        const ts = tokenize(rest);
        const pre: Token[] = [];
        for (let k = 0; k < ts.length; k++) {
          const t = ts[k]!;
          if (t.text === 'defined') {
            const restTs = ts.slice(k + 1);
            const before = restTs.length;
            pre.push(...this.definedOp(restTs, t));
            k += before - restTs.length;
          } else if (t.text === '__has_include' || t.text === '__has_include_next') {
            const close = ts.findIndex((x, n) => n > k && x.text === ')');
            const inner = rest.slice(ts[k + 1]!.end, ts[close]!.start).trim();
            const im = /^"([^"]+)"$|^<([^>]+)>$/.exec(inner);
            const found = im ? this.resolveInclude((im[1] ?? im[2])!, im[2] !== undefined, path.dirname(path.resolve(file))) !== null || (im[2] !== undefined && /^(cuda\w*\.h|stdio\.h|stdlib\.h|math\.h|cmath|cstdio|cstdlib|stdint\.h|cstdint)$/.test(im[2])) : false;
            pre.push({ kind: 'num', text: found ? '1' : '0', space: true, start: 0, end: 0 });
            k = close;
          } else {
            // C++'s alternative tokens (`#if not defined(_OPENMP)`) are operators, not identifiers.
            const op = t.kind === 'id' ? ALTERNATIVE_TOKENS.get(t.text) : undefined;
            pre.push(op ? { ...t, kind: 'punct', text: op } : t);
          }
        }
        return evaluate(this.expand(pre, () => true, true)) !== 0n;
      } finally {
        if (withArch) this.macros.delete(DEVICE_PASS_MACRO);
      }
    } catch (e) {
      if (!(e instanceof ExprError)) throw e;
      this.error(file, line, column, `cannot evaluate '#${kw} ${rest}': ${e.message}`);
      return false;
    }
  }

  /**
   * Text lines between directives, with the uses of see-through macros expanded in place. Each
   * expansion goes on the line where its use starts; the line breaks inside the use follow it.
   */
  private expandText(chunk: string, file: string, firstLine: number, shifts: Map<number, ColumnShift[]>, ts: readonly Token[] = tokenize(chunk), pick = (m: Macro): boolean => this.seeThrough(m)): string {
    if (!ts.some((t) => t.kind === 'id' && this.macros.has(t.text))) return chunk;
    const columnIn = (text: string, at: number): number => at - text.lastIndexOf('\n', at - 1) - 1;
    const lineIn = (text: string, at: number): number => text.slice(0, at).split('\n').length - 1;
    const shift = (line: number, x: ColumnShift): void => {
      const l = firstLine + line;
      shifts.set(l, [...(shifts.get(l) ?? []), x]);
    };
    let out = '';
    let at = 0;
    for (let k = 0; k < ts.length; k++) {
      const t = ts[k]!;
      const m = t.kind === 'id' ? this.macros.get(t.text) : undefined;
      if (!m || !pick(m)) continue;
      let end = k + 1;
      if (m.params !== null) {
        if (ts[k + 1]?.text !== '(') continue;
        const args = collectArgs(ts.slice(k + 1), 0);
        if (!args) continue; // the argument list runs past a directive: left as written
        end = k + 1 + args.consumed;
      }
      let replacement: string;
      try {
        let tokens = this.expand(ts.slice(k, end), pick);
        // `#define ROUND ROUND_TEMP` used as `ROUND(a, b)`: the expansion ends in the name of a
        // function-like macro whose arguments follow the use; rescanning takes them in, as cpp does.
        for (;;) {
          const last = tokens[tokens.length - 1];
          const fm = last?.kind === 'id' && !last.hide?.has(last.text) ? this.macros.get(last.text) : undefined;
          if (!fm || fm.params === null || !pick(fm) || ts[end]?.text !== '(') break;
          const more = collectArgs(ts.slice(end), 0);
          if (!more) break;
          end += more.consumed;
          tokens = this.expand(ts.slice(k, end), pick);
        }
        replacement = untokenize(parenthesizeSelfCalls(tokens, this.macros));
      } catch (e) {
        if (!(e instanceof ExprError)) throw e;
        const line = firstLine + (chunk.slice(0, t.start).match(/\n/g)?.length ?? 0);
        this.error(file, line, t.start - chunk.lastIndexOf('\n', t.start - 1), e.message);
        continue;
      }
      const used = chunk.slice(t.start, ts[end - 1]!.end);
      const breaks = used.split('\n').length - 1;
      out += chunk.slice(at, t.start);
      const outStart = columnIn(out, out.length);
      const srcStart = columnIn(chunk, t.start);
      const srcEnd = columnIn(chunk, ts[end - 1]!.end);
      const useLine = lineIn(chunk, t.start);
      // Text after the use continues on its last line: at srcEnd there, at column 0 (or after
      // the expansion) here.
      shift(useLine, { outStart, outEnd: outStart + replacement.length, srcStart, srcEnd: breaks === 0 ? srcEnd : srcStart + replacement.length });
      if (breaks > 0) shift(useLine + breaks, { outStart: 0, outEnd: 0, srcStart: srcEnd, srcEnd });
      out += replacement + '\n'.repeat(breaks);
      at = ts[end - 1]!.end;
      k = end - 1;
    }
    return out + chunk.slice(at);
  }
}

/** The last code line of `out` (blank lines, comments and directives skipped) leaves a declaration or expression open: it ends with `{`, `,`, `(`, `=` or `[` and does not open a function, class or control statement. */
function midStatement(out: readonly string[]): boolean {
  for (let k = out.length - 1; k >= 0; k--) {
    const l = out[k]!.replace(/\/\/.*$/, '').trim();
    if (l === '' || l.startsWith('#')) continue;
    if (/[,(=[]$/.test(l)) return true;
    return /=\s*\{$/.test(l);
  }
  return false;
}

const DEVICE_CODE = /\b__(global|device|shared|constant)__\b/;
const stripComments = (t: string): string => t.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');

function union(a: ReadonlySet<string> | undefined, b: ReadonlySet<string>): ReadonlySet<string> {
  if (!a || a.size === 0) return b;
  const s = new Set(a);
  for (const x of b) s.add(x);
  return s;
}

function stringify(arg: readonly Token[]): string {
  const s = arg.map((t, k) => (k > 0 && t.space ? ' ' : '') + (t.kind === 'str' || t.kind === 'chr' ? t.text.replace(/[\\"]/g, (c) => `\\${c}`) : t.text)).join('');
  return `"${s}"`;
}

/** `ts[from]` is '(': the arguments up to the matching ')', split at top-level commas. */
function collectArgs(ts: readonly Token[], from: number): { args: Token[][]; consumed: number; close: Token } | null {
  const args: Token[][] = [[]];
  let depth = 0;
  for (let k = from; k < ts.length; k++) {
    const t = ts[k]!;
    if (t.text === '(') {
      depth++;
      if (depth === 1) continue;
    } else if (t.text === ')') {
      depth--;
      if (depth === 0) return { args, consumed: k - from + 1, close: t };
    } else if (t.text === ',' && depth === 1) {
      args.push([]);
      continue;
    }
    args[args.length - 1]!.push(t);
  }
  return null;
}

/** Is the end of `line` inside a block comment, given whether its start is? */
export function commentStateAfter(line: string, inComment: boolean): boolean {
  // Most lines: no comment to open (no '/') or none to close.
  if (inComment ? !line.includes('*/') : !line.includes('/')) return inComment;
  let i = 0;
  while (i < line.length) {
    if (inComment) {
      const e = line.indexOf('*/', i);
      if (e < 0) return true;
      inComment = false;
      i = e + 2;
      continue;
    }
    const c = line[i];
    if (c === '"' || c === "'") i = skipQuoted(line, i);
    else if (c === '/' && line[i + 1] === '/') return false;
    else if (c === '/' && line[i + 1] === '*') {
      inComment = true;
      i += 2;
    } else i++;
  }
  return inComment;
}

function mentionsDevicePass(kw: string, rest: string): boolean {
  return tokenize(rest).some((t) => t.text === DEVICE_PASS_MACRO) && (kw === 'if' || kw === 'ifdef' || kw === 'ifndef' || kw === 'elif');
}

/**
 * `for (...)` / `while (...)` / `if (...)` / `else` followed by a `#pragma` line and then the body:
 * tree-sitter cannot parse a directive there. The body gets braces (on the header's line and after
 * the statement's last token), which keeps the pragma in front of the statement it applies to.
 */
export function bracePragmaBodies(text: string): string {
  if (!/^\s*#\s*pragma\b/m.test(text)) return text;
  const lines = text.split('\n');
  const ts = tokenize(text);
  // Line of each token.
  const starts: number[] = [];
  for (let k = 0, line = 0, at = 0; k < ts.length; k++) {
    for (; at < ts[k]!.start; at++) if (text[at] === '\n') line++;
    starts.push(line);
  }
  const inserts: { at: number; text: string }[] = [];
  // The #pragma lines, found by one scan of the text (each candidate checked on its own line).
  const pragmaLines = new Set<number>();
  const candidates = /^[^\S\n]*#[^\S\n]*pragma\b/gm;
  let lineOfAt = 0;
  let lineStart = 0;
  for (let m = candidates.exec(text); m; m = candidates.exec(text)) {
    for (let nl = text.indexOf('\n', lineStart); nl >= 0 && nl < m.index; nl = text.indexOf('\n', lineStart)) {
      lineOfAt++;
      lineStart = nl + 1;
    }
    if (/^\s*#\s*pragma\b/.test(lines[lineOfAt] ?? '')) pragmaLines.add(lineOfAt);
  }
  const isPragmaLine = (n: number): boolean => pragmaLines.has(n);
  for (let k = 0; k < ts.length; k++) {
    const t = ts[k]!;
    if (isPragmaLine(starts[k]!)) continue;
    const header = t.text === 'else' || t.text === 'do' ? k : t.text === ')' ? headerStart(ts, k) : -1;
    if (header < 0) continue;
    // The next tokens on pragma lines, then the body.
    let s = k + 1;
    while (s < ts.length && isPragmaLine(starts[s]!)) s++;
    if (s === k + 1 || s >= ts.length) continue;
    const endTok = statementEnd(ts, s, (n) => isPragmaLine(starts[n]!));
    if (endTok < 0) continue;
    inserts.push({ at: t.end, text: ' {' }, { at: ts[endTok]!.end, text: ' }' });
  }
  if (inserts.length === 0) return text;
  inserts.sort((a, b) => b.at - a.at);
  let out = text;
  for (const ins of inserts) out = out.slice(0, ins.at) + ins.text + out.slice(ins.at);
  return out;
}

/** For the ')' at `k`: the index of `for`/`while`/`if` whose header it closes, else -1. */
function headerStart(ts: readonly Token[], k: number): number {
  let depth = 0;
  for (let j = k; j >= 0; j--) {
    if (ts[j]!.text === ')') depth++;
    else if (ts[j]!.text === '(') {
      depth--;
      if (depth === 0) return ['for', 'while', 'if', 'switch'].includes(ts[j - 1]?.text ?? '') ? j - 1 : -1;
    }
  }
  return -1;
}

/** Index of the last token of the statement that starts at `s`, or -1. */
function statementEnd(ts: readonly Token[], s: number, onPragma: (n: number) => boolean): number {
  while (s < ts.length && onPragma(s)) s++;
  const t = ts[s];
  if (!t) return -1;
  const balanced = (open: number, o: string, c: string): number => {
    let depth = 0;
    for (let j = open; j < ts.length; j++) {
      if (ts[j]!.text === o) depth++;
      else if (ts[j]!.text === c && --depth === 0) return j;
    }
    return -1;
  };
  if (t.text === '{') return balanced(s, '{', '}');
  if (['for', 'while', 'if', 'switch'].includes(t.text)) {
    const close = balanced(s + 1, '(', ')');
    if (close < 0) return -1;
    const body = statementEnd(ts, close + 1, onPragma);
    if (body < 0) return -1;
    if (t.text === 'if' && ts[body + 1]?.text === 'else') return statementEnd(ts, body + 2, onPragma);
    return body;
  }
  if (t.text === 'do') {
    const body = statementEnd(ts, s + 1, onPragma);
    if (body < 0) return -1;
    const close = balanced(body + 2, '(', ')');
    return close < 0 ? -1 : ts[close + 1]?.text === ';' ? close + 1 : close;
  }
  let depth = 0;
  for (let j = s; j < ts.length; j++) {
    const x = ts[j]!.text;
    if (x === '(' || x === '[' || x === '{') depth++;
    else if (x === ')' || x === ']' || x === '}') depth--;
    else if (x === ';' && depth === 0) return j;
    if (depth < 0) return -1;
  }
  return -1;
}

/** Preprocesses a .cu file for the translator (see the top of this file). */
export function preprocess(name: string, text: string, options: PreprocessOptions = {}): Preprocessed {
  const r = new Preprocessor(options).run(name, text);
  return { ...r, text: tolerantRewrites(bracePragmaBodies(r.text)) };
}

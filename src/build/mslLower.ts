// Lowering of translated MSL so that clang++ can compile it against our CPU emulation of
// <metal_stdlib> (native/cpu/msl/metal_stdlib). See docs/DESIGN.md, "Lowering MSL for clang".
//
// Constructs that Apple's compiler accepts and clang does not are rewritten in place:
//   (a) `threadgroup T x[N];` declared in a function body
//         → `static thread_local threadgroup T x[N] = {};`
//       (clang rejects address-space automatics; one copy per worker OS thread is one copy per
//       running threadgroup. `= {}` is needed because clang cannot run even a trivial default
//       constructor for an object of class type — atomic_int, a struct — in an address space,
//       while aggregate initialisation works.) At program scope a `threadgroup`/`device`
//       variable is an error, reported with Metal's wording, and so is a threadgroup variable in
//       a function that is not a kernel.
//   (b) vector constructor calls `float4(a, b, c, d)` → `cu2m_make<float4>(a, b, c, d)`.
//   (d) `constant T x = ...;` at program scope → `cu2m_program_constant T x = ...;` (OpenCL's
//       global space: the emulation's `constant` cannot hold program-scope variables).
//   (e) explicit instantiations of kernel templates lose their `[[host_name(...)]] [[kernel]]`.
//   (c) attribute names that are address-space macros in the emulation header:
//       `[[threadgroup(0)]]` → `[[cu2m_threadgroup(0)]]` (clang then ignores the attribute).
//   (f) the address space of a member function's `this` (`operator long3() const device`):
//       `device` → `__global`, `constant` → `__constant` (clang takes OpenCL keywords there).
//   (g) friend function declarations in a class become spaces (clang gives them a member's type;
//       the emulation compiles without access control).
// Nothing else changes and no line break is added or removed, so `#line` directives and clang's
// line numbers stay right (columns after a rewrite on the same line shift).
//
// Why a hand-written scanner and not tree-sitter: the C++/CUDA grammars we have do not know MSL's
// address-space qualifiers (`device const float* p`, `threadgroup float t[16]`), attribute
// placement after declarators (`[[buffer(0)]]`) or `kernel`, so they produce ERROR nodes exactly
// around the declarations this pass must recognise. The two rewrites only need tokens, brace
// kinds and statement starts, which a small scanner gets right.

export interface MslLowerError {
  line: number; // 1-based
  column: number; // 1-based
  message: string; // Metal's wording, without a file:line prefix
}

export interface MslLowerResult {
  code: string;
  errors: MslLowerError[];
}

type TokKind = 'ident' | 'number' | 'string' | 'char' | 'punct';

interface Tok {
  kind: TokKind;
  text: string;
  start: number; // offset in the source
  // The token is on a `#define` line (only vector constructors are rewritten there).
  inDefine: boolean;
}

const VECTOR_BASES = [
  'bool', 'char', 'uchar', 'short', 'ushort', 'int', 'uint', 'long', 'ulong', 'float', 'half', 'bfloat',
];
const VECTOR_TYPES = new Set<string>();
for (const base of VECTOR_BASES) {
  for (const n of [2, 3, 4]) {
    VECTOR_TYPES.add(`${base}${n}`);
    VECTOR_TYPES.add(`packed_${base}${n}`);
  }
}

// Three-character and two-character punctuators that matter for the scanner (`::`, `->` must not
// be split; the others are kept whole so that `:` and `>` checks are not fooled).
const PUNCT3 = ['<<=', '>>=', '...', '->*', '<=>'];
const PUNCT2 = ['::', '->', '++', '--', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '+=', '-=',
  '*=', '/=', '%=', '&=', '|=', '^=', '##', '.*'];

function isIdentStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || c === '$';
}
function isIdentChar(c: string): boolean {
  return isIdentStart(c) || (c >= '0' && c <= '9');
}
function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

/** Tokenizes C++ source, skipping comments and preprocessor lines other than `#define` bodies. */
function tokenize(src: string): Tok[] {
  const toks: Tok[] = [];
  const n = src.length;
  let i = 0;
  let atLineStart = true; // only whitespace/comments since the last newline
  let directive: 'none' | 'define' | 'other' = 'none';
  let defineNameSeen = false;
  while (i < n) {
    const c = src[i] as string;
    if (c === '\n') {
      atLineStart = true;
      directive = 'none';
      i++;
      continue;
    }
    if (c === '\\' && src[i + 1] === '\n') {
      i += 2; // line continuation: the directive (if any) goes on
      continue;
    }
    if (c === '\\' && src[i + 1] === '\r' && src[i + 2] === '\n') {
      i += 3;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
      i++;
      continue;
    }
    if (c === '/' && src[i + 1] === '/') {
      // A line comment ends at a newline not preceded by a continuation backslash.
      i += 2;
      while (i < n && src[i] !== '\n') {
        if (src[i] === '\\' && src[i + 1] === '\n') i += 2;
        else i++;
      }
      continue;
    }
    if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
      continue;
    }
    if (c === '#' && atLineStart) {
      // Preprocessor directive: read its name.
      let j = i + 1;
      while (j < n && (src[j] === ' ' || src[j] === '\t')) j++;
      let k = j;
      while (k < n && isIdentChar(src[k] as string)) k++;
      const name = src.slice(j, k);
      directive = name === 'define' ? 'define' : 'other';
      defineNameSeen = false;
      atLineStart = false;
      i = k;
      continue;
    }
    atLineStart = false;
    if (directive === 'other') {
      // Skip the rest of this directive, honouring comments, strings and continuations.
      i = c === '"' || c === '\'' ? skipQuoted(src, i) : i + 1;
      continue;
    }
    const inDefine = directive === 'define';
    const start = i;
    let kind: TokKind;
    if (isIdentStart(c)) {
      while (i < n && isIdentChar(src[i] as string)) i++;
      // Raw string and prefixed literals: R"x(...)x", u8"...", L'x'.
      const word = src.slice(start, i);
      if ((src[i] === '"' || src[i] === '\'') && /^(u8|u|U|L)?R?$/.test(word)) {
        if (word.endsWith('R') && src[i] === '"') i = skipRaw(src, i);
        else i = skipQuoted(src, i);
        kind = src[start + word.length] === '"' ? 'string' : 'char';
      } else {
        kind = 'ident';
      }
    } else if (isDigit(c) || (c === '.' && isDigit((src[i + 1] ?? '') as string))) {
      // pp-number, including digit separators (1'000) and exponents (1e+5, 0x1p-3).
      i++;
      while (i < n) {
        const d = src[i] as string;
        if ((d === 'e' || d === 'E' || d === 'p' || d === 'P') && (src[i + 1] === '+' || src[i + 1] === '-')) i += 2;
        else if (d === '\'' && isIdentChar((src[i + 1] ?? '') as string)) i += 2;
        else if (isIdentChar(d) || d === '.') i++;
        else break;
      }
      kind = 'number';
    } else if (c === '"' || c === '\'') {
      i = skipQuoted(src, i);
      kind = c === '"' ? 'string' : 'char';
    } else {
      const p3 = src.slice(i, i + 3);
      const p2 = src.slice(i, i + 2);
      if (PUNCT3.includes(p3)) i += 3;
      else if (PUNCT2.includes(p2)) i += 2;
      else i += 1;
      kind = 'punct';
    }
    const text = src.slice(start, i);
    if (inDefine && !defineNameSeen) {
      // The macro name (and a parameter list glued to it) is not part of the body.
      defineNameSeen = true;
      if (src[i] === '(') {
        const close = src.indexOf(')', i);
        i = close < 0 ? n : close + 1;
      }
      continue;
    }
    toks.push({ kind, text, start, inDefine });
  }
  return toks;
}

function skipQuoted(src: string, i: number): number {
  const q = src[i];
  i++;
  while (i < src.length) {
    const c = src[i];
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === q) return i + 1;
    if (c === '\n') return i; // unterminated: stop at the end of the line
    i++;
  }
  return i;
}

function skipRaw(src: string, i: number): number {
  // src[i] === '"'; R"delim( ... )delim"
  const open = src.indexOf('(', i);
  if (open < 0) return src.length;
  const delim = src.slice(i + 1, open);
  const end = src.indexOf(`)${delim}"`, open + 1);
  return end < 0 ? src.length : end + delim.length + 2;
}

type BraceKind = 'namespace' | 'type' | 'function' | 'init';

interface Insertion {
  at: number;
  text: string;
  replaceLength?: number;
}

/** Line and column (1-based) of an offset. */
function lineCol(src: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lastNl = -1;
  for (let i = 0; i < offset; i++) {
    if (src.charCodeAt(i) === 10) {
      line++;
      lastNl = i;
    }
  }
  return { line, column: offset - lastNl };
}

const STATEMENT_BOUNDARY = new Set([';', '{', '}']);
const THIS_SPACES = new Set(['device', 'constant', 'threadgroup', 'thread']);

/** Is the address space at t the qualifier of a member function's `this` (after its `)`, maybe after const)? */
function qualifiesThis(toks: readonly Tok[], t: number): boolean {
  let j = t - 1;
  while (j >= 0 && ((toks[j] as Tok).text === 'const' || (toks[j] as Tok).text === 'volatile')) j--;
  const after = toks[t + 1];
  return j >= 0 && (toks[j] as Tok).text === ')' && after !== undefined && ['{', ';', 'const', 'volatile', '='].includes(after.text);
}

const ATTRIBUTE_KEYWORDS = new Set(['threadgroup', 'device', 'constant', 'thread', 'kernel', 'vertex', 'fragment']);

/** Is toks[t] an attribute name directly inside `[[ ... ]]` (first, or after a comma)? */
function inAttribute(toks: Tok[], t: number): boolean {
  const prev = toks[t - 1];
  if (!prev) return false;
  if (prev.text === '[' && toks[t - 2]?.text === '[' && prev.start === (toks[t - 2] as Tok).start + 1) return true;
  if (prev.text !== ',') return false;
  // Walk back over the attribute list to `[[`, skipping balanced parentheses.
  let depth = 0;
  for (let i = t - 1; i > 0; i--) {
    const x = (toks[i] as Tok).text;
    if (x === ')') depth++;
    else if (x === '(') {
      if (depth === 0) return false;
      depth--;
    } else if (depth === 0 && (x === ';' || x === '{' || x === '}' || x === ']')) return false;
    else if (depth === 0 && x === '[') return toks[i - 1]?.text === '[';
  }
  return false;
}

/**
 * Lowers translated MSL for clang++ and the CPU emulation header. `fileName` names the source in
 * nothing but future diagnostics; errors carry 1-based line/column of the offending token.
 */
export function lowerMslForClang(msl: string, fileName: string): MslLowerResult {
  void fileName;
  const toks = tokenize(msl);
  const edits: Insertion[] = [];
  const errors: MslLowerError[] = [];
  const report = (offset: number, message: string): void => {
    const { line, column } = lineCol(msl, offset);
    errors.push({ line, column, message });
  };

  const braces: BraceKind[] = [];
  // Per brace: is it (inside) the body of a kernel function?
  const inKernel: boolean[] = [];
  // Paren/bracket depth inside the current brace level, stacked per brace.
  let parenDepth = 0;
  const parenStack: number[] = [];
  // Index of the first token of the current statement/declaration at the current brace level.
  let stmtStart = 0;
  // `typedef struct S {...} device *P;`: the declarators after a typedef's body name types, not variables.
  const typedefBodies: boolean[] = [];
  let typedefTail = false;

  const scopeKind = (): BraceKind => (braces.length === 0 ? 'namespace' : (braces[braces.length - 1] as BraceKind));

  for (let t = 0; t < toks.length; t++) {
    const tok = toks[t] as Tok;
    const prev = toks[t - 1];
    const next = toks[t + 1];

    if (!tok.inDefine && tok.kind === 'punct') {
      if (tok.text === '(' || tok.text === '[') parenDepth++;
      else if (tok.text === ')' || tok.text === ']') parenDepth = Math.max(0, parenDepth - 1);
      else if (tok.text === '{') {
        const outer = scopeKind();
        const kind = classifyBrace(toks, stmtStart, t, outer, parenDepth);
        const outerKernel = inKernel[inKernel.length - 1] ?? false;
        braces.push(kind);
        typedefBodies.push(toks[stmtStart]?.text === 'typedef');
        inKernel.push(outerKernel || (kind === 'function' && outer !== 'function' && declaresKernel(toks, stmtStart, t)));
        parenStack.push(parenDepth);
        parenDepth = 0;
        stmtStart = t + 1;
        continue;
      } else if (tok.text === '}') {
        braces.pop();
        typedefTail = typedefBodies.pop() ?? false;
        inKernel.pop();
        parenDepth = parenStack.pop() ?? 0;
        stmtStart = t + 1;
        continue;
      } else if (tok.text === ';' && parenDepth === 0) {
        stmtStart = t + 1;
        typedefTail = false;
        continue;
      }
    }

    if (tok.kind !== 'ident') continue;

    // (d) `template [[host_name("k_float_256")]] [[kernel]] decltype(k<float, 256>) k<float, 256>;`:
    // clang allows no attributes on an explicit instantiation; the host name is the glue's business
    // (src/build/glue.ts), so the attribute lists are dropped.
    if (tok.text === 'template' && !tok.inDefine && next?.text === '[' && toks[t + 2]?.text === '[') {
      let j = t + 1;
      while (toks[j]?.text === '[' && toks[j + 1]?.text === '[') {
        let depth = 0;
        for (; j < toks.length; j++) {
          const x = (toks[j] as Tok).text;
          if (x === '[' || x === '(') depth++;
          else if (x === ']' || x === ')') depth--;
          if (depth === 0) break;
        }
        j++;
      }
      const last = toks[j - 1] as Tok;
      edits.push({ at: (next as Tok).start, text: '', replaceLength: last.start + last.text.length - (next as Tok).start });
      t = j - 1; // past the (balanced) attribute lists
      continue;
    }

    // (c) `[[threadgroup(0)]]`: the attribute name is also the address-space macro of the
    // emulation header; rename it so that the attribute stays an (ignored) attribute.
    if (ATTRIBUTE_KEYWORDS.has(tok.text) && inAttribute(toks, t)) {
      edits.push({ at: tok.start, text: 'cu2m_' });
      continue;
    }

    // (b) vector constructors.
    if (VECTOR_TYPES.has(tok.text) && next && next.text === '(' && next.kind === 'punct') {
      const qualifier = prev && prev.kind === 'punct' ? prev.text : '';
      if (qualifier === '.' || qualifier === '->' || qualifier === '.*' || qualifier === '->*') continue;
      if (prev && prev.text === 'operator') continue; // a conversion function `operator long3() const`
      if (qualifier === '::') {
        // `metal::float4(` → `cu2m_make<metal::float4>(`; other qualifiers are left alone.
        const ns = toks[t - 2];
        const before = toks[t - 3];
        if (ns && ns.text === 'metal' && !(before && before.text === '::')) {
          edits.push({ at: ns.start, text: 'cu2m_make<' });
          edits.push({ at: tok.start + tok.text.length, text: '>' });
        }
        continue;
      }
      if (looksLikeDeclarator(msl, toks, t)) continue;
      edits.push({ at: tok.start, text: 'cu2m_make<' });
      edits.push({ at: tok.start + tok.text.length, text: '>' });
      continue;
    }

    // (f) the address space of `this` after a member function's parameters (`operator long3()
    // const device`, Metal's way to call a member on an object in that memory): clang takes
    // only OpenCL's keywords there, so `device` → `__global` (which also holds the emulation's
    // device and constant parts) and `constant` → `__constant` (a distinct overload, never the
    // better match); threadgroup and thread are already `__local` and `__private`.
    if (THIS_SPACES.has(tok.text) && qualifiesThis(toks, t)) {
      if (tok.text === 'device' || tok.text === 'constant') edits.push({ at: tok.start, text: tok.text === 'device' ? '__global' : '__constant', replaceLength: tok.text.length });
      continue;
    }

    // (g) `friend int operator/(int n, const Div v);` in a class: clang's C++ for OpenCL gives a
    // friend declaration the type of a member (with `this`'s address space), so the definition
    // outside the class "conflicts" with it. The declaration only grants access, and the emulation
    // compiles without access control (-fno-access-control, build.ts): it becomes spaces. A friend
    // defined in the class, and `friend class X;`, stay.
    if (tok.text === 'friend' && !tok.inDefine && scopeKind() === 'type' && parenDepth === 0) {
      let j = t + 1;
      let depth = 0;
      let sawParen = false;
      for (; j < toks.length; j++) {
        const x = (toks[j] as Tok).text;
        if (x === '(' || x === '[') {
          depth++;
          sawParen = true;
        } else if (x === ')' || x === ']') depth--;
        else if (depth === 0 && (x === ';' || x === '{' || x === '}')) break;
      }
      const end = toks[j];
      if (sawParen && end?.text === ';') {
        const from = toks[stmtStart]?.text === 'template' && !(toks[stmtStart] as Tok).inDefine ? (toks[stmtStart] as Tok).start : tok.start;
        const upto = end.start + 1;
        edits.push({ at: from, text: msl.slice(from, upto).replace(/[^\n]/g, ' '), replaceLength: upto - from });
        t = j - 1;
      }
      continue;
    }

    // (a) threadgroup declarations. Also `device` variables at program scope (same Metal rule).
    if (tok.inDefine) continue;
    if (tok.text !== 'threadgroup' && tok.text !== 'device' && tok.text !== 'constant') continue;
    if (parenDepth !== 0) continue; // parameter, cast, template argument list in parens...
    if (t !== stmtStart && !isDeclarationStart(toks, stmtStart, t)) continue;
    const decl = scanDeclaration(toks, t);
    const scope = scopeKind();
    if (tok.text === 'constant') {
      // (d) A program-scope `constant` variable: C++ for OpenCL wants it in OpenCL's global space
      // (the emulation's `constant` is a part of it that only pointers and references may use).
      // A static data member (`static constexpr constant int K = 3;`) is a program-scope variable too.
      const staticMember = scope === 'type' && toks.slice(stmtStart, t).some((x) => x.text === 'static');
      if ((scope === 'namespace' || staticMember) && !decl.isFunction && !decl.isPointerOrReference) edits.push({ at: tok.start, text: 'cu2m_program_constant', replaceLength: tok.text.length });
      continue;
    }
    if (scope === 'namespace') {
      if (decl.isFunction || typedefTail || toks[stmtStart]?.text === 'typedef') continue;
      report(tok.start, 'program scope variable must reside in constant address space');
      continue;
    }
    if (tok.text !== 'threadgroup') continue;
    if (scope !== 'function') continue; // struct members etc.: left to clang
    if (!decl.isFunction && !decl.isPointerOrReference && !(inKernel[inKernel.length - 1] ?? false)) {
      report(tok.start, 'threadgroup variables may only be declared in kernel functions');
      continue;
    }
    if (decl.isFunction || decl.isPointerOrReference) continue; // a thread-space pointer to threadgroup
    if (decl.initializerAt !== undefined) {
      report((toks[decl.initializerAt] as Tok).start, 'variables in the threadgroup address space cannot have an initializer');
      continue;
    }
    // The declaration's first token (a #define line between statements is not part of it).
    let f = stmtStart;
    while (f < t && (toks[f] as Tok).inDefine) f++;
    const lowered = lowerThreadgroupDeclaration(msl, toks, f, decl.declaratorEnds);
    if (lowered) edits.push(lowered);
    else report(tok.start, 'unsupported threadgroup declaration');
  }

  edits.sort((a, b) => a.at - b.at);
  let out = '';
  let pos = 0;
  for (const e of edits) {
    out += msl.slice(pos, e.at) + e.text;
    pos = e.at + (e.replaceLength ?? 0);
  }
  out += msl.slice(pos);
  return { code: globalAtomicOverloads(out), errors };
}

/**
 * A member qualified for device objects (`void push(T e) device`, lowered `__global` above) makes
 * `&this->top` a `__global` pointer, which the atomic helpers' `device` (`__global_device`)
 * parameters do not take in clang's model (Metal's own `device` this is plain device memory): each
 * atomic helper gets `__global` and `__generic` overloads that cast, on the helper's first line (lines kept).
 */
function globalAtomicOverloads(code: string): string {
  if (!/\)\s*(const\s+)?__global\s*\{/.test(code)) return code;
  return code.replace(/^inline ([\w ]+?) (atomic\w+)\(device ([\w ]+?)\* p((?:, [\w ]+? \w+)*)\) \{/gm, (line, ret: string, name: string, type: string, rest: string) => {
    const names = [...rest.matchAll(/ (\w+)(?=,|$)/g)].map((m) => m[1]).join(', ');
    const call = `${name}((device ${type}*)p${names ? `, ${names}` : ''})`;
    // (and a `__generic` one for the unqualified copy, whose `&top` a class template checks at its definition)
    return `inline ${ret} ${name}(device ${type}* p${rest}); inline ${ret} ${name}(__global ${type}* p${rest}) { return ${call}; } inline ${ret} ${name}(__generic ${type}* p${rest}) { return ${call}; } ${line}`;
  });
}

/**
 * `threadgroup T a[16], b;` → one reference per declarator into per-threadgroup storage:
 * `threadgroup T (&a)[16] = *(threadgroup T (*)[16])::cu2m_msl::threadgroup_static("cu2m_tg@N", ...);`
 * (C++ for OpenCL has no thread_local; see native/cpu/msl/cu2m_msl_support.cpp). The statement's
 * line breaks are kept at its end so that later lines do not move.
 */
function lowerThreadgroupDeclaration(msl: string, toks: Tok[], first: number, ends: number[]): Insertion | undefined {
  const last = ends[ends.length - 1];
  if (last === undefined) return undefined;
  // The first declarator's name: the last identifier before its first `[` (or its end).
  const firstEnd = ends[0] as number;
  let bracket = firstEnd;
  for (let i = first; i < firstEnd; i++) if ((toks[i] as Tok).text === '[') { bracket = i; break; }
  const nameAt = bracket - 1;
  if (nameAt <= first || (toks[nameAt] as Tok).kind !== 'ident') return undefined;
  // GNU attributes of the declaration (`__attribute__((aligned(16)))`) are not part of its type;
  // an alignment they ask for is the storage's.
  const written = msl.slice((toks[first] as Tok).start, (toks[nameAt] as Tok).start);
  const aligned = [...written.matchAll(/__attribute__\s*\(\(\s*(?:__)?aligned(?:__)?\s*\(((?:[^()]|\((?:[^()]|\([^()]*\))*\))*)\)\s*\)\)/g)].map((m) => (m[1] as string).trim());
  let type = written.replace(/__attribute__\s*\(\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\)\)/g, ' ').replace(/\s+/g, ' ').trim();
  const alignment = (whole: string): string => aligned.reduce((a, n) => `(${a} > (${n}) ? ${a} : (${n}))`, `alignof(${whole})`);
  const parts: string[] = [];
  // `threadgroup union { ... } temp;` (a union of CUB storages): the type is named once, by a typedef.
  if (type.includes('{')) {
    const named = `cu2m_tg_type_${(toks[nameAt] as Tok).start}`;
    parts.push(`typedef ${type} ${named};`);
    type = named;
  }
  let from = nameAt;
  for (const end of ends) {
    const name = toks[from] as Tok;
    if (name.kind !== 'ident') return undefined;
    const dims = msl.slice(name.start + name.text.length, (toks[end] as Tok).start).trim();
    if (dims !== '' && !dims.startsWith('[')) return undefined;
    const whole = `${type} ${dims}`.trim();
    parts.push(`${type} (&${name.text})${dims} = *(${type} (*)${dims})::cu2m_msl::threadgroup_static("cu2m_tg@${name.start}", sizeof(${whole}), ${alignment(whole)});`);
    from = end + 1;
  }
  const start = (toks[first] as Tok).start;
  const stop = (toks[last] as Tok).start + 1;
  const breaks = msl.slice(start, stop).split('\n').length - 1;
  return { at: start, text: parts.join(' ') + '\n'.repeat(breaks), replaceLength: stop - start };
}

/** Does the declaration toks[stmtStart..t) declare a kernel (`kernel void f(...)`, `[[kernel]]`)? */
function declaresKernel(toks: Tok[], stmtStart: number, t: number): boolean {
  let depth = 0;
  for (let i = stmtStart; i < t; i++) {
    const x = (toks[i] as Tok).text;
    if (x === '(') depth++;
    else if (x === ')') depth--;
    else if (depth === 0 && x === 'kernel') return true;
  }
  return false;
}

/** The `{` at toks[t] opens what kind of scope? */
function classifyBrace(toks: Tok[], stmtStart: number, t: number, outer: BraceKind, parenDepth: number): BraceKind {
  if (outer === 'function') return 'function'; // blocks, lambdas, braced initialisers in a body
  if (outer === 'init') return 'init';
  if (parenDepth > 0) return 'init'; // f({1, 2}) at program scope
  const prev = toks[t - 1];
  if (prev && (prev.text === '=' || prev.text === ',' || prev.text === '(' || prev.text === 'return')) return 'init';
  let sawParen = false;
  for (let i = stmtStart; i < t; i++) {
    const x = (toks[i] as Tok).text;
    if (x === 'namespace') return 'namespace';
    if (x === 'extern' && toks[i + 1]?.kind === 'string') return 'namespace';
    if (x === '(') sawParen = true;
  }
  if (!sawParen) {
    for (let i = stmtStart; i < t; i++) {
      const x = (toks[i] as Tok).text;
      if (x === 'struct' || x === 'class' || x === 'union' || x === 'enum') return 'type';
    }
    return 'init'; // `constant float k[2] {1, 2};`
  }
  return 'function';
}

/**
 * Is toks[t] (threadgroup/device) the start of a declaration although the statement began earlier?
 * Accepts a prefix of specifiers/attributes that can precede it: `const`, `volatile`, `static`,
 * `[[...]]`, and a `case x:`/label `name:`.
 */
function isDeclarationStart(toks: Tok[], stmtStart: number, t: number): boolean {
  // Tokens of a #define body in between belong to no statement.
  let p = t - 1;
  while (p >= 0 && (toks[p] as Tok).inDefine) p--;
  const prev = toks[p];
  if (!prev) return true;
  if (prev.kind === 'punct' && (prev.text === ':' || STATEMENT_BOUNDARY.has(prev.text))) return true;
  if (prev.text === ']' && toks[t - 2]?.text === ']') return true;
  for (let i = stmtStart; i < t; i++) {
    if ((toks[i] as Tok).inDefine) continue;
    const x = (toks[i] as Tok).text;
    if (!['const', 'constexpr', 'volatile', 'static', 'template', 'inline'].includes(x)) return false;
  }
  return true;
}

interface DeclInfo {
  isFunction: boolean;
  isPointerOrReference: boolean;
  initializerAt?: number;
  declaratorEnds: number[]; // token indexes of the `,` / `;` ending each declarator
}

/**
 * Scans a declaration from toks[t] (the address-space keyword) to its end: a function (an
 * identifier followed by `(` before any `=`/`[`), a pointer/reference to the space, or objects.
 */
function scanDeclaration(toks: Tok[], t: number): DeclInfo {
  const info: DeclInfo = { isFunction: false, isPointerOrReference: false, declaratorEnds: [] };
  let depth = 0; // () [] {}
  let angle = 0; // template argument lists, approximately
  let seenIdentAfterType = false;
  let first = true; // still in the first declarator's specifiers/declarator
  let typeBody = false; // in `union { ... } x;`'s body (a type, not an initializer)
  for (let i = t + 1; i < toks.length; i++) {
    const x = toks[i] as Tok;
    // `threadgroup float __attribute__((aligned(16))) tile[64];`: an attribute, not a call.
    if (x.text === '__attribute__' && toks[i + 1]?.text === '(') {
      for (let d = 0, j = i + 1; j < toks.length; j++) {
        const y = (toks[j] as Tok).text;
        if (y === '(') d++;
        else if (y === ')' && --d === 0) {
          i = j;
          break;
        }
      }
      continue;
    }
    if (x.kind === 'punct') {
      if (depth === 0 && angle === 0 && (x.text === ';' || x.text === ',')) {
        info.declaratorEnds.push(i);
        if (x.text === ';') return info;
        first = false;
        continue;
      }
      if (x.text === '<' && toks[i - 1]?.kind === 'ident') angle++;
      else if (x.text === '>' && angle > 0) angle--;
      else if (x.text === '>>' && angle > 0) angle = Math.max(0, angle - 2);
      else if (x.text === '(' || x.text === '[' || x.text === '{') {
        if (depth === 0 && angle === 0 && x.text === '(' && first && toks[i - 1]?.kind === 'ident' && seenIdentAfterType && info.initializerAt === undefined) {
          info.isFunction = true;
          return info;
        }
        const tag = (k: number): boolean => ['struct', 'union', 'class'].includes(toks[k]?.text ?? '');
        if (depth === 0 && angle === 0 && x.text === '{' && first && (tag(i - 1) || (toks[i - 1]?.kind === 'ident' && tag(i - 2)))) {
          typeBody = true; // `union {` / `struct Name {`
        } else if (depth === 0 && angle === 0 && x.text === '{' && first && info.initializerAt === undefined && !info.isPointerOrReference) {
          info.initializerAt = i; // T x{...}
        }
        depth++;
      } else if (x.text === ')' || x.text === ']' || x.text === '}') {
        depth = Math.max(0, depth - 1);
        if (depth === 0 && x.text === '}' && typeBody) {
          typeBody = false;
          continue;
        }
        if (depth === 0 && x.text === '}' && toks[i + 1]?.text !== ';' && toks[i + 1]?.text !== ',') {
          // a function body ended without `;`
          return info;
        }
      } else if (depth === 0 && angle === 0 && (x.text === '*' || x.text === '&' || x.text === '&&')) {
        if (first && !seenIdentAfterType) info.isPointerOrReference = true;
        if (first && seenIdentAfterType && info.initializerAt === undefined) info.isPointerOrReference = true;
      } else if (depth === 0 && angle === 0 && x.text === '=' && info.initializerAt === undefined) {
        info.initializerAt = i;
      }
    } else if (x.kind === 'ident' && depth === 0 && angle === 0) {
      if (!['const', 'volatile', 'unsigned', 'signed', 'struct', 'typename', 'static'].includes(x.text)) seenIdentAfterType = true;
    }
  }
  return info;
}

/**
 * `float4 (*p)[4]` / `float4 (&r)[4]`: a declarator in parentheses, not a constructor call.
 * Recognised by `TYPE (` + `*`/`&` + identifier + `)` followed by `[` or `(`, or written with
 * whitespace between the type and `(` (constructor calls are written `float4(`).
 */
function looksLikeDeclarator(src: string, toks: Tok[], t: number): boolean {
  const open = toks[t + 1] as Tok;
  const star = toks[t + 2];
  if (!star || !(star.text === '*' || star.text === '&' || star.text === '&&' || star.text === '^')) return false;
  const name = toks[t + 3];
  const close = toks[t + 4];
  if (!name || name.kind !== 'ident' || !close || close.text !== ')') return false;
  const after = toks[t + 5];
  if (after && (after.text === '[' || after.text === '(')) return true;
  const tok = toks[t] as Tok;
  return open.start > tok.start + tok.text.length && /\s/.test(src[tok.start + tok.text.length] ?? '');
}

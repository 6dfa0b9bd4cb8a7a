// Valid C++ that tree-sitter-cuda 0.21.1 cannot parse, rewritten before parsing into an equivalent
// spelling it can (nvcc, the host compiler and GCC read both the same way).
//
// The same text is translated and becomes the host program, so every rewrite keeps the meaning;
// each one says why it is equivalent. Lines never move (a rewritten span keeps its line breaks);
// columns after a rewrite on its line shift a little, as after a macro expansion. Forking the
// grammar for these would mean carrying a generated parser of our own: these few spellings are
// rare enough to respell instead.
//
//  1. `__host__ __device__ friend T f(...)`: the grammar wants `friend` first (a friend declaration
//     is `friend` + declaration), and reads `__host__ __device__ explicit A(int)` as a constructor
//     of a type named `explicit`. Specifier order does not matter in C++: `friend __host__ ...`,
//     `explicit __host__ ...`.
//  2. `T x[N] __attribute__((aligned(16)));`: the grammar takes no GNU attribute after a variable's
//     declarator. GCC: an attribute right before a declarator applies to that declarator's
//     identifier (first declarator: to the declaration, which has only that one), so it moves there:
//     `T __attribute__((aligned(16))) x[N];`. Not after `}` (`struct {...} s __attribute__(...)`:
//     there it would attach to the struct type) and not with more declarators after it.
//  3. `typedef __attribute__((aligned(8))) T Name;`: the grammar takes no attribute after
//     `typedef`. GCC applies it to the typedef in either place: `typedef T Name __attribute__(...);`.
//  4. `using Name = __attribute__((...)) T;` (a vector-extension alias): no attribute in a type-id
//     for the grammar; the typedef spelling is equivalent: `typedef T Name __attribute__((...));`.
//  5. `template <class T> R f(T) = delete;` (a deleted primary template): the grammar reads
//     `= delete;` in a template as a `delete` expression missing its operand. It becomes a
//     declaration without definition: overload resolution is the same (deleted functions take part
//     in it), and a program that compiles never calls it. (Only a SFINAE test of whether the call
//     is well-formed could tell the two apart.)
//  6. A block comment inside a `#define` body with more body after it (`#define F(a) { /* c */ a; }`):
//     the grammar's preproc_arg token stops at `/*`. The preprocessor replaces a comment by a
//     space anyway: it becomes spaces.
//  7. The null directive, `#` alone on its line (does nothing): the grammar wants a directive name;
//     it becomes an empty line.
//  8. `Ty const & __device__ __host__ f(...)` (logan): execution-space qualifiers after a return
//     type that ends in `&`, `*` or `const`; the grammar takes them only among the leading
//     specifiers. nvcc reads them anywhere in the declaration specifiers, so they move to the start
//     of the declaration (after its `template <...>`): `__device__ __host__ Ty const & f(...)`.
//  9. `const Letter* begin(this->data(offset));` (diamond): the grammar takes no parenthesised
//     initialiser after a pointer declarator (`T* p(x);` fails). With one argument that starts
//     with `this` (so it cannot be a parameter list), the parentheses become braces: `begin{this->
//     data(offset)}`, direct-list-initialisation, which for a pointer from one expression is the
//     same direct-initialisation (no narrowing applies to pointers). Columns do not move.
// 10. `struct {...} inf __attribute__((unused)), nan __attribute__((unused));` (ssim's
//     `MAYBE_UNUSED`): an attribute after a declarator that follows `}` or precedes another
//     declarator, where (2) cannot move it. When every attribute there is `unused` (which only
//     silences GCC's unused-variable warning) it becomes spaces: the program means the same.
import { commentStateAfter, tokenize } from './preprocess';

type Token = ReturnType<typeof tokenize>[number];
interface Edit {
  start: number;
  end: number;
  text: string;
}

/** Words before `name(` that make it no declaration (9): a call or an expression. */
const NOT_A_TYPE = /^(return|else|case|throw|new|delete|sizeof|alignof|decltype|typeid|co_return|co_await|co_yield|if|while|for|switch|do|operator|and|or|not)$/;

/** CUDA's execution-space qualifiers and inline specifiers (8). */
const EXECUTION_SPACE = /^(__host__|__device__|__global__|__forceinline__|__noinline__)$/;

/** Qualifiers that may come before `friend`/`explicit` in a member declaration (1). */
const BEFORE_FRIEND = /^(__host__|__device__|__forceinline__|__noinline__|inline|__inline__|static|constexpr)$/;

export function tolerantRewrites(text: string): string {
  if (!/__attribute__|friend|explicit|delete|#|__host__|__device__|__global__|\(\s*this\b/.test(text)) return text;
  // Directive lines become spaces for the token scan (their own rewrites are 6 and 7).
  const lines = text.split('\n');
  const directive: boolean[] = [];
  const opens: boolean[] = []; // the first line of a directive
  let inComment = false;
  let continued = false;
  for (const l of lines) {
    const d: boolean = continued || (!inComment && /^\s*#/.test(l));
    directive.push(d);
    opens.push(d && !continued);
    continued = d && l.endsWith('\\');
    inComment = commentStateAfter(l, inComment);
  }
  const edits: Edit[] = [];
  let offset = 0;
  const codeLines: string[] = [];
  for (let n = 0; n < lines.length; n++) {
    const l = lines[n]!;
    if (directive[n]) {
      codeLines.push(' '.repeat(l.length));
      if (opens[n]) directiveEdits(lines, n, directive, offset, edits);
    } else codeLines.push(l);
    offset += l.length + 1;
  }
  const code = codeLines.join('\n');
  if (/__attribute__|friend|explicit|delete|__host__|__device__|__global__|\(\s*this\b/.test(code)) codeEdits(code, tokenize(code), edits);
  if (edits.length === 0) return text;
  edits.sort((a, b) => b.start - a.start);
  let out = text;
  let last = Infinity;
  for (const e of edits) {
    if (e.end > last) continue; // overlapping: the later one wins
    out = out.slice(0, e.start) + e.text + out.slice(e.end);
    last = e.start;
  }
  return out;
}

/** (6) and (7) for the directive starting on line `n` (at offset `at` of the text). */
function directiveEdits(lines: readonly string[], n: number, directive: readonly boolean[], at: number, edits: Edit[]): void {
  const first = lines[n]!;
  if (/^\s*#\s*(\/\/.*|\/\*.*\*\/\s*)?$/.test(first) && !first.endsWith('\\')) {
    edits.push({ start: at, end: at + first.length, text: '' });
    return;
  }
  if (!/^\s*#\s*define\b/.test(first)) return;
  let end = n;
  while (end + 1 < lines.length && directive[end + 1] && lines[end]!.endsWith('\\')) end++;
  const body = lines.slice(n, end + 1).join('\n');
  if (!body.includes('/*')) return;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '"' || c === "'") {
      i = skipQuoted(body, i) - 1;
      continue;
    }
    if (c === '/' && body[i + 1] === '/') break;
    if (c !== '/' || body[i + 1] !== '*') continue;
    const close = body.indexOf('*/', i + 2);
    if (close < 0 || body.slice(i, close).includes('\n')) return; // a comment over several lines: left as written
    // More body after it (not only white space and line continuations)?
    if (/[^\s\\]/.test(body.slice(close + 2).replace(/\/\/.*$/s, ''))) edits.push({ start: at + i, end: at + close + 2, text: ' '.repeat(close + 2 - i) });
    i = close + 1;
  }
}

function skipQuoted(text: string, i: number): number {
  const q = text[i];
  i++;
  while (i < text.length && text[i] !== q && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
  return Math.min(i + 1, text.length);
}

/** The index after the balanced `__attribute__((...))` starting at k, or -1. */
function attributeEnd(ts: readonly Token[], k: number): number {
  if (ts[k]?.text !== '__attribute__' || ts[k + 1]?.text !== '(') return -1;
  let depth = 0;
  for (let j = k + 1; j < ts.length; j++) {
    const x = ts[j]!.text;
    if (x === '(') depth++;
    else if (x === ')' && --depth === 0) return j + 1;
  }
  return -1;
}

/** Attributes from k on: [k, end) covers one or more `__attribute__((...))`; end === k when none. */
function attributesEnd(ts: readonly Token[], k: number): number {
  let e = k;
  for (let next = attributeEnd(ts, e); next > 0; next = attributeEnd(ts, e)) e = next;
  return e;
}

/** Every attribute in [k, end) is `unused` (or `__unused__`): `__attribute__((unused, __unused__))`. */
function onlyUnused(ts: readonly Token[], k: number, end: number): boolean {
  for (let j = k; j < end; j++) {
    const x = ts[j]!.text;
    if (x === '__attribute__' || x === '(' || x === ')' || x === ',') continue;
    if (x !== 'unused' && x !== '__unused__') return false;
  }
  return true;
}

function codeEdits(code: string, ts: readonly Token[], edits: Edit[]): void {
  for (let k = 0; k < ts.length; k++) {
    const t = ts[k]!;
    // (1) qualifiers, then `friend`.
    if ((t.text === 'friend' || t.text === 'explicit') && BEFORE_FRIEND.test(ts[k - 1]?.text ?? '')) {
      let q = k - 1;
      while (q > 0 && BEFORE_FRIEND.test(ts[q - 1]!.text)) q--;
      edits.push({ start: t.start, end: t.end, text: '' });
      edits.push({ start: ts[q]!.start, end: ts[q]!.start, text: `${t.text} ` });
      continue;
    }
    if (t.text === '__attribute__') {
      const end = attributesEnd(ts, k);
      if (end === k) continue;
      const prev = ts[k - 1];
      // (3) `typedef ATTR T Name;`: the attributes go before the `;`.
      if (prev?.text === 'typedef') {
        const semi = declarationEnd(ts, end);
        if (semi > end) {
          const attrs = code.slice(t.start, ts[end - 1]!.end);
          edits.push({ start: t.start, end: ts[end]!.start, text: '\n'.repeat(code.slice(t.start, ts[end]!.start).split('\n').length - 1) });
          edits.push({ start: ts[semi]!.start, end: ts[semi]!.start, text: ` ${attrs.replace(/\n/g, ' ')}` });
        }
        k = end - 1;
        continue;
      }
      // (4) `using Name = ATTR T;` (not an alias template) → `typedef T Name ATTR;`.
      if (prev?.text === '=' && ts[k - 2]?.kind === 'id' && ts[k - 3]?.text === 'using' && ts[k - 4]?.text !== '>') {
        const semi = declarationEnd(ts, end);
        if (semi > end && !ts.slice(end, semi).some((x) => x.text === '(')) {
          const from = ts[k - 3]!.start;
          const to = ts[semi]!.start;
          const spelled = ['typedef', ...ts.slice(end, semi).map((x) => x.text), ts[k - 2]!.text, code.slice(t.start, ts[end - 1]!.end).replace(/\n/g, ' ')].join(' ');
          edits.push({ start: from, end: to, text: spelled + '\n'.repeat(code.slice(from, to).split('\n').length - 1) });
        }
        k = end - 1;
        continue;
      }
      const after = ts[end]?.text;
      // (10) `declarator __attribute__((unused))` before `,`, `;` or `=`: spaces.
      const listed = after === ',' || ts[k - 2]?.text === '}' || ts[k - 2]?.text === ',';
      if ((after === ',' || after === ';' || after === '=') && listed && prev?.kind === 'id' && onlyUnused(ts, k, end)) {
        edits.push({ start: t.start, end: ts[end - 1]!.end, text: code.slice(t.start, ts[end - 1]!.end).replace(/[^\n]/g, ' ') });
        k = end - 1;
        continue;
      }
      // (2) `declarator ATTR ;` or `declarator ATTR = init;` → `ATTR declarator ...`.
      if (after === ';' || after === '=') {
        const decl = declaratorStart(ts, k);
        if (decl >= 0 && (after === ';' || declarationEnd(ts, end) > end)) {
          edits.push({ start: ts[decl]!.start, end: ts[decl]!.start, text: `${code.slice(t.start, ts[end - 1]!.end).replace(/\n/g, ' ')} ` });
          edits.push({ start: ts[k - 1]!.end, end: ts[end - 1]!.end, text: '\n'.repeat(code.slice(ts[k - 1]!.end, ts[end - 1]!.end).split('\n').length - 1) });
        }
      }
      k = end - 1;
      continue;
    }
    // (8) `T const & __device__ __host__ f(`: the qualifiers go to the start of the declaration.
    if (EXECUTION_SPACE.test(t.text) && /^(&|&&|\*|const|volatile)$/.test(ts[k - 1]?.text ?? '')) {
      let e = k;
      while (e < ts.length && EXECUTION_SPACE.test(ts[e]!.text)) e++;
      const name = ts[e];
      const open = name?.kind === 'id' ? ts[e + 1] : undefined;
      const start = open?.text === '(' || (name?.text === 'operator') ? declarationStart(ts, k) : -1;
      if (start >= 0) {
        const quals = ts.slice(k, e).map((x) => x.text).join(' ');
        edits.push({ start: ts[start]!.start, end: ts[start]!.start, text: `${quals} ` });
        edits.push({ start: t.start, end: ts[e - 1]!.end, text: code.slice(t.start, ts[e - 1]!.end).replace(/[^\n]/g, '') });
      }
      k = e - 1;
      continue;
    }
    // (9) `T* name(this->x ...);`: a pointer declarator (after `*`, or `* const`) with one argument starting with `this`.
    if (t.text === 'this' && ts[k - 1]?.text === '(' && ts[k - 2]?.kind === 'id' && !NOT_A_TYPE.test(ts[k - 2]!.text) && (ts[k - 3]?.text === '*' || (ts[k - 3]?.text === 'const' && ts[k - 4]?.text === '*'))) {
      let depth = 0;
      let e = k;
      for (; e < ts.length; e++) {
        const x = ts[e]!.text;
        if (x === '(' || x === '[' || x === '{') depth++;
        else if (x === ')' || x === ']' || x === '}') {
          if (depth === 0) break;
          depth--;
        } else if ((x === ',' && depth === 0) || x === ';') break;
      }
      if (ts[e]?.text === ')' && (ts[e + 1]?.text === ';' || ts[e + 1]?.text === ',')) {
        edits.push({ start: ts[e]!.start, end: ts[e]!.end, text: '}' });
        edits.push({ start: ts[k - 1]!.start, end: ts[k - 1]!.end, text: '{' });
      }
      continue;
    }
    // (5) `) = delete;` in a template declaration.
    if (t.text === 'delete' && ts[k - 1]?.text === '=' && ts[k + 1]?.text === ';' && (ts[k - 2]?.text === ')' || ts[k - 2]?.kind === 'id') && inTemplateDeclaration(ts, k)) {
      edits.push({ start: ts[k - 1]!.start, end: t.end, text: '' });
    }
  }
}

/**
 * For a token k inside the specifiers of a declaration: the index of the declaration's first token,
 * after the `;`, `{`, `}`, access label or `template <...>` before it; -1 when something other than
 * a type comes first (a `(`, `=`, `return`: k is in an expression).
 */
function declarationStart(ts: readonly Token[], k: number): number {
  let j = k - 1;
  for (; j >= 0; j--) {
    const x = ts[j]!.text;
    if (x === ';' || x === '{' || x === '}') break;
    if (x === ':' && /^(public|private|protected)$/.test(ts[j - 1]?.text ?? '')) break;
    if (x === '>') {
      // A template argument list, or the end of `template <...>`.
      let depth = 0;
      let m = j;
      for (; m >= 0; m--) {
        const y = ts[m]!.text;
        if (y === '>') depth++;
        else if (y === '>>') depth += 2;
        else if (y === '<' && --depth === 0) break;
        else if (y === ';' || y === '{' || y === '}') return -1;
      }
      if (m < 0) return -1;
      if (ts[m - 1]?.text === 'template') break;
      j = m;
      continue;
    }
    if (/^(\(|\)|=|,|return|\?|\[|\])$/.test(x)) return -1;
  }
  return j + 1 < k ? j + 1 : -1;
}

/** The `;` ending a declaration whose rest starts at k, with no `,`, `{` or `}` on the way (at depth 0); else -1. */
function declarationEnd(ts: readonly Token[], k: number): number {
  let depth = 0;
  for (let j = k; j < ts.length; j++) {
    const x = ts[j]!.text;
    if (x === '(' || x === '[') depth++;
    else if (x === ')' || x === ']') depth--;
    else if (x === '{' || x === '}') return -1;
    else if (depth === 0 && x === ',') return -1;
    else if (depth === 0 && x === ';') return j;
    if (depth < 0) return -1;
  }
  return -1;
}

/**
 * For attributes at k: where the declarator before them starts (its `*`/`&`s, name and `[...]`s),
 * or -1 when the tokens before are not a plain variable declarator of a declaration (after a type
 * name, `*`, `&` or `,`; not after `}`, `)` or an operator).
 */
function declaratorStart(ts: readonly Token[], k: number): number {
  let j = k - 1;
  while (ts[j]?.text === ']') {
    let depth = 0;
    for (; j >= 0; j--) {
      const x = ts[j]!.text;
      if (x === ']') depth++;
      else if (x === '[' && --depth === 0) break;
    }
    j--;
  }
  const name = ts[j];
  if (!name || name.kind !== 'id' || /^(const|volatile|operator|return|sizeof|typedef)$/.test(name.text)) return -1;
  let s = j;
  while (s > 0 && /^(\*|&|&&|const|volatile|__restrict__)$/.test(ts[s - 1]!.text)) s--;
  const before = ts[s - 1];
  // A declaration's specifiers end in a type name (or `>` of a template type, or a qualifier);
  // `,` separates declarators.
  if (!before || !(before.kind === 'id' || before.text === '>' || before.text === ',')) return -1;
  if (before.kind === 'id' && /^(return|case|goto|sizeof|new|delete|throw|else|do)$/.test(before.text)) return -1;
  return s;
}

/** Is token k inside a declaration that starts with `template <...>` (at its brace depth)? */
function inTemplateDeclaration(ts: readonly Token[], k: number): boolean {
  let depth = 0;
  for (let j = k - 1; j >= 0; j--) {
    const x = ts[j]!.text;
    if (x === ')' || x === ']') depth++;
    else if (x === '(' || x === '[') depth--;
    else if (depth === 0 && (x === ';' || x === '{' || x === '}')) return false;
    else if (depth === 0 && x === 'template' && ts[j + 1]?.text === '<') return true;
  }
  return false;
}

// Device printf and assert (native/runtime/printf.cpp has the buffer layout and the drain).
//
//   printf("i=%d x=%f %s\n", i, x, "ok")
//     → cu2m_printf_3(cu2m_printf_buffer, blockIdx, gridDim, 0x1a2b3c4du, cu2m_pa(i), cu2m_pa(x), cu2m_ps(0x5e6f7a8bu))
//   assert(i < n)
//     → ((i < n) ? (void)0 : cu2m_assert_fail(cu2m_printf_buffer, blockIdx, gridDim, threadIdx, 0x...u))
//
// Format strings and %s literals become ids: an FNV-1a hash of the literal as written, so that
// every file of a program can register its own strings (cu2mRegisterPrintfString, appended to
// the host code) without a program-wide numbering. The kernels (and helpers) that print take
// the runtime's printf buffer as one more buffer parameter, bound by name like a __device__
// variable ("cu2m_printf_buffer").
import { origin, type SourceFile, type SyntaxNode } from '../parse/parse';
import { functionRole, memberFunctionNodes, type ProgramFacts } from './program';
import { declaratorShape } from './syntax';
import { nodesOfTypeIn } from '../parse/nodeIndex';

export const PRINTF_BUFFER = 'cu2m_printf_buffer';

/** Is NDEBUG defined for the device code (-DNDEBUG, or a #define in the file): assert is then empty. */
export function ndebug(program: ProgramFacts, defines: readonly string[] | undefined): boolean {
  return (defines ?? []).some((d) => /^NDEBUG(=|$)/.test(d)) || program.constants.has('NDEBUG') || /^[ \t]*#[ \t]*define[ \t]+NDEBUG\b/m.test(program.file.text);
}

/** The id of a string literal, from its text as written. */
export function printfId(raw: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < raw.length; i++) {
    h ^= raw.charCodeAt(i) & 0xffff;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `0x${h.toString(16).padStart(8, '0')}u`;
}

/** `"a" "b"` → the pieces joined by a space; null when a piece is not a literal (a macro). */
export function literalText(n: SyntaxNode): string | null {
  if (n.type === 'string_literal') return n.text;
  if (n.type === 'concatenated_string') {
    const parts = n.namedChildren.filter((c) => c.type !== 'comment');
    return parts.every((c) => c.type === 'string_literal') ? parts.map((c) => c.text).join(' ') : null;
  }
  if (n.type === 'parenthesized_expression' && n.namedChildren.length === 1) return literalText(n.namedChildren[0]!);
  return null;
}

/** The conversions of a format as written, in order; `*` widths take an argument each ('*'). */
export function conversions(raw: string): string[] {
  const out: string[] = [];
  const re = /%[-+ #0']*(\*|\d+)?(?:\.(\*|\d*))?(?:hh|h|ll|l|L|q|j|z|t)?([diouxXeEfFgGaAcspn%])/g;
  for (let m = re.exec(raw); m; m = re.exec(raw)) {
    if (m[3] === '%') continue;
    if (m[1] === '*') out.push('*');
    if (m[2] === '*') out.push('*');
    out.push(m[3]!);
  }
  return out;
}

/** A C string literal of `s`: quotes, backslashes and control characters escaped (octal). */
function cLiteral(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.charCodeAt(0);
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (code < 0x20 || code === 0x7f) out += `\\${code.toString(8).padStart(3, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** CUDA's message for a failed assert, as a format (six %u: block and thread) and its id. */
export function assertMessage(file: SourceFile, call: SyntaxNode, fnName: string): { literal: string; id: string } {
  const at = origin(file, call.startPosition.row + 1);
  const cond = (call.childForFieldName('arguments')?.namedChildren[0]?.text ?? '').replace(/\s+/g, ' ').trim();
  const esc = (s: string): string => s.replace(/%/g, '%%');
  const literal = cLiteral(`${esc(at.file)}:${at.line}: ${esc(fnName)}: block: [%u,%u,%u], thread: [%u,%u,%u] Assertion \`${esc(cond)}\` failed.\n`);
  return { literal, id: printfId(literal) };
}

/** The device functions that stop a kernel as a failed assert does (`__trap()`, `__brkpt()`). */
export const TRAP_FUNCTIONS: ReadonlySet<string> = new Set(['__trap', '__brkpt']);

/** The message of `__trap()`/`__brkpt()`, in assert's form (six %u: block and thread), and its id. */
export function trapMessage(file: SourceFile, call: SyntaxNode, fnName: string, trap: string): { literal: string; id: string } {
  const at = origin(file, call.startPosition.row + 1);
  const esc = (s: string): string => s.replace(/%/g, '%%');
  const literal = cLiteral(`${esc(at.file)}:${at.line}: ${esc(fnName)}: block: [%u,%u,%u], thread: [%u,%u,%u] ${trap}() called.\n`);
  return { literal, id: printfId(literal) };
}

/** Every string the device code of the file prints: id → C literal, for the host to register. */
export function printfStrings(program: ProgramFacts): Map<string, string> {
  const out = new Map<string, string>();
  const deviceNames = new Set(program.functions.filter((f) => f.role !== 'host').map((f) => f.name));
  // Member functions print too (their printf buffer is a hidden parameter: program.ts).
  const bodies = [...program.functions.filter((f) => f.role !== 'host').map((f) => ({ name: f.name, body: f.body })), ...memberFunctionNodes(program.file.tree.rootNode).filter((m) => functionRole(m) !== 'host').map((m) => ({ name: declaratorShape(m.childForFieldName('declarator')).name?.text ?? '', body: m.childForFieldName('body') }))];
  for (const f of bodies) {
    // (Calls only, filtered natively, and none at all in a body that names neither.)
    if (!f.body || !/\b(printf|assert|__trap|__brkpt)\b/.test(f.body.text)) continue;
    for (const c of nodesOfTypeIn(f.body, ['call_expression'])) {
      const name = c.childForFieldName('function');
      if (name?.type !== 'identifier' || deviceNames.has(name.text)) continue;
      const args = c.childForFieldName('arguments')?.namedChildren.filter((a) => a.type !== 'comment') ?? [];
      if (name.text === 'printf') {
        for (const a of args) {
          const raw = literalText(a);
          if (raw !== null) out.set(printfId(raw), raw);
        }
      } else if (name.text === 'assert' && args.length === 1) {
        const m = assertMessage(program.file, c, f.name);
        out.set(m.id, m.literal);
      }
      else if (TRAP_FUNCTIONS.has(name.text) && args.length === 0) {
        const m = trapMessage(program.file, c, f.name, name.text);
        out.set(m.id, m.literal);
      }
    }
  }
  return out;
}

/** The MSL helpers every printing program gets (once). */
export const PRINTF_PRELUDE = `// Device printf (cu2metal): records appended to the runtime's printf buffer, printed after the launch
struct cu2m_parg { uint tag; uint lo; uint hi; };
inline cu2m_parg cu2m_pa(float v) { return {2u, as_type<uint>(v), 0u}; }
template <typename T> inline cu2m_parg cu2m_pa(T v) {
  if (is_floating_point<T>::value) return {2u, as_type<uint>(float(v)), 0u}; // half
  long w = is_signed<T>::value ? long(v) : long(ulong(v));
  return {is_signed<T>::value ? 0u : 1u, uint(ulong(w)), uint(ulong(w) >> 32)};
}
inline cu2m_parg cu2m_ps(uint id) { return {3u, id, 0u}; }
inline device uint* cu2m_printf_reserve(device uint* buf, uint words, uint3 blockIdx, uint3 gridDim, uint id, uint flags) {
  uint at = atomic_fetch_add_explicit((device atomic_uint*)buf, words, memory_order_relaxed);
  if (at > buf[1] || words > buf[1] - at) {
    atomic_fetch_add_explicit((device atomic_uint*)(buf + 2), 1u, memory_order_relaxed);
    return nullptr;
  }
  buf[at] = words;
  buf[at + 1] = id;
  buf[at + 2] = blockIdx.x + gridDim.x * (blockIdx.y + gridDim.y * blockIdx.z);
  buf[at + 3] = flags;
  return buf + at + 4;
}
inline void cu2m_assert_fail(device uint* buf, uint3 blockIdx, uint3 gridDim, uint3 threadIdx, uint id) {
  device uint* p = cu2m_printf_reserve(buf, 4u + 18u, blockIdx, gridDim, id, 2u);
  if (!p) return;
  uint v[6] = {blockIdx.x, blockIdx.y, blockIdx.z, threadIdx.x, threadIdx.y, threadIdx.z};
  for (uint i = 0; i < 6u; i++) { p[3 * i] = 1u; p[3 * i + 1] = v[i]; p[3 * i + 2] = 0u; }
}`;

/**
 * clock()/clock64(): Metal has no cycle counter. On msl-cpu (which defines __CU2M_METAL) the CPU's
 * cycle counter; on a real GPU a device-wide ticket (word 4 of the printf buffer, incremented by
 * every call): monotonic, so elapsed times are positive, but it counts calls, not cycles.
 */
export const CLOCK_POLYFILL = `// clock()/clock64(): the CPU's cycle counter on msl-cpu; Metal has none, so a monotonic device-wide ticket
inline long cu2m_clock64(device uint* buf) {
#if defined(__CU2M_METAL)
  (void)buf;
  return long(__builtin_readcyclecounter());
#else
  return long(atomic_fetch_add_explicit((device atomic_uint*)(buf + 4), 1u, memory_order_relaxed));
#endif
}`;

/** cu2m_printf_N: a printf of N arguments. */
export function printfArity(n: number): string {
  const params = Array.from({ length: n }, (_, i) => `, cu2m_parg a${i}`).join('');
  const stores = Array.from({ length: n }, (_, i) => `    p[${3 * i}] = a${i}.tag; p[${3 * i + 1}] = a${i}.lo; p[${3 * i + 2}] = a${i}.hi;\n`).join('');
  return `inline int cu2m_printf_${n}(device uint* buf, uint3 blockIdx, uint3 gridDim, uint id${params}) {
  device uint* p = cu2m_printf_reserve(buf, ${4 + 3 * n}u, blockIdx, gridDim, id, 0u);
  if (p) {
${stores}  }
  return 0;
}`.replace('  if (p) {\n  }\n', '  (void)p;\n');
}

/**
 * cu2m_printf_N_sI_J: a printf of N arguments of which those at positions I, J... are `%s`
 * pointers (any address space: a template parameter each). The record carries each such string
 * after the arguments, NUL-padded to whole words; its argument is tag 6, lo = the string's word
 * offset in the payload, hi = its length in bytes (native/runtime/printf.cpp). A string is cut at
 * CU2M_PRINTF_MAX_STRING bytes (CUDA has no limit; its FIFO does).
 */
export function printfArityWithStrings(n: number, strings: readonly number[]): string {
  const name = printfStringsName(n, strings);
  const isStr = (i: number): boolean => strings.includes(i);
  const tparams = strings.map((i) => `typename S${i}`).join(', ');
  const params = Array.from({ length: n }, (_, i) => (isStr(i) ? `, S${i} s${i}` : `, cu2m_parg a${i}`)).join('');
  const lens = strings.map((i) => `  uint n${i} = cu2m_printf_strlen(s${i});\n`).join('');
  let offset = `${3 * n}u`;
  const offsets: string[] = [];
  for (const i of strings) {
    offsets.push(`  uint o${i} = ${offset};\n`);
    offset = `o${i} + (n${i} + 4u) / 4u`;
  }
  const stores = Array.from({ length: n }, (_, i) =>
    isStr(i)
      ? `    p[${3 * i}] = 6u; p[${3 * i + 1}] = o${i}; p[${3 * i + 2}] = n${i};\n    cu2m_printf_copy((device uchar*)(p + o${i}), s${i}, n${i});\n`
      : `    p[${3 * i}] = a${i}.tag; p[${3 * i + 1}] = a${i}.lo; p[${3 * i + 2}] = a${i}.hi;\n`,
  ).join('');
  return `template <${tparams}>
inline int ${name}(device uint* buf, uint3 blockIdx, uint3 gridDim, uint id${params}) {
${lens}${offsets.join('')}  device uint* p = cu2m_printf_reserve(buf, 4u + ${offset}, blockIdx, gridDim, id, 0u);
  if (p) {
${stores}  }
  return 0;
}`;
}

export const printfStringsName = (n: number, strings: readonly number[]): string => `cu2m_printf_${n}_s${strings.join('_')}`;

/** strlen and copy for printf's %s pointers, in any address space (templates). */
export const PRINTF_STRING_HELPERS = `// printf %s of a pointer: the string is copied into the record (at most 1024 bytes)
#define CU2M_PRINTF_MAX_STRING 1024u
template <typename S> inline uint cu2m_printf_strlen(S s) {
  uint n = 0;
  while (n < CU2M_PRINTF_MAX_STRING && s[n] != 0) n++;
  return n;
}
template <typename S> inline void cu2m_printf_copy(device uchar* to, S s, uint n) {
  for (uint i = 0; i < n; i++) to[i] = uchar(s[i]);
  for (uint i = n; i < (n + 4u) / 4u * 4u; i++) to[i] = 0;
}`;

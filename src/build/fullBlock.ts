// Full blocks of a bounds-checked 1-D kernel (issue 8). A barrier-free kernel that starts
//   T i = blockIdx.x * blockDim.x + threadIdx.x;  if (i < n) ...   (or `if (i >= n) return;`)
// runs its block entry's x loop with the `i < n` test on every thread. At -O2 without -march
// (SSE2: no masked store) the compiler cannot vectorise a conditional store, so the loop stays
// scalar; with AVX-512 masked stores it is vectorised but measured slower still (docs/DESIGN.md).
// The block entry therefore gets a second copy of its loop for blocks whose every thread passes
// the test, where the glue tells the compiler so (`__builtin_assume`): the test folds away and the
// loop is the plain loop the compiler vectorises with SSE2.
//
// The assumption is a fact about values the glue itself computes (the block's first index and the
// parameter's value as passed), checked at run time before the copy is entered: whatever the
// kernel does afterwards (even assigning its parameter), a true assumption changes no result. The
// pattern only decides which parameter and index type make the assumption useful.
import type { KernelManifest } from '../translate/index';

/** Integer types the index may be declared with (CUDA and MSL spellings), all at least 32 bits wide. */
const INDEX_TYPES = [
  'int', 'unsigned', 'unsigned int', 'uint', 'int32_t', 'uint32_t', 'long', 'unsigned long', 'long long',
  'unsigned long long', 'size_t', 'int64_t', 'uint64_t', 'ptrdiff_t', 'ulong',
];
/** Integer types the bound parameter may have (its value is compared as a 64-bit integer). */
const BOUND_TYPES = new Set([...INDEX_TYPES, 'signed', 'signed int', 'ulong', 'unsigned short', 'short', 'ushort']);

export interface FullBlockGuard {
  /** The index variable's declared type (`int`, `uint`, `size_t`...). */
  readonly indexType: string;
  /** The bound parameter's name and its position in the manifest's parameter list. */
  readonly bound: string;
  readonly param: number;
}

const ws = '\\s*';
const ID = (name: string): string => `${name}${ws}\\.${ws}x`;
const PRODUCT = `(?:${ID('blockIdx')}${ws}\\*${ws}${ID('blockDim')}|${ID('blockDim')}${ws}\\*${ws}${ID('blockIdx')})`;
const INDEX_EXPR = `(?:${PRODUCT}${ws}\\+${ws}${ID('threadIdx')}|${ID('threadIdx')}${ws}\\+${ws}${PRODUCT}|\\(${ws}${PRODUCT}${ws}\\)${ws}\\+${ws}${ID('threadIdx')})`;
const TYPE_ALT = INDEX_TYPES.map((t) => t.replace(/ /g, '\\s+')).sort((a, b) => b.length - a.length).join('|');
// `{ [const] T i = <index>; if (i < n)` or `{ [const] T i = <index>; if (i >= n) return;`
const BODY_START = new RegExp(
  `^\\{${ws}(?:const\\s+)?(${TYPE_ALT})\\s+([A-Za-z_]\\w*)${ws}=${ws}${INDEX_EXPR}${ws};${ws}` +
    `if${ws}\\(${ws}\\2${ws}(?:<${ws}([A-Za-z_]\\w*)${ws}\\)|>=${ws}([A-Za-z_]\\w*)${ws}\\)${ws}(?:\\{${ws})?return${ws};)`,
);

/** The text from `open` (an opening bracket) to its matching closing one, or undefined. */
function matching(code: string, open: number): number | undefined {
  const pair: Record<string, string> = { '(': ')', '{': '}' };
  const close = pair[code[open] ?? ''];
  let depth = 0;
  for (let k = open; k < code.length; k++) {
    if (code[k] === code[open]) depth++;
    else if (code[k] === close && --depth === 0) return k;
  }
  return undefined;
}

/** A parameter's type without qualifiers, address spaces, references and attributes. */
function bareType(decl: string, name: string): string {
  return decl
    .replace(/\[\[[^\]]*\]\]/g, ' ')
    .replace(new RegExp(`\\b${name}\\b\\s*$`), ' ')
    .replace(/\b(const|constant|device|thread|volatile|__restrict__|__restrict|restrict)\b|&/g, ' ')
    .trim()
    .replace(/\s+/g, ' ');
}

/**
 * The full-block guard of kernel `k` in `code` (the module's MSL or CUDA text), or undefined when
 * its body does not start with the pattern above, the kernel is a template instance, its definition
 * is not found exactly once, or the bound is not a scalar integer parameter.
 */
export function fullBlockGuard(code: string, k: KernelManifest): FullBlockGuard | undefined {
  const def = kernelDefinition(code, k);
  if (!def) return undefined;
  const { open, close } = def;
  const m = BODY_START.exec(def.body);
  if (!m) return undefined;
  const indexType = (m[1] ?? '').replace(/\s+/g, ' ');
  const bound = m[3] ?? m[4] ?? '';
  // The bound must be a by-value integer parameter of the kernel (an MSL `constant int&` is one).
  const param = k.params.findIndex((p) => p.name === bound);
  const p = k.params[param];
  if (!p || p.kind !== 'scalar' || p.index === undefined || p.symbol) return undefined;
  const decl = splitParams(code.slice(open + 1, close)).find((d) => new RegExp(`\\b${bound}\\b`).test(d.replace(/\[\[[^\]]*\]\]/g, '')));
  if (!decl || !BOUND_TYPES.has(bareType(decl, bound))) return undefined;
  return { indexType, bound, param };
}

/**
 * A barrier-free, non-template kernel's definition in `code`: the positions of its parameter list's
 * brackets and its body (from its opening brace to the matching closing one), when it is found
 * exactly once.
 */
function kernelDefinition(code: string, k: KernelManifest): { open: number; close: number; body: string } | undefined {
  if (k.usesBarriers || k.cppName !== undefined || k.mslName !== undefined) return undefined;
  const def = new RegExp(`(?:\\bkernel\\s+void|__global__[^;{}()]*?\\bvoid)\\s+${k.name}\\s*\\(`, 'g');
  const hits = [...code.matchAll(def)];
  if (hits.length !== 1) return undefined;
  const hit = hits[0];
  if (!hit || hit.index === undefined) return undefined;
  const open = hit.index + hit[0].length - 1;
  const close = matching(code, open);
  if (close === undefined) return undefined;
  const brace = code.slice(close + 1).search(/\S/);
  if (brace < 0 || code[close + 1 + brace] !== '{') return undefined;
  const end = matching(code, close + 1 + brace);
  if (end === undefined) return undefined;
  return { open, close, body: code.slice(close + 1 + brace, end + 1) };
}

/**
 * Whether the blocks of a range may run as one loop (msl-cpu's range entry, issue 8): the kernel has
 * a full-block guard and its body names `threadIdx` and `blockIdx` once each, in the guard's index
 * (`i = blockIdx.x * blockDim.x + threadIdx.x`). Such a kernel depends on its thread and block only
 * through `i`, so consecutive 1-D blocks b0..b1 of `bx` threads can run as the threads
 * x = 0..(b1-b0)*bx of block b0: `i` takes the same values in the same order, with one loop setup
 * (and one set of the vectoriser's alias checks) per range instead of per block. The MSL passes every
 * built-in as a parameter, so nothing else (helpers, printf, assert) can see the thread position;
 * other built-ins (blockDim, gridDim, warpSize) keep their values. Not for kernels taking an argument
 * buffer or threadgroup memory (the caller also leaves out kernels whose blocks must each be entered).
 */
export function fusesBlocks(code: string, k: KernelManifest): boolean {
  if (!fullBlockGuard(code, k) || k.argumentBuffer) return false;
  if (k.params.some((p) => p.kind === 'threadgroup' || (p.kind === 'builtin' && !UNIFORM_BUILTINS.has(p.ctxField ?? '') && p.ctxField !== 'thread_idx' && p.ctxField !== 'block_idx'))) return false;
  const body = kernelDefinition(code, k)?.body ?? '';
  const count = (name: string): number => body.match(new RegExp(`\\b${name}\\b`, 'g'))?.length ?? 0;
  // A macro may stand for `threadIdx.x` (the MSL keeps the program's macros): none may be used.
  const macros = [...code.matchAll(/^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)/gm)].map((m) => m[1] ?? '');
  return count('threadIdx') === 1 && count('blockIdx') === 1 && !macros.some((name) => count(name) > 0);
}

/**
 * fusesBlocks for cuda-cpu's CUDA text, where a called function can read threadIdx through the
 * thread's context and a header the text includes may define a macro: also no call in the body
 * (printf, assert and helpers included) and no `#include "..."` in the text.
 */
export function fusesBlocksCuda(code: string, k: KernelManifest): boolean {
  if (!fusesBlocks(code, k) || /^[ \t]*#[ \t]*include[ \t]*"/m.test(code)) return false;
  const body = kernelDefinition(code, k)?.body ?? '';
  const calls = [...body.matchAll(/\b([A-Za-z_]\w*)\s*(?:<[^;{}()]*>\s*)?\(/g)].map((m) => m[1]);
  return calls.every((c) => c !== undefined && /^(?:if|for|while|switch|return|sizeof)$/.test(c));
}

/** Built-ins with one value for every thread of a launch (cu2m_thread_ctx fields). */
const UNIFORM_BUILTINS = new Set(['block_dim', 'grid_dim', 'warp_size']);

/** A parameter list split at its top-level commas. */
function splitParams(list: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let k = 0; k < list.length; k++) {
    const c = list[k];
    if (c === '(' || c === '<' || c === '[') depth++;
    else if (c === ')' || c === '>' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      out.push(list.slice(start, k));
      start = k + 1;
    }
  }
  out.push(list.slice(start));
  return out.map((s) => s.trim());
}

/**
 * The block entry's full-block copy of its x loop: entered when the block is 1-D and every thread
 * passes `i < bound` (checked here on 64-bit values; at most 2^31 so that the 32-bit index the
 * kernel computes cannot wrap and fits any index type), returns after the block. `value` is the
 * bound parameter's value in the glue, `perThread` the per-thread statements and the call.
 */
export function fullBlockLoop(g: FullBlockGuard, value: string, perThread: string[]): string[] {
  return [
    `  // Every thread of this block passes \`${g.bound}\` (src/build/fullBlock.ts): the test folds away.`,
    '  const uint64_t cu2m_end = (uint64_t)ctx->block_idx.x * cu2m_bx + cu2m_bx;',
    `  if (cu2m_by == 1 && cu2m_bz == 1 && ${value} > 0 && cu2m_end <= (uint64_t)${value} && cu2m_end <= 0x80000000ull) {`,
    '    const uint32_t cu2m_first = ctx->block_idx.x * cu2m_bx, y = 0, z = 0;',
    '    (void)y, (void)z;',
    // A local: __builtin_assume drops (silently under -w) an argument that calls a function.
    `    const auto cu2m_bound = ${value};`,
    '    for (uint32_t x = 0; x < cu2m_bx; ++x) {',
    `      __builtin_assume((${g.indexType})(cu2m_first + x) < cu2m_bound);`,
    ...perThread.map((s) => `      ${s.replace(/\n/g, '\n      ')}`),
    '    }',
    '    return;',
    '  }',
  ];
}

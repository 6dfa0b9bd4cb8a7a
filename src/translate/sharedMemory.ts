// Shared memory of a kernel, beside hoist.ts (helpers' __shared__ declared by their kernels),
// externShared.ts (dynamic shared memory passed down to helpers) and sharedAccessor.ts
// (`SharedMemory<T>()` accessors): the static `__shared__` bytes a kernel declares, checked against
// Metal's threadgroup memory; the kernel's dynamic shared memory (its `extern __shared__` array, or a
// file-scope one it uses) as its [[threadgroup(0)]] parameter, further `extern __shared__` arrays as
// aliases of it.
import type { SyntaxNode } from '../parse/parse';
import { evalIntExpression } from './constEval';
import { DYNAMIC_SHARED_PARAM, kernelPassesDynamicShared } from './externShared';
import { sharedBytes, sharedDeclaration, type SharedPlan } from './hoist';
import type { PassContext } from './passContext';
import { usesAccessor } from './sharedAccessor';
import { declaratorShape, specifierTokens } from './syntax';
import { ELEM_TYPES, normType } from './tables/types';
import type { OuterSymbol } from './typed';

/** What dynamicSharedName needs of the translator: its alias table, its symbols and its type spellings. */
export interface DynamicSharedContext {
  /** Local `extern __shared__` declarations after the first: declaration id → alias pointer text. */
  readonly aliases: Map<number, string>;
  readonly syms: Map<string, OuterSymbol>;
  /** The MSL spelling of an element type in memory (packed 3-vectors) and as a scalar. */
  memoryType(t: string, at: SyntaxNode): string;
  scalarType(t: string, at: SyntaxNode): string;
}

/** Threadgroup memory of one threadgroup on Apple GPUs (MTLDevice.maxThreadgroupMemoryLength). */
export const METAL_THREADGROUP_MEMORY = 32768;

/** Size of a scalar or vector type in Metal's layout (3-vectors take 4 slots); undefined for structs. */
export function mslSizeOf(t: string): number | undefined {
  const scalar = ELEM_TYPES.get(t);
  if (scalar && !/[234]$/.test(t)) return scalar.size;
  const v = /^(char|uchar|short|ushort|int|uint|long|ulong|float|longlong|ulonglong)([234])$/.exec(t);
  if (!v) return scalar?.size;
  const elem = { char: 1, uchar: 1, short: 2, ushort: 2, int: 4, uint: 4, float: 4, long: 8, ulong: 8, longlong: 8, ulonglong: 8 }[v[1]!] ?? 4;
  const n = Number(v[2]);
  return elem * (n === 3 ? 4 : n);
}

/** The static `__shared__` bytes after one more array of `typeNode` and `dims`; null once one is not a constant. */
export function addStaticShared(total: number | null, typeNode: SyntaxNode | null, dims: readonly SyntaxNode[], constants: ReadonlyMap<string, string>): number | null {
  if (total === null) return null;
  let bytes = typeNode ? mslSizeOf(normType(typeNode.text)) : undefined;
  for (const d of dims) {
    const size = d.childForFieldName('size');
    const n = size ? evalIntExpression(size.text, constants) : undefined;
    bytes = bytes === undefined || n === undefined ? undefined : bytes * n;
  }
  return bytes === undefined ? null : total + bytes;
}

/** The kernel's dynamic shared memory: its own `extern __shared__` or a file-scope one it uses. */
export function dynamicSharedName(ctx: PassContext, k: DynamicSharedContext): { name: string; type: string } | null {
  const decls: SyntaxNode[] = [];
  if (ctx.fn.body) {
    // (Declarations only, filtered natively, and none at all in a body without `__shared__`.)
    if (ctx.fn.body.text.includes('__shared__')) for (const d of ctx.fn.body.descendantsOfType('declaration')) if (isExternShared(d)) decls.push(d);
  }
  for (const g of ctx.program.externSharedOf(ctx.fn.name)) {
    const decl = ctx.program.externSharedGlobals.get(g);
    if (decl) decls.push(decl);
  }
  const first = decls[0];
  if (!first) {
    // `T *s = SharedMemory<T>();`: the accessor type's array is the kernel's parameter.
    const a = usesAccessor(ctx.fn.body, ctx.program);
    if (a) return { name: a.array, type: k.scalarType(normType(a.elemType), ctx.fn.declarator) };
    // Only helpers declare `extern __shared__`: the kernel passes its memory down (externShared.ts).
    return kernelPassesDynamicShared(ctx.program, ctx.fn) ? { name: DYNAMIC_SHARED_PARAM, type: 'uchar' } : null;
  }
  const name = (d: SyntaxNode): string => declaratorShape(d.childForFieldName('declarator')).name?.text ?? 'shared';
  const type = (d: SyntaxNode): string => {
    const t = normType(d.childForFieldName('type')?.text ?? 'char');
    return k.memoryType(t, d);
  };
  const body = ctx.fn.body;
  const inBody = (d: SyntaxNode): boolean => body !== null && d.startIndex > body.startIndex && d.endIndex < body.endIndex;
  // `extern __shared__ half shmem[][CHUNK + SKEW];` in the kernel: the parameter is the memory
  // (`shmem_mem`), and `shmem` a pointer to rows of it, so that `shmem[i][j]` indexes as in CUDA.
  const rows = inBody(first) ? rowsOf(first) : '';
  const base = rows ? `${name(first)}_mem` : name(first);
  if (rows) {
    k.aliases.set(first.id, `threadgroup ${type(first)} (*${name(first)})${rows} = (threadgroup ${type(first)} (*)${rows})${base};`);
    k.syms.set(name(first), { storage: 'thread', pointee: 'threadgroup', isArray: false });
  }
  // Further extern __shared__ arrays alias the same memory, as in CUDA.
  for (const d of decls.slice(1)) {
    const alias = `threadgroup ${type(d)}* ${name(d)} = (threadgroup ${type(d)}*)${base};`;
    if (inBody(d)) k.aliases.set(d.id, alias);
    else if (body) ctx.edits.insert(body.startIndex + 1, ` ${alias}`);
    k.syms.set(name(d), { storage: 'thread', pointee: 'threadgroup', isArray: false });
  }
  return { name: base, type: type(first) };
}

/** `[C]` of `extern __shared__ T s[][C]` (the dimensions after the first, as written); '' for `s[]`. */
function rowsOf(d: SyntaxNode): string {
  const dims = declaratorShape(d.childForFieldName('declarator')).arrayDims;
  return dims.slice(0, -1).reverse().map((a) => `[${a.childForFieldName('size')?.text ?? ''}]`).join('');
}

/** A kernel declares the `__shared__` variables of the helpers it calls, once each (hoist.ts). */
export function declareHoistedShared(ctx: PassContext, shared: SharedPlan, syms: Map<string, OuterSymbol>, total: number | null): number | null {
  const hoisted = shared.entries.filter((e) => !e.own);
  if (hoisted.length === 0 || !ctx.fn.body) return total;
  ctx.edits.insert(ctx.fn.body.startIndex + 1, ` ${hoisted.map(sharedDeclaration).join(' ')}`);
  for (const e of hoisted) {
    syms.set(e.name, { storage: 'threadgroup', isArray: e.dims !== '' });
    if (total === null) continue;
    const bytes = sharedBytes(e, ctx.program.constants, mslSizeOf);
    total = bytes === undefined ? null : total + bytes;
  }
  return total;
}

export function isExternShared(d: SyntaxNode): boolean {
  const toks = specifierTokens(d);
  return toks.some((t) => t.type === 'extern') && toks.some((t) => t.type === '__shared__');
}

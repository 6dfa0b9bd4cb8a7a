// 64-bit atomics (tables/atomics64.ts): unsigned long long, long long and (software) double, each
// emulated under a spin lock from a table of lock words in a hidden device buffer.
//
//   * Which functions need the lock buffer: those that call a CUDA atomic on a 64-bit address
//     (directly, or in an instance of their template) and, through the call graph, their callers:
//     the kernel binds `device atomic_uint* cu2m_atomic64_locks` by name (like the printf buffer) and
//     passes it down to the helpers that need it (function.ts).
//   * At a call: `atomicAdd(&sum[i], v)` → `atomicAdd(cu2m_atomic64_locks, &sum[i], v)`, and the MSL
//     gets the overload for that type (both address spaces), one helper per operation and type,
//     only when used. A template call whose address is 64-bit in one instance and 32-bit in another
//     also gets lock-taking forms of the 32-bit overloads that forward to the ordinary ones.
//   * Every helper: try the lock; the lane that got it fences, reads both 32-bit halves with atomic
//     loads, writes the new value with atomic stores, fences and releases; a lane that did not get
//     it goes round the loop again (no lane spins while it holds a lock: SIMT-safe).
import type { SyntaxNode } from '../parse/parse';
import { ATOMIC_BY_NAME, ATOMIC_SCOPES } from './tables/atomics';
import { ATOMIC64_BY_NAME, ATOMIC64_LOCKS, ATOMIC64_LOCK_COUNT, type Atomic64Row, type Wide } from './tables/atomics64';
import { mslVersionGuard } from './tables/mslVersions';
import type { FunctionFacts, ProgramFacts } from './program';
import { isDouble, typedView, type CType, type InstanceView, type TypedView } from './typed';

/** `atomicAdd_block` → `atomicAdd`. */
export const baseAtomicName = (name: string): string => {
  for (const s of ATOMIC_SCOPES) if (name.endsWith(s)) return name.slice(0, -s.length);
  return name;
};

const pointee = (t: CType): CType | undefined => (t.kind === 'pointer' ? t.pointee : t.kind === 'array' ? t.element : undefined);

/** The 64-bit type an atomic's address points to: `ulong`, `long`, `double` (software double only), else undefined. */
export function wideOf(t: CType, soft: boolean): Wide | undefined {
  const p = pointee(t);
  if (!p || p.kind !== 'scalar') return undefined;
  if (p.scalar.cls === 'int' && p.scalar.bits === 64) return p.scalar.signed ? 'long' : 'ulong';
  if (soft && isDouble(p)) return 'double';
  return undefined;
}

/** The CUDA spelling of the address's type in messages. */
export function pointeeName(t: CType): string {
  const p = pointee(t);
  if (p?.kind !== 'scalar') return '64-bit integer';
  return p.scalar.name === 'long' || p.scalar.name === 'unsigned long' ? `${p.scalar.name} (64 bits)` : p.scalar.name;
}

export interface WideCall {
  readonly wide: Wide;
  /** The address's type (in the instance, where only an instance makes it 64-bit). */
  readonly type: CType;
  /** Set where the address depends on a template parameter: an instance that makes it 64-bit. */
  readonly instance?: InstanceView;
  /** The address depends on a template parameter and some instance makes it 32-bit (or narrower). */
  readonly narrowInstances: boolean;
}

const dependent = (t: CType): boolean => t.kind === 'unknown' || t.kind === 'param' || pointee(t)?.kind === 'param';

/** Is this atomic call on a 64-bit address (its own type, or in an instance of the template)? */
export function wideCall(view: TypedView, args: readonly SyntaxNode[], soft: boolean): WideCall | undefined {
  const target = args[0];
  if (!target) return undefined;
  const own = view.typeOf(target);
  const w = wideOf(own, soft);
  if (w) return { wide: w, type: own, narrowInstances: false };
  if (!dependent(own)) return undefined;
  const instances = view.instances();
  const inst = instances.find((i) => wideOf(i.view.typeOf(target), soft) !== undefined);
  if (!inst) return undefined;
  const t = inst.view.typeOf(target);
  return { wide: wideOf(t, soft)!, type: t, instance: inst, narrowInstances: instances.some((i) => wideOf(i.view.typeOf(target), soft) === undefined) };
}

/**
 * Does CUDA have this atomic on this 64-bit type? Where it does, a call is CUDA's even where the
 * program defines a function of that name (`atomicAdd(double*, double)` for GPUs before sm_60,
 * under `#if __CUDA_ARCH__ < 600`: CUDA's own would collide with it otherwise).
 */
export const cudaHas = (name: string, wide: Wide): Atomic64Row | undefined => {
  const r = ATOMIC64_BY_NAME.get(baseAtomicName(name));
  return r && r.types.includes(wide) ? r : undefined;
};

/** Calls of CUDA's atomic functions in `f`: their names and arguments. */
function atomicCalls(f: FunctionFacts): Array<{ name: string; args: SyntaxNode[] }> {
  if (!f.body) return [];
  const out: Array<{ name: string; args: SyntaxNode[] }> = [];
  for (const c of f.body.descendantsOfType('call_expression')) {
    const fn = c.childForFieldName('function');
    if (fn?.type !== 'identifier' || !ATOMIC_BY_NAME.has(baseAtomicName(fn.text))) continue;
    out.push({ name: fn.text, args: c.childForFieldName('arguments')?.namedChildren.filter((a) => a.type !== 'comment') ?? [] });
  }
  return out;
}

const memo = new WeakMap<ProgramFacts, Map<string, boolean>>();

/** Does `name` (or a device function it calls) make a 64-bit atomic call: does it take the lock buffer? */
export function usesAtomic64(program: ProgramFacts, name: string, soft: boolean): boolean {
  let m = memo.get(program);
  if (!m) memo.set(program, (m = new Map()));
  const key = `${soft ? 's' : 'f'}:${name}`;
  let r = m.get(key);
  if (r === undefined) {
    r = program.reaches(name, (f) => {
      const calls = atomicCalls(f);
      if (calls.length === 0) return false;
      const view = typedView(program, f);
      return calls.some((c) => {
        const w = wideCall(view, c.args, soft);
        return w !== undefined && (cudaHas(c.name, w.wide) !== undefined || !program.definitions.has(c.name));
      });
    });
    m.set(key, r);
  }
  return r;
}

const MSL_TYPE: Record<Wide, string> = { ulong: 'ulong', long: 'long', double: 'f64' };
const SPACES = ['device', 'threadgroup'] as const;

/** The lock table and the critical section's pieces: once per MSL file that has a 64-bit atomic. */
export const ATOMIC64_PRELUDE_KEY = 'cu2m_atomic64';
export const ATOMIC64_PRELUDE = [
  `// 64-bit atomics (CUDA) under a lock: Metal has no 64-bit read-modify-write. Every 64-bit atomic takes`,
  `// the lock word of its address from ${ATOMIC64_LOCKS} (${ATOMIC64_LOCK_COUNT} words the runtime binds, zeroed), reads and`,
  `// writes the value's two 32-bit halves with atomic loads and stores between device-scope fences,`,
  `// and releases the lock; a lane that does not get the lock retries around the critical section,`,
  `// so no lane of a SIMD group spins while holding one. The fences need MSL 3.2 (macOS 15).`,
  mslVersionGuard(ATOMIC64_PRELUDE_KEY, 'this program uses 64-bit or double atomics, emulated under a lock that needs atomic_thread_fence'),
  `inline device atomic_uint* cu2m_atomic64_lock(device atomic_uint* locks, ulong address) {`,
  `  return locks + ((uint(address >> 3) * 2654435761u) >> ${32 - Math.log2(ATOMIC64_LOCK_COUNT)}); // Fibonacci hash of the 8-byte word`,
  `}`,
  `inline bool cu2m_atomic64_try_lock(device atomic_uint* lock) {`,
  `  if (atomic_exchange_explicit(lock, 1u, memory_order_relaxed) != 0u) return false;`,
  `  atomic_thread_fence(mem_flags::mem_device | mem_flags::mem_threadgroup, memory_order_seq_cst, thread_scope_device);`,
  `  return true;`,
  `}`,
  `inline void cu2m_atomic64_unlock(device atomic_uint* lock) {`,
  `  atomic_thread_fence(mem_flags::mem_device | mem_flags::mem_threadgroup, memory_order_seq_cst, thread_scope_device);`,
  `  atomic_store_explicit(lock, 0u, memory_order_relaxed);`,
  `}`,
  ...SPACES.flatMap((s) => [
    `inline ulong cu2m_atomic64_load(${s} atomic_uint* w) { return ulong(atomic_load_explicit(w, memory_order_relaxed)) | (ulong(atomic_load_explicit(w + 1, memory_order_relaxed)) << 32); }`,
    `inline void cu2m_atomic64_store(${s} atomic_uint* w, ulong x) { atomic_store_explicit(w, uint(x), memory_order_relaxed); atomic_store_explicit(w + 1, uint(x >> 32), memory_order_relaxed); }`,
  ]),
].join('\n');

const toBits = (w: Wide, x: string): string => (w === 'double' ? `${x}.bits` : w === 'long' ? `ulong(${x})` : x);
const fromBits = (w: Wide, x: string): string => (w === 'double' ? `f64::from_bits(${x})` : w === 'long' ? `long(${x})` : x);

function overload(r: Atomic64Row, w: Wide, s: string): string {
  const T = MSL_TYPE[w];
  const params = [`device atomic_uint* locks`, `${s} ${T}* p`, ...r.params.map((x) => `${T} ${x}`), `${T} v`].join(', ');
  return [
    `inline ${T} ${r.cuda}(${params}) {`,
    `  device atomic_uint* lock = cu2m_atomic64_lock(locks, reinterpret_cast<ulong>(p));`,
    `  ${s} atomic_uint* w = (${s} atomic_uint*)p;`,
    `  ${T} old_ = ${fromBits(w, '0ul')};`,
    `  for (bool done = false; !done;) {`,
    `    if (cu2m_atomic64_try_lock(lock)) {`,
    `      old_ = ${fromBits(w, 'cu2m_atomic64_load(w)')};`,
    `      cu2m_atomic64_store(w, ${toBits(w, `${T}(${r.update})`)});`,
    `      cu2m_atomic64_unlock(lock);`,
    `      done = true;`,
    `    }`,
    `  }`,
    `  return old_;`,
    `}`,
  ].join('\n');
}

/** The MSL helpers of `r` on one 64-bit type, both address spaces. */
export function atomic64Definition(r: Atomic64Row, w: Wide): string {
  const what = w === 'double' ? 'double (software f64)' : w === 'ulong' ? 'unsigned long long' : 'long long';
  return [`// ${r.cuda} (CUDA) on ${what} under the address's lock (${ATOMIC64_PRELUDE_KEY} above); returns the old value. ${r.note}.`, ...SPACES.map((s) => overload(r, w, s))].join('\n');
}

/** Lock-taking forms of the 32-bit overloads, for a template call that is 64-bit in another instance. */
export function atomic64Forwarders(cuda: string): string {
  const r = ATOMIC_BY_NAME.get(cuda);
  if (!r) return '';
  const lines = [`// ${cuda} with the lock buffer on 32-bit values (a template instance): the ordinary atomic, the lock unused.`];
  for (const t of r.types) {
    for (const s of SPACES) {
      const params = [`device atomic_uint*`, `${s} ${t}* p`, ...r.params.map((x) => `${t} ${x}`), `${t} v`].join(', ');
      lines.push(`inline ${t} ${cuda}(${params}) { return ${cuda}(${['p', ...r.params, 'v'].join(', ')}); }`);
    }
  }
  return lines.join('\n');
}

/** Adds what a 64-bit atomic call needs to the MSL; `cuda` is the base name (atomicAdd). */
export function addAtomic64Helpers(polyfills: Map<string, string>, row: Atomic64Row, w: Wide, narrow: boolean, base32: string | undefined): void {
  polyfills.set(ATOMIC64_PRELUDE_KEY, ATOMIC64_PRELUDE);
  polyfills.set(`${row.cuda}:${w}`, atomic64Definition(row, w));
  if (narrow && base32 !== undefined) {
    polyfills.set(row.cuda, base32);
    polyfills.set(`${row.cuda}:locked32`, atomic64Forwarders(row.cuda));
  }
}

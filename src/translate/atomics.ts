// Atomics: CUDA's atomic functions on Metal atomics, from the rows of tables/atomics.ts.
//
//   * The MSL prelude gets overloads with the CUDA names, one per value type the row lists and per
//     address space (device, threadgroup), so call sites stay as written (`atomicAdd(&hist[b], 1u)`):
//     a native atomic_<fn>_explicit where Metal has one, else a compare-exchange loop on the 32-bit
//     word (floats travel as their bits). tables/functions.ts makes the call rows from them.
//   * At a call: the 16-bit overloads are added beside the 32-bit ones where the file uses the type
//     (atomics16.ts); under software double, a double atomic is refused at its line, even where the
//     program defines its own (mathCalls.ts says which).
import { addAtomics16 } from './atomics16';
import type { AtomicRow, AtomicValue, Space } from './tables/atomics';

/** Does the call name look like an atomic function (CUDA's, a scoped variant, or the program's own)? */
export const isAtomicName = (name: string): boolean => /^atomic[A-Z]/.test(name);

/** After a call of the atomic helper `msl` was translated: its 16-bit overloads, where the file needs them. */
export function addAtomicOverloads(polyfills: Map<string, string>, msl: string, fileText: string): void {
  addAtomics16(polyfills, msl, fileText);
}

const METAL_TYPE: Record<AtomicValue, string> = { int: 'int', uint: 'uint', float: 'float' };

function overload(r: AtomicRow, t: AtomicValue, s: Space): string {
  const T = METAL_TYPE[t];
  const params = [`${s} ${T}* p`, ...r.params.map((x) => `${T} ${x}`), `${T} v`].join(', ');
  const impl = r.impl(t, s);
  if (impl.kind === 'native') {
    return `inline ${T} ${r.cuda}(${params}) { return atomic_${impl.fn}_explicit((${s} atomic_${T}*)p, v, memory_order_relaxed); }`;
  }
  // Compare-exchange on the 32-bit word; floats travel as their bits.
  const word = t === 'float' ? 'uint' : T;
  const toT = (x: string): string => (t === 'float' ? `as_type<float>(${x})` : x);
  const fromT = (x: string): string => (t === 'float' ? `as_type<uint>(${x})` : x);
  const update = impl.update.replace(/\bold\b/g, 'old_');
  return [
    `inline ${T} ${r.cuda}(${params}) {`,
    `  ${s} atomic_${word}* a = (${s} atomic_${word}*)p;`,
    `  ${word} seen = atomic_load_explicit(a, memory_order_relaxed);`,
    `  for (;;) {`,
    `    ${T} old_ = ${toT('seen')};`,
    ...(r.cuda === 'atomicCAS' ? [`    if (old_ != c) return old_;`] : []),
    `    if (atomic_compare_exchange_weak_explicit(a, &seen, ${fromT(`${T}(${update})`)}, memory_order_relaxed, memory_order_relaxed)) return old_;`,
    `  }`,
    `}`,
  ].join('\n');
}

/** The prelude text for one CUDA atomic function: every overload Metal can do. */
export function atomicDefinition(r: AtomicRow): string {
  const lines = [`// ${r.cuda} (CUDA) on Metal atomics, relaxed order; returns the old value. ${r.note}.`];
  for (const t of r.types) for (const s of ['device', 'threadgroup'] as const) lines.push(overload(r, t, s));
  return lines.join('\n');
}

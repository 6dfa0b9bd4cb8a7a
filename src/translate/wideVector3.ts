// 64-bit 3-component vectors in memory (long3, ulong3, longlong3, ulonglong3). CUDA lays them out in
// 24 bytes (align 8); Metal's long3 takes 32 and Metal has no packed 64-bit vector. In memory
// (buffers, pointers into device/constant/threadgroup memory, `__shared__`, struct fields, sizeof,
// by-value kernel parameters) they become a struct of three longs with CUDA's layout, emitted only
// when the MSL uses it, which converts to and from Metal's long3 in every address space:
//
//   device longlong3 *p; p[i] = make_longlong3(1, 2, 3); long3 v = p[i]; p[i].x += 1;
//   → device cu2m_packed_long3 *p; p[i] = long3(1, 2, 3); long3 v = p[i]; p[i].x += 1;
//
// Member functions carry the address space of `this` (Metal's rule: unqualified means thread), so
// each conversion and assignment is written once per space; assignments return the value (not a
// reference, whose type would need the space too). CUDA defines no arithmetic on these vectors, so
// neither does the struct. In registers the vector stays long3. The msl-cpu lowering turns the
// `device`/`constant` after a member's parameters into OpenCL's keywords (src/build/mslLower.ts, (f)).

const SPACES = ['thread', 'device', 'threadgroup', 'constant'] as const;
const WRITABLE = ['thread', 'device', 'threadgroup'] as const;

function definition(name: string, elem: string): string {
  const v = `${elem}3`;
  const lines = [
    `// ${v} in memory with CUDA's layout (24 bytes, align 8; Metal's ${v} takes 32): three ${elem}s`,
    `struct ${name} {`,
    `  ${elem} x, y, z;`,
    ...SPACES.map((s) => `  operator ${v}() const ${s} { return ${v}(x, y, z); }`),
    ...WRITABLE.map((s) => `  ${v} operator=(${v} v) ${s} { x = v.x; y = v.y; z = v.z; return v; }`),
    // from another packed one in any space (`out[i] = in[i]`, `tile[i] = *q` in a template): else the
    // implicit copy and the conversion through the vector are ambiguous across address spaces
    ...WRITABLE.flatMap((d) => SPACES.map((s) => `  ${v} operator=(const ${s} ${name}& o) ${d} { x = o.x; y = o.y; z = o.z; return ${v}(x, y, z); }`)),
    '};',
  ];
  return lines.join('\n');
}

const DEFINITIONS: ReadonlyMap<string, string> = new Map([
  ['cu2m_packed_long3', definition('cu2m_packed_long3', 'long')],
  ['cu2m_packed_ulong3', definition('cu2m_packed_ulong3', 'ulong')],
]);

/** After the MSL is written: the struct of each packed 64-bit 3-vector it names. */
export function addWideVector3Types(polyfills: Map<string, string>, mslText: string): void {
  if (!mslText.includes('cu2m_packed_')) return;
  for (const [name, def] of DEFINITIONS) if (new RegExp(`\\b${name}\\b`).test(mslText)) polyfills.set(name, def);
}

/** The struct definition of a packed 64-bit 3-vector (`cu2m_packed_long3`), or undefined. */
export const wideVector3Definition = (name: string): string | undefined => DEFINITIONS.get(name);

/**
 * A kernel template instance with a 64-bit 3-vector argument (`k<longlong3>`, found after the host
 * program is compiled): the MSL text that gives `cu2m_mem<long3>` CUDA's 24-byte layout, appended
 * before the instantiation (an explicit specialisation needs to precede only the instantiation that
 * uses it): the struct (unless the MSL has it) and `cu2m_mem_of<long3>`'s specialisation (unless the
 * MSL has it, or has no cu2m_mem at all: then no memory of T is laid out in the template).
 */
export function wideVector3ForInstance(msl: string, mslVector: string, packed: string): string[] {
  const out: string[] = [];
  const def = DEFINITIONS.get(packed);
  if (def && !new RegExp(`\\bstruct ${packed} \\{`).test(msl)) out.push(def);
  const spec = `template <> struct cu2m_mem_of<${mslVector}> { typedef ${packed} type; };`;
  if (msl.includes('struct cu2m_mem_of') && !msl.includes(spec)) out.push(spec);
  return out;
}

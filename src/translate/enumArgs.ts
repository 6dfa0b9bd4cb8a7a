// Enumerators as kernel template arguments (`k<float, Mem::SHARED>`). The host object's symbols
// (`nm -C`) spell them as casts, `k<float, (Mem)0>`, while clang's __PRETTY_FUNCTION__, from which
// each host stub names its Metal function at run time (src/host/host.ts), spells the enumerator:
// `[T = float, M = Mem::SHARED]` (an unscoped enum's plainly, `B`). So the build spells the
// symbols' casts as enumerators again, from the enums the MSL defines, and both sides agree on
// the host name (`k_float_Mem_SHARED`). A value that names no enumerator stays a cast (clang
// prints `(Mem)7` too).

interface EnumFacts {
  readonly scoped: boolean;
  readonly byValue: ReadonlyMap<bigint, string>;
}

/** The enums of a source text with integer-literal (or implicit) values: name → facts. */
export function enumsOf(text: string): Map<string, EnumFacts> {
  const out = new Map<string, EnumFacts>();
  const re = /\benum\s+(class\s+|struct\s+)?([A-Za-z_]\w*)\s*(?::\s*[\w\s]+?)?\s*\{([^{}]*)\}/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const byValue = new Map<bigint, string>();
    let next = 0n;
    for (const item of m[3]!.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, '').split(',')) {
      const e = /^\s*([A-Za-z_]\w*)\s*(?:=\s*(-?\s*(?:0[xX][0-9a-fA-F]+|\d+))[uUlL]*)?\s*$/.exec(item);
      if (!e) {
        if (item.trim() === '') continue;
        next = -1n; // a value we do not evaluate: the later implicit ones are unknown
        break;
      }
      const value = e[2] !== undefined ? BigInt(e[2].replace(/\s+/g, '')) : next;
      if (!byValue.has(value)) byValue.set(value, e[1]!);
      next = value + 1n;
    }
    if (!out.has(m[2]!)) out.set(m[2]!, { scoped: m[1] !== undefined, byValue });
  }
  return out;
}

/**
 * `(Mem)0` → `Mem::SHARED`, `(U)5` → `B` where those enums are known; other arguments unchanged.
 * An enum of a namespace (`(cub::BlockLoadAlgorithm)4`, as nm writes it) keeps its namespace:
 * `cub::BLOCK_LOAD_WARP_TRANSPOSE`, as the host program's launch names the instance.
 */
export function enumeratorArgs(args: readonly string[], enums: ReadonlyMap<string, EnumFacts>): string[] {
  return args.map((a) => {
    const m = /^\(\s*((?:[A-Za-z_]\w*\s*::\s*)*)([A-Za-z_]\w*)\s*\)\s*(-?\d+)$/.exec(a.trim());
    if (!m) return a;
    const scope = m[1]!.replace(/\s+/g, '');
    const e = enums.get(m[2]!);
    const name = e?.byValue.get(BigInt(m[3]!));
    if (!e || !name) return a;
    return e.scoped ? `${scope}${m[2]}::${name}` : `${scope}${name}`;
  });
}

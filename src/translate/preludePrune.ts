// Leaves out of an MSL prelude (the software-double library of f64Prelude.ts) the functions the
// program never calls, so a kernel that adds two doubles does not carry two thousand lines of
// Bessel, gamma and erf code it does not use. The prelude is our own text, written one item per
// line group (a function, a struct, a constant, a preprocessor line), so a line-based scan is
// enough; a general C++ parser is not needed here. Only plain named functions are ever removed:
// structs, constants, operators, macros and their invocations are always kept, and every
// identifier they (or the rest of the program) mention keeps the functions of that name, with all
// their overloads, and what those call in turn.

/** One group of prelude lines: a function (named), or something always kept. */
interface Item {
  lines: string[];
  /** The function's name; undefined for what is always kept. */
  fn?: string;
  /** The identifiers the item's code mentions (comments left out). */
  ids: Set<string>;
  /** namespace open/close lines: kept when the namespace keeps something. */
  namespace?: 'open' | 'close';
}

const IDENT = /[A-Za-z_]\w*/g;

function code(line: string): string {
  const c = line.indexOf('//');
  return c < 0 ? line : line.slice(0, c);
}

function idsOf(lines: string[]): Set<string> {
  const ids = new Set<string>();
  for (const l of lines) for (const m of code(l).matchAll(IDENT)) ids.add(m[0]);
  return ids;
}

function braceDelta(line: string): number {
  let d = 0;
  for (const ch of code(line)) {
    if (ch === '{') d++;
    else if (ch === '}') d--;
  }
  return d;
}

/** The function an item defines or declares (the identifier before its first '('), or undefined. */
function functionName(lines: string[]): string | undefined {
  const text = lines.map(code).join(' ').trim();
  if (/^(struct|class|union|enum|using|typedef|namespace|constant|constexpr\s+constant|static\s+constant)\b/.test(text)) return undefined;
  const paren = text.indexOf('(');
  if (paren < 0) return undefined;
  const eq = text.indexOf('=');
  if (eq >= 0 && eq < paren) return undefined; // a variable initialised by a call
  const head = text.slice(0, paren);
  if (/\boperator\b/.test(head)) return undefined;
  const m = /([A-Za-z_]\w*)\s*$/.exec(head);
  if (!m) return undefined;
  // A return type and a name at least: `inline f64 j0`, `template <typename T> inline float f`.
  if (!/^(template\s*<[^]*>\s*)?((static|inline|constexpr|METAL_FUNC)\s+)*[\w:<>,\s]+[\s&*]+[A-Za-z_]\w*\s*$/.test(head)) return undefined;
  return m[1];
}

function split(prelude: string): Item[] {
  const lines = prelude.split('\n');
  const items: Item[] = [];
  let pending: string[] = [];
  const flush = (item: Item): void => {
    item.lines = [...pending, ...item.lines];
    pending = [];
    items.push(item);
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const t = line.trim();
    if (t === '' || t.startsWith('//')) {
      pending.push(line);
      continue;
    }
    if (t.startsWith('#')) {
      const group = [line];
      while ((lines[i] ?? '').trimEnd().endsWith('\\') && i + 1 < lines.length) group.push(lines[++i] ?? '');
      flush({ lines: group, ids: idsOf(group) });
      continue;
    }
    if (/^namespace\s+\w+\s*\{\s*$/.test(code(t).trim())) {
      flush({ lines: [line], ids: new Set(), namespace: 'open' });
      continue;
    }
    if (/^\}\s*$/.test(code(t).trim()) && t.includes('namespace')) {
      flush({ lines: [line], ids: new Set(), namespace: 'close' });
      continue;
    }
    if (/^[A-Z_][A-Z0-9_]*\(.*\)\s*;?$/.test(code(t).trim())) {
      flush({ lines: [line], ids: idsOf([line]) }); // a macro invocation
      continue;
    }
    const group = [line];
    let depth = braceDelta(line);
    const ends = (l: string): boolean => /[;}]\s*$/.test(code(l).trimEnd());
    while ((depth > 0 || !ends(group[group.length - 1] ?? '')) && i + 1 < lines.length) {
      const next = lines[++i] ?? '';
      group.push(next);
      depth += braceDelta(next);
    }
    const fn = functionName(group);
    flush({ lines: group, ids: idsOf(group), ...(fn ? { fn } : {}) });
  }
  if (pending.length) items.push({ lines: pending, ids: new Set() });
  return items;
}

/**
 * The prelude without the functions that nothing in `program` (the rest of the MSL) reaches, with
 * a note saying so. Namespaces left empty are dropped too.
 */
export function prunePrelude(prelude: string, program: string): string {
  if (!prelude) return prelude;
  const items = split(prelude);
  const byName = new Map<string, Item[]>();
  for (const it of items) if (it.fn) byName.set(it.fn, [...(byName.get(it.fn) ?? []), it]);
  const kept = new Set<Item>();
  const work: string[] = [...idsOf(program.split('\n'))];
  for (const it of items) if (!it.fn) work.push(...it.ids);
  const seen = new Set<string>();
  while (work.length) {
    const id = work.pop() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const it of byName.get(id) ?? []) {
      if (kept.has(it)) continue;
      kept.add(it);
      work.push(...it.ids);
    }
  }
  const out: Item[] = items.filter((it) => !it.fn || kept.has(it));
  // Drop namespaces whose items all went (an open line followed directly by its close).
  const result: Item[] = [];
  for (const it of out) {
    const prev = result[result.length - 1];
    if (it.namespace === 'close' && prev?.namespace === 'open') {
      result.pop();
      continue;
    }
    result.push(it);
  }
  const removed = items.filter((it) => it.fn && !kept.has(it)).length;
  const text = result.map((it) => it.lines.join('\n')).join('\n');
  if (removed === 0) return text;
  const first = text.indexOf('\n');
  const note = `// (${removed} functions of the library this program does not call are left out)`;
  return first < 0 ? `${text}\n${note}` : `${text.slice(0, first + 1)}${note}\n${text.slice(first + 1)}`;
}

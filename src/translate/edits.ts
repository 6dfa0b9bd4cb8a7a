// Text edits on the original source: passes record replacements, the emitter applies those that
// fall inside the range it prints. Comments and formatting outside edited ranges survive as written.

export interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export class EditSet {
  private readonly edits: Edit[] = [];

  constructor(private readonly source: string) {}

  replace(start: number, end: number, text: string): void {
    this.edits.push({ start, end, text });
  }
  insert(at: number, text: string): void {
    this.edits.push({ start: at, end: at, text });
  }
  /** An edit made elsewhere (its text may be a getter, read when the slice is applied: earlyReturns.ts). */
  add(e: Edit): void {
    this.edits.push(e);
  }

  /** The source slice [start, end) with the edits inside it applied. Overlapping edits: the outer (earlier, longer) wins. */
  apply(start: number, end: number, skip?: ReadonlySet<Edit>): string {
    const inside = this.edits
      .filter((e) => e.start >= start && e.end <= end && !skip?.has(e))
      .map((e, i) => ({ ...e, i }))
      .sort((a, b) => {
        const la = a.end - a.start;
        const lb = b.end - b.start;
        // same start: insertions first (in order), then the longest replacement
        return a.start - b.start || (la === 0 ? 0 : 1) - (lb === 0 ? 0 : 1) || lb - la || a.i - b.i;
      });
    let out = '';
    let at = start;
    for (const e of inside) {
      if (e.start < at) continue; // nested inside a replacement already applied
      out += this.source.slice(at, e.start) + e.text;
      at = e.end;
    }
    return out + this.source.slice(at, end);
  }
}

/**
 * A file name (or any user text) as it may appear inside a generated // or /* comment: control
 * characters and line separators are written as escapes, so a name with a newline cannot end the
 * comment and put code into the output, and `*\/` cannot end a block comment.
 */
export const commentText = (s: string): string =>
  [...s]
    .map((c) => {
      const code = c.codePointAt(0)!;
      return code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029 ? `\\x${code.toString(16).padStart(2, '0')}` : c;
    })
    .join('')
    .replace(/\*\//g, '*\\/');

// Shared by the preprocessor (src/parse/preprocess.ts), which inlines the program's own headers:
// Metal compiles MSL from a string at run time, with no file system to search, so every header
// found next to the including file or through -I is inlined between `#line` directives, and every
// later stage still reports positions in the original files through the LineMap.
//
// Headers without device code (no __global__/__device__/__shared__/__constant__, themselves or
// through what they include) are "host headers": the host program keeps including them as
// written (see hostRegions), and a part of them tree-sitter cannot parse is only a warning.
import * as path from 'node:path';

/** One run of consecutive lines of the expanded text that come from one file. */
interface Segment {
  readonly start: number; // first line in the expanded text (1-based)
  readonly file: string;
  readonly fileLine: number; // its line in `file`
}

/**
 * Where a macro expansion moved text on one line of the expanded text: columns [outStart, outEnd)
 * hold the expansion of the use at srcStart; text after outEnd continues at srcEnd (0-based).
 */
export interface ColumnShift {
  readonly outStart: number;
  readonly outEnd: number;
  readonly srcStart: number;
  readonly srcEnd: number;
}

export class LineMap {
  constructor(
    private readonly segments: readonly Segment[],
    private readonly shifts: ReadonlyMap<number, readonly ColumnShift[]> = new Map(),
  ) {}

  /** Expanded-text line and column (1-based) → the column in the original line. */
  column(line: number, column: number): number {
    const x = column - 1;
    let delta = 0;
    for (const s of this.shifts.get(line) ?? []) {
      if (x < s.outStart) break;
      if (x < s.outEnd) return s.srcStart + 1;
      delta = s.srcEnd - s.outEnd;
    }
    return x + delta + 1;
  }

  /** Expanded-text line → original file and line. */
  map(line: number): { file: string; line: number } {
    let seg = this.segments[0]!;
    for (const s of this.segments) {
      if (s.start > line) break;
      seg = s;
    }
    return { file: seg.file, line: seg.fileLine + (line - seg.start) };
  }
}

/** Lines [first, last] of the expanded text that hold an inlined host header. */
export interface HostRegion {
  readonly first: number;
  readonly last: number;
  /** The `#include "x.h"` line it replaced, which the host program keeps. */
  readonly directive: string;
}

export interface Expanded {
  readonly text: string;
  readonly map: LineMap;
  /** Text of every file that contributed, by the name used in diagnostics. */
  readonly sources: Map<string, string>;
  readonly hostRegions: readonly HostRegion[];
}

/** A path as diagnostics and #line show it: relative when under the working folder. */
export function displayName(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') ? rel : file;
}

// `#include "local.h"` expansion. Metal compiles MSL from a string at run time, with no file
// system to search, so headers of the program (found next to the including file or through -I)
// are inlined, each once, with `#line` directives so every later stage still reports positions in
// the original files. `#include <system>` headers are left alone: device code cannot use them,
// and the host compiler finds them itself.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** One run of consecutive lines of the expanded text that come from one file. */
interface Segment {
  readonly start: number; // first line in the expanded text (1-based)
  readonly file: string;
  readonly fileLine: number; // its line in `file`
}

export class LineMap {
  constructor(private readonly segments: readonly Segment[]) {}

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

export interface Expanded {
  readonly text: string;
  readonly map: LineMap;
  /** Text of every file that contributed, by the name used in diagnostics. */
  readonly sources: Map<string, string>;
}

const INCLUDE = /^[ \t]*#[ \t]*include[ \t]*"([^"]+)"[^\n]*$/;

export function expandIncludes(name: string, text: string, includeDirs: readonly string[] = []): Expanded {
  const segments: Segment[] = [];
  const out: string[] = [];
  const sources = new Map<string, string>([[name, text]]);
  const seen = new Set<string>();
  const startSegment = (file: string, fileLine: number): void => {
    segments.push({ start: out.length + 1, file, fileLine });
  };

  const expand = (file: string, body: string, dir: string, depth: number): void => {
    const lines = body.split('\n');
    startSegment(file, 1);
    let inComment = false;
    lines.forEach((line, i) => {
      const m = inComment ? null : INCLUDE.exec(line);
      // Track block comments so an #include inside /* ... */ is not expanded.
      for (let at = 0; ; ) {
        const next = inComment ? line.indexOf('*/', at) : line.indexOf('/*', at);
        if (next < 0) break;
        inComment = !inComment;
        at = next + 2;
      }
      const target = m ? resolve(m[1]!, dir, includeDirs) : null;
      if (!m || !target || depth > 32) {
        out.push(line);
        return;
      }
      const real = fs.realpathSync(target);
      if (seen.has(real)) {
        out.push(`// ${line.trim()}: already included above`);
        return;
      }
      seen.add(real);
      const headerText = fs.readFileSync(target, 'utf8').replace(/^[ \t]*#[ \t]*pragma[ \t]+once[^\n]*$/m, '');
      const rel = path.relative(process.cwd(), target);
      const headerName = rel && !rel.startsWith('..') ? rel : target;
      sources.set(headerName, headerText);
      out.push(`#line 1 ${JSON.stringify(headerName)}`);
      expand(headerName, headerText.replace(/\n$/, ''), path.dirname(target), depth + 1);
      out.push(`#line ${i + 2} ${JSON.stringify(file)}`);
      startSegment(file, i + 2);
    });
  };
  expand(name, text, path.dirname(path.resolve(name)), 0);
  return { text: out.join('\n'), map: new LineMap(segments), sources };
}

function resolve(spec: string, dir: string, includeDirs: readonly string[]): string | null {
  for (const d of [dir, ...includeDirs.map((x) => path.resolve(x))]) {
    const p = path.join(d, spec);
    if (fs.existsSync(p) && fs.statSync(p).isFile()) return p;
  }
  return null;
}

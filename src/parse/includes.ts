// `#include "local.h"` expansion. Metal compiles MSL from a string at run time, with no file
// system to search, so the program's headers (found next to the including file or through -I)
// must reach the MSL as text:
// - a header with device code (__global__/__device__/__shared__/__constant__) is inlined, once,
//   with `#line` directives so every later stage still reports positions in the original file;
// - any other header stays an #include for the host compiler, and only its preprocessor lines
//   (#define, #if...) are copied into the MSL (see preprocessorLines), so helper headers full of
//   host code are neither parsed nor translated.
// `#include <system>` headers are left alone: device code cannot use them.
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
      const headerText0 = fs.readFileSync(target, 'utf8');
      if (!hasDeviceCode(headerText0)) {
        out.push(line);
        return;
      }
      if (seen.has(real)) {
        out.push(`// ${line.trim()}: already included above`);
        return;
      }
      seen.add(real);
      const headerText = headerText0.replace(/^[ \t]*#[ \t]*pragma[ \t]+once[^\n]*$/m, '');
      const headerName = displayName(target);
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

/** A path as diagnostics and #line show it: relative when under the working folder. */
export function displayName(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') ? rel : file;
}

const stripComments = (t: string): string => t.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');
const DEVICE_CODE = /\b__(global|device|shared|constant)__\b/;
const hasDeviceCode = (text: string): boolean => DEVICE_CODE.test(stripComments(text));

/**
 * The preprocessor lines of a host header (#define with continuations, #undef, #if/#ifdef/
 * #ifndef/#elif/#else/#endif), each preceded by the #line that places it, for the MSL. Quoted
 * includes inside it are followed the same way.
 */
export function preprocessorLines(file: string, includeDirs: readonly string[], seen: Set<string> = new Set()): string[] {
  const real = fs.realpathSync(file);
  if (seen.has(real)) return [];
  seen.add(real);
  const name = displayName(file);
  const lines = stripComments(fs.readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '))).split('\n');
  const out: string[] = [];
  let expectLine = -1;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    const inc = INCLUDE.exec(l);
    if (inc) {
      const target = resolve(inc[1]!, path.dirname(file), includeDirs);
      if (target) {
        out.push(...preprocessorLines(target, includeDirs, seen));
        expectLine = -1;
      }
      continue;
    }
    if (!/^[ \t]*#[ \t]*(define|undef|if|ifdef|ifndef|elif|else|endif)\b/.test(l)) continue;
    if (expectLine !== i + 1) out.push(`#line ${i + 1} ${JSON.stringify(name)}`);
    out.push(l.replace(/\s+$/, ''));
    let j = i;
    while (lines[j]!.endsWith('\\') && j + 1 < lines.length) out.push(lines[++j]!.replace(/\s+$/, ''));
    i = j;
    expectLine = j + 2;
  }
  return out;
}

export function resolve(spec: string, dir: string, includeDirs: readonly string[]): string | null {
  for (const d of [dir, ...includeDirs.map((x) => path.resolve(x))]) {
    const p = path.join(d, spec);
    if (fs.existsSync(p) && fs.statSync(p).isFile()) return p;
  }
  return null;
}

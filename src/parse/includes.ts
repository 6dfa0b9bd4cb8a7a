// `#include "local.h"` expansion. Metal compiles MSL from a string at run time, with no file
// system to search, so the program's own headers (found next to the including file or through -I)
// are inlined, each once, with `#line` directives so that every later stage still reports
// positions in the original files. The translator then takes from them what device code needs.
//
// Headers without device code (no __global__/__device__/__shared__/__constant__, themselves or
// through what they include) are "host headers": the host program keeps including them as
// written (see hostRegions), and a part of them tree-sitter cannot parse is only a warning.
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

const INCLUDE = /^[ \t]*#[ \t]*include[ \t]*"([^"]+)"[^\n]*$/;
const DEVICE_CODE = /\b__(global|device|shared|constant)__\b/;
const stripComments = (t: string): string => t.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');

/** A path as diagnostics and #line show it: relative when under the working folder. */
export function displayName(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') ? rel : file;
}

export function resolve(spec: string, dir: string, includeDirs: readonly string[]): string | null {
  for (const d of [dir, ...includeDirs.map((x) => path.resolve(x))]) {
    const p = path.join(d, spec);
    if (fs.existsSync(p) && fs.statSync(p).isFile()) return p;
  }
  return null;
}

export function expandIncludes(name: string, text: string, includeDirs: readonly string[] = []): Expanded {
  const segments: Segment[] = [];
  const out: string[] = [];
  const sources = new Map<string, string>([[name, text]]);
  const hostRegions: HostRegion[] = [];
  const seen = new Set<string>();
  const deviceCache = new Map<string, boolean>();

  /** Does the header, or any local header it includes, contain device code? */
  const hasDeviceCode = (file: string, visiting = new Set<string>()): boolean => {
    const real = fs.realpathSync(file);
    const known = deviceCache.get(real);
    if (known !== undefined) return known;
    if (visiting.has(real)) return false;
    visiting.add(real);
    const body = stripComments(fs.readFileSync(file, 'utf8'));
    let device = DEVICE_CODE.test(body);
    for (const line of device ? [] : body.split('\n')) {
      const m = INCLUDE.exec(line);
      const target = m ? resolve(m[1]!, path.dirname(file), includeDirs) : null;
      if (target && hasDeviceCode(target, visiting)) {
        device = true;
        break;
      }
    }
    deviceCache.set(real, device);
    return device;
  };

  const expand = (file: string, body: string, dir: string, depth: number): void => {
    const lines = body.split('\n');
    segments.push({ start: out.length + 1, file, fileLine: 1 });
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
      const headerText = fs.readFileSync(target, 'utf8').replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').replace(/^[ \t]*#[ \t]*pragma[ \t]+once[^\n]*$/m, '');
      const headerName = displayName(target);
      sources.set(headerName, headerText);
      const first = out.length + 1;
      out.push(`#line 1 ${JSON.stringify(headerName)}`);
      expand(headerName, headerText.replace(/\n$/, ''), path.dirname(target), depth + 1);
      if (!hasDeviceCode(target)) hostRegions.push({ first, last: out.length, directive: line.trim() });
      out.push(`#line ${i + 2} ${JSON.stringify(file)}`);
      segments.push({ start: out.length + 1, file, fileLine: i + 2 });
    });
  };
  expand(name, text, path.dirname(path.resolve(name)), 0);
  // Nested host headers inside an outer one are covered by the outer region.
  const outer = hostRegions.filter((r) => !hostRegions.some((o) => o !== r && o.first <= r.first && r.last <= o.last));
  return { text: out.join('\n'), map: new LineMap(segments), sources, hostRegions: outer };
}

import { styleText } from 'node:util';
import type { Diagnostic } from './diagnostic';

export interface RenderOptions {
  /** Source text of the files diagnostics point into, by file name. */
  readonly sources: ReadonlyMap<string, string>;
  readonly color: boolean;
}

type Style = Parameters<typeof styleText>[0];

/**
 * Renders a diagnostic as compilers do:
 *
 *   app.cu:12:5: error: call to a function with no Metal equivalent: 'printf' [C2M1002]
 *      12 |     printf("%d\n", i);
 *         |     ^~~~~~
 *   hint: device code may call ...
 */
export function renderDiagnostic(d: Diagnostic, opts: RenderOptions): string {
  const paint = (style: Style, s: string): string => (opts.color ? styleText(style, s) : s);
  const sevStyle: Style = d.severity === 'error' ? 'red' : d.severity === 'warning' ? 'yellow' : 'cyan';
  const lines = [
    `${paint('bold', `${d.file}:${d.start.line}:${d.start.column}:`)} ${paint(sevStyle, `${d.severity}:`)} ${d.message} [${d.code}]`,
  ];
  const src = opts.sources.get(d.file);
  const full = src?.split('\n')[d.start.line - 1];
  if (full !== undefined) {
    // A very long line (a generated initializer, say) is shown as a window around the column.
    const { text, shift } = clipLine(full, d.start.column);
    const start = { line: d.start.line, column: d.start.column - shift };
    d = { ...d, start, end: d.end ? { line: d.end.line, column: d.end.column - shift } : undefined };
    const gutter = String(d.start.line).length;
    const endCol = d.end && d.end.line === d.start.line ? Math.max(d.end.column, d.start.column + 1) : d.start.column + 1;
    const width = Math.max(1, Math.min(endCol, text.length + 1) - d.start.column);
    const pad = text.slice(0, d.start.column - 1).replace(/[^\t]/g, ' ');
    lines.push(`  ${String(d.start.line).padStart(gutter)} | ${text.replace(/\s+$/, '')}`);
    lines.push(`  ${' '.repeat(gutter)} | ${pad}${paint(sevStyle, '^' + '~'.repeat(width - 1))}`);
  }
  lines.push(`  ${paint('cyan', 'hint:')} ${d.hint}`);
  return lines.join('\n');
}

const CLIP_BEFORE = 60;
const CLIP_AFTER = 100;

/** `line` cut to a window around 1-based `column` when longer than the window, and how far it moved. */
function clipLine(line: string, column: number): { text: string; shift: number } {
  if (line.length <= CLIP_BEFORE + CLIP_AFTER) return { text: line, shift: 0 };
  const from = Math.max(0, column - 1 - CLIP_BEFORE);
  const to = Math.min(line.length, column - 1 + CLIP_AFTER);
  const head = from > 0 ? '…' : '';
  const tail = to < line.length ? '…' : '';
  return { text: head + line.slice(from, to) + tail, shift: from - head.length };
}

export function renderAll(ds: readonly Diagnostic[], opts: RenderOptions): string {
  return ds.map((d) => renderDiagnostic(d, opts)).join('\n');
}

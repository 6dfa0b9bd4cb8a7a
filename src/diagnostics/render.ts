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
  const text = src?.split('\n')[d.start.line - 1];
  if (text !== undefined) {
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

export function renderAll(ds: readonly Diagnostic[], opts: RenderOptions): string {
  return ds.map((d) => renderDiagnostic(d, opts)).join('\n');
}

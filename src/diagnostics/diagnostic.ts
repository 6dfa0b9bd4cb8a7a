import { D, type DiagnosticCode, type Severity } from './catalogue';

/** A position in a source file: 1-based line and column. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
  readonly file: string;
  readonly start: Position;
  /** End of the marked range (same line or later); defaults to one character. */
  readonly end?: Position;
  readonly hint: string;
}

export function diag(
  code: DiagnosticCode,
  message: string,
  file: string,
  start: Position,
  end?: Position,
  severity?: Severity,
): Diagnostic {
  const kind = D[code];
  return { code, severity: severity ?? kind.severity, message, file, start, end, hint: kind.hint };
}

export const hasErrors = (ds: readonly Diagnostic[]): boolean => ds.some((d) => d.severity === 'error');

/** Thrown by user-facing operations whose failure is fully described by diagnostics. */
export class DiagnosticError extends Error {
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map((d) => `${d.file}:${d.start.line}:${d.start.column}: ${d.severity}: ${d.message}`).join('\n'));
    this.name = 'DiagnosticError';
  }
}

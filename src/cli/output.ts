// Printing: diagnostics with carets for people, the same objects as JSON for tools (--json).
import type { Diagnostic } from '../diagnostics/diagnostic';
import { renderAll } from '../diagnostics/render';

/** Exit codes (documented in README.md). */
export const EXIT = {
  ok: 0,
  /** diff: outputs differ. run: the program's own status is passed through instead. */
  differ: 1,
  usage: 2,
  translation: 3,
  build: 4,
  internal: 70,
} as const;

export const useColor = (stream: NodeJS.WriteStream): boolean => stream.isTTY === true && !process.env['NO_COLOR'];

export function printDiagnostics(ds: readonly Diagnostic[], sources: ReadonlyMap<string, string>): void {
  if (ds.length === 0) return;
  process.stderr.write(`${renderAll(ds, { sources, color: useColor(process.stderr) })}\n`);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function say(message: string): void {
  process.stderr.write(`cu2metal: ${message}\n`);
}

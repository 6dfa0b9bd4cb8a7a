// One construct, one diagnostic: a device function is translated once per combination of pointer
// address spaces its callers need (and #if alternatives once each), so the same refusal can be
// found several times. `check` names each construct once, at its line.
import type { Diagnostic } from '../diagnostics/diagnostic';

const keyOf = (d: Diagnostic): string => `${d.file}\0${d.start.line}:${d.start.column}\0${d.code}\0${d.severity}\0${d.message}`;

/** The diagnostics without repeats (same file, position, code, severity and message), in order. */
export function uniqueDiagnostics(ds: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  // A CUDA runtime call in device code (dynamic parallelism's cudaMalloc, say) is refused by the
  // device translation (C2M1002); the host pass's C2M2003 for the same call would repeat it.
  const at = (d: Diagnostic): string => `${d.file}\0${d.start.line}:${d.start.column}`;
  const refusedCalls = new Set(ds.filter((d) => d.code === 'C2M1002' && d.severity === 'error').map(at));
  return ds.filter((d) => {
    if (d.code === 'C2M2003' && refusedCalls.has(at(d))) return false;
    const k = keyOf(d);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * The errors of a device function no kernel uses (left out with warning C2M1014, which quotes the
 * first) as notes, so that `check` names every construct in it without failing the translation.
 */
export function unusedFunctionNotes(name: string, errors: readonly Diagnostic[]): Diagnostic[] {
  return errors.filter((d) => d.severity === 'error').map((d) => ({ ...d, severity: 'note', message: `${d.message} (in '${name}', which is not emitted)` }));
}

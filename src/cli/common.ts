// Shared handling of the failures every command can meet, mapped to messages and exit codes.
import { BuildError, type UserFlags } from '../build/build';
import { ToolchainError } from '../build/toolchain';
import { DiagnosticError, hasErrors, type Diagnostic } from '../diagnostics/diagnostic';
import { prepare, type Prepared } from '../run/run';
import type { TranslateOptions } from '../translate/index';
import { EXIT, printDiagnostics, say } from './output';

export interface CompileOpts {
  includeDir: string[];
  define: string[];
  std: string;
  double: 'error' | 'float';
}

export const userFlags = (o: CompileOpts): UserFlags => ({ includeDirs: o.includeDir, defines: o.define, std: o.std });
export const translateOptions = (o: Partial<CompileOpts>): Partial<TranslateOptions> => ({
  double: o.double ?? 'error',
  includeDirs: o.includeDir ?? [],
  defines: o.define ?? [],
});

/** Translates, printing diagnostics; returns null (and sets the exit code) when translation fails. */
export function prepareOrReport(file: string, opts: Partial<TranslateOptions>, quietWarnings = false): Prepared | null {
  try {
    const p = prepare(file, opts);
    const shown: Diagnostic[] = quietWarnings ? p.translation.diagnostics.filter((d) => d.severity === 'error') : p.translation.diagnostics;
    printDiagnostics(shown, p.translation.sources);
    if (hasErrors(p.translation.diagnostics)) {
      const n = p.translation.diagnostics.filter((d) => d.severity === 'error').length;
      say(`${file}: ${n} error${n === 1 ? '' : 's'}; nothing was built`);
      process.exitCode = EXIT.translation;
      return null;
    }
    return p;
  } catch (e) {
    if (e instanceof DiagnosticError) {
      printDiagnostics(e.diagnostics, new Map());
      process.exitCode = EXIT.usage;
      return null;
    }
    throw e;
  }
}

/** Reports build/toolchain failures; rethrows anything else. */
export function reportBuildFailure(e: unknown): void {
  if (e instanceof BuildError) {
    process.stderr.write(e.output.endsWith('\n') ? e.output : `${e.output}\n`);
    say(`${e.message} (error C2M3001)`);
    process.exitCode = EXIT.build;
    return;
  }
  if (e instanceof ToolchainError) {
    say(e.message);
    process.exitCode = EXIT.build;
    return;
  }
  throw e;
}

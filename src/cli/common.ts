// Shared handling of sources, compiler flags and the failures every command can meet, mapped to
// messages and exit codes.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BuildError, type UserFlags } from '../build/build';
import { ToolchainError } from '../build/toolchain';
import { DiagnosticError, hasErrors } from '../diagnostics/diagnostic';
import { prepare, type Prepared, type SourceArg } from '../run/run';
import type { TranslateOptions } from '../translate/index';
import { invocation, UsageError, sourceKind } from './argv';
import { EXIT, printDiagnostics, say } from './output';

export interface CompileOpts {
  includeDir: string[];
  define: string[];
  undefine: string[];
  std: string;
  double: 'soft' | 'error' | 'float';
  optLevel?: string;
  debug?: boolean;
  hostFlags: string[];
  library: string[];
  libraryPath: string[];
  /** run/diff --sanitize (CPU backends). */
  sanitize?: boolean;
}

/** -D flags that a later -U does not cancel (for the MSL, which has no command line). */
function effectiveDefines(o: Partial<CompileOpts>): string[] {
  const undef = new Set(o.undefine ?? []);
  return (o.define ?? []).filter((d) => !undef.has(d.replace(/=.*$/, '')));
}

export const userFlags = (o: CompileOpts): UserFlags => ({
  includeDirs: o.includeDir,
  defines: o.define,
  undefines: o.undefine ?? [],
  std: o.std,
  optLevel: o.optLevel,
  debug: o.debug === true,
  hostFlags: (o.hostFlags ?? []).flatMap((f) => f.split(',')).filter(Boolean),
  libraries: o.library ?? [],
  libraryDirs: o.libraryPath ?? [],
  sanitize: o.sanitize === true,
});
export const translateOptions = (o: Partial<CompileOpts>): Partial<TranslateOptions> => ({
  double: o.double ?? 'soft',
  includeDirs: o.includeDir ?? [],
  defines: effectiveDefines(o),
});

/**
 * The positional arguments as sources, by extension (nvcc's rules). Anything else is a usage
 * error: program arguments go after `--`, never silently to the program.
 */
export function classifySources(positionals: readonly string[], languages: ReadonlyMap<string, string> = invocation.languages): SourceArg[] {
  return positionals.map((file) => {
    const kind = sourceKind(file, languages.get(file));
    // `.cu` or `..cu`: no name for the outputs (they would be hidden `.metal` files, or `..metal`).
    if (kind && /^\.*$/.test(path.basename(file).replace(/\.[^.]*$/, ''))) throw new UsageError(`'${file}': the file name has nothing before its extension to name the outputs after; rename it (e.g. app${/\.[^./\\]*$/.exec(file)?.[0] ?? '.cu'})`);
    if (kind) return { file, kind };
    if (isDirectory(file)) throw new UsageError(`'${file}' is a directory; give the source files in it`);
    if (/\.(cuh|h|hh|hpp|hxx|inl)$/i.test(file)) throw new UsageError(`'${file}' is a header: it is compiled as part of the source files that #include it`);
    if (/\.(o|a|so|dylib|obj|lib)$/i.test(file)) throw new UsageError(`'${file}': object files and libraries cannot be linked into a cu2metal program; give the sources (or a system library with -l)`);
    throw new UsageError(`unknown argument '${file}': not a source file (.cu, .cpp, .cc, .cxx, .c); program arguments go after --`);
  });
}

const isDirectory = (file: string): boolean => {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
};

/** Reports a usage error (exit 2); returns false so callers can `return`. */
export function usage(message: string): false {
  say(message);
  process.exitCode = EXIT.usage;
  return false;
}

/** Classifies and translates the sources, printing diagnostics; returns null (and sets the exit code) on failure. */
export function prepareOrReport(positionals: readonly string[], o: Partial<CompileOpts>, quietWarnings = false): Prepared | null {
  let sources: SourceArg[];
  try {
    sources = classifySources(positionals);
  } catch (e) {
    if (e instanceof UsageError) return (usage(e.message), null);
    throw e;
  }
  let p: Prepared;
  try {
    p = prepare(sources, translateOptions(o));
  } catch (e) {
    if (e instanceof DiagnosticError) {
      printDiagnostics(e.diagnostics, new Map());
      process.exitCode = EXIT.usage;
      return null;
    }
    throw e;
  }
  const failed: string[] = [];
  for (const u of p.units) {
    const t = u.translation;
    if (!t) continue;
    printDiagnostics(quietWarnings ? t.diagnostics.filter((d) => d.severity === 'error') : t.diagnostics, t.sources);
    if (hasErrors(t.diagnostics)) {
      const n = t.diagnostics.filter((d) => d.severity === 'error').length;
      failed.push(`${u.file}: ${n} error${n === 1 ? '' : 's'}`);
    }
  }
  if (failed.length > 0) {
    say(`${failed.join(', ')}; nothing was built`);
    process.exitCode = EXIT.translation;
    return null;
  }
  return p;
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

/** Unique output file names for the sources of a program (two `util.cu` in different folders). */
export function uniqueStems(files: readonly { stem: string; file: string }[]): string[] {
  const used = new Map<string, number>();
  return files.map((f) => {
    const n = used.get(f.stem) ?? 0;
    used.set(f.stem, n + 1);
    return n === 0 ? f.stem : `${f.stem}-${n + 1}-${path.basename(path.dirname(path.resolve(f.file)))}`;
  });
}

/** Node's timers hold at most 2^31 - 1 ms: a longer --timeout would fire at once. */
export const MAX_TIMEOUT_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

/** A --timeout value: seconds, more than 0 and at most MAX_TIMEOUT_SECONDS; a message otherwise. */
export function timeoutProblem(v: number): string | null {
  if (!(v > 0)) return 'must be a positive number of seconds';
  if (v > MAX_TIMEOUT_SECONDS) return `must be at most ${MAX_TIMEOUT_SECONDS} seconds (about 24 days); leave it out for no limit`;
  return null;
}

/** C++ standards the host compile accepts (nvcc's -std values); older ones compile as C++17, which the runtime headers need. */
export const HOST_STDS = /^(c|gnu)\+\+(03|11|14|17|1z|20|2a|23|2b)$/;

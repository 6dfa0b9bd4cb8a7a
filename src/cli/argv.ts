// nvcc spellings on the command line. commander parses GNU-style options; nvcc's own forms
// (`-arch=sm_80`, `-O3`, `-lcublas`, `-std=c++17`, `-gencode arch=...,code=...`, `-lineinfo`) are
// rewritten first into the options the commands declare, by a table of flag specs. Hand-written:
// no argument parser understands nvcc's mixture of single-dash long flags and glued values.

/** CUDA libraries that programs link with `-l` and that cu2metal does not provide. */
export const UNPROVIDED_CUDA_LIBRARIES: ReadonlyMap<string, string> = new Map([
  ['cufft', 'cuFFT'],
  ['cufftw', 'cuFFTW'],
  ['cusolver', 'cuSOLVER'],
  ['nvrtc', 'NVRTC'],
  ['nvjpeg', 'nvJPEG'],
  ['cudnn', 'cuDNN'],
  ['cuda', 'the CUDA driver API (libcuda)'],
  ['nvToolsExt', 'NVTX'],
  ['nvJitLink', 'nvJitLink'],
]);

/** Libraries cu2metal's runtime stands in for: `-lcudart` and friends are accepted and dropped
 *  (cuBLAS and cuBLASLt: native/runtime/cublas.cpp, cuSPARSE: native/runtime/cusparse.cpp, cuRAND:
 *  native/runtime/curand.cpp, are part of the runtime library). */
const PROVIDED = new Set(['cudart', 'cudart_static', 'cudadevrt', 'cublas', 'cublasLt', 'cusparse', 'curand', 'curand_static']);

/** This invocation's program arguments (after `--`), set by main() before the command runs. */
export const invocation: { programArgs: string[]; languages: Map<string, string> } = { programArgs: [], languages: new Map() };

export class UsageError extends Error {
  override name = 'UsageError';
}

interface FlagSpec {
  /** Spellings, e.g. ['-arch', '--gpu-architecture']. */
  readonly names: readonly string[];
  /** none: a switch. value: takes a value as `-x=V`, `-x V`, or glued `-xV` when glued is set. */
  readonly takes: 'none' | 'value';
  /** The value may be written right after the name (`-O3`, `-lm`): only for these. */
  readonly glued?: boolean;
  /** The options commander sees instead, or a note when the flag has no effect here. */
  readonly to: (value: string) => string[] | { note: string };
}

const NOTE_ARCH = 'ignored: Metal compiles for the GPU it runs on';
const NOTE_RDC = 'accepted: cu2metal links the device code of all .cu files as one program (whole-program linking)';

/** The table: nvcc flags → canonical options of the cu2metal commands. */
export const FLAG_SPECS: readonly FlagSpec[] = [
  { names: ['-I', '--include-path'], takes: 'value', glued: true, to: (v) => ['--include-dir', v] },
  { names: ['-isystem'], takes: 'value', to: (v) => ['--include-dir', v] },
  { names: ['-D', '--define-macro'], takes: 'value', glued: true, to: (v) => ['--define', v] },
  { names: ['-U', '--undefine-macro'], takes: 'value', glued: true, to: (v) => ['--undefine', v] },
  { names: ['-std', '--std'], takes: 'value', to: (v) => ['--std', v] },
  { names: ['-O', '--optimize'], takes: 'value', glued: true, to: (v) => ['--opt-level', v] },
  { names: ['-g', '--debug'], takes: 'none', to: () => ['--debug'] },
  { names: ['-G', '--device-debug'], takes: 'none', to: () => ({ note: 'ignored: device code is not built with debug information' }) },
  { names: ['-lineinfo', '--generate-line-info'], takes: 'none', to: () => ({ note: 'accepted: the MSL maps every line back to the .cu with #line' }) },
  { names: ['-arch', '--gpu-architecture'], takes: 'value', to: () => ({ note: NOTE_ARCH }) },
  { names: ['-code', '--gpu-code'], takes: 'value', to: () => ({ note: NOTE_ARCH }) },
  { names: ['-gencode', '--generate-code'], takes: 'value', to: () => ({ note: NOTE_ARCH }) },
  { names: ['-rdc', '--relocatable-device-code'], takes: 'value', to: () => ({ note: NOTE_RDC }) },
  { names: ['-dc', '--device-c'], takes: 'none', to: () => ({ note: NOTE_RDC }) },
  { names: ['-m64', '--machine'], takes: 'none', to: () => [] },
  { names: ['-ccbin', '--compiler-bindir'], takes: 'value', to: () => ({ note: 'ignored: cu2metal builds host code with clang++ (CU2METAL_CXX)' }) },
  { names: ['-Xcompiler', '--compiler-options'], takes: 'value', to: (v) => ['--host-flags', v] },
  { names: ['-use_fast_math', '--use_fast_math'], takes: 'none', to: () => ['--fast-math'] },
  { names: ['-l', '--library'], takes: 'value', glued: true, to: (v) => libraryFlag(v) },
  { names: ['-L', '--library-path'], takes: 'value', glued: true, to: (v) => ['--library-path', v] },
  // -x LANG applies to the sources after it (until the next -x): handled in normalizeArgs.
  { names: ['-x', '--language'], takes: 'value', to: () => [] },
];

function libraryFlag(lib: string): string[] | { note: string } {
  const name = lib.replace(/^lib/, '').replace(/\.(so|a|dylib)$/, '');
  const what = UNPROVIDED_CUDA_LIBRARIES.get(name) ?? (/^npp/.test(name) ? 'NPP' : undefined);
  if (what) throw new UsageError(`-l${name}: ${what} is a CUDA library that cu2metal does not provide; the program cannot be built without it`);
  if (PROVIDED.has(name)) return { note: 'accepted: the cu2metal runtime provides the CUDA runtime' };
  return ['--library', name];
}

export interface NormalizedArgs {
  /** The options and operands for commander. */
  readonly argv: string[];
  /** Arguments after `--`, for the program. */
  readonly programArgs: string[];
  /** One line per ignored or merely accepted nvcc flag. */
  readonly notes: string[];
  /** Sources that follow `-x LANG` (other than `-x none`): their language. */
  readonly languages: Map<string, string>;
}

/** Rewrites one command's arguments (after the command name); throws UsageError for what cannot work. */
export function normalizeArgs(args: readonly string[], valueOptions: ReadonlySet<string> = new Set()): NormalizedArgs {
  const dashDash = args.indexOf('--');
  const own = dashDash < 0 ? [...args] : args.slice(0, dashDash);
  const programArgs = dashDash < 0 ? [] : args.slice(dashDash + 1);
  const out: string[] = [];
  const notes = new Map<string, string[]>(); // note → the flags it is about: one line each
  const languages = new Map<string, string>();
  let language: string | undefined;
  for (let i = 0; i < own.length; i++) {
    const a = own[i]!;
    // Options of the command itself that take a value: their value passes untouched (`-o -O3dir`).
    if (valueOptions.has(a)) {
      out.push(a);
      if (i + 1 < own.length) out.push(own[++i]!);
      continue;
    }
    const m = matchFlag(a);
    if (!m) {
      if (language && !a.startsWith('-')) languages.set(a, language);
      out.push(a);
      continue;
    }
    let value = m.value;
    if (m.spec.takes === 'value' && value === undefined) {
      value = own[i + 1];
      if (value === undefined) throw new UsageError(`${a} needs a value`);
      i++;
    }
    if (m.spec.names[0] === '-x') {
      if (!['cu', 'c++', 'c', 'none'].includes(value ?? '')) throw new UsageError(`-x ${value ?? ''}: cu2metal knows -x cu, -x c++, -x c and -x none`);
      language = value === 'none' ? undefined : value;
      continue;
    }
    const r = m.spec.to(value ?? '');
    if (Array.isArray(r)) out.push(...r);
    else notes.set(r.note, [...(notes.get(r.note) ?? []), `${a}${m.value === undefined && value !== undefined ? ` ${value}` : ''}`]);
  }
  return { argv: out, programArgs, notes: [...notes].map(([note, flags]) => `${flags.join(', ')}: ${note}`), languages };
}

function matchFlag(a: string): { spec: FlagSpec; value?: string } | null {
  if (!a.startsWith('-') || a === '-') return null;
  // Exact spellings first (`-lineinfo` is not `-l ineinfo`), then NAME=VALUE, then glued values.
  for (const spec of FLAG_SPECS) if (spec.names.includes(a)) return { spec };
  const eq = a.indexOf('=');
  if (eq > 0) {
    const name = a.slice(0, eq);
    for (const spec of FLAG_SPECS) if (spec.takes === 'value' && spec.names.includes(name)) return { spec, value: a.slice(eq + 1) };
  }
  for (const spec of FLAG_SPECS) {
    if (!spec.glued) continue;
    const short = spec.names.find((n) => /^-[A-Za-z]$/.test(n));
    if (short && a.startsWith(short) && a.length > short.length) return { spec, value: a.slice(short.length) };
  }
  return null;
}

/** What a positional argument is, by its extension (nvcc's rules; `-x cu` makes everything CUDA). */
export type SourceKind = 'cu' | 'cpp' | 'c';

export function sourceKind(file: string, language?: string): SourceKind | null {
  if (language === 'cu') return 'cu';
  if (language === 'c++') return 'cpp';
  if (language === 'c') return 'c';
  if (/\.cu$/i.test(file)) return 'cu';
  if (/\.(cpp|cc|cxx|c\+\+|C)$/.test(file)) return 'cpp';
  if (/\.c$/.test(file)) return 'c';
  return null;
}

// `run`: translate → build → execute, with the program's stdio passed through and its exit status
// (or the signal that killed it) reported faithfully.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { diag, DiagnosticError } from '../diagnostics/diagnostic';
import type { Backend, UserFlags } from '../build/build';
import type { ProgramSource, SourceKind } from '../build/program';
import { metalSupported } from '../build/metal';
import { metalRunEnv } from '../build/metal';
import type { Translation, TranslateOptions } from '../translate/index';
import { lazyProgram, lazyTranslate } from './lazy';
import { rememberedProbe } from './probeCache';

export type { Backend } from '../build/build';

/** The backend `run` uses when none is named: Metal on a Mac, the MSL emulation elsewhere. */
export const defaultBackend = (): Backend => (metalSupported() ? 'metal' : 'msl-cpu');

/** Why `backend` cannot run here, or null when it can. */
export function backendUnavailable(backend: Backend): string | null {
  if (backend === 'metal' && !metalSupported()) {
    return 'the metal backend needs macOS with an Apple GPU; on this machine use --backend msl-cpu (the same MSL, emulated) or cuda-cpu';
  }
  return null;
}

export interface Prepared {
  /** Every source of the program, in command-line order. */
  readonly units: readonly ProgramSource[];
  /** The program's name: the first source's stem (outputs are named after it). */
  readonly stem: string;
  /** Single-source conveniences: the first .cu file (or first source). */
  readonly file: string;
  readonly sourceDir: string;
  readonly source: string;
  /** The first .cu file's translation (check/translate of one file). */
  readonly translation: Translation;
}

/** A source of the program and what kind it is (the CLI classifies by extension). */
export interface SourceArg {
  readonly file: string;
  readonly kind: SourceKind;
}

function readSource(file: string): string {
  try {
    const st = fs.statSync(file);
    if (st.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    return lazyTranslate().normalizeSource(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
    throw new DiagnosticError([diag('C2M0002', `cannot read '${file}': ${why}`, file, { line: 1, column: 1 })]);
  }
}

const EMPTY_TRANSLATION: Translation = { msl: '', host: '', cudaCpu: '', manifest: { tool: 'cu2metal', version: '', source: '', metal: '', kernels: [] }, diagnostics: [], sources: new Map(), ok: true };

/**
 * Reads every source and translates the .cu files; throws DiagnosticError when a file cannot be
 * read. A string is one .cu file (the single-file form).
 */
export function prepare(files: string | readonly SourceArg[], options: Partial<TranslateOptions> = {}): Prepared {
  const args: readonly SourceArg[] = typeof files === 'string' ? [{ file: files, kind: 'cu' }] : files;
  const unreadable: DiagnosticError[] = [];
  const units: ProgramSource[] = [];
  for (const a of args) {
    let source: string;
    try {
      source = readSource(a.file);
    } catch (e) {
      if (!(e instanceof DiagnosticError)) throw e;
      unreadable.push(e);
      continue;
    }
    const translation = a.kind === 'cu' ? lazyTranslate().translateSource(a.file, source, options) : undefined;
    units.push({ file: a.file, kind: a.kind, stem: lazyTranslate().stemOf(a.file).replace(/\.c$/, ''), sourceDir: path.dirname(path.resolve(a.file)), source, ...(translation ? { translation } : {}) });
  }
  if (unreadable.length > 0) throw new DiagnosticError(unreadable.flatMap((e) => e.diagnostics));
  dropIncludedSources(units);
  serveForeignInstances(units, options);
  const main = units.find((u) => u.translation) ?? units[0]!;
  return { units, stem: units[0]!.stem, file: main.file, sourceDir: main.sourceDir, source: main.source, translation: main.translation ?? EMPTY_TRANSLATION };
}

/**
 * `series(x, c, n)` in one .cu with a local array `c`, where `series` is defined in another .cu of
 * the program (nvcc -dc): the defining file is translated again with that instance too (one more
 * overload, `thread const double* a`, which the link forward-declares where needed: build/link.ts),
 * and the calling file's error for that call is withdrawn. Without a defining file the error stays.
 */
function serveForeignInstances(units: ProgramSource[], options: Partial<TranslateOptions>): void {
  const { translateSource, FOREIGN_DEFINITION } = lazyTranslate();
  const served = new Set<string>();
  units.forEach((u, i) => {
    const wanted = units.filter((v) => v !== u).flatMap((v) => v.translation?.foreignCalls ?? []).filter((c) => u.translation?.deviceFunctions?.includes(c.name));
    if (!u.translation || wanted.length === 0) return;
    units[i] = { ...u, translation: translateSource(u.file, u.source, { ...options, foreignInstances: wanted }) };
    for (const c of wanted) served.add(c.name);
  });
  units.forEach((u, i) => {
    const t = u.translation;
    if (!t?.foreignCalls?.some((c) => served.has(c.name))) return;
    // (Also the notes that repeat it under a function that is not emitted: they quote the message.)
    const withdrawn = (m: string): boolean => [...served].some((n) => m.includes(`but '${n}' ${FOREIGN_DEFINITION}`));
    const diagnostics = t.diagnostics.filter((d) => !withdrawn(d.message));
    units[i] = { ...u, translation: { ...t, diagnostics, ok: !diagnostics.some((d) => d.severity === 'error') } };
  });
}

/**
 * `nvcc main.cu kernels.cu` where main.cu does `#include "kernels.cu"` compiles kernels.cu twice
 * (once on its own, where the types main.cu defines before the #include are missing). A `.cu`
 * that another `.cu` of the command line inlines is part of that unit, so it is not translated on
 * its own (warning C2M0005): `cu2metal run *.cu` works for programs split that way.
 */
function dropIncludedSources(units: ProgramSource[]): void {
  const byPath = new Map(units.map((u) => [path.resolve(u.file), u] as const));
  const includedBy = new Map<ProgramSource, { by: ProgramSource; name: string }>();
  for (const u of units) {
    if (!u.translation || includedBy.has(u)) continue;
    for (const name of u.translation.sources.keys()) {
      const v = byPath.get(path.resolve(name));
      if (v && v !== u && v.kind === 'cu' && includedBy.get(u)?.by !== v) includedBy.set(v, { by: u, name });
    }
  }
  for (const [v, { by, name }] of includedBy) {
    units.splice(units.indexOf(v), 1);
    by.translation?.diagnostics.push(diag('C2M0005', `'${v.file}' is #included by '${by.file}': it is translated as part of that file, not on its own`, name, { line: 1, column: 1 }));
  }
}

export interface Built {
  readonly exe: string;
  /** Per backend: the .so of a CPU backend, the .metal source for metal; null when the program has no kernels. */
  readonly modules: Partial<Record<Backend, string | null>>;
  /** Lines to print before the program runs (without "note: "): the MSL version msl-cpu chose. */
  readonly notes: readonly string[];
}

export async function build(p: Prepared, backends: readonly Backend[], flags: UserFlags, opts: { embedBackend?: Backend } = {}): Promise<Built> {
  // Kernel templates: the modules need the instances the compiled host code holds, so the host goes first.
  const { buildProgramHost, buildProgramModule, hasKernelTemplates, programMetalModule, programMslVersionNote } = lazyProgram();
  const host = buildProgramHost(p.units, flags, { name: p.stem, ...opts });
  if (hasKernelTemplates(p.units)) await host;
  const [exe, ...mods] = await Promise.all([
    host,
    ...backends.map((b) => (b === 'metal' ? programMetalModule(p.units, p.stem, flags) : buildProgramModule(b, p.units, flags, p.stem))),
  ]);
  const modules: Partial<Record<Backend, string | null>> = {};
  backends.forEach((b, i) => (modules[b] = mods[i] as string | null));
  const note = backends.includes('msl-cpu') ? programMslVersionNote(p.units, flags) : null;
  return { exe: exe as string, modules, notes: note ? [note] : [] };
}

export interface ExecOptions {
  readonly args: readonly string[];
  /** Trace prefix (CU2METAL_TRACE) or undefined. */
  readonly trace?: string;
  /** 'inherit' passes the program's output through; 'capture' collects it. */
  readonly stdio: 'inherit' | 'capture';
  readonly timeoutSeconds?: number;
  /** metal only: Metal's fast math instead of safe, precise math. */
  readonly fastMath?: boolean;
}

export interface ExecResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly timedOut: boolean;
  readonly stdout: string;
  readonly stderr: string;
}

let launcher: string | null | undefined;

/**
 * On Linux, util-linux's setpriv sets the parent-death signal (PR_SET_PDEATHSIG, SIGKILL) and then
 * execs the program: if the CLI is killed (SIGKILL cannot be forwarded), the kernel kills the
 * program too instead of leaving it orphaned. Null where setpriv is missing or too old.
 */
function parentDeathLauncher(): string | null {
  if (launcher !== undefined) return launcher;
  launcher = null;
  // CU2METAL_NO_SETPRIV=1: rely on the runtime's own parent-death check (native/runtime/startup.cpp).
  if (process.platform !== 'linux' || process.env['CU2METAL_NO_SETPRIV']) return launcher;
  for (const p of ['/usr/bin/setpriv', '/bin/setpriv']) {
    if (!fs.existsSync(p)) continue;
    if (rememberedProbe('setpriv-pdeathsig', p, () => spawnSync(p, ['--pdeathsig', 'KILL', '--', 'true'], { stdio: 'ignore', timeout: 5000 }).status === 0)) return (launcher = p);
  }
  return launcher;
}

/** The command line that starts `exe`: through the parent-death launcher where there is one. */
export function launchCommand(exe: string, args: readonly string[]): { cmd: string; args: string[] } {
  const l = parentDeathLauncher();
  return l ? { cmd: l, args: ['--pdeathsig', 'KILL', '--', exe, ...args] } : { cmd: exe, args: [...args] };
}

/** Runs the program in the caller's working directory (programs read data files relative to it). */
/** The environment a program runs with on `backend` (exported for tests). */
export function executionEnv(backend: Backend, module: string | null | undefined, opts: Pick<ExecOptions, 'trace' | 'fastMath'>, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const backendEnv: Record<string, string> = backend === 'metal' ? metalRunEnv(module ?? '', { fastMath: opts.fastMath }) : { CU2METAL_BACKEND: backend, CU2METAL_MODULE: module ?? '' };
  const env: NodeJS.ProcessEnv = { ...base, ...backendEnv };
  // No kernels in the program: no module (the runtime reports a launch as it would any other).
  if (!module) delete env['CU2METAL_MODULE'];
  // The runtime asks for the parent-death signal itself when it sees this (setpriv may be missing).
  env['CU2METAL_PARENT_PID'] = String(process.pid);
  if (opts.trace) env['CU2METAL_TRACE'] = opts.trace;
  // diff's reference (a traced cuda-cpu run) is the checked mode: barrier kernels keep fibers, whose
  // rounds check every barrier, rather than work-item loops (src/build/workItemLoops.ts), unless the
  // caller chose. The translated side runs as `run` runs it (work-item loops where the kernel has
  // them), so that diff also checks the fast path: a kernel is on work-item loops only where its
  // barriers are proven reached by every thread, which is what the fibers' rounds would check.
  if (opts.trace && backend === 'cuda-cpu' && env['CU2METAL_WORK_ITEM_LOOPS'] === undefined) env['CU2METAL_WORK_ITEM_LOOPS'] = '0';
  if (!opts.trace) delete env['CU2METAL_TRACE'];
  return env;
}

export function execute(exe: string, backend: Backend, module: string | null | undefined, opts: ExecOptions): Promise<ExecResult> {
  const env = executionEnv(backend, module, opts);
  return new Promise((resolve, reject) => {
    const launch = launchCommand(exe, opts.args);
    const child = spawn(launch.cmd, launch.args, { env, stdio: opts.stdio === 'inherit' ? ['inherit', 'inherit', 'inherit'] : ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    let timedOut = false;
    const timer = opts.timeoutSeconds ? setTimeout(() => ((timedOut = true), child.kill('SIGKILL')), opts.timeoutSeconds * 1000) : undefined;
    // Forward Ctrl-C etc. to the program instead of leaving it orphaned.
    const forward = (sig: NodeJS.Signals): void => void child.kill(sig);
    process.on('SIGINT', forward).on('SIGTERM', forward);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      process.off('SIGINT', forward).off('SIGTERM', forward);
      resolve({ code, signal, timedOut, stdout, stderr });
    });
  });
}

/** Human description of how a program ended abnormally, or null for a normal exit. */
export function describeExit(r: ExecResult, timeoutSeconds?: number): string | null {
  if (r.timedOut) return `the program did not finish within ${timeoutSeconds} s and was stopped`;
  if (r.signal) {
    const num = os.constants.signals[r.signal];
    const what: Record<string, string> = { SIGSEGV: 'segmentation fault: an invalid memory access (often an out-of-bounds index in a kernel, or local arrays larger than a CPU thread stack: raise CU2METAL_FIBER_STACK_KB)', SIGABRT: 'aborted', SIGFPE: 'arithmetic exception (e.g. integer division by zero)', SIGBUS: 'bus error', SIGILL: 'illegal instruction', SIGKILL: 'killed' };
    return `the program was terminated by ${r.signal}${num ? ` (signal ${num})` : ''}: ${what[r.signal] ?? 'signal'}`;
  }
  return null;
}

export const exitStatusOf = (r: ExecResult): number => (r.signal ? 128 + (os.constants.signals[r.signal] ?? 0) : r.timedOut ? 124 : (r.code ?? 1));

export function tempTracePrefix(tag: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-trace-'));
  return path.join(dir, tag);
}

// `run`: translate → build → execute, with the program's stdio passed through and its exit status
// (or the signal that killed it) reported faithfully.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { diag, DiagnosticError } from '../diagnostics/diagnostic';
import { buildHost, buildModule, metalModule, type Backend, type UserFlags } from '../build/build';
import { metalSupported } from '../build/metal';
import { metalRunEnv } from '../build/metal';
import { normalizeSource, stemOf, translateSource, type Translation, type TranslateOptions } from '../translate/index';

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
  readonly file: string;
  readonly stem: string;
  readonly sourceDir: string;
  readonly source: string;
  readonly translation: Translation;
}

/** Reads and translates a .cu file; throws DiagnosticError when it cannot be read or translated. */
export function prepare(file: string, options: Partial<TranslateOptions> = {}): Prepared {
  let source: string;
  try {
    const st = fs.statSync(file);
    if (st.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    source = normalizeSource(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
    throw new DiagnosticError([diag('C2M0002', `cannot read '${file}': ${why}`, file, { line: 1, column: 1 })]);
  }
  const translation = translateSource(file, source, options);
  const stem = stemOf(file);
  return { file, stem, sourceDir: path.dirname(path.resolve(file)), source, translation };
}

export interface Built {
  readonly exe: string;
  /** Per backend: the .so of a CPU backend, the .metal source for metal. */
  readonly modules: Partial<Record<Backend, string>>;
}

export async function build(p: Prepared, backends: readonly Backend[], flags: UserFlags): Promise<Built> {
  const [exe, ...mods] = await Promise.all([
    buildHost(p.translation, flags, p.sourceDir, p.stem),
    ...backends.map((b) => (b === 'metal' ? Promise.resolve(metalModule(p.translation, p.stem)) : buildModule(b, p.translation, flags, p.sourceDir, p.stem))),
  ]);
  const modules: Partial<Record<Backend, string>> = {};
  backends.forEach((b, i) => (modules[b] = mods[i]));
  return { exe: exe!, modules };
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

export function execute(exe: string, backend: Backend, module: string, opts: ExecOptions): Promise<ExecResult> {
  const backendEnv = backend === 'metal' ? metalRunEnv(module, { fastMath: opts.fastMath }) : { CU2METAL_BACKEND: backend, CU2METAL_MODULE: module };
  const env: NodeJS.ProcessEnv = { ...process.env, ...backendEnv };
  if (opts.trace) env['CU2METAL_TRACE'] = opts.trace;
  else delete env['CU2METAL_TRACE'];
  return new Promise((resolve, reject) => {
    const child = spawn(exe, [...opts.args], { env, stdio: opts.stdio === 'inherit' ? ['inherit', 'inherit', 'inherit'] : ['ignore', 'pipe', 'pipe'] });
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

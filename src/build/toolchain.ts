// The C++ compiler cu2metal drives, and a promise-based process runner with captured output.
import { spawn, spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cacheDir } from './paths';

export interface ProcessResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runProcess(cmd: string, args: readonly string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = opts.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs) : undefined;
    child.on('error', (e) => {
      if (timer) clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

export interface Toolchain {
  readonly cxx: string;
  readonly version: string;
}

let cached: Toolchain | undefined;

/** clang++ (or $CU2METAL_CXX). The msl-cpu backend needs clang: address spaces and ext_vector_type. */
export function toolchain(): Toolchain {
  if (cached) return cached;
  const cxx = process.env['CU2METAL_CXX'] ?? 'clang++';
  // The version is asked once per compiler binary (its real path, size, date and inode): the answer
  // is kept in the cache, so a warm run starts no compiler.
  const saved = versionFile(cxx);
  if (saved) {
    try {
      const version = JSON.parse(fs.readFileSync(saved, 'utf8')) as unknown;
      if (typeof version === 'string') return (cached = { cxx, version });
    } catch {
      // not asked yet (or unreadable): ask the compiler
    }
  }
  const r = spawnSync(cxx, ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    throw new ToolchainError(`cannot run '${cxx}': cu2metal needs clang++ (Debian/Ubuntu: apt-get install clang; macOS: xcode-select --install)`);
  }
  cached = { cxx, version: r.stdout.split('\n')[0] ?? '' };
  if (saved) writeAtomic(saved, JSON.stringify(cached.version));
  return cached;
}

/** Where the version of the compiler `cxx` (a path, or a name looked up in PATH) is kept; undefined when not found. */
export function versionFile(cxx: string): string | undefined {
  const dirs = cxx.includes('/') ? [''] : (process.env['PATH'] ?? '').split(path.delimiter).filter(Boolean);
  for (const dir of dirs) {
    try {
      const real = fs.realpathSync(dir ? path.join(dir, cxx) : cxx);
      const st = fs.statSync(real);
      if (!st.isFile()) continue;
      return path.join(cacheDir(), 'toolchain', `version-${hashOf(real, String(st.size), String(st.mtimeMs), String(st.ino))}.json`);
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

let systemIncludes: string[] | undefined;

/**
 * `-isystem` flags for the C++ standard library headers of the toolchain. C++ for OpenCL
 * (`-x clcpp`, how msl-cpu compiles MSL) does not search them by itself; the emulation of
 * <metal_stdlib> uses <type_traits> and <limits>.
 */
export function cxxSystemIncludeArgs(): string[] {
  if (systemIncludes) return systemIncludes;
  // Asked once per toolchain: the answer is kept in the cache, so a warm run starts no compiler.
  const saved = path.join(cacheDir(), 'toolchain', `includes-${hashOf(toolchain().cxx, toolchain().version)}.json`);
  try {
    systemIncludes = JSON.parse(fs.readFileSync(saved, 'utf8')) as string[];
    return systemIncludes;
  } catch {
    // not asked yet (or unreadable): ask the compiler
  }
  const r = spawnSync(toolchain().cxx, ['-x', 'c++', '-std=c++17', '-E', '-v', '-'], { input: '', encoding: 'utf8' });
  const lines = (r.stderr ?? '').split('\n');
  const from = lines.findIndex((l) => l.startsWith('#include <...> search starts here'));
  const to = lines.findIndex((l, i) => i > from && l.startsWith('End of search list'));
  if (from < 0 || to < 0) throw new ToolchainError(`cannot find the C++ standard library headers of '${toolchain().cxx}' (its -v output has no search list)`);
  systemIncludes = lines.slice(from + 1, to).map((l) => l.trim().replace(/ \(framework directory\)$/, '')).filter((l) => l !== '').flatMap((d) => ['-isystem', d]);
  writeAtomic(saved, JSON.stringify(systemIncludes));
  return systemIncludes;
}

export class ToolchainError extends Error {
  override name = 'ToolchainError';
}

export function hashOf(...parts: (string | Buffer)[]): string {
  const h = crypto.createHash('sha256');
  for (const p of parts) {
    h.update(p);
    h.update('\0');
  }
  return h.digest('hex').slice(0, 24);
}

/** Hash of every file under the given directories (contents and relative names). */
export function hashTree(...dirs: string[]): string {
  const parts: (string | Buffer)[] = [];
  const walk = (d: string): void => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) parts.push(p, fs.readFileSync(p));
    }
  };
  dirs.forEach(walk);
  return hashOf(...parts);
}

/** Writes a file atomically (rename), so concurrent builds never see half a file. */
export function writeAtomic(file: string, data: string | Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

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

/** Reasons for the filesystem errors that are the user's to fix (a usage error, exit 2), by errno code. */
const FS_REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory, where a file is needed',
  ENOTDIR: 'a component of the path is a file, where a directory is needed',
  EEXIST: 'a file is in the way, where a directory is needed',
  ENAMETOOLONG: 'name too long',
  ELOOP: 'too many levels of symbolic links',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ETXTBSY: 'file busy (a running program?)',
  ENOTEMPTY: 'a directory that is not empty is in the way',
};

/**
 * The message for an ordinary filesystem error (Node's system errors carry `code`, `syscall`,
 * `path` and, for rename/link/copy, `dest`), naming the path and the reason; null for anything else.
 */
export function fileSystemProblem(e: unknown): string | null {
  if (!(e instanceof Error)) return null;
  const err = e as NodeJS.ErrnoException & { dest?: string };
  const reason = typeof err.code === 'string' ? FS_REASONS[err.code] : undefined;
  if (!reason || typeof err.path !== 'string') return null;
  // A rename onto a directory (or through a file) is about the destination, the user's path;
  // the source is our temporary.
  const target = err.syscall === 'rename' && err.dest && (err.code === 'EISDIR' || err.code === 'ENOTDIR' || err.code === 'ENOTEMPTY' || err.code === 'EEXIST') ? err.dest : err.path;
  const what = err.syscall === 'mkdir' && err.code === 'EEXIST' ? 'a file is in the way, where a directory is needed' : reason;
  return `${target}: ${what} (${err.code}${err.syscall ? ` in ${err.syscall}` : ''})`;
}

// Stale temporaries of the build cache: a build writes `<file>.<pid>.tmp` (or
// `<file>.<pid>.<time>.tmp`) beside the cache entry and renames it into place; a build that was
// killed leaves its temporary behind. They are removed when a build starts.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cacheDir } from './paths';

const TEMPORARY = /\.(\d+)(?:\.\d+)?\.tmp$/;
/** Older than this, a temporary is stale whatever its pid (which may have been reused). */
export const STALE_TEMPORARY_MS = 60 * 60 * 1000;

const alive = (pid: number): boolean => {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Removes the temporaries under `root` (cache/<kind>/<key>/<name>) whose process is gone or that
 * are older than an hour. Returns the removed paths. Never throws: a cache it cannot read is left
 * for the build itself to report.
 */
export function cleanStaleTemporaries(root: string = cacheDir(), now: number = Date.now()): string[] {
  const removed: string[] = [];
  const list = (dir: string): fs.Dirent[] => {
    try {
      return fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return [];
    }
  };
  for (const kind of list(root)) {
    if (!kind.isDirectory()) continue;
    for (const key of list(path.join(root, kind.name))) {
      if (!key.isDirectory()) continue;
      const dir = path.join(root, kind.name, key.name);
      for (const entry of list(dir)) {
        const m = TEMPORARY.exec(entry.name);
        if (!m) continue;
        const file = path.join(dir, entry.name);
        let old = false;
        try {
          old = now - fs.lstatSync(file).mtimeMs > STALE_TEMPORARY_MS;
        } catch {
          continue;
        }
        if (!old && alive(Number(m[1]))) continue;
        try {
          fs.rmSync(file, { recursive: true, force: true });
          removed.push(file);
        } catch {
          // another process removed or is removing it
        }
      }
    }
  }
  return removed;
}

// The build cache's size limit. Every build product lives in an entry folder,
// cache/<kind>/<key>/ (kinds: hosts, modules, objects, runtime), named by the hash of what it was
// built from, so nothing in it ever goes stale by itself: without a limit the cache only grows
// (a few thousand runs of changing programs left 2.4 GB here). So:
// - a build that finds an entry in the cache (or a cached run that starts one) marks the entry as
//   used by setting its folder's date, at most once an hour per entry (noteCacheUse);
// - at most once an hour, a command that builds measures the cache and, when it is over the limit,
//   removes the least recently used entries until it is at 80% of the limit
//   (maybeEnforceCacheLimit). Entries used in the last two hours are never removed, so a build or
//   a program running at the same time keeps what it is using. Cached-run records (cache/warm/)
//   whose executable or module is gone are removed with them.
// The limit is CU2METAL_CACHE_MAX_SIZE (2G by default; K, M, G suffixes; 0 for no limit).
// Hand-written: ccache-like eviction is a few file-system calls, not worth a dependency.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cacheDir } from './paths';

export const ENTRY_KINDS = ['hosts', 'modules', 'objects', 'runtime'] as const;
export const DEFAULT_CACHE_LIMIT = 2 * 1024 ** 3;
/** Entries used more recently than this are kept whatever the size. */
export const IN_USE_MS = 2 * 60 * 60 * 1000;
/** How often a use is noted on an entry, and how often the cache is measured. */
export const NOTE_EVERY_MS = 60 * 60 * 1000;
const MARKER = '.size-checked';

/** Parses a size such as 2G, 500M, 123456 or 0 (no limit: Infinity); undefined when it is not one. */
export function parseCacheSize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*$/i.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 }[(m[2] ?? '').toLowerCase()] ?? 1;
  return n === 0 ? Infinity : Math.floor(n * unit);
}

/** The limit in bytes, or a message saying why the variable was not understood (the default applies). */
export function cacheLimit(env: NodeJS.ProcessEnv = process.env): { bytes: number; problem?: string } {
  const v = env['CU2METAL_CACHE_MAX_SIZE'];
  if (v === undefined || v === '') return { bytes: DEFAULT_CACHE_LIMIT };
  const bytes = parseCacheSize(v);
  if (bytes !== undefined) return { bytes };
  return { bytes: DEFAULT_CACHE_LIMIT, problem: `CU2METAL_CACHE_MAX_SIZE=${JSON.stringify(v)} is not a size (for example 2G, 500M, or 0 for no limit); the default 2G applies` };
}

/** Marks the cache entry holding `file` as used now (at most once an hour). Never throws. */
export function noteCacheUse(file: string, now: number = Date.now()): void {
  const dir = path.dirname(file);
  try {
    if (now - fs.statSync(dir).mtimeMs < NOTE_EVERY_MS) return;
    const t = new Date(now);
    fs.utimesSync(dir, t, t);
  } catch {
    // an entry that cannot be marked may only be removed sooner
  }
}

/** `fs.existsSync(file)`, and a hit notes the use of its entry. */
export function cacheHit(file: string): boolean {
  if (!fs.existsSync(file)) return false;
  noteCacheUse(file);
  return true;
}

export interface CacheEntry {
  readonly dir: string;
  readonly kind: string;
  readonly bytes: number;
  readonly usedMs: number;
}

function list(dir: string): fs.Dirent[] {
  try {
    return fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

function sizeOf(p: string): number {
  let total = 0;
  for (const e of list(p)) {
    const q = path.join(p, e.name);
    try {
      total += e.isDirectory() ? sizeOf(q) : fs.lstatSync(q).size;
    } catch {
      // removed meanwhile
    }
  }
  return total;
}

/** Every entry of the cache with its size and the date it was last used. */
export function cacheEntries(root: string = cacheDir()): CacheEntry[] {
  const out: CacheEntry[] = [];
  for (const kind of ENTRY_KINDS) {
    for (const e of list(path.join(root, kind))) {
      if (!e.isDirectory()) continue;
      const dir = path.join(root, kind, e.name);
      try {
        out.push({ dir, kind, bytes: sizeOf(dir), usedMs: fs.statSync(dir).mtimeMs });
      } catch {
        // removed meanwhile
      }
    }
  }
  return out;
}

export interface TrimResult {
  readonly totalBefore: number;
  readonly totalAfter: number;
  readonly removed: readonly string[];
  readonly warmRecordsRemoved: number;
}

/**
 * Removes the least recently used entries of the cache at `root` while it is over `limit` bytes,
 * down to 80% of it, never an entry used in the last two hours; then the cached-run records
 * whose executable or module is gone. Never throws.
 */
export function trimCache(limit: number, root: string = cacheDir(), now: number = Date.now()): TrimResult {
  const entries = cacheEntries(root);
  const totalBefore = entries.reduce((s, e) => s + e.bytes, 0);
  let total = totalBefore;
  const removed: string[] = [];
  if (total > limit) {
    const target = limit * 0.8;
    for (const e of [...entries].sort((a, b) => a.usedMs - b.usedMs)) {
      if (total <= target) break;
      if (now - e.usedMs < IN_USE_MS) continue;
      try {
        fs.rmSync(e.dir, { recursive: true, force: true });
        removed.push(e.dir);
        total -= e.bytes;
      } catch {
        // another process removed or is using it
      }
    }
  }
  return { totalBefore, totalAfter: total, removed, warmRecordsRemoved: removeOrphanWarmRecords(root) };
}

/** Cached-run records (src/run/warm.ts) that name an executable or module no longer there. */
function removeOrphanWarmRecords(root: string): number {
  let n = 0;
  const dir = path.join(root, 'warm');
  for (const e of list(dir)) {
    if (!e.isFile() || !e.name.endsWith('.json')) continue;
    const file = path.join(dir, e.name);
    let gone = false;
    try {
      const r = JSON.parse(fs.readFileSync(file, 'utf8')) as { exe?: unknown; module?: unknown };
      gone = typeof r.exe !== 'string' || !fs.existsSync(r.exe) || (typeof r.module === 'string' && !fs.existsSync(r.module));
    } catch {
      gone = true; // unreadable: a cached run would ignore it anyway
    }
    if (!gone) continue;
    try {
      fs.rmSync(file, { force: true });
      n++;
    } catch {
      // left for next time
    }
  }
  return n;
}

/**
 * At most once an hour (a marker file's date): trims the cache to its limit. Returns the message
 * to print when CU2METAL_CACHE_MAX_SIZE was not understood. Never throws.
 */
export function maybeEnforceCacheLimit(root: string = cacheDir(), now: number = Date.now()): string | undefined {
  const { bytes, problem } = cacheLimit();
  const marker = path.join(root, MARKER);
  try {
    if (now - fs.statSync(marker).mtimeMs < NOTE_EVERY_MS) return problem;
  } catch {
    // never checked (or no cache yet)
  }
  try {
    fs.mkdirSync(root, { recursive: true });
    fs.writeFileSync(marker, '');
    const t = new Date(now);
    fs.utimesSync(marker, t, t);
  } catch {
    return problem; // a cache that cannot be written is reported by the build
  }
  if (bytes !== Infinity) trimCache(bytes, root, now);
  return problem;
}

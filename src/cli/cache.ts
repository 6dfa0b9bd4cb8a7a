// `cu2metal cache`: where the build cache is, how big it is against its limit, and ways to trim or
// empty it (src/build/cacheLimit.ts does the work).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command } from 'commander';
import { cacheEntries, cacheLimit, ENTRY_KINDS, trimCache } from '../build/cacheLimit';
import { cacheDir } from '../build/paths';
import { EXIT, printJson, say } from './output';

interface CacheOpts {
  trim?: boolean;
  clear?: boolean;
  json?: boolean;
}

/** 1536 → "1.5 KiB". */
export function humanSize(bytes: number): string {
  if (bytes === Infinity) return 'no limit';
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${v} bytes` : `${v.toFixed(1)} ${units[u]}`;
}

export function cacheCommand(): Command {
  return new Command('cache')
    .description('show where the build cache is, its size and its limit (CU2METAL_CACHE, CU2METAL_CACHE_MAX_SIZE); --trim or --clear it')
    .option('--trim', 'remove the least recently used entries now, down to 80% of the limit (runs do this at most once an hour)')
    .option('--clear', 'remove every build product and cached-run record (the next run builds everything again)')
    .option('--json', 'print the figures as JSON')
    .addHelpText('after', `
The cache holds compiled kernel modules, host programs, objects and the runtime library, each under
a key of what it was built from. Runs remove the least recently used entries once it exceeds
CU2METAL_CACHE_MAX_SIZE (default 2G; K, M, G suffixes; 0 for no limit); entries used in the last two
hours are kept.`)
    .action((opts: CacheOpts) => {
      const root = cacheDir();
      const { bytes: limit, problem } = cacheLimit();
      if (problem) say(`note: ${problem}`);
      if (opts.trim && opts.clear) {
        say('cache: --trim and --clear cannot be used together');
        process.exitCode = EXIT.usage;
        return;
      }
      let removed = 0;
      if (opts.clear) {
        for (const kind of [...ENTRY_KINDS, 'warm', 'toolchain']) {
          const dir = path.join(root, kind);
          if (!fs.existsSync(dir)) continue;
          removed += fs.readdirSync(dir).length;
          fs.rmSync(dir, { recursive: true, force: true });
        }
      } else if (opts.trim && limit !== Infinity) {
        const r = trimCache(limit, root);
        removed = r.removed.length + r.warmRecordsRemoved;
      }
      const entries = cacheEntries(root);
      const byKind = Object.fromEntries(ENTRY_KINDS.map((k) => {
        const of = entries.filter((e) => e.kind === k);
        return [k, { entries: of.length, bytes: of.reduce((s, e) => s + e.bytes, 0) }];
      }));
      const total = entries.reduce((s, e) => s + e.bytes, 0);
      if (opts.json) {
        printJson({ path: root, bytes: total, limit: limit === Infinity ? null : limit, kinds: byKind, ...(opts.trim || opts.clear ? { removed } : {}) });
        return;
      }
      const lines = [`cache: ${root}`, `size: ${humanSize(total)} of ${limit === Infinity ? 'no limit' : humanSize(limit)}`];
      for (const k of ENTRY_KINDS) lines.push(`  ${k.padEnd(8)} ${String(byKind[k]?.entries ?? 0).padStart(6)} entries  ${humanSize(byKind[k]?.bytes ?? 0)}`);
      if (opts.trim || opts.clear) lines.push(`removed: ${removed} ${removed === 1 ? 'entry' : 'entries'}`);
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}

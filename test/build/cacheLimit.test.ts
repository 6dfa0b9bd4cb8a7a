// src/build/cacheLimit.ts and `cu2metal cache`: the build cache stays under its size limit,
// least recently used entries first, never an entry in use.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { cacheHit, cacheLimit, IN_USE_MS, maybeEnforceCacheLimit, noteCacheUse, parseCacheSize, trimCache } from '../../src/build/cacheLimit';
import { cu2metal, show } from '../helpers/cli';

const HOUR = 60 * 60 * 1000;
const NOW = Date.parse('2026-12-04T12:00:00Z');

function tempCache(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'cu2m-cachelimit-'));
}

/** An entry folder cache/<kind>/<key>/ holding `bytes` bytes, last used `ageMs` before NOW. */
function entry(root: string, kind: string, key: string, bytes: number, ageMs: number, file = 'product.so'): string {
  const dir = path.join(root, kind, key);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, file), Buffer.alloc(bytes));
  const t = new Date(NOW - ageMs);
  fs.utimesSync(dir, t, t);
  return dir;
}

test('sizes: suffixes, 0 for no limit, junk refused', () => {
  assert.equal(parseCacheSize('2G'), 2 * 1024 ** 3);
  assert.equal(parseCacheSize('500M'), 500 * 1024 ** 2);
  assert.equal(parseCacheSize('1.5k'), 1536);
  assert.equal(parseCacheSize('64MiB'), 64 * 1024 ** 2);
  assert.equal(parseCacheSize('123456'), 123456);
  assert.equal(parseCacheSize('0'), Infinity);
  assert.equal(parseCacheSize('lots'), undefined);
  assert.equal(parseCacheSize('-1G'), undefined);
  assert.deepEqual(cacheLimit({}), { bytes: 2 * 1024 ** 3 });
  assert.deepEqual(cacheLimit({ CU2METAL_CACHE_MAX_SIZE: '10M' }), { bytes: 10 * 1024 ** 2 });
  const bad = cacheLimit({ CU2METAL_CACHE_MAX_SIZE: 'big' });
  assert.equal(bad.bytes, 2 * 1024 ** 3);
  assert.match(bad.problem ?? '', /CU2METAL_CACHE_MAX_SIZE="big" is not a size .*default 2G applies/);
});

test('trimming removes the least recently used entries down to 80% of the limit, never one in use', () => {
  const root = tempCache();
  const oldest = entry(root, 'hosts', 'a', 4000, 50 * HOUR);
  const old = entry(root, 'modules', 'b', 3000, 40 * HOUR);
  const middle = entry(root, 'objects', 'c', 2000, 30 * HOUR);
  const recent = entry(root, 'runtime', 'd', 5000, IN_USE_MS / 2);
  // 14,000 bytes against a limit of 10,000: down to 8,000. The entry in use (5,000) stays, so
  // the oldest two go (7,000), leaving 7,000.
  const r = trimCache(10000, root, NOW);
  assert.equal(r.totalBefore, 14000);
  assert.deepEqual(r.removed, [oldest, old]);
  assert.equal(r.totalAfter, 7000);
  assert.ok(!fs.existsSync(oldest) && !fs.existsSync(old));
  assert.ok(fs.existsSync(middle) && fs.existsSync(recent));
  // Under the limit: nothing to do.
  assert.deepEqual(trimCache(10000, root, NOW).removed, []);
  // Everything in use: kept even over the limit.
  const busy = tempCache();
  entry(busy, 'modules', 'x', 9000, 0);
  const b = trimCache(1000, busy, NOW);
  assert.deepEqual(b.removed, []);
  assert.equal(b.totalAfter, 9000);
});

test('trimming removes cached-run records whose executable or module is gone, and keeps the others', () => {
  const root = tempCache();
  const exe = path.join(entry(root, 'hosts', 'h', 10, 0, 'prog'), 'prog');
  const mod = path.join(entry(root, 'modules', 'm', 10, 0, 'prog.msl-cpu.so'), 'prog.msl-cpu.so');
  const warm = path.join(root, 'warm');
  fs.mkdirSync(warm);
  fs.writeFileSync(path.join(warm, 'live.json'), JSON.stringify({ exe, module: mod }));
  fs.writeFileSync(path.join(warm, 'nomodule.json'), JSON.stringify({ exe, module: null }));
  fs.writeFileSync(path.join(warm, 'gone.json'), JSON.stringify({ exe: path.join(root, 'hosts', 'zz', 'prog'), module: null }));
  fs.writeFileSync(path.join(warm, 'gonemodule.json'), JSON.stringify({ exe, module: path.join(root, 'modules', 'zz', 'p.so') }));
  fs.writeFileSync(path.join(warm, 'broken.json'), '{');
  const r = trimCache(1 << 30, root, NOW);
  assert.equal(r.warmRecordsRemoved, 3);
  assert.deepEqual(fs.readdirSync(warm).sort(), ['live.json', 'nomodule.json']);
});

test('a cache hit marks its entry as used, at most once an hour', () => {
  const root = tempCache();
  const dir = entry(root, 'modules', 'k', 10, 5 * HOUR);
  const file = path.join(dir, 'product.so');
  noteCacheUse(file, NOW);
  assert.equal(fs.statSync(dir).mtimeMs, NOW);
  noteCacheUse(file, NOW + HOUR / 2); // within the hour: not written again
  assert.equal(fs.statSync(dir).mtimeMs, NOW);
  assert.equal(cacheHit(path.join(dir, 'missing.so')), false);
  assert.equal(cacheHit(file), true);
  assert.ok(Math.abs(fs.statSync(dir).mtimeMs - Date.now()) < 60_000, 'a real hit marks the entry now');
});

test('runs measure the cache at most once an hour', () => {
  const root = tempCache();
  entry(root, 'hosts', 'a', 5000, 10 * HOUR);
  const saved = process.env['CU2METAL_CACHE_MAX_SIZE'];
  process.env['CU2METAL_CACHE_MAX_SIZE'] = '1000';
  try {
    // Checked within the hour (marker written now): nothing removed.
    fs.writeFileSync(path.join(root, '.size-checked'), '');
    const t = new Date(NOW - HOUR / 2);
    fs.utimesSync(path.join(root, '.size-checked'), t, t);
    assert.equal(maybeEnforceCacheLimit(root, NOW), undefined);
    assert.ok(fs.existsSync(path.join(root, 'hosts', 'a')));
    // An hour later: trimmed, and the marker moves on.
    assert.equal(maybeEnforceCacheLimit(root, NOW + HOUR), undefined);
    assert.ok(!fs.existsSync(path.join(root, 'hosts', 'a')));
    assert.equal(fs.statSync(path.join(root, '.size-checked')).mtimeMs, NOW + HOUR);
    process.env['CU2METAL_CACHE_MAX_SIZE'] = 'huge';
    assert.match(maybeEnforceCacheLimit(root, NOW + 3 * HOUR) ?? '', /is not a size/);
  } finally {
    if (saved === undefined) delete process.env['CU2METAL_CACHE_MAX_SIZE'];
    else process.env['CU2METAL_CACHE_MAX_SIZE'] = saved;
  }
});

test('cu2metal cache: figures, --trim, --clear, and its usage errors', async () => {
  const root = tempCache();
  entry(root, 'hosts', 'a', 3000, 50 * HOUR);
  entry(root, 'modules', 'b', 2000, 0);
  const env = { ...process.env, CU2METAL_CACHE: root, CU2METAL_CACHE_MAX_SIZE: '4000' };
  const shown = await cu2metal(['cache'], { env });
  assert.equal(shown.code, 0, show(shown));
  assert.match(shown.stdout, new RegExp(`^cache: ${root.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\nsize: 4\\.9 KiB of 3\\.9 KiB\\n`));
  assert.match(shown.stdout, /hosts +1 entries {2}2\.9 KiB/);
  const json = await cu2metal(['cache', '--json'], { env });
  assert.deepEqual(JSON.parse(json.stdout), { path: root, bytes: 5000, limit: 4000, kinds: { hosts: { entries: 1, bytes: 3000 }, modules: { entries: 1, bytes: 2000 }, objects: { entries: 0, bytes: 0 }, runtime: { entries: 0, bytes: 0 } } });
  const trimmed = await cu2metal(['cache', '--trim', '--json'], { env });
  assert.equal(trimmed.code, 0, show(trimmed));
  assert.equal(JSON.parse(trimmed.stdout).bytes, 2000);
  assert.equal(JSON.parse(trimmed.stdout).removed, 1);
  const both = await cu2metal(['cache', '--trim', '--clear'], { env });
  assert.equal(both.code, 2, show(both));
  assert.match(both.stderr, /--trim and --clear cannot be used together/);
  const bad = await cu2metal(['cache', '--json'], { env: { ...env, CU2METAL_CACHE_MAX_SIZE: 'huge' } });
  assert.equal(bad.code, 0, show(bad));
  assert.match(bad.stderr, /note: CU2METAL_CACHE_MAX_SIZE="huge" is not a size/);
  const unknown = await cu2metal(['cache', '--bogus'], { env });
  assert.equal(unknown.code, 2, show(unknown));
  assert.match(unknown.stderr, /unknown option '--bogus'/);
  const cleared = await cu2metal(['cache', '--clear'], { env });
  assert.equal(cleared.code, 0, show(cleared));
  assert.match(cleared.stdout, /size: 0 bytes of 3\.9 KiB[\s\S]*removed: 1 entry/);
  assert.ok(!fs.existsSync(path.join(root, 'modules')));
});

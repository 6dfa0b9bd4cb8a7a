// CLI and files (issue 7 item 5): ordinary filesystem errors are usage errors (exit 2) naming the
// path and the reason, never "internal error" (70); a SIGKILLed CLI does not orphan the program;
// stale cache temporaries are removed when a build starts.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cleanStaleTemporaries, STALE_TEMPORARY_MS } from '../../src/build/cacheClean';
import { fileSystemProblem } from '../../src/cli/output';
import { orphanedAfterKill, programPid, running } from '../helpers/processes';

const root = path.resolve(__dirname, '..', '..', '..');
const CLI = path.join(root, 'bin', 'cu2metal.js');
const KERNEL = '__global__ void k(int *a) { a[0] = 1; }\nint main() { return 0; }\n';

function sandbox(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-files-'));
  fs.writeFileSync(path.join(dir, 'ok.cu'), KERNEL);
  return dir;
}

/** The CLI in `cwd`; with `cache`, that build cache (else the user's, warm from other tests). */
function cli(cwd: string, args: string[], cache?: string): { code: number | null; out: string } {
  const env = cache ? { ...process.env, CU2METAL_CACHE: cache } : process.env;
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env });
  return { code: r.status, out: r.stdout + r.stderr };
}

function usageError(r: { code: number | null; out: string }, ...patterns: RegExp[]): void {
  assert.equal(r.code, 2, r.out);
  assert.doesNotMatch(r.out, /internal error|please report/);
  assert.doesNotMatch(r.out, /^\s+at /m, 'no stack trace');
  for (const p of patterns) assert.match(r.out, p);
}

describe('filesystem errors are usage errors (exit 2) naming the path', () => {
  test('translate -o onto an existing file, and -o whose parent is a file', () => {
    const dir = sandbox();
    fs.writeFileSync(path.join(dir, 'afile'), '');
    usageError(cli(dir, ['translate', 'ok.cu', '-o', 'afile']), /afile: a file is in the way, where a directory is needed/);
    usageError(cli(dir, ['translate', 'ok.cu', '-o', 'afile/sub']), /afile\/sub: a component of the path is a file/);
  });
  test('build -o onto a directory, and -o under a file', () => {
    const dir = sandbox();
    fs.mkdirSync(path.join(dir, 'adir'));
    fs.writeFileSync(path.join(dir, 'afile'), '');
    usageError(cli(dir, ['build', 'ok.cu', '-o', 'adir']), /adir: is a directory, where a file is needed/);
    usageError(cli(dir, ['build', 'ok.cu', '-o', 'afile/prog']), /afile: a file is in the way/);
  });
  test('an output name too long (ENAMETOOLONG)', () => {
    const dir = sandbox();
    usageError(cli(dir, ['translate', 'ok.cu', '-o', 'x'.repeat(300)]), /x{300}: name too long \(ENAMETOOLONG/);
  });
  test('an input name too long, a missing input, a directory named .cu', () => {
    const dir = sandbox();
    fs.mkdirSync(path.join(dir, 'adir.cu'));
    usageError(cli(dir, ['check', `${'y'.repeat(300)}.cu`]), /name too long/);
    usageError(cli(dir, ['translate', 'missing.cu']), /missing\.cu.*no such file/);
    usageError(cli(dir, ['translate', 'adir.cu']), /adir\.cu.*is a directory/);
  });
  test('a directory given as input', () => {
    const dir = sandbox();
    fs.mkdirSync(path.join(dir, 'src'));
    usageError(cli(dir, ['translate', 'src']), /'src' is a directory; give the source files in it/);
    usageError(cli(dir, ['run', 'src/']), /'src\/' is a directory/);
  });
  test('inputs named .cu and ..cu (no name for the outputs)', () => {
    const dir = sandbox();
    fs.writeFileSync(path.join(dir, '.cu'), KERNEL);
    fs.writeFileSync(path.join(dir, '..cu'), KERNEL);
    usageError(cli(dir, ['translate', '.cu', '-o', 'o1']), /'\.cu': the file name has nothing before its extension/);
    usageError(cli(dir, ['check', '..cu']), /'\.\.cu': the file name has nothing before its extension/);
    assert.equal(fs.existsSync(path.join(dir, 'o1')), false, 'nothing written');
  });
  test('unreadable input and unwritable output (EACCES)', (t) => {
    if (process.getuid?.() === 0) {
      t.skip('root reads and writes regardless of permissions; the message is checked by the next test');
      return;
    }
    const dir = sandbox();
    fs.chmodSync(path.join(dir, 'ok.cu'), 0o000);
    usageError(cli(dir, ['check', 'ok.cu']), /ok\.cu.*permission denied/i);
    fs.chmodSync(path.join(dir, 'ok.cu'), 0o644);
    fs.mkdirSync(path.join(dir, 'ro'), { mode: 0o555 });
    usageError(cli(dir, ['translate', 'ok.cu', '-o', 'ro/out']), /ro\/out: permission denied/);
  });
  test('the message for each errno names the path and the reason; other errors are not taken for filesystem errors', () => {
    const err = (code: string, syscall: string, p: string, dest?: string): Error => Object.assign(new Error(`${code}: ${syscall} '${p}'`), { code, syscall, path: p, dest });
    assert.equal(fileSystemProblem(err('EACCES', 'open', 'in.cu')), 'in.cu: permission denied (EACCES in open)');
    assert.equal(fileSystemProblem(err('EACCES', 'mkdir', 'out')), 'out: permission denied (EACCES in mkdir)');
    assert.equal(fileSystemProblem(err('EROFS', 'open', '/ro/x')), '/ro/x: read-only file system (EROFS in open)');
    // A rename onto a directory names the destination (the user's path), not our temporary.
    assert.equal(fileSystemProblem(err('EISDIR', 'rename', 'prog.1.tmp', 'prog')), 'prog: is a directory, where a file is needed (EISDIR in rename)');
    assert.equal(fileSystemProblem(new Error('boom')), null);
    assert.equal(fileSystemProblem(Object.assign(new Error('x'), { code: 'ERR_SOMETHING', path: 'p' })), null);
    assert.equal(fileSystemProblem(Object.assign(new Error('x'), { code: 'ENOENT' })), null, 'no path: not reported as a file problem');
    assert.equal(fileSystemProblem('ENOENT'), null);
  });
});

describe('the README says what exit 70 means', () => {
  test('70 is only for internal errors', () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    assert.match(readme, /70[^\n]*internal error/);
  });
});

describe('stale cache temporaries are removed when a build starts', () => {
  test('dead pid or older than an hour: removed; a live process, recent: kept; other files: kept', () => {
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-cache-'));
    const key = path.join(cache, 'objects', 'abc123');
    fs.mkdirSync(key, { recursive: true });
    // A pid that is certainly dead: a child that has exited and been reaped.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(dead.stdout);
    assert.ok(deadPid > 0);
    const files = {
      deadFile: path.join(key, `a.host.o.${deadPid}.tmp`),
      deadDir: path.join(key, `lib.${deadPid}.tmp`),
      deadTimed: path.join(key, `b.o.${deadPid}.1700000000000.tmp`),
      liveRecent: path.join(key, `c.o.${process.pid}.tmp`),
      liveOld: path.join(key, `d.o.${process.ppid}.tmp`),
      entry: path.join(key, 'a.host.o'),
      notOurs: path.join(key, 'notes.tmp'),
    };
    for (const [k, f] of Object.entries(files)) {
      if (k === 'deadDir') {
        fs.mkdirSync(f);
        fs.writeFileSync(path.join(f, 'inner'), 'x');
      } else fs.writeFileSync(f, 'x');
    }
    const old = (Date.now() - STALE_TEMPORARY_MS - 60_000) / 1000;
    fs.utimesSync(files.liveOld, old, old);
    const removed = cleanStaleTemporaries(cache).sort();
    assert.deepEqual(removed, [files.deadFile, files.deadDir, files.deadTimed, files.liveOld].sort());
    for (const f of [files.liveRecent, files.entry, files.notOurs]) assert.ok(fs.existsSync(f), f);
    for (const f of removed) assert.equal(fs.existsSync(f), false, f);
    fs.rmSync(cache, { recursive: true, force: true });
  });
  test('the CLI cleans the cache before a build (run), not for translate', () => {
    const dir = sandbox();
    const cache = path.join(dir, '.cache');
    const stale = path.join(cache, 'hosts', 'k1', `prog.999999999.tmp`);
    fs.mkdirSync(path.dirname(stale), { recursive: true });
    fs.writeFileSync(stale, 'x');
    assert.equal(cli(dir, ['translate', 'ok.cu', '-o', 'out'], cache).code, 0);
    assert.ok(fs.existsSync(stale), 'translate does not touch the cache');
    // A build of a missing file fails after the clean-up (no compiler run needed).
    assert.equal(cli(dir, ['build', 'missing.cu', '-o', 'prog'], cache).code, 2);
    assert.equal(fs.existsSync(stale), false, 'build removed the stale temporary');
  });
});

describe('SIGKILL of the CLI does not orphan the program', () => {
  test('the running program is gone within seconds of the CLI being killed', { skip: process.platform !== 'linux' ? 'the parent-death signal is Linux only' : false, timeout: 300_000 }, async () => {
    const dir = sandbox();
    fs.writeFileSync(
      path.join(dir, 'sleeper.cu'),
      '#include <cstdio>\n#include <unistd.h>\n__global__ void k(int *a) { a[0] = 1; }\nint main() {\n  printf("pid %d\\n", (int)getpid());\n  fflush(stdout);\n  sleep(120);\n  return 0;\n}\n',
    );
    const child = spawn(process.execPath, [CLI, 'run', 'sleeper.cu', '--backend', 'cuda-cpu'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    const { pid } = await programPid(child);
    assert.ok(running(pid), 'the program runs');
    const orphan = await orphanedAfterKill(child, pid);
    assert.equal(orphan, false, `program ${pid} outlived the killed CLI`);
  });
});

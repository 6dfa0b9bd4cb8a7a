// Cached `run` (issue 8): a `run` whose inputs have not changed since a run that built everything
// starts the program at once, without loading the translator (tree-sitter), translating, hashing
// the generated code or asking the build cache. bin/cu2metal.js tries it before loading the CLI.
//
// A record per invocation (cache/warm/KEY.json; KEY: the arguments before `--`, the working
// folder, the CU2METAL_* and compiler variables, the compiler binary, and the dates and sizes of
// cu2metal's own code and native tree) names the executable and the module that run built, and
// what they were built from: every source the translator read (.cu files and the headers it
// inlined), the host sources, and the headers in the source and -I folders (sizes and dates, as
// the build cache keys them). Any difference, a missing file, or anything unusual (diagnostics or
// notes were printed, -l/-L libraries, the metal backend) and the full path runs as before.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { noteCacheUse } from '../build/cacheLimit';
import { cacheDir, NATIVE_DIR, PACKAGE_ROOT } from '../build/paths';
import { versionFile } from '../build/toolchain';

const RECORD_VERSION = 1;

/** What a cached run needs to start the program as `run` would. */
export interface WarmRecord {
  readonly v: number;
  /** [file, sha1 of its bytes] for every source read. */
  readonly inputs: readonly (readonly [string, string])[];
  /** Folders whose headers' sizes and dates were noted, and that listing's hash. */
  readonly headerDirs: readonly string[];
  readonly headers: string;
  readonly exe: string;
  readonly module: string | null;
  readonly backend: 'msl-cpu' | 'cuda-cpu';
  readonly stem: string;
  readonly timeoutSeconds?: number;
}

const sha1 = (data: string | Buffer): string => createHash('sha1').update(data).digest('hex');

/** Names, sizes and dates of the files under `dir` (cu2metal's own code: a change is a new key). */
function treeStamp(dir: string, out: string[], only?: RegExp): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) treeStamp(p, out, only);
    else if (e.isFile() && (!only || only.test(e.name))) {
      const st = fs.statSync(p);
      out.push(`${p}:${st.size}:${st.mtimeMs}`);
    }
  }
}

let toolStampCache: string | undefined;
function toolStamp(): string {
  if (toolStampCache !== undefined) return toolStampCache;
  const parts: string[] = [];
  treeStamp(path.join(PACKAGE_ROOT, 'dist', 'src'), parts, /\.js$/);
  treeStamp(NATIVE_DIR, parts);
  const cxx = process.env['CU2METAL_CXX'] ?? 'clang++';
  parts.push(`cxx:${versionFile(cxx) ?? 'none'}`);
  return (toolStampCache = sha1(parts.join('\n')));
}

/** The key of an invocation: `argv` is process.argv. */
export function warmKey(argv: readonly string[]): string {
  const args = argv.slice(2);
  const dd = args.indexOf('--');
  const own = dd < 0 ? args : args.slice(0, dd);
  const env = Object.keys(process.env)
    .filter((k) => k.startsWith('CU2METAL_') || ['CXX', 'CC', 'CPATH', 'CPLUS_INCLUDE_PATH', 'C_INCLUDE_PATH', 'LIBRARY_PATH', 'PATH'].includes(k))
    .filter((k) => k !== 'CU2METAL_PARENT_PID')
    .sort()
    .map((k) => `${k}=${process.env[k]}`);
  return sha1(JSON.stringify([RECORD_VERSION, toolStamp(), process.cwd(), own, env]));
}

const recordFile = (key: string): string => path.join(cacheDir(), 'warm', `${key}.json`);

/** Sizes and dates of the headers in `dirs`, as the build cache notes them (build.ts headersHash). */
export function headersStamp(dirs: readonly string[]): string {
  const parts: string[] = [];
  for (const dir of dirs) {
    let entries: fs.Dirent[] = [];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      parts.push(`${dir}: none`);
      continue;
    }
    for (const e of entries) {
      if (!e.isFile() || !/\.(h|hh|hpp|hxx|cuh|inc|inl)$/.test(e.name)) continue;
      const st = fs.statSync(path.join(dir, e.name));
      parts.push(`${dir}/${e.name}:${st.size}:${st.mtimeMs}`);
    }
  }
  return sha1(parts.sort().join('\n'));
}

/** The record for this invocation when everything it names is unchanged; undefined otherwise. */
export function findWarmRun(argv: readonly string[]): WarmRecord | undefined {
  if (argv[2] !== 'run') return undefined;
  let r: WarmRecord;
  try {
    r = JSON.parse(fs.readFileSync(recordFile(warmKey(argv)), 'utf8')) as WarmRecord;
  } catch {
    return undefined;
  }
  try {
    if (r.v !== RECORD_VERSION || !fs.statSync(r.exe).isFile() || (r.module !== null && !fs.statSync(r.module).isFile())) return undefined;
    fs.accessSync(r.exe, fs.constants.X_OK);
    for (const [file, hash] of r.inputs) if (sha1(fs.readFileSync(file)) !== hash) return undefined;
    if (headersStamp(r.headerDirs) !== r.headers) return undefined;
  } catch {
    return undefined;
  }
  return r;
}

/** Notes what a successful full `run` built, for the next identical invocation. Never throws. */
export function recordWarmRun(argv: readonly string[], what: { files: readonly string[]; headerDirs: readonly string[]; exe: string; module: string | null; backend: string; stem: string; timeoutSeconds?: number }): void {
  if (argv[2] !== 'run' || process.env['CU2METAL_WARM_RUN'] === '0' || (what.backend !== 'msl-cpu' && what.backend !== 'cuda-cpu')) return;
  try {
    const record: WarmRecord = {
      v: RECORD_VERSION,
      inputs: [...new Set(what.files)].map((f) => [f, sha1(fs.readFileSync(f))] as const),
      headerDirs: what.headerDirs,
      headers: headersStamp(what.headerDirs),
      exe: what.exe,
      module: what.module,
      backend: what.backend,
      stem: what.stem,
      ...(what.timeoutSeconds !== undefined ? { timeoutSeconds: what.timeoutSeconds } : {}),
    };
    const file = recordFile(warmKey(argv));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(record));
    fs.renameSync(tmp, file);
  } catch {
    // a cache that cannot be written only means the next run takes the full path
  }
}

/**
 * Runs the program of a record as `run` does (src/cli/run.ts): the program arguments after `--`,
 * its output passed through, an abnormal end described, its exit status returned.
 */
export async function runWarm(r: WarmRecord, argv: readonly string[]): Promise<number> {
  const { describeExit, execute, exitStatusOf } = await import('./run');
  const { say } = await import('../cli/output');
  const args = argv.slice(2);
  const dd = args.indexOf('--');
  const programArgs = dd < 0 ? [] : args.slice(dd + 1);
  // The cache's size limit removes what was used least recently (src/build/cacheLimit.ts).
  noteCacheUse(r.exe);
  if (r.module !== null) noteCacheUse(r.module);
  const res = await execute(r.exe, r.backend, r.module, { args: programArgs, stdio: 'inherit', timeoutSeconds: r.timeoutSeconds });
  const abnormal = describeExit(res, r.timeoutSeconds);
  if (abnormal) say(`${r.stem}: ${abnormal}`);
  return exitStatusOf(res);
}

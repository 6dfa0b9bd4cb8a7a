// Building translated programs: the runtime library and the kernel module of a CPU backend
// (programs of several files and the host executable: src/build/program.ts). Every product lands
// in the cache under a hash of its inputs, so a second `cu2metal run` of an unchanged program
// compiles nothing.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cacheHit } from './cacheLimit';
import type { Translation } from '../translate/index';
import { cudaGlue } from './glue';
import { mslCpuModuleCode } from './mslWorkItemLoops';
import { cudaCpuModuleCode } from './workItemLoops';
import { lowerMslForClang } from './mslLower';
import { CUDA_EMULATION_HEADER, CUDA_EMULATION_INCLUDE, MSL_EMULATION_INCLUDE, NATIVE_DIR, NATIVE_INCLUDE, cacheDir } from './paths';
import { isObjCxxSource, metalBuildPlan, metalSupported, type MetalBuildPlan } from './metal';
import { cxxSystemIncludeArgs, hashOf, hashTree, runProcess, toolchain, writeAtomic } from './toolchain';
import { withCudaEmulationPch } from './pch';
import { nvccCompileDefines } from '../translate/tables/predefinedMacros';
import { mslVersionNumber, type MslVersionNeed } from '../translate/mslVersion';
import { mslVersionLabel, mslVersionName } from '../translate/tables/mslVersions';

export type CpuBackend = 'msl-cpu' | 'cuda-cpu';
export const BACKENDS = ['msl-cpu', 'cuda-cpu'] as const;
/** Every backend; 'metal' only where metalSupported() (macOS). */
export type Backend = CpuBackend | 'metal';

/** On macOS the runtime library and host programs always carry the Metal backend too. */
export const metalPlan = (): MetalBuildPlan | null => (metalSupported() ? metalBuildPlan() : null);

/** User compiler flags accepted by run/diff (as nvcc spells them). */
export interface UserFlags {
  readonly includeDirs: readonly string[];
  readonly defines: readonly string[];
  /** -U NAME: host code and the reference device code. */
  readonly undefines?: readonly string[];
  readonly std?: string;
  /** -O<n> of the host code (default 1). */
  readonly optLevel?: string;
  /** -g: host code with debug information. */
  readonly debug?: boolean;
  /** -Xcompiler flags (split at commas), for host compiles and the link. */
  readonly hostFlags?: readonly string[];
  /** -l / -L: host libraries and their folders, for the link. */
  readonly libraries?: readonly string[];
  readonly libraryDirs?: readonly string[];
  /** The MSL version msl-cpu compiles for, as __METAL_VERSION__ (300 = MSL 3.0); see mslVersion(). */
  readonly metalVersion?: number;
  /** --sanitize: AddressSanitizer in the kernel modules, the runtime and the host (see sanitizeArgs). */
  readonly sanitize?: boolean;
}

/**
 * --sanitize (run/diff on the CPU backends): kernel modules, device objects, host objects, the
 * link and the runtime library are compiled with AddressSanitizer. The flags are part of every
 * cache key, so sanitized products never mix with plain ones. Under it the runtime gives exact-size
 * cudaMalloc allocations and frees for real (ASan's quarantine catches use after cudaFree), Boost
 * fibers switch stacks through ASan's fiber annotations, and a report names the kernel, block and
 * thread (native/cpu/sanitize.cpp).
 */
export const SANITIZE_FLAGS: readonly string[] = ['-fsanitize=address', '-fno-omit-frame-pointer', '-g', '-DCU2M_SANITIZE=1'];
export const sanitizeArgs = (flags: Pick<UserFlags, 'sanitize'>): string[] => (flags.sanitize ? [...SANITIZE_FLAGS] : []);
/**
 * --sanitize, kernel code only: every load and store of 1-16 bytes calls __sanitizer_cov_loadN/storeN
 * first, which check reads of shared memory not written in the block (native/include/cu2m/shared_mem.h).
 */
export const SANITIZE_KERNEL_FLAGS: readonly string[] = ['-fsanitize-coverage=func,trace-loads,trace-stores'];
// The modules name their sources as the command line did (`#line 1 "dir/app.cu"`, relative to the
// user's directory) but compile in the source's folder: the debug information's compilation
// directory is the user's, so that reports name `…/dir/app.cu` once, not `…/dir/dir/app.cu`.
export const sanitizeDebugDirArgs = (flags: Pick<UserFlags, 'sanitize'>): string[] => (flags.sanitize ? [`-fdebug-compilation-dir=${process.cwd()}`] : []);
export const sanitizeKernelArgs = (flags: Pick<UserFlags, 'sanitize'>): string[] =>
  flags.sanitize ? [...SANITIZE_FLAGS, ...SANITIZE_KERNEL_FLAGS, ...sanitizeDebugDirArgs(flags)] : [];

/**
 * MSL versions the Metal backend selects (docs/METAL.md: 3.0 on macOS 13 up to 4.0 on macOS 26).
 * msl-cpu compiles for the oldest by default, so that MSL needing a newer one fails here too.
 */
export const MSL_VERSIONS = { oldest: 300, newest: 400 } as const;

/** The MSL version the user chose for msl-cpu: flags.metalVersion, else CU2METAL_MSL_VERSION ("3.1" or 310); undefined when neither. */
export function chosenMslVersion(flags: UserFlags): { version: number; by: string } | undefined {
  if (flags.metalVersion !== undefined) return { version: flags.metalVersion, by: `__METAL_VERSION__ ${flags.metalVersion}` };
  const env = process.env['CU2METAL_MSL_VERSION'];
  const m = env ? /^(\d)\.(\d)$|^(\d{3})$/.exec(env.trim()) : null;
  if (m) return { version: m[3] ? Number(m[3]) : Number(m[1]) * 100 + Number(m[2]) * 10, by: `CU2METAL_MSL_VERSION=${env!.trim()}` };
  return undefined;
}

/**
 * __METAL_VERSION__ for msl-cpu: the user's choice (chosenMslVersion), else the newer of 3.0 and
 * the version the translation needs (its manifest's mslVersion, src/translate/mslVersion.ts).
 */
export function mslVersion(flags: UserFlags, need?: MslVersionNeed): number {
  return chosenMslVersion(flags)?.version ?? Math.max(MSL_VERSIONS.oldest, mslVersionNumber(need));
}

/** The one-line note when msl-cpu compiles for a newer MSL than 3.0 because the program needs it. */
export function mslVersionNote(flags: UserFlags, need: MslVersionNeed | undefined): string | null {
  if (!need || chosenMslVersion(flags) !== undefined || mslVersionNumber(need) <= MSL_VERSIONS.oldest) return null;
  return `${mslVersionLabel(mslVersionNumber(need))} is needed for ${need.features.join(', ')}: msl-cpu compiles for it`;
}

/** Added to a failed msl-cpu build when the user chose a version older than the program needs. */
function mslVersionTooOld(flags: UserFlags, need: MslVersionNeed | undefined): string | null {
  const chosen = chosenMslVersion(flags);
  if (!chosen || !need || chosen.version >= mslVersionNumber(need)) return null;
  return `note: ${chosen.by} selects MSL ${mslVersionName(chosen.version)}, but this program needs ${mslVersionLabel(mslVersionNumber(need))} for ${need.features.join(', ')}; without a version set, msl-cpu compiles for the version the program needs`;
}

export class BuildError extends Error {
  override name = 'BuildError';
  constructor(message: string, readonly output: string) {
    super(message);
  }
}

export const userArgs = (f: UserFlags): string[] => [...f.includeDirs.map((d) => `-I${path.resolve(d)}`), ...f.defines.map((d) => `-D${d}`), ...(f.undefines ?? []).map((u) => `-U${u}`)];
export const stdFlag = (f: UserFlags): string => `-std=${f.std && /^(c|gnu)\+\+(17|20|2a|2b|23)$/.test(f.std) ? f.std : 'c++17'}`;

let nativeHash: string | undefined;
/** Hash of every native source and header: a change invalidates all cached products. */
export function nativeTreeHash(): string {
  nativeHash ??= hashOf(hashTree(NATIVE_DIR), toolchain().version, JSON.stringify(metalPlan()));
  return nativeHash;
}

export async function compile(args: string[], what: string, cwd?: string): Promise<void> {
  const { cxx } = toolchain();
  const r = await runProcess(cxx, args, { cwd });
  if (r.code !== 0) throw new BuildError(`${what} failed to compile`, r.stderr + r.stdout);
}

/**
 * What the compiler reads besides the generated text: the program's own headers (the host
 * program includes host headers as written) and whatever sits in the -I folders (headers such
 * as helper_cuda.h, included with <>): their contents and dates go into the cache keys.
 */
function inputsHash(t: Translation, flags: UserFlags, sourceDir: string): string {
  return headersHash([...t.sources].map(([name, text]) => `${name}\0${text}`), flags, sourceDir);
}

export function headersHash(parts: string[], flags: UserFlags, sourceDir: string): string {
  for (const dir of [sourceDir, ...flags.includeDirs.map((d) => path.resolve(d))]) {
    let entries: fs.Dirent[] = [];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (!e.isFile() || !/\.(h|hh|hpp|hxx|cuh|inc|inl)$/.test(e.name)) continue;
      const st = fs.statSync(path.join(dir, e.name));
      parts.push(`${dir}/${e.name}:${st.size}:${st.mtimeMs}`);
    }
  }
  return hashOf(...parts);
}

// ---- runtime library ------------------------------------------------------------------------

interface RuntimeSources {
  readonly sources: string[];
  readonly ldflags: string[];
}

function runtimeSources(): RuntimeSources {
  const list = fs.readFileSync(path.join(NATIVE_DIR, 'runtime', 'sources.txt'), 'utf8').split('\n').map((l) => l.trim());
  const sources = list.filter((l) => l && !l.startsWith('#') && !l.startsWith('LDFLAGS:')).map((l) => l.split(/\s+/)[0] ?? l);
  const ld = list.find((l) => l.startsWith('LDFLAGS:'));
  return { sources, ldflags: ld ? ld.slice('LDFLAGS:'.length).trim().split(/\s+/).filter(Boolean) : [] };
}

export interface RuntimeLibrary {
  readonly archive: string;
  readonly ldflags: string[];
}

const runtimePromises = new Map<boolean, Promise<RuntimeLibrary>>();

/** libcu2m_runtime.a for host programs, built once per native-source hash (and per --sanitize). */
export function ensureRuntimeLibrary(sanitize = false): Promise<RuntimeLibrary> {
  let runtimePromise = runtimePromises.get(sanitize);
  runtimePromise ??= (async () => {
    const rs = runtimeSources();
    const plan = metalPlan();
    const sources = [...rs.sources, ...(plan?.sources ?? [])];
    const ldflags = [...rs.ldflags, ...(plan?.ldflags ?? [])];
    const asan = sanitize ? [...SANITIZE_FLAGS] : [];
    const dir = path.join(cacheDir(), 'runtime', nativeTreeHash() + (sanitize ? '-asan' : ''));
    const archive = path.join(dir, 'libcu2m_runtime.a');
    if (cacheHit(archive)) return { archive, ldflags };
    const objDir = fs.mkdtempSync(path.join(fs.mkdirSync(dir, { recursive: true }) ?? dir, 'obj-'));
    // Two at a time: the machines we target have two cores.
    const objects: string[] = [];
    const queue = [...sources];
    const worker = async (): Promise<void> => {
      for (let src = queue.shift(); src !== undefined; src = queue.shift()) {
        const obj = path.join(objDir, `${src.replace(/[/\\]/g, '_')}.o`);
        const lang = plan && isObjCxxSource(src) ? plan.objcxxflags : [];
        await compile(['-std=c++17', '-O2', '-fPIC', '-Wall', '-Wextra', ...asan, ...(plan?.cxxflags ?? []), '-I', NATIVE_INCLUDE, '-I', NATIVE_DIR, ...lang, '-c', path.join(NATIVE_DIR, src), '-o', obj], `runtime source ${src}`);
        objects.push(obj);
      }
    };
    await Promise.all([worker(), worker()]);
    const tmp = `${archive}.${process.pid}.tmp`;
    const r = await runProcess('ar', ['rcs', tmp, ...objects]);
    if (r.code !== 0) throw new BuildError('creating the runtime library failed', r.stderr);
    fs.renameSync(tmp, archive);
    fs.rmSync(objDir, { recursive: true, force: true });
    return { archive, ldflags };
  })();
  runtimePromises.set(sanitize, runtimePromise);
  return runtimePromise;
}

// ---- kernel modules ---------------------------------------------------------------------------

export interface ModuleSource {
  readonly code: string;
  readonly args: string[];
}

/**
 * msl-cpu compiles MSL as C++ for OpenCL (clang `-x clcpp`): its named address spaces convert to
 * the generic one that implicit copy constructors and `this` use, so a struct or packed vector copies
 * out of device or threadgroup memory as on Metal, while a conversion between two named spaces is
 * still an error. The two extensions let the C++ standard headers the emulation uses compile.
 */
// -fno-access-control: friend function declarations are dropped by the lowering (mslLower.ts (g)).
export const MSL_CPU_LANGUAGE = ['-x', 'clcpp', '-cl-std=clc++2021', '-cl-no-stdinc', '-fno-access-control', '-Xclang', '-cl-ext=+__cl_clang_variadic_functions,+__cl_clang_function_pointers'];

let mslSupportPromise: Promise<string> | undefined;

/** native/cpu/msl/cu2m_msl_support.cpp compiled once per native-source hash; linked into every msl-cpu module. */
export function ensureMslSupportObject(): Promise<string> {
  mslSupportPromise ??= (async () => {
    const dir = path.join(cacheDir(), 'runtime', nativeTreeHash());
    const obj = path.join(dir, 'cu2m_msl_support.o');
    if (cacheHit(obj)) return obj;
    fs.mkdirSync(dir, { recursive: true });
    const tmp = `${obj}.${process.pid}.tmp`;
    await compile(['-x', 'c++', '-std=c++17', '-O2', '-fPIC', '-Wall', '-Wextra', '-I', NATIVE_INCLUDE, '-c', path.join(MSL_EMULATION_INCLUDE, 'cu2m_msl_support.cpp'), '-o', tmp], 'the msl-cpu support library');
    fs.renameSync(tmp, obj);
    return obj;
  })();
  return mslSupportPromise;
}

/** The C++ translation unit a CPU backend compiles, and the compiler flags for it. */
/**
 * Device code converts floating point to integers as a GPU does (CUDA's cvt.rzi): out of range
 * saturates, NaN gives 0. C++ leaves it undefined and x86 gives 0 or INT_MIN: HeCBench quicksort
 * pads a float array with UINT_MAX and reads it back as `uint` (0 on the CPU, wrong sort).
 */
const SATURATING_CONVERSIONS = ['-fno-strict-float-cast-overflow'];

export function moduleSource(backend: CpuBackend, t: Translation, flags: UserFlags, mslFileName: string): ModuleSource {
  if (backend === 'msl-cpu') {
    const lowered = lowerMslForClang(t.msl, mslFileName);
    if (lowered.errors.length > 0) {
      const msg = lowered.errors.map((e) => `${mslFileName}:${e.line}:${e.column}: error: ${e.message}`).join('\n');
      throw new BuildError('the MSL breaks a Metal rule', msg);
    }
    return {
      code: mslCpuModuleCode(lowered.code, t.manifest),
      args: [...MSL_CPU_LANGUAGE, ...cxxSystemIncludeArgs(), '-O2', '-fPIC', '-shared', '-fstack-clash-protection', ...SATURATING_CONVERSIONS, `-D__METAL_VERSION__=${mslVersion(flags, t.manifest.mslVersion)}`, '-Wall', '-Werror=vla', '-Wno-unknown-attributes', '-Wno-unused-variable', '-Wno-unused-function', '-I', MSL_EMULATION_INCLUDE, '-I', NATIVE_INCLUDE],
    };
  }
  return {
    code: cudaCpuModuleCode(t.cudaCpu, t.manifest),
    args: ['-x', 'c++', stdFlag(flags), '-O2', '-fPIC', '-shared', '-fstack-clash-protection', ...SATURATING_CONVERSIONS, '-w', '-Wno-register', '-D__CUDA_ARCH__=800', ...nvccCompileDefines(), '-I', CUDA_EMULATION_INCLUDE, '-I', NATIVE_INCLUDE, '-include', CUDA_EMULATION_HEADER, ...userArgs(flags)],
  };
}

/**
 * The source's folder on the command line of a module compiled from the cache: `-iquote` so that its
 * `#include "x.h"` finds the sample's own x.h before a same-named header of a `-I` folder (the .cu's
 * own folder comes first when the compiler reads the .cu in place; the cached copy lives elsewhere).
 */
export const sourceDirArgs = (sourceDir: string): string[] => ['-iquote', sourceDir, '-I', sourceDir];

/** Compiles (or finds in the cache) the kernel module of a CPU backend; returns the .so path. */
export async function buildModule(backend: CpuBackend, t: Translation, flags: UserFlags, sourceDir: string, stem: string): Promise<string> {
  const plain = moduleSource(backend, t, flags, `${stem}.metal`);
  const src = { ...plain, args: [...plain.args, ...sanitizeKernelArgs(flags)] };
  const key = hashOf(backend, src.code, src.args.join(' '), sourceDirArgs(sourceDir).join(' '), nativeTreeHash(), backend === 'cuda-cpu' ? inputsHash(t, flags, sourceDir) : '');
  const dir = path.join(cacheDir(), 'modules', key);
  const so = path.join(dir, `${stem}.${backend}.so`);
  if (cacheHit(so)) return so;
  const cpp = path.join(dir, `${stem}.${backend}.cpp`);
  const tmp = `${so}.${process.pid}.tmp`;
  // Compile from the source's folder so relative #include "x.h" of the .cu resolve.
  const link = backend === 'msl-cpu' ? ['-x', 'none', await ensureMslSupportObject()] : [];
  const what = backend === 'msl-cpu' ? `the translated MSL (${stem}.metal)` : `the reference device code (${stem}.cu)`;
  const args = await withCudaEmulationPch(src.args, nativeTreeHash());
  const build = async (code: string): Promise<void> => {
    writeAtomic(cpp, code);
    try {
      await compile([...args, ...sourceDirArgs(sourceDir), cpp, ...link, '-o', tmp], what, sourceDir);
    } catch (e) {
      // With the precompiled header (src/build/pch.ts) a failure is reported as the plain compile
      // reports it (and a stale header cannot fail the build).
      if (args.length === src.args.length && args.every((a, i) => a === src.args[i])) throw e;
      await compile([...src.args, ...sourceDirArgs(sourceDir), cpp, ...link, '-o', tmp], what, sourceDir);
    }
  };
  try {
    await build(src.code);
  } catch (e) {
    const tooOld = backend === 'msl-cpu' && e instanceof BuildError ? mslVersionTooOld(flags, t.manifest.mslVersion) : null;
    if (tooOld && e instanceof BuildError) throw new BuildError(e.message, `${e.output}\n${tooOld}`);
    // Without work-item loops (src/build/workItemLoops.ts) if they are what fails to compile;
    // a program that fails either way is reported as the plain compile reports it.
    const fibers = backend === 'cuda-cpu' ? t.cudaCpu + cudaGlue(t.manifest, true, new Map(), t.cudaCpu) : mslCpuModuleCode(lowerMslForClang(t.msl, `${stem}.metal`).code, t.manifest, false);
    if (fibers === src.code || process.env['CU2METAL_WORK_ITEM_LOOPS'] === 'strict') throw e; // strict: for tests
    await build(fibers);
  }
  fs.renameSync(tmp, so);
  return so;
}

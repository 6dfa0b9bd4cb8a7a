// Programs of several source files, built the way nvcc builds `nvcc a.cu b.cu main.cpp -o prog`:
// - host: every file compiles to an object (a .cu's rewritten host program, a .cpp/.c as written),
//   two at a time, each cached by content; the objects link with the runtime library and -l/-L;
// - device: whole-program linking: ONE kernel module for all .cu files (src/build/link.ts merges
//   the MSL; cuda-cpu compiles each file's original device code to an object and links them into
//   one shared object, so `extern __device__` functions resolve across files).
import { enumeratorArgs, enumsOf } from '../translate/enumArgs';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cacheHit } from './cacheLimit';
import type { KernelManifest, Manifest, Translation } from '../translate/index';
import { BuildError, buildModule, mslVersionNote, compile, ensureRuntimeLibrary, headersHash, metalPlan, moduleSource, nativeTreeHash, sanitizeArgs, sanitizeDebugDirArgs, sanitizeKernelArgs, sourceDirArgs, stdFlag, userArgs, type Backend, type CpuBackend, type UserFlags } from './build';
import { cudaGlue, moduleVersionGlue } from './glue';
import { cudaCpuModuleCode } from './workItemLoops';
import { clashHint, combineMsl } from './link';
import { combineMslVersionNeeds } from '../translate/mslVersion';
import { withoutQualifiersOf } from '../translate/namespaces';
import { instancesInSymbols, instantiateKernel, instantiationLine, type KernelInstance } from '../translate/templates';
import { BUFFER_ELEMENT_RENAMES, TYPE_RENAMES, WIDE_VECTOR3_TYPES, normType } from '../translate/tables/types';
import { doubleVectorForInstance } from '../translate/doubleVectors';
import { wideVector3ForInstance } from '../translate/wideVector3';
import { NATIVE_INCLUDE, cacheDir } from './paths';
import { hashOf, runProcess, toolchain, writeAtomic } from './toolchain';
import { nvccCompileDefines } from '../translate/tables/predefinedMacros';

export type SourceKind = 'cu' | 'cpp' | 'c';

export interface ProgramSource {
  /** The path as the user wrote it (diagnostics, #line). */
  readonly file: string;
  readonly kind: SourceKind;
  readonly stem: string;
  /** Absolute folder of the file: its quoted #includes resolve there. */
  readonly sourceDir: string;
  /** The file's text (normalized). */
  readonly source: string;
  /** .cu files: the translation. */
  readonly translation?: Translation;
}

const cudaUnits = (units: readonly ProgramSource[]): (ProgramSource & { translation: Translation })[] =>
  units.filter((u): u is ProgramSource & { translation: Translation } => u.translation !== undefined);

/** The manifest of the whole program: every .cu file's kernels. */
export function programManifest(units: readonly ProgramSource[], name: string): Manifest {
  const cu = cudaUnits(units);
  if (cu.length === 1) return cu[0]!.translation.manifest;
  const first = cu[0]?.translation.manifest;
  const mslVersion = combineMslVersionNeeds(cu.map((u) => u.translation.manifest.mslVersion));
  return { tool: first?.tool ?? 'cu2metal', version: first?.version ?? '', source: cu.map((u) => u.file).join(' '), metal: `${name}.metal`, kernels: cu.flatMap((u) => u.translation.manifest.kernels), ...(mslVersion ? { mslVersion } : {}) };
}

/** The note `run` prints when msl-cpu compiles the program for a newer MSL than 3.0 (mslVersionNote). */
export const programMslVersionNote = (units: readonly ProgramSource[], flags: UserFlags): string | null =>
  cudaUnits(units).length === 0 ? null : mslVersionNote(flags, programManifest(units, 'program').mslVersion);

/** The program's one MSL module (a single .cu: its MSL as translated). */
export const programMsl = (units: readonly ProgramSource[]): string => combineMsl(cudaUnits(units).map((u) => ({ file: u.file, msl: u.translation.msl, mslVersion: u.translation.manifest.mslVersion })));

/** One Translation standing for the whole program's device code (msl-cpu builds it like a single file). */
function mergedTranslation(units: readonly ProgramSource[], name: string): Translation {
  const cu = cudaUnits(units);
  if (cu.length === 1) return cu[0]!.translation;
  const sources = new Map<string, string>();
  for (const u of cu) for (const [k, v] of u.translation.sources) sources.set(k, v);
  return { msl: programMsl(units), host: '', cudaCpu: '', manifest: programManifest(units, name), diagnostics: [], sources, ok: true };
}

/** Runs jobs two at a time (the machines we target have two cores); results in input order. */
async function twoAtATime<T>(jobs: readonly (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = new Array<T>(jobs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < jobs.length; i = next++) results[i] = await jobs[i]!();
  };
  await Promise.all([worker(), worker()]);
  return results;
}

/**
 * The kernel module of a CPU backend for the program, or null when no .cu file defines a kernel
 * (a program of .cpp files that only calls runtime APIs).
 */
export async function buildProgramModule(backend: CpuBackend, programUnits: readonly ProgramSource[], flags: UserFlags, name: string): Promise<string | null> {
  const units = await withHostInstances(programUnits, flags);
  const cu = cudaUnits(units);
  if (cu.length === 0) return null;
  if (backend === 'msl-cpu') {
    try {
      return await buildMslCpuModule(units, cu, flags, name);
    } catch (e) {
      const hint = e instanceof BuildError ? thrustInstanceHint(cu) : null;
      if (e instanceof BuildError && hint) throw new BuildError(e.message, `${e.output}\nnote: ${hint}`);
      throw e;
    }
  }
  if (cu.length === 1) return buildModule(backend, cu[0]!.translation, flags, cu[0]!.sourceDir, cu[0]!.stem);
  return buildCudaCpuModule(units, cu, flags, name);
}

/**
 * A kernel template instance the host made with one of Thrust's types as an argument
 * (`Broadcast<thrust::divides<float>, float>`, tsne): cu2metal's Thrust is host code, so the MSL
 * has no such type and its explicit instantiation cannot compile. The note says so.
 */
export function thrustInstanceHint(cu: readonly { translation: Translation }[]): string | null {
  const names = cu.flatMap((u) => u.translation.manifest.kernels.map((k) => k.mslName ?? '')).filter((n) => /\bthrust::/.test(n));
  if (names.length === 0) return null;
  return `the host program instantiates ${names.map((n) => `'${n}'`).join(', ')} with Thrust's types, which are host code in cu2metal (native/include/thrust): device code has no Thrust functional objects; pass a functor of the program's own`;
}

async function buildMslCpuModule(units: readonly ProgramSource[], cu: ReturnType<typeof cudaUnits>, flags: UserFlags, name: string): Promise<string> {
  if (cu.length === 1) return buildModule('msl-cpu', cu[0]!.translation, flags, cu[0]!.sourceDir, cu[0]!.stem);
  try {
    return await buildModule('msl-cpu', mergedTranslation(units, name), flags, cu[0]!.sourceDir, name);
  } catch (e) {
    if (e instanceof BuildError) {
      const hint = clashHint(e.output);
      if (hint) throw new BuildError(e.message, `${e.output}\nnote: ${hint}`);
    }
    throw e;
  }
}

async function buildCudaCpuModule(units: readonly ProgramSource[], cu: ReturnType<typeof cudaUnits>, flags: UserFlags, name: string): Promise<string> {
  // cuda-cpu: each file's original device code → an object; linked into one shared object.
  const objects = await twoAtATime(cu.map((u) => () => cudaCpuObject(u, flags)));
  const versionObj = await cachedObject('cuda-cpu-version', moduleVersionGlue(), ['-x', 'c++', '-std=c++17', '-fPIC', '-I', NATIVE_INCLUDE], 'abi.cpp', 'the module version', process.cwd());
  // Under --sanitize the ASan runtime comes with the executable: no -z defs for the module.
  const linkArgs = ['-shared', '-fPIC', ...(process.platform === 'linux' && !flags.sanitize ? ['-Wl,-z,defs'] : []), ...sanitizeArgs(flags)];
  const key = hashOf('cuda-cpu-link', ...objects, versionObj, linkArgs.join(' '));
  const so = path.join(cacheDir(), 'modules', key, `${name}.cuda-cpu.so`);
  if (cacheHit(so)) return so;
  const stubs = await hostFunctionStubs(units, objects);
  await link([...linkArgs, ...objects, versionObj, ...(stubs ? [stubs] : [])], so, 'the reference device code', undefinedSymbolHint(units, 'device'));
  return so;
}

/**
 * A header's non-inline host function compiled into a file's module (`void reference(...)` in
 * reference.h, included by main.cu) may call host functions another .cu defines, whose module
 * blanks them (host code lives in the executable): the module would not link (-z defs) although
 * nothing there calls them. Such functions get weak definitions in the module that stop the program
 * if ever called. Only names a source of the program defines outside device code; a device function
 * defined nowhere stays a link error (undefinedSymbolHint). Null when none is missing.
 */
async function hostFunctionStubs(units: readonly ProgramSource[], objects: readonly string[]): Promise<string | null> {
  if (process.platform !== 'linux') return null;
  const undefinedSyms = new Set<string>();
  const definedSyms = new Set<string>();
  for (const o of objects) {
    const u = await runProcess('nm', ['-u', o]);
    const d = await runProcess('nm', ['-g', '--defined-only', o]);
    if (u.code !== 0 || d.code !== 0) return null;
    for (const m of u.stdout.matchAll(/^\s*U\s+(\S+)$/gm)) undefinedSyms.add(m[1]!);
    for (const m of d.stdout.matchAll(/^\S*\s+\w\s+(\S+)$/gm)) definedSyms.add(m[1]!);
  }
  const missing = [...undefinedSyms].filter((sym) => !definedSyms.has(sym)).flatMap((sym) => {
    const name = mangledFunctionName(sym);
    return name && units.some((u) => definesHostFunction(u.source, name)) ? [{ sym, name }] : [];
  });
  if (missing.length === 0) return null;
  const code = [
    '// Written by cu2metal: host functions a header\'s host code in the cuda-cpu module refers to (never called there).',
    '#include <cstdio>',
    '#include <cstdlib>',
    '[[noreturn]] static void cu2m_host_only(const char* name) {',
    '  std::fprintf(stderr, "cu2metal: host function %s called inside the cuda-cpu module\\n", name);',
    '  std::abort();',
    '}',
    ...missing.flatMap((m, i) => [
      `extern "C" __attribute__((weak)) void cu2m_host_stub_${i}() __asm__(${JSON.stringify(m.sym)});`,
      `extern "C" void cu2m_host_stub_${i}() { cu2m_host_only(${JSON.stringify(m.name)}); }`,
    ]),
    '',
  ].join('\n');
  return cachedObject('cuda-cpu-host-stubs', code, ['-x', 'c++', '-std=c++17', '-fPIC'], 'host_stubs.cpp', 'the host function stubs of the module', process.cwd());
}

/**
 * The identifier of a mangled function: `_Z17bpnn_output_errorPfS_S_iS_` (global scope) or
 * `_ZN11GSimulation7InitVelEv` (a member or a namespace's function: the last name); null otherwise.
 */
function mangledFunctionName(sym: string): string | null {
  const nested = /^_ZNK?/.exec(sym);
  let at = nested ? nested[0].length : sym.startsWith('_Z') ? 2 : -1;
  if (at < 0) return null;
  let name: string | null = null;
  for (;;) {
    const m = /^(\d+)/.exec(sym.slice(at));
    if (!m) break;
    const len = Number(m[1]);
    name = sym.slice(at + m[1]!.length, at + m[1]!.length + len);
    at += m[1]!.length + len;
    if (!nested) break;
  }
  if (nested && sym[at] !== 'E') return null;
  return name && /^[A-Za-z_]\w*$/.test(name) ? name : null;
}

/** Does the source define `name` as a function outside device code (no __device__/__global__ before it)? */
function definesHostFunction(source: string, name: string): boolean {
  for (const m of source.matchAll(new RegExp(`^([^\\n;{}]*?)\\b${name}\\s*\\([^;{]*\\)\\s*\\{`, 'gm'))) {
    if (!/__device__|__global__/.test(m[1]!)) return true;
  }
  return false;
}

async function cudaCpuObject(u: ProgramSource & { translation: Translation }, flags: UserFlags): Promise<string> {
  const src = moduleSource('cuda-cpu', u.translation, flags, `${u.stem}.metal`);
  const code = cudaCpuModuleCode(u.translation.cudaCpu, u.translation.manifest, false);
  const args = [...src.args.filter((a) => a !== '-shared'), ...sanitizeKernelArgs(flags), ...sourceDirArgs(u.sourceDir)];
  const object = (c: string): Promise<string> => cachedObject('cuda-cpu-object', c, args, `${u.stem}.cuda-cpu.cpp`, `the reference device code (${u.file})`, u.sourceDir, headersHash([...u.translation.sources].map(([k, v]) => `${k}\0${v}`), flags, u.sourceDir));
  try {
    return await object(code);
  } catch (e) {
    // Without work-item loops (src/build/workItemLoops.ts) if they are what fails to compile
    // (CU2METAL_WORK_ITEM_LOOPS=strict, for tests: report the error instead).
    const fibers = u.translation.cudaCpu + cudaGlue(u.translation.manifest, false, new Map(), u.translation.cudaCpu);
    if (fibers === code || process.env['CU2METAL_WORK_ITEM_LOOPS'] === 'strict') throw e;
    return object(fibers);
  }
}

/** Compiles `code` with `args -c` into the cache (keyed by content); returns the object path. */
async function cachedObject(tag: string, code: string, args: string[], fileName: string, what: string, cwd: string, extraKey = '', sourcePath?: string): Promise<string> {
  const key = hashOf(tag, code, args.join(' '), nativeTreeHash(), extraKey, sourcePath ?? '');
  const dir = path.join(cacheDir(), 'objects', key);
  const obj = path.join(dir, `${fileName.replace(/\.[^.]*$/, '')}.o`);
  if (cacheHit(obj)) return obj;
  let input = sourcePath;
  if (!input) {
    input = path.join(dir, fileName);
    writeAtomic(input, code);
  } else fs.mkdirSync(dir, { recursive: true });
  const tmp = `${obj}.${process.pid}.tmp`;
  await compile([...args, '-c', input, '-o', tmp], what, cwd);
  fs.renameSync(tmp, obj);
  return obj;
}

async function link(args: string[], out: string, what: string, hint: (output: string) => string | null): Promise<void> {
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  const r = await runProcess(toolchain().cxx, [...args, '-o', tmp]);
  if (r.code !== 0) {
    const output = r.stderr + r.stdout;
    const h = hint(output);
    throw new BuildError(h ?? `${what} failed to link`, output);
  }
  fs.renameSync(tmp, out);
}

/**
 * Link errors in the program's words: a kernel launched through a `__global__` prototype that no
 * .cu file defines, or an `extern` device function defined nowhere.
 */
function undefinedSymbolHint(units: readonly ProgramSource[], side: 'host' | 'device'): (output: string) => string | null {
  return (output) => {
    const names = new Set<string>();
    // GNU ld / lld: undefined reference to `k(float*, int)' ; Apple ld: "k(float*, int)", referenced from:
    for (const m of output.matchAll(/undefined (?:reference|symbol)(?: to)?:? [`'"]?([A-Za-z_]\w*)\(/g)) names.add(m[1]!);
    for (const m of output.matchAll(/"_?([A-Za-z_]\w*)\([^"]*\)", referenced from/g)) names.add(m[1]!);
    if (names.size === 0) return null;
    const defined = new Set(units.flatMap((u) => u.translation?.manifest.kernels.map((k) => k.name) ?? []));
    const msgs: string[] = [];
    for (const n of names) {
      const declared = units.find((u) => u.kind === 'cu' && new RegExp(`__global__[^;{]*\\b${n}\\s*\\(`).test(u.source));
      if (side === 'host' && declared && !defined.has(n)) msgs.push(`kernel '${n}' is declared (${declared.file}) but defined in no source file`);
      else if (side === 'device') msgs.push(`device function '${n}' is declared but defined in no .cu file of the program`);
      else msgs.push(`'${n}' is used but defined in no source file or library of the program`);
    }
    return msgs.join('; ');
  };
}

export interface HostBuildOptions {
  /** Output name (the executable's file name). */
  readonly name: string;
  /** `cu2metal build`: the backend the program runs on without CU2METAL_BACKEND, its module beside it. */
  readonly embedBackend?: Backend;
}

/** The host object of one source (cached by content: the host build and the template scan share it). */
async function hostObject(u: ProgramSource, flags: UserFlags): Promise<string> {
  const plan = metalPlan();
  const common = [...sanitizeArgs(flags), ...sanitizeDebugDirArgs(flags), `-O${/^[0-3s]$|^fast$/.test(flags.optLevel ?? '') ? flags.optLevel : '1'}`, ...(flags.debug ? ['-g'] : []), '-w', '-Wno-register', ...(plan?.cxxflags ?? []), '-I', NATIVE_INCLUDE, ...(flags.hostFlags ?? [])];
  const lang = u.kind === 'c' ? ['-x', 'c'] : ['-x', 'c++', stdFlag(flags)];
  // A .cu is compiled as nvcc's host pass sees it (__CUDACC__ ...); .cpp/.c files as plain host code, as nvcc passes them on.
  const args = [...lang, ...common, ...(u.kind === 'cu' ? nvccCompileDefines() : []), '-I', u.sourceDir, ...userArgs(flags)];
  const extra = headersHash(u.translation ? [...u.translation.sources].map(([k, v]) => `${k}\0${v}`) : [u.source], flags, u.sourceDir);
  const what = u.kind === 'cu' ? `the host program (${u.file})` : `${u.file}`;
  try {
    // .cu: the rewritten host program; .cpp/.c: compiled in place, so that its own includes resolve as written.
    return u.translation
      ? await cachedObject('host-object', u.translation.host, args, `${u.stem}.host.cpp`, what, u.sourceDir, extra)
      : await cachedObject('host-object', u.source, args, path.basename(u.file), what, u.sourceDir, extra, path.resolve(u.file));
  } catch (e) {
    if (e instanceof BuildError && !u.translation && /<<</.test(u.source.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, ''))) {
      throw new BuildError(e.message, `${e.output}\nnote: ${u.file} contains a kernel launch (<<<...>>>): like nvcc, cu2metal compiles .${u.kind === 'c' ? 'c' : 'cpp'} files as plain host code; launches belong in a .cu file`);
    }
    throw e;
  }
}

/** Does any .cu file of the program define a kernel template? */
export const hasKernelTemplates = (units: readonly ProgramSource[]): boolean => units.some((u) => (u.translation?.manifest.kernelTemplates?.length ?? 0) > 0);

/**
 * The program with every kernel template instance its host code produces: deduced launches and
 * launches inside host templates are known only to the host compiler, so the compiled host object
 * is read (`nm -C`) for instances of the stub templates (src/host/host.ts). Each new instance gets
 * its explicit instantiation in the MSL and its manifest entry (src/translate/templates.ts).
 */
export async function withHostInstances(units: readonly ProgramSource[], flags: UserFlags): Promise<ProgramSource[]> {
  if (!hasKernelTemplates(units)) return [...units];
  return Promise.all(
    units.map(async (u) => {
      const t = u.translation;
      const templates = t?.manifest.kernelTemplates ?? [];
      if (!t || templates.length === 0) return u;
      const obj = await hostObject(u, flags);
      const r = await runProcess('nm', ['-C', obj]);
      if (r.code !== 0) throw new BuildError(`could not list the kernel template instances of ${u.file} (nm -C)`, r.stderr + r.stdout);
      // Kernel templates inside namespaces appear qualified (`lib::fill<float, 4>`): their scope, without the leading `::`.
      const scopes = new Map(templates.filter((k) => k.cppName?.startsWith('::')).map((k) => [k.name, k.cppName!.slice(2, k.cppName!.lastIndexOf('::') + 2)]));
      const extra = addInstances(t, instancesInSymbols(r.stdout, new Set(templates.map((k) => k.name)), scopes));
      return extra === t ? u : { ...u, translation: extra };
    }),
  );
}

/** An instance whose arguments name the file's namespaces (`k<float, kiss::Kiss>`) as the flat MSL does (`k<float, Kiss>`). */
function flatInstance(k: KernelManifest, namespaces: ReadonlySet<string>): KernelManifest {
  if (namespaces.size === 0) return k;
  return { ...k, ...(k.mslName ? { mslName: withoutQualifiersOf(k.mslName, namespaces) } : {}), params: k.params.map((p) => ({ ...p, mslType: withoutQualifiersOf(p.mslType, namespaces) })) };
}

/** The translation with these instances added (those it has already are skipped). */
export function addInstances(t: Translation, instances: readonly KernelInstance[]): Translation {
  const kernels = [...t.manifest.kernels];
  const lines: string[] = [];
  const enums = enumsOf(t.msl); // `(Mem)0` from nm → `Mem::SHARED`, as the stubs name it (src/translate/enumArgs.ts)
  for (const i of instances) {
    const tmpl = t.manifest.kernelTemplates?.find((k) => k.name === i.template);
    if (!tmpl) continue;
    // An unnamed template parameter (`typename std::enable_if<...>::type = 0`, overloads of one name
    // chosen by SFINAE): the instance is named by the arguments before it, as the host stub names it
    // (src/host/host.ts), and the rest take their defaults in the explicit instantiation.
    const unnamed = tmpl.templateParams.findIndex((p) => p.name === '');
    const args = unnamed < 0 ? i.args : i.args.slice(0, unnamed);
    const k = flatInstance(instantiateKernel(tmpl, enumeratorArgs(args, enums)), new Set(t.manifest.namespaces ?? []));
    if (kernels.some((x) => x.name === k.name || (x.mslName !== undefined && x.mslName === k.mslName))) continue;
    kernels.push(k);
    // A 64-bit 3-component vector argument (`k<longlong3>`): cu2m_mem<long3> becomes the 24-byte
    // struct of CUDA's layout (src/translate/wideVector3.ts), declared before the instantiation. The
    // 8/16/32-bit ones (`k<float3>`) have their packed types from the start (templateVector3.ts).
    for (const a of i.args) {
      const v = normType(a);
      lines.push(...doubleVectorForInstance(`${t.msl}\n${lines.join('\n')}`, v)); // `k<double2>`: src/translate/doubleVectors.ts
      if (!WIDE_VECTOR3_TYPES.has(v)) continue;
      const mslVector = TYPE_RENAMES.get(v) ?? v;
      const packed = BUFFER_ELEMENT_RENAMES.get(v);
      if (packed) lines.push(...wideVector3ForInstance(`${t.msl}\n${lines.join('\n')}`, mslVector, packed));
    }
    lines.push(instantiationLine(k));
  }
  if (lines.length === 0) return t;
  const msl = `${t.msl.replace(/\n?$/, '\n')}\n// Kernel template instances the host program launches (found in its compiled code):\n${lines.join('\n')}\n`;
  return { ...t, msl, manifest: { ...t.manifest, kernels } };
}

/**
 * The runtime API (`cudaGetErrorString`...) exported by the executable, so that a cuda-cpu kernel
 * module loads when it holds host code of the program that calls it: a header's non-inline host
 * function (`void check(cudaError_t e) { ... cudaGetErrorString(e) ... }` in common.h, included by
 * the .cu) is compiled into the module too, never called there, yet its symbol must resolve at dlopen.
 * Only `cuda` + capital names (C and C++ mangled), so the program's own functions (kernels' host
 * stubs) are never exported over the module's definitions.
 */
function exportRuntimeApi(): string[] {
  if (process.platform !== 'linux') return [];
  return ['cuda[A-Z]*', '_Z[0-9]cuda[A-Z]*', '_Z[0-9][0-9]cuda[A-Z]*'].map((g) => `-Wl,--export-dynamic-symbol=${g}`);
}

/** Compiles every source's host code to an object and links the executable (cached). */
export async function buildProgramHost(units: readonly ProgramSource[], flags: UserFlags, opts: HostBuildOptions): Promise<string> {
  const rt = await ensureRuntimeLibrary(flags.sanitize === true);
  const plan = metalPlan();
  const jobs = units.map((u) => (): Promise<string> => hostObject(u, flags));
  const objects = await twoAtATime(jobs);
  if (opts.embedBackend) {
    const code = `// Written by cu2metal build: the backend this program was built for; its module lies beside it.\nextern "C" const char* cu2m_program_backend = ${JSON.stringify(opts.embedBackend)};\n`;
    objects.push(await cachedObject('program-backend', code, ['-x', 'c++', '-std=c++17'], 'cu2m_program.cpp', 'the program descriptor', process.cwd()));
  }
  const libs = [...(flags.libraryDirs ?? []).map((d) => `-L${path.resolve(d)}`), ...(flags.libraries ?? []).map((l) => `-l${l}`)];
  // -u: the runtime's start-up code (native/runtime/startup.cpp: parent death, sanitizer defaults)
  // is linked in even when nothing else refers to its object.
  const keep = process.platform === 'darwin' ? ['-Wl,-u,_cu2m_startup_anchor'] : ['-Wl,-u,cu2m_startup_anchor'];
  const linkArgs = [...sanitizeArgs(flags), ...(plan?.cxxflags ?? []), ...(flags.hostFlags ?? []), ...keep, ...exportRuntimeApi(), ...objects, rt.archive, ...rt.ldflags, ...libs];
  const key = hashOf('host-link', linkArgs.join(' '), nativeTreeHash());
  const exe = path.join(cacheDir(), 'hosts', key, opts.name);
  if (cacheHit(exe)) return exe;
  await link(linkArgs, exe, 'the host program', undefinedSymbolHint(units, 'host'));
  return exe;
}

/** The .metal source of the program for the metal backend (in the cache). */
export async function programMetalModule(programUnits: readonly ProgramSource[], name: string, flags: UserFlags): Promise<string | null> {
  const units = await withHostInstances(programUnits, flags);
  if (cudaUnits(units).length === 0) return null;
  const msl = programMsl(units);
  const dir = path.join(cacheDir(), 'modules', hashOf('metal', msl));
  const file = path.join(dir, `${name}.metal`);
  if (!fs.existsSync(file)) writeAtomic(file, msl);
  return file;
}

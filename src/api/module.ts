// Module: a kernel module loaded on a Device, and compileCuda/compileModule that produce one.
// Launch arguments are validated here, against the translator's manifest, before anything reaches
// the addon: the addon trusts what it is given (native/addon/common.h).
import { ELEM_TYPES } from '../diff/trace';
import * as path from 'node:path';
import { buildModule, type UserFlags } from '../build/build';
import { cacheDir } from '../build/paths';
import { hashOf, writeAtomic } from '../build/toolchain';
import type { Diagnostic } from '../diagnostics/diagnostic';
import { renderAll } from '../diagnostics/render';
import { translateSource, type KernelManifest, type KernelParamManifest, type Manifest, type Translation } from '../translate/index';
import { Device, DeviceBuffer, internals, type Backend } from './device';
import { ERR_INVALID_DEVICE_FUNCTION, ERR_INVALID_VALUE, TranslationError } from './errors';
import { cudaError, type NativeArg, type NativeKernel, type NativeModule, type NativeParam } from './native';
import { SCALARS, checkScalarValue, compatibleTypes, describe, isScalarType, scalarOfCType, toDeviceValue, type ScalarArg, type ScalarType } from './scalars';

/** A grid or block size: `n`, `[x]`, `[x, y]` or `[x, y, z]` (missing dimensions are 1). */
export type Dim3 = number | readonly [number] | readonly [number, number] | readonly [number, number, number];

export interface LaunchConfig {
  readonly grid: Dim3;
  readonly block: Dim3;
  /** Bytes of dynamic shared memory (`extern __shared__`) per block; default 0. */
  readonly sharedMemBytes?: number;
}

/** One launch argument: a buffer (or a pointer into one, or null) for a pointer parameter, a typed scalar otherwise. */
export type KernelArg = DeviceBuffer | { readonly buffer: DeviceBuffer; readonly offset: number } | null | ScalarArg;

export interface KernelParam {
  readonly name: string;
  readonly kind: 'buffer' | 'scalar';
  /** The parameter's type in the .cu source. */
  readonly cudaType: string;
  /** Scalars: the argument types accepted (same category and size as cudaType); empty when the type cannot be passed. */
  readonly accepts: readonly ScalarType[];
  /** Buffers: the element size in bytes (0 when unknown); offsets must be multiples of it. */
  readonly elemSize: number;
}

export interface KernelSignature {
  readonly name: string;
  readonly params: readonly KernelParam[];
}

interface PreparedParam extends KernelParam {
  /** Scalars: the type the backend's kernel reads. */
  readonly device?: ScalarType;
}

interface PreparedKernel extends KernelSignature {
  readonly index: number;
  readonly params: readonly PreparedParam[];
}

/** cu2m_elem_type numbers (native/include/cu2m/abi.h): the index in ELEM_TYPES, which lists them in that order. */
const elemCode = (code: string | undefined): number => Math.max(0, (ELEM_TYPES as readonly string[]).indexOf((code ?? 'BYTES').toLowerCase()));
const CU2M_KERNEL_USES_BARRIERS = 1;
const CU2M_KERNEL_DYNAMIC_SHARED = 2;
const MAX_U32 = 0xffffffff;

const nativeModules = new WeakMap<Module, NativeModule>();

function launchParams(k: KernelManifest): KernelParamManifest[] {
  const ps = k.params.filter((p) => p.kind === 'buffer' || p.kind === 'scalar').sort((a, b) => (a.index ?? -1) - (b.index ?? -1));
  ps.forEach((p, i) => {
    if (p.index !== i) throw new TypeError(`manifest: kernel '${k.name}' parameter '${p.name}' has index ${String(p.index)}, expected ${i}`);
  });
  return ps;
}

function prepare(backend: Backend, k: KernelManifest, index: number): { kernel: PreparedKernel; native: NativeKernel } {
  const params: PreparedParam[] = [];
  const natives: NativeParam[] = [];
  for (const p of launchParams(k)) {
    const cudaType = p.cudaType ?? p.mslType;
    if (p.kind === 'buffer') {
      const elemSize = p.elemSize ?? 0;
      params.push({ name: p.name, kind: 'buffer', cudaType, accepts: [], elemSize });
      natives.push({ name: p.name, kind: 0, size: 8, elemType: elemCode(p.elemType), elemSize, writes: p.writes ?? true, scalar: 0 });
      continue;
    }
    const host = scalarOfCType(cudaType);
    // cuda-cpu runs the original CUDA code; msl-cpu and metal the MSL (where double may be float).
    const device = scalarOfCType(backend === 'cuda-cpu' ? cudaType : p.mslType);
    const ok = host !== undefined && device !== undefined && SCALARS[host].category === SCALARS[device].category;
    params.push({ name: p.name, kind: 'scalar', cudaType, accepts: ok ? compatibleTypes(host) : [], elemSize: 0, device: ok ? device : undefined });
    natives.push({ name: p.name, kind: 1, size: ok ? SCALARS[device].size : 0, elemType: 0, elemSize: 0, writes: false, scalar: ok ? SCALARS[device].code : 0 });
  }
  const flags = (k.usesBarriers ? CU2M_KERNEL_USES_BARRIERS : 0) | (k.dynamicSharedMemory ? CU2M_KERNEL_DYNAMIC_SHARED : 0);
  const layout = k.argumentBuffer ? argumentBufferLayout(launchParams(k), natives) : null;
  const nativeParams = layout ? natives.map((n, i) => (layout.offsets[i] === undefined ? n : { ...n, argOffset: layout.offsets[i] })) : natives;
  return { kernel: { name: k.name, index, params }, native: { name: k.name, sourceFile: '', line: k.line, flags, params: nativeParams, ...(layout ? { argBufferBytes: layout.bytes } : {}) } };
}

/**
 * A kernel with an argument buffer (src/translate/argumentBuffer.ts): its fields' offsets, as the
 * MSL struct lays them out. The API passes pointers and plain scalars only (8 bytes, or a scalar's
 * own size, each aligned to its size), so C's rule gives them; the msl-cpu runtime checks them
 * against the compiled struct at each launch (native/runtime/cpu_backend.cpp).
 */
function argumentBufferLayout(ps: readonly KernelParamManifest[], natives: readonly NativeParam[]): { offsets: (number | undefined)[]; bytes: number } {
  let at = 0;
  let align = 1;
  const offsets = ps.map((p, i) => {
    if (!p.field) return undefined;
    const size = p.kind === 'buffer' ? 8 : Math.max(1, natives[i]!.size);
    at = Math.ceil(at / size) * size;
    align = Math.max(align, size);
    const offset = at;
    at += size;
    return offset;
  });
  return { offsets, bytes: Math.ceil(at / align) * align };
}

const signatureText = (k: KernelSignature): string => `${k.name}(${k.params.map((p) => `${p.cudaType} ${p.name}`).join(', ')})`;

function dim3(v: unknown, what: string): [number, number, number] {
  const arr = typeof v === 'number' ? [v] : v;
  if (!Array.isArray(arr) || arr.length < 1 || arr.length > 3) throw new TypeError(`${what} must be a positive integer or an array [x], [x, y] or [x, y, z], got ${describe(v)}`);
  arr.forEach((d: unknown, i) => {
    if (typeof d !== 'number') throw new TypeError(`${what}[${i}] must be a number, got ${describe(d)}`);
    if (!Number.isInteger(d) || d < 1 || d > MAX_U32) throw new RangeError(`${what}[${i}] must be an integer from 1 to ${MAX_U32}, got ${d}`);
  });
  return [arr[0] as number, (arr[1] as number | undefined) ?? 1, (arr[2] as number | undefined) ?? 1];
}

/** A kernel module loaded on a device. */
export class Module {
  readonly #kernels: ReadonlyMap<string, PreparedKernel>;

  private constructor(
    readonly device: Device,
    /** The translator's manifest the launch descriptions come from. */
    readonly manifest: Manifest,
    /** The loaded file: a .so (CPU backends) or a .metal source (metal). */
    readonly path: string,
    /** Warnings of the translation (empty for compileModule). */
    readonly diagnostics: readonly Diagnostic[],
  ) {
    const prepared = manifest.kernels.map((k, i) => prepare(device.backend, k, i));
    const sourceFile = manifest.source;
    this.#kernels = new Map(prepared.map((p) => [p.kernel.name, p.kernel]));
    nativeModules.set(this, internals.device(device).loadModule(path, prepared.map((p) => ({ ...p.native, sourceFile }))));
  }

  /** @internal Use compileCuda / compileModule. */
  static load(device: Device, manifest: Manifest, file: string, diagnostics: readonly Diagnostic[] = []): Module {
    return new Module(device, manifest, file, diagnostics);
  }

  /** The kernels and the arguments they take. */
  get kernels(): readonly KernelSignature[] {
    return [...this.#kernels.values()].map(({ name, params }) => ({ name, params: params.map(({ name: n, kind, cudaType, accepts, elemSize }) => ({ name: n, kind, cudaType, accepts, elemSize })) }));
  }

  /**
   * Launches `kernel` (cudaLaunchKernel). On the CPU backends it has run to completion when this
   * returns; on metal it is queued (call device.synchronize() or read a buffer). Bad arguments
   * throw TypeError/RangeError before anything runs; what the runtime rejects (e.g. a block of
   * more than 1024 threads) throws a CudaError.
   */
  launch(kernel: string, config: LaunchConfig, args: readonly KernelArg[]): void {
    if (typeof kernel !== 'string') throw new TypeError(`Module.launch: the kernel name must be a string, got ${describe(kernel)}`);
    const k = this.#kernels.get(kernel);
    if (!k) {
      const names = [...this.#kernels.keys()];
      throw cudaError(ERR_INVALID_DEVICE_FUNCTION, `Module.launch: no kernel '${kernel}' in ${this.manifest.source} (${names.length ? `its kernels: ${names.join(', ')}` : 'it has no kernels'})`);
    }
    const where = `Module.launch('${kernel}')`;
    if (typeof config !== 'object' || config === null) throw new TypeError(`${where}: config must be { grid, block, sharedMemBytes? }, got ${describe(config)}`);
    const grid = dim3(config.grid, `${where}: config.grid`);
    const block = dim3(config.block, `${where}: config.block`);
    const shared = config.sharedMemBytes ?? 0;
    if (typeof shared !== 'number' || !Number.isInteger(shared) || shared < 0 || shared > MAX_U32) throw new RangeError(`${where}: config.sharedMemBytes must be an integer from 0 to ${MAX_U32}, got ${describe(shared)}`);
    if (!Array.isArray(args)) throw new TypeError(`${where}: args must be an array, got ${describe(args)}`);
    if (args.length !== k.params.length) throw new TypeError(`${where}: expected ${k.params.length} argument${k.params.length === 1 ? '' : 's'} for ${signatureText(k)}, got ${args.length}`);

    const values: NativeArg[] = new Array<NativeArg>(args.length);
    const offsets: number[] = new Array<number>(args.length).fill(0);
    k.params.forEach((p, i) => {
      const a: unknown = args[i];
      const what = `${where}: argument ${i} ('${p.cudaType} ${p.name}')`;
      if (p.kind === 'buffer') {
        if (a === null) {
          values[i] = null;
          return;
        }
        let buffer: unknown = a;
        let offset: unknown = 0;
        if (!(a instanceof DeviceBuffer)) {
          if (typeof a !== 'object' || a === undefined || !('buffer' in a)) throw new TypeError(`${what} is a pointer: pass a DeviceBuffer, { buffer, offset } or null, got ${describe(a)}`);
          ({ buffer, offset } = a as { buffer: unknown; offset: unknown });
          if (!(buffer instanceof DeviceBuffer)) throw new TypeError(`${what}: .buffer must be a DeviceBuffer, got ${describe(buffer)}`);
        }
        const b = buffer as DeviceBuffer;
        if (b.device !== this.device) throw new TypeError(`${what}: the buffer belongs to another device`);
        if (b.freed) throw cudaError(ERR_INVALID_VALUE, `${what}: the buffer was freed`);
        if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0 || offset > b.byteLength) throw new RangeError(`${what}: offset must be an integer from 0 to ${b.byteLength} (the buffer's byteLength), got ${describe(offset)}`);
        if (p.elemSize > 1 && offset % p.elemSize !== 0) throw new RangeError(`${what}: offset ${offset} is not a multiple of the element size (${p.elemSize} bytes)`);
        values[i] = internals.buffer(b);
        offsets[i] = offset;
        return;
      }
      if (p.accepts.length === 0 || p.device === undefined) throw new TypeError(`${what}: Module.launch cannot pass a '${p.cudaType}' (only integer, floating-point and bool scalars)`);
      if (a instanceof DeviceBuffer || (typeof a === 'object' && a !== null && 'buffer' in a)) throw new TypeError(`${what} is a scalar, not a pointer: pass { type: '${p.accepts[0]}', value }`);
      if (typeof a !== 'object' || a === null || !('type' in a) || !('value' in a)) {
        throw new TypeError(`${what}: scalars need an explicit type, e.g. { type: '${p.accepts[0]}', value: ${describe(a)} }; got ${describe(a)}`);
      }
      const { type, value } = a as { type: unknown; value: unknown };
      if (!isScalarType(type)) throw new TypeError(`${what}: unknown scalar type ${describe(type)} (one of ${Object.keys(SCALARS).join(', ')})`);
      if (!p.accepts.includes(type)) throw new TypeError(`${what} takes ${p.accepts.map((t) => `'${t}'`).join(' or ')} (${SCALARS[p.accepts[0]!].size} bytes), got '${type}'`);
      const bad = checkScalarValue(type, value);
      if (bad) throw bad.error === 'type' ? new TypeError(`${what}: ${bad.message}`) : new RangeError(`${what}: ${bad.message}`);
      values[i] = toDeviceValue(p.device, value as number | bigint | boolean);
    });
    nativeModules.get(this)!.launch(k.index, [...grid, ...block, shared], values, offsets);
  }
}

// ---- Compiling ----------------------------------------------------------------------------------

export interface CompileOptions {
  /** File name used in diagnostics and for the products (default 'kernel.cu'). */
  readonly name?: string;
  /** `double` in device code: binary64 in software (soft, default), computed as float with a warning, or an error. */
  readonly double?: 'soft' | 'error' | 'float';
  /** -D definitions and -I directories for the CPU backends' compile (as nvcc spells them, without -D/-I). */
  readonly defines?: readonly string[];
  readonly includeDirs?: readonly string[];
  /** C++ standard of the cuda-cpu compile, e.g. 'c++17'. */
  readonly std?: string;
  /** Where `#include "x.h"` resolves (default: the current directory). */
  readonly sourceDir?: string;
}

const stemOf = (name: string): string => path.basename(name).replace(/\.(cu|cuh|cpp|cc|metal)$/, '').replace(/[^A-Za-z0-9_.-]/g, '_') || 'kernel';

function writeMetalSource(msl: string, stem: string): string {
  const file = path.join(cacheDir(), 'metal', hashOf('metal', msl), `${stem}.metal`);
  writeAtomic(file, msl);
  return file;
}

function checkDevice(device: unknown, what: string): asserts device is Device {
  if (!(device instanceof Device)) throw new TypeError(`${what}: the first argument must be a Device (from openDevice()), got ${describe(device)}`);
}

async function buildFor(device: Device, t: Translation, options: CompileOptions, stem: string): Promise<string> {
  if (device.backend === 'metal') return writeMetalSource(t.msl, stem);
  const flags: UserFlags = { includeDirs: [...(options.includeDirs ?? [])], defines: [...(options.defines ?? [])], std: options.std };
  return buildModule(device.backend, t, flags, path.resolve(options.sourceDir ?? process.cwd()), stem);
}

/**
 * Translates CUDA source text and loads its kernels on `device`: translateSource, then the
 * backend's module (msl-cpu/cuda-cpu: a cached .so compiled with clang++; metal: the MSL, compiled
 * by Metal at load). Translation errors throw a TranslationError; compile failures a BuildError.
 */
export async function compileCuda(device: Device, source: string, options: CompileOptions = {}): Promise<Module> {
  checkDevice(device, 'compileCuda');
  if (typeof source !== 'string') throw new TypeError(`compileCuda: source must be a string of CUDA code, got ${describe(source)}`);
  if (typeof options !== 'object' || options === null) throw new TypeError(`compileCuda: options must be an object, got ${describe(options)}`);
  const name = options.name ?? 'kernel.cu';
  if (typeof name !== 'string' || name === '') throw new TypeError(`compileCuda: options.name must be a file name, got ${describe(name)}`);
  if (options.double !== undefined && options.double !== 'soft' && options.double !== 'error' && options.double !== 'float') throw new TypeError(`compileCuda: options.double must be 'soft', 'error' or 'float', got ${describe(options.double)}`);
  const sourceDir = path.resolve(options.sourceDir ?? process.cwd());
  const t = translateSource(name, source, {
    ...(options.double ? { double: options.double } : {}),
    includeDirs: [sourceDir, ...(options.includeDirs ?? []).map((d) => path.resolve(d))],
    defines: [...(options.defines ?? [])],
  });
  const sources = new Map<string, string>([[name, source], ...(t.sources ?? [])]);
  if (!t.ok) throw new TranslationError(t.diagnostics, renderAll(t.diagnostics, { sources, color: false }), name);
  const file = await buildFor(device, t, options, stemOf(name));
  return Module.load(device, t.manifest, file, t.diagnostics);
}

export interface PrebuiltModule {
  /** The translator's manifest (app.manifest.json). */
  readonly manifest: Manifest;
  /** MSL source (msl-cpu: compiled for the CPU; metal: compiled by Metal). */
  readonly msl?: string;
  /** A compiled CPU module (.so) for msl-cpu / cuda-cpu, e.g. from an earlier build. */
  readonly soPath?: string;
  /** A .metal file for the metal backend. */
  readonly metalPath?: string;
}

/** Loads already-translated code: `{ manifest, msl }`, `{ manifest, soPath }` or `{ manifest, metalPath }`. */
export async function compileModule(device: Device, module: PrebuiltModule, options: Pick<CompileOptions, 'defines' | 'sourceDir'> = {}): Promise<Module> {
  checkDevice(device, 'compileModule');
  if (typeof module !== 'object' || module === null) throw new TypeError(`compileModule: expected { manifest, msl | soPath | metalPath }, got ${describe(module)}`);
  const { manifest, msl, soPath, metalPath } = module;
  if (typeof manifest !== 'object' || manifest === null || !Array.isArray(manifest.kernels)) throw new TypeError(`compileModule: manifest must be the translator's manifest ({ kernels: [...] }), got ${describe(manifest)}`);
  const given = [msl, soPath, metalPath].filter((x) => x !== undefined).length;
  if (given !== 1) throw new TypeError('compileModule: pass exactly one of msl, soPath and metalPath');
  const backend = device.backend;
  if (soPath !== undefined) {
    if (typeof soPath !== 'string') throw new TypeError(`compileModule: soPath must be a path, got ${describe(soPath)}`);
    if (backend === 'metal') throw new TypeError('compileModule: soPath is for the CPU backends; the metal backend loads MSL (msl or metalPath)');
    return Module.load(device, manifest, path.resolve(soPath));
  }
  if (metalPath !== undefined) {
    if (typeof metalPath !== 'string') throw new TypeError(`compileModule: metalPath must be a path, got ${describe(metalPath)}`);
    if (backend !== 'metal') throw new TypeError(`compileModule: metalPath is for the metal backend; on ${backend} pass msl (msl-cpu) or soPath`);
    return Module.load(device, manifest, path.resolve(metalPath));
  }
  if (typeof msl !== 'string') throw new TypeError(`compileModule: msl must be a string of MSL source, got ${describe(msl)}`);
  if (backend === 'cuda-cpu') throw new TypeError('compileModule: the cuda-cpu backend runs the original CUDA code: use compileCuda, or pass soPath');
  const stem = stemOf(manifest.source ?? 'kernel.cu');
  const t: Translation = { msl, manifest, host: '', cudaCpu: '', diagnostics: [], sources: new Map(), ok: true };
  return Module.load(device, manifest, await buildFor(device, t, options, stem));
}

// Loading the native addon (binding.gyp → build/Release/cu2metal_native.node) and its interface.
// Nothing outside src/api/ should use it: the addon trusts its callers (see native/addon/common.h).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PACKAGE_ROOT } from '../build/paths';
import { CudaError } from './errors';

export interface NativeParam {
  readonly name: string;
  /** 0 = buffer, 1 = scalar (cu2m_arg_kind). */
  readonly kind: number;
  /** Bytes of the scalar as the backend's kernel reads it (ignored for buffers). */
  readonly size: number;
  /** cu2m_elem_type of a buffer's elements. */
  readonly elemType: number;
  readonly elemSize: number;
  readonly writes: boolean;
  /** How the addon packs the scalar (src/api/scalars.ts, SCALAR_CODES); 0 for buffers. */
  readonly scalar: number;
  /** A kernel with an argument buffer: the parameter's byte offset in it (cu2m_param_info.arg_offset). */
  readonly argOffset?: number;
}

export interface NativeKernel {
  readonly name: string;
  readonly sourceFile: string;
  readonly line: number;
  /** CU2M_KERNEL_* */
  readonly flags: number;
  /** Launch argument i = params[i]. */
  readonly params: readonly NativeParam[];
  /** The size of its argument buffer (cu2m_kernel_info.arg_buffer_bytes); absent: none. */
  readonly argBufferBytes?: number;
}

export interface NativeDeviceInfo {
  readonly name: string;
  readonly backend: string;
  readonly totalGlobalMem: number;
  readonly sharedMemPerBlock: number;
  readonly warpSize: number;
  readonly maxThreadsPerBlock: number;
  readonly maxThreadsDim: readonly [number, number, number];
  readonly maxGridSize: readonly [number, number, number];
  readonly multiProcessorCount: number;
  readonly major: number;
  readonly minor: number;
}

export interface NativeBuffer {
  write(source: Uint8Array, byteOffset: number): void;
  read(target: Uint8Array, byteOffset: number): void;
  fill(byte: number, byteOffset: number, bytes: number): void;
  free(): void;
}

export type NativeArg = NativeBuffer | null | number | bigint | boolean;

export interface NativeModule {
  /** geometry: grid x, y, z, block x, y, z, dynamic shared bytes. */
  launch(kernel: number, geometry: readonly number[], args: readonly NativeArg[], offsets: readonly number[]): void;
}

export interface NativeDevice {
  alloc(bytes: number): NativeBuffer;
  loadModule(path: string, kernels: readonly NativeKernel[]): NativeModule;
  synchronize(): void;
  info(): NativeDeviceInfo;
}

export interface NativeAddon {
  readonly Device: new (backend: string, threads: number, tracePrefix: string | undefined) => NativeDevice;
  readonly Buffer: abstract new () => NativeBuffer;
  readonly Module: abstract new () => NativeModule;
  setErrorClass(ctor: typeof CudaError): void;
  errorName(code: number): string;
  readonly abiVersion: number;
}

/** Where the addon may be: node-gyp's Release build, else a Debug build. */
export const ADDON_CANDIDATES = [
  path.join(PACKAGE_ROOT, 'build', 'Release', 'cu2metal_native.node'),
  path.join(PACKAGE_ROOT, 'build', 'Debug', 'cu2metal_native.node'),
];

let addon: NativeAddon | undefined;

/** The addon, loaded on first use. */
export function nativeAddon(): NativeAddon {
  if (addon) return addon;
  const file = ADDON_CANDIDATES.find((f) => fs.existsSync(f));
  if (!file) {
    throw new Error(
      `cu2metal: the native addon is not built (looked for ${ADDON_CANDIDATES.join(', ')}). ` +
        'Run `npm install` in the cu2metal package (it runs node-gyp), or `npx node-gyp rebuild` there.',
    );
  }
  const holder = { exports: {} as NativeAddon };
  try {
    process.dlopen(holder, file);
  } catch (e) {
    throw new Error(`cu2metal: cannot load the native addon ${file}: ${e instanceof Error ? e.message : String(e)} (rebuild it with \`npx node-gyp rebuild\`)`);
  }
  holder.exports.setErrorClass(CudaError);
  addon = holder.exports;
  return addon;
}

/** A CudaError raised by the TypeScript layer (names from the runtime's table). */
export function cudaError(code: number, message: string): CudaError {
  return new CudaError(code, nativeAddon().errorName(code), message);
}

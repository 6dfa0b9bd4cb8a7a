// Device and DeviceBuffer: a cu2metal runtime with one backend, and its allocations.
import { ERR_INVALID_VALUE } from './errors';
import { cudaError, nativeAddon, type NativeBuffer, type NativeDevice, type NativeDeviceInfo } from './native';
import { describe } from './scalars';

export type Backend = 'msl-cpu' | 'cuda-cpu' | 'metal';
export const BACKENDS: readonly Backend[] = ['msl-cpu', 'cuda-cpu', 'metal'];

export interface OpenDeviceOptions {
  /** Default: 'metal' on macOS, 'msl-cpu' elsewhere. */
  readonly backend?: Backend;
  /** Worker threads of the CPU backends (default: one per core). */
  readonly threads?: number;
  /** Write a launch/copy trace to PREFIX.jsonl + PREFIX.bin (docs/DESIGN.md, "Traces"). */
  readonly trace?: string;
}

export type DeviceInfo = NativeDeviceInfo;

/** Any typed array or DataView. */
export type BinaryView = ArrayBufferView;

/** A typed-array class (Float32Array, Int32Array, BigUint64Array, ...). */
export interface TypedArrayClass<T extends ArrayBufferView> {
  new (buffer: ArrayBuffer, byteOffset?: number, length?: number): T;
  readonly BYTES_PER_ELEMENT: number;
  readonly name: string;
}

export const defaultBackend = (): Backend => (process.platform === 'darwin' ? 'metal' : 'msl-cpu');

const nativeBuffers = new WeakMap<DeviceBuffer, NativeBuffer>();
const nativeDevices = new WeakMap<Device, NativeDevice>();

/** @internal The addon objects behind API objects (for src/api/module.ts). */
export const internals = {
  buffer: (b: DeviceBuffer): NativeBuffer => nativeBuffers.get(b)!,
  device: (d: Device): NativeDevice => nativeDevices.get(d)!,
};

const isInt = (v: unknown, min: number, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

function bytesOf(data: unknown, what: string): Uint8Array {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  throw new TypeError(`${what}: expected a typed array, DataView or ArrayBuffer, got ${describe(data)}`);
}

/**
 * One runtime with one backend. Launches on the CPU backends run synchronously on the calling
 * (JS) thread, with the backend's worker threads helping; `synchronize()` exists for Metal and for
 * code that should work on every backend.
 */
export class Device {
  #info: DeviceInfo | undefined;

  private constructor(
    readonly backend: Backend,
    native: NativeDevice,
  ) {
    nativeDevices.set(this, native);
  }

  /** Use openDevice(). */
  static open(options: OpenDeviceOptions = {}): Device {
    if (typeof options !== 'object' || options === null) throw new TypeError(`openDevice: options must be an object, got ${describe(options)}`);
    const backend = options.backend ?? defaultBackend();
    if (!BACKENDS.includes(backend)) throw new TypeError(`openDevice: backend must be one of ${BACKENDS.join(', ')}; got ${describe(backend)}`);
    const threads = options.threads ?? 0;
    if (!isInt(threads, 0, 4096)) throw new RangeError(`openDevice: threads must be an integer from 1 to 4096 (0 = one per core), got ${describe(threads)}`);
    if (options.trace !== undefined && (typeof options.trace !== 'string' || options.trace === '')) throw new TypeError(`openDevice: trace must be a path prefix, got ${describe(options.trace)}`);
    const addon = nativeAddon();
    return new Device(backend, new addon.Device(backend, threads, options.trace));
  }

  /** What the backend reports (limits used to validate launches). */
  get info(): DeviceInfo {
    this.#info ??= internals.device(this).info();
    return this.#info;
  }

  /** A zero-filled device allocation of `byteLength` bytes (cudaMalloc). */
  alloc(byteLength: number): DeviceBuffer {
    if (!isInt(byteLength, 0, Number.MAX_SAFE_INTEGER)) throw new RangeError(`Device.alloc: byteLength must be a non-negative integer, got ${describe(byteLength)}`);
    return new DeviceBuffer(this, internals.device(this).alloc(byteLength), byteLength);
  }

  /** A device allocation holding a copy of `data` (cudaMalloc + cudaMemcpy). */
  buffer(data: BinaryView | ArrayBuffer): DeviceBuffer {
    const bytes = bytesOf(data, 'Device.buffer');
    const b = this.alloc(bytes.byteLength);
    b.write(bytes);
    return b;
  }

  /** Waits for every launch issued so far (cudaDeviceSynchronize). */
  synchronize(): void {
    internals.device(this).synchronize();
  }
}

/** Opens a device: `openDevice({ backend: 'msl-cpu' })`. */
export const openDevice = (options: OpenDeviceOptions = {}): Device => Device.open(options);

/**
 * A device allocation. Memory is released by free() or, failing that, when the object is garbage
 * collected. Passed to Module.launch as a pointer argument, or as `{ buffer, offset }` for
 * `d_a + k` (offset in bytes).
 */
export class DeviceBuffer {
  #freed = false;

  /** @internal Use Device.alloc / Device.buffer. */
  constructor(
    readonly device: Device,
    native: NativeBuffer,
    readonly byteLength: number,
  ) {
    nativeBuffers.set(this, native);
  }

  get freed(): boolean {
    return this.#freed;
  }

  #live(what: string): NativeBuffer {
    if (this.#freed) throw cudaError(ERR_INVALID_VALUE, `DeviceBuffer.${what}: the buffer was freed`);
    return internals.buffer(this);
  }

  #range(what: string, byteOffset: unknown, bytes: number): number {
    if (!isInt(byteOffset, 0, this.byteLength)) throw new RangeError(`DeviceBuffer.${what}: byteOffset must be an integer from 0 to ${this.byteLength}, got ${describe(byteOffset)}`);
    if (bytes > this.byteLength - byteOffset) throw new RangeError(`DeviceBuffer.${what}: ${bytes} bytes at offset ${byteOffset} run past the end of the ${this.byteLength}-byte buffer`);
    return byteOffset;
  }

  /** Copies `data` into the buffer at `byteOffset` (host → device). */
  write(data: BinaryView | ArrayBuffer, byteOffset = 0): this {
    const bytes = bytesOf(data, 'DeviceBuffer.write');
    const native = this.#live('write');
    native.write(bytes, this.#range('write', byteOffset, bytes.byteLength));
    return this;
  }

  /**
   * Copies the buffer out (device → host): `read()` gives a Uint8Array of every byte;
   * `read(Float32Array)` a Float32Array; `byteOffset`/`length` (in elements) select a part.
   */
  read(): Uint8Array;
  read<T extends ArrayBufferView>(type: TypedArrayClass<T>, byteOffset?: number, length?: number): T;
  read<T extends ArrayBufferView>(type?: TypedArrayClass<T>, byteOffset = 0, length?: number): T | Uint8Array {
    const cls = (type ?? Uint8Array) as TypedArrayClass<T | Uint8Array>;
    if (typeof cls !== 'function' || typeof cls.BYTES_PER_ELEMENT !== 'number') throw new TypeError(`DeviceBuffer.read: type must be a typed-array class such as Float32Array, got ${describe(type)}`);
    const native = this.#live('read');
    const size = cls.BYTES_PER_ELEMENT;
    this.#range('read', byteOffset, 0);
    const available = this.byteLength - byteOffset;
    if (length === undefined) {
      if (available % size !== 0) throw new RangeError(`DeviceBuffer.read: ${available} bytes are not a whole number of ${cls.name} elements (${size} bytes); pass a length`);
      length = available / size;
    } else if (!isInt(length, 0, Math.floor(available / size))) {
      throw new RangeError(`DeviceBuffer.read: length must be an integer from 0 to ${Math.floor(available / size)} ${cls.name} elements, got ${describe(length)}`);
    }
    const out = new ArrayBuffer(length * size);
    native.read(new Uint8Array(out), byteOffset);
    return new cls(out, 0, length);
  }

  /** Copies into an existing typed array (device → host); returns it. */
  readInto<T extends ArrayBufferView>(target: T, byteOffset = 0): T {
    const bytes = bytesOf(target, 'DeviceBuffer.readInto');
    const native = this.#live('readInto');
    native.read(bytes, this.#range('readInto', byteOffset, bytes.byteLength));
    return target;
  }

  /** Sets bytes to `byte` (cudaMemset); by default the whole buffer. */
  fill(byte: number, byteOffset = 0, byteLength?: number): this {
    if (!isInt(byte, 0, 255)) throw new RangeError(`DeviceBuffer.fill: byte must be an integer from 0 to 255, got ${describe(byte)}`);
    const native = this.#live('fill');
    this.#range('fill', byteOffset, 0);
    const n = byteLength ?? this.byteLength - byteOffset;
    if (!isInt(n, 0, Number.MAX_SAFE_INTEGER)) throw new RangeError(`DeviceBuffer.fill: byteLength must be a non-negative integer, got ${describe(byteLength)}`);
    this.#range('fill', byteOffset, n);
    native.fill(byte, byteOffset, n);
    return this;
  }

  /** Releases the memory (cudaFree). Calling it again does nothing; any other use afterwards throws a CudaError. */
  free(): void {
    if (this.#freed) return;
    this.#freed = true;
    internals.buffer(this).free();
  }

  /** `{ buffer, offset }` for a launch argument that points `byteOffset` bytes into this buffer. */
  at(byteOffset: number): BufferArg {
    return { buffer: this, offset: byteOffset };
  }
}

/** A pointer into a buffer: `d_a + k` in CUDA is `{ buffer: a, offset: k * 4 }` for floats. */
export interface BufferArg {
  readonly buffer: DeviceBuffer;
  readonly offset: number;
}

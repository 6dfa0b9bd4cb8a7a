// cu2metal's launcher API: translate CUDA kernels and run them from TypeScript/JavaScript.
//
//   import { openDevice, compileCuda } from 'cu2metal';
//   const dev = openDevice({ backend: 'msl-cpu' });
//   const mod = await compileCuda(dev, cudaSource, { name: 'add.cu' });
//   mod.launch('add', { grid: [1], block: [3] }, [a, b, { type: 'i32', value: 3 }]);
//
// See README.md, "Launcher API (TypeScript)".
export { BACKENDS, Device, DeviceBuffer, defaultBackend, openDevice } from './device';
export type { Backend, BinaryView, BufferArg, DeviceInfo, OpenDeviceOptions, TypedArrayClass } from './device';
export { CudaError, TranslationError } from './errors';
export { Module, compileCuda, compileModule } from './module';
export type { CompileOptions, Dim3, KernelArg, KernelParam, KernelSignature, LaunchConfig, PrebuiltModule } from './module';
export { SCALAR_TYPES } from './scalars';
export type { ScalarArg, ScalarType } from './scalars';
export { BuildError } from '../build/build';
export { ToolchainError } from '../build/toolchain';
export type { Diagnostic } from '../diagnostics/diagnostic';
export type { Manifest } from '../translate/index';

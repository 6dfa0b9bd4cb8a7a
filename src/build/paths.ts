// Where cu2metal's own files are, and where build products are cached.
import * as os from 'node:os';
import * as path from 'node:path';

/** The package root (this file is dist/src/build/paths.js once compiled). */
export const PACKAGE_ROOT = path.resolve(__dirname, '..', '..', '..');
export const NATIVE_DIR = path.join(PACKAGE_ROOT, 'native');
export const NATIVE_INCLUDE = path.join(NATIVE_DIR, 'include');
export const MSL_EMULATION_INCLUDE = path.join(NATIVE_DIR, 'cpu', 'msl');
export const CUDA_EMULATION_INCLUDE = path.join(NATIVE_DIR, 'cpu', 'cuda');
export const CUDA_EMULATION_HEADER = path.join(CUDA_EMULATION_INCLUDE, 'cu2m_cuda_device.h');

/** Build cache: $CU2METAL_CACHE, else $XDG_CACHE_HOME/cu2metal, else ~/.cache/cu2metal. */
export function cacheDir(): string {
  const env = process.env['CU2METAL_CACHE'];
  if (env) return path.resolve(env);
  const xdg = process.env['XDG_CACHE_HOME'];
  return path.join(xdg ? path.resolve(xdg) : path.join(os.homedir(), '.cache'), 'cu2metal');
}

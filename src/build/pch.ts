// cuda-cpu modules force-include the device emulation (native/cpu/cuda/cu2m_cuda_device.h), which
// is most of a small module's compile time. It is precompiled once per native tree, toolchain and
// set of compiler flags into the cache, and modules use it with -include-pch.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cacheHit } from './cacheLimit';
import { CUDA_EMULATION_HEADER, cacheDir } from './paths';
import { hashOf, runProcess, toolchain } from './toolchain';

const pchPromises = new Map<string, Promise<string | undefined>>();

/**
 * The module's compiler arguments with `-include cu2m_cuda_device.h` replaced by `-include-pch`
 * of the header precompiled with the same arguments; the arguments unchanged when there is no such
 * include, when CU2METAL_PCH=0, or when the header cannot be precompiled.
 */
export async function withCudaEmulationPch(args: readonly string[], nativeHash: string): Promise<string[]> {
  const at = args.findIndex((a, k) => a === '-include' && args[k + 1] === CUDA_EMULATION_HEADER);
  if (at < 0 || process.env['CU2METAL_PCH'] === '0') return [...args];
  const headerArgs = args.filter((a, k) => k !== at && k !== at + 1 && a !== '-shared');
  const key = hashOf(nativeHash, toolchain().version, headerArgs.join('\0'));
  let p = pchPromises.get(key);
  if (!p) {
    p = (async () => {
      const pch = path.join(cacheDir(), 'runtime', nativeHash, `cu2m_cuda_device-${key}.pch`);
      if (cacheHit(pch)) return pch;
      fs.mkdirSync(path.dirname(pch), { recursive: true });
      const tmp = `${pch}.${process.pid}.tmp`;
      const r = await runProcess(toolchain().cxx, [...headerArgs, '-x', 'c++-header', CUDA_EMULATION_HEADER, '-o', tmp]);
      if (r.code !== 0) {
        fs.rmSync(tmp, { force: true });
        return undefined;
      }
      fs.renameSync(tmp, pch);
      return pch;
    })();
    pchPromises.set(key, p);
  }
  const pch = await p;
  return pch ? [...args.slice(0, at), '-include-pch', pch, ...args.slice(at + 2)] : [...args];
}

// What `cu2metal run --backend metal` needs on macOS, as pure data: which runtime sources to add,
// how to compile them, how to link, and the environment the program runs with. No macOS-only
// imports, so this type-checks and is unit-tested on Linux (test/metal/build.test.ts); the CLI
// wires it into src/build/build.ts. docs/METAL.md explains the backend these flags build.
//
// Typical use when building the runtime library for metal:
//   const plan = metalBuildPlan();
//   for (const src of [...runtimeSources, ...plan.sources])            // paths relative to native/
//     compile([...commonFlags, ...plan.cxxflags, ...(isObjCxx(src) ? plan.objcxxflags : []), src]);
//   link(host objects + library, [...runtimeLdflags, ...plan.ldflags]);
//   run with { ...process.env, ...metalRunEnv(metalFile, { fastMath }) }
// The cache key of the runtime library must include the plan (it changes the objects).

/** Oldest macOS the backend supports: MSL 3.0 and MTLCompileOptions.languageVersion 3.0 need 13. */
export const METAL_MIN_MACOS = '13.0';

export interface MetalBuildPlan {
  /** Extra runtime sources, relative to native/ (the convention of native/runtime/sources.txt). */
  readonly sources: readonly string[];
  /** Flags for EVERY runtime source and the host program when the metal backend is built in:
   *  the deployment target, and CU2M_HAVE_METAL so that createBackend (cpu_backend.cpp) knows "metal". */
  readonly cxxflags: readonly string[];
  /** Extra flags for the Objective-C++ sources only (those for which isObjCxxSource() is true);
   *  they go after cxxflags and before the source file. */
  readonly objcxxflags: readonly string[];
  /** Extra flags for linking the host program (after the runtime library). */
  readonly ldflags: readonly string[];
}

/** The runtime sources, compile and link flags that add the Metal backend (macOS only). */
export function metalBuildPlan(): MetalBuildPlan {
  return {
    sources: ['metal/metal_backend.mm'],
    cxxflags: [`-mmacosx-version-min=${METAL_MIN_MACOS}`, '-DCU2M_HAVE_METAL=1'],
    // -x applies to the inputs after it, so this must directly precede the .mm on the command line.
    objcxxflags: ['-fobjc-arc', '-x', 'objective-c++'],
    // CoreGraphics: Apple documents that a command-line program gets a default Metal device
    // (MTLCreateSystemDefaultDevice) only when it links CoreGraphics.
    ldflags: [`-mmacosx-version-min=${METAL_MIN_MACOS}`, '-framework', 'Metal', '-framework', 'Foundation', '-framework', 'CoreGraphics', '-lobjc'],
  };
}

/** True for the sources that need objcxxflags. */
export function isObjCxxSource(file: string): boolean {
  return file.endsWith('.mm');
}

/** Whether the metal backend can be built and run on this platform at all (an Apple GPU also has
 *  to be present: the runtime reports that at startup, see docs/METAL.md). */
export function metalSupported(platform: NodeJS.Platform = process.platform): boolean {
  return platform === 'darwin';
}

export interface MetalRunOptions {
  /** cu2metal run --fast-math: Metal's fast math instead of IEEE-safe math. */
  readonly fastMath?: boolean;
  /** A substring of the Metal device name to run on (default: the system default GPU). */
  readonly device?: string;
  /** false: no on-disk pipeline cache (CU2METAL_METAL_CACHE=0). */
  readonly pipelineCache?: boolean;
}

/** The environment of a program run on the metal backend; `metalFile` is the translated .metal
 *  source, compiled by Metal when the program starts its first kernel. */
export function metalRunEnv(metalFile: string, opts: MetalRunOptions = {}): Record<string, string> {
  const env: Record<string, string> = { CU2METAL_BACKEND: 'metal', CU2METAL_MODULE: metalFile };
  if (opts.fastMath) env['CU2METAL_FAST_MATH'] = '1';
  if (opts.device) env['CU2METAL_METAL_DEVICE'] = opts.device;
  if (opts.pipelineCache === false) env['CU2METAL_METAL_CACHE'] = '0';
  return env;
}

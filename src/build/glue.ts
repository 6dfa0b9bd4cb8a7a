// Per-kernel glue for the CPU backends, generated from the manifest: the module entry points of
// native/include/cu2m/abi.h (`cu2m_entry_NAME`, `cu2m_flags_NAME`) that unpack launch arguments
// and call the kernel.
import type { KernelManifest, Manifest } from '../translate/index';

/** The CU2M_KERNEL_* flags of a kernel as a C expression (cu2m/abi.h). */
export const kernelFlagsExpr = (k: KernelManifest): string =>
  [k.usesBarriers ? 'CU2M_KERNEL_USES_BARRIERS' : '', k.dynamicSharedMemory ? 'CU2M_KERNEL_DYNAMIC_SHARED' : ''].filter(Boolean).join(' | ') || '0u';

const EXPORT = 'extern "C" __attribute__((visibility("default")))';
const ABI_VERSION_LINE = `${EXPORT} const uint32_t cu2m_module_abi_version = CU2M_ABI_VERSION;`;

/** The module's ABI version symbol, alone: the translation unit that completes a module linked from several objects. */
export const moduleVersionGlue = (): string => `#include <cu2m/abi.h>\n${ABI_VERSION_LINE}\n`;

function common(manifest: Manifest, body: (k: KernelManifest) => string, abiVersion = true): string {
  const lines = [
    '',
    '// ---- cu2metal CPU glue, generated from the manifest (not part of the MSL) ----',
    '#line 1 "<cu2metal glue>"',
    '#include <cu2m/abi.h>',
    ...(abiVersion ? [ABI_VERSION_LINE] : []),
  ];
  for (const k of manifest.kernels) {
    lines.push(`${EXPORT} const uint32_t cu2m_flags_${k.name} = ${kernelFlagsExpr(k)};`);
    if (k.maxThreads) lines.push(`${EXPORT} const uint32_t cu2m_maxthreads_${k.name} = ${k.maxThreads}u; // __launch_bounds__`);
    lines.push(`${EXPORT} void cu2m_entry_${k.name}(void* const* args, cu2m_thread_ctx* ctx) {`);
    lines.push(body(k));
    lines.push('}');
  }
  return `${lines.join('\n')}\n`;
}

/**
 * msl-cpu: calls the MSL kernel with its [[buffer(i)]] arguments, built-ins and threadgroup memory.
 * Pointers are converted through uintptr_t: C++ for OpenCL has no cast from the generic address
 * space to `constant`.
 */
export function mslGlue(manifest: Manifest): string {
  return common(manifest, (k) => {
    const args = k.params.map((p) => {
      switch (p.kind) {
        case 'buffer':
          // A scalar __device__/__constant__ variable is bound by reference.
          return p.mslType.endsWith('&') ? `*(${p.mslType.slice(0, -1)}*)(uintptr_t)*(void* const*)args[${p.index}]` : `(${p.mslType})(uintptr_t)*(void* const*)args[${p.index}]`;
        case 'scalar':
          return `*(${p.mslType.replace(/&$/, '*')})(uintptr_t)args[${p.index}]`;
        case 'texture':
        case 'sampler':
          // Both views of the runtime's texture/surface object (native/cpu/msl/cu2m_msl_texture.h).
          return `${p.mslType}(*(const uint64_t*)args[${p.index}])`;
        case 'threadgroup':
          return `(${p.mslType})(uintptr_t)ctx->dynamic_shared`;
        case 'builtin':
          return p.mslType === 'uint3' ? `cu2m_msl::u3(ctx->${p.ctxField})` : `(${p.mslType})ctx->${p.ctxField}`;
      }
    });
    return `  cu2m_msl::enter(ctx);\n  ${k.mslName ?? k.name}(${args.join(',\n    ')});`;
  });
}

/** cuda-cpu: calls the original __global__ function; argument types come from its signature. */
export function cudaGlue(manifest: Manifest, abiVersion = true): string {
  const helper = [
    '#include <cstddef>',
    '#include <type_traits>',
    '#include <utility>',
    'namespace cu2m_glue {',
    'template <class... P, std::size_t... I>',
    'inline void call(void (*f)(P...), void* const* a, std::index_sequence<I...>) {',
    '  f(*static_cast<std::remove_cv_t<std::remove_reference_t<P>>*>(a[I])...);',
    '}',
    'template <class... P> inline void call(void (*f)(P...), void* const* a) { call(f, a, std::index_sequence_for<P...>{}); }',
    '}  // namespace cu2m_glue',
  ].join('\n');
  // __constant__/__device__ variables: the reference code reaches them through cu2m_sym_NAME
  // (src/host/host.ts), pointed at the runtime's storage that the launch passes after the parameters.
  const symbols = (k: KernelManifest): string => k.params.filter((p) => p.symbol).map((p) => `  cu2m_sym_${p.symbol} = *(void* const*)args[${p.index}];\n`).join('');
  const glue = common(manifest, (k) => `  cu2m_cuda::enter(ctx);\n${symbols(k)}  cu2m_glue::call(${k.cppName ?? k.name}, args);`, abiVersion);
  return glue.replace('#include <cu2m/abi.h>\n', `#include <cu2m/abi.h>\n${helper}\n`);
}

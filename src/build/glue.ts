// Per-kernel glue for the CPU backends, generated from the manifest: the module entry points of
// native/include/cu2m/abi.h (`cu2m_entry_NAME`, `cu2m_flags_NAME`) that unpack launch arguments
// and call the kernel.
import type { KernelManifest, Manifest } from '../translate/index';
import { fullBlockGuard, fullBlockLoop, fusesBlocks, fusesBlocksCuda } from './fullBlock';
import { mslName as mslIdent } from '../translate/tables/reserved';

/** A kernel template instance's template arguments as its MSL name spells them (`<float, 256>`), else ''. */
const templateArgs = (k: KernelManifest): string => (k.cppName ? (/<.*>$/.exec(k.mslName ?? '')?.[0] ?? '') : '');

/** The CU2M_KERNEL_* flags of a kernel as a C expression (cu2m/abi.h). */
export const kernelFlagsExpr = (k: KernelManifest, workItemLoops = false): string =>
  [k.usesBarriers ? 'CU2M_KERNEL_USES_BARRIERS' : '', k.dynamicSharedMemory ? 'CU2M_KERNEL_DYNAMIC_SHARED' : '', k.usesBarriers && workItemLoops ? 'CU2M_KERNEL_WORK_ITEM_LOOPS' : '', k.launchesKernels ? 'CU2M_KERNEL_DEVICE_LAUNCHES' : ''].filter(Boolean).join(' | ') || '0u';

const EXPORT = 'extern "C" __attribute__((visibility("default")))';
const ABI_VERSION_LINE = `${EXPORT} const uint32_t cu2m_module_abi_version = CU2M_ABI_VERSION;`;

/** The module's ABI version symbol, alone: the translation unit that completes a module linked from several objects. */
export const moduleVersionGlue = (): string => `#include <cu2m/abi.h>\n${ABI_VERSION_LINE}\n`;

/**
 * The block entries of a kernel without barriers (cu2m/abi.h): `cu2m_block_NAME` runs every thread
 * of the block at ctx->block_idx in one call, x fastest, with the kernel call inlined into the loop
 * instead of one indirect call per thread; `cu2m_blocks_NAME` runs a range of blocks in one call (the
 * scheduler's chunks), so that a block costs a few instructions rather than a call, the scheduler's
 * bookkeeping and entering the block. Both are the same body, `cu2m_run_NAME` (inlined).
 * `enter` runs at the start of a block, `setup` once per block, `call` once per thread. Before
 * `enter` the context names thread (0,0,0): entering the block sees its first thread (a new block's
 * shared memory is poisoned then, cu2m/shared_mem.h). Within a range, `enter` runs for every block
 * only when `perBlockEnter` (the kernel has shared memory to poison or threadgroup variables to
 * find); otherwise for the first one alone, since nothing else in it depends on the block.
 *
 * `perThreadCtx` (cuda-cpu): ctx->thread_idx and linear_tid are kept current, since the kernel reads
 * threadIdx through the context (and traps, assert and printf name the thread from it). msl-cpu
 * passes the thread position as an argument and nothing else reads those fields, so its loop stores
 * nothing per thread: the kernel's loop can be vectorised.
 */
function blockEntry(k: KernelManifest, enter: string, setup: string, call: string, perThreadCtx: boolean, full: string[], perBlockEnter: boolean, fused: string[] = []): string[] {
  if (k.usesBarriers) return [];
  const store = perThreadCtx
    ? ['        ctx->thread_idx.x = x;', '        ctx->thread_idx.y = y;', '        ctx->thread_idx.z = z;', '        ctx->linear_tid = linear;']
    : [];
  return [
    `static inline __attribute__((always_inline)) void cu2m_run_${k.name}(void* const* args, cu2m_thread_ctx* ctx, bool cu2m_enter, cu2m_dim3 cu2m_blk) {`,
    '  ctx->thread_idx = cu2m_dim3{0, 0, 0};',
    '  ctx->linear_tid = 0;',
    '  if (cu2m_enter) {',
    '    ctx->block_idx = cu2m_blk;',
    `    ${enter.replace(/\n/g, '\n    ')}`,
    '  }',
    // Stored (again) after enter(), which may call out: the compiler then knows the block's position
    // the kernel reads from the context, and the full-block test (the assumption) folds.
    '  ctx->block_idx = cu2m_blk;',
    setup,
    '  const uint32_t cu2m_bx = ctx->block_dim.x, cu2m_by = ctx->block_dim.y, cu2m_bz = ctx->block_dim.z;',
    ...full,
    ...(perThreadCtx ? ['  uint32_t linear = 0;'] : []),
    '  for (uint32_t z = 0; z < cu2m_bz; ++z)',
    '    for (uint32_t y = 0; y < cu2m_by; ++y)',
    `      for (uint32_t x = 0; x < cu2m_bx; ++x${perThreadCtx ? ', ++linear' : ''}) {`,
    ...store,
    `        ${call.replace(/\n/g, '\n        ')}`,
    '      }',
    '}',
    `${EXPORT} void cu2m_block_${k.name}(void* const* args, cu2m_thread_ctx* ctx) {`,
    `  cu2m_run_${k.name}(args, ctx, true, ctx->block_idx);`,
    '}',
    `${EXPORT} void cu2m_blocks_${k.name}(void* const* args, cu2m_thread_ctx* ctx, uint64_t cu2m_first, uint64_t cu2m_last) {`,
    '  const uint64_t cu2m_gx = ctx->grid_dim.x, cu2m_gy = ctx->grid_dim.y;',
    '  uint32_t cu2m_x = (uint32_t)(cu2m_first % cu2m_gx), cu2m_y = (uint32_t)(cu2m_first / cu2m_gx % cu2m_gy), cu2m_z = (uint32_t)(cu2m_first / (cu2m_gx * cu2m_gy));',
    // Entered once, before the loop: a loop that calls nothing reads the arguments once.
    ...(perBlockEnter
      ? []
      : ['  ctx->thread_idx = cu2m_dim3{0, 0, 0};', '  ctx->linear_tid = 0;', '  ctx->block_idx = cu2m_dim3{cu2m_x, cu2m_y, cu2m_z};', `  ${enter.replace(/\n/g, '\n  ')}`]),
    ...(perBlockEnter ? [] : fused),
    '  for (uint64_t cu2m_b = cu2m_first; cu2m_b < cu2m_last; ++cu2m_b) {',
    `    cu2m_run_${k.name}(args, ctx, ${perBlockEnter ? 'true' : 'false'}, cu2m_dim3{cu2m_x, cu2m_y, cu2m_z});`,
    '    if (++cu2m_x == cu2m_gx) {',
    '      cu2m_x = 0;',
    '      if (++cu2m_y == cu2m_gy) cu2m_y = 0, ++cu2m_z;',
    '    }',
    '  }',
    '}',
  ];
}

/**
 * Whether a range of blocks must enter every block (see blockEntry): the kernel takes dynamic shared
 * memory or declares static shared memory (the manifest counts those of the helpers it calls too).
 * Entering is what poisons a block's shared memory; were a declaration missed, the blocks of a range
 * would find what the previous block left there, as on a GPU (the poisoning is a check, not a
 * meaning; --sanitize does not use these entries).
 */
const enterEveryBlock = (k: KernelManifest): boolean => k.dynamicSharedMemory || k.staticThreadgroupBytes !== 0;

function common(manifest: Manifest, body: (k: KernelManifest) => string, abiVersion = true, block?: (k: KernelManifest) => string[], workItemLoops: ReadonlyMap<string, string> = new Map()): string {
  const lines = [
    '',
    '// ---- cu2metal CPU glue, generated from the manifest (not part of the MSL) ----',
    '#line 1 "<cu2metal glue>"',
    '#include <cu2m/abi.h>',
    ...(abiVersion ? [ABI_VERSION_LINE] : []),
  ];
  for (const k of manifest.kernels) {
    lines.push(`${EXPORT} const uint32_t cu2m_flags_${k.name} = ${kernelFlagsExpr(k, workItemLoops.has(k.name))};`);
    if (k.maxThreads) lines.push(`${EXPORT} const uint32_t cu2m_maxthreads_${k.name} = ${k.maxThreads}u; // __launch_bounds__`);
    lines.push(`${EXPORT} void cu2m_entry_${k.name}(void* const* args, cu2m_thread_ctx* ctx) {`);
    lines.push(body(k));
    lines.push('}');
    if (block) lines.push(...block(k));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * msl-cpu: calls the MSL kernel with its [[buffer(i)]] arguments, built-ins and threadgroup memory.
 * Pointers are converted through uintptr_t: C++ for OpenCL has no cast from the generic address
 * space to `constant`.
 */
export function mslGlue(manifest: Manifest, workItemLoops: ReadonlyMap<string, string> = new Map(), code = ''): string {
  // hoisted: the block entry reads each buffer's address once per block, into a local (`cu2m_aI`),
  // so that the compiler knows the kernel's stores cannot change it.
  const argsOf = (k: KernelManifest, hoisted = false): string[] => [
    ...(k.argumentBuffer ? [`*(constant ${k.argumentBuffer.type}${templateArgs(k)}*)(uintptr_t)&cu2m_ab`] : []),
    ...k.params.filter((p) => !p.field).map((p) => {
      switch (p.kind) {
        case 'buffer':
          if (hoisted) return p.mslType.endsWith('&') ? `*cu2m_a${p.index}` : `cu2m_a${p.index}`;
          // A scalar __device__/__constant__ variable is bound by reference.
          return p.mslType.endsWith('&') ? `*(${p.mslType.slice(0, -1)}*)(uintptr_t)*(void* const*)args[${p.index}]` : `(${p.mslType})(uintptr_t)*(void* const*)args[${p.index}]`;
        case 'scalar':
          return hoisted ? `*cu2m_a${p.index}` : `*(${p.mslType.replace(/&$/, '*')})(uintptr_t)args[${p.index}]`;
        case 'texture':
        case 'sampler':
          // Both views of the runtime's texture/surface object (native/cpu/msl/cu2m_msl_texture.h).
          return `${p.mslType}(*(const uint64_t*)args[${p.index}])`;
        case 'threadgroup':
          return `(${p.mslType})(uintptr_t)ctx->dynamic_shared`;
        case 'builtin':
          if (hoisted) return p.ctxField === 'thread_idx' ? 'cu2m_msl::u3(cu2m_dim3{x, y, z})' : `cu2m_b_${p.ctxField}`;
          return p.mslType === 'uint3' ? `cu2m_msl::u3(ctx->${p.ctxField})` : `(${p.mslType})ctx->${p.ctxField}`;
      }
    }),
  ];
  const hoist = (k: KernelManifest): string =>
    k.params
      .map((p) => {
        if (p.kind === 'buffer') {
          const ptr = p.mslType.endsWith('&') ? `${p.mslType.slice(0, -1)}*` : p.mslType;
          return `  const auto cu2m_a${p.index} = (${ptr})(uintptr_t)*(void* const*)args[${p.index}];\n`;
        }
        if (p.kind === 'scalar') {
          const ptr = p.mslType.replace(/&$/, '*');
          return `  const auto cu2m_a${p.index} = (${ptr})(uintptr_t)args[${p.index}];\n`;
        }
        if (p.kind === 'builtin' && p.ctxField !== 'thread_idx') {
          // The block's position from the block entry's argument: read back from the context, it
          // would wait for the stores that just wrote it (a load spanning two stores is not forwarded).
          const field = p.ctxField === 'block_idx' ? 'cu2m_blk' : `ctx->${p.ctxField}`;
          const value = p.mslType === 'uint3' ? `cu2m_msl::u3(${field})` : `(${p.mslType})${field}`;
          return `  const ${p.mslType} cu2m_b_${p.ctxField} = ${value};\n`;
        }
        return '';
      })
      .join('');
  const call = (k: KernelManifest, hoisted = false): string => `${k.mslName ?? k.name}(${argsOf(k, hoisted).join(',\n    ')});`;
  // A kernel with an argument buffer (src/translate/argumentBuffer.ts): the MSL struct, filled from
  // the arguments field by field (each argument's bytes are its field's: a pointer, or a value in
  // CUDA's layout, which the MSL keeps), and passed as the constant reference the kernel takes.
  const argumentBuffer = (k: KernelManifest): string => {
    if (!k.argumentBuffer) return '';
    const fields = k.params.filter((p) => p.field).map((p) => `  __builtin_memcpy(&cu2m_ab.${mslIdent(p.name)}, args[${p.index}], sizeof cu2m_ab.${mslIdent(p.name)});\n`);
    return `  ${k.argumentBuffer.type}${templateArgs(k)} cu2m_ab;\n${fields.join('')}`;
  };
  // A barrier kernel with work-item loops (src/build/mslWorkItemLoops.ts): its generated function,
  // called once per block with the context and the kernel's arguments as thread 0 gets them.
  const wilEntry = (k: KernelManifest): string[] => [
    `${EXPORT} void cu2m_block_${k.name}(void* const* args, cu2m_thread_ctx* ctx) {`,
    '  ctx->thread_idx = cu2m_dim3{0, 0, 0};',
    '  ctx->linear_tid = 0;',
    '  cu2m_msl::enter(ctx);',
    `${argumentBuffer(k)}  ${workItemLoops.get(k.name)}(ctx, ${argsOf(k).join(',\n    ')});`,
    '}',
  ];
  // A bounds-checked 1-D kernel's full blocks (src/build/fullBlock.ts); the bound is a hoisted scalar.
  const full = (k: KernelManifest): string[] => {
    const g = fullBlockGuard(code, k);
    const p = g && k.params[g.param];
    return g && p ? fullBlockLoop(g, `*cu2m_a${p.index}`, [call(k, true)]) : [];
  };
  // Consecutive full blocks of a range as one loop (src/build/fullBlock.ts, fusesBlocks): the
  // threads x = 0..(last-first)*bx of block `first`, so that the kernel's index runs over the range.
  const fused = (k: KernelManifest): string[] => {
    const g = fullBlockGuard(code, k);
    const p = g && k.params[g.param];
    if (!g || !p || !fusesBlocks(code, k)) return [];
    const builtins = k.params
      .filter((q) => q.kind === 'builtin' && q.ctxField !== 'thread_idx')
      .map((q) => {
        const value = q.ctxField === 'block_idx' ? 'cu2m_dim3{(uint32_t)cu2m_first, 0, 0}' : q.ctxField === 'block_dim' ? 'cu2m_dim3{cu2m_bx, 1, 1}' : `ctx->${q.ctxField ?? ''}`;
        return `        const ${q.mslType} cu2m_b_${q.ctxField ?? ''} = ${q.mslType === 'uint3' ? `cu2m_msl::u3(${value})` : `(${q.mslType})${value}`};`;
      });
    const pointers = hoist({ ...k, params: k.params.filter((q) => q.kind === 'buffer' || q.kind === 'scalar') }).replace(/\n$/, '').split('\n').map((l) => `  ${l}`);
    return [
      `  // Full 1-D blocks of the range as one loop (src/build/fullBlock.ts): the kernel sees the thread`,
      `  // and block only through its index, which runs over the blocks' threads in order.`,
      '  if (cu2m_gy == 1 && ctx->grid_dim.z == 1 && ctx->block_dim.y == 1 && ctx->block_dim.z == 1) {',
      '    const uint32_t cu2m_bx = ctx->block_dim.x;',
      ...pointers,
      `    const auto cu2m_bound = *cu2m_a${p.index};`,
      '    if (cu2m_bound > 0) {',
      '      const uint64_t cu2m_lim = (uint64_t)cu2m_bound < 0x80000000ull ? (uint64_t)cu2m_bound : 0x80000000ull;',
      '      const uint64_t cu2m_full = cu2m_lim / cu2m_bx < cu2m_last ? cu2m_lim / cu2m_bx : cu2m_last;',
      '      if (cu2m_full > cu2m_first) {',
      '        const uint32_t cu2m_base = (uint32_t)cu2m_first * cu2m_bx, cu2m_count = (uint32_t)(cu2m_full - cu2m_first) * cu2m_bx, y = 0, z = 0;',
      '        (void)y, (void)z;',
      ...builtins,
      '        for (uint32_t x = 0; x < cu2m_count; ++x) {',
      `          __builtin_assume((${g.indexType})(cu2m_base + x) < cu2m_bound);`,
      // Below 2^31: the index's sign extension is a zero extension, kept out of the loop.
      '          __builtin_assume((int)(cu2m_base + x) >= 0);',
      `          ${call(k, true).replace(/\n/g, '\n          ')}`,
      '        }',
      '        cu2m_first = cu2m_full;',
      '        cu2m_x = (uint32_t)cu2m_full;',
      '      }',
      '    }',
      '  }',
    ];
  };
  // The MSL struct's layout, which the runtime compares with the host's offsets (cpu_backend.cpp).
  const layout = (k: KernelManifest): string[] => {
    if (!k.argumentBuffer) return [];
    const t = `${k.argumentBuffer.type}${templateArgs(k)}`;
    const offsets = k.params.filter((p) => p.field).map((p) => `(uint32_t)__builtin_offsetof(${t}, ${mslIdent(p.name)})`);
    return [`${EXPORT} const uint32_t cu2m_arglayout_${k.name}[] = {(uint32_t)sizeof(${t}), ${offsets.length}u, ${offsets.join(', ')}};`];
  };
  return common(manifest, (k) => `  cu2m_msl::enter(ctx);\n${argumentBuffer(k)}  ${call(k)}`, true, (k) => [...layout(k), ...(workItemLoops.has(k.name) ? wilEntry(k) : blockEntry(k, 'cu2m_msl::enter(ctx);', `${argumentBuffer(k)}${hoist(k)}`.replace(/\n$/, ''), call(k, true), false, full(k), enterEveryBlock(k), fused(k)))], workItemLoops);
}

/**
 * cuda-cpu: calls the original __global__ function; argument types come from its signature.
 * `workItemLoops`: barrier kernels that have a generated `cu2m_wil_NAME::NAME` (src/build/workItemLoops.ts),
 * which runs a whole block, and the function to call: their block entry calls it once.
 */
export function cudaGlue(manifest: Manifest, abiVersion = true, workItemLoops: ReadonlyMap<string, string> = new Map(), code = ''): string {
  const helper = [
    '#include <cstddef>',
    '#include <tuple>',
    '#include <type_traits>',
    '#include <utility>',
    '// Names a user macro cannot plausibly collide with: the glue follows the program\'s own code.',
    'namespace cu2m_glue {',
    'template <class... Cu2mP, std::size_t... Cu2mI>',
    'inline void call(void (*cu2m_f)(Cu2mP...), void* const* cu2m_a, std::index_sequence<Cu2mI...>) {',
    '  cu2m_f(*static_cast<std::remove_cv_t<std::remove_reference_t<Cu2mP>>*>(cu2m_a[Cu2mI])...);',
    '}',
    'template <class... Cu2mP> inline void call(void (*cu2m_f)(Cu2mP...), void* const* cu2m_a) { call(cu2m_f, cu2m_a, std::index_sequence_for<Cu2mP...>{}); }',
    '// The block entry: the parameter values, read once per block (each thread still gets its own copy).',
    'template <class... Cu2mP> using values_t = std::tuple<std::remove_cv_t<std::remove_reference_t<Cu2mP>>...>;',
    'template <class... Cu2mP, std::size_t... Cu2mI>',
    'inline values_t<Cu2mP...> load(void (*)(Cu2mP...), void* const* cu2m_a, std::index_sequence<Cu2mI...>) {',
    '  return values_t<Cu2mP...>(*static_cast<std::remove_cv_t<std::remove_reference_t<Cu2mP>>*>(cu2m_a[Cu2mI])...);',
    '}',
    'template <class... Cu2mP> inline values_t<Cu2mP...> load(void (*cu2m_f)(Cu2mP...), void* const* cu2m_a) { return load(cu2m_f, cu2m_a, std::index_sequence_for<Cu2mP...>{}); }',
    'template <class... Cu2mP, class Cu2mT, std::size_t... Cu2mI>',
    'inline void apply(void (*cu2m_f)(Cu2mP...), const Cu2mT& cu2m_v, std::index_sequence<Cu2mI...>) { cu2m_f(std::get<Cu2mI>(cu2m_v)...); }',
    'template <class... Cu2mP, class Cu2mT> inline void apply(void (*cu2m_f)(Cu2mP...), const Cu2mT& cu2m_v) { apply(cu2m_f, cu2m_v, std::index_sequence_for<Cu2mP...>{}); }',
    '}  // namespace cu2m_glue',
  ].join('\n');
  // __constant__/__device__ variables: the reference code reaches them through cu2m_sym_NAME
  // (src/host/host.ts), pointed at the runtime's storage that the launch passes after the parameters.
  const symbols = (k: KernelManifest): string => k.params.filter((p) => p.symbol).map((p) => `  cu2m_sym_${p.symbol} = *(void* const*)args[${p.index}];\n`).join('');
  const glue = common(
    manifest,
    (k) => `  cu2m_cuda::enter(ctx);\n${symbols(k)}  cu2m_glue::call(${k.cppName ?? k.name}, args);`,
    abiVersion,
    (k) =>
      workItemLoops.has(k.name)
        ? [
            `${EXPORT} void cu2m_block_${k.name}(void* const* args, cu2m_thread_ctx* ctx) {`,
            // enter() as thread 0, as blockEntry does: a new block's shared memory is poisoned then.
            '  ctx->thread_idx = cu2m_dim3{0, 0, 0};',
            '  ctx->linear_tid = 0;',
            `  cu2m_cuda::enter(ctx);\n${symbols(k)}  cu2m_glue::call(${workItemLoops.get(k.name)}, args);`,
            '}',
          ]
        : blockEntry(
            k,
            'cu2m_cuda::enter(ctx);',
            // enter() may call out (a new block's shared memory): setting the thread's context again
            // tells the compiler that threadIdx reads the fields this loop writes, so it keeps them in
            // registers (and can vectorise the loop) unless the kernel calls out itself.
            `  ::cu2m_cpu::current = ctx;\n${symbols(k)}  const auto cu2m_values = cu2m_glue::load(${k.cppName ?? k.name}, args);`,
            `cu2m_glue::apply(${k.cppName ?? k.name}, cu2m_values);`,
            true,
            cudaFullBlock(k, code),
            enterEveryBlock(k),
            cudaFused(k, code, symbols(k)),
          ),
    workItemLoops,
  );
  return glue.replace('#include <cu2m/abi.h>\n', `#include <cu2m/abi.h>\n${helper}\n`);
}

/**
 * cuda-cpu's range of full blocks as one loop (msl-cpu's, in mslGlue; src/build/fullBlock.ts
 * fusesBlocksCuda): the kernel reads its thread and block through the context, which names block
 * `first` and, per thread, x = 0..(full-first)*bx (as the general loop keeps it current).
 */
function cudaFused(k: KernelManifest, code: string, symbols: string): string[] {
  const g = fullBlockGuard(code, k);
  if (!g || !fusesBlocksCuda(code, k)) return [];
  const before = k.params.slice(0, g.param).filter((p) => p.kind !== 'builtin');
  if (before.some((p) => (p.kind !== 'buffer' && p.kind !== 'scalar') || p.symbol)) return [];
  const f = k.cppName ?? k.name;
  return [
    '  // Full 1-D blocks of the range as one loop (src/build/fullBlock.ts): the kernel sees the thread',
    '  // and block only through its index, which runs over the blocks\' threads in order.',
    '  if (cu2m_gy == 1 && ctx->grid_dim.z == 1 && ctx->block_dim.y == 1 && ctx->block_dim.z == 1) {',
    '    const uint32_t cu2m_bx = ctx->block_dim.x;',
    '    ::cu2m_cpu::current = ctx;',
    ...symbols.replace(/\n$/, '').split('\n').filter(Boolean).map((l) => `  ${l}`),
    `    const auto cu2m_values = cu2m_glue::load(${f}, args);`,
    `    const auto cu2m_bound = std::get<${before.length}>(cu2m_values);`,
    '    if (cu2m_bound > 0) {',
    '      const uint64_t cu2m_lim = (uint64_t)cu2m_bound < 0x80000000ull ? (uint64_t)cu2m_bound : 0x80000000ull;',
    '      const uint64_t cu2m_full = cu2m_lim / cu2m_bx < cu2m_last ? cu2m_lim / cu2m_bx : cu2m_last;',
    '      if (cu2m_full > cu2m_first) {',
    '        const uint32_t cu2m_base = (uint32_t)cu2m_first * cu2m_bx, cu2m_count = (uint32_t)(cu2m_full - cu2m_first) * cu2m_bx;',
    '        ctx->block_idx = cu2m_dim3{(uint32_t)cu2m_first, 0, 0};',
    '        for (uint32_t x = 0; x < cu2m_count; ++x) {',
    `          __builtin_assume((${g.indexType})(cu2m_base + x) < cu2m_bound);`,
    '          __builtin_assume((int)(cu2m_base + x) >= 0);',
    '          ctx->thread_idx.x = x;',
    '          ctx->thread_idx.y = 0;',
    '          ctx->thread_idx.z = 0;',
    '          ctx->linear_tid = x;',
    `          cu2m_glue::apply(${f}, cu2m_values);`,
    '        }',
    '        cu2m_first = cu2m_full;',
    '        cu2m_x = (uint32_t)cu2m_full;',
    '      }',
    '    }',
    '  }',
  ];
}

/**
 * cuda-cpu's full-block loop (src/build/fullBlock.ts): the bound is an element of the block entry's
 * parameter tuple, at its position in the C++ signature (only when every parameter before it is a
 * plain buffer or scalar, so that the position is known); the thread's context is kept as the general
 * loop keeps it (a 1-D block: y = z = 0, linear id = x).
 */
function cudaFullBlock(k: KernelManifest, code: string): string[] {
  const g = fullBlockGuard(code, k);
  if (!g) return [];
  const before = k.params.slice(0, g.param).filter((p) => p.kind !== 'builtin');
  if (before.some((p) => (p.kind !== 'buffer' && p.kind !== 'scalar') || p.symbol)) return [];
  const f = k.cppName ?? k.name;
  return fullBlockLoop(g, `std::get<${before.length}>(cu2m_values)`, [
    'ctx->thread_idx.x = x;',
    'ctx->thread_idx.y = 0;',
    'ctx->thread_idx.z = 0;',
    'ctx->linear_tid = x;',
    `cu2m_glue::apply(${f}, cu2m_values);`,
  ]);
}

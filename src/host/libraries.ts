// Host code that needs what cu2metal does not provide: the header of a CUDA library (cuBLAS,
// CUB, Thrust, mma.h ...) and calls of the driver API (cuInit, cuModuleLoad ...). `check` names
// each (C2M2004) instead of the build failing later on a missing header or symbol.
import { diag, type Diagnostic } from '../diagnostics/diagnostic';
import { pos, type SourceFile, type SyntaxNode } from '../parse/parse';
import { functionRole, isIfZero } from '../translate/program';
import { CUBLAS_API_BY_NAME } from '../translate/tables/cublas';
import { CUSPARSE_API_BY_NAME } from '../translate/tables/cusparse';
import { THRUST_DEVICE_NAMES, THRUST_HEADERS, THRUST_NAMES } from '../translate/tables/thrust';
import { CURAND_API_BY_NAME } from '../translate/tables/curand';
import { libcuxxDiagnostics } from '../translate/libcuxx';
import { REMOVED_APIS, type RemovedApi } from '../translate/tables/removedApis';

/** Headers of CUDA libraries, by the library's name (the shim provides cuda.h, cuda_runtime.h ...). */
export const UNPROVIDED_HEADERS: ReadonlyArray<readonly [RegExp, string]> = [
  // cuBLAS's handle-based API (cublas_v2.h, cublas_api.h) and cuBLASLt's matmul (cublasLt.h) are
  // provided (native/include, runtime/cublas.cpp); the legacy API and cuBLAS-XT are not.
  [/^cublas\.h$/, 'cuBLAS\'s legacy API'],
  [/^cublasXt\.h$/i, 'cuBLAS-XT'],
  // cuSPARSE (cusparse.h, cusparse_v2.h) is provided (native/include, runtime/cusparse.cpp).
  [/^cufft(w|XT)?\.h$/, 'cuFFT'],
  // cuRAND's host API (curand.h: runtime/curand.cpp) and device API (curand_kernel.h, translated
  // like a program header) are provided; its other headers (MTGP32, quasi-random tables) are not.
  [/^curand_(mtgp32\w*|philox4x32_x|precalc|discrete\w*|globals|lognormal|normal\w*|poisson|uniform|mrg32k3a|kernel\w+)\.h$/, 'cuRAND beyond <curand.h> and <curand_kernel.h>'],
  [/^cusolver\w*\.h$/, 'cuSOLVER'],
  [/^npp\w*\.h$/, 'NPP'],
  [/^nvrtc\.h$/, 'NVRTC'],
  [/^nvJitLink\.h$/, 'nvJitLink'],
  [/^nvjpeg\.h$/, 'nvJPEG'],
  [/^cudnn\w*\.h$/, 'cuDNN'],
  [/^nvml\.h$/, 'NVML'],
  [/^(nvToolsExt\w*\.h|nvtx3\/)/, 'NVTX'],
  // CUB's block and warp collectives and device-wide algorithms are provided (PROVIDED_HEADERS); its other headers are not.
  [/^cub\//, 'CUB'],
  // Thrust's host-called algorithms are provided (PROVIDED_THRUST_HEADERS); its other headers are not.
  [/^thrust\//, 'Thrust'],
  // The warp matrix functions (mma.h: nvcuda::wmma) are provided, translated like a program header.
  [/^cuda\/(barrier|pipeline|atomic|latch|semaphore|annotated_ptr|std\/)/, 'libcu++ (cuda::)'],
  // cuda_pipeline.h / cuda_pipeline_primitives.h are provided: their __pipeline_* primitives are translated.
  [/^cuda_awbarrier\w*\.h$/, 'the asynchronous copy barrier'],
];

/**
 * Library headers cu2metal provides as CUDA source of its own, under native/include: CUB's block
 * and warp collectives (BlockReduce, BlockScan, BlockLoad, BlockStore, BlockAdjacentDifference,
 * WarpReduce, WarpScan ...) and device-wide algorithms (DeviceReduce, DeviceScan ..., host code
 * over the device memory: cub/device/device_common.cuh), written from CUB's documented API. The preprocessor reads them from there (src/parse/preprocess.ts `provided`) and
 * they are translated like the program's headers; the CPU backends' compilers find them through
 * `-I native/include`.
 */
export const PROVIDED_HEADERS = /^mma\.h$|^cuda\/(barrier|pipeline|std\/(barrier|cstddef|utility|type_traits))$|^curand_kernel\.h$|^cu2m\/curand_tables\.h$|^cub\/(cub\.cuh|util_(type|ptx|macro|debug|allocator)\.cuh|block\/block_(reduce|scan|load|store|adjacent_difference|discontinuity|histogram|exchange|radix_sort)\.cuh|warp\/warp_(reduce|scan|exchange)\.cuh|thread\/thread_operators\.cuh|device\/device_(common|reduce|scan|select|radix_sort|run_length_encode|segmented_reduce|histogram)\.cuh|iterator\/(counting|transform)_input_iterator\.cuh)$/;

/**
 * Thrust headers cu2metal provides, under native/include/thrust: the host-called algorithms,
 * vectors, fancy iterators, functional objects, tuples and host-side complex numbers, written from
 * Thrust's documented API. They are NOT read by the preprocessor (no device code is in them): the
 * `#include` stays in the host program and the host compilers find them through `-I native/include`;
 * every algorithm runs on the host over the (host-visible) device memory.
 */
export const PROVIDED_THRUST_HEADERS = new RegExp(`^thrust\\/(?:${THRUST_HEADERS.map((h) => h.replace(/\//g, '\\/')).join('|')})\\.h$`);

/** The names of native/include/thrust (what `thrust::NAME` may name): src/translate/tables/thrust.ts. */
export const PROVIDED_THRUST_NAMES: ReadonlySet<string> = new Set(THRUST_NAMES.flatMap((g) => g.names));

/** The names of native/include/cub (what `cub::NAME` may name). */
export const PROVIDED_CUB_NAMES: ReadonlySet<string> = new Set([
  'BlockReduce', 'BlockReduceAlgorithm', 'BLOCK_REDUCE_RAKING_COMMUTATIVE_ONLY', 'BLOCK_REDUCE_RAKING', 'BLOCK_REDUCE_WARP_REDUCTIONS',
  'BlockScan', 'BlockScanAlgorithm', 'BLOCK_SCAN_RAKING', 'BLOCK_SCAN_RAKING_MEMOIZE', 'BLOCK_SCAN_WARP_SCANS',
  'BlockLoad', 'BlockLoadAlgorithm', 'BLOCK_LOAD_DIRECT', 'BLOCK_LOAD_STRIPED', 'BLOCK_LOAD_VECTORIZE', 'BLOCK_LOAD_TRANSPOSE', 'BLOCK_LOAD_WARP_TRANSPOSE', 'BLOCK_LOAD_WARP_TRANSPOSE_TIMESLICED',
  'BlockStore', 'BlockStoreAlgorithm', 'BLOCK_STORE_DIRECT', 'BLOCK_STORE_STRIPED', 'BLOCK_STORE_VECTORIZE', 'BLOCK_STORE_TRANSPOSE', 'BLOCK_STORE_WARP_TRANSPOSE', 'BLOCK_STORE_WARP_TRANSPOSE_TIMESLICED',
  'LoadDirectBlocked', 'LoadDirectStriped', 'StoreDirectBlocked', 'StoreDirectStriped', 'BlockAdjacentDifference',
  'WarpReduce', 'WarpScan', 'Sum', 'Max', 'Min', 'ArgMax', 'ArgMin', 'KeyValuePair', 'CubSumOp',
  'BlockExchange', 'WarpExchange', 'BlockRadixSort', 'NullType', 'Uninitialized',
  'BlockDiscontinuity', 'BlockHistogram', 'BlockHistogramAlgorithm', 'BLOCK_HISTO_SORT', 'BLOCK_HISTO_ATOMIC',
  'Traits', 'Category', 'NOT_A_NUMBER', 'SIGNED_INTEGER', 'UNSIGNED_INTEGER', 'FLOATING_POINT',
  // The device-wide algorithms and their iterators (host code: device/device_common.cuh).
  'DeviceReduce', 'DeviceScan', 'DeviceSelect', 'DeviceRadixSort', 'DeviceRunLengthEncode', 'DeviceSegmentedReduce', 'DeviceHistogram',
  'CountingInputIterator', 'ConstantInputIterator', 'TransformInputIterator', 'CachingDeviceAllocator', 'Debug',
]);

/** The library a system header belongs to, if cu2metal does not provide it. */
export function unprovidedLibrary(header: string): string | undefined {
  if (PROVIDED_HEADERS.test(header) || PROVIDED_THRUST_HEADERS.test(header)) return undefined;
  return UNPROVIDED_HEADERS.find(([re]) => re.test(header))?.[1];
}

/** cuComplex.h's helpers (cuCaddf, cuCrealf ...) and the like: not the driver API. */
const NOT_DRIVER = /^cuC(add|sub|mul|div|abs|real|imag|onj|fma|mplx)|^cuComplex/;

/** The kernel or `__device__` function (not `__host__ __device__`) around n, as `kernel 'k'`, if any. */
function enclosingDeviceFunction(n: SyntaxNode): string | undefined {
  for (let p = n.parent; p; p = p.parent) {
    if (p.type !== 'function_definition') continue;
    // A member function (a functor's `__device__ operator()`) may be what a Thrust algorithm calls on the host.
    if (p.parent?.type === 'field_declaration_list') return undefined;
    const role = functionRole(p);
    if (role !== 'kernel' && role !== 'device') return undefined;
    const name = /\w+$/.exec(p.childForFieldName('declarator')?.childForFieldName('declarator')?.text ?? '')?.[0] ?? '?';
    return `${role === 'kernel' ? 'kernel' : '__device__ function'} '${name}'`;
  }
  return undefined;
}

const insideIfZero = (n: SyntaxNode): boolean => {
  for (let p = n.parent; p; p = p.parent) if (isIfZero(p)) return true;
  return false;
};

/** C2M2004 for each unprovided library header and each driver-API call of the file. */
export function libraryDiagnostics(file: SourceFile, defined: ReadonlySet<string>): Diagnostic[] {
  const out: Diagnostic[] = libcuxxDiagnostics(file);
  const root = file.tree.rootNode;
  if (/#\s*include\s*</.test(file.text)) {
    for (const inc of root.descendantsOfType('preproc_include')) {
      const spec = inc.childForFieldName('path');
      if (spec?.type !== 'system_lib_string' || insideIfZero(inc)) continue;
      const lib = unprovidedLibrary(spec.text.slice(1, -1).trim());
      if (lib) out.push(diag('C2M2004', `${spec.text} is a header of ${lib}, which cu2metal does not provide`, file.name, pos(spec.startPosition), pos(spec.endPosition)));
    }
  }
  // `cub::DeviceReduce::Sum(...)`, `cub::BlockLoad<...>`: CUB beyond the collectives provided.
  if (/\bcub\s*::/.test(file.text)) {
    const named = new Set<string>();
    for (const q of root.descendantsOfType('qualified_identifier')) {
      if (q.childForFieldName('scope')?.text !== 'cub' || insideIfZero(q)) continue;
      const nameNode = q.childForFieldName('name');
      const name = /^\w+/.exec(nameNode?.text ?? '')?.[0];
      if (!nameNode || !name || PROVIDED_CUB_NAMES.has(name) || named.has(name)) continue;
      named.add(name);
      out.push(diag('C2M2004', `'cub::${name}' is a part of CUB that cu2metal does not provide (native/include/cub has BlockReduce, BlockScan, BlockLoad, BlockStore, BlockAdjacentDifference, BlockDiscontinuity, BlockHistogram, BlockExchange, BlockRadixSort, WarpReduce, WarpScan, WarpExchange, their operators, Traits, Uninitialized, and DeviceReduce, DeviceScan, DeviceSelect, DeviceRadixSort, DeviceRunLengthEncode, DeviceSegmentedReduce, DeviceHistogram)`, file.name, pos(q.startPosition), pos(nameNode.startPosition.row === q.startPosition.row ? { row: nameNode.startPosition.row, column: nameNode.startPosition.column + name.length } : q.endPosition)));
    }
  }
  // `thrust::NAME`: a part of Thrust not provided, anywhere; any Thrust in device code (the
  // provided algorithms, vectors and types run on the host: kernels and __device__ functions get none).
  if (/\bthrust\s*::/.test(file.text)) {
    const named = new Set<string>();
    for (const q of root.descendantsOfType('qualified_identifier')) {
      if (q.childForFieldName('scope')?.text !== 'thrust' || insideIfZero(q) || q.parent?.type === 'qualified_identifier' && q.parent.childForFieldName('name')?.id === q.id) continue;
      const nameNode = q.childForFieldName('name');
      const name = /^\w+/.exec(nameNode?.text ?? '')?.[0];
      if (!nameNode || !name) continue;
      const end = pos(nameNode.startPosition.row === q.startPosition.row ? { row: nameNode.startPosition.row, column: nameNode.startPosition.column + name.length } : q.endPosition);
      const fn = enclosingDeviceFunction(q);
      if (fn && THRUST_DEVICE_NAMES.has(name)) continue; // pairs and device_ptr parameters (tables/thrust.ts)
      if (fn) {
        if (named.has(`${fn} ${name}`)) continue;
        named.add(`${fn} ${name}`);
        out.push(diag('C2M2004', `'thrust::${name}' in device code (${fn}): cu2metal's Thrust (native/include/thrust) runs its algorithms, vectors and types on the host; kernels and __device__ functions cannot use it`, file.name, pos(q.startPosition), end));
      } else if (!PROVIDED_THRUST_NAMES.has(name) && !named.has(name)) {
        named.add(name);
        out.push(diag('C2M2004', `'thrust::${name}' is a part of Thrust that cu2metal does not provide (it provides the host-called algorithms, vectors, fancy iterators and functional objects listed in docs/support-matrix.md: native/include/thrust)`, file.name, pos(q.startPosition), end));
      }
    }
  }
  // cuBLAS and cuBLASLt functions beyond native/include/cublas_api.h and cublasLt.h.
  if (/\bcublas[A-Z]\w*\s*\(/.test(file.text)) {
    for (const call of root.descendantsOfType('call_expression')) {
      const f = call.childForFieldName('function');
      if (f?.type !== 'identifier' || !/^cublas[A-Z]/.test(f.text) || /^cublasXt/.test(f.text) || CUBLAS_API_BY_NAME.has(f.text) || defined.has(f.text) || insideIfZero(call)) continue;
      out.push(diag('C2M2004', `'${f.text}' is a function of cuBLAS that cu2metal does not provide (see the cuBLAS table of docs/support-matrix.md)`, file.name, pos(f.startPosition), pos(f.endPosition)));
    }
  }
  // cuSPARSE functions beyond native/include/cusparse.h.
  if (/\bcusparse[A-Z]\w*\s*\(/.test(file.text)) {
    for (const call of root.descendantsOfType('call_expression')) {
      const f = call.childForFieldName('function');
      if (f?.type !== 'identifier' || !/^cusparse[A-Z]/.test(f.text) || CUSPARSE_API_BY_NAME.has(f.text) || defined.has(f.text) || insideIfZero(call)) continue;
      out.push(diag('C2M2004', `'${f.text}' is a function of cuSPARSE that cu2metal does not provide (see the cuSPARSE table of docs/support-matrix.md)`, file.name, pos(f.startPosition), pos(f.endPosition)));
    }
  }
  // cuRAND's types beyond curand.h and curand_kernel.h (quasi-random and MTGP32 states, direction
  // vectors, discrete distributions): named at their first use, before any call that needs them.
  if (/\bcurand(State(Sobol|ScrambledSobol|Mtgp32|Mrg)|DirectionVectors|Discrete|MtgpKernelParams|Histogram)/.test(file.text)) {
    const named = new Set<string>();
    for (const t of root.descendantsOfType(['type_identifier', 'identifier'])) {
      if (!/^curand(State(Sobol|ScrambledSobol|Mtgp32)|DirectionVectors|Discrete|MtgpKernelParams|HistogramM2)\w*$/.test(t.text) || named.has(t.text) || insideIfZero(t)) continue;
      named.add(t.text);
      out.push(diag('C2M2004', `'${t.text}' is a type of cuRAND that cu2metal does not provide (it provides the XORWOW, Philox4_32_10 and MRG32k3a generators: see the cuRAND tables of docs/support-matrix.md)`, file.name, pos(t.startPosition), pos(t.endPosition)));
    }
  }
  // cuRAND host and device functions beyond native/include/curand.h and curand_kernel.h (MTGP32,
  // quasi-random generators, discrete distributions ...).
  if (/\bcurand[A-Z_]\w*\s*\(/.test(file.text)) {
    for (const call of root.descendantsOfType('call_expression')) {
      const f = call.childForFieldName('function');
      if (f?.type !== 'identifier' || !/^curand[A-Z_]/.test(f.text) || /^curand4?$/.test(f.text) || f.text.startsWith('cu2m_') || CURAND_API_BY_NAME.has(f.text) || defined.has(f.text) || insideIfZero(call)) continue;
      out.push(diag('C2M2004', `'${f.text}' is a function of cuRAND that cu2metal does not provide (see the cuRAND tables of docs/support-matrix.md)`, file.name, pos(f.startPosition), pos(f.endPosition)));
    }
  }
  // The warp matrix functions' sub-byte and single-bit operands (experimental::precision::s4, u4,
  // b1, bmma_sync): native/include/mma.h has half, bf16, tf32, 8-bit integer and double fragments.
  if (/\bexperimental\s*::|\bbmma_sync\b/.test(file.text)) {
    const named = new Set<string>();
    for (const q of root.descendantsOfType(['qualified_identifier', 'identifier'])) {
      if (insideIfZero(q) || q.parent?.type === 'qualified_identifier') continue;
      const text = q.text.replace(/\s+/g, '');
      const sub = /(?:^|::)experimental::(?:precision::(s4|u4|b1)|(bmma\w+))$/.exec(text);
      const name = sub ? (sub[1] ? `experimental::precision::${sub[1]}` : `experimental::${sub[2]}`) : /(^|::)bmma_sync$/.test(text) && q.parent?.type === 'call_expression' ? 'bmma_sync' : null;
      if (!name || named.has(name)) continue;
      named.add(name);
      out.push(diag('C2M2004', `'${name}' is a part of the warp matrix functions (nvcuda::wmma) that cu2metal does not provide: its mma.h has half, __nv_bfloat16, precision::tf32, 8-bit integer and double fragments, not the experimental sub-byte and single-bit ones (s4, u4, b1, bmma_sync)`, file.name, pos(q.startPosition), pos(q.endPosition)));
    }
  }
  if (/\bcu[A-Z]\w*\s*\(/.test(file.text)) {
    for (const call of root.descendantsOfType('call_expression')) {
      const f = call.childForFieldName('function');
      if (f?.type !== 'identifier' || !/^cu[A-Z]/.test(f.text) || NOT_DRIVER.test(f.text) || defined.has(f.text) || insideIfZero(call)) continue;
      out.push(diag('C2M2004', `'${f.text}' is a function of the CUDA driver API, which cu2metal does not provide (it provides the runtime API: cudaXxx)`, file.name, pos(f.startPosition), pos(f.endPosition)));
    }
  }
  out.push(...removedApiDiagnostics(file, defined));
  return out;
}

const REMOVED_BY_NAME: ReadonlyMap<string, RemovedApi> = new Map(REMOVED_APIS.map((r) => [r.name, r]));
const REMOVED_FUNCTIONS = new RegExp(`\\b(?:${REMOVED_APIS.filter((r) => !r.name.includes('::')).map((r) => r.name).join('|')})\\s*\\(`);

/**
 * C2M1020 (a warning) at each use of an API CUDA 13 removed (src/translate/tables/removedApis.ts):
 * a call of a removed function the program does not define itself (`__any(p)`), and a removed CUB
 * name (`cub::Max()`, `cub::TransformInputIterator<...>`).
 */
export function removedApiDiagnostics(file: SourceFile, defined: ReadonlySet<string>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const root = file.tree.rootNode;
  const warn = (r: RemovedApi, from: SyntaxNode, end: { row: number; column: number }): void => {
    out.push(diag('C2M1020', `'${r.name}' is not in CUDA ${r.removedIn} (${r.note ?? 'removed'}): write ${r.replacement}`, file.name, pos(from.startPosition), pos(end)));
  };
  if (REMOVED_FUNCTIONS.test(file.text)) {
    for (const call of root.descendantsOfType('call_expression')) {
      const f = call.childForFieldName('function');
      const r = f?.type === 'identifier' ? REMOVED_BY_NAME.get(f.text) : undefined;
      if (f && r && !defined.has(f.text) && !insideIfZero(call)) warn(r, f, f.endPosition);
    }
  }
  if (/\bcub\s*::/.test(file.text)) {
    for (const q of root.descendantsOfType('qualified_identifier')) {
      const nameNode = q.childForFieldName('name');
      if (q.childForFieldName('scope')?.text !== 'cub' || !nameNode || insideIfZero(q)) continue;
      const name = /^\w+/.exec(nameNode.text)?.[0] ?? '';
      const r = REMOVED_BY_NAME.get(`cub::${name}`);
      if (r) warn(r, q, { row: nameNode.startPosition.row, column: nameNode.startPosition.column + name.length });
    }
  }
  return out;
}

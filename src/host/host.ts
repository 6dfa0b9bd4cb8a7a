// The host half: the .cu file rewritten as plain C++ for clang++ against our cuda_runtime.h.
//
//   __global__ void k(float* a, int n) { ...device code... }
//     → void k(float* a, int n) { void* cu2m_args[] = {&a, &n}; cu2mLaunchKernel(&cu2m_kernel_k, cu2m_args); }
//       (plus CU2M_REGISTER_KERNEL: the stub's address identifies the kernel for cudaLaunchKernel)
//   k<<<grid, block, shmem, stream>>>(x, 3)
//     → (cu2mPushCallConfiguration(grid, block, shmem, stream), k(x, 3))
//   __device__ functions → removed (blank lines keep the line numbers)
//
// It also produces the reference backend's device source: the ORIGINAL .cu with host-only
// functions blanked, compiled as C++ against native/cpu/cuda/cu2m_cuda_device.h.
import { extendedLambdaRefusals } from '../translate/lambdas';
import { diag, type Diagnostic } from '../diagnostics/diagnostic';
import { origin, pos, type SyntaxNode } from '../parse/parse';
import { launchMatches, matches } from '../parse/queries';
import { fileNodesOfType, nodesOfTypeIn } from '../parse/nodeIndex';
import { kernelFlagsExpr } from '../build/glue';
import { EditSet, commentText } from '../translate/edits';
import { kernelName } from '../translate/kernelOverloads';
import type { KernelManifest, KernelParamManifest } from '../translate/function';
import { builtinsInMacro, functionRole, isIfZero, memberFunctionNodes, takesHiddenParams, topLevel, type FunctionFacts, type ProgramFacts } from '../translate/program';
import { declaratorShape, specifierTokens } from '../translate/syntax';
import { RUNTIME_API_BY_NAME } from '../translate/tables/runtimeApi';
import { ndebug, printfStrings } from '../translate/printf';
import { launchId } from '../translate/deviceLaunch';
import { referenceMathPrologue } from '../translate/f64Reference';
import { LOCKSTEP_CUDA, lockstepInsertions } from '../translate/lockstep';
import { identifiersIn } from '../translate/reach';
import { BUILTIN_BY_NAME } from '../translate/tables/builtins';
import { enclosingNamespaces } from '../translate/namespaces';
import { FUNCTION_BY_NAME } from '../translate/tables/functions';
import { ptxAsCuda, ptxStatement } from '../translate/ptx';
import type { GridSplit } from '../translate/gridSync';

/** Functions only device code has, by their table category: barriers and fences, warp operations (native/include/cub's collectives), atomics. */
const DEVICE_ONLY_CATEGORIES: ReadonlySet<string> = new Set(['synchronization', 'warp', 'atomic']);
const deviceOnly = (id: string): boolean => DEVICE_ONLY_CATEGORIES.has(FUNCTION_BY_NAME.get(id)?.category ?? '');

// Every character but the line breaks becomes a space, and trailing spaces go: only the line breaks stay.
const blank = (text: string): string => '\n'.repeat(lineBreaks(text));
const lineBreaks = (text: string): number => {
  let count = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
  return count;
};

function cString(s: string): string {
  return JSON.stringify(s);
}

export function kernelStub(f: FunctionFacts, k: KernelManifest, overloaded = false): string {
  const bufferParams = new Map(k.params.filter((p) => p.kind === 'buffer' || p.kind === 'scalar' || p.kind === 'texture').map((p) => [p.name, p]));
  // An unnamed template parameter (`typename std::enable_if<...>::type = 0`) cannot be named in the
  // stub: the instance is named by the parameters before it, the rest take their defaults.
  const allTparams = f.templateParams ?? [];
  const unnamed = allTparams.findIndex((t) => t.name === '');
  const tparams = unnamed < 0 ? allTparams : allTparams.slice(0, unnamed);
  const dependent = (text: string): boolean => tparams.some((t) => t.kind === 'type' && new RegExp(`\\b${t.name}\\b`).test(text));
  const pointerArrays: string[] = [];
  // An argument buffer (src/translate/argumentBuffer.ts): the offset of each field, from a struct of
  // the parameters' own types (CUDA's layout, which the MSL struct's fields keep).
  const fields = k.argumentBuffer ? f.params.filter((p) => bufferParams.get(p.name)?.field) : [];
  const argOffset = (name: string, m: KernelParamManifest | undefined): string => (m?.field ? `, (uint32_t)offsetof(cu2m_argbuf, a_${name})` : '');
  const infos = f.params.map((p) => {
    const m = bufferParams.get(p.name);
    if (m?.kind === 'buffer' && tparams.length > 0 && dependent(p.node.text)) {
      // The element type is a template parameter: the instance knows it.
      const elem = `std::remove_cv_t<std::remove_pointer_t<std::decay_t<decltype(${p.name})>>>`;
      return `{${cString(p.name)}, CU2M_ARG_BUFFER, sizeof(void*), cu2mTemplateElem<${elem}>(), cu2mTemplateElemSize<${elem}>(), ${m.writes ? 1 : 0}u${m.field ? `, 0u, nullptr${argOffset(p.name, m)}` : ''}}`;
    }
    if (m?.kind === 'buffer') {
      const elem = m.elemType ?? 'BYTES';
      return `{${cString(p.name)}, CU2M_ARG_BUFFER, sizeof(void*), CU2M_ELEM_${elem}, ${m.elemSize ?? 0}u, ${m.writes ? 1 : 0}u${m.field ? `, 0u, nullptr${argOffset(p.name, m)}` : ''}}`;
    }
    // A struct with pointer fields: their offsets, from the host compiler (src/translate/structPointers.ts).
    if (m?.pointerFields?.length) {
      pointerArrays.push(`  static const uint32_t cu2m_pointers_${p.name}[] = {${m.pointerFields.map((f) => `(uint32_t)offsetof(decltype(${p.name}), ${f})`).join(', ')}};`);
      return `{${cString(p.name)}, CU2M_ARG_SCALAR, sizeof(${p.name}), CU2M_ELEM_BYTES, 0u, 0u, ${m.pointerFields.length}u, cu2m_pointers_${p.name}${argOffset(p.name, m)}}`;
    }
    // Texture/surface objects: 8-byte handles the runtime checks at launch (cu2m/texture_api.h).
    if (m?.kind === 'texture') return `{${cString(p.name)}, ${m.object === 'surface' ? 'CU2M_ARG_SURFACE' : 'CU2M_ARG_TEXTURE'}, sizeof(${p.name}), CU2M_ELEM_BYTES, 0u, 0u}`;
    return `{${cString(p.name)}, CU2M_ARG_SCALAR, sizeof(${p.name}), CU2M_ELEM_BYTES, 0u, 0u${m?.field ? `, 0u, nullptr${argOffset(p.name, m)}` : ''}}`;
  });
  // __constant__/__device__ variables the kernel uses: their device storage, after the parameters.
  const symbols = k.params.filter((p) => p.symbol);
  // The runtime binds their storage by name (CU2M_ARG_SYMBOL): no argument to pass, so launches
  // through cudaLaunchKernel and graph nodes get them too.
  // A variable template's instance (`mask<T>`): the name its registration gave (cu2m_symreg_mask<T>, below).
  for (const p of symbols) infos.push(`{${p.symbolInstance ? `cu2m_symreg_${p.symbol!}${p.symbolInstance.slice(p.symbol!.length)}` : cString(p.symbol!)}, CU2M_ARG_SYMBOL, sizeof(void*), CU2M_ELEM_${p.elemType ?? 'BYTES'}, ${p.elemSize ?? 0}u, ${p.writes ? 1 : 0}u}`);
  const flags = kernelFlagsExpr(k);
  const paramsText = f.paramList.text;
  const argPtrs = f.params.map((p) => `(void*)&${p.name}`).join(', ');
  const argCount = f.params.length + symbols.length;
  const name = f.name;
  const ret = f.node.childForFieldName('type')?.text ?? 'void';
  const isStatic = specifierTokens(f.node).some((t) => t.type === 'static');
  // The stub's parameters must be named: an unnamed CUDA parameter (`float*`, `float[]`) gets the
  // name the facts gave it, written where a declarator's name goes.
  const paramText = (p: (typeof f.params)[number]): string => {
    const d = p.node.childForFieldName('declarator');
    if (declaratorShape(d).name) return p.node.text;
    const spec = p.node.text.slice(0, (d ?? p.node).startIndex - p.node.startIndex).trim() || p.node.text;
    return `${spec} ${'*'.repeat(p.pointerDepth + (p.isArray ? 1 : 0))}${p.name}`;
  };
  const named = f.params.every((p) => declaratorShape(p.node.childForFieldName('declarator')).name) ? paramsText : `(${f.params.map(paramText).join(', ')})`;
  // A kernel template's stub is a template too: each instance names its Metal function
  // (`k<float, 256>` → "k_float_256", src/translate/templates.ts) from __PRETTY_FUNCTION__.
  const templ = f.template !== undefined;
  // A parameter named as the kernel (`lb_keogh(..., float* lb_keogh, ...)`) hides it in the body: qualified.
  const self = f.params.some((p) => p.name === name) ? `${enclosingNamespaces(f.node) || '::'}${name}` : name;
  const lines = [
    `/* __global__ ${name}: device code translated to Metal (see the .metal file); this host stub launches it */`,
    `${isStatic ? 'static ' : ''}${ret} ${name}${named} {`,
    ...(templ ? [`  static constexpr const char* cu2m_pretty = __PRETTY_FUNCTION__;`] : []),
    ...pointerArrays,
    ...(fields.length > 0 ? [`  struct cu2m_argbuf { ${fields.map((p) => `decltype(${p.name}) a_${p.name};`).join(' ')} }; // the kernel's argument buffer`] : []),
    `  static const cu2m_param_info cu2m_params[] = {${infos.join(', ') || '{nullptr, 0, 0, 0, 0, 0}'}};`,
    `  static ${templ ? '' : 'const '}cu2m_kernel_info cu2m_kernel = {${templ ? 'nullptr' : cString(k.name)}, ${cString(k.file)}, ${k.line}u, ${argCount}u, cu2m_params, ${flags}, ${k.staticThreadgroupBytes ?? 0}u${fields.length > 0 ? ', (uint32_t)sizeof(cu2m_argbuf)' : ''}};`,
    // Registers the stub's address for cudaLaunchKernel, cudaFuncGetAttributes and graph kernel nodes.
    // A template instance's name (from __PRETTY_FUNCTION__) is set when it registers, before main:
    // `cudaFuncSetCacheConfig(k<T>, ...)` before the first launch finds it named.
    ...(templ
      ? [
          `  struct cu2m_registration { static const cu2m_kernel_info* get() { if (!cu2m_kernel.name) cu2m_kernel.name = cu2mTemplateInstanceNameOnce(${cString(k.name)}, cu2m_pretty); return &cu2m_kernel; } };`,
          // (`k<T, Args...>` for a pack; an explicit specialisation `k<__half, __half>` is named whole.)
          `  (void)::cu2m::KernelRegistration<&${self}${tparams.length > 0 || !self.includes('<') ? `<${tparams.map((t) => `${t.name}${t.pack ? '...' : ''}`).join(', ')}>` : ''}, cu2m_registration>::registered;`,
        ]
      : overloaded
        ? // Another kernel of that name is declared (a header's stale prototype with other parameters,
          // pns): the stub's own overload, by its parameters' types.
          [`  struct cu2m_registration { static const cu2m_kernel_info* get() { return &cu2m_kernel; } };`, `  (void)::cu2m::KernelRegistration<static_cast<${ret} (*)(${f.params.map((p) => `decltype(${p.name})`).join(', ')})>(&${k.cppName ?? self}), cu2m_registration>::registered;`]
        : [`  CU2M_REGISTER_KERNEL(cu2m_kernel, ${k.cppName ?? self});`]),
    f.params.length > 0 ? `  void* cu2m_args[] = {${argPtrs}};` : '  void** cu2m_args = nullptr;',
    `  cu2mLaunchKernel(${templ ? 'cu2m_registration::get()' : '&cu2m_kernel'}, cu2m_args);`,
    '}',
  ];
  return lines.join('\n');
}

/**
 * The host stub of a kernel split at its grid syncs (src/translate/gridSync.ts): registered like a
 * kernel's, with its parts; cudaLaunchCooperativeKernel launches the parts one after the other,
 * and a `<<<>>>` launch fails as CUDA's does (native/runtime/graph.cpp).
 */
export function gridSplitStub(x: GridSplit, file: string, line: number): string {
  const parts = Array.from({ length: x.parts }, (_, i) => `(const void*)&${x.name}_part${i}`);
  // Loops around grid syncs run here: the kernel's parameters by value, gridDim and blockDim of the launch.
  const driver = x.driver
    ? [
        `static void cu2m_loops_${x.name}(cu2m_grid_run* cu2m_run, dim3 gridDim, dim3 blockDim${x.paramNames.length > 0 ? `, ${x.params.replace(/^\(\s*/, '').replace(/\)\s*$/, '')}` : ''}) {`,
        '  (void)gridDim, (void)blockDim;',
        ...x.driver,
        '}',
        `static void cu2m_drive_${x.name}(void* const* cu2m_args, dim3 gridDim, dim3 blockDim, cu2m_grid_run* cu2m_run) { cu2mDriveGrid(cu2m_loops_${x.name}, cu2m_run, gridDim, blockDim, cu2m_args); }`,
      ]
    : [];
  return [
    `/* __global__ ${x.name}: split at its grid-wide synchronisations into ${x.name}_part0..${x.name}_part${x.parts - 1} (see the .metal file); cudaLaunchCooperativeKernel launches them ${x.driver ? 'as cu2m_loops_' + x.name + ' says' : 'in order'} */`,
    ...driver,
    `${x.externC ? 'extern "C" ' : ''}void ${x.name}${x.params} {`,
    `  static const void* const cu2m_parts[] = {${parts.join(', ')}};`,
    `  static const cu2m_grid_split cu2m_split = {${cString(x.name)}, ${cString(file)}, ${line}u, ${x.parts}u, cu2m_parts, ${x.frame ? `sizeof(${x.frame})` : '0u'}, ${x.blockFrame ? `sizeof(${x.blockFrame})` : '0u'}, ${x.paramNames.length}u, ${x.driver ? `cu2m_drive_${x.name}` : 'nullptr'}};`,
    `  CU2M_REGISTER_GRID_SPLIT(cu2m_split, ${x.name});`,
    x.paramNames.length > 0 ? `  void* cu2m_args[] = {${x.paramNames.map((p) => `(void*)&${p}`).join(', ')}};` : '  void** cu2m_args = nullptr;',
    '  cu2mLaunchGridSplit(&cu2m_split, cu2m_args);',
    '}',
  ].join('\n');
}

export interface HostTranslation {
  readonly host: string;
  readonly cudaCpu: string;
}

/**
 * What the stubs of kernel templates need: the instance's Metal name from __PRETTY_FUNCTION__
 * (clang: `void k(T *, int) [T = float, N = 256]`; GCC: `... [with T = float; int N = 256]`),
 * spelled as instanceHostName() spells it (src/translate/templates.ts), and element types.
 */
export const TEMPLATE_HOST_HELPERS = `#include <string>
#include <type_traits>
static inline std::string cu2mTemplateInstanceName(const char* base, const char* pretty) {
  std::string p(pretty), out(base);
  std::size_t open = p.rfind('[');
  if (open == std::string::npos) return out;
  std::string list = p.substr(open + 1, p.size() - open - 2);
  if (list.compare(0, 5, "with ") == 0) list = list.substr(5);
  int depth = 0;
  std::string arg;
  auto flush = [&]() {
    std::size_t eq = arg.find(" = ");
    std::string v = eq == std::string::npos ? arg : arg.substr(eq + 3);
    std::string w;
    bool sep = false;
    for (char c : v) {
      if (c == '-') c = 'm';
      bool id = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
      if (id) { if (sep && !w.empty()) w += '_'; w += c; sep = false; } else sep = true;
    }
    while (!w.empty() && w.front() == '_') w.erase(0, 1);
    std::size_t d = w[0] == 'm' ? 1 : 0, e = d;
    while (e < w.size() && w[e] >= '0' && w[e] <= '9') e++;
    if (e > d && w.find_first_not_of("uUlL", e) == std::string::npos) w.resize(e); // 128U, 128u -> 128
    out += "_" + w;
    arg.clear();
  };
  for (char c : list) {
    if (c == '<' || c == '(' || c == '[') depth++;
    if (c == '>' || c == ')' || c == ']') depth--;
    if ((c == ',' || c == ';') && depth == 0) { flush(); continue; }
    if (arg.empty() && c == ' ') continue;
    arg += c;
  }
  if (!arg.empty()) flush();
  return out;
}
/* The name, kept for the life of the program (one per instance, set once when it registers). */
static inline const char* cu2mTemplateInstanceNameOnce(const char* base, const char* pretty) { return (new std::string(cu2mTemplateInstanceName(base, pretty)))->c_str(); }
template <class T> constexpr unsigned cu2mTemplateElem() {
  return std::is_same<T, float>::value ? CU2M_ELEM_F32 : std::is_same<T, double>::value ? CU2M_ELEM_F64
    : std::is_same<T, signed char>::value || std::is_same<T, char>::value ? CU2M_ELEM_I8 : std::is_same<T, unsigned char>::value ? CU2M_ELEM_U8
    : std::is_same<T, short>::value ? CU2M_ELEM_I16 : std::is_same<T, unsigned short>::value ? CU2M_ELEM_U16
    : std::is_same<T, int>::value ? CU2M_ELEM_I32 : std::is_same<T, unsigned>::value ? CU2M_ELEM_U32
    : std::is_same<T, long long>::value || std::is_same<T, long>::value ? CU2M_ELEM_I64
    : std::is_same<T, unsigned long long>::value || std::is_same<T, unsigned long>::value ? CU2M_ELEM_U64 : CU2M_ELEM_BYTES;
}
template <class T> constexpr unsigned cu2mTemplateElemSize() { return cu2mTemplateElem<T>() == CU2M_ELEM_BYTES ? 0u : unsigned(sizeof(T)); }
`;

export function translateHost(program: ProgramFacts, kernels: readonly KernelManifest[], diagnostics: Diagnostic[], defines: readonly string[] = [], kernelTemplates: readonly KernelManifest[] = [], splits: readonly GridSplit[] = []): HostTranslation {
  const noAsserts = ndebug(program, defines);
  const file = program.file;
  const text = file.text;
  const host = new EditSet(text);
  const ref = new EditSet(text);
  const resync = (n: SyntaxNode): string => {
    const at = origin(file, n.endPosition.row + 2);
    return `\n#line ${at.line} ${cString(at.file)}`;
  };
  // By CUDA name: a kernel Metal reserves the name of is `kernel_` in the manifest, `kernel` here (cppName).
  const kernelNames = new Set(kernels.flatMap((k) => [k.name, ...(k.cppName && /^[A-Za-z_]\w*$/.test(k.cppName) ? [k.cppName] : [])]));
  const templateNames = new Set(kernelTemplates.map((k) => k.name));
  for (const t of templateNames) kernelNames.add(t);
  // A `__global__` prototype is a kernel too: another .cu of the program defines it, and linking
  // the program's host objects resolves the launch to the stub that file's translation wrote.
  for (const f of program.functions) if (f.role === 'kernel' && !f.body) kernelNames.add(f.name);
  // A kernel split at its grid syncs (src/translate/gridSync.ts): its stub launches the parts.
  const splitByLastPart = new Map(splits.map((x) => [`${x.name}_part${x.parts - 1}`, x]));
  for (const x of splits) kernelNames.add(x.name);

  const kernelByName = new Map<string, (typeof kernels)[number]>();
  for (const k of kernels) if (!kernelByName.has(k.name)) kernelByName.set(k.name, k);
  for (const f of program.functions) {
    const n = f.node;
    if (!f.body) {
      const whole = withLinkage(f.template ?? n);
      if (f.role === 'device') host.replace(whole.startIndex, whole.endIndex, blank(whole.text));
      // A kernel prototype with other parameters than the kernel this file defines (a header's stale
      // one, pns): never defined, and the reference glue names the kernel unambiguously without it.
      if (f.role === 'kernel' && program.functions.some((g) => g.body && g.role === 'kernel' && g.name === f.name && g.params.length !== f.params.length)) ref.replace(whole.startIndex, whole.endIndex, blank(whole.text));
      continue;
    }
    if (f.role === 'kernel') {
      // (`__global__ void tsne::utils::scale(...)`: the manifest names it `scale`, src/translate/translate.ts.)
      const plain = f.name.replace(/^.*::/, '');
      const k = f.template ? kernelTemplates.find((x) => x.name === f.name || x.name === plain) : (kernelByName.get(kernelName(f, program.functions)) ?? kernelByName.get(plain));
      // Declared with other parameter lists too (kernels of one name are overloads in C++).
      const overloaded = !f.template && program.functions.some((g) => g !== f && g.role === 'kernel' && g.name === f.name && g.params.length !== f.params.length);
      const split = splitByLastPart.get(f.name);
      if (k) host.replace(n.startIndex, n.endIndex, kernelStub(f, k, overloaded) + (split ? `\n${gridSplitStub(split, origin(file, split.line).file, origin(file, split.line).line)}` : '') + resync(n));
    } else if (f.role === 'device') {
      const whole = withLinkage(f.template ?? n); // a device function template: its `template <...>` goes too
      host.replace(whole.startIndex, whole.endIndex, blank(whole.text));
    } else if (f.role === 'host') {
      const whole = withLinkage(f.template ?? n);
      ref.replace(whole.startIndex, whole.endIndex, blank(whole.text));
    }
    // Warp-synchronous volatile accesses run in lockstep on the CPU (src/translate/lockstep.ts).
    if (f.role !== 'host') for (const i of lockstepInsertions(n, LOCKSTEP_CUDA)) ref.insert(i.at, i.text);
    // Device printf/assert on the reference: through the runtime's printf buffer, like the MSL
    // (native/cpu/cuda/cu2m_cuda_printf.h); NDEBUG leaves the C library's (empty) assert.
    // (Calls only, filtered natively, and none at all in a body that names none of the three.)
    if (f.role !== 'host' && /\b(printf|clock|assert|cudaStreamCreateWithFlags|cudaStreamDestroy|cudaGetLastError|cudaPeekAtLastError)\b/.test(f.body.text)) {
      for (const c of nodesOfTypeIn(f.body, ['call_expression'])) {
        const callee = c.childForFieldName('function');
        if (callee?.type !== 'identifier' || program.definitions.has(callee.text)) continue;
        if (callee.text === 'printf') ref.replace(callee.startIndex, callee.endIndex, 'CU2M_DEVICE_PRINTF');
        // Device clock() counts cycles like clock64 (the C library's counts CPU time in µs).
        else if (callee.text === 'clock') ref.replace(callee.startIndex, callee.endIndex, '(clock_t)clock64');
        else if (callee.text === 'assert' && !noAsserts) ref.replace(callee.startIndex, callee.endIndex, 'CU2M_DEVICE_ASSERT');
        // The device runtime of dynamic parallelism (native/cpu/cuda/cu2m_cuda_printf.h).
        else if (DEVICE_RUNTIME_CALLS.has(callee.text)) ref.replace(callee.startIndex, callee.endIndex, DEVICE_RUNTIME_CALLS.get(callee.text)!);
      }
    }
  }
  // `__device__` member functions that read the built-ins (`static __device__ int tid() { return
  // threadIdx.x; }`) or call a free `__device__` function (removed above; a constructor's
  // initializers count: `linear_tid(rowMajorTid(X, Y))`) are blanked: the host has neither and
  // never calls them. (Others stay: clang++ accepts host code naming them, as the programs' host
  // templates sometimes do.)
  // (CUDA's device-only intrinsics too: the host headers declare no `__syncthreads`.)
  const removed = new Set(program.functions.filter((f) => f.role === 'device').map((f) => f.name));
  for (const f of program.functions) if (f.role !== 'device') removed.delete(f.name);
  const inHostRegion = (row: number): boolean => (file.hostRegions ?? []).some((r) => row + 1 >= r.first && row + 1 <= r.last);
  for (const m of memberFunctionNodes(file.tree.rootNode)) {
    if (functionRole(m) !== 'device' || inHostRegion(m.startPosition.row)) continue;
    const name = declaratorShape(m.childForFieldName('declarator')).name?.text ?? '';
    const macros = program.macroBodies ?? new Map<string, string>();
    const builtin = (id: string): boolean => BUILTIN_BY_NAME.has(id) || (macros.has(id) && builtinsInMacro(id, macros).length > 0); // `#define PX blockIdx.x * T`
    const reads = [...identifiersIn(m.childForFieldName('body')?.text ?? '')].some(builtin) || (takesHiddenParams(m) && program.builtinsOf(`.${name}`).length > 0);
    const calls = m.namedChildren.some((c) => c.type !== 'function_declarator' && [...identifiersIn(c.text)].some((id) => removed.has(id) || deviceOnly(id)));
    if (!reads && !calls) continue;
    const whole = m.parent?.type === 'template_declaration' ? m.parent : m;
    host.replace(whole.startIndex, whole.endIndex, blank(whole.text));
  }
  // A host member function defined in its class that launches a kernel (`int run() { k<<<g, b>>>(...);
  // }`, mandelbrot's mandel.hpp): the reference code is device code, it never runs the member, and
  // C++ cannot parse `<<<`: its body traps there (line breaks kept).
  for (const m of memberFunctionNodes(file.tree.rootNode)) {
    if (functionRole(m) !== 'host' || inHostRegion(m.startPosition.row)) continue;
    const body = m.childForFieldName('body');
    if (!body || !body.text.includes('<<<')) continue;
    ref.replace(body.startIndex, body.endIndex, `{ __builtin_trap();${blank(body.text)}}`);
  }
  // Inlined host headers go back to being #includes: the host compiler reads them as written.
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  for (const r of file.hostRegions ?? []) {
    const start = lineStarts[r.first - 1];
    const end = r.last < lineStarts.length ? lineStarts[r.last]! - 1 : text.length;
    if (start === undefined) continue;
    host.replace(start, end, r.directive);
    ref.replace(start, end, r.directive);
  }
  // __constant__/__device__ variables: the host keeps the variable (its address names the symbol,
  // its initializer gives the first bytes) and registers it, on the declaration's own line. The
  // reference code reaches the runtime's storage through cu2m_sym_NAME, which its glue sets
  // (src/build/glue.ts): the declaration is renamed and NAME becomes a macro for the storage.
  const symbolPrologue: string[] = [];
  for (const g of program.deviceGlobals.values()) {
    const nameNode = declaratorShape(g.declarator).name;
    if (!nameNode) continue;
    const inNamespace = g.decl.parent?.type === 'declaration_list' && g.decl.parent.parent?.type === 'namespace_definition';
    if (g.template) {
      // `template <typename T> __constant__ T mask[N];`: each instance registers under a name of its
      // own (`mask@<address>`), which the kernels' stubs bind (cu2m_symreg_mask<T>, an odr-use that
      // instantiates it, so every instance a kernel reads is registered before main).
      const head = file.text.slice(g.template.head.startIndex, g.template.head.childForFieldName('parameters')?.endIndex ?? g.template.head.startIndex);
      const use = `${g.name}<${g.template.params.join(', ')}>`;
      host.insert(g.template.head.endIndex, ` ${head} static const char* const cu2m_symreg_${g.name} = cu2mRegisterSymbolInstance((const void*)&${use}, sizeof(${use}), ${cString(g.name)});`);
      // The reference code reads the storage the launch binds (one instance per launch).
      ref.replace(nameNode.startIndex, nameNode.endIndex, `cu2m_shape_${g.name}`);
      symbolPrologue.push(`static void* cu2m_sym_${g.name} = nullptr;`);
      for (const u of file.tree.rootNode.descendantsOfType('template_function')) {
        if (u.childForFieldName('name')?.text !== g.name || !insideDeviceFunction(u)) continue;
        const args = u.childForFieldName('arguments')?.text ?? '<>';
        ref.replace(u.startIndex, u.endIndex, `(*reinterpret_cast<decltype(cu2m_shape_${g.name}${args})*>(cu2m_sym_${g.name}))`);
      }
      continue;
    }
    if (!g.isExtern && (g.decl.parent?.type !== 'declaration_list' || inNamespace)) {
      host.insert(g.decl.endIndex, ` static const int cu2m_symreg_${g.name} = cu2mRegisterSymbol((const void*)&${g.name}, sizeof(${g.name}), ${cString(g.name)});`);
    }
    ref.replace(nameNode.startIndex, nameNode.endIndex, `cu2m_shape_${g.name}`);
    symbolPrologue.push(`static void* cu2m_sym_${g.name} = nullptr;`, `#define ${g.name} (*reinterpret_cast<decltype(cu2m_shape_${g.name})*>(cu2m_sym_${g.name}))`);
  }
  // `template void reduce<int>(...);` of a host function template blanked above: blanked too.
  // (By the function's own name: `template <class T> void tsne::debug::writeData(...) {...}` too.)
  const hostTemplates = new Set(program.functions.filter((f) => f.role === 'host' && f.template && f.body).map((f) => f.name.replace(/^.*::/, '')));
  if (hostTemplates.size > 0 && text.includes('template ')) {
    for (const item of topLevel(file.tree.rootNode)) {
      if (item.type !== 'template_instantiation') continue;
      let name = declaratorShape(item.childForFieldName('declarator')).name;
      // `template void tsne::debug::writeData<int>(...);`: the function's own name (tsne).
      while (name?.type === 'qualified_identifier') name = name.childForFieldName('name');
      const base = name?.type === 'template_function' ? name.childForFieldName('name')?.text : name?.text;
      if (base && hostTemplates.has(base)) ref.replace(item.startIndex, item.endIndex, blank(item.text));
    }
  }
  // A file-scope host variable initialised with host functions blanked above (a dispatch table,
  // `void (*coding[])(...) = { m_1_coding, m_2_coding };`, crs) is host data: blanked too, else the
  // reference code names functions it no longer has. (Only host code, blanked, can use it.)
  const blankedHost = new Set(program.functions.filter((f) => f.role === 'host' && f.body).map((f) => f.name));
  for (const f of program.functions) if (f.role !== 'host') blankedHost.delete(f.name);
  if (blankedHost.size > 0) {
    for (const item of topLevel(file.tree.rootNode)) {
      if (item.type !== 'declaration' || inHostRegion(item.startPosition.row)) continue;
      if (specifierTokens(item).some((t) => ['__device__', '__constant__', '__shared__', 'extern'].includes(t.type))) continue;
      const inits = item.childrenForFieldName('declarator').filter((d) => d.type === 'init_declarator');
      if (inits.length === 0 || !inits.some((d) => [...identifiersIn(d.childForFieldName('value')?.text ?? '')].some((id) => blankedHost.has(id)))) continue;
      ref.replace(item.startIndex, item.endIndex, blank(item.text));
    }
  }
  // File-scope extern __shared__ arrays exist only on the device.
  for (const decl of program.externSharedGlobals.values()) host.replace(decl.startIndex, decl.endIndex, blank(decl.text));
  // The reference backend binds `extern __shared__ T name[];` to the block's dynamic shared memory
  // (native/cpu/cuda/cu2m_cuda_device.h); same line, so line numbers hold.
  // (Declarations only, filtered natively, and none at all without `__shared__` in the text.)
  // (Only the rows from the first `__shared__` to the last: a declaration with one spans its row.)
  const sharedRows = (at: number): number => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const firstShared = text.indexOf('__shared__');
  const declarations = firstShared >= 0 ? file.tree.rootNode.descendantsOfType('declaration', { row: sharedRows(firstShared), column: 0 }, { row: sharedRows(text.lastIndexOf('__shared__')) + 1, column: 0 }) : [];
  for (const c of declarations) {
    const toks = specifierTokens(c);
    if (!toks.some((t) => t.type === '__shared__')) continue;
    if (!toks.some((t) => t.type === 'extern')) {
      // Block-scope static shared memory starts each block poisoned (native/include/cu2m/shared_mem.h).
      if (c.parent?.type === 'compound_statement' || c.parent?.type === 'case_statement') {
        const names = c.childrenForFieldName('declarator').map((d) => declaratorShape(d).name?.text).filter((n): n is string => !!n);
        if (names.length > 0) ref.insert(c.endIndex, names.map((n) => ` CU2M_SHARED_DECLARED(${n});`).join(''));
      }
      continue;
    }
    const name = declaratorShape(c.childForFieldName('declarator')).name?.text;
    const type = c.childForFieldName('type')?.text;
    if (!name || !type) continue;
    const quals = c.namedChildren.filter((q) => q.type === 'type_qualifier' && /^(const|volatile)$/.test(q.text)).map((q) => `${q.text} `).join('');
    const atFileScope = program.externSharedGlobals.get(name)?.id === c.id;
    // `extern __shared__ half s[][W];`: rows of W (the dimensions after the first, as written).
    const dims = declaratorShape(c.childForFieldName('declarator')).arrayDims;
    const rows = dims.slice(0, -1).reverse().map((a) => `[${a.childForFieldName('size')?.text ?? ''}]`).join('');
    if (rows && !atFileScope) ref.replace(c.startIndex, c.endIndex, `CU2M_EXTERN_SHARED_ROWS(${name}, ${rows}, ${quals}${type});`);
    else ref.replace(c.startIndex, c.endIndex, `${atFileScope ? 'CU2M_EXTERN_SHARED_GLOBAL' : 'CU2M_EXTERN_SHARED'}(${name}, ${quals}${type});`);
  }

  // One-instruction inline PTX of tables/ptx.ts in device code: the reference computes it with the
  // function the MSL calls (`d = cu2m_lop3(a, b, c, 0x96)`, src/translate/ptx.ts); other asm stays.
  if (/\basm\b|\b__asm__\b/.test(text)) {
    for (const a of file.tree.rootNode.descendantsOfType('gnu_asm_expression')) {
      let f: SyntaxNode | null = a.parent;
      while (f && f.type !== 'function_definition') f = f.parent;
      const s = f && functionRole(f) !== 'host' ? ptxStatement(a) : null;
      if (s) ref.replace(a.startIndex, a.endIndex, ptxAsCuda(s));
    }
  }

  // CUDA runtime calls the runtime does not provide: a diagnostic instead of a compiler error later.
  // (A macro of the program's own, `#define cudaCheck(e) ...`, is no runtime call either.)
  const defined = new Set([...program.functions.map((f) => f.name), ...fileNodesOfType(file.tree, ['preproc_def', 'preproc_function_def']).map((m) => m.childForFieldName('name')?.text ?? '')]);
  // The query (whose name predicate runs in JS on every call) only when the text calls one.
  const suspect = [...text.matchAll(/\bcuda[A-Z]\w*(?=\s*\()/g)].some((m) => !defined.has(m[0]) && (RUNTIME_API_BY_NAME.get(m[0]) ?? { support: 'unsupported' }).support === 'unsupported');
  for (const m of suspect ? matches('runtime-calls', file.tree.rootNode) : []) {
    const f = m.get('function');
    if (!f || defined.has(f.text) || insideIfZero(f)) continue;
    const row = RUNTIME_API_BY_NAME.get(f.text);
    if (row?.support === 'unsupported' || !row) {
      const why = row ? `: ${row.note}` : '';
      diagnostics.push(diag('C2M2003', `'${f.text}' is not supported by the cu2metal runtime yet${why}`, file.name, pos(f.startPosition), pos(f.endPosition)));
    }
  }

  diagnostics.push(...extendedLambdaRefusals(file));
  // Launches: k<<<g, b, s, st>>>(args) → (cu2mPushCallConfiguration(g, b, s, st), k(args))
  const deviceLaunched = new Set<string>();
  for (const m of launchMatches(file)) {
    const c = m.get('launch');
    const syntax = m.get('config');
    const fnNode = m.get('kernel');
    const args = m.get('args');
    if (!c || !syntax || insideIfZero(c)) continue;
    const config = syntax.namedChildren.filter((x) => x.type !== 'comment');
    const name = fnNode?.text ?? '';
    if (insideDeviceFunction(c)) {
      // A launch from device code (dynamic parallelism): the MSL writes a record (src/translate/
      // deviceLaunch.ts); the reference writes the same record with the CUDA argument types
      // (native/cpu/cuda/cu2m_cuda_launch.h), and this file's host program registers the child's
      // launcher under the record's id, below. (Refusals are the translator's.)
      const kernel = program.functions.find((g) => g.role === 'kernel' && g.name === name && !g.template);
      if (!kernel || !args || config.length < 2 || config.length > 4) continue;
      deviceLaunched.add(name);
      const t = (x: SyntaxNode): string => ref.apply(x.startIndex, x.endIndex);
      const cfg = [`dim3(${t(config[0]!)})`, `dim3(${t(config[1]!)})`, config[2] ? `size_t(${t(config[2])})` : 'size_t(0)', config[3] ? `(cudaStream_t)(${t(config[3])})` : '(cudaStream_t)0'];
      const argTexts = args.namedChildren.filter((x) => x.type !== 'comment').map(t);
      ref.replace(c.startIndex, c.endIndex, `::cu2m_cuda::device_launch(${launchId(name)}, &${name}, ${[...cfg, ...argTexts].join(', ')})`);
      continue;
    }
    // `mean_shift::gpu::mean_shift<<<...>>>`: a kernel inside a namespace, judged by its own name
    // (the call keeps the qualified name, which names the stub in its namespace).
    let kernelNode: SyntaxNode | null | undefined = fnNode;
    while (kernelNode?.type === 'qualified_identifier') kernelNode = kernelNode.childForFieldName('name');
    const plain = kernelNode ?? fnNode;
    if (!fnNode || !args || config.length < 2 || config.length > 4) {
      diagnostics.push(diag('C2M2001', `a launch needs 2 to 4 configuration arguments, found ${config.length}`, file.name, pos(syntax.startPosition), pos(syntax.endPosition)));
      continue;
    }
    // A launch through a function-pointer variable (`kfn<<<g, b>>>(...)` with `void (*kfn)(...) = k;`):
    // the kernel's stub is a real host function, so calling through the pointer launches it.
    const pointer = fnNode.type === 'identifier' && !kernelNames.has(name) && !program.definitions.has(name);
    // `k<float, 256><<<...>>>`: the stub template's instance (its name below is the whole template-id).
    const templ = plain?.type === 'template_function' && templateNames.has(plain.childForFieldName('name')?.text ?? '');
    if ((plain?.type !== 'identifier' || !kernelNames.has(plain.text)) && !pointer && !templ) {
      const isTemplate = fnNode.type === 'template_function';
      diagnostics.push(diag(isTemplate ? 'C2M1010' : 'C2M2002', isTemplate ? `launch of the kernel template '${name}', which is not defined in this file` : `'${name}' is not a kernel declared or defined in this file`, file.name, pos(fnNode.startPosition), pos(fnNode.endPosition)));
      continue;
    }
    const cfg = config.map((x) => x.text).join(', ');
    host.replace(c.startIndex, c.endIndex, `(cu2mPushCallConfiguration(${cfg}), ${name}${args.text})`);
  }
  // Device printf: the format strings and %s literals of the file's device code, by the ids the
  // translated kernels write (src/translate/printf.ts).
  const strings = [...printfStrings(program)].map(([id, lit], i) => `static const int cu2m_printf_string_${i} = cu2mRegisterPrintfString(${id}, ${lit});`);
  let registrations = strings.length > 0 ? `\n// ---- device printf strings (cu2metal) ----\n${strings.join('\n')}\n` : '';
  // Kernels launched from device code: the runtime finds the launcher of a record by its id.
  const launchers = [...deviceLaunched].filter((k) => program.functions.some((g) => g.role === 'kernel' && g.name === k && g.body)).map((k, i) => `static const int cu2m_device_launcher_${i} = cu2mRegisterDeviceLaunch(${launchId(k)}, ${cString(k)}, &${k});`);
  if (launchers.length > 0) registrations += `\n// ---- kernels launched from device code (cu2metal) ----\n${launchers.join('\n')}\n`;
  const refText = ref.apply(0, text.length);
  return {
    host: `// ${commentText(file.name)} host program rewritten by cu2metal: kernels run through the cu2metal runtime.\n#include <cuda_runtime.h>\n${templateNames.size > 0 ? TEMPLATE_HOST_HELPERS : ''}#line 1 ${cString(file.name)}\n${host.apply(0, text.length)}${registrations}`,
    cudaCpu: `// ${commentText(file.name)} device code for the cuda-cpu reference backend (host functions blanked).\n${symbolPrologue.map((l) => `${l}\n`).join('')}${referenceMathPrologue(refText)}#line 1 ${cString(file.name)}\n${refText}`,
  };
}

/** Device-side runtime calls in the cuda-cpu reference source (dynamic parallelism). */
const DEVICE_RUNTIME_CALLS: ReadonlyMap<string, string> = new Map([
  ['cudaStreamCreateWithFlags', '::cu2m_cuda::device_stream_create'],
  ['cudaStreamDestroy', '::cu2m_cuda::device_stream_destroy'],
  ['cudaGetLastError', '::cu2m_cuda::device_last_error'],
  ['cudaPeekAtLastError', '::cu2m_cuda::device_last_error'],
]);

/** `extern "C" void f() {...}`: a blanked function takes its `extern "C"` along (left alone, it would apply to what follows). */
function withLinkage(n: SyntaxNode): SyntaxNode {
  const p = n.parent;
  return p?.type === 'linkage_specification' && p.childForFieldName('body')?.startIndex === n.startIndex ? p : n;
}

function insideIfZero(n: SyntaxNode): boolean {
  for (let p = n.parent; p; p = p.parent) {
    if (isIfZero(p)) {
      // Inside the `#if 0` branch itself, not its #else.
      const alt = p.childForFieldName('alternative');
      return !(alt && n.startIndex >= alt.startIndex);
    }
  }
  return false;
}

/** Is `n` in the body of a `__global__`/`__device__` function (what the reference code keeps)? */
function insideDeviceFunction(n: SyntaxNode): boolean {
  for (let p = n.parent; p; p = p.parent) if (p.type === 'function_definition') return functionRole(p) !== 'host';
  return false;
}

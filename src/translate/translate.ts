// translate(file) → MSL text + manifest + diagnostics: the device half of cu2metal.
//
// Emission order is the source order of the .cu file, so declarations precede their uses as they
// did in CUDA. Device functions are emitted once per combination of pointer address spaces their
// callers need (Metal allows overloading on address space); kernels are translated first so that
// those combinations are known when the helpers are printed.
import { accessorComment, accessorOfItem } from './sharedAccessor';
import { diag, hasErrors, type Diagnostic } from '../diagnostics/diagnostic';
import { origin, pos, type SourceFile, type SyntaxNode } from '../parse/parse';
import { EditSet, commentText } from './edits';
import { kernelInstanceUsesDouble } from './instanceChecks';
import { prunePrelude } from './preludePrune';
import { F64_PRINTF_ARG, SOFT_DOUBLE_TYPE, doublePrelude, f64Literal, f64LiteralsInText, floatLiteralsInText, programUsesDouble } from './double';
import { mslTemplateHead, stdClassTemplateUse, stdScalarType } from './stdNames';
import { STD_POLYFILLED_TEMPLATES } from './tables/stdNames';
import { enclosingClass, memberInstancesOf, noteThreadMember } from './addressSpaces';
import { FunctionTranslator, checkTypeName, keepReferenceMemberCopies, instanceKey, instanceOfKey, type Instance, type KernelManifest, type Space, type TranslateOptions } from './function';
import { BUILTIN_BY_NAME } from './tables/builtins';
import { analyzeProgram, baseName, functionFacts, isDeviceVisibleConstant, takesHiddenParams, templatedFunction, type FunctionFacts, type ProgramFacts } from './program';
import { CONSTANT_BY_NAME } from './tables/constants';
import { CG_NAMESPACE } from './tables/cooperativeGroups';
import { FUNCTION_BY_NAME } from './tables/functions';
import { F64_FORWARDS } from './tables/floatMath';
import { MSL_RESERVED_IDENTIFIERS, collidingTypeRename, kernelMslName, mslName } from './tables/reserved';
import { BUFFER_ELEMENT_RENAMES, TYPE_RENAMES, normType } from './tables/types';
import { declaratorShape, sameNode, specifierTokens } from './syntax';
import { deviceReach, deviceRecursion, identifiersIn, renamedCubNames, shadowedCubUses, TYPE_ITEMS, type DeviceReach } from './reach';
import { instantiateKernel, instantiationLine, staticInstances, type KernelTemplateManifest } from './templates';
import { isSharedStorageType, pointerFieldDeclaration, sharedStorageReferenceField } from './structPointers';
import { declarationSpaces } from './fieldSpaces';
import { orderBf16Check } from './fp16';
import { orderShuffle64 } from './warps';
import { addWideVector3Types } from './wideVector3';
import { addDoubleVectorTypes, namesDouble } from './doubleVectors';
import { addAtomics16 } from './atomics16';
import { isOverloadedKernel, kernelCppName, kernelName, renameKernel } from './kernelOverloads';
import { argumentBufferType } from './argumentBuffer';
import { unusedFunctionNotes } from './unique';
import { virtualSpecifier } from './refusals';
import { fileNodesOfType } from '../parse/nodeIndex';
import { enclosingNamespaces, fileNamespaces, namespaceCollisions, withoutNamespaceQualifiers } from './namespaces';
import { mslVersionHeaderLine, mslVersionNeed, type MslVersionNeed } from './mslVersion';

export const TOOL_VERSION = '0.1.0';

export interface Manifest {
  readonly tool: string;
  readonly version: string;
  readonly source: string;
  readonly metal: string;
  readonly kernels: KernelManifest[];
  /** Kernel templates; their instances are in `kernels` (src/translate/templates.ts). */
  readonly kernelTemplates?: KernelTemplateManifest[];
  /**
   * The file's namespaces, which the flat MSL drops (namespaces.ts), when it has kernel templates:
   * the build drops them from instance arguments the compiled host names (`k<float, lib::Rng>`).
   */
  readonly namespaces?: string[];
  /** The MSL version the translation needs when MSL 3.0 is not enough (src/translate/mslVersion.ts). */
  readonly mslVersion?: MslVersionNeed;
}

export interface DeviceTranslation {
  readonly msl: string;
  readonly manifest: Manifest;
  readonly program: ProgramFacts;
}

export const DEFAULT_OPTIONS: TranslateOptions = { double: 'soft' };

const HEADER = (file: string, defines: readonly string[], need: MslVersionNeed | undefined, expanded: ReadonlySet<string>): string =>
  [
    `// ${commentText(file.replace(/^.*\//, ''))} translated to Metal Shading Language by cu2metal ${TOOL_VERSION}.`,
    '// Readable output: edit freely. #line directives map every line back to the CUDA source.',
    ...(need ? [mslVersionHeaderLine(need)] : []),
    '#include <metal_stdlib>',
    'using namespace metal;',
    '#define __CUDA_ARCH__ 800 // device code of the .cu takes its __CUDA_ARCH__ branches',
    ...(defines.length > 0 ? ['// -D flags of the translation (Metal compiles this source without them):'] : []),
    ...defines.map((d) => (expanded.has(d.replace(/=.*/s, '')) ? `// ${commentText(`-D${d}`)}: expanded where used` : defineLine(d))),
    '',
  ].join('\n');

/** `-D NAME=V` → `#define NAME V`; `-D NAME` → `#define NAME 1`. */
function defineLine(d: string): string {
  const eq = d.indexOf('=');
  return eq < 0 ? `#define ${d} 1` : `#define ${d.slice(0, eq)} ${d.slice(eq + 1)}`;
}

export function translateDevice(file: SourceFile, diagnostics: Diagnostic[], givenOptions: TranslateOptions = DEFAULT_OPTIONS, metalName = 'app.metal'): DeviceTranslation {
  const program = analyzeProgram(file);
  const reach = deviceReach(program, templateArgumentTypes(program));
  const usesDouble = programUsesDouble(program, reach) || kernelInstanceUsesDouble(program);
  const options: TranslateOptions = { ...givenOptions, f64Literals: usesDouble };
  diagnostics.push(...namespaceCollisions(program)); // one name in two namespaces (namespaces.ts)
  diagnostics.push(...shadowedCubUses(program)); // `cub::Max` beside the program's own Max (reach.ts)
  const recursion = deviceRecursion(program);
  for (const r of recursion.cycles) {
    if (!r.fromKernel) continue;
    const how = r.cycle.length === 2 ? `'${r.cycle[0]}' calls itself` : `recursion through ${r.cycle.map((x) => `'${x}'`).join(' → ')}`;
    diagnostics.push(diag('C2M1015', `${how}; Metal has no recursion`, file.name, pos(r.call.startPosition), pos(r.call.endPosition)));
  }
  const kernels: KernelManifest[] = [];
  const kernelTemplates: KernelTemplateManifest[] = [];
  const kernelNames = new Set<string>();
  // Macros are copied into the MSL as written: CUDA syntax inside one would reach Metal untranslated.
  for (const m of fileNodesOfType(file.tree, ['preproc_def', 'preproc_function_def'])) {
    if (file.seenThrough?.has(m.childForFieldName('name')?.text ?? '')) continue; // expanded at its uses
    const value = m.childForFieldName('value');
    if (!reach.names.has(m.childForFieldName('name')?.text ?? '')) continue; // host-only macro
    const cuda = value ? /\b(__global__|__device__|__shared__|__constant__|__syncthreads)\b|<<</.exec(value.text) : null;
    if (cuda && value) {
      const what = cuda[0] === '<<<' ? 'a kernel launch' : `'${cuda[0]}'`;
      diagnostics.push(diag('C2M1001', `macro '${m.childForFieldName('name')?.text ?? ''}' contains ${what}; cu2metal translates code as written, not macro expansions: expand it by hand`, file.name, pos(value.startPosition), pos(value.endPosition)));
    }
  }
  const fnText = new Map<FunctionFacts, Map<string, string>>(); // per function: instance key → text

  // Translate kernels, then every device-function instance they reach.
  const queue: Instance[] = [];
  const translateOne = (inst: Instance, into: Diagnostic[] = diagnostics): boolean => {
    let perFn = fnText.get(inst.fn);
    if (!perFn) fnText.set(inst.fn, (perFn = new Map()));
    // By the spaces of its pointer parameters: a call through another overload's facts (shorter
    // or longer) and `defaultSpaces` name the same instance when they differ only in null entries.
    const spaces = inst.spaces.slice(0, inst.fn.params.length);
    while (spaces.length > 0 && spaces[spaces.length - 1] === null) spaces.pop();
    const key = instanceKey(spaces, inst.inner);
    if (perFn.has(key)) return true;
    perFn.set(key, '');
    const before = into.length;
    let r = new FunctionTranslator(program, inst.fn, inst.spaces, options, into, inst.inner).translate();
    // A kernel overloaded by parameter type: this overload's own name (src/translate/kernelOverloads.ts).
    if (r.kernel && isOverloadedKernel(inst.fn, program.functions)) {
      const unique = kernelName(inst.fn, program.functions);
      r = { ...r, text: renameKernel(r.text, r.kernel.name, unique), kernel: { ...r.kernel, name: unique, cppName: kernelCppName(inst.fn) } };
      // Its argument buffer's struct is named after it too (src/translate/argumentBuffer.ts).
      const ab = r.kernel!.argumentBuffer;
      if (ab) {
        const type = argumentBufferType(unique);
        r = { ...r, text: r.text.replace(new RegExp(`\\b${ab.type}\\b`, 'g'), type), kernel: { ...r.kernel!, argumentBuffer: { ...ab, type } } };
      }
    } else if (r.kernel && kernelMslName(inst.fn.name, inst.fn.templateParams !== undefined) !== inst.fn.name) {
      // A kernel named `kernel`, a kernel template `distance` (tables/reserved.ts): `kernel_` in the MSL.
      // A template's instances keep host names made from the CUDA name (`kernel_128`); their MSL name is `kernel_<128>`.
      const renamed = kernelMslName(inst.fn.name, inst.fn.templateParams !== undefined);
      r = { ...r, text: renameKernel(r.text, inst.fn.name, renamed), kernel: inst.fn.templateParams ? { ...r.kernel, mslName: renamed } : { ...r.kernel, name: renamed, cppName: inst.fn.name } };
    }
    // A kernel inside a namespace: the cuda-cpu reference calls it by its qualified name.
    const scope = r.kernel ? enclosingNamespaces(inst.fn.node) : '';
    if (r.kernel && scope) r = { ...r, kernel: { ...r.kernel, cppName: `${scope}${r.kernel.cppName ?? r.kernel.name}` } };
    // A kernel defined with its namespace written out (`__global__ void tsne::utils::scale(...) {...}`):
    // named `scale` as one defined inside the namespace, its C++ name qualified (instances of a
    // template are found by that scope in the host object: src/build/program.ts).
    if (r.kernel && r.kernel.name.includes('::')) {
      const qualified = r.kernel.name.replace(/^::/, '');
      r = { ...r, kernel: { ...r.kernel, name: qualified.slice(qualified.lastIndexOf('::') + 2), cppName: `${scope}::${qualified}`.replace(/^::::/, '::').replace(/::::/g, '::') } };
    }
    // Parameter types as the flat MSL spells them (`device const G::Particle*` → `device const Particle*`), for the glue.
    if (r.kernel && fileNamespaces(program).size > 0) r = { ...r, kernel: { ...r.kernel, params: r.kernel.params.map((p) => ({ ...p, mslType: withoutNamespaceQualifiers(p.mslType, program) })) } };
    if (into !== diagnostics && hasErrors(into.slice(before))) {
      perFn.delete(key);
      if (perFn.size === 0) fnText.delete(inst.fn);
      return false;
    }
    perFn.set(key, r.text);
    // One entry per kernel name: #if/#else alternatives are one kernel to the host and the glue.
    if (r.kernel && inst.fn.templateParams) {
      if (!kernelTemplates.some((k) => k.name === r.kernel!.name)) kernelTemplates.push({ ...r.kernel, templateParams: inst.fn.templateParams });
    } else if (r.kernel && !kernelNames.has(r.kernel.name)) {
      kernelNames.add(r.kernel.name);
      kernels.push(r.kernel);
    }
    queue.push(...r.calls);
    return true;
  };
  for (const f of program.functions) if (f.role === 'kernel' && f.body) translateOne({ fn: f, spaces: [] });
  const drain = (): void => {
    for (let inst = queue.shift(); inst; inst = queue.shift()) {
      // Every definition of the name: alternatives under #if/#else all need the instance.
      for (const def of program.functions) {
        // An explicit specialisation (`copy_vector<float, 4>`) is a definition of its template's name too.
        if ((def.name === inst.fn.name || (baseName(def.name) === inst.fn.name && isExplicitSpecialisation(def))) && def.body && def.role !== 'host') translateOne({ fn: def, spaces: inst.spaces, ...(inst.inner ? { inner: inst.inner } : {}) });
      }
    }
  };
  drain();
  // Device functions no kernel of this file calls (another translation unit may): emitted with
  // their pointers in device memory. One that cannot be translated is left out with a warning,
  // since nothing here needs it. A __host__ __device__ function is device code only where device
  // code uses it (nvcc defers its device-side errors the same way).
  for (const f of program.functions) {
    if (!f.body || fnText.has(f)) continue;
    if (f.role === 'hostdevice' && !reach.names.has(f.name) && !reach.names.has(baseName(f.name))) continue; // (`p<3>`: reached as `p`)
    if (f.role !== 'device' && f.role !== 'hostdevice') continue;
    // A function template no kernel of this file instantiates: nvcc compiles no instance of it
    // either (a file included by the .cu files that launch, like eigenvalues' bisect_util.cu).
    if (f.templateParams && f.templateParams.length > 0 && !reach.fromKernels.has(f.name)) continue;
    if (reach.fromKernels.has(f.name)) {
      translateOne({ fn: f, spaces: defaultSpaces(f) });
      continue;
    }
    if (recursion.reachesCycle.has(f)) {
      const r = recursion.cycles.find((c) => c.cycle.includes(f.name));
      const why = r ? `it is recursive (${r.cycle.join(' → ')})` : 'it calls a recursive function';
      diagnostics.push(diag('C2M1014', `__device__ function '${f.name}' is not emitted: no kernel of this file uses it and ${why}; Metal has no recursion`, file.name, pos(f.node.startPosition), pos(f.declarator.endPosition)));
      continue;
    }
    const own: Diagnostic[] = [];
    if (!translateOne({ fn: f, spaces: defaultSpaces(f) }, own)) {
      const first = own.find((d) => d.severity === 'error')!;
      diagnostics.push(diag('C2M1014', `__device__ function '${f.name}' is not emitted: no kernel of this file uses it and it cannot be translated (${first.message} [${first.code}])`, file.name, pos(f.node.startPosition), pos(f.declarator.endPosition)));
      diagnostics.push(...unusedFunctionNotes(f.name, own)); // every construct, not only the first
    } else diagnostics.push(...own);
  }
  drain(); // the helpers those functions call
  // Instances other .cu files of the program call (`series(x, c, n)` with a local array `c`): one
  // more overload each, as for calls of this file (run.ts: prepare asks the defining file).
  for (const fi of options.foreignInstances ?? []) {
    for (const def of program.functions) if (def.name === fi.name && def.body && def.role !== 'host' && def.role !== 'kernel') translateOne({ fn: def, spaces: fi.spaces });
  }
  drain();

  // Kernel template instances the host code names with written-out arguments (`k<float, 256><<<`);
  // the build adds those only the compiled host program knows (src/build/program.ts).
  const instances = new Map<string, KernelManifest[]>();
  for (const i of staticInstances(program, new Set(kernelTemplates.map((t) => t.name)))) {
    const t = kernelTemplates.find((x) => x.name === i.template)!;
    const k = instantiateKernel(t, i.args);
    if (kernels.some((x) => x.name === k.name)) continue;
    kernels.push(k);
    instances.set(t.name, [...(instances.get(t.name) ?? []), k]);
  }
  noteMemberCalls(file.tree.rootNode, program, options); // the overloads members need (addressSpaces.ts)
  const out = new MslWriter(file);
  emitItems(file.tree.rootNode, { program, fnText, out, diagnostics, options, reach, instances });
  orderShuffle64(program.polyfills, out.text());
  orderBf16Check(program.polyfills, file.text, out.text(), kernelTemplates.length > 0);
  addWideVector3Types(program.polyfills, out.text());
  addDoubleVectorTypes(program.polyfills, out.text(), options.double);
  if (options.double === 'soft' && usesDouble) for (const [k, text] of F64_FORWARDS) if (program.polyfills.has(k)) program.polyfills.set(`${k}:f64`, text); // tables/floatMath.ts
  const polyfills = [...program.polyfills.values()];
  const prelude = polyfills.length > 0 ? `// Helpers for CUDA functions Metal lacks (emitted because this file uses them)\n${polyfills.join('\n')}\n` : '';
  const f64Printf = options.double === 'soft' && usesDouble && program.polyfills.has('cu2m_printf') ? `${F64_PRINTF_ARG}\n` : '';
  const body = withoutNamespaceQualifiers(libcuxxScopes(renamedCubNames(keepReferenceMemberCopies(program, out.text()), program)), program); // `gpu::N` → `N` (namespaces.ts)
  // The software-double library without the functions nothing here calls (preludePrune.ts).
  const f64 = prunePrelude(doublePrelude(options.double, usesDouble), prelude + f64Printf + body);
  const mslVersion = mslVersionNeed(program.polyfills.keys());
  const namespaces = kernelTemplates.length > 0 ? [...fileNamespaces(program)] : [];
  const manifest: Manifest = { tool: 'cu2metal', version: TOOL_VERSION, source: file.name, metal: metalName, kernels, ...(kernelTemplates.length > 0 ? { kernelTemplates } : {}), ...(namespaces.length > 0 ? { namespaces } : {}), ...(mslVersion ? { mslVersion } : {}) };
  return { msl: HEADER(file.name, options.defines ?? [], mslVersion, file.seenThrough ?? new Set()) + f64 + prelude + f64Printf + body, manifest, program };
}

/**
 * `cuda::thread_scope_thread` (native/include/cuda/std/cstddef) → `::thread_scope_thread`: metal
 * declares a thread_scope of its own (metal::thread_scope_thread ...), so the flat MSL names ours
 * from the global namespace (the qualifier `cuda::` goes with the other namespaces' next). So is
 * `cuda::barrier<...>` (→ `::barrier<...>`): a variable named `barrier` (simpleAWBarrier's
 * `__shared__ cuda::barrier<...> barrier;`) hides the unqualified template in its own initializer.
 */
function libcuxxScopes(msl: string): string {
  if (!/\bthread_scope/.test(msl) && !/\bcuda\s*::\s*barrier\b/.test(msl)) return msl;
  // Not inside string literals or comments, as withoutQualifiersOf.
  return msl.replace(/"(?:[^"\\\n]|\\.)*"|\/\/[^\n]*|\/\*[\s\S]*?\*\/|[^"/]+|\//g, (chunk) => (chunk.startsWith('"') || chunk.startsWith('//') || chunk.startsWith('/*') ? chunk : chunk.replace(/(?<![\w:])cuda\s*::\s*(?=(?:thread_scope\w*|barrier)\b)/g, '::cuda::')));
}

/**
 * With kernel templates, the file's types named as template arguments anywhere (`runTest<LA32>()`,
 * `k<Pixel><<<...>>>`) may become kernel instance arguments once the host compiles, so the MSL
 * needs them too.
 */
/** Field types of the C++ library that only host code has. */
const HOST_LIBRARY_CLASS = /^(std::)?(string|wstring|vector|map|multimap|unordered_map|set|multiset|unordered_set|list|deque|queue|stack|function|unique_ptr|shared_ptr|weak_ptr|ostream|istream|ifstream|ofstream|fstream|stringstream|ostringstream|istringstream|mutex|thread)\b/;

/** Inside `namespace cub` (native/include/cub)? */
const inCubNamespace = (n: SyntaxNode): boolean => enclosingNamespaces(n).startsWith('::cub::');

function templateArgumentTypes(program: ProgramFacts): string[] {
  if (!program.functions.some((f) => f.role === 'kernel' && f.template)) return [];
  const root = program.file.tree.rootNode;
  // A struct with pointer fields is host data (Metal could not bind it as a buffer element anyway);
  // so is one with a field of a host library class (`string longName;`, `std::vector<int> v;`),
  // which no kernel can take (`std::map<string, Option>` names Option in host code only).
  const hostData = new Set<string>();
  for (const st of fileNodesOfType(root.tree, ['struct_specifier', 'class_specifier'])) {
    const name = st.childForFieldName('name')?.text;
    const fields = st.descendantsOfType('field_declaration');
    if (name && fields.some((f) => declaratorShape(f.childForFieldName('declarator')).pointerDepth > 0 || HOST_LIBRARY_CLASS.test(f.childForFieldName('type')?.text ?? ''))) hostData.add(name);
  }
  // Aliases anywhere, host functions included (`using Ktraits = traits<kNThreads, kLogN, T>;` then
  // `k<Ktraits><<<...>>>`, hadamard): an alias named as a template argument names its types too.
  // A namespace without device code (boost::numeric in cuda-samples interval) is host code: its
  // types and aliases (`typedef interval<T, Policies> I;` in its functions) instantiate no kernel.
  const deviceNamespaces = program.functions.filter((f) => f.role !== 'host').map((f) => enclosingNamespaces(f.node));
  const hostNamespace = (n: SyntaxNode): boolean => {
    const ns = enclosingNamespaces(n);
    return ns !== '' && !deviceNamespaces.some((d) => d.startsWith(ns));
  };
  const aliases = new Map<string, SyntaxNode[]>();
  for (const a of fileNodesOfType(root.tree, ['alias_declaration', 'type_definition'])) {
    if (hostNamespace(a)) continue;
    const name = a.type === 'alias_declaration' ? a.childForFieldName('name')?.text : a.childForFieldName('declarator')?.text;
    const type = a.childForFieldName('type');
    if (name && type) aliases.set(name, [...(aliases.get(name) ?? []), type]);
  }
  const out = new Set<string>();
  const seen = new Set<string>();
  const add = (id: string): void => {
    if (seen.has(id)) return;
    seen.add(id);
    if (program.definedTypes.has(id) && !hostData.has(id)) out.add(id);
    for (const t of aliases.get(id) ?? []) for (const x of [t, ...t.descendantsOfType('type_identifier')]) if (x.type === 'type_identifier') add(x.text);
  };
  // Lists that cannot instantiate a kernel are skipped, so that a host-only library's types stay
  // host code (cuda-samples interval: boost's interval<T, policies<rounded_math<T>, ...>> and the
  // CPU reference's `test_interval_newton_cpu<I_CPU>(...)` had pulled boost into the MSL):
  // - a call of one of the program's function templates that launches no kernel;
  // - a typedef or alias (its name, once named in a kept list, adds its types through `aliases`);
  // - a namespace that has no device code (boost::numeric, hostNamespace).
  const launches = new Set(program.functions.filter((f) => f.role === 'kernel' || (f.body && f.body.text.includes('<<<'))).map((f) => baseName(f.name)));
  const templates = new Set(program.functions.map((f) => baseName(f.name)));
  const hostOnlyList = (list: SyntaxNode): boolean => {
    const call = list.parent?.type === 'template_function' ? list.parent.childForFieldName('name')?.text : undefined;
    if (call !== undefined && templates.has(call) && !launches.has(call)) return true;
    for (let p = list.parent; p; p = p.parent) if (p.type === 'type_definition' || p.type === 'alias_declaration') return true;
    return hostNamespace(list);
  };
  for (const list of fileNodesOfType(root.tree, ['template_argument_list'])) {
    // Not native/include/cub's own (its device-wide algorithms' host code names their helpers:
    // `std::vector<ValueOf<It>>`), which instantiate no kernel of the program.
    if (inCubNamespace(list) || hostOnlyList(list)) continue;
    for (const id of list.descendantsOfType('type_identifier')) add(id.text);
  }
  // A functor whose type no template argument list names: host code passes an object of it
  // (`run(PayoffCall(K))`) to a function template that launches `k<256, Payoff><<<...>>>(payoff)`,
  // so the kernel instance's argument is deduced (aop). A struct with `__device__` member functions
  // is meant for device code: where a host function names it, it may instantiate a kernel.
  const hostText = program.functions.filter((f) => f.role === 'host' && f.body).map((f) => f.node.text).join('\n');
  const hostNames = identifiersIn(hostText);
  for (const st of fileNodesOfType(root.tree, ['struct_specifier', 'class_specifier'])) {
    const name = st.childForFieldName('name')?.text;
    const body = st.childForFieldName('body');
    if (!name || !body || inCubNamespace(st) || !hostNames.has(name)) continue;
    if (body.namedChildren.some((m) => m.type === 'function_definition' && /\b__device__\b/.test(m.text.slice(0, (m.childForFieldName('body')?.startIndex ?? m.endIndex) - m.startIndex)))) add(name);
  }
  return [...out];
}

/**
 * `static constexpr int K = std::min(N * 4, 32 * 1024);` (hadamard's traits): std::min/max in a
 * static member's initialiser, a constant expression. Metal's min/max are not documented as
 * constexpr, so the two-argument forms become the conditional they are defined as
 * (`std::min(a, b)` is `b < a ? b : a`, `std::max(a, b)` is `a < b ? b : a`).
 */
function constantMinMax(field: SyntaxNode, edits: EditSet): void {
  for (const call of field.descendantsOfType('call_expression')) {
    const fn = call.childForFieldName('function')?.text.replace(/\s+/g, '');
    const args = call.childForFieldName('arguments')?.namedChildren.filter((a) => a.type !== 'comment') ?? [];
    if ((fn !== 'std::min' && fn !== 'std::max') || args.length !== 2) continue;
    if (call.descendantsOfType('call_expression').length > 1) continue; // nested calls: left as written
    const [a, b] = [args[0]!.text, args[1]!.text];
    const text = fn === 'std::min' ? `((${b}) < (${a}) ? (${b}) : (${a}))` : `((${a}) < (${b}) ? (${b}) : (${a}))`;
    edits.replace(call.startIndex, call.endIndex, text);
  }
}

function defaultSpaces(f: FunctionFacts): (Space | null)[] {
  return f.params.map((p) => (p.reference ? (p.typeNode && isSharedStorageType(p.typeNode.text) ? 'threadgroup' : 'thread') : p.pointerDepth > 0 || p.isArray ? 'device' : null));
}

/** Appends source-mapped chunks, writing `#line` only when the mapping would otherwise drift. */
class MslWriter {
  private readonly chunks: string[] = [];
  private nextLine = -1; // source line the next output line corresponds to (-1: unknown)
  private lastFile = '';
  constructor(private readonly file: SourceFile) {}

  emit(text: string, line: number): void {
    const gap = line - this.nextLine;
    const at = origin(this.file, line);
    if (this.nextLine < 0 || gap < 0 || gap > 2 || at.file !== this.lastFile) {
      this.chunks.push(`#line ${at.line} ${JSON.stringify(at.file)}\n`);
      this.lastFile = at.file;
    } else {
      this.chunks.push('\n'.repeat(gap));
    }
    this.chunks.push(text.endsWith('\n') ? text : `${text}\n`);
    this.nextLine = line + text.replace(/\n$/, '').split('\n').length;
    if (/^#line /m.test(text)) this.nextLine = -1; // text with its own #line (lambdas.ts)
  }

  raw(text: string): void {
    this.chunks.push(text.endsWith('\n') ? text : `${text}\n`);
    this.nextLine = -1;
  }

  text(): string {
    return this.chunks.join('');
  }
}

/** What the program-scope emitters share. */
interface EmitContext {
  readonly program: ProgramFacts;
  /** Translated text of each function instance: function → instance key → MSL. */
  readonly fnText: Map<FunctionFacts, Map<string, string>>;
  readonly out: MslWriter;
  readonly diagnostics: Diagnostic[];
  readonly options: TranslateOptions;
  /** What device code reaches: only those macros, types and constants go into the MSL. */
  readonly reach: DeviceReach;
  /** Kernel template name → the instances written after its definition. */
  readonly instances: ReadonlyMap<string, readonly KernelManifest[]>;
}


const specialisationsByContext = new WeakMap<EmitContext, Set<string>>();
/** The explicit class-template specialisations already emitted (`AlignBytes<long2>`). */
function specialisationsOf(ctx: EmitContext): Set<string> {
  let s = specialisationsByContext.get(ctx);
  if (!s) specialisationsByContext.set(ctx, (s = new Set()));
  return s;
}

const factsByNode = new WeakMap<ProgramFacts, { size: number; map: Map<number, FunctionFacts> }>();

/**
 * The facts of the function a definition or prototype node declares. A map per program: a search
 * of all functions per top-level item made a file of 8,000 kernels quadratic.
 */
function factsOf(program: ProgramFacts, n: SyntaxNode): FunctionFacts | undefined {
  let entry = factsByNode.get(program);
  if (!entry || entry.size !== program.functions.length) {
    const map = new Map<number, FunctionFacts>();
    for (const f of program.functions) if (!map.has(f.node.id)) map.set(f.node.id, f);
    entry = { size: program.functions.length, map };
    factsByNode.set(program, entry);
  }
  return entry.map.get(n.id);
}

function emitItems(parent: SyntaxNode, ctx: EmitContext): void {
  const { program, fnText, out, diagnostics, options } = ctx;
  const file = program.file;
  const line = (n: SyntaxNode): number => n.startPosition.row + 1;
  const children = parent.namedChildren;
  // A comment is kept when it sits directly above (no blank line) something that is emitted,
  // possibly through a block of further comments.
  const keepComment: boolean[] = [];
  for (let i = children.length - 1; i >= 0; i--) {
    const c = children[i]!;
    const next = children[i + 1];
    const adjacent = next !== undefined && next.startPosition.row - c.endPosition.row <= 1;
    keepComment[i] = adjacent && (next.type === 'comment' ? keepComment[i + 1] === true : producesMsl(next, ctx));
  }
  const emittedSoon = (i: number): boolean => keepComment[i] === true;
  children.forEach((n, i) => {
    switch (n.type) {
      case 'comment':
        if (emittedSoon(i)) out.emit(n.text, line(n));
        return;
      case 'preproc_def':
      case 'preproc_function_def':
        // Only macros device code reaches; not those the preprocessor expanded at their uses (src/parse/preprocess.ts).
        if (ctx.reach.reaches(n) && !file.seenThrough?.has(n.childForFieldName('name')?.text ?? '')) out.emit(translateMacro(n, ctx), line(n));
        return;
      case 'preproc_call': {
        const directive = n.childForFieldName('directive')?.text ?? '';
        if (['#undef', '#error', '#warning'].includes(directive)) out.emit(n.text.replace(/\n$/, ''), line(n));
        return;
      }
      case 'preproc_include': {
        // The program's own headers were inlined before parsing (src/parse/includes.ts); a quoted
        // include still here was not found. System headers: device code cannot use them.
        const spec = n.childForFieldName('path');
        if (spec?.type === 'string_literal') {
          diagnostics.push(diag('C2M1009', `cannot find ${spec.text} next to the file or in the -I folders`, file.name, pos(n.startPosition), pos(spec.endPosition)));
        }
        return;
      }
      case 'preproc_if':
      case 'preproc_ifdef':
      case 'preproc_elif':
      case 'preproc_else':
      case 'preproc_elifdef':
        emitConditional(n, ctx);
        return;
      case 'linkage_specification': {
        const body = n.childForFieldName('body');
        if (body) emitItems(body.type === 'declaration_list' ? body : n, ctx);
        return;
      }
      case 'function_definition': {
        const f = factsOf(program, n);
        if (f && isBuiltinVectorOperator(f)) {
          // helper_math.h style float3 + float3: Metal's vectors have these operators built in.
          const sig = `${f.name}(${f.params.map((p) => normType(p.typeNode?.text ?? '')).join(', ')})`;
          out.emit(`/* ${sig}: built into Metal's vector types */`, line(n));
          // An operator whose body is visibly elementwise (helper_math.h's) computes what Metal's
          // does: nothing to say. Otherwise vector * vector and vector / vector are often complex
          // arithmetic: an error there, since Metal's operator would silently compute something else.
          if (isElementwiseBody(f)) return;
          const types = f.params.map((p) => normType(p.typeNode?.text ?? ''));
          const ambiguous = /^operator\s*[*/]=?$/.test(f.name) && types.length === 2 && types.every((x) => METAL_VECTOR.test(x));
          const message = ambiguous
            ? `${sig} is not emitted and Metal's elementwise ${f.name.replace('operator', '').trim()} would replace it; if it is complex arithmetic (or anything not elementwise), make it a named function`
            : `${sig} is not emitted: Metal's built-in elementwise operator is used instead`;
          diagnostics.push(diag('C2M1013', message, file.name, pos(n.startPosition), pos(f.declarator.endPosition), ambiguous ? 'error' : undefined));
          return;
        }
        const texts = f ? fnText.get(f) : undefined;
        for (const t of texts?.values() ?? []) out.emit(t, line(n));
        return;
      }
      case 'declaration':
        emitDeclaration(n, ctx);
        return;
      case 'template_declaration': {
        const inner = templatedFunction(n);
        const f = inner ? program.functions.find((x) => x.node.id === inner.id) : undefined;
        if (f && inner?.type === 'declaration') {
          // A prototype of a function template: Metal needs none (the definition precedes its uses),
          // unless explicit specialisations (`template <> float typeToFloat(half a) {...}`) are all
          // there is: they need the primary template declared.
          const specialised = (f.role === 'device' || f.role === 'hostdevice') && program.functions.some((g) => baseName(g.name) === f.name && g.body && g.template && /^template\s*<\s*>/.test(g.template.text) && fnText.has(g));
          const onlySpecs = specialised && !program.functions.some((g) => baseName(g.name) === f.name && g.body && g.template && !/^template\s*<\s*>/.test(g.template.text));
          if (onlySpecialised(f, program) || onlySpecs) {
            // Translated like a prototype (emitDeclaration): the specialisations take the hidden
            // parameters (built-ins, printf buffer) of the name, so the primary must too.
            // Pointer parameters: one declaration per address-space instance of the specialisations
            // (`copy_vector(device T* dst, ...)`), so that each matches its primary.
            const header = n.text.slice(0, inner.startIndex - n.startIndex);
            const specs = program.functions.filter((g) => baseName(g.name) === f.name && g.body && g.template && /^template\s*<\s*>/.test(g.template.text));
            const keys = new Set(specs.flatMap((g) => [...(fnText.get(g)?.keys() ?? [])]));
            const instances = f.params.some((p) => p.pointerDepth > 0 || p.isArray) && keys.size > 0 ? [...keys].map((k) => instanceOfKey(k)) : [{ spaces: f.params.map(() => null) }];
            const protos = instances.map((i) => new FunctionTranslator(program, f, i.spaces, options, [], i.inner).translate().text);
            out.emit(protos.map((proto) => `${header}${proto}`.replace(/\b(__device__|__host__|__forceinline__|__inline__|__noinline__)\s*/g, '')).join('\n'), line(n));
          } else if (usedBeforeDefinition(f, n, program, fnText)) {
            // The template is defined after code that calls it (a header's prototype, the definition
            // at the end of the .cu): declared here, one declaration per emitted instance signature.
            const header = n.text.slice(0, inner.startIndex - n.startIndex);
            const def = program.definitions.get(f.name)!;
            const protos = [...(fnText.get(def)?.keys() ?? [])].map((k) => {
              const { spaces, inner: innerSpaces } = instanceOfKey(k);
              return new FunctionTranslator(program, f, spaces, options, [], innerSpaces).translate().text;
            });
            out.emit([...new Set(protos)].map((proto) => `${header}${proto}`.replace(/\b(__device__|__host__|__forceinline__|__inline__|__noinline__)\s*/g, '')).join('\n'), line(n));
          }
          return;
        }
        const last = n.namedChildren[n.namedChildren.length - 1];
        if (!f && last && TYPE_ITEMS.has(last.type)) {
          const accessor = accessorOfItem(n, program);
          if (accessor) {
            if (ctx.reach.reaches(n)) out.emit(accessorComment(accessor, n), line(n));
            return;
          }
          // A class template device code uses: kept as a template, its fields and members translated.
          if (!ctx.reach.reaches(n)) {
            checkUnusedType(n, ctx);
            return;
          }
          const next = n.nextSibling;
          const text = rewriteTypeItem(n, next?.type === ';' ? next.endIndex : n.endIndex, program, diagnostics, options);
          // Two CUDA types, one Metal type (`long2` and `longlong2` are both `long2`): a second
          // explicit specialisation of a class template for it would redefine the first.
          const spec = /^template\s*<\s*>\s*(?:struct|class|union)\s+(\w+\s*<[^{;]*?>)\s*[{:]/.exec(text);
          if (spec) {
            const key = spec[1]!.replace(/\s+/g, '');
            const seen = specialisationsOf(ctx);
            if (seen.has(key)) {
              out.emit(`/* ${commentText(n.text.replace(/\s+/g, ' ').slice(0, 80))}...: the same Metal type as an earlier specialisation */`, line(n));
              return;
            }
            seen.add(key);
          }
          out.emit(text, line(n));
          return;
        }
        if (!f) {
          if (last?.type === 'declaration' && /\b__(constant|device)__\b/.test(n.text)) {
            // `template <typename T> __constant__ T mask[10];` read as `mask<T>[j]`: each kernel binds
            // the instance it reads as a buffer (function.ts globalParam).
            const name = declaratorShape(last.childForFieldName('declarator')).name?.text ?? '';
            if (program.deviceGlobals.get(name)?.template) {
              if (ctx.reach.names.has(name)) out.emit(`/* ${/__constant__/.test(last.text) ? '__constant__' : '__device__'} ${name}<...>: a buffer parameter of the kernels that use it, one instance each */`, line(n));
            } else diagnostics.push(diag('C2M1001', 'a variable template in device memory (`__constant__`/`__device__`) is not translated: declare one variable per type instead', file.name, pos(n.startPosition), pos(n.startPosition)));
          } else if (/\b__(global|device)__\b/.test(n.text)) {
            diagnostics.push(diag('C2M1001', 'this template in device code is not translated yet (function templates are)', file.name, pos(n.startPosition), pos(n.startPosition)));
          }
          return;
        }
        // The function stays a template: `template <typename T, int N>` then its translation.
        let heads: SyntaxNode = n; // the innermost of nested heads (`template <> template <>`)
        while (heads.namedChildren[heads.namedChildren.length - 1]?.type === 'template_declaration') heads = heads.namedChildren[heads.namedChildren.length - 1]!;
        const params = heads.childForFieldName('parameters');
        // Template parameters named like Metal keywords (`template <typename device>`) as the body renames them.
        const head = mslTemplateHead(params ? file.text.slice(n.startIndex, params.endIndex) : 'template <>').replace(/\b[A-Za-z_]\w*\b/g, (id) => (f.templateParams?.some((p) => p.name === id) ? mslName(id) : id));
        const texts = fnText.get(f);
        for (const t of texts?.values() ?? []) out.emit(`${head}\n${t}`, line(n));
        const insts = ctx.instances.get(f.name) ?? [];
        if (texts && insts.length > 0) out.emit(insts.map(instantiationLine).join('\n'), n.endPosition.row + 2);
        return;
      }
      case 'namespace_alias_definition':
      case 'using_declaration':
        // `namespace cg = cooperative_groups;` / `using namespace cooperative_groups;`: kept when the MSL defines it.
        if (program.polyfills.has(CG_NAMESPACE) && n.namedChildren.some((c) => c.text === CG_NAMESPACE)) out.emit(n.text, line(n));
        return;
      case 'namespace_definition': {
        // Flattened: the items at program scope, qualifiers dropped (src/translate/namespaces.ts).
        const body = n.childForFieldName('body');
        if (body) emitItems(body, ctx);
        return;
      }
      default:
        if (TYPE_ITEMS.has(n.type)) {
          const accessor = accessorOfItem(n, program);
          if (accessor) {
            if (ctx.reach.reaches(n)) out.emit(accessorComment(accessor, n), line(n));
            return;
          }
          // Host-only types (a struct of host pointers and streams, say) stay out of the MSL.
          if (!ctx.reach.reaches(n)) {
            checkUnusedType(n, ctx);
            return;
          }
          const next = n.nextSibling;
          const end = next?.type === ';' ? next.endIndex : n.endIndex;
          out.emit(rewriteTypeItem(n, end, program, diagnostics, options), line(n));
        }
    }
  });
}

function emitConditional(n: SyntaxNode, ctx: EmitContext): void {
  const { out } = ctx;
  // The directive line itself, then its items, then #else/#elif branches, then #endif.
  const directive = n.child(0);
  const cond = n.childForFieldName('condition') ?? n.childForFieldName('name');
  const head = n.type === 'preproc_else' ? '#else' : `${directive?.text ?? '#if'} ${cond?.text ?? ''}`.trimEnd();
  out.emit(head, n.startPosition.row + 1);
  const body = { namedChildren: n.namedChildren.filter((c) => !sameNode(c, cond) && c.type !== 'preproc_else' && c.type !== 'preproc_elif' && c.type !== 'preproc_elifdef') } as unknown as SyntaxNode;
  emitItems(body, ctx);
  const alt = n.childForFieldName('alternative');
  if (alt) emitConditional(alt, ctx);
  if (n.type === 'preproc_if' || n.type === 'preproc_ifdef') out.emit('#endif', n.endPosition.row + (n.endPosition.column === 0 ? 0 : 1));
}

function producesMsl(n: SyntaxNode, ctx: EmitContext): boolean {
  if (n.type === 'function_definition' || n.type === 'template_declaration') {
    const inner = n.type === 'template_declaration' ? templatedFunction(n) : n;
    const f = inner ? factsOf(ctx.program, inner) : undefined;
    if (f !== undefined) return ctx.fnText.has(f);
    if (n.type === 'function_definition') return false;
  }
  if (n.type === 'declaration' || TYPE_ITEMS.has(n.type) || n.type === 'template_declaration' || n.type === 'preproc_def' || n.type === 'preproc_function_def') return ctx.reach.reaches(n);
  return false;
}

function emitDeclaration(n: SyntaxNode, ctx: EmitContext): void {
  const { program, fnText, out, diagnostics, options } = ctx;
  const file = program.file;
  const shape = declaratorShape(n.childForFieldName('declarator'));
  if (shape.functionDeclarator) {
    // A prototype: device functions get one declaration per emitted instance's signature.
    const f = factsOf(program, n);
    if (!f || (f.role !== 'device' && f.role !== 'hostdevice')) return;
    const def = program.definitions.get(f.name);
    const texts = def ? fnText.get(def) : undefined;
    const keys = texts ? [...texts.keys()] : [];
    const protos = keys.map((k) => {
      const { spaces, inner } = instanceOfKey(k);
      return new FunctionTranslator(program, f, spaces, options, [], inner).translate().text;
    });
    if (protos.length > 0) out.emit(protos.join('\n'), n.startPosition.row + 1);
    return;
  }
  const toks = specifierTokens(n);
  const has = (t: string): boolean => toks.some((x) => x.type === t || x.text === t);
  if (has('__shared__')) {
    // Static: declared by each kernel that uses it (src/translate/fileShared.ts).
    const names = n.childrenForFieldName('declarator').map((d) => declaratorShape(d).name?.text ?? '').filter(Boolean);
    if (!has('extern') && names.some((x) => ctx.reach.names.has(x))) out.emit(`/* __shared__ ${names.join(', ')}: declared in each kernel that uses ${names.length > 1 ? 'them' : 'it'} */`, n.startPosition.row + 1);
    return; // extern __shared__: becomes each using kernel's [[threadgroup(0)]] parameter
  }
  if (has('__constant__') || has('__device__')) {
    // A buffer parameter of each kernel that uses it (and of the helpers in between); the runtime
    // holds its storage (native/runtime/symbols.cpp).
    const q = has('__constant__') ? '__constant__' : '__device__';
    const names = n.childrenForFieldName('declarator').map((d) => declaratorShape(d).name?.text ?? '').filter((x) => program.deviceGlobals.has(x));
    if (names.some((x) => ctx.reach.names.has(x))) out.emit(`/* ${q} ${names.join(', ')}: buffer parameter${names.length > 1 ? 's' : ''} of the kernels that use ${names.length > 1 ? 'them' : 'it'} */`, n.startPosition.row + 1);
    return;
  }
  if (!isDeviceVisibleConstant(n) || !ctx.reach.reaches(n)) return; // host-only global or constant
  // `const int TILE = 16;` → `constant int TILE = 16;` (program-scope variables must be constant)
  const edits = new EditSet(file.text);
  for (const t of toks) {
    if (t.type === 'const' || t.type === 'constexpr') edits.replace(t.startIndex, t.endIndex + (file.text[t.endIndex] === ' ' ? 1 : 0), '');
    if (t.type === 'static') edits.replace(t.startIndex, t.endIndex + (file.text[t.endIndex] === ' ' ? 1 : 0), '');
  }
  const typeNode = n.childForFieldName('type');
  const firstTok = toks[0];
  if (firstTok) edits.insert(firstTok.startIndex, 'constant ');
  // `constexpr unsigned int N(1024);` (marchingCubes): a scalar's direct-initialisation is its
  // copy-initialisation; `constant unsigned int N = 1024;` reads as the constant it is.
  if (typeNode && (typeNode.type === 'primitive_type' || typeNode.type === 'sized_type_specifier')) {
    for (const d of n.childrenForFieldName('declarator')) {
      const v = d.type === 'init_declarator' ? d.childForFieldName('value') : null;
      const args = v?.type === 'argument_list' ? v.namedChildren.filter((a) => a.type !== 'comment') : [];
      if (v && args.length === 1) edits.replace(v.startIndex, v.endIndex, ` = ${args[0]!.text}`);
    }
  }
  if (typeNode) {
    const t = normType(typeNode.text);
    if (t === 'double') {
      if (options.double === 'float') edits.replace(typeNode.startIndex, typeNode.endIndex, 'float');
      else if (options.double === 'soft') {
        edits.replace(typeNode.startIndex, typeNode.endIndex, SOFT_DOUBLE_TYPE);
        for (const lit of n.descendantsOfType('number_literal')) {
          const exact = f64Literal(lit.text);
          if (exact) edits.replace(lit.startIndex, lit.endIndex, exact);
        }
      } else {
        diagnostics.push(diag('C2M1003', "'double' is not available in Metal", file.name, pos(typeNode.startPosition), pos(typeNode.endPosition)));
        return;
      }
    }
    const r = TYPE_RENAMES.get(t);
    if (r) edits.replace(typeNode.startIndex, typeNode.endIndex, r);
  }
  out.emit(edits.apply(n.startIndex, n.endIndex), n.startPosition.row + 1);
}

/**
 * Structs keep CUDA's layout: 3-component vector fields become packed_*, long long → long.
 * Member functions: __device__ ones are translated like helpers; host-only ones are dropped.
 */
function rewriteTypeItem(n: SyntaxNode, end: number, program: ProgramFacts, diagnostics: Diagnostic[], options: TranslateOptions): string {
  const file = program.file;
  const edits = new EditSet(file.text);
  const walk = (c: SyntaxNode): void => {
    // A member function's prototype (`__device__ T add_down(const T &x);`) is a field_declaration
    // for the grammar: translated as a function below, its qualifiers gone and its references in `thread`.
    const memberPrototype = c.type === 'field_declaration' && declaratorShape(c.childForFieldName('declarator')).functionDeclarator !== null;
    if (c.type === 'field_declaration' && !memberPrototype) {
      const t = c.childForFieldName('type');
      for (const id of c.descendantsOfType('field_identifier')) {
        if (MSL_RESERVED_IDENTIFIERS.has(id.text)) edits.replace(id.startIndex, id.endIndex, mslName(id.text));
      }
      if (t && /\bdouble\b/.test(t.text) && options.double === 'soft') {
        const doubles = t.type === 'primitive_type' ? [t] : t.descendantsOfType('primitive_type');
        for (const d of doubles) if (d.text === 'double') edits.replace(d.startIndex, d.endIndex, SOFT_DOUBLE_TYPE);
      } else if (t && namesDouble(t.text) && options.double !== 'soft') {
        diagnostics.push(diag('C2M1003', "a 'double' field keeps its 8-byte layout in host data; Metal has no double (use float in the struct)", file.name, pos(t.startPosition), pos(t.endPosition)));
      }
      // `static constexpr int K = 3;`: a static data member lives at program scope, where Metal
      // allows only `constant` (src/translate/scopedNames.ts).
      if (t && c.children.some((x) => x.type === 'storage_class_specifier' && x.text === 'static')) {
        edits.insert(t.startIndex, 'constant ');
        constantMinMax(c, edits);
      }
      if (t) {
        checkTypeName(t, program, diagnostics);
        const stdScalar = stdScalarType(t);
        if (stdScalar) edits.replace(t.startIndex, stdScalar.startIndex, ''); // `std::uint8_t r;` → `uint8_t r;`
        const name = normType(t.text);
        const r = BUFFER_ELEMENT_RENAMES.get(name) ?? TYPE_RENAMES.get(name) ?? collidingTypeRename(name, program.definedTypes);
        if (r) edits.replace(t.startIndex, t.endIndex, r);
      }
      // A nested type's body (`struct Outer { struct Inner { ... __device__ int sum() ... }; };`).
      if (t && (t.type === 'struct_specifier' || t.type === 'class_specifier' || t.type === 'union_specifier') && t.childForFieldName('body')) walk(t);
      // Pointer fields point into device memory (src/translate/structPointers.ts).
      const pointers = pointerFieldDeclaration(c);
      // ...or into the one memory the stores into them point into, for a struct no kernel receives (fieldSpaces.ts).
      const spaces = pointers === 'pointers' ? declarationSpaces(program, structNameOf(n, c), c.childrenForFieldName('declarator').map((d) => declaratorShape(d).name?.text ?? '')) : [];
      if (spaces.length > 1) diagnostics.push(diag('C2M1006', `the pointer fields of this declaration point into different memories (${spaces.join(', ')}); Metal qualifies the type with the address space, so declare them on lines of their own`, file.name, pos(c.startPosition), pos(c.endPosition)));
      if (pointers === 'pointers' && t) edits.insert(t.startIndex, `${spaces[0] ?? 'device'} `);
      // A collective's reference to its shared storage (`TempStorage &temp;`, native/include/cub).
      else if (t && sharedStorageReferenceField(c)) edits.insert(t.startIndex, 'threadgroup ');
      else if (pointers === 'mixed') {
        diagnostics.push(diag('C2M1006', 'this field declaration mixes pointers and values; Metal qualifies the type with the address space, so declare the pointer fields on their own line', file.name, pos(c.startPosition), pos(c.endPosition)));
      } else if (pointers === 'pointer-to-pointer') {
        diagnostics.push(diag('C2M1006', 'a pointer-to-pointer field cannot say which memory each level points into in Metal', file.name, pos(c.startPosition), pos(c.endPosition)));
      }
      return;
    }
    if (c.type === 'function_definition' || memberPrototype || (c.type === 'declaration' && declaratorShape(c.childForFieldName('declarator')).functionDeclarator)) {
      const facts = functionFacts(c, program.externSharedGlobals, new Set(), program.macroBodies); // built-ins through macros (`#define PX blockIdx.x * T`) count
      if (!facts || facts.role === 'host' || facts.role === 'kernel') {
        // A member template (`template <class U> T conv_down(U const &v)`) goes with its heads: a
        // head left behind would apply to the next member (`U` would shadow that one's own `U`).
        let whole: SyntaxNode = c;
        while (whole.parent?.type === 'template_declaration' && whole.parent.parent?.type === 'field_declaration_list') whole = whole.parent;
        edits.replace(whole.startIndex, whole.endIndex, `/* host-only member ${facts?.name ?? ''}() omitted */`);
        return;
      }
      const virt = virtualSpecifier(c);
      // A pure virtual member of a class nothing derives from can never be called: cuda-samples'
      // `SharedMemory<T>` makes its primary template abstract this way so that only its
      // specialisations are used. It is dropped; any other virtual is refused.
      if (virt && pureVirtual(c) && !derivedFrom(n, structNameOf(n, c))) {
        edits.replace(c.startIndex, c.endIndex, `/* pure virtual ${facts.name}() omitted: nothing derives from this class, so it is never called */`);
        return;
      }
      if (virt) diagnostics.push(diag('C2M1001', `virtual member function '${facts.name}': Metal has no virtual dispatch (no function pointers); make it non-virtual, or dispatch with a switch on a type tag`, file.name, pos(virt.startPosition), pos(virt.endPosition)));
      if (facts.builtins.size > 0 && !takesHiddenParams(c) && usesBuiltinsBesideAssert(c)) {
        diagnostics.push(diag('C2M1001', `member function '${facts.name}' uses ${[...facts.builtins].join(', ')}; built-ins in operators and copy constructors are not translated (they are called without their name, so they cannot take them as hidden parameters: pass them as arguments)`, file.name, pos(c.startPosition), pos(c.startPosition)));
      } else if (!takesHiddenParams(c)) {
        // ...nor can they pass them on: a function they call (in their initializers too) that reads built-ins.
        // (`f(x)` and `f<T, N>(x)` alike)
        const calleeName = (x: SyntaxNode | null): string | undefined => (x?.type === 'identifier' ? x.text : x?.type === 'template_function' ? x.childForFieldName('name')?.text : undefined);
        const callees = c.descendantsOfType('call_expression').map((x) => calleeName(x.childForFieldName('function'))).filter((x): x is string => x !== undefined);
        const needy = [...new Set(callees)].filter((id) => id !== facts.name && ['device', 'hostdevice'].includes(program.definitions.get(id)?.role ?? 'host') && program.builtinsOf(id).length > 0);
        if (needy.length > 0) diagnostics.push(diag('C2M1001', `member function '${facts.name}' calls ${needy.map((x) => `'${x}'`).join(', ')}, which read${needy.length > 1 ? '' : 's'} built-ins (${[...new Set(needy.flatMap((x) => program.builtinsOf(x)))].join(', ')}); operators and copy constructors cannot pass them on as hidden parameters: pass them as arguments`, file.name, pos(c.startPosition), pos(c.startPosition)));
      }
      const spaces = defaultSpaces(facts);
      // The default instance, then one overload per other combination of spaces its calls pass
      // (addressSpaces.ts: noteMemberInstance), each with its own address spaces.
      const texts = [new FunctionTranslator(program, facts, spaces, options, diagnostics).translate().text];
      // A member template's other instances repeat its head (`template <typename OutputT>`).
      const head = c.parent?.type === 'template_declaration' ? file.text.slice(c.parent.startIndex, c.startIndex) : '';
      for (const extra of memberInstancesOf(program, c)) {
        const text = new FunctionTranslator(program, facts, extra, options, diagnostics).translate().text;
        if (!texts.includes(text)) texts.push(head + text); // (spaces its MSL does not show give the same text)
      }
      edits.replace(c.startIndex, c.endIndex, texts.join(`\n${' '.repeat(c.startPosition.column)}`));
      return;
    }
    // `typedef struct param {...} *param_t;`: `} device *param_t;`, the pointer into device memory
    // as pointer fields are (typed.ts: pointerTypedef).
    if (c.type === 'type_definition') {
      const t = c.childForFieldName('type');
      const decls = c.childrenForFieldName('declarator');
      const pointer = (d: SyntaxNode): boolean => {
        const shape = declaratorShape(d);
        return d.type === 'pointer_declarator' && shape.pointerDepth === 1 && !shape.functionDeclarator && shape.arrayDims.length === 0;
      };
      const tag = t?.childForFieldName('name')?.text;
      const kw = t?.child(0)?.text;
      if (t && decls.some(pointer) && !t.childForFieldName('body')) edits.insert(t.startIndex, 'device ');
      else if (t && decls.some(pointer) && tag && kw) {
        // A space written after the body would qualify the struct, not the pointee: the struct
        // first, then its typedefs (`struct param {...}; typedef device param *param_t;`).
        const typedefTok = c.children.find((x) => x.type === 'typedef');
        if (typedefTok) edits.replace(typedefTok.startIndex, t.startIndex, '');
        const last = c.children[c.children.length - 1]!;
        const names = decls.map((d) => `typedef ${pointer(d) ? 'device ' : ''}${kw} ${tag} ${d.text};`).join(' ');
        edits.replace(t.endIndex, last.endIndex, `; ${names}`);
      }
    }
    // `typedef __half H;`, `using ll = long long;`: the aliased type in its MSL spelling.
    const aliased = c.type === 'type_definition' || c.type === 'alias_declaration' ? c.childForFieldName('type') : null;
    const aliasRename = aliased ? TYPE_RENAMES.get(normType(aliased.text)) : undefined;
    if (aliased && aliasRename) edits.replace(aliased.startIndex, aliased.endIndex, aliasRename);
    // `typedef double Real;`, `using real_t = double;`: the double of the policy, as a field's is.
    const aliasedDouble = aliased?.type === 'type_descriptor' ? aliased.childForFieldName('type') : aliased;
    // `typedef thrust::complex<float> cfloat;`: our struct (tables/stdNames.ts STD_POLYFILLED_TEMPLATES).
    const polyUse = aliasedDouble ? stdClassTemplateUse(aliasedDouble) : null;
    const poly = polyUse ? STD_POLYFILLED_TEMPLATES.get(polyUse.name) : undefined;
    if (aliasedDouble && polyUse && poly) {
      program.polyfills.set(poly.msl, poly.definition);
      edits.replace(aliasedDouble.startIndex, polyUse.rest.startIndex, 'cu2m_');
      for (const a of polyUse.typeArgs) {
        const r = TYPE_RENAMES.get(normType(a.text));
        if (r) edits.replace(a.startIndex, a.endIndex, r);
        else if (a.text === 'double' && options.double === 'soft') edits.replace(a.startIndex, a.endIndex, SOFT_DOUBLE_TYPE);
        else if (a.text === 'double' && options.double === 'float') edits.replace(a.startIndex, a.endIndex, 'float');
      }
      return;
    }
    if (aliased && !aliasRename && aliasedDouble?.type === 'primitive_type' && aliasedDouble.text === 'double') {
      const d = aliasedDouble;
      if (options.double === 'soft') edits.replace(d.startIndex, d.endIndex, SOFT_DOUBLE_TYPE);
      else if (options.double === 'float') edits.replace(d.startIndex, d.endIndex, 'float');
      else diagnostics.push(diag('C2M1003', "'double' is not available in Metal", file.name, pos(d.startPosition), pos(d.endPosition)));
    }
    // The type's own name (`struct matrix`, `typedef ... float3x3;`) where metal:: has it too.
    // A specialisation's template arguments (`struct TypeConverter<__half>`) in their MSL spelling.
    const inTemplateArgs = c.parent?.type === 'type_descriptor' && c.parent.parent?.type === 'template_argument_list';
    if (c.type === 'primitive_type' && c.text === 'double' && inTemplateArgs && options.double === 'soft') edits.replace(c.startIndex, c.endIndex, SOFT_DOUBLE_TYPE); // `AlignBytes<double>`
    const argRename = c.type === 'type_identifier' && inTemplateArgs ? TYPE_RENAMES.get(c.text) : undefined;
    const renamed = c.type === 'type_identifier' ? (argRename ?? collidingTypeRename(c.text, program.definedTypes)) : undefined;
    if (renamed) edits.replace(c.startIndex, c.endIndex, renamed);
    for (const k of c.namedChildren) walk(k);
  };
  walk(n);
  return edits.apply(n.startIndex, end);
}

/**
 * Before the items are emitted: the device member functions of the file's classes translated once
 * (their diagnostics dropped: the emission reports them) so that the spaces their calls of members
 * pass are known, and so on for the instances those ask for, until no new one appears
 * (addressSpaces.ts: noteMemberInstance). Calls from kernels and free helpers were noted when those
 * were translated. Only files whose classes have device members with pointer parameters need it.
 */
function noteMemberCalls(n: SyntaxNode, program: ProgramFacts, options: TranslateOptions): void {
  const members: { m: SyntaxNode; facts: FunctionFacts }[] = [];
  for (const m of n.descendantsOfType('function_definition')) {
    if (enclosingClass(m) === null) continue;
    const facts = functionFacts(m, program.externSharedGlobals, new Set());
    if (facts && (facts.role === 'device' || facts.role === 'hostdevice')) members.push({ m, facts });
  }
  if (!members.some(({ facts }) => facts.params.some((p) => p.pointerDepth > 0 || p.isArray))) return;
  // Until no call asks for a new instance and no instance changes whether it is `thread`
  // (a member calling a `thread` sibling through `this` is `thread` too).
  const count = (): number => members.reduce((k, { m }) => k + memberInstancesOf(program, m).length, 0);
  for (let round = 0; round < 8; round++) {
    let changed = false;
    const before = count();
    for (const { m, facts } of members) {
      for (const spaces of [defaultSpaces(facts), ...memberInstancesOf(program, m)]) {
        const r = new FunctionTranslator(program, facts, spaces, options, []).translate();
        if (noteThreadMember(program, m, spaces, r.threadMember === true)) changed = true;
      }
    }
    if (!changed && count() === before) return;
  }
}

/**
 * A type no device code uses stays out of the MSL, but its `__device__` member functions are
 * checked all the same (as a function template no launch instantiates is): their refusals become
 * notes under warning C2M1014, as for unused device functions. `__host__ __device__` members are
 * device code only where device code uses them, as for functions.
 */
function checkUnusedType(n: SyntaxNode, ctx: EmitContext): void {
  if (!n.text.includes('__device__')) return;
  const { program } = ctx;
  const members = n.descendantsOfType('function_definition').filter((m) => functionFacts(m, program.externSharedGlobals, new Set())?.role === 'device');
  if (members.length === 0) return;
  const scratch: Diagnostic[] = [];
  const polyfills = [...program.polyfills]; // helpers the check adds must not reach the MSL
  rewriteTypeItem(n, n.endIndex, program, scratch, ctx.options);
  program.polyfills.clear();
  for (const [k, v] of polyfills) program.polyfills.set(k, v);
  const after = (a: { line: number; column: number }, b: { line: number; column: number }): boolean => a.line > b.line || (a.line === b.line && a.column >= b.column);
  const inMember = (d: Diagnostic): boolean => members.some((m) => after(d.start, pos(m.startPosition)) && after(pos(m.endPosition), d.start));
  const errors = scratch.filter((d) => d.severity === 'error' && inMember(d));
  const first = errors[0];
  if (!first) return;
  const inner = n.type === 'template_declaration' ? n.namedChildren[n.namedChildren.length - 1] : n;
  const name = inner?.childForFieldName('name')?.text ?? 'this type';
  ctx.diagnostics.push(diag('C2M1014', `the __device__ member functions of '${name}' are not emitted: no device code uses the type and they cannot be translated (${first.message} [${first.code}])`, program.file.name, pos(n.startPosition), pos(n.startPosition)));
  ctx.diagnostics.push(...unusedFunctionNotes(name, errors));
}

const METAL_VECTOR = /^(u?char|u?short|u?int|u?long|float|half|bool)[234]$/;

/**
 * Does the operator's body combine only like components of its parameters — `make_float2(a.x * b.x,
 * a.y * b.y)`, `a.x *= s; a.y *= s;` — so that Metal's elementwise operator computes the same? Each
 * argument and statement may name one component of the parameters (a complex product, whose first
 * component reads `a.x` and `a.y`, does not pass).
 */
function isElementwiseBody(f: FunctionFacts): boolean {
  const body = f.body?.text;
  if (!body) return false;
  const names = new Set(f.params.map((p) => p.name));
  const components = (text: string): string[] => [...text.matchAll(/\b([A-Za-z_]\w*)\s*\.\s*([xyzw])\b/g)].filter((m) => names.has(m[1]!)).map((m) => m[2]!);
  if (components(body).length === 0) return false;
  return body.split(/[,;]/).every((part) => new Set(components(part)).size <= 1);
}

/** `operator+(float3, float3)` and kin: only vector and scalar operands, at least one vector. */
function isBuiltinVectorOperator(f: FunctionFacts): boolean {
  if (!/^operator\W/.test(f.name) || f.params.length === 0) return false;
  const types = f.params.map((p) => normType(p.typeNode?.text ?? ''));
  const scalar = /^(float|int|unsigned int|uint|unsigned|short|char|bool)$/;
  return types.some((t) => METAL_VECTOR.test(t)) && types.every((t) => METAL_VECTOR.test(t) || scalar.test(t));
}

/**
 * A macro goes into the MSL with the names the tables rename (`fminf` → `fmin`, `make_float2` →
 * `float2`, CUDART_PI_F → M_PI_F). Mappings that rewrite a whole call (`__popc(x)` →
 * `popcount(uint(x))`) cannot be applied to macro text: those are diagnosed.
 */
function translateMacro(n: SyntaxNode, ctx: EmitContext): string {
  const text = n.text.replace(/\n$/, '');
  const value = n.childForFieldName('value');
  if (!value) return text;
  const start = value.startIndex - n.startIndex;
  // The macro's own parameters (`#define TRIPLE(x1, y1, z1)`) are never a table's names (y1, j0...).
  const params = new Set((n.childForFieldName('parameters')?.namedChildren ?? []).map((p) => p.text));
  // Identifiers outside string and character literals.
  const body = text.slice(start).replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|([A-Za-z_]\w*)/g, (m: string, id: string | undefined) => {
    if (!id || params.has(id)) return m;
    const constant = CONSTANT_BY_NAME.get(id);
    if (constant) return constant.msl;
    const row = FUNCTION_BY_NAME.get(id);
    if (!row) return m;
    if (row.map.kind === 'rename') return row.map.msl;
    if (row.map.kind === 'polyfill') {
      ctx.program.polyfills.set(row.map.msl, row.map.definition);
      if (row.category === 'atomic') addAtomics16(ctx.program.polyfills, row.map.msl, ctx.program.file.text);
      return row.map.msl;
    }
    if (row.map.kind === 'same') return m;
    const why = row.map.kind === 'unsupported' ? row.map.reason : 'its translation rewrites the whole call, which cu2metal does only outside macros';
    ctx.diagnostics.push(diag('C2M1002', `macro '${n.childForFieldName('name')?.text ?? ''}' uses '${id}': ${why}`, ctx.program.file.name, pos(value.startPosition), pos(value.endPosition)));
    return m;
  });
  return text.slice(0, start) + (ctx.options.double === 'soft' && ctx.options.f64Literals ? f64LiteralsInText(body) : floatLiteralsInText(body));
}

/**
 * A function template prototype whose only definitions are explicit specialisations that device
 * code has (`template <int D> float p(float);` + `template <> float p<3>(float x) {...}`): Metal
 * needs the primary declared. Only scalar signatures (a pointer's address space is not known here).
 */
function onlySpecialised(f: FunctionFacts, program: ProgramFacts): boolean {
  if (f.role === 'host' || f.params.some((p) => p.pointerDepth > 0 || p.reference)) return false;
  const defs = program.functions.filter((x) => x.body && baseName(x.name) === f.name);
  return defs.length > 0 && defs.every((x) => x.name !== f.name && x.role !== 'host');
}

/**
 * A device function template declared by this prototype and defined (as a template, not only by
 * explicit specialisations) later in the file, with a call of its name in between: Metal, like
 * C++, needs the prototype there.
 */
function usedBeforeDefinition(f: FunctionFacts, proto: SyntaxNode, program: ProgramFacts, fnText: ReadonlyMap<FunctionFacts, ReadonlyMap<string, string>>): boolean {
  if (f.role !== 'device' && f.role !== 'hostdevice') return false;
  const def = program.definitions.get(f.name);
  if (!def?.body || !def.template || /^template\s*<\s*>/.test(def.template.text) || !fnText.has(def)) return false;
  if (def.node.startIndex < proto.endIndex) return false;
  const between = program.file.text.slice(proto.endIndex, def.node.startIndex);
  return new RegExp(`\\b${f.name.replace(/\W/g, '\\$&')}\\s*(<[^;{}()]*>\\s*)?\\(`).test(between);
}

/**
 * Does a member function use built-ins (or printf, which takes the block's) other than through
 * `assert`, which an operator leaves out instead (C2M1016)?
 */
function usesBuiltinsBesideAssert(fn: SyntaxNode): boolean {
  const body = fn.childForFieldName('body');
  if (!body) return false;
  if (!/\bassert\s*\(/.test(body.text)) return true; // (through a macro, say)
  const inAssert = (n: SyntaxNode): boolean => {
    for (let p: SyntaxNode | null = n.parent; p && p.id !== body.id; p = p.parent) if (p.type === 'call_expression' && p.childForFieldName('function')?.text === 'assert') return true;
    return false;
  };
  return body.descendantsOfType(['identifier', 'call_expression']).some((n) => {
    if (n.type === 'identifier') return BUILTIN_BY_NAME.has(n.text) && !inAssert(n);
    const callee = n.childForFieldName('function')?.text;
    return callee === 'printf';
  });
}

/** `template <> void f<float, 4>(...) {...}`: an explicit specialisation of a function template. */
const isExplicitSpecialisation = (f: FunctionFacts): boolean => !!f.template && /^template\s*<\s*>/.test(f.template.text);

/** The name of the struct whose body holds field declaration `fd` (its tag, else a typedef's name), within item `item`. */
/** `virtual T f() = 0;` */
function pureVirtual(member: SyntaxNode): boolean {
  const kids = member.children;
  return kids.some((k, i) => k.type === '=' && kids[i + 1]?.type === 'number_literal' && kids[i + 1]?.text === '0');
}

/** Whether some class of the file names `name` among its bases (unknown names count as derived from). */
function derivedFrom(item: SyntaxNode, name: string | undefined): boolean {
  if (!name) return true;
  return item.tree.rootNode.descendantsOfType('base_class_clause').some((b) => b.descendantsOfType('type_identifier').some((t) => t.text === name));
}

function structNameOf(item: SyntaxNode, fd: SyntaxNode): string | undefined {
  const s = fd.parent?.parent;
  if (!s) return undefined;
  const own = s.childForFieldName('name')?.text;
  if (own) return own;
  const td = s.parent?.type === 'type_definition' ? s.parent : item.type === 'type_definition' ? item : null;
  return td?.childrenForFieldName('declarator').find((d) => d.type === 'type_identifier')?.text;
}

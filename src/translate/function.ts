// Translation of one CUDA function (kernel or device helper) into MSL text.
//
// The passes run as one walk over the function's syntax tree, in source order, each rewriting the
// constructs it owns as text edits (so comments and formatting survive):
//   signature      kernel parameters → [[buffer(i)]] bindings, built-ins → attributed parameters
//   indexing       threadIdx/blockIdx/blockDim/gridDim/warpSize reach helpers as parameters (indexing.ts)
//   shared memory  __shared__ → threadgroup; extern __shared__ → [[threadgroup(0)]] parameter (sharedMemory.ts)
//   address spaces every pointer/reference gets device/threadgroup/thread, inferred from its source
//   synchronization __syncthreads → threadgroup_barrier
//   math & vectors calls renamed/replaced from tables/functions.ts; float literals get `f`
//   types          long long → long, double per policy; unsupported constructs are diagnosed
//   (also in files per concern: atomics.ts, cooperativeGroups.ts, printfCalls.ts, textureCalls.ts, mathCalls.ts, temporaries.ts, templateVector3.ts...)
import { constructionSites } from './constructors';
import { functorArgument, functorFunctions, functorName, functorStruct } from './functionValues';
import { constRefByValue, forwardingReferenceToken, isTemporary, referenceToken } from './temporaries';
import { materialiseTemporary } from './materialise';
import { isKernelTypeParam, templateMemoryType } from './templateVector3';
import { diag, type Diagnostic } from '../diagnostics/diagnostic';
import { origin, pos, type SourceFile, type SyntaxNode } from '../parse/parse';
import { EditSet } from './edits';
import { fileNodesOfType, nodesOfTypeIn } from '../parse/nodeIndex';
import { fieldDeviceReason } from './fieldSpaces';
import { baseName, cgNameOf, functionFacts, functionRole, isIfZero, isMemberFunction, memberCallName, memberKey, takesHiddenParams, type DeviceGlobal, type FunctionFacts, type ParamFacts, type ProgramFacts } from './program';
import { BUILTIN_BY_NAME } from './tables/builtins';
import { FUNCTION_BY_NAME } from './tables/functions';
import { CLOCK_POLYFILL, PRINTF_BUFFER } from './printf';
import { rewriteAssert, rewritePrintf, rewriteTrap } from './printfCalls';
import { TRAP_FUNCTIONS } from './printf';
import { CG_BY_NAME, CG_NAMESPACE, CG_PRELUDE } from './tables/cooperativeGroups';
import { cooperativeGroupsName, gridSyncError, isGridGroup, visitCooperativeGroupsCall } from './cooperativeGroups';
import type { PassContext } from './passContext';
import { MSL_LIBRARY_FUNCTIONS, MSL_RESERVED_IDENTIFIERS, collidingTypeRename, mslName } from './tables/reserved';
import { BUFFER_ELEMENT_RENAMES, ELEM_TYPES, KERNEL_SCALAR_RENAMES, TYPE_RENAMES, isMemoryVector3, normType } from './tables/types';
import { declaratorShape, sameNode, specifierTokens } from './syntax';
import { CONSTANT_BY_NAME } from './tables/constants';
import { rewriteDeviceLaunch } from './deviceLaunch';
import { KNOWN_DEVICE_TYPES } from './tables/knownTypes';
import { FUNCTIONAL_CAST_WORDS, functorClassesOf, isClassMemberFunctionName, isDeviceHiddenFriend, isFieldOfEnclosingClass, isFunctorObject, isMemberOfEnclosingClass, isValueOrTypeAlias } from './typeNameUses';
import { evalIntExpression } from './constEval';
import { pointerFieldPaths } from './structPointers';
import { ARGS_PARAM, METAL_BUFFER_SLOTS, argumentBufferStruct, argumentBufferType, argumentBufferTypeUse } from './argumentBuffer';
import { laneModulo32, subWarpWidth } from './warps';
import { LANE_ID, SHUFFLE64 } from './tables/warps';
import { SharedHoister, isStaticShared, sharedParam, type SharedPlan } from './hoist';
import { METAL_THREADGROUP_MEMORY, addStaticShared, declareHoistedShared, dynamicSharedName } from './sharedMemory';
import { accessorElem, accessorExpression, accessorOfType, type AccessorUse } from './sharedAccessor';
import { bigTileSimdCall } from './bigTiles';
import { DYNAMIC_SHARED_PARAM, helperNeedsDynamicShared } from './externShared';
import { addAtomicOverloads, isAtomicName } from './atomics';
import { inInstance, refusedDoubleParameter } from './instanceChecks';
import { addAtomic64Helpers, baseAtomicName, cudaHas, pointeeName, usesAtomic64, wideCall } from './atomics64';
import { ATOMICS_64, ATOMIC64_LOCKS, type Wide } from './tables/atomics64';
import { ATOMIC_BY_NAME } from './tables/atomics';
import { ptxDefinitions, ptxMslCall, ptxStatement } from './ptx';
import { BLOCK_VOTE_FUNCTIONS, BLOCK_VOTE_PRELUDE, BLOCK_VOTE_PRELUDE_KEY } from './blockVote';
import { FP16_RAW_TYPES } from './tables/fp16raw';
import { FP8_TYPES } from './tables/fp8';
import { addBf16Helpers, addFp8Prelude, halfOverload, noteRenamedType } from './fp16';
import { convertsArgs } from './mathArgs';
import { SOFT_DOUBLE_TYPE, f64Literal, mathConstant, type DoublePolicy } from './double';
import { doubleVector, doubleVectorOutsideSoft, namesDouble } from './doubleVectors';
import { DOUBLE_VECTOR_SUFFIX } from './tables/double';
import { functionPointerDeclarators, functionUsedAsValue, globalKind, refusalsWithin } from './refusals';
import { LambdaLowering } from './lambdas';
import { TypedView, functionReturnSpace, pointerTypedef, tupleFieldOf, tupleTypeOf } from './typed';
import { classNamed, enclosingClass, hoistedString, isNullPointer, isStringLiteral, isThreadMember, memberOverloads, memberOverloadsOf, noteMemberInstance, nullArgumentSpace, returnedExpressions } from './addressSpaces';
import { builtinKernelParams, builtinParamDecl, padDim3 } from './indexing';
import { MathCalls } from './mathCalls';
import { callsBuiltinBesideOverloads, globalScopeName } from './builtinOverloads';
import { TEXTURE_FUNCTION_BY_NAME, TEXTURE_OBJECT_TYPES, helperParamText, samplerName, textureParams, type TextureBinding, type TextureFunctionRow } from './textures';
import { rewriteTextureCall, textureBinding } from './textureCalls';
import { mslTemplateHead, stdClassTemplateUse, stdFunctionName, stdPolyfilledFunction, stdScalarType, stdTraitShorthand, stdValueCategoryCast } from './stdNames';
import { STD_POLYFILLED_TEMPLATES } from './tables/stdNames';
import { NO_SOFT_COMPLEX_DOUBLE, REFUSED_TYPES, RUNTIME_STRUCTS, VECTOR1_TYPES } from './tables/moreTypes';
import { complexDoubleRefused, nanCall } from './complexDouble';
import { constantStaticLocal } from './staticLocals';
import { namespaceQualifiedRest } from './namespaces';
import { ACTIVE_FLAG, masking, rewriteBarrierLoops, rewriteHelperBarriers } from './barrierLoops';
import { rewriteEarlyReturns } from './earlyReturns';
import { isValueTemplateArgument, memberReferenceReturnAt, typeScopedParts } from './scopedNames';


/** `cu2m_value(x)`: x read as a value of its type, in thread memory (unifyBranchSpaces). */
/** CUDA vector types whose MSL name is the same: a braced list argument for one becomes its constructor (rewriteDeviceCall). */
const BRACED_VECTOR_TYPES = /^(u?char|u?short|u?int|float|half)[234]$/;
const VALUE_COPY = { key: 'cu2m_value', definition: 'template <typename T>\nT cu2m_value(T x) {\n  return x;\n}' } as const;

/** `unsigned long long: atomicAdd, ...; long long: ...; double: atomicAdd`: what CUDA has (tables/atomics64.ts), for messages. */
const CUDA_64BIT_ATOMICS = (['ulong', 'long', 'double'] as const satisfies readonly Wide[])
  .map((w) => `${{ ulong: 'unsigned long long', long: 'long long', double: 'double' }[w]}: ${ATOMICS_64.filter((r) => r.types.includes(w)).map((r) => r.cuda).join(', ')}`)
  .join('; ');

export type Space = 'device' | 'constant' | 'threadgroup' | 'thread';

/** `__isGlobal(p)` ...: the space each tests for (folded at the call, foldSpaceTest). */
const ADDRESS_SPACE_TESTS: ReadonlyMap<string, Space> = new Map([['__isGlobal', 'device'], ['__isShared', 'threadgroup'], ['__isConstant', 'constant'], ['__isLocal', 'thread']]);

export interface TranslateOptions {
  /** What to do with `double` in device code: binary64 in software (soft), float with a warning, or an error. */
  readonly double: DoublePolicy;
  /** Set by the translator: device code uses double, so (soft policy) floating literals are exact f64. */
  readonly f64Literals?: boolean;
  /** Where `#include "..."` headers are searched after the including file's folder (-I). */
  readonly includeDirs?: readonly string[];
  /** -D NAME[=VALUE] macros, written into the MSL so Metal sees them too. */
  readonly defines?: readonly string[];
  /**
   * Instances other .cu files of the program call of functions this file defines (run.ts:
   * prepare): `series(thread const double* a)` where another file passes a local array.
   */
  readonly foreignInstances?: readonly ForeignInstance[];
}

/** A call of a function defined in another .cu of the program, with the spaces of its pointer arguments. */
export interface ForeignInstance {
  readonly name: string;
  readonly spaces: readonly (Space | null)[];
  /** Pointer parameters the calling file's prototype declares const (`const double a[]`, defined `double a[]`: C linkage allows it). */
  readonly consts?: readonly boolean[];
}

/** The words of the error at a call of a function another file defines (run.ts withdraws it when that file emits the instance). */
export const FOREIGN_DEFINITION = 'is defined in another file, where its pointer parameters point into device memory';

const foreignCalls = new WeakMap<object, Map<string, ForeignInstance>>();

/** The calls of functions defined in other files that pass memory other than device (for run.ts: prepare). */
export function foreignCallsOf(program: object): ForeignInstance[] {
  return [...(foreignCalls.get(program)?.values() ?? [])];
}

/** A device function specialised for the address spaces of its pointer/reference parameters. */
export interface Instance {
  readonly fn: FunctionFacts;
  readonly spaces: readonly (Space | null)[];
  /**
   * For pointer-to-pointer parameters (`float **pp`): the space the pointers they point to point
   * into (`spaces` holds where those pointers live): `device float* thread* pp` has spaces[i]
   * `thread`, inner[i] `device`.
   */
  readonly inner?: readonly (Space | null)[];
}
export const instanceKey = (spaces: readonly (Space | null)[], inner?: readonly (Space | null)[]): string =>
  spaces.map((s) => s ?? '-').join(',') + (inner?.some((s) => s) ? `|${inner.map((s) => s ?? '-').join(',')}` : '');

/** The spaces and inner spaces an instance key names (instanceKey's inverse). */
export function instanceOfKey(key: string): { spaces: (Space | null)[]; inner?: (Space | null)[] } {
  const [outer = '', inner] = key.split('|');
  const list = (k: string): (Space | null)[] => k.split(',').map((s) => (s === '-' || s === '' ? null : (s as Space)));
  return { spaces: list(outer), ...(inner ? { inner: list(inner) } : {}) };
}

export interface KernelParamManifest {
  readonly name: string;
  readonly kind: 'buffer' | 'scalar' | 'builtin' | 'threadgroup' | 'texture' | 'sampler';
  readonly index?: number;
  readonly cudaType?: string;
  readonly mslType: string;
  readonly attribute?: string;
  readonly elemType?: string;
  readonly elemSize?: number;
  readonly writes?: boolean;
  readonly ctxField?: string;
  /** A __constant__/__device__ variable bound as this buffer (the host stub passes its storage). */
  readonly symbol?: string;
  /** A variable template's instance the kernel reads (`mask<T>`): the host stub registers and binds that one. */
  readonly symbolInstance?: string;
  /** A struct passed by value: its pointer fields as offsetof designators (`data`, `in.ptr`), which the Metal backend rewrites to GPU addresses. */
  readonly pointerFields?: readonly string[];
  /** texture/sampler parameters: the CUDA object they come from (src/translate/textures.ts). */
  readonly object?: 'texture' | 'surface';
  /** A field of the kernel's argument buffer, not a [[buffer(i)]] of its own (argumentBuffer.ts). */
  readonly field?: boolean;
}

export interface KernelManifest {
  readonly name: string;
  /** Where the kernel is defined (a header when it came from an inlined #include). */
  readonly file: string;
  readonly line: number;
  readonly params: KernelParamManifest[];
  readonly usesBarriers: boolean;
  /** Launches kernels from device code (directly or through a helper): the runtime drains its records after it (deviceLaunch.ts). */
  readonly launchesKernels?: boolean;
  readonly dynamicSharedMemory: boolean;
  /** Bytes of the kernel's static threadgroup arrays in Metal's layout; null when a size is not a constant. */
  readonly staticThreadgroupBytes: number | null;
  /** `__launch_bounds__(N)`: the most threads per block it may be launched with. */
  readonly maxThreads?: number;
  /** An instance of a kernel template: its C++ name (`k<float, 256>`) and its MSL name (`k<float, 256>`, types mapped). */
  readonly cppName?: string;
  readonly mslName?: string;
  /**
   * More buffers than Metal binds: the parameters marked `field` are the fields of this struct, in
   * their order, taken as `constant TYPE& cu2m_args [[buffer(0)]]`, the kernel's first parameter;
   * the other buffers are numbered from 1 (argumentBuffer.ts).
   */
  readonly argumentBuffer?: { readonly type: string; readonly fields: number };
}

export interface FunctionResult {
  readonly text: string;
  readonly kernel?: KernelManifest;
  /** Device-function instances this function calls (to be emitted too). */
  readonly calls: Instance[];
  /** A member function declared `thread` (it hands out pointers into its object). */
  readonly threadMember?: boolean;
}

interface Sym {
  /** Where the variable itself lives (for `&x`). */
  readonly storage: Space;
  /** For pointers: the space they point into. */
  readonly pointee?: Space;
  /** For pointers to pointers: the space the pointers they point to point into. */
  readonly inner?: Space;
  readonly isArray: boolean;
  /** For scalar values: the declared type (`int`, `unsigned int`...), where known. */
  readonly type?: string;
}

export const UNSUPPORTED_NODES: ReadonlyMap<string, string> = new Map([
  ['new_expression', "'new' (Metal has no device-side allocation)"],
  ['delete_expression', "'delete' (Metal has no device-side allocation)"],
  ['throw_statement', 'exceptions (Metal has none)'],
  ['try_statement', 'exceptions (Metal has none)'],
  ['goto_statement', "'goto' (Metal forbids it)"],
  ['gnu_asm_expression', 'inline PTX assembly'],
  ['co_await_expression', 'coroutines'],
  ['template_declaration', 'templates in device code (later issue)'],
]);

const isFloatLiteral = (t: string): boolean =>
  (!/^[-+]?0[xX]/.test(t) && /^[-+]?[0-9.]+([eE][+-]?[0-9]+)?$/.test(t) && /[.eE]/.test(t)) || /^[-+]?0[xX][0-9a-fA-F.]+[pP][+-]?[0-9]+$/.test(t);

/** Member names called on objects in threadgroup or device memory, `NAME SPACE`, per program. */
const memberCallSpaces = new WeakMap<object, Set<string>>();

/**
 * The MSL with the threadgroup / device copies of reference-returning members
 * (referenceMemberCopies) that some call needs, the others left out: a member called only on
 * thread objects stays one function.
 */
export function keepReferenceMemberCopies(program: object, msl: string): string {
  if (!msl.includes('/*@cu2m-copy ')) return msl;
  const used = memberCallSpaces.get(program) ?? new Set<string>();
  return msl.replace(/\/\*@cu2m-copy (\w+) (\w+)@\*\/([\s\S]*?)\/\*@cu2m-end@\*\//g, (_m, name: string, space: string, text: string) => (used.has(`${name} ${space}`) ? text : ''));
}

export class FunctionTranslator {
  private readonly edits: EditSet;
  private launchBound: number | null = null;
  /** A kernel with more buffers than Metal binds: its argument-buffer struct (argumentBuffer.ts). */
  private argumentBufferStruct: string | null = null;
  private readonly syms = new Map<string, Sym>();
  private readonly calls: Instance[] = [];
  private readonly builtins: string[];
  private readonly barrierFlags: string;
  /** Sum of the static threadgroup arrays' sizes so far (null once one is not a constant). */
  private staticSharedBytes: number | null = 0;
  /** Local `extern __shared__` declarations after the first: declaration id → alias pointer text. */
  private readonly sharedAliases = new Map<number, string>();
  /** `__shared__` variables of helpers this function declares (kernel) or takes as parameters (helper): hoist.ts. */
  private readonly shared: SharedPlan;
  /** Texture/surface kernel parameters and their Metal bindings (textures.ts). */
  private readonly textures = new Map<string, TextureBinding>();
  /** Lambdas lowered to functor structs (lambdas.ts), made on the first one. */
  private lambdas: LambdaLowering | null = null;
  /**
   * The address space of `*this` in the text being printed: `thread` for the member as written; a
   * member returning a reference into its object is printed again with `threadgroup` and `device`
   * (memberReferenceReturn), so `Alias()` and the like work on storage in those memories.
   */
  private readonly thisSpace = { space: 'thread' };
  private referenceMember = false;
  /** The kernel's [[threadgroup(0)]] parameter, and variables of shared-memory accessor types (sharedAccessor.ts). */
  private dynamicShared: { name: string; type: string } | null = null;
  private readonly accessorVars = new Map<string, AccessorUse>();
  /** Every expression's CUDA type and address space (typed.ts); the names the signature binds come from `syms`. */
  private readonly view: TypedView;
  /** Arguments of math calls converted by their types (mathCalls.ts). */
  private readonly math: MathCalls;
  /** What the passes in their own files (cooperativeGroups.ts, ...) share with this walk. */
  private readonly pass: PassContext;

  constructor(
    private readonly program: ProgramFacts,
    private readonly fn: FunctionFacts,
    private readonly spaces: readonly (Space | null)[],
    private readonly options: TranslateOptions,
    private readonly diagnostics: Diagnostic[],
    /** Pointer-to-pointer parameters: the space of the inner level (Instance.inner). */
    private readonly inner: readonly (Space | null)[] = [],
  ) {
    this.edits = new EditSet(program.file.text);
    this.pass = { program, fn, edits: this.edits, error: (code, message, n) => this.error(code, message, n) };
    this.builtins = program.builtinsOf(isMemberFunction(fn.node) ? memberKey(fn) : baseName(fn.name)); // a member's hidden parameters under `.name`
    this.shared = SharedHoister.of(program).plan(fn);
    this.view = new TypedView(program, fn, {
      spaces, inner, outer: (name) => this.syms.get(name),
      // `SharedMemory<T>()` and variables of such accessor types point into the dynamic shared memory (sharedAccessor.ts).
      pointsInto: (e) => (accessorExpression(e, this.program, this.accessorVars) ? 'threadgroup' : undefined),
    });
    this.math = new MathCalls({
      view: this.view, fn, edits: this.edits, options, error: (code, message, n) => this.error(code, message, n),
      scalar: (n) => {
        const s = this.syms.get(n);
        if (s) return !s.pointee && !s.isArray ? s.type : undefined;
        // A non-type template parameter (`template <uint32_t BITS>`): its declared type
        // (`min(16, BITS - 3)` is CUDA's min(int, unsigned)).
        const tp = this.fn.template?.childForFieldName('parameters')?.namedChildren.find((p) => (p.type === 'parameter_declaration' || p.type === 'optional_parameter_declaration') && declaratorShape(p.childForFieldName('declarator')).name?.text === n);
        return tp?.childForFieldName('type')?.text;
      },
      element: (n) => {
        const p = this.fn.params.find((q) => q.name === n);
        return p && p.pointerDepth + (p.isArray ? 1 : 0) === 1 && p.typeNode ? normType(p.typeNode.text) : undefined;
      },
      isBuiltin: (n) => BUILTIN_BY_NAME.has(n) && !this.syms.has(n),
    });
    this.barrierFlags = this.chooseBarrierFlags();
  }

  private get file(): SourceFile {
    return this.program.file;
  }

  private error(code: Parameters<typeof diag>[0], message: string, n: SyntaxNode): void {
    this.diagnostics.push(diag(code, message, this.file.name, pos(n.startPosition), pos(n.endPosition)));
  }

  translate(): FunctionResult {
    const fn = this.fn;
    let kernel: KernelManifest | undefined;
    this.rewriteQualifiers();
    this.specialisationArguments();
    this.dropRestrict();
    if (fn.role !== 'kernel') this.renameDeclared(declaratorShape(fn.node.childForFieldName('declarator')).name);
    if (fn.role === 'kernel') kernel = this.rewriteKernelSignature();
    else this.rewriteHelperSignature();
    this.warpSizeDefaults();
    this.diagnostics.push(...this.shared.problems);
    if (fn.role === 'kernel') this.declareHoistedShared();
    if (fn.role === 'kernel' && !rewriteBarrierLoops(this.pass, this.diagnostics)) rewriteEarlyReturns(this.pass, this.diagnostics); // threads that return before a barrier stay alive (earlyReturns.ts)
    if (fn.role !== 'kernel') rewriteHelperBarriers(this.pass, this.diagnostics); // called by threads that do not take part: cu2m_active (barrierLoops.ts)
    const ret = fn.node.childForFieldName('type');
    if (ret) this.visitType(ret);
    if (ret) this.memberReferenceReturn(ret); // `T& lower()` → `thread T& lower()` (scopedNames.ts)
    // A constructor's member initialisers (`row(threadIdx.y * w)`) are translated as its body is.
    for (const c of fn.node.namedChildren) if (c.type === 'field_initializer_list') this.visit(c);
    this.passConstructorHiddenArgs();
    if (fn.body) this.visit(fn.body);
    const returnsPointer = declaratorShape(fn.node.childForFieldName('declarator')).pointerDepth;
    if (returnsPointer > 0 && ret) this.qualifyReturn(ret, returnsPointer);
    this.threadMember(ret);
    const written = this.edits.apply(fn.node.startIndex, fn.node.endIndex);
    const own = written + this.referenceMemberCopies(written);
    let text = this.wrapArgumentBuffer(this.lambdas ? this.lambdas.wrap(own) : own);
    // Passed as a value to a template somewhere: its functor follows it, after its last definition (functionValues.ts).
    if (fn.body && fn.role !== 'kernel' && !isMemberFunction(fn.node) && functorFunctions(this.program).has(fn.name) && this.program.functions.filter((g) => g.body && g.name === fn.name).at(-1)?.node.id === fn.node.id) {
      text += `\n${functorStruct(fn.name)}`;
    }
    if (kernel) {
      kernel = { ...kernel, staticThreadgroupBytes: this.staticSharedBytes, ...(this.launchBound ? { maxThreads: this.launchBound } : {}) };
      if ((this.staticSharedBytes ?? 0) > METAL_THREADGROUP_MEMORY) {
        this.error('C2M1012', `kernel '${fn.name}' declares ${this.staticSharedBytes} bytes of __shared__ memory; Metal allows ${METAL_THREADGROUP_MEMORY}`, fn.declarator);
      }
    }
    return { text, kernel, calls: this.calls, ...(this.view.thisPointers && enclosingClass(fn.node) ? { threadMember: true } : {}) };
  }

  /** The kernel's argument-buffer struct in front of its text, with a #line back to the kernel (argumentBuffer.ts). */
  private wrapArgumentBuffer(text: string): string {
    if (!this.argumentBufferStruct) return text;
    const fn = this.fn;
    const at = origin(this.file, fn.node.startPosition.row + 1);
    const back = `#line ${at.line} ${JSON.stringify(at.file)}\n`;
    if (!fn.template) return `${this.argumentBufferStruct}\n${back}${text}`;
    // The emitter writes the template head once, in front of the text: the struct and the kernel
    // each get their own copy of it (as lambdas.ts does).
    const params = fn.template.childForFieldName('parameters');
    const head = params ? mslTemplateHead(this.file.text.slice(fn.template.startIndex, params.endIndex)) : 'template <>';
    return `${this.argumentBufferStruct}\n${head}\n${back}${text}`;
  }

  // ---- signature pass ----------------------------------------------------------------------

  private rewriteQualifiers(): void {
    const src = this.file.text;
    for (const t of specifierTokens(this.fn.node)) {
      let replacement: string | null = null;
      if (t.type === '__global__') replacement = 'kernel';
      else if (t.type === '__device__' || t.type === '__host__' || t.type === '__noinline__') replacement = '';
      else if (t.type === '__forceinline__') replacement = 'inline';
      else if (t.type === 'static' && this.fn.role === 'kernel') replacement = '';
      else if (t.parent?.type === 'launch_bounds') continue;
      if (replacement === null) continue;
      let end = t.endIndex;
      if (replacement === '') while (src[end] === ' ' || src[end] === '\t') end++;
      this.edits.replace(t.startIndex, end, replacement);
    }
    for (const c of this.fn.node.children) {
      if (c.type === 'launch_bounds') {
        let end = c.endIndex;
        while (src[end] === ' ') end++;
        this.edits.replace(c.startIndex, end, '');
        // __launch_bounds__(N[, minBlocks]): Metal's bound on the threadgroup size; the runtime
        // refuses a larger block (the manifest's maxThreads, exported by the CPU modules).
        const bound = c.namedChildren.filter((a) => a.type !== 'comment')[0];
        if (bound && this.fn.role === 'kernel') {
          this.launchBound = evalIntExpression(bound.text, this.program.constants) ?? null;
          this.edits.insert(this.fn.node.startIndex, `[[max_total_threads_per_threadgroup(${this.launchBound ?? bound.text})]] `);
        }
      }
    }
  }

  /** `template <> __global__ void k<__half, float3>(...)`: the arguments of an explicit specialisation in MSL's types. */
  private specialisationArguments(): void {
    const name = this.fn.declarator.childForFieldName('declarator');
    if (name?.type !== 'template_function') return;
    for (const a of name.childForFieldName('arguments')?.namedChildren ?? []) {
      const t = a.type === 'type_descriptor' ? a.childForFieldName('type') : null;
      if (t) this.visitType(t);
    }
  }

  private countStaticShared(typeNode: SyntaxNode | null, dims: readonly SyntaxNode[]): void {
    this.staticSharedBytes = addStaticShared(this.staticSharedBytes, typeNode, dims, this.program.constants); // sharedMemory.ts
  }

  /** `__restrict__` has no MSL spelling (and Metal already assumes buffers do not alias). */
  private dropRestrict(): void {
    const src = this.file.text;
    for (const q of this.fn.node.descendantsOfType('type_qualifier')) {
      if (q.text !== '__restrict__' && q.text !== '__restrict') continue;
      let end = q.endIndex;
      while (src[end] === ' ') end++;
      this.edits.replace(q.startIndex, end, '');
    }
    // `register int x;` (a hint nvcc ignores): C++17 and Metal's C++ reject the storage class.
    if (/\bregister\b/.test(this.fn.node.text)) {
      for (const q of this.fn.node.descendantsOfType('storage_class_specifier')) {
        if (q.text !== 'register') continue;
        let end = q.endIndex;
        while (src[end] === ' ') end++;
        this.edits.replace(q.startIndex, end, '');
      }
    }
  }

  private paramBaseType(p: ParamFacts): string {
    return p.typeNode ? normType(p.typeNode.text) : 'int';
  }

  /** The MSL type a launch from device code converts an argument to: the child's parameter type (deviceLaunch.ts). */
  private launchParamType(p: ParamFacts): string | null {
    const base = this.paramBaseType(p);
    const depth = p.pointerDepth + (p.isArray ? 1 : 0);
    if (p.reference || depth > 1 || TEXTURE_OBJECT_TYPES.has(base)) return null;
    const node = p.typeNode ?? p.node;
    if (depth === 1) return `device ${p.isConst ? 'const ' : ''}${this.memoryLayoutType(base, node) ?? this.mslScalarType(base, node)}*`;
    return KERNEL_SCALAR_RENAMES.get(base) ?? this.memoryLayoutType(base, node) ?? this.mslScalarType(base, node);
  }

  private mslScalarType(t: string, n: SyntaxNode): string {
    if (t === 'double') return this.doubleType(n);
    // `std::pair<uint64_t, uint64_t>` by value: our struct (tables/stdNames.ts STD_POLYFILLED_TEMPLATES).
    const std = /^(?:::)?(?:cuda::)?(?:std|thrust)::(\w+)\s*<(.*)>$/.exec(t);
    const polyfill = std ? STD_POLYFILLED_TEMPLATES.get(std[1] ?? '') : undefined;
    if (std && polyfill) {
      this.program.polyfills.set(polyfill.msl, polyfill.definition);
      const args = (std[2] ?? '').split(',').map((a) => normType(a.trim().replace(/^(?:::)?std::/, '')));
      return `${polyfill.msl}<${args.map((a) => (a === 'double' ? this.doubleType(n) : TYPE_RENAMES.get(a) ?? a)).join(', ')}>`;
    }
    // `Param<__nv_fp8_e4m3, __nv_bfloat16>`: the template's arguments renamed (bfloat)
    if (t.includes('<')) return t.replace(/\b[A-Za-z_]\w*\b/g, (w) => (w === 'double' ? w : (TYPE_RENAMES.get(w) ?? w)));
    return TYPE_RENAMES.get(t) ?? collidingTypeRename(t, this.program.definedTypes) ?? t;
  }

  private doubleType(n: SyntaxNode): string {
    if (this.options.double === 'soft') return SOFT_DOUBLE_TYPE;
    if (this.options.double === 'float') {
      this.diagnostics.push(diag('C2M1004', "'double' computed as 'float'", this.file.name, pos(n.startPosition), pos(n.endPosition)));
      return 'float';
    }
    this.error('C2M1003', "'double' is not available in Metal", n);
    return 'double';
  }

  /** The __constant__/__device__ variables this function needs as parameters (it or its callees use them). */
  private usedGlobals(): DeviceGlobal[] {
    return this.program.globalsOf(memberKey(this.fn)).map((n) => this.program.deviceGlobals.get(n)!);
  }

  /**
   * The parameter a __constant__/__device__ variable becomes, in its own address space:
   * `constant float* c_Kernel` (array), `device int& counter` (scalar), `constant float (*m)[4]`.
   * Registers the name as a symbol of that space. Null (with a diagnostic) for a double.
   */
  /**
   * `mask<T>` as this function reads a variable template: the use's template arguments, or null
   * (and C2M1001) when it reads none or two different instances.
   */
  private globalInstanceArgs(g: DeviceGlobal): string[] | null {
    const uses = this.fn.node.descendantsOfType('template_function').filter((t) => t.childForFieldName('name')?.text === g.name);
    const args = [...new Set(uses.map((u) => (u.childForFieldName('arguments')?.namedChildren ?? []).map((a) => normType(a.text)).join(', ')))];
    if (args.length !== 1) {
      this.error('C2M1001', `the variable template '${g.name}' is read ${args.length === 0 ? 'only in the functions this one calls' : `as ${args.map((a) => `${g.name}<${a}>`).join(' and ')}`}: a kernel binds one instance, read in the kernel itself (\`${g.name}<T>[i]\`)`, this.fn.declarator);
      return null;
    }
    return args[0]!.split(', ');
  }

  private globalParam(g: DeviceGlobal): { text: string; type: string } | null {
    let base = normType(g.typeNode.text);
    if (g.template) {
      // `template <typename T> __constant__ T mask[N]` read as `mask<float>` or `mask<T>`: the instance's type.
      const args = this.globalInstanceArgs(g);
      if (!args) return null;
      base = normType(base.replace(/\b[A-Za-z_]\w*\b/g, (w) => { const i = g.template!.params.indexOf(w); return i >= 0 ? (args[i] ?? w) : w; }));
    }
    if (namesDouble(base) && this.options.double !== 'soft') {
      this.error('C2M1003', `${g.space === 'constant' ? '__constant__' : '__device__'} variable '${g.name}' is a double; its 8-byte layout cannot be demoted to float`, g.declarator);
      return null;
    }
    if (declaratorShape(g.declarator).pointerDepth > 0) {
      // `__constant__ T *table;` set with cudaMemcpyToSymbol(table, &d_ptr, ...): the host writes a
      // pointer into GPU memory, a pointer table; a Metal buffer would have to hold the GPU address
      // of another buffer (gpuAddress), which the runtime does not write.
      this.error('C2M1005', `${g.space === 'constant' ? '__constant__' : '__device__'} variable '${g.name}' holds a pointer the host writes (a pointer table in GPU memory); Metal would need the GPU address of the buffer there, which cu2metal does not write: pass the pointer as a kernel parameter instead`, g.declarator);
      return null;
    }
    const elem = BUFFER_ELEMENT_RENAMES.get(base) ?? TYPE_RENAMES.get(base) ?? base.replace(/\bdouble\b/, SOFT_DOUBLE_TYPE);
    const name = mslName(g.name);
    const volatileQ = /\bvolatile\b/.test(g.decl.text.slice(0, g.typeNode.startIndex - g.decl.startIndex)) ? 'volatile ' : '';
    if (g.dims.length === 0) {
      this.syms.set(g.name, { storage: g.space, isArray: false, type: base });
      return { text: `${g.space} ${volatileQ}${elem}& ${name}`, type: `${g.space} ${volatileQ}${elem}&` };
    }
    this.syms.set(g.name, { storage: 'thread', pointee: g.space, isArray: false });
    const rest = g.dims.slice(1).map((d) => `[${d}]`).join('');
    if (!rest) return { text: `${g.space} ${volatileQ}${elem}* ${name}`, type: `${g.space} ${volatileQ}${elem}*` };
    return { text: `${g.space} ${volatileQ}${elem} (*${name})${rest}`, type: `${g.space} ${volatileQ}${elem} (*)${rest}` };
  }

  private rewriteKernelSignature(): KernelManifest {
    const fn = this.fn;
    const params: KernelParamManifest[] = [];
    const paramTexts: string[] = [];
    const bodyPrologue: string[] = [];
    // More buffers than Metal binds: the parameters go in an argument buffer (argumentBuffer.ts).
    const isTextureParam = (p: ParamFacts): boolean => TEXTURE_OBJECT_TYPES.has(this.paramBaseType(p)) && p.pointerDepth + (p.isArray ? 1 : 0) === 0 && !p.reference;
    const extraBuffers = this.usedGlobals().length + (this.program.usesPrintf(fn.name) ? 1 : 0) + (this.usesAtomic64(fn.name) ? 1 : 0);
    const ownBuffers = fn.params.filter((p) => !isTextureParam(p)).length;
    const packed = ownBuffers + extraBuffers > METAL_BUFFER_SLOTS;
    const fields: { decl: string; cuda: string }[] = [];
    const locals: string[] = [];
    let slot = packed ? 1 : 0; // the next [[buffer(i)]] of what stays outside the argument buffer
    let index = 0;
    // `template <class... Args> __global__ void k(int n, Args... args)`: each Metal kernel argument
    // has its own [[buffer(i)]], which a parameter pack cannot carry (HeCBench axpby).
    for (const pack of fn.paramList.namedChildren.filter((c) => c.type === 'variadic_parameter_declaration')) {
      this.error('C2M1001', `kernel parameter pack '${pack.text}' is not translated: a Metal kernel binds each argument to a buffer index of its own, which a pack's elements cannot be given; pass the values in a struct (or one kernel parameter each)`, pack);
    }
    for (const p of fn.params) {
      if (p.typeNode) checkTypeName(p.typeNode, this.program, this.diagnostics);
      const base = this.paramBaseType(p);
      if (declaratorShape(p.node.childForFieldName('declarator')).functionDeclarator) {
        this.error('C2M1006', `kernel parameter '${p.name}' is a function pointer; Metal kernels cannot take one`, p.node);
        continue;
      }
      const tuple = tupleTypeOf(this.program, base);
      if (tuple) {
        // The host's thrust::tuple is libstdc++'s std::tuple, elements stored last to first; the
        // MSL's cu2m_tuple stores them first to last (std::pair's first, second match: allowed).
        const depth = p.pointerDepth + (p.isArray ? 1 : 0);
        this.error('C2M1006', `kernel parameter '${p.name}' ${depth ? 'points to' : 'is'} a tuple ('${tuple}'); the host's std::tuple stores its elements in another order than the Metal struct, so the kernel would read the wrong members (pass a struct of your own, or the members as separate parameters)`, p.node);
        continue;
      }
      const tupleField = tupleFieldOf(this.program, pointerTypedef(this.program, base) ?? base);
      if (tupleField) {
        this.error('C2M1006', `kernel parameter '${p.name}' holds a tuple in field '${tupleField.field}' ('${tupleField.tuple}'); the host's std::tuple stores its elements in another order than the Metal struct, so the kernel would read the wrong members (use a struct of your own for the field)`, p.node);
        continue;
      }
      if (namesDouble(base) && this.options.double !== 'soft') {
        // The host's data stays 8-byte doubles: computing in float cannot fix the layout.
        const d = new RegExp(`\\b(double${DOUBLE_VECTOR_SUFFIX}?|cuDoubleComplex)\\b`).exec(base)?.[0] ?? 'double';
        this.error('C2M1003', `kernel parameter '${p.name}' is ${p.pointerDepth || p.isArray ? `a buffer of ${d}` : `a ${d}`}; its 8-byte layout cannot be demoted to float (convert on the host)`, p.node);
        continue;
      }
      if (this.options.double !== 'soft' && refusedDoubleParameter({ ...this.pass, view: this.view }, p)) continue; // T = double in an instance
      const depth = p.pointerDepth + (p.isArray ? 1 : 0);
      const objectKind = TEXTURE_OBJECT_TYPES.get(base);
      if (objectKind && depth === 0 && !p.reference) {
        const b = this.textureBinding(p, objectKind);
        if (b) {
          const r = textureParams(p.name, mslName(p.name), index, this.textures.size, b);
          this.textures.set(p.name, b);
          paramTexts.push(...r.texts);
          params.push(...r.params);
        }
        index++;
        continue;
      }
      const typedefTarget = depth === 0 && !p.reference && p.typeNode ? pointerTypedef(this.program, p.typeNode.text) : null;
      if (typedefTarget) {
        // `param_t p` of `typedef struct param {...} *param_t;`: a buffer of the struct.
        const elem = this.memoryLayoutType(typedefTarget, p.typeNode ?? p.node) ?? this.mslScalarType(typedefTarget, p.typeNode ?? p.node);
        const mslType = `device ${elem}*`;
        paramTexts.push(`${mslType} ${mslName(p.name)} [[buffer(${index})]]`);
        const et = ELEM_TYPES.get(typedefTarget);
        params.push({ name: p.name, kind: 'buffer', index, cudaType: cudaTypeText(p), mslType, elemType: et?.code ?? 'BYTES', elemSize: et?.size ?? 0, writes: true });
        this.syms.set(p.name, { storage: 'thread', pointee: 'device', isArray: false });
        index++;
        continue;
      }
      if (depth === 2 && p.pointerDepth === 2 && !p.reference && !packed) {
        // `Container<int> **g`: a buffer of device pointers (device new/delete keeps objects there
        // between launches, deviceHeap.ts): `device Container<int>* device* g`.
        const elem = this.memoryLayoutType(base, p.typeNode ?? p.node) ?? this.mslScalarType(base, p.typeNode ?? p.node);
        const mslType = `device ${p.isConst ? 'const ' : ''}${elem}* device*`;
        paramTexts.push(`${mslType} ${mslName(p.name)} [[buffer(${index})]]`);
        params.push({ name: p.name, kind: 'buffer', index, cudaType: cudaTypeText(p), mslType, elemType: 'BYTES', elemSize: 8, writes: true });
        this.syms.set(p.name, { storage: 'thread', pointee: 'device', inner: 'device', isArray: false });
        index++;
        continue;
      }
      if (depth > 1 || p.reference) {
        this.error('C2M1006', `kernel parameter '${p.name}' has type '${normType(p.node.text)}'; pointers to pointers and references cannot be bound to Metal buffers`, p.node);
        continue;
      }
      if (depth === 1) {
        const elem = this.memoryLayoutType(base, p.typeNode ?? p.node) ?? this.mslScalarType(base, p.typeNode ?? p.node);
        const isVolatile = p.node.namedChildren.some((c) => c.type === 'type_qualifier' && c.text === 'volatile');
        const mslType = `device ${p.isConst ? 'const ' : ''}${isVolatile ? 'volatile ' : ''}${elem}*`;
        // `double phi[][NY][NZ]`: a buffer bound as `device f64*`, seen in the body as the pointer to
        // rows it is in CUDA (`device f64 (*phi)[NY][NZ]`), so that `phi[x][y][z]` and calls passing
        // `phi` on to a `double a[][NY][NZ]` parameter keep their meaning.
        const rows = p.isArray && p.pointerDepth === 0 ? arrayParamRows(p) : '';
        const rowsLocal = (from: string): string => `${mslType.slice(0, -1)} (*${mslName(p.name)})${rows} = reinterpret_cast<${mslType.slice(0, -1)} (*)${rows}>(${from});`;
        if (packed) {
          fields.push({ decl: `${mslType} ${mslName(p.name)}`, cuda: normType(p.node.text) });
          locals.push(rows ? rowsLocal(`${ARGS_PARAM}.${mslName(p.name)}`) : `${mslType} ${mslName(p.name)} = ${ARGS_PARAM}.${mslName(p.name)};`);
        } else if (rows) {
          paramTexts.push(`${mslType} ${p.name}_buffer [[buffer(${index})]]`);
          bodyPrologue.push(rowsLocal(`${p.name}_buffer`));
        } else paramTexts.push(`${mslType} ${mslName(p.name)} [[buffer(${index})]]`);
        const et = ELEM_TYPES.get(base);
        params.push({ name: p.name, kind: 'buffer', index, cudaType: cudaTypeText(p), mslType, elemType: et?.code ?? 'BYTES', elemSize: et?.size ?? 0, writes: !p.isConst, ...(packed ? { field: true } : {}) });
        this.syms.set(p.name, { storage: 'thread', pointee: 'device', isArray: false });
      } else {
        const t = KERNEL_SCALAR_RENAMES.get(base) ?? this.memoryLayoutType(base, p.typeNode ?? p.node) ?? this.mslScalarType(base, p.typeNode ?? p.node);
        const written = fn.body ? this.scalarWritten(fn.body, p.name) : false;
        const bound = written ? `${p.name}_arg` : mslName(p.name);
        if (packed) {
          // A copy in the thread's registers, as a written parameter gets.
          fields.push({ decl: `${t} ${mslName(p.name)}`, cuda: normType(p.node.text) });
          locals.push(`${t} ${mslName(p.name)} = ${ARGS_PARAM}.${mslName(p.name)};`);
        } else {
          paramTexts.push(`constant ${t}& ${bound} [[buffer(${index})]]`);
          if (written) bodyPrologue.push(`${t} ${mslName(p.name)} = ${bound};`);
        }
        const pointerFields = pointerFieldPaths(this.program, base);
        if (pointerFields === null) this.error('C2M1006', `kernel parameter '${p.name}' holds pointer fields in an array whose size is not a constant; their offsets cannot be listed for the Metal backend`, p.node);
        params.push({ name: p.name, kind: 'scalar', index, cudaType: base, mslType: `constant ${t}&`, ...(pointerFields?.length ? { pointerFields } : {}), ...(packed ? { field: true } : {}) });
        this.syms.set(p.name, { storage: written || packed ? 'thread' : 'constant', isArray: false, type: base });
      }
      index++;
    }
    for (const g of this.usedGlobals()) {
      const decl = this.globalParam(g);
      if (!decl) continue;
      paramTexts.push(`${decl.text} [[buffer(${packed ? slot++ : index})]]`);
      const base = normType(g.typeNode.text);
      const et = g.template ? undefined : ELEM_TYPES.get(base);
      const instance = g.template ? `${g.name}<${this.globalInstanceArgs(g)?.join(', ') ?? ''}>` : undefined;
      params.push({ name: g.name, kind: 'buffer', index, cudaType: base, mslType: decl.type, elemType: et?.code ?? 'BYTES', elemSize: et?.size ?? 0, writes: g.space === 'device', symbol: g.name, ...(instance ? { symbolInstance: instance } : {}) });
      index++;
    }
    if (this.program.usesPrintf(fn.name)) {
      // printf/assert records go to the runtime's printf buffer, bound by name like a __device__ variable.
      paramTexts.push(`device uint* ${PRINTF_BUFFER} [[buffer(${packed ? slot++ : index})]]`);
      params.push({ name: PRINTF_BUFFER, kind: 'buffer', index, cudaType: 'unsigned int', mslType: 'device uint*', elemType: 'U32', elemSize: 4, writes: true, symbol: PRINTF_BUFFER });
      index++;
    }
    if (this.usesAtomic64(fn.name)) {
      // 64-bit atomics take their lock words from the runtime's lock table, bound by name (atomics64.ts).
      paramTexts.push(`device atomic_uint* ${ATOMIC64_LOCKS} [[buffer(${packed ? slot++ : index})]]`);
      params.push({ name: ATOMIC64_LOCKS, kind: 'buffer', index, cudaType: 'unsigned int', mslType: 'device atomic_uint*', elemType: 'U32', elemSize: 4, writes: true, symbol: ATOMIC64_LOCKS });
      index++;
    }
    const dynamicShared = (this.dynamicShared = this.dynamicSharedName());
    if (dynamicShared) {
      paramTexts.push(`threadgroup ${dynamicShared.type}* ${dynamicShared.name} [[threadgroup(0)]]`);
      params.push({ name: dynamicShared.name, kind: 'threadgroup', index: 0, mslType: `threadgroup ${dynamicShared.type}*` });
      this.syms.set(dynamicShared.name, { storage: 'threadgroup', isArray: true });
    }
    const builtinParams = builtinKernelParams(this.builtins); // indexing.ts
    paramTexts.push(...builtinParams.texts);
    params.push(...builtinParams.params);
    let argumentBuffer: KernelManifest['argumentBuffer'];
    if (packed) {
      if (slot > METAL_BUFFER_SLOTS) {
        this.error('C2M1011', `kernel '${fn.name}' needs ${slot} buffers with its parameters in one argument buffer (${extraBuffers} for __constant__/__device__ variables, printf and atomics); Metal allows ${METAL_BUFFER_SLOTS}`, fn.paramList);
      }
      const type = argumentBufferType(fn.name);
      paramTexts.unshift(`constant ${argumentBufferTypeUse(type, fn.templateParams)}& ${ARGS_PARAM} [[buffer(0)]]`);
      this.argumentBufferStruct = argumentBufferStruct(type, fn.name, ownBuffers + extraBuffers, fields);
      argumentBuffer = { type, fields: fields.length };
      if (fn.body) {
        // One local a line, then a #line back to the body's first line: the body keeps its lines.
        const at = origin(this.file, fn.body.startPosition.row + 1);
        this.edits.insert(fn.body.startIndex + 1, `\n${locals.map((l) => `  ${l}\n`).join('')}#line ${at.line} ${JSON.stringify(at.file)}\n`);
      }
    }
    this.edits.replace(fn.paramList.startIndex, fn.paramList.endIndex, `(${paramTexts.join(', ')})`);
    if (bodyPrologue.length > 0 && fn.body) this.edits.insert(fn.body.startIndex + 1, ` ${bodyPrologue.join(' ')}`);
    return {
      ...(argumentBuffer ? { argumentBuffer } : {}),
      name: fn.name,
      line: origin(this.file, fn.node.startPosition.row + 1).line,
      file: origin(this.file, fn.node.startPosition.row + 1).file,
      params,
      usesBarriers: this.program.usesBarrier(fn.name),
      ...(this.program.reaches(fn.name, (f) => !!f.body && f.body.text.includes('<<<') && nodesOfTypeIn(f.body, ['kernel_call_syntax']).length > 0) ? { launchesKernels: true } : {}),
      dynamicSharedMemory: dynamicShared !== null,
      staticThreadgroupBytes: 0,
    };
  }

  /** How a texture/surface parameter is bound in Metal, from the tex/surf calls that use it (textureCalls.ts). */
  private textureBinding(p: ParamFacts, kind: 'texture' | 'surface'): TextureBinding | null {
    return textureBinding(this.pass, p, kind);
  }

  /** `tex2D<float>(t, x, y)`, `surf2Dwrite(v, s, x, y)`: Metal texture methods (textureCalls.ts). */
  private rewriteTextureCall(n: SyntaxNode, f: SyntaxNode, row: TextureFunctionRow, argNodes: readonly SyntaxNode[], templateArg: string | null): void {
    rewriteTextureCall(this.pass, this.textures, (name) => this.syms.has(name), n, f, row, argNodes, templateArg);
  }

  /** The kernel's dynamic shared memory: its own `extern __shared__` or a file-scope one it uses (sharedMemory.ts). */
  private dynamicSharedName(): { name: string; type: string } | null {
    return dynamicSharedName(this.pass, {
      aliases: this.sharedAliases, syms: this.syms,
      memoryType: (t, d) => this.memoryLayoutType(t, d) ?? this.mslScalarType(t, d),
      scalarType: (t, d) => this.mslScalarType(t, d),
    });
  }

  /** Lambdas become functor structs; what the function has as MSL parameters becomes their members (lambdas.ts). */
  private lambdaLowering(): LambdaLowering {
    const implicit = new Map<string, string>();
    for (const b of this.builtins) implicit.set(b, builtinParamDecl(b));
    for (const g of this.usedGlobals()) {
      const p = this.globalParam(g);
      if (p) implicit.set(mslName(g.name), p.text);
    }
    if (this.program.usesPrintf(memberKey(this.fn))) implicit.set(PRINTF_BUFFER, `device uint* ${PRINTF_BUFFER}`);
    if (this.usesAtomic64(this.fn.name)) implicit.set(ATOMIC64_LOCKS, `device atomic_uint* ${ATOMIC64_LOCKS}`);
    for (const e of this.shared.entries) if (!e.own) implicit.set(e.name, sharedParam(e));
    return new LambdaLowering({
      program: this.program,
      fn: this.fn,
      spaces: this.spaces,
      edits: this.edits,
      syms: this.syms,
      implicit,
      mslType: (t, at) => this.mslScalarType(t, at),
      memoryType: (t, at) => this.memoryLayoutType(t, at) ?? this.mslScalarType(t, at),
      spaceOf: (e) => this.spaceOf(e),
      qualify: (t, space) => this.qualifyPointee(t, space),
      visit: (x) => this.visit(x),
      error: (code, message, at) => this.error(code, message, at),
    });
  }

  /** Does a call from another file ask this instance with parameter `i` const (ForeignInstance)? */
  private foreignConst(i: number): boolean {
    const key = instanceKey(this.spaces);
    return (this.options.foreignInstances ?? []).some((f) => f.name === this.fn.name && instanceKey(f.spaces) === key && f.consts?.[i] === true);
  }

  private rewriteHelperSignature(): void {
    const fn = this.fn;
    // `-> decltype(std::forward<A>(a) + b)`: what the return type names is translated as the body is.
    for (const c of fn.declarator.namedChildren) if (c.type === 'trailing_return_type') {
      const calls = c.descendantsOfType('call_expression');
      for (const d of calls) if (!calls.some((o) => o !== d && o.startIndex <= d.startIndex && d.endIndex <= o.endIndex && !sameNode(o, d))) this.visit(d);
    }
    // `G<std::uint32_t>::next<std::uint32_t>()` defined outside its class: the scalar's scope goes.
    const declName = fn.declarator.childForFieldName('declarator');
    if (declName?.type === 'qualified_identifier') {
      for (const q of declName.descendantsOfType('qualified_identifier')) {
        const scalar = stdScalarType(q);
        if (scalar) this.edits.replace(q.startIndex, scalar.startIndex, '');
      }
    }
    // A file-scope `extern __shared__` array the helper uses: the kernel's dynamic memory, passed
    // down as for one the helper declares (externShared.ts).
    for (const g of fn.externShared) {
      const decl = this.program.externSharedGlobals.get(g);
      if (!decl || !fn.body) continue;
      const t = normType(decl.childForFieldName('type')?.text ?? 'char');
      const vol = specifierTokens(decl).some((x) => x.type === 'volatile' || x.text === 'volatile') ? 'volatile ' : '';
      const type = `${vol}${this.memoryLayoutType(t, decl) ?? this.mslScalarType(t, decl)}`;
      this.edits.insert(fn.body.startIndex + 1, ` threadgroup ${type}* ${mslName(g)} = (threadgroup ${type}*)${DYNAMIC_SHARED_PARAM}; /* extern __shared__ ${g}[] */`);
      this.syms.set(g, { storage: 'thread', pointee: 'threadgroup', isArray: false });
    }
    fn.params.forEach((p, i) => {
      const space = this.spaces[i] ?? null;
      const objectKind = p.typeNode && p.pointerDepth === 0 && !p.reference ? TEXTURE_OBJECT_TYPES.get(this.paramBaseType(p)) : undefined;
      if (objectKind) {
        // A texture/surface passed down from the kernel: the texture (and its sampler) as parameters.
        const b = this.textureBinding(p, objectKind);
        if (b) {
          this.textures.set(p.name, b);
          this.edits.replace(p.node.startIndex, p.node.endIndex, helperParamText(mslName(p.name), b));
        }
        return;
      }
      if (p.typeNode) this.visitType(p.typeNode);
      // `int width = warpSize`: a default argument cannot read the hidden built-in parameters;
      // warpSize is 32 on NVIDIA GPUs and on Apple's (a SIMD group), so it is written as 32.
      const dflt = p.node.type === 'optional_parameter_declaration' ? p.node.childForFieldName('default_value') : null;
      for (const w of dflt ? [dflt, ...dflt.descendantsOfType('identifier')] : []) if (w.type === 'identifier' && w.text === 'warpSize') this.edits.replace(w.startIndex, w.endIndex, '32');
      this.renameDeclared(declaratorShape(p.node.childForFieldName('declarator')).name);
      // `A &&a` of a function template (a forwarding reference): by value, as the plain data device
      // code passes is copied either way (Metal's address-space-qualified `thread A &&` deduces nothing).
      const fwd = p.reference && p.pointerDepth === 0 && fn.templateParams?.some((t) => t.name === normType(p.typeNode?.text ?? '')) ? forwardingReferenceToken(p.node.childForFieldName('declarator')) : null;
      const amp = fwd ?? (constRefByValue(this.program, fn, i) ? referenceToken(p.node.childForFieldName('declarator')) : null);
      if (amp) {
        // `const T &x` → `const T x` (temporaries.ts)
        this.edits.replace(amp.startIndex, amp.endIndex, '');
        this.syms.set(p.name, { storage: 'thread', isArray: false, type: p.typeNode ? normType(p.typeNode.text) : undefined });
        return;
      }
      if ((p.pointerDepth > 0 || p.isArray || p.reference) && space && p.typeNode) {
        if (p.pointerDepth + (p.isArray ? 1 : 0) > 1) {
          // `float **pp` → `device float* thread* pp`: each level in its space, the inner one from
          // the calls (what the pointers pp points to point into).
          const inner = this.inner[i] ?? null;
          const levels = declaratorShape(p.node.childForFieldName('declarator'));
          const outerStar = p.node.childForFieldName('declarator');
          const innerDecl = outerStar?.type === 'pointer_declarator' ? outerStar.childForFieldName('declarator') : null;
          if (!inner || p.isArray || p.reference || levels.pointerDepth !== 2 || innerDecl?.type !== 'pointer_declarator') {
            const why = !inner ? 'no call tells which memory the pointers it points to point into' : 'only two levels of plain pointers (`T **p`) are translated';
            this.error('C2M1005', `parameter '${p.name}' is a pointer to a pointer; Metal needs the address space of each level (\`device float* thread*\`), and ${why}`, p.node);
          } else {
            this.qualifyPointee(p.typeNode, inner);
            this.edits.insert(innerDecl.startIndex, `${space} `);
            this.syms.set(p.name, { storage: 'thread', pointee: space, inner, isArray: false });
            return;
          }
        }
        // An instance another file calls through a prototype that says `const double a[]` where
        // this definition says `double a[]` (C linkage lets them differ): const, so its argument converts.
        if (!p.isConst && this.foreignConst(i)) this.edits.insert(p.typeNode.startIndex, 'const ');
        this.qualifyPointee(p.typeNode, space);
        // `float v[]` / `float t[N][M]` are pointers in a parameter list; Metal wants them spelled
        // so: `threadgroup float* v`, `threadgroup float (*t)[M]`.
        const shape = declaratorShape(p.node.childForFieldName('declarator'));
        // arrayDims runs from the outermost declarator node (the whole `t[4][5]`) inwards; the
        // first dimension in the source (`[4]`, next to the name) is the one that decays.
        const whole = shape.arrayDims[0];
        // A reference to an array (`unsigned (&bins)[N]`) stays one: `thread unsigned (&bins)[N]`
        // (a template's N is deduced from it).
        if (p.isArray && p.pointerDepth === 0 && !p.reference && whole && shape.name) {
          const rest = shape.arrayDims.slice(0, -1).reverse().map((d) => `[${d.childForFieldName('size')?.text ?? ''}]`).join('');
          this.edits.replace(whole.startIndex, whole.endIndex, rest ? `(*${mslName(shape.name.text)})${rest}` : `*${mslName(shape.name.text)}`);
        }
        if (p.reference) this.syms.set(p.name, { storage: space, isArray: p.isArray });
        else this.syms.set(p.name, { storage: 'thread', pointee: space, isArray: false });
      } else if (p.typeNode && !p.reference && p.pointerDepth === 0 && !p.isArray && pointerTypedef(this.program, p.typeNode.text)) {
        this.syms.set(p.name, { storage: 'thread', pointee: 'device', isArray: false }); // `param_t p`: device (typed.ts: pointerTypedef)
      } else {
        this.syms.set(p.name, { storage: 'thread', isArray: false, type: p.typeNode ? normType(p.typeNode.text) : undefined });
      }
    });
    const globals = this.usedGlobals().map((g) => this.globalParam(g)?.text ?? '').filter(Boolean);
    if (this.program.usesPrintf(memberKey(fn))) globals.push(`device uint* ${PRINTF_BUFFER}`);
    if (this.usesAtomic64(fn.name)) globals.push(`device atomic_uint* ${ATOMIC64_LOCKS}`);
    for (const e of this.shared.entries) {
      globals.push(sharedParam(e));
      this.syms.set(e.name, { storage: 'threadgroup', isArray: e.dims !== '', type: e.dims ? undefined : e.cudaType });
    }
    if (helperNeedsDynamicShared(this.program, fn.name)) globals.push(`threadgroup uchar* ${DYNAMIC_SHARED_PARAM}`);
    // Called by threads that do not take part somewhere: its flag, last, true where a call passes none (barrierLoops.ts).
    const active = masking(this.program).takesFlag(fn) ? `bool ${ACTIVE_FLAG} = true` : null;
    if (active && (fn.params.length > 0 || (this.builtins.length === 0 && globals.length === 0))) this.edits.insert(fn.paramList.lastChild!.startIndex, fn.params.length > 0 ? `, ${active}` : active);
    if (this.builtins.length > 0 || globals.length > 0) {
      // First, so that default arguments of the helper stay last.
      const extra = [...this.builtins.map(builtinParamDecl), ...globals].join(', ');
      const list = fn.paramList;
      if (fn.params.length === 0) this.edits.replace(list.startIndex, list.endIndex, `(${extra}${active ? `, ${active}` : ''})`);
      // Replacing the '(' itself keeps the built-ins ahead of an address space inserted before
      // the first parameter's type.
      else this.edits.replace(list.startIndex, list.startIndex + 1, `(${extra}, `);
    }
  }

  /** Does the function (or a helper it calls) make a 64-bit atomic call: does it take the lock table (atomics64.ts)? */
  private usesAtomic64(name: string): boolean {
    return usesAtomic64(this.program, name, this.options.double === 'soft');
  }

  /**
   * `atomicMax(&best[k], v)` on a 64-bit address: the lock table as the first argument and the
   * helper for that type in the MSL (atomics64.ts); refused where CUDA has no such overload. True
   * when the call was handled.
   */
  private rewriteAtomic64(n: SyntaxNode, f: SyntaxNode, name: string, argNodes: readonly SyntaxNode[]): boolean {
    const base = baseAtomicName(name);
    if (!ATOMIC_BY_NAME.has(base)) return false;
    const w = wideCall(this.view, argNodes, this.options.double === 'soft');
    if (!w) return false;
    const row = cudaHas(base, w.wide);
    const where = w.instance ? inInstance(this.fn, w.instance) : '';
    if (!row && this.program.definitions.has(name)) return false; // the program's own atomicMax(double*, double)
    if (!row) {
      const code = w.wide === 'double' ? 'C2M1003' : 'C2M1002';
      this.error(code, `'${name}' on ${pointeeName(w.type)}: CUDA has no such overload (its 64-bit atomics: ${CUDA_64BIT_ATOMICS})${where}`, f);
      return true;
    }
    const base32 = FUNCTION_BY_NAME.get(base)?.map;
    addAtomic64Helpers(this.program.polyfills, row, w.wide, w.narrowInstances, base32?.kind === 'polyfill' ? base32.definition : undefined);
    this.edits.replace(f.startIndex, f.endIndex, base);
    const list = n.childForFieldName('arguments');
    if (list) this.edits.replace(list.startIndex, list.startIndex + 1, `(${ATOMIC64_LOCKS}, `);
    return true;
  }

  /**
   * `blk.tid()`, `B::tid()`, `tid()` in another member: a member function that uses built-ins,
   * device variables or printf takes them as hidden parameters first, as a helper does
   * (program.ts takesHiddenParams).
   */
  private passMemberHiddenArgs(n: SyntaxNode, argNodes: readonly SyntaxNode[]): void {
    const key = (name: string): string => `.${name}`;
    const extraOf = (name: string): string[] => [...this.program.builtinsOf(key(name)), ...this.program.globalsOf(key(name)).map(mslName), ...(this.program.usesPrintf(key(name)) ? [PRINTF_BUFFER] : [])];
    const name = memberCallName(n, (x) => !this.program.constructorClasses.has(x) && extraOf(x).length > 0); // constructions: passConstructorHiddenArgs
    const args = n.childForFieldName('arguments');
    if (!name || !args) return;
    this.edits.replace(args.startIndex, args.startIndex + 1, `(${extraOf(name).join(', ')}${argNodes.length > 0 ? ', ' : ''}`);
  }

  /**
   * `Tile t(16);`, `Tile(16).row`, `Tile t;`: a constructor that reads built-ins (or device
   * variables, printf) takes them as hidden parameters first, as a member function does; every
   * construction site of its class passes them (constructors.ts).
   */
  private passConstructorHiddenArgs(): void {
    const classes = this.program.constructorClasses;
    if (classes.size === 0) return;
    const extraOf = (cls: string): string[] => [...this.program.builtinsOf(`.${cls}`), ...this.program.globalsOf(`.${cls}`).map(mslName), ...(this.program.usesPrintf(`.${cls}`) ? [PRINTF_BUFFER] : [])];
    const regions = [this.fn.body, ...this.fn.node.namedChildren.filter((c) => c.type === 'field_initializer_list')];
    for (const region of regions) {
      if (!region) continue;
      for (const site of constructionSites(region, (cls) => classes.has(cls) && extraOf(cls).length > 0)) {
        const extra = extraOf(site.cls).join(', ');
        if (site.open) this.edits.replace(site.open.startIndex, site.open.endIndex, `${site.open.text}${extra}${site.hasArgs ? ', ' : ''}`);
        else this.edits.insert(site.at.endIndex, `(${extra})`);
      }
    }
  }

  /** What a call passes for a helper's dynamic threadgroup memory (externShared.ts). */
  private dynamicSharedArgument(): string {
    const dyn = this.fn.role === 'kernel' ? this.dynamicShared : null;
    if (!dyn || (dyn.name === DYNAMIC_SHARED_PARAM && dyn.type === 'uchar')) return DYNAMIC_SHARED_PARAM;
    return `(threadgroup uchar*)${mslName(dyn.name)}`;
  }

  /** A kernel declares the `__shared__` variables of the helpers it calls, once each (hoist.ts, sharedMemory.ts). */
  private declareHoistedShared(): void {
    this.staticSharedBytes = declareHoistedShared(this.pass, this.shared, this.syms, this.staticSharedBytes);
  }

  private chooseBarrierFlags(): string {
    // CUDA's __syncthreads orders shared and global memory. Metal's barrier orders only the
    // spaces named: threadgroup always; device too when a thread may read another thread's
    // device-memory write across it, or conservatively in helpers.
    if (this.fn.role !== 'kernel') return 'mem_flags::mem_device | mem_flags::mem_threadgroup';
    const body = this.fn.body;
    if (!body) return 'mem_flags::mem_threadgroup';
    // Conservative, since buffers may alias (`k(p, p)`): device memory is ordered whenever the
    // kernel has a writable buffer (written directly or through a helper) and reads any buffer
    // (a use other than a plain store `C[i] = v`). Kernels that only store keep the cheaper one.
    const buffers = this.fn.params.filter((p) => p.pointerDepth > 0 || p.isArray);
    const writes = buffers.some((p) => !p.isConst);
    const reads = buffers.some((p) => hasNonStoreUse(body, p.name));
    return writes && reads ? 'mem_flags::mem_device | mem_flags::mem_threadgroup' : 'mem_flags::mem_threadgroup';
  }

  // ---- body passes -------------------------------------------------------------------------

  /**
   * One PTX instruction of tables/ptx.ts (src/translate/ptx.ts): the statement becomes an
   * assignment of its function's call, the operands translated where they stand. False for any
   * other asm (refused by the caller).
   */
  private visitPtx(n: SyntaxNode): boolean {
    const s = ptxStatement(n);
    if (!s) return false;
    for (const [key, text] of ptxDefinitions(s.row)) this.program.polyfills.set(key, text);
    // The operands stay where they are (translated in place); the text between them changes.
    const { open, tail, close } = ptxMslCall(s.row, s.immediates);
    this.edits.replace(n.startIndex, s.output.startIndex, '');
    const last = s.inputs[s.inputs.length - 1];
    if (!last) this.edits.replace(s.output.endIndex, n.endIndex, ` = ${open}${tail.join(', ')}${close}`);
    else {
      this.edits.replace(s.output.endIndex, s.inputs[0]!.startIndex, ` = ${open}`);
      for (let i = 1; i < s.inputs.length; i++) this.edits.replace(s.inputs[i - 1]!.endIndex, s.inputs[i]!.startIndex, ', ');
      this.edits.replace(last.endIndex, n.endIndex, `${tail.map((x) => `, ${x}`).join('')}${close}`);
    }
    this.visit(s.output);
    for (const x of s.inputs) this.visit(x);
    return true;
  }

  private visit(n: SyntaxNode): void {
    if (n.type === 'gnu_asm_expression' && this.visitPtx(n)) return;
    const unsupported = UNSUPPORTED_NODES.get(n.type);
    if (unsupported) {
      this.error('C2M1001', `${unsupported} is not supported in device code`, n);
      for (const r of refusalsWithin(n, UNSUPPORTED_NODES, (x) => this.syms.has(x) || this.program.definitions.has(x))) this.error(r.code, r.message, r.node);
      return;
    }
    if (n.type === 'argument_list') this.padDim3(n);
    if (n.type === 'conditional_expression') {
      this.unifyDoubleBranches(n);
      this.unifyBranchSpaces(n);
    }
    if (n.type === 'assignment_expression') this.checkPointerFieldStore(n);
    if (n.type === 'pointer_expression') this.vectorComponentAddress(n);
    switch (n.type) {
      case 'lambda_expression':
        (this.lambdas ??= this.lambdaLowering()).lower(n);
        return;
      case 'declaration':
        this.visitDeclaration(n);
        return;
      case 'call_expression':
        if (this.rewriteAccessor(n)) return;
        this.visitCall(n);
        return;
      case 'cast_expression':
        this.visitCast(n);
        return;
      case 'number_literal':
        this.visitNumber(n);
        return;
      case 'sizeof_expression':
      case 'alignof_expression':
        // Types inside sizeof need no address space; 3-component vectors take CUDA's packed size.
        this.visitSizeof(n);
        return;
      case 'preproc_ifdef':
      case 'preproc_if': {
        // `#ifdef __CUDA_ARCH__` separates device from host code: only the device branch is
        // translated (the MSL defines __CUDA_ARCH__, so Metal compiles that branch too).
        if (isIfZero(n)) {
          const alt = n.childForFieldName('alternative');
          if (alt) for (const c of alt.namedChildren) this.visit(c);
          return;
        }
        const device = cudaArchBranch(n);
        if (device === null) break;
        const alt = n.childForFieldName('alternative');
        if (device === 'then') for (const c of n.namedChildren) if (!sameNode(c, alt) && !sameNode(c, n.childForFieldName('condition')) && !sameNode(c, n.childForFieldName('name'))) this.visit(c);
        if (device === 'else' && alt) for (const c of alt.namedChildren) this.visit(c);
        return;
      }
      case 'primitive_type':
      case 'sized_type_specifier':
      case 'type_identifier':
        this.visitType(n);
        return;
      case 'null': // Metal has no NULL macro
        if (n.text === 'NULL') this.edits.replace(n.startIndex, n.endIndex, CONSTANT_BY_NAME.get('NULL')?.msl ?? 'nullptr');
        return;
      case 'field_identifier':
        if (MSL_RESERVED_IDENTIFIERS.has(n.text)) this.edits.replace(n.startIndex, n.endIndex, mslName(n.text));
        return;
      case 'qualified_identifier':
        // A name from a namespace in an expression (cg::this_thread_block, std::numeric_limits<...>).
        if (cgNameOf(n, this.program) !== null) {
          this.cooperativeGroupsName(n, cgNameOf(n, this.program)!);
          return;
        }
        if (this.stdClassTemplate(n)) return;
        {
          // `Gen<std::uint32_t>` read as an expression argument: the scope goes, as in a type.
          const scalar = stdScalarType(n);
          if (scalar) {
            this.edits.replace(n.startIndex, scalar.startIndex, '');
            return;
          }
        }
        if (this.typeScopedName(n)) return;
        {
          const rest = namespaceQualifiedRest(n, this.program); // `gpu::N`: the MSL is flat (namespaces.ts)
          if (rest) {
            this.visit(rest);
            return;
          }
        }
        this.error('C2M1002', `device code uses '${n.text}', which has no Metal equivalent yet`, n);
        return;
      case 'template_function':
        if (this.program.deviceGlobals.get(n.childForFieldName('name')?.text ?? '')?.template) {
          // `mask<T>[j]` → `mask[j]`: the kernel's buffer holds the instance it reads (globalParam).
          const name = n.childForFieldName('name')!;
          this.edits.replace(n.startIndex, n.endIndex, mslName(name.text));
          return;
        }
        break;
      case 'identifier': {
        if (this.rewriteAccessor(n)) return;
        const constant = this.syms.has(n.text) ? undefined : CONSTANT_BY_NAME.get(n.text);
        if (constant) {
          this.edits.replace(n.startIndex, n.endIndex, constant.msl);
          return;
        }
        const cMath = this.syms.has(n.text) || this.program.constants.has(n.text) ? undefined : mathConstant(n.text, this.options.double === 'soft' && this.options.f64Literals === true);
        if (cMath) {
          this.edits.replace(n.startIndex, n.endIndex, cMath); // M_PI (double.ts)
          return;
        }
        if (/^CUDART_/.test(n.text) && !this.syms.has(n.text)) {
          this.error('C2M1002', `'${n.text}' (math_constants.h) has no Metal equivalent yet`, n);
          return;
        }
        const asValue = this.syms.has(n.text) ? undefined : functionUsedAsValue(n, this.program);
        if (asValue && functorArgument(n, this.program)) {
          this.edits.replace(n.startIndex, n.endIndex, `${functorName(n.text)}()`); // a function object (functionValues.ts)
          return;
        }
        if (asValue) {
          this.error('C2M1001', `function pointers are not supported in device code: '${n.text}' is used as a value (Metal has no function pointers); call it directly, or select with a switch`, n);
          return;
        }
        this.renameDeclared(n);
        if (this.program.hostGlobals.has(n.text) && !this.syms.has(n.text)) {
          const kind = globalKind(this.program.hostGlobals.get(n.text)!);
          if (kind === 'reference') this.error('C2M1001', `texture references are not supported: '${n.text}' is a file-scope texture<...> or surface<...> (removed in CUDA 12); pass a cudaTextureObject_t or cudaSurfaceObject_t kernel parameter instead`, n);
          else if (kind === 'managed') this.error('C2M1001', `__managed__ variables are not supported: allocate '${n.text}' with cudaMallocManaged and pass the pointer to the kernel`, n);
          else this.error('C2M1008', `device code uses the host variable '${n.text}'`, n);
        }
        return;
      }
      default:
        break;
    }
    for (const c of n.namedChildren) this.visit(c);
  }

  /**
   * `&v.y` of a vector: Metal cannot take the address of a vector element; the component's address
   * is the vector's, as a pointer to its scalar, plus the component's index:
   * `((thread float*)&v + 1)`. (CUDA's vectors and Metal's lay their components out alike.)
   */
  private vectorComponentAddress(n: SyntaxNode): void {
    if (n.child(0)?.type !== '&') return;
    const written = n.childForFieldName('argument');
    let arg = written;
    let parens = 0;
    for (; arg?.type === 'parenthesized_expression' && arg.namedChildCount === 1; parens++) arg = arg.namedChild(0);
    if (arg?.type !== 'field_expression' || arg.child(1)?.type !== '.') return;
    const field = arg.childForFieldName('field')?.text ?? '';
    const index = ['x', 'y', 'z', 'w'].indexOf(field);
    const object = arg.childForFieldName('argument');
    if (index < 0 || !object) return;
    const t = this.view.typeOf(object);
    if (t.kind !== 'vector') return;
    const b = t.base;
    const scalar = b.cls === 'float' ? ({ 16: 'half', 32: 'float' } as Record<number, string>)[b.bits] : b.cls === 'bool' ? 'bool' : ({ 8: 'char', 16: 'short', 32: 'int', 64: 'long' } as Record<number, string>)[b.bits];
    if (!scalar) return; // double vectors are structs (doubleVectors.ts): `&v.x` is an address there
    const space = this.lvalueSpace(object);
    if (!space) {
      this.error('C2M1005', `cannot tell which memory '${arg.text.slice(0, 40)}' is in, to take the address of its component`, n);
      return;
    }
    const type = `${b.cls === 'int' && !b.signed ? 'u' : ''}${scalar}`;
    this.edits.insert(n.startIndex, `((${space} ${type}*)`);
    this.edits.replace(object.endIndex, written!.endIndex, `${')'.repeat(parens)} + ${index})`); // `&(v.w)` → `((thread float*)&(v) + 3)`
  }

  /**
   * `dim3 d(4)` / `dim3(4, 2)`: CUDA's missing components are 1, while Metal's `uint3(4)` splats:
   * the 1s are written out, `uint3 d = uint3(4, 1, 1)`.
   */
  private padDim3(args: SyntaxNode): void {
    padDim3(args, this.edits, (name) => this.syms.has(name)); // indexing.ts
  }

  /** `sizeof(float3)` → `sizeof(packed_float3)`: 12 bytes, as in CUDA (Metal's float3 is 16). */
  private visitSizeof(n: SyntaxNode): void {
    const type = n.childForFieldName('type');
    if (type?.type === 'type_descriptor') {
      const t = type.childForFieldName('type');
      if (t) this.visitType(t);
      return;
    }
    const value = n.childForFieldName('value');
    const inner = value?.type === 'parenthesized_expression' && value.namedChildCount === 1 ? value.namedChild(0) : null;
    if (inner && (inner.type === 'identifier' || inner.type === 'type_identifier') && !this.syms.has(inner.text)) {
      const packed = this.memoryLayoutType(normType(inner.text), inner);
      if (packed) this.edits.replace(inner.startIndex, inner.endIndex, packed);
      else if (TYPE_RENAMES.has(inner.text)) this.visitType(inner); // `sizeof(double3)`, `sizeof(longlong2)`
      return;
    }
    // `sizeof(v)` of a 3-component vector value (a register: Metal's 16 bytes): CUDA's size.
    const t = value ? this.view.typeOf(value) : undefined;
    const packed = value && t?.kind === 'vector' && t.n === 3 ? this.memoryLayoutType(t.name, value) : undefined;
    if (value && packed) this.edits.replace(value.startIndex, value.endIndex, `(${packed})`);
  }

  /**
   * The MSL type with CUDA's memory layout for a 3-component vector type (`float3` →
   * `packed_float3`, `long3` → `cu2m_packed_long3` of wideVector3.ts), undefined for other types.
   */
  private memoryLayoutType(t: string, _n: SyntaxNode): string | undefined {
    const packed = BUFFER_ELEMENT_RENAMES.get(t) ?? templateMemoryType(this.fn, t, this.program.polyfills); // templateVector3.ts
    return packed;
  }

  /**
   * Is the type node the element type of memory (rather than a value in registers)? Pointers,
   * arrays, `__shared__` variables, pointer casts and sizeof/alignof: there 3-component vectors
   * must keep CUDA's layout. Struct fields are handled with the struct (translate.ts).
   */
  private layoutOf(n: SyntaxNode): 'memory' | 'pointer' | 'value' {
    const p = n.parent;
    if (!p) return 'value';
    if (p.type === 'type_descriptor') {
      const d = p.childForFieldName('declarator');
      if (d && (d.type === 'abstract_pointer_declarator' || d.type === 'abstract_reference_declarator')) return 'pointer';
      const gp = p.parent;
      return gp !== null && (gp.type === 'sizeof_expression' || gp.type === 'alignof_expression') ? 'memory' : 'value';
    }
    if (p.type !== 'declaration' && p.type !== 'parameter_declaration' && p.type !== 'optional_parameter_declaration') return 'value';
    if (specifierTokens(p).some((t) => t.text === '__shared__')) return 'memory';
    const decls = p.childrenForFieldName('declarator');
    const inner = decls.map((d) => (d.type === 'init_declarator' ? d.childForFieldName('declarator') : d));
    if (inner.length > 0 && inner.every((d) => d !== null && (d.type === 'pointer_declarator' || d.type === 'reference_declarator'))) return 'pointer';
    return 'value';
  }

  /**
   * The address space is known for a pointer or reference: its pointee keeps CUDA's layout in
   * device, constant and threadgroup memory (`device packed_float3*`); a thread pointer (to a
   * register variable) keeps Metal's vector. Inserts the space in front of the type.
   */
  private qualifyPointee(typeNode: SyntaxNode, space: Space | string, ofThis = false): void {
    const t = normType(typeNode.text);
    if (isMemoryVector3(t) || isKernelTypeParam(this.fn, t)) {
      const packed = space === 'thread' ? undefined : this.memoryLayoutType(t, typeNode);
      const r = packed ?? TYPE_RENAMES.get(t);
      if (r) this.edits.replace(typeNode.startIndex, typeNode.endIndex, r);
    }
    if (ofThis) this.insertThisSpace(typeNode.startIndex, '', ' ');
    else this.edits.insert(typeNode.startIndex, `${space} `);
  }

  /** The space of `*this` at `at`, read when the text is printed (thisSpace). */
  private insertThisSpace(at: number, before: string, after: string): void {
    const holder = this.thisSpace;
    this.edits.add({ start: at, end: at, get text() { return `${before}${holder.space}${after}`; } });
  }

  /** Does `e` point into the member's own object (typed.ts notePointsIntoThis)? */
  private pointsIntoThis(e: SyntaxNode, lvalue = false): boolean {
    const was = this.view.thisPointers;
    this.view.thisPointers = false;
    this.view.notePointsIntoThis(e, lvalue);
    const into = this.view.thisPointers;
    this.view.thisPointers = was || into;
    return into;
  }

  /**
   * A helper returning a pointer: `float* at(float* p)` → `device float* at(device float* p)` in the
   * instance for device memory; the space is what its return statements point into for the spaces
   * of this instance's parameters (typed.ts: functionReturnSpace; a null return goes with any).
   */
  private qualifyReturn(ret: SyntaxNode, depth: number): void {
    const fn = this.fn;
    if (depth > 1) {
      this.error('C2M1005', `device function '${fn.name}' returns a pointer to a pointer; Metal needs the address space of each level, which is not translated`, fn.declarator);
      return;
    }
    const space = functionReturnSpace(this.program, fn, this.spaces) ?? (fn.body ? undefined : this.prototypeReturnSpace());
    if (!space) {
      const returns = fn.body ? returnedExpressions(fn.body).filter((e) => !isNullPointer(e)) : [];
      const spaces = [...new Set(returns.map((e) => this.view.pointsInto(e) ?? 'unknown'))];
      const why = returns.length === 0 ? 'it returns no pointer the translator can follow' : spaces.length > 1 ? `its return statements point into different memories (${spaces.join(', ')}), which one MSL pointer type cannot hold` : `the translator cannot tell which memory '${returns.find((e) => !this.view.pointsInto(e))?.text.slice(0, 40) ?? returns[0]!.text.slice(0, 40)}' points into`;
      this.error('C2M1005', `device function '${fn.name}' returns a pointer, but ${why}`, fn.declarator);
      return;
    }
    if (space === 'thread' && fn.body) for (const e of returnedExpressions(fn.body)) this.view.notePointsIntoThis(e);
    this.qualifyPointee(ret, space);
  }

  /**
   * A member function's prototype in a class template (`float_t* ptr();`) whose explicit
   * specialisations of the class define it (`half* ptr() { return reinterpret_cast<half*>(&data); }`):
   * the space those definitions return into, when they agree (attentionMultiHeadKVCache's vec_t).
   */
  private prototypeReturnSpace(): Space | undefined {
    const cls = enclosingClass(this.fn.node);
    const name = cls?.childForFieldName('name')?.text;
    if (!cls || !name) return undefined;
    const classes = fileNodesOfType(this.program.file.tree, ['struct_specifier', 'class_specifier']).filter((c) => c.childForFieldName('name')?.text.replace(/\s*<[\s\S]*$/, '') === name && c.childForFieldName('body'));
    const spaces = new Set<Space | undefined>();
    for (const c of classes) {
      for (const o of memberOverloadsOf(c, this.fn.name)) {
        if (o.pointers.some(Boolean)) return undefined; // (by the spaces of its pointer parameters: not followed)
        const facts = functionFacts(o.def, this.program.externSharedGlobals, new Set(), this.program.macroBodies);
        if (facts?.body) spaces.add(functionReturnSpace(this.program, facts, []));
      }
    }
    return spaces.size === 1 ? [...spaces][0] : undefined;
  }

  /** `: 'c ? d : s' may point into device or threadgroup memory...` where a conditional's branches disagree. */
  private mixedSpaces(init: SyntaxNode | null): string {
    let e = init;
    while (e?.type === 'parenthesized_expression' || e?.type === 'cast_expression') e = e.type === 'cast_expression' ? e.childForFieldName('value') : (e.namedChildren[0] ?? null);
    if (e?.type !== 'conditional_expression') return '';
    const c = e.childForFieldName('consequence');
    const a = e.childForFieldName('alternative');
    const sc = c ? this.spaceOf(c) : undefined;
    const sa = a ? this.spaceOf(a) : undefined;
    if (!sc || !sa || sc === sa) return '';
    return `: '${e.text.slice(0, 40)}' points into ${sc} or ${sa} memory, and no MSL pointer type holds both (copy into one memory first, or branch around the two uses)`;
  }

  /**
   * A member function is emitted in its class with device pointers (translate.ts), and with one
   * more overload per other combination of spaces its calls pass (addressSpaces.ts:
   * noteMemberInstance): a call from a sibling member passing a local array, a `__constant__` array
   * or a string literal asks for that overload here. An argument whose memory is unknown is refused.
   */
  private checkMemberCallSpaces(name: string, argNodes: readonly SyntaxNode[], cls: SyntaxNode | null = null): void {
    const args = argNodes.filter((a) => a.type !== 'comment');
    const throughThis = cls === null;
    const overloads = (cls ? memberOverloadsOf(cls, name) : memberOverloads(this.fn.node, name)).filter((o) => o.pointers.length >= args.length && o.required <= args.length);
    if (overloads.some((o) => o.pointers.some(Boolean))) for (const a of args) this.hoistString(a);
    for (const o of overloads) {
      let unknown: SyntaxNode | undefined;
      const spaces = o.pointers.map((pointer, i): Space | null => {
        if (o.references[i]) return 'thread';
        if (!pointer) return null;
        const a = args[i];
        if (!a || isNullPointer(a)) return 'device';
        const s = this.spaceOf(a);
        // Unknown: device, as the default overload (what it always was); a conditional between
        // two memories has no MSL type at all, so that is refused.
        if (!s && this.mixedSpaces(a)) unknown ??= a;
        if (s === 'thread') this.view.notePointsIntoThis(a);
        return s ?? 'device';
      });
      if (unknown) {
        if (overloads.length === 1) this.error('C2M1005', `cannot tell which memory argument '${unknown.text.slice(0, 40)}' of member function '${name}' points into${this.mixedSpaces(unknown)}`, unknown);
        continue;
      }
      if (spaces.some((s, i) => o.pointers[i] && s !== 'device')) noteMemberInstance(this.program, o.def, spaces);
      // `next(t)` inside a member, where that instance of next is `thread`: so is this member.
      const asEmitted = o.pointers.map((p, i) => (o.references[i] ? 'thread' : p ? 'device' : null));
      if (throughThis && !o.isStatic && isThreadMember(this.program, o.def, spaces.some((x, i) => o.pointers[i] && x !== 'device') ? spaces : asEmitted)) this.view.thisPointers = true;
    }
  }

  /**
   * `obj.f(a)` / `p->f(a)` with `obj` of a class of the file: the member's overload for the spaces
   * of the arguments (checkMemberCallSpaces).
   */
  private memberCallThroughObject(f: SyntaxNode, argNodes: readonly SyntaxNode[]): void {
    const obj = f.childForFieldName('argument');
    const name = f.childForFieldName('field')?.text;
    if (!obj || !name || !argNodes.some((a) => a.type !== 'comment')) return;
    let t = this.view.typeOf(obj);
    if (f.child(1)?.type === '->' && t.kind === 'pointer') t = t.pointee;
    const cls = t.kind === 'struct' ? classNamed(this.program, t.name) : null;
    if (cls && memberOverloadsOf(cls, name).length > 0) this.checkMemberCallSpaces(name, argNodes, cls);
  }

  /**
   * `op(out[i], v)` with `Op op` a functor of the file (typeNameUses.ts isFunctorObject): the call
   * operator's overload for the spaces of the arguments, a reference bound to device memory
   * included (`OutT& dst`), asked of the class the object's type names, or of every functor class
   * of the file when that type is a template's parameter (an overload no call uses is harmless).
   */
  private functorCallSpaces(call: SyntaxNode, f: SyntaxNode, argNodes: readonly SyntaxNode[]): void {
    const args = argNodes.filter((a) => a.type !== 'comment');
    if (f.type !== 'identifier' || args.length === 0 || !isFunctorObject(call, f.text)) return;
    const t = this.view.typeOf(f);
    const named = t.kind === 'struct' ? classNamed(this.program, t.name) : null;
    const classes = named ? [named] : [...functorClassesOf(this.file.tree)].map((c) => classNamed(this.program, c)).filter((c): c is SyntaxNode => c !== null);
    for (const cls of classes) {
      for (const o of memberOverloadsOf(cls, 'operator()')) {
        if (o.pointers.length < args.length || o.required > args.length) continue;
        const spaces = o.pointers.map((pointer, i): Space | null => {
          const a = args[i];
          if (o.references[i]) return (a && this.lvalueSpace(a)) ?? 'thread';
          if (!pointer) return null;
          return !a || isNullPointer(a) ? 'device' : (this.spaceOf(a) ?? 'device');
        });
        if (spaces.some((s, i) => s !== null && s !== (o.references[i] ? 'thread' : 'device'))) noteMemberInstance(this.program, o.def, spaces);
      }
    }
  }

  /**
   * `node->next = q` where q points into threadgroup, thread or constant memory: a pointer field
   * has one address space in Metal, device (structPointers.ts), as the host's buffers need; a
   * pointer into other memory cannot be stored there (CUDA's generic pointers can), so it is
   * refused, naming both.
   */
  private checkPointerFieldStore(n: SyntaxNode): void {
    const left = n.childForFieldName('left');
    const right = n.childForFieldName('right');
    if (left?.type !== 'field_expression' || !right || n.child(1)?.type !== '=' || isNullPointer(right)) return;
    const t = this.view.typeOf(left);
    if (t.kind !== 'pointer' || !t.space) return;
    const s = this.spaceOf(right);
    if (!s || s === t.space) return;
    // Why the field is not in s's memory (fieldSpaces.ts): its struct comes from the host, or it holds both.
    const arg = left.childForFieldName('argument');
    let obj = arg ? this.view.typeOf(arg) : undefined;
    if (left.child(1)?.type === '->' && obj?.kind === 'pointer') obj = obj.pointee;
    const why = obj?.kind === 'struct' ? fieldDeviceReason(this.program, obj.name, left.childForFieldName('field')?.text ?? '') : undefined;
    this.error('C2M1005', `'${right.text.slice(0, 40)}' points into ${s} memory, but the pointer field '${left.text.slice(0, 40)}' points into ${t.space} memory${why ? ` (${why})` : ''}: Metal gives a struct's pointer field one address space, and a CUDA generic pointer that holds both has no MSL type (store an index into the ${s === 'threadgroup' ? '__shared__ array' : 'array'} instead, or keep the structs in ${t.space} memory)`, n);
  }

  /**
   * `int width = warpSize` as a parameter's default value (softmax-fused's WARP_SHFL_XOR_NATIVE):
   * MSL cannot name a parameter (the hidden built-in) in a default argument, and the value is a
   * constant, 32 on Apple GPUs as on NVIDIA (tables/builtins.ts).
   */
  private warpSizeDefaults(): void {
    const params = declaratorShape(this.fn.node.childForFieldName('declarator')).functionDeclarator?.childForFieldName('parameters');
    for (const p of params?.namedChildren ?? []) {
      if (p.type !== 'optional_parameter_declaration') continue;
      for (const id of p.childForFieldName('default_value')?.descendantsOfType('identifier') ?? []) if (id.text === 'warpSize') this.edits.replace(id.startIndex, id.endIndex, '32');
    }
  }

  /** A string literal used as a pointer → a program-scope `constant` array of it (addressSpaces.ts). */
  private hoistString(e: SyntaxNode): void {
    if (!isStringLiteral(e)) return;
    const lit = e.type === 'parenthesized_expression' ? e.namedChildren[0]! : e;
    this.edits.replace(lit.startIndex, lit.endIndex, hoistedString(this.program, this.program.polyfills, lit.text));
  }

  /**
   * A member function that points into its own object (`unsigned *last = state + 3;`,
   * `return words + 2;`) makes `thread` pointers from `this`: it is declared `thread` (`void bump()
   * thread`), as Metal assumes of an unqualified member, so the msl-cpu model's `this` converts too.
   */
  private threadMember(ret: SyntaxNode | null): void {
    if (!this.view.thisPointers && ret && enclosingClass(this.fn.node) && this.fn.role !== 'kernel' && !/\bstatic\b/.test(this.file.text.slice(this.fn.node.startIndex, ret.startIndex)) && this.fn.body && /\bthis\b|&\s*[A-Za-z_(]/.test(this.fn.body.text)) {
      // A member that names `this` or takes an address (`atomicAdd(&this->top, 1)`, `atomicSub(&top, 1)`): unqualified here, with ` device` /
      // ` threadgroup` copies for calls on objects in those memories (kept only where called so).
      const fd = declaratorShape(this.fn.node.childForFieldName('declarator')).functionDeclarator;
      const params = fd?.childForFieldName('parameters');
      if (params && !fd!.children.some((c) => /^(thread|device|constant|threadgroup)$/.test(c.text))) {
        const holder = this.thisSpace;
        this.edits.add({ start: params.endIndex, end: params.endIndex, get text() { return holder.space === 'thread' ? '' : ` ${holder.space}`; } });
        this.referenceMember = true;
      }
      return;
    }
    if (!this.view.thisPointers || !enclosingClass(this.fn.node)) return;
    if (ret && memberReferenceReturnAt(this.fn.node, ret)) return; // `T& f() thread` already
    let d: SyntaxNode | null = this.fn.node.childForFieldName('declarator');
    while (d && d.type !== 'function_declarator') d = d.childForFieldName('declarator') ?? d.namedChildren.find((c) => c.type === 'function_declarator') ?? null;
    if (!d || !ret) return; // constructors (no return type) take no qualifier
    if (d.children.some((c) => /^(thread|device|constant|threadgroup)$/.test(c.text))) return;
    const params = d.childForFieldName('parameters');
    if (!params) return;
    // ` thread` here, ` device` / ` threadgroup` in the copies for objects in those memories
    // (`atomicAdd(&this->top, 1)` in a container that device `new` made: referenceMemberCopies).
    this.insertThisSpace(params.endIndex, ' ', '');
    if (!/\bstatic\b/.test(this.file.text.slice(this.fn.node.startIndex, ret.startIndex))) this.referenceMember = true;
  }

  /** `std::numeric_limits<T>::max` → `metal::numeric_limits<T'>::max` (stdNames.ts); false when not such a name. */
  /**
   * A member function returning a reference (`T& lower() { return low; }`): Metal needs the
   * reference's address space; an unqualified member function runs on an object in thread
   * memory, so what it returns into `*this` is `thread`.
   */
  private memberReferenceReturn(ret: SyntaxNode): void {
    const at = memberReferenceReturnAt(this.fn.node, ret);
    if (!at) return;
    this.insertThisSpace(at.type, '', ' ');
    this.insertThisSpace(at.member, ' ', '');
    this.referenceMember = !/\bstatic\b/.test(this.file.text.slice(this.fn.node.startIndex, ret.startIndex));
  }

  /** `temp.load.Alias()` on an object in threadgroup (device) memory: that copy of the member is kept (keepReferenceMemberCopies). */
  private noteMemberCallSpace(f: SyntaxNode): void {
    const obj = f.childForFieldName('argument');
    const name = f.childForFieldName('field')?.text;
    if (!obj || !name) return;
    const space = f.child(1)?.type === '->' ? this.view.pointsInto(obj) : this.view.storageOf(obj);
    if (space !== 'threadgroup' && space !== 'device') return;
    let used = memberCallSpaces.get(this.program);
    if (!used) memberCallSpaces.set(this.program, (used = new Set()));
    used.add(`${name} ${space}`);
  }

  /**
   * `threadgroup T& Alias() threadgroup { return reinterpret_cast<threadgroup T&>(*this); }` and the
   * `device` one after the `thread` member: Metal (and C++ for OpenCL, the msl-cpu model) calls a
   * member on an object in another memory only through a member qualified with that memory (CUB's
   * `temp_storage.Alias()` on `__shared__` storage). Printed only where every space of the text is
   * the object's (no other `thread` reference or pointer in it), so the copies compile wherever the
   * member does.
   */
  private referenceMemberCopies(own: string): string {
    if (!this.referenceMember || this.fn.role === 'kernel') return '';
    const fn = this.fn;
    const params = fn.template?.childForFieldName('parameters');
    const first = fn.template ?? fn.node;
    const indent = /^[ \t]*$/.test(this.file.text.slice(first.startIndex - first.startPosition.column, first.startIndex)) ? ' '.repeat(first.startPosition.column) : '';
    const head = fn.template && params ? `${this.edits.apply(fn.template.startIndex, params.endIndex)}\n${indent}` : '';
    const memberName = /\w+$/.exec(fn.name)?.[0] ?? fn.name;
    let out = '';
    for (const space of ['threadgroup', 'device']) {
      this.thisSpace.space = space;
      const copy = this.edits.apply(fn.node.startIndex, fn.node.endIndex);
      this.thisSpace.space = 'thread';
      // (`thread` in the parameter list is the caller's memory, not the object's.)
      const paramList = this.fn.paramList ? this.edits.apply(this.fn.paramList.startIndex, this.fn.paramList.endIndex) : '';
      if (/\bthread\b/.test(copy.replace(paramList, '').replace(/\/\/.*|\/\*[\s\S]*?\*\//g, '')) || copy === own) return '';
      out += `/*@cu2m-copy ${memberName} ${space}@*/\n${indent}${head}${copy}/*@cu2m-end@*/`;
    }
    return out;
  }

  /** `S<T>::f`, `B::Tid`, `E::A`: a member of a type of the program, as in C++ (scopedNames.ts). */
  private typeScopedName(n: SyntaxNode): boolean {
    const parts = typeScopedParts(n, this.program);
    if (!parts) return false;
    // `fragment<...>::num_elements`: a class of the file whose name Metal reserves is renamed here too.
    const scope = n.childForFieldName('scope');
    const first = scope?.type === 'template_type' ? scope.childForFieldName('name') : scope;
    const renamed = first ? collidingTypeRename(first.text, this.program.definedTypes) : undefined;
    if (first && renamed) this.edits.replace(first.startIndex, first.endIndex, renamed);
    for (const p of parts) this.visit(p);
    return true;
  }

  private stdClassTemplate(n: SyntaxNode): boolean {
    const short = stdTraitShorthand(n);
    if (short) {
      // `std::is_same_v<T, U>` → `metal::is_same<T, U>::value`; `std::make_unsigned_t<T>` → `typename metal::make_unsigned<T>::type`
      this.edits.replace(n.startIndex, short.rest.startIndex, short.kind === 'type' ? 'typename metal::' : 'metal::');
      this.edits.replace(short.name.startIndex, short.name.endIndex, short.trait);
      this.edits.insert(n.endIndex, short.kind === 'type' ? (short.trait.includes('<') ? '::type>::type' : '::type') : '::value'); // decay_t: two traits
      for (const a of short.typeArgs) this.visitType(a);
      for (const a of short.valueArgs) this.visit(a); // `std::conditional_t<std::is_integral_v<T>, int, float>`
      return true;
    }
    const use = stdClassTemplateUse(n);
    if (!use) return false;
    const pair = STD_POLYFILLED_TEMPLATES.get(use.name);
    if (pair) {
      // `std::pair<uint64_t, uint64_t>` (dropout's kernel parameter): Metal has no pair; a struct of ours.
      this.program.polyfills.set(pair.msl, pair.definition);
      this.edits.replace(n.startIndex, use.rest.startIndex, 'cu2m_');
      for (const a of use.typeArgs) this.visitType(a);
      return true;
    }
    const soft = this.options.double === 'soft';
    if (soft && use.typeArgs.some((a) => /\bdouble\b/.test(a.text))) this.error('C2M1003', `'${n.text}': Metal's ${n.text.replace(/^.*?std::(\w+).*$/, '$1')} has no software double`, n);
    this.edits.replace(n.startIndex, use.rest.startIndex, 'metal::');
    for (const a of use.typeArgs) this.visitType(a);
    return true;
  }

  private visitType(n: SyntaxNode): void {
    if (this.stdClassTemplate(n.type === 'dependent_type' ? (n.namedChildren[0] ?? n) : n)) return;
    // `std::is_integral_v<T>` read as a type (a template argument): the trait's value (stdNames.ts).
    const only = n.type === 'type_descriptor' && n.namedChildren.length === 1 ? n.namedChildren[0]! : null;
    if (only?.type === 'qualified_identifier' && stdTraitShorthand(only) && this.stdClassTemplate(only)) return;
    const stdScalar = stdScalarType(n);
    if (stdScalar) {
      this.edits.replace(n.startIndex, stdScalar.startIndex, ''); // `std::uint8_t` → `uint8_t`
      return;
    }
    checkTypeName(n, this.program, this.diagnostics);
    const t = normType(n.text);
    if (isMemoryVector3(t) || isKernelTypeParam(this.fn, t)) {
      const layout = this.layoutOf(n);
      if (layout === 'pointer') return; // qualifyPointee, once the space is known
      if (layout === 'memory') {
        const packed = this.memoryLayoutType(t, n);
        if (packed) this.edits.replace(n.startIndex, n.endIndex, packed);
        return;
      }
    }
    if (t === 'double') {
      const r = this.doubleType(n);
      if (r !== 'double') this.edits.replace(n.startIndex, n.endIndex, r);
      return;
    }
    if (/\bdouble\b/.test(t) && n.type === 'sized_type_specifier') {
      this.error('C2M1003', `'${t}' is not available in Metal`, n);
      return;
    }
    if (complexDoubleRefused(t, this.options.double)) {
      this.error('C2M1003', `'${t}': ${NO_SOFT_COMPLEX_DOUBLE}`, n); // complexDouble.ts
      return;
    }
    if (doubleVector(t) && this.options.double !== 'soft') {
      const r = doubleVectorOutsideSoft(t, this.options.double, (code, message) => this.error(code, message, n));
      if (r) this.edits.replace(n.startIndex, n.endIndex, r);
      return;
    }
    const r = TYPE_RENAMES.get(t) ?? collidingTypeRename(t, this.program.definedTypes);
    if (r) noteRenamedType(this.program.polyfills, r);
    if (r) this.edits.replace(n.startIndex, n.endIndex, r);
    else if (n.type === 'sized_type_specifier' || n.type === 'template_type') for (const c of n.namedChildren) this.visit(c);
    else if (n.type === 'qualified_identifier') {
      // `wmma::fragment<wmma::matrix_a, 16, 16, 16, half>`: the MSL is flat (namespaces.ts); the
      // type after the file's namespaces is translated like one written without them.
      const rest = namespaceQualifiedRest(n, this.program);
      if (rest) this.visitType(rest);
      else this.typeScopedName(n); // `fragment<...>::element_type`
    }
  }

  private visitNumber(n: SyntaxNode): void {
    const t = n.text;
    if (/[lL]$/.test(t) && /[.eE]/.test(t) && !/^0[xX]/.test(t)) {
      this.error('C2M1003', `long double literal '${t}' is not available in Metal`, n);
      return;
    }
    // An unsuffixed floating literal is a double in CUDA: its exact bits where the program computes
    // in software double; otherwise Metal computes in float: write the `f`.
    if (!isFloatLiteral(t)) return;
    const exact = this.options.double === 'soft' && this.options.f64Literals ? f64Literal(t) : null;
    if (exact) this.edits.replace(n.startIndex, n.endIndex, exact);
    else this.edits.insert(n.endIndex, 'f');
  }

  private visitDeclaration(n: SyntaxNode): void {
    const toks = specifierTokens(n);
    const tok = (s: string): SyntaxNode | undefined => toks.find((t) => t.type === s || t.text === s);
    const typeNode = n.childForFieldName('type');
    const fnPointers = functionPointerDeclarators(n);
    if (fnPointers.length > 0) {
      // One report for the variable; calls through it are not reported again.
      for (const d of fnPointers) {
        this.error('C2M1001', `function pointers are not supported in device code: '${d.name}' is a function pointer (Metal has no function pointers); call the function directly, or select with a switch`, d.node);
        this.syms.set(d.name, { storage: 'thread', isArray: false });
      }
      return;
    }
    const accessor = accessorOfType(typeNode, this.program);
    if (accessor) {
      // `SharedMemory<T> smem;`: no storage; its uses read the kernel's dynamic threadgroup memory.
      const elem = accessorElem(accessor, typeNode);
      for (const d of n.childrenForFieldName('declarator')) if (d.type === 'identifier' && elem) this.accessorVars.set(d.text, { accessor, elem });
      this.edits.replace(n.startIndex, n.endIndex, `/* ${n.text.replace(/;$/, '')}: the kernel's dynamic threadgroup memory */`);
      return;
    }
    if (this.fn.role !== 'kernel' && isStaticShared(n)) {
      // Hoisted: the kernel declares it and passes it in as a parameter of the same name (hoist.ts).
      const names = n.childrenForFieldName('declarator').map((d) => declaratorShape(d).name?.text ?? '').filter(Boolean);
      this.edits.replace(n.startIndex, n.endIndex, `/* __shared__ ${names.join(', ')}: threadgroup parameter, declared by the kernel */`);
      for (const d of n.childrenForFieldName('declarator')) {
        const s = declaratorShape(d);
        if (s.init) this.error('C2M1001', '__shared__ variables cannot have initialisers', s.init);
      }
      return;
    }
    if (typeNode) this.visitType(typeNode);
    const shared = tok('__shared__');
    if (shared) {
      if (this.fn.role !== 'kernel') {
        if (tok('extern')) {
          // The kernel's dynamic memory, passed down as a parameter (externShared.ts).
          const name = declaratorShape(n.childForFieldName('declarator')).name?.text ?? 'shared';
          const t = normType(typeNode?.text ?? 'char');
          const type = `${tok('volatile') ? 'volatile ' : ''}${this.memoryLayoutType(t, n) ?? this.mslScalarType(t, n)}`;
          this.edits.replace(n.startIndex, n.endIndex, `threadgroup ${type}* ${mslName(name)} = (threadgroup ${type}*)${DYNAMIC_SHARED_PARAM}; /* extern __shared__ ${name}[] */`);
          this.syms.set(name, { storage: 'thread', pointee: 'threadgroup', isArray: false });
          return;
        }
        this.error('C2M1007', 'extern __shared__ memory declared in a device function; Metal allows threadgroup memory only at kernel scope (pass the kernel\'s dynamic shared memory to the helper as a pointer)', shared);
        return;
      }
      if (tok('extern')) {
        // Became the kernel's [[threadgroup(0)]] parameter (or an alias of it): drop the declaration.
        const name = declaratorShape(n.childForFieldName('declarator')).name?.text ?? '';
        const alias = this.sharedAliases.get(n.id);
        this.edits.replace(n.startIndex, n.endIndex, alias ?? `/* extern __shared__ ${name}[]: kernel parameter [[threadgroup(0)]] */`);
        return;
      }
      this.edits.replace(shared.startIndex, shared.endIndex, 'threadgroup');
      // `static __shared__ int s[N];`: shared memory is per block already; Metal has no static locals.
      const stat = tok('static');
      if (stat) this.edits.replace(stat.startIndex, stat.endIndex + (this.file.text[stat.endIndex] === ' ' ? 1 : 0), '');
      for (const d of n.namedChildren.filter((c) => !sameNode(c, typeNode) && c.type !== 'type_qualifier' && c.type !== 'storage_class_specifier')) {
        const s = declaratorShape(d);
        if (s.init) this.error('C2M1001', '__shared__ variables cannot have initialisers', s.init);
        if (s.name) this.syms.set(s.name.text, { storage: 'threadgroup', isArray: s.arrayDims.length > 0 });
        this.renameDeclared(s.name);
        this.countStaticShared(typeNode, s.arrayDims);
        for (const dim of s.arrayDims) for (const c of dim.namedChildren) if (!sameNode(c, s.name)) this.visit(c);
      }
      return;
    }
    const fixedStatic = constantStaticLocal(n); // `static constexpr`: a plain constant local (staticLocals.ts)
    if (fixedStatic) this.edits.replace(fixedStatic.startIndex, fixedStatic.endIndex + (this.file.text[fixedStatic.endIndex] === ' ' ? 1 : 0), '');
    const stat = fixedStatic ? null : tok('static');
    if (stat) {
      this.error('C2M1001', "'static' local variables are not available in Metal", stat);
      return;
    }
    // Each declarator's address space (null: a value, needs none).
    const entries: { d: SyntaxNode; space: Space | null }[] = [];
    for (const d of n.namedChildren) {
      if (sameNode(d, typeNode) || d.type === 'type_qualifier' || d.type === 'storage_class_specifier') continue;
      const s = declaratorShape(d);
      const name = s.name?.text;
      this.renameDeclared(s.name);
      if (s.init) this.visit(s.init);
      for (const dim of s.arrayDims) for (const c of dim.namedChildren) if (!sameNode(c, s.name) && c.type !== 'array_declarator') this.visit(c);
      if (!name) continue;
      const amp = s.reference && s.init && !this.view.storageOf(s.init) && isTemporary(s.init, this.program) ? referenceToken(d) : null;
      if (amp) this.edits.replace(amp.startIndex, amp.endIndex, ''); // `const T &l = f();` → `const T l = f();` (temporaries.ts)
      if ((s.pointerDepth > 0 || s.reference) && !amp) {
        const space = s.reference ? (s.init ? this.lvalueSpace(s.init) : undefined) : this.pointerSourceSpace(s.name ?? name, s.init, s.arrayDims.length > 0);
        if (!space) {
          this.error('C2M1005', `cannot tell which memory '${name}' points into${this.mixedSpaces(s.init)}`, d);
          continue;
        }
        if (s.pointerDepth > 1) this.error('C2M1005', `'${name}' is a pointer to a pointer; Metal needs the address space of each level, which is not translated yet`, d);
        if (s.init && !s.reference) this.hoistString(s.init);
        if (s.init && space === 'thread') this.view.notePointsIntoThis(s.init);
        entries.push({ d, space });
        this.syms.set(name, s.reference ? { storage: space, isArray: false } : { storage: 'thread', pointee: space, isArray: false });
      } else if (typeNode && !s.reference && s.arrayDims.length === 0 && pointerTypedef(this.program, typeNode.text)) {
        entries.push({ d, space: null }); // `param_t q`: the typedef says device (typed.ts: pointerTypedef)
        this.syms.set(name, { storage: 'thread', pointee: 'device', isArray: false });
      } else {
        entries.push({ d, space: null });
        this.syms.set(name, { storage: 'thread', isArray: s.arrayDims.length > 0, type: typeNode ? normType(typeNode.text) : undefined });
      }
    }
    const spaces = new Set(entries.map((e) => e.space));
    if (!typeNode || !entries.some((e) => e.space)) return;
    if (spaces.size === 1) {
      this.qualifyPointee(typeNode, entries[0]!.space!);
      return;
    }
    // `float acc, *p = s;`: the space belongs to one declarator only, so each gets its own
    // declaration (on the same line): `float acc; threadgroup float *p = s;`.
    const first = entries[0]!.d;
    const specs = this.edits.apply(n.startIndex, first.startIndex).trimEnd();
    const parts = entries.map((e) => `${e.space ? `${e.space} ` : ''}${specs} ${this.edits.apply(e.d.startIndex, e.d.endIndex)};`);
    this.edits.replace(n.startIndex, n.endIndex, parts.join(' '));
  }

  /** Space of a local pointer: from its initialiser, else from the first assignment to it (typed.ts). */
  private pointerSourceSpace(name: SyntaxNode | string, init: SyntaxNode | null, elements = false): Space | undefined {
    return this.view.pointerSource(name, init, elements);
  }

  /** The address space an expression of pointer (or array) type points into (typed.ts). */
  private spaceOf(e: SyntaxNode): Space | undefined {
    return this.view.pointsInto(e);
  }

  /** The address space an lvalue lives in (for `&x` and reference bindings; typed.ts). */
  private lvalueSpace(e: SyntaxNode): Space | undefined {
    return this.view.referenceBinding(e);
  }

  /**
   * `SharedMemory<T>()`, `smem`, `smem.getPointer()` (sharedAccessor.ts) → `(threadgroup T*)__smem`,
   * the kernel's [[threadgroup(0)]] parameter. False when `n` is none of these.
   */
  private rewriteAccessor(n: SyntaxNode): boolean {
    const use = accessorExpression(n, this.program, this.accessorVars);
    if (!use) return false;
    // A kernel reads its [[threadgroup(0)]] parameter; a helper the memory its kernel passes down (externShared.ts).
    const memory = this.fn.role === 'kernel' ? this.dynamicShared?.name : helperNeedsDynamicShared(this.program, this.fn.name) ? DYNAMIC_SHARED_PARAM : undefined;
    if (!memory) {
      this.error('C2M1007', `'${n.text}' reads the kernel's dynamic shared memory (through ${use.accessor.type}) in a device function; Metal allows threadgroup memory only at kernel scope: convert in the kernel and pass the pointer to the helper`, n);
      return true;
    }
    const elemType = normType(use.elem.replace(/\bconst\b/g, ''));
    const elem = this.memoryLayoutType(elemType, n) ?? this.mslScalarType(elemType, n);
    // `smem[i]` / `*smem` (element operators): the pointer is indexed or dereferenced, so it is parenthesised.
    const operand = n.parent?.type === 'subscript_expression' || n.parent?.type === 'pointer_expression' || n.parent?.type === 'field_expression';
    const pointer = `(threadgroup ${elem}*)${memory}`;
    this.edits.replace(n.startIndex, n.endIndex, operand ? `(${pointer})` : pointer);
    return true;
  }

  private visitCast(n: SyntaxNode): void {
    const t = n.childForFieldName('type');
    const v = n.childForFieldName('value');
    if (v) this.visit(v);
    if (t) this.qualifyTypeDescriptor(t, v, n);
  }

  /** `(float4*)p` → `(device float4*)p`: pointer types in casts need the operand's space. */
  private qualifyTypeDescriptor(t: SyntaxNode, operand: SyntaxNode | null | undefined, at: SyntaxNode): void {
    const typeNode = t.childForFieldName('type');
    if (typeNode) this.visitType(typeNode);
    const shape = declaratorShape(t.childForFieldName('declarator'));
    if (shape.pointerDepth === 0 && !shape.reference) return;
    const space = operand ? (shape.reference ? this.lvalueSpace(operand) : this.spaceOf(operand)) : undefined;
    if (!space) {
      this.error('C2M1005', `cannot tell which memory the cast '${at.text.slice(0, 40)}' points into`, at);
      return;
    }
    if (operand && !shape.reference) this.hoistString(operand);
    const ofThis = !!operand && space === 'thread' && this.pointsIntoThis(operand, shape.reference);
    if (shape.pointerDepth === 2 && !shape.reference) {
      // `(void**)&q` → `(threadgroup void* thread*)&q`: each level in its space (typed.ts: innerOf).
      const inner = operand ? this.view.innerOf(operand) : undefined;
      const innerStar = t.childForFieldName('declarator')?.childForFieldName('declarator');
      if (!inner || innerStar?.type !== 'abstract_pointer_declarator') {
        this.error('C2M1005', `cannot tell which memory the pointers the cast '${at.text.slice(0, 40)}' points to point into`, at);
        return;
      }
      if (typeNode) this.qualifyPointee(typeNode, inner);
      this.edits.insert(innerStar.startIndex, `${this.file.text[innerStar.startIndex - 1] === '*' ? ' ' : ''}${space} `);
      return;
    }
    if (typeNode) this.qualifyPointee(typeNode, space, ofThis);
  }

  /** `cg::this_thread_block()` → `cg::this_thread_block(threadIdx, blockIdx, blockDim)`; `cg::sync(cta)` as written (cooperativeGroups.ts). */
  private visitCooperativeGroupsCall(f: SyntaxNode, name: string, args: SyntaxNode | null): void {
    visitCooperativeGroupsCall(this.pass, f, name, args, (e) => this.spaceOf(e));
  }

  /** grid.sync(): refused where it is written (cooperativeGroups.ts). */
  private gridSyncError(n: SyntaxNode): void {
    gridSyncError(this.pass, n);
  }

  /** Registers the cooperative-groups prelude for a supported name; diagnoses the others (cooperativeGroups.ts). */
  private cooperativeGroupsName(n: SyntaxNode, name: string): boolean {
    return cooperativeGroupsName(this.pass, n, name);
  }

  private visitCall(n: SyntaxNode): void {
    const written = n.childForFieldName('function');
    const args = n.childForFieldName('arguments');
    const argNodes = args?.namedChildren ?? [];
    for (const c of n.namedChildren) if (!sameNode(c, written)) this.visit(c);
    if (!written) return;
    if (written.type === 'field_expression') this.noteMemberCallSpace(written);
    if (/^(__shfl(_up|_down|_xor)?|__match_(any|all))(_sync)?$/.test(written.text) && argNodes[1]) {
      // Metal's simd_shuffle takes 32-bit values at most: a 64-bit integer is shuffled as its two
      // 32-bit halves, by overloads of simd_shuffle* the MSL gets (tables/warps.ts: SHUFFLE64).
      const t = this.view.typeOf(written.text.endsWith('_sync') ? argNodes[1] : argNodes[0]!);
      // A template parameter (`WARP_SHFL_DOWN<T>`, instantiated with int64_t) may be 64-bit too:
      // the overloads only exist for long/ulong, so they cost nothing for other instances.
      if ((t.kind === 'scalar' && t.scalar.cls === 'int' && t.scalar.bits === 64) || t.kind === 'param') this.program.polyfills.set(SHUFFLE64.key, SHUFFLE64.definition);
    }
    // `::max(a, b)`: the name alone, resolved as below (builtinOverloads.ts).
    const global = globalScopeName(written);
    if (global) this.edits.replace(written.startIndex, global.startIndex, '');
    // `std::sqrt(x)`: the scope goes, the call is the Functions table's `sqrt(x)` (stdNames.ts).
    const std = global ? null : stdFunctionName(written, this.program);
    if (std && std !== written) this.edits.replace(written.startIndex, std.startIndex, '');
    // `thrust::complex<float>(c, s)`, `std::pair<int, int>(a, b)`: the construction of our struct (visitType).
    const builtType = global ? null : stdClassTemplateUse(written);
    if (builtType && STD_POLYFILLED_TEMPLATES.has(builtType.name) && this.stdClassTemplate(written)) return;
    const polyfilled = global ? null : stdPolyfilledFunction(written, this.program);
    if (polyfilled) {
      // `std::make_pair(a, b)`, `thrust::tie(x, y)`: functions of ours next to cu2m_pair (stdNames.ts).
      const pair = STD_POLYFILLED_TEMPLATES.get(polyfilled.of ?? 'pair')!;
      this.program.polyfills.set(pair.msl, pair.definition);
      this.program.polyfills.set(polyfilled.msl, polyfilled.definition);
      this.edits.replace(written.startIndex, polyfilled.end, polyfilled.msl);
      return;
    }
    if (!global && stdValueCategoryCast(written, this.program)) {
      this.edits.replace(written.startIndex, written.endIndex, ''); // `std::forward<T>(t)` → `(t)` (stdNames.ts)
      return;
    }
    const f = global ?? std ?? namespaceQualifiedRest(written, this.program) ?? written;
    const cg = cgNameOf(f, this.program);
    if (cg !== null && !this.syms.has(cg)) {
      this.visitCooperativeGroupsCall(f, cg, args);
      // `cg::plus<double>()`: the template's arguments are types to translate (double → f64).
      for (const t of f.descendantsOfType('template_argument_list')) for (const c of t.namedChildren) this.visit(c);
      return;
    }
    if (f.type === 'field_expression' && f.childForFieldName('field')?.text === 'sync') {
      const obj = f.childForFieldName('argument');
      if (obj && isGridGroup(obj, this.fn.node)) this.gridSyncError(f);
    }
    const bigTile = f.type === 'field_expression' ? bigTileSimdCall(n, this.fn.body, this.program.constants) : null;
    if (bigTile) this.error('C2M1002', `thread_block_tile<${bigTile.size}>::${bigTile.op}: a tile larger than a SIMD group (32 threads) cannot shuffle or vote in Metal (sync, thread_rank, size, meta_group_rank/size and cg::reduce work on it)`, f);
    if (f.type === 'template_function') {
      const name = f.childForFieldName('name')?.text ?? '';
      if (/^(static|reinterpret|const)_cast$/.test(name)) {
        const targs = f.childForFieldName('arguments')?.namedChildren[0];
        if (targs?.type === 'type_descriptor') this.qualifyTypeDescriptor(targs, argNodes[0], n);
        return;
      }
      const callee = this.program.definitions.get(name);
      if (callee?.template && (callee.role === 'device' || callee.role === 'hostdevice')) {
        // `f<float>(x)`: a device function template, instantiated by the Metal compiler.
        for (const a of f.childForFieldName('arguments')?.namedChildren ?? []) {
          if (a.type === 'type_descriptor') this.visitType(a);
          else this.visit(a); // `f<alignof(double2)>(x)`: a value argument names types too
        }
        this.rewriteDeviceCall(n, callee, argNodes);
        return;
      }
      if (!callee && this.program.definedTypes.has(name)) {
        // `Pair<T>(a, b)`: a class template of the file constructed (a functional cast).
        const nameNode = f.childForFieldName('name');
        const renamed = collidingTypeRename(name, this.program.definedTypes); // `fragment<...>()` → `fragment_<...>()`
        if (nameNode && renamed) this.edits.replace(nameNode.startIndex, nameNode.endIndex, renamed);
        for (const a of f.childForFieldName('arguments')?.namedChildren ?? []) {
          if (a.type === 'type_descriptor') this.visitType(a);
          else this.visit(a); // `A<alignof(double2)>(x)`
        }
        return;
      }
      const texRow = TEXTURE_FUNCTION_BY_NAME.get(name);
      if (texRow) {
        const targs = f.childForFieldName('arguments')?.namedChildren ?? [];
        this.rewriteTextureCall(n, f, texRow, argNodes, targs.length === 1 ? normType(targs[0]!.text) : null);
        return;
      }
      if (!callee && this.fn.name.includes('::') && isClassMemberFunctionName(n.tree, name)) {
        // `next<std::uint32_t>()` in an out-of-class member definition: this->next<...>(), kept.
        for (const a of f.childForFieldName('arguments')?.namedChildren ?? []) this.visit(a);
        return;
      }
      if (n.children.some((c) => c.type === 'kernel_call_syntax')) this.error('C2M1001', `launching the kernel template '${f.text}' from device code is not translated yet (only kernels that are not templates)`, f);
      else this.error('C2M1001', `call of the template function '${f.text}' is not translated yet`, f);
      return;
    }
    this.passMemberHiddenArgs(n, argNodes);
    this.functorCallSpaces(n, f, argNodes);
    if (f.type === 'field_expression') this.memberCallThroughObject(f, argNodes);
    if (f.type !== 'identifier') {
      // `(clock_t)(a - b)` parses as a call of a parenthesized name: a cast to a renamed type.
      const inner = f.type === 'parenthesized_expression' && f.namedChildren.length === 1 ? f.namedChildren[0]! : null;
      const renamed = inner?.type === 'identifier' && !this.syms.has(inner.text) ? TYPE_RENAMES.get(inner.text) : undefined;
      if (inner && renamed) this.edits.replace(inner.startIndex, inner.endIndex, renamed);
      else this.visit(f);
      return;
    }
    const name = f.text;
    if (this.syms.has(name) || this.program.functionMacros.has(name)) return;
    // `uint(x)`, `real_t(x)`: a functional cast written with a type name, not a call.
    // (`short(x)`, `unsigned(x)`: the same with a one-word built-in type; MSL writes it alike.)
    if (!this.program.definitions.has(name) && (this.program.definedTypes.has(name) || KNOWN_DEVICE_TYPES.has(name) || TYPE_RENAMES.has(name) || FUNCTIONAL_CAST_WORDS.has(name))) {
      const r = TYPE_RENAMES.get(name);
      if (r) this.edits.replace(f.startIndex, f.endIndex, r);
      return;
    }
    // 64-bit and double atomics: under the address's lock (atomics64.ts), or refused where CUDA has no such overload.
    if (isAtomicName(name) && this.rewriteAtomic64(n, f, name, argNodes)) return;
    const builtin = FUNCTION_BY_NAME.get(name)?.category !== 'vector' && FUNCTION_BY_NAME.has(name) && callsBuiltinBesideOverloads(this.program, this.view, name, argNodes);
    // Software double's overloads (f64Prelude.ts) are global functions: not `metal::` then.
    const qualify = builtin && !argNodes.some((a) => this.isDoubleExpr(a));
    const callee = builtin ? undefined : this.program.definitions.get(name);
    if (callee && (callee.role === 'device' || callee.role === 'hostdevice')) {
      // helper_math.h-style overloads of make_float3 & co. replace the table's rename; CUDA's own
      // component-wise form, which they call, is then added to the MSL beside them.
      const vec = FUNCTION_BY_NAME.get(name)?.category === 'vector' ? /^make_(\w+?)([234])$/.exec(name) : null;
      const row = FUNCTION_BY_NAME.get(name);
      if (vec && row?.map.kind === 'rename') {
        const t = row.map.msl;
        const e = t.slice(0, -1);
        const comps = ['x', 'y', 'z', 'w'].slice(0, Number(vec[2]));
        this.program.polyfills.set(name, `// ${name}(${comps.join(', ')}): CUDA's own form, beside the program's overloads\ninline ${t} ${name}(${comps.map((c) => `${e} ${c}`).join(', ')}) { return ${t}(${comps.join(', ')}); }`);
      }
      this.rewriteDeviceCall(n, callee, argNodes);
      return;
    }
    if (callee?.role === 'kernel') {
      const launch = n.children.find((c) => c.type === 'kernel_call_syntax');
      if (launch) {
        // `k<<<g, b>>>(...)` in device code: a record the runtime launches after this grid (deviceLaunch.ts).
        rewriteDeviceLaunch(this.pass, n, callee, launch, argNodes.filter((a) => a.type !== 'comment'), (p) => this.launchParamType(p));
        return;
      }
      this.error('C2M1001', `kernel '${name}' called as a function; kernels can only be launched from host code`, f);
      return;
    }
    if (name === 'printf' && !callee) {
      this.rewritePrintf(n, f, argNodes.filter((a) => a.type !== 'comment'));
      return;
    }
    if ((name === 'memcpy' || name === 'memset' || name === '__pipeline_memcpy_async') && !callee) {
      this.rewriteMemCall(f, name, argNodes.filter((a) => a.type !== 'comment'));
      return;
    }
    if (TRAP_FUNCTIONS.has(name) && !callee) {
      rewriteTrap(this.pass, n, name, argNodes.filter((a) => a.type !== 'comment'));
      return;
    }
    if (ADDRESS_SPACE_TESTS.has(name) && !callee) {
      this.foldSpaceTest(n, name, argNodes.filter((a) => a.type !== 'comment'));
      return;
    }
    if ((name === 'clock' || name === 'clock64') && !callee && argNodes.length === 0) {
      this.program.polyfills.set('cu2m_clock64', CLOCK_POLYFILL);
      this.edits.replace(n.startIndex, n.endIndex, `cu2m_clock64(${PRINTF_BUFFER})`);
      return;
    }
    if (name === 'assert' && !callee) {
      this.rewriteAssert(n, argNodes.filter((a) => a.type !== 'comment'));
      return;
    }
    const texRow = callee ? undefined : TEXTURE_FUNCTION_BY_NAME.get(name);
    if (texRow) {
      this.rewriteTextureCall(n, f, texRow, argNodes, null);
      return;
    }
    if (!callee && FP8_TYPES.has(name)) {
      addFp8Prelude(this.program.polyfills, this.file.text); // `__nv_fp8_e4m3(x)`: an fp8 class constructed (tables/fp8.ts)
      return;
    }
    if (!callee && this.nanOrComplexDouble(n, f, name)) return; // complexDouble.ts
    if (this.refusedUnderSoftDouble(name, argNodes, f)) return;
    if (this.softDoubleOnly(name, argNodes)) return;
    const row = halfOverload(name, argNodes.length > 0 && argNodes.every((a) => this.intKind(a) !== undefined)) ?? FUNCTION_BY_NAME.get(name);
    if (!row && !callee && (isMemberOfEnclosingClass(n, name) || isDeviceHiddenFriend(n.tree, name))) {
      if (isMemberOfEnclosingClass(n, name)) this.checkMemberCallSpaces(name, argNodes); // `next()` inside a method: this->next() (typeNameUses.ts)
      return;
    }
    if (!row && !callee && isFieldOfEnclosingClass(n, name)) return; // `scalar_op(a, b)`: a functor member's operator() (typeNameUses.ts)
    if (!row) {
      const what = callee?.role === 'host' ? 'a host function' : 'not a __device__ function of this file and has no Metal equivalent';
      this.error('C2M1002', `device code calls '${name}', which is ${what}`, f);
      return;
    }
    const m = row.map;
    switch (m.kind) {
      case 'same':
        if (qualify) this.edits.replace(f.startIndex, f.endIndex, `metal::${name}`); // beside the program's overloads
        if (convertsArgs(name)) this.convertArgs(name, argNodes);
        else if (row.category === 'math') this.floatArgs(argNodes, name);
        return;
      case 'rename':
        this.edits.replace(f.startIndex, f.endIndex, qualify && /^\w+$/.test(m.msl) ? `metal::${m.msl}` : m.msl);
        if (convertsArgs(name)) this.convertArgs(name, argNodes);
        else if (row.category === 'math') this.floatArgs(argNodes, name);
        return;
      case 'polyfill':
        if (name.startsWith('__nv_cvt_')) addFp8Prelude(this.program.polyfills, this.file.text); // fp8 (tables/fp8.ts)
        for (const [key, text] of m.requires ?? []) this.program.polyfills.set(key, text); // shared helpers first, once (tables/floatMath.ts)
        this.program.polyfills.set(m.msl, m.definition);
        if (row.category === 'half') addBf16Helpers(this.program.polyfills, name, this.file.text);
        if (row.category === 'atomic') addAtomicOverloads(this.program.polyfills, m.msl, this.file.text); // atomics.ts
        this.edits.replace(f.startIndex, f.endIndex, m.msl);
        return;
      case 'replace': {
        const argText = argNodes.map((a) => this.edits.apply(a.startIndex, a.endIndex));
        if (row.subWarp && subWarpWidth(name, argNodes)) {
          // Segments of `width` lanes: a helper with CUDA's rules and the caller's lane (tables/warps.ts).
          this.program.polyfills.set(LANE_ID.name, LANE_ID.definition);
          this.program.polyfills.set(row.subWarp.msl, row.subWarp.definition);
          const first = row.fullWarpArg! - 3; // value, lane or delta, width: after the mask when there is one
          this.edits.replace(n.startIndex, n.endIndex, `${row.subWarp.msl}(${argText.slice(first, first + 3).join(', ')}, ${LANE_ID.call})`);
          return;
        }
        if (BLOCK_VOTE_FUNCTIONS.has(name)) this.program.polyfills.set(BLOCK_VOTE_PRELUDE_KEY, BLOCK_VOTE_PRELUDE);
        const text = m.msl
          .replace('$FLAGS', this.barrierFlags)
          .replace(/\$L(\d)/g, (_, i: string) => laneModulo32(argText[Number(i) - 1] ?? ''))
          .replace(/\$(\d)/g, (_, i: string) => argText[Number(i) - 1] ?? '');
        this.edits.replace(n.startIndex, n.endIndex, text);
        return;
      }
      case 'unsupported':
        this.error('C2M1002', `'${name}' is not supported in device code yet: ${m.reason}`, f);
        return;
    }
  }

  /** nan(tag)/nanf(tag): a quiet NaN, a literal tag's number in its payload; cuDoubleComplex's functions refused without software double (complexDouble.ts). */
  private nanOrComplexDouble(n: SyntaxNode, f: SyntaxNode, name: string): boolean {
    if (complexDoubleRefused(name, this.options.double)) {
      this.error('C2M1003', `'${name}': ${NO_SOFT_COMPLEX_DOUBLE}`, f);
      return true;
    }
    const arg = n.childForFieldName('arguments')?.namedChildren[0];
    const tag = arg?.type === 'string_literal' && arg.namedChildren.every((c) => c.type === 'string_content') ? arg.namedChildren.map((c) => c.text).join('') : undefined;
    const nan = nanCall(name, this.options.double, tag);
    if (nan === undefined) return false;
    if (nan === null) this.error('C2M1003', `'nan' returns a double, which Metal does not have (--double=error); use nanf, or software double (--double=soft)`, f);
    else this.edits.replace(n.startIndex, n.endIndex, nan);
    return true;
  }

  /**
   * Does the kernel modify its by-value parameter `name`? Assignments to it or its fields
   * (`color.w = 1`), ++/--, `&name`, or passing it to a helper's non-const reference parameter.
   * Then it is bound as `constant T& name_arg` and copied into a local.
   */
  private scalarWritten(body: SyntaxNode, name: string): boolean {
    if (isAssigned(body, name) || isAssigned(body, name, true)) return true;
    for (const call of nodesOfTypeIn(body, ['call_expression'])) {
      const callee = this.program.definitions.get(call.childForFieldName('function')?.text ?? '');
      if (!callee) continue;
      const args = call.childForFieldName('arguments')?.namedChildren ?? [];
      if (args.some((a, i) => a.type === 'identifier' && a.text === name && callee.params[i]?.reference && !callee.params[i]?.isConst)) return true;
    }
    return false;
  }

  /** min/max/abs/umin/llabs...: arguments converted to the type CUDA computes in (mathCalls.ts). */
  private convertArgs(name: string, args: readonly SyntaxNode[]): void {
    this.math.convertArgs(name, args);
  }

  /** printf → a record in the printf buffer (printfCalls.ts). */
  private rewritePrintf(n: SyntaxNode, f: SyntaxNode, args: readonly SyntaxNode[]): void {
    rewritePrintf(this.pass, n, f, args);
  }

  /**
   * memcpy(dst, src, n) / memset(dst, v, n) in device code → `cu2m_memcpy((thread uchar*)(dst),
   * (const device uchar*)(src), n)`: each pointer cast to bytes in the memory it points into.
   */
  private rewriteMemCall(f: SyntaxNode, name: 'memcpy' | 'memset' | '__pipeline_memcpy_async', args: readonly SyntaxNode[]): void {
    const arity = name === '__pipeline_memcpy_async' ? [3, 4] : [3];
    if (!arity.includes(args.length)) {
      this.error('C2M1002', `'${name}' takes ${arity.join(' or ')} arguments in device code, not ${args.length}`, f);
      return;
    }
    const pointers = name === 'memset' ? [0] : [0, 1];
    const spaces = pointers.map((i) => this.spaceOf(args[i]!));
    for (const [k, i] of pointers.entries()) {
      const a = args[i]!;
      const space = spaces[k];
      if (!space) {
        this.error('C2M1005', `cannot tell which memory argument '${a.text}' of '${name}' points into`, a);
        return;
      }
      this.edits.insert(a.startIndex, `(${i === 1 ? 'const ' : ''}${space} uchar*)(`);
      this.edits.insert(a.endIndex, ')');
    }
    const m = FUNCTION_BY_NAME.get(name)?.map;
    if (m?.kind !== 'polyfill') return;
    this.program.polyfills.set(m.msl, m.definition);
    this.edits.replace(f.startIndex, f.endIndex, m.msl);
  }

  /**
   * `__isGlobal(p)`, `__isShared(p)`, `__isConstant(p)`, `__isLocal(p)`: Metal pointers carry their
   * address space in their type, so the answer is known here: `1u` or `0u` (C2M1005 where it is not).
   */
  private foldSpaceTest(n: SyntaxNode, name: string, args: readonly SyntaxNode[]): void {
    const want = ADDRESS_SPACE_TESTS.get(name)!;
    if (args.length !== 1) {
      this.error('C2M1002', `'${name}' takes one pointer`, n);
      return;
    }
    const space = this.spaceOf(args[0]!);
    if (!space) {
      this.error('C2M1005', `cannot tell which memory '${args[0]!.text}' points into, so '${name}' cannot be answered (Metal pointers have no run-time address space to test)`, args[0]!);
      return;
    }
    this.edits.replace(n.startIndex, n.endIndex, `${space === want ? '1u' : '0u'} /* ${name}: ${space} */`);
  }

  /** assert(cond) → CUDA's message in the printf buffer; the runtime fails the launch (printfCalls.ts). */
  private rewriteAssert(n: SyntaxNode, args: readonly SyntaxNode[]): void {
    if (isMemberFunction(this.fn.node) && !takesHiddenParams(this.fn.node)) {
      // An operator or copy constructor cannot take the printf buffer and built-ins (C2M1016).
      this.error('C2M1016', `assert in '${this.fn.name}' is not checked on the device: an operator or copy constructor cannot take the printf buffer and built-ins it needs`, n);
      this.edits.replace(n.startIndex, n.endIndex, '((void)0)');
      return;
    }
    rewriteAssert(this.pass, n, args, this.options.defines);
  }

  // ---- math calls: the arguments' types (mathCalls.ts) --------------------------------------

  private floatArgs(args: readonly SyntaxNode[], fn: string): void {
    this.math.floatArgs(args, fn);
  }

  private refusedUnderSoftDouble(name: string, args: readonly SyntaxNode[], at: SyntaxNode): boolean {
    return this.math.refusedUnderSoftDouble(name, args, at);
  }

  private softDoubleOnly(name: string, args: readonly SyntaxNode[]): boolean {
    return this.math.softDoubleOnly(name, args);
  }

  /**
   * `c ? shared[i] : identity` with a struct in threadgroup memory and one in thread memory: C++
   * finds no common type for two lvalues of different address spaces, so both arms are read as values
   * (`cu2m_value(shared[i])`: a copy in thread memory, what the conditional yields anyway).
   */
  private unifyBranchSpaces(n: SyntaxNode): void {
    const arms = [n.childForFieldName('consequence'), n.childForFieldName('alternative')];
    if (!arms[0] || !arms[1]) return;
    // Only two lvalues clash (`x ? buf[i] : 0` converts the other arm as usual).
    const lvalue = (e: SyntaxNode): boolean => (e.type === 'parenthesized_expression' && e.namedChildren.length === 1 ? lvalue(e.namedChildren[0]!) : ['identifier', 'subscript_expression', 'field_expression'].includes(e.type) || (e.type === 'pointer_expression' && e.child(0)?.type === '*'));
    if (!lvalue(arms[0]) || !lvalue(arms[1])) return;
    const spaces = arms.map((a) => (a ? this.lvalueSpace(a) : undefined));
    if (!spaces[0] || !spaces[1] || spaces[0] === spaces[1]) return;
    const kinds = arms.map((a) => (a ? this.view.typeOf(a).kind : 'unknown'));
    if (!kinds.some((k) => k === 'struct' || k === 'param')) return;
    this.program.polyfills.set(VALUE_COPY.key, VALUE_COPY.definition);
    arms.forEach((a, i) => {
      if (!a || spaces[i] === undefined) return;
      this.edits.insert(a.startIndex, `${VALUE_COPY.key}(`);
      this.edits.insert(a.endIndex, ')');
    });
  }

  private unifyDoubleBranches(n: SyntaxNode): void {
    this.math.unifyDoubleBranches(n);
  }

  private intKind(e: SyntaxNode): 'int' | 'uint' | undefined {
    return this.math.intKind(e);
  }

  private isDoubleExpr(e: SyntaxNode): boolean {
    return this.math.isDoubleExpr(e);
  }

  private integralOrOpaque(e: SyntaxNode): boolean {
    return this.math.integralOrOpaque(e);
  }

  /** `thread` → `thread_`: CUDA names that are Metal keywords. */
  private renameDeclared(n: SyntaxNode | null): void {
    if (n?.type === 'identifier' && MSL_RESERVED_IDENTIFIERS.has(n.text)) this.edits.replace(n.startIndex, n.endIndex, mslName(n.text));
  }

  private rewriteDeviceCall(n: SyntaxNode, callee: FunctionFacts, argNodes: SyntaxNode[]): void {
    // Texture objects passed on: their sampler travels with them.
    for (const a of argNodes) {
      const b = a.type === 'identifier' ? this.textures.get(a.text) : undefined;
      if (b?.sampler) this.edits.insert(a.endIndex, `, ${samplerName(mslName(a.text))}`);
    }
    // The program's own dot()/clamp()/... would be ambiguous with metal:: under `using namespace metal`.
    const fn = n.childForFieldName('function');
    const f = fn?.type === 'template_function' ? fn.childForFieldName('name') : fn;
    if (f && MSL_LIBRARY_FUNCTIONS.has(callee.name)) this.edits.replace(f.startIndex, f.endIndex, `::${callee.name}`);
    else this.renameDeclared(f);
    // Comments between arguments (`/* exp_sums */ nullptr`) are no arguments.
    const actual = argNodes.filter((a) => a.type !== 'comment');
    // `dot4({x, y, z, 0}, b)`: Metal (clang) cannot convert a braced list argument to a vector
    // parameter, so the list is written as the vector's constructor, `float4(x, y, z, 0)`.
    callee.params.forEach((p, i) => {
      const a = actual[i];
      const t = normType(p.typeNode?.text ?? '').replace(/^const\s+/, '');
      if (a?.type !== 'initializer_list' || p.pointerDepth > 0 || p.isArray || (p.reference && !p.isConst) || !BRACED_VECTOR_TYPES.test(t)) return;
      const open = a.child(0);
      const close = a.child(a.childCount - 1);
      if (open?.type !== '{' || close?.type !== '}') return;
      this.edits.replace(open.startIndex, open.endIndex, `${t}(`);
      this.edits.replace(close.startIndex, close.endIndex, ')');
    });
    const spaces = callee.params.map((p, i) => {
      if (p.pointerDepth === 0 && !p.isArray && !p.reference) return null;
      if (constRefByValue(this.program, callee, i)) return 'thread' as Space; // temporaries.ts
      const a = actual[i];
      if (!a) return null;
      // A null pointer converts to a pointer of any space: the space another call of the helper
      // gives this parameter, else device (addressSpaces.ts).
      if (!p.reference && isNullPointer(a)) return nullArgumentSpace(this.calls, callee, i);
      if (!p.reference) this.hoistString(a);
      // A temporary bound to a `const T&` the helper keeps as a reference: a thread local (materialise.ts).
      if (p.reference && !callee.templateParams && /\bconst\b/.test(p.node.text) && isTemporary(a, this.program) && materialiseTemporary(this.edits, a, this.mslScalarType(this.paramBaseType(p), a), this.fn)) return 'thread' as Space;
      const s = p.reference ? this.lvalueSpace(a) : this.spaceOf(a);
      if (!s) {
        this.error('C2M1005', `cannot tell which memory argument '${a.text}' of '${callee.name}' points into`, a);
        return 'device' as Space;
      }
      if (s === 'thread') this.view.notePointsIntoThis(a, p.reference);
      return s;
    });
    // A function this file only declares (`extern` prototype, defined in another .cu): its
    // definition is translated there with device pointers (the defining file cannot know its
    // callers), so an argument in another space could not be passed: refused here, at the call.
    // Explicit specialisations (`template <> void copy_vector<float, 4>(...)`, softmax-fused) are
    // definitions here: each is emitted once per combination of spaces its calls pass, as any helper.
    if (!callee.body && !enclosingClass(callee.node) && !this.program.functions.some((g) => (g.name === callee.name || baseName(g.name) === callee.name) && g.body)) {
      // The program's other .cu files are asked for this instance (run.ts: prepare); the file that
      // defines the function emits it, and the error below is then withdrawn (foreignMessage).
      // (Device arguments too where this file's prototype says const: the definition may not.)
      const consts = callee.params.map((p) => p.isConst && (p.pointerDepth > 0 || p.isArray));
      if (!callee.templateParams && (consts.some(Boolean) || spaces.some((s, i) => s && s !== 'device' && !callee.params[i]?.reference))) {
        let perProgram = foreignCalls.get(this.program);
        if (!perProgram) foreignCalls.set(this.program, (perProgram = new Map()));
        perProgram.set(`${callee.name}(${spaces.map((s) => s ?? '-').join(',')})`, { name: callee.name, spaces, ...(consts.some(Boolean) ? { consts } : {}) });
      }
      spaces.forEach((s, i) => {
        const a = actual[i];
        if (!s || s === 'device' || !a || callee.params[i]?.reference) return;
        // A template declared here and defined only by explicit specialisations (softmax-fused's
        // copy_vector<T, N>) is in the same case: the specialisations are emitted with device pointers.
        const where = callee.templateParams ? 'is defined only by explicit specialisations or in another file, where its pointer parameters point into device memory' : FOREIGN_DEFINITION;
        this.error('C2M1005', `argument '${a.text.slice(0, 40)}' of '${callee.name}' points into ${s} memory, but '${callee.name}' ${where} (Metal fixes the address space when it compiles the definition); define '${callee.name}' in a header this file includes, or pass device memory`, a);
      });
    }
    // A member function is emitted in its class, with device pointers and thread references
    // (translate.ts), plus one overload per other combination its calls ask for (addressSpaces.ts).
    if (enclosingClass(callee.node) && spaces.some((s, i) => s !== null && s !== (callee.params[i]!.reference ? 'thread' : 'device'))) noteMemberInstance(this.program, callee.node, spaces);
    // Pointer-to-pointer parameters: also what the pointers they point to point into (`&q` → q's space).
    const inner = callee.params.map((p, i) => {
      const a = actual[i];
      if (p.pointerDepth + (p.isArray ? 1 : 0) < 2 || !a) return null;
      if (isNullPointer(a)) return nullArgumentSpace(this.calls.filter((c) => c.inner).map((c) => ({ fn: c.fn, spaces: c.inner! })), callee, i);
      const s = this.view.innerOf(a);
      if (!s && spaces[i]) this.error('C2M1005', `cannot tell which memory the pointers argument '${a.text.slice(0, 40)}' of '${callee.name}' points to point into (Metal needs the space of each level)`, a);
      return s ?? null;
    });
    this.calls.push({ fn: callee, spaces, ...(inner.some((s) => s) ? { inner } : {}) });
    const extra = [...this.program.builtinsOf(callee.name), ...this.program.globalsOf(callee.name).map(mslName), ...(this.program.usesPrintf(callee.name) ? [PRINTF_BUFFER] : []), ...(this.usesAtomic64(callee.name) ? [ATOMIC64_LOCKS] : []), ...(this.shared.callArgs.get(n.startIndex) ?? []), ...(helperNeedsDynamicShared(this.program, callee.name) ? [this.dynamicSharedArgument()] : [])];
    if (extra.length === 0) return;
    const args = n.childForFieldName('arguments');
    if (!args) return;
    this.edits.replace(args.startIndex, args.startIndex + 1, `(${extra.join(', ')}${argNodes.length > 0 ? ', ' : ''}`);
  }
}

/** Is `name` (or, with `through`, memory through it) written anywhere in `body`? */
function isAssigned(body: SyntaxNode, name: string, through = false): boolean {
  const targets = (e: SyntaxNode | null): boolean => {
    if (!e) return false;
    if (!through) return e.type === 'identifier' && e.text === name;
    let cur: SyntaxNode | null = e;
    while (cur && (cur.type === 'subscript_expression' || cur.type === 'field_expression' || cur.type === 'pointer_expression' || cur.type === 'parenthesized_expression')) {
      cur = cur.childForFieldName('argument') ?? cur.namedChildren[0] ?? null;
    }
    return cur?.type === 'identifier' && cur.text === name && !sameNode(cur, e);
  };
  // descendantsOfType filters natively: far cheaper than wrapping every node of the body.
  for (const d of nodesOfTypeIn(body, ['assignment_expression', 'update_expression', 'pointer_expression'])) {
    if (sameNode(d, body)) continue;
    if (d.type === 'assignment_expression' && targets(d.childForFieldName('left'))) return true;
    if (d.type === 'update_expression' && targets(d.childForFieldName('argument'))) return true;
    if (!through && d.type === 'pointer_expression' && d.child(0)?.type === '&' && targets(d.childForFieldName('argument'))) return true;
  }
  return false;
}

/** Is `name` used other than as the base of a plain store `name[i] = v` / `name->f = v`? */
function hasNonStoreUse(body: SyntaxNode, name: string): boolean {
  for (const d of nodesOfTypeIn(body, ['identifier'])) {
    if (d.text !== name || sameNode(d, body)) continue;
    let cur: SyntaxNode = d;
    while (cur.parent && (cur.parent.type === 'subscript_expression' || cur.parent.type === 'field_expression') && sameNode(cur.parent.childForFieldName('argument'), cur)) cur = cur.parent;
    const parent = cur.parent;
    const pureStore = !sameNode(cur, d) && parent?.type === 'assignment_expression' && sameNode(parent.childForFieldName('left'), cur) && parent.child(1)?.type === '=';
    if (!pureStore) return true;
  }
  return false;
}

/**
 * A type name device code uses must be one Metal knows, one our passes map, or one the file
 * defines; anything else (cufftComplex, cg::thread_block, __half...) comes from a header we do not
 * translate, so it is diagnosed here instead of failing in Metal's compiler.
 */
export function checkTypeName(n: SyntaxNode, program: ProgramFacts, diagnostics: Diagnostic[]): void {
  const report = (what: string): void => {
    diagnostics.push(diag('C2M1001', `device code uses the type '${what}', which is not defined in this file and has no Metal equivalent yet`, program.file.name, pos(n.startPosition), pos(n.endPosition)));
  };
  const cg = cgNameOf(n, program);
  if (cg !== null) {
    const row = CG_BY_NAME.get(cg);
    if (row?.support === 'supported' && row.kind === 'type') program.polyfills.set(CG_NAMESPACE, CG_PRELUDE);
    else diagnostics.push(diag('C2M1002', `cooperative_groups::${cg} is not translated yet${row ? `: ${row.note}` : ''}`, program.file.name, pos(n.startPosition), pos(n.endPosition)));
    return;
  }
  if (n.type === 'qualified_identifier') {
    if (stdScalarType(n)) return; // `std::uint8_t`: the scope goes where the type is written
    const std = stdClassTemplateUse(n);
    if (std && STD_POLYFILLED_TEMPLATES.has(std.name)) return; // `std::pair<A, B>`: a struct of ours (visitType)
    if (/^(?:::)?thrust::device_ptr\b/.test(n.text)) {
      // A kernel parameter is the raw pointer (typed.ts: pointerTypedef); elsewhere it keeps its class.
      const param = n.parent?.type === 'parameter_declaration' ? n.parent : null;
      const fn = param?.parent?.parent?.parent;
      if (param && fn && functionRole(fn) === 'kernel') return;
      diagnostics.push(diag('C2M1001', `'${n.text}' in device code is translated as a kernel parameter only (a buffer of its element type): write the raw pointer here (thrust::raw_pointer_cast on the host)`, program.file.name, pos(n.startPosition), pos(n.endPosition)));
      return;
    }
    if (typeScopedParts(n, program)) return; // `Outer::Inner`, `Traits<T>::Acc` (scopedNames.ts)
    const rest = namespaceQualifiedRest(n, program); // `util::Vec3` (namespaces.ts)
    if (rest) {
      checkTypeName(rest, program, diagnostics);
      return;
    }
    report(n.text);
    return;
  }
  if (n.type === 'template_type') {
    // A class template of this file (`Pair<T>`): its arguments are checked where they are visited.
    if (!program.definedTypes.has(n.childForFieldName('name')?.text ?? '')) report(n.text);
    return;
  }
  if (n.type !== 'type_identifier') return;
  const t = n.text;
  if (isMisreadConversionOperator(n)) return; // `__device__ operator int() const` (misread by the grammar)
  const known = (x: string): boolean => KNOWN_DEVICE_TYPES.has(x) || TYPE_RENAMES.has(x) || program.definedTypes.has(x) || TEXTURE_OBJECT_TYPES.has(x);
  if (known(t)) return;
  if (isValueTemplateArgument(n, program)) return; // `Vec<float, N>` (scopedNames.ts)
  const raw = FP16_RAW_TYPES.get(t); // __half_raw & co.: their struct goes into the MSL (tables/fp16raw.ts)
  if (raw) {
    noteRenamedType(program.polyfills, raw.msl);
    program.polyfills.set(t, raw.definition);
    return;
  }
  if (FP8_TYPES.has(t)) {
    addFp8Prelude(program.polyfills, program.file.text); // the fp8 classes and conversions (tables/fp8.ts)
    return;
  }
  const vector1 = VECTOR1_TYPES.get(t); // uchar1 & co.: a struct of one element (tables/moreTypes.ts)
  if (vector1) {
    program.polyfills.set(vector1.key, vector1.definition);
    return;
  }
  const runtimeStruct = RUNTIME_STRUCTS.get(t); // cudaPitchedPtr: the runtime's struct, written into the MSL
  if (runtimeStruct) {
    program.polyfills.set(runtimeStruct.key, runtimeStruct.definition);
    return;
  }
  const refused = REFUSED_TYPES.get(t);
  if (refused) {
    diagnostics.push(diag('C2M1001', `device code uses the type '${t}': ${refused}`, program.file.name, pos(n.startPosition), pos(n.endPosition)));
    return;
  }
  if (isValueOrTypeAlias(n, known)) return; // a value in a type's place, or a macro naming a type (typeNameUses.ts)
  report(t);
}

/** A parameter's type as written in CUDA, without its name and __restrict__: `const float*`. */
function cudaTypeText(p: ParamFacts): string {
  const name = declaratorShape(p.node.childForFieldName('declarator')).name;
  const text = name ? p.node.text.slice(0, name.startIndex - p.node.startIndex) + p.node.text.slice(name.endIndex - p.node.startIndex) : p.node.text;
  return normType(text.split('__restrict__').join('')).replace(/\s*\*/g, '*');
}

/**
 * For `#ifdef __CUDA_ARCH__` / `#if defined(__CUDA_ARCH__)` / `#if __CUDA_ARCH__ >= N` (device code
 * in the first branch) → 'then'; for `#ifndef __CUDA_ARCH__` / `#if !defined(__CUDA_ARCH__)` →
 * 'else'; null when the condition is not about __CUDA_ARCH__.
 */
/** An `#if` condition over __CUDA_ARCH__ alone, evaluated with __CUDA_ARCH__ = 800 (translate.ts defines it); undefined when it names anything else. */
function archCondition(cond: string): boolean | undefined {
  const text = cond
    .replace(/\bdefined\s*\(\s*__CUDA_ARCH__\s*\)|\bdefined\s+__CUDA_ARCH__\b/g, '1')
    .replace(/\b__CUDA_ARCH__\b/g, '800')
    .replace(/\/\/.*$|\/\*.*?\*\//gm, '');
  if (!/^[\d\s()<>=!&|]+$/.test(text)) return undefined;
  let at = 0;
  const tokens = text.match(/\d+|&&|\|\||[<>=!]=|[<>!()]/g) ?? [];
  const peek = (): string | undefined => tokens[at];
  const primary = (): number => {
    const t = tokens[at++];
    if (t === '(') {
      const v = or();
      at++;
      return v;
    }
    if (t === '!') return primary() ? 0 : 1;
    return Number(t);
  };
  const compare = (): number => {
    let v = primary();
    for (let op = peek(); op && /^[<>=!]=?$/.test(op) && op !== '!'; op = peek()) {
      at++;
      const r = primary();
      v = Number(op === '<' ? v < r : op === '>' ? v > r : op === '<=' ? v <= r : op === '>=' ? v >= r : op === '==' ? v === r : v !== r);
    }
    return v;
  };
  const and = (): number => {
    let v = compare();
    while (peek() === '&&') {
      at++;
      const r = compare();
      v = v && r ? 1 : 0;
    }
    return v;
  };
  function or(): number {
    let v = and();
    while (peek() === '||') {
      at++;
      const r = and();
      v = v || r ? 1 : 0;
    }
    return v;
  }
  const v = or();
  return at === tokens.length ? v !== 0 : undefined;
}

export function cudaArchBranch(n: SyntaxNode): 'then' | 'else' | null {
  const cond = (n.childForFieldName('condition') ?? n.childForFieldName('name'))?.text ?? '';
  if (!cond.includes('__CUDA_ARCH__')) return null;
  const negated = n.child(0)?.type === '#ifndef' || /^\s*!\s*defined\b/.test(cond);
  if (n.type === 'preproc_if') {
    // `#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ < 800`: the branch the MSL's __CUDA_ARCH__ (800) takes
    const value = archCondition(cond);
    if (value !== undefined) return value ? 'then' : 'else';
  }
  return negated ? 'else' : 'then';
}

/**
 * `__host__ __device__ operator int() const {...}`: tree-sitter-cuda reads a conversion operator
 * after CUDA qualifiers as a function `int` returning a type named `operator`. The text is right
 * as it stands (Metal has conversion operators); only the name must not be taken for a type.
 */
export function isMisreadConversionOperator(n: SyntaxNode): boolean {
  return n.type === 'type_identifier' && n.text === 'operator' && n.parent?.childForFieldName('type')?.id === n.id && n.parent.childForFieldName('declarator')?.type === 'function_declarator';
}

/** The dimensions after the first of an array parameter (`[NY][NZ]` of `double a[][NY][NZ]`), or ''. */
function arrayParamRows(p: ParamFacts): string {
  const dims = declaratorShape(p.node.childForFieldName('declarator')).arrayDims;
  return dims.slice(0, -1).reverse().map((d) => `[${d.childForFieldName('size')?.text ?? ''}]`).join('');
}

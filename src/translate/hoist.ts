// `__shared__` declared in a `__device__` function, hoisted to the kernels.
//
// Metal allows threadgroup memory only at kernel scope. A helper's static `__shared__` variable is
// one instance per block in CUDA, shared by every call of the helper in that block; so each kernel
// that calls the helper (directly or through other helpers) declares the threadgroup variable once,
// and passes it down the call chain by reference, as an extra parameter after the built-ins:
//
//   __device__ float blockSum(float v) { __shared__ float partial[32]; ... }
//   → float blockSum(uint3 threadIdx, threadgroup float (&partial)[32], float v) { ... }
//   kernel void k(...) { threadgroup float blockSum_partial[32]; /* __shared__ in blockSum() */
//                        ... blockSum(threadIdx, blockSum_partial, x) ... }
//
// The helper's body is unchanged: the parameter has the variable's name and type (a reference to
// the array keeps `sizeof` and the dimensions). Helpers in between receive it under the hoisted
// name (`blockSum_partial`) and pass it on. A function template's variable may use the template's
// parameters (`__shared__ T s[N]`): the call must then name the template arguments
// (`blockSum<float, 256>(v)`), which are substituted into the caller's declaration; two instances
// called from one kernel get two variables, as CUDA has two. A deduced call is diagnosed (C2M1007).
import { diag, type Diagnostic } from '../diagnostics/diagnostic';
import { pos, type SyntaxNode } from '../parse/parse';
import { evalIntExpression } from './constEval';
import type { FunctionFacts, ProgramFacts } from './program';
import { collidingTypeRename } from './tables/reserved';
import { BUFFER_ELEMENT_RENAMES, TYPE_RENAMES, normType } from './tables/types';
import { declaratorShape, specifierTokens } from './syntax';
import { nodesOfTypeIn } from '../parse/nodeIndex';
import { splitTemplateArgs, substitute } from './templates';
import { barrierLoopsVote } from './barrierLoops';
import { BLOCK_VOTE_FUNCTIONS, blockVoteEntry } from './blockVote';
import { fileSharedUsedBy } from './fileShared';

/** One hoisted `__shared__` variable, as one function sees it. */
export interface HoistedShared {
  /** Identifies the storage: declaring function (by position), variable, and type after substitution. */
  readonly key: string;
  /** The function that declares it and the variable's own name. */
  readonly owner: string;
  readonly variable: string;
  /** Element type in MSL (`float`, `volatile packed_float3`) and dimensions (`[32]`, `[16][17]`, '' for a scalar), in this function's terms. */
  readonly type: string;
  readonly dims: string;
  /** CUDA element type, for sizes. */
  readonly cudaType: string;
  /** Its name in this function: the variable's own name in the declaring function, else the hoisted one. */
  readonly name: string;
  /** Declared by this function itself (the declaration is replaced by the parameter). */
  readonly own: boolean;
  /** The same name in every function (the __syncthreads_count counter, blockVote.ts). */
  readonly fixedName?: boolean;
  /** A `__shared__` variable at file scope (fileShared.ts). */
  readonly fileScope?: boolean;
}

export interface SharedPlan {
  readonly entries: readonly HoistedShared[];
  /** Per call of a helper that needs some (by the call's start index): the names to pass, in the callee's order. */
  readonly callArgs: ReadonlyMap<number, readonly string[]>;
  /** Calls whose callee's variable cannot be declared here (deduced template arguments): C2M1007. */
  readonly problems: readonly Diagnostic[];
}

const EMPTY: SharedPlan = { entries: [], callArgs: new Map(), problems: [] };

/** The parameter text of one entry: `threadgroup float (&partial)[32]`, `threadgroup int& count`. */
export function sharedParam(e: HoistedShared): string {
  return e.dims ? `threadgroup ${e.type} (&${e.name})${e.dims}` : `threadgroup ${e.type}& ${e.name}`;
}

/** The kernel's declaration of a callee's entry. */
export function sharedDeclaration(e: HoistedShared): string {
  if (e.fileScope) return `threadgroup ${e.type} ${e.name}${e.dims}; /* __shared__ at file scope */`;
  if (e.fixedName) return `threadgroup ${e.type} ${e.name}${e.dims}; /* __syncthreads_count/and/or */`;
  return `threadgroup ${e.type} ${e.name}${e.dims}; /* __shared__ in ${e.owner}() */`;
}

/** Bytes of the entry in Metal's layout, when its size is a constant; sizeOf gives the element size. */
export function sharedBytes(e: HoistedShared, constants: ReadonlyMap<string, string>, sizeOf: (t: string) => number | undefined): number | undefined {
  let bytes = sizeOf(normType(e.cudaType.replace(/\bvolatile\b/g, '')));
  for (const m of e.dims.matchAll(/\[([^\]]*)\]/g)) {
    const n = evalIntExpression(m[1]!, constants);
    bytes = bytes === undefined || n === undefined ? undefined : bytes * n;
  }
  return bytes;
}

/**
 * A size that names the helper's own constants (`constexpr int W = N / 32; __shared__ T s[W];`)
 * with their values written in, parenthesised: the kernel that declares the variable does not see
 * the helper's locals. Only constants declared before the variable; nested ones are followed.
 */
export function inlineLocalConstants(size: string, body: SyntaxNode, before: number): string {
  if (!/\b(const|constexpr)\b/.test(body.text)) return size;
  const values = new Map<string, string>();
  for (const d of nodesOfTypeIn(body, ['declaration'])) {
    if (d.startIndex >= before || !d.children.some((c) => (c.type === 'type_qualifier' || c.type === 'storage_class_specifier') && /^(const|constexpr)$/.test(c.text))) continue;
    for (const init of d.namedChildren) {
      const name = init.type === 'init_declarator' ? init.childForFieldName('declarator') : null;
      const value = init.childForFieldName('value');
      if (name?.type === 'identifier' && value && value.type !== 'initializer_list') values.set(name.text, value.text);
    }
  }
  let out = size;
  for (let round = 0; round < 8 && values.size > 0; round++) {
    const next = out.replace(/\b[A-Za-z_]\w*\b/g, (id) => (values.has(id) ? `(${values.get(id)!})` : id));
    if (next === out) break;
    out = next;
  }
  return out;
}

/**
 * A type that names the helper's own aliases (`using BlockScan = cub::BlockScan<int, 1024>;
 * __shared__ typename BlockScan::TempStorage t;`, moe-align) with their definitions written in:
 * the kernel that declares the variable, and the helper's parameter, do not see the helper's
 * locals. Only aliases declared before the variable; nested ones are followed.
 */
export function inlineLocalAliases(type: string, body: SyntaxNode, before: number): string {
  if (!/\b(using|typedef)\b/.test(body.text)) return type;
  const aliases = new Map<string, string>();
  for (const a of nodesOfTypeIn(body, ['alias_declaration', 'type_definition'])) {
    if (a.startIndex >= before) continue;
    const aliased = a.childForFieldName('type')?.text;
    if (!aliased) continue;
    if (a.type === 'alias_declaration') {
      const name = a.childForFieldName('name')?.text;
      if (name) aliases.set(name, aliased);
    } else {
      const declarators = a.childrenForFieldName('declarator');
      const only = declarators.length === 1 ? declarators[0] : undefined;
      if (only?.type === 'type_identifier') aliases.set(only.text, aliased);
    }
  }
  let out = type;
  for (let round = 0; round < 8 && aliases.size > 0; round++) {
    const next = out.replace(/(::\s*)?\b([A-Za-z_]\w*)\b/g, (whole, scope: string | undefined, id: string) => (!scope && aliases.has(id) ? aliases.get(id)! : whole));
    if (next === out) break;
    out = next;
  }
  return out;
}

/**
 * The template arguments of a deduced call (`BlockReduce(ngt)` of `template <typename T> void
 * BlockReduce(T &input)`, accuracy) where each template parameter is the whole type of a
 * parameter (`T`, `T &`, `const T &`) whose argument is a variable of the caller declared with a
 * plain type (`int ngt = 0;`); none (C2M1007 follows) when any is not found so.
 */
function deducedTemplateArgs(caller: FunctionFacts, callee: FunctionFacts, call: SyntaxNode): string[] {
  const args = call.childForFieldName('arguments')?.namedChildren.filter((a) => a.type !== 'comment') ?? [];
  const typeOfVariable = (name: string): string | undefined => {
    const param = caller.params.find((p) => p.name === name);
    if (param) return param.pointerDepth === 0 && !param.isArray ? param.typeNode?.text : undefined;
    if (!caller.body) return undefined;
    for (const d of nodesOfTypeIn(caller.body, ['declaration'])) {
      if (d.startIndex > call.startIndex) continue;
      for (const decl of d.childrenForFieldName('declarator')) {
        const shape = declaratorShape(decl);
        if (shape.name?.text === name && shape.pointerDepth === 0 && !shape.reference && shape.arrayDims.length === 0) return d.childForFieldName('type')?.text;
      }
    }
    return undefined;
  };
  const out: string[] = [];
  for (const tp of callee.templateParams ?? []) {
    const at = callee.params.findIndex((p) => p.pointerDepth === 0 && !p.isArray && p.typeNode?.text === tp.name);
    const arg = at >= 0 ? args[at] : undefined;
    const type = arg?.type === 'identifier' ? typeOfVariable(arg.text) : undefined;
    if (!type || !/^[A-Za-z_][\w\s]*$/.test(type) || /\bauto\b/.test(type)) return [];
    out.push(type.trim());
  }
  return out;
}

/** Is this a static `__shared__` declaration (not `extern`)? */
export function isStaticShared(d: SyntaxNode): boolean {
  const toks = specifierTokens(d);
  return toks.some((t) => t.type === '__shared__' || t.text === '__shared__') && !toks.some((t) => t.type === 'extern');
}

/** Computes (and memoises per program) which hoisted variables each function takes or declares. */
export class SharedHoister {
  private readonly plans = new Map<number, SharedPlan>();
  private readonly active = new Set<number>();

  private constructor(private readonly program: ProgramFacts) {}

  private static readonly cache = new WeakMap<ProgramFacts, SharedHoister>();
  static of(program: ProgramFacts): SharedHoister {
    let h = SharedHoister.cache.get(program);
    if (!h) SharedHoister.cache.set(program, (h = new SharedHoister(program)));
    return h;
  }

  plan(fn: FunctionFacts): SharedPlan {
    const id = fn.node.startIndex;
    const done = this.plans.get(id);
    if (done) return done;
    if (!fn.body || this.active.has(id)) return EMPTY; // recursion is diagnosed elsewhere (C2M1015)
    this.active.add(id);
    const entries: HoistedShared[] = [];
    const names = new Set<string>();
    const callArgs = new Map<number, string[]>();
    const problems: Diagnostic[] = [];
    const file = this.program.file.name;
    // (Declarations only, filtered natively, and none at all in a body without `__shared__`.)
    const body = fn.body;
    if (fn.role !== 'kernel' && body.text.includes('__shared__')) {
      for (const d of body.descendantsOfType('declaration')) {
        if (!isStaticShared(d)) continue;
        const typeNode = d.childForFieldName('type');
        if (!typeNode) continue;
        const cudaType = normType(inlineLocalAliases(typeNode.text, body, d.startIndex));
        const volatileQ = d.namedChildren.some((c) => c.type === 'type_qualifier' && c.text === 'volatile') ? 'volatile ' : '';
        const mslType = BUFFER_ELEMENT_RENAMES.get(cudaType) ?? TYPE_RENAMES.get(cudaType) ?? collidingTypeRename(cudaType, this.program.definedTypes) ?? cudaType;
        for (const decl of d.childrenForFieldName('declarator')) {
          const s = declaratorShape(decl);
          if (!s.name || s.pointerDepth > 0 || s.reference) continue;
          const dims = [...s.arrayDims].reverse().map((a) => `[${inlineLocalConstants(a.childForFieldName('size')?.text ?? '', body, d.startIndex)}]`).join('');
          const variable = s.name.text;
          names.add(variable);
          entries.push({ key: `${id}:${variable}:${volatileQ}${mslType}${dims}`, owner: fn.name, variable, type: `${volatileQ}${mslType}`, dims, cudaType: `${volatileQ}${cudaType}`, name: variable, own: true });
        }
      }
    }
    for (const e of fileSharedUsedBy(this.program, fn.body)) entries.push(e);
    const byKey = new Map(entries.map((e) => [e.key, e]));
    // A loop with barriers made block-uniform votes (barrierLoops.ts).
    if (fn.role === 'kernel' && barrierLoopsVote(this.program, fn)) {
      const vote = blockVoteEntry(false);
      byKey.set(vote.key, vote);
      entries.push(vote);
    }
    for (const call of nodesOfTypeIn(fn.body, ['call_expression'])) {
      const f = call.childForFieldName('function');
      const isTemplate = f?.type === 'template_function';
      const calleeName = (isTemplate ? f.childForFieldName('name') : f)?.text ?? '';
      if (BLOCK_VOTE_FUNCTIONS.has(calleeName) && !this.program.definitions.has(calleeName)) {
        const vote = blockVoteEntry(false);
        if (!byKey.has(vote.key)) {
          byKey.set(vote.key, vote);
          entries.push(vote);
        }
        continue;
      }
      const targs = isTemplate ? (splitTemplateArgs(f.childForFieldName('arguments')?.text.replace(/^<|>$/g, '') ?? '') ?? []) : [];
      // Overloaded function templates (channelSum's `BlockReduce<T, X, Y>` and `BlockReduce<T>`):
      // the one with as many template parameters as the call names.
      const overloads = isTemplate ? this.program.functions.filter((g) => g.name === calleeName && g.body && g.role !== 'host' && g.role !== 'kernel') : [];
      const callee = (overloads.length > 1 ? overloads.find((g) => (g.templateParams ?? []).length === targs.length) : undefined) ?? this.program.definitions.get(calleeName);
      if (!callee || callee.role === 'kernel' || callee.role === 'host' || !callee.body) continue;
      const sub = this.plan(callee);
      if (sub.entries.length === 0) continue;
      const params = callee.templateParams ?? [];
      if (!isTemplate && params.length > 0) targs.push(...deducedTemplateArgs(fn, callee, call));
      const pass: string[] = [];
      let reported = false;
      for (const e of sub.entries) {
        const type = substitute(e.type, params, targs);
        const dims = substitute(e.dims, params, targs);
        const cudaType = substitute(e.cudaType, params, targs);
        const unresolved = params.slice(targs.length).find((p) => p.name !== '' && new RegExp(`\\b${p.name}\\b`).test(type + dims));
        if (unresolved && !reported) {
          reported = true;
          problems.push(diag('C2M1007', `'${calleeName}' declares __shared__ '${e.variable}' whose type depends on the template parameter '${unresolved.name}'; the kernel declares that threadgroup memory, so write the template arguments at this call (${calleeName}<...>(...))`, file, pos(call.startPosition), pos(call.endPosition)));
        }
        const key = `${e.key.split(':').slice(0, 2).join(':')}:${type}${dims}`;
        let mine = byKey.get(key);
        if (!mine && e.fixedName) {
          mine = e;
          byKey.set(key, mine);
          entries.push(mine);
        }
        if (!mine) {
          let name = `${e.owner}_${e.variable}`;
          for (let k = 1; names.has(name); k++) name = `${e.owner}_${e.variable}_${k}`;
          names.add(name);
          mine = { key, owner: e.owner, variable: e.variable, type, dims, cudaType, name, own: false };
          byKey.set(key, mine);
          entries.push(mine);
        }
        pass.push(mine.name);
      }
      callArgs.set(call.startIndex, pass);
    }
    const plan = { entries, callArgs, problems };
    this.active.delete(id);
    this.plans.set(id, plan);
    return plan;
  }
}

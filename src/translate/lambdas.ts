// Lambdas in device code → functor structs (MSL before 3.2 has no lambdas; it is C++14-based).
//
//   auto f = [&, a](int x) { sum += x * a * threadIdx.x; };
// becomes, at program scope before the function,
//   struct k_lambda_1 { thread int& sum; int a; uint3 threadIdx; auto operator()(int x) const { sum += x * a * threadIdx.x; } };
// and in the function
//   auto f = k_lambda_1{sum, a, threadIdx};
//
// The body is device code: the function's own walk rewrites it (built-ins, math, atomics, warp
// operations ...) before it is moved. Captures:
//  - explicit (`[a, &b]`) or implicit (`[=]`, `[&]`: the enclosing function's variables the body
//    names), each typed from its declaration: by value a member of the variable's type, by
//    reference a reference in the variable's address space (`thread int&`, `threadgroup float (&)[N]`);
//    pointers keep the space they point into (`device float* p`, `device float* thread& p`);
//  - what CUDA code uses without capturing: built-ins (`threadIdx`...), `__constant__`/`__device__`
//    variables, the printf buffer and hoisted `__shared__` variables are parameters in MSL, so
//    they become members too, whatever the capture list says.
// `auto` parameters (generic lambdas) make operator() a template; `mutable` drops its `const`.
// Inside a function template the struct is a template over the same parameters.
// A pointer parameter gets the space of the pointers the lambda's calls pass (known to the walk:
// `auto f = [](float* q) {...}; f(p);`); pointers into several spaces make it a template parameter.
// Refused (C2M1001): `this`/`*this` captures, init-captures (`[n = x]`), other pointer
// parameters (their address space is not known), captured variables whose type is `auto` (other than
// another lambda), and lambdas in host code marked `__device__` (extended lambdas) passed to kernels.
import type { SourceFile, SyntaxNode } from '../parse/parse';
import { origin, pos } from '../parse/parse';
import type { DiagnosticCode } from '../diagnostics/catalogue';
import { diag, type Diagnostic } from '../diagnostics/diagnostic';
import type { EditSet } from './edits';
import type { FunctionFacts, ProgramFacts } from './program';
import { declaratorShape, descendants, hasToken } from './syntax';
import { mslName } from './tables/reserved';
import { normType } from './tables/types';
import { mslTemplateHead } from './stdNames';

export type LambdaSpace = 'device' | 'constant' | 'threadgroup' | 'thread';

/** What the translator knows of a variable in scope (function.ts Sym). */
export interface LambdaSym {
  readonly storage: LambdaSpace;
  readonly pointee?: LambdaSpace;
  readonly isArray: boolean;
  readonly type?: string;
}

/** The enclosing function's translator, as the lowering needs it. */
export interface LambdaScope {
  readonly program: ProgramFacts;
  readonly fn: FunctionFacts;
  /** The address spaces of this instance's pointer parameters (function.ts Instance). */
  readonly spaces: readonly (LambdaSpace | null)[];
  readonly edits: EditSet;
  readonly syms: Map<string, LambdaSym>;
  /** Names that are MSL parameters of the function although CUDA code never declares them → member declaration. */
  readonly implicit: ReadonlyMap<string, string>;
  /** MSL spelling of a CUDA value type (`long long` → `long`, `double` per policy). */
  mslType(cudaType: string, at: SyntaxNode): string;
  /** MSL spelling of a CUDA type stored in memory a pointer reaches (`float3` → `packed_float3`). */
  memoryType(cudaType: string, at: SyntaxNode): string;
  /** The space an expression of pointer type points into, from what the walk knows so far. */
  spaceOf(e: SyntaxNode): LambdaSpace | undefined;
  /** Writes `space` into a pointer's type (`device float*`, `device packed_float3*`). */
  qualify(typeNode: SyntaxNode, space: LambdaSpace): void;
  visit(n: SyntaxNode): void;
  error(code: DiagnosticCode, message: string, n: SyntaxNode): void;
}

/** The functor structs of one function, emitted before it. */
export class LambdaLowering {
  private readonly structs: string[] = [];
  /** Local variables that hold a lowered lambda → the struct's type (so other lambdas can capture them). */
  private readonly lambdaVars = new Map<string, string>();
  private fields: ReadonlySet<string> | null = null;

  constructor(private readonly scope: LambdaScope) {}

  /** The function's text with its lambdas' structs in front (each with a #line to its lambda). */
  wrap(text: string): string {
    if (this.structs.length === 0) return text;
    const fn = this.scope.fn;
    const file = this.scope.program.file;
    const at = origin(file, fn.node.startPosition.row + 1);
    const back = `#line ${at.line} ${JSON.stringify(at.file)}\n`;
    if (!fn.template) return `${this.structs.join('\n')}\n${back}${text}`;
    // The emitter writes the template head once, in front of the text: each struct and the
    // function then get their own copy of it.
    const params = fn.template.childForFieldName('parameters');
    const head = params ? mslTemplateHead(file.text.slice(fn.template.startIndex, params.endIndex)) : 'template <>';
    return `${this.structs.join(`\n${head}\n`)}\n${head}\n${back}${text}`;
  }

  lower(n: SyntaxNode): void {
    const s = this.scope;
    const body = n.childForFieldName('body');
    const declarator = n.childForFieldName('declarator');
    const paramList = declarator?.childForFieldName('parameters') ?? declarator?.namedChildren.find((c) => c.type === 'parameter_list') ?? null;
    if (!body) return;
    for (const c of n.children) {
      if (c.type === 'ERROR' && /__device__|__host__/.test(c.text)) s.edits.replace(c.startIndex, c.endIndex, '');
    }

    // Capture list.
    let byDefault: 'value' | 'reference' | null = null;
    const explicit = new Map<string, 'value' | 'reference'>();
    const caps = n.childForFieldName('captures');
    let refused = false;
    if (caps) {
      const kids = caps.children;
      for (let i = 0; i < kids.length; i++) {
        const c = kids[i]!;
        if (c.type === 'lambda_default_capture') byDefault = c.text.includes('&') ? 'reference' : 'value';
        else if (c.type === 'identifier') explicit.set(c.text, kids[i - 1]?.type === '&' ? 'reference' : 'value');
        else if (c.type === 'this' || c.type === 'pointer_expression' || c.text === '*this') {
          s.error('C2M1001', "a lambda capturing 'this' is not translated (Metal has no member-function lambdas); capture the fields it needs", c);
          refused = true;
        } else if (c.type !== '[' && c.type !== ']' && c.type !== ',' && c.type !== '&' && c.type !== 'comment') {
          s.error('C2M1001', `the capture '${c.text}' is not translated (only names, '&name', '=' and '&'); declare the variable before the lambda and capture it`, c);
          refused = true;
        }
      }
    }

    // Parameters: own names (shadowing the function's), their types translated.
    const declared = new Set<string>();
    const saved = new Map<string, LambdaSym | undefined>();
    const shadow = (name: string, sym: LambdaSym): void => {
      if (!saved.has(name)) saved.set(name, s.syms.get(name));
      s.syms.set(name, sym);
      declared.add(name);
    };
    const generic: string[] = [];
    const paramNodes = (paramList?.namedChildren ?? []).filter((p) => p.type !== 'comment');
    for (const [index, p] of paramNodes.entries()) {
      const shape = declaratorShape(p.childForFieldName('declarator'));
      const name = shape.name?.text;
      const typeNode = p.childForFieldName('type');
      const space = shape.pointerDepth === 1 && shape.arrayDims.length === 0 && typeNode && typeNode.type !== 'placeholder_type_specifier' ? this.callSpace(n, index) : undefined;
      if (space && typeNode && name) {
        if (space === 'mixed') {
          // Called with pointers into several spaces: a template parameter, one instance each.
          const t = `T${generic.length}`;
          generic.push(t);
          const star = p.childForFieldName('declarator');
          const inner = star?.type === 'pointer_declarator' ? star.childForFieldName('declarator') : null;
          if (!star || !inner) continue;
          s.edits.replace(p.startIndex, p.endIndex, `${t} ${s.edits.apply(inner.startIndex, inner.endIndex)}`);
          shadow(name, { storage: 'thread', isArray: false });
          continue;
        }
        // `[](float* q)` called only with pointers into one space: that space.
        s.visit(typeNode);
        s.qualify(typeNode, space);
        shadow(name, { storage: 'thread', pointee: space, isArray: false });
        continue;
      }
      if (shape.pointerDepth > 0 || shape.arrayDims.length > 0) {
        s.error('C2M1005', `lambda parameter '${name ?? p.text}' is a pointer: which memory it points into is not known; not translated yet (capture the pointer, or pass an index)`, p);
        refused = true;
        continue;
      }
      if (typeNode?.type === 'placeholder_type_specifier' || typeNode?.text === 'auto') {
        const t = `T${generic.length}`;
        generic.push(t);
        if (typeNode) s.edits.replace(typeNode.startIndex, typeNode.endIndex, shape.reference ? `thread ${t}` : t);
      } else if (typeNode) {
        s.visit(typeNode);
        if (shape.reference) s.edits.insert(typeNode.startIndex, 'thread ');
      }
      if (name) shadow(name, shape.reference ? { storage: 'thread', isArray: false } : { storage: 'thread', isArray: false, ...(typeNode ? { type: normType(typeNode.text) } : {}) });
    }
    const trailing = declarator?.namedChildren.find((c) => c.type === 'trailing_return_type');
    const retType = trailing?.namedChildren[0];
    if (retType) s.visit(retType);
    const mutable = declarator?.namedChildren.some((c) => c.type === 'type_qualifier' && c.text === 'mutable') ?? false;

    // The body: device code, rewritten by the function's own walk.
    for (const d of descendants(body)) {
      if (d.type === 'declaration' || d.type === 'parameter_declaration' || d.type === 'for_range_loop') {
        for (const k of d.childrenForFieldName('declarator')) {
          const nm = declaratorShape(k).name?.text;
          if (nm) {
            if (!saved.has(nm)) saved.set(nm, s.syms.get(nm));
            declared.add(nm);
          }
        }
      }
    }
    s.visit(body);
    const bodyText = s.edits.apply(body.startIndex, body.endIndex);
    for (const [name, sym] of saved) {
      if (sym) s.syms.set(name, sym);
      else s.syms.delete(name);
    }
    if (refused) return;

    // Members: what the body names.
    const used = identifiersOf(bodyText);
    const members: { decl: string; init: string }[] = [];
    const locals: string[] = [];
    const byMsl = new Map<string, string>();
    for (const name of s.syms.keys()) byMsl.set(mslName(name), name);
    const seen = new Set<string>();
    for (const [name, how] of explicit) {
      if (!s.syms.has(name) && !this.lambdaVars.has(name)) {
        s.error('C2M1001', `the lambda captures '${name}', which the translator does not know as a variable of '${s.fn.name}'`, caps ?? n);
        return;
      }
      seen.add(name);
      const m = this.member(name, how, n);
      if (!m) return;
      if ('local' in m) locals.push(m.local);
      else members.push(m);
    }
    for (const id of used) {
      const implicit = s.implicit.get(id);
      if (implicit && !declared.has(id) && !seen.has(id)) {
        seen.add(id);
        members.push({ decl: implicit, init: id });
        continue;
      }
      const name = byMsl.get(id) ?? (this.lambdaVars.has(id) ? id : undefined);
      if (!name && !declared.has(id) && this.fieldsOfClass().has(id)) {
        const at = [...descendants(body)].find((d) => d.text === id && (d.type === 'identifier' || d.type === 'field_identifier')) ?? body;
        s.error('C2M1001', `the lambda uses the member '${id}' through 'this', which is not translated; copy it into a local variable before the lambda and capture that`, at);
        return;
      }
      if (!name || declared.has(name) || seen.has(name) || s.program.deviceGlobals.has(name)) continue;
      seen.add(name);
      // A constexpr local needs no capture (it is not odr-used): declared again in operator() (member).
      const constant = declarationOf(s.fn.node, name, body.startIndex);
      const isConstexpr = constant !== null && hasToken(constant.node, 'constexpr') && constant.shape.init !== null && constant.shape.arrayDims.length === 0 && constant.shape.pointerDepth === 0;
      if (!byDefault && !isConstexpr) {
        const at = [...descendants(body)].find((d) => d.type === 'identifier' && d.text === name) ?? body;
        s.error('C2M1001', `the lambda uses '${name}' without capturing it (C++ would not compile it either)`, at);
        return;
      }
      const m = this.member(name, byDefault ?? 'value', n);
      if (!m) return;
      if ('local' in m) locals.push(m.local);
      else members.push(m);
    }

    const fn = s.fn;
    const struct = `${this.prefix()}_lambda_${this.structs.length + 1}`;
    const targs = fn.templateParams ? `<${fn.templateParams.map((p) => p.name).join(', ')}>` : '';
    const params = paramList ? s.edits.apply(paramList.startIndex, paramList.endIndex) : '()';
    const ret = retType ? s.edits.apply(retType.startIndex, retType.endIndex) : 'auto';
    const tmpl = generic.length > 0 ? `template <${generic.map((t) => `typename ${t}`).join(', ')}> ` : '';
    const memberText = members.map((m) => `${m.decl}; `).join('');
    const file = s.program.file;
    const at = origin(file, body.startPosition.row + 1);
    this.structs.push(`#line ${at.line} ${JSON.stringify(at.file)}\nstruct ${struct} { ${memberText}${tmpl}${ret} operator()${params}${mutable ? '' : ' const'} ${locals.length > 0 ? `{ ${locals.join(' ')}${bodyText.slice(1)}` : bodyText} };`);
    s.edits.replace(n.startIndex, n.endIndex, `${struct}${targs}{${members.map((m) => m.init).join(', ')}}`);
    // `auto f = [...]...`: f holds this struct.
    const parent = n.parent;
    if (parent?.type === 'init_declarator') {
      const v = declaratorShape(parent.childForFieldName('declarator')).name?.text;
      if (v) this.lambdaVars.set(v, `${struct}${targs}`);
    }
  }

  /** Field names of the class whose member function this is (empty for a free function). */
  private fieldsOfClass(): ReadonlySet<string> {
    if (this.fields) return this.fields;
    const out = new Set<string>();
    let list: SyntaxNode | null = this.scope.fn.node.parent;
    while (list && list.type !== 'field_declaration_list' && list.type !== 'translation_unit') list = list.parent;
    if (list?.type === 'field_declaration_list') {
      for (const f of list.namedChildren) {
        if (f.type !== 'field_declaration') continue;
        for (const d of f.childrenForFieldName('declarator')) {
          const nm = declaratorShape(d).name;
          if (nm && !declaratorShape(d).functionDeclarator) out.add(nm.text);
        }
      }
    }
    return (this.fields = out);
  }

  /**
   * The space the pointer arguments at `index` of the lambda's calls point into, when the lambda
   * is held in a local variable (`auto f = [](float* q) {...}`), called only as `f(...)` after it,
   * and every call passes a pointer whose space the walk already knows, the same one.
   */
  private callSpace(lambda: SyntaxNode, index: number): LambdaSpace | 'mixed' | undefined {
    const s = this.scope;
    const init = lambda.parent;
    if (init?.type !== 'init_declarator') return undefined;
    const v = declaratorShape(init.childForFieldName('declarator')).name?.text;
    if (!v || !s.fn.body) return undefined;
    let space: LambdaSpace | 'mixed' | undefined;
    for (const d of descendants(s.fn.body)) {
      if (d.type !== 'identifier' || d.text !== v || d.startIndex < lambda.endIndex) continue;
      const call = d.parent;
      if (call?.type !== 'call_expression' || call.childForFieldName('function')?.startIndex !== d.startIndex) return undefined; // passed on, copied
      const arg = call.childForFieldName('arguments')?.namedChildren.filter((a) => a.type !== 'comment')[index];
      const here = arg ? s.spaceOf(arg) : undefined;
      if (!here) return undefined;
      space = space && here !== space ? 'mixed' : here;
    }
    return space;
  }

  /**
   * `k`, and unique across what the MSL holds: overloads of one name get their position
   * (`sum2_2`), instances of a helper for other address spaces their spaces (`sum2_threadgroup`).
   */
  private prefix(): string {
    const { fn, program, spaces } = this.scope;
    const overloads = program.functions.filter((f) => f.name === fn.name && f.body);
    const overload = overloads.length > 1 ? `_${overloads.indexOf(fn) + 1}` : '';
    const own = spaces.filter((x): x is LambdaSpace => x !== null);
    const tag = own.some((x) => x !== 'device') ? `_${own.join('_')}` : '';
    return `${mslName(fn.name).replace(/\W/g, '_')}${overload}${tag}`;
  }

  /** The member a captured variable becomes, and the expression that initialises it. */
  private member(name: string, how: 'value' | 'reference', at: SyntaxNode): { decl: string; init: string } | { local: string } | null {
    const s = this.scope;
    const m = mslName(name);
    const lambdaType = this.lambdaVars.get(name);
    if (lambdaType) return { decl: how === 'reference' ? `thread ${lambdaType}& ${m}` : `${lambdaType} ${m}`, init: m };
    const sym = s.syms.get(name);
    const decl = declarationOf(s.fn.node, name, at.startIndex);
    if (!sym || !decl) {
      s.error('C2M1001', `the lambda captures '${name}', whose declaration the translator cannot find`, at);
      return null;
    }
    const base = normType(decl.typeNode.text);
    if (base === 'auto' || base.startsWith('decltype')) {
      s.error('C2M1001', `the lambda captures '${name}', declared '${base}': its type is not known to the translator; write the type`, decl.node);
      return null;
    }
    if (hasToken(decl.node, 'constexpr') && decl.shape.init && decl.shape.arrayDims.length === 0 && decl.shape.pointerDepth === 0) {
      // A constant (usable as an array size or template argument, which a member is not): declared
      // again at the top of operator(), as C++ lambdas use constexpr locals without capturing them.
      const init = s.edits.apply(decl.shape.init.startIndex, decl.shape.init.endIndex);
      return { local: `constexpr ${s.mslType(sym.type ?? base, decl.typeNode)} ${m} = ${init};` };
    }
    const isConst = /\bconst\b/.test(decl.node.text.slice(0, decl.typeNode.endIndex - decl.node.startIndex)) ? 'const ' : '';
    if (sym.pointee && !sym.isArray) {
      const t = `${sym.pointee} ${isConst}${s.memoryType(base, decl.typeNode)}${'*'.repeat(Math.max(1, decl.shape.pointerDepth))}`;
      return { decl: how === 'reference' ? `${t} thread& ${m}` : `${t} ${m}`, init: m };
    }
    if (sym.isArray) {
      const dims = decl.shape.arrayDims
        .slice()
        .reverse()
        .map((d) => d.childForFieldName('size'));
      const elem = sym.storage === 'thread' ? s.mslType(base, decl.typeNode) : s.memoryType(base, decl.typeNode);
      if (dims.length === 0 || dims[0] === null || dims[0] === undefined) {
        // `extern __shared__ float s[]` (the kernel's threadgroup pointer) or an array parameter.
        const space = sym.storage === 'thread' ? (sym.pointee ?? 'device') : sym.storage;
        return { decl: `${space} ${isConst}${elem}* ${m}`, init: m };
      }
      const dimText = dims.map((d) => `[${d ? s.edits.apply(d.startIndex, d.endIndex) : ''}]`).join('');
      // Arrays are referenced either way: C++ copies them into a by-value capture, which is
      // const unless the lambda is mutable; the lambda sees the same values unless the function
      // writes the array between the lambda's creation and its call.
      return { decl: `${sym.storage} ${how === 'value' ? 'const ' : isConst}${elem} (&${m})${dimText}`, init: m };
    }
    const t = `${isConst}${s.mslType(sym.type ?? base, decl.typeNode)}`;
    if (how === 'reference' || decl.shape.reference) {
      if (how === 'value') return { decl: `${s.mslType(sym.type ?? base, decl.typeNode)} ${m}`, init: m };
      return { decl: `${sym.storage} ${t}& ${m}`, init: m };
    }
    return { decl: `${t} ${m}`, init: m };
  }
}

/** The nearest declaration of `name` before `before` in the function (parameters included). */
function declarationOf(fnNode: SyntaxNode, name: string, before: number): { node: SyntaxNode; typeNode: SyntaxNode; shape: ReturnType<typeof declaratorShape> } | null {
  let found: { node: SyntaxNode; typeNode: SyntaxNode; shape: ReturnType<typeof declaratorShape> } | null = null;
  for (const d of descendants(fnNode, (c) => c.startIndex >= before)) {
    if (d.startIndex >= before) continue;
    if (d.type !== 'declaration' && d.type !== 'parameter_declaration' && d.type !== 'optional_parameter_declaration') continue;
    const typeNode = d.childForFieldName('type');
    if (!typeNode) continue;
    for (const k of d.childrenForFieldName('declarator')) {
      const shape = declaratorShape(k);
      if (shape.name?.text === name) found = { node: d, typeNode, shape };
    }
  }
  return found;
}

/** Identifiers of (translated) code, in order of first use, not counting members (`.x`, `->y`, `::z`), strings and comments. */
function identifiersOf(text: string): string[] {
  const clean = text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'/g, ' ');
  const out = new Set<string>();
  for (const m of clean.matchAll(/(\.|->|::)?\s*\b([A-Za-z_]\w*)/g)) if (!m[1]) out.add(m[2]!);
  return [...out];
}

/**
 * Extended lambdas (`[] __device__ (float x) { ... }` written in host code, passed to a kernel
 * template) are refused: the kernel's instance would be named after the lambda's closure type,
 * which has no name Metal's host_name instantiation or the runtime's glue can spell.
 */
/** A call of a Thrust algorithm or fancy-iterator maker (`thrust::sort(...)`): it runs on the host (native/include/thrust). */
const isThrustCall = (n: SyntaxNode | null): boolean => n?.type === 'call_expression' && /^thrust\s*::/.test(n.childForFieldName('function')?.text ?? '');

/**
 * An extended lambda that Thrust calls on the host (native/include/thrust runs its algorithms
 * there): an argument of a `thrust::` call, or held in a local whose every later use is one.
 */
function passedToThrust(lambda: SyntaxNode, fn: SyntaxNode | null): boolean {
  const argOfThrust = (n: SyntaxNode): boolean => n.parent?.type === 'argument_list' && isThrustCall(n.parent.parent);
  if (argOfThrust(lambda)) return true;
  const init = lambda.parent?.type === 'init_declarator' ? lambda.parent : null;
  const name = init?.childForFieldName('declarator');
  if (!fn || name?.type !== 'identifier') return false;
  const uses = fn.descendantsOfType('identifier').filter((id) => id.text === name.text && id.startIndex > lambda.endIndex);
  return uses.length > 0 && uses.every(argOfThrust);
}

export function extendedLambdaRefusals(file: SourceFile): Diagnostic[] {
  if (!/\]\s*(?:__host__\s*)?__device__|__(?:device|constant)__[^;]*\]\s*[({]/.test(file.text)) return [];
  const out: Diagnostic[] = [];
  for (const n of file.tree.rootNode.descendantsOfType('lambda_expression')) {
    let fn: SyntaxNode | null = null;
    let decl: SyntaxNode | null = null;
    for (let p = n.parent; p && !fn; p = p.parent) {
      if (p.type === 'function_definition') fn = p;
      else if (p.type === 'declaration' && !decl) decl = p;
    }
    if (!fn && decl && (hasToken(decl, '__device__') || hasToken(decl, '__constant__'))) {
      out.push(diag('C2M1001', 'a lambda held in a file-scope __device__/__constant__ variable is not translated (Metal program-scope variables are constant data); write a __device__ function', file.name, pos(n.startPosition), pos(n.endPosition)));
      continue;
    }
    const caps = n.childForFieldName('captures');
    const declarator = n.childForFieldName('declarator') ?? n.childForFieldName('body');
    if (!caps || !declarator || !/__device__/.test(file.text.slice(caps.endIndex, declarator.startIndex))) continue;
    let inDevice = false;
    for (let p = n.parent; p && !inDevice; p = p.parent) if (p.type === 'function_definition') inDevice = hasToken(p, '__device__') || hasToken(p, '__global__');
    if (inDevice || passedToThrust(n, fn)) continue;
    out.push(diag('C2M1001', 'an extended __device__ lambda written in host code is not translated: a kernel instantiated with its closure type has no name Metal can instantiate; write the lambda inside the kernel (lambdas in device code are translated) or call a __device__ function there', file.name, pos(n.startPosition), pos(declarator.startPosition)));
  }
  return out;
}

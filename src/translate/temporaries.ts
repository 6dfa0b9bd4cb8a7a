// Reference parameters and locals bound to temporaries (`max(abs(l), abs(r))` of a
// `const T&` helper, `square(x - I(1))`, `const T &l = x.lower();`).
//
// MSL needs an address space on every reference. An lvalue argument gives its own (typed.ts
// storageOf); a temporary — a literal, an arithmetic result, a call returning by value, a functional
// cast `I(1)` — lives in the calling thread, so the reference becomes `thread const T&` and the
// helper is emitted for that combination of spaces like any other (function.ts). C++ only lets a
// const (or rvalue) reference bind a temporary, so the callee cannot write through it; binding
// rather than passing by value keeps aliasing exact when the same helper is also called with
// device or threadgroup lvalues (docs/DESIGN.md "address spaces").
import { constructorClass, isCopyConstructor } from './constructors';
import type { SyntaxNode } from '../parse/parse';
import type { FunctionFacts, ParamFacts, ProgramFacts } from './program';
import { fileNodesOfType } from '../parse/nodeIndex';
import { declaratorShape } from './syntax';

const ALWAYS_TEMPORARY = new Set([
  'number_literal', 'char_literal', 'true', 'false', 'null', 'nullptr', 'sizeof_expression', 'alignof_expression',
  'compound_literal_expression', 'initializer_list', 'lambda_expression', 'binary_expression', 'unary_expression',
]);

const BUILTIN_VECTORS = new Set(['threadIdx', 'blockIdx', 'blockDim', 'gridDim']);

const CAST_TEMPLATES = /^(static|reinterpret|const|dynamic)_cast$/;

/** Names of functions (free or member) of the file declared to return a reference. */
const refReturners = new WeakMap<ProgramFacts, ReadonlySet<string>>();

function returnsReference(program: ProgramFacts): ReadonlySet<string> {
  let names = refReturners.get(program);
  if (names) return names;
  const out = new Set<string>();
  const note = (declarator: SyntaxNode | null): void => {
    if (declarator?.type !== 'reference_declarator') return;
    const s = declaratorShape(declarator);
    if (s.functionDeclarator && s.name) out.add(s.name.text.replace(/^.*::/, ''));
  };
  for (const f of program.functions) note(f.node.childForFieldName('declarator'));
  for (const st of fileNodesOfType(program.file.tree, ['struct_specifier', 'class_specifier'])) {
    for (const m of st.childForFieldName('body')?.namedChildren ?? []) {
      const def = m.type === 'template_declaration' ? m.namedChildren[m.namedChildren.length - 1] : m;
      if (def && (def.type === 'function_definition' || def.type === 'field_declaration' || def.type === 'declaration')) note(def.childForFieldName('declarator'));
    }
  }
  names = out;
  refReturners.set(program, names);
  return names;
}

/** The name a call's function expression ends in: `f`, `f<T>`, `x.lower`, `ns::g` → f, f, lower, g. */
function calleeName(f: SyntaxNode): string {
  if (f.type === 'template_function') return calleeName(f.childForFieldName('name') ?? f);
  if (f.type === 'field_expression') return f.childForFieldName('field')?.text ?? '';
  if (f.type === 'qualified_identifier') return f.text.replace(/^.*::/, '').replace(/<[\s\S]*$/, '');
  return f.text;
}

/**
 * Is `e` a prvalue — an object the expression creates, not one that already lives somewhere?
 * Conservative: an expression it cannot classify is not a temporary (C2M1005 stays).
 */
export function isTemporary(e: SyntaxNode, program: ProgramFacts): boolean {
  if (ALWAYS_TEMPORARY.has(e.type)) return true;
  switch (e.type) {
    case 'parenthesized_expression': {
      const inner = e.namedChildren[e.namedChildren.length - 1];
      return inner ? isTemporary(inner, program) : false;
    }
    case 'comma_expression': {
      const r = e.childForFieldName('right');
      return r ? isTemporary(r, program) : false;
    }
    case 'pointer_expression':
      return e.child(0)?.type === '&'; // `&x` is a pointer value; `*p` is an lvalue
    case 'field_expression': {
      // `blockDim.x`: a component of a built-in's vector (a parameter of the MSL function), which
      // no reference can bind in Metal (nor in clang's address spaces): a value there.
      const obj = e.childForFieldName('argument');
      return obj?.type === 'identifier' && BUILTIN_VECTORS.has(obj.text) && !program.definedTypes.has(obj.text) && /^[xyz]$/.test(e.childForFieldName('field')?.text ?? '');
    }
    case 'update_expression':
      return e.child(0)?.type !== '++' && e.child(0)?.type !== '--'; // x++ is a value, ++x an lvalue
    case 'cast_expression':
      return !/&/.test(e.childForFieldName('type')?.text ?? '&');
    case 'conditional_expression': {
      // A branch that is a prvalue makes the whole conditional one (C++ [expr.cond]).
      const c = e.childForFieldName('consequence');
      const a = e.childForFieldName('alternative');
      return (c ? isTemporary(c, program) : false) || (a ? isTemporary(a, program) : false);
    }
    case 'call_expression': {
      const f = e.childForFieldName('function');
      if (!f) return false;
      if (f.type === 'template_function' && CAST_TEMPLATES.test(f.childForFieldName('name')?.text ?? '')) {
        return !/&/.test(f.childForFieldName('arguments')?.text ?? '&');
      }
      return !returnsReference(program).has(calleeName(f));
    }
    default:
      return false;
  }
}

// ---- `const T&` parameters passed by value ---------------------------------------------------
//
// A `const T&` parameter of a helper is emitted as `const T x` (by value) when that cannot change
// what the helper computes and some call needs it: the helper never takes the parameter's address;
// nothing can write the referenced object while it runs (the helper and its callees write no
// memory except their own locals and call no barrier, fence or atomic, so no other thread's write
// becomes visible either); and some call of the file binds a temporary to it (operators: always).
// Then every call site works in every address space, a temporary included (clang's C++ for OpenCL,
// the msl-cpu model, cannot bind a `__private const T&` to a temporary or deduce `T` from one),
// and the helper has one instance instead of one per space. Other `const T&` parameters keep a
// reference with the space of what each call binds (`thread` for a temporary: valid MSL, which the
// msl-cpu model rejects).

const MEMORY_EFFECTS = /\b(atomic\w*|__threadfence\w*|__syncthreads\w*|__syncwarp|threadgroup_barrier|simdgroup_barrier|volatile|asm)\b/;

const pure = new WeakMap<ProgramFacts, Map<string, boolean>>();

/** Does `fn` (and every helper it calls) write only its own by-value locals and never synchronise? */
function writesOnlyLocals(program: ProgramFacts, fn: FunctionFacts, seen = new Set<string>()): boolean {
  let memo = pure.get(program);
  if (!memo) pure.set(program, (memo = new Map()));
  const known = memo.get(fn.name);
  if (known !== undefined) return known;
  if (seen.has(fn.name)) return true; // recursion: decided by the outer call
  seen.add(fn.name);
  const result = ((): boolean => {
    const body = fn.body;
    if (!body || MEMORY_EFFECTS.test(body.text) || program.usesBarrier(fn.name)) return false;
    // Locals declared by value (pointers and references may point anywhere).
    const locals = new Set<string>();
    for (const d of body.descendantsOfType('declaration')) {
      for (const decl of d.childrenForFieldName('declarator')) {
        const s = declaratorShape(decl);
        if (s.name && s.pointerDepth === 0 && !s.reference) locals.add(s.name.text);
      }
    }
    for (const p of fn.params) if (p.pointerDepth === 0 && !p.reference && !p.isArray) locals.add(p.name);
    const root = (e: SyntaxNode | null): SyntaxNode | null => {
      let cur = e;
      // `a.x = 1`, `a[i] = 1` of a local array or struct: still the local's own memory.
      while (cur && (cur.type === 'field_expression' && cur.child(1)?.type === '.' || cur.type === 'subscript_expression' || cur.type === 'parenthesized_expression')) {
        cur = cur.childForFieldName('argument') ?? cur.namedChildren[0] ?? null;
      }
      return cur;
    };
    for (const w of body.descendantsOfType(['assignment_expression', 'update_expression'])) {
      const target = root(w.childForFieldName('left') ?? w.childForFieldName('argument'));
      if (target?.type !== 'identifier' || !locals.has(target.text)) return false;
    }
    for (const name of fn.callees) {
      const callee = program.definitions.get(name);
      if (callee && !writesOnlyLocals(program, callee, seen)) return false;
    }
    return true;
  })();
  memo.set(fn.name, result);
  return result;
}

/** Is the referent of this reference parameter const (`const T&` or `T const&`) and not volatile? */
function constReferent(p: ParamFacts): boolean {
  const quals = p.node.namedChildren.filter((c) => c.type === 'type_qualifier').map((c) => c.text);
  return quals.includes('const') && !quals.includes('volatile');
}

/** Is `&name` taken anywhere in the body (or the name bound to a reference or pointer local)? */
function addressTaken(body: SyntaxNode, name: string): boolean {
  for (const e of body.descendantsOfType('pointer_expression')) {
    if (e.child(0)?.type !== '&') continue;
    let arg = e.childForFieldName('argument');
    while (arg && (arg.type === 'parenthesized_expression' || arg.type === 'field_expression' || arg.type === 'subscript_expression')) arg = arg.childForFieldName('argument') ?? arg.namedChildren[0] ?? null;
    if (arg?.type === 'identifier' && arg.text === name) return true;
  }
  for (const d of body.descendantsOfType('declaration')) {
    for (const decl of d.childrenForFieldName('declarator')) {
      const s = declaratorShape(decl);
      if ((s.reference || s.pointerDepth > 0) && s.init && new RegExp(`\\b${name}\\b`).test(s.init.text)) return true;
    }
  }
  return false;
}

/** Calls of the file by the name they call: `f(...)`, `f<T>(...)`, `x.f(...)`. */
const callsByName = new WeakMap<ProgramFacts, Map<string, SyntaxNode[]>>();

function callsOf(program: ProgramFacts, name: string): SyntaxNode[] {
  let m = callsByName.get(program);
  if (!m) {
    m = new Map();
    for (const c of program.file.tree.rootNode.descendantsOfType('call_expression')) {
      const f = c.childForFieldName('function');
      if (!f) continue;
      const n = calleeName(f);
      m.set(n, [...(m.get(n) ?? []), c]);
    }
    callsByName.set(program, m);
  }
  return m.get(name) ?? [];
}

/** Does some call of the file bind a temporary to parameter `i` of `fn`? Operators: always assumed. */
function boundToTemporary(program: ProgramFacts, fn: FunctionFacts, i: number): boolean {
  const base = fn.name.replace(/^.*::/, '').replace(/\s*<[\s\S]*$/, '');
  // Constructors too: their construction sites (`const C c(w)`) are no calls, and bind what they pass.
  const ctor = constructorClass(fn.node);
  if (/^operator\b/.test(base) || (ctor && !isCopyConstructor(fn.node, ctor))) return true;
  return callsOf(program, base).some((c) => {
    const a = c.childForFieldName('arguments')?.namedChildren.filter((x) => x.type !== 'comment')[i];
    return a !== undefined && isTemporary(a, program);
  });
}

/**
 * Is parameter `i` of `fn` a `const T&` emitted by value (see above)? Only where some call binds a
 * temporary to it (or the helper is an operator): other helpers keep their references.
 */
export function constRefByValue(program: ProgramFacts, fn: FunctionFacts, i: number): boolean {
  const p = fn.params[i];
  if (!fn.body && p?.reference) {
    // A prototype (a friend declaration in its class, say) takes its definition's choice: the two
    // must declare the same function, or Metal finds the call ambiguous.
    const same = (a: ParamFacts, b: ParamFacts): boolean => a.reference === b.reference && a.pointerDepth === b.pointerDepth && (a.typeNode?.text ?? '').replace(/\s+/g, ' ') === (b.typeNode?.text ?? '').replace(/\s+/g, ' ');
    const def = program.functions.find((g) => g.body && g.name === fn.name && g.params.length === fn.params.length && g.params.every((q, j) => same(q, fn.params[j]!)));
    return def ? constRefByValue(program, def, i) : false;
  }
  if (!p?.reference || p.pointerDepth > 0 || p.isArray || !p.typeNode || !fn.body || fn.role === 'kernel') return false;
  if (/&&/.test(p.node.text) || !constReferent(p)) return false;
  // A constructor writes the object it makes, which its argument cannot be.
  const ctor = constructorClass(fn.node);
  const makes = ctor !== null && !isCopyConstructor(fn.node, ctor);
  if (ctor !== null && !makes) return false; // a copy constructor by value would copy itself
  return !addressTaken(fn.body, p.name) && (makes || writesOnlyLocals(program, fn)) && boundToTemporary(program, fn, i);
}

/** The `&` of a reference declarator (to drop it), or null. */
export function referenceToken(declarator: SyntaxNode | null): SyntaxNode | null {
  let cur = declarator;
  while (cur && cur.type !== 'reference_declarator') cur = cur.type === 'init_declarator' || cur.type === 'parenthesized_declarator' ? cur.childForFieldName('declarator') ?? cur.namedChildren[0] ?? null : null;
  return cur ? cur.children.find((c) => c.type === '&') ?? null : null;
}

/** The `&&` of a parameter declared `T &&x`, else null. */
export function forwardingReferenceToken(declarator: SyntaxNode | null): SyntaxNode | null {
  let cur = declarator;
  while (cur && cur.type !== 'reference_declarator') cur = cur.type === 'init_declarator' || cur.type === 'parenthesized_declarator' ? cur.childForFieldName('declarator') ?? cur.namedChildren[0] ?? null : null;
  return cur ? cur.children.find((c) => c.type === '&&') ?? null : null;
}

// Device-function helpers inlined into a kernel before its work-item-loop analysis (issue 8;
// src/build/workItemLoops.ts and src/build/mslWorkItemLoops.ts call `inlineHelpers`). A kernel that
// calls a helper containing barriers or warp operations (the `warpReduceSum(v)` / `blockReduceSum(v)`
// idiom) would keep fibers; instead, each such call is replaced by the helper's body, so that the
// transforms can cut at its barriers and warp operations like at the kernel's own:
// - the helper's parameters and locals are renamed `cu2m_iN_name` (N counts the inlined calls), so
//   nothing of the kernel is captured; a reference parameter bound to a name, and a by-value
//   parameter the helper never modifies bound to a kernel parameter, built-in or array (shared
//   memory) declared once, become that name;
//   other parameters are locals initialised from the arguments, in order, before the body;
// - the body's statements are spliced into the statement list of the call (braces added where the
//   call was the single statement of a loop or `if`), so its barriers stay at the call's level;
// - `return e;` (only as the helper's last statement) becomes the call's statement with the call
//   replaced by `static_cast<R>(e)` (R the helper's return type): an assignment `x = f(a);` or
//   `x op= f(a);`, a declaration `T x = f(a);`, or `f(a);` (then `(void)(e);`);
// - helpers called by the inlined code are inlined in turn.
// A helper is inlined only where that is exact; otherwise the kernel keeps fibers with the reason:
// recursion, overloads or templates, a return elsewhere than at the end, a call in another position
// (an operand, an argument), a reference parameter bound to an expression, the address of a local in
// the returned value, a `static` local (other than `__shared__`, which must then be inlined once), a
// name of the helper that the kernel declares too (it would be captured).
// Every inlined line keeps its line in the user's file (the transforms write `#line` per statement).
import { parseSource, type SyntaxNode } from '../parse/parse';
import { bindsHandle, groupHandles } from './cgCuts';
import { declaredName, descendants, Fallback, type FileFacts, type Presumed } from './workItemLoops';

/** The kernel's definition after inlining: a source of its own (the kernel alone) with its lines. */
export interface InlinedKernel {
  readonly text: string;
  readonly presumed: (row: number) => Presumed;
  readonly fn: SyntaxNode;
  readonly template: SyntaxNode | null;
  readonly body: SyntaxNode;
  readonly params: SyntaxNode;
  /** The helpers inlined, by name, in the order of their calls. */
  readonly inlined: readonly string[];
}

/** How a language's source is parsed (the text given back has the same offsets and lines). */
export interface InlineDialect {
  readonly mask: (text: string) => string;
  /** Names every thread has without declaring them (CUDA's threadIdx...): bound by-value parameters may become them. */
  readonly builtins: ReadonlySet<string>;
  /**
   * cuda-cpu: a call under `if (c)` may run for every thread with its collectives masked by c
   * (`CU2M_LANE_IF`, src/build/warpCuts.ts); the statement that ends a thread's warp work (a barrier).
   */
  readonly guarded?: { readonly barrier: RegExp };
  /** Functions never inlined: those the dialect's warp cuts handle themselves and our prelude's own (msl-cpu). */
  readonly collective?: (name: string) => boolean;
}

/** The collectives a guarded call's lanes take part in through CU2M_LANE_IF (src/build/warpCuts.ts). */
const COLLECTIVE = /^__(?:shfl(?:_up|_down|_xor)?|ballot|any|all|reduce_(?:add|min|max|and|or|xor))_sync$/;
const WARP_NAMES = /\b(?:__uni_sync|__shfl\w*|__ballot\w*|__any\w*|__all\w*|__reduce\w*|__syncwarp|__activemask|__match\w*|CU2M_LANE_IF)\b/;
const PURE_CALLS = /^(?:min|max|abs|fminf|fmaxf|fabsf|fmin|fmax|fabs|umin|umax)$/;

/**
 * Why `n` cannot run for a thread that would not have run it (null: it can): it must not touch
 * memory, call anything but collectives and a few pure functions, assign other than `locals`, or
 * divide by anything but a non-zero literal (an integer division by zero traps).
 */
function unspeculable(n: SyntaxNode, locals: ReadonlySet<string>): string | null {
  let why: string | null = null;
  const literal = (x: SyntaxNode | null): boolean => !!x && x.type === 'number_literal' && Number(x.text.replace(/[uUlLfF]+$/, '')) !== 0;
  const root = (x: SyntaxNode | null): string | null => (x?.type === 'identifier' ? x.text : x?.type === 'parenthesized_expression' ? root(x.namedChildren[0] ?? null) : null);
  descendants(n, (d) => {
    if (why) return;
    switch (d.type) {
      case 'call_expression': {
        const f = d.childForFieldName('function');
        if (f?.type !== 'identifier' || !(COLLECTIVE.test(f.text) || PURE_CALLS.test(f.text))) why = `it calls '${f?.text ?? d.text}'`;
        break;
      }
      case 'subscript_expression':
      case 'pointer_expression':
      case 'new_expression':
      case 'delete_expression':
      case 'this':
        why = 'it reads or writes memory';
        break;
      case 'field_expression':
        if (d.child(1)?.type !== '.') why = 'it reads or writes memory';
        break;
      case 'assignment_expression':
      case 'update_expression': {
        const t = root(d.childForFieldName(d.type === 'update_expression' ? 'argument' : 'left'));
        if (!t || !locals.has(t)) why = 'it assigns other than its locals';
        if (d.type === 'assignment_expression' && /^[/%]=$/.test(d.child(1)?.type ?? '') && !literal(d.childForFieldName('right'))) why = 'it divides by a variable';
        break;
      }
      case 'binary_expression':
        if (/^[/%]$/.test(d.child(1)?.type ?? '') && !literal(d.childForFieldName('right'))) why = 'it divides by a variable';
        break;
      case 'declaration':
        if (d.namedChildren.some((x) => x.type === 'storage_class_specifier' || (x.type === 'type_qualifier' && x.text === '__shared__'))) why = 'it declares static or shared storage';
        break;
      case 'gnu_asm_expression':
        why = 'it contains asm';
        break;
    }
  });
  return why;
}

const MAX_INLINED = 64;

interface Helper {
  readonly name: string;
  readonly fn: SyntaxNode;
  readonly count: number;
  /** The template declaration around a function template (inlined per call with its arguments). */
  readonly template: SyntaxNode | null;
}

const fail = (why: string): never => {
  throw new Fallback(why);
};

/** The function name of a definition (null for operators, qualified names and the like). */
function nameOf(f: SyntaxNode): string | null {
  let d = f.childForFieldName('declarator');
  while (d && d.type !== 'function_declarator') d = d.childForFieldName('declarator');
  const n = d?.childForFieldName('declarator');
  return n?.type === 'identifier' ? n.text : null;
}

/** Functions defined at file scope that are not kernels, by name (with how many definitions). */
function helpersOf(root: SyntaxNode): Map<string, Helper> {
  const out = new Map<string, Helper>();
  for (const c of root.namedChildren) {
    const template = c.type === 'template_declaration';
    const f = template ? c.namedChildren.find((x) => x.type === 'function_definition') : c;
    if (f?.type !== 'function_definition' || f.children.some((x) => x.type === '__global__')) continue;
    const name = nameOf(f);
    if (!name) continue;
    const prev = out.get(name);
    out.set(name, { name, fn: f, count: (prev?.count ?? 0) + 1, template: template ? c : null });
  }
  return out;
}

/** Identifiers a subtree declares (declarations, for-range loops, conditions, parameters). */
function declaredIn(n: SyntaxNode): Set<string> {
  const out = new Set<string>();
  descendants(n, (d) => {
    if (d.type === 'declaration' || d.type === 'for_range_loop' || d.type === 'parameter_declaration' || d.type === 'condition_clause' || d.type === 'optional_parameter_declaration') {
      for (const x of d.childrenForFieldName('declarator')) {
        const id = declaredName(x);
        if (id) out.add(id.text);
      }
    }
  });
  return out;
}

/**
 * A name the helper declares more than once, once in a `for` loop's initialiser (two loops over
 * `int i`): the uses inside that loop get a name of their own (`cu2m_iN_i_2`), so that the
 * transforms see variables declared once (a loop variable with barriers in its body must be).
 * Identifier node id → new name; none where the loop declares the name again inside.
 */
function loopScoped(hBody: SyntaxNode, prefix: string): Map<number, string> {
  const out = new Map<number, string>();
  const count = new Map<string, number>();
  descendants(hBody, (d) => {
    if (d.type !== 'declaration') return;
    for (const x of d.childrenForFieldName('declarator')) {
      const id = declaredName(x);
      if (id) count.set(id.text, (count.get(id.text) ?? 0) + 1);
    }
  });
  let k = 0;
  descendants(hBody, (f) => {
    const init = f.type === 'for_statement' ? f.childForFieldName('initializer') : null;
    if (init?.type !== 'declaration') return;
    for (const x of init.childrenForFieldName('declarator')) {
      const id = declaredName(x);
      if (!id || (count.get(id.text) ?? 0) < 2) continue;
      const inner = [...f.descendantsOfType('declaration')].filter((d) => d.id !== init.id && d.childrenForFieldName('declarator').some((y) => declaredName(y)?.text === id.text));
      if (inner.length > 0) continue;
      const name = `${prefix}${id.text}_${++k}`;
      descendants(f, (d) => {
        if (d.type === 'identifier' && d.text === id.text && !out.has(d.id)) out.set(d.id, name);
      });
    }
  });
  return out;
}

/** Whether the helper body modifies or takes the address of `name` (assignment, ++/--, &name, a member call). */
function modifies(body: SyntaxNode, name: string, memberCalls = true): boolean {
  let found = false;
  const root = (n: SyntaxNode | null): string | null => {
    // `p[i] = x` writes the pointee (the parameters bound by name are pointers or values without operator[]).
    while (n && (n.type === 'parenthesized_expression' || (n.type === 'field_expression' && n.child(1)?.type === '.'))) n = n.type === 'field_expression' ? n.childForFieldName('argument') : n.namedChildren[0] ?? null;
    return n?.type === 'identifier' ? n.text : null;
  };
  descendants(body, (d) => {
    if (found) return;
    if (d.type === 'assignment_expression' && root(d.childForFieldName('left')) === name) found = true;
    else if (d.type === 'update_expression' && root(d.childForFieldName('argument')) === name) found = true;
    else if (d.type === 'pointer_expression' && d.child(0)?.type === '&' && root(d.childForFieldName('argument')) === name) found = true;
    else if (memberCalls && d.type === 'call_expression' && d.childForFieldName('function')?.type === 'field_expression' && root(d.childForFieldName('function')!.childForFieldName('argument')) === name) found = true;
  });
  return found;
}

/** Lines of a source with the presumed line of each, built piece by piece. */
class Builder {
  text = '';
  readonly rows: Presumed[] = [];
  /** Starts a new row, presumed `p`. */
  row(p: Presumed): void {
    if (this.rows.length > 0) this.text += '\n';
    this.rows.push(p);
  }
  /** Appends `s` to the current row; its k-th next row is presumed `at(k)`. */
  add(s: string, at: (k: number) => Presumed): void {
    s.split('\n').forEach((l, k) => {
      if (k > 0 || this.rows.length === 0) this.row(at(k));
      this.text += l;
    });
  }
}

/** `text` from `from` to `to` with the identifiers of `names` replaced (fields and members excluded). */
function renamed(n: SyntaxNode, text: string, from: number, to: number, names: ReadonlyMap<string, string>, laneIf?: string, scoped?: ReadonlyMap<number, string>): string {
  const edits: { start: number; end: number; text: string }[] = [];
  descendants(n, (d) => {
    if (d.startIndex < from || d.endIndex > to) return;
    if (d.type === 'identifier' && scoped?.has(d.id)) edits.push({ start: d.startIndex, end: d.endIndex, text: scoped.get(d.id)! });
    else if (d.type === 'identifier' && names.has(d.text)) edits.push({ start: d.startIndex, end: d.endIndex, text: names.get(d.text)! });
    // A guarded call's collectives: `__shfl_down_sync(CU2M_LANE_IF(on, MASK), ...)`.
    if (laneIf && d.type === 'call_expression' && COLLECTIVE.test(d.childForFieldName('function')?.text ?? '')) {
      const mask = d.childForFieldName('arguments')?.namedChildren.find((a) => a.type !== 'comment');
      if (mask) edits.push({ start: mask.startIndex, end: mask.startIndex, text: `CU2M_LANE_IF(${laneIf}, ` }, { start: mask.endIndex, end: mask.endIndex, text: ')' });
    }
  });
  // In offset order; at one offset, a closing `)` before an opening, both before a replacement.
  const rank = (e: { start: number; end: number; text: string }): number => (e.start < e.end ? 2 : e.text === ')' ? 0 : 1);
  edits.sort((a, b) => a.start - b.start || rank(a) - rank(b));
  let out = '';
  let at = from;
  for (const e of edits) {
    out += text.slice(at, e.start) + e.text;
    at = e.end;
  }
  return out + text.slice(at, to);
}

/**
 * The instance of the function template `template` (its definition `fn` in `code`) that the call's
 * explicit template arguments (`callee`, a template_function in `text`) name: the definition alone
 * (everything before it blanked, rows kept) with each template parameter replaced by its argument,
 * parsed again. Gives the new definition and its source, or why not (arguments to deduce, defaults,
 * parameter packs).
 */
function instantiate(template: SyntaxNode, fn: SyntaxNode, callee: SyntaxNode, text: string, code: string, mask: (t: string) => string): { fn: SyntaxNode; code: string } | string {
  if (callee.type !== 'template_function') return 'leaves the template arguments to deduction';
  const params = template.childForFieldName('parameters')?.namedChildren.filter((x) => x.type !== 'comment') ?? [];
  const args = callee.childForFieldName('arguments')?.namedChildren.filter((x) => x.type !== 'comment') ?? [];
  if (args.length !== params.length) return `gives ${args.length} template arguments for ${params.length} parameters`;
  const subst = new Map<string, string>();
  for (let i = 0; i < params.length; ++i) {
    const p = params[i]!;
    const arg = text.slice(args[i]!.startIndex, args[i]!.endIndex).replace(/\s+/g, ' ');
    if (p.type === 'type_parameter_declaration') {
      const id = p.namedChildren.find((x) => x.type === 'type_identifier');
      if (!id) return 'has an unnamed template parameter';
      subst.set(id.text, arg);
    } else if (p.type === 'parameter_declaration') {
      const d = p.childForFieldName('declarator');
      const id = d ? declaredName(d) : null;
      if (!id || d!.type !== 'identifier') return 'has a template parameter that is not plain';
      subst.set(id.text, `(${arg})`);
    } else return 'has a template parameter with a default, a template template parameter or a pack';
  }
  const edits: { start: number; end: number; text: string }[] = [];
  descendants(fn, (d) => {
    if ((d.type === 'identifier' || d.type === 'type_identifier') && subst.has(d.text)) edits.push({ start: d.startIndex, end: d.endIndex, text: subst.get(d.text)! });
  });
  edits.sort((a, b) => a.start - b.start);
  let out = code.slice(0, fn.startIndex).replace(/[^\n]/g, ' ');
  let at = fn.startIndex;
  for (const e of edits) {
    out += code.slice(at, e.start) + e.text;
    at = e.end;
  }
  out += code.slice(at, fn.endIndex);
  const parsed = parseSource('<instance>', mask(out)).tree.rootNode;
  const inst = parsed.namedChildren.find((x) => x.type === 'function_definition');
  if (!inst || inst.hasError) return 'has an instance tree-sitter cannot parse';
  return { fn: inst, code: out };
}

/**
 * `T tmp = f(a);` before the statement holding the call `c` inside an expression, and `tmp` in its
 * place: exact when nothing else in the statement is sequenced before the call or could observe its
 * effects (the rest of the statement neither calls, reads memory nor assigns, except the target of
 * the statement's own assignment, which C++17 sequences after its right side). Gives the new text
 * and rows, or why not.
 */
function hoistCall(c: SyntaxNode, text: string, rows: readonly Presumed[], hfn: SyntaxNode, pointers: string, tmp: string): { text: string; rows: Presumed[] } | string {
  let s: SyntaxNode | null = c.parent;
  for (; s && s.type !== 'expression_statement' && s.type !== 'declaration'; s = s.parent) {
    if (s.type === 'conditional_expression' || (s.type === 'binary_expression' && /^(&&|\|\||and|or)$/.test(s.child(1)?.type ?? ''))) return 'is evaluated conditionally (?:, &&, ||)';
    if (s.type === 'comma_expression') return 'is in a comma expression';
    if (s.type === 'lambda_expression' || s.type === 'condition_clause' || s.type.endsWith('_statement') || s.type === 'for_range_loop') return 'is not in a plain statement';
  }
  if (!s || s.parent?.type !== 'compound_statement') return 'is not in a statement of a block';
  if (s.type === 'declaration' && s.childrenForFieldName('declarator').length !== 1) return 'is in a declaration of several variables';
  const top = s.type === 'expression_statement' ? s.namedChildren[0] : null;
  const target = top?.type === 'assignment_expression' ? top.childForFieldName('left') : null;
  let why: string | null = null;
  const inside = (d: SyntaxNode, n: SyntaxNode | null): boolean => !!n && d.startIndex >= n.startIndex && d.endIndex <= n.endIndex;
  descendants(s, (d) => {
    if (why || inside(d, c) || inside(d, target)) return;
    switch (d.type) {
      case 'call_expression': {
        const f = d.childForFieldName('function');
        const fname = f?.type === 'template_function' ? f.childForFieldName('name')?.text : f?.text;
        if (!fname || !(PURE_CALLS.test(fname) || /^(static_cast|make_\w+)$/.test(fname))) why = `is in a statement that also calls '${fname ?? d.text}'`;
        break;
      }
      case 'subscript_expression':
      case 'pointer_expression':
      case 'new_expression':
      case 'delete_expression':
        why = 'is in a statement that also reads memory';
        break;
      case 'field_expression':
        if (d.child(1)?.type !== '.') why = 'is in a statement that also reads memory';
        break;
      case 'assignment_expression':
      case 'update_expression':
        if (d.id !== top?.id) why = 'is in a statement that also assigns';
        break;
    }
  });
  if (why) return why;
  const retType = hfn.childForFieldName('type');
  if (!retType || /\bauto\b|\bdecltype\b/.test(retType.text) || pointers !== '' || (retType.text === 'void' && pointers === '')) return 'is inside an expression and its helper does not return a plain value';
  const quals = hfn.namedChildren.filter((x) => x.type === 'type_qualifier' && /^(const|volatile)$/.test(x.text)).map((x) => `${x.text} `).join('');
  const b = new Builder();
  const rowAt = (r: number): Presumed => rows[r] ?? rows[rows.length - 1]!;
  const from = (r: number) => (k: number): Presumed => rowAt(r + k);
  b.add(text.slice(0, s.startIndex), from(0));
  b.add(`${quals}${retType.text} ${tmp} = `, from(s.startPosition.row));
  b.add(text.slice(c.startIndex, c.endIndex), from(c.startPosition.row));
  b.add('; ', from(c.endPosition.row));
  b.add(text.slice(s.startIndex, c.startIndex), from(s.startPosition.row));
  b.add(tmp, from(c.startPosition.row));
  b.add(text.slice(c.endIndex), from(c.endPosition.row));
  return { text: b.text, rows: b.rows };
}

/**
 * The kernel `def` (a function definition, or the template declaration around it) of `code` with its
 * calls of helpers in `facts.tainted` inlined, or null when it calls none. Throws Fallback with the
 * reason where a call cannot be inlined exactly.
 */
export function inlineHelpers(
  def: { readonly fn: SyntaxNode; readonly template: SyntaxNode | null },
  code: string,
  root: SyntaxNode,
  facts: FileFacts,
  presumed: (row: number) => Presumed,
  dialect: InlineDialect,
): InlinedKernel | null {
  const helpers = helpersOf(root);
  const outer = def.template ?? def.fn;
  // The kernel's own source: its definition alone, each row with the presumed line of the original.
  let text = code.slice(outer.startIndex, outer.endIndex);
  let rows: Presumed[] = text.split('\n').map((_l, k) => presumed(outer.startPosition.row + k));
  const inlined: string[] = [];
  const sharedOnce = new Set<string>();
  let hoists = 0;
  for (let round = 0; ; ++round) {
    const parsed = parseSource('<inline>', dialect.mask(text)).tree.rootNode;
    const top = parsed.namedChildren[0];
    const fn = top?.type === 'template_declaration' ? top.namedChildren.find((x) => x.type === 'function_definition') : top;
    const body = fn?.childForFieldName('body');
    let fd = fn?.childForFieldName('declarator');
    while (fd && fd.type !== 'function_declarator') fd = fd.childForFieldName('declarator');
    const params = fd?.childForFieldName('parameters');
    if (!fn || fn.type !== 'function_definition' || !body || !params) return fail('its definition cannot be parsed again for inlining');
    // The first call of a helper with barriers or warp operations.
    let call: SyntaxNode | null = null;
    descendants(body, (d) => {
      if (call || d.type !== 'call_expression') return;
      const f = d.childForFieldName('function');
      const fname = f?.type === 'template_function' ? f.childForFieldName('name')?.text : f?.type === 'identifier' ? f.text : undefined;
      if (fname && facts.tainted.has(fname) && helpers.has(fname) && !dialect.collective?.(fname)) call = d;
    });
    if (!call) {
      if (round === 0) return null;
      const snapshot = rows;
      return { text, presumed: (r) => snapshot[r] ?? snapshot[snapshot.length - 1]!, fn, template: top!.type === 'template_declaration' ? top! : null, body, params, inlined };
    }
    if (inlined.length >= MAX_INLINED) fail(`it calls helpers with barriers or warp operations more than ${MAX_INLINED} times (recursion?)`);
    const c: SyntaxNode = call;
    const callee = c.childForFieldName('function')!;
    const name = callee.type === 'template_function' ? callee.childForFieldName('name')!.text : callee.text;
    const where = `the call of '${name}' at line ${rows[c.startPosition.row]?.line ?? 0}`;
    const h = helpers.get(name)!;
    if (h.count > 1) fail(`${where} calls an overloaded helper`);
    // A function template: this call's instance, its template parameters replaced by the arguments
    // (same rows, so its lines stay the user's).
    let hfn = h.fn;
    let hcode = code;
    if (h.template) {
      const inst = instantiate(h.template, h.fn, callee, text, code, dialect.mask);
      if (typeof inst === 'string') fail(`${where} ${inst}`);
      else ({ fn: hfn, code: hcode } = inst);
    } else if (callee.type === 'template_function') fail(`${where} gives template arguments to a function that is not a template`);
    const hBody = hfn.childForFieldName('body');
    let hDecl = hfn.childForFieldName('declarator');
    let pointers = '';
    while (hDecl && hDecl.type !== 'function_declarator') {
      if (hDecl.type === 'reference_declarator') fail(`'${name}' returns a reference`);
      if (hDecl.type === 'pointer_declarator') pointers += '*';
      hDecl = hDecl.childForFieldName('declarator');
    }
    const hParams = hDecl?.childForFieldName('parameters');
    if (!hBody || !hParams) return fail(`'${name}' cannot be parsed for inlining`);
    if (hBody.hasError) fail(`'${name}' has a syntax error tree-sitter cannot place`);
    // Recursion, direct (the helper names itself) or through others (the count above).
    if ([...hBody.text.matchAll(/\b[A-Za-z_]\w*\b/g)].some((m) => m[0] === name)) fail(`'${name}' is recursive`);
    // Where the call is: the whole of an expression statement, an assignment's right side, a declaration's initialiser.
    let stmt: SyntaxNode | null = c.parent;
    let form: 'void' | 'value' = 'value';
    if (stmt?.type === 'expression_statement') form = 'void';
    else if (stmt?.type === 'assignment_expression' && stmt.childForFieldName('right')?.id === c.id && stmt.parent?.type === 'expression_statement') stmt = stmt.parent;
    else if (stmt?.type === 'init_declarator' && stmt.childForFieldName('value')?.id === c.id && stmt.child(1)?.type === '=' && stmt.parent?.type === 'declaration' && stmt.parent.childrenForFieldName('declarator').length === 1) stmt = stmt.parent;
    else stmt = null;
    // A call inside an expression (`return f(a) - b;` inlined, `x = f(a) + 1;`): its value is first
    // taken into a local of its own, then inlined like a declaration's initialiser (next round).
    if (!stmt) {
      const hoisted = hoistCall(c, text, rows, hfn, pointers, `cu2m_r${++hoists}`);
      if (typeof hoisted === 'string') fail(`${where} ${hoisted}`);
      else {
        ({ text, rows } = hoisted);
        continue;
      }
    }
    if (!stmt || (stmt.parent?.type === 'for_statement' && stmt.parent.childForFieldName('body')?.id !== stmt.id) || stmt.parent?.type === 'condition_clause') return fail(`${where} is not a statement, an assignment's right side or a declaration's initialiser`);
    // `if (c) x = f(a);` (no else): with collectives, the helper may run for every thread, its lanes masked by c.
    let guard: SyntaxNode | null = null;
    {
      let p: SyntaxNode | null = stmt.parent;
      if (p?.type === 'compound_statement' && p.namedChildren.filter((x) => x.type !== 'comment').length === 1) p = p.parent;
      const cond = p?.type === 'if_statement' ? p.childForFieldName('condition') : null;
      if (p?.type === 'if_statement' && stmt.type === 'expression_statement') {
        if (dialect.guarded && WARP_NAMES.test(hfn.text) && !p.childForFieldName('alternative') && !p.children.some((x) => x.type === 'constexpr') && p.parent?.type === 'compound_statement' && cond?.namedChildren.length === 1 && cond.namedChildren[0]!.type !== 'declaration') guard = p;
      }
    }
    // The return type (void: no value).
    const retType = hfn.childForFieldName('type');
    const quals = hfn.namedChildren.filter((x) => x.type === 'type_qualifier' && /^(const|volatile)$/.test(x.text)).map((x) => `${x.text} `).join('');
    const isVoid = retType?.text === 'void' && pointers === '';
    if (!retType || /\bauto\b|\bdecltype\b/.test(retType.text)) fail(`'${name}' has a deduced return type`);
    // Returns: none, or one, the body's last statement.
    const stmts = hBody.namedChildren.filter((x) => x.type !== 'comment');
    const last = stmts[stmts.length - 1];
    const ret = last?.type === 'return_statement' ? last : null;
    descendants(hBody, (d) => {
      if (d.type === 'return_statement' && d.id !== ret?.id) fail(`'${name}' returns other than at its end`);
      if (d.type === 'lambda_expression') fail(`'${name}' contains a lambda`);
    });
    const retExpr = ret?.namedChildren.find((x) => x.type !== 'comment') ?? null;
    if (!isVoid && !retExpr) fail(`'${name}' does not end with a return of its value`);
    if (form === 'value' && isVoid) fail(`${where} uses the value of a void helper`);
    // The helper's names: parameters and locals, renamed; its other names must mean the same in the kernel.
    const prefix = `cu2m_i${inlined.length + 1}_`;
    const locals = declaredIn(hBody);
    const kernelNames = declaredIn(body);
    for (const p of params.namedChildren) {
      const d = p.childForFieldName('declarator');
      const id = d ? declaredName(d) : null;
      if (id) kernelNames.add(id.text);
    }
    const hParamNodes = hParams.namedChildren.filter((p) => p.type !== 'comment');
    if (hParamNodes.length === 1 && hParamNodes[0]!.text.trim() === 'void') hParamNodes.length = 0;
    const paramNames = hParamNodes.map((p) => {
      if (p.type !== 'parameter_declaration') fail(`'${name}' has a parameter '${p.text}' that is not plain`);
      const d = p.childForFieldName('declarator');
      const id = d ? declaredName(d) : null;
      if (!id) return fail(`'${name}' has an unnamed parameter`);
      return id.text;
    });
    for (const m of hBody.descendantsOfType('identifier')) {
      if (locals.has(m.text) || paramNames.includes(m.text)) continue;
      if (kernelNames.has(m.text)) fail(`'${name}' uses '${m.text}', a name the kernel declares too`);
    }
    // Statics: `__shared__` arrays once per kernel (a second copy would be other storage); other statics not at all.
    for (const d of hBody.descendantsOfType('declaration')) {
      const st = d.namedChildren.some((x) => x.type === 'storage_class_specifier' && x.text === 'static');
      const shared = d.namedChildren.some((x) => x.type === 'type_qualifier' && x.text === '__shared__') || /\bcu2m_msl::threadgroup_static\b|^\s*__shared__/.test(d.text);
      if (shared) {
        if (sharedOnce.has(name)) fail(`'${name}' declares shared memory and is called more than once`);
        sharedOnce.add(name);
      } else if (st) fail(`'${name}' has a static local`);
    }
    const args = c.childForFieldName('arguments')?.namedChildren.filter((a) => a.type !== 'comment') ?? [];
    if (args.length !== hParamNodes.length) fail(`${where} has ${args.length} arguments for ${hParamNodes.length} parameters`);
    for (const a of args) {
      descendants(a, (d) => {
        if (d.type === 'call_expression' && d.childForFieldName('function')?.type === 'identifier' && facts.tainted.has(d.childForFieldName('function')!.text)) fail(`${where} has a call with barriers or warp operations in its arguments`);
      });
    }
    const names = new Map<string, string>();
    for (const l of locals) names.set(l, prefix + l);
    // The kernel's arrays declared once (shared memory): their names are constant pointers.
    const arrays = new Set<string>();
    const counts = new Map<string, number>();
    descendants(body, (d) => {
      if (d.type !== 'declaration') return;
      for (const x of d.childrenForFieldName('declarator')) {
        const id = declaredName(x);
        if (!id) continue;
        counts.set(id.text, (counts.get(id.text) ?? 0) + 1);
        if ((x.type === 'init_declarator' ? x.childForFieldName('declarator')! : x).type === 'array_declarator') arrays.add(id.text);
      }
    });
    for (const [a, n] of counts) if (n > 1) arrays.delete(a);
    const handles = groupHandles(body, counts);
    const declLines: string[] = [];
    hParamNodes.forEach((p, i) => {
      const pname = paramNames[i]!;
      const arg = args[i]!;
      const argText = text.slice(arg.startIndex, arg.endIndex);
      const declarator = p.childForFieldName('declarator')!;
      const isRef = declarator.type === 'reference_declarator' || /^\s*\(?\s*&/.test(declarator.text);
      if (isRef) {
        if (arg.type !== 'identifier') fail(`${where} binds the reference parameter '${pname}' to an expression`);
        names.set(pname, argText);
        return;
      }
      if (/\[/.test(declarator.text) || declarator.type === 'function_declarator') fail(`'${name}' has an array or function parameter '${pname}'`);
      // A by-value copy of a kernel parameter or built-in the helper never changes is that name.
      const kernelParam = params.namedChildren.some((kp) => {
        const d = kp.childForFieldName('declarator');
        return d ? declaredName(d)?.text === arg.text : false;
      });
      // A cooperative-groups handle of the kernel passed by value is that handle (src/build/cgCuts.ts).
      const handle = arg.type === 'identifier' && bindsHandle(p, hcode, handles.get(arg.text), hBody, pname);
      if (arg.type === 'identifier' && (kernelParam || handle || arrays.has(arg.text) || (dialect.builtins.has(arg.text) && !kernelNames.has(arg.text))) && !modifies(hBody, pname, !handle)) {
        names.set(pname, argText);
        return;
      }
      names.set(pname, prefix + pname);
      // As written from the comma or parenthesis before it (MSL address spaces are blanked in the parsed copy).
      const idAt = declaredName(declarator)!;
      const head = hcode.slice(p.previousSibling ? p.previousSibling.endIndex : p.startIndex, idAt.startIndex).trimStart();
      declLines.push(`${head}${prefix}${pname}${code.slice(idAt.endIndex, p.endIndex)} = ${argText};`);
    });
    // The returned value must not point into the helper's frame.
    if (retExpr) {
      descendants(retExpr, (d) => {
        if (d.type === 'pointer_expression' && d.child(0)?.type === '&') {
          const ids = d.descendantsOfType('identifier').map((x) => x.text);
          if (ids.some((x) => locals.has(x) || (paramNames.includes(x) && names.get(x) === prefix + x))) fail(`'${name}' returns the address of its local`);
        }
      });
      if (retExpr.type === 'identifier' && locals.has(retExpr.text) && [...hBody.descendantsOfType('declaration')].some((d) => d.childrenForFieldName('declarator').some((x) => declaredName(x)?.text === retExpr.text && (x.type === 'init_declarator' ? x.childForFieldName('declarator')! : x).type === 'array_declarator')))
        fail(`'${name}' returns the address of its local`);
    }
    // The new source: the text up to the statement, the parameters, the body, the statement with the value.
    const on = `${prefix}on`;
    if (guard) {
      const why = unspeculable(hBody, new Set([...locals, ...paramNames])) ?? args.map((a) => unspeculable(a, new Set())).find((x) => x !== null) ?? null;
      if (why) fail(`${where} is under an 'if' and '${name}' cannot run for the other threads: ${why}`);
      // The threads that skip the call must not meet another collective before a barrier (on fibers
      // they would take part in it); at the end of the kernel body they have ended.
      const level = guard.parent!;
      let closed = false;
      for (const s of level.namedChildren) {
        if (s.startIndex < guard.endIndex || s.type === 'comment') continue;
        if (s.type === 'expression_statement' && dialect.guarded!.barrier.test(s.namedChildren[0]?.text ?? '')) {
          closed = true;
          break;
        }
        if (WARP_NAMES.test(s.text) || [...s.text.matchAll(/\b[A-Za-z_]\w*\b/g)].some((m) => facts.tainted.has(m[0]))) fail(`${where} is under an 'if' and a warp operation follows before a barrier`);
      }
      if (!closed && level.id !== body.id) fail(`${where} is under an 'if' in a loop or block without a barrier after it`);
    }
    const b = new Builder();
    const rowAt = (r: number): Presumed => rows[r] ?? rows[rows.length - 1]!;
    const callAt = rowAt(c.startPosition.row);
    const braces = !guard && stmt.parent?.type !== 'compound_statement';
    const replaced = guard ?? stmt;
    b.add(text.slice(0, replaced.startIndex), (k) => rowAt(k));
    if (guard) {
      const cond = guard.childForFieldName('condition')!;
      b.add(`bool ${on} = ${text.slice(cond.startIndex, cond.endIndex)};`, () => rowAt(guard!.startPosition.row));
    }
    if (braces) b.add('{', () => callAt);
    for (const l of declLines) {
      b.row(callAt);
      b.add(l, () => callAt);
    }
    const bodyFrom = hBody.startIndex + 1;
    const bodyTo = ret ? ret.startIndex : hBody.endIndex - 1;
    const bodyText = renamed(hBody, hcode, bodyFrom, bodyTo, names, guard ? on : undefined, loopScoped(hBody, prefix));
    const hRow = hBody.startPosition.row;
    if (bodyText.trim()) {
      b.row(presumed(hRow));
      b.add(bodyText.replace(/\s+$/, ''), (k) => presumed(hRow + k));
    }
    const value = retExpr ? `static_cast<${quals}${retType!.text}${pointers}>(${renamed(retExpr, hcode, retExpr.startIndex, retExpr.endIndex, names, guard ? on : undefined)})` : '';
    const retAt = ret ? presumed(ret.startPosition.row) : callAt;
    if (form === 'void') {
      if (retExpr) {
        b.row(retAt);
        b.add(`${guard ? `if (${on}) ` : ''}(void)(${value});`, () => retAt);
      }
    } else {
      b.row(retAt);
      b.add((guard ? `if (${on}) ` : '') + text.slice(stmt.startIndex, c.startIndex) + value + text.slice(c.endIndex, stmt.endIndex), () => retAt);
    }
    if (braces) b.add(' }', () => retAt);
    const endRow = replaced.endPosition.row;
    b.row(rowAt(endRow));
    b.add(text.slice(replaced.endIndex), (k) => rowAt(endRow + k));
    text = b.text;
    rows = b.rows;
    inlined.push(name);
  }
}

// Unique local names before the work-item-loop analysis (issue 8; src/build/workItemLoops.ts and
// src/build/mslWorkItemLoops.ts call `uniqueNames`). The analysis tracks a kernel's variables by
// name, so a name declared twice (two loops' `for (int i = ...)`, a loop variable that shadows a
// parameter, `int i1` in two blocks) made it give up: is `i` block-uniform, does the kernel modify
// its parameter? Here every declaration of a name the kernel already declared (a parameter, an
// earlier local) gets a name of its own, `cu2m_uN_name`, and so does every use that C++'s scope
// rules bind to it (a block, a `for`/`if`/`while`/`switch` header, from the declarator on). The
// text keeps its rows, so the lines of the user's file stay as they were.
// Left as written (the kernel then keeps its reason): a kernel with lambdas, local classes or
// enums (their members have scopes of their own), a name an assert quotes (its message must read
// as written) or a macro of the file mentions, a body tree-sitter cannot parse.
import { parseSource, type SyntaxNode } from '../parse/parse';
import { declaredName, type Presumed } from './workItemLoops';

export interface UniqueNames {
  readonly text: string;
  readonly presumed: (row: number) => Presumed;
  readonly fn: SyntaxNode;
  readonly body: SyntaxNode;
  readonly params: SyntaxNode;
  /** Old name → the new names given to its later declarations. */
  readonly renamed: ReadonlyMap<string, readonly string[]>;
}

const SCOPES = new Set(['compound_statement', 'for_statement', 'for_range_loop', 'if_statement', 'while_statement', 'switch_statement', 'do_statement']);
const UNSUPPORTED = new Set(['lambda_expression', 'class_specifier', 'struct_specifier', 'union_specifier', 'enum_specifier', 'ERROR']);
const ASSERT = /^(assert|CU2M_DEVICE_ASSERT)$/;

/** The function definition of a source holding one function (or a template of one), with its body and parameters. */
function parts(root: SyntaxNode): { fn: SyntaxNode; body: SyntaxNode; params: SyntaxNode } | null {
  const top = root.namedChildren[0];
  const fn = top?.type === 'template_declaration' ? top.namedChildren.find((x) => x.type === 'function_definition') : top;
  const body = fn?.childForFieldName('body');
  let fd = fn?.childForFieldName('declarator');
  while (fd && fd.type !== 'function_declarator') fd = fd.childForFieldName('declarator');
  const params = fd?.childForFieldName('parameters');
  return fn?.type === 'function_definition' && body && params ? { fn, body, params } : null;
}

/**
 * `text` (one kernel's definition alone, parsed through `mask`; `presumed` gives its rows' lines)
 * with its redeclared locals renamed, or null when no name is declared twice or renaming is not
 * exact. `file`: the whole source, whose macros must not mention a renamed name.
 */
export function uniqueNames(original: string, presumed: (row: number) => Presumed, mask: (t: string) => string, file: string): UniqueNames | null {
  const split = loopCounters(original, mask, file);
  const text = split?.text ?? original;
  const root = parseSource('<unique>', mask(text)).tree.rootNode;
  const p = parts(root);
  if (!p || p.body.hasError) return null;
  const done = (): UniqueNames | null => (split ? { text, presumed, ...p, renamed: split.renamed } : null);
  let unsupported = false;
  const counts = new Map<string, number>();
  const count = (name: string): void => void counts.set(name, (counts.get(name) ?? 0) + 1);
  const declarators = (n: SyntaxNode): SyntaxNode[] => (n.type === 'declaration' || n.type === 'for_range_loop' ? n.childrenForFieldName('declarator') : []);
  const stack = [p.body];
  while (stack.length > 0) {
    const d = stack.pop()!;
    if (UNSUPPORTED.has(d.type)) unsupported = true;
    for (const x of declarators(d)) {
      const id = declaredName(x);
      if (id) count(id.text);
    }
    for (let i = d.childCount - 1; i >= 0; --i) stack.push(d.child(i)!);
  }
  if (unsupported) return done();
  for (const q of p.params.namedChildren) {
    const d = q.childForFieldName('declarator');
    const id = d ? declaredName(d) : null;
    if (id) count(id.text);
  }
  const twice = new Set([...counts].filter(([, n]) => n > 1).map(([name]) => name));
  for (const name of kept(p.body, file)) twice.delete(name);
  if (twice.size === 0) return done();
  // Scopes: a stack of maps from a name to what it is called now. The parameters are the outermost.
  const scopes: Map<string, string>[] = [new Map()];
  for (const q of p.params.namedChildren) {
    const d = q.childForFieldName('declarator');
    const id = d ? declaredName(d) : null;
    if (id) scopes[0]!.set(id.text, id.text);
  }
  const seen = new Set<string>(scopes[0]!.keys());
  const edits: { start: number; end: number; text: string }[] = [];
  const renamed = new Map<string, string[]>(split?.renamed ?? []);
  let next = split?.next ?? 0;
  const binding = new Set<number>(); // declarator identifiers (bound when reached)
  const visit = (n: SyntaxNode): void => {
    const opens = SCOPES.has(n.type);
    if (opens) scopes.push(new Map());
    for (const x of declarators(n)) {
      const id = declaredName(x);
      if (id) binding.add(id.id);
    }
    if (n.type === 'identifier') {
      const name = n.text;
      if (binding.has(n.id)) {
        // A declaration: its own name the first time, a new one after.
        let now = name;
        if (twice.has(name) && seen.has(name)) {
          do now = `cu2m_u${++next}_${name}`;
          while (text.includes(now) || file.includes(now));
          renamed.set(name, [...(renamed.get(name) ?? []), now]);
        }
        seen.add(name);
        scopes[scopes.length - 1]!.set(name, now);
        if (now !== name) edits.push({ start: n.startIndex, end: n.endIndex, text: now });
      } else if (twice.has(name) && n.parent?.type !== 'qualified_identifier' && n.parent?.type !== 'template_function') {
        for (let s = scopes.length - 1; s >= 0; --s) {
          const now = scopes[s]!.get(name);
          if (now === undefined) continue;
          if (now !== name) edits.push({ start: n.startIndex, end: n.endIndex, text: now });
          break;
        }
      }
    }
    for (let i = 0; i < n.childCount; ++i) visit(n.child(i)!);
    if (opens) scopes.pop();
  };
  visit(p.body);
  if (edits.length === 0) return done();
  edits.sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const e of edits) {
    out += text.slice(at, e.start) + e.text;
    at = e.end;
  }
  out += text.slice(at);
  const q = parts(parseSource('<unique>', mask(out)).tree.rootNode);
  if (!q) return null;
  return { text: out, presumed, ...q, renamed };
}

/** Names the renaming leaves as written: those a macro of the file mentions or an assert quotes. */
function kept(body: SyntaxNode, file: string): Set<string> {
  const out = new Set<string>();
  for (const m of file.matchAll(/^[ \t]*#[ \t]*define[ \t]+\w+(?:\([^)]*\))?([^\n\\]*(?:\\\n[^\n\\]*)*)/gm)) for (const w of m[1]!.matchAll(/\b[A-Za-z_]\w*\b/g)) out.add(w[0]);
  for (const c of body.descendantsOfType('call_expression')) if (ASSERT.test(c.childForFieldName('function')?.text ?? '')) for (const w of c.text.matchAll(/\b[A-Za-z_]\w*\b/g)) out.add(w[0]);
  return out;
}

/**
 * Loop counters declared once and reused (`int i, j; ... for (i = 0; i < k; i++) { ... __syncthreads(); }
 * ... for (i = 0; ...)`): when every use of such a variable is inside a `for` whose initialiser is
 * `i = e` (e without i), the value one loop leaves is never read, so each outermost such loop gets
 * a counter of its own, `for (int cu2m_uN_i = e; ...)`, and the analysis sees a loop variable it
 * can prove block-uniform (or not) loop by loop. The declaration stays, unused.
 */
function loopCounters(text: string, mask: (t: string) => string, file: string): { text: string; renamed: Map<string, string[]>; next: number } | null {
  const p = parts(parseSource('<unique>', mask(text)).tree.rootNode);
  if (!p || p.body.hasError) return null;
  const decls = new Map<string, { type: string; name: SyntaxNode } | null>();
  for (const q of p.params.namedChildren) {
    const d = q.childForFieldName('declarator');
    const id = d ? declaredName(d) : null;
    if (id) decls.set(id.text, null);
  }
  let unsupported = false;
  const refs = new Map<string, SyntaxNode[]>();
  const stack = [p.body];
  while (stack.length > 0) {
    const d = stack.pop()!;
    if (UNSUPPORTED.has(d.type)) unsupported = true;
    if (d.type === 'declaration' || d.type === 'for_range_loop') {
      const plain = d.type === 'declaration' && !d.namedChildren.some((c) => c.type === 'storage_class_specifier' || c.type === 'type_qualifier') && !/\bauto\b|\bdecltype\b/.test(d.childForFieldName('type')?.text ?? 'auto');
      for (const x of d.childrenForFieldName('declarator')) {
        const id = declaredName(x);
        if (!id) continue;
        const simple = plain && (x.type === 'identifier' || (x.type === 'init_declarator' && x.childForFieldName('declarator')?.type === 'identifier'));
        decls.set(id.text, decls.has(id.text) || !simple ? null : { type: d.childForFieldName('type')!.text, name: id });
      }
    } else if (d.type === 'identifier') refs.set(d.text, [...(refs.get(d.text) ?? []), d]);
    for (let i = d.childCount - 1; i >= 0; --i) stack.push(d.child(i)!);
  }
  if (unsupported) return null;
  const keep = kept(p.body, file);
  /** The for statement initialising `v` (`for (v = e; ...)`, e without v). */
  const initialises = (f: SyntaxNode, v: string): boolean => {
    const init = f.childForFieldName('initializer');
    return f.type === 'for_statement' && init?.type === 'assignment_expression' && init.child(1)?.type === '=' && init.childForFieldName('left')?.type === 'identifier' && init.childForFieldName('left')!.text === v && !new RegExp(`\\b${v}\\b`).test(init.childForFieldName('right')?.text ?? v);
  };
  const edits: { start: number; end: number; text: string }[] = [];
  const renamed = new Map<string, string[]>();
  let next = 0;
  for (const [v, decl] of decls) {
    if (!decl || keep.has(v)) continue;
    const uses = (refs.get(v) ?? []).filter((r) => r.id !== decl.name.id && r.parent?.type !== 'qualified_identifier' && r.parent?.type !== 'template_function');
    // Each use's outermost enclosing loop that initialises v; every use must have one, none may take v's address.
    const loops = new Map<number, { f: SyntaxNode; uses: SyntaxNode[] }>();
    let ok = uses.length > 0;
    for (const r of uses) {
      if (r.parent?.type === 'pointer_expression' && r.parent.child(0)?.type === '&') ok = false;
      let outer: SyntaxNode | null = null;
      for (let a = r.parent; a && a.id !== p.body.id; a = a.parent) if (initialises(a, v)) outer = a;
      if (!outer) ok = false;
      if (!ok) break;
      const e = loops.get(outer!.id) ?? { f: outer!, uses: [] };
      e.uses.push(r);
      loops.set(outer!.id, e);
    }
    if (!ok || loops.size === 0) continue;
    for (const { f, uses: inside } of loops.values()) {
      let now: string;
      do now = `cu2m_u${++next}_${v}`;
      while (text.includes(now) || file.includes(now));
      renamed.set(v, [...(renamed.get(v) ?? []), now]);
      const left = f.childForFieldName('initializer')!.childForFieldName('left')!;
      for (const r of inside) edits.push({ start: r.startIndex, end: r.endIndex, text: r.id === left.id ? `${decl.type} ${now}` : now });
    }
  }
  if (edits.length === 0) return null;
  edits.sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const e of edits) {
    out += text.slice(at, e.start) + e.text;
    at = e.end;
  }
  return { text: out + text.slice(at), renamed, next };
}

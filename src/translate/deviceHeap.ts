// Device-side new/delete and malloc/free (issue 6). Metal has no device allocation, so before the
// device code is translated the CUDA text is rewritten to allocate from a heap of our own, written
// in CUDA once per file that allocates and translated like the program's code:
//
//   __device__ unsigned int cu2m_device_heap[4];   header; the runtime binds the symbol to its heap
//                                                  (native/runtime/symbols.cpp: cudaLimitMallocHeapSize
//                                                  bytes after the 16-byte header, 8 MiB by default)
//   malloc(n) → cu2m_malloc(n)      a bump allocation under atomicCAS (thread-safe, 16-byte aligned),
//                                   nullptr when the heap is exhausted, as CUDA's;
//   free(p)   → cu2m_free(p)        the most recent block goes back at once (new/delete pairs make a
//                                   stack), the rest when no block is live at the next launch;
//   new T(args)          → cu2m_new(T(args))          constructed in thread memory and copied into
//                                                     the heap (Metal constructors cannot run on
//                                                     device memory);
//   new T[n]             → (T*)cu2m_malloc(sizeof(T) * (n))   (elements are not constructed)
//   new (buf) T(args)    → cu2m_place(buf, T(args)); new (buf) T[n] → (T*)(buf)
//   delete p / delete[] p → the class's destructor, then cu2m_free(p).
// A class whose objects device code creates with `new` or deletes has its destructor turned into
// a member `cu2m_destroy_NAME()` that `delete` calls (and that calls its base's): Metal objects have
// no destructors that run at scope exit, and the copy cu2m_new makes must not free what the object
// owns. Memory persists across launches (the heap is the runtime's, like a __device__ variable),
// and the rewrite is CUDA, so the cuda-cpu reference allocates from the same heap with the same limit.
import { pos, type SourceFile, type SyntaxNode } from '../parse/parse';
import { diag, type Diagnostic } from '../diagnostics/diagnostic';
import { declaratorShape } from './syntax';

export const DEVICE_HEAP = 'cu2m_device_heap';

const ALLOCATOR = [
  `__device__ unsigned int ${DEVICE_HEAP}[4]; /* the device heap's header: next free byte, capacity, live blocks; the runtime binds the heap after it (cudaLimitMallocHeapSize) */`,
  `__device__ void* cu2m_malloc(size_t bytes) { unsigned int* heap = ${DEVICE_HEAP}; if (bytes == 0 || bytes > heap[1]) return nullptr; unsigned int need = ((unsigned int)bytes + 15u) / 16u * 16u + 16u; unsigned int top = atomicAdd(&heap[0], 0u); for (;;) { if (top > heap[1] || need > heap[1] - top) return nullptr; unsigned int seen = atomicCAS(&heap[0], top, top + need); if (seen == top) break; top = seen; } unsigned int* block = heap + 4 + top / 4u; block[0] = need; block[1] = 1u; atomicAdd(&heap[2], 1u); return (void*)(block + 4); }`,
  `__device__ void cu2m_free(void* p) { if (!p) return; unsigned int* heap = ${DEVICE_HEAP}; unsigned int* block = (unsigned int*)p - 4; unsigned int at = (unsigned int)(block - (heap + 4)) * 4u; block[1] = 0u; atomicSub(&heap[2], 1u); atomicCAS(&heap[0], at + block[0], at); }`,
  `template <class T> __device__ T* cu2m_new(T value) { T* p = (T*)cu2m_malloc(sizeof(T)); if (p) *p = value; return p; }`,
  `template <class T> __device__ T* cu2m_place(void* at, T value) { T* p = (T*)at; *p = value; return p; }`,
].join(' ');

export interface HeapRewrite {
  readonly text: string | null;
  readonly diagnostics: Diagnostic[];
  /** Maps a 1-based position of the rewritten text back to the column it had: the allocator and the
   *  renamed calls (`free` → `cu2m_free`) moved the text after them on their lines. */
  readonly column?: (line: number, column: number) => number;
}

interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** The original column of a 1-based (line, column) of `text` after `edits` (single-line ones only). */
function columnMapper(text: string, edits: readonly Edit[]): (line: number, column: number) => number {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const lineOf = (offset: number): number => {
    let lo = 0, hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  // Per line (0-based): the edits on it, left to right, as (original column, replaced length, new length).
  const byLine = new Map<number, { col: number; oldLen: number; newLen: number }[]>();
  for (const e of edits) {
    const line = lineOf(e.start);
    if (lineOf(e.end) !== line || e.text.includes('\n')) continue;
    const list = byLine.get(line) ?? [];
    list.push({ col: e.start - lineStarts[line]!, oldLen: e.end - e.start, newLen: e.text.length });
    byLine.set(line, list);
  }
  for (const list of byLine.values()) list.sort((a, b) => a.col - b.col);
  return (line: number, column: number): number => {
    const list = byLine.get(line - 1);
    if (!list) return column;
    const c = column - 1;
    let shift = 0;
    for (const e of list) {
      const start = e.col + shift;
      if (c < start) break;
      if (c < start + e.newLen) return e.col + 1; // inside the inserted text: where it was put
      shift += e.newLen - e.oldLen;
    }
    return c - shift + 1;
  };
}

function insideDeviceFunction(n: SyntaxNode): boolean {
  for (let p = n.parent; p; p = p.parent) {
    if (p.type === 'function_definition') {
      const head = p.text.slice(0, (p.childForFieldName('body')?.startIndex ?? p.endIndex) - p.startIndex);
      if (/\b__(device|global)__\b/.test(head)) return true;
    }
  }
  return false;
}

const typeName = (n: SyntaxNode | null | undefined): string | undefined => (n?.type === 'template_type' ? n.childForFieldName('name')?.text : n?.type === 'type_identifier' ? n.text : undefined);

const newlines = (s: string): number => s.split('\n').length - 1;

export function rewriteDeviceHeap(file: SourceFile): HeapRewrite {
  const diagnostics: Diagnostic[] = [];
  const text = file.text;
  if (!/\b(new|delete|malloc|free)\b/.test(text)) return { text: null, diagnostics };
  const root = file.tree.rootNode;
  const news = root.descendantsOfType('new_expression').filter(insideDeviceFunction);
  const deletes = root.descendantsOfType('delete_expression').filter(insideDeviceFunction);
  const calls = root.descendantsOfType('call_expression').filter((c) => {
    const f = c.childForFieldName('function');
    return f?.type === 'identifier' && (f.text === 'malloc' || f.text === 'free') && insideDeviceFunction(c);
  });
  if (news.length + deletes.length + calls.length === 0) return { text: null, diagnostics };
  // Classes (by name) with a body.
  const classes = new Map<string, SyntaxNode>();
  for (const n of root.descendantsOfType(['class_specifier', 'struct_specifier'])) {
    const name = n.childForFieldName('name');
    if (name?.type === 'type_identifier' && n.childForFieldName('body') && !classes.has(name.text)) classes.set(name.text, n);
  }
  const baseOf = (c: SyntaxNode): string | undefined => {
    const clause = c.children.find((k) => k.type === 'base_class_clause');
    return clause?.namedChildren.map(typeName).find((b) => b && classes.has(b) && classes.get(b) !== c);
  };
  const destructorOf = (c: SyntaxNode): SyntaxNode | undefined => c.childForFieldName('body')?.namedChildren.find((m) => m.type === 'function_definition' && declaratorShape(m.childForFieldName('declarator')).functionDeclarator?.childForFieldName('declarator')?.type === 'destructor_name');
  const edits: Edit[] = [];
  const replace = (start: number, end: number, t: string): void => void edits.push({ start, end, text: t });
  const at = (n: SyntaxNode): [string, ReturnType<typeof pos>, ReturnType<typeof pos>] => [file.name, pos(n.startPosition), pos(n.endPosition)];
  // The classes whose destructors become cu2m_destroy_NAME: those created or deleted, and their bases.
  const heapClasses = new Set<string>();
  const addWithBases = (name: string | undefined): void => {
    for (let c = name; c && classes.has(c) && !heapClasses.has(c); c = baseOf(classes.get(c)!)) heapClasses.add(c);
  };
  for (const n of news) addWithBases(typeName(n.childForFieldName('type')));
  const deleted = deletes.map((d) => ({ d, cls: staticClassOf(d.namedChildren.at(-1)) }));
  for (const { cls } of deleted) addWithBases(cls);
  for (const name of heapClasses) {
    const c = classes.get(name)!;
    const dtor = destructorOf(c);
    if (!dtor) continue;
    const declarator = dtor.childForFieldName('declarator')!;
    const fd = declaratorShape(declarator).functionDeclarator!;
    const body = dtor.childForFieldName('body')!;
    const specifiers = text.slice(dtor.startIndex, declarator.startIndex).replace(/\bvirtual\b/g, '');
    // The base's destructor runs after the derived one's: at the end of the body.
    let base = baseOf(c);
    while (base && !destructorOf(classes.get(base)!)) base = baseOf(classes.get(base)!);
    const chain = base ? ` this->cu2m_destroy_${base}();` : '';
    replace(dtor.startIndex, fd.childForFieldName('parameters')!.endIndex, `${specifiers}void cu2m_destroy_${name}()`);
    if (chain) replace(body.endIndex - 1, body.endIndex - 1, `${chain} `);
  }
  // new
  for (const n of news) {
    const placement = n.childForFieldName('placement');
    const typeNode = n.childForFieldName('type');
    const declarator = n.childForFieldName('declarator');
    const args = n.childForFieldName('arguments');
    if (!typeNode) continue;
    const t = typeNode.text;
    if (declarator?.type === 'new_declarator') {
      const size = declarator.namedChildren[0]?.text ?? '1';
      const cls = typeName(typeNode);
      if (cls && classes.has(cls) && destructorOf(classes.get(cls)!)) diagnostics.push(diag('C2M1001', `'new ${t}[...]' of a class with a destructor in device code: cu2metal's device heap does not construct or destroy array elements`, ...at(n)));
      replace(n.startIndex, n.endIndex, placement ? `((${t}*)${placement.text})` : `((${t}*)cu2m_malloc(sizeof(${t}) * (${size})))`);
      continue;
    }
    const value = args ? (args.type === 'initializer_list' ? `${t}${args.text}` : `${t}${args.text}`) : null;
    if (placement) replace(n.startIndex, n.endIndex, value ? `cu2m_place<${t}>${placement.text.replace(/\)$/, `, ${value})`)}` : `((${t}*)${placement.text})`);
    else replace(n.startIndex, n.endIndex, value ? `cu2m_new<${t}>(${value})` : `((${t}*)cu2m_malloc(sizeof(${t})))`);
  }
  // delete
  for (const { d, cls } of deleted) {
    const operand = d.namedChildren.at(-1);
    if (!operand) continue;
    const c = cls ? classes.get(cls) : undefined;
    let owner = cls;
    while (owner && classes.has(owner) && !destructorOf(classes.get(owner)!)) owner = baseOf(classes.get(owner)!);
    const array = d.children.some((k) => k.type === '[');
    if (c && owner && classes.has(owner) && !array) {
      if (d.parent?.type !== 'expression_statement') {
        diagnostics.push(diag('C2M1001', `'delete' of a '${cls}' inside an expression: write it as a statement of its own`, ...at(d)));
        continue;
      }
      replace(d.parent.startIndex, d.parent.endIndex, `{ if (${operand.text}) (${operand.text})->cu2m_destroy_${owner}(); cu2m_free(${operand.text}); }`);
    } else {
      replace(d.startIndex, d.endIndex, `cu2m_free(${operand.text})`);
    }
  }
  for (const c of calls) {
    const f = c.childForFieldName('function')!;
    replace(f.startIndex, f.endIndex, `cu2m_${f.text}`);
  }
  // The allocator, before the first top-level item that allocates (classes' members call it).
  const users = [...news, ...deletes, ...calls];
  let first: SyntaxNode = users.reduce((a, b) => (a.startIndex < b.startIndex ? a : b));
  while (first.parent && first.parent.type !== 'translation_unit') first = first.parent;
  // (Inside a namespace: before the namespace.)
  const allocator = `/* device heap (cu2metal): */ ${ALLOCATOR} `;
  replace(first.startIndex, first.startIndex, allocator);
  let out = text;
  for (const e of edits.sort((a, b) => b.start - a.start || b.end - a.end)) out = out.slice(0, e.start) + e.text + '\n'.repeat(newlines(text.slice(e.start, e.end))) + out.slice(e.end);
  return { text: out, diagnostics, column: columnMapper(text, edits) };

  /** The class a deleted pointer points to, when its declaration or a cast says. */
  function staticClassOf(e: SyntaxNode | undefined): string | undefined {
    if (!e) return undefined;
    const t = typeOf(e);
    return t && t.depth === 1 ? t.cls : undefined;
  }
  function typeOf(e: SyntaxNode): { cls: string; depth: number } | undefined {
    switch (e.type) {
      case 'parenthesized_expression':
        return e.namedChildren[0] ? typeOf(e.namedChildren[0]) : undefined;
      case 'pointer_expression': {
        const inner = e.childForFieldName('argument');
        const t = inner ? typeOf(inner) : undefined;
        return t ? { cls: t.cls, depth: t.depth + (e.children[0]?.type === '*' ? -1 : 1) } : undefined;
      }
      case 'subscript_expression': {
        const inner = e.childForFieldName('argument');
        const t = inner ? typeOf(inner) : undefined;
        return t ? { cls: t.cls, depth: t.depth - 1 } : undefined;
      }
      case 'call_expression': {
        // static_cast<Vector<T>*>(self)
        const f = e.childForFieldName('function');
        if (f?.type !== 'template_function' || !/_cast$/.test(f.childForFieldName('name')?.text ?? '')) return undefined;
        const td = f.childForFieldName('arguments')?.namedChildren[0];
        const cls = typeName(td?.childForFieldName('type'));
        return cls ? { cls, depth: declaratorShape(td?.childForFieldName('declarator') ?? null).pointerDepth } : undefined;
      }
      case 'this': {
        for (let p = e.parent; p; p = p.parent) if (p.type === 'class_specifier' || p.type === 'struct_specifier') return { cls: p.childForFieldName('name')?.text ?? '', depth: 1 };
        return undefined;
      }
      case 'identifier':
        return declared(e);
      default:
        return undefined;
    }
  }
  function declared(id: SyntaxNode): { cls: string; depth: number } | undefined {
    for (let p = id.parent; p; p = p.parent) {
      if (!['compound_statement', 'function_definition', 'for_statement', 'translation_unit', 'field_declaration_list'].includes(p.type)) continue;
      const decls = p.type === 'function_definition' ? (p.childForFieldName('declarator')?.descendantsOfType('parameter_declaration') ?? []) : p.namedChildren.filter((c) => c.type === 'declaration' || c.type === 'field_declaration');
      for (const d of decls) {
        for (const x of d.childrenForFieldName('declarator')) {
          const s = declaratorShape(x);
          if (s.name?.text !== id.text || s.functionDeclarator) continue;
          const cls = typeName(d.childForFieldName('type'));
          return cls ? { cls, depth: s.pointerDepth + s.arrayDims.length } : undefined;
        }
      }
    }
    return undefined;
  }
}

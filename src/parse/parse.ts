// Loading tree-sitter with the CUDA grammar, and turning parse errors into diagnostics.
//
// tree-sitter-cuda 0.21.1 extends tree-sitter-cpp with `<<<...>>>`, `__launch_bounds__` and the
// CUDA qualifiers; its prebuilt binary loads with tree-sitter 0.25.1 on Node 20.
import Parser from 'tree-sitter';
import Cuda from 'tree-sitter-cuda';
import { diag, type Diagnostic } from '../diagnostics/diagnostic';
import type { HostRegion, LineMap } from './includes';
import type { Preprocessed } from './preprocess';
import { keepForReuse, treeToReuse } from './reuse';

export type SyntaxNode = Parser.SyntaxNode;
export type Tree = Parser.Tree;

export interface SourceFile {
  /** The file name as the user gave it; used in diagnostics and `#line` directives. */
  readonly name: string;
  readonly text: string;
  readonly tree: Tree;
  /** Present when local headers were inlined: text line → original file and line. */
  readonly lineMap?: LineMap;
  /** Inlined headers without device code (the host program keeps including them). */
  readonly hostRegions?: readonly HostRegion[];
  /** Macros the preprocessor expanded at their uses: their #defines are not copied into the MSL. */
  readonly seenThrough?: ReadonlySet<string>;
}

let parser: Parser | undefined;
function getParser(): Parser {
  if (!parser) {
    parser = new Parser();
    parser.setLanguage(Cuda as unknown as Parser.Language);
  }
  return parser;
}

/**
 * node-tree-sitter keeps every node wrapper it hands out in a per-tree native map (a weak reference
 * and a finalizer per node) so that it can hand out the same object again. The passes never rely on
 * node identity (sameNode compares positions), and the bookkeeping was a fifth of translation time
 * (object creation, finalizers, garbage collection): switched off for our trees.
 */
function uncached(tree: Tree): void {
  const t = tree as unknown as { _cacheNode: unknown; _cacheNodes: unknown };
  t._cacheNode = noCache;
  t._cacheNodes = noCache;
}
const noCache = (): void => undefined;

// tree-sitter's default buffer is 32 KiB; sources larger than that need an explicit size.
const bufferSizeFor = (text: string): number => Math.max(32 * 1024, text.length * 2 + 1024);

/**
 * `reuse`: start from the tree of the previous parse that had `reuse` (src/parse/reuse.ts), and
 * keep this one for the next; nothing may use that tree once the next parse has started.
 */
export function parseSource(name: string, text: string, expanded?: Preprocessed, reuse = false): SourceFile {
  const old = reuse ? treeToReuse(text) : undefined;
  let tree = getParser().parse(text, old, { bufferSize: bufferSizeFor(text) });
  // Error recovery may go another way in an incremental parse: a tree with errors is parsed afresh.
  if (old && tree.rootNode.hasError) tree = getParser().parse(text, undefined, { bufferSize: bufferSizeFor(text) });
  uncached(tree);
  if (reuse) keepForReuse(text, tree);
  return { name, text, tree, lineMap: expanded?.map, hostRegions: expanded?.hostRegions, seenThrough: expanded?.seenThrough };
}

/**
 * How deep the syntax tree may be. Some passes walk the tree recursively; far beyond this they
 * could overflow the JavaScript stack (2,000 nested parentheses, braces or else-ifs still translate;
 * the deepest of the 1,128 cuda-samples and HeCBench sources is 84). Counted in tree levels: each
 * bracket, brace, else-if or binary operator of a chain adds about one.
 */
export const MAX_SYNTAX_DEPTH = 1000;

/**
 * A C2M0004 diagnostic at the first node deeper than `limit`, or null. Iterative (a tree cursor),
 * so it is safe on any depth and linear in the size of the tree.
 */
export function depthDiagnostic(file: SourceFile, limit = MAX_SYNTAX_DEPTH): Diagnostic | null {
  const cursor = file.tree.walk();
  let depth = 0;
  for (;;) {
    if (depth > limit) {
      const start = pos(cursor.startPosition);
      return diag('C2M0004', `code nested more than ${limit} levels deep`, file.name, start);
    }
    // A subtree over few bytes cannot be deep (every level of nesting takes a token or more; a
    // generous bound for the few grammar rules that wrap a node in one of the same span): skip it.
    const small = depth + 4 * (cursor.endIndex - cursor.startIndex) + 16 <= limit;
    if (!small && cursor.gotoFirstChild()) {
      depth++;
      continue;
    }
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) return null;
      depth--;
    }
  }
}

/** Where a line of the (possibly include-expanded) text really is. */
export const origin = (file: SourceFile, line: number): { file: string; line: number } => file.lineMap?.map(line) ?? { file: file.name, line };

export const pos = (p: Parser.Point): { line: number; column: number } => ({ line: p.row + 1, column: p.column + 1 });

const DEVICE_MARKERS = /\b__(global|device|shared|constant)__\b|<<</;

/**
 * Is `n` inside the body of a function that is plain host code (no CUDA device qualifiers)? Every
 * enclosing function counts: error recovery can make a broken statement of a kernel look like a
 * function nested in it (`unsigned < n) {...}`), and that is still the kernel's code.
 */
function insideHostFunction(n: SyntaxNode): boolean {
  let host = false;
  for (let p = n.parent; p; p = p.parent) {
    if (p.type === 'function_definition') {
      const body = p.childForFieldName('body');
      const head = body ? p.text.slice(0, body.startIndex - p.startIndex) : p.text;
      if (DEVICE_MARKERS.test(head)) return false;
      host = true;
    }
  }
  return host && !/\b__(shared|syncthreads)__?\b/.test(n.text);
}

/** One diagnostic per syntax error region (ERROR or MISSING nodes), outermost first. */
export function syntaxDiagnostics(file: SourceFile, limit = 20): Diagnostic[] {
  const out: Diagnostic[] = [];
  const visit = (n: SyntaxNode): void => {
    if (out.length >= limit) return;
    if (n.isMissing) {
      // `template class Foo<float>;` (explicit instantiation of a class template): the grammar wants a declarator; none is needed.
      if (n.parent?.type === 'template_instantiation' && isClassInstantiation(n.parent)) return;
      out.push(diag('C2M0001', `expected '${n.type}'`, file.name, pos(n.startPosition)));
      return;
    }
    // `[] __device__ (float x) {...}`: a lambda's execution space, which the grammar does not know (src/translate/lambdas.ts).
    if (n.type === 'ERROR' && n.parent?.type === 'lambda_expression' && /^(?:\s*__(?:host|device)__)+\s*$/.test(n.text)) return;
    if (n.type === 'ERROR') {
      const first = n.text.split('\n')[0]?.trim() ?? '';
      const excerpt = first.length > 40 ? `${first.slice(0, 40)}…` : first;
      const line = n.startPosition.row + 1;
      if (isMemberPointer(file, n) && !insideDeviceFunction(n)) {
        // The grammar has no pointer-to-member declarators (`typedef R (C::*M)(int);`). Outside
        // device code the declaration is the host compiler's: it goes there as written.
        out.push(diag('C2M0003', `could not parse host code at '${excerpt}*' (a pointer to member); it goes to the host compiler as written`, file.name, pos(n.startPosition), pos(n.endPosition)));
      } else if (insideHostFunction(n) || file.hostRegions?.some((r) => r.first <= line && line <= r.last)) out.push(diag('C2M0003', `could not parse host code at '${excerpt}'; it goes to the host compiler as written`, file.name, pos(n.startPosition), pos(n.endPosition)));
      else out.push(diag('C2M0001', `unexpected '${excerpt}'`, file.name, pos(n.startPosition), pos(n.endPosition)));
      return;
    }
    if (!n.hasError) return;
    for (const c of n.children) visit(c);
  };
  visit(file.tree.rootNode);
  return out;
}

/** `C::` followed by `*`: the start of a pointer-to-member declarator, which the grammar lacks. */
function isMemberPointer(file: SourceFile, n: SyntaxNode): boolean {
  return /::\s*$/.test(n.text) && /^\s*\*/.test(file.text.slice(n.endIndex, n.endIndex + 64));
}

/** Is `n` inside a function with a CUDA device qualifier? */
function insideDeviceFunction(n: SyntaxNode): boolean {
  for (let p = n.parent; p; p = p.parent) {
    if (p.type !== 'function_definition') continue;
    const body = p.childForFieldName('body');
    if (DEVICE_MARKERS.test(body ? p.text.slice(0, body.startIndex - p.startIndex) : p.text)) return true;
  }
  return false;
}

/** `template class Foo<float>;` / `template struct Foo<int>;`: a class-key type and no declarator but a missing one. */
function isClassInstantiation(n: SyntaxNode): boolean {
  const type = n.childForFieldName('type');
  const declarator = n.childForFieldName('declarator');
  return !!type && (type.type === 'class_specifier' || type.type === 'struct_specifier') && !!declarator?.isMissing && !type.hasError;
}
